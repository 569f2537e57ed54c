/* main: rtprof's entry point.  Decides between batch flags, piped commands
 * and the console; the only place besides the console that prints errors
 * and chooses the exit code.  Errors are one line, `rtprof: ...`, exit 1. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/arena.h"
#include "base/sbuf.h"
#include "profile/profile.h"
#include "console/console.h"
#include "console/fetch.h"
#include "console/flags.h"
#include "console/live.h"
#include "render/render_cli.h"
#include "ui/tui.h"

static void put(FILE *f, const struct sbuf *b)
{
	if (b->len)
		fwrite(b->data, 1, b->len, f);
	fflush(f);
}

static int fail(const char *msg, const char *hint)
{
	fflush(stdout);
	fprintf(stderr, "rtprof: %s%s\n", msg, hint ? hint : "");
	return 1;
}

static bool has_suffix(const char *s, const char *suffix)
{
	size_t n = strlen(s), k = strlen(suffix);

	return n >= k && strcmp(s + n - k, suffix) == 0;
}

/* The live session's own flags, taken out of argv before pprof's flag
 * parser sees the rest. */
struct scene_flags {
	struct live_opts live;
	const char *sets[32];
};

static bool take_flag(const char *a, const char *name, const char **value)
{
	if (*a == '-')
		a++;
	if (*a == '-')
		a++;
	size_t n = strlen(name);
	if (strncmp(a, name, n) || a[n] != '=')
		return false;
	*value = a + n + 1;
	return true;
}

static int scene_flags(int *argc, char **argv, struct scene_flags *sf, struct rt_error *err)
{
	int k = 1;
	const char *v;
	memset(sf, 0, sizeof *sf);
	sf->live.sets = sf->sets;
	for (int i = 1; i < *argc; i++) {
		const char *a = argv[i];
		if (take_flag(a, "threads", &v))
			sf->live.threads = atoi(v);
		else if (take_flag(a, "jobs", &v))
			sf->live.jobs = v;
		else if (take_flag(a, "set", &v)) {
			if (sf->live.n_sets == 32)
				return rt_error_set(err, "too many -set flags");
			sf->sets[sf->live.n_sets++] = v;
		} else if (take_flag(a, "rate", &v))
			sf->live.hz = atoi(v);
		else if (take_flag(a, "sample_kind", &v))
			sf->live.kind = v;
		else if (take_flag(a, "window", &v))
			sf->live.window = atoi(v);
		else
			argv[k++] = argv[i];
	}
	*argc = k;
	argv[k] = NULL;
	return 0;
}

static struct live *live_session;

static void hook_status(void *arg, char *buf, size_t n)
{
	live_status(arg, buf, n);
}

static int hook_image(void *arg, int *w, int *h, unsigned char **rgb)
{
	return live_image(arg, w, h, rgb);
}

static bool hook_changed(void *arg)
{
	return live_changed(arg);
}

static double hook_refresh(void *arg)
{
	return live_refresh(arg);
}

static int run_batch(struct batch *b, const struct profile *p);

/* `rtprof [flags] scene.yaml`: -render= renders one PNG; a report flag
 * renders and samples for -seconds (default 10) and reports; otherwise the
 * live console (the TUI on a terminal, pprof's line loop on pipes). */
static int scene_main(int argc, char **argv, const char *scene)
{
	struct scene_flags sf;
	struct rt_error err;
	struct arena a;
	struct batch b;
	struct sbuf msg;
	int rc = 1;

	for (int i = 1; i < argc; i++)
		if (strncmp(argv[i], "-render", 7) == 0 ||
		    strncmp(argv[i], "--render", 8) == 0)
			return render_cli(argc, argv);
	if (scene_flags(&argc, argv, &sf, &err) < 0)
		return fail(err.msg, NULL);
	sf.live.scene_path = scene;
	arena_init(&a);
	sbuf_init(&msg);
	if (flags_parse(argc, argv, &a, &b, &msg, &err) < 0) {
		rc = fail(err.msg, b.usage_error ? " (rtprof --help lists the flags)" : NULL);
		goto out;
	}
	put(stderr, &msg);
	live_session = live_start(&sf.live, &err);
	if (!live_session) {
		rc = fail(err.msg, NULL);
		goto out;
	}
	if (b.cmd) {
		live_run_for(live_session, b.seconds > 0 ? b.seconds : 10);
		struct profile *p = live_snapshot(live_session, &err);
		live_stop(live_session);
		live_session = NULL;
		if (!p) {
			rc = fail(err.msg, NULL);
			goto out;
		}
		rc = run_batch(&b, p);
		profile_free(p);
		goto out;
	}
	struct console con;
	struct profile_source src = live_source(live_session);
	char prefix[256];
	console_init(&con, &src, &b.cfg, true);
	con.cfg.compact_labels = true;
	con.live = live_session;
	con.live_command = live_command;
	live_file_prefix(live_session, prefix, sizeof prefix);
	con.file_prefix = prefix;
	if (isatty(0) && isatty(1)) {
		struct tui_hooks h = { hook_status, hook_image, hook_changed, hook_refresh,
				       live_session };
		/* The file name: a long path would push the sampler's fields
		 * off the status line. */
		const char *slash = strrchr(scene, '/');
		rc = tui_run(&con, &h, slash ? slash + 1 : scene);
	} else {
		sbuf_reset(&msg);
		console_greeting(&con, &msg);
		put(stderr, &msg);
		console_loop(&con, stdin, stdout, stderr);
		rc = 0;
	}
	console_free(&con);
	live_stop(live_session);
	live_session = NULL;
out:
	sbuf_free(&msg);
	arena_free(&a);
	return rc;
}

static int run_batch(struct batch *b, const struct profile *p)
{
	struct console con;
	struct sbuf out, msg;
	struct rt_error err;
	struct report_config cfg = b->cfg;
	struct profile_source src = console_static_source(p);
	enum cmd_retval rv;

	console_init(&con, &src, &b->cfg, false);
	sbuf_init(&out);
	sbuf_init(&msg);
	rv = console_run(&con, b->cmd, b->cmd->name, b->cmd_arg, &cfg, 0, NULL,
			 p, &out, &msg, &err);
	if (rv == CMD_RETURN_ERROR) {
		sbuf_free(&out);
		sbuf_free(&msg);
		console_free(&con);
		return fail(err.msg, NULL);
	}
	put(stderr, &msg);
	put(stdout, &out);
	sbuf_free(&out);
	sbuf_free(&msg);
	console_free(&con);
	if (ferror(stdout))
		return fail("write error on standard output", NULL);
	return 0;
}

static int run_console(struct batch *b, const struct profile *p)
{
	struct console con;
	struct sbuf msg;
	struct profile_source src = console_static_source(p);

	console_init(&con, &src, &b->cfg, true);
	con.cfg.compact_labels = true;
	/* A terminal on both ends gets the ncurses console; pipes get pprof's
	 * line loop. */
	if (isatty(0) && isatty(1)) {
		int rc = tui_run(&con, NULL, b->fetch.n_sources ? b->fetch.sources[0] : "");
		console_free(&con);
		return rc;
	}
	sbuf_init(&msg);
	console_greeting(&con, &msg);
	put(stderr, &msg);
	sbuf_free(&msg);
	console_loop(&con, stdin, stdout, stderr);
	console_free(&con);
	return 0;
}

int main(int argc, char **argv)
{
	struct arena a;
	struct batch b;
	struct sbuf msg;
	struct rt_error err;
	struct fetch f;
	int rc;

	/* A scene comes last (`rtprof [flags] scene.yaml`); a .yaml elsewhere,
	 * such as -output report.yaml, is not one. */
	if (argc > 1 && (has_suffix(argv[argc - 1], ".yaml") ||
			 has_suffix(argv[argc - 1], ".yml")))
		return scene_main(argc, argv, argv[argc - 1]);

	arena_init(&a);
	sbuf_init(&msg);
	if (flags_parse(argc, argv, &a, &b, &msg, &err) < 0) {
		rc = fail(err.msg, b.usage_error ? " (rtprof --help lists the flags)" : NULL);
		goto out;
	}
	if (b.help) {
		flags_usage(&msg);
		put(stdout, &msg);
		rc = 0;
		goto out;
	}
	if (b.version) {
		printf("rtprof %s\n", PACKAGE_VERSION);
		rc = 0;
		goto out;
	}
	/* Flag warnings and fetch warnings go out together, and only when
	 * loading worked: an error stays one line. */
	if (fetch_profiles(&b.fetch, &f, &msg, &err) < 0) {
		rc = fail(err.msg, NULL);
		goto out;
	}
	put(stderr, &msg);
	rc = b.cmd ? run_batch(&b, f.p) : run_console(&b, f.p);
	fetch_free(&f);
out:
	sbuf_free(&msg);
	arena_free(&a);
	return rc;
}
