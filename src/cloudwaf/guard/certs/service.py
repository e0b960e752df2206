"""Certificates: upload, renew, bind to domains. The private key never leaves sealed except
into a node snapshot (see `private_key_pem`)."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy.orm import Session

from cloudwaf.auth.principal import Principal
from cloudwaf.errors import BadRequest, Conflict
from cloudwaf.guard.certs import pem
from cloudwaf.guard.certs.repository import BindingRepository, CertRepository
from cloudwaf.guard.certs.schemas import CertCreate, CertRead, CertUpdate
from cloudwaf.guard.domains.schemas import CertBinding
from cloudwaf.guard.errors import CertAlreadyBound, CertNameExists, CertNotFound
from cloudwaf.guard.versioning import check_version
from cloudwaf.guard.writes import written
from cloudwaf.kit.pagination import PageParams
from cloudwaf.models import Certificate, Domain, DomainCertificate

SECONDS_PER_DAY = 86_400


def days_to_expiry(cert: Certificate, now: datetime | None = None) -> int:
    return int((cert.not_after - (now or datetime.now(UTC))).total_seconds() // SECONDS_PER_DAY)


def to_read(cert: Certificate, domain_ids: list[int] | None = None) -> CertRead:
    return CertRead(
        id=cert.id,
        name=cert.name,
        cert_pem=cert.cert_pem,
        subject=cert.subject,
        issuer=cert.issuer,
        sans=cert.sans,
        not_before=cert.not_before,
        not_after=cert.not_after,
        days_to_expiry=days_to_expiry(cert),
        fingerprint_sha256=cert.fingerprint_sha256,
        key_type=cert.key_type,
        domain_ids=domain_ids or [],
        version=cert.version,
        created_at=cert.created_at,
        updated_at=cert.updated_at,
    )


def read_cert(session: Session, principal: Principal, cert: Certificate) -> CertRead:
    return to_read(cert, CertRepository(session, principal.scope).domain_ids([cert.id]).get(cert.id))


def list_certs(
    session: Session, principal: Principal, paging: PageParams, *, keyword: str | None, sort: str | None
) -> tuple[list[CertRead], int]:
    repo = CertRepository(session, principal.scope)
    items, total = repo.page(paging, keyword=keyword, sort=sort)
    bound = repo.domain_ids([c.id for c in items])
    return [to_read(c, bound.get(c.id)) for c in items], total


def get_cert(session: Session, principal: Principal, cert_id: int) -> Certificate:
    cert = CertRepository(session, principal.scope).get(cert_id)
    if cert is None:
        raise CertNotFound()
    return cert


def _apply(cert: Certificate, parsed: pem.ParsedCert, secret: str) -> None:
    cert.cert_pem = parsed.cert_pem
    cert.key_encrypted = pem.seal(secret, cert.oem_id, parsed.key_pem)
    cert.subject, cert.issuer, cert.sans = parsed.subject[:512], parsed.issuer[:512], parsed.sans
    cert.not_before, cert.not_after = parsed.not_before, parsed.not_after
    cert.fingerprint_sha256, cert.key_type = parsed.fingerprint_sha256, parsed.key_type


def create_cert(session: Session, principal: Principal, data: CertCreate, secret: str) -> Certificate:
    repo = CertRepository(session, principal.scope)
    if repo.by_name(data.name):
        raise CertNameExists()
    parsed = pem.parse(data.cert_pem, data.key_pem)
    cert = Certificate(name=data.name, oem_id=principal.oem_id)
    _apply(cert, parsed, secret)
    repo.add_unique(cert, CertNameExists)
    written(session, principal, "guard.cert.create", "cert", cert.id, after=to_read(cert))
    return cert


def update_cert(
    session: Session,
    principal: Principal,
    cert: Certificate,
    data: CertUpdate,
    secret: str,
    expected: int | None,
) -> Certificate:
    check_version(cert.version, expected)
    repo = CertRepository(session, principal.scope)
    if (data.cert_pem is None) != (data.key_pem is None):
        raise BadRequest("replace cert_pem and key_pem together")
    before = read_cert(session, principal, cert)
    if data.name is not None and data.name != cert.name:
        if repo.by_name(data.name):
            raise CertNameExists()
        cert.name = data.name
    if data.cert_pem is not None and data.key_pem is not None:
        _apply(cert, pem.parse(data.cert_pem, data.key_pem), secret)
    repo.save(cert, CertNameExists)
    written(
        session,
        principal,
        "guard.cert.update",
        "cert",
        cert.id,
        before=before,
        after=read_cert(session, principal, cert),
    )
    return cert


def delete_cert(session: Session, principal: Principal, cert: Certificate, expected: int | None) -> None:
    check_version(cert.version, expected)
    repo = CertRepository(session, principal.scope)
    bound = repo.domain_ids([cert.id]).get(cert.id)
    if bound:
        raise Conflict(f"the certificate is bound to {len(bound)} domain(s); unbind it first")
    before = to_read(cert)
    repo.delete(cert)
    written(session, principal, "guard.cert.delete", "cert", before.id, before=before)


def _binding(domain: Domain, cert: Certificate) -> CertBinding:
    covered = pem.covers(cert.sans, domain.name)
    warnings = (
        []
        if covered
        else [
            f"the certificate's names ({', '.join(cert.sans) or 'none'}) do not cover {domain.name}: "
            "browsers will refuse it for this domain"
        ]
    )
    days = days_to_expiry(cert)
    if days < 30:
        warnings.append(f"the certificate expires in {days} day(s)")
    return CertBinding(
        domain_id=domain.id,
        cert_id=cert.id,
        cert_name=cert.name,
        sans=cert.sans,
        not_after=cert.not_after,
        days_to_expiry=days,
        covers_domain=covered,
        warnings=warnings,
    )


def list_bindings(session: Session, principal: Principal, domain: Domain) -> list[CertBinding]:
    return [
        _binding(domain, cert)
        for _, cert in BindingRepository(session, principal.scope).certs_of([domain.id])
    ]


def bind(session: Session, principal: Principal, domain: Domain, cert_id: int) -> CertBinding:
    cert = get_cert(session, principal, cert_id)
    repo = BindingRepository(session, principal.scope)
    if repo.find(domain.id, cert.id):
        raise CertAlreadyBound()
    repo.add_unique(DomainCertificate(domain_id=domain.id, certificate_id=cert.id), CertAlreadyBound)
    binding = _binding(domain, cert)
    written(session, principal, "guard.domain.bind_cert", "domain", domain.id, after=binding)
    return binding


def unbind(session: Session, principal: Principal, domain: Domain, cert_id: int) -> None:
    cert = get_cert(session, principal, cert_id)
    repo = BindingRepository(session, principal.scope)
    row = repo.find(domain.id, cert.id)
    if row is None:
        raise CertNotFound("the certificate is not bound to this domain")
    repo.delete(row)
    written(session, principal, "guard.domain.unbind_cert", "domain", domain.id, before={"cert_id": cert.id})


def private_key_pem(cert: Certificate, secret: str) -> str:
    return pem.unseal(secret, cert.oem_id, cert.key_encrypted)
