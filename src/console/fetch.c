/* fetch: loading as pprof's driver/fetch.go does it, for local files and
 * for URLs (fetched with libcurl, as Go's cmd/pprof fetcher does).  Every
 * profile read or made stays alive until fetch_free, since a merge may point
 * into its inputs.  Never prints: notes go into the caller's sbuf. */
#include "console/fetch.h"
#include "console/readahead.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <arpa/inet.h>
#include <curl/curl.h>
#include <netinet/in.h>

#include "base/atomic_file.h"
#include "base/dynlib.h"
#include "base/gotime.h"
#include "profile/profile_io.h"
#include "profile/profile_demangle.h"
#include "profile/profile_merge.h"
#include "profile/profile_prune.h"
#include "symbol/symbolize.h"

static int own(struct fetch *f, struct profile *p, struct rt_error *err)
{
	struct profile **n = realloc(f->owned, sizeof *n * (f->n_owned + 1));

	if (!n) {
		profile_free(p);
		return rt_error_set(err, "out of memory");
	}
	f->owned = n;
	f->owned[f->n_owned++] = p;
	return 0;
}

/* Frees p now if the fetch owns it. */
static void disown(struct fetch *f, struct profile *p)
{
	for (size_t i = 0; i < f->n_owned; i++)
		if (f->owned[i] == p) {
			profile_free(p);
			f->owned[i] = f->owned[--f->n_owned];
			return;
		}
}

void fetch_free(struct fetch *f)
{
	for (size_t i = 0; i < f->n_owned; i++)
		profile_free(f->owned[i]);
	free(f->owned);
	memset(f, 0, sizeof *f);
}

static int override_main(struct profile *p, const struct fetch_opts *o,
			 struct rt_error *err)
{
	if (!o->exec_name && !o->build_id)
		return 0;
	if (o->exec_name && !(p->mappings[0]->file = profile_str(p, o->exec_name)))
		return rt_error_set(err, "out of memory");
	if (o->build_id && !(p->mappings[0]->build_id = profile_str(p, o->build_id)))
		return rt_error_set(err, "out of memory");
	return 0;
}

/* Go's os.Open error text ("open F: no such file or directory"), which
 * pprof prints for a missing source; 0 when path opens. */
static int open_error(const char *path, struct rt_error *err)
{
	int fd;
	char text[128];

	if (strcmp(path, "-") == 0)
		return 0;
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd >= 0) {
		close(fd);
		return 0;
	}
	snprintf(text, sizeof text, "%s", strerror(errno));
	text[0] = (char)tolower((unsigned char)text[0]);
	return rt_error_set(err, "open %s: %s", path, text);
}

/* --- Sources over HTTP: Go's cmd/pprof fetcher (adjustURL, getProfile) ---
 * A source is a URL when Go's url.Parse gives it a host, as it is or with
 * "http://" in front (host:port, host:port/path); "/debug/pprof/heap" and
 * file names are files.  An empty path becomes /debug/pprof/profile,
 * -seconds replaces the query's seconds, and the query is written again
 * as Go's Values.Encode does (keys sorted, escaped). */

struct url_parts {
	char *scheme, *authority, *path, *query, *fragment;
	bool has_authority;
};

static void url_parts_free(struct url_parts *u)
{
	free(u->scheme), free(u->authority), free(u->path), free(u->query), free(u->fragment);
	memset(u, 0, sizeof *u);
}

static char *dup_n(const char *s, size_t n)
{
	char *d = malloc(n + 1);

	if (d) {
		memcpy(d, s, n);
		d[n] = '\0';
	}
	return d;
}

/* Go's url.Parse, the parts adjustURL looks at: 0, -1 where Go fails
 * (scheme-less "host:port", a port that is not a number), -2 out of
 * memory. */
static int url_split(const char *s, struct url_parts *u)
{
	const char *rest = s, *p;
	size_t i;

	memset(u, 0, sizeof *u);
	for (i = 0; s[i]; i++) {
		char c = s[i];
		if (isalpha((unsigned char)c))
			continue;
		if ((isdigit((unsigned char)c) || c == '+' || c == '-' || c == '.') && i > 0)
			continue;
		if (c == ':') {
			if (i == 0)
				return -1;	/* missing protocol scheme */
			if (!(u->scheme = dup_n(s, i)))
				return -2;
			for (char *q = u->scheme; *q; q++)
				*q = (char)tolower((unsigned char)*q);
			rest = s + i + 1;
		}
		break;
	}
	p = strchr(rest, '#');
	size_t len = p ? (size_t)(p - rest) : strlen(rest);
	if (p && !(u->fragment = strdup(p + 1)))
		return -2;
	const char *q = memchr(rest, '?', len);
	if (q && !(u->query = dup_n(q + 1, len - (size_t)(q - rest) - 1)))
		return -2;
	if (q)
		len = (size_t)(q - rest);
	if (u->scheme && rest[0] != '/') {	/* opaque: mailto:x, host:port */
		u->path = dup_n("", 0);
		return u->path ? 0 : -2;
	}
	if ((u->scheme || strncmp(rest, "///", 3) != 0) && len >= 2 && !strncmp(rest, "//", 2)) {
		size_t a = strcspn(rest + 2, "/");
		if (a > len - 2)
			a = len - 2;
		if (!(u->authority = dup_n(rest + 2, a)))
			return -2;
		u->has_authority = true;
		rest += 2 + a;
		len -= 2 + a;
		/* Go checks the port: digits after the host's last colon. */
		const char *host = strrchr(u->authority, '@');
		host = host ? host + 1 : u->authority;
		const char *br = strrchr(host, ']');
		const char *colon = strrchr(br ? br : host, ':');
		for (const char *d = colon ? colon + 1 : ""; *d; d++)
			if (!isdigit((unsigned char)*d))
				return -1;
	} else if (!u->scheme) {
		size_t seg = strcspn(rest, "/");
		if (memchr(rest, ':', seg < len ? seg : len))
			return -1;	/* first path segment cannot contain colon */
	}
	u->path = dup_n(rest, len);
	return u->path ? 0 : -2;
}

static const char *url_host(const struct url_parts *u)
{
	const char *at;

	if (!u->has_authority)
		return "";
	at = strrchr(u->authority, '@');
	return at ? at + 1 : u->authority;
}

static int hexval(int c)
{
	return isdigit(c) ? c - '0' : isxdigit(c) ? tolower(c) - 'a' + 10 : -1;
}

/* Go's QueryUnescape into a new string; NULL for a bad escape (*oom
 * false) or no memory (*oom true). */
static char *query_unescape(const char *s, size_t n, bool *oom)
{
	char *d = malloc(n + 1);
	size_t k = 0;

	*oom = !d;
	if (!d)
		return NULL;
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '%') {
			if (i + 2 >= n) {
				free(d);
				return NULL;
			}
			int hi = hexval((unsigned char)s[i + 1]), lo = hexval((unsigned char)s[i + 2]);
			if (hi < 0 || lo < 0) {
				free(d);
				return NULL;
			}
			d[k++] = (char)(hi * 16 + lo);
			i += 2;
		} else {
			d[k++] = s[i] == '+' ? ' ' : s[i];
		}
	}
	d[k] = '\0';
	return d;
}

static void query_escape(struct sbuf *b, const char *s)
{
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~')
			sbuf_putc(b, (char)c);
		else if (c == ' ')
			sbuf_putc(b, '+');
		else
			sbuf_printf(b, "%%%02X", c);
	}
}

struct query_pair {
	char *key, *value;
	size_t order;
};

static int query_pair_cmp(const void *a, const void *b)
{
	const struct query_pair *x = a, *y = b;
	int c = strcmp(x->key, y->key);

	return c ? c : x->order < y->order ? -1 : x->order > y->order;
}

/* Go's ParseQuery, Set("seconds") when seconds > 0, then Encode; the
 * query's seconds (when -seconds is not given) into *url_seconds. */
static int query_rewrite(const char *query, int seconds, long long *url_seconds,
			 struct sbuf *out)
{
	struct query_pair *pairs = NULL;
	size_t n = 0, cap = 0;
	const char *s = query ? query : "";
	int rc = -1;

	while (*s) {
		size_t len = strcspn(s, "&");
		const char *eq = memchr(s, '=', len);
		size_t klen = eq ? (size_t)(eq - s) : len;
		bool oom = false;
		char *k = NULL, *v = NULL;
		if (klen && !memchr(s, ';', len) &&
		    (k = query_unescape(s, klen, &oom)) &&
		    (v = eq ? query_unescape(eq + 1, len - klen - 1, &oom) : strdup(""))) {
			if (seconds > 0 && strcmp(k, "seconds") == 0) {
				free(k), free(v);
			} else {
				if (n == cap) {
					struct query_pair *np = realloc(pairs, sizeof *np * (cap = cap * 2 + 4));
					if (!np) {
						free(k), free(v);
						goto out;
					}
					pairs = np;
				}
				if (strcmp(k, "seconds") == 0 && *url_seconds == 0) {
					char *end;
					errno = 0;
					long long us = strtoll(v, &end, 10);
					if (*v && !*end && !errno && us >= INT32_MIN && us <= INT32_MAX)
						*url_seconds = us;
				}
				pairs[n] = (struct query_pair){ k, v, n };
				n++;
			}
		} else {
			free(k);
			if (oom)
				goto out;
		}
		s += len;
		if (*s == '&')
			s++;
	}
	if (seconds > 0) {
		char num[16];
		snprintf(num, sizeof num, "%d", seconds);
		if (n == cap) {
			struct query_pair *np = realloc(pairs, sizeof *np * (cap + 1));
			if (!np)
				goto out;
			pairs = np;
		}
		char *k = strdup("seconds"), *v = strdup(num);
		if (!k || !v) {
			free(k), free(v);
			goto out;
		}
		pairs[n] = (struct query_pair){ k, v, n };
		n++;
	}
	if (n)
		qsort(pairs, n, sizeof *pairs, query_pair_cmp);
	for (size_t i = 0; i < n; i++) {
		if (i)
			sbuf_putc(out, '&');
		query_escape(out, pairs[i].key);
		sbuf_putc(out, '=');
		query_escape(out, pairs[i].value);
	}
	rc = 0;
out:
	for (size_t i = 0; i < n; i++)
		free(pairs[i].key), free(pairs[i].value);
	free(pairs);
	return rc;
}

/* Go's adjustURL: the URL to fetch, or NULL (*oom false) when source is
 * not a URL.  *timeout gets the seconds to wait for the answer's headers
 * beyond pprof's 5: -timeout, else 1.5 times the seconds asked for, else
 * 60. */
static char *url_adjust(const char *source, int seconds, int timeout_flag,
			double *timeout, bool *oom)
{
	struct url_parts u;
	struct sbuf b, q;
	long long url_seconds = 0;
	char *out = NULL;
	int rc = url_split(source, &u);

	*oom = false;
	if (rc == -1 || (rc == 0 && !*url_host(&u) && u.scheme && strcmp(u.scheme, "file") != 0)) {
		char *h = malloc(strlen(source) + 8);
		url_parts_free(&u);
		if (!h) {
			*oom = true;
			return NULL;
		}
		strcpy(h, "http://");
		strcat(h, source);
		rc = url_split(h, &u);
		free(h);
	}
	if (rc == -2)
		*oom = true;
	if (rc < 0 || !*url_host(&u)) {
		url_parts_free(&u);
		return NULL;
	}
	sbuf_init(&b);
	sbuf_init(&q);
	if (query_rewrite(u.query, seconds, &url_seconds, &q) < 0) {
		*oom = true;
		goto out;
	}
	sbuf_printf(&b, "%s://%s%s", u.scheme, u.authority,
		    *u.path && strcmp(u.path, "/") ? u.path : "/debug/pprof/profile");
	if (q.len)
		sbuf_printf(&b, "?%s", sbuf_str(&q));
	if (u.fragment)
		sbuf_printf(&b, "#%s", u.fragment);
	double d = seconds > 0 ? seconds : url_seconds > 0 ? (double)url_seconds : 0;
	*timeout = timeout_flag > 0 ? timeout_flag : d > 0 ? d + d / 2 : 60;
	if (!(out = strdup(sbuf_str(&b))))
		*oom = true;
out:
	sbuf_free(&b);
	sbuf_free(&q);
	url_parts_free(&u);
	return out;
}

/* What one transfer saw: the body, the status line and the headers Go's
 * statusCodeError looks at. */
struct http_reply {
	struct sbuf body;
	size_t max;
	bool too_big;
	char status[128];	/* "404 Not Found" */
	bool go_pprof, text_plain;
	bool got_headers;
	char dialed[INET6_ADDRSTRLEN + 8];	/* "127.0.0.1:1": the first address tried */
	double started, header_timeout;
	bool timed_out;
};

/* libcurl, loaded on the first fetch (base/dynlib.h says why). */
static struct {
	CURL *(*init)(void);
	CURLcode (*setopt)(CURL *, CURLoption, ...);
	CURLcode (*perform)(CURL *);
	CURLcode (*getinfo)(CURL *, CURLINFO, ...);
	const char *(*strerror)(CURLcode);
	void (*cleanup)(CURL *);
} lc;

static int lc_bind(void *h)
{
	return dynlib_sym(h, "curl_easy_init", &lc.init) | dynlib_sym(h, "curl_easy_setopt", &lc.setopt) |
	       dynlib_sym(h, "curl_easy_perform", &lc.perform) |
	       dynlib_sym(h, "curl_easy_getinfo", &lc.getinfo) |
	       dynlib_sym(h, "curl_easy_strerror", &lc.strerror) |
	       dynlib_sym(h, "curl_easy_cleanup", &lc.cleanup);
}

static struct dynlib libcurl = DYNLIB_INIT("libcurl.so.4", "libcurl4", lc_bind);

static double mono_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static size_t http_body(char *data, size_t size, size_t n, void *arg)
{
	struct http_reply *r = arg;

	if (r->body.len + n > r->max) {
		r->too_big = true;
		return 0;
	}
	sbuf_add(&r->body, data, n * size);
	return n * size;
}

static bool header_is(const char *line, size_t n, const char *name)
{
	size_t k = strlen(name);

	return n > k && strncasecmp(line, name, k) == 0 && line[k] == ':';
}

static size_t http_header(char *line, size_t size, size_t n, void *arg)
{
	struct http_reply *r = arg;
	size_t len = n * size;

	r->got_headers = true;
	if (len > 5 && strncmp(line, "HTTP/", 5) == 0) {
		/* A new status line (after a redirect): forget the last one's. */
		const char *sp = memchr(line, ' ', len);
		size_t k = sp ? len - (size_t)(sp + 1 - line) : 0;
		while (k && (sp[k] == '\r' || sp[k] == '\n'))
			k--;
		snprintf(r->status, sizeof r->status, "%.*s", (int)k, sp ? sp + 1 : "");
		r->go_pprof = r->text_plain = false;
	} else if (header_is(line, len, "X-Go-Pprof")) {
		const char *v = line + 11;
		while (*v == ' ' || *v == '\t')
			v++;
		r->go_pprof = *v != '\r' && *v != '\n';
	} else if (header_is(line, len, "Content-Type")) {
		r->text_plain = memmem(line, len, "text/plain", 10) != NULL;
	}
	return len;
}

/* Opens curl's sockets, noting the address each is for: Go's dial errors
 * name it. */
static curl_socket_t http_socket(void *arg, curlsocktype purpose, struct curl_sockaddr *a)
{
	struct http_reply *r = arg;
	char ip[INET6_ADDRSTRLEN] = "";

	(void)purpose;
	if (*r->dialed) {
		;	/* Go names the first address's error */
	} else if (a->family == AF_INET) {
		const struct sockaddr_in *in = (const struct sockaddr_in *)&a->addr;
		inet_ntop(AF_INET, &in->sin_addr, ip, sizeof ip);
		snprintf(r->dialed, sizeof r->dialed, "%s:%u", ip, ntohs(in->sin_port));
	} else if (a->family == AF_INET6) {
		const struct sockaddr_in6 *in = (const struct sockaddr_in6 *)&a->addr;
		inet_ntop(AF_INET6, &in->sin6_addr, ip, sizeof ip);
		snprintf(r->dialed, sizeof r->dialed, "[%s]:%u", ip, ntohs(in->sin6_port));
	}
	return socket(a->family, a->socktype | SOCK_CLOEXEC, a->protocol);
}

/* Go's ResponseHeaderTimeout: the headers must come in time. */
static int http_progress(void *arg, curl_off_t a, curl_off_t b, curl_off_t c, curl_off_t d)
{
	struct http_reply *r = arg;

	(void)a, (void)b, (void)c, (void)d;
	if (!r->got_headers && mono_now() - r->started > r->header_timeout) {
		r->timed_out = true;
		return 1;
	}
	return 0;
}

/* Go's net/http error for a failed transfer, as much as libcurl tells. */
static void http_error(CURL *h, CURLcode rc, const char *url, const struct http_reply *r,
		       const char *errbuf, struct rt_error *err)
{
	long os_errno = 0;
	char text[128];

	lc.getinfo(h, CURLINFO_OS_ERRNO, &os_errno);
	if (r->timed_out) {
		rt_error_set(err, "Get \"%s\": net/http: timeout awaiting response headers", url);
	} else if (rc == CURLE_COULDNT_CONNECT && os_errno && *r->dialed) {
		snprintf(text, sizeof text, "%s", strerror((int)os_errno));
		text[0] = (char)tolower((unsigned char)text[0]);
		rt_error_set(err, "Get \"%s\": dial tcp %s: connect: %s", url, r->dialed, text);
	} else if (rc == CURLE_COULDNT_RESOLVE_HOST) {
		rt_error_set(err, "Get \"%s\": dial tcp: lookup %s: no such host", url,
			     errbuf && *errbuf ? errbuf : lc.strerror(rc));
	} else {
		rt_error_set(err, "Get \"%s\": %s", url,
			     errbuf && *errbuf ? errbuf : lc.strerror(rc));
	}
}

static void note(const struct fetch_opts *o, struct sbuf *msg, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void note(const struct fetch_opts *o, struct sbuf *msg, const char *fmt, ...)
{
	struct sbuf line;
	va_list ap;

	sbuf_init(&line);
	va_start(ap, fmt);
	sbuf_vprintf(&line, fmt, ap);
	va_end(ap);
	if (o->note)
		o->note(o->note_arg, sbuf_str(&line));
	else
		sbuf_add(msg, line.data ? line.data : "", line.len);
	sbuf_free(&line);
}

/* Fetches url (from url_adjust) and parses the body; NULL with err. */
static struct profile *http_grab(const struct fetch_opts *o, const char *url, double timeout,
				 struct rt_error *err)
{
	struct profile_read_opts ro = { .max_decompressed = o->max_decompressed,
					.max_sample_locations = o->max_sample_locations,
					.max_samples = o->max_samples };
	struct http_reply r = { .max = o->max_decompressed ? o->max_decompressed : 1u << 30,
				.started = mono_now(), .header_timeout = timeout + 5 };
	char errbuf[CURL_ERROR_SIZE] = "";
	char *fetch_url = strdup(url);
	struct profile *p = NULL;
	CURL *h;

	if (!fetch_url) {
		rt_error_set(err, "out of memory");
		return NULL;
	}
	bool insecure = strncmp(url, "https+insecure://", 17) == 0;
	if (insecure)	/* Go's cmd/pprof: https without checking the certificate */
		memmove(fetch_url + 5, fetch_url + 14, strlen(fetch_url + 14) + 1);
	sbuf_init(&r.body);
	if (dynlib_load(&libcurl, "fetching over HTTP", err) < 0)
		goto out;
	if (!(h = lc.init())) {
		rt_error_set(err, "out of memory");
		goto out;
	}
	/* Go's ProxyFromEnvironment never proxies requests to loopback. */
	const char *np = getenv("no_proxy") ? getenv("no_proxy") : getenv("NO_PROXY");
	char noproxy[512];
	snprintf(noproxy, sizeof noproxy, "localhost,127.0.0.1,::1%s%s", np && *np ? "," : "",
		 np ? np : "");
	lc.setopt(h, CURLOPT_URL, fetch_url);
	lc.setopt(h, CURLOPT_NOPROXY, noproxy);
	lc.setopt(h, CURLOPT_FOLLOWLOCATION, 1L);
	lc.setopt(h, CURLOPT_MAXREDIRS, 10L);	/* Go's client: 10 */
	lc.setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
	lc.setopt(h, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
	lc.setopt(h, CURLOPT_NOSIGNAL, 1L);
	lc.setopt(h, CURLOPT_ERRORBUFFER, errbuf);
	lc.setopt(h, CURLOPT_WRITEFUNCTION, http_body);
	lc.setopt(h, CURLOPT_WRITEDATA, &r);
	lc.setopt(h, CURLOPT_HEADERFUNCTION, http_header);
	lc.setopt(h, CURLOPT_HEADERDATA, &r);
	lc.setopt(h, CURLOPT_OPENSOCKETFUNCTION, http_socket);
	lc.setopt(h, CURLOPT_OPENSOCKETDATA, &r);
	lc.setopt(h, CURLOPT_XFERINFOFUNCTION, http_progress);
	lc.setopt(h, CURLOPT_XFERINFODATA, &r);
	lc.setopt(h, CURLOPT_NOPROGRESS, 0L);
	lc.setopt(h, CURLOPT_USERAGENT, "Go-http-client/1.1");
	if (insecure) {
		lc.setopt(h, CURLOPT_SSL_VERIFYPEER, 0L);
		lc.setopt(h, CURLOPT_SSL_VERIFYHOST, 0L);
	}
	CURLcode rc = lc.perform(h);
	long code = 0;
	lc.getinfo(h, CURLINFO_RESPONSE_CODE, &code);
	if (r.too_big) {
		rt_error_set(err, "Get \"%s\": the answer is larger than %zu MiB (-max_decompressed)",
			     fetch_url, r.max >> 20);
	} else if (rc != CURLE_OK) {
		http_error(h, rc, fetch_url, &r, errbuf, err);
	} else if (code != 200) {
		if (r.go_pprof && r.text_plain)
			rt_error_set(err, "server response: %s - %.*s", r.status,
				     (int)(r.body.len < 400 ? r.body.len : 400),
				     r.body.data ? r.body.data : "");
		else
			rt_error_set(err, "server response: %s", r.status);
	} else {
		p = profile_parse(r.body.data ? (const uint8_t *)r.body.data : (const uint8_t *)"",
				  r.body.len, &ro, err);
	}
	lc.cleanup(h);
out:
	sbuf_free(&r.body);
	free(fetch_url);
	return p;
}

/* Go's os.MkdirAll(dir, 0755), with its error text. */
static int mkdir_all(const char *dir, struct rt_error *err)
{
	char *path = strdup(dir), text[128];
	struct stat st;

	if (!path)
		return rt_error_set(err, "out of memory");
	for (char *q = path + 1;; q++) {
		if (*q && *q != '/')
			continue;
		char c = *q;
		*q = '\0';
		if (mkdir(path, 0755) < 0 && !(errno == EEXIST && stat(path, &st) == 0 &&
						S_ISDIR(st.st_mode))) {
			snprintf(text, sizeof text, "%s", errno == EEXIST ? "not a directory" :
				 strerror(errno));
			text[0] = (char)tolower((unsigned char)text[0]);
			rt_error_set(err, "mkdir %s: %s", path, text);
			free(path);
			return -1;
		}
		*q = c;
		if (!c)
			break;
	}
	free(path);
	return 0;
}

/* pprof's setTmpDir: $PPROF_TMPDIR, ~/pprof, then the temp folder; the
 * first that can be made.  0, or -1 when none. */
static int save_dir(char *dir, size_t n, const struct fetch_opts *o, struct sbuf *msg)
{
	const char *cands[3];
	char home[4096];
	size_t k = 0;
	const char *env = getenv("PPROF_TMPDIR"), *h = getenv("HOME"), *t = getenv("TMPDIR");

	if (env && *env)
		cands[k++] = env;
	if (h && *h) {
		snprintf(home, sizeof home, "%s/pprof", h);
		cands[k++] = home;
	}
	cands[k++] = t && *t ? t : "/tmp";
	for (size_t i = 0; i < k; i++) {
		struct rt_error e;
		if (mkdir_all(cands[i], &e) < 0) {
			note(o, msg, "Could not use temp dir %s: %s\n", cands[i], e.msg);
			continue;
		}
		snprintf(dir, n, "%s", cands[i]);
		return 0;
	}
	return -1;
}

/* pprof saves what it fetched: DIR/pprof.<binary>.<type>....NNN.pb.gz,
 * the first NNN free, and says where (or why not). */
static void save_fetched(const struct profile *p, const struct fetch_opts *o, struct sbuf *msg)
{
	char dir[4096];
	struct sbuf prefix;
	struct rt_error e;
	uint8_t *data = NULL;
	size_t len;

	if (save_dir(dir, sizeof dir, o, msg) < 0) {
		note(o, msg, "failed to identify temp dir\n");
		return;
	}
	sbuf_init(&prefix);
	sbuf_printf(&prefix, "%s/pprof.", strcmp(dir, "/") ? dir : "");
	if (p->n_mappings && *p->mappings[0]->file) {
		const char *f = p->mappings[0]->file, *slash = strrchr(f, '/');
		sbuf_printf(&prefix, "%s.", slash && slash[1] ? slash + 1 : f);
	}
	for (size_t i = 0; i < p->n_sample_types; i++)
		sbuf_printf(&prefix, "%s.", p->sample_types[i].type);
	if (profile_encode(p, &data, &len, &e) < 0) {
		note(o, msg, "Could not save profile: %s\n", e.msg);
		goto out;
	}
	for (int i = 1; i < 10000; i++) {
		char path[8192];
		struct stat st;
		snprintf(path, sizeof path, "%s%03d.pb.gz", sbuf_str(&prefix), i);
		if (lstat(path, &st) == 0)
			continue;
		if (atomic_file_write(path, data, len, 1, &e) == 0) {
			note(o, msg, "Saved profile in %s\n", path);
			goto out;
		}
		if (lstat(path, &st) == 0)	/* taken meanwhile */
			continue;
		note(o, msg, "Could not save profile: %s\n", e.msg);
		goto out;
	}
	note(o, msg, "Could not save profile: could not create file of the form %s001.pb.gz\n",
	     sbuf_str(&prefix));
out:
	free(data);
	sbuf_free(&prefix);
}

bool fetch_is_url(const char *source)
{
	double timeout;
	bool oom;
	char *url = url_adjust(source, 0, 0, &timeout, &oom);

	free(url);
	return url != NULL;
}

/* Whether symbolizing p (as symbolize will) says nothing whose order
 * follows the mappings': the merge puts them in the order samples first
 * use them, and the symbolizer's messages come a mapping at a time.  So
 * at most one mapping may lack symbols (or none be symbolized). */
static bool symbolizes_in_any_order(const struct profile *p, const char *mode)
{
	struct symbolize_mode m;
	size_t lacking = 0;
	fetch_symbolize_mode(mode, &m);
	if (m.none)
		return true;
	for (size_t i = 0; i < p->n_mappings; i++) {
		const struct mapping *mp = p->mappings[i];
		lacking += m.force || !(mp->has_functions || mp->has_filenames ||
					mp->has_line_numbers);
	}
	return lacking <= 1;
}

/* pprof's combineProfiles: common units, then Merge.  sums_only: the
 * one profile of a report that only sums samples up is left unmerged
 * where merging would change no sum (fetch_opts.sums_only): no value
 * is negative (samples that cancel out would leave nodes behind, and the
 * total counts them), zero samples and the locations no sample names are
 * dropped as merging drops them (profile_merge_self_sums), and
 * symbolization does not show the mappings' order. */
static struct profile *combine(struct fetch *f, struct profile **ps, size_t n,
			       const struct fetch_opts *o, bool sums_only,
			       struct rt_error *err)
{
	struct profile *m;

	if (profile_scale_units(ps, n, err) < 0)
		return NULL;
	if (n == 1 && sums_only && !profile_has_negative(ps[0]) &&
	    symbolizes_in_any_order(ps[0], o->symbolize)) {
		if (profile_merge_self_sums(ps[0]) < 0) {
			rt_error_set(err, "out of memory");
			return NULL;
		}
		return ps[0];
	}
	if (n == 1)	/* the one profile read is fetch's: merged in place */
		return profile_merge_self(ps[0], err) < 0 ? NULL : ps[0];
	m = profile_merge(ps, n, err);
	if (!m || own(f, m, err) < 0)
		return NULL;
	/* The merged profile holds copies of everything (its own strings):
	 * the inputs can go now rather than at fetch_free. */
	for (size_t i = 0; i < n; i++)
		disown(f, ps[i]);
	return m;
}

/* locateBinaries' search path: $PPROF_BINARY_PATH, else
 * $HOME/pprof/binaries. */
static int locate_binaries(struct profile *p, struct sbuf *msg, struct rt_error *err)
{
	const char *path = getenv("PPROF_BINARY_PATH"), *home = getenv("HOME");
	char buf[4096];

	if (!path || !*path) {
		snprintf(buf, sizeof buf, "%s%spprof/binaries", home ? home : "",
			 home && *home ? "/" : "");
		path = buf;
	}
	return symbol_locate_binaries(p, path, msg, err);
}

/* pprof's chunkedGrab: reads each source (a file, or a URL with the
 * "Fetching profile over HTTP" notes), reports failures like pprof
 * (`SOURCE: message`), merges what was read.  *count gets how many were
 * read, *remote whether one came over HTTP; the first failure is kept in
 * first_err for when none was. */
static struct profile *grab(struct fetch *f, const struct fetch_opts *o,
			    char *const *srcs, size_t n, size_t *count, bool *remote,
			    struct sbuf *msg, struct sbuf *fails,
			    struct rt_error *first_err, struct rt_error *err)
{
	struct profile_read_opts ro = { .max_decompressed = o->max_decompressed,
					.max_sample_locations = o->max_sample_locations,
					.max_samples = o->max_samples };
	struct profile **ps = calloc(n ? n : 1, sizeof *ps);
	struct profile *m = NULL;
	struct rt_error e;

	*count = 0;
	if (!ps) {
		rt_error_set(err, "out of memory");
		return NULL;
	}
	for (size_t i = 0; i < n; i++) {
		struct profile *p = NULL;
		double timeout;
		bool oom;
		char *url = url_adjust(srcs[i], o->seconds, o->timeout, &timeout, &oom);
		if (oom) {
			rt_error_set(err, "out of memory");
			goto out;
		}
		if (url) {
			note(o, msg, "Fetching profile over HTTP from %s\n", url);
			if (o->seconds > 0) {
				char d[64];
				go_duration_string((int64_t)o->seconds * 1000000000, d, sizeof d);
				note(o, msg, "Please wait... (%s)\n", d);
			}
			p = http_grab(o, url, timeout, &e);
			free(url);
			*remote = *remote || p;
		} else if (open_error(srcs[i], &e) == 0) {
			p = readahead_read_file(srcs[i], &ro, &e);
		}
		if (!p) {
			sbuf_printf(fails, "%s: %s\n", srcs[i], e.msg);
			if (*count == 0 && !*first_err->msg)
				rt_error_set(first_err, "%s: %s", srcs[i], e.msg);
			continue;
		}
		if (own(f, p, err) < 0)
			goto out;
		/* pprof's locateBinaries. */
		if (locate_binaries(p, msg, err) < 0)
			goto out;
		if (profile_add_fake_mapping(p) < 0) {
			rt_error_set(err, "out of memory");
			goto out;
		}
		if (override_main(p, o, err) < 0)
			goto out;
		ps[(*count)++] = p;
	}
	/* A profile that came over HTTP is saved merged (save_fetched). */
	bool sums_only = o->sums_only && !*remote && !(o->base && *o->base);
	m = *count ? combine(f, ps, *count, o, sums_only, err) : NULL;
out:
	free(ps);
	return m;
}

void fetch_symbolize_mode(const char *mode, struct symbolize_mode *m)
{
	const char *p = mode ? mode : "";

	memset(m, 0, sizeof *m);
	m->local = true;
	for (;;) {
		size_t k = strcspn(p, ":");
		char part[64];

		snprintf(part, sizeof part, "%.*s", (int)(k < sizeof part ? k : sizeof part - 1), p);
		for (char *c = part; *c; c++)
			*c = (char)tolower((unsigned char)*c);
		if (!strcmp(part, "none") || !strcmp(part, "no")) {
			m->none = true;
			return;	/* pprof returns here: later parts are not read */
		}
		if (!strcmp(part, "local") || !strcmp(part, "fastlocal"))
			m->local = true;
		else if (!strcmp(part, "remote"))
			m->local = false;
		else if (!strcmp(part, "force"))
			m->force = true;
		else if (!strcmp(part, "demangle=full") || !strcmp(part, "demangle=none") ||
			 !strcmp(part, "demangle=templates"))
			m->force = m->demangle_mode = true;
		else if (*part && strcmp(part, "demangle=default") != 0)
			m->unrecognized++;
		if (!p[k])
			return;
		p += k + 1;
	}
}

/* pprof's Symbolizer.Symbolize: the local symbolizer, then (for
 * -symbolize=remote) symbolz, which rtprof does not have, then demangling. */
static int symbolize(struct profile *p, const char *mode, bool remote,
		     struct sbuf *msg, struct rt_error *err)
{
	struct symbolize_mode m;

	fetch_symbolize_mode(mode, &m);
	for (int i = 0; i < m.unrecognized; i++)
		sbuf_printf(msg, "ignoring unrecognized symbolization option: %s\n"
			    "expecting -symbolize=[local|fastlocal|remote|none][:force]"
			    "[:demangle=[none|full|templates|default]\n", mode);
	if (m.none)
		return 0;
	if (m.local && symbol_symbolize(p, m.force, msg, err) < 0)
		return -1;
	if (!m.local && remote)
		sbuf_puts(msg, "remote symbolization is not supported by rtprof\n");
	profile_demangle(p);
	return 0;
}

static int add_comment(struct profile *p, const char *c, struct rt_error *err)
{
	const char **n = arena_alloc(&p->arena, sizeof *n * (p->n_comments + 1));

	if (!n)
		return rt_error_set(err, "out of memory");
	if (p->n_comments)
		memcpy(n, p->comments, sizeof *n * p->n_comments);
	if (!(n[p->n_comments] = profile_str(p, c)))
		return rt_error_set(err, "out of memory");
	p->comments = n;
	p->n_comments++;
	return 0;
}

static int with_base(struct fetch *f, const struct fetch_opts *o,
		     struct profile *base, struct rt_error *err)
{
	struct profile *pair[2];

	if (o->diff_base && profile_set_label(base, "pprof::base", "true") < 0)
		return rt_error_set(err, "out of memory");
	if (o->normalize && profile_normalize(f->p, base, err) < 0)
		return -1;
	if (profile_scale(base, -1) < 0)
		return rt_error_set(err, "out of memory");
	pair[0] = f->p;
	pair[1] = base;
	f->p = combine(f, pair, 2, o, false, err);
	return f->p ? 0 : -1;
}

int fetch_profiles(const struct fetch_opts *o, struct fetch *f,
		   struct sbuf *msg, struct rt_error *err)
{
	struct sbuf fails;
	struct rt_error first = { "" }, e;
	struct profile *base = NULL;
	char *bases[1] = { (char *)o->base };
	size_t n_bases = o->base && *o->base ? 1 : 0, got, got_base = 0;
	bool remote = false;
	int rc = -1;

	memset(f, 0, sizeof *f);
	sbuf_init(&fails);
	f->p = grab(f, o, o->sources, o->n_sources, &got, &remote, msg, &fails, &first, &e);
	if (!f->p && got) {
		rt_error_set(err, "problem fetching source profiles: %s", e.msg);
		goto out;
	}
	if (n_bases) {
		struct rt_error first_base = { "" };
		base = grab(f, o, bases, 1, &got_base, &remote, msg, &fails, &first_base, &e);
		if (!base && got_base) {
			rt_error_set(err, "problem fetching base profiles: %s,", e.msg);
			goto out;
		}
		if (!got_base && got) {
			rt_error_set(err, "%s", first_base.msg);
			goto out;
		}
	}
	if (!got) {
		rt_error_set(err, "%s", *first.msg ? first.msg : "failed to fetch any source profiles");
		goto out;
	}
	sbuf_add(msg, fails.data ? fails.data : "", fails.len);
	if (got != o->n_sources)
		sbuf_printf(msg, "Fetched %zu source profiles out of %zu\n", got, o->n_sources);
	if (base && with_base(f, o, base, err) < 0)
		goto out;
	if (symbolize(f->p, o->symbolize, remote, msg, err) < 0)
		goto out;
	/* pprof ignores a drop/keep regexp that does not compile: nothing is
	 * pruned and the report goes on. */
	profile_remove_uninteresting(f->p, &e);
	if (o->comment && *o->comment && add_comment(f->p, o->comment, err) < 0)
		goto out;
	if (remote)
		save_fetched(f->p, o, msg);
	rc = profile_check_valid(f->p, err);
out:
	sbuf_free(&fails);
	if (rc < 0) {
		fetch_free(f);
		memset(f, 0, sizeof *f);
	}
	return rc;
}
