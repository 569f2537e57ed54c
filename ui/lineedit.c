/* lineedit: byte-oriented editing (UTF-8 continuation bytes are skipped as
 * one character when moving). */
#include "ui/lineedit.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "base/atomic_file.h"
#include "base/sbuf.h"

void lineedit_init(struct lineedit *le)
{
	memset(le, 0, sizeof *le);
}

void lineedit_free(struct lineedit *le)
{
	for (size_t i = 0; i < le->n_history; i++)
		free(le->history[i]);
	free(le->history);
	lineedit_init(le);
}

void lineedit_set(struct lineedit *le, const char *text)
{
	snprintf(le->buf, sizeof le->buf, "%s", text);
	le->len = strlen(le->buf);
	le->cursor = le->len;
}

static bool is_cont(char c)
{
	return ((unsigned char)c & 0xc0) == 0x80;
}

static size_t prev_char(const struct lineedit *le, size_t i)
{
	if (i == 0)
		return 0;
	i--;
	while (i > 0 && is_cont(le->buf[i]))
		i--;
	return i;
}

static size_t next_char(const struct lineedit *le, size_t i)
{
	if (i >= le->len)
		return le->len;
	i++;
	while (i < le->len && is_cont(le->buf[i]))
		i++;
	return i;
}

static bool is_word(char c)
{
	return c != ' ' && c != '\t';
}

static size_t word_left(const struct lineedit *le, size_t i)
{
	while (i > 0 && !is_word(le->buf[i - 1]))
		i--;
	while (i > 0 && is_word(le->buf[i - 1]))
		i--;
	return i;
}

static size_t word_right(const struct lineedit *le, size_t i)
{
	while (i < le->len && !is_word(le->buf[i]))
		i++;
	while (i < le->len && is_word(le->buf[i]))
		i++;
	return i;
}

static void delete_range(struct lineedit *le, size_t from, size_t to)
{
	if (to <= from)
		return;
	memmove(le->buf + from, le->buf + to, le->len - to + 1);
	le->len -= to - from;
	if (le->cursor > to)
		le->cursor -= to - from;
	else if (le->cursor > from)
		le->cursor = from;
}

static void history_step(struct lineedit *le, int dir)
{
	if (le->n_history == 0)
		return;
	if (dir < 0 && le->hist_pos == 0)
		return;
	if (dir > 0 && le->hist_pos >= le->n_history)
		return;
	if (le->hist_pos == le->n_history)
		snprintf(le->saved, sizeof le->saved, "%s", le->buf);
	le->hist_pos = (size_t)((long)le->hist_pos + dir);
	lineedit_set(le, le->hist_pos == le->n_history ? le->saved : le->history[le->hist_pos]);
}

bool lineedit_key(struct lineedit *le, int key)
{
	switch (key) {
	case LE_LEFT: le->cursor = prev_char(le, le->cursor); return true;
	case LE_RIGHT: le->cursor = next_char(le, le->cursor); return true;
	case LE_HOME: case 1: le->cursor = 0; return true;
	case LE_END: case 5: le->cursor = le->len; return true;
	case LE_WORD_LEFT: le->cursor = word_left(le, le->cursor); return true;
	case LE_WORD_RIGHT: le->cursor = word_right(le, le->cursor); return true;
	case LE_UP: history_step(le, -1); return true;
	case LE_DOWN: history_step(le, 1); return true;
	case LE_BACKSPACE: case 8: case 127:
		delete_range(le, prev_char(le, le->cursor), le->cursor);
		return true;
	case LE_DELETE: case 4:
		delete_range(le, le->cursor, next_char(le, le->cursor));
		return true;
	case 11: /* Ctrl-K */
		delete_range(le, le->cursor, le->len);
		return true;
	case 21: /* Ctrl-U */
		delete_range(le, 0, le->cursor);
		return true;
	case 23: /* Ctrl-W */
		delete_range(le, word_left(le, le->cursor), le->cursor);
		return true;
	case 2: le->cursor = prev_char(le, le->cursor); return true;	/* Ctrl-B */
	case 6: le->cursor = next_char(le, le->cursor); return true;	/* Ctrl-F */
	}
	if (key >= 32 && key < 256 && key != 127) {
		if (le->len + 1 >= sizeof le->buf)
			return true;
		memmove(le->buf + le->cursor + 1, le->buf + le->cursor, le->len - le->cursor + 1);
		le->buf[le->cursor++] = (char)key;
		le->len++;
		return true;
	}
	return false;
}

void lineedit_history_add(struct lineedit *le, const char *line)
{
	const char *p = line;
	while (*p == ' ' || *p == '\t')
		p++;
	if (*p && !(le->n_history && strcmp(le->history[le->n_history - 1], line) == 0)) {
		if (le->n_history == LINEEDIT_HISTORY_MAX) {
			free(le->history[0]);
			memmove(le->history, le->history + 1, (le->n_history - 1) * sizeof *le->history);
			le->n_history--;
		}
		char **nh = realloc(le->history, (le->n_history + 1) * sizeof *nh);
		char *copy = strdup(line);
		if (nh && copy) {
			le->history = nh;
			le->history[le->n_history++] = copy;
		} else {
			free(copy);
			if (nh)
				le->history = nh;
		}
	}
	le->hist_pos = le->n_history;
	le->saved[0] = '\0';
}

int lineedit_history_load(struct lineedit *le, const char *path)
{
	FILE *f = fopen(path, "r");
	char line[LINEEDIT_MAX];
	if (!f)
		return -1;
	while (fgets(line, sizeof line, f)) {
		line[strcspn(line, "\r\n")] = '\0';
		lineedit_history_add(le, line);
	}
	fclose(f);
	return 0;
}

int lineedit_history_save(const struct lineedit *le, const char *path)
{
	struct sbuf b;
	struct rt_error err;
	sbuf_init(&b);
	for (size_t i = 0; i < le->n_history; i++)
		sbuf_printf(&b, "%s\n", le->history[i]);
	int rc = b.oom ? -1 : atomic_file_write(path, b.data ? b.data : "", b.len, 0, &err);
	sbuf_free(&b);
	return rc;
}

static int mkdir_p(char *path)
{
	for (char *p = path + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		int rc = mkdir(path, 0700);
		*p = '/';
		if (rc < 0 && errno != EEXIST)
			return -1;
	}
	return mkdir(path, 0700) < 0 && errno != EEXIST ? -1 : 0;
}

int lineedit_history_path(char *buf, size_t n)
{
	const char *state = getenv("XDG_STATE_HOME"), *home = getenv("HOME");
	char dir[4096];
	if (state && *state)
		snprintf(dir, sizeof dir, "%s/rtprof", state);
	else if (home && *home)
		snprintf(dir, sizeof dir, "%s/.local/state/rtprof", home);
	else
		return -1;
	if (mkdir_p(dir) < 0)
		return -1;
	snprintf(buf, n, "%s/history", dir);
	return 0;
}
