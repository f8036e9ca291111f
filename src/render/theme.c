/* theme.c: the default colours and fonts, and colours as templates write them (theme.h).
 */
#include "tierzero/theme.h"

#include <glib.h>
#include <stdio.h>
#include <string.h>

static struct t0_rgb rgb_hex(unsigned v)
{
    struct t0_rgb c = {((v >> 16) & 0xFF) / 255.0, ((v >> 8) & 0xFF) / 255.0,
                       (v & 0xFF) / 255.0};
    return c;
}

void t0_theme_default(struct t0_theme *theme)
{
    memset(theme, 0, sizeof *theme);
    theme->text = rgb_hex(0x1A1A1A);
    theme->secondary = rgb_hex(0x6B6B6B);
    theme->axis = rgb_hex(0x4D4D4D);
    theme->grid = rgb_hex(0xE6E6E6);
    theme->zebra = rgb_hex(0xF5F5F5);
    theme->met = rgb_hex(0x009E73);
    theme->at_risk = rgb_hex(0xE69F00);
    theme->exhausted = rgb_hex(0xD55E00);
    theme->release = rgb_hex(0x0072B2);
    theme->incident = rgb_hex(0xD55E00);
    theme->accent = rgb_hex(0x56B4E9);
    snprintf(theme->font_family, sizeof theme->font_family, "%s", "DejaVu Sans");
    snprintf(theme->font_condensed, sizeof theme->font_condensed, "%s",
             "DejaVu Sans Condensed");
    snprintf(theme->font_mono, sizeof theme->font_mono, "%s", "DejaVu Sans Mono");
}

bool t0_rgb_parse(const char *text, struct t0_rgb *out)
{
    if (text == NULL || text[0] != '#' || strlen(text) != 7)
        return false;
    unsigned v = 0;
    for (int i = 1; i < 7; i++) {
        int d = g_ascii_xdigit_value(text[i]);
        if (d < 0)
            return false;
        v = v * 16 + (unsigned)d;
    }
    if (out != NULL)
        *out = rgb_hex(v);
    return true;
}
