/*
 * manifest.h - provenance: the redline version, the command line,
 * every input file with its SHA-256, the batch seed and, for batch runs
 * only, when and where it ran.  Outputs hold what the inputs determine;
 * everything that differs run to run goes in the manifest, so two runs
 * agree byte for byte outside it.
 */
#ifndef RL_MANIFEST_H
#define RL_MANIFEST_H

#include <stddef.h>

#include "redline/redline.h"
#include "sha256.h"
#include "util.h"

typedef struct rl_manifest_file {
	char *role;             /* "rules", "scenario", "batch" or "include" */
	char *path;             /* as given (relative paths stay relative) */
	char sha256[65];        /* lowercase hex */
} rl_manifest_file;

typedef struct rl_manifest {
	char **command;
	size_t ncommand;
	rl_manifest_file *files;
	size_t nfiles;
	int has_seed;
	unsigned long long seed;
	int timed;              /* batch runs: started, host (and elapsed_s) */
	char started[32];       /* "YYYY-MM-DDTHH:MM:SSZ" */
	char host[256];
	double t0, elapsed;
	int has_elapsed;
} rl_manifest;

rl_manifest *rl_manifest_new(void);
void rl_manifest_free(rl_manifest *m);
rl_manifest *rl_manifest_copy(const rl_manifest *m);
void rl_manifest_set_command(rl_manifest *m, int argc, const char *const *argv);
/* Adds a file (its digest already known); a (role, path) already there is
 * kept once. */
void rl_manifest_add_hashed(rl_manifest *m, const char *role, const char *path,
                            const char *sha256);
/* Hashes data and adds it. */
void rl_manifest_add_data(rl_manifest *m, const char *role, const char *path,
                          const void *data, size_t len);
/* The files of a rule pack and of a scenario are added by their owners:
 * rl_engine_manifest (engine.h), rl_scenario_manifest (eval.h). */
/* Reads the file at path and adds it (0), or -1 when it cannot be read. */
int rl_manifest_add_path(rl_manifest *m, const char *role, const char *path);
void rl_manifest_set_seed(rl_manifest *m, unsigned long long seed);
/* Batch runs: records the start time (UTC) and the host name. */
void rl_manifest_start(rl_manifest *m);
/* Batch runs: records the seconds since rl_manifest_start. */
void rl_manifest_stop(rl_manifest *m);
/* Appends the manifest as one JSON object, keys in a fixed order:
 * redline, command, files, seed, then started, elapsed_s, host when timed
 * (elapsed_s only once stopped). */
void rl_manifest_json(const rl_manifest *m, rl_buf *out);
/* Reads the manifest of a batch output: its first line {"manifest":{...}}.
 * RL_OK with *out NULL when the first line is not a manifest; RL_EINPUT
 * with "path:1: ..." when it is half-written or not one. */
rl_status rl_manifest_read(const char *path, rl_manifest **out, char **err);

#endif
