/* test_base.c - error table, buffers, UTF-8 decoding, the id set, the thread pool. */
#include "harness.h"

#include "base/base.h"

TEST(error_table)
{
	int codes[] = {NF_OK,	  NF_ENOMEM,   NF_EINVAL,     NF_EIO,	   NF_ENOENT,
		       NF_EJSON,  NF_EUTF8,    NF_ENUL,	      NF_ETOOLONG, NF_EEMPTY,
		       NF_EDUPID, NF_ENOFIELD, NF_EFIELDTYPE, NF_ECORRUPT, NF_ELIMIT};
	for (size_t i = 0; i < NF_ARRAY_LEN(codes); i++) {
		CHECK(strcmp(nf_strerror(codes[i]), "unknown error") != 0);
		CHECK(strcmp(nf_errname(codes[i]), "NF_E?") != 0);
		CHECK(strcmp(nf_errreason(codes[i]), "unknown") != 0);
	}
	CHECK(strcmp(nf_errname(NF_EJSON), "NF_EJSON") == 0);
	CHECK(strcmp(nf_errreason(NF_EDUPID), "duplicate-id") == 0);
	CHECK(strcmp(nf_strerror(-999), "unknown error") == 0);
	CHECK(strcmp(nf_errname(7), "NF_E?") == 0);
	CHECK(strcmp(nf_version(), NF_VERSION_STRING) == 0);
}

TEST(buffer_grows)
{
	nf_buf b;
	nf_buf_init(&b);
	for (int i = 0; i < 100000; i++)
		CHECK_EQ_INT(nf_buf_append(&b, "abc", 3), 0);
	CHECK_EQ_INT(b.len, 300000);
	CHECK(memcmp(b.data + 299997, "abc", 3) == 0);
	nf_buf_reset(&b);
	CHECK_EQ_INT(b.len, 0);
	nf_buf_release(&b);
	CHECK(b.data == NULL);
	nf_buf_release(NULL);
}

TEST(utf8_known_answers)
{
	uint32_t cp;
	CHECK_EQ_INT(nf_utf8_decode((const unsigned char *)"\xC3\xA9", 2, &cp), 2);
	CHECK_EQ_INT(cp, 0xE9);
	CHECK_EQ_INT(nf_utf8_decode((const unsigned char *)"\xE2\x80\x99", 3, &cp), 3);
	CHECK_EQ_INT(cp, 0x2019);
	CHECK_EQ_INT(nf_utf8_decode((const unsigned char *)"\xF0\x9F\x98\x80", 4, &cp), 4);
	CHECK_EQ_INT(cp, 0x1F600);
	/* overlong, surrogate, above U+10FFFF, truncated, stray continuation */
	CHECK_EQ_INT(nf_utf8_decode((const unsigned char *)"\xC0\xAF", 2, &cp), 0);
	CHECK_EQ_INT(nf_utf8_decode((const unsigned char *)"\xE0\x80\xAF", 3, &cp), 0);
	CHECK_EQ_INT(nf_utf8_decode((const unsigned char *)"\xED\xA0\x80", 3, &cp), 0);
	CHECK_EQ_INT(nf_utf8_decode((const unsigned char *)"\xF4\x90\x80\x80", 4, &cp), 0);
	CHECK_EQ_INT(nf_utf8_decode((const unsigned char *)"\xE2\x80", 2, &cp), 0);
	CHECK_EQ_INT(nf_utf8_decode((const unsigned char *)"\x80", 1, &cp), 0);
	/* maximal subparts: one U+FFFD per ill-formed prefix */
	CHECK_EQ_INT(nf_utf8_bad_len((const unsigned char *)"\xE2\x80\x41", 3), 2);
	CHECK_EQ_INT(nf_utf8_bad_len((const unsigned char *)"\xF0\x80\x80", 3), 1);
	CHECK_EQ_INT(nf_utf8_bad_len((const unsigned char *)"\xFF", 1), 1);
	char out[4];
	for (uint32_t c = 0; c < 0x110000; c += 7) {
		if (c >= 0xD800 && c <= 0xDFFF)
			continue;
		int k = nf_utf8_encode(c, out);
		uint32_t back;
		if (nf_utf8_decode((unsigned char *)out, (size_t)k, &back) != k || back != c) {
			CHECK(!"encode/decode round trip");
			break;
		}
	}
	CHECK_EQ_INT(nf_utf8_valid_prefix("ab\xC3\xA9\xFF", 5), 4);
}

TEST(idset_first_wins)
{
	nf_idset *s;
	CHECK_EQ_INT(nf_idset_new(&s), 0);
	CHECK_EQ_INT(nf_idset_add(s, "a", 1), 1);
	CHECK_EQ_INT(nf_idset_add(s, "b", 1), 1);
	CHECK_EQ_INT(nf_idset_add(s, "a", 1), 0);
	CHECK_EQ_INT(nf_idset_add(s, "", 0), 1);
	char id[32];
	int fresh = 0;
	for (int i = 0; i < 200000; i++) {
		snprintf(id, sizeof(id), "doc-%d", i % 100000);
		fresh += nf_idset_add(s, id, strlen(id));
	}
	CHECK_EQ_INT(fresh, 100000);
	nf_idset_free(s);
	nf_idset_free(NULL);
}

static void square(void *ctx, size_t i, int w)
{
	uint64_t *out = ctx;
	(void)w;
	out[i] = (uint64_t)i * i;
}

TEST(pool_covers_every_index)
{
	for (int threads = 1; threads <= 4; threads++) {
		nf_pool *p;
		CHECK_EQ_INT(nf_pool_new(&p, threads), 0);
		CHECK_EQ_INT(nf_pool_threads(p), threads);
		uint64_t *out = calloc(10000, sizeof(uint64_t));
		for (int round = 0; round < 20; round++) {
			memset(out, 0xFF, 10000 * sizeof(uint64_t));
			nf_pool_run(p, 10000, square, out);
			int bad = 0;
			for (size_t i = 0; i < 10000; i++)
				bad += out[i] != (uint64_t)i * i;
			CHECK_EQ_INT(bad, 0);
		}
		nf_pool_run(p, 0, square, out);
		free(out);
		nf_pool_free(p);
	}
}

TEST(sha256_known_answers)
{
	/* FIPS 180-4 examples and padding edges (55, 56, 64 bytes); long ones are runs of 'a' */
	static const struct {
		const char *msg;
		size_t n;
		const char *hex;
	} v[] = {
	    {"", 0, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"},
	    {"abc", 3, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"},
	    {"abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", 56,
	     "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"},
	    {"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", 55,
	     "9f4390f8d30c2dd92ec9f095b65e2b9ae9b0a925a5258e241c9f1e910f734318"},
	    {"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", 56,
	     "b35439a4ac6f0948b6d6f9e3c6af0f5f590ce20f1bde7090ef7970686ec6738a"},
	    {"", 64, "ffe054fe7ae0cb6dc65c3af9b61d5209f439851db43d0ba5997337df154668eb"},
	    {"", 1000, "41edece42d63e8d9bf515a9ba6932e1c20cbc9f5a5d134645adb5db1b9737ea3"},
	};
	char buf[1000];
	memset(buf, 'a', sizeof(buf));
	for (size_t i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		unsigned char out[32];
		char hex[65];
		nf_sha256(v[i].msg[0] || v[i].n == 0 ? v[i].msg : buf, v[i].n, out);
		for (int k = 0; k < 32; k++)
			snprintf(hex + 2 * k, 3, "%02x", out[k]);
		CHECK_EQ_STR(hex, 64, v[i].hex, 64);
	}
}

static uint64_t next_rand(uint64_t *s)
{
	*s += 0x9E3779B97F4A7C15ull;
	uint64_t z = *s;
	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
	return z ^ (z >> 31);
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
	return x < y ? -1 : x > y;
}

TEST(sort_u64_as_qsort)
{
	uint64_t seed = 3;
	size_t sizes[] = {0, 1, 2, 63, 64, 1000, 200000};
	for (size_t t = 0; t < NF_ARRAY_LEN(sizes); t++) {
		size_t n = sizes[t];
		uint64_t *a = malloc((n + 1) * sizeof(uint64_t)),
			 *b = malloc((n + 1) * sizeof(uint64_t));
		for (size_t i = 0; i < n; i++) /* few distinct top bits in half: deep buckets */
			a[i] = b[i] = i & 1 ? next_rand(&seed) : next_rand(&seed) & 0xFFFF00FF;
		CHECK_EQ_INT(nf_sort_u64(a, n), 0);
		qsort(b, n, sizeof(uint64_t), cmp_u64);
		CHECK(n == 0 || memcmp(a, b, n * sizeof(uint64_t)) == 0);
		free(a);
		free(b);
	}
}

TEST(runs_merge_in_order)
{
	/* 9 runs of different sizes (one empty), many equal keys across runs, merged through
	 * buffers far smaller than the runs: every key comes back, in order */
	uint64_t seed = 11;
	nf_runs *r;
	CHECK_EQ_INT(nf_runs_new(&r, NULL), 0);
	size_t total = 0;
	uint64_t sum = 0, x = 0;
	for (size_t k = 0; k < 9; k++) {
		size_t n = k == 4 ? 0 : 1000 + 7919 * k;
		uint64_t *a = malloc((n + 1) * sizeof(uint64_t));
		for (size_t i = 0; i < n; i++) {
			a[i] = next_rand(&seed) % 50000;
			sum += a[i];
			x ^= a[i] * 0x9E3779B97F4A7C15ull;
		}
		CHECK_EQ_INT(nf_runs_put(r, a, n), 0);
		total += n;
		free(a);
	}
	CHECK_EQ_INT(nf_runs_count(r), 8);
	CHECK_EQ_INT(nf_runs_keys(r), total);
	for (int pass = 0; pass < 2; pass++) { /* a second merge of the same runs */
		nf_runs_merge *m;
		CHECK_EQ_INT(nf_runs_merge_open(r, pass ? 1 << 20 : 4096, &m), 0);
		size_t got = 0, disorder = 0;
		uint64_t key, prev = 0, s2 = 0, x2 = 0;
		int rc;
		while ((rc = nf_runs_merge_next(m, &key)) == 1) {
			disorder += got && key < prev;
			prev = key;
			s2 += key;
			x2 ^= key * 0x9E3779B97F4A7C15ull;
			got++;
		}
		CHECK_EQ_INT(rc, 0);
		CHECK_EQ_INT(got, total);
		CHECK_EQ_INT(disorder, 0);
		CHECK(s2 == sum && x2 == x);
		nf_runs_merge_close(m);
	}
	nf_runs_free(r);
	/* no runs: the merge is empty */
	CHECK_EQ_INT(nf_runs_new(&r, NULL), 0);
	nf_runs_merge *m;
	uint64_t key;
	CHECK_EQ_INT(nf_runs_merge_open(r, 4096, &m), 0);
	CHECK_EQ_INT(nf_runs_merge_next(m, &key), 0);
	nf_runs_merge_close(m);
	nf_runs_free(r);
	/* a directory that is not there */
	CHECK_EQ_INT(nf_runs_new(&r, "/nonexistent/newsfold"), NF_EIO);
}

int main(void)
{
	RUN(sha256_known_answers);
	RUN(sort_u64_as_qsort);
	RUN(runs_merge_in_order);
	RUN(error_table);
	RUN(buffer_grows);
	RUN(utf8_known_answers);
	RUN(idset_first_wins);
	RUN(pool_covers_every_index);
	return harness_report();
}
