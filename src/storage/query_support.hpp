#pragma once

// What `query` does the same on both engines (query.cpp, postgres_engine.cpp).

#include <fmt/format.h>

#include <chrono>
#include <string>

namespace complaints::storage {

// A --param value bound as a whole number: optional '-', 1 to 18 digits.
inline bool is_query_integer(const std::string& text) {
    std::size_t i = text.size() > 1 && text[0] == '-' ? 1 : 0;
    if (i == text.size() || text.size() > 18) return false;
    for (; i < text.size(); ++i)
        if (text[i] < '0' || text[i] > '9') return false;
    return true;
}

// --timeout for messages: "30 s", or "1500 ms".
inline std::string describe_timeout(std::chrono::milliseconds timeout) {
    if (timeout.count() % 1000 == 0) return fmt::format("{} s", timeout.count() / 1000);
    return fmt::format("{} ms", timeout.count());
}

}  // namespace complaints::storage
