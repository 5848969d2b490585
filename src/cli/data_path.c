/* SPDX-License-Identifier: GPL-2.0-only */
/* Finding vgicsim's data (the bundled scenarios): next to the installed binary, so that
 * an installed copy works wherever it was installed (PREFIX/bin/vgicsim reads
 * PREFIX/share/vgicsim, found from the executable's real path); a binary that was not
 * installed (the build tree) reads the source tree it was built from. */
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "util/xalloc.h"

/* The folder of the running executable (symbolic links resolved), or NULL. */
static char *exe_dir(void)
{
    char *exe = realpath("/proc/self/exe", NULL);
    if (!exe)
        return NULL;
    char *slash = strrchr(exe, '/');
    if (slash)
        *slash = '\0';
    return exe;
}

char *cli_data_path(const char *relative)
{
    char *dir = exe_dir();
    if (dir) {
        char *installed = xasprintf("%s/%s/%s", dir, VGICSIM_DATA_RELATIVE, relative);
        char *real = realpath(installed, NULL);   /* without bin/.. in messages */
        free(dir);
        free(installed);
        if (real && access(real, R_OK) == 0)
            return real;
        free(real);
    }
    return xasprintf("%s/%s", VGICSIM_SOURCE_DIR, relative);
}
