#pragma once

#include <complaints/domain/event.hpp>
#include <complaints/domain/milestone.hpp>
#include <complaints/domain/money.hpp>
#include <complaints/domain/policy.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace complaints::domain {

// One unmet milestone that `remind` may send.
struct ReminderItem {
    std::int64_t row_id = 0;
    std::string complaint_id;
    Milestone milestone = Milestone::assign;
    Instant due{};
    std::string summary;
    std::string category;
    std::optional<std::string> assignee;
    std::optional<std::string> department;
};

// A complaint waiting for approval (SPEC §11) that `remind` lists to the head
// of its department: the proposal's amount, who proposed it and when.
struct ApprovalItem {
    std::int64_t row_id = 0;
    std::string complaint_id;
    std::string summary;
    std::string category;
    std::optional<std::string> department;
    std::optional<Money> amount;
    std::string currency;
    std::string proposed_by;
    Instant proposed_at{};
};

struct Recipient {
    std::string key;  // a key of [people]
    std::string name;
    std::string email;
    friend bool operator==(const Recipient&, const Recipient&) = default;
};

// What a message of `remind` is: a reminder to the person a milestone waits
// for, or the copy of escalated milestones to whom they are escalated.
enum class MessageKind { reminder, copy };

// What `remind` sends: one reminder per recipient, listing their items and,
// for a department head, the complaints awaiting their approval; and one copy
// per person that escalated items are copied to, listing only those.
struct ReminderPlan {
    struct Message {
        Recipient to;
        std::vector<ReminderItem> items;
        MessageKind kind = MessageKind::reminder;
        // A copy only: whom each of `items` was reminded to (same order).
        std::vector<Recipient> reminded;
        // A reminder only: the complaints awaiting the recipient's approval
        // (its own section of the message; possibly the only one).
        std::vector<ApprovalItem> approvals;
    };
    std::vector<Message> messages;      // the reminders, then the copies
    std::vector<std::string> warnings;  // recipients skipped, and why
};

// Who gets each of `items` at `as_of` (SPEC §9 remind, as corrected in §10):
// a reminder goes to the assignee, or for an unassigned complaint to the head
// of its category's department. An item overdue by more than
// `policy.notify.escalate_after` is also copied, in a message of its own
// listing only such items, to the head of the assignee's department (the
// complaint's department when the assignee has none, or it has no head),
// never to the person reminded: when that is the head, the copy goes to the
// head's `manager`, if any. People without an e-mail address are skipped
// with a warning. Messages are in order of first appearance, reminders first.
//
// Each of `approvals` (SPEC §11) goes, in the reminder to that person, to the
// head of the complaint's department (its category's when it has none);
// when the head proposed it (nobody approves their own proposal), to the
// head's `manager`. A complaint without a department, a department without a
// head, a head who proposed it and has no manager, or a recipient without an
// e-mail address is a warning, and the approval is skipped. A head with
// nothing else due gets a reminder listing only the approvals.
ReminderPlan plan_reminders(const std::vector<ReminderItem>& items, const Policy& policy,
                            Instant as_of, const std::vector<ApprovalItem>& approvals = {});

// Whether `select_reminders` honours `notify.repeat` (`remind --force` does not).
enum class Repeat { after_interval, always };

// The items of `items` to remind of at `now`: those never reminded of
// (`last_reminded[i]` empty) or last reminded `notify.repeat` ago or more;
// all of them with Repeat::always.
std::vector<ReminderItem> select_reminders(const std::vector<ReminderItem>& items,
                                           const std::vector<std::optional<Instant>>& last_reminded,
                                           Instant now, const Policy& policy, Repeat repeat);
// The same for approvals: `last_reminded[i]` is when the proposal of
// `approvals[i]` was last reminded of.
std::vector<ApprovalItem> select_reminders(const std::vector<ApprovalItem>& approvals,
                                           const std::vector<std::optional<Instant>>& last_reminded,
                                           Instant now, const Policy& policy, Repeat repeat);

// The `remind` events that record the messages of `plan` handed over
// (`handed_over[i]` for `plan.messages[i]`) at `now` by `actor`: one per item
// of each reminder handed over, with the complaint's storage key; its `cc`
// names the recipients of the copies handed over that list the same item.
// Then one per approval of that reminder: `approval` set, milestone
// `resolve` (the one the approval waits for), `due` the time proposed (so a
// new proposal is a new reminder), no `cc`.
std::vector<std::pair<std::int64_t, Event>> reminder_events(const ReminderPlan& plan,
                                                            const std::vector<bool>& handed_over,
                                                            Instant now, const std::string& actor);

// True when a milestone last reminded at `last` may be reminded again at
// `now`: never reminded, or `policy.notify.repeat` has passed.
bool may_remind(const std::optional<Instant>& last, Instant now, const Policy& policy);

}  // namespace complaints::domain
