/*
 * sha256.h - SHA-256 digests as hex text, for the manifests' file
 * digests and the model's record of what it read (libcrypto does the
 * hashing).
 */
#ifndef RL_SHA256_H
#define RL_SHA256_H

#include <stddef.h>
#include <stdio.h>

/* SHA-256 of data as 64 lowercase hex digits and a NUL.  0, or -1 (out is
 * then the empty string). */
int rl_sha256_hex(const void *data, size_t len, char out[65]);
/* The same for what is left to read of f, read in chunks (a file of any
 * size, never held whole).  0, or -1 on a read error. */
int rl_sha256_stream(FILE *f, char out[65]);

#endif
