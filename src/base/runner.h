/* runner: independent tasks, perhaps run several at once.  Code that can
 * split its work (a report's walks over sample ranges) hands the pieces to
 * the runner its caller gave it, and knows nothing of how they run: the
 * batch driver's runs them on threads (console/runner_threads.c); with no
 * runner they run one after the other.  Tasks must not write anything
 * another task of the same run reads or writes. */
#ifndef RT_RUNNER_H
#define RT_RUNNER_H

#include <stddef.h>

struct runner {
	/* How many tasks may run at once; below 2 they run in turn. */
	unsigned width;
	/* Runs task(arg, i) for each i below n (n <= width) and returns
	 * once all have. */
	void (*run)(const struct runner *r, size_t n, void (*task)(void *arg, size_t i),
		    void *arg);
};

/* How many pieces work over n items splits into for r (1 without one,
 * or when n is below min_items a piece). */
static inline size_t runner_pieces(const struct runner *r, size_t n, size_t min_items)
{
	size_t w = r && r->width > 1 ? r->width : 1;
	while (w > 1 && n / w < min_items)
		w--;
	return w;
}

static inline void runner_run(const struct runner *r, size_t n,
			      void (*task)(void *arg, size_t i), void *arg)
{
	if (!r || r->width < 2 || n < 2) {
		for (size_t i = 0; i < n; i++)
			task(arg, i);
		return;
	}
	r->run(r, n, task, arg);
}

#endif
