#include "columns.hpp"
#include "connection.hpp"
#include "events_io.hpp"
#include "rules.hpp"

#include <complaints/domain/lifecycle.hpp>
#include <complaints/storage/complaints.hpp>
#include <complaints/storage/evidence.hpp>

#include <algorithm>
#include <cctype>

namespace complaints::storage {

using domain::Complaint;
using domain::Event;

namespace {

std::string upper(std::string_view text) {
    std::string out(text);
    std::transform(out.begin(), out.end(), out.begin(),
                   [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
    return out;
}

}  // namespace

std::optional<Complaint> ComplaintStore::find(std::string_view id) const {
    return guarded(m_connection, [&]() -> std::optional<Complaint> {
        static const std::string sql =
            fmt::format("SELECT {} FROM complaint WHERE id = ?", complaint_columns());
        auto s = m_connection.cached(sql);
        s->bind(1, upper(id));
        if (!s->step()) return std::nullopt;
        return read_complaint(*s);
    });
}

std::optional<std::string> ComplaintStore::find_ref(std::string_view ref) const {
    return guarded(m_connection, [&]() -> std::optional<std::string> {
        auto s = m_connection.cached("SELECT id FROM complaint WHERE ref = ?");
        s->bind(1, std::string(ref));
        if (!s->step()) return std::nullopt;
        return s->column(0).text();
    });
}

void ComplaintStore::insert(Complaint& c, const std::string& prefix, const Event& event) const {
    guarded(m_connection, [&] {
        const auto dash = prefix.find('-');
        const std::string day = prefix.substr(0, dash);
        const std::string code = prefix.substr(dash + 1);
        long long serial = 0;
        {
            auto next = m_connection.cached(
                "SELECT coalesce(max(serial), 0) + 1 FROM complaint WHERE day = ? AND code = ?");
            next->bind(1, day);
            next->bind(2, code);
            next->step();
            serial = next->column(0).int64();
        }
        c.id = domain::format_number(prefix, serial);
        auto s = m_connection.cached(insert_complaint_sql());
        s->bind(1, c.id);  // :id, :day, :code, :serial
        s->bind(2, day);
        s->bind(3, code);
        s->bind(4, static_cast<std::int64_t>(serial));
        bind_complaint(*s, c, k_insert_first_field);
        s->step();
        c.row_id = s->column(0).int64();
        s->reset();
        insert_event(m_connection, c.row_id, c.id, event);
    });
}

void ComplaintStore::update(const Complaint& c, std::span<const Event> events) const {
    guarded(m_connection, [&] {
        {
            auto s = m_connection.cached(update_complaint_sql());
            s->bind(":row_id", static_cast<std::int64_t>(c.row_id));
            bind_complaint(*s, c, 1);
            s->run();
        }
        for (const Event& event : events) insert_event(m_connection, c.row_id, c.id, event);
    });
}

void ComplaintStore::insert_imported(Complaint& c, std::span<const Event> events) const {
    guarded(m_connection, [&] {
        if (c.ref) {
            if (const auto holder = find_ref(*c.ref))
                throw Error(ExitCode::data,
                            trf("its ref '{}' is already complaint {}'s", *c.ref, *holder));
        }
        // YYYYMMDD-CODE-NNN (checked by domain::parse_export_line).
        const auto first = c.id.find('-');
        const auto last = c.id.rfind('-');
        {
            auto s = m_connection.cached(insert_complaint_sql());
            s->bind(1, c.id);  // :id, :day, :code, :serial
            s->bind(2, c.id.substr(0, first));
            s->bind(3, c.id.substr(first + 1, last - first - 1));
            s->bind(4, static_cast<std::int64_t>(std::stoll(c.id.substr(last + 1))));
            bind_complaint(*s, c, k_insert_first_field);
            s->step();
            c.row_id = s->column(0).int64();
        }
        for (const Event& event : events) {
            const std::int64_t seq = insert_event(m_connection, c.row_id, c.id, event);
            const auto* attach = event.as<domain::AttachDetails>();
            if (!attach) continue;
            for (const auto& file : attach->files) {
                {
                    auto content = m_connection.cached(
                        "INSERT INTO evidence_content (sha256, size) VALUES (?, ?) "
                        "ON CONFLICT (sha256) DO NOTHING");
                    content->bind(1, file.sha256);
                    content->bind(2, file.size);
                    content->run();
                }
                EvidenceStore(m_connection)
                    .add(c.row_id, seq,
                         {file.name, file.size, file.media_type, file.sha256, event.actor, event.at,
                          attach->note});
            }
        }
    });
}

std::vector<Complaint> ComplaintStore::list(const ListQuery& q) const {
    std::vector<Complaint> out;
    each(q, [&](const Complaint& c) { out.push_back(c); });
    return out;
}

namespace {

// The SELECT of `columns` for the complaints `q` selects, oldest first.
std::string select_sql(const ListQuery& q, std::string_view columns) {
    std::string where = "TRUE";
    if (!q.statuses.empty()) where += " AND " + status_in_sql(q.statuses);
    if (q.open_only) where += " AND " + open_sql();
    if (q.overdue_at) where += " AND " + overdue_rows_sql(":now");
    if (q.category) where += " AND category = :category";
    if (q.severity) where += " AND severity = :severity";
    if (q.assignee) where += " AND assignee = :assignee";
    if (q.department) where += " AND department = :department";
    if (q.site) where += " AND site = :site";
    if (q.duplicates_only) where += " AND possible_duplicate_of IS NOT NULL";
    if (q.from) where += " AND received_at >= :from";
    if (q.to) where += " AND received_at < :to";
    std::string sql = fmt::format("SELECT {} FROM complaint WHERE {} ORDER BY received_at, row_id",
                                  columns, where);
    if (q.limit) sql += fmt::format(" LIMIT {}", *q.limit);
    return sql;
}

void bind_list_query(sql::Statement& s, const ListQuery& q) {
    if (q.overdue_at) s.bind(":now", domain::format_utc(*q.overdue_at));
    if (q.category) s.bind(":category", *q.category);
    if (q.severity) s.bind(":severity", *q.severity);
    if (q.assignee) s.bind(":assignee", *q.assignee);
    if (q.department) s.bind(":department", *q.department);
    if (q.site) s.bind(":site", *q.site);
    if (q.from) s.bind(":from", domain::format_utc(*q.from));
    if (q.to) s.bind(":to", domain::format_utc(*q.to));
}

}  // namespace

std::string ComplaintStore::list_sql(const ListQuery& q) {
    return select_sql(q, complaint_columns());
}

void ComplaintStore::each(const ListQuery& q,
                          const std::function<void(const Complaint&)>& visit) const {
    guarded(m_connection, [&] {
        const auto s = m_connection.session().prepare(list_sql(q));
        bind_list_query(*s, q);
        while (s->step()) visit(read_complaint(*s));
    });
}

void ComplaintStore::each_row(const ListQuery& q,
                              const std::function<void(const ListRow&)>& visit) const {
    guarded(m_connection, [&] {
        static const std::string columns =
            fmt::format("id, received_at, status, category, severity, assignee, {}, summary",
                        next_deadline_sql());
        const auto s = m_connection.session().prepare(select_sql(q, columns));
        bind_list_query(*s, q);
        ListRow row;
        while (s->step()) {
            row.id = s->column(0).text();
            row.received_at = instant(s->column(1));
            row.status = stored_name<domain::Status>(s->column(2), N_("status"));
            row.category = s->column(3).text();
            row.severity = s->column(4).text();
            row.assignee = text_or_null(s->column(5));
            row.next_deadline = instant_or_null(s->column(6));
            row.summary = s->column(7).text();
            visit(row);
        }
    });
}

const std::string& ComplaintStore::duplicate_candidates_sql() {
    // A UNION, one search of each key's index: with an OR of the keys SQLite
    // takes complaint_duplicate_candidates (category and time) instead, and
    // reads every complaint of the category in the window.
    static const std::string sql = [] {
        const auto part = [](std::string_view key) {
            return fmt::format(
                "SELECT id, status, received_at, customer_contact, customer_order, row_id "
                "FROM complaint WHERE {0}_key = :{0} AND category = :category "
                "AND received_at >= :from AND received_at <= :to AND {1}",
                key, open_sql());
        };
        return fmt::format("{} UNION {} ORDER BY received_at, row_id", part("contact"),
                           part("order"));
    }();
    return sql;
}

std::vector<Complaint> ComplaintStore::duplicate_candidates(const Complaint& complaint,
                                                            domain::Instant from,
                                                            domain::Instant to) const {
    const auto contact = contact_key(complaint);
    const auto order = order_key(complaint);
    if (!contact && !order) return {};
    return guarded(m_connection, [&] {
        auto s = m_connection.cached(duplicate_candidates_sql());
        bind_optional(*s, ":contact", contact);
        bind_optional(*s, ":order", order);
        s->bind(":category", complaint.category);
        s->bind(":from", domain::format_utc(from));
        s->bind(":to", domain::format_utc(to));
        std::vector<Complaint> out;
        while (s->step()) {
            Complaint c;
            c.id = s->column(0).text();
            c.status = stored_name<domain::Status>(s->column(1), N_("status"));
            c.category = complaint.category;
            c.received_at = instant(s->column(2));
            c.customer.contact = text_or_null(s->column(3));
            c.customer.order = text_or_null(s->column(4));
            out.push_back(std::move(c));
        }
        return out;
    });
}

}  // namespace complaints::storage
