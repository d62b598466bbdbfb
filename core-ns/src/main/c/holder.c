/*
 * nslab-init rootless: the holder, the process that keeps a user's rootless labs alive.
 *
 * A user's labs live in one user namespace the user owns (the user mapped to root inside)
 * and one mount namespace owned by it, where the labs' namespace pins (/run/netns/NAME)
 * are mounted. A namespace lives while a process is in it or a mount pins it; the pins live
 * in the mount namespace, so something must stay in that mount namespace between commands:
 * the holder, a process that does nothing else. Commands join its namespaces
 * (rootless.c); the last `down` stops it, and with it go the namespaces. The user's
 * subordinate ids, where /etc/subuid gives some, are mapped into it (subids.c).
 */
#include "nslab-init.h"

#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

/* Writes TEXT to /proc/self/NAME; false (errno set) when the kernel refuses. */
static bool write_self(const char *name, const char *text)
{
	char path[64];
	snprintf(path, sizeof path, "/proc/self/%s", name);
	int fd = open(path, O_WRONLY | O_CLOEXEC);
	if (fd < 0) return false;
	ssize_t n = write(fd, text, strlen(text));
	int err = errno;
	close(fd);
	errno = err;
	return n == (ssize_t)strlen(text);
}

/* Whether /proc/self/NAME (uid_map, gid_map) has been written: it can be, once. */
static bool written(const char *name)
{
	char path[64], text[8];
	snprintf(path, sizeof path, "/proc/self/%s", name);
	size_t n = read_file(path, text, sizeof text);
	return n != (size_t)-1 && n > 0;
}

/*
 * In the holder: the namespaces, the maps and the pins' directory, then "ready" on the pipe.
 * Errors go to the pipe as one line ("error TEXT") and end the holder. ASK and ANSWER are the
 * pipes to the process that started it, which maps the user's subordinate ids for it.
 */
static void become_holder(int ready_fd, int ask_fd, int answer_fd)
{
	report_fd = ready_fd;
	uid_t uid = getuid();
	gid_t gid = getgid();
	/* Its own session: a terminal's ^C or hang-up, meant for the command, never reaches it. */
	setsid();
	if (unshare(CLONE_NEWUSER | CLONE_NEWNS) < 0) {
		fail(errno, "cannot create a user namespace (rootless labs need unprivileged user namespaces: see nslab doctor)");
	}
	/*
	 * newuidmap must write the maps from outside (subids.c): our starter does, once asked.
	 * Whatever it could not map, the holder maps alone, one id: the user is root inside,
	 * and only the user; nodes' own user maps are then refused (the Java side reads the
	 * maps). setgroups must be denied first, or an unprivileged process may not write a
	 * gid_map at all (user_namespaces(7)).
	 */
	char answer = 0;
	if (write(ask_fd, "m", 1) != 1 || read(answer_fd, &answer, 1) != 1) answer = 0;
	close(ask_fd);
	close(answer_fd);
	char map[64];
	if (!written("uid_map")) {
		snprintf(map, sizeof map, "0 %u 1\n", (unsigned)uid);
		if (!write_self("uid_map", map)) fail(errno, "write uid_map");
	}
	if (!written("gid_map")) {
		if (!write_self("setgroups", "deny\n")) fail(errno, "write setgroups");
		snprintf(map, sizeof map, "0 %u 1\n", (unsigned)gid);
		if (!write_self("gid_map", map)) fail(errno, "write gid_map");
	}
	/* Nothing of the command's stays open in the holder: above all not holder.lock, whose
	 * lock would then outlive the command that took it (rootless.c). */
	if (ready_fd != 3) {
		dup2(ready_fd, 3);
		ready_fd = 3;
		report_fd = ready_fd;
	}
	close_range(4, ~0U, 0);
	/* Nothing mounted here propagates back to the machine's mount namespace. */
	if (mount(NULL, "/", NULL, MS_REC | MS_SLAVE, NULL) < 0) fail(errno, "make / a slave mount");
	/*
	 * The pins go where nslab (and `ip netns`) put them, /run/netns, but on a tmpfs of this
	 * mount namespace: the machine's /run/netns never sees them. Its directory must exist
	 * (a user cannot create it in the machine's /run).
	 */
	if (mount("nslab-netns", "/run/netns", "tmpfs", MS_NOSUID | MS_NODEV | MS_NOEXEC, "mode=0755") < 0) {
		fail(errno, "mount a tmpfs on /run/netns (rootless labs need that directory: sudo mkdir -p /run/netns)");
	}
	unsigned long long start;
	long pid;
	char state;
	if (!read_stat("/proc/self/stat", &pid, &state, &start)) fail(0, "read /proc/self/stat");
	report("ready %ld %llu", pid, start);
	close(ready_fd);
	report_fd = -1;

	int null = open("/dev/null", O_RDWR | O_CLOEXEC);
	if (null >= 0) {
		dup2(null, 0);
		dup2(null, 1);
		dup2(null, 2);
	}
	if (chdir("/") < 0) { /* keeps the caller's directory busy, nothing worse */ }
	reset_signals();
	/* SIGTERM (from the last down) ends it with its default action; so does SIGKILL. */
	for (;;) pause();
}

/*
 * HOLDER_FILE's neighbour "subids": "mapped", or why the user's subordinate ids are not in
 * the holder's user namespace (read by the Java side when a node asks for a user map).
 */
static void write_subids_note(const char *holder_file, const char *text)
{
	char path[4096];
	snprintf(path, sizeof path, "%s", holder_file);
	char *slash = strrchr(path, '/');
	snprintf(slash ? slash + 1 : path, sizeof path - (size_t)(slash ? slash + 1 - path : 0), "subids");
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0600);
	if (fd < 0) return;
	write_all(fd, text, strlen(text));
	write_all(fd, "\n", 1);
	close(fd);
}

/*
 * Starts a holder, detached (a grandchild: it is nobody's child that would have to wait
 * for it), and writes "PID STARTTIME" to HOLDER_FILE once it is ready. Returns NULL, or the
 * reason it could not (one line, in WHY).
 */
const char *start_holder(const char *holder_file, char *why, size_t size)
{
	int pipefd[2];
	if (pipe2(pipefd, O_CLOEXEC) < 0) {
		snprintf(why, size, "pipe: %s", strerror(errno));
		return why;
	}
	pid_t child = fork();
	if (child < 0) {
		snprintf(why, size, "fork: %s", strerror(errno));
		return why;
	}
	if (child == 0) {
		close(pipefd[0]);
		int ask[2], answer[2];
		if (pipe2(ask, O_CLOEXEC) < 0 || pipe2(answer, O_CLOEXEC) < 0) _exit(1);
		pid_t holder = fork();
		if (holder == 0) {
			close(ask[0]);
			close(answer[1]);
			become_holder(pipefd[1], ask[1], answer[0]);
		}
		close(ask[1]);
		close(answer[0]);
		close(pipefd[1]);
		char c, subids[512];
		if (holder > 0 && read(ask[0], &c, 1) == 1) {
			/* What came of it, for a node's user map to say why it cannot have one. */
			bool mapped = map_subordinate_ids(holder, subids, sizeof subids);
			if (mapped) snprintf(subids, sizeof subids, "mapped");
			write_subids_note(holder_file, subids);
			if (write(answer[1], mapped ? "r" : "1", 1) != 1) { /* the holder has gone: its error says why */ }
		}
		_exit(holder < 0 ? 1 : 0);
	}
	close(pipefd[1]);
	waitpid(child, NULL, 0);
	char line[1024];
	read_all(pipefd[0], line, sizeof line);
	line[strcspn(line, "\n")] = '\0';
	if (strncmp(line, "ready ", 6) != 0) {
		snprintf(why, size, "%s", strncmp(line, "error ", 6) == 0 ? line + 6 : "the holder ended without a word");
		return why;
	}
	/* Written whole, then renamed: a reader sees the old file or the new one, never half. */
	char tmp[4096];
	snprintf(tmp, sizeof tmp, "%s.tmp", holder_file);
	int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0600);
	if (fd < 0 || (write_all(fd, line + 6, strlen(line + 6)), write_all(fd, "\n", 1), close(fd) < 0) ||
	    rename(tmp, holder_file) < 0) {
		snprintf(why, size, "write %s: %s", holder_file, strerror(errno));
		long pid = strtol(line + 6, NULL, 10);
		if (pid > 0) kill((pid_t)pid, SIGKILL); /* a holder nobody can find would live on */
		return why;
	}
	return NULL;
}
