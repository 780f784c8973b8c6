// Replaying a complaint from its events (SPEC §12, `verify`): complaints
// driven through every path by the real steps replay to exactly what the
// steps stored; a changed stored field is one mismatch naming that field and
// the event that last set it; migrated databases replay clean.
#include <complaints/domain/approval.hpp>
#include <complaints/domain/duplicates.hpp>
#include <complaints/domain/evidence.hpp>
#include <complaints/domain/lifecycle.hpp>
#include <complaints/domain/replay.hpp>
#include <complaints/domain/retention.hpp>
#include <complaints/storage/database.hpp>

#include <doctest/doctest.h>

#include "support.hpp"

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>

#include <algorithm>
#include <filesystem>
#include <functional>
#include <set>
#include <string>
#include <vector>

using namespace complaints;
using namespace complaints::domain;
using namespace std::chrono_literals;

using test_support::at;
using test_support::cst;
using test_support::k_assigned_at;
using test_support::k_investigated_at;
using test_support::k_received;
using test_support::k_resolved_at;
using test_support::k_revisited_at;

namespace {

// A complaint and its events as the steps made them, numbered from 101 as
// storage would (so that a sequence number is never mistaken for an index).
class History {
public:
    explicit History(const Policy& policy, Registration r = test_support::registration(),
                     std::optional<DuplicateMatch> duplicate = std::nullopt)
        : m_policy(policy) {
        auto [c, e] = register_complaint(r, m_policy, at(k_received));
        c.id = test_support::k_number;
        if (duplicate) link_duplicate(c, e, *duplicate);
        m_complaint = std::move(c);
        record(std::move(e));
    }

    [[nodiscard]] const Complaint& complaint() const { return m_complaint; }
    [[nodiscard]] const std::vector<Event>& events() const { return m_events; }
    [[nodiscard]] const Policy& policy() const { return m_policy; }

    History& assign(Instant t, std::string to, std::optional<std::string> department = {}) {
        Assignment a = test_support::to(std::move(to));
        a.department = std::move(department);
        return record(domain::assign(m_complaint, a, m_policy, at(t)));
    }
    History& investigate(Instant t, bool complete, std::optional<std::string> cause = {},
                         std::optional<bool> substantiated = {}) {
        Finding f = test_support::finding(complete);
        f.cause = std::move(cause);
        f.substantiated = substantiated;
        return record(domain::investigate(m_complaint, f, m_policy, at(t)));
    }
    History& resolve(Instant t, std::optional<Money> amount = Money{12850},
                     std::string actor = "li") {
        ResolutionRequest r = test_support::resolution();
        r.amount = amount;
        return record(domain::resolve(m_complaint, r, m_policy, at(t, std::move(actor))));
    }
    History& revisit(Instant t, RevisitResult result, std::optional<int> score = std::nullopt) {
        for (Event& e : domain::revisit(m_complaint, test_support::revisit_with(result, score),
                                        m_policy, at(t)))
            record(std::move(e));
        return *this;
    }
    History& contact(Instant t, Direction direction = Direction::out,
                     std::optional<std::string> via = {}) {
        ContactRequest r;
        r.note = "已电话告知受理";
        r.direction = direction;
        r.via = std::move(via);
        return record(domain::contact(m_complaint, r, m_policy, at(t)));
    }
    History& reject(Instant t, RejectRequest r) {
        return record(domain::reject(m_complaint, r, m_policy, at(t)));
    }
    History& withdraw(Instant t) {
        return record(domain::withdraw(m_complaint, std::string("不需要了"), m_policy, at(t)));
    }
    History& hold(Instant t, HoldReason reason = HoldReason::waiting_customer) {
        return record(domain::hold(m_complaint, test_support::hold_for(reason), m_policy, at(t)));
    }
    History& resume(Instant t) {
        return record(domain::resume(m_complaint, std::nullopt, m_policy, at(t)));
    }
    History& edit(Instant t, EditRequest r) {
        return record(domain::edit(m_complaint, r, m_policy, at(t)));
    }
    History& approve(Instant t, std::string actor) {
        return record(
            domain::approve(m_complaint, std::nullopt, m_policy, at(t, std::move(actor))));
    }
    History& decline(Instant t, std::string actor) {
        return record(domain::decline(m_complaint, "金额过高", m_policy, at(t, std::move(actor))));
    }
    History& attach(Instant t, std::string name) {
        AttachRequest r;
        r.files.push_back({std::move(name), 2048, "image/png", std::string(64, 'a')});
        const std::vector<std::string> existing;
        return record(domain::attach(m_complaint, r, existing, m_policy, at(t)));
    }
    History& anonymize(Instant t, std::optional<std::string> reason) {
        auto done = domain::anonymize(m_complaint, {std::move(reason), std::nullopt, 1}, at(t));
        m_complaint = std::move(done.complaint);
        return record(std::move(done.event));
    }
    // A reminder as `remind` records it: the complaint does not change.
    History& remind(Instant t, Milestone m) {
        Event e;
        e.at = t;
        e.recorded_at = t;
        e.actor = "remind";
        e.details = RemindDetails{m, m_complaint.milestone(m).due.value_or(t), "zhang", {}, false};
        return record(std::move(e));
    }

private:
    History& record(Event e) {
        e.seq = 101 + static_cast<std::int64_t>(m_events.size());
        m_events.push_back(std::move(e));
        return *this;
    }

    Policy m_policy;
    Complaint m_complaint;
    std::vector<Event> m_events;
};

// The mismatches as text, one line each, so that a failure shows them all.
std::string text_of(const std::vector<ReplayMismatch>& mismatches) {
    std::string out;
    for (const ReplayMismatch& m : mismatches)
        out += fmt::format("{} {} {}: stored {}, replayed {}\n", m.seq, to_string(m.type), m.field,
                           m.stored, m.replayed);
    return out;
}

std::string utc_text(Instant t) {
    return format_utc(t);
}

// The built-in policy on the calendar of SPEC §3.1 with a review of holds
// after 5 working days.
Policy base_policy() {
    Policy p = test_support::spec_policy();
    p.limits[Milestone::hold] = Duration{5, DurationUnit::working_days};
    return p;
}

Person person(std::string key, Role role) {
    Person p;
    p.key = std::move(key);
    p.role = role;
    return p;
}

// People with the limits of SPEC §11: agent 500.00, supervisor 5000.00,
// manager unlimited.
Policy approval_policy() {
    Policy p = base_policy();
    p.people = {person("li", Role::agent), person("zhang", Role::agent),
                person("chen", Role::agent), person("sam", Role::supervisor),
                person("max", Role::manager)};
    p.authority.limit(Role::agent) = Money{50000};
    p.authority.limit(Role::supervisor) = Money{500000};
    p.authority.limit(Role::manager) = std::nullopt;
    return p;
}

// The times of the paths (Shanghai): received Friday 2026-11-20 15:00.
const Instant k_contacted = cst(2026, 11, 20, 15, 30);
const Instant k_attached = cst(2026, 11, 21, 11);
const Instant k_reminded = cst(2026, 11, 24, 9);
const Instant k_day2 = cst(2026, 11, 24, 10);
const Instant k_day2_noon = cst(2026, 11, 24, 12);
const Instant k_day3 = cst(2026, 11, 25, 10);
const Instant k_day3_noon = cst(2026, 11, 25, 12);
const Instant k_day4 = cst(2026, 11, 26, 10);

// Every path a complaint can take, by the steps themselves.
History closed_path() {
    History h(base_policy());
    h.contact(k_contacted)                                         // 1
        .assign(k_assigned_at, "zhang")                            // 2
        .investigate(k_investigated_at, true, "供应商缺陷", true)  // 3
        .attach(k_attached, "photo.png")                           // 4
        .resolve(k_resolved_at)                                    // 5
        .revisit(k_revisited_at, RevisitResult::satisfied, 5)      // 6
        .remind(k_reminded, Milestone::revisit);                   // 7
    return h;
}

// Closed, then anonymised on an erasure request (SPEC §12): the customer's
// name and contact masked, order and description erased.
History anonymized_path() {
    Registration r = test_support::registration();
    r.customer.order = "A-7781";
    r.description = "买了两周就坏了";
    History h(base_policy(), r);
    h.assign(k_assigned_at, "zhang")                           // 1
        .investigate(k_investigated_at, true)                  // 2
        .resolve(k_resolved_at)                                // 3
        .revisit(k_revisited_at, RevisitResult::satisfied, 5)  // 4
        .anonymize(k_day3, "erasure request");                 // 5
    return h;
}

// Reopened by an unsatisfied revisit (after an unreachable one), escalated by
// `[escalation]`, resolved again and closed.
History reopened_path() {
    Policy p = base_policy();
    p.escalation = Escalation{1, "urgent"};
    History h(p);
    h.assign(k_assigned_at, "zhang")                          // 1
        .investigate(k_investigated_at, false)                // 2
        .resolve(k_resolved_at)                               // 3
        .revisit(k_revisited_at, RevisitResult::unreachable)  // 4
        .revisit(k_day2, RevisitResult::unsatisfied, 2)       // 5, 6 (escalation)
        .resolve(k_day2_noon)                                 // 7
        .revisit(k_day3, RevisitResult::satisfied);           // 8
    return h;
}

History unreachable_path() {
    History h(base_policy());
    h.assign(k_assigned_at, "zhang")                          // 1
        .resolve(k_resolved_at, std::nullopt)                 // 2
        .revisit(k_revisited_at, RevisitResult::unreachable)  // 3
        .revisit(k_day2, RevisitResult::unreachable)          // 4
        .revisit(k_day3, RevisitResult::unreachable);         // 5
    return h;
}

History rejected_path() {
    RejectRequest r;
    r.reason = RejectReason::duplicate;
    r.of = "20261117-WEB-001";
    History h(base_policy(), test_support::registration(),
              DuplicateMatch{"20261117-WEB-001", DuplicateBasis::contact});
    h.reject(k_assigned_at, r);  // 1
    return h;
}

History withdrawn_on_hold_path() {
    History h(base_policy());
    h.assign(k_assigned_at, "zhang")                         // 1
        .hold(k_investigated_at, HoldReason::waiting_parts)  // 2
        .withdraw(k_day2);                                   // 3
    return h;
}

// Held while investigating and while resolved; each resume moves the open
// deadlines.
History hold_path() {
    History h(base_policy());
    h.assign(k_assigned_at, "zhang")                    // 1
        .investigate(k_investigated_at, false)          // 2
        .hold(cst(2026, 11, 23, 11))                    // 3
        .resume(k_day2)                                 // 4
        .resolve(k_day2_noon)                           // 5
        .hold(k_day3, HoldReason::waiting_third_party)  // 6
        .resume(k_day3_noon)                            // 7
        .revisit(k_day4, RevisitResult::satisfied, 4);  // 8
    return h;
}

// Edits of the customer's fields, and of severity and category, which
// recompute the open deadlines.
History edit_path() {
    History h(base_policy());
    EditRequest severity;
    severity.reason = "金额较大";
    severity.severity = "major";
    severity.contact = "";
    severity.description = "第二次漏水";
    EditRequest names;
    names.reason = "客户更正";
    names.customer = "王芳芳";
    names.summary = "搅拌机停转";
    names.category = "service";
    names.order = "A-7781";
    h.edit(k_contacted, severity)        // 1
        .assign(k_assigned_at, "zhang")  // 2
        .edit(k_investigated_at, names)  // 3
        .investigate(k_day2, true);      // 4
    return h;
}

// A proposal declined, proposed again and approved; reopened, and resolved
// again within the agent's limit (no approval: approved_by cleared).
History approval_path() {
    History h(approval_policy());
    h.assign(k_assigned_at, "zhang")                         // 1
        .investigate(k_investigated_at, true)                // 2
        .resolve(k_resolved_at, Money{800000}, "zhang")      // 3 proposal
        .decline(cst(2026, 11, 23, 11), "max")               // 4
        .resolve(k_revisited_at, Money{800000}, "zhang")     // 5 proposal
        .approve(k_day2, "max")                              // 6
        .revisit(k_day2_noon, RevisitResult::unsatisfied)    // 7
        .resolve(k_day3, Money{10000}, "zhang")              // 8
        .revisit(k_day3_noon, RevisitResult::satisfied, 3);  // 9
    return h;
}

// An inquiry (closes at resolve) of a severity that requires approval:
// approve closes it.
History approval_closing_path() {
    Policy p = approval_policy();
    test_support::entry(p, Table::severity, "general").requires_approval = true;
    Registration r = test_support::registration();
    r.kind = "inquiry";
    r.severity = "general";
    History h(p, r);
    h.assign(k_assigned_at, "zhang")                    // 1
        .resolve(k_resolved_at, std::nullopt, "zhang")  // 2 proposal
        .approve(k_revisited_at, "sam");                // 3
    return h;
}

History withdrawn_awaiting_approval_path() {
    History h(approval_policy());
    h.assign(k_assigned_at, "zhang")                     // 1
        .resolve(k_resolved_at, Money{800000}, "zhang")  // 2 proposal
        .withdraw(k_day2);                               // 3
    return h;
}

History awaiting_approval_path() {
    History h(approval_policy());
    h.assign(k_assigned_at, "zhang")                      // 1
        .resolve(k_resolved_at, Money{800000}, "zhang");  // 2 proposal
    return h;
}

History close_on_resolve_path() {
    Registration r = test_support::registration();
    r.kind = "inquiry";
    History h(base_policy(), r);
    h.assign(k_assigned_at, "zhang")        // 1
        .resolve(k_resolved_at, Money{0});  // 2
    return h;
}

History registered_path() {
    return History(base_policy());
}

// Reassigned twice (the second time to another department), with a contact
// from the customer that acknowledges it.
History reassigned_path() {
    History h(base_policy());
    h.assign(k_assigned_at, "zhang", "QC")                       // 1
        .contact(k_investigated_at, Direction::in, "email")      // 2
        .assign(k_attached, "chen")                              // 3
        .assign(k_resolved_at, "wang", "Finance")                // 4
        .investigate(k_revisited_at, false, "包装", false)       // 5
        .investigate(k_day2, true, std::nullopt, std::nullopt);  // 6
    return h;
}

struct Path {
    const char* name;
    History (*build)();
};

const Path k_paths[] = {
    {"closed", closed_path},
    {"anonymized", anonymized_path},
    {"reopened", reopened_path},
    {"unreachable", unreachable_path},
    {"rejected", rejected_path},
    {"withdrawn on hold", withdrawn_on_hold_path},
    {"hold", hold_path},
    {"edit", edit_path},
    {"approval", approval_path},
    {"approval closing", approval_closing_path},
    {"withdrawn awaiting approval", withdrawn_awaiting_approval_path},
    {"awaiting approval", awaiting_approval_path},
    {"close on resolve", close_on_resolve_path},
    {"registered", registered_path},
    {"reassigned", reassigned_path},
};

History build(std::string_view name) {
    for (const Path& p : k_paths)
        if (name == p.name) return p.build();
    FAIL("no such path");
    return registered_path();
}

// The complaint without what no event records.
Complaint without_unrecorded(Complaint c) {
    c.row_id = 0;
    c.id.clear();
    for (const Milestone m : k_milestones) c.milestone(m).limit.reset();
    return c;
}

}  // namespace

TEST_CASE("check_replay: every path replays to what the steps stored") {
    for (const Path& path : k_paths) {
        CAPTURE(path.name);
        const History h = path.build();
        CHECK(text_of(check_replay(h.complaint(), h.events())) == "");
        // The replay is the stored complaint, but for what no event records.
        CHECK(test_support::describe(replay(h.events())) ==
              test_support::describe(without_unrecorded(h.complaint())));
    }
}

TEST_CASE("check_replay: the paths reach what they are meant to") {
    // So that a path that stopped early cannot pass for one that went through.
    CHECK(build("closed").complaint().status == Status::closed);
    CHECK(build("closed").complaint().milestone(Milestone::acknowledge).met_at == k_contacted);
    const History reopened = build("reopened");
    CHECK(reopened.complaint().reopen_count == 1);
    CHECK(reopened.complaint().severity == "urgent");
    CHECK(reopened.events().at(6).type() == EventType::edit);
    CHECK(reopened.complaint().unreachable_count == 0);
    CHECK(build("unreachable").complaint().closed_at == k_day3);
    CHECK(build("unreachable").complaint().unreachable_count == 3);
    CHECK(build("rejected").complaint().possible_duplicate_of == "20261117-WEB-001");
    CHECK(build("withdrawn on hold").complaint().held_seconds > 0);
    const History held = build("hold");
    CHECK(held.complaint().holds.size() == 2);
    CHECK_FALSE(std::get<ResumeDetails>(held.events().at(4).details).deadlines.empty());
    CHECK_FALSE(std::get<ResumeDetails>(held.events().at(7).details).deadlines.empty());
    const History edited = build("edit");
    CHECK_FALSE(std::get<EditDetails>(edited.events().at(1).details).deadlines.empty());
    const History approved = build("approval");
    CHECK(approved.events().at(3).as<ResolveDetails>()->awaiting_approval.has_value());
    CHECK(approved.events().at(6).type() == EventType::approve);
    CHECK(approved.complaint().total_amount == Money{810000});
    CHECK_FALSE(approved.complaint().approved_by.has_value());
    CHECK(build("approval closing").complaint().status == Status::closed);
    CHECK(build("approval closing").complaint().approved_by == "sam");
    CHECK(build("withdrawn awaiting approval").complaint().status == Status::withdrawn);
    CHECK(build("awaiting approval").complaint().status == Status::awaiting_approval);
    CHECK(build("close on resolve").complaint().status == Status::closed);
    CHECK(build("reassigned").complaint().assignee == "wang");
    CHECK(build("reassigned").complaint().department == "Finance");
    const History anonymized = build("anonymized");
    CHECK(anonymized.complaint().anonymized_at == k_day3);
    CHECK(anonymized.complaint().customer.name == "王*");
    CHECK(anonymized.complaint().customer.contact == "*******0000");
    CHECK_FALSE(anonymized.complaint().description.has_value());
    CHECK_FALSE(anonymized.complaint().customer.order.has_value());
    // The register event still holds what it was registered with: the replay
    // itself must erase them.
    CHECK(anonymized.events().front().as<RegisterDetails>()->description == "买了两周就坏了");
}

TEST_CASE("check_replay: a changed stored field is one mismatch naming it and its event") {
    struct Tamper {
        const char* path;
        const char* field;
        std::function<void(Complaint&)> change;
        std::size_t event;  // index of the event named (seq 101 + index)
        EventType type;
        std::string stored, replayed;
    };
    const auto dues = [](std::string_view path, Milestone m) {
        return utc_text(*build(path).complaint().milestone(m).due);
    };
    const Tamper rows[] = {
        {"closed", "status", [](Complaint& c) { c.status = Status::investigating; }, 6,
         EventType::revisit, "investigating", "closed"},
        {"closed", "assignee", [](Complaint& c) { c.assignee = "chen"; }, 2, EventType::assign,
         "chen", "zhang"},
        {"closed", "cause", [](Complaint& c) { c.cause.reset(); }, 3, EventType::investigate,
         "null", "供应商缺陷"},
        {"closed", "substantiated", [](Complaint& c) { c.substantiated = false; }, 3,
         EventType::investigate, "false", "true"},
        {"closed", "acknowledge_met_at",
         [](Complaint& c) { c.milestone(Milestone::acknowledge).met_at.reset(); }, 1,
         EventType::contact, "null", utc_text(k_contacted)},
        {"closed", "received_at", [](Complaint& c) { c.received_at += 1h; }, 0,
         EventType::registration, utc_text(k_received + 1h), utc_text(k_received)},
        {"closed", "registered_by", [](Complaint& c) { c.registered_by = "zhao"; }, 0,
         EventType::registration, "zhao", "li"},
        {"closed", "customer_contact", [](Complaint& c) { c.customer.contact = "139"; }, 0,
         EventType::registration, "139", "13800000000"},
        {"closed", "resolution_amount", [](Complaint& c) { c.resolution->amount = Money{100}; }, 5,
         EventType::resolve, "1.00", "128.50"},
        {"closed", "total_amount", [](Complaint& c) { c.total_amount.reset(); }, 5,
         EventType::resolve, "null", "128.50"},
        {"closed", "investigate_met_at",
         [](Complaint& c) { c.milestone(Milestone::investigate).met_at = k_resolved_at; }, 3,
         EventType::investigate, utc_text(k_resolved_at), utc_text(k_investigated_at)},
        {"closed", "investigate_started_at",
         [](Complaint& c) { c.milestone(Milestone::investigate).started_at = k_received; }, 2,
         EventType::assign, utc_text(k_received), utc_text(k_assigned_at)},
        {"closed", "revisit_met_at",
         [](Complaint& c) { c.milestone(Milestone::revisit).met_at.reset(); }, 6,
         EventType::revisit, "null", utc_text(k_revisited_at)},
        {"closed", "last_revisit_score", [](Complaint& c) { c.last_revisit_score = 1; }, 6,
         EventType::revisit, "1", "5"},
        {"closed", "last_revisit_result",
         [](Complaint& c) { c.last_revisit_result = RevisitResult::unsatisfied; }, 6,
         EventType::revisit, "unsatisfied", "satisfied"},
        // A reminder changes nothing: the last step set it.
        {"closed", "last_event_at", [](Complaint& c) { c.last_event_at = k_reminded; }, 6,
         EventType::revisit, utc_text(k_reminded), utc_text(k_revisited_at)},
        // Set by no event: named after the last one.
        {"closed", "rejection_reason",
         [](Complaint& c) { c.rejection_reason = RejectReason::other; }, 7, EventType::remind,
         "other", "null"},
        {"reopened", "severity", [](Complaint& c) { c.severity = "general"; }, 6, EventType::edit,
         "general", "urgent"},
        {"reopened", "resolve_due",
         [](Complaint& c) { c.milestone(Milestone::resolve).due = k_day4; }, 6, EventType::edit,
         utc_text(k_day4), dues("reopened", Milestone::resolve)},
        {"reopened", "resolve_started_at",
         [](Complaint& c) { c.milestone(Milestone::resolve).started_at = k_received; }, 5,
         EventType::revisit, utc_text(k_received), utc_text(k_day2)},
        {"reopened", "reopen_count", [](Complaint& c) { c.reopen_count = 0; }, 5,
         EventType::revisit, "0", "1"},
        // The unreachable count of the first resolution ends with the second.
        {"reopened", "unreachable_count", [](Complaint& c) { c.unreachable_count = 1; }, 7,
         EventType::resolve, "1", "0"},
        {"reopened", "total_amount", [](Complaint& c) { c.total_amount = Money{12850}; }, 7,
         EventType::resolve, "128.50", "257.00"},
        {"reopened", "resolution_at", [](Complaint& c) { c.resolution->at = k_resolved_at; }, 7,
         EventType::resolve, utc_text(k_resolved_at), utc_text(k_day2_noon)},
        {"unreachable", "unreachable_count", [](Complaint& c) { c.unreachable_count = 2; }, 5,
         EventType::revisit, "2", "3"},
        {"unreachable", "closed_at", [](Complaint& c) { c.closed_at.reset(); }, 5,
         EventType::revisit, "null", utc_text(k_day3)},
        {"unreachable", "status", [](Complaint& c) { c.status = Status::resolved; }, 5,
         EventType::revisit, "resolved", "closed"},
        {"rejected", "rejection_of", [](Complaint& c) { c.rejection_of.reset(); }, 1,
         EventType::reject, "null", "20261117-WEB-001"},
        {"rejected", "rejection_reason",
         [](Complaint& c) { c.rejection_reason = RejectReason::other; }, 1, EventType::reject,
         "other", "duplicate"},
        {"rejected", "possible_duplicate_of", [](Complaint& c) { c.possible_duplicate_of.reset(); },
         0, EventType::registration, "null", "20261117-WEB-001"},
        {"rejected", "acknowledge_met_at",
         [](Complaint& c) { c.milestone(Milestone::acknowledge).met_at.reset(); }, 1,
         EventType::reject, "null", utc_text(k_assigned_at)},
        {"withdrawn on hold", "held_seconds", [](Complaint& c) { c.held_seconds = 0; }, 3,
         EventType::withdraw, "0", std::to_string((k_day2 - k_investigated_at) / 1s)},
        {"withdrawn on hold", "hold_reason",
         [](Complaint& c) { c.hold_reason = HoldReason::waiting_parts; }, 3, EventType::withdraw,
         "waiting_parts", "null"},
        {"withdrawn on hold", "holds", [](Complaint& c) { c.holds.clear(); }, 3,
         EventType::withdraw, "null", utc_text(k_investigated_at) + "/" + utc_text(k_day2)},
        {"withdrawn on hold", "hold_due",
         [](Complaint& c) { c.milestone(Milestone::hold).due.reset(); }, 2, EventType::hold, "null",
         dues("withdrawn on hold", Milestone::hold)},
        {"hold", "held_seconds", [](Complaint& c) { c.held_seconds -= 1; }, 7, EventType::resume,
         std::to_string(build("hold").complaint().held_seconds - 1),
         std::to_string(build("hold").complaint().held_seconds)},
        {"hold", "revisit_due", [](Complaint& c) { c.milestone(Milestone::revisit).due = k_day2; },
         7, EventType::resume, utc_text(k_day2), dues("hold", Milestone::revisit)},
        {"hold", "hold_met_at", [](Complaint& c) { c.milestone(Milestone::hold).met_at.reset(); },
         7, EventType::resume, "null", utc_text(k_day3_noon)},
        {"hold", "hold_started_at",
         [](Complaint& c) { c.milestone(Milestone::hold).started_at = k_day2; }, 6, EventType::hold,
         utc_text(k_day2), utc_text(k_day3)},
        {"edit", "assign_due", [](Complaint& c) { c.milestone(Milestone::assign).due = k_day4; }, 1,
         EventType::edit, utc_text(k_day4), dues("edit", Milestone::assign)},
        {"edit", "customer_contact", [](Complaint& c) { c.customer.contact = "13800000000"; }, 1,
         EventType::edit, "13800000000", "null"},
        {"edit", "customer_name", [](Complaint& c) { c.customer.name = "王芳"; }, 3,
         EventType::edit, "王芳", "王芳芳"},
        {"edit", "category", [](Complaint& c) { c.category = "product"; }, 3, EventType::edit,
         "product", "service"},
        {"edit", "customer_order", [](Complaint& c) { c.customer.order.reset(); }, 3,
         EventType::edit, "null", "A-7781"},
        {"edit", "description", [](Complaint& c) { c.description.reset(); }, 1, EventType::edit,
         "null", "第二次漏水"},
        {"approval", "approved_by", [](Complaint& c) { c.approved_by = "max"; }, 8,
         EventType::resolve, "max", "null"},
        // The last resolution was by zhang too: approve set it.
        {"approval", "resolution_by", [](Complaint& c) { c.resolution->by = "max"; }, 6,
         EventType::approve, "max", "zhang"},
        {"approval", "total_amount", [](Complaint& c) { c.total_amount = Money{10000}; }, 8,
         EventType::resolve, "100.00", "8100.00"},
        {"approval closing", "approved_at", [](Complaint& c) { c.approved_at.reset(); }, 3,
         EventType::approve, "null", utc_text(k_revisited_at)},
        {"approval closing", "resolution_at",
         [](Complaint& c) { c.resolution->at = k_revisited_at; }, 3, EventType::approve,
         utc_text(k_revisited_at), utc_text(k_resolved_at)},
        {"approval closing", "closed_at", [](Complaint& c) { c.closed_at.reset(); }, 3,
         EventType::approve, "null", utc_text(k_revisited_at)},
        {"withdrawn awaiting approval", "status",
         [](Complaint& c) { c.status = Status::awaiting_approval; }, 3, EventType::withdraw,
         "awaiting_approval", "withdrawn"},
        {"awaiting approval", "proposal_amount", [](Complaint& c) { c.proposal->amount.reset(); },
         2, EventType::resolve, "null", "8000.00"},
        {"awaiting approval", "proposal_by", [](Complaint& c) { c.proposal->by = "li"; }, 2,
         EventType::resolve, "li", "zhang"},
        // Never set: named after the last event.
        {"awaiting approval", "resolve_met_at",
         [](Complaint& c) { c.milestone(Milestone::resolve).met_at = k_resolved_at; }, 2,
         EventType::resolve, utc_text(k_resolved_at), "null"},
        {"close on resolve", "revisit_started_at",
         [](Complaint& c) { c.milestone(Milestone::revisit).started_at = k_resolved_at; }, 2,
         EventType::resolve, utc_text(k_resolved_at), "null"},
        {"close on resolve", "total_amount", [](Complaint& c) { c.total_amount.reset(); }, 2,
         EventType::resolve, "null", "0.00"},
        {"registered", "status", [](Complaint& c) { c.status = Status::assigned; }, 0,
         EventType::registration, "assigned", "registered"},
        {"registered", "acknowledge_due",
         [](Complaint& c) { c.milestone(Milestone::acknowledge).due.reset(); }, 0,
         EventType::registration, "null", dues("registered", Milestone::acknowledge)},
        {"reassigned", "department", [](Complaint& c) { c.department = "QC"; }, 4,
         EventType::assign, "QC", "Finance"},
        {"reassigned", "assign_met_at",
         [](Complaint& c) { c.milestone(Milestone::assign).met_at = k_resolved_at; }, 1,
         EventType::assign, utc_text(k_resolved_at), utc_text(k_assigned_at)},
        {"reassigned", "acknowledge_met_at",
         [](Complaint& c) { c.milestone(Milestone::acknowledge).met_at.reset(); }, 2,
         EventType::contact, "null", utc_text(k_investigated_at)},
        {"reassigned", "cause", [](Complaint& c) { c.cause = "其他"; }, 5, EventType::investigate,
         "其他", "包装"},
    };
    std::set<std::string> fields;
    for (const Tamper& row : rows) {
        const std::string where = fmt::format("{}: {}", row.path, row.field);
        CAPTURE(where);
        fields.insert(row.field);
        const History h = build(row.path);
        Complaint stored = h.complaint();
        row.change(stored);
        const auto mismatches = check_replay(stored, h.events());
        REQUIRE(mismatches.size() == 1);
        const ReplayMismatch& m = mismatches.front();
        CHECK(m.field == row.field);
        CHECK(m.seq == 101 + static_cast<std::int64_t>(row.event));
        CHECK(m.type == row.type);
        CHECK(m.type == h.events().at(row.event).type());
        CHECK(m.stored == row.stored);
        CHECK(m.replayed == row.replayed);
    }
    CHECK(fields.size() >= 40);
}

TEST_CASE("check_replay: every stored column is replayed or known to be unrecorded") {
    // The complaint table of a new database, column by column: each one is
    // compared, or listed in k_unreplayed_fields, or is a key no event holds.
    test_support::TempDir dir;
    const std::string path = dir.file("c.db");
    { storage::Database db(path, storage::Access::write); }
    SQLite::Database db(path, SQLite::OPEN_READONLY);
    SQLite::Statement columns(db, "SELECT name FROM pragma_table_info('complaint')");
    const auto replayed = replayed_fields();
    // Keys: the number and its parts, and what the duplicate search looks up
    // (contact_key, order_key: storage derives them from the contact and order).
    const std::set<std::string> keys{"row_id", "id",          "day",      "code",
                                     "serial", "contact_key", "order_key"};
    std::vector<std::string> unchecked;
    int count = 0;
    while (columns.executeStep()) {
        const std::string name = columns.getColumn(0).getString();
        ++count;
        const bool known = keys.contains(name) ||
                           std::find(replayed.begin(), replayed.end(), name) != replayed.end() ||
                           std::find(k_unreplayed_fields.begin(), k_unreplayed_fields.end(),
                                     name) != k_unreplayed_fields.end();
        if (!known) unchecked.push_back(name);
    }
    CHECK(count >= 80);
    CHECK(std::set<std::string>(replayed.begin(), replayed.end()).size() == replayed.size());
    CHECK(unchecked == std::vector<std::string>{});
    CHECK(replayed.size() + k_unreplayed_fields.size() + keys.size() ==
          static_cast<std::size_t>(count));
}

TEST_CASE("check_replay: what the events of older versions do not record") {
    SUBCASE("no acknowledge deadline in the register event: its clock start is not checked") {
        // Before version 4 there was no acknowledge clock (migrated: all null);
        // since, an untracked acknowledge has a start but no deadline.
        Policy p = base_policy();
        test_support::entry(p, Table::kind, "complaint").limits.set_none(Milestone::acknowledge);
        History h(p);
        h.assign(k_assigned_at, "zhang").resolve(k_resolved_at);
        REQUIRE_FALSE(h.events().front().as<RegisterDetails>()->acknowledge_due.has_value());
        Complaint migrated = h.complaint();
        migrated.milestone(Milestone::acknowledge).started_at.reset();
        CHECK(text_of(check_replay(migrated, h.events())) == "");
        CHECK(text_of(check_replay(h.complaint(), h.events())) == "");
        // The rest is still checked.
        migrated.milestone(Milestone::acknowledge).met_at = k_resolved_at;
        CHECK(text_of(check_replay(migrated, h.events())) ==
              fmt::format("103 resolve acknowledge_met_at: stored {}, replayed null\n",
                          utc_text(k_resolved_at)));
    }

    SUBCASE("with an acknowledge deadline, its clock start is checked") {
        const History h = build("registered");
        Complaint c = h.complaint();
        c.milestone(Milestone::acknowledge).started_at.reset();
        CHECK(text_of(check_replay(c, h.events())) ==
              fmt::format("101 register acknowledge_started_at: stored null, replayed {}\n",
                          utc_text(k_received)));
    }

    SUBCASE("an unreachable revisit without its attempt number counts one more") {
        History h = build("unreachable");
        std::vector<Event> events = h.events();
        for (Event& e : events)
            if (auto* d = std::get_if<RevisitDetails>(&e.details)) d->attempt.reset();
        CHECK(text_of(check_replay(h.complaint(), events)) == "");
    }
}

TEST_CASE("check_replay: no register event first") {
    const History h = build("closed");
    SUBCASE("no events") {
        const auto m = check_replay(h.complaint(), {});
        REQUIRE(m.size() == 1);
        CHECK(m[0].seq == 0);
        CHECK(m[0].field == "register");
        CHECK(m[0].stored == "null");
        CHECK(m[0].replayed == "register");
    }
    SUBCASE("the first event is another") {
        const std::vector<Event> rest(h.events().begin() + 1, h.events().end());
        const auto m = check_replay(h.complaint(), rest);
        REQUIRE(m.size() == 1);
        CHECK(m[0].seq == 102);
        CHECK(m[0].type == EventType::contact);
        CHECK(m[0].field == "register");
        CHECK(m[0].stored == "contact");
    }
}

TEST_CASE("check_replay: the migrated databases of every earlier version replay clean") {
    // tests/fixtures/vN.db, written by the tool at schema version N and
    // migrated on open: their complaints are what their events imply.
    for (const char* version : {"v1", "v2", "v3", "v4"}) {
        CAPTURE(version);
        test_support::TempDir dir;
        const std::string path = dir.file("c.db");
        std::filesystem::copy_file(std::filesystem::path(COMPLAINTS_SOURCE_DIR) / "tests/fixtures" /
                                       (std::string(version) + ".db"),
                                   path);
        storage::Database db(path, storage::Access::write);
        const auto complaints = db.complaints().list(storage::ListQuery{});
        REQUIRE(complaints.size() >= 5);
        const auto events = db.events().of_each(complaints);
        for (std::size_t i = 0; i < complaints.size(); ++i) {
            CAPTURE(complaints[i].id);
            CHECK(text_of(check_replay(complaints[i], events[i])) == "");
        }
    }
}
