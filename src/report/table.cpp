#include <complaints/domain/text.hpp>
#include <complaints/domain/translate.hpp>
#include <complaints/report/table.hpp>

#include <fmt/format.h>

#include <utf8proc.h>

#include <algorithm>

namespace complaints::report {

namespace {

// Decodes one code point of `text` at `pos`; invalid bytes count as U+FFFD.
utf8proc_int32_t next_code_point(std::string_view text, std::size_t& pos) {
    utf8proc_int32_t cp = 0;
    const auto n = utf8proc_iterate(reinterpret_cast<const utf8proc_uint8_t*>(text.data() + pos),
                                    static_cast<utf8proc_ssize_t>(text.size() - pos), &cp);
    if (n <= 0) {
        pos += 1;
        return 0xFFFD;
    }
    pos += static_cast<std::size_t>(n);
    return cp;
}

int code_point_width(utf8proc_int32_t cp) {
    if (cp == '\t') return 1;
    return std::max(0, utf8proc_charwidth(cp));
}

std::string styled(std::string_view code, std::string_view text, const TextStyle& style) {
    if (!style.color) return std::string(text);
    return fmt::format("\x1b[{}m{}\x1b[0m", code, text);
}

// Line feeds and tabs inside a cell would break the table's lines; other
// control characters would reach the terminal.
std::string one_line(std::string_view text) {
    return domain::printable(text, domain::Breaks::space);
}

// The name of `column` as text output shows it: in the user's language
// unless it is a view's (SPEC §15).
std::string_view shown_name(const Table::Column& column) {
    if (column.translate_name && translating()) return tr(column.name);
    return column.name;
}

// A non-null cell of `column` as text output shows it: on one line, and in
// the user's language when the column says how (translate_value).
std::string shown_cell(const Table::Column& column, const std::string& cell) {
    if (column.translate_value && translating()) return one_line(column.translate_value(cell));
    return one_line(cell);
}

}  // namespace

int display_width(std::string_view text) {
    int width = 0;
    for (std::size_t pos = 0; pos < text.size();) {
        if (text[pos] >= 0x20 && text[pos] < 0x7f) {  // printable ASCII: one column
            ++width;
            ++pos;
        } else {
            width += code_point_width(next_code_point(text, pos));
        }
    }
    return width;
}

std::string truncate_to_width(std::string_view text, int width) {
    if (display_width(text) <= width) return std::string(text);
    if (width <= 0) return "";
    int used = 0;
    std::size_t pos = 0;
    while (pos < text.size()) {
        std::size_t next = pos;
        const int w = code_point_width(next_code_point(text, next));
        if (used + w > width - 1) break;
        used += w;
        pos = next;
    }
    return std::string(text.substr(0, pos)) + "…";
}

std::string pad(std::string_view text, int width, Align align) {
    const int fill = std::max(0, width - display_width(text));
    if (align == Align::right)
        return std::string(static_cast<std::size_t>(fill), ' ') + std::string(text);
    return std::string(text) + std::string(static_cast<std::size_t>(fill), ' ');
}

std::string bold(std::string_view text, const TextStyle& style) {
    return styled("1", text, style);
}
std::string red(std::string_view text, const TextStyle& style) {
    return styled("31", text, style);
}
std::string yellow(std::string_view text, const TextStyle& style) {
    return styled("33", text, style);
}

TextTable::TextTable(std::vector<Table::Column> columns, TextStyle style)
    : m_columns(std::move(columns)), m_style(style), m_widths(m_columns.size(), 0) {
    for (std::size_t i = 0; i < m_columns.size(); ++i)
        m_widths[i] = display_width(one_line(shown_name(m_columns[i])));
}

std::vector<std::string> TextTable::cells(const Row& row) const {
    std::vector<std::string> line;
    line.reserve(m_columns.size());
    for (std::size_t i = 0; i < m_columns.size(); ++i)
        line.push_back(i < row.size() && row[i] ? shown_cell(m_columns[i], *row[i])
                                                : m_columns[i].null_text);
    return line;
}

void TextTable::measure(const Row& row) {
    const auto line = cells(row);
    for (std::size_t i = 0; i < line.size(); ++i)
        m_widths[i] = std::max(m_widths[i], display_width(line[i]));
}

std::string TextTable::render(const std::vector<std::string>& line, bool header) const {
    std::string out;
    const std::size_t n = m_columns.size();
    for (std::size_t i = 0; i < n; ++i) {
        // The last column is not padded, so lines carry no trailing spaces.
        const bool last = i + 1 == n;
        const Align align = m_columns[i].align;
        out += last && align == Align::left ? line[i] : pad(line[i], m_widths[i], align);
        if (!last) out += "  ";
    }
    while (!out.empty() && out.back() == ' ') out.pop_back();
    if (m_style.width) out = truncate_to_width(out, *m_style.width);
    return (header ? bold(out, m_style) : out) + "\n";
}

std::string TextTable::header() const {
    std::vector<std::string> names;
    for (const auto& c : m_columns) names.push_back(one_line(shown_name(c)));
    return render(names, true);
}

std::string TextTable::line(const Row& row) const {
    return render(cells(row), false);
}

std::string render_text(const Table& table, const TextStyle& style) {
    TextTable text(table.columns, style);
    for (const auto& row : table.rows) text.measure(row);
    std::string out = text.header();
    for (const auto& row : table.rows) out += text.line(row);
    return out;
}

std::string csv_cell(std::string_view text, CellType type) {
    std::string cell = domain::printable(text, domain::Breaks::keep);
    // The tab and carriage return of OWASP's list: a carriage return was
    // escaped above, so the cell starts with '\' instead.
    if (type == CellType::text && !cell.empty() &&
        std::string_view("=+-@\t\r").find(cell.front()) != std::string_view::npos)
        cell.insert(0, "'");
    return cell;
}

namespace {

std::string csv_field(std::string_view raw, CellType type) {
    std::string text = csv_cell(raw, type);
    if (text.find_first_of(",\"\r\n") == std::string_view::npos) return text;
    std::string out = "\"";
    for (const char c : text) {
        if (c == '"') out += '"';
        out += c;
    }
    return out + "\"";
}

}  // namespace

std::string csv_record(const std::vector<std::optional<std::string>>& cells,
                       const std::vector<CellType>& types) {
    std::string out;
    for (std::size_t i = 0; i < cells.size(); ++i) {
        if (i) out += ',';
        if (cells[i]) out += csv_field(*cells[i], i < types.size() ? types[i] : CellType::text);
    }
    return out + "\r\n";
}

std::string render_csv(const Table& table) {
    std::vector<std::optional<std::string>> header;
    std::vector<CellType> types;
    for (const auto& column : table.columns) {
        header.emplace_back(column.name);
        types.push_back(column.type);
    }
    std::string out = csv_record(header, {});
    for (const auto& row : table.rows) {
        std::vector<std::optional<std::string>> cells(table.columns.size());
        for (std::size_t i = 0; i < cells.size() && i < row.size(); ++i) cells[i] = row[i];
        out += csv_record(cells, types);
    }
    return out;
}

}  // namespace complaints::report
