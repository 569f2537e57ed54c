/* main: rtprof's entry point.  Decides between batch flags, piped commands
 * and the console; the only place besides the console that prints errors
 * and chooses the exit code.  Errors are one line, `rtprof: ...`, exit 1. */
#include "config.h"

#include <errno.h>
#include <limits.h>
#include <malloc.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "base/arena.h"
#include "base/atomic_file.h"
#include "base/heap_tune.h"
#include "base/sbuf.h"
#include "profile/profile.h"
#include "console/console.h"
#include "console/fetch.h"
#include "console/flags.h"
#include "console/live.h"
#include "console/runner_threads.h"
#include "console/serve.h"
#include "render/render_cli.h"
#include "symbol/binutils.h"
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

static struct live *live_session;

/* Ends the process by sig, as a process killed by it ends: the parent (a
 * shell loop, make) sees the signal.  QUIT's default action may dump core,
 * as the user's core limit (ulimit -c) says. */
static int end_by_signal(int sig)
{
	sigset_t s;
	signal(sig, SIG_DFL);
	sigemptyset(&s);
	sigaddset(&s, sig);
	pthread_sigmask(SIG_UNBLOCK, &s, NULL);
	raise(sig);
	return 128 + sig;	/* not reached */
}

/* Outside the terminal console (batch flags, piped commands): a signal
 * that ends rtprof first removes the temp file of a save under way (a
 * half-written OUT.tmp-PID-XXXXXX), then ends it as the signal does. */
static void on_end_signal(int sig)
{
	atomic_file_remove_temps();
	raise(sig);	/* SA_RESETHAND: the default action, once we return */
}

/* Signals ignored when rtprof started (INT and QUIT of a background job
 * of a script) stay ignored.  The console's own handlers replace these. */
static void end_signals(void)
{
	static const int sigs[] = { SIGINT, SIGTERM, SIGHUP, SIGQUIT };
	struct sigaction sa, old;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_end_signal;
	sa.sa_flags = SA_RESETHAND;
	sigemptyset(&sa.sa_mask);
	for (size_t i = 0; i < sizeof sigs / sizeof *sigs; i++)
		if (sigaction(sigs[i], NULL, &old) == 0 && old.sa_handler != SIG_IGN)
			sigaction(sigs[i], &sa, NULL);
}

/* The stream of a long report to standard output (traces, raw, callgrind,
 * proto): out's sink, so that the first bytes go out at once and a closed
 * pipe ends the report (SIGPIPE, or EPIPE when SIGPIPE is ignored). */
struct stdout_sink {
	int err;	/* errno of the failed write */
	bool carry;	/* the last chunk ended inside an escaped byte pair */
	bool raw;	/* bytes as they are (CMD_RAW): nothing escaped */
	struct sbuf *msg;	/* the report's notes so far ("Focus expression
				 * matched no samples"): out before its first
				 * bytes, as pprof prints them */
};

static int write_all(struct stdout_sink *s, const char *p, size_t len)
{
	while (len) {
		ssize_t w = write(STDOUT_FILENO, p, len);
		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0) {
			s->err = errno;
			return -1;
		}
		p += w;
		len -= (size_t)w;
	}
	return 0;
}

/* A streamed report's bytes, names with NUL bytes whole again
 * (profile_str_unescape), a pair cut between two chunks included. */
static int stdout_write(void *arg, const void *data, size_t len)
{
	struct stdout_sink *s = arg;
	if (s->msg && s->msg->len) {
		put(stderr, s->msg);
		sbuf_reset(s->msg);
	}
	if (s->raw)
		return write_all(s, data, len);
	char *copy = malloc(len + 2);
	if (!copy) {
		s->err = ENOMEM;
		return -1;
	}
	size_t n = 0;
	if (s->carry)
		copy[n++] = PROFILE_ESC;
	memcpy(copy + n, data, len);
	n += len;
	s->carry = n && (unsigned char)copy[n - 1] == PROFILE_ESC;
	if (s->carry)
		n--;
	n = profile_str_unescape(copy, n);
	int rc = write_all(s, copy, n);
	free(copy);
	return rc;
}

/* "recording [#########.........]  4.5/10 s" on one line of stderr. */
static void progress_bar(double done, double total, void *arg)
{
	(void)arg;
	char bar[31];
	int n = total > 0 ? (int)(done / total * 30) : 30;
	for (int i = 0; i < 30; i++)
		bar[i] = i < n ? '#' : '.';
	bar[30] = '\0';
	fprintf(stderr, "\rrecording [%s] %5.1f/%g s", bar, done, total);
	fflush(stderr);
}

/* The server's URL (rtprof -listen) while the terminal console runs. */
static const char *serve_address;

static size_t hook_status(void *arg, struct status_field *f, size_t max)
{
	size_t n = live_status(arg, f, max);

	if (serve_address && n < max) {
		snprintf(f[n].text, sizeof f[n].text, "serving %s", serve_address);
		f[n].priority = 50;
		n++;
	}
	return n;
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

/* Reserves room at the top of malloc's heap and asks for transparent
 * huge pages there (THP is mostly "madvise" on servers): a report that
 * touches tens of megabytes then takes a fault per 2 MB instead of per
 * 4 KB, and fewer TLB misses.  Pages are still only used when touched.
 * With another malloc (sanitizers) the break does not move: nothing. */
static void heap_hugepages(void)
{
	const size_t huge = 2 * 1024 * 1024, room = (size_t)1 << 30;
	char *start = sbrk(0);
	mallopt(M_TOP_PAD, (int)room);
	/* more than the top chunk holds: the heap grows by it and the pad
	 * (volatile, or the compiler drops the pair) */
	void *volatile grow = malloc(16 * 1024 * 1024);
	free(grow);
	mallopt(M_TOP_PAD, 128 * 1024);
	char *end = sbrk(0);
	if (start == (char *)-1 || end == (char *)-1 || end <= start)
		return;
	uintptr_t a = ((uintptr_t)start + huge - 1) & ~(uintptr_t)(huge - 1);
	uintptr_t e = (uintptr_t)end & ~(uintptr_t)(huge - 1);
	if (e > a)
		madvise((void *)a, e - a, MADV_HUGEPAGE);
}

/* "Fetching profile over HTTP from URL": on stderr at once, as pprof. */
static void note_now(void *arg, const char *line)
{
	(void)arg;
	fflush(stdout);
	fputs(line, stderr);
	fflush(stderr);
}

/* `rtprof -listen=ADDR scene.yaml` without a terminal: the session renders
 * and the server serves until INT, TERM, HUP or QUIT (blocked in every
 * thread: this one waits for them); then 128+signal, so that rtprof ends
 * as that signal does. */
static int serve_headless(const sigset_t *end_sigs)
{
	int sig;

	while (sigwait(end_sigs, &sig) != 0)
		;
	return 128 + sig;
}

/* The live session's options: the scene flags flags_parse checked. */
static struct live_opts live_opts_from(const struct scene_opts *so)
{
	return (struct live_opts){ .scene_path = so->render.scene,
				   .threads = so->render.threads,
				   .jobs = so->render.jobs,
				   .sw = so->render.sw,
				   .hz = so->hz,
				   .kind = so->kind,
				   .window = so->window };
}

/* `rtprof [flags] scene.yaml`: -render= renders one PNG; a report flag
 * renders and samples for -seconds (default 10) and reports; otherwise the
 * live console (the TUI on a terminal, pprof's line loop on pipes). */
static int scene_main(struct batch *b)
{
	const char *scene = b->scene.render.scene;
	struct live_opts lo = live_opts_from(&b->scene);
	struct rt_error err;
	struct sbuf msg;
	struct serve *srv = NULL;
	bool headless = b->scene.listen && !isatty(0);
	int rc = 1;

	if (b->scene.render.out)
		return render_cli(&b->scene.render);
	sbuf_init(&msg);
	/* The session's threads (the server's too) start with the terminal's
	 * signals blocked: those go to this thread (Ctrl-Z, Ctrl-C, resizes);
	 * headless, this thread keeps the ending ones blocked and waits. */
	sigset_t term_sigs, old_mask, end_sigs;
	tui_signals(&term_sigs);
	sigemptyset(&end_sigs);
	sigaddset(&end_sigs, SIGINT);
	sigaddset(&end_sigs, SIGTERM);
	sigaddset(&end_sigs, SIGHUP);
	sigaddset(&end_sigs, SIGQUIT);
	pthread_sigmask(SIG_BLOCK, &term_sigs, &old_mask);
	if (b->scene.listen && serve_prepare(&err) < 0)
		live_session = NULL;
	else
		live_session = live_start(&lo, &err);
	if (live_session && b->scene.listen && !(srv = serve_start(b->scene.listen, &err))) {
		live_stop(live_session);
		live_session = NULL;
	}
	pthread_sigmask(SIG_SETMASK, &old_mask, NULL);
	if (headless)
		pthread_sigmask(SIG_BLOCK, &end_sigs, NULL);
	if (live_session) {	/* every mode says what the scene got wrong */
		sbuf_reset(&msg);
		live_warnings(live_session, &msg);
		put(stderr, &msg);
	}
	if (!live_session) {
		rc = fail(err.msg, NULL);
		goto out;
	}
	if (srv && !(isatty(0) && isatty(1))) {
		fprintf(stderr, "rtprof: serving profiles at %s\n", serve_url(srv));
		fflush(stderr);
	}
	if (headless) {
		rc = serve_headless(&end_sigs);
		serve_stop(srv);
		live_stop(live_session);
		live_session = NULL;
		goto out;
	}
	if (b->cmd) {
		/* A terminal on stderr sees the recording's progress. */
		live_run_for(live_session, b->scene.seconds, isatty(2) ? progress_bar : NULL, NULL);
		if (isatty(2))
			fputs("\r\033[K", stderr);
		struct profile *p = live_snapshot(live_session, &err);
		live_stop(live_session);
		live_session = NULL;
		if (!p) {
			rc = fail(err.msg, NULL);
			goto out;
		}
		rc = run_batch(b, p);
		profile_free(p);
		goto out;
	}
	struct console con;
	struct profile_source src = live_source(live_session);
	char prefix[256];
	console_init(&con, &src, &b->cfg, true);
	con.cfg.compact_labels = true;
	con.live = live_session;
	con.live_ops = &live_session_ops;
	live_file_prefix(live_session, prefix, sizeof prefix);
	con.file_prefix = prefix;
	if (isatty(0) && isatty(1)) {
		struct tui_hooks h = { hook_status, hook_image, hook_changed, hook_refresh,
				       live_session };
		serve_address = srv ? serve_url(srv) : NULL;
		rc = tui_run(&con, &h, scene);	/* it shows the file's name */
		serve_address = NULL;
	} else {
		sbuf_reset(&msg);
		console_greeting(&con, &msg);
		put(stderr, &msg);
		console_loop(&con, stdin, stdout, stderr);
		rc = 0;
	}
	console_free(&con);
	serve_stop(srv);
	live_stop(live_session);
	live_session = NULL;
out:
	sbuf_free(&msg);
	return rc;
}

static int run_batch(struct batch *b, const struct profile *p)
{
	struct console con;
	struct sbuf out, msg;
	struct rt_error err;
	struct report_config cfg = b->cfg;
	struct profile_source src = console_static_source(p);
	/* one report: its walks may use every CPU */
	cfg.runner = runner_threads();
	enum cmd_retval rv;
	struct stdout_sink sink = { .raw = b->cmd->flags & CMD_RAW, .msg = &msg };

	console_init(&con, &src, &b->cfg, false);
	sbuf_init(&out);
	sbuf_init(&msg);
	if ((b->cmd->flags & CMD_STREAM) && !(cfg.output && *cfg.output)) {
		fflush(stdout);
		sbuf_set_sink(&out, stdout_write, &sink, 64 * 1024);
	}
	rv = console_run(&con, b->cmd, b->cmd->name, b->cmd_arg, &cfg, 0, NULL,
			 p, &out, &msg, &err);
	if (rv == CMD_RETURN_ERROR && !out.sink_failed) {
		sbuf_free(&out);
		sbuf_free(&msg);
		console_free(&con);
		return fail(err.msg, NULL);
	}
	put(stderr, &msg);
	sbuf_reset(&msg);	/* (the sink prints what it still holds) */
	if (out.sink)
		sbuf_flush(&out);
	else
		put(stdout, &out);
	sbuf_free(&out);
	sbuf_free(&msg);
	console_free(&con);
	/* A reader that stopped reading (`| head`) is not an error to report. */
	if (sink.err == EPIPE)
		return 1;
	if (sink.err)
		return fail("write error on standard output: ", strerror(sink.err));
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

	arena_init(&a);
	sbuf_init(&msg);
	end_signals();
	if (flags_parse(argc, argv, &a, &b, &msg, &err) < 0) {
		rc = fail(err.msg, b.usage_error ? " (rtprof --help lists the flags)" : NULL);
		goto out;
	}
	binutils_set_tools(b.tools);
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
	if (b.list_flags) {
		flags_list(&msg);
		put(stdout, &msg);
		rc = 0;
		goto out;
	}
	/* Before the render workers and the console's threads start. */
	heap_tune_refresh();
	if (b.scene.render.scene) {
		put(stderr, &msg);
		rc = scene_main(&b);
		goto out;
	}
	if (b.cmd) {
		/* One report, then exit: memory freed while reading (the
		 * inflated file, protobuf-c's messages) is better kept for the
		 * report's allocations than handed back and faulted in again:
		 * the heap is never trimmed. */
		mallopt(M_TRIM_THRESHOLD, INT_MAX);
		heap_hugepages();
	}
	/* Flag warnings and fetch warnings go out together, and only when
	 * loading worked: an error stays one line. */
	b.fetch.note = note_now;
	/* one report that only sums samples up: no merge needed for it */
	b.fetch.sums_only = b.cmd && (b.cmd->flags & CMD_REPORT) && report_sums_only(b.cmd->report);
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
	if (rc > 128)	/* the terminal console, ended by signal rc-128 */
		return end_by_signal(rc - 128);
	return rc;
}
