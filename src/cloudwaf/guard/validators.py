"""Every guard value that can reach nginx or ModSecurity passes one of these validators.

A value that passes cannot end a quoted string, start a new directive or line, open a block, or
expand a variable in either configuration language: grammars are allow-lists, never deny-lists,
except for free text (`plain_text`) that the data plane hex-escapes when it renders it.
Each function returns the canonical value or raises ValueError (pydantic turns it into a 400).
"""

from __future__ import annotations

import ipaddress
import re
import socket
from typing import Annotated

import idna
from pydantic import AfterValidator

MAX_REGEX_LENGTH = 512
MAX_TEXT_LENGTH = 1024

_LABEL = r"(?!-)[a-z0-9-]{1,63}(?<!-)"
_HOSTNAME_RE = re.compile(rf"^(?:\*\.)?(?:{_LABEL}\.)+{_LABEL}$|^{_LABEL}$")
# Decoded-path characters nginx and ModSecurity both take literally inside quotes.
_PATH_RE = re.compile(r"^/[A-Za-z0-9._~!*+,=:@/-]{0,255}$")
_HEADER_NAME_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$")
_ARG_NAME_RE = re.compile(r"^[A-Za-z0-9_.\-\[\]]{1,128}$")
_TAG_RE = re.compile(r"^[A-Za-z0-9_./-]{1,64}$")
_METHOD_RE = re.compile(r"^[A-Z]{1,20}$")
_CONTENT_TYPE_RE = re.compile(r"^[a-z0-9][a-z0-9!&^_.+-]{0,63}/[a-z0-9][a-z0-9!&^_.+-]{0,63}$")
_COUNTRY_RE = re.compile(r"^[A-Z]{2}$")
_HHMM_RE = re.compile(r"^(?:[01][0-9]|2[0-3]):[0-5][0-9]$|^24:00$")
# Display names may be shown in a ModSecurity `msg:'...'`: letters of any script, digits, and a few
# harmless punctuation marks, but no quote, backslash, semicolon, brace, '$', '%', '#' or control.
_NAME_RE = re.compile(r"^[\w][\w .:()/@+,-]{0,63}$")

TARGET_COLLECTIONS = frozenset(
    {
        "ARGS",
        "ARGS_GET",
        "ARGS_POST",
        "ARGS_NAMES",
        "ARGS_GET_NAMES",
        "ARGS_POST_NAMES",
        "REQUEST_HEADERS",
        "REQUEST_HEADERS_NAMES",
        "REQUEST_COOKIES",
        "REQUEST_COOKIES_NAMES",
        "REQUEST_BODY",
        "REQUEST_URI",
        "REQUEST_FILENAME",
        "REQUEST_BASENAME",
        "QUERY_STRING",
        "XML",
        "FILES",
        "FILES_NAMES",
    }
)
# Python-only regex syntax that PCRE (ModSecurity, nginx) reads differently or refuses.
_PYTHON_ONLY_REGEX = (
    (re.compile(r"\(\?[aLu]"), "Python-only inline flag (?a)/(?L)/(?u)"),
    (re.compile(r"\\N\{"), "\\N{name} escape"),
    (re.compile(r"\\[uU][0-9A-Fa-f]"), "\\u/\\U escape (use \\x{...})"),
)


def _fail(what: str, value: object) -> ValueError:
    return ValueError(f"invalid {what}: {str(value)[:80]!r}")


def _match(pattern: re.Pattern[str], value: str, what: str) -> str:
    if not isinstance(value, str) or not pattern.match(value):
        raise _fail(what, value)
    return value


def hostname(value: str) -> str:
    """RFC 1123 name, optional leading `*.` wildcard; Unicode (IDN) comes back as punycode."""
    if not isinstance(value, str):
        raise _fail("hostname", value)
    value = value.strip().rstrip(".").lower()
    if not value.isascii():
        wildcard = value.startswith("*.")
        try:
            value = idna.encode(value[2:] if wildcard else value, uts46=True).decode("ascii")
        except idna.IDNAError as exc:
            raise ValueError(f"invalid internationalised hostname: {exc}") from exc
        value = f"*.{value}" if wildcard else value
    if len(value) > 253:
        raise ValueError("hostname longer than 253 characters")
    return _match(_HOSTNAME_RE, value, "hostname")


def hostname_display(ascii_name: str) -> str:
    """The Unicode form of a stored punycode name, for people."""
    wildcard = ascii_name.startswith("*.")
    bare = ascii_name[2:] if wildcard else ascii_name
    try:
        shown = idna.decode(bare) if "xn--" in bare else bare
    except idna.IDNAError:
        shown = bare
    return f"*.{shown}" if wildcard else shown


def upstream_host(value: str) -> str:
    """An origin: an IP literal or a plain hostname (no wildcard)."""
    if not isinstance(value, str):
        raise _fail("host", value)
    try:
        return str(ipaddress.ip_address(value.strip().strip("[]")))
    except ValueError:
        pass
    if value.startswith("*"):
        raise ValueError("an origin host cannot be a wildcard")
    return hostname(value)


def port(value: int) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or not 1 <= value <= 65535:
        raise _fail("port", value)
    return value


def host_port(value: str) -> tuple[str, int]:
    """`host:port`, `[v6]:port`; the port is mandatory."""
    if not isinstance(value, str):
        raise _fail("host:port", value)
    text = value.strip()
    match = re.match(r"^\[([0-9A-Fa-f:.]+)\]:([0-9]{1,5})$", text) or re.match(
        r"^([^:\[\]]+):([0-9]{1,5})$", text
    )
    if not match:
        raise ValueError(f"expected host:port, got {text[:80]!r}")
    return upstream_host(match.group(1)), port(int(match.group(2)))


def host_header(value: str) -> str:
    """A Host header override: a hostname with an optional port."""
    if not isinstance(value, str):
        raise _fail("host header", value)
    name, sep, port_text = value.partition(":")
    name = hostname(name)
    if name.startswith("*"):
        raise ValueError("a Host header cannot be a wildcard")
    if sep:
        if not port_text.isdigit():
            raise _fail("host header", value)
        return f"{name}:{port(int(port_text))}"
    return name


def path_prefix(value: str) -> str:
    return _match(_PATH_RE, value, "path (absolute, letters, digits and ._~!*+,=:@/- only)")


def header_name(value: str) -> str:
    return _match(_HEADER_NAME_RE, value, "header name").lower()


def arg_name(value: str) -> str:
    return _match(_ARG_NAME_RE, value, "argument name")


def tag(value: str) -> str:
    return _match(_TAG_RE, value, "rule tag")


def rule_id(value: int) -> int:
    # The snapshot contract takes ids up to 999,999 (CRS and local rules stay below).
    if not isinstance(value, int) or isinstance(value, bool) or not 1 <= value <= 999_999:
        raise _fail("rule id", value)
    return value


def http_method(value: str) -> str:
    return _match(_METHOD_RE, value.upper() if isinstance(value, str) else value, "HTTP method")


def content_type(value: str) -> str:
    return _match(_CONTENT_TYPE_RE, value.lower() if isinstance(value, str) else value, "content type")


def country(value: str) -> str:
    return _match(
        _COUNTRY_RE, value.upper() if isinstance(value, str) else value, "country code (ISO 3166 alpha-2)"
    )


def hhmm(value: str) -> str:
    return _match(_HHMM_RE, value, "time of day (HH:MM)")


def timezone_name(value: str) -> str:
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    if not isinstance(value, str) or not re.match(r"^[A-Za-z0-9_+\-/]{1,64}$", value):
        raise _fail("time zone", value)
    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise ValueError(f"unknown time zone {value!r}") from exc
    return value


def name(value: str) -> str:
    """A display name of a guard object."""
    if not isinstance(value, str):
        raise _fail("name", value)
    return _match(_NAME_RE, value.strip(), "name (letters, digits, space and .:()/@+,-_ only, at most 64)")


def plain_text(value: str, max_length: int = MAX_TEXT_LENGTH) -> str:
    """Free text compared literally or shown to people: any printable text, bounded. The data plane
    escapes it when it renders; control characters (newline, NUL ...) are refused outright."""
    if not isinstance(value, str):
        raise _fail("text", value)
    if len(value) > max_length:
        raise ValueError(f"text longer than {max_length} characters")
    if any(ord(ch) < 0x20 or 0x7F <= ord(ch) < 0xA0 for ch in value):
        raise ValueError("text may not contain control characters (newline, tab, NUL ...)")
    return value


def regex(value: str) -> str:
    """A pattern for ModSecurity @rx / nginx: bounded, compiles with Python `re`, and avoids syntax
    PCRE reads differently; quotes, `%{` (macro expansion) and control characters are refused."""
    if not isinstance(value, str) or not value:
        raise ValueError("empty regex")
    if len(value) > MAX_REGEX_LENGTH:
        raise ValueError(f"regex longer than {MAX_REGEX_LENGTH} characters")
    if any(ch in value for ch in "\"'`") or "%{" in value:
        raise ValueError("regex may not contain quotes, backticks or %{")
    if any(ord(ch) < 0x20 or ord(ch) == 0x7F for ch in value):
        raise ValueError("regex may not contain control characters")
    if value.endswith("\\") and not value.endswith("\\\\"):
        raise ValueError("regex ends with a lone backslash")
    for pattern, problem in _PYTHON_ONLY_REGEX:
        if pattern.search(value):
            raise ValueError(f"regex uses {problem}, which PCRE does not read the same way")
    try:
        re.compile(value)
    except re.error as exc:
        raise ValueError(f"regex does not compile: {exc}") from exc
    return value


def cidr(value: str) -> str:
    """An IPv4/IPv6 address or network in canonical form: 10.0.0.1/32 -> 10.0.0.1,
    10.0.0.7/24 -> 10.0.0.0/24, IPv6 compressed."""
    if not isinstance(value, str) or len(value) > 64:
        raise _fail("IP address or CIDR", value)
    value = value.strip()
    try:
        # Fast path for the common case (bulk imports of plain IPv4 addresses): the C parser
        # accepts only canonical dotted quads, so the input is already the canonical form.
        socket.inet_pton(socket.AF_INET, value)
        return value
    except OSError:
        pass
    try:
        network = ipaddress.ip_network(value.strip(), strict=False)
    except ValueError as exc:
        raise _fail("IP address or CIDR", value) from exc
    single = network.prefixlen == network.max_prefixlen
    return str(network.network_address) if single else str(network)


def modsec_target(value: str) -> str:
    """`COLLECTION` or `COLLECTION:name` (ARGS:q, REQUEST_HEADERS:x-token, REQUEST_COOKIES:sid)."""
    if not isinstance(value, str):
        raise _fail("target", value)
    collection, sep, member = value.partition(":")
    if collection not in TARGET_COLLECTIONS:
        raise ValueError(
            f"unknown target collection {collection[:40]!r}; use one of "
            f"{', '.join(sorted(TARGET_COLLECTIONS))}"
        )
    if not sep:
        return collection
    if collection.startswith("REQUEST_HEADERS"):
        return f"{collection}:{header_name(member)}"
    return f"{collection}:{arg_name(member)}"


# Pydantic field types built from the validators above.
Hostname = Annotated[str, AfterValidator(hostname)]
PathPrefix = Annotated[str, AfterValidator(path_prefix)]
HeaderName = Annotated[str, AfterValidator(header_name)]
Tag = Annotated[str, AfterValidator(tag)]
RuleId = Annotated[int, AfterValidator(rule_id)]
Regex = Annotated[str, AfterValidator(regex)]
HttpMethod = Annotated[str, AfterValidator(http_method)]
ContentType = Annotated[str, AfterValidator(content_type)]
ModsecTarget = Annotated[str, AfterValidator(modsec_target)]
Name = Annotated[str, AfterValidator(name)]
Cidr = Annotated[str, AfterValidator(cidr)]
Port = Annotated[int, AfterValidator(port)]
TimeZone = Annotated[str, AfterValidator(timezone_name)]
HHMM = Annotated[str, AfterValidator(hhmm)]
HostHeader = Annotated[str, AfterValidator(host_header)]
UpstreamHost = Annotated[str, AfterValidator(upstream_host)]
Description = Annotated[str, AfterValidator(lambda v: plain_text(v, 255))]
PlainText = Annotated[str, AfterValidator(plain_text)]
