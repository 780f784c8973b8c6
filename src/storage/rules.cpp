#include "rules.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <utility>
#include <vector>

namespace complaints::storage {

using domain::Milestone;
using domain::MilestoneState;

namespace {

std::string quoted(std::string_view name) {
    return fmt::format("'{}'", name);
}

std::string column(Milestone m, std::string_view what) {
    return fmt::format("{}_{}", domain::to_string(m), what);
}

}  // namespace

std::string status_in_sql(const std::vector<domain::Status>& statuses, std::string_view column) {
    std::string names;
    for (const auto status : statuses)
        names += (names.empty() ? "" : ", ") + quoted(domain::to_string(status));
    return fmt::format("{} IN ({})", column, names);
}

std::string final_sql() {
    return status_in_sql({domain::k_final_statuses.begin(), domain::k_final_statuses.end()});
}

std::string open_sql() {
    return fmt::format("NOT ({})", final_sql());
}

std::string unresolved_sql() {
    return status_in_sql(
        {domain::k_unresolved_statuses.begin(), domain::k_unresolved_statuses.end()});
}

std::string resolved_sql() {
    return fmt::format("{} IS NOT NULL AND NOT ({})", column(Milestone::resolve, "met_at"),
                       unresolved_sql());
}

std::string tracked_sql(Milestone m) {
    return fmt::format("{} IS NOT NULL", column(m, "due"));
}

std::string counts_sql(Milestone m, std::string_view status) {
    std::string names;
    for (const domain::Status s : domain::k_statuses)
        if (domain::Complaint::counts(m, s))
            names += (names.empty() ? "" : ", ") + quoted(domain::to_string(s));
    return fmt::format("{} IN ({})", status, names);
}

std::string next_deadline_sql() {
    // SQLite's min() of several values is NULL if one is: the deadlines that
    // do not count are '~', after every stored time, and '~' is NULL again.
    std::string parts;
    for (const Milestone m : domain::k_milestones)
        parts += fmt::format("{}coalesce(CASE WHEN {} IS NULL AND {} THEN {} END, '~')",
                             parts.empty() ? "" : ", ", column(m, "met_at"), counts_sql(m),
                             column(m, "due"));
    return fmt::format("nullif(min({}), '~')", parts);
}

std::string overdue_sql(Milestone m, std::string_view bound, Bound edge) {
    return fmt::format("{} IS NULL AND {} {} {} AND {}", column(m, "met_at"), column(m, "due"),
                       edge == Bound::inclusive ? "<=" : "<", bound, counts_sql(m));
}

std::string any_overdue_sql(std::string_view now) {
    // The milestones whose clocks run in the same statuses share one status
    // test: `(status IN (…) AND (a late OR b late …)) OR …`. A test for each
    // milestone made `report summary` twice as slow as the raw SQL.
    std::vector<std::pair<std::string, std::string>> groups;  // status test, lateness
    for (const Milestone m : domain::k_milestones) {
        const std::string counts = counts_sql(m);
        const std::string late =
            fmt::format("({} IS NULL AND {} < {})", column(m, "met_at"), column(m, "due"), now);
        auto it = std::find_if(groups.begin(), groups.end(),
                               [&](const auto& g) { return g.first == counts; });
        if (it == groups.end())
            groups.emplace_back(counts, late);
        else
            it->second += " OR " + late;
    }
    std::string parts;
    for (const auto& [counts, late] : groups)
        parts += fmt::format("{}({} AND ({}))", parts.empty() ? "" : " OR ", counts, late);
    return parts;
}

std::string overdue_rows_sql(std::string_view now) {
    std::string parts;
    for (const Milestone m : domain::k_milestones)
        parts += fmt::format("{}SELECT row_id FROM complaint WHERE {}",
                             parts.empty() ? "" : " UNION ", overdue_sql(m, now));
    return fmt::format("row_id IN ({})", parts);
}

namespace {

// Met late: met after a deadline that exists (one rule for state and on-time).
std::string met_late_sql(std::string_view due, std::string_view met) {
    return fmt::format("{0} IS NOT NULL AND {1} > {0}", due, met);
}

}  // namespace

std::string state_sql(Milestone m, std::string_view due, std::string_view met,
                      std::string_view status, std::string_view now) {
    return fmt::format(
        "CASE WHEN {met} IS NOT NULL THEN CASE WHEN {late_met} THEN {met_late} ELSE {on_time} END "
        "WHEN {due} IS NULL THEN {not_started} "
        "WHEN {final} THEN {stopped} WHEN NOT {counts} THEN {paused} "
        "WHEN {due} < {now} THEN {overdue} ELSE {pending} END",
        fmt::arg("met", met), fmt::arg("due", due), fmt::arg("now", now),
        fmt::arg("final",
                 status_in_sql({domain::k_final_statuses.begin(), domain::k_final_statuses.end()},
                               status)),
        fmt::arg("counts", counts_sql(m, status)),
        fmt::arg("stopped", quoted(to_string(MilestoneState::stopped))),
        fmt::arg("paused", quoted(to_string(MilestoneState::paused))),
        fmt::arg("late_met", met_late_sql(due, met)),
        fmt::arg("met_late", quoted(to_string(MilestoneState::met_late))),
        fmt::arg("on_time", quoted(to_string(MilestoneState::met))),
        fmt::arg("not_started", quoted(to_string(MilestoneState::not_started))),
        fmt::arg("overdue", quoted(to_string(MilestoneState::overdue))),
        fmt::arg("pending", quoted(to_string(MilestoneState::pending))));
}

std::string state_sql(Milestone m, std::string_view now) {
    return state_sql(m, column(m, "due"), column(m, "met_at"), "status", now);
}

std::string on_time_sql(Milestone m) {
    const std::string met = column(m, "met_at");
    return fmt::format("CASE WHEN {} IS NULL THEN NULL WHEN {} THEN 0 ELSE 1 END", met,
                       met_late_sql(column(m, "due"), met));
}

}  // namespace complaints::storage
