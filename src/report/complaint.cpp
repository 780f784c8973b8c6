// `show`, and complaints in `register`/`list --format json`: one complaint as
// JSON or text, with its history.
#include <complaints/domain/text.hpp>
#include <complaints/report/evidence.hpp>
#include <complaints/report/views.hpp>

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
using nlohmann::ordered_json;
using namespace detail;

// The details as stored in the event log (the domain's one JSON shape; its
// keys in byte order, as `details_json` writes them).
ordered_json details_object(const Event& e) {
    return ordered_json(domain::details_value(e.details));
}

ordered_json findings_json(const std::vector<Event>& events, const View& view) {
    ordered_json out = ordered_json::array();
    for (const auto& e : events) {
        const auto* d = e.as<domain::InvestigateDetails>();
        if (!d) continue;
        out.push_back({{"at", time_json(e.at, view)},
                       {"by", e.actor},
                       {"text", d->text},
                       {"cause", optional_json(d->cause)},
                       {"substantiated", nullable(d->substantiated)},
                       {"complete", d->complete}});
    }
    return out;
}

ordered_json revisits_json(const std::vector<Event>& events, const View& view) {
    ordered_json out = ordered_json::array();
    for (const auto& e : events) {
        const auto* d = e.as<domain::RevisitDetails>();
        if (!d) continue;
        out.push_back({{"at", time_json(e.at, view)},
                       {"by", e.actor},
                       {"result", domain::to_string(d->result)},
                       {"score", nullable(d->score)},
                       {"note", optional_json(d->note)}});
    }
    return out;
}

ordered_json contacts_json(const std::vector<Event>& events, const View& view) {
    ordered_json out = ordered_json::array();
    for (const auto& e : events) {
        const auto* d = e.as<domain::ContactDetails>();
        if (!d) continue;
        out.push_back({{"at", time_json(e.at, view)},
                       {"by", e.actor},
                       {"via", d->via},
                       {"direction", domain::name_of(d->direction)},
                       {"note", d->note}});
    }
    return out;
}

// The latest event of type `T`, or nullptr.
template <typename T>
const Event* latest(const std::vector<Event>* events) {
    if (!events) return nullptr;
    for (auto it = events->rbegin(); it != events->rend(); ++it)
        if (it->as<T>()) return &*it;
    return nullptr;
}

ordered_json rejection_json(const Complaint& c, const std::vector<Event>* events,
                            const View& view) {
    if (c.status != domain::Status::rejected || !c.rejection_reason) return nullptr;
    ordered_json j = {{"reason", domain::name_of(*c.rejection_reason)},
                      {"of", optional_json(c.rejection_of)},
                      {"note", nullptr},
                      {"at", nullptr},
                      {"by", nullptr}};
    if (const Event* e = latest<domain::RejectDetails>(events)) {
        const auto& d = *e->as<domain::RejectDetails>();
        j["note"] = optional_json(d.note);
        j["at"] = time_json(e->at, view);
        j["by"] = e->actor;
        if (d.known_at) j["known_at"] = time_json(d.known_at, view);
    }
    return j;
}

ordered_json withdrawal_json(const Complaint& c, const std::vector<Event>* events,
                             const View& view) {
    if (c.status != domain::Status::withdrawn) return nullptr;
    const Event* e = latest<domain::WithdrawDetails>(events);
    if (!e) return ordered_json::object();
    return {{"note", optional_json(e->as<domain::WithdrawDetails>()->note)},
            {"at", time_json(e->at, view)},
            {"by", e->actor}};
}

ordered_json hold_json(const Complaint& c, const std::vector<Event>* events, const View& view) {
    if (c.status != domain::Status::on_hold) return nullptr;
    const auto& clock = c.milestone(Milestone::hold);
    ordered_json j = {
        {"reason", c.hold_reason ? ordered_json(domain::name_of(*c.hold_reason)) : nullptr},
        {"note", nullptr},
        {"since", time_json(clock.started_at, view)},
        {"by", nullptr},
        {"from", c.held_from ? ordered_json(domain::to_string(*c.held_from)) : nullptr},
        {"review_due", time_json(clock.due, view)}};
    if (const Event* e = latest<domain::HoldDetails>(events)) {
        j["note"] = optional_json(e->as<domain::HoldDetails>()->note);
        j["by"] = e->actor;
    }
    return j;
}

ordered_json edits_json(const std::vector<Event>& events, const View& view) {
    ordered_json out = ordered_json::array();
    for (const auto& e : events) {
        const auto* d = e.as<domain::EditDetails>();
        if (!d) continue;
        ordered_json changes = ordered_json::array();
        for (const auto& change : d->changes)
            changes.push_back({{"field", change.field},
                               {"from", optional_json(change.from)},
                               {"to", optional_json(change.to)}});
        out.push_back({{"at", time_json(e.at, view)},
                       {"by", e.actor},
                       {"reason", d->reason},
                       {"changes", std::move(changes)}});
    }
    return out;
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

ordered_json money_json(const std::optional<domain::Money>& amount) {
    return amount ? ordered_json(amount->to_string()) : ordered_json(nullptr);
}

ordered_json proposals_json(const std::vector<Event>& events, const View& view) {
    ordered_json out = ordered_json::array();
    for (const Proposal& p : proposals_of(events)) {
        const auto& r = *p.proposed->as<domain::ResolveDetails>();
        out.push_back({{"plan", r.plan},
                       {"outcome", r.outcome},
                       {"amount", money_json(r.amount)},
                       {"by", p.proposed->actor},
                       {"at", time_json(p.proposed->at, view)},
                       {"decision", std::string(decision_of(p))},
                       {"decided_by", p.decided ? ordered_json(p.decided->actor) : nullptr},
                       {"decided_at", p.decided ? time_json(p.decided->at, view) : nullptr},
                       {"note", optional_json(decision_note(p))}});
    }
    return out;
}

ordered_json resolution_json(const domain::Resolution& r, const View& view) {
    return {{"plan", r.plan},
            {"outcome", r.outcome},
            {"amount", money_json(r.amount)},
            {"currency", r.currency},
            {"responsible", optional_json(r.responsible)},
            {"at", time_json(r.at, view)},
            {"by", r.by}};
}

// The pending proposal, with what it waits for (from its resolve event).
ordered_json proposal_json(const Complaint& c, const std::vector<Event>* events, const View& view) {
    // Present only while it waits: approve, decline and withdraw drop it.
    if (!c.proposal) return nullptr;
    ordered_json j = resolution_json(*c.proposal, view);
    j["waiting_for"] = nullptr;
    if (const Event* e = latest<domain::ResolveDetails>(events))
        j["waiting_for"] = optional_json(e->as<domain::ResolveDetails>()->awaiting_approval);
    return j;
}

// Which events `complaint_object` lists: none (`list`), all with the
// database's sequence numbers (`show`), or all without them (`export`: the
// numbers, like the chain, belong to one database).
enum class History { none, with_seq, without_seq };

ordered_json complaint_object(const Complaint& c, const std::vector<Event>* events, History history,
                              const View& view) {
    ordered_json j;
    j["id"] = c.id;
    j["status"] = domain::to_string(c.status);
    j["kind"] = c.kind;
    j["channel"] = c.channel;
    j["category"] = c.category;
    j["severity"] = c.severity;
    j["customer"] = {{"name", c.customer.name},
                     {"contact", optional_json(c.customer.contact)},
                     {"organization", optional_json(c.customer.organization)},
                     {"order", optional_json(c.customer.order)}};
    j["summary"] = c.summary;
    j["description"] = optional_json(c.description);
    j["demand"] = optional_json(c.demand);
    j["ref"] = optional_json(c.ref);
    j["received_at"] = time_json(c.received_at, view);
    j["registered_by"] = c.registered_by;
    j["assignee"] = optional_json(c.assignee);
    j["department"] = optional_json(c.department);
    j["reopen_count"] = c.reopen_count;
    j["site"] = optional_json(c.site);
    j["cause"] = optional_json(c.cause);
    j["substantiated"] = nullable(c.substantiated);
    j["possible_duplicate_of"] = optional_json(c.possible_duplicate_of);
    j["contacts"] = events ? contacts_json(*events, view) : ordered_json::array();
    j["findings"] = events ? findings_json(*events, view) : ordered_json::array();
    j["resolution"] = c.resolution ? resolution_json(*c.resolution, view) : nullptr;
    j["approved_by"] = optional_json(c.approved_by);
    j["approved_at"] = time_json(c.approved_at, view);
    j["proposal"] = proposal_json(c, events, view);
    j["proposals"] = events ? proposals_json(*events, view) : ordered_json::array();
    j["total_amount"] =
        c.total_amount ? ordered_json(c.total_amount->to_string()) : ordered_json(nullptr);
    j["revisits"] = events ? revisits_json(*events, view) : ordered_json::array();
    j["rejection"] = rejection_json(c, events, view);
    j["withdrawal"] = withdrawal_json(c, events, view);
    j["hold"] = hold_json(c, events, view);
    j["held_minutes"] = c.held_seconds / 60;
    j["edits"] = events ? edits_json(*events, view) : ordered_json::array();
    j["evidence"] =
        events ? detail::evidence_array(evidence_of(*events), view) : ordered_json::array();
    ordered_json milestones = ordered_json::object();
    for (const Milestone m : domain::k_milestones) {
        const auto& clock = c.milestone(m);
        milestones[std::string(domain::to_string(m))] = {
            {"due", time_json(clock.due, view)},
            {"met_at", time_json(clock.met_at, view)},
            {"state", domain::to_string(c.state(m, view.now))}};
    }
    j["milestones"] = std::move(milestones);
    j["next_deadline"] = time_json(c.next_deadline(), view);
    j["closed_at"] = time_json(c.closed_at, view);
    j["anonymized_at"] = time_json(c.anonymized_at, view);
    if (history != History::none && events) {
        ordered_json list = ordered_json::array();
        for (const auto& e : *events) {
            ordered_json event = {{"type", domain::to_string(e.type())},
                                  {"at", time_json(e.at, view)},
                                  {"recorded_at", time_json(e.recorded_at, view)},
                                  {"actor", e.actor}};
            if (history == History::with_seq) event["seq"] = e.seq;
            event["details"] = details_object(e);
            list.push_back(std::move(event));
        }
        j["events"] = std::move(list);
    }
    return j;
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
    return dump(complaint_object(c, events, History::with_seq, view));
}

std::string complaint_line(const Complaint& c, const std::vector<Event>& events, const View& view) {
    return domain::json_printable(
               complaint_object(c, &events, History::without_seq, view)
                   .dump(-1, ' ', false, ordered_json::error_handler_t::replace)) +
           "\n";
}

std::string complaints_json(const std::vector<Complaint>& complaints,
                            const std::vector<std::vector<Event>>& events, const View& view) {
    ordered_json out = ordered_json::array();
    for (std::size_t i = 0; i < complaints.size(); ++i)
        out.push_back(complaint_object(complaints[i], i < events.size() ? &events[i] : nullptr,
                                       History::none, view));
    return dump(out);
}

std::string complaints_json_item(const Complaint& c, const std::vector<Event>& events,
                                 const View& view) {
    return array_item(dump(complaint_object(c, &events, History::none, view)));
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
