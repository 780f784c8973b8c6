#include <complaints/domain/error.hpp>
#include <complaints/domain/text.hpp>
#include <complaints/domain/translate.hpp>

#include <fmt/format.h>

#include <utility>

namespace complaints::domain {

namespace {

// One code point decoded from the front of a text.
struct Decoded {
    char32_t cp = 0;
    std::size_t length = 0;  // 0: the byte at the front starts no valid UTF-8 sequence
};

// Decodes the code point at `pos` of `text` strictly (RFC 3629): no overlong
// forms, no surrogates, nothing above U+10FFFF.
Decoded decode(std::string_view text, std::size_t pos) {
    const auto byte = [&](std::size_t i) {
        return pos + i < text.size() ? static_cast<unsigned char>(text[pos + i]) : 0u;
    };
    const unsigned lead = byte(0);
    if (lead < 0x80) return {lead, 1};
    std::size_t length = 0;
    unsigned low = 0x80, high = 0xbf;  // the range of the second byte
    char32_t cp = 0;
    if (lead >= 0xc2 && lead <= 0xdf) {
        length = 2;
        cp = lead & 0x1f;
    } else if (lead >= 0xe0 && lead <= 0xef) {
        length = 3;
        cp = lead & 0x0f;
        if (lead == 0xe0) low = 0xa0;   // overlong
        if (lead == 0xed) high = 0x9f;  // surrogates
    } else if (lead >= 0xf0 && lead <= 0xf4) {
        length = 4;
        cp = lead & 0x07;
        if (lead == 0xf0) low = 0x90;   // overlong
        if (lead == 0xf4) high = 0x8f;  // above U+10FFFF
    } else {
        return {};
    }
    for (std::size_t i = 1; i < length; ++i) {
        const unsigned b = byte(i);
        if (i == 1 ? (b < low || b > high) : (b < 0x80 || b > 0xbf)) return {};
        cp = (cp << 6) | (b & 0x3f);
    }
    return {cp, length};
}

// `\x1b`: how a control character is shown.
std::string escaped(char32_t cp) {
    return fmt::format("\\x{:02x}", static_cast<unsigned>(cp));
}

// "\x1b, escape": a control character in a message, with its name when it
// is a common one.
std::string described(char32_t cp) {
    // TRANSLATORS: names of control characters, in "holds a control character
    // (\x09, tab) at character 3".
    const char* name = cp == '\t'   ? tr("tab")
                       : cp == '\n' ? tr("line feed")
                       : cp == '\r' ? tr("carriage return")
                       : cp == 0x1b ? tr("escape")
                       : cp == 0x7f ? tr("delete")
                       : cp == 0    ? "NUL"
                                    : nullptr;
    return name ? fmt::format("{}, {}", escaped(cp), name) : escaped(cp);
}

// What `text_problem` found: the kind (for the hint of `check_text`) and the
// words, in the user's language.
enum class ProblemKind { encoding, control, length };
struct Problem {
    ProblemKind kind;
    std::string text;
};

std::optional<Problem> find_problem(std::string_view text, TextRule rule) {
    std::size_t characters = 0;
    for (std::size_t pos = 0; pos < text.size();) {
        if (const auto byte = static_cast<unsigned char>(text[pos]); byte >= 0x20 && byte < 0x7f) {
            ++characters;  // printable ASCII: one character, never refused
            ++pos;
            continue;
        }
        const Decoded d = decode(text, pos);
        // TRANSLATORS: the problems of a text, each the rest of a sentence that
        // starts with the field's name: "--summary is not valid UTF-8".
        if (d.length == 0) return Problem{ProblemKind::encoding, tr("is not valid UTF-8")};
        ++characters;
        const bool allowed = rule == TextRule::multi_line && (d.cp == '\n' || d.cp == '\t');
        if (is_control(d.cp) && !allowed)
            return Problem{
                ProblemKind::control,
                trf("holds a control character ({}) at character {}", described(d.cp), characters)};
        pos += d.length;
    }
    if (rule == TextRule::multi_line) {
        if (text.size() > k_multi_line_max_bytes)
            return Problem{ProblemKind::length, trf("is too long: {} bytes, at most {} (64 KiB)",
                                                    text.size(), k_multi_line_max_bytes)};
        return std::nullopt;
    }
    const std::size_t limit =
        rule == TextRule::summary ? k_summary_max_characters : k_line_max_characters;
    if (characters > limit)
        return Problem{ProblemKind::length,
                       trf("is too long: {} characters, at most {}", characters, limit)};
    return std::nullopt;
}

}  // namespace

std::optional<std::string> text_problem(std::string_view text, TextRule rule) {
    auto problem = find_problem(text, rule);
    if (!problem) return std::nullopt;
    return std::move(problem->text);
}

void check_text(std::string_view field, std::string_view text, TextRule rule) {
    const auto problem = find_problem(text, rule);
    if (!problem) return;
    std::string hint;
    if (problem->kind == ProblemKind::encoding)
        hint = tr("give the text in UTF-8 (check the encoding of the terminal or the file)");
    else if (problem->kind == ProblemKind::control && rule == TextRule::multi_line)
        hint = trf("{} may hold line feeds and tabs, but no other control character", field);
    else if (problem->kind == ProblemKind::control)
        hint = trf("{} is one line: no line breaks, tabs or other control characters", field);
    else if (rule == TextRule::multi_line)
        hint = tr("shorten it, or attach the full text as a file (complaints attach)");
    else
        hint = tr("shorten it");
    throw Error(ExitCode::data, fmt::format("{} {}", field, problem->text), {hint});
}

std::string printable(std::string_view text, Breaks breaks) {
    std::string out;
    out.reserve(text.size());
    for (std::size_t pos = 0; pos < text.size();) {
        // Runs of printable ASCII, the most of most texts, are copied whole.
        std::size_t end = pos;
        while (end < text.size() && text[end] >= 0x20 && text[end] < 0x7f) ++end;
        if (end > pos) {
            out.append(text.substr(pos, end - pos));
            pos = end;
            continue;
        }
        const Decoded d = decode(text, pos);
        if (d.length == 0) {
            out += "\xef\xbf\xbd";  // U+FFFD
            ++pos;
            continue;
        }
        const bool is_break = d.cp == '\n' || d.cp == '\t';
        if (!is_control(d.cp) || (is_break && breaks == Breaks::keep))
            out.append(text.substr(pos, d.length));
        else if (is_break && breaks == Breaks::space)
            out += ' ';
        else
            out += escaped(d.cp);
        pos += d.length;
    }
    return out;
}

std::size_t utf8_length(std::string_view text, std::size_t pos) {
    return decode(text, pos).length;
}

std::string json_printable(std::string json) {
    const auto is_c1_lead = [&](std::size_t i) {
        return static_cast<unsigned char>(json[i]) == 0xc2 && i + 1 < json.size() &&
               static_cast<unsigned char>(json[i + 1]) >= 0x80 &&
               static_cast<unsigned char>(json[i + 1]) <= 0x9f;
    };
    std::size_t i = 0;
    while (i < json.size() && json[i] != '\x7f' && !is_c1_lead(i)) ++i;
    if (i == json.size()) return json;  // the usual case: nothing to do
    std::string out = json.substr(0, i);
    for (; i < json.size(); ++i) {
        if (json[i] == '\x7f') {
            out += "\\u007f";
        } else if (is_c1_lead(i)) {
            out += fmt::format("\\u{:04x}", static_cast<unsigned char>(json[i + 1]));
            ++i;
        } else {
            out += json[i];
        }
    }
    return out;
}

}  // namespace complaints::domain
