/* fuzz_rx: libFuzzer target for the regexp front end: the input up to
 * its first NUL is a pattern (RE2 syntax checked, then compiled for
 * PCRE2), the rest a name to match it against. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/rx.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const uint8_t *nul = memchr(data, 0, size);
	size_t plen = nul ? (size_t)(nul - data) : size;
	char *pattern = malloc(plen + 1);
	char *text = malloc(size - plen + 1);
	if (!pattern || !text) {
		free(pattern);
		free(text);
		return 0;
	}
	memcpy(pattern, data, plen);
	pattern[plen] = '\0';
	size_t tlen = nul ? size - plen - 1 : 0;
	memcpy(text, nul ? nul + 1 : data, tlen);
	text[tlen] = '\0';
	struct rx r;
	struct rt_error err;
	if (rx_compile(&r, pattern, &err) == 0) {
		rx_match(&r, text);
		rx_free(&r);
	}
	free(pattern);
	free(text);
	return 0;
}
