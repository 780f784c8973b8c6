// `report monthly` (SPEC §15): the month's page, its month in the policy's
// zone, the figures beside the month before, the tables by category, the
// overdue milestones at the month's end, the chain head, -o, and the usage
// errors. (tests/browser/monthly.sh renders the page in a real browser.)
#include "harness.hpp"

#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

using cli_test::EnvChanges;
using cli_test::Fixture;
using cli_test::Result;

namespace {

// The policy's zone is Asia/Shanghai while the runs get TZ=UTC, so that a
// month cut in the wrong zone shows.
const std::string k_policy =
    "[organization]\nname = \"示例公司\"\ntimezone = \"Asia/Shanghai\"\n"
    "[category.product]\nlabel = \"产品质量\"\n[category.delivery]\nlabel = \"物流配送\"\n"
    "[category.service]\nlabel = \"服务态度\"\n";

struct Env {
    Fixture& fx;
    EnvChanges env{{"TZ", "UTC"}};

    Result run(const std::vector<std::string>& args, const std::string& now = "2026-12-02 10:00") {
        EnvChanges e = env;
        e["COMPLAINTS_NOW"] = now;
        return fx.run(args, "", e);
    }
    void ok(const std::vector<std::string>& args) {
        const Result r = run(args);
        INFO(args.front() << " " << args.at(1) << ": " << r.err);
        REQUIRE(r.status == 0);
    }
    std::string reg(const std::vector<std::string>& extra) {
        EnvChanges e = env;
        e["COMPLAINTS_NOW"] = "2026-12-02 10:00";
        return fx.register_complaint(extra, e);
    }
    std::string page(const std::vector<std::string>& extra = {},
                     const std::string& now = "2026-12-02 10:00") {
        std::vector<std::string> args{"report", "monthly"};
        args.insert(args.end(), extra.begin(), extra.end());
        const Result r = run(args, now);
        INFO("stderr: " << r.err);
        REQUIRE(r.status == 0);
        CHECK(r.err.empty());
        return r.out;
    }
};

// October: O1 product. November (Asia/Shanghai): N1 product received
// 2026-10-31T16:30Z (= 11-01 00:30 local), resolved 11-05 with 128.50 paid
// and closed after a satisfied revisit on 11-06; N2 delivery, untouched
// (overdue at the month's end); N3 product on 11-30 23:30 local. December:
// D1 received 2026-11-30T16:30Z (= 12-01 00:30 local): not in November.
struct Data {
    std::string o1, n1, n2, n3, d1;
};

Data build(Env& e) {
    Data d;
    d.o1 = e.reg({"--received-at", "2026-10-12 10:00", "--summary", "October kettle"});
    d.n1 = e.reg({"--received-at", "2026-10-31T16:30:00Z", "--summary", "Kettle leaks"});
    d.n2 = e.reg({"--received-at", "2026-11-10 10:00", "--category", "delivery", "--summary",
                  "快递八天未送达 <b>"});
    d.n3 = e.reg({"--received-at", "2026-11-30 23:30"});
    d.d1 = e.reg({"--received-at", "2026-11-30T16:30:00Z", "--summary", "December one"});
    e.ok({"assign", d.n1, "--to", "zhang", "--at", "2026-11-02 10:00"});
    e.ok({"resolve", d.n1, "--plan", "p", "--outcome", "refund", "--amount", "128.50", "--at",
          "2026-11-05 10:00"});
    e.ok({"revisit", d.n1, "--result", "satisfied", "--score", "5", "--at", "2026-11-06 10:00"});
    return d;
}

// The cells of the figures table's row named `name`: this month, the month before, change.
std::string figure_row(const std::string& html, const std::string& name) {
    const auto at = html.find("<tr><td>" + name + "</td>");
    REQUIRE_MESSAGE(at != std::string::npos, name);
    return html.substr(at, html.find("</tr>", at) - at);
}

std::string read(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

}  // namespace

TEST_CASE("report monthly: the month's figures beside the month before, in the policy's zone") {
    Fixture fx;
    fx.write_file("complaints.toml", k_policy);
    Env e{fx};
    const Data d = build(e);
    const std::string html = e.page({"--month", "2026-11"});

    CHECK(html.starts_with("<!DOCTYPE html>"));
    CHECK(html.find("<title>示例公司: complaints report, 2026-11</title>") != std::string::npos);
    CHECK(figure_row(html, "Received") ==
          "<tr><td>Received</td><td class=\"num\">3</td><td class=\"num\">1</td>"
          "<td class=\"num\"><span class=\"up\">▲ 2</span></td>");
    CHECK(figure_row(html, "Closed").find("<td class=\"num\">1</td><td class=\"num\">0</td>") !=
          std::string::npos);
    CHECK(figure_row(html, "Paid (CNY)")
              .find("<td class=\"num\">128.50 CNY</td><td class=\"num\">0.00 CNY</td>") !=
          std::string::npos);
    CHECK(figure_row(html, "Satisfaction rate").find(">100.0%<") != std::string::npos);
    // By category, with the policy's labels: 2 of 3 product, 1 delivery.
    CHECK(html.find("<td class=\"text\">产品质量</td><td class=\"num\">2</td><td "
                    "class=\"num\">66.7%</td>") != std::string::npos);
    CHECK(html.find("<td class=\"text\">物流配送</td><td class=\"num\">1</td>") !=
          std::string::npos);
    // Overdue at 2026-12-01 00:00 local: N2's milestones, never D1's (due later).
    CHECK(html.find("Overdue at the month's end (2026-12-01 00:00)") != std::string::npos);
    CHECK(html.find("<td>" + d.n2 + "</td><td>assign</td>") != std::string::npos);
    CHECK(html.find("快递八天未送达 &lt;b&gt;") != std::string::npos);
    CHECK(html.find("<td>" + d.d1 + "</td>") == std::string::npos);
    // The chart: 12 months ending with November, received and closed.
    CHECK(html.find(">2025-12</text>") != std::string::npos);
    CHECK(html.find(">2026-11</text>") != std::string::npos);
    CHECK(html.find(">2026-12</text>") == std::string::npos);
    CHECK(html.find("<rect class=\"bar received\" data-value=\"3\"") != std::string::npos);
    // Nothing fetched, nothing run.
    for (const char* banned : {"<script", "http://", "https://", "src=", "@import", "url("})
        CHECK_MESSAGE(html.find(banned) == std::string::npos, banned);
}

TEST_CASE("report monthly: the chain head is the one verify prints") {
    Fixture fx;
    fx.write_file("complaints.toml", k_policy);
    Env e{fx};
    build(e);
    const Result v = e.run({"verify"});
    REQUIRE(v.status == 0);
    const auto at = v.out.find("head ");
    REQUIRE(at != std::string::npos);
    const std::string head = v.out.substr(at + 5, 64);
    // "ok: N complaints, M events, head H": the last event's seq is M.
    const auto comma = v.out.find(" complaints, ");
    REQUIRE(comma != std::string::npos);
    const std::string events = v.out.substr(comma + 13, v.out.find(' ', comma + 13) - comma - 13);
    const std::string html = e.page({"--month", "2026-11"});
    CHECK(html.find("<p class=\"hash\">" + head + "</p>") != std::string::npos);
    CHECK(html.find("Event " + events + " of the history, taken 2026-12-02 10:00") !=
          std::string::npos);
}

TEST_CASE("report monthly: the default month is the last full month in the policy's zone") {
    Fixture fx;
    fx.write_file("complaints.toml", k_policy);
    Env e{fx};
    build(e);
    // 2026-11-30T16:30Z is already December 1st in Shanghai.
    CHECK(e.page({}, "2026-11-30T16:30:00Z").find("<title>示例公司: complaints report, 2026-11") !=
          std::string::npos);
    CHECK(e.page({}, "2026-11-30T15:30:00Z").find("<title>示例公司: complaints report, 2026-10") !=
          std::string::npos);
    // January: the month before is last year's December.
    const std::string january = e.page({}, "2027-01-15 10:00");
    CHECK(january.find("complaints report, 2026-12</title>") != std::string::npos);
    CHECK(january.find("the month before: 2026-11.") != std::string::npos);
    CHECK(e.page({"--month", "2026-11"}, "2027-03-01 10:00") ==
          e.page({"--month", "2026-11"}, "2027-03-01 10:00"));
}

TEST_CASE("report monthly -o: the file written whole, its path printed") {
    Fixture fx;
    fx.write_file("complaints.toml", k_policy);
    Env e{fx};
    build(e);
    const std::string out = (fx.dir() / "nov.html").string();
    const Result r = e.run({"report", "monthly", "--month", "2026-11", "-o", out});
    INFO("stderr: " << r.err);
    REQUIRE(r.status == 0);
    CHECK(r.out == out + "\n");
    CHECK(read(out) == e.page({"--month", "2026-11"}));
    // Nothing else left beside it (no temporary file).
    std::size_t html_files = 0;
    for (const auto& entry : std::filesystem::directory_iterator(fx.dir()))
        if (entry.path().filename().string().find("nov") != std::string::npos) ++html_files;
    CHECK(html_files == 1);
    SUBCASE("a directory that does not exist: exit 73, nothing written") {
        const Result bad =
            e.run({"report", "monthly", "-o", (fx.dir() / "no/such/x.html").string()});
        CHECK(bad.status == 73);
        CHECK(bad.out.empty());
    }
}

TEST_CASE("report monthly: usage errors") {
    Fixture fx;
    fx.write_file("complaints.toml", k_policy);
    Env e{fx};
    build(e);
    for (const char* format : {"json", "csv"}) {
        const Result r = e.run({"--format", format, "report", "monthly"});
        CHECK(r.status == 64);
        CHECK(r.out.empty());
        CHECK(r.err_first_line() ==
              std::string("complaints: error: report monthly writes an HTML page, not ") + format);
    }
    for (const char* month : {"2026-13", "2026-1", "2026-00", "Nov", "2026-11-01", ""}) {
        INFO("month: " << month);
        const Result r = e.run({"report", "monthly", "--month", month});
        CHECK(r.status == 64);
        CHECK(r.out.empty());
        CHECK(r.err_first_line() ==
              std::string("complaints: error: bad month '") + month + "' for --month");
    }
}
