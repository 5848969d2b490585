/* SPDX-License-Identifier: GPL-2.0-only */
/* Which vgicsim this is: the release version (CMake's project version) and the commit
 * it was built from (`git describe` of the source tree at build time, "unknown" outside
 * a git checkout). Defined in a file the build generates (cmake/version.cmake), which
 * is rewritten only when the commit changes, so a rebuild after a commit updates it. */
#ifndef VGICSIM_UTIL_VERSION_H
#define VGICSIM_UTIL_VERSION_H

extern const char vgicsim_version[];
extern const char vgicsim_commit[];

#endif
