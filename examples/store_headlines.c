/*
 * store_headlines.c - the newsfold library in a few lines: open (or create) a store, add a JSONL
 * file of articles in one transaction, then print each story's size and headline.
 *
 *     cc store_headlines.c $(pkg-config --cflags --libs newsfold) -o store_headlines
 *     ./store_headlines news.store articles.jsonl
 */
#include <newsfold.h>

#include <stdio.h>

int main(int argc, char **argv)
{
	if (argc != 3) {
		fprintf(stderr, "usage: %s STORE_DIR FILE.jsonl\n", argv[0]);
		return 2;
	}
	nf_store *s;
	if (nf_store_open(&s, argv[1], NF_STORE_CREATE)) {
		fprintf(stderr, "%s\n", nf_store_errmsg(s));
		nf_store_close(s);
		return 1;
	}
	/* one add: read every record, keep the rejects aside, commit */
	nf_add_options o;
	nf_add_options_init(&o);
	nf_add *a;
	nf_feed_item it;
	nf_add_stats st;
	int rc = nf_add_begin(&a, s, &o);
	if (rc == 0)
		rc = nf_add_input(a, argv[2]);
	while (rc == 0 && (rc = nf_add_read(a, &it)) == 1) {
		if (it.rc < 0)
			fprintf(stderr, "%s:%llu: %s\n", it.err.file,
				(unsigned long long)it.err.line, it.err.message);
		rc = 0;
	}
	if (rc == 0)
		rc = nf_add_commit(a, &st);
	nf_add_free(a);
	if (rc) {
		fprintf(stderr, "%s\n", nf_store_errmsg(s));
		nf_store_close(s);
		return 1;
	}
	printf("add %lld: %llu new articles\n", (long long)st.seq, (unsigned long long)st.added);
	/* the stories, read back */
	nf_store_query q = {.since = NF_NO_DATE, .story = -1};
	nf_store_iter *i;
	nf_str line;
	nf_store_story story;
	if (nf_store_stories(s, &q, &i) == 0) {
		while (nf_store_next(i, &line) == 1 && nf_store_story_get(i, &story) == 0)
			printf("story %lld: %zu articles: %.*s\n", (long long)story.id, story.size,
			       (int)story.headline.len, story.headline.ptr);
	}
	nf_store_iter_free(i);
	nf_store_close(s);
	return 0;
}
