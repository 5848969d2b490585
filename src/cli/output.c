/* Writing a command's output: standard output, or a file that appears complete or
 * not at all. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli/cli.h"
#include "util/xalloc.h"

/* A regular file is written under a temporary name and renamed into place, so that a
 * failed write leaves nothing half-written behind; anything else (a terminal, a pipe,
 * /dev/null) is written directly. */
int cli_write_output(const char *command, const char *path, cli_writer *write, void *ctx)
{
    struct stat st;
    bool special = path && stat(path, &st) == 0 && !S_ISREG(st.st_mode);
    if (!path || special) {
        FILE *f = path ? fopen(path, "w") : stdout;
        if (!f) {
            fprintf(stderr, "vgicsim %s: cannot write %s: %s\n", command, path, strerror(errno));
            return CLI_EXIT_INVALID;
        }
        int rc = write(f, ctx);
        rc |= f != stdout ? fclose(f) : fflush(f);
        return rc == 0 ? CLI_EXIT_OK : CLI_EXIT_INVALID;
    }
    char *tmp = xasprintf("%s.tmp-%d", path, (int)getpid());
    FILE *f = fopen(tmp, "w");
    if (!f) {
        fprintf(stderr, "vgicsim %s: cannot write %s: %s\n", command, path, strerror(errno));
        free(tmp);
        return CLI_EXIT_INVALID;
    }
    bool ok = write(f, ctx) == 0;
    ok &= fclose(f) == 0;
    if (!ok || rename(tmp, path) != 0) {
        fprintf(stderr, "vgicsim %s: cannot write %s: %s\n", command, path, strerror(errno));
        remove(tmp);
        free(tmp);
        return CLI_EXIT_INVALID;
    }
    free(tmp);
    return CLI_EXIT_OK;
}
