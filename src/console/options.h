/* options: pprof's configuration variables (driver/config.go) as one table
 * over struct report_config: names, types, choice groups, defaults and help
 * texts.  Batch flags (-nodecount=5), assignments at the prompt
 * (nodecount=5), `o`, `help` and completion all read this table.
 * Never prints: texts go into an sbuf, errors into an rt_error. */
#ifndef RT_CONSOLE_OPTIONS_H
#define RT_CONSOLE_OPTIONS_H

#include <stdbool.h>
#include <stddef.h>

#include "base/arena.h"
#include "base/rt_error.h"
#include "base/sbuf.h"
#include "profile/profile.h"
#include "report/report.h"

enum option_type { OPT_BOOL, OPT_INT, OPT_FLOAT, OPT_STRING, OPT_CHOICE };

struct option {
	const char *name;
	enum option_type type;
	size_t offset;			/* into struct report_config */
	const char *const *choices;	/* OPT_CHOICE: NULL-terminated */
	const char *help;		/* NULL for choice groups (pprof has none) */
};

/* A choice of a group (`cum`, `lines`): its own name and help text. */
struct option_choice {
	const char *name;
	const char *group;		/* the group's option name */
	const char *help;
};

extern const struct option options_table[];
extern const size_t options_count;

/* The option named name, or NULL. */
const struct option *option_find(const char *name);
/* The choice named name (`cum`, `files`, ...), or NULL. */
const struct option_choice *option_find_choice(const char *name);
/* The option (sort, granularity) that choice c is one value of. */
const struct option *option_choice_group(const struct option_choice *c);
/* pprof's isConfigurable: an option or a choice name. */
bool option_is_configurable(const char *name);
/* pprof's isBoolConfig: a bool option or a choice name. */
bool option_is_bool(const char *name);
/* pprof's configHelp[name]: help of an option or a choice; NULL for the
 * group names `sort` and `granularity`, which pprof has no help for. */
const char *option_help(const char *name);

/* pprof's configure(name, value): sets an option or picks a choice (a
 * choice needs a true value).  Strings are copied into a. */
int option_set(struct report_config *cfg, struct arena *a, const char *name,
	       const char *value, struct rt_error *err);
/* The value as pprof's config.get prints it (Go's fmt.Sprint). */
void option_get(const struct report_config *cfg, const struct option *o,
		char *buf, size_t n);

/* Go's fmt.Sprint of a float64 (shortest repr, %e beyond 1e21...). */
void option_format_float(double v, char *buf, size_t n);

/* `o`/`options`: pprof's printCurrentOptions (sorted, one per line, the
 * each line ending in "\n"). */
void options_print(const struct report_config *cfg, const struct profile *p,
		   struct sbuf *out);

#endif
