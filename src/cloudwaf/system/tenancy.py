"""Which OEM a sys request acts on.

Everyone acts on their own OEM. The platform super-admin (a user of the default OEM flagged
`is_platform_admin`) may name another OEM with `oem_id`, and lists without `oem_id` span every
OEM for them. Anyone else naming a foreign OEM gets 404, exactly as if it did not exist.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from cloudwaf.auth.principal import Principal
from cloudwaf.kit.repository import TenantScope
from cloudwaf.models import Oem
from cloudwaf.system.errors import OemNotFound
from cloudwaf.system.oems.repository import OemRepository


def read_scope(principal: Principal, oem_id: int | None = None) -> TenantScope:
    """Scope for lists and lookups by id."""
    if not principal.is_platform_admin:
        if oem_id is not None and oem_id != principal.oem_id:
            raise OemNotFound()
        return principal.scope
    return TenantScope.platform() if oem_id is None else TenantScope.of(oem_id)


def target_oem(session: Session, principal: Principal, oem_id: int | None) -> Oem:
    """The OEM a create acts on (own OEM unless the platform admin names another)."""
    wanted = principal.oem_id if oem_id is None else oem_id
    if wanted != principal.oem_id and not principal.is_platform_admin:
        raise OemNotFound()
    oem = OemRepository(session, TenantScope.platform()).get(wanted)
    if oem is None:
        raise OemNotFound()
    return oem
