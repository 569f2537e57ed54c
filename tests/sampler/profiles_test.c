/* The profiles the sampler hands out: CPU header fields as Go writes them
 * (so go tool pprof says Type: cpu), labels, symbolization with inline
 * chains and absolute source paths, the allocation profile with Go's
 * unsampling, the contention and block profiles, reset, and a round trip through the
 * .pb.gz writer and reader. */
#include <dlfcn.h>
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "base/rt_hooks.h"
#include "profile/profile_io.h"
#include "sampler/sampler.h"
#include "tests/sampler/workload.h"

static const struct function *find_function(const struct profile *p,
					    const char *name)
{
	for (size_t i = 0; i < p->n_functions; i++)
		if (!strcmp(p->functions[i]->name, name))
			return p->functions[i];
	return NULL;
}

static const char *label_of(const struct profile *p, const struct sample *s, const char *key)
{
	const struct label *l = sample_labels(p, s);
	for (uint32_t i = 0; i < sample_n_labels(p, s); i++)
		if (!strcmp(l[i].key, key))
			return l[i].str;
	return NULL;
}

static int64_t total(const struct profile *p, size_t k)
{
	int64_t t = 0;
	for (size_t i = 0; i < p->n_samples; i++)
		t += sample_value(p, &p->samples[i], k);
	return t;
}

/* Samples whose outermost frame is the thread's start routine (libc's
 * start_thread): whole stacks, symbolized down to libc. */
static int64_t rooted(const struct profile *p)
{
	int64_t n = 0;
	for (size_t i = 0; i < p->n_samples; i++) {
		const struct sample *s = &p->samples[i];
		const struct location *root = s->n_locs ? p->locations[sample_loc(p, s, s->n_locs - 1)] : NULL;
		if (root && root->n_lines &&
		    !strcmp(root->lines[root->n_lines - 1].fn->name, "start_thread"))
			n += sample_value(p, s, 0);
	}
	return n;
}

static int ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);
	return n >= m && !strcmp(s + n - m, suffix);
}

static void test_cpu_profile(void **state)
{
	struct rt_error err;
	(void)state;
	assert_int_equal(sampler_start(&(struct sampler_opts){ .hz = 200 }, &err), 0);
	workload_split(2, 0.5);
	struct profile *p = sampler_snapshot(0, SAMPLER_CPU, &err);
	assert_non_null(p);

	assert_int_equal(p->n_sample_types, 2);
	assert_string_equal(p->sample_types[0].type, "samples");
	assert_string_equal(p->sample_types[0].unit, "count");
	assert_string_equal(p->sample_types[1].type, "cpu");
	assert_string_equal(p->sample_types[1].unit, "nanoseconds");
	assert_string_equal(p->period_type.type, "cpu");
	assert_string_equal(p->period_type.unit, "nanoseconds");
	assert_int_equal(p->period, 5000000);
	assert_true(p->time_nanos > 1700000000LL * 1000000000LL);
	assert_true(p->duration_nanos > 0);
	assert_true(total(p, 0) > 50);
	/* A signal stands for 1 + its overruns periods of CPU time. */
	assert_true(total(p, 1) >= total(p, 0) * 5000000);
	assert_int_equal(total(p, 1) % 5000000, 0);
	assert_int_equal(profile_check_valid(p, &err), 0);

	/* Labels from rt_thread_enter and rt_label_set. */
	int labelled = 0;
	for (size_t i = 0; i < p->n_samples; i++) {
		const char *w = label_of(p, &p->samples[i], "worker");
		const char *j = label_of(p, &p->samples[i], "job");
		labelled += w && (!strcmp(w, "0") || !strcmp(w, "1")) && j &&
			    !strcmp(j, "split");
	}
	assert_true(labelled > 0);

	/* Functions: absolute DWARF paths and start lines, so list works. */
	const struct function *f = find_function(p, "burn_70");
	assert_non_null(f);
	assert_true(f->filename[0] == '/');
	assert_true(ends_with(f->filename, "tests/sampler/workload.c"));
	assert_true(f->start_line > 0);
	assert_true(access(f->filename, R_OK) == 0);

	/* spin is inlined into burn_*: one location, two lines, innermost first. */
	int inlined = 0;
	for (size_t i = 0; i < p->n_locations; i++) {
		const struct location *l = p->locations[i];
		if (l->n_lines == 2 && !strcmp(l->lines[0].fn->name, "spin") &&
		    !strncmp(l->lines[1].fn->name, "burn_", 5)) {
			assert_true(l->lines[1].line > l->lines[1].fn->start_line);
			assert_non_null(l->mapping);
			inlined++;
		}
	}
	assert_true(inlined > 0);

	/* The caller of the frameless leaf is found: burn_70 <- split_thread,
	 * and whole stacks reach the thread's start routine (not under TSan,
	 * whose late signals find the interrupted frames gone: workload.h). */
	int called = 0;
	for (size_t i = 0; i < p->n_samples; i++) {
		const struct sample *s = &p->samples[i];
		const struct location *caller = s->n_locs >= 2 ? p->locations[sample_loc(p, s, 1)] : NULL;
		if (caller && p->locations[sample_loc(p, s, 0)]->n_lines == 2 &&
		    !strcmp(caller->lines[caller->n_lines - 1].fn->name,
			    "split_thread"))
			called += (int)sample_value(p, s, 0);
	}
	if (!WORKLOAD_TSAN) {
		assert_true(called > total(p, 0) / 2);
		assert_true(rooted(p) >= total(p, 0) * 9 / 10);
	}

	/* Round trip through the writer and the reader. */
	char path[] = "/tmp/rtprof-sampler-XXXXXX";
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	close(fd);
	assert_int_equal(profile_write_file(p, path, &err), 0);
	struct profile *q = profile_read_file(path, NULL, &err);
	unlink(path);
	assert_non_null(q);
	assert_int_equal(q->n_samples, p->n_samples);
	assert_int_equal(total(q, 1), total(p, 1));
	assert_int_equal(q->period, p->period);
	assert_string_equal(q->period_type.type, "cpu");
	profile_free(q);
	profile_free(p);

	/* Reset forgets the samples. */
	sampler_reset();
	p = sampler_snapshot(0, SAMPLER_CPU, &err);
	assert_non_null(p);
	assert_int_equal(p->n_samples, 0);
	profile_free(p);
	sampler_stop();
}

static int64_t snapshot_total(int window)
{
	struct rt_error err;
	struct profile *p = sampler_snapshot(window, SAMPLER_CPU, &err);
	assert_non_null(p);
	int64_t t = total(p, 0);
	if (window > 0)	/* the span covers the window, not more */
		assert_true(p->duration_nanos <= (int64_t)window * 1000000000 + 100000000);
	profile_free(p);
	return t;
}

/* libelf maps an object's whole ELF image (writable, no code) while it
 * symbolizes it, so /proc/self/maps can list a file twice.  Such an image
 * placed right below the loaded copy, with no other file between them (as
 * under ASan, whose regions are anonymous), reads as that object's first
 * segment: it must not move the object.  The test program's own image goes
 * right below it, and its functions must still resolve, whole stacks too. */
static void test_image_mapped_below_object(void **state)
{
	struct rt_error err;
	Dl_info info;
	struct stat st;
	(void)state;
	assert_true(dladdr((void *)burn_70, &info) && info.dli_fbase);
	int fd = open("/proc/self/exe", O_RDONLY);
	assert_true(fd >= 0);
	assert_int_equal(fstat(fd, &st), 0);
	size_t page = (size_t)sysconf(_SC_PAGESIZE);
	size_t len = ((size_t)st.st_size + page - 1) & ~(page - 1);
	char *want = (char *)info.dli_fbase - len;
	void *image = mmap(want, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_FIXED_NOREPLACE, fd, 0);
	close(fd);
	if (image != want)
		fail_msg("cannot map the image right below the program at %p", (void *)want);

	assert_int_equal(sampler_start(&(struct sampler_opts){ .hz = 250 }, &err), 0);
	workload_split(1, 0.3);
	struct profile *p = sampler_snapshot(0, SAMPLER_CPU, &err);
	munmap(image, len);
	assert_non_null(p);
	assert_true(total(p, 0) > 0);
	assert_non_null(find_function(p, "burn_70"));
	if (!WORKLOAD_TSAN)
		assert_true(rooted(p) >= total(p, 0) * 9 / 10);
	profile_free(p);
}

/* sampler_stop frees the symbol caches and keeps the data: a snapshot
 * after it still names the functions and carries the labels. */
static void test_snapshot_after_stop(void **state)
{
	struct rt_error err;
	int labelled = 0;
	(void)state;
	assert_int_equal(sampler_start(&(struct sampler_opts){ .hz = 250 }, &err), 0);
	workload_split(1, 0.3);
	sampler_stop();
	struct profile *p = sampler_snapshot(0, SAMPLER_CPU, &err);
	assert_non_null(p);
	assert_true(total(p, 0) > 0);
	assert_non_null(find_function(p, "burn_70"));
	for (size_t i = 0; i < p->n_samples; i++)
		labelled += label_of(p, &p->samples[i], "worker") != NULL;
	assert_true(labelled > 0);
	profile_free(p);
}

/* Sleeps until `seconds` have passed on the monotonic clock since `from`
 * (a signal cutting nanosleep short does not shorten the wait). */
static void wait_until(double from, double seconds)
{
	double left;
	while ((left = from + seconds - workload_wall()) > 0) {
		struct timespec ts = { (time_t)left, (long)((left - (time_t)left) * 1e9) };
		nanosleep(&ts, NULL);
	}
}

/* Per-second buckets: a window leaves out samples older than it.  The
 * samples must be at least 2.2 s old: a minimum, which a slow machine
 * only lengthens, never a wait for something to happen. */
static void test_window(void **state)
{
	struct rt_error err;
	(void)state;
	assert_int_equal(sampler_start(&(struct sampler_opts){ .hz = 250 }, &err), 0);
	workload_split(1, 0.2);
	wait_until(workload_wall(), 2.2);
	int64_t a = snapshot_total(0);
	assert_true(a > 0);
	assert_int_equal(snapshot_total(1), 0);	/* all of it 2.2 s ago */
	workload_split(1, 0.2);
	int64_t all = snapshot_total(0);
	int64_t recent = snapshot_total(2);	/* the second burn, not the first */
	assert_true(all > a);
	assert_true(recent > 0 && recent <= all - a);
	sampler_stop();
}

static void test_alloc_every_allocation(void **state)
{
	struct rt_error err;
	(void)state;
	/* Rate 1 samples every allocation: exact counts, no unsampling. */
	assert_int_equal(sampler_start(&(struct sampler_opts){ .alloc_rate = 1 }, &err), 0);
	void **v = alloc_outer(100, 1000);
	assert_non_null(v);
	for (int i = 0; i < 40; i++)
		rt_free(v[i], 1000);
	struct profile *p = sampler_snapshot(0, SAMPLER_ALLOC, &err);
	assert_non_null(p);
	assert_int_equal(p->n_sample_types, 4);
	assert_string_equal(p->sample_types[0].type, "alloc_objects");
	assert_string_equal(p->sample_types[3].type, "inuse_space");
	assert_string_equal(p->period_type.type, "space");
	assert_int_equal(p->period, 1);
	assert_int_equal(total(p, 0), 100);
	assert_int_equal(total(p, 1), 100000);
	assert_int_equal(total(p, 2), 60);
	assert_int_equal(total(p, 3), 60000);
	/* rt_alloc is trimmed: the leaf is the inlined helper in alloc_outer. */
	for (size_t i = 0; i < p->n_samples; i++) {
		const struct location *l = p->locations[sample_loc(p, &p->samples[i], 0)];
		assert_int_equal(l->n_lines, 2);
		assert_string_equal(l->lines[0].fn->name, "alloc_inline");
		assert_string_equal(l->lines[1].fn->name, "alloc_outer");
	}
	profile_free(p);
	/* Paused: no new samples, but frees of sampled objects still count. */
	sampler_pause();
	void **w = alloc_outer(10, 1000);
	for (int i = 40; i < 100; i++)
		rt_free(v[i], 1000);
	free(v);
	sampler_resume();
	p = sampler_snapshot(0, SAMPLER_ALLOC, &err);
	assert_int_equal(total(p, 2), 0);
	assert_int_equal(total(p, 3), 0);
	assert_int_equal(total(p, 0), 100);
	profile_free(p);
	for (int i = 0; i < 10; i++)
		rt_free(w[i], 1000);
	free(w);
	sampler_stop();
}

static void test_alloc_unsampled_total(void **state)
{
	struct rt_error err;
	const int64_t n = 20000, size = 10000;
	(void)state;
	/* Default rate (512 KiB): ~380 samples of 200 MB; Go's scaling must
	 * give the true total back within 20% (4 standard deviations). */
	assert_int_equal(sampler_start(NULL, &err), 0);
	for (int64_t i = 0; i < n; i++)
		rt_free(rt_alloc((size_t)size), (size_t)size);
	struct profile *p = sampler_snapshot(0, SAMPLER_ALLOC, &err);
	assert_non_null(p);
	assert_int_equal(p->period, 512 * 1024);
	double space = (double)total(p, 1), objects = (double)total(p, 0);
	printf("# alloc_space %.0f of %lld, alloc_objects %.0f of %lld\n", space,
	       (long long)(n * size), objects, (long long)n);
	assert_true(space > 0.8 * (double)(n * size) && space < 1.2 * (double)(n * size));
	assert_true(objects > 0.8 * (double)n && objects < 1.2 * (double)n);
	assert_int_equal(total(p, 3), 0);
	struct sampler_stats st;
	sampler_stats(&st);
	assert_true(st.alloc_sampled > 200 && st.alloc_sampled < 600);
	profile_free(p);
	sampler_stop();
}

static void test_mutex_profile(void **state)
{
	struct rt_error err;
	(void)state;
	struct sampler_stats st;
	assert_int_equal(sampler_start(NULL, &err), 0);
	/* Rounds of 0.3 s until a lock was contended: a loaded machine may
	 * run the four threads one after another for a while. */
	double t0 = workload_wall();
	do {
		workload_contend(4, 0.3);
		sampler_stats(&st);
	} while (st.contentions == 0 && workload_wall() - t0 < 60);
	struct profile *p = sampler_snapshot(0, SAMPLER_MUTEX, &err);
	assert_non_null(p);
	assert_string_equal(p->sample_types[0].type, "contentions");
	assert_string_equal(p->sample_types[1].type, "delay");
	assert_string_equal(p->sample_types[1].unit, "nanoseconds");
	assert_true(total(p, 0) > 0);
	assert_true(total(p, 1) > 0);
	int in_hold = 0;
	for (size_t i = 0; i < p->n_samples; i++)
		for (uint32_t j = 0; j < p->samples[i].n_locs; j++) {
			const struct location *l = p->locations[sample_loc(p, &p->samples[i], j)];
			in_hold += l->n_lines &&
				   !strcmp(l->lines[l->n_lines - 1].fn->name, "hold_lock");
		}
	assert_true(in_hold > 0);
	sampler_stats(&st);
	assert_int_equal((int64_t)st.contentions, total(p, 0));
	profile_free(p);
	sampler_stop();
}

/* The samples whose leaf is the function leaf and whose stack holds
 * caller: their contentions (*count) and delay. */
static int64_t delay_at(const struct profile *p, const char *leaf,
			const char *caller, int64_t *count)
{
	int64_t delay = 0;
	*count = 0;
	for (size_t i = 0; i < p->n_samples; i++) {
		const struct sample *s = &p->samples[i];
		if (!s->n_locs || !p->locations[sample_loc(p, s, 0)]->n_lines ||
		    strcmp(p->locations[sample_loc(p, s, 0)]->lines[0].fn->name, leaf))
			continue;
		int found = 0;
		for (uint32_t j = 0; j < s->n_locs && !found; j++)
			for (uint32_t k = 0; k < p->locations[sample_loc(p, s, j)]->n_lines; k++)
				found |= !strcmp(p->locations[sample_loc(p, s, j)]->lines[k].fn->name, caller);
		if (found) {
			*count += sample_value(p, s, 0);
			delay += sample_value(p, s, 1);
		}
	}
	return delay;
}

/* A thread waits ~50 ms on a condition, another ~50 ms in a join: both
 * waits are in the block profile with about that delay, under the waiting
 * function, with Go's block profile header. */
static void test_block_profile(void **state)
{
	struct rt_error err;
	struct sampler_stats st;
	double resumed, woke;
	int64_t n;
	(void)state;
	assert_int_equal(sampler_start(NULL, &err), 0);
	workload_block(50, 0, &resumed, &woke);
	struct profile *p = sampler_snapshot(0, SAMPLER_BLOCK, &err);
	assert_non_null(p);
	assert_int_equal(p->n_sample_types, 2);
	assert_string_equal(p->sample_types[0].type, "contentions");
	assert_string_equal(p->sample_types[0].unit, "count");
	assert_string_equal(p->sample_types[1].type, "delay");
	assert_string_equal(p->sample_types[1].unit, "nanoseconds");
	assert_string_equal(p->period_type.type, "contentions");
	assert_string_equal(p->period_type.unit, "count");
	assert_int_equal(p->period, 1);
	int64_t d = delay_at(p, "rt_cond_wait", "wait_on_cond", &n);
	assert_int_equal(n, 1);
	assert_true(d >= 45000000);
	/* it began waiting just before `resumed` was read */
	assert_true(d <= (int64_t)((woke - resumed) * 1e9) + 500000000);
	d = delay_at(p, "rt_thread_join", "join_sleeper", &n);
	assert_int_equal(n, 1);
	assert_true(d >= 25000000);
	assert_true(d < 5000000000LL);
	sampler_stats(&st);
	assert_int_equal((int64_t)st.blocked, total(p, 0));
	profile_free(p);
	sampler_stop();
}

/* Off (no_block), the waits are not timed. */
static void test_block_off(void **state)
{
	struct rt_error err;
	struct sampler_stats st;
	double resumed, woke;
	(void)state;
	assert_int_equal(sampler_start(&(struct sampler_opts){ .no_block = true }, &err), 0);
	workload_block(20, 0, &resumed, &woke);
	struct profile *p = sampler_snapshot(0, SAMPLER_BLOCK, &err);
	assert_non_null(p);
	assert_int_equal(total(p, 0), 0);
	sampler_stats(&st);
	assert_int_equal((int64_t)st.blocked, 0);
	profile_free(p);
	sampler_stop();
}

/* A wait that spans a pause counts from the resume: 200 ms paused, then
 * 50 ms; the recorded delay is the 50 ms, not 250. */
static void test_block_pause_clips(void **state)
{
	struct rt_error err;
	double resumed, woke;
	int64_t n;
	(void)state;
	assert_int_equal(sampler_start(NULL, &err), 0);
	workload_block(50, 200, &resumed, &woke);
	struct profile *p = sampler_snapshot(0, SAMPLER_BLOCK, &err);
	assert_non_null(p);
	int64_t d = delay_at(p, "rt_cond_wait", "wait_on_cond", &n);
	assert_int_equal(n, 1);
	assert_true(d >= 45000000);
	assert_true(d <= (int64_t)((woke - resumed) * 1e9) + 1000000);
	profile_free(p);
	sampler_stop();
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_teardown(test_cpu_profile, workload_stop_sampler),
		cmocka_unit_test_teardown(test_image_mapped_below_object, workload_stop_sampler),
		cmocka_unit_test_teardown(test_snapshot_after_stop, workload_stop_sampler),
		cmocka_unit_test_teardown(test_window, workload_stop_sampler),
		cmocka_unit_test_teardown(test_alloc_every_allocation, workload_stop_sampler),
		cmocka_unit_test_teardown(test_alloc_unsampled_total, workload_stop_sampler),
		cmocka_unit_test_teardown(test_mutex_profile, workload_stop_sampler),
		cmocka_unit_test_teardown(test_block_profile, workload_stop_sampler),
		cmocka_unit_test_teardown(test_block_off, workload_stop_sampler),
		cmocka_unit_test_teardown(test_block_pause_clips, workload_stop_sampler),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
