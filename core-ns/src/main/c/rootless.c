/*
 * nslab-init rootless: how a user's command gets into the user's rootless labs.
 *
 *   nslab-init rootless DIR -- PROGRAM [ARG...]
 *
 * DIR is the user's nslab directory ($XDG_RUNTIME_DIR/nslab, or /tmp/nslab-UID): made here,
 * mode 0700 and the user's, or refused. It holds `holder` ("PID STARTTIME" of the holder,
 * holder.c), `holder.lock`, and the labs' state (DIR/labs, as /run/nslab is root's).
 *
 * A multi-threaded process may not join a user namespace (setns(2): EINVAL), and the JVM has
 * threads before main() runs: so this, single-threaded, joins the holder's user and mount
 * namespaces and then execs PROGRAM (the JVM) in them, as `podman unshare` does. It starts a
 * holder when there is none (the command that leaves no lab stops it). If none can be
 * started, PROGRAM runs as it is with NSLAB_ROOTLESS_ERROR saying why, for nslab to say.
 *
 * holder.lock: PROGRAM keeps it shared (NSLAB_ROOTLESS_LOCK_FD) for its whole life; the
 * command that finds no lab left takes it exclusively before it stops the holder, so a
 * holder is never stopped under a command that has joined it.
 */
#include "nslab-init.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

/* DIR/NAME, which must fit. */
static void path_in(char *out, size_t size, const char *dir, const char *name)
{
	if ((size_t)snprintf(out, size, "%s/%s", dir, name) >= size) fail(0, "%s: path too long", dir);
}

/* DIR exists, is a directory (not a link), is the user's and nobody else's: else refused. */
static void private_dir(const char *dir)
{
	if (mkdir(dir, 0700) < 0 && errno != EEXIST) fail(errno, "create %s", dir);
	struct stat st;
	if (lstat(dir, &st) < 0) fail(errno, "%s", dir);
	if (!S_ISDIR(st.st_mode) || st.st_uid != getuid() || (st.st_mode & 077)) {
		fail(0, "%s is not a directory of yours that only you can read (owner %u, mode %o): remove it",
		     dir, (unsigned)st.st_uid, (unsigned)(st.st_mode & 07777));
	}
}

/* The holder named in HOLDER_FILE (its "PID STARTTIME" into TEXT), when it is still that process: its pid, else 0. */
static long live_holder(const char *holder_file, char *text, size_t size)
{
	if (read_file(holder_file, text, size) == (size_t)-1) return 0;
	text[strcspn(text, "\n")] = '\0';
	return live_process(text);
}

/* Joins the holder's user namespace, then its mount namespace; false if it went meanwhile. */
static bool join_holder(long pid, const char *holder)
{
	char path[64];
	snprintf(path, sizeof path, "/proc/%ld/ns/user", pid);
	int user = open(path, O_RDONLY | O_CLOEXEC);
	snprintf(path, sizeof path, "/proc/%ld/ns/mnt", pid);
	int mnt = open(path, O_RDONLY | O_CLOEXEC);
	/* Opened, then checked again: the files are that holder's, not a reused pid's. */
	bool ok = user >= 0 && mnt >= 0 && live_process(holder) == pid;
	if (ok) {
		/* The user namespace first: it gives the rights to join the mount namespace it owns. */
		if (setns(user, CLONE_NEWUSER) < 0) fail(errno, "join the user namespace of holder %ld", pid);
		if (setns(mnt, CLONE_NEWNS) < 0) fail(errno, "join the mount namespace of holder %ld", pid);
	}
	if (user >= 0) close(user);
	if (mnt >= 0) close(mnt);
	return ok;
}

static void run(char **program) __attribute__((noreturn));
static void run(char **program)
{
	execvp(program[0], program);
	fail(errno, "exec %s", program[0]);
}

int rootless_command(int argc, char **argv)
{
	exec_mode = true; /* errors on stderr, exit 125 */
	if (argc < 3 || strcmp(argv[1], "--") != 0) fail(0, "usage: nslab-init rootless DIR -- PROGRAM [ARG...]");
	const char *dir = argv[0];
	char **program = argv + 2;

	char holder_file[PATH_MAX], lock_file[PATH_MAX], labs[PATH_MAX], cwd[PATH_MAX];
	private_dir(dir);
	path_in(holder_file, sizeof holder_file, dir, "holder");
	path_in(lock_file, sizeof lock_file, dir, "holder.lock");
	path_in(labs, sizeof labs, dir, "labs");
	private_dir(labs);
	if (!getcwd(cwd, sizeof cwd)) fail(errno, "getcwd");

	/* Not close-on-exec: PROGRAM holds it (nslab closes it in what it starts). */
	int lock = open(lock_file, O_RDWR | O_CREAT | O_NOFOLLOW, 0600);
	if (lock < 0) fail(errno, "open %s", lock_file);
	/* A few rounds: a holder just started may be stopped by a `down` before we join it. */
	for (int round = 0; round < 5; round++) {
		if (flock(lock, LOCK_SH) < 0) fail(errno, "lock %s", lock_file);
		char holder[128];
		long pid = live_holder(holder_file, holder, sizeof holder);
		if (pid && join_holder(pid, holder)) {
			/* Joining a mount namespace leaves us at its root: back to where the user was. */
			if (chdir(cwd) < 0) fail(errno, "chdir %s", cwd);
			char fd[16];
			snprintf(fd, sizeof fd, "%d", lock);
			setenv("NSLAB_ROOTLESS_LOCK_FD", fd, 1);
			/* The nodes this command starts watch the holder and end with it (init_holder.c),
			 * and so does the lab's services supervisor (SupervisorMain). */
			setenv("NSLAB_ROOTLESS_HOLDER", holder, 1);
			run(program);
		}
		if (flock(lock, LOCK_EX) < 0) fail(errno, "lock %s", lock_file);
		if (!live_holder(holder_file, holder, sizeof holder)) {
			char why[1024];
			if (start_holder(holder_file, why, sizeof why)) {
				close(lock);
				setenv("NSLAB_ROOTLESS_ERROR", why, 1);
				run(program);
			}
		}
		if (flock(lock, LOCK_UN) < 0) fail(errno, "unlock %s", lock_file);
	}
	close(lock);
	setenv("NSLAB_ROOTLESS_ERROR", "every holder started was stopped before this command could join it", 1);
	run(program);
}
