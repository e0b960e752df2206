"""The `zcloud` command tree."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from cloudwaf.zcloud.client import ApiError, Client, NetworkError
from cloudwaf.zcloud.commands import chart as chart_commands
from cloudwaf.zcloud.commands import guard as guard_commands
from cloudwaf.zcloud.commands import node as node_commands
from cloudwaf.zcloud.commands import site as site_commands
from cloudwaf.zcloud.context import Ctx, Exit, ctx_of, fail, report_api_error, report_network_error
from cloudwaf.zcloud.output import stderr
from cloudwaf.zcloud.profiles import OUTPUTS, load_profile, save_profile
from cloudwaf.zcloud.resources import Resource, build_group

app = typer.Typer(
    help="Cloud WAF automation CLI. Talks to the public REST API with an API key.\n\n"
         "Start with `zcloud configure`, then e.g. `zcloud domain list`.",
    no_args_is_help=True, rich_markup_mode=None, pretty_exceptions_enable=False,
)

RESOURCES = (
    Resource("domain", "guard/domains", ("id", "name", "enabled", "policy_id", "origins"),
             "Protected domains.", "zcloud domain create --name shop.example --origin 10.0.0.5:8080",
),
    Resource("cert", "guard/certs", ("id", "name", "sans", "not_after", "days_to_expiry"),
             "TLS certificates.", "zcloud cert upload --name shop --cert fullchain.pem --key key.pem"),
    Resource("policy", "guard/policies", ("id", "name", "mode", "paranoia_level", "profile"),
             "Protection policies.", "zcloud policy update 1 --set mode=detect"),
    Resource("ipset", "guard/ip-sets", ("id", "name", "description", "entry_count"),
             "IP sets.", "zcloud ipset import 3 blocklist.txt"),
    Resource("acl", "guard/acl-rules", ("id", "name", "domain_id", "priority", "action"),
             "ACL rules.", "zcloud acl create -f rule.yaml"),
    Resource("cc", "guard/cc-rules", ("id", "name", "domain_id", "limit", "window_seconds", "action"),
             "CC (rate limit) rules.", "zcloud cc create -f cc.yaml"),
    Resource("forward", "guard/forwards", ("id", "domain_id", "path_prefix", "servers"),
             "Forward rules (origin routing by path)."),
    Resource("schedule", "guard/schedules", ("id", "name", "timezone"), "Schedule groups."),
    Resource("node", "node/nodes", ("id", "name", "status", "applied_version", "last_seen_at"),
             "WAF nodes.", "zcloud node token create"),
    Resource("nodegroup", "node/groups", ("id", "name", "is_default"), "Node groups."),
    Resource("apikey", "sys/api-keys", ("id", "name", "prefix", "scopes", "expires_at"),
             "Your API keys.", "zcloud apikey create --set name=ci --set 'scopes=[\"guard.domain.read\"]'",
             update_method="PUT"),
    Resource("user", "sys/users", ("id", "username", "role_id", "enabled"), "Users.", update_method="PUT"),
    Resource("role", "sys/roles", ("id", "name", "builtin"), "Roles.", update_method="PUT"),
)

GROUPS: dict[str, typer.Typer] = {res.name: build_group(res) for res in RESOURCES}
guard_commands.install(GROUPS)
node_commands.install(GROUPS)
for _name, _group in GROUPS.items():
    app.add_typer(_group, name=_name)
site_commands.install(app)
chart_commands.install(app)


@app.callback()
def main_options(
    ctx: typer.Context,
    profile: Annotated[str, typer.Option(envvar="ZCLOUD_PROFILE", help="Profile name.")] = "default",
    output: Annotated[str | None, typer.Option(help="table, json or yaml.")] = None,
    retries: Annotated[int, typer.Option(min=0, max=10, help="Retries on 429 / 5xx / network errors.")] = 3,
) -> None:
    prof = load_profile(profile)
    fmt = output or prof.output
    if fmt not in OUTPUTS:
        fail(Exit.usage, f"--output must be one of {', '.join(OUTPUTS)}")
    ctx.obj = Ctx(profile=prof, output=fmt, retries=retries)


@app.command()
def configure(
    ctx: typer.Context,
    api_url: Annotated[str | None, typer.Option(help="e.g. https://waf.example.com")] = None,
    api_key: Annotated[str | None, typer.Option(help="An API key (prompted, hidden, when omitted).")] = None,
    default_output: Annotated[str, typer.Option(help="table, json or yaml.")] = "table",
) -> None:
    """Write a profile to ~/.config/zcloud/config.toml (mode 0600).

    Example: zcloud --profile prod configure --api-url https://waf.example.com
    """
    c = ctx_of(ctx)
    profile = c.profile
    profile.api_url = (api_url or typer.prompt("API URL", default=profile.api_url or None)).rstrip("/")
    profile.api_key = api_key or typer.prompt("API key", hide_input=True)
    if default_output not in OUTPUTS:
        fail(Exit.usage, f"--default-output must be one of {', '.join(OUTPUTS)}")
    profile.output = default_output
    path = save_profile(profile)
    stderr.print(f"profile '{profile.name}' saved to {path}")


@app.command()
def errors(ctx: typer.Context) -> None:
    """The business-code table of the server (no key needed).

    Example: zcloud errors --output json
    """
    c = ctx_of(ctx)
    url = c.profile.api_url or fail(Exit.config, "no API URL: run `zcloud configure` or set ZCLOUD_API_URL")
    client = Client(url, c.profile.api_key or "-")
    c.show(client.get("error-codes"), ("code", "http_status", "module", "message_en"))


def main() -> None:
    # Click's standalone mode already turns usage errors into exit 2 and typer.Exit into its code;
    # API and network failures come out here and get their documented status.
    try:
        app()
    except ApiError as exc:
        sys.exit(report_api_error(exc))
    except NetworkError as exc:
        sys.exit(report_network_error(exc))
