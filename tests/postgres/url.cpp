// Database URLs (no password in them, their form in messages) and what
// connecting says when it fails (SPEC §14: the server's reason, exit 69).

#include "support.hpp"

#include <unistd.h>

#include <filesystem>

using namespace pg_test;
using complaints::postgres::display_url;
using complaints::postgres::password_in_url;

TEST_CASE("password_in_url") {
    struct Case {
        const char* url;
        bool refused;
    };
    const Case cases[] = {
        {"postgresql://li@db.example.com:5432/complaints", false},
        {"postgres://db.example.com/complaints?sslmode=require", false},
        {"postgresql:///complaints?host=%2Frun%2Fpostgresql&user=li", false},
        {"postgresql://li@[::1]:5432/complaints", false},
        {"postgresql://h1:5432,h2:5433/complaints", false},
        {"host=/run/postgresql dbname=complaints", false},
        {"postgresql://li:s3cret@db.example.com/complaints", true},
        {"postgres://li:@db.example.com/complaints", true},
        {"postgresql://db.example.com/complaints?password=s3cret", true},
        {"postgresql://db.example.com/complaints?sslmode=require&password=s3cret", true},
        {"postgresql://db.example.com/complaints?pass%77ord=s3cret", true},
        {"host=/run/postgresql dbname=complaints password=s3cret", true},
    };
    for (const auto& c : cases) {
        CAPTURE(c.url);
        const auto message = password_in_url(c.url);
        CHECK(message.has_value() == c.refused);
        if (message) {
            CHECK(message->find("s3cret") == std::string::npos);
            CHECK(message->find("PGPASSWORD") != std::string::npos);
        }
    }
}

TEST_CASE("display_url") {
    struct Case {
        const char* url;
        const char* shown;
    };
    const Case cases[] = {
        {"postgresql://li:s3cret@db.example.com:5433/complaints?sslmode=require",
         "postgresql://li@db.example.com:5433/complaints"},
        {"postgres://db.example.com/complaints", "postgres://db.example.com/complaints"},
        {"postgresql:///complaints?host=%2Frun%2Fpostgresql&user=li&password=s3cret",
         "postgresql://li@%2Frun%2Fpostgresql/complaints"},
        {"postgresql:///complaints?host=%2Frun%2Fpostgresql&port=5433",
         "postgresql://%2Frun%2Fpostgresql:5433/complaints"},
        {"postgresql://h1:5432,h2:5433/complaints", "postgresql://h1:5432,h2:5433/complaints"},
        {"postgresql://li@db", "postgresql://li@db"},
        {"host=/run/postgresql user=li dbname=complaints password=s3cret",
         "postgresql://li@/run/postgresql/complaints"},
    };
    for (const auto& c : cases) {
        CAPTURE(c.url);
        CHECK(display_url(c.url) == c.shown);
    }
}

TEST_CASE("connect: no server at the socket is unreachable, with libpq's reason") {
    const auto dir = std::filesystem::temp_directory_path() /
                     ("complaints-no-server-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir);
    const auto failure = failure_of([&] {
        connect("postgresql:///postgres?host=" + dir.string() + "&user=li&connect_timeout=2");
    });
    std::filesystem::remove_all(dir);
    CHECK(failure.kind() == FailureKind::unreachable);
    const std::string message = failure.what();
    CHECK(message == "connection to server on socket \"" + dir.string() +
                         "/.s.PGSQL.5432\" failed: No such file or directory");
}

TEST_CASE("connect: a refused login is unreachable, with the server's reason") {
    // The role complaints_pw must give its password (tests/postgres/server.sh).
    const auto url = with_user(server_url(), "complaints_pw");
    const EnvironmentVariable no_pgpass("PGPASSFILE", "/nonexistent/pgpass");

    SUBCASE("a wrong password") {
        const EnvironmentVariable password("PGPASSWORD", "wrong-secret-42");
        const auto failure = failure_of([&] { connect(url); });
        CHECK(failure.kind() == FailureKind::unreachable);
        const std::string message = failure.what();
        CHECK(message.find("failed: FATAL:  password authentication failed for user "
                           "\"complaints_pw\"") != std::string::npos);
        CHECK(message.find("wrong-secret-42") == std::string::npos);
        CHECK(message.find('\n') == std::string::npos);
    }
    SUBCASE("no password") {
        const EnvironmentVariable password("PGPASSWORD", std::nullopt);
        const auto failure = failure_of([&] { connect(url); });
        CHECK(failure.kind() == FailureKind::unreachable);
        CHECK(std::string(failure.what()).find("no password supplied") != std::string::npos);
    }
    SUBCASE("a wrong password in the URL does not show in the message") {
        const EnvironmentVariable password("PGPASSWORD", std::nullopt);
        const auto failure =
            failure_of([&] { connect(with_query(url, "password", "url-secret-7")); });
        CHECK(failure.kind() == FailureKind::unreachable);
        const std::string message = failure.what();
        CHECK(message.find("password authentication failed") != std::string::npos);
        CHECK(message.find("url-secret-7") == std::string::npos);
    }
    SUBCASE("the right password logs in: the refusals above were for the password") {
        const EnvironmentVariable password("PGPASSWORD", "complaints-test-secret");
        auto session = connect(url);
        auto user = session->prepare("SELECT current_user");
        REQUIRE(user->step());
        CHECK(user->text(0) == "complaints_pw");
    }
}

TEST_CASE("connect: an unknown database is unreachable") {
    const auto failure =
        failure_of([] { connect(with_database(server_url(), "no_such_database_42")); });
    CHECK(failure.kind() == FailureKind::unreachable);
    CHECK(std::string(failure.what()).find("database \"no_such_database_42\" does not exist") !=
          std::string::npos);
}

TEST_CASE("connect: a URL libpq cannot read is unreachable, without its password") {
    SUBCASE("an unknown parameter") {
        const auto failure = failure_of([] { connect("postgresql:///postgres?colour=blue"); });
        CHECK(failure.kind() == FailureKind::unreachable);
        CHECK(std::string(failure.what()) == "invalid URI query parameter: \"colour\"");
    }
    SUBCASE("a password libpq cannot decode, which its message would show") {
        const auto failure =
            failure_of([] { connect("postgresql://li:pa%zzss-9@db.example.com/complaints"); });
        CHECK(failure.kind() == FailureKind::unreachable);
        const std::string message = failure.what();
        CHECK(message.find("pa%zzss-9") == std::string::npos);
        CHECK(message.find("percent") != std::string::npos);
    }
}

TEST_CASE("connect: the session's application name, version and engine") {
    TestDatabase db("session");
    auto session = db.connect({.busy_timeout = std::chrono::milliseconds(100),
                               .application_name = "complaints-test-name"});
    CHECK(session->engine() == complaints::storage::sql::Engine::postgresql);
    CHECK(session->server_version() >= 150000);
    CHECK(session->server_version() < 160000);
    auto name = session->prepare(
        "SELECT current_setting('application_name'), current_setting('client_encoding'), "
        "current_setting('cursor_tuple_fraction')");
    REQUIRE(name->step());
    CHECK(name->text(0) == "complaints-test-name");
    CHECK(name->text(1) == "UTF8");
    CHECK(name->text(2) == "1");  // cursors are planned for all their rows
}
