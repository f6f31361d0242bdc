/*
 * fuzz_eval.c - the input as a clustering file for newsfold eval (nf_eval_files): "id<TAB>label"
 * lines, or JSON lines with "id" and "story". Scored against itself (then, when it reads, every
 * score is perfect: B-cubed and pairwise precision and recall 1, nothing missing) and as a
 * prediction against a fixed gold of four items (then every score is in range and the items
 * are the gold's).
 */
#include <newsfold.h>

#include "fuzzcheck.h"

static const char gold_text[] = "a\t1\nb\t1\nc\t2\n7\tx\n";

/* The fixed gold, in a file of its own. */
static const char *gold_path(void)
{
	static char path[64];
	if (!path[0]) {
		int fd = memfd_create("nf-fuzz-gold", MFD_CLOEXEC);
		FC_ASSERT(fd >= 0);
		FC_ASSERT(write(fd, gold_text, sizeof(gold_text) - 1) == sizeof(gold_text) - 1);
		snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	}
	return path;
}

static bool in01(double x)
{
	return x >= 0 && x <= 1;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *p = fc_file_put(data, size);
	nf_eval_result r;
	nf_error err;
	if (nf_eval_files(p, p, &r, &err) == 0) {
		FC_ASSERT(r.scores.items > 0 && r.missing == 0 && r.extra == 0);
		FC_ASSERT(r.scores.bcubed_p == 1 && r.scores.bcubed_r == 1);
		FC_ASSERT(r.scores.gold_clusters == r.scores.pred_clusters);
	} else {
		FC_ASSERT(err.code < 0 && err.message[0]);
	}
	if (nf_eval_files(gold_path(), p, &r, &err) == 0) {
		const nf_scores *s = &r.scores;
		FC_ASSERT(s->items == 4 && s->gold_clusters == 3 && r.missing <= 4);
		FC_ASSERT(in01(s->bcubed_p) && in01(s->bcubed_r) && in01(s->bcubed_f1));
		FC_ASSERT(in01(s->pair_p) && in01(s->pair_r) && in01(s->pair_f1));
		FC_ASSERT(s->ari >= -1 && s->ari <= 1);
	} else {
		FC_ASSERT(err.code < 0 && err.message[0]);
	}
	return 0;
}
