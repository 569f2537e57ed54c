/* dynlib: a shared library loaded when first needed (dlopen), for the few
 * features that need a large one: fetching over HTTP (libcurl) and serving
 * (libmicrohttpd).  Linked normally, their dependencies (TLS, Kerberos,
 * LDAP... some thirty libraries) cost every run about 25 ms of start-up. */
#ifndef RT_DYNLIB_H
#define RT_DYNLIB_H

#include <pthread.h>
#include <stdbool.h>

#include "base/rt_error.h"

struct dynlib {
	const char *soname;	/* "libcurl.so.4" */
	const char *package;	/* the Debian package that has it */
	/* Looks up the caller's functions in the opened library (with
	 * dynlib_sym); 0, or -1 when one is missing. */
	int (*bind)(void *handle);
	/* internals */
	pthread_once_t once;
	bool failed;
	char why[256];
};

#define DYNLIB_INIT(so, pkg, bindfn) \
	{ .soname = (so), .package = (pkg), .bind = (bindfn), .once = PTHREAD_ONCE_INIT }

/* Loads the library once (thread-safe); 0, or -1 with "WHAT needs
 * libcurl.so.4 (apt-get install libcurl4): the loader's reason" in err. */
int dynlib_load(struct dynlib *d, const char *what, struct rt_error *err);

/* Stores name's address in *fn (a function pointer's storage): -1 when
 * the library has no such function. */
int dynlib_sym(void *handle, const char *name, void *fn);

#endif
