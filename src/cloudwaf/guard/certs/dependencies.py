from __future__ import annotations

from typing import Annotated

from fastapi import Depends

from cloudwaf.auth import require
from cloudwaf.auth.principal import Principal
from cloudwaf.db import DbSession
from cloudwaf.guard.certs import service as cert_service
from cloudwaf.models import Certificate

CanReadCerts = Annotated[Principal, Depends(require("guard.cert.read"))]
CanWriteCerts = Annotated[Principal, Depends(require("guard.cert.write"))]


def readable_cert(cert_id: int, session: DbSession, principal: CanReadCerts) -> Certificate:
    return cert_service.get_cert(session, principal, cert_id)


def writable_cert(cert_id: int, session: DbSession, principal: CanWriteCerts) -> Certificate:
    return cert_service.get_cert(session, principal, cert_id)


ReadableCert = Annotated[Certificate, Depends(readable_cert)]
WritableCert = Annotated[Certificate, Depends(writable_cert)]
