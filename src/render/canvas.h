/* canvas: an 8-bit RGB image (book ch. 2) and its PPM / PNG encodings.
 * During a render each pixel is written by exactly one worker. */
#ifndef RENDER_CANVAS_H
#define RENDER_CANVAS_H

#include <stddef.h>
#include <stdint.h>

#include "base/rt_error.h"
#include "render/vec.h"

struct canvas {
	int width, height;
	uint8_t *rgb;	/* width * height * 3, row-major */
};

/* Black canvas; -1 when out of memory. */
int canvas_init(struct canvas *c, int width, int height, struct rt_error *err);
void canvas_free(struct canvas *c);
/* Book rule: scale by 255, round, clamp to 0..255. */
uint8_t color_byte(double v);
void canvas_write(struct canvas *c, int x, int y, struct color col);
struct color canvas_read(const struct canvas *c, int x, int y);

/* PPM P3 text (book ch. 2), lines <= 70 chars; malloc'ed, NUL-ended. */
char *canvas_to_ppm(const struct canvas *c, size_t *len);
/* PNG in memory (libpng); malloc'ed. */
int canvas_to_png(const struct canvas *c, uint8_t **out, size_t *len,
		  struct rt_error *err);
/* Encodes and writes path atomically. */
int canvas_save_png(const struct canvas *c, const char *path,
		    struct rt_error *err);
/* Reads an 8-bit RGB/RGBA/gray PNG (for image regression tests). */
int canvas_load_png(struct canvas *c, const char *path, struct rt_error *err);

#endif
