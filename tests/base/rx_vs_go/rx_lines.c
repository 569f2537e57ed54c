/* rx_lines: main.go's protocol through rtprof's regexp front end (rx.c),
 * so the two outputs can be compared line for line. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/rx.h"

int main(void)
{
	char *line = NULL;
	size_t cap = 0;
	ssize_t n;
	while ((n = getline(&line, &cap, stdin)) > 0) {
		if (line[n - 1] == '\n')
			line[--n] = '\0';
		char *text = strchr(line, '\t'), *w, *q;
		if (text)
			*text++ = '\0';
		else
			text = line + n;
		for (w = q = text; *q; q++, w++) {
			if (q[0] == '\\' && q[1] == 'n') {
				*w = '\n';
				q++;
			} else {
				*w = *q;
			}
		}
		*w = '\0';
		struct rx r;
		struct rt_error err;
		if (rx_compile(&r, line, &err) < 0) {
			printf("ERR %s\n", err.msg);
			continue;
		}
		printf("%d\n", rx_match(&r, text));
		rx_free(&r);
	}
	free(line);
	return 0;
}
