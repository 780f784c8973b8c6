#include <complaints/report/views.hpp>

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

ordered_json optional_json(const std::optional<std::string>& value) {
    return value ? ordered_json(*value) : ordered_json(nullptr);
}

ordered_json time_json(const std::optional<Instant>& t, const View& view) {
    return t ? ordered_json(domain::format_rfc3339(*t, view.policy.zone)) : ordered_json(nullptr);
}

std::string dump(const ordered_json& j) {
    return j.dump(2, ' ', false, ordered_json::error_handler_t::replace) + "\n";
}

// The details as stored in the event log (the domain's one JSON shape).
ordered_json details_object(const Event& e) {
    return ordered_json::parse(domain::details_json(e.details));
}

ordered_json nullable(const std::optional<bool>& value) {
    return value ? ordered_json(*value) : ordered_json(nullptr);
}

ordered_json nullable(const std::optional<int>& value) {
    return value ? ordered_json(*value) : ordered_json(nullptr);
}

std::string label(domain::Table table, const std::string& name, const View& view) {
    const auto* entry = view.policy.find(table, name);
    return entry ? entry->label : name;
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

ordered_json complaint_object(const Complaint& c, const std::vector<Event>* events,
                              bool with_events, const View& view) {
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
    j["findings"] = events ? findings_json(*events, view) : ordered_json::array();
    if (c.resolution) {
        const auto& r = *c.resolution;
        j["resolution"] = {
            {"plan", r.plan},
            {"outcome", domain::to_string(r.outcome)},
            {"amount", r.amount ? ordered_json(r.amount->to_string()) : ordered_json(nullptr)},
            {"currency", r.currency},
            {"responsible", optional_json(r.responsible)},
            {"at", time_json(r.at, view)},
            {"by", r.by}};
    } else {
        j["resolution"] = nullptr;
    }
    j["revisits"] = events ? revisits_json(*events, view) : ordered_json::array();
    ordered_json milestones = ordered_json::object();
    for (const Milestone m : domain::k_milestones) {
        const auto& clock = c.milestone(m);
        milestones[std::string(domain::to_string(m))] = {
            {"due", time_json(clock.due, view)},
            {"met_at", time_json(clock.met_at, view)},
            {"state", domain::to_string(clock.state(view.now))}};
    }
    j["milestones"] = std::move(milestones);
    j["next_deadline"] = time_json(c.next_deadline(), view);
    j["closed_at"] = time_json(c.closed_at, view);
    if (with_events && events) {
        ordered_json list = ordered_json::array();
        for (const auto& e : *events)
            list.push_back({{"type", domain::to_string(e.type())},
                            {"at", time_json(e.at, view)},
                            {"recorded_at", time_json(e.recorded_at, view)},
                            {"actor", e.actor},
                            {"seq", e.seq},
                            {"details", details_object(e)}});
        j["events"] = std::move(list);
    }
    return j;
}

// "met on time", "met late (2h)", "overdue by 3h", "due in 1d 2h", "not started".
std::string state_text(const domain::MilestoneClock& clock, const View& view,
                       const TextStyle& style) {
    switch (clock.state(view.now)) {
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
    return dump(complaint_object(c, events, true, view));
}

std::string complaints_json(const std::vector<Complaint>& complaints,
                            const std::vector<std::vector<Event>>& events, const View& view) {
    ordered_json out = ordered_json::array();
    for (std::size_t i = 0; i < complaints.size(); ++i)
        out.push_back(
            complaint_object(complaints[i], i < events.size() ? &events[i] : nullptr, false, view));
    return dump(out);
}

std::string complaint_text(const Complaint& c, const std::vector<Event>& events, const View& view,
                           const TextStyle& style) {
    const auto& zone = view.policy.zone;
    const auto when = [&](Instant t) { return domain::format_local(t, zone); };
    std::string out;
    const auto field = [&](std::string_view name, const std::string& value) {
        out += fmt::format("{} {}\n", pad(fmt::format("{}:", name), 13, Align::left), value);
    };
    out += bold(fmt::format("{}  {}", c.id, domain::to_string(c.status)), style) + "\n";
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
    if (c.description) field("description", *c.description);
    if (c.demand) field("demand", *c.demand);
    if (c.ref) field("ref", *c.ref);
    field("received", fmt::format("{} by {}", when(c.received_at), c.registered_by));
    if (c.assignee)
        field("assignee",
              c.department ? fmt::format("{} ({})", *c.assignee, *c.department) : *c.assignee);
    if (c.reopen_count)
        field("reopened", fmt::format("{} time{}", c.reopen_count, c.reopen_count == 1 ? "" : "s"));
    if (c.closed_at) field("closed", when(*c.closed_at));

    out += "\n" + bold("milestones", style) + "\n";
    for (const Milestone m : domain::k_milestones) {
        const auto& clock = c.milestone(m);
        std::string line = fmt::format("  {}", pad(domain::to_string(m), 12, Align::left));
        line += clock.due ? fmt::format("due {}", when(*clock.due)) : std::string(20, ' ');
        if (clock.met_at) line += fmt::format("  met {}", when(*clock.met_at));
        line += fmt::format("  {}", state_text(clock, view, style));
        out += line + "\n";
    }
    bool any_finding = false;
    for (const auto& e : events) {
        const auto* d = e.as<domain::InvestigateDetails>();
        if (!d) continue;
        if (!any_finding) out += "\n" + bold("findings", style) + "\n";
        any_finding = true;
        out += fmt::format("  {} {}: {}\n", when(e.at), e.actor, d->text);
        std::vector<std::string> notes;
        if (d->cause) notes.push_back("cause: " + *d->cause);
        if (d->substantiated)
            notes.push_back(*d->substantiated ? "substantiated" : "not substantiated");
        if (d->complete) notes.push_back("investigation complete");
        for (const auto& n : notes) out += fmt::format("      {}\n", n);
    }
    if (c.resolution) {
        const auto& r = *c.resolution;
        out += "\n" + bold("resolution", style) + "\n";
        out += fmt::format("  {} {}: {}\n", when(r.at), r.by, r.plan);
        std::string line = fmt::format("      outcome: {}", domain::to_string(r.outcome));
        if (r.amount) line += fmt::format(", {} {}", r.amount->to_string(), r.currency);
        if (r.responsible) line += fmt::format("; responsible: {}", *r.responsible);
        out += line + "\n";
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
        out += line + "\n";
    }
    out += "\n" + bold("history", style) + "\n";
    for (const auto& e : events) {
        std::string line =
            fmt::format("  {}  {}  {}", when(e.at),
                        pad(std::string(domain::to_string(e.type())), 11, Align::left), e.actor);
        if (e.recorded_at != e.at) line += fmt::format("  (recorded {})", when(e.recorded_at));
        out += line + "\n";
    }
    return out;
}

Table list_table(const std::vector<Complaint>& complaints, Names names, const View& view) {
    const auto shown = [&](domain::Table table, const std::string& name) {
        return names == Names::labels ? label(table, name, view) : name;
    };
    Table t;
    t.columns = {{"number"},
                 {"received"},
                 {"status"},
                 {"category"},
                 {"severity"},
                 {"assignee", Align::left, "-"},
                 {"next_deadline", Align::left, "-"},
                 {"summary"}};
    for (const auto& c : complaints) {
        const auto next = c.next_deadline();
        t.rows.push_back(
            {c.id, domain::format_local(c.received_at, view.policy.zone),
             std::string(domain::to_string(c.status)), shown(domain::Table::category, c.category),
             shown(domain::Table::severity, c.severity), c.assignee,
             next ? std::optional(domain::format_local(*next, view.policy.zone)) : std::nullopt,
             c.summary});
    }
    return t;
}

std::string_view to_string(storage::GroupBy by) {
    return by == storage::GroupBy::none ? std::string_view() : domain::name_of(by);
}

namespace {

std::optional<double> ratio(long long part, long long whole) {
    if (whole == 0) return std::nullopt;
    return static_cast<double>(part) / static_cast<double>(whole);
}

std::optional<std::string> number(const std::optional<double>& value, const char* format) {
    if (!value) return std::nullopt;
    return fmt::format(fmt::runtime(format), *value);
}

std::optional<domain::Table> table_of(storage::GroupBy by) {
    switch (by) {
        case storage::GroupBy::category:
            return domain::Table::category;
        case storage::GroupBy::channel:
            return domain::Table::channel;
        case storage::GroupBy::severity:
            return domain::Table::severity;
        case storage::GroupBy::kind:
            return domain::Table::kind;
        default:
            return std::nullopt;
    }
}

}  // namespace

Table summary_table(const std::vector<storage::SummaryRow>& rows, const storage::SummaryRow* total,
                    storage::GroupBy by, Names names, const View& view) {
    Table t;
    if (by != storage::GroupBy::none) t.columns.push_back({std::string(to_string(by))});
    for (const char* name : {"received", "open", "closed", "overdue", "resolved",
                             "resolved_on_time", "on_time_rate", "avg_resolve_hours", "revisited",
                             "satisfied", "satisfaction_rate", "avg_score", "reopened"})
        t.columns.push_back({name, Align::right});
    const auto add = [&](const storage::SummaryRow& r, std::optional<std::string> group) {
        std::vector<std::optional<std::string>> row;
        if (by != storage::GroupBy::none) row.push_back(std::move(group));
        const auto n = [](long long v) { return std::optional<std::string>(std::to_string(v)); };
        row.insert(row.end(),
                   {n(r.received), n(r.open), n(r.closed), n(r.overdue), n(r.resolved),
                    n(r.resolved_on_time), number(ratio(r.resolved_on_time, r.resolved), "{:.2f}"),
                    number(r.avg_resolve_hours, "{:.1f}"), n(r.revisited), n(r.satisfied),
                    number(ratio(r.satisfied, r.revisited), "{:.2f}"),
                    number(r.avg_score, "{:.2f}"), n(r.reopened)});
        t.rows.push_back(std::move(row));
    };
    const auto table = table_of(by);
    for (const auto& r : rows) {
        std::optional<std::string> group = r.group;
        if (group && table && names == Names::labels) group = label(*table, *group, view);
        if (!group) group = std::string("(none)");
        add(r, group);
    }
    if (total) add(*total, std::string("total"));
    return t;
}

std::string summary_json(const std::vector<storage::SummaryRow>& rows, storage::GroupBy by) {
    ordered_json out = ordered_json::array();
    const auto opt = [](const std::optional<double>& v) {
        return v ? ordered_json(*v) : ordered_json(nullptr);
    };
    for (const auto& r : rows) {
        ordered_json j;
        if (by != storage::GroupBy::none) j[std::string(to_string(by))] = optional_json(r.group);
        j["received"] = r.received;
        j["open"] = r.open;
        j["closed"] = r.closed;
        j["overdue"] = r.overdue;
        j["resolved"] = r.resolved;
        j["resolved_on_time"] = r.resolved_on_time;
        j["on_time_rate"] = opt(ratio(r.resolved_on_time, r.resolved));
        j["avg_resolve_hours"] = opt(r.avg_resolve_hours);
        j["revisited"] = r.revisited;
        j["satisfied"] = r.satisfied;
        j["satisfaction_rate"] = opt(ratio(r.satisfied, r.revisited));
        j["avg_score"] = opt(r.avg_score);
        j["reopened"] = r.reopened;
        out.push_back(std::move(j));
    }
    return dump(out);
}

Table trend_table(const std::vector<domain::Period>& periods,
                  const std::vector<storage::TrendRow>& rows, bool with_bar, int width) {
    Table t;
    t.columns = {{"period"},
                 {"received", Align::right},
                 {"resolved", Align::right},
                 {"closed", Align::right},
                 {"resolved_on_time", Align::right},
                 {"on_time_rate", Align::right}};
    long long most = 0;
    for (const auto& r : rows) most = std::max(most, r.received);
    for (std::size_t i = 0; i < periods.size() && i < rows.size(); ++i) {
        const auto& r = rows[i];
        t.rows.push_back({periods[i].label, std::to_string(r.received), std::to_string(r.resolved),
                          std::to_string(r.closed), std::to_string(r.resolved_on_time),
                          number(ratio(r.resolved_on_time, r.resolved), "{:.2f}")});
    }
    if (!with_bar) return t;
    // The bar gets what the other columns leave of the width (the header line
    // is as wide as the table: its last column is right-aligned).
    const std::string text = render_text(t, {});
    const int used = display_width(std::string_view(text).substr(0, text.find('\n')));
    // A narrower bar cannot show the differences (with one column, every
    // period with anything received gets the same '#'): none at all, then.
    const int room = width - used - 2;
    if (room < k_min_trend_bar) return t;
    t.columns.emplace_back("");
    for (std::size_t i = 0; i < t.rows.size(); ++i) {
        const long long n = rows[i].received;
        const auto length = most == 0 ? 0 : static_cast<std::size_t>((n * room + most - 1) / most);
        t.rows[i].push_back(std::string(length, '#'));
    }
    return t;
}

std::string trend_json(const std::vector<domain::Period>& periods,
                       const std::vector<storage::TrendRow>& rows, const View& view) {
    ordered_json out = ordered_json::array();
    for (std::size_t i = 0; i < periods.size() && i < rows.size(); ++i) {
        const auto& r = rows[i];
        const auto rate = ratio(r.resolved_on_time, r.resolved);
        out.push_back({{"period", periods[i].label},
                       {"start", domain::format_rfc3339(periods[i].start, view.policy.zone)},
                       {"end", domain::format_rfc3339(periods[i].end, view.policy.zone)},
                       {"received", r.received},
                       {"resolved", r.resolved},
                       {"closed", r.closed},
                       {"resolved_on_time", r.resolved_on_time},
                       {"on_time_rate", rate ? ordered_json(*rate) : ordered_json(nullptr)}});
    }
    return dump(out);
}

Table overdue_table(const std::vector<storage::OverdueRow>& rows, Instant as_of, Names names,
                    const View& view) {
    Table t;
    t.columns = {{"number"},
                 {"milestone"},
                 {"deadline"},
                 {"late"},
                 {"assignee", Align::left, "-"},
                 {"department", Align::left, "-"},
                 {"severity"},
                 {"summary"}};
    for (const auto& r : rows) {
        const auto late = as_of - r.due;
        const std::string how = late.count() > 0
                                    ? fmt::format("{} late", domain::format_span(late))
                                    : fmt::format("due in {}", domain::format_span(-late));
        t.rows.push_back(
            {r.id, std::string(domain::to_string(r.milestone)),
             domain::format_local(r.due, view.policy.zone), how, r.assignee, r.department,
             names == Names::labels ? label(domain::Table::severity, r.severity, view) : r.severity,
             r.summary});
    }
    return t;
}

std::string overdue_json(const std::vector<storage::OverdueRow>& rows, Instant as_of,
                         const View& view) {
    ordered_json out = ordered_json::array();
    for (const auto& r : rows) {
        // Floor, not truncation: a deadline 30 s ahead is -1 minutes late, not 0.
        const auto late = std::chrono::floor<std::chrono::minutes>(as_of - r.due);
        out.push_back({{"id", r.id},
                       {"milestone", domain::to_string(r.milestone)},
                       {"due", domain::format_rfc3339(r.due, view.policy.zone)},
                       {"late_minutes", late.count()},
                       {"assignee", optional_json(r.assignee)},
                       {"department", optional_json(r.department)},
                       {"severity", r.severity},
                       {"summary", r.summary}});
    }
    return dump(out);
}

}  // namespace complaints::report
