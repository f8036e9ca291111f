/* config.h: the configuration file (definitions.md §2.4) and its defaults. */
#ifndef TIERZERO_CONFIG_H
#define TIERZERO_CONFIG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "tierzero/error.h"
#include "tierzero/maintenance.h"
#include "tierzero/model.h"
#include "tierzero/sli.h"

/* Decimals with at most six places are held exactly as millionths:
 * 99.9 % is 99900000, a weight of 0.3 is 300000. */
#define T0_MICRO INT64_C(1000000)

/* One multiwindow burn-rate alert rule (definitions.md §9, rules 11.10 and 11.14). */
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
    char *name;      /* owned by the config */
    char **services; /* owned; as written ("*" for every service) */
    size_t n_services;
    bool all_services;         /* services hold "*" */
    struct t0_symlist symbols; /* services interned in a dataset's symtab,
                                  set by t0_config_bind() */
    double objective_pct;      /* 99.9 */
    int64_t objective_micro;   /* 99900000 */
    int64_t weight_micro[4];   /* by enum t0_impact, 0..1000000 */
    /* definitions.md §9: the alert rules ("alerts"; when not configured, the four
     * default rules of burn.h) and the rolling window in days. */
    struct t0_alert_rule *alerts; /* owned; n_alerts of them */
    size_t n_alerts;
    bool alerts_configured;
    int rolling_days;   /* default 28 */
    struct t0_sli *sli; /* owned; NULL: incident time (definitions.md §3), else sli.h */
};

/* A release service rule (definitions.md §7.2): releases without services whose id or
 * name matches the shell pattern take these services. */
struct t0_release_rule {
    char *match;     /* owned; fnmatch(3) pattern, flags 0 */
    char **services; /* owned */
    size_t n_services;
};

/* The configuration's "import" block (definitions.md §7.1): how vendor records map. */
struct t0_import_impact {
    char *name; /* owned; a priority, severity or status_impact name */
    enum t0_impact impact;
};

struct t0_import {
    struct t0_import_impact *impact; /* owned; consulted before the built-in mapping */
    size_t n_impact;
    /* By started, detected, mitigated, resolved: the timestamp names that
     * replace the built-in ones (owned), NULL: the built-in ones. */
    char **timestamps[4];
    size_t n_timestamps[4];
    char *services_field; /* owned; NULL: "Affected services" */
};
struct t0_prom_config; /* prom_client.h */

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
    bool match_any; /* "match": "any"; default "same-service" */
    /* releases: services for releases that carry none (definitions.md §7.2) */
    char **release_services; /* owned; may be empty */
    size_t n_release_services;
    struct t0_release_rule *release_rules; /* owned; tried in order */
    size_t n_release_rules;
    char *environment; /* the deployments that count; "production" */
    struct t0_import import;
    /* email */
    char *email_from;
    char **email_to;
    size_t n_email_to;
    char **email_cc;
    size_t n_email_cc;
    const char *source; /* file it came from, or NULL for defaults */
    /* input: below this share of records accepted, a warning (90) */
    double min_accepted_pct;
    /* What the file said that was not used, one line each ("slos[0].service:
     * unknown key; did you mean \"services\"?"); owned. */
    char **warnings;
    size_t n_warnings;
    /* definitions.md §10: "report.fiscal_year_start" (1..12, default 1) and the
     * "maintenance" list (one-off windows and weekly rules). */
    int fiscal_year_start;
    struct t0_maint_list maintenance;
    /* The prometheus block and the SLOs' PromQL sources (definitions.md §8); NULL when
     * the file has neither. Owned. */
    struct t0_prom_config *prom;
};

/* Fills cfg with definitions.md §2.4's defaults (one SLO "All services", ["*"], 99.9,
 * weights major 1, partial 0.3, degraded 0, none 0, at risk 75, window 72 h,
 * event study 14 days, same-service). cfg is owned by the caller; release it
 * with t0_config_release(). */
enum t0_status t0_config_init(struct t0_config *cfg);

/* Loads a configuration file over the defaults (definitions.md §2.4, rules 3.1.6
 * and 3.1.14). Errors are T0_EINPUT with the file and JSON path. */
enum t0_status t0_config_load(struct t0_config *cfg, const char *path,
                              struct t0_error *err);

/* Command-line overrides, checked as definitions.md rule 3.1.14 says (usage errors,
 * T0_EUSAGE):
 * --slo sets the first SLO's objective, --window the window. */
enum t0_status t0_config_set_objective(struct t0_config *cfg, const char *text,
                                       struct t0_error *err);
enum t0_status t0_config_set_window(struct t0_config *cfg, const char *text,
                                    struct t0_error *err);
enum t0_status t0_config_set_timezone(struct t0_config *cfg, const char *text,
                                      struct t0_error *err);

/* Interns every SLO's service names in ds's symbol table so that matching is
 * a comparison of symbols, and gives every release of ds that carries no
 * services the configuration's (t0_config_release_services). Call once the
 * dataset is read, whatever the releases' source format. */
void t0_config_bind(struct t0_config *cfg, struct t0_dataset *ds);

/* definitions.md §7.2 and rule 11.4: the services configured for a release without
 * services of its own: the first rule whose pattern matches its id, else its
 * name (fnmatch, case-sensitive), else releases.services. Returns the count
 * and sets *services (borrowed from cfg; 0 when nothing is configured). */
size_t t0_config_release_services(const struct t0_config *cfg, const char *id,
                                  const char *name, char *const **services);

/* Does the SLO cover a record with these services? ("*" matches all; an
 * empty list matches only "*"). */
bool t0_slo_matches(const struct t0_slo *slo, struct t0_symlist services);

void t0_config_release(struct t0_config *cfg);

/* Appends a warning line to cfg->warnings (a JSON path, then what is wrong,
 * no file name). T0_ENOMEM when out of memory. */
enum t0_status t0_config_add_warning(struct t0_config *cfg, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Does any incident (by its services or a segment's) or release of ds match
 * the SLO? Always true for a "*" SLO. Needs t0_config_bind(). */
bool t0_slo_matches_input(const struct t0_slo *slo, const struct t0_dataset *ds);
/* Are all SLOs events SLOs (so a review needs no incident file)? */
bool t0_config_events_only(const struct t0_config *cfg);

/* Parses a decimal with at most six places ("99.95") into millionths;
 * false on anything else (too many places, junk). */
bool t0_parse_decimal6(const char *text, int64_t *micro);
/* Same for a JSON number already read as a double. */
bool t0_double_to_micro(double value, int64_t *micro);

#endif
