// domain::plan_reminders and domain::reminder_events (SPEC §9 remind, as
// corrected in §10): who gets a reminder, who gets the copy of escalated
// milestones and what it lists, and what is recorded.
#include "support.hpp"

#include <complaints/domain/reminder.hpp>
#include <complaints/policy/policy_file.hpp>

#include <doctest/doctest.h>

#include <fmt/format.h>

#include <algorithm>
#include <string>
#include <vector>

using namespace complaints;
using domain::Instant;
using domain::MessageKind;
using domain::Milestone;
using domain::plan_reminders;
using domain::reminder_events;
using domain::ReminderItem;
using domain::ReminderPlan;
using test_support::utc;

namespace {

// QC (head wang, whose manager is boss) owns the category quality; CS (head
// zhao) is zhang's department; li has no department; he heads LOG and has no
// manager; mute has no e-mail address.
constexpr const char* k_policy = R"toml(
[organization]
timezone = "Asia/Shanghai"

[department.QC]
head = "wang"

[department.CS]
head = "zhao"

[department.LOG]
head = "he"

[department.NOHEAD]

[people.wang]
name = "Wang"
email = "wang@example.com"
department = "QC"
manager = "boss"

[people.boss]
name = "Boss"
email = "boss@example.com"

[people.zhang]
name = "Zhang"
email = "zhang@example.com"
department = "CS"

[people.zhao]
name = "Zhao"
email = "zhao@example.com"
department = "CS"

[people.li]
name = "Li"
email = "li@example.com"

[people.he]
name = "He"
email = "he@example.com"
department = "LOG"

[people.sun]
name = "Sun"
email = "sun@example.com"
department = "NOHEAD"

[people.mute]
name = "Mute"

[category.quality]
department = "QC"

[category.other]

[notify]
from = "complaints@example.com"
escalate_after = "1wd"
)toml";

const domain::Policy& the_policy() {
    static const domain::Policy p = policy::parse(k_policy, "p.toml");
    return p;
}

// Monday 2026-11-23 10:00 in Shanghai.
const Instant k_as_of = utc(2026, 11, 23, 2);
// Escalated at k_as_of: due Thursday 11-19 18:00 (1wd later is Friday 18:00).
const Instant k_escalated = utc(2026, 11, 19, 10);
// Overdue at k_as_of but not by more than 1wd: due Friday 11-20 18:00.
const Instant k_overdue = utc(2026, 11, 20, 10);

ReminderItem item(std::int64_t row, std::optional<std::string> assignee, Instant due,
                  std::optional<std::string> department = std::nullopt,
                  std::string category = "quality", Milestone m = Milestone::investigate) {
    ReminderItem i;
    i.row_id = row;
    i.complaint_id = "C" + std::to_string(row);
    i.milestone = m;
    i.due = due;
    i.summary = "S" + std::to_string(row);
    i.category = std::move(category);
    i.assignee = std::move(assignee);
    i.department = std::move(department);
    return i;
}

// The recipients' keys of the messages of `kind`, in order.
std::vector<std::string> recipients(const ReminderPlan& plan, MessageKind kind) {
    std::vector<std::string> out;
    for (const auto& m : plan.messages)
        if (m.kind == kind) out.push_back(m.to.key);
    return out;
}

const ReminderPlan::Message* find(const ReminderPlan& plan, MessageKind kind,
                                  const std::string& key) {
    for (const auto& m : plan.messages)
        if (m.kind == kind && m.to.key == key) return &m;
    return nullptr;
}

std::vector<std::int64_t> rows(const ReminderPlan::Message& m) {
    std::vector<std::int64_t> out;
    for (const auto& i : m.items) out.push_back(i.row_id);
    return out;
}

}  // namespace

TEST_CASE("plan_reminders: reminders") {
    SUBCASE("to the assignee; an unassigned complaint to its category's department head") {
        const auto plan =
            plan_reminders({item(1, "zhang", k_overdue), item(2, std::nullopt, k_overdue),
                            item(3, "zhang", k_overdue)},
                           the_policy(), k_as_of);
        CHECK(recipients(plan, MessageKind::reminder) == std::vector<std::string>{"zhang", "wang"});
        CHECK(rows(*find(plan, MessageKind::reminder, "zhang")) == std::vector<std::int64_t>{1, 3});
        CHECK(rows(*find(plan, MessageKind::reminder, "wang")) == std::vector<std::int64_t>{2});
        CHECK(recipients(plan, MessageKind::copy).empty());
        CHECK(plan.warnings.empty());
    }
    SUBCASE("no e-mail address, or no head for an unassigned complaint: a warning, skipped") {
        const auto plan =
            plan_reminders({item(1, "mute", k_escalated),
                            item(2, std::nullopt, k_escalated, std::nullopt, "other")},
                           the_policy(), k_as_of);
        CHECK(plan.messages.empty());
        CHECK(plan.warnings.size() == 2);
    }
}

TEST_CASE("plan_reminders: the copy of escalated milestones") {
    SUBCASE("lists only the escalated milestones, in a message of its own") {
        const auto plan =
            plan_reminders({item(1, "zhang", k_escalated), item(2, "zhang", k_overdue),
                            item(3, "zhang", k_as_of + std::chrono::hours{4})},
                           the_policy(), k_as_of);
        REQUIRE(plan.messages.size() == 2);
        CHECK(plan.messages[0].kind == MessageKind::reminder);
        CHECK(plan.messages[1].kind == MessageKind::copy);
        CHECK(rows(plan.messages[0]) == std::vector<std::int64_t>{1, 2, 3});
        // zhang's department is CS: its head zhao, not wang (QC, the category's).
        CHECK(plan.messages[1].to.key == "zhao");
        CHECK(rows(plan.messages[1]) == std::vector<std::int64_t>{1});
        REQUIRE(plan.messages[1].reminded.size() == 1);
        CHECK(plan.messages[1].reminded[0].key == "zhang");
    }
    SUBCASE("overdue by exactly escalate_after is not yet escalated") {
        // Due Friday 18:00: 1wd later is Monday 18:00.
        const Instant monday_18 = utc(2026, 11, 23, 10);
        CHECK(recipients(plan_reminders({item(1, "zhang", k_overdue)}, the_policy(), monday_18),
                         MessageKind::copy)
                  .empty());
        CHECK(recipients(plan_reminders({item(1, "zhang", k_overdue)}, the_policy(),
                                        monday_18 + std::chrono::seconds{1}),
                         MessageKind::copy) == std::vector<std::string>{"zhao"});
    }
    SUBCASE("the assignee's department, else the complaint's, else the category's") {
        const auto head_for = [](const ReminderItem& i) {
            const auto plan = plan_reminders({i}, the_policy(), k_as_of);
            const auto copies = recipients(plan, MessageKind::copy);
            return copies.empty() ? std::string("-") : copies.front();
        };
        // zhang (CS) on a complaint of LOG: zhao, head of CS.
        CHECK(head_for(item(1, "zhang", k_escalated, "LOG")) == "zhao");
        // li has no department: the complaint's (LOG: he), else its category's (QC: wang).
        CHECK(head_for(item(1, "li", k_escalated, "LOG")) == "he");
        CHECK(head_for(item(1, "li", k_escalated)) == "wang");
        // sun's department has no head: the complaint's.
        CHECK(head_for(item(1, "sun", k_escalated, "LOG")) == "he");
        // An assignee not in [people] gets no reminder (a warning), so no copy either.
        CHECK(head_for(item(1, "ghost", k_escalated, "LOG")) == "-");
    }
    SUBCASE("never the person reminded: the head's manager instead, if any") {
        // wang's own complaint, and an unassigned one of QC (reminded to wang): boss.
        auto plan =
            plan_reminders({item(1, "wang", k_escalated), item(2, std::nullopt, k_escalated)},
                           the_policy(), k_as_of);
        CHECK(recipients(plan, MessageKind::reminder) == std::vector<std::string>{"wang"});
        CHECK(recipients(plan, MessageKind::copy) == std::vector<std::string>{"boss"});
        CHECK(rows(*find(plan, MessageKind::copy, "boss")) == std::vector<std::int64_t>{1, 2});
        // he (LOG) has no manager: no copy at all.
        plan = plan_reminders({item(1, "he", k_escalated, "LOG")}, the_policy(), k_as_of);
        CHECK(recipients(plan, MessageKind::reminder) == std::vector<std::string>{"he"});
        CHECK(recipients(plan, MessageKind::copy).empty());
        CHECK(plan.warnings.empty());
    }
    SUBCASE("one copy per person escalated to, after all the reminders") {
        const auto plan =
            plan_reminders({item(1, "zhang", k_escalated), item(2, "zhao", k_escalated),
                            item(3, "li", k_escalated), item(4, "zhang", k_escalated)},
                           the_policy(), k_as_of);
        CHECK(recipients(plan, MessageKind::reminder) ==
              std::vector<std::string>{"zhang", "zhao", "li"});
        // zhao is CS's head: his own milestone is not copied to him (he has no manager).
        CHECK(recipients(plan, MessageKind::copy) == std::vector<std::string>{"zhao", "wang"});
        CHECK(rows(*find(plan, MessageKind::copy, "zhao")) == std::vector<std::int64_t>{1, 4});
        CHECK(rows(*find(plan, MessageKind::copy, "wang")) == std::vector<std::int64_t>{3});
    }
    SUBCASE("a head without an e-mail address: a warning, no copy; the reminder still goes") {
        domain::Policy p = the_policy();
        for (auto& person : p.people)
            if (person.key == "zhao") person.email.clear();
        const auto plan = plan_reminders({item(1, "zhang", k_escalated)}, p, k_as_of);
        CHECK(recipients(plan, MessageKind::reminder) == std::vector<std::string>{"zhang"});
        CHECK(recipients(plan, MessageKind::copy).empty());
        CHECK(plan.warnings.size() == 1);
    }
}

TEST_CASE("reminder_events") {
    const auto plan = plan_reminders(
        {item(1, "zhang", k_escalated), item(2, "zhang", k_overdue), item(3, "li", k_escalated)},
        the_policy(), k_as_of);
    // zhang's reminder, li's reminder, zhao's copy (1), wang's copy (3).
    REQUIRE(plan.messages.size() == 4);
    const Instant now = k_as_of;
    const auto details = [&](const std::vector<bool>& handed_over) {
        std::vector<std::string> out;
        for (const auto& [row, event] : reminder_events(plan, handed_over, now, "cron")) {
            CHECK(event.at == now);
            CHECK(event.actor == "cron");
            const auto& d = std::get<domain::RemindDetails>(event.details);
            std::string cc;
            for (const auto& c : d.cc) cc += " " + c;
            out.push_back(std::to_string(row) + " " + d.to + cc);
        }
        return out;
    };
    CHECK(details({true, true, true, true}) ==
          std::vector<std::string>{"1 zhang@example.com zhao@example.com", "2 zhang@example.com",
                                   "3 li@example.com wang@example.com"});
    // A copy not handed over is not named; a reminder not handed over records nothing,
    // even when its copy went.
    CHECK(details({true, false, false, true}) ==
          std::vector<std::string>{"1 zhang@example.com", "2 zhang@example.com"});
    CHECK(details({false, false, true, true}).empty());
}

// ---- approvals (SPEC §11) ---------------------------------------------------

namespace {

using domain::ApprovalItem;

// Proposed Monday 2026-11-23 09:00 in Shanghai, an hour before k_as_of.
const Instant k_proposed = utc(2026, 11, 23, 1);

ApprovalItem approval(std::int64_t row, std::string proposed_by,
                      std::optional<std::string> department = "QC",
                      std::string category = "quality") {
    ApprovalItem a;
    a.row_id = row;
    a.complaint_id = "A" + std::to_string(row);
    a.summary = "S" + std::to_string(row);
    a.category = std::move(category);
    a.department = std::move(department);
    a.amount = domain::Money{800000};
    a.currency = "CNY";
    a.proposed_by = std::move(proposed_by);
    a.proposed_at = k_proposed;
    return a;
}

std::vector<std::int64_t> approval_rows(const ReminderPlan::Message& m) {
    std::vector<std::int64_t> out;
    for (const auto& a : m.approvals) out.push_back(a.row_id);
    return out;
}

}  // namespace

TEST_CASE("plan_reminders: approvals go to the head of the complaint's department") {
    SUBCASE("a head with nothing else due gets a reminder of the approvals alone") {
        const auto plan = plan_reminders({}, the_policy(), k_as_of,
                                         {approval(1, "zhang"), approval(2, "li", "LOG")});
        CHECK(recipients(plan, MessageKind::reminder) == std::vector<std::string>{"wang", "he"});
        CHECK(recipients(plan, MessageKind::copy).empty());
        const auto* wang = find(plan, MessageKind::reminder, "wang");
        REQUIRE(wang);
        CHECK(wang->items.empty());
        CHECK(approval_rows(*wang) == std::vector<std::int64_t>{1});
        CHECK(approval_rows(*find(plan, MessageKind::reminder, "he")) ==
              std::vector<std::int64_t>{2});
        CHECK(plan.warnings.empty());
    }
    SUBCASE("in the head's own reminder, after the reminders, before the copies") {
        // zhang's escalated milestone: reminder to zhang, copy to zhao (CS); an unassigned
        // complaint of QC: reminder to wang, who also gets QC's approvals; CS's approval
        // makes a reminder to zhao, who has a copy too.
        const auto plan = plan_reminders(
            {item(1, "zhang", k_escalated), item(2, std::nullopt, k_overdue)}, the_policy(),
            k_as_of, {approval(3, "zhang"), approval(4, "li", "CS"), approval(5, "li")});
        REQUIRE(plan.messages.size() == 4);
        CHECK(recipients(plan, MessageKind::reminder) ==
              std::vector<std::string>{"zhang", "wang", "zhao"});
        CHECK(recipients(plan, MessageKind::copy) == std::vector<std::string>{"zhao"});
        CHECK(plan.messages[3].kind == MessageKind::copy);
        const auto* wang = find(plan, MessageKind::reminder, "wang");
        CHECK(rows(*wang) == std::vector<std::int64_t>{2});
        CHECK(approval_rows(*wang) == std::vector<std::int64_t>{3, 5});
        CHECK(approval_rows(*find(plan, MessageKind::reminder, "zhao")) ==
              std::vector<std::int64_t>{4});
        CHECK(find(plan, MessageKind::copy, "zhao")->approvals.empty());
        CHECK(find(plan, MessageKind::reminder, "zhang")->approvals.empty());
    }
    SUBCASE("without a department of its own, its category's department") {
        const auto plan =
            plan_reminders({}, the_policy(), k_as_of, {approval(1, "zhang", std::nullopt)});
        CHECK(recipients(plan, MessageKind::reminder) == std::vector<std::string>{"wang"});
    }
    SUBCASE("proposed by the head: to the head's manager, else a warning") {
        auto plan = plan_reminders({}, the_policy(), k_as_of, {approval(1, "wang")});
        CHECK(recipients(plan, MessageKind::reminder) == std::vector<std::string>{"boss"});
        CHECK(plan.warnings.empty());
        plan = plan_reminders({}, the_policy(), k_as_of, {approval(2, "he", "LOG")});
        CHECK(plan.messages.empty());
        CHECK(plan.warnings == std::vector<std::string>{
                                   "A2 was proposed by 'he', the head of its department, who has "
                                   "no manager: skipped its approval reminder"});
    }
    SUBCASE("nobody to tell: a warning each, nothing sent") {
        domain::Policy p = the_policy();
        for (auto& person : p.people)
            if (person.key == "zhao") person.email.clear();
        const auto plan = plan_reminders(
            {}, p, k_as_of,
            {approval(1, "zhang", std::nullopt, "other"), approval(2, "zhang", "NOHEAD"),
             approval(3, "zhang", "CS"), approval(4, "li", "GONE")});
        CHECK(plan.messages.empty());
        CHECK(plan.warnings ==
              std::vector<std::string>{
                  "A1 awaits approval but has no department: skipped its approval reminder",
                  "A2 awaits approval and its department 'NOHEAD' has no head: skipped its "
                  "approval reminder",
                  "no e-mail address for 'zhao': skipped the approval reminder of A3",
                  "A4 awaits approval and its department 'GONE' has no head: skipped its "
                  "approval reminder"});
    }
}

TEST_CASE("select_reminders: approvals under notify.repeat") {
    const std::vector<ApprovalItem> waiting = {approval(1, "zhang"), approval(2, "zhang"),
                                               approval(3, "zhang")};
    // notify.repeat is 1wd (the default): reminded Thursday 11-19 09:00 may go again from
    // Friday 18:00 on; reminded today at 09:00 not before Tuesday 18:00.
    const std::vector<std::optional<Instant>> last = {std::nullopt, utc(2026, 11, 19, 1),
                                                      utc(2026, 11, 23, 1)};
    const auto selected = domain::select_reminders(waiting, last, k_as_of, the_policy(),
                                                   domain::Repeat::after_interval);
    std::vector<std::int64_t> got;
    for (const auto& a : selected) got.push_back(a.row_id);
    CHECK(got == std::vector<std::int64_t>{1, 2});
    CHECK(domain::select_reminders(waiting, last, k_as_of, the_policy(), domain::Repeat::always)
              .size() == 3);
    // Tuesday 18:00: the third may go again; a second before, not yet.
    const Instant tuesday_18 = utc(2026, 11, 24, 10);
    CHECK(domain::select_reminders(waiting, last, tuesday_18 - std::chrono::seconds{1},
                                   the_policy(), domain::Repeat::after_interval)
              .size() == 2);
    CHECK(domain::select_reminders(waiting, last, tuesday_18, the_policy(),
                                   domain::Repeat::after_interval)
              .size() == 3);
}

TEST_CASE("reminder_events: approvals") {
    const auto plan = plan_reminders({item(1, "zhang", k_escalated)}, the_policy(), k_as_of,
                                     {approval(7, "zhang"), approval(8, "zhang", "CS")});
    // zhang's reminder (1), wang's approvals (7), zhao's approvals (8), zhao's copy (1).
    REQUIRE(plan.messages.size() == 4);
    REQUIRE(plan.messages[2].to.key == "zhao");
    const auto details = [&](const std::vector<bool>& handed_over) {
        std::vector<std::string> out;
        for (const auto& [row, event] : reminder_events(plan, handed_over, k_as_of, "cron")) {
            const auto& d = std::get<domain::RemindDetails>(event.details);
            out.push_back(fmt::format("{} {} {} {} {} {}", row, to_string(d.milestone),
                                      domain::format_utc(d.due), d.to, d.cc.size(),
                                      d.approval ? "approval" : "-"));
        }
        return out;
    };
    CHECK(details({true, true, true, true}) ==
          std::vector<std::string>{"1 investigate 2026-11-19T10:00:00Z zhang@example.com 1 -",
                                   "7 resolve 2026-11-23T01:00:00Z wang@example.com 0 approval",
                                   "8 resolve 2026-11-23T01:00:00Z zhao@example.com 0 approval"});
    // A copy names no approval, and an approval not handed over is not recorded.
    CHECK(details({false, true, false, true}) ==
          std::vector<std::string>{"7 resolve 2026-11-23T01:00:00Z wang@example.com 0 approval"});
}

TEST_CASE("RemindDetails: `approval` is written only when set, and read back") {
    domain::RemindDetails d;
    d.milestone = Milestone::resolve;
    d.due = k_proposed;
    d.to = "wang@example.com";
    CHECK(
        domain::details_json(d) ==
        R"({"cc":[],"due":"2026-11-23T01:00:00Z","milestone":"resolve","to":"wang@example.com"})");
    CHECK_FALSE(std::get<domain::RemindDetails>(
                    domain::parse_details(domain::EventType::remind, domain::details_json(d)))
                    .approval);
    d.approval = true;
    const std::string json = domain::details_json(d);
    CHECK(
        json ==
        R"({"approval":true,"cc":[],"due":"2026-11-23T01:00:00Z","milestone":"resolve","to":"wang@example.com"})");
    CHECK(std::get<domain::RemindDetails>(domain::parse_details(domain::EventType::remind, json))
              .approval);
}
