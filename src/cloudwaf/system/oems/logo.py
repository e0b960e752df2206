"""Logo validation: PNG, JPEG or SVG, at most 512 KB, really of the type it claims.

Raster images are parsed by Pillow; SVG is parsed as XML and refused when it could run code or
fetch anything (scripts, event handlers, foreignObject, external references, DTDs)."""

from __future__ import annotations

import io
import re
import xml.etree.ElementTree as ET

from PIL import Image, UnidentifiedImageError

from cloudwaf.system.errors import InvalidLogo

MAX_LOGO_BYTES = 512 * 1024
ALLOWED_TYPES = ("image/png", "image/jpeg", "image/svg+xml")
_PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
_JPEG_MAGIC = b"\xff\xd8\xff"
_GENERIC_TYPES = {"", "application/octet-stream"}
_FORBIDDEN_SVG_TAGS = {
    "script",
    "foreignobject",
    "iframe",
    "embed",
    "object",
    "audio",
    "video",
    "handler",
    "listener",
    "use-external",
}
_ANIMATION_TAGS = {"set", "animate", "animatemotion", "animatetransform"}
_LINK_ATTRIBUTES = {"href", "src"}
_SAFE_DATA_URL = re.compile(r"^data:image/(png|jpeg|gif|webp);base64,[A-Za-z0-9+/=\s]*$", re.IGNORECASE)
_CSS_URL = re.compile(r"url\s*\(\s*['\"]?\s*([^)'\"\s]*)", re.IGNORECASE)


def validate_logo(data: bytes, declared_type: str | None) -> str:
    """Returns the detected MIME type, or raises InvalidLogo (1023) saying why."""
    if not data:
        raise InvalidLogo("the file is empty")
    if len(data) > MAX_LOGO_BYTES:
        raise InvalidLogo(f"the file is larger than {MAX_LOGO_BYTES // 1024} KB")
    if data.startswith(_PNG_MAGIC):
        detected = _check_raster(data, "PNG", "image/png")
    elif data.startswith(_JPEG_MAGIC):
        detected = _check_raster(data, "JPEG", "image/jpeg")
    else:
        detected = _check_svg(data)
    declared = (declared_type or "").split(";")[0].strip().lower()
    if declared == "image/jpg":
        declared = "image/jpeg"
    if declared not in _GENERIC_TYPES and declared != detected:
        raise InvalidLogo(f"the file is {detected}, not {declared}")
    return detected


def _check_raster(data: bytes, pil_format: str, mime: str) -> str:
    try:
        with Image.open(io.BytesIO(data)) as image:
            if image.format != pil_format:
                raise InvalidLogo(f"not a valid {pil_format} image")
            image.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError) as exc:
        raise InvalidLogo(f"not a valid {pil_format} image") from exc
    return mime


def _local(name: str) -> str:
    return name.rsplit("}", 1)[-1].lower()


def _check_svg(data: bytes) -> str:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InvalidLogo("only PNG, JPEG or SVG images are accepted") from exc
    lowered = text.lower()
    if "<svg" not in lowered:
        raise InvalidLogo("only PNG, JPEG or SVG images are accepted")
    # No DTDs (entity expansion, external entities) and no stylesheet processing instructions.
    if "<!doctype" in lowered or "<!entity" in lowered or "<?xml-stylesheet" in lowered:
        raise InvalidLogo("SVG with a DOCTYPE, entities or stylesheet instructions is refused")
    try:
        root = ET.fromstring(text)
    except ET.ParseError as exc:
        raise InvalidLogo("the SVG is not well-formed XML") from exc
    if _local(root.tag) != "svg":
        raise InvalidLogo("the document is not an SVG image")
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        tag = _local(element.tag)
        if tag in _FORBIDDEN_SVG_TAGS:
            raise InvalidLogo(f"SVG element <{tag}> is not allowed")
        for raw_name, value in element.attrib.items():
            name = _local(raw_name)
            if name.startswith("on"):
                raise InvalidLogo(f"SVG event handler attribute {name} is not allowed")
            if "javascript:" in value.lower().replace(" ", ""):
                raise InvalidLogo("javascript: URLs are not allowed in SVG")
            if name in _LINK_ATTRIBUTES and not _internal_reference(value):
                raise InvalidLogo("SVG references to external resources are not allowed")
            if tag in _ANIMATION_TAGS and name == "attributename" and _local(value) in _LINK_ATTRIBUTES:
                raise InvalidLogo("SVG animations of links are not allowed")
            if name == "style":
                _check_css(value)
        if tag == "style":
            _check_css(element.text or "")
    return "image/svg+xml"


def _internal_reference(value: str) -> bool:
    value = value.strip()
    return value.startswith("#") or bool(_SAFE_DATA_URL.match(value))


def _check_css(css: str) -> None:
    if "@import" in css.lower():
        raise InvalidLogo("SVG styles may not import other stylesheets")
    for target in _CSS_URL.findall(css):
        if not target.startswith("#"):
            raise InvalidLogo("SVG styles may not reference external resources")
