#pragma once

// Helpers shared by the unit tests.

#include <complaints/domain/error.hpp>
#include <complaints/domain/lifecycle.hpp>
#include <complaints/domain/policy.hpp>
#include <complaints/policy/policy_file.hpp>

#include <doctest/doctest.h>

#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

namespace test_support {

// "assign=1wd investigate=- ...": limits compared as one string, so a failure shows them all.
inline std::string limits_text(const complaints::domain::Limits& limits) {
    std::string out;
    for (const auto m : complaints::domain::k_milestones)
        out += std::string(to_string(m)) + "=" + (limits[m] ? limits[m]->to_string() : "-") + " ";
    return out;
}

// Every field of two tables of names, entry by entry.
inline void check_same_entries(const std::vector<complaints::domain::NamedEntry>& a,
                               const std::vector<complaints::domain::NamedEntry>& b) {
    REQUIRE(a.size() == b.size());
    for (std::size_t i = 0; i < a.size(); ++i) {
        CAPTURE(a[i].name);
        CHECK(a[i].name == b[i].name);
        CHECK(a[i].label == b[i].label);
        CHECK(limits_text(a[i].limits) == limits_text(b[i].limits));
        CHECK(a[i].is_default == b[i].is_default);
        CHECK(a[i].code == b[i].code);
        CHECK(a[i].department == b[i].department);
    }
}

// Every field but `source`; `timezone_setting` only when `same_setting` (the effective
// policy names the zone in use even when the original left it to the system).
inline void check_same_policy(const complaints::domain::Policy& a,
                              const complaints::domain::Policy& b, bool same_setting = true) {
    CHECK(a.organization_name == b.organization_name);
    CHECK(a.currency == b.currency);
    if (same_setting) CHECK(a.timezone_setting == b.timezone_setting);
    CHECK(a.zone.name() == b.zone.name());
    CHECK(a.calendar.workdays == b.calendar.workdays);
    CHECK(a.calendar.hours == b.calendar.hours);
    CHECK(a.calendar.holidays == b.calendar.holidays);
    CHECK(a.calendar.extra_workdays == b.calendar.extra_workdays);
    CHECK(limits_text(a.limits) == limits_text(b.limits));
    check_same_entries(a.kinds, b.kinds);
    check_same_entries(a.severities, b.severities);
    check_same_entries(a.channels, b.channels);
    check_same_entries(a.categories, b.categories);
    REQUIRE(a.departments.size() == b.departments.size());
    for (std::size_t i = 0; i < a.departments.size(); ++i) {
        CHECK(a.departments[i].key == b.departments[i].key);
        CHECK(a.departments[i].label == b.departments[i].label);
        CHECK(a.departments[i].head == b.departments[i].head);
    }
    REQUIRE(a.people.size() == b.people.size());
    for (std::size_t i = 0; i < a.people.size(); ++i) {
        CHECK(a.people[i].key == b.people[i].key);
        CHECK(a.people[i].name == b.people[i].name);
        CHECK(a.people[i].email == b.people[i].email);
        CHECK(a.people[i].department == b.people[i].department);
        CHECK(a.people[i].manager == b.people[i].manager);
    }
    CHECK(a.notify.from == b.notify.from);
    CHECK(a.notify.repeat == b.notify.repeat);
    CHECK(a.notify.escalate_after == b.notify.escalate_after);
}

// The built-in policy, in Asia/Shanghai so that deadlines do not depend on the machine.
inline complaints::domain::Policy shanghai() {
    complaints::domain::Policy p = complaints::policy::builtin();
    const auto zone = complaints::policy::load_zone("Asia/Shanghai");
    REQUIRE(zone.has_value());
    p.zone = *zone;
    return p;
}

// `actor` acting at `t`, recorded at the same instant.
inline complaints::domain::Stamp at(complaints::domain::Instant t, std::string actor = "li") {
    return complaints::domain::Stamp{std::move(actor), t, t};
}

// The instant y-m-d hh:mm:ss in UTC.
inline complaints::domain::Instant utc(int y, unsigned m, unsigned d, int hh = 0, int mm = 0,
                                       int ss = 0) {
    using namespace std::chrono;
    return sys_days{year{y} / month{m} / day{d}} + hours{hh} + minutes{mm} + seconds{ss};
}

// A fresh directory under the system's temporary directory, removed with
// everything in it.
class TempDir {
public:
    TempDir() {
        std::string pattern =
            (std::filesystem::temp_directory_path() / "complaints-test-XXXXXX").string();
        REQUIRE(::mkdtemp(pattern.data()) != nullptr);
        m_path = pattern;
    }
    ~TempDir() {
        std::error_code ignored;
        std::filesystem::remove_all(m_path, ignored);
    }
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    [[nodiscard]] std::string file(const std::string& name) const {
        return (m_path / name).string();
    }

private:
    std::filesystem::path m_path;
};

// The exit code of the `Error` that `f` throws; fails the test when it
// throws none.
template <typename F>
complaints::ExitCode code_of(F&& f) {
    try {
        f();
    } catch (const complaints::Error& e) {
        return e.code();
    }
    FAIL("expected an Error");
    return complaints::ExitCode::ok;
}

}  // namespace test_support
