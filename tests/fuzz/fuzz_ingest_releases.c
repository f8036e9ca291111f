/* fuzz_ingest_releases.c: libFuzzer harness for t0_read_releases on any bytes. */
#include "fuzz_common.h"

#include "tierzero/ingest.h"
#include "tierzero/model.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *path = t0_fuzz_file(0, data, size);
    struct t0_dataset *ds = t0_dataset_new();
    if (!ds)
        return 0;
    struct t0_limits limits = T0_FUZZ_LIMITS;
    struct t0_error err;
    t0_error_clear(&err);
    enum t0_status st = t0_read_releases(ds, path, &limits, &err);
    if (st != T0_OK && !err.text[0])
        abort();
    if (st == T0_OK && ds->releases_input.accepted != ds->n_releases)
        abort();
    t0_dataset_free(ds);
    return 0;
}
