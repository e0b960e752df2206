"""Declarative configuration: export an OEM's guard configuration as one YAML document, and make
the platform match such a document idempotently (plan first: create / update / delete / unchanged).

Objects are matched by natural keys, never by ids, so a file moves between OEMs and platforms:
schedules, IP sets, policies and domains by name; forwards by (domain, path_prefix); CC and ACL
rules by (domain, name). References (a domain's policy, a rule's schedule, an ACL condition's IP
set, bound certificates, node groups) are written as names. Certificates travel by reference only:
the file names them, their keys never leave the server.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from cloudwaf.zcloud.client import Client

API_VERSION = "cloudwaf/v1"
KIND = "GuardConfig"

# Fields the server computes: never exported, never compared.
SERVER_FIELDS = frozenset({"id", "version", "created_at", "updated_at", "entry_count", "domain_count",
                           "is_default", "builtin", "name_ascii", "cert_ids", "expired"})


class ConfigError(ValueError):
    """The document is not a valid configuration (unknown reference, duplicate key...)."""


@dataclass
class Change:
    action: str  # create | update | delete | unchanged
    kind: str
    key: str
    fields: list[str] = field(default_factory=list)
    run: Callable[[], None] | None = None


def _clean(obj: dict[str, Any], drop: set[str] = frozenset()) -> dict[str, Any]:
    return {k: v for k, v in obj.items() if k not in SERVER_FIELDS and k not in drop}


class Snapshot:
    """The platform's current guard configuration, with id <-> name maps for references."""

    def __init__(self, client: Client) -> None:
        get = client.paginate
        self.schedules = get("guard/schedules")
        self.ip_sets = get("guard/ip-sets")
        self.policies = get("guard/policies")
        self.domains = get("guard/domains")
        self.forwards = get("guard/forwards")
        self.cc_rules = get("guard/cc-rules")
        self.acl_rules = get("guard/acl-rules")
        self.certs = get("guard/certs")
        self.groups = get("node/groups")
        self.entries = {s["id"]: get(f"guard/ip-sets/{s['id']}/ips") for s in self.ip_sets}

    @staticmethod
    def names(items: list[dict]) -> dict[int, str]:
        return {item["id"]: item["name"] for item in items}


def _entry_out(entry: dict) -> str | dict:
    if not entry.get("comment") and not entry.get("expires_at"):
        return entry["ip"]
    return {k: entry[k] for k in ("ip", "comment", "expires_at") if entry.get(k)}


def _conditions_out(conditions: list[dict], set_names: dict[int, str]) -> list[dict]:
    out = []
    for cond in conditions:
        cond = {k: v for k, v in cond.items() if v is not None}
        if cond["field"] == "ip_set":
            values = cond["value"] if isinstance(cond["value"], list) else [cond["value"]]
            named = [set_names[int(v)] for v in values]
            cond["value"] = named if isinstance(cond["value"], list) else named[0]
        out.append(cond)
    return out


def export_config(client: Client) -> dict[str, Any]:
    snap = Snapshot(client)
    schedule_names, set_names = snap.names(snap.schedules), snap.names(snap.ip_sets)
    policy_names, group_names = snap.names(snap.policies), snap.names(snap.groups)
    domain_names, cert_names = snap.names(snap.domains), snap.names(snap.certs)

    def schedule_ref(rule: dict) -> dict:
        rule = dict(rule)
        sid = rule.pop("schedule_id", None)
        rule["schedule"] = schedule_names.get(sid) if sid else None
        return rule

    domains = []
    for dom in sorted(snap.domains, key=lambda d: d["name"]):
        item = _clean(dom, {"policy_id", "node_group_id"})
        item["policy"] = policy_names[dom["policy_id"]]
        item["node_group"] = group_names.get(dom["node_group_id"], "default")
        item["certs"] = sorted(cert_names[c] for c in dom.get("cert_ids", []) if c in cert_names)
        # An unnamed forward reads back as name "", which create refuses: leave it out.
        item["forwards"] = sorted((_clean(f, {"domain_id"} | ({"name"} if not f.get("name") else set()))
                                   for f in snap.forwards if f["domain_id"] == dom["id"]),
                                  key=lambda f: f["path_prefix"])
        item["cc_rules"] = sorted((schedule_ref(_clean(r, {"domain_id"})) for r in snap.cc_rules
                                   if r["domain_id"] == dom["id"]), key=lambda r: r["name"])
        domains.append(item)

    acl_rules = []
    for rule in snap.acl_rules:
        item = schedule_ref(_clean(rule, {"domain_id"}))
        item["domain"] = domain_names.get(rule["domain_id"]) if rule["domain_id"] else None
        item["conditions"] = _conditions_out(rule["conditions"], set_names)
        acl_rules.append(item)

    return {
        "apiVersion": API_VERSION,
        "kind": KIND,
        "schedules": sorted(
            (_clean(s) for s in snap.schedules if not s.get("builtin")), key=lambda s: s["name"]
        ),
        "ip_sets": sorted(({**_clean(s), "entries": sorted((_entry_out(e) for e in snap.entries[s["id"]]),
                                                          key=lambda e: e if isinstance(e, str) else e["ip"])}
                           for s in snap.ip_sets), key=lambda s: s["name"]),
        "policies": sorted((_clean(p) for p in snap.policies), key=lambda p: p["name"]),
        "domains": domains,
        "acl_rules": sorted(acl_rules, key=lambda r: (r["domain"] or "", r["priority"], r["name"])),
    }


class Planner:
    """Compares a document with the platform and prepares the calls that make them equal."""

    def __init__(self, client: Client, doc: dict[str, Any], prune: bool) -> None:
        if doc.get("apiVersion") != API_VERSION or doc.get("kind") != KIND:
            raise ConfigError(f"expected apiVersion: {API_VERSION} and kind: {KIND}")
        self.client = client
        self.doc = doc
        self.prune = prune
        self.snap = Snapshot(client)
        self.changes: list[Change] = []
        self._deletes: list[Change] = []
        # name -> id, filled as objects are created during apply (references to new objects)
        self.ids: dict[str, dict[str, int]] = {
            "schedule": {s["name"]: s["id"] for s in self.snap.schedules},
            "ip_set": {s["name"]: s["id"] for s in self.snap.ip_sets},
            "policy": {p["name"]: p["id"] for p in self.snap.policies},
            "domain": {d["name"]: d["id"] for d in self.snap.domains},
            "cert": {c["name"]: c["id"] for c in self.snap.certs},
            "group": {g["name"]: g["id"] for g in self.snap.groups},
        }

    # -- helpers ---------------------------------------------------------------------------
    def ref(self, kind: str, name: str | None) -> int | None:
        if name is None:
            return None
        try:
            return self.ids[kind][name]
        except KeyError:
            raise ConfigError(f"{kind} {name!r} is referenced but does not exist") from None

    def _known(self, kind: str, name: str | None, declared: set[str]) -> None:
        if name is not None and name not in self.ids[kind] and name not in declared:
            raise ConfigError(f"{kind} {name!r} is referenced but neither exists nor is declared")

    def _diff(
        self, kind: str, key: str, current: dict | None, desired: dict[str, Any],
        create: Callable[[], None], update: Callable[[], None], compare: dict[str, Any] | None = None,
    ) -> None:
        if current is None:
            self.changes.append(Change("create", kind, key, sorted(desired), create))
            return
        wanted = compare if compare is not None else desired
        changed = sorted(k for k, v in wanted.items() if current.get(k) != v)
        if changed:
            self.changes.append(Change("update", kind, key, changed, update))
        else:
            self.changes.append(Change("unchanged", kind, key))

    def _unique(self, kind: str, keys: list[Any]) -> None:
        seen = set()
        for key in keys:
            if key in seen:
                raise ConfigError(f"{kind} {key!r} is declared twice")
            seen.add(key)

    # -- plan ------------------------------------------------------------------------------
    def plan(self) -> list[Change]:
        self._plan_schedules()
        self._plan_ip_sets()
        self._plan_policies()
        self._plan_domains()
        self._plan_acl_rules()
        # Deletes run last and in reverse dependency order (rules before domains before policies).
        self.changes.extend(reversed(self._deletes))
        return self.changes

    def _prune(self, kind: str, current: list[dict], keep: set, key: Callable[[dict], Any], path: str,
               skip: Callable[[dict], bool] = lambda _item: False) -> None:
        if not self.prune:
            return
        for item in current:
            if key(item) not in keep and not skip(item):
                self._deletes.append(Change("delete", kind, str(key(item)), [],
                                            lambda i=item: self.client.delete(f"{path}/{i['id']}")))

    def _plan_schedules(self) -> None:
        desired = self.doc.get("schedules") or []
        self._unique("schedule", [s["name"] for s in desired])
        current = {s["name"]: s for s in self.snap.schedules}
        for spec in desired:
            cur = current.get(spec["name"])

            def create(spec=spec) -> None:
                self.ids["schedule"][spec["name"]] = self.client.post("guard/schedules", json=spec)["id"]

            def update(spec=spec, cur=cur) -> None:
                self.client.patch(f"guard/schedules/{cur['id']}", json={**spec, "version": cur["version"]})

            self._diff("schedule", spec["name"], cur, spec, create, update)
        self._prune("schedule", self.snap.schedules, {s["name"] for s in desired}, lambda s: s["name"],
                    "guard/schedules", skip=lambda s: s.get("builtin", False))

    def _plan_ip_sets(self) -> None:
        desired = self.doc.get("ip_sets") or []
        self._unique("ip_set", [s["name"] for s in desired])
        current = {s["name"]: s for s in self.snap.ip_sets}
        for spec in desired:
            meta = {k: v for k, v in spec.items() if k != "entries"}
            entries = sorted((e if isinstance(e, str) else e["ip"], e) for e in spec.get("entries") or [])
            cur = current.get(spec["name"])
            cur_entries = []
            if cur:
                cur_entries = sorted((e["ip"], _entry_out(e)) for e in self.snap.entries.get(cur["id"], []))
            body = _entries_csv([e for _, e in entries])

            def create(meta=meta, body=body) -> None:
                set_id = self.client.post("guard/ip-sets", json=meta)["id"]
                self.ids["ip_set"][meta["name"]] = set_id
                if body:
                    self._import(set_id, body)

            def update(meta=meta, body=body, cur=cur, entries=entries, cur_entries=cur_entries) -> None:
                if any(cur.get(k) != v for k, v in meta.items()):
                    self.client.patch(f"guard/ip-sets/{cur['id']}", json={**meta, "version": cur["version"]})
                if entries != cur_entries:
                    self._import(cur["id"], body)

            compare = {**meta, "entries": [e for _, e in entries]}
            current_view = {**cur, "entries": [e for _, e in cur_entries]} if cur else None
            self._diff("ip_set", spec["name"], current_view, compare, create, update)
        self._prune("ip_set", self.snap.ip_sets, {s["name"] for s in desired}, lambda s: s["name"],
                    "guard/ip-sets")

    def _import(self, set_id: int, body: str) -> None:
        self.client.post(f"guard/ip-sets/{set_id}/import", params={"format": "csv", "replace": True},
                         content=body.encode(), headers={"Content-Type": "text/csv"})

    def _plan_policies(self) -> None:
        desired = self.doc.get("policies") or []
        self._unique("policy", [p["name"] for p in desired])
        current = {p["name"]: p for p in self.snap.policies}
        for spec in desired:
            cur = current.get(spec["name"])

            def create(spec=spec) -> None:
                self.ids["policy"][spec["name"]] = self.client.post("guard/policies", json=spec)["id"]

            def update(spec=spec, cur=cur) -> None:
                self.client.patch(f"guard/policies/{cur['id']}", json={**spec, "version": cur["version"]})

            self._diff("policy", spec["name"], cur, spec, create, update)
        self._prune("policy", self.snap.policies, {p["name"] for p in desired}, lambda p: p["name"],
                    "guard/policies", skip=lambda p: p.get("is_default", False))

    def _plan_domains(self) -> None:
        desired = self.doc.get("domains") or []
        self._unique("domain", [d["name"] for d in desired])
        declared_policies = {p["name"] for p in self.doc.get("policies") or []}
        declared_schedules = {s["name"] for s in self.doc.get("schedules") or []}
        current = {d["name"]: d for d in self.snap.domains}
        for spec in desired:
            self._known("policy", spec.get("policy"), declared_policies)
            self._known("group", spec.get("node_group"), set())
            for cert in spec.get("certs") or []:
                self._known("cert", cert, set())
            not_in_body = ("policy", "node_group", "certs", "forwards", "cc_rules")
            base = {k: v for k, v in spec.items() if k not in not_in_body}
            cur = current.get(spec["name"])
            cur_view = None
            if cur:
                cur_view = {**cur, "policy": self._name_of("policy", cur["policy_id"]),
                            "node_group": self._name_of("group", cur["node_group_id"]),
                            "certs": sorted(self._name_of("cert", c) for c in cur.get("cert_ids", []))}
            compare = {**base, "policy": spec.get("policy"), "node_group": spec.get("node_group", "default"),
                       "certs": sorted(spec.get("certs") or [])}
            compare = {k: v for k, v in compare.items() if k in spec or k in ("node_group", "certs")}

            def body(spec=spec, base=base) -> dict:
                out = dict(base)
                if spec.get("policy"):
                    out["policy_id"] = self.ref("policy", spec["policy"])
                out["node_group_id"] = self.ref("group", spec.get("node_group", "default"))
                return out

            def create(spec=spec, body=body) -> None:
                domain_id = self.client.post("guard/domains", json=body())["id"]
                self.ids["domain"][spec["name"]] = domain_id
                for cert in spec.get("certs") or []:
                    cert_id = self.ref("cert", cert)
                    self.client.post(f"guard/domains/{domain_id}/certs", json={"cert_id": cert_id})

            def update(spec=spec, cur=cur, body=body) -> None:
                self.client.patch(f"guard/domains/{cur['id']}", json={**body(), "version": cur["version"]})
                wanted = {self.ref("cert", c) for c in spec.get("certs") or []}
                have = set(cur.get("cert_ids", []))
                for cert_id in wanted - have:
                    self.client.post(f"guard/domains/{cur['id']}/certs", json={"cert_id": cert_id})
                for cert_id in have - wanted:
                    self.client.delete(f"guard/domains/{cur['id']}/certs/{cert_id}")

            self._diff("domain", spec["name"], cur_view, compare, create, update)
            self._plan_children(spec, cur, declared_schedules)
        self._prune("domain", self.snap.domains, {d["name"] for d in desired}, lambda d: d["name"],
                    "guard/domains")

    def _name_of(self, kind: str, id_: int) -> str | None:
        return next((name for name, i in self.ids[kind].items() if i == id_), None)

    def _plan_children(self, spec: dict, cur_domain: dict | None, declared_schedules: set[str]) -> None:
        dom = spec["name"]
        cur_id = cur_domain["id"] if cur_domain else None
        forwards = {f["path_prefix"]: f for f in self.snap.forwards if f["domain_id"] == cur_id}
        self._unique("forward", [f["path_prefix"] for f in spec.get("forwards") or []])
        for fwd in spec.get("forwards") or []:
            cur = forwards.get(fwd["path_prefix"])
            self._diff(
                "forward", f"{dom} {fwd['path_prefix']}", cur, fwd,
                lambda fwd=fwd: self.client.post(
                    "guard/forwards", json={**fwd, "domain_id": self.ref("domain", dom)}
                ),
                lambda fwd=fwd, cur=cur: self.client.patch(f"guard/forwards/{cur['id']}",
                                                           json={**fwd, "version": cur["version"]}),
            )
        self._prune("forward", list(forwards.values()),
                    {f["path_prefix"] for f in spec.get("forwards") or []},
                    lambda f: f["path_prefix"], "guard/forwards")

        rules = {r["name"]: r for r in self.snap.cc_rules if r["domain_id"] == cur_id}
        self._unique("cc_rule", [r["name"] for r in spec.get("cc_rules") or []])
        for rule in spec.get("cc_rules") or []:
            self._known("schedule", rule.get("schedule"), declared_schedules)
            cur = rules.get(rule["name"])
            cur_view = None
            if cur:
                cur_view = {
                    **cur,
                    "schedule": self._name_of("schedule", cur["schedule_id"]) if cur["schedule_id"] else None,
                }
            fields = {k: v for k, v in rule.items() if k != "schedule"}

            def body(rule=rule, fields=fields) -> dict:
                return {**fields, "schedule_id": self.ref("schedule", rule.get("schedule"))}

            self._diff(
                "cc_rule", f"{dom} {rule['name']}", cur_view, {**fields, "schedule": rule.get("schedule")},
                lambda body=body: self.client.post(
                    "guard/cc-rules", json={**body(), "domain_id": self.ref("domain", dom)}
                ),
                lambda body=body, cur=cur: self.client.patch(f"guard/cc-rules/{cur['id']}",
                                                             json={**body(), "version": cur["version"]}),
            )
        self._prune("cc_rule", list(rules.values()), {r["name"] for r in spec.get("cc_rules") or []},
                    lambda r: r["name"], "guard/cc-rules")

    def _plan_acl_rules(self) -> None:
        desired = self.doc.get("acl_rules") or []
        self._unique("acl_rule", [(r.get("domain"), r["name"]) for r in desired])
        declared_domains = {d["name"] for d in self.doc.get("domains") or []}
        declared_sets = {s["name"] for s in self.doc.get("ip_sets") or []}
        declared_schedules = {s["name"] for s in self.doc.get("schedules") or []}
        domain_names = Snapshot.names(self.snap.domains)
        set_names = Snapshot.names(self.snap.ip_sets)
        current = {(domain_names.get(r["domain_id"]) if r["domain_id"] else None, r["name"]): r
                   for r in self.snap.acl_rules}
        for rule in desired:
            self._known("domain", rule.get("domain"), declared_domains)
            self._known("schedule", rule.get("schedule"), declared_schedules)
            for cond in rule["conditions"]:
                if cond["field"] == "ip_set":
                    for name in cond["value"] if isinstance(cond["value"], list) else [cond["value"]]:
                        self._known("ip_set", name, declared_sets)
            key = (rule.get("domain"), rule["name"])
            cur = current.get(key)
            cur_view = None
            if cur:
                cur_view = {
                    **cur,
                    "domain": key[0],
                    "conditions": _conditions_out(cur["conditions"], set_names),
                    "schedule": self._name_of("schedule", cur["schedule_id"]) if cur["schedule_id"] else None,
                }
            compare = {**rule, "domain": rule.get("domain"), "schedule": rule.get("schedule")}

            def body(rule=rule) -> dict:
                out = {k: v for k, v in rule.items() if k not in ("domain", "schedule", "conditions")}
                out["conditions"] = [self._condition_in(c) for c in rule["conditions"]]
                out["schedule_id"] = self.ref("schedule", rule.get("schedule"))
                return out

            def create(rule=rule, body=body) -> None:
                payload = {**body(), "domain_id": self.ref("domain", rule.get("domain"))}
                self.client.post("guard/acl-rules", json=payload)

            def update(body=body, cur=cur, rule=rule) -> None:
                payload = {**body(), "version": cur["version"]}
                if payload["schedule_id"] is None:
                    payload["clear_schedule"] = True
                self.client.patch(f"guard/acl-rules/{cur['id']}", json=payload)

            self._diff("acl_rule", f"{key[0] or '*'} {key[1]}", cur_view, compare, create, update)
        keep = {(r.get("domain"), r["name"]) for r in desired}
        self._prune("acl_rule", self.snap.acl_rules, keep,
                    lambda r: (domain_names.get(r["domain_id"]) if r["domain_id"] else None, r["name"]),
                    "guard/acl-rules")

    def _condition_in(self, cond: dict) -> dict:
        if cond["field"] != "ip_set":
            return cond
        values = cond["value"] if isinstance(cond["value"], list) else [cond["value"]]
        ids = [str(self.ref("ip_set", v)) for v in values]
        return {**cond, "value": ids if isinstance(cond["value"], list) else ids[0]}


def _entries_csv(entries: list[str | dict]) -> str:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    for entry in entries:
        if isinstance(entry, str):
            writer.writerow([entry, "", ""])
        else:
            writer.writerow([entry["ip"], entry.get("comment", ""), entry.get("expires_at", "") or ""])
    return buf.getvalue()
