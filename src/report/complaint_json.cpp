// One complaint as JSON: `show --format json`, the changing commands'
// output, `list --format json` and each line of `export`.
#include <complaints/report/evidence.hpp>
#include <complaints/report/views.hpp>

#include "complaint_support.hpp"
#include "json_writer.hpp"
#include "render_support.hpp"

namespace complaints::report {

namespace {

using domain::Complaint;
using domain::Event;
using domain::Instant;
using domain::Milestone;
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
    JsonItems items;
    for (std::size_t i = 0; i < complaints.size(); ++i)
        out += std::string(items.next()) +
               (i < events.size() ? complaints_json_item(complaints[i], events[i], view)
                                  : complaints_json_item(complaints[i], {}, view));
    return out += items.end();
}

std::string complaints_json_item(const Complaint& c, const std::vector<Event>& events,
                                 const View& view) {
    std::string out;
    JsonWriter w(out, 2, 1);
    put_complaint(w, c, &events, History::none, view);
    return out;
}

}  // namespace complaints::report
