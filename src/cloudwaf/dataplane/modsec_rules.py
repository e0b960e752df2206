"""Per-domain ModSecurity deltas: policy, ACL, CC bans and exclusions as rule objects.

Measured on libmodsecurity 3.0.9 + ModSecurity-nginx 1.0.3: rules given in a `server` are
evaluated *before* the http-level CRS rules of the same phase, so a phase-1 rule here can set
tx.paranoia_level before REQUEST-901 reads it, and runtime `ctl:` exclusions here run before
the CRS rules they affect. Configure-time SecRuleRemove*/SecRuleUpdateTarget* in a server act
on the merged CRS regardless of their position.

Every operator argument is built from validated values (grammar.py) or hex-escaped literals
(escape.literal_regex); the only free-form user text, a regex, cannot contain quotes or `%{`.
Messages never carry user text, only ids.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from cloudwaf.dataplane import profiles
from cloudwaf.dataplane import schedule as schedules
from cloudwaf.dataplane.escape import literal_regex
from cloudwaf.dataplane.layout import Layout
from cloudwaf.dataplane.snapshot import (
    RESPONSE_RULE_GROUPS,
    SWITCHABLE_RULE_GROUPS,
    AclCondition,
    AclRule,
    CcRule,
    DomainSnapshot,
    Schedule,
)

# Rule ids owned by Cloud WAF inside each server (CRS uses 900000-999999, the Debian base
# engine config 200000-200007). Each block leaves room for 99,999 rules.
ID_POLICY = 10_000_000
ID_ACL = 10_100_000
ID_CC = 10_200_000
ID_EXCLUSION = 10_300_000
ID_MODE = 10_400_000


@dataclass
class Link:
    variable: str | None  # None: SecAction
    operator: str = ""
    actions: list[str] = field(default_factory=list)


@dataclass
class Rule:
    comment: str
    links: list[Link]


@dataclass
class DomainRules:
    directives: list[str]  # configure-time directives (SecRuleRemoveById ...)
    phase1: list[Rule]
    phase2: list[Rule]
    cc_limit_req: list[CcRule]  # handled by nginx limit_req instead


def _rx_alternatives(regexes: list[str]) -> str:
    return regexes[0] if len(regexes) == 1 else "(?:" + ")|(?:".join(regexes) + ")"


def _literal(value: str, op: str) -> str:
    return literal_regex(value, anchor_start=op in ("eq", "prefix", "in"), anchor_end=op in ("eq", "in"))


def _string_operator(cond: AclCondition) -> str:
    values = cond.value if isinstance(cond.value, list) else [cond.value]
    if cond.op == "regex":
        return "@rx " + _rx_alternatives(values)
    return "@rx " + _rx_alternatives([_literal(v, cond.op) for v in values])


def _condition_links(cond: AclCondition, layout: Layout) -> list[Link] | None:
    """The chain links for one condition, or None when it can never match on this node."""
    values = cond.value if isinstance(cond.value, list) else [cond.value]
    if cond.field == "ip":
        return [Link("REMOTE_ADDR", "@ipMatch " + ",".join(values))]
    if cond.field == "ip_set":
        return [Link("REMOTE_ADDR", f"@ipMatchFromFile {layout.conf_dir}/{ip_set_file(values)}")]
    if cond.field == "country":
        if layout.geoip_db is None:
            return None
        return [
            Link("REMOTE_ADDR", "@geoLookup"),
            Link("GEO:COUNTRY_CODE", "@rx ^(?:" + "|".join(values) + ")$"),
        ]
    if cond.field == "method":
        return [Link("REQUEST_METHOD", "@rx ^(?:" + "|".join(values) + ")$")]
    if cond.field == "path":
        # Normalised so that /a/../admin or %2e%2e tricks match what nginx routes.
        return [Link("REQUEST_FILENAME", _string_operator(cond), ["t:urlDecodeUni", "t:normalizePath"])]
    variable = {
        "header": f"REQUEST_HEADERS:{cond.name}",
        "user_agent": "REQUEST_HEADERS:User-Agent",
        "arg": f"ARGS:{cond.name}",
    }[cond.field]
    return [Link(variable, _string_operator(cond))]


def ip_set_file(set_ids: list[str]) -> str:
    """Relative path of the file holding one IP set, or the union of several."""
    return "ipsets/" + "_".join(sorted(set_ids, key=int)) + ".txt"


def _schedule_link(sched: Schedule | None, at: datetime) -> list[Link]:
    if sched is None:
        return []
    return [Link("TX:cloudwaf_clock", "@rx " + schedules.clock_regex(sched, at))]


def _chain(comment: str, head: list[str], links: list[Link], tail: list[str] = ()) -> Rule:
    """Attach id/phase/disruptive actions to the first link, `tail` (setvar/exec) to the last."""
    for i, link in enumerate(links):
        link.actions = (head if i == 0 else []) + ["t:none"] + link.actions
        if i < len(links) - 1:
            link.actions.append("chain")
    links[-1].actions.extend(tail)
    return Rule(comment, links)


def _acl_order(rule: AclRule) -> tuple[int, int, int]:
    # allow rules first so that they win over deny; then by priority, then id for stability
    return ({"allow": 0, "deny": 1, "log": 2}[rule.action], rule.priority, rule.id)


def _acl_rules(domain: DomainSnapshot, layout: Layout, at: datetime) -> tuple[list[Rule], list[Rule]]:
    phase1: list[Rule] = []
    phase2: list[Rule] = []
    for seq, rule in enumerate(sorted(domain.acl_rules, key=_acl_order)):
        links: list[Link] = _schedule_link(rule.schedule, at)
        reachable = True
        for cond in rule.conditions:
            cond_links = _condition_links(cond, layout)
            if cond_links is None:
                reachable = False
                break
            links.extend(cond_links)
        comment = f"acl rule {rule.id} ({rule.action}, priority {rule.priority})"
        if not reachable:
            phase1.append(Rule(comment + ": skipped, country needs a GeoIP database on this node", []))
            continue
        # Body arguments exist only in phase 2; everything else decides in phase 1.
        phase = 2 if any(c.field == "arg" for c in rule.conditions) else 1
        action = {
            "allow": ["allow", "nolog"],
            "deny": ["deny", "status:403", "log", "auditlog"],
            "log": ["pass", "log", "auditlog"],
        }[rule.action]
        head = [f"id:{ID_ACL + seq}", f"phase:{phase}", *action,
                f"msg:'cloudwaf acl {rule.id} {rule.action}'", "tag:'cloudwaf/acl'"]  # fmt: skip
        (phase1 if phase == 1 else phase2).append(_chain(comment, head, links))
    return phase1, phase2


def uses_lua(rule: CcRule) -> bool:
    """Bans, scheduled limits and path regexes need the shared Lua counter behind a ModSecurity
    rule; plain rejects use nginx limit_req."""
    return rule.action == "ban" or rule.schedule is not None or rule.path_regex is not None


def _cc_key_macro(key: str) -> str:
    if key == "ip":
        return "%{REMOTE_ADDR}"
    if key == "ip_path":
        return "%{REMOTE_ADDR} %{REQUEST_FILENAME}"
    return "%{REQUEST_HEADERS." + key.removeprefix("header:") + "}"


def _cc_rules(domain: DomainSnapshot, layout: Layout, at: datetime) -> list[Rule]:
    rules: list[Rule] = []
    for seq, cc in enumerate(r for r in domain.cc_rules if uses_lua(r)):
        name = f"d{domain.id}-r{cc.id}"
        links = [Link("REQUEST_FILENAME", f"@beginsWith {cc.path}")]
        if cc.path_regex:
            links.append(Link("REQUEST_FILENAME", "@rx " + cc.path_regex))
        if cc.methods:
            links.append(Link("REQUEST_METHOD", "@rx ^(?:" + "|".join(cc.methods) + ")$"))
        links.extend(_schedule_link(cc.schedule, at))
        tail = [
            f"setvar:'tx.cc_key={_cc_key_macro(cc.key)}'",
            f"setvar:tx.cc_name={name}",
            f"setvar:tx.cc_limit={cc.limit}",
            f"setvar:tx.cc_window={cc.window_seconds}",
            f"setvar:tx.cc_ban={cc.ban_seconds if cc.action == 'ban' else 0}",
            f"setvar:tx.cc_dir={layout.state_dir}",
            f"exec:{layout.lua_dir}/cc_limit.lua",
        ]
        scope_id = ID_CC + 2 * seq
        rules.append(_chain(f"cc rule {cc.id}: scope, count", [f"id:{scope_id}", "phase:1", "pass", "nolog"],
                            links, tail))  # fmt: skip
        rules.append(
            _chain(
                f"cc rule {cc.id}: verdict",
                [f"id:{scope_id + 1}", "phase:1", "deny", "status:429", "log", "auditlog",
                 f"msg:'cloudwaf cc {cc.id} {cc.action}'", "tag:'cloudwaf/cc'"],  # fmt: skip
                [Link("TX:cc_verdict", f"@streq {name}")],
            )
        )
    return rules


def _group_removals(enabled: list[str]) -> list[str]:
    return [f"SecRuleRemoveById {g}000-{g}999" for g in SWITCHABLE_RULE_GROUPS if g not in enabled]


def _exclusions(domain: DomainSnapshot) -> tuple[list[str], list[Rule]]:
    """Exclusions without a path become configure-time directives; with a path they become
    phase-1 `ctl:` actions on a path match, which run before CRS (see module docstring)."""
    directives: list[str] = []
    rules: list[Rule] = []
    for seq, exc in enumerate(domain.policy.exclusions):
        by_id = [str(i) for i in exc.rule_ids]
        if exc.path_prefix is None:
            if exc.target is None:
                directives += [f"SecRuleRemoveById {i}" for i in by_id]
                directives += [f"SecRuleRemoveByTag {t}" for t in exc.tags]
            else:
                directives += [f'SecRuleUpdateTargetById {i} "!{exc.target}"' for i in by_id]
                directives += [f'SecRuleUpdateTargetByTag {t} "!{exc.target}"' for t in exc.tags]
            continue
        if exc.target is None:
            ctl = [f"ctl:ruleRemoveById={i}" for i in by_id]
            ctl += [f"ctl:ruleRemoveByTag={t}" for t in exc.tags]
        else:
            ctl = [f"ctl:ruleRemoveTargetById={i};{exc.target}" for i in by_id]
            ctl += [f"ctl:ruleRemoveTargetByTag={t};{exc.target}" for t in exc.tags]
        link = Link(
            "REQUEST_FILENAME", f"@beginsWith {exc.path_prefix}", ["t:urlDecodeUni", "t:normalizePath"]
        )
        head = [f"id:{ID_EXCLUSION + seq}", "phase:1", "pass", "nolog"]
        rules.append(_chain(f"exclusion {seq} under {exc.path_prefix}", head, [link], ctl))
    return directives, rules


def _policy_prelude(domain: DomainSnapshot, needs_clock: bool) -> list[Rule]:
    policy = domain.policy
    content_types = " ".join(f"|{t}|" for t in profiles.allowed_content_types(policy.allowed_content_types))
    setvars = [
        *profiles.server_setvars(policy.profile, policy.paranoia_level, policy.app_exclusions),
        f"setvar:tx.inbound_anomaly_score_threshold={policy.inbound_threshold}",
        f"setvar:tx.outbound_anomaly_score_threshold={policy.outbound_threshold}",
        f"setvar:'tx.allowed_methods={' '.join(policy.allowed_methods)}'",
        f"setvar:'tx.allowed_request_content_type={content_types}'",
    ]
    if needs_clock:
        setvars.append("setvar:'tx.cloudwaf_clock=%{TIME_WDAY}-%{TIME}'")
    comment = f"policy {policy.id}, profile {policy.profile}: settings read by CRS and the profile evaluation"
    return [Rule(comment, [Link(None, "", [f"id:{ID_POLICY}", "phase:1", "pass", "nolog", *setvars])])]


def build_domain_rules(domain: DomainSnapshot, layout: Layout, at: datetime) -> DomainRules:
    policy = domain.policy
    needs_clock = any(r.schedule for r in domain.acl_rules) or any(r.schedule for r in domain.cc_rules)
    acl1, acl2 = _acl_rules(domain, layout, at)
    exclusion_directives, exclusion_rules = _exclusions(domain)

    directives: list[str] = []
    if policy.mode == "off":
        # CRS and the profile evaluation out entirely; ACL and CC rules keep working.
        directives.append("SecRuleRemoveById 900000-999999")
        directives.append(f"SecRuleRemoveById {profiles.NODE_RULE_RANGE}")
    else:
        directives += _group_removals(policy.rule_groups)
        directives += exclusion_directives
        if RESPONSE_RULE_GROUPS & set(policy.rule_groups):
            directives.append("SecResponseBodyAccess On")
    directives.append(f"SecRequestBodyLimit {policy.request_body_limit}")
    directives.append(f"SecRequestBodyNoFilesLimit {min(policy.request_body_limit, 1024 * 1024)}")

    phase1 = _policy_prelude(domain, needs_clock) + acl1 + _cc_rules(domain, layout, at)
    if policy.mode != "off":
        phase1 += exclusion_rules
    phase2 = list(acl2)
    if policy.mode == "detect":
        # Switch to detection only after the ACL/CC rules have had their say, and before
        # CRS's phase-2 blocking evaluation (949110) runs.
        phase2.append(Rule("policy mode detect: CRS logs but does not block",
                           [Link(None, "", [f"id:{ID_MODE}", "phase:2", "pass", "nolog",
                                            "ctl:ruleEngine=DetectionOnly"])]))  # fmt: skip
    cc_limit_req = [r for r in domain.cc_rules if not uses_lua(r)]
    return DomainRules(directives, phase1, phase2, cc_limit_req)


def render_rule(rule: Rule) -> str:
    if not rule.links:
        return f"# {rule.comment}"
    lines = [f"# {rule.comment}"]
    for i, link in enumerate(rule.links):
        indent = "    " if i else ""
        actions = ",".join(link.actions)
        if link.variable is None:
            lines.append(f'{indent}SecAction "{actions}"')
        else:
            lines.append(f'{indent}SecRule {link.variable} "{link.operator}" "{actions}"')
    return "\n".join(lines)
