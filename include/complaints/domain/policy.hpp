#pragma once

#include <complaints/domain/calendar.hpp>
#include <complaints/domain/milestone.hpp>
#include <complaints/domain/money.hpp>
#include <complaints/domain/names.hpp>
#include <complaints/domain/time.hpp>

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace complaints::domain {

// A span of N calendar years (`3y`) or a duration (`Nd`, ...):
// `[acceptance] time_bar`, how long after the customer knew of the harm a
// complaint may still be accepted (SPEC §10 reject, the 12315 rule), and the
// `keep` periods of retention (SPEC §12).
struct TimeBar {
    int years = 3;  // used when `duration` is empty
    std::optional<Duration> duration;

    // `3y`, or the duration's notation.
    [[nodiscard]] std::string to_string() const;
    // The end of the span that starts at `known` (for a time bar, the last
    // instant a complaint about harm known then may be accepted).
    [[nodiscard]] Instant end(Instant known, const TimeZone& zone) const;
};

// One entry of a table of names in the policy: a kind, severity, channel,
// category, site, cause or outcome. `code` is used by channels, `department`
// by categories, `close_on_resolve` by kinds, `rank` by severities.
struct NamedEntry {
    std::string name;
    std::string label;
    Limits limits;
    bool is_default = false;
    std::string code;
    std::string department;
    bool close_on_resolve = false;   // kinds: `resolve` closes; no revisit
    int rank = 0;                    // severities: higher is more severe
    bool requires_approval = false;  // severities: every resolution is approved (SPEC §11)
    // Severities: how long a final complaint keeps its personal data
    // (`[severity.X] keep`, SPEC §12); unset: `[retention] keep`.
    std::optional<TimeBar> keep;
};

// What a person may do (`[people.X] role`, SPEC §11). A viewer changes nothing.
enum class Role { agent, supervisor, manager, viewer };
template <>
struct EnumNames<Role> {
    static constexpr std::array<std::string_view, 4> k_names{"agent", "supervisor", "manager",
                                                             "viewer"};
};
inline constexpr auto k_roles = all_values<Role>();

// `[authority]`: per role, the largest amount a person of that role may settle
// without approval (absent: no limit; `"unlimited"` says so explicitly), and
// the roles that approve. Amounts are compared exactly, in minor units.
struct Authority {
    std::array<std::optional<Money>, k_count<Role>> limits{};
    std::vector<Role> approvers{Role::supervisor, Role::manager};

    [[nodiscard]] const std::optional<Money>& limit(Role role) const {
        return limits[static_cast<std::size_t>(role)];
    }
    std::optional<Money>& limit(Role role) { return limits[static_cast<std::size_t>(role)]; }
    [[nodiscard]] bool approves(Role role) const {
        for (const Role r : approvers)
            if (r == role) return true;
        return false;
    }
};

// `[evidence]`: the largest file `attach` stores, in bytes ("20MB").
struct EvidenceSettings {
    std::int64_t max_file = std::int64_t{20} * 1024 * 1024;
};

// A person who may act or be assigned (`[people.KEY]`).
struct Person {
    std::string key;
    std::string name;
    std::string email;
    std::string department;  // a key of `departments`, or empty
    std::string manager;     // a key of `people`, or empty: copied for a head (reminders)
    Role role = Role::agent;
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
enum class Table { kind, severity, channel, category, site, cause, outcome };
std::string_view to_string(Table table);
// Its name in messages, in the user's language ("unknown category 'x'").
inline const char* shown_name(Table table) {
    return tr(to_string(table).data());  // literals: data() ends in NUL
}

// `[retention] keep` (SPEC §12): how long a complaint keeps the customer's
// personal data after it became final; unset: for ever. A severity's own
// `keep` takes precedence.
struct Retention {
    std::optional<TimeBar> keep;
};

// `[escalation]`: the revisit that reopens a complaint for the
// `reopen_threshold`-th time (or later) raises its severity to `severity`
// when that ranks higher. Off when `reopen_threshold` is empty.
struct Escalation {
    std::optional<int> reopen_threshold;
    std::string severity;
};

// A deadline and the limit that gave it (earliest wins).
struct Deadline {
    Instant due{};
    Duration limit;
};

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
    // Defaults: a duration or "none" for each of `k_limited_milestones`;
    // `hold` is `[hold] review_after` (unset: long holds are not reviewed).
    Limits limits;
    std::vector<NamedEntry> kinds;
    std::vector<NamedEntry> severities;
    std::vector<NamedEntry> channels;
    std::vector<NamedEntry> categories;
    // Optional tables: when `sites` is not empty, `register` needs a site
    // (or its default); when `causes` is not empty, `investigate --cause`
    // must be one of them. `outcomes` always has entries (built-in list).
    std::vector<NamedEntry> sites;
    std::vector<NamedEntry> causes;
    std::vector<NamedEntry> outcomes;
    // `[duplicates] window`: how far back `register` looks for a possible
    // duplicate.
    Duration duplicate_window{30, DurationUnit::days};
    TimeBar time_bar;
    Escalation escalation;
    // Optional: when `people` is empty, anyone may act and be assigned.
    std::vector<Person> people;
    std::vector<Department> departments;
    Notify notify;
    Authority authority;
    EvidenceSettings evidence;
    Retention retention;

    [[nodiscard]] const std::vector<NamedEntry>& entries(Table table) const;
    // The entry called `name`, or nullptr.
    [[nodiscard]] const NamedEntry* find(Table table, std::string_view name) const;
    // The entry called `name`; throws `Error` (data, exit 65) naming the
    // allowed names with their labels (`allowed: fees (收费), cards (银行卡)`)
    // when there is none.
    [[nodiscard]] const NamedEntry& require(Table table, std::string_view name) const;
    // `fees (收费), cards (银行卡)`: the names of `table` with their labels
    // (a label equal to its name is not repeated).
    [[nodiscard]] std::string allowed(Table table) const;
    // The label of `name` in `table`, or `name` itself when there is no entry.
    [[nodiscard]] std::string label(Table table, std::string_view name) const;
    // The rank of severity `name` (0 when unknown).
    [[nodiscard]] int rank(std::string_view severity) const;
    // True when kind `kind` closes at `resolve` (no revisit).
    [[nodiscard]] bool closes_on_resolve(std::string_view kind) const;
    // The entry marked default, else the one called `complaint` / `general`;
    // nullptr when neither exists.
    [[nodiscard]] const NamedEntry* default_entry(Table table) const;

    [[nodiscard]] const Person* find_person(std::string_view key) const;
    [[nodiscard]] const Department* find_department(std::string_view key) const;
    // When `[people]` is present: the person `key`, else throws `Error` (data,
    // exit 65) listing the people. Without `[people]`: nullptr.
    const Person* require_assignee(std::string_view key) const;
    // When `[people]` is present, only its keys may act, and not a viewer:
    // throws `Error` (no_permission, exit 77) for anyone else.
    void require_actor(std::string_view key) const;

    // The limits that apply to milestone `m` of a complaint of `kind`,
    // `category` and `severity`: those its kind, category and severity give,
    // or the `[limits]` default when none does. Empty when the milestone is
    // not tracked: a `"none"` among them, none at all, or `revisit` of a
    // kind that closes at resolve.
    [[nodiscard]] std::vector<Duration> applicable_limits(Milestone m, std::string_view kind,
                                                          std::string_view category,
                                                          std::string_view severity) const;
    // The same for entries already found (any may be null: not in the
    // policy), so that a caller going through every entry (`policy check`)
    // need not look each one up by name again.
    [[nodiscard]] std::vector<Duration> applicable_limits(Milestone m, const NamedEntry* kind,
                                                          const NamedEntry* category,
                                                          const NamedEntry* severity) const;
    // The deadline of milestone `m` for a clock started at `start`: the
    // earliest that any applicable limit gives (SPEC §3.2), with that limit;
    // nullopt when the milestone is not tracked for this complaint.
    [[nodiscard]] std::optional<Deadline> deadline(Milestone m, std::string_view kind,
                                                   std::string_view category,
                                                   std::string_view severity, Instant start) const;
};

}  // namespace complaints::domain
