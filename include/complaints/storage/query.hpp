#pragma once

#include <cstdint>
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

}  // namespace complaints::storage
