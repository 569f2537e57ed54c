/* report: the entry point (pprof's driver generateRawReport and report.go
 * Generate): per-command overrides, a working copy when filters must edit
 * the profile, then the filters, the context and one format from the
 * table.  The caller's profile is never written. */
#include "report/report.h"
#include "report/report_formats.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/rx.h"
#include "profile/profile_merge.h"
#include "report/report_filter.h"
#include "report/report_tagroot.h"

static bool set(const char *s)
{
	return s && *s;
}

int64_t report_total(const struct profile *p, const struct report_config *cfg)
{
	int si = profile_sample_index(p, cfg->sample_index, NULL);
	if (si < 0)
		return 0;
	return rctx_total(p, si, cfg->mean ? 0 : -1);
}

/* The formats, as pprof's Generate switches over them. */
static int (*const formats[])(struct rctx *) = {
	[REPORT_TOP] = report_text,
	[REPORT_TRACES] = report_traces,
	[REPORT_TAGS] = report_tags,
	[REPORT_RAW] = report_raw,
	[REPORT_LIST] = report_list,
	[REPORT_PEEK] = report_tree,
	[REPORT_TREE] = report_tree,
	[REPORT_PROTO] = report_proto,
	[REPORT_TOPPROTO] = report_topproto,
	[REPORT_COMMENTS] = report_comments,
	[REPORT_CALLGRIND] = report_callgrind,
	[REPORT_DOT] = report_dot,
	[REPORT_FOLDED] = report_folded,
	[REPORT_SPEEDSCOPE] = report_speedscope,
	[REPORT_DISASM] = report_disasm,
	[REPORT_WEBLIST] = report_weblist,
};

/* pprof's applyCommandOverrides. */
static void command_overrides(struct rctx *r)
{
	const struct report_config *c = r->cfg;
	bool trim = c->trim;
	r->granularity = set(c->granularity) ? c->granularity : "functions";
	r->noinlines = c->noinlines;
	r->nodecount = c->nodecount;
	r->nodefraction = c->nodefraction;
	r->edgefraction = c->edgefraction;
	if (r->cmd == REPORT_DISASM) {
		/* One node per address: inlined frames would count twice. */
		trim = false;
		r->granularity = "addresses";
		r->noinlines = true;
	} else if (r->cmd == REPORT_WEBLIST) {
		trim = false;
		r->granularity = "addresses";
		r->noinlines = false;
	} else if (!strcmp(r->cmd_name, "peek")) {
		trim = false;
	} else if (!strcmp(r->cmd_name, "list")) {
		trim = false;
		r->granularity = "lines";
	} else if (!strcmp(r->cmd_name, "text") || !strcmp(r->cmd_name, "top") ||
		   !strcmp(r->cmd_name, "topproto")) {
		if (r->nodecount == -1)
			r->nodecount = 0;
	} else if (r->nodecount == -1) {
		r->nodecount = 80;
	}
	if (r->cmd == REPORT_PROTO || r->cmd == REPORT_RAW || r->cmd == REPORT_CALLGRIND) {
		trim = false;
		r->granularity = "addresses";
		r->noinlines = false;
	}
	if (!trim) {
		r->nodecount = 0;
		r->nodefraction = 0;
		r->edgefraction = 0;
	}
}

/* Tag frames, then the filters, on work (a copy); pprof applies focus
 * before taking the total only with relative_percentages. */
static int filter(struct rctx *r, struct profile *work, bool before_total)
{
	if (!work || r->cfg->relative_percentages != before_total)
		return 0;
	return report_filter_apply(work, r->cfg, &r->units, r->warn, r->err);
}

/* The trees a view asks for instead of a format's text: the flame graph
 * (tree), or with callers set the sandwich of the regex's functions. */
struct trees {
	struct flame *tree, *callers;
	double min_share;	/* flame_build's */
};

/* Runs the pipeline (overrides, filters, options, granularity) and then
 * either a format of the table or, with trees set, the trees. */
static int generate(struct rctx *r, struct profile *work, const char *regex,
		    const struct trees *trees)
{
	const struct report_config *cfg = r->cfg;
	if (label_units_init(&r->units, r->p) < 0)
		return rt_error_set(r->err, "out of memory");
	command_overrides(r);
	if (work && report_tagroot_needed(cfg) && report_tagroot(work, cfg, r->warn, r->err) < 0)
		return -1;
	if (filter(r, work, true) < 0 || rctx_options(r) < 0)
		return -1;
	if (regex) {
		if (rx_compile(&r->symbol, regex, r->err) < 0) {
			rt_error_prefix(r->err, "parsing argument regexp %s", regex);
			return -1;
		}
		r->has_symbol = true;
		r->symbol_src = regex;
	}
	/* (the trees have totals of their own: their roots) */
	if (!trees)
		r->total = rctx_total(r->p, r->sample_index, r->mean_index);
	if (filter(r, work, false) < 0 || rctx_granularity(r) < 0)
		return -1;
	if (trees && trees->callers) {
		bool matched;
		if (flame_sandwich(trees->callers, trees->tree, r->p, r->sample_index,
				   r->mean_index, &r->gopts, &r->symbol, &matched, r->err) < 0)
			return -1;
		if (matched)
			return 0;
		flame_free(trees->callers);
		flame_free(trees->tree);
		return rt_error_set(r->err, "no matches found for regexp: %s", regex);
	}
	if (trees)
		return flame_build(trees->tree, r->p, r->sample_index, r->mean_index, &r->gopts,
				   trees->min_share, r->err);
	size_t first = r->items ? r->items->n : 0;
	int rc = formats[r->cmd](r);
	rctx_items_done(r, first);
	return rc;
}

/* One generation: the context around generate(), with a working copy
 * when filters or label frames must edit the profile (every other report
 * reads the caller's profile as is). */
static int run(const struct profile *p, enum report_cmd cmd, const char *cmd_name,
	       const char *regex, const struct report_config *cfg, struct sbuf *out,
	       struct sbuf *warnings, struct report_items *items, const struct trees *trees,
	       struct rt_error *err)
{
	struct rctx r;
	memset(&r, 0, sizeof r);
	r.cfg = cfg;
	r.cmd = cmd;
	r.cmd_name = cmd_name;
	r.out = out;
	r.warn = warnings;
	r.items = items;
	r.err = err;
	r.p = p;
	struct profile *work = NULL;
	if (report_filter_needed(cfg) || report_tagroot_needed(cfg) || report_has_bare_samples(p)) {
		if (!(work = profile_copy(p)))
			return rt_error_set(err, "out of memory");
		r.p = work;
	}
	size_t start = out ? out->len : 0;
	unsigned long rx_hits = rx_limit_hits();
	int rc = generate(&r, work, regex, trees);
	if (warnings && rx_limit_hits() != rx_hits)
		sbuf_printf(warnings, "Regexp matching ran into its limits: those names counted as no match\n");
	/* Names print whole: NUL bytes come back (profile.h); proto output is
	 * binary and already holds them as bytes.  A streamed report's sink
	 * does it as the bytes go out (this layer never writes). */
	if (rc == 0 && out && out->data && !out->sink && cmd != REPORT_PROTO &&
	    cmd != REPORT_TOPPROTO) {
		out->len = start + profile_str_unescape(out->data + start, out->len - start);
		out->data[out->len] = '\0';
	}
	if (r.has_symbol)
		rx_free(&r.symbol);
	label_units_free(&r.units);
	profile_free(work);
	return rc;
}

int report_generate(const struct profile *p, enum report_cmd cmd,
		    const char *cmd_name, const char *regex,
		    const struct report_config *cfg, struct sbuf *out,
		    struct sbuf *warnings, struct report_items *items,
		    struct rt_error *err)
{
	return run(p, cmd, cmd_name, regex, cfg, out, warnings, items, NULL, err);
}

bool report_sums_only(enum report_cmd cmd)
{
	switch (cmd) {
	case REPORT_TOP:
	case REPORT_PEEK:
	case REPORT_TREE:
	case REPORT_LIST:
	case REPORT_TAGS:
	case REPORT_FOLDED:
		return true;
	default:	/* samples one by one (traces, raw, proto), or not checked */
		return false;
	}
}

int report_flame(const struct profile *p, const struct report_config *cfg, const char *regex,
		 struct flame *tree, struct flame *callers, double min_share,
		 struct sbuf *warnings, struct rt_error *err)
{
	struct sbuf none;	/* trees, no text */
	struct trees t = { tree, callers, min_share };
	sbuf_init(&none);
	int rc = run(p, REPORT_FOLDED, callers ? "sandwich" : "flame", callers ? regex : NULL,
		     cfg, &none, warnings, NULL, &t, err);
	sbuf_free(&none);
	return rc;
}

int report_profile_labels(const struct profile *p, const struct report_config *cfg,
			  struct sbuf *out, struct rt_error *err)
{
	struct rctx r;
	memset(&r, 0, sizeof r);
	r.cfg = cfg;
	r.err = err;
	r.p = p;
	r.cmd_name = "";
	if (rctx_options(&r) < 0)
		return -1;
	/* The greeting autoscales every value. */
	snprintf(r.output_unit, sizeof r.output_unit, "minimum");
	r.total = rctx_total(p, r.sample_index, r.mean_index);
	size_t before = out->len;
	rctx_profile_labels(&r, out);
	if (out->data) {
		out->len = before + profile_str_unescape(out->data + before, out->len - before);
		out->data[out->len] = '\0';
	}
	/* pprof's ui.Print ends what it prints with a newline, even nothing. */
	if (out->len == before)
		sbuf_putc(out, '\n');
	return 0;
}
