from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import exists, select

from cloudwaf.guard.listing import apply_sort, like_pattern
from cloudwaf.guard.repository import GuardRepository
from cloudwaf.kit.pagination import PageParams
from cloudwaf.models import Domain, DomainCertificate, NodeGroup


class DomainRepository(GuardRepository[Domain]):
    model = Domain
    sortable = {
        "id": Domain.id,
        "name": Domain.name,
        "created_at": Domain.created_at,
        "updated_at": Domain.updated_at,
    }

    def page(
        self,
        paging: PageParams,
        *,
        keyword: str | None,
        enabled: bool | None,
        policy_id: int | None,
        node_group_id: int | None,
        sort: str | None,
    ) -> tuple[Sequence[Domain], int]:
        stmt = self.base_query()
        if keyword:
            stmt = stmt.where(Domain.name.ilike(like_pattern(keyword), escape="\\"))
        if enabled is not None:
            stmt = stmt.where(Domain.enabled.is_(enabled))
        if policy_id is not None:
            stmt = stmt.where(Domain.policy_id == policy_id)
        if node_group_id is not None:
            stmt = stmt.where(Domain.node_group_id == node_group_id)
        return self.paginate(apply_sort(stmt, self.sortable, sort, "name"), paging)

    def by_name(self, name: str) -> Domain | None:
        return self.find_one(Domain.name == name)

    def in_group(self, node_group_id: int, *, enabled_only: bool = False) -> Sequence[Domain]:
        where = [Domain.node_group_id == node_group_id]
        if enabled_only:
            where.append(Domain.enabled.is_(True))
        return self.list(*where, order_by=[Domain.id])

    def ports_in_group(self, node_group_id: int) -> Sequence[tuple[int, str, list[int], list[int]]]:
        """(id, name, http_ports, https_ports) of every domain of the group: columns only, since a
        group may hold ten thousand domains."""
        stmt = select(Domain.id, Domain.name, Domain.http_ports, Domain.https_ports).where(
            Domain.oem_id == self.scope.oem_id, Domain.node_group_id == node_group_id
        )
        return [tuple(row) for row in self.session.execute(stmt)]

    def cert_ids(self, domain_ids: Sequence[int]) -> dict[int, list[int]]:
        if not domain_ids:
            return {}
        rows = self.session.execute(
            select(DomainCertificate.domain_id, DomainCertificate.certificate_id)
            .where(DomainCertificate.oem_id == self.scope.oem_id, DomainCertificate.domain_id.in_(domain_ids))
            .order_by(DomainCertificate.id)
        )
        out: dict[int, list[int]] = {}
        for domain_id, cert_id in rows:
            out.setdefault(domain_id, []).append(cert_id)
        return out

    def node_group(self, node_group_id: int | None) -> NodeGroup | None:
        """The OEM's group of that id, or its default group when None."""
        stmt = select(NodeGroup).where(NodeGroup.oem_id == self.scope.oem_id)
        stmt = (
            stmt.where(NodeGroup.id == node_group_id)
            if node_group_id is not None
            else stmt.where(NodeGroup.is_default.is_(True))
        )
        return self.session.scalars(stmt.limit(1)).first()

    def has_enrolled_nodes(self, node_group_id: int) -> bool:
        try:
            from cloudwaf.models.node import Node
        except ImportError:  # the node module is not installed: no node can run the domain
            return False
        return bool(
            self.session.scalar(
                select(
                    exists().where(
                        Node.oem_id == self.scope.oem_id,
                        Node.node_group_id == node_group_id,
                        Node.enrolled_at.is_not(None),
                    )
                )
            )
        )
