// `report monthly` (SPEC §15): the month's figures as one self-contained HTML
// page. The chart and the escaping are in monthly_chart.cpp.
#include <complaints/domain/money.hpp>
#include <complaints/domain/translate.hpp>
#include <complaints/report/monthly.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <cstdlib>
#include <set>

namespace complaints::report {

namespace {

// Inline CSS: fluid to a phone's width (wide tables and the chart scroll
// sideways), CJK fonts in the stack, and print rules that keep tables and
// charts whole and need no backgrounds.
constexpr std::string_view k_css = R"css(
:root { color-scheme: light; }
body { margin: 0; background: #f4f6f8; color: #1f2933; line-height: 1.45;
  font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "Helvetica Neue", Arial,
    "Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Hiragino Sans GB",
    "Microsoft YaHei", "WenQuanYi Micro Hei", sans-serif; }
main { max-width: 980px; margin: 0 auto; padding: 20px 16px 32px; }
header { border-bottom: 3px solid #2f5d9b; margin-bottom: 18px; padding-bottom: 10px; }
h1 { font-size: 1.6rem; margin: 0 0 4px; }
h2 { font-size: 1.15rem; margin: 0 0 10px; color: #243b53; }
.sub, .note { color: #52606d; font-size: .9rem; margin: 4px 0; }
section { background: #fff; border: 1px solid #dde3ea; border-radius: 8px; padding: 16px;
  margin: 0 0 18px; }
.scroll { overflow-x: auto; -webkit-overflow-scrolling: touch; }
table { border-collapse: collapse; width: 100%; font-variant-numeric: tabular-nums; }
th, td { padding: 6px 10px; border-bottom: 1px solid #e6eaef; text-align: left;
  vertical-align: top; white-space: nowrap; }
th { font-size: .85rem; color: #52606d; font-weight: 600; background: #f8fafc; }
td.num, th.num { text-align: right; }
td.text { white-space: normal; min-width: 12em; }
tr.group td { background: #f8fafc; font-weight: 600; color: #334e68; }
.up, .down { color: #243b53; } .same { color: #7b8794; }
svg.chart { display: block; width: 100%; min-width: 560px; height: auto; }
svg.chart text { font-size: 11px; fill: #3e4c59; }
svg.chart .legend { font-size: 12px; }
svg.chart .grid { stroke: #e4e7eb; stroke-width: 1; }
svg.chart .baseline { stroke: #7b8794; stroke-width: 1; }
.received { fill: #2f5d9b; } .closed { fill: #e08a1e; }
td.barcell { width: 40%; min-width: 90px; }
svg.rowbar { display: block; width: 100%; height: 14px; }
svg.rowbar .track { fill: #edf0f3; } svg.rowbar .fill { fill: #2f5d9b; }
.hash { font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace;
  word-break: break-all; font-size: .9rem; }
footer { color: #7b8794; font-size: .8rem; }
@media (max-width: 600px) {
  main { padding: 10px 8px 24px; } section { padding: 10px; } h1 { font-size: 1.3rem; }
  th, td { padding: 5px 6px; }
}
@media print {
  body { background: none; } main { max-width: none; padding: 0; }
  section { border: none; padding: 0; margin-bottom: 14px; }
  .scroll { overflow: visible; } svg.chart { min-width: 0; }
  table, svg, .keep { break-inside: avoid; page-break-inside: avoid; }
  tr { break-inside: avoid; page-break-inside: avoid; }
  th, tr.group td { background: none; }
  svg.rowbar .track { fill: none; stroke: #c5ccd3; }
}
)css";

std::string count_change(long long now, long long before) {
    const long long d = now - before;
    if (d == 0) return "<span class=\"same\">= 0</span>";
    return fmt::format("<span class=\"{}\">{} {}</span>", d > 0 ? "up" : "down", d > 0 ? "▲" : "▼",
                       std::llabs(d));
}

std::string percent(const std::optional<double>& rate) {
    return rate ? fmt::format("{:.1f}%", *rate * 100) : "—";
}

std::string rate_change(const std::optional<double>& now, const std::optional<double>& before) {
    if (!now || !before) return "—";
    const double d = (*now - *before) * 100;
    if (std::abs(d) < 0.05) return "<span class=\"same\">= 0.0 pp</span>";
    return fmt::format("<span class=\"{}\">{} {:.1f} pp</span>", d > 0 ? "up" : "down",
                       d > 0 ? "▲" : "▼", std::abs(d));
}

std::int64_t paid_in(const std::vector<storage::PaidRow>& rows, const std::string& currency) {
    for (const auto& r : rows)
        if (r.currency == currency) return r.minor;
    return 0;
}

std::string money_change(std::int64_t now, std::int64_t before) {
    const std::int64_t d = now - before;
    if (d == 0) return "<span class=\"same\">= 0.00</span>";
    return fmt::format("<span class=\"{}\">{} {}</span>", d > 0 ? "up" : "down", d > 0 ? "▲" : "▼",
                       domain::Money{d > 0 ? d : -d}.to_string());
}

void row(std::string& out, std::string_view name, const std::string& now, const std::string& before,
         const std::string& change) {
    out += fmt::format(
        "<tr><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td>"
        "<td class=\"num\">{}</td></tr>\n",
        name, now, before, change);
}

// A group row of the figures' table: `title` across its four columns.
std::string group_row(const char* title) {
    return fmt::format("<tr class=\"group\"><td colspan=\"4\">{}</td></tr>\n", title);
}

// The page's own text (tr, trf) is trusted HTML, as the literals were; only
// the values (labels, names, stored text) go through html_escape.
std::string figures(const MonthlyReport& r, const View& view) {
    const MonthFigures& a = r.current;
    const MonthFigures& b = r.before;
    std::string out = fmt::format(
        "<section><h2>{}</h2><div class=\"scroll\"><table>\n"
        "<thead><tr><th></th><th class=\"num\">{}</th><th class=\"num\">{}</th>"
        "<th class=\"num\">{}</th></tr></thead><tbody>\n",
        // TRANSLATORS: the heading of the monthly page's table of figures.
        tr("The month beside the month before"), html_escape(r.month.label),
        html_escape(r.previous.label),
        // TRANSLATORS: a column of the monthly page: this month's figure less the month before's.
        tr("Change"));
    // TRANSLATORS: a group of rows of the monthly page's figures.
    out += group_row(tr("Complaints"));
    const auto count = [&](std::string_view name, long long x, long long y) {
        row(out, name, fmt::format("{}", x), fmt::format("{}", y), count_change(x, y));
    };
    // TRANSLATORS: rows of the monthly page: complaints received, resolved, … in the month.
    count(tr("Received"), a.received, b.received);
    count(tr("Resolved"), a.resolved, b.resolved);
    count(tr("Closed"), a.closed, b.closed);
    count(tr("Rejected"), a.rejected, b.rejected);
    count(tr("Withdrawn"), a.withdrawn, b.withdrawn);
    out += group_row(tr("On time, per milestone"));
    for (std::size_t i = 0; i < domain::k_limited_milestones.size(); ++i)
        row(out, html_escape(domain::shown_name(domain::k_limited_milestones[i])),
            percent(a.on_time[i]), percent(b.on_time[i]), rate_change(a.on_time[i], b.on_time[i]));
    out += group_row(tr("Customers"));
    row(out, tr("Satisfaction rate"), percent(a.satisfaction_rate), percent(b.satisfaction_rate),
        rate_change(a.satisfaction_rate, b.satisfaction_rate));
    row(out, tr("Reopen rate"), percent(a.reopen_rate), percent(b.reopen_rate),
        rate_change(a.reopen_rate, b.reopen_rate));
    out += group_row(tr("Money paid"));
    std::set<std::string> currencies;
    for (const auto* paid : {&a.paid, &b.paid})
        for (const auto& p : *paid) currencies.insert(p.currency);
    if (currencies.empty()) currencies.insert(view.policy.currency);
    for (const auto& currency : currencies) {
        const auto x = paid_in(a.paid, currency), y = paid_in(b.paid, currency);
        const std::string unit = currency.empty() ? "" : " " + html_escape(currency);
        row(out,
            currency.empty() ? std::string(tr("Paid"))
                             // TRANSLATORS: money paid in the month, in this currency (CNY).
                             : trf("Paid ({})", html_escape(currency)),
            domain::Money{x}.to_string() + unit, domain::Money{y}.to_string() + unit,
            money_change(x, y));
    }
    out += "</tbody></table></div>\n<p class=\"note\">";
    // TRANSLATORS: HTML: keep <code>…</code> and the command in it.
    out += tr(
        "Received, rejected and withdrawn count the "
        "complaints received in the month (rejected and withdrawn: their status now); resolved "
        "and closed count resolutions and closes in the month. On time: met on time / (met + "
        "overdue) over the complaints received in the month (as <code>report milestones</code>). "
        "Satisfaction: satisfied / revisited; reopen rate: reopened / resolved, of the complaints "
        "received in the month. Money paid: the amounts of the resolutions made in the "
        "month.");
    out += "</p></section>\n";
    return out;
}

std::string trend(const MonthlyReport& r) {
    std::vector<std::string> labels;
    for (const auto& p : r.trend_periods) labels.push_back(p.label);
    ChartSeries received{tr("Received"), "received", {}}, closed{tr("Closed"), "closed", {}};
    for (const auto& t : r.trend) {
        received.values.push_back(t.received);
        closed.values.push_back(t.closed);
    }
    return fmt::format(
        "<section class=\"keep\"><h2>{}</h2><div class=\"scroll\">{}</div></section>\n",
        // TRANSLATORS: {} is a month (2026-11).
        trf("Received and closed, 12 months to {}", html_escape(r.month.label)),
        // TRANSLATORS: the chart's title; {} are months (2025-12, 2026-11).
        bar_chart_svg(trf("Complaints received and closed per month, {} to {}",
                          labels.empty() ? "" : labels.front(), r.month.label),
                      labels, {received, closed}));
}

std::string share_bar(double share) {
    return fmt::format(
        "<svg class=\"rowbar\" viewBox=\"0 0 100 10\" preserveAspectRatio=\"none\" "
        "aria-hidden=\"true\"><rect class=\"track\" width=\"100\" height=\"10\"/>"
        "<rect class=\"fill\" width=\"{:.2f}\" height=\"10\"/></svg>",
        share * 100);
}

// `title` and `column` are the page's text (translated); the labels are escaped.
std::string groups(std::string_view title, std::string_view column, domain::Table table,
                   const std::vector<storage::SummaryRow>& rows, const View& view) {
    struct Line {
        std::string label;
        long long received;
    };
    std::vector<Line> lines;
    long long total = 0;
    for (const auto& g : rows) {
        if (g.received == 0) continue;
        // TRANSLATORS: the group of the complaints with no value (no site, no cause).
        lines.push_back({g.group ? view.policy.label(table, *g.group) : tr("(none)"), g.received});
        total += g.received;
    }
    std::stable_sort(lines.begin(), lines.end(), [](const Line& x, const Line& y) {
        return x.received != y.received ? x.received > y.received : x.label < y.label;
    });
    std::string out = fmt::format(
        "<section class=\"keep\"><h2>{}</h2><div class=\"scroll\"><table>\n<thead><tr><th>{}</th>"
        "<th class=\"num\">{}</th><th class=\"num\">{}</th><th></th></tr></thead>"
        "<tbody>\n",
        html_escape(title), html_escape(column), tr("Received"),
        // TRANSLATORS: a group's share of the complaints received (a percentage).
        tr("Share"));
    for (const auto& l : lines) {
        const double share = static_cast<double>(l.received) / static_cast<double>(total);
        out += fmt::format(
            "<tr><td class=\"text\">{}</td><td class=\"num\">{}</td><td class=\"num\">{:.1f}%</td>"
            "<td class=\"barcell\">{}</td></tr>\n",
            html_escape(l.label), l.received, share * 100, share_bar(share));
    }
    if (lines.empty())
        out += fmt::format("<tr><td colspan=\"4\">{}</td></tr>\n",
                           tr("No complaint was received in the month."));
    return out + "</tbody></table></div></section>\n";
}

std::string overdue(const MonthlyReport& r, const View& view) {
    const domain::Instant end = r.month.end;
    // TRANSLATORS: {} is the time the month ends.
    std::string out = fmt::format("<section><h2>{}</h2>\n",
                                  trf("Overdue at the month's end ({})",
                                      html_escape(domain::format_local(end, view.policy.zone))));
    if (r.overdue_total == 0)
        return out + fmt::format("<p>{}</p></section>\n",
                                 tr("No milestone was overdue at the month's end."));
    const auto total = static_cast<unsigned long>(r.overdue_total);
    out += fmt::format(
        "<p class=\"note\">{}</p>\n"
        "<div class=\"scroll\"><table>\n<thead><tr><th>{}</th><th>{}</th>"
        "<th>{}</th><th class=\"num\">{}</th><th>{}</th><th>{}</th>"
        "</tr></thead><tbody>\n",
        // TRANSLATORS: HTML: keep <code>…</code> and the command in it.
        trn("{} milestone unmet past its deadline at the end of the month, most "
            "overdue first (as <code>report overdue --as-of</code> the month's end).",
            "{} milestones unmet past their deadline at the end of the month, most "
            "overdue first (as <code>report overdue --as-of</code> the month's end).",
            total, r.overdue_total),
        // TRANSLATORS: columns of the monthly page's overdue table.
        tr("Number"), tr("Milestone"), tr("Deadline"), tr("Late by"), tr("Assignee"),
        tr("Summary"));
    for (const auto& o : r.overdue)
        out += fmt::format(
            "<tr><td>{}</td><td>{}</td><td>{}</td><td class=\"num\">{}</td><td>{}</td>"
            "<td class=\"text\">{}</td></tr>\n",
            html_escape(o.id), html_escape(domain::shown_name(o.milestone)),
            html_escape(domain::format_local(o.due, view.policy.zone)),
            html_escape(domain::format_span(end - o.due)), html_escape(o.assignee.value_or("—")),
            html_escape(o.summary));
    out += "</tbody></table></div>\n";
    const long long more = r.overdue_total - static_cast<long long>(r.overdue.size());
    if (more > 0)
        out += fmt::format("<p class=\"note\">{}</p>\n",
                           // TRANSLATORS: HTML: keep <code>…</code> and the command in it.
                           trf("… and {} more: <code>complaints report overdue --as-of "
                               "'{}'</code> lists them all.",
                               more, html_escape(domain::format_local(end, view.policy.zone))));
    return out + "</section>\n";
}

std::string chain(const MonthlyReport& r, const View& view) {
    return fmt::format(
        "<section class=\"keep\"><h2>{}</h2>\n<p>{}</p>"
        "\n<p class=\"hash\">{}</p>\n<p class=\"note\">{}</p></section>\n",
        // TRANSLATORS: the hash of the latest event of the hash chain.
        tr("Chain head"),
        // TRANSLATORS: {} (1st) is an event's number, {} (2nd) a time.
        trf("Event {} of the history, taken {}:", r.head.seq,
            html_escape(domain::format_local(r.generated_at, view.policy.zone))),
        html_escape(r.head.hash),
        // TRANSLATORS: HTML: keep <code>…</code> and the command in it.
        tr("Keep this page off the machine. "
           "<code>complaints verify --head HASH</code> with this hash proves later that no event "
           "recorded up to it was changed or removed."));
}

}  // namespace

std::string monthly_html(const MonthlyReport& r, const View& view) {
    // TRANSLATORS: the monthly page's title; {} is the month (2026-11).
    const std::string title =
        view.policy.organization_name.empty()
            ? trf("Complaints report, {}", r.month.label)
            // TRANSLATORS: {} (1st) is the organisation's name.
            : trf("{}: complaints report, {}", view.policy.organization_name, r.month.label);
    std::string out = fmt::format(
        "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n"
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        "<title>{}</title>\n<style>{}</style>\n</head>\n<body>\n<main>\n<header><h1>{}</h1>\n"
        "<p class=\"sub\">{}</p>"
        "</header>\n",
        translating() ? "zh-CN" : "en", html_escape(title), k_css, html_escape(title),
        // TRANSLATORS: {} are the month, its start and end times, the time zone, the month before.
        trf("Monthly report for {} ({} to {}, {}); the month before: {}.",
            html_escape(r.month.label),
            html_escape(domain::format_local(r.month.start, view.policy.zone)),
            html_escape(domain::format_local(r.month.end, view.policy.zone)),
            html_escape(view.policy.zone.name()), html_escape(r.previous.label)));
    out += figures(r, view);
    out += trend(r);
    // TRANSLATORS: headings of the monthly page; the column is the category, site or cause.
    out += groups(tr("By category"), tr("category"), domain::Table::category, r.by_category, view);
    out += groups(tr("By site"), tr("site"), domain::Table::site, r.by_site, view);
    out += groups(tr("By cause"), tr("cause"), domain::Table::cause, r.by_cause, view);
    out += overdue(r, view);
    out += chain(r, view);
    out += fmt::format(
        "<footer>{}</footer>\n"
        "</main>\n</body>\n</html>\n",
        // TRANSLATORS: HTML: keep <code>…</code> and the command in it; {} (2nd) is a time.
        trf("Written by <code>complaints report monthly --month {}</code> at {}.",
            html_escape(r.month.label),
            html_escape(domain::format_local(r.generated_at, view.policy.zone))));
    return out;
}

}  // namespace complaints::report
