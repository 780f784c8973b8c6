#include "spreadsheet.hpp"
#include "server.hpp"

#include <complaints/domain/error.hpp>
#include <complaints/domain/text.hpp>
#include <complaints/domain/translate.hpp>

#include <fmt/format.h>

#include <unistd.h>
#include <cerrno>
#include <charconv>
#include <chrono>
#include <climits>
#include <cstring>
#include <stdexcept>

namespace complaints::cli {

namespace {

xlsx::OpenWorkbook g_open = nullptr;

constexpr const char* k_xlsx_build = "complaints-xlsx";

// The report columns that hold a local time (domain::format_local).
bool is_time_column(std::string_view name) {
    return name == "received" || name == "deadline" || name == "next_deadline";
}

std::optional<int> digits(std::string_view text, std::size_t at, std::size_t n) {
    int value = 0;
    if (at + n > text.size()) return std::nullopt;
    const auto [end, ec] = std::from_chars(text.data() + at, text.data() + at + n, value);
    if (ec != std::errc{} || end != text.data() + at + n) return std::nullopt;
    return value;
}

// "YYYY-MM-DD HH:MM" (format_local), or nothing.
std::optional<xlsx::DateTime> local_time(std::string_view text) {
    if (text.size() != 16 || text[4] != '-' || text[7] != '-' || text[10] != ' ' || text[13] != ':')
        return std::nullopt;
    const auto y = digits(text, 0, 4), mo = digits(text, 5, 2), d = digits(text, 8, 2),
               h = digits(text, 11, 2), mi = digits(text, 14, 2);
    if (!y || !mo || !d || !h || !mi) return std::nullopt;
    return xlsx::DateTime{*y, *mo, *d, *h, *mi, 0};
}

std::optional<double> number(std::string_view text) {
    double value = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (text.empty() || ec != std::errc{} || end != text.data() + text.size()) return std::nullopt;
    return value;
}

xlsx::DateTime civil(domain::LocalTime local) {
    using namespace std::chrono;
    const auto day = floor<days>(local);
    const year_month_day ymd{day};
    const hh_mm_ss hms{local - day};
    return {static_cast<int>(ymd.year()),
            static_cast<int>(static_cast<unsigned>(ymd.month())),
            static_cast<int>(static_cast<unsigned>(ymd.day())),
            static_cast<int>(hms.hours().count()),
            static_cast<int>(hms.minutes().count()),
            static_cast<double>(hms.seconds().count())};
}

// The xlsx module's own messages (it uses no module of the tool, so they
// are marked here for the catalogue); libxlsxwriter's stay as it words them.
[[maybe_unused]] constexpr const char* k_workbook_messages[] = {N_("cannot create the workbook"),
                                                                N_("cannot add the worksheet")};

[[noreturn]] void spreadsheet_failed(const OutputFile& file, const std::exception& e) {
    const std::string reason =
        dynamic_cast<const xlsx::TooManyRows*>(&e)
            ? trf("an .xlsx worksheet holds at most {} rows under its header; this table has more",
                  xlsx::k_max_rows)
            : tr(e.what());
    throw Error(ExitCode::io, trf("cannot write the spreadsheet: {}", reason),
                {trf("nothing was written to '{}'", domain::printable(file.path()))});
}

}  // namespace

void set_workbook_writer(xlsx::OpenWorkbook open) {
    g_open = open;
}

bool has_workbook_writer() {
    return g_open != nullptr;
}

void hand_over_to_xlsx_build(char** argv) {
    hand_over(argv, k_xlsx_build, tr("writes spreadsheets"),
              tr("install complaints with its spreadsheet support (cmake --install), or use "
                 "--format csv"));
}

std::unique_ptr<xlsx::Workbook> open_spreadsheet(const OutputFile& file, const std::string& sheet,
                                                 std::vector<xlsx::Column> columns) {
    if (!g_open)
        throw Error(ExitCode::unavailable, tr("this build of complaints writes no spreadsheets"),
                    {tr("use --format csv")});
    try {
        return g_open(file.temporary_path(), sheet, std::move(columns),
                      [](std::string_view text) { return report::display_width(text); });
    } catch (const std::runtime_error& e) {
        spreadsheet_failed(file, e);
    }
}

void close_spreadsheet(xlsx::Workbook& book, const OutputFile& file) {
    try {
        book.close();
    } catch (const std::runtime_error& e) {
        spreadsheet_failed(file, e);
    }
}

void write_spreadsheet(Context& ctx, const std::string& sheet, const report::Table& table) {
    OutputFile& file = ctx.output_file();
    const auto columns = spreadsheet_columns(table.columns);
    const auto book = open_spreadsheet(file, sheet, columns);
    try {
        for (const auto& row : table.rows) book->add_row(spreadsheet_row(columns, row));
    } catch (const std::runtime_error& e) {
        spreadsheet_failed(file, e);
    }
    close_spreadsheet(*book, file);
}

std::vector<xlsx::Column> spreadsheet_columns(const std::vector<report::Table::Column>& columns) {
    std::vector<xlsx::Column> out;
    for (const auto& c : columns) {
        xlsx::Kind kind = xlsx::Kind::text;
        if (c.type == report::CellType::number)
            kind = c.name.ends_with("_rate") ? xlsx::Kind::percent : xlsx::Kind::number;
        else if (is_time_column(c.name))
            kind = xlsx::Kind::time;
        out.push_back({c.name, kind});
    }
    return out;
}

std::vector<xlsx::Cell> spreadsheet_row(const std::vector<xlsx::Column>& columns,
                                        const std::vector<std::optional<std::string>>& row) {
    std::vector<xlsx::Cell> out(columns.size());
    for (std::size_t i = 0; i < columns.size() && i < row.size(); ++i) {
        if (!row[i]) continue;
        const std::string& text = *row[i];
        switch (columns[i].kind) {
            case xlsx::Kind::number:
            case xlsx::Kind::money:
            case xlsx::Kind::percent:
                if (const auto n = number(text)) {
                    out[i] = *n;
                    continue;
                }
                break;
            case xlsx::Kind::time:
                if (const auto t = local_time(text)) {
                    out[i] = *t;
                    continue;
                }
                break;
            case xlsx::Kind::text:
                break;
        }
        out[i] = domain::printable(text);
    }
    return out;
}

storage::QuerySink spreadsheet_sink(const OutputFile& file, const std::string& sheet,
                                    const domain::TimeZone& zone,
                                    std::unique_ptr<xlsx::Workbook>& book) {
    storage::QuerySink sink;
    auto columns = std::make_shared<std::vector<xlsx::Column>>();
    sink.columns = [&file, &book, sheet, columns](const std::vector<std::string>& names) {
        for (const auto& name : names)
            columns->push_back(
                {name, name.ends_with("amount") ? xlsx::Kind::money : xlsx::Kind::text});
        book = open_spreadsheet(file, sheet, *columns);
    };
    sink.row = [&file, &book, zone, columns](const std::vector<storage::Value>& row) {
        std::vector<xlsx::Cell> cells(row.size());
        for (std::size_t i = 0; i < row.size(); ++i) {
            const bool money = i < columns->size() && (*columns)[i].kind == xlsx::Kind::money;
            if (const auto* n = std::get_if<std::int64_t>(&row[i]))
                cells[i] = money ? static_cast<double>(*n) / 100 : static_cast<double>(*n);
            else if (const auto* d = std::get_if<double>(&row[i]))
                cells[i] = *d;
            else if (const auto* s = std::get_if<std::string>(&row[i])) {
                const auto t = s->size() == 20 ? domain::parse_utc(*s) : std::nullopt;
                // complaint_facts gives amounts as decimal text ("128.50").
                const auto amount = money ? number(*s) : std::nullopt;
                if (amount)
                    cells[i] = *amount;
                else if (t)
                    cells[i] = civil(zone.to_local(*t));
                else
                    cells[i] = domain::printable(*s);
            }
        }
        try {
            book->add_row(cells);
        } catch (const std::runtime_error& e) {
            spreadsheet_failed(file, e);
        }
    };
    return sink;
}

}  // namespace complaints::cli
