#include "../commands.hpp"
#include "../numbers.hpp"
#include "../spreadsheet.hpp"
#include "../streams.hpp"

#include <complaints/report/views.hpp>

#include <fmt/format.h>

#include <limits>

namespace complaints::cli {

namespace {

struct ListOptions {
    storage::ListQuery query;
    bool overdue = false;
    std::optional<std::string> site;
    std::optional<std::string> category, severity, from, to;
    std::optional<long long> limit;
};

}  // namespace

void add_list(CLI::App& cmd, Context& ctx) {
    auto o = std::make_shared<ListOptions>();
    auto& q = o->query;
    cmd.add_option("--status", q.statuses, tr("Only this status (repeatable)"))
        // TRANSLATORS: what an unknown --status value is not ("unknown status 'x'").
        ->transform(enum_names<domain::Status>(tr("status")));
    cmd.add_flag("--open", q.open_only,
                 tr("Only open complaints (not closed, rejected or withdrawn)"));
    cmd.add_flag("--overdue", o->overdue, tr("Only complaints with an overdue milestone now"));
    cmd.add_option("--category", o->category, tr("Only this category"));
    cmd.add_option("--severity", o->severity, tr("Only this severity"));
    cmd.add_option("--assignee", q.assignee, tr("Only this person's"));
    cmd.add_option("--department", q.department, tr("Only this department's"));
    cmd.add_option("--site", o->site, tr("Only this site's"));
    cmd.add_flag("--duplicates", q.duplicates_only,
                 tr("Only complaints registered as a possible duplicate of another"));
    cmd.add_option("--from", o->from, tr("Received at or after this time"));
    cmd.add_option("--to", o->to, tr("Received before this time"));
    add_output_option(cmd, ctx);
    cmd.add_option("--limit", o->limit, tr("At most N rows"))
        ->transform(strict_whole_number(tr("a whole number from 1"), 1,
                                        std::numeric_limits<long long>::max()));
    cmd.footer(
        tr("Example:\n  complaints list --open --severity major\n"
           "  complaints --format csv list --from 2026-11-01 --to 2026-12-01 > november.csv"));
    cmd.callback([&ctx, o] {
        const Format format = ctx.format_for({N_("complaints"), true, true, true});
        const domain::Policy& policy = ctx.policy();
        storage::ListQuery q = o->query;
        if (o->overdue) q.overdue_at = ctx.now();
        if (o->category) q.category = policy.require(domain::Table::category, *o->category).name;
        if (o->severity) q.severity = policy.require(domain::Table::severity, *o->severity).name;
        if (o->site) q.site = policy.require(domain::Table::site, *o->site).name;
        const TimeRange range = ctx.parse_range(o->from, o->to);
        q.from = range.from;
        q.to = range.to;
        if (o->limit) {
            if (*o->limit < 1)
                throw Error(ExitCode::usage,
                            trf("--limit wants a whole number from 1, got '{}'", *o->limit),
                            {tr("see 'complaints list --help'")});
            q.limit = o->limit;
        }
        auto& db = ctx.db(storage::Access::read);
        const auto complaints = db.complaints();
        const report::View view{policy, ctx.now()};
        // Rows stream from SQLite: memory does not grow with their number.
        BatchedOutput write;
        if (format == Format::json) {
            const auto events = db.events();
            report::JsonItems items;
            complaints.each(q, [&](const domain::Complaint& c) {
                write(items.next());
                write(report::complaints_json_item(c, events.of(c.row_id), view));
            });
            write(items.end());
            write.flush();
        } else if (format == Format::csv) {
            std::vector<std::optional<std::string>> names;
            for (const auto& column : report::list_columns()) names.emplace_back(column.name);
            write(report::csv_record(names, {}));
            complaints.each_row(q, [&](const storage::ListRow& row) {
                write(report::csv_record(report::list_row(row, report::Names::keys, view), {}));
            });
            write.flush();
        } else if (format == Format::xlsx) {
            OutputFile& file = ctx.output_file();
            const auto columns = spreadsheet_columns(report::list_columns());
            const auto book = open_spreadsheet(file, "complaints", columns);
            complaints.each_row(q, [&](const storage::ListRow& row) {
                book->add_row(
                    spreadsheet_row(columns, report::list_row(row, report::Names::labels, view)));
            });
            close_spreadsheet(*book, file);
        } else {
            // The widths need every row: they are measured as the rows come,
            // the rows set aside, and printed at the end.
            TableStream table(report::list_columns(), false, ctx.text_style(), true,
                              [&](std::string_view text) { write(text); });
            complaints.each_row(q, [&](const storage::ListRow& row) {
                table.add(report::list_row(row, report::Names::labels, view));
            });
            table.finish();
            write.flush();
        }
    });
}

}  // namespace complaints::cli
