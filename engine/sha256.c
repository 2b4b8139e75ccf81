/* sha256.c - SHA-256 as hex text, through libcrypto's EVP interface. */
#include "sha256.h"

#include <openssl/evp.h>
#include <stdio.h>

static void to_hex(const unsigned char *md, unsigned int n, char out[65])
{
	static const char hex[] = "0123456789abcdef";
	for (unsigned int i = 0; i < n; i++) {
		out[2 * i] = hex[md[i] >> 4];
		out[2 * i + 1] = hex[md[i] & 15];
	}
	out[64] = '\0';
}

int rl_sha256_hex(const void *data, size_t len, char out[65])
{
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int n = 0;
	out[0] = '\0';
	if (!EVP_Digest(data, len, md, &n, EVP_sha256(), NULL) || n != 32)
		return -1;
	to_hex(md, n, out);
	return 0;
}

int rl_sha256_stream(FILE *f, char out[65])
{
	unsigned char md[EVP_MAX_MD_SIZE], chunk[65536];
	unsigned int n = 0;
	size_t got;
	int ok = 1;
	out[0] = '\0';
	EVP_MD_CTX *ctx = EVP_MD_CTX_new();
	if (!ctx || !EVP_DigestInit_ex(ctx, EVP_sha256(), NULL))
		ok = 0;
	while (ok && (got = fread(chunk, 1, sizeof chunk, f)) > 0)
		ok = EVP_DigestUpdate(ctx, chunk, got);
	if (ok && (ferror(f) || !EVP_DigestFinal_ex(ctx, md, &n) || n != 32))
		ok = 0;
	EVP_MD_CTX_free(ctx);
	if (!ok)
		return -1;
	to_hex(md, n, out);
	return 0;
}
