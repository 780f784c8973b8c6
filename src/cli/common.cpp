#include "commands.hpp"
#include "spreadsheet.hpp"

#include <complaints/domain/error.hpp>
#include <complaints/domain/translate.hpp>
#include <complaints/report/views.hpp>

#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include <iostream>
#include <iterator>

namespace complaints::cli {

std::string read_stdin() {
    std::string text{std::istreambuf_iterator<char>(std::cin), std::istreambuf_iterator<char>()};
    if (std::cin.bad())
        throw Error(ExitCode::io, tr("cannot read the description from standard input"));
    while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) text.pop_back();
    return text;
}

std::string read_text_stdin(const std::string& option) {
    // CRLF counts one byte per line less, but the limit is of what is stored:
    // read a little past it (a few trailing line breaks), then check.
    constexpr std::size_t k_room = domain::k_multi_line_max_bytes * 2 + 2;
    std::string text(k_room, '\0');
    std::cin.read(text.data(), static_cast<std::streamsize>(k_room));
    if (std::cin.bad())
        throw Error(ExitCode::io, trf("cannot read {} from standard input", option));
    text.resize(static_cast<std::size_t>(std::cin.gcount()));
    std::string lf;
    lf.reserve(text.size());
    for (std::size_t i = 0; i < text.size(); ++i)
        if (!(text[i] == '\r' && i + 1 < text.size() && text[i + 1] == '\n')) lf += text[i];
    while (!lf.empty() && (lf.back() == '\n' || lf.back() == '\r')) lf.pop_back();
    if (text.size() == k_room && std::cin.peek() != std::char_traits<char>::eof())
        throw Error(ExitCode::data,
                    trf("{} is too long: more than {} bytes on standard input, at most {} "
                        "(64 KiB)",
                        option, k_room, domain::k_multi_line_max_bytes),
                    {tr("shorten it, or attach the full text as a file (complaints attach)")});
    domain::check_text(option, lf, domain::TextRule::multi_line);
    return lf;
}

void add_step_options(CLI::App& cmd, StepOptions& options) {
    cmd.add_option("ID", options.id, tr("The complaint number"))->required();
    cmd.add_option("--at", options.at, tr("When it happened (default: now)"));
}

void add_note_step(CLI::App& cmd, Context& ctx, const std::string& note_help,
                   const std::string& footer, NoteStep step) {
    struct Options {
        StepOptions step;
        std::optional<std::string> note;
    };
    auto o = std::make_shared<Options>();
    add_text_option(cmd, "--note", o->note, note_help);
    add_step_options(cmd, o->step);
    cmd.footer(footer);
    cmd.callback([&ctx, o, step] {
        change_complaint(ctx, o->step.id, o->step.at,
                         [&](auto& c, const auto& policy, const auto& stamp) {
                             return std::vector{step(c, o->note, policy, stamp)};
                         });
    });
}

std::optional<std::string> as_text(const storage::Value& value) {
    struct Visitor {
        std::optional<std::string> operator()(std::monostate) const { return std::nullopt; }
        std::optional<std::string> operator()(std::int64_t v) const { return std::to_string(v); }
        std::optional<std::string> operator()(double v) const { return fmt::format("{}", v); }
        std::optional<std::string> operator()(const std::string& v) const { return v; }
    };
    return std::visit(Visitor{}, value);
}

storage::QuerySink csv_sink(std::function<void(std::string_view)> write) {
    storage::QuerySink sink;
    sink.columns = [write](const std::vector<std::string>& columns) {
        write(report::csv_record({columns.begin(), columns.end()}, {}));
    };
    sink.row = [write = std::move(write)](const std::vector<storage::Value>& row) {
        std::vector<std::optional<std::string>> cells;
        std::vector<report::CellType> types;
        cells.reserve(row.size());
        types.reserve(row.size());
        for (const auto& value : row) {
            cells.push_back(as_text(value));
            types.push_back(std::holds_alternative<std::string>(value) ? report::CellType::text
                                                                       : report::CellType::number);
        }
        write(report::csv_record(cells, types));
    };
    return sink;
}

domain::Complaint require_complaint(Context& ctx, const std::string& id) {
    if (auto c = ctx.db(storage::Access::read).complaints().find(id)) return std::move(*c);
    throw Error(ExitCode::no_input, trf("no complaint '{}'", id),
                {trf("list the numbers with: complaints list (database '{}')", ctx.options.db)});
}

void change_complaint(Context& ctx, const std::string& id, const std::optional<std::string>& at,
                      const Change& change) {
    const Format format = ctx.format_for({N_("a changed complaint")});
    const domain::Policy& policy = ctx.policy();
    const domain::Stamp stamp = ctx.stamp(at);
    auto& db = ctx.db(storage::Access::read);
    domain::Complaint complaint;
    std::optional<std::string> waits_for;
    db.write([&] {
        complaint = require_complaint(ctx, id);
        const std::vector<domain::Event> events = change(complaint, policy, stamp);
        db.complaints().update(complaint, events);
        for (const auto& e : events)
            if (const auto* d = e.as<domain::ResolveDetails>())
                if (d->awaiting_approval) waits_for = d->awaiting_approval;
    });
    if (format == Format::json) {
        const auto events = db.events().of(complaint.row_id);
        ctx.out(report::complaint_json(complaint, &events, {policy, ctx.now()}));
    } else if (waits_for) {
        ctx.out(domain::printable(trf("{}  awaiting approval by {}", complaint.id, *waits_for)) +
                "\n");
    } else {
        // The status name in the user's language (the names are N_() in domain).
        std::string line =
            fmt::format("{}  {}", complaint.id, domain::shown_name(complaint.status));
        if (complaint.assignee) line += fmt::format("  {}", *complaint.assignee);
        if (const auto next = complaint.next_deadline())
            line += "  " + trf("next deadline {}", domain::format_local(*next, policy.zone));
        ctx.out(domain::printable(line) + "\n");  // stored text: no control characters
    }
}

void add_output_option(CLI::App& cmd, Context& ctx) {
    cmd.add_option("-o,--output", ctx.output_path,
                   tr("Write to this file (whole or not at all, mode 0600) instead of standard "
                      "output; needed by --format xlsx"));
}

void print_table(Context& ctx, const report::Table& table, const std::string& sheet) {
    switch (ctx.format()) {
        case Format::text:
            ctx.out(report::render_text(table, ctx.text_style()));
            break;
        case Format::csv:
            ctx.out(report::render_csv(table));
            break;
        case Format::xlsx:
            write_spreadsheet(ctx, sheet, table);
            break;
        case Format::json: {
            nlohmann::ordered_json out = nlohmann::ordered_json::array();
            for (const auto& row : table.rows) {
                nlohmann::ordered_json object;
                for (std::size_t i = 0; i < table.columns.size(); ++i)
                    object[table.columns[i].name] =
                        i < row.size() && row[i] ? nlohmann::ordered_json(*row[i]) : nullptr;
                out.push_back(std::move(object));
            }
            ctx.out(domain::json_printable(
                        out.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace)) +
                    "\n");
            break;
        }
    }
}

}  // namespace complaints::cli
