/* readahead: see readahead.h.  The ring: RA_PIECES pieces of RA_PIECE
 * bytes; the inflating thread fills the piece at head, the reader takes
 * the piece at tail, and the indexes change under the mutex only, which
 * hands each piece's bytes from one thread to the other. */
#include "console/readahead.h"

#include <pthread.h>
#include <signal.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "profile/gz.h"

#define RA_PIECES 8
#define RA_PIECE ((size_t)128 << 10)

struct ring {
	pthread_mutex_t mu;
	pthread_cond_t filled, emptied;
	uint8_t *piece[RA_PIECES];
	size_t len[RA_PIECES];
	size_t head, tail;	/* pieces filled, pieces taken */
	size_t off;		/* into the piece at tail: what was taken */
	bool ended, failed, stop;
	struct gz_reader gz;
};

static void *inflater(void *arg)
{
	struct ring *r = arg;
	for (;;) {
		pthread_mutex_lock(&r->mu);
		while (r->head - r->tail == RA_PIECES && !r->stop)
			pthread_cond_wait(&r->emptied, &r->mu);
		bool stop = r->stop;
		size_t at = r->head % RA_PIECES;
		pthread_mutex_unlock(&r->mu);
		if (stop)
			return NULL;
		/* the piece at head is no one else's until head moves */
		ssize_t n = gz_reader_read(&r->gz, r->piece[at], RA_PIECE);
		pthread_mutex_lock(&r->mu);
		if (n > 0) {
			r->len[at] = (size_t)n;
			r->head++;
		}
		r->failed = n < 0;
		r->ended = n == 0;
		pthread_cond_signal(&r->filled);
		pthread_mutex_unlock(&r->mu);
		if (n <= 0)
			return NULL;
	}
}

static ssize_t take(void *arg, uint8_t *buf, size_t cap)
{
	struct ring *r = arg;
	pthread_mutex_lock(&r->mu);
	while (r->head == r->tail && !r->ended && !r->failed)
		pthread_cond_wait(&r->filled, &r->mu);
	if (r->head == r->tail) {
		ssize_t rc = r->failed ? -1 : 0;
		pthread_mutex_unlock(&r->mu);
		return rc;
	}
	size_t at = r->tail % RA_PIECES;
	pthread_mutex_unlock(&r->mu);
	size_t k = r->len[at] - r->off;
	if (k > cap)
		k = cap;
	memcpy(buf, r->piece[at] + r->off, k);
	r->off += k;
	if (r->off == r->len[at]) {
		pthread_mutex_lock(&r->mu);
		r->off = 0;
		r->tail++;
		pthread_cond_signal(&r->emptied);
		pthread_mutex_unlock(&r->mu);
	}
	return (ssize_t)k;
}

/* Reads path's profile through the ring; NULL when it could not (the
 * caller reads it whole). */
static struct profile *read_ring(int fd, const struct profile_read_opts *o, size_t max_file)
{
	struct ring r;
	struct profile *p = NULL;
	pthread_t t;

	memset(&r, 0, sizeof r);
	gz_reader_fd(&r.gz, fd, max_file, profile_max_decompressed(o));
	uint8_t *block = malloc(RA_PIECES * RA_PIECE);
	if (!block)
		goto out;
	for (int i = 0; i < RA_PIECES; i++)
		r.piece[i] = block + (size_t)i * RA_PIECE;
	if (pthread_mutex_init(&r.mu, NULL) != 0)
		goto out;
	if (pthread_cond_init(&r.filled, NULL) != 0) {
		pthread_mutex_destroy(&r.mu);
		goto out;
	}
	if (pthread_cond_init(&r.emptied, NULL) != 0) {
		pthread_cond_destroy(&r.filled);
		pthread_mutex_destroy(&r.mu);
		goto out;
	}
	/* signals stay this thread's to take */
	sigset_t all, old;
	sigfillset(&all);
	pthread_sigmask(SIG_SETMASK, &all, &old);
	int made = pthread_create(&t, NULL, inflater, &r);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	if (made == 0) {
		struct profile_bytes src = { take, &r };
		p = profile_read_bytes(&src, o);
		/* done with the data, or given up on it */
		pthread_mutex_lock(&r.mu);
		r.stop = true;
		pthread_cond_signal(&r.emptied);
		pthread_mutex_unlock(&r.mu);
		pthread_join(t, NULL);
	}
	pthread_cond_destroy(&r.emptied);
	pthread_cond_destroy(&r.filled);
	pthread_mutex_destroy(&r.mu);
out:
	gz_reader_end(&r.gz);
	free(block);
	return p;
}

struct profile *readahead_read_file(const char *path, const struct profile_read_opts *o,
				    struct rt_error *err)
{
	struct profile *p = NULL;
	int fd = profile_open_one_pass(path, o);
	if (fd >= 0) {
		p = read_ring(fd, o, profile_max_file(o));
		close(fd);
	}
	if (p)
		return p;
	struct profile_read_opts whole = { 0 };
	if (o)
		whole = *o;
	whole.whole = true;
	return profile_read_file(path, &whole, err);
}
