/* atomic_file: mkstemp next to the target, write, fsync, rename (or link for
 * exclusive creation, which fails instead of overwriting).  Temp files are
 * named TARGET.tmp-PID-XXXXXX: a signal handler can remove the ones being
 * written (their names sit in static slots), and the next write to the same
 * target removes those a killed rtprof left (its pid no longer runs). */
#include "base/atomic_file.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* The temp files being written, for atomic_file_remove_temps (a signal
 * handler): a slot is free (0), being filled (1) or names a file (2).
 * Any thread may write a file, so slots are claimed atomically. */
#define AF_SLOTS 8
static struct af_slot {
	atomic_int state;
	char path[PATH_MAX];
} af_slots[AF_SLOTS];

static struct af_slot *slot_claim(void)
{
	for (int i = 0; i < AF_SLOTS; i++) {
		int expect = 0;
		if (atomic_compare_exchange_strong(&af_slots[i].state, &expect, 1))
			return &af_slots[i];
	}
	return NULL;
}

void atomic_file_remove_temps(void)
{
	for (int i = 0; i < AF_SLOTS; i++)
		if (atomic_load(&af_slots[i].state) == 2)
			unlink(af_slots[i].path);	/* async-signal-safe */
}

static int write_all(int fd, const void *buf, size_t len)
{
	const char *p = buf;
	while (len) {
		ssize_t w = write(fd, p, len);
		if (w < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		p += w;
		len -= (size_t)w;
	}
	return 0;
}

/* Devices and pipes (/dev/null, /dev/stdout, a fifo) are written in place:
 * renaming a temp file over them would replace the device with a file. */
static int write_in_place(const char *path, const void *buf, size_t len,
			  struct rt_error *err)
{
	int fd = open(path, O_WRONLY | O_CLOEXEC);
	if (fd < 0)
		return rt_error_set(err, "%s: %s", path, strerror(errno));
	int rc = write_all(fd, buf, len);
	int saved = errno;
	close(fd);
	if (rc < 0)
		return rt_error_set(err, "%s: %s", path, strerror(saved));
	return 0;
}

/* If name is BASE.tmp-PID-XXXXXX, returns PID; otherwise 0. */
static long stale_pid(const char *name, const char *base, size_t blen)
{
	if (strncmp(name, base, blen) || strncmp(name + blen, ".tmp-", 5))
		return 0;
	const char *s = name + blen + 5;
	char *end;
	errno = 0;
	long pid = strtol(s, &end, 10);
	if (end == s || *s < '0' || *s > '9' || errno || pid <= 0 || *end != '-' ||
	    strlen(end + 1) != 6)
		return 0;
	return pid;
}

/* A temp file for path that a killed rtprof of this user left: removed, so
 * repeated kills never pile up full-size copies next to the target. */
static void remove_stale_temps(const char *path)
{
	const char *slash = strrchr(path, '/');
	const char *base = slash ? slash + 1 : path;
	size_t blen = strlen(base);
	char dir[PATH_MAX], file[PATH_MAX];

	if (!slash)
		snprintf(dir, sizeof dir, ".");
	else if (snprintf(dir, sizeof dir, "%.*s", (int)(slash - path + 1), path) >=
		 (int)sizeof dir)
		return;
	DIR *d = opendir(dir);
	if (!d)
		return;
	struct dirent *e;
	while ((e = readdir(d))) {
		long pid = stale_pid(e->d_name, base, blen);
		struct stat st;
		if (!pid || pid == (long)getpid())
			continue;
		if (kill((pid_t)pid, 0) == 0 || errno != ESRCH)
			continue;	/* that rtprof may still be writing */
		if (snprintf(file, sizeof file, "%s/%s", dir, e->d_name) >= (int)sizeof file)
			continue;
		if (lstat(file, &st) == 0 && S_ISREG(st.st_mode) && st.st_uid == geteuid())
			unlink(file);
	}
	closedir(d);
}

/* The temp file's mode: an existing target's own (0640 stays 0640, and its
 * owner when we may), else the usual umask'ed 0666 (mkstemp makes 0600). */
static void copy_mode(int fd, const struct stat *target)
{
	if (target) {
		fchmod(fd, target->st_mode & 07777);
		if (geteuid() == 0 && fchown(fd, target->st_uid, target->st_gid) == 0)
			fchmod(fd, target->st_mode & 07777);	/* chown drops setgid */
		return;
	}
	mode_t mask = umask(0);
	umask(mask);
	fchmod(fd, 0666 & ~mask);
}

/* The temp file's name, in a slot when one is free (so that a signal can
 * remove it), else in heap memory.  Returns NULL when out of memory. */
static char *temp_name(const char *path, struct af_slot **slot)
{
	size_t n = strlen(path) + 40;
	*slot = n <= PATH_MAX ? slot_claim() : NULL;
	char *tmp = *slot ? (*slot)->path : malloc(n);
	if (!tmp)
		return NULL;
	snprintf(tmp, n, "%s.tmp-%ld-XXXXXX", path, (long)getpid());
	if (*slot)	/* from here on a signal may remove it */
		atomic_store(&(*slot)->state, 2);
	return tmp;
}

static void temp_done(char *tmp, struct af_slot *slot)
{
	if (slot)
		atomic_store(&slot->state, 0);
	else
		free(tmp);
}

int atomic_file_write(const char *path, const void *buf, size_t len,
		      int exclusive, struct rt_error *err)
{
	struct stat st;
	bool have_target = false;
	if (!exclusive && stat(path, &st) == 0) {
		if (S_ISDIR(st.st_mode))
			return rt_error_set(err, "%s: is a directory", path);
		if (!S_ISREG(st.st_mode))
			return write_in_place(path, buf, len, err);
		have_target = true;
	}
	remove_stale_temps(path);
	struct af_slot *slot;
	char *tmp = temp_name(path, &slot);
	int fd, saved;

	if (!tmp)
		return rt_error_set(err, "%s: out of memory", path);
	fd = mkstemp(tmp);
	if (fd < 0) {
		saved = errno;
		temp_done(tmp, slot);
		return rt_error_set(err, "%s: %s", path, strerror(saved));
	}
	if (write_all(fd, buf, len) < 0 || fsync(fd) < 0) {
		saved = errno;
		close(fd);
		unlink(tmp);
		temp_done(tmp, slot);
		return rt_error_set(err, "%s: %s", path, strerror(saved));
	}
	copy_mode(fd, have_target ? &st : NULL);
	if (close(fd) < 0) {
		saved = errno;
		unlink(tmp);
		temp_done(tmp, slot);
		return rt_error_set(err, "%s: %s", path, strerror(saved));
	}
	int rc = exclusive ? link(tmp, path) : rename(tmp, path);
	saved = errno;
	if (exclusive || rc < 0)
		unlink(tmp);
	temp_done(tmp, slot);
	if (rc < 0)
		return rt_error_set(err, "%s: %s", path, strerror(saved));
	return 0;
}
