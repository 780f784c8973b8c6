#pragma once

#include <complaints/domain/event.hpp>
#include <complaints/domain/milestone.hpp>
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

struct Recipient {
    std::string key;  // a key of [people]
    std::string name;
    std::string email;
    friend bool operator==(const Recipient&, const Recipient&) = default;
};

// What `remind` sends: one message per recipient, listing their items, with
// department heads in copy for items overdue past `notify.escalate_after`.
struct ReminderPlan {
    struct Message {
        Recipient to;
        std::vector<Recipient> cc;
        std::vector<ReminderItem> items;
    };
    std::vector<Message> messages;
    std::vector<std::string> warnings;  // recipients skipped, and why
};

// Who gets each of `items` at `as_of` (SPEC §9 remind): the assignee, or for
// an unassigned complaint the head of its category's department; the head of
// the complaint's department in copy once overdue by more than
// `policy.notify.escalate_after`. Recipients without an e-mail address are
// skipped with a warning. Messages are in order of first appearance.
ReminderPlan plan_reminders(const std::vector<ReminderItem>& items, const Policy& policy,
                            Instant as_of);

// Whether `select_reminders` honours `notify.repeat` (`remind --force` does not).
enum class Repeat { after_interval, always };

// The items of `items` to remind of at `now`: those never reminded of
// (`last_reminded[i]` empty) or last reminded `notify.repeat` ago or more;
// all of them with Repeat::always.
std::vector<ReminderItem> select_reminders(const std::vector<ReminderItem>& items,
                                           const std::vector<std::optional<Instant>>& last_reminded,
                                           Instant now, const Policy& policy, Repeat repeat);

// The `remind` events that record `message` as handed over at `now` by
// `actor`: one per item, each with the complaint's storage key.
std::vector<std::pair<std::int64_t, Event>> reminder_events(const ReminderPlan::Message& message,
                                                            Instant now, const std::string& actor);

// True when a milestone last reminded at `last` may be reminded again at
// `now`: never reminded, or `policy.notify.repeat` has passed.
bool may_remind(const std::optional<Instant>& last, Instant now, const Policy& policy);

}  // namespace complaints::domain
