#include "server_db.hpp"

#include <libpq-fe.h>

#include <cctype>
#include <cstdlib>
#include <memory>
#include <stdexcept>

#include <unistd.h>

namespace cli_test {

namespace {

struct ConnectionCloser {
    void operator()(PGconn* c) const { PQfinish(c); }
};
struct ResultClearer {
    void operator()(PGresult* r) const { PQclear(r); }
};
using Connection = std::unique_ptr<PGconn, ConnectionCloser>;
using PgResult = std::unique_ptr<PGresult, ResultClearer>;

Connection connect(const std::string& url) {
    Connection c(PQconnectdb(url.c_str()));
    if (!c || PQstatus(c.get()) != CONNECTION_OK)
        throw std::runtime_error("cannot connect to the test server (" + url +
                                 "): " + (c ? PQerrorMessage(c.get()) : "out of memory"));
    PQsetNoticeProcessor(
        c.get(), [](void*, const char*) {}, nullptr);
    return c;
}

// `sql` with its `?` placeholders numbered as the server wants them ($1, $2,
// ...), outside quoted strings and names.
std::string numbered(const std::string& sql) {
    std::string out;
    int n = 0;
    char quote = 0;
    for (const char c : sql) {
        if (quote) {
            if (c == quote) quote = 0;
            out += c;
        } else if (c == '\'' || c == '"') {
            quote = c;
            out += c;
        } else if (c == '?') {
            out += "$" + std::to_string(++n);
        } else {
            out += c;
        }
    }
    return out;
}

PgResult run(PGconn* c, const std::string& sql, const SqlParams& params = {}) {
    std::vector<const char*> values;
    for (const auto& p : params) values.push_back(p ? p->c_str() : nullptr);
    PgResult r(PQexecParams(c, numbered(sql).c_str(), static_cast<int>(values.size()), nullptr,
                            values.data(), nullptr, nullptr, 0));
    const auto status = r ? PQresultStatus(r.get()) : PGRES_FATAL_ERROR;
    if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK)
        throw std::runtime_error("test server: " + std::string(PQerrorMessage(c)) + "(" + sql +
                                 ")");
    return r;
}

SqlRows rows_of(PGresult* r) {
    SqlRows out;
    for (int row = 0; row < PQntuples(r); ++row) {
        std::vector<std::string> values;
        for (int column = 0; column < PQnfields(r); ++column)
            values.push_back(PQgetisnull(r, row, column) ? "NULL" : PQgetvalue(r, row, column));
        out.push_back(std::move(values));
    }
    return out;
}

std::string quoted(const std::string& name) {
    return "\"" + name + "\"";
}

// The admin session, opened on first use and kept: one per test process.
PGconn* admin() {
    static Connection connection;
    if (!connection || PQstatus(connection.get()) != CONNECTION_OK)
        connection = connect(*server_admin_url());
    return connection.get();
}

}  // namespace

const std::optional<std::string>& server_admin_url() {
    static const std::optional<std::string> url = test_server::admin_url();
    return url;
}

bool on_server() {
    for (const char* name : {"COMPLAINTS_TEST_POSTGRES", "COMPLAINTS_TEST_POSTGRES_FILE"})
        if (const char* value = std::getenv(name); value && *value) return true;
    return false;
}

bool is_server_url(const std::string& db) {
    return db.rfind("postgresql://", 0) == 0 || db.rfind("postgres://", 0) == 0;
}

std::string url_encoded(const std::string& text) {
    static const char* k_hex = "0123456789ABCDEF";
    std::string out;
    for (const char c : text) {
        const auto byte = static_cast<unsigned char>(c);
        if (std::isalnum(byte) || c == '-' || c == '.' || c == '_' || c == '~') {
            out += c;
        } else {
            out += '%';
            out += k_hex[byte >> 4];
            out += k_hex[byte & 15];
        }
    }
    return out;
}

ServerDatabase::ServerDatabase() {
    static int serial = 0;
    m_name = "cli_" + std::to_string(::getpid()) + "_" + std::to_string(++serial);
    m_url = with_database(*server_admin_url(), m_name);
    test_server::create_database([](const std::string& sql) { run(admin(), sql); }, m_name);
}

ServerDatabase::~ServerDatabase() {
    test_server::drop_database([](const std::string& sql) { run(admin(), sql); }, m_name);
}

namespace server {

SqlRows rows(const std::string& url, const std::string& sql, const SqlParams& params) {
    const Connection c = connect(url);
    run(c.get(), "SET complaints.rewriting_events = 'on'");
    return rows_of(run(c.get(), sql, params).get());
}

long long execute(const std::string& url, const std::string& sql, const SqlParams& params) {
    const Connection c = connect(url);
    run(c.get(), "SET complaints.rewriting_events = 'on'");
    const PgResult r = run(c.get(), sql, params);
    const char* changed = PQcmdTuples(r.get());
    return changed && *changed ? std::atoll(changed) : 0;
}

struct Session::Handle {
    Connection connection;
};

Session::Session(const std::string& url) : m_handle(new Handle{connect(url)}) {}

Session::~Session() = default;

SqlRows Session::run(const std::string& sql) {
    PGconn* c = m_handle->connection.get();
    PgResult r(PQexec(c, sql.c_str()));
    const auto status = r ? PQresultStatus(r.get()) : PGRES_FATAL_ERROR;
    if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK)
        throw std::runtime_error("test server: " + std::string(PQerrorMessage(c)) + "(" + sql +
                                 ")");
    return rows_of(r.get());
}

bool has_schema(const std::string& url) {
    return rows(url, "SELECT to_regclass('complaints_schema') IS NOT NULL").at(0).at(0) == "t";
}

std::string snapshot(const std::string& url) {
    const Connection c = connect(url);
    const SqlRows relations = rows_of(
        run(c.get(),
            "SELECT c.relname, c.relkind, c.oid FROM pg_class c JOIN pg_namespace n ON n.oid = "
            "c.relnamespace WHERE n.nspname = 'public' AND c.relkind IN ('r', 'v') "
            "ORDER BY c.relkind, c.relname")
            .get());
    if (relations.empty()) return "<absent>";
    std::string out;
    std::vector<std::string> tables;
    for (const auto& relation : relations) {
        const std::string& name = relation[0];
        const std::string& oid = relation[2];
        if (relation[1] == "v") {
            out += "view " + name + " " +
                   rows_of(run(c.get(), "SELECT pg_get_viewdef(CAST($1 AS oid))", {oid}).get())
                       .at(0)
                       .at(0) +
                   "\n";
            continue;
        }
        tables.push_back(name);
        out += "table " + name + " (";
        for (const auto& column :
             rows_of(run(c.get(),
                         "SELECT attname, format_type(atttypid, atttypmod), attnotnull FROM "
                         "pg_attribute WHERE attrelid = CAST($1 AS oid) AND attnum > 0 AND NOT "
                         "attisdropped ORDER BY attnum",
                         {oid})
                         .get()))
            out += column[0] + " " + column[1] + (column[2] == "t" ? " NOT NULL" : "") + ", ";
        out += ")\n";
    }
    for (const auto& index :
         rows_of(run(c.get(),
                     "SELECT indexdef FROM pg_indexes WHERE schemaname = 'public' ORDER BY "
                     "indexname")
                     .get()))
        out += index[0] + "\n";
    for (const auto& table : tables) {
        std::string order;
        for (const auto& key :
             rows_of(run(c.get(),
                         "SELECT a.attname FROM pg_index i JOIN pg_attribute a ON a.attrelid = "
                         "i.indrelid AND a.attnum = ANY (i.indkey) WHERE i.indrelid = "
                         "to_regclass($1) AND i.indisprimary ORDER BY array_position(CAST("
                         "i.indkey AS smallint[]), a.attnum)",
                         {quoted(table)})
                         .get()))
            order += (order.empty() ? "" : ", ") + quoted(key[0]);
        const PgResult r = run(c.get(), "SELECT * FROM " + quoted(table) + " AS t ORDER BY " +
                                            (order.empty() ? "t" : order));
        out += "[" + table + "]\n";
        for (int row = 0; row < PQntuples(r.get()); ++row) {
            for (int column = 0; column < PQnfields(r.get()); ++column) {
                out += PQgetisnull(r.get(), row, column)
                           ? std::string("NULL")
                           : "'" + std::string(PQgetvalue(r.get(), row, column)) + "'";
                out += "|";
            }
            out += "\n";
        }
    }
    return out;
}

}  // namespace server

}  // namespace cli_test
