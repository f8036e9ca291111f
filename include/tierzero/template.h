/* template.h: report templates (definitions.md §5 "Templates"): page, palette, fonts,
 * sections, texts. */
#ifndef TIERZERO_TEMPLATE_H
#define TIERZERO_TEMPLATE_H

#include <stdbool.h>
#include <stddef.h>

#include "tierzero/theme.h"
#include "tierzero/error.h"

/*
 * A template is a directory holding template.json:
 *
 * @code
 *   {
 *     "page_size": "A4",                      // or "Letter"; absent: the config's
 *     "palette": {"met": "#009E73", ...},     // any struct t0_theme colour name
 *     "fonts": {"family": "DejaVu Sans", "condensed": "DejaVu Sans Condensed",
 *               "mono": "DejaVu Sans Mono"},
 *     "logo": "logo.png",                     // relative to the template directory
 *     "sections": ["cover", "summary", ...],  // order and switches
 *     "limits": {"incident_log_max_rows": 100, "postmortems_max": 5},
 *     "incident_rank": "budget_share",        // or "bad_minutes": the worst first by
 *                                             // the largest share of any SLO's budget
 *                                             // (default), or of its bad minutes
 *     "texts": {"summary": "{{slo_name}} {{#met}}met{{/met}}{{^met}}missed{{/met}} ..."}
 *   }
 * @endcode
 *
 * Texts are expanded by pure substitution: {{name}} is replaced by a value
 * the document computed, {{#flag}}...{{/flag}} is kept when the flag is true
 * and {{^flag}}...{{/flag}} when it is false; sections nest. Nothing in a
 * template can read a file or run anything. Every placeholder, flag and
 * section is checked when the template is loaded: an unknown name or an
 * unbalanced section is an input error naming template.json's line and
 * column.
 */
struct t0_template; /* opaque */

/* The sections a template can order. */
enum t0_section {
    T0_SECTION_COVER = 0,
    T0_SECTION_SUMMARY,
    T0_SECTION_SLO_HISTORY,
    T0_SECTION_BURNDOWN,
    T0_SECTION_CALENDAR,
    T0_SECTION_RELEASES,
    T0_SECTION_INCIDENT_LOG,
    T0_SECTION_POSTMORTEMS,
    T0_SECTION_APPENDIX,
    T0_SECTION_CONTEXT, /* postmortem: the SLO months and releases around one incident */
    T0_SECTION_ALERTS,  /* definitions.md §9: would our alerting have caught it? */
    T0_SECTION_COUNT
};
/* "cover", "summary", ...; borrowed, static. */
const char *t0_section_name(enum t0_section section);

/* Values a text can name. */
enum t0_placeholder {
    T0_PH_TITLE = 0, /* report title */
    T0_PH_ORGANIZATION,
    T0_PH_REVIEW_MONTH,     /* "October 2026" */
    T0_PH_PERIOD,           /* "November 2025 to October 2026" */
    T0_PH_VERDICT,          /* the verdict sentence */
    T0_PH_SLO_NAME,         /* worst SLO of the review month */
    T0_PH_OBJECTIVE,        /* "99.9%" */
    T0_PH_ATTAINMENT,       /* "99.71%" */
    T0_PH_BUDGET_CONSUMED,  /* "290%" */
    T0_PH_BUDGET_REMAINING, /* "12 min" or "-1 h 24 min" */
    T0_PH_EXHAUSTED_ON,     /* "12 October 2026" */
    T0_PH_INCIDENTS,        /* incidents of the review month */
    T0_PH_MTTR_MEDIAN,      /* "1 h 12 min" */
    T0_PH_MTTR_P90,
    T0_PH_RELEASES,                  /* releases in the period */
    T0_PH_SHARE_AFTER_RELEASE,       /* "38%" */
    T0_PH_COVERAGE,                  /* "21%" */
    T0_PH_RATE_RATIO,                /* "2.3×" */
    T0_PH_P_VALUE,                   /* "0.002" */
    T0_PH_WINDOW_HOURS,              /* "72" */
    T0_PH_CHANGE_FAILURE_RATE,       /* "17%" */
    T0_PH_FREEZE_UNTIL,              /* "1 November 2026" */
    T0_PH_RELEASES_AFTER_EXHAUSTION, /* "3" */
    T0_PH_INCIDENT_ID,               /* postmortem */
    T0_PH_INCIDENT_TITLE,            /* postmortem */
    T0_PH_COUNT
};

/* Conditions a text can test. */
enum t0_flag {
    T0_FLAG_MET = 0, /* the worst SLO met its objective */
    T0_FLAG_AT_RISK,
    T0_FLAG_EXHAUSTED,
    T0_FLAG_PARTIAL, /* the review month is not over */
    T0_FLAG_HAS_RELEASES,
    T0_FLAG_HAS_INCIDENTS,
    T0_FLAG_FREEZE,                    /* a release freeze is in force */
    T0_FLAG_SIGNIFICANT,               /* the chance test's p < 0.05 */
    T0_FLAG_HAS_MTTR,                  /* the period's median time to resolve is known */
    T0_FLAG_HAS_ORGANIZATION,          /* report.organization is not empty */
    T0_FLAG_RELEASES_WITHOUT_SERVICES, /* some releases of the period carry none */
    T0_FLAG_COUNT
};

/* Names as written in templates ("review_month", "exhausted"); borrowed. */
const char *t0_placeholder_name(enum t0_placeholder ph);
const char *t0_flag_name(enum t0_flag flag);

/* What a text is expanded with: values (NULL prints nothing) and flags.
 * Strings are borrowed. */
struct t0_template_vars {
    const char *values[T0_PH_COUNT];
    bool flags[T0_FLAG_COUNT];
};

/* The texts a template may set. */
enum t0_text {
    T0_TEXT_COVER_NOTE = 0,   /* "cover_note": under the verdict on the cover */
    T0_TEXT_SUMMARY,          /* "summary": the executive summary's narrative */
    T0_TEXT_RELEASES,         /* "releases": opens the releases section */
    T0_TEXT_NO_RELEASES,      /* "no_releases": the section without a releases file */
    T0_TEXT_METHOD,           /* "method": opens the appendix */
    T0_TEXT_POSTMORTEM_INTRO, /* "postmortem_intro": opens each postmortem */
    T0_TEXT_COUNT
};
const char *t0_text_name(enum t0_text text);

/* Finds a template: name_or_dir is a directory path (contains template.json)
 * or a name looked up in $TIERZERO_TEMPLATES, then <dir of the
 * executable>/../share/tierzero/templates/<name>, then the source tree's
 * T0_SOURCE_TEMPLATE_DIR/<name> (compile definition). exe_path may be NULL.
 * Errors: T0_EINPUT (not found; not JSON; unknown key, section, colour,
 * placeholder or flag; unbalanced section), with template.json's line. */
enum t0_status t0_template_load(const char *name_or_dir, const char *exe_path,
                                struct t0_template **out, struct t0_error *err); /* new */
void t0_template_free(struct t0_template *tpl);

/* The theme: t0_theme_default() with the template's palette and fonts. Borrowed. */
const struct t0_theme *t0_template_theme(const struct t0_template *tpl);

/* The directory the template was loaded from, and its template.json. Borrowed. */
const char *t0_template_dir(const struct t0_template *tpl);
const char *t0_template_file(const struct t0_template *tpl);

/* "A4", "Letter", or NULL when the template leaves it to the configuration. */
const char *t0_template_page_size(const struct t0_template *tpl);

/* Full path of the logo PNG, or NULL. Borrowed. The logo is resolved inside
 * the template directory: a path with "..", an absolute path or a symbolic
 * link leading out of the directory is an error naming the key. */
const char *t0_template_logo(const struct t0_template *tpl);

/* The logo's bytes, read once at load and checked by t0_template_check_png;
 * NULL when there is no logo. Borrowed. */
const unsigned char *t0_template_logo_png(const struct t0_template *tpl, size_t *len);

/* A logo is bounded before it is decoded: the file's size, and the size its
 * header declares (decoded, 4 bytes a pixel: 64 MiB at most). */
#define T0_LOGO_MAX_BYTES (8 * 1024 * 1024)
#define T0_LOGO_MAX_SIDE 8192
#define T0_LOGO_MAX_PIXELS (16 * 1024 * 1024)

/*
 * Checks what can be checked of a PNG without decoding it: the signature, an
 * image header declaring at most T0_LOGO_MAX_SIDE pixels a side and
 * T0_LOGO_MAX_PIXELS in all, and the end chunk last (a truncated file lacks
 * it). Returns true, or false with the reason in msg ("is not a PNG file").
 */
bool t0_template_check_png(const unsigned char *png, size_t len, char *msg,
                           size_t msg_size);

/* The sections in the template's order (borrowed array of *count). */
const enum t0_section *t0_template_sections(const struct t0_template *tpl, size_t *count);
bool t0_template_has_section(const struct t0_template *tpl, enum t0_section section);

/* Limits: incident log rows (default 100) and postmortems (default 5). */
size_t t0_template_incident_log_max_rows(const struct t0_template *tpl);
size_t t0_template_postmortems_max(const struct t0_template *tpl);

/* How the incident log and the postmortems rank incidents, worst first: by
 * the largest share of any SLO's monthly budget an incident used (default),
 * or by its largest bad minutes on any SLO. */
enum t0_incident_rank {
    T0_RANK_BUDGET_SHARE = 0,
    T0_RANK_BAD_MINUTES = 1,
};
enum t0_incident_rank t0_template_incident_rank(const struct t0_template *tpl);

/* The text, or NULL when the template does not set it. Borrowed. */
const char *t0_template_text(const struct t0_template *tpl, enum t0_text text);

/*
 * Checks a text's syntax. Returns true, or false with *offset (bytes into
 * text) and a message in msg (e.g. "unknown placeholder '{{foo}}'").
 */
bool t0_template_check_text(const char *text, size_t len, size_t *offset, char *msg,
                            size_t msg_size);

/* Expands a (checked) text with vars. new: the caller frees it with free();
 * NULL when out of memory. Output is capped at 64 KiB. */
char *t0_template_expand(const char *text, const struct t0_template_vars *vars);

#endif
