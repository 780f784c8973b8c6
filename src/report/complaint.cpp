// `show` as text: one complaint with its milestones and history.
#include <complaints/domain/text.hpp>
#include <complaints/domain/translate.hpp>
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
        return r->awaiting_approval
                   ? "  " + trf("proposed; awaiting approval by {}", *r->awaiting_approval)
                   : std::string();
    if (const auto* a = e.as<domain::ApproveDetails>())
        return "  " + trf("approved {}'s proposal", a->proposed_by);
    if (const auto* d = e.as<domain::DeclineDetails>())
        return "  " + trf("declined {}'s proposal", d->proposed_by);
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
            return tr("paused (on hold)");
        case MilestoneState::stopped:
            // TRANSLATORS: {} is the complaint's status (closed, rejected, withdrawn).
            return trf("not met ({})", domain::shown_name(c.status));
        case MilestoneState::not_started:
            return tr("not started");
        case MilestoneState::met:
            return tr("met on time");
        case MilestoneState::met_late:
            return yellow(trf("met late by {}", domain::format_span(*clock.met_at - *clock.due)),
                          style);
        case MilestoneState::overdue:
            return red(trf("overdue by {}", domain::format_span(view.now - *clock.due)), style);
        case MilestoneState::pending:
            return trf("due in {}", domain::format_span(*clock.due - view.now));
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
    // `name` is the label with its colon ("kind:"), translated.
    const auto field = [&](std::string_view name, const std::string& value) {
        out += fmt::format("{} {}\n", pad(name, 13, Align::left), safe(value));
    };
    out += bold(fmt::format("{}  {}", safe(c.id), domain::shown_name(c.status)), style) + "\n";
    // TRANSLATORS: the labels of `show` end in a colon; the values start at
    // column 15, so a label is best at most 12 columns wide (6 Chinese characters).
    field(tr("kind:"), label(domain::Table::kind, c.kind, view));
    field(tr("severity:"), label(domain::Table::severity, c.severity, view));
    field(tr("channel:"), label(domain::Table::channel, c.channel, view));
    field(tr("category:"), label(domain::Table::category, c.category, view));
    std::string customer = c.customer.name;
    if (c.customer.contact) customer += fmt::format(", {}", *c.customer.contact);
    if (c.customer.organization) customer += fmt::format(" ({})", *c.customer.organization);
    field(tr("customer:"), customer);
    if (c.customer.order) field(tr("order:"), *c.customer.order);
    field(tr("summary:"), c.summary);
    if (c.description)
        out += fmt::format("{} {}\n", pad(tr("description:"), 13, Align::left),
                           block(*c.description, 14));
    if (c.demand) field(tr("demand:"), *c.demand);
    // TRANSLATORS: the complaint's reference (an outside number).
    if (c.ref) field(tr("ref:"), *c.ref);
    // TRANSLATORS: a time, then who did it ("2026-11-23 10:00 by wang").
    field(tr("received:"), trf("{} by {}", when(c.received_at), c.registered_by));
    if (c.assignee)
        field(tr("assignee:"),
              c.department ? fmt::format("{} ({})", *c.assignee, *c.department) : *c.assignee);
    if (c.reopen_count)
        field(tr("reopened:"), trn("{} time", "{} times",
                                   static_cast<unsigned long>(c.reopen_count), c.reopen_count));
    if (c.site) field(tr("site:"), label(domain::Table::site, *c.site, view));
    if (c.cause) field(tr("cause:"), label(domain::Table::cause, *c.cause, view));
    if (c.possible_duplicate_of)
        field(tr("duplicate?:"), trf("possibly of {}", *c.possible_duplicate_of));
    if (c.total_amount && c.resolution)
        field(tr("total paid:"),
              fmt::format("{} {}", c.total_amount->to_string(), c.resolution->currency));
    if (c.proposal)
        if (const Event* e = latest<domain::ResolveDetails>(&events))
            if (const auto& waits = e->as<domain::ResolveDetails>()->awaiting_approval)
                field(tr("awaiting:"), trf("approval by {}", *waits));
    if (c.approved_by && c.approved_at)
        field(tr("approved:"), trf("{} by {}", when(*c.approved_at), *c.approved_by));
    if (c.closed_at) field(tr("closed:"), when(*c.closed_at));
    if (c.anonymized_at) field(tr("anonymized:"), when(*c.anonymized_at));
    if (c.status == domain::Status::on_hold) {
        std::string held = c.hold_reason ? domain::shown_name(*c.hold_reason) : "";
        if (const auto& since = c.milestone(Milestone::hold).started_at)
            held += " " + trf("since {}", when(*since));
        if (c.held_from) held += " " + trf("(was {})", domain::shown_name(*c.held_from));
        field(tr("on hold:"), held);
    }
    if (c.held_seconds > 0)
        field(tr("held:"), domain::format_span(std::chrono::seconds{c.held_seconds}));
    for (const auto& e : events) {
        if (const auto* d = e.as<domain::RejectDetails>()) {
            std::string line = domain::shown_name(d->reason);
            // TRANSLATORS: after a reason for rejecting ("duplicate"): the complaint it repeats.
            if (d->of) line += " " + trf("of {}", *d->of);
            if (d->note) line += ": " + *d->note;
            field(tr("rejected:"), trf("{} by {}; {}", when(e.at), e.actor, line));
        } else if (const auto* w = e.as<domain::WithdrawDetails>()) {
            field(tr("withdrawn:"), trf("{} by {}", when(e.at), e.actor) +
                                        (w->note ? "; " + *w->note : std::string()));
        }
    }

    // TRANSLATORS: a heading of `show`.
    out += "\n" + bold(tr("milestones"), style) + "\n";
    for (const Milestone m : domain::k_milestones) {
        const auto& clock = c.milestone(m);
        // The hold review shows only once a complaint was held with one.
        if (m == Milestone::hold && !clock.due) continue;
        std::string line = fmt::format("  {}", pad(domain::shown_name(m), 12, Align::left));
        // Without a deadline, as many spaces as "due <time>" takes.
        line += clock.due ? trf("due {}", when(*clock.due))
                          : std::string(translating() ? static_cast<std::size_t>(display_width(
                                                            trf("due {}", when(c.received_at))))
                                                      : 20,
                                        ' ');
        if (clock.met_at) line += "  " + trf("met {}", when(*clock.met_at));
        line += fmt::format("  {}", clock.due || clock.met_at || !clock.started_at
                                        ? state_text(c, m, view, style)
                                        : std::string(tr("not tracked")));
        out += line + "\n";
    }
    bool any_contact = false;
    for (const auto& e : events) {
        const auto* d = e.as<domain::ContactDetails>();
        if (!d) continue;
        // TRANSLATORS: a heading of `show`.
        if (!any_contact) out += "\n" + bold(tr("contacts"), style) + "\n";
        any_contact = true;
        out += safe(fmt::format("  {} {} ({}, {}): {}", when(e.at), e.actor,
                                label(domain::Table::channel, d->via, view),
                                domain::shown_name(d->direction), d->note)) +
               "\n";
    }
    bool any_finding = false;
    for (const auto& e : events) {
        const auto* d = e.as<domain::InvestigateDetails>();
        if (!d) continue;
        // TRANSLATORS: a heading of `show`.
        if (!any_finding) out += "\n" + bold(tr("findings"), style) + "\n";
        any_finding = true;
        out += fmt::format("  {} {}: {}\n", when(e.at), safe(e.actor), block(d->text, 4));
        std::vector<std::string> notes;
        if (d->cause) notes.push_back(trf("cause: {}", *d->cause));
        if (d->substantiated)
            notes.push_back(*d->substantiated ? tr("substantiated") : tr("not substantiated"));
        if (d->complete) notes.push_back(tr("investigation complete"));
        for (const auto& n : notes) out += fmt::format("      {}\n", safe(n));
    }
    if (c.resolution) {
        const auto& r = *c.resolution;
        // TRANSLATORS: a heading of `show`: the handling plan that resolved the complaint.
        out += "\n" + bold(tr("resolution"), style) + "\n";
        out += fmt::format("  {} {}: {}\n", when(r.at), safe(r.by), block(r.plan, 4));
        std::string line =
            "      " + trf("outcome: {}", label(domain::Table::outcome, r.outcome, view));
        if (r.amount) line += fmt::format(", {} {}", r.amount->to_string(), r.currency);
        // TRANSLATORS: the person responsible for what went wrong.
        if (r.responsible) line += "; " + trf("responsible: {}", *r.responsible);
        out += safe(line) + "\n";
    }
    const std::vector<Proposal> proposals = proposals_of(events);
    // TRANSLATORS: a heading of `show`: proposed resolutions awaiting approval.
    if (!proposals.empty()) out += "\n" + bold(tr("proposals"), style) + "\n";
    for (const Proposal& p : proposals) {
        const auto& r = *p.proposed->as<domain::ResolveDetails>();
        out += fmt::format("  {} {}: {}\n", when(p.proposed->at), safe(p.proposed->actor),
                           block(r.plan, 4));
        std::string line =
            "      " + trf("outcome: {}", label(domain::Table::outcome, r.outcome, view));
        if (r.amount) line += fmt::format(", {} {}", r.amount->to_string(), r.currency);
        if (r.responsible) line += "; " + trf("responsible: {}", *r.responsible);
        out += safe(line) + "\n";
        if (!p.decided) {
            out += "      " + trf("pending: awaiting approval by {}", safe(*r.awaiting_approval)) +
                   "\n";
            continue;
        }
        const auto note = decision_note(p);
        out += safe(fmt::format("      {} {}{}", tr(decision_of(p)),
                                trf("{} by {}", when(p.decided->at), p.decided->actor),
                                note ? ": " + *note : std::string())) +
               "\n";
    }
    bool any_revisit = false;
    for (const auto& e : events) {
        const auto* d = e.as<domain::RevisitDetails>();
        if (!d) continue;
        // TRANSLATORS: a heading of `show`: the calls back to the customer.
        if (!any_revisit) out += "\n" + bold(tr("revisits"), style) + "\n";
        any_revisit = true;
        std::string line =
            fmt::format("  {} {}: {}", when(e.at), e.actor, domain::shown_name(d->result));
        // TRANSLATORS: the customer's satisfaction score of a revisit.
        if (d->score) line += ", " + trf("score {}", *d->score);
        if (d->note) line += fmt::format(" ({})", *d->note);
        out += safe(line) + "\n";
    }
    bool any_edit = false;
    for (const auto& e : events) {
        const auto* d = e.as<domain::EditDetails>();
        if (!d) continue;
        // TRANSLATORS: a heading of `show`: the changes made with `edit`.
        if (!any_edit) out += "\n" + bold(tr("edits"), style) + "\n";
        any_edit = true;
        out += safe(fmt::format("  {} {}: {}", when(e.at), e.actor, d->reason)) + "\n";
        for (const auto& change : d->changes)
            out += safe(fmt::format("      {}: {} → {}", change.field, change.from.value_or("-"),
                                    change.to.value_or("-"))) +
                   "\n";
        for (const auto& moved : d->deadlines)
            out += fmt::format("      {} {}\n", domain::shown_name(moved.milestone),
                               // TRANSLATORS: a milestone's deadline moved: "due: old → new".
                               trf("due: {} → {}", moved.from ? when(*moved.from) : "-",
                                   moved.to ? when(*moved.to) : "-"));
    }
    out += evidence_text(evidence_of(events), view, style);
    // TRANSLATORS: a heading of `show`: the complaint's events.
    out += "\n" + bold(tr("history"), style) + "\n";
    for (const auto& e : events) {
        std::string line = fmt::format("  {}  {}  {}", when(e.at),
                                       pad(domain::shown_name(e.type()), 11, Align::left), e.actor);
        line += history_note(e);
        // TRANSLATORS: when a backdated event was recorded.
        if (e.recorded_at != e.at) line += "  " + trf("(recorded {})", when(e.recorded_at));
        out += safe(line) + "\n";
    }
    return out;
}

}  // namespace complaints::report
