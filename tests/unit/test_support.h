/* SPDX-License-Identifier: GPL-2.0-only */
/* Shared plumbing for the Check unit-test programs. */
#ifndef VGICSIM_TEST_SUPPORT_H
#define VGICSIM_TEST_SUPPORT_H

#include <check.h>

/* Runs every test of the suite and returns the process exit status (0 = all passed). */
int test_run_suite(Suite *s);

/* Path of a file under tests/fixtures (static buffer, valid until the next call). */
const char *test_fixture(const char *name);

/* Writes text to a fresh temporary file and returns its path (malloc'd; caller frees
 * and unlinks). The name ends in ".yaml". */
char *test_write_temp(const char *text);

#endif
