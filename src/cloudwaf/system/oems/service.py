"""OEM tenants: the platform super-admin's business. Branding is public, by Host."""

from __future__ import annotations

import base64

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from cloudwaf.auth.principal import Principal
from cloudwaf.bootstrap import seed_oem
from cloudwaf.errors import Conflict, PermissionDenied
from cloudwaf.kit.pagination import PageParams
from cloudwaf.kit.repository import TenantScope
from cloudwaf.models import Oem
from cloudwaf.system.audit import service as audit
from cloudwaf.system.errors import DefaultOemProtected, OemHostnameTaken, OemNotFound
from cloudwaf.system.oems.logo import validate_logo
from cloudwaf.system.oems.repository import OemRepository
from cloudwaf.system.oems.schemas import BrandingRead, OemCreate, OemRead, OemUpdate
from cloudwaf.system.roles.repository import RoleRepository
from cloudwaf.system.users import service as user_service
from cloudwaf.system.users.schemas import UserCreate

_PLATFORM = TenantScope.platform()


def require_platform_admin(principal: Principal) -> None:
    if not principal.is_platform_admin:
        raise PermissionDenied("OEM tenants are administered by the platform super-admin only")


def logo_url(oem: Oem) -> str | None:
    if not oem.logo_data:
        return None
    # The version busts browser caches when the logo changes.
    return f"/api/v1/sys/branding/logos/{oem.id}?v={int(oem.updated_at.timestamp())}"


def to_read(oem: Oem, first_admin_id: int | None = None) -> OemRead:
    return OemRead(
        id=oem.id,
        name=oem.name,
        hostname=oem.hostname,
        is_default=oem.is_default,
        primary_color=oem.primary_color,
        secondary_color=oem.secondary_color,
        logo_url=logo_url(oem),
        enabled=oem.enabled,
        created_at=oem.created_at,
        updated_at=oem.updated_at,
        first_admin_id=first_admin_id,
    )


def branding(oem: Oem, *, captcha_enabled: bool) -> BrandingRead:
    return BrandingRead(
        oem_id=oem.id,
        name=oem.name,
        hostname=oem.hostname,
        primary_color=oem.primary_color,
        secondary_color=oem.secondary_color,
        logo_url=logo_url(oem),
        captcha_enabled=captcha_enabled,
    )


def branding_of_id(session: Session, oem_id: int, *, captcha_enabled: bool) -> BrandingRead:
    oem = OemRepository(session, _PLATFORM).get(oem_id)
    if oem is None:
        raise OemNotFound()
    return branding(oem, captcha_enabled=captcha_enabled)


def oem_for_host(session: Session, host: str | None) -> Oem:
    """The OEM whose hostname is the request's Host (port dropped), else the default OEM."""
    repo = OemRepository(session, _PLATFORM)
    name = (host or "").strip().lower()
    if name.startswith("["):  # IPv6 literal: never an OEM hostname
        name = ""
    name = name.split(":", 1)[0].rstrip(".")
    oem = repo.by_hostname(name) if name else None
    return oem if oem is not None and oem.enabled else repo.default()


def logo_of(session: Session, oem_id: int) -> tuple[bytes, str] | None:
    oem = OemRepository(session, _PLATFORM).get(oem_id)
    if oem is None or not oem.logo_data or not oem.logo_mime:
        return None
    return base64.b64decode(oem.logo_data), oem.logo_mime


def list_oems(
    session: Session, principal: Principal, paging: PageParams, *, keyword: str | None
) -> tuple[list[OemRead], int]:
    require_platform_admin(principal)
    repo = OemRepository(session, _PLATFORM)
    items, total = repo.paginate(repo.search(keyword=keyword), paging)
    return [to_read(o) for o in items], total


def get_visible(session: Session, principal: Principal, oem_id: int) -> Oem:
    require_platform_admin(principal)
    oem = OemRepository(session, _PLATFORM).get(oem_id)
    if oem is None:
        raise OemNotFound()
    return oem


def create_oem(session: Session, principal: Principal, payload: OemCreate) -> OemRead:
    require_platform_admin(principal)
    repo = OemRepository(session, _PLATFORM)
    if repo.hostname_taken(payload.hostname):
        raise OemHostnameTaken()
    oem = Oem(
        name=payload.name,
        hostname=payload.hostname,
        primary_color=payload.primary_color,
        secondary_color=payload.secondary_color,
        enabled=payload.enabled,
        is_default=False,
    )
    repo.add(oem)
    seed_oem(session, oem)
    audit.record(session, principal, "sys.oem.create", "oem", oem.id, after=oem, oem_id=oem.id)
    admin_id = None
    if payload.admin is not None:
        role = RoleRepository(session, TenantScope.of(oem.id)).find_one_code(oem.id, "oem_admin")
        admin = user_service.create_user(
            session,
            principal,
            UserCreate(
                username=payload.admin.username,
                password=payload.admin.password,
                role_id=role.id,
                display_name=payload.admin.display_name,
                email=payload.admin.email,
                oem_id=oem.id,
            ),
        )
        admin_id = admin.id
    return to_read(oem, admin_id)


def update_oem(session: Session, principal: Principal, oem: Oem, payload: OemUpdate) -> Oem:
    repo = OemRepository(session, _PLATFORM)
    before = audit.snapshot(oem)
    changes = payload.model_dump(exclude_unset=True, exclude_none=True)
    new_hostname = changes.get("hostname", oem.hostname)
    if new_hostname != oem.hostname and repo.hostname_taken(new_hostname, except_id=oem.id):
        raise OemHostnameTaken()
    if oem.is_default and changes.get("enabled") is False:
        raise DefaultOemProtected("the default OEM cannot be disabled")
    for field, value in changes.items():
        setattr(oem, field, value)
    session.flush()
    audit.record(session, principal, "sys.oem.update", "oem", oem.id, before=before, after=oem, oem_id=oem.id)
    return oem


def delete_oem(session: Session, principal: Principal, oem: Oem) -> None:
    if oem.is_default:
        raise DefaultOemProtected()
    before = audit.snapshot(oem)
    repo = OemRepository(session, _PLATFORM)
    try:
        with session.begin_nested():
            repo.delete_tenant_rows(oem.id)
            repo.delete(oem)
    except IntegrityError as exc:
        raise Conflict("some of the OEM's resources are still referenced; delete them first") from exc
    audit.record(
        session, principal, "sys.oem.delete", "oem", before["id"], before=before, oem_id=principal.oem_id
    )


def set_logo(session: Session, principal: Principal, oem: Oem, data: bytes, declared_type: str | None) -> Oem:
    mime = validate_logo(data, declared_type)
    before = {
        "logo_mime": oem.logo_mime,
        "logo_bytes": len(base64.b64decode(oem.logo_data)) if oem.logo_data else 0,
    }
    oem.logo_mime = mime
    oem.logo_data = base64.b64encode(data).decode("ascii")
    session.flush()
    audit.record(
        session,
        principal,
        "sys.oem.logo",
        "oem",
        oem.id,
        before=before,
        after={"logo_mime": mime, "logo_bytes": len(data)},
        oem_id=oem.id,
    )
    return oem


def remove_logo(session: Session, principal: Principal, oem: Oem) -> Oem:
    before = {"logo_mime": oem.logo_mime}
    oem.logo_mime = None
    oem.logo_data = None
    session.flush()
    audit.record(
        session,
        principal,
        "sys.oem.logo",
        "oem",
        oem.id,
        before=before,
        after={"logo_mime": None},
        oem_id=oem.id,
    )
    return oem
