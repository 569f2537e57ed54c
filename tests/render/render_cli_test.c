/* render_cli_test: a stand-alone driver for render_cli, so render tests and the
 * benchmark do not depend on how src/main.c dispatches -render=.  The flags
 * go through the one flag parser, as rtprof's do. */
#include <stdio.h>

#include "console/flags.h"
#include "render/render_cli.h"

int main(int argc, char **argv)
{
	struct render_cli_opts o;
	struct rt_error err;

	if (flags_parse_render(argc, argv, &o, &err) < 0) {
		fprintf(stderr, "rtprof: %s\n", err.msg);
		return 1;
	}
	return render_cli(&o);
}
