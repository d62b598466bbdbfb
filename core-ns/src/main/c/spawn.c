/*
 * nslab-init spawn mode: many nodes from one process.
 *
 * Starting each node from the JVM costs a process launch of its own (posix_spawn of the
 * JDK's helper, which then execs us), two pipes and threads on the Java side: for a 100-node
 * lab, more CPU than its namespaces. So nslab starts one of us in spawn mode for a whole
 * lab and asks it for every node: a fork of this small, single-threaded process and an exec
 * of it again as `nslab-init init` are cheap.
 *
 * Requests on stdin, one per node: "LENGTH\n", then LENGTH bytes of NUL-terminated fields:
 *   ID  LOG  UID_MAP  GID_MAP  ENVCOUNT  ENV...  ARG...
 * LOG empty: /dev/null; UID_MAP and GID_MAP: /proc/PID/uid_map text, empty without a user
 * namespace; ARG...: the init's arguments, as `nslab-init init` takes them. Answers on
 * stdout, one line each: "ID ready PID STARTTIME", "ID error TEXT", or "ID ended" (the child
 * ended without a word). A child's "userns" stays here: we are its parent, and root in the
 * machine's user namespace, so we write its maps. At the end of stdin we exit once every
 * child has answered.
 */
#include "nslab-init.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/syscall.h>
#include <sys/wait.h>

struct child {
	char id[32];
	pid_t pid;
	int report_fd;             /* what the child reports, read here */
	int sync_fd;               /* our "go" after its user namespace maps */
	char *uid_map, *gid_map;
	char line[1024];
	size_t len;
	bool answered;
	struct child *next;
};

static void answer(struct child *c, const char *text)
{
	char line[1100];
	int n = snprintf(line, sizeof line, "%s %s\n", c->id, text);
	if (n >= (int)sizeof line) { n = sizeof line - 1; line[n - 1] = '\n'; }
	write_all(STDOUT_FILENO, line, (size_t)n);
	c->answered = true;
}

static bool write_proc(pid_t pid, const char *name, const char *text, char *why, size_t size)
{
	char path[64];
	snprintf(path, sizeof path, "/proc/%d/%s", (int)pid, name);
	int fd = open(path, O_WRONLY | O_CLOEXEC);
	/* One write(2): the kernel takes a map in one piece, and only once. */
	if (fd < 0 || write(fd, text, strlen(text)) != (ssize_t)strlen(text)) {
		snprintf(why, size, "error write %s: %s", path, strerror(errno));
		if (fd >= 0) close(fd);
		return false;
	}
	close(fd);
	return true;
}

/* The child unshared its user namespace: map it (gid_map after setgroups), then "go". */
static void map_user(struct child *c)
{
	char why[256];
	if (c->uid_map[0] && write_proc(c->pid, "uid_map", c->uid_map, why, sizeof why) &&
	    write_proc(c->pid, "setgroups", "allow\n", why, sizeof why) &&
	    write_proc(c->pid, "gid_map", c->gid_map, why, sizeof why)) {
		write_all(c->sync_fd, "\n", 1);
		return;
	}
	if (!c->uid_map[0]) snprintf(why, sizeof why, "error nslab-init asked for user namespace maps, but the node has none");
	answer(c, why);
	close(c->sync_fd); /* the child gives up too */
	c->sync_fd = -1;
}

/* This program's own path: exec'd by that name, so the node's PID 1 is called nslab-init. */
static char self_exe[PATH_MAX];
/* The process that asks for nodes: our parent when we started. */
static pid_t asker;
/* The mount namespace the nodes copy (spawn_template.c), made at the first request; -1: ours. */
static int template_fd = -1;
static bool template_made;

static void close_from(int lowest)
{
	if (syscall(SYS_close_range, lowest, ~0U, 0) == 0) return;
	for (int fd = lowest; fd < 1024; fd++) close(fd);
}

static struct child *spawn_child(char **field, int count)
{
	/* ID LOG UID_MAP GID_MAP ENVCOUNT: five fields before the environment. */
	int envc = count >= 5 ? atoi(field[4]) : -1;
	if (envc < 0 || 5 + envc > count) return NULL;
	struct child *c = calloc(1, sizeof *c);
	if (!c) fail(ENOMEM, "spawn");
	snprintf(c->id, sizeof c->id, "%s", field[0]);
	c->uid_map = strdup(field[2]);
	c->gid_map = strdup(field[3]);
	char **env = calloc((size_t)envc + 1, sizeof *env);
	if (!c->uid_map || !c->gid_map || !env) fail(ENOMEM, "spawn");
	for (int i = 0; i < envc; i++) env[i] = field[5 + i];
	int argc = count - 5 - envc;
	char **argv = field + 5 + envc;

	if (!template_made) {
		template_made = true;
		template_fd = mount_template();
	}
	int report[2], sync[2];
	if (pipe2(report, O_CLOEXEC) < 0 || pipe2(sync, O_CLOEXEC) < 0) fail(errno, "spawn: pipe");
	c->pid = fork();
	if (c->pid < 0) fail(errno, "spawn: fork");
	if (c->pid == 0) {
		/* As exec'd by nslab: stdin the "go", stdout the reports, stderr the log. */
		const char *log = field[1][0] ? field[1] : "/dev/null";
		int logfd = open(log, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644);
		if (logfd < 0) {
			char line[600];
			int n = snprintf(line, sizeof line, "error open %s: %s\n", log, strerror(errno));
			write_all(report[1], line, (size_t)n);
			_exit(1);
		}
		if (dup2(sync[0], STDIN_FILENO) < 0 || dup2(report[1], STDOUT_FILENO) < 0 || dup2(logfd, STDERR_FILENO) < 0)
			_exit(1);
		/* The mount namespace to copy goes in as fd 3 (dup2 clears close-on-exec; on itself it
		 * would not). Nothing else of ours, nor the other children's pipes, goes into a node. */
		if (template_fd >= 0 && (template_fd == 3 ? fcntl(3, F_SETFD, 0) : dup2(template_fd, 3)) < 0) _exit(1);
		close_from(template_fd >= 0 ? 4 : 3);
		/* exec'd again rather than calling init_command here: the node's environment must be
		 * the process's own, in /proc/PID/environ, where `nslab exec` reads it. */
		char **args = calloc((size_t)argc + 5, sizeof *args);
		if (!args) _exit(1);
		int at = 0;
		args[at++] = "nslab-init";
		args[at++] = "init";
		if (template_fd >= 0) {
			args[at++] = "--mounts-from";
			args[at++] = "3";
		}
		memcpy(args + at, argv, (size_t)argc * sizeof *argv);
		execve(self_exe, args, env);
		char line[300];
		int n = snprintf(line, sizeof line, "error exec nslab-init: %s\n", strerror(errno));
		write_all(STDOUT_FILENO, line, (size_t)n);
		_exit(1);
	}
	free(env);
	close(report[1]);
	close(sync[0]);
	c->report_fd = report[0];
	c->sync_fd = sync[1];
	return c;
}

/* One complete request at the start of buf (len bytes): its size, or 0 if not all there yet. */
static size_t take_request(char *buf, size_t len, struct child **children)
{
	char *nl = memchr(buf, '\n', len < 24 ? len : 24);
	if (!nl) {
		if (len >= 24) fail(0, "spawn: a request must start with its length");
		return 0;
	}
	size_t size = strtoul(buf, NULL, 10), head = (size_t)(nl - buf) + 1;
	if (len < head + size) return 0;
	char *body = buf + head, *field[4096];
	int count = 0;
	for (size_t at = 0; at < size; count++) {
		if (count == 4096) fail(0, "spawn: a request of more than 4096 fields");
		field[count] = body + at;
		char *end = memchr(body + at, '\0', size - at);
		if (!end) fail(0, "spawn: a field must end with NUL");
		at = (size_t)(end - body) + 1;
	}
	/* A request whose asker is gone (nslab killed meanwhile: we were re-parented) is not
	 * started: nobody would journal the node, and nothing would know to stop it. */
	if (getppid() != asker) {
		fprintf(stderr, "nslab-init: spawn: nslab is gone; node request %s not started\n", field[0]);
		return head + size;
	}
	struct child *c = spawn_child(field, count);
	if (!c) fail(0, "spawn: a malformed request");
	c->next = *children;
	*children = c;
	return head + size;
}

/* Reads what a child reported: its lines pass on with its id, "userns" is ours. False at its end. */
static bool read_report(struct child *c)
{
	ssize_t n = read(c->report_fd, c->line + c->len, sizeof c->line - 1 - c->len);
	if (n < 0 && errno == EINTR) return true;
	if (n <= 0) return false;
	c->len += (size_t)n;
	char *nl;
	while ((nl = memchr(c->line, '\n', c->len))) {
		*nl = '\0';
		if (strcmp(c->line, "userns") == 0) map_user(c);
		else if (!c->answered) answer(c, c->line);
		c->len -= (size_t)(nl + 1 - c->line);
		memmove(c->line, nl + 1, c->len);
	}
	if (c->len == sizeof c->line - 1) c->len = 0; /* no line is that long: drop it */
	return true;
}

int spawn_command(void)
{
	/* Our children are the nodes' first processes; their PID 1s are not ours to wait for. */
	signal(SIGPIPE, SIG_DFL);
	asker = getppid();
	ssize_t n_exe = readlink("/proc/self/exe", self_exe, sizeof self_exe - 1);
	if (n_exe <= 0) fail(errno, "spawn: readlink /proc/self/exe");
	self_exe[n_exe] = '\0';
	struct child *children = NULL;
	size_t cap = 1 << 16, len = 0;
	char *buf = malloc(cap);
	bool input = true;
	if (!buf) fail(ENOMEM, "spawn");
	while (input || children) {
		int n = 0;
		for (struct child *c = children; c; c = c->next) n++;
		struct pollfd fds[n + 1];
		int k = 0;
		if (input) fds[k++] = (struct pollfd){ .fd = STDIN_FILENO, .events = POLLIN };
		for (struct child *c = children; c; c = c->next) fds[k++] = (struct pollfd){ .fd = c->report_fd, .events = POLLIN };
		if (poll(fds, (nfds_t)k, -1) < 0) {
			if (errno == EINTR) continue;
			fail(errno, "spawn: poll");
		}
		k = 0;
		if (input && (fds[k++].revents & (POLLIN | POLLHUP))) {
			if (len == cap && !(buf = realloc(buf, cap *= 2))) fail(ENOMEM, "spawn");
			ssize_t got = read(STDIN_FILENO, buf + len, cap - len);
			if (got <= 0 && !(got < 0 && errno == EINTR)) input = false;
			if (got > 0) len += (size_t)got;
			size_t used;
			while (len && (used = take_request(buf, len, &children))) {
				len -= used;
				memmove(buf, buf + used, len);
			}
		}
		for (struct child **at = &children; *at; ) {
			struct child *c = *at;
			short ready = k < (int)(sizeof fds / sizeof fds[0]) && fds[k].fd == c->report_fd ? fds[k++].revents : 0;
			if (!ready || read_report(c)) { at = &c->next; continue; }
			if (!c->answered) answer(c, "ended");
			close(c->report_fd);
			if (c->sync_fd >= 0) close(c->sync_fd);
			*at = c->next;
			free(c->uid_map);
			free(c->gid_map);
			free(c);
		}
		while (waitpid(-1, NULL, WNOHANG) > 0) {}
	}
	while (waitpid(-1, NULL, 0) > 0) {}
	return 0;
}
