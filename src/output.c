/* output.c: atomic output files and the creation time. */
#define _GNU_SOURCE
#include "tierzero/output.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static char *temp_name_for(const char *path)
{
    const char *slash = strrchr(path, '/');
    size_t dirlen = slash ? (size_t)(slash - path) + 1 : 0;
    const char *base = slash ? slash + 1 : path;
    size_t len = dirlen + 1 + strlen(base) + 8;
    char *tmp = malloc(len);
    if (tmp)
        snprintf(tmp, len, "%.*s.%s.XXXXXX", (int)dirlen, path, base);
    return tmp;
}

enum t0_status t0_atomic_open(struct t0_atomic *out, const char *path, struct t0_error *err)
{
    memset(out, 0, sizeof *out);
    out->path = strdup(path);
    out->tmp_path = temp_name_for(path);
    if (!out->path || !out->tmp_path) {
        t0_atomic_abort(out);
        return t0_error_set(err, T0_EOUTPUT, path, NULL, "out of memory");
    }
    int fd = mkstemp(out->tmp_path);
    if (fd < 0) {
        int e = errno;
        free(out->tmp_path);
        out->tmp_path = NULL;
        t0_atomic_abort(out);
        return t0_error_set(err, T0_EOUTPUT, path, NULL, "unable to create a file beside it: %s",
                            strerror(e));
    }
    /* mkstemp makes 0600; documents are for sharing, so honour the umask. */
    mode_t mask = umask(0);
    umask(mask);
    fchmod(fd, 0666 & ~mask);
    out->fp = fdopen(fd, "wb");
    if (!out->fp) {
        close(fd);
        t0_atomic_abort(out);
        return t0_error_set(err, T0_EOUTPUT, path, NULL, "unable to open for writing");
    }
    return T0_OK;
}

enum t0_status t0_atomic_commit(struct t0_atomic *out, struct t0_error *err)
{
    const char *what = NULL;
    int e = 0;
    if (out->fp) {
        if (fflush(out->fp) != 0 || ferror(out->fp)) {
            what = "unable to write";
            e = errno;
        } else if (fsync(fileno(out->fp)) != 0 && errno != EINVAL) {
            what = "unable to sync";
            e = errno;
        }
        if (fclose(out->fp) != 0 && !what) {
            what = "unable to write";
            e = errno;
        }
        out->fp = NULL;
    } else if (out->tmp_path) {
        /* Written by name (the workbook): sync it before it takes the name. */
        int fd = open(out->tmp_path, O_RDONLY | O_CLOEXEC);
        if (fd < 0 || (fsync(fd) != 0 && errno != EINVAL)) {
            what = "unable to sync";
            e = errno;
        }
        if (fd >= 0)
            close(fd);
    }
    if (!what && rename(out->tmp_path, out->path) != 0) {
        what = "unable to rename into place";
        e = errno;
    }
    if (what) {
        t0_error_set(err, T0_EOUTPUT, out->path, NULL, "%s: %s", what,
                     e ? strerror(e) : "write error");
        t0_atomic_abort(out);
        return T0_EOUTPUT;
    }
    free(out->tmp_path);
    out->tmp_path = NULL;
    free(out->path);
    out->path = NULL;
    return T0_OK;
}

void t0_atomic_abort(struct t0_atomic *out)
{
    if (out->fp) {
        fclose(out->fp);
        out->fp = NULL;
    }
    if (out->tmp_path) {
        unlink(out->tmp_path);
        free(out->tmp_path);
        out->tmp_path = NULL;
    }
    free(out->path);
    out->path = NULL;
}

t0_ms t0_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (t0_ms)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

t0_ms t0_creation_time(void)
{
    const char *sde = getenv("SOURCE_DATE_EPOCH");
    if (sde && *sde) {
        char *end = NULL;
        errno = 0;
        long long secs = strtoll(sde, &end, 10);
        if (errno == 0 && end && *end == '\0' && secs >= 0 && secs < 253402300800LL)
            return (t0_ms)secs * 1000;
    }
    return t0_now();
}
