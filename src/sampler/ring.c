/* ring: allocation of the SPSC sample queue (the hot paths are inline in
 * ring.h).  Never called from a signal handler. */
#include "sampler/ring.h"

#include <stdlib.h>

int ring_init(struct ring *r, size_t slots)
{
	size_t n = 2;
	while (n < slots)
		n *= 2;
	atomic_init(&r->head, 0);
	atomic_init(&r->tail, 0);
	atomic_init(&r->drops, 0);
	atomic_init(&r->dropped_weight, 0);
	r->mask = n - 1;
	r->recs = calloc(n, sizeof *r->recs);
	return r->recs ? 0 : -1;
}

void ring_free(struct ring *r)
{
	free(r->recs);
	r->recs = NULL;
}
