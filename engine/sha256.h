/*
 * sha256.h - SHA-256 digests as hex text, for the manifests' file
 * digests and the model's record of what it read (libcrypto does the
 * hashing).
 */
#ifndef RL_SHA256_H
#define RL_SHA256_H

#include <stddef.h>

/* SHA-256 of data as 64 lowercase hex digits and a NUL.  0, or -1 (out is
 * then the empty string). */
int rl_sha256_hex(const void *data, size_t len, char out[65]);

#endif
