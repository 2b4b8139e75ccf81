/* engine.h - the struct behind rl_engine: limits, rule files, rule model. */
#ifndef RL_ENGINE_H
#define RL_ENGINE_H

#include "loader.h"
#include "manifest.h"
#include "redline/redline.h"
#include "rules.h"
#include "sandbox.h"
#include "world.h"

typedef struct rl_rule_file {
	char *path, *real, *text;
	size_t len;
	char *code;             /* the text compiled once (rl_load_rules), or NULL */
	size_t code_len;
} rl_rule_file;

struct rl_engine {
	rl_limits limits;
	rl_rules rules;
	rl_rule_file *files;
	size_t nfiles;
	rl_include_files includes;    /* what the packs include(), read once */
	int sealed;
	rl_sandbox *sb;         /* while loading only */
	rl_check_ctx ctx;       /* the loading state's (never runs checks) */
};

/* Adds every rule file the engine loaded, in load order, and every file
 * they included to a manifest; e may be NULL. */
void rl_engine_manifest(const rl_engine *e, rl_manifest *m);

#endif
