/* fpwalk: bounded frame-pointer walks.  Runs in the SIGPROF handler: no
 * locks, no allocation, no libc calls besides none at all; the text table is
 * written once before the handler is installed and only read afterwards. */
#include "sampler/fpwalk.h"

#include <link.h>
#include <ucontext.h>

#define FPWALK_MAX_TEXT 512

struct text_range {
	uintptr_t lo, hi;
};

/* Written by fpwalk_init_text before any handler runs; read-only after. */
static struct text_range text[FPWALK_MAX_TEXT];
static size_t n_text;

/* The walk reads arbitrary stack words by design: sanitizers must not
 * instrument it (a stray word may sit in an ASan redzone). */
#if defined(__clang__) || defined(__GNUC__)
#define FPWALK_NO_SANITIZE \
	__attribute__((no_sanitize_address, no_sanitize_thread, \
		       no_sanitize_undefined))
#else
#define FPWALK_NO_SANITIZE
#endif

static int add_object(struct dl_phdr_info *info, size_t size, void *data)
{
	(void)size;
	(void)data;
	for (int i = 0; i < info->dlpi_phnum && n_text < FPWALK_MAX_TEXT; i++) {
		const ElfW(Phdr) *ph = &info->dlpi_phdr[i];
		if (ph->p_type != PT_LOAD || !(ph->p_flags & PF_X))
			continue;
		text[n_text].lo = info->dlpi_addr + ph->p_vaddr;
		text[n_text].hi = text[n_text].lo + ph->p_memsz;
		n_text++;
	}
	return 0;
}

int fpwalk_init_text(void)
{
	if (n_text)
		return 0;
	dl_iterate_phdr(add_object, NULL);
	return n_text ? 0 : -1;
}

bool fpwalk_in_text(uintptr_t pc)
{
	for (size_t i = 0; i < n_text; i++)
		if (pc >= text[i].lo && pc < text[i].hi)
			return true;
	return false;
}

FPWALK_NO_SANITIZE
size_t fpwalk(uint64_t *pcs, size_t max, uintptr_t fp, uintptr_t lo,
	      uintptr_t hi)
{
	size_t n = 0;

	while (n < max) {
		if (fp < lo || hi < 2 * sizeof(uintptr_t) ||
		    fp > hi - 2 * sizeof(uintptr_t) || (fp & (sizeof(uintptr_t) - 1)))
			break;
		const uintptr_t *frame = (const uintptr_t *)fp;
		uintptr_t next = frame[0], ret = frame[1];
		if (!fpwalk_in_text(ret))
			break;
		pcs[n++] = ret - 1;
		if (next <= fp)
			break;
		fp = next;
	}
	return n;
}

FPWALK_NO_SANITIZE
size_t fpwalk_stack_words(uint64_t *out, size_t max, uintptr_t sp,
			  uintptr_t hi)
{
	size_t n = 0;
	if (!sp || (sp & (sizeof(uintptr_t) - 1)))
		return 0;
	for (; n < max && sp + (n + 1) * sizeof(uintptr_t) <= hi; n++)
		out[n] = ((const uintptr_t *)sp)[n];
	return n;
}

bool fpwalk_regs(const void *ucontext, uintptr_t *pc, uintptr_t *fp,
		 uintptr_t *sp)
{
	const ucontext_t *uc = ucontext;
#if defined(__x86_64__)
	*pc = (uintptr_t)uc->uc_mcontext.gregs[REG_RIP];
	*fp = (uintptr_t)uc->uc_mcontext.gregs[REG_RBP];
	*sp = (uintptr_t)uc->uc_mcontext.gregs[REG_RSP];
	return true;
#elif defined(__aarch64__)
	*pc = (uintptr_t)uc->uc_mcontext.pc;
	*fp = (uintptr_t)uc->uc_mcontext.regs[29];
	*sp = (uintptr_t)uc->uc_mcontext.sp;
	return true;
#else
	(void)uc;
	*pc = *fp = *sp = 0;
	return false;
#endif
}
