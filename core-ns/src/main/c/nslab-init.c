/*
 * nslab-init: the PID 1 of every nslab node, and the way into a running node.
 *
 * libc only, single-threaded on purpose: a user namespace can only be created or
 * joined by a single-threaded process, and fork() without exec is only safe in one. That is
 * why this is C and not Java (the JVM has dozens of threads before main() runs).
 *
 *   nslab-init init [--cgroup DIR]... [--net PATH] [--ns uts,ipc,pid,mnt,cgroup] [--user]
 *                   [--hostname NAME] [--hosts FILE [--hosts-line LINE]] [--grace SECONDS]
 *                   [--root LOWER LAYER [--own-dev]] [--bind SOURCE TARGET ro|rw]... [--tmpfs TARGET]...
 *                   [--file PATH MODE OWNER CONTENT]... [--caps HEXMASK] [-- RUN...]
 *   nslab-init spawn          (many inits, asked for on stdin: see spawn_command; each init
 *                              gets --mounts-from 3, the mount namespace it copies: spawn_template.c)
 *   nslab-init exec [-i] [-t] [--privileged] [-e NAME=VALUE]... [--cgroup DIR]... PID STARTTIME [--] CMD [ARG...]
 *   nslab-init rootless DIR -- PROGRAM [ARG...]   (a user's command, in the user's labs)
 *   nslab-init netns DIR NAME...                  (nodes' network namespaces, each owned by a
 *                                                  user namespace of its own: netns.c)
 *
 * init mode talks to its parent (`nslab-init spawn`, which relays to nslab) over two pipes,
 * its stdin and stdout: stdout carries one line per event ("userns", then "ready PID STARTTIME", or
 * "error TEXT"), stdin carries the parent's "go" after it wrote the user namespace maps.
 * The node's environment is this process's environment (the parent sets it); stderr is the
 * node's log (or /dev/null) and stays so after the init detaches.
 *
 * The steps are the seed articles' clone/unshare/setns examples, in the order the kernel
 * needs them. Each comment says why a step is where it is.
 *
 * One file per mode, like tini's one program each: init.c (and init_mounts.c, the node's file
 * system; init_root.c, its copy-on-write root), spawn.c, exec.c, rootless.c (and holder.c: a
 * user's labs, without root); nslab-init.h holds what they share (report.c: errors, helpers;
 * cgroup.c: the node's cgroup, which init and exec join; caps.c: its capabilities, which they take;
 * init_dev.c, init_masks.c: a container's /dev, /proc and /sys).
 */
#include "nslab-init.h"

#include <stdio.h>
#include <string.h>

int main(int argc, char **argv)
{
	if (argc >= 2 && strcmp(argv[1], "init") == 0) return init_command(argc - 2, argv + 2);
	if (argc >= 2 && strcmp(argv[1], "exec") == 0) return exec_command(argc - 2, argv + 2);
	if (argc == 2 && strcmp(argv[1], "spawn") == 0) return spawn_command();
	if (argc >= 2 && strcmp(argv[1], "rootless") == 0) return rootless_command(argc - 2, argv + 2);
	if (argc >= 2 && strcmp(argv[1], "netns") == 0) return netns_command(argc - 2, argv + 2);
	fprintf(stderr,
		"usage: nslab-init init [--cgroup DIR]... [--net PATH] [--ns uts,ipc,pid,mnt,cgroup] [--user] [--hostname NAME]\n"
		"                       [--hosts FILE [--hosts-line LINE]] [--grace SECONDS] [--root LOWER LAYER [--own-dev]]\n"
		"                       [--bind SOURCE TARGET ro|rw]... [--tmpfs TARGET]... [--file PATH MODE OWNER CONTENT]... [--caps HEXMASK]\n"
		"                       [-- RUN...]\n"
		"       nslab-init spawn   (requests on stdin, see spawn_command)\n"
		"       nslab-init exec [-i] [-t] [--privileged] [-e NAME=VALUE]... [--cgroup DIR]... PID STARTTIME [--] CMD [ARG...]\n"
		"       nslab-init rootless DIR -- PROGRAM [ARG...]\n"
		"       nslab-init netns DIR NAME...\n"
		"nslab starts it; you would rather use `nslab exec NODE CMD`.\n");
	return 2;
}
