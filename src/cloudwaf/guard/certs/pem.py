"""Certificate parsing and private-key sealing.

Parsing refuses, with a message precise enough to fix the upload: no PEM at all, an unreadable or
encrypted key, a key that does not belong to the leaf, a leaf outside its validity, and a chain
whose certificates are out of order (each must be signed by the next one).
The private key is sealed with AES-256-GCM under a key derived from the server secret (HKDF);
the OEM id is the associated data, so a sealed key copied into another tenant does not open."""

from __future__ import annotations

import base64
import ipaddress
import os
from dataclasses import dataclass
from datetime import UTC, datetime

from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, ed448, ed25519, rsa
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from cryptography.x509.oid import ExtensionOID

from cloudwaf.guard.errors import InvalidCertificate

_SEAL_PREFIX = "v1:"
_MAX_PEM = 256 * 1024


@dataclass(frozen=True)
class ParsedCert:
    cert_pem: str  # normalised: leaf first, one PEM block per certificate
    key_pem: str  # PKCS#8, unencrypted
    subject: str
    issuer: str
    sans: list[str]
    not_before: datetime
    not_after: datetime
    fingerprint_sha256: str
    key_type: str


def _describe(cert: x509.Certificate) -> str:
    return cert.subject.rfc4514_string() or "(empty subject)"


def _key_type(key: object) -> str:
    if isinstance(key, rsa.RSAPrivateKey):
        return f"RSA-{key.key_size}"
    if isinstance(key, ec.EllipticCurvePrivateKey):
        return f"EC-{key.curve.name}"
    if isinstance(key, ed25519.Ed25519PrivateKey | ed448.Ed448PrivateKey):
        return "EdDSA"
    raise InvalidCertificate("unsupported private key type (use RSA or ECDSA)")


def _sans(cert: x509.Certificate) -> list[str]:
    try:
        ext = cert.extensions.get_extension_for_oid(ExtensionOID.SUBJECT_ALTERNATIVE_NAME).value
    except x509.ExtensionNotFound:
        return []
    names = [n.lower() for n in ext.get_values_for_type(x509.DNSName)]
    return names + [str(ip) for ip in ext.get_values_for_type(x509.IPAddress)]


def parse(cert_pem: str, key_pem: str, now: datetime | None = None) -> ParsedCert:
    now = now or datetime.now(UTC)
    if len(cert_pem) > _MAX_PEM or len(key_pem) > _MAX_PEM:
        raise InvalidCertificate("PEM larger than 256 KiB")
    if "-----BEGIN CERTIFICATE-----" not in cert_pem:
        raise InvalidCertificate("cert_pem holds no -----BEGIN CERTIFICATE----- block")
    try:
        chain = x509.load_pem_x509_certificates(cert_pem.encode())
    except ValueError as exc:
        raise InvalidCertificate(f"cert_pem is not a readable PEM certificate chain ({exc})") from exc
    if "PRIVATE KEY-----" not in key_pem:
        raise InvalidCertificate("key_pem holds no -----BEGIN PRIVATE KEY----- block")
    try:
        key = serialization.load_pem_private_key(key_pem.encode(), password=None)
    except TypeError as exc:
        raise InvalidCertificate("the private key is encrypted; upload it without a passphrase") from exc
    except Exception as exc:  # noqa: BLE001 - any parse failure is a fault of the upload
        raise InvalidCertificate("key_pem is not a readable private key") from exc
    key_type = _key_type(key)
    leaf = chain[0]
    spki = serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
    if leaf.public_key().public_bytes(*spki) != key.public_key().public_bytes(*spki):
        owner = next(
            (
                i
                for i, c in enumerate(chain[1:], start=2)
                if c.public_key().public_bytes(*spki) == key.public_key().public_bytes(*spki)
            ),
            None,
        )
        if owner is not None:
            raise InvalidCertificate(
                f"chain out of order: the key belongs to certificate #{owner} "
                f"({_describe(chain[owner - 1])}); put the leaf first, then each issuer"
            )
        raise InvalidCertificate(f"the private key does not match the first certificate ({_describe(leaf)})")
    if now < leaf.not_valid_before_utc:
        raise InvalidCertificate(
            f"the certificate is not valid before {leaf.not_valid_before_utc.isoformat()}"
        )
    if now > leaf.not_valid_after_utc:
        raise InvalidCertificate(f"the certificate expired on {leaf.not_valid_after_utc.isoformat()}")
    for position, (child, parent) in enumerate(zip(chain, chain[1:], strict=False), start=1):
        if not _issued_by(child, parent):
            raise InvalidCertificate(
                f"chain out of order: certificate #{position + 1} ({_describe(parent)}) did not issue "
                f"certificate #{position} ({_describe(child)}); put the leaf first, then each issuer"
            )
    normalised = "".join(c.public_bytes(serialization.Encoding.PEM).decode() for c in chain)
    pkcs8 = key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    ).decode()
    return ParsedCert(
        cert_pem=normalised,
        key_pem=pkcs8,
        subject=leaf.subject.rfc4514_string(),
        issuer=leaf.issuer.rfc4514_string(),
        sans=_sans(leaf),
        not_before=leaf.not_valid_before_utc,
        not_after=leaf.not_valid_after_utc,
        fingerprint_sha256=leaf.fingerprint(hashes.SHA256()).hex(),
        key_type=key_type,
    )


def _issued_by(child: x509.Certificate, parent: x509.Certificate) -> bool:
    if child.issuer != parent.subject:
        return False
    try:
        child.verify_directly_issued_by(parent)
    except (ValueError, TypeError, InvalidSignature):
        return False
    return True


def covers(sans: list[str], hostname: str) -> bool:
    """Whether a certificate's names cover `hostname` (punycode), RFC 6125 style: a SAN wildcard
    stands for exactly one left-most label; a wildcard domain needs a wildcard (or equal) SAN."""
    hostname = hostname.lower()
    for san in sans:
        if san == hostname:
            return True
        if san.startswith("*.") and not hostname.startswith("*."):
            head, _, rest = hostname.partition(".")
            if head and rest == san[2:]:
                return True
    try:
        ip = str(ipaddress.ip_address(hostname))
    except ValueError:
        return False
    return ip in sans


def _aead(secret: str) -> AESGCM:
    key = HKDF(
        algorithm=hashes.SHA256(), length=32, salt=b"cloudwaf-guard-cert-key", info=b"private key sealing v1"
    ).derive(secret.encode())
    return AESGCM(key)


def seal(secret: str, oem_id: int, key_pem: str) -> str:
    nonce = os.urandom(12)
    sealed = _aead(secret).encrypt(nonce, key_pem.encode(), str(oem_id).encode())
    return _SEAL_PREFIX + base64.b64encode(nonce + sealed).decode()


def unseal(secret: str, oem_id: int, sealed: str) -> str:
    if not sealed.startswith(_SEAL_PREFIX):
        raise ValueError("unknown sealed-key format")
    raw = base64.b64decode(sealed[len(_SEAL_PREFIX) :])
    return _aead(secret).decrypt(raw[:12], raw[12:], str(oem_id).encode()).decode()
