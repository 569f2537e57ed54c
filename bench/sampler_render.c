/* sampler-render: the renderer's batch command (render_cli) with the
 * sampler running, for the overhead benchmark on real render work and for
 * looking at a profile of the renderer before rtprof's own flags exist.
 *
 *   bench/sampler-render -hz=N|off [-o=prof.pb.gz] [-kind=cpu|alloc|mutex|block]
 *                        [-flat=N] -render=out.png [-repeat=N] scene.yaml
 *
 * Flags after ours go through rtprof's flag parser to render_cli, which prints the frame times ("best
 * of N: ... s/frame") to stderr; then one line gives the process CPU time
 * and, with the sampler on, the samples taken; -o writes the profile;
 * -flat=N prints the N functions with the most CPU samples of their own,
 * inlined callees folded in (the view of go tool pprof -top -noinlines, and
 * of perf's self column), as "flat NAME PERCENT" lines on stdout. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "console/flags.h"
#include "profile/profile_io.h"
#include "render/render_cli.h"
#include "sampler/sampler.h"

static double process_cpu(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

struct flat {
	const char *name;
	int64_t v;
};

static int by_value(const void *a, const void *b)
{
	const struct flat *x = a, *y = b;
	return x->v < y->v ? 1 : x->v > y->v ? -1 : strcmp(x->name, y->name);
}

/* Sample values by the real (outermost) function of each leaf location. */
static void print_flat(const struct profile *p, int n)
{
	struct flat *f = calloc(p->n_functions + 1, sizeof *f);
	size_t nf = 0;
	int64_t all = 0;
	if (!f)
		return;
	for (size_t i = 0; i < p->n_samples; i++) {
		const struct sample *s = &p->samples[i];
		const char *name = "?";
		all += sample_value(p, s, 0);
		const struct location *leaf = s->n_locs ? p->locations[sample_loc(p, s, 0)] : NULL;
		if (leaf && leaf->n_lines)
			name = leaf->lines[leaf->n_lines - 1].fn->name;
		size_t k = 0;
		while (k < nf && f[k].name != name)	/* interned: pointers compare */
			k++;
		if (k == nf && nf <= p->n_functions)
			f[nf++].name = name;
		if (k < nf)
			f[k].v += sample_value(p, s, 0);
	}
	qsort(f, nf, sizeof *f, by_value);
	for (size_t k = 0; k < nf && (int)k < n; k++)
		printf("flat %s %.2f\n", f[k].name, all ? 100.0 * (double)f[k].v / (double)all : 0);
	free(f);
}

static int finish(int hz, const char *out, enum sampler_kind kind, int flat)
{
	struct rt_error err;
	struct sampler_stats st;
	struct profile *p = out || flat ? sampler_snapshot(0, kind, &err) : NULL;
	int rc = 0;

	sampler_stats(&st);
	sampler_stop();
	fprintf(stderr, "sampler-render: %d Hz, %llu samples kept, %llu dropped\n",
		hz, (unsigned long long)st.samples, (unsigned long long)st.dropped);
	if (p && flat)
		print_flat(p, flat);
	if (out && (!p || profile_write_file(p, out, &err) < 0)) {
		fprintf(stderr, "sampler-render: %s: %s\n", out, err.msg);
		rc = 1;
	}
	profile_free(p);
	return rc;
}

/* The render flags, read by rtprof's flag parser, then one render_cli. */
static int render_flags(int argc, char **argv)
{
	struct render_cli_opts o;
	struct rt_error err;

	if (flags_parse_render(argc, argv, &o, &err) < 0) {
		fprintf(stderr, "sampler-render: %s\n", err.msg);
		return 1;
	}
	return render_cli(&o);
}

int main(int argc, char **argv)
{
	struct rt_error err;
	enum sampler_kind kind = SAMPLER_CPU;
	const char *out = NULL;
	int hz = -1, flat = 0, i = 1;

	for (; i < argc; i++) {
		if (!strncmp(argv[i], "-hz=", 4))
			hz = strcmp(argv[i] + 4, "off") ? atoi(argv[i] + 4) : 0;
		else if (!strncmp(argv[i], "-flat=", 6))
			flat = atoi(argv[i] + 6);
		else if (!strncmp(argv[i], "-o=", 3))
			out = argv[i] + 3;
		else if (!strncmp(argv[i], "-kind=", 6)) {
			if (sampler_kind_parse(argv[i] + 6, &kind, &err) < 0) {
				fprintf(stderr, "sampler-render: %s\n", err.msg);
				return 2;
			}
		} else
			break;
	}
	if (hz < 0) {
		fprintf(stderr, "usage: %s -hz=N|off [-o=FILE] [-kind=cpu|alloc|mutex|block] [-flat=N] RENDER-FLAGS... scene.yaml\n",
			argv[0]);
		return 2;
	}
	if (hz && sampler_start(&(struct sampler_opts){ .hz = hz }, &err) < 0) {
		fprintf(stderr, "sampler-render: %s\n", err.msg);
		return 1;
	}
	argv[i - 1] = argv[0];
	int rc = render_flags(argc - i + 1, argv + i - 1);
	fprintf(stderr, "sampler-render: cpu %.6f s\n", process_cpu());
	if (hz && finish(hz, out, kind, flat) != 0 && rc == 0)
		rc = 1;
	return rc;
}
