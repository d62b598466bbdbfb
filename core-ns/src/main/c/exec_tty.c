/*
 * nslab-init exec mode, -t: the node's terminal and the caller's. The command gets a
 * pseudo-terminal of the node's own, as docker exec -t gives it; the caller's terminal goes
 * raw while exec relays, and gets its settings back on every way out (fail() included).
 */
#include "nslab-init.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <termios.h>
#include <unistd.h>
#include <sys/ioctl.h>

static struct termios saved_tty; /* the caller's terminal, restored on exit */
static bool tty_raw;

void restore_tty(void)
{
	if (tty_raw) tcsetattr(STDIN_FILENO, TCSANOW, &saved_tty);
	tty_raw = false;
}

bool caller_terminal_raw(void)
{
	return tty_raw;
}

void copy_window_size(int master)
{
	struct winsize ws;
	if (ioctl(STDIN_FILENO, TIOCGWINSZ, &ws) == 0) ioctl(master, TIOCSWINSZ, &ws);
}

/* A terminal of the node's own (like docker exec -t): opened in the node's /dev (a node that
 * is not privileged has its own pseudo-terminals there); the command gets the slave as its
 * controlling terminal, we relay. */
void open_terminal(int *master, int *slave)
{
	*master = posix_openpt(O_RDWR | O_NOCTTY | O_CLOEXEC);
	if (*master < 0 || grantpt(*master) < 0 || unlockpt(*master) < 0) fail(errno, "open a pseudo-terminal");
	*slave = open(ptsname(*master), O_RDWR | O_NOCTTY | O_CLOEXEC);
	if (*slave < 0) fail(errno, "open %s", ptsname(*master));
	copy_window_size(*master);
}

/* The caller's terminal goes raw: every key (Ctrl-C included) is a byte for the node's
 * terminal, whose line discipline turns it into a signal for the command. */
void make_caller_terminal_raw(void)
{
	if (tcgetattr(STDIN_FILENO, &saved_tty) != 0) return;
	struct termios raw = saved_tty;
	cfmakeraw(&raw);
	if (tcsetattr(STDIN_FILENO, TCSANOW, &raw) == 0) tty_raw = true;
}
