/* SPDX-License-Identifier: GPL-2.0-only */
/* Unit tests of the guest's memory (src/sim/sim_guest_mem.h): never-written memory reads
 * as zeros anywhere below 2^48, writes read back across pages, zeros allocate nothing,
 * and the page budget stops allocation and says so. */
#include <check.h>
#include <stdint.h>
#include <string.h>

#include "sim/sim_guest_mem.h"
#include "test_support.h"

START_TEST(test_unwritten_reads_zero)
{
    struct guest_mem m;
    guest_mem_init(&m);
    uint8_t buf[16];
    memset(buf, 0x55, sizeof(buf));
    ck_assert(guest_mem_read(&m, 0x40000000, buf, sizeof(buf)));
    for (size_t i = 0; i < sizeof(buf); i++)
        ck_assert_uint_eq(buf[i], 0);
    /* The last bytes of the 48-bit space are RAM; one byte past them is not. */
    ck_assert(guest_mem_read(&m, GUEST_MEM_LIMIT - 16, buf, 16));
    ck_assert(!guest_mem_read(&m, GUEST_MEM_LIMIT - 15, buf, 16));
    ck_assert(!guest_mem_read(&m, UINT64_MAX - 3, buf, 8));
    ck_assert_uint_eq(guest_mem_pages(&m), 0);
    guest_mem_free(&m);
}
END_TEST

START_TEST(test_write_reads_back_across_pages)
{
    struct guest_mem m;
    guest_mem_init(&m);
    uint8_t cmd[32], back[40];
    for (size_t i = 0; i < sizeof(cmd); i++)
        cmd[i] = (uint8_t)(i + 1);
    /* A 32-byte command straddling a page boundary: two pages, bytes in order. */
    uint64_t gpa = 0x44000000 + GUEST_MEM_PAGE - 12;
    ck_assert(guest_mem_write(&m, gpa, cmd, sizeof(cmd)));
    ck_assert_uint_eq(guest_mem_pages(&m), 2);
    ck_assert(guest_mem_read(&m, gpa - 4, back, sizeof(back)));
    for (size_t i = 0; i < 4; i++)
        ck_assert_uint_eq(back[i], 0);
    ck_assert_mem_eq(back + 4, cmd, sizeof(cmd));
    for (size_t i = 36; i < sizeof(back); i++)
        ck_assert_uint_eq(back[i], 0);
    /* Overwriting keeps the neighbours. */
    uint8_t b = 0xa1;
    ck_assert(guest_mem_write(&m, gpa + 1, &b, 1));
    ck_assert(guest_mem_read(&m, gpa, back, 3));
    ck_assert_uint_eq(back[0], 1);
    ck_assert_uint_eq(back[1], 0xa1);
    ck_assert_uint_eq(back[2], 3);
    ck_assert(!guest_mem_write(&m, GUEST_MEM_LIMIT - 1, cmd, 2));
    guest_mem_free(&m);
}
END_TEST

START_TEST(test_zeros_allocate_nothing)
{
    struct guest_mem m;
    guest_mem_init(&m);
    uint8_t zeros[64] = {0};
    /* KVM clearing table entries never written: nothing to keep. */
    ck_assert(guest_mem_write(&m, 0x100000000, zeros, sizeof(zeros)));
    ck_assert_uint_eq(guest_mem_pages(&m), 0);
    /* Zeros into a page that exists are written like anything else. */
    uint8_t one = 1;
    ck_assert(guest_mem_write(&m, 0x100000000, &one, 1));
    ck_assert(guest_mem_write(&m, 0x100000000, zeros, 1));
    ck_assert(guest_mem_read(&m, 0x100000000, &one, 1));
    ck_assert_uint_eq(one, 0);
    ck_assert_uint_eq(guest_mem_pages(&m), 1);
    guest_mem_free(&m);
}
END_TEST

START_TEST(test_page_budget)
{
    struct guest_mem m;
    guest_mem_init(&m);
    uint8_t b = 7;
    /* Pages far apart (one per 1 MiB), as scattered tables would be. */
    for (uint64_t i = 0; i < GUEST_MEM_MAX_PAGES; i++)
        ck_assert(guest_mem_write(&m, i << 20, &b, 1));
    ck_assert(!m.overflowed);
    ck_assert_uint_eq(guest_mem_pages(&m), GUEST_MEM_MAX_PAGES);
    ck_assert(!guest_mem_write(&m, (uint64_t)GUEST_MEM_MAX_PAGES << 20, &b, 1));
    ck_assert(m.overflowed);
    /* Pages that exist are still written and read; the one refused reads as zeros. */
    uint8_t x = 9, y = 0;
    ck_assert(guest_mem_write(&m, (UINT64_C(12) << 20) + 5, &x, 1));
    ck_assert(guest_mem_read(&m, (UINT64_C(12) << 20) + 5, &y, 1));
    ck_assert_uint_eq(y, 9);
    ck_assert(guest_mem_read(&m, (uint64_t)GUEST_MEM_MAX_PAGES << 20, &y, 1));
    ck_assert_uint_eq(y, 0);
    ck_assert(guest_mem_read(&m, UINT64_C(3) << 20, &y, 1));
    ck_assert_uint_eq(y, 7);
    guest_mem_free(&m);
}
END_TEST

static Suite *guest_mem_suite(void)
{
    Suite *s = suite_create("guest_mem");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, test_unwritten_reads_zero);
    tcase_add_test(tc, test_write_reads_back_across_pages);
    tcase_add_test(tc, test_zeros_allocate_nothing);
    tcase_add_test(tc, test_page_budget);
    tcase_set_timeout(tc, 120);
    suite_add_tcase(s, tc);
    return s;
}

int main(void) { return test_run_suite(guest_mem_suite()); }
