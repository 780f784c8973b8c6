#pragma once

#include <complaints/domain/calendar.hpp>
#include <complaints/domain/milestone.hpp>
#include <complaints/domain/time.hpp>

#include <string>
#include <string_view>
#include <vector>

namespace complaints::domain {

// One entry of a table of names in the policy: a kind, severity, channel or
// category. `code` is used by channels, `department` by categories.
struct NamedEntry {
    std::string name;
    std::string label;
    Limits limits;
    bool is_default = false;
    std::string code;
    std::string department;
};

// The tables of names, so that messages can say which one was asked for.
enum class Table { kind, severity, channel, category };
std::string_view to_string(Table table);

// The rules a complaint is handled by: organisation, time zone, working
// calendar, time limits and the names that may be used. An immutable value,
// made by `policy::builtin()` or `policy::parse()`.
struct Policy {
    std::string source = "built-in";  // the file it was read from, or "built-in"
    std::string organization_name;
    std::string currency = "CNY";
    std::string timezone_setting;  // as written in the file; empty: the system's zone
    TimeZone zone = TimeZone::utc();
    Calendar calendar;
    Limits limits;  // all four set
    std::vector<NamedEntry> kinds;
    std::vector<NamedEntry> severities;
    std::vector<NamedEntry> channels;
    std::vector<NamedEntry> categories;

    [[nodiscard]] const std::vector<NamedEntry>& entries(Table table) const;
    // The entry called `name`, or nullptr.
    [[nodiscard]] const NamedEntry* find(Table table, std::string_view name) const;
    // The entry called `name`; throws `Error` (data, exit 65) naming the
    // allowed names when there is none.
    [[nodiscard]] const NamedEntry& require(Table table, std::string_view name) const;
    // The entry marked default, else the one called `complaint` / `general`;
    // nullptr when neither exists.
    [[nodiscard]] const NamedEntry* default_entry(Table table) const;

    // The limits that apply to milestone `m` of a complaint of `kind`,
    // `category` and `severity`: those its kind, category and severity give,
    // or the `[limits]` default when none does.
    [[nodiscard]] std::vector<Duration> applicable_limits(Milestone m, std::string_view kind,
                                                          std::string_view category,
                                                          std::string_view severity) const;
    // The deadline of milestone `m` for a clock started at `start`: the
    // earliest that any applicable limit gives (SPEC §3.2).
    [[nodiscard]] Instant deadline(Milestone m, std::string_view kind, std::string_view category,
                                   std::string_view severity, Instant start) const;
};

}  // namespace complaints::domain
