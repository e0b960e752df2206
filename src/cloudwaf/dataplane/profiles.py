"""Protection profiles: how a policy turns CRS matches into a verdict.

CRS's plain anomaly sum blocks on any single critical match, and a dozen CRS rules match real
browser traffic all day (JSON bodies, tokens, cookies). A profile replaces that one sum
(REQUEST-949's 949110 is removed node-wide) with our own evaluation, in SecLang on the node:

* every CRS rule is in one of four classes, by measurement on the tuning half of the public
  corpora (bench/effectiveness.py, bench/rule_matrix.py; never on the check half):
  - strong: blocks alone. Default for PL1 rules, plus the PL2/3 rules in PROMOTED;
  - firm: blocks alone only in strict. Default for PL2/3 rules, plus the PL1 rules in FIRM;
  - weak (WEAK): counted per family, and only when libinjection (@detectSQLi / @detectXSS,
    LIBINJECTION) agrees in the same family, or when enough weak rules of a family agree;
* our own signatures (templates/profiles/node.conf.j2) add what CRS 3.3 misses (JavaScript
  sinks and obfuscation, payloads in the URL path and Referer, NoSQL/LDAP/SSTI/SSI/XXE/JNDI).

The defaults are found without listing every CRS rule: the evaluation starts from CRS's own
per-paranoia-level sums and subtracts what the listed rules added (each listed rule gets one
extra `setvar` by SecRuleUpdateActionById, appended after CRS is loaded, once per node).

Per server, a profile is only a handful of `setvar`s in the policy's phase-1 rule (thresholds,
paranoia, allowed content types, application exclusion packages), so CRS stays loaded once.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined

PROFILES = ("balanced", "strict", "paranoid")

# CRS 3.3's application exclusion packages (REQUEST-903.900x), switched on per policy.
APP_EXCLUSIONS = ("wordpress", "drupal", "nextcloud", "dokuwiki", "cpanel", "xenforo")

# Cloud WAF's node-wide rule ids: own signatures, then the evaluation. Per-server rules live
# in 10_000_000-10_499_999 (modsec_rules.py).
ID_SIGNATURES = 10_500_000
ID_EVALUATION = 10_600_000
NODE_RULE_RANGE = "10500000-10699999"


@dataclass(frozen=True)
class Profile:
    name: str
    executing_paranoia: int  # CRS rules above it do not run (cost); ≥ the PL of rules it uses
    firm_blocks: bool  # a firm signal blocks alone
    weak_quorum: int  # distinct weak rules of one family that block without libinjection
    corroboration: int  # weak rules needed next to a libinjection match of the same family
    crs_sum: bool  # also block on CRS's classic anomaly sum (policy paranoia and threshold)


_PROFILES = {
    "balanced": Profile("balanced", executing_paranoia=2, firm_blocks=False, weak_quorum=3, corroboration=1,
                        crs_sum=False),
    "strict": Profile("strict", executing_paranoia=3, firm_blocks=True, weak_quorum=2, corroboration=1,
                      crs_sum=False),
    "paranoid": Profile("paranoid", executing_paranoia=3, firm_blocks=True, weak_quorum=2, corroboration=1,
                        crs_sum=True),
}  # fmt: skip

# Content types every profile accepts on top of the policy's list: what real APIs and
# browsers send (920420 otherwise fires on ~10 % of captured browser traffic). Bodies of
# JSON-like types are parsed as JSON node-wide (waf/main.conf.j2).
EXTRA_CONTENT_TYPES = (
    "application/json", "application/x-ndjson", "application/x-json-stream", "application/csp-report",
    "application/reports+json", "application/x-amz-json-1.0", "application/x-amz-json-1.1",
    "application/x-protobuf", "application/x-protobuffer", "application/protobuf", "application/grpc-web+proto",
    "text/plain", "text/xml", "application/xml", "application/soap+xml", "multipart/form-data",
    "multipart/mixed", "application/octet-stream", "application/graphql",
)  # fmt: skip

# CRS 3.3.4 facts for the listed rules: (paranoia level of the score it adds, severity name of
# the score macro it adds). Measured from the rule files; needed to subtract exactly.
_CRS = {
    "920220": (1, "warning"), "920230": (2, "warning"), "920240": (1, "warning"), "920271": (2, "critical"),
    "920272": (3, "critical"), "920340": (1, "notice"), "920420": (1, "critical"), "920450": (1, "critical"),
    "921180": (3, "critical"), "930130": (1, "critical"), "931130": (2, "critical"), "932100": (1, "critical"),
    "932110": (1, "critical"), "932150": (1, "critical"), "932190": (3, "critical"), "932200": (2, "critical"),
    "941100": (1, "critical"), "941150": (2, "critical"), "941210": (1, "critical"), "941310": (1, "critical"),
    "941330": (2, "critical"), "941340": (2, "critical"), "942110": (2, "warning"), "942120": (2, "critical"),
    "942130": (2, "critical"), "942190": (1, "critical"), "942200": (2, "critical"), "942260": (2, "critical"),
    "942300": (2, "critical"), "942330": (2, "critical"), "942340": (2, "critical"), "942370": (2, "critical"),
    "942390": (2, "critical"), "942400": (2, "critical"), "942430": (2, "warning"), "942431": (3, "warning"),
    "942440": (2, "critical"), "942450": (2, "critical"), "942460": (3, "warning"), "942480": (2, "critical"),
    "942490": (3, "critical"), "942511": (3, "critical"),
}  # fmt: skip

# Tuning-half measurement (PL4, no blocking): > 20 matches in ~9,900 captured browser
# requests, or > 1 of gotestwaf's 126 crafted near-misses.
WEAK = (
    "920220", "920230", "920271", "920272", "920420", "920450", "921180", "931130", "932100", "932110",
    "932150", "932190", "932200", "941150", "941210", "941310", "941330", "941340", "942110", "942120",
    "942130", "942190", "942200", "942260", "942300", "942330", "942340", "942370", "942390", "942400",
    "942430", "942431", "942440", "942450", "942460", "942480", "942490", "942511",
)  # fmt: skip
# PL1 rules with 11-20 benign matches (or one gotestwaf near-miss), and libinjection XSS,
# which alone matched 16 captured browser requests.
FIRM = ("920240", "920340", "930130", "941100")
# PL2/3 rules that matched attacks and at most 10 benign requests.
PROMOTED = (
    "920121", "920320", "921151", "921230", "921422", "932106", "933111", "933151", "933161", "933190",
    "941380", "942180", "942210", "942310", "942361", "942380", "942470", "942510", "944240", "944250",
)  # fmt: skip
LIBINJECTION = {"942100": "sqli", "941100": "xss", "941101": "xss"}
FAMILIES = {"920": "proto", "921": "proto", "930": "lfi", "931": "rfi", "932": "rce", "933": "php",
            "934": "node", "941": "xss", "942": "sqli", "944": "java"}  # fmt: skip

_env = Environment(
    loader=FileSystemLoader(Path(__file__).resolve().parent / "templates"),
    undefined=StrictUndefined,
    autoescape=False,  # SecLang, built only from the constants above
    keep_trailing_newline=True,
    trim_blocks=True,
)


def profile(name: str) -> Profile:
    return _PROFILES[name]


def _update_actions() -> list[tuple[str, list[str]]]:
    """(rule id, setvars to append) for every listed CRS rule."""
    updates: dict[str, list[str]] = {}
    for rule_id in WEAK + FIRM:
        pl, severity = _CRS[rule_id]
        marker = f"tx.cw_w_{FAMILIES[rule_id[:3]]}_{rule_id}" if rule_id in WEAK else f"tx.cw_f_{rule_id}"
        updates[rule_id] = [f"setvar:'{marker}=1'", f"setvar:'tx.cw_sub_pl{pl}=+%{{tx.{severity}_anomaly_score}}'"]
    for rule_id in PROMOTED:
        updates[rule_id] = [f"setvar:'tx.cw_s_{rule_id}=1'"]
    for rule_id, family in LIBINJECTION.items():
        updates.setdefault(rule_id, []).append(f"setvar:'tx.cw_l_{family}_{rule_id}=1'")
    return sorted(updates.items())


def node_rules() -> str:
    """The node-wide part, loaded once after CRS: rule classes, own signatures, evaluation."""
    return _env.get_template("profiles/node.conf.j2").render(
        updates=_update_actions(), id_signatures=ID_SIGNATURES, id_evaluation=ID_EVALUATION,
        families=sorted(set(FAMILIES.values()) - {"sqli", "xss"}),
    )  # fmt: skip


def server_setvars(name: str, paranoia_level: int, app_exclusions: list[str]) -> list[str]:
    """The per-server delta: setvars for the policy's phase-1 rule (runs before CRS 901)."""
    p = _PROFILES[name]
    setvars = [
        f"setvar:tx.paranoia_level={paranoia_level}",
        f"setvar:tx.executing_paranoia_level={max(p.executing_paranoia, paranoia_level if p.crs_sum else 1)}",
        f"setvar:tx.cloudwaf_profile={p.name}",
        f"setvar:tx.cw_firm={int(p.firm_blocks)}",
        f"setvar:tx.cw_crs_sum={int(p.crs_sum)}",
        f"setvar:tx.cw_t_weak={p.weak_quorum}",
        f"setvar:tx.cw_t_corroborate={p.corroboration}",
        "setvar:tx.cw_sub_pl1=0",
        "setvar:tx.cw_sub_pl2=0",
        "setvar:tx.cw_sub_pl3=0",
    ]
    setvars += [f"setvar:tx.crs_exclusions_{app}=1" for app in sorted(set(app_exclusions))]
    return setvars


def allowed_content_types(policy_types: list[str]) -> list[str]:
    return sorted(set(policy_types) | set(EXTRA_CONTENT_TYPES))
