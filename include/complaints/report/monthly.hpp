#pragma once

#include <complaints/domain/milestone.hpp>
#include <complaints/domain/period.hpp>
#include <complaints/report/views.hpp>
#include <complaints/storage/reports.hpp>

#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace complaints::report {

// The figures of one month in the side-by-side table of `report monthly`
// (SPEC §15). Counts by received time come from `report summary` over the
// month, closed and resolved from `report trend` (by close and resolution
// time), the on-time rates from `report milestones` (one per
// domain::k_limited_milestones, in order), money from `Reports::paid`.
struct MonthFigures {
    long long received = 0, resolved = 0, closed = 0, rejected = 0, withdrawn = 0;
    std::array<std::optional<double>, domain::k_limited_milestones.size()> on_time{};
    std::optional<double> satisfaction_rate, reopen_rate;
    std::vector<storage::PaidRow> paid;
};

// Everything the monthly page shows, gathered by the command: no renderer
// reads the database.
struct MonthlyReport {
    domain::Period month, previous;
    MonthFigures current, before;
    // The 12 months ending with `month`, and their counts (`Reports::trend`).
    std::vector<domain::Period> trend_periods;
    std::vector<storage::TrendRow> trend;
    // `report summary --by category|site|cause` over the month.
    std::vector<storage::SummaryRow> by_category, by_site, by_cause;
    // The milestones overdue at the month's end, most overdue first, at most
    // the first k_monthly_overdue_rows of `overdue_total`.
    std::vector<storage::OverdueRow> overdue;
    long long overdue_total = 0;
    storage::ChainHead head;
    domain::Instant generated_at{};
};

// The most overdue rows the page lists; the rest are counted ("and N more").
inline constexpr std::size_t k_monthly_overdue_rows = 200;

// One series of a bar chart: its name (the legend), a CSS class for its
// colour, and one value per label.
struct ChartSeries {
    std::string name;
    std::string css_class;
    std::vector<long long> values;
};

// A grouped bar chart as inline SVG (no script, no external reference): one
// group of bars per label, a bar per series, heights proportional to the
// values on an axis from 0 to a rounded maximum (1 when every value is 0),
// the value above each bar, the labels below, a legend and `title` (escaped)
// as the accessible name. Each bar is a <rect> of class `bar <css_class>`
// with a `data-value`.
std::string bar_chart_svg(std::string_view title, const std::vector<std::string>& labels,
                          const std::vector<ChartSeries>& series);

// The smallest "nice" axis maximum at or above `max`: 4 ticks of 1, 2, 3,
// 4, 5, 6 or 8 times a power of ten; 4 when `max` is 0 or less.
long long chart_axis_max(long long max);

// `text` for HTML text or a quoted attribute: &, <, >, " and ' as entities,
// control characters shown as `\x..` and invalid UTF-8 as U+FFFD
// (domain::printable).
std::string html_escape(std::string_view text);

// The monthly report as one self-contained HTML page (UTF-8, inline CSS and
// SVG, no script, nothing fetched): labels from `view.policy`, times in its
// zone.
std::string monthly_html(const MonthlyReport& report, const View& view);

}  // namespace complaints::report
