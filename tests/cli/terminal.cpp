// Output on a terminal (SPEC §8, §9 `report trend`): the binary runs with its
// standard output on a pseudo-terminal (pty.hpp). On a terminal text tables
// are cut to the terminal's width (or COLUMNS) with `…`, `show` is never cut,
// colour is used unless NO_COLOR is set (even empty), and the bar of
// `report trend` fills what the other columns leave of the width. When
// standard output is not a terminal, none of that, even with COLUMNS set and
// standard input and error on a terminal.
#include "harness.hpp"
#include "pty.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <optional>
#include <string>
#include <vector>

using cli_test::EnvChanges;
using cli_test::Fixture;
using cli_test::Result;
using cli_test::Stdout;
using cli_test::TerminalSize;

namespace {

const std::string k_red = "\x1b[31m", k_yellow = "\x1b[33m", k_bold = "\x1b[1m",
                  k_reset = "\x1b[0m";

// Colour on: the harness sets NO_COLOR=1 by default.
const EnvChanges k_colour = {{"NO_COLOR", std::nullopt}};

Result on_terminal(const Fixture& f, const std::vector<std::string>& args,
                   const EnvChanges& env = {}, unsigned short columns = 60) {
    const Result r = cli_test::run_on_terminal(f, args, env, TerminalSize{columns, 24});
    INFO("stdout: [" << r.out << "]");
    INFO("stderr: [" << r.err << "]");
    REQUIRE(r.status == 0);
    return r;
}

bool ends_with(const std::string& text, const std::string& tail) {
    return text.size() >= tail.size() &&
           text.compare(text.size() - tail.size(), tail.size(), tail) == 0;
}

// Checks that `cut` is `full` cut to `width` columns: the same line when it
// fits, else the longest prefix that fits with `…` (ASCII lines: exactly
// `width` columns).
void check_cut(const std::vector<std::string>& full, const std::vector<std::string>& cut,
               int width) {
    REQUIRE(cut.size() == full.size());
    int cut_lines = 0;
    for (std::size_t i = 0; i < full.size(); ++i) {
        CAPTURE(full[i]);
        CAPTURE(cut[i]);
        CHECK(cli_test::display_width(cut[i]) <= width);
        if (cli_test::display_width(full[i]) <= width) {
            CHECK(cut[i] == full[i]);
            continue;
        }
        ++cut_lines;
        REQUIRE(ends_with(cut[i], "…"));
        const std::string kept = cut[i].substr(0, cut[i].size() - std::string("…").size());
        REQUIRE(full[i].rfind(kept, 0) == 0);
        // The longest prefix that leaves a column for `…`: one more character
        // (two columns when wide) would not.
        CHECK(cli_test::display_width(kept) <= width - 1);
        std::size_t next = kept.size() + 1;
        while (next < full[i].size() && (static_cast<unsigned char>(full[i][next]) & 0xC0) == 0x80)
            ++next;
        CHECK(cli_test::display_width(full[i].substr(0, next)) > width - 1);
    }
    CHECK(cut_lines > 0);
}

// The number of '#' in `line`.
std::size_t bar(const std::string& line) {
    return static_cast<std::size_t>(std::count(line.begin(), line.end(), '#'));
}

// Received 2026-11-02 09:00 (Mon): assign due 11-03 18:00, met late on 11-04 10:00 (by 16h);
// investigate due 3wd later, 11-09 18:00, and resolve due 5wd after receipt, 11-09 18:00: both
// overdue by 13d 16h at now (11-23 10:00).
std::string late_complaint(Fixture& f, const std::string& summary = "Kettle leaks") {
    const auto id =
        f.register_complaint({"--received-at", "2026-11-02 09:00", "--summary", summary});
    const Result r = f.run({"assign", id, "--to", "zhang", "--at", "2026-11-04 10:00"});
    INFO("stderr: " << r.err);
    REQUIRE(r.status == 0);
    return id;
}

}  // namespace

TEST_CASE("terminal: text tables are cut to the terminal's width with …") {
    Fixture f;
    const std::string long_summary =
        "The kettle leaks from the seam at the base " + std::string(60, 'x') + " and the end";
    late_complaint(f, long_summary);
    f.register_complaint({"--summary", "short"});
    f.register_complaint({"--summary", "水壶漏水，底部接缝处渗水，已经换过一次了还是漏"});

    const std::vector<std::vector<std::string>> tables = {
        {"list"},
        {"report", "overdue"},
        {"query", "SELECT id, summary, status FROM complaint_facts ORDER BY id"}};
    std::vector<std::vector<std::string>> piped;
    for (const auto& args : tables) {
        const Result r = f.run(args);
        REQUIRE(r.status == 0);
        REQUIRE(r.out.find(long_summary) != std::string::npos);
        piped.push_back(r.out_lines());
    }

    SUBCASE("the width the terminal reports") {
        for (std::size_t i = 0; i < tables.size(); ++i) {
            CAPTURE(tables[i].front());
            const Result r = on_terminal(f, tables[i], {}, 60);
            CHECK(r.out.find(long_summary) == std::string::npos);
            check_cut(piped[i], r.out_lines(), 60);
        }
    }
    SUBCASE("COLUMNS overrides the terminal's width") {
        for (std::size_t i = 0; i < tables.size(); ++i) {
            CAPTURE(tables[i].front());
            const Result r = on_terminal(f, tables[i], {{"COLUMNS", "100"}}, 60);
            check_cut(piped[i], r.out_lines(), 100);
            // Lines between 60 and 100 columns wide are kept whole.
            int wider_than_terminal = 0;
            for (const auto& line : r.out_lines())
                if (cli_test::display_width(line) > 60) ++wider_than_terminal;
            CHECK(wider_than_terminal > 0);
        }
    }
    SUBCASE("a wide terminal cuts nothing") {
        for (std::size_t i = 0; i < tables.size(); ++i) {
            CAPTURE(tables[i].front());
            CHECK(on_terminal(f, tables[i], {}, 400).out_lines() == piped[i]);
        }
    }
}

TEST_CASE("terminal: show is never cut") {
    Fixture f;
    const std::string long_summary(150, 'x');
    const auto id = late_complaint(f, long_summary);
    const Result r = on_terminal(f, {"show", id}, {}, 40);
    CHECK(r.out.find("summary:      " + long_summary + "\n") != std::string::npos);
    CHECK(r.out.find("…") == std::string::npos);
    // With NO_COLOR it is exactly what a pipe gets.
    CHECK(r.out == f.run({"show", id}).out);
}

TEST_CASE("terminal: colour on a terminal unless NO_COLOR is set") {
    Fixture f;
    const auto id = late_complaint(f);
    const Result plain = f.run({"show", id});
    REQUIRE(plain.status == 0);
    REQUIRE(plain.out.find('\x1b') == std::string::npos);

    SUBCASE("show: overdue in red, met late in yellow, headings in bold") {
        const Result r = on_terminal(f, {"show", id}, k_colour);
        const auto lines = r.out_lines();
        REQUIRE_FALSE(lines.empty());
        CHECK(lines[0] == k_bold + id + "  assigned" + k_reset);
        const auto has = [&](const std::string& line) {
            INFO("output:\n" << r.out);
            CHECK_MESSAGE(std::find(lines.begin(), lines.end(), line) != lines.end(),
                          "no line [" << line << "]");
        };
        has(k_bold + "milestones" + k_reset);
        has(k_bold + "history" + k_reset);
        has("  assign      due 2026-11-03 18:00  met 2026-11-04 10:00  " + k_yellow +
            "met late by 16h" + k_reset);
        has("  investigate due 2026-11-09 18:00  " + k_red + "overdue by 13d 16h" + k_reset);
        has("  resolve     due 2026-11-09 18:00  " + k_red + "overdue by 13d 16h" + k_reset);
        // Without the escapes it is the plain text.
        std::string stripped = r.out;
        for (const auto& code : {k_red, k_yellow, k_bold, k_reset})
            for (auto at = stripped.find(code); at != std::string::npos; at = stripped.find(code))
                stripped.erase(at, code.size());
        CHECK(stripped == plain.out);
    }
    SUBCASE("tables: the header in bold") {
        const Result r = on_terminal(f, {"list"}, k_colour, 200);
        const auto lines = r.out_lines();
        REQUIRE(lines.size() == 2);
        CHECK(lines[0].rfind(k_bold + "number  ", 0) == 0);
        CHECK(ends_with(lines[0], k_reset));
        CHECK(lines[1].find('\x1b') == std::string::npos);
    }
    SUBCASE("NO_COLOR set, even to the empty string, switches colour off") {
        for (const char* value : {"1", ""}) {
            CAPTURE(value);
            CHECK(on_terminal(f, {"show", id}, {{"NO_COLOR", value}}).out == plain.out);
            const Result list = on_terminal(f, {"list"}, {{"NO_COLOR", value}}, 200);
            CHECK(list.out.find('\x1b') == std::string::npos);
        }
    }
}

TEST_CASE("terminal: no colour and no cutting when standard output is not a terminal") {
    Fixture f;
    const std::string long_summary(150, 'x');
    const auto id = late_complaint(f, long_summary);
    const EnvChanges env = {{"COLUMNS", "40"}, {"NO_COLOR", std::nullopt}};
    for (const auto& args : {std::vector<std::string>{"list"}, std::vector<std::string>{"show", id},
                             std::vector<std::string>{"report", "overdue"}}) {
        CAPTURE(args.front());
        const Result file = f.run(args);  // standard output a file, NO_COLOR=1
        REQUIRE(file.status == 0);
        // A pipe, with standard input and standard error on a terminal 40 columns wide.
        const Result r = cli_test::run_on_terminal(f, args, env, {40, 24}, Stdout::pipe);
        INFO("stdout: [" << r.out << "]");
        REQUIRE(r.status == 0);
        CHECK(r.out.find('\x1b') == std::string::npos);
        CHECK(r.out.find("…") == std::string::npos);
        CHECK(r.out.find(long_summary) != std::string::npos);
        CHECK(r.out == file.out);
    }
}

namespace {

// Received per day of 2026-11-16 .. 2026-11-20: 3, 0, 0, 1, 2.
void trend_data(Fixture& f) {
    for (const char* at : {"2026-11-16 10:00", "2026-11-16 11:00", "2026-11-16 12:00",
                           "2026-11-19 10:00", "2026-11-20 10:00", "2026-11-20 11:00"})
        f.register_complaint({"--received-at", at});
}

const std::vector<std::string> k_trend_args = {"report", "trend",      "--by", "day",
                                               "--from", "2026-11-16", "--to", "2026-11-21"};

// Checks the bars of a trend table drawn for `width` columns: every line fits,
// nothing is cut, and the longest bar fills exactly what the other columns
// leave (the header is as wide as they are), the others in proportion.
void check_trend(const Result& r, int width) {
    INFO("stdout:\n" << r.out);
    REQUIRE(r.status == 0);
    CHECK(r.out.find("…") == std::string::npos);
    const auto lines = r.out_lines();
    REQUIRE(lines.size() == 6);  // the header and five days
    for (const auto& line : lines) {
        CAPTURE(line);
        CHECK(cli_test::display_width(line) <= width);
    }
    const int used = cli_test::display_width(lines[0]);
    CHECK(used == 70);
    CHECK(bar(lines[0]) == 0);
    REQUIRE(width - used - 2 > 3);
    const auto room = static_cast<std::size_t>(width - used - 2);
    // The longest bar (3 received) reaches the last column exactly.
    CHECK(bar(lines[1]) == room);
    CHECK(cli_test::display_width(lines[1]) == width);
    CHECK(bar(lines[2]) == 0);
    CHECK(bar(lines[3]) == 0);
    CHECK(bar(lines[4]) == (room + 2) / 3);      // 1 of 3, rounded up
    CHECK(bar(lines[5]) == (2 * room + 2) / 3);  // 2 of 3, rounded up
}

}  // namespace

TEST_CASE("terminal: report trend's bar fills the terminal's width") {
    Fixture f;
    trend_data(f);
    // The other columns take 70.
    SUBCASE("a terminal 90 columns wide") {
        check_trend(on_terminal(f, k_trend_args, {}, 90), 90);
    }
    SUBCASE("a terminal 120 columns wide") {
        check_trend(on_terminal(f, k_trend_args, {}, 120), 120);
    }
    SUBCASE("COLUMNS on a terminal") {
        check_trend(on_terminal(f, k_trend_args, {{"COLUMNS", "100"}}, 60), 100);
    }
    SUBCASE("a terminal too narrow for the columns: every line still fits") {
        const Result r = on_terminal(f, k_trend_args, {}, 60);
        const auto lines = r.out_lines();
        REQUIRE(lines.size() == 6);
        for (const auto& line : lines) {
            CAPTURE(line);
            CHECK(cli_test::display_width(line) <= 60);
        }
    }
    SUBCASE("not a terminal: 80 columns, whatever COLUMNS says") {
        check_trend(f.run(k_trend_args), 80);
        check_trend(f.run(k_trend_args, "", {{"COLUMNS", "120"}}), 80);
        check_trend(cli_test::run_on_terminal(f, k_trend_args, {{"COLUMNS", "120"}}, {120, 24},
                                              Stdout::pipe),
                    80);
    }
    SUBCASE("CSV has no bar, on a terminal too") {
        const Result r = on_terminal(f, {"--format", "csv", "report", "trend", "--by", "day",
                                         "--from", "2026-11-16", "--to", "2026-11-21"});
        CHECK(r.out.find('#') == std::string::npos);
        CHECK(r.out == f.run({"--format", "csv", "report", "trend", "--by", "day", "--from",
                              "2026-11-16", "--to", "2026-11-21"})
                           .out);
    }
}

// Regression: on a terminal 70 columns wide, `report trend` (by month: the
// other columns take 67) drew a bar of one column, so a month with 1
// complaint and one with 6 both showed a single '#'. A bar narrower than its
// documented minimum (5 columns) is left out; from 5 columns on it is drawn.
TEST_CASE("terminal: report trend draws no bar narrower than its minimum width") {
    Fixture f;
    trend_data(f);  // six in November
    f.register_complaint({"--received-at", "2026-09-03 10:00"});
    const std::vector<std::string> args = {"report", "trend",      "--by", "month",
                                           "--from", "2026-09-01", "--to", "2026-11-21"};
    const auto lines_at = [&](unsigned short columns) {
        const Result r = on_terminal(f, args, {}, columns);
        REQUIRE(r.status == 0);
        CHECK(r.out.find("…") == std::string::npos);
        const auto lines = r.out_lines();
        REQUIRE(lines.size() == 4);  // the header, September, October, November
        CHECK(cli_test::display_width(lines[0]) == 67);
        for (const auto& line : lines) {
            CAPTURE(line);
            CHECK(cli_test::display_width(line) <= columns);
        }
        return lines;
    };
    for (const unsigned short columns : {70, 72, 73}) {
        CAPTURE(columns);
        for (const auto& line : lines_at(columns)) CHECK(bar(line) == 0);
    }
    // 74 columns leave 5 for the bar: November's fills them, September's is 1 of 6, rounded up.
    const auto lines = lines_at(74);
    CHECK(bar(lines[1]) == 1);
    CHECK(bar(lines[2]) == 0);
    CHECK(bar(lines[3]) == 5);
    CHECK(cli_test::display_width(lines[3]) == 74);
}
