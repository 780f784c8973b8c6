#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace complaints::report {

enum class Align { left, right };

// What a column holds. CSV guards text cells against spreadsheets that would
// run them as formulas; numbers are left as they are.
enum class CellType { text, number };

// A table of text cells: what `list`, `report` and `query` print. An empty
// optional cell is a null: blank in text and CSV.
struct Table {
    struct Column {
        // A right-aligned column holds numbers, any other text.
        Column(std::string column_name, Align column_align = Align::left, std::string null_as = {})
            : name(std::move(column_name)),
              align(column_align),
              null_text(std::move(null_as)),
              type(column_align == Align::right ? CellType::number : CellType::text) {}
        std::string name;
        Align align;
        std::string null_text;  // how text output shows a null (CSV: always empty)
        CellType type;
        // Text output (render_text, TextTable) shows the name through tr(),
        // and each non-null cell through `translate_value` when set (a
        // status or milestone name, "3h late", a group's "(none)"), in the
        // user's language (SPEC §15). CSV, JSON and xlsx show them as they
        // are. The columns of `query` are the views' and keep their names
        // (`translate_name = false`). The widths are those of what is shown.
        // An English run (!translating()) shows both as they are, calls no
        // `translate_value`, and copies nothing more.
        bool translate_name = true;
        std::string (*translate_value)(std::string_view cell) = nullptr;
    };
    std::vector<Column> columns;
    std::vector<std::vector<std::optional<std::string>>> rows;
};

// How text goes to the user's screen: cut to `width` columns when set (a
// terminal), colour when `color`.
struct TextStyle {
    std::optional<int> width;
    bool color = false;
};

// Columns aligned by display width (CJK characters count two), separated by
// two spaces; rows wider than `style.width` are cut with `…`. Each row ends
// with a newline. A table without rows prints its header only. A line feed
// or tab in a cell shows as a space, any other control character escaped
// (`\x1b`, domain::printable): no cell can move the cursor or send a
// terminal sequence. Names and cells are shown translated as their Column
// says (translate_name, translate_value).
std::string render_text(const Table& table, const TextStyle& style);

// The same, for rows that are not held: each row is measured in a first
// pass over the data (`measure`), then the header and each row are
// rendered in a second (`header`, `line`), so that a table of any length
// prints in constant memory (`list`).
class TextTable {
public:
    using Row = std::vector<std::optional<std::string>>;
    TextTable(std::vector<Table::Column> columns, TextStyle style);
    void measure(const Row& row);
    [[nodiscard]] std::string header() const;
    [[nodiscard]] std::string line(const Row& row) const;

private:
    [[nodiscard]] std::vector<std::string> cells(const Row& row) const;
    [[nodiscard]] std::string render(const std::vector<std::string>& line, bool header) const;
    std::vector<Table::Column> m_columns;
    TextStyle m_style;
    std::vector<int> m_widths;
};
// RFC 4180: a header row, fields quoted when needed, CRLF line ends. Control
// characters but line feeds and tabs are escaped as in text; a text cell (and
// a header) that starts with `=`, `+`, `-`, `@`, a tab or a carriage return
// gets a leading `'`, so that no spreadsheet runs it as a formula (OWASP's
// advice on CSV injection); numbers never do.
std::string render_csv(const Table& table);
// One CSV record: `cells`, each of its type in `types` (text past its end),
// quoted when needed, a null empty, ending in CRLF. What render_csv writes
// for each row, for output that streams rows (`query`).
std::string csv_record(const std::vector<std::optional<std::string>>& cells,
                       const std::vector<CellType>& types);
// A cell of `type` as CSV writes it, before quoting: escaped, and
// neutralised when a spreadsheet would run it as a formula.
std::string csv_cell(std::string_view text, CellType type);

// The number of terminal columns `text` (UTF-8) takes.
int display_width(std::string_view text);
// `text` cut to at most `width` columns, ending in `…` when it was cut.
std::string truncate_to_width(std::string_view text, int width);
// `text` padded with spaces to `width` columns.
std::string pad(std::string_view text, int width, Align align);

// ANSI styles, applied only when `style.color`.
std::string bold(std::string_view text, const TextStyle& style);
std::string red(std::string_view text, const TextStyle& style);
std::string yellow(std::string_view text, const TextStyle& style);

}  // namespace complaints::report
