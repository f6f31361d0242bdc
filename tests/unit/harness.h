/*
 * harness.h - newsfold's own small test harness. A test is a function; CHECK* macros count
 * failures and print file:line with the failing expression; harness_report() prints
 * "N passed, N failed" (a test passes when it ran at least one check and none failed) and returns
 * the exit code.
 *
 *     TEST(adds) { CHECK_EQ_INT(1 + 1, 2); }
 *     int main(void) { RUN(adds); return harness_report(); }
 */
#ifndef NF_HARNESS_H
#define NF_HARNESS_H

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int h_passed, h_failed, h_checks, h_checks_failed;
static const char *h_current;

#define TEST(name) static void test_##name(void)

#define RUN(name)                                                                                  \
	do {                                                                                       \
		int before_ = h_checks_failed, ran_ = h_checks;                                    \
		h_current = #name;                                                                 \
		test_##name();                                                                     \
		if (h_checks == ran_)                                                              \
			H_FAIL("the test ran no check");                                           \
		if (h_checks_failed == before_)                                                    \
			h_passed++;                                                                \
		else                                                                               \
			h_failed++;                                                                \
	} while (0)

/* A failed check (H_FAIL may also be called directly: it counts as a check that failed). */
#define H_FAIL(...)                                                                                \
	do {                                                                                       \
		h_checks++;                                                                        \
		h_checks_failed++;                                                                 \
		fprintf(stderr, "%s:%d: [%s] ", __FILE__, __LINE__, h_current);                    \
		fprintf(stderr, __VA_ARGS__);                                                      \
		fputc('\n', stderr);                                                               \
	} while (0)

/* Counts a check that passed (H_FAIL counts the failed ones). */
#define H_PASS() (h_checks++)

#define CHECK(cond)                                                                                \
	do {                                                                                       \
		if (!(cond))                                                                       \
			H_FAIL("check failed: %s", #cond);                                         \
		else                                                                               \
			H_PASS();                                                                  \
	} while (0)

#define CHECK_EQ_INT(a, b)                                                                         \
	do {                                                                                       \
		long long a_ = (long long)(a), b_ = (long long)(b);                                \
		if (a_ != b_)                                                                      \
			H_FAIL("%s == %s: %lld != %lld", #a, #b, a_, b_);                          \
		else                                                                               \
			H_PASS();                                                                  \
	} while (0)

#define CHECK_EQ_STR(a, alen, b, blen)                                                             \
	do {                                                                                       \
		size_t al_ = (alen), bl_ = (blen);                                                 \
		if (al_ != bl_ || memcmp((a), (b), al_) != 0)                                      \
			H_FAIL("%s != %s: \"%.*s\" != \"%.*s\"", #a, #b, (int)al_,                 \
			       (const char *)(a), (int)bl_, (const char *)(b));                    \
		else                                                                               \
			H_PASS();                                                                  \
	} while (0)

/* A C string against a pointer + length. */
#define CHECK_STR(p, n, lit) CHECK_EQ_STR((p), (n), (lit), strlen(lit))

static inline int harness_report(void)
{
	printf("%d passed, %d failed\n", h_passed, h_failed);
	return h_failed ? 1 : 0;
}

/* splitmix64: the seeded generator of property tests */
static inline uint64_t h_rand(uint64_t *s)
{
	uint64_t z = (*s += 0x9E3779B97F4A7C15ull);
	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
	return z ^ (z >> 31);
}

/* Reads a whole file; returns NULL if it cannot. */
static inline char *h_slurp(const char *path, size_t *n)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	size_t cap = 1 << 16, len = 0;
	char *b = malloc(cap);
	size_t k;
	while (b && (k = fread(b + len, 1, cap - len, f)) > 0) {
		len += k;
		if (len == cap) {
			char *nb = realloc(b, cap *= 2);
			if (!nb) {
				free(b);
				b = NULL;
			}
			b = nb;
		}
	}
	fclose(f);
	*n = len;
	return b;
}

#endif
