/* cpuloader: the talk's demo tree.  noinline keeps every function a frame
 * of its own in the profile; the volatile sink keeps the work from being
 * optimised away.  Never allocates, never locks. */
#include "workload/cpuloader.h"

#include <math.h>
#include <time.h>

/* Per thread: the workers all run CPULoader at once. */
static _Thread_local volatile double sink;

static double seconds_now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec * 1e-9;
}

__attribute__((noinline)) int prime(long n)
{
	if (n < 2)
		return 0;
	for (long d = 2; d * d <= n; d++)
		if (n % d == 0)
			return 0;
	return 1;
}

__attribute__((noinline)) double SumRoots(long n)
{
	double s = 0;
	for (long i = 1; i <= n; i++)
		s += sqrt((double)i);
	return s;
}

__attribute__((noinline)) void CPULoader(void)
{
	long found = 0;
	for (long n = 1000000; n < 1000400; n++)
		found += prime(n);
	sink = SumRoots(20000) + (double)found;
}

__attribute__((noinline)) void CPU(double seconds)
{
	double end = seconds_now() + seconds;
	do
		CPULoader();
	while (seconds_now() < end);
}
