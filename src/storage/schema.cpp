#include "schema.hpp"

#include "chain.hpp"
#include "columns.hpp"
#include "connection.hpp"
#include "rules.hpp"

#include <complaints/domain/error.hpp>
#include <complaints/domain/translate.hpp>
#include <complaints/storage/database.hpp>

#include <SQLiteCpp/Transaction.h>

#include <fmt/format.h>

#include <sqlite3.h>

#include <chrono>
#include <thread>

namespace complaints::storage {

using domain::Milestone;

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

// Version 2: the effective time of each complaint's latest event (steps may
// not be recorded before it). Version 2 also created the views; they are now
// made by `create_views` after every migration.
constexpr const char* k_schema_v2 = R"sql(
ALTER TABLE complaint ADD COLUMN last_event_at TEXT;
UPDATE complaint SET last_event_at = (SELECT max(at) FROM event WHERE event.complaint = complaint.row_id);

CREATE INDEX complaint_resolved ON complaint (resolution_at) WHERE resolution_at IS NOT NULL;
CREATE INDEX complaint_closed ON complaint (closed_at) WHERE closed_at IS NOT NULL;

)sql";

// Version 3: the status is no longer checked by a CHECK constraint (which
// needs a table rebuild to extend) but by the program, which refuses to read
// a status it does not know (exit 74). SQLite cannot drop a constraint, so
// the table is rebuilt (https://sqlite.org/lang_altertable.html, "other kinds
// of table schema changes"), with foreign keys off during the migration.
constexpr const char* k_schema_v3 = R"sql(
CREATE TABLE complaint_v3 (
    row_id                 INTEGER PRIMARY KEY,
    id                     TEXT    NOT NULL UNIQUE,
    day                    TEXT    NOT NULL,
    code                   TEXT    NOT NULL,
    serial                 INTEGER NOT NULL,
    status                 TEXT    NOT NULL,
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
    last_event_at          TEXT,
    UNIQUE (day, code, serial)
);
-- Same columns in the same order (last_event_at was appended by version 2).
INSERT INTO complaint_v3 SELECT * FROM complaint;
DROP TABLE complaint;
ALTER TABLE complaint_v3 RENAME TO complaint;
CREATE UNIQUE INDEX complaint_ref ON complaint (ref) WHERE ref IS NOT NULL;
CREATE INDEX complaint_received ON complaint (received_at);
CREATE INDEX complaint_assign_open ON complaint (assign_due) WHERE assign_met_at IS NULL;
CREATE INDEX complaint_investigate_open ON complaint (investigate_due) WHERE investigate_met_at IS NULL;
CREATE INDEX complaint_resolve_open ON complaint (resolve_due) WHERE resolve_met_at IS NULL;
CREATE INDEX complaint_revisit_open ON complaint (revisit_due) WHERE revisit_met_at IS NULL;
CREATE INDEX complaint_resolved ON complaint (resolution_at) WHERE resolution_at IS NOT NULL;
CREATE INDEX complaint_closed ON complaint (closed_at) WHERE closed_at IS NOT NULL;
)sql";

// Each entry takes the schema from version i to i + 1.

// Version 4 (SPEC §10): the acknowledge and hold milestones; when each
// milestone's clock started and the limit that set its deadline (a hold moves
// it in that limit's unit; an edit recomputes it from the start); site, cause,
// holds, rejection, duplicates and the total paid. Clock starts and causes are
// recovered from the event log; complaints stored before get no acknowledge
// deadline.
constexpr const char* k_schema_v4 = R"sql(
ALTER TABLE complaint ADD COLUMN site TEXT;
ALTER TABLE complaint ADD COLUMN cause TEXT;
ALTER TABLE complaint ADD COLUMN substantiated INTEGER;
ALTER TABLE complaint ADD COLUMN held_from TEXT;
ALTER TABLE complaint ADD COLUMN hold_reason TEXT;
ALTER TABLE complaint ADD COLUMN held_seconds INTEGER NOT NULL DEFAULT 0;
ALTER TABLE complaint ADD COLUMN holds TEXT;
ALTER TABLE complaint ADD COLUMN rejection_reason TEXT;
ALTER TABLE complaint ADD COLUMN rejection_of TEXT;
ALTER TABLE complaint ADD COLUMN possible_duplicate_of TEXT;
ALTER TABLE complaint ADD COLUMN total_amount INTEGER;
ALTER TABLE complaint ADD COLUMN acknowledge_due TEXT;
ALTER TABLE complaint ADD COLUMN acknowledge_met_at TEXT;
ALTER TABLE complaint ADD COLUMN hold_due TEXT;
ALTER TABLE complaint ADD COLUMN hold_met_at TEXT;
ALTER TABLE complaint ADD COLUMN acknowledge_started_at TEXT;
ALTER TABLE complaint ADD COLUMN acknowledge_limit TEXT;
ALTER TABLE complaint ADD COLUMN assign_started_at TEXT;
ALTER TABLE complaint ADD COLUMN assign_limit TEXT;
ALTER TABLE complaint ADD COLUMN investigate_started_at TEXT;
ALTER TABLE complaint ADD COLUMN investigate_limit TEXT;
ALTER TABLE complaint ADD COLUMN resolve_started_at TEXT;
ALTER TABLE complaint ADD COLUMN resolve_limit TEXT;
ALTER TABLE complaint ADD COLUMN revisit_started_at TEXT;
ALTER TABLE complaint ADD COLUMN revisit_limit TEXT;
ALTER TABLE complaint ADD COLUMN hold_started_at TEXT;
ALTER TABLE complaint ADD COLUMN hold_limit TEXT;

UPDATE complaint SET
    assign_started_at = received_at,
    investigate_started_at = assign_met_at,
    resolve_started_at = coalesce(
        (SELECT max(e.at) FROM event e WHERE e.complaint = complaint.row_id
            AND e.type = 'revisit' AND json_extract(e.details, '$.reopened') = 1),
        received_at),
    revisit_started_at = CASE WHEN revisit_due IS NULL THEN NULL ELSE resolution_at END,
    cause = (SELECT json_extract(e.details, '$.cause') FROM event e
             WHERE e.complaint = complaint.row_id AND e.type = 'investigate'
               AND json_extract(e.details, '$.cause') IS NOT NULL
             ORDER BY e.seq DESC LIMIT 1),
    substantiated = (SELECT json_extract(e.details, '$.substantiated') FROM event e
             WHERE e.complaint = complaint.row_id AND e.type = 'investigate'
               AND json_extract(e.details, '$.substantiated') IS NOT NULL
             ORDER BY e.seq DESC LIMIT 1),
    total_amount = (SELECT sum(CAST(round(CAST(json_extract(e.details, '$.amount') AS REAL) * 100)
                                    AS INTEGER))
             FROM event e WHERE e.complaint = complaint.row_id AND e.type = 'resolve');

CREATE INDEX complaint_acknowledge_open ON complaint (acknowledge_due) WHERE acknowledge_met_at IS NULL;
CREATE INDEX complaint_hold_open ON complaint (hold_due) WHERE hold_met_at IS NULL;
CREATE INDEX complaint_duplicate_candidates ON complaint (category, received_at);
)sql";

// Version 5 (SPEC §11): the proposed resolution waiting for approval (the
// same columns as the resolution, prefixed `proposal_`), who approved the
// current resolution and when, and evidence files: their content stored once
// per distinct SHA-256 (`evidence_content`, a rowid table so that content is
// streamed in and out through SQLite's incremental blob I/O) and one row per
// file attached (`evidence`), pointing at the `attach` event that added it.
constexpr const char* k_schema_v5 = R"sql(
ALTER TABLE complaint ADD COLUMN proposal_plan TEXT;
ALTER TABLE complaint ADD COLUMN proposal_outcome TEXT;
ALTER TABLE complaint ADD COLUMN proposal_amount INTEGER;
ALTER TABLE complaint ADD COLUMN proposal_currency TEXT;
ALTER TABLE complaint ADD COLUMN proposal_responsible TEXT;
ALTER TABLE complaint ADD COLUMN proposal_at TEXT;
ALTER TABLE complaint ADD COLUMN proposal_by TEXT;
ALTER TABLE complaint ADD COLUMN approved_by TEXT;
ALTER TABLE complaint ADD COLUMN approved_at TEXT;
CREATE INDEX complaint_awaiting_approval ON complaint (department)
    WHERE status = 'awaiting_approval';

CREATE TABLE evidence_content (
    id      INTEGER PRIMARY KEY,
    sha256  TEXT    NOT NULL UNIQUE,
    size    INTEGER NOT NULL,
    content BLOB
);

CREATE TABLE evidence (
    id         INTEGER PRIMARY KEY,
    complaint  INTEGER NOT NULL REFERENCES complaint (row_id),
    event      INTEGER NOT NULL REFERENCES event (seq),
    name       TEXT    NOT NULL,
    size       INTEGER NOT NULL,
    media_type TEXT    NOT NULL,
    sha256     TEXT    NOT NULL REFERENCES evidence_content (sha256),
    added_by   TEXT    NOT NULL,
    added_at   TEXT    NOT NULL,
    note       TEXT
);
CREATE INDEX evidence_complaint ON evidence (complaint, id);
CREATE INDEX evidence_sha256 ON evidence (sha256);
)sql";

// Version 6 (SPEC §12): the hash chain over events (`hash`, hex SHA-256 of
// the previous event's hash and this event's fields) with the digests of the
// personal values each event holds (`digests`, a JSON object from the path of
// the value in `details` to its SHA-256), so that anonymisation can erase the
// values and the chain still holds; when each complaint was anonymised; and
// the claims of `remind` (one row per reminder being handed to the mail
// command, so that two overlapping runs never send the same one). Existing
// events are chained by `chain_events` after this step.
constexpr const char* k_schema_v6 = R"sql(
ALTER TABLE event ADD COLUMN hash TEXT;
ALTER TABLE event ADD COLUMN digests TEXT;
ALTER TABLE complaint ADD COLUMN anonymized_at TEXT;

CREATE TABLE reminder_claim (
    complaint  INTEGER NOT NULL REFERENCES complaint (row_id),
    milestone  TEXT    NOT NULL,
    due        TEXT    NOT NULL,
    approval   INTEGER NOT NULL DEFAULT 0,
    claimed_at TEXT    NOT NULL,
    claimed_by TEXT    NOT NULL,
    PRIMARY KEY (complaint, milestone, due, approval)
);
)sql";

// Version 7 (SPEC §13, "Scale"): `report trend` counts from indexes that
// cover what it reads, without reading the complaint table. The resolved and
// resolved-on-time counts read the resolution time, the status, whether and
// when the resolve milestone was met and its deadline; the closed count the
// closing time; both, with `--category`, the category. The two partial
// indexes of version 2 become covering ones of the same names and conditions.
constexpr const char* k_schema_v7 = R"sql(
DROP INDEX complaint_resolved;
CREATE INDEX complaint_resolved ON complaint (resolution_at, status, resolve_met_at, resolve_due, category)
    WHERE resolution_at IS NOT NULL;
DROP INDEX complaint_closed;
CREATE INDEX complaint_closed ON complaint (closed_at, category) WHERE closed_at IS NOT NULL;
)sql";

// Version 8 (SPEC §13, "Scale": no search grows with the database when its
// answer does not).
// - `contact_key` and `order_key`: the complaint's normalised contact and
//   order (domain::normalise_contact, _order), indexed with the category and
//   the time received, so that the duplicate search of `register` and of a
//   CSV `import` reads the complaints of the same customer only (it read every
//   open complaint of the category in the window). Filled for the complaints
//   stored before by `fill_duplicate_keys`; anonymising recomputes them from
//   the masked values, like every column.
// - The partial indexes `complaint_M_open` keep the complaints whose
//   milestone M counts now (`open_milestone_indexes_sql`): rejected and
//   withdrawn complaints, whose milestones are never met, stayed in them for
//   good, and `report overdue` and `list --overdue` read them all.
constexpr const char* k_schema_v8 = R"sql(
ALTER TABLE complaint ADD COLUMN contact_key TEXT;
ALTER TABLE complaint ADD COLUMN order_key TEXT;
CREATE INDEX complaint_contact_key ON complaint (contact_key, category, received_at)
    WHERE contact_key IS NOT NULL;
CREATE INDEX complaint_order_key ON complaint (order_key, category, received_at)
    WHERE order_key IS NOT NULL;
)sql";

constexpr const char* k_migrations[] = {k_schema_v1, k_schema_v2, k_schema_v3, k_schema_v4,
                                        k_schema_v5, k_schema_v6, k_schema_v7, k_schema_v8};

// The duplicate keys of the complaints stored before version 8.
void fill_duplicate_keys(sql::Session& db) {
    const auto s = db.prepare(
        "SELECT row_id, customer_contact, customer_order FROM complaint "
        "WHERE customer_contact IS NOT NULL OR customer_order IS NOT NULL");
    const auto update =
        db.prepare("UPDATE complaint SET contact_key = ?, order_key = ? WHERE row_id = ?");
    while (s->step()) {
        domain::Complaint c;
        c.customer.contact = text_or_null(s->column(1));
        c.customer.order = text_or_null(s->column(2));
        bind_optional(*update, 1, contact_key(c));
        bind_optional(*update, 2, order_key(c));
        update->bind(3, s->column(0).int64());
        update->run();
        update->reset();
    }
}

static_assert(std::size(k_migrations) == k_schema_version);

constexpr const char* k_view_names[] = {"complaint_facts", "milestone_facts", "event_log",
                                        "evidence_facts"};

}  // namespace

// The indexes of the deadlines not met whose clock runs: the same condition
// as `overdue_sql` (rules.cpp), term for term, which SQLite needs to use a
// partial index. Generated from the rules, so they cannot drift apart.
std::string open_milestone_indexes_sql() {
    std::string sql;
    for (const Milestone m : domain::k_milestones) {
        const auto name = domain::to_string(m);
        sql += fmt::format(
            "DROP INDEX IF EXISTS complaint_{0}_open;\n"
            "CREATE INDEX complaint_{0}_open ON complaint ({0}_due) WHERE {0}_met_at IS NULL "
            "AND {1};\n",
            name, counts_sql(m));
    }
    return sql;
}

// The read-only views for ad-hoc questions (docs/schema.md), generated from
// the rules of domain (rules.cpp). Times stay UTC text; amounts become
// decimal text.
std::string views_sql(std::string_view now, ViewScope scope, sql::Engine engine) {
    // Amounts in minor units as decimal text: 12850 is '128.50'.
    const auto amount = [engine](std::string_view column) {
        if (engine == sql::Engine::postgresql)
            return fmt::format("({0} / 100)::text || '.' || lpad(({0} % 100)::text, 2, '0')",
                               column);
        return fmt::format("printf('%d.%02d', {0} / 100, {0} % 100)", column);
    };
    std::string facts;
    for (const Milestone m : domain::k_milestones) {
        const auto name = domain::to_string(m);
        facts +=
            fmt::format(",\n       {0}_due, {0}_met_at, {1} AS {0}_on_time", name, on_time_sql(m));
    }
    std::string milestones;
    int order = 1;
    for (const Milestone m : domain::k_milestones) {
        if (!milestones.empty()) milestones += "\n      UNION ALL\n";
        milestones += fmt::format(
            "      SELECT id, '{0}' AS milestone, {0}_due AS due, {0}_met_at AS met_at, {1} AS "
            "state, {2} AS o FROM complaint",
            domain::to_string(m), state_sql(m, now), order++);
    }
    std::string sql = fmt::format(R"sql(
CREATE VIEW complaint_facts AS
SELECT id, status, kind, channel, category, severity,
       customer_name, customer_contact, customer_organization, customer_order,
       summary, description, demand, ref, received_at, registered_by,
       assignee, department, reopen_count,
       resolution_plan, resolution_outcome,
       CASE WHEN resolution_amount IS NULL THEN NULL
            ELSE {resolution_amount} END
           AS resolution_amount,
       resolution_currency, resolution_responsible, resolution_at, resolution_by,
       closed_at, last_revisit_result, last_revisit_score,
       site, cause, substantiated, rejection_reason, rejection_of, possible_duplicate_of,
       hold_reason, held_seconds / 60 AS held_minutes,
       CASE WHEN total_amount IS NULL THEN NULL
            ELSE {total_amount} END
           AS total_amount,
       approved_by, approved_at{facts}
FROM complaint;

CREATE VIEW milestone_facts AS
SELECT id, milestone, due, met_at, state
FROM (
{milestones}
) AS milestones;

CREATE VIEW event_log AS
SELECT c.id AS id, e.seq AS seq, e.type AS type, e.at AS at, e.recorded_at AS recorded_at,
       e.actor AS actor, e.details AS details
FROM event e JOIN complaint c ON c.row_id = e.complaint;

CREATE VIEW evidence_facts AS
SELECT c.id AS id, v.name AS name, v.size AS size, v.media_type AS media_type,
       v.sha256 AS sha256, v.added_by AS added_by, v.added_at AS added_at
FROM evidence v JOIN complaint c ON c.row_id = v.complaint;
)sql",
                                  fmt::arg("resolution_amount", amount("resolution_amount")),
                                  fmt::arg("total_amount", amount("total_amount")),
                                  fmt::arg("facts", facts), fmt::arg("milestones", milestones));
    if (scope == ViewScope::temporary)
        for (auto at = sql.find("CREATE VIEW "); at != std::string::npos;
             at = sql.find("CREATE VIEW ", at))
            sql.replace(at, 12, "CREATE TEMP VIEW ");
    return sql;
}

namespace {

// Views go before the steps (a table rebuild cannot leave a view pointing at
// a table that is gone) and come back, as this build makes them, after.
void drop_views(SQLite::Database& db) {
    for (const char* view : k_view_names) db.exec(fmt::format("DROP VIEW IF EXISTS {}", view));
}

int user_version(SQLite::Database& db) {
    return db.execAndGet("PRAGMA user_version").getInt();
}

// Puts a new database in WAL mode (it stays so). When several processes create
// the database at once, the switch can meet SQLITE_BUSY without the busy
// handler being called: retry it for as long as the busy timeout allows.
void use_wal(SQLite::Database& db, std::chrono::milliseconds busy_timeout) {
    const auto deadline = std::chrono::steady_clock::now() + busy_timeout;
    while (true) {
        try {
            if (db.execAndGet("PRAGMA journal_mode").getString() != "wal")
                db.exec("PRAGMA journal_mode = WAL");
            return;
        } catch (const SQLite::Exception& e) {
            const bool busy = e.getErrorCode() == SQLITE_BUSY || e.getErrorCode() == SQLITE_LOCKED;
            if (!busy || std::chrono::steady_clock::now() > deadline) throw;
            std::this_thread::sleep_for(std::chrono::milliseconds(5));
        }
    }
}

}  // namespace

void migrate(SqliteEngine& connection) {
    SQLite::Database& db = connection.db;
    int version = user_version(db);
    if (version == k_schema_version) return;
    if (version > k_schema_version)
        throw Error(ExitCode::io,
                    trf("the database '{}' has schema version {}, newer than this "
                        "complaints understands ({})",
                        db.getFilename(), version, k_schema_version),
                    {tr("use a newer version of complaints")});
    use_wal(db, connection.busy_timeout);
    // A table rebuild must not check or cascade foreign keys midway; the
    // setting cannot change inside a transaction, so it is off around it and
    // checked before the commit.
    db.exec("PRAGMA foreign_keys = OFF");
    SQLite::Transaction transaction(db, SQLite::TransactionBehavior::IMMEDIATE);
    version = user_version(db);  // another process may have migrated meanwhile
    if (version >= k_schema_version) return;
    drop_views(db);
    for (; version < k_schema_version; ++version) {
        db.exec(k_migrations[version]);
        // existing events join the chain
        if (version + 1 == 6) chain::chain_all(connection.session());
        if (version + 1 == 8) {
            db.exec(open_milestone_indexes_sql());
            fill_duplicate_keys(connection.session());
        }
    }
    db.exec(views_sql());
    SQLite::Statement check(db, "PRAGMA foreign_key_check");
    if (check.executeStep())
        throw Error(
            ExitCode::io,
            trf("the database '{}' has events of complaints that do not exist", db.getFilename()),
            {tr("restore the database from a backup")});
    db.exec(fmt::format("PRAGMA user_version = {}", k_schema_version));
    transaction.commit();
}

}  // namespace complaints::storage
