#include <complaints/xlsx/workbook.hpp>

#include <xlsxwriter.h>

#include <algorithm>
#include <stdexcept>
#include <utility>

namespace complaints::xlsx {

namespace {

// Excel's widths are in characters of its default font; a little room for
// the filter arrow and padding.
constexpr double k_padding = 2;
constexpr double k_max_width = 80;

[[noreturn]] void fail(std::string_view what, lxw_error error) {
    throw std::runtime_error(std::string(what) + ": " + lxw_strerror(error));
}

class LxwWorkbook final : public Workbook {
public:
    LxwWorkbook(const std::string& path, const std::string& sheet, std::vector<Column> columns,
                WidthOf width)
        : m_columns(std::move(columns)), m_width(std::move(width)) {
        lxw_workbook_options options{};
        options.constant_memory = LXW_TRUE;  // rows go to a temporary file as they come
        m_book = workbook_new_opt(path.c_str(), &options);
        if (!m_book) throw std::runtime_error("cannot create the workbook");
        m_sheet = workbook_add_worksheet(m_book, sheet.substr(0, 31).c_str());
        if (!m_sheet) {
            workbook_close(m_book);
            throw std::runtime_error("cannot add the worksheet");
        }
        m_bold = workbook_add_format(m_book);
        format_set_bold(m_bold);
        m_money = workbook_add_format(m_book);
        format_set_num_format(m_money, "0.00");
        m_percent = workbook_add_format(m_book);
        format_set_num_format(m_percent, "0.0%");
        m_time = workbook_add_format(m_book);
        format_set_num_format(m_time, "yyyy-mm-dd hh:mm");
        m_widths.resize(m_columns.size());
        for (std::size_t c = 0; c < m_columns.size(); ++c) {
            worksheet_write_string(m_sheet, 0, static_cast<lxw_col_t>(c), m_columns[c].name.c_str(),
                                   m_bold);
            m_widths[c] = m_width(m_columns[c].name);
        }
        worksheet_freeze_panes(m_sheet, 1, 0);
    }

    ~LxwWorkbook() override {
        // Not closed: the file is not wanted, but the library's memory and
        // temporary files are freed only by closing it.
        if (m_book) workbook_close(m_book);
    }

    void add_row(const std::vector<Cell>& row) override {
        if (m_row >= k_max_rows) throw TooManyRows();
        ++m_row;
        for (std::size_t c = 0; c < row.size() && c < m_columns.size(); ++c) {
            const auto col = static_cast<lxw_col_t>(c);
            const Kind kind = m_columns[c].kind;
            lxw_error error = LXW_NO_ERROR;
            int width = 0;
            if (const auto* text = std::get_if<std::string>(&row[c])) {
                error = worksheet_write_string(m_sheet, m_row, col, text->c_str(), nullptr);
                width = m_width(*text);
            } else if (const auto* number = std::get_if<double>(&row[c])) {
                lxw_format* format = kind == Kind::money     ? m_money
                                     : kind == Kind::percent ? m_percent
                                                             : nullptr;
                error = worksheet_write_number(m_sheet, m_row, col, *number, format);
                width = kind == Kind::money ? 12 : 8;
            } else if (const auto* time = std::get_if<DateTime>(&row[c])) {
                lxw_datetime value{time->year, time->month,  time->day,
                                   time->hour, time->minute, time->second};
                error = worksheet_write_datetime(m_sheet, m_row, col, &value, m_time);
                width = 16;
            }
            if (error != LXW_NO_ERROR) fail("cannot write a cell", error);
            m_widths[c] = std::max(m_widths[c], width);
        }
    }

    void close() override {
        for (std::size_t c = 0; c < m_widths.size(); ++c) {
            const double width = std::min(k_max_width, m_widths[c] + k_padding);
            worksheet_set_column(m_sheet, static_cast<lxw_col_t>(c), static_cast<lxw_col_t>(c),
                                 width, nullptr);
        }
        lxw_workbook* book = std::exchange(m_book, nullptr);
        if (const lxw_error error = workbook_close(book); error != LXW_NO_ERROR)
            fail("cannot write the workbook", error);
    }

private:
    std::vector<Column> m_columns;
    WidthOf m_width;
    lxw_workbook* m_book = nullptr;
    lxw_worksheet* m_sheet = nullptr;
    lxw_format* m_bold = nullptr;
    lxw_format* m_money = nullptr;
    lxw_format* m_percent = nullptr;
    lxw_format* m_time = nullptr;
    std::vector<int> m_widths;
    lxw_row_t m_row = 0;
};

}  // namespace

std::unique_ptr<Workbook> open_workbook(const std::string& path, const std::string& sheet,
                                        std::vector<Column> columns, WidthOf width) {
    return std::make_unique<LxwWorkbook>(path, sheet, std::move(columns), std::move(width));
}

}  // namespace complaints::xlsx
