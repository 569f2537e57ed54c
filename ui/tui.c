/* tui: layout (status line, report pane with an optional picture pane,
 * message line, prompt), the key loop and the terminal's lifetime.
 * Single-threaded: everything here runs on the main thread. */
#include "ui/tui.h"

#define NCURSES_WIDECHAR 1
#include <curses.h>
#include <locale.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>
#include <wchar.h>

#include "base/sbuf.h"
#include "console/worker.h"
#include "ui/flame_view.h"
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
	struct console_worker *worker;	/* runs every line: input never waits */
	struct pane pane;		/* the report */
	struct pane overlay;		/* help, o, long messages: stays until
					 * Esc or the next report */
	bool overlay_on, pane_is_greeting;
	struct flame_view flame;	/* flame and sandwich: drawn in the pane */
	bool view_on;			/* the pane shows the view, not text */
	int waiting;			/* typed lines not answered yet */
	char running[LINEEDIT_MAX];	/* the last one submitted */
	char message[1200];
	char note[64];			/* a message for when the lines typed
					 * with it are answered ("sorted by") */
	char last_cmd[LINEEDIT_MAX];	/* report re-run on refresh */
	char filters[256];		/* the console's active filters */
	char tab_line[LINEEDIT_MAX];	/* the line the last Tab left */
	char sort[8];			/* the console's sort option */
	char history_path[4096];
	enum { IMAGE_AUTO, IMAGE_ON, IMAGE_OFF } image;	/* AUTO: shown from 120 columns */
	size_t hscroll;			/* columns scrolled right in the pane */
	bool frozen, color, utf8;
	bool dirty;			/* something to draw */
	double last_draw;
};

/* INT, TERM, HUP, QUIT: the key loop ends, the terminal is given back,
 * and tui_run returns 128+n for main to end by the same signal. */
static volatile sig_atomic_t stop_signal;
static volatile sig_atomic_t curses_active;

static void on_signal(int sig)
{
	stop_signal = sig;
}

/* Ctrl-Z: the key loop suspends (endwin, stop, then redraw on fg), not
 * the handler, which only notes it (ncurses' own handler would do the
 * work inside the signal). */
static volatile sig_atomic_t tstp_pending;

static void on_tstp(int sig)
{
	(void)sig;
	tstp_pending = 1;
}

static void suspend(void)
{
	struct sigaction dfl, mine;
	memset(&dfl, 0, sizeof dfl);
	dfl.sa_handler = SIG_DFL;
	endwin();
	sigaction(SIGTSTP, &dfl, &mine);
	raise(SIGTSTP);		/* stops the process here until fg */
	sigaction(SIGTSTP, &mine, NULL);
	clearok(curscr, TRUE);	/* fg: the whole screen again */
	refresh();
}

static void restore_terminal(void)
{
	if (curses_active) {
		endwin();
		curses_active = false;
	}
}

/* A crash (or a SEGV sent with kill) must not leave the user's terminal in
 * raw mode: give it back with what is safe in a signal handler, write()
 * and tcsetattr() from copies taken at start (endwin is not), then let the
 * handler that was there before (the default, or a sanitizer's) deal with
 * the same signal (what htop does too). */
static struct sigaction fatal_old[NSIG];
static struct termios fatal_tio;	/* the terminal before initscr */
static bool fatal_have_tio;
static char fatal_esc[256];		/* keypad, mouse and cursor back, screen back */
static size_t fatal_esc_len;

static void fatal_esc_add(const char *cap)
{
	const char *s = tigetstr(cap);
	if (s && s != (const char *)-1 && fatal_esc_len + strlen(s) < sizeof fatal_esc) {
		memcpy(fatal_esc + fatal_esc_len, s, strlen(s));
		fatal_esc_len += strlen(s);
	}
}

static void fatal_esc_prepare(void)
{
	static const char mouse_off[] = "\033[?1006l\033[?1000l";
	fatal_esc_len = 0;
	fatal_esc_add("rmkx");
	memcpy(fatal_esc + fatal_esc_len, mouse_off, sizeof mouse_off - 1);
	fatal_esc_len += sizeof mouse_off - 1;
	fatal_esc_add("sgr0");
	fatal_esc_add("cnorm");
	fatal_esc_add("rmcup");
}

static void on_fatal(int sig)
{
	if (curses_active) {
		ssize_t w = write(STDOUT_FILENO, fatal_esc, fatal_esc_len);
		(void)w;
		if (fatal_have_tio)
			tcsetattr(STDOUT_FILENO, TCSANOW, &fatal_tio);
		curses_active = false;
	}
	sigaction(sig, &fatal_old[sig], NULL);
	raise(sig);
}

void tui_signals(sigset_t *set)
{
	static const int sigs[] = { SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGTSTP, SIGCONT,
				    SIGWINCH, SIGTTIN, SIGTTOU };
	sigemptyset(set);
	for (size_t i = 0; i < sizeof sigs / sizeof *sigs; i++)
		sigaddset(set, sigs[i]);
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

/* The live top pane's trend column sits between cum% and the name: the
 * offset where the fifth column of a top row (or header) ends, or 0. */
static size_t trend_at(const char *s, size_t len)
{
	size_t i = 0;
	for (int field = 0; field < 5; field++) {
		while (i < len && s[i] == ' ')
			i++;
		if (i == len)
			return 0;
		while (i < len && s[i] != ' ')
			i++;
	}
	return i;
}

#define TREND_HEADER "trend 60s   "	/* as wide as a sparkline */
#define TREND_X 44	/* its column: after top's 42-column header and 2 spaces */
#define NAME_X (TREND_X + (int)sizeof TREND_HEADER - 1 + 2)

/* Line i of a top pane whose rows have trends, with the column put in
 * (the header names it and the name column); else the line as it is. */
static void trend_line(const struct pane *p, bool trends, size_t i, const char **s,
		       size_t *len, char *buf, size_t n)
{
	if (!trends)
		return;
	const struct report_item *it = report_items_at(&p->items, i);
	bool header = !it && i + 1 == p->items.v[0].line && *len >= 41 &&
		      !strncmp(*s, "      flat  flat%", 17);
	if (!header && (!it || it->row != REPORT_ROW_NODE))
		return;
	size_t at = trend_at(*s, *len);
	if (!at)
		return;
	const char *col = header ? TREND_HEADER : it->trend ? it->trend : "";
	size_t pad = header || it->trend ? 0 : strlen(TREND_HEADER);
	int k = snprintf(buf, n, "%.*s  %s%*s%s%.*s", (int)at, *s, col, (int)pad, "",
			 header ? "  name" : "", (int)(*len - at), *s + at);
	if (k < 0 || (size_t)k >= n)
		return;
	*s = buf;
	*len = (size_t)k;
}

static bool pane_has_trends(const struct pane *p)
{
	for (size_t i = 0; i < p->items.n; i++)
		if (p->items.v[i].trend)
			return true;
	return false;
}

/* The pane on screen: the overlay while it is up, else the report. */
static struct pane *shown(struct tui *t)
{
	return t->overlay_on ? &t->overlay : &t->pane;
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
	if (e && (e->flags & CMD_VIEW))
		return true;
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

static bool image_shown(const struct tui *t)
{
	if (!t->hooks || !t->hooks->image)
		return false;
	return t->image == IMAGE_ON || (t->image == IMAGE_AUTO && getmaxx(stdscr) >= 120);
}

/* Shows a report: the pane takes its text and its items.  A refresh keeps
 * the selection on its node and the scroll where it was. */
static void show_report(struct tui *t, struct worker_reply *r, bool refresh)
{
	size_t oldsel = t->pane.sel, oldtop = t->pane.top;
	const struct report_item *keep = refresh ? row_item(&t->pane, oldsel) : NULL;
	/* The old items go to the reply (freed with it, after keep is used). */
	struct report_items swap = t->pane.items;
	t->pane.items = r->items;
	r->items = swap;
	pane_set(&t->pane, r->out.data, r->out.len);
	t->pane_is_greeting = false;
	if (!refresh) {
		t->pane.sel = t->pane.top = 0;
		return;
	}
	t->pane.sel = oldsel < t->pane.n_lines ? oldsel : 0;
	t->pane.top = oldtop < t->pane.n_lines ? oldtop : 0;
	long row = keep ? find_row(&t->pane, keep) : -1;
	if (row >= 0)
		t->pane.sel = (size_t)row;
}

/* Text the user asked to read (help, o, a multi-line message): it stays
 * over the report until Esc or the next report. */
static void show_overlay(struct tui *t, const char *text, size_t len)
{
	pane_set(&t->overlay, text, len);
	t->overlay.sel = t->overlay.top = 0;
	t->overlay_on = true;
}

/* What the commands of the line asked of the screen (cmd_entry.screen). */
static void screen_requests(struct tui *t, unsigned req)
{
	if (req & CMD_SCREEN_FREEZE) {
		t->frozen = !t->frozen;
		worker_set_refresh(t->worker, *t->last_cmd ? t->last_cmd : NULL, t->frozen);
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
			bool on = req & CMD_SCREEN_IMAGE_ON ? true
				  : req & CMD_SCREEN_IMAGE_OFF ? false : !image_shown(t);
			t->image = on ? IMAGE_ON : IMAGE_OFF;	/* asked for: no longer automatic */
			snprintf(t->message, sizeof t->message, "%s",
				 on ? "picture shown (image off hides it)" : "picture hidden (image on shows it)");
		}
		free(rgb);
	}
}

/* A typed line's reply.  Returns true to quit. */
static bool line_done(struct tui *t, struct worker_reply *r)
{
	struct sbuf *msg = &r->msg;
	bool shown = r->out.len || r->view.kind != VIEW_NONE;	/* a report or a view */
	if (r->view.kind != VIEW_NONE) {
		flame_view_take(&t->flame, &r->view);
		t->view_on = true;
		t->overlay_on = false;
		t->mode = MODE_PANE;	/* the keys move in the view */
		set_message(t, msg->len ? msg->data : "", msg->len);
	} else if (r->out.len) {
		show_report(t, r, false);
		t->overlay_on = false;
		t->view_on = false;
		set_message(t, msg->len ? msg->data : "", msg->len);
	} else if (msg->len && memchr(msg->data, '\n', msg->len) != msg->data + msg->len - 1) {
		show_overlay(t, msg->data, msg->len);
		t->message[0] = '\0';
	} else if (msg->len) {
		set_message(t, msg->data, msg->len);
	} else {
		t->message[0] = '\0';
	}
	if (!msg->len && !t->waiting && *t->note && r->rv != CMD_RETURN_ERROR)
		snprintf(t->message, sizeof t->message, "%s", t->note);
	if (!t->waiting || msg->len)
		t->note[0] = '\0';
	screen_requests(t, r->screen_requests);
	if (is_report_line(r->line) && r->rv != CMD_RETURN_ERROR && shown) {
		snprintf(t->last_cmd, sizeof t->last_cmd, "%s", r->line);
		worker_set_refresh(t->worker, t->last_cmd, t->frozen);
	}
	return r->rv == CMD_RETURN_QUIT;
}

/* Tab, bash style: the line grows as far as the candidates agree; a
 * second Tab that adds nothing lists them. */
static void complete_done(struct tui *t, struct worker_reply *r)
{
	if (strcmp(t->le.buf, r->line))
		return;	/* typed on meanwhile */
	bool second = !strcmp(t->tab_line, r->line);
	snprintf(t->tab_line, sizeof t->tab_line, "%s", sbuf_str(&r->out));
	if (strcmp(sbuf_str(&r->out), r->line)) {
		lineedit_set(&t->le, sbuf_str(&r->out));
		return;
	}
	if (!second || !r->msg.len)
		return;
	/* One line when they fit, else the overlay. */
	size_t n = 0;
	for (size_t i = 0; i < r->msg.len; i++)
		n += r->msg.data[i] == '\n';
	if (r->msg.len < (size_t)getmaxx(stdscr) - 2) {
		char *s = strdup(sbuf_str(&r->msg));
		for (char *c = s; c && *c; c++)
			if (*c == '\n')
				*c = c[1] ? ' ' : '\0';
		snprintf(t->message, sizeof t->message, "%s", s ? s : "");
		free(s);
	} else {
		struct sbuf list;
		sbuf_init(&list);
		sbuf_printf(&list, "%zu candidates for Tab (Esc closes):\n", n);
		sbuf_add(&list, r->msg.data, r->msg.len);
		show_overlay(t, list.data, list.len);
		sbuf_free(&list);
	}
}

/* Takes every finished job.  Returns true to quit. */
static bool take_replies(struct tui *t)
{
	bool quit = false;
	struct worker_reply *r;
	while ((r = worker_poll(t->worker))) {
		t->dirty = true;
		switch (r->job) {
		case WORKER_LINE:
			t->waiting--;
			snprintf(t->filters, sizeof t->filters, "%s", sbuf_str(&r->filters));
			snprintf(t->sort, sizeof t->sort, "%s", r->sort);
			quit = line_done(t, r) || quit;
			break;
		case WORKER_REFRESH:
			/* Only the command still on show; never over what the user
			 * is reading in the overlay's place (it stays below). */
			if (strcmp(r->line, t->last_cmd) || t->frozen)
				break;
			if (r->view.kind != VIEW_NONE && t->view_on)
				flame_view_take(&t->flame, &r->view);
			else if (r->out.len && !t->view_on)
				show_report(t, r, !t->pane_is_greeting);
			break;
		case WORKER_COMPLETE:
			complete_done(t, r);
			break;
		case WORKER_GREETING:
			sbuf_puts(&r->msg, t->hooks ?
				  "\nCollecting samples: the report below follows the render (top;\n"
				  "type another command at any time).  Esc moves to the report: arrows\n"
				  "select a row, Enter lists its source, p peeks, / searches; help.\n" :
				  "\nType a command at the prompt (top, list RE, peek RE, help); Esc moves to the\n"
				  "report: arrows select a row, Enter lists its source, p peeks, / searches.\n");
			report_items_reset(&t->pane.items);
			pane_set(&t->pane, r->msg.data, r->msg.len);
			t->pane_is_greeting = true;
			break;
		}
		worker_reply_free(r);
	}
	return quit;
}

/* Hands a typed line to the worker; its reply shows when it is done. */
static void submit_line(struct tui *t, const char *line)
{
	if (worker_submit(t->worker, WORKER_LINE, line) < 0) {
		snprintf(t->message, sizeof t->message, "out of memory");
		return;
	}
	t->waiting++;
	snprintf(t->running, sizeof t->running, "%s", line);
}

/* ---- drawing ---- */

static void draw_text_from(int y, int x, const char *s, size_t len, size_t skip, int maxw);

static void draw_text(int y, int x, const char *s, size_t len, int maxw)
{
	draw_text_from(y, x, s, len, 0, maxw);
}

/* Draws s from its column skip on (the pane scrolled right). */
static void draw_text_from(int y, int x, const char *s, size_t len, size_t skip, int maxw)
{
	/* Converts UTF-8 to wide characters so that columns are counted
	 * right; col counts the line's columns (tabs to multiples of 8). */
	wchar_t wb[1024];
	mbstate_t st;
	memset(&st, 0, sizeof st);
	size_t k = 0, col = 0;
	const char *p = s, *end = s + len;
	while (p < end && k < 1023 && (int)k < maxw) {
		wchar_t wc;
		size_t r = mbrtowc(&wc, p, (size_t)(end - p), &st);
		if (r == (size_t)-1 || r == (size_t)-2) {
			wc = L'?';
			r = 1;
			memset(&st, 0, sizeof st);
		} else if (r == 0) {
			r = 1;
		}
		size_t cols = wc == L'\t' ? 8 - col % 8 : 1;
		for (size_t c = 0; c < cols && k < 1023 && (int)k < maxw; c++, col++)
			if (col >= skip)
				wb[k++] = wc == L'\t' ? L' ' : wc;
		p += r;
	}
	wb[k] = 0;
	mvaddnwstr(y, x, wb, (int)k);
}

/* Columns of a UTF-8 string (one per character). */
static size_t text_width(const char *s)
{
	size_t w = 0;
	for (; *s; s++)
		w += ((unsigned char)*s & 0xc0) != 0x80;
	return w;
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

/* The status line: the title, then the fields in order; the lowest
 * priorities go first when they do not fit, never part of a field. */
static void draw_status(struct tui *t, int W)
{
	struct status_field f[24];
	size_t n = 0;
	snprintf(f[n].text, sizeof f[n].text, "rtprof  %s", t->title);
	f[n++].priority = 1000;
	if (t->frozen) {
		snprintf(f[n].text, sizeof f[n].text, "FROZEN");
		f[n++].priority = 97;
	}
	if (*t->filters) {
		snprintf(f[n].text, sizeof f[n].text, "%.95s", t->filters);
		f[n++].priority = 87;
	}
	struct worker_state ws;
	worker_state(t->worker, &ws);
	if (t->hooks && *t->last_cmd && ws.last_refresh_seconds > ws.period / 2) {
		/* The refresh is backing off: say how long a report takes. */
		snprintf(f[n].text, sizeof f[n].text, "refresh %gs (report %.0f ms)", ws.period,
			 ws.last_refresh_seconds * 1000);
		f[n++].priority = 80;
	}
	if (t->hooks && t->hooks->status)
		n += t->hooks->status(t->hooks->arg, f + n, sizeof f / sizeof *f - n);
	bool keep[24];
	int width = -2;
	for (size_t i = 0; i < n; i++) {
		keep[i] = true;
		width += (int)text_width(f[i].text) + 2;
	}
	while (width > W - 1) {
		size_t low = 0;	/* the lowest priority, rightmost on ties */
		bool any = false;
		for (size_t i = 1; i < n; i++)
			if (keep[i] && (!any || f[i].priority <= f[low].priority)) {
				low = i;
				any = true;
			}
		if (!any)
			break;
		keep[low] = false;
		width -= (int)text_width(f[low].text) + 2;
	}
	char line[2048];
	size_t len = 0;
	for (size_t i = 0; i < n && len < sizeof line; i++)
		if (keep[i])
			len += (size_t)snprintf(line + len, sizeof line - len, "%s%s",
						len ? "  " : " ", f[i].text);
	attron(A_REVERSE);
	mvhline(0, 0, ' ', W);
	draw_text(0, 0, line, strlen(line), W);
	attroff(A_REVERSE);
}

/* Columns of the report pane (the picture takes the rest). */
static int pane_width(const struct tui *t)
{
	int W = getmaxx(stdscr);
	return image_shown(t) && W > 40 ? W * 3 / 5 : W;
}

/* top's header: the column that sorts is underlined (trend and name
 * only where the trend column names them). */
static void underline_sort(struct tui *t, int r, bool trends)
{
	int x = 6, w = 4;
	if (!strcmp(t->sort, "cum"))
		x = 32, w = 3;
	else if (!strcmp(t->sort, "trend") || !strcmp(t->sort, "name"))
		if (!trends)
			return;
	if (!strcmp(t->sort, "trend"))
		x = TREND_X, w = 5;
	else if (!strcmp(t->sort, "name"))
		x = NAME_X, w = 4;
	mvchgat(1 + r, x, w, A_UNDERLINE | A_BOLD, 0, NULL);
}

static void draw(struct tui *t)
{
	int H, W;
	getmaxyx(stdscr, H, W);
	erase();
	draw_status(t, W);
	/* Report pane (and picture pane). */
	int rows = H - 3;
	int pane_w = pane_width(t);
	if (pane_w < W) {
		draw_image(t, 1, pane_w + 1, rows, W - pane_w - 1);
		mvvline(1, pane_w, ACS_VLINE, rows);
	}
	struct pane *cur = shown(t);
	if (t->view_on && !t->overlay_on) {
		flame_view_draw(&t->flame, 1, 0, rows, pane_w);
	} else if (rows > 0 && cur->n_lines) {
		if (cur->sel < cur->top)
			cur->top = cur->sel;
		if (cur->sel >= cur->top + (size_t)rows)
			cur->top = cur->sel - (size_t)rows + 1;
		bool trends = !t->overlay_on && pane_has_trends(cur);
		for (int r = 0; r < rows && cur->top + (size_t)r < cur->n_lines; r++) {
			size_t i = cur->top + (size_t)r;
			const char *s;
			size_t len;
			char with_trend[4096];
			pane_line(cur, i, &s, &len);
			trend_line(cur, trends, i, &s, &len, with_trend, sizeof with_trend);
			bool sel = t->mode != MODE_PROMPT && i == cur->sel;
			if (sel)
				attron(A_REVERSE);
			draw_text_from(1 + r, 0, s, len, t->hscroll, pane_w);
			if (sel)
				attroff(A_REVERSE);
			/* top's header: the column that sorts is underlined. */
			if (!t->overlay_on && cur->items.n && i + 1 == cur->items.v[0].line &&
			    cur->items.v[0].row == REPORT_ROW_NODE && !t->hscroll && len >= 41 &&
			    !strncmp(s, "      flat  flat%", 17))
				underline_sort(t, r, trends);
		}
	}
	/* Message line and prompt. */
	if (t->waiting && !*t->message) {
		struct worker_state ws;
		worker_state(t->worker, &ws);
		char busy[LINEEDIT_MAX + 64];
		snprintf(busy, sizeof busy, "running %s%s", t->running,
			 ws.busy && ws.running == WORKER_LINE && ws.running_for > 0.3 ? "..." : "");
		if (ws.busy && ws.running == WORKER_LINE && ws.running_for > 0.3)
			draw_text(H - 2, 0, busy, strlen(busy), W);
	} else if (!*t->message && t->view_on && !t->overlay_on) {
		char footer[512];	/* the selected frame */
		flame_view_footer(&t->flame, footer, sizeof footer);
		draw_text(H - 2, 0, footer, strlen(footer), W);
	} else {
		draw_text(H - 2, 0, t->message, strlen(t->message), W);
	}
	const char *pane_help = !t->view_on || t->overlay_on
		? "-- pane: arrows move, Enter list, p peek, f flame, / search, n next, Esc back --"
		: t->flame.v.kind == VIEW_SANDWICH
		? "-- sandwich: arrows move, Enter re-centres, l list, p peek, / search, Esc back --"
		: "-- flame: arrows move, Enter zooms, Bksp out, v flips, / search, n next, l list, p peek, s sandwich, Esc --";
	const char *prompt = t->mode == MODE_SEARCH ? "/" : t->mode == MODE_PANE ? pane_help
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
	struct pane *cur = shown(t);
	long sel = (long)cur->sel + delta;
	if (sel < 0)
		sel = 0;
	if (cur->n_lines && sel >= (long)cur->n_lines)
		sel = (long)cur->n_lines - 1;
	cur->sel = (size_t)sel;
}

static void pane_scroll(struct tui *t, long delta)
{
	struct pane *cur = shown(t);
	int H = getmaxy(stdscr), rows = H - 3 > 1 ? H - 3 : 1;
	long top = (long)cur->top + delta;
	long max = (long)cur->n_lines - rows;
	if (top > max)
		top = max;
	if (top < 0)
		top = 0;
	cur->top = (size_t)top;
	if (cur->sel < cur->top || cur->sel >= cur->top + (size_t)rows)
		cur->sel = cur->top;
}

static bool search_next(struct tui *t, size_t from)
{
	struct pane *cur = shown(t);
	const char *q = t->search.buf;
	if (!*q)
		return false;
	for (size_t k = 0; k < cur->n_lines; k++) {
		size_t i = (from + k) % cur->n_lines;
		const char *s;
		size_t len;
		pane_line(cur, i, &s, &len);
		char buf[1024];
		snprintf(buf, sizeof buf, "%.*s", (int)len, s);
		if (strstr(buf, q)) {
			cur->sel = i;
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
	struct pane *cur = shown(t);
	const struct report_item *it = row_item(cur, cur->sel);
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
	submit_line(t, line);
	free(line);
	return false;
}

/* Home/End: the first or last row that shows a node (headers are not
 * rows); the first or last line where there is none (help text). */
static void pane_first_row(struct tui *t, bool first)
{
	struct pane *cur = shown(t);
	if (cur->items.n)
		cur->sel = cur->items.v[first ? 0 : cur->items.n - 1].line;
	else
		cur->sel = first || !cur->n_lines ? 0 : cur->n_lines - 1;
	if (first)
		cur->top = 0;
}

/* Sorts the report by flat or cum (pprof's sort option), or by name or
 * trend (the terminal console's own), and runs it again: the F, C, N and
 * T keys, or a click on the column's header. */
static void sort_by(struct tui *t, const char *key)
{
	char line[64];
	snprintf(line, sizeof line, "sort=%s", key);
	submit_line(t, line);
	if (*t->last_cmd)
		submit_line(t, t->last_cmd);
	snprintf(t->note, sizeof t->note, "sorted by %s", key);
}

/* top's header: "      flat  flat%   sum%        cum   cum%". */
static void header_click(struct tui *t, int x)
{
	if (x < 17)
		sort_by(t, "flat");
	else if (x >= 24 && x < 41)
		sort_by(t, "cum");
	else if (!pane_has_trends(&t->pane))
		return;
	else if (x >= TREND_X && x < NAME_X - 2)
		sort_by(t, "trend");
	else if (x >= NAME_X)
		sort_by(t, "name");
}

/* Runs cmd ("list", "peek", "sandwich") on the selected frame's name. */
static void run_on_frame(struct tui *t, const char *cmd)
{
	const char *name = flame_view_selected(&t->flame);
	if (!*name) {
		snprintf(t->message, sizeof t->message, "no function here: select a frame");
		return;
	}
	size_t n = strlen(name) * 4 + 3;
	char *rx = malloc(n), *line = malloc(n + 16);
	if (rx && line) {
		regex_quote(name, rx, n);
		snprintf(line, n + 16, "%s %s", cmd, rx);
		lineedit_history_add(&t->le, line);
		submit_line(t, line);
	}
	free(rx);
	free(line);
}

/* A key while the pane shows a view; returns true to quit. */
static bool view_key(struct tui *t, int ch)
{
	t->message[0] = '\0';	/* the footer shows the selection */
	switch (ch) {
	case 'q': return true;
	case 'l': case 'L': run_on_frame(t, "list"); t->mode = MODE_PROMPT; return false;
	case 'p': run_on_frame(t, "peek"); t->mode = MODE_PROMPT; return false;
	case 's': run_on_frame(t, "sandwich"); return false;
	case '/': t->mode = MODE_SEARCH; lineedit_set(&t->search, ""); return false;
	case 'n':
		if (!flame_view_next_match(&t->flame))
			snprintf(t->message, sizeof t->message, "no match");
		return false;
	case '?': case KEY_F(1): submit_line(t, "help"); return false;
	case 27:
		if (!flame_view_zoom_out(&t->flame))
			t->mode = MODE_PROMPT;
		return false;
	case '\n': case '\r': case KEY_ENTER:
		if (t->flame.v.kind == VIEW_SANDWICH) {
			run_on_frame(t, "sandwich");	/* the sandwich moves */
			return false;
		}
		break;
	}
	if (flame_view_key(&t->flame, ch == 'h' ? KEY_LEFT : ch))
		return false;
	if (ch >= 32 && ch < 127) {
		t->mode = MODE_PROMPT;
		lineedit_key(&t->le, ch);
	}
	return false;
}

/* One key in pane mode; returns true to quit. */
static bool pane_key(struct tui *t, int ch)
{
	if (t->view_on && !t->overlay_on)
		return view_key(t, ch);
	struct pane *cur = shown(t);
	int H = getmaxy(stdscr), page = H - 4 > 1 ? H - 4 : 1;
	switch (ch) {
	case KEY_UP: case 'k': pane_move(t, -1); return false;
	case KEY_DOWN: case 'j': pane_move(t, 1); return false;
	case KEY_PPAGE: pane_move(t, -page); return false;
	case KEY_NPAGE: pane_move(t, page); return false;
	case KEY_HOME: case 'g': pane_first_row(t, true); return false;
	case KEY_END: case 'G': pane_first_row(t, false); return false;
	case KEY_LEFT: case 'h': t->hscroll = t->hscroll > 8 ? t->hscroll - 8 : 0; return false;
	case KEY_RIGHT: case 'l': t->hscroll += 8; return false;
	case 'q': return true;	/* as in less and htop */
	case 'f': submit_line(t, "flame"); return false;
	case 'F': sort_by(t, "flat"); return false;
	case 'C': sort_by(t, "cum"); return false;
	case 'N': sort_by(t, "name"); return false;
	case 'T': sort_by(t, "trend"); return false;
	case 's': return run_on_row(t, "sandwich");
	case '?': case KEY_F(1): submit_line(t, "help"); return false;
	case '\n': case KEY_ENTER: case '\r': return run_on_row(t, "list");
	case 'p': return run_on_row(t, "peek");
	case '/': t->mode = MODE_SEARCH; lineedit_set(&t->search, ""); return false;
	case 'n': search_next(t, cur->sel + 1); return false;
	case 27:
		if (t->overlay_on)
			t->overlay_on = false;
		else
			t->mode = MODE_PROMPT;
		return false;
	case 'i': case ':': t->mode = MODE_PROMPT; return false;
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
	if (ch == 27 && !alt && t->overlay_on) {
		t->overlay_on = false;	/* back to the report */
		return false;
	}
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
	if (ch == KEY_F(1)) {
		submit_line(t, "help");
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
		/* The worker completes (it owns the profile); the reply applies
		 * if the line is still what was completed. */
		worker_submit(t->worker, WORKER_COMPLETE, t->le.buf);
		return false;
	}
	if (ch == '\n' || ch == '\r' || ch == KEY_ENTER) {
		char line[LINEEDIT_MAX];
		snprintf(line, sizeof line, "%s", t->le.buf);
		lineedit_history_add(&t->le, line);
		lineedit_set(&t->le, "");
		submit_line(t, line);
		return false;
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
		if (t->view_on && !t->overlay_on) {
			struct rt_error err;
			/* the message is one status line: cut to it */
			if (flame_view_search(&t->flame, t->search.buf, &err) < 0)
				snprintf(t->message, sizeof t->message, "%.*s",
					 (int)sizeof t->message - 1, err.msg);
			else
				flame_view_next_match(&t->flame);
			return false;
		}
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
	int H = getmaxy(stdscr), rows = H - 3;
	bool in_pane = ev.y >= 1 && ev.y < 1 + rows && ev.x < pane_width(t);
	if (in_pane && (ev.bstate & (BUTTON1_CLICKED | BUTTON1_DOUBLE_CLICKED | BUTTON1_PRESSED))) {
		bool twice = ev.bstate & BUTTON1_DOUBLE_CLICKED;
		if (t->view_on && !t->overlay_on) {
			if (flame_view_click(&t->flame, 1, 0, rows, pane_width(t), ev.y, ev.x)) {
				t->mode = MODE_PANE;
				if (twice)
					view_key(t, '\n');	/* zoom, or move the sandwich */
			}
			return;
		}
		struct pane *cur = shown(t);
		size_t line = cur->top + (size_t)(ev.y - 1);
		if (line < cur->n_lines) {
			cur->sel = line;
			t->mode = MODE_PANE;
			if (twice)
				run_on_row(t, "list");
			else if (!t->overlay_on && cur->items.n && line + 1 == cur->items.v[0].line)
				header_click(t, ev.x);	/* a column header sorts */
		}
		return;
	}
	if (ev.bstate & BUTTON4_PRESSED)
		pane_scroll(t, -3);
#ifdef BUTTON5_PRESSED
	else if (ev.bstate & BUTTON5_PRESSED)
		pane_scroll(t, 3);
#endif
}

int tui_run(struct console *c, const struct tui_hooks *hooks, const char *title)
{
	struct tui t;
	memset(&t, 0, sizeof t);
	t.con = c;
	c->screen = true;
	t.hooks = hooks;
	/* The file's name, not its path: a long path must not push the
	 * status line's fields off the screen. */
	t.title = title ? title : "";
	if (strrchr(t.title, '/') && strrchr(t.title, '/')[1])
		t.title = strrchr(t.title, '/') + 1;
	lineedit_init(&t.le);
	lineedit_init(&t.search);
	sbuf_init(&t.pane.text);
	sbuf_init(&t.overlay.text);
	report_items_init(&t.pane.items);
	report_items_init(&t.overlay.items);
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
	sigaction(SIGQUIT, &sa, NULL);	/* Ctrl-\ too: cbreak keeps signal keys */
	sa.sa_handler = on_tstp;	/* before initscr: ncurses then keeps out */
	sigaction(SIGTSTP, &sa, NULL);
	sa.sa_handler = on_fatal;
	static const int fatal[] = { SIGSEGV, SIGBUS, SIGABRT, SIGFPE };
	for (size_t i = 0; i < sizeof fatal / sizeof *fatal; i++)
		sigaction(fatal[i], &sa, &fatal_old[fatal[i]]);
	atexit(restore_terminal);
	fatal_have_tio = tcgetattr(STDOUT_FILENO, &fatal_tio) == 0;
	if (!initscr()) {
		fprintf(stderr, "rtprof: cannot initialise the terminal\n");
		return 1;
	}
	fatal_esc_prepare();
	curses_active = true;
	cbreak();
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	set_escdelay(25);
	/* Home and End as tmux, screen and rxvt send them, whatever the
	 * terminfo entry says. */
	define_key("\033[1~", KEY_HOME);
	define_key("\033[4~", KEY_END);
	define_key("\033[H", KEY_HOME);
	define_key("\033[F", KEY_END);
	define_key("\033OH", KEY_HOME);
	define_key("\033OF", KEY_END);
	timeout(50);
	mousemask(BUTTON1_CLICKED | BUTTON1_DOUBLE_CLICKED | BUTTON4_PRESSED | BUTTON5_PRESSED,
		  NULL);
	mouseinterval(300);
	const char *no_color = getenv("NO_COLOR");
	if (has_colors() && !(no_color && *no_color)) {
		start_color();
		use_default_colors();
		t.color = COLORS >= 256;	/* known only after start_color */
	}
	flame_view_init(&t.flame);
	t.flame.color = t.color;

	struct worker_refresh wr = { NULL, NULL, NULL };
	if (hooks)
		wr = (struct worker_refresh){ hooks->refresh_seconds, hooks->changed, hooks->arg };
	struct rt_error err;
	/* The terminal's signals (Ctrl-C, Ctrl-Z, resizes...) are for this
	 * thread alone: the worker starts with them blocked. */
	sigset_t mine, old;
	tui_signals(&mine);
	pthread_sigmask(SIG_BLOCK, &mine, &old);
	t.worker = worker_start(c, &wr, &err);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	if (!t.worker) {
		restore_terminal();
		fprintf(stderr, "rtprof: %s\n", err.msg);
		return 1;
	}
	worker_submit(t.worker, WORKER_GREETING, "");
	if (hooks) {
		/* The live console shows top as soon as samples come in. */
		snprintf(t.last_cmd, sizeof t.last_cmd, "top");
		worker_set_refresh(t.worker, t.last_cmd, false);
	}

	bool quit = false;
	t.dirty = true;
	while (!quit && !stop_signal) {
		if (tstp_pending) {
			tstp_pending = 0;
			suspend();
			t.dirty = true;
		}
		quit = take_replies(&t);
		/* Keys and replies draw at once; the status line (and the
		 * picture) once a second, as htop does: the UI thread stays cheap. */
		if (t.dirty || now() - t.last_draw >= 1.0) {
			draw(&t);
			t.dirty = false;
			t.last_draw = now();
		}
		if (quit)
			break;
		int ch = getch();
		if (ch == ERR)
			continue;
		t.dirty = true;
		bool alt = false;
		if (ch == 27 && t.mode == MODE_PROMPT) {
			/* Alt-b / Alt-f arrive as ESC + letter; anything else after
			 * ESC is a key of its own. */
			timeout(0);
			int next = getch();
			timeout(50);
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
	worker_stop(t.worker);
	c->screen = false;
	if (*t.history_path)
		lineedit_history_save(&t.le, t.history_path);
	lineedit_free(&t.le);
	lineedit_free(&t.search);
	sbuf_free(&t.pane.text);
	sbuf_free(&t.overlay.text);
	free(t.pane.lines);
	free(t.overlay.lines);
	report_items_free(&t.pane.items);
	report_items_free(&t.overlay.items);
	flame_view_free(&t.flame);
	return stop_signal ? 128 + stop_signal : 0;
}
