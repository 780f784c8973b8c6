// `show`, and complaints in `register`/`list --format json`: one complaint as
// JSON or text, with its history.
#include <complaints/domain/text.hpp>
#include <complaints/report/evidence.hpp>
#include <complaints/report/views.hpp>

#include "json_writer.hpp"
#include "render_support.hpp"

#include <fmt/format.h>

#include <nlohmann/json.hpp>

namespace complaints::report {

namespace {

using domain::Complaint;
using domain::Event;
using domain::Instant;
using domain::Milestone;
using domain::MilestoneState;
using namespace detail;

// A time in the policy's zone (RFC 3339), or null.
void put_time(JsonWriter& w, const std::optional<Instant>& t, const View& view) {
    if (t)
        w.string(domain::format_rfc3339(*t, view.policy.zone));
    else
        w.null();
}

// The details as stored in the event log (the domain's one JSON shape; its
// keys in byte order, as `details_json` writes them).
void put_details(JsonWriter& w, const Event& e) {
    if (w.compact())
        w.raw(domain::json_printable(domain::details_json(e.details)));
    else
        w.value(domain::details_value(e.details));
}

void put_findings(JsonWriter& w, const std::vector<Event>& events, const View& view) {
    w.begin_array();
    for (const auto& e : events) {
        const auto* d = e.as<domain::InvestigateDetails>();
        if (!d) continue;
        w.begin_object().key("at");
        put_time(w, e.at, view);
        w.member("by", e.actor)
            .member("text", d->text)
            .member("cause", d->cause)
            .member("substantiated", d->substantiated)
            .member("complete", d->complete)
            .end_object();
    }
    w.end_array();
}

void put_revisits(JsonWriter& w, const std::vector<Event>& events, const View& view) {
    w.begin_array();
    for (const auto& e : events) {
        const auto* d = e.as<domain::RevisitDetails>();
        if (!d) continue;
        w.begin_object().key("at");
        put_time(w, e.at, view);
        w.member("by", e.actor).member("result", domain::to_string(d->result)).key("score");
        w.number_or_null(d->score).member("note", d->note).end_object();
    }
    w.end_array();
}

void put_contacts(JsonWriter& w, const std::vector<Event>& events, const View& view) {
    w.begin_array();
    for (const auto& e : events) {
        const auto* d = e.as<domain::ContactDetails>();
        if (!d) continue;
        w.begin_object().key("at");
        put_time(w, e.at, view);
        w.member("by", e.actor)
            .member("via", d->via)
            .member("direction", domain::name_of(d->direction))
            .member("note", d->note)
            .end_object();
    }
    w.end_array();
}

// The latest event of type `T`, or nullptr.
template <typename T>
const Event* latest(const std::vector<Event>* events) {
    if (!events) return nullptr;
    for (auto it = events->rbegin(); it != events->rend(); ++it)
        if (it->as<T>()) return &*it;
    return nullptr;
}

void put_rejection(JsonWriter& w, const Complaint& c, const std::vector<Event>* events,
                   const View& view) {
    if (c.status != domain::Status::rejected || !c.rejection_reason) {
        w.null();
        return;
    }
    w.begin_object()
        .member("reason", domain::name_of(*c.rejection_reason))
        .member("of", c.rejection_of);
    if (const Event* e = latest<domain::RejectDetails>(events)) {
        const auto& d = *e->as<domain::RejectDetails>();
        w.member("note", d.note).key("at");
        put_time(w, e->at, view);
        w.member("by", e->actor);
        if (d.known_at) {
            w.key("known_at");
            put_time(w, d.known_at, view);
        }
    } else {
        w.member("note", nullptr).member("at", nullptr).member("by", nullptr);
    }
    w.end_object();
}

void put_withdrawal(JsonWriter& w, const Complaint& c, const std::vector<Event>* events,
                    const View& view) {
    if (c.status != domain::Status::withdrawn) {
        w.null();
        return;
    }
    w.begin_object();
    if (const Event* e = latest<domain::WithdrawDetails>(events)) {
        w.member("note", e->as<domain::WithdrawDetails>()->note).key("at");
        put_time(w, e->at, view);
        w.member("by", e->actor);
    }
    w.end_object();
}

void put_hold(JsonWriter& w, const Complaint& c, const std::vector<Event>* events,
              const View& view) {
    if (c.status != domain::Status::on_hold) {
        w.null();
        return;
    }
    const auto& clock = c.milestone(Milestone::hold);
    const Event* e = latest<domain::HoldDetails>(events);
    w.begin_object().key("reason");
    if (c.hold_reason)
        w.string(domain::name_of(*c.hold_reason));
    else
        w.null();
    w.member("note", e ? e->as<domain::HoldDetails>()->note : std::nullopt).key("since");
    put_time(w, clock.started_at, view);
    w.key("by");
    if (e)
        w.string(e->actor);
    else
        w.null();
    w.key("from");
    if (c.held_from)
        w.string(domain::to_string(*c.held_from));
    else
        w.null();
    w.key("review_due");
    put_time(w, clock.due, view);
    w.end_object();
}

void put_edits(JsonWriter& w, const std::vector<Event>& events, const View& view) {
    w.begin_array();
    for (const auto& e : events) {
        const auto* d = e.as<domain::EditDetails>();
        if (!d) continue;
        w.begin_object().key("at");
        put_time(w, e.at, view);
        w.member("by", e.actor).member("reason", d->reason).key("changes").begin_array();
        for (const auto& change : d->changes)
            w.begin_object()
                .member("field", change.field)
                .member("from", change.from)
                .member("to", change.to)
                .end_object();
        w.end_array().end_object();
    }
    w.end_array();
}

// One proposed resolution (SPEC §11) and what became of it.
struct Proposal {
    const Event* proposed = nullptr;  // the resolve event that waits for approval
    const Event* decided = nullptr;   // its approve or decline, if any
};

// Every proposal, in order: each resolve that waited for approval, with the
// approve or decline that followed it.
std::vector<Proposal> proposals_of(const std::vector<Event>& events) {
    std::vector<Proposal> out;
    for (const auto& e : events) {
        const auto* r = e.as<domain::ResolveDetails>();
        if (r && r->awaiting_approval) {
            out.push_back({&e, nullptr});
        } else if ((e.as<domain::ApproveDetails>() || e.as<domain::DeclineDetails>()) &&
                   !out.empty() && !out.back().decided) {
            out.back().decided = &e;
        }
    }
    return out;
}

std::string_view decision_of(const Proposal& p) {
    if (!p.decided) return "pending";
    return p.decided->as<domain::ApproveDetails>() ? "approved" : "declined";
}

std::optional<std::string> decision_note(const Proposal& p) {
    if (!p.decided) return std::nullopt;
    if (const auto* a = p.decided->as<domain::ApproveDetails>()) return a->note;
    return p.decided->as<domain::DeclineDetails>()->note;
}

void put_money(JsonWriter& w, const std::optional<domain::Money>& amount) {
    if (amount)
        w.string(amount->to_string());
    else
        w.null();
}

void put_proposals(JsonWriter& w, const std::vector<Event>& events, const View& view) {
    w.begin_array();
    for (const Proposal& p : proposals_of(events)) {
        const auto& r = *p.proposed->as<domain::ResolveDetails>();
        w.begin_object().member("plan", r.plan).member("outcome", r.outcome).key("amount");
        put_money(w, r.amount);
        w.member("by", p.proposed->actor).key("at");
        put_time(w, p.proposed->at, view);
        w.member("decision", decision_of(p)).key("decided_by");
        if (p.decided)
            w.string(p.decided->actor);
        else
            w.null();
        w.key("decided_at");
        put_time(w, p.decided ? std::optional<Instant>(p.decided->at) : std::nullopt, view);
        w.member("note", decision_note(p)).end_object();
    }
    w.end_array();
}

// The members of a resolution, in an object the caller opened.
void put_resolution_members(JsonWriter& w, const domain::Resolution& r, const View& view) {
    w.member("plan", r.plan).member("outcome", r.outcome).key("amount");
    put_money(w, r.amount);
    w.member("currency", r.currency).member("responsible", r.responsible).key("at");
    put_time(w, r.at, view);
    w.member("by", r.by);
}

// The pending proposal, with what it waits for (from its resolve event).
void put_proposal(JsonWriter& w, const Complaint& c, const std::vector<Event>* events,
                  const View& view) {
    // Present only while it waits: approve, decline and withdraw drop it.
    if (!c.proposal) {
        w.null();
        return;
    }
    w.begin_object();
    put_resolution_members(w, *c.proposal, view);
    const Event* e = latest<domain::ResolveDetails>(events);
    w.member("waiting_for", e ? e->as<domain::ResolveDetails>()->awaiting_approval : std::nullopt);
    w.end_object();
}

// Which events `put_complaint` lists: none (`list`), all with the
// database's sequence numbers (`show`), or all without them (`export`: the
// numbers, like the chain, belong to one database).
enum class History { none, with_seq, without_seq };

void put_complaint(JsonWriter& w, const Complaint& c, const std::vector<Event>* events,
                   History history, const View& view) {
    const auto empty_or = [&](auto put) {
        if (events)
            put(w, *events, view);
        else
            w.begin_array().end_array();
    };
    w.begin_object()
        .member("id", c.id)
        .member("status", domain::to_string(c.status))
        .member("kind", c.kind)
        .member("channel", c.channel)
        .member("category", c.category)
        .member("severity", c.severity)
        .key("customer")
        .begin_object()
        .member("name", c.customer.name)
        .member("contact", c.customer.contact)
        .member("organization", c.customer.organization)
        .member("order", c.customer.order)
        .end_object()
        .member("summary", c.summary)
        .member("description", c.description)
        .member("demand", c.demand)
        .member("ref", c.ref)
        .key("received_at");
    put_time(w, c.received_at, view);
    w.member("registered_by", c.registered_by)
        .member("assignee", c.assignee)
        .member("department", c.department)
        .member("reopen_count", c.reopen_count)
        .member("site", c.site)
        .member("cause", c.cause)
        .member("substantiated", c.substantiated)
        .member("possible_duplicate_of", c.possible_duplicate_of)
        .key("contacts");
    empty_or(put_contacts);
    w.key("findings");
    empty_or(put_findings);
    w.key("resolution");
    if (c.resolution) {
        w.begin_object();
        put_resolution_members(w, *c.resolution, view);
        w.end_object();
    } else {
        w.null();
    }
    w.member("approved_by", c.approved_by).key("approved_at");
    put_time(w, c.approved_at, view);
    w.key("proposal");
    put_proposal(w, c, events, view);
    w.key("proposals");
    empty_or(put_proposals);
    w.key("total_amount");
    put_money(w, c.total_amount);
    w.key("revisits");
    empty_or(put_revisits);
    w.key("rejection");
    put_rejection(w, c, events, view);
    w.key("withdrawal");
    put_withdrawal(w, c, events, view);
    w.key("hold");
    put_hold(w, c, events, view);
    w.member("held_minutes", c.held_seconds / 60).key("edits");
    empty_or(put_edits);
    w.key("evidence");
    if (events)
        put_evidence(w, evidence_of(*events), view);
    else
        w.begin_array().end_array();
    w.key("milestones").begin_object();
    for (const Milestone m : domain::k_milestones) {
        const auto& clock = c.milestone(m);
        w.key(domain::to_string(m)).begin_object().key("due");
        put_time(w, clock.due, view);
        w.key("met_at");
        put_time(w, clock.met_at, view);
        w.member("state", domain::to_string(c.state(m, view.now))).end_object();
    }
    w.end_object().key("next_deadline");
    put_time(w, c.next_deadline(), view);
    w.key("closed_at");
    put_time(w, c.closed_at, view);
    w.key("anonymized_at");
    put_time(w, c.anonymized_at, view);
    if (history != History::none && events) {
        w.key("events").begin_array();
        for (const auto& e : *events) {
            w.begin_object().member("type", domain::to_string(e.type())).key("at");
            put_time(w, e.at, view);
            w.key("recorded_at");
            put_time(w, e.recorded_at, view);
            w.member("actor", e.actor);
            if (history == History::with_seq) w.member("seq", e.seq);
            w.key("details");
            put_details(w, e);
            w.end_object();
        }
        w.end_array();
    }
    w.end_object();
}

// One complaint as `dump(2)` writes it, with `domain::json_printable`'s
// escapes and a final line feed.
std::string pretty(const Complaint& c, const std::vector<Event>* events, History history,
                   const View& view) {
    std::string out;
    JsonWriter w(out, 2);
    put_complaint(w, c, events, history, view);
    out += '\n';
    return out;
}

// What a history line adds after the actor for the steps of approval:
// "  proposed; awaiting approval by …", "  approved zhang's proposal".
std::string history_note(const Event& e) {
    if (const auto* r = e.as<domain::ResolveDetails>())
        return r->awaiting_approval ? "  proposed; awaiting approval by " + *r->awaiting_approval
                                    : std::string();
    if (const auto* a = e.as<domain::ApproveDetails>())
        return fmt::format("  approved {}'s proposal", a->proposed_by);
    if (const auto* d = e.as<domain::DeclineDetails>())
        return fmt::format("  declined {}'s proposal", d->proposed_by);
    return {};
}

// A stored one-line value as `show` prints it: control characters escaped.
std::string safe(std::string_view text) {
    return domain::printable(text);
}

// A stored multi-line value (description, finding, plan): its line feeds and
// tabs kept, every line after the first indented by `indent` spaces, other
// control characters escaped.
std::string block(std::string_view text, std::size_t indent) {
    std::string out;
    for (const char ch : domain::printable(text, domain::Breaks::keep)) {
        out += ch;
        if (ch == '\n') out.append(indent, ' ');
    }
    return out;
}

// "met on time", "met late (2h)", "overdue by 3h", "due in 1d 2h", "not started".
std::string state_text(const Complaint& c, Milestone m, const View& view, const TextStyle& style) {
    const domain::MilestoneClock& clock = c.milestone(m);
    switch (c.state(m, view.now)) {
        case MilestoneState::paused:
            return "paused (on hold)";
        case MilestoneState::stopped:
            return fmt::format("not met ({})", domain::to_string(c.status));
        case MilestoneState::not_started:
            return "not started";
        case MilestoneState::met:
            return "met on time";
        case MilestoneState::met_late:
            return yellow(
                fmt::format("met late by {}", domain::format_span(*clock.met_at - *clock.due)),
                style);
        case MilestoneState::overdue:
            return red(fmt::format("overdue by {}", domain::format_span(view.now - *clock.due)),
                       style);
        case MilestoneState::pending:
            return fmt::format("due in {}", domain::format_span(*clock.due - view.now));
    }
    return "";
}

}  // namespace

std::string complaint_json(const Complaint& c, const std::vector<Event>* events, const View& view) {
    return pretty(c, events, History::with_seq, view);
}

std::string complaint_line(const Complaint& c, const std::vector<Event>& events, const View& view) {
    std::string out;
    out.reserve(4096);
    JsonWriter w(out);
    put_complaint(w, c, &events, History::without_seq, view);
    out += '\n';
    return out;
}

std::string complaints_json(const std::vector<Complaint>& complaints,
                            const std::vector<std::vector<Event>>& events, const View& view) {
    std::string out;
    JsonWriter w(out, 2);
    w.begin_array();
    for (std::size_t i = 0; i < complaints.size(); ++i)
        put_complaint(w, complaints[i], i < events.size() ? &events[i] : nullptr, History::none,
                      view);
    w.end_array();
    out += '\n';
    return out;
}

std::string complaints_json_item(const Complaint& c, const std::vector<Event>& events,
                                 const View& view) {
    return array_item(pretty(c, &events, History::none, view));
}

std::string complaint_text(const Complaint& c, const std::vector<Event>& events, const View& view,
                           const TextStyle& style) {
    const auto& zone = view.policy.zone;
    const auto when = [&](Instant t) { return domain::format_local(t, zone); };
    std::string out;
    // Every stored text goes through `safe` or `block` (SPEC §12): none may
    // send a control character to the terminal.
    const auto field = [&](std::string_view name, const std::string& value) {
        out += fmt::format("{} {}\n", pad(fmt::format("{}:", name), 13, Align::left), safe(value));
    };
    out += bold(fmt::format("{}  {}", safe(c.id), domain::to_string(c.status)), style) + "\n";
    field("kind", label(domain::Table::kind, c.kind, view));
    field("severity", label(domain::Table::severity, c.severity, view));
    field("channel", label(domain::Table::channel, c.channel, view));
    field("category", label(domain::Table::category, c.category, view));
    std::string customer = c.customer.name;
    if (c.customer.contact) customer += fmt::format(", {}", *c.customer.contact);
    if (c.customer.organization) customer += fmt::format(" ({})", *c.customer.organization);
    field("customer", customer);
    if (c.customer.order) field("order", *c.customer.order);
    field("summary", c.summary);
    if (c.description)
        out +=
            fmt::format("{} {}\n", pad("description:", 13, Align::left), block(*c.description, 14));
    if (c.demand) field("demand", *c.demand);
    if (c.ref) field("ref", *c.ref);
    field("received", fmt::format("{} by {}", when(c.received_at), c.registered_by));
    if (c.assignee)
        field("assignee",
              c.department ? fmt::format("{} ({})", *c.assignee, *c.department) : *c.assignee);
    if (c.reopen_count)
        field("reopened", fmt::format("{} time{}", c.reopen_count, c.reopen_count == 1 ? "" : "s"));
    if (c.site) field("site", label(domain::Table::site, *c.site, view));
    if (c.cause) field("cause", label(domain::Table::cause, *c.cause, view));
    if (c.possible_duplicate_of) field("duplicate?", "possibly of " + *c.possible_duplicate_of);
    if (c.total_amount && c.resolution)
        field("total paid",
              fmt::format("{} {}", c.total_amount->to_string(), c.resolution->currency));
    if (c.proposal)
        if (const Event* e = latest<domain::ResolveDetails>(&events))
            if (const auto& waits = e->as<domain::ResolveDetails>()->awaiting_approval)
                field("awaiting", "approval by " + *waits);
    if (c.approved_by && c.approved_at)
        field("approved", fmt::format("{} by {}", when(*c.approved_at), *c.approved_by));
    if (c.closed_at) field("closed", when(*c.closed_at));
    if (c.anonymized_at) field("anonymized", when(*c.anonymized_at));
    if (c.status == domain::Status::on_hold) {
        std::string held = c.hold_reason ? std::string(domain::name_of(*c.hold_reason)) : "";
        if (const auto& since = c.milestone(Milestone::hold).started_at)
            held += fmt::format(" since {}", when(*since));
        if (c.held_from) held += fmt::format(" (was {})", domain::to_string(*c.held_from));
        field("on hold", held);
    }
    if (c.held_seconds > 0)
        field("held", domain::format_span(std::chrono::seconds{c.held_seconds}));
    for (const auto& e : events) {
        if (const auto* d = e.as<domain::RejectDetails>()) {
            std::string line = std::string(domain::name_of(d->reason));
            if (d->of) line += " of " + *d->of;
            if (d->note) line += ": " + *d->note;
            field("rejected", fmt::format("{} by {}; {}", when(e.at), e.actor, line));
        } else if (const auto* w = e.as<domain::WithdrawDetails>()) {
            field("withdrawn", fmt::format("{} by {}{}", when(e.at), e.actor,
                                           w->note ? "; " + *w->note : std::string()));
        }
    }

    out += "\n" + bold("milestones", style) + "\n";
    for (const Milestone m : domain::k_milestones) {
        const auto& clock = c.milestone(m);
        // The hold review shows only once a complaint was held with one.
        if (m == Milestone::hold && !clock.due) continue;
        std::string line = fmt::format("  {}", pad(domain::to_string(m), 12, Align::left));
        line += clock.due ? fmt::format("due {}", when(*clock.due)) : std::string(20, ' ');
        if (clock.met_at) line += fmt::format("  met {}", when(*clock.met_at));
        line += fmt::format("  {}", clock.due || clock.met_at || !clock.started_at
                                        ? state_text(c, m, view, style)
                                        : std::string("not tracked"));
        out += line + "\n";
    }
    bool any_contact = false;
    for (const auto& e : events) {
        const auto* d = e.as<domain::ContactDetails>();
        if (!d) continue;
        if (!any_contact) out += "\n" + bold("contacts", style) + "\n";
        any_contact = true;
        out += safe(fmt::format("  {} {} ({}, {}): {}", when(e.at), e.actor,
                                label(domain::Table::channel, d->via, view),
                                domain::name_of(d->direction), d->note)) +
               "\n";
    }
    bool any_finding = false;
    for (const auto& e : events) {
        const auto* d = e.as<domain::InvestigateDetails>();
        if (!d) continue;
        if (!any_finding) out += "\n" + bold("findings", style) + "\n";
        any_finding = true;
        out += fmt::format("  {} {}: {}\n", when(e.at), safe(e.actor), block(d->text, 4));
        std::vector<std::string> notes;
        if (d->cause) notes.push_back("cause: " + *d->cause);
        if (d->substantiated)
            notes.push_back(*d->substantiated ? "substantiated" : "not substantiated");
        if (d->complete) notes.push_back("investigation complete");
        for (const auto& n : notes) out += fmt::format("      {}\n", safe(n));
    }
    if (c.resolution) {
        const auto& r = *c.resolution;
        out += "\n" + bold("resolution", style) + "\n";
        out += fmt::format("  {} {}: {}\n", when(r.at), safe(r.by), block(r.plan, 4));
        std::string line =
            fmt::format("      outcome: {}", label(domain::Table::outcome, r.outcome, view));
        if (r.amount) line += fmt::format(", {} {}", r.amount->to_string(), r.currency);
        if (r.responsible) line += fmt::format("; responsible: {}", *r.responsible);
        out += safe(line) + "\n";
    }
    const std::vector<Proposal> proposals = proposals_of(events);
    if (!proposals.empty()) out += "\n" + bold("proposals", style) + "\n";
    for (const Proposal& p : proposals) {
        const auto& r = *p.proposed->as<domain::ResolveDetails>();
        out += fmt::format("  {} {}: {}\n", when(p.proposed->at), safe(p.proposed->actor),
                           block(r.plan, 4));
        std::string line =
            fmt::format("      outcome: {}", label(domain::Table::outcome, r.outcome, view));
        if (r.amount) line += fmt::format(", {} {}", r.amount->to_string(), r.currency);
        if (r.responsible) line += fmt::format("; responsible: {}", *r.responsible);
        out += safe(line) + "\n";
        if (!p.decided) {
            out +=
                fmt::format("      pending: awaiting approval by {}\n", safe(*r.awaiting_approval));
            continue;
        }
        const auto note = decision_note(p);
        out += safe(fmt::format("      {} {} by {}{}", decision_of(p), when(p.decided->at),
                                p.decided->actor, note ? ": " + *note : std::string())) +
               "\n";
    }
    bool any_revisit = false;
    for (const auto& e : events) {
        const auto* d = e.as<domain::RevisitDetails>();
        if (!d) continue;
        if (!any_revisit) out += "\n" + bold("revisits", style) + "\n";
        any_revisit = true;
        std::string line =
            fmt::format("  {} {}: {}", when(e.at), e.actor, domain::to_string(d->result));
        if (d->score) line += fmt::format(", score {}", *d->score);
        if (d->note) line += fmt::format(" ({})", *d->note);
        out += safe(line) + "\n";
    }
    bool any_edit = false;
    for (const auto& e : events) {
        const auto* d = e.as<domain::EditDetails>();
        if (!d) continue;
        if (!any_edit) out += "\n" + bold("edits", style) + "\n";
        any_edit = true;
        out += safe(fmt::format("  {} {}: {}", when(e.at), e.actor, d->reason)) + "\n";
        for (const auto& change : d->changes)
            out += safe(fmt::format("      {}: {} → {}", change.field, change.from.value_or("-"),
                                    change.to.value_or("-"))) +
                   "\n";
        for (const auto& moved : d->deadlines)
            out +=
                fmt::format("      {} due: {} → {}\n", domain::to_string(moved.milestone),
                            moved.from ? when(*moved.from) : "-", moved.to ? when(*moved.to) : "-");
    }
    out += evidence_text(evidence_of(events), view, style);
    out += "\n" + bold("history", style) + "\n";
    for (const auto& e : events) {
        std::string line =
            fmt::format("  {}  {}  {}", when(e.at),
                        pad(std::string(domain::to_string(e.type())), 11, Align::left), e.actor);
        line += history_note(e);
        if (e.recorded_at != e.at) line += fmt::format("  (recorded {})", when(e.recorded_at));
        out += safe(line) + "\n";
    }
    return out;
}

}  // namespace complaints::report
