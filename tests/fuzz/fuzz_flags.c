/* fuzz_flags: libFuzzer target for the command line: the input's lines
 * are argv[1..] for flags_parse (pprof's flags and rtprof's own, values
 * checked against the flag table). */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/arena.h"
#include "console/flags.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = malloc(size + 1);
	char *argv[65];
	int argc = 0;
	if (!text)
		return 0;
	memcpy(text, data, size);
	text[size] = '\0';
	argv[argc++] = "rtprof";
	for (char *s = text, *next; s && argc < 64; s = next) {
		next = strchr(s, '\n');
		if (next)
			*next++ = '\0';
		argv[argc++] = s;
	}
	argv[argc] = NULL;
	struct arena a;
	struct batch b;
	struct sbuf msg;
	struct rt_error err;
	arena_init(&a);
	sbuf_init(&msg);
	memset(&b, 0, sizeof b);
	flags_parse(argc, argv, &a, &b, &msg, &err);
	sbuf_free(&msg);
	arena_free(&a);
	free(text);
	return 0;
}
