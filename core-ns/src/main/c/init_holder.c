/*
 * nslab-init init mode: a rootless lab's nodes end with the user's holder (holder.c).
 *
 * The holder keeps the user namespace and the mount namespace where the labs' pins live.
 * Killed, it takes the pins with it, but not the nodes: each node's processes keep their own
 * namespaces alive, out of reach of any later command. So the init of each node watches the
 * holder through a pidfd, which becomes readable when that process has ended, and ends its
 * node then: the kernel then frees what the node held, as it does the holder's.
 */
#include "init.h"

#include <errno.h>
#include <stdio.h>
#include <sys/syscall.h>
#include <unistd.h>

#ifndef SYS_pidfd_open
#define SYS_pidfd_open 434
#endif

int watch_holder(const char *text)
{
	/* --holder: what `nslab-init rootless` (rootless.c) named when it joined the holder. */
	if (!text) return -1;
	long pid = 0;
	unsigned long long start = 0;
	if (sscanf(text, "%ld %llu", &pid, &start) != 2 || pid <= 0) fail(0, "init: --holder is not \"PID STARTTIME\": %s", text);
	int fd = (int)syscall(SYS_pidfd_open, (pid_t)pid, 0);
	if (fd < 0) fail(errno, "watch the holder of your labs (pid %ld)", pid);
	/* Opened, then checked: the pidfd is that holder's, not a reused pid's. */
	if (live_process(text) != pid) fail(0, "the holder of your labs (pid %ld) has ended", pid);
	return fd; /* pidfds are close-on-exec */
}
