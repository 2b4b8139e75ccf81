/*
 * util.h - small helpers shared by every engine module: owned error
 * strings, a growable byte buffer, overflow-checked allocation, a string
 * intern pool, ISO 8601 dates and JSON string literals.
 */
#ifndef RL_UTIL_H
#define RL_UTIL_H

#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdint.h>
#include <sys/types.h>

#if defined(__GNUC__)
#define RL_PRINTF(f, a) __attribute__((format(printf, f, a)))
#else
#define RL_PRINTF(f, a)
#endif

/* Allocation that aborts on exhaustion of the C heap (the Lua heap has its
 * own cap; running out of C heap is not a recoverable input error). */
void *rl_xmalloc(size_t n);
void *rl_xcalloc(size_t n, size_t size);
void *rl_xrealloc(void *p, size_t n, size_t size);
#define RL_LARGE_BYTES ((size_t)8 << 20)
/* n bytes for a large table: from 8 MiB on, in whole 2 MiB pages marked
 * for transparent huge pages, so that filling it faults once per 2 MiB, not
 * once per 4 KiB.  Freed with free(); rl_xrealloc may grow it. */
void *rl_xmalloc_large(size_t n);
char *rl_xstrdup(const char *s);
char *rl_xstrndup(const char *s, size_t n);

/* A newly allocated, formatted string (the caller frees it). */
char *rl_fmt(const char *fmt, ...) RL_PRINTF(1, 2);
char *rl_vfmt(const char *fmt, va_list ap);
/* The err rule of redline.h, for every function taking `char **err`: on
 * failure only, *err gets a message from malloc() (a message already there
 * is freed and replaced); err may be NULL.  rl_seterr sets a formatted
 * message; rl_seterr_take sets msg, which it takes over (freeing it when err
 * is NULL; msg NULL leaves *err as it is). */
void rl_seterr(char **err, const char *fmt, ...) RL_PRINTF(2, 3);
void rl_seterr_take(char **err, char *msg);

/* A growable byte buffer, always NUL-terminated. */
typedef struct rl_buf {
	char *data;
	size_t len, cap;
} rl_buf;
void rl_buf_add(rl_buf *b, const char *s, size_t n);
void rl_buf_puts(rl_buf *b, const char *s);
void rl_buf_putc(rl_buf *b, char c);
void rl_buf_printf(rl_buf *b, const char *fmt, ...) RL_PRINTF(2, 3);
void rl_buf_free(rl_buf *b);
/* Hands the contents over (the caller frees them) and resets the buffer. */
char *rl_buf_take(rl_buf *b);

/* Reads a whole file: a regular file of at most RL_MAX_FILE_BYTES (a FIFO
 * or a device is refused without blocking); NULL with *err set on failure. */
char *rl_read_file(const char *path, size_t *len, char **err);
/* The same with another limit than RL_MAX_FILE_BYTES (a batch's rows). */
char *rl_read_file_max(const char *path, size_t max, size_t *len, char **err);
/* Which of a few bytes occur in a file, found as it is read. */
typedef struct rl_read_probe {
	const char *bytes;      /* the bytes looked for (at most 8; NUL may be one) */
	size_t n;
	unsigned seen;          /* out: bit i set when bytes[i] occurs */
} rl_read_probe;
/* The same, a large file read by up to jobs threads at once, each looking
 * through the range it read for probe's bytes (probe may be NULL). */
char *rl_read_file_jobs(const char *path, size_t max, int jobs, rl_read_probe *probe,
                        size_t *len, char **err);
/* Which of probe's bytes the n bytes at data hold (bit i: bytes[i]). */
unsigned rl_read_probe_bytes(const rl_read_probe *probe, const char *data, size_t n);
/* Reads n bytes at off of fd into to, whatever pread returns at a time:
 * how many it read (fewer only at the end of the file), or -1. */
ssize_t rl_pread_full(int fd, char *to, size_t n, off_t off);
/* Opens a regular file for reading (max bytes; 0: any size), without
 * blocking on a FIFO; NULL with *err set ("path:0: expected ..."). */
FILE *rl_open_regular(const char *path, size_t max, char **err);

/* Interned strings: equal strings have one address for the pool's life. */
/* A hash of n bytes, eight at a time (the intern pool, the rows' cell
 * index, the results database's patterns and texts: stored there, so it
 * must not change). */
uint64_t rl_hash_bytes(const void *data, size_t n);

typedef struct rl_pool rl_pool;
rl_pool *rl_pool_new(void);
void rl_pool_free(rl_pool *p);
const char *rl_pool_intern(rl_pool *p, const char *s, size_t n);
/* The interned copy of s, or NULL when s was never interned. */
const char *rl_pool_find(const rl_pool *p, const char *s, size_t n);

/* Dates: "YYYY-MM-DD" <-> days since 1970-01-01.  Returns 0 on success,
 * -1 when the text is not a valid calendar date. */
int rl_date_parse(const char *s, int32_t *days);
/* Writes "YYYY-MM-DD" into out (at least 11 bytes). */
void rl_date_format(int32_t days, char out[11]);

/* Edit distance, for "did you mean" suggestions. */
size_t rl_edit_distance(const char *a, const char *b);
/* The name of names[0..n) nearest to name by edit distance (the first of
 * equals), or NULL when n is 0. */
const char *rl_nearest(const char *name, const char *const *names, size_t n);

/* Numbers in the fixed format used by every writer: the shortest of
 * %.15g/%.16g/%.17g that reads back exactly; integers without exponent. */
void rl_format_number(double x, char out[32]);
/* Appends s as a JSON string literal (quoted, escaped; invalid UTF-8 bytes
 * become U+FFFD) to b, or null when s is NULL. */
void rl_json_string(rl_buf *b, const char *s);

#endif
