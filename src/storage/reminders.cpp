#include "connection.hpp"

#include <complaints/storage/events.hpp>

#include <map>
#include <tuple>

namespace complaints::storage {

namespace {

// The latest `remind` event per complaint and key (`key_sql`, an SQL
// expression over `details`) among the events `where` selects, for the
// complaints `rows`, in one statement per chunk.
std::map<std::pair<std::int64_t, std::string>, std::string> latest_reminders(
    sql::Session& db, const std::vector<std::int64_t>& rows, std::string_view key_sql,
    std::string_view where) {
    constexpr std::size_t k_chunk = 500;  // well under SQLite's limit of bound parameters
    std::map<std::pair<std::int64_t, std::string>, std::string> latest;
    for (std::size_t first = 0; first < rows.size(); first += k_chunk) {
        const std::size_t last = std::min(rows.size(), first + k_chunk);
        std::string marks;
        for (std::size_t i = first; i < last; ++i) marks += i == first ? "?" : ", ?";
        const auto s =
            db.prepare(fmt::format("SELECT complaint, {0}, max(at) FROM event "
                                   "WHERE type = 'remind' AND {1} AND complaint IN ({2}) "
                                   "GROUP BY 1, 2",
                                   key_sql, where, marks));
        for (std::size_t i = first; i < last; ++i)
            s->bind(static_cast<int>(i - first + 1), rows[i]);
        while (s->step()) latest[{s->column(0).int64(), s->column(1).text()}] = s->column(2).text();
    }
    return latest;
}

template <typename Item, typename Key>
std::vector<std::optional<domain::Instant>> look_up(
    const std::map<std::pair<std::int64_t, std::string>, std::string>& latest,
    const std::vector<Item>& items, Key key) {
    std::vector<std::optional<domain::Instant>> out;
    out.reserve(items.size());
    for (const auto& item : items) {
        const auto it = latest.find({item.row_id, key(item)});
        out.push_back(it == latest.end() ? std::nullopt : domain::parse_utc(it->second));
    }
    return out;
}

template <typename Item>
std::vector<std::int64_t> row_ids(const std::vector<Item>& items) {
    std::vector<std::int64_t> rows;
    rows.reserve(items.size());
    for (const auto& item : items) rows.push_back(item.row_id);
    return rows;
}

}  // namespace

std::vector<std::optional<domain::Instant>> EventLog::last_reminded(
    const std::vector<domain::ReminderItem>& items) const {
    return guarded(m_connection, [&] {
        // Per complaint, milestone and deadline; reminders of approvals are not
        // reminders of the resolve milestone.
        const bool sqlite = m_connection.session().engine() == sql::Engine::sqlite;
        const auto latest = latest_reminders(
            m_connection.session(), row_ids(items),
            sqlite ? "json_extract(details, '$.milestone') || ' ' || json_extract(details, '$.due')"
                   : "(details::jsonb ->> 'milestone') || ' ' || (details::jsonb ->> 'due')",
            sqlite ? "json_extract(details, '$.approval') IS NULL"
                   : "(details::jsonb -> 'approval') IS NULL");
        return look_up(latest, items, [](const domain::ReminderItem& item) {
            return fmt::format("{} {}", domain::to_string(item.milestone),
                               domain::format_utc(item.due));
        });
    });
}

std::vector<std::optional<domain::Instant>> EventLog::last_reminded(
    const std::vector<domain::ApprovalItem>& approvals) const {
    return guarded(m_connection, [&] {
        // Per complaint and proposal (the time it was proposed, stored as `due`).
        const bool sqlite = m_connection.session().engine() == sql::Engine::sqlite;
        const auto latest = latest_reminders(
            m_connection.session(), row_ids(approvals),
            sqlite ? "json_extract(details, '$.due')" : "(details::jsonb ->> 'due')",
            sqlite ? "json_extract(details, '$.approval') = 1"
                   : "(details::jsonb -> 'approval') = 'true'::jsonb");
        return look_up(latest, approvals, [](const domain::ApprovalItem& approval) {
            return domain::format_utc(approval.proposed_at);
        });
    });
}

std::vector<bool> EventLog::claim_reminders(const std::vector<ReminderKey>& keys,
                                            domain::Instant now, domain::Instant stale_before,
                                            const std::string& owner) const {
    return guarded(m_connection, [&] {
        // A key nobody holds is inserted; one held by this run, or by another
        // since before `stale_before`, changes hands; any other is left alone
        // and reports no change.
        const auto s = m_connection.session().prepare(
            "INSERT INTO reminder_claim "
            "(complaint, milestone, due, approval, claimed_at, claimed_by) "
            "VALUES (?1, ?2, ?3, ?4, ?5, ?6) "
            "ON CONFLICT (complaint, milestone, due, approval) DO UPDATE SET "
            "claimed_at = excluded.claimed_at, claimed_by = excluded.claimed_by "
            "WHERE reminder_claim.claimed_by = excluded.claimed_by "
            "OR reminder_claim.claimed_at < ?7 RETURNING 1");
        const std::string at = domain::format_utc(now);
        const std::string stale = domain::format_utc(stale_before);
        std::vector<bool> claimed;
        claimed.reserve(keys.size());
        for (const auto& key : keys) {
            s->bind(1, key.row_id);
            s->bind(2, std::string(domain::to_string(key.milestone)));
            s->bind(3, domain::format_utc(key.due));
            s->bind(4, key.approval ? 1 : 0);
            s->bind(5, at);
            s->bind(6, owner);
            s->bind(7, stale);
            claimed.push_back(s->step());
            s->reset();
        }
        return claimed;
    });
}

void EventLog::release_claims(const std::string& owner) const {
    guarded(m_connection, [&] {
        const auto s =
            m_connection.session().prepare("DELETE FROM reminder_claim WHERE claimed_by = ?");
        s->bind(1, owner);
        s->run();
    });
}

}  // namespace complaints::storage
