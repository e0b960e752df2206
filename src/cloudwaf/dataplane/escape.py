"""Escapers for the few places where free text must survive verbatim.

Each escaper emits only characters that are inert in the target context, so the result can
be pasted into a template without further thought: alphanumerics pass through, everything
else becomes a numeric escape.
"""

from __future__ import annotations


def literal_regex(value: str, *, anchor_start: bool, anchor_end: bool) -> str:
    """A PCRE that matches `value` literally, written with only [A-Za-z0-9\\x].

    Every other byte becomes `\\xHH` (UTF-8 bytes; ModSecurity matches bytes), so quotes,
    semicolons, braces, `$`, `%{`, newlines and backslashes in operator data are inert."""
    body = "".join(
        chr(byte) if chr(byte).isascii() and chr(byte).isalnum() else f"\\x{byte:02x}"
        for byte in value.encode("utf-8")
    )
    return ("^" if anchor_start else "") + body + ("$" if anchor_end else "")


def nginx_single_quoted(text: str) -> str:
    """Wrap text as an nginx single-quoted string: nginx unescapes `\\\\` and `\\'` only."""
    return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'"


def html_text(value: str) -> str:
    """HTML-escape everything but letters, digits and spaces as numeric entities. The output
    has no `$`, quote, backslash or `;`-free entity that could matter to nginx either."""
    return "".join(ch if (ch.isascii() and ch.isalnum()) or ch == " " else f"&#{ord(ch)};" for ch in value)


def json_string_body(value: str) -> str:
    """The inside of a JSON string literal with every non-alphanumeric as `\\uXXXX`."""
    out = []
    for ch in value:
        if (ch.isascii() and ch.isalnum()) or ch == " ":
            out.append(ch)
            continue
        code = ord(ch)
        if code > 0xFFFF:  # surrogate pair for astral characters
            code -= 0x10000
            out.append(f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}")
        else:
            out.append(f"\\u{code:04x}")
    return "".join(out)
