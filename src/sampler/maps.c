/* maps: executable PT_LOAD segments of every loaded object, like the
 * mappings Go's runtime/pprof writes.  The main program has an empty
 * dlpi_name: its path comes from /proc/self/exe. */
#include "sampler/maps.h"

#include <elf.h>
#include <link.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void build_id_hex(const struct dl_phdr_info *info, char *out, size_t cap)
{
	out[0] = 0;
	for (int i = 0; i < info->dlpi_phnum; i++) {
		const ElfW(Phdr) *ph = &info->dlpi_phdr[i];
		if (ph->p_type != PT_NOTE)
			continue;
		const char *p = (const char *)(info->dlpi_addr + ph->p_vaddr);
		const char *end = p + ph->p_memsz;
		while (p + sizeof(ElfW(Nhdr)) <= end) {
			const ElfW(Nhdr) *nh = (const ElfW(Nhdr) *)p;
			const char *name = p + sizeof *nh;
			const unsigned char *desc =
				(const unsigned char *)name + ((nh->n_namesz + 3) & ~3u);
			if (nh->n_type == NT_GNU_BUILD_ID && nh->n_namesz == 4 &&
			    !memcmp(name, "GNU", 4)) {
				size_t n = nh->n_descsz;
				if (2 * n + 1 > cap)
					n = (cap - 1) / 2;
				for (size_t k = 0; k < n; k++)
					snprintf(out + 2 * k, 3, "%02x", desc[k]);
				return;
			}
			p = (const char *)desc + ((nh->n_descsz + 3) & ~3u);
		}
	}
}

static void object_path(const struct dl_phdr_info *info, char *out, size_t cap)
{
	const char *name = info->dlpi_name;
	if (name && *name) {
		snprintf(out, cap, "%s", strstr(name, "linux-vdso") || strstr(name, "linux-gate")
					 ? "[vdso]" : name);
		return;
	}
	ssize_t n = readlink("/proc/self/exe", out, cap - 1);
	out[n > 0 ? n : 0] = 0;
}

static int add_object(struct dl_phdr_info *info, size_t size, void *data)
{
	struct maps *m = data;
	(void)size;
	for (int i = 0; i < info->dlpi_phnum; i++) {
		const ElfW(Phdr) *ph = &info->dlpi_phdr[i];
		if (ph->p_type != PT_LOAD || !(ph->p_flags & PF_X))
			continue;
		if (m->n == m->cap) {
			size_t cap = m->cap ? m->cap * 2 : 16;
			struct maps_entry *v = realloc(m->v, cap * sizeof *v);
			if (!v)
				return 1;
			m->v = v;
			m->cap = cap;
		}
		struct maps_entry *e = &m->v[m->n++];
		e->start = info->dlpi_addr + ph->p_vaddr;
		e->limit = e->start + ph->p_memsz;
		e->offset = ph->p_offset;
		object_path(info, e->file, sizeof e->file);
		build_id_hex(info, e->build_id, sizeof e->build_id);
	}
	return 0;
}

static int by_start(const void *a, const void *b)
{
	const struct maps_entry *x = a, *y = b;
	return x->start < y->start ? -1 : x->start > y->start;
}

int maps_read(struct maps *m)
{
	memset(m, 0, sizeof *m);
	if (dl_iterate_phdr(add_object, m) != 0) {
		maps_free(m);
		return -1;
	}
	qsort(m->v, m->n, sizeof *m->v, by_start);
	return 0;
}

void maps_free(struct maps *m)
{
	free(m->v);
	memset(m, 0, sizeof *m);
}

long maps_find(const struct maps *m, uint64_t pc)
{
	size_t lo = 0, hi = m->n;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (pc < m->v[mid].start)
			hi = mid;
		else if (pc >= m->v[mid].limit)
			lo = mid + 1;
		else
			return (long)mid;
	}
	return -1;
}

/* One group: consecutive lines of one file (anonymous lines between them,
 * such as a .bss, do not break it), started by a new file or by a line at
 * offset 0, which is a fresh mapping of the file rather than its next
 * segment.  Only groups holding code are objects the loader placed. */
struct group {
	uint64_t low, high, dev, ino;
	int exec;
	char *file;
};

static int flush_group(struct maps_objects *o, struct group *g)
{
	if (g->file && g->exec) {
		if (o->n == o->cap) {
			size_t cap = o->cap ? o->cap * 2 : 32;
			struct maps_object *v = realloc(o->v, cap * sizeof *v);
			if (!v) {
				free(g->file);
				g->file = NULL;
				return -1;
			}
			o->v = v;
			o->cap = cap;
		}
		o->v[o->n++] = (struct maps_object){ g->low, g->high, g->file };
	} else {
		free(g->file);
	}
	g->file = NULL;
	return 0;
}

static int by_low(const void *a, const void *b)
{
	const struct maps_object *x = a, *y = b;
	return x->low < y->low ? -1 : x->low > y->low;
}

int maps_objects_read(struct maps_objects *o)
{
	struct group g = { 0 };
	char *line = NULL;
	size_t cap = 0;
	ssize_t len;
	int rc = 0;

	memset(o, 0, sizeof *o);
	FILE *f = fopen("/proc/self/maps", "re");
	if (!f)
		return -1;
	while (rc == 0 && (len = getline(&line, &cap, f)) > 0) {
		unsigned long long start, end, off, ino;
		unsigned dmaj, dmin;
		char perms[8];
		int at = -1;
		if (line[len - 1] == '\n')
			line[len - 1] = 0;
		if (sscanf(line, "%llx-%llx %7s %llx %x:%x %llu %n", &start, &end, perms, &off,
			   &dmaj, &dmin, &ino, &at) < 7 || at < 0)
			continue;
		const char *path = line + at;
		if (!strcmp(path, "[vdso]")) {
			rc = flush_group(o, &g);
			g = (struct group){ start, end, 0, 0, 1, strdup("[vdso]") };
			if (!g.file || flush_group(o, &g) < 0)
				rc = -1;
			continue;
		}
		if (path[0] != '/' || ino == 0)
			continue;
		uint64_t dev = (uint64_t)dmaj << 32 | dmin;
		if (g.file && dev == g.dev && ino == g.ino && off != 0 && !strcmp(g.file, path)) {
			g.high = end;
		} else {
			rc = flush_group(o, &g);
			g = (struct group){ start, end, dev, ino, 0, strdup(path) };
			if (!g.file)
				rc = -1;
		}
		if (strchr(perms, 'x'))
			g.exec = 1;
	}
	if (rc == 0 && (ferror(f) || flush_group(o, &g) < 0))
		rc = -1;
	free(g.file);
	free(line);
	fclose(f);
	if (rc < 0) {
		maps_objects_free(o);
		return -1;
	}
	qsort(o->v, o->n, sizeof *o->v, by_low);
	return 0;
}

void maps_objects_free(struct maps_objects *o)
{
	for (size_t i = 0; i < o->n; i++)
		free(o->v[i].file);
	free(o->v);
	memset(o, 0, sizeof *o);
}
