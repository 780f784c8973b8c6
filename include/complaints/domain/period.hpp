#pragma once

#include <complaints/domain/names.hpp>
#include <complaints/domain/time.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace complaints::domain {

enum class PeriodUnit { day, week, month };
template <>
struct EnumNames<PeriodUnit> {
    static constexpr std::array<std::string_view, 3> k_names{"day", "week", "month"};
};
constexpr std::optional<PeriodUnit> period_unit_from_string(std::string_view text) {
    return parse_name<PeriodUnit>(text);
}

// A calendar period in some zone: [start, end) as instants, and its label
// (`2026-11-23`, ISO week `2026-W48`, `2026-11`).
struct Period {
    std::string label;
    Instant start{};
    Instant end{};
};

// Every period of `unit` in `zone` from the one containing `from` to the one
// containing the last second before `to`, with no gaps. Weeks are ISO weeks
// starting on Monday. Empty when `to <= from`.
std::vector<Period> periods_between(Instant from, Instant to, PeriodUnit unit,
                                    const TimeZone& zone);

// The start of the period of `unit` that is `count` periods before the one
// containing `t` (count 0: the period containing `t`).
Instant period_start(Instant t, PeriodUnit unit, int count_back, const TimeZone& zone);

}  // namespace complaints::domain
