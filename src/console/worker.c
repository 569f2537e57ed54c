/* worker: the console on its own thread (see worker.h).  Everything in
 * struct console_worker below `mu` is shared and guarded by it; the
 * console itself is touched by the worker thread alone. */
#include "console/worker.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "console/complete.h"
#include "console/console.h"

struct pending {
	enum worker_job job;
	char *text;
	struct pending *next;
};

struct console_worker {
	struct console *con;		/* the worker thread's */
	struct worker_refresh hooks;	/* called on the worker thread */
	pthread_t thread;
	pthread_mutex_t mu;
	pthread_cond_t cv;
	/* guarded by mu */
	struct pending *queue, **queue_tail;
	size_t queued;
	struct worker_reply *done, **done_tail;
	char *refresh_line;
	bool frozen, stop, busy;
	enum worker_job running;
	double started, next_due, last_refresh_seconds, period;
};

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static struct worker_reply *reply_new(enum worker_job job, const char *line)
{
	struct worker_reply *r = calloc(1, sizeof *r);
	if (!r)
		return NULL;
	r->job = job;
	r->line = strdup(line ? line : "");
	sbuf_init(&r->out);
	sbuf_init(&r->msg);
	sbuf_init(&r->filters);
	report_items_init(&r->items);
	if (!r->line) {
		worker_reply_free(r);
		return NULL;
	}
	return r;
}

void worker_reply_free(struct worker_reply *r)
{
	if (!r)
		return;
	free(r->line);
	sbuf_free(&r->out);
	sbuf_free(&r->msg);
	sbuf_free(&r->filters);
	report_items_free(&r->items);
	console_view_free(&r->view);
	free(r);
}

/* Runs one job on the worker thread, without the lock. */
static void run_job(struct console_worker *w, struct worker_reply *r)
{
	struct console *c = w->con;
	double t0 = now();
	switch (r->job) {
	case WORKER_LINE:
	case WORKER_REFRESH:
		c->items = &r->items;
		c->view = &r->view;
		c->screen_requests = 0;
		r->rv = console_exec_line(c, r->line, &r->out, &r->msg);
		r->screen_requests = c->screen_requests;
		c->screen_requests = 0;
		c->items = NULL;
		c->view = NULL;
		console_filters(c, &r->filters);
		snprintf(r->sort, sizeof r->sort, "%s",
			 c->cfg.order == REPORT_ORDER_NAME ? "name"
			 : c->cfg.order == REPORT_ORDER_KEY ? "trend"
			 : c->cfg.sort ? c->cfg.sort : "flat");
		break;
	case WORKER_GREETING:
		console_greeting(c, &r->msg);
		break;
	case WORKER_COMPLETE: {
		struct rt_error err;
		struct arena a;
		arena_init(&a);
		const struct profile *p = c->src.acquire(c->src.arg, &err);
		struct sbuf sw;
		sbuf_init(&sw);
		if (c->live && c->live_ops)
			c->live_ops->describe_switches(c->live, &sw);
		struct completion done;
		console_complete_all(r->line, p, c->live ? sbuf_str(&sw) : NULL, &a, &done);
		if (p && c->src.release)
			c->src.release(c->src.arg, p);
		sbuf_puts(&r->out, done.line);
		for (size_t i = 0; i < done.n; i++)	/* for a second Tab */
			sbuf_printf(&r->msg, "%s\n", done.cands[i]);
		sbuf_free(&sw);
		arena_free(&a);
		break;
	}
	}
	r->seconds = now() - t0;
}

/* The next job to run, with mu held; NULL after stop.  Waits for a
 * typed line or the refresh's due time. */
static struct worker_reply *next_job(struct console_worker *w)
{
	for (;;) {
		if (w->stop)
			return NULL;
		if (w->queue) {
			struct pending *p = w->queue;
			w->queue = p->next;
			if (!w->queue)
				w->queue_tail = &w->queue;
			w->queued--;
			struct worker_reply *r = reply_new(p->job, p->text);
			free(p->text);
			free(p);
			if (r)
				return r;
			continue;
		}
		if (!w->refresh_line || w->frozen) {
			pthread_cond_wait(&w->cv, &w->mu);
			continue;
		}
		double t = now();
		if (t < w->next_due) {
			double wait = w->next_due - t;
			struct timespec ts;
			clock_gettime(CLOCK_REALTIME, &ts);
			long ns = ts.tv_nsec + (long)((wait - (long)wait) * 1e9);
			ts.tv_sec += (time_t)wait + ns / 1000000000L;
			ts.tv_nsec = ns % 1000000000L;
			pthread_cond_timedwait(&w->cv, &w->mu, &ts);
			continue;
		}
		/* Due: re-run only when the profile changed (hooks run on this
		 * thread, without the lock). */
		char *line = strdup(w->refresh_line);
		pthread_mutex_unlock(&w->mu);
		double period = w->hooks.period ? w->hooks.period(w->hooks.arg) : 1.0;
		bool changed = !w->hooks.changed || w->hooks.changed(w->hooks.arg);
		pthread_mutex_lock(&w->mu);
		w->period = period;
		w->next_due = now() + period;
		if (!line)
			continue;
		/* The refresh may have been changed or frozen meanwhile. */
		if (changed && w->refresh_line && !w->frozen && !strcmp(line, w->refresh_line) &&
		    !w->queue) {
			struct worker_reply *r = reply_new(WORKER_REFRESH, line);
			free(line);
			if (r)
				return r;
			continue;
		}
		free(line);
	}
}

static void *worker_main(void *arg)
{
	struct console_worker *w = arg;
	pthread_mutex_lock(&w->mu);
	for (;;) {
		struct worker_reply *r = next_job(w);
		if (!r)
			break;
		w->busy = true;
		w->running = r->job;
		w->started = now();
		pthread_mutex_unlock(&w->mu);
		run_job(w, r);
		pthread_mutex_lock(&w->mu);
		w->busy = false;
		if (r->job == WORKER_REFRESH) {
			/* Slower than its period: the next one waits a whole
			 * period after this one (skips, never queues). */
			w->last_refresh_seconds = r->seconds;
			double due = w->started + w->period;
			w->next_due = due > now() ? due : now() + w->period;
		}
		*w->done_tail = r;
		w->done_tail = &r->next;
	}
	pthread_mutex_unlock(&w->mu);
	return NULL;
}

struct console_worker *worker_start(struct console *c, const struct worker_refresh *r,
				    struct rt_error *err)
{
	struct console_worker *w = calloc(1, sizeof *w);
	if (!w) {
		rt_error_set(err, "out of memory");
		return NULL;
	}
	w->con = c;
	if (r)
		w->hooks = *r;
	w->queue_tail = &w->queue;
	w->done_tail = &w->done;
	w->period = 1.0;
	pthread_mutex_init(&w->mu, NULL);
	pthread_cond_init(&w->cv, NULL);
	if (pthread_create(&w->thread, NULL, worker_main, w) != 0) {
		pthread_mutex_destroy(&w->mu);
		pthread_cond_destroy(&w->cv);
		free(w);
		rt_error_set(err, "cannot start the console's thread");
		return NULL;
	}
	return w;
}

void worker_stop(struct console_worker *w)
{
	if (!w)
		return;
	pthread_mutex_lock(&w->mu);
	w->stop = true;
	pthread_cond_broadcast(&w->cv);
	pthread_mutex_unlock(&w->mu);
	pthread_join(w->thread, NULL);
	while (w->queue) {
		struct pending *p = w->queue;
		w->queue = p->next;
		free(p->text);
		free(p);
	}
	while (w->done) {
		struct worker_reply *r = w->done;
		w->done = r->next;
		worker_reply_free(r);
	}
	free(w->refresh_line);
	pthread_mutex_destroy(&w->mu);
	pthread_cond_destroy(&w->cv);
	free(w);
}

int worker_submit(struct console_worker *w, enum worker_job job, const char *text)
{
	struct pending *p = calloc(1, sizeof *p);
	if (!p || !(p->text = strdup(text ? text : ""))) {
		free(p);
		return -1;
	}
	p->job = job;
	pthread_mutex_lock(&w->mu);
	*w->queue_tail = p;
	w->queue_tail = &p->next;
	w->queued++;
	pthread_cond_broadcast(&w->cv);
	pthread_mutex_unlock(&w->mu);
	return 0;
}

void worker_set_refresh(struct console_worker *w, const char *line, bool frozen)
{
	char *copy = line ? strdup(line) : NULL;
	pthread_mutex_lock(&w->mu);
	bool same = (!copy && !w->refresh_line) ||
		    (copy && w->refresh_line && !strcmp(copy, w->refresh_line));
	if (!same) {
		free(w->refresh_line);
		w->refresh_line = copy;
		copy = NULL;
		/* A new command was just run: its first refresh is a period away. */
		w->next_due = now() + w->period;
	}
	w->frozen = frozen;
	pthread_cond_broadcast(&w->cv);
	pthread_mutex_unlock(&w->mu);
	free(copy);
}

struct worker_reply *worker_poll(struct console_worker *w)
{
	pthread_mutex_lock(&w->mu);
	struct worker_reply *r = w->done;
	if (r) {
		w->done = r->next;
		if (!w->done)
			w->done_tail = &w->done;
		r->next = NULL;
	}
	pthread_mutex_unlock(&w->mu);
	return r;
}

void worker_state(struct console_worker *w, struct worker_state *st)
{
	pthread_mutex_lock(&w->mu);
	st->busy = w->busy;
	st->running = w->running;
	st->running_for = w->busy ? now() - w->started : 0;
	st->last_refresh_seconds = w->last_refresh_seconds;
	st->period = w->period;
	st->queued = w->queued;
	pthread_mutex_unlock(&w->mu);
}
