/* sources.c - source entities (articles, documents) and citations of them. */
#include "sources.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include <lauxlib.h>

static const char *const source_fields[] = {"title", "outlet", "date", "url", "quotes",
	"note", "name", NULL};

static void describe(lua_State *L, int idx, char *out, size_t size)
{
	int t = lua_type(L, idx);
	if (t == LUA_TSTRING) {
		size_t len;
		const char *s = lua_tolstring(L, idx, &len);
		snprintf(out, size, "'%.*s%s'", len > 60 ? 60 : (int)len, s, len > 60 ? "..." : "");
	} else if (t == LUA_TNIL || t == LUA_TNONE) {
		snprintf(out, size, "nothing");
	} else {
		snprintf(out, size, "a %s", luaL_typename(L, idx));
	}
}

/* Sentences in s: boundaries are ". ", "! " or "? " (after an optional
 * closing quote) before a capital letter or an opening quote. */
static size_t sentences(const char *s)
{
	size_t n = 1;
	for (const char *p = s; *p; p++) {
		if (*p != '.' && *p != '!' && *p != '?')
			continue;
		const char *q = p + 1;
		while (*q == '"' || *q == '\'' || *q == ')')
			q++;
		if (strncmp(q, "\xe2\x80\x9d", 3) == 0)     /* closing curly quote */
			q += 3;
		if (*q != ' ')
			continue;
		while (*q == ' ')
			q++;
		if (isupper((unsigned char)*q) || *q == '"' || strncmp(q, "\xe2\x80\x9c", 3) == 0)
			n++;
	}
	return n;
}

static int date_ok(const char *s)
{
	/* YYYY, YYYY-MM or YYYY-MM-DD: how precisely the copy dates itself. */
	size_t n = strlen(s);
	if (n != 4 && n != 7 && n != 10)
		return 0;
	for (size_t i = 0; i < n; i++)
		if ((i == 4 || i == 7) ? s[i] != '-' : !isdigit((unsigned char)s[i]))
			return 0;
	if (n >= 7 && (s[5] > '1' || (s[5] == '1' && s[6] > '2') || (s[5] == '0' && s[6] == '0')))
		return 0;
	if (n == 10 && (s[8] > '3' || (s[8] == '0' && s[9] == '0') || (s[8] == '3' && s[9] > '1')))
		return 0;
	return 1;
}

static int key_ok(const char *s)
{
	if (!*s)
		return 0;
	for (; *s; s++)
		if (!isalnum((unsigned char)*s) && *s != '-' && *s != '_' && *s != '.')
			return 0;
	return 1;
}

static int cmp_quotes(const void *a, const void *b)
{
	return strcmp(((const rl_quote *)a)->key, ((const rl_quote *)b)->key);
}

static char *opt_str(lua_State *L, int t, const char *field, int required, char **what)
{
	lua_getfield(L, t, field);
	if (lua_isnil(L, -1) && !required) {
		lua_pop(L, 1);
		return NULL;
	}
	if (lua_type(L, -1) != LUA_TSTRING || lua_rawlen(L, -1) == 0) {
		char found[100];
		describe(L, -1, found, sizeof found);
		*what = rl_fmt("expected %s to be a non-empty string, found %s", field, found);
		lua_pop(L, 1);
		return NULL;
	}
	char *s = rl_xstrdup(lua_tostring(L, -1));
	lua_pop(L, 1);
	return s;
}

int rl_source_read(lua_State *L, int t, const char *id, rl_source *out, char **what)
{
	memset(out, 0, sizeof *out);
	*what = NULL;
	t = lua_absindex(L, t);
	char found[100];
	lua_pushnil(L);
	while (lua_next(L, t)) {
		lua_pop(L, 1);
		int ok = lua_type(L, -1) == LUA_TSTRING;
		for (size_t i = 0; ok && source_fields[i]; i++)
			if (strcmp(lua_tostring(L, -1), source_fields[i]) == 0)
				ok = 2;
		if (ok != 2) {
			describe(L, -1, found, sizeof found);
			*what = rl_fmt("expected a field of source (title, outlet, date, url, "
			               "quotes, note, name), found %s", found);
			lua_pop(L, 1);
			return -1;
		}
	}
	if (!key_ok(id) || strchr(id, '#')) {
		*what = rl_fmt("expected a source id of letters, digits, '-', '_' and '.', "
		               "found '%s'", id);
		return -1;
	}
	out->id = rl_xstrdup(id);
	if (!(out->title = opt_str(L, t, "title", 1, what)) ||
	    !(out->outlet = opt_str(L, t, "outlet", 1, what)) ||
	    !(out->date = opt_str(L, t, "date", 1, what)))
		goto fail;
	if (!date_ok(out->date)) {
		*what = rl_fmt("expected date to be YYYY-MM-DD, YYYY-MM or YYYY, found '%s'",
		               out->date);
		goto fail;
	}
	out->url = opt_str(L, t, "url", 0, what);
	if (*what)
		goto fail;
	if (out->url && strncmp(out->url, "https://", 8) != 0 &&
	    strncmp(out->url, "http://", 7) != 0) {
		*what = rl_fmt("expected url to start with https:// or http://, found '%s'",
		               out->url);
		goto fail;
	}
	out->note = opt_str(L, t, "note", 0, what);
	if (*what)
		goto fail;
	lua_getfield(L, t, "quotes");
	if (!lua_isnil(L, -1)) {
		if (lua_type(L, -1) != LUA_TTABLE) {
			describe(L, -1, found, sizeof found);
			*what = rl_fmt("expected quotes to be a table of name = passage, found %s",
			               found);
			lua_pop(L, 1);
			goto fail;
		}
		int q = lua_gettop(L);
		lua_pushnil(L);
		while (lua_next(L, q)) {
			char key[32];
			const char *k;
			if (lua_type(L, -2) == LUA_TNUMBER && lua_isinteger(L, -2)) {
				snprintf(key, sizeof key, "%lld", (long long)lua_tointeger(L, -2));
				k = key;
			} else if (lua_type(L, -2) == LUA_TSTRING && key_ok(lua_tostring(L, -2))) {
				k = lua_tostring(L, -2);
			} else {
				describe(L, -2, found, sizeof found);
				*what = rl_fmt("expected quotes to be keyed by names of letters, digits, "
				               "'-', '_' and '.', found %s", found);
				lua_pop(L, 3);
				goto fail;
			}
			if (lua_type(L, -1) != LUA_TSTRING || lua_rawlen(L, -1) == 0) {
				describe(L, -1, found, sizeof found);
				*what = rl_fmt("expected quotes.%s to be a passage (a string), found %s",
				               k, found);
				lua_pop(L, 3);
				goto fail;
			}
			if (sentences(lua_tostring(L, -1)) > 2) {
				*what = rl_fmt("expected quotes.%s to be at most two sentences, found %zu",
				               k, sentences(lua_tostring(L, -1)));
				lua_pop(L, 3);
				goto fail;
			}
			out->quotes = rl_xrealloc(out->quotes, out->nquotes + 1, sizeof *out->quotes);
			out->quotes[out->nquotes].key = rl_xstrdup(k);
			out->quotes[out->nquotes++].text = rl_xstrdup(lua_tostring(L, -1));
			lua_pop(L, 1);
		}
		if (out->nquotes > 1)
			qsort(out->quotes, out->nquotes, sizeof *out->quotes, cmp_quotes);
	}
	lua_pop(L, 1);
	return 0;
fail:
	rl_source_free(out);
	return -1;
}

void rl_source_free(rl_source *s)
{
	if (!s)
		return;
	free(s->id), free(s->title), free(s->outlet), free(s->date), free(s->url);
	free(s->note), free(s->file);
	for (size_t i = 0; i < s->nquotes; i++)
		free(s->quotes[i].key), free(s->quotes[i].text);
	free(s->quotes);
	memset(s, 0, sizeof *s);
}

static char *dup0(const char *s) { return s ? rl_xstrdup(s) : NULL; }

void rl_source_copy(rl_source *dst, const rl_source *s, const char *key)
{
	memset(dst, 0, sizeof *dst);
	dst->id = dup0(s->id), dst->title = dup0(s->title), dst->outlet = dup0(s->outlet);
	dst->date = dup0(s->date), dst->url = dup0(s->url), dst->note = dup0(s->note);
	dst->file = dup0(s->file);
	dst->line = s->line;
	dst->quotes = rl_xcalloc(s->nquotes ? s->nquotes : 1, sizeof *dst->quotes);
	for (size_t i = 0; i < s->nquotes; i++)
		if (!key || strcmp(key, s->quotes[i].key) == 0) {
			dst->quotes[dst->nquotes].key = rl_xstrdup(s->quotes[i].key);
			dst->quotes[dst->nquotes++].text = rl_xstrdup(s->quotes[i].text);
		}
}

static int cite_is_text(const char *cite)
{
	return strpbrk(cite, " \t\n") != NULL;
}

static const rl_source *find(const rl_source *v, size_t n, const char *id, size_t len)
{
	for (size_t i = 0; i < n; i++)
		if (strlen(v[i].id) == len && strncmp(v[i].id, id, len) == 0)
			return &v[i];
	return NULL;
}

static void nearest(const rl_source *v, size_t n, const char *id, const char **best,
                    size_t *bestd)
{
	for (size_t i = 0; i < n; i++) {
		size_t d = rl_edit_distance(id, v[i].id);
		if (d < *bestd)
			*bestd = d, *best = v[i].id;
	}
}

int rl_sources_cite(const rl_source *a, size_t na, const rl_source *b, size_t nb,
                    const char *cite, const rl_source **src, const rl_quote **quote,
                    char **what)
{
	if (cite_is_text(cite))
		return 0;
	const char *hash = strchr(cite, '#');
	size_t len = hash ? (size_t)(hash - cite) : strlen(cite);
	const rl_source *s = find(a, na, cite, len);
	if (!s)
		s = find(b, nb, cite, len);
	if (!s) {
		char *id = rl_xstrndup(cite, len);
		const char *best = NULL;
		size_t bestd = (size_t)-1;
		nearest(a, na, id, &best, &bestd);
		nearest(b, nb, id, &best, &bestd);
		if (best)
			*what = rl_fmt("expected a source id (a `source` entity), found '%s' "
			               "(did you mean '%s'?)", cite, best);
		else
			*what = rl_fmt("expected a source id (a `source` entity), found '%s' "
			               "and no source defined", cite);
		free(id);
		return -1;
	}
	*src = s;
	*quote = NULL;
	if (!hash)
		return 1;
	const char *key = hash + 1, *best = NULL;
	size_t bestd = (size_t)-1;
	for (size_t i = 0; i < s->nquotes; i++) {
		if (strcmp(s->quotes[i].key, key) == 0) {
			*quote = &s->quotes[i];
			return 1;
		}
		size_t d = rl_edit_distance(key, s->quotes[i].key);
		if (d < bestd)
			bestd = d, best = s->quotes[i].key;
	}
	if (best)
		*what = rl_fmt("expected a quote of source %s, found '%s' (did you mean '%s#%s'?)",
		               s->id, cite, s->id, best);
	else
		*what = rl_fmt("expected a quote of source %s, found '%s' and the source has "
		               "no quotes", s->id, cite);
	return -1;
}

void rl_source_label(const rl_source *s, rl_buf *b)
{
	rl_buf_printf(b, "%s, \"%s\", %s", s->outlet, s->title, s->date);
}
