#include <complaints/domain/error.hpp>
#include <complaints/domain/event.hpp>
#include <complaints/domain/translate.hpp>

#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include <cstdint>
#include <limits>

namespace complaints::domain {

namespace {

using nlohmann::json;

// A stored value that is not what this build writes: the database is corrupt
// or was written by a newer version.
struct Corrupt {
    std::string what;
};

json text(const std::optional<std::string>& value) {
    return value ? json(*value) : json(nullptr);
}

// Writing: one function per type. `json` keeps its keys sorted, which is the
// order the event log has always had.
json time(const std::optional<Instant>& value) {
    return value ? json(format_utc(*value)) : json(nullptr);
}

json money(const std::optional<Money>& value) {
    return value ? json(value->to_string()) : json(nullptr);
}

json to_json(const RegisterDetails& d) {
    json j = {{"kind", d.kind},
              {"channel", d.channel},
              {"category", d.category},
              {"severity", d.severity},
              {"customer",
               {{"name", d.customer.name},
                {"contact", text(d.customer.contact)},
                {"organization", text(d.customer.organization)},
                {"order", text(d.customer.order)}}},
              {"summary", d.summary},
              {"description", text(d.description)},
              {"demand", text(d.demand)},
              {"ref", text(d.ref)},
              {"assign_due", time(d.assign_due)},
              {"resolve_due", time(d.resolve_due)}};
    if (d.acknowledge_due) j["acknowledge_due"] = format_utc(*d.acknowledge_due);
    if (d.site) j["site"] = *d.site;
    if (d.possible_duplicate_of) j["possible_duplicate_of"] = *d.possible_duplicate_of;
    return j;
}

json to_json(const AssignDetails& d) {
    json j = {{"to", d.to}, {"department", text(d.department)}, {"note", text(d.note)}};
    if (d.investigate_due) j["investigate_due"] = format_utc(*d.investigate_due);
    if (d.reassignment) j["reassignment"] = true;
    if (d.from) j["from"] = *d.from;
    return j;
}

json to_json(const InvestigateDetails& d) {
    return {{"text", d.text},
            {"cause", text(d.cause)},
            {"substantiated", d.substantiated ? json(*d.substantiated) : json(nullptr)},
            {"complete", d.complete}};
}

json to_json(const ResolveDetails& d) {
    json j = {{"plan", d.plan},
              {"outcome", d.outcome},
              {"amount", money(d.amount)},
              {"currency", d.currency},
              {"responsible", text(d.responsible)},
              {"revisit_due", time(d.revisit_due)}};
    if (d.closed) j["closed"] = true;
    if (d.awaiting_approval) j["awaiting_approval"] = *d.awaiting_approval;
    return j;
}

json to_json(const ApproveDetails& d) {
    json j = {{"note", text(d.note)},
              {"proposed_by", d.proposed_by},
              {"amount", money(d.amount)},
              {"revisit_due", time(d.revisit_due)}};
    if (d.closed) j["closed"] = true;
    return j;
}

json to_json(const DeclineDetails& d) {
    return {{"note", d.note}, {"proposed_by", d.proposed_by}};
}

json to_json(const AttachDetails& d) {
    json files = json::array();
    for (const auto& f : d.files)
        files.push_back({{"name", f.name},
                         {"size", f.size},
                         {"media_type", f.media_type},
                         {"sha256", f.sha256}});
    return {{"files", files}, {"note", text(d.note)}};
}

json to_json(const AnonymizeDetails& d) {
    return {{"reason", text(d.reason)},
            {"keep", text(d.keep)},
            {"fields", d.fields},
            {"evidence_files", d.evidence_files}};
}

json to_json(const ImportDetails& d) {
    return {{"source", d.source}};
}

json to_json(const RevisitDetails& d) {
    json j = {{"result", to_string(d.result)},
              {"score", d.score ? json(*d.score) : json(nullptr)},
              {"note", text(d.note)}};
    if (d.reopened) j["reopened"] = true;
    if (d.resolve_due) j["resolve_due"] = format_utc(*d.resolve_due);
    if (d.attempt) j["attempt"] = *d.attempt;
    if (d.closed) j["closed"] = true;
    return j;
}

json to_json(const RemindDetails& d) {
    json j = {{"milestone", to_string(d.milestone)},
              {"due", format_utc(d.due)},
              {"to", d.to},
              {"cc", d.cc}};
    if (d.approval) j["approval"] = true;
    return j;
}

json to_json(const ContactDetails& d) {
    json j = {{"via", d.via}, {"direction", name_of(d.direction)}, {"note", d.note}};
    if (d.acknowledged) j["acknowledged"] = true;
    return j;
}

json to_json(const RejectDetails& d) {
    json j = {{"reason", name_of(d.reason)}, {"of", text(d.of)}, {"note", text(d.note)}};
    if (d.known_at) j["known_at"] = format_utc(*d.known_at);
    return j;
}

json to_json(const WithdrawDetails& d) {
    return {{"note", text(d.note)}};
}

json to_json(const HoldDetails& d) {
    json j = {{"reason", name_of(d.reason)}, {"note", text(d.note)}, {"from", to_string(d.from)}};
    if (d.review_due) j["review_due"] = format_utc(*d.review_due);
    return j;
}

json to_json(const std::vector<DeadlineChange>& changes) {
    json list = json::array();
    for (const auto& c : changes)
        list.push_back(
            {{"milestone", to_string(c.milestone)}, {"from", time(c.from)}, {"to", time(c.to)}});
    return list;
}

json to_json(const ResumeDetails& d) {
    return {{"note", text(d.note)},
            {"to", to_string(d.to)},
            {"held_seconds", d.held_seconds},
            {"deadlines", to_json(d.deadlines)}};
}

json to_json(const EditDetails& d) {
    json changes = json::array();
    for (const auto& c : d.changes)
        changes.push_back({{"field", c.field}, {"from", text(c.from)}, {"to", text(c.to)}});
    return {{"reason", d.reason}, {"changes", changes}, {"deadlines", to_json(d.deadlines)}};
}

constexpr std::int64_t k_int_max = std::numeric_limits<int>::max();

// Reading: strict about what this build writes, so that a value it does not
// understand is reported, never replaced by a default.
class Reader {
public:
    explicit Reader(const json& object) : m_object(object) {
        if (!object.is_object()) throw Corrupt{tr("not a JSON object")};
    }

    [[nodiscard]] const json& required(const char* key) const {
        const auto it = m_object.find(key);
        if (it == m_object.end()) throw Corrupt{trf("no '{}'", key)};
        return *it;
    }
    [[nodiscard]] const json* optional(const char* key) const {
        const auto it = m_object.find(key);
        return it == m_object.end() || it->is_null() ? nullptr : &*it;
    }

    [[nodiscard]] std::string string(const char* key) const {
        return as_string(key, required(key));
    }
    [[nodiscard]] std::optional<std::string> nullable_string(const char* key) const {
        (void)required(key);  // always written, null when absent
        return maybe_string(key);
    }
    [[nodiscard]] std::optional<std::string> maybe_string(const char* key) const {
        const json* value = optional(key);
        if (!value) return std::nullopt;
        return as_string(key, *value);
    }
    [[nodiscard]] Instant instant(const char* key) const { return as_instant(key, string(key)); }
    [[nodiscard]] std::optional<Instant> maybe_instant(const char* key) const {
        const auto value = maybe_string(key);
        if (!value) return std::nullopt;
        return as_instant(key, *value);
    }
    [[nodiscard]] bool boolean(const char* key) const {
        const json& value = required(key);
        if (!value.is_boolean()) throw Corrupt{trf("'{}' is not true or false", key)};
        return value.get<bool>();
    }
    [[nodiscard]] bool flag(const char* key) const {
        return optional(key) != nullptr && boolean(key);
    }
    [[nodiscard]] std::optional<bool> nullable_boolean(const char* key) const {
        if (!optional(key)) {
            (void)required(key);
            return std::nullopt;
        }
        return boolean(key);
    }
    [[nodiscard]] std::optional<int> maybe_int(const char* key) const {
        const json* value = optional(key);
        if (!value) return std::nullopt;
        if (!value->is_number_integer()) throw Corrupt{trf("'{}' is not a number", key)};
        const auto wide = value->get<std::int64_t>();
        if (value->is_number_unsigned() && value->get<std::uint64_t>() > k_int_max)
            throw Corrupt{trf("'{}' is out of range", key)};
        if (wide < std::numeric_limits<int>::min() || wide > k_int_max)
            throw Corrupt{trf("'{}' is out of range", key)};
        return static_cast<int>(wide);
    }
    [[nodiscard]] std::int64_t int64(const char* key) const {
        const json& value = required(key);
        if (!value.is_number_integer() ||
            (value.is_number_unsigned() &&
             value.get<std::uint64_t>() >
                 static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())))
            throw Corrupt{trf("'{}' is not a whole number", key)};
        return value.get<std::int64_t>();
    }
    [[nodiscard]] const json& list(const char* key) const {
        const json& value = required(key);
        if (!value.is_array()) throw Corrupt{trf("'{}' is not a list", key)};
        return value;
    }
    [[nodiscard]] std::optional<Money> nullable_money(const char* key) const {
        const auto text = nullable_string(key);
        if (!text) return std::nullopt;
        if (auto amount = Money::parse(*text)) return amount;
        throw Corrupt{trf("'{}' is not an amount: '{}'", key, *text)};
    }
    [[nodiscard]] std::optional<Instant> nullable_instant(const char* key) const {
        (void)required(key);
        return maybe_instant(key);
    }
    template <typename Enum>
    [[nodiscard]] Enum name(const char* key) const {
        const std::string value = string(key);
        if (const auto parsed = parse_name<Enum>(value)) return *parsed;
        // TRANSLATORS: {} is a key of the stored event ("result", "reason"), then
        // the value found.
        throw Corrupt{trf("unknown {} '{}'", key, value)};
    }

private:
    static std::string as_string(const char* key, const json& value) {
        if (!value.is_string()) throw Corrupt{trf("'{}' is not text", key)};
        return value.get<std::string>();
    }
    static Instant as_instant(const char* key, const std::string& value) {
        if (const auto t = parse_utc(value)) return *t;
        throw Corrupt{trf("'{}' is not a time: '{}'", key, value)};
    }

    const json& m_object;
};

RegisterDetails read_register(const Reader& r) {
    RegisterDetails d;
    d.kind = r.string("kind");
    d.channel = r.string("channel");
    d.category = r.string("category");
    d.severity = r.string("severity");
    const Reader customer(r.required("customer"));
    d.customer.name = customer.string("name");
    d.customer.contact = customer.nullable_string("contact");
    d.customer.organization = customer.nullable_string("organization");
    d.customer.order = customer.nullable_string("order");
    d.summary = r.string("summary");
    d.description = r.nullable_string("description");
    d.demand = r.nullable_string("demand");
    d.ref = r.nullable_string("ref");
    d.assign_due = r.nullable_instant("assign_due");
    d.resolve_due = r.nullable_instant("resolve_due");
    d.acknowledge_due = r.maybe_instant("acknowledge_due");
    d.site = r.maybe_string("site");
    d.possible_duplicate_of = r.maybe_string("possible_duplicate_of");
    return d;
}

AssignDetails read_assign(const Reader& r) {
    AssignDetails d;
    d.to = r.string("to");
    d.department = r.nullable_string("department");
    d.note = r.nullable_string("note");
    d.investigate_due = r.maybe_instant("investigate_due");
    d.reassignment = r.flag("reassignment");
    d.from = r.maybe_string("from");
    return d;
}

InvestigateDetails read_investigate(const Reader& r) {
    InvestigateDetails d;
    d.text = r.string("text");
    d.cause = r.nullable_string("cause");
    d.substantiated = r.nullable_boolean("substantiated");
    d.complete = r.boolean("complete");
    return d;
}

ResolveDetails read_resolve(const Reader& r) {
    ResolveDetails d;
    d.plan = r.string("plan");
    d.outcome = r.string("outcome");
    d.amount = r.nullable_money("amount");
    d.currency = r.string("currency");
    d.responsible = r.nullable_string("responsible");
    d.revisit_due = r.nullable_instant("revisit_due");
    d.closed = r.flag("closed");
    d.awaiting_approval = r.maybe_string("awaiting_approval");
    return d;
}

ApproveDetails read_approve(const Reader& r) {
    ApproveDetails d;
    d.note = r.nullable_string("note");
    d.proposed_by = r.string("proposed_by");
    d.amount = r.nullable_money("amount");
    d.revisit_due = r.nullable_instant("revisit_due");
    d.closed = r.flag("closed");
    return d;
}

DeclineDetails read_decline(const Reader& r) {
    return DeclineDetails{r.string("note"), r.string("proposed_by")};
}

AttachDetails read_attach(const Reader& r) {
    AttachDetails d;
    for (const json& item : r.list("files")) {
        const Reader f(item);
        EvidenceItem file{f.string("name"), f.int64("size"), f.string("media_type"),
                          f.string("sha256")};
        if (file.size < 0) throw Corrupt{tr("'size' is negative")};
        d.files.push_back(std::move(file));
    }
    d.note = r.nullable_string("note");
    return d;
}

AnonymizeDetails read_anonymize(const Reader& r) {
    AnonymizeDetails d;
    d.reason = r.nullable_string("reason");
    d.keep = r.nullable_string("keep");
    for (const json& field : r.list("fields")) {
        if (!field.is_string()) throw Corrupt{tr("'fields' holds something that is not text")};
        d.fields.push_back(field.get<std::string>());
    }
    d.evidence_files = r.int64("evidence_files");
    return d;
}

RevisitDetails read_revisit(const Reader& r) {
    RevisitDetails d;
    d.result = r.name<RevisitResult>("result");
    (void)r.required("score");
    d.score = r.maybe_int("score");
    d.note = r.nullable_string("note");
    d.reopened = r.flag("reopened");
    d.resolve_due = r.maybe_instant("resolve_due");
    d.attempt = r.maybe_int("attempt");
    d.closed = r.flag("closed");
    return d;
}

RemindDetails read_remind(const Reader& r) {
    RemindDetails d;
    d.milestone = r.name<Milestone>("milestone");
    d.due = r.instant("due");
    d.to = r.string("to");
    const json& cc = r.required("cc");
    if (!cc.is_array()) throw Corrupt{tr("'cc' is not a list")};
    for (const json& address : cc) {
        if (!address.is_string()) throw Corrupt{tr("'cc' holds something that is not text")};
        d.cc.push_back(address.get<std::string>());
    }
    d.approval = r.flag("approval");
    return d;
}

ContactDetails read_contact(const Reader& r) {
    ContactDetails d;
    d.via = r.string("via");
    d.direction = r.name<Direction>("direction");
    // Null once `anonymize` erased it (SPEC §12).
    d.note = r.nullable_string("note").value_or("");
    d.acknowledged = r.flag("acknowledged");
    return d;
}

RejectDetails read_reject(const Reader& r) {
    RejectDetails d;
    d.reason = r.name<RejectReason>("reason");
    d.of = r.nullable_string("of");
    d.note = r.nullable_string("note");
    d.known_at = r.maybe_instant("known_at");
    return d;
}

WithdrawDetails read_withdraw(const Reader& r) {
    return WithdrawDetails{r.nullable_string("note")};
}

HoldDetails read_hold(const Reader& r) {
    HoldDetails d;
    d.reason = r.name<HoldReason>("reason");
    d.note = r.nullable_string("note");
    d.from = r.name<Status>("from");
    d.review_due = r.maybe_instant("review_due");
    return d;
}

std::vector<DeadlineChange> read_deadlines(const Reader& r) {
    std::vector<DeadlineChange> out;
    for (const json& item : r.list("deadlines")) {
        const Reader c(item);
        out.push_back(
            {c.name<Milestone>("milestone"), c.nullable_instant("from"), c.nullable_instant("to")});
    }
    return out;
}

ResumeDetails read_resume(const Reader& r) {
    ResumeDetails d;
    d.note = r.nullable_string("note");
    d.to = r.name<Status>("to");
    d.held_seconds = r.int64("held_seconds");
    d.deadlines = read_deadlines(r);
    return d;
}

EditDetails read_edit(const Reader& r) {
    EditDetails d;
    d.reason = r.string("reason");
    for (const json& item : r.list("changes")) {
        const Reader c(item);
        d.changes.push_back(
            {c.string("field"), c.nullable_string("from"), c.nullable_string("to")});
    }
    d.deadlines = read_deadlines(r);
    return d;
}

EventDetails read(EventType type, const Reader& r) {
    switch (type) {
        case EventType::registration:
            return read_register(r);
        case EventType::assign:
            return read_assign(r);
        case EventType::investigate:
            return read_investigate(r);
        case EventType::resolve:
            return read_resolve(r);
        case EventType::revisit:
            return read_revisit(r);
        case EventType::remind:
            return read_remind(r);
        case EventType::contact:
            return read_contact(r);
        case EventType::reject:
            return read_reject(r);
        case EventType::withdraw:
            return read_withdraw(r);
        case EventType::hold:
            return read_hold(r);
        case EventType::resume:
            return read_resume(r);
        case EventType::edit:
            return read_edit(r);
        case EventType::approve:
            return read_approve(r);
        case EventType::decline:
            return read_decline(r);
        case EventType::attach:
            return read_attach(r);
        case EventType::anonymize:
            return read_anonymize(r);
        case EventType::imported:
            return ImportDetails{r.string("source")};
    }
    throw Corrupt{tr("unknown event type")};
}

}  // namespace

json details_value(const EventDetails& details) {
    return std::visit([](const auto& d) { return to_json(d); }, details);
}

std::string details_json(const EventDetails& details) {
    return details_value(details).dump(-1, ' ', false, json::error_handler_t::replace);
}

std::optional<EventDetails> parse_details(EventType type, std::string_view text,
                                          std::string& problem) {
    try {
        const json j = json::parse(text);
        return read(type, Reader(j));
    } catch (const Corrupt& e) {
        problem = e.what;
    } catch (const json::exception& e) {
        problem = e.what();
    }
    return std::nullopt;
}

EventDetails parse_details(EventType type, std::string_view text) {
    try {
        const json j = json::parse(text);
        return read(type, Reader(j));
    } catch (const Corrupt& e) {
        throw Error(ExitCode::io,
                    trf("the details of a '{}' event are not what this version writes ({}): "
                        "corrupt or newer database",
                        to_string(type), e.what),
                    {tr("run a newer complaints, or restore the database from a backup")});
    } catch (const json::exception& e) {
        throw Error(ExitCode::io,
                    // TRANSLATORS: the second {} is the JSON parser's message, in English.
                    trf("the details of a '{}' event are not JSON ({}): corrupt or newer "
                        "database",
                        to_string(type), e.what()),
                    {tr("run a newer complaints, or restore the database from a backup")});
    }
}

}  // namespace complaints::domain
