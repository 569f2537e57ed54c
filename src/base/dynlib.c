/* dynlib: dlopen once, then the caller's bind looks its functions up. */
#include "base/dynlib.h"

#include <dlfcn.h>
#include <stdio.h>
#include <string.h>

/* pthread_once takes no argument: the library being loaded is handed over
 * in this thread's variable (the once's lock holds other threads back). */
static _Thread_local struct dynlib *loading;

static void load(void)
{
	struct dynlib *d = loading;
	void *h = dlopen(d->soname, RTLD_NOW | RTLD_LOCAL);
	if (!h || d->bind(h) < 0) {
		const char *e = dlerror();
		snprintf(d->why, sizeof d->why, "%s", e ? e : "a function is missing");
		d->failed = true;
	}
}

int dynlib_load(struct dynlib *d, const char *what, struct rt_error *err)
{
	loading = d;
	pthread_once(&d->once, load);
	loading = NULL;
	if (!d->failed)
		return 0;
	return rt_error_set(err, "%s needs %s (apt-get install %s): %s", what, d->soname,
			    d->package, d->why);
}

int dynlib_sym(void *handle, const char *name, void *fn)
{
	void *p = dlsym(handle, name);
	if (!p)
		return -1;
	/* POSIX's way to turn dlsym's answer into a function pointer */
	memcpy(fn, &p, sizeof p);
	return 0;
}
