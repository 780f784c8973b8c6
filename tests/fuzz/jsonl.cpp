// libFuzzer target: the JSON Lines reader of `import` (`parse_export_line`,
// SPEC §13) on arbitrary bytes, times without an offset read in UTC. A bad
// line is an `Error` (exit 65), which is the expected answer; any other
// exception, a crash or undefined behaviour is a finding. A history the
// reader accepts must also replay (`domain::replay`, as `import` does)
// without crashing, and compare equal to itself (`history_difference`).
#include <complaints/domain/error.hpp>
#include <complaints/domain/interchange.hpp>
#include <complaints/domain/replay.hpp>
#include <complaints/domain/time.hpp>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    namespace domain = complaints::domain;
    const std::string_view line{reinterpret_cast<const char*>(data), size};
    domain::ExportedComplaint read;
    try {
        read = domain::parse_export_line(line, domain::TimeZone::utc());
    } catch (const complaints::Error&) {
        return 0;
    }
    try {
        (void)domain::replay(read.events);
    } catch (const complaints::Error&) {
        // An answer, not a crash: `import` reports it like a bad line.
    }
    if (const auto difference = domain::history_difference(read.events, read.events)) {
        std::fprintf(stderr, "a history differs from itself: %s\n--- line:\n%.*s\n",
                     difference->c_str(), static_cast<int>(line.size()), line.data());
        std::abort();
    }
    return 0;
}
