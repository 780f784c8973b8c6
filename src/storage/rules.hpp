#pragma once

#include <complaints/domain/complaint.hpp>
#include <complaints/domain/milestone.hpp>
#include <complaints/storage/reports.hpp>

#include <string>
#include <string_view>
#include <vector>

namespace complaints::storage {

// The business rules that SQL must apply too, generated from domain so that
// there is one definition (tests/unit/rules.cpp checks SQL and C++ agree on
// every case):
//   "open"            = not a final status (domain::k_final_statuses)
//   milestone state   = domain::Complaint::state
// Columns are those of the complaint table (`assign_due`, `assign_met_at`, ...).

// "status IN ('a', 'b')".
std::string status_in_sql(const std::vector<domain::Status>& statuses,
                          std::string_view column = "status");
// The complaint is open: its status is not final.
std::string open_sql();
// The complaint is closed: its status is final.
std::string final_sql();
// The complaint ended without a resolution (domain::k_unresolved_statuses):
// rejected or withdrawn.
std::string unresolved_sql();
// The complaint counts as resolved (domain::Complaint::is_resolved): its
// resolve milestone is met and it did not end unresolved.
std::string resolved_sql();
// Milestone `m` is tracked for the complaint: its clock runs with a deadline
// (a limit of "none" starts a clock without one; stored before version 4,
// acknowledge has none).
std::string tracked_sql(domain::Milestone m);
// Milestone `m` can be overdue in the status held by column `status`
// (domain::Complaint::counts): not final, and on hold only for `hold`.
std::string counts_sql(domain::Milestone m, std::string_view status = "status");
// The earliest deadline not met among the milestones whose clocks run in the
// complaint's status, or NULL: domain::Complaint::next_deadline in SQL.
std::string next_deadline_sql();
// Milestone `m` is unmet, due before `bound` (an SQL expression), or at it
// too with Bound::inclusive, and counts in the complaint's status: the shape
// of the partial index complaint_<m>_open, so that it is used.
std::string overdue_sql(domain::Milestone m, std::string_view bound, Bound edge = Bound::exclusive);
// Some milestone is overdue at `now` (an SQL expression).
std::string any_overdue_sql(std::string_view now);
// `row_id IN (...)`: the complaints overdue at `now`, as a UNION of one
// search per milestone of its partial index `complaint_M_open` (an OR of the
// same conditions makes SQLite scan the table when the query is ordered).
std::string overdue_rows_sql(std::string_view now);
// The state at `now` (an SQL expression) of milestone `m` whose deadline,
// time met and complaint status are the columns `due`, `met` and `status`,
// as its name (domain::Complaint::state).
std::string state_sql(domain::Milestone m, std::string_view due, std::string_view met,
                      std::string_view status, std::string_view now);
std::string state_sql(domain::Milestone m, std::string_view now);
// 1 when milestone `m` was met on time, 0 when met late, NULL when unmet
// (the met/met_late rule of `state_sql`, kept short: view definitions are
// parsed by every connection, so their length is start-up time).
std::string on_time_sql(domain::Milestone m);

}  // namespace complaints::storage
