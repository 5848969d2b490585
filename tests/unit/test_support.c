/* SPDX-License-Identifier: GPL-2.0-only */
#include "test_support.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int test_run_suite(Suite *s)
{
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}

const char *test_fixture(const char *name)
{
    static char path[4096];
    snprintf(path, sizeof(path), "%s/%s", VGICSIM_FIXTURES, name);
    return path;
}

char *test_write_temp(const char *text)
{
    char tmpl[] = "/tmp/vgicsim-test-XXXXXX.yaml";
    int fd = mkstemps(tmpl, 5);
    if (fd < 0) {
        perror("mkstemps");
        abort();
    }
    size_t len = strlen(text);
    if (write(fd, text, len) != (ssize_t)len) {
        perror("write");
        abort();
    }
    close(fd);
    return strdup(tmpl);
}
