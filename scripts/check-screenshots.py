#!/usr/bin/env python3
"""Fails unless every expected screenshot exists and shows something (is not one flat colour).

Usage: check-screenshots.py DIR NAME.png...   (standard library only)
"""
import struct
import sys
import zlib
from pathlib import Path


def distinct_bytes(path: Path) -> int:
    data = path.read_bytes()
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        raise ValueError("not a PNG file")
    pos, idat = 8, b""
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        if kind == b"IDAT":
            idat += data[pos + 8:pos + 8 + length]
        pos += 12 + length
    # A flat image decodes to a handful of byte values (filter bytes and one colour);
    # a screen with text and widgets to a great many.
    return len(set(zlib.decompress(idat)))


def main() -> int:
    folder, names = Path(sys.argv[1]), sys.argv[2:]
    failures = []
    for name in names:
        path = folder / name
        if not path.exists():
            failures.append(f"{path}: missing")
            continue
        try:
            variety = distinct_bytes(path)
        except (ValueError, zlib.error, struct.error) as e:
            failures.append(f"{path}: unreadable ({e})")
            continue
        if variety < 32:
            failures.append(f"{path}: blank ({variety} distinct byte values)")
        else:
            print(f"{path}: ok ({variety} distinct byte values)")
    for f in failures:
        print(f, file=sys.stderr)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
