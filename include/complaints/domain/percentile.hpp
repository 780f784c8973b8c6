#pragma once

#include <cstddef>
#include <optional>
#include <span>

namespace complaints::domain {

// The `percent`-th percentile (1–100) of `sorted` (ascending) by the
// nearest-rank method: the value at rank ⌈percent/100 × n⌉ (ranks from 1),
// always one of the values, never an interpolation. The median is the 50th:
// of an even count, the lower of the two middle values. Empty when `sorted`
// is empty (`report milestones`, docs/manual.md).
constexpr std::optional<double> nearest_rank(std::span<const double> sorted, int percent) {
    if (sorted.empty() || percent < 1 || percent > 100) return std::nullopt;
    // ⌈p·n/100⌉ in integers, so that 90 % of 10 is exactly rank 9.
    const std::size_t n = sorted.size();
    const std::size_t rank = (static_cast<std::size_t>(percent) * n + 99) / 100;
    return sorted[rank - 1];
}

}  // namespace complaints::domain
