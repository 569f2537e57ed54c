/* symbolize: libdwfl lookups cached per pc.  The inline chain comes from
 * dwarf_getscopes: each DW_TAG_inlined_subroutine scope is one line whose
 * number is the previous scope's call site, as eu-addr2line -i does
 * (dwarf_getscopes, then dwarf_getscopes_die on the innermost scope).
 * Everything is guarded by mu; memory is one arena freed by sym_shutdown. */
#include "sampler/symbolize.h"

#include <dwarf.h>
#include <elfutils/libdw.h>
#include <elfutils/libdwfl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/arena.h"
#include "base/idmap.h"
#include "base/path_clean.h"
#include "base/strtab.h"
#include "sampler/maps.h"

#define SYM_MAX_INLINE 32
#define SYM_FUNC_BUCKETS 4096

/* All guarded by mu (taken by sym_lock). */
static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static Dwfl *dwfl;
static int dwfl_failed;
static struct arena arena;
static struct strtab strs;
static struct idmap cache;	/* pc -> struct sym_frame * */
static struct sym_func **funcs;	/* SYM_FUNC_BUCKETS chains */
static int ready;
static const struct sym_frame empty_frame = { 0 };

static const Dwfl_Callbacks callbacks = {
	.find_elf = dwfl_linux_proc_find_elf,
	.find_debuginfo = dwfl_standard_find_debuginfo,
};

void sym_lock(void)
{
	pthread_mutex_lock(&mu);
}

void sym_unlock(void)
{
	pthread_mutex_unlock(&mu);
}

static int sym_ready(void)
{
	if (ready)
		return 0;
	arena_init(&arena);
	funcs = calloc(SYM_FUNC_BUCKETS, sizeof *funcs);
	if (!funcs || strtab_init(&strs, &arena) < 0 || idmap_init(&cache, 1024) < 0) {
		free(funcs);
		funcs = NULL;
		arena_free(&arena);
		return -1;
	}
	ready = 1;
	return 0;
}

void sym_shutdown(void)
{
	pthread_mutex_lock(&mu);
	if (dwfl)
		dwfl_end(dwfl);
	dwfl = NULL;
	dwfl_failed = 0;
	if (ready) {
		idmap_free(&cache);
		strtab_free(&strs);
		arena_free(&arena);
		free(funcs);
		funcs = NULL;
		ready = 0;
	}
	pthread_mutex_unlock(&mu);
}

int sym_report_process(Dwfl *d)
{
	struct maps_objects o;
	char vdso[32];
	int rc = 0;

	if (maps_objects_read(&o) < 0)
		return -1;
	snprintf(vdso, sizeof vdso, "[vdso: %d]", (int)getpid());
	dwfl_report_begin(d);
	for (size_t i = 0; i < o.n && rc == 0; i++) {
		const char *name = strcmp(o.v[i].file, "[vdso]") ? o.v[i].file : vdso;
		if (!dwfl_report_module(d, name, o.v[i].low, o.v[i].high))
			rc = -1;
	}
	if (dwfl_report_end(d, NULL, NULL) != 0)
		rc = -1;
	maps_objects_free(&o);
	return rc;
}

/* (Re)reports the process's modules; called again for pcs in code loaded
 * after the last report. */
static int report_modules(void)
{
	if (!dwfl)
		dwfl = dwfl_begin(&callbacks);
	if (!dwfl)
		return -1;
	return sym_report_process(dwfl);
}

static Dwfl_Module *find_module(uint64_t pc)
{
	Dwfl_Module *m;
	if (dwfl_failed)
		return NULL;
	if (!dwfl && report_modules() < 0) {
		dwfl_failed = 1;
		return NULL;
	}
	m = dwfl_addrmodule(dwfl, pc);
	if (!m && report_modules() == 0)
		m = dwfl_addrmodule(dwfl, pc);
	return m;
}

static const char *intern(const char *s)
{
	return strtab_intern_cstr(&strs, s ? s : "");
}

/* An absolute path: DWARF names may be relative to DW_AT_comp_dir. */
static const char *abs_file(Dwarf_Die *cu, const char *file)
{
	char buf[4096];
	Dwarf_Attribute attr;
	const char *dir;

	if (!file || !*file)
		return intern(file);
	dir = cu && file[0] != '/' ? dwarf_formstring(dwarf_attr(cu, DW_AT_comp_dir, &attr))
				   : NULL;
	if (file[0] != '/' && !dir)
		return intern(file);
	snprintf(buf, sizeof buf, "%s/%s", dir ? dir : "", file);
	/* Out-of-tree builds name sources "/build/../src/x.c". */
	char clean[sizeof buf + 2];
	path_clean_to(clean, buf);
	return intern(clean);
}

static const struct sym_func *func_intern(const char *name, const char *file,
					  int64_t start)
{
	uint64_t h = ((uintptr_t)name * 31 + (uintptr_t)file) * 0x9e3779b97f4a7c15ULL;
	struct sym_func **b = &funcs[(h >> 40) % SYM_FUNC_BUCKETS];
	for (struct sym_func *f = *b; f; f = f->next)
		if (f->name == name && f->file == file && f->start_line == start)
			return f;
	struct sym_func *f = arena_zalloc(&arena, sizeof *f);
	if (!f)
		return NULL;
	f->name = name;
	f->file = file;
	f->start_line = start;
	f->next = *b;
	*b = f;
	return f;
}

static const struct sym_func *scope_func(Dwarf_Die *cu, Dwarf_Die *scope)
{
	int decl = 0;
	const char *name = dwarf_diename(scope);
	const char *file;
	Dwarf_Attribute attr;

	/* A concrete out-of-line copy names its abstract origin. */
	if (!name) {
		Dwarf_Die origin;
		if (dwarf_formref_die(dwarf_attr_integrate(scope, DW_AT_abstract_origin, &attr),
				      &origin))
			name = dwarf_diename(&origin);
	}
	if (!name)
		return NULL;
	file = abs_file(cu, dwarf_decl_file(scope));
	if (dwarf_decl_line(scope, &decl) != 0)
		decl = 0;
	return func_intern(intern(name), file, decl);
}

/* Fills lines[] from the DWARF scopes at pc; returns how many. */
static uint32_t dwarf_lines(Dwfl_Module *mod, uint64_t pc,
			    struct sym_line *lines)
{
	Dwarf_Addr bias = 0;
	Dwarf_Die *cu = dwfl_module_addrdie(mod, pc, &bias);
	Dwarf_Die *scopes = NULL;
	Dwfl_Line *dl;
	int line = 0, n_scopes;
	uint32_t n = 0;

	if (!cu)
		return 0;
	dl = dwfl_module_getsrc(mod, pc);
	if (dl)
		dwfl_lineinfo(dl, NULL, &line, NULL, NULL, NULL);
	/* getscopes climbs the abstract tree past an inlined instance; the
	 * DIE tree above the innermost scope leads to the real callers. */
	n_scopes = dwarf_getscopes(cu, pc - bias, &scopes);
	if (n_scopes > 0) {
		Dwarf_Die inner = scopes[0];
		free(scopes);
		scopes = NULL;
		n_scopes = dwarf_getscopes_die(&inner, &scopes);
	}
	for (int i = 0; i < n_scopes && n < SYM_MAX_INLINE; i++) {
		int tag = dwarf_tag(&scopes[i]);
		if (tag != DW_TAG_subprogram && tag != DW_TAG_inlined_subroutine &&
		    tag != DW_TAG_entry_point)
			continue;
		const struct sym_func *f = scope_func(cu, &scopes[i]);
		if (f) {
			lines[n].fn = f;
			lines[n++].line = line;
		}
		if (tag != DW_TAG_inlined_subroutine)
			break;
		Dwarf_Attribute attr;
		Dwarf_Word w = 0;
		if (dwarf_formudata(dwarf_attr(&scopes[i], DW_AT_call_line, &attr), &w) == 0)
			line = (int)w;
		else
			line = 0;
	}
	free(scopes);
	return n;
}

/* Fallback without DWARF: the ELF symbol holding pc. */
static uint32_t elf_lines(Dwfl_Module *mod, uint64_t pc,
			  struct sym_line *lines)
{
	GElf_Off off;
	GElf_Sym sym;
	const char *name = dwfl_module_addrinfo(mod, pc, &off, &sym, NULL, NULL, NULL);
	if (!name)
		return 0;
	const struct sym_func *f = func_intern(intern(name), intern(""), 0);
	if (!f)
		return 0;
	lines[0].fn = f;
	lines[0].line = 0;
	return 1;
}

const struct sym_frame *sym_lookup(uint64_t pc)
{
	struct sym_line lines[SYM_MAX_INLINE];
	struct sym_frame *fr;
	uint32_t n = 0;

	if (sym_ready() < 0)
		return &empty_frame;
	fr = idmap_get(&cache, pc);
	if (fr)
		return fr;
	Dwfl_Module *mod = find_module(pc);
	if (mod) {
		n = dwarf_lines(mod, pc, lines);
		if (!n)
			n = elf_lines(mod, pc, lines);
	}
	fr = arena_alloc(&arena, sizeof *fr + n * sizeof fr->lines[0]);
	if (!fr)
		return &empty_frame;
	fr->n = n;
	memcpy(fr->lines, lines, n * sizeof lines[0]);
	if (idmap_put(&cache, pc, fr) < 0)
		return fr;
	return fr;
}
