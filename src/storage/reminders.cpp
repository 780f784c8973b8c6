#include "connection.hpp"

#include <complaints/storage/events.hpp>

#include <map>
#include <tuple>

namespace complaints::storage {

std::vector<std::optional<domain::Instant>> EventLog::last_reminded(
    const std::vector<domain::ReminderItem>& items) const {
    constexpr std::size_t k_chunk = 500;  // well under SQLite's limit of bound parameters
    return guarded(m_connection, [&] {
        // The latest remind event per complaint, milestone and deadline, for
        // all the items' complaints in one statement per chunk.
        using Key = std::tuple<std::int64_t, std::string, std::string>;
        std::map<Key, std::string> latest;
        for (std::size_t first = 0; first < items.size(); first += k_chunk) {
            const std::size_t last = std::min(items.size(), first + k_chunk);
            std::string marks;
            for (std::size_t i = first; i < last; ++i) marks += i == first ? "?" : ", ?";
            SQLite::Statement s(
                m_connection.db,
                fmt::format("SELECT complaint, json_extract(details, '$.milestone'), "
                            "json_extract(details, '$.due'), max(at) FROM event "
                            "WHERE type = 'remind' AND complaint IN ({}) "
                            "GROUP BY 1, 2, 3",
                            marks));
            for (std::size_t i = first; i < last; ++i)
                s.bind(static_cast<int>(i - first + 1), static_cast<std::int64_t>(items[i].row_id));
            while (s.executeStep())
                latest[{s.getColumn(0).getInt64(), s.getColumn(1).getString(),
                        s.getColumn(2).getString()}] = s.getColumn(3).getString();
        }
        std::vector<std::optional<domain::Instant>> out;
        out.reserve(items.size());
        for (const auto& item : items) {
            const auto it =
                latest.find({item.row_id, std::string(domain::to_string(item.milestone)),
                             domain::format_utc(item.due)});
            out.push_back(it == latest.end() ? std::nullopt : domain::parse_utc(it->second));
        }
        return out;
    });
}

}  // namespace complaints::storage
