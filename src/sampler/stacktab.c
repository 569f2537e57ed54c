/* stacktab: stack interning (open addressing on a hash of the pcs and the
 * label set) and rings of buckets: the fine one indexed by
 * second % STACKTAB_FINE_SLOTS, each coarse level's by
 * (second / width) % its slots.  A fine bucket is folded into a bucket of
 * every level when a newer second takes its slot, so within the fine ring
 * or within one level a second's values are in exactly one bucket.
 * Memory grows by doubling and is reused after a reset: nothing here is
 * on a worker's hot path. */
#include "sampler/stacktab.h"

#include <stdlib.h>
#include <string.h>

static const struct {
	int64_t width, span;	/* seconds a bucket holds; the longest window read here */
	size_t first, n;	/* its slots in t->coarse */
} levels[STACKTAB_LEVELS] = {
	{ 60, 600, 0, 12 },
	{ 600, STACKTAB_HISTORY, 12, 8 },
};

_Static_assert(12 + 8 == STACKTAB_COARSE_SLOTS, "the levels' slots");
_Static_assert(STACKTAB_HISTORY % 600 == 0, "the last level spans the history");

static void buckets_clear(struct stacktab *t)
{
	for (size_t i = 0; i < STACKTAB_FINE_SLOTS; i++) {
		t->fine[i].key = -1;
		t->fine[i].n = 0;
	}
	for (size_t i = 0; i < STACKTAB_COARSE_SLOTS; i++) {
		t->coarse[i].key = -1;
		t->coarse[i].n = 0;
	}
}

static struct stacktab_pcs *pcs_new(void)
{
	struct stacktab_pcs *p = malloc(sizeof *p);
	if (p) {
		atomic_init(&p->refs, 1);
		arena_init(&p->arena);
	}
	return p;
}

static void pcs_release(struct stacktab_pcs *p)
{
	if (p && atomic_fetch_sub_explicit(&p->refs, 1, memory_order_acq_rel) == 1) {
		arena_free(&p->arena);
		free(p);
	}
}

int stacktab_init(struct stacktab *t, size_t nvals)
{
	memset(t, 0, sizeof *t);
	t->nvals = nvals > STACKTAB_MAX_VALS ? STACKTAB_MAX_VALS : nvals;
	buckets_clear(t);
	t->pcs = pcs_new();
	return t->pcs ? 0 : -1;
}

void stacktab_free(struct stacktab *t)
{
	for (size_t i = 0; i < STACKTAB_FINE_SLOTS; i++)
		free(t->fine[i].cells);
	for (size_t i = 0; i < STACKTAB_COARSE_SLOTS; i++)
		free(t->coarse[i].cells);
	free(t->entries);
	free(t->index);
	pcs_release(t->pcs);
	memset(t, 0, sizeof *t);
}

void stacktab_reset(struct stacktab *t)
{
	buckets_clear(t);
	if (t->index)
		memset(t->index, 0, t->index_cap * sizeof *t->index);
	t->n = 0;
	t->pcs_bytes = 0;
	/* No copy can take a reference but under the owner's lock, held
	 * here: refs == 1 means the table alone uses the store. */
	if (atomic_load_explicit(&t->pcs->refs, memory_order_acquire) == 1) {
		arena_free(&t->pcs->arena);
		arena_init(&t->pcs->arena);
		return;
	}
	struct stacktab_pcs *fresh = pcs_new();
	if (fresh) {	/* else the old store goes on growing: still right */
		pcs_release(t->pcs);
		t->pcs = fresh;
	}
}

static uint32_t stack_hash(const uint64_t *pcs, uint32_t n, uint32_t labels)
{
	uint64_t h = 0x9e3779b97f4a7c15ULL ^ labels ^ ((uint64_t)n << 32);
	for (uint32_t i = 0; i < n; i++) {
		h ^= pcs[i];
		h *= 0xff51afd7ed558ccdULL;
		h ^= h >> 32;
	}
	return (uint32_t)h;
}

static int index_grow(struct stacktab *t)
{
	uint32_t cap = t->index_cap ? t->index_cap * 2 : 1024;
	uint32_t *idx = calloc(cap, sizeof *idx);
	if (!idx)
		return -1;
	for (uint32_t e = 0; e < t->n; e++) {
		uint32_t i = t->entries[e].hash & (cap - 1);
		while (idx[i])
			i = (i + 1) & (cap - 1);
		idx[i] = e + 1;
	}
	free(t->index);
	t->index = idx;
	t->index_cap = cap;
	return 0;
}

static int entries_grow(struct stacktab *t)
{
	uint32_t cap = t->cap ? t->cap * 2 : 512;
	struct stacktab_entry *e = realloc(t->entries, cap * sizeof *e);
	if (!e)
		return -1;
	t->entries = e;
	t->cap = cap;
	return 0;
}

int64_t stacktab_intern(struct stacktab *t, const uint64_t *pcs, uint32_t n,
			uint32_t labels)
{
	uint32_t h = stack_hash(pcs, n, labels);
	if ((t->n + 1) * 2 > t->index_cap && index_grow(t) < 0)
		return -1;
	uint32_t i = h & (t->index_cap - 1);
	for (; t->index[i]; i = (i + 1) & (t->index_cap - 1)) {
		struct stacktab_entry *e = &t->entries[t->index[i] - 1];
		if (e->hash == h && e->n == n && e->labels == labels &&
		    !memcmp(e->pcs, pcs, n * sizeof *pcs))
			return t->index[i] - 1;
	}
	if (t->n == t->cap && entries_grow(t) < 0)
		return -1;
	struct stacktab_entry *e = &t->entries[t->n];
	memset(e, 0, sizeof *e);
	e->pcs = arena_memdup(&t->pcs->arena, pcs, (n ? n : 1) * sizeof *pcs);
	if (!e->pcs)
		return -1;
	e->n = n;
	e->labels = labels;
	e->hash = h;
	t->pcs_bytes += (n ? n : 1) * sizeof *pcs;
	e->fine_sec = e->coarse_key[0] = e->coarse_key[1] = -1;
	t->index[i] = t->n + 1;
	return t->n++;
}

/* The cell of stack idx in bucket b (whose key is set), appended when
 * missing; *key and *cell are the stack's memo of its cell in this ring. */
static struct stacktab_cell *cell_in(struct stacktab_bucket *b, uint32_t idx,
				     int64_t *key, uint32_t *cell)
{
	if (*key == b->key && *cell < b->n && b->cells[*cell].stack == idx)
		return &b->cells[*cell];
	if (b->n == b->cap) {
		uint32_t cap = b->cap ? b->cap * 2 : 64;
		struct stacktab_cell *c = realloc(b->cells, cap * sizeof *c);
		if (!c)
			return NULL;
		b->cells = c;
		b->cap = cap;
	}
	struct stacktab_cell *c = &b->cells[b->n];
	memset(c, 0, sizeof *c);
	c->stack = idx;
	*key = b->key;
	*cell = b->n++;
	return c;
}

/* Adds v to stack idx in each level's bucket of second sec. */
static int coarse_add(struct stacktab *t, uint32_t idx, int64_t sec,
		      const int64_t *v)
{
	struct stacktab_entry *e = &t->entries[idx];
	int rc = 0;
	for (size_t l = 0; l < STACKTAB_LEVELS; l++) {
		int64_t key = sec / levels[l].width;
		struct stacktab_bucket *b = &t->coarse[levels[l].first + (size_t)key % levels[l].n];
		if (b->key > key)
			continue;	/* older than this level's span */
		if (b->key < key) {
			b->key = key;
			b->n = 0;
		}
		struct stacktab_cell *c = cell_in(b, idx, &e->coarse_key[l], &e->coarse_cell[l]);
		if (!c) {
			rc = -1;
			continue;
		}
		for (size_t k = 0; k < STACKTAB_WIN_VALS; k++)
			c->v[k] += v[k];
	}
	return rc;
}

/* Moves a fine bucket's values into the coarse levels and empties it. */
static int fold(struct stacktab *t, struct stacktab_bucket *b)
{
	int rc = 0;
	for (uint32_t i = 0; b->key >= 0 && i < b->n; i++)
		if (coarse_add(t, b->cells[i].stack, b->key, b->cells[i].v) < 0)
			rc = -1;
	b->n = 0;
	return rc;
}

int stacktab_add(struct stacktab *t, uint32_t idx, int64_t sec,
		 const int64_t *v)
{
	struct stacktab_entry *e = &t->entries[idx];
	int64_t w[STACKTAB_WIN_VALS] = { 0 };
	int any = 0, rc = 0;

	for (size_t k = 0; k < t->nvals; k++)
		e->total[k] += v[k];
	for (size_t k = 0; k < t->nvals && k < STACKTAB_WIN_VALS; k++)
		any |= (w[k] = v[k]) != 0;
	if (!any)
		return 0;	/* e.g. a free: nothing windowed */
	if (sec < 0)
		sec = 0;
	struct stacktab_bucket *b = &t->fine[sec % STACKTAB_FINE_SLOTS];
	if (b->key > sec)	/* a late sample older than the fine ring */
		return coarse_add(t, idx, sec, w);
	if (b->key < sec) {
		rc = fold(t, b);
		b->key = sec;
	}
	struct stacktab_cell *c = cell_in(b, idx, &e->fine_sec, &e->fine_cell);
	if (!c)
		return -1;
	for (size_t k = 0; k < STACKTAB_WIN_VALS; k++)
		c->v[k] += w[k];
	return rc;
}

int64_t stacktab_resolution(int64_t window)
{
	if (window <= STACKTAB_FINE)
		return 1;
	for (size_t l = 0; l < STACKTAB_LEVELS; l++)
		if (window <= levels[l].span)
			return levels[l].width;
	return levels[STACKTAB_LEVELS - 1].width;
}

/* The buckets a window reads into use[]; *from: its first second. */
static size_t window_buckets(const struct stacktab *t, int64_t now, int64_t window,
			     int64_t *from, const struct stacktab_bucket **use)
{
	size_t n = 0;
	*from = now - window + 1;
	if (window > STACKTAB_FINE) {
		size_t l = 0;
		while (l + 1 < STACKTAB_LEVELS && window > levels[l].span)
			l++;
		int64_t w = levels[l].width;
		if (*from < 0)
			*from = 0;
		*from -= *from % w;
		for (int64_t k = *from / w; k <= now / w; k++) {
			const struct stacktab_bucket *b = &t->coarse[levels[l].first + (size_t)k % levels[l].n];
			if (b->key == k)
				use[n++] = b;
		}
	}
	/* Every fine bucket in range, also one not folded yet though older
	 * than STACKTAB_FINE seconds (no newer second took its slot). */
	for (size_t i = 0; i < STACKTAB_FINE_SLOTS; i++)
		if (t->fine[i].key >= *from && t->fine[i].key <= now)
			use[n++] = &t->fine[i];
	return n;
}

int stacktab_snapshot(const struct stacktab *t, int64_t now, int64_t window,
		      struct stacktab_copy *out)
{
	const struct stacktab_bucket *use[STACKTAB_FINE_SLOTS + STACKTAB_COARSE_SLOTS];
	size_t nuse = 0, nrows = 0;
	int64_t from = 0;

	memset(out, 0, sizeof *out);
	if (window > STACKTAB_HISTORY)
		window = STACKTAB_HISTORY;
	if (window > 0) {
		nuse = window_buckets(t, now, window, &from, use);
		out->window = now - from + 1 > window ? now - from + 1 : window;
	}
	/* row_of[stack]: its row, UINT32_MAX while not copied */
	uint32_t *row_of = malloc((t->n ? t->n : 1) * sizeof *row_of);
	if (!row_of)
		return -1;
	for (uint32_t i = 0; i < t->n; i++) {
		const struct stacktab_entry *e = &t->entries[i];
		int any = 0;
		for (size_t k = window > 0 ? STACKTAB_WIN_VALS : 0; k < t->nvals; k++)
			any |= e->total[k] != 0;
		row_of[i] = any ? 0 : UINT32_MAX;
	}
	for (size_t u = 0; u < nuse; u++)
		for (uint32_t c = 0; c < use[u]->n; c++)
			row_of[use[u]->cells[c].stack] = 0;
	for (uint32_t i = 0; i < t->n; i++)
		if (row_of[i] != UINT32_MAX)
			row_of[i] = (uint32_t)nrows++;
	out->rows = calloc(nrows ? nrows : 1, sizeof *out->rows);
	if (!out->rows) {
		free(row_of);
		return -1;
	}
	atomic_fetch_add_explicit(&t->pcs->refs, 1, memory_order_relaxed);
	out->pcs = t->pcs;
	for (uint32_t i = 0; i < t->n; i++) {
		if (row_of[i] == UINT32_MAX)
			continue;
		const struct stacktab_entry *e = &t->entries[i];
		struct stacktab_row *r = &out->rows[row_of[i]];
		r->pcs = e->pcs;
		r->n = e->n;
		r->labels = e->labels;
		memcpy(r->total, e->total, sizeof r->total);
		memcpy(r->win, e->total, sizeof r->win);
		if (window > 0)
			memset(r->win, 0, STACKTAB_WIN_VALS * sizeof r->win[0]);
	}
	out->n = nrows;
	for (size_t u = 0; u < nuse; u++)
		for (uint32_t c = 0; c < use[u]->n; c++)
			for (size_t k = 0; k < t->nvals && k < STACKTAB_WIN_VALS; k++)
				out->rows[row_of[use[u]->cells[c].stack]].win[k] += use[u]->cells[c].v[k];
	free(row_of);
	return 0;
}

void stacktab_copy_free(struct stacktab_copy *c)
{
	free(c->rows);
	pcs_release(c->pcs);
	memset(c, 0, sizeof *c);
}

static int series_row(struct stacktab_copy *out, size_t *cap)
{
	if (out->n < *cap)
		return 0;
	size_t ncap = *cap ? *cap * 2 : 256;
	struct stacktab_row *r = realloc(out->rows, ncap * sizeof *r);
	if (!r)
		return -1;
	out->rows = r;
	*cap = ncap;
	return 0;
}

int stacktab_series(const struct stacktab *t, int64_t now, int64_t window,
		    int64_t slot, struct stacktab_copy *out)
{
	memset(out, 0, sizeof *out);
	if (window > STACKTAB_FINE)
		window = STACKTAB_FINE;
	if (window <= 0 || slot <= 0 || now < 0)
		return 0;
	int64_t nslots = (window + slot - 1) / slot, first = now / slot - nslots + 1;
	/* row_of[stack]: its row in the slot being filled, valid while
	 * mark[stack] is that slot */
	uint32_t *row_of = malloc((t->n ? t->n : 1) * sizeof *row_of);
	int64_t *mark = malloc((t->n ? t->n : 1) * sizeof *mark);
	size_t cap = 0;
	int rc = -1;
	if (!row_of || !mark)
		goto done;
	atomic_fetch_add_explicit(&t->pcs->refs, 1, memory_order_relaxed);
	out->pcs = t->pcs;
	for (uint32_t i = 0; i < t->n; i++)
		mark[i] = -1;
	for (int64_t k = 0; k < nslots; k++) {
		for (int64_t s = (first + k) * slot; s < (first + k + 1) * slot; s++) {
			if (s < 0 || s > now)
				continue;
			const struct stacktab_bucket *b = &t->fine[s % STACKTAB_FINE_SLOTS];
			if (b->key != s)
				continue;
			for (uint32_t c = 0; c < b->n; c++) {
				uint32_t st = b->cells[c].stack;
				if (mark[st] != k) {
					if (series_row(out, &cap) < 0)
						goto done;
					struct stacktab_row *r = &out->rows[out->n];
					memset(r, 0, sizeof *r);
					r->pcs = t->entries[st].pcs;
					r->n = t->entries[st].n;
					r->labels = t->entries[st].labels;
					r->slot = (uint32_t)k + 1;
					mark[st] = k;
					row_of[st] = (uint32_t)out->n++;
				}
				for (size_t v = 0; v < t->nvals && v < STACKTAB_WIN_VALS; v++)
					out->rows[row_of[st]].win[v] += b->cells[c].v[v];
			}
		}
	}
	rc = 0;
done:
	free(row_of);
	free(mark);
	if (rc < 0)
		stacktab_copy_free(out);
	return rc;
}

size_t stacktab_bytes(const struct stacktab *t)
{
	size_t n = t->cap * sizeof *t->entries + t->index_cap * sizeof *t->index +
		   t->pcs_bytes;
	for (size_t i = 0; i < STACKTAB_FINE_SLOTS; i++)
		n += t->fine[i].cap * sizeof *t->fine[i].cells;
	for (size_t i = 0; i < STACKTAB_COARSE_SLOTS; i++)
		n += t->coarse[i].cap * sizeof *t->coarse[i].cells;
	return n;
}
