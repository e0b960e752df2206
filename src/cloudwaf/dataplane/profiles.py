"""Protection profiles: how a policy turns CRS matches into a verdict.

CRS's plain anomaly sum blocks on any single critical match, and a dozen CRS rules match real
browser traffic all day (JSON bodies, tokens, cookies). A profile replaces that one sum
(REQUEST-949's 949110 is removed node-wide) with our own evaluation, in SecLang on the node:

* every scoring CRS rule (CRS_SCORING) is in one of five classes, by measurement on the
  tuning half of the public corpora (bench/effectiveness.py, bench/rule_matrix.py; never on
  the check half):
  - strong: blocks alone. Default for PL1 rules, plus the PL2/3 rules in PROMOTED;
  - firm: blocks alone only in strict. Default for PL2/3 rules, plus the PL1 rules in FIRM;
  - weak (WEAK): counted per family, and only when libinjection (@detectSQLi / @detectXSS,
    LIBINJECTION) agrees in the same family, or when enough weak rules of a family agree;
  - silent (SILENT): only a libinjection witness;
* our own signatures (templates/profiles/node.conf.j2) add what CRS 3.3 misses (JavaScript
  sinks and obfuscation, payloads in the URL path and Referer, NoSQL/LDAP/SSTI/SSI/XXE/JNDI).

Each scoring rule gets one extra `setvar` naming its class (SecRuleUpdateActionById, after
CRS is loaded, once per node); the evaluation counts distinct rules per class with
`&TX:/^cw_<class>_/`. (Not CRS's per-level sums: a rule adds its score once per matched
variable but an appended setvar runs once, so sums cannot be taken apart again. Measured.)

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
    "balanced": Profile("balanced", executing_paranoia=2, firm_blocks=False, weak_quorum=3, corroboration=2,
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
    "application/x-protobuf", "application/x-protobuffer", "application/protobuf",
    "application/grpc-web+proto",
    "text/plain", "text/xml", "application/xml", "application/soap+xml", "multipart/form-data",
    "multipart/mixed", "application/octet-stream", "application/graphql",
)  # fmt: skip

# Every CRS 3.3.4 request rule that adds to an anomaly score, by the paranoia level of the
# score it adds (read from the rule files; PL4 rules never run in a profile).
CRS_SCORING = {
    1: [
        "910000", "910100", "910150", "910160", "910170", "910180", "911100", "913100", "913110", "913120",
        "920100", "920120", "920160", "920170", "920171", "920180", "920181", "920190", "920210", "920220",
        "920240", "920250", "920260", "920270", "920280", "920290", "920310", "920311", "920330", "920340",
        "920350", "920380", "920360", "920370", "920390", "920400", "920410", "920470", "920420", "920480",
        "920530", "920430", "920440", "920500", "920450", "920600", "920620", "921110", "921120", "921130",
        "921140", "921150", "921160", "921190", "921200", "921421", "921422", "922100", "922110", "922120",
        "930100", "930110", "930120", "930130", "931100", "931110", "931120", "932100", "932105", "932110",
        "932115", "932120", "932130", "932140", "932150", "932160", "932170", "932171", "932180", "933100",
        "933110", "933120", "933130", "933140", "933200", "933150", "933160", "933170", "933180", "933210",
        "934100", "941100", "941110", "941120", "941130", "941140", "941160", "941170", "941180", "941190",
        "941200", "941210", "941220", "941230", "941240", "941250", "941260", "941270", "941280", "941290",
        "941300", "941310", "941350", "941360", "941370", "942100", "942140", "942160", "942170", "942190",
        "942220", "942230", "942240", "942250", "942270", "942280", "942290", "942320", "942350", "942360",
        "942500", "943100", "943110", "943120", "944100", "944110", "944120", "944130",
    ],
    2: [
        "913101", "913102", "920200", "920201", "920230", "920300", "920271", "920320", "920121", "920341",
        "921151", "931130", "932200", "933151", "941101", "941150", "941320", "941330", "941340", "941380",
        "942110", "942120", "942130", "942150", "942180", "942200", "942210", "942260", "942300", "942310",
        "942330", "942340", "942361", "942370", "942380", "942390", "942400", "942410", "942470", "942480",
        "942430", "942440", "942450", "942510", "944200", "944210", "944240", "944250",
    ],
    3: [
        "920272", "920490", "920510", "921230", "921180", "932106", "932190", "933131", "933161", "933111",
        "933190", "942251", "942490", "942420", "942431", "942460", "942101", "942511", "944300",
    ],
}  # fmt: skip

# Tuning-half measurement (PL4, no blocking): > 20 matches in ~9,900 captured browser
# requests, or > 1 of gotestwaf's 126 crafted near-misses; 920340/920341 (a body length
# without a type) and 930130 (restricted file names) matched browser traffic and no attack.
WEAK = (
    "920220", "920230", "920271", "920272", "920340", "920341", "920420", "920450", "921180", "930130",
    "931130", "932100", "932110", "932150", "932190", "932200", "941150", "941210", "941310", "941330",
    "941340", "942110", "942120", "942130", "942190", "942200", "942260", "942300", "942330", "942340",
    "942370", "942390", "942400", "942430", "942431", "942440", "942450", "942460", "942480", "942490",
    "942511",
)  # fmt: skip
# Block alone only in strict: PL1 rules that matched 3-10 captured browser requests (or one
# gotestwaf near-miss) on the tuning half, and libinjection alone (942100 matched 6 browser
# requests and 2 near-misses, 941100 16 browser requests). The second group caught many
# attacks but also most of balanced's remaining false positives; in balanced, their attacks
# are mostly still caught by a strong rule or by libinjection plus a weak rule.
FIRM = (
    "920240", "920470", "920600", "921110", "930100", "932115", "933120", "933210", "941100", "942100",
    "943110",
    "920270", "921130", "930110", "930120", "932105", "932130", "934100", "941160", "941170", "942360",
)  # fmt: skip
# Counted as a libinjection witness only: 941101 (libinjection on Referer/User-Agent at PL2)
# matched 60 captured browser requests.
SILENT = ("941101",)
# PL2/3 rules that matched attacks and at most 2 benign requests (942180, 933151, 941380,
# 942210, 942310, 942380, 942510 matched 3-9 and stay firm).
PROMOTED = (
    "920121", "920320", "921151", "921230", "921422", "932106", "933111", "933161", "933190", "942361",
    "942470", "944240", "944250",
)  # fmt: skip
LIBINJECTION = {"942100": "sqli", "941100": "xss", "941101": "xss"}
# Families whose weak rules block by quorum. Not sqli/xss (libinjection corroborates those),
# not proto/rfi (their weak rules fire together on ordinary browser traffic).
QUORUM_FAMILIES = ("java", "lfi", "node", "php", "rce")
FAMILIES = {"920": "proto", "921": "proto", "930": "lfi", "931": "rfi", "932": "rce", "933": "php",
            "934": "node", "941": "xss", "942": "sqli", "944": "java"}  # fmt: skip

_env = Environment(
    loader=FileSystemLoader(Path(__file__).resolve().parent / "templates"),
    undefined=StrictUndefined,
    autoescape=False,  # SecLang, built only from the constants above
    keep_trailing_newline=True,
    trim_blocks=True,
)


def rule_class(rule_id: str, paranoia_level: int) -> str:
    if rule_id in SILENT:
        return "silent"
    if rule_id in WEAK:
        return "weak"
    if rule_id in FIRM:
        return "firm"
    if rule_id in PROMOTED or paranoia_level == 1:
        return "strong"
    return "firm"


def _update_actions() -> list[tuple[str, list[str]]]:
    """(rule id, setvars to append) for every scoring CRS rule."""
    updates = []
    for pl, rule_ids in CRS_SCORING.items():
        for rule_id in rule_ids:
            kind = rule_class(rule_id, pl)
            marker = {
                "strong": [f"setvar:'tx.cw_s_{rule_id}=1'"],
                "firm": [f"setvar:'tx.cw_f_{rule_id}=1'"],
                "weak": [f"setvar:'tx.cw_w_{FAMILIES.get(rule_id[:3], 'other')}_{rule_id}=1'"],
                "silent": [],
            }[kind]
            if rule_id in LIBINJECTION:
                marker.append(f"setvar:'tx.cw_l_{LIBINJECTION[rule_id]}_{rule_id}=1'")
            if marker:
                updates.append((rule_id, marker))
    return sorted(updates)


def node_rules() -> str:
    """The node-wide part, loaded once after CRS: rule classes, own signatures, evaluation."""
    return _env.get_template("profiles/node.conf.j2").render(
        updates=_update_actions(), id_signatures=ID_SIGNATURES, id_evaluation=ID_EVALUATION,
        families=QUORUM_FAMILIES,
    )  # fmt: skip


def server_setvars(name: str, paranoia_level: int, app_exclusions: list[str]) -> list[str]:
    """The per-server delta: setvars for the policy's phase-1 rule (runs before CRS 901)."""
    p = _PROFILES[name]
    setvars = [
        f"setvar:tx.paranoia_level={paranoia_level}",
        # The policy's paranoia level can make more CRS rules run (and log), never fewer
        # than the profile's evaluation reads.
        f"setvar:tx.executing_paranoia_level={max(p.executing_paranoia, paranoia_level)}",
        f"setvar:tx.cloudwaf_profile={p.name}",
        f"setvar:tx.cw_firm={int(p.firm_blocks)}",
        f"setvar:tx.cw_crs_sum={int(p.crs_sum)}",
        f"setvar:tx.cw_t_weak={p.weak_quorum}",
        f"setvar:tx.cw_t_corroborate={p.corroboration}",
    ]
    setvars += [f"setvar:tx.crs_exclusions_{app}=1" for app in sorted(set(app_exclusions))]
    return setvars


def allowed_content_types(policy_types: list[str]) -> list[str]:
    return sorted(set(policy_types) | set(EXTRA_CONTENT_TYPES))
