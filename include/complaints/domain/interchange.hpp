#pragma once

// The formats of `import` (SPEC §13): a line of JSON Lines as `export` writes
// it, and CSV records from a spreadsheet or an older system. Pure: text in,
// domain values out; a line that is not right throws `Error` (data, 65) with
// a message that names what is wrong, without a file or line (the command
// adds `FILE:LINE: `).

#include <complaints/domain/event.hpp>
#include <complaints/domain/lifecycle.hpp>
#include <complaints/domain/time.hpp>

#include <cstddef>
#include <istream>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace complaints::domain {

// One complaint of an export: its number, the status the line says it has,
// and its whole history, oldest first (each event's type, times, actor and
// details; `seq` 0, as the importing database numbers them).
struct ExportedComplaint {
    std::string id;  // upper case, `YYYYMMDD-CODE-NNN`
    std::optional<std::string> status;
    std::vector<Event> events;
};

// Reads one line of `export`'s JSON Lines. Required: `id` (a complaint
// number) and `events` (at least one, the first `register`, in time order);
// each event has `type`, `at`, `recorded_at` (RFC 3339 with an offset, or a
// time without one read in `zone`), `actor` and `details` in the shape of
// that type (docs/schema.md). Every text in the line is valid UTF-8 without
// control characters but line feeds and tabs, at most 64 KiB, nested at most
// 16 levels deep (an export is 6). Other keys
// are what `show` adds from the events and are not read, but for `status`.
ExportedComplaint parse_export_line(std::string_view line, const TimeZone& zone);

// The events of two histories compared as `import` does for a number that
// exists already: the same types, times, actors and details in the same
// order, leaving out `import` events at the end of either (the one a previous
// import added). Returns the first difference ("event 3 (assign): details
// differ"), or nullopt when they are the same.
std::optional<std::string> history_difference(std::span<const Event> stored,
                                              std::span<const Event> imported);

// An RFC 4180 reader: fields separated by commas, records by CRLF, LF or a
// lone CR (old Mac files; each is one line for `line()`), a
// field in double quotes may hold commas, quotes (doubled) and line breaks.
// A UTF-8 byte order mark at the start is skipped (spreadsheets write one);
// empty lines between records are skipped. Reads as it goes: memory holds one
// record (at most k_max_record_bytes).
class CsvReader {
public:
    static constexpr std::size_t k_max_record_bytes = std::size_t{1} << 20;

    explicit CsvReader(std::istream& in) : m_in(in) {}
    // The next record's fields, or false at the end of the input. Throws
    // `Error` (data) for a quote inside an unquoted field, text after a
    // closing quote, a quoted field that never ends, or a record over the
    // limit; `line()` then names the line where the problem is.
    bool next(std::vector<std::string>& fields);
    // The line (from 1) the last record started on, counting line breaks
    // inside quoted fields, so that the next record's line is right.
    [[nodiscard]] std::size_t line() const { return m_line; }
    // Bytes read so far (for a progress bar).
    [[nodiscard]] std::size_t bytes_read() const { return m_bytes; }

private:
    int get();
    std::istream& m_in;
    std::size_t m_line = 0;
    std::size_t m_next_line = 1;
    std::size_t m_bytes = 0;
    bool m_started = false;
};

// The columns of a CSV import (SPEC §13): which field of a record holds
// each. Required: received_at, channel, category, customer_name, summary.
struct CsvColumns {
    std::size_t count = 0;  // fields per record
    std::size_t received_at = 0, channel = 0, category = 0, customer_name = 0, summary = 0;
    std::optional<std::size_t> kind, severity, site, customer_contact, customer_organization,
        customer_order, demand, description, ref;
    std::vector<std::string> ignored;  // columns of `ignorable` found in the header
};

// The required and optional column names, in the order of SPEC §13.
std::span<const std::string_view> csv_import_columns();

// Reads the header row. A required column missing, a column twice, or a
// name that is neither an import column nor one of `ignorable` (the other
// columns of `complaint_facts`, which `export --format csv` writes) throws
// `Error` (data) naming it.
CsvColumns read_csv_header(const std::vector<std::string>& header,
                           std::span<const std::string> ignorable);

// One CSV record as a registration and its receipt time as written (for
// the caller to parse like --received-at). An empty cell is absent; a cell
// that `export --format csv` guarded against spreadsheets (`'=`, `'+`, `'-`,
// `'@`) loses its quote mark. Each text is checked as the option of
// `register` it stands for (stored_text); a wrong number of fields or an
// empty required cell throws `Error` (data) naming the column.
struct CsvComplaint {
    Registration registration;
    std::string received_at;
};
CsvComplaint read_csv_complaint(const CsvColumns& columns, const std::vector<std::string>& fields);

}  // namespace complaints::domain
