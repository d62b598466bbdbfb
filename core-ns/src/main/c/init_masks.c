/*
 * nslab-init init mode: what a container's /proc and /sys hide from it, as Docker's defaults
 * do (moby, oci/defaults.go: its masked and read-only paths). Files of the machine's kernel
 * that no namespace covers (its memory, its keys, its timers, its firmware, the SysRq key)
 * are masked; /proc/sys is read-only (kernel.hostname through /proc/sys included: a node
 * renames itself with sethostname, when it may), except /proc/sys/net, which shows the
 * node's own network namespace; /sys is read-only. Made by the node's PID 1, right after it
 * mounted the node's /proc, in the node's own mount namespace: gone with it.
 */
#include "init.h"

#include <errno.h>
#include <stdio.h>
#include <sys/mount.h>
#include <sys/stat.h>

/* The flags /proc and /sys are mounted with: a remount keeps them (in a user namespace it must). */
#define KERNEL_FS_FLAGS (MS_NOSUID | MS_NODEV | MS_NOEXEC)

/* Masked: a directory under an empty read-only tmpfs, a file under /dev/null. */
static const char *const masked[] = {
	"/proc/asound", "/proc/acpi", "/proc/kcore", "/proc/keys", "/proc/latency_stats", "/proc/timer_list",
	"/proc/timer_stats", "/proc/sched_debug", "/proc/scsi", "/sys/firmware", "/sys/devices/virtual/powercap",
};
static const char *const read_only[] = {"/proc/bus", "/proc/fs", "/proc/irq", "/proc/sysrq-trigger"};

static void mask(const char *path)
{
	struct stat st;
	if (stat(path, &st) < 0) {
		if (errno == ENOENT) return; /* this kernel has none */
		fail(errno, "stat %s", path);
	}
	if (S_ISDIR(st.st_mode) ? mount("tmpfs", path, "tmpfs", MS_RDONLY | KERNEL_FS_FLAGS, "size=0")
	                        : mount("/dev/null", path, NULL, MS_BIND, NULL))
		fail(errno, "mask %s in the node", path);
}

/* A bind of path on itself (recursive: with what is mounted below), the bind read-only. */
static void make_read_only(const char *path, bool recursive)
{
	if (mount(path, path, NULL, MS_BIND | (recursive ? MS_REC : 0), NULL) < 0) {
		if (errno == ENOENT) return;
		fail(errno, "bind-mount %s on itself in the node", path);
	}
	if (mount(NULL, path, NULL, MS_REMOUNT | MS_BIND | MS_RDONLY | KERNEL_FS_FLAGS, NULL) < 0)
		fail(errno, "make %s read-only in the node", path);
}

void mask_kernel_files(void)
{
	for (size_t i = 0; i < sizeof masked / sizeof masked[0]; i++) mask(masked[i]);
	for (size_t i = 0; i < sizeof read_only / sizeof read_only[0]; i++) make_read_only(read_only[i], false);
	/* /proc/sys/net stays writable: a bind of its own first, which the recursive bind of
	 * /proc/sys carries along, and the read-only remount of /proc/sys (that mount alone) spares. */
	if (mount("/proc/sys/net", "/proc/sys/net", NULL, MS_BIND, NULL) < 0) fail(errno, "bind-mount /proc/sys/net in the node");
	make_read_only("/proc/sys", true);
	if (mount(NULL, "/sys", NULL, MS_REMOUNT | MS_BIND | MS_RDONLY | KERNEL_FS_FLAGS, NULL) < 0)
		fail(errno, "make /sys read-only in the node");
}
