#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace complaints::domain {

// An amount of money in integer minor units (cents, fen): never floating point.
struct Money {
    std::int64_t minor = 0;

    // Parses `128`, `128.5`, `128.50`, `0.05`: decimal, at most two fraction
    // digits, no sign, no exponent, at most 15 integer digits.
    static std::optional<Money> parse(std::string_view text);
    // `128.50`: always two fraction digits.
    [[nodiscard]] std::string to_string() const;
    friend bool operator==(const Money&, const Money&) = default;
};

}  // namespace complaints::domain
