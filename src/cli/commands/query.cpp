#include "../commands.hpp"

#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include <iostream>
#include <iterator>

namespace complaints::cli {

namespace {

struct QueryOptions {
    std::string sql;
    std::vector<std::string> params;
};

std::optional<std::string> as_text(const storage::Value& value) {
    struct Visitor {
        std::optional<std::string> operator()(std::monostate) const { return std::nullopt; }
        std::optional<std::string> operator()(std::int64_t v) const { return std::to_string(v); }
        std::optional<std::string> operator()(double v) const { return fmt::format("{}", v); }
        std::optional<std::string> operator()(const std::string& v) const { return v; }
    };
    return std::visit(Visitor{}, value);
}

nlohmann::ordered_json as_json(const storage::Value& value) {
    struct Visitor {
        nlohmann::ordered_json operator()(std::monostate) const { return nullptr; }
        nlohmann::ordered_json operator()(std::int64_t v) const { return v; }
        nlohmann::ordered_json operator()(double v) const { return v; }
        nlohmann::ordered_json operator()(const std::string& v) const { return v; }
    };
    return std::visit(Visitor{}, value);
}

}  // namespace

void add_query(CLI::App& command, Context& ctx) {
    auto o = std::make_shared<QueryOptions>();
    auto* cmd = &command;
    cmd->add_option("SQL", o->sql, "One read-only SQL statement; '-' reads it from standard input")
        ->required();
    cmd->add_option("--param", o->params, "NAME=VALUE, bound to :NAME (repeatable)");
    cmd->footer(
        "Runs on a read-only connection: statements that write, ATTACH or set a PRAGMA fail\n"
        "with exit 65. The views complaint_facts, milestone_facts and event_log are documented\n"
        "in docs/schema.md. Values that are whole numbers are bound as integers, others as "
        "text.\n\n"
        "Times in the views are UTC text: a local bound needs its offset, converted in SQL\n"
        "with strftime('%Y-%m-%dT%H:%M:%SZ', :from), or written in UTC (November in\n"
        "Asia/Shanghai starts at 2026-10-31T16:00:00Z, not 2026-11-01T00:00:00Z).\n\n"
        "Example (November 2026 in a UTC+8 zone):\n"
        "  complaints --format csv query \"SELECT category, count(*) AS n FROM complaint_facts\n"
        "      WHERE received_at >= strftime('%Y-%m-%dT%H:%M:%SZ', :from)\n"
        "        AND received_at < strftime('%Y-%m-%dT%H:%M:%SZ', :to) GROUP BY 1\" \\\n"
        "    --param 'from=2026-11-01 00:00+08:00' --param 'to=2026-12-01 00:00+08:00'");
    cmd->callback([&ctx, o] {
        std::string sql = o->sql;
        if (sql == "-") {
            sql.assign(std::istreambuf_iterator<char>(std::cin), std::istreambuf_iterator<char>());
            if (std::cin.bad())
                throw Error(ExitCode::io, "cannot read the query from standard input");
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
                throw Error(ExitCode::usage, fmt::format("bad --param '{}'", param),
                            {"write --param NAME=VALUE, NAME of letters, digits and '_'"});
            params.emplace_back(name, param.substr(eq + 1));
        }
        // The views follow the tool's clock: COMPLAINTS_NOW, when set.
        const auto result = ctx.db(storage::Access::read).query(sql, params, ctx.fixed_now());
        if (ctx.format_for({"a query's result", true, true}) == Format::json) {
            nlohmann::ordered_json out = nlohmann::ordered_json::array();
            for (const auto& row : result.rows) {
                nlohmann::ordered_json object = nlohmann::ordered_json::object();
                for (std::size_t i = 0; i < result.columns.size(); ++i)
                    object[result.columns[i]] = as_json(row[i]);
                out.push_back(std::move(object));
            }
            ctx.out(out.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace) +
                    "\n");
            return;
        }
        report::Table table;
        for (std::size_t i = 0; i < result.columns.size(); ++i) {
            const bool numeric =
                !result.rows.empty() &&
                std::all_of(result.rows.begin(), result.rows.end(), [i](const auto& row) {
                    return !std::holds_alternative<std::string>(row[i]);
                });
            table.columns.emplace_back(result.columns[i],
                                       numeric ? report::Align::right : report::Align::left);
        }
        for (const auto& row : result.rows) {
            std::vector<std::optional<std::string>> cells;
            for (const auto& value : row) cells.push_back(as_text(value));
            table.rows.push_back(std::move(cells));
        }
        print_table(ctx, table);
    });
}

}  // namespace complaints::cli
