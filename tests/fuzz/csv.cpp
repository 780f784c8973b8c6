// libFuzzer target: the CSV reader of `import` (`CsvReader`, SPEC §13) on
// arbitrary bytes, its first record read as the header and each later one
// as a complaint. A bad file, header or row is an `Error` (exit 65), which is
// the expected answer; any other exception, a crash or undefined behaviour is
// a finding. Properties: the line a record starts on (`line()`, also after
// an error) never goes back and never passes the last line of the input (1 +
// its line feeds and lone CRs); the records read, written back
// with every field quoted (quotes doubled, CRLF), read again as the same
// records.
#include <complaints/domain/error.hpp>
#include <complaints/domain/interchange.hpp>

#include <array>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

namespace {

namespace domain = complaints::domain;
using Records = std::vector<std::vector<std::string>>;

// `text` with every byte that is not printable ASCII as \xNN (a lone CR
// would otherwise hide in the report).
std::string escaped(std::string_view text) {
    std::string out;
    for (const char c : text) {
        const auto byte = static_cast<unsigned char>(c);
        if (byte == '\\') {
            out += "\\\\";
        } else if (byte == '\n') {
            out += "\\n\n";
        } else if (byte >= 0x20 && byte < 0x7f) {
            out += c;
        } else {
            std::array<char, 5> hex{};
            std::snprintf(hex.data(), hex.size(), "\\x%02x", byte);
            out += hex.data();
        }
    }
    return out;
}

[[noreturn]] void finding(const char* what, std::string_view input, const std::string& detail) {
    std::fprintf(stderr, "%s: %s\n--- input (escaped):\n%s\n", what, detail.c_str(),
                 escaped(input).c_str());
    std::abort();
}

std::size_t line_breaks(std::string_view text) {
    std::size_t count = 0;
    for (std::size_t i = 0; i < text.size(); ++i)
        // A line feed, or a lone CR (old Mac files end lines with it alone):
        // the reader counts both as a line break, inside quotes too.
        if (text[i] == '\n' || (text[i] == '\r' && (i + 1 == text.size() || text[i + 1] != '\n')))
            ++count;
    return count;
}

// Two columns of `complaint_facts` that `export --format csv` writes and
// `import` ignores.
const std::array<std::string, 2> k_ignorable{"id", "status"};

// Every record of `text` up to the end or the first error, checking `line()`.
Records read_all(std::string_view text, bool& failed) {
    const std::size_t breaks = line_breaks(text);
    std::istringstream in{std::string(text)};
    domain::CsvReader reader(in);
    Records records;
    std::size_t last = 0;
    const auto check_line = [&] {
        const std::size_t line = reader.line();
        if (line < last)
            finding("CsvReader::line() went back", text,
                    std::to_string(last) + " then " + std::to_string(line));
        if (line > 1 + breaks)
            finding("CsvReader::line() is past the last line", text,
                    "line " + std::to_string(line) + " of an input with " + std::to_string(breaks) +
                        " line breaks");
        last = line;
    };
    failed = false;
    try {
        std::vector<std::string> fields;
        while (reader.next(fields)) {
            check_line();
            records.push_back(fields);
        }
    } catch (const complaints::Error&) {
        failed = true;
        check_line();
    }
    return records;
}

std::string write_back(const Records& records) {
    std::string out;
    for (const auto& fields : records) {
        for (std::size_t i = 0; i < fields.size(); ++i) {
            if (i != 0) out += ',';
            out += '"';
            for (const char c : fields[i]) {
                if (c == '"') out += '"';
                out += c;
            }
            out += '"';
        }
        out += "\r\n";
    }
    return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text{reinterpret_cast<const char*>(data), size};
    bool failed = false;
    const Records records = read_all(text, failed);

    std::optional<domain::CsvColumns> columns;
    for (const auto& fields : records) {
        try {
            if (!columns) {
                columns = domain::read_csv_header(fields, k_ignorable);
                continue;
            }
            (void)domain::read_csv_complaint(*columns, fields);
        } catch (const complaints::Error&) {
            if (!columns) break;  // no header, no rows
        }
    }

    const std::string written = write_back(records);
    bool failed_again = false;
    const Records again = read_all(written, failed_again);
    if (failed_again || again != records)
        finding("records written back do not read back the same", text,
                (failed_again ? "the written text fails: " : "written: ") + escaped(written));
    return 0;
}
