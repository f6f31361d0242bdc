/*
 * tmpfile.c - an unlinked temporary file in a chosen directory: gone when closed or when the
 * process dies, whatever happens in between.
 */
#include "base.h"

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

const char *nf_tmp_dir(void)
{
	const char *t = getenv("TMPDIR");
	return t && *t ? t : "/tmp";
}

int nf_tmpfile(const char *dir, FILE **out)
{
	*out = NULL;
	char path[4096];
	if (!dir || !*dir)
		dir = nf_tmp_dir();
	if (snprintf(path, sizeof(path), "%s/newsfold-tmp-XXXXXX", dir) >= (int)sizeof(path))
		return NF_EINVAL;
	int fd = mkstemp(path);
	if (fd < 0)
		return NF_EIO;
	unlink(path);
	if (!(*out = fdopen(fd, "w+b"))) {
		close(fd);
		return NF_EIO;
	}
	return 0;
}
