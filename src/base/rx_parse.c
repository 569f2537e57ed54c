/* rx_parse: Go's regexp/syntax rules (Perl flags, as regexp.Compile uses
 * them) in C.  A stack of nodes is kept the way Go's parser keeps one, so the
 * same patterns are refused with the same words: backreferences (\1 is an
 * invalid escape), repeat counts over 1000, repeats of repeats (a**,
 * a{2}{3}), nested counted repeats whose product passes 1000, programs over
 * Go's size limit, trees nesting deeper than 1000.  The tree is then written
 * in PCRE2 syntax with every construct spelled out (code points as \x{..},
 * ASCII classes as explicit ranges, ^ $ . as the exact assertion or class
 * they mean in Go) so no PCRE2 default decides a meaning.  Groups are plain
 * ( ) for PCRE2_NO_AUTO_CAPTURE: PCRE2 nests those 1000 deep as Go does,
 * (?: only about 500.  Never matches, prints or exits.
 *
 * Known difference: under (?i), Go widens \p{Lu}, \p{Ll}, \p{Lt}, \p{L},
 * \p{M}, \p{Mn}, \p{Common}, \p{Greek}, \p{Inherited} by their case
 * variants; PCRE2 does not widen \p classes. */
#include "base/rx_parse.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define RX_MAX_RUNE 0x10FFFFu
#define RX_MAX_REPEAT 1000		/* Go: a{1001} is an invalid repeat count */
#define RX_MAX_HEIGHT 1000		/* Go's maxHeight */
#define RX_MAX_SIZE ((int64_t)(128 << 20) / 40)	/* Go's maxSize, in instructions */
#define RX_NEVER "[^\\x{0}-\\x{10ffff}]"	/* matches no character */
#define RX_ANY "[\\x{0}-\\x{10ffff}]"	/* any character */

/* Go's error codes, in Go's words. */
#define E_INTERNAL "regexp/syntax: internal error"
#define E_CHAR_RANGE "invalid character class range"
#define E_ESCAPE "invalid escape sequence"
#define E_NAMED_CAPTURE "invalid named capture"
#define E_PERL_OP "invalid or unsupported Perl syntax"
#define E_REPEAT_OP "invalid nested repetition operator"
#define E_REPEAT_SIZE "invalid repeat count"
#define E_UTF8 "invalid UTF-8"
#define E_BRACKET "missing closing ]"
#define E_PAREN "missing closing )"
#define E_REPEAT_ARG "missing argument to repetition operator"
#define E_BACKSLASH "trailing backslash at end of expression"
#define E_UNEXPECTED_PAREN "unexpected )"
#define E_DEPTH "expression nests too deeply"

enum {
	RXF_FOLD = 1,		/* (?i) */
	RXF_ONELINE = 2,	/* ^ $ only at the ends of the text; (?m) clears it */
	RXF_DOTNL = 4,		/* (?s) */
	RXF_NONGREEDY = 8,	/* (?U), flipped by a repeat's own ? */
};

enum {
	OP_NOMATCH = 1, OP_EMPTY, OP_LITERAL, OP_CLASS, OP_ANY_NOTNL, OP_ANY,
	OP_BEGIN_LINE, OP_END_LINE, OP_BEGIN_TEXT, OP_END_TEXT,
	OP_WORD_B, OP_NO_WORD_B, OP_CAPTURE, OP_STAR, OP_PLUS, OP_QUEST,
	OP_REPEAT, OP_CONCAT, OP_ALTERNATE,
	OP_PSEUDO = 128, OP_LEFT_PAREN, OP_VERTICAL_BAR,
};

struct rx_prop {
	unsigned short name;	/* index in unicode_names */
	bool neg;
};

struct rx_node {
	int op, flags, min, max;
	bool capture;		/* OP_LEFT_PAREN: ( rather than (?: */
	bool negated;		/* OP_CLASS: [^...] */
	int height;		/* Go's calcHeight */
	int64_t size;		/* Go's calcSize */
	struct rx_node **sub;
	size_t nsub;
	uint32_t *runes;	/* OP_LITERAL: the runes; OP_CLASS: lo,hi pairs */
	size_t nrunes, caprunes;
	struct rx_prop *props;	/* OP_CLASS: \p{..} and \P{..} items */
	size_t nprops, capprops;
	struct rx_node *next_alloc;
};

/* A cached forward search: the parser only moves forward, so an answer at or
 * after the new start stays right, and keeps `[[[[...` linear. */
struct rx_find {
	const char *at;
	const char *none_from;	/* searched from here and found nothing */
};

struct rx_parser {
	const char *whole;
	int flags;
	struct rx_node **stack;
	size_t n, cap;
	struct rx_node *all;
	struct rt_error *err;
	struct rx_find colon_bracket, close_brace, close_angle;
};

/* Go 1.19's unicode.Categories and unicode.Scripts, sorted (strcmp). */
static const char *const unicode_names[] = {
	"Adlam", "Ahom", "Anatolian_Hieroglyphs", "Arabic", "Armenian", "Avestan",
	"Balinese", "Bamum", "Bassa_Vah", "Batak", "Bengali", "Bhaiksuki",
	"Bopomofo", "Brahmi", "Braille", "Buginese", "Buhid", "C",
	"Canadian_Aboriginal", "Carian", "Caucasian_Albanian", "Cc", "Cf", "Chakma",
	"Cham", "Cherokee", "Chorasmian", "Co", "Common", "Coptic",
	"Cs", "Cuneiform", "Cypriot", "Cyrillic", "Deseret", "Devanagari",
	"Dives_Akuru", "Dogra", "Duployan", "Egyptian_Hieroglyphs", "Elbasan", "Elymaic",
	"Ethiopic", "Georgian", "Glagolitic", "Gothic", "Grantha", "Greek",
	"Gujarati", "Gunjala_Gondi", "Gurmukhi", "Han", "Hangul", "Hanifi_Rohingya",
	"Hanunoo", "Hatran", "Hebrew", "Hiragana", "Imperial_Aramaic", "Inherited",
	"Inscriptional_Pahlavi", "Inscriptional_Parthian", "Javanese", "Kaithi", "Kannada", "Katakana",
	"Kayah_Li", "Kharoshthi", "Khitan_Small_Script", "Khmer", "Khojki", "Khudawadi",
	"L", "Lao", "Latin", "Lepcha", "Limbu", "Linear_A",
	"Linear_B", "Lisu", "Ll", "Lm", "Lo", "Lt",
	"Lu", "Lycian", "Lydian", "M", "Mahajani", "Makasar",
	"Malayalam", "Mandaic", "Manichaean", "Marchen", "Masaram_Gondi", "Mc",
	"Me", "Medefaidrin", "Meetei_Mayek", "Mende_Kikakui", "Meroitic_Cursive", "Meroitic_Hieroglyphs",
	"Miao", "Mn", "Modi", "Mongolian", "Mro", "Multani",
	"Myanmar", "N", "Nabataean", "Nandinagari", "Nd", "New_Tai_Lue",
	"Newa", "Nko", "Nl", "No", "Nushu", "Nyiakeng_Puachue_Hmong",
	"Ogham", "Ol_Chiki", "Old_Hungarian", "Old_Italic", "Old_North_Arabian", "Old_Permic",
	"Old_Persian", "Old_Sogdian", "Old_South_Arabian", "Old_Turkic", "Oriya", "Osage",
	"Osmanya", "P", "Pahawh_Hmong", "Palmyrene", "Pau_Cin_Hau", "Pc",
	"Pd", "Pe", "Pf", "Phags_Pa", "Phoenician", "Pi",
	"Po", "Ps", "Psalter_Pahlavi", "Rejang", "Runic", "S",
	"Samaritan", "Saurashtra", "Sc", "Sharada", "Shavian", "Siddham",
	"SignWriting", "Sinhala", "Sk", "Sm", "So", "Sogdian",
	"Sora_Sompeng", "Soyombo", "Sundanese", "Syloti_Nagri", "Syriac", "Tagalog",
	"Tagbanwa", "Tai_Le", "Tai_Tham", "Tai_Viet", "Takri", "Tamil",
	"Tangut", "Telugu", "Thaana", "Thai", "Tibetan", "Tifinagh",
	"Tirhuta", "Ugaritic", "Vai", "Wancho", "Warang_Citi", "Yezidi",
	"Yi", "Z", "Zanabazar_Square", "Zl", "Zp", "Zs",
};

#define N_UNICODE_NAMES (sizeof unicode_names / sizeof *unicode_names)

/* Go's Perl and POSIX classes: ASCII ranges, lo,hi pairs ending in 0,0. */
struct rx_group {
	const char *name;
	uint32_t r[10];
};

static const struct rx_group perl_groups[] = {
	{ "d", { '0', '9', 0, 0 } },
	{ "s", { '\t', '\n', '\f', '\r', ' ', ' ', 0, 0 } },
	{ "w", { '0', '9', 'A', 'Z', '_', '_', 'a', 'z', 0, 0 } },
};

static const struct rx_group posix_groups[] = {
	{ "alnum", { '0', '9', 'A', 'Z', 'a', 'z', 0, 0 } },
	{ "alpha", { 'A', 'Z', 'a', 'z', 0, 0 } },
	{ "ascii", { 0, 0x7f, 0, 0 } },
	{ "blank", { '\t', '\t', ' ', ' ', 0, 0 } },
	{ "cntrl", { 0, 0x1f, 0x7f, 0x7f, 0, 0 } },
	{ "digit", { '0', '9', 0, 0 } },
	{ "graph", { '!', '~', 0, 0 } },
	{ "lower", { 'a', 'z', 0, 0 } },
	{ "print", { ' ', '~', 0, 0 } },
	{ "punct", { '!', '/', ':', '@', '[', '`', '{', '~', 0, 0 } },
	{ "space", { '\t', '\r', ' ', ' ', 0, 0 } },
	{ "upper", { 'A', 'Z', 0, 0 } },
	{ "word", { '0', '9', 'A', 'Z', '_', '_', 'a', 'z', 0, 0 } },
	{ "xdigit", { '0', '9', 'A', 'F', 'a', 'f', 0, 0 } },
};

unsigned rx_utf8_decode(const char *s, size_t n, int *len)
{
	const unsigned char *u = (const unsigned char *)s;
	unsigned c = n ? u[0] : 0, lo = 0x80, hi = 0xBF, r;
	int need;

	*len = n ? 1 : 0;
	if (!n)
		return 0xFFFD;
	if (c < 0x80)
		return c;
	if (c >= 0xC2 && c <= 0xDF) {
		need = 1;
		r = c & 0x1F;
	} else if (c >= 0xE0 && c <= 0xEF) {
		need = 2;
		r = c & 0x0F;
		if (c == 0xE0)
			lo = 0xA0;
		else if (c == 0xED)
			hi = 0x9F;	/* no surrogates */
	} else if (c >= 0xF0 && c <= 0xF4) {
		need = 3;
		r = c & 0x07;
		if (c == 0xF0)
			lo = 0x90;
		else if (c == 0xF4)
			hi = 0x8F;
	} else {
		return 0xFFFD;
	}
	if ((size_t)need >= n || u[1] < lo || u[1] > hi)
		return 0xFFFD;
	for (int i = 1; i <= need; i++) {
		if (u[i] < 0x80 || u[i] > 0xBF)
			return 0xFFFD;
		r = r << 6 | (u[i] & 0x3F);
	}
	*len = need + 1;
	return r;
}

static int fail(struct rx_parser *p, const char *code, const char *expr, size_t len)
{
	return rt_error_set(p->err, "error parsing regexp: %s: `%.*s`", code, (int)len, expr);
}

static int fail_whole(struct rx_parser *p, const char *code)
{
	return fail(p, code, p->whole, strlen(p->whole));
}

static int oom(struct rx_parser *p)
{
	return rt_error_set(p->err, "out of memory");
}

/* Go's nextRune: the rune at s (U+FFFD of length 0 at the end); invalid
 * UTF-8 is an error naming the rest of the pattern. */
static int next_rune(struct rx_parser *p, const char *s, uint32_t *r, int *len)
{
	*r = rx_utf8_decode(s, strnlen(s, 4), len);
	if (*r == 0xFFFD && *len == 1)
		return fail(p, E_UTF8, s, strlen(s));
	return 0;
}

static int check_utf8(struct rx_parser *p, const char *s, size_t n)
{
	for (size_t i = 0; i < n;) {
		int len;
		uint32_t r = rx_utf8_decode(s + i, n - i, &len);
		if (r == 0xFFFD && len == 1)
			return fail(p, E_UTF8, s + i, n - i);
		i += (size_t)len;
	}
	return 0;
}

static const char *find(struct rx_find *f, const char *from, const char *needle)
{
	if (f->at && f->at >= from)
		return f->at;
	if (f->none_from && f->none_from <= from)
		return NULL;
	f->at = strstr(from, needle);
	if (!f->at)
		f->none_from = from;
	return f->at;
}

/* --- nodes --- */

static struct rx_node *node_new(struct rx_parser *p, int op)
{
	struct rx_node *n = calloc(1, sizeof *n);
	if (!n) {
		oom(p);
		return NULL;
	}
	n->op = op;
	n->flags = p->flags;
	n->next_alloc = p->all;
	p->all = n;
	return n;
}

static void nodes_free(struct rx_node *n)
{
	while (n) {
		struct rx_node *next = n->next_alloc;
		free(n->sub);
		free(n->runes);
		free(n->props);
		free(n);
		n = next;
	}
}

static int add_rune(struct rx_parser *p, struct rx_node *n, uint32_t r)
{
	if (n->nrunes == n->caprunes) {
		size_t cap = n->caprunes ? n->caprunes * 2 : 4;
		uint32_t *v = realloc(n->runes, cap * sizeof *v);
		if (!v)
			return oom(p);
		n->runes = v;
		n->caprunes = cap;
	}
	n->runes[n->nrunes++] = r;
	return 0;
}

static int add_range(struct rx_parser *p, struct rx_node *n, uint32_t lo, uint32_t hi)
{
	return add_rune(p, n, lo) < 0 ? -1 : add_rune(p, n, hi);
}

static int add_sub(struct rx_parser *p, struct rx_node *n, struct rx_node *sub)
{
	struct rx_node **v = realloc(n->sub, (n->nsub + 1) * sizeof *v);
	if (!v)
		return oom(p);
	n->sub = v;
	n->sub[n->nsub++] = sub;
	return 0;
}

/* Go's calcHeight and calcSize for n, whose subs are measured already; a
 * program over Go's size or height limit is refused as Go refuses it. */
static int check_limits(struct rx_parser *p, struct rx_node *n)
{
	int64_t s = 0, s0 = n->nsub ? n->sub[0]->size : 0;
	int h = 1;

	for (size_t i = 0; i < n->nsub; i++) {
		if (h < 1 + n->sub[i]->height)
			h = 1 + n->sub[i]->height;
		if (n->op == OP_CONCAT || n->op == OP_ALTERNATE)
			s += n->sub[i]->size;
	}
	switch (n->op) {
	case OP_LITERAL:
		s = (int64_t)n->nrunes;
		break;
	case OP_CAPTURE:
	case OP_STAR:
		s = 2 + s0;
		break;
	case OP_PLUS:
	case OP_QUEST:
		s = 1 + s0;
		break;
	case OP_ALTERNATE:
		s += (int64_t)n->nsub - 1;
		break;
	case OP_REPEAT:
		if (n->max == -1)
			s = n->min == 0 ? 2 + s0 : 1 + n->min * s0;
		else
			s = n->max * s0 + (n->max - n->min);
		break;
	}
	n->size = s < 1 ? 1 : s;
	n->height = h;
	if (n->size > RX_MAX_SIZE)
		return fail_whole(p, E_INTERNAL);
	if (n->height > RX_MAX_HEIGHT)
		return fail_whole(p, E_DEPTH);
	return 0;
}

/* Go's repeatIsValid: the counted repeats nested in re multiply to at most n. */
static bool repeat_valid(const struct rx_node *re, int n)
{
	if (re->op == OP_REPEAT) {
		int m = re->max;
		if (m == 0)
			return true;
		if (m < 0)
			m = re->min;
		if (m > n)
			return false;
		if (m > 0)
			n /= m;
	}
	for (size_t i = 0; i < re->nsub; i++)
		if (!repeat_valid(re->sub[i], n))
			return false;
	return true;
}

/* --- the stack --- */

static bool is_pseudo(const struct rx_node *n)
{
	return n->op >= OP_PSEUDO;
}

/* Go's maybeConcat: two literals with the same folding on top become one,
 * before anything else is pushed (so a following * takes only the last). */
static int merge_literals(struct rx_parser *p)
{
	if (p->n < 2)
		return 0;
	struct rx_node *a = p->stack[p->n - 2], *b = p->stack[p->n - 1];
	if (a->op != OP_LITERAL || b->op != OP_LITERAL || ((a->flags ^ b->flags) & RXF_FOLD))
		return 0;
	for (size_t i = 0; i < b->nrunes; i++)
		if (add_rune(p, a, b->runes[i]) < 0)
			return -1;
	p->n--;
	return check_limits(p, a);
}

static int push(struct rx_parser *p, struct rx_node *n)
{
	if (!n || merge_literals(p) < 0)
		return -1;
	if (p->n == p->cap) {
		size_t cap = p->cap ? p->cap * 2 : 16;
		struct rx_node **v = realloc(p->stack, cap * sizeof *v);
		if (!v)
			return oom(p);
		p->stack = v;
		p->cap = cap;
	}
	p->stack[p->n++] = n;
	return check_limits(p, n);
}

static int push_op(struct rx_parser *p, int op)
{
	return push(p, node_new(p, op));
}

static int literal(struct rx_parser *p, uint32_t r)
{
	struct rx_node *n = node_new(p, OP_LITERAL);
	if (!n || add_rune(p, n, r) < 0)
		return -1;
	return push(p, n);
}

/* Go's collapse: op over subs, hoisting subs that are op themselves. */
static struct rx_node *collapse(struct rx_parser *p, struct rx_node **subs, size_t k, int op)
{
	if (k == 1)
		return subs[0];
	struct rx_node *n = node_new(p, op);
	if (!n)
		return NULL;
	for (size_t i = 0; i < k; i++) {
		if (subs[i]->op == op) {
			for (size_t j = 0; j < subs[i]->nsub; j++)
				if (add_sub(p, n, subs[i]->sub[j]) < 0)
					return NULL;
		} else if (add_sub(p, n, subs[i]) < 0) {
			return NULL;
		}
	}
	return check_limits(p, n) < 0 ? NULL : n;
}

/* The items above the topmost ( or | become one concatenation. */
static int concat(struct rx_parser *p)
{
	if (merge_literals(p) < 0)
		return -1;
	size_t i = p->n;
	while (i > 0 && !is_pseudo(p->stack[i - 1]))
		i--;
	struct rx_node *n = i == p->n ? node_new(p, OP_EMPTY)
				      : collapse(p, p->stack + i, p->n - i, OP_CONCAT);
	if (!n)
		return -1;
	p->n = i;
	return push(p, n);
}

/* The concatenations above the topmost (, between |s, become one alternation. */
static int alternate(struct rx_parser *p)
{
	size_t i = p->n, k = 0;
	while (i > 0 && p->stack[i - 1]->op != OP_LEFT_PAREN)
		i--;
	for (size_t j = i; j < p->n; j++)
		if (p->stack[j]->op != OP_VERTICAL_BAR)
			p->stack[i + k++] = p->stack[j];
	struct rx_node *n = k == 0 ? node_new(p, OP_NOMATCH)
				   : collapse(p, p->stack + i, k, OP_ALTERNATE);
	if (!n)
		return -1;
	p->n = i;
	return push(p, n);
}

static int vertical_bar(struct rx_parser *p)
{
	return concat(p) < 0 ? -1 : push_op(p, OP_VERTICAL_BAR);
}

static int right_paren(struct rx_parser *p)
{
	if (concat(p) < 0 || alternate(p) < 0)
		return -1;
	if (p->n < 2 || p->stack[p->n - 2]->op != OP_LEFT_PAREN)
		return fail_whole(p, E_UNEXPECTED_PAREN);
	struct rx_node *body = p->stack[--p->n], *paren = p->stack[--p->n];
	p->flags = paren->flags;
	if (!paren->capture)
		return push(p, body);
	paren->op = OP_CAPTURE;
	if (add_sub(p, paren, body) < 0)
		return -1;
	return push(p, paren);
}

/* Go's repeat: op applies to the top of the stack.  before is the text from
 * the operator on, after the text past it; last_repeat the previous token's
 * text when that was a repeat too.  Returns the rest, NULL on error. */
static const char *repeat(struct rx_parser *p, int op, int min, int max, const char *before,
			  const char *after, const char *last_repeat)
{
	int flags = p->flags;
	if (*after == '?') {
		after++;
		flags ^= RXF_NONGREEDY;
	}
	if (last_repeat) {
		fail(p, E_REPEAT_OP, last_repeat, (size_t)(after - last_repeat));
		return NULL;
	}
	if (p->n == 0 || is_pseudo(p->stack[p->n - 1])) {
		fail(p, E_REPEAT_ARG, before, (size_t)(after - before));
		return NULL;
	}
	struct rx_node *n = node_new(p, op);
	if (!n || add_sub(p, n, p->stack[p->n - 1]) < 0)
		return NULL;
	n->min = min;
	n->max = max;
	n->flags = flags;
	p->stack[p->n - 1] = n;
	if (check_limits(p, n) < 0)
		return NULL;
	if (op == OP_REPEAT && (min >= 2 || max >= 2) && !repeat_valid(n, RX_MAX_REPEAT)) {
		fail(p, E_REPEAT_SIZE, before, (size_t)(after - before));
		return NULL;
	}
	return after;
}

/* --- the pieces of the syntax --- */

/* Go's parseInt: decimal, no leading zero, -1 when too big. NULL if none. */
static const char *parse_int(const char *s, int *n)
{
	const char *t = s;
	if (*s < '0' || *s > '9' || (s[0] == '0' && s[1] >= '0' && s[1] <= '9'))
		return NULL;
	*n = 0;
	for (; *t >= '0' && *t <= '9'; t++)
		if (*n >= 0)
			*n = *n >= 100000000 ? -1 : *n * 10 + (*t - '0');
	return t;
}

/* {min}, {min,} (max -1) or {min,max}; NULL if s is not one (then { is a
 * literal).  Numbers too big give min -1. */
static const char *parse_repeat(const char *s, int *min, int *max)
{
	if (*s != '{' || !(s = parse_int(s + 1, min)) || !*s)
		return NULL;
	if (*s != ',') {
		*max = *min;
	} else if (!*++s) {
		return NULL;
	} else if (*s == '}') {
		*max = -1;
	} else {
		if (!(s = parse_int(s, max)))
			return NULL;
		if (*max < 0)
			*min = -1;
	}
	return *s == '}' ? s + 1 : NULL;
}

static int hexval(uint32_t c)
{
	if (c >= '0' && c <= '9')
		return (int)(c - '0');
	if (c >= 'a' && c <= 'f')
		return (int)(c - 'a' + 10);
	if (c >= 'A' && c <= 'F')
		return (int)(c - 'A' + 10);
	return -1;
}

static bool is_alnum(uint32_t c)
{
	return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
}

/* Go's parseEscape, s at the backslash: one rune.  No backreferences: \1
 * alone is an invalid escape; \1 followed by an octal digit is octal. */
static const char *parse_escape(struct rx_parser *p, const char *s, uint32_t *out)
{
	const char *t = s + 1;
	uint32_t c;
	int len, x, y;

	if (!*t) {
		fail(p, E_BACKSLASH, "", 0);
		return NULL;
	}
	if (next_rune(p, t, &c, &len) < 0)
		return NULL;
	t += len;
	switch (c) {
	case '1': case '2': case '3': case '4': case '5': case '6': case '7':
		if (*t < '0' || *t > '7')
			break;
		/* fall through */
	case '0':
		*out = c - '0';
		for (int i = 1; i < 3 && *t >= '0' && *t <= '7'; i++)
			*out = *out * 8 + (uint32_t)(*t++ - '0');
		return t;
	case 'x':
		if (!*t)
			break;
		if (next_rune(p, t, &c, &len) < 0)
			return NULL;
		t += len;
		if (c == '{') {
			int nhex = 0;
			uint32_t r = 0;
			for (;;) {
				if (!*t)
					goto bad;
				if (next_rune(p, t, &c, &len) < 0)
					return NULL;
				t += len;
				if (c == '}')
					break;
				if ((x = hexval(c)) < 0)
					goto bad;
				r = r * 16 + (uint32_t)x;
				if (r > RX_MAX_RUNE)
					goto bad;
				nhex++;
			}
			if (!nhex)
				goto bad;
			*out = r;
			return t;
		}
		x = hexval(c);
		if (next_rune(p, t, &c, &len) < 0)
			return NULL;
		t += len;
		y = hexval(c);
		if (x < 0 || y < 0)
			break;
		*out = (uint32_t)(x * 16 + y);
		return t;
	case 'a': *out = '\a'; return t;
	case 'f': *out = '\f'; return t;
	case 'n': *out = '\n'; return t;
	case 'r': *out = '\r'; return t;
	case 't': *out = '\t'; return t;
	case 'v': *out = '\v'; return t;
	default:
		if (c < 0x80 && !is_alnum(c)) {
			*out = c;
			return t;
		}
	}
bad:
	fail(p, E_ESCAPE, s, (size_t)(t - s));
	return NULL;
}

/* Adds Go's class group g to cls: folded under (?i) (A-Z with a-z, k with
 * U+212A KELVIN SIGN, s with U+017F LONG S, as Go's SimpleFold orbits go),
 * then negated if neg, as explicit ranges. */
static int add_group(struct rx_parser *p, struct rx_node *cls, const uint32_t *g, bool neg)
{
	uint32_t r[64];
	size_t n = 0;

	for (size_t i = 0; g[i + 1]; i += 2) {
		uint32_t lo = g[i], hi = g[i + 1];
		r[n++] = lo;
		r[n++] = hi;
		if (!(p->flags & RXF_FOLD))
			continue;
		for (uint32_t base = 'A'; base <= 'a'; base += 'a' - 'A') {
			uint32_t a = lo > base ? lo : base, b = hi < base + 25 ? hi : base + 25;
			if (a > b)
				continue;
			r[n++] = a ^ 0x20;
			r[n++] = b ^ 0x20;
			if (a <= base + 'k' - 'a' && base + 'k' - 'a' <= b) {
				r[n++] = 0x212A;
				r[n++] = 0x212A;
			}
			if (a <= base + 's' - 'a' && base + 's' - 'a' <= b) {
				r[n++] = 0x17F;
				r[n++] = 0x17F;
			}
		}
	}
	/* Sort (few ranges: insertion) and negate if asked. */
	for (size_t i = 2; i < n; i += 2)
		for (size_t j = i; j >= 2 && r[j - 2] > r[j]; j -= 2) {
			uint32_t lo = r[j], hi = r[j + 1];
			r[j] = r[j - 2];
			r[j + 1] = r[j - 1];
			r[j - 2] = lo;
			r[j - 1] = hi;
		}
	if (!neg) {
		for (size_t i = 0; i < n; i += 2)
			if (add_range(p, cls, r[i], r[i + 1]) < 0)
				return -1;
		return 0;
	}
	uint32_t next = 0;
	for (size_t i = 0; i < n; i += 2) {
		if (r[i] > next && add_range(p, cls, next, r[i] - 1) < 0)
			return -1;
		if (r[i + 1] + 1 > next)
			next = r[i + 1] + 1;
	}
	if (next <= RX_MAX_RUNE && add_range(p, cls, next, RX_MAX_RUNE) < 0)
		return -1;
	return 0;
}

/* \d \D \s \S \w \W at s: adds the group and returns the rest; else NULL. */
static const char *perl_class(struct rx_parser *p, const char *s, struct rx_node *cls, bool *err)
{
	*err = false;
	if (s[0] != '\\' || !s[1])
		return NULL;
	for (size_t i = 0; i < sizeof perl_groups / sizeof *perl_groups; i++) {
		char c = perl_groups[i].name[0];
		if (s[1] == c || s[1] == c - 'a' + 'A') {
			if (add_group(p, cls, perl_groups[i].r, s[1] != c) < 0) {
				*err = true;
				return NULL;
			}
			return s + 2;
		}
	}
	return NULL;
}

static int unicode_name(const char *name, size_t n)
{
	size_t lo = 0, hi = N_UNICODE_NAMES;
	if (n == 3 && !memcmp(name, "Any", 3))
		return (int)N_UNICODE_NAMES;	/* "Any": everything */
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		int c = strncmp(unicode_names[mid], name, n);
		if (c == 0 && unicode_names[mid][n])
			c = 1;
		if (c == 0)
			return (int)mid;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return -1;
}

/* Go's parseUnicodeClass, s at \p or \P: adds the item to cls. */
static const char *unicode_class(struct rx_parser *p, const char *s, struct rx_node *cls)
{
	bool neg = s[1] == 'P';
	const char *t = s + 2, *name, *end;
	size_t seqlen, namelen;
	uint32_t c;
	int len;

	if (next_rune(p, t, &c, &len) < 0)
		return NULL;
	t += len;
	if (c != '{') {
		seqlen = (size_t)(t - s);
		name = s + 2;
		namelen = seqlen - 2;
	} else {
		if (!(end = find(&p->close_brace, s, "}"))) {
			if (check_utf8(p, s, strlen(s)) == 0)
				fail(p, E_CHAR_RANGE, s, strlen(s));
			return NULL;
		}
		seqlen = (size_t)(end + 1 - s);
		t = end + 1;
		name = s + 3;
		namelen = (size_t)(end - name);
		if (check_utf8(p, name, namelen) < 0)
			return NULL;
	}
	if (namelen && name[0] == '^') {
		neg = !neg;
		name++;
		namelen--;
	}
	int idx = unicode_name(name, namelen);
	if (idx < 0) {
		fail(p, E_CHAR_RANGE, s, seqlen);
		return NULL;
	}
	if (cls->nprops == cls->capprops) {
		size_t cap = cls->capprops ? cls->capprops * 2 : 2;
		struct rx_prop *v = realloc(cls->props, cap * sizeof *v);
		if (!v) {
			oom(p);
			return NULL;
		}
		cls->props = v;
		cls->capprops = cap;
	}
	cls->props[cls->nprops].name = (unsigned short)idx;
	cls->props[cls->nprops++].neg = neg;
	return t;
}

/* [:name:] or [:^name:] at s (inside a class): the group; NULL with *err
 * false if s is not one. */
static const char *posix_class(struct rx_parser *p, const char *s, struct rx_node *cls, bool *err)
{
	*err = true;
	const char *end = find(&p->colon_bracket, s + 2, ":]");
	if (!end) {
		*err = false;
		return NULL;
	}
	const char *name = s + 2;
	size_t n = (size_t)(end - name);
	bool neg = n && *name == '^';
	if (neg) {
		name++;
		n--;
	}
	for (size_t i = 0; i < sizeof posix_groups / sizeof *posix_groups; i++)
		if (strlen(posix_groups[i].name) == n && !memcmp(posix_groups[i].name, name, n))
			return add_group(p, cls, posix_groups[i].r, neg) < 0 ? NULL : end + 2;
	fail(p, E_CHAR_RANGE, s, (size_t)(end + 2 - s));
	return NULL;
}

static const char *class_char(struct rx_parser *p, const char *s, const char *whole, uint32_t *r)
{
	int len;
	if (!*s) {
		fail(p, E_BRACKET, whole, strlen(whole));
		return NULL;
	}
	if (*s == '\\')
		return parse_escape(p, s, r);
	return next_rune(p, s, r, &len) < 0 ? NULL : s + len;
}

/* Go's parseClass, s at [.  Ranges are kept as written; PCRE2 folds them
 * under (?i) as Go does. */
static const char *parse_class(struct rx_parser *p, const char *s)
{
	struct rx_node *cls = node_new(p, OP_CLASS);
	const char *t = s + 1, *nt;
	bool first = true, err;

	if (!cls)
		return NULL;
	if (*t == '^') {
		cls->negated = true;
		t++;
	}
	while (*t != ']' || first) {
		first = false;
		if (t[0] == '[' && t[1] == ':' && t[2]) {
			if ((nt = posix_class(p, t, cls, &err))) {
				t = nt;
				continue;
			}
			if (err)
				return NULL;
		}
		if (t[0] == '\\' && (t[1] == 'p' || t[1] == 'P')) {
			if (!(t = unicode_class(p, t, cls)))
				return NULL;
			continue;
		}
		if ((nt = perl_class(p, t, cls, &err))) {
			t = nt;
			continue;
		}
		if (err)
			return NULL;
		const char *rng = t;
		uint32_t lo, hi;
		if (!(t = class_char(p, t, s, &lo)))
			return NULL;
		hi = lo;
		if (t[0] == '-' && t[1] && t[1] != ']') {
			if (!(t = class_char(p, t + 1, s, &hi)))
				return NULL;
			if (hi < lo) {
				fail(p, E_CHAR_RANGE, rng, (size_t)(t - rng));
				return NULL;
			}
		}
		if (add_range(p, cls, lo, hi) < 0)
			return NULL;
	}
	return push(p, cls) < 0 ? NULL : t + 1;
}

static bool capture_name_ok(const char *s, size_t n)
{
	if (!n)
		return false;
	for (size_t i = 0; i < n; i++)
		if (s[i] != '_' && !is_alnum((unsigned char)s[i]))
			return false;
	return true;
}

/* Go's parsePerlFlags, s at "(?": (?P<name>, (?flags), (?flags:. */
static const char *perl_flags(struct rx_parser *p, const char *s)
{
	const char *t = s;
	if (t[2] == 'P' && t[3] == '<' && t[4]) {
		const char *end = find(&p->close_angle, t, ">");
		if (!end) {
			if (check_utf8(p, t, strlen(t)) == 0)
				fail(p, E_NAMED_CAPTURE, s, strlen(s));
			return NULL;
		}
		if (check_utf8(p, t + 4, (size_t)(end - t - 4)) < 0)
			return NULL;
		if (!capture_name_ok(t + 4, (size_t)(end - t - 4))) {
			fail(p, E_NAMED_CAPTURE, t, (size_t)(end + 1 - t));
			return NULL;
		}
		struct rx_node *paren = node_new(p, OP_LEFT_PAREN);
		if (!paren)
			return NULL;
		paren->capture = true;
		return push(p, paren) < 0 ? NULL : end + 1;
	}

	int flags = p->flags;
	bool neg = false, saw = false;
	for (t += 2; *t;) {
		uint32_t c;
		int len, bit = 0;
		if (next_rune(p, t, &c, &len) < 0)
			return NULL;
		t += len;
		switch (c) {
		case 'i': bit = RXF_FOLD; break;
		case 's': bit = RXF_DOTNL; break;
		case 'U': bit = RXF_NONGREEDY; break;
		case 'm':
			/* multi-line is Go's OneLine cleared */
			flags = neg ? flags | RXF_ONELINE : flags & ~RXF_ONELINE;
			saw = true;
			continue;
		case '-':
			if (neg)
				goto bad;
			neg = true;
			saw = false;
			continue;
		case ':':
		case ')':
			if (neg && !saw)
				goto bad;
			if (c == ':' && push_op(p, OP_LEFT_PAREN) < 0)
				return NULL;
			p->flags = flags;
			return t;
		default:
			goto bad;
		}
		flags = neg ? flags & ~bit : flags | bit;
		saw = true;
	}
bad:
	fail(p, E_PERL_OP, s, (size_t)(t - s));
	return NULL;
}

/* One token at t; returns the rest, NULL on error.  *is_repeat says whether
 * it was a repeat operator (for Go's a** check). */
static const char *token(struct rx_parser *p, const char *t, const char *last_repeat,
			 bool *is_repeat)
{
	uint32_t c;
	int len, min, max;
	const char *after;
	bool err;

	*is_repeat = false;
	switch (*t) {
	case '(':
		if (t[1] == '?')
			return perl_flags(p, t);
		struct rx_node *paren = node_new(p, OP_LEFT_PAREN);
		if (!paren)
			return NULL;
		paren->capture = true;
		return push(p, paren) < 0 ? NULL : t + 1;
	case '|':
		return vertical_bar(p) < 0 ? NULL : t + 1;
	case ')':
		return right_paren(p) < 0 ? NULL : t + 1;
	case '^':
		return push_op(p, p->flags & RXF_ONELINE ? OP_BEGIN_TEXT : OP_BEGIN_LINE) < 0 ? NULL : t + 1;
	case '$':
		return push_op(p, p->flags & RXF_ONELINE ? OP_END_TEXT : OP_END_LINE) < 0 ? NULL : t + 1;
	case '.':
		return push_op(p, p->flags & RXF_DOTNL ? OP_ANY : OP_ANY_NOTNL) < 0 ? NULL : t + 1;
	case '[':
		return parse_class(p, t);
	case '*':
	case '+':
	case '?':
		*is_repeat = true;
		return repeat(p, *t == '*' ? OP_STAR : *t == '+' ? OP_PLUS : OP_QUEST, 0, 0, t,
			      t + 1, last_repeat);
	case '{':
		if (!(after = parse_repeat(t, &min, &max)))
			return literal(p, '{') < 0 ? NULL : t + 1;
		if (min < 0 || min > RX_MAX_REPEAT || max > RX_MAX_REPEAT || (max >= 0 && min > max)) {
			fail(p, E_REPEAT_SIZE, t, (size_t)(after - t));
			return NULL;
		}
		*is_repeat = true;
		return repeat(p, OP_REPEAT, min, max, t, after, last_repeat);
	case '\\':
		switch (t[1]) {
		case 'A':
			return push_op(p, OP_BEGIN_TEXT) < 0 ? NULL : t + 2;
		case 'b':
			return push_op(p, OP_WORD_B) < 0 ? NULL : t + 2;
		case 'B':
			return push_op(p, OP_NO_WORD_B) < 0 ? NULL : t + 2;
		case 'C':
			fail(p, E_ESCAPE, t, 2);	/* any byte: Go refuses it */
			return NULL;
		case 'z':
			return push_op(p, OP_END_TEXT) < 0 ? NULL : t + 2;
		case 'Q': {
			const char *lit = t + 2, *end = strstr(lit, "\\E");
			const char *rest = end ? end + 2 : lit + strlen(lit);
			if (!end)
				end = rest;
			while (lit < end) {
				c = rx_utf8_decode(lit, (size_t)(end - lit), &len);
				if (c == 0xFFFD && len == 1) {
					fail(p, E_UTF8, lit, (size_t)(end - lit));
					return NULL;
				}
				if (literal(p, c) < 0)
					return NULL;
				lit += len;
			}
			return rest;
		}
		case 'p':
		case 'P': {
			struct rx_node *cls = node_new(p, OP_CLASS);
			if (!cls || !(after = unicode_class(p, t, cls)))
				return NULL;
			return push(p, cls) < 0 ? NULL : after;
		}
		}
		if (t[1] && strchr("dDsSwW", t[1])) {
			struct rx_node *cls = node_new(p, OP_CLASS);
			if (!cls || !(after = perl_class(p, t, cls, &err)))
				return NULL;
			return push(p, cls) < 0 ? NULL : after;
		}
		if (!(after = parse_escape(p, t, &c)))
			return NULL;
		return literal(p, c) < 0 ? NULL : after;
	default:
		if (next_rune(p, t, &c, &len) < 0)
			return NULL;
		return literal(p, c) < 0 ? NULL : t + len;
	}
}

/* --- writing PCRE2 syntax --- */

static bool is_surrogate(uint32_t r)
{
	return r >= 0xD800 && r <= 0xDFFF;
}

static void emit_rune(struct sbuf *o, uint32_t r)
{
	if (is_alnum(r))
		sbuf_putc(o, (char)r);
	else
		sbuf_printf(o, "\\x{%x}", (unsigned)r);
}

static void emit_class(struct sbuf *o, const struct rx_node *n)
{
	struct sbuf items;
	sbuf_init(&items);
	for (size_t i = 0; i + 1 < n->nrunes; i += 2) {
		uint32_t lo = n->runes[i], hi = n->runes[i + 1];
		/* Surrogates never occur in the (valid UTF-8) text matched. */
		if (is_surrogate(lo))
			lo = 0xE000;
		if (is_surrogate(hi))
			hi = 0xD7FF;
		if (lo > hi)
			continue;
		sbuf_printf(&items, lo == hi ? "\\x{%x}" : "\\x{%x}-\\x{%x}", (unsigned)lo, (unsigned)hi);
	}
	for (size_t i = 0; i < n->nprops; i++) {
		unsigned k = n->props[i].name;
		sbuf_printf(&items, "\\%c{%s}", n->props[i].neg ? 'P' : 'p',
			    k < N_UNICODE_NAMES ? unicode_names[k] : "Any");
	}
	if (!items.len && !n->negated)
		sbuf_puts(o, RX_NEVER);
	else if (!items.len)
		sbuf_puts(o, RX_ANY);
	else
		sbuf_printf(o, "[%s%s]", n->negated ? "^" : "", sbuf_str(&items));
	if (items.oom)
		o->oom = 1;
	sbuf_free(&items);
}

/* A character, a class or a dot: PCRE2 repeats it without a group (a group
 * repeated {n} is written out n times in the program). */
static bool is_single(const struct rx_node *n)
{
	return (n->op == OP_LITERAL && n->nrunes == 1) || n->op == OP_CLASS ||
	       n->op == OP_ANY || n->op == OP_ANY_NOTNL;
}

/* Case folding is switched on just around what folds, never a group:
 * (?i)x(?-i), so that x{1000} stays one item. */
static void fold_on(struct sbuf *o, const struct rx_node *n)
{
	if (n->flags & RXF_FOLD && (n->op == OP_LITERAL || n->op == OP_CLASS))
		sbuf_puts(o, "(?i)");
}

static void fold_off(struct sbuf *o, const struct rx_node *n)
{
	if (n->flags & RXF_FOLD && (n->op == OP_LITERAL || n->op == OP_CLASS))
		sbuf_puts(o, "(?-i)");
}

static void emit(struct sbuf *o, const struct rx_node *n);

/* n in PCRE2 syntax, case folding off before and after. */
static void emit_folded(struct sbuf *o, const struct rx_node *n)
{
	fold_on(o, n);
	emit(o, n);
	fold_off(o, n);
}

static void emit_repeat(struct sbuf *o, const struct rx_node *n)
{
	const struct rx_node *sub = n->sub[0];
	bool single = is_single(sub);
	if (single) {
		fold_on(o, sub);
		emit(o, sub);
	} else {
		sbuf_putc(o, '(');
		emit_folded(o, sub);
		sbuf_putc(o, ')');
	}
	if (n->op == OP_STAR)
		sbuf_putc(o, '*');
	else if (n->op == OP_PLUS)
		sbuf_putc(o, '+');
	else if (n->op == OP_QUEST)
		sbuf_putc(o, '?');
	else if (n->max == n->min)
		sbuf_printf(o, "{%d}", n->min);
	else if (n->max < 0)
		sbuf_printf(o, "{%d,}", n->min);
	else
		sbuf_printf(o, "{%d,%d}", n->min, n->max);
	if (n->flags & RXF_NONGREEDY)
		sbuf_putc(o, '?');
	if (single)
		fold_off(o, sub);
}

/* n without its case-folding switch (emit_folded and emit_repeat add it). */
static void emit(struct sbuf *o, const struct rx_node *n)
{
	switch (n->op) {
	case OP_NOMATCH:
		sbuf_puts(o, RX_NEVER);
		break;
	case OP_EMPTY:
		sbuf_puts(o, "()");
		break;
	case OP_LITERAL:
		for (size_t i = 0; i < n->nrunes; i++)
			if (is_surrogate(n->runes[i])) {
				sbuf_puts(o, RX_NEVER);
				return;
			}
		for (size_t i = 0; i < n->nrunes; i++)
			emit_rune(o, n->runes[i]);
		break;
	case OP_CLASS:
		emit_class(o, n);
		break;
	case OP_ANY_NOTNL:
		sbuf_puts(o, "[^\\n]");
		break;
	case OP_ANY:
		sbuf_puts(o, RX_ANY);
		break;
	case OP_BEGIN_LINE:	/* with PCRE2_ALT_CIRCUMFLEX: also after a final \n, as Go */
		sbuf_puts(o, "(?m:^)");
		break;
	case OP_END_LINE:
		sbuf_puts(o, "(?m:$)");
		break;
	case OP_BEGIN_TEXT:
		sbuf_puts(o, "\\A");
		break;
	case OP_END_TEXT:
		sbuf_puts(o, "\\z");
		break;
	case OP_WORD_B:
		sbuf_puts(o, "\\b");
		break;
	case OP_NO_WORD_B:
		sbuf_puts(o, "\\B");
		break;
	case OP_CAPTURE:	/* no captures are needed: just the group's body */
		emit_folded(o, n->sub[0]);
		break;
	case OP_STAR:
	case OP_PLUS:
	case OP_QUEST:
	case OP_REPEAT:
		emit_repeat(o, n);
		break;
	case OP_CONCAT:
		for (size_t i = 0; i < n->nsub; i++)
			emit_folded(o, n->sub[i]);
		break;
	case OP_ALTERNATE:
		sbuf_putc(o, '(');
		for (size_t i = 0; i < n->nsub; i++) {
			if (i)
				sbuf_putc(o, '|');
			emit_folded(o, n->sub[i]);
		}
		sbuf_putc(o, ')');
		break;
	}
}

int rx_translate(const char *pattern, struct sbuf *out, struct rt_error *err)
{
	struct rx_parser p = { .whole = pattern, .flags = RXF_ONELINE, .err = err };
	const char *t = pattern, *last_repeat = NULL;
	int rc = -1;

	while (*t) {
		bool is_repeat;
		const char *next = token(&p, t, last_repeat, &is_repeat);
		if (!next)
			goto done;
		last_repeat = is_repeat ? t : NULL;
		t = next;
	}
	if (concat(&p) < 0 || alternate(&p) < 0)
		goto done;
	if (p.n != 1) {
		fail_whole(&p, E_PAREN);
		goto done;
	}
	emit_folded(out, p.stack[0]);
	rc = out->oom ? oom(&p) : 0;
done:
	nodes_free(p.all);
	free(p.stack);
	return rc;
}
