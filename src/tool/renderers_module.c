/* renderers_module.c: t0_renderers() in the program, which opens the drawing code as a
 * module (renderers.h). */
#define _GNU_SOURCE
#include "tierzero/renderers.h"

#include <dlfcn.h>
#include <limits.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tierzero/output.h"

/* What the first opening found, for every caller after it. */
static struct {
    pthread_once_t once;
    const struct t0_renderers *table;
    struct t0_error err;
    pthread_t preload;
    bool preloading;
    bool fonts; /* the preloading thread loads them */
} module = {.once = PTHREAD_ONCE_INIT};

/* The table of the module at path, or NULL with why in why. */
static const struct t0_renderers *open_table(const char *path, char *why, size_t size)
{
    void *handle = dlopen(path, RTLD_NOW | RTLD_LOCAL);
    if (!handle) {
        const char *e = dlerror();
        snprintf(why, size, "%s", e ? e : "dlopen failed");
        return NULL;
    }
    const struct t0_renderers *t = dlsym(handle, "t0_renderers_table");
    if (!t) {
        snprintf(why, size, "it has no drawing table");
    } else if (t->table_size != sizeof(struct t0_renderers)) {
        snprintf(why, size, "it is of another build (its table is of another size)");
        t = NULL;
    } else if (t->report_size != sizeof(struct t0_report) || !t->version ||
               strcmp(t->version, T0_VERSION) != 0) {
        snprintf(why, size, "it is of another build (version %.40s), not %s",
                 t->version ? t->version : "unknown", T0_VERSION);
        t = NULL;
    }
    if (!t)
        dlclose(handle);
    /* Kept open on success: its code runs until the program exits. */
    return t;
}

static void open_module(void)
{
    char path[PATH_MAX], why[512] = "";
    char *dir = t0_program_dir(NULL);
    if (!dir) {
        t0_error_set(&module.err, T0_EOUTPUT, NULL, NULL,
                     "cannot draw the documents: the program's own path is unknown "
                     "(/proc/self/exe), so " T0_DRAW_MODULE " cannot be found");
        return;
    }
    /* Beside the program (a build tree), then where the package installs it. */
    const char *const places[] = {"", "/../" T0_MODULE_SUBDIR};
    for (size_t i = 0; i < sizeof places / sizeof places[0]; i++) {
        if ((size_t)snprintf(path, sizeof path, "%s%s/" T0_DRAW_MODULE, dir, places[i]) >=
            sizeof path)
            continue;
        if (access(path, F_OK) != 0)
            continue;
        module.table = open_table(path, why, sizeof why);
        if (!module.table)
            t0_error_set(&module.err, T0_EOUTPUT, path, NULL,
                         "cannot draw the documents with this module: %s", why);
        free(dir);
        return;
    }
    t0_error_set(&module.err, T0_EOUTPUT, NULL, NULL,
                 "cannot draw the documents: " T0_DRAW_MODULE
                 " is neither beside the program (%s) nor in %s/../" T0_MODULE_SUBDIR
                 "; reinstall the package",
                 dir, dir);
    free(dir);
}

const struct t0_renderers *t0_renderers(struct t0_error *err)
{
    pthread_once(&module.once, open_module);
    if (!module.table && err)
        *err = module.err;
    return module.table;
}

static void *preload_main(void *arg)
{
    (void)arg;
    const struct t0_renderers *t = t0_renderers(NULL);
    if (t && module.fonts)
        t->prepare_fonts();
    return NULL;
}

/* The preloading thread ends before the program does (it may be inside the
 * dynamic loader when the program has nothing left to do). */
static void join_preload(void)
{
    if (module.preloading)
        pthread_join(module.preload, NULL);
    module.preloading = false;
}

void t0_renderers_preload(bool fonts)
{
    if (module.preloading)
        return;
    module.fonts = fonts;
    module.preloading = pthread_create(&module.preload, NULL, preload_main, NULL) == 0;
    if (module.preloading)
        atexit(join_preload);
    else
        (void)t0_renderers(NULL); /* on this thread, then */
}
