#include <complaints/domain/error.hpp>
#include <complaints/domain/text.hpp>

#include <doctest/doctest.h>

#include <optional>
#include <string>

using namespace complaints;
using namespace complaints::domain;

namespace {

std::string repeat(std::string_view piece, std::size_t n) {
    std::string out;
    for (std::size_t i = 0; i < n; ++i) out += piece;
    return out;
}

}  // namespace

TEST_CASE("text_problem") {
    using R = TextRule;
    struct Row {
        const char* what;
        std::string text;
        TextRule rule;
        std::optional<std::string> problem;
    };
    const Row rows[] = {
        // Valid text.
        {"empty", "", R::line, std::nullopt},
        {"ASCII", "Kettle leaks", R::line, std::nullopt},
        {"CJK", "电水壶漏水", R::line, std::nullopt},
        {"emoji (4 bytes)", "\xf0\x9f\x98\x80 ok", R::line, std::nullopt},
        {"U+10FFFF", "\xf4\x8f\xbf\xbf", R::line, std::nullopt},
        {"U+00A0 (after C1)",
         "a\xc2\xa0"
         "b",
         R::line, std::nullopt},
        {"multi-line: line feeds and tabs", "line 1\n\tline 2\n", R::multi_line, std::nullopt},
        // UTF-8.
        {"Latin-1 byte", "caf\xe9", R::line, "is not valid UTF-8"},
        {"lone continuation byte", "\x80", R::multi_line, "is not valid UTF-8"},
        {"overlong '/'", "\xc0\xaf", R::line, "is not valid UTF-8"},
        {"overlong 3 bytes", "\xe0\x80\xaf", R::line, "is not valid UTF-8"},
        {"surrogate", "\xed\xa0\x80", R::line, "is not valid UTF-8"},
        {"above U+10FFFF", "\xf4\x90\x80\x80", R::line, "is not valid UTF-8"},
        {"truncated sequence", "\xe7\x94", R::summary, "is not valid UTF-8"},
        {"0xff", "\xff", R::line, "is not valid UTF-8"},
        // Control characters in one-line fields.
        {"line feed", "a\nb", R::line,
         "holds a control character (\\x0a, line feed) at character 2"},
        {"carriage return", "Wang\r\n", R::line,
         "holds a control character (\\x0d, carriage return) at character 5"},
        {"tab", "\t", R::summary, "holds a control character (\\x09, tab) at character 1"},
        {"escape", "\x1b[2J", R::line, "holds a control character (\\x1b, escape) at character 1"},
        {"bell", "x\a", R::line, "holds a control character (\\x07) at character 2"},
        {"NUL", std::string("a\0b", 3), R::line,
         "holds a control character (\\x00, NUL) at character 2"},
        {"DEL", "\x7f", R::line, "holds a control character (\\x7f, delete) at character 1"},
        {"C1 CSI U+009B",
         "王\xc2\x9b"
         "2J",
         R::line, "holds a control character (\\x9b) at character 2"},
        {"C1 U+0080", "\xc2\x80", R::line, "holds a control character (\\x80) at character 1"},
        {"C1 U+009F", "\xc2\x9f", R::line, "holds a control character (\\x9f) at character 1"},
        // Control characters in multi-line fields: only \n and \t.
        {"multi-line: carriage return", "a\r\nb", R::multi_line,
         "holds a control character (\\x0d, carriage return) at character 2"},
        {"multi-line: escape", "ok\n\x1b]0;title\a", R::multi_line,
         "holds a control character (\\x1b, escape) at character 4"},
        {"multi-line: C1", "\xc2\x85", R::multi_line,
         "holds a control character (\\x85) at character 1"},
        // Limits: characters (code points) for one-line fields, bytes for multi-line.
        {"line: 200 characters", repeat("x", 200), R::line, std::nullopt},
        {"line: 201 characters", repeat("x", 201), R::line,
         "is too long: 201 characters, at most 200"},
        {"line: 200 CJK characters (600 bytes)", repeat("王", 200), R::line, std::nullopt},
        {"line: 201 CJK characters", repeat("王", 201), R::line,
         "is too long: 201 characters, at most 200"},
        {"summary: 500 characters", repeat("王", 500), R::summary, std::nullopt},
        {"summary: 501 characters", repeat("x", 501), R::summary,
         "is too long: 501 characters, at most 500"},
        {"multi-line: 64 KiB", repeat("x", 65536), R::multi_line, std::nullopt},
        {"multi-line: 64 KiB + 1", repeat("x", 65537), R::multi_line,
         "is too long: 65537 bytes, at most 65536 (64 KiB)"},
        {"multi-line: 21846 CJK characters (65538 bytes)", repeat("王", 21846), R::multi_line,
         "is too long: 65538 bytes, at most 65536 (64 KiB)"},
    };
    for (const auto& row : rows) {
        CAPTURE(row.what);
        CHECK(text_problem(row.text, row.rule) == row.problem);
    }
}

TEST_CASE("check_text") {
    SUBCASE("names the field, exit 65, with a hint") {
        try {
            check_text("--customer", "Wang\r\n", TextRule::line);
            FAIL("no error");
        } catch (const Error& e) {
            CHECK(e.code() == ExitCode::data);
            CHECK(std::string(e.what()) ==
                  "--customer holds a control character (\\x0d, carriage return) at character 5");
            REQUIRE(e.hints().size() == 1);
            CHECK(e.hints()[0] ==
                  "--customer is one line: no line breaks, tabs or other control characters");
        }
    }
    SUBCASE("invalid UTF-8") {
        try {
            check_text("--summary", "caf\xe9", TextRule::summary);
            FAIL("no error");
        } catch (const Error& e) {
            CHECK(e.code() == ExitCode::data);
            CHECK(std::string(e.what()) == "--summary is not valid UTF-8");
        }
    }
    SUBCASE("a valid text passes") {
        CHECK_NOTHROW(check_text("--description", "a\n\tb", TextRule::multi_line));
    }
}

TEST_CASE("printable") {
    struct Row {
        const char* what;
        std::string text;
        Breaks breaks;
        std::string shown;
    };
    const Row rows[] = {
        {"plain", "Kettle leaks 电水壶", Breaks::escape, "Kettle leaks 电水壶"},
        {"terminal escapes", "\x1b[2J\x1b[31mRED\x1b]0;title\a", Breaks::escape,
         "\\x1b[2J\\x1b[31mRED\\x1b]0;title\\x07"},
        {"CR LF, escaped", "Wang\r\nFang", Breaks::escape, "Wang\\x0d\\x0aFang"},
        {"CR LF, breaks kept", "Wang\r\nFang\tx", Breaks::keep, "Wang\\x0d\nFang\tx"},
        {"CR LF, breaks as spaces", "Wang\r\nFang\tx", Breaks::space, "Wang\\x0d Fang x"},
        {"DEL and C1",
         "a\x7f"
         "b\xc2\x9b"
         "c",
         Breaks::escape, "a\\x7fb\\x9bc"},
        {"NUL", std::string("a\0b", 3), Breaks::keep, "a\\x00b"},
        {"invalid UTF-8", "caf\xe9!", Breaks::escape, "caf\xef\xbf\xbd!"},
        {"U+00A0 stays",
         "a\xc2\xa0"
         "b",
         Breaks::escape,
         "a\xc2\xa0"
         "b"},
    };
    for (const auto& row : rows) {
        CAPTURE(row.what);
        CHECK(printable(row.text, row.breaks) == row.shown);
        // Nothing a terminal acts on is left.
        const std::string shown = printable(row.text, row.breaks);
        CHECK(shown.find('\x1b') == std::string::npos);
        CHECK(shown.find('\r') == std::string::npos);
        CHECK(shown.find('\a') == std::string::npos);
        CHECK(shown.find("\xc2\x9b") == std::string::npos);
    }
}

TEST_CASE("json_printable") {
    CHECK(json_printable(R"({"a": "plain 王"})") == R"({"a": "plain 王"})");
    CHECK(json_printable("{\"a\": \"x\x7fy\xc2\x9b"
                         "z\xc2\xa0\"}") == "{\"a\": \"x\\u007fy\\u009bz\xc2\xa0\"}");
}
