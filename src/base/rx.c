/* rx: PCRE2 programs for the patterns rx_parse.c has checked and rewritten.
 * Matching is pcre2_dfa_match, which follows all paths at once: never
 * exponential (PCRE2's backtracking matcher is, on (a|aa)*c, and its match
 * limit would then answer wrongly).  First one pass over the text with a lazy
 * any-prefix and at most 300 live states: linear in the text.  Counted
 * repeats ([a-z]{1000}) can need more states than that, since each start
 * keeps its own count; then the pattern is tried at each start position
 * (PCRE2 skips starts that cannot match), its workspace growing to a cap.
 * Time and memory are bounded by the text's length and the program's size,
 * which RX_MAX_PROGRAM caps. */
#include "base/rx.h"

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/rx_parse.h"
#include "base/sbuf.h"

#define RX_MATCH_LIMIT 10000000u	/* PCRE2's default */
#define RX_DEPTH_LIMIT 5000u
#define RX_HEAP_LIMIT_KIB (16u * 1024)
#define RX_WS_ONE_PASS (6 * 300)	/* ints: 300 live states a step */
#define RX_WS_MAX (1u << 20)		/* ints: 4 MiB */

/* Before the pattern for the one-pass program; the other is the pattern alone. */
static const char any_prefix[] = "(?s:.)*?(";
#define ANY_PREFIX_LEN (sizeof any_prefix - 1)

struct rx_prog {
	pcre2_code *code;	/* (?s:.)*?(?:P), anchored: one pass */
	pcre2_code *code_any;	/* P, tried at each start */
	pcre2_match_context *mctx;
};

static atomic_ulong limit_hits;

unsigned long rx_limit_hits(void)
{
	return atomic_load(&limit_hits);
}

static int too_large(struct rt_error *err, const char *pattern)
{
	return rt_error_set(err, "error parsing regexp: expression too large "
			    "(over the %d KiB regexp size cap): `%s`", RX_MAX_PROGRAM / 1024, pattern);
}

static pcre2_code *compile(const char *pat, size_t n, uint32_t opts, const char *pattern,
			   struct rt_error *err)
{
	pcre2_compile_context *cc = pcre2_compile_context_create(NULL);
	int ec = 0;
	PCRE2_SIZE off;
	pcre2_code *code = NULL;

	if (!cc) {
		rt_error_set(err, "out of memory");
		return NULL;
	}
	pcre2_set_newline(cc, PCRE2_NEWLINE_LF);
	pcre2_set_parens_nest_limit(cc, 4000);
	code = pcre2_compile((PCRE2_SPTR)pat, n,
			     opts | PCRE2_UTF | PCRE2_ALT_CIRCUMFLEX | PCRE2_NEVER_BACKSLASH_C |
			     PCRE2_NEVER_UCP | PCRE2_NO_AUTO_CAPTURE,
			     &ec, &off, cc);
	pcre2_compile_context_free(cc);
	size_t size = 0;
	if (code && pcre2_pattern_info(code, PCRE2_INFO_SIZE, &size) == 0 && size > RX_MAX_PROGRAM + 1024) {
		pcre2_code_free(code);
		code = NULL;
		ec = PCRE2_ERROR_PATTERN_TOO_LARGE;
	}
	if (code)
		return code;
	if (ec == PCRE2_ERROR_PATTERN_TOO_LARGE || ec == PCRE2_ERROR_PARENTHESES_NEST_TOO_DEEP ||
	    ec == PCRE2_ERROR_QUERY_BARJX_NEST_TOO_DEEP ||
	    ec == PCRE2_ERROR_PATTERN_TOO_COMPLICATED || ec == PCRE2_ERROR_PATTERN_STRING_TOO_LONG) {
		too_large(err, pattern);
	} else if (ec == PCRE2_ERROR_HEAP_FAILED || ec == PCRE2_ERROR_NOMEMORY) {
		rt_error_set(err, "out of memory");
	} else {
		PCRE2_UCHAR msg[256];
		pcre2_get_error_message(ec, msg, sizeof msg);
		rt_error_set(err, "error parsing regexp: %s: `%s`", (const char *)msg, pattern);
	}
	return NULL;
}

int rx_compile(struct rx *r, const char *pattern, struct rt_error *err)
{
	struct sbuf pat;
	r->ok = false;
	r->prog = NULL;
	sbuf_init(&pat);
	sbuf_puts(&pat, any_prefix);
	if (rx_translate(pattern, &pat, err) < 0) {
		sbuf_free(&pat);
		return -1;
	}
	sbuf_putc(&pat, ')');
	struct rx_prog *prog = calloc(1, sizeof *prog);
	if (!prog || pat.oom) {
		free(prog);
		sbuf_free(&pat);
		return rt_error_set(err, "out of memory");
	}
	prog->code = compile(sbuf_str(&pat), pat.len, PCRE2_ANCHORED, pattern, err);
	if (prog->code)
		prog->code_any = compile(sbuf_str(&pat) + ANY_PREFIX_LEN, pat.len - ANY_PREFIX_LEN - 1,
					 0, pattern, err);
	sbuf_free(&pat);
	if (!prog->code_any) {
		pcre2_code_free(prog->code);
		free(prog);
		return -1;
	}
	prog->mctx = pcre2_match_context_create(NULL);
	if (!prog->mctx) {
		pcre2_code_free(prog->code);
		pcre2_code_free(prog->code_any);
		free(prog);
		return rt_error_set(err, "out of memory");
	}
	pcre2_set_match_limit(prog->mctx, RX_MATCH_LIMIT);
	pcre2_set_depth_limit(prog->mctx, RX_DEPTH_LIMIT);
	pcre2_set_heap_limit(prog->mctx, RX_HEAP_LIMIT_KIB);
	r->prog = prog;
	r->ok = true;
	return 0;
}

/* s with each byte that is not valid UTF-8 replaced by U+FFFD, as Go reads
 * it; NULL if s is valid (or on no memory, *n then 0). */
static char *utf8_fixed(const char *s, size_t *n)
{
	size_t i = 0, len = *n;
	int w;
	while (i < len) {
		unsigned char c = (unsigned char)s[i];
		if (c < 0x80) {
			i++;
			continue;
		}
		unsigned r = rx_utf8_decode(s + i, len - i, &w);
		if (r == 0xFFFD && w == 1)
			break;
		i += (size_t)w;
	}
	if (i == len)
		return NULL;
	char *o = malloc(len * 3 + 1);
	size_t k = 0;
	*n = 0;
	if (!o)
		return NULL;
	for (i = 0; i < len; i += (size_t)w) {
		unsigned r = rx_utf8_decode(s + i, len - i, &w);
		if (r == 0xFFFD && w == 1) {
			memcpy(o + k, "\xEF\xBF\xBD", 3);
			k += 3;
		} else {
			memcpy(o + k, s + i, (size_t)w);
			k += (size_t)w;
		}
	}
	*n = k;
	return o;
}

bool rx_match(const struct rx *r, const char *s)
{
	if (!r->ok)
		return false;
	size_t n = strlen(s);
	char *fixed = utf8_fixed(s, &n);
	if (fixed)
		s = fixed;
	else if (n == 0 && *s)
		goto limit;	/* no memory for the fixed copy */

	pcre2_match_data *md = pcre2_match_data_create(1, NULL);
	int ws_stack[RX_WS_ONE_PASS], *ws = ws_stack, *big = NULL, rc = PCRE2_ERROR_NOMEMORY;
	if (md)
		rc = pcre2_dfa_match(r->prog->code, (PCRE2_SPTR)s, n, 0,
				     PCRE2_DFA_SHORTEST | PCRE2_NO_UTF_CHECK, md, r->prog->mctx,
				     ws, RX_WS_ONE_PASS);
	for (size_t wn = RX_WS_ONE_PASS; md && rc == PCRE2_ERROR_DFA_WSSIZE && wn < RX_WS_MAX;) {
		wn *= 8;
		free(big);
		ws = big = malloc(wn * sizeof *ws);
		if (!ws) {
			rc = PCRE2_ERROR_NOMEMORY;
			break;
		}
		rc = pcre2_dfa_match(r->prog->code_any, (PCRE2_SPTR)s, n, 0,
				     PCRE2_DFA_SHORTEST | PCRE2_NO_UTF_CHECK, md, r->prog->mctx,
				     ws, wn);
	}
	free(big);
	pcre2_match_data_free(md);
	free(fixed);
	if (rc >= 0)
		return true;
	if (rc == PCRE2_ERROR_NOMATCH)
		return false;
limit:
	atomic_fetch_add(&limit_hits, 1);
	return false;
}

void rx_free(struct rx *r)
{
	if (r->prog) {
		pcre2_match_context_free(r->prog->mctx);
		pcre2_code_free(r->prog->code);
		pcre2_code_free(r->prog->code_any);
		free(r->prog);
	}
	r->prog = NULL;
	r->ok = false;
}
