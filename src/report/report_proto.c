/* report_proto: -proto (the filtered profile itself) and -topproto (the
 * top table as a profile), both gzip'ed profile.proto (report.go). */
#include "report/report_formats.h"

#include <stdlib.h>
#include <string.h>

#include "measurement/measurement.h"
#include "profile/profile_io.h"
#include "profile/profile_merge.h"

static int put_out(void *arg, const void *data, size_t n)
{
	struct sbuf *out = arg;
	sbuf_add(out, data, n);
	return out->oom ? -1 : 0;
}

static int emit(struct rctx *r, const struct profile *p)
{
	return profile_encode_to(p, r->cfg->runner, put_out, r->out, r->err);
}

/* -divide_by scales the values written: on a copy, the profile is the
 * caller's. */
int report_proto(struct rctx *r)
{
	if (!(r->ratio > 0 && r->ratio != 1))
		return emit(r, r->p);
	struct profile *p = profile_copy(r->p);
	if (!p)
		return rt_error_set(r->err, "out of memory");
	int rc = 0;
	for (size_t s = 0; s < p->n_samples && rc == 0; s++)
		for (size_t i = 0; i < p->n_sample_types && rc == 0; i++)
			rc = sample_set_value(p, &p->samples[s], i,
					      (int64_t)((double)sample_value(p, &p->samples[s], i) *
							r->ratio));
	rc = rc < 0 ? rt_error_set(r->err, "out of memory") : emit(r, p);
	profile_free(p);
	return rc;
}

int report_comments(struct rctx *r)
{
	for (size_t i = 0; i < r->p->n_comments; i++)
		sbuf_printf(r->out, "%s\n", r->p->comments[i]);
	return 0;
}

int report_topproto(struct rctx *r)
{
	int orig, dropped, rc = -1;
	struct graph *g = rctx_trimmed_graph(r, &orig, &dropped);
	struct profile *out = profile_new();
	if (!g || !out)
		goto oom;
	rctx_select_unit(r, g);
	const char *unit = profile_str(out, r->output_unit);
	if (profile_set_sample_types(out, 2) < 0 || !unit)
		goto oom;
	out->sample_types[0].type = profile_str(out, "cum");
	out->sample_types[1].type = profile_str(out, "flat");
	out->sample_types[0].unit = out->sample_types[1].unit = unit;
	out->time_nanos = r->p->time_nanos;
	out->duration_nanos = r->p->duration_nanos;
	out->period_type.type = profile_str(out, r->p->period_type.type);
	out->period_type.unit = profile_str(out, r->p->period_type.unit);
	out->period = r->p->period;
	for (size_t i = 0; i < g->n_nodes; i++) {
		struct graph_node *n = g->nodes[i];
		struct function *f = NULL;
		for (size_t k = 0; k < out->n_functions; k++) {
			struct function *c = out->functions[k];
			if (!strcmp(c->name, n->info.name) && !strcmp(c->system_name, n->info.orig_name) &&
			    !strcmp(c->filename, n->info.file) && c->start_line == n->info.start_line) {
				f = c;
				break;
			}
		}
		if (!f) {
			f = profile_add_function(out, out->n_functions + 1);
			if (!f)
				goto oom;
			f->name = profile_str(out, n->info.name);
			f->system_name = profile_str(out, n->info.orig_name);
			f->filename = profile_str(out, n->info.file);
			f->start_line = n->info.start_line;
		}
		struct location *l = profile_add_location(out, i + 1, 1);
		struct sample *s = l ? profile_add_sample(out, 1, 0) : NULL;
		if (!s)
			goto oom;
		l->address = n->info.address;
		l->lines[0].fn = f;
		l->lines[0].line = n->info.lineno;
		sample_set_loc(out, s, 0, l->slot);
		const char *u;
		if (sample_set_value(out, s, 0, (int64_t)meas_scale(graph_node_cum(n), r->sample_unit,
								    r->output_unit, &u)) < 0 ||
		    sample_set_value(out, s, 1, (int64_t)meas_scale(graph_node_flat(n), r->sample_unit,
								    r->output_unit, &u)) < 0)
			goto oom;
	}
	rc = emit(r, out);
	goto done;
oom:
	rt_error_set(r->err, "out of memory");
done:
	graph_free(g);
	profile_free(out);
	return rc;
}
