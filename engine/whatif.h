/*
 * whatif.h - what would it take: from a batch's variants, the designs
 * nearest to compliance and the conflicts between contracts.
 *
 * A binding clause is satisfied by a variant when its verdict is compliant
 * or not_applicable (a reading: when the reading's verdict is).  A conflict
 * is a pair of binding clauses that some variant satisfies each of, but no
 * variant satisfies both: the contracts leave no way out within the batch.
 * Where the clause verdicts alone show no conflict, pairs of readings are
 * checked the same way (a clause contested everywhere may still conflict
 * under one reading).  Each conflict has a witness variant for each side
 * (chosen to differ in as few axes as possible) and the axes along which
 * the witnesses differ.
 *
 * The nearest designs are the variants whose scenario verdict is compliant
 * (or not_applicable) changing the fewest axes from the base scenario; when
 * none is, the variants fewest binding clauses short of it, with the
 * clauses (and readings) that block each.
 *
 * Variants are fed in index order, so the result is the same for any
 * number of workers and for a merge of shards.
 */
#ifndef RL_WHATIF_H
#define RL_WHATIF_H

#include <stdio.h>

#include "batch.h"
#include "util.h"

typedef struct rl_whatif rl_whatif;

rl_whatif *rl_whatif_new(const rl_engine *e, rl_batch *b);
void rl_whatif_free(rl_whatif *w);
/* Variant i: verdicts of the scenario's clauses (engine order, as a batch
 * line lists them) and every reading's verdict by slot (rl_verdicts.slot). */
void rl_whatif_feed(rl_whatif *w, unsigned long long i, const unsigned char *verdicts,
                    const unsigned char *readings);
/* A block of a batch's variants as a worker digests them for the whatif,
 * so that the writer thread goes through its distinct patterns and its
 * nearest designs only, not through every variant: feeding the block
 * (rl_whatif_feed_block) is the same as feeding its variants one by one,
 * in order.  w is only read while blocks are digested. */
typedef struct rl_whatif_block rl_whatif_block;
rl_whatif_block *rl_whatif_block_new(const rl_whatif *w);
void rl_whatif_block_free(rl_whatif_block *wb);
/* Empties the block for its next variants. */
void rl_whatif_block_reset(rl_whatif_block *wb);
/* Variant i, as rl_whatif_feed takes it, with its choices (pick, draw). */
void rl_whatif_block_add(rl_whatif_block *wb, const rl_whatif *w, unsigned long long i,
                         const unsigned char *verdicts, const unsigned char *readings,
                         const size_t *pick, const double *draw);
void rl_whatif_feed_block(rl_whatif *w, const rl_whatif_block *wb);
/* An rl_batch_options.observe callback (ctx: the rl_whatif). */
void rl_whatif_observe(void *ctx, unsigned long long i, const unsigned char *verdicts,
                       const unsigned char *readings);
/* How many distinct satisfaction patterns have been fed (each kept with
 * the first variant that showed it). */
size_t rl_whatif_patterns(const rl_whatif *w);
/* Works out the conflicts once every variant is fed; their number. */
size_t rl_whatif_finish(rl_whatif *w);
/* The readable text (conflicts; with nearest, the nearest designs too). */
void rl_whatif_text(const rl_whatif *w, FILE *f, int nearest);
/* The JSON object {"nearest": ..., "conflicts": ..., "unsatisfiable": ...}
 * (indent: the object's own indentation). */
void rl_whatif_json(const rl_whatif *w, rl_buf *o, const char *indent);
/* Just the conflicts and unsatisfiable clauses, as members of an object
 * (",\n  \"conflicts\": [...]" and so on). */
void rl_whatif_conflicts_json(const rl_whatif *w, rl_buf *o, const char *indent);

#endif
