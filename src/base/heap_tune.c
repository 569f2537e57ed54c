#include "base/heap_tune.h"

#include <malloc.h>

void heap_tune_refresh(void)
{
	mallopt(M_MMAP_THRESHOLD, 32 * 1024 * 1024);
	mallopt(M_TRIM_THRESHOLD, 64 * 1024 * 1024);
}
