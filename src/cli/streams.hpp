#pragma once

// Large inputs and outputs of `import` and `export` (SPEC §13): a file
// written whole or not at all, and a progress bar on a terminal.

#include <chrono>
#include <cstddef>
#include <cstdio>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <complaints/report/table.hpp>

namespace complaints::cli {

// Where `export` writes: standard output, or the file `path` written whole or
// not at all. The file is written as a temporary file beside it (mode 0600:
// it holds personal data) and renamed over `path` by `commit`, after its
// data reached the disk; destroyed without `commit`, the temporary file is
// removed and `path` is as it was. Cannot create: `Error` (73); a failed
// write (a full disk): `Error` (74).
class OutputFile {
public:
    explicit OutputFile(std::optional<std::string> path);
    ~OutputFile();
    OutputFile(const OutputFile&) = delete;
    OutputFile& operator=(const OutputFile&) = delete;

    // Where the data goes before `commit`: a writer that writes the file by
    // its name (the spreadsheet library) writes there. Only with a path.
    [[nodiscard]] const std::string& temporary_path() const { return m_temporary; }
    // The file's path, "-" for standard output.
    [[nodiscard]] std::string path() const { return m_path.value_or("-"); }

    // Buffered; flushed in blocks.
    void write(std::string_view text);
    void commit();

private:
    void flush();
    std::optional<std::string> m_path;
    std::string m_temporary;
    int m_fd = 1;
    std::string m_buffer;
    bool m_committed = false;
};

// A progress bar on standard error while rows are read: rows, rows per
// second and, when the input's size is known, time left; redrawn at most
// ten times a second, cleared at the end. Nothing at all when standard
// error is not a terminal (scripts and cron see no progress lines).
class Progress {
public:
    // `total_bytes`: the input's size when it is a regular file.
    Progress(std::string what, std::optional<std::size_t> total_bytes);
    ~Progress();
    Progress(const Progress&) = delete;
    Progress& operator=(const Progress&) = delete;

    void update(std::size_t rows, std::size_t bytes_read);
    // Clears the bar.
    void finish();

private:
    std::string m_what;
    std::optional<std::size_t> m_total;
    bool m_active = false;
    bool m_shown = false;
    std::chrono::steady_clock::time_point m_start, m_last;
};

// Standard output handed on in blocks of 64 KiB: rows that stream are
// written in batches, not one write per row. `flush` writes the rest.
class BatchedOutput {
public:
    void operator()(std::string_view text);
    void flush();

private:
    std::string m_pending;
};

// Where temporary files go: $TMPDIR, else /tmp.
std::string temporary_directory();

// Rows set aside in a temporary file (in TMPDIR, removed at once: nobody
// else sees it, and it goes when the process does) to be read again: the
// text table of `list` measures every row before it prints the first, and
// reading its cells back costs a fraction of running the query again.
// Memory stays flat. `usable()` is false when no temporary file could be
// made (TableStream then holds the rows); a failed write is `Error` (74).
class RowSpool {
public:
    using Row = std::vector<std::optional<std::string>>;
    RowSpool();
    ~RowSpool();
    RowSpool(const RowSpool&) = delete;
    RowSpool& operator=(const RowSpool&) = delete;

    [[nodiscard]] bool usable() const { return m_file != nullptr; }
    void add(const Row& row);
    // Every row added, in order.
    void each(const std::function<void(const Row&)>& visit);

private:
    std::FILE* m_file = nullptr;
};

// A table printed as its rows come, as text (the columns as wide as their
// widest cell: every row is measured and set aside in a RowSpool, then
// printed; without a temporary file the rows are held in memory) or as CSV
// (each row as it comes, typed as `report::render_csv` types it). Memory
// stays flat. JSON has each command's own shape. `write` receives the output
// in pieces; nothing is written when no row came and `header_when_empty` is
// false (`report overdue`, so that cron mails nothing).
class TableStream {
public:
    using Row = RowSpool::Row;
    TableStream(std::vector<report::Table::Column> columns, bool csv, report::TextStyle style,
                bool header_when_empty, std::function<void(std::string_view)> write);
    void add(Row row);
    void finish();

private:
    std::vector<report::Table::Column> m_columns;
    bool m_csv;
    bool m_header_when_empty;
    std::function<void(std::string_view)> m_write;
    void write_csv_header();
    report::TextTable m_text;
    std::vector<report::CellType> m_types;  // of each column, for CSV
    std::size_t m_rows = 0;
    RowSpool m_spool;
    std::vector<Row> m_held;
};

}  // namespace complaints::cli
