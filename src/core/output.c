/* output.c: atomic output files and the creation time. */
#define _GNU_SOURCE
#include "tierzero/output.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

/* ---- the temporaries alive in this process, for the signal handler ----
 * A slot holds a tmp_path while its file exists; the handler only reads the
 * slots and calls unlink, both async-signal-safe. */
#define LIVE_SLOTS 64
static char *_Atomic live[LIVE_SLOTS];

static void live_add(char *path)
{
    for (size_t i = 0; i < LIVE_SLOTS; i++) {
        char *none = NULL;
        if (atomic_compare_exchange_strong(&live[i], &none, path))
            return;
    }
    /* All slots taken: the file is still removed on failure, and by a later
     * run if a signal leaves it behind. */
}

static void live_remove(char *path)
{
    for (size_t i = 0; i < LIVE_SLOTS; i++) {
        char *mine = path;
        if (atomic_compare_exchange_strong(&live[i], &mine, NULL))
            return;
    }
}

static void on_fatal_signal(int sig)
{
    int saved = errno;
    for (size_t i = 0; i < LIVE_SLOTS; i++) {
        char *p = atomic_load(&live[i]);
        if (p)
            unlink(p);
    }
    errno = saved;
    /* SA_RESETHAND restored the default action; the signal is blocked until
     * the handler returns, then ends the process with the usual status. */
    raise(sig);
}

static t0_ms run_started;
static void (*stale_note)(const char *path);

void t0_atomic_catch_signals(void (*on_stale)(const char *path))
{
    static const int fatal[] = {SIGINT, SIGTERM, SIGHUP};
    run_started = t0_now();
    stale_note = on_stale;
    for (size_t i = 0; i < sizeof fatal / sizeof fatal[0]; i++) {
        struct sigaction sa;
        memset(&sa, 0, sizeof sa);
        sa.sa_handler = on_fatal_signal;
        sa.sa_flags = SA_RESETHAND;
        sigemptyset(&sa.sa_mask);
        struct sigaction old;
        /* A signal ignored by whoever started us stays ignored. */
        if (sigaction(fatal[i], NULL, &old) == 0 && old.sa_handler == SIG_IGN)
            continue;
        sigaction(fatal[i], &sa, NULL);
    }
}

/* ---- stale temporaries: ".<name>.XXXXXX" beside path, left by a run that
 * was killed (SIGKILL, a power cut). One is stale when it was last written
 * before this run started and no live run holds its lock. ---- */

static bool is_temp_suffix(const char *s)
{
    size_t n = 0;
    for (; s[n]; n++) {
        char c = s[n];
        if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')))
            return false;
    }
    return n == 6;
}

static void sweep_stale(const char *path)
{
    const char *slash = strrchr(path, '/');
    size_t dirlen = slash ? (size_t)(slash - path) + 1 : 0;
    const char *base = slash ? slash + 1 : path;
    char dir[4096], prefix[512], full[4096 + 512];
    if (dirlen >= sizeof dir || strlen(base) + 3 > sizeof prefix)
        return;
    snprintf(dir, sizeof dir, "%.*s", (int)dirlen, dirlen ? path : "./");
    snprintf(prefix, sizeof prefix, ".%s.", base);
    size_t plen = strlen(prefix);
    DIR *d = opendir(dir);
    if (!d)
        return;
    t0_ms started = run_started ? run_started : t0_now();
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (strncmp(e->d_name, prefix, plen) != 0 || !is_temp_suffix(e->d_name + plen))
            continue;
        snprintf(full, sizeof full, "%.*s%s", (int)dirlen, path, e->d_name);
        int fd = open(full, O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK);
        struct stat st;
        if (fd < 0)
            continue;
        t0_ms mtime = 0;
        if (fstat(fd, &st) == 0)
            mtime = (t0_ms)st.st_mtim.tv_sec * 1000 + st.st_mtim.tv_nsec / 1000000;
        if (S_ISREG(st.st_mode) && mtime < started && flock(fd, LOCK_EX | LOCK_NB) == 0 &&
            unlink(full) == 0 && stale_note)
            stale_note(full);
        close(fd);
    }
    closedir(d);
}

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

/* Creates the temporary tmp (its last six characters "XXXXXX" replaced by
 * letters and digits) and returns its descriptor, or -1 with errno. The name
 * is in the signal handler's slots before the file exists, so a signal at
 * any moment removes it (mkstemp would leave a window between creating the
 * file and recording its name, which a signal caught under load). */
static int create_temp(char *tmp)
{
    static const char alphabet[] =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    static _Atomic unsigned counter;
    size_t len = strlen(tmp);
    if (len < 6 || strcmp(tmp + len - 6, "XXXXXX") != 0) {
        errno = EINVAL;
        return -1;
    }
    char *x = tmp + len - 6;
    for (int attempt = 0; attempt < 100; attempt++) {
        unsigned char bytes[6];
        if (getrandom(bytes, sizeof bytes, 0) != (ssize_t)sizeof bytes) {
            uint64_t v = (uint64_t)t0_now() * 6364136223846793005u +
                         (uint64_t)getpid() * 1442695040888963407u +
                         atomic_fetch_add(&counter, 1);
            memcpy(bytes, &v, sizeof bytes);
        }
        for (int i = 0; i < 6; i++)
            x[i] = alphabet[bytes[i] % (sizeof alphabet - 1)];
        live_add(tmp);
        int fd = open(tmp, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
        if (fd >= 0)
            return fd;
        int e = errno;
        live_remove(tmp);
        if (e != EEXIST) {
            errno = e;
            return -1;
        }
    }
    errno = EEXIST;
    return -1;
}

enum t0_status t0_atomic_open(struct t0_atomic *out, const char *path,
                              struct t0_error *err)
{
    memset(out, 0, sizeof *out);
    out->path = strdup(path);
    out->tmp_path = temp_name_for(path);
    if (!out->path || !out->tmp_path) {
        t0_atomic_abort(out);
        return t0_error_set(err, T0_EOUTPUT, path, NULL, "out of memory");
    }
    sweep_stale(path);
    int fd = create_temp(out->tmp_path);
    if (fd < 0) {
        int e = errno;
        free(out->tmp_path);
        out->tmp_path = NULL;
        t0_atomic_abort(out);
        return t0_error_set(err, T0_EOUTPUT, path, NULL,
                            "unable to create a file beside it: %s", strerror(e));
    }
    /* The lock tells a later run that this temporary is not stale; a second
     * descriptor keeps it while the file is written by name. */
    out->lock_fd = dup(fd);
    out->locked = out->lock_fd >= 0;
    if (out->locked)
        flock(out->lock_fd, LOCK_EX | LOCK_NB);
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

static void close_lock(struct t0_atomic *out)
{
    if (out->locked)
        close(out->lock_fd);
    out->locked = false;
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
    live_remove(out->tmp_path);
    close_lock(out);
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
        live_remove(out->tmp_path);
        free(out->tmp_path);
        out->tmp_path = NULL;
    }
    close_lock(out);
    free(out->path);
    out->path = NULL;
}

enum t0_status t0_output_make_dirs(const char *dir, struct t0_error *err)
{
    char path[PATH_MAX];
    if (snprintf(path, sizeof path, "%s", dir) >= (int)sizeof path)
        return t0_error_set(err, T0_EOUTPUT, dir, NULL, "path too long");
    /* From the second character: "/" itself is never made. */
    for (char *p = path[0] ? path + 1 : path;; p++) {
        if (*p != '/' && *p != '\0')
            continue;
        char saved = *p;
        *p = '\0';
        if (mkdir(path, 0777) != 0 && errno != EEXIST)
            return t0_error_set(err, T0_EOUTPUT, path, NULL,
                                "unable to create directory: %s", strerror(errno));
        *p = saved;
        if (!saved)
            break;
    }
    struct stat sb;
    if (stat(dir, &sb) != 0 || !S_ISDIR(sb.st_mode))
        return t0_error_set(err, T0_EOUTPUT, dir, NULL, "not a directory");
    return T0_OK;
}

enum t0_status t0_output_check_not_input(const char *path, const char *const *inputs,
                                         size_t n, struct t0_error *err)
{
    struct stat so;
    if (stat(path, &so) != 0)
        return T0_OK;
    for (size_t i = 0; i < n; i++) {
        struct stat si;
        if (!inputs[i] || strcmp(inputs[i], "-") == 0 || stat(inputs[i], &si) != 0)
            continue;
        if (si.st_dev == so.st_dev && si.st_ino == so.st_ino)
            return t0_error_set(
                err, T0_EOUTPUT, path, NULL,
                "refusing to overwrite an input file (choose another --out or "
                "--name)");
    }
    return T0_OK;
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

char *t0_program_dir(const char *argv0)
{
    char buf[PATH_MAX];
    if (argv0 && strchr(argv0, '/')) {
        if (!realpath(argv0, buf))
            return NULL;
    } else {
        ssize_t n = readlink("/proc/self/exe", buf, sizeof buf - 1);
        if (n <= 0)
            return NULL;
        buf[n] = '\0';
    }
    char *slash = strrchr(buf, '/');
    if (!slash)
        return NULL;
    *slash = '\0';
    return strdup(buf[0] ? buf : "/");
}
