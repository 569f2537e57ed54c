/* profile_legacy_match: a tiny backtracking matcher for the fixed patterns
 * of pprof's legacy parsers (legacy_profile.go, legacy_java_profile.go).
 * Patterns are arrays of nodes written by hand next to the Go regexp they
 * stand for; matching follows Go's leftmost-first submatch rules, and a
 * memo of failed (node, position) pairs keeps it linear in the line length.
 * Not a regex engine: no pattern strings are parsed here. */
#ifndef RT_PROFILE_LEGACY_MATCH_H
#define RT_PROFILE_LEGACY_MATCH_H

#include <stdbool.h>
#include <stddef.h>

enum lm_op { LM_CLASS, LM_LIT, LM_OPT, LM_END, LM_OPEN, LM_CLOSE, LM_EOL };

enum lm_class {
	LMC_SP,		/* ' ' */
	LMC_SPACE,	/* \s: [\t\n\f\r ] */
	LMC_NONSPACE,	/* \S */
	LMC_DIGIT,	/* \d */
	LMC_XDIGIT,	/* [[:xdigit:]] */
	LMC_ADDRS,	/* [ x0-9a-f] */
	LMC_ULD,	/* [_a-z0-9] */
	LMC_PERM,	/* [-rwxp] */
	LMC_SEP,	/* [\s-] */
	LMC_WORDSP,	/* [\w ] */
	LMC_ANY,	/* . (any byte but \n) */
	LMC_NOBRACKET,	/* [^\[\]] */
};

struct lm_node {
	unsigned char op, cls, min, many, cap;
	const char *lit;
};

/* CLASS repeated min..(many ? unbounded : 1) times, greedily. */
#define LM_C(c, mn, mny) { LM_CLASS, (c), (mn), (mny), 0, NULL }
#define LM_L(s) { LM_LIT, 0, 0, 0, 0, (s) }
/* An optional group: LM_OPT_ ... LM_END_ (greedy, may nest). */
#define LM_OPT_ { LM_OPT, 0, 0, 0, 0, NULL }
#define LM_END_ { LM_END, 0, 0, 0, 0, NULL }
#define LM_OPEN_(k) { LM_OPEN, 0, 0, 0, (k), NULL }
#define LM_CLOSE_(k) { LM_CLOSE, 0, 0, 0, (k), NULL }
#define LM_EOL_ { LM_EOL, 0, 0, 0, 0, NULL }

#define LM_MAXCAP 8

/* Group k is s[b[k], e[k]); an unset group is empty, as Go returns ""
 * for it.  Group 0 is the whole match. */
struct lm_caps {
	size_t b[LM_MAXCAP], e[LM_MAXCAP];
};

/* 1 on a match (caps filled), 0 on none, -1 when out of memory.  Anchored:
 * only at s[0] (Go's ^ or \A); else the leftmost match. */
int lm_find(const struct lm_node *pat, size_t n_nodes, bool anchored,
	    const char *s, size_t len, struct lm_caps *caps);

/* Group k of a match of s. */
static inline const char *lm_group(const char *s, const struct lm_caps *c, int k, size_t *len)
{
	*len = c->e[k] - c->b[k];
	return s + c->b[k];
}

#define LM_FIND(pat, anch, s, len, caps) \
	lm_find((pat), sizeof(pat) / sizeof((pat)[0]), (anch), (s), (len), (caps))

#endif
