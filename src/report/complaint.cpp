// `show` as text: one complaint with its milestones and history.
#include <complaints/domain/text.hpp>
#include <complaints/report/evidence.hpp>
#include <complaints/report/views.hpp>

#include "complaint_support.hpp"
#include "render_support.hpp"

#include <fmt/format.h>

namespace complaints::report {

namespace {

using domain::Complaint;
using domain::Event;
using domain::Instant;
using domain::Milestone;
using domain::MilestoneState;
using namespace detail;

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
