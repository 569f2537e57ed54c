/* output: report files.  Never renames over anything that is not a
 * regular file: as root, renaming over /dev/null would replace the device. */
#include "console/output.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/atomic_file.h"

static int write_in_place(const char *path, const void *buf, size_t len,
			  struct rt_error *err)
{
	int fd = open(path, O_WRONLY | O_TRUNC | O_CLOEXEC);
	const char *p = buf;

	if (fd < 0)
		return rt_error_set(err, "open %s: %s", path, strerror(errno));
	while (len) {
		ssize_t w = write(fd, p, len);
		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0) {
			int e = errno;
			close(fd);
			return rt_error_set(err, "write %s: %s", path, strerror(e));
		}
		p += w;
		len -= (size_t)w;
	}
	if (close(fd) < 0)
		return rt_error_set(err, "close %s: %s", path, strerror(errno));
	return 0;
}

int output_write_file(const char *path, const void *buf, size_t len,
		      struct rt_error *err)
{
	struct stat st;

	if (stat(path, &st) == 0 && S_ISDIR(st.st_mode))
		return rt_error_set(err, "open %s: is a directory", path);
	/* Devices and pipes are written, not replaced; so are symlinks, which
	 * the user meant to write through. */
	if ((stat(path, &st) == 0 && !S_ISREG(st.st_mode)) ||
	    (lstat(path, &st) == 0 && S_ISLNK(st.st_mode)))
		return write_in_place(path, buf, len, err);
	return atomic_file_write(path, buf, len, 0, err);
}

int output_write_numbered(const char *prefix, const char *suffix,
			  const void *buf, size_t len, char *name, size_t n,
			  struct rt_error *err)
{
	struct rt_error e;

	for (int i = 1; i < 10000; i++) {
		snprintf(name, n, "%s%03d%s", prefix, i, suffix);
		if (access(name, F_OK) == 0)
			continue;
		if (atomic_file_write(name, buf, len, 1, &e) == 0)
			return 0;
		if (access(name, F_OK) != 0)	/* failed for another reason */
			return rt_error_set(err, "%s", e.msg);
	}
	return rt_error_set(err, "could not create file of the form %s%03d%s",
			    prefix, 1, suffix);
}

/* mkdir -p: 0, or -1 with errno. */
static int make_dirs(const char *dir)
{
	char path[4096];
	size_t n = strlen(dir);

	if (n + 1 > sizeof path)
		return errno = ENAMETOOLONG, -1;
	memcpy(path, dir, n + 1);
	for (size_t i = 1; i <= n; i++)
		if (path[i] == '/' || !path[i]) {
			char c = path[i];
			path[i] = 0;
			if (mkdir(path, 0755) < 0 && errno != EEXIST)
				return -1;
			path[i] = c;
		}
	return 0;
}

/* pprof's folder: 0, or -1 with errno (dir then names the last tried). */
static int temp_dir(char *dir, size_t n)
{
	const char *env = getenv("PPROF_TMPDIR"), *h = getenv("HOME"), *t = getenv("TMPDIR");

	if (env && *env && make_dirs(env) == 0)
		return snprintf(dir, n, "%s", env), 0;
	if (h && *h) {
		snprintf(dir, n, "%s/pprof", h);
		if (make_dirs(dir) == 0)
			return 0;
	}
	snprintf(dir, n, "%s", t && *t ? t : "/tmp");
	return make_dirs(dir);
}

int output_write_temp(const char *what, const char *suffix, const void *buf,
		      size_t len, char *name, size_t n, struct rt_error *err)
{
	char dir[4096], prefix[4200];

	if (temp_dir(dir, sizeof dir) < 0)
		return rt_error_set(err, "%s: no folder to write its file in (%s: %s)", what,
				    dir, strerror(errno));
	snprintf(prefix, sizeof prefix, "%s/pprof", dir);
	return output_write_numbered(prefix, suffix, buf, len, name, n, err);
}
