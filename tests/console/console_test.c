/* console_test: the console over a profile source, as the piped loop and
 * the TUI use it, and the command line flags. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "console/complete.h"
#include "console/console.h"
#include "console/flags.h"
#include "profile/profile_io.h"

/* A source like the live sampler's: counts snapshots taken and given back. */
struct counting_source {
	struct profile *p;
	int acquired, released;
};

static const struct profile *cs_acquire(void *arg, struct rt_error *err)
{
	struct counting_source *s = arg;
	(void)err;
	s->acquired++;
	return s->p;
}

static void cs_release(void *arg, const struct profile *p)
{
	struct counting_source *s = arg;
	assert_ptr_equal(p, s->p);
	s->released++;
}

static struct counting_source cs;
static struct console con;
static struct sbuf out, msg;

static int setup(void **state)
{
	struct rt_error err;
	struct report_config cfg;
	struct profile_source src = { cs_acquire, cs_release, &cs };

	(void)state;
	memset(&cs, 0, sizeof cs);
	cs.p = profile_read_file(RT_SRCDIR "/tests/golden/profiles/cpu.pb.gz", NULL, &err);
	if (!cs.p) {
		fprintf(stderr, "%s\n", err.msg);
		return -1;
	}
	report_config_default(&cfg);
	console_init(&con, &src, &cfg, true);
	con.cfg.compact_labels = true;
	sbuf_init(&out);
	sbuf_init(&msg);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	console_free(&con);
	profile_free(cs.p);
	sbuf_free(&out);
	sbuf_free(&msg);
	return 0;
}

static enum cmd_retval line(const char *s)
{
	sbuf_reset(&out);
	sbuf_reset(&msg);
	return console_exec_line(&con, s, &out, &msg);
}

static void test_greeting(void **state)
{
	(void)state;
	console_greeting(&con, &msg);
	assert_int_equal(strncmp(sbuf_str(&msg), "File: cpuwork\nType: cpu\n", 24), 0);
	assert_non_null(strstr(sbuf_str(&msg),
		"\nEntering interactive mode (type \"help\" for commands, \"o\" for options)\n"));
	assert_int_equal(cs.acquired, cs.released);
}

static void test_reports(void **state)
{
	(void)state;
	assert_int_equal(line("top3\n"), CMD_RETURN_NORMAL);
	assert_int_equal(strncmp(sbuf_str(&out), "Showing nodes accounting for", 28), 0);
	assert_non_null(strstr(sbuf_str(&out), "Showing top 3 nodes out of"));
	assert_int_equal(line("peek\n"), CMD_RETURN_NORMAL);
	assert_string_equal(sbuf_str(&msg), "command peek requires an argument\n");
	assert_int_equal(out.len, 0);
	assert_int_equal(line("list NoSuchFunction"), CMD_RETURN_NORMAL);
	assert_string_equal(sbuf_str(&msg), "no matches found for regexp: NoSuchFunction\n");
	assert_int_equal(line("x"), CMD_RETURN_NORMAL);
	assert_string_equal(sbuf_str(&msg), "unrecognized command: \"x\"\n");
	assert_true(cs.acquired > 0);
	assert_int_equal(cs.acquired, cs.released);
}

static void test_options(void **state)
{
	(void)state;
	line("nodecount=3 //: three");
	assert_int_equal(con.cfg.nodecount, 3);
	line("focus=sort");
	line("ignore=insertion");
	assert_string_equal(con.cfg.focus, "sort");
	line(":");
	assert_string_equal(con.cfg.focus, "");
	assert_string_equal(con.cfg.ignore, "");
	line("nodecount");
	assert_string_equal(sbuf_str(&msg), "please specify a value, e.g. nodecount=<val>\n");
	line("samples");
	assert_string_equal(con.cfg.sample_index, "samples");
	line("mean_cpu");
	assert_true(con.cfg.mean);
	assert_string_equal(con.cfg.sample_index, "cpu");
	line("total_cpu");
	assert_false(con.cfg.mean);
	line("sample_index=1");
	assert_string_equal(con.cfg.sample_index, "cpu");
	line("sample_index=foo");
	assert_string_equal(sbuf_str(&msg), "sample_index \"foo\" must be one of: [samples cpu]\n");
	line("o");
	assert_non_null(strstr(sbuf_str(&msg), "  nodecount                 = 3                    \n"));
	assert_non_null(strstr(sbuf_str(&msg), "  sample_index              = cpu                  //: [samples | cpu]\n"));
	/* A command's words do not persist. */
	line("top -cum main");
	assert_string_equal(con.cfg.sort, "flat");
	assert_string_equal(con.cfg.focus, "");
}

static void test_help_and_quit(void **state)
{
	(void)state;
	line("help top");
	assert_string_equal(sbuf_str(&msg),
		"Outputs top entries in text form\n"
		"  Usage:\n"
		"    top [n] [focus_regex]* [-ignore_regex]* [-cum] >f\n"
		"    Include up to n samples\n"
		"    Include samples matching focus_regex, and exclude ignore_regex.\n"
		"    -cum sorts the output by cumulative weight\n"
		"    Optionally save the report on the file f\n"
		"\n");
	line("help nosuch");
	assert_string_equal(sbuf_str(&msg), "Unknown command: nosuch\n");
	line("help");
	assert_int_equal(strncmp(sbuf_str(&msg), "  Commands:\n    callgrind        Outputs", 40), 0);
	assert_non_null(strstr(sbuf_str(&msg), "    o/options        List options and their current values\n"
				 "    q/quit/exit/^D   Exit pprof\n\n  Options:\n"));
	assert_int_equal(line("q"), CMD_RETURN_QUIT);
	assert_int_equal(line("exit"), CMD_RETURN_QUIT);
	assert_int_equal(line(" quit now"), CMD_RETURN_QUIT);
}

static void test_output_file(void **state)
{
	char dir[] = "/tmp/rtprof-console-XXXXXX", path[128], cwd[512];
	FILE *f;
	char buf[64];

	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof path, "top 2 > %s/t.txt", dir);
	line(path);
	snprintf(path, sizeof path, "Generating report in %s/t.txt\n", dir);
	assert_string_equal(sbuf_str(&msg), path);
	assert_int_equal(out.len, 0);
	snprintf(path, sizeof path, "%s/t.txt", dir);
	f = fopen(path, "r");
	assert_non_null(f);
	assert_non_null(fgets(buf, sizeof buf, f));
	assert_int_equal(strncmp(buf, "Showing nodes accounting for", 28), 0);
	fclose(f);
	unlink(path);
	/* Binary output at the prompt goes to profile001.pb.gz, never the screen. */
	assert_non_null(getcwd(cwd, sizeof cwd));
	assert_int_equal(chdir(dir), 0);
	line("proto");
	assert_string_equal(sbuf_str(&msg), "Generating report in profile001.pb.gz\n");
	line("proto");
	assert_string_equal(sbuf_str(&msg), "Generating report in profile002.pb.gz\n");
	unlink("profile001.pb.gz");
	unlink("profile002.pb.gz");
	assert_int_equal(chdir(cwd), 0);
	rmdir(dir);
}

static int flags(const char *const *args, struct batch *b, struct rt_error *err,
		 struct arena *a, struct sbuf *m)
{
	char *argv[32];
	int argc = 0;

	argv[argc++] = "rtprof";
	for (; *args; args++)
		argv[argc++] = (char *)*args;
	argv[argc] = NULL;
	return flags_parse(argc, argv, a, b, m, err);
}

static void test_flags(void **state)
{
	struct batch b;
	struct rt_error err;
	struct arena a;
	struct sbuf m;

	(void)state;
	arena_init(&a);
	sbuf_init(&m);
	const char *a1[] = { "--top", "-nodecount", "7", "--cum", "-lines=true",
			     "x.pb.gz", "-flat", NULL };
	assert_int_equal(flags(a1, &b, &err, &a, &m), 0);
	assert_string_equal(b.cmd->name, "top");
	assert_int_equal(b.cfg.nodecount, 7);
	assert_string_equal(b.cfg.sort, "cum");
	assert_string_equal(b.cfg.granularity, "lines");
	/* Flags end at the first non-flag: -flat is a source. */
	assert_int_equal((int)b.fetch.n_sources, 2);
	assert_string_equal(b.fetch.sources[1], "-flat");

	const char *a2[] = { "-list=main\\.", "-diff_base", "b.pb.gz", "-normalize",
			     "-alloc_space", "-inuse_space", "--", "-x.pb.gz", NULL };
	assert_int_equal(flags(a2, &b, &err, &a, &m), 0);
	assert_string_equal(b.cmd->name, "list");
	assert_string_equal(b.cmd_arg, "main\\.");
	assert_string_equal(b.fetch.base, "b.pb.gz");
	assert_true(b.fetch.diff_base);
	assert_true(b.fetch.normalize);
	assert_string_equal(b.cfg.sample_index, "inuse_space");
	assert_string_equal(sbuf_str(&m), "Multiple value selections, ignoring -alloc_space\n");
	assert_string_equal(b.fetch.sources[0], "-x.pb.gz");

	const char *a3[] = { "-top", "-raw", "x", NULL };
	assert_int_equal(flags(a3, &b, &err, &a, &m), -1);
	assert_string_equal(err.msg, "must set at most one output format");
	const char *a4[] = { "-nodecount=abc", "x", NULL };
	assert_int_equal(flags(a4, &b, &err, &a, &m), -1);
	assert_string_equal(err.msg, "invalid value \"abc\" for flag -nodecount: parse error");
	const char *a5[] = { "-nosuch", "x", NULL };
	assert_int_equal(flags(a5, &b, &err, &a, &m), -1);
	assert_string_equal(err.msg, "flag provided but not defined: -nosuch");
	const char *a6[] = { "-top", NULL };
	assert_int_equal(flags(a6, &b, &err, &a, &m), -1);
	assert_string_equal(err.msg, "no profile source specified");
	const char *a7[] = { "-normalize", "x", NULL };
	assert_int_equal(flags(a7, &b, &err, &a, &m), -1);
	assert_string_equal(err.msg, "must have base profile to normalize by");
	const char *a8[] = { "-nodecount=0x10", "-tree", "-mean_delay", "x", NULL };
	assert_int_equal(flags(a8, &b, &err, &a, &m), 0);
	assert_int_equal(b.cfg.nodecount, 16);
	assert_true(b.cfg.mean);
	assert_string_equal(b.cfg.sample_index, "delay");
	const char *a9[] = { "--help", NULL };
	assert_int_equal(flags(a9, &b, &err, &a, &m), 0);
	assert_true(b.help);
	sbuf_free(&m);
	arena_free(&a);
}

/* The scene flags: Go's forms, checked values, one range with the console
 * (flags_scene_value). */
static void test_scene_flags(void **state)
{
	struct batch b;
	struct rt_error err;
	struct arena a;
	struct sbuf m;
	int v = -1;

	(void)state;
	arena_init(&a);
	sbuf_init(&m);
	const char *a1[] = { "-threads", "4", "--jobs=line", "-set", "alloc=naive",
			     "-set=depth=2", "-window=2m", "-rate", "200",
			     "-sample_kind=alloc", "s.yaml", NULL };
	assert_int_equal(flags(a1, &b, &err, &a, &m), 0);
	assert_string_equal(b.scene.render.scene, "s.yaml");
	assert_null(b.scene.render.out);
	assert_int_equal(b.scene.render.threads, 4);
	assert_int_equal(b.scene.render.jobs, JOBS_LINE);
	assert_false(b.scene.render.sw.alloc_pooled);
	assert_int_equal(b.scene.render.sw.max_depth, 2);
	assert_int_equal(b.scene.window, 120);
	assert_int_equal(b.scene.hz, 200);
	assert_int_equal(b.scene.kind, SAMPLER_ALLOC);
	const char *a2[] = { "-render=o.png", "-size=40x20", "-repeat=3", "any.scene", NULL };
	assert_int_equal(flags(a2, &b, &err, &a, &m), 0);
	assert_string_equal(b.scene.render.out, "o.png");
	assert_string_equal(b.scene.render.scene, "any.scene");
	assert_int_equal(b.scene.render.width, 40);
	assert_int_equal(b.scene.render.repeat, 3);
	const char *a3[] = { "-threads=0", "s.yaml", NULL };
	assert_int_equal(flags(a3, &b, &err, &a, &m), -1);
	assert_string_equal(err.msg, "-threads=0: out of range (1 to 256)");
	assert_false(b.usage_error);
	const char *a4[] = { "-threads=2", "x.pb.gz", NULL };
	assert_int_equal(flags(a4, &b, &err, &a, &m), -1);
	assert_string_equal(err.msg, "-threads: only for a scene (rtprof -threads=N scene.yaml); "
			    "a saved profile is not rendered");

	assert_int_equal(flags_scene_value("threads", "0", &v, &err), -1);
	assert_string_equal(err.msg, "out of range (1 to 256)");
	assert_int_equal(flags_scene_value("threads", "8", &v, &err), 0);
	assert_int_equal(v, 8);
	assert_int_equal(flags_scene_value("rate", "fast", &v, &err), -1);
	assert_string_equal(err.msg, "not a number");
	assert_int_equal(flags_scene_value("repeat", "2", &v, &err), 0);
	assert_int_equal(v, 2);
	assert_int_equal(flags_scene_value("window", "10s", &v, &err), 0);
	assert_int_equal(v, 10);
	assert_int_equal(flags_scene_value("window", "90", &v, &err), 0);
	assert_int_equal(v, 90);
	assert_int_equal(flags_scene_value("window", "2m", &v, &err), 0);
	assert_int_equal(v, 120);
	assert_int_equal(flags_scene_value("window", "all", &v, &err), 0);
	assert_int_equal(v, 0);
	assert_int_equal(flags_scene_value("window", "5x", &v, &err), -1);
	assert_string_equal(err.msg, "not a duration (like 10s, 2m or all)");
	assert_int_equal(flags_scene_value("window", "61m", &v, &err), -1);
	assert_string_equal(err.msg, "out of range (1s to 60m, or all)");
	assert_int_equal(flags_scene_value("jobs", "line", &v, &err), -1);
	sbuf_free(&m);
	arena_free(&a);
}

static void test_complete(void **state)
{
	struct arena a;

	(void)state;
	arena_init(&a);
	assert_string_equal(console_complete("to", cs.p, &a), "to");
	assert_string_equal(console_complete("topp", cs.p, &a), "topproto");
	assert_string_equal(console_complete("NODEC", cs.p, &a), "nodecount");
	assert_string_equal(console_complete("filef", cs.p, &a), "filefunctions");
	assert_string_equal(console_complete("help nodef", cs.p, &a), "help nodefraction");
	assert_string_equal(console_complete("list fibW", cs.p, &a), "list main.fibWorker");
	assert_string_equal(console_complete("top  5 -fibW", cs.p, &a), "top 5 -main.fibWorker");
	assert_string_equal(console_complete("list fib", cs.p, &a), "list fib");
	assert_string_equal(console_complete("tags fibW", cs.p, &a), "tags fibW");
	assert_string_equal(console_complete("", cs.p, &a), "");
	arena_free(&a);
}

/* The terminal's bash-style completion: the line as far as the candidates
 * agree, and the candidates for a second Tab. */
static const char *complete_all(const char *line, const char *switches, struct arena *a,
				size_t *n)
{
	struct completion c;
	console_complete_all(line, cs.p, switches, a, &c);
	*n = c.n;
	return c.line;
}

static void test_complete_all(void **state)
{
	static const char switches[] = "inverse_cache=on     (on|off)\n"
				       "alloc=pooled         (pooled|naive)\n"
				       "depth=5              (0..64)\n";
	struct arena a;
	size_t n;
	(void)state;
	arena_init(&a);
	assert_string_equal(complete_all("to", NULL, &a, &n), "top");
	assert_true(n >= 2);	/* top, topproto */
	assert_string_equal(complete_all("gran", NULL, &a, &n), "granularity=");
	assert_string_equal(complete_all("granularity=l", NULL, &a, &n), "granularity=lines ");
	assert_string_equal(complete_all("nodefraction=", NULL, &a, &n), "nodefraction=");
	assert_string_equal(complete_all("trim=", NULL, &a, &n), "trim=");
	assert_int_equal(n, 2);	/* true, false */
	assert_string_equal(complete_all("set inv", switches, &a, &n), "set inverse_cache=");
	assert_string_equal(complete_all("set inverse_cache=o", switches, &a, &n),
			    "set inverse_cache=o");
	assert_int_equal(n, 2);	/* on, off: a second Tab lists them */
	assert_string_equal(complete_all("set alloc=n", switches, &a, &n), "set alloc=naive ");
	assert_string_equal(complete_all("set depth=", switches, &a, &n), "set depth=");
	assert_int_equal(n, 0);	/* a range, not a list */
	assert_string_equal(complete_all("jobs p", NULL, &a, &n), "jobs pixel ");
	assert_string_equal(complete_all("profile ", NULL, &a, &n), "profile ");
	assert_int_equal(n, 4);	/* cpu, alloc, mutex, block */
	assert_string_equal(complete_all("list fibW", NULL, &a, &n), "list main.fibWorker ");
	assert_string_equal(complete_all("focus=fibW", NULL, &a, &n), "focus=main.fibWorker ");
	assert_string_equal(complete_all("peek fib", NULL, &a, &n), "peek fib");
	assert_true(n >= 2);	/* several functions contain it */
	assert_string_equal(complete_all("help nodef", NULL, &a, &n), "help nodefraction=");
	arena_free(&a);
}

static const struct profile *empty_acquire(void *arg, struct rt_error *err)
{
	(void)arg;
	rt_error_set(err, "no samples yet: the sampler has not ticked");
	return NULL;
}

/* A live source with nothing to give yet: commands say why, help works. */
static void test_no_profile(void **state)
{
	struct console c;
	struct report_config cfg;
	struct profile_source src = { empty_acquire, NULL, NULL };

	(void)state;
	report_config_default(&cfg);
	console_init(&c, &src, &cfg, true);
	sbuf_reset(&msg);
	console_exec_line(&c, "top", &out, &msg);
	assert_string_equal(sbuf_str(&msg), "no samples yet: the sampler has not ticked\n");
	sbuf_reset(&msg);
	console_exec_line(&c, "sample_index=cpu", &out, &msg);
	assert_string_equal(sbuf_str(&msg), "no samples yet: the sampler has not ticked\n");
	sbuf_reset(&msg);
	console_exec_line(&c, "help top", &out, &msg);
	assert_int_equal(strncmp(sbuf_str(&msg), "Outputs top entries", 19), 0);
	assert_int_equal(console_exec_line(&c, "quit", &out, &msg), CMD_RETURN_QUIT);
	console_free(&c);
}

/* The table's own rules: unique names and aliases, every entry whole. */
static void test_table(void **state)
{
	struct sbuf u;

	(void)state;
	for (size_t i = 0; cmd_table[i]; i++) {
		const struct cmd_entry *e = cmd_table[i];
		assert_non_null(e->exec);
		assert_non_null(e->description);
		assert_non_null(e->usage);
		assert_ptr_equal(cmd_find(e->name), e);
		assert_int_equal(!!(e->flags & CMD_PARAM), strcmp(e->args, "R") == 0);
		if (e->flags & CMD_BINARY)
			assert_non_null(e->suffix);
		for (size_t k = i + 1; cmd_table[k]; k++)
			assert_string_not_equal(e->name, cmd_table[k]->name);
	}
	assert_ptr_equal(cmd_find("q"), cmd_find("quit"));
	assert_ptr_equal(cmd_find("o"), cmd_find("options"));
	assert_null(cmd_find("qu"));
	sbuf_init(&u);
	flags_usage(&u);
	assert_non_null(strstr(sbuf_str(&u), "    -top             Outputs top entries in text form\n"));
	assert_non_null(strstr(sbuf_str(&u), "    -list            Output annotated source"));
	/* the viewers write their file and name it: listed like the others */
	assert_non_null(strstr(sbuf_str(&u), "    -web             Visualize graph through web browser\n"));
	assert_non_null(strstr(sbuf_str(&u), "    -kcachegrind     Visualize report in KCachegrind\n"));
	assert_null(strstr(sbuf_str(&u), "o/options"));
	sbuf_free(&u);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_greeting, setup, teardown),
		cmocka_unit_test_setup_teardown(test_reports, setup, teardown),
		cmocka_unit_test_setup_teardown(test_options, setup, teardown),
		cmocka_unit_test_setup_teardown(test_help_and_quit, setup, teardown),
		cmocka_unit_test_setup_teardown(test_output_file, setup, teardown),
		cmocka_unit_test(test_flags),
		cmocka_unit_test(test_scene_flags),
		cmocka_unit_test(test_table),
		cmocka_unit_test_setup_teardown(test_no_profile, setup, teardown),
		cmocka_unit_test_setup_teardown(test_complete, setup, teardown),
		cmocka_unit_test_setup_teardown(test_complete_all, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
