"""TLS on real nginx (the corpus sample lives in test_effectiveness.py)."""

from __future__ import annotations

import datetime as dt
import ssl

import httpx
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from cloudwaf.dataplane.snapshot import Tls

from .snapshots import domain, snapshot


def _self_signed(name: str) -> tuple[str, str]:
    key = ec.generate_private_key(ec.SECP256R1())
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)])
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder().subject_name(subject).issuer_name(subject).public_key(key.public_key())
        .serial_number(x509.random_serial_number()).not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(days=1))
        .add_extension(x509.SubjectAlternativeName([x509.DNSName(name)]), critical=False)
        .sign(key, hashes.SHA256())
    )  # fmt: skip
    key_pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                serialization.NoEncryption()).decode()  # fmt: skip
    return cert.public_bytes(serialization.Encoding.PEM).decode(), key_pem


def test_tls_redirect_and_hsts(node, origins):
    cert_pem, key_pem = _self_signed("shop.example")
    d = domain(node, origins, https_ports=[node.https_port], tls=Tls(cert_pem=cert_pem, key_pem=key_pem),
               redirect_https=True, hsts=True)  # fmt: skip
    result = node.apply(snapshot(d))
    assert result.ok, result.error
    key_file = node.layout.conf_dir / "tls" / "1.key"
    assert key_file.stat().st_mode & 0o777 == 0o600

    redirect = httpx.get(f"http://127.0.0.1:{node.http_port}/a?b=1", headers={"Host": "shop.example"})
    assert redirect.status_code == 301
    assert redirect.headers["location"] == f"https://shop.example:{node.https_port}/a?b=1"

    context = ssl.create_default_context(cadata=cert_pem)
    context.check_hostname = False  # we connect to 127.0.0.1 but send SNI shop.example below
    with httpx.Client(verify=context) as client:
        response = client.get(f"https://127.0.0.1:{node.https_port}/hello", headers={"Host": "shop.example"},
                              extensions={"sni_hostname": "shop.example"})  # fmt: skip
    assert response.status_code == 200 and response.json()["origin"] == "main"
    assert response.headers["strict-transport-security"] == "max-age=31536000"
    with httpx.Client(verify=context) as client:
        blocked = client.get(f"https://127.0.0.1:{node.https_port}/?id=1%27%20OR%201=1--",
                             headers={"Host": "shop.example"},
                             extensions={"sni_hostname": "shop.example"})  # fmt: skip
    assert blocked.status_code == 403
