/*
 * nslab-init rootless: the holder, the process that keeps a user's rootless labs alive.
 *
 * A user's labs live in one user namespace the user owns (the user mapped to root inside)
 * and one mount namespace owned by it, where the labs' namespace pins (/run/netns/NAME)
 * are mounted. A namespace lives while a process is in it or a mount pins it; the pins live
 * in the mount namespace, so something must stay in that mount namespace between commands:
 * the holder, a process that does nothing else. Commands join its namespaces
 * (rootless.c); the last `down` stops it, and with it go the namespaces.
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

/*
 * In the holder: the namespaces, the maps and the pins' directory, then "ready" on the pipe.
 * Errors go to the pipe as one line ("error TEXT") and end the holder.
 */
static void become_holder(int ready_fd)
{
	/* Nothing of the command's stays open in the holder: above all not holder.lock, whose
	 * lock would then outlive the command that took it (rootless.c). */
	if (ready_fd != 3) {
		dup2(ready_fd, 3);
		ready_fd = 3;
	}
	close_range(4, ~0U, 0);
	report_fd = ready_fd;
	uid_t uid = getuid();
	gid_t gid = getgid();
	/* Its own session: a terminal's ^C or hang-up, meant for the command, never reaches it. */
	setsid();
	if (unshare(CLONE_NEWUSER | CLONE_NEWNS) < 0) {
		fail(errno, "cannot create a user namespace (rootless labs need unprivileged user namespaces: see nslab doctor)");
	}
	/*
	 * One id mapped: the user is root inside, and only the user. setgroups must be denied
	 * first, or an unprivileged process may not write a gid_map at all (user_namespaces(7)).
	 * A wider range (newuidmap and /etc/subuid) is left for later: nodes' own user maps need it.
	 */
	char map[64];
	snprintf(map, sizeof map, "0 %u 1\n", (unsigned)uid);
	if (!write_self("uid_map", map)) fail(errno, "write uid_map");
	if (!write_self("setgroups", "deny\n")) fail(errno, "write setgroups");
	snprintf(map, sizeof map, "0 %u 1\n", (unsigned)gid);
	if (!write_self("gid_map", map)) fail(errno, "write gid_map");
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
		pid_t holder = fork();
		if (holder == 0) become_holder(pipefd[1]);
		_exit(holder < 0 ? 1 : 0);
	}
	close(pipefd[1]);
	waitpid(child, NULL, 0);
	char line[1024];
	size_t len = 0;
	ssize_t n;
	while (len < sizeof line - 1 && (n = read(pipefd[0], line + len, sizeof line - 1 - len)) > 0) len += n;
	close(pipefd[0]);
	line[len] = '\0';
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
