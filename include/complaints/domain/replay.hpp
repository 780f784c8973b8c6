#pragma once

#include <complaints/domain/complaint.hpp>
#include <complaints/domain/event.hpp>

#include <array>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace complaints::domain {

// One stored field of a complaint that differs from what its events imply
// (SPEC §12, `verify`).
struct ReplayMismatch {
    // The event that last changed the field in the replay (the register event
    // for a field set at registration); the last event when none did.
    std::int64_t seq = 0;
    EventType type = EventType::registration;
    std::string field;  // the stored column name: "status", "assignee", "resolve_due"
    // The two values as text: times in UTC (`2026-11-20T07:00:00Z`), amounts
    // as decimals, "null" for absent.
    std::string stored, replayed;
};

// The stored fields that no event records, so that a replay cannot check
// them: the limit that set each milestone's deadline (only the deadline is
// recorded). `acknowledge_started_at` is not checked either when the
// register event records no acknowledge deadline: before schema version 4
// there was no acknowledge clock, and since then an untracked acknowledge
// has a clock start but no deadline, and the event cannot tell them apart.
inline constexpr std::array<std::string_view, 6> k_unreplayed_fields{
    "acknowledge_limit", "assign_limit",  "investigate_limit",
    "resolve_limit",     "revisit_limit", "hold_limit"};

// The stored fields `check_replay` compares, by column name, in the order of
// the complaint table.
std::vector<std::string> replayed_fields();

// The complaint that `events` (one complaint's, oldest first, the first being
// `register`) imply, applied to an empty complaint exactly as the steps of
// lifecycle.hpp, approval.hpp and evidence.hpp changed it when they made
// them; `remind` changes nothing. The fields of `k_unreplayed_fields` stay
// empty, and so do `row_id` and `id`, which no event records.
Complaint replay(std::span<const Event> events);

// Replays `events` and compares every field of `replayed_fields()` with
// `stored`: one mismatch per field that differs, in that order; empty when
// the stored complaint is exactly what its events imply. No events, or a
// first event that is not `register`, is one mismatch of the field
// "register" (stored: the first event's type or "null").
std::vector<ReplayMismatch> check_replay(const Complaint& stored, std::span<const Event> events);

}  // namespace complaints::domain
