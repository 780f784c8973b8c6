// libFuzzer target: the time parsers (`domain::parse_time` in three zones and
// `domain::parse_utc`). Nothing may crash or overflow; what `parse_utc`
// reads is exactly what `format_utc` writes, and a time `parse_time` reads
// in the years 1970-9999 writes back to the same instant.
#include <complaints/domain/time.hpp>

#include <array>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

namespace {

using complaints::domain::Instant;
using complaints::domain::TimeZone;

// 1970-01-01T00:00:00Z and 9999-12-31T23:59:59Z.
constexpr std::int64_t k_first = 0;
constexpr std::int64_t k_last = 253402300799;

[[noreturn]] void finding(const char* what, std::string_view input, const std::string& detail) {
    std::fprintf(stderr, "%s: input \"%.*s\": %s\n", what, static_cast<int>(input.size()),
                 input.data(), detail.c_str());
    std::abort();
}

const std::array<TimeZone, 3>& zones() {
    static const std::array<TimeZone, 3> all{TimeZone::utc(), *TimeZone::from_posix("CST-8"),
                                             *TimeZone::from_posix("EST5EDT,M3.2.0,M11.1.0")};
    return all;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    namespace domain = complaints::domain;
    const std::string_view text{reinterpret_cast<const char*>(data), size};
    const Instant now{std::chrono::seconds{1795399200}};  // 2026-11-23T02:00:00Z

    if (const auto t = domain::parse_utc(text)) {
        const std::string written = domain::format_utc(*t);
        if (written != text) finding("parse_utc does not read back", text, written);
    }
    for (const auto& zone : zones()) {
        const auto t = domain::parse_time(text, zone, now);
        if (!t) continue;
        const std::int64_t count = t->time_since_epoch().count();
        (void)domain::format_local(*t, zone);
        (void)domain::format_rfc3339(*t, zone);
        (void)domain::format_compact_date(*t, zone);
        if (count < k_first || count > k_last) continue;
        const std::string written = domain::format_utc(*t);
        const auto again = domain::parse_utc(written);
        if (!again || *again != *t) finding("format_utc does not read back", text, written);
    }
    return 0;
}
