/*
 * nslab-init netns mode: network namespaces for nodes, each owned by a user namespace of the
 * node's own.
 *
 *   nslab-init netns DIR NAME...
 *
 * Why a user namespace per node: a capability is held *in* a user namespace, and counts for
 * the namespaces it owns (and theirs). A node whose network namespace is owned by its own user
 * namespace can be given CAP_NET_ADMIN or CAP_SYS_ADMIN there (FRR's daemons refuse to start
 * without SYS_ADMIN in their permitted set) and still has none over the machine: setting the
 * clock, loading a module, mknod of a disk or writing a sysctl outside /proc/sys/net all ask the
 * machine's user namespace. The ids are mapped to themselves (every id this process has): files
 * keep their owners, and the node's root is uid 0 as before.
 *
 * Why here and not in nslab's JVM: only a single-threaded process may create or join a user
 * namespace. For each NAME: DIR/NAME is created (O_EXCL: a name that exists is someone
 * else's), a child unshares a user and a network namespace at once (the kernel makes the user
 * namespace first, so it owns the network namespace), this process writes the child's maps, pins
 * the network namespace with a bind mount on DIR/NAME as `ip netns add` does, and lets the child
 * go. The network namespace keeps its user namespace alive: deleting the pin ends both.
 *
 * Output, on stdout: "made N" once all N are made; or "error K ERRNO WHAT" when the K-th (from 0)
 * failed (the K before it stay, pinned), and exit status 1.
 */
#include "nslab-init.h"

#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/mount.h>
#include <sys/wait.h>

static int made;

__attribute__((noreturn))
static void refuse(int err, const char *what, const char *name)
{
	printf("error %d %d %s %s\n", made, err, what, name);
	fflush(stdout);
	_exit(1);
}

/* This process's map (/proc/self/uid_map or gid_map) as the new namespace's: every id it has, to itself. */
static void identity_map(const char *own, char *out, size_t size)
{
	char buf[4096];
	if (read_file(own, buf, sizeof buf) == (size_t)-1) refuse(errno, "read", own);
	size_t len = 0;
	out[0] = '\0';
	for (char *line = strtok(buf, "\n"); line; line = strtok(NULL, "\n")) {
		unsigned long inside, outside, count;
		if (sscanf(line, "%lu %lu %lu", &inside, &outside, &count) != 3) continue;
		len += (size_t)snprintf(out + len, size - len, "%lu %lu %lu\n", inside, inside, count);
		if (len >= size) refuse(E2BIG, "map", own);
	}
}

/* 0, or the errno of writing MAP to the child's FILE. */
static int write_map(pid_t child, const char *file, const char *map)
{
	char path[64];
	snprintf(path, sizeof path, "/proc/%d/%s", (int)child, file);
	int fd = open(path, O_WRONLY | O_CLOEXEC);
	if (fd < 0) return errno;
	int err = write(fd, map, strlen(map)) == (ssize_t)strlen(map) ? 0 : errno;
	close(fd);
	return err;
}

static void make_one(const char *dir, const char *name, const char *uid_map, const char *gid_map)
{
	char path[4096];
	if (snprintf(path, sizeof path, "%s/%s", dir, name) >= (int)sizeof path) refuse(ENAMETOOLONG, "create", name);
	int fd = open(path, O_RDONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0);
	if (fd < 0) refuse(errno, "create", path);
	close(fd);

	/* ready: the child says it unshared; go: its end closes when we are done with it. */
	int ready[2], go[2];
	pid_t child = pipe2(ready, O_CLOEXEC) < 0 || pipe2(go, O_CLOEXEC) < 0 ? -1 : fork();
	if (child < 0) {
		int err = errno;
		unlink(path);
		refuse(err, "fork", name);
	}
	if (child == 0) {
		close(ready[0]);
		close(go[1]);
		char byte = unshare(CLONE_NEWUSER | CLONE_NEWNET) < 0 ? (char)errno : 0;
		if (write(ready[1], &byte, 1) < 0) _exit(1);
		while (read(go[0], &byte, 1) < 0 && errno == EINTR) {}
		_exit(0);
	}
	close(ready[1]);
	close(go[0]);
	char byte = 1;
	int err = read(ready[0], &byte, 1) == 1 ? byte : EIO;
	close(ready[0]);
	if (!err) err = write_map(child, "uid_map", uid_map);
	if (!err) err = write_map(child, "gid_map", gid_map);
	if (!err) {
		char ns[64];
		snprintf(ns, sizeof ns, "/proc/%d/ns/net", (int)child);
		if (mount(ns, path, NULL, MS_BIND, NULL) < 0) err = errno;
	}
	close(go[1]);
	while (waitpid(child, NULL, 0) < 0 && errno == EINTR) {}
	if (err) {
		unlink(path);
		refuse(err, "make", name);
	}
	made++;
}

int netns_command(int argc, char **argv)
{
	if (argc < 1) {
		fprintf(stderr, "usage: nslab-init netns DIR NAME...\n");
		return 2;
	}
	static char uid_map[4096], gid_map[4096];
	identity_map("/proc/self/uid_map", uid_map, sizeof uid_map);
	identity_map("/proc/self/gid_map", gid_map, sizeof gid_map);
	for (int i = 1; i < argc; i++) make_one(argv[0], argv[i], uid_map, gid_map);
	printf("made %d\n", made);
	return 0;
}
