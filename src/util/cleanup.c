/* SPDX-License-Identifier: GPL-2.0-only */
/* Removing temporary files when a signal ends the program. The handler only calls
 * async-signal-safe functions (unlink, kill, signal, raise) on data that is complete
 * before it is published: a slot is filled with a private copy of the path, and a slot
 * is emptied before its copy is freed. */
#include "util/cleanup.h"

#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util/xalloc.h"

static char *volatile files[CLEANUP_SLOTS];
static volatile pid_t children[CLEANUP_SLOTS];
static const int handled[] = {SIGINT, SIGTERM, SIGHUP};

static void on_signal(int sig)
{
    for (int i = 0; i < CLEANUP_SLOTS; i++) {
        if (children[i] > 0)
            kill(children[i], SIGTERM);
        if (files[i])
            unlink(files[i]);
    }
    signal(sig, SIG_DFL);
    raise(sig);   /* delivered when the handler returns: the default action ends us */
}

static void install_once(void)
{
    static bool installed;
    if (installed)
        return;
    installed = true;
    for (size_t i = 0; i < sizeof(handled) / sizeof(handled[0]); i++) {
        struct sigaction old, sa = {.sa_handler = on_signal};
        sigemptyset(&sa.sa_mask);
        for (size_t j = 0; j < sizeof(handled) / sizeof(handled[0]); j++)
            sigaddset(&sa.sa_mask, handled[j]);   /* one cleanup at a time */
        if (sigaction(handled[i], NULL, &old) == 0 && old.sa_handler == SIG_IGN)
            continue;
        sigaction(handled[i], &sa, NULL);
    }
}

bool cleanup_add_file(const char *path)
{
    install_once();
    for (int i = 0; i < CLEANUP_SLOTS; i++)
        if (!files[i]) {
            files[i] = xstrdup(path);
            return true;
        }
    return false;
}

void cleanup_remove_file(const char *path)
{
    for (int i = 0; i < CLEANUP_SLOTS; i++)
        if (files[i] && strcmp(files[i], path) == 0) {
            char *copy = files[i];
            files[i] = NULL;
            free(copy);
            return;
        }
}

bool cleanup_add_child(pid_t pid)
{
    install_once();
    for (int i = 0; i < CLEANUP_SLOTS; i++)
        if (children[i] <= 0) {
            children[i] = pid;
            return true;
        }
    return false;
}

void cleanup_remove_child(pid_t pid)
{
    for (int i = 0; i < CLEANUP_SLOTS; i++)
        if (children[i] == pid)
            children[i] = 0;
}
