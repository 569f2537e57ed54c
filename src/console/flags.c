/* flags: the command line as pprof's parseFlags reads it, with Go's flag
 * package rules and messages.  Flags are found in three tables: options
 * (-nodecount, and one bool per choice: -cum, -lines), commands (-top,
 * -list=RE) and the source flags below.  Must not load profiles or print. */
#include "console/flags.h"

#include <fcntl.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/goparse.h"
#include "console/options.h"

enum extra_id {
	X_DIFF_BASE, X_BASE, X_SYMBOLIZE, X_BUILDID, X_TIMEOUT, X_ADD_COMMENT,
	X_SECONDS, X_INUSE_SPACE, X_INUSE_OBJECTS, X_ALLOC_SPACE,
	X_ALLOC_OBJECTS, X_TOTAL_DELAY, X_CONTENTIONS, X_MEAN_DELAY, X_TOOLS,
	X_HTTP, X_NO_BROWSER, X_MAX_DECOMPRESSED, X_RENDER, X_VERSION, X_HELP,
	X_COUNT
};

enum xtype { XB, XI, XS };

static const struct extra {
	const char *name;
	enum xtype type;
} extras[X_COUNT] = {
	[X_DIFF_BASE] = { "diff_base", XS },
	[X_BASE] = { "base", XS },
	[X_SYMBOLIZE] = { "symbolize", XS },
	[X_BUILDID] = { "buildid", XS },
	[X_TIMEOUT] = { "timeout", XI },
	[X_ADD_COMMENT] = { "add_comment", XS },
	[X_SECONDS] = { "seconds", XI },
	[X_INUSE_SPACE] = { "inuse_space", XB },
	[X_INUSE_OBJECTS] = { "inuse_objects", XB },
	[X_ALLOC_SPACE] = { "alloc_space", XB },
	[X_ALLOC_OBJECTS] = { "alloc_objects", XB },
	[X_TOTAL_DELAY] = { "total_delay", XB },
	[X_CONTENTIONS] = { "contentions", XB },
	[X_MEAN_DELAY] = { "mean_delay", XB },
	[X_TOOLS] = { "tools", XS },
	[X_HTTP] = { "http", XS },
	[X_NO_BROWSER] = { "no_browser", XB },
	[X_MAX_DECOMPRESSED] = { "max_decompressed", XI },
	[X_RENDER] = { "render", XS },
	[X_VERSION] = { "version", XB },
	[X_HELP] = { "help", XB },
};

#define MAX_CMDS 128	/* entries of cmd_table that flags can index */
#define MAX_CHOICES 16

/* Everything the flags set, before it is checked and applied. */
struct seen {
	bool xb[X_COUNT];
	long long xi[X_COUNT];
	const char *xs[X_COUNT];
	bool choice_on[MAX_CHOICES];
	const char *choice_name[MAX_CHOICES];
	const struct option *choice_group[MAX_CHOICES];
	size_t n_choices;
	bool cmd_on[MAX_CMDS];
	const char *cmd_arg[MAX_CMDS];
};

static size_t cmd_index(const struct cmd_entry *e)
{
	size_t i = 0;

	while (cmd_table[i] != e)
		i++;
	return i;
}

/* Go's flag messages for values that do not parse. */
static int bool_value(const char *name, const char *value, bool *bv,
		      struct rt_error *err)
{
	if (go_parse_bool(value, bv) != GO_PARSE_OK)
		return rt_error_set(err, "invalid boolean value \"%s\" for -%s: parse error",
				    value, name);
	return 0;
}

/* The flag package's wording of a strconv failure. */
static int bad_value(const char *name, const char *value, enum go_parse why,
		     struct rt_error *err)
{
	return rt_error_set(err, "invalid value \"%s\" for flag -%s: %s", value, name,
			    why == GO_PARSE_RANGE ? "value out of range" : "parse error");
}

/* Sets one flag.  has_value: the flag came as -name=value. */
static int set_flag(const char *name, const char *value, struct batch *b,
		    struct seen *s, struct rt_error *err)
{
	const struct option *o = option_find(name);
	const struct option_choice *c = option_find_choice(name);
	const struct cmd_entry *e = cmd_find(name);
	enum go_parse why;
	long long iv;
	double fv;
	bool bv;

	if (o && o->type != OPT_CHOICE) {
		void *field = (char *)&b->cfg + o->offset;
		switch (o->type) {
		case OPT_BOOL:
			if (bool_value(name, value, &bv, err) < 0)
				return -1;
			*(bool *)field = bv;
			return 0;
		case OPT_INT:
			if ((why = go_parse_int(value, &iv)) != GO_PARSE_OK)
				return bad_value(name, value, why, err);
			*(int *)field = iv > INT_MAX ? INT_MAX : iv < INT_MIN ? INT_MIN : (int)iv;
			return 0;
		case OPT_FLOAT:
			if ((why = go_parse_float(value, &fv)) != GO_PARSE_OK)
				return bad_value(name, value, why, err);
			*(double *)field = fv;
			return 0;
		default:
			*(const char **)field = value;
			return 0;
		}
	}
	if (c) {
		size_t i;
		if (bool_value(name, value, &bv, err) < 0)
			return -1;
		for (i = 0; i < s->n_choices && strcmp(s->choice_name[i], name); i++)
			;
		if (i == s->n_choices && i < MAX_CHOICES) {
			s->choice_name[i] = c->name;
			s->choice_group[i] = option_choice_group(c);
			s->n_choices++;
		}
		if (i < MAX_CHOICES)
			s->choice_on[i] = bv;
		return 0;
	}
	if (e && (e->flags & CMD_REPORT)) {
		size_t i = cmd_index(e);
		if (i >= MAX_CMDS)
			return rt_error_set(err, "-%s: the command table outgrew flags.c's MAX_CMDS", name);
		if (e->flags & CMD_PARAM) {
			s->cmd_arg[i] = value;
		} else {
			if (bool_value(name, value, &bv, err) < 0)
				return -1;
			s->cmd_on[i] = bv;
		}
		return 0;
	}
	for (int x = 0; x < X_COUNT; x++) {
		if (strcmp(extras[x].name, name) != 0)
			continue;
		switch (extras[x].type) {
		case XB:
			if (bool_value(name, value, &bv, err) < 0)
				return -1;
			s->xb[x] = bv;
			break;
		case XI:
			if ((why = go_parse_int(value, &iv)) != GO_PARSE_OK)
				return bad_value(name, value, why, err);
			s->xi[x] = iv;
			break;
		case XS:
			s->xs[x] = value;
			break;
		}
		return 0;
	}
	return rt_error_set(err, "flag provided but not defined: -%s", name);
}

/* Whether name is a bool flag (takes no separate value argument). */
static bool is_bool_flag(const char *name)
{
	const struct option *o = option_find(name);
	const struct cmd_entry *e = cmd_find(name);

	if (o)
		return o->type == OPT_BOOL;
	if (option_find_choice(name))
		return true;
	if (e && (e->flags & CMD_REPORT))
		return !(e->flags & CMD_PARAM);
	for (int x = 0; x < X_COUNT; x++)
		if (strcmp(extras[x].name, name) == 0)
			return extras[x].type == XB;
	return false;	/* unknown: set_flag reports it */
}

static bool is_defined(const char *name)
{
	const struct cmd_entry *e = cmd_find(name);
	const struct option *o = option_find(name);

	/* Choice groups (sort, granularity) have a flag per choice only. */
	if ((o && o->type != OPT_CHOICE) || option_find_choice(name) ||
	    (e && (e->flags & CMD_REPORT)))
		return true;
	for (int x = 0; x < X_COUNT; x++)
		if (strcmp(extras[x].name, name) == 0)
			return true;
	return false;
}

/* Go's FlagSet.Parse: returns the index of the first non-flag argument. */
static int parse_all(int argc, char **argv, struct batch *b, struct seen *s,
		     struct arena *a, struct rt_error *err)
{
	int i = 1;

	while (i < argc) {
		const char *arg = argv[i], *name, *eq;
		char *nm;
		const char *value = NULL;

		if (strlen(arg) < 2 || arg[0] != '-')
			break;
		name = arg + 1;
		if (arg[1] == '-') {
			if (!arg[2])
				return i + 1;	/* "--" ends the flags */
			name++;
		}
		if (!*name || *name == '-' || *name == '=')
			return rt_error_set(err, "bad flag syntax: %s", arg);
		i++;
		eq = strchr(name + 1, '=');
		nm = arena_strndup(a, name, eq ? (size_t)(eq - name) : strlen(name));
		if (!nm)
			return rt_error_set(err, "out of memory");
		if (eq)
			value = eq + 1;
		if (!is_defined(nm) && (strcmp(nm, "h") == 0)) {
			b->help = true;
			continue;
		}
		if (!is_defined(nm))
			return rt_error_set(err, "flag provided but not defined: -%s", nm);
		if (!value) {
			if (is_bool_flag(nm)) {
				value = "true";
			} else if (i < argc) {
				value = argv[i++];
			} else {
				return rt_error_set(err, "flag needs an argument: -%s", nm);
			}
		}
		if (set_flag(nm, value, b, s, err) < 0)
			return -1;
	}
	return i;
}

/* pprof's sampleIndex for the legacy flags. */
static const char *legacy_index(bool on, const char *si, const char *type,
				const char *flag, struct sbuf *msg)
{
	if (!on)
		return si;
	if (!si || !*si)
		return type;
	sbuf_printf(msg, "Multiple value selections, ignoring %s\n", flag);
	return si;
}

static int apply_choices(struct batch *b, struct seen *s, struct rt_error *err)
{
	for (size_t g = 0; g < options_count; g++) {
		const struct option *o = &options_table[g];
		const char *set[MAX_CHOICES];
		size_t n = 0;

		if (o->type != OPT_CHOICE)
			continue;
		for (size_t i = 0; i < s->n_choices; i++)
			if (s->choice_group[i] == o && s->choice_on[i])
				set[n++] = s->choice_name[i];
		if (n == 1) {
			*(const char **)((char *)&b->cfg + o->offset) = set[0];
		} else if (n > 1) {
			char list[256];
			size_t off = 0;
			for (size_t i = 0; i < n && off < sizeof list; i++)
				off += (size_t)snprintf(list + off, sizeof list - off,
							"%s%s", i ? " " : "", set[i]);
			return rt_error_set(err, "conflicting options set: [%s]", list);
		}
	}
	return 0;
}

static int pick_output_format(struct batch *b, struct seen *s,
			      struct rt_error *err)
{
	for (size_t i = 0; cmd_table[i] && i < MAX_CMDS; i++) {
		bool on = (cmd_table[i]->flags & CMD_PARAM) ?
			  s->cmd_arg[i] && *s->cmd_arg[i] : s->cmd_on[i];
		if (!on)
			continue;
		if (b->cmd)
			return rt_error_set(err, "must set at most one output format");
		b->cmd = cmd_table[i];
		b->cmd_arg = s->cmd_arg[i];
	}
	return 0;
}

/* An ELF file given before the profiles names the profiled binary. */
static bool is_object_file(const char *path)
{
	unsigned char magic[4];
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	bool elf;

	if (fd < 0)
		return false;
	elf = read(fd, magic, 4) == 4 && memcmp(magic, "\x7f" "ELF", 4) == 0;
	close(fd);
	return elf;
}

static bool is_build_id(const char *s)
{
	return strspn(s, "0123456789abcdefABCDEF") == strlen(s);
}

static int apply_sources(int argc, char **argv, int first, struct batch *b,
			 struct seen *s, struct rt_error *err)
{
	char **args = argv + first;
	int n = argc - first;

	if (n == 0)
		return rt_error_set(err, "no profile source specified");
	if (n > 1) {
		if (is_object_file(args[0])) {
			b->fetch.exec_name = args[0];
			args++, n--;
		} else if (!(s->xs[X_BUILDID] && *s->xs[X_BUILDID]) &&
			   is_build_id(args[0])) {
			s->xs[X_BUILDID] = args[0];
			args++, n--;
		}
	}
	b->fetch.sources = args;
	b->fetch.n_sources = (size_t)n;
	return 0;
}

static bool given(const char *v)
{
	return v && *v;
}

/* pprof's checks of -http and -no_browser; rtprof has no web UI. */
static int check_http(const struct batch *b, const struct seen *s,
		      struct rt_error *err)
{
	if (b->cmd && given(s->xs[X_HTTP]))
		return rt_error_set(err, "-http is not compatible with an output format on the command line");
	if (s->xb[X_NO_BROWSER] && !given(s->xs[X_HTTP]))
		return rt_error_set(err, "-no_browser only makes sense with -http");
	if (given(s->xs[X_HTTP]))
		return rt_error_set(err, "-http: rtprof has no web interface; its console is the terminal");
	return 0;
}

static void apply_legacy(struct batch *b, const struct seen *s, struct sbuf *msg)
{
	const char *si = b->cfg.sample_index;

	si = legacy_index(s->xb[X_TOTAL_DELAY], si, "delay", "-total_delay", msg);
	si = legacy_index(s->xb[X_MEAN_DELAY], si, "delay", "-mean_delay", msg);
	si = legacy_index(s->xb[X_CONTENTIONS], si, "contentions", "-contentions", msg);
	si = legacy_index(s->xb[X_INUSE_SPACE], si, "inuse_space", "-inuse_space", msg);
	si = legacy_index(s->xb[X_INUSE_OBJECTS], si, "inuse_objects", "-inuse_objects", msg);
	si = legacy_index(s->xb[X_ALLOC_SPACE], si, "alloc_space", "-alloc_space", msg);
	si = legacy_index(s->xb[X_ALLOC_OBJECTS], si, "alloc_objects", "-alloc_objects", msg);
	b->cfg.sample_index = si;
	if (s->xb[X_MEAN_DELAY])
		b->cfg.mean = true;
}

/* Bases, the source flags and the limits, into b->fetch. */
static int apply_fetch(struct batch *b, const struct seen *s,
		       struct rt_error *err)
{
	long long mib = s->xi[X_MAX_DECOMPRESSED];

	if (given(s->xs[X_BASE]) && given(s->xs[X_DIFF_BASE]))
		return rt_error_set(err, "-base and -diff_base flags cannot both be specified");
	b->fetch.base = s->xs[X_BASE];
	if (given(s->xs[X_DIFF_BASE])) {
		b->fetch.base = s->xs[X_DIFF_BASE];
		b->fetch.diff_base = true;
	}
	if (b->cfg.normalize && !given(b->fetch.base))
		return rt_error_set(err, "must have base profile to normalize by");
	b->fetch.normalize = b->cfg.normalize;
	b->fetch.build_id = given(s->xs[X_BUILDID]) ? s->xs[X_BUILDID] : NULL;
	b->fetch.comment = s->xs[X_ADD_COMMENT];
	if (mib <= 0 || mib > (long long)(SIZE_MAX >> 21))
		return rt_error_set(err, "-max_decompressed: %lld MiB is not a usable limit", mib);
	b->fetch.max_decompressed = (size_t)mib << 20;
	return 0;
}

int flags_parse(int argc, char **argv, struct arena *a, struct batch *b,
		struct sbuf *msg, struct rt_error *err)
{
	struct seen *s = calloc(1, sizeof *s);
	int first, rc = -1;

	if (!s)
		return rt_error_set(err, "out of memory");
	memset(b, 0, sizeof *b);
	report_config_default(&b->cfg);
	s->xi[X_SECONDS] = -1;
	s->xi[X_MAX_DECOMPRESSED] = 1024;
	first = parse_all(argc, argv, b, s, a, err);
	b->help = b->help || s->xb[X_HELP];
	b->version = s->xb[X_VERSION];
	if (first >= 0 && (b->help || b->version)) {
		rc = 0;
	} else if (first < 0 || apply_sources(argc, argv, first, b, s, err) < 0) {
		b->usage_error = true;
	} else if (apply_choices(b, s, err) == 0 &&
		   pick_output_format(b, s, err) == 0 &&
		   check_http(b, s, err) == 0) {
		apply_legacy(b, s, msg);
		rc = apply_fetch(b, s, err);
		b->render = s->xs[X_RENDER];
		b->seconds = (int)s->xi[X_SECONDS];
	}
	free(s);
	return rc;
}

static const char usage_head[] =
	"usage:\n"
	"\n"
	"Produce output in the specified format.\n"
	"\n"
	"   rtprof <format> [options] [binary] <source> ...\n"
	"\n"
	"Omit the format to get an interactive shell whose commands can be used\n"
	"to generate various views of a profile\n"
	"\n"
	"   rtprof [options] [binary] <source> ...\n"
	"\n"
	"Flags follow pprof's: -flag, --flag, -flag=value or -flag value; the\n"
	"first argument that is not a flag ends them.\n"
	"\n"
	"Details:\n";

static const char usage_tail[] =
	"\n\n"
	"  Source options:\n"
	"    -diff_base source     Source of base profile for comparison\n"
	"    -base source          Source of base profile for profile subtraction\n"
	"    -add_comment          Free-form annotation to add to the profile\n"
	"                          Displayed on some reports or with -comments\n"
	"    -buildid              Override build id for main binary\n"
	"    -max_decompressed     Largest profile accepted, in MiB once\n"
	"                          decompressed (default 1024)\n"
	"    profile.pb.gz         Profile in compressed protobuf format\n"
	"    profile.pb            Profile in uncompressed protobuf format\n"
	"    -                     Profile read from standard input\n"
	"    Binary                Local path of the profiled binary (names the\n"
	"                          main mapping)\n"
	"\n"
	"  Live console (rtprof [flags] scene.yaml):\n"
	"    scene.yaml            Render the scene on worker threads, sample them\n"
	"                          and open the console over the samples (the\n"
	"                          terminal console on a tty; type help there)\n"
	"    -render=out.png       Render one picture and exit\n"
	"    -seconds=N            With an output format: render and sample N\n"
	"                          seconds (default 10), then print the report\n"
	"    -threads=N            Render threads (default: one per core)\n"
	"    -jobs=pixel|line|tile Work split of the render threads\n"
	"    -set=KEY=VALUE        Renderer switch: inverse_cache=on|off,\n"
	"                          alloc=naive|pooled, aa=N, depth=N, shadows=on|off\n"
	"    -rate=HZ              CPU sampling rate, 10 to 1000 (default 100)\n"
	"    -sample_kind=K        Profile reported: cpu, alloc or mutex\n"
	"    -window=SECONDS       Report on the last SECONDS of samples\n"
	"\n"
	"  Legacy convenience options:\n"
	"   -inuse_space           Same as -sample_index=inuse_space\n"
	"   -inuse_objects         Same as -sample_index=inuse_objects\n"
	"   -alloc_space           Same as -sample_index=alloc_space\n"
	"   -alloc_objects         Same as -sample_index=alloc_objects\n"
	"   -total_delay           Same as -sample_index=delay\n"
	"   -contentions           Same as -sample_index=contentions\n"
	"   -mean_delay            Same as -mean -sample_index=delay\n"
	"\n"
	"  Misc options:\n"
	"   --help                 Print this text\n"
	"   --version              Print rtprof's version\n"
	"\n"
	"  Errors print one line, `rtprof: ...`, on stderr and exit with status 1.\n";

void flags_usage(struct sbuf *out)
{
	sbuf_puts(out, usage_head);
	cmd_usage(true, out);
	sbuf_puts(out, usage_tail);
}
