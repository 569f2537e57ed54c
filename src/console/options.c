/* options: the table of pprof's configuration variables and the few ways
 * to read and write them.  Texts are pprof's (driver/commands.go configHelp)
 * byte for byte: `help nodecount` and `o` are compared with go tool pprof.
 * Must never print or know where a value came from (flag or prompt). */
#include "console/options.h"

#include "base/compare.h"
#include "base/goparse.h"

#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define OFF(f) offsetof(struct report_config, f)

static const char *const sort_choices[] = { "cum", "flat", NULL };
static const char *const granularity_choices[] = {
	"functions", "filefunctions", "files", "lines", "addresses", NULL
};

/* Same fields and order as pprof's config struct. */
const struct option options_table[] = {
	{ "output", OPT_STRING, OFF(output), NULL,
	  "Output filename for file-based outputs\n" },
	{ "call_tree", OPT_BOOL, OFF(call_tree), NULL,
	  "Create a context-sensitive call tree\n"
	  "Treat locations reached through different paths as separate.\n" },
	{ "relative_percentages", OPT_BOOL, OFF(relative_percentages), NULL,
	  "Show percentages relative to focused subgraph\n"
	  "If unset, percentages are relative to full graph before focusing\n"
	  "to facilitate comparison with original graph.\n" },
	{ "unit", OPT_STRING, OFF(unit), NULL,
	  "Measurement units to display\n"
	  "Scale the sample values to this unit.\n"
	  "For time-based profiles, use seconds, milliseconds, nanoseconds, etc.\n"
	  "For memory profiles, use megabytes, kilobytes, bytes, etc.\n"
	  "Using auto will scale each value independently to the most natural unit.\n" },
	{ "compact_labels", OPT_BOOL, OFF(compact_labels), NULL,
	  "Show minimal headers" },
	{ "source_path", OPT_STRING, OFF(source_path), NULL,
	  "Search path for source files" },
	{ "trim_path", OPT_STRING, OFF(trim_path), NULL,
	  "Path to trim from source paths before search" },
	{ "intel_syntax", OPT_BOOL, OFF(intel_syntax), NULL,
	  "Show assembly in Intel syntax\n"
	  "Only applicable to commands `disasm` and `weblist`\n" },
	{ "mean", OPT_BOOL, OFF(mean), NULL,
	  "Average sample value over first value (count)\n"
	  "For memory profiles, report average memory per allocation.\n"
	  "For time-based profiles, report average time per event.\n" },
	{ "sample_index", OPT_STRING, OFF(sample_index), NULL,
	  "Sample value to report (0-based index or name)\n"
	  "Profiles contain multiple values per sample.\n"
	  "Use sample_index=i to select the ith value (starting at 0).\n" },
	{ "divide_by", OPT_FLOAT, OFF(divide_by), NULL,
	  "Ratio to divide all samples before visualization\n"
	  "Divide all samples values by a constant, eg the number of processors or jobs.\n" },
	{ "normalize", OPT_BOOL, OFF(normalize), NULL,
	  "Scales profile based on the base profile.\n" },
	{ "sort", OPT_CHOICE, OFF(sort), sort_choices, NULL },
	{ "tagroot", OPT_STRING, OFF(tagroot), NULL,
	  "Adds pseudo stack frames for labels key/value pairs at the callstack root.\n"
	  "A comma-separated list of label keys.\n"
	  "The first key creates frames at the new root.\n" },
	{ "tagleaf", OPT_STRING, OFF(tagleaf), NULL,
	  "Adds pseudo stack frames for labels key/value pairs at the callstack leaf.\n"
	  "A comma-separated list of label keys.\n"
	  "The last key creates frames at the new leaf.\n" },
	{ "drop_negative", OPT_BOOL, OFF(drop_negative), NULL,
	  "Ignore negative differences\n"
	  "Do not show any locations with values <0.\n" },
	{ "nodecount", OPT_INT, OFF(nodecount), NULL,
	  "Max number of nodes to show\n"
	  "Uses heuristics to limit the number of locations to be displayed.\n"
	  "On graphs, dotted edges represent paths through nodes that have been removed.\n" },
	{ "nodefraction", OPT_FLOAT, OFF(nodefraction), NULL,
	  "Hide nodes below <f>*total" },
	{ "edgefraction", OPT_FLOAT, OFF(edgefraction), NULL,
	  "Hide edges below <f>*total" },
	{ "trim", OPT_BOOL, OFF(trim), NULL,
	  "Honor nodefraction/edgefraction/nodecount defaults\n"
	  "Set to false to get the full profile, without any trimming.\n" },
	{ "focus", OPT_STRING, OFF(focus), NULL,
	  "Restricts to samples going through a node matching regexp\n"
	  "Discard samples that do not include a node matching this regexp.\n"
	  "Matching includes the function name, filename or object name.\n" },
	{ "ignore", OPT_STRING, OFF(ignore), NULL,
	  "Skips paths going through any nodes matching regexp\n"
	  "If set, discard samples that include a node matching this regexp.\n"
	  "Matching includes the function name, filename or object name.\n" },
	{ "prune_from", OPT_STRING, OFF(prune_from), NULL,
	  "Drops any functions below the matched frame.\n"
	  "If set, any frames matching the specified regexp and any frames\n"
	  "below it will be dropped from each sample.\n" },
	{ "hide", OPT_STRING, OFF(hide), NULL,
	  "Skips nodes matching regexp\n"
	  "Discard nodes that match this location.\n"
	  "Other nodes from samples that include this location will be shown.\n"
	  "Matching includes the function name, filename or object name.\n" },
	{ "show", OPT_STRING, OFF(show), NULL,
	  "Only show nodes matching regexp\n"
	  "If set, only show nodes that match this location.\n"
	  "Matching includes the function name, filename or object name.\n" },
	{ "show_from", OPT_STRING, OFF(show_from), NULL,
	  "Drops functions above the highest matched frame.\n"
	  "If set, all frames above the highest match are dropped from every sample.\n"
	  "Matching includes the function name, filename or object name.\n" },
	{ "tagfocus", OPT_STRING, OFF(tagfocus), NULL,
	  "Restricts to samples with tags in range or matched by regexp\n"
	  "Use name=value syntax to limit the matching to a specific tag.\n"
	  "Numeric tag filter examples: 1kb, 1kb:10kb, memory=32mb:\n"
	  "String tag filter examples: foo, foo.*bar, mytag=foo.*bar\n" },
	{ "tagignore", OPT_STRING, OFF(tagignore), NULL,
	  "Discard samples with tags in range or matched by regexp\n"
	  "Use name=value syntax to limit the matching to a specific tag.\n"
	  "Numeric tag filter examples: 1kb, 1kb:10kb, memory=32mb:\n"
	  "String tag filter examples: foo, foo.*bar, mytag=foo.*bar\n" },
	{ "tagshow", OPT_STRING, OFF(tagshow), NULL,
	  "Only consider tags matching this regexp\n"
	  "Discard tags that do not match this regexp\n" },
	{ "taghide", OPT_STRING, OFF(taghide), NULL,
	  "Skip tags matching this regexp\n"
	  "Discard tags that match this regexp\n" },
	{ "noinlines", OPT_BOOL, OFF(noinlines), NULL,
	  "Ignore inlines.\n"
	  "Attributes inlined functions to their first out-of-line caller.\n" },
	{ "granularity", OPT_CHOICE, OFF(granularity), granularity_choices, NULL },
};
const size_t options_count = sizeof options_table / sizeof options_table[0];

static const struct option_choice choices_table[] = {
	{ "cum", "sort", "Sort entries based on cumulative weight\n" },
	{ "flat", "sort", "Sort entries based on own weight\n" },
	{ "functions", "granularity",
	  "Aggregate at the function level.\n"
	  "Ignores the filename where the function was defined.\n" },
	{ "filefunctions", "granularity",
	  "Aggregate at the function level.\n"
	  "Takes into account the filename where the function was defined.\n" },
	{ "files", "granularity", "Aggregate at the file level." },
	{ "lines", "granularity", "Aggregate at the source code line level." },
	{ "addresses", "granularity",
	  "Aggregate at the address level.\n"
	  "Includes functions' addresses in the output.\n" },
};

const struct option *option_find(const char *name)
{
	for (size_t i = 0; i < options_count; i++)
		if (strcmp(options_table[i].name, name) == 0)
			return &options_table[i];
	return NULL;
}

const struct option_choice *option_find_choice(const char *name)
{
	for (size_t i = 0; i < sizeof choices_table / sizeof choices_table[0]; i++)
		if (strcmp(choices_table[i].name, name) == 0)
			return &choices_table[i];
	return NULL;
}

const struct option *option_choice_group(const struct option_choice *c)
{
	return option_find(c->group);
}

bool option_is_configurable(const char *name)
{
	return option_find(name) || option_find_choice(name);
}

bool option_is_bool(const char *name)
{
	const struct option *o = option_find(name);

	if (o)
		return o->type == OPT_BOOL;
	return option_find_choice(name) != NULL;
}

const char *option_help(const char *name)
{
	const struct option *o = option_find(name);
	const struct option_choice *c;

	if (o)
		return o->help;
	c = option_find_choice(name);
	return c ? c->help : NULL;
}

/* pprof's stringToBool: lenient, "" is true. */
static int string_to_bool(const char *s, bool *out, struct rt_error *err)
{
	static const char *const t[] = { "true", "t", "yes", "y", "1", "" };
	static const char *const f[] = { "false", "f", "no", "n", "0" };

	for (size_t i = 0; i < 6; i++)
		if (strcasecmp(s, t[i]) == 0)
			return *out = true, 0;
	for (size_t i = 0; i < 5; i++)
		if (strcasecmp(s, f[i]) == 0)
			return *out = false, 0;
	return rt_error_set(err, "illegal value \"%s\" for bool variable", s);
}

static void *field(struct report_config *cfg, const struct option *o)
{
	return (char *)cfg + o->offset;
}

static const void *cfield(const struct report_config *cfg, const struct option *o)
{
	return (const char *)cfg + o->offset;
}

/* pprof's config.set of an int: strconv.Atoi, kept to 32 bits. */
static int set_int(const char *s, int *out, struct rt_error *err)
{
	long long v;
	enum go_parse rc = go_atoi(s, &v);

	if (rc == GO_PARSE_OK && (v > 2147483647LL || v < -2147483648LL))
		rc = GO_PARSE_RANGE;
	if (rc != GO_PARSE_OK)
		return rt_error_set(err, "strconv.Atoi: parsing \"%s\": %s", s,
				    rc == GO_PARSE_RANGE ? "value out of range" : "invalid syntax");
	*out = (int)v;
	return 0;
}

static int set_float(const char *s, double *out, struct rt_error *err)
{
	enum go_parse rc = go_parse_float(s, out);

	if (rc != GO_PARSE_OK)
		return rt_error_set(err, "strconv.ParseFloat: parsing \"%s\": %s", s,
				    rc == GO_PARSE_RANGE ? "value out of range" : "invalid syntax");
	return 0;
}

/* pprof's config.set. */
static int set_field(struct report_config *cfg, struct arena *a,
		     const struct option *o, const char *value,
		     struct rt_error *err)
{
	const char *copy;

	switch (o->type) {
	case OPT_BOOL:
		return string_to_bool(value, field(cfg, o), err);
	case OPT_INT:
		return set_int(value, field(cfg, o), err);
	case OPT_FLOAT:
		return set_float(value, field(cfg, o), err);
	case OPT_CHOICE:
		for (size_t i = 0; o->choices[i]; i++)
			if (strcmp(o->choices[i], value) == 0) {
				*(const char **)field(cfg, o) = o->choices[i];
				return 0;
			}
		return rt_error_set(err, "invalid \"%s\" value \"%s\"", o->name, value);
	case OPT_STRING:
		copy = arena_strdup(a, value);
		if (!copy)
			return rt_error_set(err, "out of memory");
		*(const char **)field(cfg, o) = copy;
		return 0;
	}
	return 0;
}

int option_set(struct report_config *cfg, struct arena *a, const char *name,
	       const char *value, struct rt_error *err)
{
	const struct option *o = option_find(name);
	const struct option_choice *c;
	bool on;

	if (o)
		return set_field(cfg, a, o, value, err);
	c = option_find_choice(name);
	if (c && go_parse_bool(value, &on) == GO_PARSE_OK && on)
		return set_field(cfg, a, option_choice_group(c), name, err);
	return rt_error_set(err, "unknown config field \"%s\"", name);
}

void option_format_float(double v, char *buf, size_t n)
{
	int prec, exp;
	char tmp[64];

	if (isnan(v)) {
		snprintf(buf, n, "NaN");
		return;
	}
	if (isinf(v)) {
		snprintf(buf, n, v > 0 ? "+Inf" : "-Inf");
		return;
	}
	if (v == 0) {
		snprintf(buf, n, signbit(v) ? "-0" : "0");
		return;
	}
	/* Shortest number of digits that reads back as v, as Go's 'g', -1. */
	for (prec = 1; prec < 17; prec++) {
		snprintf(tmp, sizeof tmp, "%.*e", prec - 1, v);
		if (strtod(tmp, NULL) == v)
			break;
	}
	snprintf(tmp, sizeof tmp, "%.*e", prec - 1, v);
	exp = atoi(strchr(tmp, 'e') + 1);
	if (exp < -4 || exp >= 6)	/* Go: shortest %g switches at 1e+06 */
		snprintf(buf, n, "%s", tmp);
	else
		snprintf(buf, n, "%.*f", prec - 1 - exp > 0 ? prec - 1 - exp : 0, v);
}

void option_get(const struct report_config *cfg, const struct option *o,
		char *buf, size_t n)
{
	const char *s;

	switch (o->type) {
	case OPT_BOOL:
		snprintf(buf, n, "%s", *(const bool *)cfield(cfg, o) ? "true" : "false");
		break;
	case OPT_INT:
		snprintf(buf, n, "%d", *(const int *)cfield(cfg, o));
		break;
	case OPT_FLOAT:
		option_format_float(*(const double *)cfield(cfg, o), buf, n);
		break;
	case OPT_STRING:
	case OPT_CHOICE:
		s = *(const char *const *)cfield(cfg, o);
		snprintf(buf, n, "%s", s ? s : "");
		break;
	}
}

/* "[a | b | c]" of the choices, sorted. */
static void choices_comment(const struct option *o, char *buf, size_t n)
{
	const char *sorted[8];
	size_t k = 0, off;

	for (; o->choices[k] && k < 8; k++)
		sorted[k] = o->choices[k];
	qsort(sorted, k, sizeof sorted[0], compare_strings);
	off = (size_t)snprintf(buf, n, "[");
	for (size_t i = 0; i < k && off < n; i++)
		off += (size_t)snprintf(buf + off, n - off, "%s%s", i ? " | " : "", sorted[i]);
	if (off < n)
		snprintf(buf + off, n - off, "]");
}

static void sample_types_comment(const struct profile *p, char *buf, size_t n)
{
	size_t off = (size_t)snprintf(buf, n, "[");

	for (size_t i = 0; p && i < p->n_sample_types && off < n; i++)
		off += (size_t)snprintf(buf + off, n - off, "%s%s", i ? " | " : "",
					p->sample_types[i].type);
	if (off < n)
		snprintf(buf + off, n - off, "]");
}

void options_print(const struct report_config *cfg, const struct profile *p,
		   struct sbuf *out)
{
	char *lines[sizeof options_table / sizeof options_table[0]];
	size_t k = 0;

	for (size_t i = 0; i < options_count; i++) {
		const struct option *o = &options_table[i];
		char v[512], comment[512] = "", line[1200];

		option_get(cfg, o, v, sizeof v);
		if (o->type == OPT_CHOICE) {
			choices_comment(o, comment, sizeof comment);
		} else if (strcmp(o->name, "sample_index") == 0) {
			if (!*v && p && p->n_sample_types)	/* the last type */
				snprintf(v, sizeof v, "%s",
					 p->sample_types[p->n_sample_types - 1].type);
			sample_types_comment(p, comment, sizeof comment);
		} else if (strcmp(o->name, "source_path") == 0) {
			continue;
		} else if (strcmp(o->name, "nodecount") == 0 && strcmp(v, "-1") == 0) {
			snprintf(comment, sizeof comment, "default");
		} else if (!*v) {
			snprintf(v, sizeof v, "\"\"");
		}
		snprintf(line, sizeof line, "  %-25s = %-20s %s%s%s", o->name, v,
			 *comment ? "//:" : "", *comment ? " " : "", comment);
		lines[k] = strdup(line);
		if (!lines[k]) {
			out->oom = 1;
			break;
		}
		k++;
	}
	qsort(lines, k, sizeof lines[0], compare_strings);
	for (size_t i = 0; i < k; i++) {
		sbuf_puts(out, lines[i]);
		sbuf_putc(out, '\n');
		free(lines[i]);
	}
}
