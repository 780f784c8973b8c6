// What every test on the throwaway PostgreSQL server (tests/postgres/server.sh)
// shares, whatever it connects with (libpq in the end-to-end suite, the
// engine's own Session in tests/postgres/): the server's admin URL, a URL
// naming another database or user, and making and dropping a database of a
// test's own.
#pragma once

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <optional>
#include <stdexcept>
#include <string>

namespace test_server {

// The admin URL of the test server: COMPLAINTS_TEST_POSTGRES, or the first
// line of the file COMPLAINTS_TEST_POSTGRES_FILE names (ctest sets it to the
// url file of tests/postgres/server.sh); std::nullopt when neither is set.
// Throws when the file holds no URL.
inline std::optional<std::string> admin_url() {
    if (const char* url = std::getenv("COMPLAINTS_TEST_POSTGRES"); url && *url) return url;
    if (const char* file = std::getenv("COMPLAINTS_TEST_POSTGRES_FILE"); file && *file) {
        std::ifstream in(file);
        std::string line;
        if (std::getline(in, line) && !line.empty()) return line;
        throw std::runtime_error(std::string("COMPLAINTS_TEST_POSTGRES_FILE: no URL in ") + file +
                                 " (tests/postgres/server.sh start DIR writes one)");
    }
    return std::nullopt;
}

// `url` naming the database `name` instead of its own (query string kept).
inline std::string with_database(const std::string& url, const std::string& name) {
    const auto q = url.find('?');
    const std::string query = q == std::string::npos ? "" : url.substr(q);
    const std::string base = url.substr(0, q);
    const auto authority = base.find("://") + 3;
    const auto slash = base.find('/', authority);
    return base.substr(0, slash) + "/" + name + query;
}

// `url` with the parameter `key` of its query string set to `value` (added
// when missing), e.g. another user (which overrides the URL's).
inline std::string with_query(const std::string& url, const std::string& key,
                              const std::string& value) {
    const auto q = url.find('?');
    if (q == std::string::npos) return url + "?" + key + "=" + value;
    std::string out = url.substr(0, q + 1);
    const std::string query = url.substr(q + 1);
    bool done = false;
    for (std::size_t start = 0; start <= query.size();) {
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

// Creates the database `name`, empty, with `execute` (which runs one
// statement as the admin and throws when it fails): when one of that name is
// left by an earlier run (whose process had the same id), drops it first.
template <typename Execute>
void create_database(const Execute& execute, const std::string& name) {
    try {
        execute("CREATE DATABASE " + name);
    } catch (...) {
        execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
        execute("CREATE DATABASE " + name);
    }
}

// Drops the database `name` with everything in it, even while a child still
// holds a connection (WITH (FORCE)); a failure is ignored, as the server is
// thrown away at the end of the run anyway.
template <typename Execute>
void drop_database(const Execute& execute, const std::string& name) noexcept {
    try {
        execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
    } catch (...) {
    }
}

}  // namespace test_server
