/* dot, svg, png, pdf, gif, ps and the viewers (web, eog, evince, gv):
 * pprof's call-graph drawings.  Listed so `help` and --help match pprof and
 * so the user hears "not in rtprof yet" rather than "unrecognized". */
#include "console/cmd.h"

#define GRAPH(n, desc, use, extra)			\
	const struct cmd_entry cmd_##n##_entry = {	\
		.name = #n,				\
		.args = "",				\
		.description = desc,			\
		.usage = use(#n),			\
		.flags = CMD_REPORT | CMD_UNSUPPORTED | (extra), \
		.exec = cmd_unsupported_exec,		\
	}

GRAPH(dot, "Outputs a graph in DOT format", CMD_GRAPH_USAGE, 0);
GRAPH(gif, "Outputs a graph image in GIF format", CMD_GRAPH_USAGE, CMD_BINARY);
GRAPH(pdf, "Outputs a graph in PDF format", CMD_GRAPH_USAGE, CMD_BINARY);
GRAPH(png, "Outputs a graph image in PNG format", CMD_GRAPH_USAGE, CMD_BINARY);
GRAPH(ps, "Outputs a graph in PS format", CMD_GRAPH_USAGE, CMD_BINARY);
GRAPH(svg, "Outputs a graph in SVG format", CMD_GRAPH_USAGE, CMD_BINARY);
GRAPH(eog, "Visualize graph through eog", CMD_VIEWER_USAGE, 0);
GRAPH(evince, "Visualize graph through evince", CMD_VIEWER_USAGE, 0);
GRAPH(gv, "Visualize graph through gv", CMD_VIEWER_USAGE, 0);
GRAPH(web, "Visualize graph through web browser", CMD_VIEWER_USAGE, 0);
