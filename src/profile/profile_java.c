/* profile_java: Java's legacy profiles as pprof's legacy_java_profile.go
 * reads them: "--- heapz 1 ---" and "--- contentionz 1 ---" text (header
 * attributes, "N M @ 0x.." samples, then "0xADDR name (file:line)"
 * location lines), and the location lines after a binary Java CPU
 * profile (profile_legacy_cpu.c reads its samples).  Addresses are dropped
 * at the end (pprof aggregates them away for better merging). */
#include "profile/profile_legacy.h"

#include <stdlib.h>
#include <string.h>

#include "profile/profile_legacy_match.h"

/* attributeRx, javaSampleRx, javaLocationRx, javaLocationFileLineRx,
 * javaLocationPathRx */
static const struct lm_node attribute_rx[] = {
	LM_OPEN_(1), LM_C(LMC_WORDSP, 1, 1), LM_CLOSE_(1), LM_L("="),
	LM_OPEN_(2), LM_C(LMC_WORDSP, 1, 1), LM_CLOSE_(2),
};
static const struct lm_node sample_rx[] = {
	LM_C(LMC_SP, 0, 1), LM_OPEN_(1), LM_C(LMC_DIGIT, 1, 1), LM_CLOSE_(1), LM_C(LMC_SP, 1, 1),
	LM_OPEN_(2), LM_C(LMC_DIGIT, 1, 1), LM_CLOSE_(2), LM_C(LMC_SP, 1, 1), LM_L("@"),
	LM_C(LMC_SP, 1, 1), LM_OPEN_(3), LM_C(LMC_ADDRS, 0, 1), LM_CLOSE_(3),
};
static const struct lm_node location_rx[] = {
	LM_C(LMC_SPACE, 0, 1), LM_L("0x"), LM_OPEN_(1), LM_C(LMC_XDIGIT, 1, 1), LM_CLOSE_(1),
	LM_C(LMC_SPACE, 1, 1), LM_OPEN_(2), LM_C(LMC_ANY, 0, 1), LM_CLOSE_(2),
	LM_C(LMC_SPACE, 0, 1), LM_EOL_,
};
static const struct lm_node file_line_rx[] = {
	LM_OPEN_(1), LM_C(LMC_ANY, 0, 1), LM_CLOSE_(1), LM_C(LMC_SPACE, 1, 1), LM_L("("),
	LM_OPEN_(2), LM_C(LMC_ANY, 1, 1), LM_CLOSE_(2), LM_L(":"),
	LM_OPEN_(3), LM_OPT_, LM_L("-"), LM_END_, LM_C(LMC_DIGIT, 1, 1), LM_CLOSE_(3),
	LM_L(")"), LM_EOL_,
};
static const struct lm_node path_rx[] = {
	LM_OPEN_(1), LM_C(LMC_ANY, 0, 1), LM_CLOSE_(1), LM_C(LMC_SPACE, 1, 1), LM_L("("),
	LM_OPEN_(2), LM_C(LMC_ANY, 0, 1), LM_CLOSE_(2), LM_L(")"), LM_EOL_,
};

enum java_kind { JAVA_HEAP, JAVA_CONTENTION };

static int match(const struct lm_node *pat, size_t n, bool anchored, const char *s, size_t len,
		 struct lm_caps *c)
{
	return lm_find(pat, n, anchored, s, len, c);
}
#define MATCH(pat, anch, s, len, c) match((pat), sizeof(pat) / sizeof((pat)[0]), (anch), (s), (len), (c))

/* The next '\n'-terminated line of *b (trimmed), or false. */
static bool next_line(const char **b, size_t *n, const char **line, size_t *len, size_t *adv)
{
	const char *nl = memchr(*b, '\n', *n);
	if (!nl)
		return false;
	*line = *b;
	*len = (size_t)(nl - *b);
	*adv = *len + 1;
	legacy_trim(line, len);
	return true;
}

static int set_types(struct profile *p, const char *t0, const char *u0, const char *t1,
		     const char *u1, size_t u1n)
{
	p->sample_types[0].type = profile_str(p, t0);
	p->sample_types[0].unit = profile_str(p, u0);
	p->sample_types[1].type = profile_str(p, t1);
	p->sample_types[1].unit = profile_strn(p, u1, u1n);
	return p->sample_types[0].type && p->sample_types[0].unit && p->sample_types[1].type &&
			       p->sample_types[1].unit ? 0 : -1;
}

/* parseJavaHeader: consumes the attribute lines. */
static int java_header(struct profile *p, enum java_kind kind, const char **b, size_t *n,
		       bool *typed, struct rt_error *err)
{
	const char *line;
	size_t len, adv;
	while (next_line(b, n, &line, &len, &adv)) {
		if (len) {
			struct lm_caps c;
			int r = MATCH(attribute_rx, false, line, len, &c);
			if (r < 0)
				return legacy_nomem(err);
			if (!r)
				return LEGACY_OK;
			size_t an, vn;
			const char *a = lm_group(line, &c, 1, &an), *v = lm_group(line, &c, 2, &vn);
			legacy_trim(&a, &an);
			legacy_trim(&v, &vn);
#define ATTR(s) (an == strlen(s) && memcmp(a, s, an) == 0)
			if (ATTR("format")) {
				if (vn != 4 || memcmp(v, "java", 4) != 0)
					return LEGACY_UNRECOGNIZED;
			} else if (ATTR("resolution")) {
				int rc = kind == JAVA_HEAP
					? set_types(p, "inuse_objects", "count", "inuse_space", v, vn)
					: set_types(p, "contentions", "count", "delay", v, vn);
				if (rc < 0)
					return legacy_nomem(err);
				*typed = true;
			} else if (kind == JAVA_CONTENTION && (ATTR("sampling period") ||
							       ATTR("ms since reset"))) {
				int64_t x;
				struct rt_error e;
				if (legacy_parse_int(v, vn, 0, &x, &e) < 0) {
					rt_error_set(err, "failed to parse attribute %.*s: %s",
						     (int)len, line, e.msg);
					return LEGACY_ERROR;
				}
				if (ATTR("ms since reset")) {
					p->duration_nanos = (int64_t)((uint64_t)x * 1000 * 1000);
				} else {
					p->period = x;
					p->period_type.type = profile_str(p, "contentions");
					p->period_type.unit = profile_str(p, "count");
					if (!p->period_type.type || !p->period_type.unit)
						return legacy_nomem(err);
				}
			} else {
				return LEGACY_UNRECOGNIZED;
			}
#undef ATTR
		}
		*b += adv;
		*n -= adv;
	}
	return LEGACY_OK;
}

static int java_sample(struct profile *p, enum java_kind kind, struct legacy_locs *ll,
		       const char *line, size_t len, const struct lm_caps *c, uint64_t **addrs,
		       size_t *cap_addrs, struct rt_error *err)
{
	size_t n1, n2, n3, na = 0;
	const char *g1 = lm_group(line, c, 1, &n1), *g2 = lm_group(line, c, 2, &n2);
	const char *g3 = lm_group(line, c, 3, &n3);
	struct rt_error e;
	if (legacy_hex_addresses(g3, n3, addrs, &na, cap_addrs, &e) < 0) {
		rt_error_set(err, "malformed sample: %.*s: %s", (int)len, line, e.msg);
		return LEGACY_ERROR;
	}
	struct location **locs = malloc((na ? na : 1) * sizeof *locs);
	if (!locs)
		return legacy_nomem(err);
	for (size_t i = 0; i < na; i++)
		if (!(locs[i] = legacy_loc(p, ll, (*addrs)[i]))) {
			free(locs);
			return legacy_nomem(err);
		}
	struct sample *s = legacy_add_sample(p, locs, na);
	free(locs);
	if (!s)
		return legacy_nomem(err);
	/* The first number is the second value and vice versa. */
	int64_t v[2];
	if (legacy_parse_int(g2, n2, 0, &v[0], &e) < 0 ||
	    legacy_parse_int(g1, n1, 0, &v[1], &e) < 0) {
		rt_error_set(err, "parsing sample %.*s: %s", (int)len, line, e.msg);
		return LEGACY_ERROR;
	}
	if (kind == JAVA_HEAP) {
		if (v[0] == 0) {
			rt_error_set(err, "parsing sample %.*s: second value must be non-zero",
				     (int)len, line);
			return LEGACY_ERROR;
		}
		struct label *l = arena_zalloc(&p->arena, sizeof *l);
		if (!l || sample_set_labels(p, s, l, 1) < 0)
			return legacy_nomem(err);
		l->key = profile_str(p, "bytes");
		l->num = v[1] / v[0];
		l->num_unit = p->strs.empty;
		if (!l->key)
			return legacy_nomem(err);
		legacy_scale_heap(v[0], v[1], 524288, &v[0], &v[1]);
	} else if (p->period != 0) {
		v[0] = (int64_t)((uint64_t)v[0] * (uint64_t)p->period);
		v[1] = (int64_t)((uint64_t)v[1] * (uint64_t)p->period);
	}
	if (sample_set_value(p, s, 0, v[0]) < 0 || sample_set_value(p, s, 1, v[1]) < 0)
		return legacy_nomem(err);
	return LEGACY_OK;
}

/* parseJavaSamples: consumes the sample lines. */
static int java_samples(struct profile *p, enum java_kind kind, const char **b, size_t *n,
			struct legacy_locs *ll, struct rt_error *err)
{
	const char *line;
	size_t len, adv, cap_addrs = 0;
	uint64_t *addrs = NULL;
	int rc = LEGACY_OK;
	while (rc == LEGACY_OK && next_line(b, n, &line, &len, &adv)) {
		if (len) {
			struct lm_caps c;
			int r = MATCH(sample_rx, false, line, len, &c);
			if (r < 0) {
				rc = legacy_nomem(err);
				break;
			}
			if (!r)
				break;
			rc = java_sample(p, kind, ll, line, len, &c, &addrs, &cap_addrs, err);
		}
		*b += adv;
		*n -= adv;
	}
	free(addrs);
	return rc;
}

/* filepath.Base */
static const char *base_name(const char *s, size_t n, size_t *len)
{
	if (n == 0) {
		*len = 1;
		return ".";
	}
	while (n > 0 && s[n - 1] == '/')
		n--;
	if (n == 0) {
		*len = 1;
		return "/";
	}
	size_t i = n;
	while (i > 0 && s[i - 1] != '/')
		i--;
	*len = n - i;
	return s + i;
}

/* One "0xADDR description" line: names the location at ADDR. */
static int java_location(struct profile *p, struct legacy_locs *ll, struct idmap *fns,
			 const char *line, size_t len, struct rt_error *err)
{
	struct lm_caps c;
	int r = MATCH(location_rx, true, line, len, &c);
	if (r <= 0)
		return r < 0 ? legacy_nomem(err) : LEGACY_OK;
	size_t an, dn;
	const char *a = lm_group(line, &c, 1, &an), *d = lm_group(line, &c, 2, &dn);
	uint64_t addr;
	struct rt_error e;
	if (legacy_parse_uint(a, an, 16, &addr, &e) < 0) {
		rt_error_set(err, "parsing sample %.*s: %s", (int)len, line, e.msg);
		return LEGACY_ERROR;
	}
	struct location *loc = legacy_loc_find(ll, addr);
	if (!loc)
		return LEGACY_OK;
	const char *fn = d, *file = "";
	size_t fnn = dn, filen = 0;
	int64_t lineno = 0;
	struct lm_caps f;
	if ((r = MATCH(file_line_rx, true, d, dn, &f)) > 0) {
		size_t nn;
		const char *num = lm_group(d, &f, 3, &nn);
		fn = lm_group(d, &f, 1, &fnn);
		file = lm_group(d, &f, 2, &filen);
		int64_t x;
		if (legacy_parse_int(num, nn, 10, &x, NULL) == 0 && x > 0)
			lineno = x;
	} else if (r == 0 && (r = MATCH(path_rx, true, d, dn, &f)) > 0) {
		size_t pn;
		const char *path = lm_group(d, &f, 2, &pn);
		fn = lm_group(d, &f, 1, &fnn);
		file = base_name(path, pn, &filen);
	} else if (r == 0 && legacy_contains(d, dn, "generated stub/JIT")) {
		fn = "STUB";
		fnn = 4;
	}
	if (r < 0)
		return legacy_nomem(err);
	const char *name = profile_strn(p, fn, fnn);
	if (!name)
		return legacy_nomem(err);
	/* Interned names are unique pointers: key the functions by them. */
	struct function *f0 = idmap_get(fns, (uint64_t)(uintptr_t)name);
	if (!f0) {
		f0 = profile_add_function(p, 0);
		if (!f0 || idmap_put(fns, (uint64_t)(uintptr_t)name, f0) < 0)
			return legacy_nomem(err);
		f0->name = f0->system_name = name;
		f0->filename = profile_strn(p, file, filen);
		if (!f0->filename)
			return legacy_nomem(err);
	}
	struct line *ln = arena_alloc(&p->arena, sizeof *ln);
	if (!ln)
		return legacy_nomem(err);
	ln->fn = f0;
	ln->line = lineno;
	loc->lines = ln;
	loc->n_lines = 1;
	loc->address = 0;
	return LEGACY_OK;
}

/* parseJavaLocations, then Aggregate(address: false) with its check. */
static int java_locations(struct profile *p, const char *b, size_t n, struct legacy_locs *ll,
			  bool typed, struct rt_error *err)
{
	struct idmap fns;
	int rc = LEGACY_OK;
	if (idmap_init(&fns, 64) < 0)
		return legacy_nomem(err);
	while (n > 0 && rc == LEGACY_OK) {
		const char *nl = memchr(b, '\n', n);
		size_t len = nl ? (size_t)(nl - b) + 1 : n;
		const char *line = b;
		size_t ln = len;
		b += len;
		n -= len;
		legacy_trim(&line, &ln);
		if (ln)
			rc = java_location(p, ll, &fns, line, ln, err);
	}
	idmap_free(&fns);
	if (rc != LEGACY_OK)
		return rc;
	if (legacy_remap(p) < 0)
		return legacy_nomem(err);
	for (size_t i = 0; i < p->n_locations; i++)
		p->locations[i]->address = 0;
	if (!typed) {
		/* pprof's samples have two values and no types. */
		if (p->n_samples)
			return rt_error_set(err, "missing sample type information");
		p->n_sample_types = 0;
	}
	if (profile_check_valid(p, err) < 0)
		return LEGACY_ERROR;
	return LEGACY_OK;
}

int legacy_java_cpu(struct profile *p, const uint8_t *b, size_t n,
		    struct legacy_locs *locs, struct rt_error *err)
{
	return java_locations(p, (const char *)b, n, locs, true, err);
}

int legacy_parse_java(struct profile *p, const uint8_t *data, size_t n, struct rt_error *err)
{
	const char *b = (const char *)data;
	const char *nl = memchr(b, '\n', n);
	if (!nl)
		return LEGACY_UNRECOGNIZED;
	const char *h = b;
	size_t hn = (size_t)(nl - b);
	enum java_kind kind;
	legacy_trim(&h, &hn);
	if (hn == 15 && memcmp(h, "--- heapz 1 ---", 15) == 0)
		kind = JAVA_HEAP;
	else if (hn == 21 && memcmp(h, "--- contentionz 1 ---", 21) == 0)
		kind = JAVA_CONTENTION;
	else
		return LEGACY_UNRECOGNIZED;
	n -= (size_t)(nl - b) + 1;
	b = nl + 1;
	/* Two placeholder types until a "resolution" line names them. */
	bool typed = false;
	if (profile_set_sample_types(p, 2) < 0)
		return legacy_nomem(err);
	int rc = java_header(p, kind, &b, &n, &typed, err);
	if (rc != LEGACY_OK)
		return rc;
	struct legacy_locs ll;
	if (legacy_locs_init(&ll) < 0)
		return legacy_nomem(err);
	rc = java_samples(p, kind, &b, &n, &ll, err);
	if (rc == LEGACY_OK)
		rc = java_locations(p, b, n, &ll, typed, err);
	legacy_locs_free(&ll);
	return rc;
}
