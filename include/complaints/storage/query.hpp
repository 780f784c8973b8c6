#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <string>
#include <utility>
#include <variant>
#include <vector>

namespace complaints::storage {

// A value of a query's result: NULL, integer, real or text.
using Value = std::variant<std::monostate, std::int64_t, double, std::string>;

struct QueryResult {
    std::vector<std::string> columns;
    std::vector<std::vector<Value>> rows;
};

// `NAME=VALUE` pairs bound to `:NAME`.
using QueryParams = std::vector<std::pair<std::string, std::string>>;

// How long a query may run by default (SPEC §12).
inline constexpr std::chrono::milliseconds k_default_query_timeout{30'000};
// How much memory SQLite may use for a query by default, in MiB (SPEC §12).
inline constexpr std::int64_t k_default_query_memory_mib = 256;

// What one query may use: it is stopped when `timeout` has passed since it
// started, and SQLite's heap (the whole process's) is capped at
// `max_memory_mib` MiB while it runs.
struct QueryLimits {
    std::chrono::milliseconds timeout = k_default_query_timeout;
    std::int64_t max_memory_mib = k_default_query_memory_mib;
};

// Where a query's result goes as it is read: `columns` once, with the
// column names, before any row; then `row` for each row. Nothing is held by
// the query itself, so a sink that prints each row runs in constant memory.
struct QuerySink {
    std::function<void(const std::vector<std::string>&)> columns;
    std::function<void(const std::vector<Value>&)> row;
};

}  // namespace complaints::storage
