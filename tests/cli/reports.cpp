// `report summary`, `report overdue` and `list` filters (SPEC §5) on a small
// fixed data set whose expected numbers are worked out by hand below.
#include "harness.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <map>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

using cli_test::Fixture;
using cli_test::Result;
using nlohmann::json;

namespace {

// Now is Monday 2026-11-23 10:00 (Asia/Shanghai); built-in policy: Mon-Fri
// 09:00-18:00, acknowledge 1wd (met by the first resolve when no contact came
// first), assign 1wd, investigate 3wd, resolve 5wd, revisit 1wd.
//
// A product  rec Mon 11-16 09:00, assigned, resolved 11-17 10:00 (due 11-23 18:00, on time),
//            revisit satisfied score 5: closed. Resolve hours 25.
// B product  rec Mon 11-16 09:00, resolved 11-17 11:00, revisit unsatisfied score 2 (reopened,
//            resolve due Wed 11-25 18:00), resolved again 11-19 10:00 (on time), revisit
//            satisfied score 4: closed. Last resolution 73 h after receipt.
// C product  rec Mon 11-02 09:00, resolved Tue 11-10 10:00 (due Mon 11-09 18:00: late),
//            one unreachable revisit; revisit due Wed 11-11 18:00: overdue. Resolve hours 193.
// D delivery rec Fri 11-20 15:00 by e-mail, untouched; assign due Mon 11-23 18:00: not yet.
// E delivery rec Mon 11-02 09:00 by web, untouched: assign and resolve overdue.
// F service  rec Mon 11-16 09:00, assigned to 王芳 (客服部), resolved 11-17 10:00, revisit
//            unsatisfied score 1 (reopened), resolved again Thu 11-19 10:00 (on time); revisit
//            due Fri 11-20 18:00: overdue. Resolve hours 73.
struct DataSet {
    std::string a, b, c, d, e, f;
};

void ok(Fixture& fx, const std::vector<std::string>& args) {
    const Result r = fx.run(args);
    INFO(args.front() << " " << args.at(1) << ": " << r.err);
    REQUIRE(r.status == 0);
}

DataSet build(Fixture& fx) {
    DataSet s;
    s.a = fx.register_complaint({"--received-at", "2026-11-16 09:00", "--summary", "A"});
    s.b = fx.register_complaint({"--received-at", "2026-11-16 09:00", "--summary", "B"});
    s.c = fx.register_complaint({"--received-at", "2026-11-02 09:00", "--summary", "C"});
    s.d = fx.register_complaint({"--received-at", "2026-11-20 15:00", "--summary", "D",
                                 "--category", "delivery", "--channel", "email"});
    s.e = fx.register_complaint({"--received-at", "2026-11-02 09:00", "--summary", "E",
                                 "--category", "delivery", "--channel", "web"});
    s.f = fx.register_complaint(
        {"--received-at", "2026-11-16 09:00", "--summary", "F", "--category", "service"});
    REQUIRE(s.a == "20261116-TEL-001");
    REQUIRE(s.b == "20261116-TEL-002");
    REQUIRE(s.c == "20261102-TEL-001");
    REQUIRE(s.d == "20261120-EML-001");
    REQUIRE(s.e == "20261102-WEB-001");
    REQUIRE(s.f == "20261116-TEL-003");

    ok(fx, {"assign", s.a, "--to", "zhang", "--at", "2026-11-16 10:00"});
    ok(fx, {"resolve", s.a, "--plan", "refund", "--outcome", "refund", "--at", "2026-11-17 10:00"});
    ok(fx, {"revisit", s.a, "--result", "satisfied", "--score", "5", "--at", "2026-11-18 10:00"});

    ok(fx, {"assign", s.b, "--to", "zhang", "--at", "2026-11-16 10:00"});
    ok(fx, {"resolve", s.b, "--plan", "explain", "--outcome", "explanation", "--at",
            "2026-11-17 11:00"});
    ok(fx, {"revisit", s.b, "--result", "unsatisfied", "--score", "2", "--at", "2026-11-18 11:00"});
    ok(fx, {"resolve", s.b, "--plan", "refund", "--outcome", "refund", "--at", "2026-11-19 10:00"});
    ok(fx, {"revisit", s.b, "--result", "satisfied", "--score", "4", "--at", "2026-11-20 10:00"});

    ok(fx, {"assign", s.c, "--to", "zhang", "--at", "2026-11-02 10:00"});
    ok(fx, {"resolve", s.c, "--plan", "repair", "--outcome", "repair", "--at", "2026-11-10 10:00"});
    ok(fx, {"revisit", s.c, "--result", "unreachable", "--at", "2026-11-11 10:00"});

    ok(fx, {"assign", s.f, "--to", "王芳", "--department", "客服部", "--at", "2026-11-16 10:00"});
    ok(fx,
       {"resolve", s.f, "--plan", "apologise", "--outcome", "apology", "--at", "2026-11-17 10:00"});
    ok(fx, {"revisit", s.f, "--result", "unsatisfied", "--score", "1", "--at", "2026-11-18 10:00"});
    ok(fx, {"resolve", s.f, "--plan", "refund", "--outcome", "refund", "--at", "2026-11-19 10:00"});
    return s;
}

json run_json(Fixture& fx, std::vector<std::string> args) {
    args.insert(args.begin(), {"--format", "json"});
    const Result r = fx.run(args);
    INFO("stderr: " << r.err);
    REQUIRE(r.status == 0);
    return cli_test::parse_json(r.out);
}

std::vector<std::string> ids(const json& rows) {
    std::vector<std::string> out;
    for (const auto& row : rows) out.push_back(row.at("id").get<std::string>());
    return out;
}

struct Expected {
    long long received, open, closed, overdue, resolved, resolved_on_time;
    std::optional<double> on_time_rate, avg_resolve_hours;
    long long revisited, satisfied;
    std::optional<double> satisfaction_rate, avg_score;
    long long reopened;
};

void check_row(const json& row, const Expected& x) {
    INFO("row: " << row.dump());
    CHECK(row["received"] == x.received);
    CHECK(row["open"] == x.open);
    CHECK(row["closed"] == x.closed);
    CHECK(row["overdue"] == x.overdue);
    CHECK(row["resolved"] == x.resolved);
    CHECK(row["resolved_on_time"] == x.resolved_on_time);
    CHECK(row["revisited"] == x.revisited);
    CHECK(row["satisfied"] == x.satisfied);
    CHECK(row["reopened"] == x.reopened);
    const auto check_number = [&](const char* key, const std::optional<double>& value) {
        CAPTURE(key);
        if (!value) {
            CHECK(row[key].is_null());
        } else {
            REQUIRE(row[key].is_number());
            CHECK(row[key].get<double>() == doctest::Approx(*value).epsilon(0.001));
        }
    };
    check_number("on_time_rate", x.on_time_rate);
    check_number("avg_resolve_hours", x.avg_resolve_hours);
    check_number("satisfaction_rate", x.satisfaction_rate);
    check_number("avg_score", x.avg_score);
}

}  // namespace

TEST_CASE("reports: report summary --by category counts a fixed data set") {
    Fixture fx;
    build(fx);

    SUBCASE("JSON, by category") {
        const json rows = run_json(fx, {"report", "summary", "--by", "category"});
        REQUIRE(rows.is_array());
        REQUIRE(rows.size() == 3);
        std::map<std::string, json> by;
        for (const auto& row : rows) by[row.at("category").get<std::string>()] = row;
        REQUIRE(by.count("delivery"));
        REQUIRE(by.count("product"));
        REQUIRE(by.count("service"));
        check_row(by["delivery"], {2, 2, 0, 1, 0, 0, {}, {}, 0, 0, {}, {}, 0});
        check_row(by["product"], {3, 1, 2, 1, 3, 2, 2.0 / 3, 97.0, 2, 2, 1.0, 4.5, 1});
        check_row(by["service"], {1, 1, 0, 1, 1, 1, 1.0, 73.0, 1, 0, 0.0, 1.0, 1});
    }
    SUBCASE("JSON, no grouping: one total row") {
        const json rows = run_json(fx, {"report", "summary"});
        REQUIRE(rows.size() == 1);
        check_row(rows[0], {6, 4, 2, 3, 4, 3, 0.75, 91.0, 3, 2, 2.0 / 3, 10.0 / 3, 2});
    }
    SUBCASE("from and to select on received time, [from, to)") {
        json rows =
            run_json(fx, {"report", "summary", "--from", "2026-11-16", "--to", "2026-11-20 15:00"});
        REQUIRE(rows.size() == 1);
        CHECK(rows[0]["received"] == 3);  // A, B, F; not D at 15:00 exactly
        rows = run_json(fx, {"report", "summary", "--from", "2026-11-20 15:00"});
        REQUIRE(rows.size() == 1);
        CHECK(rows[0]["received"] == 1);  // D
    }
    SUBCASE("text: labels, and a total row") {
        const Result r = fx.run({"report", "summary", "--by", "category"});
        REQUIRE(r.status == 0);
        const auto lines = r.out_lines();
        REQUIRE(lines.size() == 5);  // header, three groups, total
        CHECK(lines[1].find("Delivery") != std::string::npos);
        CHECK(lines[2].find("Product") != std::string::npos);
        CHECK(lines[3].find("Service") != std::string::npos);
        std::istringstream header(lines[0]), total(lines[4]);
        std::vector<std::string> names, cells;
        for (std::string w; header >> w;) names.push_back(w);
        for (std::string w; total >> w;) cells.push_back(w);
        REQUIRE(names.size() == 18);
        REQUIRE(cells.size() == 18);  // no empty cell: every denominator is non-zero
        CHECK(cells[0] == "total");
        const std::map<std::string, std::string> counts = {
            {"received", "6"},         {"open", "4"},      {"closed", "2"},    {"rejected", "0"},
            {"withdrawn", "0"},        {"on_hold", "0"},   {"overdue", "3"},   {"resolved", "4"},
            {"resolved_on_time", "3"}, {"revisited", "3"}, {"satisfied", "2"}, {"reopened", "2"},
            {"awaiting_approval", "0"}};
        for (std::size_t i = 1; i < names.size(); ++i) {
            CAPTURE(names[i]);
            if (const auto it = counts.find(names[i]); it != counts.end())
                CHECK(cells[i] == it->second);
            if (names[i] == "on_time_rate") CHECK(std::stod(cells[i]) == doctest::Approx(0.75));
        }
    }
}

TEST_CASE("reports: report overdue orders the most overdue first and filters") {
    Fixture fx;
    const DataSet s = build(fx);

    SUBCASE("as of now") {
        // E's acknowledge (1wd, SPEC §10) is due with its assign, and sorts
        // first by name; the others were acknowledged by their resolution.
        const json rows = run_json(fx, {"report", "overdue"});
        REQUIRE(rows.size() == 5);
        CHECK(ids(rows) == std::vector<std::string>{s.e, s.e, s.e, s.c, s.f});
        CHECK(rows[0]["milestone"] == "acknowledge");
        CHECK(rows[0]["late_minutes"] == (19 * 24 + 16) * 60);
        CHECK(rows[1]["milestone"] == "assign");
        CHECK(rows[1]["late_minutes"] == (19 * 24 + 16) * 60);
        CHECK(rows[2]["milestone"] == "resolve");
        CHECK(rows[3]["milestone"] == "revisit");
        CHECK(rows[3]["due"] == "2026-11-11T18:00:00+08:00");
        CHECK(rows[3]["assignee"] == "zhang");
        CHECK(rows[4]["milestone"] == "revisit");
        CHECK(rows[4]["due"] == "2026-11-20T18:00:00+08:00");
        CHECK(rows[4]["late_minutes"] == (2 * 24 + 16) * 60);
        CHECK(rows[4]["assignee"] == "王芳");
        CHECK(rows[4]["department"] == "客服部");

        // Text: the same rows in the same order, after a header.
        const Result r = fx.run({"report", "overdue"});
        REQUIRE(r.status == 0);
        const auto lines = r.out_lines();
        REQUIRE(lines.size() == 6);
        CHECK(lines[1].rfind(s.e, 0) == 0);
        CHECK(lines[1].find(" acknowledge ") != std::string::npos);
        CHECK(lines[2].rfind(s.e, 0) == 0);
        CHECK(lines[3].rfind(s.e, 0) == 0);
        CHECK(lines[4].rfind(s.c, 0) == 0);
        CHECK(lines[5].rfind(s.f, 0) == 0);
    }
    SUBCASE("--within adds what falls due soon, with negative late_minutes") {
        // D's acknowledge and assign are both due Mon 18:00.
        const json rows = run_json(fx, {"report", "overdue", "--within", "1wd"});
        REQUIRE(rows.size() == 7);
        CHECK(rows[5]["id"] == s.d);
        CHECK(rows[5]["milestone"] == "acknowledge");
        CHECK(rows[6]["id"] == s.d);
        CHECK(rows[6]["milestone"] == "assign");
        CHECK(rows[6]["due"] == "2026-11-23T18:00:00+08:00");
        CHECK(rows[6]["late_minutes"] == -480);
        CHECK(run_json(fx, {"report", "overdue", "--within", "7h"}).size() == 5);
        CHECK(run_json(fx, {"report", "overdue", "--within", "9h"}).size() == 7);
    }
    SUBCASE("--as-of judges at another time") {
        // C's acknowledge was met (late) by its resolution at 10:00.
        const json rows = run_json(fx, {"report", "overdue", "--as-of", "2026-11-10 12:00"});
        REQUIRE(rows.size() == 3);
        CHECK(ids(rows) == std::vector<std::string>{s.e, s.e, s.e});
        CHECK(rows[0]["late_minutes"] == (6 * 24 + 18) * 60);
        CHECK(run_json(fx, {"report", "overdue", "--as-of", "2026-11-03 17:59"}) == json::array());
    }
    SUBCASE("--assignee and --department") {
        CHECK(ids(run_json(fx, {"report", "overdue", "--assignee", "zhang"})) ==
              std::vector<std::string>{s.c});
        CHECK(ids(run_json(fx, {"report", "overdue", "--assignee", "王芳"})) ==
              std::vector<std::string>{s.f});
        CHECK(ids(run_json(fx, {"report", "overdue", "--department", "客服部"})) ==
              std::vector<std::string>{s.f});
        CHECK(run_json(fx, {"report", "overdue", "--assignee", "nobody"}) == json::array());
        const Result r = fx.run({"report", "overdue", "--assignee", "nobody", "--exit-code"});
        CHECK(r.status == 0);
        CHECK(r.out.empty());
    }
}

TEST_CASE("reports: list filters") {
    Fixture fx;
    const DataSet s = build(fx);
    using V = std::vector<std::string>;
    const std::vector<std::pair<V, V>> cases = {
        {{}, {s.c, s.e, s.a, s.b, s.f, s.d}},
        {{"--status", "closed"}, {s.a, s.b}},
        {{"--status", "resolved"}, {s.c, s.f}},
        {{"--status", "registered", "--status", "closed"}, {s.e, s.a, s.b, s.d}},
        {{"--open"}, {s.c, s.e, s.f, s.d}},
        {{"--overdue"}, {s.c, s.e, s.f}},
        {{"--category", "delivery"}, {s.e, s.d}},
        {{"--open", "--category", "product"}, {s.c}},
        {{"--severity", "major"}, {}},
        {{"--assignee", "zhang"}, {s.c, s.a, s.b}},
        {{"--department", "客服部"}, {s.f}},
        {{"--from", "2026-11-16", "--to", "2026-11-20 15:00"}, {s.a, s.b, s.f}},
        {{"--from", "2026-11-20T15:00:00+08:00"}, {s.d}},
        {{"--to", "2026-11-02T02:00:00Z"}, {s.c, s.e}},  // 10:00 local
        {{"--limit", "2"}, {s.c, s.e}},
        {{"--open", "--limit", "3"}, {s.c, s.e, s.f}},
    };
    for (const auto& [filter, expected] : cases) {
        std::string text;
        for (const auto& w : filter) text += w + " ";
        CAPTURE(text);
        V args{"list"};
        args.insert(args.end(), filter.begin(), filter.end());
        CHECK(ids(run_json(fx, args)) == expected);
        // Text: a header and one line per complaint.
        const Result r = fx.run(args);
        REQUIRE(r.status == 0);
        if (!expected.empty()) CHECK(r.out_lines().size() == expected.size() + 1);
    }
}

// SPEC §10, corrections to §5: with --within the limit is inclusive, so
// `--within 1wd` on a working day takes in the next working day's `wd`
// deadlines (which fall exactly at its close); without --within a deadline
// exactly at --as-of is not yet overdue.
TEST_CASE("reports: report overdue --within includes a deadline exactly at the limit") {
    Fixture fx;
    // Received Monday 10:00: acknowledge and assign due Tuesday 18:00, exactly 1wd from now.
    const std::string id = fx.register_complaint({"--received-at", "2026-11-23 10:00"});
    const json rows = run_json(fx, {"report", "overdue", "--within", "1wd"});
    REQUIRE(rows.size() == 2);
    for (std::size_t i = 0; i < rows.size(); ++i) {
        CHECK(rows[i]["id"] == id);
        CHECK(rows[i]["milestone"] == (i == 0 ? "acknowledge" : "assign"));
        CHECK(rows[i]["due"] == "2026-11-24T18:00:00+08:00");
        CHECK(rows[i]["late_minutes"] == -32 * 60);
    }
    // The same limit written in hours: 8 working hours left today, 9 tomorrow.
    CHECK(run_json(fx, {"report", "overdue", "--within", "17bh"}).size() == 2);
    CHECK(run_json(fx, {"report", "overdue", "--within", "16bh"}).empty());
    // Without --within the limit stays strict: at the deadline it is not yet overdue.
    CHECK(run_json(fx, {"report", "overdue", "--as-of", "2026-11-24 18:00"}).empty());
    CHECK(run_json(fx, {"report", "overdue", "--as-of", "2026-11-24 18:00:01"}).size() == 2);
    // Text and --exit-code agree.
    const Result text = fx.run({"report", "overdue", "--within", "1wd", "--exit-code"});
    CHECK(text.status == 1);
    CHECK(text.out_lines().size() == 3);
}

namespace {

// Now Mon 2026-11-23 10:00; every complaint received Mon 11-16 09:00 (product,
// built-in policy: acknowledge and assign due Tue 11-17 18:00, resolve Mon
// 11-23 18:00).
// P  resolved 11-17 10:00 (on time), revisit unsatisfied score 2 (reopened), resolved again
//    11-19 10:00, withdrawn 11-20 10:00: withdrawn, never counted as resolved, revisited or
//    scored (it counts as reopened).
// Q  rejected out_of_scope 11-16 12:00.
// R  assigned, held 11-17 09:00 (waiting_customer): on hold; its acknowledge
//    deadline passed while held, but a held complaint is overdue in nothing.
// S  resolved 11-17 10:00 (25 h, on time), revisit satisfied score 4: closed.
// T  untouched: acknowledge and assign overdue.
// Totals: received 5, open 2 (R, T), closed 1 (S), rejected 1, withdrawn 1, on_hold 1,
// overdue 1 (T), resolved 1 (S; P would make 2 with avg 49 h), on time 1, avg 25 h,
// revisited 1 and satisfied 1 (S; P would make 2 and 1), avg_score 4 (P would make 3),
// reopened 1 (P).
void build_final(Fixture& fx) {
    const auto reg = [&](const char* summary) {
        return fx.register_complaint({"--received-at", "2026-11-16 09:00", "--summary", summary});
    };
    const std::string p = reg("P"), q = reg("Q"), r = reg("R"), s = reg("S"), t = reg("T");
    ok(fx, {"assign", p, "--to", "zhang", "--at", "2026-11-16 10:00"});
    ok(fx, {"resolve", p, "--plan", "repair", "--outcome", "repair", "--at", "2026-11-17 10:00"});
    ok(fx, {"revisit", p, "--result", "unsatisfied", "--score", "2", "--at", "2026-11-18 10:00"});
    ok(fx, {"resolve", p, "--plan", "refund", "--outcome", "refund", "--at", "2026-11-19 10:00"});
    ok(fx, {"withdraw", p, "--note", "went to court", "--at", "2026-11-20 10:00"});

    ok(fx, {"reject", q, "--reason", "out_of_scope", "--at", "2026-11-16 12:00"});

    ok(fx, {"assign", r, "--to", "zhang", "--at", "2026-11-16 10:00"});
    ok(fx, {"hold", r, "--reason", "waiting_customer", "--at", "2026-11-17 09:00"});

    ok(fx, {"assign", s, "--to", "zhang", "--at", "2026-11-16 10:00"});
    ok(fx, {"resolve", s, "--plan", "refund", "--outcome", "refund", "--at", "2026-11-17 10:00"});
    ok(fx, {"revisit", s, "--result", "satisfied", "--score", "4", "--at", "2026-11-18 10:00"});
    (void)t;
}

void check_final_counts(const json& row, long long rejected, long long withdrawn,
                        long long on_hold) {
    INFO("row: " << row.dump());
    CHECK(row["rejected"] == rejected);
    CHECK(row["withdrawn"] == withdrawn);
    CHECK(row["on_hold"] == on_hold);
}

}  // namespace

TEST_CASE("reports: report summary with rejected, withdrawn and on-hold complaints") {
    Fixture fx;
    build_final(fx);

    SUBCASE("JSON totals") {
        const json rows = run_json(fx, {"report", "summary"});
        REQUIRE(rows.size() == 1);
        check_row(rows[0], {5, 2, 1, 1, 1, 1, 1.0, 25.0, 1, 1, 1.0, 4.0, 1});
        check_final_counts(rows[0], 1, 1, 1);
        CHECK(rows[0].size() == 17);
        CHECK(rows[0]["awaiting_approval"] == 0);
        // The keys, in order (parsed JSON sorts them: look at the text).
        const Result r = fx.run({"--format", "json", "report", "summary"});
        std::size_t at = 0;
        for (const char* key :
             {"received", "open", "closed", "rejected", "withdrawn", "on_hold", "awaiting_approval",
              "overdue", "resolved", "resolved_on_time", "on_time_rate", "avg_resolve_hours",
              "revisited", "satisfied", "satisfaction_rate", "avg_score", "reopened"}) {
            CAPTURE(key);
            const std::size_t next = r.out.find(std::string("\"") + key + "\":", at);
            CHECK(next != std::string::npos);
            at = next;
        }
    }
    SUBCASE("the on-hold complaint is overdue nowhere, the final ones neither") {
        const json rows = run_json(fx, {"report", "overdue"});
        for (const auto& row : rows) {
            INFO("row: " << row.dump());
            CHECK(row["summary"] == "T");
        }
        CHECK(rows.size() == 2);  // T's acknowledge and assign
    }
    SUBCASE("text and CSV carry the new columns, text its total row") {
        Result r = fx.run({"--format", "csv", "report", "summary", "--by", "channel"});
        REQUIRE(r.status == 0);
        const auto csv = cli_test::parse_csv(r.out);
        REQUIRE(csv.size() == 2);
        CHECK(csv[0] == std::vector<std::string>{
                            "channel", "received", "open", "closed", "rejected", "withdrawn",
                            "on_hold", "awaiting_approval", "overdue", "resolved",
                            "resolved_on_time", "on_time_rate", "avg_resolve_hours", "revisited",
                            "satisfied", "satisfaction_rate", "avg_score", "reopened"});
        CHECK(csv[1] == std::vector<std::string>{"phone", "5", "2", "1", "1", "1", "1", "0", "1",
                                                 "1", "1", "1.00", "25.0", "1", "1", "1.00", "4.00",
                                                 "1"});
        r = fx.run({"report", "summary", "--by", "channel"});
        REQUIRE(r.status == 0);
        const auto lines = r.out_lines();
        REQUIRE(lines.size() == 3);
        std::istringstream total(lines[2]);
        std::vector<std::string> cells;
        for (std::string w; total >> w;) cells.push_back(w);
        CHECK(cells == std::vector<std::string>{"total", "5", "2", "1", "1", "1", "1", "0", "1",
                                                "1", "1", "1.00", "25.0", "1", "1", "1.00", "4.00",
                                                "1"});
    }
}

TEST_CASE("reports: text output sorts groups by their label, CSV and JSON by name") {
    Fixture fx;
    fx.write_file("complaints.toml",
                  "[category.product]\nlabel = \"Appliances\"\n"
                  "[category.delivery]\nlabel = \"Zoo of parcels\"\n"
                  "[category.billing]\nlabel = \"Money\"\n");
    fx.register_complaint({"--category", "delivery", "--received-at", "2026-11-20 09:00"});
    fx.register_complaint({"--category", "billing", "--received-at", "2026-11-20 09:00"});
    fx.register_complaint({"--category", "product", "--received-at", "2026-11-20 09:00"});

    const auto first_words = [](const std::vector<std::string>& lines) {
        std::vector<std::string> out;
        for (const auto& line : lines) out.push_back(line.substr(0, line.find(' ')));
        return out;
    };
    Result r = fx.run({"report", "summary", "--by", "category"});
    REQUIRE(r.status == 0);
    CHECK(first_words(r.out_lines()) ==
          std::vector<std::string>{"category", "Appliances", "Money", "Zoo", "total"});
    r = fx.run({"report", "milestones", "--by", "category"});
    REQUIRE(r.status == 0);
    auto lines = r.out_lines();
    REQUIRE(lines.size() == 16);
    CHECK(lines[1].rfind("Appliances", 0) == 0);
    CHECK(lines[5].rfind("Appliances", 0) == 0);
    CHECK(lines[5].find("revisit") != std::string::npos);
    CHECK(lines[6].rfind("Money", 0) == 0);
    CHECK(lines[11].rfind("Zoo of parcels", 0) == 0);

    std::vector<std::string> names;
    for (const auto& row : run_json(fx, {"report", "summary", "--by", "category"}))
        names.push_back(row.at("category").get<std::string>());
    CHECK(names == std::vector<std::string>{"billing", "delivery", "product"});
    r = fx.run({"--format", "csv", "report", "summary", "--by", "category"});
    REQUIRE(r.status == 0);
    const auto csv = cli_test::parse_csv(r.out);
    REQUIRE(csv.size() == 4);
    CHECK(csv[1][0] == "billing");
    CHECK(csv[3][0] == "product");
}

// Needs the policy tables [site.NAME] and [cause.NAME] (SPEC §10), read by the
// policy reader of another branch: until it is merged, the policy is refused
// and this test fails at its first step.
TEST_CASE("reports: report summary and milestones --by site and --by cause") {
    Fixture fx;
    fx.write_file("complaints.toml",
                  "[site.north]\nlabel = \"Zhongshan Road\"\n"
                  "[site.south]\nlabel = \"Binjiang\"\n"
                  "[cause.seal]\nlabel = \"Worn seal\"\n"
                  "[cause.packing]\nlabel = \"Packing\"\n");
    const std::string a = fx.register_complaint(
        {"--site", "north", "--received-at", "2026-11-16 09:00", "--summary", "A"});
    const std::string b = fx.register_complaint(
        {"--site", "north", "--received-at", "2026-11-16 09:00", "--summary", "B"});
    const std::string c = fx.register_complaint(
        {"--site", "south", "--received-at", "2026-11-16 09:00", "--summary", "C"});
    ok(fx, {"assign", a, "--to", "zhang", "--at", "2026-11-16 10:00"});
    ok(fx,
       {"investigate", a, "--finding", "seal worn", "--cause", "seal", "--at", "2026-11-16 11:00"});
    ok(fx, {"assign", c, "--to", "zhang", "--at", "2026-11-16 10:00"});
    ok(fx, {"investigate", c, "--finding", "box crushed", "--cause", "packing", "--at",
            "2026-11-16 11:00"});
    ok(fx, {"investigate", c, "--finding", "really the seal", "--cause", "seal", "--at",
            "2026-11-16 12:00"});
    (void)b;

    SUBCASE("JSON by site: names, by name") {
        const json rows = run_json(fx, {"report", "summary", "--by", "site"});
        REQUIRE(rows.size() == 2);
        CHECK(rows[0]["site"] == "north");
        CHECK(rows[0]["received"] == 2);
        CHECK(rows[1]["site"] == "south");
        CHECK(rows[1]["received"] == 1);
    }
    SUBCASE("JSON by cause: the latest finding's cause; none last, as null") {
        const json rows = run_json(fx, {"report", "summary", "--by", "cause"});
        REQUIRE(rows.size() == 2);
        CHECK(rows[0]["cause"] == "seal");
        CHECK(rows[0]["received"] == 2);  // A, and C by its latest finding
        CHECK(rows[1]["cause"].is_null());
        CHECK(rows[1]["received"] == 1);  // B
    }
    SUBCASE("text by site: labels, sorted by label") {
        const Result r = fx.run({"report", "summary", "--by", "site"});
        REQUIRE(r.status == 0);
        const auto lines = r.out_lines();
        REQUIRE(lines.size() == 4);
        CHECK(lines[1].rfind("Binjiang", 0) == 0);
        CHECK(lines[2].rfind("Zhongshan Road", 0) == 0);
        CHECK(lines[3].rfind("total", 0) == 0);
    }
    SUBCASE("text by cause: labels, none last") {
        const Result r = fx.run({"report", "milestones", "--by", "cause"});
        REQUIRE(r.status == 0);
        const auto lines = r.out_lines();
        REQUIRE(lines.size() == 11);
        CHECK(lines[1].rfind("Worn seal", 0) == 0);
        CHECK(lines[6].rfind("(none)", 0) == 0);
    }
}

// SPEC §11: `report summary` counts the complaints awaiting approval, next to
// on_hold, in every format and grouping. Until `resolve` can propose (another
// branch), the proposal is put in place with SQL, as `resolve` stores it:
// status awaiting_approval and the proposal_* columns.
namespace {

void propose_with_sql(const Fixture& fx, const std::string& id, const std::string& at) {
    REQUIRE(cli_test::sql_execute(fx.db(),
                                  "UPDATE complaint SET status = 'awaiting_approval', "
                                  "proposal_plan = 'refund', proposal_outcome = 'refund', "
                                  "proposal_amount = 800000, proposal_currency = 'CNY', "
                                  "proposal_by = 'zhang', proposal_at = ? WHERE id = ?",
                                  {at, id}) == 1);
}

}  // namespace

TEST_CASE("reports: report summary counts the complaints awaiting approval") {
    Fixture fx;
    const DataSet s = build(fx);
    // D and E (delivery, never resolved) are assigned, and their resolutions proposed.
    ok(fx, {"assign", s.d, "--to", "li", "--at", "2026-11-20 16:00"});
    ok(fx, {"assign", s.e, "--to", "zhang", "--at", "2026-11-20 09:00"});
    propose_with_sql(fx, s.d, "2026-11-23T01:00:00Z");
    propose_with_sql(fx, s.e, "2026-11-20T02:00:00Z");

    SUBCASE("JSON, total and by category") {
        json rows = run_json(fx, {"report", "summary"});
        REQUIRE(rows.size() == 1);
        CHECK(rows[0]["awaiting_approval"] == 2);
        CHECK(rows[0]["on_hold"] == 0);
        CHECK(rows[0]["open"] == 4);
        rows = run_json(fx, {"report", "summary", "--by", "category"});
        std::map<std::string, long long> by;
        for (const auto& row : rows)
            by[row.at("category").get<std::string>()] =
                row.at("awaiting_approval").get<long long>();
        CHECK(by ==
              std::map<std::string, long long>{{"delivery", 2}, {"product", 0}, {"service", 0}});
    }
    SUBCASE("CSV by assignee: the column after on_hold") {
        const Result r = fx.run({"--format", "csv", "report", "summary", "--by", "assignee"});
        REQUIRE(r.status == 0);
        const auto csv = cli_test::parse_csv(r.out);
        REQUIRE(csv.size() >= 2);
        REQUIRE(csv[0].size() > 8);
        CHECK(csv[0][6] == "on_hold");
        CHECK(csv[0][7] == "awaiting_approval");
        std::map<std::string, std::string> by;
        for (std::size_t i = 1; i < csv.size(); ++i) by[csv[i][0]] = csv[i][7];
        CHECK(by == std::map<std::string, std::string>{{"li", "1"}, {"zhang", "1"}, {"王芳", "0"}});
    }
    SUBCASE("text: the total row") {
        const Result r = fx.run({"report", "summary", "--by", "month"});
        REQUIRE(r.status == 0);
        const auto lines = r.out_lines();
        REQUIRE(lines.size() == 2 + 1);  // header, 2026-11, total
        std::istringstream header(lines[0]), total(lines[2]);
        std::vector<std::string> names, cells;
        for (std::string w; header >> w;) names.push_back(w);
        for (std::string w; total >> w;) cells.push_back(w);
        REQUIRE(names.size() == 18);
        CHECK(names[6] == "on_hold");
        CHECK(names[7] == "awaiting_approval");
        REQUIRE(cells.size() > 7);
        CHECK(cells[0] == "total");
        CHECK(cells[7] == "2");
    }
}

// SPEC §11: complaint_facts gains approved_by and approved_at, after
// total_amount and before the milestone columns. `approve` is built on
// another branch: the approval is put in place with SQL as it stores one.
TEST_CASE("reports: complaint_facts has approved_by and approved_at") {
    Fixture fx;
    const DataSet s = build(fx);
    REQUIRE(cli_test::sql_execute(fx.db(),
                                  "UPDATE complaint SET approved_by = 'wang', approved_at = "
                                  "'2026-11-17T03:00:00Z' WHERE id = ?",
                                  {s.a}) == 1);
    const json rows = run_json(fx, {"query",
                                    "SELECT id, approved_by, approved_at FROM complaint_facts "
                                    "WHERE id IN (:a, :b) ORDER BY id",
                                    "--param", "a=" + s.a, "--param", "b=" + s.b});
    REQUIRE(rows.size() == 2);
    CHECK(rows[0] ==
          json{{"id", s.a}, {"approved_by", "wang"}, {"approved_at", "2026-11-17T03:00:00Z"}});
    CHECK(rows[1] == json{{"id", s.b}, {"approved_by", nullptr}, {"approved_at", nullptr}});

    // The column order of the view: ... total_amount, approved_by, approved_at, then the
    // milestones.
    const Result r = fx.run({"--format", "csv", "query",
                             "SELECT * FROM complaint_facts WHERE id = :a", "--param", "a=" + s.a});
    REQUIRE(r.status == 0);
    const auto csv = cli_test::parse_csv(r.out);
    REQUIRE(csv.size() == 2);
    const auto& names = csv[0];
    const auto at = [&](const std::string& name) {
        return std::find(names.begin(), names.end(), name) - names.begin();
    };
    CHECK(at("approved_by") == at("total_amount") + 1);
    CHECK(at("approved_at") == at("total_amount") + 2);
    CHECK(at("acknowledge_due") == at("total_amount") + 3);
    CHECK(csv[1][static_cast<std::size_t>(at("approved_by"))] == "wang");

    // evidence_facts exists, with its columns, and no rows yet.
    const Result e = fx.run({"--format", "csv", "query", "SELECT * FROM evidence_facts"});
    REQUIRE(e.status == 0);
    CHECK(cli_test::parse_csv(e.out) ==
          std::vector<std::vector<std::string>>{
              {"id", "name", "size", "media_type", "sha256", "added_by", "added_at"}});
}
