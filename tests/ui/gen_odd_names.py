#!/usr/bin/env python3
"""gen_odd_names.py: writes odd_names.pb.gz beside itself, a CPU profile whose
function names are the ones a console that reads names back from report
text gets wrong: C++ operators with "| ", "%", spaces and parentheses, and a
Go closure.  tests/ui/tui_names_test.sh lists and peeks them from the pane.
The output is committed (make check needs no Python); rerun after a change.
Field numbers: profile.proto (proto/profile.proto)."""
import gzip
import os

HERE = os.path.dirname(os.path.abspath(__file__))


def varint(n):
    out = bytearray()
    while True:
        b = n & 0x7F
        n >>= 7
        out.append(b | 0x80 if n else b)
        if not n:
            return bytes(out)


def vi(field, n):
    return varint(field << 3) + varint(n)


def ld(field, payload):
    return varint(field << 3 | 2) + varint(len(payload)) + payload


def packed(field, values):
    return ld(field, b"".join(varint(v) for v in values))


strings = [""]


def s(text):
    if text not in strings:
        strings.append(text)
    return strings.index(text)


# (name, file, start line): function ids are 1-based positions.
FUNCS = [
    ("main.main", "main.go", 10),
    ("main.(*Server).handle.func1", "server.go", 40),
    ("Bits::operator| (Bits const&) const", "bits.cc", 20),
    ("Ratio::operator%(Ratio const&)", "ratio.cc", 30),
    ("std::function<void (int)>::operator()(int) const", "functional", 5),
]
# Stacks, leaf first, as function ids; values in nanoseconds.
SAMPLES = [
    ((3, 2, 1), 500_000_000),
    ((4, 3, 1), 300_000_000),
    ((5, 1), 200_000_000),
    ((4, 2, 1), 100_000_000),
]

body = ld(1, vi(1, s("samples")) + vi(2, s("count")))
body += ld(1, vi(1, s("cpu")) + vi(2, s("nanoseconds")))
for stack, ns in SAMPLES:
    body += ld(2, packed(1, stack) + packed(2, (ns // 10_000_000, ns)))
# has_functions, has_filenames, has_line_numbers: nothing to symbolize.
body += ld(3, vi(1, 1) + vi(2, 0x400000) + vi(3, 0x500000) + vi(5, s("/usr/bin/odd")) +
           vi(7, 1) + vi(8, 1) + vi(9, 1))
for i, (name, path, line) in enumerate(FUNCS, 1):
    # One location per function, at its start line + 2.
    body += ld(4, vi(1, i) + vi(2, 1) + vi(3, 0x400000 + 16 * i) +
               ld(4, vi(1, i) + vi(2, line + 2)))
for i, (name, path, line) in enumerate(FUNCS, 1):
    body += ld(5, vi(1, i) + vi(2, s(name)) + vi(3, s(name)) + vi(4, s(path)) +
               vi(5, line))
period = ld(11, vi(1, s("cpu")) + vi(2, s("nanoseconds"))) + vi(12, 10_000_000)
duration = vi(10, 1_500_000_000)
strtab = b"".join(ld(6, t.encode()) for t in strings)
data = body + strtab + duration + period
with open(os.path.join(HERE, "odd_names.pb.gz"), "wb") as f:
    f.write(gzip.compress(data, mtime=0))
