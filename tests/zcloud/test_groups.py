"""Every zcloud command group against the live server, the way an operator chains them."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from tests.zcloud.conftest import Zcloud


def _ok(result) -> dict:  # noqa: ANN001
    assert result.code == 0, result.stderr
    return json.loads(result.stdout) if result.stdout.strip() else {}


def _self_signed(tmp_path: Path, name: str) -> tuple[Path, Path]:
    key = ec.generate_private_key(ec.SECP256R1())
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)])
    now = dt.datetime.now(dt.UTC)
    cert = (x509.CertificateBuilder().subject_name(subject).issuer_name(subject).public_key(key.public_key())
            .serial_number(x509.random_serial_number()).not_valid_before(now - dt.timedelta(days=1))
            .not_valid_after(now + dt.timedelta(days=90))
            .add_extension(x509.SubjectAlternativeName([x509.DNSName(name)]), critical=False)
            .sign(key, hashes.SHA256()))
    cert_file, key_file = tmp_path / "cert.pem", tmp_path / "key.pem"
    cert_file.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_file.write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()))
    return cert_file, key_file


def test_domain_cert_policy_groups(zcloud: Zcloud, tmp_path: Path) -> None:
    z = lambda *args: zcloud("--output", "json", *args)  # noqa: E731
    domain = _ok(z("domain", "create", "--name", "groups.example", "--origin", "127.0.0.1:9100"))
    assert domain["origins"][0]["port"] == 9100
    assert _ok(z("domain", "get", str(domain["id"])))["name"] == "groups.example"
    assert _ok(z("domain", "update", str(domain["id"]), "--set", "enabled=false"))["enabled"] is False
    duplicate = zcloud("domain", "create", "--name", "groups.example", "--origin", "127.0.0.1:9100")
    assert duplicate.code == 5 and duplicate.stderr.startswith("error 2002: ")

    cert_file, key_file = _self_signed(tmp_path, "groups.example")
    cert = _ok(z("cert", "upload", "--name", "groups", "--cert", str(cert_file), "--key", str(key_file)))
    assert cert["sans"] == ["groups.example"] and "key_pem" not in cert
    _ok(z("cert", "bind", str(cert["id"]), "--domain", str(domain["id"])))
    assert _ok(z("domain", "get", str(domain["id"])))["cert_ids"] == [cert["id"]]
    _ok(z("cert", "unbind", str(cert["id"]), "--domain", str(domain["id"])))
    garbage = tmp_path / "garbage.pem"
    garbage.write_text("not a certificate")
    bad = zcloud("cert", "upload", "--name", "bad", "--cert", str(garbage), "--key", str(key_file))
    assert bad.code == 1 and bad.stderr.startswith("error 2007: ")

    policies = _ok(z("policy", "list"))["items"]
    default = next(p for p in policies if p["is_default"])
    updated = _ok(z("policy", "update", str(default["id"]),
                    "--set", "mode=detect", "--set", "paranoia_level=2"))
    assert (updated["mode"], updated["paranoia_level"]) == ("detect", 2)
    assert _ok(z("domain", "delete", str(domain["id"]), "--yes")) == {"deleted": domain["id"]}
    assert zcloud("domain", "get", str(domain["id"])).code == 4


def test_ipset_acl_cc_node_groups(zcloud: Zcloud, tmp_path: Path) -> None:
    z = lambda *args: zcloud("--output", "json", *args)  # noqa: E731
    ipset = _ok(z("ipset", "create", "--set", "name=scanners"))
    _ok(z("ipset", "add", str(ipset["id"]), "203.0.113.0/24", "--comment", "scanner net"))
    dup = zcloud("ipset", "add", str(ipset["id"]), "203.0.113.0/24")
    assert dup.code == 5 and dup.stderr.startswith("error 2013: ")
    listing = tmp_path / "more.txt"
    listing.write_text("198.51.100.7\n192.0.2.0/28 # docs\n")
    imported = _ok(z("ipset", "import", str(ipset["id"]), str(listing)))
    assert (imported["added"], imported["entry_count"]) == (2, 3)  # without --replace, import adds
    exported = tmp_path / "out.csv"
    assert zcloud("ipset", "export", str(ipset["id"]), "--format", "csv", "-o", str(exported)).code == 0
    assert "198.51.100.7" in exported.read_text()
    _ok(z("ipset", "remove", str(ipset["id"]), "198.51.100.7"))
    entries = [e["ip"] for e in _ok(z("ipset", "entries", str(ipset["id"])))]
    assert "198.51.100.7" not in entries

    domain = _ok(z("domain", "create", "--name", "rules.example", "--origin", "127.0.0.1:9101"))
    acl = _ok(z("acl", "create", "--set", "name=drop-scanners", "--set", f"domain_id={domain['id']}",
                "--set", "priority=5", "--set", "action=deny",
                "--set", f'conditions=[{{"field":"ip_set","op":"eq","value":"{ipset["id"]}"}}]'))
    assert acl["conditions"][0]["field"] == "ip_set"
    assert [r["name"] for r in _ok(z("acl", "list"))["items"]] == ["drop-scanners"]
    cc = _ok(z("cc", "create", "--set", "name=login", "--set", f"domain_id={domain['id']}",
               "--set", "path=/login", "--set", "limit=10", "--set", "window_seconds=60"))
    assert cc["action"] == "reject"
    assert zcloud("cc", "get", "999999").stderr.startswith("error 2018: ")

    token = _ok(z("node", "token", "create", "--name", "edge-1"))
    assert token["token"].startswith("cwe_")
    assert _ok(z("node", "list"))["total"] == 0
    groups = _ok(z("nodegroup", "list"))["items"]
    assert any(g["is_default"] for g in groups)
