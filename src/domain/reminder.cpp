#include <complaints/domain/reminder.hpp>
#include <complaints/domain/translate.hpp>

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

// Whom the reminder of `approval` goes to: the head of the complaint's
// department (its category's when it has none), or the head's manager when the
// head proposed it; nullptr, with the reason in `why`, when there is nobody
// with an e-mail address.
const Person* approval_recipient(const ApprovalItem& approval, const Policy& policy,
                                 std::string& why) {
    const auto department =
        approval.department ? approval.department : category_department(policy, approval.category);
    if (!department) {
        why = trf("{} awaits approval but has no department: skipped its approval reminder",
                  approval.complaint_id);
        return nullptr;
    }
    const Person* head = head_of(policy, department);
    if (!head) {
        why =
            trf("{} awaits approval and its department '{}' has no head: skipped its approval "
                "reminder",
                approval.complaint_id, *department);
        return nullptr;
    }
    // Nobody approves their own proposal: the head's manager instead.
    if (head->key == approval.proposed_by) {
        const Person* manager = head->manager.empty() ? nullptr : policy.find_person(head->manager);
        if (!manager || manager->key == approval.proposed_by) {
            why =
                trf("{} was proposed by '{}', the head of its department, who has no manager: "
                    "skipped its approval reminder",
                    approval.complaint_id, head->key);
            return nullptr;
        }
        head = manager;
    }
    if (head->email.empty()) {
        why = trf("no e-mail address for '{}': skipped the approval reminder of {}", head->key,
                  approval.complaint_id);
        return nullptr;
    }
    return head;
}

}  // namespace

ReminderPlan plan_reminders(const std::vector<ReminderItem>& items, const Policy& policy,
                            Instant as_of, const std::vector<ApprovalItem>& approvals) {
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
        // TRANSLATORS: the last {} is a milestone: "... skipped the reminder of
        // 20261123-TEL-001 resolve".
        warn(trf("no e-mail address for '{}': skipped the reminder of {} {}",
                 person ? person->key : fallback_key, item.complaint_id,
                 shown_name(item.milestone)));
        return std::nullopt;
    };
    const auto message_to = [](std::vector<ReminderPlan::Message>& messages, const Recipient& to,
                               MessageKind kind) -> ReminderPlan::Message& {
        auto message = std::find_if(messages.begin(), messages.end(),
                                    [&](const auto& m) { return m.to == to; });
        if (message != messages.end()) return *message;
        messages.push_back({to, {}, kind, {}, {}});
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
                // TRANSLATORS: the last {} is a milestone (resolve, revisit, ...).
                trf("{} is unassigned and its category's department has no head: skipped the "
                    "reminder of {}",
                    item.complaint_id, shown_name(item.milestone)));
        }
        if (!to) continue;
        message_to(plan.messages, *to, MessageKind::reminder).items.push_back(item);
        const Instant escalate_at =
            add_duration(item.due, policy.notify.escalate_after, policy.calendar, policy.zone);
        if (as_of <= escalate_at) continue;
        const Person* copy = escalation(item, *to, department);
        if (!copy) continue;
        if (copy->email.empty()) {
            warn(trf("no e-mail address for '{}': not copied on {}", copy->key, item.complaint_id));
            continue;
        }
        auto& message =
            message_to(copies, Recipient{copy->key, copy->name, copy->email}, MessageKind::copy);
        message.items.push_back(item);
        message.reminded.push_back(*to);
    }
    // Approvals (SPEC §11), in the reminder of whom they go to (made here when
    // nothing else is due for them), before the copies.
    for (const ApprovalItem& approval : approvals) {
        std::string why;
        const Person* to = approval_recipient(approval, policy, why);
        if (!to) {
            warn(std::move(why));
            continue;
        }
        message_to(plan.messages, Recipient{to->key, to->name, to->email}, MessageKind::reminder)
            .approvals.push_back(approval);
    }
    plan.messages.insert(plan.messages.end(), std::make_move_iterator(copies.begin()),
                         std::make_move_iterator(copies.end()));
    return plan;
}

namespace {

template <typename Item>
std::vector<Item> select(const std::vector<Item>& items,
                         const std::vector<std::optional<Instant>>& last_reminded, Instant now,
                         const Policy& policy, Repeat repeat) {
    std::vector<Item> out;
    for (std::size_t i = 0; i < items.size(); ++i) {
        const std::optional<Instant> last =
            i < last_reminded.size() ? last_reminded[i] : std::nullopt;
        if (repeat == Repeat::always || may_remind(last, now, policy)) out.push_back(items[i]);
    }
    return out;
}

}  // namespace

std::vector<ReminderItem> select_reminders(const std::vector<ReminderItem>& items,
                                           const std::vector<std::optional<Instant>>& last_reminded,
                                           Instant now, const Policy& policy, Repeat repeat) {
    return select(items, last_reminded, now, policy, repeat);
}

std::vector<ApprovalItem> select_reminders(const std::vector<ApprovalItem>& approvals,
                                           const std::vector<std::optional<Instant>>& last_reminded,
                                           Instant now, const Policy& policy, Repeat repeat) {
    return select(approvals, last_reminded, now, policy, repeat);
}

std::vector<std::pair<std::int64_t, Event>> reminder_events(const ReminderPlan& plan,
                                                            const std::vector<bool>& handed_over,
                                                            Instant now, const std::string& actor) {
    const auto sent = [&](std::size_t i) { return i < handed_over.size() && handed_over[i]; };
    const auto remind_event = [&](RemindDetails details) {
        Event event;
        event.at = now;
        event.recorded_at = now;
        event.actor = actor;
        event.details = std::move(details);
        return event;
    };
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
            RemindDetails details;
            details.milestone = item.milestone;
            details.due = item.due;
            details.to = message.to.email;
            details.cc = std::move(cc);
            out.emplace_back(item.row_id, remind_event(std::move(details)));
        }
        for (const auto& approval : message.approvals) {
            RemindDetails details;
            details.milestone = Milestone::resolve;
            details.due = approval.proposed_at;
            details.to = message.to.email;
            details.approval = true;
            out.emplace_back(approval.row_id, remind_event(std::move(details)));
        }
    }
    return out;
}

bool may_remind(const std::optional<Instant>& last, Instant now, const Policy& policy) {
    if (!last) return true;
    return now >= add_duration(*last, policy.notify.repeat, policy.calendar, policy.zone);
}

}  // namespace complaints::domain
