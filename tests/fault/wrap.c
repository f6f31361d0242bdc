/*
 * wrap.c - allocation failure inside a sanitizer build: linked into newsfold-fault with
 * -Wl,--wrap for malloc, calloc, realloc, posix_memalign, aligned_alloc, strdup and strndup, so
 * that newsfold's own calls (the library and the CLI, linked statically) come here and go on to
 * the sanitizer's allocator. The Nth call (from 1) returns NULL with ENOMEM, once; NF_FAIL_AT=N
 * chooses it (unset or 0: none fails), NF_FAIL_COUNT=FILE writes the number of calls made at
 * exit. The same contract as the LD_PRELOAD shim (failalloc.c), which a sanitizer's allocator
 * does not allow. Calls made inside shared libraries (SQLite, json-c, libc) are not counted.
 */
#include <errno.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void *__real_malloc(size_t n);
void *__real_calloc(size_t k, size_t n);
void *__real_realloc(void *p, size_t n);
int __real_posix_memalign(void **out, size_t align, size_t n);
void *__real_aligned_alloc(size_t align, size_t n);
void *__wrap_malloc(size_t n);
void *__wrap_calloc(size_t k, size_t n);
void *__wrap_realloc(void *p, size_t n);
int __wrap_posix_memalign(void **out, size_t align, size_t n);
void *__wrap_aligned_alloc(size_t align, size_t n);
char *__wrap_strdup(const char *s);
char *__wrap_strndup(const char *s, size_t n);

static atomic_ulong calls;
static unsigned long fail_at = (unsigned long)-1;

static int fails(void)
{
	unsigned long k = atomic_fetch_add(&calls, 1) + 1;
	if (fail_at == (unsigned long)-1) {
		const char *v = getenv("NF_FAIL_AT");
		fail_at = v ? strtoul(v, NULL, 10) : 0;
	}
	if (fail_at && k == fail_at) {
		errno = ENOMEM;
		return 1;
	}
	return 0;
}

static void write_count(void) __attribute__((destructor));
static void write_count(void)
{
	const char *path = getenv("NF_FAIL_COUNT");
	FILE *f = path ? fopen(path, "w") : NULL;
	if (f) {
		fprintf(f, "%lu\n", (unsigned long)atomic_load(&calls));
		fclose(f);
	}
}

void *__wrap_malloc(size_t n)
{
	return fails() ? NULL : __real_malloc(n);
}

void *__wrap_calloc(size_t k, size_t n)
{
	return fails() ? NULL : __real_calloc(k, n);
}

void *__wrap_realloc(void *p, size_t n)
{
	return fails() ? NULL : __real_realloc(p, n);
}

int __wrap_posix_memalign(void **out, size_t align, size_t n)
{
	return fails() ? ENOMEM : __real_posix_memalign(out, align, n);
}

void *__wrap_aligned_alloc(size_t align, size_t n)
{
	return fails() ? NULL : __real_aligned_alloc(align, n);
}

char *__wrap_strdup(const char *s)
{
	size_t n = strlen(s) + 1;
	char *p = __wrap_malloc(n);
	return p ? memcpy(p, s, n) : NULL;
}

char *__wrap_strndup(const char *s, size_t n)
{
	size_t len = strnlen(s, n);
	char *p = __wrap_malloc(len + 1);
	if (!p)
		return NULL;
	memcpy(p, s, len);
	p[len] = 0;
	return p;
}
