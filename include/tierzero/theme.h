/* theme.h: the documents' colours and fonts, which a template may change. */
#ifndef TIERZERO_THEME_H
#define TIERZERO_THEME_H

#include <stdbool.h>

/* A colour, each component in [0, 1]. */
struct t0_rgb {
    double r, g, b;
};

/* Colours and fonts (a template may change them). */
struct t0_theme {
    struct t0_rgb text;      /* #1A1A1A */
    struct t0_rgb secondary; /* #6B6B6B secondary text */
    struct t0_rgb axis;      /* #4D4D4D */
    struct t0_rgb grid;      /* #E6E6E6 */
    struct t0_rgb zebra;     /* #F5F5F5 */
    struct t0_rgb met;       /* green  #009E73 */
    struct t0_rgb at_risk;   /* orange #E69F00 */
    struct t0_rgb exhausted; /* vermillion #D55E00 */
    struct t0_rgb release;   /* blue #0072B2 */
    struct t0_rgb incident;  /* vermillion #D55E00 */
    struct t0_rgb accent;    /* sky #56B4E9 */
    char font_family[64];    /* "DejaVu Sans" */
    char font_condensed[64]; /* "DejaVu Sans Condensed" */
    char font_mono[64];      /* "DejaVu Sans Mono" */
};

/* Okabe–Ito palette with greys, DejaVu fonts. */
void t0_theme_default(struct t0_theme *theme);
/* Parses "#RRGGBB"; false when malformed. */
bool t0_rgb_parse(const char *text, struct t0_rgb *out);

#endif
