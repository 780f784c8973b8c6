#include "events_io.hpp"

#include "connection.hpp"

#include <complaints/storage/events.hpp>

#include <unordered_map>

namespace complaints::storage {

using domain::Complaint;
using domain::Event;

void insert_event(SQLite::Database& db, std::int64_t row_id, const Event& e) {
    SQLite::Statement s(db,
                        "INSERT INTO event (complaint, type, at, recorded_at, actor, details) "
                        "VALUES (?, ?, ?, ?, ?, ?)");
    s.bind(1, static_cast<std::int64_t>(row_id));
    s.bind(2, std::string(domain::to_string(e.type())));
    s.bind(3, domain::format_utc(e.at));
    s.bind(4, domain::format_utc(e.recorded_at));
    s.bind(5, e.actor);
    s.bind(6, domain::details_json(e.details));
    s.exec();
}

Event read_event(SQLite::Statement& s) {
    Event e;
    e.seq = s.getColumn(0).getInt64();
    const auto type = stored_name<domain::EventType>(s.getColumn(1), "event type");
    e.at = instant(s.getColumn(2));
    e.recorded_at = instant(s.getColumn(3));
    e.actor = s.getColumn(4).getString();
    e.details = domain::parse_details(type, s.getColumn(5).getString());
    return e;
}

void EventLog::append(std::int64_t row_id, const Event& event) const {
    guarded(m_connection, [&] { insert_event(m_connection.db, row_id, event); });
}

std::vector<Event> EventLog::of(std::int64_t row_id) const {
    return guarded(m_connection, [&] {
        SQLite::Statement s(
            m_connection.db,
            fmt::format("SELECT {} FROM event WHERE complaint = ? ORDER BY seq", k_event_columns));
        s.bind(1, static_cast<std::int64_t>(row_id));
        std::vector<Event> events;
        while (s.executeStep()) events.push_back(read_event(s));
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
            SQLite::Statement s(m_connection.db,
                                fmt::format("SELECT {}, complaint FROM event WHERE complaint IN "
                                            "({}) ORDER BY seq",
                                            k_event_columns, marks));
            for (std::size_t i = first; i < last; ++i)
                s.bind(static_cast<int>(i - first + 1),
                       static_cast<std::int64_t>(complaints[i].row_id));
            while (s.executeStep())
                out[index.at(s.getColumn(6).getInt64())].push_back(read_event(s));
        }
        return out;
    });
}

}  // namespace complaints::storage
