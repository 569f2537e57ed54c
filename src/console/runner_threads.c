/* runner_threads: see runner_threads.h.  Threads are made for each run
 * and joined before it returns: a run is a walk over a whole profile, and
 * a thread costs tens of microseconds. */
#include "console/runner_threads.h"

#include <pthread.h>
#include <stdbool.h>
#include <sched.h>
#include <signal.h>
#include <unistd.h>

#define RUNNER_MAX 8

struct job {
	void (*task)(void *arg, size_t i);
	void *arg;
	size_t i;
};

static void *job_main(void *arg)
{
	struct job *j = arg;
	j->task(j->arg, j->i);
	return NULL;
}

static void threads_run(const struct runner *r, size_t n, void (*task)(void *arg, size_t i),
			void *arg)
{
	pthread_t t[RUNNER_MAX];
	struct job jobs[RUNNER_MAX];
	bool made[RUNNER_MAX] = { false };
	size_t threads = n < RUNNER_MAX ? n : RUNNER_MAX;
	sigset_t all, old;
	(void)r;
	/* signals stay the caller's thread's to take */
	sigfillset(&all);
	pthread_sigmask(SIG_SETMASK, &all, &old);
	for (size_t i = 1; i < threads; i++) {
		jobs[i] = (struct job){ task, arg, i };
		made[i] = pthread_create(&t[i], NULL, job_main, &jobs[i]) == 0;
	}
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	/* the caller's: the first task, and any past the threads (more
	 * tasks than the width promised) */
	task(arg, 0);
	for (size_t i = RUNNER_MAX; i < n; i++)
		task(arg, i);
	for (size_t i = 1; i < threads; i++) {
		if (made[i])
			pthread_join(t[i], NULL);
		else	/* no thread: the caller's then */
			task(arg, i);
	}
}

static unsigned usable_cpus(void)
{
	cpu_set_t set;
	long n = 0;
	if (sched_getaffinity(0, sizeof set, &set) == 0)
		n = CPU_COUNT(&set);
	if (n <= 0)
		n = sysconf(_SC_NPROCESSORS_ONLN);
	if (n < 1)
		n = 1;
	return n > RUNNER_MAX ? RUNNER_MAX : (unsigned)n;
}

static struct runner threads_runner;

static void threads_init(void)
{
	threads_runner.width = usable_cpus();
	threads_runner.run = threads_run;
}

const struct runner *runner_threads(void)
{
	static pthread_once_t once = PTHREAD_ONCE_INIT;
	pthread_once(&once, threads_init);
	return &threads_runner;
}
