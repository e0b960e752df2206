"""One set of handlers renders every failure as {"code", "message", "request_id"}."""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from cloudwaf.errors.codes import REGISTRY, RETRY_AFTER_CODES
from cloudwaf.errors.exceptions import BizError
from cloudwaf.errors.i18n import language_of
from cloudwaf.observability import current_request_id

_STATUS_TO_COMMON_CODE = {400: 400, 401: 401, 403: 403, 404: 404, 409: 409}


def error_response(
    request: Request, code: int, detail: str | None = None, *, status: int | None = None,
    headers: dict[str, str] | None = None,
) -> JSONResponse:
    entry = REGISTRY[code]
    message = entry.message(language_of(request.headers.get("accept-language")))
    if detail:
        message = f"{message}: {detail}"
    body = {"code": code, "message": message, "request_id": current_request_id()}
    return JSONResponse(body, status_code=status or entry.http_status, headers=headers)


async def _biz_error(request: Request, exc: BizError) -> JSONResponse:
    headers = None
    if exc.code in RETRY_AFTER_CODES:
        headers = {"Retry-After": str(max(1, exc.retry_after or 60))}
    return error_response(request, exc.code, exc.detail, headers=headers)


def _describe_validation(exc: RequestValidationError) -> str:
    parts = []
    for err in exc.errors()[:5]:
        if err.get("type") == "json_invalid":
            return "malformed JSON body"
        loc = ".".join(str(p) for p in err.get("loc", ()) if p != "body")
        parts.append(f"{loc}: {err.get('msg')}" if loc else str(err.get("msg")))
    return "; ".join(parts)


async def _validation_error(request: Request, exc: RequestValidationError) -> JSONResponse:
    return error_response(request, 400, _describe_validation(exc))


async def _http_error(request: Request, exc: StarletteHTTPException) -> JSONResponse:
    code = _STATUS_TO_COMMON_CODE.get(exc.status_code)
    if code is None:
        # 405 and friends: keep the protocol status, answer with the nearest common code.
        code = 400 if exc.status_code < 500 else 500
    detail = exc.detail if isinstance(exc.detail, str) and exc.status_code != 404 else None
    return error_response(request, code, detail, status=exc.status_code, headers=exc.headers)


def install_error_handlers(app: FastAPI) -> None:
    app.add_exception_handler(BizError, _biz_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(StarletteHTTPException, _http_error)
    # Unhandled exceptions are answered by RequestContextMiddleware (observability.py), which
    # still knows the request id and can put it on the generic 500.
