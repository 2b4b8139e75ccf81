/*
 * cli.h - the library as its command line sees it.  redline(1) is a
 * client of libredline: engine/cli.c includes the public interface
 * (redline/redline.h) and this one private header, and nothing else of
 * the engine.  What the commands drive beyond the public interface, and
 * where it is declared:
 *
 *   batch, search, conflicts, merge   batch.h (loading, variants, runs,
 *                                      selections, merging shards),
 *                                      whatif.h (conflicts)
 *   --db, --resume                     store.h (the results database),
 *                                      resume.h (checking a run to resume)
 *   diff                               diff.h
 *   provenance                         manifest.h; the engine's and a
 *                                      scenario's files: engine.h, eval.h
 *   -o                                 output.h (whole or not at all)
 *   check --clause                     report.h (rl_report_keep_clauses)
 *
 * A new command that needs more of the engine adds the header here, not
 * to cli.c; tests/layers.sh holds cli.c to these two includes.
 */
#ifndef RL_CLI_H
#define RL_CLI_H

#include "redline/redline.h"

#include "batch.h"
#include "diff.h"
#include "eval.h"
#include "manifest.h"
#include "output.h"
#include "report.h"
#include "resume.h"
#include "store.h"
#include "util.h"
#include "whatif.h"

#endif
