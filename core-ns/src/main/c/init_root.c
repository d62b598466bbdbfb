/*
 * nslab-init init mode: a node's root of its own. The node sees a tree (the machine's "/",
 * or a directory such as a debootstrap) through a copy-on-write overlay whose upper layer is
 * on the lab's layers tmpfs: every write stays in the node, and goes with the lab. Then, as a
 * container runtime does: its own /proc, /sys, /dev, an empty /tmp and /run, the machine's
 * other file systems read-only, the lab's mounts and files, and pivot_root into it.
 *
 * What is made here lives in the node's own mount namespace (made private before): it
 * vanishes with the node's last process. Only the layer directory is on the machine.
 */
#include "init.h"

#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <limits.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/syscall.h>

#ifndef SYS_mount_setattr
#define SYS_mount_setattr 442
#endif
#ifndef AT_RECURSIVE
#define AT_RECURSIVE 0x8000
#endif
/* <linux/mount.h>'s, which clashes with <sys/mount.h> on older C libraries. */
struct nslab_mount_attr { unsigned long long attr_set, attr_clr, propagation, userns_fd; };
#define NSLAB_MOUNT_ATTR_RDONLY 0x00000001

/* Where the machine's tree stays in sight between pivot_root and the binds made from it. */
#define OLD_ROOT "/.nslab-old-root"

/* The machine's mounts the node gets anyway, its own way (and /run and /tmp: its own, empty). */
static bool own_in_node(const char *mountpoint)
{
	static const char *const own[] = {"/proc", "/sys", "/dev", "/run", "/tmp", "/var/run", "/"};
	for (size_t i = 0; i < sizeof own / sizeof own[0]; i++) {
		size_t n = strlen(own[i]);
		if (strcmp(mountpoint, own[i]) == 0) return true;
		if (n > 1 && strncmp(mountpoint, own[i], n) == 0 && mountpoint[n] == '/') return true;
	}
	return false;
}

/* mkdir -p, each missing directory 0755 (in the node's own view: the overlay's upper layer). */
static void make_dirs(const char *path)
{
	char buf[PATH_MAX];
	snprintf(buf, sizeof buf, "%s", path);
	for (char *p = buf + 1; ; p++) {
		if (*p != '/' && *p != '\0') continue;
		char c = *p;
		*p = '\0';
		if (mkdir(buf, 0755) < 0 && errno != EEXIST) fail(errno, "create %s in the node", buf);
		if (c == '\0') return;
		*p = c;
	}
}

/* A mount point for a bind of source_fd: a directory, or an empty file for a file. */
static void make_mount_point(const char *target, int source_fd)
{
	struct stat st;
	if (fstat(source_fd, &st) < 0) fail(errno, "stat the source of %s", target);
	if (S_ISDIR(st.st_mode)) {
		make_dirs(target);
		return;
	}
	/* An existing file is left as it is: opening it to write would copy it up for nothing. */
	if (lstat(target, &st) == 0) return;
	char dir[PATH_MAX];
	snprintf(dir, sizeof dir, "%s", target);
	char *slash = strrchr(dir, '/');
	if (slash && slash != dir) {
		*slash = '\0';
		make_dirs(dir);
	}
	int fd = open(target, O_WRONLY | O_CREAT | O_CLOEXEC, 0644);
	if (fd < 0) fail(errno, "create %s in the node", target);
	close(fd);
}

static void read_only(const char *target)
{
	struct nslab_mount_attr attr = { .attr_set = NSLAB_MOUNT_ATTR_RDONLY };
	if (syscall(SYS_mount_setattr, AT_FDCWD, target, AT_RECURSIVE, &attr, sizeof attr) < 0)
		fail(errno, "make %s read-only in the node", target);
}

/* A bind of what fd (opened before pivot_root) names, with everything mounted below it. */
static void bind_fd(int fd, const char *target, bool readonly)
{
	char source[64];
	snprintf(source, sizeof source, "/proc/self/fd/%d", fd);
	if (mount(source, target, NULL, MS_BIND | MS_REC, NULL) < 0) fail(errno, "bind-mount on %s in the node", target);
	if (readonly) read_only(target);
}

static int open_path(const char *path)
{
	int fd = open(path, O_PATH | O_CLOEXEC);
	if (fd < 0) fail(errno, "open %s", path);
	return fd;
}

/*
 * The machine's other file systems (a separate /home, /work, ...), each as it is mounted on
 * the machine: the mounts right under the machine's root that the node does not get its own
 * way. Returns how many; each opened (O_PATH) into fds, its path into paths. A mount whose
 * path names nothing is left out: one hidden under a file system mounted later on a directory
 * above it (a tmpfs over /mnt after /mnt/x/y was mounted), which the machine itself cannot
 * reach either.
 */
static int other_file_systems(int *fds, char paths[][PATH_MAX], int max)
{
	FILE *f = fopen("/proc/self/mountinfo", "re");
	if (!f) fail(errno, "open /proc/self/mountinfo");
	char line[4096];
	long root_id = -1;
	int n = 0;
	/* "ID PARENT MAJ:MIN ROOT MOUNTPOINT OPTIONS [OPTIONAL...] - FSTYPE SOURCE SUPER".
	 * Two passes: first the machine's "/" (the last mount there, on top of any below), as
	 * a parent is not always listed before its children (on a machine that switched root
	 * after mounting /proc, /proc comes first); then the mounts right on it. */
	for (int pass = 0; pass < 2; pass++) {
		rewind(f);
		while (fgets(line, sizeof line, f)) {
			long id, parent;
			char mountpoint[PATH_MAX];
			if (sscanf(line, "%ld %ld %*s %*s %4095s", &id, &parent, mountpoint) != 3) continue;
			unescape_mountinfo(mountpoint);
			if (strcmp(mountpoint, "/") == 0) {
				if (pass == 0) root_id = id;
				continue;
			}
			if (pass == 0 || parent != root_id || own_in_node(mountpoint)) continue;
			char *sep = strstr(line, " - ");
			if (sep && strncmp(sep + 3, "tmpfs nslab-layers", 18) == 0) continue; /* another lab's layers */
			if (sep && strncmp(sep + 3, "nsfs ", 5) == 0) continue;
			if (n == max) fail(0, "more than %d file systems mounted on the machine's /", max);
			int fd = open(mountpoint, O_PATH | O_CLOEXEC);
			if (fd < 0 && (errno == ENOENT || errno == ENOTDIR)) continue;
			if (fd < 0) fail(errno, "open %s", mountpoint);
			fds[n] = fd;
			snprintf(paths[n++], PATH_MAX, "%s", mountpoint);
		}
	}
	fclose(f);
	return n;
}

static void tmpfs_at(const char *target, const char *options)
{
	make_dirs(target);
	if (mount("tmpfs", target, "tmpfs", MS_NOSUID | MS_NODEV, options) < 0) fail(errno, "mount tmpfs on %s", target);
}

/* "USER[:GROUP]", names or numbers, as the node's own /etc/passwd and /etc/group say (no NSS:
 * a directory root's C library is not ours to load). GROUP defaults to USER's own group. */
static void owner_ids(const char *owner, uid_t *uid, gid_t *gid)
{
	char user[256], group[256] = "";
	snprintf(user, sizeof user, "%s", owner);
	char *colon = strchr(user, ':');
	if (colon) {
		snprintf(group, sizeof group, "%s", colon + 1);
		*colon = '\0';
	}
	char *end;
	long number = strtol(user, &end, 10);
	bool found = *user && !*end;
	*uid = (uid_t)number;
	*gid = (gid_t)-1;
	FILE *f = fopen("/etc/passwd", "re");
	for (struct passwd *p; f && (p = fgetpwent(f));) {
		if (found ? p->pw_uid == *uid : strcmp(p->pw_name, user) == 0) {
			*uid = p->pw_uid;
			*gid = p->pw_gid;
			found = true;
			break;
		}
	}
	if (f) fclose(f);
	if (!found) fail(0, "owner %s: no user %s in the node's /etc/passwd", owner, user);
	if (!*group) {
		if (*gid == (gid_t)-1) fail(0, "owner %s: give a group as well (USER:GROUP)", owner);
		return;
	}
	number = strtol(group, &end, 10);
	if (!*end) {
		*gid = (gid_t)number;
		return;
	}
	f = fopen("/etc/group", "re");
	for (struct group *g; f && (g = fgetgrent(f));) {
		if (strcmp(g->gr_name, group) == 0) {
			*gid = g->gr_gid;
			fclose(f);
			return;
		}
	}
	if (f) fclose(f);
	fail(0, "owner %s: no group %s in the node's /etc/group", owner, group);
}

/* The lab's files, written in the node's own view (after its mounts: a file may be in a tmpfs). */
static void node_files_of_lab(const struct node *node)
{
	for (int i = 0; i < node->nfiles; i++) {
		const struct node_file *f = &node->files[i];
		char dir[PATH_MAX];
		snprintf(dir, sizeof dir, "%s", f->path);
		char *slash = strrchr(dir, '/');
		if (slash && slash != dir) {
			*slash = '\0';
			make_dirs(dir);
		}
		/* Replaced, not rewritten: a copy-up of the machine's file would only be thrown away. */
		if (unlink(f->path) < 0 && errno != ENOENT) fail(errno, "replace %s in the node", f->path);
		write_file(f->path, -1, f->content);
		mode_t mode = (mode_t)strtol(f->mode, NULL, 8);
		if (chmod(f->path, mode) < 0) fail(errno, "chmod %s %s in the node", f->mode, f->path);
		if (*f->owner) {
			uid_t uid;
			gid_t gid;
			owner_ids(f->owner, &uid, &gid);
			if (chown(f->path, uid, gid) < 0) fail(errno, "chown %s %s in the node", f->owner, f->path);
		}
	}
}

/*
 * The node's /etc/hosts and /etc/hostname, as Docker gives them: files of its own beside its
 * layer (on the lab's layers tmpfs, where `ls` on the machine finds them), bind-mounted over
 * the tree's. The hosts file is a view of the lab's (node_hosts_file, in LAYER/etc-hosts: the lab's
 * until the node writes it), or a copy for a node with a hostname of its own. Made while the
 * machine's tree is in sight; returns their opened paths.
 */
static void node_hosts_files(const struct node *node, int hosts_fd, int fds[2])
{
	char path[PATH_MAX + 16], hostname[HOST_NAME_MAX + 2], lower[PATH_MAX], dir[PATH_MAX + 16];
	lab_hosts_dir(node, lower, sizeof lower);
	snprintf(dir, sizeof dir, "%s/etc-hosts", node->root_layer);
	node_hosts_file(node, lower, dir, node->root_layer, hosts_fd, path, sizeof path);
	fds[0] = open_path(path);
	snprintf(path, sizeof path, "%s/hostname", node->root_layer);
	snprintf(hostname, sizeof hostname, "%s\n", node->hostname);
	if (unlink(path) < 0 && errno != ENOENT) fail(errno, "replace %s", path);
	write_file(path, -1, hostname);
	fds[1] = open_path(path);
}

void node_mounts(const struct node *node, const int *source_fds, bool make_targets)
{
	for (int i = 0; i < node->nmounts; i++) {
		const struct node_mount *m = &node->mounts[i];
		if (!m->source) {
			if (make_targets) make_dirs(m->target);
			if (mount("tmpfs", m->target, "tmpfs", MS_NOSUID | MS_NODEV, "mode=0755") < 0)
				fail(errno, "mount tmpfs on %s in the node", m->target);
			continue;
		}
		int fd = source_fds ? source_fds[i] : open_path(m->source);
		if (make_targets) make_mount_point(m->target, fd);
		bind_fd(fd, m->target, m->readonly);
		if (!source_fds) close(fd);
	}
}

void enter_own_root(const struct node *node, int hosts_fd)
{
	/* 1. The overlay: the tree below, the node's writes above, on the lab's layers tmpfs. */
	char upper[PATH_MAX], work[PATH_MAX], root[PATH_MAX], options[3 * PATH_MAX + 64];
	snprintf(upper, sizeof upper, "%s/upper", node->root_layer);
	snprintf(work, sizeof work, "%s/work", node->root_layer);
	snprintf(root, sizeof root, "%s/root", node->root_layer);
	const char *dirs[] = {node->root_layer, upper, work, root};
	for (size_t i = 0; i < 4; i++)
		if (mkdir(dirs[i], i == 0 ? 0700 : 0755) < 0 && errno != EEXIST) fail(errno, "create %s", dirs[i]);
	/* In a user's user namespace (a rootless lab) overlayfs may not use trusted.* xattrs, which
	 * only the machine's root may write: userxattr keeps its whiteouts in user.* instead. */
	snprintf(options, sizeof options, "lowerdir=%s,upperdir=%s,workdir=%s%s", node->root_lower, upper, work,
		 node->rootless ? ",userxattr" : "");
	if (mount("overlay", root, "overlay", 0, options) < 0) fail(errno, "mount -t overlay -o %s overlay %s", options, root);

	/* 2. What the node gets from the machine's tree, opened while it is in sight. /proc is
	 *    bound at once: from here on /proc/self/fd names those opened; and PID 1 mounts the
	 *    node's own /proc over it later (the kernel wants a full /proc in sight for that). */
	char proc[PATH_MAX + 8];
	snprintf(proc, sizeof proc, "%s/proc", root);
	if (mkdir(proc, 0555) < 0 && errno != EEXIST) fail(errno, "create %s", proc);
	if (mount("/proc", proc, NULL, MS_BIND | MS_REC, NULL) < 0) fail(errno, "bind-mount /proc on %s", proc);
	int dev = node->makes_dev ? -1 : open_path("/dev");
	enum { MAX_FS = 256 };
	static int fs_fds[MAX_FS];
	static char fs_paths[MAX_FS][PATH_MAX];
	int nfs = other_file_systems(fs_fds, fs_paths, MAX_FS);
	int sources[32];
	for (int i = 0; i < node->nmounts; i++) sources[i] = node->mounts[i].source ? open_path(node->mounts[i].source) : -1;
	int hosts[2] = {-1, -1};
	if (hosts_fd >= 0) node_hosts_files(node, hosts_fd, hosts);

	/* 3. pivot_root: the overlay becomes "/", the machine's tree waits under OLD_ROOT. */
	char old[PATH_MAX + 32];
	snprintf(old, sizeof old, "%s%s", root, OLD_ROOT);
	if (mkdir(old, 0700) < 0 && errno != EEXIST) fail(errno, "create %s", old);
	if (syscall(SYS_pivot_root, root, old) < 0) fail(errno, "pivot_root %s %s", root, old);
	if (chdir("/") < 0) fail(errno, "chdir / in the node");

	/* 4. The node's own /dev, /sys, /tmp, /run; the machine's other file systems, read-only. */
	if (node->makes_dev) container_dev(); /* init_dev.c */
	else {
		make_dirs("/dev");
		bind_fd(dev, "/dev", false);
		close(dev);
	}
	make_dirs("/sys");
	if (mount("sysfs", "/sys", "sysfs", MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL) < 0) fail(errno, "mount sysfs on /sys");
	tmpfs_at("/tmp", "mode=1777");
	tmpfs_at("/run", "mode=0755");
	for (int i = 0; i < nfs; i++) {
		make_mount_point(fs_paths[i], fs_fds[i]);
		bind_fd(fs_fds[i], fs_paths[i], true);
		close(fs_fds[i]);
	}

	/* 5. The node's /etc/hosts and /etc/hostname, the lab's mounts and files. */
	static const char *const etc[2] = {"/etc/hosts", "/etc/hostname"};
	for (int i = 0; i < 2 && hosts[i] >= 0; i++) {
		make_mount_point(etc[i], hosts[i]);
		bind_fd(hosts[i], etc[i], false);
		close(hosts[i]);
	}
	node_mounts(node, sources, true);
	for (int i = 0; i < node->nmounts; i++) if (sources[i] >= 0) close(sources[i]);
	node_files_of_lab(node);

	/* 6. The machine's tree out of the node's sight (and of its mount table). */
	if (umount2(OLD_ROOT, MNT_DETACH) < 0) fail(errno, "unmount the machine's root in the node");
	if (rmdir(OLD_ROOT) < 0) fail(errno, "remove %s in the node", OLD_ROOT);
}
