/* ingest_gzip.c: a gzip input (definitions.md §7.1, rule 11.1), recognised by its magic
 * bytes and inflated chunk by chunk into a temporary file that the reader then reads. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>

#include "ingest_private.h"

#define CHUNK (256 * 1024)

bool t0_in_is_gzip(int fd)
{
    unsigned char magic[2];
    ssize_t n;
    do
        n = pread(fd, magic, 2, 0);
    while (n < 0 && errno == EINTR);
    return n == 2 && magic[0] == 0x1f && magic[1] == 0x8b;
}

/* Writes what inflate made to out; false when the cap is passed or writing fails. */
static enum t0_status put_inflated(struct ingest *g, FILE *out, const unsigned char *buf,
                                   size_t n, uint64_t *total)
{
    *total += n;
    if (*total > g->lim.max_input_bytes)
        return t0_error_set(g->err, T0_EINPUT, g->source, NULL,
                            "inflated input larger than max_input_bytes (%zu bytes)",
                            g->lim.max_input_bytes);
    if (n && fwrite(buf, 1, n, out) != n)
        return t0_error_set(g->err, T0_EINPUT, g->source, NULL,
                            "unable to write a temporary file: %s", strerror(errno));
    return T0_OK;
}

/* Inflates every gzip member of in (read from offset 0) into out. */
static enum t0_status inflate_all(struct ingest *g, int in, FILE *out,
                                  unsigned char *ibuf, unsigned char *obuf,
                                  uint64_t *total)
{
    z_stream z;
    memset(&z, 0, sizeof z);
    if (inflateInit2(&z, 15 + 16) != Z_OK)
        return t0_error_set(g->err, T0_ENOMEM, g->source, NULL, "out of memory");
    enum t0_status st = T0_OK;
    int zr = Z_OK;
    off_t at = 0;
    bool ended = false;
    while (st == T0_OK) {
        if (z.avail_in == 0) {
            ssize_t n = pread(in, ibuf, CHUNK, at);
            if (n < 0 && errno == EINTR)
                continue;
            if (n < 0) {
                st = t0_error_set(g->err, T0_EINPUT, g->source, NULL,
                                  "unable to read '%s': %s", g->source, strerror(errno));
                break;
            }
            if (n == 0)
                break;
            at += n;
            z.next_in = ibuf;
            z.avail_in = (uInt)n;
        }
        if (ended) { /* another member follows (gzip allows concatenation) */
            inflateReset(&z);
            ended = false;
        }
        z.next_out = obuf;
        z.avail_out = CHUNK;
        zr = inflate(&z, Z_NO_FLUSH);
        if (zr != Z_OK && zr != Z_STREAM_END && zr != Z_BUF_ERROR) {
            st = zr == Z_MEM_ERROR
                     ? t0_error_set(g->err, T0_ENOMEM, g->source, NULL, "out of memory")
                     : t0_error_set(g->err, T0_EINPUT, g->source, NULL,
                                    "invalid gzip data: %s",
                                    z.msg ? z.msg : "corrupt stream");
            break;
        }
        st = put_inflated(g, out, obuf, CHUNK - z.avail_out, total);
        ended = zr == Z_STREAM_END;
    }
    if (st == T0_OK && !ended)
        st = t0_error_set(g->err, T0_EINPUT, g->source, NULL,
                          "invalid gzip data: the compressed stream is truncated");
    inflateEnd(&z);
    return st;
}

enum t0_status t0_in_inflate(struct ingest *g)
{
    g->inflated = tmpfile();
    if (!g->inflated)
        return t0_error_set(g->err, T0_EINPUT, g->source, NULL,
                            "unable to create a temporary file: %s", strerror(errno));
    unsigned char *ibuf = malloc(CHUNK), *obuf = malloc(CHUNK);
    enum t0_status st = T0_OK;
    uint64_t total = 0;
    if (!ibuf || !obuf)
        st = t0_error_set(g->err, T0_ENOMEM, g->source, NULL, "out of memory");
    else
        st = inflate_all(g, g->fd, g->inflated, ibuf, obuf, &total);
    free(ibuf);
    free(obuf);
    if (st == T0_OK && (fflush(g->inflated) != 0 || fseek(g->inflated, 0, SEEK_SET) != 0))
        st = t0_error_set(g->err, T0_EINPUT, g->source, NULL,
                          "unable to read back a temporary file: %s", strerror(errno));
    if (st != T0_OK)
        return st;
    /* The compressed file is not needed any more: read the inflated one. */
    if (g->spool) {
        fclose(g->spool);
        g->spool = NULL;
    } else if (g->fd > 0) {
        close(g->fd);
    }
    g->fd = fileno(g->inflated);
    g->file_size = total;
    return T0_OK;
}
