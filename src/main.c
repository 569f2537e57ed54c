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
#include "console/console.h"
#include "console/fetch.h"
#include "console/flags.h"
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

/* `rtprof scene.yaml`: -render= renders to a PNG; otherwise the live
 * console over the renderer. */
static int scene_main(int argc, char **argv, const char *scene)
{
	for (int i = 1; i < argc; i++)
		if (strncmp(argv[i], "-render", 7) == 0 ||
		    strncmp(argv[i], "--render", 8) == 0)
			return render_cli(argc, argv);
	/* TODO(live console): start the console over the sampler here. */
	fprintf(stderr, "rtprof: %s: the live rendering console is not built yet; "
		"rtprof reads saved profiles for now (rtprof -top FILE.pb.gz)\n", scene);
	return 1;
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
