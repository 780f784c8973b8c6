#include "../commands.hpp"

#include <complaints/report/views.hpp>

#include <fmt/format.h>

namespace complaints::cli {

namespace {

struct ListOptions {
    std::vector<std::string> statuses;
    bool open = false, overdue = false;
    std::string category, severity, assignee, department, from, to;
    long long limit = 0;
};

}  // namespace

void add_list(CLI::App& command, Context& ctx) {
    auto o = std::make_shared<ListOptions>();
    auto* cmd = &command;
    cmd->add_option("--status", o->statuses, "Only this status (repeatable)");
    cmd->add_flag("--open", o->open, "Only complaints not closed");
    cmd->add_flag("--overdue", o->overdue, "Only complaints with an overdue milestone now");
    auto* category = cmd->add_option("--category", o->category, "Only this category");
    auto* severity = cmd->add_option("--severity", o->severity, "Only this severity");
    auto* assignee = cmd->add_option("--assignee", o->assignee, "Only this person's");
    auto* department = cmd->add_option("--department", o->department, "Only this department's");
    auto* from = cmd->add_option("--from", o->from, "Received at or after this time");
    auto* to = cmd->add_option("--to", o->to, "Received before this time");
    auto* limit = cmd->add_option("--limit", o->limit, "At most N rows");
    cmd->footer(
        "Example:\n  complaints list --open --severity major\n"
        "  complaints --format csv list --from 2026-11-01 --to 2026-12-01 > november.csv");
    cmd->callback([&ctx, o, category, severity, assignee, department, from, to, limit] {
        const domain::Policy& policy = ctx.policy();
        storage::ListQuery q;
        for (const auto& name : o->statuses) {
            const auto status = domain::status_from_string(name);
            if (!status)
                throw Error(ExitCode::data, fmt::format("unknown status '{}'", name),
                            {"use registered, assigned, investigating, resolved or closed"});
            q.statuses.push_back(*status);
        }
        q.open_only = o->open;
        if (o->overdue) q.overdue_at = ctx.now();
        if (category->count())
            q.category = policy.require(domain::Table::category, o->category).name;
        if (severity->count())
            q.severity = policy.require(domain::Table::severity, o->severity).name;
        q.assignee = opt(o->assignee, assignee);
        q.department = opt(o->department, department);
        if (from->count()) q.from = ctx.parse_time("--from", o->from);
        if (to->count()) q.to = ctx.parse_time("--to", o->to);
        if (limit->count()) {
            if (o->limit < 1)
                throw Error(ExitCode::usage, fmt::format("bad value '{}' for --limit", o->limit),
                            {"give a positive whole number"});
            q.limit = o->limit;
        }
        auto& db = ctx.db(storage::Access::read);
        const auto complaints = db.list(q);
        const report::View view{policy, ctx.now()};
        if (ctx.format() == Format::json)
            ctx.out(report::complaints_json(complaints, db.events_of(complaints), view));
        else
            print_table(ctx, report::list_table(complaints,
                                                ctx.format() == Format::text ? report::Names::labels
                                                                             : report::Names::keys,
                                                view));
    });
}

}  // namespace complaints::cli
