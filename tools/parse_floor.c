/* parse_floor.c: the least work any reader of an incidents file must do, timed for the
 * benchmark. */

/*
 * Usage: t0-parse-floor FILE
 *
 * Maps FILE and parses it record by record with Jansson: each NDJSON line,
 * or each element of the records array of a native document
 * ({"incidents": [...]}, or a bare top-level array), is cut out by a tiny
 * structure scanner and handed to json_loadb, then freed. Nothing is kept.
 * Prints "records seconds bytes" on standard output; scripts/bench.sh
 * divides tierzero's own times by these seconds.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <jansson.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static size_t parsed;

static bool parse_one(const char *s, size_t n)
{
    json_error_t je;
    json_t *v = json_loadb(s, n, JSON_DECODE_ANY | JSON_REJECT_DUPLICATES, &je);
    if (!v) {
        fprintf(stderr, "t0-parse-floor: record %zu: %s\n", parsed + 1, je.text);
        return false;
    }
    json_decref(v);
    parsed++;
    return true;
}

static size_t skip_ws(const char *p, size_t i, size_t n)
{
    while (i < n && (p[i] == ' ' || p[i] == '\t' || p[i] == '\n' || p[i] == '\r'))
        i++;
    return i;
}

/* One line per record. */
static bool parse_ndjson(const char *p, size_t n)
{
    size_t i = 0;
    while (i < n) {
        const char *nl = memchr(p + i, '\n', n - i);
        size_t end = nl ? (size_t)(nl - p) : n;
        if (skip_ws(p, i, end) < end && !parse_one(p + i, end - i))
            return false;
        i = end + 1;
    }
    return true;
}

/* The elements at depth `depth` (1: a bare array, 2: the arrays of a top-level
 * object) are the records; strings are followed so brackets in them do not count. */
static bool parse_document(const char *p, size_t n, int depth)
{
    int d = 0;
    size_t start = 0;
    bool in_record = false;
    for (size_t i = 0; i < n; i++) {
        char c = p[i];
        if (c == '"') {
            for (i++; i < n && p[i] != '"'; i++)
                if (p[i] == '\\')
                    i++;
            continue;
        }
        if (c == '{' || c == '[') {
            if (d == depth && !in_record) {
                start = i;
                in_record = true;
            }
            d++;
        } else if (c == '}' || c == ']') {
            d--;
            if (d == depth && in_record) {
                if (!parse_one(p + start, i + 1 - start))
                    return false;
                in_record = false;
            }
        }
    }
    return true;
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: t0-parse-floor FILE\n");
        return 2;
    }
    int fd = open(argv[1], O_RDONLY);
    struct stat st;
    if (fd < 0 || fstat(fd, &st) != 0 || st.st_size == 0) {
        perror(argv[1]);
        return 1;
    }
    size_t n = (size_t)st.st_size;
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    const char *p = mmap(NULL, n, PROT_READ, MAP_PRIVATE | MAP_POPULATE, fd, 0);
    if (p == MAP_FAILED) {
        perror("mmap");
        return 1;
    }
    size_t first = skip_ws(p, 0, n);
    const char *nl = memchr(p + first, '\n', n - first);
    /* NDJSON: the first line is a whole object (it parses alone). */
    json_t *line = p[first] == '{' && nl
                       ? json_loadb(p + first, (size_t)(nl - p) - first, 0, NULL)
                       : NULL;
    bool ndjson = line != NULL;
    json_decref(line);
    bool ok = ndjson ? parse_ndjson(p, n) : parse_document(p, n, p[first] == '[' ? 1 : 2);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    munmap((void *)p, n);
    close(fd);
    if (!ok)
        return 1;
    double secs =
        (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
    printf("%zu %.3f %zu\n", parsed, secs, n);
    return 0;
}
