/* flame_view: layout, colours and navigation of the flame graph and the
 * sandwich.  A frame's width is its cum over the zoomed node's cum; a
 * row is a depth; children sit in name order, so frames keep their
 * places between refreshes.  Runs on the terminal's thread. */
#include "ui/flame_view.h"

#define NCURSES_WIDECHAR 1
#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "measurement/measurement.h"

void flame_view_init(struct flame_view *fv)
{
	memset(fv, 0, sizeof *fv);
}

void flame_view_free(struct flame_view *fv)
{
	console_view_free(&fv->v);
	if (fv->has_match)
		rx_free(&fv->match);
	memset(fv, 0, sizeof *fv);
}

static struct flame *tree(struct flame_view *fv, bool callers)
{
	return callers ? &fv->v.callers : &fv->v.tree;
}

static const struct flame *ctree(const struct flame_view *fv, bool callers)
{
	return callers ? &fv->v.callers : &fv->v.tree;
}

/* ---- paths of names: what survives a refresh ---- */

#define MAX_PATH 256

static size_t path_of(const struct flame *t, uint32_t node, const char **path)
{
	size_t n = t->n ? t->v[node].depth : 0;
	if (n > MAX_PATH)
		return 0;
	for (size_t i = n; i-- > 0; node = t->v[node].parent)
		path[i] = t->v[node].name;
	return n;
}

/* The node at the end of path, or the deepest one found on the way. */
static uint32_t find_path(const struct flame *t, const char *const *path, size_t n)
{
	uint32_t node = 0;
	for (size_t i = 0; i < n && t->n; i++) {
		uint32_t c = t->v[node].child;
		while (c && strcmp(t->v[c].name, path[i]))
			c = t->v[c].next;
		if (!c)
			break;
		node = c;
	}
	return node;
}

void flame_view_take(struct flame_view *fv, struct console_view *v)
{
	bool same = fv->v.kind == v->kind && !strcmp(fv->v.title, v->title);
	const char *sel[MAX_PATH], *zoom[MAX_PATH];
	size_t ns = 0, nz = 0;
	/* Names point into the old trees: keep them until the paths are found. */
	struct console_view old = fv->v;
	if (same) {
		ns = path_of(ctree(fv, fv->sel_callers), fv->sel, sel);
		nz = path_of(&old.tree, fv->zoom, zoom);
	}
	fv->v = *v;
	memset(v, 0, sizeof *v);
	if (same) {
		fv->sel = find_path(tree(fv, fv->sel_callers), sel, ns);
		fv->zoom = fv->v.kind == VIEW_FLAME ? find_path(&fv->v.tree, zoom, nz) : 0;
	} else {
		fv->zoom = 0;
		fv->sel_callers = false;
		/* A sandwich starts on its function; a flame on everything. */
		fv->sel = fv->v.kind == VIEW_SANDWICH ? fv->v.tree.v[0].child : 0;
	}
	console_view_free(&old);
	if (fv->has_match)	/* the share of the new numbers */
		flame_view_search(fv, fv->pattern, NULL);
}

/* ---- colours ---- */

/* The name's package: Go's import path and first name, C++'s scopes, or
 * a C name's prefix before '_'. */
static size_t package_len(const char *name)
{
	const char *slash = strrchr(name, '/');
	const char *from = slash ? slash + 1 : name;
	const char *dot = strchr(from, '.');
	if (dot)
		return (size_t)(dot - name);
	const char *colons = NULL;
	for (const char *s = strstr(name, "::"); s; s = strstr(s + 2, "::"))
		colons = s;
	if (colons)
		return (size_t)(colons - name);
	const char *us = strchr(name, '_');
	return us ? (size_t)(us - name) : strlen(name);
}

static int pair_for(int fg, int bg)
{
	int p = alloc_pair(fg, bg);
	return p > 0 ? p : 0;
}

static attr_t frame_attr(const struct flame_view *fv, const struct flame *t, uint32_t node,
			 bool matched)
{
	if (!fv->color)
		return matched ? A_BOLD | A_UNDERLINE : A_NORMAL;
	if (matched)
		return COLOR_PAIR(pair_for(16, 201));
	const struct flame_node *x = &t->v[node];
	if (t->diff) {
		/* Grew: reds; shrank: blues; by how much against the larger. */
		static const int red[] = { 224, 217, 210, 203, 196 }, blue[] = { 189, 153, 117, 81, 45 };
		int64_t big = x->cum > x->base_cum ? x->cum : x->base_cum;
		double rel = big ? (double)(x->cum - x->base_cum) / (double)big : 0;
		int k = (int)(rel < 0 ? -rel * 4.99 : rel * 4.99);
		return COLOR_PAIR(pair_for(16, rel >= 0 ? red[k] : blue[k]));
	}
	static const int warm[] = { 208, 214, 172, 178, 166, 220, 209, 215, 173, 179 };
	uint32_t h = 2166136261u;
	size_t n = package_len(x->name);
	for (size_t i = 0; i < n; i++)
		h = (h ^ (unsigned char)x->name[i]) * 16777619u;
	return COLOR_PAIR(pair_for(16, warm[h % 10]));
}

/* ---- drawing ---- */

struct layout {
	struct flame_view *fv;
	int hit_y, hit_x;	/* hit testing: the cell asked about, */
	uint32_t hit;		/* the node found there (0: none) */
	bool hit_found, hit_only;
	const struct flame *t;
	bool callers;		/* sandwich's top half */
	bool up;		/* levels go up the screen */
	int y0, x0, rows, cols;
	double scale;		/* columns per unit of cum */
	uint32_t first_depth;	/* depth drawn at level 0 */
};

static void draw_label(int y, int x, int w, const char *name, attr_t a)
{
	wchar_t buf[512];
	int k = 0;
	mbstate_t st;
	memset(&st, 0, sizeof st);
	buf[k++] = L' ';
	const char *p = name;
	size_t len = strlen(name);
	while (*p && k < w && k < 511) {
		wchar_t wc;
		size_t r = mbrtowc(&wc, p, len - (size_t)(p - name), &st);
		if (r == (size_t)-1 || r == (size_t)-2 || r == 0) {
			wc = L'?';
			r = 1;
			memset(&st, 0, sizeof st);
		}
		buf[k++] = wc;
		p += r;
	}
	if (*p && k >= w && w >= 2)
		buf[w - 1] = MB_CUR_MAX > 1 ? L'\x2026' : L'~';	/* cut: an ellipsis */
	if (k > w)
		k = w;
	while (k < w && k < 511)
		buf[k++] = L' ';
	attron(a);
	mvaddnwstr(y, x, buf, k);
	attroff(a);
}

static void draw_frame(struct layout *l, uint32_t node, int y, int x1, int x2, bool matched);

static void draw_node(struct layout *l, uint32_t node, double x)
{
	const struct flame_node *n = &l->t->v[node];
	int level = (int)(n->depth - l->first_depth);
	if (level >= l->rows)
		return;
	double w = (double)n->cum * l->scale;
	int x1 = (int)(x + 0.5), x2 = (int)(x + w + 0.5);
	if (x2 - x1 < 1)
		return;
	int y = l->up ? l->y0 + l->rows - 1 - level : l->y0 + level;
	if (l->hit_only) {
		if (y == l->hit_y && l->hit_x >= l->x0 + x1 && l->hit_x < l->x0 + x2) {
			l->hit = node;
			l->hit_found = true;
		}
	} else {
		bool matched = l->fv->has_match && *n->name && rx_match(&l->fv->match, n->name);
		draw_frame(l, node, y, x1, x2, matched);
	}
	double cx = x;
	for (uint32_t c = n->child; c; c = l->t->v[c].next) {
		draw_node(l, c, cx);
		cx += (double)l->t->v[c].cum * l->scale;
	}
}

static void draw_frame(struct layout *l, uint32_t node, int y, int x1, int x2, bool matched)
{
	const struct flame_node *n = &l->t->v[node];
	attr_t a = frame_attr(l->fv, l->t, node, matched);
	if (node == l->fv->sel && l->callers == l->fv->sel_callers)
		a |= A_REVERSE | A_BOLD;
	const char *label = node ? n->name : "all";
	if (!l->fv->color && x2 - x1 >= 2) {	/* monochrome: an edge per frame */
		attron(a);
		mvaddch(y, l->x0 + x1, '|');
		attroff(a);
		draw_label(y, l->x0 + x1 + 1, x2 - x1 - 1, label, a);
	} else {
		draw_label(y, l->x0 + x1, x2 - x1, label, a);
	}
}

/* Draws t from `from` (whose cum is the full width) or, from the root,
 * its children across the full width.  With hit, draws nothing and says
 * which node covers the cell (hit->hit_y, hit->hit_x). */
static void draw_tree(struct flame_view *fv, const struct flame *t, uint32_t from, bool skip_root,
		      bool callers, bool up, int y0, int x0, int rows, int cols, struct layout *hit)
{
	if (!t->n || t->v[from].cum <= 0 || rows <= 0)
		return;
	struct layout l = { .fv = fv, .t = t, .callers = callers, .up = up, .y0 = y0, .x0 = x0,
			    .rows = rows, .cols = cols,
			    .scale = (double)cols / (double)t->v[from].cum,
			    .first_depth = t->v[from].depth };
	if (hit) {
		l.hit_only = true;
		l.hit_y = hit->hit_y;
		l.hit_x = hit->hit_x;
	}
	if (!skip_root) {
		draw_node(&l, from, 0);
	} else {
		l.first_depth++;
		double x = 0;
		for (uint32_t c = t->v[from].child; c; c = t->v[c].next) {
			draw_node(&l, c, x);
			x += (double)t->v[c].cum * l.scale;
		}
	}
	if (hit && l.hit_found) {
		hit->hit = l.hit;
		hit->hit_found = true;
		hit->callers = callers;
	}
}

/* Both draws and hit tests: the same layout. */
static void lay_out(struct flame_view *fv, int y0, int x0, int rows, int cols, struct layout *hit)
{
	if (fv->v.kind == VIEW_FLAME) {
		draw_tree(fv, &fv->v.tree, fv->zoom, false, false, fv->flip, y0, x0, rows, cols, hit);
		return;
	}
	if (fv->v.kind != VIEW_SANDWICH)
		return;
	/* Callers above, growing up from the function; callees below it. */
	int top = rows / 2;
	draw_tree(fv, &fv->v.callers, 0, true, true, true, y0, x0, top, cols, hit);
	draw_tree(fv, &fv->v.tree, 0, true, false, false, y0 + top, x0, rows - top, cols, hit);
}

void flame_view_draw(struct flame_view *fv, int y0, int x0, int rows, int cols)
{
	lay_out(fv, y0, x0, rows, cols, NULL);
}

bool flame_view_click(struct flame_view *fv, int y0, int x0, int rows, int cols, int y, int x)
{
	struct layout hit = { .hit_y = y, .hit_x = x };
	lay_out(fv, y0, x0, rows, cols, &hit);
	if (!hit.hit_found)
		return false;
	fv->sel = hit.hit;
	fv->sel_callers = hit.callers;
	return true;
}

/* ---- navigation ---- */

static uint32_t widest_child(const struct flame *t, uint32_t node)
{
	uint32_t best = 0;
	for (uint32_t c = t->v[node].child; c; c = t->v[c].next)
		if (!best || t->v[c].cum > t->v[best].cum)
			best = c;
	return best;
}

static uint32_t sibling(const struct flame *t, uint32_t node, bool next)
{
	if (!node)
		return 0;
	if (next)
		return t->v[node].next ? t->v[node].next : node;
	uint32_t prev = 0;
	for (uint32_t c = t->v[t->v[node].parent].child; c && c != node; c = t->v[c].next)
		prev = c;
	return prev ? prev : node;
}

/* Towards the leaves (deeper) or the root. */
static void move_depth(struct flame_view *fv, bool deeper)
{
	struct flame *t = tree(fv, fv->sel_callers);
	if (deeper) {
		uint32_t c = widest_child(t, fv->sel);
		if (c)
			fv->sel = c;
		return;
	}
	uint32_t top = fv->v.kind == VIEW_FLAME ? fv->zoom : 0;
	if (fv->sel == top)
		return;
	uint32_t p = t->v[fv->sel].parent;
	if (fv->v.kind == VIEW_SANDWICH && p == 0) {
		/* From the function in one half to the same in the other. */
		struct flame *o = tree(fv, !fv->sel_callers);
		uint32_t c = o->v[0].child;
		while (c && strcmp(o->v[c].name, t->v[fv->sel].name))
			c = o->v[c].next;
		if (c) {
			fv->sel_callers = !fv->sel_callers;
			fv->sel = c;
		}
		return;
	}
	fv->sel = p;
}

bool flame_view_key(struct flame_view *fv, int ch)
{
	struct flame *t = tree(fv, fv->sel_callers);
	if (!t->n)
		return false;
	/* On screen, "down" is deeper in an icicle and in the sandwich's
	 * callees; callers and a flipped flame grow upwards. */
	bool up_is_deeper = fv->v.kind == VIEW_SANDWICH ? fv->sel_callers : fv->flip;
	switch (ch) {
	case KEY_UP: case 'k': move_depth(fv, up_is_deeper); return true;
	case KEY_DOWN: case 'j': move_depth(fv, !up_is_deeper); return true;
	case KEY_LEFT: case 'h': fv->sel = sibling(t, fv->sel, false); return true;
	case KEY_RIGHT: case 'l': fv->sel = sibling(t, fv->sel, true); return true;
	case 'v': fv->flip = !fv->flip; return true;
	case KEY_HOME: case 'g':	/* the zoomed frame, or the sandwich's function */
		fv->sel = fv->v.kind == VIEW_FLAME ? fv->zoom : t->v[0].child;
		return true;
	case KEY_BACKSPACE: case 127: case 8: flame_view_zoom_out(fv); return true;
	case '\n': case '\r': case KEY_ENTER:
		if (fv->v.kind == VIEW_FLAME) {
			fv->zoom = fv->sel;
			return true;
		}
		return false;	/* the sandwich moves: the terminal runs it */
	}
	return false;
}

bool flame_view_zoom_out(struct flame_view *fv)
{
	if (fv->v.kind != VIEW_FLAME || fv->zoom == 0)
		return false;
	fv->zoom = fv->v.tree.v[fv->zoom].parent;
	return true;
}

const char *flame_view_selected(const struct flame_view *fv)
{
	const struct flame *t = ctree(fv, fv->sel_callers);
	return t->n ? t->v[fv->sel].name : "";
}

void flame_view_footer(const struct flame_view *fv, char *buf, size_t n)
{
	const struct flame *t = ctree(fv, fv->sel_callers);
	if (!t->n) {
		snprintf(buf, n, "no samples");
		return;
	}
	const struct flame_node *x = &t->v[fv->sel];
	int64_t total = t->v[0].cum;
	char flat[64], cum[64], fp[32], cp[32], match[48] = "", diff[96] = "";
	meas_scaled_label(flat, sizeof flat, x->flat, fv->v.sample_unit, "auto");
	meas_scaled_label(cum, sizeof cum, x->cum, fv->v.sample_unit, "auto");
	meas_percentage(fp, sizeof fp, x->flat, total);
	meas_percentage(cp, sizeof cp, x->cum, total);
	if (fv->has_match)
		snprintf(match, sizeof match, "  match: %.1f%%", fv->match_share * 100);
	if (t->diff) {
		char b[64];
		meas_scaled_label(b, sizeof b, x->base_cum, fv->v.sample_unit, "auto");
		snprintf(diff, sizeof diff, "  base %s", b);
	}
	snprintf(buf, n, "%s  flat %s (%s)  cum %s (%s)%s%s", fv->sel ? x->name : "all", flat,
		 fp + strspn(fp, " "), cum, cp + strspn(cp, " "), diff, match);
}

/* The cum of matching frames, not counting a match inside a match. */
static int64_t matched_cum(const struct flame_view *fv, const struct flame *t, uint32_t node)
{
	if (node && rx_match(&fv->match, t->v[node].name))
		return t->v[node].cum;
	int64_t s = 0;
	for (uint32_t c = t->v[node].child; c; c = t->v[c].next)
		s += matched_cum(fv, t, c);
	return s;
}

int flame_view_search(struct flame_view *fv, const char *re, struct rt_error *err)
{
	char pattern[256];
	snprintf(pattern, sizeof pattern, "%s", re ? re : "");
	if (fv->has_match)
		rx_free(&fv->match);
	fv->has_match = false;
	fv->pattern[0] = '\0';
	if (!*pattern)
		return 0;
	struct rt_error scratch;
	if (rx_compile(&fv->match, pattern, err ? err : &scratch) < 0)
		return -1;
	fv->has_match = true;
	snprintf(fv->pattern, sizeof fv->pattern, "%s", pattern);
	const struct flame *t = &fv->v.tree;
	fv->match_share = t->n && t->v[0].cum > 0
				  ? (double)matched_cum(fv, t, 0) / (double)t->v[0].cum : 0;
	return 0;
}

bool flame_view_next_match(struct flame_view *fv)
{
	struct flame *t = tree(fv, fv->sel_callers);
	if (!fv->has_match || t->n < 2)
		return false;
	/* Depth-first order, which is the screen's left-to-right, row by row
	 * of the subtrees. */
	uint32_t n = fv->sel;
	for (size_t steps = 0; steps < t->n; steps++) {
		if (t->v[n].child) {
			n = t->v[n].child;
		} else {
			while (n && !t->v[n].next)
				n = t->v[n].parent;
			n = n ? t->v[n].next : t->v[0].child;
		}
		if (n && rx_match(&fv->match, t->v[n].name)) {
			fv->sel = n;
			/* Out of the zoomed frame: zoom out to show it. */
			uint32_t up = n;
			while (up && up != fv->zoom)
				up = t->v[up].parent;
			if (fv->v.kind == VIEW_FLAME && up != fv->zoom)
				fv->zoom = 0;
			return true;
		}
	}
	return false;
}
