#pragma once

#include <complaints/domain/time.hpp>

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace complaints::storage {

struct Connection;

// One file attached to a complaint (a row of `evidence`).
struct EvidenceRow {
    std::string name;
    std::int64_t size = 0;
    std::string media_type;
    std::string sha256;  // 64 lowercase hex digits
    std::string added_by;
    domain::Instant added_at{};
    std::optional<std::string> note;
};

// Fills `buffer` with the next bytes of a content being stored and returns
// how many it wrote: exactly `buffer.size()` until the content ends.
using ChunkSource = std::function<std::size_t(std::span<std::byte> buffer)>;
// Takes the next bytes of a content being read out.
using ChunkSink = std::function<void(std::span<const std::byte> bytes)>;

// Evidence files: their content stored once per distinct SHA-256
// (`evidence_content`), streamed in and out in chunks through SQLite's
// incremental blob I/O so that no file is ever held whole in memory, and one
// row per file attached (`evidence`). Hashing is the caller's: storage keeps
// and returns bytes.
class EvidenceStore {
public:
    explicit EvidenceStore(Connection& connection) : m_connection(connection) {}

    // True when content with this SHA-256 is stored.
    [[nodiscard]] bool has_content(std::string_view sha256) const;
    // Stores `size` bytes of content under `sha256`, asking `source` for them
    // in chunks of at most `chunk_bytes`. Call inside `Database::write`; an
    // exception from `source` rolls it back with everything else.
    void add_content(const std::string& sha256, std::int64_t size, const ChunkSource& source,
                     std::size_t chunk_bytes) const;
    // Records `file` as attached to the complaint `complaint_row` by the
    // event `event_seq`. Its content must be stored.
    void add(std::int64_t complaint_row, std::int64_t event_seq, const EvidenceRow& file) const;
    // The seq of the latest event of the complaint `complaint_row`: in the
    // transaction that stored an `attach` event, that event.
    [[nodiscard]] std::int64_t latest_event(std::int64_t complaint_row) const;
    // The files of the complaint `complaint_row`, in the order attached.
    [[nodiscard]] std::vector<EvidenceRow> of(std::int64_t complaint_row) const;
    // Gives the stored content of `sha256` to `sink` in chunks of at most
    // `chunk_bytes`, as stored (a content changed in the database comes out
    // changed: checking it is the caller's). No content, or a null one, gives
    // no bytes.
    void read_content(const std::string& sha256, const ChunkSink& sink,
                      std::size_t chunk_bytes) const;

private:
    Connection& m_connection;
};

}  // namespace complaints::storage
