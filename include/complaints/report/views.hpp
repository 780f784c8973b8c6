#pragma once

#include <complaints/domain/complaint.hpp>
#include <complaints/domain/event.hpp>
#include <complaints/domain/period.hpp>
#include <complaints/domain/policy.hpp>
#include <complaints/report/table.hpp>
#include <complaints/storage/complaints.hpp>
#include <complaints/storage/reports.hpp>

#include <string>
#include <string_view>
#include <vector>

namespace complaints::report {

// What the renderers need besides the data: the policy (zone, labels,
// currency) and the moment milestone states are judged at.
struct View {
    const domain::Policy& policy;
    domain::Instant now;
};

// Whether tables show the policy's labels (text for people) or names (CSV).
enum class Names { keys, labels };

// A complaint as the JSON object of SPEC §5; with `events`, including its
// findings, revisits and history (`show`).
std::string complaint_json(const domain::Complaint& complaint,
                           const std::vector<domain::Event>* events, const View& view);
// A complaint as one line of `export`'s JSON Lines (SPEC §13): the object
// of `show` on one line, its events without their sequence numbers.
std::string complaint_line(const domain::Complaint& complaint,
                           const std::vector<domain::Event>& events, const View& view);
// A JSON array written one element at a time, each as a `*_json_item`
// function returns it, laid out as the whole array would be: `next()` is what
// goes before an element, `end()` what closes the array (`[]` when empty).
// `list` and `report overdue` stream with it; `complaints_json` and
// `overdue_json` are built with it.
class JsonItems {
public:
    std::string_view next() { return m_count++ ? ",\n" : "[\n"; }
    [[nodiscard]] std::string_view end() const { return m_count ? "\n]\n" : "[]\n"; }

private:
    std::size_t m_count = 0;
};

// A JSON array of complaint objects (`list --format json`), `events[i]`
// holding the events of `complaints[i]` (for findings and revisits).
std::string complaints_json(const std::vector<domain::Complaint>& complaints,
                            const std::vector<std::vector<domain::Event>>& events,
                            const View& view);
// `show` as text: fields, milestones with their states, findings, revisits, history.
std::string complaint_text(const domain::Complaint& complaint,
                           const std::vector<domain::Event>& events, const View& view,
                           const TextStyle& style);

// The tables' column names are English (CSV, JSON, xlsx); text shows them
// translated (Table::Column::translate_name), and so are the status and
// milestone cells, the groups' "(none)" and "total" and overdue's "late"
// cells (Table::Column::translate_value).

// `list`: number, received, status, category, severity, assignee, next
// deadline, summary. Its columns, and one complaint's row, for output that
// streams.
std::vector<Table::Column> list_columns();
std::vector<std::optional<std::string>> list_row(const storage::ListRow& row, Names names,
                                                 const View& view);
// One element of `complaints_json`'s array, as that array prints it
// (indented by two, without the comma), for output that streams (`list
// --format json`, with JsonItems).
std::string complaints_json_item(const domain::Complaint& complaint,
                                 const std::vector<domain::Event>& events, const View& view);

// `report summary`: one row per group, plus the total row when `total` is
// given. With `Names::labels` (text), groups show the policy's labels and are
// sorted by them, "(none)" last; otherwise they keep the order of `rows`.
Table summary_table(const std::vector<storage::SummaryRow>& rows, const storage::SummaryRow* total,
                    storage::GroupBy by, Names names, const View& view);
std::string summary_json(const std::vector<storage::SummaryRow>& rows, storage::GroupBy by);
std::string_view to_string(storage::GroupBy by);

// `report milestones`: one row per group and milestone. With `Names::labels`
// (text), groups show their labels and are sorted by them, as in
// `summary_table`; otherwise by name, no value last.
Table milestones_table(const std::vector<storage::MilestoneReportRow>& rows, storage::GroupBy by,
                       Names names, const View& view);
// The same as a JSON array of objects; `on_time_rate` is a number from 0 to
// 1 and the hours are numbers, each `null` when undefined.
std::string milestones_json(const std::vector<storage::MilestoneReportRow>& rows,
                            storage::GroupBy by);

// `report trend`: one row per period with a bar of the received count in text
// (scaled so the longest fills the width left by `style.width`, or 80 columns;
// left out when that leaves fewer than k_min_trend_bar columns).
inline constexpr int k_min_trend_bar = 5;
report::Table trend_table(const std::vector<domain::Period>& periods,
                          const std::vector<storage::TrendRow>& rows, bool with_bar, int width);
std::string trend_json(const std::vector<domain::Period>& periods,
                       const std::vector<storage::TrendRow>& rows, const View& view);

// `report overdue`: late or soon-due milestones, most overdue first; its
// columns and one row's cells (the command streams them: cli::TableStream).
std::vector<Table::Column> overdue_columns();
TextTable::Row overdue_cells(const storage::OverdueRow& row, domain::Instant as_of, Names names,
                             const View& view);
std::string overdue_json(const std::vector<storage::OverdueRow>& rows, domain::Instant as_of,
                         const View& view);
// One element of `overdue_json`'s array, as it is written inside it
// (indented, without the comma), for output that streams (with JsonItems).
std::string overdue_json_item(const storage::OverdueRow& row, domain::Instant as_of,
                              const View& view);

}  // namespace complaints::report
