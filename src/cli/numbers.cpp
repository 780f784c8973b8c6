#include "numbers.hpp"

#include <complaints/domain/translate.hpp>

#include <fmt/format.h>

namespace complaints::cli {

std::optional<std::int64_t> parse_whole_number(std::string_view text, std::int64_t min,
                                               std::int64_t max) {
    if (text.empty()) return std::nullopt;
    std::int64_t value = 0;
    for (const char c : text) {
        if (c < '0' || c > '9') return std::nullopt;
        const int digit = c - '0';
        // Stops before overflowing: nothing above `max` is wanted anyway.
        if (max < digit || value > (max - digit) / 10) return std::nullopt;
        value = value * 10 + digit;
    }
    if (value < min) return std::nullopt;
    return value;
}

CLI::Validator strict_whole_number(std::string what, std::int64_t min, std::int64_t max) {
    return CLI::Validator(
        [what, min, max](std::string& text) {
            const auto value = parse_whole_number(text, min, max);
            // `what` is marked N_() by the caller.
            if (!value) return trf("wants {}, got '{}'", tr(what), text);
            text = std::to_string(*value);
            return std::string();
        },
        "");
}

}  // namespace complaints::cli
