/* runner_threads: a runner (base/runner.h) whose tasks run on threads,
 * one a task beside the caller's own, as wide as the CPUs rtprof may use
 * (at most 8).  For the batch reports: the console's live session keeps
 * its cores for the renderer. */
#ifndef RT_RUNNER_THREADS_H
#define RT_RUNNER_THREADS_H

#include "base/runner.h"

/* The process's runner (made on first use; never freed). */
const struct runner *runner_threads(void);

#endif
