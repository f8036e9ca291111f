/* xlsx_rows.c: sheet rows as libxlsxwriter writes them, made and deflated on worker
 * threads (xlsx_private.h). */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <zlib.h>

#include "xlsx_private.h"

/* ---- text ---- */

static bool buf_reserve(struct t0_xlsx_buf *b, size_t more)
{
    if (b->oom)
        return false;
    if (b->len + more <= b->cap)
        return true;
    size_t cap = b->cap ? b->cap : 4096;
    while (cap < b->len + more) {
        if (cap > SIZE_MAX / 2) {
            b->oom = true;
            return false;
        }
        cap *= 2;
    }
    char *p = realloc(b->p, cap);
    if (!p) {
        b->oom = true;
        return false;
    }
    b->p = p;
    b->cap = cap;
    return true;
}

static void buf_add(struct t0_xlsx_buf *b, const char *s, size_t n)
{
    if (!buf_reserve(b, n))
        return;
    memcpy(b->p + b->len, s, n);
    b->len += n;
}

#define BUF_LIT(b, s) buf_add((b), (s), sizeof(s) - 1)

/* Decimal digits of v into out (no terminator); returns the length. */
static size_t put_uint(char *out, uint64_t v)
{
    char tmp[24];
    size_t n = 0;
    do {
        tmp[n++] = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    for (size_t i = 0; i < n; i++)
        out[i] = tmp[n - 1 - i];
    return n;
}

/* ' r="A1"' then ' s="N"' when xf is set: the cell's opening attributes,
 * as lxw_rowcol_to_cell() names the cell. */
static void cell_open(struct t0_xlsx_buf *b, size_t row, size_t col, int xf)
{
    if (!buf_reserve(b, 64))
        return;
    char *p = b->p + b->len, *start = p;
    memcpy(p, "<c r=\"", 6);
    p += 6;
    char letters[4];
    size_t n = 0;
    size_t c = col + 1;
    while (c > 0 && n < sizeof letters) {
        size_t rem = (c - 1) % 26;
        letters[n++] = (char)('A' + rem);
        c = (c - 1) / 26;
    }
    while (n > 0)
        *p++ = letters[--n];
    p += put_uint(p, (uint64_t)row + 1);
    *p++ = '"';
    if (xf) {
        memcpy(p, " s=\"", 4);
        p += 4;
        p += put_uint(p, (uint64_t)(unsigned)xf);
        *p++ = '"';
    }
    b->len += (size_t)(p - start);
}

void t0_xlsx_row_start(struct t0_xlsx_buf *b, size_t row)
{
    if (!buf_reserve(b, 32))
        return;
    char *p = b->p + b->len, *start = p;
    memcpy(p, "<row r=\"", 8);
    p += 8;
    p += put_uint(p, (uint64_t)row + 1);
    memcpy(p, "\">", 2);
    p += 2;
    b->len += (size_t)(p - start);
}

void t0_xlsx_row_end(struct t0_xlsx_buf *b)
{
    BUF_LIT(b, "</row>");
}

/* lxw_escape_data: & < > as entities, nothing else. */
static void add_escaped(struct t0_xlsx_buf *b, const char *s)
{
    const char *run = s;
    for (; *s; s++) {
        const char *ent;
        size_t n;
        switch (*s) {
        case '&':
            ent = "&amp;", n = 5;
            break;
        case '<':
            ent = "&lt;", n = 4;
            break;
        case '>':
            ent = "&gt;", n = 4;
            break;
        default:
            continue;
        }
        buf_add(b, run, (size_t)(s - run));
        buf_add(b, ent, n);
        run = s + 1;
    }
    buf_add(b, run, (size_t)(s - run));
}

/* lxw_escape_control_characters: 0x01-0x08 and 0x0B-0x1F as _xHHHH_. */
static bool is_escaped_control(unsigned char c)
{
    return c >= 0x01 && c <= 0x1F && c != 0x09 && c != 0x0A;
}

/* lxw_escape_control_characters then lxw_escape_data. */
static void add_text(struct t0_xlsx_buf *b, const char *s)
{
    const char *run = s;
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        char tmp[8];
        const char *ent;
        size_t n;
        if (c == '&') {
            ent = "&amp;", n = 5;
        } else if (c == '<') {
            ent = "&lt;", n = 4;
        } else if (c == '>') {
            ent = "&gt;", n = 4;
        } else if (is_escaped_control(c)) {
            static const char hex[] = "0123456789ABCDEF";
            memcpy(tmp, "_x00", 4);
            tmp[4] = hex[c >> 4];
            tmp[5] = hex[c & 15];
            tmp[6] = '_';
            ent = tmp, n = 7;
        } else {
            continue;
        }
        buf_add(b, run, (size_t)(s - run));
        buf_add(b, ent, n);
        run = s + 1;
    }
    buf_add(b, run, (size_t)(s - run));
}

/* isspace() in the C locale, of a byte of the escaped text: control
 * characters other than tab and newline are escaped by then. */
static bool xml_space(unsigned char c)
{
    return c == ' ' || c == '\t' || c == '\n';
}

void t0_xlsx_cell_str(struct t0_xlsx_buf *b, size_t row, size_t col, const char *text,
                      int xf)
{
    if (!text || !*text)
        return;
    size_t len = strlen(text);
    bool preserve =
        xml_space((unsigned char)text[0]) || xml_space((unsigned char)text[len - 1]);
    cell_open(b, row, col, xf);
    if (preserve)
        BUF_LIT(b, " t=\"inlineStr\"><is><t xml:space=\"preserve\">");
    else
        BUF_LIT(b, " t=\"inlineStr\"><is><t>");
    add_text(b, text);
    BUF_LIT(b, "</t></is></c>");
}

void t0_xlsx_cell_blank(struct t0_xlsx_buf *b, size_t row, size_t col, int xf)
{
    cell_open(b, row, col, xf);
    BUF_LIT(b, "/>");
}

void t0_xlsx_cell_num(struct t0_xlsx_buf *b, size_t row, size_t col, double v, int xf)
{
    char num[32];
    size_t n = t0_xlsx_number(num, v);
    cell_open(b, row, col, xf);
    BUF_LIT(b, "><v>");
    buf_add(b, num, n);
    BUF_LIT(b, "</v></c>");
}

void t0_xlsx_cell_formula_str(struct t0_xlsx_buf *b, size_t row, size_t col,
                              const char *formula, const char *cached, int xf)
{
    cell_open(b, row, col, xf);
    BUF_LIT(b, " t=\"str\"><f>");
    add_escaped(b, formula);
    BUF_LIT(b, "</f><v>");
    add_escaped(b, cached);
    BUF_LIT(b, "</v></c>");
}

/* ---- numbers ---- */

__extension__ typedef unsigned __int128 u128;

static const uint64_t POW10[20] = {1ULL,
                                   10ULL,
                                   100ULL,
                                   1000ULL,
                                   10000ULL,
                                   100000ULL,
                                   1000000ULL,
                                   10000000ULL,
                                   100000000ULL,
                                   1000000000ULL,
                                   10000000000ULL,
                                   100000000000ULL,
                                   1000000000000ULL,
                                   10000000000000ULL,
                                   100000000000000ULL,
                                   1000000000000000ULL,
                                   10000000000000000ULL,
                                   100000000000000000ULL,
                                   1000000000000000000ULL,
                                   10000000000000000000ULL};

/*
 * "%.16G": the value rounded (half to even, on its exact binary value) to
 * 16 significant digits d.ddd...e X; written as a fixed-point number with
 * 15 - X decimals when -4 <= X < 16, its trailing zeros (and point) dropped.
 * Here a = mant * 2^e exactly, and q = round(a * 10^(15 - X)) is computed in
 * 128-bit integers, X adjusted until q has 16 digits.
 */
size_t t0_xlsx_number(char out[32], double v)
{
    if (v == 0.0) {
        if (signbit(v)) {
            memcpy(out, "-0", 3);
            return 2;
        }
        memcpy(out, "0", 2);
        return 1;
    }
    double a = fabs(v);
    if (!isfinite(v) || a < 1e-5 || a >= 1e16)
        goto slow;
    int e2;
    double m = frexp(a, &e2);
    uint64_t mant = (uint64_t)ldexp(m, 53);
    int e = e2 - 53;
    /* x: the exact floor(log10(a)), found on the truncated t = floor(a *
     * 10^(15 - x)), which has 16 digits just when 10^x <= a < 10^(x+1);
     * then q, t rounded, may carry into a 17th digit (x + 1). */
    int x = (int)floor(log10(a));
    u128 q = 0;
    bool found = false;
    for (int tries = 0; tries < 4 && !found; tries++) {
        int d = 15 - x;
        if (d < 0 || d > 19)
            goto slow;
        u128 prod = (u128)mant * POW10[d];
        bool up = false;
        if (e >= 0) {
            if (e > 8)
                goto slow;
            q = prod << e;
        } else {
            int s = -e;
            if (s >= 120)
                goto slow;
            q = prod >> s;
            u128 rem = prod - (q << s);
            u128 half = (u128)1 << (s - 1);
            up = rem > half || (rem == half && (q & 1));
        }
        if (q >= POW10[16]) {
            x++;
        } else if (q < POW10[15]) {
            x--;
        } else {
            found = true;
            if (up && ++q == POW10[16]) {
                q = POW10[15];
                x++;
            }
        }
    }
    if (!found || x < -4 || x >= 16)
        goto slow;
    char digits[17];
    put_uint(digits, (uint64_t)q); /* exactly 16 digits */
    int d = 15 - x;
    char *p = out;
    if (v < 0)
        *p++ = '-';
    const char *frac;
    size_t nfrac, zeros = 0;
    if (d < 16) {
        size_t ni = (size_t)(16 - d);
        memcpy(p, digits, ni);
        p += ni;
        frac = digits + ni;
        nfrac = (size_t)d;
    } else {
        *p++ = '0';
        zeros = (size_t)(d - 16);
        frac = digits;
        nfrac = 16;
    }
    while (nfrac > 0 && frac[nfrac - 1] == '0')
        nfrac--;
    if (nfrac > 0) {
        *p++ = '.';
        memset(p, '0', zeros);
        p += zeros;
        memcpy(p, frac, nfrac);
        p += nfrac;
    }
    *p = '\0';
    return (size_t)(p - out);
slow:;
    int n = snprintf(out, 32, "%.16G", v);
    return n > 0 && n < 32 ? (size_t)n : 0;
}

/* ---- worker threads ---- */

#define ROWS_PER_CHUNK 2048
/* Room kept under the 32-bit zip fields for the sheet's head and tail. */
#define PART_LIMIT ((uint64_t)0xFFFFFFFFu - ((uint64_t)64 << 20))

struct t0_xlsx_rows {
    struct t0_xlsx_rows_spec spec;
    size_t *first_chunk; /* per sheet, n_sheets + 1 entries */
    size_t n_chunks;
    struct t0_xlsx_chunk *chunks;
    size_t next;      /* the next chunk to make (atomic) */
    int failed;       /* -1: out of memory, -2: the spill failed (atomic) */
    int spill_errno;  /* why it failed, under lock */
    int spill_fd;     /* -1: chunks kept in memory */
    uint64_t spilled; /* bytes in the spill file, under lock */
    pthread_mutex_t lock;
    pthread_t *threads;
    unsigned n_started;
    struct worker {
        struct t0_xlsx_rows *job;
        unsigned index;
    } * workers;
};

/* Makes chunk c with the thread's stream and buffer: 0, -1 when out of
 * memory, -2 when the spill file cannot be written (spill_errno). */
static int make_chunk(struct t0_xlsx_rows *job, size_t c, void *ctx, z_stream *zs,
                      struct t0_xlsx_buf *b)
{
    size_t k = 0;
    while (job->first_chunk[k + 1] <= c)
        k++;
    size_t per = job->spec.rows_per_chunk;
    size_t lo = (c - job->first_chunk[k]) * per;
    size_t hi = lo + per < job->spec.n_rows[k] ? lo + per : job->spec.n_rows[k];
    b->len = 0;
    for (size_t r = lo; r < hi && !b->oom; r++)
        job->spec.write_row(ctx, b, 1 + r, job->spec.first_item[k] + r);
    if (b->oom)
        return -1;
    struct t0_xlsx_chunk *out = &job->chunks[c];
    out->raw_len = b->len;
    out->crc = 0;
    for (size_t done = 0; done < b->len;) {
        uInt n = b->len - done > (1u << 30) ? (1u << 30) : (uInt)(b->len - done);
        out->crc = (uint32_t)crc32(out->crc, (const Bytef *)b->p + done, n);
        done += n;
    }
    if (deflateReset(zs) != Z_OK)
        return -1;
    size_t cap = (size_t)deflateBound(zs, (uLong)b->len) + 64;
    unsigned char *z = malloc(cap);
    if (!z)
        return -1;
    zs->next_in = (Bytef *)b->p;
    zs->avail_in = (uInt)b->len;
    zs->next_out = z;
    zs->avail_out = (uInt)cap;
    int rc = deflate(zs, Z_SYNC_FLUSH);
    if (rc != Z_OK || zs->avail_in != 0 || zs->avail_out == 0) {
        free(z);
        return -1;
    }
    out->zlen = cap - zs->avail_out;
    if (job->spill_fd >= 0) {
        /* appended in the order the chunks are finished; the splice reads
         * each back by its offset */
        bool ok = true;
        pthread_mutex_lock(&job->lock);
        out->at = job->spilled;
        for (size_t done = 0; ok && done < out->zlen;) {
            ssize_t n = pwrite(job->spill_fd, z + done, out->zlen - done,
                               (off_t)(out->at + done));
            if (n < 0 && errno == EINTR)
                continue;
            ok = n > 0;
            done += ok ? (size_t)n : 0;
            if (!ok && !job->spill_errno)
                job->spill_errno = n < 0 ? errno : ENOSPC;
        }
        job->spilled += out->zlen;
        pthread_mutex_unlock(&job->lock);
        free(z);
        return ok ? 0 : -2;
    }
    unsigned char *shrunk = realloc(z, out->zlen ? out->zlen : 1);
    out->z = shrunk ? shrunk : z;
    return 0;
}

static void work(struct t0_xlsx_rows *job, unsigned index)
{
    z_stream zs;
    memset(&zs, 0, sizeof zs);
    struct t0_xlsx_buf b = {0};
    int rc =
        deflateInit2(&zs, job->spec.level, Z_DEFLATED, -15, 8, Z_DEFAULT_STRATEGY) == Z_OK
            ? 0
            : -1;
    while (rc == 0 && !__atomic_load_n(&job->failed, __ATOMIC_ACQUIRE)) {
        size_t c = __atomic_fetch_add(&job->next, 1, __ATOMIC_ACQ_REL);
        if (c >= job->n_chunks)
            break;
        rc = make_chunk(job, c, job->spec.ctx[index], &zs, &b);
    }
    if (rc != 0) {
        int none = 0;
        __atomic_compare_exchange_n(&job->failed, &none, rc, false, __ATOMIC_ACQ_REL,
                                    __ATOMIC_ACQUIRE);
    }
    deflateEnd(&zs);
    free(b.p);
}

static void *worker_main(void *arg)
{
    struct worker *wk = arg;
    work(wk->job, wk->index);
    return NULL;
}

/* A file without a name in dir for the deflated rows, open for reading and
 * writing, or -1. Made nameless (O_TMPFILE) where the file system can, so
 * that no signal can leave it behind; else made and unlinked at once. */
static int open_spill(const char *dir)
{
#ifdef O_TMPFILE
    int fd = open(dir, O_TMPFILE | O_RDWR | O_CLOEXEC, 0600);
    if (fd >= 0)
        return fd;
    if (errno != EOPNOTSUPP && errno != EISDIR && errno != EINVAL && errno != ENOENT)
        return -1;
#endif
    size_t len = strlen(dir) + sizeof "/.tierzero-rows.XXXXXX";
    char *name = malloc(len);
    if (!name)
        return -1;
    snprintf(name, len, "%s/.tierzero-rows.XXXXXX", dir);
    int made = mkostemp(name, O_CLOEXEC);
    if (made >= 0)
        unlink(name);
    free(name);
    return made;
}

struct t0_xlsx_rows *t0_xlsx_rows_start(const struct t0_xlsx_rows_spec *spec)
{
    struct t0_xlsx_rows *job = calloc(1, sizeof *job);
    if (!job)
        return NULL;
    job->spec = *spec;
    job->spill_fd = -1;
    if (pthread_mutex_init(&job->lock, NULL) != 0) {
        free(job);
        return NULL;
    }
    if (spec->spill_dir) {
        job->spill_fd = open_spill(spec->spill_dir);
        if (job->spill_fd < 0)
            goto fail;
    }
    if (job->spec.n_threads == 0)
        job->spec.n_threads = 1;
    if (job->spec.rows_per_chunk == 0)
        job->spec.rows_per_chunk = ROWS_PER_CHUNK;
    job->first_chunk = calloc(spec->n_sheets + 1, sizeof *job->first_chunk);
    if (!job->first_chunk)
        goto fail;
    for (size_t k = 0; k < spec->n_sheets; k++) {
        size_t per = job->spec.rows_per_chunk;
        job->first_chunk[k + 1] = job->first_chunk[k] + (spec->n_rows[k] + per - 1) / per;
    }
    job->n_chunks = job->first_chunk[spec->n_sheets];
    job->chunks = calloc(job->n_chunks ? job->n_chunks : 1, sizeof *job->chunks);
    unsigned extra = job->spec.n_threads - 1;
    job->threads = calloc(extra ? extra : 1, sizeof *job->threads);
    job->workers = calloc(extra ? extra : 1, sizeof *job->workers);
    if (!job->chunks || !job->threads || !job->workers)
        goto fail;
    for (unsigned i = 0; i < extra && job->n_chunks > 1; i++) {
        job->workers[i].job = job;
        job->workers[i].index = i;
        if (pthread_create(&job->threads[i], NULL, worker_main, &job->workers[i]) != 0)
            break;
        job->n_started++;
    }
    return job;
fail:
    t0_xlsx_rows_free(job);
    return NULL;
}

static void join_all(struct t0_xlsx_rows *job)
{
    for (unsigned i = 0; i < job->n_started; i++)
        pthread_join(job->threads[i], NULL);
    job->n_started = 0;
}

int t0_xlsx_rows_finish(struct t0_xlsx_rows *job)
{
    work(job, job->spec.n_threads - 1);
    join_all(job);
    int failed = __atomic_load_n(&job->failed, __ATOMIC_ACQUIRE);
    if (failed)
        return failed;
    for (size_t k = 0; k < job->spec.n_sheets; k++) {
        uint64_t raw = 0, z = 0;
        for (size_t c = job->first_chunk[k]; c < job->first_chunk[k + 1]; c++) {
            raw += job->chunks[c].raw_len;
            z += job->chunks[c].zlen;
        }
        uint64_t limit = job->spec.part_limit ? job->spec.part_limit : PART_LIMIT;
        if (raw > limit || z > limit)
            return 1;
    }
    return 0;
}

int t0_xlsx_rows_errno(const struct t0_xlsx_rows *job)
{
    return job->spill_errno ? job->spill_errno : EIO;
}

int t0_xlsx_rows_spill_fd(const struct t0_xlsx_rows *job)
{
    return job->spill_fd;
}

const struct t0_xlsx_chunk *t0_xlsx_rows_chunks(const struct t0_xlsx_rows *job,
                                                size_t sheet, size_t *n)
{
    *n = job->first_chunk[sheet + 1] - job->first_chunk[sheet];
    return job->chunks + job->first_chunk[sheet];
}

void t0_xlsx_rows_free(struct t0_xlsx_rows *job)
{
    if (!job)
        return;
    if (job->n_started) {
        __atomic_store_n(&job->failed, -1, __ATOMIC_RELEASE);
        join_all(job);
    }
    for (size_t c = 0; job->chunks && c < job->n_chunks; c++)
        free(job->chunks[c].z);
    free(job->chunks);
    free(job->first_chunk);
    free(job->threads);
    free(job->workers);
    if (job->spill_fd >= 0)
        close(job->spill_fd);
    pthread_mutex_destroy(&job->lock);
    free(job);
}
