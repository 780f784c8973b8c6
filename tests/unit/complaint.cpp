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

TEST_CASE("Complaint::counts") {
    // SPEC §10: nothing counts when final; on hold only the hold review;
    // otherwise all but the hold review.
    for (const Status status : k_statuses) {
        for (const Milestone m : k_milestones) {
            CAPTURE(to_string(status));
            CAPTURE(to_string(m));
            bool expected = false;
            if (status == Status::on_hold)
                expected = m == Milestone::hold;
            else if (!is_final(status))
                expected = m != Milestone::hold;
            CHECK(Complaint::counts(m, status) == expected);
        }
    }
    CHECK(k_final_statuses.size() == 3);
    for (const Status s : {Status::closed, Status::rejected, Status::withdrawn}) CHECK(is_final(s));
    for (const Status s : {Status::registered, Status::assigned, Status::investigating,
                           Status::awaiting_approval, Status::resolved, Status::on_hold})
        CHECK_FALSE(is_final(s));
    // SPEC §11: waiting for approval counts against the resolve milestone.
    CHECK(Complaint::counts(Milestone::resolve, Status::awaiting_approval));
}

TEST_CASE("Complaint::state and is_overdue by status") {
    // Every milestone unmet and past due, then met late, in every status.
    const Instant now = k_due + 1h;
    for (const Status status : k_statuses) {
        CAPTURE(to_string(status));
        Complaint c;
        c.status = status;
        for (const Milestone m : k_milestones) c.milestone(m).due = k_due;
        for (const Milestone m : k_milestones) {
            CAPTURE(to_string(m));
            MilestoneState expected = MilestoneState::overdue;
            if (is_final(status))
                expected = MilestoneState::stopped;
            else if (!Complaint::counts(m, status))
                expected = MilestoneState::paused;
            CHECK(c.state(m, now) == expected);
            // Ahead of the deadline: pending unless paused or stopped.
            CHECK(c.state(m, k_due - 1h) ==
                  (expected == MilestoneState::overdue ? MilestoneState::pending : expected));
            // Met or never started: the same in every status.
            Complaint met = c;
            met.milestone(m).met_at = k_due + 1s;
            CHECK(met.state(m, now) == MilestoneState::met_late);
            met.milestone(m).met_at = k_due;
            CHECK(met.state(m, now) == MilestoneState::met);
            Complaint fresh;
            fresh.status = status;
            CHECK(fresh.state(m, now) == MilestoneState::not_started);
        }
        CHECK(c.is_overdue(now) == !is_final(status));
        CHECK_FALSE(c.is_overdue(k_due));
        // On hold, only the review makes it overdue.
        Complaint no_review = c;
        no_review.milestone(Milestone::hold).due.reset();
        CHECK(no_review.is_overdue(now) == (!is_final(status) && status != Status::on_hold));
        // next_deadline: only milestones that count.
        CHECK(c.next_deadline().has_value() == !is_final(status));
        CHECK(no_review.next_deadline().has_value() ==
              (!is_final(status) && status != Status::on_hold));
    }
}

TEST_CASE("Complaint::milestone") {
    Complaint c;
    c.milestone(Milestone::investigate).due = k_due;
    CHECK(c.milestones[2].due == k_due);  // acknowledge, assign, investigate, ...
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
                                                   {Status::awaiting_approval, "awaiting_approval"},
                                                   {Status::resolved, "resolved"},
                                                   {Status::closed, "closed"},
                                                   {Status::on_hold, "on_hold"},
                                                   {Status::rejected, "rejected"},
                                                   {Status::withdrawn, "withdrawn"}};
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
    // SPEC §10: acknowledge comes first; hold (the review of a long hold) last.
    const std::pair<Milestone, const char*> rows[] = {
        {Milestone::acknowledge, "acknowledge"}, {Milestone::assign, "assign"},
        {Milestone::investigate, "investigate"}, {Milestone::resolve, "resolve"},
        {Milestone::revisit, "revisit"},         {Milestone::hold, "hold"}};
    CHECK(k_milestones.size() == std::size(rows));
    for (std::size_t i = 0; i < std::size(rows); ++i) CHECK(k_milestones[i] == rows[i].first);
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
        CHECK(to_string(MilestoneState::paused) == "paused");
        CHECK(to_string(MilestoneState::stopped) == "stopped");
    }
}
