/* atomic_file: mkstemp next to the target, write, fsync, rename (or link for
 * exclusive creation, which fails instead of overwriting). */
#include "base/atomic_file.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

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

int atomic_file_write(const char *path, const void *buf, size_t len,
		      int exclusive, struct rt_error *err)
{
	struct stat st;
	if (!exclusive && stat(path, &st) == 0 && !S_ISREG(st.st_mode)) {
		if (S_ISDIR(st.st_mode))
			return rt_error_set(err, "%s: is a directory", path);
		return write_in_place(path, buf, len, err);
	}
	size_t n = strlen(path);
	char *tmp = malloc(n + 16);
	int fd, saved;

	if (!tmp)
		return rt_error_set(err, "%s: out of memory", path);
	snprintf(tmp, n + 16, "%s.tmpXXXXXX", path);
	fd = mkstemp(tmp);
	if (fd < 0) {
		saved = errno;
		free(tmp);
		return rt_error_set(err, "%s: %s", path, strerror(saved));
	}
	if (write_all(fd, buf, len) < 0 || fsync(fd) < 0) {
		saved = errno;
		close(fd);
		unlink(tmp);
		free(tmp);
		return rt_error_set(err, "%s: %s", path, strerror(saved));
	}
	/* mkstemp makes 0600; saved files get the usual umask'ed mode. */
	mode_t mask = umask(0);
	umask(mask);
	fchmod(fd, 0666 & ~mask);
	if (close(fd) < 0) {
		saved = errno;
		unlink(tmp);
		free(tmp);
		return rt_error_set(err, "%s: %s", path, strerror(saved));
	}
	int rc = exclusive ? link(tmp, path) : rename(tmp, path);
	saved = errno;
	if (exclusive || rc < 0)
		unlink(tmp);
	free(tmp);
	if (rc < 0)
		return rt_error_set(err, "%s: %s", path, strerror(saved));
	return 0;
}
