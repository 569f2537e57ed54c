/* profile_write: struct profile -> gzip'ed profile.proto, written atomically.
 * The protobuf bytes are those of pprof's encoder (profile/encode.go,
 * proto.go), so `rtprof -proto` and `go tool pprof -proto` write the same
 * protobuf: strings numbered in first-use order in pprof's preEncode
 * order, "" first; fields in field-number order; zero optional fields left
 * out; repeated numbers packed only when there are more than two; labels
 * string ones first, then numeric ones, each stably sorted by key;
 * period_type left out when both its strings are ""; default_sample_type
 * always written. */
#include "profile/profile_io.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/atomic_file.h"
#include "base/idmap.h"
#include "profile/gz.h"

/* ---- string table ---- */

struct strs {
	struct idmap index;	/* interned pointer -> index + 1 */
	const char **table;
	size_t n, cap;
	int oom;
};

static int64_t sidx(struct strs *e, const char *s)
{
	if (!*s && e->n)
		return 0;	/* "" is always first, whatever its pointer */
	uintptr_t key = (uintptr_t)s;
	void *v = idmap_get(&e->index, key);
	if (v)
		return (int64_t)(uintptr_t)v - 1;
	if (e->n == e->cap) {
		size_t ncap = e->cap ? e->cap * 2 : 256;
		const char **nt = realloc(e->table, ncap * sizeof *nt);
		if (!nt) {
			e->oom = 1;
			return 0;
		}
		e->table = nt;
		e->cap = ncap;
	}
	e->table[e->n] = s;
	if (idmap_put(&e->index, key, (void *)(uintptr_t)(e->n + 1)) < 0)
		e->oom = 1;
	return (int64_t)e->n++;
}

static int cmp_label_key(const struct label *a, const struct label *b)
{
	bool an = a->str == NULL, bn = b->str == NULL;
	if (an != bn)
		return an ? 1 : -1;	/* string labels first */
	return strcmp(a->key, b->key);
}

/* Stable: labels of one key keep their order, as in pprof's per-key value
 * lists.  Insertion sort into order[]: samples carry a handful of labels. */
static void sort_labels(const struct sample *s, uint32_t *order)
{
	for (uint32_t i = 0; i < s->n_labels; i++) {
		uint32_t j = i;
		for (; j > 0 && cmp_label_key(&s->labels[order[j - 1]], &s->labels[i]) > 0; j--)
			order[j] = order[j - 1];
		order[j] = i;
	}
}

/* ---- wire format ---- */

struct pbuf {
	uint8_t *d;
	size_t n, cap;
	int oom;
};

static int pb_reserve(struct pbuf *b, size_t more)
{
	if (b->oom)
		return -1;
	if (b->n + more <= b->cap)
		return 0;
	size_t ncap = b->cap ? b->cap : 4096;
	while (ncap < b->n + more)
		ncap *= 2;
	uint8_t *nd = realloc(b->d, ncap);
	if (!nd) {
		b->oom = 1;
		return -1;
	}
	b->d = nd;
	b->cap = ncap;
	return 0;
}

static size_t varint_to(uint8_t *w, uint64_t x)
{
	size_t k = 0;
	for (; x >= 0x80; x >>= 7)
		w[k++] = (uint8_t)(x | 0x80);
	w[k++] = (uint8_t)x;
	return k;
}

static void pb_varint(struct pbuf *b, uint64_t x)
{
	if (pb_reserve(b, 10) == 0)
		b->n += varint_to(b->d + b->n, x);
}

static void pb_u64(struct pbuf *b, int tag, uint64_t x)
{
	pb_varint(b, (uint64_t)tag << 3);
	pb_varint(b, x);
}

static void pb_u64_opt(struct pbuf *b, int tag, uint64_t x)
{
	if (x)
		pb_u64(b, tag, x);
}

static void pb_bool_opt(struct pbuf *b, int tag, bool x)
{
	if (x)
		pb_u64(b, tag, 1);
}

/* A length-delimited field whose body starts at `start`: its key and length
 * go in front of the body, as pprof's encodeMessage does. */
static void pb_close(struct pbuf *b, int tag, size_t start)
{
	if (b->oom)
		return;
	uint8_t hdr[20];
	size_t len = b->n - start;
	size_t h = varint_to(hdr, (uint64_t)tag << 3 | 2);
	h += varint_to(hdr + h, len);
	if (pb_reserve(b, h) < 0)
		return;
	memmove(b->d + start + h, b->d + start, len);
	memcpy(b->d + start, hdr, h);
	b->n += h;
}

/* pprof's encodeUint64s/encodeInt64s: packed only when len > 2. */
static void pb_u64s(struct pbuf *b, int tag, const uint64_t *x, size_t n)
{
	if (n <= 2) {
		for (size_t i = 0; i < n; i++)
			pb_u64(b, tag, x[i]);
		return;
	}
	size_t start = b->n;
	for (size_t i = 0; i < n; i++)
		pb_varint(b, x[i]);
	pb_close(b, tag, start);
}

static void pb_bytes(struct pbuf *b, int tag, const char *s, size_t n)
{
	pb_varint(b, (uint64_t)tag << 3 | 2);
	pb_varint(b, n);
	if (pb_reserve(b, n) == 0) {
		memcpy(b->d + b->n, s, n);
		b->n += n;
	}
}

/* ---- messages (pprof's field order) ---- */

static void enc_vt(struct pbuf *b, int tag, struct strs *st, const struct value_type *v)
{
	size_t start = b->n;
	pb_u64_opt(b, 1, (uint64_t)sidx(st, v->type));
	pb_u64_opt(b, 2, (uint64_t)sidx(st, v->unit));
	pb_close(b, tag, start);
}

static int enc_sample(struct pbuf *b, struct strs *st, const struct profile *p,
		      const struct sample *s)
{
	uint32_t order_buf[16];
	uint32_t *order = s->n_labels <= 16 ? order_buf : malloc(s->n_labels * sizeof *order);
	uint64_t ids_buf[64];
	uint64_t *ids = s->n_locs <= 64 ? ids_buf : malloc(s->n_locs * sizeof *ids);
	int rc = -1;
	if (!order || !ids)
		goto out;
	size_t start = b->n;
	for (uint32_t i = 0; i < s->n_locs; i++)
		ids[i] = p->locations[sample_loc(p, s, i)]->id;
	pb_u64s(b, 1, ids, s->n_locs);
	pb_u64s(b, 2, (const uint64_t *)(const void *)s->values, p->n_sample_types);
	sort_labels(s, order);
	for (uint32_t i = 0; i < s->n_labels; i++) {
		const struct label *l = &s->labels[order[i]];
		size_t ls = b->n;
		pb_u64_opt(b, 1, (uint64_t)sidx(st, l->key));
		if (l->str) {
			pb_u64_opt(b, 2, (uint64_t)sidx(st, l->str));
		} else {
			pb_u64_opt(b, 3, (uint64_t)l->num);
			pb_u64_opt(b, 4, (uint64_t)sidx(st, l->num_unit));
		}
		pb_close(b, 3, ls);
	}
	pb_close(b, 2, start);
	rc = 0;
out:
	if (order != order_buf)
		free(order);
	if (ids != ids_buf)
		free(ids);
	return rc;
}

static void enc_mapping(struct pbuf *b, struct strs *st, const struct mapping *m)
{
	size_t start = b->n;
	pb_u64_opt(b, 1, m->id);
	pb_u64_opt(b, 2, m->start);
	pb_u64_opt(b, 3, m->limit);
	pb_u64_opt(b, 4, m->offset);
	pb_u64_opt(b, 5, (uint64_t)sidx(st, m->file));
	pb_u64_opt(b, 6, (uint64_t)sidx(st, m->build_id));
	pb_bool_opt(b, 7, m->has_functions);
	pb_bool_opt(b, 8, m->has_filenames);
	pb_bool_opt(b, 9, m->has_line_numbers);
	pb_bool_opt(b, 10, m->has_inline_frames);
	pb_close(b, 3, start);
}

static void enc_location(struct pbuf *b, const struct location *l)
{
	size_t start = b->n;
	pb_u64_opt(b, 1, l->id);
	pb_u64_opt(b, 2, l->mapping ? l->mapping->id : 0);
	pb_u64_opt(b, 3, l->address);
	for (uint32_t i = 0; i < l->n_lines; i++) {
		size_t ls = b->n;
		pb_u64_opt(b, 1, l->lines[i].fn ? l->lines[i].fn->id : 0);
		pb_u64_opt(b, 2, (uint64_t)l->lines[i].line);
		pb_close(b, 4, ls);
	}
	pb_bool_opt(b, 5, l->is_folded);
	pb_close(b, 4, start);
}

static void enc_function(struct pbuf *b, struct strs *st, const struct function *f)
{
	size_t start = b->n;
	pb_u64_opt(b, 1, f->id);
	pb_u64_opt(b, 2, (uint64_t)sidx(st, f->name));
	pb_u64_opt(b, 3, (uint64_t)sidx(st, f->system_name));
	pb_u64_opt(b, 4, (uint64_t)sidx(st, f->filename));
	pb_u64_opt(b, 5, (uint64_t)f->start_line);
	pb_close(b, 5, start);
}

/* The string table goes in the middle (field 6) but is complete only at
 * the end: the fields before it are encoded first, the table's strings
 * numbered as they go, and the fields after it (which number strings of
 * their own, in pprof's order) are encoded into a second buffer. */
static int encode(struct pbuf *b, struct strs *st, const struct profile *p)
{
	sidx(st, p->strs.empty);
	for (size_t i = 0; i < p->n_sample_types; i++)
		enc_vt(b, 1, st, &p->sample_types[i]);
	for (size_t i = 0; i < p->n_samples; i++)
		if (enc_sample(b, st, p, &p->samples[i]) < 0)
			return -1;
	for (size_t i = 0; i < p->n_mappings; i++)
		enc_mapping(b, st, p->mappings[i]);
	for (size_t i = 0; i < p->n_locations; i++)
		enc_location(b, p->locations[i]);
	for (size_t i = 0; i < p->n_functions; i++)
		enc_function(b, st, p->functions[i]);

	struct pbuf tail = { 0 };
	pb_u64_opt(&tail, 7, (uint64_t)sidx(st, p->drop_frames));
	pb_u64_opt(&tail, 8, (uint64_t)sidx(st, p->keep_frames));
	pb_u64_opt(&tail, 9, (uint64_t)p->time_nanos);
	pb_u64_opt(&tail, 10, (uint64_t)p->duration_nanos);
	int64_t pt = sidx(st, p->period_type.type), pu = sidx(st, p->period_type.unit);
	if (pt || pu) {
		size_t start = tail.n;
		pb_u64_opt(&tail, 1, (uint64_t)pt);
		pb_u64_opt(&tail, 2, (uint64_t)pu);
		pb_close(&tail, 11, start);
	}
	pb_u64_opt(&tail, 12, (uint64_t)p->period);
	uint64_t cbuf[8] = { 0 };
	uint64_t *c = p->n_comments <= 8 ? cbuf : malloc(p->n_comments * sizeof *c);
	if (!c) {
		free(tail.d);
		return -1;
	}
	for (size_t i = 0; i < p->n_comments; i++)
		c[i] = (uint64_t)sidx(st, p->comments[i]);
	pb_u64s(&tail, 13, c, p->n_comments);
	if (c != cbuf)
		free(c);
	pb_u64(&tail, 14, (uint64_t)sidx(st, p->default_sample_type));

	for (size_t i = 0; i < st->n && !b->oom; i++) {
		const char *s = st->table[i];
		size_t n = strlen(s);
		if (!memchr(s, PROFILE_ESC, n)) {
			pb_bytes(b, 6, s, n);
			continue;
		}
		/* NUL bytes held as pairs (profile.h) go out whole. */
		char *raw = malloc(n);
		if (!raw) {
			b->oom = 1;
			break;
		}
		memcpy(raw, s, n);
		pb_bytes(b, 6, raw, profile_str_unescape(raw, n));
		free(raw);
	}
	if (!tail.oom && pb_reserve(b, tail.n) == 0) {
		memcpy(b->d + b->n, tail.d, tail.n);
		b->n += tail.n;
	}
	int bad = tail.oom || b->oom || st->oom;
	free(tail.d);
	return bad ? -1 : 0;
}

int profile_encode_raw(const struct profile *p, uint8_t **out, size_t *len,
		       struct rt_error *err)
{
	struct strs st = { 0 };
	struct pbuf b = { 0 };
	int rc = idmap_init(&st.index, p->strs.count);
	if (rc == 0)
		rc = encode(&b, &st, p);
	idmap_free(&st.index);
	free(st.table);
	if (rc < 0) {
		free(b.d);
		return rt_error_set(err, "out of memory");
	}
	*out = b.d;
	*len = b.n;
	return 0;
}

int profile_encode(const struct profile *p, uint8_t **out, size_t *len,
		   struct rt_error *err)
{
	return profile_encode_on(p, NULL, out, len, err);
}

int profile_encode_on(const struct profile *p, const struct runner *r, uint8_t **out,
		      size_t *len, struct rt_error *err)
{
	uint8_t *raw;
	size_t n;
	if (profile_encode_raw(p, &raw, &n, err) < 0)
		return -1;
	int rc = gz_deflate_on(raw, n, r, out, len, err);
	free(raw);
	return rc;
}

int profile_write_file(const struct profile *p, const char *path,
		       struct rt_error *err)
{
	uint8_t *buf;
	size_t n;
	int rc;

	if (profile_encode(p, &buf, &n, err) < 0)
		return -1;
	if (strcmp(path, "-") == 0) {
		rc = fwrite(buf, 1, n, stdout) == n && fflush(stdout) == 0
			     ? 0 : rt_error_set(err, "writing to standard output failed");
	} else {
		rc = atomic_file_write(path, buf, n, 0, err);
	}
	free(buf);
	return rc;
}
