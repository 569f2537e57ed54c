/* corpus_test: feeds every file of the malformed-profile corpus
 * (tests/profile/corpus, made by gen.py) to the reader, through
 * profile_read_file and through profile_parse on the same bytes, and checks
 * that each is refused with one non-empty line containing the expected text.
 * Also the cases that cannot be committed files: a directory, a missing file,
 * a huge max_file cap of 1 byte.  Run under ASan/UBSan, this is the proof
 * that bad input is an error and never a crash or a leak.
 * CORPUS_MANIFEST names the manifest; the known-bugs build of this file
 * reads KNOWN_BUGS instead and is an expected failure until they are fixed. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "profile/profile_io.h"

#ifndef CORPUS_MANIFEST
#define CORPUS_MANIFEST "MANIFEST"
#endif

static const char *corpus_dir = RT_SRCDIR "/tests/profile/corpus";
static int failures, cases;

/* Checks one outcome: expect "OK" means p must be a valid profile. */
static void check(const char *what, struct profile *p,
		  const struct rt_error *err, const char *expect)
{
	const char *why = NULL;
	struct rt_error verr = { "" };

	cases++;
	if (strcmp(expect, "OK") == 0) {
		if (!p)
			why = err->msg;
		else if (profile_check_valid(p, &verr) < 0)
			why = verr.msg;
	} else if (p) {
		why = "parsed, but must be refused";
	} else if (err->msg[0] == '\0') {
		why = "refused with an empty message";
	} else if (strchr(err->msg, '\n')) {
		why = "message is more than one line";
	} else if (!strstr(err->msg, expect)) {
		why = "message lacks the expected text";
	}
	if (why) {
		failures++;
		printf("FAIL %s: %s\n     expected: %s\n     got:      %s\n", what,
		       why, expect, p ? "(a profile)" : err->msg);
	} else {
		printf("ok   %s: %s\n", what, p ? "parsed" : err->msg);
	}
	profile_free(p);
}

static void run_file(const char *name, size_t cap_mib, const char *expect)
{
	char path[4096], what[700];
	struct profile_read_opts o = { .max_decompressed = cap_mib << 20 };
	struct rt_error err = { "" };
	uint8_t *buf;
	size_t n;

	snprintf(path, sizeof path, "%s/%s", corpus_dir, name);
	snprintf(what, sizeof what, "%s (cap %zu MiB, read_file)", name, cap_mib);
	check(what, profile_read_file(path, &o, &err), &err, expect);

	memset(&err, 0, sizeof err);
	snprintf(what, sizeof what, "%s (cap %zu MiB, parse)", name, cap_mib);
	if (profile_slurp(path, (size_t)1 << 30, &buf, &n, &err) < 0) {
		failures++;
		printf("FAIL %s: cannot read: %s\n", what, err.msg);
		return;
	}
	check(what, profile_parse(buf, n, &o, &err), &err, expect);
	free(buf);
}

/* Manifest lines: "FILE [CAP_MiB]\tEXPECTED"; '#' starts a comment. */
static int run_manifest(const char *manifest)
{
	char path[4096], line[1024];
	snprintf(path, sizeof path, "%s/%s", corpus_dir, manifest);
	FILE *f = fopen(path, "r");
	if (!f) {
		printf("FAIL cannot open %s: %s\n", path, strerror(errno));
		return -1;
	}
	while (fgets(line, sizeof line, f)) {
		line[strcspn(line, "\n")] = '\0';
		if (line[0] == '#' || line[0] == '\0')
			continue;
		char *tab = strchr(line, '\t');
		if (!tab) {
			printf("FAIL %s: bad line: %s\n", manifest, line);
			failures++;
			continue;
		}
		*tab = '\0';
		char name[512];
		size_t cap = 0;
		if (sscanf(line, "%511s %zu", name, &cap) < 1) {
			printf("FAIL %s: bad line: %s\n", manifest, line);
			failures++;
			continue;
		}
		run_file(name, cap, tab + 1);
	}
	fclose(f);
	return 0;
}

/* Cases made at run time: they are not files one can commit. */
static void run_fs_cases(void)
{
	char dir[] = "/tmp/rtprof-corpus-XXXXXX";
	struct rt_error err = { "" };
	struct profile_read_opts tiny = { .max_file = 16 };
	char path[4096];

	if (!mkdtemp(dir)) {
		failures++;
		printf("FAIL mkdtemp: %s\n", strerror(errno));
		return;
	}
	check("a directory", profile_read_file(dir, NULL, &err), &err,
	      "is a directory");
	snprintf(path, sizeof path, "%s/missing.pb.gz", dir);
	memset(&err, 0, sizeof err);
	check("a missing file", profile_read_file(path, NULL, &err), &err,
	      "No such file or directory");
	rmdir(dir);

	/* A file over max_file is refused before it is parsed. */
	snprintf(path, sizeof path, "%s/valid.pb.gz", corpus_dir);
	memset(&err, 0, sizeof err);
	check("max_file 16 bytes", profile_read_file(path, &tiny, &err), &err,
	      "file larger than");
}

int main(void)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (run_manifest(CORPUS_MANIFEST) < 0)
		return 1;
	if (strcmp(CORPUS_MANIFEST, "MANIFEST") == 0)
		run_fs_cases();
	printf("%d of %d corpus cases failed\n", failures, cases);
	return failures ? 1 : 0;
}
