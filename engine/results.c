/* results.c - batch result lines: the writer, the decoder and the reader
 * (see results.h). */
#include "results.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "eval.h"
#include "report.h"
#include "util.h"

/* --- decoding ---------------------------------------------------------------- *
 * The line is copied into d->buf and decoded in place: a string's unescaped
 * text is never longer than its JSON form, so it is written over it and
 * NUL-terminated where its closing quote was.  Lists among the values are
 * checked but left as written (their JSON text is the value). */

typedef struct dec {
	rl_results_decoder *d;
	char *p, *end;
	size_t nvalues, nclauses, nreadings;
} dec;

static int fail(dec *x, const char *want, const char *at)
{
	rl_results_decoder *d = x->d;
	d->want = want;
	if (at >= x->end) {
		snprintf(d->found, sizeof d->found, "the end of the line");
		return -1;
	}
	size_t n = 0;
	while (at + n < x->end && n < 24 && at[n] != ',' && at[n] != '}' && at[n] != ']' &&
	       (unsigned char)at[n] >= 0x20)
		n++;
	if (n == 0) {
		unsigned char c = (unsigned char)*at;
		snprintf(d->found, sizeof d->found, c < 0x20 || c == 0x7f ? "byte 0x%02x" : "'%c'",
		         c);
	} else {
		snprintf(d->found, sizeof d->found, "%.*s%s", (int)n, at,
		         at + n < x->end && n == 24 ? "..." : "");
	}
	return -1;
}

static void ws(dec *x)
{
	while (x->p < x->end && (*x->p == ' ' || *x->p == '\t' || *x->p == '\n' || *x->p == '\r'))
		x->p++;
}

static int hex4(const char *p, unsigned *out)
{
	unsigned v = 0;
	for (int i = 0; i < 4; i++) {
		char c = p[i];
		v <<= 4;
		if (c >= '0' && c <= '9')
			v |= (unsigned)(c - '0');
		else if (c >= 'a' && c <= 'f')
			v |= (unsigned)(c - 'a' + 10);
		else if (c >= 'A' && c <= 'F')
			v |= (unsigned)(c - 'A' + 10);
		else
			return -1;
	}
	*out = v;
	return 0;
}

static char *put_utf8(char *w, unsigned cp)
{
	if (cp < 0x80) {
		*w++ = (char)cp;
	} else if (cp < 0x800) {
		*w++ = (char)(0xc0 | (cp >> 6));
		*w++ = (char)(0x80 | (cp & 0x3f));
	} else if (cp < 0x10000) {
		*w++ = (char)(0xe0 | (cp >> 12));
		*w++ = (char)(0x80 | ((cp >> 6) & 0x3f));
		*w++ = (char)(0x80 | (cp & 0x3f));
	} else {
		*w++ = (char)(0xf0 | (cp >> 18));
		*w++ = (char)(0x80 | ((cp >> 12) & 0x3f));
		*w++ = (char)(0x80 | ((cp >> 6) & 0x3f));
		*w++ = (char)(0x80 | (cp & 0x3f));
	}
	return w;
}

/* A string at x->p (its opening quote).  With out: unescaped in place into
 * *out (NUL-terminated, *len bytes); without: only checked. */
static int string(dec *x, const char **out, size_t *len)
{
	if (x->p >= x->end || *x->p != '"')
		return fail(x, "a string", x->p);
	char *r = ++x->p, *w = r, *start = r;
	for (;;) {
		if (r >= x->end)
			return fail(x, "a closing '\"'", r);
		unsigned char c = (unsigned char)*r;
		if (c == '"')
			break;
		if (c < 0x20)
			return fail(x, "a string without control characters", r);
		if (c != '\\') {
			if (out)
				*w = *r;
			w++, r++;
			continue;
		}
		if (r + 1 >= x->end)
			return fail(x, "an escape", r + 1);
		char e = r[1];
		unsigned cp;
		r += 2;
		switch (e) {
		case '"': cp = '"'; break;
		case '\\': cp = '\\'; break;
		case '/': cp = '/'; break;
		case 'b': cp = '\b'; break;
		case 'f': cp = '\f'; break;
		case 'n': cp = '\n'; break;
		case 'r': cp = '\r'; break;
		case 't': cp = '\t'; break;
		case 'u':
			if (x->end - r < 4 || hex4(r, &cp))
				return fail(x, "four hex digits after \\u", r);
			r += 4;
			if (cp >= 0xd800 && cp < 0xdc00) {
				unsigned lo;
				if (x->end - r < 6 || r[0] != '\\' || r[1] != 'u' || hex4(r + 2, &lo) ||
				    lo < 0xdc00 || lo > 0xdfff)
					return fail(x, "a low surrogate after a high one", r);
				cp = 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00);
				r += 6;
			} else if (cp >= 0xdc00 && cp < 0xe000) {
				return fail(x, "a high surrogate before a low one", r - 6);
			}
			if (cp == 0)
				return fail(x, "a string without NUL", r - 6);
			break;
		default:
			return fail(x, "a valid escape", r - 1);
		}
		if (out) {
			w = put_utf8(w, cp);
		} else {
			w++;
		}
	}
	x->p = r + 1;
	if (out) {
		*w = '\0';
		*out = start;
		*len = (size_t)(w - start);
	}
	return 0;
}

static int number(dec *x, double *out)
{
	char *s = x->p, *q = s;
	if (q < x->end && *q == '-')
		q++;
	if (q >= x->end || *q < '0' || *q > '9')
		return fail(x, "a number", s);
	if (*q == '0')
		q++;
	else
		while (q < x->end && *q >= '0' && *q <= '9')
			q++;
	if (q < x->end && *q == '.') {
		q++;
		if (q >= x->end || *q < '0' || *q > '9')
			return fail(x, "a digit after '.'", q);
		while (q < x->end && *q >= '0' && *q <= '9')
			q++;
	}
	if (q < x->end && (*q == 'e' || *q == 'E')) {
		q++;
		if (q < x->end && (*q == '+' || *q == '-'))
			q++;
		if (q >= x->end || *q < '0' || *q > '9')
			return fail(x, "a digit in the exponent", q);
		while (q < x->end && *q >= '0' && *q <= '9')
			q++;
	}
	/* strtod on exactly the number: the byte after it is set aside. */
	char keep = *q;
	*q = '\0';
	*out = strtod(s, NULL);
	*q = keep;
	x->p = q;
	return 0;
}

static int literal(dec *x, const char *word)
{
	size_t n = strlen(word);
	if ((size_t)(x->end - x->p) < n || memcmp(x->p, word, n) != 0)
		return fail(x, "a JSON value", x->p);
	x->p += n;
	return 0;
}

/* Checks any value and steps over it (strings are not rewritten). */
static int skip(dec *x, int depth)
{
	ws(x);
	if (x->p >= x->end)
		return fail(x, "a JSON value", x->p);
	char c = *x->p;
	if (c == '"')
		return string(x, NULL, NULL);
	if (c == 't')
		return literal(x, "true");
	if (c == 'f')
		return literal(x, "false");
	if (c == 'n')
		return literal(x, "null");
	if (c != '[' && c != '{') {
		double v;
		return number(x, &v);
	}
	if (depth >= RL_RESULTS_MAX_DEPTH)
		return fail(x, "lists and objects nested at most 64 deep", x->p);
	char close = c == '[' ? ']' : '}';
	x->p++;
	ws(x);
	if (x->p < x->end && *x->p == close) {
		x->p++;
		return 0;
	}
	for (;;) {
		if (close == '}') {
			ws(x);
			if (string(x, NULL, NULL))
				return -1;
			ws(x);
			if (x->p >= x->end || *x->p != ':')
				return fail(x, "valid JSON (':' after a key)", x->p);
			x->p++;
		}
		if (skip(x, depth + 1))
			return -1;
		ws(x);
		if (x->p < x->end && *x->p == ',') {
			x->p++;
			continue;
		}
		if (x->p < x->end && *x->p == close) {
			x->p++;
			return 0;
		}
		return fail(x, close == ']' ? "valid JSON (',' or ']' in a list)"
		                            : "valid JSON (',' or '}' in an object)", x->p);
	}
}

/* Object and list walking: *first is set for the first member.  Returns 1
 * with x->p at the member (after "key": for objects, key set), 0 at the
 * end, -1 on bad JSON. */
static int member(dec *x, char close, int *first, const char **key)
{
	ws(x);
	if (*first) {
		*first = 0;
		if (x->p < x->end && *x->p == close) {
			x->p++;
			return 0;
		}
	} else if (x->p < x->end && *x->p == ',') {
		x->p++;
		ws(x);
	} else if (x->p < x->end && *x->p == close) {
		x->p++;
		return 0;
	} else {
		return fail(x, close == ']' ? "valid JSON (',' or ']' in a list)"
		                            : "valid JSON (',' or '}' in an object)", x->p);
	}
	if (key) {
		size_t len;
		if (string(x, key, &len))
			return -1;
		ws(x);
		if (x->p >= x->end || *x->p != ':')
			return fail(x, "valid JSON (':' after a key)", x->p);
		x->p++;
	}
	ws(x);
	return 1;
}

static int expect_open(dec *x, char c, const char *want)
{
	ws(x);
	if (x->p >= x->end || *x->p != c)
		return fail(x, want, x->p);
	x->p++;
	return 0;
}

static int verdict(dec *x, const char *want)
{
	const char *s;
	size_t len;
	char *at = x->p;
	if (x->p >= x->end || *x->p != '"')
		return fail(x, want, at);
	if (string(x, &s, &len))
		return -1;
	int v = rl_verdict_parse(s);
	if (v < 0) {
		/* the quotes again, around what was there */
		snprintf(x->d->found, sizeof x->d->found, "\"%.*s%s\"", len > 24 ? 24 : (int)len, s,
		         len > 24 ? "..." : "");
		x->d->want = want;
		return -1;
	}
	return v;
}

static rl_result_reading *new_reading(dec *x)
{
	rl_results_decoder *d = x->d;
	if (x->nreadings == d->capreadings) {
		d->capreadings = d->capreadings ? d->capreadings * 2 : 64;
		d->readings = rl_xrealloc(d->readings, d->capreadings, sizeof *d->readings);
	}
	return &d->readings[x->nreadings++];
}

static const char want_readings[] = "clauses with \"readings\" of known verdicts";

static int readings(dec *x)
{
	ws(x);
	int first = 1, r;
	const char *key;
	if (x->p < x->end && *x->p == '{') {
		x->p++;
		while ((r = member(x, '}', &first, &key)) == 1) {
			int v = verdict(x, want_readings);
			if (v < 0)
				return -1;
			rl_result_reading *rd = new_reading(x);
			rd->name = key;
			rd->pos = 0;
			rd->verdict = v;
		}
		return r;
	}
	if (expect_open(x, '[', want_readings))
		return -1;
	size_t pos = 0;
	for (; (r = member(x, ']', &first, NULL)) == 1; pos++) {
		if (x->p < x->end && *x->p == '"') {
			int v = verdict(x, want_readings);
			if (v < 0)
				return -1;
			rl_result_reading *rd = new_reading(x);
			rd->name = NULL;
			rd->pos = pos;
			rd->verdict = v;
			continue;
		}
		if (expect_open(x, '{', want_readings))
			return -1;
		const char *name = NULL;
		int v = -1, f2 = 1, r2;
		while ((r2 = member(x, '}', &f2, &key)) == 1) {
			if (strcmp(key, "name") == 0) {
				size_t len;
				if (x->p >= x->end || *x->p != '"')
					return fail(x, want_readings, x->p);
				if (string(x, &name, &len))
					return -1;
			} else if (strcmp(key, "verdict") == 0) {
				if ((v = verdict(x, want_readings)) < 0)
					return -1;
			} else if (skip(x, 2)) {
				return -1;
			}
		}
		if (r2 < 0)
			return -1;
		if (!name || v < 0)
			return fail(x, "readings of {\"name\", \"verdict\"}", x->p - 1);
		rl_result_reading *rd = new_reading(x);
		rd->name = name;
		rd->pos = pos;
		rd->verdict = v;
	}
	return r;
}

static int clause(dec *x, rl_result_clause *cl)
{
	char *at = x->p;
	if (expect_open(x, '{', "clauses that are objects"))
		return -1;
	memset(cl, 0, sizeof *cl);
	int first = 1, r, has_id = 0, has_v = 0, has_p = 0, has_x = 0;
	size_t from = x->nreadings;
	const char *key;
	while ((r = member(x, '}', &first, &key)) == 1) {
		char *vat = x->p;
		if (strcmp(key, "id") == 0) {
			size_t len;
			if (x->p >= x->end || *x->p != '"' || string(x, &cl->id, &len) || len == 0)
				return fail(x, "clauses with a string \"id\"", vat);
			has_id = 1;
		} else if (strcmp(key, "verdict") == 0) {
			if ((cl->verdict = verdict(x, "clauses with a known \"verdict\"")) < 0)
				return -1;
			has_v = 1;
		} else if (strcmp(key, "p_breach") == 0) {
			if (x->p >= x->end || !(*x->p == '-' || (*x->p >= '0' && *x->p <= '9')) ||
			    number(x, &cl->p_breach) || !(cl->p_breach >= 0 && cl->p_breach <= 1))
				return fail(x, "clauses with a \"p_breach\" from 0 to 1", vat);
			has_p = 1;
		} else if (strcmp(key, "expected_exposure_usd") == 0) {
			if (x->p < x->end && *x->p == 'n') {
				if (literal(x, "null"))
					return -1;
				cl->has_exposure = 0;
				cl->exposure = 0;
			} else if (x->p >= x->end || !(*x->p == '-' || (*x->p >= '0' && *x->p <= '9')) ||
			           number(x, &cl->exposure) || !isfinite(cl->exposure)) {
				return fail(x, "clauses with an \"expected_exposure_usd\" number or null",
				            vat);
			} else {
				cl->has_exposure = 1;
			}
			has_x = 1;
		} else if (strcmp(key, "readings") == 0) {
			from = x->nreadings;    /* a repeated key: the last one counts */
			if (readings(x))
				return -1;
		} else if (skip(x, 2)) {
			return -1;
		}
	}
	if (r < 0)
		return -1;
	if (!has_id)
		return fail(x, "clauses with a string \"id\"", at);
	if (!has_v)
		return fail(x, "clauses with a known \"verdict\"", at);
	if (!has_p)
		return fail(x, "clauses with a \"p_breach\" from 0 to 1", at);
	if (!has_x)
		return fail(x, "clauses with an \"expected_exposure_usd\" number or null", at);
	/* an offset until every reading is in place (the array may move) */
	cl->readings = (const rl_result_reading *)(uintptr_t)from;
	cl->nreadings = x->nreadings - from;
	return 0;
}

static int value(dec *x, rl_result_value *v)
{
	memset(v, 0, sizeof *v);
	ws(x);
	char *at = x->p;
	if (at >= x->end)
		return fail(x, "a JSON value", at);
	switch (*at) {
	case '"':
		v->type = RL_RV_TEXT;
		return string(x, &v->text, &v->len);
	case 'n': v->type = RL_RV_NULL; return literal(x, "null");
	case 't': v->type = RL_RV_BOOL; v->b = 1; return literal(x, "true");
	case 'f': v->type = RL_RV_BOOL; return literal(x, "false");
	case '[':
	case '{':
		if (skip(x, 1))
			return -1;
		v->type = RL_RV_JSON;
		v->text = at;
		v->len = (size_t)(x->p - at);
		return 0;
	default:
		v->type = RL_RV_NUM;
		return number(x, &v->num);
	}
}

int rl_results_decode(rl_results_decoder *d, const char *line, size_t len, rl_result *out)
{
	if (len + 1 > d->cap) {
		d->cap = len + 1 > 2 * d->cap ? len + 1 : 2 * d->cap;
		free(d->buf);
		d->buf = rl_xmalloc(d->cap);
	}
	memcpy(d->buf, line, len);
	d->buf[len] = '\0';
	dec x = {d, d->buf, d->buf + len, 0, 0, 0};
	memset(out, 0, sizeof *out);
	d->want = NULL;
	d->found[0] = '\0';
	int has_index = 0, has_verdict = 0, has_clauses = 0, first = 1, r;
	const char *key;
	if (expect_open(&x, '{', "a JSON object"))
		return -1;
	while ((r = member(&x, '}', &first, &key)) == 1) {
		char *at = x.p;
		if (strcmp(key, "index") == 0) {
			double idx;
			if (at >= x.end || !(*at == '-' || (*at >= '0' && *at <= '9')) ||
			    number(&x, &idx) || !(idx >= 0 && idx <= 9e15 && idx == floor(idx)))
				return fail(&x, "a whole \"index\" from 0 to 9e15", at);
			out->index = (unsigned long long)idx;
			has_index = 1;
		} else if (strcmp(key, "verdict") == 0) {
			if ((out->verdict = verdict(&x, "a known \"verdict\"")) < 0)
				return -1;
			has_verdict = 1;
		} else if (strcmp(key, "clauses") == 0) {
			if (expect_open(&x, '[', "a list of \"clauses\""))
				return -1;
			x.nclauses = x.nreadings = 0;
			int f2 = 1, r2;
			while ((r2 = member(&x, ']', &f2, NULL)) == 1) {
				if (x.nclauses == d->capclauses) {
					d->capclauses = d->capclauses ? d->capclauses * 2 : 64;
					d->clauses = rl_xrealloc(d->clauses, d->capclauses, sizeof *d->clauses);
				}
				if (clause(&x, &d->clauses[x.nclauses]))
					return -1;
				x.nclauses++;
			}
			if (r2 < 0)
				return -1;
			has_clauses = 1;
		} else if (strcmp(key, "values") == 0) {
			if (expect_open(&x, '[', "a list of \"values\""))
				return -1;
			x.nvalues = 0;
			int f2 = 1, r2;
			while ((r2 = member(&x, ']', &f2, NULL)) == 1) {
				if (x.nvalues == d->capvalues) {
					d->capvalues = d->capvalues ? d->capvalues * 2 : 32;
					d->values = rl_xrealloc(d->values, d->capvalues, sizeof *d->values);
				}
				if (value(&x, &d->values[x.nvalues]))
					return -1;
				x.nvalues++;
			}
			if (r2 < 0)
				return -1;
			out->has_values = 1;
		} else if (skip(&x, 1)) {
			return -1;
		}
	}
	if (r < 0)
		return -1;
	ws(&x);
	if (x.p < x.end)
		return fail(&x, "nothing after the object", x.p);
	if (!has_index)
		return fail(&x, "a whole \"index\" from 0 to 9e15", x.end);
	if (!has_verdict)
		return fail(&x, "a known \"verdict\"", x.end);
	if (!has_clauses)
		return fail(&x, "a list of \"clauses\"", x.end);
	for (size_t c = 0; c < x.nclauses; c++) {
		uintptr_t from = (uintptr_t)d->clauses[c].readings;
		d->clauses[c].readings = d->clauses[c].nreadings ? d->readings + from : NULL;
	}
	out->values = d->values;
	out->nvalues = x.nvalues;
	out->clauses = d->clauses;
	out->nclauses = x.nclauses;
	return 0;
}

void rl_results_decoder_free(rl_results_decoder *d)
{
	free(d->buf);
	free(d->values);
	free(d->clauses);
	free(d->readings);
	memset(d, 0, sizeof *d);
}

int rl_result_reading_verdict(const rl_result_clause *c, const char *name, size_t pos)
{
	int v = -1;
	for (size_t k = 0; k < c->nreadings; k++) {
		const rl_result_reading *r = &c->readings[k];
		if (r->name ? strcmp(r->name, name) == 0 : r->pos == pos)
			v = r->verdict;         /* as in JSON objects, the last one counts */
	}
	return v;
}

/* --- reading a file ------------------------------------------------------------ */

void rl_results_reader_init(rl_results_reader *r, FILE *f, const char *path,
                            rl_results_half mode)
{
	memset(r, 0, sizeof *r);
	r->f = f;
	r->path = path;
	r->half_mode = mode;
}

int rl_results_read(rl_results_reader *r, size_t *len, char **err)
{
	ssize_t n = getline(&r->line, &r->cap, r->f);
	if (n < 0) {
		if (ferror(r->f)) {
			rl_seterr(err, "%s:%llu: expected a readable file, found a read error", r->path,
			          r->lineno);
			return -1;
		}
		return 0;
	}
	r->lineno++;
	if (r->line[n - 1] != '\n') {
		/* Half written: a run stopped while writing it. */
		if (r->half_mode == RL_RESULTS_HALF_DROP) {
			r->half = 1;
			return 0;
		}
		rl_seterr(err, "%s:%llu: expected a complete line, found a half-written one",
		          r->path, r->lineno);
		return -1;
	}
	r->line[--n] = '\0';
	*len = (size_t)n;
	return 1;
}

void rl_results_reader_free(rl_results_reader *r)
{
	free(r->line);
	r->line = NULL;
	r->cap = 0;
}

int rl_results_is_manifest(const char *line)
{
	return strncmp(line, "{\"manifest\":", 12) == 0;
}

/* --- writing --------------------------------------------------------------------- *
 * A line is appended with lengths known: room() makes space once per piece
 * (the buffer is reused from block to block, so it seldom grows), put()
 * copies.  The NUL rl_buf keeps after its bytes is set once, at the end. */

static void grow(rl_buf *o, size_t n)
{
	size_t cap = o->cap ? o->cap : 64;
	while (cap < o->len + n + 1)
		cap *= 2;
	o->data = rl_xrealloc(o->data, cap, 1);
	o->cap = cap;
}

static inline char *room(rl_buf *o, size_t n)
{
	if (o->len + n + 1 > o->cap)
		grow(o, n);
	return o->data + o->len;
}

static inline void put(rl_buf *o, const char *s, size_t n)
{
	memcpy(room(o, n), s, n);
	o->len += n;
}

#define PUTS(o, lit) put((o), (lit), sizeof(lit) - 1)

/* The decimal digits of x into out (no NUL); their count. */
static size_t digits(unsigned long long x, char *out)
{
	char t[24];
	size_t n = 0;
	do {
		t[n++] = (char)('0' + x % 10);
		x /= 10;
	} while (x);
	for (size_t i = 0; i < n; i++)
		out[i] = t[n - 1 - i];
	return n;
}

/* rl_format_number's text of x into out (no NUL needed); its length.
 * Whole numbers below 1e15 (exact in a long long, printed by "%.0f" as
 * their digits) are written here without printf. */
static size_t number_text(double x, char out[32])
{
	if (x == 0) {
		out[0] = '0';
		return 1;
	}
	if (x == floor(x) && fabs(x) < 1e15) {
		if (x < 0) {
			out[0] = '-';
			return 1 + digits((unsigned long long)-x, out + 1);
		}
		return digits((unsigned long long)x, out);
	}
	rl_format_number(x, out);
	return strlen(out);
}

static void put_number(rl_buf *o, double x)
{
	char *p = room(o, 32);
	char t[32];
	size_t n = number_text(x, t);
	memcpy(p, t, n);
	o->len += n;
}

static void put_verdict(const rl_results_writer *w, rl_buf *o, int v)
{
	size_t i = (unsigned)v < RL_NVERDICTS ? (size_t)v : RL_NVERDICTS;
	put(o, w->vname[i], w->vlen[i]);
}

void rl_results_writer_init(rl_results_writer *w, const rl_engine *e)
{
	size_t n = 0;
	memset(w, 0, sizeof *w);
	for (size_t k = 0; k < e->rules.nclauses; k++)
		n += e->rules.clauses[k].nreadings;
	w->e = e;
	w->nslots = n;
	w->clause = rl_xcalloc(e->rules.nclauses + 1, sizeof *w->clause);
	w->clause_len = rl_xcalloc(e->rules.nclauses + 1, sizeof *w->clause_len);
	w->reading = rl_xcalloc(n + 1, sizeof *w->reading);
	w->reading_len = rl_xcalloc(n + 1, sizeof *w->reading_len);
	n = 0;
	for (size_t k = 0; k < e->rules.nclauses; k++) {
		const rl_clause *cl = &e->rules.clauses[k];
		rl_buf t = {0};
		rl_buf_puts(&t, "{\"id\":");
		rl_json_string(&t, cl->id);
		rl_buf_puts(&t, ",\"verdict\":\"");
		w->clause_len[k] = t.len;
		w->clause[k] = rl_buf_take(&t);
		for (size_t j = 0; j < cl->nreadings; j++) {
			rl_json_string(&t, cl->readings[j].name);
			rl_buf_puts(&t, ":\"");
			w->reading_len[n] = t.len;
			w->reading[n++] = rl_buf_take(&t);
		}
	}
	w->reading[n] = NULL;
	for (int v = 0; v <= RL_NVERDICTS; v++) {
		w->vname[v] = rl_verdict_name((rl_verdict)v);
		w->vlen[v] = strlen(w->vname[v]);
	}
}

void rl_results_writer_axes(rl_results_writer *w, size_t naxes,
                            const rl_value *const *vals, const size_t *nvals,
                            const char *const *paths, size_t max)
{
	rl_buf t = {0}, p = {0};
	size_t made = 0;
	w->naxes = naxes;
	w->vals = rl_xcalloc(naxes + 1, sizeof *w->vals);
	w->at = rl_xcalloc(naxes + 1, sizeof *w->at);
	w->path = rl_xcalloc(naxes + 1, sizeof *w->path);
	w->path_len = rl_xcalloc(naxes + 1, sizeof *w->path_len);
	for (size_t a = 0; a < naxes; a++) {
		w->vals[a] = vals[a];
		rl_json_string(&p, paths[a]);
		w->path_len[a] = p.len;
		w->path[a] = rl_buf_take(&p);
		if (!vals[a] || nvals[a] > max - made)
			continue;
		made += nvals[a];
		w->at[a] = rl_xcalloc(nvals[a] + 1, sizeof *w->at[a]);
		for (size_t j = 0; j < nvals[a]; j++) {
			w->at[a][j] = t.len;
			rl_json_value(&t, &vals[a][j]);
		}
		w->at[a][nvals[a]] = t.len;
	}
	w->text = rl_buf_take(&t);
}

void rl_results_writer_free(rl_results_writer *w)
{
	for (size_t k = 0; w->clause && k < w->e->rules.nclauses; k++)
		free(w->clause[k]);
	for (size_t i = 0; w->reading && w->reading[i]; i++)
		free(w->reading[i]);
	free(w->clause);
	free(w->clause_len);
	free(w->reading);
	free(w->reading_len);
	for (size_t a = 0; a < w->naxes; a++) {
		free(w->at[a]);
		free(w->path[a]);
	}
	free(w->vals);
	free(w->at);
	free(w->path);
	free(w->path_len);
	free(w->text);
	memset(w, 0, sizeof *w);
}

/* From `],"verdict":"` to the `]` that closes "clauses", in full. */
static void write_verdicts(const rl_results_writer *w, rl_buf *o, const rl_verdicts *v)
{
	const rl_engine *e = w->e;
	PUTS(o, "],\"verdict\":\"");
	put_verdict(w, o, v->scenario);
	PUTS(o, "\",\"clauses\":[");
	for (size_t c = 0; c < v->nclauses; c++) {
		size_t k = v->clause[c];
		const rl_clause *cl = &e->rules.clauses[k];
		if (c)
			PUTS(o, ",");
		put(o, w->clause[k], w->clause_len[k]);
		put_verdict(w, o, v->verdict[c]);
		PUTS(o, "\",\"p_breach\":");
		put_number(o, v->p_breach[c]);
		PUTS(o, ",\"expected_exposure_usd\":");
		if (isnan(v->exposure[c]))
			PUTS(o, "null");
		else
			put_number(o, v->exposure[c]);
		PUTS(o, ",\"readings\":{");
		for (size_t j = 0; j < cl->nreadings; j++) {
			size_t s = v->slot[k] + j;
			if (j)
				PUTS(o, ",");
			put(o, w->reading[s], w->reading_len[s]);
			put_verdict(w, o, v->reading[s]);
			PUTS(o, "\"");
		}
		PUTS(o, "}}");
	}
	PUTS(o, "]");
}

/* --- the per-worker cache of verdict patterns ----------------------------------- *
 * A pattern's key is a run of 64-bit words: the scenario verdict and the
 * number of clauses; per clause its engine index and verdict, the bits of
 * p_breach and of the exposure, and its reading verdicts eight to a word.
 * Open addressing over twice as many slots as patterns; the keys and the
 * texts live in two arenas, all three emptied together when full. */

typedef struct pattern {
	uint64_t hash;
	size_t key, nkey;       /* words in c->keys */
	size_t text, ntext;     /* bytes in c->text */
} pattern;

struct rl_results_cache {
	const rl_results_writer *w;
	size_t max, nslots, count;
	pattern *pat;           /* max patterns */
	uint32_t *slots;        /* nslots, 0: empty, else a pattern + 1 */
	uint64_t *keys, *key;   /* arena (max * keymax words); this line's key */
	size_t nkeys, keymax;
	rl_buf text;
	unsigned long long hits, misses;
};

rl_results_cache *rl_results_cache_new(const rl_results_writer *w, size_t max)
{
	rl_results_cache *c = rl_xcalloc(1, sizeof *c);
	const rl_engine *e = w->e;
	c->w = w;
	c->max = max ? max : RL_RESULTS_CACHE_MAX;
	c->nslots = 16;
	while (c->nslots < 2 * c->max)
		c->nslots *= 2;
	c->keymax = 1 + 3 * e->rules.nclauses;
	for (size_t k = 0; k < e->rules.nclauses; k++)
		c->keymax += (e->rules.clauses[k].nreadings + 7) / 8;
	c->pat = rl_xcalloc(c->max, sizeof *c->pat);
	c->slots = rl_xcalloc(c->nslots, sizeof *c->slots);
	c->keys = rl_xcalloc(c->max * c->keymax, sizeof *c->keys);
	c->key = rl_xcalloc(c->keymax, sizeof *c->key);
	return c;
}

void rl_results_cache_free(rl_results_cache *c)
{
	if (!c)
		return;
	free(c->pat);
	free(c->slots);
	free(c->keys);
	free(c->key);
	rl_buf_free(&c->text);
	free(c);
}

void rl_results_cache_counts(const rl_results_cache *c, unsigned long long *hits,
                             unsigned long long *misses)
{
	*hits = c->hits;
	*misses = c->misses;
}

/* The key of v's pattern into c->key; its length in words, or 0 when it
 * does not fit (a clause twice: not a pattern eval.c makes). */
static size_t pattern_key(const rl_results_writer *w, rl_results_cache *c, const rl_verdicts *v,
                          uint64_t *hash)
{
	const rl_engine *e = w->e;
	uint64_t *key = c->key, h = 0x9e3779b97f4a7c15ULL;
	size_t n = 0;
	key[n++] = (uint64_t)(unsigned)v->scenario | (uint64_t)v->nclauses << 32;
	for (size_t i = 0; i < v->nclauses; i++) {
		size_t k = v->clause[i];
		size_t nr = e->rules.clauses[k].nreadings;
		const unsigned char *r = v->reading + v->slot[k];
		if (n + 3 + (nr + 7) / 8 > c->keymax)
			return 0;
		key[n++] = (uint64_t)k << 8 | v->verdict[i];
		memcpy(&key[n++], &v->p_breach[i], sizeof(double));
		memcpy(&key[n++], &v->exposure[i], sizeof(double));
		for (size_t j = 0; j < nr; j += 8) {
			/* in registers: a partial memcpy into the word stalls its load */
			uint64_t word = 0;
			for (size_t t = 0; t < 8 && j + t < nr; t++)
				word |= (uint64_t)r[j + t] << (8 * t);
			key[n++] = word;
		}
	}
	for (size_t i = 0; i < n; i++) {
		h ^= key[i];
		h *= 0xff51afd7ed558ccdULL;
		h ^= h >> 32;
	}
	*hash = h;
	return n;
}

/* The cached text for v (*len bytes), or NULL with *slot where to add it. */
static const char *pattern_find(rl_results_cache *c, size_t nkey, uint64_t hash, size_t *len,
                                size_t *slot)
{
	size_t mask = c->nslots - 1;
	for (size_t s = (size_t)hash & mask;; s = (s + 1) & mask) {
		uint32_t p = c->slots[s];
		if (!p) {
			*slot = s;
			return NULL;
		}
		const pattern *pt = &c->pat[p - 1];
		if (pt->hash == hash && pt->nkey == nkey &&
		    memcmp(c->keys + pt->key, c->key, nkey * sizeof *c->key) == 0) {
			*len = pt->ntext;
			return c->text.data + pt->text;
		}
	}
}

/* Keeps text (n bytes) as the pattern in c->key, unless it does not fit;
 * a full cache starts over. */
static void pattern_add(rl_results_cache *c, size_t nkey, uint64_t hash, size_t slot,
                        const char *text, size_t n)
{
	if (n > RL_RESULTS_CACHE_BYTES)
		return;
	if (c->count == c->max || c->text.len + n > RL_RESULTS_CACHE_BYTES) {
		c->count = 0;
		c->nkeys = 0;
		c->text.len = 0;
		memset(c->slots, 0, c->nslots * sizeof *c->slots);
		size_t len;
		pattern_find(c, nkey, hash, &len, &slot);
	}
	pattern *pt = &c->pat[c->count];
	pt->hash = hash;
	pt->key = c->nkeys;
	pt->nkey = nkey;
	memcpy(c->keys + c->nkeys, c->key, nkey * sizeof *c->key);
	c->nkeys += nkey;
	pt->text = c->text.len;
	pt->ntext = n;
	rl_buf_add(&c->text, text, n);
	c->slots[slot] = (uint32_t)++c->count;
}

void rl_results_write(const rl_results_writer *w, rl_results_cache *cache, rl_buf *o,
                      unsigned long long index, const size_t *pick, const double *num,
                      const rl_verdicts *v, int changes, uint32_t changed)
{
	room(o, 1024);
	PUTS(o, "{\"index\":");
	char *at = room(o, 24);
	o->len += digits(index, at);
	PUTS(o, ",\"values\":[");
	for (size_t a = 0; a < w->naxes; a++) {
		if (a)
			PUTS(o, ",");
		const rl_value *vals = w->vals[a];
		if (!vals) {
			put_number(o, num[a]);
		} else if (w->at[a]) {
			size_t from = w->at[a][pick[a]];
			put(o, w->text + from, w->at[a][pick[a] + 1] - from);
		} else {
			rl_json_value(o, &vals[pick[a]]);
		}
	}
	uint64_t hash;
	size_t nkey = cache ? pattern_key(w, cache, v, &hash) : 0;
	if (nkey) {
		size_t len, slot;
		const char *text = pattern_find(cache, nkey, hash, &len, &slot);
		if (text) {
			put(o, text, len);
			cache->hits++;
		} else {
			size_t from = o->len;
			write_verdicts(w, o, v);
			pattern_add(cache, nkey, hash, slot, o->data + from, o->len - from);
			cache->misses++;
		}
	} else {
		write_verdicts(w, o, v);
	}
	if (changes) {
		PUTS(o, ",\"changes\":[");
		for (size_t a = 0, n = 0; a < w->naxes; a++)
			if (changed & (1u << a)) {
				if (n++)
					PUTS(o, ",");
				put(o, w->path[a], w->path_len[a]);
			}
		PUTS(o, "]");
	}
	PUTS(o, "}\n");
	o->data[o->len] = '\0';
}
