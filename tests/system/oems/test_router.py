from __future__ import annotations

import io

import pytest
from fastapi.testclient import TestClient
from PIL import Image
from sqlalchemy.orm import Session

from cloudwaf.models import Oem
from cloudwaf.system.oems.logo import MAX_LOGO_BYTES
from tests.system.conftest import API, assert_code, login

OEMS = f"{API}/oems"


def _png(size: tuple[int, int] = (8, 8)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 10, 10)).save(buffer, format="PNG")
    return buffer.getvalue()


def _jpeg() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), (10, 10, 200)).save(buffer, format="JPEG")
    return buffer.getvalue()


SAFE_SVG = (
    b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10">'
    b'<rect width="10" height="10" fill="#123"/></svg>'
)


def test_create_oem_with_first_admin(client: TestClient, db: Session, admin_h: dict[str, str]) -> None:
    response = client.post(
        OEMS,
        headers=admin_h,
        json={
            "name": "Reseller",
            "hostname": "WAF.Reseller.example",
            "primary_color": "#112233",
            "admin": {"username": "reseller-admin", "password": "Res3ller-pass"},
        },
    )
    assert response.status_code == 200, response.json()
    data = response.json()["data"]
    assert data["hostname"] == "waf.reseller.example" and data["first_admin_id"]
    token = login(client, "reseller-admin", "Res3ller-pass").json()["data"]["token"]
    me = client.get(f"{API}/me", headers={"Authorization": f"Bearer {token}"}).json()["data"]
    assert me["user"]["oem_id"] == data["id"] and me["branding"]["primary_color"] == "#112233"
    roles = client.get(f"{API}/roles", headers=admin_h, params={"oem_id": data["id"]}).json()["data"]["items"]
    assert {r["code"] for r in roles} == {"oem_admin", "operator", "auditor"}


def test_oem_codes(client: TestClient, db: Session, tenant: Oem, home: Oem, admin_h: dict[str, str]) -> None:
    assert_code(
        client.post(OEMS, headers=admin_h, json={"name": "Dup", "hostname": tenant.hostname}), 1021, 409
    )
    assert_code(client.get(f"{OEMS}/999999", headers=admin_h), 1020, 404)
    assert_code(client.delete(f"{OEMS}/{home.id}", headers=admin_h), 1022, 403)
    assert_code(
        client.put(f"{OEMS}/{home.id}", headers=admin_h, json={"hostname": tenant.hostname}), 1021, 409
    )
    assert client.delete(f"{OEMS}/{tenant.id}", headers=admin_h).status_code == 200
    assert_code(client.get(f"{OEMS}/{tenant.id}", headers=admin_h), 1020, 404)


def test_oems_are_platform_admin_only(client: TestClient, tenant: Oem, tenant_h: dict[str, str]) -> None:
    assert_code(client.get(OEMS, headers=tenant_h), 1011, 403)
    assert_code(client.get(f"{OEMS}/{tenant.id}", headers=tenant_h), 1011, 403)
    assert_code(client.post(OEMS, headers=tenant_h, json={"name": "x", "hostname": "x.example"}), 1011, 403)


def test_branding_follows_the_host(client: TestClient, db: Session, tenant: Oem, home: Oem) -> None:
    tenant.primary_color = "#abcdef"
    db.flush()
    mine = client.get(f"{API}/branding", headers={"Host": f"{tenant.hostname}:8443"}).json()["data"]
    assert mine["oem_id"] == tenant.id and mine["primary_color"] == "#abcdef"
    fallback = client.get(f"{API}/branding", headers={"Host": "unknown.example"}).json()["data"]
    assert fallback["oem_id"] == home.id


@pytest.mark.parametrize(
    ("content", "mime"), [(_png(), "image/png"), (_jpeg(), "image/jpeg"), (SAFE_SVG, "image/svg+xml")]
)
def test_logo_upload_and_public_download(
    client: TestClient, tenant: Oem, admin_h: dict[str, str], content: bytes, mime: str
) -> None:
    response = client.post(
        f"{OEMS}/{tenant.id}/logo", headers=admin_h, files={"file": ("logo", content, mime)}
    )
    assert response.status_code == 200, response.json()
    url = response.json()["data"]["logo_url"]
    served = client.get(url)
    assert served.status_code == 200 and served.content == content
    assert (
        served.headers["content-type"].startswith(mime)
        and "sandbox" in served.headers["content-security-policy"]
    )


BAD_SVGS = [
    b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
    b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"></svg>',
    b'<svg xmlns="http://www.w3.org/2000/svg"><foreignObject><div/></foreignObject></svg>',
    b'<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink">'
    b'<image xlink:href="https://evil.example/x.png"/></svg>',
    b'<svg xmlns="http://www.w3.org/2000/svg"><a href="javascript:alert(1)"><rect/></a></svg>',
    b'<svg xmlns="http://www.w3.org/2000/svg"><style>@import url(https://evil.example/a.css);</style></svg>',
    b'<svg xmlns="http://www.w3.org/2000/svg"><rect style="fill:url(https://evil.example/#x)"/></svg>',
    b'<!DOCTYPE svg [<!ENTITY x SYSTEM "file:///etc/passwd">]><svg xmlns="http://www.w3.org/2000/svg">&x;</svg>',
]


@pytest.mark.parametrize("content", BAD_SVGS)
def test_dangerous_svg_is_refused(
    client: TestClient, tenant: Oem, admin_h: dict[str, str], content: bytes
) -> None:
    response = client.post(
        f"{OEMS}/{tenant.id}/logo", headers=admin_h, files={"file": ("logo.svg", content, "image/svg+xml")}
    )
    assert_code(response, 1023, 400)


@pytest.mark.parametrize(
    ("content", "mime"),
    [
        (b"GIF89a" + b"\x00" * 20, "image/gif"),
        (b"\x89PNG\r\n\x1a\n" + b"garbage" * 10, "image/png"),  # PNG magic, not a PNG
        (_png(), "image/jpeg"),  # claims another type
        (b"", "image/png"),
        (_png() + b"\x00" * MAX_LOGO_BYTES, "image/png"),  # too large
        (b"plain text", "text/plain"),
    ],
)
def test_invalid_logo_is_1023(
    client: TestClient, tenant: Oem, admin_h: dict[str, str], content: bytes, mime: str
) -> None:
    response = client.post(
        f"{OEMS}/{tenant.id}/logo", headers=admin_h, files={"file": ("logo", content, mime)}
    )
    assert_code(response, 1023, 400)
