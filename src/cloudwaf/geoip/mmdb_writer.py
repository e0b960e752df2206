"""A small writer of the MaxMind DB format (spec: maxmind.github.io/MaxMind-DB).

Why our own: the ASN data we may redistribute ships as CSV ranges only, so setup converts it to
an .mmdb once; tests build tiny databases with the same code. The reader stays the reference
`maxminddb` library, which is what proves these files right.

Input is a sorted list of non-overlapping inclusive ranges of integers in the tree's address space
(for an IPv6 tree, an IPv4 address `a.b.c.d` is the integer of `::a.b.c.d`, where readers look
IPv4 up). The tree is built top-down from the ranges, so a range costs O(prefix length) nodes.
"""

from __future__ import annotations

import ipaddress
import struct
import sys
import time
from array import array
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

METADATA_MARKER = b"\xab\xcd\xefMaxMind.com"

_EMPTY = -1  # no data for this branch


def _control(type_: int, size: int) -> bytes:
    if type_ <= 7:
        first, extended = type_ << 5, b""
    else:
        first, extended = 0, bytes([type_ - 7])
    if size < 29:
        return bytes([first | size]) + extended
    if size < 285:
        return bytes([first | 29]) + extended + bytes([size - 29])
    if size < 65_821:
        return bytes([first | 30]) + extended + (size - 285).to_bytes(2, "big")
    return bytes([first | 31]) + extended + (size - 65_821).to_bytes(3, "big")


def encode(value: Any) -> bytes:
    """One value in the MMDB data-section encoding (no pointers: records are deduplicated whole)."""
    if isinstance(value, bool):
        return _control(14, int(value))
    if isinstance(value, str):
        raw = value.encode()
        return _control(2, len(raw)) + raw
    if isinstance(value, float):
        return _control(3, 8) + struct.pack(">d", value)
    if isinstance(value, bytes):
        return _control(4, len(value)) + value
    if isinstance(value, int):
        if value < 0:
            return _control(8, 4) + struct.pack(">i", value)
        raw = value.to_bytes((value.bit_length() + 7) // 8, "big")
        type_ = 6 if value < 2**32 else 9 if value < 2**64 else 10
        return _control(type_, len(raw)) + raw
    if isinstance(value, Mapping):
        return _control(7, len(value)) + b"".join(encode(str(k)) + encode(v) for k, v in value.items())
    if isinstance(value, list | tuple):
        return _control(11, len(value)) + b"".join(encode(v) for v in value)
    raise TypeError(f"cannot encode {type(value).__name__} in an MMDB")


def _uint16(value: int) -> bytes:
    return _control(5, 2) + value.to_bytes(2, "big")


def network_range(cidr: str, ip_version: int = 6) -> tuple[int, int]:
    """Inclusive integer range of a network in the tree's space (IPv4 lands at ::/96)."""
    net = ipaddress.ip_network(cidr, strict=False)
    if net.version == 6 and ip_version == 4:
        raise ValueError("an IPv4 tree cannot hold IPv6 networks")
    return int(net.network_address), int(net.broadcast_address)


class _TreeBuilder:
    def __init__(self, firsts: Sequence[int], lasts: Sequence[int], data: Sequence[int]) -> None:
        self.firsts, self.lasts, self.data = firsts, lasts, data
        self.left: list[int] = []
        self.right: list[int] = []

    def build(self, start: int, bits: int, i: int, j: int) -> int:
        """Subtree of the block [start, start + 2**bits) over ranges i..j-1 (all overlapping it).
        Returns a node index (>= 0), _EMPTY, or -(2 + data index) for a leaf."""
        if i >= j:
            return _EMPTY
        end = start + (1 << bits) - 1
        if j - i == 1 and self.firsts[i] <= start and self.lasts[i] >= end:
            return -(2 + self.data[i])
        if bits == 0:  # pragma: no cover - a single address is always covered whole above
            return -(2 + self.data[i])
        node = len(self.left)
        self.left.append(_EMPTY)
        self.right.append(_EMPTY)
        mid = start + (1 << (bits - 1))
        left_end = bisect_left(self.firsts, mid, i, j)  # ranges starting in the left half
        right_start = bisect_right(self.lasts, mid - 1, i, j)  # ranges reaching the right half
        self.left[node] = self.build(start, bits - 1, i, left_end)
        self.right[node] = self.build(mid, bits - 1, right_start, j)
        return node


def write_mmdb(path: str | Path, ranges: Iterable[tuple[int, int, Mapping[str, Any]]], *,
               database_type: str, ip_version: int = 6, description: str = "",
               languages: Sequence[str] = ()) -> int:
    """Writes `ranges` (first, last, record) to `path`; returns the node count. Equal records are
    stored once. Ranges must not overlap."""
    records: dict[bytes, int] = {}
    blobs: list[bytes] = []
    firsts: list[int] = []
    lasts: list[int] = []
    data: list[int] = []
    for first, last, record in sorted(ranges, key=lambda r: r[0]):
        if lasts and first <= lasts[-1]:
            raise ValueError(f"overlapping ranges at {first}")
        blob = encode(record)
        index = records.setdefault(blob, len(blobs))
        if index == len(blobs):
            blobs.append(blob)
        firsts.append(first)
        lasts.append(last)
        data.append(index)
    bits = 128 if ip_version == 6 else 32
    builder = _TreeBuilder(firsts, lasts, data)
    sys.setrecursionlimit(max(sys.getrecursionlimit(), 4 * bits))
    root = builder.build(0, bits, 0, len(firsts))
    if root < 0:  # the spec needs at least one node
        builder.left.append(root)
        builder.right.append(root)
    node_count = len(builder.left)

    offsets, position = [], 0
    for blob in blobs:
        offsets.append(position)
        position += len(blob)

    def value(ref: int) -> int:
        if ref >= 0:
            return ref
        if ref == _EMPTY:
            return node_count
        return node_count + 16 + offsets[-2 - ref]

    largest = node_count + 16 + position
    record_size = 24 if largest < 2**24 else 32
    if record_size == 32 and largest >= 2**32:
        raise ValueError("database too large for this writer")
    tree = array("I")
    for left, right in zip(builder.left, builder.right, strict=True):
        tree.append(value(left))
        tree.append(value(right))
    if record_size == 32:
        if sys.byteorder == "little":
            tree.byteswap()
        tree_bytes = tree.tobytes()
    else:
        tree_bytes = b"".join(v.to_bytes(3, "big") for v in tree)

    metadata = (
        _control(7, 9)
        + encode("node_count") + encode(node_count)
        + encode("record_size") + _uint16(record_size)
        + encode("ip_version") + _uint16(ip_version)
        + encode("database_type") + encode(database_type)
        + encode("languages") + encode(list(languages))
        + encode("binary_format_major_version") + _uint16(2)
        + encode("binary_format_minor_version") + _uint16(0)
        + encode("build_epoch") + _control(9, 8) + int(time.time()).to_bytes(8, "big")
        + encode("description") + encode({"en": description} if description else {})
    )
    with open(path, "wb") as fh:
        fh.write(tree_bytes)
        fh.write(b"\x00" * 16)
        for blob in blobs:
            fh.write(blob)
        fh.write(METADATA_MARKER)
        fh.write(metadata)
    return node_count
