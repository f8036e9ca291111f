/* renderers_linked.c: t0_renderers() when the drawing code is linked in (the tests and
 * the fuzzers; the program opens it as a module, src/tool/renderers_module.c). */
#include "tierzero/renderers.h"

const struct t0_renderers *t0_renderers(struct t0_error *err)
{
    (void)err;
    return &t0_renderers_table;
}

void t0_renderers_preload(bool fonts)
{
    if (fonts)
        t0_renderers_table.prepare_fonts();
}
