/* profile_test: the model and its I/O: builders, encode/parse round trips
 * (gzip, plain, through a file), pprof's validity rules and messages, and
 * the sample index rules. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>
#include <cmocka.h>

#include "base/runner.h"
#include "console/runner_threads.h"
#include "profile/gz.h"
#include "profile/profile_io.h"
#include "profile/profile_merge.h"
#include "tiny_profile.h"

static void assert_equal_profiles(const struct profile *a, const struct profile *b)
{
	char why[256] = "";
	if (!tiny_equal(a, b, why, sizeof why))
		fail_msg("profiles differ: %s", why);
}

static struct profile *roundtrip(const struct profile *p)
{
	uint8_t *buf;
	size_t n;
	struct rt_error err = { "" };
	assert_int_equal(profile_encode(p, &buf, &n, &err), 0);
	assert_true(gz_is_gzip(buf, n));
	struct profile *q = profile_parse(buf, n, NULL, &err);
	if (!q)
		fail_msg("parse of encoded profile failed: %s", err.msg);
	free(buf);
	return q;
}

static void builders_fill_defaults(void **state)
{
	(void)state;
	struct profile *p = profile_new();
	assert_non_null(p);
	assert_string_equal(p->drop_frames, "");
	assert_ptr_equal(p->default_sample_type, p->strs.empty);
	struct function *f = profile_add_function(p, 9);
	struct mapping *m = profile_add_mapping(p, 4);
	struct location *l = profile_add_location(p, 5, 3);
	assert_non_null(f);
	assert_non_null(m);
	assert_non_null(l);
	assert_int_equal(f->id, 9);
	assert_ptr_equal(f->name, p->strs.empty);
	assert_ptr_equal(m->file, p->strs.empty);
	assert_int_equal(l->n_lines, 3);
	for (int i = 0; i < 3; i++)
		assert_null(l->lines[i].fn);
	assert_int_equal(profile_set_sample_types(p, 2), 0);
	struct sample *s = profile_add_sample(p, 4, 1);
	assert_non_null(s);
	assert_int_equal(sample_value(p, s, 0), 0);
	assert_int_equal(sample_value(p, s, 1), 0);
	assert_int_equal(sample_loc(p, s, 3), PROFILE_NO_SLOT);
	/* Interning through the profile: equal strings, equal pointers. */
	assert_ptr_equal(profile_str(p, "x"), profile_strn(p, "xyz", 1));
	assert_ptr_equal(profile_str(p, NULL), p->strs.empty);
	/* Many objects: the arrays grow and keep what they held. */
	for (uint64_t id = 10; id < 1000; id++)
		assert_non_null(profile_add_function(p, id));
	assert_int_equal(p->n_functions, 991);
	assert_ptr_equal(p->functions[0], f);
	assert_int_equal(p->functions[990]->id, 999);
	profile_free(p);
	profile_free(NULL);
}

static void roundtrip_gzip(void **state)
{
	(void)state;
	struct profile *p = tiny_rich();
	assert_non_null(p);
	struct rt_error err = { "" };
	assert_int_equal(profile_check_valid(p, &err), 0);
	struct profile *q = roundtrip(p);
	assert_equal_profiles(p, q);
	/* Read with 16-bit frames (few locations), compared through them. */
	assert_false(p->narrow);
	assert_true(q->narrow);
	/* Spot checks, in case tiny_equal and the codec share a blind spot. */
	assert_string_equal(sample_labels(q, &q->samples[0])[0].str, "hash");
	assert_null(sample_labels(q, &q->samples[0])[1].str);
	assert_int_equal(sample_labels(q, &q->samples[0])[1].num, 4096);
	assert_string_equal(sample_labels(q, &q->samples[0])[1].num_unit, "bytes");
	assert_int_equal(sample_value(q, &q->samples[2], 1), -20000000);
	assert_int_equal(q->locations[2]->n_lines, 2);
	assert_string_equal(q->locations[2]->lines[0].fn->name, "strings.Index");
	assert_true(q->locations[2]->is_folded);
	assert_string_equal(q->mappings[0]->build_id, "abc123");
	assert_string_equal(q->comments[1], "#hidden comment");
	/* Strings of the parsed profile are interned: equal names, one pointer. */
	assert_ptr_equal(q->functions[0]->filename, q->functions[1]->filename);
	/* And a second trip changes nothing. */
	struct profile *r = roundtrip(q);
	assert_equal_profiles(q, r);
	profile_free(r);
	profile_free(q);
	profile_free(p);
}

/* Uncompressed protobuf is accepted as well (no gzip magic). */
static void roundtrip_plain(void **state)
{
	(void)state;
	struct profile *p = tiny_rich();
	uint8_t *gz, *raw;
	size_t gn, rn;
	struct rt_error err = { "" };
	assert_int_equal(profile_encode(p, &gz, &gn, &err), 0);
	assert_int_equal(gz_inflate(gz, gn, GZ_DEFAULT_MAX, &raw, &rn, &err), 0);
	assert_false(gz_is_gzip(raw, rn));
	struct profile *q = profile_parse(raw, rn, NULL, &err);
	if (!q)
		fail_msg("%s", err.msg);
	assert_equal_profiles(p, q);
	/* Two gzip members in a row are one stream, as Go reads them. */
	uint8_t *half1, *half2;
	size_t h1, h2;
	assert_int_equal(gz_deflate(raw, rn / 2, &half1, &h1, &err), 0);
	assert_int_equal(gz_deflate(raw + rn / 2, rn - rn / 2, &half2, &h2, &err), 0);
	uint8_t *both = malloc(h1 + h2);
	assert_non_null(both);
	memcpy(both, half1, h1);
	memcpy(both + h1, half2, h2);
	struct profile *r = profile_parse(both, h1 + h2, NULL, &err);
	if (!r)
		fail_msg("two members: %s", err.msg);
	assert_equal_profiles(p, r);
	free(both);
	free(half1);
	free(half2);
	profile_free(r);
	profile_free(q);
	free(raw);
	free(gz);
	profile_free(p);
}

/* profile.proto strings are length-delimited: a NUL (or a byte 01, which
 * the model uses to hold NULs) survives a read and a write whole, and
 * names sort as Go compares them. */
static void nul_in_strings(void **state)
{
	(void)state;
	static const char *types[] = { "cpu/nanoseconds" };
	struct profile *p = tiny_new(1, types);
	assert_non_null(p);
	const char *nul = profile_strn_bytes(p, "a\0b", 3);
	const char *one = profile_strn_bytes(p, "a\1b", 3);
	assert_non_null(nul);
	assert_non_null(one);
	/* "a" < "a\0b" < "a\1b" < "ab", as Go orders the strings. */
	assert_true(strcmp("a", nul) < 0);
	assert_true(strcmp(nul, one) < 0);
	assert_true(strcmp(one, "ab") < 0);
	assert_ptr_equal(nul, profile_strn_bytes(p, "a\0b", 3));
	char buf[16];
	size_t n = strlen(nul);
	memcpy(buf, nul, n);
	assert_int_equal(profile_str_unescape(buf, n), 3);
	assert_memory_equal(buf, "a\0b", 3);
	struct function *f = tiny_fn(p, 1, "f", "f.go");
	f->name = nul;
	f->filename = one;
	struct location *l = TINY_LOC(p, 1, f);
	assert_non_null(TINY_SAMPLE_L(p, ((int64_t[]){ 5 }), 0, l));
	uint8_t *gz, *raw;
	size_t gn, rn;
	struct rt_error err = { "" };
	assert_int_equal(profile_encode(p, &gz, &gn, &err), 0);
	assert_int_equal(gz_inflate(gz, gn, GZ_DEFAULT_MAX, &raw, &rn, &err), 0);
	/* The string table holds the bytes themselves: 32 03 'a' 00 'b'. */
	assert_non_null(memmem(raw, rn, "\x32\x03\x61\x00\x62", 5));
	assert_non_null(memmem(raw, rn, "\x32\x03\x61\x01\x62", 5));
	struct profile *q = profile_parse(raw, rn, NULL, &err);
	if (!q)
		fail_msg("%s", err.msg);
	assert_string_equal(q->functions[0]->name, nul);
	assert_string_equal(q->functions[0]->filename, one);
	profile_free(q);
	free(raw);
	free(gz);
	profile_free(p);
}

/* pprof drops a label with str, num and unit all zero; empty values are
 * written, and read back, as that. */
static void zero_numeric_label_dropped(void **state)
{
	(void)state;
	static const char *types[] = { "cpu/nanoseconds" };
	struct profile *p = tiny_new(1, types);
	struct function *f = tiny_fn(p, 1, "f", "f.go");
	struct location *l = TINY_LOC(p, 1, f);
	struct sample *s = TINY_SAMPLE_L(p, ((int64_t[]){ 5 }), 2, l);
	assert_non_null(s);
	assert_int_equal(tiny_label(p, s, 0, "zero", NULL, 0, NULL), 0);
	assert_int_equal(tiny_label(p, s, 1, "kept", NULL, 0, "bytes"), 0);
	struct profile *q = roundtrip(p);
	assert_int_equal(sample_n_labels(q, &q->samples[0]), 1);
	assert_string_equal(sample_labels(q, &q->samples[0])[0].key, "kept");
	assert_string_equal(sample_labels(q, &q->samples[0])[0].num_unit, "bytes");
	profile_free(q);
	profile_free(p);
}

static void write_and_read_file(void **state)
{
	(void)state;
	char dir[] = "/tmp/rtprof-profile-XXXXXX", path[128], tmpcheck[160];
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof path, "%s/p.pb.gz", dir);
	struct profile *p = tiny_rich();
	struct rt_error err = { "" };
	assert_int_equal(profile_write_file(p, path, &err), 0);
	assert_int_equal(profile_write_file(p, path, &err), 0);	/* replaces */
	struct profile *q = profile_read_file(path, NULL, &err);
	if (!q)
		fail_msg("%s", err.msg);
	assert_equal_profiles(p, q);
	/* Nothing but the file itself is left in the folder. */
	snprintf(tmpcheck, sizeof tmpcheck, "ls -A %s | grep -vqx p.pb.gz", dir);
	assert_int_not_equal(system(tmpcheck), 0);
	unlink(path);
	rmdir(dir);
	profile_free(q);
	profile_free(p);
}

/* "-" is stdout for writing and stdin for reading. */
static uint64_t top_varint(const uint8_t *b, size_t *at)
{
	uint64_t v = 0;
	for (unsigned shift = 0;; shift += 7) {
		uint8_t c = b[(*at)++];
		v |= (uint64_t)(c & 0x7f) << shift;
		if (!(c & 0x80))
			return v;
	}
}

/* A file's samples are read while their bytes go back to the system (a
 * few MiB at a time): a big file reads as the same bytes parsed from
 * memory do, both gzipped and plain, and a sample broken after pages
 * went back fails as it does from memory (the legacy parsers get the
 * file again). */
static void backwards(const struct runner *r, size_t n, void (*task)(void *arg, size_t i),
		      void *arg)
{
	(void)r;
	for (size_t i = n; i-- > 0;)
		task(arg, i);
}

/* profile_encode_on: the encoding made in pieces (on three slots run
 * backwards, on threads, in turn) is one gzip stream of the same bytes as
 * the encoding made at once, gzip's size within 0.5% of deflating those
 * bytes in one piece, its CRC and length right (gz_inflate checks both). */
static void check_pieces(const struct profile *p, size_t min_raw, bool reads_back)
{
	const struct runner three = { 3, backwards };
	struct rt_error err = { "" };
	uint8_t *raw, *one, *more, *back;
	size_t n, n_one, n_more, n_back;
	assert_int_equal(profile_encode_raw(p, &raw, &n, &err), 0);
	assert_true(n > min_raw);
	assert_int_equal(gz_deflate(raw, n, &one, &n_one, &err), 0);
	const struct runner *runners[] = { &three, runner_threads(), NULL };
	for (size_t r = 0; r < 3; r++) {
		assert_int_equal(profile_encode_on(p, runners[r], &more, &n_more, &err), 0);
		assert_true(n_more < n_one + n_one / 200);
		assert_int_equal(gz_inflate(more, n_more, GZ_DEFAULT_MAX, &back, &n_back, &err), 0);
		assert_int_equal(n_back, n);
		assert_memory_equal(back, raw, n);
		free(back);
		free(more);
	}
	/* and it reads back as p (when p's labels are in the order the
	 * encoding writes them) */
	char why[256];
	struct profile *q = profile_parse(raw, n, NULL, &err);
	assert_non_null(q);
	if (reads_back && !tiny_equal(p, q, why, sizeof why))
		fail_msg("%s", why);
	profile_free(q);
	free(one);
	free(raw);
}

static void deflate_in_pieces(void **state)
{
	(void)state;
	struct rt_error err = { "" };
	struct profile *p = tiny_golden("manystacks.pb.gz", &err);
	assert_non_null(p);
	check_pieces(p, 3 * ((size_t)1 << 20), false);
	profile_free(p);

	/* Labels number their strings in sample order: pieces encoded at
	 * once must number them as one walk does, new keys and values
	 * coming in every piece. */
	static const char *types[] = { "samples", "count", "cpu", "nanoseconds" };
	p = tiny_new(2, types);
	struct location *locs[50];
	char name[32], val[32];
	for (int i = 0; i < 50; i++) {
		snprintf(name, sizeof name, "g%02d", i);
		struct function *f = tiny_fn(p, (uint64_t)i + 1, name, "lab.go");
		locs[i] = tiny_loc(p, (uint64_t)i + 1, 0x2000 + (uint64_t)i, 1, &f);
	}
	for (int s = 0; s < 40000; s++) {
		struct location *stack[3] = { locs[s % 50], locs[(s / 50) % 50], locs[s % 7] };
		int64_t v[2] = { 1, -1000 * (s % 5) };
		struct sample *sm = tiny_sample(p, v, 2, 3, stack);
		assert_non_null(sm);
		snprintf(name, sizeof name, "key%d", s / 1000);
		snprintf(val, sizeof val, "v%d", s / 3);
		assert_int_equal(tiny_label(p, sm, 0, name, val, 0, NULL), 0);
		assert_int_equal(tiny_label(p, sm, 1, "n", NULL, s + 1, s % 2 ? "bytes" : ""), 0);
	}
	check_pieces(p, (size_t)1 << 20, true);
	profile_free(p);
}

static void big_file_read_as_memory(void **state)
{
	(void)state;
	static const char *types[] = { "samples", "count", "cpu", "nanoseconds" };
	struct profile *p = tiny_new(2, types);
	struct location *locs[300];
	char name[32];
	for (int i = 0; i < 300; i++) {
		snprintf(name, sizeof name, "f%03d", i);
		struct function *f = tiny_fn(p, (uint64_t)i + 1, name, "big.go");
		locs[i] = tiny_loc(p, (uint64_t)i + 1, 0x1000 + (uint64_t)i, 1, &f);
	}
	uint64_t x = 2463534242ULL;
	for (int s = 0; s < 300000; s++) {
		struct location *stack[24];
		for (int k = 0; k < 24; k++) {
			x ^= x << 13, x ^= x >> 7, x ^= x << 17;
			stack[k] = locs[x % 300];
		}
		int64_t v[2] = { 1 + s % 7, 1000 * (1 + s % 7) };
		assert_non_null(tiny_sample(p, v, 0, 24, stack));
	}
	uint8_t *gz, *raw;
	size_t ngz, nraw;
	struct rt_error err = { "" };
	assert_int_equal(profile_encode(p, &gz, &ngz, &err), 0);
	assert_int_equal(gz_inflate(gz, ngz, GZ_DEFAULT_MAX, &raw, &nraw, &err), 0);
	assert_true(nraw > ((size_t)10 << 20));

	char dir[] = "/tmp/rtprof-profile-XXXXXX", path[128];
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof path, "%s/big.pb", dir);
	for (int gzipped = 0; gzipped < 2; gzipped++) {
		FILE *f = fopen(path, "wb");
		assert_non_null(f);
		assert_int_equal(fwrite(gzipped ? gz : raw, 1, gzipped ? ngz : nraw, f),
				 gzipped ? ngz : nraw);
		assert_int_equal(fclose(f), 0);
		struct profile *a = profile_read_file(path, NULL, &err);
		if (!a)
			fail_msg("%s", err.msg);
		struct profile *b = profile_parse(raw, nraw, NULL, &err);
		assert_non_null(b);
		assert_equal_profiles(p, a);
		assert_equal_profiles(b, a);
		profile_free(a);
		profile_free(b);
	}

	/* The last sample (samples come first, field 2) gets a field of
	 * wire type 7, which no decoder takes. */
	size_t at = 0, last = 0;
	while (at < nraw) {
		uint64_t key = top_varint(raw, &at), v = top_varint(raw, &at);
		if ((key & 7) == 2) {
			if (key >> 3 == 2)
				last = at;
			at += v;
		} else {
			assert_int_equal(key & 7, 0);
		}
	}
	assert_int_equal(at, nraw);
	assert_true(last > ((size_t)9 << 20));
	raw[last] = 0x0f;
	FILE *f = fopen(path, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(raw, 1, nraw, f), nraw);
	assert_int_equal(fclose(f), 0);
	struct rt_error from_file = { "" }, from_memory = { "" };
	assert_null(profile_read_file(path, NULL, &from_file));
	assert_null(profile_parse(raw, nraw, NULL, &from_memory));
	assert_string_equal(from_file.msg, from_memory.msg);
	assert_string_equal(from_file.msg, "parsing profile: unrecognized profile format");
	unlink(path);
	rmdir(dir);
	free(raw);
	free(gz);
	profile_free(p);
}

static void dash_is_stdio(void **state)
{
	(void)state;
	char path[] = "/tmp/rtprof-stdio-XXXXXX";
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	struct profile *p = tiny_rich();
	struct rt_error err = { "" };
	fflush(stdout);
	int saved_out = dup(1), saved_in = dup(0);
	assert_true(saved_out >= 0 && saved_in >= 0);
	assert_int_equal(dup2(fd, 1), 1);
	int rc = profile_write_file(p, "-", &err);
	fflush(stdout);
	assert_int_equal(dup2(saved_out, 1), 1);
	assert_int_equal(rc, 0);
	assert_int_equal(lseek(fd, 0, SEEK_SET), 0);
	assert_int_equal(dup2(fd, 0), 0);
	struct profile *q = profile_read_file("-", NULL, &err);
	assert_int_equal(dup2(saved_in, 0), 0);
	close(saved_in);
	close(saved_out);
	close(fd);
	unlink(path);
	if (!q)
		fail_msg("%s", err.msg);
	assert_equal_profiles(p, q);
	profile_free(q);
	profile_free(p);
}

static long peak_rss_mib(void)
{
	struct rusage ru;
	getrusage(RUSAGE_SELF, &ru);
	return ru.ru_maxrss / 1024;
}

/* A 512 MiB sparse file with max_file 1 MiB: refused with "file larger
 * than", without the process growing by the file's size (it used to read
 * the whole file before checking). */
static void max_file_refuses_early(void **state)
{
	(void)state;
	char path[] = "/tmp/rtprof-sparse-XXXXXX";
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	assert_int_equal(ftruncate(fd, (off_t)512 << 20), 0);
	close(fd);
	fflush(stdout);
	pid_t pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		struct profile_read_opts o = { .max_file = 1 << 20 };
		struct rt_error err = { "" };
		long before = peak_rss_mib();
		struct profile *p = profile_read_file(path, &o, &err);
		long grew = peak_rss_mib() - before;
		printf("512 MiB file, max_file 1 MiB: \"%s\", peak RSS grew %ld MiB\n",
		       p ? "(parsed)" : err.msg, grew);
		fflush(stdout);
		_exit(!p && strstr(err.msg, "file larger than") && grew < 64 ? 0 : 1);
	}
	int st;
	assert_int_equal(waitpid(pid, &st, 0), pid);
	unlink(path);
	assert_true(WIFEXITED(st));
	assert_int_equal(WEXITSTATUS(st), 0);
}

/* gz_inflate's cap: exact sizes pass, one byte more fails, growth past the
 * first guess works, and a cap of SIZE_MAX (max + 1 wrapped to 0 once: a
 * double free) is just "no cap". */
static void gz_caps(void **state)
{
	(void)state;
	uint8_t *z, *o;
	size_t zn, on;
	struct rt_error err = { "" };
	assert_int_equal(gz_deflate((const uint8_t *)"hello world", 11, &z, &zn, &err), 0);
	assert_int_equal(gz_inflate(z, zn, 11, &o, &on, &err), 0);
	assert_int_equal(on, 11);
	assert_memory_equal(o, "hello world", 11);
	free(o);
	assert_int_equal(gz_inflate(z, zn, 10, &o, &on, &err), -1);
	assert_non_null(strstr(err.msg, "decompressing profile: larger than"));
	assert_int_equal(gz_inflate(z, zn, SIZE_MAX, &o, &on, &err), 0);
	assert_int_equal(on, 11);
	free(o);
	free(z);
	/* 1 MiB of one byte: far more than 4 x the input + 4096. */
	uint8_t *big = malloc(1 << 20);
	assert_non_null(big);
	memset(big, 'a', 1 << 20);
	assert_int_equal(gz_deflate(big, 1 << 20, &z, &zn, &err), 0);
	assert_true(zn * 4 + 4096 < (1 << 20));
	assert_int_equal(gz_inflate(z, zn, 1 << 20, &o, &on, &err), 0);
	assert_int_equal(on, 1 << 20);
	assert_memory_equal(o, big, 1 << 20);
	free(o);
	assert_int_equal(gz_inflate(z, zn, (1 << 20) - 1, &o, &on, &err), -1);
	free(z);
	free(big);
}

/* ---- CheckValid ---- */

static void expect_invalid(struct profile *p, const char *msg)
{
	struct rt_error err = { "" };
	assert_int_equal(profile_check_valid(p, &err), -1);
	assert_string_equal(err.msg, msg);
	profile_free(p);
}

static struct profile *two_locations(uint64_t id1, uint64_t id2)
{
	static const char *types[] = { "cpu/nanoseconds" };
	struct profile *p = tiny_new(1, types);
	struct function *f = tiny_fn(p, 1, "f", "f.go");
	struct location *a = TINY_LOC(p, id1, f), *b = TINY_LOC(p, id2, f);
	assert_non_null(TINY_SAMPLE(p, ((int64_t[]){ 1 }), a, b));
	return p;
}

static void invalid_duplicate_location(void **state)
{
	(void)state;
	expect_invalid(two_locations(3, 3), "multiple locations with same id: 3");
}

static void invalid_location_id0(void **state)
{
	(void)state;
	expect_invalid(two_locations(1, 0), "found location with reserved id=0");
}

static void invalid_function_ids(void **state)
{
	(void)state;
	struct profile *p = two_locations(1, 2);
	assert_non_null(tiny_fn(p, 0, "g", "g.go"));
	expect_invalid(p, "found function with reserved ID=0");
	p = two_locations(1, 2);
	assert_non_null(tiny_fn(p, 1, "g", "g.go"));
	expect_invalid(p, "multiple functions with same id: 1");
}

static void invalid_mapping_ids(void **state)
{
	(void)state;
	struct profile *p = two_locations(1, 2);
	assert_non_null(profile_add_mapping(p, 0));
	expect_invalid(p, "found mapping with reserved ID=0");
	p = two_locations(1, 2);
	assert_non_null(profile_add_mapping(p, 8));
	assert_non_null(profile_add_mapping(p, 8));
	expect_invalid(p, "multiple mappings with same id: 8");
}

static void invalid_nil_function(void **state)
{
	(void)state;
	struct profile *p = two_locations(1, 5);
	p->locations[1]->lines[0].fn = NULL;
	expect_invalid(p, "location id: 5 has a line with nil function");
}

static void invalid_nil_location(void **state)
{
	(void)state;
	struct profile *p = two_locations(1, 2);
	sample_set_loc(p, &p->samples[0], 1, PROFILE_NO_SLOT);
	expect_invalid(p, "sample has nil location");
	p = two_locations(1, 2);
	sample_set_loc(p, &p->samples[0], 0, (uint32_t)p->n_locations);	/* one past the last */
	expect_invalid(p, "sample has nil location");
}

/* 16-bit frames: made only before the samples, read and written through
 * sample_loc and sample_set_loc, kept by a copy, and made 32 bits (the
 * slots kept) by the location that would take slot 0xffff. */
static void narrow_frames(void **state)
{
	(void)state;
	static const char *types[] = { "samples", "count" };
	struct profile *p = tiny_new(1, types);
	struct function *f = tiny_fn(p, 1, "main", "m.go");
	struct location *a = TINY_LOC(p, 1, f), *b = TINY_LOC(p, 2, f);
	assert_true(profile_narrow(p));
	assert_true(p->narrow);
	assert_non_null(TINY_SAMPLE(p, ((int64_t[]){ 3 }), b, a, b));
	struct sample *s = profile_add_sample(p, 2, 0);	/* frames unset */
	assert_non_null(s);
	assert_int_equal(sample_loc(p, s, 1), PROFILE_NO_SLOT);
	sample_set_loc(p, s, 0, a->slot);
	sample_set_loc(p, s, 1, b->slot);
	assert_int_equal(sample_frame_bytes(p, s), 4);
	struct rt_error err = { "" };
	assert_int_equal(profile_check_valid(p, &err), 0);

	struct profile *c = profile_copy(p);
	assert_non_null(c);
	assert_true(c->narrow);
	assert_equal_profiles(p, c);
	profile_free(c);

	/* Too late once there are samples. */
	struct profile *w = tiny_new(1, types);
	struct location *wl = TINY_LOC(w, 1, tiny_fn(w, 1, "main", "m.go"));
	assert_non_null(TINY_SAMPLE(w, ((int64_t[]){ 1 }), wl));
	assert_false(profile_narrow(w));
	assert_false(w->narrow);
	profile_free(w);

	/* Slots up to 0xfffe fit; the next location widens every sample. */
	uint32_t last_slot = 0;
	while (p->n_locations < PROFILE_NARROW_LOCATIONS) {
		struct location *l = profile_add_location(p, p->n_locations + 1, 1);
		assert_non_null(l);
		l->lines[0].fn = f;
		last_slot = l->slot;
	}
	assert_true(p->narrow);
	assert_int_equal(last_slot, 0xfffe);
	sample_set_loc(p, s, 1, last_slot);
	assert_int_equal(sample_loc(p, s, 1), 0xfffe);
	struct location *l = profile_add_location(p, p->n_locations + 1, 1);
	assert_non_null(l);
	l->lines[0].fn = f;
	assert_int_equal(l->slot, 0xffff);
	assert_false(p->narrow);
	assert_int_equal(sample_loc(p, &p->samples[0], 0), b->slot);
	assert_int_equal(sample_loc(p, &p->samples[0], 1), a->slot);
	assert_int_equal(sample_loc(p, &p->samples[0], 2), b->slot);
	assert_int_equal(sample_loc(p, s, 0), a->slot);
	assert_int_equal(sample_loc(p, s, 1), 0xfffe);
	sample_set_loc(p, s, 1, l->slot);
	assert_int_equal(sample_loc(p, s, 1), 0xffff);
	assert_int_equal(sample_frame_bytes(p, s), 8);
	assert_int_equal(profile_check_valid(p, &err), 0);
	assert_false(profile_narrow(p));
	profile_free(p);
}

/* A narrow profile keeps each type's values in 32 bits until one does
 * not fit: that type alone becomes 64 bits, every row kept; moving a
 * sample moves its values; the reader keeps what it read, big or not,
 * whichever sample brings the first big value. */
static void narrow_values(void **state)
{
	(void)state;
	static const char *types[] = { "samples/count", "cpu/nanoseconds", "alloc/bytes" };
	struct profile *p = tiny_new(3, types);
	struct location *a = TINY_LOC(p, 1, tiny_fn(p, 1, "main", "m.go"));
	profile_narrow_values(p);
	enum { N = 3000 };
	for (int64_t i = 0; i < N; i++)
		assert_non_null(TINY_SAMPLE(p, ((int64_t[]){ i, -i, INT32_MAX - i }), a));
	for (size_t i = 0; i < p->n_vcols; i++)
		assert_true(p->vcols[i].narrow);
	assert_int_equal(p->row_bytes, 12);
	const int64_t big = (int64_t)1 << 40;
	assert_int_equal(sample_set_value(p, &p->samples[N / 2], 1, -big), 0);
	assert_false(p->vcols[1].narrow);
	assert_true(p->vcols[0].narrow && p->vcols[2].narrow);
	assert_int_equal(p->row_bytes, 16);
	assert_int_equal(sample_set_value(p, &p->samples[N - 1], 2, big), 0);
	assert_int_equal(sample_set_value(p, &p->samples[0], 0, INT32_MIN), 0);
	assert_true(p->vcols[0].narrow);
	for (int64_t i = 0; i < N; i++) {
		const struct sample *s = &p->samples[i];
		assert_int_equal(sample_value(p, s, 0), i ? i : INT32_MIN);
		assert_int_equal(sample_value(p, s, 1), i == N / 2 ? -big : -i);
		assert_int_equal(sample_value(p, s, 2), i == N - 1 ? big : INT32_MAX - i);
	}
	profile_move_sample(p, 1, N / 2);
	assert_int_equal(sample_value(p, &p->samples[1], 1), -big);
	assert_int_equal(sample_value(p, &p->samples[1], 0), N / 2);
	/* the reader: the big values come late, in one type */
	struct profile *q = tiny_new(3, types);
	struct location *b = TINY_LOC(q, 1, tiny_fn(q, 1, "main", "m.go"));
	for (int64_t i = 0; i < N; i++)
		assert_non_null(TINY_SAMPLE(q, ((int64_t[]){ i, i * 10000000, i == N - 2 ? -big : i }), b));
	uint8_t *gz;
	size_t gn;
	struct rt_error err = { "" };
	assert_int_equal(profile_encode(q, &gz, &gn, &err), 0);
	struct profile *r = profile_parse(gz, gn, NULL, &err);
	if (!r)
		fail_msg("%s", err.msg);
	assert_true(r->vcols[0].narrow);
	assert_false(r->vcols[1].narrow);
	assert_false(r->vcols[2].narrow);
	assert_equal_profiles(q, r);
	free(gz);
	profile_free(r);
	profile_free(q);
	profile_free(p);
}

/* Samples with the same labels share one set: the reader interns them,
 * and profile_set_label and a merge make one new set per set. */
static void label_sets_shared(void **state)
{
	(void)state;
	static const char *types[] = { "samples/count" };
	struct profile *p = tiny_new(1, types);
	struct location *a = TINY_LOC(p, 1, tiny_fn(p, 1, "main", "m.go"));
	struct location *b = TINY_LOC(p, 2, tiny_fn(p, 2, "work", "m.go"));
	for (int i = 0; i < 100; i++) {
		struct sample *s = tiny_sample(p, (int64_t[]){ 1 + i }, 1, 2,
					       (struct location *[]){ i % 2 ? a : b, a });
		assert_non_null(s);
		assert_int_equal(tiny_label(p, s, 0, "worker", i % 3 ? "w1" : "w2", 0, NULL), 0);
	}
	uint8_t *gz;
	size_t gn;
	struct rt_error err = { "" };
	assert_int_equal(profile_encode(p, &gz, &gn, &err), 0);
	struct profile *r = profile_parse(gz, gn, NULL, &err);
	if (!r)
		fail_msg("%s", err.msg);
	assert_equal_profiles(p, r);
	assert_int_equal(r->n_lsets, 3);	/* the empty set, w1, w2 */
	assert_int_equal(profile_set_label(r, "pprof::base", "true"), 0);
	assert_int_equal(r->n_lsets, 5);
	for (size_t i = 0; i < r->n_samples; i++) {
		const struct sample *s = &r->samples[i];
		assert_int_equal(sample_n_labels(r, s), 2);
		assert_string_equal(sample_labels(r, s)[0].str, i % 3 ? "w1" : "w2");
		assert_string_equal(sample_labels(r, s)[1].key, "pprof::base");
	}
	struct profile *m = profile_merge(&r, 1, &err);
	assert_non_null(m);
	assert_int_equal(m->n_samples, 4);	/* two stacks by two label sets */
	profile_free(m);
	free(gz);
	profile_free(r);
	profile_free(p);
}

static void invalid_missing_sample_type(void **state)
{
	(void)state;
	struct profile *p = two_locations(1, 2);
	p->n_sample_types = 0;
	expect_invalid(p, "missing sample type information");
	/* ... but no samples and no types is a valid (empty) profile. */
	p = profile_new();
	struct rt_error err = { "" };
	assert_int_equal(profile_check_valid(p, &err), 0);
	profile_free(p);
}

/* The model fixes the value count per sample type, so the mismatch can only
 * come from the wire: hand-made bytes (see tests/profile/corpus/gen.py). */
static void invalid_value_count(void **state)
{
	(void)state;
	static const uint8_t pb[] = {
		0x0a, 0x04, 0x08, 0x01, 0x10, 0x02,	/* sample_type {1, 2} */
		0x12, 0x07, 0x0a, 0x01, 0x01,		/* sample {location_id [1] */
		0x12, 0x02, 0x0a, 0x14,			/*   value [10, 20]} */
		0x22, 0x06, 0x08, 0x01, 0x22, 0x02, 0x08, 0x01,	/* location */
		0x2a, 0x04, 0x08, 0x01, 0x10, 0x03,	/* function {1, name 3} */
		0x32, 0x00,
		0x32, 0x03, 'c', 'p', 'u',
		0x32, 0x0b, 'n', 'a', 'n', 'o', 's', 'e', 'c', 'o', 'n', 'd', 's',
		0x32, 0x04, 'm', 'a', 'i', 'n',
	};
	struct rt_error err = { "" };
	assert_null(profile_parse(pb, sizeof pb, NULL, &err));
	assert_string_equal(err.msg,
			    "malformed profile: mismatch: sample has 2 values vs. 1 types");
	/* The same bytes with value [10] parse. */
	uint8_t ok[sizeof pb - 1];
	memcpy(ok, pb, 13);
	ok[7] = 0x06;	/* sample length 7 -> 6 */
	ok[12] = 0x01;	/* value length 2 -> 1 */
	memcpy(ok + 13, pb + 13, 1);	/* 10 */
	memcpy(ok + 14, pb + 15, sizeof pb - 15);
	struct profile *p = profile_parse(ok, sizeof ok, NULL, &err);
	if (!p)
		fail_msg("%s", err.msg);
	assert_int_equal(sample_value(p, &p->samples[0], 0), 10);
	assert_string_equal(p->functions[0]->name, "main");
	profile_free(p);
}

/* ---- sample index (pprof's SampleIndexByName) ---- */

static struct profile *heap_types(void)
{
	static const char *types[] = { "alloc_objects/count", "alloc_space/bytes",
				       "objects/count", "space/bytes" };
	struct profile *p = tiny_new(4, types);
	assert_non_null(p);
	return p;
}

static void sample_index_rules(void **state)
{
	(void)state;
	struct profile *p = heap_types();
	struct rt_error err = { "" };
	assert_int_equal(profile_sample_index(p, "", &err), 3);	/* the last */
	assert_int_equal(profile_sample_index(p, NULL, &err), 3);
	p->default_sample_type = profile_str(p, "alloc_space");
	assert_int_equal(profile_sample_index(p, "", &err), 1);
	p->default_sample_type = profile_str(p, "no_such_type");
	assert_int_equal(profile_sample_index(p, "", &err), 3);
	assert_int_equal(profile_sample_index(p, "0", &err), 0);
	assert_int_equal(profile_sample_index(p, "3", &err), 3);
	assert_int_equal(profile_sample_index(p, "+2", &err), 2);	/* Atoi takes a sign */
	assert_int_equal(profile_sample_index(p, "alloc_objects", &err), 0);
	assert_int_equal(profile_sample_index(p, "space", &err), 3);
	/* "inuse_" is stripped for legacy names; exact names still win. */
	assert_int_equal(profile_sample_index(p, "inuse_space", &err), 3);
	assert_int_equal(profile_sample_index(p, "inuse_objects", &err), 2);
	profile_free(p);
}

static void sample_index_errors(void **state)
{
	(void)state;
	struct profile *p = heap_types();
	struct rt_error err = { "" };
	assert_int_equal(profile_sample_index(p, "4", &err), -1);
	assert_string_equal(err.msg, "sample_index 4 is outside the range [0..3]");
	assert_int_equal(profile_sample_index(p, "-1", &err), -1);
	assert_string_equal(err.msg, "sample_index -1 is outside the range [0..3]");
	assert_int_equal(profile_sample_index(p, "bogus", &err), -1);
	assert_string_equal(err.msg, "sample_index \"bogus\" must be one of: "
				     "[alloc_objects alloc_space objects space]");
	/* Not a number for Atoi (a space, a fraction): a name, so unknown. */
	assert_int_equal(profile_sample_index(p, "1.5", &err), -1);
	assert_string_equal(err.msg, "sample_index \"1.5\" must be one of: "
				     "[alloc_objects alloc_space objects space]");
	assert_int_equal(profile_sample_index(p, " 1", &err), -1);
	assert_int_equal(profile_sample_index(p, "inuse_bogus", &err), -1);
	assert_string_equal(err.msg, "sample_index \"inuse_bogus\" must be one of: "
				     "[alloc_objects alloc_space objects space]");
	profile_free(p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(builders_fill_defaults),
		cmocka_unit_test(roundtrip_gzip),
		cmocka_unit_test(roundtrip_plain),
		cmocka_unit_test(nul_in_strings),
		cmocka_unit_test(zero_numeric_label_dropped),
		cmocka_unit_test(write_and_read_file),
		cmocka_unit_test(big_file_read_as_memory),
		cmocka_unit_test(deflate_in_pieces),
		cmocka_unit_test(dash_is_stdio),
		cmocka_unit_test(gz_caps),
		cmocka_unit_test(max_file_refuses_early),
		cmocka_unit_test(invalid_duplicate_location),
		cmocka_unit_test(invalid_location_id0),
		cmocka_unit_test(invalid_function_ids),
		cmocka_unit_test(invalid_mapping_ids),
		cmocka_unit_test(invalid_nil_function),
		cmocka_unit_test(invalid_nil_location),
		cmocka_unit_test(narrow_frames),
		cmocka_unit_test(narrow_values),
		cmocka_unit_test(label_sets_shared),
		cmocka_unit_test(invalid_missing_sample_type),
		cmocka_unit_test(invalid_value_count),
		cmocka_unit_test(sample_index_rules),
		cmocka_unit_test(sample_index_errors),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
