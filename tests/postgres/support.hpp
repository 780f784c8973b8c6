#pragma once

// What the PostgreSQL tests share: the test server's URL, a database of each
// test's own, environment variables set for one test.

#include <complaints/postgres/session.hpp>

#include <doctest/doctest.h>

#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>

namespace pg_test {

using complaints::postgres::Options;
using complaints::postgres::Session;
using complaints::storage::sql::Failure;
using complaints::storage::sql::FailureKind;

// The admin URL of the test server: COMPLAINTS_TEST_POSTGRES, or the first
// line of the file COMPLAINTS_TEST_POSTGRES_FILE names (ctest sets it to the
// url file of tests/postgres/server.sh).
inline std::string server_url() {
    if (const char* url = std::getenv("COMPLAINTS_TEST_POSTGRES"); url && *url) return url;
    if (const char* file = std::getenv("COMPLAINTS_TEST_POSTGRES_FILE"); file && *file) {
        std::ifstream in(file);
        std::string url;
        if (std::getline(in, url) && !url.empty()) return url;
    }
    throw std::runtime_error(
        "no test server: run tests/postgres/server.sh start DIR and set "
        "COMPLAINTS_TEST_POSTGRES to the URL in DIR/url (ctest does it)");
}

// `url` with its query string `key` set to `value` (added when missing).
inline std::string with_query(const std::string& url, const std::string& key,
                              const std::string& value) {
    const auto q = url.find('?');
    if (q == std::string::npos) return url + "?" + key + "=" + value;
    std::string out = url.substr(0, q + 1);
    std::string query = url.substr(q + 1);
    bool done = false;
    std::size_t start = 0;
    while (start <= query.size()) {
        const auto end = std::min(query.find('&', start), query.size());
        std::string pair = query.substr(start, end - start);
        if (pair.rfind(key + "=", 0) == 0) {
            pair = key + "=" + value;
            done = true;
        }
        if (!pair.empty()) out += (out.back() == '?' ? "" : "&") + pair;
        start = end + 1;
    }
    if (!done) out += (out.back() == '?' ? "" : "&") + key + "=" + value;
    return out;
}

// `url` naming the database `name` instead of its own.
inline std::string with_database(const std::string& url, const std::string& name) {
    const auto q = url.find('?');
    const auto query = q == std::string::npos ? "" : url.substr(q);
    auto base = url.substr(0, q);
    const auto authority = base.find("://") + 3;
    const auto slash = base.find('/', authority);
    return base.substr(0, slash) + "/" + name + query;
}

// `url` logging in as `user` (in the query string, which overrides the URL's user).
inline std::string with_user(const std::string& url, const std::string& user) {
    return with_query(url, "user", user);
}

inline std::unique_ptr<Session> connect(const std::string& url, Options options = {}) {
    return Session::connect(url, options);
}

// A database of the test's own on the test server, dropped at the end.
class TestDatabase {
public:
    explicit TestDatabase(const std::string& name)
        : m_name("t_" + name + "_" + std::to_string(::getpid())) {
        auto admin = pg_test::connect(server_url());
        admin->execute("DROP DATABASE IF EXISTS " + m_name + " WITH (FORCE)");
        admin->execute("CREATE DATABASE " + m_name);
    }
    TestDatabase(const TestDatabase&) = delete;
    TestDatabase& operator=(const TestDatabase&) = delete;
    ~TestDatabase() {
        try {
            pg_test::connect(server_url())
                ->execute("DROP DATABASE IF EXISTS " + m_name + " WITH (FORCE)");
        } catch (...) {
        }
    }
    [[nodiscard]] const std::string& name() const { return m_name; }
    [[nodiscard]] std::string url() const { return with_database(server_url(), m_name); }
    [[nodiscard]] std::unique_ptr<Session> connect(Options options = {}) const {
        return pg_test::connect(url(), options);
    }

private:
    std::string m_name;
};

// An environment variable set (or unset, with nullopt) for one scope.
class EnvironmentVariable {
public:
    EnvironmentVariable(const char* name, const std::optional<std::string>& value) : m_name(name) {
        if (const char* old = std::getenv(name)) m_old = old;
        if (value)
            ::setenv(name, value->c_str(), 1);
        else
            ::unsetenv(name);
    }
    EnvironmentVariable(const EnvironmentVariable&) = delete;
    EnvironmentVariable& operator=(const EnvironmentVariable&) = delete;
    ~EnvironmentVariable() {
        if (m_old)
            ::setenv(m_name, m_old->c_str(), 1);
        else
            ::unsetenv(m_name);
    }

private:
    const char* m_name;
    std::optional<std::string> m_old;
};

// The failure `action` throws; a test failure when it throws none.
template <typename F>
Failure failure_of(F&& action) {
    try {
        action();
    } catch (const Failure& failure) {
        return failure;
    }
    FAIL("no sql::Failure was thrown");
    throw std::logic_error("unreachable");
}

}  // namespace pg_test
