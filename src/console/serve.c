/* serve: the live session's profiles over HTTP at net/http/pprof's paths,
 * with libmicrohttpd (a thread per connection, so that a 30-second CPU
 * profile does not hold up a heap profile).  Each request asks the sampler
 * for a snapshot (thread-safe) and answers with its gzip'ed protobuf; no
 * other state of the session is touched.  What Go's handlers answer with
 * an error (bad seconds, unknown profile) gets the same status here. */
#include "console/serve.h"

#include <errno.h>
#include <netdb.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/types.h>
#include <time.h>
#include <unistd.h>

#include <arpa/inet.h>
#include <microhttpd.h>

#include "base/dynlib.h"
#include "base/sbuf.h"
#include "profile/profile_io.h"
#include "sampler/sampler.h"

#define SERVE_PREFIX "/debug/pprof/"
#define SERVE_DEFAULT_SECONDS 30	/* Go's default for profile */
#define SERVE_MAX_CONNECTIONS 32

struct serve {
	struct MHD_Daemon *daemon;
	int fd;
	char url[128];
	pthread_mutex_t lock;
	pthread_cond_t cond;
	bool stopping;
};

/* The named profiles, in the index's order: what net/http/pprof serves
 * that rtprof records. */
static const struct {
	const char *name;
	const char *what;
} serve_profiles[] = {
	{ "allocs", "A sampling of all past memory allocations" },
	{ "block", "Stack traces that led to blocking on synchronization primitives" },
	{ "heap", "A sampling of memory allocations of live objects" },
	{ "mutex", "Stack traces of holders of contended mutexes" },
	{ "profile", "CPU profile; seconds=N (default 30) says for how long. "
		     "After you get the profile file, use the go tool pprof "
		     "command (or rtprof) to investigate the profile." },
};

/* libmicrohttpd, loaded when serving starts (base/dynlib.h says why). */
static struct {
	struct MHD_Daemon *(*start_daemon)(unsigned int, uint16_t, MHD_AcceptPolicyCallback, void *,
					   MHD_AccessHandlerCallback, void *, ...);
	void (*stop_daemon)(struct MHD_Daemon *);
	struct MHD_Response *(*create_response_from_buffer)(size_t, void *,
							     enum MHD_ResponseMemoryMode);
	enum MHD_Result (*add_response_header)(struct MHD_Response *, const char *, const char *);
	enum MHD_Result (*queue_response)(struct MHD_Connection *, unsigned int,
					  struct MHD_Response *);
	void (*destroy_response)(struct MHD_Response *);
	const char *(*lookup_connection_value)(struct MHD_Connection *, enum MHD_ValueKind,
					       const char *);
} mhd;

static int mhd_bind(void *h)
{
	return dynlib_sym(h, "MHD_start_daemon", &mhd.start_daemon) |
	       dynlib_sym(h, "MHD_stop_daemon", &mhd.stop_daemon) |
	       dynlib_sym(h, "MHD_create_response_from_buffer", &mhd.create_response_from_buffer) |
	       dynlib_sym(h, "MHD_add_response_header", &mhd.add_response_header) |
	       dynlib_sym(h, "MHD_queue_response", &mhd.queue_response) |
	       dynlib_sym(h, "MHD_destroy_response", &mhd.destroy_response) |
	       dynlib_sym(h, "MHD_lookup_connection_value", &mhd.lookup_connection_value);
}

static struct dynlib libmhd = DYNLIB_INIT("libmicrohttpd.so.12", "libmicrohttpd12", mhd_bind);

/* Go's serveError: a plain text line with the status. */
static enum MHD_Result serve_text(struct MHD_Connection *c, unsigned status,
				  const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static enum MHD_Result serve_text(struct MHD_Connection *c, unsigned status,
				  const char *fmt, ...)
{
	char buf[600];
	va_list ap;

	va_start(ap, fmt);
	int n = vsnprintf(buf, sizeof buf - 1, fmt, ap);
	va_end(ap);
	if (n < 0)
		n = 0;
	if ((size_t)n > sizeof buf - 2)
		n = (int)sizeof buf - 2;
	buf[n++] = '\n';
	struct MHD_Response *r = mhd.create_response_from_buffer((size_t)n, buf,
								 MHD_RESPMEM_MUST_COPY);
	if (!r)
		return MHD_NO;
	mhd.add_response_header(r, "Content-Type", "text/plain; charset=utf-8");
	mhd.add_response_header(r, "X-Content-Type-Options", "nosniff");
	mhd.add_response_header(r, "X-Go-Pprof", "1");
	enum MHD_Result rc = mhd.queue_response(c, status, r);
	mhd.destroy_response(r);
	return rc;
}

static enum MHD_Result serve_index(struct MHD_Connection *c)
{
	struct sbuf b;

	sbuf_init(&b);
	sbuf_puts(&b, "<html>\n<head>\n<title>/debug/pprof/</title>\n</head>\n<body>\n"
		      "/debug/pprof/<br>\n<br>\nrtprof's live profiles, at Go's "
		      "net/http/pprof paths:<br>\n<ul>\n");
	for (size_t i = 0; i < sizeof serve_profiles / sizeof serve_profiles[0]; i++)
		sbuf_printf(&b, "<li><a href=\"%s%s\">%s</a>: %s</li>\n",
			    serve_profiles[i].name,
			    strcmp(serve_profiles[i].name, "profile") ? "" : "?seconds=30",
			    serve_profiles[i].name, serve_profiles[i].what);
	sbuf_puts(&b, "</ul>\n</body>\n</html>\n");
	struct MHD_Response *r = mhd.create_response_from_buffer(
		b.len, b.data ? b.data : (char *)"", MHD_RESPMEM_MUST_COPY);
	sbuf_free(&b);
	if (!r)
		return MHD_NO;
	mhd.add_response_header(r, "Content-Type", "text/html; charset=utf-8");
	enum MHD_Result rc = mhd.queue_response(c, MHD_HTTP_OK, r);
	mhd.destroy_response(r);
	return rc;
}

/* Sleeps `seconds`, or less when the server stops: false then. */
static bool serve_wait(struct serve *s, int seconds)
{
	struct timespec until;
	bool stopped;

	clock_gettime(CLOCK_REALTIME, &until);
	until.tv_sec += seconds;
	pthread_mutex_lock(&s->lock);
	while (!s->stopping &&
	       pthread_cond_timedwait(&s->cond, &s->lock, &until) != ETIMEDOUT)
		;
	stopped = s->stopping;
	pthread_mutex_unlock(&s->lock);
	return !stopped;
}

/* A positive whole number of seconds, as Go's strconv.ParseInt takes it
 * (up to the sampler's history); -1 otherwise. */
static int serve_seconds(const char *text)
{
	char *end;

	errno = 0;
	long long v = strtoll(text, &end, 10);
	if (!*text || *end || errno || v <= 0 || v > SAMPLER_MAX_WINDOW)
		return -1;
	return (int)v;
}

static enum MHD_Result serve_profile(struct serve *s, struct MHD_Connection *c,
				     const char *name)
{
	const char *sec = mhd.lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, "seconds");
	const char *debug = mhd.lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, "debug");
	bool cpu = strcmp(name, "profile") == 0;
	enum sampler_kind kind = SAMPLER_CPU;
	struct rt_error err;
	int seconds = 0;

	if (!cpu && sampler_kind_parse(name, &kind, &err) < 0)
		return serve_text(c, MHD_HTTP_NOT_FOUND, "%s profile not available: %s", name,
				  err.msg);
	if (debug && *debug && strcmp(debug, "0") != 0)
		return serve_text(c, MHD_HTTP_NOT_IMPLEMENTED,
				  "rtprof serves profile.proto only (debug=0): debug=%s is not "
				  "supported", debug);
	if (sec && *sec) {
		seconds = serve_seconds(sec);
		if (seconds < 0 && cpu)
			return serve_text(c, MHD_HTTP_BAD_REQUEST, "bad seconds");
		if (seconds < 0)
			return serve_text(c, MHD_HTTP_BAD_REQUEST,
					  "invalid value for \"seconds\" - must be a positive "
					  "integer");
	} else if (cpu) {
		seconds = SERVE_DEFAULT_SECONDS;
	}
	/* A CPU profile, and a named profile with seconds (Go's delta
	 * profile), cover the next `seconds`: wait, then take that window. */
	if (seconds > 0 && !serve_wait(s, seconds))
		return serve_text(c, MHD_HTTP_SERVICE_UNAVAILABLE, "rtprof is shutting down");
	struct profile *p = sampler_snapshot(seconds, kind, &err);
	if (!p)
		return serve_text(c, MHD_HTTP_INTERNAL_SERVER_ERROR,
				  "%s", err.msg);
	/* Go's heap and allocs are the same data; heap leaves the type to
	 * pprof's default (the last, inuse_space), allocs names alloc_space. */
	if (kind == SAMPLER_ALLOC)
		p->default_sample_type = profile_str(p, strcmp(name, "allocs") == 0 ?
						     "alloc_space" : "");
	uint8_t *data;
	size_t len;
	int rc = profile_encode(p, &data, &len, &err);
	profile_free(p);
	if (rc < 0)
		return serve_text(c, MHD_HTTP_INTERNAL_SERVER_ERROR, "%s", err.msg);
	struct MHD_Response *r = mhd.create_response_from_buffer(len, data,
								 MHD_RESPMEM_MUST_FREE);
	if (!r) {
		free(data);
		return MHD_NO;
	}
	char disp[64];
	snprintf(disp, sizeof disp, "attachment; filename=\"%s\"", name);
	mhd.add_response_header(r, "Content-Type", "application/octet-stream");
	mhd.add_response_header(r, "Content-Disposition", disp);
	mhd.add_response_header(r, "X-Content-Type-Options", "nosniff");
	enum MHD_Result qrc = mhd.queue_response(c, MHD_HTTP_OK, r);
	mhd.destroy_response(r);
	return qrc;
}

static enum MHD_Result serve_request(void *arg, struct MHD_Connection *c, const char *url,
				     const char *method, const char *version,
				     const char *upload, size_t *upload_size, void **state)
{
	struct serve *s = arg;
	static const char *const other[] = { "cmdline", "goroutine", "symbol",
					     "threadcreate", "trace" };

	(void)version, (void)upload, (void)upload_size, (void)state;
	if (strcmp(method, "GET") != 0 && strcmp(method, "HEAD") != 0)
		return serve_text(c, MHD_HTTP_METHOD_NOT_ALLOWED, "only GET is served");
	if (strcmp(url, "/debug/pprof") == 0) {
		struct MHD_Response *r = mhd.create_response_from_buffer(0, (char *)"",
									 MHD_RESPMEM_PERSISTENT);
		if (!r)
			return MHD_NO;
		mhd.add_response_header(r, "Location", SERVE_PREFIX);
		enum MHD_Result rc = mhd.queue_response(c, MHD_HTTP_MOVED_PERMANENTLY, r);
		mhd.destroy_response(r);
		return rc;
	}
	if (strncmp(url, SERVE_PREFIX, strlen(SERVE_PREFIX)) != 0)
		return serve_text(c, MHD_HTTP_NOT_FOUND, "404 page not found");
	const char *name = url + strlen(SERVE_PREFIX);
	if (!*name)
		return serve_index(c);
	for (size_t i = 0; i < sizeof serve_profiles / sizeof serve_profiles[0]; i++)
		if (strcmp(name, serve_profiles[i].name) == 0)
			return serve_profile(s, c, name);
	for (size_t i = 0; i < sizeof other / sizeof other[0]; i++)
		if (strcmp(name, other[i]) == 0)
			return serve_text(c, MHD_HTTP_NOT_FOUND,
					  "%s: not served by rtprof (it serves profile, heap, "
					  "allocs, mutex and block)", name);
	return serve_text(c, MHD_HTTP_NOT_FOUND, "Unknown profile");
}

/* "host:port", "[v6]:port", ":port" into host and port; 0 or -1. */
static int serve_split(const char *addr, char *host, size_t hn, char *port, size_t pn)
{
	const char *colon = strrchr(addr, ':');
	const char *h = addr;
	size_t len;

	if (!colon || !colon[1] || strlen(colon + 1) >= pn)
		return -1;
	len = (size_t)(colon - addr);
	if (len && addr[0] == '[') {
		if (addr[len - 1] != ']')
			return -1;
		h++, len -= 2;
	}
	if (len >= hn)
		return -1;
	memcpy(host, h, len);
	host[len] = '\0';
	if (!*host)	/* loopback unless an address is given */
		strcpy(host, "localhost");
	strcpy(port, colon + 1);
	for (const char *p = port; *p; p++)
		if (*p < '0' || *p > '9')
			return -1;
	return 0;
}

/* A listening socket on the first address of host (IPv4 first, as Go's
 * net.Listen takes "localhost"); its fd, or -1 with err. */
static int serve_listen(const char *addr, const char *host, const char *port,
			bool *v6, struct rt_error *err)
{
	struct addrinfo hints = { .ai_socktype = SOCK_STREAM, .ai_flags = AI_NUMERICSERV };
	struct addrinfo *res, *ai;
	int rc = getaddrinfo(host, port, &hints, &res);
	int e = 0;

	if (rc != 0)
		return rt_error_set(err, "-listen=%s: %s", addr, gai_strerror(rc));
	for (int pass = 0; pass < 2; pass++)
		for (ai = res; ai; ai = ai->ai_next) {
			if ((ai->ai_family == AF_INET) != (pass == 0))
				continue;
			int fd = socket(ai->ai_family, ai->ai_socktype | SOCK_CLOEXEC,
					ai->ai_protocol);
			int one = 1;
			if (fd < 0) {
				e = errno;
				continue;
			}
			setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
			if (bind(fd, ai->ai_addr, ai->ai_addrlen) == 0 && listen(fd, 16) == 0) {
				*v6 = ai->ai_family == AF_INET6;
				freeaddrinfo(res);
				return fd;
			}
			e = errno;
			close(fd);
		}
	freeaddrinfo(res);
	return rt_error_set(err, "-listen=%s: cannot listen there: %s", addr,
			    strerror(e ? e : EADDRNOTAVAIL));
}

/* The bound address as a URL. */
static int serve_name(struct serve *s, const char *addr, struct rt_error *err)
{
	struct sockaddr_storage ss;
	socklen_t len = sizeof ss;
	char ip[INET6_ADDRSTRLEN];
	unsigned port;

	if (getsockname(s->fd, (struct sockaddr *)&ss, &len) < 0)
		return rt_error_set(err, "-listen=%s: %s", addr, strerror(errno));
	if (ss.ss_family == AF_INET6) {
		struct sockaddr_in6 *a = (struct sockaddr_in6 *)&ss;
		inet_ntop(AF_INET6, &a->sin6_addr, ip, sizeof ip);
		port = ntohs(a->sin6_port);
		snprintf(s->url, sizeof s->url, "http://[%s]:%u" SERVE_PREFIX, ip, port);
	} else {
		struct sockaddr_in *a = (struct sockaddr_in *)&ss;
		inet_ntop(AF_INET, &a->sin_addr, ip, sizeof ip);
		port = ntohs(a->sin_port);
		snprintf(s->url, sizeof s->url, "http://%s:%u" SERVE_PREFIX, ip, port);
	}
	return 0;
}

int serve_prepare(struct rt_error *err)
{
	return dynlib_load(&libmhd, "-listen", err);
}

struct serve *serve_start(const char *addr, struct rt_error *err)
{
	char host[256], port[16];
	bool v6 = false;
	struct serve *s;

	if (serve_split(addr, host, sizeof host, port, sizeof port) < 0) {
		rt_error_set(err, "-listen=%s: not an address (like localhost:6060)", addr);
		return NULL;
	}
	s = calloc(1, sizeof *s);
	if (!s) {
		rt_error_set(err, "out of memory");
		return NULL;
	}
	if (serve_prepare(err) < 0) {
		free(s);
		return NULL;
	}
	pthread_mutex_init(&s->lock, NULL);
	pthread_cond_init(&s->cond, NULL);
	s->fd = serve_listen(addr, host, port, &v6, err);
	if (s->fd < 0 || serve_name(s, addr, err) < 0)
		goto fail;
	s->daemon = mhd.start_daemon(MHD_USE_THREAD_PER_CONNECTION |
				     MHD_USE_INTERNAL_POLLING_THREAD | (v6 ? MHD_USE_IPv6 : 0),
				     0, NULL, NULL, serve_request, s,
				     MHD_OPTION_LISTEN_SOCKET, s->fd,
				     MHD_OPTION_CONNECTION_LIMIT, (unsigned)SERVE_MAX_CONNECTIONS,
				     MHD_OPTION_CONNECTION_TIMEOUT, 120u,
				     MHD_OPTION_END);
	if (!s->daemon) {
		rt_error_set(err, "-listen=%s: the HTTP server did not start", addr);
		goto fail;
	}
	return s;
fail:
	if (s->fd >= 0)
		close(s->fd);
	pthread_cond_destroy(&s->cond);
	pthread_mutex_destroy(&s->lock);
	free(s);
	return NULL;
}

const char *serve_url(const struct serve *s)
{
	return s->url;
}

void serve_stop(struct serve *s)
{
	if (!s)
		return;
	pthread_mutex_lock(&s->lock);
	s->stopping = true;
	pthread_cond_broadcast(&s->cond);
	pthread_mutex_unlock(&s->lock);
	mhd.stop_daemon(s->daemon);	/* joins the threads, closes s->fd */
	pthread_cond_destroy(&s->cond);
	pthread_mutex_destroy(&s->lock);
	free(s);
}
