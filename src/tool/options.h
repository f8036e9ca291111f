/* options.h: the command line as parsed, before any file is read. */
#ifndef TIERZERO_TOOL_OPTIONS_H
#define TIERZERO_TOOL_OPTIONS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "tierzero/ingest.h"
#include "tierzero/report.h"

enum t0_command {
    CMD_NONE,
    CMD_REPORT,
    CMD_SUMMARY,
    CMD_CHECK,
    CMD_GATE,
    CMD_POSTMORTEM,
    CMD_MERGE,
    CMD_HELP,
};

enum t0_format_bits {
    FMT_PDF = 1 << 0,
    FMT_XLSX = 1 << 1,
    FMT_JSON = 1 << 2,
    FMT_PNG = 1 << 3,
    FMT_EML = 1 << 4,
};

/* What the user asked for. Strings are borrowed from argv. */
struct t0_options {
    enum t0_command command;
    const char *incidents;    /* INCIDENTS.json, "-" for stdin */
    const char *incident_id;  /* postmortem */
    const char *releases;     /* -r */
    const char *config;       /* -c */
    const char *month;        /* --month as typed */
    const char *from, *to;    /* --from/--to as typed */
    int history;              /* --history, 0: default */
    const char *slo;          /* --slo as typed */
    const char *tz;           /* --tz */
    const char *prometheus;   /* --prometheus URL */
    const char *save_series;  /* --save-series DIR */
    const char *as_of;        /* --as-of as typed */
    const char *window;       /* --window as typed */
    const char *out_dir;      /* -o */
    unsigned formats;         /* --format bits, 0: the command's default */
    const char *name;         /* --name */
    const char *template_dir; /* --template */
    const char **services;    /* gate --service (repeatable) */
    size_t n_services;
    int max_age_days;         /* gate --max-age, 0: not given (30, a warning) */
    const char **maintenance; /* --maintenance FILE (repeatable) */
    size_t n_maintenance;
    const char *quarter; /* --quarter YYYY-Qn as typed */
    bool strict, quiet, verbose, json;
    bool burn; /* gate --burn */
    struct t0_limits limits;
    const char *help_topic; /* help COMMAND */
    const char **files;     /* merge: FILE... (new array of borrowed strings) */
    size_t n_files;
    const char *since; /* merge --since as typed */
};

/* Parses argv. Returns T0_OK, or T0_EUSAGE with err->text a one-line
 * message (the caller adds the hint). Sets *exit_now for --help/--version,
 * which print to stdout. */
enum t0_status t0_options_parse(struct t0_options *opt, int argc, char **argv,
                                bool *exit_now, struct t0_error *err);
void t0_options_release(struct t0_options *opt);

/* Prints the help of a command (CMD_NONE: the overview) to out. */
void t0_print_help(enum t0_command cmd, FILE *out);
/* The command's name ("report"). */
const char *t0_command_name(enum t0_command cmd);

#endif
