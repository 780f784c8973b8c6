#include "chain.hpp"

#include <complaints/domain/retention.hpp>
#include <complaints/files/sha256.hpp>

#include <complaints/storage/sql.hpp>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <array>
#include <span>

namespace complaints::storage::chain {

using nlohmann::json;

namespace {

std::string sha256_of(std::string_view text) {
    return files::sha256_hex(std::as_bytes(std::span(text.data(), text.size())));
}

// The personal values an event of `type` may hold: each value's JSON
// pointer, with the field it is (domain::k_personal_fields).
struct PersonalValue {
    json::json_pointer pointer;
    std::string field;
};

std::vector<PersonalValue> personal_pointers(std::string_view type, const json& details) {
    std::vector<PersonalValue> out;
    if (type == "register") {
        out.push_back({json::json_pointer("/customer/name"), "customer_name"});
        out.push_back({json::json_pointer("/customer/contact"), "customer_contact"});
        out.push_back({json::json_pointer("/customer/organization"), "customer_organization"});
        out.push_back({json::json_pointer("/customer/order"), "customer_order"});
        out.push_back({json::json_pointer("/description"), "description"});
    } else if (type == "contact") {
        out.push_back({json::json_pointer("/note"), "contact_note"});
    } else if (type == "edit" && details.is_object() && details.contains("changes") &&
               details["changes"].is_array()) {
        const auto& changes = details["changes"];
        for (std::size_t i = 0; i < changes.size(); ++i) {
            if (!changes[i].is_object()) continue;
            const auto field = changes[i].value("field", std::string());
            if (std::find(domain::k_personal_fields.begin(), domain::k_personal_fields.end(),
                          field) == domain::k_personal_fields.end())
                continue;
            const std::string at = "/changes/" + std::to_string(i);
            out.push_back({json::json_pointer(at + "/from"), field});
            out.push_back({json::json_pointer(at + "/to"), field});
        }
    }
    return out;
}

json parse_or_string(std::string_view text) {
    json j = json::parse(text, nullptr, false);
    return j.is_discarded() ? json(std::string(text)) : j;
}

}  // namespace

std::string digests(std::string_view type, std::string_view details) {
    const json d = parse_or_string(details);
    json out = json::object();
    if (!d.is_object()) return "{}";
    for (const auto& [p, field] : personal_pointers(type, d))
        if (d.contains(p) && d[p].is_string())
            out[p.to_string()] = sha256_of(d[p].get<std::string>());
    return out.dump(-1, ' ', false, json::error_handler_t::replace);
}

namespace {

// The hash of `e` whose details, with personal values replaced, are `d`.
std::string hash_of(std::string_view previous, const StoredEvent& e, const json& d) {
    std::string text;
    text.reserve(256 + e.details.size());
    text.append(previous).append("\n");
    text.append(std::to_string(e.seq)).append("\n");
    text.append(e.complaint).append("\n");
    text.append(e.type).append("\n");
    text.append(e.at).append("\n");
    text.append(e.recorded_at).append("\n");
    text.append(e.actor).append("\n");
    text.append(d.dump(-1, ' ', false, json::error_handler_t::replace));
    return sha256_of(text);
}

}  // namespace

std::string hash(std::string_view previous, const StoredEvent& e) {
    json d = parse_or_string(e.details);
    const json g = parse_or_string(e.digests.empty() ? std::string_view("{}") : e.digests);
    if (g.is_object() && d.is_object()) {
        try {
            for (const auto& [pointer, digest] : g.items()) {
                const json::json_pointer p(pointer);
                d[p] = "sha256:" + (digest.is_string() ? digest.get<std::string>() : digest.dump());
            }
        } catch (const json::exception&) {
            return "digests that are not JSON pointers";  // never a hex digest: a mismatch
        }
    }
    return hash_of(previous, e, d);
}

std::string seal(std::string_view previous, StoredEvent& e) {
    json d = json::parse(e.details, nullptr, false);
    if (!d.is_object()) {  // never from details_json; the general path keeps its rules
        e.digests = digests(e.type, e.details);
        return hash(previous, e);
    }
    json g = json::object();
    std::vector<std::pair<json::json_pointer, std::string>> replaced;
    for (const auto& [p, field] : personal_pointers(e.type, d)) {
        if (!d.contains(p) || !d[p].is_string()) continue;
        std::string digest = sha256_of(d[p].get<std::string>());
        replaced.emplace_back(p, "sha256:" + digest);
        g[p.to_string()] = std::move(digest);
    }
    e.digests = g.dump(-1, ' ', false, json::error_handler_t::replace);
    for (auto& [p, value] : replaced) d[p] = std::move(value);
    return hash_of(previous, e, d);
}

std::vector<std::string> personal_mismatches(const StoredEvent& e, bool anonymized) {
    std::vector<std::string> out;
    const json d = parse_or_string(e.details);
    const json g = parse_or_string(e.digests.empty() ? std::string_view("{}") : e.digests);
    if (!g.is_object()) return {"/"};
    // Every personal value must have its digest, and every digest its value
    // (or, once anonymised, a masked or erased one).
    if (d.is_object())
        for (const auto& [p, field] : personal_pointers(e.type, d))
            if (d.contains(p) && d[p].is_string() && !g.contains(p.to_string()) && !anonymized)
                out.push_back(p.to_string());
    if (anonymized) return out;
    for (const auto& [pointer, digest] : g.items()) {
        try {
            const json::json_pointer p(pointer);
            const bool present = d.is_object() && d.contains(p) && d[p].is_string();
            if (!present || !digest.is_string() ||
                sha256_of(d[p].get<std::string>()) != digest.get<std::string>())
                out.push_back(pointer);
        } catch (const json::exception&) {
            out.push_back(pointer);
        }
    }
    return out;
}

std::string mask_personal(std::string_view type, std::string_view details, const Mask& mask) {
    json d = json::parse(details);
    for (const auto& [p, field] : personal_pointers(type, d)) {
        if (!d.contains(p) || !d[p].is_string()) continue;
        const auto masked = mask(field, d[p].get<std::string>());
        d[p] = masked ? json(*masked) : json(nullptr);
    }
    return d.dump(-1, ' ', false, json::error_handler_t::replace);
}

namespace {

constexpr const char* k_append_only_triggers = R"sql(
CREATE TRIGGER event_no_update BEFORE UPDATE ON event
    BEGIN SELECT RAISE(ABORT, 'events are append-only'); END;
CREATE TRIGGER event_no_delete BEFORE DELETE ON event
    BEGIN SELECT RAISE(ABORT, 'events are append-only'); END;
)sql";

}  // namespace

void without_append_only_triggers(sql::Session& db, const std::function<void()>& work) {
    // On PostgreSQL the trigger lets this transaction through
    // (postgres_schema.cpp); SQLite's are dropped and made again.
    if (db.engine() == sql::Engine::postgresql) {
        db.execute("SET LOCAL complaints.rewriting_events = 'on'");
        work();
        db.execute("SET LOCAL complaints.rewriting_events = 'off'");
        return;
    }
    db.execute("DROP TRIGGER IF EXISTS event_no_update; DROP TRIGGER IF EXISTS event_no_delete;");
    work();
    db.execute(k_append_only_triggers);
}

StoredEvent read_event(sql::Statement& s) {
    StoredEvent e;
    e.seq = s.column(0).int64();
    e.complaint = s.column(1).text();
    e.type = s.column(2).text();
    e.at = s.column(3).text();
    e.recorded_at = s.column(4).text();
    e.actor = s.column(5).text();
    e.details = s.column(6).text();
    e.digests = s.column(7).text();
    return e;
}

void chain_all(sql::Session& db) {
    without_append_only_triggers(db, [&] {
        const auto s = db.prepare(k_events_in_order);
        const auto update = db.prepare("UPDATE event SET hash = ?, digests = ? WHERE seq = ?");
        std::string previous(k_genesis);
        while (s->step()) {
            StoredEvent e = read_event(*s);
            e.digests = digests(e.type, e.details);
            previous = hash(previous, e);
            update->bind(1, previous);
            update->bind(2, e.digests);
            update->bind(3, static_cast<std::int64_t>(e.seq));
            update->run();
            update->reset();
        }
    });
}

}  // namespace complaints::storage::chain
