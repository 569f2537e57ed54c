/* fpwalk: frame-pointer stack walks, safe inside a signal handler.  Every
 * frame read must lie inside [lo, hi) (the interrupted stack pointer up to
 * the top of the thread's stack), frames must move strictly upwards, and
 * every return address must fall in known executable text: a corrupt or
 * foreign frame pointer (code built without one) ends the walk, it never
 * faults. */
#ifndef RT_SAMPLER_FPWALK_H
#define RT_SAMPLER_FPWALK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Records the executable segments of every loaded object.  Call once,
 * before any handler may walk (later dlopen'ed code ends walks). */
int fpwalk_init_text(void);

/* True when pc lies in a recorded executable segment. */
bool fpwalk_in_text(uintptr_t pc);

/* Appends up to max return addresses minus one (the call instruction, so
 * source lines are the calling lines), starting at frame fp; returns how
 * many were stored. */
size_t fpwalk(uint64_t *pcs, size_t max, uintptr_t fp, uintptr_t lo,
	      uintptr_t hi);

/* Copies up to max words at sp (bounded by hi); returns how many. */
size_t fpwalk_stack_words(uint64_t *out, size_t max, uintptr_t sp,
			  uintptr_t hi);

/* Reads pc, frame pointer and stack pointer from a signal's ucontext_t. */
bool fpwalk_regs(const void *ucontext, uintptr_t *pc, uintptr_t *fp,
		 uintptr_t *sp);

#endif
