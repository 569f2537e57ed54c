/* heap_tune: how glibc's malloc should treat memory that reports free.
 * A report builds and frees the same tens of megabytes on every refresh;
 * handed back to the system, they are faulted in again each time (about
 * half of a `top` refresh on a VM where a fault costs 7 microseconds). */
#ifndef RT_BASE_HEAP_TUNE_H
#define RT_BASE_HEAP_TUNE_H

/* For a process that makes reports again and again (the console, live or
 * not): blocks up to 32 MB come from malloc's arenas rather than their own
 * mmap, and an arena keeps up to 64 MB of free memory at its top.  Memory
 * then follows the largest refresh, not the sum of them.  Process-wide;
 * call before threads start.  Nothing under another malloc (sanitizers). */
void heap_tune_refresh(void);

#endif
