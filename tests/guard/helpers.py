"""Shared arrangements of the guard tests: an admin of a fresh OEM, certificates made on the fly."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from cloudwaf.models import Oem
from tests.factories import bearer_headers, make_oem, make_user


@dataclass
class Tenant:
    oem: Oem
    headers: dict[str, str]


def tenant(db: Session, role: str = "oem_admin") -> Tenant:
    oem = make_oem(db)
    return Tenant(oem, bearer_headers(db, make_user(db, oem, role)))


def ok_data(response) -> dict:  # noqa: ANN001
    assert response.status_code in (200, 201), response.text
    body = response.json()
    assert body["code"] == 0, body
    return body["data"]


def assert_code(response, code: int, status: int | None = None) -> dict:  # noqa: ANN001
    body = response.json()
    assert body["code"] == code, (response.status_code, body)
    if status is not None:
        assert response.status_code == status, (response.status_code, body)
    return body


def create_domain(client: TestClient, t: Tenant, name: str = "www.example.com", **fields) -> dict:
    payload = {"name": name, "origins": ["10.0.0.10:8080"], **fields}
    return ok_data(client.post("/api/v1/guard/domains", json=payload, headers=t.headers))


def _name(cn: str) -> x509.Name:
    return x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, cn)])


def _pem(cert: x509.Certificate) -> str:
    return cert.public_bytes(serialization.Encoding.PEM).decode()


def _key_pem(key: ec.EllipticCurvePrivateKey) -> str:
    return key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    ).decode()


@dataclass
class CertMaterial:
    leaf_pem: str
    intermediate_pem: str
    key_pem: str
    other_key_pem: str

    @property
    def chain(self) -> str:
        return self.leaf_pem + self.intermediate_pem

    @property
    def reversed_chain(self) -> str:
        return self.intermediate_pem + self.leaf_pem


def make_cert(
    names: list[str], *, not_before: datetime | None = None, not_after: datetime | None = None
) -> CertMaterial:
    """An intermediate CA and a leaf for `names` signed by it."""
    now = datetime.now(UTC)
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca = (
        x509.CertificateBuilder()
        .subject_name(_name("Test Intermediate CA"))
        .issuer_name(_name("Test Intermediate CA"))
        .public_key(ca_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(days=30))
        .not_valid_after(now + timedelta(days=3650))
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .sign(ca_key, hashes.SHA256())
    )
    key = ec.generate_private_key(ec.SECP256R1())
    leaf = (
        x509.CertificateBuilder()
        .subject_name(_name(names[0]))
        .issuer_name(ca.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(not_before or now - timedelta(days=1))
        .not_valid_after(not_after or now + timedelta(days=90))
        .add_extension(x509.SubjectAlternativeName([x509.DNSName(n) for n in names]), critical=False)
        .sign(ca_key, hashes.SHA256())
    )
    return CertMaterial(
        _pem(leaf), _pem(ca), _key_pem(key), _key_pem(ec.generate_private_key(ec.SECP256R1()))
    )
