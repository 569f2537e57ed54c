/* lineedit: the prompt's editable line and its history, as data and key
 * handling only (no drawing): arrows, Home/End, Ctrl-A/E/K/U/W, Alt-B/F,
 * Backspace/Delete, Up/Down through history.  History is saved one line
 * per entry, at most LINEEDIT_HISTORY_MAX. */
#ifndef RT_LINEEDIT_H
#define RT_LINEEDIT_H

#include <stdbool.h>
#include <stddef.h>

#define LINEEDIT_MAX 1024
#define LINEEDIT_HISTORY_MAX 1000

struct lineedit {
	char buf[LINEEDIT_MAX];
	size_t len, cursor;		/* bytes */
	char **history;
	size_t n_history;
	size_t hist_pos;		/* == n_history: editing a new line */
	char saved[LINEEDIT_MAX];	/* the new line while browsing history */
};

enum lineedit_key {
	LE_LEFT = 1000, LE_RIGHT, LE_HOME, LE_END, LE_UP, LE_DOWN,
	LE_BACKSPACE, LE_DELETE, LE_WORD_LEFT, LE_WORD_RIGHT,
};

void lineedit_init(struct lineedit *le);
void lineedit_free(struct lineedit *le);
void lineedit_set(struct lineedit *le, const char *text);
/* Applies one key: a printable byte, a control byte (1 = Ctrl-A ...) or an
 * enum lineedit_key.  Returns false when the key is not an editing key. */
bool lineedit_key(struct lineedit *le, int key);
/* Appends line to history (not blank, not a repeat of the last). */
void lineedit_history_add(struct lineedit *le, const char *line);
int lineedit_history_load(struct lineedit *le, const char *path);
/* Writes the history atomically (temp + rename). */
int lineedit_history_save(const struct lineedit *le, const char *path);
/* $XDG_STATE_HOME/rtprof/history, or ~/.local/state/rtprof/history;
 * creates the folder.  0, or -1 when there is no home. */
int lineedit_history_path(char *buf, size_t n);

#endif
