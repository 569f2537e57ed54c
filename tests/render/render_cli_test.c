/* render_cli_test: a stand-alone driver for render_cli, so render tests and the
 * benchmark do not depend on how src/main.c dispatches -render=. */
#include "render/render_cli.h"

int main(int argc, char **argv)
{
	return render_cli(argc, argv);
}
