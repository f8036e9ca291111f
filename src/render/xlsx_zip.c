/* xlsx_zip.c: copies a workbook package, splicing pre-deflated rows into named sheets
 * (xlsx_private.h). */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <zlib.h>

#include "xlsx_private.h"

#define SIG_LOCAL 0x04034b50u
#define SIG_CENTRAL 0x02014b50u
#define SIG_END 0x06054b50u
#define SIG_END64_LOCATOR 0x07064b50u
#define LOCAL_SIZE 30
#define CENTRAL_SIZE 46
#define END_SIZE 22
#define LIMIT32 0xFFFFFFFFu

static uint32_t rd16(const unsigned char *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8;
}

static uint32_t rd32(const unsigned char *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
           (uint32_t)p[3] << 24;
}

static void wr16(unsigned char *p, uint32_t v)
{
    p[0] = (unsigned char)v;
    p[1] = (unsigned char)(v >> 8);
}

static void wr32(unsigned char *p, uint32_t v)
{
    p[0] = (unsigned char)v;
    p[1] = (unsigned char)(v >> 8);
    p[2] = (unsigned char)(v >> 16);
    p[3] = (unsigned char)(v >> 24);
}

struct entry {
    const unsigned char *central; /* its central directory record */
    size_t central_len;
    uint64_t local;                  /* offset of its local header in the input */
    uint64_t local_end;              /* where the next entry (or the directory) starts */
    const struct t0_xlsx_part *part; /* NULL: copied as it is */
    uint32_t crc;
    uint64_t zsize, usize;
    uint64_t out_offset;
};

struct splice {
    unsigned char *in; /* the whole input package */
    size_t in_len;
    FILE *out;
    uint64_t written;
    bool write_failed;
    int write_errno;
    bool spill_failed;
    unsigned char *copy; /* a chunk read back from a spill file */
    size_t copy_cap;
};

/* A chunk, from memory or from its part's spill file. */
static void put_chunk(struct splice *s, const struct t0_xlsx_part *part,
                      const struct t0_xlsx_chunk *c);

static void put(struct splice *s, const void *p, size_t n)
{
    if (s->write_failed || n == 0)
        return;
    if (fwrite(p, 1, n, s->out) != n) {
        s->write_failed = true;
        s->write_errno = errno ? errno : EIO;
    }
    s->written += n;
}

static void put_chunk(struct splice *s, const struct t0_xlsx_part *part,
                      const struct t0_xlsx_chunk *c)
{
    if (c->z || c->zlen == 0) {
        put(s, c->z, c->zlen);
        return;
    }
    if (s->spill_failed || s->write_failed)
        return;
    if (c->zlen > s->copy_cap) {
        unsigned char *p = realloc(s->copy, c->zlen);
        if (!p) {
            s->spill_failed = true;
            return;
        }
        s->copy = p;
        s->copy_cap = c->zlen;
    }
    for (size_t done = 0; done < c->zlen;) {
        ssize_t n =
            pread(part->spill_fd, s->copy + done, c->zlen - done, (off_t)(c->at + done));
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0) {
            s->spill_failed = true;
            return;
        }
        done += (size_t)n;
    }
    put(s, s->copy, c->zlen);
}

static bool read_all(const char *path, unsigned char **data, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return false;
    size_t cap = 1 << 20, n = 0;
    unsigned char *p = malloc(cap);
    while (p) {
        if (n == cap) {
            unsigned char *q = cap < SIZE_MAX / 2 ? realloc(p, cap * 2) : NULL;
            if (!q) {
                free(p);
                p = NULL;
                break;
            }
            p = q;
            cap *= 2;
        }
        size_t got = fread(p + n, 1, cap - n, f);
        n += got;
        if (got == 0)
            break;
    }
    bool ok = p && !ferror(f);
    fclose(f);
    if (!ok) {
        free(p);
        return false;
    }
    *data = p;
    *len = n;
    return true;
}

/* Inflates entry e of the input into *xml (new, NUL-terminated). */
static bool inflate_entry(const struct splice *s, const struct entry *e, char **xml,
                          size_t *len)
{
    const unsigned char *c = e->central;
    uint32_t method = rd16(c + 10), crc = rd32(c + 16);
    uint64_t zsize = rd32(c + 20), usize = rd32(c + 24);
    const unsigned char *lh = s->in + e->local;
    uint64_t data = e->local + LOCAL_SIZE + rd16(lh + 26) + rd16(lh + 28);
    if (data + zsize > s->in_len || usize > ((uint64_t)1 << 30))
        return false;
    char *out = malloc((size_t)usize + 1);
    if (!out)
        return false;
    if (method == 0) {
        if (zsize != usize) {
            free(out);
            return false;
        }
        memcpy(out, s->in + data, (size_t)usize);
    } else if (method == 8) {
        z_stream zs;
        memset(&zs, 0, sizeof zs);
        if (inflateInit2(&zs, -15) != Z_OK) {
            free(out);
            return false;
        }
        zs.next_in = (Bytef *)(s->in + data);
        zs.avail_in = (uInt)zsize;
        zs.next_out = (Bytef *)out;
        zs.avail_out = (uInt)usize;
        int rc = inflate(&zs, Z_FINISH);
        bool ok = rc == Z_STREAM_END && zs.total_out == usize;
        inflateEnd(&zs);
        if (!ok) {
            free(out);
            return false;
        }
    } else {
        free(out);
        return false;
    }
    if ((uint32_t)crc32(0, (const Bytef *)out, (uInt)usize) != crc) {
        free(out);
        return false;
    }
    out[usize] = '\0';
    *xml = out;
    *len = (size_t)usize;
    return true;
}

/* Deflates text (raw deflate) into *z (new), ending the stream (last) or
 * with a sync flush so that more blocks may follow. */
static bool deflate_text(const char *text, size_t len, int level, bool last,
                         unsigned char **z, size_t *zlen)
{
    z_stream zs;
    memset(&zs, 0, sizeof zs);
    if (deflateInit2(&zs, level, Z_DEFLATED, -15, 8, Z_DEFAULT_STRATEGY) != Z_OK)
        return false;
    size_t cap = (size_t)deflateBound(&zs, (uLong)len) + 64;
    unsigned char *out = malloc(cap);
    bool ok = out != NULL;
    if (ok) {
        zs.next_in = (Bytef *)text;
        zs.avail_in = (uInt)len;
        zs.next_out = out;
        zs.avail_out = (uInt)cap;
        int rc = deflate(&zs, last ? Z_FINISH : Z_SYNC_FLUSH);
        ok = (last ? rc == Z_STREAM_END : rc == Z_OK) && zs.avail_in == 0 &&
             zs.avail_out > 0;
    }
    deflateEnd(&zs);
    if (!ok) {
        free(out);
        return false;
    }
    *z = out;
    *zlen = cap - zs.avail_out;
    return true;
}

enum { SPLICE_OK = 0, SPLICE_BAD = -1, SPLICE_BIG = 1, SPLICE_NOMEM = -2 };

/* Writes entry e's local header and data with the rows of e->part spliced
 * in; fills e's crc and sizes. */
static int write_part(struct splice *s, struct entry *e, int level)
{
    char *xml = NULL;
    size_t len = 0;
    if (!inflate_entry(s, e, &xml, &len))
        return SPLICE_BAD;
    /* Text never holds a raw '<' (it is escaped), so the first of these is
     * the sheet's own. */
    const char *empty = strstr(xml, "<sheetData/>");
    const char *close = strstr(xml, "</sheetData>");
    const char *cut;
    size_t skip = 0;
    static const char open_tag[] = "<sheetData>", close_tag[] = "</sheetData>";
    if (close && (!empty || close < empty)) {
        cut = close;
    } else if (empty) {
        cut = empty;
        skip = sizeof "<sheetData/>" - 1;
    } else {
        free(xml);
        return SPLICE_BAD;
    }
    /* head: up to the cut (with "<sheetData>" when the sheet had none);
     * tail: from the cut (with "</sheetData>" in place of "<sheetData/>"). */
    size_t head_len = (size_t)(cut - xml);
    size_t tail_len = len - head_len - skip;
    char *head = malloc(head_len + sizeof open_tag);
    char *tail = malloc(tail_len + sizeof close_tag);
    unsigned char *hz = NULL, *tz = NULL;
    size_t hzlen = 0, tzlen = 0;
    int rc = SPLICE_NOMEM;
    if (!head || !tail)
        goto done;
    memcpy(head, xml, head_len);
    memcpy(tail, cut + skip, tail_len);
    if (skip) {
        memcpy(head + head_len, open_tag, sizeof open_tag - 1);
        head_len += sizeof open_tag - 1;
        memmove(tail + sizeof close_tag - 1, tail, tail_len);
        memcpy(tail, close_tag, sizeof close_tag - 1);
        tail_len += sizeof close_tag - 1;
    }
    if (!deflate_text(head, head_len, level, false, &hz, &hzlen) ||
        !deflate_text(tail, tail_len, level, true, &tz, &tzlen))
        goto done;
    uint64_t usize = head_len + tail_len, zsize = hzlen + tzlen;
    uint32_t crc = (uint32_t)crc32(0, (const Bytef *)head, (uInt)head_len);
    for (size_t i = 0; i < e->part->n_chunks; i++) {
        const struct t0_xlsx_chunk *c = &e->part->chunks[i];
        crc = (uint32_t)crc32_combine(crc, c->crc, (z_off_t)c->raw_len);
        usize += c->raw_len;
        zsize += c->zlen;
    }
    crc = (uint32_t)crc32(crc, (const Bytef *)tail, (uInt)tail_len);
    rc = SPLICE_BIG;
    if (usize >= LIMIT32 || zsize >= LIMIT32)
        goto done;
    e->crc = crc;
    e->usize = usize;
    e->zsize = zsize;
    /* The local header: the input's, without a data descriptor or extra
     * field, with the new CRC and sizes. */
    const unsigned char *lh = s->in + e->local;
    uint32_t name_len = rd16(lh + 26);
    unsigned char hdr[LOCAL_SIZE];
    memcpy(hdr, lh, LOCAL_SIZE);
    wr16(hdr + 6, rd16(lh + 6) & ~8u);
    wr16(hdr + 8, 8);
    wr32(hdr + 14, crc);
    wr32(hdr + 18, (uint32_t)zsize);
    wr32(hdr + 22, (uint32_t)usize);
    wr16(hdr + 28, 0);
    put(s, hdr, LOCAL_SIZE);
    put(s, lh + LOCAL_SIZE, name_len);
    put(s, hz, hzlen);
    for (size_t i = 0; i < e->part->n_chunks; i++)
        put_chunk(s, e->part, &e->part->chunks[i]);
    put(s, tz, tzlen);
    rc = SPLICE_OK;
done:
    free(xml);
    free(head);
    free(tail);
    free(hz);
    free(tz);
    return rc;
}

static int cmp_local(const void *a, const void *b)
{
    const struct entry *x = a, *y = b;
    return x->local < y->local ? -1 : x->local > y->local;
}

/* Parses the input's central directory into entries (new, in directory
 * order), each with its span in the file. */
static int read_directory(const struct splice *s, struct entry **out, size_t *n_out,
                          const unsigned char **end_rec)
{
    if (s->in_len < END_SIZE)
        return SPLICE_BAD;
    const unsigned char *end = NULL;
    size_t lo = s->in_len > END_SIZE + 65535 ? s->in_len - END_SIZE - 65535 : 0;
    for (size_t i = s->in_len - END_SIZE + 1; i-- > lo;)
        if (rd32(s->in + i) == SIG_END &&
            i + END_SIZE + rd16(s->in + i + 20) == s->in_len) {
            end = s->in + i;
            break;
        }
    if (!end)
        return SPLICE_BAD;
    size_t at_end = (size_t)(end - s->in);
    if (at_end >= 20 && rd32(end - 20) == SIG_END64_LOCATOR)
        return SPLICE_BIG;
    uint32_t n = rd16(end + 10), cd_size = rd32(end + 12), cd_off = rd32(end + 16);
    if (rd16(end + 4) != 0 || rd16(end + 6) != 0 || rd16(end + 8) != n)
        return SPLICE_BAD;
    if (n == 0xFFFF || cd_size == LIMIT32 || cd_off == LIMIT32)
        return SPLICE_BIG;
    if ((uint64_t)cd_off + cd_size > at_end)
        return SPLICE_BAD;
    struct entry *es = calloc(n ? n : 1, sizeof *es);
    if (!es)
        return SPLICE_NOMEM;
    const unsigned char *p = s->in + cd_off, *cd_end = p + cd_size;
    for (uint32_t i = 0; i < n; i++) {
        if (p + CENTRAL_SIZE > cd_end || rd32(p) != SIG_CENTRAL)
            goto bad;
        size_t len = CENTRAL_SIZE + rd16(p + 28) + rd16(p + 30) + rd16(p + 32);
        if (p + len > cd_end)
            goto bad;
        if (rd32(p + 20) == LIMIT32 || rd32(p + 24) == LIMIT32 ||
            rd32(p + 42) == LIMIT32) {
            free(es);
            return SPLICE_BIG;
        }
        es[i].central = p;
        es[i].central_len = len;
        es[i].local = rd32(p + 42);
        if (es[i].local + LOCAL_SIZE > cd_off || rd32(s->in + es[i].local) != SIG_LOCAL)
            goto bad;
        p += len;
    }
    /* Each entry runs to the next one's local header, data descriptor and
     * all; the last to the directory. */
    struct entry *sorted = malloc((n ? n : 1) * sizeof *sorted);
    if (!sorted) {
        free(es);
        return SPLICE_NOMEM;
    }
    memcpy(sorted, es, n * sizeof *es);
    qsort(sorted, n, sizeof *sorted, cmp_local);
    for (uint32_t i = 0; i < n; i++) {
        uint64_t next = i + 1 < n ? sorted[i + 1].local : cd_off;
        for (uint32_t j = 0; j < n; j++)
            if (es[j].local == sorted[i].local)
                es[j].local_end = next;
    }
    free(sorted);
    for (uint32_t i = 0; i < n; i++)
        if (es[i].local_end <= es[i].local)
            goto bad;
    *out = es;
    *n_out = n;
    *end_rec = end;
    return SPLICE_OK;
bad:
    free(es);
    return SPLICE_BAD;
}

static bool name_is(const struct entry *e, const char *name)
{
    size_t len = rd16(e->central + 28);
    return strlen(name) == len && memcmp(e->central + CENTRAL_SIZE, name, len) == 0;
}

int t0_xlsx_splice(const char *in_path, FILE *out, const struct t0_xlsx_part *parts,
                   size_t n_parts, int level, const char *out_name, struct t0_error *err)
{
    struct splice s = {.out = out};
    struct entry *es = NULL;
    size_t n = 0;
    const unsigned char *end = NULL;
    int rc;
    if (!read_all(in_path, &s.in, &s.in_len))
        return -(int)t0_error_set(err, T0_EOUTPUT, out_name, NULL,
                                  "unable to read the workbook's package back: %s",
                                  strerror(errno));
    rc = read_directory(&s, &es, &n, &end);
    if (rc != SPLICE_OK)
        goto finish;
    size_t found = 0;
    for (size_t i = 0; i < n; i++)
        for (size_t k = 0; k < n_parts; k++)
            if (name_is(&es[i], parts[k].name)) {
                es[i].part = &parts[k];
                found++;
            }
    if (found != n_parts) {
        rc = SPLICE_BAD;
        goto finish;
    }
    for (size_t i = 0; i < n && rc == SPLICE_OK; i++) {
        es[i].out_offset = s.written;
        if (s.written >= LIMIT32) {
            rc = SPLICE_BIG;
            break;
        }
        if (es[i].part)
            rc = write_part(&s, &es[i], level);
        else
            put(&s, s.in + es[i].local, (size_t)(es[i].local_end - es[i].local));
    }
    if (rc != SPLICE_OK)
        goto finish;
    uint64_t cd_off = s.written;
    for (size_t i = 0; i < n; i++) {
        unsigned char hdr[CENTRAL_SIZE];
        memcpy(hdr, es[i].central, CENTRAL_SIZE);
        if (es[i].part) {
            wr16(hdr + 8, rd16(hdr + 8) & ~8u);
            wr16(hdr + 10, 8);
            wr32(hdr + 16, es[i].crc);
            wr32(hdr + 20, (uint32_t)es[i].zsize);
            wr32(hdr + 24, (uint32_t)es[i].usize);
        }
        wr32(hdr + 42, (uint32_t)es[i].out_offset);
        put(&s, hdr, CENTRAL_SIZE);
        put(&s, es[i].central + CENTRAL_SIZE, es[i].central_len - CENTRAL_SIZE);
    }
    uint64_t cd_size = s.written - cd_off;
    if (cd_off >= LIMIT32 || cd_size >= LIMIT32 || s.written >= LIMIT32) {
        rc = SPLICE_BIG;
        goto finish;
    }
    unsigned char tail[END_SIZE];
    memcpy(tail, end, END_SIZE);
    wr32(tail + 12, (uint32_t)cd_size);
    wr32(tail + 16, (uint32_t)cd_off);
    put(&s, tail, END_SIZE);
    put(&s, end + END_SIZE, rd16(end + 20));
finish:
    free(es);
    free(s.in);
    free(s.copy);
    if (rc == SPLICE_BIG)
        return 1;
    if (rc == SPLICE_NOMEM)
        return -(int)t0_error_set(err, T0_ENOMEM, out_name, NULL, "out of memory");
    if (rc == SPLICE_BAD)
        return -(int)t0_error_set(
            err, T0_EOUTPUT, out_name, NULL,
            "internal error: the workbook's package is not as "
            "expected (a sheet to complete is missing or unreadable)");
    if (s.spill_failed)
        return -(int)t0_error_set(err, T0_EOUTPUT, out_name, NULL,
                                  "unable to read the incident rows back from their "
                                  "temporary file");
    if (s.write_failed)
        return -(int)t0_error_set(err, T0_EOUTPUT, out_name, NULL,
                                  "unable to write the workbook: %s",
                                  strerror(s.write_errno));
    return 0;
}
