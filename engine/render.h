/*
 * render.h - running a report renderer: a Lua module (reports/FORMAT.lua or
 * a user's --template) that turns the JSON report of a check, or a batch's
 * summary and streamed JSON Lines, into Markdown, CSV, HTML, ...
 *
 * The public entry points are rl_report_render and rl_results_render
 * (redline.h).  A renderer runs in a fresh sandbox (the allow-listed
 * globals rule files see, json included) under the engine's memory cap and
 * one instruction budget for the whole rendering.  Its document is built
 * by decoding JSON inside the sandbox: the writers of -f json and of the
 * batch summary are the only schema.  Batch lines are read and decoded
 * one at a time in C as the renderer iterates, so memory stays bounded
 * whatever the number of variants; each line read for the first time adds
 * RL_RENDER_LINE_ALLOWANCE instructions to the budget.
 */
#ifndef RL_RENDER_H
#define RL_RENDER_H

#include "redline/redline.h"

#define RL_RENDER_LINE_ALLOWANCE 100000LL

#endif
