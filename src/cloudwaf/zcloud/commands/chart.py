"""Analytics: attack events (list, get, tail --follow), chart queries, CSV/XLSX exports."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Annotated

import typer

from cloudwaf.zcloud.context import ctx_of
from cloudwaf.zcloud.fields import apply_sets
from cloudwaf.zcloud.output import stderr

EVENT_COLUMNS = ("id", "time", "domain", "client_ip", "action", "rule_ids", "uri")

Since = Annotated[str, typer.Option(help="Start: RFC 3339, Unix seconds, or a span like 15m, 24h, 7d.")]


def _instant(value: str) -> str:
    """Relative spans are resolved here, so the server only ever sees absolute times."""
    units = {"s": 1, "m": 60, "h": 3600, "d": 86400}
    if value and value[-1] in units and value[:-1].isdigit():
        at = datetime.now(UTC) - timedelta(seconds=int(value[:-1]) * units[value[-1]])
        return at.isoformat().replace("+00:00", "Z")
    return value


def install(app: typer.Typer) -> None:
    events = typer.Typer(help="Attack events (the attack log).", no_args_is_help=True)
    chart = typer.Typer(help="Traffic and attack analytics.", no_args_is_help=True)
    app.add_typer(events, name="events")
    app.add_typer(chart, name="chart")

    def _filters(since: str, domain: str | None, client_ip: str | None, action: str | None,
                 rule_id: int | None) -> dict[str, object]:
        params = {"stime": _instant(since), "domain": domain, "client_ip": client_ip, "action": action,
                  "rule_id": rule_id}
        return {k: v for k, v in params.items() if v is not None}

    @events.command("list")
    def list_events(
        ctx: typer.Context, since: Since = "24h",
        domain: Annotated[str | None, typer.Option()] = None,
        client_ip: Annotated[str | None, typer.Option()] = None,
        action: Annotated[str | None, typer.Option(help="blocked or detected.")] = None,
        rule_id: Annotated[int | None, typer.Option()] = None,
        page_size: Annotated[int, typer.Option(min=1, max=500)] = 50,
    ) -> None:
        """Search the attack log (newest first).

        Example: zcloud events list --since 1h --domain shop.example --action blocked
        """
        c = ctx_of(ctx)
        data = c.client.get("chart/events", params={**_filters(since, domain, client_ip, action, rule_id),
                                                    "page_size": page_size})
        c.show(data["items"] if c.output == "table" else data, EVENT_COLUMNS)

    @events.command("get")
    def get_event(ctx: typer.Context, id_: Annotated[int, typer.Argument(metavar="ID")]) -> None:
        """One event with its matched rules and (masked) request headers.

        Example: zcloud events get 1234 --output yaml
        """
        c = ctx_of(ctx)
        c.show(c.client.get(f"chart/events/{id_}"))

    @events.command("tail")
    def tail_events(
        ctx: typer.Context, since: Since = "5m",
        follow: Annotated[bool, typer.Option("--follow", "-f", help="Keep printing new events.")] = False,
        interval: Annotated[float, typer.Option(help="Seconds between polls with --follow.", min=0.5)] = 2.0,
        domain: Annotated[str | None, typer.Option()] = None,
        max_polls: Annotated[int, typer.Option(hidden=True)] = 0,
    ) -> None:
        """Print recent events oldest first; with --follow, keep printing new ones (Ctrl-C stops).

        Example: zcloud events tail --follow --domain shop.example
        """
        c = ctx_of(ctx)
        seen: set[int] = set()
        stime = _instant(since)
        polls = 0
        while True:
            page = c.client.get("chart/events", params={**_filters(stime, domain, None, None, None),
                                                        "page_size": 500})
            fresh = [e for e in reversed(page["items"]) if e["id"] not in seen]
            for event in fresh:
                seen.add(event["id"])
                if c.output == "table":
                    typer.echo(f"{event['time']}  {event['action']:<8} {event['domain']:<24} "
                               f"{event['client_ip']:<15} {','.join(map(str, event.get('rule_ids') or []))}  "
                               f"{event['uri']}")
                else:
                    c.show(event)
            polls += 1
            if not follow or (max_polls and polls >= max_polls):
                return
            if fresh:
                stime = fresh[-1]["time"]
            time.sleep(interval)

    @chart.command("query")
    def query(
        ctx: typer.Context,
        metric: Annotated[
            str, typer.Option(help="requests, blocked, attacks, bytes_in, bytes_out, unique_ips ...")
        ],
        since: Since = "24h",
        until: Annotated[str | None, typer.Option(help="End (default: now).")] = None,
        by: Annotated[
            str | None, typer.Option(help="Top-N dimension: domain, country, client_ip, rule_id ...")
        ] = None,
        interval: Annotated[str, typer.Option(help="auto, 1m, 5m, 1h or 1d.")] = "auto",
        limit: Annotated[int, typer.Option(min=1, max=100)] = 10,
        filters: Annotated[list[str] | None, typer.Option("--filter", help="dimension=value.")] = None,
    ) -> None:
        """A time series, or a top-N table with --by.

        Example: zcloud chart query --metric attacks --by country --since 7d
        """
        c = ctx_of(ctx)
        body = {"metric": metric, "stime": _instant(since), "etime": _instant(until) if until else
                datetime.now(UTC).isoformat().replace("+00:00", "Z"), "interval": interval, "limit": limit,
                "dimensions": [by] if by else [], "filters": apply_sets({}, filters)}
        result = c.client.post("chart/query", json=body)
        if c.output != "table":
            c.show(result)
        elif result["kind"] == "top":
            c.show(result["rows"], ("label", "value"))
        else:
            c.show(result["points"], ("time", "value"))

    @chart.command("export")
    def export(
        ctx: typer.Context,
        out: Annotated[Path, typer.Option("-o", "--out", help="File to write.")],
        source: Annotated[str, typer.Option(help="events or query.")] = "events",
        fmt: Annotated[str, typer.Option("--format", help="csv or xlsx.")] = "csv",
        since: Since = "24h",
        domain: Annotated[str | None, typer.Option()] = None,
        metric: Annotated[str | None, typer.Option(help="With --source query.")] = None,
        by: Annotated[str | None, typer.Option(help="With --source query: top-N dimension.")] = None,
    ) -> None:
        """Export events or a query as CSV or XLSX (streamed to the file).

        Example: zcloud chart export --source events --since 7d --format xlsx -o attacks.xlsx
        """
        c = ctx_of(ctx)
        body: dict[str, object] = {"source": source, "format": fmt}
        now = datetime.now(UTC).isoformat().replace("+00:00", "Z")
        if source == "query":
            body["query"] = {"metric": metric or "requests", "stime": _instant(since), "etime": now,
                             "dimensions": [by] if by else []}
        else:
            body["events"] = {k: v for k, v in {"stime": _instant(since), "domain": domain}.items() if v}
        with c.client.http.stream("POST", "chart/export", json=body) as response:
            if not response.is_success:
                response.read()
                c.client.request("POST", "chart/export", json=body)  # raises the API error with its code
            with out.open("wb") as fh:
                for chunk in response.iter_bytes():
                    fh.write(chunk)
        stderr.print(f"wrote {out} ({out.stat().st_size} bytes)")
