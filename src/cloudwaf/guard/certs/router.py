from __future__ import annotations

from fastapi import APIRouter, Request, Response

from cloudwaf.db import DbSession
from cloudwaf.guard.certs import service as cert_service
from cloudwaf.guard.certs.dependencies import CanReadCerts, CanWriteCerts, ReadableCert, WritableCert
from cloudwaf.guard.certs.schemas import CertCreate, CertRead, CertUpdate
from cloudwaf.guard.listing import KeywordParam, SortParam
from cloudwaf.guard.responses import Deleted, page_of, set_etag
from cloudwaf.guard.versioning import IfMatch, expected_version
from cloudwaf.kit.envelope import Envelope, ok
from cloudwaf.kit.pagination import Page, Paging

router = APIRouter(prefix="/certs", tags=["guard: certificates"])


def _secret(request: Request) -> str:
    return request.app.state.settings.secret_key


@router.get("", response_model=Envelope[Page[CertRead]])
def list_certs(
    session: DbSession,
    principal: CanReadCerts,
    paging: Paging,
    keyword: KeywordParam = None,
    sort: SortParam = None,
) -> Envelope[Page[CertRead]]:
    items, total = cert_service.list_certs(session, principal, paging, keyword=keyword, sort=sort)
    return ok(page_of(items, total, paging))


@router.post("", response_model=Envelope[CertRead], status_code=201)
def create_cert(
    data: CertCreate, request: Request, session: DbSession, principal: CanWriteCerts, response: Response
) -> Envelope[CertRead]:
    cert = cert_service.create_cert(session, principal, data, _secret(request))
    set_etag(response, cert.version)
    return ok(cert_service.to_read(cert))


@router.get("/{cert_id}", response_model=Envelope[CertRead])
def get_cert(
    cert: ReadableCert, session: DbSession, principal: CanReadCerts, response: Response
) -> Envelope[CertRead]:
    set_etag(response, cert.version)
    return ok(cert_service.read_cert(session, principal, cert))


@router.put("/{cert_id}", response_model=Envelope[CertRead])
@router.patch("/{cert_id}", response_model=Envelope[CertRead], include_in_schema=False)
def update_cert(
    data: CertUpdate,
    cert: WritableCert,
    request: Request,
    session: DbSession,
    principal: CanWriteCerts,
    response: Response,
    if_match: IfMatch = None,
) -> Envelope[CertRead]:
    cert = cert_service.update_cert(
        session, principal, cert, data, _secret(request), expected_version(if_match, data.version)
    )
    set_etag(response, cert.version)
    return ok(cert_service.read_cert(session, principal, cert))


@router.delete("/{cert_id}", response_model=Envelope[Deleted])
def delete_cert(
    cert: WritableCert, session: DbSession, principal: CanWriteCerts, if_match: IfMatch = None
) -> Envelope[Deleted]:
    cert_id = cert.id
    cert_service.delete_cert(session, principal, cert, expected_version(if_match))
    return ok(Deleted(id=cert_id))
