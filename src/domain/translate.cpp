#include <complaints/domain/translate.hpp>

#include <libintl.h>
#include <locale.h>
#include <unistd.h>

#include <cstdlib>
#include <cstring>
#include <string>

namespace complaints {

namespace {

constexpr const char* k_domain = "complaints";

bool g_translating = false;

// The languages the tool has catalogues for (po/).
bool have_catalogue_for(std::string_view language) {
    return language.substr(0, 2) == "zh";
}

// The locale LC_MESSAGES takes from the environment (POSIX: LC_ALL, then
// LC_MESSAGES, then LANG), or "".
std::string_view messages_locale() {
    for (const char* name : {"LC_ALL", "LC_MESSAGES", "LANG"})
        if (const char* value = std::getenv(name); value && *value) return value;
    return {};
}

}  // namespace

bool translation_asked() {
    const std::string_view locale = messages_locale();
    if (have_catalogue_for(locale)) return true;
    if (locale.empty() || locale == "C" || locale == "POSIX" || locale.substr(0, 2) == "C.")
        return false;
    const char* language = std::getenv("LANGUAGE");
    return language && have_catalogue_for(language);
}

void start_translating(const std::vector<std::string>& locale_dirs) {
    if (!translation_asked()) return;
    // Only the messages: numbers, dates, character classes and collation stay
    // the C locale's, as in an English run.
    if (!::setlocale(LC_MESSAGES, "")) return;  // the system lacks that locale
    for (const std::string& dir : locale_dirs) {
        const std::string path = dir + "/zh_CN/LC_MESSAGES/complaints.mo";
        if (::access(path.c_str(), R_OK) != 0) continue;
        ::bindtextdomain(k_domain, dir.c_str());
        // Output is UTF-8 whatever LC_CTYPE says (the tool writes UTF-8).
        ::bind_textdomain_codeset(k_domain, "UTF-8");
        g_translating = true;
        return;
    }
}

bool translating() noexcept {
    return g_translating;
}

const char* tr(const char* text) noexcept {
    if (!g_translating || !text || !*text) return text;
    return ::dgettext(k_domain, text);
}

const char* tr_plural(const char* singular, const char* plural, unsigned long n) noexcept {
    if (!g_translating) return n == 1 ? singular : plural;
    return ::dngettext(k_domain, singular, plural, n);
}

}  // namespace complaints
