// `complaints query`: one read-only statement, run on its own read-only
// connection so that nothing it says can change the database.
#include "connection.hpp"
#include "schema.hpp"

#include <complaints/domain/error.hpp>
#include <complaints/storage/database.hpp>

#include <fmt/format.h>

#include <sqlite3.h>

#include <cctype>
#include <cstring>
#include <memory>
#include <string_view>

namespace complaints::storage {

namespace {

struct Closer {
    void operator()(sqlite3* db) const { sqlite3_close_v2(db); }
    void operator()(sqlite3_stmt* s) const { sqlite3_finalize(s); }
};

// Refuses whatever could reach beyond reading: ATTACH and DETACH (another
// file), and PRAGMAs that set something (those given a value).
int authorize(void*, int action, const char* name, const char* value, const char*, const char*) {
    if (action == SQLITE_ATTACH || action == SQLITE_DETACH) return SQLITE_DENY;
    if (action == SQLITE_PRAGMA && value != nullptr) {
        // These take an argument but only describe the schema.
        constexpr std::string_view k_readers[] = {"table_info", "table_xinfo", "index_list",
                                                  "index_info", "index_xinfo", "foreign_key_list"};
        for (const auto reader : k_readers)
            if (name && sqlite3_stricmp(name, reader.data()) == 0) return SQLITE_OK;
        return SQLITE_DENY;
    }
    return SQLITE_OK;
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

bool is_integer(const std::string& text) {
    std::size_t i = text.size() > 1 && text[0] == '-' ? 1 : 0;
    if (i == text.size() || text.size() > 18) return false;
    for (; i < text.size(); ++i)
        if (text[i] < '0' || text[i] > '9') return false;
    return true;
}

}  // namespace

QueryResult Database::query(const std::string& sql, const QueryParams& params,
                            std::optional<domain::Instant> now) const {
    const std::string& path = m_connection->path;
    sqlite3* raw = nullptr;
    const int opened = sqlite3_open_v2(path.c_str(), &raw, SQLITE_OPEN_READONLY, nullptr);
    std::unique_ptr<sqlite3, Closer> db(raw);
    if (opened != SQLITE_OK)
        throw Error(ExitCode::io,
                    fmt::format("cannot open '{}' to read: {}", path, sqlite3_errmsg(raw)));
    sqlite3_busy_timeout(db.get(), static_cast<int>(m_connection->busy_timeout.count()));
    // A fixed clock (COMPLAINTS_NOW): views of the same names in this
    // connection's temp schema, with that time as the present, shadow the
    // stored ones for unqualified names. The temp schema is writable on a
    // read-only connection; this happens before query_only and the authorizer.
    if (now) {
        const std::string views =
            views_sql(fmt::format("'{}'", domain::format_utc(*now)), ViewScope::temporary);
        if (sqlite3_exec(db.get(), views.c_str(), nullptr, nullptr, nullptr) != SQLITE_OK) {
            if (sqlite3_errcode(db.get()) == SQLITE_BUSY)
                throw Error(ExitCode::temp_fail,
                            fmt::format("the database '{}' stayed locked", path));
            throw Error(ExitCode::io, fmt::format("cannot prepare the views of '{}' for the "
                                                  "fixed time: {}",
                                                  path, sqlite3_errmsg(db.get())));
        }
    }
    sqlite3_exec(db.get(), "PRAGMA query_only = 1", nullptr, nullptr, nullptr);
    sqlite3_set_authorizer(db.get(), authorize, nullptr);

    sqlite3_stmt* raw_statement = nullptr;
    const char* tail = nullptr;
    const int prepared = sqlite3_prepare_v2(db.get(), sql.c_str(), static_cast<int>(sql.size()),
                                            &raw_statement, &tail);
    std::unique_ptr<sqlite3_stmt, Closer> statement(raw_statement);
    if (prepared != SQLITE_OK) {
        if (prepared == SQLITE_AUTH)
            refuse("query may only read: it tried to attach a database or change a setting");
        refuse(fmt::format("bad query: {}", sqlite3_errmsg(db.get())),
               {"the views are complaint_facts, milestone_facts and event_log (docs/schema.md)"});
    }
    if (!statement) refuse("the query is empty");
    if (tail && !only_space_or_comments(tail))
        refuse("query runs one statement; this text has more than one",
               {"run each statement with its own complaints query"});
    if (!sqlite3_stmt_readonly(statement.get()))
        refuse("query may only read: this statement would change the database");
    if (sqlite3_column_count(statement.get()) == 0)
        refuse("query runs statements that return rows (SELECT, WITH, VALUES, PRAGMA, EXPLAIN)");

    for (const auto& [name, value] : params) {
        const int index = sqlite3_bind_parameter_index(statement.get(), (":" + name).c_str());
        if (index == 0)
            throw Error(ExitCode::usage, fmt::format("the query has no parameter ':{}'", name),
                        {"write :NAME in the SQL where --param NAME=VALUE should go"});
        if (is_integer(value))
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
                        fmt::format("no value for the query's parameter '{}'", name ? name : "?"),
                        {"give it with --param NAME=VALUE; only :NAME parameters are supported"});
    }

    QueryResult result;
    const int columns = sqlite3_column_count(statement.get());
    for (int i = 0; i < columns; ++i)
        result.columns.emplace_back(sqlite3_column_name(statement.get(), i));
    while (true) {
        const int step = sqlite3_step(statement.get());
        if (step == SQLITE_DONE) break;
        if (step != SQLITE_ROW) {
            if (step == SQLITE_BUSY)
                throw Error(ExitCode::temp_fail,
                            fmt::format("the database '{}' stayed locked", path));
            refuse(fmt::format("query failed: {}", sqlite3_errmsg(db.get())));
        }
        std::vector<Value> row;
        row.reserve(static_cast<std::size_t>(columns));
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
        result.rows.push_back(std::move(row));
    }
    return result;
}

}  // namespace complaints::storage
