"""Guard commands beyond plain CRUD: friendly domain flags, certificate files, IP-set entries."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from cloudwaf.zcloud.context import Exit, ctx_of, fail
from cloudwaf.zcloud.fields import body_from
from cloudwaf.zcloud.resources import FileOption, SetOption


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except OSError as exc:
        fail(Exit.usage, f"cannot read {path}: {exc}")


def install(groups: dict[str, typer.Typer]) -> None:
    domain, cert, ipset = groups["domain"], groups["cert"], groups["ipset"]

    # Replaces the generic `create` with the flags people type most.
    domain.registered_commands = [c for c in domain.registered_commands if c.name != "create"]

    @domain.command("create")
    def create_domain(
        ctx: typer.Context,
        name: Annotated[
            str | None, typer.Option(help="Hostname, e.g. shop.example or *.example.com.")
        ] = None,
        origin: Annotated[list[str] | None, typer.Option(help="Origin host:port (repeatable).")] = None,
        policy_id: Annotated[int | None, typer.Option()] = None,
        node_group_id: Annotated[int | None, typer.Option()] = None,
        https_port: Annotated[list[int] | None, typer.Option(help="HTTPS listen port (repeatable).")] = None,
        sets: SetOption = None,
        file: FileOption = None,
    ) -> None:
        """Protect a domain.

        Example: zcloud domain create --name shop.example --origin 10.0.0.5:8080
        """
        c = ctx_of(ctx)
        body = body_from(file, sets, name=name, origins=origin, policy_id=policy_id,
                         node_group_id=node_group_id, https_ports=https_port)
        c.show(c.client.post("guard/domains", json=body))

    @cert.command("upload")
    def upload_cert(
        ctx: typer.Context,
        name: Annotated[str, typer.Option(help="A name to find it by.")],
        cert_file: Annotated[Path, typer.Option("--cert", exists=True, help="PEM chain, leaf first.")],
        key_file: Annotated[Path, typer.Option("--key", exists=True, help="PEM private key.")],
    ) -> None:
        """Upload a certificate chain and its key (the key is never shown again).

        Example: zcloud cert upload --name shop --cert fullchain.pem --key privkey.pem
        """
        c = ctx_of(ctx)
        data = c.client.post("guard/certs", json={"name": name, "cert_pem": _read(cert_file),
                                                  "key_pem": _read(key_file)})
        c.show(data)

    @cert.command("bind")
    def bind_cert(ctx: typer.Context, cert_id: Annotated[int, typer.Argument(metavar="CERT_ID")],
                  domain_id: Annotated[int, typer.Option("--domain", help="Domain id.")]) -> None:
        """Serve a domain's HTTPS with this certificate.

        Example: zcloud cert bind 4 --domain 12
        """
        c = ctx_of(ctx)
        c.show(c.client.post(f"guard/domains/{domain_id}/certs", json={"cert_id": cert_id}))

    @cert.command("unbind")
    def unbind_cert(ctx: typer.Context, cert_id: Annotated[int, typer.Argument(metavar="CERT_ID")],
                    domain_id: Annotated[int, typer.Option("--domain", help="Domain id.")]) -> None:
        """Stop using this certificate for a domain.

        Example: zcloud cert unbind 4 --domain 12
        """
        c = ctx_of(ctx)
        c.client.delete(f"guard/domains/{domain_id}/certs/{cert_id}")
        c.show({"domain_id": domain_id, "cert_id": cert_id, "bound": False})

    @ipset.command("entries")
    def list_entries(ctx: typer.Context, set_id: Annotated[int, typer.Argument(metavar="SET_ID")],
                     keyword: Annotated[str | None, typer.Option()] = None) -> None:
        """List the entries of a set.

        Example: zcloud ipset entries 3 --keyword 10.0.
        """
        c = ctx_of(ctx)
        params = {"keyword": keyword} if keyword else {}
        entries = c.client.paginate(f"guard/ip-sets/{set_id}/ips", params)
        c.show(entries, ("id", "ip", "comment", "expires_at"))

    @ipset.command("add")
    def add_entry(ctx: typer.Context, set_id: Annotated[int, typer.Argument(metavar="SET_ID")],
                  ip: Annotated[str, typer.Argument(help="IP or CIDR.")],
                  comment: Annotated[str | None, typer.Option()] = None,
                  expires_at: Annotated[str | None, typer.Option(help="RFC 3339 time.")] = None) -> None:
        """Add one address or network.

        Example: zcloud ipset add 3 203.0.113.0/24 --comment scanner
        """
        c = ctx_of(ctx)
        body = {k: v for k, v in {"ip": ip, "comment": comment, "expires_at": expires_at}.items() if v}
        c.show(c.client.post(f"guard/ip-sets/{set_id}/ips", json=body))

    @ipset.command("remove")
    def remove_entry(ctx: typer.Context, set_id: Annotated[int, typer.Argument(metavar="SET_ID")],
                     ip: Annotated[str, typer.Argument(help="IP or CIDR.")]) -> None:
        """Remove one address or network.

        Example: zcloud ipset remove 3 203.0.113.0/24
        """
        c = ctx_of(ctx)
        c.client.delete(f"guard/ip-sets/{set_id}/ips", params={"ip": ip})
        c.show({"set_id": set_id, "removed": ip})

    @ipset.command("import")
    def import_entries(
        ctx: typer.Context, set_id: Annotated[int, typer.Argument(metavar="SET_ID")],
        path: Annotated[
            Path, typer.Argument(exists=True, help="Text (one per line) or CSV (ip,comment,expires_at).")
        ],
        replace: Annotated[bool, typer.Option(help="Replace the whole set.")] = False,
    ) -> None:
        """Bulk import; all or nothing (bad lines are reported by number).

        Example: zcloud ipset import 3 blocklist.txt --replace
        """
        c = ctx_of(ctx)
        fmt = "csv" if path.suffix.lower() == ".csv" else "text"
        content_type = f"text/{'csv' if fmt == 'csv' else 'plain'}"
        c.show(c.client.post(f"guard/ip-sets/{set_id}/import", params={"format": fmt, "replace": replace},
                             content=path.read_bytes(), headers={"Content-Type": content_type}))

    @ipset.command("export")
    def export_entries(
        ctx: typer.Context, set_id: Annotated[int, typer.Argument(metavar="SET_ID")],
        fmt: Annotated[str, typer.Option("--format", help="text or csv.")] = "text",
        out: Annotated[
            Path | None, typer.Option("-o", "--out", help="File (default: standard output).")
        ] = None,
    ) -> None:
        """Export the entries as text or CSV.

        Example: zcloud ipset export 3 --format csv -o set.csv
        """
        c = ctx_of(ctx)
        response = c.client.get(f"guard/ip-sets/{set_id}/export", params={"format": fmt}, raw=True)
        if out:
            out.write_bytes(response.content)
        else:
            typer.echo(response.text, nl=False)
