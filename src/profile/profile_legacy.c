/* profile_legacy: pprof's parseLegacy (profile.go).  Each parser says
 * "unrecognized" to let the next one try, in pprof's order; its messages
 * are pprof's. */
#include "profile/profile_legacy.h"

#include <stdlib.h>
#include <string.h>

/* --- parseLegacy --- */

/* addLegacyFrameInfo: the frames pprof hides for each kind of profile. */
static const char alloc_rx[] =
	"calloc|cfree|malloc|free|memalign|do_memalign|(__)?posix_memalign|pvalloc|"
	"valloc|realloc|tcmalloc::.*|tc_calloc|tc_cfree|tc_malloc|tc_free|tc_memalign|"
	"tc_posix_memalign|tc_pvalloc|tc_valloc|tc_realloc|tc_new|tc_delete|"
	"tc_newarray|tc_deletearray|tc_new_nothrow|tc_newarray_nothrow|"
	"malloc_zone_malloc|malloc_zone_calloc|malloc_zone_valloc|malloc_zone_realloc|"
	"malloc_zone_memalign|malloc_zone_free|runtime\\..*|BaseArena::.*|"
	"(::)?do_malloc_no_errno|(::)?do_malloc_pages|(::)?do_malloc|DoSampledAllocation|"
	"MallocedMemBlock::MallocedMemBlock|_M_allocate|__builtin_(vec_)?delete|"
	"__builtin_(vec_)?new|__gnu_cxx::new_allocator::allocate|__libc_malloc|"
	"__malloc_alloc_template::allocate|allocate|cpp_alloc|operator new(\\[\\])?|"
	"simple_alloc::allocate";
static const char alloc_skip_rx[] = "runtime\\.panic|runtime\\.reflectcall|runtime\\.call[0-9]*";
static const char cpu_profiler_rx[] =
	"ProfileData::Add|ProfileData::prof_handler|CpuProfiler::prof_handler|"
	"__pthread_sighandler|__restore";
static const char lock_rx[] =
	"RecordLockProfileData|(base::)?RecordLockProfileData.*|"
	"(base::)?SubmitMutexProfileData.*|(base::)?SubmitSpinLockProfileData.*|"
	"(base::Mutex::)?AwaitCommon.*|(base::Mutex::)?Unlock.*|(base::Mutex::)?UnlockSlow.*|"
	"(base::Mutex::)?ReaderUnlock.*|(base::MutexLock::)?~MutexLock.*|"
	"(Mutex::)?AwaitCommon.*|(Mutex::)?Unlock.*|(Mutex::)?UnlockSlow.*|"
	"(Mutex::)?ReaderUnlock.*|(MutexLock::)?~MutexLock.*|(SpinLock::)?Unlock.*|"
	"(SpinLock::)?SlowUnlock.*|(SpinLockHolder::)?~SpinLockHolder.*";

static bool types_are(const struct profile *p, const char *const *t, size_t n)
{
	if (p->n_sample_types != n)
		return false;
	for (size_t i = 0; i < n; i++)
		if (strcmp(p->sample_types[i].type, t[i]) != 0)
			return false;
	return true;
}

static int frame_info(struct profile *p)
{
	static const char *const heap1[] = { "allocations", "size" };
	static const char *const heap2[] = { "objects", "space" };
	static const char *const heap3[] = { "inuse_objects", "inuse_space" };
	static const char *const heap4[] = { "alloc_objects", "alloc_space" };
	static const char *const heap5[] = { "alloc_objects", "alloc_space", "inuse_objects",
					     "inuse_space" };
	static const char *const lock[] = { "contentions", "delay" };
	const char *drop = cpu_profiler_rx, *keep = "";
	if (types_are(p, heap1, 2) || types_are(p, heap2, 2) || types_are(p, heap3, 2) ||
	    types_are(p, heap4, 2) || types_are(p, heap5, 4)) {
		drop = alloc_rx;
		keep = alloc_skip_rx;
	} else if (types_are(p, lock, 2)) {
		drop = lock_rx;
	}
	p->drop_frames = profile_str(p, drop);
	p->keep_frames = profile_str(p, keep);
	return p->drop_frames && p->keep_frames ? 0 : -1;
}

typedef int (*legacy_parser)(struct profile *, const uint8_t *, size_t, struct rt_error *);

int profile_parse_legacy(const uint8_t *data, size_t n, struct profile **out,
			 struct rt_error *err)
{
	static const legacy_parser parsers[] = {
		legacy_parse_cpu,
	};
	struct rt_error e = { { 0 } };
	*out = NULL;
	for (size_t i = 0; i < sizeof parsers / sizeof parsers[0]; i++) {
		struct profile *p = profile_new();
		if (!p)
			return rt_error_set(err, "out of memory");
		int rc = parsers[i](p, data, n, &e);
		if (rc == LEGACY_UNRECOGNIZED) {
			profile_free(p);
			continue;
		}
		if (rc == LEGACY_OK && frame_info(p) < 0)
			rc = rt_error_set(&e, "out of memory");
		if (rc != LEGACY_OK) {
			profile_free(p);
			if (strcmp(e.msg, "out of memory") != 0)
				rt_error_prefix(&e, "parsing profile");
			if (err)
				*err = e;
			return LEGACY_ERROR;
		}
		if (profile_check_valid(p, &e) < 0) {
			rt_error_prefix(&e, "malformed profile");
			if (err)
				*err = e;
			profile_free(p);
			return LEGACY_ERROR;
		}
		*out = p;
		return LEGACY_OK;
	}
	return LEGACY_UNRECOGNIZED;
}
