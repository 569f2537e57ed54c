/* testutil: shared helpers for the renderer's cmocka tests: approximate
 * comparisons with the book's tolerance and a small world builder. */
#ifndef TESTS_RENDER_TESTUTIL_H
#define TESTS_RENDER_TESTUTIL_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <string.h>

#include "render/shade.h"
#include "render/world.h"

#define TEST_EPS 1e-4

#define assert_near(a, b)                                                     \
	do {                                                                  \
		double a_ = (a), b_ = (b);                                    \
		if (!(fabs(a_ - b_) < TEST_EPS))                              \
			fail_msg("%s = %.6f, want %.6f", #a, a_, b_);          \
	} while (0)

#define assert_vec(v, X, Y, Z)                                                \
	do {                                                                  \
		struct vec3 v_ = (v);                                         \
		assert_near(v_.x, X);                                         \
		assert_near(v_.y, Y);                                         \
		assert_near(v_.z, Z);                                         \
	} while (0)

#define assert_color(c, R, G, B)                                              \
	do {                                                                  \
		struct color c_ = (c);                                        \
		assert_near(c_.r, R);                                         \
		assert_near(c_.g, G);                                         \
		assert_near(c_.b, B);                                         \
	} while (0)

/* A test world: nodes in an arena, materials owned here so tests may
 * change them after the build (shapes point at them). */
struct tw {
	struct arena a;
	struct node *root;
	struct world w;
	struct light lights[4];
	struct material mat[8];
	int nmat;
	struct trace t;
};

static inline void tw_init(struct tw *t)
{
	memset(t, 0, sizeof *t);
	arena_init(&t->a);
	t->root = node_new_group(&t->a);
}

static inline struct material *tw_material(struct tw *t)
{
	struct material *m = &t->mat[t->nmat++];
	*m = material_default();
	return m;
}

static inline struct node *tw_add(struct tw *t, enum shape_kind kind,
				  struct mat4 xf, struct material *m)
{
	struct node *n = node_new_shape(&t->a, kind);
	n->transform = xf;
	n->material = m;
	node_add_child(&t->a, t->root, n);
	return n;
}

/* Builds the world (no BVH division) and a trace with default switches. */
static inline void tw_build(struct tw *t, int nlights)
{
	struct render_switches sw = switches_default();
	struct rt_error err;
	assert_int_equal(world_build(&t->w, t->root, &t->a, &err), 0);
	t->w.lights = t->lights;
	t->w.nlights = nlights;
	trace_init(&t->t, &t->w, &sw);
}

static inline void tw_free(struct tw *t)
{
	trace_free(&t->t);
	arena_free(&t->a);
}

/* The book's default world: light (-10,10,-10); s1 colored; s2 scaled. */
static inline void tw_default(struct tw *t)
{
	tw_init(t);
	struct material *m1 = tw_material(t), *m2 = tw_material(t);
	m1->color = rgb(0.8, 1.0, 0.6);
	m1->diffuse = 0.7;
	m1->specular = 0.2;
	tw_add(t, SHAPE_SPHERE, mat4_identity(), m1);
	tw_add(t, SHAPE_SPHERE, scaling(0.5, 0.5, 0.5), m2);
	t->lights[0] = light_point(v3(-10, 10, -10), rgb(1, 1, 1));
}

/* Sorted hits of one world ray. */
static inline struct xs *tw_hits(struct tw *t, struct ray r)
{
	t->t.xs.n = 0;
	world_intersect(&t->w, &r, &t->t.xs, true);
	xs_sort(t->t.xs.v, t->t.xs.n);
	return &t->t.xs;
}

/* Hits of a single shape, sorted, into xs. */
static inline void shape_hits(const struct shape *s, struct ray r, struct xs *xs)
{
	xs->n = 0;
	shape_intersect(s, &r, xs, true);
	xs_sort(xs->v, xs->n);
}

#endif
