/* serve: net/http/pprof's endpoints for the live session (`rtprof
 * -listen=ADDR scene.yaml`): /debug/pprof/ (index), profile?seconds=N,
 * heap, allocs, mutex and block, each a gzip'ed profile.proto made by the
 * sampler, so that `go tool pprof http://ADDR/debug/pprof/profile` works
 * against rtprof as against a Go program.  libmicrohttpd runs the server
 * on its own threads; they read the live session only through the
 * sampler's thread-safe calls (sampler_snapshot). */
#ifndef RT_CONSOLE_SERVE_H
#define RT_CONSOLE_SERVE_H

#include "base/rt_error.h"

struct serve;

/* Binds to addr ("host:port", "[::1]:port", ":port" meaning localhost;
 * port 0 picks a free port) and starts serving.  NULL with err
 * ("-listen=ADDR: ...") when the address is bad or binding fails.  The
 * caller's signal mask is the server threads'. */
struct serve *serve_start(const char *addr, struct rt_error *err);
/* Loads the HTTP server library (serve_start does it too): called before
 * the session's threads start, so that no loading overlaps them. */
int serve_prepare(struct rt_error *err);
/* "http://127.0.0.1:6060/debug/pprof/", the address actually bound. */
const char *serve_url(const struct serve *s);
/* Ends waits under way (a profile?seconds=N answers 503), stops the
 * server and frees.  Call it before the sampler stops.  NULL is fine. */
void serve_stop(struct serve *s);

#endif
