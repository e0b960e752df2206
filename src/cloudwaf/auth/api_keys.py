"""API keys: `Authorization: ApiKey cwk_<public id>_<secret>`.

The public id (8 characters, unique index) finds the row without a scan and lets users tell keys
apart; the whole key is compared by SHA-256 digest in constant time (the secret carries 256 random
bits, so a slow password hash would only add latency). The owner's permissions are resolved live
on every request and intersected with the key's scopes: a key loses whatever its owner loses.
"""

from __future__ import annotations

import secrets
import string
from datetime import datetime, timedelta

from fastapi import Request
from sqlalchemy import select
from sqlalchemy.orm import Session

from cloudwaf.auth.authenticator import client_ip_of, permissions_from
from cloudwaf.auth.principal import AuthVia, Principal
from cloudwaf.auth.tokens import digest, same
from cloudwaf.errors import biz_error
from cloudwaf.models import ApiKey, Role, User
from cloudwaf.models.base import utcnow

ApiKeyInvalid = biz_error(1050, "ApiKeyInvalid")

KEY_PREFIX = "cwk_"
PUBLIC_ID_LENGTH = 8
_PUBLIC_ID_ALPHABET = string.ascii_lowercase + string.digits  # no "_": it separates the parts
# Like session last_seen_at: recording every use would turn every read into a write.
_LAST_USED_RESOLUTION = timedelta(seconds=60)


def new_api_key() -> tuple[str, str]:
    """A fresh key and its public id: (`cwk_<id>_<secret>`, id)."""
    public_id = "".join(secrets.choice(_PUBLIC_ID_ALPHABET) for _ in range(PUBLIC_ID_LENGTH))
    return f"{KEY_PREFIX}{public_id}_{secrets.token_urlsafe(32)}", public_id


def public_id_of(key: str) -> str | None:
    if not key.startswith(KEY_PREFIX):
        return None
    public_id, sep, secret = key[len(KEY_PREFIX) :].partition("_")
    if not sep or len(public_id) != PUBLIC_ID_LENGTH or len(secret) < 32:
        return None
    return public_id


def authenticate_api_key(session: Session, request: Request, key: str) -> tuple[Principal, datetime]:
    """The key's principal, and the key's expiry."""
    public_id = public_id_of(key)
    if public_id is None:
        raise ApiKeyInvalid("malformed key")
    # One round trip by the unique public id: the key, its owner and the owner's role.
    found = session.execute(
        select(ApiKey, User, Role)
        .join(User, User.id == ApiKey.user_id)
        .outerjoin(Role, Role.id == User.role_id)
        .where(ApiKey.public_id == public_id)
    ).first()
    if found is None or not same(found[0].secret_hash, digest(key)):
        raise ApiKeyInvalid()
    row, user, role = found
    now = utcnow()
    if row.revoked_at is not None:
        raise ApiKeyInvalid("the key was revoked")
    if now >= row.expires_at:
        raise ApiKeyInvalid("the key expired")
    if not user.enabled:
        raise ApiKeyInvalid("the key's owner is disabled")
    permissions = permissions_from(user, role)
    client_ip = client_ip_of(request)
    if (
        row.last_used_at is None
        or now - row.last_used_at >= _LAST_USED_RESOLUTION
        or row.last_used_ip != client_ip
    ):
        row.last_used_at = now
        row.last_used_ip = client_ip[:64]
    principal = Principal(
        user_id=user.id,
        username=user.username,
        oem_id=user.oem_id,
        permissions=permissions,
        via=AuthVia.api_key,
        is_platform_admin=user.is_platform_admin,
        api_key_id=row.id,
        api_key_scopes=frozenset(row.scopes) & permissions,
        client_ip=client_ip,
    )
    return principal, row.expires_at
