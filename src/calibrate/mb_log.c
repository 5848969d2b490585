/* SPDX-License-Identifier: GPL-2.0-only */
/* The micro-bench log reader (see mb_log.h). One pass over the lines with a small
 * state machine: before the table (anything that is not a row of a micro-bench test
 * is chatter and ignored), inside it (every line is a row, a blank, or the line that
 * ends the table), after it (a stray row is an error). */
#include "calibrate/mb_log.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "calibrate/calib_tests.h"
#include "util/escape.h"
#include "util/input_file.h"
#include "util/xalloc.h"

/* ---- lines and tokens -------------------------------------------------------- */

enum { MAX_TOKENS = 16 };

struct token {
    const char *s;
    size_t n;
    uint32_t col;       /* 1-based, in the original line */
};

struct line {
    uint32_t no;
    const char *start;  /* the original line */
    size_t len;         /* without the line break and a trailing CR */
    struct token tok[MAX_TOKENS];
    size_t n_tok;       /* tokens kept (at most MAX_TOKENS) */
    size_t n_all;       /* tokens on the line */
};

static bool is_space(char c) { return c == ' ' || c == '\t' || c == '\f' || c == '\v'; }
static bool is_digit(char c) { return c >= '0' && c <= '9'; }

/* Mail quoting: leading '>' marks, each possibly followed by blanks ("> > "). */
static size_t quote_prefix(const char *s, size_t n)
{
    size_t i = 0;
    while (i < n && is_space(s[i]))
        i++;
    if (i == n || s[i] != '>')
        return 0;
    while (i < n && (s[i] == '>' || is_space(s[i])))
        i++;
    return i;
}

static void tokenize(struct line *ln)
{
    size_t i = quote_prefix(ln->start, ln->len);
    ln->n_tok = ln->n_all = 0;
    while (i < ln->len) {
        while (i < ln->len && is_space(ln->start[i]))
            i++;
        if (i == ln->len)
            break;
        size_t b = i;
        while (i < ln->len && !is_space(ln->start[i]))
            i++;
        if (ln->n_tok < MAX_TOKENS)
            ln->tok[ln->n_tok++] = (struct token){ln->start + b, i - b, (uint32_t)b + 1};
        ln->n_all++;
    }
}

static bool tok_is(const struct token *t, const char *word)
{
    return t->n == strlen(word) && memcmp(t->s, word, t->n) == 0;
}

static bool tok_is_identifier(const struct token *t)
{
    if (t->n == 0 || is_digit(t->s[0]))
        return false;
    for (size_t i = 0; i < t->n; i++) {
        char c = t->s[i];
        if (!(is_digit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'))
            return false;
    }
    return true;
}

/* Does the token start like a number (what follows a test name in a row)? */
static bool tok_numeric_start(const struct token *t)
{
    size_t i = t->n > 1 && t->s[0] == '-' ? 1 : 0;
    return is_digit(t->s[i]);
}

/* The column just after the last token, for "something is missing here". */
static uint32_t line_end_col(const struct line *ln)
{
    const struct token *t = &ln->tok[ln->n_tok - 1];
    return t->col + (uint32_t)t->n;
}

/* ---- numbers ----------------------------------------------------------------- */

/* Nanoseconds as micro-bench prints them: digits, optionally '.' and digits. It prints
 * them with %lu, so a '-' never comes from micro-bench: a negative figure is a malformed
 * log (exit 2), not a measurement to skip. Returns NULL on success, or what is wrong. */
static const char *parse_ns(const struct token *t, double *out)
{
    size_t i = 0;
    if (t->s[0] == '-')
        return "is negative (micro-bench prints unsigned figures: the log was edited or is "
               "not micro-bench's)";
    uint64_t whole = 0, frac = 0, scale = 1;
    size_t digits = 0;
    while (i < t->n && is_digit(t->s[i])) {
        if (++digits > 15)
            return "is too large to be a latency in nanoseconds";
        whole = whole * 10 + (uint64_t)(t->s[i++] - '0');
    }
    if (digits == 0)
        return "is not a number of nanoseconds";
    if (i < t->n && t->s[i] == '.') {
        i++;
        size_t fd = 0;
        while (i < t->n && is_digit(t->s[i])) {
            if (++fd > 9)
                return "has too many decimals";
            frac = frac * 10 + (uint64_t)(t->s[i++] - '0');
            scale *= 10;
        }
        if (fd == 0)
            return "is not a number of nanoseconds (no digit after the '.')";
    }
    if (i < t->n) {
        if (t->s[t->n - 1] == '=')
            return "is not a number of nanoseconds (a quoted-printable soft line break: "
                   "paste the decoded text of the mail, not its source)";
        return "is not a number of nanoseconds";
    }
    *out = (double)whole + (double)frac / (double)scale;
    return NULL;
}

/* ---- the reader ------------------------------------------------------------- */

enum table_state { BEFORE_TABLE, IN_TABLE, AFTER_TABLE };

struct reader {
    const char *name;
    struct mb_log *log;
    struct diag_list *diags;
    size_t errors;
    enum table_state state;
    uint32_t table_end;          /* the line that ended the table */
    bool expect_ns;              /* the header was cut after "avg": "ns" may follow alone */
    struct mb_row *wrapped;      /* a row still waiting for its average */
    uint32_t wrapped_col;        /* where the average should have been */
    size_t rows_cap;
    bool stop;
};

__attribute__((format(printf, 4, 5)))
static void error_at(struct reader *r, uint32_t line, uint32_t col, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *msg = xvasprintf(fmt, ap);
    va_end(ap);
    diag_add(r->diags, r->name, line, col, "%s", msg);
    free(msg);
    r->errors++;
}

static const struct mb_row *find_row(const struct mb_log *log, const char *s, size_t n)
{
    for (size_t i = 0; i < log->n_rows; i++)
        if (strlen(log->rows[i].name) == n && memcmp(log->rows[i].name, s, n) == 0)
            return &log->rows[i];
    return NULL;
}

static struct mb_row *add_row(struct reader *r, const struct line *ln)
{
    const struct token *name = &ln->tok[0];
    const struct mb_row *dup = find_row(r->log, name->s, name->n);
    if (dup) {
        error_at(r, ln->no, name->col, "'%s' appears twice (first at line %u): calibrate "
                 "fits one run; keep one table", ESCN(name->s, name->n), dup->line);
        return NULL;
    }
    if (r->log->n_rows == r->rows_cap) {
        r->rows_cap = r->rows_cap ? 2 * r->rows_cap : 16;
        r->log->rows = xrealloc(r->log->rows, r->rows_cap * sizeof(*r->log->rows));
    }
    struct mb_row *row = &r->log->rows[r->log->n_rows++];
    *row = (struct mb_row){.name = xstrndup(name->s, name->n), .line = ln->no, .col = name->col};
    return row;
}

/* Checks a row's two figures once both are known. */
static void check_figures(struct reader *r, const struct mb_row *row, uint32_t line,
                          uint32_t avg_col)
{
    if (row->avg_ns >= 0 && row->total_ns >= 0 && row->avg_ns > row->total_ns)
        error_at(r, line, avg_col, "%s: avg ns %.1f is larger than total ns %.1f (the average "
                 "of one or more runs cannot exceed their sum)", row->name, row->avg_ns,
                 row->total_ns);
}

static bool number_at(struct reader *r, const struct line *ln, const struct token *t,
                      const char *row, const char *what, double *out)
{
    const char *why = parse_ns(t, out);
    if (!why)
        return true;
    error_at(r, ln->no, t->col, "%s: %s '%s' %s", row, what, ESCN(t->s, t->n), why);
    return false;
}

static void read_row(struct reader *r, const struct line *ln)
{
    const struct token *tok = ln->tok;
    struct mb_row *row = add_row(r, ln);
    if (!row)
        return;
    if (ln->n_all == 3 && tok_is(&tok[1], "test") && tok_is(&tok[2], "skipped")) {
        row->skipped = true;
        return;
    }
    if (!number_at(r, ln, &tok[1], row->name, "total ns", &row->total_ns))
        return;
    if (ln->n_all == 2) {
        /* Wrapped by a mail client after the total: the average comes next. */
        r->wrapped = row;
        r->wrapped_col = line_end_col(ln) + 1;
        return;
    }
    if (!number_at(r, ln, &tok[2], row->name, "avg ns", &row->avg_ns))
        return;
    if (ln->n_all > 3) {
        error_at(r, ln->no, tok[3].col, "%s: unexpected '%s' after avg ns (a row is NAME "
                 "TOTAL_NS AVG_NS)", row->name, ESCN(tok[3].s, tok[3].n));
        return;
    }
    check_figures(r, row, ln->no, tok[2].col);
}

static bool is_header(const struct line *ln)
{
    static const char *const words[] = {"name", "total", "ns", "avg", "ns"};
    if (ln->n_all < 4 || ln->n_all > 5)
        return false;
    for (size_t i = 0; i < ln->n_all; i++)
        if (!tok_is(&ln->tok[i], words[i]))
            return false;
    return true;
}

static bool is_rule(const struct line *ln)
{
    if (ln->n_all != 1 || ln->tok[0].n < 3)
        return false;
    for (size_t i = 0; i < ln->tok[0].n; i++)
        if (ln->tok[0].s[i] != '-')
            return false;
    return true;
}

/* "Timer Frequency 25000000 Hz (Output in microseconds)" */
static bool read_timer(struct reader *r, const struct line *ln)
{
    if (ln->n_all < 4 || !tok_is(&ln->tok[0], "Timer") || !tok_is(&ln->tok[1], "Frequency"))
        return false;
    const struct token *t = &ln->tok[2];
    uint64_t hz = 0;
    bool ok = t->n > 0 && t->n <= 12;
    for (size_t i = 0; ok && i < t->n; i++) {
        ok = is_digit(t->s[i]);
        hz = hz * 10 + (uint64_t)(t->s[i] - '0');
    }
    if (!ok || hz == 0) {
        error_at(r, ln->no, t->col, "Timer Frequency '%s' is not a frequency in Hz",
                 ESCN(t->s, t->n));
        return true;
    }
    if (r->log->has_timer && r->log->timer_hz != hz)
        error_at(r, ln->no, t->col, "a second Timer Frequency (%llu Hz; the first said %llu "
                 "Hz): calibrate fits one run of one host", (unsigned long long)hz,
                 (unsigned long long)r->log->timer_hz);
    r->log->has_timer = true;
    r->log->timer_hz = hz;
    return true;
}

/* NAME followed by a figure, or NAME test skipped. */
static bool looks_like_row(const struct line *ln)
{
    if (ln->n_all < 2 || !tok_is_identifier(&ln->tok[0]))
        return false;
    if (ln->n_all == 3 && tok_is(&ln->tok[1], "test") && tok_is(&ln->tok[2], "skipped"))
        return true;
    return tok_numeric_start(&ln->tok[1]);
}

static void missing_average(struct reader *r)
{
    error_at(r, r->wrapped->line, r->wrapped_col, "%s: avg ns missing (a row is NAME "
             "TOTAL_NS AVG_NS)", r->wrapped->name);
    r->wrapped = NULL;
}

static void read_line(struct reader *r, struct line *ln)
{
    if (memchr(ln->start, '\0', ln->len)) {
        error_at(r, ln->no, (uint32_t)((const char *)memchr(ln->start, '\0', ln->len) -
                                       ln->start) + 1,
                 "NUL byte: this is not a text log");
        r->stop = true;
        return;
    }
    tokenize(ln);
    if (ln->n_all == 0)
        return;                            /* blank lines never end anything */
    if (r->wrapped) {
        if (ln->n_all == 1 && tok_numeric_start(&ln->tok[0])) {
            struct mb_row *row = r->wrapped;
            r->wrapped = NULL;
            if (number_at(r, ln, &ln->tok[0], row->name, "avg ns", &row->avg_ns))
                check_figures(r, row, ln->no, ln->tok[0].col);
            return;
        }
        missing_average(r);
    }
    if (r->expect_ns) {
        r->expect_ns = false;
        if (ln->n_all == 1 && tok_is(&ln->tok[0], "ns"))
            return;
    }
    if (is_header(ln)) {
        if (r->log->header_line || r->log->n_rows) {
            uint32_t first = r->log->header_line ? r->log->header_line : r->log->rows[0].line;
            error_at(r, ln->no, ln->tok[0].col, "a second result table (the first starts at "
                     "line %u): calibrate fits one run; keep one table", first);
            r->stop = true;
            return;
        }
        r->log->header_line = ln->no;
        r->state = IN_TABLE;
        r->expect_ns = ln->n_all == 4;
        return;
    }
    if (is_rule(ln) || read_timer(r, ln))
        return;
    const struct token *first = &ln->tok[0];
    /* Outside a table, only a row of a test micro-bench prints is taken for one: a
     * paste has plenty of other "word number" lines. */
    bool known = calib_test_name_known(first->s, first->n);
    if (looks_like_row(ln)) {
        switch (r->state) {
        case BEFORE_TABLE:
            if (known)
                read_row(r, ln);           /* a paste of the rows without the header */
            return;
        case IN_TABLE:
            read_row(r, ln);
            return;
        case AFTER_TABLE:
            if (known)
                error_at(r, ln->no, first->col, "a row of '%s' after the end of the table "
                         "(line %u ended it): keep the table in one piece",
                         ESCN(first->s, first->n), r->table_end);
            return;
        }
    }
    if (r->state == IN_TABLE) {
        if (known) {
            const struct token *t = ln->n_tok > 1 ? &ln->tok[1] : NULL;
            if (t)
                error_at(r, ln->no, t->col, "%s: expected TOTAL_NS AVG_NS or 'test skipped', "
                         "got '%s'", ESCN(first->s, first->n), ESCN(t->s, t->n));
            else
                error_at(r, ln->no, line_end_col(ln) + 1, "%s: TOTAL_NS AVG_NS missing",
                         ESCN(first->s, first->n));
            return;
        }
        /* EXIT: STATUS=1, PASS micro-bench, a prompt, qemu's last words... */
        r->state = AFTER_TABLE;
        r->table_end = ln->no;
    }
}

static void free_rows(struct mb_log *log)
{
    for (size_t i = 0; i < log->n_rows; i++)
        free(log->rows[i].name);
    free(log->rows);
    log->rows = NULL;
    log->n_rows = 0;
}

bool mb_log_parse(const char *name, const char *text, size_t len, struct mb_log *out,
                  struct diag_list *diags)
{
    memset(out, 0, sizeof(*out));
    struct reader r = {.name = name, .log = out, .diags = diags};
    if (len > MB_LOG_MAX_BYTES) {
        error_at(&r, 0, 0, "%zu bytes: too large for a micro-bench log (at most %d)", len,
                 MB_LOG_MAX_BYTES);
        return false;
    }
    size_t pos = 0;
    uint32_t no = 0;
    while (pos < len && !r.stop) {
        const char *nl = memchr(text + pos, '\n', len - pos);
        size_t end = nl ? (size_t)(nl - text) : len;
        struct line ln = {.no = ++no, .start = text + pos, .len = end - pos};
        if (ln.len && ln.start[ln.len - 1] == '\r')
            ln.len--;
        read_line(&r, &ln);
        pos = nl ? end + 1 : len;
    }
    if (r.wrapped && !r.stop)
        missing_average(&r);
    if (r.errors) {
        free_rows(out);
        memset(out, 0, sizeof(*out));
        return false;
    }
    return true;
}

bool mb_log_read(const char *path, struct mb_log *out, struct diag_list *diags)
{
    memset(out, 0, sizeof(*out));
    bool is_stdin = strcmp(path, "-") == 0;
    const char *name = is_stdin ? "<stdin>" : path;
    /* Bounded, and a FIFO nobody writes to is not waited for (util/input_file.h). */
    char *buf, why_buf[64];
    size_t len;
    const char *why;
    if (!input_read_all(path, MB_LOG_MAX_BYTES, &buf, &len, &why, why_buf,
                        sizeof(why_buf))) {
        if (why == why_buf)
            diag_add(diags, name, 0, 0, "more than %d bytes: too large for a micro-bench log",
                     MB_LOG_MAX_BYTES);
        else
            diag_add(diags, name, 0, 0, "cannot read: %s", why);
        return false;
    }
    bool ok = mb_log_parse(name, buf, len, out, diags);
    free(buf);
    return ok;
}

void mb_log_free(struct mb_log *log)
{
    free_rows(log);
    memset(log, 0, sizeof(*log));
}
