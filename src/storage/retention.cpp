// `anonymize` (SPEC §12): erasing a final complaint's personal data while
// its statistics, deadlines and the hash chain stay as they were.
#include "chain.hpp"
#include "columns.hpp"
#include "connection.hpp"

#include <complaints/storage/complaints.hpp>
#include <complaints/storage/integrity.hpp>

namespace complaints::storage {

namespace {

// The content of complaint :row's evidence that no complaint keeping its
// data (not anonymised, other than :row) shares. SQLite's typeof() reads the
// type from the record header, where `IS NOT NULL` could load the value.
std::string erasable_content(const Connection& connection) {
    return fmt::format(
        R"sql(
    evidence_content.sha256 IN (SELECT sha256 FROM evidence WHERE complaint = :row)
    AND {}
    AND NOT EXISTS (SELECT 1 FROM evidence v JOIN complaint c ON c.row_id = v.complaint
                    WHERE v.sha256 = evidence_content.sha256 AND v.complaint != :row
                      AND c.anonymized_at IS NULL))sql",
        connection.session().engine() == sql::Engine::sqlite
            ? "typeof(evidence_content.content) != 'null'"
            : "evidence_content.content IS NOT NULL");
}

}  // namespace

void RetentionStore::each_final(const std::function<void(const domain::Complaint&)>& each) const {
    guarded(m_connection, [&] {
        const auto s = m_connection.session().prepare(
            fmt::format("SELECT {} FROM complaint WHERE status IN ('closed', "
                        "'rejected', 'withdrawn') AND anonymized_at IS NULL "
                        "ORDER BY received_at, row_id",
                        complaint_columns()));
        while (s->step()) each(read_complaint(*s));
    });
}

std::int64_t RetentionStore::erasable_files(std::int64_t row_id) const {
    return guarded(m_connection, [&] {
        const auto s = m_connection.session().prepare(
            fmt::format("SELECT count(*) FROM evidence WHERE complaint = :row AND sha256 IN "
                        "(SELECT sha256 FROM evidence_content WHERE {})",
                        erasable_content(m_connection)));
        s->bind(":row", static_cast<std::int64_t>(row_id));
        s->step();
        return s->column(0).int64();
    });
}

void RetentionStore::anonymize(
    const domain::Complaint& c, const domain::Event& event,
    const std::function<std::optional<std::string>(std::string_view, std::string_view)>&
        value_after) const {
    guarded(m_connection, [&] {
        auto& db = m_connection.session();
        m_connection.engine->erase_securely();
        chain::without_append_only_triggers(db, [&] {
            const auto events = db.prepare(
                "SELECT seq, type, details FROM event WHERE complaint = ? "
                "AND type IN ('register', 'contact', 'edit') ORDER BY seq");
            events->bind(1, static_cast<std::int64_t>(c.row_id));
            const auto update = db.prepare("UPDATE event SET details = ? WHERE seq = ?");
            while (events->step()) {
                const std::string masked = chain::mask_personal(
                    events->column(1).text(), events->column(2).text(), value_after);
                update->bind(1, masked);
                update->bind(2, events->column(0).int64());
                update->run();
                update->reset();
            }
        });
        const auto content = db.prepare(fmt::format(
            "UPDATE evidence_content SET content = NULL WHERE {}", erasable_content(m_connection)));
        content->bind(":row", static_cast<std::int64_t>(c.row_id));
        content->run();
        const domain::Event events[] = {event};
        ComplaintStore(m_connection).update(c, events);
    });
}

}  // namespace complaints::storage
