/* fuzz_profile: libFuzzer target for the profile reader (gzip'ed or raw
 * protobuf) and, on what it accepts, every text report pprof has plus
 * rtprof's folded stacks.  Any crash, leak or sanitizer report is a bug;
 * errors are the expected answer to most inputs. */
#include <stddef.h>
#include <stdint.h>

#include "profile/profile_io.h"
#include "report/report.h"
#include "tests/report/every_report.h"


int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct rt_error err;
	struct profile_read_opts o = { .max_decompressed = 64 << 20 };
	struct profile *p = profile_parse(data, size, &o, &err);
	if (!p)
		return 0;
	struct report_config cfg;
	report_config_default(&cfg);
	cfg.source_path = "/nonexistent";	/* list reads no real files */
	for (size_t i = 0; i < EVERY_REPORT_N; i++) {
		struct sbuf out, warn;
		sbuf_init(&out);
		sbuf_init(&warn);
		const struct every_report *e = &every_report[i];
		report_generate(p, e->cmd, e->name, e->regex, &cfg, &out, &warn, NULL, &err);
		sbuf_free(&out);
		sbuf_free(&warn);
	}
	profile_free(p);
	return 0;
}
