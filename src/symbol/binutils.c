/* binutils: see binutils.h.  Tools run without a shell (posix_spawnp),
 * their standard output read whole; a failure reads as Go's exec error
 * ("[ARGS...]: exit status N").  Output is parsed with the same rules as
 * pprof's regular expressions (nmOutputRE, objdumpAsmOutputRE,
 * objdumpOutputFileLine, objdumpOutputFunction, ...LLVM), written out by
 * hand. */
#include "symbol/binutils.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <gelf.h>
#include <inttypes.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "base/sbuf.h"

extern char **environ;

/* --- Finding and running the tools --- */

struct tools {
	bool ready;
	char objdump[4096], nm[4096];
	bool objdump_found, llvm_objdump;
};

/* Found once, by the first report that needs them (reports run one at a
 * time, on the console's report thread). */
static struct tools tools;
static char tools_config[4096];	/* -tools */

/* name in the folders of $PATH. */
static bool find_on_path(const char *name, char *out, size_t n)
{
	const char *path = getenv("PATH");

	if (!path)
		path = "";
	for (;;) {
		size_t k = strcspn(path, ":");
		snprintf(out, n, "%.*s%s%s", (int)k, path, k ? "/" : "./", name);
		struct stat st;
		if (stat(out, &st) == 0 && S_ISREG(st.st_mode) && access(out, X_OK) == 0)
			return true;
		if (!path[k])
			return false;
		path += k + 1;
	}
}

static bool is_exe(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 && S_ISREG(st.st_mode) && access(path, X_OK) == 0;
}

/* pprof's findExe over the folders -tools gives tool (its TOOL:FOLDER
 * entries, then the plain ones; an empty folder means $PATH). */
static bool find_exe_for(const char *tool, const char *name, char *out, size_t n)
{
	for (int pass = 0; pass < 2; pass++) {
		const char *c = tools_config;
		for (;;) {
			size_t k = strcspn(c, ",");
			const char *colon = memchr(c, ':', k);
			bool mine = colon && (size_t)(colon - c) == strlen(tool) &&
				    !strncmp(c, tool, strlen(tool));
			if (pass == 0 ? mine : !colon) {
				const char *dir = mine ? colon + 1 : c;
				size_t dl = k - (size_t)(dir - c);
				if (dl == 0) {
					if (find_on_path(name, out, n))
						return true;
				} else {
					snprintf(out, n, "%.*s/%s", (int)dl, dir, name);
					if (is_exe(out))
						return true;
				}
			}
			if (!c[k])
				break;
			c += k + 1;
		}
	}
	return false;
}

void binutils_set_tools(const char *config)
{
	snprintf(tools_config, sizeof tools_config, "%s", config ? config : "");
	tools.ready = false;
	tools.objdump_found = tools.llvm_objdump = false;
}

/* Runs argv; its standard output into out.  -1 with Go's message when it
 * cannot start or exits with a failure. */
static int run(char *const argv[], struct sbuf *out, struct rt_error *err)
{
	int fds[2], status = 0;
	pid_t pid;
	posix_spawn_file_actions_t fa;
	char buf[65536];
	ssize_t n;
	struct sbuf args;

	sbuf_init(&args);
	sbuf_putc(&args, '[');
	for (int i = 0; argv[i]; i++)
		sbuf_printf(&args, "%s%s", i ? " " : "", argv[i]);
	sbuf_putc(&args, ']');
	if (pipe2(fds, O_CLOEXEC) < 0) {
		rt_error_set(err, "%s: %s", sbuf_str(&args), strerror(errno));
		sbuf_free(&args);
		return -1;
	}
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_adddup2(&fa, fds[1], 1);
	posix_spawn_file_actions_addopen(&fa, 2, "/dev/null", O_WRONLY, 0);
	posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
	int rc = posix_spawn(&pid, argv[0], &fa, NULL, argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	close(fds[1]);
	if (rc != 0) {
		close(fds[0]);
		rt_error_set(err, "%s: fork/exec %s: %s", sbuf_str(&args), argv[0], strerror(rc));
		sbuf_free(&args);
		return -1;
	}
	while ((n = read(fds[0], buf, sizeof buf)) > 0 || (n < 0 && errno == EINTR))
		if (n > 0)
			sbuf_add(out, buf, (size_t)n);
	close(fds[0]);
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	if (WIFEXITED(status) && WEXITSTATUS(status) == 0 && !out->oom) {
		sbuf_free(&args);
		return 0;
	}
	if (out->oom)
		rt_error_set(err, "out of memory");
	else if (WIFEXITED(status))
		rt_error_set(err, "%s: exit status %d", sbuf_str(&args), WEXITSTATUS(status));
	else
		rt_error_set(err, "%s: signal: %s", sbuf_str(&args), strsignal(WTERMSIG(status)));
	sbuf_free(&args);
	return -1;
}

/* isLLVMObjdump: "LLVM version X.Y.Z" with X >= 8 (Linux), or a trunk
 * build ("LLVM version ...trunk..." on that line). */
static bool is_llvm_objdump(const char *v)
{
	const char *p = strstr(v, "LLVM version ");
	unsigned major, minor, patch;
	const char *eol, *t;

	if (!p)
		return false;
	p += strlen("LLVM version ");
	if (sscanf(p, "%u.%u.%u", &major, &minor, &patch) == 3)
		return major >= 8;
	eol = strchr(p, '\n');
	t = strstr(p, "trunk");
	return t && (!eol || t < eol);
}

static void init_tools(void)
{
	static const char *objdumps[] = { "llvm-objdump", "objdump" };

	if (tools.ready)
		return;
	tools.ready = true;
	for (size_t i = 0; i < 2 && !tools.objdump_found; i++) {
		char path[4096];
		struct sbuf out;
		struct rt_error e;
		if (!find_exe_for("objdump", objdumps[i], path, sizeof path))
			continue;
		sbuf_init(&out);
		char *argv[] = { path, "--version", NULL };
		if (run(argv, &out, &e) == 0) {
			const char *v = sbuf_str(&out);
			if (is_llvm_objdump(v)) {
				tools.objdump_found = tools.llvm_objdump = true;
			} else if (strstr(v, "GNU objdump")) {
				tools.objdump_found = true;
			}
			if (tools.objdump_found)
				snprintf(tools.objdump, sizeof tools.objdump, "%s", path);
		}
		sbuf_free(&out);
	}
	if (!find_exe_for("nm", "llvm-nm", tools.nm, sizeof tools.nm) &&
	    !find_exe_for("nm", "nm", tools.nm, sizeof tools.nm))
		snprintf(tools.nm, sizeof tools.nm, "llvm-nm");
}

/* --- The object file: pprof's file with its elfMapping --- */

struct report_objfile {
	char *name;
	uint64_t start, limit, offset;
	bool base_done;
	int base_rc;
	uint64_t base;
};

struct elf_info {
	int fd;
	Elf *elf;
	GElf_Ehdr eh;
	GElf_Phdr *ph;
	size_t n_ph;
};

static int elf_info_open(const char *name, struct elf_info *ei, struct rt_error *err)
{
	memset(ei, 0, sizeof *ei);
	elf_version(EV_CURRENT);
	ei->fd = open(name, O_RDONLY | O_CLOEXEC);
	if (ei->fd < 0)
		return rt_error_set(err, "error parsing %s: open %s: %s", name, name, strerror(errno));
	ei->elf = elf_begin(ei->fd, ELF_C_READ_MMAP, NULL);
	if (!ei->elf || !gelf_getehdr(ei->elf, &ei->eh) || elf_getphdrnum(ei->elf, &ei->n_ph) != 0) {
		rt_error_set(err, "error parsing %s: %s", name, elf_errmsg(-1));
		goto fail;
	}
	ei->ph = calloc(ei->n_ph + 1, sizeof *ei->ph);
	if (!ei->ph) {
		rt_error_set(err, "out of memory");
		goto fail;
	}
	for (size_t i = 0; i < ei->n_ph; i++)
		gelf_getphdr(ei->elf, (int)i, &ei->ph[i]);
	return 0;
fail:
	if (ei->elf)
		elf_end(ei->elf);
	close(ei->fd);
	return -1;
}

static void elf_info_close(struct elf_info *ei)
{
	free(ei->ph);
	elf_end(ei->elf);
	close(ei->fd);
}

/* FindTextProgHeader: the executable PT_LOAD holding .text. */
static const GElf_Phdr *text_phdr(struct elf_info *ei)
{
	Elf_Scn *scn = NULL;
	size_t shstr;

	if (elf_getshdrstrndx(ei->elf, &shstr) != 0)
		return NULL;
	while ((scn = elf_nextscn(ei->elf, scn))) {
		GElf_Shdr sh;
		const char *name;
		if (!gelf_getshdr(scn, &sh) || !(name = elf_strptr(ei->elf, shstr, sh.sh_name)) ||
		    strcmp(name, ".text") != 0)
			continue;
		for (size_t i = 0; i < ei->n_ph; i++) {
			const GElf_Phdr *p = &ei->ph[i];
			if (p->p_type == PT_LOAD && (p->p_flags & PF_X) && sh.sh_addr >= p->p_vaddr &&
			    sh.sh_addr < p->p_vaddr + p->p_memsz)
				return p;
		}
	}
	return NULL;
}

static const char *elf_type_name(unsigned t)
{
	static const char *names[] = { "ET_NONE", "ET_REL", "ET_EXEC", "ET_DYN", "ET_CORE" };
	return t < 5 ? names[t] : "ET_UNKNOWN";
}

/* elfexec.GetBase without kernel relocation (user binaries). */
static int get_base(const struct elf_info *ei, const GElf_Phdr *seg, uint64_t start,
		    uint64_t limit, uint64_t offset, uint64_t *base, struct rt_error *err)
{
	*base = 0;
	if (start == 0 && offset == 0 && (limit == UINT64_MAX || limit == 0))
		return 0;
	switch (ei->eh.e_type) {
	case ET_EXEC:
		if (!seg)
			return 0;
		if (start > 0 && start < 0x8000000000000000ULL) {
			*base = start - offset + seg->p_offset - seg->p_vaddr;
			return 0;
		}
		if (start == 0 && limit != 0) {
			*base = start - seg->p_vaddr;
			return 0;
		}
		return rt_error_set(err, "don't know how to handle EXEC segment: start=0x%" PRIx64
				    " limit=0x%" PRIx64 " offset=0x%" PRIx64, start, limit, offset);
	case ET_REL:
		if (offset != 0)
			return rt_error_set(err, "don't know how to handle mapping.Offset");
		*base = start;
		return 0;
	case ET_DYN:
		*base = seg ? start - offset + seg->p_offset - seg->p_vaddr : start - offset;
		return 0;
	}
	return rt_error_set(err, "don't know how to handle FileHeader.Type %s",
			    elf_type_name(ei->eh.e_type));
}

/* ProgramHeadersForMapping and HeaderForFileOffset. */
static int mapping_phdr(struct elf_info *ei, const struct report_objfile *f, uint64_t addr,
			const GElf_Phdr **out, struct rt_error *err)
{
	const uint64_t page = 4096;
	const GElf_Phdr *found[64];
	size_t n = 0, loads = 0;
	uint64_t map_off = f->offset, map_limit = f->offset + (f->limit - f->start);

	*out = NULL;
	if (f->start >= f->limit || f->limit >= (1ULL << 63)) {
		*out = text_phdr(ei);
		return 0;
	}
	for (size_t i = 0; i < ei->n_ph; i++) {
		const GElf_Phdr *p = &ei->ph[i];
		if (p->p_type != PT_LOAD)
			continue;
		loads++;
		if (p->p_filesz == 0)
			continue;
		uint64_t seg_limit = p->p_offset + p->p_memsz, aligned = 0;
		if (!(map_off < seg_limit && p->p_offset < map_limit))
			continue;
		if (p->p_offset > (p->p_vaddr & (page - 1)))
			aligned = p->p_offset - (p->p_vaddr & (page - 1));
		if (map_off < aligned)
			continue;
		if (map_off > p->p_offset && seg_limit < map_off + page && map_limit >= seg_limit + page)
			continue;
		if (n < 64)
			found[n++] = p;
	}
	if (!loads)
		return 0;
	if (!n)
		return rt_error_set(err, "no program header matches mapping info");
	if (n == 1) {
		*out = found[0];
		return 0;
	}
	uint64_t off = addr - f->start + f->offset;
	for (size_t i = 0; i < n; i++)
		if (off >= found[i]->p_offset && off < found[i]->p_offset + found[i]->p_memsz) {
			if (*out)
				return rt_error_set(err, "found second program header that matches "
						    "file offset %" PRIx64, off);
			*out = found[i];
		}
	if (!*out)
		return rt_error_set(err, "no program header matches file offset %" PRIx64, off);
	return 0;
}

static struct report_objfile *bu_open(const char *name, uint64_t start, uint64_t limit,
				      uint64_t offset, struct rt_error *err)
{
	struct report_objfile *f;
	struct elf_info ei;
	unsigned char magic[4];
	struct stat st;
	uint64_t base;
	int fd;

	init_tools();
	if (stat(name, &st) < 0) {
		char text[128];
		snprintf(text, sizeof text, "%s", strerror(errno));
		text[0] = (char)tolower((unsigned char)text[0]);
		rt_error_set(err, "stat %s: %s", name, text);
		return NULL;
	}
	fd = open(name, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		rt_error_set(err, "error opening %s: open %s: %s", name, name, strerror(errno));
		return NULL;
	}
	if (read(fd, magic, 4) != 4) {
		close(fd);
		rt_error_set(err, "error reading magic number from %s: EOF", name);
		return NULL;
	}
	close(fd);
	if (memcmp(magic, "\x7f" "ELF", 4) != 0) {
		rt_error_set(err, "unrecognized binary format: %s", name);
		return NULL;
	}
	if (elf_info_open(name, &ei, err) < 0) {
		rt_error_prefix(err, "error reading ELF file %s", name);
		return NULL;
	}
	if (get_base(&ei, text_phdr(&ei), start, limit, offset, &base, err) < 0) {
		elf_info_close(&ei);
		rt_error_prefix(err, "error reading ELF file %s: could not identify base for %s",
				name, name);
		return NULL;
	}
	elf_info_close(&ei);
	f = calloc(1, sizeof *f);
	if (!f || !(f->name = strdup(name))) {
		free(f);
		rt_error_set(err, "out of memory");
		return NULL;
	}
	f->start = start, f->limit = limit, f->offset = offset;
	return f;
}

static void bu_close(struct report_objfile *f)
{
	if (!f)
		return;
	free(f->name);
	free(f);
}

/* ObjAddr: the base is computed once, from the first address asked. */
static int bu_obj_addr(struct report_objfile *f, uint64_t addr, uint64_t *out)
{
	if (!f->base_done) {
		struct elf_info ei;
		struct rt_error e;
		const GElf_Phdr *ph;
		f->base_done = true;
		f->base_rc = -1;
		if (addr >= f->start && addr < f->limit && elf_info_open(f->name, &ei, &e) == 0) {
			if (mapping_phdr(&ei, f, addr, &ph, &e) == 0 &&
			    get_base(&ei, ph, f->start, f->limit, f->offset, &f->base, &e) == 0)
				f->base_rc = 0;
			elf_info_close(&ei);
		}
	}
	if (f->base_rc < 0)
		return -1;
	*out = addr - f->base;
	return 0;
}

/* --- nm: findSymbols --- */

/* nmOutputRE on a trimmed line: ^\s*([[:xdigit:]]+)\s+(.)\s+(.*) */
static bool nm_line(const char *l, uint64_t *addr, const char **name)
{
	const char *p = l, *h;

	h = p;
	while (isxdigit((unsigned char)*p))
		p++;
	if (p == h || !isspace((unsigned char)*p))
		return false;
	while (isspace((unsigned char)*p))
		p++;
	if (!*p)
		return false;
	p++;	/* the type letter */
	if (!isspace((unsigned char)*p))
		return false;
	while (isspace((unsigned char)*p))
		p++;
	*name = p;
	errno = 0;
	*addr = strtoull(h, NULL, 16);
	return errno == 0;
}

static char *trim(char *s)
{
	size_t n = strlen(s);

	while (n && isspace((unsigned char)s[n - 1]))
		s[--n] = 0;
	while (isspace((unsigned char)*s))
		s++;
	return s;
}

struct symlist {
	struct arena *a;
	struct report_sym *v;
	size_t n, cap;
	const char *file;
	bool oom;
};

/* matchSymbol: the names of a group, when addr is in it; else the first
 * name the regexp matches (demangled forms are not tried: rtprof has no
 * demangler for them). */
static void match_group(struct symlist *l, char **names, size_t n, uint64_t start, uint64_t end,
			const struct rx *rx, uint64_t addr)
{
	const char **keep = NULL;
	size_t nk = 0;

	if (!n)
		return;
	if (addr != 0 && addr >= start && addr <= end) {
		keep = arena_alloc(l->a, n * sizeof *keep);
		if (keep)
			for (size_t i = 0; i < n; i++)
				keep[nk++] = arena_strdup(l->a, names[i]);
	} else {
		for (size_t i = 0; i < n && !keep; i++)
			if (!rx || rx_match(rx, names[i])) {
				keep = arena_alloc(l->a, sizeof *keep);
				if (keep)
					keep[nk++] = arena_strdup(l->a, names[i]);
			}
		if (!keep && !nk)
			return;
	}
	if (!keep) {
		l->oom = true;
		return;
	}
	if (l->n == l->cap) {
		size_t cap = l->cap ? l->cap * 2 : 16;
		struct report_sym *v = arena_alloc(l->a, cap * sizeof *v);
		if (!v) {
			l->oom = true;
			return;
		}
		if (l->n)
			memcpy(v, l->v, l->n * sizeof *v);
		l->v = v;
		l->cap = cap;
	}
	l->v[l->n].names = keep;
	l->v[l->n].n_names = nk;
	l->v[l->n].file = l->file;
	l->v[l->n].start = start;
	l->v[l->n++].end = end;
}

static int bu_symbols(struct report_objfile *f, const struct rx *rx, uint64_t addr,
		      struct arena *a, struct report_sym **syms, size_t *n, struct rt_error *err)
{
	struct sbuf out;
	char *argv[] = { tools.nm, "-n", f->name, NULL };
	struct symlist l = { .a = a, .file = arena_strdup(a, f->name) };
	char **names = NULL;
	size_t nn = 0, cap = 0;
	uint64_t start = 0;
	int rc = 0;

	sbuf_init(&out);
	if (run(argv, &out, err) < 0) {
		sbuf_free(&out);
		return -1;
	}
	for (char *line = out.data, *next; line && *line; line = next) {
		uint64_t sa;
		const char *name;
		next = strchr(line, '\n');
		if (next)
			*next++ = 0;
		if (!nm_line(trim(line), &sa, &name))
			continue;
		if (sa == start) {
			if (nn == cap) {
				cap = cap ? cap * 2 : 8;
				char **nv = realloc(names, cap * sizeof *nv);
				if (!nv) {
					rc = -1;
					break;
				}
				names = nv;
			}
			names[nn++] = (char *)name;
			continue;
		}
		match_group(&l, names, nn, start, sa - 1, rx, addr);
		if (!cap) {
			cap = 8;
			if (!(names = malloc(cap * sizeof *names))) {
				rc = -1;
				break;
			}
		}
		names[0] = (char *)name;
		nn = 1;
		start = sa;
	}
	/* At the end Go's last group ends at 0 - 1. */
	if (rc == 0)
		match_group(&l, names, nn, start, UINT64_MAX, rx, addr);
	free(names);
	sbuf_free(&out);
	if (rc < 0 || l.oom || !l.file)
		return rt_error_set(err, "out of memory");
	*syms = l.v;
	*n = l.n;
	return 0;
}

/* --- objdump: disassemble --- */

/* objdumpAsmOutputRE: ^\s*([[:xdigit:]]+):\s+(.*) */
static bool asm_line(const char *l, uint64_t *addr, const char **text)
{
	const char *p = l, *h = l;

	while (isxdigit((unsigned char)*p))
		p++;
	if (p == h || *p != ':' || !isspace((unsigned char)p[1]))
		return false;
	p++;
	while (isspace((unsigned char)*p))
		p++;
	errno = 0;
	*addr = strtoull(h, NULL, 16);
	*text = p;
	return errno == 0 && p - h <= 64;
}

/* objdumpOutputFileLine: ^;?\s?(.*):([0-9]+) -- the last ':' followed by
 * a digit. */
static bool file_line(const char *l, const char **file, size_t *flen, uint64_t *line)
{
	const char *p = l, *c = NULL;

	if (*p == ';')
		p++;
	if (isspace((unsigned char)*p))
		p++;
	for (const char *q = p; *q; q++)
		if (*q == ':' && isdigit((unsigned char)q[1]))
			c = q;
	if (!c)
		return false;
	*file = p;
	*flen = (size_t)(c - p);
	errno = 0;
	*line = strtoull(c + 1, NULL, 10);
	return errno == 0 && *line <= UINT32_MAX;
}

/* objdumpOutputFunction: ^;?\s?(\S.*)\(\): -- up to the last "():". */
static bool function_line(const char *l, const char **fn, size_t *n)
{
	const char *end = NULL;
	const char *starts[3];
	size_t ns = 0;

	for (const char *q = strstr(l, "():"); q; q = strstr(q + 1, "():"))
		end = q;
	if (!end)
		return false;
	if (l[0] == ';' && isspace((unsigned char)l[1]))
		starts[ns++] = l + 2;
	if (l[0] == ';')
		starts[ns++] = l + 1;
	if (isspace((unsigned char)l[0]))
		starts[ns++] = l + 1;
	if (ns < 3)
		starts[ns++] = l;
	for (size_t i = 0; i < ns; i++)
		if (starts[i] < end && !isspace((unsigned char)*starts[i])) {
			*fn = starts[i];
			*n = (size_t)(end - starts[i]);
			return true;
		}
	return false;
}

/* objdumpOutputFunctionLLVM: ^([[:xdigit:]]+)?\s?(.*): */
static bool llvm_function_line(const char *l, const char **fn, size_t *n)
{
	const char *p = l, *c = strrchr(l, ':');

	while (isxdigit((unsigned char)*p))
		p++;
	if (isspace((unsigned char)*p))
		p++;
	if (!c || c < p)
		return false;
	*fn = p;
	*n = (size_t)(c - p);
	return true;
}

static int bu_disasm(const char *file, uint64_t start, uint64_t end, bool intel,
		     struct arena *a, struct report_inst **insts, size_t *n, struct rt_error *err)
{
	char sa[40], ea[40];
	char *argv[16];
	int k = 0;
	struct sbuf out;
	struct report_inst *v = NULL;
	size_t nv = 0, cap = 0;
	const char *function = "", *fname = "";
	int64_t line = 0;

	init_tools();
	if (!tools.objdump_found)
		return rt_error_set(err, "cannot disasm: no objdump tool available");
	snprintf(sa, sizeof sa, "--start-address=0x%" PRIx64, start);	/* Go's %#x */
	snprintf(ea, sizeof ea, "--stop-address=0x%" PRIx64, end);
	argv[k++] = tools.objdump;
	argv[k++] = "--disassemble";
	argv[k++] = "--demangle";
	argv[k++] = "--no-show-raw-insn";
	argv[k++] = "--line-numbers";
	argv[k++] = sa;
	argv[k++] = ea;
	if (intel && tools.llvm_objdump) {
		argv[k++] = "--x86-asm-syntax=intel";
	} else if (intel) {
		argv[k++] = "-M";
		argv[k++] = "intel";
	}
	argv[k++] = (char *)file;
	argv[k] = NULL;
	sbuf_init(&out);
	if (run(argv, &out, err) < 0) {
		sbuf_free(&out);
		return -1;
	}
	for (char *ln = out.data, *next; ln && *ln; ln = next) {
		const char *s, *text;
		size_t sn;
		uint64_t addr, lno;
		char *t;
		next = strchr(ln, '\n');
		if (next)
			*next++ = 0;
		t = trim(ln);
		if (asm_line(t, &addr, &text)) {
			if (nv == cap) {
				size_t nc = cap ? cap * 2 : 64;
				struct report_inst *nvv = arena_alloc(a, nc * sizeof *nvv);
				if (!nvv)
					goto oom;
				if (nv)
					memcpy(nvv, v, nv * sizeof *v);
				v = nvv;
				cap = nc;
			}
			v[nv].addr = addr;
			if (!(v[nv].text = arena_strdup(a, text)))
				goto oom;
			v[nv].function = function;
			v[nv].file = fname;
			v[nv++].line = line;
			continue;
		}
		if (file_line(t, &s, &sn, &lno)) {
			if (!(fname = arena_strndup(a, s, sn)))
				goto oom;
			line = (int64_t)lno;
			continue;
		}
		if (function_line(t, &s, &sn) || llvm_function_line(t, &s, &sn)) {
			if (!(function = arena_strndup(a, s, sn)))
				goto oom;
			continue;
		}
		function = fname = "";
		line = 0;
	}
	sbuf_free(&out);
	*insts = v;
	*n = nv;
	return 0;
oom:
	sbuf_free(&out);
	return rt_error_set(err, "out of memory");
}

static const struct report_objtool objtool = {
	.open = bu_open,
	.close = bu_close,
	.obj_addr = bu_obj_addr,
	.symbols = bu_symbols,
	.disasm = bu_disasm,
};

const struct report_objtool *binutils_objtool(void)
{
	return &objtool;
}
