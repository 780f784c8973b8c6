#include "schema.hpp"

#include <complaints/domain/error.hpp>
#include <complaints/storage/database.hpp>

#include <SQLiteCpp/Transaction.h>

#include <fmt/format.h>

namespace complaints::storage {

namespace {

// Version 1: complaints with their milestones as columns, and the append-only
// event log. Times are UTC text `YYYY-MM-DDTHH:MM:SSZ`, which sorts in time
// order. See docs/schema.md.
constexpr const char* k_schema_v1 = R"sql(
CREATE TABLE complaint (
    row_id                 INTEGER PRIMARY KEY,
    id                     TEXT    NOT NULL UNIQUE,
    day                    TEXT    NOT NULL,
    code                   TEXT    NOT NULL,
    serial                 INTEGER NOT NULL,
    status                 TEXT    NOT NULL CHECK (status IN
                               ('registered', 'assigned', 'investigating', 'resolved', 'closed')),
    kind                   TEXT    NOT NULL,
    channel                TEXT    NOT NULL,
    category               TEXT    NOT NULL,
    severity               TEXT    NOT NULL,
    customer_name          TEXT    NOT NULL,
    customer_contact       TEXT,
    customer_organization  TEXT,
    customer_order         TEXT,
    summary                TEXT    NOT NULL,
    description            TEXT,
    demand                 TEXT,
    ref                    TEXT,
    received_at            TEXT    NOT NULL,
    registered_by          TEXT    NOT NULL,
    assignee               TEXT,
    department             TEXT,
    reopen_count           INTEGER NOT NULL DEFAULT 0,
    unreachable_count      INTEGER NOT NULL DEFAULT 0,
    resolution_plan        TEXT,
    resolution_outcome     TEXT,
    resolution_amount      INTEGER,
    resolution_currency    TEXT,
    resolution_responsible TEXT,
    resolution_at          TEXT,
    resolution_by          TEXT,
    closed_at              TEXT,
    last_revisit_result    TEXT,
    last_revisit_score     INTEGER,
    assign_due             TEXT,
    assign_met_at          TEXT,
    investigate_due        TEXT,
    investigate_met_at     TEXT,
    resolve_due            TEXT,
    resolve_met_at         TEXT,
    revisit_due            TEXT,
    revisit_met_at         TEXT,
    UNIQUE (day, code, serial)
);
CREATE UNIQUE INDEX complaint_ref ON complaint (ref) WHERE ref IS NOT NULL;
CREATE INDEX complaint_received ON complaint (received_at);
CREATE INDEX complaint_assign_open ON complaint (assign_due) WHERE assign_met_at IS NULL;
CREATE INDEX complaint_investigate_open ON complaint (investigate_due) WHERE investigate_met_at IS NULL;
CREATE INDEX complaint_resolve_open ON complaint (resolve_due) WHERE resolve_met_at IS NULL;
CREATE INDEX complaint_revisit_open ON complaint (revisit_due) WHERE revisit_met_at IS NULL;

CREATE TABLE event (
    seq         INTEGER PRIMARY KEY,
    complaint   INTEGER NOT NULL REFERENCES complaint (row_id),
    type        TEXT    NOT NULL,
    at          TEXT    NOT NULL,
    recorded_at TEXT    NOT NULL,
    actor       TEXT    NOT NULL,
    details     TEXT    NOT NULL CHECK (json_valid(details))
);
CREATE INDEX event_complaint ON event (complaint, seq);
CREATE TRIGGER event_no_update BEFORE UPDATE ON event
    BEGIN SELECT RAISE(ABORT, 'events are append-only'); END;
CREATE TRIGGER event_no_delete BEFORE DELETE ON event
    BEGIN SELECT RAISE(ABORT, 'events are append-only'); END;
)sql";

// Each entry takes the schema from version i to i + 1.
constexpr const char* k_migrations[] = {k_schema_v1};
static_assert(std::size(k_migrations) == k_schema_version);

int user_version(SQLite::Database& db) { return db.execAndGet("PRAGMA user_version").getInt(); }

}  // namespace

void migrate(SQLite::Database& db) {
    int version = user_version(db);
    if (version == k_schema_version) return;
    if (version > k_schema_version)
        throw Error(ExitCode::io,
                    fmt::format("the database '{}' has schema version {}, newer than this "
                                "complaints understands ({})",
                                db.getFilename(), version, k_schema_version),
                    {"use a newer version of complaints"});
    SQLite::Transaction transaction(db, SQLite::TransactionBehavior::IMMEDIATE);
    version = user_version(db);  // another process may have migrated meanwhile
    if (version >= k_schema_version) return;
    for (; version < k_schema_version; ++version) db.exec(k_migrations[version]);
    db.exec(fmt::format("PRAGMA user_version = {}", k_schema_version));
    transaction.commit();
}

}  // namespace complaints::storage
