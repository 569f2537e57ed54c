/* flame_view: draws the flame graph and the sandwich a view command
 * handed over (console_view), and moves a selection and a zoom over them.
 * Only draws and reacts to keys; the trees come from src/report. */
#ifndef RT_FLAME_VIEW_H
#define RT_FLAME_VIEW_H

#include <stdbool.h>
#include <stddef.h>

#include "base/rx.h"
#include "console/console.h"

struct flame_view {
	struct console_view v;	/* owned: swapped in from a reply */
	uint32_t zoom;		/* the full-width node (flame only) */
	uint32_t sel;		/* the selected node */
	bool sel_callers;	/* sandwich: sel is in v.callers */
	bool flip;		/* roots at the bottom (a flame), else an icicle */
	bool color;		/* 256 colours, else monochrome */
	struct rx match;	/* / highlights */
	bool has_match;
	char pattern[256];
	double match_share;	/* of the total, for the footer */
};

void flame_view_init(struct flame_view *fv);
void flame_view_free(struct flame_view *fv);
/* Takes v's trees (v is left empty).  A refresh of the same view keeps
 * the selection and the zoom on the same paths of names. */
void flame_view_take(struct flame_view *fv, struct console_view *v);
void flame_view_draw(struct flame_view *fv, int y0, int x0, int rows, int cols);
/* Navigation keys: arrows, Home, Enter (zoom in), Backspace (zoom out),
 * v (flip).  Returns false for keys it does not take. */
bool flame_view_key(struct flame_view *fv, int ch);
/* A click at (y, x) in the area drawn by flame_view_draw with the same
 * geometry selects the frame there; false when there is none. */
bool flame_view_click(struct flame_view *fv, int y0, int x0, int rows, int cols, int y, int x);
/* Esc: zooms out one level; false when there was nothing to zoom out. */
bool flame_view_zoom_out(struct flame_view *fv);
/* The selected frame's name ("" for the root). */
const char *flame_view_selected(const struct flame_view *fv);
/* The footer: the selected frame, its flat and cum, the matches' share. */
void flame_view_footer(const struct flame_view *fv, char *buf, size_t n);
/* Highlights the frames whose names match re (NULL or "": none); 0, or
 * -1 with err for a bad regexp. */
int flame_view_search(struct flame_view *fv, const char *re, struct rt_error *err);
/* Selects the next match after the selection; false when none. */
bool flame_view_next_match(struct flame_view *fv);

#endif
