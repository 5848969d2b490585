/* SPDX-License-Identifier: GPL-2.0-only */
/* Unit tests of the two input/output guards of issue 19: outputs that are an input or
 * another output (src/util/output_paths.h), and inputs that are opened without waiting
 * and read with a limit (src/util/input_file.h). */
#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "test_support.h"
#include "util/input_file.h"
#include "util/output_paths.h"
#include "util/xalloc.h"

/* A fresh folder for each test, removed with everything in it. */
static char dir[64];

static void setup(void)
{
    strcpy(dir, "/tmp/vgicsim-io-XXXXXX");
    ck_assert_ptr_nonnull(mkdtemp(dir));
}

static void teardown(void)
{
    char *cmd = xasprintf("rm -rf '%s'", dir);
    ck_assert_int_eq(system(cmd), 0);
    free(cmd);
}

static char *in_dir(const char *name)
{
    return xasprintf("%s/%s", dir, name);
}

static void touch(const char *path)
{
    FILE *f = fopen(path, "w");
    ck_assert_ptr_nonnull(f);
    fputs("x\n", f);
    fclose(f);
}

static bool check1(const char *input, const char *out1, const char *out2)
{
    const struct io_path in[] = {{input, "the input"}};
    const struct io_path out[] = {{out1, "-o"}, {out2, "--plot"}};
    return output_paths_check("test", in, 1, out, 2);
}

START_TEST(test_output_is_the_input)
{
    char *s = in_dir("s.yaml"), *sym = in_dir("link.yaml"), *hard = in_dir("hard.yaml");
    touch(s);
    ck_assert_int_eq(symlink(s, sym), 0);
    ck_assert_int_eq(link(s, hard), 0);
    char *dotted = xasprintf("%s/./s.yaml", dir);
    char *up = xasprintf("%s/../%s/s.yaml", dir, strrchr(dir, '/') + 1);
    ck_assert(!check1(s, s, NULL));
    ck_assert(!check1(s, dotted, NULL));       /* another spelling */
    ck_assert(!check1(s, up, NULL));
    ck_assert(!check1(s, sym, NULL));         /* a link to it */
    ck_assert(!check1(s, NULL, hard));         /* a hard link: the same inode */
    ck_assert(!check1(sym, NULL, s));
    free(dotted);
    free(up);
    free(s);
    free(sym);
    free(hard);
}
END_TEST

START_TEST(test_two_outputs_one_file)
{
    char *a = in_dir("a.txt"), *b = in_dir("b.txt"), *s = in_dir("s.yaml");
    touch(s);
    /* New files: the same normalised path. */
    char *a2 = xasprintf("%s/./a.txt", dir);
    ck_assert(!check1(s, a, a));
    ck_assert(!check1(s, a, a2));
    ck_assert(check1(s, a, b));
    /* Existing ones: the same inode. */
    touch(a);
    ck_assert(!check1(s, a2, a));
    ck_assert(check1(s, a, b));
    free(a);
    free(a2);
    free(b);
    free(s);
}
END_TEST

START_TEST(test_what_cannot_collide)
{
    char *s = in_dir("s.yaml"), *a = in_dir("a.txt");
    touch(s);
    ck_assert(check1(s, "-", "-"));                  /* standard output twice */
    ck_assert(check1(s, "/dev/null", "/dev/null"));  /* a device is written in place */
    ck_assert(check1("-", a, NULL));                 /* standard input is not a file */
    ck_assert(check1(s, NULL, NULL));
    char *missing = in_dir("missing.yaml");
    ck_assert(check1(missing, a, NULL));             /* its reader reports it */
    free(missing);
    free(s);
    free(a);
}
END_TEST

START_TEST(test_fifo_without_writer)
{
    char *fifo = in_dir("p");
    ck_assert_int_eq(mkfifo(fifo, 0600), 0);
    bool is_pipe = false;
    int fd = input_open(fifo, &is_pipe);     /* returns at once: nobody writes */
    ck_assert_int_ge(fd, 0);
    ck_assert(is_pipe);
    close(fd);
    char *buf, why_buf[64];
    size_t len;
    const char *why;
    ck_assert(!input_read_all(fifo, 1024, &buf, &len, &why, why_buf, sizeof(why_buf)));
    ck_assert_ptr_null(buf);
    ck_assert_str_eq(why, input_empty_why());
    free(fifo);
}
END_TEST

START_TEST(test_read_all_limits)
{
    char *f = in_dir("f.txt");
    touch(f);
    char *buf, why_buf[64];
    size_t len;
    const char *why;
    ck_assert(input_read_all(f, 1024, &buf, &len, &why, why_buf, sizeof(why_buf)));
    ck_assert_uint_eq(len, 2);
    ck_assert_str_eq(buf, "x\n");
    free(buf);
    ck_assert(!input_read_all(f, 1, &buf, &len, &why, why_buf, sizeof(why_buf)));
    ck_assert_str_eq(why, "larger than 1 bytes (the limit)");
    /* An endless device ends at the limit. */
    ck_assert(!input_read_all("/dev/zero", 3 << 20, &buf, &len, &why, why_buf,
                              sizeof(why_buf)));
    ck_assert_str_eq(why, "larger than 3 MiB (the limit)");
    ck_assert(!input_read_all(dir, 1024, &buf, &len, &why, why_buf, sizeof(why_buf)));
    ck_assert_str_eq(why, "it is a folder");
    char *missing = in_dir("none");
    ck_assert(!input_read_all(missing, 1024, &buf, &len, &why, why_buf, sizeof(why_buf)));
    ck_assert_str_eq(why, strerror(ENOENT));
    ck_assert_str_eq(input_strerror(EAGAIN), "it has nothing to read (a terminal or a device "
                                             "that waits for input; vgicsim does not wait)");
    free(missing);
    free(f);
}
END_TEST

static Suite *io_paths_suite(void)
{
    Suite *s = suite_create("io_paths");
    TCase *tc = tcase_create("core");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_output_is_the_input);
    tcase_add_test(tc, test_two_outputs_one_file);
    tcase_add_test(tc, test_what_cannot_collide);
    tcase_add_test(tc, test_fifo_without_writer);
    tcase_add_test(tc, test_read_all_limits);
    suite_add_tcase(s, tc);
    return s;
}

int main(void) { return test_run_suite(io_paths_suite()); }
