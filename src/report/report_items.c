/* report_items: the rows a report printed, described for the console.
 * Items are recorded with the byte offset where their row starts; the
 * entry point turns offsets into line indexes once the text is done. */
#include "report/report_context.h"

#include <assert.h>
#include <stdlib.h>
#include <string.h>

void report_items_init(struct report_items *it)
{
	memset(it, 0, sizeof *it);
	arena_init(&it->strings);
}

void report_items_reset(struct report_items *it)
{
	it->n = 0;
	arena_reset(&it->strings);
}

void report_items_free(struct report_items *it)
{
	free(it->v);
	arena_free(&it->strings);
	memset(it, 0, sizeof *it);
}

/* Items are in line order: a binary search. */
const struct report_item *report_items_at(const struct report_items *it, size_t line)
{
	size_t lo = 0, hi = it ? it->n : 0;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (it->v[mid].line < line)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < (it ? it->n : 0) && it->v[lo].line == line ? &it->v[lo] : NULL;
}

static const char *keep(struct report_items *it, const char *s)
{
	const char *c = arena_strdup(&it->strings, s ? s : "");
	return c ? c : "";
}

struct report_item *rctx_item(struct rctx *r, enum report_row row, const char *name,
			      const struct node_info *info)
{
	struct report_items *it = r->items;
	if (!it)
		return NULL;
	if (it->n == it->cap) {
		size_t cap = it->cap ? it->cap * 2 : 64;
		struct report_item *v = realloc(it->v, cap * sizeof *v);
		if (!v)
			return NULL;	/* rows without items: the text is still right */
		it->v = v;
		it->cap = cap;
	}
	struct report_item *item = &it->v[it->n++];
	memset(item, 0, sizeof *item);
	item->line = r->out->len;	/* an offset until rctx_items_done */
	item->row = row;
	item->name = keep(it, name);
	item->function = keep(it, info ? info->name : "");
	item->file = keep(it, info ? info->file : "");
	if (info) {
		item->lineno = info->lineno;
		item->address = info->address;
	}
	return item;
}

struct report_item *rctx_item_node(struct rctx *r, enum report_row row, struct graph *g,
				   struct graph_node *n)
{
	struct report_item *item = rctx_item(r, row, graph_node_name(g, n), &n->info);
	if (item) {
		item->flat = graph_node_flat(n);
		item->cum = graph_node_cum(n);
	}
	return item;
}

void rctx_items_done(struct rctx *r, size_t first)
{
	struct report_items *it = r->items;
	if (!it)
		return;
	const char *s = sbuf_str(r->out);
	size_t line = 0, pos = 0;
	for (size_t i = first; i < it->n; i++) {
		size_t off = it->v[i].line;
		assert(off >= pos);	/* rows are recorded in output order */
		for (; pos < off && pos < r->out->len; pos++)
			line += s[pos] == '\n';
		it->v[i].line = line;
	}
}
