"""Protection profiles: what reaches the node for each profile, and the consistency of the
measured rule classes."""

from __future__ import annotations

import re
from pathlib import Path
from typing import get_args

import pytest
from pydantic import ValidationError

from cloudwaf.dataplane import profiles
from cloudwaf.dataplane.compiler import compile_snapshot
from cloudwaf.dataplane.layout import Layout
from cloudwaf.dataplane.snapshot import DomainSnapshot, Forward, NodeSnapshot, PolicySnapshot, UpstreamServer

LAYOUT = Layout(prefix=Path("/srv/cloudwaf"), control_port=9001)


def _compile(*policies: PolicySnapshot) -> dict[str, str]:
    domains = [
        DomainSnapshot(id=p.id, oem_id=1, name=f"d{p.id}.example", policy=p,
                       forwards=[Forward(servers=[UpstreamServer(host="10.0.0.1", port=80)])])
        for p in policies
    ]  # fmt: skip
    files = compile_snapshot(NodeSnapshot(version=1, domains=domains), LAYOUT)
    return {name: content.decode() for name, content in files.items()}


def _server(nginx_conf: str, domain_id: int) -> str:
    return nginx_conf.split(f"\n    # domain {domain_id} (")[1].split("\n    # domain ")[0]


def test_snapshot_enums_match_the_profiles_module():
    fields = PolicySnapshot.model_fields
    assert get_args(fields["profile"].annotation) == profiles.PROFILES
    assert get_args(get_args(fields["app_exclusions"].annotation)[0]) == profiles.APP_EXCLUSIONS


def test_snapshot_accepts_every_profile_guard_offers_and_rejects_others():
    for name in ("balanced", "strict", "paranoid"):
        assert PolicySnapshot(id=1, profile=name).profile == name
    with pytest.raises(ValidationError):
        PolicySnapshot(id=1, profile="lenient")
    with pytest.raises(ValidationError):
        PolicySnapshot(id=1, app_exclusions=["joomla"])


def test_each_server_carries_only_its_profile_settings_and_crs_is_loaded_once():
    files = _compile(
        PolicySnapshot(id=1),
        PolicySnapshot(id=2, profile="strict", app_exclusions=["wordpress"]),
        PolicySnapshot(id=3, profile="paranoid", paranoia_level=3, inbound_threshold=10),
    )
    nginx = files["nginx.conf"]
    balanced, strict, paranoid = (_server(nginx, i) for i in (1, 2, 3))
    assert "tx.cloudwaf_profile=balanced" in balanced and "tx.cw_firm=0" in balanced
    assert "tx.executing_paranoia_level=2" in balanced and "crs_exclusions" not in balanced
    assert "tx.cloudwaf_profile=strict" in strict and "tx.cw_firm=1" in strict
    assert "setvar:tx.crs_exclusions_wordpress=1" in strict
    assert "tx.cw_crs_sum=1" in paranoid and "tx.paranoia_level=3" in paranoid
    assert "tx.inbound_anomaly_score_threshold=10" in paranoid
    for server in (balanced, strict, paranoid):
        assert "Include" not in server and "SecRuleUpdateActionById" not in server
        assert "|application/x-ndjson|" in server and "|text/plain|" in server
    main = files["modsecurity/main.conf"]
    assert main.count("Include ") == 1 and main.count("SecRuleRemoveById 949110") == 1
    assert main.index("Include ") < main.index("SecRuleUpdateActionById")


def test_mode_off_also_removes_the_profile_evaluation():
    nginx = _compile(PolicySnapshot(id=1, mode="off"))["nginx.conf"]
    assert f"SecRuleRemoveById {profiles.NODE_RULE_RANGE}" in _server(nginx, 1)


def test_rule_classes_are_disjoint_and_complete():
    classes = [set(c) for c in (profiles.WEAK, profiles.FIRM, profiles.PROMOTED, profiles.SILENT)]
    assert sum(len(c) for c in classes) == len(set().union(*classes))
    scoring = {rule for rules in profiles.CRS_SCORING.values() for rule in rules}
    assert set().union(*classes) <= scoring and set(profiles.LIBINJECTION) <= scoring
    assert all(rule[:3] in profiles.FAMILIES for rule in classes[0])
    assert profiles.rule_class("941130", 1) == "strong" and profiles.rule_class("942150", 2) == "firm"


def test_node_rules_use_unique_ids_in_the_reserved_range():
    text = profiles.node_rules()
    ids = [int(i) for i in re.findall(r"\bid:(\d+)", text)]
    assert len(ids) == len(set(ids))
    low, high = (int(x) for x in profiles.NODE_RULE_RANGE.split("-"))
    assert all(low <= i <= high for i in ids)
