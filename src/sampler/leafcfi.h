/* leafcfi: finds the caller of a sample's leaf function when the frame
 * pointer cannot.  GCC sets up no frame in leaf functions that need no
 * stack (and none exists yet in a prologue or after an epilogue), so the
 * frame-pointer walk skips the leaf's caller.  The leaf's call frame
 * information (.eh_frame) says where its return address is: when the CFA
 * is rsp+N, it is the stack word at sp+N-8, which the handler copied.
 * Used by the aggregator only (the caller of threads_drain holds its lock);
 * never in a signal handler.  x86-64 only; elsewhere it finds nothing. */
#ifndef RT_SAMPLER_LEAFCFI_H
#define RT_SAMPLER_LEAFCFI_H

#include <stdint.h>

/* The index of the stack word (from the interrupted sp) that holds the
 * return address of the function executing at pc, or -1 when the frame
 * pointer chain is right (the CFA is based on rbp) or nothing is known. */
int leafcfi_ret_slot(uint64_t pc);

void leafcfi_shutdown(void);

#endif
