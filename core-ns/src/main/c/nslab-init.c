/*
 * nslab-init: the PID 1 of every nslab node, and the way into a running node.
 *
 * One file, libc only, single-threaded on purpose: a user namespace can only be created or
 * joined by a single-threaded process, and fork() without exec is only safe in one. That is
 * why this is C and not Java (the JVM has dozens of threads before main() runs).
 *
 *   nslab-init init [--cgroup DIR]... [--net PATH] [--ns uts,ipc,pid,mnt,cgroup] [--user]
 *                   [--hostname NAME] [--hosts FILE [--hosts-line LINE]] [--grace SECONDS] [-- RUN...]
 *   nslab-init spawn          (many inits, asked for on stdin: see spawn_command)
 *   nslab-init exec [-i] [-t] [-e NAME=VALUE]... [--cgroup DIR]... PID STARTTIME [--] CMD [ARG...]
 *
 * init mode talks to its parent (`nslab-init spawn`, which relays to nslab) over two pipes,
 * its stdin and stdout: stdout carries one line per event ("userns", then "ready PID STARTTIME", or
 * "error TEXT"), stdin carries the parent's "go" after it wrote the user namespace maps.
 * The node's environment is this process's environment (the parent sets it); stderr is the
 * node's log (or /dev/null) and stays so after the init detaches.
 *
 * The steps are the seed articles' clone/unshare/setns examples, in the order the kernel
 * needs them. Each comment says why a step is where it is.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <limits.h>
#include <net/if.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>

extern char **environ;

/* ------------------------------------------------------------------------------------- */
/* Reporting. Every error is one line of text: the parent shows it to the user as is.     */

static int report_fd = -1;      /* init mode: the pipe to the parent, until ready */
static bool exec_mode;          /* exec mode: errors go to stderr, exit code 125 */
static struct termios saved_tty; /* exec -t: the caller's terminal, restored on exit */
static bool tty_raw;

static void restore_tty(void)
{
	if (tty_raw) tcsetattr(STDIN_FILENO, TCSANOW, &saved_tty);
	tty_raw = false;
}

static void report(const char *fmt, ...)
{
	char line[1024];
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(line, sizeof line - 1, fmt, ap);
	va_end(ap);
	if (n < 0) return;
	if (n > (int)sizeof line - 2) n = sizeof line - 2;
	line[n++] = '\n';
	/* One write of less than PIPE_BUF bytes: the parent never sees half a line. */
	if (write(report_fd, line, n) < 0) { /* the parent is gone: nobody to tell */ }
}

/* Fails with "what: strerror(err)" (err 0: just "what"). */
__attribute__((noreturn, format(printf, 2, 3)))
static void fail(int err, const char *fmt, ...)
{
	char what[768];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(what, sizeof what, fmt, ap);
	va_end(ap);
	restore_tty();
	if (report_fd >= 0) {
		if (err) report("error %s: %s", what, strerror(err));
		else report("error %s", what);
	} else {
		if (err) fprintf(stderr, "nslab-init: %s: %s\n", what, strerror(err));
		else fprintf(stderr, "nslab-init: %s\n", what);
	}
	_exit(exec_mode ? 125 : 1);
}

/* ------------------------------------------------------------------------------------- */
/* Small helpers.                                                                         */

/* Reads a whole small file (proc files report size 0, so read until EOF). */
static size_t read_file(const char *path, char *buf, size_t size)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) return (size_t)-1;
	size_t len = 0;
	ssize_t n;
	while (len < size - 1 && (n = read(fd, buf + len, size - 1 - len)) > 0) len += n;
	close(fd);
	buf[len] = '\0';
	return len;
}

/*
 * The pid, state and start time (field 22, in clock ticks since boot) of /proc/PID/stat.
 * A pid alone does not name a process: pids are reused. The pair (pid, start time) does,
 * which is how nslab remembers a node's init and never signals a stranger.
 */
static bool read_stat(const char *path, long *pid, char *state, unsigned long long *start)
{
	char buf[1024];
	if (read_file(path, buf, sizeof buf) == (size_t)-1) return false;
	/* The command name (field 2) may hold spaces and ')': fields resume after the last ')'. */
	char *p = strrchr(buf, ')');
	if (!p) return false;
	*pid = strtol(buf, NULL, 10);
	*state = p[2];
	p += 2;
	for (int field = 3; field < 22; field++) {
		p = strchr(p, ' ');
		if (!p) return false;
		p++;
	}
	*start = strtoull(p, NULL, 10);
	return true;
}

static void write_all(int fd, const char *buf, size_t len)
{
	while (len > 0) {
		ssize_t n = write(fd, buf, len);
		if (n < 0 && errno == EINTR) continue;
		if (n <= 0) return;
		buf += n;
		len -= n;
	}
}

/*
 * What a program started by nslab-init gets: no blocked signals and default handlers.
 * Both survive exec, and a program that starts with SIGTERM blocked cannot be stopped.
 */
static void reset_signals(void)
{
	sigset_t none;
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
	for (int sig = 1; sig < NSIG; sig++) signal(sig, SIG_DFL);
}

/* ------------------------------------------------------------------------------------- */
/* init mode                                                                              */

struct node {
	const char *net;           /* the node's network namespace file (joined, never created) */
	int flags;                 /* CLONE_NEW* of the namespaces the node gets of its own */
	bool user;                 /* a user namespace too; the parent writes its maps */
	const char *hostname;
	const char *hosts;         /* the lab's hosts file: the node gets a copy (see node_files) */
	const char *hosts_line;    /* added to the node's copy: its own hostname, which only it knows */
	int grace;                 /* seconds between SIGTERM and SIGKILL when stopping */
	char **run;                /* the node's program, or NULL */
	const char *cgroups[8];    /* the node's cgroup, one directory per hierarchy (v1 has several) */
	int ncgroups;
};

/*
 * 0. The node's cgroup, before anything else: a process is counted and limited by the cgroup
 * it is in, and unshare(CLONE_NEWCGROUP) roots the new cgroup namespace at the cgroup the
 * process is in then, so the node sees its own cgroup as "/". Writing "0" to cgroup.procs
 * moves the writer. First of all also because /sys/fs/cgroup is the machine's only until
 * the node's own /sys is mounted.
 *
 * The init itself must outlive what it runs: when a node goes over its memory limit, the OOM
 * killer picks a victim in its cgroup by size and oom_score_adj, and -1000 takes the init off
 * the list. What it starts gets 0 back (start_run); fork would pass -1000 on.
 */
static void join_cgroups(const char *const *dirs, int n)
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

static void join_cgroup(const struct node *node)
{
	join_cgroups(node->cgroups, node->ncgroups);
	/* Lowering it takes CAP_SYS_RESOURCE, which some sandboxes withhold from root (EACCES):
	 * then the init keeps what it has, and its size (a few hundred kB against what a program
	 * that fills the node's memory has) is what keeps the OOM killer off it. */
	int fd = open("/proc/self/oom_score_adj", O_WRONLY | O_CLOEXEC);
	if (fd < 0) fail(errno, "open /proc/self/oom_score_adj");
	if (write(fd, "-1000", 5) != 5 && errno != EACCES && errno != EPERM) fail(errno, "write /proc/self/oom_score_adj");
	close(fd);
}

static int ns_flag(const char *name)
{
	static const struct { const char *name; int flag; } kinds[] = {
		{"uts", CLONE_NEWUTS}, {"ipc", CLONE_NEWIPC}, {"pid", CLONE_NEWPID},
		{"mnt", CLONE_NEWNS}, {"cgroup", CLONE_NEWCGROUP},
	};
	for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++)
		if (strcmp(kinds[i].name, name) == 0) return kinds[i].flag;
	fail(0, "unknown namespace '%s' (known: uts, ipc, pid, mnt, cgroup)", name);
}

/* Brings the loopback interface up: a new network namespace starts with lo down. */
static void loopback_up(void)
{
	int s = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (s < 0) fail(errno, "socket");
	struct ifreq ifr;
	memset(&ifr, 0, sizeof ifr);
	strcpy(ifr.ifr_name, "lo");
	if (ioctl(s, SIOCGIFFLAGS, &ifr) < 0) fail(errno, "lo: get flags");
	if (!(ifr.ifr_flags & IFF_UP)) {
		ifr.ifr_flags |= IFF_UP;
		if (ioctl(s, SIOCSIFFLAGS, &ifr) < 0) fail(errno, "lo: set up");
	}
	close(s);
}

/* mountinfo escapes space, tab, newline and backslash as \ooo. */
static void unescape(char *s)
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
 * namespaces (and their veths) alive after `nslab down`, until the node itself ends.
 */
static void drop_namespace_pins(void)
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
		if (!sep || strncmp(sep + 3, "nsfs ", 5) != 0) continue;
		char *mountpoint = line;
		for (int field = 0; field < 4 && mountpoint; field++) {
			mountpoint = strchr(mountpoint, ' ');
			if (mountpoint) mountpoint++;
		}
		if (!mountpoint) continue;
		*strchr(mountpoint, ' ') = '\0';
		unescape(mountpoint);
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
		/* Private by now: the unmount stays inside the node. */
		if (umount2(pins[i], MNT_DETACH) < 0 && errno != EINVAL && errno != ENOENT)
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

/* A new file: what from_fd has left to read (if from_fd >= 0), then text (if any). */
static void write_file(const char *path, int from_fd, const char *text)
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

/*
 * The node's own /etc/hosts and /etc/hostname, as Docker gives every container: its own
 * copies, so a node that edits them changes nobody else's. They live on a small tmpfs that
 * only this mount namespace sees, mounted over the directory of the lab's hosts file (the
 * lab's state directory, which is none of the node's business anyway), and are bind-mounted
 * over the real ones. Nothing is written on the machine's disk per node: on a disk, creating
 * and deleting hundreds of small files per lab was a tenth of a big lab's up and down.
 */
static void node_files(const struct node *node)
{
	int hosts = open(node->hosts, O_RDONLY | O_CLOEXEC); /* before the tmpfs hides it */
	if (hosts < 0) fail(errno, "open %s", node->hosts);
	char dir[PATH_MAX], path[PATH_MAX + 16];
	snprintf(dir, sizeof dir, "%s", node->hosts);
	char *slash = strrchr(dir, '/');
	if (!slash || slash == dir) fail(0, "the hosts file %s must be in a directory other than /", node->hosts);
	*slash = '\0';
	if (mount("tmpfs", dir, "tmpfs", MS_NOSUID | MS_NODEV | MS_NOEXEC, "mode=0755,size=16m") < 0)
		fail(errno, "mount the node's tmpfs on %s", dir);
	snprintf(path, sizeof path, "%s/hosts", dir);
	write_file(path, hosts, node->hosts_line);
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
static void set_up_mounts(const struct node *node)
{
	if (unshare(CLONE_NEWNS) < 0) fail(errno, "unshare mount namespace");
	/* Private first, recursively: otherwise the mounts below would propagate back to the
	 * machine (on systemd machines "/" is shared), and the machine's to us. */
	if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) < 0) fail(errno, "make / private");
	drop_namespace_pins();
	/* EBUSY: this very sysfs (same network namespace) is mounted on /sys already. */
	if (mount("sysfs", "/sys", "sysfs", MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL) < 0 && errno != EBUSY)
		fail(errno, "mount sysfs on /sys");
	if (node->hosts) node_files(node);
}

/*
 * The user namespace. Only the parent may write our maps: mapping uids other than one's
 * own takes CAP_SETUID in the *parent* user namespace, which we no longer have once we
 * are inside. So we say "userns", the parent writes /proc/PID/uid_map, setgroups and
 * gid_map, and answers on the sync pipe. Then we become root of the node (uid 0 inside,
 * the map's first outer uid outside); until then we are "nobody" in here.
 */
static void enter_new_user_namespace(int sync_fd)
{
	if (unshare(CLONE_NEWUSER) < 0) fail(errno, "unshare user namespace");
	report("userns");
	char go;
	ssize_t n;
	while ((n = read(sync_fd, &go, 1)) < 0 && errno == EINTR) {}
	if (n != 1) fail(0, "the parent did not write the user namespace maps");
	if (setgroups(0, NULL) < 0) fail(errno, "setgroups in the user namespace");
	if (setresgid(0, 0, 0) < 0) fail(errno, "setresgid 0 in the user namespace");
	if (setresuid(0, 0, 0) < 0) fail(errno, "setresuid 0 in the user namespace");
}

/* Signals the init handles; blocked, and taken synchronously with sigtimedwait(). */
static void init_signals(sigset_t *set)
{
	sigemptyset(set);
	sigaddset(set, SIGCHLD);
	sigaddset(set, SIGTERM);
	sigaddset(set, SIGINT);
	sigaddset(set, SIGHUP);
}

/*
 * Sends sig to every process of the node. With its own PID namespace that is kill(-1):
 * from PID 1 it reaches every other process in the namespace and nothing outside. Without
 * one, kill(-1) would hit the whole machine, so the init walks /proc for its descendants
 * (its children, and orphans re-parented to it as a subreaper, and theirs).
 */
static void signal_node(int sig, bool own_pidns)
{
	if (own_pidns) {
		kill(-1, sig);
		return;
	}
	enum { MAX = 4096 };
	static long pids[MAX], parents[MAX];
	int count = 0;
	DIR *proc = opendir("/proc");
	if (!proc) return;
	struct dirent *entry;
	while ((entry = readdir(proc)) && count < MAX) {
		if (entry->d_name[0] < '1' || entry->d_name[0] > '9') continue;
		char path[300], buf[1024];
		snprintf(path, sizeof path, "/proc/%s/stat", entry->d_name);
		if (read_file(path, buf, sizeof buf) == (size_t)-1) continue;
		char *p = strrchr(buf, ')');
		if (!p) continue;
		pids[count] = strtol(buf, NULL, 10);
		parents[count++] = strtol(p + 4, NULL, 10); /* ") S PPID" */
	}
	closedir(proc);
	/* Mark descendants: repeat until no new process joins the set (a tree, so <= depth). */
	static bool mine[MAX];
	memset(mine, 0, sizeof mine);
	long self = getpid();
	for (bool grew = true; grew;) {
		grew = false;
		for (int i = 0; i < count; i++) {
			if (mine[i]) continue;
			bool child = parents[i] == self;
			for (int j = 0; !child && j < count; j++) child = mine[j] && pids[j] == parents[i];
			if (child) mine[i] = grew = true;
		}
	}
	for (int i = 0; i < count; i++)
		if (mine[i]) kill(pids[i], sig);
}

static void log_exit(pid_t pid, pid_t run_pid, int status)
{
	if (pid != run_pid) return;
	if (WIFEXITED(status)) fprintf(stderr, "nslab-init: run exited with status %d\n", WEXITSTATUS(status));
	else fprintf(stderr, "nslab-init: run killed by signal %d\n", WTERMSIG(status));
}

/*
 * PID 1's job, for as long as the node lives: reap every child (orphans are re-parented
 * to PID 1, and unreaped they stay zombies forever), forward SIGINT and SIGHUP, and on
 * SIGTERM end the node: SIGTERM to everyone, SIGKILL to what is left after the grace time,
 * then exit. No polling: the process sleeps in sigtimedwait() until a signal arrives.
 */
__attribute__((noreturn))
static void supervise(pid_t run_pid, bool own_pidns, int grace)
{
	sigset_t set;
	init_signals(&set);
	bool stopping = false, killed = false;
	struct timespec deadline = {0, 0};
	for (;;) {
		struct timespec left = {0, 0}, now;
		if (stopping && !killed) {
			clock_gettime(CLOCK_MONOTONIC, &now);
			left.tv_sec = deadline.tv_sec - now.tv_sec;
			left.tv_nsec = deadline.tv_nsec - now.tv_nsec;
			if (left.tv_nsec < 0) { left.tv_sec--; left.tv_nsec += 1000000000L; }
			if (left.tv_sec < 0) left.tv_sec = left.tv_nsec = 0;
		}
		siginfo_t info;
		int sig = sigtimedwait(&set, &info, stopping && !killed ? &left : NULL);
		if (sig < 0) {
			if (errno == EAGAIN) { /* the grace time is over */
				signal_node(SIGKILL, own_pidns);
				killed = true;
			}
			continue;
		}
		if (sig == SIGTERM && !stopping) {
			stopping = true;
			clock_gettime(CLOCK_MONOTONIC, &deadline);
			deadline.tv_sec += grace;
			signal_node(SIGTERM, own_pidns);
		} else if (sig == SIGINT || sig == SIGHUP) {
			signal_node(sig, own_pidns);
		}
		/* Reap after every signal: SIGCHLDs merge, one may stand for many children. */
		int status;
		pid_t pid;
		while ((pid = waitpid(-1, &status, WNOHANG)) > 0) log_exit(pid, run_pid, status);
		if (stopping && pid < 0 && errno == ECHILD) _exit(0);
	}
}

/*
 * Starts the node's program. The child writes exec's errno into a close-on-exec pipe when
 * exec fails; a successful exec closes the pipe, so end of file means "it runs". That is
 * how the init can report "ready" only once `run` really started, without waiting a while.
 */
static pid_t start_run(char **argv)
{
	int check[2];
	if (pipe2(check, O_CLOEXEC) < 0) fail(errno, "pipe");
	pid_t pid = fork();
	if (pid < 0) fail(errno, "fork run");
	if (pid == 0) {
		reset_signals();
		int fd = open("/proc/self/oom_score_adj", O_WRONLY | O_CLOEXEC);
		if (fd >= 0) { (void)!write(fd, "0", 1); close(fd); } /* the OOM killer may pick it (see join_cgroup) */
		execvp(argv[0], argv);
		int err = errno;
		write_all(check[1], (const char *)&err, sizeof err);
		_exit(127);
	}
	close(check[1]);
	int err;
	ssize_t n;
	while ((n = read(check[0], &err, sizeof err)) < 0 && errno == EINTR) {}
	close(check[0]);
	if (n == (ssize_t)sizeof err) fail(err, "run %s", argv[0]);
	return pid;
}

__attribute__((noreturn))
static void init_main(struct node *node)
{
	/* The parent's pipes move out of the way; stdio becomes /dev/null and the log. */
	report_fd = fcntl(STDOUT_FILENO, F_DUPFD_CLOEXEC, 3);
	int sync_fd = fcntl(STDIN_FILENO, F_DUPFD_CLOEXEC, 3);
	if (report_fd < 0 || sync_fd < 0) _exit(1);
	int devnull = open("/dev/null", O_RDONLY | O_CLOEXEC);
	if (devnull < 0 || dup2(devnull, STDIN_FILENO) < 0 || dup2(STDERR_FILENO, STDOUT_FILENO) < 0)
		fail(errno, "redirect stdio");
	close(devnull);

	/* Signals stay blocked from here on, in this process and in PID 1 (fork keeps the
	 * mask): a SIGTERM that arrives during setup waits in the queue instead of killing
	 * a half-built node. Programs the init starts get a clean mask back. */
	sigset_t set;
	init_signals(&set);
	sigprocmask(SIG_BLOCK, &set, NULL);

	join_cgroup(node);

	/* 1. Network: join the node's namespace (created and wired by nslab beforehand).
	 *    First, while we are the machine's root: it belongs to the machine's user namespace. */
	if (node->net) {
		int fd = open(node->net, O_RDONLY | O_CLOEXEC);
		if (fd < 0) fail(errno, "open network namespace %s", node->net);
		if (setns(fd, CLONE_NEWNET) < 0) fail(errno, "join network namespace %s", node->net);
		close(fd);
		loopback_up();
	}
	/* 2. Mounts: sysfs and the bind mounts need the machine's root; see set_up_mounts. */
	if (node->flags & CLONE_NEWNS) set_up_mounts(node);

	/* 3. User: then the namespaces below are owned by it, and root in the node has
	 *    every capability over them (and none over the machine). A mount namespace of
	 *    its own is created again under it, so the node may mount its /proc. */
	int flags = node->flags;
	if (node->user) enter_new_user_namespace(sync_fd);
	else flags &= ~CLONE_NEWNS; /* done in step 2 */
	close(sync_fd);

	/* 4. The rest at once. CLONE_NEWPID applies to our children, not to us: the next
	 *    process we fork is PID 1 of the new namespace. */
	if (flags && unshare(flags) < 0) fail(errno, "unshare namespaces");
	if ((node->flags & CLONE_NEWUTS) && node->hostname &&
	    sethostname(node->hostname, strlen(node->hostname)) < 0)
		fail(errno, "sethostname %s", node->hostname);

	/* The next process is the node's init (PID 1 of a new PID namespace); this one is done.
	 * What PID 1 reports still reaches the spawner: its copy of the report pipe stays open
	 * until it has reported, whoever else has closed theirs. */
	pid_t child = fork();
	if (child < 0) fail(errno, "fork");
	if (child > 0) _exit(0);

	/* From here on we are the node's init. Our host pid and start time, from the machine's
	 * /proc (still mounted here): the pair the parent keeps to find us again. */
	long host_pid;
	char state;
	unsigned long long start;
	if (!read_stat("/proc/self/stat", &host_pid, &state, &start)) fail(errno, "read /proc/self/stat");

	bool own_pidns = node->flags & CLONE_NEWPID;
	/* Without a PID namespace there is no PID 1 here to inherit orphans; a subreaper
	 * gets them instead, so the init can still reap them and end them. */
	if (!own_pidns && prctl(PR_SET_CHILD_SUBREAPER, 1) < 0) fail(errno, "become a subreaper");

	/* /proc shows the PID namespace of the process that mounts it: only we can mount the
	 * node's. The flags match the machine's /proc (a user namespace may not loosen them). */
	if ((node->flags & CLONE_NEWNS) &&
	    mount("proc", "/proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL) < 0)
		fail(errno, "mount proc on /proc");

	/* Detach: a session of our own, so the JVM that started us can exit (nslab up
	 * returns, the node stays) and no terminal's hangup reaches the node. */
	if (setsid() < 0) fail(errno, "setsid");
	if (chdir("/") < 0) fail(errno, "chdir /");

	pid_t run_pid = node->run ? start_run(node->run) : -1;
	report("ready %ld %llu", host_pid, start);
	close(report_fd);
	report_fd = -1;
	supervise(run_pid, own_pidns, node->grace);
}

static int init_command(int argc, char **argv)
{
	struct node node = { .grace = 10 };
	int i = 0;
	for (; i < argc; i++) {
		const char *a = argv[i];
		const char *value = i + 1 < argc ? argv[i + 1] : NULL;
		if (strcmp(a, "--") == 0) { i++; break; }
		if (strcmp(a, "--user") == 0) { node.user = true; continue; }
		if (!value) fail(0, "init: %s needs a value", a);
		if (strcmp(a, "--net") == 0) node.net = value;
		else if (strcmp(a, "--hostname") == 0) node.hostname = value;
		else if (strcmp(a, "--hosts") == 0) node.hosts = value;
		else if (strcmp(a, "--hosts-line") == 0) node.hosts_line = value;
		else if (strcmp(a, "--grace") == 0) node.grace = atoi(value);
		else if (strcmp(a, "--cgroup") == 0) {
			if (node.ncgroups == (int)(sizeof node.cgroups / sizeof node.cgroups[0])) fail(0, "init: too many --cgroup");
			node.cgroups[node.ncgroups++] = value;
		}
		else if (strcmp(a, "--ns") == 0) {
			char *list = strdup(value);
			for (char *k = strtok(list, ","); k; k = strtok(NULL, ",")) node.flags |= ns_flag(k);
			free(list);
		} else fail(0, "init: unknown option %s", a);
		i++;
	}
	if (i < argc) node.run = argv + i;
	if (node.hosts && !(node.hostname && (node.flags & CLONE_NEWNS)))
		fail(0, "init: --hosts needs --hostname and a mount namespace (--ns mnt)");
	init_main(&node);
}

/* ------------------------------------------------------------------------------------- */
/* spawn mode: many nodes from one process.                                               */

/*
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
		close_from(3); /* nothing of ours, nor the other children's pipes, goes into a node */
		/* exec'd again rather than calling init_command here: the node's environment must be
		 * the process's own, in /proc/PID/environ, where `nslab exec` reads it. */
		char **args = calloc((size_t)argc + 3, sizeof *args);
		if (!args) _exit(1);
		args[0] = "nslab-init";
		args[1] = "init";
		memcpy(args + 2, argv, (size_t)argc * sizeof *argv);
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

static int spawn_command(void)
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

/* ------------------------------------------------------------------------------------- */
/* exec mode: `docker exec`, as setns() calls.                                            */

/*
 * The order to join in. Net first: it belongs to the machine's user namespace, and once
 * we joined the node's user namespace we would have no privilege over it any more. Then
 * user, which gives us every capability over the namespaces the node's user namespace
 * owns (all the rest). Mount last: after it, paths resolve in the node.
 */
static const struct { const char *name; int flag; } join_order[] = {
	{"net", CLONE_NEWNET}, {"user", CLONE_NEWUSER}, {"cgroup", CLONE_NEWCGROUP},
	{"ipc", CLONE_NEWIPC}, {"uts", CLONE_NEWUTS}, {"pid", CLONE_NEWPID}, {"mnt", CLONE_NEWNS},
};
enum { KINDS = sizeof join_order / sizeof join_order[0] };

/* The node's environment is its init's: read it from /proc/PID/environ. */
static char **node_environment(long pid, char **extra, int nextra, bool tty)
{
	static char buf[65536];
	char path[64];
	snprintf(path, sizeof path, "/proc/%ld/environ", pid);
	size_t len = read_file(path, buf, sizeof buf);
	if (len == (size_t)-1) fail(errno, "read %s", path);
	char **env = calloc(len / 2 + nextra + 3, sizeof *env);
	int n = 0;
	for (size_t off = 0; off < len; off += strlen(buf + off) + 1)
		if (buf[off]) env[n++] = buf + off;
	/* Later entries win: drop an earlier one with the same name. */
	for (int e = 0; e < nextra + 1; e++) {
		char *entry = e < nextra ? extra[e] : NULL;
		if (!entry) {
			if (!tty) break;
			const char *term = getenv("TERM");
			static char termvar[128];
			snprintf(termvar, sizeof termvar, "TERM=%s", term && *term ? term : "xterm");
			entry = termvar;
		}
		size_t name = strcspn(entry, "=");
		for (int j = 0; j < n; j++)
			if (strncmp(env[j], entry, name + 1) == 0) env[j] = env[--n];
		env[n++] = entry;
	}
	env[n] = NULL;
	return env;
}

static void copy_window_size(int master)
{
	struct winsize ws;
	if (ioctl(STDIN_FILENO, TIOCGWINSZ, &ws) == 0) ioctl(master, TIOCSWINSZ, &ws);
}

static int exit_code(int status)
{
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

/* Moves what the command wrote to its terminal to our stdout, until none is left. */
static bool pump(int from, int to)
{
	char buf[8192];
	ssize_t n = read(from, buf, sizeof buf);
	if (n < 0 && errno == EINTR) return true;
	if (n <= 0) return false;
	write_all(to, buf, n);
	return true;
}

static int exec_command(int argc, char **argv)
{
	exec_mode = true;
	bool interactive = false, tty = false;
	char *extra[256];
	const char *cgroups[8];
	int nextra = 0, ncgroups = 0, i = 0;
	for (; i < argc && argv[i][0] == '-'; i++) {
		if (strcmp(argv[i], "-i") == 0) interactive = true;
		else if (strcmp(argv[i], "-t") == 0) tty = true;
		else if ((strcmp(argv[i], "-it") == 0) || (strcmp(argv[i], "-ti") == 0)) interactive = tty = true;
		else if (strcmp(argv[i], "-e") == 0 && i + 1 < argc && nextra < 256 && strchr(argv[i + 1], '='))
			extra[nextra++] = argv[++i];
		else if (strcmp(argv[i], "--cgroup") == 0 && i + 1 < argc && ncgroups < 8)
			cgroups[ncgroups++] = argv[++i];
		else fail(0, "exec: unknown option %s", argv[i]);
	}
	if (argc - i < 3) fail(0, "usage: nslab-init exec [-i] [-t] [-e NAME=VALUE]... PID STARTTIME [--] CMD [ARG...]");
	long pid = strtol(argv[i++], NULL, 10);
	unsigned long long want_start = strtoull(argv[i++], NULL, 10);
	if (strcmp(argv[i], "--") == 0) i++;
	if (i >= argc) fail(0, "exec: no command");
	char **cmd = argv + i;

	/*
	 * Make sure PID is still the node's init, and stays it while we open its namespaces.
	 * A pidfd names one process, never a later one with the same pid; the start time says
	 * that process is the one nslab started. If the pidfd is not readable (the process has
	 * not exited) after we opened the files in /proc/PID/ns, those were the node's.
	 */
	int pidfd = (int)syscall(SYS_pidfd_open, (pid_t)pid, 0);
	if (pidfd < 0) fail(0, "the node is not running (its init, pid %ld, is gone)", pid);
	char statpath[64];
	snprintf(statpath, sizeof statpath, "/proc/%ld/stat", pid);
	long got_pid;
	char state;
	unsigned long long start;
	if (!read_stat(statpath, &got_pid, &state, &start) || start != want_start || state == 'Z')
		fail(0, "the node is not running (its init, pid %ld, has exited)", pid);
	/* Into the node's cgroup first, as docker exec does: what runs in the node counts
	 * against its limits. (The cgroup namespace joined below only changes what it sees.) */
	join_cgroups(cgroups, ncgroups);
	int fds[KINDS];
	for (int k = 0; k < KINDS; k++) {
		char path[64], self[64];
		struct stat theirs, ours;
		snprintf(path, sizeof path, "/proc/%ld/ns/%s", pid, join_order[k].name);
		snprintf(self, sizeof self, "/proc/self/ns/%s", join_order[k].name);
		fds[k] = -1;
		if (stat(path, &theirs) < 0 || stat(self, &ours) < 0) fail(errno, "stat %s", path);
		/* A namespace the node shares with us needs no joining (and joining one's own user
		 * namespace is even refused): nodes without a user namespace have the machine's. */
		if (theirs.st_ino == ours.st_ino && theirs.st_dev == ours.st_dev) continue;
		fds[k] = open(path, O_RDONLY | O_CLOEXEC);
		if (fds[k] < 0) fail(errno, "open %s", path);
	}
	struct pollfd exited = { .fd = pidfd, .events = POLLIN };
	if (poll(&exited, 1, 0) != 0) fail(0, "the node is not running (its init, pid %ld, has exited)", pid);
	char **env = node_environment(pid, extra, nextra, tty);

	/* A terminal of the node's own (like docker exec -t): opened now, while /dev is the
	 * machine's; the command gets the slave as its controlling terminal, we relay. */
	int master = -1, slave = -1;
	if (tty) {
		master = posix_openpt(O_RDWR | O_NOCTTY | O_CLOEXEC);
		if (master < 0 || grantpt(master) < 0 || unlockpt(master) < 0) fail(errno, "open a pseudo-terminal");
		slave = open(ptsname(master), O_RDWR | O_NOCTTY | O_CLOEXEC);
		if (slave < 0) fail(errno, "open %s", ptsname(master));
		copy_window_size(master);
	}

	for (int k = 0; k < KINDS; k++) {
		if (fds[k] < 0) continue;
		if (setns(fds[k], join_order[k].flag) < 0) fail(errno, "join the node's %s namespace", join_order[k].name);
		close(fds[k]);
		if (join_order[k].flag == CLONE_NEWUSER) {
			/* Root of the node: uid 0 inside (we were unmapped, "nobody", until now). */
			if (setgroups(0, NULL) < 0 || setresgid(0, 0, 0) < 0 || setresuid(0, 0, 0) < 0)
				fail(errno, "become root in the node's user namespace");
		}
	}
	/* setns(mnt) leaves the working directory in the old tree; the node's root is "/". */
	if (chdir("/") < 0) fail(errno, "chdir /");

	/* Signals we relay, taken through a signalfd so one poll() waits for them and for
	 * terminal input at once. Blocked before fork, so none is lost in between. */
	sigset_t set;
	sigemptyset(&set);
	int relayed[] = {SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGUSR1, SIGUSR2};
	for (size_t s = 0; s < sizeof relayed / sizeof relayed[0]; s++) sigaddset(&set, relayed[s]);
	sigaddset(&set, SIGCHLD);
	sigaddset(&set, SIGWINCH);
	sigprocmask(SIG_BLOCK, &set, NULL);
	int sigfd = signalfd(-1, &set, SFD_CLOEXEC);
	if (sigfd < 0) fail(errno, "signalfd");

	/* setns(pid) applies to children only: the command must be forked to be in the node. */
	pid_t child = fork();
	if (child < 0) fail(errno, "fork");
	if (child == 0) {
		reset_signals();
		if (tty) {
			/* A new session whose controlling terminal is the slave: Ctrl-C typed into it
			 * becomes SIGINT for the command's foreground process group, as in docker. */
			if (setsid() < 0 || ioctl(slave, TIOCSCTTY, 0) < 0) fail(errno, "take the terminal");
			if (!interactive) {
				int null = open("/dev/null", O_RDONLY | O_CLOEXEC); /* dup2 makes 0 stay open; the original closes on exec */
				if (null >= 0) dup2(null, STDIN_FILENO);
			} else {
				dup2(slave, STDIN_FILENO);
			}
			dup2(slave, STDOUT_FILENO);
			dup2(slave, STDERR_FILENO);
		} else if (!interactive) {
			int null = open("/dev/null", O_RDONLY | O_CLOEXEC);
			if (null >= 0) dup2(null, STDIN_FILENO);
		}
		environ = env; /* execvp searches the node's PATH, not ours */
		execvp(cmd[0], cmd);
		int err = errno;
		fprintf(stderr, "nslab: exec %s: %s\n", cmd[0], strerror(err));
		_exit(err == ENOENT ? 127 : 126);
	}
	if (tty) close(slave);

	/* The caller's terminal goes raw: every key (Ctrl-C included) is a byte for the node's
	 * terminal, whose line discipline turns it into a signal for the command. */
	if (tty && interactive && tcgetattr(STDIN_FILENO, &saved_tty) == 0) {
		struct termios raw = saved_tty;
		cfmakeraw(&raw);
		if (tcsetattr(STDIN_FILENO, TCSANOW, &raw) == 0) tty_raw = true;
	}

	bool stdin_open = tty && interactive, output_open = tty;
	for (;;) {
		struct pollfd fds_[3] = {
			{ .fd = sigfd, .events = POLLIN },
			{ .fd = stdin_open ? STDIN_FILENO : -1, .events = POLLIN },
			{ .fd = output_open ? master : -1, .events = POLLIN },
		};
		if (poll(fds_, 3, -1) < 0) {
			if (errno == EINTR) continue;
			fail(errno, "poll");
		}
		if (fds_[2].revents) output_open = pump(master, STDOUT_FILENO);
		if (fds_[1].revents) {
			char buf[4096];
			ssize_t n = read(STDIN_FILENO, buf, sizeof buf);
			if (n > 0) write_all(master, buf, n);
			else if (n == 0 || errno != EINTR) stdin_open = false;
		}
		if (!fds_[0].revents) continue;
		struct signalfd_siginfo si;
		if (read(sigfd, &si, sizeof si) != sizeof si) continue;
		if (si.ssi_signo == SIGWINCH) {
			if (tty) copy_window_size(master);
		} else if (si.ssi_signo == SIGCHLD) {
			int status;
			if (waitpid(child, &status, WNOHANG) != child) continue;
			/* The command is gone; what it wrote last may still sit in the terminal. */
			if (output_open) {
				fcntl(master, F_SETFL, O_NONBLOCK);
				while (pump(master, STDOUT_FILENO)) {}
			}
			restore_tty();
			return exit_code(status);
		} else if (tty || si.ssi_code != SI_KERNEL) {
			/* Without a terminal of its own, the command shares our process group: a
			 * Ctrl-C on the caller's terminal (SI_KERNEL) has reached it already. What
			 * was sent to us alone (kill, nslab's JVM forwarding) is passed on. */
			kill(child, (int)si.ssi_signo);
		}
	}
}

int main(int argc, char **argv)
{
	if (argc >= 2 && strcmp(argv[1], "init") == 0) return init_command(argc - 2, argv + 2);
	if (argc >= 2 && strcmp(argv[1], "exec") == 0) return exec_command(argc - 2, argv + 2);
	if (argc == 2 && strcmp(argv[1], "spawn") == 0) return spawn_command();
	fprintf(stderr,
		"usage: nslab-init init [--cgroup DIR]... [--net PATH] [--ns uts,ipc,pid,mnt,cgroup] [--user] [--hostname NAME]\n"
		"                       [--hosts FILE [--hosts-line LINE]] [--grace SECONDS] [-- RUN...]\n"
		"       nslab-init spawn   (requests on stdin, see spawn_command)\n"
		"       nslab-init exec [-i] [-t] [-e NAME=VALUE]... [--cgroup DIR]... PID STARTTIME [--] CMD [ARG...]\n"
		"nslab starts it; you would rather use `nslab exec NODE CMD`.\n");
	return 2;
}
