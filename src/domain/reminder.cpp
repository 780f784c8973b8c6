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
    std::vector<ReminderPlan::Message> copies;
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
    const auto message_to = [](std::vector<ReminderPlan::Message>& messages, const Recipient& to,
                               MessageKind kind) -> ReminderPlan::Message& {
        auto message = std::find_if(messages.begin(), messages.end(),
                                    [&](const auto& m) { return m.to == to; });
        if (message != messages.end()) return *message;
        messages.push_back({to, {}, kind, {}});
        return messages.back();
    };
    // Whom an escalated item is copied to (SPEC §10, corrections to §9): the
    // head of the assignee's department, else of the complaint's; never the
    // person reminded (`to`): when that is the head, the head's manager.
    const auto escalation = [&](const ReminderItem& item, const Recipient& to,
                                const std::optional<std::string>& department) -> const Person* {
        const Person* assignee = item.assignee ? policy.find_person(*item.assignee) : nullptr;
        const Person* head = nullptr;
        if (assignee && !assignee->department.empty()) head = head_of(policy, assignee->department);
        if (!head) head = head_of(policy, department);
        if (head && head->key == to.key)
            head = head->manager.empty() ? nullptr : policy.find_person(head->manager);
        if (head && head->key == to.key) return nullptr;
        return head;
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
        message_to(plan.messages, *to, MessageKind::reminder).items.push_back(item);
        const Instant escalate_at =
            add_duration(item.due, policy.notify.escalate_after, policy.calendar, policy.zone);
        if (as_of <= escalate_at) continue;
        const Person* copy = escalation(item, *to, department);
        if (!copy) continue;
        if (copy->email.empty()) {
            warn(fmt::format("no e-mail address for '{}': not copied on {}", copy->key,
                             item.complaint_id));
            continue;
        }
        auto& message =
            message_to(copies, Recipient{copy->key, copy->name, copy->email}, MessageKind::copy);
        message.items.push_back(item);
        message.reminded.push_back(*to);
    }
    plan.messages.insert(plan.messages.end(), std::make_move_iterator(copies.begin()),
                         std::make_move_iterator(copies.end()));
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

std::vector<std::pair<std::int64_t, Event>> reminder_events(const ReminderPlan& plan,
                                                            const std::vector<bool>& handed_over,
                                                            Instant now, const std::string& actor) {
    const auto sent = [&](std::size_t i) { return i < handed_over.size() && handed_over[i]; };
    std::vector<std::pair<std::int64_t, Event>> out;
    for (std::size_t i = 0; i < plan.messages.size(); ++i) {
        const auto& message = plan.messages[i];
        if (message.kind != MessageKind::reminder || !sent(i)) continue;
        for (const auto& item : message.items) {
            std::vector<std::string> cc;
            for (std::size_t k = 0; k < plan.messages.size(); ++k) {
                const auto& copy = plan.messages[k];
                if (copy.kind != MessageKind::copy || !sent(k)) continue;
                if (std::any_of(copy.items.begin(), copy.items.end(), [&](const auto& other) {
                        return other.row_id == item.row_id && other.milestone == item.milestone;
                    }))
                    cc.push_back(copy.to.email);
            }
            Event event;
            event.at = now;
            event.recorded_at = now;
            event.actor = actor;
            event.details = RemindDetails{item.milestone, item.due, message.to.email, cc};
            out.emplace_back(item.row_id, std::move(event));
        }
    }
    return out;
}

bool may_remind(const std::optional<Instant>& last, Instant now, const Policy& policy) {
    if (!last) return true;
    return now >= add_duration(*last, policy.notify.repeat, policy.calendar, policy.zone);
}

}  // namespace complaints::domain
