/*
 * nslab-init exec mode: `-u USER[:GROUP]`, read as docker exec reads it (runc's
 * libcontainer/user, GetExecUser), from the node's own /etc/passwd and /etc/group.
 *
 * Called after joining the node's mount namespace, so "/etc/passwd" is the node's: its
 * overlay or directory root, not the machine's. The files are parsed here rather than through
 * getpwnam(): nslab-init is linked statically, and glibc's NSS would load the machine's
 * libraries (or none) to read what is plainly a text file.
 *
 *   USER    a name in the node's /etc/passwd, or a number (which need not be there: uid N,
 *           gid 0, home /); a name that is not there is an error
 *   GROUP   a name in the node's /etc/group, or a number; without it, the user's own group
 *           and, as supplementary groups, every group that lists the user by name
 */
#include "nslab-init.h"

#include <errno.h>
#include <grp.h>
#include <pwd.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Docker says 126 when the runtime cannot start the command (its user or directory is wrong). */
enum { CANNOT_RUN = 126 };

void cannot_run(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	restore_tty();
	fputs("nslab: exec: ", stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
	_exit(CANNOT_RUN);
}

/* A uid or gid written as a number (all digits, below (uid_t)-1, which means "no change"). */
static bool numeric_id(const char *s, unsigned *id)
{
	if (!*s || strspn(s, "0123456789") != strlen(s) || strlen(s) > 10) return false;
	unsigned long long n = strtoull(s, NULL, 10);
	if (n >= 0xffffffffULL) return false;
	*id = (unsigned)n;
	return true;
}

static FILE *open_in_node(const char *path, const char *spec)
{
	FILE *f = fopen(path, "re");
	if (!f && errno != ENOENT) cannot_run("-u %s: read %s in the node: %s", spec, path, strerror(errno));
	return f;
}

/* A user of the node's /etc/passwd, by name or uid. fgetpwent() reads the file given, without
 * NSS (as init_root.c's owner_ids does). */
static void find_user(const char *name, struct exec_user *u, const char *spec)
{
	unsigned number;
	bool numeric = numeric_id(name, &number);
	FILE *f = open_in_node("/etc/passwd", spec);
	for (struct passwd *p; f && (p = fgetpwent(f));) {
		if (strcmp(p->pw_name, name) != 0 && !(numeric && p->pw_uid == number)) continue;
		u->uid = p->pw_uid;
		u->gid = p->pw_gid;
		snprintf(u->name, sizeof u->name, "%s", p->pw_name);
		snprintf(u->home, sizeof u->home, "%s", p->pw_dir && *p->pw_dir ? p->pw_dir : "/");
		fclose(f);
		return;
	}
	if (f) fclose(f);
	if (!numeric) cannot_run("-u %s: no user %s in the node's /etc/passwd", spec, name);
	u->uid = number;
	u->gid = 0;
	u->name[0] = '\0';
	snprintf(u->home, sizeof u->home, "/");
}

static bool lists(char **members, const char *name)
{
	for (; members && *members; members++)
		if (strcmp(*members, name) == 0) return true;
	return false;
}

/* The group asked for in the node's /etc/group, by name or gid; without one, the user's
 * supplementary groups: those whose members name the user. */
static void find_groups(const char *group, struct exec_user *u, const char *spec)
{
	unsigned number;
	bool numeric = group && numeric_id(group, &number);
	FILE *f = (group || u->name[0]) ? open_in_node("/etc/group", spec) : NULL;
	for (struct group *g; f && (g = fgetgrent(f));) {
		if (group) {
			if (strcmp(g->gr_name, group) != 0 && !(numeric && g->gr_gid == number)) continue;
			u->gid = g->gr_gid;
			fclose(f);
			return;
		}
		if (u->ngroups < (int)(sizeof u->groups / sizeof u->groups[0]) && lists(g->gr_mem, u->name))
			u->groups[u->ngroups++] = g->gr_gid;
	}
	if (f) fclose(f);
	if (!group) return;
	if (!numeric) cannot_run("-u %s: no group %s in the node's /etc/group", spec, group);
	u->gid = number;
}

void resolve_user(const char *spec, struct exec_user *u)
{
	char copy[256];
	if (!*spec || strlen(spec) >= sizeof copy) cannot_run("-u '%s': not a user", spec);
	snprintf(copy, sizeof copy, "%s", spec);
	char *group = strchr(copy, ':');
	if (group) *group++ = '\0';
	if (!*copy || (group && !*group)) cannot_run("-u '%s': expected USER or USER:GROUP", spec);
	memset(u, 0, sizeof *u);
	find_user(copy, u, spec);
	find_groups(group, u, spec);
}

void become_user(const struct exec_user *u)
{
	if (setgroups(u->ngroups, u->groups) < 0) cannot_run("set the groups of uid %u: %s", u->uid, strerror(errno));
	if (setresgid(u->gid, u->gid, u->gid) < 0) {
		if (errno == EINVAL) cannot_run("gid %u is not mapped in the node's user namespace", u->gid);
		cannot_run("become gid %u: %s", u->gid, strerror(errno));
	}
	/* From root to another uid the kernel empties the permitted and effective capabilities:
	 * a user is a user, as with su (and docker exec -u). */
	if (setresuid(u->uid, u->uid, u->uid) < 0) {
		if (errno == EINVAL) cannot_run("uid %u is not mapped in the node's user namespace", u->uid);
		cannot_run("become uid %u: %s", u->uid, strerror(errno));
	}
}
