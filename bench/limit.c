/*
 * bench/limit.c - the plain-C limit for `make bench`.
 *
 * The standard batch (bench/frontier_1m.batch.lua: 1,000,000 sampled
 * variants of the Frontier-via-Bedrock-SRE world, seed 2026) evaluated by
 * hand-written C: the same variant draws as engine/batch_variant.c (splitmix,
 * rl_variant_choice, rl_variant_apply), the world of scenarios/frontier_bedrock_sre.lua
 * as a C struct, access paths traced as engine/paths.c traces them, and
 * every clause of the rule packs (rules/) translated reading by reading, with the
 * red-line exception, in-force dates and supersession, weights, p_breach
 * and exposure.  Reading an unknown fact stops a check (unknown), as the
 * world API does; filters are three-valued as in engine/world.c.
 *
 * It prints the per-clause verdict table in the layout of `redline
 * batch`'s text summary (bench/run.sh compares the two), then the speed:
 * variants/s and microseconds per variant, best of several passes.
 *
 * A bench program, not part of the library: plain C11, no Lua.
 *   bench/limit [-n N] [--seed S] [--all-contracts] [--dump K]
 * --all-contracts evaluates every clause of the library (as for a scenario
 * that names no contracts); --dump K prints the first K variants' axis
 * values and clause verdicts.
 */
#define _POSIX_C_SOURCE 200809L
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* --- symbols: every string the world and the rules compare, interned ------- */

enum {
	NIL = 0,
	S_MICROSOFT, S_OPENAI, S_AMAZON,
	S_AZURE, S_AWS,
	S_GPT_FRONTIER,
	S_FRONTIER,             /* the product id, and the model tier "frontier" */
	S_BEDROCK_SRE, S_SRE_INFERENCE,
	S_AWS_PITCH,
	S_CLOUD_PROVIDER, S_MODEL_PROVIDER, S_PLATFORM, S_API, S_STATEFUL, S_STATELESS,
	S_ENTERPRISE, S_GOVERNMENT, S_STANDARD, S_OPEN_WEIGHT,
	NSYMS
};
#define UNK (-1)                /* a fact that is `unknown` */

static const char *const sym_name[NSYMS] = {"nil", "microsoft", "openai", "amazon",
	"azure", "aws", "gpt-frontier", "frontier", "bedrock-sre", "sre-inference",
	"aws-pitch", "cloud_provider", "model_provider", "platform", "api", "stateful",
	"stateless", "enterprise", "government", "standard", "open_weight"};

typedef int sym;                /* NIL, UNK or a symbol */

/* Helpers return a value >= -1, or stop the check: */
#define STOP_U (-2)             /* read an unknown fact: the reading is unknown */
#define STOP_E (-3)             /* a Lua error: the reading is error */
#define READ(x) do { if ((x) == UNK) return STOP_U; } while (0)
#define TRY(var, call) do { var = (call); if (var <= STOP_U) return var; } while (0)

/* --- the world ------------------------------------------------------------- */

#define MAXL 4                  /* items in a list */
#define MAXE 4                  /* entities of a kind */
#define MAXP 8                  /* access paths */
#define MAXH 4                  /* hops in a path */

typedef struct { int n; sym v[MAXL]; } list;    /* n == UNK: the list is unknown */
typedef struct { int t; double v; } num;        /* t: NIL, UNK or KNOWN */
#define KNOWN 1

typedef struct { sym id, kind; } party;
typedef struct { sym id, owner; } cloud;
typedef struct { sym id, owner, tier; list weights; unsigned defaulted; } model;
typedef struct { sym id, owner, kind, state; list models; num api_share; unsigned defaulted; } product;
typedef struct {
	sym id, runs, cloud, operator, seller, interface, state;
	list audience, calls;
	unsigned defaulted;     /* fields derived by default (bits below) */
} deployment;
enum { D_SELLER = 1, D_INTERFACE = 2, D_STATE = 4, M_TIER = 1, P_SHARE = 1 };
typedef struct { sym id, by, about; const char *text; } statement;
static const char TEXT_UNKNOWN[] = "";          /* text == TEXT_UNKNOWN: unknown */

typedef struct {
	int entry;              /* deployment index */
	sym entry_cloud, seller, operator, interface, state;
	list audience;
	sym product;
	num api_share;
	sym model, model_owner, model_tier, model_cloud, model_deployment;
	int hops[MAXH], nhops;
	sym stateful, direct_api;       /* 0, 1 or UNK */
} path;

typedef struct world {
	int day;
	char date[11];
	num threshold;          /* params.api_share_threshold */
	party parties[MAXE];
	cloud clouds[MAXE];
	model models[MAXE];
	product products[MAXE];
	deployment deps[MAXE];
	statement stmts[MAXE];
	int nparties, nclouds, nmodels, nproducts, ndeps, nstmts;
	path paths[MAXP];
	int npaths;
} world;

static list L0(void) { list l = {0, {0}}; return l; }
static list L1(sym a) { list l = {1, {a}}; return l; }
static list L2(sym a, sym b) { list l = {2, {a, b}}; return l; }

static int days_from_civil(int y, int m, int d)
{
	y -= m <= 2;
	int era = (y >= 0 ? y : y - 399) / 400;
	int yoe = y - era * 400;
	int doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

static int parse_day(const char *s)
{
	return days_from_civil(atoi(s), atoi(s + 5), atoi(s + 8));
}

/* scenarios/frontier_bedrock_sre.lua, by hand. */
static void base_world(world *w)
{
	memset(w, 0, sizeof *w);
	strcpy(w->date, "2026-03-18");
	w->day = parse_day(w->date);
	w->threshold.t = NIL;
	w->parties[w->nparties++] = (party){S_MICROSOFT, S_CLOUD_PROVIDER};
	w->parties[w->nparties++] = (party){S_OPENAI, S_MODEL_PROVIDER};
	w->parties[w->nparties++] = (party){S_AMAZON, S_CLOUD_PROVIDER};
	w->clouds[w->nclouds++] = (cloud){S_AZURE, S_MICROSOFT};
	w->clouds[w->nclouds++] = (cloud){S_AWS, S_AMAZON};
	w->models[w->nmodels++] = (model){S_GPT_FRONTIER, S_OPENAI, S_FRONTIER,
	                                  L2(S_AZURE, S_AWS), 0};
	w->products[w->nproducts++] = (product){S_FRONTIER, S_OPENAI, S_PLATFORM, S_STATEFUL,
	                                        L1(S_GPT_FRONTIER), {KNOWN, 0.15}, 0};
	w->deps[w->ndeps++] = (deployment){S_BEDROCK_SRE, S_FRONTIER, S_AWS, S_AMAZON, NIL,
	                                   S_PLATFORM, S_STATEFUL,
	                                   L2(S_ENTERPRISE, S_GOVERNMENT),
	                                   L1(S_SRE_INFERENCE), D_SELLER};
	w->deps[w->ndeps++] = (deployment){S_SRE_INFERENCE, S_GPT_FRONTIER, S_AWS, S_AMAZON,
	                                   NIL, S_API, S_STATELESS, L0(), L0(), D_SELLER};
	w->stmts[w->nstmts++] = (statement){S_AWS_PITCH, S_AMAZON, S_FRONTIER,
	                                    "The SRE is powered by OpenAI"};
}

static int find_cloud(const world *w, sym id)
{
	for (int i = 0; i < w->nclouds; i++)
		if (w->clouds[i].id == id)
			return i;
	return -1;
}

static int find_model(const world *w, sym id)
{
	for (int i = 0; i < w->nmodels; i++)
		if (w->models[i].id == id)
			return i;
	return -1;
}

static int find_product(const world *w, sym id)
{
	for (int i = 0; i < w->nproducts; i++)
		if (w->products[i].id == id)
			return i;
	return -1;
}

static int find_dep(const world *w, sym id)
{
	for (int i = 0; i < w->ndeps; i++)
		if (w->deps[i].id == id)
			return i;
	return -1;
}

/* Defaults (engine/model.c rl_entity_defaults) for the fields defaulted in
 * the base: seller from operator, interface/state from what runs, a model's
 * tier, a product's api_share. */
static void defaults(world *w)
{
	for (int i = 0; i < w->nmodels; i++)
		if (w->models[i].defaulted & M_TIER)
			w->models[i].tier = S_STANDARD;
	for (int i = 0; i < w->nproducts; i++) {
		product *p = &w->products[i];
		if (p->defaulted & P_SHARE) {
			p->api_share.t = p->kind == UNK ? UNK : KNOWN;
			p->api_share.v = p->kind == S_API;
		}
	}
	for (int i = 0; i < w->ndeps; i++) {
		deployment *d = &w->deps[i];
		int pi = d->runs == UNK ? -1 : find_product(w, d->runs);
		int is_model = d->runs != UNK && find_model(w, d->runs) >= 0;
		if (d->defaulted & D_SELLER)
			d->seller = d->operator;
		if (d->defaulted & D_INTERFACE)
			d->interface = d->runs == UNK ? UNK : is_model ? S_API
			             : pi >= 0 ? w->products[pi].kind : NIL;
		if (d->defaulted & D_STATE)
			d->state = d->runs == UNK ? UNK : is_model ? S_STATELESS
			         : pi >= 0 ? w->products[pi].state : NIL;
	}
}

/* --- access paths (engine/paths.c) ------------------------------------------ */

typedef struct { world *w; int hops[MAXH + 1]; int depth, failed; } tracer;

static void emit(tracer *t, int last, int mi)
{
	world *w = t->w;
	if (w->npaths >= MAXP || t->depth + 1 > MAXH) {
		t->failed = 1;
		return;
	}
	path *p = &w->paths[w->npaths++];
	const deployment *e = &w->deps[t->hops[0]], *ld = &w->deps[last];
	p->entry = t->hops[0];
	p->entry_cloud = e->cloud;
	p->seller = e->seller;
	p->operator = e->operator;
	p->interface = e->interface;
	p->state = e->state;
	p->audience = e->audience;
	int pi = e->runs == UNK ? -1 : find_product(w, e->runs);
	if (e->runs == UNK) {
		p->product = UNK;
		p->api_share.t = UNK;
	} else if (pi >= 0) {
		p->product = e->runs;
		p->api_share = w->products[pi].api_share;
	} else {
		p->product = NIL;
		p->api_share.t = KNOWN;
		p->api_share.v = 1;
	}
	if (mi >= 0) {
		p->model = w->models[mi].id;
		p->model_owner = w->models[mi].owner;
		p->model_tier = w->models[mi].tier;
	} else {
		p->model = p->model_owner = p->model_tier = UNK;
	}
	p->model_cloud = ld->cloud;
	p->model_deployment = ld->id;
	p->nhops = t->depth + 1;
	memcpy(p->hops, t->hops, (size_t)p->nhops * sizeof *p->hops);
	int stateful = 0, undecided = 0;
	for (int h = 0; h < p->nhops && !stateful; h++) {
		sym st = w->deps[p->hops[h]].state;
		if (st == S_STATEFUL)
			stateful = 1;
		else if (st == UNK)
			undecided = 1;
	}
	p->stateful = !stateful && undecided ? UNK : stateful;
	sym in = p->interface, st = p->state;
	if ((in != UNK && in != NIL && in != S_API) || (st != UNK && st != NIL && st != S_STATELESS))
		p->direct_api = 0;
	else if (in == UNK || st == UNK)
		p->direct_api = UNK;
	else
		p->direct_api = in != NIL && st != NIL;
}

static void trace(tracer *t, int d)
{
	world *w = t->w;
	if (t->failed)
		return;
	if (t->depth >= w->ndeps) {
		t->failed = 1;          /* a cycle */
		return;
	}
	t->hops[t->depth] = d;
	const deployment *e = &w->deps[d];
	if (e->runs == UNK) {
		emit(t, d, -1);
		return;
	}
	int mi = find_model(w, e->runs);
	if (mi >= 0) {
		emit(t, d, mi);
		return;
	}
	int pi = find_product(w, e->runs);
	if (pi < 0)
		return;
	if (e->calls.n == UNK) {
		emit(t, d, -1);
		return;
	}
	if (e->calls.n > 0) {
		for (int c = 0; c < e->calls.n; c++) {
			if (e->calls.v[c] == UNK) {
				emit(t, d, -1);
				continue;
			}
			int to = find_dep(w, e->calls.v[c]);
			if (to < 0)
				continue;
			t->depth++;
			trace(t, to);
			t->depth--;
		}
		return;
	}
	const list *models = &w->products[pi].models;
	if (models->n == UNK) {
		emit(t, d, -1);
		return;
	}
	for (int c = 0; c < models->n; c++) {
		int m = models->v[c] == UNK ? -1 : find_model(w, models->v[c]);
		if (models->v[c] == UNK || m >= 0)
			emit(t, d, m);
	}
}

static int paths_compute(world *w)
{
	tracer t;
	memset(&t, 0, sizeof t);
	t.w = w;
	w->npaths = 0;
	for (int d = 0; d < w->ndeps && !t.failed; d++) {
		const list *aud = &w->deps[d].audience;
		if (aud->n == UNK || aud->n > 0) {
			t.depth = 0;
			trace(&t, d);
		}
	}
	return t.failed ? -1 : 0;
}

/* --- three-valued filters (engine/world.c) ---------------------------------- */

enum { NO, YES, MAYBE };

static int m_is(sym v, sym want)
{
	return v == UNK ? MAYBE : v != NIL && v == want ? YES : NO;
}

static int m_in(sym v, const sym *set, int n)
{
	if (v == UNK)
		return MAYBE;
	for (int i = 0; i < n; i++)
		if (v != NIL && v == set[i])
			return YES;
	return NO;
}

static int m_has(const list *l, sym want)
{
	if (l->n == UNK)
		return MAYBE;
	int maybe = 0;
	for (int i = 0; i < l->n; i++) {
		if (l->v[i] == UNK)
			maybe = 1;
		else if (l->v[i] != NIL && l->v[i] == want)
			return YES;
	}
	return maybe ? MAYBE : NO;
}

static int m_and(int a, int b)
{
	return a == NO || b == NO ? NO : a == MAYBE || b == MAYBE ? MAYBE : YES;
}

/* In a loop over a filter: skip a non-match, stop the check on a maybe. */
#define FILTER(m) { int m_ = (m); if (m_ == NO) continue; if (m_ == MAYBE) return STOP_U; }

static const sym COVERED[] = {S_FRONTIER, S_STANDARD};

static int m_covered_model(const model *m)
{
	return m_and(m_is(m->owner, S_OPENAI), m_in(m->tier, COVERED, 2));
}

static int m_covered_path(const path *p)
{
	return m_and(m_is(p->model_owner, S_OPENAI), m_in(p->model_tier, COVERED, 2));
}

/* --- shared rule helpers ------------------------------------------------------ */

/* cloud_owner(w, id): w:get("cloud", id) errors on a nil id. */
static int cloud_owner(const world *w, sym id)
{
	if (id == NIL)
		return STOP_E;
	int c = find_cloud(w, id);
	if (c < 0)
		return NIL;
	READ(w->clouds[c].owner);
	return w->clouds[c].owner;
}

static int on_azure(const world *w, sym id)
{
	int o;
	TRY(o, cloud_owner(w, id));
	return o == S_MICROSOFT;
}

/* threshold(w): params.api_share_threshold or 0.5 */
static int threshold(const world *w, double *t)
{
	READ(w->threshold.t);
	*t = w->threshold.t == KNOWN ? w->threshold.v : 0.5;
	return 0;
}

/* primarily_api(p.api_share, t), reading the share */
static int primarily_api(const num *share, double t)
{
	READ(share->t);
	return share->t == KNOWN && share->v > t;
}

/* product owner: w:get("product", prod).owner (indexing nil errors) */
static int product_owner(const world *w, sym prod)
{
	int pi = find_product(w, prod);
	if (pi < 0)
		return STOP_E;
	READ(w->products[pi].owner);
	return w->products[pi].owner;
}

/* model_deployment(w, p): the deployment serving the path's model. */
static int model_deployment(const world *w, const path *p)
{
	sym id = p->model_deployment;
	if (id == NIL)
		id = w->deps[p->hops[p->nhops - 1]].id;
	int d = find_dep(w, id);
	return d < 0 ? STOP_E : d;
}

/* --- forbidden wording (the AWS memo; both rule files carry the matcher) -- */

#define MAXTEXT 1024
#define WINDOW 28

static const char *const OPENAI_NAMES[] = {" chatgpt", " openai", " gpt", NULL};
static const char *const GENERIC_NAMES[] = {" model", " frontier", " agent", " it ", NULL};
static const char *const ON_AWS[] = {" availab", " on aws ", " in aws ", " via aws ",
	" through aws ", " from aws ", " on bedrock ", " in bedrock ", " via bedrock ",
	" through bedrock ", " from bedrock ", " on amazon ", NULL};

static int is_alpha(int c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
static int is_alnum(int c) { return is_alpha(c) || (c >= '0' && c <= '9'); }
static int is_space(int c) { return c == ' ' || (c >= '\t' && c <= '\r'); }
static int is_punct(int c) { return c > 32 && c < 127 && !is_alnum(c); }

/* Lower-case; runs of punctuation, non-ASCII bytes and spaces to one space;
 * one space of padding each side.  Returns the length. */
static size_t normalise(const char *text, char *s)
{
	size_t n = 0;
	s[n++] = ' ';
	int gap = 0;
	for (const unsigned char *c = (const unsigned char *)text; *c && n < MAXTEXT - 3; c++) {
		if (is_punct(*c) || *c >= 128 || is_space(*c)) {
			gap = 1;
			continue;
		}
		if (gap)
			s[n++] = ' ';
		gap = 0;
		s[n++] = (char)(*c >= 'A' && *c <= 'Z' ? *c + 32 : *c);
	}
	if (gap)
		s[n++] = ' ';
	s[n++] = ' ';
	s[n] = '\0';
	return n;
}

/* Does any needle occur in s[from .. to] (0-based, inclusive, clipped)? */
static int contains_any(const char *s, size_t len, const char *const *needles, size_t from,
                        size_t to)
{
	if (to >= len)
		to = len - 1;
	if (from > to)
		return 0;
	for (int i = 0; needles[i]; i++) {
		size_t k = strlen(needles[i]);
		for (size_t a = from; a + k <= to + 1; a++)
			if (memcmp(s + a, needles[i], k) == 0)
				return 1;
	}
	return 0;
}

static int object_is_openai(const char *s, size_t len, size_t from, int about_openai)
{
	return contains_any(s, len, OPENAI_NAMES, from, from + WINDOW) ||
	       (about_openai && contains_any(s, len, GENERIC_NAMES, from, from + WINDOW));
}

static size_t alpha_run(const char *s, size_t i)
{
	while (is_alpha((unsigned char)s[i]))
		i++;
	return i;
}

/* "enabl... access" with up to three words between, the first not "by". */
static int enables_access(const char *s, size_t len, int about_openai)
{
	for (size_t a = 0; a + 6 <= len; a++) {
		if (memcmp(s + a, " enabl", 6) != 0)
			continue;
		size_t b = alpha_run(s, a + 6);         /* one past the verb */
		size_t pos = b, e = 0;
		int found = 0;
		for (int gap = 0; gap <= 3; gap++) {
			if (s[pos] == ' ' && strncmp(s + pos + 1, "access", 6) == 0) {
				e = alpha_run(s, pos + 7);
				found = 1;
				break;
			}
			if (s[pos] != ' ' || !is_alnum((unsigned char)s[pos + 1]))
				break;
			size_t w = pos + 1, nxt = w;
			while (is_alnum((unsigned char)s[nxt]))
				nxt++;
			if (gap == 0 && nxt - w == 2 && s[w] == 'b' && s[w + 1] == 'y')
				break;
			pos = nxt;
		}
		if (found && object_is_openai(s, len, e, about_openai))
			return 1;
	}
	return 0;
}

/* " call<letters> on " (or upon) followed by OpenAI. */
static int calls_on(const char *s, size_t len, const char *prep, int about_openai)
{
	size_t k = strlen(prep);
	for (size_t a = 0; a + 5 <= len; a++) {
		if (memcmp(s + a, " call", 5) != 0)
			continue;
		size_t b = alpha_run(s, a + 5);
		if (s[b] == ' ' && strncmp(s + b + 1, prep, k) == 0 && s[b + 1 + k] == ' ' &&
		    object_is_openai(s, len, b + 1 + k, about_openai))
			return 1;
	}
	return 0;
}

/* Why text breaks the memo (1..3), or 0. */
static int forbidden(const char *text, int about_openai, int about_frontier)
{
	char s[MAXTEXT];
	size_t len = normalise(text, s);
	if (enables_access(s, len, about_openai))
		return 1;
	if (calls_on(s, len, "on", about_openai) || calls_on(s, len, "upon", about_openai))
		return 2;
	int names_openai = about_openai || contains_any(s, len, OPENAI_NAMES, 0, len);
	int frontier = about_frontier ||
	               (names_openai && (strstr(s, " frontier model") || strstr(s, " most advanced")));
	if (frontier && contains_any(s, len, ON_AWS, 0, len))
		return 3;
	return 0;
}

static int read_text(const statement *s)
{
	if (s->text == TEXT_UNKNOWN)
		return STOP_U;
	return s->text ? 0 : STOP_E;    /* nil:lower() errors */
}

/* msft: the first statement by a rival cloud provider about OpenAI in
 * forbidden words: statement index, or -1. */
static int rival_statement(const world *w)
{
	for (int i = 0; i < w->nstmts; i++) {
		const statement *s = &w->stmts[i];
		sym by = s->by;
		READ(by);
		if (by == S_MICROSOFT || by == S_OPENAI)
			continue;
		int count = 0;          /* w:count("cloud", { owner = by }) */
		for (int c = 0; c < w->nclouds; c++) {
			if (by == NIL) {        /* { owner = nil } is no filter */
				count++;
				continue;
			}
			FILTER(m_is(w->clouds[c].owner, by));
			count++;
		}
		if (count == 0)
			continue;
		sym about = s->about;
		READ(about);
		int about_openai = 0, about_frontier = 0, relevant = 1;
		if (about != NIL) {
			int pi = find_product(w, about), owner = NIL, found = pi >= 0;
			if (pi >= 0) {
				owner = w->products[pi].owner;
				READ(owner);
			} else {
				int mi = find_model(w, about);
				found = mi >= 0;
				if (mi >= 0) {
					sym tier = w->models[mi].tier;
					READ(tier);
					if (tier == S_OPEN_WEIGHT)
						relevant = 0;
					owner = w->models[mi].owner;
					READ(owner);
					about_frontier = owner == S_OPENAI && tier == S_FRONTIER;
				}
			}
			about_openai = found && owner == S_OPENAI;
			relevant = relevant && about_openai;
		}
		if (relevant) {
			int r;
			TRY(r, read_text(s));
			if (forbidden(s->text, about_openai, about_frontier))
				return i;
		}
	}
	return -1;
}

/* aws-guidance: does Amazon statement s break the memo? */
static int statement_breaks(const world *w, const statement *s)
{
	sym about = s->about;
	READ(about);
	int about_openai = 0, about_frontier = 0;
	if (about != NIL) {
		int pi = find_product(w, about), owner = NIL, found = pi >= 0;
		if (pi >= 0) {
			owner = w->products[pi].owner;
			READ(owner);
		} else {
			int mi = find_model(w, about);
			found = mi >= 0;
			if (mi >= 0) {
				owner = w->models[mi].owner;
				READ(owner);
				if (owner == S_OPENAI) {
					READ(w->models[mi].tier);
					about_frontier = w->models[mi].tier == S_FRONTIER;
				}
			}
		}
		about_openai = found && owner == S_OPENAI;
	}
	int r;
	TRY(r, read_text(s));
	return forbidden(s->text, about_openai, about_frontier) != 0;
}

/* --- verdicts --------------------------------------------------------------- */

enum { V_NA, V_COMPLIANT, V_UNKNOWN, V_CONTESTED, V_BREACH, V_ERROR, NVERDICTS };

/* --- rules/amazon_openai.lua ---------------------------------------------- */

enum { HO_NIL, HO_FALSE, HO_TRUE };

/* Frontier hosted (deployment or the inference behind a Frontier path) on a
 * cloud whose owner is not allowed (bit per party symbol). */
static int frontier_hosted_outside(const world *w, unsigned allowed)
{
	int any = 0, o;
	for (int i = 0; i < w->ndeps; i++) {
		const deployment *d = &w->deps[i];
		FILTER(m_is(d->runs, S_FRONTIER));
		any = 1;
		READ(d->cloud);
		TRY(o, cloud_owner(w, d->cloud));
		if (!(allowed & (1u << o)))
			return HO_TRUE;
	}
	if (!any)
		return HO_NIL;
	for (int i = 0; i < w->npaths; i++) {
		const path *p = &w->paths[i];
		FILTER(m_is(p->product, S_FRONTIER));
		READ(p->model_cloud);
		TRY(o, cloud_owner(w, p->model_cloud));
		if (!(allowed & (1u << o)))
			return HO_TRUE;
	}
	return HO_FALSE;
}

#define BIT(s) (1u << (s))

static int third_party_check(const world *w, unsigned allowed)
{
	int h;
	TRY(h, frontier_hosted_outside(w, allowed));
	return h == HO_NIL ? V_NA : h == HO_TRUE ? V_BREACH : V_COMPLIANT;
}

static int fe_azure_excepted(const world *w)
{
	return third_party_check(w, BIT(S_AMAZON) | BIT(S_OPENAI) | BIT(S_MICROSOFT));
}

static int fe_azure_included(const world *w)
{
	return third_party_check(w, BIT(S_AMAZON) | BIT(S_OPENAI));
}

/* outside_grant: 1 when the sale is outside the grant */
static int outside_grant(const world *w, const path *p)
{
	if (strcmp(w->date, "2026-03-17") < 0)
		return 1;
	READ(p->product);
	if (p->product == NIL)
		return 1;
	int o;
	TRY(o, product_owner(w, p->product));
	return o != S_OPENAI;
}

static int m_gov_path(const path *p)
{
	return m_and(m_and(m_is(p->seller, S_AMAZON), m_has(&p->audience, S_GOVERNMENT)),
	             m_covered_path(p));
}

static int gr_narrow(const world *w)
{
	double t;
	int any = 0, r;
	TRY(r, threshold(w, &t));
	for (int i = 0; i < w->npaths; i++) {
		const path *p = &w->paths[i];
		FILTER(m_gov_path(p));
		any = 1;
		TRY(r, outside_grant(w, p));
		if (r)
			return V_BREACH;
		READ(p->api_share.t);
		READ(p->direct_api);
		if (p->direct_api)
			return V_BREACH;
		READ(p->interface);
		if (p->interface == S_API || (p->api_share.t == KNOWN && p->api_share.v > t))
			return V_BREACH;
	}
	return any ? V_COMPLIANT : V_NA;
}

static int gr_broad(const world *w)
{
	int any = 0, r;
	for (int i = 0; i < w->npaths; i++) {
		const path *p = &w->paths[i];
		FILTER(m_gov_path(p));
		any = 1;
		TRY(r, outside_grant(w, p));
		if (r)
			return V_BREACH;
	}
	return any ? V_COMPLIANT : V_NA;
}

/* --- rules/aws_guidance.lua ------------------------------------------------- */

static int messaging_letter(const world *w)
{
	int any = 0, r;
	for (int i = 0; i < w->nstmts; i++) {
		FILTER(m_is(w->stmts[i].by, S_AMAZON));
		any = 1;
		TRY(r, statement_breaks(w, &w->stmts[i]));
		if (r)
			return V_BREACH;
	}
	return any ? V_COMPLIANT : V_NA;
}

/* --- rules/microsoft_openai.lua ---------------------------------------------- */

/* api_call(w, p, t): 1 when path p carries a stateless API call. */
static int api_call(const world *w, const path *p, double t)
{
	int r;
	READ(p->direct_api);
	if (p->direct_api)
		return 1;
	TRY(r, primarily_api(&p->api_share, t));
	if (r)
		return 1;
	int d;
	TRY(d, model_deployment(w, p));
	const deployment *md = &w->deps[d];
	if (md->id == w->deps[p->entry].id)
		return 0;
	READ(md->interface);
	if (md->interface != S_API)
		return 0;
	READ(md->state);
	return md->state == S_STATELESS;
}

/* carve_out_letter(w, p, t): 1 when the red line can carry path p's call. */
static int carve_out_letter(const world *w, const path *p, double t)
{
	int r;
	READ(p->direct_api);
	if (p->direct_api)
		return 0;
	READ(p->product);
	if (p->product == NIL)
		return 0;
	TRY(r, primarily_api(&p->api_share, t));
	if (r)
		return 0;
	TRY(r, product_owner(w, p->product));
	if (r != S_OPENAI)
		return 0;
	READ(p->model_cloud);
	TRY(r, cloud_owner(w, p->model_cloud));
	if (r == S_OPENAI) {
		READ(p->operator);
		if (p->operator == S_OPENAI) {
			READ(p->seller);
			if (p->seller == S_OPENAI)
				return 0;
		}
	}
	return 1;
}

/* The same carve-out with "third parties" in the partner sense (rule
 * reading letter-partner): a party other than OpenAI and Microsoft operates
 * or sells a hop; the cloud's owner does not count. */
static int carve_out_partner(const world *w, const path *p, double t)
{
	int r;
	READ(p->direct_api);
	if (p->direct_api)
		return 0;
	READ(p->product);
	if (p->product == NIL)
		return 0;
	TRY(r, primarily_api(&p->api_share, t));
	if (r)
		return 0;
	TRY(r, product_owner(w, p->product));
	if (r != S_OPENAI)
		return 0;
	for (int h = 0; h < p->nhops; h++) {
		const deployment *d = &w->deps[p->hops[h]];
		READ(d->operator);
		if (d->operator != S_OPENAI && d->operator != S_MICROSOFT)
			return 1;
		READ(d->seller);
		if (d->seller != S_OPENAI && d->seller != S_MICROSOFT)
			return 1;
	}
	return 0;
}

/* hosted_off_azure(w): 1 when an OpenAI model or product runs off Azure.
 * Pass 1 looks only at deployments whose cloud is known (w:known in the
 * rule), pass 2 at all of them, stopping at an unknown cloud. */
static int hosted_off_azure(const world *w)
{
	int r;
	for (int pass = 1; pass <= 2; pass++) {
		for (int m = 0; m < w->nmodels; m++) {
			FILTER(m_covered_model(&w->models[m]));
			for (int i = 0; i < w->ndeps; i++) {
				const deployment *d = &w->deps[i];
				FILTER(m_is(d->runs, w->models[m].id));
				if (pass == 1 && d->cloud == UNK)
					continue;
				READ(d->cloud);
				TRY(r, on_azure(w, d->cloud));
				if (!r)
					return 1;
			}
		}
		for (int pr = 0; pr < w->nproducts; pr++) {
			FILTER(m_is(w->products[pr].owner, S_OPENAI));
			for (int i = 0; i < w->ndeps; i++) {
				const deployment *d = &w->deps[i];
				FILTER(m_is(d->runs, w->products[pr].id));
				if (pass == 1 && d->cloud == UNK)
					continue;
				READ(d->cloud);
				TRY(r, on_azure(w, d->cloud));
				if (!r)
					return 1;
			}
		}
	}
	return 0;
}

static int ec_letter(const world *w)
{
	int r;
	TRY(r, hosted_off_azure(w));
	return r ? V_BREACH : V_COMPLIANT;
}

static int ec_spirit(const world *w)
{
	int r;
	TRY(r, hosted_off_azure(w));
	if (r)
		return V_BREACH;
	for (int m = 0; m < w->nmodels; m++) {
		FILTER(m_covered_model(&w->models[m]));
		const list *ws = &w->models[m].weights;
		if (ws->n == UNK)
			return STOP_U;
		for (int i = 0; i < ws->n; i++)
			READ(ws->v[i]);
		for (int i = 0; i < ws->n; i++) {
			TRY(r, on_azure(w, ws->v[i]));
			if (!r)
				return V_BREACH;
		}
	}
	return V_COMPLIANT;
}

static int aoa_letter(const world *w)
{
	double t;
	int r;
	TRY(r, threshold(w, &t));
	for (int i = 0; i < w->npaths; i++) {
		const path *p = &w->paths[i];
		FILTER(m_covered_path(p));
		READ(p->direct_api);
		if (!p->direct_api) {
			TRY(r, primarily_api(&p->api_share, t));
			if (!r)
				continue;
		}
		READ(p->model_cloud);
		TRY(r, on_azure(w, p->model_cloud));
		if (!r)
			return V_BREACH;
	}
	return V_COMPLIANT;
}

static int ae_letter(const world *w)
{
	double t;
	int r;
	TRY(r, threshold(w, &t));
	for (int i = 0; i < w->npaths; i++) {
		const path *p = &w->paths[i];
		FILTER(m_covered_path(p));
		TRY(r, api_call(w, p, t));
		if (r) {
			READ(p->model_cloud);
			TRY(r, on_azure(w, p->model_cloud));
			if (!r)
				return V_BREACH;
		}
	}
	return V_COMPLIANT;
}

static int ae_spirit(const world *w)
{
	int r;
	TRY(r, rival_statement(w));
	if (r >= 0)
		return V_BREACH;
	for (int i = 0; i < w->npaths; i++) {
		const path *p = &w->paths[i];
		FILTER(m_covered_path(p));
		READ(p->model_cloud);
		TRY(r, on_azure(w, p->model_cloud));
		if (!r)
			return V_BREACH;
	}
	return V_COMPLIANT;
}

/* exception msft-openai-2025/red-line: applies? 1/0 */
static int redline_letter(const world *w)
{
	double t;
	int r, n = 0;
	TRY(r, threshold(w, &t));
	for (int i = 0; i < w->npaths; i++) {
		const path *p = &w->paths[i];
		FILTER(m_covered_path(p));
		TRY(r, api_call(w, p, t));
		if (!r)
			continue;
		READ(p->model_cloud);
		TRY(r, on_azure(w, p->model_cloud));
		if (r)
			continue;
		TRY(r, carve_out_letter(w, p, t));
		if (!r)
			return 0;
		n++;
	}
	return n > 0;
}

static int redline_partner(const world *w)
{
	double t;
	int r, n = 0;
	TRY(r, threshold(w, &t));
	for (int i = 0; i < w->npaths; i++) {
		const path *p = &w->paths[i];
		FILTER(m_covered_path(p));
		TRY(r, api_call(w, p, t));
		if (!r)
			continue;
		READ(p->model_cloud);
		TRY(r, on_azure(w, p->model_cloud));
		if (r)
			continue;
		TRY(r, carve_out_partner(w, p, t));
		if (!r)
			return 0;
		n++;
	}
	return n > 0;
}

static int redline_spirit(const world *w)
{
	double t;
	int r;
	TRY(r, rival_statement(w));
	if (r >= 0)
		return 0;
	TRY(r, threshold(w, &t));
	for (int i = 0; i < w->npaths; i++) {
		const path *p = &w->paths[i];
		FILTER(m_covered_path(p));
		READ(p->model_cloud);
		TRY(r, on_azure(w, p->model_cloud));
		if (!r)
			return 0;
		TRY(r, primarily_api(&p->api_share, t));
		if (r)
			return 0;
	}
	return 1;
}

/* third_party_outside(w, d) */
static int third_party_outside(const world *w, const deployment *d)
{
	READ(d->operator);
	if (d->operator == S_OPENAI || d->operator == S_MICROSOFT)
		return 0;
	READ(d->cloud);
	int o;
	TRY(o, cloud_owner(w, d->cloud));
	return o != S_MICROSOFT && o != S_OPENAI;
}

static int ip_letter(const world *w)
{
	int r;
	for (int m = 0; m < w->nmodels; m++) {
		FILTER(m_covered_model(&w->models[m]));
		for (int i = 0; i < w->ndeps; i++) {
			FILTER(m_is(w->deps[i].runs, w->models[m].id));
			TRY(r, third_party_outside(w, &w->deps[i]));
			if (r)
				return V_BREACH;
		}
	}
	return V_COMPLIANT;
}

static int ip_narrow(const world *w)
{
	int r;
	for (int i = 0; i < w->npaths; i++) {
		const path *p = &w->paths[i];
		FILTER(m_covered_path(p));
		READ(p->product);
		if (p->product != NIL) {
			TRY(r, product_owner(w, p->product));
			if (r == S_OPENAI)
				continue;
		}
		int d;
		TRY(d, model_deployment(w, p));
		TRY(r, third_party_outside(w, &w->deps[d]));
		if (r)
			return V_BREACH;
	}
	return V_COMPLIANT;
}

static int fa_continuity(const world *w)
{
	int any = 0, r;
	for (int i = 0; i < w->ndeps; i++) {
		const deployment *d = &w->deps[i];
		FILTER(m_is(d->runs, S_FRONTIER));
		any = 1;
		READ(d->cloud);
		TRY(r, on_azure(w, d->cloud));
		if (r)
			return V_COMPLIANT;
	}
	return any ? V_BREACH : V_NA;
}

/* continuity-inference: some Frontier path served from Azure; the paths
 * whose model cloud is known first, then all (stopping at an unknown). */
static int fa_continuity_inference(const world *w)
{
	int any = 0, r;
	for (int i = 0; i < w->ndeps; i++) {
		FILTER(m_is(w->deps[i].runs, S_FRONTIER));
		any = 1;
	}
	if (!any)
		return V_NA;
	int paths = 0;
	for (int pass = 1; pass <= 2; pass++) {
		for (int i = 0; i < w->npaths; i++) {
			const path *p = &w->paths[i];
			FILTER(m_is(p->product, S_FRONTIER));
			paths = 1;
			if (pass == 1 && p->model_cloud == UNK)
				continue;
			READ(p->model_cloud);
			TRY(r, on_azure(w, p->model_cloud));
			if (r)
				return V_COMPLIANT;
		}
	}
	return paths ? V_BREACH : V_NA;
}

static int fa_exclusive(const world *w)
{
	int any = 0, r;
	for (int i = 0; i < w->ndeps; i++) {
		const deployment *d = &w->deps[i];
		FILTER(m_is(d->runs, S_FRONTIER));
		any = 1;
		READ(d->cloud);
		TRY(r, on_azure(w, d->cloud));
		if (!r)
			return V_BREACH;
	}
	if (!any)
		return V_NA;
	for (int i = 0; i < w->npaths; i++) {
		const path *p = &w->paths[i];
		FILTER(m_is(p->product, S_FRONTIER));
		READ(p->model_cloud);
		TRY(r, on_azure(w, p->model_cloud));
		if (!r) {
			READ(p->model);         /* the message names the model */
			return V_BREACH;
		}
	}
	return V_COMPLIANT;
}

/* --- the library: contracts, clauses, exceptions ----------------------------- */

#define NO_DATE (-1000000)

typedef struct {
	const char *id, *effective;
	int binding;
	const char *supersedes[2];
	int day;
} contract_def;

enum { C_AMAZON_2026, C_AWS_GUIDANCE, C_MSFT_2019, C_MSFT_2025_09, C_MSFT_2025, C_MSFT_2026,
       NCONTRACTS };

static contract_def contracts[NCONTRACTS] = {
	{"amazon-openai-2026", "2026-02-27", 1, {NULL, NULL}, 0},
	{"aws-guidance-2026", "2026-02-27", 0, {NULL, NULL}, 0},
	{"msft-openai-2019", "2019-07-22", 1, {NULL, NULL}, 0},
	{"msft-openai-2025-09", "2025-09-11", 0, {NULL, NULL}, 0},
	{"msft-openai-2025", "2025-10-28", 1,
	 {"msft-openai-2019/exclusive-cloud", "msft-openai-2025-09"}, 0},
	{"msft-openai-2026", "2026-02-27", 1, {NULL, NULL}, 0},
};

typedef int (*check_fn)(const world *);

typedef struct {
	const char *name;
	double raw, weight;
	check_fn check;
	check_fn red_line;      /* the exception's applies for this reading */
} reading_def;

typedef struct {
	const char *id;
	int contract;
	double exposure;        /* NAN when none */
	int nreadings;
	reading_def readings[3];
	int exception_contract; /* -1: no exception */
} clause_def;

/* In the engine's order: by file, then line. */
static clause_def clauses[] = {
	{"amazon-openai-2026/frontier-exclusive-third-party", C_AMAZON_2026, 138e9, 2,
	 {{"azure-excepted", 0.6, 0, fe_azure_excepted, NULL},
	  {"azure-included", 0.4, 0, fe_azure_included, NULL}}, -1},
	{"amazon-openai-2026/government-resale", C_AMAZON_2026, NAN, 2,
	 {{"broad", 0.4, 0, gr_broad, NULL}, {"narrow", 0.6, 0, gr_narrow, NULL}}, -1},
	{"aws-guidance-2026/messaging", C_AWS_GUIDANCE, NAN, 1,
	 {{"letter", 1, 0, messaging_letter, NULL}}, -1},
	{"msft-openai-2019/exclusive-cloud", C_MSFT_2019, 1e9, 2,
	 {{"letter", 0.7, 0, ec_letter, NULL}, {"spirit", 0.3, 0, ec_spirit, NULL}}, -1},
	{"msft-openai-2025-09/api-on-azure", C_MSFT_2025_09, NAN, 1,
	 {{"letter", 1, 0, aoa_letter, NULL}}, -1},
	{"msft-openai-2025/api-exclusivity", C_MSFT_2025, 50e9, 3,
	 {{"letter", 0.35, 0, ae_letter, redline_letter},
	  {"letter-partner", 0.25, 0, ae_letter, redline_partner},
	  {"spirit", 0.4, 0, ae_spirit, redline_spirit}}, C_MSFT_2025},
	{"msft-openai-2025/ip-license", C_MSFT_2025, NAN, 2,
	 {{"letter", 0.5, 0, ip_letter, NULL}, {"narrow", 0.5, 0, ip_narrow, NULL}}, -1},
	{"msft-openai-2026/frontier-on-azure", C_MSFT_2026, NAN, 3,
	 {{"continuity", 0.35, 0, fa_continuity, NULL},
	  {"continuity-inference", 0.25, 0, fa_continuity_inference, NULL},
	  {"exclusive", 0.4, 0, fa_exclusive, NULL}}, -1},
};
#define NCLAUSES ((int)(sizeof clauses / sizeof clauses[0]))

static void link_rules(void)
{
	for (int c = 0; c < NCONTRACTS; c++)
		contracts[c].day = parse_day(contracts[c].effective);
	for (int k = 0; k < NCLAUSES; k++) {
		double total = 0;
		for (int j = 0; j < clauses[k].nreadings; j++)
			total += clauses[k].readings[j].raw;
		for (int j = 0; j < clauses[k].nreadings; j++)
			clauses[k].readings[j].weight = clauses[k].readings[j].raw / total;
	}
}

/* Is id (a contract or clause) superseded on day by a binding contract in force? */
static int superseded(const char *id, int day)
{
	for (int c = 0; c < NCONTRACTS; c++) {
		if (!contracts[c].binding || contracts[c].day > day)
			continue;
		for (int j = 0; j < 2; j++)
			if (contracts[c].supersedes[j] && strcmp(contracts[c].supersedes[j], id) == 0)
				return 1;
	}
	return 0;
}

static int contract_in_force(int c, int day)
{
	return contracts[c].day <= day && !superseded(contracts[c].id, day);
}

static int clause_in_force(int k, int day)
{
	return contract_in_force(clauses[k].contract, day) && !superseded(clauses[k].id, day);
}

/* The scenario's contracts (its `contracts` list); all when --all-contracts. */
static int scenario_has[NCONTRACTS];

/* --- evaluating one world -------------------------------------------------- */

typedef struct {
	int verdict;            /* the scenario's: the most severe binding clause's */
	int nclauses;
	int clause[NCLAUSES];   /* clause index of each result */
	int v[NCLAUSES];
	double p[NCLAUSES], exposure[NCLAUSES];
	unsigned readings;      /* readings run */
} result;

static int as_verdict(int r)
{
	return r == STOP_U ? V_UNKNOWN : r <= STOP_E ? V_ERROR : r;
}

/* In force per clause, cached per day as the engine's evaluator does. */
static int cache_day = NO_DATE;
static signed char cache_active[NCLAUSES];

static void evaluate(const world *w, result *res)
{
	if (cache_day != w->day) {
		for (int k = 0; k < NCLAUSES; k++)
			cache_active[k] = !scenario_has[clauses[k].contract] ? -1
			                  : (signed char)clause_in_force(k, w->day);
		cache_day = w->day;
	}
	res->verdict = V_NA;
	res->nclauses = 0;
	res->readings = 0;
	for (int k = 0; k < NCLAUSES; k++) {
		if (cache_active[k] < 0)
			continue;
		const clause_def *cl = &clauses[k];
		int n = res->nclauses++;
		res->clause[n] = k;
		double p = 0;
		int v = V_NA;
		if (cache_active[k]) {
			int any_error = 0, any_unknown = 0, all_na = 1;
			res->readings += (unsigned)cl->nreadings;
			for (int j = 0; j < cl->nreadings; j++) {
				int rv = as_verdict(cl->readings[j].check(w));
				if (rv == V_BREACH && cl->readings[j].red_line &&
				    contract_in_force(cl->exception_contract, w->day)) {
					int a = cl->readings[j].red_line(w);
					if (a <= STOP_U)
						rv = as_verdict(a);
					else if (a)
						rv = V_COMPLIANT;
				}
				if (rv == V_BREACH)
					p += cl->readings[j].weight;
				any_error |= rv == V_ERROR;
				any_unknown |= rv == V_UNKNOWN;
				all_na &= rv == V_NA;
			}
			v = any_error ? V_ERROR : all_na ? V_NA : p >= 1 - 1e-9 ? V_BREACH
			  : p > 1e-12 ? V_CONTESTED : any_unknown ? V_UNKNOWN : V_COMPLIANT;
		}
		res->v[n] = v;
		res->p[n] = cache_active[k] ? p : 0;
		res->exposure[n] = isnan(cl->exposure) ? NAN : res->p[n] * cl->exposure;
		if (contracts[cl->contract].binding && v > res->verdict)
			res->verdict = v;
	}
}

/* --- the batch: variants as engine/batch_variant.c draws them --------------- */

static uint64_t splitmix(uint64_t x)
{
	x += 0x9e3779b97f4a7c15ULL;
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
	x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
	return x ^ (x >> 31);
}

/* bench/frontier_1m.batch.lua's axes, in order. */
static const sym AX_CLOUD[] = {S_AZURE, S_AWS, UNK};
static const char *const AX_DATE[] = {"2025-06-15", "2025-09-15", "2026-03-18"};
static const char *const AX_TEXT[] = {"The SRE is powered by OpenAI",
	"The SRE enables access to ChatGPT", "Integrates with OpenAI's frontier models"};
static int ax_day[3];

typedef struct { int cloud; double share; int date, text; } variant;

static void variant_choice(uint64_t seed, uint64_t i, variant *v)
{
	uint64_t base = splitmix(seed ^ splitmix(i));
	uint64_t r0 = splitmix(base + 0), r1 = splitmix(base + 1);
	uint64_t r2 = splitmix(base + 2), r3 = splitmix(base + 3);
	v->cloud = (int)(r0 % 3);
	v->share = 0 + (1.0 - 0) * ((double)(r1 >> 11) / 9007199254740992.0);
	v->date = (int)(r2 % 3);
	v->text = (int)(r3 % 3);
}

/* apply: the base world with variant v's facts, defaults, paths. */
static int apply(const world *base, world *w, const variant *v)
{
	memcpy(w, base, sizeof *w);
	w->deps[1].cloud = AX_CLOUD[v->cloud];          /* deployment.sre-inference.cloud */
	w->products[0].api_share.t = KNOWN;              /* product.frontier.api_share */
	w->products[0].api_share.v = v->share;
	w->products[0].defaulted &= ~(unsigned)P_SHARE;
	memcpy(w->date, AX_DATE[v->date], 11);           /* date */
	w->day = ax_day[v->date];
	w->stmts[0].text = AX_TEXT[v->text];             /* statement.aws-pitch.text */
	defaults(w);
	return paths_compute(w);
}

/* --- summary ------------------------------------------------------------------ */

typedef struct { unsigned long long counts[NVERDICTS]; double p_sum, x_sum; } stats;

static const char *const verdict_name[NVERDICTS] = {"not_applicable", "compliant",
	"unknown", "contested", "breach", "error"};

#define BLOCK 256

typedef struct {
	stats tot[NCLAUSES], blk[NCLAUSES];
	int ids[NCLAUSES], n;
	unsigned long long findings, readings, errors;
} run_totals;

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* One pass over variants 0..n-1; sums per block of 256, then into the
 * totals, in index order, as the engine's writer does. */
static void run(const world *base, uint64_t seed, uint64_t n, run_totals *t, uint64_t dump)
{
	world w;
	variant v;
	result r;
	memset(t, 0, sizeof *t);
	for (uint64_t i = 0; i < n; i++) {
		variant_choice(seed, i, &v);
		if (apply(base, &w, &v)) {
			t->errors++;
			continue;
		}
		evaluate(&w, &r);
		t->n = r.nclauses;
		for (int c = 0; c < r.nclauses; c++) {
			stats *s = &t->blk[c];
			t->ids[c] = r.clause[c];
			s->counts[r.v[c]]++;
			s->p_sum += r.p[c];
			if (!isnan(r.exposure[c]))
				s->x_sum += r.exposure[c];
		}
		t->findings += r.verdict == V_BREACH || r.verdict == V_CONTESTED;
		t->readings += r.readings;
		if (i < dump) {
			printf("%llu [%s,%.17g,\"%s\",%d] %s", (unsigned long long)i,
			       v.cloud == 2 ? "null" : sym_name[AX_CLOUD[v.cloud]], v.share,
			       AX_DATE[v.date], v.text, verdict_name[r.verdict]);
			for (int c = 0; c < r.nclauses; c++)
				printf(" %s:%s:%g", clauses[r.clause[c]].id, verdict_name[r.v[c]], r.p[c]);
			printf("\n");
		}
		if ((i + 1) % BLOCK == 0 || i + 1 == n) {
			for (int c = 0; c < NCLAUSES; c++) {
				for (int k = 0; k < NVERDICTS; k++)
					t->tot[c].counts[k] += t->blk[c].counts[k];
				t->tot[c].p_sum += t->blk[c].p_sum;
				t->tot[c].x_sum += t->blk[c].x_sum;
			}
			memset(t->blk, 0, sizeof t->blk);
		}
	}
}

int main(int argc, char **argv)
{
	uint64_t n = 1000000, seed = 2026, dump = 0;
	int all = 0;
	double min_secs = 1.0;
	for (int a = 1; a < argc; a++) {
		if (strcmp(argv[a], "-n") == 0 && a + 1 < argc)
			n = strtoull(argv[++a], NULL, 10);
		else if (strcmp(argv[a], "--seed") == 0 && a + 1 < argc)
			seed = strtoull(argv[++a], NULL, 10);
		else if (strcmp(argv[a], "--dump") == 0 && a + 1 < argc)
			dump = strtoull(argv[++a], NULL, 10);
		else if (strcmp(argv[a], "--all-contracts") == 0)
			all = 1;
		else if (strcmp(argv[a], "--min-seconds") == 0 && a + 1 < argc)
			min_secs = atof(argv[++a]);
		else {
			fprintf(stderr, "usage: limit [-n N] [--seed S] [--all-contracts] "
			        "[--dump K] [--min-seconds S]\n");
			return 2;
		}
	}
	if (n == 0) {
		fprintf(stderr, "limit: expected n >= 1\n");
		return 2;
	}
	link_rules();
	for (int d = 0; d < 3; d++)
		ax_day[d] = parse_day(AX_DATE[d]);
	/* The scenario names msft-openai-2019, msft-openai-2025, amazon-openai-2026. */
	scenario_has[C_MSFT_2019] = scenario_has[C_MSFT_2025] = scenario_has[C_AMAZON_2026] = 1;
	if (all)
		for (int c = 0; c < NCONTRACTS; c++)
			scenario_has[c] = 1;
	world base;
	base_world(&base);

	/* Timed passes: at least 3 and at least min_secs in all; the best counts. */
	static run_totals t;
	double best = 0, total = 0;
	int passes = 0;
	while (passes < 3 || total < min_secs) {
		double t0 = now();
		run(&base, seed, n, &t, passes == 0 ? dump : 0);
		double s = now() - t0;
		total += s;
		if (!passes || s < best)
			best = s;
		passes++;
		if (passes >= 1000)
			break;
	}
	if (t.errors) {
		fprintf(stderr, "limit: %llu variants could not be traced\n", t.errors);
		return 1;
	}

	static const int order[] = {V_BREACH, V_CONTESTED, V_COMPLIANT, V_UNKNOWN, V_NA, V_ERROR};
	printf("limit bench-frontier-1m over frontier-bedrock-sre: %llu variants, %llu with a "
	       "binding breach or contested clause\n\n", (unsigned long long)n, t.findings);
	printf("%-44s %7s %7s %7s %7s %7s %5s %6s\n", "clause", "breach", "contest",
	       "compl", "unknown", "n/a", "error", "mean p");
	for (int c = 0; c < t.n; c++) {
		printf("%-44s", clauses[t.ids[c]].id);
		for (int v = 0; v < 6; v++)
			printf(" %*llu", v == 5 ? 5 : 7, t.tot[c].counts[order[v]]);
		printf(" %6.3f\n", t.tot[c].p_sum / (double)n);
	}
	printf("\nmean expected exposure (USD):\n");
	for (int c = 0; c < t.n; c++)
		if (!isnan(clauses[t.ids[c]].exposure))
			printf("  %-50s %.6g\n", clauses[t.ids[c]].id, t.tot[c].x_sum / (double)n);
	printf("\n%llu reading evaluations\n", t.readings);
	printf("\nlimit: %.0f variants/s, %.4f us/variant (best of %d passes of %llu)\n",
	       (double)n / best, best * 1e6 / (double)n, passes, (unsigned long long)n);
	return 0;
}
