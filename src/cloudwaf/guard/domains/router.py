from __future__ import annotations

from fastapi import APIRouter, Response

from cloudwaf.db import DbSession
from cloudwaf.guard.certs import service as cert_service
from cloudwaf.guard.domains import service as domain_service
from cloudwaf.guard.domains.dependencies import (
    CanReadDomains,
    CanWriteDomains,
    ReadableDomain,
    WritableDomain,
)
from cloudwaf.guard.domains.schemas import CertBind, CertBinding, DomainCreate, DomainRead, DomainUpdate
from cloudwaf.guard.listing import KeywordParam, SortParam
from cloudwaf.guard.responses import Deleted, page_of, set_etag
from cloudwaf.guard.versioning import IfMatch, expected_version
from cloudwaf.kit.envelope import Envelope, ok
from cloudwaf.kit.pagination import Page, Paging

router = APIRouter(prefix="/domains", tags=["guard: domains"])


@router.get("", response_model=Envelope[Page[DomainRead]])
def list_domains(
    session: DbSession,
    principal: CanReadDomains,
    paging: Paging,
    keyword: KeywordParam = None,
    enabled: bool | None = None,
    policy_id: int | None = None,
    node_group_id: int | None = None,
    sort: SortParam = None,
) -> Envelope[Page[DomainRead]]:
    items, total = domain_service.list_domains(
        session,
        principal,
        paging,
        keyword=keyword,
        enabled=enabled,
        policy_id=policy_id,
        node_group_id=node_group_id,
        sort=sort,
    )
    return ok(page_of(items, total, paging))


@router.post("", response_model=Envelope[DomainRead], status_code=201)
def create_domain(
    data: DomainCreate, session: DbSession, principal: CanWriteDomains, response: Response
) -> Envelope[DomainRead]:
    domain = domain_service.create_domain(session, principal, data)
    set_etag(response, domain.version)
    return ok(domain_service.to_read(domain))


@router.get("/{domain_id}", response_model=Envelope[DomainRead])
def get_domain(
    domain: ReadableDomain, session: DbSession, principal: CanReadDomains, response: Response
) -> Envelope[DomainRead]:
    set_etag(response, domain.version)
    return ok(domain_service.read_domains(session, principal, [domain])[0])


@router.put("/{domain_id}", response_model=Envelope[DomainRead])
@router.patch("/{domain_id}", response_model=Envelope[DomainRead], include_in_schema=False)
def update_domain(
    data: DomainUpdate,
    domain: WritableDomain,
    session: DbSession,
    principal: CanWriteDomains,
    response: Response,
    if_match: IfMatch = None,
) -> Envelope[DomainRead]:
    domain = domain_service.update_domain(
        session, principal, domain, data, expected_version(if_match, data.version)
    )
    set_etag(response, domain.version)
    return ok(domain_service.read_domains(session, principal, [domain])[0])


@router.delete("/{domain_id}", response_model=Envelope[Deleted])
def delete_domain(
    domain: WritableDomain, session: DbSession, principal: CanWriteDomains, if_match: IfMatch = None
) -> Envelope[Deleted]:
    domain_id = domain.id
    domain_service.delete_domain(session, principal, domain, expected_version(if_match))
    return ok(Deleted(id=domain_id))


@router.get("/{domain_id}/certs", response_model=Envelope[list[CertBinding]])
def list_domain_certs(
    domain: ReadableDomain, session: DbSession, principal: CanReadDomains
) -> Envelope[list[CertBinding]]:
    return ok(cert_service.list_bindings(session, principal, domain))


@router.post("/{domain_id}/certs", response_model=Envelope[CertBinding], status_code=201)
def bind_domain_cert(
    data: CertBind, domain: WritableDomain, session: DbSession, principal: CanWriteDomains
) -> Envelope[CertBinding]:
    return ok(cert_service.bind(session, principal, domain, data.cert_id))


@router.delete("/{domain_id}/certs/{cert_id}", response_model=Envelope[Deleted])
def unbind_domain_cert(
    cert_id: int, domain: WritableDomain, session: DbSession, principal: CanWriteDomains
) -> Envelope[Deleted]:
    cert_service.unbind(session, principal, domain, cert_id)
    return ok(Deleted(id=cert_id))
