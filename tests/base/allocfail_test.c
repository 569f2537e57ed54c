/* allocfail_test: fails the n-th allocation of rtprof's own code, for
 * every n, along reading a profile and producing each report, and along
 * loading a scene: each run must end in a clean error (or succeed when
 * the failure was survivable), never crash; under LeakSanitizer nothing
 * may leak.  malloc, calloc and realloc are wrapped at link time
 * (-Wl,--wrap), so only the project's calls fail, not libc's or the
 * libraries' own. */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "profile/profile_io.h"
#include "render/scene.h"
#include "report/report.h"
#include "tests/report/every_report.h"

void *__real_malloc(size_t n);
void *__real_calloc(size_t n, size_t m);
void *__real_realloc(void *p, size_t n);

static long fail_at = -1;	/* the allocation to fail; -1: none */
static long count;		/* allocations since the run began */
static bool failed;		/* this run's failure happened */

static bool fail_now(void)
{
	if (fail_at >= 0 && count++ == fail_at) {
		failed = true;
		return true;
	}
	return false;
}

void *__wrap_malloc(size_t n)
{
	return fail_now() ? NULL : __real_malloc(n);
}

void *__wrap_calloc(size_t n, size_t m)
{
	return fail_now() ? NULL : __real_calloc(n, m);
}

void *__wrap_realloc(void *p, size_t n)
{
	return fail_now() ? NULL : __real_realloc(p, n);
}

static uint8_t *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	uint8_t *buf = __real_malloc(1 << 20);
	*len = buf ? fread(buf, 1, 1 << 20, f) : 0;
	fclose(f);
	return buf;
}


/* One run of a report over the profile in data; true when it succeeded. */
static bool run_report(const uint8_t *data, size_t len, size_t r)
{
	struct rt_error err;
	struct profile *p = profile_parse(data, len, NULL, &err);
	if (!p)
		return false;
	struct report_config cfg;
	report_config_default(&cfg);
	cfg.source_path = "/nonexistent";
	struct sbuf out, warn;
	sbuf_init(&out);
	sbuf_init(&warn);
	const struct every_report *e = &every_report[r];
	int rc = report_generate(p, e->cmd, e->name, e->regex, &cfg, &out, &warn, NULL, &err);
	bool ok = rc == 0 && !out.oom;
	sbuf_free(&out);
	sbuf_free(&warn);
	profile_free(p);
	return ok;
}

static bool run_scene(const char *path)
{
	struct scene sc;
	struct rt_error err;
	if (scene_load(&sc, path, &err) < 0)
		return false;
	scene_free(&sc);
	return true;
}

/* Fails allocation 0, 1, 2, ... of what (a report, or the scene when r
 * is -1) until a run makes fewer allocations than the one failed. */
static long every_failure(const char *what, const uint8_t *data, size_t len, long r,
			  const char *scene)
{
	long n;
	for (n = 0;; n++) {
		fail_at = n;
		count = 0;
		failed = false;
		if (r >= 0)
			run_report(data, len, (size_t)r);
		else
			run_scene(scene);
		if (!failed)
			break;
	}
	fail_at = -1;
	printf("%-10s %ld allocations, each failed once: no crash\n", what, n);
	return n;
}

int main(void)
{
	const char *src = getenv("srcdir") ? getenv("srcdir") : ".";
	char path[4096];
	snprintf(path, sizeof path, "%s/tests/golden/profiles/cpu.pb.gz", src);
	size_t len;
	uint8_t *data = slurp(path, &len);
	if (!data) {
		perror(path);
		return 1;
	}
	/* Sanity: without failures every report succeeds. */
	for (size_t r = 0; r < EVERY_REPORT_N; r++)
		if (!run_report(data, len, r)) {
			printf("FAIL: %s does not succeed without failures\n", every_report[r].name);
			return 1;
		}
	for (size_t r = 0; r < EVERY_REPORT_N; r++)
		if (every_failure(every_report[r].name, data, len, (long)r, NULL) == 0) {
			printf("FAIL: %s made no allocation\n", every_report[r].name);
			return 1;
		}
	snprintf(path, sizeof path, "%s/scenes/cpuloader.yaml", src);
	if (!run_scene(path) || every_failure("scene", NULL, 0, -1, path) == 0) {
		printf("FAIL: %s does not load\n", path);
		return 1;
	}
	free(data);
	return 0;
}
