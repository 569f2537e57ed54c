#!/usr/bin/env python3
"""gen.py: writes the malformed-profile corpus that tests/profile/corpus_test
feeds to the reader, and MANIFEST, one line per case:

    FILE [CAP]<TAB>substring the reader's error message must contain

(CAP: max_decompressed in MiB for that case; "OK" means it must parse).

Every file is built from hand-written protobuf bytes (no protobuf library),
so each one is exactly the defect its name says and nothing else.  Run it from
anywhere: it writes next to itself.  The outputs are committed; rerun and
commit after a change.  Cases that need the file system or a big buffer (a
directory, the 1 GiB gzip bomb) are made by corpus_test.c at run time.
After adding an "OK" case, run regen_expected.sh (needs Go) to record what
go tool pprof prints for it (expected/, compared by tests/profile/oddities.sh).

Wire format reminder (https://protobuf.dev/programming-guides/encoding/):
a field is key = (field_number << 3) | wire_type, then the payload;
wire type 0 varint, 1 fixed64, 2 length-delimited (varint length + bytes),
5 fixed32; 3 and 4 are the deprecated group start/end.  profile.proto
field numbers are in /work/shared/spec/pprof-reports.md section 1.3.
"""
import gzip
import os
import struct
import zlib

HERE = os.path.dirname(os.path.abspath(__file__))


def varint(n):
    """Base-128 varint; negative int64 values are 10 bytes, as protobuf does."""
    if n < 0:
        n += 1 << 64
    out = bytearray()
    while True:
        b = n & 0x7F
        n >>= 7
        if n:
            out.append(b | 0x80)
        else:
            out.append(b)
            return bytes(out)


def key(field, wire):
    return varint(field << 3 | wire)


def vi(field, n):
    """A varint field."""
    return key(field, 0) + varint(n)


def ld(field, payload):
    """A length-delimited field (sub-message, string or packed array)."""
    return key(field, 2) + varint(len(payload)) + payload


def packed(field, values):
    return ld(field, b"".join(varint(v) for v in values))


# profile.proto messages, with the fields the corpus needs.
def value_type(t, u):
    return vi(1, t) + vi(2, u)


def sample(loc_ids, values, labels=b""):
    return packed(1, loc_ids) + packed(2, values) + labels


def location(lid, fn_ids, mapping_id=0):
    body = vi(1, lid)
    if mapping_id:
        body += vi(2, mapping_id)
    for f in fn_ids:
        body += ld(4, vi(1, f) + vi(2, 10))
    return body


def function(fid, name, system_name=None):
    body = vi(1, fid) + vi(2, name)
    if system_name is not None:
        body += vi(3, system_name)
    return body + vi(4, 0)


def strings(*ss):
    # surrogateescape: "\udcXX" in a str is the raw byte XX (not UTF-8).
    return b"".join(ld(6, s.encode("utf-8", "surrogateescape")) for s in ss)


STRS = ("", "cpu", "nanoseconds", "main.main", "main.go")


def profile(types=((1, 2),), samples=(((1,), (10,)),),
            locations=((1, (1,)),), functions=((1, 3),), strs=STRS,
            extra=b""):
    """A profile; the defaults make a valid one-sample CPU profile."""
    out = b"".join(ld(1, value_type(*t)) for t in types)
    out += b"".join(ld(2, sample(*s)) for s in samples)
    out += b"".join(ld(4, location(*l)) for l in locations)
    out += b"".join(ld(5, function(*f)) for f in functions)
    out += strings(*strs) if strs is not None else b""
    return out + extra


def gz(data):
    # mtime=0 keeps the committed bytes stable across runs.
    return gzip.compress(data, compresslevel=9, mtime=0)


def bomb(size):
    """One gzip member of size zero bytes (about 1000:1)."""
    c = zlib.compressobj(9, zlib.DEFLATED, 31)
    chunk = bytes(1 << 20)
    out = bytearray()
    for _ in range(size >> 20):
        out += c.compress(chunk)
    out += c.flush()
    # Fixed mtime/OS bytes for reproducible output.
    out[4:8] = b"\0\0\0\0"
    out[9] = 255
    return bytes(out)


def nested(field, depth):
    body = vi(1, 1)
    for _ in range(depth):
        body = ld(field, body)
    return body


VALID = profile()

# (file name, contents, expected substring)
CASES = [
    # Sanity: the generator's valid profile must parse (expectation "OK").
    ("valid.pb", VALID, "OK"),
    ("valid.pb.gz", gz(VALID), "OK"),
    ("empty.pb", b"", "empty input file"),
    ("empty_gzip.pb.gz", gz(b""), "empty input file"),
    ("truncated.pb.gz", gz(VALID + strings(*("s%d" % i for i in range(500))))[:60], "unexpected EOF"),
    ("gzip_garbage.pb.gz", b"\x1f\x8b\x08\x00" + bytes(range(7, 90)),
     "decompressing profile"),
    ("gzip_trailing_garbage.pb.gz", gz(VALID) + b"garbage",
     "decompressing profile"),
    # 16 MiB of zeros in 16 kB: over a 1 MiB cap (max_decompressed given
    # after the name); under the default cap it inflates, fails as protobuf,
    # and the legacy text parsers find a 16 MiB "line" (pprof's message).
    ("bomb16m.pb.gz 1", bomb(16 << 20), "larger than 1 MiB uncompressed"),
    ("bomb16m.pb.gz", bomb(16 << 20), "parsing profile: bufio.Scanner: token too long"),
    ("bomb16m.pb.gz 32", bomb(16 << 20), "parsing profile: bufio.Scanner: token too long"),
    ("text.pb", b"this is not a profile\n", "unrecognized profile format"),
    # Legacy (pre-profile.proto) formats that pprof refuses, with its words.
    ("legacy_heap_sample.txt", b"heap profile: 1: 10 [ 1: 10] @ heapprofile\nno sample\n",
     "parsing profile: unexpected number of sample values: got 0, want 6"),
    ("legacy_heap_count0.txt", b"heap profile: 1: 10 [ 1: 10] @ heapprofile\n0: 10 [ 1: 10] @ 0x1\n",
     "parsing profile: inuse count was 0 but inuse bytes was 10"),
    ("legacy_heap_int_range.txt",
     b"heap profile: 1: 10 [ 1: 10] @ heapprofile\n99999999999999999999: 10 [ 1: 10] @ 0x1\n",
     'parsing profile: malformed sample: 99999999999999999999: 10 [ 1: 10] @ 0x1: '
     'strconv.ParseInt: parsing "99999999999999999999": value out of range'),
    ("legacy_heap_hex_range.txt",
     b"heap profile: 1: 10 [ 1: 10] @ heapprofile\n1: 10 [ 1: 10] @ 0x12345678901234567\n",
     "failed to parse as hex 64-bit number: 0x12345678901234567"),
    ("legacy_heap_kind.txt", b"heap profile: 1: 10 [ 1: 10] @ heapfoo/4\n1: 10 [ 1: 10] @ 0x1\n",
     "unrecognized profile format"),
    ("legacy_heap_long_line.txt",
     b"heap profile: 1: 10 [ 1: 10] @ heapprofile\n1: 10 [ 1: 10] @" + b" 0x1" * 20000 + b"\n",
     "parsing profile: bufio.Scanner: token too long"),
    ("legacy_goroutine.txt", b"goroutine profile: total 1\n1 @ 0x1 zz\n",
     "parsing profile: malformed profile format"),
    ("legacy_goroutine_octal.txt", b"goroutine profile: total 1\n09 @ 0x1\n",
     "parsing profile: malformed profile format"),
    ("legacy_thread_no_map.txt", b"--- Thread 1 (name: a/1) stack: ---\n 0x1 0x2\n",
     "unrecognized profile format"),
    ("legacy_contention_range.txt", b"--- contention:\n99999999999999999999 1 @ 0x1\n",
     "value out of range"),
    ("legacy_java_no_types.txt", b"--- heapz 1 ---\nformat = java\n 10 2 @ 0x1\n0x1 a (X.java:3)\n",
     "parsing profile: missing sample type information"),
    ("legacy_java_attr.txt", b"--- contentionz 1 ---\nformat = java\nsampling period = abc\n",
     'parsing profile: failed to parse attribute sampling period = abc: '
     'strconv.ParseInt: parsing "abc": invalid syntax'),
    ("legacy_java_not_java.txt", b"--- heapz 1 ---\nformat = cpp\n", "unrecognized profile format"),
    # A binary CPU header, then a stack deeper than the file.
    ("legacy_cpu_truncated.cpu",
     struct.pack("<5I", 0, 3, 0, 10000, 0) + struct.pack("<3I", 1, 50, 7),
     "unrecognized profile format"),
    ("random.pb", bytes((i * 73 + 41) & 0xFF for i in range(256)),
     "unrecognized profile format"),
    ("dangling_location.pb", profile(samples=(((7,), (10,)),)),
     "sample has nil location"),
    ("function_id0.pb", profile(functions=((0, 3),), locations=((1, (0,)),)),
     "found function with reserved ID=0"),
    ("function_dup.pb", profile(functions=((1, 3), (1, 3))),
     "multiple functions with same id: 1"),
    ("location_id0.pb", profile(locations=((0, (1,)),), samples=()),
     "found location with reserved id=0"),
    ("location_dup.pb",
     profile(locations=((3, (1,)), (3, (1,))), samples=(((3,), (1,)),)),
     "multiple locations with same id: 3"),
    ("mapping_id0.pb", profile(extra=ld(3, vi(1, 0) + vi(2, 4096))),
     "found mapping with reserved ID=0"),
    ("line_nil_function.pb", profile(locations=((1, (9,)),)),
     "location id: 1 has a line with nil function"),
    ("string_index_range.pb", profile(functions=((1, 99),)),
     "string index 99"),
    ("string_index_negative.pb", profile(functions=((1, -1),)),
     "string index -1"),
    ("string_index_huge.pb", profile(functions=((1, (1 << 63) - 1),)),
     "string index 9223372036854775807"),
    ("string_table0.pb", profile(strs=("x",) + STRS[1:]),
     "string_table[0] must be ''"),
    ("no_string_table.pb", profile(strs=None), "malformed profile format"),
    ("value_count.pb", profile(samples=(((1,), (10, 20)),)),
     "mismatch: sample has 2 values vs. 1 types"),
    ("value_count_zero.pb", profile(samples=(((1,), ()),)),
     "mismatch: sample has 0 values vs. 1 types"),
    ("no_sample_type.pb", profile(types=()),
     "missing sample type information"),
    # 11 continuation bytes: longer than any 64-bit varint.
    ("huge_varint.pb", key(9, 0) + b"\xff" * 10 + b"\x01" + VALID,
     "unrecognized profile format"),
    ("huge_varint_packed.pb",
     profile(extra=ld(2, ld(1, b"\xff" * 10 + b"\x01") + packed(2, [1]))),
     "unrecognized profile format"),
    ("varint_eof.pb", VALID + key(9, 0) + b"\xff\xff", "unrecognized profile format"),
    # time_nanos (field 9, int64) sent as fixed64: pprof says "type mismatch".
    ("wrong_wire_type.pb", VALID + key(9, 1) + struct.pack("<q", 5),
     "unrecognized profile format"),
    # sample (field 2, a message) sent as a varint.
    ("wrong_wire_type_msg.pb", VALID + vi(2, 1), "unrecognized profile format"),
    ("wire_type_6.pb", VALID + key(9, 6) + b"\0", "unrecognized profile format"),
    ("wire_type_group.pb", VALID + key(20, 3) + key(20, 4),
     "unrecognized profile format"),
    # A length prefix of 2^62 on a sample; and one past the end of the data.
    ("huge_length.pb", VALID + key(2, 2) + varint(1 << 62) + b"\x08\x01",
     "unrecognized profile format"),
    ("length_past_end.pb", VALID + key(6, 2) + varint(1000) + b"abc",
     "unrecognized profile format"),
    # A label whose length runs past the end of its enclosing sample.
    ("nested_length.pb",
     profile(extra=ld(2, packed(2, [1]) + key(3, 2) + varint(40) + vi(1, 1))),
     "unrecognized profile format"),
    # Every string index is checked, wherever it is.
    ("label_key_range.pb",
     profile(samples=(((1,), (10,), ld(3, vi(1, 50) + vi(2, 3))),)),
     "string index 50"),
    ("comment_range.pb", profile(extra=vi(13, 77)), "string index 77"),
    ("period_type_range.pb", profile(extra=ld(11, vi(1, 1) + vi(2, 66))),
     "string index 66"),
    ("default_type_range.pb", profile(extra=vi(14, 55)), "string index 55"),
    ("mapping_file_range.pb", profile(extra=ld(3, vi(1, 1) + vi(5, 44))),
     "string index 44"),
    # Valid oddities: pprof accepts them, so must rtprof.
    ("sample_no_locations.pb", profile(samples=(((), (10,)),)), "OK"),
    ("unknown_mapping_id.pb",
     profile(locations=((1, (1,), 9),)), "OK"),
    ("location_no_lines.pb", profile(locations=((1, ()),)), "OK"),
    ("unknown_fields.pb", profile(extra=vi(99, 1) + ld(100, b"xyz")), "OK"),
    # A label key with a byte that is not UTF-8: Go's tabwriter counts it as
    # one column (utf8.RuneCount), which shifts -tags' columns.
    ("label_key_not_utf8.pb",
     profile(samples=(((1,), (10,), ld(3, vi(1, 5) + vi(2, 3))),),
             strs=STRS + ("\udcb7orker",)), "OK"),
    # A NUL inside a name: Go strings carry it, pprof prints it.
    ("name_with_nul.pb",
     profile(functions=((1, 5),), strs=STRS + ("main\0main",)), "OK"),
    # pprof's symbolizer always runs Demangle: an empty name takes the
    # system name; C++-looking names lose parameters and template
    # arguments; mangled names are demangled.
    ("system_name_only.pb",
     profile(functions=((1, 0, 5),), strs=STRS + ("main.sys",)), "OK"),
    ("cpp_names.pb",
     profile(functions=((1, 5, 5),),
             strs=STRS + ("std::vector<int>::push_back(int const&)",)), "OK"),
    ("mangled_name.pb",
     profile(functions=((1, 5, 5),), strs=STRS + ("_ZN3foo3barEv",)), "OK"),
    # drop_frames/keep_frames that do not compile: pprof's fetch ignores
    # RemoveUninteresting's error, so nothing is pruned and nothing fails.
    ("bad_drop_frames.pb",
     profile(strs=STRS + ("main\\.(",), extra=vi(7, 5)), "OK"),
    ("bad_keep_frames.pb",
     profile(strs=STRS + ("main\\..*", "main\\.(",), extra=vi(7, 5) + vi(8, 6)),
     "OK"),
    # What a merge changes: the same stack twice, a location and a
    # function that repeat others but for their ids, a location no sample
    # names, a zero sample, labels.  Reports that only sum samples up read
    # this profile unmerged (tests/profile/oddities.sh runs -top and -tags
    # as well as -raw and -traces, which read it merged).
    ("unmerged.pb",
     profile(types=((1, 2), (3, 4)),
             samples=(((2, 1), (1, 10)), ((2, 1), (2, 20)), ((3, 5), (1, 10)),
                      ((1,), (0, 0)), ((1,), (4, 40)),
                      ((2, 1), (1, 10), ld(3, vi(1, 8) + vi(2, 9)))),
             locations=((1, (1,)), (2, (2,)), (3, (3,)), (4, (4,)), (5, (1,))),
             functions=((1, 5), (2, 6), (3, 6), (4, 7)),
             strs=("", "samples", "count", "cpu", "nanoseconds", "main.a",
                   "main.b", "main.unused", "k", "v")), "OK"),
    # A zero sample goes in a merge, and with it the label values only it
    # has (-tags would list them).
    ("unmerged_zero.pb",
     profile(types=((1, 2), (3, 4)),
             samples=(((1,), (3, 30), ld(3, vi(1, 6) + vi(2, 7))),
                      ((1,), (0, 0), ld(3, vi(1, 6) + vi(2, 8)))),
             functions=((1, 5),),
             strs=("", "samples", "count", "cpu", "nanoseconds", "main.a",
                   "k", "v1", "v2")), "OK"),
    # Negative values: the same stack +5 and -5 merges to zero and goes,
    # which changes the total; this profile is always merged.
    ("unmerged_negative.pb",
     profile(samples=(((1,), (5,)), ((2, 1), (3,)), ((1,), (-5,))),
             locations=((1, (1,)), (2, (2,))), functions=((1, 3), (2, 5)),
             strs=STRS + ("main.f",)), "OK"),
    # 2000 nested length-delimited fields of an unknown number (100): like
    # pprof, the reader skips unknown fields whole, so this must parse.
    ("deep_nesting.pb", VALID + nested(100, 2000), "OK"),
    # Two profiles back to back: pprof refuses ("concatenated profiles
    # detected", a second time_nanos).
    ("concatenated.pb", profile(extra=vi(9, 1)) + profile(extra=vi(9, 2)),
     "concatenated profiles detected"),
    # pprof checks each sample's value count *and* locations before the
    # next sample.
    ("nil_location_before_mismatch.pb",
     profile(samples=(((7,), (10,)), ((1,), (10, 20)))),
     "sample has nil location"),
]

# Known bugs: same format, written to KNOWN_BUGS when not empty.  To track
# one, add its case here and list tests/profile/corpus_known_bugs_test in
# CORE_XFAIL_TESTS (Makefile.am shows how it is built); move it to CASES
# once fixed.
KNOWN_BUGS = [
]


def write(manifest_name, cases):
    lines = []
    for name, data, expect in cases:
        with open(os.path.join(HERE, name.split()[0]), "wb") as f:
            f.write(data)
        lines.append("%s\t%s\n" % (name, expect))
    with open(os.path.join(HERE, manifest_name), "w") as f:
        f.write("# written by gen.py: FILE [CAP_MiB]<TAB>expected error "
                "substring (OK: must parse)\n")
        f.writelines(lines)


def main():
    write("MANIFEST", CASES)
    if KNOWN_BUGS:
        write("KNOWN_BUGS", KNOWN_BUGS)
    elif os.path.exists(os.path.join(HERE, "KNOWN_BUGS")):
        os.remove(os.path.join(HERE, "KNOWN_BUGS"))


if __name__ == "__main__":
    main()
