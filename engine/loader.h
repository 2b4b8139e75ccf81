/*
 * loader.h - running scenario and rule files in the sandbox and turning
 * what their constructors declare into C: an rl_model for a scenario, an
 * rl_rules for rule packs.  Every bad input ends here as one message
 * "file:line: what was expected, what was found".
 */
#ifndef RL_LOADER_H
#define RL_LOADER_H

#include "model.h"
#include "redline/redline.h"
#include "rules.h"
#include "sandbox.h"

/* Loads a scenario file (.lua or .json).  RL_OK, or RL_EINPUT (bad input)
 * / RL_EEVAL (a limit hit while running it) with *err set. */
rl_status rl_load_scenario(const rl_limits *limits, const char *path,
                           rl_model **out, char **err);

/* Files that rule packs include(): read once per engine, so every Lua
 * state runs the same text and the manifest names each file once. */
typedef struct rl_include_file {
	char *path;             /* as displayed: relative to the including file */
	char *real;             /* the key */
	char *text;
	size_t len;
	char sha256[65];
	char *code;             /* the text compiled (rl_sandbox_dump), or NULL */
	size_t code_len;
} rl_include_file;

typedef struct rl_include_files {
	rl_include_file *v;
	size_t n;
} rl_include_files;

void rl_include_files_free(rl_include_files *s);

/* Runs one rule file (its text already read) in sb, appending what it
 * declares to `into`.  The checks and applies functions are kept as
 * registry references of sb's state.  fileseq orders files.  An include
 * is looked up in `have`; one not there is read from disk and added to
 * `fill`, or, with fill NULL (an evaluator's state), is an error.
 * Compiling is done once per engine: code (code_len bytes), if not NULL,
 * is the file's text as another state compiled it, run instead of the
 * text; dump, if not NULL, receives the chunk compiled here (*dump_len
 * bytes; NULL if it could not be kept), and the includes added to fill
 * keep theirs. */
rl_status rl_load_rules(rl_sandbox *sb, const char *path, const char *text,
                        size_t len, const char *code, size_t code_len, char **dump,
                        size_t *dump_len, int fileseq, rl_rules *into,
                        rl_include_files *fill, const rl_include_files *have, char **err);
/* Helpers shared with the batch loader. */
/* Converts the Lua value at idx into v for field fd; 0, or -1 with a
 * message "expected ..., found ..." (no location) in *what. */
int rl_loader_convert(lua_State *L, int idx, const rl_field_def *fd,
                      rl_model *m, rl_value *v, char **what);
/* Describes the Lua value at idx for messages ("a number (3)"). */
void rl_loader_describe(lua_State *L, int idx, char *out, size_t size);

#endif
