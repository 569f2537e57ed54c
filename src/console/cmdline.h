/* cmdline: pprof's parseCommandLine: the words after a report command
 * (`top 5 main -runtime -cum >f`) become a one-run config: a bare integer
 * is the node count, words are focus regexps, -words ignore regexps (tag
 * filters for `tags`), `>f` the output file.  `top10` is `top 10`. */
#ifndef RT_CONSOLE_CMDLINE_H
#define RT_CONSOLE_CMDLINE_H

#include "base/arena.h"
#include "base/rt_error.h"
#include "console/cmd.h"
#include "report/report.h"

struct cmdline {
	const struct cmd_entry *entry;
	const char *name;		/* the command name, digits split off */
	const char *arg;		/* CMD_PARAM argument */
	struct report_config cfg;	/* current options + this run's words */
};

/* words[0] is the command.  Strings made here live in scratch.  Errors are
 * pprof's: `unrecognized command: "x"`, `did you mean: nodecount=5`,
 * `command list requires an argument`, `unexpected end of line after >`. */
int cmdline_parse(char **words, int n, const struct report_config *current,
		  struct arena *scratch, struct cmdline *out,
		  struct rt_error *err);

/* Splits s at blanks (Go's strings.Fields) into at most max words, each a
 * NUL-terminated copy in scratch.  Returns the count, -1 when out of memory. */
int cmdline_fields(const char *s, struct arena *scratch, char **words, int max);

#endif
