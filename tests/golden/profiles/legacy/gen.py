#!/usr/bin/env python3
"""gen.py: writes the synthetic legacy-format profiles beside it (the files
named in SYNTHETIC below and the gobench.cpu.* word-size/byte-order
variants).  The other files here are pprof's own test data (see README.md)
and are not touched.  Run it from anywhere; commit what it writes."""
import os
import struct

HERE = os.path.dirname(os.path.abspath(__file__))


def write(name, data):
    mode = "wb" if isinstance(data, bytes) else "w"
    with open(os.path.join(HERE, name), mode) as f:
        f.write(data)


def cpu_variants(src):
    """gobench.cpu is 64-bit little-endian: rewrite its words as 32-bit
    little- and big-endian and 64-bit big-endian (the maps text stays)."""
    d = open(os.path.join(HERE, src), "rb").read()
    hdr = struct.unpack_from("<5Q", d, 0)
    i = 40
    samples = []
    while True:
        c, n = struct.unpack_from("<2Q", d, i)
        i += 16
        a = struct.unpack_from("<%dQ" % n, d, i)
        i += 8 * n
        samples.append((c, n, a))
        if c == 0 and n == 1 and a[0] == 0:
            break
    for fmt, suffix in (("<I", "32le"), (">I", "32be"), (">Q", "64be")):
        mask = 0xFFFFFFFF if fmt[1] == "I" else 0xFFFFFFFFFFFFFFFF
        out = bytearray()
        words = list(hdr)
        for c, n, a in samples:
            words += [c, n] + list(a)
        for v in words:
            out += struct.pack(fmt, v & mask)
        out += d[i:]
        write("%s.%s" % (src, suffix), bytes(out))


BRIEF_MAPS = """MAPPED_LIBRARIES:
W1220 15:07:15.202776    8272 logger.cc:12036]   0x400000-0x480000 /path/to/binary      (@0)            abc123456
0x7f0000-0x7f8000 /lib/libc.so.6 (@1000)
"""

SYNTHETIC = {
    # gperftools heap: v2 sampling, alloc counts differ from inuse, a
    # comment, brief maps with a glog prefix and a build id
    "heapz_v2.heap": """heap profile:   4:  1024 [   9:  4096] @ heapz_v2/524288
# a comment
   1:   512 [   3:  1536] @ 0x400100 0x400200 0x400300
   2:   256 [   4:  2048] @ 0x400110 0x400200 0x7f0010
   1:   256 [   2:   512] @ 0x7f0020 0x400300

""" + BRIEF_MAPS,
    # heapprofile: no scaling; /proc maps with a non-executable entry
    "heapprofile.heap": """heap profile: 3: 300 [ 3: 300] @ heapprofile
1: 100 [ 1: 100] @ 0x400100 0x400200
2: 200 [ 2: 200] @ 0x400110 0x400200
--- Memory map: ---
00400000-00480000 r-xp 00000000 08:01 1234 /usr/bin/server
00480000-00490000 rw-p 00080000 08:01 1234 /usr/bin/server
7f0000000000-7f0000100000 r-xp 00000000 08:01 99 /lib/x86_64-linux-gnu/libc-2.31.so
""",
    "fragmentation.heap": """heap profile: 2: 64 [ 0: 0] @ fragmentationz
1: 32 [ 0: 0] @ 0x1001 0x2002
1: 32 [ 0: 0] @ 0x1001 0x3003
""",
    # Go's legacy goroutine profile: comments, a second section, maps
    "goroutine.txt": """# comment
goroutine profile: total 7
4 @ 0x42d9a5 0x4287c8 0x45a771
2 @ 0x42d9a5 0x46b0b7 0x45a771
1 @ 0x45a771

---
other section
--- Memory map: ---
00400000-00500000 r-xp 00000000 fc:00 17 /home/u/prog
""",
    # threadz: "same as previous thread", "no stack trace"
    "threadz.txt": """
--- threadz 3 ---
some header text
--- Thread 7f1 (name: main/100) stack: ---
  PC: 0x400100 0x400200 0x400300
--- Thread 7f2 (name: worker/101) stack: ---
  same as previous thread
--- Thread 7f3 (name: other/102) stack: ---
  0x400101 0x400100 0x400400
---- no stack trace for 2 threads
--- Memory map: ---
  00400000-00480000: /opt/app/threadbin
""",
    # Go's legacy mutex text: cycles/second, sampling period, duration
    "mutex.txt": """--- mutex:
cycles/second=2000000000
sampling period=5
ms since reset = 3000
discarded samples = 0
1000000 3 @ 0x400100 0x400200
5000 1 @ 0x400110 0x400200
--- Memory map: ---
00400000-00480000 r-xp 00000000 00:00 0 /bin/mutexprog
""",
    # contentionz: "123 @" is delay 12, count 3 (the pattern backtracks)
    "contentionz.txt": """--- contentionz 1 ---
cycles/second = 1000000000
123 @ 0x400100
77 5 @ 0x400110 0x400200
""",
    # maps: $attr substitution, an /anon_hugepage mapping dropped, split
    # mappings merged, [vdso]
    "maps_attrs.heap": """heap profile: 1: 10 [ 1: 10] @ heapprofile
1: 10 [ 1: 10] @ 0x400100 0x600100 0x7f0010
MAPPED_LIBRARIES:
bin=/srv/app
00000000-00400000 r-xp 00000000 00:00 0 /anon_hugepage
00400000-00480000 r-xp 00000000 00:00 0 $bin/app
00480000-00500000 r-xp 00080000 00:00 0 $bin/app
00600000-00700000 r-xp 00200000 00:00 0 $bin/other
007f0000-007f8000 r-xp 00000000 00:00 0 [vdso]
""",
}

# Refused by pprof (and rtprof) with one message each.
BAD = {
    "bad_heap_count0.heap": "heap profile: 1: 10 [ 1: 10] @ heapprofile\n0: 10 [ 1: 10] @ 0x1\n",
    "bad_thread_hex.txt": "\n--- threadz 1 ---\n\n--- Thread 7eff (name: main/2) stack: ---\n"
                          "  PC: 0x40b688 0x473add693e639c6f0\n",
    "bad_java_heap_zero.heap": "--- heapz 1 ---\nformat = java\nresolution = bytes\n"
                               " 10 0 @ 0x1\n0x1 a.b.c (X.java:3)\n",
}


def main():
    cpu_variants("gobench.cpu")
    for name, text in sorted(SYNTHETIC.items()):
        write(name, text)
    for name, text in sorted(BAD.items()):
        write(name, text)


if __name__ == "__main__":
    main()
