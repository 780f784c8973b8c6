#pragma once

// Helpers shared by the unit tests.

#include <complaints/domain/lifecycle.hpp>
#include <complaints/domain/policy.hpp>
#include <complaints/policy/policy_file.hpp>

#include <doctest/doctest.h>

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

}  // namespace test_support
