/*
 * failalloc.c - an LD_PRELOAD shim for the allocation-failure tests: the Nth call (counting
 * malloc, calloc, realloc, posix_memalign, aligned_alloc and strdup together, from 1) of the
 * process returns NULL with ENOMEM, once; NF_FAIL_AT=N chooses it (unset or 0: none fails).
 * NF_FAIL_COUNT=FILE writes the number of calls made to FILE at exit (to choose N from);
 * NF_FAIL_TRACE=1 prints the stack of the failed call on stderr.
 *
 * The real allocator is reached through glibc's __libc_* entry points, so the shim allocates
 * nothing itself and works before dlsym is usable.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <execinfo.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

extern void *__libc_malloc(size_t n);
extern void *__libc_calloc(size_t k, size_t n);
extern void *__libc_realloc(void *p, size_t n);
extern void *__libc_memalign(size_t align, size_t n);

static atomic_ulong calls;
static unsigned long fail_at = (unsigned long)-1;

/* Whether this call is the one to fail. */
static int fails(void)
{
	unsigned long k = atomic_fetch_add(&calls, 1) + 1;
	if (fail_at == (unsigned long)-1) {
		const char *v = getenv("NF_FAIL_AT"); /* getenv does not allocate */
		fail_at = v ? strtoul(v, NULL, 10) : 0;
	}
	if (fail_at && k == fail_at) {
		if (getenv("NF_FAIL_TRACE")) {
			void *frames[32];
			fail_at = 0; /* backtrace() may allocate once: let it */
			backtrace_symbols_fd(frames, backtrace(frames, 32), 2);
		}
		errno = ENOMEM;
		return 1;
	}
	return 0;
}

void *malloc(size_t n)
{
	return fails() ? NULL : __libc_malloc(n);
}

void *calloc(size_t k, size_t n)
{
	return fails() ? NULL : __libc_calloc(k, n);
}

void *realloc(void *p, size_t n)
{
	return fails() ? NULL : __libc_realloc(p, n);
}

int posix_memalign(void **out, size_t align, size_t n)
{
	if (fails())
		return ENOMEM;
	void *p = __libc_memalign(align, n);
	if (!p)
		return ENOMEM;
	*out = p;
	return 0;
}

void *aligned_alloc(size_t align, size_t n)
{
	return fails() ? NULL : __libc_memalign(align, n);
}

char *strdup(const char *s)
{
	size_t n = strlen(s) + 1;
	char *d = fails() ? NULL : __libc_malloc(n);
	if (d)
		memcpy(d, s, n);
	return d;
}

__attribute__((destructor)) static void report(void)
{
	const char *f = getenv("NF_FAIL_COUNT");
	FILE *o = f ? fopen(f, "w") : NULL;
	if (o) {
		fprintf(o, "%lu\n", (unsigned long)atomic_load(&calls));
		fclose(o);
	}
}
