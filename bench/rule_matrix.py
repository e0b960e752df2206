"""Tuning tool: which rules match each record of a corpus half, at paranoia level 4, without
blocking. Writes one JSON line per record (id, label, category, status, rules), so that a
scoring scheme can be explored offline before it is written in SecLang and replayed for real.

    .venv/bin/python bench/rule_matrix.py --file blazehttp --half tuning --out /tmp/m.jsonl

Only for the tuning half: looking at check-half matches would leak it into the tuning.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _bench_node import BenchNode  # noqa: E402
from effectiveness import HOST, load, raw_request, replay  # noqa: E402

_VARIABLE = re.compile(r"against variable `([^']*)'")


def _patch(files: dict[str, bytes]) -> None:
    # Audit every transaction and name it after the X-Bench-Id header the replay adds.
    files["modsecurity/main.conf"] = files["modsecurity/main.conf"].replace(
        b"SecAuditEngine RelevantOnly", b"SecAuditEngine On")
    files["nginx.conf"] = re.sub(rb'modsecurity_transaction_id "[^"]*";',
                                 b'modsecurity_transaction_id "$http_x_bench_id";', files["nginx.conf"])


def _with_id(payload: bytes, index: int) -> bytes:
    line, rest = payload.split(b"\r\n", 1)
    return line + f"\r\nX-Bench-Id: {index}\r\n".encode() + rest


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--file", required=True)
    parser.add_argument("--half", choices=["tuning"], default="tuning")
    parser.add_argument("--profile", default="balanced")
    parser.add_argument("--sample", type=int, default=None)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args()

    records = load(args.file, args.half, args.sample)
    node = BenchNode.start(HOST, [args.profile], paranoia=4, patch=_patch, mode="detect")
    try:
        port = node.profile_ports[args.profile]
        answers, seconds = replay(records, ("127.0.0.1", port), 16,
                                  lambda i, record: _with_id(raw_request(record, HOST), i))
        print(f"{len(records)} requests in {seconds:.0f} s")
        matches: dict[str, list[dict]] = {}
        for line in node.audit_log.read_bytes().splitlines():
            tx = json.loads(line.decode("utf-8", "replace"))["transaction"]
            matches[tx["unique_id"]] = [
                {"id": m["details"]["ruleId"], "sev": m["details"].get("severity"),
                 "pl": next((int(t[-1]) for t in m["details"].get("tags", [])
                             if t.startswith("paranoia-level/")), 1),
                 "var": (_VARIABLE.search(m["details"].get("match", "")) or [None, ""])[1],
                 "data": m["details"].get("data", "")[:200]}
                for m in tx.get("messages", [])
            ]  # fmt: skip
    finally:
        node.stop()
    with open(args.out, "w") as out:
        for i, (record, answer) in enumerate(zip(records, answers, strict=True)):
            row = {"id": record["id"], "label": record["label"], "category": record["category"],
                   "status": answer.status, "from_origin": answer.from_origin,
                   "rules": matches.get(str(i), [])}  # fmt: skip
            out.write(json.dumps(row) + "\n")


if __name__ == "__main__":
    main()
