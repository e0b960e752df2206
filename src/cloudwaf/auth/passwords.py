"""Argon2id password hashing with OWASP's recommended minimum (m=19 MiB, t=2, p=1).

argon2-cffi's default (RFC 9106's second option: 64 MiB, t=3, p=4) took ~370 ms a check on this
2-core class of machine, over the 300 ms login budget, and four lanes on two cores let one login
stall the others; the OWASP setting measured ~60 ms."""

from __future__ import annotations

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

_hasher = PasswordHasher(time_cost=2, memory_cost=19_456, parallelism=1)

# Verifying against this keeps the time of "unknown user" close to "wrong password".
_DUMMY_HASH = _hasher.hash("cloudwaf-timing-equaliser")


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(password_hash: str | None, password: str) -> bool:
    try:
        return _hasher.verify(password_hash or _DUMMY_HASH, password) and password_hash is not None
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def needs_rehash(password_hash: str) -> bool:
    return _hasher.check_needs_rehash(password_hash)
