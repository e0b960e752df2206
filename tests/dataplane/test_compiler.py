"""Compiler output and injection resistance (no nginx needed; e2e tests run the output)."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from pathlib import Path

import pytest
from pydantic import ValidationError

from cloudwaf.dataplane import grammar
from cloudwaf.dataplane.compiler import compile_snapshot
from cloudwaf.dataplane.escape import literal_regex, nginx_single_quoted
from cloudwaf.dataplane.layout import Layout
from cloudwaf.dataplane.schedule import clock_regex
from cloudwaf.dataplane.snapshot import (
    AclCondition,
    AclRule,
    Branding,
    CcRule,
    DomainSnapshot,
    Exclusion,
    Forward,
    NodeSnapshot,
    PolicySnapshot,
    Schedule,
    TimeWindow,
    UpstreamServer,
)  # fmt: skip

LAYOUT = Layout(prefix=Path("/srv/cloudwaf"), control_port=9000)
AT = datetime(2026, 1, 5, 12, 0, tzinfo=UTC)
NASTY = ["a'b", 'a"b', "a;b", "a{b}", "a\nb", "$host", "#x", "a\\", "a\x00b", "x" * 5000]


def _domain(**overrides) -> DomainSnapshot:
    base = dict(id=1, oem_id=1, name="shop.example", policy=PolicySnapshot(id=1),
                forwards=[Forward(servers=[UpstreamServer(host="10.0.0.5", port=8080)])])  # fmt: skip
    base.update(overrides)
    return DomainSnapshot(**base)


def _compile(*domains: DomainSnapshot, **kw) -> dict[str, bytes]:
    return compile_snapshot(NodeSnapshot(version=1, generated_at=AT, domains=list(domains), **kw), LAYOUT)


def test_output_files_and_crs_loaded_once():
    files = _compile(_domain(), _domain(id=2, name="*.example.org"))
    conf = files["nginx.conf"].decode()
    assert set(files) == {"nginx.conf", "modsecurity/main.conf"}
    assert conf.count("modsecurity_rules_file") == 1 and conf.count("modsecurity_rules '") == 2
    assert "Include /usr/share/modsecurity-crs/rules/*.conf" in files["modsecurity/main.conf"].decode()
    assert "server_name *.example.org;" in conf
    assert compile_snapshot(NodeSnapshot(version=1, generated_at=AT, domains=[_domain()]), LAYOUT) == \
        compile_snapshot(NodeSnapshot(version=1, generated_at=AT, domains=[_domain()]), LAYOUT)  # pure


def test_policy_delta_sets_crs_variables_and_removes_disabled_groups():
    policy = PolicySnapshot(id=3, paranoia_level=3, inbound_threshold=10, rule_groups=["941", "942"],
                            exclusions=[Exclusion(rule_ids=[942100], target="ARGS:q")])  # fmt: skip
    conf = _compile(_domain(policy=policy))["nginx.conf"].decode()
    assert "setvar:tx.paranoia_level=3" in conf and "setvar:tx.inbound_anomaly_score_threshold=10" in conf
    assert "SecRuleRemoveById 932000-932999" in conf and "SecRuleRemoveById 942000-942999" not in conf
    assert 'SecRuleUpdateTargetById 942100 "!ARGS:q"' in conf
    assert "SecRuleRemoveById 949" not in conf  # blocking evaluation is never switchable


def test_forwards_become_upstreams_and_prefix_locations():
    forwards = [Forward(servers=[UpstreamServer(host="10.0.0.5", port=80)]),
                Forward(path_prefix="/api/", lb="least_conn",
                        servers=[UpstreamServer(host="api.internal", port=81)])]
    conf = _compile(_domain(forwards=forwards))["nginx.conf"].decode()
    assert "least_conn;" in conf and "server api.internal:81" in conf
    assert "location ^~ /api/ {" in conf and "location / {" in conf


def test_schedule_converts_local_windows_to_utc():
    sched = Schedule(timezone="Asia/Shanghai", windows=[TimeWindow(days=[0], start="09:00", end="10:00")])
    regex = re.compile(clock_regex(sched, AT))
    assert regex.match("1-01:30:00")  # Monday 09:30 in Shanghai = Monday 01:30 UTC (TIME_WDAY 1)
    assert not regex.match("1-02:00:00") and not regex.match("2-01:30:00")


@pytest.mark.parametrize("bad", NASTY + ["", "-a.example", "a..example", "ex ample.com"])
def test_hostnames_are_refused(bad):
    with pytest.raises(ValidationError):
        _domain(name=bad)


@pytest.mark.parametrize("bad", NASTY + ["relative", "/a b", "/a%2f"])
def test_paths_are_refused_everywhere(bad):
    with pytest.raises(ValidationError):
        Forward(path_prefix=bad, servers=[UpstreamServer(host="10.0.0.1", port=80)])
    with pytest.raises(ValidationError):
        CcRule(id=1, path=bad, limit=1, window_seconds=1)
    with pytest.raises(ValidationError):
        Exclusion(rule_ids=[1], path_prefix=bad)


@pytest.mark.parametrize("bad", NASTY)
def test_names_targets_and_hosts_are_refused(bad):
    with pytest.raises(ValidationError):
        AclCondition(field="header", name=bad, op="eq", value="x")
    with pytest.raises(ValidationError):
        Exclusion(rule_ids=[1], target=f"ARGS:{bad}")
    with pytest.raises(ValidationError):
        UpstreamServer(host=bad, port=80)
    with pytest.raises(ValidationError):
        Forward(host_header=bad, servers=[UpstreamServer(host="10.0.0.1", port=80)])
    with pytest.raises(ValidationError):
        CcRule(id=1, key=f"header:{bad}", limit=1, window_seconds=1)


@pytest.mark.parametrize("bad", ['a"b', "a'b", "a\nb", "%{tx.x}", "(", "x" * 600, "a\x00"])
def test_regexes_are_refused(bad):
    with pytest.raises(ValidationError):
        AclCondition(field="path", op="regex", value=bad)


@pytest.mark.parametrize("value", [v for v in NASTY if "\x00" not in v and len(v) < 1000])
def test_free_text_values_render_inert(value):
    condition = AclCondition(field="user_agent", op="contains", value=value)
    rule = AclRule(id=1, action="deny", conditions=[condition])
    conf = _compile(_domain(acl_rules=[rule]), branding={1: Branding(name=value[:80].replace("\n", " "))})
    text = conf["nginx.conf"].decode()
    line = next(ln for ln in text.splitlines() if "REQUEST_HEADERS:User-Agent" in ln)
    operator = re.search(r'"@rx ([^"]*)"', line).group(1)
    assert re.fullmatch(r"[A-Za-z0-9\\]+", operator.replace("\\\\x", "x"))  # only hex escapes
    brand_lines = [ln for ln in text.splitlines() if "Protected by" in ln]
    assert brand_lines and all("$" not in ln.replace("$cloudwaf_request_id", "") for ln in brand_lines)


def test_escapers():
    assert literal_regex("a;b", anchor_start=True, anchor_end=True) == "^a\\x3bb$"
    assert nginx_single_quoted("it's \\ here") == "'it\\'s \\\\ here'"
    assert grammar.cidr("10.0.0.7/8") == "10.0.0.0/8" and grammar.cidr("::1") == "::1"


def test_brand_name_cannot_break_out_of_the_page():
    conf = _compile(_domain(), branding={1: Branding(name="x'; return 200 $host; #")})["nginx.conf"].decode()
    assert "x&#39;&#59; return 200 &#36;host&#59; &#35;" in conf
    assert "return 200 $host" not in conf


def test_cc_rules_choose_limit_req_or_lua():
    rules = [CcRule(id=1, path="/login", limit=5, window_seconds=60),
             CcRule(id=2, path="/api/", limit=5, window_seconds=60, action="ban", ban_seconds=30)]
    conf = _compile(_domain(cc_rules=rules))["nginx.conf"].decode()
    assert "limit_req_zone $cloudwaf_cc_d1_r1 zone=cc_d1_r1:10m rate=5r/m;" in conf
    assert "limit_req zone=cc_d1_r1 burst=5 nodelay;" in conf
    assert "exec:" in conf and "setvar:tx.cc_ban=30" in conf and "status:429" in conf


def test_ip_sets_are_files_and_must_exist():
    rule = AclRule(id=1, action="deny", conditions=[AclCondition(field="ip_set", op="eq", value="4")])
    files = _compile(_domain(acl_rules=[rule]), ip_sets={4: ["10.1.0.0/16", "1.2.3.4"]})
    assert files["ipsets/4.txt"] == b"1.2.3.4\n10.1.0.0/16\n"
    assert "@ipMatchFromFile /srv/cloudwaf/conf/live/ipsets/4.txt" in files["nginx.conf"].decode()
    with pytest.raises(ValidationError):
        NodeSnapshot(version=1, domains=[_domain(acl_rules=[rule])])
