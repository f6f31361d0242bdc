/*
 * fuzz_jsonl.c - the input as a JSONL file (or any file: the reader sniffs gzip, zstd, seed and
 * plain text too). Read with the default cap and with a 64-byte cap; every record parsed and
 * compared with a model of nf_parse() on an independent RFC 8259 parser; every document cleaned
 * and checked (see fuzzread.h, fuzzcheck.h).
 *
 * An input that mentions "body" is read with other field names (id "guid", text "body", date
 * "published"), to reach the field-name options.
 */
#include <newsfold.h>

#include "fuzzread.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const nf_read_options other = {
	    .id_field = "guid", .text_field = "body", .date_field = "published"};
	bool body = size >= 6 && memmem(data, size, "\"body\"", 6) != NULL;
	fc_read_check(data, size, 64, body ? &other : NULL);
	return 0;
}
