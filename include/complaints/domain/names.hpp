#pragma once

#include <complaints/domain/translate.hpp>

#include <array>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace complaints::domain {

// The one list of names of an enum's values, in declaration order. Each enum
// that is stored, printed or given on the command line specialises it next to
// its declaration:
//   template <> struct EnumNames<Status> {
//       static constexpr std::array<std::string_view, 5> k_names{"registered", ...};
//   };
// Everything else (printing, parsing, the values in order, hints listing the
// choices, CLI11 transformers, SQL lists) is derived from that list.
template <typename Enum>
struct EnumNames;

// The number of values of `Enum`.
template <typename Enum>
inline constexpr std::size_t k_count = EnumNames<Enum>::k_names.size();

// Every value of `Enum`, in declaration order.
template <typename Enum>
constexpr std::array<Enum, k_count<Enum>> all_values() {
    std::array<Enum, k_count<Enum>> out{};
    for (std::size_t i = 0; i < out.size(); ++i) out[i] = static_cast<Enum>(i);
    return out;
}

// The name of `value` ("?" for a value outside the list, which a valid enum
// never is).
template <typename Enum>
constexpr std::string_view name_of(Enum value) {
    const auto i = static_cast<std::size_t>(value);
    return i < k_count<Enum> ? EnumNames<Enum>::k_names[i] : std::string_view("?");
}

// The name of `value` as text output and messages show it: in the user's
// language (SPEC §15), when the name is marked N_() for the catalogue. The
// names are literals, so `data()` ends in NUL.
template <typename Enum>
const char* shown_name(Enum value) {
    return tr(name_of(value).data());
}

// The value named `text` exactly (names are lower-case), or nothing.
template <typename Enum>
constexpr std::optional<Enum> parse_name(std::string_view text) {
    for (std::size_t i = 0; i < k_count<Enum>; ++i)
        if (EnumNames<Enum>::k_names[i] == text) return static_cast<Enum>(i);
    return std::nullopt;
}

// The names as strings, in order (for CLI11's IsMember).
template <typename Enum>
std::vector<std::string> all_names() {
    return {EnumNames<Enum>::k_names.begin(), EnumNames<Enum>::k_names.end()};
}

// "a|b|c": the names joined by `separator`.
template <typename Enum>
std::string names_joined(std::string_view separator) {
    std::string out;
    for (std::size_t i = 0; i < k_count<Enum>; ++i) {
        if (i > 0) out += separator;
        out += EnumNames<Enum>::k_names[i];
    }
    return out;
}

}  // namespace complaints::domain
