/* symbwork: a small C program that profiles itself into an address-only
 * profile, the input of the symbolization, disasm and weblist goldens.
 * SIGPROF every 10 ms walks the frame pointers of the interrupted code and
 * keeps the program counters inside this binary; at exit they are written
 * as a gperftools binary CPU profile followed by /proc/self/maps, which
 * `go tool pprof` and rtprof read without names: every name, file and line
 * in the reports comes from symbolizing this binary.  Built by
 * tests/golden/regen.sh --symb (gcc -O1 -g -fno-omit-frame-pointer, PIE).
 *
 *   symbwork OUT.prof [SECONDS]
 */
#define _GNU_SOURCE
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>
#include <time.h>
#include <ucontext.h>

#define MAX_DEPTH 32
#define MAX_SAMPLES 4096
#define PERIOD_USEC 10000

extern char __executable_start, etext;

struct stack {
	uint64_t n, count;
	uint64_t pc[MAX_DEPTH];
};

static struct stack samples[MAX_SAMPLES];
static volatile sig_atomic_t n_samples;
static volatile uint64_t sink;

static int in_text(uintptr_t pc)
{
	return pc >= (uintptr_t)&__executable_start && pc < (uintptr_t)&etext;
}

/* Runs on the interrupted thread: no allocation, no locks. */
static void on_prof(int sig, siginfo_t *si, void *ctx)
{
	ucontext_t *uc = ctx;
	uintptr_t pc = (uintptr_t)uc->uc_mcontext.gregs[REG_RIP];
	uintptr_t *fp = (uintptr_t *)uc->uc_mcontext.gregs[REG_RBP];
	struct stack *s;

	(void)sig;
	(void)si;
	if (n_samples >= MAX_SAMPLES || !in_text(pc))
		return;
	s = &samples[n_samples];
	s->n = 0;
	s->pc[s->n++] = pc;
	while (fp && s->n < MAX_DEPTH && ((uintptr_t)fp & 7) == 0) {
		uintptr_t ret = fp[1];
		if (!in_text(ret))
			break;
		s->pc[s->n++] = ret;
		if ((uintptr_t *)fp[0] <= fp)
			break;
		fp = (uintptr_t *)fp[0];
	}
	s->count = 1;
	n_samples++;
}

/* Called once by each leaf of the workload so that gcc gives the leaf a
 * frame pointer (it leaves leaf functions without one, even with
 * -fno-omit-frame-pointer), which the stack walk needs. */
__attribute__((noinline)) void progress(uint64_t v)
{
	sink += v & 1;
}

/* Always inlined (go tool pprof reports no inline frames for C). */
static inline __attribute__((always_inline)) uint64_t mix(uint64_t h, uint64_t v)
{
	h ^= v;
	h *= 0x100000001b3ULL;
	h ^= h >> 29;
	return h;
}

__attribute__((noinline)) uint64_t hash_block(const uint8_t *b, size_t n)
{
	uint64_t h = 0xcbf29ce484222325ULL;

	for (size_t i = 0; i < n; i++)
		h = mix(h, b[i]);
	progress(h);
	return h;
}

__attribute__((noinline)) uint64_t count_primes(uint64_t limit)
{
	uint64_t count = 0;

	for (uint64_t k = 2; k < limit; k++) {
		int prime = 1;
		for (uint64_t d = 2; d * d <= k; d++)
			if (k % d == 0) {
				prime = 0;
				break;
			}
		count += (uint64_t)prime;
	}
	progress(count);
	return count;
}

__attribute__((noinline)) uint64_t fib(int n)
{
	return n < 2 ? (uint64_t)n : fib(n - 1) + fib(n - 2);
}

__attribute__((noinline)) void work(double seconds)
{
	uint8_t block[4096];
	struct timespec t0, t;

	for (size_t i = 0; i < sizeof block; i++)
		block[i] = (uint8_t)(i * 7);
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t0);
	do {
		for (int r = 0; r < 4; r++)
			sink += hash_block(block, sizeof block);
		sink += count_primes(1500);
		sink += fib(18);
		clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
	} while ((double)(t.tv_sec - t0.tv_sec) + (double)(t.tv_nsec - t0.tv_nsec) / 1e9 < seconds);
}

static int put(FILE *f, uint64_t w)
{
	return fwrite(&w, sizeof w, 1, f) == 1 ? 0 : -1;
}

/* gperftools' format: header (0, 3, 0, period, 0), samples (count, depth,
 * pcs), trailer (0, 1, 0), then the text of /proc/self/maps. */
static int write_profile(const char *path)
{
	FILE *f = fopen(path, "wb"), *maps;
	int rc = 0;
	char buf[4096];
	size_t n;

	if (!f)
		return -1;
	rc |= put(f, 0) | put(f, 3) | put(f, 0) | put(f, PERIOD_USEC) | put(f, 0);
	for (int i = 0; i < n_samples; i++) {
		rc |= put(f, samples[i].count) | put(f, samples[i].n);
		for (uint64_t k = 0; k < samples[i].n; k++)
			rc |= put(f, samples[i].pc[k]);
	}
	rc |= put(f, 0) | put(f, 1) | put(f, 0);
	maps = fopen("/proc/self/maps", "r");
	if (!maps)
		rc = -1;
	while (maps && (n = fread(buf, 1, sizeof buf, maps)) > 0)
		if (fwrite(buf, 1, n, f) != n)
			rc = -1;
	if (maps)
		fclose(maps);
	if (fclose(f) != 0)
		rc = -1;
	return rc;
}

int main(int argc, char **argv)
{
	struct sigaction sa;
	struct itimerval it = { { 0, PERIOD_USEC }, { 0, PERIOD_USEC } };
	struct itimerval off = { { 0, 0 }, { 0, 0 } };

	if (argc < 2) {
		fprintf(stderr, "usage: symbwork OUT.prof [SECONDS]\n");
		return 2;
	}
	memset(&sa, 0, sizeof sa);
	sa.sa_sigaction = on_prof;
	sa.sa_flags = SA_SIGINFO | SA_RESTART;
	sigemptyset(&sa.sa_mask);
	if (sigaction(SIGPROF, &sa, NULL) < 0 || setitimer(ITIMER_PROF, &it, NULL) < 0) {
		perror("symbwork: profiling timer");
		return 1;
	}
	work(argc > 2 ? atof(argv[2]) : 1.5);
	setitimer(ITIMER_PROF, &off, NULL);
	if (write_profile(argv[1]) < 0) {
		perror(argv[1]);
		return 1;
	}
	return 0;
}
