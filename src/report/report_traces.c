/* report_traces: -traces, -tags and -raw (report.go printTraces, printTags;
 * profile.go String). */
#include "report/report_formats.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/compare.h"
#include "base/gotime.h"
#include "measurement/measurement.h"
#include "report/tabwriter.h"

/* How a label key and its values print: -traces' "%10s:  v1 v2\n"
 * (numbers autoscaled in their unit) or -raw's "key:[v1 v2]" (numbers
 * raw, "n unit" when the key has units). */
enum label_style { LABELS_TRACES, LABELS_RAW };

static void label_values(struct rctx *r, const struct sample *s, uint32_t first,
			 bool strings, enum label_style style, struct sbuf *b)
{
	const struct label *sl = sample_labels(r->p, s);
	uint32_t nl = sample_n_labels(r->p, s);
	const char *key = sl[first].key;
	bool units = false, any = false;
	for (uint32_t j = first; j < nl; j++)
		if (!sl[j].str && !strcmp(sl[j].key, key) && *sl[j].num_unit)
			units = true;
	for (uint32_t j = first; j < nl; j++) {
		const struct label *m = &sl[j];
		if ((m->str != NULL) != strings || strcmp(m->key, key))
			continue;
		if (any)
			sbuf_putc(b, ' ');
		any = true;
		if (strings) {
			sbuf_puts(b, m->str);
		} else if (style == LABELS_TRACES) {
			char v[64];
			meas_scaled_label(v, sizeof v, m->num, rctx_num_label_unit(r, key), "auto");
			sbuf_puts(b, v);
		} else if (units) {
			sbuf_printf(b, "%lld %s", (long long)m->num, m->num_unit);
		} else {
			sbuf_printf(b, "%lld", (long long)m->num);
		}
	}
}

/* One item per distinct key of one kind (string or numeric labels),
 * sorted as whole strings as pprof sorts them; returns how many.  items
 * needs the sample's label count entries; each is malloc'ed. */
static size_t label_items(struct rctx *r, const struct sample *s, bool strings,
			  enum label_style style, char **items)
{
	size_t n = 0;
	const struct label *sl = sample_labels(r->p, s);
	for (uint32_t i = 0; i < sample_n_labels(r->p, s); i++) {
		const struct label *l = &sl[i];
		if ((l->str != NULL) != strings)
			continue;
		bool seen = false;
		for (uint32_t j = 0; j < i && !seen; j++)
			seen = (sl[j].str != NULL) == strings && !strcmp(sl[j].key, l->key);
		if (seen)
			continue;
		struct sbuf b;
		sbuf_init(&b);
		if (style == LABELS_TRACES) {
			/* Go's %10s pads to ten runes, not bytes. */
			for (size_t w = tabwriter_runes(l->key, strlen(l->key)); w < 10; w++)
				sbuf_putc(&b, ' ');
			sbuf_printf(&b, "%s:  ", l->key);
		} else {
			sbuf_printf(&b, "%s:[", l->key);
		}
		label_values(r, s, i, strings, style, &b);
		sbuf_puts(&b, style == LABELS_TRACES ? "\n" : "]");
		items[n++] = b.data ? b.data : strdup("");
	}
	qsort(items, n, sizeof *items, compare_strings);
	return n;
}

static void label_lines(struct rctx *r, const struct sample *s, bool strings,
			struct sbuf *out)
{
	char **lines = calloc(sample_n_labels(r->p, s) + 1, sizeof *lines);
	if (!lines)
		return;
	size_t n = label_items(r, s, strings, LABELS_TRACES, lines);
	for (size_t i = 0; i < n; i++) {
		sbuf_puts(out, lines[i] ? lines[i] : "");
		free(lines[i]);
	}
	free(lines);
}

/* Each location's frames are named once: a profile's samples share their
 * locations, and -traces prints every frame of every sample. */
struct frame_name {
	const char *name;
	/* The frame's whole line when it shows no value: 13 spaces (the
	 * empty value's "%10s" and 3), the name, " (inline)" on an inlined
	 * frame, the newline. */
	const char *line;
	size_t line_len;
	struct node_info info;
};

/* And each location's lines together, as printed when none of them shows
 * the value (every location but a sample's leaf): one append a location,
 * from a table read in sample order.  first_len is the first printed
 * line's length, for the leaf, whose first line carries the value. */
struct loc_text {
	const char *text;
	uint32_t len, first_len;
};

static int loc_text_build(const struct location *l, const struct graph_opts *o,
			  struct graph *g, struct frame_name **names, struct loc_text *text)
{
	uint32_t nl = l->n_lines ? l->n_lines : 1;
	uint32_t start = graph_first_line(l, o);
	struct frame_name *fn = arena_alloc(&g->arena, nl * sizeof *fn);
	if (!fn)
		return -1;
	size_t total = 0;
	for (uint32_t j = start; j < nl; j++) {
		struct graph_node tmp;
		memset(&tmp, 0, sizeof tmp);
		if (!graph_node_info(l, l->n_lines ? &l->lines[j] : NULL, o, &tmp.info, g))
			return -1;
		fn[j].info = tmp.info;
		/* made in the graph's arena, as lasting */
		fn[j].name = graph_node_name(g, &tmp);
		size_t nlen = strlen(fn[j].name);
		char *line = arena_alloc(&g->arena, nlen + 13 + 9 + 1);
		if (!line)
			return -1;
		memset(line, ' ', 13);
		memcpy(line + 13, fn[j].name, nlen);
		size_t len = 13 + nlen;
		if (j != nl - 1) {
			memcpy(line + len, " (inline)", 9);
			len += 9;
		}
		line[len++] = '\n';
		fn[j].line = line;
		fn[j].line_len = len;
		total += len;
	}
	if (total > UINT32_MAX)
		return -1;
	char *t = arena_alloc(&g->arena, total + 1);
	if (!t)
		return -1;
	*names = fn;
	*text = (struct loc_text){ t, (uint32_t)total, (uint32_t)fn[start].line_len };
	for (uint32_t j = start; j < nl; j++) {
		memcpy(t, fn[j].line, fn[j].line_len);
		t += fn[j].line_len;
	}
	return 0;
}

/* A frame's line with the sample's value: "%10s   %s%s\n" without printf,
 * the value right-aligned in ten columns, then the rest of the line made
 * once per frame. */
static void put_valued_line(struct sbuf *out, const char *line, size_t len, const char *vs,
			    size_t vl)
{
	if (vl < 10)
		sbuf_add(out, line, 10 - vl);
	sbuf_add(out, vs, vl);
	sbuf_add(out, line + 10, len - 10);
}

int report_traces(struct rctx *r)
{
	static const char sep[] = "-----------+-------------------------------------------------------\n";
	struct graph *g = calloc(1, sizeof *g);
	if (!g)
		return rt_error_set(r->err, "out of memory");
	arena_init(&g->arena);
	/* Traces autoscale each value on its own. */
	snprintf(r->output_unit, sizeof r->output_unit, "minimum");
	size_t before = r->out->len;
	rctx_profile_labels(r, r->out);
	/* pprof prints the labels joined by Println: none is an empty line. */
	if (r->out->len == before)
		sbuf_putc(r->out, '\n');
	struct graph_opts o = r->gopts;
	o.obj_names = false;
	struct frame_name **names = calloc(r->p->n_locations + 1, sizeof *names);
	struct loc_text *texts = calloc(r->p->n_locations + 1, sizeof *texts);
	if (!names || !texts) {
		free(names);
		free(texts);
		arena_free(&g->arena);
		free(g);
		return rt_error_set(r->err, "out of memory");
	}
	int rc = 0;
	/* A streamed report whose reader went away stops here. */
	for (size_t si = 0; si < r->p->n_samples && !r->out->sink_failed && rc == 0; si++) {
		const struct sample *s = &r->p->samples[si];
		/* Every location prints at least one frame. */
		if (s->n_locs == 0)
			continue;
		sbuf_puts(r->out, sep);
		label_lines(r, s, true, r->out);
		label_lines(r, s, false, r->out);
		int64_t v = sample_value(r->p, s, r->sample_index);
		int64_t d = r->mean_index >= 0 ? sample_value(r->p, s, r->mean_index) : 0;
		if (d != 0)
			v /= d;
		char vs[64];
		rctx_format(r, v, vs, sizeof vs);
		size_t vl = strlen(vs);
		for (uint32_t i = 0; i < s->n_locs; i++) {
			uint32_t li = sample_loc(r->p, s, i);
			if (!texts[li].text &&
			    loc_text_build(r->p->locations[li], &o, g, &names[li], &texts[li]) < 0) {
				rc = rt_error_set(r->err, "out of memory");
				break;
			}
			const struct loc_text *t = &texts[li];
			if (!r->items) {
				if (i == 0) {	/* the sample's value, on its leaf */
					put_valued_line(r->out, t->text, t->first_len, vs, vl);
					sbuf_add(r->out, t->text + t->first_len,
						 t->len - t->first_len);
				} else {
					sbuf_add(r->out, t->text, t->len);
				}
				continue;
			}
			/* The console also records each frame as a row. */
			const struct location *l = r->p->locations[li];
			uint32_t nl = l->n_lines ? l->n_lines : 1;
			const struct frame_name *fn = names[li];
			uint32_t start = graph_first_line(l, &o);
			for (uint32_t j = start; j < nl; j++) {
				bool first = i == 0 && j == start;
				struct report_item *item = rctx_item(r, REPORT_ROW_FRAME, fn[j].name,
								     &fn[j].info);
				if (item && first)	/* the sample's value, on its leaf */
					item->flat = item->cum = v;
				if (first)
					put_valued_line(r->out, fn[j].line, fn[j].line_len, vs, vl);
				else
					sbuf_add(r->out, fn[j].line, fn[j].line_len);
			}
		}
	}
	free(names);
	free(texts);
	if (rc < 0) {
		arena_free(&g->arena);
		free(g);
		return -1;
	}
	sbuf_puts(r->out, sep);
	arena_free(&g->arena);
	free(g);
	return 0;
}

struct tagval {
	char *name;
	int64_t flat;
};

struct tagkey {
	const char *key;
	struct tagval *vals;
	size_t n, cap;
};

static int tagval_cmp(const void *a, const void *b)
{
	const struct tagval *l = a, *r = b;
	int64_t lv = l->flat < 0 ? -l->flat : l->flat, rv = r->flat < 0 ? -r->flat : r->flat;
	if (l->flat != r->flat && lv != rv)
		return lv > rv ? -1 : 1;
	return strcmp(l->name, r->name);
}

static int tagkey_cmp(const void *a, const void *b)
{
	return strcmp(((const struct tagkey *)a)->key, ((const struct tagkey *)b)->key);
}

static int tag_add(struct tagkey **keys, size_t *nk, size_t *ck, const char *key,
		   const char *val, int64_t v)
{
	size_t k;
	for (k = 0; k < *nk; k++)
		if (!strcmp((*keys)[k].key, key))
			break;
	if (k == *nk) {
		if (*nk == *ck) {
			size_t nc = *ck ? *ck * 2 : 8;
			struct tagkey *n = realloc(*keys, nc * sizeof *n);
			if (!n)
				return -1;
			*keys = n;
			*ck = nc;
		}
		memset(&(*keys)[k], 0, sizeof **keys);
		(*keys)[k].key = key;
		(*nk)++;
	}
	struct tagkey *tk = &(*keys)[k];
	for (size_t i = 0; i < tk->n; i++)
		if (!strcmp(tk->vals[i].name, val)) {
			tk->vals[i].flat += v;
			return 0;
		}
	if (tk->n == tk->cap) {
		size_t nc = tk->cap ? tk->cap * 2 : 8;
		struct tagval *n = realloc(tk->vals, nc * sizeof *n);
		if (!n)
			return -1;
		tk->vals = n;
		tk->cap = nc;
	}
	tk->vals[tk->n].name = strdup(val);
	tk->vals[tk->n].flat = v;
	tk->n++;
	return 0;
}

int report_tags(struct rctx *r)
{
	struct tagkey *keys = NULL;
	size_t nk = 0, ck = 0;
	int rc = 0;
	const struct profile *p = r->p;
	for (size_t si = 0; si < p->n_samples && rc == 0; si++) {
		const struct sample *s = &p->samples[si];
		int64_t v = sample_value(p, s, r->sample_index);
		const struct label *sl = sample_labels(p, s);
		uint32_t nl = sample_n_labels(p, s);
		for (uint32_t i = 0; i < nl && rc == 0; i++)
			if (sl[i].str)
				rc = tag_add(&keys, &nk, &ck, sl[i].key, sl[i].str, v);
		for (uint32_t i = 0; i < nl && rc == 0; i++)
			if (!sl[i].str) {
				char val[64];
				meas_scaled_label(val, sizeof val, sl[i].num,
						  rctx_num_label_unit(r, sl[i].key), r->output_unit);
				rc = tag_add(&keys, &nk, &ck, sl[i].key, val, v);
			}
	}
	if (nk)
		qsort(keys, nk, sizeof *keys, tagkey_cmp);
	struct sbuf t;
	sbuf_init(&t);
	for (size_t k = 0; k < nk; k++) {
		struct tagkey *tk = &keys[k];
		int64_t total = 0;
		for (size_t i = 0; i < tk->n; i++)
			total += tk->vals[i].flat;
		const char *u;
		double f = meas_scale(total, r->sample_unit, r->output_unit, &u);
		sbuf_printf(&t, "%s:\t Total %.1f%s\n", tk->key, f, u);
		if (tk->n)
			qsort(tk->vals, tk->n, sizeof *tk->vals, tagval_cmp);
		for (size_t i = 0; i < tk->n; i++) {
			f = meas_scale(tk->vals[i].flat, r->sample_unit, r->output_unit, &u);
			if (total > 0) {
				char pc[32];
				meas_percentage(pc, sizeof pc, tk->vals[i].flat, total);
				sbuf_printf(&t, " \t%.1f%s (%s):\t %s\n", f, u, pc, tk->vals[i].name);
			} else {
				sbuf_printf(&t, " \t%.1f%s:\t %s\n", f, u, tk->vals[i].name);
			}
			free(tk->vals[i].name);
		}
		sbuf_putc(&t, '\n');
		free(tk->vals);
	}
	free(keys);
	tabwriter_right(r->out, sbuf_str(&t));
	sbuf_free(&t);
	return rc < 0 ? rt_error_set(r->err, "out of memory") : 0;
}

/* Go's time.Duration String, as %.4v cuts it (4 runes). */
static void go_duration(int64_t d, char *buf, size_t n)
{
	char tmp[64];
	go_duration_string(d, tmp, sizeof tmp);
	size_t k = 0, runes = 0;
	while (tmp[k] && runes < 4) {
		k++;
		while (((unsigned char)tmp[k] & 0xc0) == 0x80)
			k++;
		runes++;
	}
	snprintf(buf, n, "%.*s", (int)k, tmp);
}

int report_raw(struct rctx *r)
{
	const struct profile *p = r->p;
	struct sbuf *o = r->out;
	for (size_t i = 0; i < p->n_comments; i++)
		sbuf_printf(o, "Comment: %s\n", p->comments[i]);
	sbuf_printf(o, "PeriodType: %s %s\n", p->period_type.type, p->period_type.unit);
	sbuf_printf(o, "Period: %lld\n", (long long)p->period);
	if (p->time_nanos) {
		sbuf_puts(o, "Time: ");
		go_time_string(p->time_nanos, o);
		sbuf_putc(o, '\n');
	}
	if (p->duration_nanos) {
		char d[64];
		go_duration(p->duration_nanos, d, sizeof d);
		sbuf_printf(o, "Duration: %s\n", d);
	}
	sbuf_puts(o, "Samples:\n");
	struct sbuf h;
	sbuf_init(&h);
	for (size_t i = 0; i < p->n_sample_types; i++)
		sbuf_printf(&h, "%s/%s%s ", p->sample_types[i].type, p->sample_types[i].unit,
			    !strcmp(p->sample_types[i].type, p->default_sample_type) ? "[dflt]" : "");
	if (h.len)
		h.data[--h.len] = '\0';
	sbuf_printf(o, "%s\n", sbuf_str(&h));
	sbuf_free(&h);
	for (size_t si = 0; si < p->n_samples && !o->sink_failed; si++) {
		const struct sample *s = &p->samples[si];
		for (size_t i = 0; i < p->n_sample_types; i++)
			sbuf_printf(o, " %10lld", (long long)sample_value(p, s, i));
		sbuf_puts(o, ": ");
		for (uint32_t i = 0; i < s->n_locs; i++)
			sbuf_printf(o, "%llu ", (unsigned long long)p->locations[sample_loc(p, s, i)]->id);
		sbuf_putc(o, '\n');
		/* Labels: "key:[v1 v2]" sorted; numeric "key:[n unit]" when units. */
		for (int pass = 0; pass < 2; pass++) {
			char **items = calloc(sample_n_labels(r->p, s) + 1, sizeof *items);
			if (!items)
				break;
			size_t n = label_items(r, s, pass == 0, LABELS_RAW, items);
			if (n) {
				sbuf_puts(o, "                ");
				for (size_t i = 0; i < n; i++) {
					sbuf_printf(o, "%s%s", i ? " " : "", items[i] ? items[i] : "");
					free(items[i]);
				}
				sbuf_putc(o, '\n');
			}
			free(items);
		}
	}
	sbuf_puts(o, "Locations\n");
	for (size_t li = 0; li < p->n_locations && !o->sink_failed; li++) {
		const struct location *l = p->locations[li];
		char head[128];
		int hn = snprintf(head, sizeof head, "%6llu: %#llx ", (unsigned long long)l->id,
				  (unsigned long long)l->address);
		if (l->address == 0)
			hn = snprintf(head, sizeof head, "%6llu: 0x0 ", (unsigned long long)l->id);
		if (l->mapping)
			hn += snprintf(head + hn, sizeof head - (size_t)hn, "M=%llu ",
				       (unsigned long long)l->mapping->id);
		if (l->is_folded)
			snprintf(head + hn, sizeof head - (size_t)hn, "[F] ");
		if (l->n_lines == 0)
			sbuf_printf(o, "%s\n", head);
		for (uint32_t j = 0; j < l->n_lines; j++) {
			const struct function *f = l->lines[j].fn;
			sbuf_puts(o, j ? "             " : head);
			if (!f) {
				sbuf_puts(o, "??\n");
				continue;
			}
			sbuf_printf(o, "%s %s:%lld s=%lld", f->name, f->filename,
				    (long long)l->lines[j].line, (long long)f->start_line);
			if (strcmp(f->name, f->system_name))
				sbuf_printf(o, "(%s)", f->system_name);
			sbuf_putc(o, '\n');
		}
	}
	sbuf_puts(o, "Mappings\n");
	for (size_t i = 0; i < p->n_mappings; i++) {
		const struct mapping *m = p->mappings[i];
		char a[32], b[32], c[32];
		snprintf(a, sizeof a, m->start ? "%#llx" : "0x0", (unsigned long long)m->start);
		snprintf(b, sizeof b, m->limit ? "%#llx" : "0x0", (unsigned long long)m->limit);
		snprintf(c, sizeof c, m->offset ? "%#llx" : "0x0", (unsigned long long)m->offset);
		sbuf_printf(o, "%llu: %s/%s/%s %s %s %s%s%s%s\n", (unsigned long long)m->id, a, b, c,
			    m->file, m->build_id, m->has_functions ? "[FN]" : "",
			    m->has_filenames ? "[FL]" : "", m->has_line_numbers ? "[LN]" : "",
			    m->has_inline_frames ? "[IN]" : "");
	}
	return 0;
}
