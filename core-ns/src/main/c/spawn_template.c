/*
 * nslab-init spawn mode: the mount namespace that the nodes' own are copies of.
 *
 * A node's init makes its mount namespace by copying the one it is in (unshare), then drops
 * the namespace pins from its copy (init_mounts.c). In the machine's mount namespace, while a
 * lab's nodes start, every one of its network namespaces is pinned under /run/netns: the Nth
 * node copied, and then unmounted, N pins, so a lab of N nodes cost N^2 mounts (1,000 nodes: a
 * million, the largest part of the up's time that grew faster than the lab; nsfloor.c measured
 * the same in the kernel alone). So the spawner makes that copy once, at its first request,
 * without the pins, and each init copies that one instead (`init --mounts-from FD`: it joins
 * the copy, then unshares as before).
 *
 * Why at the first request: the lab's layers are mounted then (a step before any node's), and
 * the nodes' network namespaces are opened by path from the machine's tree before the init
 * joins the copy, so the pins made after it are not missed. Nothing of it outlives the spawner:
 * the copy lives in a file descriptor of the spawner's (and, for a moment, of each init), no
 * mount or file holds it. A rootless lab's spawner (in its user's namespaces) keeps the old way.
 */
#include "init.h"

#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <unistd.h>
#include <sys/mount.h>
#include <sys/wait.h>

int mount_template(void)
{
	if (!in_machine_user_namespace()) return -1;
	int ready[2], hold[2];
	if (pipe2(ready, O_CLOEXEC) < 0) return -1;
	if (pipe2(hold, O_CLOEXEC) < 0) {
		close(ready[0]);
		close(ready[1]);
		return -1;
	}
	pid_t keeper = fork();
	if (keeper == 0) {
		close(ready[0]);
		close(hold[1]); /* or the read below would wait for ourselves */
		/* The copy, made private (nothing propagates into it or out of it) and without pins.
		 * A failure here only means no template: quietly, the nodes copy the machine's. */
		int devnull = open("/dev/null", O_WRONLY | O_CLOEXEC);
		if (devnull >= 0) dup2(devnull, STDERR_FILENO);
		if (unshare(CLONE_NEWNS) < 0 || mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) < 0) _exit(1);
		drop_namespace_pins(false, false);
		write_all(ready[1], "1", 1);
		char byte;
		while (read(hold[0], &byte, 1) < 0) {} /* until the spawner holds the namespace */
		_exit(0);
	}
	close(ready[1]);
	close(hold[0]);
	int fd = -1;
	char byte, path[64];
	if (keeper > 0 && read(ready[0], &byte, 1) == 1) {
		snprintf(path, sizeof path, "/proc/%d/ns/mnt", (int)keeper);
		fd = open(path, O_RDONLY | O_CLOEXEC);
	}
	close(ready[0]);
	close(hold[1]);
	if (keeper > 0) waitpid(keeper, NULL, 0);
	return fd;
}
