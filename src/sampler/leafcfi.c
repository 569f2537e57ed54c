/* leafcfi: CFA rules of leaf pcs from libdwfl's .eh_frame view, cached per
 * pc.  Its own libdwfl session, so the aggregator never waits for a
 * snapshot's symbolization (which holds sym_lock). */
#include "sampler/leafcfi.h"

#include <dwarf.h>
#include <elfutils/libdw.h>
#include <elfutils/libdwfl.h>
#include <stdlib.h>

#include "base/idmap.h"
#include "sampler/symbolize.h"

#define LEAFCFI_MAX_SLOT 3	/* the handler copies 4 words */

/* Owned by the aggregator (callers hold its lock). */
static Dwfl *dwfl;
static int failed;
static struct idmap cache;	/* pc -> (void *)(slot + 2), 1 for none */
static int cache_ready;

static const Dwfl_Callbacks callbacks = {
	.find_elf = dwfl_linux_proc_find_elf,
	.find_debuginfo = dwfl_standard_find_debuginfo,
};

static Dwfl_Module *module_of(uint64_t pc)
{
	if (failed)
		return NULL;
	if (!dwfl) {
		dwfl = dwfl_begin(&callbacks);
		if (!dwfl) {
			failed = 1;
			return NULL;
		}
	}
	Dwfl_Module *m = dwfl_addrmodule(dwfl, pc);
	if (!m) {
		if (sym_report_process(dwfl) != 0)
			return NULL;
		m = dwfl_addrmodule(dwfl, pc);
	}
	return m;
}

static int find_slot(uint64_t pc)
{
#if defined(__x86_64__)
	Dwarf_Addr bias = 0;
	Dwfl_Module *m = module_of(pc);
	Dwarf_CFI *cfi = m ? dwfl_module_eh_cfi(m, &bias) : NULL;
	Dwarf_Frame *frame = NULL;
	Dwarf_Op *ops;
	size_t nops;
	int slot = -1;

	if (!cfi)
		cfi = m ? dwfl_module_dwarf_cfi(m, &bias) : NULL;
	if (!cfi || dwarf_cfi_addrframe(cfi, pc - bias, &frame) != 0)
		return -1;
	if (dwarf_frame_cfa(frame, &ops, &nops) == 0 && nops == 1) {
		int64_t reg = -1, off = 0;
		if (ops[0].atom == DW_OP_bregx) {
			reg = (int64_t)ops[0].number;
			off = (int64_t)ops[0].number2;
		} else if (ops[0].atom >= DW_OP_breg0 && ops[0].atom <= DW_OP_breg31) {
			reg = ops[0].atom - DW_OP_breg0;
			off = (int64_t)ops[0].number;
		}
		/* DWARF register 7 is rsp; the return address sits at CFA-8. */
		if (reg == 7 && off >= 8 && (off - 8) % 8 == 0 &&
		    (off - 8) / 8 <= LEAFCFI_MAX_SLOT)
			slot = (int)((off - 8) / 8);
	}
	free(frame);
	return slot;
#else
	(void)pc;
	return -1;
#endif
}

int leafcfi_ret_slot(uint64_t pc)
{
	if (!cache_ready) {
		if (idmap_init(&cache, 1024) < 0)
			return -1;
		cache_ready = 1;
	}
	void *v = idmap_get(&cache, pc);
	if (v)
		return (int)((uintptr_t)v - 2);
	int slot = find_slot(pc);
	idmap_put(&cache, pc, (void *)(uintptr_t)(slot + 2));
	return slot;
}

void leafcfi_shutdown(void)
{
	if (dwfl)
		dwfl_end(dwfl);
	dwfl = NULL;
	failed = 0;
	if (cache_ready)
		idmap_free(&cache);
	cache_ready = 0;
}
