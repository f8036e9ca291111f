/* config.h: the configuration file (SPEC 2.4) and its defaults. */
#ifndef TIERZERO_CONFIG_H
#define TIERZERO_CONFIG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "tierzero/error.h"
#include "tierzero/model.h"

/* Decimals with at most six places are held exactly as millionths:
 * 99.9 % is 99900000, a weight of 0.3 is 300000. */
#define T0_MICRO INT64_C(1000000)

/* One multiwindow burn-rate alert rule (SPEC 9, 11 rules 10 and 14). */
enum t0_alert_severity {
    T0_ALERT_PAGE = 0,
    T0_ALERT_TICKET = 1,
};

struct t0_alert_rule {
    enum t0_alert_severity severity;
    int64_t long_minutes, short_minutes; /* whole minutes, > 0 */
    int64_t burn_micro;                  /* the rate it must exceed, in millionths */
};

struct t0_slo {
    char *name;           /* owned by the config */
    char **services;      /* owned; as written ("*" for every service) */
    size_t n_services;
    bool all_services;    /* services hold "*" */
    struct t0_symlist symbols; /* services interned in a dataset's symtab,
                                  set by t0_config_bind() */
    double objective_pct;     /* 99.9 */
    int64_t objective_micro;  /* 99900000 */
    int64_t weight_micro[4];  /* by enum t0_impact, 0..1000000 */
    /* SPEC 9: the alert rules ("alerts"; when not configured, the four
     * default rules of burn.h) and the rolling window in days. */
    struct t0_alert_rule *alerts; /* owned; n_alerts of them */
    size_t n_alerts;
    bool alerts_configured;
    int rolling_days;             /* default 28 */
};

struct t0_config {
    /* report */
    char *title;        /* "Reliability review" */
    char *organization; /* may be "" */
    char *timezone;     /* "UTC" */
    char *page_size;    /* "A4" or "Letter" */
    /* slos: never empty after loading */
    struct t0_slo *slos;
    size_t n_slos;
    bool slos_configured; /* false: the built-in "All services" SLO */
    /* policy */
    double at_risk_pct;
    int64_t at_risk_micro;
    /* correlation */
    double window_hours;
    t0_ms window_ms;
    int event_study_days;
    bool match_any;     /* "match": "any"; default "same-service" */
    /* email */
    char *email_from;
    char **email_to;
    size_t n_email_to;
    char **email_cc;
    size_t n_email_cc;
    const char *source; /* file it came from, or NULL for defaults */
};

/* Fills cfg with SPEC 2.4's defaults (one SLO "All services", ["*"], 99.9,
 * weights major 1, partial 0.3, degraded 0, none 0, at risk 75, window 72 h,
 * event study 14 days, same-service). cfg is owned by the caller; release it
 * with t0_config_release(). */
enum t0_status t0_config_init(struct t0_config *cfg);

/* Loads a configuration file over the defaults (SPEC 2.4, 3.1 rules 6 and
 * 14). Errors are T0_EINPUT with the file and JSON path. */
enum t0_status t0_config_load(struct t0_config *cfg, const char *path,
                              struct t0_error *err);

/* Command-line overrides, checked as SPEC says (usage errors, T0_EUSAGE):
 * --slo sets the first SLO's objective, --window the window. */
enum t0_status t0_config_set_objective(struct t0_config *cfg, const char *text,
                                       struct t0_error *err);
enum t0_status t0_config_set_window(struct t0_config *cfg, const char *text,
                                    struct t0_error *err);
enum t0_status t0_config_set_timezone(struct t0_config *cfg, const char *text,
                                      struct t0_error *err);

/* Interns every SLO's service names in ds's symbol table so that matching is
 * a comparison of symbols. Call once the dataset is read. */
void t0_config_bind(struct t0_config *cfg, struct t0_dataset *ds);

/* Does the SLO cover a record with these services? ("*" matches all; an
 * empty list matches only "*"). */
bool t0_slo_matches(const struct t0_slo *slo, struct t0_symlist services);

void t0_config_release(struct t0_config *cfg);

/* Parses a decimal with at most six places ("99.95") into millionths;
 * false on anything else (too many places, junk). */
bool t0_parse_decimal6(const char *text, int64_t *micro);
/* Same for a JSON number already read as a double. */
bool t0_double_to_micro(double value, int64_t *micro);

#endif
