from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, File, Query, Request, Response, UploadFile
from fastapi.concurrency import run_in_threadpool

from cloudwaf.auth import Principal, Public, require
from cloudwaf.db import DbSession
from cloudwaf.errors import NotFound
from cloudwaf.kit.envelope import Envelope, ok
from cloudwaf.kit.pagination import Page, Paging
from cloudwaf.system.oems import service as oem_service
from cloudwaf.system.oems.dependencies import VisibleOem
from cloudwaf.system.oems.logo import MAX_LOGO_BYTES
from cloudwaf.system.oems.schemas import BrandingRead, OemCreate, OemRead, OemUpdate

router = APIRouter(tags=["sys: oems"])


@router.get("/oems", response_model=Envelope[Page[OemRead]])
def list_oems(
    session: DbSession,
    principal: Annotated[Principal, Depends(require("sys.oem.read"))],
    paging: Paging,
    keyword: Annotated[str | None, Query(max_length=64)] = None,
) -> Envelope[Page[OemRead]]:
    items, total = oem_service.list_oems(session, principal, paging, keyword=keyword)
    return ok(Page(items=items, total=total, page=paging.page, page_size=paging.page_size))


@router.post("/oems", response_model=Envelope[OemRead])
def create_oem(
    session: DbSession, principal: Annotated[Principal, Depends(require("sys.oem.write"))], payload: OemCreate
) -> Envelope[OemRead]:
    return ok(oem_service.create_oem(session, principal, payload))


@router.get("/oems/{oem_id}", response_model=Envelope[OemRead])
def get_oem(
    principal: Annotated[Principal, Depends(require("sys.oem.read"))], oem: VisibleOem
) -> Envelope[OemRead]:
    return ok(oem_service.to_read(oem))


@router.put("/oems/{oem_id}", response_model=Envelope[OemRead])
def update_oem(
    session: DbSession,
    principal: Annotated[Principal, Depends(require("sys.oem.write"))],
    oem: VisibleOem,
    payload: OemUpdate,
) -> Envelope[OemRead]:
    return ok(oem_service.to_read(oem_service.update_oem(session, principal, oem, payload)))


@router.delete("/oems/{oem_id}", response_model=Envelope[None])
def delete_oem(
    session: DbSession, principal: Annotated[Principal, Depends(require("sys.oem.write"))], oem: VisibleOem
) -> Envelope[None]:
    oem_service.delete_oem(session, principal, oem)
    return ok(None)


@router.post("/oems/{oem_id}/logo", response_model=Envelope[OemRead])
async def upload_oem_logo(
    session: DbSession,
    principal: Annotated[Principal, Depends(require("sys.oem.write"))],
    oem: VisibleOem,
    file: Annotated[UploadFile, File()],
) -> Envelope[OemRead]:
    data = await file.read(MAX_LOGO_BYTES + 1)  # one byte more tells "too large" without reading it all
    # async for the upload's read; the database work goes to a worker thread, off the event loop.
    updated = await run_in_threadpool(oem_service.set_logo, session, principal, oem, data, file.content_type)
    return ok(oem_service.to_read(updated))


@router.delete("/oems/{oem_id}/logo", response_model=Envelope[OemRead])
def delete_oem_logo(
    session: DbSession, principal: Annotated[Principal, Depends(require("sys.oem.write"))], oem: VisibleOem
) -> Envelope[OemRead]:
    return ok(oem_service.to_read(oem_service.remove_logo(session, principal, oem)))


@router.get("/branding", response_model=Envelope[BrandingRead], dependencies=[Public])
def get_branding(request: Request, session: DbSession) -> Envelope[BrandingRead]:
    oem = oem_service.oem_for_host(session, request.headers.get("host"))
    return ok(oem_service.branding(oem, captcha_enabled=request.app.state.settings.captcha_enabled))


@router.get(
    "/branding/logos/{oem_id}",
    dependencies=[Public],
    response_class=Response,
    responses={200: {"content": {"image/png": {}, "image/jpeg": {}, "image/svg+xml": {}}}},
)
def get_branding_logo(session: DbSession, oem_id: int) -> Response:
    found = oem_service.logo_of(session, oem_id)
    if found is None:
        raise NotFound("no logo")
    data, mime = found
    # SVG is served inert: no script, no external loads, even when opened directly.
    return Response(
        data,
        media_type=mime,
        headers={
            "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'; sandbox",
            "X-Content-Type-Options": "nosniff",
            "Cache-Control": "public, max-age=86400",
        },
    )
