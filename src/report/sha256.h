/* SPDX-License-Identifier: GPL-2.0-only */
/* SHA-256 (FIPS 180-4), for the scenario digest a report carries so that a baseline can
 * be traced to the exact file it was made from. Written here rather than taken from a
 * crypto library: it is one hash of a small file, and the project then needs no extra
 * dependency. Tested against the FIPS 180-2 examples (tests/unit/test_sha256.c). */
#ifndef VGICSIM_REPORT_SHA256_H
#define VGICSIM_REPORT_SHA256_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum { SHA256_DIGEST_BYTES = 32, SHA256_HEX_CHARS = 64 };

struct sha256 {
    uint32_t h[8];
    uint64_t length;             /* bytes hashed so far */
    uint8_t block[64];
    size_t used;                 /* bytes waiting in block */
};

void sha256_init(struct sha256 *c);
void sha256_update(struct sha256 *c, const void *data, size_t len);
void sha256_final(struct sha256 *c, uint8_t digest[SHA256_DIGEST_BYTES]);
/* Digest as 64 lowercase hex digits and a NUL. */
void sha256_hex(const uint8_t digest[SHA256_DIGEST_BYTES], char hex[SHA256_HEX_CHARS + 1]);

/* Hashes a regular file's bytes into hex. Returns false (errno set; EINVAL when `path`
 * is not a regular file, whose bytes a second read would not give again) on failure. */
bool sha256_file_hex(const char *path, char hex[SHA256_HEX_CHARS + 1]);

#endif
