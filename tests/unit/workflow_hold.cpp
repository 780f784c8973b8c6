// `hold` and `resume` through the lifecycle (SPEC §10): the worked examples of
// the spec on the calendar of SPEC §3.1, several holds, holds over the October
// holidays and the make-up Saturday, the hold review, and what a complaint on
// hold counts as. The arithmetic alone: hold.cpp.
#include <complaints/domain/error.hpp>
#include <complaints/domain/lifecycle.hpp>

#include <doctest/doctest.h>

#include "support.hpp"

#include <nlohmann/json.hpp>

#include <string>

using namespace complaints;
using namespace complaints::domain;
using namespace std::chrono_literals;
using nlohmann::json;

using test_support::at;
using test_support::check_refused;
using test_support::cst;
using test_support::hold_for;
using test_support::in_status;
using test_support::registered;
using test_support::registration;
using test_support::spec_policy;

namespace {

json details_of(const Event& e) {
    return json::parse(details_json(e.details));
}

// A complaint of `kind` and `severity` registered at `received`.
Complaint registered_as(const Policy& p, Instant received, std::string kind = "complaint",
                        std::string severity = "general") {
    Registration r = registration();
    r.kind = std::move(kind);
    r.severity = std::move(severity);
    return registered(p, r, received);
}

std::optional<Instant> due(const Complaint& c, Milestone m) {
    return c.milestone(m).due;
}

}  // namespace

TEST_CASE("resume: the worked examples of SPEC §10") {
    const Policy p = spec_policy();

    SUBCASE("wd: 16 working hours held, Mon 11-30 18:00 -> Wed 12-02 18:00") {
        Complaint c = registered_as(p, cst(2026, 11, 23, 10));  // Mon: resolve 5wd
        REQUIRE(due(c, Milestone::resolve) == cst(2026, 11, 30, 18));
        REQUIRE(due(c, Milestone::assign) == cst(2026, 11, 24, 18));
        hold(c, hold_for(), p, at(cst(2026, 11, 24, 10)));
        const Event e = resume(c, std::string("客户已回复"), p, at(cst(2026, 11, 26, 10)));
        CHECK(c.status == Status::registered);
        CHECK(due(c, Milestone::resolve) == cst(2026, 12, 2, 18));
        // The 1wd deadlines (Tue 18:00) move by the same 16 working hours.
        CHECK(due(c, Milestone::assign) == cst(2026, 11, 26, 18));
        CHECK(due(c, Milestone::acknowledge) == cst(2026, 11, 26, 18));
        const json d = details_of(e);
        CHECK(d["held_seconds"] == 2 * 24 * 3600);
        CHECK(d["to"] == "registered");
        CHECK(d["note"] == "客户已回复");
        CHECK(
            d["deadlines"] ==
            json::parse(
                R"([{"from":"2026-11-24T10:00:00Z","milestone":"acknowledge","to":"2026-11-26T10:00:00Z"},
                              {"from":"2026-11-24T10:00:00Z","milestone":"assign","to":"2026-11-26T10:00:00Z"},
                              {"from":"2026-11-30T10:00:00Z","milestone":"resolve","to":"2026-12-02T10:00:00Z"}])"));
    }

    SUBCASE("h: clock time, Tue 11-24 10:00 -> Tue 11-24 13:00") {
        Complaint c = registered_as(p, cst(2026, 11, 23, 10), "inquiry");  // resolve 24h
        REQUIRE(due(c, Milestone::resolve) == cst(2026, 11, 24, 10));
        hold(c, hold_for(), p, at(cst(2026, 11, 23, 12)));
        resume(c, std::nullopt, p, at(cst(2026, 11, 23, 15)));
        CHECK(due(c, Milestone::resolve) == cst(2026, 11, 24, 13));
        // The wd deadlines move by the working time held: 13:00-15:00 (lunch excluded).
        CHECK(due(c, Milestone::assign) == cst(2026, 11, 25, 11));
    }

    SUBCASE("bh: 1.5 working hours over a weekend, Mon 11-23 10:00 -> 11:30") {
        // urgent: assign 30m, investigate 4bh, resolve 1wd.
        Complaint c = registered_as(p, cst(2026, 11, 20, 14), "complaint", "urgent");
        assign(c, test_support::to("zhang"), p, at(cst(2026, 11, 20, 15)));
        REQUIRE(due(c, Milestone::investigate) == cst(2026, 11, 23, 10));
        const auto assign_before = c.milestone(Milestone::assign);
        hold(c, hold_for(HoldReason::waiting_parts), p, at(cst(2026, 11, 20, 17)));
        const Event e = resume(c, std::nullopt, p, at(cst(2026, 11, 23, 9, 30)));
        CHECK(c.status == Status::assigned);
        CHECK(due(c, Milestone::investigate) == cst(2026, 11, 23, 11, 30));
        CHECK(due(c, Milestone::resolve) == cst(2026, 11, 24, 10, 30));  // Mon 18:00 + 1.5h
        // Met: does not move.
        CHECK(c.milestone(Milestone::assign).due == assign_before.due);
        CHECK(c.milestone(Milestone::assign).met_at == assign_before.met_at);
        // Not started: does not start.
        CHECK_FALSE(c.milestone(Milestone::revisit).due.has_value());
        for (const auto& change : std::get<ResumeDetails>(e.details).deadlines) {
            CAPTURE(to_string(change.milestone));
            CHECK(change.milestone != Milestone::assign);
            CHECK(change.milestone != Milestone::revisit);
        }
    }
}

TEST_CASE("resume: over the October holidays and the make-up Saturday") {
    const Policy p = spec_policy();
    // Wed 09-30 10:00: acknowledge 1wd -> Thu 10-08 18:00 (SPEC §3.1); resolve
    // 5wd -> 10-08, 09, 10 (Sat, worked), 12, 13 -> Tue 10-13 18:00.
    Complaint c = registered_as(p, cst(2026, 9, 30, 10));
    REQUIRE(due(c, Milestone::acknowledge) == cst(2026, 10, 8, 18));
    REQUIRE(due(c, Milestone::resolve) == cst(2026, 10, 13, 18));

    SUBCASE("wd: only the working time held counts") {
        // Held Wed 16:00 -> Fri 10-09 10:00: 2h + Thu 8h + 1h = 11 working hours.
        hold(c, hold_for(), p, at(cst(2026, 9, 30, 16)));
        resume(c, std::nullopt, p, at(cst(2026, 10, 9, 10)));
        // Thu 18:00 + 11h: Fri 8h, then 3h of the make-up Saturday.
        CHECK(due(c, Milestone::acknowledge) == cst(2026, 10, 10, 12));
        // Tue 18:00 + 11h: Wed 8h, Thu 3h.
        CHECK(due(c, Milestone::resolve) == cst(2026, 10, 15, 12));
        CHECK(c.held_seconds == (8 * 24 + 18) * 3600);
    }

    SUBCASE("a hold entirely inside the holidays moves wd deadlines by nothing") {
        hold(c, hold_for(), p, at(cst(2026, 10, 1, 9)));
        const Event e = resume(c, std::nullopt, p, at(cst(2026, 10, 7, 18)));
        CHECK(due(c, Milestone::acknowledge) == cst(2026, 10, 8, 18));
        CHECK(due(c, Milestone::resolve) == cst(2026, 10, 13, 18));
        CHECK(std::get<ResumeDetails>(e.details).deadlines.empty());
        CHECK(c.held_seconds == (6 * 24 + 9) * 3600);
    }

    SUBCASE("a hold over the make-up Saturday counts its hours") {
        hold(c, hold_for(), p, at(cst(2026, 10, 10, 9)));
        resume(c, std::nullopt, p, at(cst(2026, 10, 11, 12)));  // Sunday: 8 working hours held
        CHECK(due(c, Milestone::resolve) == cst(2026, 10, 14, 18));
    }

    SUBCASE("h: clock time, holidays or not") {
        Complaint q = registered_as(p, cst(2026, 9, 30, 10), "inquiry");  // resolve 24h
        REQUIRE(due(q, Milestone::resolve) == cst(2026, 10, 1, 10));
        hold(q, hold_for(), p, at(cst(2026, 9, 30, 11)));
        resume(q, std::nullopt, p, at(cst(2026, 10, 10, 11)));
        CHECK(due(q, Milestone::resolve) == cst(2026, 10, 11, 10));
    }
}

TEST_CASE("hold and resume, several times") {
    const Policy p = spec_policy();
    Complaint c = registered_as(p, cst(2026, 11, 23, 10));  // resolve Mon 11-30 18:00
    const Instant h1 = cst(2026, 11, 23, 14), r1 = cst(2026, 11, 23, 16);  // 2 working hours
    const Instant h2 = cst(2026, 11, 24, 11), r2 = cst(2026, 11, 24, 14);  // 2 (lunch out)
    hold(c, hold_for(), p, at(h1));
    CHECK(c.held_from == Status::registered);
    CHECK(c.hold_reason == HoldReason::waiting_customer);
    resume(c, std::nullopt, p, at(r1));
    CHECK(due(c, Milestone::resolve) == cst(2026, 12, 1, 11));
    CHECK(c.held_seconds == 2 * 3600);
    CHECK(c.holds == std::vector<HoldPeriod>{{h1, r1}});
    CHECK_FALSE(c.held_from.has_value());
    CHECK_FALSE(c.hold_reason.has_value());

    assign(c, test_support::to("zhang"), p, at(cst(2026, 11, 24, 10)));
    hold(c, hold_for(HoldReason::waiting_third_party), p, at(h2));
    CHECK(c.held_from == Status::assigned);
    resume(c, std::nullopt, p, at(r2));
    CHECK(c.status == Status::assigned);
    CHECK(due(c, Milestone::resolve) == cst(2026, 12, 1, 14));  // 11:00 + 2h over lunch
    // investigate started at 10:00 (3wd -> Fri 11-27 18:00) and moved by the second only.
    CHECK(due(c, Milestone::investigate) == cst(2026, 11, 30, 11));
    CHECK(c.held_seconds == 5 * 3600);
    CHECK(c.holds == std::vector<HoldPeriod>{{h1, r1}, {h2, r2}});
}

TEST_CASE("resume returns to the status held from") {
    const Policy p = spec_policy();
    for (const Status from :
         {Status::registered, Status::assigned, Status::investigating, Status::resolved}) {
        CAPTURE(to_string(from));
        Complaint c = in_status(Status::on_hold, p, from);
        CHECK(c.held_from == from);
        const Event h = [&] {
            Complaint again = in_status(from, p);
            return hold(again, hold_for(), p, at(test_support::k_held_at));
        }();
        CHECK(details_of(h)["from"] == std::string(to_string(from)));
        const Event e = resume(c, std::nullopt, p, at(cst(2026, 11, 24, 10)));
        CHECK(c.status == from);
        CHECK(details_of(e)["to"] == std::string(to_string(from)));
        CHECK(c.milestone(Milestone::hold).met_at == cst(2026, 11, 24, 10));
    }
}

TEST_CASE("withdraw while on hold ends the hold") {
    const Policy p = spec_policy();
    Complaint c = in_status(Status::on_hold, p, Status::investigating);
    const auto resolve_due = due(c, Milestone::resolve);
    const Instant t = cst(2026, 11, 24, 11);
    withdraw(c, std::nullopt, p, at(t));
    CHECK(c.status == Status::withdrawn);
    CHECK(c.holds == std::vector<HoldPeriod>{{test_support::k_held_at, t}});
    CHECK(c.held_seconds == 24 * 3600);
    CHECK_FALSE(c.held_from.has_value());
    CHECK_FALSE(c.hold_reason.has_value());
    CHECK(c.milestone(Milestone::hold).met_at == t);
    CHECK(due(c, Milestone::resolve) == resolve_due);  // nothing to move: it ended
    CHECK(c.state(Milestone::resolve, t + 1000h) == MilestoneState::stopped);
    CHECK_FALSE(c.is_overdue(t + 1000h));
}

TEST_CASE("[hold] review_after: the hold milestone") {
    Policy p = spec_policy();
    const Instant held = cst(2026, 11, 24, 10);

    SUBCASE("without it, a hold has no review deadline") {
        Complaint c = registered_as(p, cst(2026, 11, 23, 10));
        const Event e = hold(c, hold_for(), p, at(held));
        CHECK(c.milestone(Milestone::hold).started_at == held);
        CHECK_FALSE(due(c, Milestone::hold).has_value());
        CHECK_FALSE(details_of(e).contains("review_due"));
        CHECK_FALSE(c.is_overdue(held + 10000h));
    }

    SUBCASE("with it, due at the hold start plus review_after; met by resume") {
        p.limits[Milestone::hold] = Duration{5, DurationUnit::working_days};
        Complaint c = registered_as(p, cst(2026, 11, 23, 10));
        const Event e = hold(c, hold_for(), p, at(held));
        const Instant review = cst(2026, 12, 1, 18);
        CHECK(due(c, Milestone::hold) == review);
        CHECK(details_of(e)["review_due"] == "2026-12-01T10:00:00Z");
        // While on hold: the others are paused, only the review can be overdue.
        CHECK(c.state(Milestone::resolve, review) == MilestoneState::paused);
        CHECK(c.state(Milestone::hold, review) == MilestoneState::pending);
        CHECK_FALSE(c.is_overdue(review));
        CHECK(c.is_overdue(review + 1s));
        CHECK(c.state(Milestone::hold, review + 1s) == MilestoneState::overdue);
        CHECK(c.next_deadline() == review);
        resume(c, std::nullopt, p, at(held + 1h));
        CHECK(c.milestone(Milestone::hold).met_at == held + 1h);
        CHECK(c.state(Milestone::hold, review + 1s) == MilestoneState::met);
        CHECK(c.next_deadline() != review);
    }
}

TEST_CASE("a complaint on hold is never overdue but for its review") {
    const Policy p = spec_policy();
    Complaint c = registered_as(p, cst(2026, 11, 23, 10));
    const Instant long_after = cst(2027, 1, 1);
    CHECK(c.is_overdue(long_after));
    hold(c, hold_for(), p, at(cst(2026, 11, 23, 11)));
    CHECK_FALSE(c.is_overdue(long_after));
    for (const Milestone m : {Milestone::acknowledge, Milestone::assign, Milestone::resolve}) {
        CAPTURE(to_string(m));
        CHECK(c.state(m, long_after) == MilestoneState::paused);
        CHECK(c.milestone(m).state(long_after) == MilestoneState::overdue);  // the clock alone
    }
    CHECK(c.state(Milestone::investigate, long_after) == MilestoneState::not_started);
    CHECK_FALSE(c.next_deadline().has_value());
}

TEST_CASE("hold and resume refused") {
    const Policy p = spec_policy();
    SUBCASE("hold on hold: resume it first") {
        Complaint c = in_status(Status::on_hold, p);
        const std::string message =
            check_refused(c, [&](Complaint& x) { hold(x, hold_for(), p, at(cst(2026, 11, 24))); });
        CHECK(message.find("is on hold; resume it first") != std::string::npos);
    }
    SUBCASE("resume before the hold") {
        Complaint c = in_status(Status::on_hold, p);
        check_refused(
            c, [&](Complaint& x) { resume(x, std::nullopt, p, at(test_support::k_held_at - 1s)); });
    }
}
