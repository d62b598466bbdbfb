/*
 * nslab-init init mode: a node's `run`, started by its PID 1: the program, and before it the
 * setup commands. A lab file's `run` may be a list of commands:
 * all but the last run here, one after the other, each to its end, by the node's PID 1, in
 * the node as its program will run (its namespaces, root, capabilities, environment, /),
 * before the program starts and before the node is reported ready. One that fails (exits
 * non-zero, is killed, or cannot run) fails the start, and so `up`, which rolls the lab back.
 *
 * Their output goes to the node's log (`nslab logs`), each after a line that names it,
 * "nslab-init: run[I]: ARGV", and before "nslab-init: run[I] exited with status N": nslab reads
 * what a failed one wrote from between the two (RunOutput.java), as the report pipe carries
 * one line.
 */
#include "init.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/wait.h>

static void print_argv(int index, char **argv)
{
	fprintf(stderr, "nslab-init: run[%d]:", index);
	for (char **a = argv; *a; a++) fprintf(stderr, " %s", *a);
	fputc('\n', stderr);
}

/* A short name of the command for the error line: its words, cut at 80 characters. */
static void describe(char **argv, char *out, size_t size)
{
	size_t n = 0;
	out[0] = '\0';
	for (char **a = argv; *a && n + 1 < size; a++)
		n += (size_t)snprintf(out + n, size - n, "%s%s", a == argv ? "" : " ", *a);
	if (strlen(out) > 80) strcpy(out + 77, "...");
}

/* Waits for the command, reaping whatever else ends meanwhile (what it left behind in the
 * background is the node's from now on). A SIGTERM, SIGINT or SIGHUP (up cancelled, the lab
 * going down) ends it and the start. */
static int wait_for(pid_t pid, int index)
{
	sigset_t set;
	sigemptyset(&set);
	sigaddset(&set, SIGCHLD);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGHUP);
	for (;;) {
		int status;
		pid_t done;
		while ((done = waitpid(-1, &status, WNOHANG)) > 0)
			if (done == pid) return status;
		siginfo_t info;
		int sig = sigwaitinfo(&set, &info);
		if (sig == SIGTERM || sig == SIGINT || sig == SIGHUP) {
			kill(-pid, SIGKILL);
			kill(pid, SIGKILL);
			fail(0, "stopped while run[%d] ran", index);
		}
	}
}

void run_setup(char **const *setup, int nsetup)
{
	for (int i = 0; i < nsetup; i++) {
		char **argv = setup[i];
		print_argv(i, argv);
		pid_t pid = fork();
		if (pid < 0) fail(errno, "fork run[%d]", i);
		if (pid == 0) {
			/* A process group of its own: stopped with all it started, if it must be. */
			setpgid(0, 0);
			reset_signals();
			oom_score_adj_back();
			execvp(argv[0], argv);
			int err = errno;
			fprintf(stderr, "nslab-init: cannot run %s: %s\n", argv[0], strerror(err));
			_exit(err == ENOENT ? 127 : 126);
		}
		int status = wait_for(pid, i);
		if (WIFEXITED(status) && WEXITSTATUS(status) == 0) continue;
		char what[96];
		describe(argv, what, sizeof what);
		if (WIFEXITED(status)) {
			fprintf(stderr, "nslab-init: run[%d] exited with status %d\n", i, WEXITSTATUS(status));
			fail(0, "run[%d] (%s) exited with status %d", i, what, WEXITSTATUS(status));
		}
		fprintf(stderr, "nslab-init: run[%d] killed by signal %d\n", i, WTERMSIG(status));
		fail(0, "run[%d] (%s) was killed by signal %d", i, what, WTERMSIG(status));
	}
}

/*
 * Starts the node's program. The child writes exec's errno into a close-on-exec pipe when
 * exec fails; a successful exec closes the pipe, so end of file means "it runs". That is
 * how the init can report "ready" only once `run` really started, without waiting a while.
 */
pid_t start_run(char **argv)
{
	int check[2];
	if (pipe2(check, O_CLOEXEC) < 0) fail(errno, "pipe");
	pid_t pid = fork();
	if (pid < 0) fail(errno, "fork run");
	if (pid == 0) {
		reset_signals();
		oom_score_adj_back();
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
