/*
 * axis.h - one fact of a scenario named by a batch axis path: date,
 * param.KEY, KIND.ID.FIELD or KIND.ID.attrs.KEY.  Batches vary facts along
 * these paths (batch.c); a scenario derived from another sets them
 * (scenario.c, `set = { [PATH] = VALUE }`) with the same parser and checks.
 */
#ifndef RL_AXIS_H
#define RL_AXIS_H

#include <lua.h>

#include "model.h"

/* Sets the fact PATH of m (scenario: m's scenario entity, for date and
 * param.KEY) to the Lua value at idx, checked as a batch axis value is: a
 * field's type, an id m defines.  0, or -1 with *err "file:line: axis
 * PATH: expected ..., found ...". */
int rl_axis_set_fact(lua_State *L, int idx, rl_model *m, rl_entity *scenario,
                     const char *path, const char *file, int line, char **err);

#endif
