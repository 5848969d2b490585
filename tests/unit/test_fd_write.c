/* SPDX-License-Identifier: GPL-2.0-only */
/* util/fd_write.h: a buffer larger than a pipe holds arrives whole and in order (the
 * writes are partial), and the errors a writer sees are reported with errno: a closed
 * reader (EPIPE), a descriptor that is not open (EBADF). */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "test_support.h"
#include "util/fd_write.h"

enum { BIG = 1 << 20 }; /* 16 times a pipe's default capacity */

struct reader {
    int fd;
    unsigned char *got;
    size_t n;
};

static void *read_everything(void *p)
{
    struct reader *r = p;
    for (;;) {
        ssize_t k = read(r->fd, r->got + r->n, BIG + 1 - r->n);
        if (k <= 0)
            break;
        r->n += (size_t)k;
    }
    return NULL;
}

START_TEST(test_big_buffer_through_a_pipe)
{
    unsigned char *want = malloc(BIG);
    ck_assert_ptr_nonnull(want);
    for (size_t i = 0; i < BIG; i++)
        want[i] = (unsigned char)(i * 131 + (i >> 9));
    int p[2];
    ck_assert_int_eq(pipe(p), 0);
    /* The smallest pipe the kernel gives, so that the writes are surely partial. */
    (void)fcntl(p[1], F_SETPIPE_SZ, 4096);
    struct reader r = {.fd = p[0], .got = malloc(BIG + 1)};
    ck_assert_ptr_nonnull(r.got);
    pthread_t t;
    ck_assert_int_eq(pthread_create(&t, NULL, read_everything, &r), 0);
    ck_assert(fd_write_all(p[1], want, BIG));
    close(p[1]);
    pthread_join(t, NULL);
    close(p[0]);
    ck_assert_uint_eq(r.n, BIG);
    ck_assert(memcmp(r.got, want, BIG) == 0);
    free(r.got);
    free(want);
}
END_TEST

START_TEST(test_closed_reader_is_epipe)
{
    signal(SIGPIPE, SIG_IGN);
    int p[2];
    ck_assert_int_eq(pipe(p), 0);
    close(p[0]);
    errno = 0;
    ck_assert(!fd_write_all(p[1], "x", 1));
    ck_assert_int_eq(errno, EPIPE);
    close(p[1]);
}
END_TEST

START_TEST(test_bad_descriptor_is_ebadf)
{
    int p[2];
    ck_assert_int_eq(pipe(p), 0);
    close(p[0]);
    close(p[1]); /* p[1] names nothing now */
    errno = 0;
    ck_assert(!fd_write_all(p[1], "x", 1));
    ck_assert_int_eq(errno, EBADF);
}
END_TEST

START_TEST(test_nothing_to_write)
{
    ck_assert(fd_write_all(-1, NULL, 0)); /* no write(2) at all */
}
END_TEST

int main(void)
{
    Suite *s = suite_create("fd_write");
    TCase *tc = tcase_create("fd_write");
    tcase_add_test(tc, test_big_buffer_through_a_pipe);
    tcase_add_test(tc, test_closed_reader_is_epipe);
    tcase_add_test(tc, test_bad_descriptor_is_ebadf);
    tcase_add_test(tc, test_nothing_to_write);
    suite_add_tcase(s, tc);
    return test_run_suite(s);
}
