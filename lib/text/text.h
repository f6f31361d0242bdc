/* text.h - internal interface of the clean stage. */
#ifndef NF_TEXT_H
#define NF_TEXT_H

#include "../base/base.h"

/* A stretch where the cleaned text is not a byte copy of the original: clean [c0, c1) came from
 * original [o0, o1). Between regions the two advance together. */
typedef struct nf_region {
	uint32_t c0, c1, o0, o1;
} nf_region;

typedef NF_VEC(nf_region) nf_regions;
typedef NF_VEC(nf_mark) nf_marks;

/* Stage A: original bytes -> valid UTF-8 with LF line ends, unified spaces, control characters
 * removed and (unless no_mojibake) mojibake undone. Appends to *out, records regions and
 * repairs (original offsets). */
NF_INTERNAL int nf_text_normalize(const char *s, size_t n, bool no_mojibake, nf_buf *out,
				  nf_regions *regs, nf_marks *repairs);

/* Clean offset -> original offset. `end` selects the rule for an exclusive end. */
NF_INTERNAL uint32_t nf_region_map(const nf_regions *r, uint32_t c, bool end);

/* Mapping a non-decreasing sequence of offsets (starts, or ends) without searching. */
typedef struct nf_region_cursor {
	const nf_regions *r;
	size_t k; /* regions before this index are behind the last offset */
} nf_region_cursor;
NF_INTERNAL uint32_t nf_region_next(nf_region_cursor *cur, uint32_t c, bool end);

/* Unicode helpers (utf8proc underneath). */
NF_INTERNAL bool nf_uni_is_word(uint32_t cp);	  /* letters, marks, digits */
NF_INTERNAL bool nf_uni_starts_word(uint32_t cp); /* letters, digits (not marks) */
NF_INTERNAL bool nf_uni_is_upper(uint32_t cp);	  /* Lu, Lt */
NF_INTERNAL bool nf_uni_is_lower(uint32_t cp);	  /* Ll */
NF_INTERNAL bool nf_uni_is_han(uint32_t cp);	  /* CJK ideographs */

/* ASCII letters and digits, lower-cased; 0 for every other byte. */
NF_INTERNAL extern const unsigned char nf_alnum_lower[256];

/* Lines longer than this (in words) are never repeated-line candidates. */
#define NF_LINE_MAX_WORDS 40
/* Key of a line for repeated-line detection: lower-cased letters and digits only. */
NF_INTERNAL uint64_t nf_line_key(const char *s, size_t n, size_t *words);
NF_INTERNAL bool nf_lines_has(const nf_lines *l, uint64_t key);

/* Boilerplate of one line of cleaned text [s, e): appends marks in clean coordinates. `edge`:
 * the line is among the first or last three of the document, where page furniture
 * (breadcrumbs, syndication notes) sits; other lines get the cheaper rules only. */
NF_INTERNAL int nf_boiler_line(const char *t, uint32_t s, uint32_t e, bool edge, nf_marks *out);
/* A dateline at the start of a paragraph [s, e): its length (0 if none). */
NF_INTERNAL uint32_t nf_boiler_dateline(const char *t, uint32_t s, uint32_t e);

#endif
