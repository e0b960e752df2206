"""compile_snapshot: a NodeSnapshot -> {relative path: file content}. Pure: no I/O, no clock.

Output (relative to `layout.conf_dir`):
  nginx.conf                 one http{} with a server per domain
  modsecurity/main.conf      engine settings + crs-setup + CRS, loaded once at http level
  ipsets/<ids>.txt           IP sets for @ipMatchFromFile (read at load: a change reloads)
  tls/<domain>.crt|.key      certificates (keys are written 0600 by the agent)
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from cloudwaf.dataplane import modsec_rules, profiles
from cloudwaf.dataplane.escape import html_text, nginx_single_quoted
from cloudwaf.dataplane.layout import Layout
from cloudwaf.dataplane.snapshot import Branding, CcRule, DomainSnapshot, NodeSnapshot

_TEMPLATES = Path(__file__).resolve().parent / "templates"
_env = Environment(
    loader=FileSystemLoader(_TEMPLATES),
    undefined=StrictUndefined,
    autoescape=False,  # nothing here is HTML; values are validated or escaped explicitly
    keep_trailing_newline=True,
    trim_blocks=True,
    lstrip_blocks=False,
)

DEFAULT_BRAND = Branding(name="Cloud WAF")
_NGINX_TITLES = {403: "403 Forbidden", 429: "429 Too Many Requests"}
_BLOCK_TEXT = {
    403: ("Request blocked", "This request was blocked by the web application firewall. "
          "If you believe this is a mistake, contact the site owner and quote the event ID."),
    429: ("Too many requests", "This client sent too many requests. "
          "Please wait and try again later; quote the event ID if the problem persists."),
}  # fmt: skip


@dataclass
class _Location:
    modifier: str
    path: str
    scheme: str
    upstream: str
    host_header: str
    ssl_name: str
    connect_timeout: int
    read_timeout: int


def _upstream_name(domain: DomainSnapshot, index: int) -> str:
    return f"cloudwaf_d{domain.id}_f{index}"


def _locations(domain: DomainSnapshot) -> list[_Location]:
    # `^~` prefix locations: nginx picks the longest matching prefix and skips regexes.
    result = []
    for index, fwd in sorted(enumerate(domain.forwards), key=lambda item: item[1].path_prefix):
        result.append(
            _Location(
                modifier="" if fwd.path_prefix == "/" else "^~ ",
                path=fwd.path_prefix,
                scheme=fwd.scheme,
                upstream=_upstream_name(domain, index),
                host_header=fwd.host_header or "$host",
                ssl_name=fwd.host_header.split(":")[0] if fwd.host_header else "$host",
                connect_timeout=fwd.connect_timeout,
                read_timeout=fwd.read_timeout,
            )
        )
    return result


def _upstreams(domain: DomainSnapshot) -> list[dict]:
    def address(host: str) -> str:
        return f"[{host}]" if ":" in host else host

    return [
        {
            "name": _upstream_name(domain, index),
            "lb": fwd.lb,
            "max_fails": fwd.max_fails,
            "fail_timeout": fwd.fail_timeout,
            "servers": [
                {"address": address(s.host), "port": s.port, "weight": s.weight} for s in fwd.servers
            ],
        }
        for index, fwd in enumerate(domain.forwards)
    ]


def _block_pages(domain: DomainSnapshot, brand: Branding) -> list[dict]:
    """sub_filter replacements for nginx's built-in 403/429 pages (see server.conf.j2)."""
    event_id = f"{domain.id}-$cloudwaf_request_id"
    pages = []
    for status, (title, explanation) in _BLOCK_TEXT.items():
        head = _env.get_template("blockpage/head.html.j2").render(title=title)
        main = _env.get_template("blockpage/main.html.j2").render(
            title=title, explanation=explanation, event_id=event_id,
            brand=html_text(brand.name), logo=brand.logo_data_url,
        )  # fmt: skip
        pages.append({"nginx_title": _NGINX_TITLES[status], "head": nginx_single_quoted(head.strip()),
                      "main": nginx_single_quoted(main.strip())})  # fmt: skip
    return pages


@dataclass
class _LimitZone:
    name: str
    key_var: str
    map_source: str
    regex: str
    key_value: str
    rate: str
    burst: int
    zone: str


def _limit_zone(domain: DomainSnapshot, rule: CcRule) -> _LimitZone:
    """nginx limit_req for plain rejects: a leaky bucket draining `limit` per window, with a
    burst of `limit`. The map yields an empty key (never limited) outside the rule's scope."""
    name = f"cc_d{domain.id}_r{rule.id}"
    methods = "|".join(rule.methods) if rule.methods else "[A-Z]+"
    # Path grammar allows only [A-Za-z0-9._~!*+,=:@/-]; escape the regex metacharacters.
    path = re.sub(r"([.~!*+,=:@/-])", r"\\\1", rule.path)
    key_value = {
        "ip": "$binary_remote_addr",
        "ip_path": "$binary_remote_addr$uri",
    }.get(rule.key) or "$http_" + rule.key.removeprefix("header:").replace("-", "_")
    per_minute = rule.limit * 60 / rule.window_seconds
    rate = f"{rule.limit // rule.window_seconds}r/s" if rule.limit % rule.window_seconds == 0 else (
        f"{max(1, round(per_minute))}r/m")  # fmt: skip
    return _LimitZone(
        name=name, key_var=f"$cloudwaf_{name}", map_source=f"{domain.id} $request_method $uri",
        regex=f"^{domain.id} (?:{methods}) {path}", key_value=key_value, rate=rate,
        burst=rule.limit, zone=name,
    )  # fmt: skip


def _server(domain: DomainSnapshot, layout: Layout, snapshot: NodeSnapshot, listen_prefix: str,
            zones: list[_LimitZone]) -> str:  # fmt: skip
    rules = modsec_rules.build_domain_rules(domain, layout, snapshot.generated_at)
    modsec_text = _env.get_template("waf/domain_rules.conf.j2").render(
        domain=domain, rules=rules, render_rule=modsec_rules.render_rule
    )
    https_port = domain.https_ports[0] if domain.https_ports else 443
    return _env.get_template("domain/server.conf.j2").render(
        domain=domain,
        conf_dir=layout.conf_dir,
        listen_prefix=listen_prefix,
        https_port_suffix="" if https_port == 443 else f":{https_port}",
        modsec_rules=nginx_single_quoted(modsec_text),
        cc_limit_req=zones,
        block_pages=_block_pages(domain, snapshot.branding.get(domain.oem_id, DEFAULT_BRAND)),
        locations=_locations(domain),
    )


def _ip_set_files(snapshot: NodeSnapshot) -> dict[str, bytes]:
    files: dict[str, bytes] = {}
    wanted: set[tuple[str, ...]] = {(str(set_id),) for set_id in snapshot.ip_sets}
    for domain in snapshot.domains:
        for rule in domain.acl_rules:
            for cond in rule.conditions:
                if cond.field == "ip_set":
                    wanted.add(tuple(cond.value if isinstance(cond.value, list) else [cond.value]))
    for ids in sorted(wanted):
        entries = sorted({ip for set_id in ids for ip in snapshot.ip_sets[int(set_id)]})
        files[modsec_rules.ip_set_file(list(ids))] = "".join(f"{ip}\n" for ip in entries).encode()
    return files


def compile_snapshot(snapshot: NodeSnapshot, layout: Layout) -> dict[str, bytes]:
    listen_prefix = f"{layout.listen_address}:" if layout.listen_address else ""
    domains = sorted(snapshot.domains, key=lambda d: d.id)
    zones_by_domain = {
        d.id: [_limit_zone(d, r) for r in d.cc_rules if not modsec_rules.uses_lua(r)] for d in domains
    }
    servers = [_server(d, layout, snapshot, listen_prefix, zones_by_domain[d.id]) for d in domains]
    nginx_conf = _env.get_template("core/nginx.conf.j2").render(
        version=snapshot.version,
        digest=hashlib.sha256(f"{snapshot.model_dump_json()}|{layout}".encode()).hexdigest()[:16],
        layout=layout,
        conf_dir=layout.conf_dir,
        listen_prefix=listen_prefix,
        node_acl=snapshot.node_acl,
        limit_req_zones=[z for d in domains for z in zones_by_domain[d.id]],
        upstreams=[u for d in domains for u in _upstreams(d)],
        http_ports=sorted({p for d in domains for p in d.http_ports}),
        https_ports=sorted({p for d in domains for p in d.https_ports}),
        servers=servers,
    )
    files = {
        "nginx.conf": nginx_conf.encode(),
        "modsecurity/main.conf": _env.get_template("waf/main.conf.j2").render(
            layout=layout, profile_rules=profiles.node_rules()).encode(),
    }
    files.update(_ip_set_files(snapshot))
    for domain in domains:
        if domain.tls is not None and domain.https_ports:
            files[f"tls/{domain.id}.crt"] = domain.tls.cert_pem.encode()
            files[f"tls/{domain.id}.key"] = domain.tls.key_pem.encode()
    return files


