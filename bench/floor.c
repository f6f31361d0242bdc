/*
 * floor.c - the hashing floor: what any shingle-based near-duplicate tool pays at least.
 *
 * Reads files whole, splits the raw bytes into words (runs of ASCII letters and digits, or of
 * bytes >= 0x80; no JSON parse, no Unicode, no cleaning), hashes each word with XXH3, and hashes
 * every window of 5 word hashes with XXH3, keeping a running xor so nothing is optimised away.
 * One thread. Prints bytes, seconds and MB/s; with --json, one flat JSON object instead.
 *
 *   floor [--json] FILE...
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define XXH_INLINE_ALL
#include <xxhash.h>

#define NGRAM 5

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static unsigned char wordbyte[256];

static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	size_t cap = 1 << 20, n = 0;
	char *buf = malloc(cap);
	for (size_t got; buf && (got = fread(buf + n, 1, cap - n, f)) > 0;) {
		n += got;
		if (n == cap) {
			char *grown = realloc(buf, cap *= 2);
			if (!grown) {
				free(buf);
				buf = NULL;
			}
			buf = grown;
		}
	}
	fclose(f);
	*len = n;
	return buf;
}

/* the words and shingles of p[0..n): returns the xor of the shingle hashes */
static uint64_t hash_all(const unsigned char *p, size_t n, uint64_t *shingles)
{
	uint64_t win[NGRAM] = {0}, acc = 0;
	size_t have = 0;
	for (size_t i = 0; i < n;) {
		if (!wordbyte[p[i]]) {
			i++;
			continue;
		}
		size_t s = i;
		while (i < n && wordbyte[p[i]])
			i++;
		memmove(win, win + 1, (NGRAM - 1) * sizeof(uint64_t));
		win[NGRAM - 1] = XXH3_64bits(p + s, i - s);
		if (++have >= NGRAM) {
			uint64_t h = XXH3_64bits(win, sizeof(win));
			acc ^= h;
			(*shingles)++;
		}
	}
	return acc;
}

int main(int argc, char **argv)
{
	int json = argc > 1 && strcmp(argv[1], "--json") == 0;
	if (argc < 2 + json) {
		fprintf(stderr, "usage: floor [--json] FILE...\n");
		return 2;
	}
	for (int c = 0; c < 256; c++)
		wordbyte[c] = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
			      (c >= 'A' && c <= 'Z') || c >= 0x80;
	size_t bytes = 0;
	uint64_t shingles = 0, acc = 0;
	double secs = 0;
	for (int a = 1 + json; a < argc; a++) {
		size_t n;
		double t0 = now();
		char *buf = slurp(argv[a], &n);
		if (!buf) {
			fprintf(stderr, "floor: %s: cannot read\n", argv[a]);
			return 1;
		}
		acc ^= hash_all((const unsigned char *)buf, n, &shingles);
		secs += now() - t0;
		bytes += n;
		free(buf);
	}
	double mbs = secs > 0 ? (double)bytes / 1e6 / secs : 0;
	if (json)
		printf("{\"bytes\":%zu,\"shingles\":%llu,\"seconds\":%.4f,\"mb_per_s\":%.1f,"
		       "\"check\":\"%016llx\"}\n",
		       bytes, (unsigned long long)shingles, secs, mbs, (unsigned long long)acc);
	else
		printf("floor: %zu bytes, %llu shingles, %.3f s, %.1f MB/s\n", bytes,
		       (unsigned long long)shingles, secs, mbs);
	return 0;
}
