/* profile_legacy_maps: what pprof's legacy parsers share (legacy_profile.go):
 * Go's line scanner, TrimSpace, hex address lists, number parsing with
 * strconv's messages, the address -> location table, the /proc/self/maps
 * reader (ParseProcMaps with its log-prefix and $attr rules), and the
 * post-processing every legacy profile gets (massageMappings,
 * remapLocationIDs, remapFunctionIDs, remapMappingIDs). */
#include "profile/profile_legacy.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/goparse.h"
#include "profile/profile_legacy_match.h"

enum { SCAN_MAX_TOKEN = 64 * 1024 };

void lscan_init(struct lscan *s, const uint8_t *data, size_t n)
{
	memset(s, 0, sizeof *s);
	s->data = (const char *)data;
	s->n = n;
	s->line = "";
}

bool lscan_next(struct lscan *s)
{
	if (s->too_long)
		return false;
	if (s->pos >= s->n) {
		s->line = "";
		s->len = 0;
		return false;
	}
	const char *start = s->data + s->pos;
	const char *nl = memchr(start, '\n', s->n - s->pos);
	size_t len = nl ? (size_t)(nl - start) : s->n - s->pos;
	if (len >= SCAN_MAX_TOKEN) {
		s->too_long = true;
		return false;
	}
	s->pos += len + (nl != NULL);
	if (len && start[len - 1] == '\r')
		len--;
	s->line = start;
	s->len = len;
	return true;
}

int lscan_err(const struct lscan *s, struct rt_error *err)
{
	if (!s->too_long)
		return LEGACY_OK;
	rt_error_set(err, "bufio.Scanner: token too long");
	return LEGACY_ERROR;
}

/* Length of the Unicode white space (unicode.IsSpace) at s, or 0. */
static size_t space_at(const unsigned char *s, size_t len)
{
	unsigned char c = s[0];
	if (c == ' ' || (c >= '\t' && c <= '\r'))
		return 1;
	if (len >= 2 && c == 0xc2 && (s[1] == 0x85 || s[1] == 0xa0))
		return 2;
	if (len < 3)
		return 0;
	if (c == 0xe1 && s[1] == 0x9a && s[2] == 0x80)
		return 3;
	if (c == 0xe2 && s[1] == 0x80 && (s[2] <= 0x8a || s[2] == 0xa8 || s[2] == 0xa9 || s[2] == 0xaf))
		return 3;
	if (c == 0xe2 && s[1] == 0x81 && s[2] == 0x9f)
		return 3;
	if (c == 0xe3 && s[1] == 0x80 && s[2] == 0x80)
		return 3;
	return 0;
}

/* Length of the white space ending at s[len-1], or 0. */
static size_t space_before(const unsigned char *s, size_t len)
{
	for (size_t k = 1; k <= 3 && k <= len; k++)
		if (space_at(s + len - k, k) == k)
			return k;
	return 0;
}

void legacy_trim(const char **s, size_t *len)
{
	const unsigned char *p = (const unsigned char *)*s;
	size_t n = *len, k;
	while (n && (k = space_at(p, n)) != 0) {
		p += k;
		n -= k;
	}
	while (n && (k = space_before(p, n)) != 0)
		n -= k;
	*s = (const char *)p;
	*len = n;
}

bool legacy_has_prefix(const char *s, size_t len, const char *prefix)
{
	size_t k = strlen(prefix);
	return len >= k && memcmp(s, prefix, k) == 0;
}

bool legacy_contains(const char *s, size_t len, const char *needle)
{
	size_t k = strlen(needle);
	for (size_t i = 0; i + k <= len; i++)
		if (memcmp(s + i, needle, k) == 0)
			return true;
	return false;
}

bool legacy_space_or_comment(const char *s, size_t len)
{
	legacy_trim(&s, &len);
	return len == 0 || s[0] == '#';
}

bool legacy_map_sentinel(const char *s, size_t len)
{
	return legacy_contains(s, len, "--- Memory map: ---") ||
	       legacy_contains(s, len, "MAPPED_LIBRARIES:");
}

static int num_error(struct rt_error *err, const char *fn, const char *s, size_t len,
		     bool range)
{
	return rt_error_set(err, "strconv.%s: parsing \"%.*s\": %s", fn, (int)len, s,
			    range ? "value out of range" : "invalid syntax");
}

int legacy_parse_int(const char *s, size_t len, int base, int64_t *v, struct rt_error *err)
{
	char small[64], *buf = len < sizeof small ? small : malloc(len + 1);
	if (!buf)
		return rt_error_set(err, "out of memory");
	memcpy(buf, s, len);
	buf[len] = '\0';
	long long x = 0;
	enum go_parse r = base == 0 ? go_parse_int(buf, &x) : go_atoi(buf, &x);
	if (buf != small)
		free(buf);
	if (r != GO_PARSE_OK)
		return num_error(err, "ParseInt", s, len, r == GO_PARSE_RANGE);
	*v = x;
	return 0;
}

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* ParseUint for base 16, or base 0 with a 0x prefix: all our callers have
 * matched hex digits already. */
int legacy_parse_uint(const char *s, size_t len, int base, uint64_t *v, struct rt_error *err)
{
	const char *p = s;
	size_t n = len;
	if (base == 0) {
		if (n < 2 || p[0] != '0' || (p[1] != 'x' && p[1] != 'X'))
			return num_error(err, "ParseUint", s, len, false);
		p += 2;
		n -= 2;
	}
	uint64_t x = 0;
	bool range = false;
	if (n == 0)
		return num_error(err, "ParseUint", s, len, false);
	for (size_t i = 0; i < n; i++) {
		int d = hexval(p[i]);
		if (d < 0)
			return num_error(err, "ParseUint", s, len, false);
		if (x >> 60)
			range = true;
		x = x << 4 | (uint64_t)d;
	}
	if (range)
		return num_error(err, "ParseUint", s, len, true);
	*v = x;
	return 0;
}

int legacy_hex_addresses(const char *s, size_t len, uint64_t **addrs, size_t *n,
			 size_t *cap, struct rt_error *err)
{
	size_t i = 0;
	while (i + 2 < len) {
		size_t k = i + 2;
		if (s[i] != '0' || s[i + 1] != 'x') {
			i++;
			continue;
		}
		while (k < len && ((s[k] >= '0' && s[k] <= '9') || (s[k] >= 'a' && s[k] <= 'f')))
			k++;
		if (k == i + 2) {
			i++;
			continue;
		}
		uint64_t a;
		if (legacy_parse_uint(s + i, k - i, 0, &a, NULL) < 0)
			return rt_error_set(err, "failed to parse as hex 64-bit number: %.*s",
					    (int)(k - i), s + i);
		if (*n == *cap) {
			size_t nc = *cap ? *cap * 2 : 64;
			uint64_t *na = realloc(*addrs, nc * sizeof *na);
			if (!na)
				return rt_error_set(err, "out of memory");
			*addrs = na;
			*cap = nc;
		}
		(*addrs)[(*n)++] = a;
		i = k;
	}
	return 0;
}

int legacy_nomem(struct rt_error *err)
{
	rt_error_set(err, "out of memory");
	return LEGACY_ERROR;
}

int legacy_locs_init(struct legacy_locs *l)
{
	l->zero = NULL;
	l->has_zero = false;
	return idmap_init(&l->map, 64);
}

void legacy_locs_free(struct legacy_locs *l)
{
	idmap_free(&l->map);
}

struct location *legacy_loc_find(struct legacy_locs *l, uint64_t addr)
{
	return addr ? idmap_get(&l->map, addr) : l->zero;
}

struct location *legacy_loc(struct profile *p, struct legacy_locs *l, uint64_t addr)
{
	struct location *loc = legacy_loc_find(l, addr);
	if (loc)
		return loc;
	loc = profile_add_location(p, 0, 0);
	if (!loc)
		return NULL;
	loc->address = addr;
	if (addr == 0)
		l->zero = loc;
	else if (idmap_put(&l->map, addr, loc) < 0)
		return NULL;
	return loc;
}

struct sample *legacy_add_sample(struct profile *p, struct location **locs, size_t n)
{
	if (n > UINT32_MAX)
		return NULL;
	struct sample *s = profile_add_sample_nolocs(p, (uint32_t)n, 0);
	if (s)
		for (size_t i = 0; i < n; i++)
			sample_locs32(p, s)[i] = locs[i]->slot;
	return s;
}

void legacy_drop_loc(struct profile *p, struct sample *s, uint32_t i)
{
	uint32_t *l = sample_locs32(p, s);
	memmove(l + i, l + i + 1, (s->n_locs - i - 1) * sizeof *l);
	s->n_locs--;
}

void legacy_cleanup_duplicates(struct profile *p)
{
	for (size_t i = 0; i < p->n_samples; i++) {
		struct sample *s = &p->samples[i];
		if (s->n_locs > 1 && p->locations[sample_loc(p, s, 0)]->address ==
					     p->locations[sample_loc(p, s, 1)]->address + 1)
			legacy_drop_loc(p, s, 1);
	}
}

int64_t legacy_f2i(double f)
{
	/* amd64's CVTTSD2SQ: the "integer indefinite" value when out of range. */
	if (!(f > -9223372036854775808.0 - 1024.0) || !(f < 9223372036854775808.0))
		return INT64_MIN;
	return (int64_t)f;
}

void legacy_scale_heap(int64_t count, int64_t size, int64_t rate, int64_t *oc, int64_t *os)
{
	if (count == 0 || size == 0) {
		*oc = *os = 0;
		return;
	}
	if (rate <= 1) {
		*oc = count;
		*os = size;
		return;
	}
	double avg = (double)size / (double)count;
	double scale = 1 / (1 - exp(-avg / (double)rate));
	*oc = legacy_f2i((double)count * scale);
	*os = legacy_f2i((double)size * scale);
}

/* --- memory maps --- */

/* procMapsRE and briefMapsRE (see legacy_profile.go for the Go spelling):
 * start-end [perm] [offset] dev inode [file], and the brief
 * start-end [perm] [file] [(@offset)] [buildid]. */
#define HEX_RANGE \
	LM_C(LMC_SPACE, 0, 1), LM_OPT_, LM_L("0x"), LM_END_, \
	LM_OPEN_(1), LM_C(LMC_XDIGIT, 1, 1), LM_CLOSE_(1), \
	LM_C(LMC_SEP, 0, 0), LM_C(LMC_SPACE, 0, 1), LM_OPT_, LM_L("0x"), LM_END_, \
	LM_OPEN_(2), LM_C(LMC_XDIGIT, 1, 1), LM_CLOSE_(2), LM_OPT_, LM_L(":"), LM_END_, \
	LM_OPT_, LM_C(LMC_SPACE, 1, 1), LM_OPEN_(3), LM_C(LMC_PERM, 1, 1), LM_CLOSE_(3), LM_END_

static const struct lm_node proc_maps_rx[] = {
	HEX_RANGE,
	LM_OPT_, LM_C(LMC_SPACE, 1, 1), LM_OPEN_(4), LM_C(LMC_XDIGIT, 1, 1), LM_CLOSE_(4), LM_END_,
	LM_C(LMC_SPACE, 1, 1), LM_C(LMC_XDIGIT, 1, 1), LM_L(":"), LM_C(LMC_XDIGIT, 1, 1),
	LM_C(LMC_SPACE, 1, 1), LM_C(LMC_DIGIT, 1, 1),
	LM_OPT_, LM_C(LMC_SPACE, 1, 1), LM_OPEN_(5), LM_C(LMC_NONSPACE, 1, 1), LM_CLOSE_(5), LM_END_,
};

static const struct lm_node brief_maps_rx[] = {
	HEX_RANGE,
	LM_OPT_, LM_C(LMC_SPACE, 1, 1), LM_OPEN_(4), LM_C(LMC_NONSPACE, 1, 1), LM_CLOSE_(4), LM_END_,
	LM_OPT_, LM_C(LMC_SPACE, 1, 1), LM_L("(@"), LM_OPEN_(5), LM_C(LMC_XDIGIT, 1, 1),
	LM_CLOSE_(5), LM_L(")"), LM_END_,
	LM_OPT_, LM_C(LMC_SPACE, 1, 1), LM_OPEN_(6), LM_C(LMC_XDIGIT, 1, 1), LM_CLOSE_(6), LM_END_,
};

/* logInfoRE: a glog prefix "file:line] ". */
static const struct lm_node log_info_rx[] = {
	LM_C(LMC_NOBRACKET, 1, 1), LM_L(":"), LM_C(LMC_DIGIT, 1, 1), LM_L("]"),
	LM_C(LMC_SPACE, 1, 0),
};

struct attr {
	char *key, *val;	/* key includes the '$' */
	size_t klen, vlen;
};

struct maps_state {
	struct attr *attrs;
	size_t n_attrs;
	char *buf;	/* the current line after $attr replacement */
	size_t cap;
};

/* strings.Replacer over the $attr pairs: at each position the earliest
 * defined key that matches wins. */
static int replace_attrs(struct maps_state *st, const char *s, size_t len,
			 const char **out, size_t *olen)
{
	if (st->n_attrs == 0) {
		*out = s;
		*olen = len;
		return 0;
	}
	size_t n = 0;
	for (size_t i = 0; i < len;) {
		const struct attr *hit = NULL;
		for (size_t a = 0; a < st->n_attrs && !hit; a++)
			if (st->attrs[a].klen <= len - i &&
			    memcmp(s + i, st->attrs[a].key, st->attrs[a].klen) == 0)
				hit = &st->attrs[a];
		const char *piece = hit ? hit->val : s + i;
		size_t plen = hit ? hit->vlen : 1;
		if (n + plen + 1 > st->cap) {
			size_t nc = (n + plen + 1) * 2;
			char *nb = realloc(st->buf, nc);
			if (!nb)
				return -1;
			st->buf = nb;
			st->cap = nc;
		}
		memcpy(st->buf + n, piece, plen);
		n += plen;
		i += hit ? hit->klen : 1;
	}
	*out = st->buf ? st->buf : "";
	*olen = n;
	return 0;
}

static int add_attr(struct maps_state *st, const char *line, size_t len)
{
	const char *eq = memchr(line, '=', len);
	if (!eq)
		return 0;
	const char *k = line, *v = eq + 1;
	size_t kl = (size_t)(eq - line), vl = len - kl - 1;
	legacy_trim(&k, &kl);
	legacy_trim(&v, &vl);
	struct attr *na = realloc(st->attrs, (st->n_attrs + 1) * sizeof *na);
	if (!na)
		return -1;
	st->attrs = na;
	struct attr *a = &na[st->n_attrs];
	a->key = malloc(kl + 2);
	a->val = malloc(vl + 1);
	if (!a->key || !a->val) {
		free(a->key);
		free(a->val);
		return -1;
	}
	a->key[0] = '$';
	memcpy(a->key + 1, k, kl);
	memcpy(a->val, v, vl);
	a->klen = kl + 1;
	a->vlen = vl;
	st->n_attrs++;
	return 0;
}

/* parseMappingEntry: 1 and a mapping, 0 for a line to skip (not
 * executable), LEGACY_UNRECOGNIZED, or -1 when out of memory. */
static int mapping_entry(struct profile *p, const char *l, size_t len)
{
	struct lm_caps c;
	int start_k = 1, end_k = 2, perm_k = 3, off_k, file_k, bid_k = 0;
	int r = LM_FIND(proc_maps_rx, true, l, len, &c);
	if (r < 0)
		return -1;
	if (r) {
		off_k = 4;
		file_k = 5;
	} else {
		r = LM_FIND(brief_maps_rx, true, l, len, &c);
		if (r < 0)
			return -1;
		if (!r)
			return LEGACY_UNRECOGNIZED;
		file_k = 4;
		off_k = 5;
		bid_k = 6;
	}
	size_t n;
	const char *perm = lm_group(l, &c, perm_k, &n);
	if (n && !memchr(perm, 'x', n))
		return 0;
	uint64_t start, limit, offset = 0;
	const char *s = lm_group(l, &c, start_k, &n);
	if (legacy_parse_uint(s, n, 16, &start, NULL) < 0)
		return LEGACY_UNRECOGNIZED;
	s = lm_group(l, &c, end_k, &n);
	if (legacy_parse_uint(s, n, 16, &limit, NULL) < 0)
		return LEGACY_UNRECOGNIZED;
	s = lm_group(l, &c, off_k, &n);
	if (n && legacy_parse_uint(s, n, 16, &offset, NULL) < 0)
		return LEGACY_UNRECOGNIZED;
	struct mapping *m = profile_add_mapping(p, 0);
	if (!m)
		return -1;
	m->start = start;
	m->limit = limit;
	m->offset = offset;
	s = lm_group(l, &c, file_k, &n);
	m->file = profile_strn(p, s, n);
	if (bid_k) {
		s = lm_group(l, &c, bid_k, &n);
		m->build_id = profile_strn(p, s, n);
	}
	return m->file && m->build_id ? 1 : -1;
}

static int proc_maps(struct lscan *s, struct profile *p, struct rt_error *err)
{
	struct maps_state st = { 0 };
	int rc = 0;
	while (rc == 0 && lscan_next(s)) {
		const char *line = s->line;
		size_t len = s->len;
		struct lm_caps c;
		int r = LM_FIND(log_info_rx, true, line, len, &c);
		if (r < 0)
			goto nomem;
		if (r) {
			line += c.e[0];
			len -= c.e[0];
		}
		if (replace_attrs(&st, line, len, &line, &len) < 0)
			goto nomem;
		r = mapping_entry(p, line, len);
		if (r < 0)
			goto nomem;
		if (r == LEGACY_UNRECOGNIZED && add_attr(&st, line, len) < 0)
			goto nomem;
	}
	rc = lscan_err(s, err);
	goto out;
nomem:
	rc = rt_error_set(err, "out of memory");
out:
	for (size_t i = 0; i < st.n_attrs; i++) {
		free(st.attrs[i].key);
		free(st.attrs[i].val);
	}
	free(st.attrs);
	free(st.buf);
	return rc;
}

static bool adjacent(const struct mapping *a, const struct mapping *b)
{
	if (*a->file && *b->file && a->file != b->file)
		return false;
	if (*a->build_id && *b->build_id && a->build_id != b->build_id)
		return false;
	if (a->limit != b->start)
		return false;
	if (a->offset && b->offset && a->offset + (a->limit - a->start) != b->offset)
		return false;
	return true;
}

/* libRx: [.]so$ or [.]so[._][0-9]. */
static bool is_lib(const char *f, size_t n)
{
	for (size_t i = 0; i + 3 <= n; i++) {
		if (memcmp(f + i, ".so", 3) != 0)
			continue;
		if (i + 3 == n)
			return true;
		if (i + 4 < n && (f[i + 3] == '.' || f[i + 3] == '_') &&
		    f[i + 4] >= '0' && f[i + 4] <= '9')
			return true;
	}
	return false;
}

/* The file name without "(deleted)", trimmed: is it the main binary? */
static bool looks_main(const char *file)
{
	char small[256];
	size_t n = strlen(file);
	char *buf = n < sizeof small ? small : malloc(n + 1);
	if (!buf)
		return false;
	size_t k = 0;
	for (size_t i = 0; i < n;) {
		if (strncmp(file + i, "(deleted)", 9) == 0) {
			i += 9;
			continue;
		}
		buf[k++] = file[i++];
	}
	const char *t = buf;
	legacy_trim(&t, &k);
	bool main = k > 0 && !is_lib(t, k) && t[0] != '[';
	if (buf != small)
		free(buf);
	return main;
}

static void massage_mappings(struct profile *p)
{
	if (p->n_mappings > 1) {
		size_t k = 1;
		for (size_t i = 1; i < p->n_mappings; i++) {
			struct mapping *lm = p->mappings[k - 1], *m = p->mappings[i];
			if (!adjacent(lm, m)) {
				p->mappings[k++] = m;
				continue;
			}
			lm->limit = m->limit;
			if (*m->file)
				lm->file = m->file;
			if (*m->build_id)
				lm->build_id = m->build_id;
			for (size_t j = 0; j < p->n_locations; j++)
				if (p->locations[j]->mapping == m)
					p->locations[j]->mapping = lm;
		}
		p->n_mappings = k;
	}
	for (size_t i = 0; i < p->n_mappings; i++) {
		if (!looks_main(p->mappings[i]->file))
			continue;
		struct mapping *t = p->mappings[0];
		p->mappings[0] = p->mappings[i];
		p->mappings[i] = t;
		break;
	}
	for (size_t i = 0; i < p->n_mappings; i++)
		p->mappings[i]->id = i + 1;
}

static int remap_locations(struct profile *p)
{
	struct location **out = arena_alloc(&p->arena, (p->n_locations ? p->n_locations : 1) *
						       sizeof *out);
	if (!out)
		return -1;
	for (size_t i = 0; i < p->n_locations; i++)
		p->locations[i]->id = 0;
	/* First-use order; locations no sample uses are dropped.  The
	 * samples' slots follow (p->locations is the old order until the
	 * end). */
	size_t n = 0;
	for (size_t i = 0; i < p->n_samples; i++)
		for (uint32_t j = 0; j < p->samples[i].n_locs; j++) {
			uint32_t *sl = &sample_locs32(p, &p->samples[i])[j];
			struct location *l = p->locations[*sl];
			if (!l->id) {
				l->id = n + 1;
				l->slot = (uint32_t)n;
				out[n++] = l;
			}
			*sl = l->slot;
		}
	p->cap_locations = p->n_locations ? p->n_locations : 1;
	p->locations = out;
	p->n_locations = n;
	return 0;
}

static void remap_functions(struct profile *p)
{
	for (size_t i = 0; i < p->n_functions; i++)
		p->functions[i]->id = 0;
	size_t n = 0;
	for (size_t i = 0; i < p->n_locations; i++)
		for (uint32_t j = 0; j < p->locations[i]->n_lines; j++) {
			struct function *f = p->locations[i]->lines[j].fn;
			if (f && !f->id) {
				f->id = ++n;
				p->functions[n - 1] = f;
			}
		}
	p->n_functions = n;
}

static int remap_mappings(struct profile *p)
{
	if (p->n_mappings > 1 && strncmp(p->mappings[0]->file, "/anon_hugepage", 14) == 0 &&
	    p->mappings[0]->limit == p->mappings[1]->start) {
		memmove(p->mappings, p->mappings + 1, (p->n_mappings - 1) * sizeof *p->mappings);
		p->n_mappings--;
	}
	if (p->n_mappings > 0) {
		struct mapping *m = p->mappings[0];
		if (m->start - m->offset == 0x400000) {
			m->start = 0x400000;
			m->offset = 0;
		}
	}
	struct mapping *fake = NULL;
	for (size_t i = 0; i < p->n_locations; i++) {
		struct location *l = p->locations[i];
		uint64_t a = l->address;
		if (l->mapping || a == 0)
			continue;
		for (size_t j = 0; j < p->n_mappings && !l->mapping; j++)
			if (p->mappings[j]->start <= a && a < p->mappings[j]->limit)
				l->mapping = p->mappings[j];
		for (size_t j = 0; j < p->n_mappings && !l->mapping; j++) {
			struct mapping *m = p->mappings[j];
			if (m->offset && m->start - m->offset <= a && a < m->start) {
				m->start -= m->offset;
				m->offset = 0;
				l->mapping = m;
			}
		}
		if (l->mapping)
			continue;
		if (!fake) {
			fake = profile_add_mapping(p, 1);
			if (!fake)
				return -1;
			fake->limit = UINT64_MAX;
		}
		l->mapping = fake;
	}
	for (size_t i = 0; i < p->n_mappings; i++)
		p->mappings[i]->id = i + 1;
	return 0;
}

int legacy_remap(struct profile *p)
{
	if (remap_locations(p) < 0)
		return -1;
	remap_functions(p);
	return remap_mappings(p);
}

int legacy_memory_map(struct lscan *s, struct profile *p, struct rt_error *err)
{
	if (proc_maps(s, p, err) < 0)
		return LEGACY_ERROR;
	massage_mappings(p);
	if (legacy_remap(p) < 0) {
		rt_error_set(err, "out of memory");
		return LEGACY_ERROR;
	}
	return LEGACY_OK;
}

int legacy_additional_sections(struct lscan *s, struct profile *p, struct rt_error *err)
{
	while (!legacy_map_sentinel(s->line, s->len) && lscan_next(s))
		;
	if (lscan_err(s, err) < 0)
		return LEGACY_ERROR;
	return legacy_memory_map(s, p, err);
}
