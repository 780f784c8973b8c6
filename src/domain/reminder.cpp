#include <complaints/domain/reminder.hpp>

#include <fmt/format.h>

#include <algorithm>

namespace complaints::domain {

namespace {

// The head of department `key`, as a person, or nullptr.
const Person* head_of(const Policy& policy, const std::optional<std::string>& key) {
    if (!key) return nullptr;
    const Department* department = policy.find_department(*key);
    if (!department || department->head.empty()) return nullptr;
    return policy.find_person(department->head);
}

std::optional<std::string> category_department(const Policy& policy, const std::string& category) {
    const NamedEntry* entry = policy.find(Table::category, category);
    if (!entry || entry->department.empty()) return std::nullopt;
    return entry->department;
}

}  // namespace

ReminderPlan plan_reminders(const std::vector<ReminderItem>& items, const Policy& policy,
                            Instant as_of) {
    ReminderPlan plan;
    const auto warn = [&](std::string text) {
        if (std::find(plan.warnings.begin(), plan.warnings.end(), text) == plan.warnings.end())
            plan.warnings.push_back(std::move(text));
    };
    const auto recipient = [&](const Person* person, const std::string& fallback_key,
                               const ReminderItem& item) -> std::optional<Recipient> {
        if (person && !person->email.empty())
            return Recipient{person->key, person->name, person->email};
        warn(fmt::format("no e-mail address for '{}': skipped the reminder of {} {}",
                         person ? person->key : fallback_key, item.complaint_id,
                         to_string(item.milestone)));
        return std::nullopt;
    };
    for (const ReminderItem& item : items) {
        const auto department =
            item.department ? item.department : category_department(policy, item.category);
        std::optional<Recipient> to;
        if (item.assignee) {
            to = recipient(policy.find_person(*item.assignee), *item.assignee, item);
        } else if (const Person* head = head_of(policy, department)) {
            to = recipient(head, head->key, item);
        } else {
            warn(
                fmt::format("{} is unassigned and its category's department has no head: "
                            "skipped the reminder of {}",
                            item.complaint_id, to_string(item.milestone)));
        }
        if (!to) continue;
        auto message = std::find_if(plan.messages.begin(), plan.messages.end(),
                                    [&](const auto& m) { return m.to == *to; });
        if (message == plan.messages.end()) {
            plan.messages.push_back({*to, {}, {}});
            message = std::prev(plan.messages.end());
        }
        message->items.push_back(item);
        const Instant escalate_at =
            add_duration(item.due, policy.notify.escalate_after, policy.calendar, policy.zone);
        if (as_of > escalate_at) {
            const Person* head = head_of(policy, department);
            if (!head) continue;
            if (head->email.empty()) {
                warn(fmt::format("no e-mail address for '{}': not copied on {}", head->key,
                                 item.complaint_id));
                continue;
            }
            const Recipient cc{head->key, head->name, head->email};
            if (cc != message->to &&
                std::find(message->cc.begin(), message->cc.end(), cc) == message->cc.end())
                message->cc.push_back(cc);
        }
    }
    return plan;
}

std::vector<ReminderItem> select_reminders(const std::vector<ReminderItem>& items,
                                           const std::vector<std::optional<Instant>>& last_reminded,
                                           Instant now, const Policy& policy, Repeat repeat) {
    std::vector<ReminderItem> out;
    for (std::size_t i = 0; i < items.size(); ++i) {
        const std::optional<Instant> last =
            i < last_reminded.size() ? last_reminded[i] : std::nullopt;
        if (repeat == Repeat::always || may_remind(last, now, policy)) out.push_back(items[i]);
    }
    return out;
}

std::vector<std::pair<std::int64_t, Event>> reminder_events(const ReminderPlan::Message& message,
                                                            Instant now, const std::string& actor) {
    std::vector<std::string> cc;
    for (const auto& r : message.cc) cc.push_back(r.email);
    std::vector<std::pair<std::int64_t, Event>> out;
    for (const auto& item : message.items) {
        Event event;
        event.at = now;
        event.recorded_at = now;
        event.actor = actor;
        event.details = RemindDetails{item.milestone, item.due, message.to.email, cc};
        out.emplace_back(item.row_id, std::move(event));
    }
    return out;
}

bool may_remind(const std::optional<Instant>& last, Instant now, const Policy& policy) {
    if (!last) return true;
    return now >= add_duration(*last, policy.notify.repeat, policy.calendar, policy.zone);
}

}  // namespace complaints::domain
