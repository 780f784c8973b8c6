#include <complaints/domain/translate.hpp>

#include <libintl.h>
#include <locale.h>
#include <unistd.h>

#include <cstdlib>
#include <cstring>
#include <optional>
#include <string>

#if defined(__SANITIZE_ADDRESS__)
// LeakSanitizer's built-in suppressions for a sanitizer build (the tests'
// children get no LSAN_OPTIONS: their environment is hermetic). Under a
// Chinese locale, complaints-postgresql's libpq looks up its own catalogue
// (libpq5-15), and glibc keeps a path list it built with argz for that lookup
// for the life of the process: 48 bytes, once, not the tool's memory (the
// SQLite build, without libpq, runs the same tests with no leak).
extern "C" const char* __lsan_default_suppressions() {
    return "leak:__argz_add_sep\n";
}
#endif

namespace complaints {

namespace {

constexpr const char* k_domain = "complaints";

// The languages the tool has catalogues for (po/).
bool have_catalogue_for(std::string_view language) {
    return language.substr(0, 2) == "zh";
}

// The variables that choose the language, read in one pass over the
// environment: every run asks, so an English one should pay little for it.
struct LanguageVariables {
    std::string_view lc_all, lc_messages, lang, language;
};

LanguageVariables language_variables() {
    LanguageVariables v;
    for (char** entry = environ; entry && *entry; ++entry) {
        const char* text = *entry;
        if (text[0] != 'L') continue;
        const std::string_view s(text);
        const auto value = [&](std::string_view name) -> std::optional<std::string_view> {
            if (s.size() > name.size() && s.compare(0, name.size(), name) == 0 &&
                s[name.size()] == '=')
                return s.substr(name.size() + 1);
            return std::nullopt;
        };
        if (auto x = value("LC_ALL"))
            v.lc_all = *x;
        else if (auto y = value("LC_MESSAGES"))
            v.lc_messages = *y;
        else if (auto z = value("LANG"))
            v.lang = *z;
        else if (auto w = value("LANGUAGE"))
            v.language = *w;
    }
    return v;
}

}  // namespace

namespace detail {
bool g_translating = false;
}  // namespace detail

bool translation_asked() {
    const LanguageVariables v = language_variables();
    // The locale LC_MESSAGES takes (POSIX: LC_ALL, then LC_MESSAGES, then LANG).
    const std::string_view locale = !v.lc_all.empty()        ? v.lc_all
                                    : !v.lc_messages.empty() ? v.lc_messages
                                                             : v.lang;
    if (have_catalogue_for(locale)) return true;
    if (locale.empty() || locale == "C" || locale == "POSIX" || locale.substr(0, 2) == "C.")
        return false;
    return have_catalogue_for(v.language);
}

void start_translating(const std::vector<std::string>& locale_dirs) {
    // Only the messages: numbers, dates, character classes and collation stay
    // the C locale's, as in an English run.
    if (!::setlocale(LC_MESSAGES, "")) return;  // the system lacks that locale
    for (const std::string& dir : locale_dirs) {
        const std::string path = dir + "/zh_CN/LC_MESSAGES/complaints.mo";
        if (::access(path.c_str(), R_OK) != 0) continue;
        ::bindtextdomain(k_domain, dir.c_str());
        // Output is UTF-8 whatever LC_CTYPE says (the tool writes UTF-8).
        ::bind_textdomain_codeset(k_domain, "UTF-8");
        detail::g_translating = true;
        return;
    }
}

namespace detail {

const char* lookup(const char* text) noexcept {
    // gettext("") is the catalogue's header, not an empty text.
    if (!text || !*text) return text;
    return ::dgettext(k_domain, text);
}

const char* lookup_plural(const char* singular, const char* plural, unsigned long n) noexcept {
    return ::dngettext(k_domain, singular, plural, n);
}

}  // namespace detail

}  // namespace complaints
