/* fuzz_scene: libFuzzer target for the scene loader (YAML events, caps,
 * every shape, pattern and transform the book has).  OBJ paths resolve
 * under a directory that does not exist, so no real file is read. */
#include <stddef.h>
#include <stdint.h>

#include "render/scene.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct scene sc;
	struct rt_error err;
	if (scene_load_string(&sc, (const char *)data, size, "fuzz.yaml", "/nonexistent",
			      &err) == 0)
		scene_free(&sc);
	return 0;
}
