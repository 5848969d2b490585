/* SPDX-License-Identifier: GPL-2.0-only */
/* Reading a scenario's text for libyaml: the size limit, the text encoding and byte
 * order mark, and the line and column of a byte offset, for libyaml's encoding errors. */
#include "scenario/ytree_internal.h"

#include <errno.h>
#include <string.h>

/* The encoding libyaml will detect (it looks for a UTF-16 byte order mark). */
static enum ytext_encoding detect_encoding(const unsigned char *p, size_t n)
{
    if (n >= 2 && p[0] == 0xff && p[1] == 0xfe)
        return YENC_UTF16LE;
    if (n >= 2 && p[0] == 0xfe && p[1] == 0xff)
        return YENC_UTF16BE;
    return YENC_UTF8;
}

/* Advances a line/column position over bytes (columns count characters: UTF-8
 * continuation bytes and UTF-16 low surrogates do not start one). */
static void advance(const unsigned char *p, size_t n, uint32_t *line, uint32_t *col)
{
    const unsigned char *end = p + n, *nl;
    while ((nl = memchr(p, '\n', (size_t)(end - p)))) {
        (*line)++;
        *col = 1;
        p = nl + 1;
    }
    for (; p < end; p++)
        *col += (*p & 0xc0) != 0x80;
}

static void advance_enc(enum ytext_encoding enc, const unsigned char *p, size_t n,
                        uint32_t *line, uint32_t *col)
{
    if (enc == YENC_UTF8) {
        advance(p, n, line, col);
        return;
    }
    for (size_t i = 0; i + 1 < n; i += 2) {
        unsigned unit = enc == YENC_UTF16LE ? p[i] | (unsigned)p[i + 1] << 8
                                           : (unsigned)p[i] << 8 | p[i + 1];
        if (unit == '\n') {
            (*line)++;
            *col = 1;
        } else if (unit < 0xdc00 || unit > 0xdfff) {
            (*col)++;
        }
    }
}

/* Bytes of a byte order mark at the start of the input (not a character). */
static size_t bom_length(const unsigned char *p, size_t n)
{
    if (n >= 3 && p[0] == 0xef && p[1] == 0xbb && p[2] == 0xbf)
        return 3;
    return detect_encoding(p, n) != YENC_UTF8 ? 2 : 0;
}

static size_t count_nonblank(const unsigned char *p, size_t n)
{
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        k += p[i] != ' ' && p[i] != '\t' && p[i] != '\r' && p[i] != '\n';
    return k;
}

static void remember(struct yreader *r, const unsigned char *p, size_t n)
{
    if (r->total == 0) {
        r->enc = detect_encoding(p, n);
        r->bom = bom_length(p, n);
        r->hist_off = r->bom;  /* positions count from after the mark */
        p += r->bom;
        n -= r->bom;
    }
    if (r->hist_len + n > YREAD_HISTORY) {
        size_t drop = (r->hist_len - YREAD_HISTORY_KEEP) & ~(size_t)1;  /* whole UTF-16 units */
        advance_enc(r->enc, r->hist, drop, &r->hist_line, &r->hist_col);
        memmove(r->hist, r->hist + drop, r->hist_len - drop);
        r->hist_len -= drop;
        r->hist_off += drop;
    }
    memcpy(r->hist + r->hist_len, p, n);
    r->hist_len += n;
}

int yreader_read(void *data, unsigned char *buffer, size_t size, size_t *size_read)
{
    struct yreader *r = data;
    *size_read = 0;
    if (r->total >= YTREE_MAX_INPUT_BYTES) {
        r->too_big = true;
        return 0;
    }
    if (size > YREAD_CHUNK)
        size = YREAD_CHUNK;
    if (size > YTREE_MAX_INPUT_BYTES - r->total)
        size = (size_t)(YTREE_MAX_INPUT_BYTES - r->total);
    size_t got;
    if (r->f) {
        got = fread(buffer, 1, size, r->f);
        if (got == 0 && ferror(r->f)) {
            r->read_errno = errno ? errno : EIO;
            return 0;
        }
        remember(r, buffer, got);
    } else {
        got = r->text_len - (size_t)r->total;
        if (got > size)
            got = size;
        memcpy(buffer, r->text + r->total, got);
    }
    if (r->nonblank == 0)  /* only whether there is any is asked */
        r->nonblank = count_nonblank(buffer, got);
    r->total += got;
    *size_read = got;
    return 1;
}

/* Line and column (1-based) of a byte offset of the input; false when it is no longer
 * known (file input keeps only the last bytes, where libyaml's errors lie). */
bool yreader_position(const struct yreader *r, uint64_t off, uint32_t *line,
                      uint32_t *col)
{
    if (!r->f) {
        size_t bom = bom_length(r->text, r->text_len);
        size_t end = (size_t)(off < r->text_len ? off : r->text_len);
        *line = 1;
        *col = 1;
        if (end > bom)
            advance_enc(detect_encoding(r->text, r->text_len), r->text + bom, end - bom, line,
                        col);
        return true;
    }
    if (off < r->hist_off || off > r->hist_off + r->hist_len) {
        *line = *col = off < r->hist_off && off <= r->bom ? 1 : 0;
        return *line != 0;
    }
    *line = r->hist_line;
    *col = r->hist_col;
    advance_enc(r->enc, r->hist, (size_t)(off - r->hist_off), line, col);
    return true;
}

/* Whether the whole input is blanks and line breaks (read to its end, if need be). */
bool yreader_blank(struct yreader *r)
{
    unsigned char buf[YREAD_CHUNK];
    size_t got;
    while (r->nonblank == 0 && yreader_read(r, buf, sizeof(buf), &got) && got > 0)
        ;
    return r->nonblank == 0 && !r->too_big && !r->read_errno;
}
