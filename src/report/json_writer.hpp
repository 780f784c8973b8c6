#pragma once

// A JSON writer that appends to a string as it goes, with no tree in between:
// `export` writes every complaint with its history through it, so its cost is
// the cost of the text. Its output is byte for byte what nlohmann::json's
// `dump` writes for the same values (compact with indent -1, or indented),
// invalid UTF-8 replaced by U+FFFD as `error_handler_t::replace` does, and
// then passed through `domain::json_printable` (DEL and the C1 controls
// escaped too). Private to the report module.

#include <nlohmann/json.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace complaints::report::detail {

class JsonWriter {
public:
    // `indent` < 0: one line, as `dump(-1)`; otherwise as `dump(indent)`.
    explicit JsonWriter(std::string& out, int indent = -1) : out_(out), indent_(indent) {}
    // An element of arrays `depth` deep, laid out as `dump(indent)` lays out
    // the whole: every line, the first too, indented by `depth` levels more
    // (what a streamed array writes between its brackets).
    JsonWriter(std::string& out, int indent, std::size_t depth)
        : out_(out), indent_(indent), depth_(depth) {
        out_.append(static_cast<std::size_t>(indent_) * depth_, ' ');
    }

    JsonWriter& begin_object();
    JsonWriter& end_object();
    JsonWriter& begin_array();
    JsonWriter& end_array();
    // The key of the next member of the open object.
    JsonWriter& key(std::string_view name);

    JsonWriter& string(std::string_view text);
    JsonWriter& null();
    JsonWriter& boolean(bool value);
    JsonWriter& number(std::int64_t value);
    JsonWriter& string_or_null(const std::optional<std::string>& text) {
        return text ? string(*text) : null();
    }
    template <typename T>
    JsonWriter& number_or_null(const std::optional<T>& value) {
        return value ? number(static_cast<std::int64_t>(*value)) : null();
    }
    JsonWriter& boolean_or_null(const std::optional<bool>& value) {
        return value ? boolean(*value) : null();
    }

    // Whether this writer writes one line (then `raw` may be used).
    bool compact() const { return indent_ < 0; }
    // A value already written as one line by `dump(-1)` and passed through
    // `domain::json_printable`, inserted as it is.
    JsonWriter& raw(std::string_view json) {
        before_value();
        out_ += json;
        return *this;
    }

    // Any nlohmann value, as its `dump` would lay it out here.
    template <typename BasicJson>
    JsonWriter& value(const BasicJson& j);

    // `name: value` in one call.
    template <typename T>
    JsonWriter& member(std::string_view name, const T& value);

private:
    void before_value();
    void next_element();
    void open(char bracket, bool object);
    void close(char bracket);
    void new_line();
    void escape(std::string_view text);

    std::string& out_;
    int indent_;
    std::size_t depth_ = 0;
    struct Level {
        bool object;
        std::size_t count;
    };
    std::vector<Level> open_;
    bool after_key_ = false;
};

template <typename BasicJson>
JsonWriter& JsonWriter::value(const BasicJson& j) {
    switch (j.type()) {
        case nlohmann::json::value_t::object:
            begin_object();
            for (auto it = j.cbegin(); it != j.cend(); ++it) {
                key(it.key());
                value(it.value());
            }
            return end_object();
        case nlohmann::json::value_t::array:
            begin_array();
            for (const auto& element : j) value(element);
            return end_array();
        case nlohmann::json::value_t::string:
            return string(j.template get_ref<const std::string&>());
        case nlohmann::json::value_t::null:
            return null();
        case nlohmann::json::value_t::boolean:
            return boolean(j.template get<bool>());
        case nlohmann::json::value_t::number_integer:
            return number(j.template get<std::int64_t>());
        default:  // unsigned and floating numbers, binary: as nlohmann writes them
            before_value();
            out_ += j.dump(-1, ' ', false, BasicJson::error_handler_t::replace);  // ASCII
            return *this;
    }
}

template <typename T>
JsonWriter& JsonWriter::member(std::string_view name, const T& v) {
    key(name);
    if constexpr (std::is_same_v<T, std::optional<std::string>>) {
        return string_or_null(v);
    } else if constexpr (std::is_same_v<T, std::optional<bool>>) {
        return boolean_or_null(v);
    } else if constexpr (std::is_same_v<T, bool>) {
        return boolean(v);
    } else if constexpr (std::is_integral_v<T>) {
        return number(static_cast<std::int64_t>(v));
    } else if constexpr (std::is_same_v<T, std::nullptr_t>) {
        return null();
    } else {
        return string(std::string_view(v));
    }
}

}  // namespace complaints::report::detail
