/* profile_io: reading and writing pprof's profile.proto (.pb.gz or .pb).
 * Errors never print: they fill rt_error with the message (without the
 * file name; callers prefix it). */
#ifndef RT_PROFILE_IO_H
#define RT_PROFILE_IO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "profile/profile.h"

/* What a profile may hold: locations in one sample (4 bytes each in
 * memory) and samples (about 64 bytes each, values and locations apart).
 * Beyond them reading stops with a message naming the limit's flag. */
#define PROFILE_DEFAULT_MAX_SAMPLE_LOCATIONS ((size_t)65536)
#define PROFILE_DEFAULT_MAX_SAMPLES ((size_t)10000000)

struct profile_read_opts {
	size_t max_decompressed;	/* 0 means GZ_DEFAULT_MAX */
	size_t max_file;		/* 0 means 4 GiB */
	size_t max_sample_locations;	/* 0 means the default above */
	size_t max_samples;		/* 0 means the default above */
	/* Read the data whole before decoding it, as the reader does when it
	 * cannot in one pass (the reference the tests hold that pass to). */
	bool whole;
};

/* The caps o sets, with the defaults of those it leaves 0. */
size_t profile_max_file(const struct profile_read_opts *o);
size_t profile_max_decompressed(const struct profile_read_opts *o);
/* path opened for a read in one pass (profile_read_bytes): a regular file
 * within the cap, unless o asks for whole reads; -1 otherwise (the whole
 * read then says what is wrong). */
int profile_open_one_pass(const char *path, const struct profile_read_opts *o);

/* Decodes data[0..n), gzip or not, and validates it as pprof does. */
struct profile *profile_parse(const uint8_t *data, size_t n,
			      const struct profile_read_opts *o,
			      struct rt_error *err);
/* Reads a file ("-" is stdin).  Messages look like pprof's. */
struct profile *profile_read_file(const char *path,
				  const struct profile_read_opts *o,
				  struct rt_error *err);
/* A profile's data (inflated), handed over a piece at a time: read puts
 * up to cap of the next bytes into buf and returns how many, 0 at the end,
 * -1 when it failed.  It may be filled by another thread. */
struct profile_bytes {
	ssize_t (*read)(void *arg, uint8_t *buf, size_t cap);
	void *arg;
};
/* Reads a profile from src in one pass, as profile_read_file reads a file
 * when it can; NULL when it cannot (bad data as well as unusual data): the
 * caller then reads the data whole (profile_read_file, profile_parse),
 * which finds pprof's message for what is wrong. */
struct profile *profile_read_bytes(const struct profile_bytes *src,
				   const struct profile_read_opts *o);
/* Reads a whole file into a malloc'ed buffer (with a size cap). */
int profile_slurp(const char *path, size_t max, uint8_t **out, size_t *len,
		  struct rt_error *err);

/* Encodes p as gzip'ed protobuf into a malloc'ed buffer. */
int profile_encode(const struct profile *p, uint8_t **out, size_t *len,
		   struct rt_error *err);
/* The same, encoded and deflated in pieces run on r (base/runner.h;
 * NULL: in turn). */
struct runner;
int profile_encode_on(const struct profile *p, const struct runner *r, uint8_t **out,
		      size_t *len, struct rt_error *err);
/* The same, the bytes handed to put in order as they are made (only a
 * few pieces are ever held); put returns -1 to stop, and the encoding
 * then fails as out of memory. */
int profile_encode_to(const struct profile *p, const struct runner *r,
		      int (*put)(void *arg, const void *data, size_t n), void *arg,
		      struct rt_error *err);
/* The same protobuf bytes as pprof's encoder, not compressed. */
int profile_encode_raw(const struct profile *p, uint8_t **out, size_t *len,
		       struct rt_error *err);
/* Writes p to path atomically (temp file in the same folder, fsync,
 * rename).  "-" writes to stdout. */
int profile_write_file(const struct profile *p, const char *path,
		       struct rt_error *err);

#endif
