#pragma once

// Text in and text out (SPEC §12, "Bad input and hostile input"): what a
// text given by a user may hold before it is stored, and how any text,
// stored or not, is made safe to show on a terminal.

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace complaints::domain {

// What kind of field a text a user gives goes into.
enum class TextRule {
    line,        // one line (names, codes, notes, reasons): no control characters
    summary,     // one line, with the summary's longer limit
    multi_line,  // description, findings, plans: line feeds and tabs allowed
};

// The limits: one-line fields in characters (Unicode code points), multi-line
// fields in bytes.
inline constexpr std::size_t k_line_max_characters = 200;
inline constexpr std::size_t k_summary_max_characters = 500;
inline constexpr std::size_t k_multi_line_max_bytes = std::size_t{64} * 1024;

// Whether the code point `cp` is a control character: C0 (U+0000–U+001F,
// including tab, line feed and carriage return), DEL (U+007F) or C1
// (U+0080–U+009F).
constexpr bool is_control(char32_t cp) {
    return cp < 0x20 || (cp >= 0x7f && cp <= 0x9f);
}

// The number of bytes of the UTF-8 sequence that starts with the byte
// `lead` (1 for ASCII, and for a byte that starts no sequence).
constexpr std::size_t utf8_sequence_length(unsigned char lead) {
    if (lead >= 0xf0) return 4;
    if (lead >= 0xe0) return 3;
    if (lead >= 0xc0) return 2;
    return 1;
}

// What is wrong with `text` as a value of a field of `rule`, as the rest of
// a sentence that starts with the field's name ("is not valid UTF-8", "holds
// a control character (\x1b, escape) at character 3", "is too long: 501
// characters, at most 500"), or nullopt when nothing is. Checks, in order:
// strict UTF-8 (no overlong forms, surrogates or code points above
// U+10FFFF), control characters (a multi-line field may hold line feeds and
// tabs), the length. The problem never contains a control character of `text`.
std::optional<std::string> text_problem(std::string_view text, TextRule rule);

// Throws `Error` (data, 65) "FIELD is not valid UTF-8" (or another problem of
// `text_problem`), with a hint, when `text` does not fit `rule`; `field` names
// the option (`--summary`).
void check_text(std::string_view field, std::string_view text, TextRule rule);

// What `printable` does with line feeds and tabs.
enum class Breaks {
    escape,  // shown as `\x0a` and `\x09`, like every other control character
    keep,    // kept: a multi-line field shown over several lines
    space,   // each shown as one space: a cell of a table
};

// `text` made safe for a terminal or a mail header: each control character
// (`is_control`; line feeds and tabs as `breaks` says) is shown as `\x` and
// its code point in two lower-case hex digits (escape as `\x1b`, carriage
// return as `\x0d`, the C1 CSI U+009B as `\x9b`), and each byte that is not
// part of valid UTF-8 as U+FFFD. Text without either comes back unchanged.
std::string printable(std::string_view text, Breaks breaks = Breaks::escape);

// The length of the well-formed UTF-8 sequence (RFC 3629: no overlong forms,
// no surrogates, nothing above U+10FFFF) at `pos` of `text`, or 0 if none
// starts there.
std::size_t utf8_length(std::string_view text, std::size_t pos);

// A JSON document as nlohmann/json writes it (UTF-8, invalid bytes already
// replaced) with DEL and the C1 controls escaped too (`\u007f`, `\u009b`):
// JSON escapes only U+0000–U+001F itself, and a terminal may act on the
// others. They occur only inside strings, so the document means the same.
std::string json_printable(std::string json);

}  // namespace complaints::domain
