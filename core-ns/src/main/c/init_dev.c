/*
 * nslab-init init mode: a container's /dev, for a node that is not privileged. The machine's
 * /dev holds its disks, its consoles, its memory (/dev/mem where the kernel has it): a node
 * gets a small tmpfs instead, as Docker's containers do, with the harmless devices programs
 * expect, its own pseudo-terminals (a devpts instance of its own: the machine's terminals are
 * not in it) and its own /dev/shm. Made in the node's own mount namespace, while this process
 * is still the machine's root (mknod takes CAP_MKNOD over the machine's devices).
 */
#include "init.h"

#include <errno.h>
#include <stdio.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

/*
 * Whether this process is in the machine's own user namespace (its uid_map maps every id), where
 * mknod may make device nodes. A rootless lab's nodes are in their user's user namespace: there
 * mknod is refused, and that namespace confines them already (the machine's devices are the
 * machine root's, whom the user's namespace does not map), so they keep the /dev they see.
 */
bool in_machine_user_namespace(void)
{
	char map[256];
	if (read_file("/proc/self/uid_map", map, sizeof map) == (size_t)-1) return true;
	unsigned long inside, outside, count;
	return sscanf(map, "%lu %lu %lu", &inside, &outside, &count) != 3 || (inside == 0 && outside == 0 && count == 4294967295UL);
}

void container_dev(void)
{
	/* The machine's /dev (and its pts, ...) out of the node's mount table, not only out of sight.
	 * EINVAL: /dev is no mount here (a tree of the node's own). */
	if (umount2("/dev", MNT_DETACH) < 0 && errno != EINVAL && errno != ENOENT) fail(errno, "unmount the machine's /dev in the node");
	if (mkdir("/dev", 0755) < 0 && errno != EEXIST) fail(errno, "create /dev in the node");
	if (mount("tmpfs", "/dev", "tmpfs", MS_NOSUID | MS_NOEXEC, "mode=0755,size=64k") < 0)
		fail(errno, "mount a tmpfs on /dev in the node");
	static const struct { const char *name; unsigned major, minor; } devices[] = {
		{"null", 1, 3}, {"zero", 1, 5}, {"full", 1, 7}, {"random", 1, 8}, {"urandom", 1, 9}, {"tty", 5, 0},
	};
	char path[64];
	for (size_t i = 0; i < sizeof devices / sizeof devices[0]; i++) {
		snprintf(path, sizeof path, "/dev/%s", devices[i].name);
		if (mknod(path, S_IFCHR | 0666, makedev(devices[i].major, devices[i].minor)) < 0) fail(errno, "mknod %s", path);
		if (chmod(path, 0666) < 0) fail(errno, "chmod %s", path); /* past the umask */
	}
	static const char *const links[][2] = {
		{"/proc/self/fd", "/dev/fd"}, {"/proc/self/fd/0", "/dev/stdin"}, {"/proc/self/fd/1", "/dev/stdout"},
		{"/proc/self/fd/2", "/dev/stderr"}, {"pts/ptmx", "/dev/ptmx"},
	};
	for (size_t i = 0; i < sizeof links / sizeof links[0]; i++)
		if (symlink(links[i][0], links[i][1]) < 0) fail(errno, "symlink %s", links[i][1]);
	if (mkdir("/dev/pts", 0755) < 0 || mkdir("/dev/shm", 01777) < 0) fail(errno, "create /dev/pts and /dev/shm in the node");
	if (mount("devpts", "/dev/pts", "devpts", MS_NOSUID | MS_NOEXEC, "newinstance,ptmxmode=0666,mode=0620") < 0)
		fail(errno, "mount devpts on /dev/pts in the node");
	if (mount("shm", "/dev/shm", "tmpfs", MS_NOSUID | MS_NODEV | MS_NOEXEC, "mode=1777,size=64m") < 0)
		fail(errno, "mount a tmpfs on /dev/shm in the node");
}
