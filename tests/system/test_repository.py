"""The tenant guard of the Repository base (kit/repository.py), as used by every sys repository."""

from __future__ import annotations

import pytest
from sqlalchemy.orm import Session

from cloudwaf.kit.repository import CrossTenantWrite, TenantScope
from cloudwaf.models import Role
from cloudwaf.system.roles.repository import RoleRepository
from tests.factories import builtin_role, make_oem


def test_reads_are_filtered_on_the_scope(db: Session) -> None:
    a, b = make_oem(db), make_oem(db)
    role_of_b = builtin_role(db, b, "operator")
    assert RoleRepository(db, TenantScope.of(a.id)).get(role_of_b.id) is None
    assert RoleRepository(db, TenantScope.of(b.id)).get(role_of_b.id) is not None
    assert RoleRepository(db, TenantScope.platform()).get(role_of_b.id) is not None


def test_writes_and_deletes_across_tenants_are_refused(db: Session) -> None:
    a, b = make_oem(db), make_oem(db)
    repo_a = RoleRepository(db, TenantScope.of(a.id))
    with pytest.raises(CrossTenantWrite):
        repo_a.add(Role(oem_id=b.id, name="smuggled", permissions=[]))
    with pytest.raises(CrossTenantWrite):
        repo_a.delete(builtin_role(db, b, "operator"))
    added = repo_a.add(Role(name="defaults to the scope", permissions=[]))
    assert added.oem_id == a.id
