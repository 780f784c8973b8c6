#include "../commands.hpp"
#include "../numbers.hpp"
#include "../spreadsheet.hpp"

#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <iostream>
#include <iterator>
#include <optional>
#include <string_view>

namespace complaints::cli {

namespace {

struct QueryOptions {
    std::string sql;
    std::vector<std::string> params;
    std::string timeout = "30s";
    std::string max_memory = std::to_string(storage::k_default_query_memory_mib);
};

// The longest --timeout: a day.
constexpr std::int64_t k_max_timeout_seconds = 24 * 60 * 60;
// The largest --max-memory: 64 GiB.
constexpr std::int64_t k_max_memory_mib = 64 * 1024;

// --timeout: whole seconds (`30`, `30s`) or minutes (`2m`), from 1 s to a day.
std::chrono::milliseconds parse_timeout(const std::string& text) {
    std::string_view digits = text;
    std::int64_t unit = 1;
    if (!digits.empty() && (digits.back() == 's' || digits.back() == 'm')) {
        unit = digits.back() == 'm' ? 60 : 1;
        digits.remove_suffix(1);
    }
    const auto number = parse_whole_number(digits, 1, k_max_timeout_seconds / unit);
    if (!number)
        throw Error(ExitCode::usage, trf("bad --timeout '{}'", text),
                    {tr("give whole seconds or minutes from 1 s to a day: 30, 30s or 2m")});
    return std::chrono::seconds(*number * unit);
}

// --max-memory: whole MiB, from 1 to 64 GiB.
std::int64_t parse_max_memory(const std::string& text) {
    const auto number = parse_whole_number(text, 1, k_max_memory_mib);
    if (!number)
        throw Error(ExitCode::usage, trf("bad --max-memory '{}'", text),
                    {trf("give whole MiB from 1 to {}, e.g. 512", k_max_memory_mib)});
    return *number;
}

// How much a text table may hold in memory per row beyond its text: the
// row's vector and each cell's optional string.
std::size_t held_bytes(const std::vector<std::optional<std::string>>& cells) {
    std::size_t bytes = sizeof(cells) + 16;
    for (const auto& cell : cells) {
        bytes += sizeof(cell);
        if (cell && cell->size() >= sizeof(std::string)) bytes += cell->capacity() + 16;
    }
    return bytes;
}

// Rows printed as CSV or JSON are written in batches of about this size.
constexpr std::size_t k_batch_bytes = 64 * 1024;

nlohmann::ordered_json as_json(const storage::Value& value) {
    struct Visitor {
        nlohmann::ordered_json operator()(std::monostate) const { return nullptr; }
        nlohmann::ordered_json operator()(std::int64_t v) const { return v; }
        nlohmann::ordered_json operator()(double v) const { return v; }
        nlohmann::ordered_json operator()(const std::string& v) const { return v; }
    };
    return std::visit(Visitor{}, value);
}

// The result as a text table, which needs every row for its widths: held in
// memory up to --max-memory, then refused (exit 65) rather than growing
// without bound. A column is right-aligned when it holds no text.
report::Table text_table(const storage::Database& db, const std::string& sql,
                         const storage::QueryParams& params, const storage::QueryLimits& limits,
                         std::optional<domain::Instant> now) {
    report::Table table;
    std::vector<bool> numeric;
    const auto cap = static_cast<std::size_t>(limits.max_memory_mib) * 1024 * 1024;
    std::size_t held = 0;
    storage::QuerySink sink;
    sink.columns = [&](const std::vector<std::string>& columns) {
        // The names are the views' (or the statement's): never translated.
        for (const auto& name : columns) table.columns.emplace_back(name).translate_name = false;
        numeric.assign(columns.size(), true);
    };
    sink.row = [&](const std::vector<storage::Value>& row) {
        std::vector<std::optional<std::string>> cells;
        cells.reserve(row.size());
        for (std::size_t i = 0; i < row.size(); ++i) {
            if (std::holds_alternative<std::string>(row[i])) numeric[i] = false;
            cells.push_back(as_text(row[i]));
        }
        held += held_bytes(cells);
        if (held > cap)
            throw Error(
                ExitCode::data,
                trf("query's result is more than {} MiB to hold as a text table "
                    "(--max-memory)",
                    limits.max_memory_mib),
                {tr("--format csv and --format json print rows as they come, in any number"),
                 tr("or narrow it with WHERE or LIMIT")});
        table.rows.push_back(std::move(cells));
    };
    db.query(sql, params, limits, sink, now);
    for (std::size_t i = 0; i < table.columns.size(); ++i)
        if (numeric[i] && !table.rows.empty()) table.columns[i].align = report::Align::right;
    return table;
}

}  // namespace

void add_query(CLI::App& command, Context& ctx) {
    auto o = std::make_shared<QueryOptions>();
    auto* cmd = &command;
    cmd->add_option("SQL", o->sql,
                    tr("One read-only SQL statement; '-' reads it from standard input"))
        ->required();
    add_output_option(*cmd, ctx);
    cmd->add_option("--param", o->params, tr("NAME=VALUE, bound to :NAME (repeatable)"));
    cmd->add_option("--timeout", o->timeout,
                    tr("Stop the statement after this long: seconds (30, 30s) or minutes (2m); "
                       "default 30s"));
    cmd->add_option("--max-memory", o->max_memory,
                    tr("MiB of memory SQLite may use, and a text table may hold; default 256"));
    cmd->footer(
        tr("Runs on a read-only connection: statements that write, ATTACH or set a PRAGMA fail\n"
           "with exit 65, as do functions that expose the process's memory (fts3_tokenizer), a\n"
           "statement running past --timeout and one needing more than --max-memory. The views\n"
           "complaint_facts, milestone_facts and event_log are documented in docs/schema.md.\n"
           "CSV and JSON rows are printed as they come; a text table is held to align it.\n"
           "Values that are whole numbers are bound as integers, others as "
           "text.\n\n"
           "Times in the views are UTC text: a local bound needs its offset, converted in SQL\n"
           "with strftime('%Y-%m-%dT%H:%M:%SZ', :from), or written in UTC (November in\n"
           "Asia/Shanghai starts at 2026-10-31T16:00:00Z, not 2026-11-01T00:00:00Z).\n\n"
           "Example (November 2026 in a UTC+8 zone):\n"
           "  complaints --format csv query \"SELECT category, count(*) AS n FROM complaint_facts\n"
           "      WHERE received_at >= strftime('%Y-%m-%dT%H:%M:%SZ', :from)\n"
           "        AND received_at < strftime('%Y-%m-%dT%H:%M:%SZ', :to) GROUP BY 1\" \\\n"
           "    --param 'from=2026-11-01 00:00+08:00' --param 'to=2026-12-01 00:00+08:00'"));
    cmd->callback([&ctx, o] {
        std::string sql = o->sql;
        if (sql == "-") {
            sql.assign(std::istreambuf_iterator<char>(std::cin), std::istreambuf_iterator<char>());
            if (std::cin.bad())
                throw Error(ExitCode::io, tr("cannot read the query from standard input"));
        }
        storage::QueryParams params;
        for (const auto& param : o->params) {
            const auto eq = param.find('=');
            const std::string name = param.substr(0, eq);
            const bool name_ok = !name.empty() &&
                                 !std::isdigit(static_cast<unsigned char>(name[0])) &&
                                 std::all_of(name.begin(), name.end(), [](char c) {
                                     return std::isalnum(static_cast<unsigned char>(c)) || c == '_';
                                 });
            if (eq == std::string::npos || !name_ok)
                throw Error(ExitCode::usage, trf("bad --param '{}'", param),
                            {tr("write --param NAME=VALUE, NAME of letters, digits and '_'")});
            params.emplace_back(name, param.substr(eq + 1));
        }
        storage::QueryLimits limits;
        limits.timeout = parse_timeout(o->timeout);
        limits.max_memory_mib = parse_max_memory(o->max_memory);
        const Format format = ctx.format_for({N_("a query's result"), true, true, true});
        auto& db = ctx.db(storage::Access::read);
        // The views follow the tool's clock: COMPLAINTS_NOW, when set.
        if (format == Format::text) {
            print_table(ctx, text_table(db, sql, params, limits, ctx.fixed_now()));
            return;
        }
        // CSV and JSON need no widths: each row is printed as it comes, so a
        // result of any size runs in constant memory.
        if (format == Format::csv) {
            db.query(sql, params, limits, csv_sink(&Context::out), ctx.fixed_now());
            return;
        }
        if (format == Format::xlsx) {
            OutputFile& file = ctx.output_file();
            std::unique_ptr<xlsx::Workbook> book;
            db.query(sql, params, limits, spreadsheet_sink(file, "query", ctx.policy().zone, book),
                     ctx.fixed_now());
            if (book) close_spreadsheet(*book, file);
            return;
        }
        std::vector<std::string> names;
        std::string pending;
        std::size_t rows = 0;
        storage::QuerySink sink;
        sink.columns = [&](const std::vector<std::string>& columns) { names = columns; };
        sink.row = [&](const std::vector<storage::Value>& row) {
            nlohmann::ordered_json object = nlohmann::ordered_json::object();
            for (std::size_t i = 0; i < names.size(); ++i) object[names[i]] = as_json(row[i]);
            // As one array dumped with an indent of 2: each object's lines
            // indented by two more (strings hold no raw line breaks in JSON).
            const std::string text =
                object.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
            pending += rows++ ? ",\n  " : "[\n  ";
            for (const char c : text) {
                pending += c;
                if (c == '\n') pending += "  ";
            }
            if (pending.size() >= k_batch_bytes) {
                ctx.out(pending);
                pending.clear();
            }
        };
        db.query(sql, params, limits, sink, ctx.fixed_now());
        ctx.out(pending + (rows ? "\n]\n" : "[]\n"));
    });
}

}  // namespace complaints::cli
