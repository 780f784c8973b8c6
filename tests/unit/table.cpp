#include <complaints/report/table.hpp>

#include <doctest/doctest.h>

#include <sstream>
#include <string>
#include <vector>

using namespace complaints::report;

namespace {

Table::Column col(std::string name, Align align = Align::left, std::string null_text = "") {
    return Table::Column(std::move(name), align, std::move(null_text));
}

std::vector<std::string> lines_of(const std::string& text) {
    std::vector<std::string> lines;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);) lines.push_back(line);
    return lines;
}

// The display column at which the byte offset `at` of `line` starts.
int column_at(const std::string& line, std::size_t at) {
    return display_width(std::string_view(line).substr(0, at));
}

}  // namespace

TEST_CASE("display_width") {
    struct Row {
        const char* what;
        std::string text;
        int width;
    };
    const Row rows[] = {
        {"empty", "", 0},
        {"ASCII", "hello, world", 12},
        {"CJK", "王芳", 4},
        {"mixed", "A王b芳", 6},
        {"CJK punctuation", "，。", 4},
        {"full-width letters", "ＡＢ", 4},
        {"combining mark", "e\u0301", 1},
        {"combining marks", "cafe\u0301 na\u0308ive", 10},
        {"emoji", "\U0001F600", 2},
        {"emoji among text", "ok\U0001F44D", 4},
        {"ellipsis", "…", 1},
        {"Hangul", "한국", 4},
        {"invalid byte counts as one",
         "a\xff"
         "b",
         3},
    };
    for (const Row& row : rows) {
        CAPTURE(std::string(row.what));
        CHECK(display_width(row.text) == row.width);
    }
}

TEST_CASE("truncate_to_width") {
    struct Row {
        std::string text;
        int width;
        std::string expected;
    };
    const Row rows[] = {
        {"hello", 10, "hello"},
        {"hello", 5, "hello"},
        {"hello world", 5, "hell…"},
        {"hello world", 1, "…"},
        {"hello world", 0, ""},
        {"王芳王芳", 8, "王芳王芳"},
        {"王芳王芳", 7, "王芳王…"},
        {"王芳王芳", 6, "王芳…"},  // never half a character
        {"王芳王芳", 5, "王芳…"},
        {"王芳王芳", 4, "王…"},
        {"王芳王芳", 2, "…"},
        {"ab王芳", 4, "ab…"},
        {"ab王芳", 5, "ab王…"},
        {"e\u0301e\u0301e\u0301", 2, "e\u0301…"},  // the mark stays with its letter
        {"e\u0301e\u0301e\u0301", 3, "e\u0301e\u0301e\u0301"},
    };
    for (const Row& row : rows) {
        CAPTURE(row.text);
        CAPTURE(row.width);
        const std::string cut = truncate_to_width(row.text, row.width);
        CHECK(cut == row.expected);
        CHECK(display_width(cut) <= std::max(row.width, 0));
    }

    SUBCASE("every width of a mixed text") {
        const std::string text = "订单SO-42：王芳 says \U0001F600 “退款”";
        const int full = display_width(text);
        for (int width = 0; width <= full + 1; ++width) {
            CAPTURE(width);
            const std::string cut = truncate_to_width(text, width);
            CHECK(display_width(cut) <= width);
            if (width >= full) {
                CHECK(cut == text);
            } else if (width > 0) {
                REQUIRE(cut.ends_with("…"));
                const std::string kept = cut.substr(0, cut.size() - std::string("…").size());
                CHECK(text.starts_with(kept));           // a prefix, cut between characters
                CHECK(display_width(cut) >= width - 1);  // at most one column lost to a wide char
            }
        }
    }
}

TEST_CASE("pad") {
    CHECK(pad("ab", 5, Align::left) == "ab   ");
    CHECK(pad("ab", 5, Align::right) == "   ab");
    CHECK(pad("王", 4, Align::left) == "王  ");
    CHECK(pad("王", 4, Align::right) == "  王");
    CHECK(pad("王芳", 4, Align::left) == "王芳");
    CHECK(pad("abcdef", 3, Align::left) == "abcdef");  // never cut
    CHECK(pad("", 2, Align::right) == "  ");
    CHECK(pad("e\u0301", 3, Align::left) == "e\u0301  ");
}

TEST_CASE("render_text") {
    SUBCASE("CJK cells: columns start at the same display column") {
        Table t;
        t.columns = {col("name"), col("city"), col("note")};
        t.rows = {{"王芳", "北京", "x"}, {"Li", "Shanghai", "y"}, {"欧阳娜娜", "广州", "z"}};
        const std::string text = render_text(t, {});
        CHECK(text ==
              "name      city      note\n"
              "王芳      北京      x\n"
              "Li        Shanghai  y\n"
              "欧阳娜娜  广州      z\n");
        // The same, checked as a property of every line.
        for (const auto& line : lines_of(text)) {
            CAPTURE(line);
            const auto last = line.rfind("  ");
            REQUIRE(last != std::string::npos);
            CHECK(column_at(line, last + 2) == 20);
        }
    }

    SUBCASE("right alignment") {
        Table t;
        t.columns = {col("id"), col("count", Align::right), col("summary")};
        t.rows = {
            {"a", "1", "one"}, {"b", "100", "多"}, {"c", "1234567", "王"}, {"d", "王芳", "-"}};
        CHECK(render_text(t, {}) ==
              "id    count  summary\n"
              "a         1  one\n"
              "b       100  多\n"
              "c   1234567  王\n"
              "d      王芳  -\n");
    }

    SUBCASE("a right-aligned last column is padded on the left") {
        Table t;
        t.columns = {col("k"), col("n", Align::right)};
        t.rows = {{"a", "5"}, {"b", "500"}};
        CHECK(render_text(t, {}) == "k    n\na    5\nb  500\n");
    }

    SUBCASE("no trailing spaces") {
        Table t;
        t.columns = {col("number"), col("assignee"), col("summary")};
        t.rows = {{"1", std::nullopt, std::nullopt}, {"2", "zhang", ""}, {"3", "", "last"}, {"4"}};
        const std::string text = render_text(t, {});
        const auto lines = lines_of(text);
        REQUIRE(lines.size() == 5);
        for (const auto& line : lines) {
            CAPTURE(line);
            CHECK_FALSE(line.ends_with(" "));
        }
        CHECK(lines[1] == "1");
        CHECK(lines[2] == "2       zhang");
        CHECK(lines[3] == "3                 last");
        CHECK(lines[4] == "4");
    }

    SUBCASE("a null shows the column's null text") {
        Table t;
        t.columns = {col("id"), col("assignee", Align::left, "-"), col("summary")};
        t.rows = {{"1", std::nullopt, "s"}, {"2", "", "s"}};
        CHECK(render_text(t, {}) == "id  assignee  summary\n1   -         s\n2             s\n");
    }

    SUBCASE("a newline or tab inside a cell stays on its line") {
        Table t;
        t.columns = {col("a"), col("b")};
        t.rows = {{"x\ny", "1\t2\n3"}};
        CHECK(render_text(t, {}) == "a    b\nx y  1 2 3\n");
    }

    SUBCASE("other control characters are shown escaped, never sent (SPEC §12)") {
        Table t;
        t.columns = {col("n\x1b[2J"), col("summary")};
        t.rows = {{"1", "\x1b[2J\x1b[31mRED\x1b]0;title\a"},
                  {"2",
                   "Wang\r\nFang \xc2\x9b"
                   "1m"}};
        const std::string text = render_text(t, {});
        CHECK(text ==
              "n\\x1b[2J  summary\n"
              "1         \\x1b[2J\\x1b[31mRED\\x1b]0;title\\x07\n"
              "2         Wang\\x0d Fang \\x9b1m\n");
        CHECK(text.find('\x1b') == std::string::npos);
    }

    SUBCASE("a table without rows prints its header only") {
        Table t;
        t.columns = {col("number"), col("summary")};
        CHECK(render_text(t, {}) == "number  summary\n");
    }

    SUBCASE("cut to the width, only when a width is given") {
        Table t;
        t.columns = {col("number"), col("summary")};
        t.rows = {{"20261120-TEL-001", "搅拌机两分钟后停转"}, {"2", "ok"}};
        const std::string wide = render_text(t, {});
        CHECK(wide.find("…") == std::string::npos);
        CHECK(lines_of(wide)[1] == "20261120-TEL-001  搅拌机两分钟后停转");

        TextStyle narrow;
        narrow.width = 25;
        const auto lines = lines_of(render_text(t, narrow));
        REQUIRE(lines.size() == 3);
        CHECK(lines[0] == "number            summary");  // exactly 25: not cut
        CHECK(lines[1] == "20261120-TEL-001  搅拌机…");
        CHECK(lines[2] == "2                 ok");
        for (const auto& line : lines) CHECK(display_width(line) <= 25);
    }

    SUBCASE("colour: a bold header, only when asked") {
        Table t;
        t.columns = {col("a")};
        t.rows = {{"x"}};
        TextStyle colour;
        colour.color = true;
        CHECK(render_text(t, colour) == "\x1b[1ma\x1b[0m\nx\n");
        CHECK(render_text(t, {}).find('\x1b') == std::string::npos);
    }
}

TEST_CASE("render_csv") {
    SUBCASE("RFC 4180") {
        Table t;
        t.columns = {col("id"), col("summary"), col("amount", Align::right, "-")};
        t.rows = {
            {"1", "plain", "128.50"},
            {"2", "a, b", std::nullopt},
            {"3", "say \"hi\"", ""},
            {"4", "line 1\nline 2", "0.05"},
            {"5", "tab\tkept", "王芳"},
            {"6", " spaces kept ", "\""},
            {"7"},
        };
        CHECK(render_csv(t) ==
              "id,summary,amount\r\n"
              "1,plain,128.50\r\n"
              "2,\"a, b\",\r\n"
              "3,\"say \"\"hi\"\"\",\r\n"
              "4,\"line 1\nline 2\",0.05\r\n"
              "5,tab\tkept,王芳\r\n"
              "6, spaces kept ,\"\"\"\"\r\n"
              "7,,\r\n");
    }

    SUBCASE("control characters but line feeds and tabs are escaped") {
        Table t;
        t.columns = {col("summary")};
        t.rows = {{"\x1b[2J"},
                  {"cr\ronly"},
                  {"a\xc2\x9b"
                   "b"}};
        CHECK(render_csv(t) == "summary\r\n\\x1b[2J\r\ncr\\x0donly\r\na\\x9bb\r\n");
    }

    SUBCASE("a text cell a spreadsheet would run as a formula gets a leading quote") {
        Table t;
        t.columns = {col("summary"), col("count", Align::right)};
        t.rows = {
            {"=HYPERLINK(\"http://x\")", "-5"},
            {"+1", "+1"},
            {"-2", "1"},
            {"@SUM(A1)", "2"},
            {"\tx", "3"},
            {"\r=1", "4"},
            {"a=b", "5"},
            {"", ""},
        };
        CHECK(render_csv(t) ==
              "summary,count\r\n"
              "\"'=HYPERLINK(\"\"http://x\"\")\",-5\r\n"
              "'+1,+1\r\n"
              "'-2,1\r\n"
              "'@SUM(A1),2\r\n"
              "'\tx,3\r\n"
              "\\x0d=1,4\r\n"
              "a=b,5\r\n"
              ",\r\n");
        CHECK(csv_cell("-2", CellType::number) == "-2");
        CHECK(csv_cell("-2", CellType::text) == "'-2");
    }

    SUBCASE("a header is text") {
        Table t;
        t.columns = {col("=cmd"), col("n", Align::right)};
        CHECK(render_csv(t) == "'=cmd,n\r\n");
    }

    SUBCASE("the header is quoted too; no rows, header only") {
        Table t;
        t.columns = {col("a,b"), col("c")};
        CHECK(render_csv(t) == "\"a,b\",c\r\n");
    }
}
