/* report_weblist: weblist RE, pprof's HTML listing (internal/report
 * source.go's page: legend, then per function its source lines, each
 * with the assembly of its instructions folded in, shown on a click).
 * The functions are disasm's (report_disasm_symbols: symbols matching RE
 * in binaries with samples) and an instruction goes under the line
 * objdump gives it in the function's file, or, for code inlined from
 * another file, under the line of the instruction before; pprof places
 * those by the symbolizer's inline frames instead, so the page has
 * pprof's layout but is not its bytes. */
#include "report/report_formats.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/path_clean.h"
#include "measurement/measurement.h"
#include "report/report_disasm.h"

/* The page's style and script, as pprof writes them. */
static const char page_head[] =
	"\n<!DOCTYPE html>\n<html>\n<head>\n<meta charset=\"UTF-8\">\n"
	"<title>Pprof listing</title>\n"
	"<style type=\"text/css\">\nbody #content{\nfont-family: sans-serif;\n}\n"
	"h1 {\n  font-size: 1.5em;\n}\n.legend {\n  font-size: 1.25em;\n}\n"
	".line, .nop, .unimportant {\n  color: #aaaaaa;\n}\n"
	".inlinesrc {\n  color: #000066;\n}\n.livesrc {\ncursor: pointer;\n}\n"
	".livesrc:hover {\nbackground-color: #eeeeee;\n}\n"
	".asm {\ncolor: #008800;\ndisplay: none;\n}\n</style>\n"
	"<script type=\"text/javascript\">\nfunction pprof_toggle_asm(e) {\n"
	"  var target;\n  if (!e) e = window.event;\n"
	"  if (e.target) target = e.target;\n"
	"  else if (e.srcElement) target = e.srcElement;\n\n"
	"  if (target) {\n    var asm = target.nextSibling;\n"
	"    if (asm && asm.className == \"asm\") {\n"
	"      asm.style.display = (asm.style.display == \"block\" ? \"\" : \"block\");\n"
	"      e.preventDefault();\n      return false;\n    }\n  }\n}\n</script>\n"
	"</head>\n<body>\n\n";

static void html(struct sbuf *b, const char *s)
{
	for (; *s; s++)
		switch (*s) {
		case '<': sbuf_puts(b, "&lt;"); break;
		case '>': sbuf_puts(b, "&gt;"); break;
		case '&': sbuf_puts(b, "&amp;"); break;
		case '\'': sbuf_puts(b, "&#39;"); break;
		case '"': sbuf_puts(b, "&#34;"); break;
		case 0: break;
		default: sbuf_putc(b, *s);
		}
}

/* Source lines of path (1-based), found as it is or under the
 * ':'-separated search dirs; NULL when not found. */
static char **read_source(const char *path, const char *search, size_t *n)
{
	FILE *f = path[0] == '/' ? fopen(path, "r") : NULL;
	char **v = NULL, *line = NULL;
	size_t cap = 0, ln = 0;
	ssize_t r;

	for (const char *s = search; !f && path[0] != '/';) {
		size_t k = strcspn(s, ":");
		char full[8192];
		snprintf(full, sizeof full, "%.*s/%s", (int)k, s, path);
		f = fopen(full, "r");
		if (!s[k])
			break;
		s += k + 1;
	}
	*n = 0;
	if (!f)
		return NULL;
	while ((r = getline(&line, &ln, f)) >= 0) {
		while (r > 0 && (line[r - 1] == '\n' || line[r - 1] == '\r'))
			line[--r] = 0;
		if (*n + 2 > cap) {
			cap = cap ? cap * 2 : 256;
			char **nv = realloc(v, cap * sizeof *nv);
			if (!nv)
				break;
			v = nv;
		}
		v[++*n] = strdup(line);
	}
	free(line);
	fclose(f);
	return v;
}

static void dot_or(struct rctx *r, int64_t v, char *buf, size_t n)
{
	if (v == 0)
		snprintf(buf, n, ".");
	else
		rctx_format(r, v, buf, n);
}

static size_t indentation(const char *s)
{
	size_t col = 0;

	for (; *s == ' ' || *s == '\t'; s++)
		col = *s == '\t' ? (col / 8 + 1) * 8 : col + 1;
	return col;
}

static void print_asm(struct rctx *r, struct sbuf *o, const struct disasm_line *a, size_t n,
		      size_t indent)
{
	char fv[64], cv[64];

	sbuf_puts(o, "<span class=asm>");
	for (size_t i = 0; i < n; i++) {
		struct sbuf text;
		if (i && a[i].starts_block)
			sbuf_printf(o, " %8s %27s\xe2\x8b\xae\n", "", "");	/* Go pads runes */
		sbuf_init(&text);
		sbuf_printf(&text, "%*s", (int)(indent + 4), "");
		for (const char *c = a[i].text; *c; c++)	/* tab stops of 8 */
			if (*c == '\t')
				do
					sbuf_putc(&text, ' ');
				while (text.len % 8);
			else
				sbuf_putc(&text, *c);
		while (text.len < 80)
			sbuf_putc(&text, ' ');
		dot_or(r, a[i].flat, fv, sizeof fv);
		dot_or(r, a[i].cum, cv, sizeof cv);
		sbuf_printf(o, " %8s %10s %10s %8" PRIx64 ": ", "", fv, cv, a[i].addr);
		html(o, sbuf_str(&text));
		sbuf_puts(o, " <span class=unimportant>");
		if (*a[i].file) {
			html(o, a[i].file);
			sbuf_printf(o, ":%" PRId64, a[i].line);
		}
		sbuf_puts(o, "</span>\n");
		sbuf_free(&text);
	}
	sbuf_puts(o, "</span>");
}

/* One function: the lines from 5 before its first to 5 after its last. */
static void print_function(struct rctx *r, const char *name, const char *file,
			   const char *shown, struct disasm_line *a, size_t n, const char *search)
{
	struct sbuf *o = r->out;
	int64_t lo = INT64_MAX, hi = 0, flat = 0, cum = 0, line = 0;
	char fv[64], cv[64], pc[32];
	size_t n_src;
	char **src;

	/* Lines in the function's file; others take the line before. */
	for (size_t i = 0; i < n; i++) {
		if (!strcmp(a[i].full_file, file) && a[i].line > 0)
			line = a[i].line;
		a[i].home = line;
		flat += a[i].flat;
		cum += a[i].cum;
		if (line && line < lo)
			lo = line;
		if (line > hi)
			hi = line;
	}
	if (!hi)
		return;
	src = read_source(shown, search, &n_src);
	rctx_format(r, flat, fv, sizeof fv);
	rctx_format(r, cum, cv, sizeof cv);
	meas_percentage(pc, sizeof pc, cum, r->total);
	sbuf_puts(o, "<h2>");
	html(o, name);
	sbuf_puts(o, "</h2><p class=\"filename\">");
	html(o, shown);
	sbuf_printf(o, "</p>\n<pre onClick=\"pprof_toggle_asm(event)\">\n"
		    "  Total:  %10s %10s (flat, cum) %s\n", fv, cv, pc);
	lo = lo > 5 ? lo - 5 : 1;
	for (int64_t l = lo; l < hi + 1 + 5; l++) {
		const char *text = src && (size_t)l <= n_src ? src[l] : NULL;
		int64_t f = 0, c = 0;
		size_t first = n, count = 0;
		for (size_t i = 0; i < n; i++)
			if (a[i].home == l) {
				f += a[i].flat;
				c += a[i].cum;
				if (first == n)
					first = i;
				count++;
			}
		if (!text && !count)
			continue;
		if (!text)
			text = "???";
		dot_or(r, f, fv, sizeof fv);
		dot_or(r, c, cv, sizeof cv);
		sbuf_printf(o, "<span class=line> %6" PRId64 "</span> <span class=%s>  %10s %10s %8s  ",
			    l, count ? "livesrc" : "nop", fv, cv, "");
		html(o, text);
		sbuf_puts(o, " </span>");
		if (count) {
			struct disasm_line *sel = malloc(count * sizeof *sel);
			size_t k = 0;
			if (sel) {
				for (size_t i = first; i < n; i++)
					if (a[i].home == l) {
						sel[k] = a[i];
						sel[k].starts_block = k && a[i - 1].home != l;
						k++;
					}
				print_asm(r, o, sel, k, indentation(text));
				free(sel);
			}
		}
		sbuf_putc(o, '\n');
	}
	sbuf_puts(o, "</pre>\n");
	for (size_t i = 1; src && i <= n_src; i++)
		free(src[i]);
	free(src);
}

static int weblist(struct rctx *r, struct disasm_ctx *d)
{
	char search[4096], tv[64];
	struct sbuf labels;
	size_t n;
	int rc = 0;

	if (report_disasm_symbols(d) < 0)
		return -1;
	if (!(n = report_disasm_count(d)))
		return rt_error_set(r->err, "no matches found for regexp: %s", r->symbol_src);
	if (r->cfg->source_path && *r->cfg->source_path)
		snprintf(search, sizeof search, "%s", r->cfg->source_path);
	else if (!getcwd(search, sizeof search))
		return rt_error_set(r->err, "could not stat current dir");
	sbuf_puts(r->out, page_head);
	sbuf_init(&labels);
	rctx_profile_labels(r, &labels);
	sbuf_puts(r->out, "<div class=\"legend\">");
	for (const char *s = sbuf_str(&labels); *s;) {
		size_t k = strcspn(s, "\n");
		char *one = strndup(s, k);
		if (one) {
			html(r->out, one);
			free(one);
		}
		s += k;
		if (*s)
			s++;
		sbuf_puts(r->out, *s ? "<br>\n" : "<br>");
	}
	sbuf_free(&labels);
	rctx_format(r, r->total, tv, sizeof tv);
	sbuf_printf(r->out, "Total: %s</div>", tv);
	for (size_t i = 0; i < n && rc == 0; i++) {
		struct disasm_line *a;
		size_t na;
		const char *name, *file;
		if ((rc = report_disasm_lines(d, i, &name, &file, &a, &na)) < 0 || !*file)
			continue;
		char *clean = malloc(strlen(file) + 2);
		if (!clean)
			return rt_error_set(r->err, "out of memory");
		path_clean_to(clean, file);
		print_function(r, name, file, clean, a, na, search);
		free(clean);
	}
	sbuf_puts(r->out, "\n</body>\n</html>\n");
	return rc;
}

int report_weblist(struct rctx *r)
{
	struct disasm_ctx *d = report_disasm_begin(r);
	int rc;

	if (!d)
		return -1;
	rc = weblist(r, d);
	report_disasm_end(d);
	return rc;
}
