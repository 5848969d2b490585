/* SPDX-License-Identifier: GPL-2.0-only */
/* Unit tests of the escaping of user text (src/util/escape.h, issue 19): what is kept,
 * what is escaped and how, both modes, the short form's limit, and diagnostics. */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "test_support.h"
#include "util/diag.h"
#include "util/escape.h"

static void expect(const char *in, size_t len, enum esc_mode mode, const char *want)
{
    char *got = esc_dup(in, len, mode);
    ck_assert_msg(strcmp(got, want) == 0, "escaping gave '%s', expected '%s'", got, want);
    ck_assert(esc_needed(in, len, mode) == (strcmp(in, want) != 0 || strlen(in) != len));
    free(got);
}
#define EXPECT(in, mode, want) expect((in), sizeof(in) - 1, (mode), (want))

START_TEST(test_plain_text_kept)
{
    EXPECT("GICD_CTLR", ESC_VALUE, "GICD_CTLR");
    EXPECT("", ESC_VALUE, "");
    EXPECT("a b ~'!", ESC_VALUE, "a b ~'!");
    /* Printable UTF-8 reads as written: accents, CJK, emoji. */
    EXPECT("caf\xc3\xa9 \xe4\xb8\xad \xf0\x9f\x98\x80", ESC_VALUE,
           "caf\xc3\xa9 \xe4\xb8\xad \xf0\x9f\x98\x80");
}
END_TEST

START_TEST(test_controls_escaped)
{
    EXPECT("a\nb", ESC_VALUE, "a\\nb");
    EXPECT("a\tb\rc", ESC_VALUE, "a\\tb\\rc");
    EXPECT("seed\0typo", ESC_VALUE, "seed\\0typo");
    EXPECT("\x1b[31mred\x1b[0m", ESC_VALUE, "\\x1b[31mred\\x1b[0m");
    EXPECT("\x07\x7f\x01", ESC_VALUE, "\\x07\\x7f\\x01");
    /* A newline cannot forge a located error line. */
    EXPECT("x\nt.yaml:1:1: error: forged", ESC_VALUE, "x\\nt.yaml:1:1: error: forged");
}
END_TEST

START_TEST(test_quotes_and_backslash_by_mode)
{
    EXPECT("a\\nb", ESC_VALUE, "a\\\\nb");     /* a backslash and an n: unambiguous */
    EXPECT("say \"hi\"", ESC_VALUE, "say \\\"hi\\\"");
    EXPECT("a\\nb \"q\"\n", ESC_TEXT, "a\\nb \"q\"\\n");
}
END_TEST

START_TEST(test_invalid_utf8_bytes)
{
    EXPECT("\xc3\x28", ESC_VALUE, "\\xc3(");             /* a lead byte without its tail */
    EXPECT("\xc0\xaf", ESC_VALUE, "\\xc0\\xaf");         /* overlong */
    EXPECT("\xed\xa0\x80", ESC_VALUE, "\\xed\\xa0\\x80"); /* a UTF-16 surrogate */
    EXPECT("\xf4\x90\x80\x80", ESC_VALUE, "\\xf4\\x90\\x80\\x80");   /* past U+10FFFF */
    EXPECT("\xe4\xb8", ESC_VALUE, "\\xe4\\xb8");         /* cut short at the end */
    EXPECT("\xff\xfe", ESC_TEXT, "\\xff\\xfe");
}
END_TEST

START_TEST(test_hidden_code_points)
{
    EXPECT("a\xc2\x85" "b", ESC_VALUE, "a\\u0085b");        /* NEL, a YAML line break */
    EXPECT("a\xe2\x80\xa8" "b", ESC_VALUE, "a\\u2028b");    /* LINE SEPARATOR */
    EXPECT("a\xe2\x80\xa9" "b", ESC_VALUE, "a\\u2029b");
    EXPECT("\xe2\x80\xae" "evil", ESC_VALUE, "\\u202eevil");  /* RIGHT-TO-LEFT OVERRIDE */
    EXPECT("\xe2\x81\xa6" "x", ESC_TEXT, "\\u2066x");
    EXPECT("\xc2\x9b" "31m", ESC_VALUE, "\\u009b31m");      /* C1 CSI */
    EXPECT("\xef\xbb\xbf" "x", ESC_VALUE, "\\ufeffx");
    EXPECT("\xc2\xa0", ESC_VALUE, "\xc2\xa0");                /* NO-BREAK SPACE is kept */
}
END_TEST

START_TEST(test_short_form)
{
    char buf[16];
    ck_assert_str_eq(esc_short(buf, sizeof(buf), "abc", SIZE_MAX, ESC_VALUE), "abc");
    ck_assert_str_eq(esc_short(buf, sizeof(buf), "abcdefghijklmnopqrstuvwxyz", SIZE_MAX,
                               ESC_VALUE),
                     "abcdefghijkl...");
    /* An escape is never cut in the middle. */
    ck_assert_str_eq(esc_short(buf, sizeof(buf), "abcdefghij\n\n\n", SIZE_MAX, ESC_VALUE),
                     "abcdefghij\\n...");
    ck_assert_str_eq(esc_short(buf, sizeof(buf), "ab\0cd", 5, ESC_VALUE), "ab\\0cd");
    ck_assert_str_eq(esc_short(buf, sizeof(buf), NULL, SIZE_MAX, ESC_VALUE), "(null)");
    /* Room is kept for "..." while more follows: 12 bytes of 16 always fit whole. */
    ck_assert_str_eq(esc_short(buf, sizeof(buf), "abcdefghijkl", SIZE_MAX, ESC_VALUE),
                     "abcdefghijkl");
    ck_assert_str_eq(ESC("x\ty"), "x\\ty");
    ck_assert_str_eq(ESCN("x\ty", 1), "x");
    ck_assert_str_eq(ESCT("'a\\b'\n"), "'a\\b'\\n");
}
END_TEST

/* Every diagnostic is escaped where it is formatted: the file as a value, the message as
 * text (its values were escaped where it was written). */
START_TEST(test_diagnostics_escaped)
{
    struct diag_list d;
    diag_init(&d);
    diag_add(&d, "a\nb.yaml", 3, 4, "unknown key '%s'", "x\x1b[2J");
    diag_add(&d, "c.yaml", 0, 0, "line one\nc.yaml:1:1: error: forged");
    char *one = diag_format(&d.items[0]), *two = diag_format(&d.items[1]);
    ck_assert_str_eq(one, "a\\nb.yaml:3:4: error: unknown key 'x\\x1b[2J'");
    ck_assert_str_eq(two, "c.yaml: error: line one\\nc.yaml:1:1: error: forged");
    free(one);
    free(two);
    diag_free(&d);
}
END_TEST

static Suite *escape_suite(void)
{
    Suite *s = suite_create("escape");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, test_plain_text_kept);
    tcase_add_test(tc, test_controls_escaped);
    tcase_add_test(tc, test_quotes_and_backslash_by_mode);
    tcase_add_test(tc, test_invalid_utf8_bytes);
    tcase_add_test(tc, test_hidden_code_points);
    tcase_add_test(tc, test_short_form);
    tcase_add_test(tc, test_diagnostics_escaped);
    suite_add_tcase(s, tc);
    return s;
}

int main(void) { return test_run_suite(escape_suite()); }
