// Four eyes (SPEC §11): when a resolution needs approval, who may approve or
// decline it (the table of role × limit × amount × proposer), and the steps
// resolve (as a proposal), approve and decline.
#include <complaints/domain/approval.hpp>
#include <complaints/domain/error.hpp>
#include <complaints/domain/lifecycle.hpp>

#include <doctest/doctest.h>

#include "support.hpp"

#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <vector>

using namespace complaints;
using namespace complaints::domain;
using namespace std::chrono_literals;

namespace {

using test_support::at;
using test_support::check_refused;
using test_support::cst;
using test_support::in_status;
using test_support::k_investigated_at;
using test_support::k_resolved_at;
using test_support::resolution;
using test_support::shanghai;

Person person(std::string key, Role role) {
    Person p;
    p.key = std::move(key);
    p.role = role;
    return p;
}

// The built-in policy with people of every role and the limits of SPEC §11:
// agent 500.00, supervisor 5000.00, manager unlimited; supervisors and
// managers approve. `zhang` is the assignee of `in_status`.
Policy with_authority() {
    Policy p = shanghai();
    p.people = {person("ann", Role::agent),      person("zhang", Role::agent),
                person("sam", Role::supervisor), person("sue", Role::supervisor),
                person("max", Role::manager),    person("mia", Role::manager),
                person("vic", Role::viewer),     person("li", Role::agent)};
    p.authority.limit(Role::agent) = Money{50000};
    p.authority.limit(Role::supervisor) = Money{500000};
    p.authority.limit(Role::manager) = std::nullopt;
    return p;
}

std::optional<Money> amount(const char* text) {
    if (!text) return std::nullopt;
    const auto m = Money::parse(text);
    REQUIRE(m.has_value());
    return m;
}

// A complaint investigating, then proposed by `proposer` for `amount`.
Complaint proposed(const Policy& p, const char* how_much, const std::string& proposer = "zhang") {
    Complaint c = in_status(Status::investigating, shanghai());
    ResolutionRequest r = resolution();
    r.amount = amount(how_much);
    resolve(c, r, p, at(k_resolved_at, proposer));
    REQUIRE(c.status == Status::awaiting_approval);
    return c;
}

std::string check_name(const std::optional<ApprovalRefusal>& r) {
    if (!r) return "ok";
    switch (r->check) {
        case ApprovalCheck::role:
            return "role";
        case ApprovalCheck::limit:
            return "limit";
        case ApprovalCheck::proposer:
            return "proposer";
    }
    return "?";
}

}  // namespace

TEST_CASE("who may approve what: role × limit × amount × proposer") {
    const Policy p = with_authority();
    Policy no_limits = with_authority();
    no_limits.authority = Authority{};  // no [authority]: no limits, supervisor and manager approve
    Policy managers_only = with_authority();
    managers_only.authority.approvers = {Role::manager};
    Policy no_people = shanghai();

    struct Row {
        const Policy* policy;
        const char* actor;
        const char* amount;  // nullptr: no amount
        const char* proposer;
        const char* expected;  // ok, role, limit or proposer
        const char* reason;    // the refusal's reason, when refused
    };
    const Row rows[] = {
        // Roles that do not approve, whatever the amount.
        {&p, "ann", "100.00", "zhang", "role",
         "ann is an agent; approvers are supervisor, manager"},
        {&p, "ann", nullptr, "zhang", "role", "ann is an agent; approvers are supervisor, manager"},
        {&p, "vic", "1.00", "zhang", "role", "vic is a viewer; approvers are supervisor, manager"},
        {&managers_only, "sam", "1.00", "zhang", "role",
         "sam is a supervisor; approvers are manager"},
        // A supervisor: up to and including the limit, exactly in minor units.
        {&p, "sam", "4999.99", "zhang", "ok", ""},
        {&p, "sam", "5000.00", "zhang", "ok", ""},
        {&p, "sam", "5000", "zhang", "ok", ""},
        {&p, "sam", "5000.01", "zhang", "limit",
         "5000.01 is above sam's limit (supervisor 5000.00)"},
        {&p, "sam", "8000.00", "zhang", "limit",
         "8000.00 is above sam's limit (supervisor 5000.00)"},
        {&p, "sam", nullptr, "zhang", "ok", ""},
        // A manager: unlimited.
        {&p, "max", "8000.00", "zhang", "ok", ""},
        {&p, "max", "999999999999999.99", "zhang", "ok", ""},
        {&p, "max", nullptr, "zhang", "ok", ""},
        // Never one's own proposal, even within one's limit; the role and
        // limit checks come first.
        {&p, "sam", "100.00", "sam", "proposer", "sam proposed it; a second person must approve"},
        {&p, "max", "8000.00", "max", "proposer", "max proposed it; a second person must approve"},
        {&p, "sam", "8000.00", "sam", "limit", "8000.00 is above sam's limit (supervisor 5000.00)"},
        {&p, "ann", "100.00", "ann", "role", "ann is an agent; approvers are supervisor, manager"},
        {&p, "sue", "100.00", "sam", "ok", ""},
        {&p, "mia", "8000.00", "max", "ok", ""},
        // Without [authority]: no limits; the default approvers.
        {&no_limits, "sam", "8000.00", "zhang", "ok", ""},
        {&no_limits, "ann", "8000.00", "zhang", "role",
         "ann is an agent; approvers are supervisor, manager"},
        // Without [people]: anyone but the proposer.
        {&no_people, "anyone", "8000.00", "zhang", "ok", ""},
        {&no_people, "anyone", nullptr, "zhang", "ok", ""},
        {&no_people, "zhang", "8000.00", "zhang", "proposer",
         "zhang proposed it; a second person must approve"},
    };
    for (const Row& row : rows) {
        CAPTURE(row.actor);
        CAPTURE(row.amount ? row.amount : "no amount");
        CAPTURE(row.proposer);
        const auto refusal =
            check_approver(*row.policy, row.actor, amount(row.amount), row.proposer);
        CHECK(check_name(refusal) == row.expected);
        CHECK((refusal ? refusal->reason : std::string()) == row.reason);
    }

    SUBCASE("decline is worded with its own verb") {
        const auto refusal = check_approver(p, "sam", amount("1.00"), "sam", "decline");
        REQUIRE(refusal.has_value());
        CHECK(refusal->reason == "sam proposed it; a second person must decline");
    }
}

TEST_CASE("approval_needed") {
    Policy p = with_authority();
    test_support::entry(p, Table::severity, "major").requires_approval = true;

    struct Row {
        const char* actor;
        const char* severity;
        const char* amount;
        const char* waits_for;  // nullptr: no approval needed
    };
    const Row rows[] = {
        {"ann", "general", nullptr, nullptr},
        {"ann", "general", "499.99", nullptr},
        {"ann", "general", "500.00", nullptr},  // equal to the limit is within it
        {"ann", "general", "500.01", "supervisor or manager (500.01 above agent limit 500.00)"},
        {"ann", "general", "8000", "manager (8000.00 above agent limit 500.00)"},
        {"sam", "general", "5000.00", nullptr},
        {"sam", "general", "5000.01", "manager (5000.01 above supervisor limit 5000.00)"},
        {"max", "general", "999999.00", nullptr},
        {"ann", "major", nullptr, "supervisor or manager (major complaints need approval)"},
        {"max", "major", "1.00", "supervisor or manager (major complaints need approval)"},
        {"ann", "major", "8000.00",
         "manager (8000.00 above agent limit 500.00; major complaints need approval)"},
    };
    for (const Row& row : rows) {
        CAPTURE(row.actor);
        CAPTURE(row.severity);
        CAPTURE(row.amount ? row.amount : "no amount");
        const auto need = approval_needed(p, row.actor, row.severity, amount(row.amount));
        CHECK((need ? need->waits_for() : std::string("-")) ==
              (row.waits_for ? row.waits_for : "-"));
    }

    SUBCASE("without [people] only requires_approval, approved by another person") {
        Policy open = shanghai();
        test_support::entry(open, Table::severity, "major").requires_approval = true;
        CHECK_FALSE(approval_needed(open, "x", "general", amount("99999.00")).has_value());
        const auto need = approval_needed(open, "x", "major", amount("99999.00"));
        REQUIRE(need.has_value());
        CHECK(need->waits_for() == "another person (major complaints need approval)");
    }
    SUBCASE("an amount no approver may approve is refused (77)") {
        Policy capped = with_authority();
        capped.authority.limit(Role::manager) = Money{5000000};
        try {
            (void)approval_needed(capped, "ann", "general", amount("90000.00"));
            FAIL("expected a refusal");
        } catch (const Error& e) {
            CHECK(e.code() == ExitCode::no_permission);
            CHECK(std::string(e.what()) ==
                  "no approver may approve 90000.00: the largest approver limit is manager "
                  "50000.00");
        }
        CHECK(approval_needed(capped, "ann", "general", amount("50000.00"))->waits_for() ==
              "manager (50000.00 above agent limit 500.00)");
    }
}

TEST_CASE("resolve that needs approval proposes") {
    const Policy p = with_authority();
    Complaint c = in_status(Status::investigating, shanghai());
    const auto resolve_due = c.milestone(Milestone::resolve).due;
    const auto total_before = c.total_amount;
    ResolutionRequest r = resolution();
    r.amount = amount("8000.00");
    const Event e = resolve(c, r, p, at(k_resolved_at, "zhang"));
    CHECK(c.status == Status::awaiting_approval);
    REQUIRE(c.proposal.has_value());
    CHECK(c.proposal->plan == r.plan);
    CHECK(c.proposal->amount == amount("8000.00"));
    CHECK(c.proposal->by == "zhang");
    CHECK(c.proposal->at == k_resolved_at);
    CHECK_FALSE(c.resolution.has_value());
    CHECK(c.total_amount == total_before);
    // Investigate and acknowledge are met at the proposal; resolve is not.
    CHECK(c.milestone(Milestone::investigate).met_at == k_resolved_at);
    CHECK(c.milestone(Milestone::acknowledge).met_at == k_resolved_at);
    CHECK_FALSE(c.milestone(Milestone::resolve).met_at.has_value());
    CHECK(c.milestone(Milestone::resolve).due == resolve_due);
    CHECK_FALSE(c.milestone(Milestone::revisit).started_at.has_value());
    CHECK(c.next_deadline() == resolve_due);  // waiting counts against resolve
    CHECK(c.last_event_at == k_resolved_at);
    const auto* d = e.as<ResolveDetails>();
    REQUIRE(d != nullptr);
    CHECK(d->awaiting_approval == "manager (8000.00 above agent limit 500.00)");
    CHECK_FALSE(d->revisit_due.has_value());
    CHECK_FALSE(d->closed);

    SUBCASE("nothing else may resolve, hold or reject it") {
        check_refused(c,
                      [&](Complaint& x) { resolve(x, resolution(), p, at(k_resolved_at, "max")); });
        check_refused(c, [&](Complaint& x) {
            hold(x, test_support::hold_for(), p, at(k_resolved_at, "max"));
        });
    }
    SUBCASE("a proposal no approver may approve changes nothing") {
        Policy capped = p;
        capped.authority.limit(Role::manager) = Money{5000000};
        Complaint other = in_status(Status::investigating, shanghai());
        ResolutionRequest big = resolution();
        big.amount = amount("90000.00");
        check_refused(
            other, [&](Complaint& x) { resolve(x, big, capped, at(k_resolved_at, "zhang")); },
            ExitCode::no_permission);
    }
}

TEST_CASE("approve") {
    const Policy p = with_authority();
    Complaint c = proposed(p, "3000.00");
    const Instant approved = k_resolved_at + 2h;

    SUBCASE("the proposal becomes the resolution; resolve met and revisit started at approval") {
        const auto before_total = c.total_amount.value_or(Money{0}).minor;
        const Event e = approve(c, std::string("receipt checked"), p, at(approved, "sam"));
        CHECK(c.status == Status::resolved);
        REQUIRE(c.resolution.has_value());
        CHECK(c.resolution->amount == amount("3000.00"));
        CHECK(c.resolution->by == "zhang");
        CHECK(c.resolution->at == k_resolved_at);
        CHECK_FALSE(c.proposal.has_value());
        CHECK(c.approved_by == "sam");
        CHECK(c.approved_at == approved);
        CHECK(c.milestone(Milestone::resolve).met_at == approved);
        CHECK(c.milestone(Milestone::revisit).started_at == approved);
        // 1wd from Mon 12:00 (built-in revisit limit): the end of Tuesday.
        CHECK(c.milestone(Milestone::revisit).due == cst(2026, 11, 24, 18));
        CHECK(c.total_amount->minor == before_total + 300000);
        CHECK(c.unreachable_count == 0);
        CHECK(c.last_event_at == approved);
        const auto* d = e.as<ApproveDetails>();
        REQUIRE(d != nullptr);
        CHECK(d->note == "receipt checked");
        CHECK(d->proposed_by == "zhang");
        CHECK(d->amount == amount("3000.00"));
        CHECK(d->revisit_due == c.milestone(Milestone::revisit).due);
        CHECK_FALSE(d->closed);
        CHECK(e.actor == "sam");
    }
    SUBCASE("each failed check is 77 and changes nothing, first failure named") {
        const auto refused = [&](const std::string& actor) {
            return check_refused(
                c, [&](Complaint& x) { approve(x, std::nullopt, p, at(approved, actor)); },
                ExitCode::no_permission);
        };
        CHECK(refused("ann") ==
              "cannot approve complaint 20261120-TEL-001: ann is an agent; "
              "approvers are supervisor, manager");
        Complaint big = proposed(p, "8000.00");
        CHECK(check_refused(
                  big, [&](Complaint& x) { approve(x, std::nullopt, p, at(approved, "sam")); },
                  ExitCode::no_permission) ==
              "cannot approve complaint 20261120-TEL-001: 8000.00 is above sam's limit "
              "(supervisor 5000.00)");
        // A manager covers it.
        approve(big, std::nullopt, p, at(approved, "max"));
        CHECK(big.status == Status::resolved);
    }
    SUBCASE("the proposer may not approve") {
        Policy major = p;
        test_support::entry(major, Table::severity, "general").requires_approval = true;
        Complaint own = proposed(major, "100.00", "sam");
        CHECK(check_refused(
                  own, [&](Complaint& x) { approve(x, std::nullopt, major, at(approved, "sam")); },
                  ExitCode::no_permission) ==
              "cannot approve complaint 20261120-TEL-001: sam proposed it; a second person must "
              "approve");
        approve(own, std::nullopt, major, at(approved, "sue"));
        CHECK(own.status == Status::resolved);
    }
    SUBCASE("a viewer, or someone not in [people], is refused before the checks") {
        check_refused(
            c, [&](Complaint& x) { approve(x, std::nullopt, p, at(approved, "vic")); },
            ExitCode::no_permission);
        check_refused(
            c, [&](Complaint& x) { approve(x, std::nullopt, p, at(approved, "nobody")); },
            ExitCode::no_permission);
    }
    SUBCASE("the status is checked first (65)") {
        Complaint resolved = in_status(Status::resolved, shanghai());
        CHECK(check_refused(
                  resolved,
                  [&](Complaint& x) { approve(x, std::nullopt, p, at(approved, "ann")); }) ==
              "cannot approve complaint 20261120-TEL-001: it is resolved; approve needs a "
              "complaint that is awaiting_approval");
    }
    SUBCASE("not before the proposal") {
        check_refused(
            c, [&](Complaint& x) { approve(x, std::nullopt, p, at(k_resolved_at - 1s, "sam")); });
    }
    SUBCASE("a kind that closes at resolve closes at approval") {
        Complaint inquiry = in_status(Status::investigating, shanghai());
        inquiry.kind = "inquiry";
        ResolutionRequest r = resolution();
        r.amount = amount("800.00");
        resolve(inquiry, r, p, at(k_resolved_at, "zhang"));
        REQUIRE(inquiry.status == Status::awaiting_approval);
        CHECK_FALSE(inquiry.closed_at.has_value());
        const Event e = approve(inquiry, std::nullopt, p, at(approved, "sam"));
        CHECK(inquiry.status == Status::closed);
        CHECK(inquiry.closed_at == approved);
        CHECK_FALSE(inquiry.milestone(Milestone::revisit).due.has_value());
        CHECK(e.as<ApproveDetails>()->closed);
    }
    SUBCASE("a later resolution that needs no approval clears approved_by and approved_at") {
        approve(c, std::nullopt, p, at(approved, "sam"));
        revisit(c, test_support::revisit_with(RevisitResult::unsatisfied), p,
                at(approved + 1h, "zhang"));
        REQUIRE(c.status == Status::investigating);
        ResolutionRequest small = resolution();
        small.amount = amount("10.00");
        resolve(c, small, p, at(approved + 2h, "zhang"));
        CHECK(c.status == Status::resolved);
        CHECK_FALSE(c.approved_by.has_value());
        CHECK_FALSE(c.approved_at.has_value());
        CHECK(c.total_amount == amount("3010.00"));  // every resolution's amount
    }
}

TEST_CASE("decline") {
    const Policy p = with_authority();
    Complaint c = proposed(p, "3000.00");
    const Instant declined = k_resolved_at + 1h;

    SUBCASE("back to investigating, nothing else changes") {
        Complaint before = c;
        const Event e = decline(c, "offer a repair first", p, at(declined, "max"));
        CHECK(c.status == Status::investigating);
        CHECK_FALSE(c.proposal.has_value());
        CHECK_FALSE(c.resolution.has_value());
        CHECK(c.total_amount == before.total_amount);
        CHECK_FALSE(c.milestone(Milestone::resolve).met_at.has_value());
        CHECK(c.milestone(Milestone::resolve).due == before.milestone(Milestone::resolve).due);
        CHECK_FALSE(c.approved_by.has_value());
        CHECK(c.last_event_at == declined);
        const auto* d = e.as<DeclineDetails>();
        REQUIRE(d != nullptr);
        CHECK(d->note == "offer a repair first");
        CHECK(d->proposed_by == "zhang");
        // It may be proposed again.
        ResolutionRequest r = resolution();
        r.amount = amount("400.00");
        resolve(c, r, p, at(declined + 1h, "zhang"));
        CHECK(c.status == Status::resolved);
    }
    SUBCASE("the same checks, worded for decline") {
        CHECK(check_refused(
                  c, [&](Complaint& x) { decline(x, "no", p, at(declined, "ann")); },
                  ExitCode::no_permission) ==
              "cannot decline complaint 20261120-TEL-001: ann is an agent; approvers are "
              "supervisor, manager");
        Complaint own = proposed(p, "8000.00", "sam");
        CHECK(check_refused(
                  own, [&](Complaint& x) { decline(x, "no", p, at(declined, "sam")); },
                  ExitCode::no_permission) ==
              "cannot decline complaint 20261120-TEL-001: 8000.00 is above sam's limit "
              "(supervisor 5000.00)");
        Policy major = p;
        test_support::entry(major, Table::severity, "general").requires_approval = true;
        Complaint mine = proposed(major, "8000.00", "max");
        CHECK(check_refused(
                  mine, [&](Complaint& x) { decline(x, "no", major, at(declined, "max")); },
                  ExitCode::no_permission) ==
              "cannot decline complaint 20261120-TEL-001: max proposed it; a second person must "
              "decline");
        decline(mine, "no", major, at(declined, "mia"));
        CHECK(mine.status == Status::investigating);
    }
    SUBCASE("a note is required") {
        check_refused(
            c, [&](Complaint& x) { decline(x, "  ", p, at(declined, "max")); }, ExitCode::usage);
    }
}

TEST_CASE("withdraw while awaiting approval: the proposal is never decided, so it is dropped") {
    const Policy p = with_authority();
    Complaint c = proposed(p, "8000.00");
    REQUIRE(c.status == Status::awaiting_approval);
    REQUIRE(c.proposal);
    withdraw(c, std::string("客户撤诉"), p, at(cst(2026, 11, 25, 10), "zhang"));
    CHECK(c.status == Status::withdrawn);
    CHECK_FALSE(c.proposal);
    CHECK_FALSE(c.resolution);
    CHECK_FALSE(c.approved_by);
    CHECK_FALSE(c.milestone(Milestone::resolve).met_at);
}
