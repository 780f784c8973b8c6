#include "../commands.hpp"

#include <complaints/report/views.hpp>

#include <fmt/format.h>

namespace complaints::cli {

namespace {

struct SummaryOptions {
    std::string from, to, by;
};

struct OverdueOptions {
    std::string as_of, within, assignee, department;
    bool exit_code = false;
};

storage::GroupBy group_by(const std::string& name) {
    using storage::GroupBy;
    for (const GroupBy by : {GroupBy::category, GroupBy::channel, GroupBy::severity, GroupBy::kind,
                             GroupBy::department, GroupBy::assignee, GroupBy::month})
        if (report::to_string(by) == name) return by;
    return GroupBy::none;
}

report::Names names_for(const Context& ctx) {
    return ctx.format() == Format::text ? report::Names::labels : report::Names::keys;
}

void add_summary(CLI::App& parent, Context& ctx) {
    auto o = std::make_shared<SummaryOptions>();
    auto* cmd =
        parent.add_subcommand("summary", "Counts, on-time and satisfaction rates per group");
    auto* from = cmd->add_option("--from", o->from, "Received at or after this time");
    auto* to = cmd->add_option("--to", o->to, "Received before this time");
    cmd->add_option("--by", o->by,
                    "Group by category, channel, severity, kind, department, assignee or month")
        ->check(CLI::IsMember(
            {"category", "channel", "severity", "kind", "department", "assignee", "month"}));
    cmd->footer(
        "Rates with nothing to divide by are empty (null in JSON). Text adds a total row.\n\n"
        "Example:\n  complaints report summary --from 2026-11-01 --to 2026-12-01 --by category");
    cmd->callback([&ctx, o, from, to] {
        const domain::Policy& policy = ctx.policy();
        storage::SummaryQuery q;
        if (from->count()) q.from = ctx.parse_time("--from", o->from);
        if (to->count()) q.to = ctx.parse_time("--to", o->to);
        q.by = group_by(o->by);
        q.now = ctx.now();
        auto& db = ctx.db(storage::Access::read);
        const report::View view{policy, ctx.now()};
        if (ctx.format() == Format::json) {
            ctx.out(report::summary_json(
                q.by == storage::GroupBy::none ? std::vector{db.summary_total(q)} : db.summary(q),
                q.by));
            return;
        }
        const auto total = db.summary_total(q);
        const auto rows =
            q.by == storage::GroupBy::none ? std::vector<storage::SummaryRow>{} : db.summary(q);
        if (ctx.format() == Format::csv)
            print_table(ctx, report::summary_table(
                                 q.by == storage::GroupBy::none ? std::vector{total} : rows,
                                 nullptr, q.by, report::Names::keys, view));
        else
            print_table(ctx,
                        report::summary_table(rows, &total, q.by, report::Names::labels, view));
    });
}

void add_overdue(CLI::App& parent, Context& ctx) {
    auto o = std::make_shared<OverdueOptions>();
    auto* cmd = parent.add_subcommand("overdue", "Unmet milestones past (or near) their deadline");
    auto* as_of = cmd->add_option("--as-of", o->as_of, "Judge at this time (default: now)");
    auto* within = cmd->add_option("--within", o->within,
                                   "Also deadlines due within this duration, e.g. 4h or 1wd");
    auto* assignee = cmd->add_option("--assignee", o->assignee, "Only this person's");
    auto* department = cmd->add_option("--department", o->department, "Only this department's");
    cmd->add_flag("--exit-code", o->exit_code, "Exit 1 when at least one row is printed");
    cmd->footer(
        "Prints nothing at all when nothing is overdue, so cron mails nothing.\n\n"
        "Example (crontab):\n  0 9 * * 1-5  complaints report overdue --within 4h");
    cmd->callback([&ctx, o, as_of, within, assignee, department] {
        const domain::Policy& policy = ctx.policy();
        const domain::Instant at = as_of->count() ? ctx.parse_time("--as-of", o->as_of) : ctx.now();
        storage::OverdueQuery q;
        q.before = at;
        if (within->count()) {
            q.before = domain::add_duration(at, Context::parse_duration("--within", o->within),
                                            policy.calendar, policy.zone);
        }
        q.assignee = opt(o->assignee, assignee);
        q.department = opt(o->department, department);
        const auto rows = ctx.db(storage::Access::read).overdue(q);
        const report::View view{policy, at};
        if (ctx.format() == Format::json)
            ctx.out(report::overdue_json(rows, at, view));
        else if (!rows.empty())
            print_table(ctx, report::overdue_table(rows, at, names_for(ctx), view));
        if (o->exit_code && !rows.empty()) throw ExitWith{ExitCode::rows_found};
    });
}

struct TrendOptions {
    std::string from, to, by = "month";
    std::vector<std::string> categories;
};

void add_trend(CLI::App& parent, Context& ctx) {
    auto o = std::make_shared<TrendOptions>();
    auto* cmd = parent.add_subcommand(
        "trend", "Complaints received, resolved and closed per day, week or month");
    auto* from = cmd->add_option("--from", o->from,
                                 "From the period containing this time (default: 12 periods back)");
    auto* to = cmd->add_option("--to", o->to, "Up to this time, exclusive (default: now)");
    cmd->add_option("--by", o->by, "day, week (ISO, from Monday) or month (default)")
        ->check(CLI::IsMember({"day", "week", "month"}));
    cmd->add_option("--category", o->categories, "Only this category (repeatable)");
    cmd->footer(
        "Periods are in the policy's time zone; periods without complaints are listed too.\n"
        "--from and --to are widened to whole periods. Text output draws a bar of the received "
        "count.\n\n"
        "Example:\n  complaints report trend --by week --from 2026-09-01 --category product");
    cmd->callback([&ctx, o, from, to] {
        const domain::Policy& policy = ctx.policy();
        const auto unit = *domain::period_unit_from_string(o->by);
        const domain::Instant end = to->count() ? ctx.parse_time("--to", o->to) : ctx.now();
        const domain::Instant start =
            from->count()
                ? ctx.parse_time("--from", o->from)
                : domain::period_start(end - std::chrono::seconds{1}, unit, 11, policy.zone);
        if (end <= start) throw Error(ExitCode::data, "--to must be later than --from");
        const auto periods = domain::periods_between(start, end, unit, policy.zone);
        constexpr std::size_t k_max_periods = 10000;
        if (periods.size() > k_max_periods)
            throw Error(
                ExitCode::data,
                fmt::format("{} periods are too many (at most {})", periods.size(), k_max_periods),
                {"use a shorter range or a longer --by"});
        std::vector<std::string> categories;
        for (const auto& name : o->categories)
            categories.push_back(policy.require(domain::Table::category, name).name);
        std::vector<std::pair<domain::Instant, domain::Instant>> bounds;
        for (const auto& p : periods) bounds.emplace_back(p.start, p.end);
        const auto rows = ctx.db(storage::Access::read).trend(bounds, categories);
        if (ctx.format() == Format::json) {
            ctx.out(report::trend_json(periods, rows, {policy, ctx.now()}));
            return;
        }
        const auto style = ctx.text_style();
        print_table(ctx, report::trend_table(periods, rows, ctx.format() == Format::text,
                                             style.width.value_or(80)));
    });
}

}  // namespace

void add_report(CLI::App& command, Context& ctx) {
    auto* cmd = &command;
    cmd->require_subcommand(1);
    cmd->footer(
        "Example:\n  complaints report summary --by month\n  complaints report overdue --within "
        "4h");
    add_summary(*cmd, ctx);
    add_overdue(*cmd, ctx);
    add_trend(*cmd, ctx);
}

}  // namespace complaints::cli
