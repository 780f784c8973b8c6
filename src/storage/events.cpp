#include "events_io.hpp"

#include "chain.hpp"
#include "connection.hpp"

#include <complaints/storage/events.hpp>

#include <unordered_map>

namespace complaints::storage {

using domain::Complaint;
using domain::Event;

std::int64_t insert_event(Connection& connection, std::int64_t row_id, std::string_view complaint,
                          const Event& e) {
    // The caller's write transaction serialises writers, so the last event
    // read here stays the last until this one is stored; after that it is
    // the one stored here (Connection::chain_tip), without asking again.
    if (!connection.chain_tip) connection.chain_tip = read_chain_head(connection);
    const std::string previous = connection.chain_tip->hash;
    chain::StoredEvent stored;
    stored.seq = connection.chain_tip->seq + 1;
    stored.complaint = std::string(complaint);
    stored.type = std::string(domain::to_string(e.type()));
    stored.at = domain::format_utc(e.at);
    stored.recorded_at = domain::format_utc(e.recorded_at);
    stored.actor = e.actor;
    stored.details = domain::details_json(e.details);
    auto s = connection.cached(
        "INSERT INTO event (seq, complaint, type, at, recorded_at, actor, details, digests, hash) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
    s->bind(1, static_cast<std::int64_t>(stored.seq));
    s->bind(2, static_cast<std::int64_t>(row_id));
    s->bind(3, stored.type);
    s->bind(4, stored.at);
    s->bind(5, stored.recorded_at);
    s->bind(6, stored.actor);
    s->bind(7, stored.details);
    const std::string hash = chain::seal(previous, stored);
    s->bind(8, stored.digests);
    s->bind(9, hash);
    // A failure here ends the transaction whichever statement reports it:
    // the server may take it with the next one (Statement::run_batched).
    connection.chain_tip.reset();
    s->run_batched();
    connection.chain_tip = ChainHead{static_cast<std::int64_t>(stored.seq), hash};
    return stored.seq;
}

ChainHead read_chain_head(Connection& connection) {
    auto last = connection.cached("SELECT seq, hash FROM event ORDER BY seq DESC LIMIT 1");
    if (!last->step()) return {0, std::string(chain::k_genesis)};
    return {last->column(0).int64(), last->column(1).is_null()
                                         ? std::string(chain::k_genesis)
                                         : std::string(last->column(1).text())};
}

Event read_event(sql::Statement& s) {
    Event e;
    e.seq = s.column(0).int64();
    const auto type = stored_name<domain::EventType>(s.column(1), N_("event type"));
    e.at = instant(s.column(2));
    e.recorded_at = instant(s.column(3));
    e.actor = s.column(4).text();
    e.details = domain::parse_details(type, s.column(5).text());
    return e;
}

void EventLog::append(std::int64_t row_id, const Event& event) const {
    guarded(m_connection, [&] {
        const auto id = m_connection.session().prepare("SELECT id FROM complaint WHERE row_id = ?");
        id->bind(1, static_cast<std::int64_t>(row_id));
        if (!id->step()) corrupt(N_("complaint row"), std::to_string(row_id));
        insert_event(m_connection, row_id, id->column(0).text(), event);
    });
}

std::vector<Event> EventLog::of(std::int64_t row_id) const {
    return guarded(m_connection, [&] {
        static const std::string sql =
            fmt::format("SELECT {} FROM event WHERE complaint = ? ORDER BY seq", k_event_columns);
        auto s = m_connection.cached(sql);
        s->bind(1, static_cast<std::int64_t>(row_id));
        std::vector<Event> events;
        while (s->step()) events.push_back(read_event(*s));
        return events;
    });
}

std::vector<std::vector<Event>> EventLog::of_each(const std::vector<Complaint>& complaints) const {
    constexpr std::size_t k_chunk = 500;  // well under SQLite's limit of bound parameters
    return guarded(m_connection, [&] {
        std::vector<std::vector<Event>> out(complaints.size());
        for (std::size_t first = 0; first < complaints.size(); first += k_chunk) {
            const std::size_t last = std::min(complaints.size(), first + k_chunk);
            std::unordered_map<std::int64_t, std::size_t> index;
            std::string marks;
            for (std::size_t i = first; i < last; ++i) {
                index[complaints[i].row_id] = i;
                marks += i == first ? "?" : ", ?";
            }
            const auto s = m_connection.session().prepare(
                fmt::format("SELECT {}, complaint FROM event WHERE complaint IN "
                            "({}) ORDER BY seq",
                            k_event_columns, marks));
            for (std::size_t i = first; i < last; ++i)
                s->bind(static_cast<int>(i - first + 1),
                        static_cast<std::int64_t>(complaints[i].row_id));
            while (s->step()) out[index.at(s->column(6).int64())].push_back(read_event(*s));
        }
        return out;
    });
}

}  // namespace complaints::storage
