/*
 * nslab-init: what its modes share (see nslab-init.c for what the program is for).
 *
 *   init.c, init_mounts.c   init mode: one node's namespaces, files and PID 1
 *   spawn.c                 spawn mode: many inits for one lab, asked for on stdin
 *   exec.c                  exec mode: a command run inside a running node
 *   exec_user.c             exec mode: -u USER[:GROUP], read in the node's /etc/passwd and /etc/group
 *   exec_tty.c              exec mode: -t, the node's terminal and the caller's
 *   rootless.c, holder.c    rootless mode: a user's command joins (or starts) the holder of
 *                           the user's labs, a user namespace the user owns
 *   netns.c                 netns mode: nodes' network namespaces, each in a user namespace of its own
 *   subids.c                rootless mode: the user's /etc/subuid ranges in the holder's namespace
 *   cgroup.c                the node's cgroup, joined by init and exec
 *   caps.c                  the node's capabilities, which init and exec take
 *   report.c                errors and small helpers every mode uses
 */
#ifndef NSLAB_INIT_H
#define NSLAB_INIT_H

#define _GNU_SOURCE
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

/* The modes, each called by main() with the arguments after the mode's name. */
int init_command(int argc, char **argv);
int spawn_command(void);
/* spawn: the mount namespace the nodes copy (spawn_template.c): an fd, or -1 (none: they copy ours). */
int mount_template(void);
int exec_command(int argc, char **argv);
int rootless_command(int argc, char **argv);
int netns_command(int argc, char **argv);

/* The holder of a user's rootless labs (holder.c): NULL once it is ready, else why not. */
const char *start_holder(const char *holder_file, char *why, size_t size);
/* The user's subordinate ids into PID's user namespace at 100000 (subids.c); false, and why, if not. */
bool map_subordinate_ids(pid_t pid, char *why, size_t size);

/* Reporting (report.c). Every error is one line of text: the parent shows it as is. */
extern int report_fd;           /* init mode: the pipe to the parent, until ready; else -1 */
extern bool exec_mode;          /* exec mode: errors go to stderr, exit code 125 */
void report(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Fails with "what: strerror(err)" (err 0: just "what"). */
void fail(int err, const char *fmt, ...) __attribute__((noreturn, format(printf, 2, 3)));
/* exec -t (exec_tty.c): the caller's terminal back to its settings (fail() calls it); the
 * window size copied to the node's terminal; a terminal of the node's own; the caller's raw
 * (and whether it is: our input is a terminal, not a file or a pipe). */
void restore_tty(void);
void copy_window_size(int master);
void open_terminal(int *master, int *slave);
void make_caller_terminal_raw(void);
bool caller_terminal_raw(void);

/* The node's cgroup (cgroup.c): join it (one directory per hierarchy); the init's oom_score_adj. */
void join_cgroup(const char *const *dirs, int n);
void spare_from_oom_killer(void);
void oom_score_adj_back(void);

/* The node's capabilities (caps.c), as masks of capability bits (capabilities(7)): the bounding
 * set dropped to bounding, this process's effective and permitted sets to keep (within what it
 * has), inheritable and ambient emptied. read_caps: CapEff and CapBnd of a /proc/PID/status. */
void confine_caps(uint64_t bounding, uint64_t keep);
/* confine_caps in two halves, for exec -u, which changes uid in between (the first needs
 * CAP_SETPCAP, setresuid CAP_SETUID, the second nothing): the bounding set (and the ambient
 * set) dropped; then this process's sets limited to keep. */
void drop_bounding(uint64_t bounding);
void limit_caps(uint64_t bounding, uint64_t keep);
void no_new_privs(void);
bool read_caps(const char *status_path, uint64_t *effective, uint64_t *bounding);

/* exec -u USER[:GROUP] (exec_user.c): resolved in the node's /etc/passwd and /etc/group (after
 * joining its mount namespace), then taken by the command's process. */
struct exec_user {
	unsigned uid, gid;
	gid_t groups[64];          /* supplementary groups */
	int ngroups;
	char name[256];            /* "" for a uid not in /etc/passwd */
	char home[512];            /* its HOME: the passwd entry's, else / */
};
void resolve_user(const char *spec, struct exec_user *u);
void become_user(const struct exec_user *u);
/* exec: the command cannot run (no such user, directory...): "nslab: exec: ..." on stderr,
 * exit code 126 as docker's. */
void cannot_run(const char *fmt, ...) __attribute__((noreturn, format(printf, 1, 2)));

/* Small helpers (report.c). */
size_t read_all(int fd, char *buf, size_t size);
size_t read_file(const char *path, char *buf, size_t size);
bool read_stat(const char *path, long *pid, char *state, unsigned long long *start);
long live_process(const char *text);
void write_all(int fd, const char *buf, size_t len);
void reset_signals(void);
/* Namespaces, as open nsfs files: the user namespace that owns NS_FD, opened (fails if none);
 * the inode that names a namespace (two files are one namespace iff their inodes are equal). */
int ns_owner(int ns_fd);
unsigned long ns_inode(int fd);

#endif
