// libFuzzer target: the TZif reader (`domain::TimeZone::from_tzif`) on
// arbitrary bytes. A file that is not valid TZif is an `Error`; any other
// exception, a crash or undefined behaviour is a finding. A zone that reads is
// then asked for offsets and conversions across the years the tool stores
// (1970-9999), which runs its transitions and its POSIX TZ footer.
#include <complaints/domain/error.hpp>
#include <complaints/domain/time.hpp>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using complaints::domain::Instant;
    using complaints::domain::LocalTime;
    using complaints::domain::TimeZone;
    using std::chrono::seconds;
    const std::string_view bytes{reinterpret_cast<const char*>(data), size};
    try {
        const TimeZone zone = TimeZone::from_tzif("fuzz", bytes);
        // 1970, 2001, 2026 (summer and winter), 2038 and after, 9999.
        for (const std::int64_t t : {0LL, 1000000000LL, 1782892800LL, 1795399200LL, 2147483648LL,
                                     4102444800LL, 253402300799LL}) {
            const Instant instant{seconds{t}};
            (void)zone.offset_at(instant);
            (void)zone.to_instant(zone.to_local(instant));
            (void)zone.to_instant(LocalTime{seconds{t}});
        }
    } catch (const complaints::Error&) {
    }
    return 0;
}
