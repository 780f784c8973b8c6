#include "../commands.hpp"
#include "../spreadsheet.hpp"
#include "../streams.hpp"

#include <complaints/report/views.hpp>

#include <fmt/format.h>

namespace complaints::cli {

namespace {

struct ExportOptions {
    std::vector<domain::Status> statuses;
    std::optional<std::string> from, to;
};

// `--format csv` (and xlsx, `spreadsheet`): the rows of complaint_facts,
// through the read-only connection of `query`, written as they come.
void export_csv(Context& ctx, const ExportOptions& o, const TimeRange& range, OutputFile& out,
                bool spreadsheet) {
    std::string where = "TRUE";
    storage::QueryParams params;
    if (range.from) {
        where += " AND received_at >= :from";
        params.emplace_back("from", domain::format_utc(*range.from));
    }
    if (range.to) {
        where += " AND received_at < :to";
        params.emplace_back("to", domain::format_utc(*range.to));
    }
    if (!o.statuses.empty()) {
        where += " AND status IN (";
        for (std::size_t i = 0; i < o.statuses.size(); ++i) {
            where += fmt::format("{}:status{}", i ? ", " : "", i);
            params.emplace_back(fmt::format("status{}", i),
                                std::string(domain::to_string(o.statuses[i])));
        }
        where += ")";
    }
    storage::QueryLimits limits;
    limits.timeout = std::chrono::hours(24);  // an export of any size
    const std::string sql =
        fmt::format("SELECT * FROM complaint_facts WHERE {} ORDER BY received_at, id", where);
    if (spreadsheet) {
        std::unique_ptr<xlsx::Workbook> book;
        ctx.db(storage::Access::read)
            .query(sql, params, limits,
                   spreadsheet_sink(out, "complaints", ctx.policy().zone, book), ctx.fixed_now());
        if (book) close_spreadsheet(*book, out);
        return;
    }
    ctx.db(storage::Access::read)
        .query(sql, params, limits, csv_sink([&](std::string_view text) { out.write(text); }),
               ctx.fixed_now());
}

}  // namespace

void add_export(CLI::App& cmd, Context& ctx) {
    auto o = std::make_shared<ExportOptions>();
    cmd.add_option("--status", o->statuses, tr("Only this status (repeatable)"))
        // TRANSLATORS: what an unknown --status value is not ("unknown status 'x'").
        ->transform(enum_names<domain::Status>(tr("status")));
    cmd.add_option("--from", o->from, tr("Received at or after this time"));
    cmd.add_option("--to", o->to, tr("Received before this time"));
    add_output_option(cmd, ctx);
    cmd.footer(
        tr("Writes every selected complaint, oldest first, as JSON Lines: one object per line\n"
           "in the shape of 'show --format json', with its whole history (events without\n"
           "their sequence numbers), contacts, proposals and evidence names, sizes and\n"
           "hashes (not the files' content). 'complaints import' reads it back, in another\n"
           "database or at another site. With --format csv, one row per complaint with the\n"
           "columns of the complaint_facts view (docs/schema.md). Memory does not grow with\n"
           "the number of complaints.\n\n"
           "Example:\n"
           "  complaints export -o all.jsonl\n"
           "  complaints --format csv export --from 2026-01-01 --to 2027-01-01 -o 2026.csv\n"
           "  complaints export --status closed | complaints --db archive.db import -"));
    cmd.callback([&ctx, o] {
        const Format format = ctx.format_for({N_("complaints"), true, true, true});
        const domain::Policy& policy = ctx.policy();
        const TimeRange range = ctx.parse_range(o->from, o->to);
        OutputFile& out = ctx.output_file();  // committed by run.cpp
        if (format == Format::csv || format == Format::xlsx) {
            export_csv(ctx, *o, range, out, format == Format::xlsx);
        } else {
            storage::ListQuery q;
            q.statuses = o->statuses;
            q.from = range.from;
            q.to = range.to;
            auto& db = ctx.db(storage::Access::read);
            const report::View view{policy, ctx.now()};
            const auto events = db.events();
            db.complaints().each(q, [&](const domain::Complaint& c) {
                out.write(report::complaint_line(c, events.of(c.row_id), view));
            });
        }
    });
}

}  // namespace complaints::cli
