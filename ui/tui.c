/* tui: layout (status line, report pane with an optional picture pane,
 * message line, prompt), the key loop and the terminal's lifetime.
 * Single-threaded: everything here runs on the main thread. */
#include "ui/tui.h"

#define NCURSES_WIDECHAR 1
#include <curses.h>
#include <locale.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <wchar.h>

#include "base/sbuf.h"
#include "console/complete.h"
#include "ui/lineedit.h"

enum mode { MODE_PROMPT, MODE_PANE, MODE_SEARCH };

struct pane {
	struct sbuf text;
	struct report_items items;	/* what the rows show (reports only) */
	size_t *lines;	/* offsets of line starts */
	size_t n_lines;
	size_t top;	/* first visible line */
	size_t sel;	/* selected line */
};

struct tui {
	struct console *con;
	const struct tui_hooks *hooks;
	const char *title;
	struct lineedit le;
	struct lineedit search;
	enum mode mode;
	struct pane pane;
	struct report_items scratch;	/* the console fills these; a report
					 * that reaches the pane swaps them in */
	char message[1200];
	char last_cmd[LINEEDIT_MAX];	/* report re-run on refresh */
	char history_path[4096];
	bool frozen, show_image, color, utf8;
	double last_refresh;
};

static volatile sig_atomic_t stop_signal;
static bool curses_active;

static void on_signal(int sig)
{
	stop_signal = sig;
}

static void restore_terminal(void)
{
	if (curses_active) {
		endwin();
		curses_active = false;
	}
}

/* A crash must not leave the user's terminal in raw mode: give it back,
 * then let the handler that was there before (the default, or a
 * sanitizer's) deal with the same signal (what htop does too). */
static struct sigaction fatal_old[NSIG];

static void on_fatal(int sig)
{
	restore_terminal();
	sigaction(sig, &fatal_old[sig], NULL);
	raise(sig);
}

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* ---- the report pane ---- */

static void pane_set(struct pane *p, const char *text, size_t len)
{
	sbuf_reset(&p->text);
	sbuf_add(&p->text, text, len);
	free(p->lines);
	p->n_lines = 0;
	size_t cap = 64;
	p->lines = malloc(cap * sizeof *p->lines);
	const char *s = sbuf_str(&p->text);
	size_t n = p->text.len;
	for (size_t i = 0; p->lines && i < n;) {
		if (p->n_lines == cap) {
			cap *= 2;
			size_t *nl = realloc(p->lines, cap * sizeof *nl);
			if (!nl)
				break;
			p->lines = nl;
		}
		p->lines[p->n_lines++] = i;
		const char *e = memchr(s + i, '\n', n - i);
		i = e ? (size_t)(e - s) + 1 : n;
	}
	if (p->sel >= p->n_lines)
		p->sel = p->n_lines ? p->n_lines - 1 : 0;
	if (p->top >= p->n_lines)
		p->top = p->sel;
}

static void pane_line(const struct pane *p, size_t i, const char **s, size_t *len)
{
	const char *t = sbuf_str((struct sbuf *)&p->text);
	size_t start = p->lines[i];
	size_t end = i + 1 < p->n_lines ? p->lines[i + 1] : p->text.len;
	if (end > start && t[end - 1] == '\n')
		end--;
	*s = t + start;
	*len = end - start;
}

/* The node a row shows, or NULL (headers, help text). */
static const struct report_item *row_item(const struct pane *p, size_t i)
{
	return report_items_at(&p->items, i);
}

/* The row showing the same node as old, or -1. */
static long find_row(const struct pane *p, const struct report_item *old)
{
	for (size_t i = 0; i < p->items.n; i++) {
		const struct report_item *it = &p->items.v[i];
		if (it->row == old->row && !strcmp(it->name, old->name) &&
		    it->lineno == old->lineno)
			return (long)it->line;
	}
	for (size_t i = 0; i < p->items.n; i++)
		if (!strcmp(p->items.v[i].name, old->name))
			return (long)p->items.v[i].line;
	return -1;
}

/* Escapes regexp metacharacters and anchors the name; white space
 * becomes \xHH, since the console splits its line into words there. */
static void regex_quote(const char *name, char *out, size_t n)
{
	size_t w = 0;
	if (w + 1 < n)
		out[w++] = '^';
	for (; *name && w + 5 < n; name++) {
		if (*name == ' ' || *name == '\t' || *name == '\n' || *name == '\r' ||
		    *name == '\v' || *name == '\f') {
			w += (size_t)snprintf(out + w, n - w, "\\x%02x", (unsigned char)*name);
			continue;
		}
		if (strchr("\\.+*?()|[]{}^$", *name))
			out[w++] = '\\';
		out[w++] = *name;
	}
	if (w + 1 < n)
		out[w++] = '$';
	out[w] = '\0';
}

/* ---- running commands ---- */

static bool is_report_line(const char *line)
{
	char word[64];
	if (sscanf(line, "%63s", word) != 1)
		return false;
	size_t l = strlen(word);
	while (l && word[l - 1] >= '0' && word[l - 1] <= '9')
		l--;	/* top10 */
	word[l] = '\0';
	const struct cmd_entry *e = cmd_find(word);
	/* ">f" sends the report to a file: nothing to refresh. */
	bool redirect = line[0] == '>' || strstr(line, " >") || strstr(line, "\t>");
	return e && (e->flags & CMD_REPORT) && !(e->flags & CMD_BINARY) && !redirect;
}

static void set_message(struct tui *t, const char *msg, size_t len)
{
	const char *nl = memchr(msg, '\n', len);
	size_t n = nl ? (size_t)(nl - msg) : len;
	snprintf(t->message, sizeof t->message, "%.*s", (int)n, msg);
}

static bool run_line(struct tui *t, const char *line, bool quiet)
{
	struct sbuf out, msg;
	sbuf_init(&out);
	sbuf_init(&msg);
	t->con->items = &t->scratch;
	enum cmd_retval rv = console_exec_line(t->con, line, &out, &msg);
	t->con->items = NULL;
	if (out.len) {
		size_t oldsel = t->pane.sel, oldtop = t->pane.top;
		/* The old selection, kept in scratch once the items swap. */
		const struct report_item *keep = quiet ? row_item(&t->pane, oldsel) : NULL;
		struct report_items swap = t->pane.items;
		t->pane.items = t->scratch;
		t->scratch = swap;
		pane_set(&t->pane, out.data, out.len);
		if (!quiet) {
			t->pane.sel = t->pane.top = 0;
		} else {
			/* The selected row stays on its node. */
			t->pane.sel = oldsel < t->pane.n_lines ? oldsel : 0;
			t->pane.top = oldtop < t->pane.n_lines ? oldtop : 0;
			long row = keep ? find_row(&t->pane, keep) : -1;
			if (row >= 0)
				t->pane.sel = (size_t)row;
		}
		if (!quiet)
			set_message(t, msg.len ? msg.data : "", msg.len);
	} else if (msg.len && !quiet) {
		/* help, o, errors: several lines go to the pane, one to the message line. */
		if (memchr(msg.data, '\n', msg.len) != msg.data + msg.len - 1) {
			report_items_reset(&t->pane.items);
			pane_set(&t->pane, msg.data, msg.len);
			t->pane.sel = t->pane.top = 0;
			t->message[0] = '\0';
		} else {
			set_message(t, msg.data, msg.len);
		}
	} else if (!quiet) {
		t->message[0] = '\0';
	}
	if (!quiet && is_report_line(line) && rv != CMD_RETURN_ERROR && out.len)
		snprintf(t->last_cmd, sizeof t->last_cmd, "%s", line);
	sbuf_free(&out);
	sbuf_free(&msg);
	return rv == CMD_RETURN_QUIT;
}

/* What the commands of the line asked of the screen (cmd_entry.screen). */
static void screen_requests(struct tui *t)
{
	unsigned req = t->con->screen_requests;
	t->con->screen_requests = 0;
	if (req & CMD_SCREEN_FREEZE) {
		t->frozen = !t->frozen;
		snprintf(t->message, sizeof t->message, "%s",
			 t->frozen ? "report pane frozen (freeze again to resume)"
				   : "report pane follows the profile again");
	}
	if (req & CMD_SCREEN_IMAGE) {
		int iw, ih;
		unsigned char *rgb = NULL;
		if (!t->hooks || !t->hooks->image || t->hooks->image(t->hooks->arg, &iw, &ih, &rgb) < 0) {
			snprintf(t->message, sizeof t->message,
				 "image: no picture here (rtprof was started on a saved profile)");
		} else {
			t->show_image = !t->show_image;
			t->message[0] = '\0';
		}
		free(rgb);
	}
}

/* ---- drawing ---- */

static void draw_text(int y, int x, const char *s, size_t len, int maxw)
{
	/* Converts UTF-8 to wide characters so that columns are counted right. */
	wchar_t wb[1024];
	mbstate_t st;
	memset(&st, 0, sizeof st);
	size_t k = 0;
	const char *p = s, *end = s + len;
	int col = 0;
	while (p < end && k < 1023 && col < maxw) {
		wchar_t wc;
		size_t r = mbrtowc(&wc, p, (size_t)(end - p), &st);
		if (r == (size_t)-1 || r == (size_t)-2) {
			wc = L'?';
			r = 1;
			memset(&st, 0, sizeof st);
		} else if (r == 0) {
			r = 1;
		}
		if (wc == L'\t') {
			do
				wb[k++] = L' ';
			while (++col % 8 && k < 1023 && col < maxw);
		} else {
			wb[k++] = wc;
			col++;
		}
		p += r;
	}
	wb[k] = 0;
	mvaddnwstr(y, x, wb, (int)k);
}

/* xterm's 256-colour cube index nearest to an RGB colour. */
static int xterm256(unsigned char r, unsigned char g, unsigned char b)
{
	int ri = (r * 5 + 127) / 255, gi = (g * 5 + 127) / 255, bi = (b * 5 + 127) / 255;
	return 16 + 36 * ri + 6 * gi + bi;
}

static void draw_image(struct tui *t, int y0, int x0, int rows, int cols)
{
	int w, h;
	unsigned char *rgb = NULL;
	if (rows <= 0 || cols <= 0 || !t->hooks || !t->hooks->image ||
	    t->hooks->image(t->hooks->arg, &w, &h, &rgb) < 0 || w <= 0 || h <= 0) {
		free(rgb);
		return;
	}
	/* Fit the picture, two pixels per cell vertically, keeping its shape. */
	int pw = cols, ph = rows * 2;
	if ((double)w / h > (double)pw / ph)
		ph = (int)((double)pw * h / w);
	else
		pw = (int)((double)ph * w / h);
	if (pw < 1)
		pw = 1;
	if (ph < 2)
		ph = 2;
	static const char ramp[] = " .:-=+*#%@";
	for (int cy = 0; cy < ph / 2; cy++) {
		for (int cx = 0; cx < pw; cx++) {
			int sx = cx * w / pw;
			int sy1 = (cy * 2) * h / ph, sy2 = (cy * 2 + 1) * h / ph;
			const unsigned char *a = rgb + ((size_t)sy1 * w + sx) * 3;
			const unsigned char *b = rgb + ((size_t)sy2 * w + sx) * 3;
			if (t->color && t->utf8) {
				int pair = alloc_pair(xterm256(a[0], a[1], a[2]), xterm256(b[0], b[1], b[2]));
				cchar_t cc;
				wchar_t ws[2] = { 0x2580, 0 };
				setcchar(&cc, ws, 0, (short)(pair > 0 ? pair : 0), NULL);
				mvadd_wch(y0 + cy, x0 + cx, &cc);
			} else {
				int lum = (a[0] * 3 + a[1] * 6 + a[2] + b[0] * 3 + b[1] * 6 + b[2]) / 20;
				mvaddch(y0 + cy, x0 + cx, (chtype)ramp[lum * 9 / 255]);
			}
		}
	}
	free(rgb);
}

static void draw(struct tui *t)
{
	int H, W;
	getmaxyx(stdscr, H, W);
	erase();
	/* Status line. */
	char status[512] = "";
	if (t->hooks && t->hooks->status)
		t->hooks->status(t->hooks->arg, status, sizeof status);
	char line[1024];
	snprintf(line, sizeof line, " rtprof  %s%s%s", t->title, *status ? "  " : "", status);
	attron(A_REVERSE);
	mvhline(0, 0, ' ', W);
	draw_text(0, 0, line, strlen(line), W);
	attroff(A_REVERSE);
	/* Report pane (and picture pane). */
	int rows = H - 3;
	int pane_w = W;
	if (t->show_image && W > 40) {
		pane_w = W * 3 / 5;
		draw_image(t, 1, pane_w + 1, rows, W - pane_w - 1);
		mvvline(1, pane_w, ACS_VLINE, rows);
	}
	if (rows > 0 && t->pane.n_lines) {
		if (t->pane.sel < t->pane.top)
			t->pane.top = t->pane.sel;
		if (t->pane.sel >= t->pane.top + (size_t)rows)
			t->pane.top = t->pane.sel - (size_t)rows + 1;
		for (int r = 0; r < rows && t->pane.top + (size_t)r < t->pane.n_lines; r++) {
			size_t i = t->pane.top + (size_t)r;
			const char *s;
			size_t len;
			pane_line(&t->pane, i, &s, &len);
			bool sel = t->mode != MODE_PROMPT && i == t->pane.sel;
			if (sel)
				attron(A_REVERSE);
			draw_text(1 + r, 0, s, len, pane_w);
			if (sel)
				attroff(A_REVERSE);
		}
	}
	/* Message line and prompt. */
	if (t->frozen && !*t->message)
		draw_text(H - 2, 0, "[frozen]", 8, W);
	else
		draw_text(H - 2, 0, t->message, strlen(t->message), W);
	const char *prompt = t->mode == MODE_SEARCH ? "/" : t->mode == MODE_PANE
				 ? "-- pane: arrows move, Enter list, p peek, / search, n next, Esc back --"
				 : "(pprof) ";
	struct lineedit *le = t->mode == MODE_SEARCH ? &t->search : &t->le;
	draw_text(H - 1, 0, prompt, strlen(prompt), W);
	if (t->mode != MODE_PANE) {
		int px = (int)strlen(prompt);
		draw_text(H - 1, px, le->buf, le->len, W - px);
		/* Cursor column: characters before the cursor. */
		int cx = px;
		for (size_t i = 0; i < le->cursor; i++)
			if (((unsigned char)le->buf[i] & 0xc0) != 0x80)
				cx++;
		move(H - 1, cx < W ? cx : W - 1);
		curs_set(1);
	} else {
		curs_set(0);
	}
	refresh();
}

/* ---- keys ---- */

static int map_key(int ch, bool alt)
{
	if (alt && ch == 'b')
		return LE_WORD_LEFT;
	if (alt && ch == 'f')
		return LE_WORD_RIGHT;
	switch (ch) {
	case KEY_LEFT: return LE_LEFT;
	case KEY_RIGHT: return LE_RIGHT;
	case KEY_HOME: return LE_HOME;
	case KEY_END: return LE_END;
	case KEY_UP: return LE_UP;
	case KEY_DOWN: return LE_DOWN;
	case KEY_BACKSPACE: return LE_BACKSPACE;
	case KEY_DC: return LE_DELETE;
	}
	return ch;
}

static void pane_move(struct tui *t, long delta)
{
	long sel = (long)t->pane.sel + delta;
	if (sel < 0)
		sel = 0;
	if (t->pane.n_lines && sel >= (long)t->pane.n_lines)
		sel = (long)t->pane.n_lines - 1;
	t->pane.sel = (size_t)sel;
}

static void pane_scroll(struct tui *t, long delta)
{
	int H = getmaxy(stdscr), rows = H - 3 > 1 ? H - 3 : 1;
	long top = (long)t->pane.top + delta;
	long max = (long)t->pane.n_lines - rows;
	if (top > max)
		top = max;
	if (top < 0)
		top = 0;
	t->pane.top = (size_t)top;
	if (t->pane.sel < t->pane.top || t->pane.sel >= t->pane.top + (size_t)rows)
		t->pane.sel = t->pane.top;
}

static bool search_next(struct tui *t, size_t from)
{
	const char *q = t->search.buf;
	if (!*q)
		return false;
	for (size_t k = 0; k < t->pane.n_lines; k++) {
		size_t i = (from + k) % t->pane.n_lines;
		const char *s;
		size_t len;
		pane_line(&t->pane, i, &s, &len);
		char buf[1024];
		snprintf(buf, sizeof buf, "%.*s", (int)len, s);
		if (strstr(buf, q)) {
			t->pane.sel = i;
			t->message[0] = '\0';
			return true;
		}
	}
	snprintf(t->message, sizeof t->message, "pattern not found: %s", q);
	return false;
}

/* list takes a function name; peek a node as the report names it. */
static bool run_on_row(struct tui *t, const char *cmd)
{
	const struct report_item *it = row_item(&t->pane, t->pane.sel);
	if (!it) {
		snprintf(t->message, sizeof t->message, "no function on this row");
		return false;
	}
	const char *what = !strcmp(cmd, "list") && *it->function ? it->function : it->name;
	size_t n = strlen(what) * 4 + 3;
	char *rx = malloc(n), *line = malloc(n + 16);
	if (!rx || !line) {
		free(rx);
		free(line);
		snprintf(t->message, sizeof t->message, "out of memory");
		return false;
	}
	regex_quote(what, rx, n);
	snprintf(line, n + 16, "%s %s", cmd, rx);
	free(rx);
	lineedit_history_add(&t->le, line);
	t->mode = MODE_PROMPT;
	bool quit = run_line(t, line, false);
	free(line);
	return quit;
}

/* One key in pane mode; returns true to quit. */
static bool pane_key(struct tui *t, int ch)
{
	int H = getmaxy(stdscr), page = H - 4 > 1 ? H - 4 : 1;
	switch (ch) {
	case KEY_UP: case 'k': pane_move(t, -1); return false;
	case KEY_DOWN: case 'j': pane_move(t, 1); return false;
	case KEY_PPAGE: pane_move(t, -page); return false;
	case KEY_NPAGE: pane_move(t, page); return false;
	case KEY_HOME: case 'g': t->pane.sel = 0; return false;
	case KEY_END: case 'G': pane_move(t, (long)t->pane.n_lines); return false;
	case '\n': case KEY_ENTER: case '\r': return run_on_row(t, "list");
	case 'p': return run_on_row(t, "peek");
	case '/': t->mode = MODE_SEARCH; lineedit_set(&t->search, ""); return false;
	case 'n': search_next(t, t->pane.sel + 1); return false;
	case 27: case 'i': case ':': t->mode = MODE_PROMPT; return false;
	}
	if (ch >= 32 && ch < 127) {
		t->mode = MODE_PROMPT;
		lineedit_key(&t->le, ch);
	}
	return false;
}

/* One key in prompt mode; returns true to quit. */
static bool prompt_key(struct tui *t, int ch, bool alt)
{
	int H = getmaxy(stdscr), page = H - 4 > 1 ? H - 4 : 1;
	if (ch == 27 && !alt) {
		t->mode = MODE_PANE;
		if (!row_item(&t->pane, t->pane.sel))
			for (size_t i = 0; i < t->pane.items.n; i++)
				if (t->pane.items.v[i].line >= t->pane.top) {
					t->pane.sel = t->pane.items.v[i].line;
					break;
				}
		return false;
	}
	if (ch == KEY_PPAGE) {
		pane_scroll(t, -page);
		return false;
	}
	if (ch == KEY_NPAGE) {
		pane_scroll(t, page);
		return false;
	}
	if (ch == '\t') {
		struct arena a;
		struct rt_error err;
		arena_init(&a);
		const struct profile *p = t->con->src.acquire(t->con->src.arg, &err);
		const char *c = console_complete(t->le.buf, p, &a);
		if (p && t->con->src.release)
			t->con->src.release(t->con->src.arg, p);
		if (c && strcmp(c, t->le.buf))
			lineedit_set(&t->le, c);
		arena_free(&a);
		return false;
	}
	if (ch == '\n' || ch == '\r' || ch == KEY_ENTER) {
		char line[LINEEDIT_MAX];
		snprintf(line, sizeof line, "%s", t->le.buf);
		lineedit_history_add(&t->le, line);
		lineedit_set(&t->le, "");
		bool quit = run_line(t, line, false);
		screen_requests(t);
		return quit;
	}
	lineedit_key(&t->le, map_key(ch, alt));
	return false;
}

static bool search_key(struct tui *t, int ch)
{
	if (ch == 27) {
		t->mode = MODE_PANE;
		return false;
	}
	if (ch == '\n' || ch == '\r' || ch == KEY_ENTER) {
		t->mode = MODE_PANE;
		search_next(t, t->pane.sel + 1);
		return false;
	}
	lineedit_key(&t->search, map_key(ch, false));
	return false;
}

static void handle_mouse(struct tui *t)
{
	MEVENT ev;
	if (getmouse(&ev) != OK)
		return;
	if (ev.bstate & BUTTON4_PRESSED)
		pane_scroll(t, -3);
#ifdef BUTTON5_PRESSED
	else if (ev.bstate & BUTTON5_PRESSED)
		pane_scroll(t, 3);
#endif
}

static void maybe_refresh(struct tui *t)
{
	if (!t->hooks || t->frozen || !*t->last_cmd)
		return;
	double period = t->hooks->refresh_seconds ? t->hooks->refresh_seconds(t->hooks->arg) : 1.0;
	if (now() - t->last_refresh < period)
		return;
	t->last_refresh = now();
	if (t->hooks->changed && !t->hooks->changed(t->hooks->arg))
		return;
	run_line(t, t->last_cmd, true);
}

int tui_run(struct console *c, const struct tui_hooks *hooks, const char *title)
{
	struct tui t;
	memset(&t, 0, sizeof t);
	t.con = c;
	c->screen = true;
	t.hooks = hooks;
	t.title = title ? title : "";
	lineedit_init(&t.le);
	lineedit_init(&t.search);
	sbuf_init(&t.pane.text);
	report_items_init(&t.pane.items);
	report_items_init(&t.scratch);
	if (lineedit_history_path(t.history_path, sizeof t.history_path) == 0)
		lineedit_history_load(&t.le, t.history_path);

	setlocale(LC_ALL, "");
	t.utf8 = MB_CUR_MAX > 1;
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_signal;
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	sa.sa_handler = on_fatal;
	static const int fatal[] = { SIGSEGV, SIGBUS, SIGABRT, SIGFPE };
	for (size_t i = 0; i < sizeof fatal / sizeof *fatal; i++)
		sigaction(fatal[i], &sa, &fatal_old[fatal[i]]);
	atexit(restore_terminal);
	if (!initscr()) {
		fprintf(stderr, "rtprof: cannot initialise the terminal\n");
		return 1;
	}
	curses_active = true;
	cbreak();
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	set_escdelay(25);
	timeout(100);
	mousemask(BUTTON4_PRESSED | BUTTON5_PRESSED, NULL);
	const char *no_color = getenv("NO_COLOR");
	if (has_colors() && !(no_color && *no_color)) {
		start_color();
		use_default_colors();
		t.color = COLORS >= 256;	/* known only after start_color */
	}

	struct sbuf msg;
	sbuf_init(&msg);
	console_greeting(c, &msg);
	sbuf_puts(&msg, "\nType a command at the prompt (top, list RE, peek RE, help); Esc moves to the\n"
		  "report: arrows select a row, Enter lists its source, p peeks, / searches.\n");
	pane_set(&t.pane, msg.data, msg.len);
	sbuf_free(&msg);

	bool quit = false;
	while (!quit && !stop_signal) {
		draw(&t);
		int ch = getch();
		if (ch == ERR) {
			maybe_refresh(&t);
			continue;
		}
		bool alt = false;
		if (ch == 27 && t.mode == MODE_PROMPT) {
			/* Alt-b / Alt-f arrive as ESC + letter; anything else after
			 * ESC is a key of its own. */
			timeout(0);
			int next = getch();
			timeout(100);
			if (next == 'b' || next == 'f') {
				alt = true;
				ch = next;
			} else if (next != ERR) {
				ungetch(next);
			}
		}
		if (ch == KEY_RESIZE) {
			clear();
			continue;
		}
		if (ch == KEY_MOUSE) {
			handle_mouse(&t);
			continue;
		}
		if (ch == 3 || ch == 4) {	/* Ctrl-C, Ctrl-D (^D quits like pprof) */
			if (ch == 3 || t.le.len == 0)
				break;
		}
		switch (t.mode) {
		case MODE_PROMPT: quit = prompt_key(&t, ch, alt); break;
		case MODE_PANE: quit = pane_key(&t, ch); break;
		case MODE_SEARCH: quit = search_key(&t, ch); break;
		}
	}
	restore_terminal();
	if (*t.history_path)
		lineedit_history_save(&t.le, t.history_path);
	lineedit_free(&t.le);
	lineedit_free(&t.search);
	sbuf_free(&t.pane.text);
	free(t.pane.lines);
	report_items_free(&t.pane.items);
	report_items_free(&t.scratch);
	return 0;
}
