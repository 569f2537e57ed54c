/* worker: a console run on a thread of its own, so that a terminal's
 * input never waits on a report.  The terminal's thread submits lines
 * and polls replies; the worker thread owns the console (its options,
 * its profile source, the live session's commands) and re-runs the
 * refresh command when its period has passed and the profile changed.
 * A refresh slower than its period backs off: the next one starts no
 * sooner than one period after the slow one ended, and refreshes never
 * queue behind each other or behind typed lines. */
#ifndef RT_CONSOLE_WORKER_H
#define RT_CONSOLE_WORKER_H

#include <stdbool.h>

#include "base/rt_error.h"
#include "base/sbuf.h"
#include "console/console.h"
#include "report/report.h"

enum worker_job {
	WORKER_LINE,		/* a line the user typed */
	WORKER_REFRESH,		/* the refresh command, re-run */
	WORKER_COMPLETE,	/* Tab: the completed line in out, the
				 * candidates in msg, one a line */
	WORKER_GREETING,	/* the greeting in msg */
};

/* One finished job, handed to the terminal's thread. */
struct worker_reply {
	enum worker_job job;
	char *line;		/* what ran (the typed or refresh line) */
	struct sbuf out, msg;
	struct report_items items;	/* rows of out */
	enum cmd_retval rv;
	unsigned screen_requests;	/* enum cmd_screen */
	struct sbuf filters;	/* WORKER_LINE: the active filters after it */
	char sort[8];		/* and the sort option ("flat" or "cum") */
	struct console_view view;	/* what a view command (flame) drew */
	double seconds;		/* how long the job took */
	struct worker_reply *next;
};

/* How the worker refreshes (set from the terminal's thread). */
struct worker_refresh {
	/* Seconds between refreshes; whether the profile changed since the
	 * last call.  Both run on the worker thread. */
	double (*period)(void *arg);
	bool (*changed)(void *arg);
	void *arg;
};

struct console_worker;

/* Starts the thread; the console belongs to it until worker_stop. */
struct console_worker *worker_start(struct console *c, const struct worker_refresh *r,
				    struct rt_error *err);
/* Finishes the job in progress, drops the others, joins the thread. */
void worker_stop(struct console_worker *w);

/* Queues a job (lines run in the order submitted).  text: the line, or
 * for WORKER_COMPLETE the prompt's text.  0, or -1 out of memory. */
int worker_submit(struct console_worker *w, enum worker_job job, const char *text);
/* The command the refresh re-runs (NULL: none) and whether it is
 * frozen. */
void worker_set_refresh(struct console_worker *w, const char *line, bool frozen);
/* The oldest reply not yet taken, or NULL.  Free it with reply_free. */
struct worker_reply *worker_poll(struct console_worker *w);
void worker_reply_free(struct worker_reply *r);

struct worker_state {
	bool busy;		/* a job is running */
	enum worker_job running;
	double running_for;	/* seconds, when busy */
	double last_refresh_seconds;	/* how long the last refresh took */
	double period;		/* the refresh period in force */
	size_t queued;		/* lines waiting */
};
void worker_state(struct console_worker *w, struct worker_state *st);

#endif
