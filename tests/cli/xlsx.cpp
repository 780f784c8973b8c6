// Spreadsheets (SPEC §15): `--format xlsx -o FILE` for every table command,
// read back with openpyxl (tests/xlsx/dump.py): numbers as numbers, money
// with two decimals, times as dates in the policy's zone, a bold header row
// frozen at A2, widths that fit CJK text; -o for text, CSV and JSON too,
// and the usage errors.
#include "harness.hpp"

#include <doctest/doctest.h>

#include <filesystem>
#include <string>
#include <vector>

using cli_test::EnvChanges;
using cli_test::Fixture;
using cli_test::Result;

namespace {

// The policy's zone is Asia/Shanghai while the runs get TZ=UTC, so that a
// time written in the wrong zone shows.
const std::string k_policy =
    "[organization]\nname = \"示例公司\"\ntimezone = \"Asia/Shanghai\"\n"
    "[category.product]\nlabel = \"产品质量问题\"\n[category.delivery]\nlabel = \"物流配送\"\n";

struct Env {
    Fixture fx;
    EnvChanges env{{"TZ", "UTC"}, {"COMPLAINTS_NOW", "2026-12-02 10:00"}};
    std::string id;

    Env() {
        fx.write_file("complaints.toml", k_policy);
        id = fx.register_complaint({"--received-at", "2026-11-20 09:30", "--summary", "水壶漏水"},
                                   env);
        ok({"assign", id, "--to", "zhang", "--at", "2026-11-21 10:00"});
        ok({"resolve", id, "--plan", "p", "--outcome", "refund", "--amount", "128.50", "--at",
            "2026-11-22 10:00"});
    }
    Result run(const std::vector<std::string>& args) { return fx.run(args, "", env); }
    void ok(const std::vector<std::string>& args) {
        const Result r = run(args);
        INFO(args.front() << ": " << r.err);
        REQUIRE(r.status == 0);
    }
    // Runs `args` with --format xlsx -o NAME, and the workbook as dump.py gives it.
    nlohmann::json xlsx(std::vector<std::string> args, const std::string& name = "out.xlsx") {
        args.insert(args.begin(), {"--format", "xlsx"});
        args.insert(args.end(), {"-o", name});
        const Result r = run(args);
        INFO(args.at(2) << ": " << r.err);
        REQUIRE(r.status == 0);
        CHECK(r.out.empty());
        const Result dump = fx.run_program(
            "/usr/bin/python3",
            {(cli_test::source_dir() / "tests/xlsx/dump.py").string(), (fx.dir() / name).string()});
        INFO("dump.py: " << dump.err);
        REQUIRE(dump.status == 0);
        return cli_test::parse_json(dump.out);
    }
};

// The index of the column named `name` in the header row.
std::size_t column(const nlohmann::json& book, const std::string& name) {
    const auto& header = book["rows"][0];
    for (std::size_t i = 0; i < header.size(); ++i)
        if (header[i]["value"] == name) return i;
    FAIL("no column " << name);
    return 0;
}

void check_header(const nlohmann::json& book) {
    CHECK(book["freeze"] == "A2");
    REQUIRE(!book["header_bold"].empty());
    for (const auto& bold : book["header_bold"]) CHECK(bold == true);
    for (const auto& cell : book["rows"][0]) CHECK(cell["type"] == "text");
}

}  // namespace

TEST_CASE("xlsx: list, a date in the policy's zone, labels, widths for CJK text") {
    Env e;
    const auto book = e.xlsx({"list"});
    check_header(book);
    CHECK(book["sheets"] == nlohmann::json::array({"complaints"}));
    REQUIRE(book["rows"].size() == 2);
    const auto& row = book["rows"][1];
    CHECK(row[column(book, "number")]["value"] == e.id);
    const auto& received = row[column(book, "received")];
    CHECK(received["type"] == "date");
    CHECK(received["value"] == "2026-11-20T09:30:00");
    CHECK(received["format"] == "yyyy-mm-dd hh:mm");
    const std::size_t category = column(book, "category");
    CHECK(row[category]["value"] == "产品质量问题");
    // Six wide characters: twelve columns, and some room.
    const std::string letter(1, static_cast<char>('A' + category));
    CHECK(book["widths"][letter].get<double>() >= 12);
}

TEST_CASE("xlsx: report summary, milestones, trend and overdue: counts and rates are numbers") {
    Env e;
    const auto summary = e.xlsx({"report", "summary", "--by", "category"});
    check_header(summary);
    CHECK(summary["sheets"] == nlohmann::json::array({"summary"}));
    REQUIRE(summary["rows"].size() >= 2);
    const auto& received = summary["rows"][1][column(summary, "received")];
    CHECK(received["type"] == "number");
    CHECK(received["value"] == 1);
    // Rates are fractions shown as percentages: 1 is 100.0%.
    const auto& rate = summary["rows"][1][column(summary, "on_time_rate")];
    CHECK(rate["type"] == "number");
    CHECK(rate["value"] == 1);
    CHECK(rate["format"] == "0.0%");
    CHECK(received["format"] == "General");

    const auto milestones = e.xlsx({"report", "milestones"}, "m.xlsx");
    check_header(milestones);
    REQUIRE(milestones["rows"].size() >= 2);
    CHECK(milestones["rows"][1][column(milestones, "met")]["type"] == "number");

    const auto trend =
        e.xlsx({"report", "trend", "--from", "2026-10-01", "--to", "2026-12-01"}, "t.xlsx");
    check_header(trend);
    REQUIRE(trend["rows"].size() == 3);  // October, November
    CHECK(trend["rows"][2][column(trend, "received")]["value"] == 1);
    CHECK(trend["rows"][2][column(trend, "received")]["type"] == "number");

    e.fx.register_complaint({"--received-at", "2026-11-25 09:00"}, e.env);
    const auto overdue = e.xlsx({"report", "overdue"}, "o.xlsx");
    check_header(overdue);
    REQUIRE(overdue["rows"].size() >= 2);
    CHECK(overdue["rows"][1][column(overdue, "deadline")]["type"] == "date");
}

TEST_CASE("xlsx: query and export: money with two decimals, UTC times as local dates") {
    Env e;
    const auto q = e.xlsx(
        {"query", "SELECT id, received_at, resolution_amount, 2.5 AS half FROM complaint_facts"});
    check_header(q);
    REQUIRE(q["rows"].size() == 2);
    const auto& row = q["rows"][1];
    CHECK(row[0]["value"] == e.id);
    CHECK(row[1]["type"] == "date");
    CHECK(row[1]["value"] == "2026-11-20T09:30:00");  // 01:30Z in Asia/Shanghai
    CHECK(row[2]["type"] == "number");
    CHECK(row[2]["value"] == 128.5);
    CHECK(row[2]["format"] == "0.00");
    CHECK(row[3]["value"] == 2.5);

    const auto exported = e.xlsx({"export"}, "all.xlsx");
    check_header(exported);
    REQUIRE(exported["rows"].size() == 2);
    CHECK(exported["rows"][1][column(exported, "received_at")]["type"] == "date");
    CHECK(exported["rows"][1][column(exported, "total_amount")]["value"] == 128.5);
}

TEST_CASE("xlsx: -o for text, CSV and JSON; usage errors") {
    Env e;
    Result r = e.run({"list", "-o", "list.txt"});
    REQUIRE(r.status == 0);
    CHECK(r.out.empty());
    CHECK(cli_test::read_file(e.fx.dir() / "list.txt").find(e.id) != std::string::npos);
    r = e.run({"--format", "csv", "report", "summary", "-o", "s.csv"});
    REQUIRE(r.status == 0);
    CHECK(r.out.empty());
    CHECK(cli_test::read_file(e.fx.dir() / "s.csv").starts_with("received,"));
    r = e.run({"--format", "json", "query", "SELECT 1 AS one", "-o", "q.json"});
    REQUIRE(r.status == 0);
    CHECK(cli_test::parse_json(cli_test::read_file(e.fx.dir() / "q.json"))[0]["one"] == 1);

    // A spreadsheet is not written to a terminal or a pipe.
    r = e.run({"--format", "xlsx", "list"});
    CHECK(r.status == 64);
    CHECK(r.err.find("-o FILE") != std::string::npos);
    r = e.run({"--format", "xlsx", "list", "-o", "-"});
    CHECK(r.status == 64);
    // Not a table.
    r = e.run({"--format", "xlsx", "show", e.id});
    CHECK(r.status == 64);
    // A failed command leaves no file, and an existing one as it was.
    e.fx.write_file("keep.xlsx", "old");
    r = e.run({"--format", "xlsx", "query", "SELECT nonsense FROM nowhere", "-o", "keep.xlsx"});
    CHECK(r.status != 0);
    CHECK(cli_test::read_file(e.fx.dir() / "keep.xlsx") == "old");
    // Personal data: the workbook is the owner's only (0600).
    e.xlsx({"list"}, "mode.xlsx");
    namespace fs = std::filesystem;
    const fs::perms mode = fs::status(e.fx.dir() / "mode.xlsx").permissions() & fs::perms::all;
    CHECK(mode == (fs::perms::owner_read | fs::perms::owner_write));
    r = e.run({"--format", "xlsx", "query", "SELECT nonsense FROM nowhere", "-o", "bad.xlsx"});
    CHECK(r.status != 0);
    CHECK(!std::filesystem::exists(e.fx.dir() / "bad.xlsx"));
}

TEST_CASE("xlsx: more rows than a worksheet holds: exit 74, nothing written") {
    Env e;
    e.fx.write_file("big.xlsx", "before");
    // 1 048 576 rows under the header: one more than Excel's sheet holds.
    const Result r = e.run({"--format", "xlsx", "query",
                            "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n "
                            "WHERE i < 1048576) SELECT i FROM n",
                            "-o", "big.xlsx"});
    CHECK(r.status == 74);
    CHECK(r.err_first_line() ==
          "complaints: error: cannot write the spreadsheet: an .xlsx worksheet holds at most "
          "1048575 rows under its header; this table has more");
    CHECK(cli_test::read_file(e.fx.dir() / "big.xlsx") == "before");
    // In Chinese, the same limit, named in the translated message.
    EnvChanges chinese = e.env;
    chinese["LANG"] = "zh_CN.UTF-8";
    chinese["LOCPATH"] = COMPLAINTS_TEST_LOCPATH;
    const Result zh = e.fx.run({"--format", "xlsx", "query",
                                "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n "
                                "WHERE i < 1048576) SELECT i FROM n",
                                "-o", "big.xlsx"},
                               "", chinese);
    CHECK(zh.status == 74);
    CHECK(zh.err_first_line() ==
          "complaints: 错误：无法写入电子表格：一个 .xlsx 工作表在表头下最多容纳 1048575 "
          "行，此表格的行数超出了上限");
    CHECK(cli_test::read_file(e.fx.dir() / "big.xlsx") == "before");
}
