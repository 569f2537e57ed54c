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
#include "base/runner.h"
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

/* The number of a string numbered already (number_strings): a lookup
 * only, so pieces encoded at once may share the table. */
static int64_t snum(const struct strs *e, const char *s)
{
	if (!*s)
		return 0;
	void *v = idmap_get(&e->index, (uintptr_t)s);
	return v ? (int64_t)(uintptr_t)v - 1 : 0;
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
static void sort_labels(const struct label *ls, uint32_t n, uint32_t *order)
{
	for (uint32_t i = 0; i < n; i++) {
		uint32_t j = i;
		for (; j > 0 && cmp_label_key(&ls[order[j - 1]], &ls[i]) > 0; j--)
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

static void enc_vt(struct pbuf *b, int tag, const struct strs *st, const struct value_type *v)
{
	size_t start = b->n;
	pb_u64_opt(b, 1, (uint64_t)snum(st, v->type));
	pb_u64_opt(b, 2, (uint64_t)snum(st, v->unit));
	pb_close(b, tag, start);
}

static size_t varint_len(uint64_t x)
{
	return x < 0x80 ? 1 : (size_t)(70 - __builtin_clzll(x)) / 7;
}

/* The bytes of n varints. */
static size_t varints_len(const uint64_t *x, size_t n)
{
	size_t body = 0;
	for (size_t i = 0; i < n; i++)
		body += varint_len(x[i]);
	return body;
}

/* The bytes of pb_u64s(tag, x, n) whose varints take body bytes. */
static size_t u64s_len(size_t n, size_t body)
{
	return n <= 2 ? n + body : 1 + varint_len(body) + body;
}

/* pb_u64s into room reserved already. */
static uint8_t *put_u64s(uint8_t *w, int tag, const uint64_t *x, size_t n, size_t body)
{
	if (n <= 2) {
		for (size_t i = 0; i < n; i++) {
			*w++ = (uint8_t)(tag << 3);
			w += varint_to(w, x[i]);
		}
		return w;
	}
	*w++ = (uint8_t)(tag << 3 | 2);
	w += varint_to(w, body);
	for (size_t i = 0; i < n; i++)
		w += varint_to(w, x[i]);
	return w;
}

/* A sample: its length known before its bytes, so that they are written
 * once, in place (pb_close moves a body to make room for its key).
 * loc_ids: every location's id by slot; ids and lab are the caller's
 * scratch. */
static void enc_sample(struct pbuf *b, const struct strs *st, const struct profile *p,
		       const struct sample *s, const uint64_t *loc_ids, uint64_t *ids,
		       struct pbuf *lab)
{
	uint32_t order_buf[16];
	uint32_t *order = order_buf;
	lab->n = 0;
	const struct label *sl = sample_labels(p, s);
	uint32_t nl = sample_n_labels(p, s);
	if (nl) {
		if (nl > 16 && !(order = malloc(nl * sizeof *order))) {
			b->oom = 1;
			return;
		}
		sort_labels(sl, nl, order);
		for (uint32_t i = 0; i < nl; i++) {
			const struct label *l = &sl[order[i]];
			size_t ls = lab->n;
			pb_u64_opt(lab, 1, (uint64_t)snum(st, l->key));
			if (l->str) {
				pb_u64_opt(lab, 2, (uint64_t)snum(st, l->str));
			} else {
				pb_u64_opt(lab, 3, (uint64_t)l->num);
				pb_u64_opt(lab, 4, (uint64_t)snum(st, l->num_unit));
			}
			pb_close(lab, 3, ls);
		}
		if (order != order_buf)
			free(order);
		if (lab->oom) {
			b->oom = 1;
			return;
		}
	}
	for (uint32_t i = 0; i < s->n_locs; i++)
		ids[i] = loc_ids[sample_loc(p, s, i)];
	/* the values as their varints' numbers (a narrow profile's widened) */
	uint64_t vbuf[16], *vals = p->n_sample_types <= 16 ? vbuf
				 : malloc(p->n_sample_types * sizeof *vals);
	if (!vals) {
		b->oom = 1;
		return;
	}
	for (size_t i = 0; i < p->n_sample_types; i++)
		vals[i] = (uint64_t)sample_value(p, s, i);
	size_t ib = varints_len(ids, s->n_locs), vb = varints_len(vals, p->n_sample_types);
	size_t body = u64s_len(s->n_locs, ib) + u64s_len(p->n_sample_types, vb) + lab->n;
	if (pb_reserve(b, 1 + 10 + body) < 0) {
		if (vals != vbuf)
			free(vals);
		return;
	}
	uint8_t *w = b->d + b->n;
	*w++ = 2 << 3 | 2;
	w += varint_to(w, body);
	w = put_u64s(w, 1, ids, s->n_locs, ib);
	w = put_u64s(w, 2, vals, p->n_sample_types, vb);
	if (vals != vbuf)
		free(vals);
	if (lab->n)
		memcpy(w, lab->d, lab->n);
	b->n = (size_t)(w - b->d) + lab->n;
}

static void enc_mapping(struct pbuf *b, const struct strs *st, const struct mapping *m)
{
	size_t start = b->n;
	pb_u64_opt(b, 1, m->id);
	pb_u64_opt(b, 2, m->start);
	pb_u64_opt(b, 3, m->limit);
	pb_u64_opt(b, 4, m->offset);
	pb_u64_opt(b, 5, (uint64_t)snum(st, m->file));
	pb_u64_opt(b, 6, (uint64_t)snum(st, m->build_id));
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

static void enc_function(struct pbuf *b, const struct strs *st, const struct function *f)
{
	size_t start = b->n;
	pb_u64_opt(b, 1, f->id);
	pb_u64_opt(b, 2, (uint64_t)snum(st, f->name));
	pb_u64_opt(b, 3, (uint64_t)snum(st, f->system_name));
	pb_u64_opt(b, 4, (uint64_t)snum(st, f->filename));
	pb_u64_opt(b, 5, (uint64_t)f->start_line);
	pb_close(b, 5, start);
}

/* Every string the encoding numbers, in the order pprof's preEncode
 * numbers them, so that the table is complete before any piece is
 * encoded and the pieces only look strings up. */
static void number_strings(struct strs *st, const struct profile *p)
{
	sidx(st, p->strs.empty);
	for (size_t i = 0; i < p->n_sample_types; i++) {
		sidx(st, p->sample_types[i].type);
		sidx(st, p->sample_types[i].unit);
	}
	uint32_t order_buf[16];
	for (size_t k = 0; k < p->n_samples && !st->oom; k++) {
		const struct sample *s = &p->samples[k];
		const struct label *sl = sample_labels(p, s);
		uint32_t nl = sample_n_labels(p, s);
		if (!nl)
			continue;
		uint32_t *order = nl <= 16 ? order_buf : malloc(nl * sizeof *order);
		if (!order) {
			st->oom = 1;
			break;
		}
		sort_labels(sl, nl, order);
		for (uint32_t i = 0; i < nl; i++) {
			const struct label *l = &sl[order[i]];
			sidx(st, l->key);
			sidx(st, l->str ? l->str : l->num_unit);
		}
		if (order != order_buf)
			free(order);
	}
	for (size_t i = 0; i < p->n_mappings; i++) {
		sidx(st, p->mappings[i]->file);
		sidx(st, p->mappings[i]->build_id);
	}
	for (size_t i = 0; i < p->n_functions; i++) {
		sidx(st, p->functions[i]->name);
		sidx(st, p->functions[i]->system_name);
		sidx(st, p->functions[i]->filename);
	}
	sidx(st, p->drop_frames);
	sidx(st, p->keep_frames);
	sidx(st, p->period_type.type);
	sidx(st, p->period_type.unit);
	for (size_t i = 0; i < p->n_comments; i++)
		sidx(st, p->comments[i]);
	sidx(st, p->default_sample_type);
}

/* What follows the samples: mappings, locations, functions, the string
 * table (field 6) and the fields after it. */
static void enc_rest(struct pbuf *b, const struct strs *st, const struct profile *p)
{
	for (size_t i = 0; i < p->n_mappings; i++)
		enc_mapping(b, st, p->mappings[i]);
	for (size_t i = 0; i < p->n_locations; i++)
		enc_location(b, p->locations[i]);
	for (size_t i = 0; i < p->n_functions; i++)
		enc_function(b, st, p->functions[i]);
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
	pb_u64_opt(b, 7, (uint64_t)snum(st, p->drop_frames));
	pb_u64_opt(b, 8, (uint64_t)snum(st, p->keep_frames));
	pb_u64_opt(b, 9, (uint64_t)p->time_nanos);
	pb_u64_opt(b, 10, (uint64_t)p->duration_nanos);
	int64_t pt = snum(st, p->period_type.type), pu = snum(st, p->period_type.unit);
	if (pt || pu) {
		size_t start = b->n;
		pb_u64_opt(b, 1, (uint64_t)pt);
		pb_u64_opt(b, 2, (uint64_t)pu);
		pb_close(b, 11, start);
	}
	pb_u64_opt(b, 12, (uint64_t)p->period);
	if (p->n_comments) {
		uint64_t *c = malloc(p->n_comments * sizeof *c);
		if (!c) {
			b->oom = 1;
			return;
		}
		for (size_t i = 0; i < p->n_comments; i++)
			c[i] = (uint64_t)snum(st, p->comments[i]);
		pb_u64s(b, 13, c, p->n_comments);
		free(c);
	}
	pb_u64(b, 14, (uint64_t)snum(st, p->default_sample_type));
}

/* ---- the encoding in pieces ----
 *
 * The bytes are made a piece at a time: sample ranges, then the rest.  A
 * round encodes as many pieces as the runner runs at once, each into its
 * slot's buffer, then deflates them at once (gz.h's pieces), then hands
 * them out in order; so only a round's pieces are ever held, and with
 * two cores both encode and both deflate. */
#define PIECE_SAMPLES_MIN 8192
#define PIECE_SAMPLES_MAX 65536
#define SLOTS_MAX 8

struct slot {
	size_t piece;		/* which piece it holds this round */
	struct pbuf raw, lab;	/* the piece's bytes; a sample's labels */
	uint64_t *ids;		/* a sample's location ids */
	size_t ids_cap;
	uint8_t *dict;		/* GZ_DICT bytes */
	struct gz_piece z;
};

struct pieces {
	const struct profile *p;
	const struct strs *st;
	/* each location's id, by slot: one small array for the samples'
	 * frames, not a location struct apiece */
	const uint64_t *loc_ids;
	size_t per, n_pieces;	/* samples a piece; pieces, the rest last */
	struct slot slot[SLOTS_MAX];
};

static void encode_piece(void *arg, size_t i)
{
	struct pieces *w = arg;
	struct slot *sl = &w->slot[i];
	const struct profile *p = w->p;
	size_t lo = sl->piece * w->per, hi = lo + w->per;
	sl->raw.n = 0;
	if (sl->piece == 0)
		for (size_t k = 0; k < p->n_sample_types; k++)
			enc_vt(&sl->raw, 1, w->st, &p->sample_types[k]);
	if (sl->piece + 1 == w->n_pieces) {
		enc_rest(&sl->raw, w->st, p);
		return;
	}
	if (hi > p->n_samples)
		hi = p->n_samples;
	for (size_t k = lo; k < hi && !sl->raw.oom; k++) {
		const struct sample *s = &p->samples[k];
		if (s->n_locs > sl->ids_cap) {
			free(sl->ids);
			sl->ids_cap = s->n_locs > 64 ? s->n_locs : 64;
			if (!(sl->ids = malloc(sl->ids_cap * sizeof *sl->ids))) {
				sl->ids_cap = 0;
				sl->raw.oom = 1;
				break;
			}
		}
		enc_sample(&sl->raw, w->st, p, s, w->loc_ids, sl->ids, &sl->lab);
	}
}

static void deflate_piece(void *arg, size_t i)
{
	gz_piece_deflate(&((struct pieces *)arg)->slot[i].z);
}

/* hist holds the last hist_n (at most GZ_DICT) bytes of the stream so
 * far; it takes n more. */
static void history_add(uint8_t *hist, size_t *hist_n, const uint8_t *d, size_t n)
{
	if (n >= GZ_DICT) {
		memcpy(hist, d + n - GZ_DICT, GZ_DICT);
		*hist_n = GZ_DICT;
		return;
	}
	size_t keep = *hist_n + n > GZ_DICT ? GZ_DICT - n : *hist_n;
	memmove(hist, hist + *hist_n - keep, keep);
	memcpy(hist + keep, d, n);
	*hist_n = keep + n;
}

typedef int (*put_fn)(void *arg, const void *data, size_t n);

/* Encodes p, deflated or not, handing the bytes to put in order. */
static int encode_to(const struct profile *p, const struct runner *r, bool deflate,
		     put_fn put, void *put_arg, struct rt_error *err)
{
	struct strs st = { 0 };
	struct pieces w = { .p = p, .st = &st };
	size_t width = r && r->width > 1 ? r->width : 1;
	if (width > SLOTS_MAX)
		width = SLOTS_MAX;
	w.per = (p->n_samples + width * 8 - 1) / (width * 8);
	w.per = w.per < PIECE_SAMPLES_MIN ? PIECE_SAMPLES_MIN
		: w.per > PIECE_SAMPLES_MAX ? PIECE_SAMPLES_MAX : w.per;
	w.n_pieces = (p->n_samples + w.per - 1) / w.per + 1;
	uint8_t hist[GZ_DICT];
	size_t hist_n = 0, total = 0;
	uint32_t crc = 0;
	int rc = idmap_init(&st.index, p->strs.count);
	uint64_t *loc_ids = malloc((p->n_locations + 1) * sizeof *loc_ids);
	bool oom = rc < 0 || !loc_ids, failed = false;
	for (size_t i = 0; !oom && i < p->n_locations; i++)
		loc_ids[i] = p->locations[i]->id;
	w.loc_ids = loc_ids;
	if (!oom) {
		number_strings(&st, p);
		oom = st.oom;
	}
	if (!oom && deflate)
		for (size_t i = 0; i < width && !oom; i++)
			oom = !(w.slot[i].dict = malloc(GZ_DICT));
	if (!oom && deflate && put(put_arg, gz_magic_head, sizeof gz_magic_head) < 0)
		failed = true;
	for (size_t first = 0; first < w.n_pieces && !oom && !failed; first += width) {
		size_t n = w.n_pieces - first < width ? w.n_pieces - first : width;
		for (size_t i = 0; i < n; i++)
			w.slot[i].piece = first + i;
		runner_run(r, n, encode_piece, &w);
		for (size_t i = 0; i < n; i++)
			oom |= w.slot[i].raw.oom || w.slot[i].lab.oom;
		if (oom)
			break;
		if (deflate) {
			for (size_t i = 0; i < n; i++) {
				struct slot *sl = &w.slot[i];
				memcpy(sl->dict, hist, hist_n);
				sl->z.in = sl->raw.d;
				sl->z.n = sl->raw.n;
				sl->z.dict = sl->dict;
				sl->z.dict_n = hist_n;
				sl->z.last = sl->piece + 1 == w.n_pieces;
				history_add(hist, &hist_n, sl->raw.d, sl->raw.n);
			}
			runner_run(r, n, deflate_piece, &w);
		}
		for (size_t i = 0; i < n && !failed; i++) {
			struct slot *sl = &w.slot[i];
			if (!deflate) {
				failed = sl->raw.n && put(put_arg, sl->raw.d, sl->raw.n) < 0;
				continue;
			}
			if (sl->z.failed) {
				rc = rt_error_set(err, "compressing profile failed");
				failed = true;
				break;
			}
			crc = total ? gz_crc_combine(crc, sl->z.crc, sl->raw.n) : sl->z.crc;
			total += sl->raw.n;
			failed = put(put_arg, sl->z.out, sl->z.len) < 0;
		}
	}
	if (!oom && !failed && deflate) {
		uint8_t tail[8];
		gz_trailer(tail, crc, total);
		failed = put(put_arg, tail, sizeof tail) < 0;
	}
	free(loc_ids);
	for (size_t i = 0; i < SLOTS_MAX; i++) {
		free(w.slot[i].raw.d);
		free(w.slot[i].lab.d);
		free(w.slot[i].ids);
		free(w.slot[i].dict);
		gz_piece_free(&w.slot[i].z);
	}
	idmap_free(&st.index);
	free(st.table);
	if (oom)
		return rt_error_set(err, "out of memory");
	if (failed && rc == 0)
		rc = rt_error_set(err, "out of memory");
	return rc;
}

/* put into a growing malloc'ed buffer */
static int put_buf(void *arg, const void *data, size_t n)
{
	struct pbuf *b = arg;
	if (pb_reserve(b, n) < 0)
		return -1;
	memcpy(b->d + b->n, data, n);
	b->n += n;
	return 0;
}

static int encode_buf(const struct profile *p, const struct runner *r, bool deflate,
		      uint8_t **out, size_t *len, struct rt_error *err)
{
	struct pbuf b = { 0 };
	if (encode_to(p, r, deflate, put_buf, &b, err) < 0) {
		free(b.d);
		return -1;
	}
	*out = b.d;
	*len = b.n;
	return 0;
}

int profile_encode_raw(const struct profile *p, uint8_t **out, size_t *len,
		       struct rt_error *err)
{
	return encode_buf(p, NULL, false, out, len, err);
}

int profile_encode(const struct profile *p, uint8_t **out, size_t *len,
		   struct rt_error *err)
{
	return encode_buf(p, NULL, true, out, len, err);
}

int profile_encode_on(const struct profile *p, const struct runner *r, uint8_t **out,
		      size_t *len, struct rt_error *err)
{
	return encode_buf(p, r, true, out, len, err);
}

int profile_encode_to(const struct profile *p, const struct runner *r,
		      int (*put)(void *arg, const void *data, size_t n), void *arg,
		      struct rt_error *err)
{
	return encode_to(p, r, true, put, arg, err);
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
