/* scene: a YAML scene file (spec §2) loaded into a camera, lights and a
 * built world.  Loading never prints and never trusts the file: every
 * problem becomes "FILE:LINE:COLUMN: what is wrong" in the rt_error.
 * Unknown keys are not errors; they are collected as warnings for the
 * caller to print.  A loaded scene is immutable and may be rendered by any
 * number of threads at once. */
#ifndef RENDER_SCENE_H
#define RENDER_SCENE_H

#include "base/arena.h"
#include "base/rt_error.h"
#include "render/camera.h"
#include "render/world.h"

/* BVH leaf threshold for node_divide (spec §5 DECISION: about 4). */
#define SCENE_BVH_THRESHOLD 4

struct scene {
	struct arena arena;	/* everything below lives here */
	char name[64];		/* file name without directory and extension */
	struct camera camera;
	struct vec3 from, to, up;	/* camera placement, for orbits */
	int frames;		/* camera `frames:` orbit length; 0: static */
	int aa;			/* camera `supersample:`; 1 = none */
	double cpuloader;	/* `add: cpuloader` share of worker time */
	struct world world;
	const char **warnings;
	int nwarnings;
};

int scene_load(struct scene *sc, const char *path, struct rt_error *err);
/* Loads from memory; file names messages, dir resolves OBJ paths. */
int scene_load_string(struct scene *sc, const char *yaml, size_t len,
		      const char *file, const char *dir, struct rt_error *err);
void scene_free(struct scene *sc);

/* Changes the image size, keeping the view (field of view, placement). */
void scene_resize(struct scene *sc, int width, int height);

/* The camera for frame n of the orbit (the scene camera when static). */
struct camera scene_camera_at(const struct scene *sc, int frame);

#endif
