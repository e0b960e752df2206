from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select

from cloudwaf.guard.listing import apply_sort, like_pattern
from cloudwaf.guard.repository import GuardRepository
from cloudwaf.kit.pagination import PageParams
from cloudwaf.models import Certificate, DomainCertificate


class CertRepository(GuardRepository[Certificate]):
    model = Certificate
    sortable = {
        "id": Certificate.id,
        "name": Certificate.name,
        "not_after": Certificate.not_after,
        "created_at": Certificate.created_at,
    }

    def page(
        self, paging: PageParams, *, keyword: str | None, sort: str | None
    ) -> tuple[Sequence[Certificate], int]:
        stmt = self.base_query()
        if keyword:
            pattern = like_pattern(keyword)
            stmt = stmt.where(
                Certificate.name.ilike(pattern, escape="\\") | Certificate.subject.ilike(pattern, escape="\\")
            )
        return self.paginate(apply_sort(stmt, self.sortable, sort, "name"), paging)

    def by_name(self, name: str) -> Certificate | None:
        return self.find_one(Certificate.name == name)

    def domain_ids(self, cert_ids: Sequence[int]) -> dict[int, list[int]]:
        if not cert_ids:
            return {}
        rows = self.session.execute(
            select(DomainCertificate.certificate_id, DomainCertificate.domain_id)
            .where(
                DomainCertificate.oem_id == self.scope.oem_id, DomainCertificate.certificate_id.in_(cert_ids)
            )
            .order_by(DomainCertificate.id)
        )
        out: dict[int, list[int]] = {}
        for cert_id, domain_id in rows:
            out.setdefault(cert_id, []).append(domain_id)
        return out


class BindingRepository(GuardRepository[DomainCertificate]):
    model = DomainCertificate

    def find(self, domain_id: int, cert_id: int) -> DomainCertificate | None:
        return self.find_one(
            DomainCertificate.domain_id == domain_id, DomainCertificate.certificate_id == cert_id
        )

    def certs_of(self, domain_ids: Sequence[int]) -> list[tuple[int, Certificate]]:
        """(domain id, certificate) of every binding of those domains, oldest binding first."""
        if not domain_ids:
            return []
        rows = self.session.execute(
            select(DomainCertificate.domain_id, Certificate)
            .join(Certificate, Certificate.id == DomainCertificate.certificate_id)
            .where(
                DomainCertificate.oem_id == self.scope.oem_id,
                Certificate.oem_id == self.scope.oem_id,
                DomainCertificate.domain_id.in_(domain_ids),
            )
            .order_by(DomainCertificate.id)
        )
        return [(domain_id, cert) for domain_id, cert in rows]
