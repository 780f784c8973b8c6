#pragma once

#include <complaints/domain/event.hpp>
#include <complaints/report/table.hpp>
#include <complaints/report/views.hpp>
#include <complaints/storage/evidence.hpp>

#include <string>
#include <vector>

namespace complaints::report {

// How many hex digits of a SHA-256 text output shows (SPEC §11).
inline constexpr std::size_t k_short_hash = 12;

// The evidence of a complaint read from its `attach` events, in the order
// attached: the same rows as `EvidenceStore::of`, for `show`.
std::vector<storage::EvidenceRow> evidence_of(const std::vector<domain::Event>& events);

// `evidence ID`: name, size, media_type, sha256, added_by, added_at, note.
// With `Names::labels` (text) the size is for people (`5.2 MB`) and the hash
// is its first k_short_hash digits; otherwise (CSV) bytes and the full hash.
Table evidence_table(const std::vector<storage::EvidenceRow>& rows, Names names, const View& view);

// The same as a JSON array of objects: `size` a number of bytes, the full
// `sha256`, `added_at` in RFC 3339, `note` null when none.
std::string evidence_json(const std::vector<storage::EvidenceRow>& rows, const View& view);

// The "evidence" section of `show` in text: a blank line, the heading and
// one line per file; "" when there is none.
std::string evidence_text(const std::vector<storage::EvidenceRow>& rows, const View& view,
                          const TextStyle& style);

}  // namespace complaints::report
