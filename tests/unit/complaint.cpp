#include <complaints/domain/complaint.hpp>

#include <doctest/doctest.h>

#include "support.hpp"

#include <optional>
#include <string>

using namespace complaints::domain;
using namespace std::chrono_literals;

using test_support::utc;

namespace {

const Instant k_due = utc(2026, 11, 23, 10);

}  // namespace

TEST_CASE("MilestoneClock::state") {
    struct Row {
        const char* what;
        std::optional<Instant> due, met_at;
        Instant now;
        MilestoneState expected;
    };
    const Row rows[] = {
        {"no clock", std::nullopt, std::nullopt, k_due, MilestoneState::not_started},
        {"no clock, long after", std::nullopt, std::nullopt, k_due + 1000h,
         MilestoneState::not_started},
        {"deadline ahead", k_due, std::nullopt, k_due - 1h, MilestoneState::pending},
        {"exactly at the deadline", k_due, std::nullopt, k_due, MilestoneState::pending},
        {"one second after", k_due, std::nullopt, k_due + 1s, MilestoneState::overdue},
        {"long after", k_due, std::nullopt, k_due + 72h, MilestoneState::overdue},
        {"met early", k_due, k_due - 2h, k_due + 72h, MilestoneState::met},
        {"met exactly at the deadline", k_due, k_due, k_due + 72h, MilestoneState::met},
        {"met one second late", k_due, k_due + 1s, k_due + 72h, MilestoneState::met_late},
        {"met late, looked at before", k_due, k_due + 5h, k_due - 1h, MilestoneState::met_late},
        {"met without a deadline", std::nullopt, k_due, k_due, MilestoneState::met},
    };
    for (const Row& row : rows) {
        CAPTURE(row.what);
        const MilestoneClock clock{row.due, row.met_at};
        CHECK(clock.state(row.now) == row.expected);
    }
}

TEST_CASE("Complaint::next_deadline") {
    Complaint c;
    SUBCASE("no clock started") {
        CHECK_FALSE(c.next_deadline().has_value());
    }
    SUBCASE("the earliest unmet deadline") {
        c.milestone(Milestone::assign).due = k_due + 5h;
        c.milestone(Milestone::resolve).due = k_due + 2h;
        c.milestone(Milestone::investigate).due = k_due + 9h;
        CHECK(c.next_deadline() == k_due + 2h);
    }
    SUBCASE("met milestones do not count") {
        c.milestone(Milestone::assign).due = k_due;
        c.milestone(Milestone::assign).met_at = k_due - 1h;
        c.milestone(Milestone::resolve).due = k_due + 48h;
        CHECK(c.next_deadline() == k_due + 48h);
    }
    SUBCASE("all met") {
        for (const Milestone m : k_milestones) {
            c.milestone(m).due = k_due;
            c.milestone(m).met_at = k_due;
        }
        CHECK_FALSE(c.next_deadline().has_value());
    }
    SUBCASE("an overdue deadline is still the next one") {
        c.milestone(Milestone::revisit).due = k_due - 100h;
        c.milestone(Milestone::resolve).due = k_due;
        CHECK(c.next_deadline() == k_due - 100h);
    }
}

TEST_CASE("Complaint::is_overdue") {
    Complaint c;
    c.milestone(Milestone::assign).due = k_due;
    c.milestone(Milestone::resolve).due = k_due + 96h;
    CHECK_FALSE(c.is_overdue(k_due - 1s));
    CHECK_FALSE(c.is_overdue(k_due));
    CHECK(c.is_overdue(k_due + 1s));
    SUBCASE("a met milestone is never overdue") {
        c.milestone(Milestone::assign).met_at = k_due + 1h;  // met late
        CHECK_FALSE(c.is_overdue(k_due + 2h));
        CHECK(c.is_overdue(k_due + 96h + 1s));
    }
    SUBCASE("no clocks, never overdue") {
        const Complaint fresh;
        CHECK_FALSE(fresh.is_overdue(k_due + 10000h));
    }
}

TEST_CASE("Complaint::milestone") {
    Complaint c;
    c.milestone(Milestone::investigate).due = k_due;
    CHECK(c.milestones[1].due == k_due);
    const Complaint& view = c;
    CHECK(view.milestone(Milestone::investigate).due == k_due);
    CHECK_FALSE(view.milestone(Milestone::assign).due.has_value());
    CHECK(c.is_open());
    c.status = Status::closed;
    CHECK_FALSE(c.is_open());
}

TEST_CASE("Status::to_string") {
    const std::pair<Status, const char*> rows[] = {{Status::registered, "registered"},
                                                   {Status::assigned, "assigned"},
                                                   {Status::investigating, "investigating"},
                                                   {Status::resolved, "resolved"},
                                                   {Status::closed, "closed"}};
    for (const auto& [status, name] : rows) {
        CAPTURE(name);
        CHECK(to_string(status) == name);
        CHECK(status_from_string(name) == status);
    }
    CHECK(k_statuses.size() == std::size(rows));
    CHECK_FALSE(status_from_string("Closed").has_value());
    CHECK_FALSE(status_from_string("").has_value());
    CHECK_FALSE(status_from_string("open").has_value());
}

TEST_CASE("Outcome::to_string") {
    const std::pair<Outcome, const char*> rows[] = {
        {Outcome::refund, "refund"},   {Outcome::exchange, "exchange"},
        {Outcome::repair, "repair"},   {Outcome::compensation, "compensation"},
        {Outcome::apology, "apology"}, {Outcome::explanation, "explanation"},
        {Outcome::none, "none"}};
    for (const auto& [outcome, name] : rows) {
        CAPTURE(name);
        CHECK(to_string(outcome) == name);
        CHECK(outcome_from_string(name) == outcome);
    }
    CHECK(k_outcomes.size() == std::size(rows));
    CHECK_FALSE(outcome_from_string("REFUND").has_value());
    CHECK_FALSE(outcome_from_string("replace").has_value());
}

TEST_CASE("RevisitResult::to_string") {
    const std::pair<RevisitResult, const char*> rows[] = {
        {RevisitResult::satisfied, "satisfied"},
        {RevisitResult::unsatisfied, "unsatisfied"},
        {RevisitResult::unreachable, "unreachable"}};
    for (const auto& [result, name] : rows) {
        CAPTURE(name);
        CHECK(to_string(result) == name);
        CHECK(revisit_result_from_string(name) == result);
    }
    CHECK_FALSE(revisit_result_from_string("happy").has_value());
    CHECK_FALSE(revisit_result_from_string("").has_value());
}

TEST_CASE("Milestone::to_string") {
    const std::pair<Milestone, const char*> rows[] = {{Milestone::assign, "assign"},
                                                      {Milestone::investigate, "investigate"},
                                                      {Milestone::resolve, "resolve"},
                                                      {Milestone::revisit, "revisit"}};
    for (const auto& [milestone, name] : rows) {
        CAPTURE(name);
        CHECK(to_string(milestone) == name);
        CHECK(milestone_from_string(name) == milestone);
    }
    CHECK_FALSE(milestone_from_string("close").has_value());

    SUBCASE("MilestoneState names") {
        CHECK(to_string(MilestoneState::not_started) == "not_started");
        CHECK(to_string(MilestoneState::pending) == "pending");
        CHECK(to_string(MilestoneState::overdue) == "overdue");
        CHECK(to_string(MilestoneState::met) == "met");
        CHECK(to_string(MilestoneState::met_late) == "met_late");
    }
}
