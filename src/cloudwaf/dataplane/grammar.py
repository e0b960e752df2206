"""Strict grammars for every string that can reach nginx or ModSecurity.

The compiler never trusts its input: the control plane validates too, but a value that
passes these checks is, by construction, unable to end a quoted string, start a new
directive or expand a variable in either configuration language. Anything that does not
fit a grammar is refused (ValueError, surfaced by pydantic as a validation error); free
text that must keep arbitrary characters goes through `escape.py` instead.
"""

from __future__ import annotations

import ipaddress
import re

# RFC 1123 labels, lower-case punycode only, with an optional leading "*." wildcard.
_LABEL = r"(?!-)[a-z0-9-]{1,63}(?<!-)"
_HOSTNAME_RE = re.compile(rf"^(?:\*\.)?(?:{_LABEL}\.)*{_LABEL}$")
# Path prefixes: an absolute path of unreserved/sub-delim characters. No quotes, spaces,
# ';', braces, '$', '#', '%', backslash or controls: nginx matches decoded paths, so a
# percent sign would never match what the operator meant anyway.
_PATH_RE = re.compile(r"^/[A-Za-z0-9._~!*+,=:@/-]{0,255}$")
_HEADER_NAME_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9-]{0,63}$")
_ARG_NAME_RE = re.compile(r"^[A-Za-z0-9_.\-\[\]]{1,128}$")
_TAG_RE = re.compile(r"^[A-Za-z0-9_./-]{1,64}$")
_TIMEZONE_RE = re.compile(r"^[A-Za-z0-9_+\-/]{1,64}$")
_HHMM_RE = re.compile(r"^(?:[01][0-9]|2[0-3]):[0-5][0-9]$|^24:00$")
_METHOD_RE = re.compile(r"^[A-Z]{1,20}$")
_CONTENT_TYPE_RE = re.compile(r"^[a-z0-9][a-z0-9!#&^_.+-]{0,63}/[a-z0-9][a-z0-9!#&^_.+-]{0,63}$")
_HOST_HEADER_RE = re.compile(rf"^(?:{_LABEL}\.)*{_LABEL}(?::[0-9]{{1,5}})?$")
_LOGO_RE = re.compile(r"^data:image/(?:png|jpeg|gif|webp|svg\+xml);base64,[A-Za-z0-9+/]+={0,2}$")
_PEM_BLOCK_RE = re.compile(
    r"^(?:-----BEGIN ([A-Z0-9 ]{1,40})-----\r?\n[A-Za-z0-9+/=\r\n]{1,65536}-----END \1-----\r?\n?)+$"
)

TARGET_COLLECTIONS = frozenset(
    {
        "ARGS", "ARGS_GET", "ARGS_POST", "ARGS_NAMES", "ARGS_GET_NAMES", "ARGS_POST_NAMES",
        "REQUEST_HEADERS", "REQUEST_HEADERS_NAMES", "REQUEST_COOKIES", "REQUEST_COOKIES_NAMES",
        "REQUEST_BODY", "REQUEST_URI", "REQUEST_FILENAME", "REQUEST_BASENAME", "QUERY_STRING",
        "XML", "FILES", "FILES_NAMES",
    }
)  # fmt: skip

MAX_REGEX_LENGTH = 512
MAX_VALUE_LENGTH = 1024


def _require(pattern: re.Pattern[str], value: str, what: str) -> str:
    if not isinstance(value, str) or not pattern.match(value):
        raise ValueError(f"invalid {what}: {value!r:.80}")
    return value


def hostname(value: str) -> str:
    """A server_name: RFC 1123 punycode hostname, optionally `*.` wildcard, <= 253 chars."""
    value = value.strip().lower() if isinstance(value, str) else value
    if len(value) > 253:
        raise ValueError("hostname longer than 253 characters")
    return _require(_HOSTNAME_RE, value, "hostname")


def upstream_host(value: str) -> str:
    """An origin host: an IP literal or a plain (non-wildcard) hostname."""
    try:
        return str(ipaddress.ip_address(value))
    except ValueError:
        pass
    if isinstance(value, str) and value.startswith("*."):
        raise ValueError("an origin host cannot be a wildcard")
    return hostname(value)


def host_header(value: str) -> str:
    return _require(_HOST_HEADER_RE, value.lower() if isinstance(value, str) else value, "host header")


def path_prefix(value: str) -> str:
    return _require(_PATH_RE, value, "path")


def header_name(value: str) -> str:
    return _require(_HEADER_NAME_RE, value, "header name").lower()


def arg_name(value: str) -> str:
    return _require(_ARG_NAME_RE, value, "argument name")


def tag(value: str) -> str:
    return _require(_TAG_RE, value, "rule tag")


def timezone_name(value: str) -> str:
    return _require(_TIMEZONE_RE, value, "timezone")


def hhmm(value: str) -> str:
    return _require(_HHMM_RE, value, "time of day (HH:MM)")


def http_method(value: str) -> str:
    return _require(_METHOD_RE, value.upper() if isinstance(value, str) else value, "HTTP method")


def content_type(value: str) -> str:
    return _require(_CONTENT_TYPE_RE, value.lower() if isinstance(value, str) else value, "content type")


def logo_data_url(value: str) -> str:
    if len(value) > 256 * 1024:
        raise ValueError("logo larger than 256 KiB")
    return _require(_LOGO_RE, value, "logo data URL")


def pem(value: str, what: str) -> str:
    if len(value) > 256 * 1024:
        raise ValueError(f"{what} larger than 256 KiB")
    return _require(_PEM_BLOCK_RE, value, what)


def cidr(value: str) -> str:
    """An IPv4/IPv6 address or network, returned in canonical form (host bits allowed)."""
    try:
        network = ipaddress.ip_network(value.strip(), strict=False)
    except (ValueError, AttributeError) as exc:
        raise ValueError(f"invalid IP address or CIDR: {value!r:.80}") from exc
    return str(network) if network.num_addresses > 1 else str(network.network_address)


def exclusion_target(value: str) -> str:
    """`COLLECTION` or `COLLECTION:name`, e.g. ARGS:q, REQUEST_HEADERS:x-foo, REQUEST_COOKIES:sid."""
    if not isinstance(value, str):
        raise ValueError("target must be a string")
    collection, _, name = value.partition(":")
    if collection not in TARGET_COLLECTIONS:
        raise ValueError(f"unknown target collection: {collection!r:.40}")
    if not _:
        return collection
    if collection.startswith("REQUEST_HEADERS"):
        return f"{collection}:{header_name(name)}"
    return f"{collection}:{arg_name(name)}"


def regex(value: str) -> str:
    """A PCRE pattern for @rx: bounded, compilable, and free of characters that could close
    the quoted operator, start a new line, or trigger ModSecurity macro expansion."""
    if not isinstance(value, str) or not value:
        raise ValueError("empty regex")
    if len(value) > MAX_REGEX_LENGTH:
        raise ValueError(f"regex longer than {MAX_REGEX_LENGTH} characters")
    if any(ch in value for ch in "\"'`") or "%{" in value:
        raise ValueError("regex may not contain quotes or %{")
    if any(ord(ch) < 0x20 or ord(ch) == 0x7F for ch in value):
        raise ValueError("regex may not contain control characters")
    try:
        re.compile(value)
    except re.error as exc:
        raise ValueError(f"regex does not compile: {exc}") from exc
    return value


def plain_value(value: str) -> str:
    """Free text compared literally (eq/prefix/contains): any printable text, bounded.
    It is hex-escaped into a regex when rendered, so no character is special."""
    if not isinstance(value, str) or not value:
        raise ValueError("empty value")
    if len(value) > MAX_VALUE_LENGTH:
        raise ValueError(f"value longer than {MAX_VALUE_LENGTH} characters")
    if "\x00" in value:
        raise ValueError("value may not contain NUL")
    return value
