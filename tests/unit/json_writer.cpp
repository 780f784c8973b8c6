// JsonWriter (src/report/json_writer.cpp) must write exactly what
// nlohmann::json's `dump` followed by domain::json_printable writes, which is
// what `show`, `list` and `export` wrote before it: compact and indented,
// every kind of string (controls, DEL, C1, CJK, emoji, invalid UTF-8), and
// empty containers.
#include "../../src/report/json_writer.hpp"

#include <complaints/domain/text.hpp>

#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include <random>
#include <string>
#include <vector>

using complaints::report::detail::JsonWriter;
using nlohmann::ordered_json;

namespace {

std::string reference(const ordered_json& j, int indent) {
    return complaints::domain::json_printable(
        j.dump(indent, ' ', false, ordered_json::error_handler_t::replace));
}

std::string written(const ordered_json& j, int indent) {
    std::string out;
    JsonWriter w(out, indent);
    w.value(j);
    return out;
}

// Strings that exercise every branch of the escaping.
std::vector<std::string> tricky_strings() {
    return {"",
            "plain ascii",
            "quote \" and backslash \\ and slash /",
            "\b\f\n\r\t",
            std::string("nul \0 inside", 12),
            "\x01\x1f\x7f",
            "C1: \xc2\x80 \xc2\x85 \xc2\x9f, not C1: \xc2\xa0",
            "中文投诉 — 退款 ¥120.00",
            "emoji \xf0\x9f\x98\x80 and U+10FFFF \xf4\x8f\xbf\xbf",
            "lone continuation \x80 here",
            "truncated \xe4\xb8",
            "overlong \xc0\xaf and \xe0\x80\xaf",
            "surrogate \xed\xa0\x80",
            "above U+10FFFF \xf4\x90\x80\x80",
            "invalid lead \xff\xfe",
            "\xc2",
            "mixed \x7f\xc2\x85\xff\xe4\xb8\xad"};
}

}  // namespace

TEST_CASE("json writer: strings are escaped as dump and json_printable escape them") {
    for (const auto& s : tricky_strings()) {
        CAPTURE(ordered_json(s).dump(-1, ' ', true, ordered_json::error_handler_t::replace));
        CHECK(written(ordered_json(s), -1) == reference(ordered_json(s), -1));
    }
}

TEST_CASE("json writer: random bytes are escaped as dump escapes them") {
    std::mt19937 random(20261203);
    std::uniform_int_distribution<int> length(0, 24);
    // Bytes weighted towards the interesting ones: controls, quotes, UTF-8
    // leads and continuations.
    const std::string alphabet =
        "a \"\\\n\t\x01\x1f\x7f\x80\x85\x9f\xa0\xbf\xc0\xc1\xc2\xdf\xe0\xe4\xed\xef\xf0\xf4\xf5"
        "\xff\xb8\xad";
    std::uniform_int_distribution<std::size_t> pick(0, alphabet.size() - 1);
    for (int round = 0; round < 20000; ++round) {
        std::string s;
        for (int i = length(random); i > 0; --i) s += alphabet[pick(random)];
        const ordered_json j = {{"k", s}, {"list", {s, 1}}};
        if (written(j, -1) != reference(j, -1) || written(j, 2) != reference(j, 2)) {
            CAPTURE(ordered_json(s).dump(-1, ' ', true, ordered_json::error_handler_t::replace));
            FAIL("differs");
        }
    }
}

TEST_CASE("json writer: structure is laid out as dump lays it out") {
    const ordered_json j = {
        {"id", "C-2026-000001"},
        {"empty_object", ordered_json::object()},
        {"empty_array", ordered_json::array()},
        {"null", nullptr},
        {"yes", true},
        {"no", false},
        {"negative", -42},
        {"big", 9007199254740993LL},
        {"unsigned", 18446744073709551615ULL},
        {"float", 0.75},
        {"nested",
         {{"a", ordered_json::array({1, "two", nullptr, ordered_json::object()})},
          {"b", {{"c", {{"d", ordered_json::array()}}}}}}},
        {"array_of_objects", ordered_json::array({{{"x", 1}}, {{"y", 2}}})}};
    for (const int indent : {-1, 0, 2, 4}) {
        CAPTURE(indent);
        CHECK(written(j, indent) == reference(j, indent));
    }
    CHECK(written(ordered_json::array(), 2) == "[]");
    CHECK(written(ordered_json::object(), -1) == "{}");
}

TEST_CASE("json writer: the streaming calls write what the tree would") {
    std::string out;
    JsonWriter w(out, 2);
    w.begin_object()
        .member("name", std::string("张三"))
        .member("note", std::optional<std::string>())
        .member("count", 3)
        .member("done", true)
        .key("list")
        .begin_array()
        .string("a")
        .null()
        .begin_object()
        .end_object()
        .end_array()
        .end_object();
    const ordered_json j = {{"name", "张三"},
                            {"note", nullptr},
                            {"count", 3},
                            {"done", true},
                            {"list", {"a", nullptr, ordered_json::object()}}};
    CHECK(out == reference(j, 2));
}

TEST_CASE("json writer: an element written at a depth is what dump writes inside its array") {
    // How `list --format json` and `report overdue --format json` stream
    // their arrays (report::JsonItems between the elements).
    const ordered_json element = {{"a", 1},
                                  {"b", ordered_json::array({"x", ordered_json::object()})},
                                  {"c", {{"d", nullptr}}}};
    std::string one;
    JsonWriter(one, 2, 1).value(element);
    CHECK(reference(ordered_json::array({element, element}), 2) ==
          "[\n" + one + ",\n" + one + "\n]");
    CHECK(reference(ordered_json::array({element}), 2) == "[\n" + one + "\n]");
}
