/* cpuloader: the talk's demo CPU load, as real C functions so profiles
 * show the same tree the talk showed: CPU -> CPULoader -> prime, SumRoots.
 * Keep these names; `list CPULoader` in the console relies on them. */
#ifndef WORKLOAD_CPULOADER_H
#define WORKLOAD_CPULOADER_H

/* Burns about `seconds` of CPU in the calling thread. */
void CPU(double seconds);
/* One unit of the load: a prime search and a sum of square roots. */
void CPULoader(void);
/* Is n prime (trial division, on purpose slow)? */
int prime(long n);
/* Sum of sqrt(1..n). */
double SumRoots(long n);

#endif
