/*
 * sources.h - the articles and documents rule packs and scenarios cite.
 *
 *   source "ft-2026-03-18" {
 *     title = "...", outlet = "Financial Times", date = "2026-03-18",
 *     url = "https://...",                 -- when known
 *     quotes = { api_clause = "The clause requires ...", ... },
 *   }
 *
 * A citation (`source = "..."` or an item of `sources = { ... }` on a
 * contract, clause, reading, exception or fact) is one of
 *   "ID"          the source as a whole,
 *   "ID#QUOTE"    one passage of it (the bundled packs always name one),
 *   free text     anything holding a space: a citation the tool cannot
 *                 check ("letter of 3 March, p. 2"), shown as written.
 * A citation without a space that names no source (a file name, a typo)
 * is bad input naming the nearest source id.
 */
#ifndef RL_SOURCES_H
#define RL_SOURCES_H

#include <stddef.h>

#include <lua.h>

#include "util.h"

typedef struct rl_quote {
	char *key;
	char *text;             /* at most two sentences */
} rl_quote;

typedef struct rl_source {
	char *id, *title, *outlet, *date, *url, *note, *file;
	int line;
	rl_quote *quotes;       /* sorted by key */
	size_t nquotes;
} rl_source;

/* Reads the fields table at index t of `source "id"`.  0, or -1 with
 * *what set to "expected ..., found ..." (no location). */
int rl_source_read(lua_State *L, int t, const char *id, rl_source *out, char **what);
void rl_source_free(rl_source *s);
/* Copies s, keeping only quote `key` (or every quote when key is NULL). */
void rl_source_copy(rl_source *dst, const rl_source *s, const char *key);

/* Resolves cite against two lists of sources (a first; b may be NULL).
 * Returns 1 with *src (and *quote, NULL for the whole source) set; 0 for
 * free text; -1 with *what set ("expected a source id ..., found ...
 * (did you mean ...?)") when it names no source or no quote of it. */
int rl_sources_cite(const rl_source *a, size_t na, const rl_source *b, size_t nb,
                    const char *cite, const rl_source **src, const rl_quote **quote,
                    char **what);

/* "Financial Times, \"Title\", 2026-03-18" into b. */
void rl_source_label(const rl_source *s, rl_buf *b);

#endif
