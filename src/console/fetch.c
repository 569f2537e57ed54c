/* fetch: loading as pprof's driver/fetch.go does it for local files.  Every
 * profile read or made stays alive until fetch_free, since a merge may point
 * into its inputs.  Never prints: notes go into the caller's sbuf. */
#include "console/fetch.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "profile/profile_io.h"
#include "profile/profile_demangle.h"
#include "profile/profile_merge.h"
#include "profile/profile_prune.h"

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
	if (fd < 0 && (strncmp(path, "http://", 7) == 0 ||
		       strncmp(path, "https://", 8) == 0))
		return rt_error_set(err, "rtprof reads profiles from files, not over "
				    "HTTP: save it first (curl -o profile.pb.gz '%s')", path);
	if (fd >= 0) {
		close(fd);
		return 0;
	}
	snprintf(text, sizeof text, "%s", strerror(errno));
	text[0] = (char)tolower((unsigned char)text[0]);
	return rt_error_set(err, "open %s: %s", path, text);
}

/* pprof's combineProfiles: common units, then Merge. */
static struct profile *combine(struct fetch *f, struct profile **ps, size_t n,
			       struct rt_error *err)
{
	struct profile *m;

	if (profile_scale_units(ps, n, err) < 0)
		return NULL;
	m = profile_merge(ps, n, err);
	if (!m || own(f, m, err) < 0)
		return NULL;
	/* The merged profile holds copies of everything (its own strings):
	 * the inputs can go now rather than at fetch_free. */
	for (size_t i = 0; i < n; i++)
		disown(f, ps[i]);
	return m;
}

/* pprof's chunkedGrab for files: reads each, reports failures like pprof
 * (`FILE: message`), merges what was read.  *count gets how many were
 * read; the first failure is kept in first_err for when none was. */
static struct profile *grab(struct fetch *f, const struct fetch_opts *o,
			    char *const *srcs, size_t n, size_t *count,
			    struct sbuf *fails, struct rt_error *first_err,
			    struct rt_error *err)
{
	struct profile_read_opts ro = { .max_decompressed = o->max_decompressed };
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
		if (open_error(srcs[i], &e) == 0)
			p = profile_read_file(srcs[i], &ro, &e);
		if (!p) {
			sbuf_printf(fails, "%s: %s\n", srcs[i], e.msg);
			if (*count == 0 && !*first_err->msg)
				rt_error_set(first_err, "%s: %s", srcs[i], e.msg);
			continue;
		}
		if (own(f, p, err) < 0)
			goto out;
		/* pprof's locateBinaries, the part that needs no binary. */
		if (profile_add_fake_mapping(p) < 0) {
			rt_error_set(err, "out of memory");
			goto out;
		}
		if (override_main(p, o, err) < 0)
			goto out;
		ps[(*count)++] = p;
	}
	m = *count ? combine(f, ps, *count, err) : NULL;
out:
	free(ps);
	return m;
}

/* Whether Go's objfile.Open would open path: 0 for an object file (which
 * pprof would symbolize with and rtprof leaves alone), else -1 and Go's
 * message. */
static int open_object(const char *path, struct rt_error *err)
{
	unsigned char magic[4] = { 0 };
	int fd;
	ssize_t n;

	if (open_error(path, err) < 0)
		return -1;
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return rt_error_set(err, "open %s: unrecognized object file", path);
	n = read(fd, magic, sizeof magic);
	close(fd);
	if (n == 4 && (memcmp(magic, "\x7f" "ELF", 4) == 0 ||
		       memcmp(magic, "\xfe\xed\xfa", 3) == 0 ||	/* Mach-O */
		       memcmp(magic + 1, "\xfa\xed\xfe", 3) == 0 ||
		       memcmp(magic, "MZ", 2) == 0))		/* PE */
		return 0;
	return rt_error_set(err, "open %s: unrecognized object file", path);
}

/* The symbolizer's complaints about mappings it cannot symbolize (pprof's
 * symbolizer.newMapping); rtprof never symbolizes, so only the texts. */
static void symbolizer_notes(const struct profile *p, struct sbuf *msg)
{
	bool missing = false, *used = calloc(p->n_mappings + 1, sizeof *used);
	const struct mapping *last = NULL;

	if (!used)
		return;
	/* Which mappings locations use; consecutive locations mostly share one. */
	for (size_t k = 0; k < p->n_locations; k++) {
		const struct mapping *m = p->locations[k]->mapping;
		if (!m || m == last)
			continue;
		last = m;
		for (size_t i = 0; i < p->n_mappings; i++)
			if (p->mappings[i] == m)
				used[i] = true;
	}
	for (size_t i = 0; i < p->n_mappings; i++) {
		const struct mapping *m = p->mappings[i];
		const char *base;
		struct rt_error e;

		if (!used[i] || m->has_functions || m->has_filenames || m->has_line_numbers)
			continue;
		if (!*m->file) {
			if (i == 0)
				sbuf_puts(msg, "Main binary filename not available.\n");
			else
				missing = true;
			continue;
		}
		base = strrchr(m->file, '/') ? strrchr(m->file, '/') + 1 : m->file;
		if (base[0] == '[' || strncmp(base, "linux-vdso", 10) == 0 ||
		    strncmp(m->file, "/dev/dri/", 9) == 0)
			continue;
		if (open_object(m->file, &e) < 0) {
			sbuf_printf(msg, "Local symbolization failed for %s", base);
			if (*m->build_id)
				sbuf_printf(msg, " (build ID %s)", m->build_id);
			sbuf_printf(msg, ": %s\n", e.msg);
			missing = true;
		}
	}
	free(used);
	if (missing)
		sbuf_puts(msg, "Some binary filenames not available. Symbolization may be incomplete.\n"
			  "Try setting PPROF_BINARY_PATH to the search path for local binaries.\n");
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
		else if (!strcmp(part, "force") || !strcmp(part, "demangle=full") ||
			 !strcmp(part, "demangle=none") || !strcmp(part, "demangle=templates"))
			m->force = true;
		else if (*part && strcmp(part, "demangle=default") != 0)
			m->unrecognized++;
		if (!p[k])
			return;
		p += k + 1;
	}
}

/* pprof's Symbolizer.Symbolize on a profile of files: remote symbolz has
 * no URL to ask, so local's notes and demangling are all there is. */
static void symbolize(struct profile *p, const char *mode, struct sbuf *msg)
{
	struct symbolize_mode m;

	fetch_symbolize_mode(mode, &m);
	for (int i = 0; i < m.unrecognized; i++)
		sbuf_printf(msg, "ignoring unrecognized symbolization option: %s\n"
			    "expecting -symbolize=[local|fastlocal|remote|none][:force]"
			    "[:demangle=[none|full|templates|default]\n", mode);
	if (m.none)
		return;
	if (m.local)
		symbolizer_notes(p, msg);
	profile_demangle(p);
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
	profile_scale(base, -1);
	pair[0] = f->p;
	pair[1] = base;
	f->p = combine(f, pair, 2, err);
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
	int rc = -1;

	memset(f, 0, sizeof *f);
	sbuf_init(&fails);
	f->p = grab(f, o, o->sources, o->n_sources, &got, &fails, &first, &e);
	if (!f->p && got) {
		rt_error_set(err, "problem fetching source profiles: %s", e.msg);
		goto out;
	}
	if (n_bases) {
		struct rt_error first_base = { "" };
		base = grab(f, o, bases, 1, &got_base, &fails, &first_base, &e);
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
	symbolize(f->p, o->symbolize, msg);
	/* pprof ignores a drop/keep regexp that does not compile: nothing is
	 * pruned and the report goes on. */
	profile_remove_uninteresting(f->p, &e);
	if (o->comment && *o->comment && add_comment(f->p, o->comment, err) < 0)
		goto out;
	rc = profile_check_valid(f->p, err);
out:
	sbuf_free(&fails);
	if (rc < 0) {
		fetch_free(f);
		memset(f, 0, sizeof *f);
	}
	return rc;
}
