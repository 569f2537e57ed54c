/* fuzz_obj: libFuzzer target for the OBJ parser (vertices, normals,
 * faces, fans, groups) under a small triangle cap. */
#include <stddef.h>
#include <stdint.h>

#include "base/arena.h"
#include "render/obj.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct arena a;
	struct obj_file f;
	struct rt_error err;
	arena_init(&a);
	obj_parse(&a, (const char *)data, size, "fuzz.obj", 100000, &f, &err);
	arena_free(&a);
	return 0;
}
