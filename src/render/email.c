/* email.c: building the review e-mail as a MIME message, without sending it. */
#include "tierzero/email.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dynbuf.h"
#include "tierzero/figures.h"
#include "tierzero/format.h"
#include "tierzero/narrative.h"
#include "tierzero/output.h"
#include "tierzero/quarters.h"

/* An e-mail larger than this is not one anybody would send. */
#define EMAIL_MAX_BYTES ((size_t)256 << 20)

static bool is_ascii_printable(const char *s)
{
    for (; *s; s++)
        if ((unsigned char)*s < 0x20 || (unsigned char)*s > 0x7e)
            return false;
    return true;
}

static const char b64[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

static void base64_chunk(struct t0_dynbuf *b, const unsigned char *in, size_t len)
{
    char out[4];
    for (size_t i = 0; i < len; i += 3) {
        uint32_t v = (uint32_t)in[i] << 16;
        if (i + 1 < len)
            v |= (uint32_t)in[i + 1] << 8;
        if (i + 2 < len)
            v |= in[i + 2];
        out[0] = b64[(v >> 18) & 63];
        out[1] = b64[(v >> 12) & 63];
        out[2] = i + 1 < len ? b64[(v >> 6) & 63] : '=';
        out[3] = i + 2 < len ? b64[v & 63] : '=';
        t0_dynbuf_add(b, out, 4);
    }
}

/* Base64 in lines of 76 characters (57 input bytes). */
static void base64_lines(struct t0_dynbuf *b, const unsigned char *in, size_t len)
{
    for (size_t i = 0; i < len; i += 57) {
        base64_chunk(b, in + i, len - i < 57 ? len - i : 57);
        t0_dynbuf_addstr(b, "\r\n");
    }
}

/* Complete UTF-8 sequence length starting at s (1 for a stray byte). */
static size_t utf8_len(const unsigned char *s, size_t left)
{
    size_t n = *s < 0x80 ? 1 : *s >= 0xf0 ? 4 : *s >= 0xe0 ? 3 : *s >= 0xc0 ? 2 : 1;
    return n > left ? left : n;
}

/* A header, folded, with RFC 2047 B-encoded words when it is not plain
 * ASCII; words never split a UTF-8 character. */
static void header(struct t0_dynbuf *b, const char *name, const char *value)
{
    if (is_ascii_printable(value)) {
        /* Fold plain text at spaces so lines stay within 78 characters. */
        size_t col = strlen(name) + 1;
        t0_dynbuf_printf(b, "%s:", name);
        const char *p = value;
        while (*p) {
            size_t word = strcspn(p + 1, " ") + 1;
            if (col + word > 78 && col > strlen(name) + 1) {
                t0_dynbuf_addstr(b, "\r\n");
                col = 0;
            }
            if (*p != ' ')
                t0_dynbuf_addstr(b, " "), col++;
            t0_dynbuf_add(b, p, word);
            col += word;
            p += word;
        }
        t0_dynbuf_addstr(b, "\r\n");
        return;
    }
    t0_dynbuf_printf(b, "%s:", name);
    const unsigned char *p = (const unsigned char *)value;
    size_t left = strlen(value);
    while (left) {
        /* 45 bytes encode to 60 characters: " =?UTF-8?B?" + 60 + "?=" = 73 */
        size_t take = 0;
        while (take < left) {
            size_t n = utf8_len(p + take, left - take);
            if (take + n > 45)
                break;
            take += n;
        }
        if (!take)
            take = utf8_len(p, left);
        t0_dynbuf_addstr(b, " =?UTF-8?B?");
        base64_chunk(b, p, take);
        t0_dynbuf_addstr(b, "?=\r\n");
        p += take;
        left -= take;
    }
}

/* Quoted-printable (RFC 2045) of UTF-8 text with \n line ends. */
static void quoted_printable(struct t0_dynbuf *b, const char *text)
{
    size_t col = 0;
    for (const unsigned char *p = (const unsigned char *)text; *p; p++) {
        if (*p == '\n') {
            t0_dynbuf_addstr(b, "\r\n");
            col = 0;
            continue;
        }
        char enc[4];
        bool plain = (*p >= 33 && *p <= 126 && *p != '=') ||
                     (*p == ' ' && p[1] != '\n' && p[1] != '\0');
        size_t width = plain ? 1 : 3;
        if (col + width > 75) {
            t0_dynbuf_addstr(b, "=\r\n");
            col = 0;
        }
        if (plain) {
            t0_dynbuf_add(b, (const char *)p, 1);
        } else {
            snprintf(enc, sizeof enc, "=%02X", *p);
            t0_dynbuf_add(b, enc, 3);
        }
        col += width;
    }
    t0_dynbuf_addstr(b, "\r\n");
}

static void html_escape(struct t0_dynbuf *b, const char *s)
{
    for (; *s; s++) {
        switch (*s) {
        case '&':
            t0_dynbuf_addstr(b, "&amp;");
            break;
        case '<':
            t0_dynbuf_addstr(b, "&lt;");
            break;
        case '>':
            t0_dynbuf_addstr(b, "&gt;");
            break;
        case '"':
            t0_dynbuf_addstr(b, "&quot;");
            break;
        default:
            t0_dynbuf_add(b, s, 1);
            break;
        }
    }
}

static void address_list(struct t0_dynbuf *b, const char *name, char **list, size_t n)
{
    if (!n)
        return;
    struct t0_dynbuf v;
    t0_dynbuf_init(&v, EMAIL_MAX_BYTES);
    for (size_t i = 0; i < n; i++) {
        if (i)
            t0_dynbuf_addstr(&v, ", ");
        t0_dynbuf_addstr(&v, list[i]);
    }
    if (!v.failed && v.data)
        header(b, name, v.data);
    b->failed |= v.failed;
    free(v.data);
}

/* FNV-1a, for a Message-ID and boundary that are the same for the same
 * report (reproducible output). */
static uint64_t fnv1a(const void *data, size_t len, uint64_t h)
{
    const unsigned char *p = data;
    for (size_t i = 0; i < len; i++) {
        h ^= p[i];
        h *= 1099511628211ULL;
    }
    return h;
}

/* The headline lines shared by both bodies: "label", "value" pairs. */
struct headline {
    char label[64];
    char value[512];
};

/* One window's figures as a headline value. */
static void window_headline(const struct t0_report *rep, size_t s,
                            const struct t0_slo_window *w, struct headline *h)
{
    char obj[32], att[32], used[32], status[32];
    snprintf(h->value, sizeof h->value, "%s against %s, %s of the budget used (%s)",
             t0_format_window_figure(rep, w, T0_FIG_ATTAINMENT, att, sizeof att),
             t0_format_objective(rep->slos[s].slo->objective_pct, obj, sizeof obj),
             t0_format_window_figure(rep, w, T0_FIG_BUDGET_CONSUMED, used, sizeof used),
             t0_format_window_figure(rep, w, T0_FIG_STATUS, status, sizeof status));
}

/* definitions.md §10: with --quarter, each SLO's quarter first, then the first SLO's
 * three months beneath it. */
static size_t quarter_headlines(const struct t0_report *rep, struct headline *h,
                                size_t max)
{
    size_t n = 0;
    char month[48];
    if (!rep->has_quarter || t0_report_count(rep, T0_WINDOW_QUARTER) == 0)
        return 0;
    for (size_t s = 0; s < rep->n_slos && n < max; s++, n++) {
        snprintf(h[n].label, sizeof h[n].label, "%s, %s", rep->slos[s].slo->name,
                 rep->quarter.label);
        window_headline(rep, s, t0_report_window(rep, s, T0_WINDOW_QUARTER, 0), &h[n]);
    }
    for (size_t i = 0; i < t0_report_months(rep) && n < max && rep->n_slos; i++, n++) {
        snprintf(
            h[n].label, sizeof h[n].label, "%s, %s", rep->slos[0].slo->name,
            t0_format_month_long(t0_report_month(rep, 0, i)->month, month, sizeof month));
        window_headline(rep, 0, t0_report_month(rep, 0, i), &h[n]);
    }
    return n;
}

static size_t headlines(const struct t0_report *rep, struct headline *h, size_t max)
{
    size_t n = quarter_headlines(rep, h, max);
    /* With a quarter, the review month is among the months shown above. */
    for (size_t s = rep->has_quarter ? rep->n_slos : 0; s < rep->n_slos && n < max; s++) {
        const struct t0_slo_window *w = t0_report_review_window(rep, s);
        char obj[32], att[32], used[32];
        snprintf(h[n].label, sizeof h[n].label, "%s", rep->slos[s].slo->name);
        snprintf(h[n].value, sizeof h[n].value,
                 "%s against %s, %s of the budget used (%s)",
                 t0_format_attainment(w->attainment_pct, att, sizeof att),
                 t0_format_objective(rep->slos[s].slo->objective_pct, obj, sizeof obj),
                 t0_format_pct(w->budget_consumed_pct, used, sizeof used),
                 t0_slo_status_label(w->status));
        if (w->unit == T0_UNIT_EVENTS) { /* "; 1.2 M bad of 1.4 G requests" */
            char bad[64];
            size_t len = strlen(h[n].value);
            snprintf(h[n].value + len, sizeof h[n].value - len, "; %s",
                     t0_window_bad_text(w, bad, sizeof bad));
        }
        n++;
    }
    if (n < max) {
        char mttr[32];
        snprintf(h[n].label, sizeof h[n].label, "Incidents in the period");
        if (t0_value_defined(rep->stats.mttr_minutes.median))
            snprintf(h[n].value, sizeof h[n].value, "%zu, median time to resolve %s",
                     rep->stats.count,
                     t0_format_duration(rep->stats.mttr_minutes.median.value, mttr,
                                        sizeof mttr));
        else if (rep->stats.count)
            snprintf(h[n].value, sizeof h[n].value, "%zu, time to resolve %s",
                     rep->stats.count, t0_null_label(rep->stats.mttr_minutes.median));
        else
            snprintf(h[n].value, sizeof h[n].value, "%zu", rep->stats.count);
        n++;
    }
    if (n < max && rep->has_releases &&
        t0_value_defined(rep->correlation.share_after_release) &&
        t0_value_defined(rep->correlation.coverage)) {
        snprintf(h[n].label, sizeof h[n].label, "Incidents after a release");
        snprintf(h[n].value, sizeof h[n].value,
                 "%.0f%% began within %.0f h of a release; those windows cover %.0f%% of "
                 "the time",
                 rep->correlation.share_after_release.value * 100,
                 rep->correlation.window_hours, rep->correlation.coverage.value * 100);
        n++;
    }
    if (n < max && rep->has_releases) {
        /* the attributable share, in the executive summary's words */
        snprintf(h[n].label, sizeof h[n].label, "Incidents releases explain");
        t0_attribution_sentence(rep, h[n].value, sizeof h[n].value);
        n++;
    }
    if (n < max) {
        snprintf(h[n].label, sizeof h[n].label, "Release freeze");
        t0_freeze_text(rep, h[n].value, sizeof h[n].value);
        n++;
    }
    return n;
}

static bool read_file(const char *path, unsigned char **data, size_t *len,
                      struct t0_error *err)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        t0_error_set(err, T0_EOUTPUT, path, NULL, "unable to read the PDF to attach");
        return false;
    }
    struct t0_dynbuf b;
    t0_dynbuf_init(&b, EMAIL_MAX_BYTES);
    char chunk[65536];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
        t0_dynbuf_add(&b, chunk, n);
    bool ok = !ferror(f) && !b.failed;
    fclose(f);
    if (!ok) {
        free(b.data);
        t0_error_set(err, T0_EOUTPUT, path, NULL, "unable to read the PDF to attach");
        return false;
    }
    *data = (unsigned char *)b.data;
    *len = b.len;
    return true;
}

static const char *base_name(const char *path)
{
    const char *slash = strrchr(path, '/');
    return slash ? slash + 1 : path;
}

static void text_body(struct t0_dynbuf *b, const struct t0_report *rep,
                      const char *verdict, const struct headline *h, size_t n,
                      const char *pdf_name)
{
    char month[32];
    struct t0_dynbuf t;
    t0_dynbuf_init(&t, EMAIL_MAX_BYTES);
    t0_dynbuf_printf(&t, "%s: %s\n\n%s.\n\n", rep->config->title,
                     t0_format_month_long(rep->review, month, sizeof month), verdict);
    for (size_t i = 0; i < n; i++)
        t0_dynbuf_printf(&t, "- %s: %s\n", h[i].label, h[i].value);
    if (pdf_name)
        t0_dynbuf_printf(&t, "\nThe full review is attached (%s).\n", pdf_name);
    t0_dynbuf_addstr(&t, "\n-- \nMade by tierzero " T0_VERSION "\n");
    if (!t.failed)
        quoted_printable(b, t.data);
    b->failed |= t.failed;
    free(t.data);
}

static void html_body(struct t0_dynbuf *b, const struct t0_report *rep,
                      const char *verdict, const struct headline *h, size_t n,
                      const char *pdf_name)
{
    char month[32];
    struct t0_dynbuf t;
    t0_dynbuf_init(&t, EMAIL_MAX_BYTES);
    t0_dynbuf_addstr(
        &t, "<!DOCTYPE html>\n<html><body style=\"font-family: 'DejaVu Sans', "
            "Helvetica, Arial, sans-serif; color: #1A1A1A; max-width: 40em\">\n");
    t0_dynbuf_addstr(&t, "<p style=\"color: #6B6B6B; font-size: 90%\">");
    html_escape(&t, rep->config->title);
    t0_dynbuf_addstr(&t, " &middot; ");
    html_escape(&t, t0_format_month_long(rep->review, month, sizeof month));
    t0_dynbuf_addstr(&t, "</p>\n<h1 style=\"font-size: 130%\">");
    html_escape(&t, verdict);
    t0_dynbuf_addstr(&t, ".</h1>\n<table style=\"border-collapse: collapse\">\n");
    for (size_t i = 0; i < n; i++) {
        t0_dynbuf_printf(
            &t,
            "<tr style=\"background: %s\"><th style=\"text-align: left; padding: "
            "4px 12px 4px 0\">",
            i % 2 ? "#FFFFFF" : "#F5F5F5");
        html_escape(&t, h[i].label);
        t0_dynbuf_addstr(&t, "</th><td style=\"padding: 4px 0\">");
        html_escape(&t, h[i].value);
        t0_dynbuf_addstr(&t, "</td></tr>\n");
    }
    t0_dynbuf_addstr(&t, "</table>\n");
    if (pdf_name) {
        t0_dynbuf_addstr(&t, "<p>The full review is attached (");
        html_escape(&t, pdf_name);
        t0_dynbuf_addstr(&t, ").</p>\n");
    }
    t0_dynbuf_addstr(&t, "</body></html>\n");
    if (!t.failed)
        quoted_printable(b, t.data);
    b->failed |= t.failed;
    free(t.data);
}

char *t0_email_build(const struct t0_report *rep, const char *pdf_path,
                     struct t0_error *err)
{
    unsigned char *pdf = NULL;
    size_t pdf_len = 0;
    bool attach = pdf_path && *pdf_path;
    if (t0_report_months(rep) == 0) {
        t0_error_set(err, T0_EINPUT, "", NULL, T0_REPORT_NO_MONTH);
        return NULL;
    }
    if (attach && !read_file(pdf_path, &pdf, &pdf_len, err))
        return NULL;
    const struct t0_config *cfg = rep->config;
    char verdict[512], short_verdict[256], month[32], subject[512], date[64];
    t0_verdict(rep, verdict, sizeof verdict);
    t0_verdict_short(rep, short_verdict, sizeof short_verdict);
    char quarter[128];
    if (rep->has_quarter) /* definitions.md §10: a quarterly review leads with its quarter
                           */
        snprintf(subject, sizeof subject, "%s, %s: %s", cfg->title,
                 t0_quarter_label_long(rep, quarter, sizeof quarter), short_verdict);
    else
        snprintf(subject, sizeof subject, "%s, %s: %s", cfg->title,
                 t0_format_month_long(rep->review, month, sizeof month), short_verdict);
    t0_ms created = t0_creation_time();
    t0_format_rfc5322(created, date, sizeof date);
    uint64_t h = fnv1a(verdict, strlen(verdict), 1469598103934665603ULL);
    h = fnv1a(&created, sizeof created, h);
    h = fnv1a(pdf ? (const void *)pdf : "", pdf_len, h);

    struct headline lines[16];
    size_t n = headlines(rep, lines, sizeof lines / sizeof lines[0]);
    const char *pdf_name = attach ? base_name(pdf_path) : NULL;

    struct t0_dynbuf b;
    t0_dynbuf_init(&b, EMAIL_MAX_BYTES);
    header(&b, "From",
           cfg->email_from && *cfg->email_from ? cfg->email_from
                                               : "tierzero <tierzero@localhost>");
    if (cfg->n_email_to)
        address_list(&b, "To", cfg->email_to, cfg->n_email_to);
    else
        header(&b, "To", "undisclosed-recipients:;");
    address_list(&b, "Cc", cfg->email_cc, cfg->n_email_cc);
    header(&b, "Subject", subject);
    header(&b, "Date", date);
    t0_dynbuf_printf(&b, "Message-ID: <%016llx.review@tierzero.invalid>\r\n",
                     (unsigned long long)h);
    t0_dynbuf_addstr(&b, "MIME-Version: 1.0\r\n");
    t0_dynbuf_printf(
        &b, "Content-Type: multipart/mixed; boundary=\"=_mixed_%016llx\"\r\n\r\n",
        (unsigned long long)h);
    t0_dynbuf_addstr(&b, "This is a MIME message.\r\n\r\n");
    t0_dynbuf_printf(&b, "--=_mixed_%016llx\r\n", (unsigned long long)h);
    t0_dynbuf_printf(
        &b, "Content-Type: multipart/alternative; boundary=\"=_alt_%016llx\"\r\n\r\n",
        (unsigned long long)h);
    t0_dynbuf_printf(&b, "--=_alt_%016llx\r\n", (unsigned long long)h);
    t0_dynbuf_addstr(&b, "Content-Type: text/plain; charset=UTF-8\r\n"
                         "Content-Transfer-Encoding: quoted-printable\r\n\r\n");
    text_body(&b, rep, verdict, lines, n, pdf_name);
    t0_dynbuf_printf(&b, "\r\n--=_alt_%016llx\r\n", (unsigned long long)h);
    t0_dynbuf_addstr(&b, "Content-Type: text/html; charset=UTF-8\r\n"
                         "Content-Transfer-Encoding: quoted-printable\r\n\r\n");
    html_body(&b, rep, verdict, lines, n, pdf_name);
    t0_dynbuf_printf(&b, "\r\n--=_alt_%016llx--\r\n", (unsigned long long)h);
    if (attach) {
        t0_dynbuf_printf(&b, "\r\n--=_mixed_%016llx\r\n", (unsigned long long)h);
        /* The file name is ours (BASE.pdf): printable ASCII unless --name
         * says otherwise, in which case it is RFC 2047 encoded. */
        if (is_ascii_printable(pdf_name) && !strchr(pdf_name, '"')) {
            t0_dynbuf_printf(&b, "Content-Type: application/pdf; name=\"%s\"\r\n",
                             pdf_name);
            t0_dynbuf_printf(&b, "Content-Disposition: attachment; filename=\"%s\"\r\n",
                             pdf_name);
        } else {
            t0_dynbuf_addstr(&b, "Content-Type: application/pdf\r\n");
            t0_dynbuf_addstr(
                &b, "Content-Disposition: attachment; filename=\"review.pdf\"\r\n");
        }
        t0_dynbuf_addstr(&b, "Content-Transfer-Encoding: base64\r\n\r\n");
        base64_lines(&b, pdf, pdf_len);
    }
    t0_dynbuf_printf(&b, "\r\n--=_mixed_%016llx--\r\n", (unsigned long long)h);
    free(pdf);
    if (b.failed) {
        free(b.data);
        t0_error_set(err, T0_EOUTPUT, NULL, NULL, "out of memory building the e-mail");
        return NULL;
    }
    return b.data;
}

enum t0_status t0_email_write(const struct t0_report *rep, const char *pdf_path,
                              const char *path, struct t0_error *err)
{
    char *text = t0_email_build(rep, pdf_path, err);
    if (!text)
        return T0_EOUTPUT;
    struct t0_atomic out;
    enum t0_status st = t0_atomic_open(&out, path, err);
    if (st == T0_OK) {
        fputs(text, out.fp);
        st = t0_atomic_commit(&out, err);
    }
    free(text);
    return st;
}
