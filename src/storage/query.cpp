// `complaints query`: one read-only statement, run on its own read-only
// connection so that nothing it says can change the database.
#include "connection.hpp"
#include "query_support.hpp"
#include "schema.hpp"
#include "sqlite_engine.hpp"

#include <complaints/domain/error.hpp>
#include <complaints/domain/translate.hpp>
#include <complaints/storage/database.hpp>

#include <fmt/format.h>

#include <sqlite3.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cstring>
#include <memory>
#include <string_view>

namespace complaints::storage {

namespace {

struct Closer {
    void operator()(sqlite3* db) const { sqlite3_close_v2(db); }
    void operator()(sqlite3_stmt* s) const { sqlite3_finalize(s); }
};

// What the authorizer refused, for the message: a function by name, or
// something that reaches beyond reading (ATTACH, a PRAGMA that sets).
// `reporting_pragma` is set when the statement is a PRAGMA that only reports.
struct Authorization {
    std::string refused_function;
    std::string refused_pragma;
    bool pragma_refused = false;
    bool reporting_pragma = false;
};

template <std::size_t N>
bool one_of(const char* name, const std::string_view (&names)[N]) {
    if (!name) return false;
    for (const auto n : names)
        if (sqlite3_stricmp(name, n.data()) == 0) return true;
    return false;
}

// PRAGMAs that, without an argument, only report a setting or a state of the
// database, or check it. Others, such as `optimize`, `wal_checkpoint`,
// `incremental_vacuum` or `shrink_memory`, act even without one.
constexpr std::string_view k_reporting_pragmas[] = {"application_id",
                                                    "auto_vacuum",
                                                    "automatic_index",
                                                    "busy_timeout",
                                                    "cache_size",
                                                    "cache_spill",
                                                    "cell_size_check",
                                                    "checkpoint_fullfsync",
                                                    "collation_list",
                                                    "compile_options",
                                                    "data_version",
                                                    "database_list",
                                                    "defer_foreign_keys",
                                                    "encoding",
                                                    "foreign_key_check",
                                                    "foreign_keys",
                                                    "freelist_count",
                                                    "fullfsync",
                                                    "function_list",
                                                    "hard_heap_limit",
                                                    "ignore_check_constraints",
                                                    "integrity_check",
                                                    "journal_mode",
                                                    "journal_size_limit",
                                                    "legacy_alter_table",
                                                    "locking_mode",
                                                    "max_page_count",
                                                    "mmap_size",
                                                    "module_list",
                                                    "page_count",
                                                    "page_size",
                                                    "pragma_list",
                                                    "query_only",
                                                    "quick_check",
                                                    "read_uncommitted",
                                                    "recursive_triggers",
                                                    "reverse_unordered_selects",
                                                    "schema_version",
                                                    "secure_delete",
                                                    "soft_heap_limit",
                                                    "synchronous",
                                                    "table_list",
                                                    "temp_store",
                                                    "threads",
                                                    "trusted_schema",
                                                    "user_version",
                                                    "wal_autocheckpoint"};

// These take an argument but only describe the schema.
constexpr std::string_view k_schema_pragmas[] = {"table_info", "table_xinfo", "index_list",
                                                 "index_info", "index_xinfo", "foreign_key_list"};

// Functions that expose or change the process's memory (SPEC §12):
// `fts3_tokenizer` returns a code pointer and, given a second argument,
// installs one; `load_extension` runs a library's code. The rest are the
// SQLite shell's file functions, in case a build ever registers them.
constexpr std::string_view k_refused_functions[] = {"fts3_tokenizer", "load_extension", "readfile",
                                                    "writefile", "edit"};

// Refuses whatever could reach beyond reading: ATTACH and DETACH (another
// file), PRAGMAs that set or do something, and the functions above.
int authorize(void* data, int action, const char* name, const char* value, const char*,
              const char*) {
    auto& authorization = *static_cast<Authorization*>(data);
    switch (action) {
        case SQLITE_ATTACH:
        case SQLITE_DETACH:
            return SQLITE_DENY;
        case SQLITE_PRAGMA:
            if (value == nullptr && one_of(name, k_reporting_pragmas)) {
                authorization.reporting_pragma = true;
                return SQLITE_OK;
            }
            if (value != nullptr && one_of(name, k_schema_pragmas)) return SQLITE_OK;
            // Named in the message only when it is plain text.
            authorization.refused_pragma = "";
            if (name && std::all_of(name, name + std::strlen(name), [](char c) {
                    return std::isalnum(static_cast<unsigned char>(c)) || c == '_';
                }))
                authorization.refused_pragma = name;
            authorization.pragma_refused = true;
            return SQLITE_DENY;
        case SQLITE_FUNCTION:
            // For a function, the name comes in the fourth argument.
            if (one_of(value, k_refused_functions)) {
                authorization.refused_function = value;
                return SQLITE_DENY;
            }
            return SQLITE_OK;
        default:
            return SQLITE_OK;
    }
}

[[noreturn]] void refuse(const std::string& message, std::vector<std::string> hints = {}) {
    throw Error(ExitCode::data, message, std::move(hints));
}

bool only_space_or_comments(const char* tail) {
    const char* p = tail;
    while (*p) {
        if (std::isspace(static_cast<unsigned char>(*p)) || *p == ';') {
            ++p;
        } else if (p[0] == '-' && p[1] == '-') {
            while (*p && *p != '\n') ++p;
        } else if (p[0] == '/' && p[1] == '*') {
            const char* end = std::strstr(p + 2, "*/");
            if (!end) return false;
            p = end + 2;
        } else {
            return false;
        }
    }
    return true;
}

}  // namespace

QueryResult Database::query(const std::string& sql, const QueryParams& params,
                            std::optional<domain::Instant> now) const {
    QueryResult result;
    query(sql, params, QueryLimits{},
          QuerySink{[&](const std::vector<std::string>& columns) { result.columns = columns; },
                    [&](const std::vector<Value>& row) { result.rows.push_back(row); }},
          now);
    return result;
}

namespace {

// Caps SQLite's heap (all of the process's connections) while a query runs,
// and restores the cap that was there before.
class HeapLimit {
public:
    explicit HeapLimit(std::int64_t bytes) : m_previous(sqlite3_hard_heap_limit64(bytes)) {}
    ~HeapLimit() { sqlite3_hard_heap_limit64(m_previous); }
    HeapLimit(const HeapLimit&) = delete;
    HeapLimit& operator=(const HeapLimit&) = delete;

private:
    sqlite3_int64 m_previous;
};

// Stops the statement once its time is up: SQLite calls this every
// `k_progress_steps` virtual machine instructions, and a non-zero return
// interrupts the statement (SQLITE_INTERRUPT).
struct Deadline {
    std::chrono::steady_clock::time_point at;
    bool passed = false;
};
constexpr int k_progress_steps = 1000;

int check_deadline(void* data) {
    auto& deadline = *static_cast<Deadline*>(data);
    if (std::chrono::steady_clock::now() >= deadline.at) deadline.passed = true;
    return deadline.passed ? 1 : 0;
}

}  // namespace

void Database::query(const std::string& sql, const QueryParams& params, const QueryLimits& limits,
                     const QuerySink& sink, std::optional<domain::Instant> now) const {
    guarded(*m_connection, [&] { m_connection->engine->query(sql, params, limits, sink, now); });
}

void SqliteEngine::query(const std::string& sql, const QueryParams& params,
                         const QueryLimits& limits, const QuerySink& sink,
                         std::optional<domain::Instant> now) {
    const HeapLimit heap_limit(limits.max_memory_mib * 1024 * 1024);
    sqlite3* raw = nullptr;
    // The same data as the tool's connection: the file, or the migrated copy
    // in memory that an older schema is read through (connection.hpp).
    const int opened =
        sqlite3_open_v2(read_uri.c_str(), &raw,
                        SQLITE_OPEN_READONLY | SQLITE_OPEN_URI | SQLITE_OPEN_NOMUTEX, nullptr);
    std::unique_ptr<sqlite3, Closer> db(raw);
    if (opened != SQLITE_OK)
        throw Error(ExitCode::io, trf("cannot open '{}' to read: {}", path, sqlite3_errmsg(raw)));
    sqlite3_busy_timeout(db.get(), static_cast<int>(busy_timeout.count()));
    // Defence in depth beside the authorizer (SPEC §12): no fts3_tokenizer
    // with two arguments, no extension loading, no writes to the schema or
    // its pages, and no functions with side effects in the schema.
    sqlite3_db_config(db.get(), SQLITE_DBCONFIG_ENABLE_FTS3_TOKENIZER, 0, nullptr);
    sqlite3_db_config(db.get(), SQLITE_DBCONFIG_ENABLE_LOAD_EXTENSION, 0, nullptr);
    sqlite3_db_config(db.get(), SQLITE_DBCONFIG_DEFENSIVE, 1, nullptr);
    sqlite3_db_config(db.get(), SQLITE_DBCONFIG_TRUSTED_SCHEMA, 0, nullptr);
    // A fixed clock (COMPLAINTS_NOW): views of the same names in this
    // connection's temp schema, with that time as the present, shadow the
    // stored ones for unqualified names. The temp schema is writable on a
    // read-only connection; this happens before query_only and the authorizer.
    if (now) {
        const std::string views =
            views_sql(fmt::format("'{}'", domain::format_utc(*now)), ViewScope::temporary);
        if (sqlite3_exec(db.get(), views.c_str(), nullptr, nullptr, nullptr) != SQLITE_OK) {
            if (sqlite3_errcode(db.get()) == SQLITE_BUSY)
                throw Error(ExitCode::temp_fail, trf("the database '{}' stayed locked", path));
            throw Error(ExitCode::io, trf("cannot prepare the views of '{}' for the fixed time: {}",
                                          path, sqlite3_errmsg(db.get())));
        }
    }
    sqlite3_exec(db.get(), "PRAGMA query_only = 1", nullptr, nullptr, nullptr);
    Authorization authorization;
    sqlite3_set_authorizer(db.get(), authorize, &authorization);

    sqlite3_stmt* raw_statement = nullptr;
    const char* tail = nullptr;
    const int prepared = sqlite3_prepare_v2(db.get(), sql.c_str(), static_cast<int>(sql.size()),
                                            &raw_statement, &tail);
    std::unique_ptr<sqlite3_stmt, Closer> statement(raw_statement);
    if (prepared != SQLITE_OK) {
        // SQLite reports a refused function as a plain error, not SQLITE_AUTH.
        if (!authorization.refused_function.empty())
            refuse(trf("query may not call {}(): it exposes or changes the process's memory",
                       authorization.refused_function));
        if (prepared == SQLITE_AUTH && authorization.pragma_refused)
            refuse(
                trf("query may only read: PRAGMA {}sets or does something",
                    authorization.refused_pragma.empty() ? "" : authorization.refused_pragma + " "),
                {tr("a PRAGMA that reports a setting is allowed without a value "
                    "(PRAGMA journal_mode)")});
        if (prepared == SQLITE_AUTH)
            refuse(tr("query may only read: it tried to attach a database or change a setting"));
        if (prepared == SQLITE_NOMEM)
            refuse(trf("query needed more than {} MiB of memory (--max-memory)",
                       limits.max_memory_mib));
        refuse(trf("bad query: {}", sqlite3_errmsg(db.get())),
               {tr("the views are complaint_facts, milestone_facts and event_log "
                   "(docs/schema.md)")});
    }
    if (!statement) refuse(tr("the query is empty"));
    if (tail && !only_space_or_comments(tail))
        refuse(tr("query runs one statement; this text has more than one"),
               {tr("run each statement with its own complaints query")});
    // A PRAGMA that only reports is not "read-only" to SQLite (journal_mode,
    // for one, could change the file were it given a value); the connection
    // is read-only and query_only all the same.
    if (!sqlite3_stmt_readonly(statement.get()) && !authorization.reporting_pragma)
        refuse(tr("query may only read: this statement would change the database"));
    if (sqlite3_column_count(statement.get()) == 0)
        refuse(
            tr("query runs statements that return rows (SELECT, WITH, VALUES, PRAGMA, EXPLAIN)"));

    for (const auto& [name, value] : params) {
        const int index = sqlite3_bind_parameter_index(statement.get(), (":" + name).c_str());
        if (index == 0)
            throw Error(ExitCode::usage, trf("the query has no parameter ':{}'", name),
                        {tr("write :NAME in the SQL where --param NAME=VALUE should go")});
        if (is_query_integer(value))
            sqlite3_bind_int64(statement.get(), index, std::stoll(value));
        else
            sqlite3_bind_text(statement.get(), index, value.c_str(), static_cast<int>(value.size()),
                              SQLITE_TRANSIENT);
    }
    const int count = sqlite3_bind_parameter_count(statement.get());
    for (int i = 1; i <= count; ++i) {
        const char* name = sqlite3_bind_parameter_name(statement.get(), i);
        bool given = false;
        for (const auto& param : params)
            if (name && (":" + param.first) == name) given = true;
        if (!given)
            throw Error(ExitCode::usage,
                        trf("no value for the query's parameter '{}'", name ? name : "?"),
                        {tr("give it with --param NAME=VALUE; only :NAME parameters are "
                            "supported")});
    }

    const int columns = sqlite3_column_count(statement.get());
    std::vector<std::string> names;
    for (int i = 0; i < columns; ++i) names.emplace_back(sqlite3_column_name(statement.get(), i));
    if (sink.columns) sink.columns(names);

    // The clock starts with the first step: the time before it (opening,
    // preparing) is not the statement's.
    Deadline deadline{std::chrono::steady_clock::now() + limits.timeout};
    sqlite3_progress_handler(db.get(), k_progress_steps, check_deadline, &deadline);
    std::vector<Value> row;
    row.reserve(static_cast<std::size_t>(columns));
    while (true) {
        const int step = sqlite3_step(statement.get());
        if (step == SQLITE_DONE) break;
        if (step != SQLITE_ROW) {
            if (step == SQLITE_BUSY)
                throw Error(ExitCode::temp_fail, trf("the database '{}' stayed locked", path));
            if (step == SQLITE_INTERRUPT && deadline.passed)
                refuse(trf("query stopped after {} (--timeout)", describe_timeout(limits.timeout)),
                       {tr("give it longer with --timeout (e.g. --timeout 2m), or narrow it with "
                           "WHERE or LIMIT")});
            if (step == SQLITE_NOMEM)
                refuse(trf("query needed more than {} MiB of memory (--max-memory)",
                           limits.max_memory_mib),
                       {tr("allow more with --max-memory MIB, or narrow it with WHERE or LIMIT")});
            refuse(trf("query failed: {}", sqlite3_errmsg(db.get())));
        }
        row.clear();
        for (int i = 0; i < columns; ++i) {
            switch (sqlite3_column_type(statement.get(), i)) {
                case SQLITE_NULL:
                    row.emplace_back(std::monostate{});
                    break;
                case SQLITE_INTEGER:
                    row.emplace_back(
                        static_cast<std::int64_t>(sqlite3_column_int64(statement.get(), i)));
                    break;
                case SQLITE_FLOAT:
                    row.emplace_back(sqlite3_column_double(statement.get(), i));
                    break;
                default: {
                    const auto* text =
                        reinterpret_cast<const char*>(sqlite3_column_text(statement.get(), i));
                    row.emplace_back(std::string(
                        text ? text : "",
                        static_cast<std::size_t>(sqlite3_column_bytes(statement.get(), i))));
                }
            }
        }
        if (sink.row) sink.row(row);
    }
}

}  // namespace complaints::storage
