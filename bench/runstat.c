/* runstat: one run of a command, timed for `make bench` to the millisecond
 * (GNU time's %e gives hundredths: a 10% step at a tenth of a second), with
 * its peak RSS.  Runs the command directly, so no shell or timer process
 * is counted.
 * Usage: runstat OUT CMD [ARG...]   stdout to OUT, stderr dropped; prints
 * "SECONDS KILOBYTES" (exit status 1 when the command could not run). */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
	if (argc < 3) {
		fprintf(stderr, "usage: runstat OUT CMD [ARG...]\n");
		return 1;
	}
	int out = open(argv[1], O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	int null = open("/dev/null", O_WRONLY | O_CLOEXEC);
	if (out < 0 || null < 0) {
		perror("runstat");
		return 1;
	}
	double t0 = now();
	pid_t pid = fork();
	if (pid < 0) {
		perror("runstat: fork");
		return 1;
	}
	if (pid == 0) {
		if (dup2(out, 1) < 0 || dup2(null, 2) < 0)
			_exit(127);
		execvp(argv[2], argv + 2);
		_exit(127);
	}
	int status;
	struct rusage ru;
	if (wait4(pid, &status, 0, &ru) < 0) {
		perror("runstat: wait4");
		return 1;
	}
	double t = now() - t0;
	if (WIFEXITED(status) && WEXITSTATUS(status) == 127) {
		fprintf(stderr, "runstat: %s: could not run\n", argv[2]);
		return 1;
	}
	printf("%.3f %ld\n", t, ru.ru_maxrss);
	return 0;
}
