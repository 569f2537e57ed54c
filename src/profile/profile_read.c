/* profile_read: .pb.gz / .pb -> struct profile.  protobuf-c decodes the wire
 * format (into a scratch arena); this file resolves string indexes and ids
 * and applies pprof's validity rules, in pprof's order, so that bad input is
 * an error message and never a crash. */
#include "profile/profile_io.h"

#include <errno.h>
#include <stdbool.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/idmap.h"
#include "profile/gz.h"
#include "profile/profile_legacy.h"
#include "profile.pb-c.h"

typedef Perftools__Profiles__Profile PbProfile;

static void *pb_alloc(void *data, size_t size)
{
	return arena_alloc(data, size);
}

static void pb_free(void *data, void *ptr)
{
	(void)data;
	(void)ptr;
}

struct decoder {
	struct profile *p;
	const PbProfile *pb;
	/* Streaming: the samples' bytes (offset, length pairs into data) are
	 * unpacked one at a time instead of being in pb. */
	const uint8_t *data;
	const size_t *spans;
	size_t n_spans;
	struct rt_error sample_err;	/* first value-count or location error */
	int sample_failed;
	const char **strs;	/* interned string table */
	size_t n_strs;
	struct rt_error *err;
	int failed;
};

static const char *dstr(struct decoder *d, int64_t idx)
{
	if (idx < 0 || (uint64_t)idx >= d->n_strs) {
		if (!d->failed)
			rt_error_set(d->err,
				"parsing profile: malformed profile format: string index %lld "
				"outside the string table (%zu entries)", (long long)idx, d->n_strs);
		d->failed = 1;
		return d->p->strs.empty;
	}
	return d->strs[idx];
}

static int intern_table(struct decoder *d)
{
	const PbProfile *pb = d->pb;
	d->n_strs = pb->n_string_table;
	d->strs = arena_alloc(&d->p->arena, (d->n_strs + 1) * sizeof *d->strs);
	if (!d->strs)
		return rt_error_set(d->err, "out of memory");
	if (d->n_strs == 0)
		return rt_error_set(d->err, "parsing profile: malformed profile format: "
				    "no string table");
	if (pb->string_table[0].len != 0)
		return rt_error_set(d->err, "parsing profile: string_table[0] must be ''");
	for (size_t i = 0; i < d->n_strs; i++) {
		const ProtobufCBinaryData *b = &pb->string_table[i];
		d->strs[i] = profile_strn_bytes(d->p, b->len ? (const char *)b->data : "", b->len);
		if (!d->strs[i])
			return rt_error_set(d->err, "out of memory");
	}
	return 0;
}

static int decode_objects(struct decoder *d, struct idmap *maps,
			  struct idmap *fns)
{
	const PbProfile *pb = d->pb;
	struct profile *p = d->p;

	for (size_t i = 0; i < pb->n_mapping; i++) {
		const Perftools__Profiles__Mapping *pm = pb->mapping[i];
		struct mapping *m = profile_add_mapping(p, pm->id);
		if (!m)
			return rt_error_set(d->err, "out of memory");
		m->start = pm->memory_start;
		m->limit = pm->memory_limit;
		m->offset = pm->file_offset;
		m->file = dstr(d, pm->filename);
		m->build_id = dstr(d, pm->build_id);
		m->has_functions = pm->has_functions;
		m->has_filenames = pm->has_filenames;
		m->has_line_numbers = pm->has_line_numbers;
		m->has_inline_frames = pm->has_inline_frames;
		if (idmap_put(maps, m->id, m) < 0)
			return rt_error_set(d->err, "out of memory");
	}
	for (size_t i = 0; i < pb->n_function; i++) {
		const Perftools__Profiles__Function *pf = pb->function[i];
		struct function *f = profile_add_function(p, pf->id);
		if (!f)
			return rt_error_set(d->err, "out of memory");
		f->name = dstr(d, pf->name);
		f->system_name = dstr(d, pf->system_name);
		f->filename = dstr(d, pf->filename);
		f->start_line = pf->start_line;
		if (idmap_put(fns, f->id, f) < 0)
			return rt_error_set(d->err, "out of memory");
	}
	return 0;
}

static int decode_locations(struct decoder *d, struct idmap *maps,
			    struct idmap *fns, struct idmap *locs)
{
	const PbProfile *pb = d->pb;
	for (size_t i = 0; i < pb->n_location; i++) {
		const Perftools__Profiles__Location *pl = pb->location[i];
		if (pl->n_line > UINT32_MAX)
			return rt_error_set(d->err, "parsing profile: too many lines");
		struct location *l = profile_add_location(d->p, pl->id, (uint32_t)pl->n_line);
		if (!l)
			return rt_error_set(d->err, "out of memory");
		l->mapping = idmap_get(maps, pl->mapping_id);
		l->address = pl->address;
		l->is_folded = pl->is_folded;
		for (size_t j = 0; j < pl->n_line; j++) {
			l->lines[j].fn = idmap_get(fns, pl->line[j]->function_id);
			l->lines[j].line = pl->line[j]->line;
		}
		if (idmap_put(locs, l->id, l) < 0)
			return rt_error_set(d->err, "out of memory");
	}
	return 0;
}

static int decode_labels(struct decoder *d, struct sample *s,
			 const Perftools__Profiles__Sample *ps)
{
	uint32_t k = 0;
	for (size_t j = 0; j < ps->n_label; j++) {
		const Perftools__Profiles__Label *pl = ps->label[j];
		struct label *l = &s->labels[k];
		l->key = dstr(d, pl->key);
		l->num_unit = d->p->strs.empty;
		if (pl->str != 0) {
			l->str = dstr(d, pl->str);
		} else if (pl->num != 0 || pl->num_unit != 0) {
			l->num = pl->num;
			if (pl->num_unit != 0)
				l->num_unit = dstr(d, pl->num_unit);
		} else {
			continue;	/* pprof drops empty labels */
		}
		k++;
	}
	s->n_labels = k;
	return 0;
}

/* The sample part of pprof's CheckValid, for one sample, in its order:
 * the value count, then the locations.  The first failure is kept and
 * reported after the string-table errors, which pprof finds first. */
static void check_sample(struct decoder *d, const Perftools__Profiles__Sample *ps,
			 const struct sample *s)
{
	if (d->sample_failed)
		return;
	if (ps->n_value != d->p->n_sample_types) {
		rt_error_set(&d->sample_err,
			     "malformed profile: mismatch: sample has %zu values vs. %zu types",
			     ps->n_value, d->p->n_sample_types);
		d->sample_failed = 1;
		return;
	}
	for (uint32_t j = 0; j < s->n_locs; j++)
		if (!s->locs[j]) {
			rt_error_set(&d->sample_err, "malformed profile: sample has nil location");
			d->sample_failed = 1;
			return;
		}
}

static int decode_sample(struct decoder *d, struct idmap *locs,
			 const Perftools__Profiles__Sample *ps)
{
	struct profile *p = d->p;
	if (ps->n_location_id > UINT32_MAX || ps->n_label > UINT32_MAX)
		return rt_error_set(d->err, "parsing profile: sample too large");
	struct sample *s = profile_add_sample(p, (uint32_t)ps->n_location_id,
					      (uint32_t)ps->n_label);
	if (!s)
		return rt_error_set(d->err, "out of memory");
	size_t nv = ps->n_value < p->n_sample_types ? ps->n_value : p->n_sample_types;
	if (nv)	/* ps->value is NULL when a sample has no values */
		memcpy(s->values, ps->value, nv * sizeof *s->values);
	for (size_t j = 0; j < ps->n_location_id; j++)
		s->locs[j] = idmap_get(locs, ps->location_id[j]);
	decode_labels(d, s, ps);
	check_sample(d, ps, s);
	return 0;
}

static int decode_samples(struct decoder *d, struct idmap *locs)
{
	const PbProfile *pb = d->pb;
	if (!d->spans) {
		for (size_t i = 0; i < pb->n_sample; i++)
			if (decode_sample(d, locs, pb->sample[i]) < 0)
				return -1;
		return 0;
	}
	/* One sample at a time through a scratch arena used again and again:
	 * the protobuf tree of all samples never exists at once. */
	struct arena scratch;
	ProtobufCAllocator alloc = { pb_alloc, pb_free, &scratch };
	int rc = 0;
	arena_init(&scratch);
	for (size_t i = 0; i < d->n_spans && rc == 0; i++) {
		Perftools__Profiles__Sample *ps = perftools__profiles__sample__unpack(
			&alloc, d->spans[2 * i + 1], d->data + d->spans[2 * i]);
		if (!ps)
			rc = rt_error_set(d->err, "parsing profile: unrecognized profile format "
					  "(not a valid profile.proto message)");
		else
			rc = decode_sample(d, locs, ps);
		arena_reset(&scratch);
	}
	arena_free(&scratch);
	return rc;
}

static int decode_header(struct decoder *d)
{
	const PbProfile *pb = d->pb;
	struct profile *p = d->p;

	if (profile_set_sample_types(p, pb->n_sample_type) < 0)
		return rt_error_set(d->err, "out of memory");
	for (size_t i = 0; i < pb->n_sample_type; i++) {
		p->sample_types[i].type = dstr(d, pb->sample_type[i]->type);
		p->sample_types[i].unit = dstr(d, pb->sample_type[i]->unit);
	}
	p->drop_frames = dstr(d, pb->drop_frames);
	p->keep_frames = dstr(d, pb->keep_frames);
	if (pb->period_type) {
		p->period_type.type = dstr(d, pb->period_type->type);
		p->period_type.unit = dstr(d, pb->period_type->unit);
	}
	p->time_nanos = pb->time_nanos;
	p->duration_nanos = pb->duration_nanos;
	p->period = pb->period;
	p->comments = arena_alloc(&p->arena, (pb->n_comment + 1) * sizeof *p->comments);
	if (!p->comments)
		return rt_error_set(d->err, "out of memory");
	for (size_t i = 0; i < pb->n_comment; i++)
		p->comments[i] = dstr(d, pb->comment[i]);
	p->n_comments = pb->n_comment;
	p->default_sample_type = dstr(d, pb->default_sample_type);
	return 0;
}

static int decode(struct decoder *d)
{
	struct idmap maps = { 0 }, fns = { 0 }, locs = { 0 };	/* freed whatever fails */
	int rc = -1;

	if (intern_table(d) < 0)
		return -1;
	if (idmap_init(&maps, d->pb->n_mapping) < 0 ||
	    idmap_init(&fns, d->pb->n_function) < 0 ||
	    idmap_init(&locs, d->pb->n_location) < 0) {
		rt_error_set(d->err, "out of memory");
		goto out;
	}
	if (decode_header(d) < 0 || decode_objects(d, &maps, &fns) < 0 ||
	    decode_locations(d, &maps, &fns, &locs) < 0 ||
	    decode_samples(d, &locs) < 0)
		goto out;
	if (d->failed)
		goto out;
	if (d->p->n_sample_types == 0 && d->p->n_samples != 0) {
		rt_error_set(d->err, "malformed profile: missing sample type information");
		goto out;
	}
	if (d->sample_failed) {
		if (d->err)
			*d->err = d->sample_err;
		goto out;
	}
	if (profile_check_valid(d->p, d->err) < 0) {
		rt_error_prefix(d->err, "malformed profile");
		goto out;
	}
	rc = 0;
out:
	idmap_free(&maps);
	idmap_free(&fns);
	idmap_free(&locs);
	return rc;
}

/* Reads a varint at p[*i..n); false when it runs off the end or is too
 * long. */
static bool varint(const uint8_t *p, size_t n, size_t *i, uint64_t *v)
{
	*v = 0;
	for (int shift = 0; shift < 64; shift += 7) {
		if (*i >= n)
			return false;
		uint8_t b = p[(*i)++];
		*v |= (uint64_t)(b & 0x7f) << shift;
		if (!(b & 0x80))
			return true;
	}
	return false;
}

/* Splits the top-level fields: the samples' (field 2) byte ranges go to
 * spans, every other field is copied to rest, which protobuf-c then
 * unpacks as a Profile without samples.  Only tags and lengths are read
 * here; each message is still decoded by protobuf-c.  -1 when the framing
 * is not sound: the caller then lets protobuf-c unpack (and judge) it all.
 * *concatenated is set on a second time_nanos: Go's decoder refuses two
 * profiles glued together, where protobuf-c would keep the last value. */
static int split_samples(const uint8_t *p, size_t n, uint8_t **rest, size_t *rest_len,
			 size_t **spans, size_t *n_spans, bool *concatenated)
{
	size_t i = 0, cap = 1024, ns = 0, nr = 0;
	int times = 0;
	uint8_t *r = malloc(n ? n : 1);
	size_t *sp = malloc(cap * 2 * sizeof *sp);
	if (!r || !sp)
		goto fail;
	while (i < n) {
		size_t start = i;
		uint64_t key, len;
		if (!varint(p, n, &i, &key))
			goto fail;
		switch (key & 7) {
		case 0:
			if (!varint(p, n, &i, &len))
				goto fail;
			if (key >> 3 == 9 && ++times > 1)
				*concatenated = true;
			break;
		case 1:
			if (n - i < 8)
				goto fail;
			i += 8;
			break;
		case 5:
			if (n - i < 4)
				goto fail;
			i += 4;
			break;
		case 2:
			if (!varint(p, n, &i, &len) || len > n - i)
				goto fail;
			if (key >> 3 == 2) {
				if (ns == cap) {
					cap *= 2;
					size_t *nsp = realloc(sp, cap * 2 * sizeof *nsp);
					if (!nsp)
						goto fail;
					sp = nsp;
				}
				sp[2 * ns] = i;
				sp[2 * ns + 1] = (size_t)len;
				ns++;
				i += (size_t)len;
				continue;
			}
			i += (size_t)len;
			break;
		default:
			goto fail;
		}
		memcpy(r + nr, p + start, i - start);
		nr += i - start;
	}
	*rest = r;
	*rest_len = nr;
	*spans = sp;
	*n_spans = ns;
	return 0;
fail:
	free(r);
	free(sp);
	return -1;
}

/* pprof's parseLegacy after a failed profile.proto decoding: when no
 * legacy parser knows the data, err keeps the decoder's message. */
static struct profile *legacy(const uint8_t *data, size_t n, struct rt_error *err)
{
	struct profile *p = NULL;
	struct rt_error lerr;
	int rc = profile_parse_legacy(data, n, &p, &lerr);
	if (rc == LEGACY_ERROR && err)
		*err = lerr;
	return p;
}

/* Parses data[0..n); when owned, data is malloc'ed and freed as soon as
 * it is no longer needed (after inflating, after unpacking), so that the
 * file, its inflated bytes, the protobuf tree and the model are not all in
 * memory at once. */
static struct profile *parse(uint8_t *data, size_t n, bool owned,
			     const struct profile_read_opts *o, struct rt_error *err)
{
	size_t max = o && o->max_decompressed ? o->max_decompressed : GZ_DEFAULT_MAX;
	struct arena scratch;
	struct profile *p = NULL;
	struct rt_error local;

	if (!err)
		err = &local;	/* the legacy fallback reads the message */
	if (n == 0) {
		rt_error_set(err, "parsing profile: empty input file");
		goto done;
	}
	if (gz_is_gzip(data, n)) {
		uint8_t *raw;
		if (gz_inflate(data, n, max, &raw, &n, err) < 0)
			goto done;
		if (owned)
			free(data);
		data = raw;
		owned = true;
		if (n == 0) {
			rt_error_set(err, "parsing profile: empty input file");
			goto done;
		}
	}
	uint8_t *rest = NULL;
	size_t rest_len = 0, *spans = NULL, n_spans = 0;
	bool concatenated = false;
	int split = split_samples(data, n, &rest, &rest_len, &spans, &n_spans, &concatenated);
	if (concatenated) {
		free(rest);
		free(spans);
		rt_error_set(err, "parsing profile: concatenated profiles detected");
		goto done;
	}
	arena_init(&scratch);
	ProtobufCAllocator alloc = { pb_alloc, pb_free, &scratch };
	PbProfile *pb;
	if (split == 0) {
		pb = perftools__profiles__profile__unpack(&alloc, rest_len, rest);
		free(rest);
	} else {
		/* Unsound framing: not a profile.proto, most likely, so the
		 * data stays for the legacy parsers. */
		pb = perftools__profiles__profile__unpack(&alloc, n, data);
	}
	if (!pb) {
		rt_error_set(err, "parsing profile: unrecognized profile format "
			     "(not a valid profile.proto message)");
		p = legacy(data, n, err);
		goto out;
	}
	p = profile_new();
	if (!p) {
		rt_error_set(err, "out of memory");
		goto out;
	}
	struct decoder d = { .p = p, .pb = pb, .err = err,
			     .data = data, .spans = spans, .n_spans = n_spans };
	if (decode(&d) < 0) {
		profile_free(p);
		p = NULL;
		/* pprof tries the legacy formats after any decoding error
		 * (not after its validity check: "malformed profile"). */
		if (strncmp(err->msg, "parsing profile:", 16) == 0)
			p = legacy(data, n, err);
	}
out:
	free(spans);
	arena_free(&scratch);
done:
	if (owned)
		free(data);
	return p;
}

struct profile *profile_parse(const uint8_t *data, size_t n,
			      const struct profile_read_opts *o,
			      struct rt_error *err)
{
	return parse((uint8_t *)data, n, false, o, err);
}

int profile_slurp(const char *path, size_t max, uint8_t **out, size_t *len,
		  struct rt_error *err)
{
	int fd = strcmp(path, "-") == 0 ? 0 : open(path, O_RDONLY | O_CLOEXEC);
	struct stat st;
	size_t cap = 1 << 16, n = 0;
	uint8_t *buf;

	if (fd < 0)
		return rt_error_set(err, "%s", strerror(errno));
	if (fstat(fd, &st) == 0 && S_ISDIR(st.st_mode)) {
		close(fd);
		return rt_error_set(err, "is a directory");
	}
	if (fd != 0 && S_ISREG(st.st_mode) && st.st_size > 0) {
		if ((uint64_t)st.st_size > max) {
			close(fd);
			return rt_error_set(err, "file larger than %zu MiB", max >> 20);
		}
		cap = (size_t)st.st_size + 1;
	}
	buf = malloc(cap);
	if (!buf)
		goto nomem;
	for (;;) {
		if (n == cap) {
			if (cap > max)
				break;
			uint8_t *nb = realloc(buf, cap * 2);
			if (!nb)
				goto nomem;
			buf = nb;
			cap *= 2;
		}
		ssize_t r = read(fd, buf + n, cap - n);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			int e = errno;
			free(buf);
			if (fd)
				close(fd);
			return rt_error_set(err, "%s", strerror(e));
		}
		if (r == 0)
			break;
		n += (size_t)r;
	}
	if (fd)
		close(fd);
	if (n > max) {
		free(buf);
		return rt_error_set(err, "file larger than %zu MiB", max >> 20);
	}
	*out = buf;
	*len = n;
	return 0;
nomem:
	free(buf);
	if (fd)
		close(fd);
	return rt_error_set(err, "out of memory");
}

struct profile *profile_read_file(const char *path,
				  const struct profile_read_opts *o,
				  struct rt_error *err)
{
	uint8_t *buf;
	size_t n;
	size_t max = o && o->max_file ? o->max_file : ((size_t)4 << 30);

	if (profile_slurp(path, max, &buf, &n, err) < 0)
		return NULL;
	return parse(buf, n, true, o, err);
}
