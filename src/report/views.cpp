#include <complaints/domain/translate.hpp>
#include <complaints/report/views.hpp>

#include "json_writer.hpp"
#include "render_support.hpp"

#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include <algorithm>

namespace complaints::report {

namespace {

using domain::Complaint;
using domain::Instant;
using nlohmann::ordered_json;
using namespace detail;

// A name of the catalogue (a status, a milestone) in the user's language.
std::string translated_name(std::string_view cell) {
    return tr(std::string(cell));
}

// `column`, its cells names that text output shows in the user's language
// (statuses, milestones).
Table::Column names_column(Table::Column column) {
    column.translate_value = translated_name;
    return column;
}

// A group's cell as text shows it: the group's label as it is, but "(none)"
// and the total row's "total" in the user's language.
std::string group_text(std::string_view cell) {
    if (cell == "(none)") return tr("(none)");
    // TRANSLATORS: the label of the total row of `report summary`.
    if (cell == "total") return tr("total");
    return std::string(cell);
}

// The column of the groups of `by`, named after it.
Table::Column group_column(storage::GroupBy by) {
    Table::Column column{std::string(to_string(by))};
    column.translate_value = group_text;
    return column;
}

// `report overdue`'s "late" cell ("3h late", "due in 2h", as overdue_cells
// writes it) as text shows it: in the user's language.
std::string late_text(std::string_view cell) {
    constexpr std::string_view late = " late", due_in = "due in ";
    if (cell.ends_with(late)) return trf("{} late", cell.substr(0, cell.size() - late.size()));
    if (cell.starts_with(due_in)) return trf("due in {}", cell.substr(due_in.size()));
    return std::string(cell);
}

}  // namespace

std::vector<Table::Column> list_columns() {
    return {{N_("number")},
            {N_("received")},
            names_column({N_("status")}),
            {N_("category")},
            {N_("severity")},
            {N_("assignee"), Align::left, "-"},
            {N_("next_deadline"), Align::left, "-"},
            {N_("summary")}};
}

std::vector<std::optional<std::string>> list_row(const storage::ListRow& row, Names names,
                                                 const View& view) {
    const auto shown = [&](domain::Table table, const std::string& name) {
        return names == Names::labels ? label(table, name, view) : name;
    };
    return {row.id,
            domain::format_local(row.received_at, view.policy.zone),
            std::string(domain::to_string(row.status)),
            shown(domain::Table::category, row.category),
            shown(domain::Table::severity, row.severity),
            row.assignee,
            row.next_deadline
                ? std::optional(domain::format_local(*row.next_deadline, view.policy.zone))
                : std::nullopt,
            row.summary};
}

std::string_view to_string(storage::GroupBy by) {
    return by == storage::GroupBy::none ? std::string_view() : domain::name_of(by);
}

namespace {

std::optional<double> ratio(long long part, long long whole) {
    if (whole == 0) return std::nullopt;
    return static_cast<double>(part) / static_cast<double>(whole);
}

std::optional<std::string> number(const std::optional<double>& value, const char* format) {
    if (!value) return std::nullopt;
    return fmt::format(fmt::runtime(format), *value);
}

std::optional<domain::Table> table_of(storage::GroupBy by) {
    switch (by) {
        case storage::GroupBy::category:
            return domain::Table::category;
        case storage::GroupBy::channel:
            return domain::Table::channel;
        case storage::GroupBy::severity:
            return domain::Table::severity;
        case storage::GroupBy::kind:
            return domain::Table::kind;
        case storage::GroupBy::site:
            return domain::Table::site;
        case storage::GroupBy::cause:
            return domain::Table::cause;
        default:
            return std::nullopt;
    }
}

// The groups of `rows` as shown (labels in text, names otherwise; `(none)`
// for no value), and the order to show the rows in: as given (by name, no
// value last) for names; by shown label, no value last, for labels (SPEC §10:
// "text output sorts groups by label"). The sort is stable, so rows of one
// group keep their order.
template <typename Row>
std::pair<std::vector<std::string>, std::vector<std::size_t>> shown_groups(
    const std::vector<Row>& rows, storage::GroupBy by, Names names, const View& view) {
    const auto table = table_of(by);
    std::vector<std::string> shown;
    std::vector<std::size_t> order;
    for (std::size_t i = 0; i < rows.size(); ++i) {
        const auto& group = rows[i].group;
        shown.push_back(!group                            ? std::string(N_("(none)"))
                        : table && names == Names::labels ? label(*table, *group, view)
                                                          : *group);
        order.push_back(i);
    }
    if (names == Names::labels)
        std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
            const bool none_a = !rows[a].group, none_b = !rows[b].group;
            if (none_a != none_b) return none_b;
            return shown[a] < shown[b];
        });
    return {std::move(shown), std::move(order)};
}

std::optional<std::string> count_text(long long v) {
    return std::to_string(v);
}

ordered_json nullable_number(const std::optional<double>& v) {
    return v ? ordered_json(*v) : ordered_json(nullptr);
}

}  // namespace

Table summary_table(const std::vector<storage::SummaryRow>& rows, const storage::SummaryRow* total,
                    storage::GroupBy by, Names names, const View& view) {
    Table t;
    if (by != storage::GroupBy::none) t.columns.push_back(group_column(by));
    for (const char* name :
         {N_("received"), N_("open"), N_("closed"), N_("rejected"), N_("withdrawn"), N_("on_hold"),
          N_("awaiting_approval"), N_("overdue"), N_("resolved"), N_("resolved_on_time"),
          N_("on_time_rate"), N_("avg_resolve_hours"), N_("revisited"), N_("satisfied"),
          N_("satisfaction_rate"), N_("avg_score"), N_("reopened")})
        t.columns.push_back({name, Align::right});
    const auto add = [&](const storage::SummaryRow& r, std::optional<std::string> group) {
        std::vector<std::optional<std::string>> row;
        if (by != storage::GroupBy::none) row.push_back(std::move(group));
        const auto n = count_text;
        row.insert(row.end(),
                   {n(r.received), n(r.open), n(r.closed), n(r.rejected), n(r.withdrawn),
                    n(r.on_hold), n(r.awaiting_approval), n(r.overdue), n(r.resolved),
                    n(r.resolved_on_time), number(ratio(r.resolved_on_time, r.resolved), "{:.2f}"),
                    number(r.avg_resolve_hours, "{:.1f}"), n(r.revisited), n(r.satisfied),
                    number(ratio(r.satisfied, r.revisited), "{:.2f}"),
                    number(r.avg_score, "{:.2f}"), n(r.reopened)});
        t.rows.push_back(std::move(row));
    };
    const auto [shown, order] = shown_groups(rows, by, names, view);
    for (const std::size_t i : order) add(rows[i], shown[i]);
    if (total) add(*total, std::string(N_("total")));
    return t;
}

std::string summary_json(const std::vector<storage::SummaryRow>& rows, storage::GroupBy by) {
    ordered_json out = ordered_json::array();
    for (const auto& r : rows) {
        ordered_json j;
        if (by != storage::GroupBy::none) j[std::string(to_string(by))] = optional_json(r.group);
        j["received"] = r.received;
        j["open"] = r.open;
        j["closed"] = r.closed;
        j["rejected"] = r.rejected;
        j["withdrawn"] = r.withdrawn;
        j["on_hold"] = r.on_hold;
        j["awaiting_approval"] = r.awaiting_approval;
        j["overdue"] = r.overdue;
        j["resolved"] = r.resolved;
        j["resolved_on_time"] = r.resolved_on_time;
        j["on_time_rate"] = nullable_number(ratio(r.resolved_on_time, r.resolved));
        j["avg_resolve_hours"] = nullable_number(r.avg_resolve_hours);
        j["revisited"] = r.revisited;
        j["satisfied"] = r.satisfied;
        j["satisfaction_rate"] = nullable_number(ratio(r.satisfied, r.revisited));
        j["avg_score"] = nullable_number(r.avg_score);
        j["reopened"] = r.reopened;
        out.push_back(std::move(j));
    }
    return dump(out);
}

namespace {

// met_on_time / (met + overdue): the share of the milestones due so far that
// were met in time.
std::optional<double> milestone_on_time_rate(const storage::MilestoneReportRow& r) {
    return ratio(r.met_on_time, r.met + r.overdue);
}

}  // namespace

Table milestones_table(const std::vector<storage::MilestoneReportRow>& rows, storage::GroupBy by,
                       Names names, const View& view) {
    Table t;
    if (by != storage::GroupBy::none) t.columns.push_back(group_column(by));
    t.columns.push_back(names_column({N_("milestone")}));
    for (const char* name :
         {N_("started"), N_("met"), N_("met_on_time"), N_("met_late"), N_("overdue"),
          N_("on_time_rate"), N_("median_hours"), N_("p90_hours")})
        t.columns.push_back({name, Align::right});
    const auto [shown, order] = shown_groups(rows, by, names, view);
    for (const std::size_t i : order) {
        const auto& r = rows[i];
        std::vector<std::optional<std::string>> row;
        if (by != storage::GroupBy::none) row.push_back(shown[i]);
        row.insert(row.end(), {std::string(domain::to_string(r.milestone)), count_text(r.started),
                               count_text(r.met), count_text(r.met_on_time), count_text(r.met_late),
                               count_text(r.overdue), number(milestone_on_time_rate(r), "{:.2f}"),
                               number(r.median_hours, "{:.1f}"), number(r.p90_hours, "{:.1f}")});
        t.rows.push_back(std::move(row));
    }
    return t;
}

std::string milestones_json(const std::vector<storage::MilestoneReportRow>& rows,
                            storage::GroupBy by) {
    ordered_json out = ordered_json::array();
    for (const auto& r : rows) {
        ordered_json j;
        if (by != storage::GroupBy::none) j[std::string(to_string(by))] = optional_json(r.group);
        j["milestone"] = domain::to_string(r.milestone);
        j["started"] = r.started;
        j["met"] = r.met;
        j["met_on_time"] = r.met_on_time;
        j["met_late"] = r.met_late;
        j["overdue"] = r.overdue;
        j["on_time_rate"] = nullable_number(milestone_on_time_rate(r));
        j["median_hours"] = nullable_number(r.median_hours);
        j["p90_hours"] = nullable_number(r.p90_hours);
        out.push_back(std::move(j));
    }
    return dump(out);
}

Table trend_table(const std::vector<domain::Period>& periods,
                  const std::vector<storage::TrendRow>& rows, bool with_bar, int width) {
    Table t;
    t.columns = {{N_("period")},
                 {N_("received"), Align::right},
                 {N_("resolved"), Align::right},
                 {N_("closed"), Align::right},
                 {N_("resolved_on_time"), Align::right},
                 {N_("on_time_rate"), Align::right}};
    long long most = 0;
    for (const auto& r : rows) most = std::max(most, r.received);
    for (std::size_t i = 0; i < periods.size() && i < rows.size(); ++i) {
        const auto& r = rows[i];
        t.rows.push_back({periods[i].label, std::to_string(r.received), std::to_string(r.resolved),
                          std::to_string(r.closed), std::to_string(r.resolved_on_time),
                          number(ratio(r.resolved_on_time, r.resolved), "{:.2f}")});
    }
    if (!with_bar) return t;
    // The bar gets what the other columns leave of the width (the header line
    // is as wide as the table: its last column is right-aligned).
    const std::string text = render_text(t, {});
    const int used = display_width(std::string_view(text).substr(0, text.find('\n')));
    // A narrower bar cannot show the differences (with one column, every
    // period with anything received gets the same '#'): none at all, then.
    const int room = width - used - 2;
    if (room < k_min_trend_bar) return t;
    t.columns.emplace_back("");
    for (std::size_t i = 0; i < t.rows.size(); ++i) {
        const long long n = rows[i].received;
        const auto length = most == 0 ? 0 : static_cast<std::size_t>((n * room + most - 1) / most);
        t.rows[i].push_back(std::string(length, '#'));
    }
    return t;
}

std::string trend_json(const std::vector<domain::Period>& periods,
                       const std::vector<storage::TrendRow>& rows, const View& view) {
    ordered_json out = ordered_json::array();
    for (std::size_t i = 0; i < periods.size() && i < rows.size(); ++i) {
        const auto& r = rows[i];
        const auto rate = ratio(r.resolved_on_time, r.resolved);
        out.push_back({{"period", periods[i].label},
                       {"start", domain::format_rfc3339(periods[i].start, view.policy.zone)},
                       {"end", domain::format_rfc3339(periods[i].end, view.policy.zone)},
                       {"received", r.received},
                       {"resolved", r.resolved},
                       {"closed", r.closed},
                       {"resolved_on_time", r.resolved_on_time},
                       {"on_time_rate", rate ? ordered_json(*rate) : ordered_json(nullptr)}});
    }
    return dump(out);
}

std::vector<Table::Column> overdue_columns() {
    Table::Column late{N_("late")};
    late.translate_value = late_text;
    return {{N_("number")},
            names_column({N_("milestone")}),
            {N_("deadline")},
            std::move(late),
            {N_("assignee"), Align::left, "-"},
            {N_("department"), Align::left, "-"},
            {N_("severity")},
            {N_("summary")}};
}

TextTable::Row overdue_cells(const storage::OverdueRow& r, Instant as_of, Names names,
                             const View& view) {
    const auto late = as_of - r.due;
    // English here (CSV, xlsx); text shows it translated (late_text).
    const std::string how = late.count() > 0 ? fmt::format("{} late", domain::format_span(late))
                                             : fmt::format("due in {}", domain::format_span(-late));
    return {r.id,
            std::string(domain::to_string(r.milestone)),
            domain::format_local(r.due, view.policy.zone),
            how,
            r.assignee,
            r.department,
            names == Names::labels ? label(domain::Table::severity, r.severity, view) : r.severity,
            r.summary};
}

std::string overdue_json_item(const storage::OverdueRow& r, Instant as_of, const View& view) {
    // Floor, not truncation: a deadline 30 s ahead is -1 minutes late, not 0.
    const auto late = std::chrono::floor<std::chrono::minutes>(as_of - r.due);
    std::string out;
    detail::JsonWriter(out, 2, 1)
        .begin_object()
        .member("id", r.id)
        .member("milestone", domain::to_string(r.milestone))
        .member("due", domain::format_rfc3339(r.due, view.policy.zone))
        .member("late_minutes", late.count())
        .member("assignee", r.assignee)
        .member("department", r.department)
        .member("severity", r.severity)
        .member("summary", r.summary)
        .end_object();
    return out;
}

std::string overdue_json(const std::vector<storage::OverdueRow>& rows, Instant as_of,
                         const View& view) {
    std::string out;
    JsonItems items;
    for (const auto& r : rows) out += std::string(items.next()) + overdue_json_item(r, as_of, view);
    return out += items.end();
}

}  // namespace complaints::report
