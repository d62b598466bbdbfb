/*
 * nslab-init init mode: what its files share (init.c the node's namespaces and PID 1,
 * init_mounts.c its view of the file system, init_dev.c and init_masks.c a container's /dev,
 * /proc and /sys).
 */
#ifndef NSLAB_INIT_INIT_H
#define NSLAB_INIT_INIT_H

#include "nslab-init.h"

struct node {
	const char *net;           /* the node's network namespace file (joined, never created) */
	int flags;                 /* CLONE_NEW* of the namespaces the node gets of its own */
	bool user;                 /* a user namespace too; the parent writes its maps */
	const char *hostname;
	const char *hosts;         /* the lab's hosts file: the node gets a copy (see node_files) */
	const char *hosts_line;    /* added to the node's copy: its own hostname, which only it knows */
	int grace;                 /* seconds between SIGTERM and SIGKILL when stopping */
	char **run;                /* the node's program, or NULL */
	const char *cgroup[8];     /* the node's cgroup, one directory per hierarchy (cgroup.c) */
	int ncgroup;
	bool confined;             /* --caps: the node's root keeps only caps (else: every capability) */
	uint64_t caps;
};

/* A container's /dev (init_dev.c): a tmpfs with null, zero, full, random, urandom, tty, fd links,
 * its own devpts and shm; made while this process is the machine's root. */
void container_dev(void);

/* A container's /proc and /sys (init_masks.c): the machine's kernel files masked, /proc/sys
 * read-only but for /proc/sys/net, /sys read-only. By PID 1, after it mounted the node's /proc. */
void mask_kernel_files(void);

/* The node's own mount namespace and files; done while this process is the machine's root. */
void set_up_mounts(const struct node *node);

#endif
