#pragma once

// Spreadsheets (SPEC §15): one table as an .xlsx workbook, written with
// libxlsxwriter, the only user of that library. The interface is
// header-only but for `open_workbook`: the static main binary includes it
// without linking the module, and hands `--format xlsx` over to the build
// that does (src/main_xlsx.cpp, cli/server.hpp), as libxlsxwriter comes as a
// shared library only in Debian.

#include <cstdint>
#include <functional>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace complaints::xlsx {

// What a column holds, hence how its cells are written.
enum class Kind {
    text,
    number,   // a number as is
    money,    // a number shown with two decimals (0.00)
    percent,  // a fraction shown as a percentage (0.75 as 75.0%)
    time,     // a date and time (yyyy-mm-dd hh:mm), local to the policy's zone
};

// The rows a worksheet holds under its header row (Excel's 1 048 576 in all).
inline constexpr std::uint32_t k_max_rows = 1048575;

// What `add_row` throws for a row past the last a sheet holds; the caller
// says so in its own words, naming k_max_rows.
class TooManyRows : public std::runtime_error {
public:
    TooManyRows() : std::runtime_error("more rows than an .xlsx worksheet holds") {}
};

struct Column {
    std::string name;
    Kind kind = Kind::text;
};

// A local date and time: an Excel date carries no zone.
struct DateTime {
    int year = 0, month = 0, day = 0, hour = 0, minute = 0;
    double second = 0;
};

// A null (blank), text, a number, or a date and time.
using Cell = std::variant<std::monostate, std::string, double, DateTime>;

// One worksheet: a bold header row frozen above the rows, each column as
// wide as its widest cell (measured by `width`, in terminal columns: CJK
// characters count two). Rows are written as they come (constant memory);
// `close` writes the file. Errors are thrown as std::runtime_error; a row
// past the last an .xlsx sheet holds (k_max_rows under the header) throws
// TooManyRows.
class Workbook {
public:
    virtual ~Workbook() = default;
    virtual void add_row(const std::vector<Cell>& row) = 0;
    virtual void close() = 0;
};

using WidthOf = std::function<int(std::string_view)>;

// A workbook at `path` (overwritten) of one sheet named `sheet`.
std::unique_ptr<Workbook> open_workbook(const std::string& path, const std::string& sheet,
                                        std::vector<Column> columns, WidthOf width);

using OpenWorkbook = std::unique_ptr<Workbook> (*)(const std::string&, const std::string&,
                                                   std::vector<Column>, WidthOf);

}  // namespace complaints::xlsx
