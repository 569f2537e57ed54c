/* flags: the command line as pprof's parseFlags reads it, with Go's flag
 * package rules and messages.  Flags are found in three tables: options
 * (-nodecount, and one bool per choice: -cum, -lines), commands (-top,
 * -list=RE) and flag_table below, which holds every other flag: pprof's
 * source and legacy flags and rtprof's scene flags, each with its type,
 * range or choices, what it needs and its --help text.  Must not load
 * profiles or print. */
#include "console/flags.h"

#include <fcntl.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/compare.h"
#include "base/goparse.h"
#include "console/options.h"
#include "profile/profile_io.h"
#include "render/render.h"
#include "render/switches.h"

enum flag_id {
	F_DIFF_BASE, F_BASE, F_ADD_COMMENT, F_BUILDID, F_SYMBOLIZE,
	F_MAX_DECOMPRESSED, F_MAX_SAMPLE_LOCATIONS, F_MAX_SAMPLES, F_TIMEOUT,
	F_RENDER, F_SECONDS, F_THREADS, F_JOBS, F_SET, F_SIZE, F_REPEAT,
	F_RATE, F_SAMPLE_KIND, F_WINDOW, F_LISTEN,
	F_INUSE_SPACE, F_INUSE_OBJECTS, F_ALLOC_SPACE, F_ALLOC_OBJECTS,
	F_TOTAL_DELAY, F_CONTENTIONS, F_MEAN_DELAY,
	F_HTTP, F_NO_BROWSER, F_TOOLS, F_HELP, F_VERSION, F_LIST_FLAGS,
	F_COUNT
};

enum flag_type {
	FLAG_BOOL,	/* Go bool: -x, -x=false */
	FLAG_GOINT,	/* Go int, with the flag package's messages */
	FLAG_STRING,
	FLAG_INT,	/* a whole number in [min, max] */
	FLAG_WINDOW,	/* seconds in [min, max] as 90, 10s or 2m; all: 0 */
	FLAG_CHOICE,	/* one of choices; the value is its index */
	FLAG_JOBS,	/* jobs_parse */
	FLAG_SWITCH,	/* switches_set, repeatable */
	FLAG_SIZE,	/* WIDTHxHEIGHT, each side in [min, max] */
};

/* Where --help lists a flag. */
enum flag_section { SEC_SOURCE, SEC_SCENE, SEC_LEGACY, SEC_MISC, SEC_HIDDEN };

/* What a flag is refused without, in one line saying so. */
enum flag_needs {
	NEEDS_NOTHING,
	NEEDS_SCENE,	/* a scene: -threads, -jobs, -set, -render */
	NEEDS_SAMPLER,	/* a scene that is sampled (not -render) */
	NEEDS_RENDER,	/* -render */
	NEEDS_REPORT,	/* a scene and an output format: -seconds */
	NEEDS_PROFILES,	/* saved profiles, not a scene: -symbolize */
	NEEDS_URL,	/* a source or base fetched over HTTP: -timeout */
	NEEDS_NEVER,	/* refused: rtprof has nothing it would change */
};

struct flag {
	const char *name;
	enum flag_type type;
	enum flag_section section;
	enum flag_needs needs;
	int min, max;			/* FLAG_INT, FLAG_WINDOW, FLAG_SIZE */
	const char *const *choices;	/* FLAG_CHOICE, NULL-terminated */
	const char *arg;		/* --help's placeholder for the value */
	const char *dflt;		/* --help's default, or NULL */
	const char *help;		/* lines after the first are indented */
	const char *refusal;		/* NEEDS_NEVER: why, for the error */
};

static const char *const sample_kinds[] = { "cpu", "alloc", "mutex", "block", NULL };
_Static_assert(SAMPLER_CPU == 0 && SAMPLER_ALLOC == 1 && SAMPLER_MUTEX == 2 &&
		       SAMPLER_BLOCK == 3,
	       "sample_kinds[] is indexed by enum sampler_kind");

static const struct flag flag_table[F_COUNT] = {
	[F_DIFF_BASE] = { "diff_base", FLAG_STRING, SEC_SOURCE, NEEDS_NOTHING, .arg = "source",
		.help = "Source of base profile for comparison" },
	[F_BASE] = { "base", FLAG_STRING, SEC_SOURCE, NEEDS_NOTHING, .arg = "source",
		.help = "Source of base profile for profile subtraction" },
	[F_ADD_COMMENT] = { "add_comment", FLAG_STRING, SEC_SOURCE, NEEDS_NOTHING, .arg = "text",
		.help = "Free-form annotation to add to the profile\n"
			"Displayed on some reports or with -comments" },
	[F_BUILDID] = { "buildid", FLAG_STRING, SEC_SOURCE, NEEDS_NOTHING, .arg = "id",
		.help = "Override build id for main binary" },
	[F_SYMBOLIZE] = { "symbolize", FLAG_STRING, SEC_SOURCE, NEEDS_PROFILES, .arg = "mode",
		.help = "Symbolization of address-only profiles from local\n"
			"binaries (PPROF_BINARY_PATH): local, fastlocal\n"
			"(default), none (also keeps names mangled), remote\n"
			"(not supported), force (also mappings that have\n"
			"symbols); demangle= other than default is refused" },
	[F_MAX_DECOMPRESSED] = { "max_decompressed", FLAG_GOINT, SEC_SOURCE, NEEDS_NOTHING,
		.arg = "MiB", .dflt = "1024",
		.help = "Largest profile accepted, in MiB once decompressed" },
	[F_MAX_SAMPLE_LOCATIONS] = { "max_sample_locations", FLAG_GOINT, SEC_SOURCE,
		NEEDS_NOTHING, .arg = "n", .dflt = "65536",
		.help = "Most locations one sample of a profile may have" },
	[F_MAX_SAMPLES] = { "max_samples", FLAG_GOINT, SEC_SOURCE, NEEDS_NOTHING,
		.arg = "n", .dflt = "10000000",
		.help = "Most samples a profile may have" },
	[F_TIMEOUT] = { "timeout", FLAG_GOINT, SEC_SOURCE, NEEDS_URL, .arg = "seconds",
		.help = "For URL sources: seconds to wait for the answer's\n"
			"headers, beyond 5 (default: 1.5 times the profile's\n"
			"seconds, or 60)" },

	[F_RENDER] = { "render", FLAG_STRING, SEC_SCENE, NEEDS_SCENE, .arg = "out.png",
		.help = "Render one picture of the scene and exit" },
	[F_SECONDS] = { "seconds", FLAG_INT, SEC_SCENE, NEEDS_REPORT, 1, SAMPLER_MAX_WINDOW,
		.arg = "N", .dflt = "10",
		.help = "With an output format: render and sample N\n"
			"seconds, then print the report; for URL sources:\n"
			"the seconds of profile to ask for" },
	[F_THREADS] = { "threads", FLAG_INT, SEC_SCENE, NEEDS_SCENE,
		RENDER_MIN_THREADS, RENDER_MAX_THREADS, .arg = "N", .dflt = "one per CPU",
		.help = "Render threads" },
	[F_JOBS] = { "jobs", FLAG_JOBS, SEC_SCENE, NEEDS_SCENE, .arg = "pixel|line|tile",
		.dflt = "tile", .help = "Work split of the render threads" },
	[F_SET] = { "set", FLAG_SWITCH, SEC_SCENE, NEEDS_SCENE, .arg = "KEY=VALUE",
		.help = "Renderer switch, once per switch:\n"
			"inverse_cache=on|off, alloc=naive|pooled,\n"
			"shadows=on|off, depth=N, aa=N, cpuloader=SHARE" },
	[F_SIZE] = { "size", FLAG_SIZE, SEC_SCENE, NEEDS_RENDER, 1, RENDER_CLI_MAX_SIDE,
		.arg = "WxH", .dflt = "the camera's",
		.help = "With -render: the picture's size in pixels" },
	[F_REPEAT] = { "repeat", FLAG_INT, SEC_SCENE, NEEDS_RENDER, 1, RENDER_CLI_MAX_REPEAT,
		.arg = "N", .dflt = "1",
		.help = "With -render: frames to render (figures for\n"
			"the last and the best)" },
	[F_RATE] = { "rate", FLAG_INT, SEC_SCENE, NEEDS_SAMPLER, SAMPLER_MIN_HZ, SAMPLER_MAX_HZ,
		.arg = "HZ", .dflt = "100", .help = "CPU sampling rate" },
	[F_SAMPLE_KIND] = { "sample_kind", FLAG_CHOICE, SEC_SCENE, NEEDS_SAMPLER,
		.choices = sample_kinds, .arg = "KIND", .dflt = "cpu",
		.help = "Profile the reports show" },
	[F_WINDOW] = { "window", FLAG_WINDOW, SEC_SCENE, NEEDS_SAMPLER, 1, SAMPLER_MAX_WINDOW,
		.arg = "SECONDS", .dflt = "all",
		.help = "Report on the last seconds of samples: 90, 10s, 2m\n"
			"or all" },
	[F_LISTEN] = { "listen", FLAG_STRING, SEC_SCENE, NEEDS_SAMPLER, .arg = "host:port",
		.help = "Serve the live profiles at net/http/pprof's paths\n"
			"(http://host:port/debug/pprof/profile, heap,\n"
			"allocs, mutex, block); without a terminal, render\n"
			"and serve until SIGINT or SIGTERM" },

	[F_INUSE_SPACE] = { "inuse_space", FLAG_BOOL, SEC_LEGACY, NEEDS_NOTHING,
		.help = "Same as -sample_index=inuse_space" },
	[F_INUSE_OBJECTS] = { "inuse_objects", FLAG_BOOL, SEC_LEGACY, NEEDS_NOTHING,
		.help = "Same as -sample_index=inuse_objects" },
	[F_ALLOC_SPACE] = { "alloc_space", FLAG_BOOL, SEC_LEGACY, NEEDS_NOTHING,
		.help = "Same as -sample_index=alloc_space" },
	[F_ALLOC_OBJECTS] = { "alloc_objects", FLAG_BOOL, SEC_LEGACY, NEEDS_NOTHING,
		.help = "Same as -sample_index=alloc_objects" },
	[F_TOTAL_DELAY] = { "total_delay", FLAG_BOOL, SEC_LEGACY, NEEDS_NOTHING,
		.help = "Same as -sample_index=delay" },
	[F_CONTENTIONS] = { "contentions", FLAG_BOOL, SEC_LEGACY, NEEDS_NOTHING,
		.help = "Same as -sample_index=contentions" },
	[F_MEAN_DELAY] = { "mean_delay", FLAG_BOOL, SEC_LEGACY, NEEDS_NOTHING,
		.help = "Same as -mean -sample_index=delay" },

	[F_HTTP] = { "http", FLAG_STRING, SEC_MISC, NEEDS_NOTHING, .arg = "host:port",
		.help = "Refused: rtprof has no web interface; its\n"
			"console is the terminal" },
	[F_NO_BROWSER] = { "no_browser", FLAG_BOOL, SEC_MISC, NEEDS_NOTHING,
		.help = "Only with -http (refused)" },
	[F_TOOLS] = { "tools", FLAG_STRING, SEC_MISC, NEEDS_NOTHING, .arg = "path",
		.help = "Search path for object tools (objdump, nm:\n"
			"disasm, weblist); default $PPROF_TOOLS, then $PATH" },
	[F_HELP] = { "help", FLAG_BOOL, SEC_MISC, NEEDS_NOTHING, .help = "Print this text" },
	[F_VERSION] = { "version", FLAG_BOOL, SEC_MISC, NEEDS_NOTHING,
		.help = "Print rtprof's version" },
	[F_LIST_FLAGS] = { "list-flags", FLAG_BOOL, SEC_HIDDEN, NEEDS_NOTHING,
		.help = "Every flag's name, one per line (for tests)" },
};

#define MAX_CMDS 128	/* entries of cmd_table that flags can index */
#define MAX_CHOICES 16

/* Everything the flags set, before it is checked and applied. */
struct seen {
	bool given[F_COUNT];
	bool xb[F_COUNT];
	long long xi[F_COUNT];
	const char *xs[F_COUNT];
	bool choice_on[MAX_CHOICES];
	const char *choice_name[MAX_CHOICES];
	const struct option *choice_group[MAX_CHOICES];
	size_t n_choices;
	bool cmd_on[MAX_CMDS];
	const char *cmd_arg[MAX_CMDS];
};

static const struct flag *flag_find(const char *name)
{
	for (size_t i = 0; i < F_COUNT; i++)
		if (strcmp(flag_table[i].name, name) == 0)
			return &flag_table[i];
	return NULL;
}

static size_t cmd_index(const struct cmd_entry *e)
{
	size_t i = 0;

	while (cmd_table[i] != e)
		i++;
	return i;
}

/* "90", "10s", "2m" -> seconds; "all" -> 0. */
static int window_value(const struct flag *f, const char *text, int *out,
			struct rt_error *err)
{
	const char *p = text;
	long long v = 0;

	if (strcmp(text, "all") == 0) {
		*out = 0;
		return 0;
	}
	while (*p >= '0' && *p <= '9' && v <= INT_MAX)
		v = v * 10 + (*p++ - '0');
	if (p == text || (*p && strcmp(p, "s") && strcmp(p, "m")))
		return rt_error_set(err, "not a duration (like 10s, 2m or all)");
	if (*p == 'm')
		v *= 60;
	if (v < f->min || v > f->max)
		return rt_error_set(err, "out of range (%ds to %dm, or all)", f->min,
				    f->max / 60);
	*out = (int)v;
	return 0;
}

/* The value of an int-valued flag of the table: the reason alone in err. */
static int int_value(const struct flag *f, const char *text, int *out,
		     struct rt_error *err)
{
	long long v;
	enum go_parse rc;

	if (f->type == FLAG_WINDOW)
		return window_value(f, text, out, err);
	rc = go_parse_int(text, &v);
	if (rc == GO_PARSE_SYNTAX)
		return rt_error_set(err, "not a number");
	if (rc == GO_PARSE_RANGE || v < f->min || v > f->max)
		return rt_error_set(err, "out of range (%d to %d)", f->min, f->max);
	*out = (int)v;
	return 0;
}

int flags_scene_value(const char *name, const char *text, int *out,
		      struct rt_error *err)
{
	const struct flag *f = flag_find(name);

	if (!f || f->section != SEC_SCENE || (f->type != FLAG_INT && f->type != FLAG_WINDOW))
		return rt_error_set(err, "no number setting called %s", name);
	return int_value(f, text, out, err);
}

static int choice_value(const struct flag *f, const char *text, int *out,
			struct rt_error *err)
{
	char list[128];
	size_t off = 0, n = 0;

	for (; f->choices[n]; n++)
		if (strcmp(f->choices[n], text) == 0) {
			*out = (int)n;
			return 0;
		}
	list[0] = '\0';
	for (size_t i = 0; i < n && off < sizeof list; i++)
		off += (size_t)snprintf(list + off, sizeof list - off, "%s%s",
					i == 0 ? "" : i + 1 < n ? ", " : " or ", f->choices[i]);
	return rt_error_set(err, "expected %s", list);
}

static int size_value(const struct flag *f, const char *text, int *w, int *h,
		      struct rt_error *err)
{
	const char *x = strchr(text, 'x');
	char side[32];
	long long a, b;

	if (!x || (size_t)(x - text) >= sizeof side)
		return rt_error_set(err, "expected WIDTHxHEIGHT, like -size=320x200");
	snprintf(side, sizeof side, "%.*s", (int)(x - text), text);
	if (go_atoi(side, &a) != GO_PARSE_OK || go_atoi(x + 1, &b) != GO_PARSE_OK)
		return rt_error_set(err, "expected WIDTHxHEIGHT, like -size=320x200");
	if (a < f->min || a > f->max || b < f->min || b > f->max)
		return rt_error_set(err, "out of range (%dx%d to %dx%d)", f->min, f->min,
				    f->max, f->max);
	*w = (int)a;
	*h = (int)b;
	return 0;
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

/* rtprof's wording for a scene flag's bad value: "-threads=0: out of range
 * (1 to 256)"; the reason comes from the same checks as the console's. */
static int bad_scene_value(const struct flag *f, const char *value,
			   struct rt_error *err)
{
	rt_error_prefix(err, "-%s=%s", f->name, value);
	return -1;
}

/* Sets a flag of flag_table: scene values are checked here, as they come. */
static int set_table_flag(const struct flag *f, const char *value,
			  struct batch *b, struct seen *s, struct rt_error *err)
{
	size_t id = (size_t)(f - flag_table);
	struct render_cli_opts *r = &b->scene.render;
	struct rt_error why;
	enum go_parse rc;
	long long iv;
	bool bv;
	int v = 0;

	s->given[id] = true;
	switch (f->type) {
	case FLAG_BOOL:
		if (bool_value(f->name, value, &bv, err) < 0)
			return -1;
		s->xb[id] = bv;
		return 0;
	case FLAG_GOINT:
		if ((rc = go_parse_int(value, &iv)) != GO_PARSE_OK)
			return bad_value(f->name, value, rc, err);
		s->xi[id] = iv;
		return 0;
	case FLAG_STRING:
		s->xs[id] = value;
		return 0;
	case FLAG_INT:
	case FLAG_WINDOW:
		if (int_value(f, value, &v, err) < 0)
			return bad_scene_value(f, value, err);
		s->xi[id] = v;
		return 0;
	case FLAG_CHOICE:
		if (choice_value(f, value, &v, err) < 0)
			return bad_scene_value(f, value, err);
		s->xi[id] = v;
		return 0;
	case FLAG_JOBS:
		if (jobs_parse(value, &r->jobs, err) < 0)
			return bad_scene_value(f, value, err);
		return 0;
	case FLAG_SWITCH:
		/* the reason names the switch: "-set=" + "alloc=fast: ..." */
		if (switches_set(&r->sw, value, &why) < 0)
			return rt_error_set(err, "-%s=%s", f->name, why.msg);
		return 0;
	case FLAG_SIZE:
		if (size_value(f, value, &r->width, &r->height, err) < 0)
			return bad_scene_value(f, value, err);
		return 0;
	}
	return 0;
}

/* Sets one flag by name: a config option, one of a choice group's values,
 * an output format, or a flag of flag_table. */
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
	const struct flag *f = flag_find(name);
	if (f)
		return set_table_flag(f, value, b, s, err);
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
	if (flag_find(name))
		return flag_find(name)->type == FLAG_BOOL;
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
	return flag_find(name) != NULL;
}

/* Go's FlagSet.Parse: returns the index of the first non-flag argument.
 * Errors of syntax (an unknown flag, a missing value) are usage errors;
 * a bad value's message says all there is to say. */
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
		if (!*name || *name == '-' || *name == '=') {
			b->usage_error = true;
			return rt_error_set(err, "bad flag syntax: %s", arg);
		}
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
		if (!is_defined(nm)) {
			b->usage_error = true;
			return rt_error_set(err, "flag provided but not defined: -%s", nm);
		}
		if (!value) {
			if (is_bool_flag(nm)) {
				value = "true";
			} else if (i < argc) {
				value = argv[i++];
			} else {
				b->usage_error = true;
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

static bool has_suffix(const char *s, const char *suffix)
{
	size_t n = strlen(s), k = strlen(suffix);

	return n >= k && strcmp(s + n - k, suffix) == 0;
}

static bool is_scene_file(const char *path)
{
	return has_suffix(path, ".yaml") || has_suffix(path, ".yml");
}

/* A scene (a .yaml source, or any source with -render) is rendered alone;
 * anything else is pprof's [binary] <source>... */
static int apply_scene_source(char **args, int n, struct batch *b,
			      struct rt_error *err)
{
	if (n == 0)
		return rt_error_set(err, "no scene given (try scenes/reference.yaml)");
	if (n > 1)
		return rt_error_set(err, "one scene at a time: %s and %s", args[0], args[1]);
	b->scene.render.scene = args[0];
	return 0;
}

static int apply_sources(int argc, char **argv, int first, struct batch *b,
			 struct seen *s, struct rt_error *err)
{
	char **args = argv + first;
	int n = argc - first;
	bool scene = s->given[F_RENDER];

	for (int i = 0; i < n; i++)
		scene = scene || is_scene_file(args[i]);
	if (scene)
		return apply_scene_source(args, n, b, err);
	if (n == 0)
		return rt_error_set(err, "no profile source specified");
	if (n > 1) {
		if (is_object_file(args[0])) {
			b->fetch.exec_name = args[0];
			args++, n--;
		} else if (!(s->xs[F_BUILDID] && *s->xs[F_BUILDID]) &&
			   is_build_id(args[0])) {
			s->xs[F_BUILDID] = args[0];
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
	if (b->cmd && given(s->xs[F_HTTP]))
		return rt_error_set(err, "-http is not compatible with an output format on the command line");
	if (s->xb[F_NO_BROWSER] && !given(s->xs[F_HTTP]))
		return rt_error_set(err, "-no_browser only makes sense with -http");
	if (given(s->xs[F_HTTP]))
		return rt_error_set(err, "-http: rtprof has no web interface; its console is the terminal");
	return 0;
}

static void apply_legacy(struct batch *b, const struct seen *s, struct sbuf *msg)
{
	const char *si = b->cfg.sample_index;

	si = legacy_index(s->xb[F_TOTAL_DELAY], si, "delay", "-total_delay", msg);
	si = legacy_index(s->xb[F_MEAN_DELAY], si, "delay", "-mean_delay", msg);
	si = legacy_index(s->xb[F_CONTENTIONS], si, "contentions", "-contentions", msg);
	si = legacy_index(s->xb[F_INUSE_SPACE], si, "inuse_space", "-inuse_space", msg);
	si = legacy_index(s->xb[F_INUSE_OBJECTS], si, "inuse_objects", "-inuse_objects", msg);
	si = legacy_index(s->xb[F_ALLOC_SPACE], si, "alloc_space", "-alloc_space", msg);
	si = legacy_index(s->xb[F_ALLOC_OBJECTS], si, "alloc_objects", "-alloc_objects", msg);
	b->cfg.sample_index = si;
	if (s->xb[F_MEAN_DELAY])
		b->cfg.mean = true;
}

/* Bases, the source flags and the limits, into b->fetch. */
static int apply_fetch(struct batch *b, const struct seen *s,
		       struct rt_error *err)
{
	long long mib = s->xi[F_MAX_DECOMPRESSED];

	if (given(s->xs[F_BASE]) && given(s->xs[F_DIFF_BASE]))
		return rt_error_set(err, "-base and -diff_base flags cannot both be specified");
	b->fetch.base = s->xs[F_BASE];
	if (given(s->xs[F_DIFF_BASE])) {
		b->fetch.base = s->xs[F_DIFF_BASE];
		b->fetch.diff_base = true;
	}
	if (b->cfg.normalize && !given(b->fetch.base))
		return rt_error_set(err, "must have base profile to normalize by");
	b->fetch.normalize = b->cfg.normalize;
	b->fetch.build_id = given(s->xs[F_BUILDID]) ? s->xs[F_BUILDID] : NULL;
	b->fetch.comment = s->xs[F_ADD_COMMENT];
	if (mib <= 0 || mib > (long long)(SIZE_MAX >> 21))
		return rt_error_set(err, "-max_decompressed: %lld MiB is not a usable limit", mib);
	b->fetch.max_decompressed = (size_t)mib << 20;
	b->tools = s->given[F_TOOLS] ? s->xs[F_TOOLS] : getenv("PPROF_TOOLS");
	long long nl = s->xi[F_MAX_SAMPLE_LOCATIONS], ns = s->xi[F_MAX_SAMPLES];
	if (nl <= 0 || nl > UINT32_MAX)
		return rt_error_set(err, "-max_sample_locations: %lld is not a usable limit", nl);
	if (ns <= 0 || ns > UINT32_MAX)
		return rt_error_set(err, "-max_samples: %lld is not a usable limit", ns);
	b->fetch.max_sample_locations = (size_t)nl;
	b->fetch.max_samples = (size_t)ns;
	return 0;
}

/* Whether the flag has what it needs; the line that says what it lacks. */
static int check_needs(const struct flag *f, const struct batch *b, bool url,
		       struct rt_error *err)
{
	bool scene = b->scene.render.scene != NULL;
	bool render = b->scene.render.out != NULL;

	switch (f->needs) {
	case NEEDS_NOTHING:
		return 0;
	case NEEDS_SCENE:
		if (!scene)
			return rt_error_set(err, "-%s: only for a scene (rtprof -%s=%s scene.yaml); "
					    "a saved profile is not rendered", f->name, f->name, f->arg);
		return 0;
	case NEEDS_SAMPLER:
		if (!scene)
			return rt_error_set(err, "-%s: only for a scene (rtprof -%s=%s scene.yaml); "
					    "a saved profile is not sampled", f->name, f->name, f->arg);
		if (render)
			return rt_error_set(err, "-%s: not with -render, which renders without "
					    "sampling", f->name);
		return 0;
	case NEEDS_RENDER:
		if (!render)
			return rt_error_set(err, "-%s: only with -render=out.png", f->name);
		return 0;
	case NEEDS_REPORT:
		if (!scene && url)	/* pprof's -seconds for a URL */
			return 0;
		if (!scene)
			return rt_error_set(err, "-%s: a saved profile is read as it is; -%s is for "
					    "scenes (rtprof -%s=N -top scene.yaml) and URLs", f->name,
					    f->name, f->name);
		if (!b->cmd)
			return rt_error_set(err, "-%s: only with an output format (rtprof -%s=N -top "
					    "scene.yaml); the console samples until you quit",
					    f->name, f->name);
		return 0;
	case NEEDS_PROFILES:
		if (scene)
			return rt_error_set(err, "-%s: only for saved profiles; rtprof symbolizes "
					    "its own samples", f->name);
		return 0;
	case NEEDS_URL:
		if (!url)
			return rt_error_set(err, "-%s: only for profiles fetched over HTTP (rtprof "
					    "-%s=%s http://host:port/debug/pprof/profile)", f->name,
					    f->name, f->arg);
		return 0;
	case NEEDS_NEVER:
		return rt_error_set(err, "-%s: %s", f->name, f->refusal);
	}
	return 0;
}

/* The scene's flags, checked against what the command line asks for. */
static int apply_scene(struct batch *b, const struct seen *s,
		       struct rt_error *err)
{
	struct render_cli_opts *r = &b->scene.render;

	if (s->given[F_RENDER]) {
		if (!given(s->xs[F_RENDER]))
			return rt_error_set(err, "-render= needs an output file, like -render=out.png");
		if (b->cmd)
			return rt_error_set(err, "-render makes a picture: it takes no output format "
					    "(-%s)", b->cmd->name);
		r->out = s->xs[F_RENDER];
	}
	bool url = !r->scene && ((given(s->xs[F_BASE]) && fetch_is_url(s->xs[F_BASE])) ||
				 (given(s->xs[F_DIFF_BASE]) && fetch_is_url(s->xs[F_DIFF_BASE])));
	for (size_t i = 0; !r->scene && i < b->fetch.n_sources; i++)
		url = url || fetch_is_url(b->fetch.sources[i]);
	for (size_t i = 0; i < F_COUNT; i++)
		if (s->given[i] && check_needs(&flag_table[i], b, url, err) < 0)
			return -1;
	if (!r->scene && s->given[F_SECONDS])
		b->fetch.seconds = (int)s->xi[F_SECONDS];
	b->fetch.timeout = s->xi[F_TIMEOUT] > 0 && s->xi[F_TIMEOUT] < INT_MAX ?
		(int)s->xi[F_TIMEOUT] : 0;
	if (s->given[F_THREADS])
		r->threads = (int)s->xi[F_THREADS];
	if (s->given[F_REPEAT])
		r->repeat = (int)s->xi[F_REPEAT];
	b->scene.hz = (int)s->xi[F_RATE];
	b->scene.kind = (enum sampler_kind)s->xi[F_SAMPLE_KIND];
	b->scene.window = (int)s->xi[F_WINDOW];
	if (s->given[F_SECONDS])
		b->scene.seconds = (int)s->xi[F_SECONDS];
	if (s->given[F_LISTEN]) {
		if (!given(s->xs[F_LISTEN]))
			return rt_error_set(err, "-listen= needs an address, like -listen=localhost:6060");
		if (b->cmd)
			return rt_error_set(err, "-listen serves the live session: it takes no output "
					    "format (-%s)", b->cmd->name);
		b->scene.listen = s->xs[F_LISTEN];
	}
	return 0;
}

/* -symbolize as pprof reads it; rtprof refuses the demangling modes it
 * does not have. */
static int check_symbolize(struct batch *b, const struct seen *s,
			   struct rt_error *err)
{
	struct symbolize_mode m;

	b->fetch.symbolize = s->xs[F_SYMBOLIZE];
	fetch_symbolize_mode(b->fetch.symbolize, &m);
	if (m.demangle_mode && !m.none)
		return rt_error_set(err, "-symbolize=%s: rtprof demangles only as pprof's "
				    "demangle=default does (none, local, fastlocal, remote "
				    "and force work)", s->xs[F_SYMBOLIZE]);
	return 0;
}

static void batch_default(struct batch *b, struct seen *s)
{
	memset(b, 0, sizeof *b);
	report_config_default(&b->cfg);
	b->scene.render.jobs = JOBS_TILE;
	b->scene.render.sw = switches_default();
	b->scene.render.repeat = 1;
	b->scene.kind = SAMPLER_CPU;
	b->scene.seconds = 10;
	s->xi[F_MAX_DECOMPRESSED] = 1024;
	s->xi[F_MAX_SAMPLE_LOCATIONS] = (long long)PROFILE_DEFAULT_MAX_SAMPLE_LOCATIONS;
	s->xi[F_MAX_SAMPLES] = (long long)PROFILE_DEFAULT_MAX_SAMPLES;
}

int flags_parse(int argc, char **argv, struct arena *a, struct batch *b,
		struct sbuf *msg, struct rt_error *err)
{
	struct seen *s = calloc(1, sizeof *s);
	int first, rc = -1;

	if (!s)
		return rt_error_set(err, "out of memory");
	batch_default(b, s);
	first = parse_all(argc, argv, b, s, a, err);
	b->help = b->help || s->xb[F_HELP];
	b->version = s->xb[F_VERSION];
	b->list_flags = s->xb[F_LIST_FLAGS];
	if (first >= 0 && (b->help || b->version || b->list_flags)) {
		rc = 0;
	} else if (first < 0) {
		;	/* parse_all said whether it is a usage error */
	} else if (apply_sources(argc, argv, first, b, s, err) < 0) {
		b->usage_error = true;
	} else if (apply_choices(b, s, err) == 0 &&
		   pick_output_format(b, s, err) == 0 &&
		   check_http(b, s, err) == 0 &&
		   apply_scene(b, s, err) == 0 &&
		   check_symbolize(b, s, err) == 0) {
		apply_legacy(b, s, msg);
		rc = apply_fetch(b, s, err);
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

int flags_parse_render(int argc, char **argv, struct render_cli_opts *o,
		       struct rt_error *err)
{
	struct arena a;
	struct batch b;
	struct sbuf msg;
	int rc;

	arena_init(&a);
	sbuf_init(&msg);
	rc = flags_parse(argc, argv, &a, &b, &msg, err);
	if (rc == 0 && !b.scene.render.out)
		rc = rt_error_set(err, "nothing to render: give -render=out.png");
	if (rc == 0)
		*o = b.scene.render;	/* its strings are argv's */
	sbuf_free(&msg);
	arena_free(&a);
	return rc;
}

/* --help's sections, in order, with the lines that are not flags. */
static const struct {
	enum flag_section section;
	const char *title;
	const char *extra;	/* printed after the section's flags */
} usage_sections[] = {
	{ SEC_SOURCE, "Source options",
	  "    profile.pb.gz            Profile in compressed protobuf format\n"
	  "    profile.pb               Profile in uncompressed protobuf format\n"
	  "    -                        Profile read from standard input\n"
	  "    http://host:port/path    Profile fetched over HTTP (also host:port,\n"
	  "                             meaning /debug/pprof/profile, and\n"
	  "                             host:port/path); saved under $PPROF_TMPDIR\n"
	  "                             or ~/pprof\n"
	  "    Binary                   Local path of the profiled binary (names the\n"
	  "                             main mapping)\n" },
	{ SEC_SCENE, "Live console (rtprof [flags] scene.yaml)",
	  "    scene.yaml               Render the scene on worker threads, sample them\n"
	  "                             and open the console over the samples (the\n"
	  "                             terminal console on a tty; type help there)\n" },
	{ SEC_LEGACY, "Legacy convenience options", NULL },
	{ SEC_MISC, "Misc options",
	  "\n"
	  "  Errors print one line, `rtprof: ...`, on stderr and exit with status 1.\n" },
};

#define USAGE_COLUMN 29	/* where help texts start */

#define USAGE_WIDTH 79

/* "(1 to 256, default 100)", "(cpu, alloc, mutex or block; default cpu)". */
static void usage_range(const struct flag *f, struct sbuf *out)
{
	bool range = f->type == FLAG_INT || f->type == FLAG_WINDOW || f->type == FLAG_SIZE;

	if (!range && f->type != FLAG_CHOICE && !f->dflt)
		return;
	sbuf_putc(out, '(');
	if (f->type == FLAG_INT)
		sbuf_printf(out, "%d to %d", f->min, f->max);
	else if (f->type == FLAG_WINDOW)
		sbuf_printf(out, "%ds to %dm", f->min, f->max / 60);
	else if (f->type == FLAG_SIZE)
		sbuf_printf(out, "%dx%d to %dx%d", f->min, f->min, f->max, f->max);
	for (size_t i = 0; f->type == FLAG_CHOICE && f->choices[i]; i++)
		sbuf_printf(out, "%s%s", i == 0 ? "" : f->choices[i + 1] ? ", " : " or ",
			    f->choices[i]);
	if (f->dflt)
		sbuf_printf(out, "%sdefault %s", range ? ", " : f->type == FLAG_CHOICE ? "; " : "",
			    f->dflt);
	sbuf_putc(out, ')');
}

/* One flag: "-name=arg", its help from USAGE_COLUMN on, then the range or
 * default from the table, on the last line if it fits. */
static void usage_flag(const struct flag *f, struct sbuf *out)
{
	char head[64];
	const char *h = f->help;
	struct sbuf tail;
	size_t last = 0;
	int n = snprintf(head, sizeof head, "    -%s%s%s", f->name, f->arg ? "=" : "",
			 f->arg ? f->arg : "");

	sbuf_puts(out, head);
	if (n >= USAGE_COLUMN - 1)
		sbuf_printf(out, "\n%*s", USAGE_COLUMN, "");
	else
		sbuf_printf(out, "%*s", USAGE_COLUMN - n, "");
	for (;;) {
		size_t k = strcspn(h, "\n");
		sbuf_printf(out, "%.*s", (int)k, h);
		last = k;
		if (!h[k])
			break;
		h += k + 1;
		sbuf_printf(out, "\n%*s", USAGE_COLUMN, "");
	}
	sbuf_init(&tail);
	usage_range(f, &tail);
	if (tail.len && USAGE_COLUMN + last + 1 + tail.len > USAGE_WIDTH)
		sbuf_printf(out, "\n%*s", USAGE_COLUMN, "");
	else if (tail.len)
		sbuf_putc(out, ' ');
	sbuf_add(out, tail.data ? tail.data : "", tail.len);
	sbuf_free(&tail);
	sbuf_putc(out, '\n');
}

void flags_usage(struct sbuf *out)
{
	sbuf_puts(out, usage_head);
	cmd_usage(true, out);
	sbuf_puts(out, "\n");
	for (size_t k = 0; k < sizeof usage_sections / sizeof usage_sections[0]; k++) {
		sbuf_printf(out, "\n  %s:\n", usage_sections[k].title);
		for (size_t i = 0; i < F_COUNT; i++)
			if (flag_table[i].section == usage_sections[k].section)
				usage_flag(&flag_table[i], out);
		if (usage_sections[k].extra)
			sbuf_puts(out, usage_sections[k].extra);
	}
}

/* Every name the parser takes as a flag and --help shows: config options
 * and their choices, output formats rtprof has, and flag_table. */
void flags_list(struct sbuf *out)
{
	const char *names[256];
	size_t n = 0;

	for (size_t i = 0; i < options_count && n < 256; i++) {
		const struct option *o = &options_table[i];
		if (o->type != OPT_CHOICE)
			names[n++] = o->name;
		for (size_t k = 0; o->type == OPT_CHOICE && o->choices[k] && n < 256; k++)
			names[n++] = o->choices[k];
	}
	for (size_t i = 0; cmd_table[i] && n < 256; i++)
		if ((cmd_table[i]->flags & CMD_REPORT) && !(cmd_table[i]->flags & CMD_UNSUPPORTED))
			names[n++] = cmd_table[i]->name;
	for (size_t i = 0; i < F_COUNT && n < 256; i++)
		if (flag_table[i].section != SEC_HIDDEN)
			names[n++] = flag_table[i].name;
	qsort(names, n, sizeof names[0], compare_strings);
	for (size_t i = 0; i < n; i++)
		sbuf_printf(out, "%s\n", names[i]);
}
