/* report_dot: -dot, the call graph in Graphviz's language (report.go
 * printDOT, graph/dotgraph.go ComposeDot): entropy-ordered nodes, label
 * nodelets, weighted and coloured edges.  Graphviz itself is not needed. */
#include "base/compare.h"
#include "report/report_formats.h"

#include <math.h>
#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "measurement/measurement.h"

static void escape(struct sbuf *out, const char *s)
{
	for (; *s; s++) {
		if (*s == '\\')
			sbuf_puts(out, "\\\\");
		else if (*s == '"')
			sbuf_puts(out, "\\\"");
		else if (*s == '\n')
			sbuf_puts(out, "\\l");
		else
			sbuf_putc(out, *s);
	}
}

static void dot_color(double score, bool bg, char *buf, size_t n)
{
	double sat = bg ? 0.1 : 1.0, val = bg ? 0.93 : 0.7;
	score = fmax(-1.0, fmin(1.0, score));
	if (fabs(score) < 0.2)
		sat *= fabs(score) / 0.2;
	if (score > 0)
		score = pow(score, 0.3);
	if (score < 0)
		score = -pow(-score, 0.3);
	double r, g, b;
	if (score < 0) {
		g = val;
		r = val * (1 + sat * score);
	} else {
		r = val;
		g = val * (1 - sat * score);
	}
	b = val * (1 - sat);
	snprintf(buf, n, "#%02x%02x%02x", (unsigned)(uint8_t)(r * 255.0),
		 (unsigned)(uint8_t)(g * 255.0), (unsigned)(uint8_t)(b * 255.0));
}

/* Submatches of a POSIX pattern joined, or NULL when it does not match. */
static bool shorten_re(const char *pattern, const char *s, struct sbuf *out)
{
	regex_t re;
	regmatch_t m[8];
	if (regcomp(&re, pattern, REG_EXTENDED) != 0)
		return false;
	bool ok = regexec(&re, s, 8, m, 0) == 0;
	if (ok) {
		/* pprof joins all submatches from the first; our patterns keep the
		 * wanted one in group 1. */
		sbuf_add(out, s + m[1].rm_so, (size_t)(m[1].rm_eo - m[1].rm_so));
	}
	regfree(&re);
	return ok;
}

/* pprof's ShortenFunctionName: Go package paths, Java and C++ names. */
static void shorten_name(const char *name, struct sbuf *out)
{
	const char *anon = "(anonymous namespace)::";
	if (!strncmp(name, anon, strlen(anon)))
		name += strlen(anon);
	/* goVerRegExp: drop a /vN major-version path element. */
	struct sbuf n;
	sbuf_init(&n);
	regex_t ver;
	regmatch_t vm[3];
	if (regcomp(&ver, "/v([2-9]|[1-9][0-9]+)([./].*)$", REG_EXTENDED) == 0) {
		if (regexec(&ver, name, 3, vm, 0) == 0) {
			sbuf_add(&n, name, (size_t)vm[0].rm_so);
			sbuf_puts(&n, name + vm[2].rm_so);
		} else {
			sbuf_puts(&n, name);
		}
		regfree(&ver);
	} else {
		sbuf_puts(&n, name);
	}
	const char *f = sbuf_str(&n);
	regex_t go;
	regmatch_t gm[3];
	bool done = false;
	if (regcomp(&go, "^([[:alnum:]_.-]+/)+(.+)$", REG_EXTENDED) == 0) {
		if (regexec(&go, f, 3, gm, 0) == 0) {
			sbuf_puts(out, f + gm[2].rm_so);
			done = true;
		}
		regfree(&go);
	}
	if (!done && shorten_re("^(([a-z][[:alnum:]_]*\\.)*)([A-Z][[:alnum:]_$]*\\.(<init>|[a-z][[:alnum:]_$]*(\\$[0-9]+)?))(\\(|$)", f, out)) {
		/* group 1 is the package prefix: keep group 3 */
		regex_t j;
		regmatch_t jm[7];
		sbuf_reset(out);
		if (regcomp(&j, "^(([a-z][[:alnum:]_]*\\.)*)([A-Z][[:alnum:]_$]*\\.(<init>|[a-z][[:alnum:]_$]*(\\$[0-9]+)?))(\\(|$)", REG_EXTENDED) == 0) {
			if (regexec(&j, f, 7, jm, 0) == 0)
				sbuf_add(out, f + jm[3].rm_so, (size_t)(jm[3].rm_eo - jm[3].rm_so));
			regfree(&j);
		}
		done = true;
	}
	if (!done) {
		regex_t c;
		regmatch_t cm[4];
		if (regcomp(&c, "^([_a-zA-Z][[:alnum:]_]*::)+(_*[A-Z][[:alnum:]_]*::~?[_a-zA-Z][[:alnum:]_]*(<.*>)?)", REG_EXTENDED) == 0) {
			if (regexec(&c, f, 4, cm, 0) == 0) {
				sbuf_add(out, f + cm[2].rm_so, (size_t)(cm[2].rm_eo - cm[2].rm_so));
				done = true;
			}
			regfree(&c);
		}
	}
	if (!done)
		sbuf_puts(out, f);
	sbuf_free(&n);
}

/* Replaces every occurrence of from in b by to. */
static void replace_all(struct sbuf *b, const char *from, const char *to)
{
	struct sbuf o;
	sbuf_init(&o);
	const char *s = sbuf_str(b), *p;
	size_t fl = strlen(from);
	while ((p = strstr(s, from)) != NULL) {
		sbuf_add(&o, s, (size_t)(p - s));
		sbuf_puts(&o, to);
		s = p + fl;
	}
	sbuf_puts(&o, s);
	sbuf_free(b);
	*b = o;
}

static void multiline_name(const struct node_info *i, struct sbuf *out)
{
	struct sbuf sh, name;
	sbuf_init(&sh);
	sbuf_init(&name);
	shorten_name(i->name, &sh);
	escape(&name, sbuf_str(&sh));
	replace_all(&name, "::", "\\n");
	replace_all(&name, "[...]", "[\xe2\x80\xa6]");
	replace_all(&name, ".", "\\n");
	const char *file = i->file;
	const char *b = strrchr(file, '/');
	if (*file && b)
		file = b + 1;
	bool any = false;
	if (i->address) {
		sbuf_printf(out, "%016llx", (unsigned long long)i->address);
		any = true;
	}
	if (name.len) {
		sbuf_printf(out, "%s%s", any ? "\\n" : "", sbuf_str(&name));
		any = true;
	}
	const char *sep = any ? "\\n" : "";
	if (i->lineno)
		sbuf_printf(out, "%s%s:%lld", sep, file, (long long)i->lineno);
	else if (*file)
		sbuf_printf(out, "%s%s", sep, file);
	else if (name.len)
		;
	else if (*i->objfile) {
		const char *ob = strrchr(i->objfile, '/');
		sbuf_printf(out, "%s[%s]", sep, ob ? ob + 1 : i->objfile);
	} else
		sbuf_printf(out, "%s<unknown>", sep);
	sbuf_puts(out, "\\n");
	sbuf_free(&sh);
	sbuf_free(&name);
}

static void trimmed_pct(char *buf, size_t n, int64_t v, int64_t total)
{
	char p[32];
	meas_percentage(p, sizeof p, v, total);
	const char *s = p;
	while (*s == ' ')
		s++;
	snprintf(buf, n, "%s", s);
}

static void add_node(struct rctx *r, struct graph *g, struct graph_node *n, size_t id,
		     double max_flat)
{
	int64_t flat = graph_node_flat(n), cum = graph_node_cum(n);
	struct sbuf label;
	char fv[64], cv[64], pc[32], fg[16], bgc[16];
	sbuf_init(&label);
	multiline_name(&n->info, &label);
	rctx_format(r, flat, fv, sizeof fv);
	if (flat != 0) {
		trimmed_pct(pc, sizeof pc, flat, r->total);
		sbuf_printf(&label, "%s (%s)", fv, pc);
	} else {
		sbuf_puts(&label, "0");
	}
	snprintf(cv, sizeof cv, "%s", fv);
	if (cum != flat) {
		sbuf_puts(&label, flat != 0 ? "\\n" : " ");
		rctx_format(r, cum, cv, sizeof cv);
		trimmed_pct(pc, sizeof pc, cum, r->total);
		sbuf_printf(&label, "of %s (%s)", cv, pc);
	}
	int fs = 8;
	if (max_flat != 0 && flat != 0 && (double)abs64(flat) <= max_flat)
		fs += (int)ceil(16.0 * sqrt((double)abs64(flat) / max_flat));
	double score = (double)cum / (double)abs64(r->total);
	dot_color(score, false, fg, sizeof fg);
	dot_color(score, true, bgc, sizeof bgc);
	sbuf_printf(r->out, "N%zu [label=\"%s\" id=\"node%zu\" fontsize=%d shape=box tooltip=\"",
		    id, sbuf_str(&label), id, fs);
	escape(r->out, graph_node_name(g, n));
	sbuf_printf(r->out, " (%s)\" color=\"%s\" fillcolor=\"%s\"]\n", cv, fg, bgc);
	sbuf_free(&label);
}

static int cmp_tags(const struct graph_tag *a, const struct graph_tag *b, bool flat)
{
	if (!flat && a->cum != b->cum)
		return abs64(a->cum) > abs64(b->cum) ? -1 : 1;
	if (a->flat != b->flat)
		return abs64(a->flat) > abs64(b->flat) ? -1 : 1;
	return strcmp(a->name, b->name);
}

static void sort_tags(struct graph_tag *t, size_t n, bool flat)
{
	for (size_t i = 1; i < n; i++)
		for (size_t j = i; j > 0 && cmp_tags(&t[j], &t[j - 1], flat) < 0; j--) {
			struct graph_tag x = t[j];
			t[j] = t[j - 1];
			t[j - 1] = x;
		}
}

static int64_t tag_value(const struct graph_tag *t, bool flat)
{
	if (flat)
		return t->flat_div ? t->flat / t->flat_div : t->flat;
	return t->cum_div ? t->cum / t->cum_div : t->cum;
}

static double tag_distance(const struct graph_tag *t, const struct graph_tag *u)
{
	const char *unit;
	double v = meas_scale(u->value, u->unit, t->unit, &unit);
	return v < (double)t->value ? (double)t->value - v : v - (double)t->value;
}

/* pprof's collapsedTags: more than count numeric tags are grouped around
 * the heaviest ones and labelled min..max. */
static size_t collapse_tags(struct graph_tag *ts, size_t n, size_t count, bool flat,
			    struct graph_tag *out, char names[][160])
{
	sort_tags(ts, n, flat);
	if (n <= count) {
		for (size_t i = 0; i < n; i++) {
			out[i] = ts[i];
			snprintf(names[i], 160, "%s", ts[i].name);
			out[i].name = names[i];
		}
		return n;
	}
	size_t *group = calloc(n, sizeof *group);
	if (!group)
		return 0;
	for (size_t i = 0; i < count; i++)
		group[i] = i;
	for (size_t i = count; i < n; i++) {
		size_t g = 0;
		double d = tag_distance(&ts[i], &ts[0]);
		for (size_t k = 1; k < count; k++) {
			double nd = tag_distance(&ts[i], &ts[k]);
			if (nd < d) {
				g = k;
				d = nd;
			}
		}
		group[i] = g;
	}
	for (size_t k = 0; k < count; k++) {
		const struct graph_tag *min = &ts[k], *max = &ts[k];
		int64_t f = ts[k].flat, df = ts[k].flat_div, c = ts[k].cum, dc = ts[k].cum_div;
		size_t members = 1;
		for (size_t i = count; i < n; i++) {
			if (group[i] != k)
				continue;
			const char *u;
			members++;
			if ((int64_t)meas_scale(ts[i].value, ts[i].unit, min->unit, &u) < min->value)
				min = &ts[i];
			if ((int64_t)meas_scale(ts[i].value, ts[i].unit, max->unit, &u) > max->value)
				max = &ts[i];
			f += ts[i].flat;
			df += ts[i].flat_div;
			c += ts[i].cum;
			dc += ts[i].cum_div;
		}
		memset(&out[k], 0, sizeof out[k]);
		if (members == 1) {
			char a[64];
			meas_scaled_label(a, sizeof a, ts[k].value, ts[k].unit, "auto");
			snprintf(names[k], 160, "%s", a);
			out[k].flat = tag_value(&ts[k], true);
			out[k].cum = tag_value(&ts[k], false);
		} else {
			char a[64], b[64];
			meas_scaled_label(a, sizeof a, min->value, min->unit, "auto");
			meas_scaled_label(b, sizeof b, max->value, max->unit, "auto");
			snprintf(names[k], 160, "%s..%s", a, b);
			out[k].flat = df ? f / df : f;
			out[k].cum = dc ? c / dc : c;
		}
		out[k].name = names[k];
	}
	free(group);
	sort_tags(out, count, flat);
	return count;
}

/* One tag nodelet and the edge from its node (dotgraph.go's two lines). */
static void print_nodelet(struct rctx *r, const char *src, const char *id,
			  const char *name, int64_t w, const char *attr)
{
	char wv[64];
	rctx_format(r, w, wv, sizeof wv);
	sbuf_printf(r->out, "%s [label = \"%s\" id=\"%s\" fontsize=8 shape=box3d tooltip=\"%s\"]\n",
		    id, name, id, wv);
	sbuf_printf(r->out, "%s -> %s [label=\" %s\" weight=100 tooltip=\"%s\" labeltooltip=\"%s\"%s]\n",
		    src, id, wv, wv, wv, attr);
}

static bool numeric_nodelets(struct rctx *r, struct graph_tag *nts, size_t n, bool flat,
			     const char *source)
{
	struct graph_tag out[4];
	char names[4][160];
	bool any = false;
	size_t k = collapse_tags(nts, n, 4, flat, out, names);
	for (size_t j = 0; j < k; j++) {
		int64_t w = out[j].cum;
		const char *attr = " style=\"dotted\"";
		if (flat || out[j].flat == out[j].cum) {
			w = out[j].flat;
			attr = "";
		}
		if (w == 0)
			continue;
		char id[96];
		snprintf(id, sizeof id, "N%s_%zu", source, j);
		print_nodelet(r, source, id, out[j].name, w, attr);
		any = true;
	}
	return any;
}

static bool add_nodelets(struct rctx *r, struct graph_node *n, size_t id)
{
	bool flat = n->n_out > 0, any = false;
	struct graph_tag *ts = malloc((n->n_tags + 1) * sizeof *ts);
	struct graph_tag *nts = malloc((n->n_tags + 1) * sizeof *nts);
	size_t nt = 0;
	if (!ts || !nts)
		goto out;
	for (uint32_t i = 0; i < n->n_tags; i++)
		if (!n->tags[i].group)
			ts[nt++] = n->tags[i];
	sort_tags(ts, nt, flat);
	if (nt > 4)
		nt = 4;
	for (size_t i = 0; i < nt; i++) {
		int64_t w = tag_value(&ts[i], flat);
		if (w == 0)
			continue;
		char node[32], nid[64];
		snprintf(node, sizeof node, "N%zu", id);
		snprintf(nid, sizeof nid, "N%zu_%zu", id, i);
		print_nodelet(r, node, nid, ts[i].name, w, "");
		any = true;
		size_t nn = 0;
		for (uint32_t j = 0; j < n->n_tags; j++)
			if (n->tags[j].group && !strcmp(n->tags[j].group, ts[i].name))
				nts[nn++] = n->tags[j];
		if (nn) {
			char src[64];
			snprintf(src, sizeof src, "N%zu_%zu", id, i);
			any |= numeric_nodelets(r, nts, nn, flat, src);
		}
	}
	size_t nn = 0;
	for (uint32_t j = 0; j < n->n_tags; j++)
		if (n->tags[j].group && !*n->tags[j].group)
			nts[nn++] = n->tags[j];
	if (nn) {
		char src[64];
		snprintf(src, sizeof src, "N%zu", id);
		any |= numeric_nodelets(r, nts, nn, flat, src);
	}
out:
	free(ts);
	free(nts);
	return any;
}

static void add_edge(struct rctx *r, struct graph *g, struct graph_edge *e, size_t from,
		     size_t to, bool nodelets)
{
	char w[64];
	int64_t wv = e->weight_div ? e->weight / e->weight_div : e->weight;
	rctx_format(r, wv, w, sizeof w);
	sbuf_printf(r->out, "N%zu -> N%zu [label=\" %s%s\"", from, to, w,
		    e->inline_ ? "\\n (inline)" : "");
	if (r->total != 0) {
		int64_t t = abs64(r->total);
		int64_t k = abs64(wv * 100 / r->total);
		int weight = 1 + (int)(k < 100 ? k : 100);
		if (weight > 1)
			sbuf_printf(r->out, " weight=%d", weight);
		k = abs64(wv * 5 / r->total);
		int width = 1 + (int)(k < 5 ? k : 5);
		if (width > 1)
			sbuf_printf(r->out, " penwidth=%d", width);
		char c[16];
		dot_color((double)wv / (double)t, false, c, sizeof c);
		sbuf_printf(r->out, " color=\"%s\"", c);
	}
	struct sbuf tip;
	sbuf_init(&tip);
	sbuf_putc(&tip, '"');
	escape(&tip, graph_node_name(g, e->src));
	sbuf_puts(&tip, e->residual ? " ... " : " -> ");
	escape(&tip, graph_node_name(g, e->dst));
	sbuf_printf(&tip, " (%s)\"", w);
	sbuf_printf(r->out, " tooltip=%s labeltooltip=%s", sbuf_str(&tip), sbuf_str(&tip));
	sbuf_free(&tip);
	if (e->residual)
		sbuf_puts(r->out, " style=\"dotted\"");
	if (nodelets)
		sbuf_puts(r->out, " minlen=2");
	sbuf_puts(r->out, "]\n");
}

int report_dot(struct rctx *r)
{
	int orig, dropped;
	struct graph *g = rctx_trimmed_graph(r, &orig, &dropped);
	if (!g)
		return rt_error_set(r->err, "out of memory");
	rctx_select_unit(r, g);
	struct sbuf labels;
	sbuf_init(&labels);
	rctx_report_labels(r, g, orig, dropped, &labels);
	const char *title = "";
	if (r->p->n_mappings && *r->p->mappings[0]->file) {
		const char *f = r->p->mappings[0]->file, *b = strrchr(f, '/');
		title = b ? b + 1 : f;
	}
	sbuf_printf(r->out, "digraph \"%s\" {\n", *title ? title : "unnamed");
	sbuf_puts(r->out, "node [style=filled fillcolor=\"#f8f8f8\"]\n");
	/* Legend: one label per line, escaped and joined with \l. */
	const char *text = sbuf_str(&labels);
	const char *nl = strchr(text, '\n');
	sbuf_puts(r->out, "subgraph cluster_L { \"");
	struct sbuf first;
	sbuf_init(&first);
	sbuf_add(&first, text, nl ? (size_t)(nl - text) : strlen(text));
	escape(r->out, sbuf_str(&first));
	sbuf_free(&first);
	sbuf_puts(r->out, "\" [shape=box fontsize=16 label=\"");
	for (const char *p = text; *p; p++) {
		if (*p == '\n')
			sbuf_puts(r->out, "\\l");
		else if (*p == '\\')
			sbuf_puts(r->out, "\\\\");
		else if (*p == '"')
			sbuf_puts(r->out, "\\\"");
		else
			sbuf_putc(r->out, *p);
	}
	sbuf_puts(r->out, "\\lSee https://git.io/JfYMW for how to read the graph\\l\"");
	if (*title)
		sbuf_printf(r->out, " tooltip=\"%s\"", title);
	sbuf_puts(r->out, "] }\n");
	sbuf_free(&labels);
	if (g->n_nodes) {
		double max_flat = (double)abs64(graph_node_flat(g->nodes[0]));
		for (size_t i = 0; i < g->n_all; i++)
			g->all[i]->stamp = 0;
		for (size_t i = 0; i < g->n_nodes; i++) {
			g->nodes[i]->stamp = i + 1;	/* node id */
			if ((double)abs64(graph_node_flat(g->nodes[i])) > max_flat)
				max_flat = (double)abs64(graph_node_flat(g->nodes[i]));
		}
		bool *nodelets = calloc(g->n_nodes + 1, sizeof *nodelets);
		size_t ne = 0;
		for (size_t i = 0; i < g->n_nodes; i++) {
			add_node(r, g, g->nodes[i], i + 1, max_flat);
			if (nodelets)
				nodelets[i] = add_nodelets(r, g->nodes[i], i + 1);
			ne += g->nodes[i]->n_out;
		}
		struct graph_edge **edges = malloc((ne + 1) * sizeof *edges);
		if (edges && nodelets) {
			size_t k = 0;
			for (size_t i = 0; i < g->n_nodes; i++)
				for (uint32_t j = 0; j < g->nodes[i]->n_out; j++)
					edges[k++] = g->nodes[i]->out[j];
			graph_sort_edges(g, edges, k);
			for (size_t i = 0; i < k; i++) {
				struct graph_edge *e = edges[i];
				if (!e->dst->stamp)
					continue;
				add_edge(r, g, e, e->src->stamp, e->dst->stamp,
					 nodelets[e->src->stamp - 1]);
			}
		}
		free(edges);
		free(nodelets);
	}
	sbuf_puts(r->out, "}\n");
	graph_free(g);
	return 0;
}
