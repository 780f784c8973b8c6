// Private to the policy module: the reader of policy files, shared by the
// files that read its sections (reader.cpp: the file as a whole and the small
// tables; reader_tables.cpp: the calendar, limits and tables of names;
// reader_people.cpp: departments, people, roles and authority). Only these
// files include toml++ (header-only, TOML_HEADER_ONLY=1).
#pragma once

#include <complaints/domain/error.hpp>
#include <complaints/domain/policy.hpp>

#include <toml++/toml.h>

#include <chrono>
#include <cstdint>
#include <initializer_list>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace complaints::policy::detail {

// Reads one policy file (its text, named `source` in messages) into a
// domain::Policy, rejecting every unknown key and bad value with
// SOURCE:LINE:COLUMN (ExitCode::config).
class Reader {
public:
    explicit Reader(std::string source) : m_source(std::move(source)) {}

    domain::Policy read(std::string_view text) const;

    // Values: each fails with `what` in its message when the node is not one.
    [[noreturn]] void fail(const toml::source_region& where, const std::string& message) const;
    void allow_keys(const toml::table& table, std::string_view where,
                    std::initializer_list<std::string_view> allowed) const;
    const toml::table& as_table(const toml::node& node, std::string_view what) const;
    std::string as_string(const toml::node& node, std::string_view what) const;
    bool as_bool(const toml::node& node, std::string_view what) const;
    const toml::array& as_array(const toml::node& node, std::string_view what) const;
    // A TOML integer from `min` to `max`; `kind` says which in messages ("a
    // positive whole number").
    int as_integer(const toml::node& node, std::string_view what, std::string_view kind,
                   std::int64_t min = std::numeric_limits<int>::min(),
                   std::int64_t max = std::numeric_limits<int>::max()) const;
    std::chrono::year_month_day as_date(const toml::node& node, std::string_view what) const;
    // One line of text without control characters: it may end up in an e-mail header.
    std::string as_line(const toml::node& node, std::string_view what) const;
    std::string as_email(const toml::node& node, std::string_view what) const;
    domain::Role as_role(const toml::node& node, std::string_view what) const;
    // An amount limit: "500.00", a whole number of units, or "unlimited" (nullopt).
    std::optional<domain::Money> as_limit(const toml::node& node, std::string_view what) const;
    domain::Duration as_duration(const toml::node& node, std::string_view what) const;
    // Keys of a table of records (`[people.KEY]`), in file order, with their tables.
    std::vector<std::pair<const toml::key*, const toml::table*>> records(
        const toml::node& node, std::string_view kind) const;

    // Sections (reader.cpp).
    void read_organization(const toml::node& node, domain::Policy& p) const;
    void read_notify(const toml::node& node, domain::Policy& p) const;
    void read_hold(const toml::node& node, domain::Policy& p) const;
    void read_duplicates(const toml::node& node, domain::Policy& p) const;
    void read_acceptance(const toml::node& node, domain::Policy& p) const;
    void read_retention(const toml::node& node, domain::Policy& p) const;
    // `Ny` (N whole years, 1 to 100) or a duration, for `what` (a time bar,
    // a keep period) at `where` (`acceptance.time_bar`).
    domain::TimeBar read_span(const toml::node& node, std::string_view what,
                              const std::string& where) const;
    void read_escalation(const toml::node& node, domain::Policy& p) const;
    void read_evidence(const toml::node& node, domain::Policy& p) const;

    // The calendar, limits and tables of names (reader_tables.cpp).
    void read_calendar(const toml::node& node, domain::Policy& p) const;
    void read_limits_table(const toml::node& node, domain::Policy& p) const;
    // `departments`: those of the file, which a category's department must name.
    std::vector<domain::NamedEntry> read_entries(
        const toml::node& node, domain::Table table,
        const std::vector<domain::Department>& departments) const;

    // Departments, people and authority (reader_people.cpp).
    void read_people_and_departments(const toml::table& root, domain::Policy& p) const;
    void read_authority(const toml::node& node, domain::Policy& p) const;

private:
    void read_limit(const toml::node& node, std::string_view what, domain::Limits& limits,
                    domain::Milestone m) const;
    domain::Limits read_limits(const toml::node& node, std::string_view where) const;

    std::string m_source;
};

}  // namespace complaints::policy::detail
