/* canvas: pixel storage, PPM text and PNG through libpng (in memory, then
 * written atomically). */
#include "render/canvas.h"

#include <png.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/atomic_file.h"
#include "base/rt_hooks.h"

int canvas_init(struct canvas *c, int width, int height, struct rt_error *err)
{
	c->width = width;
	c->height = height;
	c->rgb = rt_calloc((size_t)width * height, 3);
	if (!c->rgb)
		return rt_error_set(err, "out of memory for a %dx%d image", width,
				    height);
	return 0;
}

void canvas_free(struct canvas *c)
{
	rt_free(c->rgb, (size_t)c->width * c->height * 3);
	c->rgb = NULL;
}

uint8_t color_byte(double v)
{
	double s = v * 255 + 0.5;
	if (!(s > 0))	/* also NaN */
		return 0;
	if (s >= 255)
		return 255;
	return (uint8_t)s;
}

void canvas_write(struct canvas *c, int x, int y, struct color col)
{
	uint8_t *p = c->rgb + ((size_t)y * c->width + x) * 3;
	p[0] = color_byte(col.r);
	p[1] = color_byte(col.g);
	p[2] = color_byte(col.b);
}

struct color canvas_read(const struct canvas *c, int x, int y)
{
	const uint8_t *p = c->rgb + ((size_t)y * c->width + x) * 3;
	return rgb(p[0] / 255.0, p[1] / 255.0, p[2] / 255.0);
}

char *canvas_to_ppm(const struct canvas *c, size_t *len)
{
	size_t cap = 32 + (size_t)c->width * c->height * 12 + (size_t)c->height * 2;
	char *out = malloc(cap);
	if (!out)
		return NULL;
	size_t n = (size_t)snprintf(out, cap, "P3\n%d %d\n255\n", c->width, c->height);
	for (int y = 0; y < c->height; y++) {
		int col = 0;
		for (int i = 0; i < c->width * 3; i++) {
			char num[4];
			int w = snprintf(num, sizeof num, "%u",
					 c->rgb[((size_t)y * c->width) * 3 + i]);
			if (col && col + 1 + w > 70) {
				out[n++] = '\n';
				col = 0;
			}
			if (col)
				out[n++] = ' ', col++;
			memcpy(out + n, num, (size_t)w);
			n += (size_t)w;
			col += w;
		}
		out[n++] = '\n';
	}
	out[n] = 0;
	*len = n;
	return out;
}

struct membuf {
	uint8_t *p;
	size_t len, cap;
	int oom;
};

static void png_mem_write(png_structp png, png_bytep data, png_size_t len)
{
	struct membuf *m = png_get_io_ptr(png);
	if (m->oom)
		return;
	if (m->len + len > m->cap) {
		size_t cap = (m->cap ? m->cap * 2 : 65536);
		while (cap < m->len + len)
			cap *= 2;
		uint8_t *p = realloc(m->p, cap);
		if (!p) {
			m->oom = 1;
			return;
		}
		m->p = p;
		m->cap = cap;
	}
	memcpy(m->p + m->len, data, len);
	m->len += len;
}

static void png_mem_flush(png_structp png)
{
	(void)png;
}

int canvas_to_png(const struct canvas *c, uint8_t **out, size_t *len,
		  struct rt_error *err)
{
	struct membuf m = { 0 };
	png_structp png = png_create_write_struct(PNG_LIBPNG_VER_STRING, NULL,
						  NULL, NULL);
	png_infop info = png ? png_create_info_struct(png) : NULL;
	if (!info) {
		png_destroy_write_struct(&png, NULL);
		return rt_error_set(err, "out of memory encoding PNG");
	}
	if (setjmp(png_jmpbuf(png))) {
		png_destroy_write_struct(&png, &info);
		free(m.p);
		return rt_error_set(err, "PNG encoding failed");
	}
	png_set_write_fn(png, &m, png_mem_write, png_mem_flush);
	png_set_IHDR(png, info, (png_uint_32)c->width, (png_uint_32)c->height, 8,
		     PNG_COLOR_TYPE_RGB, PNG_INTERLACE_NONE,
		     PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
	png_write_info(png, info);
	for (int y = 0; y < c->height; y++)
		png_write_row(png, c->rgb + (size_t)y * c->width * 3);
	png_write_end(png, NULL);
	png_destroy_write_struct(&png, &info);
	if (m.oom) {
		free(m.p);
		return rt_error_set(err, "out of memory encoding PNG");
	}
	*out = m.p;
	*len = m.len;
	return 0;
}

int canvas_save_png(const struct canvas *c, const char *path,
		    struct rt_error *err)
{
	uint8_t *buf;
	size_t len;
	if (canvas_to_png(c, &buf, &len, err) < 0)
		return -1;
	int rc = atomic_file_write(path, buf, len, 0, err);
	free(buf);
	return rc;
}

int canvas_load_png(struct canvas *c, const char *path, struct rt_error *err)
{
	png_image img;
	memset(&img, 0, sizeof img);
	img.version = PNG_IMAGE_VERSION;
	if (!png_image_begin_read_from_file(&img, path))
		return rt_error_set(err, "%s: %s", path, img.message);
	img.format = PNG_FORMAT_RGB;
	if (canvas_init(c, (int)img.width, (int)img.height, err) < 0) {
		png_image_free(&img);
		return -1;
	}
	if (!png_image_finish_read(&img, NULL, c->rgb, 0, NULL)) {
		canvas_free(c);
		return rt_error_set(err, "%s: %s", path, img.message);
	}
	return 0;
}
