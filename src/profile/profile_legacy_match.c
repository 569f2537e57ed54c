/* profile_legacy_match: the matcher behind pprof's legacy-format patterns.
 * Backtracking in Go's leftmost-first order (greedy repetition tries the
 * longest run first, an optional group tries "present" first), with a
 * bitmap of (node, position) pairs known to fail and, for repetitions,
 * the stretch of a run known to fail, so that no line costs more than
 * about nodes x length steps.  Recursion depth is bounded by the
 * number of nodes. */
#include "profile/profile_legacy_match.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

struct lm {
	const struct lm_node *pat;
	size_t n;
	const char *s;
	size_t len;
	unsigned char *memo;	/* failed (node, pos) pairs */
	/* Per repeated class node: the positions [low, end] where the rest of
	 * the pattern is known to fail after the run that ends at end.  Every
	 * start inside one run shares that run's end, so a long run is tried
	 * once in all, not once per start. */
	size_t *run_end, *run_low;
	size_t *span_from, *span_to;	/* per node: the last run measured */
	struct lm_caps *caps;
	size_t end;
};

static bool in_class(unsigned cls, unsigned char c)
{
	bool space = c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r';
	bool digit = c >= '0' && c <= '9';
	bool lower_hex = digit || (c >= 'a' && c <= 'f');
	switch (cls) {
	case LMC_SP:
		return c == ' ';
	case LMC_SPACE:
		return space;
	case LMC_NONSPACE:
		return !space;
	case LMC_DIGIT:
		return digit;
	case LMC_XDIGIT:
		return lower_hex || (c >= 'A' && c <= 'F');
	case LMC_ADDRS:
		return lower_hex || c == ' ' || c == 'x';
	case LMC_ULD:
		return digit || c == '_' || (c >= 'a' && c <= 'z');
	case LMC_PERM:
		return c == '-' || c == 'r' || c == 'w' || c == 'x' || c == 'p';
	case LMC_SEP:
		return space || c == '-';
	case LMC_WORDSP:
		return digit || c == '_' || c == ' ' || (c >= 'a' && c <= 'z') ||
		       (c >= 'A' && c <= 'Z');
	case LMC_ANY:
		return c != '\n';
	case LMC_NOBRACKET:
		return c != '[' && c != ']';
	}
	return false;
}

/* Index of the LM_END closing the LM_OPT at i. */
static size_t opt_end(const struct lm *x, size_t i)
{
	int depth = 0;
	for (size_t j = i; j < x->n; j++) {
		if (x->pat[j].op == LM_OPT)
			depth++;
		else if (x->pat[j].op == LM_END && --depth == 0)
			return j;
	}
	return x->n - 1;
}

static bool step(struct lm *x, size_t i, size_t pos);

/* Greedy repetition: the rest of the pattern after node i from end down to
 * lo, skipping the positions already known to fail after this run. */
static bool run(struct lm *x, size_t i, size_t lo, size_t end)
{
	size_t top = end;
	bool known = x->run_end[i] == end;
	if (known) {
		if (x->run_low[i] <= lo)
			return false;
		top = x->run_low[i] - 1;
	}
	for (size_t q = top + 1; q-- > lo;)
		if (step(x, i + 1, q))
			return true;
	x->run_end[i] = end;
	x->run_low[i] = lo;
	return false;
}

static bool step(struct lm *x, size_t i, size_t pos)
{
	if (i == x->n) {
		x->end = pos;
		return true;
	}
	size_t bit = i * (x->len + 1) + pos;
	if (x->memo[bit / 8] & (1u << (bit % 8)))
		return false;
	const struct lm_node *nd = &x->pat[i];
	bool ok = false;
	size_t k, old;
	switch (nd->op) {
	case LM_CLASS:
		if (nd->many && x->span_from[i] <= pos && pos <= x->span_to[i]) {
			k = x->span_to[i] - pos;	/* inside a run measured before */
		} else {
			k = 0;
			while (pos + k < x->len && (nd->many || k < 1) &&
			       in_class(nd->cls, (unsigned char)x->s[pos + k])) {
				if (nd->many && pos + k == x->span_from[i]) {
					k = x->span_to[i] - pos;	/* joins it */
					break;
				}
				k++;
			}
			x->span_from[i] = pos;
			x->span_to[i] = pos + k;
		}
		ok = k >= nd->min && run(x, i, pos + nd->min, pos + k);
		break;
	case LM_LIT:
		k = strlen(nd->lit);
		ok = x->len - pos >= k && memcmp(x->s + pos, nd->lit, k) == 0 &&
		     step(x, i + 1, pos + k);
		break;
	case LM_OPT:
		ok = step(x, i + 1, pos) || step(x, opt_end(x, i) + 1, pos);
		break;
	case LM_END:
		ok = step(x, i + 1, pos);
		break;
	case LM_OPEN:
	case LM_CLOSE: {
		size_t *slot = nd->op == LM_OPEN ? &x->caps->b[nd->cap] : &x->caps->e[nd->cap];
		old = *slot;
		*slot = pos;
		ok = step(x, i + 1, pos);
		if (!ok)
			*slot = old;
		break;
	}
	case LM_EOL:
		ok = pos == x->len && step(x, i + 1, pos);
		break;
	}
	if (!ok)
		x->memo[bit / 8] |= (unsigned char)(1u << (bit % 8));
	return ok;
}

int lm_find(const struct lm_node *pat, size_t n_nodes, bool anchored,
	    const char *s, size_t len, struct lm_caps *caps)
{
	struct lm x = { .pat = pat, .n = n_nodes, .s = s, .len = len, .caps = caps };
	if (len > (SIZE_MAX - 8) / 8 / (n_nodes + 1) - 1)
		return -1;
	x.memo = calloc(((n_nodes + 1) * (len + 1) + 7) / 8, 1);
	x.run_end = malloc(n_nodes * sizeof *x.run_end);
	x.run_low = malloc(n_nodes * sizeof *x.run_low);
	x.span_from = malloc(n_nodes * sizeof *x.span_from);
	x.span_to = malloc(n_nodes * sizeof *x.span_to);
	int found = 0;
	if (!x.memo || !x.run_end || !x.run_low || !x.span_from || !x.span_to) {
		found = -1;
		goto out;
	}
	for (size_t i = 0; i < n_nodes; i++) {
		x.run_end[i] = SIZE_MAX;
		x.span_from[i] = SIZE_MAX;	/* no run measured yet */
		x.span_to[i] = 0;
	}
	for (size_t start = 0; start <= len && !found; start++) {
		memset(caps, 0, sizeof *caps);
		if (step(&x, 0, start)) {
			caps->b[0] = start;
			caps->e[0] = x.end;
			found = 1;
		}
		if (anchored)
			break;
	}
	/* A group that took no part in the match reads as "". */
	for (int k = 1; k < LM_MAXCAP && found; k++)
		if (caps->e[k] < caps->b[k])
			caps->b[k] = caps->e[k] = 0;
out:
	free(x.memo);
	free(x.run_end);
	free(x.run_low);
	free(x.span_from);
	free(x.span_to);
	return found;
}
