/* render_cli_test: a stand-alone driver for render_cli, so render tests and the
 * benchmark do not depend on how src/main.c dispatches -render=.  The flags
 * go through the one flag parser, as rtprof's do. */
#include <stdio.h>

#include "base/arena.h"
#include "base/sbuf.h"
#include "console/flags.h"
#include "render/render_cli.h"

int main(int argc, char **argv)
{
	struct arena a;
	struct batch b;
	struct sbuf msg;
	struct rt_error err;
	int rc = 1;

	arena_init(&a);
	sbuf_init(&msg);
	if (flags_parse(argc, argv, &a, &b, &msg, &err) < 0)
		fprintf(stderr, "rtprof: %s\n", err.msg);
	else if (!b.scene.render.out)
		fprintf(stderr, "rtprof: render_cli_test renders: give -render=out.png\n");
	else
		rc = render_cli(&b.scene.render);
	sbuf_free(&msg);
	arena_free(&a);
	return rc;
}
