// The steps of SPEC §10 that decide a complaint (contact, reject, withdraw),
// every step in every status, and the milestones that are not tracked
// ("none", close_on_resolve). Hold and resume: hold.cpp (arithmetic) and
// workflow_hold.cpp (through the lifecycle); edit: edit.cpp.
#include <complaints/domain/approval.hpp>
#include <complaints/domain/error.hpp>
#include <complaints/domain/lifecycle.hpp>

#include <doctest/doctest.h>

#include "support.hpp"

#include <nlohmann/json.hpp>

#include <array>
#include <optional>
#include <string>

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
using test_support::k_number;
using test_support::k_received;
using test_support::registered;
using test_support::registration;
using test_support::shanghai;

namespace {

json details_of(const Event& e) {
    return json::parse(details_json(e.details));
}

ContactRequest contact_note(std::string note = "已电话告知受理") {
    ContactRequest r;
    r.note = std::move(note);
    return r;
}

RejectRequest reject_for(RejectReason reason) {
    RejectRequest r;
    r.reason = reason;
    return r;
}

}  // namespace

TEST_CASE("every step in every status") {
    // SPEC §4, §10 and §11: each command in each of the 9 statuses goes to its
    // status, or is refused with exit 65, a message naming the complaint, its
    // status and what the command needs ("… is on hold; resume it first" while
    // on hold), and the complaint unchanged. Complaints reach each status by
    // the steps themselves; on_hold is held from investigating.
    const Policy p = shanghai();
    const Instant later = cst(2026, 11, 24, 10);
    using Step = Event (*)(Complaint&, const Policy&, Instant);
    constexpr std::size_t k_on_hold = 6;
    struct Command {
        EventType type;
        Step step;
        // registered, assigned, investigating, awaiting_approval, resolved, closed, on_hold,
        // rejected, withdrawn
        std::array<std::optional<Status>, 9> goes_to;  // nullopt: refused
        const char* needs;
        const char* actor = "li";
    };
    const auto S = [](Status s) { return std::optional<Status>(s); };
    const std::optional<Status> no;
    const Command commands[] = {
        {EventType::assign,
         [](Complaint& c, const Policy& p, Instant t) {
             return assign(c, test_support::to("chen"), p, at(t));
         },
         {S(Status::assigned), S(Status::assigned), S(Status::investigating), no, no, no, no, no,
          no},
         "registered, assigned or investigating"},
        {EventType::investigate,
         [](Complaint& c, const Policy& p, Instant t) {
             return investigate(c, test_support::finding(), p, at(t));
         },
         {no, S(Status::investigating), S(Status::investigating), no, no, no, no, no, no},
         "assigned or investigating"},
        {EventType::resolve,
         [](Complaint& c, const Policy& p, Instant t) {
             return resolve(c, test_support::resolution(), p, at(t));
         },
         {no, S(Status::resolved), S(Status::resolved), no, no, no, no, no, no},
         "assigned or investigating"},
        {EventType::revisit,
         [](Complaint& c, const Policy& p, Instant t) {
             const auto events =
                 revisit(c, test_support::revisit_with(RevisitResult::satisfied), p, at(t));
             REQUIRE(events.size() == 1);
             return events.front();
         },
         {no, no, no, no, S(Status::closed), no, no, no, no},
         "resolved"},
        {EventType::contact,
         [](Complaint& c, const Policy& p, Instant t) {
             return contact(c, contact_note(), p, at(t));
         },
         {S(Status::registered), S(Status::assigned), S(Status::investigating),
          S(Status::awaiting_approval), S(Status::resolved), no, S(Status::on_hold), no, no},
         "registered, assigned, investigating, awaiting_approval, resolved or on_hold"},
        {EventType::reject,
         [](Complaint& c, const Policy& p, Instant t) {
             return reject(c, reject_for(RejectReason::out_of_scope), p, at(t));
         },
         {S(Status::rejected), S(Status::rejected), S(Status::rejected), no, no, no, no, no, no},
         "registered, assigned or investigating"},
        {EventType::withdraw,
         [](Complaint& c, const Policy& p, Instant t) {
             return withdraw(c, std::nullopt, p, at(t));
         },
         {S(Status::withdrawn), S(Status::withdrawn), S(Status::withdrawn), S(Status::withdrawn),
          S(Status::withdrawn), no, S(Status::withdrawn), no, no},
         "registered, assigned, investigating, awaiting_approval, resolved or on_hold"},
        {EventType::hold,
         [](Complaint& c, const Policy& p, Instant t) {
             return hold(c, test_support::hold_for(), p, at(t));
         },
         {S(Status::on_hold), S(Status::on_hold), S(Status::on_hold), no, S(Status::on_hold), no,
          no, no, no},
         "registered, assigned, investigating or resolved"},
        {EventType::resume,
         [](Complaint& c, const Policy& p, Instant t) { return resume(c, std::nullopt, p, at(t)); },
         {no, no, no, no, no, no, S(Status::investigating), no, no},
         "on_hold"},
        {EventType::edit,
         [](Complaint& c, const Policy& p, Instant t) {
             EditRequest r;
             r.reason = "客户更正";
             r.summary = "搅拌机一分钟后停转";
             return edit(c, r, p, at(t));
         },
         {S(Status::registered), S(Status::assigned), S(Status::investigating),
          S(Status::awaiting_approval), S(Status::resolved), no, S(Status::on_hold), no, no},
         "registered, assigned, investigating, awaiting_approval, resolved or on_hold"},
        // SPEC §11: a second person (wang) approves or declines li's proposal.
        {EventType::approve,
         [](Complaint& c, const Policy& p, Instant t) {
             return approve(c, std::nullopt, p, at(t, "wang"));
         },
         {no, no, no, S(Status::resolved), no, no, no, no, no},
         "awaiting_approval",
         "wang"},
        {EventType::decline,
         [](Complaint& c, const Policy& p, Instant t) {
             return decline(c, "金额需重新核算", p, at(t, "wang"));
         },
         {no, no, no, S(Status::investigating), no, no, no, no, no},
         "awaiting_approval",
         "wang"},
    };
    REQUIRE(k_statuses[k_on_hold] == Status::on_hold);
    int allowed = 0, refused = 0;
    for (const Command& command : commands) {
        for (std::size_t i = 0; i < k_statuses.size(); ++i) {
            const Status status = k_statuses[i];
            CAPTURE(to_string(command.type));
            CAPTURE(to_string(status));
            Complaint c = in_status(status, p);
            REQUIRE(c.status == status);
            CHECK(is_allowed(command.type, status) == command.goes_to[i].has_value());
            if (command.goes_to[i]) {
                const Event e = command.step(c, p, later);
                CHECK(c.status == *command.goes_to[i]);
                CHECK(e.type() == command.type);
                CHECK(e.at == later);
                CHECK(e.actor == command.actor);
                CHECK(c.last_event_at == later);
                ++allowed;
                continue;
            }
            const std::string message =
                check_refused(c, [&](Complaint& x) { command.step(x, p, later); });
            CHECK(message.find(k_number) != std::string::npos);
            CHECK(message.find(std::string(to_string(command.type))) != std::string::npos);
            if (i == k_on_hold) {
                CHECK(message.find("is on hold; resume it first") != std::string::npos);
            } else {
                CHECK(message.find("it is " + std::string(to_string(status))) != std::string::npos);
                CHECK(message.find(std::string("needs a complaint that is ") + command.needs) !=
                      std::string::npos);
            }
            ++refused;
        }
    }
    CHECK(allowed + refused == 108);
    CHECK(allowed == 36);
}

TEST_CASE("contact") {
    const Policy p = shanghai();
    Complaint c = registered(p);
    const Instant t1 = cst(2026, 11, 20, 16);

    SUBCASE("the first contact meets acknowledge, and says so in its event") {
        ContactRequest r = contact_note();
        r.via = "email";
        r.direction = Direction::in;
        const Event e = contact(c, r, p, at(t1, "zhou"));
        CHECK(c.milestone(Milestone::acknowledge).met_at == t1);
        CHECK(c.state(Milestone::acknowledge, t1) == MilestoneState::met);
        const json d = details_of(e);
        CHECK(
            d ==
            json::parse(
                R"({"acknowledged":true,"direction":"in","note":"已电话告知受理","via":"email"})"));
        CHECK(e.actor == "zhou");

        SUBCASE("a later one does not") {
            const Event again = contact(c, contact_note("再次联系"), p, at(t1 + 1h));
            CHECK(c.milestone(Milestone::acknowledge).met_at == t1);
            CHECK_FALSE(details_of(again).contains("acknowledged"));
            CHECK(std::get<ContactDetails>(again.details).acknowledged == false);
        }
    }

    SUBCASE("defaults: the complaint's channel, direction out") {
        const Event e = contact(c, contact_note(), p, at(t1));
        const json d = details_of(e);
        CHECK(d["via"] == "phone");
        CHECK(d["direction"] == "out");
    }

    SUBCASE("met late after the acknowledge deadline") {
        const Instant late = cst(2026, 11, 24, 9);  // due Mon 23 18:00
        contact(c, contact_note(), p, at(late));
        CHECK(c.state(Milestone::acknowledge, late) == MilestoneState::met_late);
    }

    SUBCASE("a contact changes nothing else") {
        Complaint before = c;
        contact(c, contact_note(), p, at(t1));
        before.milestone(Milestone::acknowledge).met_at = t1;
        before.last_event_at = t1;
        CHECK(describe(c) == describe(before));
    }

    SUBCASE("without an acknowledge deadline nothing is met") {
        // Complaints stored before version 4 have no acknowledge clock.
        c.milestone(Milestone::acknowledge) = MilestoneClock{};
        const Event e = contact(c, contact_note(), p, at(t1));
        CHECK_FALSE(c.milestone(Milestone::acknowledge).met_at.has_value());
        CHECK_FALSE(details_of(e).contains("acknowledged"));
    }

    SUBCASE("refused: empty note (64), unknown channel (65)") {
        check_refused(
            c, [&](Complaint& x) { contact(x, contact_note("  "), p, at(t1)); }, ExitCode::usage);
        ContactRequest r = contact_note();
        r.via = "fax";
        check_refused(c, [&](Complaint& x) { contact(x, r, p, at(t1)); });
    }
}

TEST_CASE("acknowledge is met by reject, withdraw and resolve when no contact came first") {
    const Policy p = shanghai();
    const Instant t = cst(2026, 11, 21, 10);
    using Step = void (*)(Complaint&, const Policy&, Instant);
    struct Row {
        const char* what;
        Status from;
        Step step;
    };
    const Row rows[] = {
        {"reject", Status::registered,
         [](Complaint& c, const Policy& p, Instant t) {
             reject(c, reject_for(RejectReason::incomplete), p, at(t));
         }},
        {"withdraw", Status::registered,
         [](Complaint& c, const Policy& p, Instant t) { withdraw(c, std::nullopt, p, at(t)); }},
        {"withdraw on hold", Status::on_hold,
         [](Complaint& c, const Policy& p, Instant t) { withdraw(c, std::nullopt, p, at(t)); }},
        {"resolve", Status::assigned,
         [](Complaint& c, const Policy& p, Instant t) {
             resolve(c, test_support::resolution(), p, at(t));
         }},
    };
    for (const Row& row : rows) {
        CAPTURE(row.what);
        const Complaint start = row.from == Status::on_hold
                                    ? in_status(Status::on_hold, p, Status::registered)
                                    : in_status(row.from, p);
        const Instant when = *start.last_event_at > t ? *start.last_event_at + 1h : t;
        // Not met before: met now.
        Complaint c = start;
        row.step(c, p, when);
        CHECK(c.milestone(Milestone::acknowledge).met_at == when);
        // Met before by a contact: unchanged.
        Complaint d = start;
        const Instant first = *d.last_event_at;
        contact(d, contact_note(), p, at(first));
        row.step(d, p, when);
        CHECK(d.milestone(Milestone::acknowledge).met_at == first);
    }
}

TEST_CASE("reject") {
    const Policy p = shanghai();
    const Instant t = cst(2026, 11, 21, 10);

    SUBCASE("every reason code, with what it needs") {
        for (const RejectReason reason : all_values<RejectReason>()) {
            CAPTURE(name_of(reason));
            Complaint c = in_status(Status::assigned, p);
            RejectRequest r = reject_for(reason);
            if (reason == RejectReason::duplicate) r.of = "20261119-TEL-001";
            if (reason == RejectReason::other) r.note = "客户要求不合理";
            if (reason == RejectReason::time_barred) r.known_at = cst(2020, 1, 1);
            const Event e = reject(c, r, p, at(t));
            CHECK(c.status == Status::rejected);
            CHECK(c.rejection_reason == reason);
            CHECK(c.rejection_of == r.of);
            CHECK(c.is_open() == false);
            const json d = details_of(e);
            CHECK(d["reason"] == std::string(name_of(reason)));
            CHECK(d.contains("known_at") == (reason == RejectReason::time_barred));
            CHECK(d["of"] == (r.of ? json(*r.of) : json(nullptr)));
            // Final: every unmet milestone is stopped, none overdue.
            CHECK_FALSE(c.is_overdue(t + 1000h));
            CHECK(c.state(Milestone::resolve, t + 1000h) == MilestoneState::stopped);
        }
    }

    SUBCASE("duplicate needs --of (64), and not itself (65)") {
        Complaint c = in_status(Status::registered, p);
        check_refused(
            c, [&](Complaint& x) { reject(x, reject_for(RejectReason::duplicate), p, at(t)); },
            ExitCode::usage);
        RejectRequest self = reject_for(RejectReason::duplicate);
        self.of = k_number;
        const std::string message =
            check_refused(c, [&](Complaint& x) { reject(x, self, p, at(t)); });
        CHECK(message.find("duplicate of itself") != std::string::npos);
    }

    SUBCASE("other needs a note (64)") {
        Complaint c = in_status(Status::registered, p);
        check_refused(
            c, [&](Complaint& x) { reject(x, reject_for(RejectReason::other), p, at(t)); },
            ExitCode::usage);
        RejectRequest blank = reject_for(RejectReason::other);
        blank.note = " \t";
        check_refused(
            c, [&](Complaint& x) { reject(x, blank, p, at(t)); }, ExitCode::usage);
    }

    SUBCASE("--of and --known-at belong to their reasons only (64)") {
        Complaint c = in_status(Status::registered, p);
        for (const RejectReason reason : all_values<RejectReason>()) {
            CAPTURE(name_of(reason));
            if (reason != RejectReason::duplicate) {
                RejectRequest r = reject_for(reason);
                r.note = "n";
                r.of = "20261119-TEL-001";
                if (reason == RejectReason::time_barred) r.known_at = cst(2020, 1, 1);
                check_refused(
                    c, [&](Complaint& x) { reject(x, r, p, at(t)); }, ExitCode::usage);
            }
            if (reason != RejectReason::time_barred) {
                RejectRequest r = reject_for(reason);
                r.note = "n";
                if (reason == RejectReason::duplicate) r.of = "20261119-TEL-001";
                r.known_at = cst(2020, 1, 1);
                check_refused(
                    c, [&](Complaint& x) { reject(x, r, p, at(t)); }, ExitCode::usage);
            }
        }
    }

    SUBCASE("time_barred needs --known-at (64)") {
        Complaint c = in_status(Status::registered, p);
        check_refused(
            c, [&](Complaint& x) { reject(x, reject_for(RejectReason::time_barred), p, at(t)); },
            ExitCode::usage);
    }
}

TEST_CASE("reject time_barred: only after the time bar") {
    // Received Fri 2026-11-20 15:00. The default bar is 3 years: harm known at
    // 2023-11-20 15:00 may still be accepted at exactly that instant.
    struct Row {
        const char* what;
        TimeBar bar;
        Instant received, known;
        bool barred;
    };
    const TimeBar three_years{};
    const TimeBar two_years{2, std::nullopt};
    const TimeBar thirty_days{3, Duration{30, DurationUnit::days}};
    const Row rows[] = {
        {"3y, exactly at the bar", three_years, k_received, cst(2023, 11, 20, 15), false},
        {"3y, a second after the bar", three_years, k_received, cst(2023, 11, 20, 14, 59, 59),
         true},
        {"3y, well within", three_years, k_received, cst(2025, 1, 1), false},
        {"29 Feb + 2y is 28 Feb, at the bar", two_years, cst(2026, 2, 28, 10), cst(2024, 2, 29, 10),
         false},
        {"29 Feb + 2y is 28 Feb, a second after", two_years, cst(2026, 2, 28, 10, 0, 1),
         cst(2024, 2, 29, 10), true},
        {"29 Feb + 4y is 29 Feb", TimeBar{4, std::nullopt}, cst(2028, 2, 29, 10, 0, 1),
         cst(2024, 2, 29, 10), true},
        {"29 Feb + 4y, at the bar", TimeBar{4, std::nullopt}, cst(2028, 2, 29, 10),
         cst(2024, 2, 29, 10), false},
        {"30d, exactly at the bar", thirty_days, k_received, k_received - 30 * 24h, false},
        {"30d, a second after", thirty_days, k_received, k_received - 30 * 24h - 1s, true},
    };
    for (const Row& row : rows) {
        CAPTURE(row.what);
        Policy p = shanghai();
        p.time_bar = row.bar;
        Complaint c = registered(p, registration(), row.received);
        RejectRequest r = reject_for(RejectReason::time_barred);
        r.known_at = row.known;
        if (row.barred) {
            reject(c, r, p, at(row.received + 1h));
            CHECK(c.status == Status::rejected);
            CHECK(c.rejection_reason == RejectReason::time_barred);
        } else {
            const std::string message =
                check_refused(c, [&](Complaint& x) { reject(x, r, p, at(row.received + 1h)); });
            CHECK(message.find("not time-barred") != std::string::npos);
        }
    }
    CHECK(TimeBar{}.to_string() == "3y");
    CHECK(thirty_days.to_string() == "30d");
}

TEST_CASE("withdraw") {
    const Policy p = shanghai();
    for (const Status status : {Status::registered, Status::assigned, Status::investigating,
                                Status::resolved, Status::on_hold}) {
        CAPTURE(to_string(status));
        Complaint c = in_status(status, p);
        const Instant t = cst(2026, 11, 24, 10);
        const Event e = withdraw(c, std::string("已自行解决"), p, at(t));
        CHECK(c.status == Status::withdrawn);
        CHECK_FALSE(c.is_open());
        CHECK_FALSE(c.is_overdue(t + 1000h));
        CHECK(details_of(e) == json::parse(R"({"note":"已自行解决"})"));
        CHECK_FALSE(c.held_from.has_value());
    }
}

TEST_CASE("milestones that are not tracked") {
    SUBCASE("close_on_resolve: resolve closes, no revisit") {
        const Policy p = shanghai();  // the built-in inquiry closes on resolve
        REQUIRE(p.closes_on_resolve("inquiry"));
        Registration r = registration();
        r.kind = "inquiry";
        Complaint c = registered(p, r);
        assign(c, test_support::to("zhang"), p, at(k_assigned_at));
        const Instant t = cst(2026, 11, 20, 17);
        const Event e = resolve(c, test_support::resolution(), p, at(t));
        CHECK(c.status == Status::closed);
        CHECK(c.closed_at == t);
        CHECK_FALSE(c.milestone(Milestone::revisit).due.has_value());
        CHECK_FALSE(c.milestone(Milestone::revisit).started_at.has_value());
        CHECK(c.state(Milestone::revisit, t + 1000h) == MilestoneState::not_started);
        const json d = details_of(e);
        CHECK(d["closed"] == true);
        CHECK(d["revisit_due"].is_null());
    }

    SUBCASE("revisit = none closes at resolve too") {
        Policy p = shanghai();
        test_support::entry(p, Table::kind, "complaint").limits.set_none(Milestone::revisit);
        REQUIRE_FALSE(p.closes_on_resolve("complaint"));
        Complaint c = in_status(Status::investigating, p);
        const Event e = resolve(c, test_support::resolution(), p, at(test_support::k_resolved_at));
        CHECK(c.status == Status::closed);
        CHECK(c.closed_at == test_support::k_resolved_at);
        CHECK_FALSE(c.milestone(Milestone::revisit).due.has_value());
        CHECK(details_of(e)["closed"] == true);
    }

    SUBCASE("a kind that keeps its revisit does not close") {
        const Policy p = shanghai();
        Complaint c = in_status(Status::resolved, p);
        CHECK(c.status == Status::resolved);
        CHECK_FALSE(c.closed_at.has_value());
        CHECK(c.milestone(Milestone::revisit).due.has_value());
    }

    SUBCASE("acknowledge = none: no acknowledge deadline") {
        Policy p = shanghai();
        test_support::entry(p, Table::kind, "complaint").limits.set_none(Milestone::acknowledge);
        const auto [c, e] = register_complaint(registration(), p, at(k_received));
        CHECK_FALSE(c.milestone(Milestone::acknowledge).due.has_value());
        CHECK(c.milestone(Milestone::assign).due.has_value());
        CHECK_FALSE(details_of(e).contains("acknowledge_due"));
        CHECK(c.state(Milestone::acknowledge, k_received + 1000h) == MilestoneState::not_started);
    }

    SUBCASE("none wins over every other applicable limit") {
        Policy p = shanghai();
        // urgent: resolve 1wd; inquiry: 24h; a category saying none beats both.
        test_support::entry(p, Table::category, "product").limits.set_none(Milestone::resolve);
        CHECK(p.applicable_limits(Milestone::resolve, "inquiry", "product", "urgent").empty());
        CHECK_FALSE(
            p.deadline(Milestone::resolve, "inquiry", "product", "urgent", k_received).has_value());
        CHECK(p.applicable_limits(Milestone::resolve, "inquiry", "billing", "urgent").size() == 2);
        const auto d = p.deadline(Milestone::resolve, "inquiry", "billing", "urgent", k_received);
        REQUIRE(d.has_value());
        CHECK(d->limit.to_string() == "24h");  // earlier than 1wd (Mon 18:00)
        CHECK(d->due == cst(2026, 11, 21, 15));
        // none in [limits] only: no default, but an entry's own limit applies.
        Policy q = shanghai();
        q.limits.set_none(Milestone::acknowledge);
        CHECK(
            q.applicable_limits(Milestone::acknowledge, "complaint", "product", "general").empty());
        test_support::entry(q, Table::severity, "urgent").limits[Milestone::acknowledge] =
            Duration{2, DurationUnit::hours};
        const auto urgent =
            q.deadline(Milestone::acknowledge, "complaint", "product", "urgent", k_received);
        REQUIRE(urgent.has_value());
        CHECK(urgent->due == k_received + 2h);
    }

    SUBCASE("revisit of a close_on_resolve kind is not tracked whatever the limits") {
        const Policy p = shanghai();
        CHECK(p.applicable_limits(Milestone::revisit, "inquiry", "product", "urgent").empty());
        CHECK(p.applicable_limits(Milestone::revisit, "complaint", "product", "urgent").size() ==
              1);
    }
}
