/*
 * nslab-init init mode: what its files share (init.c the node's namespaces and PID 1,
 * init_mounts.c its view of the file system, init_root.c its copy-on-write root, mounts and files,
 * init_dev.c and init_masks.c a container's /dev, /proc and /sys, init_run.c its run: the program
 * and the commands a run list has before it).
 */
#ifndef NSLAB_INIT_INIT_H
#define NSLAB_INIT_INIT_H

#include "nslab-init.h"

struct node {
	const char *net;           /* the node's network namespace file (joined, never created) */
	int flags;                 /* CLONE_NEW* of the namespaces the node gets of its own */
	bool user;                 /* a user namespace too; the parent writes its maps */
	const char *hostname;
	const char *hosts;         /* the lab's hosts file, alone in its directory: the node's own view of it (see node_files) */
	const char *hosts_line;    /* the node's own hostname, which only it knows: then a copy with it added */
	int grace;                 /* seconds between SIGTERM and SIGKILL when stopping */
	char **run;                /* the node's program, or NULL */
	char **setup[16];          /* --setup: commands run to their end before it (init_run.c) */
	int nsetup;
	const char *cgroup[8];     /* the node's cgroup, one directory per hierarchy (cgroup.c) */
	int ncgroup;
	/* A root of its own (init_root.c): the tree it copies ("/" or a directory), and its
	 * layer directory (upper, work and the merged root), or NULL for the machine's root. */
	const char *root_lower;
	const char *root_layer;
	bool own_dev;              /* a container's /dev, not the machine's (directory roots) */
	struct node_mount { const char *source, *target; bool readonly; } mounts[32]; /* source NULL: tmpfs */
	int nmounts;
	struct node_file { const char *path, *mode, *owner, *content; } files[128];
	int nfiles;
	bool confined;             /* --caps: the node's root keeps only caps (else: every capability) */
	bool makes_dev;            /* a /dev of its own made (own_dev or confined, as the machine's root: mknod) */
	bool rootless;             /* started in a user's user namespace, not the machine's (a rootless lab) */
	const char *holder;        /* --holder: the user's holder, "PID STARTTIME" (init_holder.c), or NULL */
	uint64_t caps;
	int mounts_from;           /* --mounts-from: a mount namespace to copy rather than ours (spawn_template.c), or -1 */
};

/* The directory of the lab's hosts file (node->hosts, alone in it), in OUT (init_mounts.c). */
void lab_hosts_dir(const struct node *node, char *out, size_t len);
/* The node's hosts file, its path put in OUT (init_mounts.c): a view of the lab's, an overlay of
 * LOWER (the lab's directory, a path the kernel can resolve) on VIEW_DIR/view, its writes in
 * VIEW_DIR/upper; or COPY_DIR/hosts, what HOSTS_FD holds and the node's own hostname line, for a
 * node with a hostname of its own or a kernel that refuses the overlay (before 5.11 a user
 * namespace may not mount one). */
void node_hosts_file(const struct node *node, const char *lower, const char *view_dir, const char *copy_dir,
		     int hosts_fd, char *out, size_t len);
/* Both files': a new file holding what from_fd has left to read (if >= 0), then text (if any). */
void write_file(const char *path, int from_fd, const char *text);
/* The lab's mounts (bind or tmpfs) at their targets, in the node's own mount namespace: from
 * source_fds (opened before pivot_root), or NULL: their paths. make_targets: missing mount
 * points are created (in the node's own root; never on the machine's). */
void node_mounts(const struct node *node, const int *source_fds, bool make_targets);
/* Drops the namespace pins (nsfs mounts; with layers, the labs' layers tmpfs too) from this
 * process's mount namespace, a copy of the machine's (init_mounts.c). */
void drop_namespace_pins(bool layers, bool rootless);
/* mountinfo escapes space, tab, newline and backslash as \ooo: undone in place. */
void unescape_mountinfo(char *s);

/* The node's copy-on-write root (init_root.c): made, entered with pivot_root, filled in.
 * hosts_fd: the lab's hosts file, opened before the machine's tree went out of sight. */
void enter_own_root(const struct node *node, int hosts_fd);

/* A container's /dev (init_dev.c): a tmpfs with null, zero, full, random, urandom, tty, fd links,
 * its own devpts and shm; made while this process is the machine's root. */
void container_dev(void);
bool in_machine_user_namespace(void);

/* A container's /proc and /sys (init_masks.c): the machine's kernel files masked, /proc/sys
 * read-only but for /proc/sys/net, /sys read-only. By PID 1, after it mounted the node's /proc. */
void mask_kernel_files(void);

/* A rootless lab's node watches the user's holder (init_holder.c): a pidfd of the holder that
 * TEXT ("PID STARTTIME", from --holder) names, or -1 without one (a lab of root's). Called
 * before the node's PID namespace hides the holder's pid. */
int watch_holder(const char *text);

/* The node's setup commands (init_run.c), each an argv: run to their end, in order, by PID 1
 * before the node's program; one that fails fails the start (with fail()). */
void run_setup(char **const *setup, int nsetup);
/* Starts the node's program (init_run.c); returns once it runs (exec succeeded), or fails. */
pid_t start_run(char **argv);

/* The node's own mount namespace and files; done while this process is the machine's root. */
void set_up_mounts(const struct node *node);

#endif
