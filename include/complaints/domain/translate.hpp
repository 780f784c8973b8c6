#pragma once

// The interface in the user's language (SPEC §15 "Chinese interface"): text
// meant for people (messages, hints, help, table headers, status names in
// text output) goes through `tr`, and the catalogue of the language that
// LC_ALL, LC_MESSAGES or LANG names (po/zh_CN.po, installed as
// share/locale/zh_CN/LC_MESSAGES/complaints.mo) gives it in that language.
// JSON, CSV, the views, stored events and every name a script types stay
// English: they never go through `tr`.
//
// Until `start_translating` found a catalogue to use (an English run: the
// default), `tr` returns its argument and nothing is read, so English
// start-up costs what it did. Strings are extracted from the sources by
// xgettext with the keywords tr, trf, trn:1,2 and N_ (CMake target `pot`).

#include <fmt/format.h>

#include <string>
#include <string_view>
#include <utility>
#include <vector>

// A literal to be translated later, where it is used (tables of names).
#define N_(text) text

namespace complaints {

// Whether the environment asks for a language the tool has a catalogue for:
// LC_ALL, LC_MESSAGES or LANG (the first set) names it, or LANGUAGE does
// under a locale other than C (GNU gettext's rule). Reads only the
// environment.
[[nodiscard]] bool translation_asked();

// Switches the interface to that language (the caller asked
// translation_asked() first), when the system has its locale
// (gettext needs it: `locale -a`) and one of `locale_dirs` (in order) holds
// the catalogue. Otherwise the interface stays English.
void start_translating(const std::vector<std::string>& locale_dirs);

namespace detail {
extern bool g_translating;  // set by start_translating only
const char* lookup(const char* text) noexcept;
const char* lookup_plural(const char* singular, const char* plural, unsigned long n) noexcept;
}  // namespace detail

// Whether `tr` translates (a Chinese run).
[[nodiscard]] inline bool translating() noexcept {
    return detail::g_translating;
}

// `text` in the user's language, or `text` itself. Inline: an English run
// pays one test of a flag per string.
[[nodiscard]] inline const char* tr(const char* text) noexcept {
    return detail::g_translating ? detail::lookup(text) : text;
}
[[nodiscard]] inline const char* tr(const std::string& text) noexcept {
    return tr(text.c_str());
}

// `singular` or `plural` for `n`, in the user's language.
[[nodiscard]] inline const char* tr_plural(const char* singular, const char* plural,
                                           unsigned long n) noexcept {
    return detail::g_translating ? detail::lookup_plural(singular, plural, n)
           : n == 1              ? singular
                                 : plural;
}

namespace detail {
// A translation whose placeholders do not fit the arguments falls back to
// the English text rather than failing the command (tests/i18n checks the
// catalogue, so this is a last defence).
template <typename... Args>
std::string format_translated(const char* english, const char* translated, Args&&... args) {
    if (translated != english) {
        try {
            return fmt::format(fmt::runtime(translated), args...);
        } catch (const fmt::format_error&) {
        }
    }
    return fmt::format(fmt::runtime(english), std::forward<Args>(args)...);
}
}  // namespace detail

// fmt::format of the translated `format` ("{}" placeholders, as fmt).
template <typename... Args>
[[nodiscard]] std::string trf(const char* format, Args&&... args) {
    return detail::format_translated(format, tr(format), std::forward<Args>(args)...);
}

// The same, with the singular or plural `format` for `n` (English has two
// forms, Chinese one).
template <typename... Args>
[[nodiscard]] std::string trn(const char* singular, const char* plural, unsigned long n,
                              Args&&... args) {
    const char* english = n == 1 ? singular : plural;
    return detail::format_translated(english, tr_plural(singular, plural, n),
                                     std::forward<Args>(args)...);
}

// "a, b or c" (one name: "a"; none: ""): `names` as they are, the words
// between them in the user's language. The one joiner of choices in
// messages, hints and help.
[[nodiscard]] inline std::string or_list(const std::vector<std::string>& names) {
    if (names.size() < 2) return names.empty() ? std::string() : names.front();
    std::string head = names.front();
    for (std::size_t i = 1; i + 1 < names.size(); ++i) {
        // TRANSLATORS: between the items of a list, as in "a, b or c".
        head += tr(", ");
        head += names[i];
    }
    // TRANSLATORS: the last two items of a list, as in "a, b or c".
    return trf("{} or {}", head, names.back());
}

}  // namespace complaints
