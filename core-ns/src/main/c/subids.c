/*
 * nslab-init rootless: the user's subordinate ids in the holder's user namespace.
 *
 * An unprivileged process may map only its own id into a user namespace it made, and a node
 * with a "user" map of its own (0:100000:65536) needs a range there. /etc/subuid and
 * /etc/subgid hand each user such ranges; newuidmap and newgidmap (setuid root, package
 * uidmap) write them into a user namespace of that user's, as podman does.
 *
 * Inside, a range goes at 100000, wherever it lies outside: where /etc/subuid's first range
 * and the lab files' maps put it, so a lab file's "0:100000:65536" means the same to root and
 * to every user. The lab's ids are then 0 (the user) and 100000 on (the range, in order).
 */
#include "nslab-init.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#define SUBID_BASE 100000UL
/* The kernel's largest id is 2^32 - 2 (-1 is "no id"): a range may not reach past it. */
#define SUBID_MAX_COUNT (4294967294UL - SUBID_BASE)

/* The user's name, read in /etc/passwd: a static binary has no NSS for getpwuid. */
static bool user_name(uid_t uid, char *name, size_t size)
{
	FILE *f = fopen("/etc/passwd", "re");
	if (!f) return false;
	char line[1024];
	bool found = false;
	while (!found && fgets(line, sizeof line, f)) {
		char *colon = strchr(line, ':');
		char *uid_field = colon ? strchr(colon + 1, ':') : NULL;
		if (!uid_field || strtoul(uid_field + 1, NULL, 10) != uid) continue;
		*colon = '\0';
		size_t len = strlen(line);
		if (len >= size) continue;
		memcpy(name, line, len + 1);
		found = true;
	}
	fclose(f);
	return found;
}

/* The user's first range in FILE ("NAME:START:COUNT" or "UID:START:COUNT" lines); false if none. */
static bool find_range(const char *file, const char *name, unsigned long id, unsigned long *start, unsigned long *count)
{
	FILE *f = fopen(file, "re");
	if (!f) return false;
	char line[512], idtext[32];
	snprintf(idtext, sizeof idtext, "%lu", id);
	bool found = false;
	while (!found && fgets(line, sizeof line, f)) {
		char *owner = strtok(line, ":\n"), *first = strtok(NULL, ":\n"), *n = strtok(NULL, ":\n");
		if (!owner || !first || !n || (strcmp(owner, name) != 0 && strcmp(owner, idtext) != 0)) continue;
		*start = strtoul(first, NULL, 10);
		*count = strtoul(n, NULL, 10);
		if (*count > SUBID_MAX_COUNT) *count = SUBID_MAX_COUNT;
		found = *count > 0;
	}
	fclose(f);
	return found;
}

/* PROGRAM PID 0 OWN 1 100000 START COUNT; true if it exited 0, else its first words in WHY. */
static bool run_map(const char *program, pid_t pid, unsigned long own, unsigned long start, unsigned long count,
		    char *why, size_t size)
{
	char args[6][24];
	snprintf(args[0], sizeof args[0], "%d", (int)pid);
	snprintf(args[1], sizeof args[1], "%lu", own);
	snprintf(args[2], sizeof args[2], "%lu", SUBID_BASE);
	snprintf(args[3], sizeof args[3], "%lu", start);
	snprintf(args[4], sizeof args[4], "%lu", count);
	char *argv[] = {(char *)program, args[0], "0", args[1], "1", args[2], args[3], args[4], NULL};
	int err[2];
	if (pipe2(err, O_CLOEXEC) < 0) {
		snprintf(why, size, "%s: pipe: %s", program, strerror(errno));
		return false;
	}
	pid_t child = fork();
	if (child == 0) {
		dup2(err[1], 2);
		int null = open("/dev/null", O_RDWR);
		if (null >= 0) dup2(null, 1);
		execvp(program, argv);
		fprintf(stderr, "%s: %s (it comes with the package uidmap)", program, strerror(errno));
		_exit(127);
	}
	close(err[1]);
	char text[256];
	read_all(err[0], text, sizeof text);
	text[strcspn(text, "\n")] = '\0';
	int status = 0;
	if (child < 0 || waitpid(child, &status, 0) < 0 || !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		snprintf(why, size, "%s", text[0] ? text : "newuidmap or newgidmap failed");
		return false;
	}
	return true;
}

bool map_subordinate_ids(pid_t pid, char *why, size_t size)
{
	uid_t uid = getuid();
	char name[256];
	if (!user_name(uid, name, sizeof name)) snprintf(name, sizeof name, "%u", (unsigned)uid);
	unsigned long ustart, ucount, gstart, gcount;
	bool has_uids = find_range("/etc/subuid", name, uid, &ustart, &ucount);
	bool has_gids = find_range("/etc/subgid", name, uid, &gstart, &gcount);
	if (!has_uids || !has_gids) {
		snprintf(why, size, "/etc/%s has no range for %s (sudo usermod --add-subuids 100000-165535 --add-subgids 100000-165535 %s)",
			 has_uids ? "subgid" : "subuid", name, name);
		return false;
	}
	/* Should newgidmap fail after newuidmap, the holder maps its own gid alone (holder.c). */
	return run_map("newuidmap", pid, uid, ustart, ucount, why, size) &&
	       run_map("newgidmap", pid, getgid(), gstart, gcount, why, size);
}
