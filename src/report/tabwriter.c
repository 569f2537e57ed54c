/* tabwriter: the recursive column-block algorithm of Go's text/tabwriter. */
#include "report/tabwriter.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "profile/profile.h"

struct tw_cell {
	const char *s;
	size_t len, width;	/* width in runes */
};

struct tw_line {
	struct tw_cell *cells;
	size_t n;
};

struct tw {
	struct tw_line *lines;
	size_t n;
	size_t *widths;
	size_t n_widths;
	struct sbuf *out;
};

/* Width in runes as Go counts them: a byte that does not start a valid
 * UTF-8 sequence is one rune of its own; a NUL held as a pair (profile.h)
 * is one rune. */
size_t tabwriter_runes(const char *str, size_t n)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t r = 0, i = 0;
	while (i < n) {
		unsigned char c = s[i];
		if (c == PROFILE_ESC && i + 1 < n && (s[i + 1] == 0x80 || s[i + 1] == 0x81)) {
			i += 2;
			r++;
			continue;
		}
		size_t len = c < 0x80 ? 1 : (c >= 0xc2 && c <= 0xdf) ? 2
			     : (c >= 0xe0 && c <= 0xef) ? 3 : (c >= 0xf0 && c <= 0xf4) ? 4 : 0;
		bool ok = len > 0 && i + len <= n;
		for (size_t k = 1; ok && k < len; k++)
			ok = (s[i + k] & 0xc0) == 0x80;
		if (ok && len == 3) {
			ok = !(c == 0xe0 && s[i + 1] < 0xa0) && !(c == 0xed && s[i + 1] > 0x9f);
		} else if (ok && len == 4) {
			ok = !(c == 0xf0 && s[i + 1] < 0x90) && !(c == 0xf4 && s[i + 1] > 0x8f);
		}
		i += ok ? len : 1;
		r++;
	}
	return r;
}

static void write_lines(struct tw *t, size_t l0, size_t l1)
{
	for (size_t i = l0; i < l1; i++) {
		struct tw_line *ln = &t->lines[i];
		for (size_t j = 0; j < ln->n; j++) {
			struct tw_cell *c = &ln->cells[j];
			if (j < t->n_widths) {
				for (size_t k = c->width; k < t->widths[j]; k++)
					sbuf_putc(t->out, ' ');
			}
			sbuf_add(t->out, c->s, c->len);
		}
		if (i + 1 < t->n)
			sbuf_putc(t->out, '\n');
	}
}

static void format(struct tw *t, size_t l0, size_t l1)
{
	size_t column = t->n_widths;
	for (size_t this = l0; this < l1; this++) {
		if (column + 1 >= t->lines[this].n)
			continue;
		write_lines(t, l0, this);
		l0 = this;
		size_t width = 0;
		for (; this < l1; this++) {
			struct tw_line *ln = &t->lines[this];
			if (column + 1 >= ln->n)
				break;
			size_t w = ln->cells[column].width + 1;
			if (w > width)
				width = w;
		}
		t->widths[t->n_widths++] = width;
		format(t, l0, this);
		t->n_widths--;
		l0 = this;
		this--;	/* the loop's increment re-examines line `this` */
	}
	write_lines(t, l0, l1);
}

void tabwriter_right(struct sbuf *out, const char *text)
{
	struct tw t = { .out = out };
	size_t nlines = 1, ncells = 1, maxcells = 1, cur = 1;
	for (const char *p = text; *p; p++) {
		if (*p == '\n') {
			nlines++;
			ncells++;
			cur = 1;
		} else if (*p == '\t') {
			ncells++;
			if (++cur > maxcells)
				maxcells = cur;
		}
	}
	t.lines = calloc(nlines, sizeof *t.lines);
	struct tw_cell *cells = calloc(ncells, sizeof *cells);
	t.widths = calloc(maxcells + 1, sizeof *t.widths);
	if (!t.lines || !cells || !t.widths) {
		sbuf_puts(out, text);
		goto out;
	}
	const char *p = text, *start = text;
	struct tw_cell *c = cells;
	t.lines[0].cells = c;
	for (;; p++) {
		if (*p == '\t' || *p == '\n' || *p == '\0') {
			c->s = start;
			c->len = (size_t)(p - start);
			c->width = tabwriter_runes(start, c->len);
			t.lines[t.n].n++;
			c++;
			start = p + 1;
			if (*p == '\n') {
				t.n++;
				t.lines[t.n].cells = c;
			}
			if (*p == '\0') {
				t.n++;
				break;
			}
		}
	}
	format(&t, 0, t.n);
out:
	free(t.lines);
	free(cells);
	free(t.widths);
}
