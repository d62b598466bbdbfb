/*
 * nslab-init: reporting and the small helpers every mode uses.
 */
#include "nslab-init.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <linux/nsfs.h>
#include <sys/ioctl.h>
#include <sys/stat.h>

/* ------------------------------------------------------------------------------------- */
/* Reporting. Every error is one line of text: the parent shows it to the user as is.     */

int report_fd = -1;
bool exec_mode;

void report(const char *fmt, ...)
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

void fail(int err, const char *fmt, ...)
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

/* Reads FD to its end (or BUF full), closes it; BUF is NUL-terminated. Its length. */
size_t read_all(int fd, char *buf, size_t size)
{
	size_t len = 0;
	ssize_t n;
	while (len < size - 1 && (n = read(fd, buf + len, size - 1 - len)) > 0) len += n;
	close(fd);
	buf[len] = '\0';
	return len;
}

/* Reads a whole small file (proc files report size 0, so read until EOF). */
size_t read_file(const char *path, char *buf, size_t size)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) return (size_t)-1;
	return read_all(fd, buf, size);
}

/*
 * The pid, state and start time (field 22, in clock ticks since boot) of /proc/PID/stat.
 * A pid alone does not name a process: pids are reused. The pair (pid, start time) does,
 * which is how nslab remembers a node's init and never signals a stranger.
 */
bool read_stat(const char *path, long *pid, char *state, unsigned long long *start)
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

/*
 * The pid of the process that TEXT, "PID STARTTIME", names, while that very process lives (not a
 * zombie), else 0: how the holder of a user's labs (holder.c) is named in its file, checked by
 * each command that joins it (rootless.c) and by each node that watches it (init_holder.c).
 */
long live_process(const char *text)
{
	long pid = 0, now_pid;
	unsigned long long start = 0, now_start;
	char state, path[64];
	if (!text || sscanf(text, "%ld %llu", &pid, &start) != 2 || pid <= 0) return 0;
	snprintf(path, sizeof path, "/proc/%ld/stat", pid);
	if (!read_stat(path, &now_pid, &state, &now_start) || now_start != start || state == 'Z') return 0;
	return pid;
}

void write_all(int fd, const char *buf, size_t len)
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
void reset_signals(void)
{
	sigset_t none;
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
	for (int sig = 1; sig < NSIG; sig++) signal(sig, SIG_DFL);
}

int ns_owner(int ns_fd)
{
	int owner = ioctl(ns_fd, NS_GET_USERNS);
	if (owner < 0) fail(errno, "the user namespace that owns a namespace");
	return owner;
}

unsigned long ns_inode(int fd)
{
	struct stat st;
	if (fstat(fd, &st) < 0) fail(errno, "fstat a namespace file");
	return (unsigned long)st.st_ino;
}
