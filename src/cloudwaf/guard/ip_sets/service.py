"""IP sets: named lists of addresses and networks that ACL rules match against."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy.orm import Session

from cloudwaf.auth.principal import Principal
from cloudwaf.errors import BadRequest, Conflict
from cloudwaf.guard.errors import IpAlreadyInSet, IpSetNameExists, IpSetNotFound
from cloudwaf.guard.ip_sets import io
from cloudwaf.guard.ip_sets.repository import IpEntryRepository, IpSetRepository
from cloudwaf.guard.ip_sets.schemas import (
    MAX_ENTRIES,
    ImportResult,
    IpEntryCreate,
    IpEntryRead,
    IpSetCreate,
    IpSetRead,
    IpSetUpdate,
)
from cloudwaf.guard.validators import cidr
from cloudwaf.guard.versioning import check_version
from cloudwaf.guard.writes import written
from cloudwaf.kit.pagination import PageParams
from cloudwaf.models import IpSet, IpSetEntry


def to_read(ip_set: IpSet, entry_count: int = 0) -> IpSetRead:
    return IpSetRead(
        id=ip_set.id,
        name=ip_set.name,
        description=ip_set.description,
        entry_count=entry_count,
        version=ip_set.version,
        created_at=ip_set.created_at,
        updated_at=ip_set.updated_at,
    )


def read_set(session: Session, principal: Principal, ip_set: IpSet) -> IpSetRead:
    return to_read(ip_set, IpEntryRepository(session, principal.scope).count(ip_set.id))


def entry_read(entry: IpSetEntry, now: datetime | None = None) -> IpEntryRead:
    read = IpEntryRead.model_validate(entry)
    read.expired = entry.expires_at is not None and entry.expires_at <= (now or datetime.now(UTC))
    return read


def list_sets(
    session: Session, principal: Principal, paging: PageParams, *, keyword: str | None, sort: str | None
) -> tuple[list[IpSetRead], int]:
    repo = IpSetRepository(session, principal.scope)
    items, total = repo.page(paging, keyword=keyword, sort=sort)
    counts = repo.entry_counts([s.id for s in items])
    return [to_read(s, counts.get(s.id, 0)) for s in items], total


def get_set(session: Session, principal: Principal, set_id: int) -> IpSet:
    ip_set = IpSetRepository(session, principal.scope).get(set_id)
    if ip_set is None:
        raise IpSetNotFound()
    return ip_set


def create_set(session: Session, principal: Principal, data: IpSetCreate) -> IpSet:
    repo = IpSetRepository(session, principal.scope)
    if repo.by_name(data.name):
        raise IpSetNameExists()
    ip_set = repo.add_unique(IpSet(name=data.name, description=data.description), IpSetNameExists)
    written(session, principal, "guard.ipset.create", "ip_set", ip_set.id, after=to_read(ip_set))
    return ip_set


def update_set(
    session: Session, principal: Principal, ip_set: IpSet, data: IpSetUpdate, expected: int | None
) -> IpSet:
    check_version(ip_set.version, expected)
    repo = IpSetRepository(session, principal.scope)
    before = to_read(ip_set)
    if data.name is not None and data.name != ip_set.name:
        if repo.by_name(data.name):
            raise IpSetNameExists()
        ip_set.name = data.name
    if data.description is not None:
        ip_set.description = data.description
    repo.save(ip_set, IpSetNameExists)
    written(
        session, principal, "guard.ipset.update", "ip_set", ip_set.id, before=before, after=to_read(ip_set)
    )
    return ip_set


def delete_set(session: Session, principal: Principal, ip_set: IpSet, expected: int | None) -> None:
    check_version(ip_set.version, expected)
    repo = IpSetRepository(session, principal.scope)
    users = repo.acl_rules_using(ip_set.id)
    if users:
        raise Conflict(f"ACL rule(s) {', '.join(map(str, users))} use this IP set; change them first")
    before = read_set(session, principal, ip_set)
    repo.delete(ip_set)  # entries go with it (ON DELETE CASCADE)
    written(session, principal, "guard.ipset.delete", "ip_set", before.id, before=before)


def list_entries(
    session: Session,
    principal: Principal,
    ip_set: IpSet,
    paging: PageParams,
    *,
    keyword: str | None,
    sort: str | None,
) -> tuple[list[IpEntryRead], int]:
    items, total = IpEntryRepository(session, principal.scope).page(
        ip_set.id, paging, keyword=keyword, sort=sort
    )
    now = datetime.now(UTC)
    return [entry_read(e, now) for e in items], total


def add_entry(session: Session, principal: Principal, ip_set: IpSet, data: IpEntryCreate) -> IpSetEntry:
    repo = IpEntryRepository(session, principal.scope)
    if data.expires_at is not None and data.expires_at <= datetime.now(UTC):
        raise BadRequest("expires_at is in the past")
    if repo.find(ip_set.id, data.ip):
        raise IpAlreadyInSet(f"{data.ip} is already in {ip_set.name}")
    if repo.count(ip_set.id) >= MAX_ENTRIES:
        raise BadRequest(f"an IP set holds at most {MAX_ENTRIES} entries")
    entry = repo.add_unique(
        IpSetEntry(ip_set_id=ip_set.id, ip=data.ip, comment=data.comment, expires_at=data.expires_at),
        IpAlreadyInSet,
    )
    written(session, principal, "guard.ipset.add_ip", "ip_set", ip_set.id, after=entry_read(entry))
    return entry


def remove_entry(
    session: Session,
    principal: Principal,
    ip_set: IpSet,
    *,
    entry_id: int | None = None,
    ip: str | None = None,
) -> IpSetEntry:
    repo = IpEntryRepository(session, principal.scope)
    if entry_id is not None:
        entry = repo.get(entry_id)
        entry = entry if entry is not None and entry.ip_set_id == ip_set.id else None
    else:
        try:
            entry = repo.find(ip_set.id, cidr(ip or ""))
        except ValueError as exc:
            raise BadRequest(str(exc)) from exc
    if entry is None:
        raise IpSetNotFound("no such entry in this IP set")
    before = entry_read(entry)
    repo.delete(entry)
    written(session, principal, "guard.ipset.remove_ip", "ip_set", ip_set.id, before=before)
    return entry


def import_entries(
    session: Session, principal: Principal, ip_set: IpSet, raw: bytes, fmt: str, replace: bool
) -> ImportResult:
    entries = io.parse(raw, fmt)
    repo = IpEntryRepository(session, principal.scope)
    if replace:
        repo.clear(ip_set.id)
        existing: set[str] = set()
    else:
        existing = repo.ips(ip_set.id)
    fresh = [(e.ip, e.comment, e.expires_at) for e in entries if e.ip not in existing]
    total = len(existing) + len(fresh)
    if total > MAX_ENTRIES:
        raise BadRequest(f"the set would hold {total} entries; at most {MAX_ENTRIES}")
    repo.bulk_insert(ip_set.id, fresh, datetime.now(UTC))
    result = ImportResult(
        added=len(fresh), skipped_duplicates=len(entries) - len(fresh), replaced=replace, entry_count=total
    )
    written(session, principal, "guard.ipset.import", "ip_set", ip_set.id, extra=result.model_dump())
    return result


def export_entries(session: Session, principal: Principal, ip_set: IpSet, fmt: str) -> str:
    rows = IpEntryRepository(session, principal.scope).stream(ip_set.id)
    return "".join(io.export_lines(rows, fmt))
