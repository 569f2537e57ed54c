/* readahead: a profile file read on two cores.  A thread of its own
 * inflates the file into a small ring of pieces while the caller's thread
 * decodes them (profile_read_bytes): zlib's time and the decoder's
 * overlap.  What the one-pass reader gives up on (bad or unusual data) is
 * read again whole by profile_read_file, whose message an error is. */
#ifndef RT_READAHEAD_H
#define RT_READAHEAD_H

#include "profile/profile_io.h"

/* profile_read_file's contract: a profile, or NULL with err set. */
struct profile *readahead_read_file(const char *path, const struct profile_read_opts *o,
				    struct rt_error *err);

#endif
