/*
 * nslab-init init mode: the node's view of the file system (its own mount namespace, sysfs,
 * its own /etc/hosts and /etc/hostname), made before the user namespace, while this process
 * is still the machine's root.
 */
#include "init.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/mount.h>
#include <sys/stat.h>

void unescape_mountinfo(char *s)
{
	char *out = s;
	for (; *s; s++) {
		if (s[0] == '\\' && s[1] >= '0' && s[1] <= '3' && s[2] && s[3]) {
			*out++ = (char)((s[1] - '0') * 64 + (s[2] - '0') * 8 + (s[3] - '0'));
			s += 3;
		} else {
			*out++ = *s;
		}
	}
	*out = '\0';
}

/*
 * A new mount namespace is a copy of the machine's, including the bind mounts that keep
 * namespaces alive (/run/netns/..., nslab's state directory: "nsfs" mounts). A copy holds
 * its namespace alive as well, so without this a node would keep every other lab's network
 * namespaces (and their veths) alive after `nslab down`, until the node itself ends. The same
 * holds for the labs' layers tmpfs ("nslab-layers": the nodes' writes): a node on the machine's
 * root drops them too (a node with a root of its own leaves the whole tree behind instead).
 */
void drop_namespace_pins(bool layers, bool rootless)
{
	/* Most pins sit under /run/netns, itself a mount (ip and nslab make it a shared bind
	 * mount of itself): one lazy unmount drops it with every pin below, where one unmount
	 * per pin would cost the Nth node of a lab N unmounts, each waiting for an RCU grace
	 * period. EINVAL: not a mount point here. */
	if (umount2("/run/netns", MNT_DETACH) < 0 && errno != EINVAL && errno != ENOENT)
		fail(errno, "unmount /run/netns in the node");
	FILE *f = fopen("/proc/self/mountinfo", "re");
	if (!f) fail(errno, "open /proc/self/mountinfo");
	char line[4096];
	char **pins = NULL;
	size_t count = 0, capacity = 0;
	while (fgets(line, sizeof line, f)) {
		/* "ID PARENT MAJ:MIN ROOT MOUNTPOINT OPTIONS [OPTIONAL...] - FSTYPE SOURCE SUPER" */
		char *sep = strstr(line, " - ");
		if (!sep) continue;
		if (strncmp(sep + 3, "nsfs ", 5) != 0 && !(layers && strncmp(sep + 3, "tmpfs nslab-layers ", 19) == 0)) continue;
		char *mountpoint = line;
		for (int field = 0; field < 4 && mountpoint; field++) {
			mountpoint = strchr(mountpoint, ' ');
			if (mountpoint) mountpoint++;
		}
		if (!mountpoint) continue;
		*strchr(mountpoint, ' ') = '\0';
		unescape_mountinfo(mountpoint);
		if (count == capacity) {
			capacity = capacity ? 2 * capacity : 64;
			pins = realloc(pins, capacity * sizeof *pins);
			if (!pins) fail(ENOMEM, "list the namespace pins");
		}
		pins[count++] = strdup(mountpoint);
	}
	fclose(f);
	/* Collected first, unmounted after: the table must not change under fgets(). */
	for (size_t i = 0; i < count; i++) {
		/* Private by now: the unmount stays inside the node. EPERM or EACCES in a rootless lab: a pin
		 * of one of root's labs, which came locked from the machine's mount namespace (a user
		 * namespace may not uncover what is below it); the node keeps that namespace alive
		 * while it runs, and can do nothing else with it. */
		if (umount2(pins[i], MNT_DETACH) < 0 && errno != EINVAL && errno != ENOENT && !(rootless && (errno == EPERM || errno == EACCES)))
			fail(errno, "unmount %s in the node", pins[i]);
		free(pins[i]);
	}
	free(pins);
}

static void bind_file(const char *source, const char *target)
{
	if (mount(source, target, NULL, MS_BIND, NULL) < 0)
		fail(errno, "bind-mount %s on %s", source, target);
}

void write_file(const char *path, int from_fd, const char *text)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
	if (fd < 0) fail(errno, "create %s", path);
	char buf[65536];
	ssize_t n;
	while (from_fd >= 0 && (n = read(from_fd, buf, sizeof buf)) != 0) {
		if (n < 0 && errno == EINTR) continue;
		if (n < 0) fail(errno, "read the lab's hosts file");
		write_all(fd, buf, (size_t)n);
	}
	if (text) write_all(fd, text, strlen(text));
	close(fd);
}

void lab_hosts_dir(const struct node *node, char *out, size_t len)
{
	snprintf(out, len, "%s", node->hosts);
	char *slash = strrchr(out, '/');
	if (!slash || slash == out) fail(0, "the hosts file %s must be in a directory other than /", node->hosts);
	*slash = '\0';
}

/* The overlay of node_hosts_file; false when the kernel refuses it here. */
static bool hosts_view(const char *lower, const char *dir, bool rootless, char *out, size_t len)
{
	char upper[PATH_MAX], work[PATH_MAX], view[PATH_MAX], copied[PATH_MAX + 8], options[3 * PATH_MAX + 64];
	snprintf(upper, sizeof upper, "%s/upper", dir);
	snprintf(work, sizeof work, "%s/work", dir);
	snprintf(view, sizeof view, "%s/view", dir);
	const char *dirs[] = {dir, upper, work, view};
	for (size_t i = 0; i < 4; i++)
		if (mkdir(dirs[i], 0755) < 0 && errno != EEXIST) fail(errno, "create %s", dirs[i]);
	/* A node started again on its layer starts from the lab's file, as a copy did. */
	snprintf(copied, sizeof copied, "%s/hosts", upper);
	if (unlink(copied) < 0 && errno != ENOENT) fail(errno, "replace %s", copied);
	snprintf(options, sizeof options, "lowerdir=%s,upperdir=%s,workdir=%s%s", lower, upper, work, rootless ? ",userxattr" : "");
	if (mount("overlay", view, "overlay", MS_NOSUID | MS_NODEV, options) < 0) {
		if (errno == EPERM || errno == EINVAL || errno == ENODEV) return false;
		fail(errno, "mount -t overlay -o %s overlay %s", options, view);
	}
	snprintf(out, len, "%s/hosts", view);
	return true;
}

void node_hosts_file(const struct node *node, const char *lower, const char *view_dir, const char *copy_dir,
		     int hosts_fd, char *out, size_t len)
{
	if (!node->hosts_line && hosts_view(lower, view_dir, node->rootless, out, len)) return;
	snprintf(out, len, "%s/hosts", copy_dir);
	if (unlink(out) < 0 && errno != ENOENT) fail(errno, "replace %s", out); /* a node started again on its layer */
	write_file(out, hosts_fd, node->hosts_line);
}

/*
 * The node's own /etc/hosts and /etc/hostname, as Docker gives every container: files of its
 * own, so a node that edits them changes nobody else's. The hosts file is an overlay's view of
 * the lab's (node_hosts_file): the lab's until the node writes it, then the node's own copy. Copying
 * it for every node was quadratic: a file naming N nodes in each of N nodes (10,000 nodes:
 * 434 kB each, 4.3 of the 12 GB the lab took). A node with a hostname of its own, which its file
 * alone names, gets a copy. Both live on a small tmpfs that only this mount namespace sees,
 * mounted over the directory of the lab's hosts file (which holds nothing else), and are
 * bind-mounted over the real ones. Nothing is written on the machine's disk per node: on a
 * disk, creating and deleting hundreds of small files per lab was a tenth of a big lab's up and
 * down.
 */
static void node_files(const struct node *node)
{
	int hosts = open(node->hosts, O_RDONLY | O_CLOEXEC); /* before the tmpfs hides them */
	if (hosts < 0) fail(errno, "open %s", node->hosts);
	char dir[PATH_MAX], path[PATH_MAX + 16], lower[64];
	lab_hosts_dir(node, dir, sizeof dir);
	int lower_fd = open(dir, O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (lower_fd < 0) fail(errno, "open %s", dir);
	if (mount("tmpfs", dir, "tmpfs", MS_NOSUID | MS_NODEV | MS_NOEXEC, "mode=0755,size=16m") < 0)
		fail(errno, "mount the node's tmpfs on %s", dir);
	snprintf(lower, sizeof lower, "/proc/self/fd/%d", lower_fd); /* the lab's directory, under the tmpfs */
	node_hosts_file(node, lower, dir, dir, hosts, path, sizeof path);
	close(lower_fd);
	close(hosts);
	bind_file(path, "/etc/hosts");
	char hostname[HOST_NAME_MAX + 2];
	snprintf(hostname, sizeof hostname, "%s\n", node->hostname);
	snprintf(path, sizeof path, "%s/hostname", dir);
	write_file(path, -1, hostname);
	bind_file(path, "/etc/hostname");
}

/*
 * The node's own view of the file system. Done before the user namespace (if any), while
 * this process is still the machine's root: sysfs shows the network namespace of whoever
 * mounts it, and only a process privileged over that namespace (it belongs to the machine's
 * user namespace) may mount it. Mounts made here are carried into the node and locked.
 */
void set_up_mounts(const struct node *node)
{
	/* The spawner's copy without pins (spawn_template.c), when it made one: copied instead. */
	if (node->mounts_from >= 0 && setns(node->mounts_from, CLONE_NEWNS) < 0) fail(errno, "join the spawner's mount namespace");
	if (unshare(CLONE_NEWNS) < 0) fail(errno, "unshare mount namespace");
	/* Private first, recursively: otherwise the mounts below would propagate back to the
	 * machine (on systemd machines "/" is shared), and the machine's to us. */
	if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) < 0) fail(errno, "make / private");
	drop_namespace_pins(!node->root_layer, node->rootless);
	if (node->root_layer) {
		int hosts = -1;
		if (node->hosts && (hosts = open(node->hosts, O_RDONLY | O_CLOEXEC)) < 0) fail(errno, "open %s", node->hosts);
		enter_own_root(node, hosts);
		if (hosts >= 0) close(hosts);
		return;
	}
	/* EBUSY: this very sysfs (same network namespace) is mounted on /sys already. */
	if (mount("sysfs", "/sys", "sysfs", MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL) < 0 && errno != EBUSY)
		fail(errno, "mount sysfs on /sys");
	if (node->hosts) node_files(node);
	/* A node that is not privileged gets a container's /dev, not the machine's (its disks). */
	if (node->makes_dev) container_dev();
	/* On the machine's root: the lab's mounts where their mount points already are (making
	 * one would write on the machine). */
	node_mounts(node, NULL, false);
}
