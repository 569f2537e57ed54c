/* atomic_file_test: atomic_file_write creates, replaces, refuses to
 * overwrite in exclusive mode, reports errors with the path, and never
 * leaves its temp file behind.  Works in a fresh mkdtemp folder. */
#include <dirent.h>
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include "base/atomic_file.h"

struct dir {
	char path[64];
	char file[128];
};

static int setup(void **state)
{
	struct dir *d = calloc(1, sizeof *d);
	if (!d)
		return -1;
	snprintf(d->path, sizeof d->path, "/tmp/rtprof-atomic-XXXXXX");
	if (!mkdtemp(d->path)) {
		free(d);
		return -1;
	}
	snprintf(d->file, sizeof d->file, "%s/out.pb.gz", d->path);
	*state = d;
	return 0;
}

/* Removes everything in the folder, then the folder. */
static int teardown(void **state)
{
	struct dir *d = *state;
	DIR *dh = opendir(d->path);
	struct dirent *e;
	char p[512];
	while (dh && (e = readdir(dh))) {
		if (e->d_name[0] == '.')
			continue;
		snprintf(p, sizeof p, "%s/%s", d->path, e->d_name);
		unlink(p);
	}
	if (dh)
		closedir(dh);
	rmdir(d->path);
	free(d);
	return 0;
}

/* Number of entries in the folder other than . and .. */
static int entries(const char *dir)
{
	DIR *dh = opendir(dir);
	struct dirent *e;
	int n = 0;
	assert_non_null(dh);
	while ((e = readdir(dh)))
		if (strcmp(e->d_name, ".") && strcmp(e->d_name, ".."))
			n++;
	closedir(dh);
	return n;
}

static void expect_contents(const char *path, const char *want)
{
	char buf[256] = "";
	FILE *f = fopen(path, "rb");
	assert_non_null(f);
	size_t n = fread(buf, 1, sizeof buf - 1, f);
	fclose(f);
	buf[n] = '\0';
	assert_string_equal(buf, want);
}

static void writes_new_file(void **state)
{
	struct dir *d = *state;
	struct rt_error err = { "" };
	assert_int_equal(atomic_file_write(d->file, "first", 5, 0, &err), 0);
	expect_contents(d->file, "first");
	assert_int_equal(entries(d->path), 1);	/* no temp file left */
	/* The temp file's 0600 does not leak: the mode follows the umask. */
	struct stat st;
	mode_t mask = umask(022);
	umask(mask);
	assert_int_equal(stat(d->file, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0666 & ~mask);
}

static void replaces_existing_file(void **state)
{
	struct dir *d = *state;
	struct rt_error err = { "" };
	assert_int_equal(atomic_file_write(d->file, "a much longer first text", 24, 0, &err), 0);
	struct stat before, after;
	assert_int_equal(stat(d->file, &before), 0);
	assert_int_equal(atomic_file_write(d->file, "second", 6, 0, &err), 0);
	expect_contents(d->file, "second");	/* not "secondger first text" */
	assert_int_equal(stat(d->file, &after), 0);
	assert_true(before.st_ino != after.st_ino);	/* renamed over, not rewritten */
	assert_int_equal(entries(d->path), 1);
	/* Empty contents are a valid file too. */
	assert_int_equal(atomic_file_write(d->file, "", 0, 0, &err), 0);
	expect_contents(d->file, "");
	assert_int_equal(entries(d->path), 1);
}

static void exclusive_refuses_to_overwrite(void **state)
{
	struct dir *d = *state;
	struct rt_error err = { "" };
	assert_int_equal(atomic_file_write(d->file, "mine", 4, 1, &err), 0);
	expect_contents(d->file, "mine");
	assert_int_equal(atomic_file_write(d->file, "theirs", 6, 1, &err), -1);
	expect_contents(d->file, "mine");
	assert_non_null(strstr(err.msg, d->file));
	assert_non_null(strstr(err.msg, strerror(EEXIST)));
	assert_int_equal(entries(d->path), 1);	/* the refused temp file is gone */
}

static void error_names_the_path(void **state)
{
	struct dir *d = *state;
	struct rt_error err = { "" };
	char missing[256];
	snprintf(missing, sizeof missing, "%s/no/such/dir/out.pb.gz", d->path);
	assert_int_equal(atomic_file_write(missing, "x", 1, 0, &err), -1);
	assert_non_null(strstr(err.msg, missing));
	assert_non_null(strstr(err.msg, strerror(ENOENT)));
	assert_null(strchr(err.msg, '\n'));
	assert_int_equal(entries(d->path), 0);
	/* A folder in the way of a rename: error, folder intact, no temp. */
	char sub[256];
	snprintf(sub, sizeof sub, "%s/sub", d->path);
	assert_int_equal(mkdir(sub, 0755), 0);
	assert_int_equal(atomic_file_write(sub, "x", 1, 0, &err), -1);
	assert_non_null(strstr(err.msg, sub));
	struct stat st;
	assert_int_equal(stat(sub, &st), 0);
	assert_true(S_ISDIR(st.st_mode));
	assert_int_equal(entries(d->path), 1);
	rmdir(sub);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(writes_new_file, setup, teardown),
		cmocka_unit_test_setup_teardown(replaces_existing_file, setup, teardown),
		cmocka_unit_test_setup_teardown(exclusive_refuses_to_overwrite, setup, teardown),
		cmocka_unit_test_setup_teardown(error_names_the_path, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
