/*
 * stats_json.c - the --stats-json record of a run: the counters every command shares, then the
 * command's own (each key spelled here only; docs/newsfold.1 lists them).
 */
#include "../base/base.h"

#define U(x) ((unsigned long long)(x))

int nf_write_stats_begin(nf_buf *b, const nf_run_stats *s)
{
	const nf_feed_stats *fs = s->feed;
	nf_buf_printf(b,
		      "{\"command\":\"%s\",\"version\":\"%s\",\"threads\":%d,\"records\":%llu,"
		      "\"docs\":%llu,\"rejects\":%llu,\"rejects_by_reason\":{",
		      s->command, nf_version(), s->threads, U(fs->records), U(fs->docs),
		      U(fs->rejects));
	bool first = true;
	for (int k = 0; k < 32; k++) {
		if (!fs->by_code[k])
			continue;
		nf_buf_printf(b, "%s\"%s\":%llu", first ? "" : ",", nf_errreason(-k),
			      U(fs->by_code[k]));
		first = false;
	}
	nf_buf_printf(
	    b,
	    "},\"files\":%llu,\"files_skipped\":%llu,\"bytes_in\":%llu,\"bytes_out\":%llu,"
	    "\"seconds\":%.3f,\"max_rss_kb\":%ld",
	    U(fs->read.files), U(fs->read.files_skipped), U(fs->read.bytes), U(s->bytes_out),
	    s->seconds, s->max_rss_kb);
	if (fs->read.archive_records || fs->read.archive_skipped) /* (only for archives) */
		nf_buf_printf(b, ",\"archive_records\":%llu,\"archive_skipped\":%llu",
			      U(fs->read.archive_records), U(fs->read.archive_skipped));
	return b->oom ? NF_ENOMEM : 0;
}

int nf_write_stats_end(nf_buf *b)
{
	return nf_buf_puts(b, "}\n");
}

int nf_write_clean_stats(nf_buf *b, const nf_feed_stats *fs)
{
	return nf_buf_printf(b, ",\"repeated_lines\":%zu,\"seconds_line_pass\":%.3f",
			     fs->repeated_lines, fs->seconds_line_pass);
}

int nf_write_dups_stats(nf_buf *b, const nf_dups_stats *ds, const nf_phase_seconds *t)
{
	return nf_buf_printf(
	    b,
	    ",\"kept\":%llu,\"duplicates\":%llu,\"families\":%llu,\"candidate_pairs\":%llu,"
	    "\"verified_pairs\":%llu,\"exact_pairs\":%llu,\"k\":%u,\"ngram\":%u,\"bands\":%u,"
	    "\"rows\":%u,\"threshold\":%.4f,\"containment\":%.4f,\"seconds_sketch\":%.3f,"
	    "\"seconds_verify\":%.3f,\"seconds_output\":%.3f",
	    U(ds->kept), U(ds->docs - ds->kept), U(ds->families), U(ds->candidate_pairs),
	    U(ds->verified_pairs), U(ds->exact_pairs), ds->k, ds->ngram, ds->bands, ds->rows,
	    ds->threshold, ds->containment, t->line_pass + t->read, t->finish, t->write);
}

int nf_write_reuser_stats(nf_buf *b, const nf_reuser_stats *rs, const nf_phase_seconds *t)
{
	const nf_reuse_stats *ix = &rs->index;
	return nf_buf_printf(
	    b,
	    ",\"fingerprints\":%llu,\"distinct_fingerprints\":%llu,\"max_df\":%u,"
	    "\"dropped_common\":%llu,\"pair_work\":%llu,\"candidate_pairs\":%llu,"
	    "\"out_of_window\":%llu,\"pivot_work\":%llu,\"pivot_pairs\":%llu,"
	    "\"spilled_runs\":%llu,\"spilled_bytes\":%llu,"
	    "\"aligned_pairs\":%llu,\"linked_pairs\":%llu,"
	    "\"copy_pairs\":%llu,\"partial_pairs\":%llu,\"quote_pairs\":%llu,"
	    "\"passage_pairs\":%llu,\"spans\":%llu,"
	    "\"families\":%llu,"
	    "\"pairs_per_second\":%.1f,\"seconds_line_pass\":%.3f,\"seconds_index\":%.3f,"
	    "\"seconds_candidates\":%.3f,\"seconds_align\":%.3f",
	    U(ix->postings), U(ix->fingerprints), ix->max_df, U(ix->dropped_common),
	    U(ix->pair_work), U(ix->pairs), U(ix->out_of_window), U(ix->pivot_work),
	    U(ix->pivot_pairs), U(ix->spilled_runs), U(ix->spilled_bytes), U(rs->aligned_pairs),
	    U(rs->linked_pairs), U(rs->copy_pairs), U(rs->partial_pairs), U(rs->quote_pairs),
	    U(rs->passage_pairs), U(rs->spans), U(rs->families),
	    t->write > 0 ? (double)rs->aligned_pairs / t->write : 0.0, t->line_pass, t->read,
	    t->finish, t->write);
}

int nf_write_engine_stats(nf_buf *b, const nf_engine_stats *es, const nf_tie_stats *ties,
			  const nf_phase_seconds *t)
{
	const nf_stories_stats *ss = &es->stories_run;
	double all = t->line_pass + t->read + t->finish + t->write;
	if (es->digested)
		nf_buf_printf(b,
			      ",\"digest_pairs\":%llu,\"digest_sentence_work\":%llu,"
			      "\"digest_quote_work\":%llu",
			      U(es->digest_pairs), U(es->digest_sentence_work),
			      U(es->digest_quote_work));
	return nf_buf_printf(
	    b,
	    ",\"stories\":%llu,\"singletons\":%llu,\"largest\":%llu,\"families\":%llu,"
	    "\"links\":%llu,\"links_unknown\":%llu,\"links_bad\":%llu,\"links_late\":%llu,"
	    "\"joined\":%llu,\"opened\":%llu,\"split\":%llu,\"merged\":%llu,"
	    "\"peak_live_docs\":%llu,\"vocabulary\":%llu,\"docs_per_second\":%.1f,"
	    "\"seconds_line_pass\":%.3f,\"seconds_terms\":%.3f,\"seconds_cluster\":%.3f",
	    U(es->stories), U(es->singletons), U(es->largest), U(es->families), U(ties->ties),
	    U(ties->unknown), U(ties->bad), U(es->late_ties), U(ss->joined), U(ss->opened),
	    U(ss->split), U(ss->merged), U(ss->peak_live_docs), U(ss->vocabulary),
	    all > 0 ? (double)es->feed.docs / all : 0.0, t->line_pass, t->read, t->write);
}

int nf_write_add_stats(nf_buf *b, const nf_add_stats *as)
{
	return nf_buf_printf(
	    b,
	    ",\"seq\":%lld,\"added\":%llu,\"updated\":%llu,\"unchanged\":%llu,"
	    "\"duplicates\":%llu,\"reclustered\":%llu,\"created\":%llu,\"grew\":%llu,"
	    "\"merged\":%llu,\"split\":%llu,\"changed\":%llu,\"reuse_pairs\":%llu",
	    (long long)as->seq, U(as->added), U(as->updated), U(as->unchanged), U(as->duplicates),
	    U(as->reclustered), U(as->created), U(as->grew), U(as->merged), U(as->split),
	    U(as->changed), U(as->reuse_pairs));
}
