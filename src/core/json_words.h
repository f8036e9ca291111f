/* json_words.h: Jansson's refusals of legal JSON, said in tierzero's words. */
#ifndef TIERZERO_JSON_WORDS_H
#define TIERZERO_JSON_WORDS_H

#include <jansson.h>

/* The message for a document Jansson could not load: its own text, except
 * where that names a library flag (\u0000 "without JSON_ALLOW_NUL"). */
static inline const char *t0_json_error_words(const json_error_t *je)
{
    switch (json_error_code(je)) {
    case json_error_null_character:
        return "a string holds \\u0000, which tierzero does not accept";
    case json_error_null_byte_in_key:
        return "a key holds \\u0000, which tierzero does not accept";
    default:
        return je->text;
    }
}

#endif
