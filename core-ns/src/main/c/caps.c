/*
 * A node's capabilities, which init and exec both apply: what the node's root may do. As a
 * container runtime does it (runc, with Docker's default set): the bounding set first (it
 * is what confines root across execve: a root process's new permitted set is its bounding
 * set), then the sets of this process. No libcap: two prctl()s and capset().
 */
#include "nslab-init.h"

#include <errno.h>
#include <inttypes.h>
#include <linux/capability.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

void confine_caps(uint64_t bounding, uint64_t keep)
{
	drop_bounding(bounding);
	limit_caps(bounding, keep);
}

void drop_bounding(uint64_t bounding)
{
	/* Needs CAP_SETPCAP, which is dropped last below. PR_CAPBSET_READ fails past the kernel's
	 * last capability (cap_last_cap): newer kernels know more. */
	for (int cap = 0; cap < 64 && prctl(PR_CAPBSET_READ, cap, 0, 0, 0) >= 0; cap++) {
		if (bounding & (UINT64_C(1) << cap)) continue;
		if (prctl(PR_CAPBSET_DROP, cap, 0, 0, 0) < 0) fail(errno, "drop capability %d from the bounding set", cap);
	}
	/* Ambient capabilities would survive execve for a non-root uid: none. */
	if (prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0) < 0 && errno != EINVAL)
		fail(errno, "clear the ambient capabilities");
}

void limit_caps(uint64_t bounding, uint64_t keep)
{
	struct __user_cap_header_struct header = { .version = _LINUX_CAPABILITY_VERSION_3, .pid = 0 };
	struct __user_cap_data_struct data[2];
	if (syscall(SYS_capget, &header, data) < 0) fail(errno, "capget");
	/* What this process has of keep (a set may name a capability the machine's root lacks);
	 * inheritable empty, as Docker has it since CVE-2022-24769. */
	uint64_t have = data[0].permitted | (uint64_t)data[1].permitted << 32;
	keep &= have & bounding;
	for (int i = 0; i < 2; i++) {
		data[i].effective = data[i].permitted = (uint32_t)(keep >> (32 * i));
		data[i].inheritable = 0;
	}
	if (syscall(SYS_capset, &header, data) < 0) fail(errno, "set the node's capabilities");
}

void no_new_privs(void)
{
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0) fail(errno, "set no_new_privs");
}

bool read_caps(const char *status_path, uint64_t *effective, uint64_t *bounding)
{
	char buf[8192];
	if (read_file(status_path, buf, sizeof buf) == (size_t)-1) return false;
	char *eff = strstr(buf, "\nCapEff:\t"), *bnd = strstr(buf, "\nCapBnd:\t");
	if (!eff || !bnd) return false;
	*effective = strtoull(eff + 9, NULL, 16);
	*bounding = strtoull(bnd + 9, NULL, 16);
	return true;
}
