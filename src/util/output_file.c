/* SPDX-License-Identifier: GPL-2.0-only */
/* Writing a command's output (every command's report, table or comparison goes through
 * output_file_write), so that failures are handled once and the same way everywhere:
 *
 *  - the output is produced in memory first: a writer that fails leaves nothing behind;
 *  - `-o FILE` (a regular file, existing or new) is written to a temporary file in the
 *    same folder, then renamed over FILE: FILE is the old one or the complete new one,
 *    never a part, whatever fails (a full disk, a signal, a crash); SIGINT, SIGTERM
 *    and SIGHUP remove the temporary file (util/cleanup.h);
 *  - an existing FILE keeps its permission bits (and owner and group, where allowed);
 *    a read-only FILE is not replaced -- one that this user may not write, or one with
 *    no write permission bit at all, which stops root too (as `rm -i` would ask);
 *  - a symbolic link is followed: the file it points to is replaced, the link stays;
 *  - anything else (standard output, `-o -`, a device such as /dev/null, a pipe) is
 *    written directly;
 *  - every write error is reported as "vgicsim COMMAND: cannot write WHAT: reason" (the
 *    command line turns it into exit status 2: cli_write_output).
 */
#include "util/output_file.h"

#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <signal.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/cleanup.h"
#include "util/escape.h"
#include "util/fd_write.h"
#include "util/xalloc.h"

static bool fail(const char *command, const char *what, int err)
{
    fprintf(stderr, "vgicsim %s: cannot write %s: %s\n", command, ESC(what), strerror(err));
    return false;
}

static bool write_stdout(const char *command, const char *buf, size_t len)
{
    /* Whatever stdio may hold for standard output goes first, in order. */
    if (fflush(stdout) != 0 || !fd_write_all(STDOUT_FILENO, buf, len))
        return fail(command, "standard output", errno);
    return true;
}

/* A device, a pipe or a socket named by -o: written in place, as a shell redirection
 * would, except that a named pipe no program reads is refused (ENXIO) instead of waited
 * for for ever; once open, writes block as usual. */
static bool write_special(const char *command, const char *path, const char *buf, size_t len)
{
    int fd = open(path, O_WRONLY | O_NOCTTY | O_NONBLOCK);
    if (fd < 0 && errno == ENXIO) {
        fprintf(stderr, "vgicsim %s: cannot write %s: it is a named pipe that no program "
                "reads (vgicsim does not wait for one)\n", command, ESC(path));
        return false;
    }
    int flags = fd >= 0 ? fcntl(fd, F_GETFL) : -1;
    if (fd >= 0 && (flags < 0 || fcntl(fd, F_SETFL, flags & ~O_NONBLOCK) != 0)) {
        int err = errno;
        close(fd);
        return fail(command, path, err);
    }
    if (fd < 0)
        return fail(command, path, errno);
    bool ok = fd_write_all(fd, buf, len);
    int err = errno;
    if (close(fd) != 0 && ok) {
        ok = false;
        err = errno;
    }
    return ok || fail(command, path, err);
}

static mode_t current_umask(void)
{
    mode_t mask = umask(0);
    umask(mask);
    return mask;
}

/* A regular file, new or replaced: a temporary file beside it, renamed over it. */
static bool write_regular(const char *command, const char *shown, const char *target,
                         const struct stat *old, const char *buf, size_t len)
{
    char *copy = xstrdup(target);
    char *base_copy = xstrdup(target);
    char *tmp = xasprintf("%s/.%s.vgicsim-XXXXXX", dirname(copy), basename(base_copy));
    free(copy);
    free(base_copy);
    /* Signals that end the program remove the temporary file (util/cleanup.h); they are
     * held while it is created and registered, so none falls in between. */
    sigset_t block, old_mask;
    sigemptyset(&block);
    sigaddset(&block, SIGINT);
    sigaddset(&block, SIGTERM);
    sigaddset(&block, SIGHUP);
    sigprocmask(SIG_BLOCK, &block, &old_mask);
    int fd = mkstemp(tmp);
    int err = errno;
    if (fd >= 0)
        cleanup_add_file(tmp);
    sigprocmask(SIG_SETMASK, &old_mask, NULL);
    if (fd < 0) {
        free(tmp);
        return fail(command, shown, err);
    }
    mode_t mode = old ? old->st_mode & 07777 : 0666 & ~current_umask();
    bool ok = fchmod(fd, mode) == 0;
    /* Keeping the owner needs privileges; without them the file becomes this user's, as
     * with any editor that saves by renaming. */
    if (ok && old && (old->st_uid != geteuid() || old->st_gid != getegid()) &&
        fchown(fd, old->st_uid, old->st_gid) != 0 && errno != EPERM)
        ok = false;
    ok = ok && fd_write_all(fd, buf, len);
    err = errno;
    if (close(fd) != 0 && ok) {
        ok = false;
        err = errno;
    }
    if (ok && rename(tmp, target) != 0) {
        ok = false;
        err = errno;
    }
    if (!ok)
        unlink(tmp);
    cleanup_remove_file(tmp);
    free(tmp);
    return ok || fail(command, shown, err);
}

static bool write_path(const char *command, const char *path, const char *buf, size_t len)
{
    if (!*path)
        return fail(command, "''", ENOENT);
    struct stat st;
    if (lstat(path, &st) != 0) {
        if (errno != ENOENT)
            return fail(command, path, errno);
        return write_regular(command, path, path, NULL, buf, len);
    }
    char *target = NULL;
    if (S_ISLNK(st.st_mode)) {
        /* Follow the link so that it stays a link; a dangling one is refused rather
         * than guessed at. */
        target = realpath(path, NULL);
        if (!target || stat(target, &st) != 0) {
            int err = errno;
            free(target);
            return fail(command, path, err);
        }
    }
    bool status;
    if (S_ISDIR(st.st_mode))
        status = fail(command, path, EISDIR);
    else if (!S_ISREG(st.st_mode))
        status = write_special(command, target ? target : path, buf, len);
    else if (access(target ? target : path, W_OK) != 0)
        status = fail(command, path, errno);
    else if ((st.st_mode & (S_IWUSR | S_IWGRP | S_IWOTH)) == 0)
        status = fail(command, path, EACCES);
    else
        status = write_regular(command, path, target ? target : path, &st, buf, len);
    free(target);
    return status;
}

bool output_file_write(const char *command, const char *path, output_writer *write, void *ctx)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *mem = open_memstream(&buf, &len);
    if (!mem)
        return fail(command, path && strcmp(path, "-") ? path : "standard output", errno);
    int rc = write(mem, ctx);
    if (fclose(mem) != 0 || rc != 0) {
        free(buf);
        fprintf(stderr, "vgicsim %s: could not produce the output: %s\n", command,
                strerror(errno ? errno : ENOMEM));
        return false;
    }
    bool status = !path || strcmp(path, "-") == 0 ? write_stdout(command, buf, len)
                                                  : write_path(command, path, buf, len);
    free(buf);
    return status;
}
