#pragma once

// What the PostgreSQL tests share: the test server's URL, a database of each
// test's own, environment variables set for one test.

#include "test_server.hpp"

#include <complaints/postgres/session.hpp>

#include <doctest/doctest.h>

#include <unistd.h>

#include <cstdlib>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>

namespace pg_test {

using complaints::postgres::Options;
using complaints::postgres::Session;
using complaints::storage::sql::Failure;
using complaints::storage::sql::FailureKind;

using test_server::with_database;
using test_server::with_query;

// The admin URL of the test server (test_server::admin_url); a test fails
// without one.
inline std::string server_url() {
    if (auto url = test_server::admin_url()) return *url;
    throw std::runtime_error(
        "no test server: run tests/postgres/server.sh start DIR and set "
        "COMPLAINTS_TEST_POSTGRES to the URL in DIR/url (ctest does it)");
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
        test_server::create_database([&](const std::string& sql) { admin->execute(sql); }, m_name);
    }
    TestDatabase(const TestDatabase&) = delete;
    TestDatabase& operator=(const TestDatabase&) = delete;
    ~TestDatabase() {
        test_server::drop_database(
            [&](const std::string& sql) { pg_test::connect(server_url())->execute(sql); }, m_name);
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
