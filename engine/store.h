/*
 * store.h - batch results in SQLite (`redline batch --db FILE`).
 *
 * One concern: writing variants to a database.  The batch writer thread
 * hands over each block of variants, in index order, and each block is one
 * transaction (WAL journal): a run killed at any moment leaves a database
 * whose committed transactions hold whole variants, and --resume continues
 * after the highest complete index.  Schema: docs/sqlite.md (layout 2: one
 * row per variant, each distinct set of findings stored once; the
 * documented tables are views).  A store is used by one thread at a time.
 */
#ifndef RL_STORE_H
#define RL_STORE_H

#include <stddef.h>

#include "batch.h"
#include "manifest.h"
#include "results.h"
#include "redline/redline.h"

typedef struct rl_store rl_store;

/* Opens (resume) or creates (otherwise, replacing any file there) the
 * database for batch b, and records the manifest (a resumed database keeps
 * its first).  RL_OK, or RL_EINPUT with *err ("path:0: expected ...") when
 * the file is not a database of this batch or cannot be written. */
rl_status rl_store_open(const char *path, int resume, const rl_engine *e,
                        const rl_batch *b, const rl_manifest *m, rl_store **out,
                        char **err);
/* The identity of the run that made the database, as JSON for
 * rl_manifest_identity_json ({"files": [...], "seed": ...}); NULL when it
 * has none.  Owned. */
char *rl_store_manifest_json(rl_store *s);
/* Closes the database (a checkpoint folds the WAL into the file). */
void rl_store_close(rl_store *s);
/* The variant after the highest one the database holds (0 when empty). */
unsigned long long rl_store_next(const rl_store *s);
/* Deletes every variant from `from` on (before a resumed run rewrites
 * them), in one transaction. */
rl_status rl_store_truncate(rl_store *s, unsigned long long from, char **err);

/* One transaction around any number of rl_store_put calls (the batch
 * writer's: one per block of variants, straight from their verdicts).  A
 * variant's values are typed (docs/sqlite.md); a reading named only by its
 * position takes its name from e's rule packs. */
rl_status rl_store_begin(rl_store *s, char **err);
rl_status rl_store_put(rl_store *s, const rl_result *v, char **err);
rl_status rl_store_commit(rl_store *s, char **err);
void rl_store_rollback(rl_store *s);

/* Batch output lines (JSON Lines, as written to -o), decoded by
 * results.c and stored in one transaction; a line that does not decode
 * rolls the whole text back. */
rl_status rl_store_put_lines(rl_store *s, const char *text, size_t len, char **err);

/* Records what only the end of a run knows (elapsed_s). */
rl_status rl_store_finish(rl_store *s, rl_manifest *m, char **err);

#endif
