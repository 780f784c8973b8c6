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

// A person who may act or be assigned (`[people.KEY]`).
struct Person {
    std::string key;
    std::string name;
    std::string email;
    std::string department;  // a key of `departments`, or empty
    std::string manager;     // a key of `people`, or empty: copied for a head (reminders)
};

// A department (`[department.KEY]`); `head` is a key of `people`, or empty.
struct Department {
    std::string key;
    std::string label;
    std::string head;
};

// Reminder settings (`[notify]`).
struct Notify {
    std::string from = "complaints@localhost";
    Duration repeat{1, DurationUnit::working_days};
    Duration escalate_after{1, DurationUnit::working_days};
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
    // Optional: when `people` is empty, anyone may act and be assigned.
    std::vector<Person> people;
    std::vector<Department> departments;
    Notify notify;

    [[nodiscard]] const std::vector<NamedEntry>& entries(Table table) const;
    // The entry called `name`, or nullptr.
    [[nodiscard]] const NamedEntry* find(Table table, std::string_view name) const;
    // The entry called `name`; throws `Error` (data, exit 65) naming the
    // allowed names when there is none.
    [[nodiscard]] const NamedEntry& require(Table table, std::string_view name) const;
    // The entry marked default, else the one called `complaint` / `general`;
    // nullptr when neither exists.
    [[nodiscard]] const NamedEntry* default_entry(Table table) const;

    [[nodiscard]] const Person* find_person(std::string_view key) const;
    [[nodiscard]] const Department* find_department(std::string_view key) const;
    // When `[people]` is present: the person `key`, else throws `Error` (data,
    // exit 65) listing the people. Without `[people]`: nullptr.
    const Person* require_assignee(std::string_view key) const;
    // When `[people]` is present, only its keys may act: throws `Error`
    // (no_permission, exit 77) for anyone else.
    void require_actor(std::string_view key) const;

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
