/* profile_legacy: pprof's parseLegacy (profile.go) and the text formats of
 * legacy_profile.go: gperftools heap, growth and fragmentation profiles,
 * Go's legacy count profiles (goroutine, threadcreate), gperftools threadz
 * and contention profiles.  Each parser says "unrecognized" to let the
 * next one try, in pprof's order; its messages are pprof's. */
#include "profile/profile_legacy.h"

#include <stdlib.h>
#include <string.h>

#include "profile/profile_legacy_match.h"

/* --- patterns (legacy_profile.go) --- */

#define D1 LM_C(LMC_DIGIT, 1, 1)
#define SP0 LM_C(LMC_SP, 0, 1)
#define HEAP_COUNTS \
	LM_L("heap profile:"), SP0, LM_OPEN_(1), D1, LM_CLOSE_(1), LM_L(":"), SP0, \
	LM_OPEN_(2), D1, LM_CLOSE_(2), SP0, LM_L("["), SP0, LM_OPEN_(3), D1, LM_CLOSE_(3), \
	LM_L(":"), SP0, LM_OPEN_(4), D1, LM_CLOSE_(4), SP0, LM_L("]")

/* heapHeaderRE */
static const struct lm_node heap_header_rx[] = {
	HEAP_COUNTS, SP0, LM_L("@"), SP0, LM_OPEN_(5), LM_L("heap"), LM_C(LMC_ULD, 0, 1),
	LM_CLOSE_(5), LM_OPT_, LM_L("/"), LM_END_, LM_OPEN_(6), LM_C(LMC_DIGIT, 0, 1), LM_CLOSE_(6),
};
/* growthHeaderRE, fragmentationHeaderRE */
static const struct lm_node growth_header_rx[] = {
	HEAP_COUNTS, LM_L(" @ growth"), LM_OPT_, LM_L("z"), LM_END_,
};
static const struct lm_node frag_header_rx[] = {
	HEAP_COUNTS, LM_L(" @ fragmentation"), LM_OPT_, LM_L("z"), LM_END_,
};
/* heapSampleRE */
static const struct lm_node heap_sample_rx[] = {
	LM_OPEN_(1), LM_OPT_, LM_L("-"), LM_END_, D1, LM_CLOSE_(1), LM_L(":"), SP0,
	LM_OPEN_(2), LM_OPT_, LM_L("-"), LM_END_, D1, LM_CLOSE_(2), SP0, LM_L("["), SP0,
	LM_OPEN_(3), D1, LM_CLOSE_(3), LM_L(":"), SP0, LM_OPEN_(4), D1, LM_CLOSE_(4), SP0,
	LM_L("] @"), LM_OPEN_(5), LM_C(LMC_ADDRS, 0, 1), LM_CLOSE_(5),
};
/* contentionSampleRE */
static const struct lm_node contention_sample_rx[] = {
	LM_OPEN_(1), D1, LM_CLOSE_(1), SP0, LM_OPEN_(2), D1, LM_CLOSE_(2), LM_L(" @"),
	LM_OPEN_(3), LM_C(LMC_ADDRS, 0, 1), LM_CLOSE_(3),
};
/* countStartRE (anchored at both ends) */
static const struct lm_node count_start_rx[] = {
	LM_OPEN_(1), LM_C(LMC_NONSPACE, 1, 1), LM_CLOSE_(1), LM_L(" profile: total "), D1,
	LM_EOL_,
};
/* threadzStartRE, threadStartRE */
static const struct lm_node threadz_start_rx[] = {
	LM_L("--- threadz "), D1, LM_L(" ---"),
};
static const struct lm_node thread_start_rx[] = {
	LM_L("--- Thread "), LM_C(LMC_XDIGIT, 1, 1), LM_L(" (name: "), LM_C(LMC_ANY, 0, 1),
	LM_L("/"), D1, LM_L(") stack: ---"),
};

static bool find(const struct lm_node *pat, size_t n, bool anchored, const char *s,
		 size_t len, struct lm_caps *c, int *oom)
{
	int r = lm_find(pat, n, anchored, s, len, c);
	if (r < 0)
		*oom = 1;
	return r > 0;
}
#define FIND(pat, anch, s, len, c, oom) find((pat), sizeof(pat) / sizeof((pat)[0]), (anch), (s), (len), (c), (oom))

static int set_type(struct profile *p, size_t i, const char *type, const char *unit)
{
	p->sample_types[i].type = profile_str(p, type);
	p->sample_types[i].unit = profile_str(p, unit);
	return p->sample_types[i].type && p->sample_types[i].unit ? 0 : -1;
}

static int set_period_type(struct profile *p, const char *type, const char *unit)
{
	p->period_type.type = profile_str(p, type);
	p->period_type.unit = profile_str(p, unit);
	return p->period_type.type && p->period_type.unit ? 0 : -1;
}

/* Locations for addrs (each less one when adjust says so: the return
 * address points after the call) and a sample of them. */
struct stack {
	uint64_t *addrs;
	size_t n, cap;
	struct location **locs;
	size_t locs_cap;
};

static struct sample *stack_sample(struct profile *p, struct legacy_locs *ll,
				   struct stack *st, int adjust)
{
	if (st->n > st->locs_cap) {
		free(st->locs);
		st->locs_cap = st->n;
		st->locs = malloc(st->n * sizeof *st->locs);
		if (!st->locs) {
			st->locs_cap = 0;
			return NULL;
		}
	}
	for (size_t i = 0; i < st->n; i++) {
		/* adjust: 1 every frame, 2 all but the leaf */
		uint64_t a = st->addrs[i] - (adjust == 1 || (adjust == 2 && i > 0));
		st->locs[i] = legacy_loc(p, ll, a);
		if (!st->locs[i])
			return NULL;
	}
	return legacy_add_sample(p, st->locs, st->n);
}

static void stack_free(struct stack *st)
{
	free(st->addrs);
	free(st->locs);
}

/* The common end of the text parsers: the scanner's error if any, then
 * the sections after the samples (the memory map). */
static int text_finish(struct profile *p, struct lscan *s, struct legacy_locs *ll,
		       struct stack *st, int rc, struct rt_error *err)
{
	if (rc == LEGACY_OK)
		rc = lscan_err(s, err);
	if (rc == LEGACY_OK)
		rc = legacy_additional_sections(s, p, err);
	legacy_locs_free(ll);
	stack_free(st);
	return rc;
}

/* --- heap --- */

struct heap_header {
	bool v2, has_alloc;
	int64_t period;
};

/* parseHeapHeader: LEGACY_UNRECOGNIZED for an unknown sampling kind. */
static int heap_header(const char *line, const struct lm_caps *c, struct heap_header *h)
{
	size_t n1, n2, n3, n4, n5, n6;
	const char *c1 = lm_group(line, c, 1, &n1), *c2 = lm_group(line, c, 2, &n2);
	const char *c3 = lm_group(line, c, 3, &n3), *c4 = lm_group(line, c, 4, &n4);
	const char *c5 = lm_group(line, c, 5, &n5), *c6 = lm_group(line, c, 6, &n6);
	int64_t period = 0;
	if (n6 && legacy_parse_int(c6, n6, 10, &period, NULL) < 0)
		return LEGACY_UNRECOGNIZED;
	bool zero3 = n3 == 1 && c3[0] == '0', zero4 = n4 == 1 && c4[0] == '0';
	h->has_alloc = ((n3 != n1 || memcmp(c3, c1, n1) != 0) && !zero3) ||
		       ((n4 != n2 || memcmp(c4, c2, n2) != 0) && !zero4);
#define IS(s) (n5 == strlen(s) && memcmp(c5, s, n5) == 0)
	if (IS("heapz_v2") || IS("heap_v2")) {
		h->v2 = true;
		h->period = period;
	} else if (IS("heapprofile")) {
		h->v2 = false;
		h->period = 1;
	} else if (IS("heap")) {
		h->v2 = true;
		h->period = period / 2;
	} else {
		return LEGACY_UNRECOGNIZED;
	}
#undef IS
	return LEGACY_OK;
}

/* parseHeapSample's addValues for one count/size pair. */
static int heap_values(const char *line, size_t len, const char *cs, size_t cn,
		       const char *ss, size_t sn, const char *label, const struct heap_header *h,
		       int64_t *out, int64_t *blocksize, struct rt_error *err)
{
	int64_t count, size;
	struct rt_error e;
	if (legacy_parse_int(cs, cn, 10, &count, &e) < 0 ||
	    legacy_parse_int(ss, sn, 10, &size, &e) < 0) {
		rt_error_set(err, "malformed sample: %.*s: %s", (int)len, line, e.msg);
		return -1;
	}
	if (count == 0 && size != 0) {
		rt_error_set(err, "%s count was 0 but %s bytes was %lld", label, label,
			     (long long)size);
		return -1;
	}
	if (count != 0) {
		*blocksize = size / count;
		if (h->v2)
			legacy_scale_heap(count, size, h->period, &count, &size);
	}
	out[0] = count;
	out[1] = size;
	return 0;
}

static int heap_sample(struct profile *p, struct legacy_locs *ll, struct stack *st,
		       const struct heap_header *h, const char *line, size_t len,
		       struct rt_error *err)
{
	struct lm_caps c;
	int oom = 0;
	if (!FIND(heap_sample_rx, false, line, len, &c, &oom)) {
		if (oom)
			return legacy_nomem(err);
		rt_error_set(err, "unexpected number of sample values: got 0, want 6");
		return LEGACY_ERROR;
	}
	int64_t values[4], blocksize = 0;
	size_t n[6];
	const char *g[6];
	for (int k = 1; k <= 5; k++)
		g[k] = lm_group(line, &c, k, &n[k]);
	int nv = 0;
	if (h->has_alloc) {
		if (heap_values(line, len, g[3], n[3], g[4], n[4], "allocation", h, values,
				&blocksize, err) < 0)
			return LEGACY_ERROR;
		nv = 2;
	}
	if (heap_values(line, len, g[1], n[1], g[2], n[2], "inuse", h, values + nv, &blocksize,
			err) < 0)
		return LEGACY_ERROR;
	st->n = 0;
	struct rt_error e;
	if (legacy_hex_addresses(g[5], n[5], &st->addrs, &st->n, &st->cap, &e) < 0) {
		rt_error_set(err, "malformed sample: %.*s: %s", (int)len, line, e.msg);
		return LEGACY_ERROR;
	}
	struct sample *s = stack_sample(p, ll, st, 1);
	if (!s)
		return legacy_nomem(err);
	for (size_t i = 0; i < p->n_sample_types; i++)
		if (sample_set_value(p, s, i, values[i]) < 0)
			return legacy_nomem(err);
	struct label *l = arena_zalloc(&p->arena, sizeof *l);
	if (!l || sample_set_labels(p, s, l, 1) < 0)
		return legacy_nomem(err);
	l->key = profile_str(p, "bytes");
	l->num = blocksize;
	l->num_unit = p->strs.empty;
	return l->key ? LEGACY_OK : legacy_nomem(err);
}

int legacy_parse_heap(struct profile *p, const uint8_t *b, size_t n, struct rt_error *err)
{
	struct lscan s;
	struct lm_caps c;
	struct heap_header h = { .period = 1 };
	int oom = 0;
	lscan_init(&s, b, n);
	if (!lscan_next(&s))
		return s.too_long ? lscan_err(&s, err) : LEGACY_UNRECOGNIZED;
	const char *line = s.line;
	size_t len = s.len;
	if (FIND(heap_header_rx, false, line, len, &c, &oom)) {
		if (heap_header(line, &c, &h) != LEGACY_OK)
			return LEGACY_UNRECOGNIZED;
	} else if (!FIND(growth_header_rx, false, line, len, &c, &oom) &&
		   !FIND(frag_header_rx, false, line, len, &c, &oom)) {
		return oom ? legacy_nomem(err) : LEGACY_UNRECOGNIZED;
	}
	p->period = h.period;
	if (set_period_type(p, "space", "bytes") < 0 ||
	    profile_set_sample_types(p, h.has_alloc ? 4 : 2) < 0)
		return legacy_nomem(err);
	if (h.has_alloc ? set_type(p, 0, "alloc_objects", "count") < 0 ||
				  set_type(p, 1, "alloc_space", "bytes") < 0 ||
				  set_type(p, 2, "inuse_objects", "count") < 0 ||
				  set_type(p, 3, "inuse_space", "bytes") < 0
			: set_type(p, 0, "objects", "count") < 0 ||
				  set_type(p, 1, "space", "bytes") < 0)
		return legacy_nomem(err);

	struct legacy_locs ll;
	struct stack st = { 0 };
	int rc = LEGACY_OK;
	if (legacy_locs_init(&ll) < 0)
		return legacy_nomem(err);
	while (rc == LEGACY_OK && lscan_next(&s)) {
		line = s.line;
		len = s.len;
		legacy_trim(&line, &len);
		if (legacy_space_or_comment(line, len))
			continue;
		if (legacy_map_sentinel(line, len))
			break;
		rc = heap_sample(p, &ll, &st, &h, line, len, err);
	}
	return text_finish(p, &s, &ll, &st, rc, err);
}

/* --- Go count profiles (goroutine, threadcreate) --- */

/* countRE: "N @ 0x.. 0x.." exactly; returns where the addresses start. */
static bool count_line(const char *l, size_t len, size_t *digits, size_t *addrs)
{
	size_t i = 0;
	while (i < len && l[i] >= '0' && l[i] <= '9')
		i++;
	if (i == 0 || len - i < 2 || l[i] != ' ' || l[i + 1] != '@')
		return false;
	*digits = i;
	*addrs = i + 2;
	i += 2;
	int frames = 0;
	while (i < len) {
		if (len - i < 4 || memcmp(l + i, " 0x", 3) != 0)
			return false;
		size_t k = i + 3;
		while (k < len && ((l[k] >= '0' && l[k] <= '9') || (l[k] >= 'a' && l[k] <= 'f')))
			k++;
		if (k == i + 3)
			return false;
		i = k;
		frames++;
	}
	return frames > 0;
}

int legacy_parse_gocount(struct profile *p, const uint8_t *b, size_t n, struct rt_error *err)
{
	struct lscan s;
	struct lm_caps c;
	int oom = 0;
	lscan_init(&s, b, n);
	while (lscan_next(&s) && legacy_space_or_comment(s.line, s.len))
		;
	if (lscan_err(&s, err) < 0)
		return LEGACY_ERROR;
	if (!FIND(count_start_rx, true, s.line, s.len, &c, &oom))
		return oom ? legacy_nomem(err) : LEGACY_UNRECOGNIZED;
	size_t tn;
	const char *type = lm_group(s.line, &c, 1, &tn);
	p->period = 1;
	if (profile_set_sample_types(p, 1) < 0)
		return legacy_nomem(err);
	p->period_type.type = p->sample_types[0].type = profile_strn(p, type, tn);
	p->period_type.unit = p->sample_types[0].unit = profile_str(p, "count");
	if (!p->period_type.type || !p->period_type.unit)
		return legacy_nomem(err);

	struct legacy_locs ll;
	struct stack st = { 0 };
	int rc = LEGACY_OK;
	if (legacy_locs_init(&ll) < 0)
		return legacy_nomem(err);
	while (rc == LEGACY_OK && lscan_next(&s)) {
		const char *line = s.line;
		size_t len = s.len, nd, at;
		if (legacy_space_or_comment(line, len))
			continue;
		if (legacy_has_prefix(line, len, "---"))
			break;
		int64_t count;
		if (!count_line(line, len, &nd, &at) ||
		    legacy_parse_int(line, nd, 0, &count, NULL) < 0) {
			rt_error_set(err, "malformed profile format");
			rc = LEGACY_ERROR;
			break;
		}
		st.n = 0;
		struct rt_error e;
		if (legacy_hex_addresses(line + at, len - at, &st.addrs, &st.n, &st.cap, &e) < 0) {
			rt_error_set(err, "malformed profile format");
			rc = LEGACY_ERROR;
			break;
		}
		struct sample *smp = stack_sample(p, &ll, &st, 1);
		if (!smp || sample_set_value(p, smp, 0, count) < 0) {
			rc = legacy_nomem(err);
			break;
		}
	}
	return text_finish(p, &s, &ll, &st, rc, err);
}

/* --- threadz --- */

/* parseThreadSample: the addresses up to the next "---" line (none after
 * a "same as previous thread" line); *line is the last line looked at. */
static int thread_sample(struct lscan *s, struct stack *st, const char **line, size_t *len,
			 struct rt_error *err)
{
	bool same = false;
	st->n = 0;
	while (lscan_next(s)) {
		const char *l = s->line;
		size_t n = s->len;
		legacy_trim(&l, &n);
		*line = l;
		*len = n;
		if (n == 0)
			continue;
		if (legacy_has_prefix(l, n, "---"))
			break;
		if (legacy_contains(l, n, "same as previous thread")) {
			same = true;
			continue;
		}
		struct rt_error e;
		if (legacy_hex_addresses(l, n, &st->addrs, &st->n, &st->cap, &e) < 0) {
			rt_error_set(err, "malformed sample: %.*s: %s", (int)n, l, e.msg);
			return LEGACY_ERROR;
		}
	}
	if (lscan_err(s, err) < 0)
		return LEGACY_ERROR;
	if (same)
		st->n = 0;
	return LEGACY_OK;
}

static int thread_samples(struct profile *p, struct lscan *s, const char *line, size_t len,
			  struct rt_error *err)
{
	struct legacy_locs ll;
	struct stack st = { 0 };
	struct lm_caps c;
	int rc = LEGACY_OK, oom = 0;
	if (legacy_locs_init(&ll) < 0)
		return legacy_nomem(err);
	while (rc == LEGACY_OK && !legacy_map_sentinel(line, len)) {
		if (legacy_has_prefix(line, len, "---- no stack trace for"))
			break;
		if (!FIND(thread_start_rx, false, line, len, &c, &oom)) {
			rc = oom ? legacy_nomem(err) : LEGACY_UNRECOGNIZED;
			break;
		}
		line = "";
		len = 0;
		rc = thread_sample(s, &st, &line, &len, err);
		if (rc != LEGACY_OK)
			break;
		if (st.n == 0) {
			if (!p->n_samples)
				continue;
			const struct sample *last = &p->samples[p->n_samples - 1];
			if (sample_set_value(p, last, 0, sample_value(p, last, 0) + 1) < 0) {
				rc = legacy_nomem(err);
				break;
			}
			continue;
		}
		struct sample *smp = stack_sample(p, &ll, &st, 2);
		if (!smp || sample_set_value(p, smp, 0, 1) < 0) {
			rc = legacy_nomem(err);
			break;
		}
	}
	if (rc == LEGACY_OK)
		rc = legacy_additional_sections(s, p, err);
	if (rc == LEGACY_OK)
		legacy_cleanup_duplicates(p);
	legacy_locs_free(&ll);
	stack_free(&st);
	return rc;
}

int legacy_parse_thread(struct profile *p, const uint8_t *b, size_t n, struct rt_error *err)
{
	struct lscan s;
	struct lm_caps c;
	int oom = 0;
	lscan_init(&s, b, n);
	while (lscan_next(&s) && legacy_space_or_comment(s.line, s.len))
		;
	const char *line = s.line;
	size_t len = s.len;
	if (FIND(threadz_start_rx, false, line, len, &c, &oom)) {
		while (lscan_next(&s)) {
			line = s.line;
			len = s.len;
			if (legacy_map_sentinel(line, len) || legacy_has_prefix(line, len, "-"))
				break;
		}
	} else if (!FIND(thread_start_rx, false, line, len, &c, &oom)) {
		return oom ? legacy_nomem(err) : LEGACY_UNRECOGNIZED;
	}
	if (oom)
		return legacy_nomem(err);
	p->period = 1;
	if (profile_set_sample_types(p, 1) < 0 || set_type(p, 0, "thread", "count") < 0 ||
	    set_period_type(p, "thread", "count") < 0)
		return legacy_nomem(err);
	return thread_samples(p, &s, line, len, err);
}

/* --- contention --- */

static int contention_sample(struct profile *p, struct legacy_locs *ll, struct stack *st,
			     const char *line, size_t len, int64_t cpu_hz, struct rt_error *err)
{
	struct lm_caps c;
	int oom = 0;
	if (!FIND(contention_sample_rx, false, line, len, &c, &oom))
		return oom ? legacy_nomem(err) : LEGACY_UNRECOGNIZED;
	size_t n1, n2, n3;
	const char *g1 = lm_group(line, &c, 1, &n1), *g2 = lm_group(line, &c, 2, &n2);
	const char *g3 = lm_group(line, &c, 3, &n3);
	int64_t v1, v2;
	struct rt_error e;
	if (legacy_parse_int(g1, n1, 10, &v1, &e) < 0 || legacy_parse_int(g2, n2, 10, &v2, &e) < 0) {
		rt_error_set(err, "malformed sample: %.*s: %s", (int)len, line, e.msg);
		return LEGACY_ERROR;
	}
	if (p->period > 0) {
		if (cpu_hz > 0) {
			double ghz = (double)cpu_hz / 1e9;
			v1 = legacy_f2i((double)v1 * (double)p->period / ghz);
		}
		v2 = (int64_t)((uint64_t)v2 * (uint64_t)p->period);
	}
	st->n = 0;
	if (legacy_hex_addresses(g3, n3, &st->addrs, &st->n, &st->cap, &e) < 0) {
		rt_error_set(err, "malformed sample: %.*s: %s", (int)len, line, e.msg);
		return LEGACY_ERROR;
	}
	struct sample *s = stack_sample(p, ll, st, 1);
	if (!s || sample_set_value(p, s, 0, v2) < 0 || sample_set_value(p, s, 1, v1) < 0)
		return legacy_nomem(err);
	return LEGACY_OK;
}

/* The "key = value" lines before the samples; LEGACY_UNRECOGNIZED for
 * keys that belong to other formats. */
static int contention_attrs(struct profile *p, struct lscan *s, int64_t *cpu_hz)
{
	while (lscan_next(s)) {
		const char *line = s->line;
		size_t len = s->len;
		legacy_trim(&line, &len);
		if (legacy_space_or_comment(line, len))
			continue;
		if (legacy_has_prefix(line, len, "---"))
			break;
		const char *eq = memchr(line, '=', len);
		if (!eq)
			break;
		const char *k = line, *v = eq + 1;
		size_t kn = (size_t)(eq - line), vn = len - kn - 1;
		legacy_trim(&k, &kn);
		legacy_trim(&v, &vn);
#define KEY(s) (kn == strlen(s) && memcmp(k, s, kn) == 0)
		int64_t x;
		if (KEY("cycles/second")) {
			if (legacy_parse_int(v, vn, 0, cpu_hz, NULL) < 0)
				return LEGACY_UNRECOGNIZED;
		} else if (KEY("sampling period")) {
			if (legacy_parse_int(v, vn, 0, &p->period, NULL) < 0)
				return LEGACY_UNRECOGNIZED;
		} else if (KEY("ms since reset")) {
			if (legacy_parse_int(v, vn, 0, &x, NULL) < 0)
				return LEGACY_UNRECOGNIZED;
			p->duration_nanos = (int64_t)((uint64_t)x * 1000 * 1000);
		} else if (!KEY("discarded samples")) {
			/* "format", "resolution" (Java's) and anything else */
			return LEGACY_UNRECOGNIZED;
		}
#undef KEY
	}
	return LEGACY_OK;
}

int legacy_parse_contention(struct profile *p, const uint8_t *b, size_t n, struct rt_error *err)
{
	struct lscan s;
	lscan_init(&s, b, n);
	if (!lscan_next(&s))
		return s.too_long ? lscan_err(&s, err) : LEGACY_UNRECOGNIZED;
	if (!legacy_has_prefix(s.line, s.len, "--- contentionz ") &&
	    !legacy_has_prefix(s.line, s.len, "--- mutex:") &&
	    !legacy_has_prefix(s.line, s.len, "--- contention:"))
		return LEGACY_UNRECOGNIZED;
	p->period = 1;
	if (set_period_type(p, "contentions", "count") < 0 ||
	    profile_set_sample_types(p, 2) < 0 || set_type(p, 0, "contentions", "count") < 0 ||
	    set_type(p, 1, "delay", "nanoseconds") < 0)
		return legacy_nomem(err);
	int64_t cpu_hz = 0;
	int rc = contention_attrs(p, &s, &cpu_hz);
	if (rc != LEGACY_OK)
		return rc;
	if (lscan_err(&s, err) < 0)
		return LEGACY_ERROR;

	struct legacy_locs ll;
	struct stack st = { 0 };
	if (legacy_locs_init(&ll) < 0)
		return legacy_nomem(err);
	for (;;) {
		const char *line = s.line;
		size_t len = s.len;
		legacy_trim(&line, &len);
		if (legacy_has_prefix(line, len, "---"))
			break;
		if (!legacy_space_or_comment(line, len)) {
			rc = contention_sample(p, &ll, &st, line, len, cpu_hz, err);
			if (rc != LEGACY_OK)
				break;
		}
		if (!lscan_next(&s))
			break;
	}
	return text_finish(p, &s, &ll, &st, rc, err);
}

/* --- parseLegacy --- */

/* addLegacyFrameInfo: the frames pprof hides for each kind of profile. */
static const char alloc_rx[] =
	"calloc|cfree|malloc|free|memalign|do_memalign|(__)?posix_memalign|pvalloc|"
	"valloc|realloc|tcmalloc::.*|tc_calloc|tc_cfree|tc_malloc|tc_free|tc_memalign|"
	"tc_posix_memalign|tc_pvalloc|tc_valloc|tc_realloc|tc_new|tc_delete|"
	"tc_newarray|tc_deletearray|tc_new_nothrow|tc_newarray_nothrow|"
	"malloc_zone_malloc|malloc_zone_calloc|malloc_zone_valloc|malloc_zone_realloc|"
	"malloc_zone_memalign|malloc_zone_free|runtime\\..*|BaseArena::.*|"
	"(::)?do_malloc_no_errno|(::)?do_malloc_pages|(::)?do_malloc|DoSampledAllocation|"
	"MallocedMemBlock::MallocedMemBlock|_M_allocate|__builtin_(vec_)?delete|"
	"__builtin_(vec_)?new|__gnu_cxx::new_allocator::allocate|__libc_malloc|"
	"__malloc_alloc_template::allocate|allocate|cpp_alloc|operator new(\\[\\])?|"
	"simple_alloc::allocate";
static const char alloc_skip_rx[] = "runtime\\.panic|runtime\\.reflectcall|runtime\\.call[0-9]*";
static const char cpu_profiler_rx[] =
	"ProfileData::Add|ProfileData::prof_handler|CpuProfiler::prof_handler|"
	"__pthread_sighandler|__restore";
static const char lock_rx[] =
	"RecordLockProfileData|(base::)?RecordLockProfileData.*|"
	"(base::)?SubmitMutexProfileData.*|(base::)?SubmitSpinLockProfileData.*|"
	"(base::Mutex::)?AwaitCommon.*|(base::Mutex::)?Unlock.*|(base::Mutex::)?UnlockSlow.*|"
	"(base::Mutex::)?ReaderUnlock.*|(base::MutexLock::)?~MutexLock.*|"
	"(Mutex::)?AwaitCommon.*|(Mutex::)?Unlock.*|(Mutex::)?UnlockSlow.*|"
	"(Mutex::)?ReaderUnlock.*|(MutexLock::)?~MutexLock.*|(SpinLock::)?Unlock.*|"
	"(SpinLock::)?SlowUnlock.*|(SpinLockHolder::)?~SpinLockHolder.*";

static bool types_are(const struct profile *p, const char *const *t, size_t n)
{
	if (p->n_sample_types != n)
		return false;
	for (size_t i = 0; i < n; i++)
		if (strcmp(p->sample_types[i].type, t[i]) != 0)
			return false;
	return true;
}

static int frame_info(struct profile *p)
{
	static const char *const heap1[] = { "allocations", "size" };
	static const char *const heap2[] = { "objects", "space" };
	static const char *const heap3[] = { "inuse_objects", "inuse_space" };
	static const char *const heap4[] = { "alloc_objects", "alloc_space" };
	static const char *const heap5[] = { "alloc_objects", "alloc_space", "inuse_objects",
					     "inuse_space" };
	static const char *const lock[] = { "contentions", "delay" };
	const char *drop = cpu_profiler_rx, *keep = "";
	if (types_are(p, heap1, 2) || types_are(p, heap2, 2) || types_are(p, heap3, 2) ||
	    types_are(p, heap4, 2) || types_are(p, heap5, 4)) {
		drop = alloc_rx;
		keep = alloc_skip_rx;
	} else if (types_are(p, lock, 2)) {
		drop = lock_rx;
	}
	p->drop_frames = profile_str(p, drop);
	p->keep_frames = profile_str(p, keep);
	return p->drop_frames && p->keep_frames ? 0 : -1;
}

typedef int (*legacy_parser)(struct profile *, const uint8_t *, size_t, struct rt_error *);

int profile_parse_legacy(const uint8_t *data, size_t n, struct profile **out,
			 struct rt_error *err)
{
	static const legacy_parser parsers[] = {
		legacy_parse_cpu, legacy_parse_heap, legacy_parse_gocount,
		legacy_parse_thread, legacy_parse_contention, legacy_parse_java,
	};
	struct rt_error e = { { 0 } };
	*out = NULL;
	for (size_t i = 0; i < sizeof parsers / sizeof parsers[0]; i++) {
		struct profile *p = profile_new();
		if (!p)
			return rt_error_set(err, "out of memory");
		int rc = parsers[i](p, data, n, &e);
		if (rc == LEGACY_UNRECOGNIZED) {
			profile_free(p);
			continue;
		}
		if (rc == LEGACY_OK && frame_info(p) < 0)
			rc = rt_error_set(&e, "out of memory");
		if (rc != LEGACY_OK) {
			profile_free(p);
			if (strcmp(e.msg, "out of memory") != 0)
				rt_error_prefix(&e, "parsing profile");
			if (err)
				*err = e;
			return LEGACY_ERROR;
		}
		if (profile_check_valid(p, &e) < 0) {
			rt_error_prefix(&e, "malformed profile");
			if (err)
				*err = e;
			profile_free(p);
			return LEGACY_ERROR;
		}
		*out = p;
		return LEGACY_OK;
	}
	return LEGACY_UNRECOGNIZED;
}
