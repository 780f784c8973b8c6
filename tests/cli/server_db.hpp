// The end-to-end suite against a PostgreSQL server (SPEC §14): when
// COMPLAINTS_TEST_POSTGRES (an admin URL) or COMPLAINTS_TEST_POSTGRES_FILE (a
// file holding one, as tests/postgres/server.sh writes it) is set, every
// Fixture works in a database of its own on that server instead of a SQLite
// file. What the harness reads behind the tool's back (snapshots, counts,
// rows) it reads here through libpq, never through the tool.
#pragma once

#include "test_server.hpp"

#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace cli_test {

// Values bound to the `?` placeholders of a statement, in order; std::nullopt
// binds NULL. Each is sent as text (SQLite's column affinity, or the server's
// inferred parameter type, converts it).
using SqlParams = std::vector<std::optional<std::string>>;

// Rows of a result, every value as text, NULL as "NULL".
using SqlRows = std::vector<std::vector<std::string>>;

// The admin URL of the test server (test_server::admin_url, read once);
// std::nullopt when none is given (the suite then runs on SQLite files).
const std::optional<std::string>& server_admin_url();

// Whether this run of the suite works on a server: one of the two variables
// is set (server_admin_url() reads the file when first asked).
bool on_server();

// Whether `db` (a value of COMPLAINTS_DB or --db) names a server database
// (postgresql:// or postgres://) rather than a SQLite file.
bool is_server_url(const std::string& db);

using test_server::with_database;
using test_server::with_query;

// `text` percent-encoded for a URL's query value (a socket directory).
std::string url_encoded(const std::string& text);

// A database of its own on the test server (name cli_<pid>_<serial>): created
// empty on construction, dropped with everything in it on destruction, even
// while a child still holds a connection (WITH (FORCE)).
class ServerDatabase {
public:
    ServerDatabase();
    ~ServerDatabase();
    ServerDatabase(const ServerDatabase&) = delete;
    ServerDatabase& operator=(const ServerDatabase&) = delete;

    [[nodiscard]] const std::string& name() const { return m_name; }
    // Its URL, for COMPLAINTS_DB: postgresql:///NAME?host=...&user=...
    [[nodiscard]] const std::string& url() const { return m_url; }

private:
    std::string m_name, m_url;
};

namespace server {

// A session of its own on the database at `url`, kept open for its lifetime:
// for a test that plays another program holding a lock.
class Session {
public:
    explicit Session(const std::string& url);
    ~Session();
    Session(const Session&) = delete;
    Session& operator=(const Session&) = delete;

    // Runs `sql` (one statement or several without parameters) and returns
    // the rows of the last.
    SqlRows run(const std::string& sql);

private:
    struct Handle;
    std::unique_ptr<Handle> m_handle;
};

// The key of the advisory lock every writer of the tool takes first
// (src/postgres/session.cpp): holding it is being another writer mid-change.
constexpr const char* k_write_lock_key = "7165065861791836526";

// Runs `sql` (one statement, `?` placeholders) on the database at `url` and
// returns its rows. The session has complaints.rewriting_events on, so that a
// test may change events behind the tool's back as someone with the
// database's password could.
SqlRows rows(const std::string& url, const std::string& sql, const SqlParams& params = {});

// Runs `sql` as `rows` does and returns the number of rows it changed.
long long execute(const std::string& url, const std::string& sql, const SqlParams& params = {});

// Whether the tool's schema exists in the database at `url` (the tool creates
// it on the first write).
bool has_schema(const std::string& url);

// The tables and views of the database's public schema with their columns and
// indexes, and every row of every table ordered by its primary key (by all its
// columns when it has none, as complaints_schema); "<absent>" when there is
// no table. Two equal snapshots mean nothing changed.
std::string snapshot(const std::string& url);

}  // namespace server

}  // namespace cli_test
