#include "../commands.hpp"
#include "../spreadsheet.hpp"
#include "../streams.hpp"

#include <complaints/report/monthly.hpp>
#include <complaints/report/views.hpp>

#include <fmt/format.h>

#include <regex>

namespace complaints::cli {

namespace {

// `--from`, `--to` and `--by`: what `report summary` and `report milestones` share.
struct GroupedRangeOptions {
    std::optional<std::string> from, to;
    std::optional<storage::GroupBy> by;
};

void add_grouped_range_options(CLI::App& cmd, GroupedRangeOptions& o) {
    cmd.add_option("--from", o.from, tr("Received at or after this time"));
    cmd.add_option("--to", o.to, tr("Received before this time"));
    cmd.add_option("--by", o.by,
                   tr("Group by category, channel, severity, kind, department, assignee, month, "
                      "site or cause"))
        ->transform(enum_choice<storage::GroupBy>({storage::GroupBy::none}));
}

struct OverdueOptions {
    std::optional<std::string> as_of, within;
    storage::OverdueQuery query;
    bool exit_code = false;
};

report::Names names_for(Format format) {
    // A spreadsheet is for people: the policy's labels, as text shows them.
    return format == Format::text || format == Format::xlsx ? report::Names::labels
                                                            : report::Names::keys;
}

void add_summary(CLI::App& parent, Context& ctx) {
    auto o = std::make_shared<GroupedRangeOptions>();
    auto* cmd =
        parent.add_subcommand("summary", tr("Counts, on-time and satisfaction rates per group"));
    add_grouped_range_options(*cmd, *o);
    add_output_option(*cmd, ctx);
    cmd->footer(
        tr("Rates with nothing to divide by are empty (null in JSON). Text adds a total row and\n"
           "sorts groups by label. Rejected and withdrawn complaints never count as resolved.\n\n"
           "Example:\n  complaints report summary --from 2026-11-01 --to 2026-12-01 --by "
           "category"));
    cmd->callback([&ctx, o] {
        const Format format = ctx.format_for({N_("a summary"), true, true, true});
        const domain::Policy& policy = ctx.policy();
        storage::SummaryQuery q;
        const TimeRange range = ctx.parse_range(o->from, o->to);
        q.from = range.from;
        q.to = range.to;
        q.by = o->by.value_or(storage::GroupBy::none);
        q.now = ctx.now();
        const auto reports = ctx.db(storage::Access::read).reports();
        const report::View view{policy, ctx.now()};
        const bool grouped = q.by != storage::GroupBy::none;
        if (format == Format::json) {
            ctx.out(report::summary_json(
                grouped ? reports.summary(q) : std::vector{reports.summary_total(q)}, q.by));
            return;
        }
        if (format == Format::csv) {
            print_table(ctx, report::summary_table(grouped ? reports.summary(q)
                                                           : std::vector{reports.summary_total(q)},
                                                   nullptr, q.by, report::Names::keys, view));
            return;
        }
        // The groups and the total row from one pass over the complaints.
        const auto summary = reports.summary_with_total(q);
        print_table(
            ctx,
            report::summary_table(summary.rows, &summary.total, q.by, report::Names::labels, view),
            "summary");
    });
}

void add_overdue(CLI::App& parent, Context& ctx) {
    auto o = std::make_shared<OverdueOptions>();
    auto* cmd =
        parent.add_subcommand("overdue", tr("Unmet milestones past (or near) their deadline"));
    cmd->add_option("--as-of", o->as_of, tr("Judge at this time (default: now)"));
    cmd->add_option("--within", o->within,
                    tr("Also deadlines due within this duration, e.g. 4h or 1wd"));
    cmd->add_option("--assignee", o->query.assignee, tr("Only this person's"));
    cmd->add_option("--department", o->query.department, tr("Only this department's"));
    cmd->add_flag("--exit-code", o->exit_code, tr("Exit 1 when at least one row is printed"));
    add_output_option(*cmd, ctx);
    cmd->footer(
        tr("Prints nothing at all when nothing is overdue, so cron mails nothing.\n\n"
           "Example (crontab):\n  0 9 * * 1-5  complaints report overdue --within 4h"));
    cmd->callback([&ctx, o] {
        const Format format = ctx.format_for({N_("overdue milestones"), true, true, true});
        const domain::Policy& policy = ctx.policy();
        const DueWindow window = ctx.due_window(o->as_of, o->within);
        storage::OverdueQuery q = o->query;
        q.before = window.before;
        q.bound = window.bound;
        const report::View view{policy, window.at};
        // Rows stream from SQLite: memory does not grow with their number.
        BatchedOutput write;
        std::size_t rows = 0;
        const auto reports = ctx.db(storage::Access::read).reports();
        if (format == Format::json) {
            report::JsonItems items;
            reports.each_overdue(q, [&](const storage::OverdueRow& r) {
                ++rows;
                write(items.next());
                write(report::overdue_json_item(r, window.at, view));
            });
            write(items.end());
        } else if (format == Format::xlsx) {
            OutputFile& file = ctx.output_file();
            const auto columns = spreadsheet_columns(report::overdue_columns());
            const auto book = open_spreadsheet(file, "overdue", columns);
            reports.each_overdue(q, [&](const storage::OverdueRow& r) {
                ++rows;
                book->add_row(spreadsheet_row(
                    columns, report::overdue_cells(r, window.at, names_for(format), view)));
            });
            close_spreadsheet(*book, file);
        } else {
            TableStream table(report::overdue_columns(), format == Format::csv, ctx.text_style(),
                              false, [&](std::string_view text) { write(text); });
            reports.each_overdue(q, [&](const storage::OverdueRow& r) {
                ++rows;
                table.add(report::overdue_cells(r, window.at, names_for(format), view));
            });
            table.finish();
        }
        write.flush();
        if (o->exit_code && rows > 0) {
            ctx.commit_output();
            throw ExitWith{ExitCode::rows_found};
        }
    });
}

void add_milestones(CLI::App& parent, Context& ctx) {
    auto o = std::make_shared<GroupedRangeOptions>();
    auto* cmd = parent.add_subcommand(
        "milestones", tr("How often and how fast each milestone is met (timeliness)"));
    add_grouped_range_options(*cmd, *o);
    add_output_option(*cmd, ctx);
    cmd->footer(tr(
        "One row per milestone (acknowledge, assign, investigate, resolve, revisit), per group:\n"
        "started (tracked: has a deadline), met, met_on_time, met_late, overdue (now),\n"
        "on_time_rate = met_on_time / (met + overdue), and the median and 90th percentile\n"
        "(nearest rank) of the clock hours from the clock's start to meeting it.\n\n"
        "Example:\n  complaints report milestones --from 2026-10-01 --to 2026-11-01 --by "
        "category"));
    cmd->callback([&ctx, o] {
        const Format format = ctx.format_for({N_("a milestone report"), true, true, true});
        const domain::Policy& policy = ctx.policy();
        storage::MilestoneReportQuery q;
        const TimeRange range = ctx.parse_range(o->from, o->to);
        q.from = range.from;
        q.to = range.to;
        q.by = o->by.value_or(storage::GroupBy::none);
        q.now = ctx.now();
        const auto rows = ctx.db(storage::Access::read).reports().milestones(q);
        if (format == Format::json)
            ctx.out(report::milestones_json(rows, q.by));
        else
            print_table(
                ctx, report::milestones_table(rows, q.by, names_for(format), {policy, ctx.now()}),
                "milestones");
    });
}

struct TrendOptions {
    std::optional<std::string> from, to;
    std::optional<domain::PeriodUnit> by;  // default month
    std::vector<std::string> categories;
};

void add_trend(CLI::App& parent, Context& ctx) {
    auto o = std::make_shared<TrendOptions>();
    auto* cmd = parent.add_subcommand(
        "trend", tr("Complaints received, resolved and closed per day, week or month"));
    cmd->add_option("--from", o->from,
                    tr("From the period containing this time (default: 12 periods back)"));
    cmd->add_option("--to", o->to, tr("Up to this time, exclusive (default: now)"));
    cmd->add_option("--by", o->by, tr("day, week (ISO, from Monday) or month (default)"))
        ->transform(enum_choice<domain::PeriodUnit>());
    cmd->add_option("--category", o->categories, tr("Only this category (repeatable)"));
    add_output_option(*cmd, ctx);
    cmd->footer(
        tr("Periods are in the policy's time zone; periods without complaints are listed too.\n"
           "--from and --to are widened to whole periods. Text output draws a bar of the received "
           "count.\n\n"
           "Example:\n  complaints report trend --by week --from 2026-09-01 --category product"));
    cmd->callback([&ctx, o] {
        const Format format = ctx.format_for({N_("a trend"), true, true, true});
        const domain::Policy& policy = ctx.policy();
        const domain::PeriodUnit unit = o->by.value_or(domain::PeriodUnit::month);
        const TimeRange range = ctx.parse_range(o->from, o->to);
        const domain::Instant end = range.to.value_or(ctx.now());
        const domain::Instant start = range.from.value_or(
            domain::period_start(end - std::chrono::seconds{1}, unit, 11, policy.zone));
        // --to defaults to now: a --from in the future is a reversed range too.
        Context::check_range(start, o->from.value_or(""), end, o->to.value_or("now"));
        const auto periods = domain::periods_between(start, end, unit, policy.zone);
        constexpr std::size_t k_max_periods = 10000;
        if (periods.size() > k_max_periods)
            throw Error(ExitCode::data,
                        trf("{} periods are too many (at most {})", periods.size(), k_max_periods),
                        {tr("use a shorter range or a longer --by")});
        std::vector<std::string> categories;
        for (const auto& name : o->categories)
            categories.push_back(policy.require(domain::Table::category, name).name);
        std::vector<std::pair<domain::Instant, domain::Instant>> bounds;
        for (const auto& p : periods) bounds.emplace_back(p.start, p.end);
        const auto rows = ctx.db(storage::Access::read).reports().trend(bounds, categories);
        if (format == Format::json) {
            ctx.out(report::trend_json(periods, rows, {policy, ctx.now()}));
            return;
        }
        const auto style = ctx.text_style();
        print_table(
            ctx,
            report::trend_table(periods, rows, format == Format::text, style.width.value_or(80)),
            "trend");
    });
}

struct MonthlyOptions {
    std::optional<std::string> month, output;
};

// The calendar month `text` (YYYY-MM) in the policy's zone, or by default the
// last full month before now: [local midnight of its 1st, that of the next).
domain::Period month_of(Context& ctx, const std::optional<std::string>& text) {
    const domain::Policy& policy = ctx.policy();
    domain::Instant start{};
    if (text) {
        static const std::regex k_month(R"(\d{4}-(0[1-9]|1[0-2]))");
        if (!std::regex_match(*text, k_month))
            throw Error(ExitCode::usage,
                        trf("bad month '{}' for --month", domain::printable(*text)),
                        {tr("use YYYY-MM, e.g. 2026-11")});
        start = ctx.parse_time("--month", *text + "-01");
    } else {
        start = domain::period_start(ctx.now(), domain::PeriodUnit::month, 1, policy.zone);
    }
    return domain::periods_between(start, start + std::chrono::seconds{1},
                                   domain::PeriodUnit::month, policy.zone)
        .front();
}

// The figures of `month` (SPEC §15) from the queries of the other reports.
report::MonthFigures month_figures(const storage::Reports& reports, const domain::Period& month,
                                   const storage::TrendRow& trend, domain::Instant now) {
    report::MonthFigures f;
    storage::SummaryQuery sq;
    sq.from = month.start;
    sq.to = month.end;
    sq.now = now;
    const storage::SummaryRow s = reports.summary_total(sq);
    f.received = s.received;
    f.rejected = s.rejected;
    f.withdrawn = s.withdrawn;
    f.resolved = trend.resolved;
    f.closed = trend.closed;
    const auto ratio = [](long long part, long long whole) -> std::optional<double> {
        if (whole == 0) return std::nullopt;
        return static_cast<double>(part) / static_cast<double>(whole);
    };
    f.satisfaction_rate = ratio(s.satisfied, s.revisited);
    f.reopen_rate = ratio(s.reopened, s.resolved);
    storage::MilestoneReportQuery mq;
    mq.from = month.start;
    mq.to = month.end;
    mq.now = now;
    for (const auto& m : reports.milestones(mq)) {
        const auto* it = std::find(domain::k_limited_milestones.begin(),
                                   domain::k_limited_milestones.end(), m.milestone);
        if (it != domain::k_limited_milestones.end())
            f.on_time[static_cast<std::size_t>(it - domain::k_limited_milestones.begin())] =
                ratio(m.met_on_time, m.met + m.overdue);
    }
    f.paid = reports.paid(month.start, month.end);
    return f;
}

void add_monthly(CLI::App& parent, Context& ctx) {
    auto o = std::make_shared<MonthlyOptions>();
    auto* cmd = parent.add_subcommand("monthly", tr("The month's report as one HTML page"));
    cmd->add_option("--month", o->month,
                    tr("The month, YYYY-MM (default: the last full month in the policy's zone)"));
    cmd->add_option("-o,--output", o->output,
                    tr("Write the page to this file (whole or not at all) and print its path"));
    cmd->footer(tr(
        "One self-contained HTML page (inline CSS and SVG, no script, nothing fetched from\n"
        "the network), readable on a phone and printable: the month's figures beside the\n"
        "month before, a 12-month chart of complaints received and closed, tables by\n"
        "category, site and cause, the milestones overdue at the month's end, and the\n"
        "head of the event chain (as 'verify' prints it).\n\n"
        "Example (crontab, last month's page on the 1st at 07:00):\n"
        "  0 7 1 * * complaints report monthly -o /srv/reports/complaints-$(date -d 'last month' "
        "+\\%Y-\\%m).html"));
    cmd->callback([&ctx, o] {
        if (ctx.format() != Format::text)
            throw Error(
                ExitCode::usage,
                trf("report monthly writes an HTML page, not {}", domain::name_of(ctx.format())),
                {tr("leave out --format; 'report summary', 'report milestones' and 'report "
                    "trend' give the same figures as JSON or CSV")});
        const domain::Policy& policy = ctx.policy();
        const domain::Period month = month_of(ctx, o->month);
        const domain::Instant now = ctx.now();
        const auto reports = ctx.db(storage::Access::read).reports();

        report::MonthlyReport r;
        r.month = month;
        r.generated_at = now;
        r.trend_periods = domain::periods_between(
            domain::period_start(month.start, domain::PeriodUnit::month, 11, policy.zone),
            month.end, domain::PeriodUnit::month, policy.zone);
        // 12 periods: the month before is the 11th.
        std::vector<std::pair<domain::Instant, domain::Instant>> bounds;
        for (const auto& p : r.trend_periods) bounds.emplace_back(p.start, p.end);
        r.trend = reports.trend(bounds, {});
        const std::size_t last = r.trend_periods.size() - 1;
        r.previous = r.trend_periods.at(last - 1);
        r.current = month_figures(reports, month, r.trend[last], now);
        r.before = month_figures(reports, r.previous, r.trend[last - 1], now);

        storage::SummaryQuery sq;
        sq.from = month.start;
        sq.to = month.end;
        sq.now = now;
        sq.by = storage::GroupBy::category;
        r.by_category = reports.summary(sq);
        sq.by = storage::GroupBy::site;
        r.by_site = reports.summary(sq);
        sq.by = storage::GroupBy::cause;
        r.by_cause = reports.summary(sq);

        storage::OverdueQuery oq;
        oq.before = month.end;
        reports.each_overdue(oq, [&](const storage::OverdueRow& row) {
            if (r.overdue.size() < report::k_monthly_overdue_rows) r.overdue.push_back(row);
            ++r.overdue_total;
        });
        r.head = reports.chain_head();

        OutputFile out(o->output);
        out.write(report::monthly_html(r, {policy, now}));
        out.commit();
        if (o->output) Context::out(*o->output + "\n");
    });
}

}  // namespace

void add_report(CLI::App& cmd, Context& ctx) {
    cmd.require_subcommand(1);
    cmd.footer(
        tr("Example:\n  complaints report summary --by month\n  complaints report overdue --within "
           "4h\n  complaints report milestones --by category\n  complaints report monthly -o "
           "report.html"));
    add_summary(cmd, ctx);
    add_overdue(cmd, ctx);
    add_trend(cmd, ctx);
    add_milestones(cmd, ctx);
    add_monthly(cmd, ctx);
}

}  // namespace complaints::cli
