"""The WAF rule-group catalogue: the OWASP CRS attack groups a policy switches on and off.

Built from the CRS files installed on this machine (the same Debian package the nodes run), so the
rule counts and id ranges are the real ones; without CRS a built-in table of CRS 3.3 stands in and
every group says so (`source = "builtin"`). Read-only: no table, parsed once per process."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from cloudwaf.guard.errors import RuleGroupNotFound

CRS_RULES_DIR = Path("/usr/share/modsecurity-crs/rules")

# id (the CRS file number) -> (name, description): the groups an operator may switch off. Setup,
# blocking-evaluation and correlation files are infrastructure and always load.
GROUPS: dict[int, tuple[str, str]] = {
    913: ("Scanner detection", "Security scanners and crawlers recognised by user agent and headers"),
    920: ("Protocol enforcement", "Malformed or abusive HTTP: request line, headers, encodings, limits"),
    921: ("Protocol attack", "Request smuggling, response splitting, header injection"),
    930: ("Local file inclusion (LFI)", "Path traversal and access to OS files"),
    931: ("Remote file inclusion (RFI)", "URLs smuggled into parameters to load remote code"),
    932: ("Remote command execution (RCE)", "Unix and Windows shell command injection"),
    933: ("PHP injection", "PHP code, functions, variables and wrappers in requests"),
    934: ("Node.js injection", "Server-side JavaScript injection"),
    941: ("Cross-site scripting (XSS)", "Script, event handlers and HTML injection"),
    942: ("SQL injection (SQLi)", "SQL injection, including libinjection detection"),
    943: ("Session fixation", "Session identifiers set through parameters"),
    944: ("Java attacks", "Java deserialisation, OGNL and code injection"),
    950: ("Data leakage", "Directory listings and generic error pages in responses"),
    951: ("SQL data leakage", "Database error messages in responses"),
    952: ("Java data leakage", "Java stack traces and source in responses"),
    953: ("PHP data leakage", "PHP errors and source in responses"),
    954: ("IIS data leakage", "IIS errors and paths in responses"),
}

# CRS 3.3.4 figures (rule count, first id, last id), for machines without CRS installed.
_BUILTIN: dict[int, tuple[int, int, int]] = {
    913: (5, 913100, 913120),
    920: (53, 920100, 920620),
    921: (14, 921110, 921422),
    930: (4, 930100, 930130),
    931: (4, 931100, 931130),
    932: (15, 932100, 932200),
    933: (16, 933100, 933210),
    934: (1, 934100, 934100),
    941: (30, 941100, 941380),
    942: (49, 942100, 942511),
    943: (3, 943100, 943120),
    944: (9, 944100, 944300),
    950: (3, 950100, 950140),
    951: (17, 951100, 951260),
    952: (2, 952100, 952110),
    953: (3, 953100, 953120),
    954: (4, 954100, 954130),
}

_ID_RE = re.compile(r"\bid:(\d{6,7})\b")
_PL_RE = re.compile(r"^# -= Paranoia Level (\d)")


@dataclass(frozen=True)
class RuleGroup:
    id: int
    name: str
    description: str
    file: str
    rule_count: int
    rule_id_min: int
    rule_id_max: int
    rules_per_paranoia_level: dict[int, int] = field(default_factory=dict)
    phase: str = "request"
    source: str = "crs"  # "crs": parsed from the installed files; "builtin": CRS absent


def _parse(path: Path, group_id: int) -> RuleGroup:
    name, description = GROUPS[group_id]
    ids: set[int] = set()
    per_level: dict[int, int] = {}
    level = 0
    for line in path.read_text(errors="replace").splitlines():
        marker = _PL_RE.match(line)
        if marker:
            level = int(marker.group(1))
            continue
        for match in _ID_RE.finditer(line):
            rule_id = int(match.group(1))
            # NNN011-NNN018 are CRS's paranoia-level skip markers, not detections.
            if rule_id % 1000 >= 100 and rule_id not in ids:
                ids.add(rule_id)
                per_level[level] = per_level.get(level, 0) + 1
    return RuleGroup(
        id=group_id,
        name=name,
        description=description,
        file=path.name,
        rule_count=len(ids),
        rule_id_min=min(ids, default=group_id * 1000),
        rule_id_max=max(ids, default=group_id * 1000),
        rules_per_paranoia_level=per_level,
        phase="response" if group_id >= 950 else "request",
    )


@lru_cache(maxsize=4)
def catalogue(rules_dir: Path = CRS_RULES_DIR) -> tuple[RuleGroup, ...]:
    files = (
        {
            int(m.group(1)): p
            for p in sorted(rules_dir.glob("*.conf"))
            if (m := re.match(r"^(?:REQUEST|RESPONSE)-(\d{3})-", p.name))
        }
        if rules_dir.is_dir()
        else {}
    )
    found = [_parse(files[gid], gid) for gid in GROUPS if gid in files]
    if found:
        return tuple(found)
    return tuple(
        RuleGroup(
            id=gid,
            name=name,
            description=desc,
            file="",
            rule_count=count,
            rule_id_min=lo,
            rule_id_max=hi,
            phase="response" if gid >= 950 else "request",
            source="builtin",
        )
        for gid, (name, desc) in GROUPS.items()
        for count, lo, hi in [_BUILTIN[gid]]
    )


def catalogue_ids() -> list[int]:
    return [group.id for group in catalogue()]


def get_group(group_id: int) -> RuleGroup:
    for group in catalogue():
        if group.id == group_id:
            return group
    raise RuleGroupNotFound()


def check_ids(group_ids: list[int]) -> list[int]:
    """Refuses ids outside the catalogue (2014); returns them sorted and unique."""
    known = set(catalogue_ids())
    unknown = sorted(set(group_ids) - known)
    if unknown:
        raise RuleGroupNotFound(
            f"no rule group {', '.join(map(str, unknown))}; known: {', '.join(map(str, sorted(known)))}"
        )
    return sorted(set(group_ids))
