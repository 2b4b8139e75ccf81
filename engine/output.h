/*
 * output.h - writing an output file so that a failure leaves the previous
 * one as it was.  A new or regular target is written into a temporary
 * file made with mkstemp beside it (same directory, so the rename is
 * atomic), flushed, synced and renamed over the target only when every
 * write succeeded.  A symbolic link to a regular file is refused (write
 * to its target instead); a FIFO or character device (say /dev/null or a
 * terminal) is written straight, never replaced; anything else is refused.
 */
#ifndef RL_OUTPUT_H
#define RL_OUTPUT_H

#include <stdio.h>

typedef struct rl_out {
	FILE *f;                /* where to write */
	char *path;             /* the target */
	char *tmp;              /* the temporary, or NULL when writing straight */
} rl_out;

/* Opens path for writing.  Returns 0, or -1 with *err set to one line
 * "path:0: expected ..., found ..." (and o->f NULL). */
int rl_out_open(rl_out *o, const char *path, char **err);
/* For a writer that opens its file by name (SQLite): reserves an empty
 * temporary beside a regular or new path (o->tmp, mode 0600; o->f stays
 * NULL), which rl_out_close renames over path.  what names the file in
 * messages ("results database").  Returns 0, or -1 with *err set. */
int rl_out_reserve(rl_out *o, const char *path, const char *what, char **err);
/* Finishes the output.  ok: flush, sync, close and rename, checking each
 * (and the stream's error flag, set by any failed write); on any failure,
 * or without ok, the temporary is removed (a reserved one is renamed or
 * removed alike).  Returns 0, or -1 with *err set when ok was given and
 * something failed.  o->f is NULL after. */
int rl_out_close(rl_out *o, int ok, char **err);
/* Asks the system to start writing to the disk what f holds past *from
 * (a hint: nothing waits for the disk, and a stream that is not a regular
 * file ignores it), so that writing overlaps the work that produces the
 * output instead of all coming at the final sync; *from becomes f's
 * position. */
void rl_out_writeback(FILE *f, long long *from);
/* The message for a failed write to path ("path:0: expected to write the
 * output, found <reason>"), errno giving the reason. */
char *rl_out_error(const char *path, int errnum);

#endif
