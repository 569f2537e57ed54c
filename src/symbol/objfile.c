/* objfile: an ELF binary read with libelf/libdw as `go tool pprof` reads
 * one (cmd/pprof's objTool): Go's debug/dwarf finds the compile unit whose
 * ranges hold the address, the line table row before the next greater
 * address, and the first DW_TAG_subprogram at or after that unit (in DIE
 * order) whose own ranges hold it and that has its own DW_AT_name.  File
 * names are joined as Go joins them (DWARF 5 directories as written,
 * older ones under DW_AT_comp_dir).  No inline frames: Go reports none.
 * Never prints; never exits. */
#include "symbol/objfile.h"

#include <ctype.h>
#include <dwarf.h>
#include <elfutils/libdw.h>
#include <errno.h>
#include <fcntl.h>
#include <gelf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/arena.h"
#include "base/path_clean.h"

/* A named subprogram with its address ranges, in DIE order. */
struct subprog {
	size_t unit;		/* index of its compile unit */
	const char *name;
	uint64_t *ranges;	/* low, high pairs */
	size_t n_ranges;
};

struct unit {
	Dwarf_Off off;		/* of the CU DIE */
	Dwarf_Half version;
	size_t first_sub;	/* index of its first subprogram */
};

struct objfile {
	char *name;
	int fd;
	Elf *elf;
	Dwarf *dw;		/* NULL without DWARF */
	struct arena arena;
	bool indexed;
	struct unit *units;
	size_t n_units;
	struct subprog *subs;
	size_t n_subs, cap_subs;
};

static int os_error(const char *path, int e, struct rt_error *err)
{
	char text[128];

	snprintf(text, sizeof text, "%s", strerror(e));
	text[0] = (char)tolower((unsigned char)text[0]);
	return rt_error_set(err, "open %s: %s", path, text);
}

int objfile_check(const char *path, struct rt_error *err)
{
	unsigned char magic[4] = { 0 };
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	ssize_t n;

	if (fd < 0)
		return os_error(path, errno, err);
	n = read(fd, magic, sizeof magic);
	close(fd);
	if (n == 4 && (memcmp(magic, "\x7f" "ELF", 4) == 0 ||
		       memcmp(magic, "\xfe\xed\xfa", 3) == 0 ||	/* Mach-O */
		       memcmp(magic + 1, "\xfa\xed\xfe", 3) == 0 ||
		       memcmp(magic, "MZ", 2) == 0))		/* PE */
		return 0;
	return rt_error_set(err, "open %s: unrecognized object file", path);
}

struct objfile *objfile_open(const char *path, struct rt_error *err)
{
	struct objfile *f;

	if (objfile_check(path, err) < 0)
		return NULL;
	f = calloc(1, sizeof *f);
	if (!f || !(f->name = strdup(path))) {
		free(f);
		rt_error_set(err, "out of memory");
		return NULL;
	}
	arena_init(&f->arena);
	elf_version(EV_CURRENT);
	f->fd = open(path, O_RDONLY | O_CLOEXEC);
	if (f->fd < 0) {
		os_error(path, errno, err);
		goto fail;
	}
	f->elf = elf_begin(f->fd, ELF_C_READ_MMAP, NULL);
	if (!f->elf || elf_kind(f->elf) != ELF_K_ELF) {
		/* Mach-O and PE pass Go's check, but rtprof reads ELF only. */
		rt_error_set(err, "open %s: unrecognized object file", path);
		goto fail;
	}
	f->dw = dwarf_begin_elf(f->elf, DWARF_C_READ, NULL);
	return f;
fail:
	objfile_close(f);
	return NULL;
}

void objfile_close(struct objfile *f)
{
	if (!f)
		return;
	if (f->dw)
		dwarf_end(f->dw);
	if (f->elf)
		elf_end(f->elf);
	if (f->fd >= 0)
		close(f->fd);
	arena_free(&f->arena);
	free(f->units);
	free(f->subs);
	free(f->name);
	free(f);
}

int objfile_load_address(const struct objfile *f, uint64_t *addr)
{
	size_t n;

	if (elf_getphdrnum(f->elf, &n) != 0)
		return -1;
	for (size_t i = 0; i < n; i++) {
		GElf_Phdr ph;
		if (gelf_getphdr(f->elf, (int)i, &ph) && ph.p_type == PT_LOAD &&
		    (ph.p_flags & PF_X)) {
			*addr = ph.p_vaddr;
			return 0;
		}
	}
	return -1;
}

/* --- The subprogram index (Go's Reader.Next from the unit onwards) --- */

static int add_sub(struct objfile *f, size_t unit, Dwarf_Die *die)
{
	Dwarf_Attribute a;
	const char *name = dwarf_formstring(dwarf_attr(die, DW_AT_name, &a));
	Dwarf_Addr base, lo, hi;
	ptrdiff_t off = 0;
	struct subprog *s;
	size_t n = 0;
	uint64_t r[64];

	if (!name)
		return 0;
	while (n + 2 <= sizeof r / sizeof r[0] &&
	       (off = dwarf_ranges(die, off, &base, &lo, &hi)) > 0) {
		r[n++] = lo;
		r[n++] = hi;
	}
	if (!n)
		return 0;
	if (f->n_subs == f->cap_subs) {
		size_t cap = f->cap_subs ? f->cap_subs * 2 : 256;
		struct subprog *ns = realloc(f->subs, cap * sizeof *ns);
		if (!ns)
			return -1;
		f->subs = ns;
		f->cap_subs = cap;
	}
	s = &f->subs[f->n_subs];
	s->unit = unit;
	s->name = arena_strdup(&f->arena, name);
	s->ranges = arena_memdup(&f->arena, r, n * sizeof r[0]);
	s->n_ranges = n / 2;
	if (!s->name || !s->ranges)
		return -1;
	f->n_subs++;
	return 0;
}

static int walk(struct objfile *f, size_t unit, Dwarf_Die *die, int depth)
{
	Dwarf_Die child;

	if (dwarf_tag(die) == DW_TAG_subprogram && add_sub(f, unit, die) < 0)
		return -1;
	if (depth > 64 || dwarf_child(die, &child) != 0)
		return 0;
	do {
		if (walk(f, unit, &child, depth + 1) < 0)
			return -1;
	} while (dwarf_siblingof(&child, &child) == 0);
	return 0;
}

static int index_dwarf(struct objfile *f)
{
	Dwarf_Off off = 0, next;
	size_t hsize, cap = 0;

	f->indexed = true;
	Dwarf_Half version;

	while (dwarf_next_unit(f->dw, off, &next, &hsize, &version, NULL, NULL, NULL,
			       NULL, NULL) == 0) {
		Dwarf_Die cu;
		if (dwarf_offdie(f->dw, off + hsize, &cu)) {
			if (f->n_units == cap) {
				cap = cap ? cap * 2 : 16;
				struct unit *nu = realloc(f->units, cap * sizeof *nu);
				if (!nu)
					return -1;
				f->units = nu;
			}
			f->units[f->n_units].off = off + hsize;
			f->units[f->n_units].version = version;
			f->units[f->n_units].first_sub = f->n_subs;
			if (walk(f, f->n_units, &cu, 0) < 0)
				return -1;
			f->n_units++;
		}
		off = next;
	}
	return 0;
}

static const char *func_name(struct objfile *f, size_t unit, uint64_t addr)
{
	for (size_t i = f->units[unit].first_sub; i < f->n_subs; i++) {
		const struct subprog *s = &f->subs[i];
		for (size_t k = 0; k < s->n_ranges; k++)
			if (s->ranges[2 * k] <= addr && addr < s->ranges[2 * k + 1])
				return s->name;
	}
	return "";
}

/* Go's pathJoin for Unix paths (path.Join); an empty dir cleans name. */
static const char *join(struct objfile *f, const char *dir, const char *name)
{
	char *buf, *out;
	size_t n;

	if (!dir || (*dir && name[0] == '/'))
		return name;
	n = strlen(dir) + strlen(name) + 2;
	buf = malloc(n);
	out = arena_alloc(&f->arena, n + 2);
	if (!buf || !out) {
		free(buf);
		return name;
	}
	snprintf(buf, n, "%s%s%s", dir, *dir ? "/" : "", name);
	path_clean_to(out, buf);
	free(buf);
	return out;
}

/* The file of a line row as Go names it.  libdw joins the directory
 * table's entry and the name as they are written; Go does the same for
 * DWARF 5 but puts an older table's relative directories under
 * DW_AT_comp_dir. */
static const char *row_file(struct objfile *f, const struct unit *u, Dwarf_Die *cu,
			    Dwarf_Line *l)
{
	const char *full = dwarf_linesrc(l, NULL, NULL);
	Dwarf_Attribute a;

	if (!full)
		return "";
	if (u->version < 5 && full[0] != '/')
		return join(f, dwarf_formstring(dwarf_attr(cu, DW_AT_comp_dir, &a)), full);
	return join(f, "", full);
}

int objfile_source_line(struct objfile *f, uint64_t addr, struct objfile_frame *fr)
{
	Dwarf_Lines *lines;
	size_t n_lines, unit;
	Dwarf_Die cu;
	Dwarf_Line *entry = NULL;
	Dwarf_Addr a;
	int line;

	if (!f->dw)
		return -1;
	if (!f->indexed && index_dwarf(f) < 0)
		return -1;
	for (unit = 0; unit < f->n_units; unit++)
		if (dwarf_offdie(f->dw, f->units[unit].off, &cu) && dwarf_haspc(&cu, addr) == 1)
			break;
	if (unit == f->n_units || dwarf_getsrclines(&cu, &lines, &n_lines) != 0 || !n_lines)
		return -1;
	/* LineReader.SeekPC: the row before the first one past addr, unless
	 * that row ends a sequence (addr is in a hole). */
	for (size_t i = 0; i < n_lines; i++) {
		Dwarf_Line *l = dwarf_onesrcline(lines, i);
		if (!l || dwarf_lineaddr(l, &a) != 0)
			return -1;
		if (a > addr) {
			bool end = false;
			if (!entry)
				return -1;
			dwarf_lineendsequence(entry, &end);
			if (end)
				break;
			fr->func = func_name(f, unit, addr);
			fr->file = row_file(f, &f->units[unit], &cu, entry);
			dwarf_lineno(entry, &line);
			fr->line = line;
			return 0;
		}
		entry = l;
	}
	return -1;
}
