from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Body, Query, Request, Response

from cloudwaf.db import DbSession
from cloudwaf.errors import BadRequest
from cloudwaf.guard.ip_sets import service as ip_set_service
from cloudwaf.guard.ip_sets.dependencies import CanReadIpSets, CanWriteIpSets, ReadableIpSet, WritableIpSet
from cloudwaf.guard.ip_sets.schemas import (
    ImportResult,
    IpEntryCreate,
    IpEntryRead,
    IpSetCreate,
    IpSetRead,
    IpSetUpdate,
)
from cloudwaf.guard.listing import KeywordParam, SortParam
from cloudwaf.guard.responses import Deleted, page_of, set_etag
from cloudwaf.guard.versioning import IfMatch, expected_version
from cloudwaf.kit.envelope import Envelope, ok
from cloudwaf.kit.pagination import Page, Paging

router = APIRouter(prefix="/ip-sets", tags=["guard: IP sets"])

Format = Literal["text", "csv"]
MAX_IMPORT_BYTES = 16 * 1024 * 1024


@router.get("", response_model=Envelope[Page[IpSetRead]])
def list_ip_sets(
    session: DbSession,
    principal: CanReadIpSets,
    paging: Paging,
    keyword: KeywordParam = None,
    sort: SortParam = None,
) -> Envelope[Page[IpSetRead]]:
    items, total = ip_set_service.list_sets(session, principal, paging, keyword=keyword, sort=sort)
    return ok(page_of(items, total, paging))


@router.post("", response_model=Envelope[IpSetRead], status_code=201)
def create_ip_set(
    data: IpSetCreate, session: DbSession, principal: CanWriteIpSets, response: Response
) -> Envelope[IpSetRead]:
    ip_set = ip_set_service.create_set(session, principal, data)
    set_etag(response, ip_set.version)
    return ok(ip_set_service.to_read(ip_set))


@router.get("/{set_id}", response_model=Envelope[IpSetRead])
def get_ip_set(
    ip_set: ReadableIpSet, session: DbSession, principal: CanReadIpSets, response: Response
) -> Envelope[IpSetRead]:
    set_etag(response, ip_set.version)
    return ok(ip_set_service.read_set(session, principal, ip_set))


@router.put("/{set_id}", response_model=Envelope[IpSetRead])
@router.patch("/{set_id}", response_model=Envelope[IpSetRead], include_in_schema=False)
def update_ip_set(
    data: IpSetUpdate,
    ip_set: WritableIpSet,
    session: DbSession,
    principal: CanWriteIpSets,
    response: Response,
    if_match: IfMatch = None,
) -> Envelope[IpSetRead]:
    ip_set = ip_set_service.update_set(
        session, principal, ip_set, data, expected_version(if_match, data.version)
    )
    set_etag(response, ip_set.version)
    return ok(ip_set_service.read_set(session, principal, ip_set))


@router.delete("/{set_id}", response_model=Envelope[Deleted])
def delete_ip_set(
    ip_set: WritableIpSet, session: DbSession, principal: CanWriteIpSets, if_match: IfMatch = None
) -> Envelope[Deleted]:
    set_id = ip_set.id
    ip_set_service.delete_set(session, principal, ip_set, expected_version(if_match))
    return ok(Deleted(id=set_id))


@router.get("/{set_id}/ips", response_model=Envelope[Page[IpEntryRead]])
def list_ip_set_entries(
    ip_set: ReadableIpSet,
    session: DbSession,
    principal: CanReadIpSets,
    paging: Paging,
    keyword: KeywordParam = None,
    sort: SortParam = None,
) -> Envelope[Page[IpEntryRead]]:
    items, total = ip_set_service.list_entries(session, principal, ip_set, paging, keyword=keyword, sort=sort)
    return ok(page_of(items, total, paging))


@router.post("/{set_id}/ips", response_model=Envelope[IpEntryRead], status_code=201)
def add_ip_set_entry(
    data: IpEntryCreate, ip_set: WritableIpSet, session: DbSession, principal: CanWriteIpSets
) -> Envelope[IpEntryRead]:
    return ok(ip_set_service.entry_read(ip_set_service.add_entry(session, principal, ip_set, data)))


@router.delete("/{set_id}/ips", response_model=Envelope[Deleted])
def remove_ip_set_entry_by_ip(
    ip_set: WritableIpSet,
    session: DbSession,
    principal: CanWriteIpSets,
    ip: Annotated[str, Query(max_length=64)],
) -> Envelope[Deleted]:
    entry = ip_set_service.remove_entry(session, principal, ip_set, ip=ip)
    return ok(Deleted(id=entry.id))


@router.delete("/{set_id}/ips/{entry_id}", response_model=Envelope[Deleted])
def remove_ip_set_entry(
    entry_id: int, ip_set: WritableIpSet, session: DbSession, principal: CanWriteIpSets
) -> Envelope[Deleted]:
    ip_set_service.remove_entry(session, principal, ip_set, entry_id=entry_id)
    return ok(Deleted(id=entry_id))


@router.post("/{set_id}/import", response_model=Envelope[ImportResult])
def import_ip_set(
    ip_set: WritableIpSet,
    request: Request,
    session: DbSession,
    principal: CanWriteIpSets,
    content: Annotated[bytes, Body(media_type="text/plain")],
    format: Format | None = None,
    replace: bool = False,
) -> Envelope[ImportResult]:
    """Body: text/plain (one IP or CIDR per line, `# comment` allowed) or text/csv
    (`ip,comment,expires_at`). All or nothing: a bad line imports nothing."""
    if len(content) > MAX_IMPORT_BYTES:
        raise BadRequest(f"import larger than {MAX_IMPORT_BYTES // (1024 * 1024)} MiB")
    fmt = format or ("csv" if "csv" in request.headers.get("content-type", "") else "text")
    return ok(ip_set_service.import_entries(session, principal, ip_set, content, fmt, replace))


@router.get("/{set_id}/export", response_class=Response)
def export_ip_set(
    ip_set: ReadableIpSet, session: DbSession, principal: CanReadIpSets, format: Format = "text"
) -> Response:
    body = ip_set_service.export_entries(session, principal, ip_set, format)
    media = "text/csv" if format == "csv" else "text/plain"
    filename = f"ip-set-{ip_set.id}.{'csv' if format == 'csv' else 'txt'}"
    return Response(
        body,
        media_type=f"{media}; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )
