/* eventtab: a mutex-guarded stacktab with an event counter. */
#include "sampler/eventtab.h"

#include <string.h>

#include "sampler/threads.h"

int eventtab_start(struct eventtab *t, size_t nvals, int64_t epoch_ns)
{
	int rc = 0;
	pthread_mutex_lock(&t->mu);
	if (!t->ready) {
		rc = stacktab_init(&t->tab, nvals);
		t->ready = rc == 0;
	} else {
		stacktab_reset(&t->tab);
	}
	t->events = 0;
	t->epoch_ns = epoch_ns;
	pthread_mutex_unlock(&t->mu);
	return rc;
}

void eventtab_reset(struct eventtab *t)
{
	pthread_mutex_lock(&t->mu);
	if (t->ready)
		stacktab_reset(&t->tab);
	t->events = 0;
	pthread_mutex_unlock(&t->mu);
}

uint64_t eventtab_events(struct eventtab *t)
{
	pthread_mutex_lock(&t->mu);
	uint64_t n = t->events;
	pthread_mutex_unlock(&t->mu);
	return n;
}

size_t eventtab_bytes(struct eventtab *t)
{
	pthread_mutex_lock(&t->mu);
	size_t n = t->ready ? stacktab_bytes(&t->tab) : 0;
	pthread_mutex_unlock(&t->mu);
	return n;
}

int eventtab_snapshot(struct eventtab *t, int64_t now_sec, int64_t window,
		      int64_t slot, struct stacktab_copy *out)
{
	int rc = 0;
	pthread_mutex_lock(&t->mu);
	if (t->ready)
		rc = slot > 0 ? stacktab_series(&t->tab, now_sec, window, slot, out)
			      : stacktab_snapshot(&t->tab, now_sec, window, out);
	else
		memset(out, 0, sizeof *out);
	pthread_mutex_unlock(&t->mu);
	return rc;
}

int64_t eventtab_second(const struct eventtab *t)
{
	return (threads_now_ns() - t->epoch_ns) / 1000000000;
}

int64_t eventtab_record_locked(struct eventtab *t, const uint64_t *pcs,
			       uint32_t n, uint32_t labels, const int64_t *v)
{
	if (!t->ready)
		return -1;
	int64_t idx = stacktab_intern(&t->tab, pcs, n, labels);
	if (idx < 0)
		return -1;
	stacktab_add(&t->tab, (uint32_t)idx, eventtab_second(t), v);
	t->events++;
	return idx;
}

void eventtab_record(struct eventtab *t, const uint64_t *pcs, uint32_t n,
		     const int64_t *v)
{
	uint32_t labels = threads_labels();
	pthread_mutex_lock(&t->mu);
	eventtab_record_locked(t, pcs, n, labels, v);
	pthread_mutex_unlock(&t->mu);
}
