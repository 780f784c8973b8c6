// The policy reader against hostile bytes (SPEC §12): invalid UTF-8 and the
// non-ASCII characters on which toml++ 3.3.0 has undefined behaviour are
// refused with FILE:LINE:COLUMN before toml++ sees them; Chinese (and other)
// text in strings and comments still reads. Run under UBSan too (tests/run.sh).
#include <complaints/domain/error.hpp>
#include <complaints/policy/policy_file.hpp>

#include <doctest/doctest.h>

#include "support.hpp"

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <unistd.h>

using namespace complaints;
using namespace complaints::domain;

namespace {

// The message of the config error `parse(text)` throws, or "" (with a failed check).
std::string refusal(const std::string& text) {
    try {
        (void)policy::parse(text, "p.toml");
    } catch (const Error& e) {
        CHECK(e.code() == ExitCode::config);
        return e.what();
    }
    FAIL_CHECK("accepted: " << text);
    return "";
}

}  // namespace

TEST_CASE("policy::parse refuses non-ASCII characters outside strings and comments") {
    SUBCASE("the two bytes of U+0422 alone (UB in toml++'s whitespace test)") {
        CHECK(refusal("\xd0\xa2") ==
              "p.toml:1:1: unexpected character U+0422 outside a quoted string or comment: "
              "names and text go in quotes");
    }
    SUBCASE("in every bare position, with its line and column") {
        struct Case {
            std::string text, where;
        };
        const std::vector<Case> cases = {
            {"[organization]\nname = \"x\" \xd0\xa2\n", "p.toml:2:12:"},
            {"[organization]\nname\xc3\xa9 = \"x\"\n", "p.toml:2:5:"},
            {"[organization]\nname = \xe3\x80\x82\n", "p.toml:2:8:"},  // 。 U+3002
            {"[kind.\xd0\xb0]\n", "p.toml:1:7:"},
            {"# \xe4\xb8\xad\xe6\x96\x87\n[organization]\xc2\xa1\n", "p.toml:2:15:"},
            {"\xe2\x80\x83name = 1\n", "p.toml:1:1:"},          // an em space: safe, but not TOML
            {"a = \"\"\"x\"\"\"\"\xd0\xa2\n", "p.toml:1:13:"},  // after """x""""
        };
        for (const auto& c : cases) {
            CAPTURE(c.text);
            CHECK(refusal(c.text).starts_with(c.where));
        }
    }
    SUBCASE("after a backslash in a multi-line basic string") {
        CHECK(refusal("[organization]\nname = \"\"\"\\\n   \xe3\x80\x82\"\"\"\n")
                  .starts_with("p.toml:3:4: the character U+3002 cannot follow a backslash"));
        CHECK(refusal("[organization]\nname = \"\"\"a\\\xd0\xa2\"\"\"\n")
                  .starts_with("p.toml:2:13: the character U+0422"));
    }
    SUBCASE("invalid UTF-8 anywhere, comments and strings included") {
        for (const std::string& bad :
             {std::string("name = \"\xff\"\n"), std::string("# \xc0\xaf\n"),
              std::string("# \xed\xa0\x80\n"), std::string("# \xf4\x90\x80\x80\n"),
              std::string("name = 'abc\xe4\xb8'\n"), std::string("# \xe4\xb8")}) {
            CAPTURE(bad);
            CHECK(refusal(bad).find("the file is not valid UTF-8 text") != std::string::npos);
        }
        CHECK(refusal("[organization]\nname = \"ok\" # \xff\n").starts_with("p.toml:2:15:"));
    }
}

TEST_CASE("policy::parse keeps non-ASCII text in strings and comments") {
    const std::string text =
        "\xef\xbb\xbf# 投诉登记簿的政策。Политика — «тест»\n"
        "[organization]\n"
        "name = \"测试银行「上海分行」。Тест\"  # 注释：。\n"
        "\n"
        "[kind.complaint]\n"
        "label = '投诉。'\n"
        "default = true\n"
        "\n"
        "[kind.suggestion]\n"
        "label = \"\"\"建议\\\n"
        "   ，谢谢\"\"\"\n"
        "\n"
        "[kind.inquiry]\n"
        "label = '''咨询\n"
        "Вопрос。'''\n"
        "\n"
        "[category.\"x\"]\n"
        "label = \"Ünïcödé\"\n";
    const Policy p = policy::parse(text, "p.toml");
    CHECK(p.organization_name == "测试银行「上海分行」。Тест");
    CHECK(p.label(Table::kind, "complaint") == "投诉。");
    CHECK(p.label(Table::kind, "suggestion") == "建议，谢谢");
    CHECK(p.label(Table::kind, "inquiry") == "咨询\nВопрос。");
    CHECK(p.label(Table::category, "x") == "Ünïcödé");
}

TEST_CASE("policy::load refuses what is not a readable regular file") {
    SUBCASE("a directory") {
        const auto dir = std::filesystem::temp_directory_path() /
                         ("complaints-policy-dir-" + std::to_string(::getpid()));
        std::filesystem::create_directory(dir);
        struct Remove {
            std::filesystem::path path;
            ~Remove() { std::filesystem::remove(path); }
        } remove{dir};
        try {
            (void)policy::load(dir.string());
            FAIL("expected an error");
        } catch (const Error& e) {
            CHECK(e.code() == ExitCode::no_input);
            CHECK(std::string(e.what()) == "cannot read policy file '" + dir.string() +
                                               "': not a regular file (a directory)");
        }
    }
    SUBCASE("a character device") {
        try {
            (void)policy::load("/dev/null");
            FAIL("expected an error");
        } catch (const Error& e) {
            CHECK(e.code() == ExitCode::no_input);
        }
    }
}
