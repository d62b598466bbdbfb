/*
 * The node's cgroup, joined by the init before anything else and by exec before it enters.
 *
 * A process is counted and limited by the cgroup it is in, and its children are born there.
 * unshare(CLONE_NEWCGROUP) roots the new cgroup namespace at the cgroup the process is in at
 * that moment, so the init joins first, and the node then sees its own cgroup as "/". First
 * also because /sys/fs/cgroup is the machine's only until the node's own /sys is mounted (and
 * `ip netns exec` would mount one without it). Writing "0" to cgroup.procs moves the writer.
 * On cgroup v1 the node's cgroup is a directory in each hierarchy (memory, pids, cpu...):
 * one write each.
 */
#include "nslab-init.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <unistd.h>

void join_cgroup(const char *const *dirs, int n)
{
	char path[PATH_MAX];
	for (int i = 0; i < n; i++) {
		snprintf(path, sizeof path, "%s/cgroup.procs", dirs[i]);
		int fd = open(path, O_WRONLY | O_CLOEXEC);
		if (fd < 0) fail(errno, "open %s", path);
		if (write(fd, "0", 1) != 1) fail(errno, "join cgroup %s", dirs[i]);
		close(fd);
	}
}

/*
 * The init must outlive what it runs: when a node goes over its memory limit, the OOM killer
 * picks a victim in its cgroup by size and oom_score_adj, and -1000 takes the init off the
 * list. Lowering it takes CAP_SYS_RESOURCE, which some sandboxes withhold from root (EACCES):
 * then the init keeps what it has, and its size (a few hundred kB against what a program that
 * fills the node's memory has) is what keeps the OOM killer off it.
 */
void spare_from_oom_killer(void)
{
	int fd = open("/proc/self/oom_score_adj", O_WRONLY | O_CLOEXEC);
	if (fd < 0) fail(errno, "open /proc/self/oom_score_adj");
	if (write(fd, "-1000", 5) != 5 && errno != EACCES && errno != EPERM) fail(errno, "write /proc/self/oom_score_adj");
	close(fd);
}

/* What the init starts may be the OOM killer's victim again (fork passes -1000 on). */
void oom_score_adj_back(void)
{
	int fd = open("/proc/self/oom_score_adj", O_WRONLY | O_CLOEXEC);
	if (fd >= 0) {
		(void)!write(fd, "0", 1);
		close(fd);
	}
}
