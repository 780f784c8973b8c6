// `verify` and `backup` (SPEC §12): the proof that the database is what the
// tool wrote, and consistent copies of it.
#include "chain.hpp"
#include "columns.hpp"
#include "connection.hpp"
#include "events_io.hpp"

#include <complaints/files/sha256.hpp>
#include <complaints/storage/evidence.hpp>
#include <complaints/storage/integrity.hpp>

#include <unordered_set>

namespace complaints::storage {

namespace {

void check_chain(Verification& v, sql::Session& db, const std::optional<std::string>& head,
                 bool& head_found) {
    std::unordered_set<std::int64_t> anonymized;
    const auto erased = db.prepare("SELECT DISTINCT complaint FROM event WHERE type = 'anonymize'");
    while (erased->step()) anonymized.insert(erased->column(0).int64());

    const auto s = db.prepare(chain::k_events_in_order);
    std::string previous(chain::k_genesis);
    std::int64_t expected = 1;
    while (s->step()) {
        const chain::StoredEvent e = chain::read_event(*s);
        const auto stored = text_or_null(s->column(8));
        const std::int64_t row = s->column(9).int64();
        ++v.events;
        const auto problem = [&](std::string what) {
            v.problems.push_back({e.complaint, e.seq, e.type, std::move(what)});
        };
        if (e.seq != expected)
            problem(e.seq - expected == 1
                        ? trf("event {} before it is missing", expected)
                        : trf("events {} to {} before it are missing", expected, e.seq - 1));
        expected = e.seq + 1;
        for (const auto& pointer : chain::personal_mismatches(e, anonymized.count(row) > 0))
            problem(trf("the personal value at {} does not match its digest", pointer));
        const std::string computed = chain::hash(previous, e);
        if (!stored)
            problem(tr("has no hash: it was added outside the tool"));
        else if (*stored != computed)
            problem(
                tr("hash does not match: the event was changed, or an event before it was "
                   "changed, removed or reordered"));
        previous = stored.value_or(computed);
        if (head && previous == *head) head_found = true;
    }
    v.head = previous;
}

void check_evidence(Verification& v, Connection& connection) {
    // SQLite's typeof() reads the type from the record header; `IS NOT NULL`
    // would load the whole value into memory there (not on PostgreSQL).
    const bool sqlite = connection.session().engine() == sql::Engine::sqlite;
    const auto s = connection.prepare(
        fmt::format("SELECT x.sha256, (SELECT c.id FROM evidence f JOIN complaint c ON "
                    "c.row_id = f.complaint WHERE f.sha256 = x.sha256 ORDER BY f.id LIMIT 1), "
                    "(SELECT f.event FROM evidence f WHERE f.sha256 = x.sha256 ORDER BY f.id "
                    "LIMIT 1) FROM evidence_content x WHERE {} ORDER BY x.id",
                    sqlite ? "typeof(x.content) != 'null'" : "x.content IS NOT NULL"));
    const EvidenceStore store(connection);
    while (s->step()) {
        const std::string sha256 = s->column(0).text();
        files::Sha256 digest;
        store.read_content(
            sha256, [&](std::span<const std::byte> bytes) { digest.update(bytes); }, 1 << 16);
        if (digest.hex() != sha256)
            v.problems.push_back({s->column(1).is_null() ? "" : s->column(1).text(),
                                  s->column(2).is_null() ? 0 : s->column(2).int64(),
                                  s->column(2).is_null() ? "" : "attach",
                                  trf("the content of evidence {} does not match its SHA-256",
                                      sha256.substr(0, 12))});
    }
}

// Each complaint against its events, both read in row order (one pass each).
void check_replay(Verification& v, sql::Session& db, const ReplayCheck& replay) {
    const auto complaints =
        db.prepare(fmt::format("SELECT {} FROM complaint ORDER BY row_id", complaint_columns()));
    const auto events = db.prepare(
        fmt::format("SELECT {}, complaint FROM event ORDER BY complaint, seq", k_event_columns));
    bool more = events->step();
    while (complaints->step()) {
        ++v.complaints;
        std::optional<domain::Complaint> stored;
        try {
            stored = read_complaint(*complaints);
        } catch (const Error& e) {
            v.problems.push_back({complaints->column(1).text(), 0, "", e.what()});
        }
        const std::int64_t row = complaints->column(0).int64();
        while (more && events->column(6).int64() < row) more = events->step();
        std::vector<domain::Event> log;
        bool readable = true;
        while (more && events->column(6).int64() == row) {
            try {
                log.push_back(read_event(*events));
            } catch (const Error& e) {
                readable = false;
                v.problems.push_back({complaints->column(1).text(), events->column(0).int64(),
                                      events->column(1).text(), e.what()});
            }
            more = events->step();
        }
        if (!stored || !readable) continue;
        if (log.empty() || log.front().type() != domain::EventType::registration) {
            v.problems.push_back({stored->id, 0, "", tr("has no register event")});
            continue;
        }
        if (replay)
            for (auto& p : replay(*stored, log)) v.problems.push_back(std::move(p));
    }
}

}  // namespace

Verification Integrity::verify(const std::optional<std::string>& head,
                               const ReplayCheck& replay) const {
    return guarded(m_connection, [&] {
        auto& db = m_connection.session();
        Verification v;
        bool head_found = false;
        // One read snapshot for every check.
        m_connection.engine->read_snapshot([&] {
            m_connection.engine->check(v.problems);
            check_chain(v, db, head, head_found);
            check_evidence(v, m_connection);
            check_replay(v, db, replay);
        });
        if (head && !head_found)
            v.problems.push_back(
                {"", 0, "",
                 trf("the head {} is not in the chain: events recorded up to it were "
                     "removed (the database was truncated or rolled back to an older copy)",
                     *head)});
        return v;
    });
}

void Integrity::backup(const std::string& file) const {
    guarded(m_connection, [&] { m_connection.engine->backup(file); });
}

}  // namespace complaints::storage
