/* report_config: pprof's defaults (driver/config.go defaultConfig). */
#include "report/report_config.h"

#include <string.h>

void report_config_default(struct report_config *c)
{
	memset(c, 0, sizeof *c);
	c->unit = "minimum";
	c->nodecount = -1;
	c->nodefraction = 0.005;
	c->edgefraction = 0.001;
	c->trim = true;
	c->divide_by = 1.0;
	c->sort = "flat";
	c->granularity = "functions";
}
