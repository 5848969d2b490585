/* SPDX-License-Identifier: GPL-2.0-only */
/* Unit tests of SHA-256 (src/report/sha256.h): the FIPS 180-2 appendix B examples, a
 * message split at every boundary of the padding, and a file. */
#include <check.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "report/sha256.h"
#include "test_support.h"

static void hex_of(const void *data, size_t len, char hex[SHA256_HEX_CHARS + 1])
{
    struct sha256 c;
    sha256_init(&c);
    sha256_update(&c, data, len);
    uint8_t d[SHA256_DIGEST_BYTES];
    sha256_final(&c, d);
    sha256_hex(d, hex);
}

START_TEST(test_fips_examples)
{
    char hex[SHA256_HEX_CHARS + 1];
    hex_of("abc", 3, hex);
    ck_assert_str_eq(hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    const char *two = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
    hex_of(two, strlen(two), hex);
    ck_assert_str_eq(hex, "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
    hex_of("", 0, hex);
    ck_assert_str_eq(hex, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}
END_TEST

/* One million 'a' (FIPS 180-2 B.3), fed in uneven pieces so that block boundaries fall
 * inside updates. */
START_TEST(test_million_a_in_pieces)
{
    static char piece[997];
    memset(piece, 'a', sizeof(piece));
    struct sha256 c;
    sha256_init(&c);
    size_t left = 1000000;
    while (left) {
        size_t n = left < sizeof(piece) ? left : sizeof(piece);
        sha256_update(&c, piece, n);
        left -= n;
    }
    uint8_t d[SHA256_DIGEST_BYTES];
    char hex[SHA256_HEX_CHARS + 1];
    sha256_final(&c, d);
    sha256_hex(d, hex);
    ck_assert_str_eq(hex, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}
END_TEST

/* Messages of 55, 56, 63 and 64 bytes put the padding's length field in the same or the
 * next block; byte-at-a-time updates must give the one-shot digest. */
START_TEST(test_padding_boundaries_and_pieces)
{
    static const size_t lengths[] = {55, 56, 63, 64, 65, 119, 120};
    static const char *const expected[] = {
        /* sha256sum of that many 'x' bytes (coreutils) */
        "d5e285683cd4efc02d021a5c62014694958901005d6f71e89e0989fac77e4072",
        "04c26261370ee7541549d16dee320c723e3fd14671e66a099afe0a377c16888e",
        "75220b47218278e656f2013bb8f0c455a25eaf01e86c64924e9d48d89776d6f2",
        "7ce100971f64e7001e8fe5a51973ecdfe1ced42befe7ee8d5fd6219506b5393c",
        "9537c5fdf120482f7d58d25e9ed583f52c02b4e304ea814db1633ad565aed7e9",
        "000b48d4edf0fa7bee3c6236ecd2785baa5db4eeb8bb54341b029e0d9fa5fb0c",
        "13f05a0b594787f5ecd315edc96141bd3243203d1b7d4f0836f37308b276ba98",
    };
    char msg[128];
    memset(msg, 'x', sizeof(msg));
    for (size_t i = 0; i < sizeof(lengths) / sizeof(lengths[0]); i++) {
        char whole[SHA256_HEX_CHARS + 1], bytes[SHA256_HEX_CHARS + 1];
        hex_of(msg, lengths[i], whole);
        struct sha256 c;
        sha256_init(&c);
        for (size_t k = 0; k < lengths[i]; k++)
            sha256_update(&c, msg + k, 1);
        uint8_t d[SHA256_DIGEST_BYTES];
        sha256_final(&c, d);
        sha256_hex(d, bytes);
        ck_assert_str_eq(whole, expected[i]);
        ck_assert_str_eq(bytes, expected[i]);
    }
}
END_TEST

START_TEST(test_file)
{
    char *path = test_write_temp("abc");
    char hex[SHA256_HEX_CHARS + 1];
    ck_assert(sha256_file_hex(path, hex));
    ck_assert_str_eq(hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    unlink(path);
    free(path);
    errno = 0;
    ck_assert(!sha256_file_hex("/nonexistent/x.yaml", hex));
    ck_assert_int_eq(errno, ENOENT);
    ck_assert(!sha256_file_hex("/dev/null", hex));
    ck_assert_int_eq(errno, EINVAL);
    ck_assert(!sha256_file_hex("/", hex));
}
END_TEST

static Suite *sha256_suite(void)
{
    Suite *s = suite_create("sha256");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, test_fips_examples);
    tcase_add_test(tc, test_million_a_in_pieces);
    tcase_add_test(tc, test_padding_boundaries_and_pieces);
    tcase_add_test(tc, test_file);
    suite_add_tcase(s, tc);
    return s;
}

int main(void) { return test_run_suite(sha256_suite()); }
