#pragma once

#include <complaints/storage/sql.hpp>

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace complaints::storage::chain {

// The hash chain over the event log (SPEC §12, docs/schema.md "Hash chain").
// Each event's `hash` is the hex SHA-256 of the previous event's hash (in
// `seq` order, over the whole database; `k_genesis` before the first) and of
// the event's own fields. Personal values (customer name, contact,
// organisation, order, description, contact notes) enter through their own
// digests, kept in the event's `digests` column, so that `anonymize` can erase
// the values and the chain still holds.

// The hash before the first event.
inline constexpr std::string_view k_genesis =
    "0000000000000000000000000000000000000000000000000000000000000000";

// One event as stored, the complaint named by its number.
struct StoredEvent {
    std::int64_t seq = 0;
    std::string complaint;  // its number, e.g. 20261116-TEL-001
    std::string type, at, recorded_at, actor, details, digests;
};

// Every event in chain order: the columns `read_event` reads (0-7), then the
// stored `hash` (8, null before chaining) and the complaint's row_id (9).
inline constexpr const char* k_events_in_order =
    "SELECT e.seq, coalesce(c.id, ''), e.type, e.at, e.recorded_at, e.actor, e.details, "
    "coalesce(e.digests, ''), e.hash, e.complaint FROM event e "
    "LEFT JOIN complaint c ON c.row_id = e.complaint ORDER BY e.seq";

// The event at the current row of a statement of `k_events_in_order`.
StoredEvent read_event(sql::Statement& s);

// The digests of the personal values in `details` (an event of `type`), as
// the JSON object stored in `digests`: from each value's JSON pointer
// ("/customer/name") to its hex SHA-256. Null values have none.
std::string digests(std::string_view type, std::string_view details);

// The hash of `event` after `previous`: personal values are replaced by their
// stored digests, so the same hash results before and after anonymisation.
std::string hash(std::string_view previous, const StoredEvent& event);

// Fills `event.digests` and returns its hash after `previous`, parsing its
// details once: the same as `digests`, then `hash`, for a new event.
std::string seal(std::string_view previous, StoredEvent& event);

// The JSON pointers of `event`'s digests whose value in its details no longer
// has that digest (changed behind the tool's back). Values that are null are
// left out when `anonymized` (erased by `anonymize`).
std::vector<std::string> personal_mismatches(const StoredEvent& event, bool anonymized);

// `details` (an event of `type`) with each personal value replaced by
// `mask(field, value)` (`field` one of domain::k_personal_fields): a string,
// or null when it returns nothing. Used by `anonymize` on stored details.
using Mask =
    std::function<std::optional<std::string>(std::string_view field, std::string_view value)>;
std::string mask_personal(std::string_view type, std::string_view details, const Mask& mask);

// Fills `hash` and `digests` of every event, in `seq` order (the migration to
// schema version 6 chains the events of an existing database).
void chain_all(sql::Session& db);

// The statements that keep the event log append-only, and running `work`
// without them (the migration that chains existing events, and `anonymize`,
// which erases personal values in the details of events; both inside the
// caller's transaction, so the triggers are back before it commits).
void without_append_only_triggers(sql::Session& db, const std::function<void()>& work);

}  // namespace complaints::storage::chain
