#include <complaints/domain/money.hpp>

#include <fmt/format.h>

namespace complaints::domain {

std::optional<Money> Money::parse(std::string_view text) {
    constexpr std::size_t k_max_integer_digits = 15;
    std::int64_t whole = 0;
    std::size_t i = 0;
    for (; i < text.size() && text[i] >= '0' && text[i] <= '9'; ++i) {
        if (i >= k_max_integer_digits) return std::nullopt;
        whole = whole * 10 + (text[i] - '0');
    }
    if (i == 0) return std::nullopt;
    std::int64_t fraction = 0;
    if (i < text.size()) {
        if (text[i] != '.') return std::nullopt;
        const std::string_view digits = text.substr(i + 1);
        if (digits.empty() || digits.size() > 2) return std::nullopt;
        for (const char c : digits) {
            if (c < '0' || c > '9') return std::nullopt;
            fraction = fraction * 10 + (c - '0');
        }
        if (digits.size() == 1) fraction *= 10;
    }
    return Money{whole * 100 + fraction};
}

std::string Money::to_string() const {
    const std::int64_t magnitude = minor < 0 ? -minor : minor;
    return fmt::format("{}{}.{:02}", minor < 0 ? "-" : "", magnitude / 100, magnitude % 100);
}

}  // namespace complaints::domain
