/* threads: per-thread CPU timers and the SIGPROF handler.
 *
 * The handler is async-signal-safe: it touches only its own thread's ring
 * (through the thread-local `self`), lock-free atomics and
 * clock_gettime; it never allocates, locks or prints, and saves errno.
 * A thread's struct is freed by the aggregator only after the thread set
 * `exited`, which it does after its timer is deleted and `self` cleared,
 * so a handler never sees freed memory. */
#include "sampler/threads.h"

#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "sampler/fpwalk.h"
#include "sampler/labelset.h"
#include "sampler/leafcfi.h"
#include "sampler/ring.h"

#ifndef sigev_notify_thread_id
#define sigev_notify_thread_id _sigev_un._tid
#endif

struct sthread {
	struct ring ring;	/* producer: this thread's handler; consumer: aggregator */
	uintptr_t stack_lo, stack_hi;	/* immutable after registration */
	timer_t timer;		/* guarded by reg_mu */
	bool has_timer;		/* guarded by reg_mu */
	atomic_bool exited;	/* set once by the thread, read by the aggregator */
	uint64_t drops_seen, dropped_weight_seen;	/* aggregator only */
	struct sthread *next;	/* guarded by reg_mu */
};

/* Owned by the thread; read by its own signal handler. */
struct tls_state {
	struct sthread *volatile self;
	volatile uint32_t labels;
	uintptr_t stack_lo, stack_hi;
	bool have_bounds;
};
static _Thread_local struct tls_state tls;

static pthread_mutex_t reg_mu = PTHREAD_MUTEX_INITIALIZER;
static struct sthread *reg_head;	/* guarded by reg_mu */
static size_t reg_count;		/* guarded by reg_mu */
static size_t ring_slots = 256;		/* guarded by reg_mu */
static atomic_int rate_hz = 100;
static atomic_llong period_ns = 10000000;
static atomic_bool enabled;
static atomic_bool handler_installed;

static void record(struct sthread *t, void *uc, int overrun)
{
	int64_t count = 1 + (overrun > 0 ? overrun : 0);
	struct ring_rec *r = ring_reserve(&t->ring, (uint64_t)count);
	uintptr_t pc = 0, fp = 0, sp = 0;

	if (!r)
		return;
	fpwalk_regs(uc, &pc, &fp, &sp);
	r->pcs[0] = pc;
	r->n = 1;
	r->n_sp = 0;
	/* On another stack (a sigaltstack handler) only the leaf is safe. */
	if (sp >= t->stack_lo && sp < t->stack_hi) {
		r->n += (uint32_t)fpwalk(r->pcs + 1, RING_MAX_DEPTH - 1, fp, sp,
					 t->stack_hi);
		r->n_sp = (uint32_t)fpwalk_stack_words(r->sp_words, 4, sp, t->stack_hi);
	}
	r->labels = tls.labels;
	r->time_ns = threads_now_ns();
	r->cpu_ns = count * atomic_load_explicit(&period_ns, memory_order_relaxed);
	ring_commit(&t->ring);
}

static void on_sigprof(int sig, siginfo_t *si, void *uc)
{
	int saved = errno;
	struct sthread *t = tls.self;
	(void)sig;
	if (t && si && si->si_code == SI_TIMER && si->si_value.sival_ptr == t &&
	    atomic_load_explicit(&enabled, memory_order_relaxed))
		record(t, uc, si->si_overrun);
	errno = saved;
}

static int install_handler(void)
{
	struct sigaction sa;
	if (atomic_load(&handler_installed))
		return 0;
	memset(&sa, 0, sizeof sa);
	sa.sa_sigaction = on_sigprof;
	sa.sa_flags = SA_SIGINFO | SA_RESTART;
	sigemptyset(&sa.sa_mask);
	if (sigaction(SIGPROF, &sa, NULL) < 0)
		return -1;
	atomic_store(&handler_installed, true);
	return 0;
}

static struct itimerspec timer_spec(bool on)
{
	struct itimerspec its;
	long long ns = on ? atomic_load(&period_ns) : 0;
	memset(&its, 0, sizeof its);
	its.it_value.tv_sec = ns / 1000000000;
	its.it_value.tv_nsec = ns % 1000000000;
	its.it_interval = its.it_value;
	return its;
}

/* Under reg_mu. */
static void arm_all(bool on)
{
	struct itimerspec its = timer_spec(on);
	for (struct sthread *t = reg_head; t; t = t->next)
		if (t->has_timer)
			timer_settime(t->timer, 0, &its, NULL);
}

int threads_set_rate(int hz)
{
	if (hz < 1)
		hz = 1;
	pthread_mutex_lock(&reg_mu);
	atomic_store(&rate_hz, hz);
	atomic_store(&period_ns, 1000000000LL / hz);
	if (atomic_load(&enabled))
		arm_all(true);
	pthread_mutex_unlock(&reg_mu);
	return 0;
}

int threads_rate(void)
{
	return atomic_load(&rate_hz);
}

void threads_set_enabled(bool on)
{
	pthread_mutex_lock(&reg_mu);
	atomic_store(&enabled, on);
	arm_all(on);
	pthread_mutex_unlock(&reg_mu);
}

bool threads_enabled(void)
{
	return atomic_load(&enabled);
}

size_t threads_count(void)
{
	pthread_mutex_lock(&reg_mu);
	size_t n = reg_count;
	pthread_mutex_unlock(&reg_mu);
	return n;
}

int threads_start(int hz, size_t slots, bool on)
{
	if (install_handler() < 0)
		return -1;
	pthread_mutex_lock(&reg_mu);
	ring_slots = slots ? slots : 256;
	pthread_mutex_unlock(&reg_mu);
	threads_set_rate(hz);
	threads_set_enabled(on);
	return 0;
}

void threads_stop(void)
{
	pthread_mutex_lock(&reg_mu);
	atomic_store(&enabled, false);
	for (struct sthread *t = reg_head; t; t = t->next)
		if (t->has_timer) {
			timer_delete(t->timer);
			t->has_timer = false;
		}
	pthread_mutex_unlock(&reg_mu);
}

bool threads_stack_bounds(uintptr_t *lo, uintptr_t *hi)
{
	if (!tls.have_bounds) {
		pthread_attr_t attr;
		void *addr;
		size_t size;
		if (pthread_getattr_np(pthread_self(), &attr) != 0)
			return false;
		int rc = pthread_attr_getstack(&attr, &addr, &size);
		pthread_attr_destroy(&attr);
		if (rc != 0)
			return false;
		tls.stack_lo = (uintptr_t)addr;
		tls.stack_hi = (uintptr_t)addr + size;
		tls.have_bounds = true;
	}
	*lo = tls.stack_lo;
	*hi = tls.stack_hi;
	return true;
}

uint32_t threads_walk_here(uint64_t *pcs, size_t max, uintptr_t fp)
{
	uintptr_t lo, hi;
	if (!threads_stack_bounds(&lo, &hi))
		return 0;
	return (uint32_t)fpwalk(pcs, max, fp, fp, hi);
}

int threads_enter(void)
{
	struct sigevent sev;
	uintptr_t lo, hi;
	size_t slots;

	if (tls.self)
		return 0;
	if (!threads_stack_bounds(&lo, &hi))
		return -1;
	struct sthread *t = calloc(1, sizeof *t);
	if (!t)
		return -1;
	pthread_mutex_lock(&reg_mu);
	slots = ring_slots;
	pthread_mutex_unlock(&reg_mu);
	if (ring_init(&t->ring, slots) < 0) {
		free(t);
		return -1;
	}
	t->stack_lo = lo;
	t->stack_hi = hi;
	atomic_init(&t->exited, false);
	memset(&sev, 0, sizeof sev);
	sev.sigev_notify = SIGEV_THREAD_ID;
	sev.sigev_signo = SIGPROF;
	sev.sigev_value.sival_ptr = t;
	sev.sigev_notify_thread_id = (pid_t)syscall(SYS_gettid);
	if (timer_create(CLOCK_THREAD_CPUTIME_ID, &sev, &t->timer) < 0) {
		ring_free(&t->ring);
		free(t);
		return -1;
	}
	t->has_timer = true;
	tls.self = t;
	atomic_signal_fence(memory_order_seq_cst);
	pthread_mutex_lock(&reg_mu);
	t->next = reg_head;
	reg_head = t;
	reg_count++;
	if (atomic_load(&enabled)) {
		struct itimerspec its = timer_spec(true);
		timer_settime(t->timer, 0, &its, NULL);
	}
	pthread_mutex_unlock(&reg_mu);
	return 0;
}

void threads_exit(void)
{
	struct sthread *t = tls.self;
	sigset_t prof, old;

	if (!t)
		return;
	sigemptyset(&prof);
	sigaddset(&prof, SIGPROF);
	pthread_sigmask(SIG_BLOCK, &prof, &old);
	pthread_mutex_lock(&reg_mu);
	if (t->has_timer) {
		timer_delete(t->timer);
		t->has_timer = false;
	}
	pthread_mutex_unlock(&reg_mu);
	tls.self = NULL;
	atomic_signal_fence(memory_order_seq_cst);
	/* A signal still pending now finds self == NULL and is ignored. */
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	atomic_store_explicit(&t->exited, true, memory_order_release);
}

void threads_label_set(const char *key, const char *value)
{
	uint32_t id = labelset_with(tls.labels, key, value);
	tls.labels = id;
}

uint32_t threads_labels(void)
{
	return tls.labels;
}

/* The record's stack with the caller of a frameless leaf put back (see
 * leafcfi.h); returns the frame count, pcs filled. */
static uint32_t full_stack(const struct ring_rec *r, uint64_t *pcs)
{
	uint32_t n = r->n;
	memcpy(pcs, r->pcs, n * sizeof *pcs);
	if (n == 0)
		return 0;
	int k = leafcfi_ret_slot(r->pcs[0]);
	if (k < 0 || (uint32_t)k >= r->n_sp || !fpwalk_in_text(r->sp_words[k]))
		return n;
	uint64_t ret = r->sp_words[k] - 1;
	if (n > 1 && r->pcs[1] == ret)
		return n;
	if (n == RING_MAX_DEPTH)
		n--;
	memmove(pcs + 2, pcs + 1, (n - 1) * sizeof *pcs);
	pcs[1] = ret;
	return n + 1;
}

static void drain_one(struct sthread *t, struct stacktab *tab, int64_t epoch,
		      struct threads_drain_stats *st)
{
	const struct ring_rec *r;
	uint64_t pcs[RING_MAX_DEPTH];
	while ((r = ring_peek(&t->ring))) {
		/* One draw of the PC; the CPU time of 1 + its overruns. */
		int64_t v[2] = { 1, r->cpu_ns };
		uint32_t n = full_stack(r, pcs);
		int64_t idx = stacktab_intern(tab, pcs, n, r->labels);
		if (idx >= 0)
			stacktab_add(tab, (uint32_t)idx, (r->time_ns - epoch) / 1000000000, v);
		st->kept++;
		ring_pop(&t->ring);
	}
	uint64_t drops = ring_drops(&t->ring);
	uint64_t weight = ring_dropped_weight(&t->ring);
	if (drops > t->drops_seen) {
		uint64_t lost = drops - t->drops_seen;
		uint64_t pc = THREADS_LOST_PC;
		int64_t v[2] = { (int64_t)lost,
				 (int64_t)(weight - t->dropped_weight_seen) *
					 atomic_load(&period_ns) };
		int64_t idx = stacktab_intern(tab, &pc, 1, 0);
		if (idx >= 0)
			stacktab_add(tab, (uint32_t)idx,
				     (threads_now_ns() - epoch) / 1000000000, v);
		st->dropped += lost;
		t->drops_seen = drops;
		t->dropped_weight_seen = weight;
	}
}

void threads_drain(struct stacktab *tab, int64_t epoch_ns,
		   struct threads_drain_stats *st)
{
	pthread_mutex_lock(&reg_mu);
	for (struct sthread **pp = &reg_head; *pp;) {
		struct sthread *t = *pp;
		/* Read before draining: all pushes precede the exit flag. */
		bool gone = atomic_load_explicit(&t->exited, memory_order_acquire);
		drain_one(t, tab, epoch_ns, st);
		if (gone) {
			*pp = t->next;
			reg_count--;
			ring_free(&t->ring);
			free(t);
		} else {
			pp = &t->next;
		}
	}
	pthread_mutex_unlock(&reg_mu);
}
