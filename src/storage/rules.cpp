#include "rules.hpp"

#include <fmt/format.h>

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

std::string status_in_sql(const std::vector<domain::Status>& statuses) {
    std::string names;
    for (const auto status : statuses)
        names += (names.empty() ? "" : ", ") + quoted(domain::to_string(status));
    return fmt::format("status IN ({})", names);
}

std::string final_sql() {
    return status_in_sql({domain::k_final_statuses.begin(), domain::k_final_statuses.end()});
}

std::string open_sql() {
    return fmt::format("NOT ({})", final_sql());
}

std::string overdue_sql(Milestone m, std::string_view bound) {
    return fmt::format("{} IS NULL AND {} < {}", column(m, "met_at"), column(m, "due"), bound);
}

std::string any_overdue_sql(std::string_view now) {
    std::string parts;
    for (const Milestone m : domain::k_milestones)
        parts += fmt::format("{}({})", parts.empty() ? "" : " OR ", overdue_sql(m, now));
    return parts;
}

std::string state_sql(Milestone m, std::string_view now) {
    const std::string due = column(m, "due");
    const std::string met = column(m, "met_at");
    return fmt::format(
        "CASE WHEN {met} IS NOT NULL THEN "
        "CASE WHEN {due} IS NOT NULL AND {met} > {due} THEN {met_late} ELSE {on_time} END "
        "WHEN {due} IS NULL THEN {not_started} "
        "WHEN {overdue} THEN {late} ELSE {pending} END",
        fmt::arg("met", met), fmt::arg("due", due),
        fmt::arg("met_late", quoted(to_string(MilestoneState::met_late))),
        fmt::arg("on_time", quoted(to_string(MilestoneState::met))),
        fmt::arg("not_started", quoted(to_string(MilestoneState::not_started))),
        fmt::arg("overdue", overdue_sql(m, now)),
        fmt::arg("late", quoted(to_string(MilestoneState::overdue))),
        fmt::arg("pending", quoted(to_string(MilestoneState::pending))));
}

std::string on_time_sql(Milestone m) {
    // The state's own met/met_late rule; `now` plays no part once met.
    return fmt::format("CASE {} WHEN {} THEN 1 WHEN {} THEN 0 END", state_sql(m, "NULL"),
                       quoted(to_string(MilestoneState::met)),
                       quoted(to_string(MilestoneState::met_late)));
}

}  // namespace complaints::storage
