#include "placeholders.hpp"

#include <algorithm>
#include <cctype>

namespace complaints::postgres::detail {
namespace {

// PostgreSQL lets any byte of a multibyte character into an unquoted name.
bool name_start(char c) {
    return std::isalpha(static_cast<unsigned char>(c)) || c == '_' ||
           static_cast<unsigned char>(c) >= 0x80;
}
bool name_char(char c) {
    return name_start(c) || std::isdigit(static_cast<unsigned char>(c));
}

std::string lower(std::string_view word) {
    std::string out(word);
    for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

// The end of the quoted text that starts at `at` (a quote character):
// doubled quotes stay inside, and backslashes escape in E'...' strings.
std::size_t quoted_end(std::string_view sql, std::size_t at, bool backslashes) {
    const char quote = sql[at];
    std::size_t i = at + 1;
    while (i < sql.size()) {
        if (backslashes && sql[i] == '\\') {
            i += 2;
        } else if (sql[i] == quote) {
            if (i + 1 < sql.size() && sql[i + 1] == quote)
                i += 2;
            else
                return i + 1;
        } else {
            ++i;
        }
    }
    return sql.size();
}

// The end of the /* comment */ that starts at `at`; they nest in PostgreSQL.
std::size_t block_comment_end(std::string_view sql, std::size_t at) {
    int depth = 0;
    std::size_t i = at;
    while (i + 1 < sql.size()) {
        if (sql[i] == '/' && sql[i + 1] == '*') {
            ++depth;
            i += 2;
        } else if (sql[i] == '*' && sql[i + 1] == '/') {
            i += 2;
            if (--depth == 0) return i;
        } else {
            ++i;
        }
    }
    return sql.size();
}

// The end of the $tag$...$tag$ string at `at`, or 0 when `at` starts none.
std::size_t dollar_quote_end(std::string_view sql, std::size_t at) {
    std::size_t i = at + 1;
    if (i < sql.size() && name_start(sql[i]))
        while (i < sql.size() && name_char(sql[i])) ++i;
    if (i >= sql.size() || sql[i] != '$') return 0;
    const std::string_view tag = sql.substr(at, i + 1 - at);
    const auto close = sql.find(tag, i + 1);
    return close == std::string_view::npos ? sql.size() : close + tag.size();
}

}  // namespace

Translation translate(std::string_view sql) {
    Translation out;
    out.sql.reserve(sql.size() + 8);
    std::string first_word;
    std::string previous_word;
    bool changes_data = false;
    const auto parameter = [&out](int number) { out.sql += '$' + std::to_string(number); };

    std::size_t i = 0;
    while (i < sql.size()) {
        const char c = sql[i];
        const char next = i + 1 < sql.size() ? sql[i + 1] : '\0';
        const bool after_name = i > 0 && (name_char(sql[i - 1]) || sql[i - 1] == '$');
        std::size_t end = i + 1;  // what to copy as it is
        if (c == '\'') {
            // E'...' (not the last letter of a longer word) takes backslash escapes.
            const bool e = i > 0 && (sql[i - 1] == 'E' || sql[i - 1] == 'e') &&
                           !(i > 1 && (name_char(sql[i - 2]) || sql[i - 2] == '$'));
            end = quoted_end(sql, i, e);
        } else if (c == '"') {
            end = quoted_end(sql, i, false);
        } else if (c == '-' && next == '-') {
            end = std::min(sql.find('\n', i), sql.size());
        } else if (c == '/' && next == '*') {
            end = block_comment_end(sql, i);
        } else if (c == '$' && !after_name) {
            if (const auto e = dollar_quote_end(sql, i)) end = e;
        } else if (c == '?') {
            // ?NNN is parameter NNN (SQLite's numbered form); a bare ? the next one.
            std::size_t j = i + 1;
            int number = 0;
            while (j < sql.size() && std::isdigit(static_cast<unsigned char>(sql[j])) &&
                   number < 100000)
                number = number * 10 + (sql[j++] - '0');
            if (j == i + 1) number = out.parameters + 1;
            out.parameters = std::max(out.parameters, number);
            parameter(number);
            i = j;
            continue;
        } else if (c == ':' && next == ':') {
            end = i + 2;  // a cast
        } else if (c == ':' && name_start(next) && !after_name) {
            std::size_t j = i + 1;
            while (j < sql.size() && name_char(sql[j])) ++j;
            const std::string name(sql.substr(i, j - i));
            const auto known = std::find_if(out.names.begin(), out.names.end(),
                                            [&](const auto& n) { return n.first == name; });
            if (known != out.names.end()) {
                parameter(known->second);
            } else {
                out.names.emplace_back(name, ++out.parameters);
                parameter(out.parameters);
            }
            i = j;
            continue;
        } else if (name_start(c) && !after_name) {
            while (end < sql.size() && (name_char(sql[end]) || sql[end] == '$')) ++end;
            const auto word = lower(sql.substr(i, end - i));
            if (first_word.empty()) first_word = word;
            // FOR UPDATE and FOR NO KEY UPDATE lock rows; they change none.
            if ((word == "insert" || word == "delete" || word == "merge" ||
                 (word == "update" && previous_word != "for" && previous_word != "key")))
                changes_data = true;
            previous_word = word;
        }
        out.sql.append(sql.substr(i, end - i));
        i = end;
    }
    out.returns_rows = first_word == "select" || first_word == "values" || first_word == "table" ||
                       (first_word == "with" && !changes_data);
    return out;
}

}  // namespace complaints::postgres::detail
