/*
 * replay.c - a main() for building the fuzz targets without libFuzzer (gcc): every argument is
 * a file or a directory (read recursively, entries in byte order of names); each file's bytes
 * go to LLVMFuzzerTestOneInput() once. Prints "N passed, 0 failed" (N inputs replayed, each a
 * check: a violated invariant aborts in the target); exits 1 when an argument or a file in it
 * cannot be read or when there was no input at all, 2 on a usage error.
 */
#include <dirent.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static size_t n_inputs;
static int status;

static int cmp_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void run_file(const char *path)
{
	FILE *f = fopen(path, "rb");
	if (!f) {
		fprintf(stderr, "replay: %s: %s\n", path, strerror(errno));
		status = 1;
		return;
	}
	size_t len = 0, cap = 4096;
	uint8_t *buf = malloc(cap);
	for (;;) {
		if (!buf) {
			fprintf(stderr, "replay: %s: out of memory\n", path);
			exit(1);
		}
		len += fread(buf + len, 1, cap - len, f);
		if (len < cap)
			break;
		uint8_t *nb = realloc(buf, cap *= 2);
		if (!nb)
			free(buf);
		buf = nb;
	}
	int err = ferror(f);
	fclose(f);
	if (err) {
		fprintf(stderr, "replay: %s: read error\n", path);
		status = 1;
		free(buf);
		return;
	}
	/* an exact-size copy, so that ASan sees reads past the end of the input */
	uint8_t *exact = malloc(len ? len : 1);
	if (!exact) {
		fprintf(stderr, "replay: %s: out of memory\n", path);
		exit(1);
	}
	if (len)
		memcpy(exact, buf, len);
	free(buf);
	LLVMFuzzerTestOneInput(exact, len);
	free(exact);
	n_inputs++;
}

static void run_path(const char *path)
{
	struct stat sb;
	if (stat(path, &sb) != 0) {
		fprintf(stderr, "replay: %s: %s\n", path, strerror(errno));
		status = 1;
		return;
	}
	if (!S_ISDIR(sb.st_mode)) {
		run_file(path);
		return;
	}
	DIR *d = opendir(path);
	if (!d) {
		fprintf(stderr, "replay: %s: %s\n", path, strerror(errno));
		status = 1;
		return;
	}
	char **names = NULL;
	size_t n = 0, cap = 0;
	struct dirent *e;
	while ((e = readdir(d))) {
		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		size_t pl = strlen(path), nl = strlen(e->d_name);
		char *full = malloc(pl + nl + 2);
		if (!full || (n == cap && !(names = realloc(names, (cap = cap ? cap * 2 : 64) *
								       sizeof(*names))))) {
			fprintf(stderr, "replay: out of memory\n");
			exit(1);
		}
		memcpy(full, path, pl);
		size_t k = pl;
		if (k && full[k - 1] != '/')
			full[k++] = '/';
		memcpy(full + k, e->d_name, nl + 1);
		names[n++] = full;
	}
	closedir(d);
	if (n)
		qsort(names, n, sizeof(*names), cmp_names);
	for (size_t i = 0; i < n; i++) {
		run_path(names[i]);
		free(names[i]);
	}
	free(names);
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr, "usage: %s FILE|DIR...\n", argv[0]);
		return 2;
	}
	for (int i = 1; i < argc; i++)
		run_path(argv[i]);
	if (n_inputs == 0) {
		fprintf(stderr, "replay: no input\n");
		status = 1;
	}
	printf("%zu passed, %d failed\n", n_inputs, status != 0);
	return status;
}
