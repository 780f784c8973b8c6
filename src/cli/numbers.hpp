#pragma once

// Whole numbers on the command line, read strictly (SPEC §12, bad input).

#include <CLI/CLI.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace complaints::cli {

// `text` as a whole number when it is written in plain decimal digits only
// (no sign, spaces, base prefix such as 0x, exponent or separators; leading
// zeros are decimal, not octal) and lies from `min` to `max`; nullopt
// otherwise, also when it would overflow.
std::optional<std::int64_t> parse_whole_number(std::string_view text, std::int64_t min,
                                               std::int64_t max);

// A CLI11 transform (not a check: CLI11 runs checks on a copy) for an
// option bound to an integer: refuses anything that
// parse_whole_number refuses as "--opt wants WHAT, got 'x'" (exit 64), and
// hands CLI11 the number rewritten without leading zeros, because CLI11 reads
// integers with strtoll in base 0 (0x10 is 16, 010 is 8). `min` and `max`
// bound what the option's type can hold and what is meaningless on the
// command line; narrower ranges are the domain's to check (exit 65), so WHAT
// may name them.
CLI::Validator strict_whole_number(std::string what, std::int64_t min, std::int64_t max);

}  // namespace complaints::cli
