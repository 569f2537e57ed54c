/* report_formats: the output formats the entry point's table dispatches
 * to.  Each reads its context and writes r->out; none calls back into the
 * entry point. */
#ifndef RT_REPORT_FORMATS_H
#define RT_REPORT_FORMATS_H

#include "report/report_context.h"

int report_text(struct rctx *r);
int report_tree(struct rctx *r);
int report_traces(struct rctx *r);
int report_tags(struct rctx *r);
int report_raw(struct rctx *r);
int report_list(struct rctx *r);
int report_proto(struct rctx *r);
int report_topproto(struct rctx *r);
int report_comments(struct rctx *r);
int report_callgrind(struct rctx *r);
int report_dot(struct rctx *r);
int report_folded(struct rctx *r);
int report_speedscope(struct rctx *r);
int report_disasm(struct rctx *r);
int report_weblist(struct rctx *r);

#endif
