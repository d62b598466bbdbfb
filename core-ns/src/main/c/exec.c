/*
 * nslab-init exec mode: `docker exec`, as setns() calls.
 *
 *   nslab-init exec [-i] [-t] [--privileged] [-e NAME=VALUE]... [-w DIR] [-u USER[:GROUP]]
 *                   PID STARTTIME [--] CMD [ARG...]
 *
 * Checks that PID is still the node's init, opens its namespaces, joins them in the order
 * the kernel allows, forks the command (setns(pid) applies to children only) with the
 * node's environment and capabilities, and relays signals, terminal input and output until it exits. The
 * exit code is the command's (125: nslab-init failed; 126/127: the command could not run: no
 * such user or directory, not executable, not found).
 */
#include "nslab-init.h"

#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <sys/signalfd.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>

extern char **environ;

/*
 * The order to join in, within each round of join_namespaces (which says who owns what).
 * Mount last: after it, paths resolve in the node.
 */
static const struct { const char *name; int flag; } join_order[] = {
	{"net", CLONE_NEWNET}, {"user", CLONE_NEWUSER}, {"cgroup", CLONE_NEWCGROUP},
	{"ipc", CLONE_NEWIPC}, {"uts", CLONE_NEWUTS}, {"pid", CLONE_NEWPID}, {"mnt", CLONE_NEWNS},
};
enum { KINDS = sizeof join_order / sizeof join_order[0] };

/* What `exec` was asked for: its command line, read. */
struct exec_request {
	bool interactive, tty;
	bool privileged;           /* every capability we have, not the node's (a teacher's look) */
	uint64_t node_caps, node_bounding; /* the node's: its init's effective and bounding sets */
	bool node_confined;        /* the node's bounding set is narrower than ours */
	char *extra[256];          /* -e NAME=VALUE, added to the node's environment */
	int nextra;
	const char *workdir;       /* -w DIR: in the node's tree; / without it */
	const char *user;          /* -u USER[:GROUP] (exec_user.c); the node's root without it */
	const char *cgroup[8];     /* --cgroup DIR: the node's cgroup, joined first (cgroup.c) */
	int ncgroup;
	long pid;                  /* the node's init, as nslab remembers it: pid and start time */
	unsigned long long start;
	char **cmd;
};

static void parse_exec_args(int argc, char **argv, struct exec_request *req)
{
	int i = 0;
	for (; i < argc && argv[i][0] == '-'; i++) {
		if (strcmp(argv[i], "-i") == 0) req->interactive = true;
		else if (strcmp(argv[i], "-t") == 0) req->tty = true;
		else if ((strcmp(argv[i], "-it") == 0) || (strcmp(argv[i], "-ti") == 0)) req->interactive = req->tty = true;
		else if (strcmp(argv[i], "--privileged") == 0) req->privileged = true;
		else if (strcmp(argv[i], "-e") == 0 && i + 1 < argc && req->nextra < 256 && strchr(argv[i + 1], '='))
			req->extra[req->nextra++] = argv[++i];
		else if (strcmp(argv[i], "-w") == 0 && i + 1 < argc) req->workdir = argv[++i];
		else if (strcmp(argv[i], "-u") == 0 && i + 1 < argc) req->user = argv[++i];
		else if (strcmp(argv[i], "--cgroup") == 0 && i + 1 < argc && req->ncgroup < 8)
			req->cgroup[req->ncgroup++] = argv[++i];
		else fail(0, "exec: unknown option %s", argv[i]);
	}
	if (argc - i < 3) fail(0, "usage: nslab-init exec [-i] [-t] [--privileged] [-e NAME=VALUE]... [-w DIR] [-u USER[:GROUP]] [--cgroup DIR]... PID STARTTIME [--] CMD [ARG...]");
	req->pid = strtol(argv[i++], NULL, 10);
	req->start = strtoull(argv[i++], NULL, 10);
	if (strcmp(argv[i], "--") == 0) i++;
	if (i >= argc) fail(0, "exec: no command");
	req->cmd = argv + i;
}

/*
 * Opens the node's namespaces into fds (-1: one we share already), making sure PID is still
 * the node's init, and stays it while we open them. A pidfd names one process, never a later
 * one with the same pid; the start time says that process is the one nslab started. If the
 * pidfd is not readable (the process has not exited) after we opened the files in
 * /proc/PID/ns, those were the node's.
 */
static void open_node_namespaces(long pid, unsigned long long want_start, int fds[KINDS])
{
	int pidfd = (int)syscall(SYS_pidfd_open, (pid_t)pid, 0);
	if (pidfd < 0) fail(0, "the node is not running (its init, pid %ld, is gone)", pid);
	char statpath[64];
	snprintf(statpath, sizeof statpath, "/proc/%ld/stat", pid);
	long got_pid;
	char state;
	unsigned long long start;
	if (!read_stat(statpath, &got_pid, &state, &start) || start != want_start || state == 'Z')
		fail(0, "the node is not running (its init, pid %ld, has exited)", pid);
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
}

/* The node's environment is its init's: read it from /proc/PID/environ. */
static char **node_environment(long pid, char **extra, int nextra, bool tty)
{
	static char buf[65536];
	char path[64];
	snprintf(path, sizeof path, "/proc/%ld/environ", pid);
	size_t len = read_file(path, buf, sizeof buf);
	if (len == (size_t)-1) fail(errno, "read %s", path);
	/* Each entry takes 2 bytes at least; then -e's, TERM, HOME (exec -u) and the NULL. */
	char **env = calloc(len / 2 + nextra + 3 + 1, sizeof *env);
	int n = 0;
	for (size_t off = 0; off < len; off += strlen(buf + off) + 1)
		if (buf[off]) env[n++] = buf + off;
	/* Later entries win: drop an earlier one with the same name. */
	for (int e = 0; e < nextra + 1; e++) {
		char *entry = e < nextra ? extra[e] : NULL;
		if (!entry) {
			/* -t: the caller's TERM, unless -e gave one */
			bool given = false;
			for (int x = 0; x < nextra; x++) given |= strncmp(extra[x], "TERM=", 5) == 0;
			if (!tty || given) break;
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

/* exec -u: HOME is the user's (from the node's /etc/passwd), as docker sets it, unless -e set it. */
static void user_home(char **env, char *const *extra, int nextra, const char *home)
{
	for (int e = 0; e < nextra; e++)
		if (strncmp(extra[e], "HOME=", 5) == 0) return;
	static char var[sizeof ((struct exec_user *)0)->home + 8];
	snprintf(var, sizeof var, "HOME=%s", home);
	int n = 0;
	for (; env[n]; n++)
		if (strncmp(env[n], "HOME=", 5) == 0) {
			env[n] = var;
			return;
		}
	env[n] = var;
	env[n + 1] = NULL;
}

/* The node's capabilities: its init's, read from the machine's /proc (the node's would not show it). */
static void node_capabilities(struct exec_request *req)
{
	char path[64];
	uint64_t our_caps, our_bounding;
	snprintf(path, sizeof path, "/proc/%ld/status", req->pid);
	if (!read_caps(path, &req->node_caps, &req->node_bounding)) fail(errno, "read the capabilities in %s", path);
	if (!read_caps("/proc/self/status", &our_caps, &our_bounding)) fail(errno, "read /proc/self/status");
	req->node_confined = (req->node_bounding & our_bounding) != our_bounding;
}

/* Whether namespace FD is owned by the user namespace whose inode is USER. */
static bool owned_by(int fd, unsigned long user)
{
	int owner = ns_owner(fd);
	bool same = ns_inode(owner) == user;
	close(owner);
	return same;
}

static void join(int fds[KINDS], int k)
{
	if (fds[k] < 0) return;
	if (setns(fds[k], join_order[k].flag) < 0) fail(errno, "join the node's %s namespace", join_order[k].name);
	close(fds[k]);
	fds[k] = -1;
}

/*
 * Joins in three rounds: the namespaces the node's user namespace does not own (we, the
 * machine's root, may join them now and not after), that user namespace, then those it owns
 * (joining them takes capabilities there). A node's user namespace of nslab's making owns its
 * network namespace but not its PID namespace, whose /proc the machine's root mounted (init.c);
 * a node's own `user` map owns all but the network namespace. --privileged stays out of the
 * user namespace nslab made (in a node's own map it goes in: that is who the node's root is).
 */
static void join_namespaces(int fds[KINDS], bool privileged)
{
	int user = -1, net = -1;
	for (int k = 0; k < KINDS; k++) {
		if (join_order[k].flag == CLONE_NEWUSER) user = k;
		if (join_order[k].flag == CLONE_NEWNET) net = k;
	}
	if (fds[user] >= 0) {
		unsigned long node_user = ns_inode(fds[user]);
		if (privileged && fds[net] >= 0 && owned_by(fds[net], node_user)) {
			close(fds[user]);
			fds[user] = -1;
		} else {
			for (int k = 0; k < KINDS; k++)
				if (k != user && fds[k] >= 0 && !owned_by(fds[k], node_user)) join(fds, k);
			join(fds, user);
			/* Root of the node: uid 0 inside (we were unmapped, "nobody", until now). */
			if (setgroups(0, NULL) < 0 || setresgid(0, 0, 0) < 0 || setresuid(0, 0, 0) < 0)
				fail(errno, "become root in the node's user namespace");
		}
	}
	for (int k = 0; k < KINDS; k++) join(fds, k);
	/* setns(mnt) leaves the working directory in the old tree; the node's root is "/". */
	if (chdir("/") < 0) fail(errno, "chdir /");
}

/* Signals we relay, taken through a signalfd so one poll() waits for them and for terminal
 * input at once. Blocked before fork, so none is lost in between. */
static int relayed_signals(void)
{
	sigset_t set;
	sigemptyset(&set);
	int relayed[] = {SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGUSR1, SIGUSR2};
	for (size_t s = 0; s < sizeof relayed / sizeof relayed[0]; s++) sigaddset(&set, relayed[s]);
	sigaddset(&set, SIGCHLD);
	sigaddset(&set, SIGWINCH);
	sigprocmask(SIG_BLOCK, &set, NULL);
	int sigfd = signalfd(-1, &set, SFD_CLOEXEC);
	if (sigfd < 0) fail(errno, "signalfd");
	return sigfd;
}

static void stdin_from_dev_null(void)
{
	int null = open("/dev/null", O_RDONLY | O_CLOEXEC); /* dup2 makes 0 stay open; the original closes on exec */
	if (null >= 0) dup2(null, STDIN_FILENO);
}

/* The forked child, inside the node: its stdio, then the command. Never returns. */
__attribute__((noreturn))
static void run_command(const struct exec_request *req, const struct exec_user *user, char **env, int slave)
{
	reset_signals();
	if (req->tty) {
		/* A new session whose controlling terminal is the slave: Ctrl-C typed into it
		 * becomes SIGINT for the command's foreground process group, as in docker. */
		if (setsid() < 0 || ioctl(slave, TIOCSCTTY, 0) < 0) fail(errno, "take the terminal");
		if (!req->interactive) stdin_from_dev_null();
		else dup2(slave, STDIN_FILENO);
		dup2(slave, STDOUT_FILENO);
		dup2(slave, STDERR_FILENO);
	} else if (!req->interactive) {
		stdin_from_dev_null();
	}
	/* The node's capabilities, not more (as docker exec): what its init has. Last, as the
	 * terminal and setns needed ours. no_new_privs in a confined node: nothing it runs gains
	 * privileges through a setuid or file-capability program. With -u, the user is taken in
	 * between: the bounding set dropped needs CAP_SETPCAP, setresuid CAP_SETUID, and the node
	 * may have neither. */
	if (!req->privileged) drop_bounding(req->node_bounding);
	if (user) {
		if (req->tty && fchown(slave, user->uid, user->gid) < 0) { /* the terminal stays root's: still usable, as it is open */ }
		become_user(user);
	}
	if (!req->privileged) {
		limit_caps(req->node_bounding, req->node_caps);
		if (req->node_confined) no_new_privs();
	}
	environ = env; /* execvp searches the node's PATH, not ours */
	execvp(req->cmd[0], req->cmd);
	int err = errno;
	fprintf(stderr, "nslab: exec %s: %s\n", req->cmd[0], strerror(err));
	_exit(err == ENOENT ? 127 : 126);
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

/* Relays signals, terminal input and output until the command exits; its exit code. */
static int relay(const struct exec_request *req, pid_t child, int sigfd, int master)
{
	bool stdin_open = req->tty && req->interactive, output_open = req->tty, line_open = false;
	for (;;) {
		struct pollfd fds[3] = {
			{ .fd = sigfd, .events = POLLIN },
			{ .fd = stdin_open ? STDIN_FILENO : -1, .events = POLLIN },
			{ .fd = output_open ? master : -1, .events = POLLIN },
		};
		if (poll(fds, 3, -1) < 0) {
			if (errno == EINTR) continue;
			fail(errno, "poll");
		}
		if (fds[2].revents) output_open = pump(master, STDOUT_FILENO);
		if (fds[1].revents) {
			char buf[4096];
			ssize_t n = read(STDIN_FILENO, buf, sizeof buf);
			if (n > 0) {
				write_all(master, buf, n);
				line_open = buf[n - 1] != '\n';
			} else if (n == 0 || errno != EINTR) {
				stdin_open = false;
				/* Our terminal hung up (its other side closed: a terminal window, nslab
				 * web's socket, or the process holding it died): hang up the command's,
				 * as the kernel does for a session whose terminal goes away. */
				if (caller_terminal_raw()) kill(child, SIGHUP);
				/* Our input was a file or a pipe (`exec -it NODE sh < script`, `</dev/null`)
				 * and it ended: say so as a terminal does, with the end-of-file character
				 * (twice after a partial line, which the first only hands over). Else the
				 * command would wait on its terminal for ever. */
				else write_all(master, "\4\4", line_open ? 2 : 1);
			}
		}
		if (!fds[0].revents) continue;
		struct signalfd_siginfo si;
		if (read(sigfd, &si, sizeof si) != sizeof si) continue;
		if (si.ssi_signo == SIGWINCH) {
			if (req->tty) copy_window_size(master);
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
		} else if (req->tty || si.ssi_code != SI_KERNEL) {
			/* Without a terminal of its own, the command shares our process group: a
			 * Ctrl-C on the caller's terminal (SI_KERNEL) has reached it already. What
			 * was sent to us alone (kill, nslab's JVM forwarding) is passed on. */
			kill(child, (int)si.ssi_signo);
		}
	}
}

int exec_command(int argc, char **argv)
{
	exec_mode = true;
	/* A caller that ignores SIGCHLD (some do, and exec keeps what is ignored) would have the
	 * kernel reap our command as it ends, unreported: waitpid below would never find it. */
	signal(SIGCHLD, SIG_DFL);
	struct exec_request req = {0};
	parse_exec_args(argc, argv, &req);
	int fds[KINDS];
	open_node_namespaces(req.pid, req.start, fds);
	/* Into the node's cgroup first, as docker exec does: what runs in the node counts against
	 * its limits. (Its cgroup namespace, joined below, only changes what the command sees.) */
	join_cgroup(req.cgroup, req.ncgroup);
	char **env = node_environment(req.pid, req.extra, req.nextra, req.tty);
	node_capabilities(&req);
	join_namespaces(fds, req.privileged);
	/* Paths now resolve in the node: its own /etc/passwd, its own directories. */
	if (req.workdir && chdir(req.workdir) < 0) cannot_run("-w %s: %s (in the node)", req.workdir, strerror(errno));
	struct exec_user user;
	if (req.user) {
		resolve_user(req.user, &user);
		user_home(env, req.extra, req.nextra, user.home);
	}
	int master = -1, slave = -1;
	if (req.tty) open_terminal(&master, &slave);
	int sigfd = relayed_signals();
	/* setns(pid) applies to children only: the command must be forked to be in the node. */
	pid_t child = fork();
	if (child < 0) fail(errno, "fork");
	if (child == 0) run_command(&req, req.user ? &user : NULL, env, slave);
	if (req.tty) close(slave);
	if (req.tty && req.interactive) make_caller_terminal_raw();
	return relay(&req, child, sigfd, master);
}
