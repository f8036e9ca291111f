/* options.c: parsing the command line and printing help. */
#include "options.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static const struct {
    enum t0_command cmd;
    const char *name;
} commands[] = {
    {CMD_REPORT, "report"}, {CMD_SUMMARY, "summary"},       {CMD_CHECK, "check"},
    {CMD_GATE, "gate"},     {CMD_POSTMORTEM, "postmortem"}, {CMD_MERGE, "merge"},
    {CMD_HELP, "help"},
};

const char *t0_command_name(enum t0_command cmd)
{
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        if (commands[i].cmd == cmd)
            return commands[i].name;
    return "";
}

static enum t0_command command_from(const char *name)
{
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        if (strcmp(commands[i].name, name) == 0)
            return commands[i].cmd;
    return CMD_NONE;
}

/* Levenshtein distance between a and b, for suggestions; both are short
 * names, longer ones are cut at 63 bytes. */
static size_t edit_distance(const char *a, size_t la, const char *b, size_t lb)
{
    size_t row[64], prev[64];
    if (la > 63)
        la = 63;
    if (lb > 63)
        lb = 63;
    for (size_t j = 0; j <= lb; j++)
        prev[j] = j;
    for (size_t i = 1; i <= la; i++) {
        row[0] = i;
        for (size_t j = 1; j <= lb; j++) {
            size_t del = prev[j] + 1, ins = row[j - 1] + 1;
            size_t sub = prev[j - 1] + (a[i - 1] != b[j - 1]);
            size_t best = del < ins ? del : ins;
            row[j] = sub < best ? sub : best;
        }
        memcpy(prev, row, (lb + 1) * sizeof row[0]);
    }
    return prev[lb];
}

/* Close enough to be a typo: at most 2 edits, 1 for names of 4 bytes or less. */
static bool is_typo_of(const char *typed, size_t len, const char *name)
{
    size_t d = edit_distance(typed, len, name, strlen(name));
    return d > 0 && d <= (len <= 4 ? 1u : 2u);
}

static enum t0_status unknown_command(const char *typed, struct t0_error *err)
{
    const char *expected = "report, summary, check, gate, postmortem, merge or help";
    if (typed[0] == '-' && typed[1] != '\0')
        return t0_error_set(err, T0_EUSAGE, NULL, NULL,
                            "the command comes before any option: expected %s, got '%s'",
                            expected, typed);
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        if (is_typo_of(typed, strlen(typed), commands[i].name))
            return t0_error_set(err, T0_EUSAGE, NULL, NULL,
                                "unknown command '%s' (did you mean '%s'?)", typed,
                                commands[i].name);
    if (strcmp(typed, "-") == 0 || strchr(typed, '.') || strchr(typed, '/'))
        return t0_error_set(
            err, T0_EUSAGE, NULL, NULL,
            "the command comes before the incidents file: expected %s, got "
            "'%s'",
            expected, typed);
    return t0_error_set(err, T0_EUSAGE, NULL, NULL, "unknown command '%s' (expected %s)",
                        typed, expected);
}

/* The options every command takes; each command's help prints them under
 * its "Options:" heading, after its own. */
static const char common_options[] =
    "  -r, --releases FILE   release history (ours, or GitHub's or GitLab's releases)\n"
    "  -c, --config FILE     configuration: SLOs, weights, policy, e-mail (JSON, or\n"
    "                        OpenSLO v1 YAML when it ends .yaml or .yml)\n"
    "      --prometheus URL  the server PromQL sources ask (Prometheus, Thanos, Mimir,\n"
    "                        VictoriaMetrics; with any path prefix): overrides\n"
    "                        prometheus.url\n"
    "      --save-series DIR (report, summary, gate) save the series fetched from the\n"
    "                        server as query_range files, with DIR/config.json reading\n"
    "                        them, to rerun offline\n"
    "      --month MONTH     review month: YYYY-MM, YYYY-MM-DD, 'this' or 'last'\n"
    "                        (default: the month of the latest incident)\n"
    "      --history N       months of history ending with the review month (12)\n"
    "      --from MONTH --to MONTH   an explicit period; the review month is --to\n"
    "                        (each as --month takes it)\n"
    "      --slo PCT         objective of the first SLO, e.g. 99.95 (99.9)\n"
    "      --tz ZONE         IANA time zone for months and printed times (UTC)\n"
    "      --as-of TIME      compute as at this instant: RFC 3339 with an offset,\n"
    "                        YYYY-MM-DD for midnight starting that day in --tz,\n"
    "                        'today' (midnight starting today) or 'now'\n"
    "      --window HOURS    release correlation window (72)\n"
    "      --maintenance FILE  Statuspage scheduled-maintenances.json (gzip too):\n"
    "                        time left out of the SLO arithmetic (repeatable)\n"
    "      --quarter YYYY-Qn the period is that fiscal quarter "
    "(report.fiscal_year_start)\n"
    "      --strict          any rejected record is fatal (exit 2)\n"
    "      --max-input-bytes N, --max-string-bytes N, --max-array-items N\n"
    "                        caps on hostile input (4 GiB, 16 MiB, 100000)\n"
    "      --threads N       threads to use, from 1 to 8; by default reading takes\n"
    "                        the processors idle when it starts (from 4 MiB of\n"
    "                        input) or one more for each 256 MiB, the workbook's\n"
    "                        incident rows one per processor and 25,000 rows, PNG\n"
    "                        charts a second one, never more than the processors;\n"
    "                        the results are the same for any number, 1 keeps to\n"
    "                        one processor\n"
    "  -q, --quiet           only errors on stderr (the gate keeps its warnings about\n"
    "                        input it left out)\n"
    "  -v, --verbose         more detail on stderr (every rejected record)\n"
    "  -h, --help            this help\n"
    "      --version         the version\n";

static const char exit_statuses[] =
    "Exit status: 0 success, 1 usage error, 2 input error, 3 budget exhausted (gate),\n"
    "4 output error.\n";

void t0_print_help(enum t0_command cmd, FILE *out)
{
    switch (cmd) {
    case CMD_REPORT:
        fprintf(
            out,
            "Usage: tierzero report [OPTIONS] INCIDENTS.json\n\n"
            "Writes the monthly review: a PDF for leadership, an Excel workbook for\n"
            "analysts and a JSON summary, into --out.\n\n"
            "Options:\n"
            "  -o, --out DIR         output directory, created if missing (.)\n"
            "      --format LIST     any of pdf,xlsx,json,png,eml, any case "
            "(pdf,xlsx,json)\n"
            "      --name BASE       output base name (slo-review-YYYY-MM)\n"
            "      --template DIR    report template (monthly-review)\n"
            "%s\nExamples:\n"
            "  tierzero report -c config.json -r releases.json -o out incidents.json\n"
            "  tierzero report --month 2026-10 --slo 99.95 --format pdf,png "
            "incidents.json\n"
            "  curl -s https://status.example.com/api/v2/incidents.json | tierzero "
            "report -\n\n%s",
            common_options, exit_statuses);
        break;
    case CMD_SUMMARY:
        fprintf(
            out,
            "Usage: tierzero summary [OPTIONS] INCIDENTS.json\n\n"
            "Prints the key figures as a text table, or with --json the JSON summary.\n\n"
            "Options:\n"
            "      --json            print the JSON summary to stdout\n"
            "%s\nExamples:\n"
            "  tierzero summary -c config.json incidents.json\n"
            "  tierzero summary --json -r releases.json incidents.json | jq "
            ".slos[0].period\n\n%s",
            common_options, exit_statuses);
        break;
    case CMD_CHECK:
        fprintf(
            out,
            "Usage: tierzero check [OPTIONS] INCIDENTS.json\n\n"
            "Validates every input and lists every problem: the format detected, what\n"
            "was read, and each rejected record with its reason. Exit 0 when clean,\n"
            "2 when anything was rejected or unreadable.\n\n"
            "Options:\n"
            "%s\nExamples:\n"
            "  tierzero check -r releases.json -c config.json incidents.json\n\n%s",
            common_options, exit_statuses);
        break;
    case CMD_GATE:
        fprintf(
            out,
            "Usage: tierzero gate [OPTIONS] INCIDENTS.json\n\n"
            "Release gate for CI: evaluates the month holding --as-of (default now) and\n"
            "exits 3 when an SLO's error budget is exhausted, naming it; exits 0 with\n"
            "the remaining budget otherwise. It never opens on input it could not\n"
            "read: no accepted incident is exit 2, and warnings about what was left\n"
            "out (rejected records, unknown configuration keys, old data) survive -q.\n\n"
            "Options:\n"
            "      --service NAME    only SLOs covering this service (repeatable): the\n"
            "                        services the release about to ship touches; a name\n"
            "                        no SLO covers is a usage error\n"
            "      --max-age DAYS    fail (exit 2) when the newest incident started "
            "more\n"
            "                        than DAYS days before --as-of, or there is none;\n"
            "                        without it, a warning past 30 days\n"
            "      --burn            also hold while a page-severity burn-rate alert "
            "rule\n"
            "                        is firing at --as-of, naming the rule and since "
            "when\n"
            "%s\nExamples:\n"
            "  tierzero gate -c config.json --service api incidents.json || exit 1\n"
            "  tierzero gate --burn -c config.json incidents.json || exit 1\n\n%s",
            common_options, exit_statuses);
        break;
    case CMD_POSTMORTEM:
        fprintf(out,
                "Usage: tierzero postmortem [OPTIONS] INCIDENTS.json INCIDENT_ID\n\n"
                "Writes one incident's postmortem PDF with a page of context (the SLO\n"
                "months around it, the releases before it).\n\n"
                "Options:\n"
                "  -o, --out DIR         output directory (.)\n"
                "      --name BASE       output base name (postmortem-INCIDENT_ID)\n"
                "      --template DIR    template (postmortem)\n"
                "%s\nExamples:\n"
                "  tierzero postmortem -c config.json -r releases.json incidents.json "
                "INC-2041\n\n%s",
                common_options, exit_statuses);
        break;
    case CMD_MERGE:
        fprintf(
            out,
            "Usage: tierzero merge -o HISTORY.ndjson [OPTIONS] FILE...\n\n"
            "Merges incident files of any shape (a status page fetch, a PagerDuty or\n"
            "incident.io response, Google Cloud's incidents.json, CSV, gzip) into one\n"
            "history in our NDJSON format, one incident per line ordered by start then\n"
            "id. The same id seen twice keeps the record with the later updated_at,\n"
            "else the one of the later file. Maintenance is kept: incidents' windows in\n"
            "their records, and a Statuspage scheduled-maintenances.json among the\n"
            "files as one line per maintenance, so the history needs no --maintenance.\n"
            "The output may be one of the inputs; it is replaced only when complete.\n"
            "Never touches the network.\n\n"
            "  -o, --out FILE        the history to write (required)\n"
            "      --since DATE      drop incidents that start before DATE (YYYY-MM-DD,\n"
            "                        UTC midnight, or RFC 3339)\n"
            "  -c, --config FILE     its import block maps vendor fields\n"
            "      --strict          any rejected record is fatal: nothing is written\n"
            "  -q, --quiet / -v, --verbose\n\n"
            "Examples:\n"
            "  curl -s https://status.example.com/api/v2/incidents.json |\n"
            "      tierzero merge -o history.ndjson history.ndjson -\n"
            "  tierzero merge -o all.ndjson pagerduty.json incidentio.json.gz "
            "old.csv\n\n%s",
            exit_statuses);
        break;
    default:
        fprintf(
            out,
            "Usage: tierzero COMMAND [OPTIONS] INCIDENTS.json\n\n"
            "Turns an incident history and a release history into the documents of a\n"
            "monthly operational review: SLO attainment, error budgets, release freezes\n"
            "and whether releases are followed by incidents more often than chance.\n\n"
            "Commands:\n"
            "  report       write the PDF, the workbook and the JSON summary\n"
            "  summary      print the key figures (--json: the JSON summary)\n"
            "  check        validate every input, list every problem\n"
            "  gate         release gate: exit 3 when an SLO's budget is exhausted\n"
            "  postmortem   one incident's postmortem PDF\n"
            "  merge        merge incident files of any shape into one NDJSON history\n"
            "  help COMMAND the help of a command\n\n"
            "Incident files: our JSON format, NDJSON, a Statuspage incidents.json,\n"
            "PagerDuty, incident.io, Google Cloud status, CSV; any may be "
            "gzip-compressed;\n"
            "'-' reads standard input. See 'man tierzero' for the formats.\n"
            "Request-based SLOs count good and total requests from Prometheus (live,\n"
            "{\"prometheus\": QUERY}, or saved query_range responses) or CSV exports\n"
            "(\"sli\": {\"kind\": \"events\"} in -c, or an OpenSLO .yaml); when every "
            "SLO\n"
            "does, the incidents file may be left out.\n\n%s",
            exit_statuses);
        break;
    }
}

enum {
    OPT_MONTH = 256,
    OPT_HISTORY,
    OPT_FROM,
    OPT_TO,
    OPT_SLO,
    OPT_TZ,
    OPT_AS_OF,
    OPT_WINDOW,
    OPT_FORMAT,
    OPT_NAME,
    OPT_TEMPLATE,
    OPT_STRICT,
    OPT_VERSION,
    OPT_JSON,
    OPT_SERVICE,
    OPT_BURN,
    OPT_MAX_INPUT,
    OPT_MAX_STRING,
    OPT_MAX_ARRAY,
    OPT_THREADS,
    OPT_MAX_AGE,
    OPT_SINCE,
    OPT_MAINTENANCE,
    OPT_QUARTER,
    OPT_PROMETHEUS,
    OPT_SAVE_SERIES,
};

static const struct option long_options[] = {
    {"releases", required_argument, NULL, 'r'},
    {"config", required_argument, NULL, 'c'},
    {"month", required_argument, NULL, OPT_MONTH},
    {"history", required_argument, NULL, OPT_HISTORY},
    {"from", required_argument, NULL, OPT_FROM},
    {"to", required_argument, NULL, OPT_TO},
    {"slo", required_argument, NULL, OPT_SLO},
    {"tz", required_argument, NULL, OPT_TZ},
    {"as-of", required_argument, NULL, OPT_AS_OF},
    {"window", required_argument, NULL, OPT_WINDOW},
    {"out", required_argument, NULL, 'o'},
    {"format", required_argument, NULL, OPT_FORMAT},
    {"name", required_argument, NULL, OPT_NAME},
    {"template", required_argument, NULL, OPT_TEMPLATE},
    {"strict", no_argument, NULL, OPT_STRICT},
    {"quiet", no_argument, NULL, 'q'},
    {"verbose", no_argument, NULL, 'v'},
    {"help", no_argument, NULL, 'h'},
    {"version", no_argument, NULL, OPT_VERSION},
    {"json", no_argument, NULL, OPT_JSON},
    {"service", required_argument, NULL, OPT_SERVICE},
    {"burn", no_argument, NULL, OPT_BURN},
    {"max-input-bytes", required_argument, NULL, OPT_MAX_INPUT},
    {"max-string-bytes", required_argument, NULL, OPT_MAX_STRING},
    {"max-array-items", required_argument, NULL, OPT_MAX_ARRAY},
    {"threads", required_argument, NULL, OPT_THREADS},
    {"max-age", required_argument, NULL, OPT_MAX_AGE},
    {"since", required_argument, NULL, OPT_SINCE},
    {"maintenance", required_argument, NULL, OPT_MAINTENANCE},
    {"quarter", required_argument, NULL, OPT_QUARTER},
    {"prometheus", required_argument, NULL, OPT_PROMETHEUS},
    {"save-series", required_argument, NULL, OPT_SAVE_SERIES},
    {NULL, 0, NULL, 0},
};

/* The long name of an option's getopt value ("month"), or NULL. */
static const char *long_name_of(int val)
{
    for (const struct option *o = long_options; o->name; o++)
        if (o->val == val)
            return o->name;
    return NULL;
}

/* "--month", or "-r" when the user typed the short form. */
static void option_label(int val, const char *typed, char *buf, size_t size)
{
    const char *name = long_name_of(val);
    if (val < 256 && !(typed && strncmp(typed, "--", 2) == 0))
        snprintf(buf, size, "-%c", val);
    else
        snprintf(buf, size, "--%s", name ? name : "?");
}

#define CMD_BIT(cmd) (1u << (cmd))

/* The commands an option applies to; 0 for every command. */
static unsigned option_commands(int val)
{
    switch (val) {
    case 'o':
        return CMD_BIT(CMD_REPORT) | CMD_BIT(CMD_POSTMORTEM) | CMD_BIT(CMD_MERGE);
    case OPT_SINCE:
        return CMD_BIT(CMD_MERGE);
    case OPT_NAME:
    case OPT_TEMPLATE:
        return CMD_BIT(CMD_REPORT) | CMD_BIT(CMD_POSTMORTEM);
    case OPT_FORMAT:
        return CMD_BIT(CMD_REPORT);
    case OPT_JSON:
        return CMD_BIT(CMD_SUMMARY);
    case OPT_SERVICE:
    case OPT_MAX_AGE:
        return CMD_BIT(CMD_GATE);
    case OPT_BURN:
        return CMD_BIT(CMD_GATE);
    case OPT_SAVE_SERIES:
        return CMD_BIT(CMD_REPORT) | CMD_BIT(CMD_SUMMARY) | CMD_BIT(CMD_GATE);
    default:
        return 0;
    }
}

/* The message for an option getopt_long did not accept: unknown, ambiguous,
 * given a value it does not take, or missing its value. */
static enum t0_status bad_option(int c, const char *typed, struct t0_error *err)
{
    char label[80];
    if (c == ':') {
        option_label(optopt, typed, label, sizeof label);
        return t0_error_set(err, T0_EUSAGE, NULL, NULL, "option '%s' needs a value",
                            label);
    }
    if (!typed || strncmp(typed, "--", 2) != 0) {
        if (optopt > 0 && optopt < 256)
            return t0_error_set(err, T0_EUSAGE, NULL, NULL, "unknown option '-%c'",
                                optopt);
        return t0_error_set(err, T0_EUSAGE, NULL, NULL, "unknown option '%s'",
                            typed ? typed : "");
    }
    const char *name = typed + 2;
    size_t len = strcspn(name, "=");
    const struct option *exact = NULL, *prefix = NULL;
    size_t n_prefix = 0;
    char list[400] = "";
    size_t used = 0;
    for (const struct option *o = long_options; o->name; o++) {
        if (strlen(o->name) == len && strncmp(o->name, name, len) == 0)
            exact = o;
        if (len && strncmp(o->name, name, len) == 0) {
            prefix = o;
            n_prefix++;
            int w = snprintf(list + used, sizeof list - used, "%s--%s", used ? ", " : "",
                             o->name);
            if (w > 0 && (size_t)w < sizeof list - used)
                used += (size_t)w;
        }
    }
    const struct option *match = exact ? exact : n_prefix == 1 ? prefix : NULL;
    if (match && name[len] == '=' && match->has_arg == no_argument)
        return t0_error_set(err, T0_EUSAGE, NULL, NULL, "option '--%s' takes no value",
                            match->name);
    if (!match && n_prefix > 1)
        return t0_error_set(err, T0_EUSAGE, NULL, NULL,
                            "option '--%.*s' is ambiguous (%s)", (int)len, name, list);
    for (const struct option *o = long_options; o->name; o++)
        if (is_typo_of(name, len, o->name))
            return t0_error_set(err, T0_EUSAGE, NULL, NULL,
                                "unknown option '--%.*s' (did you mean '--%s'?)",
                                (int)len, name, o->name);
    return t0_error_set(err, T0_EUSAGE, NULL, NULL, "unknown option '--%.*s'", (int)len,
                        name);
}

/* T0_EUSAGE when the option does not apply to the command. */
static enum t0_status check_applies(enum t0_command cmd, int val, const char *typed,
                                    struct t0_error *err)
{
    unsigned allowed = option_commands(val);
    if (!allowed || cmd == CMD_HELP || (allowed & CMD_BIT(cmd)))
        return T0_OK;
    char label[80], names[80] = "";
    option_label(val, typed, label, sizeof label);
    size_t used = 0;
    size_t left = 0;
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        left += (allowed & CMD_BIT(commands[i].cmd)) != 0;
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++) {
        if (!(allowed & CMD_BIT(commands[i].cmd)))
            continue;
        left--;
        int w = snprintf(names + used, sizeof names - used, "%s'%s'",
                         !used  ? ""
                         : left ? ", "
                                : " and ",
                         commands[i].name);
        if (w > 0 && (size_t)w < sizeof names - used)
            used += (size_t)w;
    }
    return t0_error_set(err, T0_EUSAGE, NULL, NULL,
                        "option '%s' applies only to %s, not to '%s'", label, names,
                        t0_command_name(cmd));
}

static bool parse_size(const char *text, size_t *out)
{
    char *end = NULL;
    errno = 0;
    if (!text || !*text || *text == '-')
        return false;
    unsigned long long v = strtoull(text, &end, 10);
    if (errno || !end || *end || v == 0)
        return false;
    *out = (size_t)v;
    return true;
}

static enum t0_status parse_formats(const char *list, unsigned *out, struct t0_error *err)
{
    static const struct {
        const char *name;
        unsigned bit;
    } names[] = {{"pdf", FMT_PDF},
                 {"xlsx", FMT_XLSX},
                 {"json", FMT_JSON},
                 {"png", FMT_PNG},
                 {"eml", FMT_EML}};
    unsigned bits = 0;
    const char *p = list;
    while (*p) {
        size_t len = strcspn(p, ",");
        bool found = false;
        /* "PDF" and " pdf" are pdf: names compare without case, spaces trimmed. */
        const char *name = p;
        size_t n = len;
        while (n && *name == ' ')
            name++, n--;
        while (n && name[n - 1] == ' ')
            n--;
        for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
            if (strlen(names[i].name) == n && strncasecmp(names[i].name, name, n) == 0) {
                bits |= names[i].bit;
                found = true;
            }
        }
        if (!found && n)
            return t0_error_set(
                err, T0_EUSAGE, NULL, NULL,
                "--format: unknown format '%.*s' (expected pdf, xlsx, json, "
                "png or eml)",
                (int)n, name);
        p += len;
        if (*p == ',')
            p++;
    }
    if (!bits)
        return t0_error_set(err, T0_EUSAGE, NULL, NULL, "--format: no format given");
    *out = bits;
    return T0_OK;
}

static enum t0_status add_service(struct t0_options *opt, const char *name,
                                  struct t0_error *err)
{
    const char **grown = realloc(opt->services, (opt->n_services + 1) * sizeof *grown);
    if (!grown)
        return t0_error_set(err, T0_EUSAGE, NULL, NULL, "out of memory");
    opt->services = grown;
    opt->services[opt->n_services++] = name;
    return T0_OK;
}

/* --maintenance FILE, repeatable (definitions.md §10). */
static enum t0_status add_maintenance(struct t0_options *opt, const char *path,
                                      struct t0_error *err)
{
    const char **grown =
        realloc(opt->maintenance, (opt->n_maintenance + 1) * sizeof *grown);
    if (!grown)
        return t0_error_set(err, T0_EUSAGE, NULL, NULL, "out of memory");
    opt->maintenance = grown;
    opt->maintenance[opt->n_maintenance++] = path;
    return T0_OK;
}

/* Applies one option; T0_EUSAGE with a message on a bad value. */
static enum t0_status apply_option(struct t0_options *opt, int c, const char *arg,
                                   bool *exit_now, struct t0_error *err)
{
    switch (c) {
    case 'r':
        opt->releases = arg;
        break;
    case 'c':
        opt->config = arg;
        break;
    case 'o':
        opt->out_dir = arg;
        break;
    case 'q':
        opt->quiet = true;
        break;
    case 'v':
        opt->verbose = true;
        break;
    case OPT_MONTH:
        opt->month = arg;
        break;
    case OPT_FROM:
        opt->from = arg;
        break;
    case OPT_TO:
        opt->to = arg;
        break;
    case OPT_SLO:
        opt->slo = arg;
        break;
    case OPT_TZ:
        opt->tz = arg;
        break;
    case OPT_PROMETHEUS:
        opt->prometheus = arg;
        break;
    case OPT_SAVE_SERIES:
        opt->save_series = arg;
        break;
    case OPT_AS_OF:
        opt->as_of = arg;
        break;
    case OPT_WINDOW:
        opt->window = arg;
        break;
    case OPT_SINCE:
        opt->since = arg;
        break;
    case OPT_NAME:
        opt->name = arg;
        break;
    case OPT_TEMPLATE:
        opt->template_dir = arg;
        break;
    case OPT_STRICT:
        opt->strict = true;
        break;
    case OPT_JSON:
        opt->json = true;
        break;
    case OPT_SERVICE:
        return add_service(opt, arg, err);
    case OPT_MAINTENANCE:
        return add_maintenance(opt, arg, err);
    case OPT_QUARTER:
        opt->quarter = arg;
        break;
    case OPT_BURN:
        opt->burn = true;
        break;
    case OPT_FORMAT:
        return parse_formats(arg, &opt->formats, err);
    case OPT_HISTORY: {
        size_t n;
        if (!parse_size(arg, &n) || n > 1200)
            return t0_error_set(
                err, T0_EUSAGE, NULL, NULL,
                "--history: expected a number of months from 1 to 1200, got '%s'", arg);
        opt->history = (int)n;
        break;
    }
    case OPT_MAX_AGE: {
        size_t n;
        if (!parse_size(arg, &n) || n > 36500)
            return t0_error_set(
                err, T0_EUSAGE, NULL, NULL,
                "--max-age: expected a number of days from 1 to 36500, got '%s'", arg);
        opt->max_age_days = (int)n;
        break;
    }
    case OPT_THREADS: {
        size_t n;
        if (!parse_size(arg, &n) || n < 1 || n > 8)
            return t0_error_set(err, T0_EUSAGE, NULL, NULL,
                                "--threads: expected a number from 1 to 8, got '%s'",
                                arg);
        opt->limits.threads = (unsigned)n;
        break;
    }
    case OPT_MAX_INPUT:
    case OPT_MAX_STRING:
    case OPT_MAX_ARRAY: {
        size_t n;
        if (!parse_size(arg, &n))
            return t0_error_set(err, T0_EUSAGE, NULL, NULL,
                                "%s: expected a positive whole number, got '%s'",
                                c == OPT_MAX_INPUT    ? "--max-input-bytes"
                                : c == OPT_MAX_STRING ? "--max-string-bytes"
                                                      : "--max-array-items",
                                arg);
        if (c == OPT_MAX_INPUT)
            opt->limits.max_input_bytes = n;
        else if (c == OPT_MAX_STRING)
            opt->limits.max_string_bytes = n;
        else
            opt->limits.max_array_items = n;
        break;
    }
    case 'h':
        t0_print_help(opt->command == CMD_HELP ? CMD_NONE : opt->command, stdout);
        *exit_now = true;
        break;
    case OPT_VERSION:
        printf("tierzero %s\n", T0_VERSION);
        *exit_now = true;
        break;
    default:
        return t0_error_set(err, T0_EUSAGE, NULL, NULL, "unknown option");
    }
    return T0_OK;
}

/* merge: -o FILE and at least one input. */
static enum t0_status merge_arguments(struct t0_options *opt, const char **positional,
                                      size_t n_pos, struct t0_error *err)
{
    if (!opt->out_dir)
        return t0_error_set(err, T0_EUSAGE, NULL, NULL,
                            "merge needs -o HISTORY.ndjson, the history to write");
    if (n_pos == 0)
        return t0_error_set(
            err, T0_EUSAGE, NULL, NULL,
            "merge needs at least one incidents file (- for standard input)");
    opt->files = calloc(n_pos, sizeof *opt->files);
    if (!opt->files)
        return t0_error_set(err, T0_EUSAGE, NULL, NULL, "out of memory");
    memcpy(opt->files, positional, n_pos * sizeof *opt->files);
    opt->n_files = n_pos;
    opt->incidents = positional[0];
    return T0_OK;
}

enum t0_status t0_options_parse(struct t0_options *opt, int argc, char **argv,
                                bool *exit_now, struct t0_error *err)
{
    memset(opt, 0, sizeof *opt);
    *exit_now = false;
    if (argc < 2)
        return t0_error_set(err, T0_EUSAGE, NULL, NULL, "no command given");
    const char *first = argv[1];
    if (strcmp(first, "-h") == 0 || strcmp(first, "--help") == 0) {
        t0_print_help(CMD_NONE, stdout);
        *exit_now = true;
        return T0_OK;
    }
    if (strcmp(first, "--version") == 0) {
        printf("tierzero %s\n", T0_VERSION);
        *exit_now = true;
        return T0_OK;
    }
    opt->command = command_from(first);
    if (opt->command == CMD_NONE)
        return unknown_command(first, err);

    /* getopt_long over the arguments after the command, in GNU order. */
    int sub_argc = argc - 1;
    char **sub_argv = argv + 1;
    const char **positional = calloc((size_t)sub_argc + 1, sizeof *positional);
    if (!positional)
        return t0_error_set(err, T0_EUSAGE, NULL, NULL, "out of memory");
    size_t n_pos = 0;
    optind = 1;
    opterr = 0;
    enum t0_status st = T0_OK;
    for (;;) {
        /* "-": positionals in order (returned as 1); ":": a missing value is ':'. */
        int before = optind;
        int c = getopt_long(sub_argc, sub_argv, "-:r:c:o:qvh", long_options, NULL);
        if (c == -1)
            break;
        if (c == 1) { /* a positional argument, in order */
            positional[n_pos++] = optarg;
            continue;
        }
        /* The argument the option came from (for "-qr FILE" and "--out DIR" alike). */
        const char *typed = before < sub_argc ? sub_argv[before] : NULL;
        if (c == '?' || c == ':') {
            st = bad_option(c, typed, err);
            goto done;
        }
        if ((st = check_applies(opt->command, c, typed, err)) != T0_OK)
            goto done;
        st = apply_option(opt, c, optarg, exit_now, err);
        if (st != T0_OK || *exit_now)
            goto done;
    }
    while (optind < sub_argc)
        positional[n_pos++] = sub_argv[optind++];

    if (opt->command == CMD_HELP) {
        if (n_pos > 1) {
            st = t0_error_set(err, T0_EUSAGE, NULL, NULL, "help takes one command name");
            goto done;
        }
        opt->help_topic = n_pos ? positional[0] : NULL;
        goto done;
    }
    if (opt->command == CMD_MERGE) {
        st = merge_arguments(opt, positional, n_pos, err);
        goto done;
    }
    size_t want = opt->command == CMD_POSTMORTEM ? 2 : 1;
    /* A review of events SLOs only needs no incident file: main checks that
     * every configured SLO is one. */
    if (n_pos == 0 && opt->config && opt->command != CMD_POSTMORTEM)
        want = 0;
    if (n_pos < want) {
        st = t0_error_set(err, T0_EUSAGE, NULL, NULL,
                          want == 2
                              ? "%s needs INCIDENTS.json and an INCIDENT_ID"
                              : "%s needs an incidents file (INCIDENTS.json, or - for "
                                "standard input)",
                          t0_command_name(opt->command));
        goto done;
    }
    if (n_pos > want) {
        st = t0_error_set(err, T0_EUSAGE, NULL, NULL, "unexpected argument '%s'",
                          positional[want]);
        goto done;
    }
    opt->incidents = want ? positional[0] : NULL;
    if (want == 2)
        opt->incident_id = positional[1];
    if ((opt->from != NULL) != (opt->to != NULL)) {
        st = t0_error_set(err, T0_EUSAGE, NULL, NULL, "--from and --to go together");
        goto done;
    }
    if (opt->quarter && (opt->month || opt->history || opt->from || opt->to)) {
        st = t0_error_set(
            err, T0_EUSAGE, NULL, NULL,
            "--quarter cannot be combined with --month, --history, --from or "
            "--to");
        goto done;
    }
    if (opt->from && (opt->month || opt->history)) {
        st = t0_error_set(err, T0_EUSAGE, NULL, NULL,
                          "--from/--to cannot be combined with --month or --history");
        goto done;
    }
done:
    free(positional);
    return st;
}

void t0_options_release(struct t0_options *opt)
{
    free(opt->services);
    opt->services = NULL;
    opt->n_services = 0;
    free(opt->files);
    opt->files = NULL;
    opt->n_files = 0;
    free(opt->maintenance);
    opt->maintenance = NULL;
    opt->n_maintenance = 0;
}
