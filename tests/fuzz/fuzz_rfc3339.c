/* fuzz_rfc3339.c: libFuzzer harness for t0_parse_rfc3339 and t0_parse_date. */
#include "fuzz_common.h"

#include <string.h>

#include "tierzero/format.h"
#include "tierzero/time.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    /* An exact-size heap copy, not NUL-terminated: ASan catches any read
     * past len. */
    char *text = malloc(size ? size : 1);
    if (!text)
        return 0;
    memcpy(text, data, size);

    t0_ms t = 0;
    const char *reason = NULL;
    if (t0_parse_rfc3339(text, size, &t, &reason)) {
        /* Whatever parses formats and parses back to the same instant, when
         * its UTC year has four digits: a local time in 9999 with a negative
         * offset (or in 0001 with a positive one) is valid RFC 3339 but
         * falls in UTC year 10000 (or 0000), which the parser rightly
         * rejects. */
        char buf[64];
        char *s = t0_format_utc(t, buf);
        t0_ms again = 0;
        t0_ms first = t0_days_from_civil(1, 1, 1) * 86400000;
        t0_ms end = t0_days_from_civil(10000, 1, 1) * 86400000;
        if (t < first - 86400000 || t >= end + 86400000)
            abort(); /* an offset moves an instant by less than a day */
        if (t >= first && t < end &&
            (!s || !t0_parse_rfc3339(s, strlen(s), &again, NULL) || again != t))
            abort();
    } else if (!reason) {
        abort();
    }

    int64_t days = 0;
    reason = NULL;
    if (t0_parse_date(text, size, &days, &reason)) {
        int y, m, d;
        t0_civil_from_days(days, &y, &m, &d);
        if (t0_days_from_civil(y, m, d) != days || m < 1 || m > 12 || d < 1 || d > 31)
            abort();
    }
    free(text);
    return 0;
}
