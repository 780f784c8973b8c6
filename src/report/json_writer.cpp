#include "json_writer.hpp"

#include <complaints/domain/text.hpp>

#include <charconv>

namespace complaints::report::detail {

namespace {

constexpr char k_hex[] = "0123456789abcdef";

}  // namespace

void JsonWriter::next_element() {
    Level& level = open_.back();
    if (level.count++) out_ += ',';
    if (indent_ >= 0) new_line();
}

// A line feed and the indentation of the current level.
void JsonWriter::new_line() {
    out_ += '\n';
    out_.append(static_cast<std::size_t>(indent_) * (depth_ + open_.size()), ' ');
}

void JsonWriter::before_value() {
    if (after_key_) {
        after_key_ = false;
    } else if (!open_.empty()) {
        next_element();
    }
}

void JsonWriter::open(char bracket, bool object) {
    before_value();
    out_ += bracket;
    open_.push_back({object, 0});
}

void JsonWriter::close(char bracket) {
    const Level level = open_.back();
    open_.pop_back();
    if (level.count && indent_ >= 0) new_line();
    out_ += bracket;
}

JsonWriter& JsonWriter::begin_object() {
    open('{', true);
    return *this;
}

JsonWriter& JsonWriter::begin_array() {
    open('[', false);
    return *this;
}

JsonWriter& JsonWriter::end_object() {
    close('}');
    return *this;
}

JsonWriter& JsonWriter::end_array() {
    close(']');
    return *this;
}

JsonWriter& JsonWriter::key(std::string_view name) {
    next_element();
    escape(name);
    out_ += indent_ >= 0 ? ": " : ":";
    after_key_ = true;
    return *this;
}

JsonWriter& JsonWriter::string(std::string_view text) {
    before_value();
    escape(text);
    return *this;
}

JsonWriter& JsonWriter::null() {
    before_value();
    out_ += "null";
    return *this;
}

JsonWriter& JsonWriter::boolean(bool value) {
    before_value();
    out_ += value ? "true" : "false";
    return *this;
}

JsonWriter& JsonWriter::number(std::int64_t value) {
    before_value();
    char digits[24];
    const auto end = std::to_chars(digits, digits + sizeof digits, value).ptr;
    out_.append(digits, end);
    return *this;
}

// A JSON string as nlohmann's `dump` writes it with ensure_ascii off, then
// passed through `domain::json_printable`: `"` and `\` escaped, the C0
// controls as \b \t \n \f \r or \u00xx, DEL and the C1 controls as \u00xx,
// everything else as it is. A text that is not well-formed UTF-8 is left to
// nlohmann, so that its replacement characters are exactly where `dump` puts
// them.
void JsonWriter::escape(std::string_view text) {
    const std::size_t start = out_.size();
    out_ += '"';
    std::size_t run = 0;  // start of the bytes not yet copied
    const auto flush = [&](std::size_t i) { out_.append(text.data() + run, i - run); };
    const auto code = [&](unsigned char b) {
        const char unit[] = {'\\', 'u', '0', '0', k_hex[b >> 4], k_hex[b & 0xf]};
        out_.append(unit, sizeof unit);
    };
    for (std::size_t i = 0; i < text.size();) {
        const auto b = static_cast<unsigned char>(text[i]);
        if (b >= 0x20 && b < 0x7f && b != '"' && b != '\\') {
            ++i;
        } else if (b >= 0x80) {
            // The sequences nlohmann's decoder accepts, no more, no fewer.
            const std::size_t n = domain::utf8_length(text, i);
            if (n == 0) {
                out_.resize(start);
                out_ += domain::json_printable(
                    nlohmann::json(std::string(text))
                        .dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
                return;
            }
            const auto second = static_cast<unsigned char>(text[i + 1]);
            if (b == 0xc2 && second <= 0x9f) {  // U+0080 to U+009F
                flush(i);
                code(second);
                run = i + n;
            }
            i += n;
        } else {
            flush(i);
            switch (b) {
                case '"':
                    out_ += "\\\"";
                    break;
                case '\\':
                    out_ += "\\\\";
                    break;
                case '\b':
                    out_ += "\\b";
                    break;
                case '\t':
                    out_ += "\\t";
                    break;
                case '\n':
                    out_ += "\\n";
                    break;
                case '\f':
                    out_ += "\\f";
                    break;
                case '\r':
                    out_ += "\\r";
                    break;
                default:
                    code(b);  // the other C0 controls and DEL
            }
            run = ++i;
        }
    }
    flush(text.size());
    out_ += '"';
}

}  // namespace complaints::report::detail
