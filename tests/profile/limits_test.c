/* limits_test: memory follows what a profile keeps, not what it claims.
 * A 32 KB .pb.gz whose one sample lists 32M location ids (32 MiB once
 * inflated) must be refused by the locations-per-sample limit before
 * anything of that size is allocated (it once peaked at 1 GB), and the
 * samples-per-profile limit must refuse one sample too many and accept
 * exactly the limit.  Profiles are built here, byte by byte. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "base/sbuf.h"
#include "profile/profile_io.h"

#define DEEP_IDS ((size_t)32 << 20)
#define RSS_LIMIT_MIB 64

static void varint(struct sbuf *b, uint64_t v)
{
	unsigned char c[10];
	size_t n = 0;
	while (v >= 0x80) {
		c[n++] = (unsigned char)(v | 0x80);
		v >>= 7;
	}
	c[n++] = (unsigned char)v;
	sbuf_add(b, c, n);
}

static void field(struct sbuf *b, unsigned f, const struct sbuf *msg)
{
	varint(b, (uint64_t)f << 3 | 2);
	varint(b, msg->len);
	sbuf_add(b, msg->data, msg->len);
}

/* A profile with n_samples samples (values {1}), each with n_ids times
 * the location id 1, one location, type samples/count. */
static void build(struct sbuf *out, size_t n_samples, size_t n_ids)
{
	struct sbuf vt, s, loc, str;
	sbuf_init(&vt);
	sbuf_init(&s);
	sbuf_init(&loc);
	sbuf_init(&str);
	sbuf_reset(out);
	varint(&vt, 1 << 3);
	varint(&vt, 1);
	varint(&vt, 2 << 3);
	varint(&vt, 2);
	field(out, 1, &vt);
	varint(&s, 1 << 3 | 2);	/* packed location ids */
	varint(&s, n_ids);
	for (size_t i = 0; i < n_ids; i++)
		sbuf_add(&s, "\x01", 1);
	varint(&s, 2 << 3);	/* one value */
	varint(&s, 1);
	for (size_t i = 0; i < n_samples; i++)
		field(out, 2, &s);
	varint(&loc, 1 << 3);
	varint(&loc, 1);
	field(out, 4, &loc);
	const char *strs[] = { "", "samples", "count" };
	for (size_t i = 0; i < 3; i++) {
		sbuf_reset(&str);
		sbuf_add(&str, strs[i], strlen(strs[i]));
		field(out, 6, &str);
	}
	sbuf_free(&vt);
	sbuf_free(&s);
	sbuf_free(&loc);
	sbuf_free(&str);
}

static int expect(const char *what, struct profile *p, const struct rt_error *err,
		  const char *want)
{
	if (!want) {
		if (!p) {
			printf("FAIL %s: refused: %s\n", what, err->msg);
			return 1;
		}
		printf("ok   %s: accepted, %zu samples\n", what, p->n_samples);
		profile_free(p);
		return 0;
	}
	if (p) {
		printf("FAIL %s: accepted, expected \"%s\"\n", what, want);
		profile_free(p);
		return 1;
	}
	if (!strstr(err->msg, want)) {
		printf("FAIL %s: got \"%s\", expected \"%s\"\n", what, err->msg, want);
		return 1;
	}
	printf("ok   %s: %s\n", what, err->msg);
	return 0;
}

/* VmHWM, the peak resident size so far, in KiB. */
static long peak_kib(void)
{
	FILE *f = fopen("/proc/self/status", "r");
	char line[256];
	long kib = -1;
	while (f && fgets(line, sizeof line, f))
		if (sscanf(line, "VmHWM: %ld kB", &kib) == 1)
			break;
	if (f)
		fclose(f);
	return kib;
}

/* In a child, so its peak RSS is its own.  The profile is laid out in a
 * buffer of its exact size (no doubling), and the peak measured before
 * and after parsing: what reading it costs, sanitizers or not. */
static int deep_child(void)
{
	struct sbuf head, tail, len;
	struct rt_error err = { "" };
	sbuf_init(&head);
	sbuf_init(&tail);
	sbuf_init(&len);
	build(&head, 0, 0);	/* types, location, strings: no sample */
	/* the sample: packed ids (32M times id 1), then one value */
	varint(&tail, 2 << 3);
	varint(&tail, 1);
	varint(&len, 1 << 3 | 2);
	varint(&len, DEEP_IDS);
	size_t body = len.len + DEEP_IDS + tail.len;
	struct sbuf key;
	sbuf_init(&key);
	varint(&key, 2 << 3 | 2);
	varint(&key, body);
	size_t total = head.len + key.len + body;
	uint8_t *buf = malloc(total), *w = buf;
	if (!buf)
		return 1;
	memcpy(w, head.data, head.len);
	w += head.len;
	memcpy(w, key.data, key.len);
	w += key.len;
	memcpy(w, len.data, len.len);
	w += len.len;
	memset(w, 1, DEEP_IDS);
	w += DEEP_IDS;
	memcpy(w, tail.data, tail.len);
	long before = peak_kib();
	struct profile *p = profile_parse(buf, total, NULL, &err);
	long after = peak_kib();
	free(buf);
	int rc = expect("32M ids in one sample", p, &err,
			"sample 1 has 33554432 locations, more than the limit of 65536 "
			"(-max_sample_locations)");
	long mib = (after - before) / 1024;
	printf("%s reading it raised the peak RSS by %ld MiB (limit %d MiB; the "
	       "profile is 32 MiB)\n", mib < RSS_LIMIT_MIB ? "ok  " : "FAIL", mib,
	       RSS_LIMIT_MIB);
	sbuf_free(&head);
	sbuf_free(&tail);
	sbuf_free(&len);
	sbuf_free(&key);
	return rc || before < 0 || mib >= RSS_LIMIT_MIB;
}

int main(void)
{
	struct sbuf b;
	struct rt_error err = { "" };
	int fails = 0;

	setvbuf(stdout, NULL, _IOLBF, 0);
	fflush(stdout);
	pid_t pid = fork();
	if (pid < 0)
		return 1;
	if (pid == 0)
		_exit(deep_child());
	int st;
	if (waitpid(pid, &st, 0) < 0 || !WIFEXITED(st) || WEXITSTATUS(st)) {
		printf("FAIL: the deep sample's child (status %d)\n", st);
		fails++;
	}

	sbuf_init(&b);
	struct profile_read_opts o = { .max_samples = 10, .max_sample_locations = 4 };
	build(&b, 11, 3);
	fails += expect("11 samples, limit 10", profile_parse((const uint8_t *)b.data, b.len,
							      &o, &err), &err,
			"11 samples, more than the limit of 10 (-max_samples)");
	build(&b, 10, 4);
	fails += expect("10 samples of 4 ids, limits 10 and 4",
			profile_parse((const uint8_t *)b.data, b.len, &o, &err), &err, NULL);
	build(&b, 2, 5);
	fails += expect("5 ids, limit 4", profile_parse((const uint8_t *)b.data, b.len, &o, &err),
			&err, "sample 1 has 5 locations, more than the limit of 4");
	sbuf_free(&b);
	return fails != 0;
}
