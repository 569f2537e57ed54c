/* path_clean: the algorithm of Go's path.Clean, on a copy. */
#include "base/path_clean.h"

#include <string.h>

char *path_clean(struct arena *a, const char *path)
{
	char *out = arena_alloc(a, strlen(path) + 2);
	if (out)
		path_clean_to(out, path);
	return out;
}

void path_clean_to(char *out, const char *path)
{
	size_t n = strlen(path);
	if (n == 0) {
		strcpy(out, ".");
		return;
	}
	int rooted = path[0] == '/';
	size_t r = 0, w = 0, dotdot = 0;
	if (rooted) {
		out[w++] = '/';
		r = 1;
		dotdot = 1;
	}
	while (r < n) {
		if (path[r] == '/') {
			r++;
		} else if (path[r] == '.' && (r + 1 == n || path[r + 1] == '/')) {
			r++;
		} else if (path[r] == '.' && path[r + 1] == '.' &&
			   (r + 2 == n || path[r + 2] == '/')) {
			r += 2;
			if (w > dotdot) {
				w--;
				while (w > dotdot && out[w] != '/')
					w--;
			} else if (!rooted) {
				if (w > 0)
					out[w++] = '/';
				out[w++] = '.';
				out[w++] = '.';
				dotdot = w;
			}
		} else {
			if ((rooted && w != 1) || (!rooted && w != 0))
				out[w++] = '/';
			for (; r < n && path[r] != '/'; r++)
				out[w++] = path[r];
		}
	}
	if (w == 0)
		out[w++] = '.';
	out[w] = '\0';
}
