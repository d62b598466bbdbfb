/*
 * nslab-init init mode: one node. Joins its network namespace, makes its own mount, user,
 * UTS, IPC, PID and cgroup namespaces in the order the kernel needs them, then forks the
 * node's PID 1, which reports "ready PID STARTTIME" to the parent, starts the node's `run`
 * and reaps, forwards and stops until the node ends.
 */
#include "init.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <net/if.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <poll.h>
#include <sys/prctl.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/wait.h>



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

static void set_hostname(const struct node *node)
{
	if ((node->flags & CLONE_NEWUTS) && node->hostname &&
	    sethostname(node->hostname, strlen(node->hostname)) < 0)
		fail(errno, "sethostname %s", node->hostname);
}

/*
 * The user namespace that owns the network namespace NET_FD, opened; -1 if that is ours (a
 * namespace made the old way, or a node's of a lab made before nslab made them in one).
 */
static int owner_if_not_ours(int net_fd)
{
	int owner = ns_owner(net_fd), ours = open("/proc/self/ns/user", O_RDONLY | O_CLOEXEC);
	if (ours < 0) fail(errno, "open /proc/self/ns/user");
	bool mine = ns_inode(owner) == ns_inode(ours);
	close(ours);
	if (mine) {
		close(owner);
		return -1;
	}
	return owner;
}

/*
 * PID 1 of a confined node moves into the user namespace of the node's own (netns.c), which
 * owns its network namespace: from here on the node's capabilities are held there, over its own
 * namespaces only. Everything a container's confinement mounts (its root, /dev, the masks over
 * /proc and /sys, /proc/sys read-only) was mounted by the machine's root before; the mount
 * namespace made now, under the new user namespace, copies them *locked* (the kernel's rule for
 * a less privileged copy): even with CAP_SYS_ADMIN there, the node cannot unmount a mask or make
 * a read-only mount writable. Then its UTS, IPC and cgroup namespaces, owned by it: `hostname`
 * works in the node, on the node's name only.
 */
static void enter_own_user_namespace(int userns_fd, int flags, const struct node *node)
{
	if (setns(userns_fd, CLONE_NEWUSER) < 0) fail(errno, "join the node's user namespace");
	close(userns_fd);
	if (flags && unshare(flags) < 0) fail(errno, "unshare namespaces in the node's user namespace");
	set_hostname(node);
}

/* Signals the init handles; blocked, and taken synchronously from a signalfd. */
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
 * then exit. In a rootless lab, also end it at once when the user's holder is gone
 * (holder_fd, init_holder.c). No polling: the process sleeps in poll() on a signalfd (and
 * the holder's pidfd) until a signal arrives or the holder ends.
 */
__attribute__((noreturn))
static void supervise(pid_t run_pid, bool own_pidns, int grace, int holder_fd)
{
	sigset_t set;
	init_signals(&set);
	int signals = signalfd(-1, &set, SFD_CLOEXEC);
	if (signals < 0) fail(errno, "signalfd");
	bool stopping = false, killed = false;
	struct timespec deadline = {0, 0};
	for (;;) {
		int timeout = -1;
		if (stopping && !killed) {
			struct timespec now;
			clock_gettime(CLOCK_MONOTONIC, &now);
			long long ms = (deadline.tv_sec - now.tv_sec) * 1000LL + (deadline.tv_nsec - now.tv_nsec) / 1000000;
			timeout = ms < 0 ? 0 : (int)ms;
		}
		struct pollfd fds[2] = {{signals, POLLIN, 0}, {holder_fd, POLLIN, 0}};
		int n = poll(fds, holder_fd >= 0 ? 2 : 1, timeout);
		if (n < 0) continue; /* EINTR: nothing is handled by a handler here, but be safe */
		if (n == 0) { /* the grace time is over */
			signal_node(SIGKILL, own_pidns);
			killed = true;
			continue;
		}
		if (holder_fd >= 0 && fds[1].revents) {
			/* The holder is gone: nothing can reach this node again. PID 1's exit kills the
			 * rest of its PID namespace; without one, the subreaper's children go first. */
			fprintf(stderr, "nslab-init: the holder of the user's labs is gone: the node ends\n");
			signal_node(SIGKILL, own_pidns);
			_exit(0);
		}
		int sig = 0;
		struct signalfd_siginfo info;
		if ((fds[0].revents & POLLIN) && read(signals, &info, sizeof info) == (ssize_t)sizeof info) sig = (int)info.ssi_signo;
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

	/* 0. The node's cgroup, before anything else (see cgroup.c); the holder of a rootless
	 *    lab, while its pid still means it here (init_holder.c). */
	join_cgroup(node->cgroup, node->ncgroup);
	int holder_fd = watch_holder(node->holder);
	spare_from_oom_killer();

	/* 1. Network: join the node's namespace (created and wired by nslab beforehand), first,
	 *    while we are the machine's root, who may join any. A confined node also takes the
	 *    user namespace that owns it (netns.c), later: see enter_own_user_namespace. */
	int own_userns = -1;
	if (node->net) {
		int fd = open(node->net, O_RDONLY | O_CLOEXEC);
		if (fd < 0) fail(errno, "open network namespace %s", node->net);
		if (setns(fd, CLONE_NEWNET) < 0) fail(errno, "join network namespace %s", node->net);
		if (node->confined && !node->user) own_userns = owner_if_not_ours(fd);
		close(fd);
		loopback_up();
	}
	/* 2. Mounts: sysfs and the bind mounts need the machine's root; see set_up_mounts. */
	if (node->flags & CLONE_NEWNS) set_up_mounts(node);
	/* The spawner's copy is used or not needed: PID 1 must not keep it alive. */
	if (node->mounts_from >= 0) close(node->mounts_from);

	/* 3. User: then the namespaces below are owned by it, and root in the node has
	 *    every capability over them (and none over the machine). A mount namespace of
	 *    its own is created again under it, so the node may mount its /proc. */
	int flags = node->flags;
	if (node->user) enter_new_user_namespace(sync_fd);
	else flags &= ~CLONE_NEWNS; /* done in step 2 */
	close(sync_fd);

	/* 4. The rest at once. CLONE_NEWPID applies to our children, not to us: the next
	 *    process we fork is PID 1 of the new namespace. With a user namespace of the node's
	 *    own, only the PID namespace now (the machine's root must mount its /proc); PID 1
	 *    makes the others once it is in that user namespace, so that they are the node's. */
	int later = own_userns >= 0 ? (node->flags & ~CLONE_NEWPID) : 0;
	flags &= ~later;
	if (flags && unshare(flags) < 0) fail(errno, "unshare namespaces");
	if (own_userns < 0) set_hostname(node);

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

	/* A confined node: a container's /proc and /sys, then its capabilities, last: every step
	 * above needed the machine's root (mounting takes CAP_SYS_ADMIN). The node's run and all
	 * it starts inherit them. */
	if (node->confined && (node->flags & CLONE_NEWNS)) mask_kernel_files();
	if (own_userns >= 0) enter_own_user_namespace(own_userns, later, node);
	if (node->confined) confine_caps(node->caps, node->caps);

	/* Detach: a session of our own, so the JVM that started us can exit (nslab up
	 * returns, the node stays) and no terminal's hangup reaches the node. */
	if (setsid() < 0) fail(errno, "setsid");
	if (chdir("/") < 0) fail(errno, "chdir /");

	run_setup(node->setup, node->nsetup);
	pid_t run_pid = node->run ? start_run(node->run) : -1;
	report("ready %ld %llu", host_pid, start);
	close(report_fd);
	report_fd = -1;
	supervise(run_pid, own_pidns, node->grace, holder_fd);
}

int init_command(int argc, char **argv)
{
	struct node node = { .grace = 10, .mounts_from = -1 };
	int i = 0;
	for (; i < argc; i++) {
		const char *a = argv[i];
		const char *value = i + 1 < argc ? argv[i + 1] : NULL;
		if (strcmp(a, "--") == 0) { i++; break; }
		if (strcmp(a, "--user") == 0) { node.user = true; continue; }
		if (strcmp(a, "--own-dev") == 0) { node.own_dev = true; continue; }
		/* Options of several values: the lab's root, mounts and files (init_root.c). */
		if (strcmp(a, "--root") == 0 && i + 2 < argc) {
			node.root_lower = argv[++i];
			node.root_layer = argv[++i];
			continue;
		}
		if ((strcmp(a, "--bind") == 0 && i + 3 < argc) || (strcmp(a, "--tmpfs") == 0 && i + 1 < argc)) {
			if (node.nmounts == (int)(sizeof node.mounts / sizeof node.mounts[0])) fail(0, "init: too many mounts");
			struct node_mount *m = &node.mounts[node.nmounts++];
			bool bind = strcmp(a, "--bind") == 0;
			m->source = bind ? argv[++i] : NULL;
			m->target = argv[++i];
			m->readonly = bind && strcmp(argv[++i], "ro") == 0;
			continue;
		}
		if (strcmp(a, "--setup") == 0 && value) {
			/* --setup N ARG1 ... ARGN: a command, copied to end in NULL as execvp wants. */
			int n = atoi(value);
			if (n < 1 || i + 1 + n >= argc) fail(0, "init: --setup %s: not that many words", value);
			if (node.nsetup == (int)(sizeof node.setup / sizeof node.setup[0])) fail(0, "init: too many --setup");
			char **cmd = calloc((size_t)n + 1, sizeof *cmd);
			if (!cmd) fail(ENOMEM, "init");
			memcpy(cmd, argv + i + 2, (size_t)n * sizeof *cmd);
			node.setup[node.nsetup++] = cmd;
			i += 1 + n;
			continue;
		}
		if (strcmp(a, "--file") == 0 && i + 4 < argc) {
			if (node.nfiles == (int)(sizeof node.files / sizeof node.files[0])) fail(0, "init: too many files");
			struct node_file *f = &node.files[node.nfiles++];
			f->path = argv[++i];
			f->mode = argv[++i];
			f->owner = argv[++i];
			f->content = argv[++i];
			continue;
		}
		if (!value) fail(0, "init: %s needs a value", a);
		if (strcmp(a, "--net") == 0) node.net = value;
		else if (strcmp(a, "--hostname") == 0) node.hostname = value;
		else if (strcmp(a, "--holder") == 0) node.holder = value;
		else if (strcmp(a, "--hosts") == 0) node.hosts = value;
		else if (strcmp(a, "--hosts-line") == 0) node.hosts_line = value;
		else if (strcmp(a, "--grace") == 0) node.grace = atoi(value);
		else if (strcmp(a, "--mounts-from") == 0) {
			/* Not the node's: no process it starts inherits it (see init_main). */
			node.mounts_from = atoi(value);
			if (fcntl(node.mounts_from, F_SETFD, FD_CLOEXEC) < 0) fail(errno, "init: --mounts-from %s", value);
		}
		else if (strcmp(a, "--caps") == 0) {
			char *end;
			node.caps = strtoull(value, &end, 16);
			if (!*value || *end) fail(0, "init: --caps takes a hexadecimal mask, not %s", value);
			node.confined = true;
		}
		else if (strcmp(a, "--cgroup") == 0) {
			if (node.ncgroup == (int)(sizeof node.cgroup / sizeof node.cgroup[0])) fail(0, "init: too many --cgroup");
			node.cgroup[node.ncgroup++] = value;
		}
		else if (strcmp(a, "--ns") == 0) {
			char *list = strdup(value);
			for (char *k = strtok(list, ","); k; k = strtok(NULL, ",")) node.flags |= ns_flag(k);
			free(list);
		} else fail(0, "init: unknown option %s", a);
		i++;
	}
	if (i < argc) node.run = argv + i;
	if (node.nsetup && !node.run) fail(0, "init: --setup needs a run after it");
	if ((node.root_layer || node.nmounts || node.nfiles) && !(node.flags & CLONE_NEWNS))
		fail(0, "init: --root, --bind, --tmpfs and --file need a mount namespace (--ns mnt)");
	if (node.nfiles && !node.root_layer) fail(0, "init: --file needs --root (or it would write on the machine)");
	if (node.hosts && !(node.hostname && (node.flags & CLONE_NEWNS)))
		fail(0, "init: --hosts needs --hostname and a mount namespace (--ns mnt)");
	/* Asked now, before the node's own user namespace (if any) changes the answer. */
	node.rootless = !in_machine_user_namespace();
	node.makes_dev = (node.own_dev || node.confined) && !node.rootless;
	init_main(&node);
}
