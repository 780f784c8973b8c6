#pragma once

#include <complaints/domain/complaint.hpp>
#include <complaints/domain/event.hpp>

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace complaints::storage {

struct Connection;

// One problem `verify` found: the complaint (its number; empty when the
// problem is the database's), the event (seq 0 and no type when none) and
// what does not match.
struct Problem {
    std::string complaint;
    std::int64_t seq = 0;
    std::string type;
    std::string what;
};

// What `verify` checked (SPEC §12): complaints and events counted, the head
// (the hash of the last event) and every problem found, in the order found.
struct Verification {
    std::int64_t complaints = 0;
    std::int64_t events = 0;
    std::string head;
    std::vector<Problem> problems;
};

// Compares a complaint's stored fields with what its events imply (the
// replay of the domain); the problems it returns are added to the report.
using ReplayCheck = std::function<std::vector<Problem>(const domain::Complaint& stored,
                                                       const std::vector<domain::Event>& events)>;

// Proof of integrity and copies: `verify`'s checks and `backup`.
class Integrity {
public:
    explicit Integrity(Connection& connection) : m_connection(connection) {}

    // The four checks of `verify`: SQLite's integrity check; the hash chain,
    // event by event, with every personal value against its digest and every
    // evidence content against its SHA-256; each complaint against its events
    // (`replay`); and, with `head`, that the chain still holds that hash (a
    // truncation or rollback removes it).
    [[nodiscard]] Verification verify(const std::optional<std::string>& head,
                                      const ReplayCheck& replay) const;

    // Writes a consistent copy of the database to `file` with SQLite's online
    // backup API while others keep writing (one read snapshot). `file` must
    // not exist (exit 73); it is created with mode 0600.
    void backup(const std::string& file) const;

private:
    Connection& m_connection;
};

// The candidates and the work of `anonymize`.
class RetentionStore {
public:
    explicit RetentionStore(Connection& connection) : m_connection(connection) {}

    // Calls `each` with every final complaint not anonymised yet, oldest first.
    void each_final(const std::function<void(const domain::Complaint&)>& each) const;
    // The number of files of complaint `row_id` whose content would be
    // deleted (content no complaint that keeps its data still uses).
    [[nodiscard]] std::int64_t erasable_files(std::int64_t row_id) const;
    // Stores the anonymised complaint `c` with its `anonymize` event (inside
    // Database::write): masks or erases the personal values in the details of
    // its events (their digests and hashes stay) through `value_after`, and
    // deletes the content of its evidence files that no complaint that keeps
    // its data shares.
    void anonymize(const domain::Complaint& c, const domain::Event& event,
                   const std::function<std::optional<std::string>(
                       std::string_view field, std::string_view value)>& value_after) const;

private:
    Connection& m_connection;
};

}  // namespace complaints::storage
