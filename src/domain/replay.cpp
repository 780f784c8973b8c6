// Replaying a complaint from its events (SPEC §12, `verify`): each event's
// recorded values applied as the step that made it changed the complaint
// (lifecycle.cpp, workflow.cpp, edit.cpp, approval.cpp, evidence.cpp), and the
// result compared with the stored fields.
//
// What the events do not record, and is therefore not checked
// (`k_unreplayed_fields`): the limit of each milestone (`*_limit`), and
// `acknowledge_started_at` when the register event has no acknowledge
// deadline. Everything else is: `started_at` of a clock is the time of the
// event that started it.
#include "step.hpp"

#include <complaints/domain/replay.hpp>
#include <complaints/domain/retention.hpp>

#include <fmt/format.h>

#include <chrono>
#include <functional>
#include <optional>
#include <type_traits>
#include <utility>

namespace complaints::domain {

namespace {

// --- Applying events ---------------------------------------------------------

// A clock started at `start` with the recorded deadline `due` (none: not
// tracked); the limit is not recorded.
void start_clock(Complaint& c, Milestone m, Instant start, std::optional<Instant> due) {
    MilestoneClock& clock = c.milestone(m);
    clock = MilestoneClock{};
    clock.started_at = start;
    clock.due = due;
}

// Ends a running hold at `at` (as end_hold of workflow.cpp); `seconds` is the
// clock time held when the event records it.
void end_hold(Complaint& c, Instant at, std::optional<std::int64_t> seconds) {
    MilestoneClock& clock = c.milestone(Milestone::hold);
    const HoldPeriod period{clock.started_at.value_or(at), at};
    c.holds.push_back(period);
    c.held_seconds += seconds.value_or(
        std::chrono::duration_cast<std::chrono::seconds>(period.to - period.from).count());
    clock.met_at = at;
    c.held_from.reset();
    c.hold_reason.reset();
}

void move_deadlines(Complaint& c, const std::vector<DeadlineChange>& changes) {
    for (const DeadlineChange& change : changes) c.milestone(change.milestone).due = change.to;
}

// `resolution` becomes the complaint's at `at` (as step::settle), closing it
// when the event says so.
void settle(Complaint& c, Resolution resolution, Instant at, std::optional<Instant> revisit_due,
            bool closed) {
    c.milestone(Milestone::resolve).met_at = at;
    start_clock(c, Milestone::revisit, at, revisit_due);
    c.status = closed ? Status::closed : Status::resolved;
    step::record_settlement(c, std::move(resolution), at, closed);
}

// The field of an `edit` change (its stored column name) set to `to`; an
// unknown field changes nothing (the comparison then shows it).
void apply_change(Complaint& c, const FieldChange& change) {
    const std::optional<std::string>& to = change.to;
    const std::string text = to.value_or("");
    const std::string& f = change.field;
    if (f == "kind")
        c.kind = text;
    else if (f == "category")
        c.category = text;
    else if (f == "severity")
        c.severity = text;
    else if (f == "site")
        c.site = to;
    else if (f == "customer_name")
        c.customer.name = text;
    else if (f == "customer_contact")
        c.customer.contact = to;
    else if (f == "customer_organization")
        c.customer.organization = to;
    else if (f == "customer_order")
        c.customer.order = to;
    else if (f == "summary")
        c.summary = text;
    else if (f == "description")
        c.description = to;
    else if (f == "demand")
        c.demand = to;
}

// One event applied to `c`, by type.
struct Apply {
    Complaint& c;
    const Event& e;

    void operator()(const RegisterDetails& d) const {
        c.kind = d.kind;
        c.channel = d.channel;
        c.category = d.category;
        c.severity = d.severity;
        c.customer = d.customer;
        c.summary = d.summary;
        c.description = d.description;
        c.demand = d.demand;
        c.ref = d.ref;
        c.site = d.site;
        c.possible_duplicate_of = d.possible_duplicate_of;
        c.received_at = e.at;
        c.registered_by = e.actor;
        c.status = Status::registered;
        start_clock(c, Milestone::acknowledge, e.at, d.acknowledge_due);
        start_clock(c, Milestone::assign, e.at, d.assign_due);
        start_clock(c, Milestone::resolve, e.at, d.resolve_due);
    }
    void operator()(const AssignDetails& d) const {
        c.assignee = d.to;
        c.department = d.department;
        MilestoneClock& assign = c.milestone(Milestone::assign);
        if (!d.reassignment && !assign.met_at) {
            assign.met_at = e.at;
            start_clock(c, Milestone::investigate, e.at, d.investigate_due);
        }
        if (c.status == Status::registered) c.status = Status::assigned;
    }
    void operator()(const InvestigateDetails& d) const {
        c.status = Status::investigating;
        if (d.cause) c.cause = d.cause;
        if (d.substantiated) c.substantiated = d.substantiated;
        MilestoneClock& clock = c.milestone(Milestone::investigate);
        if (d.complete && !clock.met_at) clock.met_at = e.at;
    }
    void operator()(const ResolveDetails& d) const {
        MilestoneClock& investigate = c.milestone(Milestone::investigate);
        if (!investigate.met_at) investigate.met_at = e.at;
        (void)step::meet_acknowledge(c, e.at);
        Resolution resolution{d.plan,        d.outcome, d.amount, d.currency,
                              d.responsible, e.at,      e.actor};
        if (d.awaiting_approval) {
            c.status = Status::awaiting_approval;
            c.proposal = std::move(resolution);
            return;
        }
        settle(c, std::move(resolution), e.at, d.revisit_due, d.closed);
        c.approved_by.reset();
        c.approved_at.reset();
    }
    void operator()(const RevisitDetails& d) const {
        MilestoneClock& revisit = c.milestone(Milestone::revisit);
        if (d.score) c.last_revisit_score = d.score;
        switch (d.result) {
            case RevisitResult::satisfied:
                c.closed_at = e.at;
                revisit.met_at = e.at;
                c.last_revisit_result = d.result;
                c.status = Status::closed;
                break;
            case RevisitResult::unsatisfied:
                c.reopen_count += 1;
                revisit.met_at = e.at;
                c.last_revisit_result = d.result;
                start_clock(c, Milestone::resolve, e.at, d.resolve_due);
                c.status = Status::investigating;
                break;
            case RevisitResult::unreachable:
                c.unreachable_count = d.attempt.value_or(c.unreachable_count + 1);
                c.status = Status::resolved;
                if (d.closed) {
                    c.closed_at = e.at;
                    revisit.met_at = e.at;
                    c.status = Status::closed;
                }
                break;
        }
    }
    void operator()(const RemindDetails& /*unused*/) const {}
    void operator()(const ContactDetails& d) const {
        if (d.acknowledged) c.milestone(Milestone::acknowledge).met_at = e.at;
    }
    void operator()(const RejectDetails& d) const {
        c.status = Status::rejected;
        c.rejection_reason = d.reason;
        c.rejection_of = d.of;
        (void)step::meet_acknowledge(c, e.at);
    }
    void operator()(const WithdrawDetails& /*unused*/) const {
        if (c.status == Status::on_hold) end_hold(c, e.at, std::nullopt);
        c.proposal.reset();
        c.status = Status::withdrawn;
        (void)step::meet_acknowledge(c, e.at);
    }
    void operator()(const HoldDetails& d) const {
        c.held_from = d.from;
        c.hold_reason = d.reason;
        c.status = Status::on_hold;
        start_clock(c, Milestone::hold, e.at, d.review_due);
    }
    void operator()(const ResumeDetails& d) const {
        end_hold(c, e.at, d.held_seconds);
        move_deadlines(c, d.deadlines);
        c.status = d.to;
    }
    void operator()(const EditDetails& d) const {
        for (const FieldChange& change : d.changes) apply_change(c, change);
        move_deadlines(c, d.deadlines);
    }
    void operator()(const ApproveDetails& d) const {
        if (c.proposal) settle(c, *c.proposal, e.at, d.revisit_due, d.closed);
        c.proposal.reset();
        c.approved_by = e.actor;
        c.approved_at = e.at;
    }
    void operator()(const DeclineDetails& /*unused*/) const {
        c.status = Status::investigating;
        c.proposal.reset();
    }
    void operator()(const AttachDetails& /*unused*/) const {}
    void operator()(const ImportDetails& /*unused*/) const {}
    // As domain::anonymize: the events before it hold the masked values
    // already (the store masks them), and masking is idempotent.
    void operator()(const AnonymizeDetails& /*unused*/) const {
        c.customer.name = mask_name(c.customer.name);
        if (c.customer.contact) c.customer.contact = mask_contact(*c.customer.contact);
        c.customer.order.reset();
        c.description.reset();
        c.anonymized_at = e.at;
    }
};

void apply(Complaint& c, const Event& e) {
    std::visit(Apply{c, e}, e.details);
    // Neither a reminder, an anonymisation nor an import is a step of the
    // complaint's handling (retention.cpp keeps last_event_at, and so does
    // `import`: a step backdated before the import stays possible).
    if (!is_bookkeeping(e.type())) c.last_event_at = e.at;
}

// --- Comparing fields --------------------------------------------------------

template <typename T>
struct IsOptional : std::false_type {};
template <typename T>
struct IsOptional<std::optional<T>> : std::true_type {};

std::string render(const std::string& value) {
    return value;
}
std::string render(Instant value) {
    return format_utc(value);
}
std::string render(Money value) {
    return value.to_string();
}
std::string render(int value) {
    return std::to_string(value);
}
std::string render(std::int64_t value) {
    return std::to_string(value);
}
std::string render(bool value) {
    return value ? "true" : "false";
}
template <typename Enum>
requires std::is_enum_v<Enum> std::string render(Enum value) {
    return std::string(name_of(value));
}
// As stored: `from/to from/to …`, null when there is none.
std::string render(const std::vector<HoldPeriod>& holds) {
    if (holds.empty()) return "null";
    std::string out;
    for (const HoldPeriod& h : holds)
        out += fmt::format("{}{}/{}", out.empty() ? "" : " ", format_utc(h.from), format_utc(h.to));
    return out;
}
template <typename T>
std::string render(const std::optional<T>& value) {
    return value ? render(*value) : std::string("null");
}

// One compared field: its column name, whether two complaints agree on it,
// and its value as text (only for a mismatch).
struct Field {
    std::string name;
    std::function<bool(const Complaint&, const Complaint&)> same;
    std::function<std::string(const Complaint&)> text;
};

template <typename Get>
void add(std::vector<Field>& out, std::string name, Get get) {
    out.push_back({std::move(name),
                   [get](const Complaint& a, const Complaint& b) { return get(a) == get(b); },
                   [get](const Complaint& c) { return render(get(c)); }});
}

// A member of an optional resolution, absent when the resolution is.
template <typename T>
auto member(const std::optional<Resolution>& r, T Resolution::*m) {
    if constexpr (IsOptional<T>::value) {
        return r ? (*r).*m : T{};
    } else {
        return r ? std::optional<T>((*r).*m) : std::optional<T>{};
    }
}

// The columns of the complaint table in its order (storage/columns.cpp),
// but the keys and `k_unreplayed_fields`.
std::vector<Field> make_fields() {
    std::vector<Field> f;
    add(f, "status", [](const Complaint& c) { return c.status; });
    add(f, "kind", [](const Complaint& c) { return c.kind; });
    add(f, "channel", [](const Complaint& c) { return c.channel; });
    add(f, "category", [](const Complaint& c) { return c.category; });
    add(f, "severity", [](const Complaint& c) { return c.severity; });
    add(f, "customer_name", [](const Complaint& c) { return c.customer.name; });
    add(f, "customer_contact", [](const Complaint& c) { return c.customer.contact; });
    add(f, "customer_organization", [](const Complaint& c) { return c.customer.organization; });
    add(f, "customer_order", [](const Complaint& c) { return c.customer.order; });
    add(f, "summary", [](const Complaint& c) { return c.summary; });
    add(f, "description", [](const Complaint& c) { return c.description; });
    add(f, "demand", [](const Complaint& c) { return c.demand; });
    add(f, "ref", [](const Complaint& c) { return c.ref; });
    add(f, "received_at", [](const Complaint& c) { return c.received_at; });
    add(f, "registered_by", [](const Complaint& c) { return c.registered_by; });
    add(f, "assignee", [](const Complaint& c) { return c.assignee; });
    add(f, "department", [](const Complaint& c) { return c.department; });
    add(f, "reopen_count", [](const Complaint& c) { return c.reopen_count; });
    add(f, "unreachable_count", [](const Complaint& c) { return c.unreachable_count; });
    const auto resolution_fields = [&](const std::string& prefix,
                                       std::optional<Resolution> Complaint::*r) {
        add(f, prefix + "_plan",
            [r](const Complaint& c) { return member(c.*r, &Resolution::plan); });
        add(f, prefix + "_outcome",
            [r](const Complaint& c) { return member(c.*r, &Resolution::outcome); });
        add(f, prefix + "_amount",
            [r](const Complaint& c) { return member(c.*r, &Resolution::amount); });
        add(f, prefix + "_currency",
            [r](const Complaint& c) { return member(c.*r, &Resolution::currency); });
        add(f, prefix + "_responsible",
            [r](const Complaint& c) { return member(c.*r, &Resolution::responsible); });
        add(f, prefix + "_at", [r](const Complaint& c) { return member(c.*r, &Resolution::at); });
        add(f, prefix + "_by", [r](const Complaint& c) { return member(c.*r, &Resolution::by); });
    };
    resolution_fields("resolution", &Complaint::resolution);
    add(f, "closed_at", [](const Complaint& c) { return c.closed_at; });
    add(f, "last_revisit_result", [](const Complaint& c) { return c.last_revisit_result; });
    add(f, "last_revisit_score", [](const Complaint& c) { return c.last_revisit_score; });
    add(f, "site", [](const Complaint& c) { return c.site; });
    add(f, "cause", [](const Complaint& c) { return c.cause; });
    add(f, "substantiated", [](const Complaint& c) { return c.substantiated; });
    add(f, "held_from", [](const Complaint& c) { return c.held_from; });
    add(f, "hold_reason", [](const Complaint& c) { return c.hold_reason; });
    add(f, "held_seconds", [](const Complaint& c) { return c.held_seconds; });
    add(f, "holds", [](const Complaint& c) { return c.holds; });
    add(f, "rejection_reason", [](const Complaint& c) { return c.rejection_reason; });
    add(f, "rejection_of", [](const Complaint& c) { return c.rejection_of; });
    add(f, "possible_duplicate_of", [](const Complaint& c) { return c.possible_duplicate_of; });
    add(f, "total_amount", [](const Complaint& c) { return c.total_amount; });
    resolution_fields("proposal", &Complaint::proposal);
    add(f, "approved_by", [](const Complaint& c) { return c.approved_by; });
    add(f, "approved_at", [](const Complaint& c) { return c.approved_at; });
    add(f, "anonymized_at", [](const Complaint& c) { return c.anonymized_at; });
    for (const Milestone m : k_milestones)
        add(f, fmt::format("{}_started_at", to_string(m)),
            [m](const Complaint& c) { return c.milestone(m).started_at; });
    for (const Milestone m : k_milestones) {
        add(f, fmt::format("{}_due", to_string(m)),
            [m](const Complaint& c) { return c.milestone(m).due; });
        add(f, fmt::format("{}_met_at", to_string(m)),
            [m](const Complaint& c) { return c.milestone(m).met_at; });
    }
    add(f, "last_event_at", [](const Complaint& c) { return c.last_event_at; });
    return f;
}

const std::vector<Field>& fields() {
    static const std::vector<Field> all = make_fields();
    return all;
}

// Whether field `name` is compared for a complaint with these events.
bool recorded(const Field& field, std::span<const Event> events) {
    if (field.name != "acknowledge_started_at") return true;
    const auto* registration = events.front().as<RegisterDetails>();
    return registration && registration->acknowledge_due.has_value();
}

// The index of the event that last changed `field` in the replay, or the
// last event. Only run for a mismatch: it replays once more.
std::size_t last_change(const Field& field, std::span<const Event> events) {
    std::size_t found = events.size() - 1;
    Complaint before;
    for (std::size_t i = 0; i < events.size(); ++i) {
        Complaint after = before;
        apply(after, events[i]);
        if (!field.same(before, after)) found = i;
        before = std::move(after);
    }
    return found;
}

}  // namespace

std::vector<std::string> replayed_fields() {
    std::vector<std::string> out;
    out.reserve(fields().size());
    for (const Field& f : fields()) out.push_back(f.name);
    return out;
}

Complaint replay(std::span<const Event> events) {
    Complaint c;
    for (const Event& e : events) apply(c, e);
    return c;
}

std::vector<ReplayMismatch> check_replay(const Complaint& stored, std::span<const Event> events) {
    if (events.empty() || events.front().type() != EventType::registration) {
        ReplayMismatch m;
        m.field = "register";
        m.replayed = std::string(to_string(EventType::registration));
        m.stored = "null";
        if (!events.empty()) {
            m.seq = events.front().seq;
            m.type = events.front().type();
            m.stored = std::string(to_string(m.type));
        }
        return {m};
    }
    const Complaint replayed = replay(events);
    std::vector<ReplayMismatch> out;
    for (const Field& field : fields()) {
        if (!recorded(field, events) || field.same(stored, replayed)) continue;
        const Event& by = events[last_change(field, events)];
        out.push_back({by.seq, by.type(), field.name, field.text(stored), field.text(replayed)});
    }
    return out;
}

}  // namespace complaints::domain
