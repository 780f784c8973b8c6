#include <complaints/domain/lifecycle.hpp>
#include <complaints/policy/policy_file.hpp>
#include <complaints/report/views.hpp>

#include <doctest/doctest.h>

#include "support.hpp"

#include <nlohmann/json.hpp>

#include <set>
#include <string>
#include <vector>

using namespace complaints;
using namespace complaints::domain;
using namespace complaints::report;
using namespace std::chrono_literals;
using nlohmann::json;

namespace {

// An instant given as wall-clock time in Asia/Shanghai (UTC+8).
Instant cst(int y, unsigned m, unsigned d, int hh = 0, int mm = 0) {
    using namespace std::chrono;
    return sys_days{year{y} / month{m} / day{d}} + hours{hh - 8} + minutes{mm};
}

using test_support::at;
using test_support::shanghai;

// A complaint registered on Fri 2026-11-20 15:00 +08, with its events.
struct Story {
    Complaint complaint;
    std::vector<Event> events;
};

Story registered(const Policy& p) {
    Registration r;
    r.channel = "phone";
    r.category = "product";
    r.customer.name = "王芳";
    r.customer.contact = "13800000000";
    r.summary = "搅拌机两分钟后停转";
    auto [c, e] = register_complaint(r, p, at(cst(2026, 11, 20, 15)));
    c.id = "20261120-TEL-001";
    Story s{std::move(c), {std::move(e)}};
    s.events.back().seq = 1;
    return s;
}

// Assigned, investigated, resolved late with 128.50, revisited satisfied: closed.
Story closed(const Policy& p) {
    Story s = registered(p);
    auto& c = s.complaint;
    const auto add = [&](Event e) {
        e.seq = static_cast<std::int64_t>(s.events.size()) + 1;
        s.events.push_back(std::move(e));
    };
    Assignment a;
    a.to = "zhang";
    a.department = "QC";
    add(assign(c, a, p, at(cst(2026, 11, 20, 16), "wang")));
    Finding f;
    f.text = "电机过热";
    f.cause = "保险丝";
    f.substantiated = true;
    f.complete = true;
    add(investigate(c, f, p, at(cst(2026, 11, 24, 10), "zhang")));
    ResolutionRequest r;
    r.plan = "退款";
    r.outcome = "refund";
    r.amount = Money{12850};
    add(resolve(c, r, p, at(cst(2026, 11, 30, 10), "zhang")));
    RevisitRequest v;
    v.result = RevisitResult::satisfied;
    v.score = 5;
    add(revisit(c, v, p, at(cst(2026, 11, 30, 11), "li")).front());
    return s;
}

std::set<std::string> keys_of(const json& j) {
    std::set<std::string> keys;
    for (const auto& [key, value] : j.items()) keys.insert(key);
    return keys;
}

bool includes(const std::set<std::string>& all, const std::set<std::string>& some) {
    return std::includes(all.begin(), all.end(), some.begin(), some.end());
}

// RFC 3339 with the Shanghai offset: 2026-11-20T15:00:00+08:00.
bool is_local_time(const json& j) {
    if (!j.is_string()) return false;
    const auto s = j.get<std::string>();
    return s.size() == 25 && s[4] == '-' && s[7] == '-' && s[10] == 'T' && s[13] == ':' &&
           s[16] == ':' && s.ends_with("+08:00");
}

json parse(const std::string& text) {
    const json j = json::parse(text, nullptr, false);
    REQUIRE_FALSE(j.is_discarded());
    return j;
}

storage::SummaryRow summary_row(std::optional<std::string> group) {
    storage::SummaryRow r;
    r.group = std::move(group);
    return r;
}

NamedEntry entry(std::string name, std::string label) {
    NamedEntry e;
    e.name = std::move(name);
    e.label = std::move(label);
    return e;
}

storage::OverdueRow overdue_row(std::string id, Milestone m, Instant due) {
    storage::OverdueRow r;
    r.id = std::move(id);
    r.milestone = m;
    r.due = due;
    r.severity = "general";
    r.summary = "搅拌机";
    r.category = "product";
    return r;
}

}  // namespace

TEST_CASE("complaint_json") {
    const Policy p = shanghai();

    SUBCASE("a registered complaint") {
        const Story s = registered(p);
        const View view{p, cst(2026, 11, 23, 19)};  // after the assign deadline
        const json j = parse(complaint_json(s.complaint, &s.events, view));
        REQUIRE(j.is_object());
        CHECK(includes(keys_of(j),
                       {"id",           "status",      "kind",          "channel",     "category",
                        "severity",     "customer",    "summary",       "description", "demand",
                        "ref",          "received_at", "registered_by", "assignee",    "department",
                        "reopen_count", "findings",    "resolution",    "revisits",    "milestones",
                        "events"}));
        CHECK(j["id"] == "20261120-TEL-001");
        CHECK(j["status"] == "registered");
        CHECK(j["kind"] == "complaint");
        CHECK(j["channel"] == "phone");  // names, not labels
        CHECK(j["category"] == "product");
        CHECK(j["severity"] == "general");
        CHECK(keys_of(j["customer"]) ==
              std::set<std::string>{"name", "contact", "organization", "order"});
        CHECK(j["customer"]["name"] == "王芳");
        CHECK(j["customer"]["contact"] == "13800000000");
        CHECK(j["customer"]["organization"].is_null());
        CHECK(j["customer"]["order"].is_null());
        CHECK(j["summary"] == "搅拌机两分钟后停转");
        CHECK(j["description"].is_null());
        CHECK(j["demand"].is_null());
        CHECK(j["ref"].is_null());
        CHECK(j["received_at"] == "2026-11-20T15:00:00+08:00");
        CHECK(j["registered_by"] == "li");
        CHECK(j["assignee"].is_null());
        CHECK(j["department"].is_null());
        CHECK(j["reopen_count"].is_number_integer());
        CHECK(j["reopen_count"] == 0);
        CHECK(j["findings"] == json::array());
        CHECK(j["revisits"] == json::array());
        CHECK(j["resolution"].is_null());

        const json& m = j["milestones"];
        // SPEC §10: acknowledge and the hold review join the four milestones.
        CHECK(keys_of(m) == std::set<std::string>{"acknowledge", "assign", "investigate", "resolve",
                                                  "revisit", "hold"});
        for (const auto& [name, clock] : m.items()) {
            CAPTURE(name);
            CHECK(keys_of(clock) == std::set<std::string>{"due", "met_at", "state"});
        }
        CHECK(m["assign"]["due"] == "2026-11-23T18:00:00+08:00");
        CHECK(m["assign"]["met_at"].is_null());
        CHECK(m["assign"]["state"] == "overdue");
        CHECK(m["resolve"]["due"] == "2026-11-27T18:00:00+08:00");
        CHECK(m["resolve"]["state"] == "pending");
        CHECK(m["investigate"]["due"].is_null());
        CHECK(m["investigate"]["state"] == "not_started");
        CHECK(m["revisit"]["state"] == "not_started");

        REQUIRE(j["events"].is_array());
        REQUIRE(j["events"].size() == 1);
        const json& e = j["events"][0];
        CHECK(includes(keys_of(e), {"type", "at", "recorded_at", "actor"}));
        CHECK(e["type"] == "register");
        CHECK(e["at"] == "2026-11-20T15:00:00+08:00");
        CHECK(is_local_time(e["recorded_at"]));
        CHECK(e["actor"] == "li");
    }

    SUBCASE("a closed complaint") {
        const Story s = closed(p);
        const View view{p, cst(2026, 12, 1, 9)};
        const json j = parse(complaint_json(s.complaint, &s.events, view));
        CHECK(j["status"] == "closed");
        CHECK(j["assignee"] == "zhang");
        CHECK(j["department"] == "QC");

        const json& r = j["resolution"];
        REQUIRE(r.is_object());
        CHECK(includes(keys_of(r),
                       {"plan", "outcome", "amount", "currency", "responsible", "at", "by"}));
        CHECK(r["plan"] == "退款");
        CHECK(r["outcome"] == "refund");
        CHECK(r["amount"].is_string());
        CHECK(r["amount"] == "128.50");
        CHECK(r["currency"] == "CNY");
        CHECK(r["responsible"].is_null());
        CHECK(r["at"] == "2026-11-30T10:00:00+08:00");
        CHECK(r["by"] == "zhang");

        REQUIRE(j["findings"].size() == 1);
        const json& f = j["findings"][0];
        CHECK(includes(keys_of(f), {"at", "by", "text", "cause", "substantiated"}));
        CHECK(f["at"] == "2026-11-24T10:00:00+08:00");
        CHECK(f["by"] == "zhang");
        CHECK(f["text"] == "电机过热");
        CHECK(f["cause"] == "保险丝");
        CHECK(f["substantiated"] == true);

        REQUIRE(j["revisits"].size() == 1);
        const json& v = j["revisits"][0];
        CHECK(includes(keys_of(v), {"at", "by", "result", "score", "note"}));
        CHECK(v["at"] == "2026-11-30T11:00:00+08:00");
        CHECK(v["result"] == "satisfied");
        CHECK(v["score"].is_number_integer());
        CHECK(v["score"] == 5);
        CHECK(v["note"].is_null());

        const json& m = j["milestones"];
        CHECK(m["assign"]["state"] == "met");
        CHECK(m["assign"]["met_at"] == "2026-11-20T16:00:00+08:00");
        CHECK(m["investigate"]["state"] == "met");
        CHECK(m["investigate"]["due"] == "2026-11-25T18:00:00+08:00");
        CHECK(m["resolve"]["state"] == "met_late");
        CHECK(m["revisit"]["state"] == "met");
        CHECK(m["acknowledge"]["state"] == "met_late");  // by the (late) resolve: no contact
        CHECK(m["hold"]["state"] == "not_started");      // never held
        for (const auto& [name, clock] : m.items()) {
            if (name == "hold") continue;
            CAPTURE(name);
            CHECK(is_local_time(clock["due"]));
            CHECK(is_local_time(clock["met_at"]));
        }

        REQUIRE(j["events"].size() == 5);
        const char* types[] = {"register", "assign", "investigate", "resolve", "revisit"};
        for (std::size_t i = 0; i < 5; ++i) {
            CAPTURE(i);
            CHECK(j["events"][i]["type"] == types[i]);
            CHECK(is_local_time(j["events"][i]["at"]));
        }
        CHECK(j["events"][1]["actor"] == "wang");
    }

    SUBCASE("a resolution without an amount") {
        Story s = closed(p);
        s.complaint.resolution->amount.reset();
        const json j = parse(complaint_json(s.complaint, &s.events, View{p, cst(2026, 12, 1)}));
        CHECK(j["resolution"]["amount"].is_null());
        CHECK(j["resolution"]["currency"] == "CNY");
    }

    SUBCASE("amounts keep two fraction digits") {
        Story s = closed(p);
        for (const auto& [minor, text] :
             {std::pair{5LL, "0.05"}, std::pair{100LL, "1.00"}, std::pair{0LL, "0.00"}}) {
            s.complaint.resolution->amount = Money{minor};
            const json j = parse(complaint_json(s.complaint, &s.events, View{p, cst(2026, 12, 1)}));
            CHECK(j["resolution"]["amount"] == text);
        }
    }
}

TEST_CASE("complaints_json") {
    const Policy p = shanghai();
    const Story a = registered(p);
    Story b = closed(p);
    b.complaint.id = "20261120-TEL-002";
    const json j = parse(complaints_json({a.complaint, b.complaint}, {a.events, b.events},
                                         View{p, cst(2026, 12, 1)}));
    REQUIRE(j.is_array());
    REQUIRE(j.size() == 2);
    CHECK(j[0]["id"] == "20261120-TEL-001");
    CHECK(j[1]["id"] == "20261120-TEL-002");
    CHECK(j[0]["resolution"].is_null());
    CHECK(j[1]["resolution"]["amount"] == "128.50");
    CHECK(j[1]["findings"].size() == 1);
    CHECK(parse(complaints_json({}, {}, View{p, cst(2026, 12, 1)})) == json::array());
}

TEST_CASE("summary_json") {
    SUBCASE("rates and averages are null when their denominators are 0") {
        storage::SummaryRow r = summary_row(std::nullopt);
        r.received = 3;
        r.open = 3;
        const json j = parse(summary_json({r}, storage::GroupBy::none));
        REQUIRE(j.is_array());
        REQUIRE(j.size() == 1);
        const json& row = j[0];
        CHECK(keys_of(row) == std::set<std::string>{
                                  "received", "open", "closed", "rejected", "withdrawn", "on_hold",
                                  "awaiting_approval", "overdue", "resolved", "resolved_on_time",
                                  "on_time_rate", "avg_resolve_hours", "revisited", "satisfied",
                                  "satisfaction_rate", "avg_score", "reopened"});
        CHECK(row["received"] == 3);
        CHECK(row["resolved"] == 0);
        CHECK(row["on_time_rate"].is_null());
        CHECK(row["satisfaction_rate"].is_null());
        CHECK(row["avg_resolve_hours"].is_null());
        CHECK(row["avg_score"].is_null());
    }

    SUBCASE("rates are numbers from 0 to 1") {
        storage::SummaryRow r = summary_row("product");
        r.received = 5;
        r.resolved = 4;
        r.resolved_on_time = 3;
        r.revisited = 2;
        r.satisfied = 0;
        r.avg_resolve_hours = 36.5;
        r.avg_score = 2.5;
        storage::SummaryRow none = summary_row(std::nullopt);
        none.received = 1;
        const json j = parse(summary_json({r, none}, storage::GroupBy::category));
        REQUIRE(j.size() == 2);
        CHECK(j[0]["category"] == "product");
        CHECK(j[0]["on_time_rate"].is_number());
        CHECK(j[0]["on_time_rate"].get<double>() == doctest::Approx(0.75));
        CHECK(j[0]["satisfaction_rate"].get<double>() == doctest::Approx(0.0));
        CHECK(j[0]["avg_resolve_hours"].get<double>() == doctest::Approx(36.5));
        CHECK(j[0]["avg_score"].get<double>() == doctest::Approx(2.5));
        CHECK(j[1]["category"].is_null());
        CHECK(j[1]["on_time_rate"].is_null());
    }

    SUBCASE("the dimension under its own name") {
        const json by_month =
            parse(summary_json({summary_row("2026-11")}, storage::GroupBy::month));
        CHECK(by_month[0]["month"] == "2026-11");
        const json by_assignee =
            parse(summary_json({summary_row("zhang")}, storage::GroupBy::assignee));
        CHECK(by_assignee[0]["assignee"] == "zhang");
        const json total = parse(summary_json({summary_row(std::nullopt)}, storage::GroupBy::none));
        CHECK_FALSE(total[0].contains(""));
        CHECK(keys_of(total[0]).size() == 17);
        const json by_site = parse(summary_json({summary_row("north")}, storage::GroupBy::site));
        CHECK(by_site[0]["site"] == "north");
        const json by_cause = parse(summary_json({summary_row("seal")}, storage::GroupBy::cause));
        CHECK(by_cause[0]["cause"] == "seal");
    }

    SUBCASE("awaiting_approval (SPEC §11) comes right after on_hold") {
        storage::SummaryRow r = summary_row(std::nullopt);
        r.on_hold = 1;
        r.awaiting_approval = 2;
        r.overdue = 3;
        const std::string text = summary_json({r}, storage::GroupBy::none);
        const auto on_hold = text.find("\"on_hold\": 1,");
        const auto awaiting = text.find("\"awaiting_approval\": 2,");
        const auto overdue = text.find("\"overdue\": 3,");
        CHECK(on_hold < awaiting);
        CHECK(awaiting < overdue);
        CHECK(overdue != std::string::npos);
        CHECK(parse(text)[0]["awaiting_approval"] == 2);
    }

    SUBCASE("no rows: an empty array") {
        CHECK(parse(summary_json({}, storage::GroupBy::category)) == json::array());
    }
}

TEST_CASE("summary_table") {
    Policy p = shanghai();
    p.sites = {entry("north", "Zhongshan Road"), entry("south", "Binjiang"), entry("east", "东门")};
    const View view{p, cst(2026, 11, 23, 10)};
    // As storage gives them: by name, no value last.
    std::vector<storage::SummaryRow> rows;
    for (const char* name : {"east", "north", "south"}) rows.push_back(summary_row(name));
    rows.push_back(summary_row(std::nullopt));
    rows[0].rejected = 1;
    rows[1].withdrawn = 2;
    rows[2].on_hold = 3;
    rows[3].awaiting_approval = 4;
    const auto first_cells = [](const report::Table& t) {
        std::vector<std::string> out;
        for (const auto& row : t.rows) out.push_back(row.front().value_or("-"));
        return out;
    };

    SUBCASE("labels: sorted by the label shown, no value last, total after") {
        const storage::SummaryRow total;
        const report::Table t =
            summary_table(rows, &total, storage::GroupBy::site, Names::labels, view);
        CHECK(first_cells(t) ==
              std::vector<std::string>{"Binjiang", "Zhongshan Road", "东门", "(none)", "total"});
        // The new columns follow closed, in the row of their group.
        REQUIRE(t.columns.size() == 18);
        CHECK(t.columns[3].name == "closed");
        CHECK(t.columns[4].name == "rejected");
        CHECK(t.columns[5].name == "withdrawn");
        CHECK(t.columns[6].name == "on_hold");
        CHECK(t.columns[7].name == "awaiting_approval");
        CHECK(t.columns[8].name == "overdue");
        CHECK(t.rows[0][6] == "3");  // south
        CHECK(t.rows[1][5] == "2");  // north
        CHECK(t.rows[2][4] == "1");  // east
        CHECK(t.rows[3][7] == "4");  // (none)
        CHECK(t.rows[0][7] == "0");
    }
    SUBCASE("names: the order of storage") {
        const report::Table t =
            summary_table(rows, nullptr, storage::GroupBy::site, Names::keys, view);
        CHECK(first_cells(t) == std::vector<std::string>{"east", "north", "south", "(none)"});
    }
}

TEST_CASE("milestones_table and milestones_json") {
    Policy p = shanghai();
    p.causes = {entry("seal", "Worn seal"), entry("packing", "Bad packing")};
    const View view{p, cst(2026, 11, 23, 10)};
    const auto row = [](std::optional<std::string> group, Milestone m) {
        storage::MilestoneReportRow r;
        r.group = std::move(group);
        r.milestone = m;
        return r;
    };
    // Storage order: groups by name, then the milestones in order.
    std::vector<storage::MilestoneReportRow> rows;
    for (const char* group : {"packing", "seal"})
        for (const Milestone m : k_limited_milestones) rows.push_back(row(group, m));
    rows[0].started = 6;
    rows[0].met = 5;
    rows[0].met_on_time = 4;
    rows[0].met_late = 1;
    rows[0].overdue = 1;
    rows[0].median_hours = 2.0;
    rows[0].p90_hours = 48.26;

    SUBCASE("text: labels sorted, each group's milestones kept in order, numbers formatted") {
        const report::Table t =
            milestones_table(rows, storage::GroupBy::cause, Names::labels, view);
        REQUIRE(t.columns.size() == 10);
        CHECK(t.columns[0].name == "cause");
        CHECK(t.columns[1].name == "milestone");
        REQUIRE(t.rows.size() == 10);
        CHECK(t.rows[0][0] == "Bad packing");
        CHECK(t.rows[0][1] == "acknowledge");
        CHECK(t.rows[4][1] == "revisit");
        CHECK(t.rows[5][0] == "Worn seal");
        CHECK(t.rows[5][1] == "acknowledge");
        // 4 / (5 + 1), two decimals; hours with one.
        CHECK(t.rows[0][7] == "0.67");
        CHECK(t.rows[0][8] == "2.0");
        CHECK(t.rows[0][9] == "48.3");
        // Nothing to divide by: empty.
        CHECK(t.rows[1][7] == std::nullopt);
        CHECK(t.rows[1][8] == std::nullopt);
    }
    SUBCASE("labels that sort otherwise than names") {
        p.causes = {entry("seal", "A seal"), entry("packing", "Z packing")};
        const report::Table t =
            milestones_table(rows, storage::GroupBy::cause, Names::labels, view);
        CHECK(t.rows[0][0] == "A seal");
        CHECK(t.rows[4][1] == "revisit");
        CHECK(t.rows[5][0] == "Z packing");
        CHECK(t.rows[5][7] == "0.67");
    }
    SUBCASE("without --by: no group column") {
        const std::vector<storage::MilestoneReportRow> plain{row(std::nullopt, Milestone::assign)};
        const report::Table t = milestones_table(plain, storage::GroupBy::none, Names::keys, view);
        REQUIRE(t.columns.size() == 9);
        CHECK(t.rows[0][0] == "assign");
        CHECK(t.rows[0][1] == "0");
    }
    SUBCASE("JSON: the group first, rates and hours numbers or null") {
        const json j = parse(milestones_json(rows, storage::GroupBy::cause));
        REQUIRE(j.size() == 10);
        CHECK(keys_of(j[0]) == std::set<std::string>{"cause", "milestone", "started", "met",
                                                     "met_on_time", "met_late", "overdue",
                                                     "on_time_rate", "median_hours", "p90_hours"});
        CHECK(j[0]["cause"] == "packing");
        CHECK(j[0]["milestone"] == "acknowledge");
        CHECK(j[0]["started"] == 6);
        CHECK(j[0]["on_time_rate"].get<double>() == doctest::Approx(4.0 / 6));
        CHECK(j[0]["median_hours"] == 2.0);
        CHECK(j[0]["p90_hours"] == 48.26);
        CHECK(j[1]["on_time_rate"].is_null());
        CHECK(j[1]["median_hours"].is_null());
        CHECK(j[1]["p90_hours"].is_null());
        const json plain =
            parse(milestones_json({row(std::nullopt, Milestone::resolve)}, storage::GroupBy::none));
        CHECK(keys_of(plain[0]).size() == 9);
        CHECK(plain[0]["milestone"] == "resolve");
    }
}

TEST_CASE("overdue_json") {
    const Policy p = shanghai();
    const View view{p, cst(2026, 11, 25, 12)};
    const Instant as_of = cst(2026, 11, 25, 12);

    SUBCASE("late and ahead") {
        storage::OverdueRow late =
            overdue_row("20261120-TEL-001", Milestone::assign, cst(2026, 11, 23, 18));
        storage::OverdueRow ahead =
            overdue_row("20261120-TEL-002", Milestone::resolve, cst(2026, 11, 25, 13, 30));
        ahead.assignee = "zhang";
        ahead.department = "QC";
        const json j = parse(overdue_json({late, ahead}, as_of, view));
        REQUIRE(j.is_array());
        REQUIRE(j.size() == 2);
        for (const auto& row : j)
            CHECK(keys_of(row) == std::set<std::string>{"id", "milestone", "due", "late_minutes",
                                                        "assignee", "department", "severity",
                                                        "summary"});
        CHECK(j[0]["id"] == "20261120-TEL-001");
        CHECK(j[0]["milestone"] == "assign");
        CHECK(j[0]["due"] == "2026-11-23T18:00:00+08:00");
        CHECK(j[0]["late_minutes"].is_number_integer());
        CHECK(j[0]["late_minutes"] == (42 * 60));
        CHECK(j[0]["assignee"].is_null());
        CHECK(j[0]["department"].is_null());
        CHECK(j[0]["severity"] == "general");
        CHECK(j[0]["summary"] == "搅拌机");
        CHECK(j[1]["milestone"] == "resolve");
        CHECK(j[1]["late_minutes"] == -90);
        CHECK(j[1]["assignee"] == "zhang");
        CHECK(j[1]["department"] == "QC");
    }

    SUBCASE("a deadline less than a minute ahead is still negative") {
        const storage::OverdueRow soon =
            overdue_row("20261120-TEL-003", Milestone::revisit, as_of + 30s);
        const json j = parse(overdue_json({soon}, as_of, view));
        CHECK(j[0]["late_minutes"].get<long long>() < 0);
    }

    SUBCASE("nothing: []") {
        CHECK(parse(overdue_json({}, as_of, view)) == json::array());
    }
}
