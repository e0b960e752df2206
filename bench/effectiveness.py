"""Replay the labelled corpora against protection profiles and print what each one catches.

    .venv/bin/python bench/effectiveness.py                       # every profile, both halves
    .venv/bin/python bench/effectiveness.py --profiles balanced --half tuning --sample 3000
    .venv/bin/python bench/effectiveness.py --target 127.0.0.1:8080  # an already running node
    options: --files gotestwaf blazehttp crs  --concurrency 16  --no-throughput

The bench starts its own node (the real compiler and applier, one domain per profile, CRS
loaded once) plus a plain nginx that is both the origin and a plain proxy to it, so the cost
of each profile is measured in the same run against the proxy without a WAF.

Each request goes over a raw socket exactly as the record says (several are deliberately
malformed). Blocked = HTTP 403 or the connection closed without an answer, as the baseline
figures count it; other answers that did not come from the origin (nginx's 400 for a
malformed request line ...) are counted separately and never as detections.

Honest tuning: every corpus file is split by sha256(record id) (first byte even = tuning
half, odd = check half). Profiles are tuned on the tuning half only; the check half is the
figure that counts. Figures are printed per file, per half and per profile: detection and
false positives separately, balanced accuracy only as a summary of the two.
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import json
import os
import re
import signal
import socket
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _bench_node import BenchNode, throughput  # noqa: E402

CORPUS = Path(os.environ.get("CLOUDWAF_CORPUS", "/work/shared/corpus"))
HOST = "bench.example"
ORIGIN_HEADER = b"\r\nx-bench-origin: 1"
EVENT_ID = re.compile(rb"<code>([0-9]+-[0-9a-f]{32})</code>")
HALVES = ("tuning", "check")


def half(record: dict) -> str:
    return "tuning" if hashlib.sha256(record["id"].encode()).digest()[0] % 2 == 0 else "check"


def load(name: str, which: str = "all", sample: int | None = None) -> list[dict]:
    """Records of one file, of one half ("all" for both), at most `sample` of them spread
    evenly over the file (deterministic)."""
    records = []
    with open(CORPUS / f"{name}.jsonl", encoding="utf-8") as handle:
        for line in handle:
            record = json.loads(line)
            if record.get("crs_response_rule"):
                continue  # needs an albedo-style reflecting backend
            if which == "all" or half(record) == which:
                records.append(record)
    if sample and len(records) > sample:
        step = len(records) / sample
        records = [records[int(i * step)] for i in range(sample)]
    return records


def raw_request(record: dict, host: str) -> bytes:
    if record.get("raw_request_b64"):
        return base64.b64decode(record["raw_request_b64"])
    body = record.get("body") or ""
    body_bytes = base64.b64decode(body) if record.get("body_encoding") == "base64" else body.encode()
    lines = [f"{record['method']} {record['path']} {record.get('http_version') or 'HTTP/1.1'}"]
    names = set()
    for name, value in (record.get("headers") or {}).items():
        names.add(name.lower())
        for each in value if isinstance(value, list) else [value]:
            if name.lower() == "host":
                each = host  # route to the bench domain, as the tools replace Host too
            lines.append(f"{name}: {each}")
    needs_length = body_bytes or record["method"] in ("POST", "PUT", "PATCH")  # as go-ftw and browsers do
    if needs_length and "content-length" not in names and "transfer-encoding" not in names:
        lines.append(f"Content-Length: {len(body_bytes)}")
    if "connection" not in names:
        lines.append("Connection: close")
    return ("\r\n".join(lines) + "\r\n\r\n").encode("utf-8", "surrogateescape") + body_bytes


@dataclass(frozen=True)
class Answer:
    status: int  # 0: closed or reset without a status line
    from_origin: bool
    event_id: str | None  # Cloud WAF event id on the block page

    @property
    def blocked(self) -> bool:
        return not self.from_origin and self.status in (0, 403)

    @property
    def rejected_otherwise(self) -> bool:
        return not self.from_origin and not self.blocked


def send(address: tuple[str, int], payload: bytes, timeout: float = 20) -> Answer:
    data = b""
    try:
        with socket.create_connection(address, timeout=timeout) as sock:
            sock.sendall(payload)
            # Connection: close, so read to the end: the block page carries the event id.
            while len(data) < 65536:
                chunk = sock.recv(16384)
                if not chunk:
                    break
                data += chunk
    except OSError:
        pass
    match = re.match(rb"HTTP/\d(?:\.\d)? (\d{3})", data)
    head = data.split(b"\r\n\r\n", 1)[0].lower()
    event = EVENT_ID.search(data)
    return Answer(int(match.group(1)) if match else 0, ORIGIN_HEADER in head,
                  event.group(1).decode() if event else None)  # fmt: skip


def replay(
    records: list[dict],
    address: tuple[str, int],
    concurrency: int,
    build: Callable[[int, dict], bytes] = lambda _, r: raw_request(r, HOST),
) -> tuple[list[Answer], float]:
    started = time.monotonic()
    pool = ThreadPoolExecutor(concurrency)
    try:
        answers = list(pool.map(lambda item: send(address, build(*item)), enumerate(records)))
    finally:  # on an interrupt, drop the queued requests instead of sending them all first
        pool.shutdown(wait=False, cancel_futures=True)
    return answers, time.monotonic() - started


def audit_rules(audit_path: Path | None) -> dict[str, list[str]]:
    """event id -> rule ids that matched, verdicts included."""
    found: dict[str, list[str]] = {}
    if audit_path is None or not audit_path.exists():
        return found
    with open(audit_path, "rb") as handle:
        for line in handle:
            try:  # request bodies in the log need not be valid UTF-8
                tx = json.loads(line.decode("utf-8", "replace"))["transaction"]
            except (ValueError, KeyError):
                continue
            found[tx.get("unique_id", "")] = [m["details"]["ruleId"] for m in tx.get("messages", [])]
    return found


@dataclass
class Figures:
    records: list[dict]
    answers: list[Answer]
    seconds: float
    matched: dict[str, list[str]] = field(default_factory=dict)

    def _of(self, label: str) -> list[tuple[dict, Answer]]:
        return [(r, a) for r, a in zip(self.records, self.answers, strict=True) if r["label"] == label]

    def rate(self, label: str) -> float:
        rows = self._of(label)
        return sum(a.blocked for _, a in rows) / len(rows) if rows else float("nan")

    def lines(self) -> list[str]:
        attack, benign = self._of("attack"), self._of("benign")
        det, fp = self.rate("attack"), self.rate("benign")
        out = [f"attacks {len(attack):6d}  detected        {det:7.2%}"
               f"   (other rejections {sum(a.rejected_otherwise for _, a in attack)})",
               f"benign  {len(benign):6d}  false positives {fp:7.2%}"
               f"   (other rejections {sum(a.rejected_otherwise for _, a in benign)})"]  # fmt: skip
        if attack and benign:
            rate = len(self.records) / self.seconds
            out.append(f"balanced accuracy {(det + 1 - fp) / 2:7.2%}   replay {rate:.0f} req/s")
        per_category: dict[str, list[bool]] = defaultdict(list)
        for record, answer in attack:
            per_category[record["category"]].append(answer.blocked)
        by_size = sorted(per_category.items(), key=lambda kv: -len(kv[1]))
        out.append("per category: " + ", ".join(
            f"{cat} {sum(v) / len(v):.0%} ({len(v)})" for cat, v in by_size
        ))  # fmt: skip
        if benign and self.matched:
            fp_rules = [set(self.matched.get(a.event_id or "", [])) for _, a in benign if a.blocked]
            for title, verdict in (("verdicts", True), ("rules", False)):
                culprits = Counter(r for rules in fp_rules for r in rules if _is_verdict(r) == verdict)
                out.append(f"{title} behind false positives: "
                           + (", ".join(f"{r} x{n}" for r, n in culprits.most_common(12)) or "-"))
        return out

    def dump(self, handle, name: str, which: str, profile: str) -> None:
        for record, answer in zip(self.records, self.answers, strict=True):
            row = {"file": name, "half": which, "profile": profile, "id": record["id"],
                   "label": record["label"], "category": record["category"],
                   "status": answer.status, "blocked": answer.blocked,
                   "rules": self.matched.get(answer.event_id or "", [])}  # fmt: skip
            handle.write(json.dumps(row) + "\n")


def _is_verdict(rule_id: str) -> bool:
    # CRS's own verdicts and correlation, and the profile evaluation (dataplane/profiles.py)
    return rule_id.startswith(("949", "959", "980", "1060"))


def main() -> None:
    from cloudwaf.dataplane.profiles import PROFILES

    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--target", help="host:port of a running node (Host is set to bench.example)")
    parser.add_argument("--audit-log", type=Path, help="audit log of --target, for the false-positive rules")
    parser.add_argument("--profiles", nargs="+", default=list(PROFILES), choices=list(PROFILES))
    parser.add_argument("--paranoia", type=int, default=None, help="override the profile's paranoia level")
    parser.add_argument("--files", nargs="+", default=["blazehttp", "gotestwaf"])
    parser.add_argument("--half", choices=[*HALVES, "both"], default="both")
    parser.add_argument("--sample", type=int, default=None, help="at most N records per file and half")
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--no-throughput", action="store_true", help="skip the wrk runs")
    parser.add_argument("--dump", type=Path, help="also write one JSON line per record and profile here")
    args = parser.parse_args()
    halves = HALVES if args.half == "both" else (args.half,)
    # A plain kill must still stop the nginx instances this run started (finally below).
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))

    node = None
    if args.target:
        host, port = args.target.rsplit(":", 1)
        targets = {"target": ((host, int(port)), args.audit_log)}
    else:
        node = BenchNode.start(HOST, args.profiles, args.paranoia)
        targets = {p: (("127.0.0.1", port), node.audit_log) for p, port in node.profile_ports.items()}
        print(f"node: profiles {', '.join(args.profiles)}; plain proxy on {node.plain_port}")
    dump = open(args.dump, "w") if args.dump else None  # noqa: SIM115 - closed in finally
    try:
        for name in args.files:
            for which in halves:
                records = load(name, which, args.sample)
                for profile, (address, audit) in targets.items():
                    answers, seconds = replay(records, address, args.concurrency)
                    figures = Figures(records, answers, seconds, audit_rules(audit))
                    print(f"\n== {name} / {which} half / {profile}: {len(records)} requests")
                    print("\n".join("   " + line for line in figures.lines()), flush=True)
                    if dump:
                        figures.dump(dump, name, which, profile)
        if node and not args.no_throughput:
            print("\n== throughput (wrk -t2 -c32, 5 s each; same machine, same run)")
            ports = {"plain proxy": node.plain_port, **node.profile_ports}
            for shape, figures in throughput(HOST, ports).items():
                print(f"   {shape}: " + ", ".join(f"{who} {rps:,.0f} req/s" for who, rps in figures.items()))
    finally:
        if dump:
            dump.close()
        if node:
            node.stop()


if __name__ == "__main__":
    main()
