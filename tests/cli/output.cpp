// Output formats (SPEC §5 JSON shapes, §8): JSON keys and values, RFC 4180
// CSV, text tables aligned by display width, empty reports, help and version.
#include "harness.hpp"

#include <doctest/doctest.h>

#include <filesystem>
#include <regex>
#include <string>
#include <vector>

using cli_test::Fixture;
using cli_test::Result;
using nlohmann::json;

namespace {

const std::regex k_rfc3339_shanghai{R"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+08:00)"};

// Every time in `j` (keys named like times) is RFC 3339 with +08:00.
void check_times(const json& j, const std::string& where = "") {
    static const std::vector<std::string> k_time_keys = {
        "at", "due", "met_at", "received_at", "recorded_at", "closed_at", "next_deadline"};
    if (j.is_array()) {
        for (std::size_t i = 0; i < j.size(); ++i)
            check_times(j[i], where + "[" + std::to_string(i) + "]");
        return;
    }
    if (!j.is_object()) return;
    for (const auto& [key, value] : j.items()) {
        const bool is_time =
            std::find(k_time_keys.begin(), k_time_keys.end(), key) != k_time_keys.end();
        if (is_time && value.is_string()) {
            INFO(where << "." << key << " = " << value.get<std::string>());
            CHECK(std::regex_match(value.get<std::string>(), k_rfc3339_shanghai));
        } else if (key != "details") {
            check_times(value, where + "." + key);
        }
    }
}

void check_keys(const json& j, const std::vector<std::string>& keys) {
    REQUIRE(j.is_object());
    for (const auto& key : keys) CHECK_MESSAGE(j.contains(key), "missing key " << key);
}

const std::vector<std::string> k_complaint_keys = {
    "id",           "status",      "kind",          "channel",     "category",
    "severity",     "customer",    "summary",       "description", "demand",
    "ref",          "received_at", "registered_by", "assignee",    "department",
    "reopen_count", "findings",    "resolution",    "revisits",    "milestones"};

void check_complaint_shape(const json& j) {
    check_keys(j, k_complaint_keys);
    check_keys(j["customer"], {"name", "contact", "organization", "order"});
    check_keys(j["milestones"], {"assign", "investigate", "resolve", "revisit"});
    for (const char* m : {"assign", "investigate", "resolve", "revisit"}) {
        check_keys(j["milestones"][m], {"due", "met_at", "state"});
        const std::string state = j["milestones"][m]["state"].get<std::string>();
        CHECK((state == "not_started" || state == "pending" || state == "overdue" ||
               state == "met" || state == "met_late"));
    }
    CHECK(j["findings"].is_array());
    CHECK(j["revisits"].is_array());
    CHECK(j["reopen_count"].is_number_integer());
}

// The display column at which the cell following `cell` starts on `line`.
int next_cell_column(const std::string& line, const std::string& cell) {
    const auto at = line.find(cell);
    REQUIRE_MESSAGE(at != std::string::npos, "no '" << cell << "' in: " << line);
    auto next = at + cell.size();
    while (next < line.size() && line[next] == ' ') ++next;
    return cli_test::display_width(line.substr(0, next));
}

int column_of(const std::string& line, const std::string& cell) {
    const auto at = line.find(cell);
    REQUIRE_MESSAGE(at != std::string::npos, "no '" << cell << "' in: " << line);
    return cli_test::display_width(line.substr(0, at));
}

}  // namespace

TEST_CASE("output: register --format json gives the whole complaint") {
    Fixture f;
    const Result r = f.run({"--format",  "json",          "register",
                            "--channel", "email",         "--category",
                            "billing",   "--customer",    "王芳",
                            "--contact", "13800000000",   "--org",
                            "Acme",      "--order",       "SO-1",
                            "--summary", "Charged twice", "--demand",
                            "refund",    "--severity",    "major",
                            "--kind",    "complaint",     "--ref",
                            "T-1",       "--received-at", "2026-11-20 15:00"});
    INFO("stderr: " << r.err);
    REQUIRE(r.status == 0);
    const json j = cli_test::parse_json(r.out);
    check_complaint_shape(j);
    check_times(j);
    CHECK(j["id"] == "20261120-EML-001");
    CHECK(j["status"] == "registered");
    CHECK(j["kind"] == "complaint");
    CHECK(j["channel"] == "email");
    CHECK(j["category"] == "billing");
    CHECK(j["severity"] == "major");
    CHECK(j["customer"]["name"] == "王芳");
    CHECK(j["customer"]["contact"] == "13800000000");
    CHECK(j["customer"]["organization"] == "Acme");
    CHECK(j["customer"]["order"] == "SO-1");
    CHECK(j["summary"] == "Charged twice");
    CHECK(j["description"].is_null());
    CHECK(j["demand"] == "refund");
    CHECK(j["ref"] == "T-1");
    CHECK(j["received_at"] == "2026-11-20T15:00:00+08:00");
    CHECK(j["registered_by"] == "tester");
    CHECK(j["resolution"].is_null());
    // What register printed is what show gives.
    const json shown = f.show("20261120-EML-001");
    CHECK(shown["milestones"] == j["milestones"]);
    CHECK(shown["customer"] == j["customer"]);
}

TEST_CASE("output: show --format json has every key, RFC 3339 times and money as a string") {
    Fixture f;
    const auto id = f.register_complaint({"--received-at", "2026-11-20T15:00:00+08:00"});
    REQUIRE(f.run({"assign", id, "--to", "zhang", "--at", "2026-11-20 16:00"}).status == 0);
    REQUIRE(f.run({"investigate", id, "--finding", "leak", "--at", "2026-11-20 16:30"}).status ==
            0);
    REQUIRE(f.run({"resolve", id, "--plan", "refund", "--outcome", "refund", "--amount", "128.50",
                   "--at", "2026-11-20 17:00"})
                .status == 0);
    REQUIRE(
        f.run({"revisit", id, "--result", "satisfied", "--score", "4", "--at", "2026-11-23 09:00"})
            .status == 0);
    const json j = f.show(id);
    check_complaint_shape(j);
    check_keys(j, {"events"});
    check_times(j);
    CHECK(j["milestones"]["assign"]["state"] == "met");
    CHECK(j["milestones"]["assign"]["met_at"] == "2026-11-20T16:00:00+08:00");
    REQUIRE(j["resolution"].is_object());
    check_keys(j["resolution"],
               {"plan", "outcome", "amount", "currency", "responsible", "at", "by"});
    CHECK(j["resolution"]["amount"].is_string());
    CHECK(j["resolution"]["amount"] == "128.50");
    CHECK(j["resolution"]["currency"] == "CNY");
    REQUIRE(j["findings"].size() == 1);
    check_keys(j["findings"][0], {"at", "by", "text", "cause", "substantiated"});
    REQUIRE(j["revisits"].size() == 1);
    check_keys(j["revisits"][0], {"at", "by", "result", "score", "note"});
    CHECK(j["revisits"][0]["score"] == 4);
    REQUIRE(j["events"].size() == 5);
    for (const auto& e : j["events"]) check_keys(e, {"type", "at", "recorded_at", "actor"});
}

TEST_CASE("output: amounts are exact decimals with two fraction digits") {
    const std::vector<std::pair<std::string, std::string>> amounts = {
        {"128.5", "128.50"},
        {"0.1", "0.10"},
        {"1000", "1000.00"},
        {"0.29", "0.29"},
        {"99999999.99", "99999999.99"}};
    Fixture f;
    for (const auto& [given, shown] : amounts) {
        CAPTURE(given);
        const auto id = f.register_complaint();
        REQUIRE(f.run({"assign", id, "--to", "zhang"}).status == 0);
        const Result r =
            f.run({"resolve", id, "--plan", "p", "--outcome", "refund", "--amount", given});
        INFO("stderr: " << r.err);
        REQUIRE(r.status == 0);
        CHECK(f.show(id)["resolution"]["amount"] == shown);
        const Result text = f.run({"show", id});
        CHECK(text.out.find(shown + " CNY") != std::string::npos);
    }
}

TEST_CASE("output: list --format json is an array of complaints") {
    Fixture f;
    const auto a = f.register_complaint({"--received-at", "2026-11-20 15:00"});
    const auto b = f.register_complaint({"--channel", "web"});
    const Result r = f.run({"--format", "json", "list"});
    REQUIRE(r.status == 0);
    const json j = cli_test::parse_json(r.out);
    REQUIRE(j.is_array());
    REQUIRE(j.size() == 2);
    CHECK(j[0]["id"] == a);
    CHECK(j[1]["id"] == b);
    for (const auto& c : j) {
        check_complaint_shape(c);
        check_times(c);
    }

    // Nothing matches: an empty array.
    const Result none = f.run({"--format", "json", "list", "--status", "closed"});
    REQUIRE(none.status == 0);
    CHECK(cli_test::parse_json(none.out) == json::array());
}

TEST_CASE("output: list as text is the same with its rows set aside or held") {
    // The text table measures every row first: the cells are kept in a
    // temporary file in TMPDIR; without one, in memory. Either way the
    // columns are as wide as their widest cell.
    Fixture f;
    f.register_complaint({"--received-at", "2026-11-20 15:00"});
    f.register_complaint({"--channel", "web", "--summary", "a much longer summary than the other"});
    const Result spooled = f.run({"list"});
    REQUIRE(spooled.status == 0);
    const Result twice = f.run({"list"}, "", {{"TMPDIR", "/nonexistent/complaints-test"}});
    REQUIRE(twice.status == 0);
    CHECK(twice.err.empty());
    CHECK(twice.out == spooled.out);
    const auto lines = spooled.out_lines();
    REQUIRE(lines.size() == 3);
    // The last column starts where its header does.
    const auto at = lines[0].find("summary");
    REQUIRE(at != std::string::npos);
    CHECK(lines[2].substr(at).starts_with("a much longer summary"));
}

TEST_CASE("output: report summary and report overdue --format json") {
    Fixture f;
    const auto id =
        f.register_complaint({"--received-at", "2026-11-02 09:00", "--category", "delivery"});
    REQUIRE(f.run({"assign", id, "--to", "zhang", "--department", "QC", "--at", "2026-11-02 10:00"})
                .status == 0);

    Result r = f.run({"--format", "json", "report", "summary", "--by", "category"});
    REQUIRE(r.status == 0);
    json j = cli_test::parse_json(r.out);
    REQUIRE(j.is_array());
    REQUIRE(j.size() == 1);
    check_keys(j[0],
               {"category", "received", "open", "closed", "rejected", "withdrawn", "on_hold",
                "overdue", "resolved", "resolved_on_time", "on_time_rate", "avg_resolve_hours",
                "revisited", "satisfied", "satisfaction_rate", "avg_score", "reopened"});
    CHECK(j[0]["category"] == "delivery");
    CHECK(j[0]["received"] == 1);
    CHECK(j[0]["open"] == 1);
    CHECK(j[0]["overdue"] == 1);

    r = f.run({"--format", "json", "report", "overdue"});
    REQUIRE(r.status == 0);
    j = cli_test::parse_json(r.out);
    REQUIRE(j.is_array());
    // Acknowledge (1wd: due Tue 11-03 18:00; no contact came), investigate (due Thu
    // 11-05 18:00) and resolve (Mon 11-09 18:00), most overdue first.
    REQUIRE(j.size() == 3);
    for (const auto& row : j)
        check_keys(row, {"id", "milestone", "due", "late_minutes", "assignee", "department",
                         "severity", "summary"});
    check_times(j);
    CHECK(j[0]["milestone"] == "acknowledge");
    CHECK(j[0]["due"] == "2026-11-03T18:00:00+08:00");
    CHECK(j[0]["late_minutes"] == (19 * 24 + 16) * 60);
    CHECK(j[1]["id"] == id);
    CHECK(j[1]["milestone"] == "investigate");
    CHECK(j[1]["due"] == "2026-11-05T18:00:00+08:00");
    CHECK(j[1]["late_minutes"] == (17 * 24 + 16) * 60);
    CHECK(j[1]["assignee"] == "zhang");
    CHECK(j[1]["department"] == "QC");
    CHECK(j[1]["severity"] == "general");
    CHECK(j[1]["summary"] == "Kettle leaks");
    CHECK(j[2]["milestone"] == "resolve");
    CHECK(j[2]["late_minutes"] == (13 * 24 + 16) * 60);
}

TEST_CASE("output: report overdue prints nothing at all when nothing is overdue") {
    Fixture f;
    // acknowledge and assign due Tuesday 18:00 (1wd), not overdue on Monday
    f.register_complaint();
    Result r = f.run({"report", "overdue"});
    CHECK(r.status == 0);
    CHECK(r.out.empty());
    CHECK(r.err.empty());
    r = f.run({"--format", "json", "report", "overdue"});
    CHECK(r.status == 0);
    CHECK(cli_test::parse_json(r.out) == json::array());
    // --within 2wd (to Wednesday 18:00) brings both in, 32 hours ahead.
    r = f.run({"--format", "json", "report", "overdue", "--within", "2wd"});
    REQUIRE(r.status == 0);
    const json j = cli_test::parse_json(r.out);
    REQUIRE(j.size() == 2);
    CHECK(j[0]["milestone"] == "acknowledge");
    CHECK(j[1]["milestone"] == "assign");
    for (const auto& row : j) {
        CHECK(row["due"] == "2026-11-24T18:00:00+08:00");
        CHECK(row["late_minutes"] == -32 * 60);
    }
    // 8h reaches only Monday 18:00.
    r = f.run({"--format", "json", "report", "overdue", "--within", "8h"});
    REQUIRE(r.status == 0);
    CHECK(cli_test::parse_json(r.out) == json::array());
}

TEST_CASE("output: report summary rates with a zero denominator are empty, or null in JSON") {
    Fixture f;
    f.register_complaint();
    Result r = f.run({"--format", "json", "report", "summary"});
    REQUIRE(r.status == 0);
    const json j = cli_test::parse_json(r.out);
    REQUIRE(j.is_array());
    REQUIRE(j.size() == 1);
    CHECK(j[0]["received"] == 1);
    CHECK(j[0]["resolved"] == 0);
    CHECK(j[0]["on_time_rate"].is_null());
    CHECK(j[0]["satisfaction_rate"].is_null());
    CHECK(j[0]["avg_score"].is_null());
    CHECK(j[0]["avg_resolve_hours"].is_null());

    r = f.run({"--format", "csv", "report", "summary"});
    REQUIRE(r.status == 0);
    const auto rows = cli_test::parse_csv(r.out);
    REQUIRE(rows.size() == 2);
    REQUIRE(rows[0].size() == rows[1].size());
    for (std::size_t i = 0; i < rows[0].size(); ++i) {
        CAPTURE(rows[0][i]);
        const std::string& name = rows[0][i];
        if (name == "on_time_rate" || name == "satisfaction_rate" || name == "avg_score" ||
            name == "avg_resolve_hours")
            CHECK(rows[1][i].empty());
        if (name == "received") CHECK(rows[1][i] == "1");
        if (name == "resolved") CHECK(rows[1][i] == "0");
    }

    // Text: the cells under the rate headers are blank.
    r = f.run({"report", "summary"});
    REQUIRE(r.status == 0);
    const auto lines = r.out_lines();
    REQUIRE(lines.size() >= 2);
    const std::string& header = lines.front();
    const std::string& total = lines.back();
    for (const char* name : {"on_time_rate", "satisfaction_rate", "avg_score"}) {
        CAPTURE(name);
        const auto at = header.find(name);
        REQUIRE(at != std::string::npos);
        const std::string cell =
            total.size() > at ? total.substr(at, std::string(name).size()) : "";
        CHECK(cell.find_first_not_of(' ') == std::string::npos);
    }
    CHECK(total.find("nan") == std::string::npos);
}

TEST_CASE("output: list --format csv is RFC 4180 with a header and CRLF line ends") {
    Fixture f;
    const std::string tricky = "Leaks, \"badly\" on the table";
    const auto a = f.register_complaint({"--summary", tricky});
    const auto b = f.register_complaint({"--summary", "plain"});
    const Result r = f.run({"--format", "csv", "list"});
    REQUIRE(r.status == 0);
    CHECK(r.out.find("\"Leaks, \"\"badly\"\" on the table\"") != std::string::npos);
    // Every line ends with CRLF, and there is no bare LF.
    REQUIRE(r.out.size() >= 2);
    CHECK(r.out.substr(r.out.size() - 2) == "\r\n");
    for (std::size_t i = 0; i < r.out.size(); ++i)
        if (r.out[i] == '\n') CHECK((i > 0 && r.out[i - 1] == '\r'));
    const auto rows = cli_test::parse_csv(r.out);
    REQUIRE(rows.size() == 3);
    CHECK(rows[0].front() == "number");
    const auto summary = std::find(rows[0].begin(), rows[0].end(), "summary") - rows[0].begin();
    REQUIRE(summary < static_cast<long>(rows[0].size()));
    for (const auto& row : rows) CHECK(row.size() == rows[0].size());
    CHECK(rows[1][0] == a);
    CHECK(rows[1][summary] == tricky);
    CHECK(rows[2][0] == b);
    CHECK(rows[2][summary] == "plain");
}

TEST_CASE("output: report summary --format csv has a header row and one row per group") {
    Fixture f;
    f.register_complaint({"--category", "product"});
    f.register_complaint({"--category", "delivery"});
    f.register_complaint({"--category", "delivery"});
    const Result r = f.run({"--format", "csv", "report", "summary", "--by", "category"});
    REQUIRE(r.status == 0);
    CHECK(r.out.rfind("category,received,open,closed,rejected,withdrawn,on_hold,awaiting_approval,"
                      "overdue,resolved,"
                      "resolved_on_time,",
                      0) == 0);
    for (std::size_t i = 0; i < r.out.size(); ++i)
        if (r.out[i] == '\n') CHECK((i > 0 && r.out[i - 1] == '\r'));
    const auto rows = cli_test::parse_csv(r.out);
    REQUIRE(rows.size() == 3);  // header and two groups, no total row in CSV
    CHECK(rows[1][0] == "delivery");
    CHECK(rows[1][1] == "2");
    CHECK(rows[2][0] == "product");
    CHECK(rows[2][1] == "1");
}

TEST_CASE("output: text tables align columns by display width with CJK text") {
    Fixture f;
    const auto a = f.register_complaint({"--received-at", "2026-11-02 09:00"});
    const auto b = f.register_complaint({"--received-at", "2026-11-02 09:00"});
    REQUIRE(
        f.run({"assign", a, "--to", "王芳", "--department", "质量部", "--at", "2026-11-02 10:00"})
            .status == 0);
    REQUIRE(f.run({"assign", b, "--to", "zhang", "--department", "QC", "--at", "2026-11-02 10:00"})
                .status == 0);

    SUBCASE("list") {
        const Result r = f.run({"list"});
        REQUIRE(r.status == 0);
        const auto lines = r.out_lines();
        REQUIRE(lines.size() == 3);
        // The column after "assignee" (the next deadline).
        const int header = next_cell_column(lines[0], "assignee");
        CHECK(next_cell_column(lines[1], "王芳") == header);
        CHECK(next_cell_column(lines[2], "zhang") == header);
        CHECK(column_of(lines[1], "王芳") == column_of(lines[0], "assignee"));
        CHECK(column_of(lines[2], "zhang") == column_of(lines[0], "assignee"));
    }
    SUBCASE("report overdue") {
        const Result r = f.run({"report", "overdue"});
        REQUIRE(r.status == 0);
        const auto lines = r.out_lines();
        REQUIRE(lines.size() == 7);  // header, acknowledge, investigate and resolve of each
        const int department = column_of(lines[0], "department");
        const int severity = column_of(lines[0], "severity");
        for (std::size_t i = 1; i < lines.size(); ++i) {
            CAPTURE(lines[i]);
            const bool cjk = lines[i].find("王芳") != std::string::npos;
            CHECK(next_cell_column(lines[i], cjk ? "王芳" : "zhang") == department);
            CHECK(next_cell_column(lines[i], cjk ? "质量部" : "QC") == severity);
        }
    }
}

TEST_CASE("output: text is neither coloured nor cut when standard output is not a terminal") {
    Fixture f;
    const std::string long_summary(150, 'x');
    const auto id =
        f.register_complaint({"--summary", long_summary, "--received-at", "2026-11-02 09:00"});
    for (const auto& args : {std::vector<std::string>{"list"}, std::vector<std::string>{"show", id},
                             std::vector<std::string>{"report", "overdue"}}) {
        CAPTURE(args.front());
        const Result r = f.run(args, "", {{"COLUMNS", "40"}, {"NO_COLOR", std::nullopt}});
        REQUIRE(r.status == 0);
        CHECK(r.out.find(long_summary) != std::string::npos);
        CHECK(r.out.find('\x1b') == std::string::npos);
        CHECK(r.out.find("…") == std::string::npos);
    }
}

TEST_CASE("output: --help on every command exits 0 and shows an example") {
    const std::vector<std::vector<std::string>> commands = {
        {},
        {"init"},
        {"register"},
        {"assign"},
        {"investigate"},
        {"resolve"},
        {"revisit"},
        {"show"},
        {"list"},
        {"report"},
        {"report", "summary"},
        {"report", "overdue"},
        {"policy"},
        {"policy", "check"},
        {"policy", "show"},
    };
    Fixture f;
    for (auto args : commands) {
        const std::string name =
            args.empty() ? "(top level)" : args.front() + (args.size() > 1 ? " " + args[1] : "");
        CAPTURE(name);
        args.push_back("--help");
        const Result r = f.run(args);
        CHECK(r.status == 0);
        CHECK(r.err.empty());
        CHECK(r.out.find("Example") != std::string::npos);
        // The usage line names the command as it is typed.
        std::string usage = "Usage: complaints";
        for (std::size_t i = 0; i + 1 < args.size(); ++i) usage += " " + args[i];
        CHECK(r.out.find(usage + " ") != std::string::npos);
    }
    CHECK_FALSE(cli_test::database_exists(f.db()));
}

TEST_CASE("output: --version exits 0 and prints the version") {
    Fixture f;
    const Result r = f.run({"--version"});
    CHECK(r.status == 0);
    CHECK(r.out.rfind("complaints ", 0) == 0);
    CHECK(r.out.size() > std::string("complaints \n").size());
    CHECK(r.out.back() == '\n');
    CHECK(r.err.empty());
}
