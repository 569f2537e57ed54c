/* report_folded: the call tree out to other tools (rtprof's own formats,
 * not pprof's): -folded writes Brendan Gregg's collapsed stacks
 * ("root;child;leaf N", what flamegraph.pl reads), -speedscope=FILE
 * speedscope's JSON file format (a "sampled" profile).  Both come from
 * the flame tree, after the filters and -sample_index. */
#include "report/report_formats.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "report/flame.h"

static int build(struct rctx *r, struct flame *f)
{
	return flame_build(f, r->p, r->sample_index, r->mean_index, &r->gopts, 0, r->err);
}

static void folded_line(const char *const *path, uint32_t depth, int64_t flat, void *arg)
{
	struct sbuf *out = arg;
	for (uint32_t i = 0; i < depth; i++) {
		/* ';' separates frames and a space ends the stack: neither may
		 * appear inside a name. */
		for (const char *c = path[i]; *c; c++)
			sbuf_putc(out, *c == ';' ? ':' : *c == ' ' ? '_' : *c);
		sbuf_putc(out, i + 1 < depth ? ';' : ' ');
	}
	sbuf_printf(out, "%lld\n", (long long)flat);
}

int report_folded(struct rctx *r)
{
	struct flame f;
	if (build(r, &f) < 0)
		return -1;
	flame_paths(&f, folded_line, r->out);
	flame_free(&f);
	return 0;
}

static void json_string(struct sbuf *out, const char *s)
{
	sbuf_putc(out, '"');
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (c == '"' || c == '\\')
			sbuf_printf(out, "\\%c", c);
		else if (c < 0x20)
			sbuf_printf(out, "\\u%04x", c);
		else
			sbuf_putc(out, (char)c);
	}
	sbuf_putc(out, '"');
}

struct speedscope {
	struct sbuf samples, weights;
	const struct flame *f;
	uint32_t *frame_of;	/* flame node -> speedscope frame, by interned name */
	const char **frames;	/* open hash of interned names, cap slots */
	size_t n_frames, cap;
	int64_t total;
	bool first;
};

/* The frame index of a name: names are interned, so an open hash on the
 * pointer finds it. */
static uint32_t frame_index(struct speedscope *s, const char *name)
{
	size_t k = ((uintptr_t)name >> 4) % s->cap;
	while (s->frames[k] && s->frames[k] != name)
		k = (k + 1) % s->cap;
	if (!s->frames[k]) {
		s->frames[k] = name;
		s->frame_of[k] = (uint32_t)s->n_frames++;
	}
	return s->frame_of[k];
}

static void speedscope_sample(const char *const *path, uint32_t depth, int64_t flat, void *arg)
{
	struct speedscope *s = arg;
	if (flat <= 0)	/* speedscope weighs time: a diff's losses have none */
		return;
	sbuf_puts(&s->samples, s->first ? "[" : ",[");
	for (uint32_t i = 0; i < depth; i++)
		sbuf_printf(&s->samples, "%s%u", i ? "," : "", frame_index(s, path[i]));
	sbuf_putc(&s->samples, ']');
	sbuf_printf(&s->weights, "%s%lld", s->first ? "" : ",", (long long)flat);
	s->total += flat;
	s->first = false;
}

static const char *speedscope_unit(const char *unit)
{
	static const char *const known[] = { "nanoseconds", "microseconds", "milliseconds",
					     "seconds", "bytes" };
	for (size_t i = 0; i < sizeof known / sizeof *known; i++)
		if (!strcmp(unit, known[i]))
			return known[i];
	return "none";
}

int report_speedscope(struct rctx *r)
{
	struct flame f;
	if (build(r, &f) < 0)
		return -1;
	struct speedscope s = { .f = &f, .first = true };
	s.cap = f.n * 2 + 1;	/* more slots than distinct names */
	s.frames = calloc(s.cap, sizeof *s.frames);
	s.frame_of = calloc(s.cap, sizeof *s.frame_of);
	sbuf_init(&s.samples);
	sbuf_init(&s.weights);
	int rc = -1;
	if (!s.frames || !s.frame_of) {
		rt_error_set(r->err, "out of memory");
		goto out;
	}
	flame_paths(&f, speedscope_sample, &s);
	/* Frames in index order. */
	const char **names = calloc(s.n_frames + 1, sizeof *names);
	if (!names) {
		rt_error_set(r->err, "out of memory");
		goto out;
	}
	for (size_t k = 0; k < s.cap; k++)
		if (s.frames[k])
			names[s.frame_of[k]] = s.frames[k];
	sbuf_puts(r->out, "{\"$schema\":\"https://www.speedscope.app/file-format-schema.json\",\n"
		  "\"exporter\":\"rtprof " PACKAGE_VERSION "\",\"name\":");
	json_string(r->out, r->sample_type);
	sbuf_puts(r->out, ",\"activeProfileIndex\":0,\n\"shared\":{\"frames\":[");
	for (size_t i = 0; i < s.n_frames; i++) {
		sbuf_puts(r->out, i ? ",\n{\"name\":" : "\n{\"name\":");
		json_string(r->out, names[i]);
		sbuf_putc(r->out, '}');
	}
	free(names);
	sbuf_puts(r->out, "]},\n\"profiles\":[{\"type\":\"sampled\",\"name\":");
	json_string(r->out, r->sample_type);
	sbuf_printf(r->out, ",\"unit\":\"%s\",\"startValue\":0,\"endValue\":%lld,\n\"samples\":[",
		    speedscope_unit(r->sample_unit), (long long)s.total);
	sbuf_add(r->out, s.samples.data, s.samples.len);
	sbuf_puts(r->out, "],\n\"weights\":[");
	sbuf_add(r->out, s.weights.data, s.weights.len);
	sbuf_puts(r->out, "]}]}\n");
	rc = 0;
out:
	free(s.frames);
	free(s.frame_of);
	sbuf_free(&s.samples);
	sbuf_free(&s.weights);
	flame_free(&f);
	return rc;
}
