/* write.h - what the JSON writers of lib/write share. */
#ifndef NF_WRITE_H
#define NF_WRITE_H

#include "../base/base.h"

/* For a page from an archive (NF_FORMAT_WARC), appends
 *     ,"archive":{"file":...,"offset":N,"record_id":...,"digest":...,"truncated":...}
 * (record_id, digest and truncated only when the archive gave them); nothing for other docs.
 * The one place these keys are written. */
NF_INTERNAL void nf_write_archive_json(nf_buf *b, const nf_doc *doc);

#endif
