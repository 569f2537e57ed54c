/* fuzz_console: libFuzzer target for the piped console: each input line
 * goes through console_exec_line (shortcuts, option assignment, the
 * command line parser, every report command) over a small fixed profile.
 * Lines that could write files (output=, `>file`, proto at a prompt)
 * are skipped: the target must touch nothing outside memory. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "console/console.h"
#include "tests/profile/tiny_profile.h"

static struct profile *fixture;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (!fixture && !(fixture = tiny_rich()))
		return 0;
	char *text = malloc(size + 1);
	if (!text)
		return 0;
	memcpy(text, data, size);
	text[size] = '\0';
	struct report_config cfg;
	report_config_default(&cfg);
	cfg.source_path = "/nonexistent";
	struct profile_source src = console_static_source(fixture);
	struct console c;
	console_init(&c, &src, &cfg, false);
	struct sbuf out, msg;
	sbuf_init(&out);
	sbuf_init(&msg);
	for (char *line = text, *next; line && *line; line = next) {
		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		if (strstr(line, "output") || strchr(line, '>') || strstr(line, "proto") ||
		    strstr(line, "svg") || strstr(line, "png") || strstr(line, "pdf") ||
		    strstr(line, "web") || strstr(line, "speedscope"))
			continue;
		sbuf_reset(&out);
		sbuf_reset(&msg);
		if (console_exec_line(&c, line, &out, &msg) == CMD_RETURN_QUIT)
			break;
	}
	sbuf_free(&out);
	sbuf_free(&msg);
	console_free(&c);
	free(text);
	return 0;
}
