// libFuzzer target: the duration parser (`domain::Duration::parse`). Nothing
// may crash or overflow, and what it reads writes back (`to_string`) to text
// that reads as the same duration.
#include <complaints/domain/calendar.hpp>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using complaints::domain::Duration;
    const std::string_view text{reinterpret_cast<const char*>(data), size};
    const auto duration = Duration::parse(text);
    if (!duration) return 0;
    const auto written = duration->to_string();
    const auto again = Duration::parse(written);
    if (!again || *again != *duration) {
        std::fprintf(stderr, "duration \"%.*s\" writes back as \"%s\", which reads differently\n",
                     static_cast<int>(text.size()), text.data(), written.c_str());
        std::abort();
    }
    return 0;
}
