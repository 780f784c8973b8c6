/*
 * The yardstick of SPEC section 13 (benchmark, not a test): a plain C loader
 * that writes the same complaints as `complaints import` into the tool's real
 * schema with prepared INSERTs in one transaction, and reports rows per second.
 *
 *   cc -O2 -o loader loader.c -lsqlite3
 *   python3 generate.py N --format flat > data.flat
 *   complaints --db DB init && rm complaints.toml   (the empty schema)
 *   ./loader DB data.flat
 *
 * Input: the "flat" form of generate.py (the same complaints, seed and clock
 * as its JSONL and CSV), pre-flattened so the loader parses nothing but TABs:
 *   H <complaint column names>            first line
 *   C <values of those columns>           one complaint
 *   E <type> <at> <recorded_at> <actor> <details JSON>   its events, in order
 * \N is NULL. Every value is bound as text; SQLite's column affinity turns
 * the INTEGER columns' digits into integers, as it would for the tool.
 *
 * What it does, and does not, do (so the comparison is honest):
 *  - same connection settings as the tool (WAL is stored in the file;
 *    synchronous = FULL, foreign_keys = ON), BEGIN IMMEDIATE ... COMMIT;
 *  - every index of the schema is updated and the triggers are in place
 *    (the append-only triggers fire on UPDATE and DELETE only, so an INSERT
 *    does not run them; CHECK (json_valid(details)) runs on every event);
 *  - the complaint row carries every column the tool derives (status,
 *    milestones, resolution, holds, ...), computed by the generator;
 *  - the event columns `hash` (the hash chain) and `digests` (SHA-256 of the
 *    personal values) are left NULL: the loader computes no SHA-256, the
 *    tool's import must. It validates nothing and derives nothing either:
 *    it is the floor of "writing these rows", not of "importing".
 *
 * Output, one line: complaints, events, rows, seconds, rows per second (the
 * time from opening the database to the end of COMMIT, reading and
 * splitting the input included).
 */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

enum { MAX_FIELDS = 128 };

static void die(sqlite3 *db, const char *what)
{
    fprintf(stderr, "loader: %s: %s\n", what, db ? sqlite3_errmsg(db) : "");
    exit(1);
}

static int split(char *line, char **field, int max)
{
    int n = 0;
    char *p = line;
    for (;;) {
        if (n == max)
            return -1;
        field[n++] = p;
        char *tab = strchr(p, '\t');
        if (!tab)
            break;
        *tab = '\0';
        p = tab + 1;
    }
    return n;
}

static void bind_text(sqlite3 *db, sqlite3_stmt *st, int i, const char *v)
{
    int rc = (v[0] == '\\' && v[1] == 'N' && v[2] == '\0')
                 ? sqlite3_bind_null(st, i)
                 : sqlite3_bind_text(st, i, v, -1, SQLITE_STATIC);
    if (rc != SQLITE_OK)
        die(db, "bind");
}

int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: loader DB FLAT-FILE\n");
        return 64;
    }
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    FILE *in = strcmp(argv[2], "-") == 0 ? stdin : fopen(argv[2], "r");
    if (!in) {
        perror(argv[2]);
        return 66;
    }
    sqlite3 *db = NULL;
    if (sqlite3_open_v2(argv[1], &db, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK)
        die(db, "open");
    if (sqlite3_exec(db,
                     "PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON; "
                     "PRAGMA busy_timeout = 5000; BEGIN IMMEDIATE",
                     NULL, NULL, NULL) != SQLITE_OK)
        die(db, "begin");

    char *line = NULL;
    size_t cap = 0;
    ssize_t len;
    char *field[MAX_FIELDS];
    sqlite3_stmt *ins_c = NULL, *ins_e = NULL;
    int ncols = 0;
    sqlite3_int64 complaint = 0, n_c = 0, n_e = 0, lineno = 0;

    if (sqlite3_prepare_v2(db,
                           "INSERT INTO event (complaint, type, at, recorded_at, actor, details) "
                           "VALUES (?, ?, ?, ?, ?, ?)",
                           -1, &ins_e, NULL) != SQLITE_OK)
        die(db, "prepare event");

    while ((len = getline(&line, &cap, in)) > 0) {
        ++lineno;
        if (line[len - 1] == '\n')
            line[--len] = '\0';
        int n = split(line, field, MAX_FIELDS);
        if (n < 1) {
            fprintf(stderr, "loader: line %lld: too many fields\n", (long long)lineno);
            return 65;
        }
        if (field[0][0] == 'H') {
            /* INSERT INTO complaint (c1, ..., cn) VALUES (?, ..., ?) */
            ncols = n - 1;
            size_t need = 64;
            for (int i = 1; i < n; ++i)
                need += strlen(field[i]) + 6;
            char *sql = malloc(need);
            char *p = sql + sprintf(sql, "INSERT INTO complaint (");
            for (int i = 1; i < n; ++i)
                p += sprintf(p, "%s%s", i > 1 ? ", " : "", field[i]);
            p += sprintf(p, ") VALUES (");
            for (int i = 1; i < n; ++i)
                p += sprintf(p, "%s?", i > 1 ? ", " : "");
            sprintf(p, ")");
            if (sqlite3_prepare_v2(db, sql, -1, &ins_c, NULL) != SQLITE_OK)
                die(db, "prepare complaint");
            free(sql);
        } else if (field[0][0] == 'C') {
            if (!ins_c || n - 1 != ncols) {
                fprintf(stderr, "loader: line %lld: %d values for %d columns\n", (long long)lineno,
                        n - 1, ncols);
                return 65;
            }
            for (int i = 1; i < n; ++i)
                bind_text(db, ins_c, i, field[i]);
            if (sqlite3_step(ins_c) != SQLITE_DONE)
                die(db, "insert complaint");
            sqlite3_reset(ins_c);
            complaint = sqlite3_last_insert_rowid(db);
            ++n_c;
        } else if (field[0][0] == 'E') {
            if (n != 6 || complaint == 0) {
                fprintf(stderr, "loader: line %lld: bad event line\n", (long long)lineno);
                return 65;
            }
            sqlite3_bind_int64(ins_e, 1, complaint);
            for (int i = 1; i < 6; ++i)
                bind_text(db, ins_e, i + 1, field[i]);
            if (sqlite3_step(ins_e) != SQLITE_DONE)
                die(db, "insert event");
            sqlite3_reset(ins_e);
            ++n_e;
        } else {
            fprintf(stderr, "loader: line %lld: unknown record\n", (long long)lineno);
            return 65;
        }
    }
    sqlite3_finalize(ins_c);
    sqlite3_finalize(ins_e);
    if (sqlite3_exec(db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK)
        die(db, "commit");
    sqlite3_close(db);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    double s = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
    printf("complaints %lld events %lld rows %lld seconds %.3f rows_per_second %.0f\n",
           (long long)n_c, (long long)n_e, (long long)(n_c + n_e), s, (double)(n_c + n_e) / s);
    free(line);
    return 0;
}
