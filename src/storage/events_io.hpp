#pragma once

#include <complaints/domain/event.hpp>

#include <complaints/storage/reports.hpp>
#include <complaints/storage/sql.hpp>

#include <cstdint>
#include <string_view>

namespace complaints::storage {

// Appends `event` to the log of complaint `row_id` (numbered `complaint`),
// its details serialised by the domain (the one JSON shape of each event
// type), chained to the last event (chain.hpp). Inside a write transaction.
struct Connection;
std::int64_t insert_event(Connection& connection, std::int64_t row_id, std::string_view complaint,
                          const domain::Event& event);

// The last event of the chain as stored: its seq and hash; seq 0 and the
// genesis hash when there is none. Read, not verified.
ChainHead read_chain_head(Connection& connection);

// "seq, type, at, recorded_at, actor, details": what `read_event` reads.
inline constexpr const char* k_event_columns = "seq, type, at, recorded_at, actor, details";
// Reads a row selected with k_event_columns: an unknown type or details of
// another shape are exit 74.
domain::Event read_event(sql::Statement& s);

}  // namespace complaints::storage
