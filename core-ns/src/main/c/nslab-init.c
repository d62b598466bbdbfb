/*
 * nslab-init: the PID 1 of every nslab node, and the way into a running node (exec mode).
 * Placeholder until core-ns lands: it only says so.
 */
#include <stdio.h>

int main(void)
{
	fprintf(stderr, "nslab-init: not built yet\n");
	return 3;
}
