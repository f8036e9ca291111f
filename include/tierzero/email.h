/* email.h: the review as a ready-to-send MIME message (definitions.md §5 "Email"). */
#ifndef TIERZERO_EMAIL_H
#define TIERZERO_EMAIL_H

#include <stddef.h>

#include "tierzero/error.h"
#include "tierzero/report.h"

/*
 * Writes path atomically: an RFC 5322 message with headers from the
 * configuration's email block (From, To, Cc), a Subject with the month and
 * the verdict, a Date from the creation time (SOURCE_DATE_EPOCH), a
 * multipart/alternative plain-text and HTML body with the headline figures,
 * and the PDF at pdf_path attached (base64). Lines stay within 78
 * characters; non-ASCII header text is RFC 2047 encoded, bodies are
 * quoted-printable UTF-8. Nothing is sent: `sendmail -t < FILE` sends it.
 * pdf_path may be NULL or "" for a message without attachment.
 */
enum t0_status t0_email_write(const struct t0_report *rep, const char *pdf_path,
                              const char *path, struct t0_error *err);

/* The whole message as text. new (free()); NULL with err set on failure. */
char *t0_email_build(const struct t0_report *rep, const char *pdf_path,
                     struct t0_error *err);

#endif
