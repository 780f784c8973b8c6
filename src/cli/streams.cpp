#include "streams.hpp"

#include "context.hpp"

#include <complaints/domain/error.hpp>
#include <complaints/domain/text.hpp>
#include <complaints/domain/translate.hpp>

#include <fmt/format.h>

#include <cerrno>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <utility>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace complaints::cli {

namespace {

constexpr std::size_t k_block = 256 * 1024;
constexpr std::size_t k_output_batch = 64 * 1024;

}  // namespace

OutputFile::OutputFile(std::optional<std::string> path) : m_path(std::move(path)) {
    if (!m_path || *m_path == "-") {
        m_path.reset();
        return;
    }
    m_temporary = *m_path + ".tmp-XXXXXX";
    m_fd = ::mkstemp(m_temporary.data());
    if (m_fd < 0)
        throw Error(ExitCode::cannot_create,
                    trf("cannot create '{}': {}", domain::printable(*m_path), std::strerror(errno)),
                    {tr("check that its directory exists and that you may write there")});
    ::fchmod(m_fd, 0600);
}

OutputFile::~OutputFile() {
    if (!m_path || m_committed) return;
    ::close(m_fd);
    ::unlink(m_temporary.c_str());
}

void OutputFile::write(std::string_view text) {
    m_buffer += text;
    if (m_buffer.size() >= k_block) flush();
}

void OutputFile::flush() {
    std::string_view rest = m_buffer;
    while (!rest.empty()) {
        const ssize_t n = ::write(m_fd, rest.data(), rest.size());
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) {
            const char* reason = std::strerror(errno);
            if (m_path)
                throw Error(ExitCode::io,
                            trf("cannot write '{}': {}", domain::printable(*m_path), reason),
                            {tr("nothing was written: free some space and export again")});
            throw Error(ExitCode::io, trf("cannot write to standard output: {}", reason),
                        {tr("free some space and export again")});
        }
        rest.remove_prefix(static_cast<std::size_t>(n));
    }
    m_buffer.clear();
}

void OutputFile::commit() {
    flush();
    if (!m_path) return;
    if (::fsync(m_fd) != 0 || ::close(m_fd) != 0 ||
        ::rename(m_temporary.c_str(), m_path->c_str()) != 0) {
        const int error = errno;
        ::unlink(m_temporary.c_str());
        m_committed = true;
        throw Error(ExitCode::io,
                    trf("cannot write '{}': {}", domain::printable(*m_path), std::strerror(error)));
    }
    m_committed = true;
}

Progress::Progress(std::string what, std::optional<std::size_t> total_bytes)
    : m_what(std::move(what)),
      m_total(total_bytes),
      m_active(::isatty(STDERR_FILENO) != 0),
      m_start(std::chrono::steady_clock::now()),
      m_last(m_start) {}

Progress::~Progress() {
    finish();
}

void Progress::update(std::size_t rows, std::size_t bytes_read) {
    if (!m_active) return;
    const auto now = std::chrono::steady_clock::now();
    if (now - m_last < std::chrono::milliseconds(100)) return;
    m_last = now;
    const double seconds = std::chrono::duration<double>(now - m_start).count();
    const double rate = seconds > 0 ? static_cast<double>(rows) / seconds : 0;
    // `m_what` ("importing") is marked N_() by the caller.
    // TRANSLATORS: a progress line: "importing 1200 rows, 850 rows/s".
    std::string line = trf("{} {} rows, {:.0f} rows/s", tr(m_what), rows, rate);
    if (m_total && *m_total > 0 && bytes_read > 0) {
        const double done = static_cast<double>(bytes_read) / static_cast<double>(*m_total);
        const int width = 20;
        const int filled = static_cast<int>(done * width);
        const double left = seconds / done - seconds;
        // TRANSLATORS: after the progress line: "..., 12s left" (seconds).
        line =
            fmt::format("[{:#<{}}{:<{}}] {:3.0f}%  ", "", filled, "", width - filled, done * 100) +
            trf("{}, {:.0f}s left", line, left > 0 ? left : 0);
    }
    std::fprintf(stderr, "\r%s\x1b[K", line.c_str());
    std::fflush(stderr);
    m_shown = true;
}

void Progress::finish() {
    if (!m_shown) return;
    std::fputs("\r\x1b[K", stderr);
    std::fflush(stderr);
    m_shown = false;
}

namespace {

// A cell's length, or k_null_cell for no value.
constexpr std::uint32_t k_null_cell = 0xffffffffU;

[[noreturn]] void spool_failed() {
    throw Error(ExitCode::io,
                trf("cannot write the rows' temporary file: {}", std::strerror(errno)),
                {tr("set TMPDIR to a directory with free space")});
}

}  // namespace

std::string temporary_directory() {
    const char* base = std::getenv("TMPDIR");
    return base && *base ? base : "/tmp";
}

RowSpool::RowSpool() {
    std::string path = temporary_directory() + "/complaints-rows-XXXXXX";
    const int fd = ::mkstemp(path.data());
    if (fd < 0) return;
    ::unlink(path.c_str());
    m_file = ::fdopen(fd, "w+");
    if (!m_file) {
        ::close(fd);
        return;
    }
    std::setvbuf(m_file, nullptr, _IOFBF, std::size_t{1} << 16);
}

RowSpool::~RowSpool() {
    if (m_file) std::fclose(m_file);
}

void RowSpool::add(const Row& row) {
    const auto put = [this](const void* data, std::size_t size) {
        // One thread owns the file: no lock for each of the many small writes.
        if (size && ::fwrite_unlocked(data, 1, size, m_file) != size) spool_failed();
    };
    const auto count = static_cast<std::uint32_t>(row.size());
    put(&count, sizeof count);
    for (const auto& cell : row) {
        const std::uint32_t size = cell ? static_cast<std::uint32_t>(cell->size()) : k_null_cell;
        put(&size, sizeof size);
        if (cell) put(cell->data(), cell->size());
    }
}

void RowSpool::each(const std::function<void(const Row&)>& visit) {
    if (std::fflush(m_file) != 0) spool_failed();
    std::rewind(m_file);
    const auto get = [this](void* data, std::size_t size) {
        if (size && ::fread_unlocked(data, 1, size, m_file) != size) {
            if (std::ferror(m_file)) spool_failed();
            return false;
        }
        return true;
    };
    Row row;
    std::uint32_t count = 0;
    while (get(&count, sizeof count)) {
        row.assign(count, std::nullopt);
        for (auto& cell : row) {
            std::uint32_t size = 0;
            if (!get(&size, sizeof size)) spool_failed();
            if (size == k_null_cell) continue;
            cell.emplace(size, '\0');
            if (!get(cell->data(), size)) spool_failed();
        }
        visit(row);
    }
}

TableStream::TableStream(std::vector<report::Table::Column> columns, bool csv,
                         report::TextStyle style, bool header_when_empty,
                         std::function<void(std::string_view)> write)
    : m_columns(std::move(columns)),
      m_csv(csv),
      m_header_when_empty(header_when_empty),
      m_write(std::move(write)),
      m_text(m_columns, style) {
    for (const auto& column : m_columns) m_types.push_back(column.type);
}

void TableStream::write_csv_header() {
    Row header;
    for (const auto& column : m_columns) header.emplace_back(column.name);
    m_write(report::csv_record(header, {}));
}

void TableStream::add(Row row) {
    if (m_csv) {
        if (m_rows++ == 0) write_csv_header();
        row.resize(m_columns.size());
        m_write(report::csv_record(row, m_types));
        return;
    }
    ++m_rows;
    m_text.measure(row);
    if (m_spool.usable())
        m_spool.add(row);
    else
        m_held.push_back(std::move(row));
}

void TableStream::finish() {
    if (m_rows == 0 && !m_header_when_empty) return;
    if (m_csv) {
        if (m_rows == 0) write_csv_header();
        return;
    }
    m_write(m_text.header());
    if (m_spool.usable())
        m_spool.each([&](const Row& row) { m_write(m_text.line(row)); });
    else
        for (const auto& row : m_held) m_write(m_text.line(row));
}

void BatchedOutput::operator()(std::string_view text) {
    m_pending += text;
    if (m_pending.size() >= k_output_batch) flush();
}

void BatchedOutput::flush() {
    Context::out(m_pending);
    m_pending.clear();
}

}  // namespace complaints::cli
