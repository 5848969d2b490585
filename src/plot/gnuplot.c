/* SPDX-License-Identifier: GPL-2.0-only */
#include "plot/gnuplot.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "util/cleanup.h"
#include "util/escape.h"
#include "util/fd_write.h"
#include "util/number.h"
#include "util/output_paths.h"
#include "util/xalloc.h"

static const struct {
    const char *ext;
    enum plot_format format;
    const char *terminal;      /* noenhanced: keys such as list_registers keep their _ */
} formats[] = {
    {".svg", PLOT_SVG, "set terminal svg size 960,640 dynamic noenhanced font 'sans,12' "
                       "background rgb 'white'"},
    {".png", PLOT_PNG, "set terminal pngcairo size 960,640 noenhanced font 'sans,11'"},
    {".pdf", PLOT_PDF, "set terminal pdfcairo size 7.5in,5in noenhanced font 'sans,10'"},
};
enum { N_FORMATS = sizeof(formats) / sizeof(formats[0]) };

extern const char plot_template_style[];

static void say(const struct plot_target *t, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
static void say(const struct plot_target *t, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fprintf(stderr, "vgicsim %s: ", t->command);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
}

/* The first executable regular file named gnuplot in PATH (an empty entry is the
 * current folder, as for execvp). */
static char *find_gnuplot(void)
{
    const char *path = getenv("PATH");
    char deflt[256];
    if (!path) {
        size_t n = confstr(_CS_PATH, deflt, sizeof(deflt));
        path = n > 0 && n <= sizeof(deflt) ? deflt : "/bin:/usr/bin";
    }
    for (const char *p = path;; p++) {
        const char *end = strchr(p, ':');
        size_t len = end ? (size_t)(end - p) : strlen(p);
        char *cand = len ? xasprintf("%.*s/gnuplot", (int)len, p) : xstrdup("./gnuplot");
        struct stat st;
        if (stat(cand, &st) == 0 && S_ISREG(st.st_mode) && access(cand, X_OK) == 0)
            return cand;
        free(cand);
        if (!end)
            return NULL;
        p = end;
    }
}

static const char *extension(const char *path)
{
    const char *slash = strrchr(path, '/');
    const char *dot = strrchr(slash ? slash : path, '.');
    return dot ? dot : "";
}

/* A temporary file next to `dir_of` (so that rename is atomic), or in $TMPDIR. */
static bool make_tmp(struct plot_target *t, const char *dir_of)
{
    if (dir_of) {
        const char *slash = strrchr(dir_of, '/');
        const char *base = slash ? slash + 1 : dir_of;
        t->tmp = xasprintf("%.*s.%s.tmp-XXXXXX", slash ? (int)(slash - dir_of + 1) : 0,
                           dir_of, base);
    } else {
        const char *dir = getenv("TMPDIR");
        t->tmp = xasprintf("%s/vgicsim-plot-XXXXXX", dir && *dir ? dir : "/tmp");
    }
    /* Signals wait while the file is created and registered, so none can leave it
     * behind. */
    sigset_t block, old;
    sigemptyset(&block);
    sigaddset(&block, SIGINT);
    sigaddset(&block, SIGTERM);
    sigaddset(&block, SIGHUP);
    sigprocmask(SIG_BLOCK, &block, &old);
    t->tmp_fd = mkostemp(t->tmp, O_CLOEXEC);
    int saved = errno;
    bool registered = t->tmp_fd >= 0 && cleanup_add_file(t->tmp);
    if (t->tmp_fd >= 0 && !registered)
        unlink(t->tmp);
    sigprocmask(SIG_SETMASK, &old, NULL);
    if (!registered) {
        say(t, "cannot write %s: %s", ESC(dir_of ? dir_of : t->tmp),
            t->tmp_fd < 0 ? strerror(saved) : "too many temporary files");
        if (t->tmp_fd >= 0)
            close(t->tmp_fd);
        t->tmp_fd = -1;
        free(t->tmp);
        t->tmp = NULL;
        return false;
    }
    return true;
}

/* The user's style file: $VGICSIM_PLOT_STYLE (which must be readable), or the one in
 * the configuration folder when there is one. */
static bool find_style(struct plot_target *t)
{
    const char *env = getenv("VGICSIM_PLOT_STYLE");
    struct stat st;
    if (env && *env) {
        const char *why = stat(env, &st) != 0       ? strerror(errno)
                          : !S_ISREG(st.st_mode)      ? "not a regular file"
                          : access(env, R_OK) != 0    ? strerror(errno)
                                                      : NULL;
        if (why) {
            say(t, "cannot read the plot style %s ($VGICSIM_PLOT_STYLE): %s", ESC(env),
                why);
            return false;
        }
        t->style = xstrdup(env);
        return true;
    }
    const char *xdg = getenv("XDG_CONFIG_HOME"), *home = getenv("HOME");
    char *path = xdg && *xdg ? xasprintf("%s/vgicsim/plot-style.gp", xdg)
                 : home && *home ? xasprintf("%s/.config/vgicsim/plot-style.gp", home)
                                 : NULL;
    if (path && stat(path, &st) == 0 && S_ISREG(st.st_mode) && access(path, R_OK) == 0)
        t->style = path;
    else
        free(path);
    return true;
}

/* VGICSIM_GNUPLOT_TIMEOUT: whole seconds, 0 for none; anything else is an error rather
 * than a silent default, so that a mistyped value is noticed before the work. */
static bool read_timeout(struct plot_target *t)
{
    const char *v = getenv(PLOT_TIMEOUT_ENV);
    uint64_t secs = PLOT_TIMEOUT_DEFAULT_S;
    if (v && (!number_parse_u64(v, &secs) || secs > PLOT_TIMEOUT_MAX_S)) {
        say(t, "%s='%s': expected whole seconds from 0 (no limit) to %d", PLOT_TIMEOUT_ENV,
            ESC(v), PLOT_TIMEOUT_MAX_S);
        return false;
    }
    t->timeout_s = (unsigned)secs;
    return true;
}

bool plot_target_open(struct plot_target *t, const char *path, const char *command)
{
    *t = (struct plot_target){.command = command, .tmp_fd = -1, .mode = 0666};
    if (!read_timeout(t))
        return false;
    if (strcmp(path, "-") != 0) {
        t->path = path;
        const char *ext = extension(path);
        size_t i = 0;
        while (i < N_FORMATS && strcasecmp(ext, formats[i].ext) != 0)
            i++;
        if (i == N_FORMATS) {
            say(t, "cannot tell the plot format of '%s': name it .svg, .png or .pdf", ESC(path));
            return false;
        }
        t->format = formats[i].format;
    }
    if (!find_style(t))
        return false;
    /* The style file is an input of the plot: a plot written over it would destroy it. */
    const struct io_path style[] = {{t->style, "the plot style"}};
    const struct io_path out[] = {{t->path, "the plot"}};
    if (t->style && t->path && !output_paths_check(command, style, 1, out, 1))
        return false;
    t->gnuplot = find_gnuplot();
    if (!t->gnuplot) {
        say(t, "plotting needs gnuplot, which is not on PATH (Debian: apt-get install "
               "gnuplot-nox; tools/install-deps.sh installs it)");
        return false;
    }
    struct stat st;
    bool exists = t->path && stat(t->path, &st) == 0;
    if (exists && S_ISDIR(st.st_mode)) {
        say(t, "cannot write %s: it is a folder", ESC(t->path));
        return false;
    }
    if (exists && access(t->path, W_OK) != 0) {
        say(t, "cannot write %s: %s", ESC(t->path), strerror(errno));
        return false;
    }
    t->replace = t->path && (!exists || S_ISREG(st.st_mode));
    if (exists && S_ISREG(st.st_mode))
        t->mode = (int)(st.st_mode & 07777);   /* a replaced file keeps its permissions */
    else if (t->replace) {
        mode_t mask = umask(0);
        umask(mask);
        t->mode = (int)(0666 & ~mask);
    }
    return make_tmp(t, t->replace ? t->path : NULL);
}

/* Milliseconds left before `deadline` (CLOCK_MONOTONIC), 0 once it has passed; -1
 * without a limit (poll's "wait for ever"). */
static int ms_left(const struct plot_target *t, const struct timespec *deadline)
{
    if (!t->timeout_s)
        return -1;
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    long long ms = (long long)(deadline->tv_sec - now.tv_sec) * 1000 +
                   (deadline->tv_nsec - now.tv_nsec) / 1000000;
    return ms <= 0 ? 0 : ms > 1000 ? 1000 : (int)ms;
}

/* Writes the script to gnuplot's standard input before the deadline (a gnuplot that does
 * not read would otherwise block the write once the pipe is full). False on a write error
 * (errno) or at the deadline (*late). */
static bool send_before(const struct plot_target *t, int fd, const struct timespec *deadline,
                        const char *buf, size_t len, bool *late)
{
    while (len > 0) {
        ssize_t n = write(fd, buf, len);
        if (n > 0) {
            buf += n;
            len -= (size_t)n;
            continue;
        }
        if (n < 0 && errno != EAGAIN && errno != EINTR)
            return false;
        int left = ms_left(t, deadline);
        if (left == 0) {
            *late = true;
            return false;
        }
        struct pollfd p = {.fd = fd, .events = POLLOUT};
        if (poll(&p, 1, left) < 0 && errno != EINTR)
            return false;
    }
    return true;
}

/* Waits for gnuplot until the deadline; past it kills its process group (gnuplot and
 * whatever it started) and reaps it. */
static void wait_before(const struct plot_target *t, pid_t pid,
                        const struct timespec *deadline, int *status, bool *late)
{
    for (;;) {
        pid_t r = waitpid(pid, status, t->timeout_s ? WNOHANG : 0);
        if (r == pid || (r < 0 && errno != EINTR))
            return;
        if (r == 0 && ms_left(t, deadline) == 0)
            break;
        if (r == 0)
            nanosleep(&(struct timespec){.tv_nsec = 10 * 1000 * 1000}, NULL);
    }
    *late = true;
    kill(-pid, SIGKILL);
    kill(pid, SIGKILL);
    while (waitpid(pid, status, 0) < 0 && errno == EINTR)
        ;
}

bool plot_target_render(struct plot_target *t, const char *script, size_t len)
{
    size_t i = 0;
    while (formats[i].format != t->format)
        i++;
    int in[2];
    if (pipe2(in, O_CLOEXEC) != 0) {
        say(t, "cannot start gnuplot: %s", strerror(errno));
        return false;
    }
    fflush(NULL);
    pid_t pid = fork();
    if (pid < 0) {
        say(t, "cannot start gnuplot: %s", strerror(errno));
        close(in[0]);
        close(in[1]);
        return false;
    }
    if (pid == 0) {
        /* gnuplot: script on stdin, image on stdout (the temporary file), its messages
         * on our standard error; in a process group of its own, so that the time limit
         * stops whatever it starts too. */
        setpgid(0, 0);
        signal(SIGINT, SIG_DFL);
        signal(SIGTERM, SIG_DFL);
        signal(SIGPIPE, SIG_DFL);
        if (dup2(in[0], STDIN_FILENO) < 0 || dup2(t->tmp_fd, STDOUT_FILENO) < 0)
            _exit(127);
        execl(t->gnuplot, "gnuplot", (char *)NULL);
        _exit(127);
    }
    setpgid(pid, pid);   /* also here: whichever runs first, the group exists before a kill */
    cleanup_add_child(pid);
    close(in[0]);
    struct timespec deadline;
    clock_gettime(CLOCK_MONOTONIC, &deadline);
    deadline.tv_sec += t->timeout_s;
    struct sigaction ign = {.sa_handler = SIG_IGN}, old;
    sigaction(SIGPIPE, &ign, &old);
    /* The terminal first, then the caller's script; gnuplot quits at the end of input. */
    char *style = NULL;
    size_t style_len = 0;
    plot_append(&style, &style_len, "\n%s\nstyle_file = ", plot_template_style);
    plot_quote(&style, &style_len, t->style ? t->style : "");
    plot_append(&style, &style_len, "\n");
    bool late = false;
    bool sent = fcntl(in[1], F_SETFL, O_NONBLOCK) == 0 &&
                send_before(t, in[1], &deadline, formats[i].terminal,
                            strlen(formats[i].terminal), &late) &&
                send_before(t, in[1], &deadline, style, style_len, &late) &&
                send_before(t, in[1], &deadline, script, len, &late);
    free(style);
    close(in[1]);
    sigaction(SIGPIPE, &old, NULL);
    int status = 0;
    if (late) {
        kill(-pid, SIGKILL);
        kill(pid, SIGKILL);
        while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
            ;
    } else {
        wait_before(t, pid, &deadline, &status, &late);
    }
    cleanup_remove_child(pid);
    if (late) {
        say(t, "gnuplot did not finish within %u s and was stopped (%s=SECONDS sets the "
            "limit; 0 lifts it)", t->timeout_s, PLOT_TIMEOUT_ENV);
        return false;
    }
    if (WIFEXITED(status) && WEXITSTATUS(status) == 127) {
        say(t, "cannot run %s", ESC(t->gnuplot));
        return false;
    }
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0 || !sent) {
        if (WIFSIGNALED(status))
            say(t, "gnuplot was killed by signal %d (%s)", WTERMSIG(status),
                strsignal(WTERMSIG(status)));
        else
            say(t, "gnuplot failed (exit status %d; its messages are above)",
                WIFEXITED(status) ? WEXITSTATUS(status) : -1);
        return false;
    }
    struct stat st;
    if (fstat(t->tmp_fd, &st) != 0 || st.st_size == 0) {
        say(t, "gnuplot wrote no plot");
        return false;
    }
    return true;
}

/* Standard output or a device: the bytes are copied, and every write error counts. */
static bool copy_out(struct plot_target *t)
{
    /* Not waiting for a reader of a named pipe (ENXIO); once open, writes block. */
    int fd = t->path ? open(t->path, O_WRONLY | O_TRUNC | O_CLOEXEC | O_NONBLOCK) : STDOUT_FILENO;
    if (t->path && fd >= 0)
        fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK);
    const char *name = t->path ? t->path : "standard output";
    if (fd < 0) {
        say(t, "cannot write %s: %s", ESC(name), errno == ENXIO ? "it is a named pipe that no "
            "program reads (vgicsim does not wait for one)" : strerror(errno));
        return false;
    }
    bool ok = lseek(t->tmp_fd, 0, SEEK_SET) == 0;
    char buf[65536];
    ssize_t r = 0;
    while (ok && (r = read(t->tmp_fd, buf, sizeof(buf))) != 0) {
        if (r < 0 && errno == EINTR)
            continue;
        ok = r > 0 && fd_write_all(fd, buf, (size_t)r);
    }
    int saved = errno;
    if (t->path && close(fd) != 0 && ok) {
        ok = false;
        saved = errno;
    }
    if (!ok)
        say(t, "cannot write %s: %s", ESC(name), strerror(saved));
    return ok;
}

bool plot_target_commit(struct plot_target *t)
{
    if (!t->replace)
        return copy_out(t);
    if (fchmod(t->tmp_fd, (mode_t)t->mode) != 0 || fsync(t->tmp_fd) != 0 ||
        rename(t->tmp, t->path) != 0) {
        say(t, "cannot write %s: %s", ESC(t->path), strerror(errno));
        return false;
    }
    /* Renamed: nothing left to remove. */
    cleanup_remove_file(t->tmp);
    free(t->tmp);
    t->tmp = NULL;
    return true;
}

void plot_target_close(struct plot_target *t)
{
    if (t->tmp) {
        unlink(t->tmp);
        cleanup_remove_file(t->tmp);
        free(t->tmp);
        t->tmp = NULL;
    }
    if (t->tmp_fd >= 0)
        close(t->tmp_fd);
    t->tmp_fd = -1;
    free(t->gnuplot);
    t->gnuplot = NULL;
    free(t->style);
    t->style = NULL;
}

void plot_append(char **buf, size_t *len, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *add = xvasprintf(fmt, ap);
    va_end(ap);
    size_t n = strlen(add);
    *buf = xrealloc(*buf, *len + n + 1);
    memcpy(*buf + *len, add, n + 1);
    *len += n;
    free(add);
}

void plot_quote(char **buf, size_t *len, const char *s)
{
    size_t n = strlen(s), extra = 2;
    for (size_t i = 0; i < n; i++)
        extra += s[i] == '\'';
    *buf = xrealloc(*buf, *len + n + extra + 1);
    char *o = *buf + *len;
    *o++ = '\'';
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == '\'')
            *o++ = '\'';
        *o++ = c < 0x20 || c == 0x7f ? ' ' : (char)c;
    }
    *o++ = '\'';
    *o = '\0';
    *len = (size_t)(o - *buf);
}
