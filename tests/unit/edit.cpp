// `edit` and the automatic escalation (SPEC §10).
#include <complaints/domain/error.hpp>
#include <complaints/domain/lifecycle.hpp>

#include <doctest/doctest.h>

#include "support.hpp"

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

using namespace complaints;
using namespace complaints::domain;
using namespace std::chrono_literals;
using nlohmann::json;

using test_support::at;
using test_support::check_refused;
using test_support::cst;
using test_support::describe;
using test_support::in_status;
using test_support::k_assigned_at;
using test_support::k_received;
using test_support::registered;
using test_support::shanghai;

namespace {

const Instant k_edited_at = cst(2026, 11, 23, 9);  // Mon

EditRequest because(std::string reason = "客户来电更正") {
    EditRequest r;
    r.reason = std::move(reason);
    return r;
}

std::string text(const std::optional<std::string>& s) {
    return s ? *s : "null";
}

std::string changes_of(const Event& e) {
    std::string out;
    for (const FieldChange& f : std::get<EditDetails>(e.details).changes)
        out += f.field + ":" + text(f.from) + "->" + text(f.to) + " ";
    return out;
}

std::string deadlines_of(const Event& e) {
    std::string out;
    for (const DeadlineChange& d : std::get<EditDetails>(e.details).deadlines)
        out += std::string(to_string(d.milestone)) + ":" + (d.from ? format_utc(*d.from) : "null") +
               "->" + (d.to ? format_utc(*d.to) : "null") + " ";
    return out;
}

Policy with_sites() {
    Policy p = shanghai();
    for (const char* name : {"pudong", "xuhui"}) {
        NamedEntry e;
        e.name = name;
        e.label = name;
        p.sites.push_back(e);
    }
    p.sites[0].is_default = true;
    return p;
}

}  // namespace

TEST_CASE("edit: each field with its old and new value") {
    const Policy p = with_sites();
    struct Row {
        const char* what;
        void (*set)(EditRequest&);
        const char* change;
    };
    const Row rows[] = {
        {"kind", [](EditRequest& r) { r.kind = "suggestion"; }, "kind:complaint->suggestion "},
        {"category", [](EditRequest& r) { r.category = "billing"; }, "category:product->billing "},
        {"severity", [](EditRequest& r) { r.severity = "major"; }, "severity:general->major "},
        {"site", [](EditRequest& r) { r.site = "xuhui"; }, "site:pudong->xuhui "},
        {"customer", [](EditRequest& r) { r.customer = "王芬"; }, "customer_name:王芳->王芬 "},
        {"contact", [](EditRequest& r) { r.contact = "wf@example.com"; },
         "customer_contact:13800000000->wf@example.com "},
        {"contact cleared", [](EditRequest& r) { r.contact = ""; },
         "customer_contact:13800000000->null "},
        {"org", [](EditRequest& r) { r.org = "某某公司"; },
         "customer_organization:null->某某公司 "},
        {"order", [](EditRequest& r) { r.order = "SO-1"; }, "customer_order:null->SO-1 "},
        {"summary", [](EditRequest& r) { r.summary = "新摘要"; },
         "summary:搅拌机两分钟后停转->新摘要 "},
        {"description", [](EditRequest& r) { r.description = "详细"; }, "description:null->详细 "},
        {"demand", [](EditRequest& r) { r.demand = "退款"; }, "demand:null->退款 "},
        {"several, in field order",
         [](EditRequest& r) {
             r.demand = "换货";
             r.category = "delivery";
             r.contact = " ";
         },
         "category:product->delivery customer_contact:13800000000->null demand:null->换货 "},
        {"unchanged fields are not listed",
         [](EditRequest& r) {
             r.category = "product";
             r.summary = "新摘要";
         },
         "summary:搅拌机两分钟后停转->新摘要 "},
    };
    for (const Row& row : rows) {
        CAPTURE(row.what);
        Complaint c = in_status(Status::assigned, p);
        REQUIRE(c.site == "pudong");
        EditRequest r = because();
        row.set(r);
        const Event e = edit(c, r, p, at(k_edited_at, "zhou"));
        CHECK(changes_of(e) == row.change);
        CHECK(std::get<EditDetails>(e.details).reason == "客户来电更正");
        CHECK(e.actor == "zhou");
        CHECK(c.status == Status::assigned);
        CHECK(c.last_event_at == k_edited_at);
    }

    SUBCASE("the complaint takes the new values; an empty text clears") {
        Complaint c = in_status(Status::registered, p);
        EditRequest r = because();
        r.org = "某某公司";
        r.order = "SO-1";
        r.description = "d";
        r.demand = "x";
        edit(c, r, p, at(k_edited_at));
        CHECK(c.customer.organization == "某某公司");
        EditRequest clear = because();
        clear.org = "";
        clear.order = "\t";
        clear.description = " ";
        clear.demand = "";
        clear.contact = "";
        const Event e = edit(c, clear, p, at(k_edited_at));
        CHECK_FALSE(c.customer.organization.has_value());
        CHECK_FALSE(c.customer.order.has_value());
        CHECK_FALSE(c.customer.contact.has_value());
        CHECK_FALSE(c.description.has_value());
        CHECK_FALSE(c.demand.has_value());
        CHECK(std::get<EditDetails>(e.details).changes.size() == 5);
    }
}

TEST_CASE("edit refused") {
    const Policy p = with_sites();
    Complaint c = in_status(Status::assigned, p);
    const auto refused = [&](void (*set)(EditRequest&), ExitCode code) {
        EditRequest r = because();
        set(r);
        return check_refused(
            c, [&](Complaint& x) { edit(x, r, p, at(k_edited_at)); }, code);
    };
    SUBCASE("no field: 64") {
        refused([](EditRequest&) {}, ExitCode::usage);
    }
    SUBCASE("no reason: 64") {
        refused(
            [](EditRequest& r) {
                r.reason = " ";
                r.summary = "x";
            },
            ExitCode::usage);
    }
    SUBCASE("nothing changes: 65") {
        const std::string message = refused(
            [](EditRequest& r) {
                r.category = "product";
                r.summary = "搅拌机两分钟后停转";
                r.org = "";  // already absent
            },
            ExitCode::data);
        CHECK(message.find("changes nothing") != std::string::npos);
    }
    SUBCASE("customer and summary cannot be emptied: 64") {
        refused([](EditRequest& r) { r.customer = " "; }, ExitCode::usage);
        refused([](EditRequest& r) { r.summary = ""; }, ExitCode::usage);
    }
    SUBCASE("the site cannot be cleared while the policy lists sites: 64") {
        refused([](EditRequest& r) { r.site = ""; }, ExitCode::usage);
    }
    SUBCASE("unknown names: 65") {
        refused([](EditRequest& r) { r.category = "food"; }, ExitCode::data);
        refused([](EditRequest& r) { r.severity = "critical"; }, ExitCode::data);
        refused([](EditRequest& r) { r.kind = "praise"; }, ExitCode::data);
        refused([](EditRequest& r) { r.site = "minhang"; }, ExitCode::data);
    }
    SUBCASE("a final complaint: 65") {
        for (const Status s : k_final_statuses) {
            Complaint f = in_status(s, p);
            EditRequest r = because();
            r.summary = "x";
            check_refused(f, [&](Complaint& x) { edit(x, r, p, at(k_edited_at)); });
        }
    }
}

TEST_CASE("edit recomputes deadlines after a change of kind, category or severity") {
    Policy p = shanghai();  // Mon-Fri 09:00-18:00

    SUBCASE("raising the severity: from the clock start, may already be past") {
        Complaint c = in_status(Status::registered, p);
        EditRequest r = because("升级");
        r.severity = "urgent";  // assign 30m, resolve 1wd; acknowledge from [limits]
        const Event e = edit(c, r, p, at(k_edited_at));
        CHECK(c.milestone(Milestone::assign).due == k_received + 30min);
        CHECK(c.milestone(Milestone::resolve).due == cst(2026, 11, 23, 18));
        CHECK(c.milestone(Milestone::acknowledge).due == cst(2026, 11, 23, 18));  // unchanged
        CHECK(c.milestone(Milestone::assign).limit->to_string() == "30m");
        CHECK(deadlines_of(e) ==
              "assign:2026-11-23T10:00:00Z->2026-11-20T07:30:00Z "
              "resolve:2026-11-27T10:00:00Z->2026-11-23T10:00:00Z ");
        CHECK(c.is_overdue(k_edited_at));
        CHECK(c.state(Milestone::assign, k_edited_at) == MilestoneState::overdue);
    }

    SUBCASE("earliest limit wins: inquiry 24h against major 3wd") {
        Complaint c = in_status(Status::registered, p);
        EditRequest r = because();
        r.kind = "inquiry";
        r.severity = "major";
        edit(c, r, p, at(k_edited_at));
        CHECK(c.milestone(Milestone::resolve).due == k_received + 24h);
        CHECK(c.milestone(Milestone::resolve).limit->to_string() == "24h");
        CHECK(c.milestone(Milestone::assign).due == k_received + 1h);
    }

    SUBCASE("met milestones untouched; started ones from their own start") {
        Complaint c = in_status(Status::investigating, p);
        const auto assign_before = c.milestone(Milestone::assign);
        EditRequest r = because();
        r.severity = "urgent";  // investigate 4bh from the assignment (Fri 16:00)
        const Event e = edit(c, r, p, at(k_edited_at));
        CHECK(c.milestone(Milestone::assign).due == assign_before.due);
        CHECK(c.milestone(Milestone::assign).met_at == assign_before.met_at);
        CHECK(c.milestone(Milestone::investigate).due == cst(2026, 11, 23, 11));
        CHECK(deadlines_of(e).find("assign") == std::string::npos);
        CHECK_FALSE(c.milestone(Milestone::revisit).due.has_value());
    }

    SUBCASE("a milestone becoming untracked loses its deadline") {
        test_support::entry(p, Table::category, "billing").limits.set_none(Milestone::resolve);
        Complaint c = in_status(Status::assigned, p);
        EditRequest r = because();
        r.category = "billing";
        const Event e = edit(c, r, p, at(k_edited_at));
        CHECK_FALSE(c.milestone(Milestone::resolve).due.has_value());
        CHECK_FALSE(c.milestone(Milestone::resolve).limit.has_value());
        CHECK(c.milestone(Milestone::resolve).started_at == k_received);
        CHECK(deadlines_of(e) == "resolve:2026-11-27T10:00:00Z->null ");
        CHECK(c.state(Milestone::resolve, cst(2027, 1, 1)) == MilestoneState::not_started);
    }

    SUBCASE("plus the time held after the clock start") {
        Policy q = test_support::spec_policy();
        Complaint c = registered(q, test_support::registration(), cst(2026, 11, 23, 10));
        hold(c, test_support::hold_for(), q, at(cst(2026, 11, 24, 10)));
        resume(c, std::nullopt, q, at(cst(2026, 11, 26, 10)));  // 16 working hours
        REQUIRE(c.milestone(Milestone::resolve).due == cst(2026, 12, 2, 18));
        EditRequest r = because();
        r.severity = "major";  // resolve 3wd: Thu 11-26 18:00, + 16h: Mon 11-30 18:00
        const Event e = edit(c, r, q, at(cst(2026, 11, 26, 11)));
        CHECK(c.milestone(Milestone::resolve).due == cst(2026, 11, 30, 18));
        // assign 1h from Mon 10:00 = 11:00, + 2 days of clock time held.
        CHECK(c.milestone(Milestone::assign).due == cst(2026, 11, 25, 11));
        CHECK(deadlines_of(e).find("resolve:2026-12-02T10:00:00Z->2026-11-30T10:00:00Z") !=
              std::string::npos);
    }

    SUBCASE("a change of other fields recomputes nothing") {
        Complaint c = in_status(Status::registered, p);
        c.milestone(Milestone::resolve).due = cst(2030, 1, 1);  // as if set by an older policy
        EditRequest r = because();
        r.summary = "x";
        const Event e = edit(c, r, p, at(k_edited_at));
        CHECK(c.milestone(Milestone::resolve).due == cst(2030, 1, 1));
        CHECK(std::get<EditDetails>(e.details).deadlines.empty());
    }

    SUBCASE("on hold: allowed, status kept") {
        Complaint c = in_status(Status::on_hold, p);
        EditRequest r = because();
        r.severity = "major";
        edit(c, r, p, at(cst(2026, 11, 24, 9)));
        CHECK(c.status == Status::on_hold);
        CHECK(c.severity == "major");
    }
}

TEST_CASE("automatic escalation after repeated reopening") {
    Policy p = shanghai();
    p.escalation = Escalation{2, "urgent"};
    const auto reopen = [&](Complaint& c, Instant t) {
        return revisit(c, test_support::revisit_with(RevisitResult::unsatisfied), p, at(t, "sun"));
    };

    SUBCASE("the second unsatisfied revisit escalates") {
        Complaint c = in_status(Status::resolved, p);
        CHECK(reopen(c, cst(2026, 11, 23, 14)).size() == 1);  // below the threshold
        CHECK(c.severity == "general");
        resolve(c, test_support::resolution(), p, at(cst(2026, 11, 24, 10)));
        const Instant t = cst(2026, 11, 24, 14);
        const auto events = reopen(c, t);
        REQUIRE(events.size() == 2);
        CHECK(events[0].type() == EventType::revisit);
        const Event& e = events[1];
        CHECK(e.type() == EventType::edit);
        CHECK(e.actor == "sun");
        CHECK(e.at == t);
        CHECK(std::get<EditDetails>(e.details).reason == "reopened 2 times");
        CHECK(changes_of(e) == "severity:general->urgent ");
        CHECK(c.severity == "urgent");
        CHECK(c.reopen_count == 2);
        CHECK(c.status == Status::investigating);
        // The new resolve clock started at the reopening: urgent 1wd, Wed 18:00.
        CHECK(c.milestone(Milestone::resolve).due == cst(2026, 11, 25, 18));
        CHECK(deadlines_of(e) == "resolve:2026-12-01T10:00:00Z->2026-11-25T10:00:00Z ");

        SUBCASE("and not again once the severity ranks as high") {
            resolve(c, test_support::resolution(), p, at(t + 1h));
            CHECK(reopen(c, t + 2h).size() == 1);
            CHECK(c.reopen_count == 3);
        }
    }

    SUBCASE("not when the severity already ranks equal or higher") {
        Policy q = p;
        q.escalation = Escalation{1, "major"};
        for (const char* severity : {"major", "urgent"}) {
            CAPTURE(severity);
            Registration r = test_support::registration();
            r.severity = severity;
            Complaint c = registered(q, r);
            assign(c, test_support::to("zhang"), q, at(k_assigned_at));
            resolve(c, test_support::resolution(), q, at(cst(2026, 11, 23, 10)));
            const auto events = revisit(c, test_support::revisit_with(RevisitResult::unsatisfied),
                                        q, at(cst(2026, 11, 23, 11)));
            CHECK(events.size() == 1);
            CHECK(c.severity == severity);
        }
    }

    SUBCASE("off without a threshold; never on a satisfied or unreachable revisit") {
        Policy off = shanghai();
        Complaint c = in_status(Status::resolved, off);
        CHECK(revisit(c, test_support::revisit_with(RevisitResult::unsatisfied), off,
                      at(cst(2026, 11, 23, 14)))
                  .size() == 1);
        Policy q = p;
        q.escalation = Escalation{0, "urgent"};
        Complaint d = in_status(Status::resolved, q);
        CHECK(revisit(d, test_support::revisit_with(RevisitResult::unreachable), q,
                      at(cst(2026, 11, 23, 14)))
                  .size() == 1);
        CHECK(revisit(d, test_support::revisit_with(RevisitResult::satisfied), q,
                      at(cst(2026, 11, 23, 15)))
                  .size() == 1);
        CHECK(d.severity == "general");
    }
}
