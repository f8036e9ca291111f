/* fuzz_ingest_incidents.c: libFuzzer harness for t0_read_incidents on any bytes. */
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
    enum t0_status st = t0_read_incidents(ds, path, &limits, &err);
    /* An error must say something; an accepted file must be consistent. */
    if (st != T0_OK && !err.text[0])
        abort();
    if (st == T0_OK && ds->incidents_input.accepted != ds->n_incidents)
        abort();
    for (size_t i = 0; st == T0_OK && i < ds->n_incidents; i++) {
        const struct t0_incident *inc = &ds->incidents[i];
        if (!inc->id || !inc->id[0])
            abort();
        if (inc->resolved_at != T0_NO_TIME && inc->resolved_at < inc->started_at)
            abort();
    }
    t0_dataset_free(ds);
    return 0;
}
