/* fuzz_config.c: libFuzzer harness for t0_config_load on any bytes. */
#include "fuzz_common.h"

#include "tierzero/config.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *path = t0_fuzz_file(0, data, size);
    struct t0_config cfg;
    if (t0_config_init(&cfg) != T0_OK)
        return 0;
    struct t0_error err;
    t0_error_clear(&err);
    enum t0_status st = t0_config_load(&cfg, path, &err);
    if (st != T0_OK && !err.text[0])
        abort();
    t0_config_release(&cfg);
    return 0;
}
