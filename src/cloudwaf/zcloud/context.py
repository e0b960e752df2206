"""What every command needs: the profile, the client, the output format, and one way to fail."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import IntEnum
from typing import Any, NoReturn

import typer

from cloudwaf.zcloud.client import ApiError, Client, NetworkError, RetryPolicy
from cloudwaf.zcloud.output import render, stderr
from cloudwaf.zcloud.profiles import Profile


class Exit(IntEnum):
    """Documented exit statuses, one per class of failure (scripts branch on these)."""

    ok = 0
    client_error = 1  # bad input the server refused (400-class business codes)
    usage = 2  # wrong command line (Typer's own usage errors use 2 as well)
    auth = 3  # 401, 1005, 1050 (key invalid), 1053 (scope), 1011 / 403 (permission), 1056
    not_found = 4
    conflict = 5
    rate_limited = 6  # still rate limited after the bounded retries
    server = 7
    network = 8
    config = 9  # no API URL / key configured


AUTH_CODES = frozenset({401, 403, 1005, 1011, 1050, 1053, 1056})


def exit_status_for(error: ApiError) -> Exit:
    if error.code in AUTH_CODES:
        return Exit.auth
    status = error.http_status
    if status == 429:
        return Exit.rate_limited
    if status in (401, 403):
        return Exit.auth
    if status in (404, 410):
        return Exit.not_found
    if status == 409:
        return Exit.conflict
    if status >= 500:
        return Exit.server
    return Exit.client_error


@dataclass
class Ctx:
    profile: Profile
    output: str
    retries: int = 3
    _client: Client | None = field(default=None, repr=False)

    @property
    def client(self) -> Client:
        if self._client is None:
            if not self.profile.api_url or not self.profile.api_key:
                fail(Exit.config, "no API URL or key: run `zcloud configure` or set ZCLOUD_API_URL and "
                                  "ZCLOUD_API_KEY")
            self._client = Client(self.profile.api_url, self.profile.api_key,
                                  retry=RetryPolicy(max_rate_limit_retries=self.retries,
                                                    max_server_retries=self.retries),
                                  on_wait=lambda msg: stderr.print(msg, markup=False, highlight=False))
        return self._client

    def show(self, data: Any, columns: tuple[str, ...] = ()) -> None:
        render(data, self.output, columns)


def fail(status: Exit, message: str) -> NoReturn:
    stderr.print(f"error: {message}", markup=False, highlight=False)
    raise typer.Exit(int(status))


def report_api_error(error: ApiError) -> int:
    # The documented form: `error <code>: <message>`; scripts read the code, humans the message.
    stderr.print(f"error {error.code}: {error.message}", markup=False, highlight=False)
    return int(exit_status_for(error))


def report_network_error(error: NetworkError) -> int:
    stderr.print(f"error: {error}", markup=False, highlight=False)
    return int(Exit.network)


def ctx_of(typer_ctx: typer.Context) -> Ctx:
    return typer_ctx.find_root().obj
