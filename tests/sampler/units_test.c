/* Units of src/sampler: the SPSC ring, the stack table and its windows
 * (exact sums after folding, memory bounded by the stacks), label sets and
 * the bounded frame-pointer walk. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "sampler/fpwalk.h"
#include "sampler/labelset.h"
#include "sampler/ring.h"
#include "sampler/sampler.h"
#include "sampler/stacktab.h"

static void test_ring_fifo_and_drops(void **state)
{
	struct ring r;
	(void)state;
	assert_int_equal(ring_init(&r, 3), 0);	/* rounded up to 4 */
	for (int i = 0; i < 4; i++) {
		struct ring_rec *rec = ring_reserve(&r, 1);
		assert_non_null(rec);
		rec->n = (uint32_t)i;
		ring_commit(&r);
	}
	assert_null(ring_reserve(&r, 1));
	assert_null(ring_reserve(&r, 1));
	assert_int_equal(ring_drops(&r), 2);
	for (uint32_t i = 0; i < 4; i++) {
		const struct ring_rec *rec = ring_peek(&r);
		assert_non_null(rec);
		assert_int_equal(rec->n, i);
		ring_pop(&r);
	}
	assert_null(ring_peek(&r));
	assert_non_null(ring_reserve(&r, 1));	/* room again after the pops */
	ring_free(&r);
}

/* The row of stack idx in a copy (rows are the stacks with values), or a
 * row of zeros when it has none. */
static const struct stacktab_row *row_of(const struct stacktab *t, const struct stacktab_copy *c,
					 int64_t idx)
{
	static const struct stacktab_row none;
	const struct stacktab_entry *e = &t->entries[idx];
	for (size_t i = 0; i < c->n; i++)
		if (c->rows[i].n == e->n && c->rows[i].labels == e->labels &&
		    !memcmp(c->rows[i].pcs, e->pcs, e->n * sizeof *e->pcs))
			return &c->rows[i];
	return &none;
}

static void test_stacktab_intern_and_windows(void **state)
{
	struct stacktab t;
	struct stacktab_copy c;
	uint64_t a[] = { 10, 20, 30 }, b[] = { 10, 20 };
	int64_t one[2] = { 1, 100 };
	(void)state;

	assert_int_equal(stacktab_init(&t, 2), 0);
	int64_t ia = stacktab_intern(&t, a, 3, 0);
	int64_t ib = stacktab_intern(&t, b, 2, 0);
	int64_t ial = stacktab_intern(&t, a, 3, 7);	/* other labels: other stack */
	assert_true(ia >= 0 && ib >= 0 && ial >= 0);
	assert_int_not_equal(ia, ib);
	assert_int_not_equal(ia, ial);
	assert_int_equal(stacktab_intern(&t, a, 3, 0), ia);
	stacktab_add(&t, (uint32_t)ia, 0, one);
	stacktab_add(&t, (uint32_t)ia, 5, one);
	stacktab_add(&t, (uint32_t)ia, 5, one);
	stacktab_add(&t, (uint32_t)ib, 9, one);

	assert_int_equal(stacktab_snapshot(&t, 9, 0, &c), 0);
	assert_int_equal(c.n, 2);	/* ial has no values: no row */
	assert_int_equal(row_of(&t, &c, ia)->win[0], 3);
	assert_int_equal(row_of(&t, &c, ia)->win[1], 300);
	assert_memory_equal(row_of(&t, &c, ia)->pcs, a, sizeof a);
	assert_int_equal(c.window, 0);
	stacktab_copy_free(&c);

	/* Seconds (4, 9]: stack a twice at second 5, b once. */
	assert_int_equal(stacktab_snapshot(&t, 9, 5, &c), 0);
	assert_int_equal(row_of(&t, &c, ia)->win[0], 2);
	assert_int_equal(row_of(&t, &c, ia)->total[0], 3);
	assert_int_equal(row_of(&t, &c, ib)->win[0], 1);
	stacktab_copy_free(&c);

	/* A second far later reuses the bucket of second 5 (mod history). */
	stacktab_add(&t, (uint32_t)ib, 5 + STACKTAB_HISTORY, one);
	assert_int_equal(stacktab_snapshot(&t, 5 + STACKTAB_HISTORY, 1, &c), 0);
	assert_int_equal(row_of(&t, &c, ia)->win[0], 0);
	assert_int_equal(row_of(&t, &c, ib)->win[0], 1);
	stacktab_copy_free(&c);

	stacktab_reset(&t);
	assert_int_equal(stacktab_snapshot(&t, 0, 0, &c), 0);
	assert_int_equal(c.n, 0);
	stacktab_copy_free(&c);
	assert_int_equal(stacktab_intern(&t, b, 2, 0), 0);
	stacktab_free(&t);
}

static void test_stacktab_grows(void **state)
{
	struct stacktab t;
	int64_t one[1] = { 1 };
	(void)state;
	assert_int_equal(stacktab_init(&t, 1), 0);
	for (uint64_t i = 1; i <= 20000; i++) {
		uint64_t pcs[2] = { i, i * 3 };
		int64_t idx = stacktab_intern(&t, pcs, 2, 0);
		assert_int_equal(idx, (int64_t)(i - 1));
		stacktab_add(&t, (uint32_t)idx, (int64_t)(i % 7), one);
	}
	uint64_t again[2] = { 777, 2331 };
	assert_int_equal(stacktab_intern(&t, again, 2, 0), 776);
	stacktab_free(&t);
}

/* Only the first STACKTAB_WIN_VALS values are windowed; the rest (inuse_*)
 * are always totals, and an event with no windowed value makes no cell. */
static void test_stacktab_window_values(void **state)
{
	struct stacktab t;
	struct stacktab_copy c;
	uint64_t pcs[] = { 1, 2 };
	int64_t alloc[4] = { 1, 100, 1, 100 }, release[4] = { 0, 0, -1, -100 };
	(void)state;
	assert_int_equal(stacktab_init(&t, 4), 0);
	int64_t i = stacktab_intern(&t, pcs, 2, 0);
	stacktab_add(&t, (uint32_t)i, 1, alloc);
	stacktab_add(&t, (uint32_t)i, 1, alloc);
	stacktab_add(&t, (uint32_t)i, 9, release);
	assert_int_equal(t.fine[9 % STACKTAB_FINE_SLOTS].n, 0);
	assert_int_equal(stacktab_snapshot(&t, 9, 3, &c), 0);
	assert_int_equal(row_of(&t, &c, i)->win[0], 0);
	assert_int_equal(row_of(&t, &c, i)->win[1], 0);
	assert_int_equal(row_of(&t, &c, i)->win[2], 1);
	assert_int_equal(row_of(&t, &c, i)->win[3], 100);
	stacktab_copy_free(&c);
	assert_int_equal(stacktab_snapshot(&t, 9, 10, &c), 0);
	assert_int_equal(row_of(&t, &c, i)->win[0], 2);
	assert_int_equal(row_of(&t, &c, i)->win[1], 200);
	stacktab_copy_free(&c);
	stacktab_free(&t);
}

/* A series cuts the window into aligned slots: one row per stack and
 * slot with values, the slot's values only. */
static void test_stacktab_series(void **state)
{
	struct stacktab t;
	struct stacktab_copy c;
	uint64_t a[] = { 1, 2 }, b[] = { 3 };
	int64_t one[2] = { 1, 10 };
	(void)state;
	assert_int_equal(stacktab_init(&t, 2), 0);
	int64_t ia = stacktab_intern(&t, a, 2, 0), ib = stacktab_intern(&t, b, 1, 0);
	stacktab_add(&t, (uint32_t)ia, 3, one);	/* slot [0,5): before the window */
	stacktab_add(&t, (uint32_t)ia, 5, one);	/* slot [5,10) */
	stacktab_add(&t, (uint32_t)ia, 9, one);
	stacktab_add(&t, (uint32_t)ib, 9, one);
	stacktab_add(&t, (uint32_t)ib, 12, one);	/* slot [10,15), filling */
	/* now 12, 10 seconds in slots of 5: slots [5,10) and [10,15). */
	assert_int_equal(stacktab_series(&t, 12, 10, 5, &c), 0);
	assert_int_equal(c.n, 3);
	int64_t seen[3][2] = { { 0 } };
	for (size_t i = 0; i < c.n; i++) {
		assert_true(c.rows[i].slot == 1 || c.rows[i].slot == 2);
		assert_int_equal(c.rows[i].total[0], 0);
		int st = c.rows[i].n == 2 ? 0 : 1;
		if (st == 0)
			assert_memory_equal(c.rows[i].pcs, a, sizeof a);
		seen[st][c.rows[i].slot - 1] += c.rows[i].win[1];
	}
	assert_int_equal(seen[0][0], 20);	/* a: seconds 5 and 9 */
	assert_int_equal(seen[0][1], 0);
	assert_int_equal(seen[1][0], 10);
	assert_int_equal(seen[1][1], 10);
	stacktab_copy_free(&c);
	stacktab_free(&t);
}

/* How many samples stack j gets at second sec in the folding test: 0 to 3,
 * often 0, so buckets differ from second to second. */
static int fold_count(int64_t sec, int j)
{
	uint64_t h = ((uint64_t)sec * 0x9e3779b97f4a7c15ULL) ^ ((uint64_t)j * 0xc2b2ae3d27d4eb4fULL);
	h ^= h >> 29;
	h *= 0xbf58476d1ce4e5b9ULL;
	h ^= h >> 32;
	return (int)(h % 7) > 3 ? 0 : (int)(h % 4);
}

#define FOLD_STACKS 40
#define FOLD_SECONDS 1500	/* 25 minutes: folds into both coarse levels */

/* The reference: values per second and stack, as added. */
static int64_t fold_ref[FOLD_SECONDS][FOLD_STACKS][2];

static void fold_expect(int64_t from, int64_t now, int64_t want[FOLD_STACKS][2])
{
	memset(want, 0, FOLD_STACKS * sizeof want[0]);
	for (int64_t s = from < 0 ? 0 : from; s <= now; s++)
		for (int j = 0; j < FOLD_STACKS; j++)
			for (int k = 0; k < 2; k++)
				want[j][k] += fold_ref[s][j][k];
}

/* After the fine buckets fold into coarse ones, a window's snapshot is
 * still exactly the sum of the samples in it: to the second up to
 * STACKTAB_FINE, from the minute (up to 10m) or the 10 minutes at or
 * before its start past that (and c.window says so); `all` is everything; a series of the last
 * minute matches second by second.  Late samples (a drain behind by a
 * second, one older than the fine ring) land where their second is. */
static void test_stacktab_fold_exact(void **state)
{
	static const int64_t windows[] = { 1, 10, 60, 119, 120, 121, 150, 300, 599, 600, 601,
					   3600, 0 };
	struct stacktab t;
	struct stacktab_copy c;
	int64_t want[FOLD_STACKS][2];
	int64_t idx[FOLD_STACKS];
	(void)state;
	memset(fold_ref, 0, sizeof fold_ref);
	assert_int_equal(stacktab_init(&t, 2), 0);
	for (int j = 0; j < FOLD_STACKS; j++) {
		uint64_t pcs[3] = { 0x1000 + (uint64_t)j, 0x2000, 0x3000 + (uint64_t)(j % 3) };
		idx[j] = stacktab_intern(&t, pcs, 3, (uint32_t)(j % 2));
		assert_int_equal(idx[j], j);
	}
	int checks = 0;
	for (int64_t now = 0; now < FOLD_SECONDS; now++) {
		for (int j = 0; j < FOLD_STACKS; j++) {
			for (int n = fold_count(now, j); n > 0; n--) {
				/* one sample in 5 drained a second late */
				int64_t sec = now > 0 && (n + j) % 5 == 0 ? now - 1 : now;
				int64_t v[2] = { 1, 1000 + j * 10 + n };
				assert_int_equal(stacktab_add(&t, (uint32_t)idx[j], sec, v), 0);
				fold_ref[sec][j][0] += v[0];
				fold_ref[sec][j][1] += v[1];
			}
		}
		if (now == 400) {	/* far behind: straight into its coarse bucket */
			int64_t v[2] = { 2, 7 };
			assert_int_equal(stacktab_add(&t, 3, now - 200, v), 0);
			fold_ref[now - 200][3][0] += 2;
			fold_ref[now - 200][3][1] += 7;
		}
		if (now % 13 != 0 && now != FOLD_SECONDS - 1)
			continue;
		for (size_t w = 0; w < sizeof windows / sizeof windows[0]; w++) {
			int64_t win = windows[w], from = win ? now - win + 1 : 0;
			int64_t step = stacktab_resolution(win);
			if (win > STACKTAB_FINE) {
				assert_true(step == 60 || step == 600);
				from = from < 0 ? 0 : from - from % step;
			}
			fold_expect(from, now, want);
			assert_int_equal(stacktab_snapshot(&t, now, win, &c), 0);
			if (win > STACKTAB_FINE)
				assert_int_equal(c.window, now - from + 1 > win ? now - from + 1 : win);
			else
				assert_int_equal(c.window, win);
			size_t rows = 0;
			for (int j = 0; j < FOLD_STACKS; j++) {
				const struct stacktab_row *r = row_of(&t, &c, idx[j]);
				assert_int_equal(r->win[0], want[j][0]);
				assert_int_equal(r->win[1], want[j][1]);
				rows += want[j][0] != 0;
			}
			assert_int_equal(c.n, rows);	/* only stacks with values */
			stacktab_copy_free(&c);
			checks++;
		}
		/* The trend's series: the last minute in slots of 5 seconds. */
		int64_t first = now / 5 - 12 + 1;
		int64_t slots[12][FOLD_STACKS][2];
		memset(slots, 0, sizeof slots);
		assert_int_equal(stacktab_series(&t, now, 60, 5, &c), 0);
		for (size_t i = 0; i < c.n; i++) {
			int j = (int)(c.rows[i].pcs[0] - 0x1000);
			assert_true(c.rows[i].slot >= 1 && c.rows[i].slot <= 12);
			slots[c.rows[i].slot - 1][j][0] += c.rows[i].win[0];
			slots[c.rows[i].slot - 1][j][1] += c.rows[i].win[1];
		}
		stacktab_copy_free(&c);
		for (int k = 0; k < 12; k++) {
			int64_t lo = (first + k) * 5, hi = lo + 4 > now ? now : lo + 4;
			fold_expect(lo, hi, want);
			for (int j = 0; j < FOLD_STACKS; j++)
				assert_memory_equal(slots[k][j], want[j], sizeof want[j]);
		}
	}
	assert_true(checks > 600);
	stacktab_free(&t);
}

/* The same stacks sampled second after second: once the coarse ring has
 * gone round, the table's memory stops growing, whatever the run's
 * length, and stays within what the stacks times the buckets need. */
static void test_stacktab_memory_bounded(void **state)
{
	enum { STACKS = 300, PER_SECOND = 2000 };
	struct stacktab t;
	(void)state;
	assert_int_equal(stacktab_init(&t, 2), 0);
	for (int j = 0; j < STACKS; j++) {
		uint64_t pcs[4] = { 0x400000 + (uint64_t)j * 16, 0x401000, 0x402000, 0x403000 };
		assert_int_equal(stacktab_intern(&t, pcs, 4, 0), j);
	}
	int64_t v[2] = { 1, 1000000 };
	uint64_t rng = 88172645463325252ULL;
	size_t settled = 0;
	const int64_t seconds = 3 * STACKTAB_HISTORY;	/* three simulated hours */
	for (int64_t sec = 0; sec < seconds; sec++) {
		for (int i = 0; i < PER_SECOND; i++) {
			rng ^= rng << 13;
			rng ^= rng >> 7;
			rng ^= rng << 17;
			assert_int_equal(stacktab_add(&t, (uint32_t)(rng % STACKS), sec, v), 0);
		}
		if (sec == 2 * STACKTAB_HISTORY)	/* both rings gone round */
			settled = stacktab_bytes(&t);
	}
	size_t bytes = stacktab_bytes(&t);
	assert_int_equal(bytes, settled);
	/* Each bucket at most twice the stacks' cells (growth by doubling). */
	size_t bound = 2 * STACKS * sizeof(struct stacktab_cell) *
		       (STACKTAB_FINE_SLOTS + STACKTAB_COARSE_SLOTS) +
		       t.cap * sizeof *t.entries + t.index_cap * sizeof *t.index +
		       STACKS * 4 * sizeof(uint64_t);
	assert_true(bytes <= bound);
	/* and everything is still counted */
	struct stacktab_copy c;
	int64_t sum = 0;
	assert_int_equal(stacktab_snapshot(&t, seconds - 1, 0, &c), 0);
	for (size_t i = 0; i < c.n; i++)
		sum += c.rows[i].win[0];
	stacktab_copy_free(&c);
	assert_int_equal(sum, seconds * PER_SECOND);
	stacktab_free(&t);
}

/* A copy points into the table's pcs instead of copying them: it stays
 * whole after a reset and new stacks (the table takes a fresh store), and
 * a reset with no copy out reuses the store. */
static void test_stacktab_copy_outlives_reset(void **state)
{
	struct stacktab t;
	struct stacktab_copy c, s;
	uint64_t a[] = { 0xa1, 0xa2, 0xa3 }, b[] = { 0xb1, 0xb2, 0xb3 };
	int64_t one[2] = { 1, 10 };
	(void)state;
	assert_int_equal(stacktab_init(&t, 2), 0);
	int64_t ia = stacktab_intern(&t, a, 3, 0);
	stacktab_add(&t, (uint32_t)ia, 4, one);
	assert_int_equal(stacktab_snapshot(&t, 4, 0, &c), 0);
	assert_int_equal(stacktab_series(&t, 4, 10, 5, &s), 0);
	struct stacktab_pcs *old = t.pcs;
	assert_ptr_equal(c.rows[0].pcs, t.entries[ia].pcs);	/* not copied */
	stacktab_reset(&t);
	assert_ptr_not_equal(t.pcs, old);	/* copies hold the old store */
	for (int i = 0; i < 1000; i++) {
		b[0] = 0xb1 + (uint64_t)i;
		assert_true(stacktab_intern(&t, b, 3, 0) >= 0);
	}
	assert_int_equal(c.n, 1);
	assert_memory_equal(c.rows[0].pcs, a, sizeof a);
	assert_int_equal(s.n, 1);
	assert_memory_equal(s.rows[0].pcs, a, sizeof a);
	stacktab_copy_free(&c);
	stacktab_copy_free(&s);	/* the last reference frees the old store */
	old = t.pcs;
	stacktab_reset(&t);
	assert_ptr_equal(t.pcs, old);	/* no copy out: reused */
	stacktab_free(&t);
}

static void test_labelset(void **state)
{
	(void)state;
	assert_int_equal(labelset_init(), 0);
	uint32_t w3 = labelset_with(0, "worker", "3");
	uint32_t w3j = labelset_with(w3, "job", "line");
	uint32_t j = labelset_with(0, "job", "line");
	uint32_t jw3 = labelset_with(j, "worker", "3");
	assert_int_not_equal(w3, 0);
	assert_int_equal(w3j, jw3);	/* interned regardless of order */
	assert_int_equal(labelset_with(w3j, "job", NULL), w3);
	assert_int_equal(labelset_with(w3, "worker", NULL), 0);
	const struct labelset *s = labelset_get(w3j);
	assert_non_null(s);
	assert_int_equal(s->n, 2);
	assert_string_equal(s->kv[0].key, "job");	/* sorted by key */
	assert_string_equal(s->kv[1].value, "3");
	assert_null(labelset_get(0));
	assert_int_equal(labelset_with(w3, "worker", "4"), labelset_with(0, "worker", "4"));
}

/* A fake stack: frames at increasing addresses, each {next fp, return pc}. */
static void test_fpwalk_bounds(void **state)
{
	uintptr_t stack[32];
	uintptr_t text_pc = (uintptr_t)&test_fpwalk_bounds + 8;
	uint64_t pcs[8];
	(void)state;

	assert_int_equal(fpwalk_init_text(), 0);
	assert_true(fpwalk_in_text(text_pc));
	assert_false(fpwalk_in_text((uintptr_t)stack));
	memset(stack, 0, sizeof stack);
	for (int f = 0; f < 4; f++) {	/* frames at words 0, 4, 8, 12 */
		stack[f * 4] = (uintptr_t)&stack[(f + 1) * 4];
		stack[f * 4 + 1] = text_pc + (uintptr_t)f;
	}
	stack[16] = 0;
	stack[17] = 0;	/* not text: the walk ends */
	uintptr_t lo = (uintptr_t)stack, hi = (uintptr_t)(stack + 32);
	size_t n = fpwalk(pcs, 8, (uintptr_t)stack, lo, hi);
	assert_int_equal(n, 4);
	for (int f = 0; f < 4; f++)
		assert_int_equal(pcs[f], text_pc + (uintptr_t)f - 1);
	/* The depth cap. */
	assert_int_equal(fpwalk(pcs, 2, (uintptr_t)stack, lo, hi), 2);
	/* A frame pointer below the stack pointer, or above the stack. */
	assert_int_equal(fpwalk(pcs, 8, (uintptr_t)stack, lo + 8, hi), 0);
	assert_int_equal(fpwalk(pcs, 8, (uintptr_t)stack, lo, lo + 8), 0);
	/* A cycle (next <= fp) stops after one frame. */
	stack[4] = (uintptr_t)&stack[0];
	assert_int_equal(fpwalk(pcs, 8, (uintptr_t)stack, lo, hi), 2);
	/* A misaligned frame pointer. */
	assert_int_equal(fpwalk(pcs, 8, (uintptr_t)stack + 1, lo, hi), 0);
	/* Words at sp stop at the top of the stack. */
	assert_int_equal(fpwalk_stack_words(pcs, 4, (uintptr_t)(stack + 30), hi), 2);
}

static void test_kind_names(void **state)
{
	enum sampler_kind k;
	struct rt_error err;
	(void)state;
	assert_int_equal(sampler_kind_parse("cpu", &k, &err), 0);
	assert_int_equal(k, SAMPLER_CPU);
	assert_int_equal(sampler_kind_parse("heap", &k, &err), 0);
	assert_int_equal(k, SAMPLER_ALLOC);
	assert_int_equal(sampler_kind_parse("mutex", &k, &err), 0);
	assert_int_equal(k, SAMPLER_MUTEX);
	assert_int_equal(sampler_kind_parse("gpu", &k, &err), -1);
	assert_non_null(strstr(err.msg, "cpu, alloc, mutex or block"));
	assert_int_equal(sampler_kind_parse("block", &k, &err), 0);
	assert_int_equal(k, SAMPLER_BLOCK);
	assert_int_equal(sampler_kind_parse("blocking", &k, &err), 0);
	assert_int_equal(k, SAMPLER_BLOCK);
	assert_string_equal(sampler_kind_name(SAMPLER_BLOCK), "block");
	assert_string_equal(sampler_kind_name(SAMPLER_ALLOC), "alloc");
}

static void test_rate_bounds(void **state)
{
	struct rt_error err;
	(void)state;
	assert_int_equal(sampler_start(&(struct sampler_opts){ .hz = 5 }, &err), -1);
	assert_non_null(strstr(err.msg, "out of range"));
	assert_int_equal(sampler_start(NULL, &err), 0);
	assert_int_equal(sampler_rate(), SAMPLER_DEFAULT_HZ);
	assert_int_equal(sampler_start(NULL, &err), -1);	/* already started */
	assert_int_equal(sampler_set_rate(1001, &err), -1);
	assert_int_equal(sampler_set_rate(9, &err), -1);
	assert_int_equal(sampler_set_rate(1000, &err), 0);
	assert_int_equal(sampler_rate(), 1000);
	sampler_pause();
	struct sampler_stats st;
	sampler_stats(&st);
	assert_false(st.running);
	sampler_resume();
	sampler_stats(&st);
	assert_true(st.running);
	sampler_stop();
	sampler_stop();	/* twice is harmless */
	/* Snapshots after stop still work (empty here). */
	struct profile *p = sampler_snapshot(0, SAMPLER_CPU, &err);
	assert_non_null(p);
	assert_int_equal(p->n_samples, 0);
	profile_free(p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ring_fifo_and_drops),
		cmocka_unit_test(test_stacktab_intern_and_windows),
		cmocka_unit_test(test_stacktab_grows),
		cmocka_unit_test(test_stacktab_window_values),
		cmocka_unit_test(test_stacktab_series),
		cmocka_unit_test(test_stacktab_fold_exact),
		cmocka_unit_test(test_stacktab_memory_bounded),
		cmocka_unit_test(test_stacktab_copy_outlives_reset),
		cmocka_unit_test(test_labelset),
		cmocka_unit_test(test_fpwalk_bounds),
		cmocka_unit_test(test_kind_names),
		cmocka_unit_test(test_rate_bounds),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
