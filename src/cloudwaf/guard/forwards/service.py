"""Forward rules: origin routing by path prefix; the domain's own `origins` serve '/'."""

from __future__ import annotations

from sqlalchemy.orm import Session

from cloudwaf.auth.principal import Principal
from cloudwaf.guard import references
from cloudwaf.guard.errors import ForwardNotFound, ForwardPathTaken
from cloudwaf.guard.forwards.repository import ForwardRepository
from cloudwaf.guard.forwards.schemas import ForwardCreate, ForwardRead, ForwardUpdate
from cloudwaf.guard.versioning import check_version
from cloudwaf.guard.writes import written
from cloudwaf.kit.pagination import PageParams
from cloudwaf.models import ForwardRule

_PLAIN_FIELDS = (
    "name",
    "scheme",
    "lb",
    "connect_timeout",
    "read_timeout",
    "max_fails",
    "fail_timeout",
    "enabled",
)


def to_read(rule: ForwardRule) -> ForwardRead:
    return ForwardRead.model_validate(rule)


def list_forwards(
    session: Session,
    principal: Principal,
    paging: PageParams,
    *,
    keyword: str | None,
    domain_id: int | None,
    sort: str | None,
) -> tuple[list[ForwardRead], int]:
    items, total = ForwardRepository(session, principal.scope).page(
        paging, keyword=keyword, domain_id=domain_id, sort=sort
    )
    return [to_read(r) for r in items], total


def get_forward(session: Session, principal: Principal, forward_id: int) -> ForwardRule:
    rule = ForwardRepository(session, principal.scope).get(forward_id)
    if rule is None:
        raise ForwardNotFound()
    return rule


def create_forward(session: Session, principal: Principal, data: ForwardCreate) -> ForwardRule:
    repo = ForwardRepository(session, principal.scope)
    references.domain(session, principal.scope, data.domain_id)
    if repo.path_taken(data.domain_id, data.path_prefix, None):
        raise ForwardPathTaken(f"{data.path_prefix} already has a forward rule on this domain")
    values = data.model_dump(exclude={"servers", "name"})
    rule = ForwardRule(**values, name=data.name or "", servers=[s.model_dump() for s in data.servers])
    repo.add_unique(rule, ForwardPathTaken)
    written(session, principal, "guard.forward.create", "forward", rule.id, after=to_read(rule))
    return rule


def update_forward(
    session: Session, principal: Principal, rule: ForwardRule, data: ForwardUpdate, expected: int | None
) -> ForwardRule:
    check_version(rule.version, expected)
    repo = ForwardRepository(session, principal.scope)
    before = to_read(rule)
    if data.path_prefix is not None and data.path_prefix != rule.path_prefix:
        if repo.path_taken(rule.domain_id, data.path_prefix, rule.id):
            raise ForwardPathTaken(f"{data.path_prefix} already has a forward rule on this domain")
        rule.path_prefix = data.path_prefix
    if data.servers is not None:
        rule.servers = [s.model_dump() for s in data.servers]
    if data.host_header is not None:
        rule.host_header = data.host_header
    elif data.pass_host:
        rule.host_header = None
    for key in _PLAIN_FIELDS:
        value = getattr(data, key)
        if value is not None:
            setattr(rule, key, value)
    repo.save(rule, ForwardPathTaken)
    written(
        session, principal, "guard.forward.update", "forward", rule.id, before=before, after=to_read(rule)
    )
    return rule


def delete_forward(session: Session, principal: Principal, rule: ForwardRule, expected: int | None) -> None:
    check_version(rule.version, expected)
    before = to_read(rule)
    ForwardRepository(session, principal.scope).delete(rule)
    written(session, principal, "guard.forward.delete", "forward", before.id, before=before)
