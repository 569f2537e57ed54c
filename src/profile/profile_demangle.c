/* profile_demangle: demangling itself is the C++ runtime's
 * (__cxa_demangle, from libstdc++); the simplification is pprof's. */
#include "profile/profile_demangle.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "base/dynlib.h"

/* The Itanium C++ ABI demangler of libstdc++, loaded the first time a
 * name needs it: linked, the C++ runtime's start-up cost every run about
 * 2 ms (base/dynlib.h). */
static char *(*cxa_demangle)(const char *mangled, char *buf, size_t *len, int *status);

static int cxx_bind(void *h)
{
	return dynlib_sym(h, "__cxa_demangle", &cxa_demangle);
}

static struct dynlib libcxx = DYNLIB_INIT("libstdc++.so.6", "libstdc++6", cxx_bind);

/* Without the C++ runtime (never on Debian: libstdc++6 is part of every
 * system) names stay as they are. */
static char *cxx_demangle(const char *mangled, int *status)
{
	struct rt_error err;
	if (dynlib_load(&libcxx, "demangling", &err) < 0) {
		*status = -1;
		return NULL;
	}
	return cxa_demangle(mangled, NULL, NULL, status);
}

/* pprof's removeMatching: drops every outermost start..end group; a
 * stray end leaves the name as it was. */
static void remove_matching(char *name, char start, char end)
{
	char *copy = strdup(name);
	if (!copy)
		return;
	size_t w = 0;
	int nesting = 0;
	size_t first_w = 0;
	for (size_t r = 0; copy[r]; r++) {
		char c = copy[r];
		if (c == start) {
			if (++nesting == 1)
				first_w = w;
		} else if (c == end) {
			if (--nesting < 0) {
				free(copy);
				return;	/* mismatch: keep the name */
			}
			if (nesting == 0) {
				w = first_w;
				continue;
			}
		}
		name[w++] = c;
	}
	name[w] = '\0';
	free(copy);
}

static bool looks_like_cplusplus(const char *s)
{
	if (strstr(s, ".<") || strstr(s, "]).")) /* Go and Java forms */
		return false;
	return strpbrk(s, "<>[]") || strstr(s, "::");
}

static const char *demangle_one(struct profile *p, const char *sys)
{
	char *full = NULL;
	int status = -1;
	if (sys[0] == '_' && sys[1] == 'Z')
		full = cxx_demangle(sys, &status);
	char *name = status == 0 && full ? full : strdup(sys);
	if (!name)
		return NULL;
	if (name != full && !looks_like_cplusplus(name)) {
		free(name);
		return sys;
	}
	remove_matching(name, '(', ')');
	remove_matching(name, '<', '>');
	const char *r = profile_str(p, name);
	free(name);
	return r;
}

void profile_demangle(struct profile *p)
{
	for (size_t i = 0; i < p->n_functions; i++) {
		struct function *f = p->functions[i];
		if (*f->name && strcmp(f->system_name, f->name))
			continue;	/* already demangled */
		const char *d = demangle_one(p, f->system_name);
		if (d)
			f->name = d;
	}
}
