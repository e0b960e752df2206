"""Language negotiation for error messages: zh for any zh* preference, English otherwise."""

from __future__ import annotations


def language_of(accept_language: str | None) -> str:
    if not accept_language:
        return "en"
    # The first listed language wins; q-values are honoured only for ordering ties we do not need.
    first = accept_language.split(",", 1)[0].strip().lower()
    return "zh" if first.startswith("zh") else "en"
