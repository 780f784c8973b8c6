#pragma once

#include <complaints/domain/event.hpp>

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>

#include <cstdint>

namespace complaints::storage {

// Appends `event` to the log of complaint `row_id`, its details serialised by
// the domain (the one JSON shape of each event type).
void insert_event(SQLite::Database& db, std::int64_t row_id, const domain::Event& event);

// "seq, type, at, recorded_at, actor, details": what `read_event` reads.
inline constexpr const char* k_event_columns = "seq, type, at, recorded_at, actor, details";
// Reads a row selected with k_event_columns: an unknown type or details of
// another shape are exit 74.
domain::Event read_event(SQLite::Statement& s);

}  // namespace complaints::storage
