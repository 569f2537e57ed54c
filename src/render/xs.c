/* xs: growable intersection lists and their sort. */
#include "render/xs.h"

#include <string.h>

#include "base/rt_hooks.h"

void xs_init(struct xs *xs)
{
	memset(xs, 0, sizeof *xs);
}

void xs_free(struct xs *xs)
{
	rt_free(xs->v, (size_t)xs->cap * sizeof *xs->v);
	xs_init(xs);
}

int xs_reserve(struct xs *xs, int cap)
{
	if (cap <= xs->cap)
		return 0;
	struct isect *nv = rt_alloc((size_t)cap * sizeof *nv);
	if (!nv)
		return -1;
	if (xs->n)
		memcpy(nv, xs->v, (size_t)xs->n * sizeof *nv);
	rt_free(xs->v, (size_t)xs->cap * sizeof *xs->v);
	xs->v = nv;
	xs->cap = cap;
	return 0;
}

static void insertion_sort_gap(struct isect *v, int n, int gap)
{
	for (int i = gap; i < n; i++) {
		struct isect x = v[i];
		int j = i;
		while (j >= gap && v[j - gap].t > x.t) {
			v[j] = v[j - gap];
			j -= gap;
		}
		v[j] = x;
	}
}

void xs_sort(struct isect *v, int n)
{
	static const int gaps[] = { 701, 301, 132, 57, 23, 10, 4 };

	if (n > 32)
		for (unsigned i = 0; i < sizeof gaps / sizeof gaps[0]; i++)
			if (gaps[i] < n)
				insertion_sort_gap(v, n, gaps[i]);
	insertion_sort_gap(v, n, 1);
}

int xs_hit(const struct isect *v, int n)
{
	for (int i = 0; i < n; i++)
		if (v[i].t >= 0)
			return i;
	return -1;
}
