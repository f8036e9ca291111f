/* fuzz_template.c: libFuzzer harness for template texts (check, expand) and template.json
 * loading. */
#include "fuzz_common.h"

#include <string.h>

#include "tierzero/template.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char dir_path[64];

/* Files a template.json may name: a whole 1x1 PNG, a truncated one, and a
 * symbolic link leading out of the directory. */
static const uint8_t tiny_png[] = {
    0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x48,
    0x44, 0x52, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x02, 0x00, 0x00,
    0x00, 0x90, 0x77, 0x53, 0xDE, 0x00, 0x00, 0x00, 0x0C, 0x49, 0x44, 0x41, 0x54, 0x78,
    0x9C, 0x63, 0xF8, 0xCF, 0xC0, 0x00, 0x00, 0x03, 0x01, 0x01, 0x00, 0xC9, 0xFE, 0x92,
    0xEF, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45, 0x4E, 0x44, 0xAE, 0x42, 0x60, 0x82};
static const char *const side_files[] = {"template.json", "logo.png", "cut.png",
                                         "out.png"};

static void remove_template_dir(void)
{
    char path[128];
    for (size_t i = 0; i < sizeof side_files / sizeof side_files[0]; i++) {
        snprintf(path, sizeof path, "%s/%s", dir_path, side_files[i]);
        unlink(path);
    }
    rmdir(dir_path);
}

static void write_side_file(const char *name, const uint8_t *data, size_t size)
{
    char path[128];
    snprintf(path, sizeof path, "%s/%s", dir_path, name);
    FILE *fp = fopen(path, "wb");
    if (!fp || fwrite(data, 1, size, fp) != size || fclose(fp) != 0)
        abort();
}

/* A directory of our own holding template.json; made once per process and
 * removed at exit. */
static const char *template_dir(void)
{
    if (!dir_path[0]) {
        snprintf(dir_path, sizeof dir_path, "%s", "/tmp/tierzero-fuzz-template.XXXXXX");
        if (!mkdtemp(dir_path))
            abort();
        atexit(remove_template_dir);
        write_side_file("logo.png", tiny_png, sizeof tiny_png);
        write_side_file("cut.png", tiny_png, sizeof tiny_png - 20);
        char link[128];
        snprintf(link, sizeof link, "%s/out.png", dir_path);
        if (symlink("/etc/hostname", link) != 0)
            abort();
    }
    return dir_path;
}

static void fill_vars(struct t0_template_vars *vars, uint8_t bits)
{
    memset(vars, 0, sizeof *vars);
    for (int i = 0; i < T0_PH_COUNT; i++)
        /* Values that look like tags must come out as they are. */
        vars->values[i] = (i % 3 == 0) ? "{{title}}" : (i % 3 == 1) ? "v" : NULL;
    for (int f = 0; f < T0_FLAG_COUNT; f++)
        vars->flags[f] = (bits >> f) & 1;
}

static void expand_checked(const char *text, uint8_t bits)
{
    struct t0_template_vars vars;
    fill_vars(&vars, bits);
    char *out = t0_template_expand(text, &vars);
    if (!out)
        abort();
    if (strlen(out) > 64 * 1024)
        abort();
    free(out);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    uint8_t bits = size ? data[0] : 0;

    /* 1. The text checker on an exact-size copy (no terminator to lean on). */
    char *text = malloc(size + 1);
    if (!text)
        return 0;
    memcpy(text, data, size);
    size_t offset = 0;
    char msg[200] = "";
    bool ok = t0_template_check_text(text, size, &offset, msg, sizeof msg);
    if (!ok && (offset > size || !msg[0]))
        abort();
    /* 2. Expansion of a checked text (expansion takes a C string). */
    text[size] = '\0';
    if (ok && !memchr(text, '\0', size))
        expand_checked(text, bits);
    free(text);

    /* 3. The same bytes as a template's template.json. */
    char path[128];
    snprintf(path, sizeof path, "%s/template.json", template_dir());
    FILE *fp = fopen(path, "wb");
    if (!fp)
        abort();
    if (size && fwrite(data, 1, size, fp) != size)
        abort();
    if (fclose(fp) != 0)
        abort();
    struct t0_template *tpl = NULL;
    struct t0_error err;
    t0_error_clear(&err);
    if (t0_template_load(template_dir(), NULL, &tpl, &err) == T0_OK) {
        for (int t = 0; t < T0_TEXT_COUNT; t++) {
            const char *s = t0_template_text(tpl, (enum t0_text)t);
            if (s)
                expand_checked(s, bits);
        }
        size_t n = 0;
        const enum t0_section *sections = t0_template_sections(tpl, &n);
        for (size_t i = 0; i < n; i++)
            if ((int)sections[i] < 0 || sections[i] >= T0_SECTION_COUNT)
                abort();
        t0_template_free(tpl);
    } else if (!err.text[0]) {
        abort();
    }
    return 0;
}
