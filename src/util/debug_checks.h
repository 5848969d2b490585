/* SPDX-License-Identifier: GPL-2.0-only */
/* Preconditions and invariants, asserted in checking builds.
 *
 * A checking build is one configured with VGICSIM_DEBUG_CHECKS=ON: by default every Debug
 * build and every sanitizer build (tools/test.sh asan and tsan, tools/fuzz.sh), so CI runs
 * the whole suite and the fuzzers with them; the optimised builds (RelWithDebInfo, Release)
 * compile them out and run at full speed. CMake's NDEBUG, which RelWithDebInfo defines,
 * plays no part: the standard assert() is not used.
 *
 *   VGICSIM_ASSERT(cond)   a false `cond` prints "vgicsim: FILE:LINE: FUNCTION: assertion
 *                          `cond' failed" and aborts. Outside a checking build `cond` is
 *                          not evaluated (it is still compiled, so it cannot rot), so an
 *                          assertion may cost what it costs: checks that walk a list are
 *                          placed where the operation walks that list anyway.
 *   VGICSIM_DEBUG_CHECKS   1 in a checking build, else 0: state and helpers that exist only
 *                          to be asserted are kept under `#if VGICSIM_DEBUG_CHECKS` (a
 *                          static function used only in assertions would otherwise be
 *                          unused, which -Werror refuses).
 *
 * As in SQLite (assert() under SQLITE_DEBUG) and the kernel (lockdep_assert_held), an
 * assertion states what must hold at that point; it is never error handling: input, however
 * hostile, must never reach one. */
#ifndef VGICSIM_UTIL_DEBUG_CHECKS_H
#define VGICSIM_UTIL_DEBUG_CHECKS_H

#ifndef VGICSIM_DEBUG_CHECKS
#define VGICSIM_DEBUG_CHECKS 0
#endif

#if VGICSIM_DEBUG_CHECKS
_Noreturn void vgicsim_assert_failed(const char *cond, const char *file, int line,
                                     const char *function);
#define VGICSIM_ASSERT(cond)                                                                 \
    ((cond) ? (void)0 : vgicsim_assert_failed(#cond, __FILE__, __LINE__, __func__))
#else
#define VGICSIM_ASSERT(cond) ((void)sizeof(!(cond)))
#endif

#endif
