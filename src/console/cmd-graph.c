/* dot, svg, png, pdf, gif, ps and the viewers (web, eog, evince, gv,
 * kcachegrind): pprof's call-graph drawings.  dot is the report engine's
 * DOT text; the image formats pipe it through Graphviz's `dot -T<format>`
 * as pprof's invokeDot does.  A viewer's file (svg, pdf, ps, callgrind) is
 * written where pprof keeps its files and named; no GUI program is
 * started from rtprof's terminal. */
#include "console/cmd.h"

#include <errno.h>
#include <fcntl.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "console/output.h"

extern char **environ;

/* Runs `dot -T<fmt> FILE`, its stdout appended to out, its stderr ours. */
static int run_dot(const char *fmt, const char *file, struct sbuf *out,
		   struct rt_error *err)
{
	char flag[32], buf[65536];
	char *argv[] = { "dot", flag, (char *)file, NULL };
	posix_spawn_file_actions_t fa;
	int fds[2], rc, status;
	pid_t pid;
	ssize_t n;

	snprintf(flag, sizeof flag, "-T%s", fmt);
	if (pipe2(fds, O_CLOEXEC) < 0)
		return rt_error_set(err, "pipe: %s", strerror(errno));
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_adddup2(&fa, fds[1], 1);
	rc = posix_spawnp(&pid, "dot", &fa, NULL, argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	close(fds[1]);
	if (rc != 0) {
		close(fds[0]);
		if (rc == ENOENT)
			return rt_error_set(err, "failed to execute dot. Is Graphviz installed? "
					    "Error: exec: \"dot\": executable file not found in $PATH");
		return rt_error_set(err, "failed to execute dot. Is Graphviz installed? "
				    "Error: %s", strerror(rc));
	}
	while ((n = read(fds[0], buf, sizeof buf)) != 0) {
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			break;
		sbuf_add(out, buf, (size_t)n);
	}
	close(fds[0]);
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
		return rt_error_set(err, "failed to execute dot. Is Graphviz installed? "
				    "Error: exit status %d",
				    WIFEXITED(status) ? WEXITSTATUS(status) : 1);
	return 0;
}

/* The DOT text through Graphviz's `dot -T<fmt>`, into out. */
static int graph_image(struct cmd_ctx *ctx, const char *fmt, struct sbuf *out,
		       struct rt_error *err)
{
	char tmp[] = "/tmp/rtprof-dot-XXXXXX";
	struct sbuf dot;
	int fd, rc = -1;

	sbuf_init(&dot);
	if (report_generate(ctx->p, REPORT_DOT, ctx->name, ctx->arg, ctx->cfg,
			    &dot, ctx->msg, NULL, err) < 0)
		goto out;
	fd = mkstemp(tmp);
	if (fd < 0) {
		rt_error_set(err, "%s: %s", tmp, strerror(errno));
		goto out;
	}
	rc = write(fd, dot.data ? dot.data : "", dot.len) == (ssize_t)dot.len ? 0 : -1;
	close(fd);
	if (rc < 0)
		rt_error_set(err, "%s: %s", tmp, strerror(errno));
	else
		rc = run_dot(fmt, tmp, out, err);
	unlink(tmp);
out:
	sbuf_free(&dot);
	return rc;
}

static enum cmd_retval cmd_graph_image_exec(const struct cmd_entry *self,
					    struct cmd_ctx *ctx,
					    struct rt_error *err)
{
	return graph_image(ctx, self->name, ctx->out, err) < 0 ? CMD_RETURN_ERROR
							       : CMD_RETURN_NORMAL;
}

/* pprof's visualizers: the file they would open (its suffix is the
 * entry's), made as pprof makes it, goes to -output or else to the first
 * free pprofNNN.SUFFIX in pprof's temp folder, and is named on msg. */
enum cmd_retval cmd_viewer_exec(const struct cmd_entry *self, struct cmd_ctx *ctx,
				struct rt_error *err)
{
	struct sbuf file;
	char name[4300];
	const char *suffix = self->suffix + 1;	/* ".svg" */
	int rc;

	sbuf_init(&file);
	if (self->report == REPORT_CALLGRIND)
		rc = report_generate(ctx->p, REPORT_CALLGRIND, ctx->name, ctx->arg, ctx->cfg,
				     &file, ctx->msg, NULL, err);
	else
		rc = graph_image(ctx, suffix, &file, err);
	if (rc == 0 && file.oom)
		rc = rt_error_set(err, "out of memory");
	if (rc == 0 && ctx->cfg->output && *ctx->cfg->output) {
		/* the console writes -output's file and names it */
		sbuf_add(ctx->out, file.data ? file.data : "", file.len);
		sbuf_free(&file);
		return CMD_RETURN_NORMAL;
	}
	if (rc == 0)
		rc = output_write_temp(self->name, self->suffix, file.data ? file.data : "",
				       file.len, name, sizeof name, err);
	if (rc == 0)
		sbuf_printf(ctx->msg, "Generating report in %s\n", name);
	sbuf_free(&file);
	return rc < 0 ? CMD_RETURN_ERROR : CMD_RETURN_NORMAL;
}

const struct cmd_entry cmd_dot_entry = {
	.name = "dot",
	.args = "",
	.description = "Outputs a graph in DOT format",
	.usage = CMD_GRAPH_USAGE("dot"),
	.report = REPORT_DOT,
	.flags = CMD_REPORT,
	.exec = cmd_report_exec,
};

#define IMAGE(n, desc)					\
	const struct cmd_entry cmd_##n##_entry = {	\
		.name = #n,				\
		.args = "",				\
		.description = desc,			\
		.usage = CMD_GRAPH_USAGE(#n),		\
		.report = REPORT_DOT,			\
		.suffix = "." #n,			\
		.flags = CMD_REPORT | CMD_BINARY,	\
		.exec = cmd_graph_image_exec,		\
	}

/* pprof's svg also adds pan and zoom JavaScript (svgpan); rtprof's is
 * Graphviz's SVG as is. */
IMAGE(gif, "Outputs a graph image in GIF format");
IMAGE(pdf, "Outputs a graph in PDF format");
IMAGE(png, "Outputs a graph image in PNG format");
IMAGE(ps, "Outputs a graph in PS format");
IMAGE(svg, "Outputs a graph in SVG format");

#define VIEWER(n, sfx, desc)				\
	const struct cmd_entry cmd_##n##_entry = {	\
		.name = #n,				\
		.args = "",				\
		.description = desc,			\
		.usage = CMD_VIEWER_USAGE(#n),		\
		.report = REPORT_DOT,			\
		.suffix = sfx,				\
		.flags = CMD_REPORT,			\
		.exec = cmd_viewer_exec,		\
	}

VIEWER(eog, ".svg", "Visualize graph through eog");
VIEWER(evince, ".pdf", "Visualize graph through evince");
VIEWER(gv, ".ps", "Visualize graph through gv");
VIEWER(web, ".svg", "Visualize graph through web browser");
