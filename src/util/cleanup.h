/* SPDX-License-Identifier: GPL-2.0-only */
/* Temporary files that must not outlive the process, even when it is interrupted:
 * while registered, a file is removed (and a registered child process terminated)
 * when SIGINT, SIGTERM or SIGHUP ends the program; the signal then takes its default
 * action, so the exit status still says which signal it was. Signals the program was
 * started with ignored (nohup) stay ignored. Normal exit paths remove their files
 * themselves and unregister them. */
#ifndef VGICSIM_UTIL_CLEANUP_H
#define VGICSIM_UTIL_CLEANUP_H

#include <stdbool.h>
#include <sys/types.h>

enum { CLEANUP_SLOTS = 8 };

/* False when every slot is taken (a caller bug: slots are few and short-lived). */
bool cleanup_add_file(const char *path);
void cleanup_remove_file(const char *path);   /* forgets it; does not delete it */
bool cleanup_add_child(pid_t pid);
void cleanup_remove_child(pid_t pid);

#endif
