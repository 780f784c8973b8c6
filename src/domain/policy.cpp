#include <complaints/domain/error.hpp>
#include <complaints/domain/policy.hpp>
#include <complaints/domain/translate.hpp>

#include <fmt/format.h>

namespace complaints::domain {

// The names are policy keys (`[category.NAME]`), and translated in messages
// (`shown_name(table)`).
std::string_view to_string(Table table) {
    switch (table) {
        case Table::kind:
            // TRANSLATORS: the tables of names of the policy, in messages such as
            // "unknown category 'x'": kind (of complaint) 类型, severity 严重程度,
            // channel 渠道, category 类别, site 网点, cause 原因, outcome 处理结果.
            return N_("kind");
        case Table::severity:
            return N_("severity");
        case Table::channel:
            return N_("channel");
        case Table::category:
            return N_("category");
        case Table::site:
            return N_("site");
        case Table::cause:
            return N_("cause");
        case Table::outcome:
            return N_("outcome");
    }
    return "?";
}

const std::vector<NamedEntry>& Policy::entries(Table table) const {
    switch (table) {
        case Table::kind:
            return kinds;
        case Table::severity:
            return severities;
        case Table::channel:
            return channels;
        case Table::category:
            return categories;
        case Table::site:
            return sites;
        case Table::cause:
            return causes;
        case Table::outcome:
            break;
    }
    return outcomes;
}

const NamedEntry* Policy::find(Table table, std::string_view name) const {
    for (const auto& entry : entries(table))
        if (entry.name == name) return &entry;
    return nullptr;
}

const NamedEntry& Policy::require(Table table, std::string_view name) const {
    if (const NamedEntry* entry = find(table, name)) return *entry;
    // TRANSLATORS: {} is a table of the policy (kind, severity, ...), then the name
    // given: "unknown category 'x'".
    const std::string unknown = trf("unknown {} '{}'", shown_name(table), name);
    if (entries(table).empty())
        throw Error(ExitCode::data, unknown,
                    {trf("the policy ({}) defines no [{}.NAME] table", source, to_string(table))});
    throw Error(ExitCode::data, unknown, {trf("allowed: {} (policy: {})", allowed(table), source)});
}

std::string Policy::allowed(Table table) const {
    std::string names;
    for (const auto& entry : entries(table)) {
        if (!names.empty()) names += ", ";
        names += entry.name;
        if (!entry.label.empty() && entry.label != entry.name)
            names += fmt::format(" ({})", tr(entry.label));
    }
    return names;
}

std::string Policy::label(Table table, std::string_view name) const {
    const NamedEntry* entry = find(table, name);
    // The built-in policy's labels are in the catalogue (policy/builtin.cpp);
    // a policy file's are shown as written (tr returns text it lacks as is).
    return entry && !entry->label.empty() ? tr(entry->label) : std::string(name);
}

int Policy::rank(std::string_view severity) const {
    const NamedEntry* entry = find(Table::severity, severity);
    return entry ? entry->rank : 0;
}

bool Policy::closes_on_resolve(std::string_view kind) const {
    const NamedEntry* entry = find(Table::kind, kind);
    return entry && entry->close_on_resolve;
}

std::string TimeBar::to_string() const {
    return duration ? duration->to_string() : fmt::format("{}y", years);
}

Instant TimeBar::end(Instant known, const TimeZone& zone) const {
    if (duration) return add_duration(known, *duration, Calendar{}, zone);
    // The same local date and time `years` later; 29 February becomes 28 February.
    const LocalTime local = zone.to_local(known);
    const auto date = std::chrono::floor<std::chrono::days>(local);
    std::chrono::year_month_day ymd{date};
    ymd = ymd.year() / ymd.month() / ymd.day() + std::chrono::years{years};
    if (!ymd.ok()) ymd = ymd.year() / ymd.month() / std::chrono::last;
    return zone.to_instant(LocalTime{std::chrono::local_days{ymd}} + (local - date));
}

const NamedEntry* Policy::default_entry(Table table) const {
    for (const auto& entry : entries(table))
        if (entry.is_default) return &entry;
    if (table == Table::kind) return find(table, "complaint");
    if (table == Table::severity) return find(table, "general");
    return nullptr;
}

const Person* Policy::find_person(std::string_view key) const {
    for (const auto& person : people)
        if (person.key == key) return &person;
    return nullptr;
}

const Department* Policy::find_department(std::string_view key) const {
    for (const auto& department : departments)
        if (department.key == key) return &department;
    return nullptr;
}

namespace {

std::string people_keys(const std::vector<Person>& people) {
    std::string keys;
    for (const auto& person : people)
        keys += fmt::format("{}{}", keys.empty() ? "" : ", ", person.key);
    return keys;
}

}  // namespace

const Person* Policy::require_assignee(std::string_view key) const {
    if (people.empty()) return nullptr;
    if (const Person* person = find_person(key)) return person;
    throw Error(ExitCode::data, trf("unknown person '{}'", key),
                {trf("the policy ({}) lists these people: {}", source, people_keys(people))});
}

void Policy::require_actor(std::string_view key) const {
    if (people.empty()) return;
    if (const Person* person = find_person(key)) {
        if (person->role != Role::viewer) return;
        throw Error(ExitCode::no_permission,
                    trf("'{}' is a viewer and may not change complaints", key),
                    {tr("act as someone whose role is agent, supervisor or manager (--as NAME or "
                        "COMPLAINTS_USER)")});
    }
    throw Error(ExitCode::no_permission,
                trf("'{}' is not allowed to change complaints: not in [people] of the policy", key),
                {trf("act as one of: {} (--as NAME or COMPLAINTS_USER)", people_keys(people))});
}

std::vector<Duration> Policy::applicable_limits(Milestone m, std::string_view kind,
                                                std::string_view category,
                                                std::string_view severity) const {
    return applicable_limits(m, find(Table::kind, kind), find(Table::category, category),
                             find(Table::severity, severity));
}

std::vector<Duration> Policy::applicable_limits(Milestone m, const NamedEntry* kind,
                                                const NamedEntry* category,
                                                const NamedEntry* severity) const {
    std::vector<Duration> found;
    if (m == Milestone::revisit && kind && kind->close_on_resolve) return found;
    bool none = false;
    for (const NamedEntry* entry : {kind, category, severity}) {
        if (!entry) continue;
        none = none || entry->limits.is_none(m);
        if (entry->limits[m]) found.push_back(*entry->limits[m]);
    }
    if (none) return {};
    if (found.empty() && limits[m]) found.push_back(*limits[m]);
    return found;
}

std::optional<Deadline> Policy::deadline(Milestone m, std::string_view kind,
                                         std::string_view category, std::string_view severity,
                                         Instant start) const {
    std::optional<Deadline> earliest;
    for (const Duration& limit : applicable_limits(m, kind, category, severity)) {
        const auto due = add_duration_in_range(start, limit, calendar, zone);
        if (!due)
            throw Error(
                ExitCode::data,
                // TRANSLATORS: the first {} is a milestone: "the resolve deadline would fall ...".
                trf("the {} deadline would fall after the year 9999: the policy's limit "
                    "'{}' is too long",
                    shown_name(m), limit.to_string()),
                {tr("times and deadlines must lie in the years 1970 to 9999 (UTC); shorten "
                    "the limit in the policy")});
        if (!earliest || *due < earliest->due) earliest = Deadline{*due, limit};
    }
    return earliest;
}

}  // namespace complaints::domain
