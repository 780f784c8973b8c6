// libFuzzer target: the amount parser (`domain::Money::parse`). Nothing may
// crash or overflow, and what it reads writes back (`to_string`) to text that
// reads as the same amount.
#include <complaints/domain/money.hpp>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using complaints::domain::Money;
    const std::string_view text{reinterpret_cast<const char*>(data), size};
    const auto money = Money::parse(text);
    if (!money) return 0;
    const auto written = money->to_string();
    const auto again = Money::parse(written);
    if (!again || *again != *money) {
        std::fprintf(stderr, "amount \"%.*s\" writes back as \"%s\", which reads differently\n",
                     static_cast<int>(text.size()), text.data(), written.c_str());
        std::abort();
    }
    return 0;
}
