#include "impl.hpp"
#include "schema.hpp"

#include <complaints/domain/error.hpp>
#include <complaints/storage/database.hpp>

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>
#include <SQLiteCpp/Transaction.h>

#include <fmt/format.h>

#include <sqlite3.h>

#include <sys/stat.h>
#include <algorithm>
#include <cstdlib>
#include <unordered_map>

namespace complaints::storage {

using domain::Complaint;
using domain::Event;
using domain::Instant;
using domain::Milestone;

int busy_timeout_ms() {
    constexpr int k_default = 5000;
    const char* text = std::getenv("COMPLAINTS_BUSY_TIMEOUT");
    if (!text || !*text) return k_default;
    char* end = nullptr;
    const long value = std::strtol(text, &end, 10);
    if (*end != '\0' || value < 0 || value > 3'600'000)
        throw Error(
            ExitCode::usage,
            fmt::format("bad COMPLAINTS_BUSY_TIMEOUT '{}': give milliseconds, e.g. 5000", text));
    return static_cast<int>(value);
}

namespace {

// Turns SQLite's failures into the exit codes of SPEC §6.
[[noreturn]] void fail(const SQLite::Exception& e, const std::string& path) {
    const int code = e.getErrorCode();
    if (code == SQLITE_BUSY || code == SQLITE_LOCKED)
        throw Error(ExitCode::temp_fail,
                    fmt::format("the database '{}' stayed locked by other writers", path),
                    {"try again; COMPLAINTS_BUSY_TIMEOUT (milliseconds) sets how long to wait"});
    if (code == SQLITE_CORRUPT || code == SQLITE_NOTADB)
        throw Error(ExitCode::io, fmt::format("'{}' is not a complaints database or is corrupt: {}",
                                              path, e.what()));
    if (code == SQLITE_CONSTRAINT)
        throw Error(ExitCode::internal, fmt::format("database constraint failed: {}", e.what()));
    throw Error(ExitCode::io, fmt::format("database '{}': {}", path, e.what()));
}

std::optional<std::string> text_or_null(const SQLite::Column& column) {
    if (column.isNull()) return std::nullopt;
    return column.getString();
}

std::optional<Instant> instant_or_null(const SQLite::Column& column) {
    if (column.isNull()) return std::nullopt;
    return domain::parse_utc(column.getString());
}

Instant instant(const SQLite::Column& column) {
    if (auto t = instant_or_null(column)) return *t;
    throw Error(ExitCode::io, fmt::format("bad time '{}' in the database", column.getString()));
}

template <typename T>
void bind_optional(SQLite::Statement& s, const char* name, const std::optional<T>& value) {
    if (value)
        s.bind(name, *value);
    else
        s.bind(name);
}

void bind_instant(SQLite::Statement& s, const char* name, const std::optional<Instant>& value) {
    if (value)
        s.bind(name, domain::format_utc(*value));
    else
        s.bind(name);
}

constexpr const char* k_stored_fields[] = {"status",
                                           "kind",
                                           "channel",
                                           "category",
                                           "severity",
                                           "customer_name",
                                           "customer_contact",
                                           "customer_organization",
                                           "customer_order",
                                           "summary",
                                           "description",
                                           "demand",
                                           "ref",
                                           "received_at",
                                           "registered_by",
                                           "assignee",
                                           "department",
                                           "reopen_count",
                                           "unreachable_count",
                                           "resolution_plan",
                                           "resolution_outcome",
                                           "resolution_amount",
                                           "resolution_currency",
                                           "resolution_responsible",
                                           "resolution_at",
                                           "resolution_by",
                                           "closed_at",
                                           "last_revisit_result",
                                           "last_revisit_score",
                                           "assign_due",
                                           "assign_met_at",
                                           "investigate_due",
                                           "investigate_met_at",
                                           "resolve_due",
                                           "resolve_met_at",
                                           "revisit_due",
                                           "revisit_met_at",
                                           "last_event_at"};

// What `read_complaint` reads: the keys, then every stored field in order.
const std::string& select_columns() {
    static const std::string columns = [] {
        std::string out = "row_id, id";
        for (const char* f : k_stored_fields) out += fmt::format(", {}", f);
        return out;
    }();
    return columns;
}

Complaint read_complaint(SQLite::Statement& s) {
    Complaint c;
    int i = 0;
    c.row_id = s.getColumn(i++).getInt64();
    c.id = s.getColumn(i++).getString();
    const std::string status = s.getColumn(i++).getString();
    c.status = domain::status_from_string(status).value_or(domain::Status::registered);
    c.kind = s.getColumn(i++).getString();
    c.channel = s.getColumn(i++).getString();
    c.category = s.getColumn(i++).getString();
    c.severity = s.getColumn(i++).getString();
    c.customer.name = s.getColumn(i++).getString();
    c.customer.contact = text_or_null(s.getColumn(i++));
    c.customer.organization = text_or_null(s.getColumn(i++));
    c.customer.order = text_or_null(s.getColumn(i++));
    c.summary = s.getColumn(i++).getString();
    c.description = text_or_null(s.getColumn(i++));
    c.demand = text_or_null(s.getColumn(i++));
    c.ref = text_or_null(s.getColumn(i++));
    c.received_at = instant(s.getColumn(i++));
    c.registered_by = s.getColumn(i++).getString();
    c.assignee = text_or_null(s.getColumn(i++));
    c.department = text_or_null(s.getColumn(i++));
    c.reopen_count = s.getColumn(i++).getInt();
    c.unreachable_count = s.getColumn(i++).getInt();
    if (auto plan = text_or_null(s.getColumn(i++))) {
        domain::Resolution r;
        r.plan = *plan;
        r.outcome = domain::outcome_from_string(s.getColumn(i++).getString())
                        .value_or(domain::Outcome::none);
        const auto amount = s.getColumn(i++);
        if (!amount.isNull()) r.amount = domain::Money{amount.getInt64()};
        r.currency = s.getColumn(i++).getString();
        r.responsible = text_or_null(s.getColumn(i++));
        r.at = instant(s.getColumn(i++));
        r.by = s.getColumn(i++).getString();
        c.resolution = std::move(r);
    } else {
        i += 6;
    }
    c.closed_at = instant_or_null(s.getColumn(i++));
    if (auto result = text_or_null(s.getColumn(i++)))
        c.last_revisit_result = domain::revisit_result_from_string(*result);
    const auto score = s.getColumn(i++);
    if (!score.isNull()) c.last_revisit_score = score.getInt();
    for (const Milestone m : domain::k_milestones) {
        c.milestone(m).due = instant_or_null(s.getColumn(i++));
        c.milestone(m).met_at = instant_or_null(s.getColumn(i++));
    }
    c.last_event_at = instant_or_null(s.getColumn(i++));
    return c;
}

// Binds every stored field of `c` by name (:status, :assign_due, ...).
void bind_complaint(SQLite::Statement& s, const Complaint& c) {
    s.bind(":status", std::string(domain::to_string(c.status)));
    s.bind(":kind", c.kind);
    s.bind(":channel", c.channel);
    s.bind(":category", c.category);
    s.bind(":severity", c.severity);
    s.bind(":customer_name", c.customer.name);
    bind_optional(s, ":customer_contact", c.customer.contact);
    bind_optional(s, ":customer_organization", c.customer.organization);
    bind_optional(s, ":customer_order", c.customer.order);
    s.bind(":summary", c.summary);
    bind_optional(s, ":description", c.description);
    bind_optional(s, ":demand", c.demand);
    bind_optional(s, ":ref", c.ref);
    s.bind(":received_at", domain::format_utc(c.received_at));
    s.bind(":registered_by", c.registered_by);
    bind_optional(s, ":assignee", c.assignee);
    bind_optional(s, ":department", c.department);
    s.bind(":reopen_count", c.reopen_count);
    s.bind(":unreachable_count", c.unreachable_count);
    const auto& r = c.resolution;
    bind_optional(s, ":resolution_plan", r ? std::optional(r->plan) : std::nullopt);
    bind_optional(s, ":resolution_outcome",
                  r ? std::optional(std::string(domain::to_string(r->outcome))) : std::nullopt);
    bind_optional(s, ":resolution_amount",
                  r && r->amount ? std::optional<std::int64_t>(r->amount->minor) : std::nullopt);
    bind_optional(s, ":resolution_currency", r ? std::optional(r->currency) : std::nullopt);
    bind_optional(s, ":resolution_responsible", r ? r->responsible : std::nullopt);
    bind_instant(s, ":resolution_at", r ? std::optional(r->at) : std::nullopt);
    bind_optional(s, ":resolution_by", r ? std::optional(r->by) : std::nullopt);
    bind_instant(s, ":closed_at", c.closed_at);
    bind_optional(s, ":last_revisit_result",
                  c.last_revisit_result
                      ? std::optional(std::string(domain::to_string(*c.last_revisit_result)))
                      : std::nullopt);
    bind_optional(s, ":last_revisit_score", c.last_revisit_score);
    for (const Milestone m : domain::k_milestones) {
        const std::string name(domain::to_string(m));
        bind_instant(s, (":" + name + "_due").c_str(), c.milestone(m).due);
        bind_instant(s, (":" + name + "_met_at").c_str(), c.milestone(m).met_at);
    }
    bind_instant(s, ":last_event_at", c.last_event_at);
}

std::string insert_sql() {
    std::string names, values;
    for (const char* f : k_stored_fields) {
        names += fmt::format(", {}", f);
        values += fmt::format(", :{}", f);
    }
    return fmt::format(
        "INSERT INTO complaint (id, day, code, serial{}) VALUES (:id, :day, :code, "
        ":serial{})",
        names, values);
}

std::string update_sql() {
    std::string sets;
    for (const char* f : k_stored_fields)
        sets += fmt::format("{}{} = :{}", sets.empty() ? "" : ", ", f, f);
    return fmt::format("UPDATE complaint SET {} WHERE row_id = :row_id", sets);
}

std::string upper(std::string_view text) {
    std::string out(text);
    std::transform(out.begin(), out.end(), out.begin(),
                   [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
    return out;
}

// The overdue condition of one milestone, for summaries and lists.
std::string overdue_condition() {
    std::string parts;
    for (const Milestone m : domain::k_milestones) {
        const auto name = domain::to_string(m);
        parts += fmt::format("{}({}_met_at IS NULL AND {}_due < :now)", parts.empty() ? "" : " OR ",
                             name, name);
    }
    return parts;
}

}  // namespace

Database::Database(const std::string& path, Access access) {
    struct stat info {};
    const bool exists = ::stat(path.c_str(), &info) == 0;
    if (!exists && access == Access::read)
        throw Error(ExitCode::no_input, fmt::format("no database at '{}'", path),
                    {"give the right one with --db or COMPLAINTS_DB, or create it with "
                     "'complaints init' or by registering a complaint"});
    int flags = SQLite::OPEN_READWRITE;
    if (!exists) flags |= SQLite::OPEN_CREATE;
    try {
        m_impl = std::make_unique<Impl>(path, flags, !exists);
    } catch (const SQLite::Exception& e) {
        if (!exists)
            throw Error(ExitCode::cannot_create,
                        fmt::format("cannot create the database '{}': {}", path, e.what()),
                        {"check that the directory exists and is writable"});
        fail(e, path);
    }
    try {
        auto& db = m_impl->db;
        db.exec("PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON");
        migrate(db);
    } catch (const SQLite::Exception& e) {
        if (!exists && e.getErrorCode() != SQLITE_BUSY && e.getErrorCode() != SQLITE_LOCKED)
            throw Error(ExitCode::cannot_create,
                        fmt::format("cannot create the database '{}': {}", path, e.what()));
        fail(e, path);
    }
}

Database::~Database() = default;
Database::Database(Database&&) noexcept = default;
Database& Database::operator=(Database&&) noexcept = default;

bool Database::created() const {
    return m_impl->created;
}

void Database::write(const std::function<void()>& work) {
    try {
        SQLite::Transaction transaction(m_impl->db, SQLite::TransactionBehavior::IMMEDIATE);
        work();
        transaction.commit();
    } catch (const SQLite::Exception& e) {
        fail(e, m_impl->path);
    }
}

std::optional<Complaint> Database::find(std::string_view id) const {
    try {
        SQLite::Statement s(m_impl->db,
                            fmt::format("SELECT {} FROM complaint WHERE id = ?", select_columns()));
        s.bind(1, upper(id));
        if (!s.executeStep()) return std::nullopt;
        return read_complaint(s);
    } catch (const SQLite::Exception& e) {
        fail(e, m_impl->path);
    }
}

std::optional<std::string> Database::find_ref(std::string_view ref) const {
    try {
        SQLite::Statement s(m_impl->db, "SELECT id FROM complaint WHERE ref = ?");
        s.bind(1, std::string(ref));
        if (!s.executeStep()) return std::nullopt;
        return s.getColumn(0).getString();
    } catch (const SQLite::Exception& e) {
        fail(e, m_impl->path);
    }
}

namespace {

void insert_event(SQLite::Database& db, std::int64_t row_id, const Event& e) {
    SQLite::Statement s(db,
                        "INSERT INTO event (complaint, type, at, recorded_at, actor, details) "
                        "VALUES (?, ?, ?, ?, ?, ?)");
    s.bind(1, static_cast<std::int64_t>(row_id));
    s.bind(2, e.type);
    s.bind(3, domain::format_utc(e.at));
    s.bind(4, domain::format_utc(e.recorded_at));
    s.bind(5, e.actor);
    s.bind(6, e.details);
    s.exec();
}

}  // namespace

void Database::insert(Complaint& c, const std::string& prefix, const Event& event) {
    try {
        auto& db = m_impl->db;
        const auto dash = prefix.find('-');
        const std::string day = prefix.substr(0, dash);
        const std::string code = prefix.substr(dash + 1);
        SQLite::Statement next(db,
                               "SELECT coalesce(max(serial), 0) + 1 FROM complaint "
                               "WHERE day = ? AND code = ?");
        next.bind(1, day);
        next.bind(2, code);
        next.executeStep();
        const long long serial = next.getColumn(0).getInt64();
        c.id = fmt::format("{}-{:03}", prefix, serial);
        SQLite::Statement s(db, insert_sql());
        s.bind(":id", c.id);
        s.bind(":day", day);
        s.bind(":code", code);
        s.bind(":serial", static_cast<std::int64_t>(serial));
        bind_complaint(s, c);
        s.exec();
        c.row_id = db.getLastInsertRowid();
        insert_event(db, c.row_id, event);
    } catch (const SQLite::Exception& e) {
        fail(e, m_impl->path);
    }
}

void Database::update(const Complaint& c, const Event& event) {
    try {
        SQLite::Statement s(m_impl->db, update_sql());
        s.bind(":row_id", static_cast<std::int64_t>(c.row_id));
        bind_complaint(s, c);
        s.exec();
        insert_event(m_impl->db, c.row_id, event);
    } catch (const SQLite::Exception& e) {
        fail(e, m_impl->path);
    }
}

void Database::append_event(std::int64_t row_id, const Event& event) {
    try {
        insert_event(m_impl->db, row_id, event);
    } catch (const SQLite::Exception& e) {
        fail(e, m_impl->path);
    }
}

std::optional<Instant> Database::last_reminder(std::int64_t row_id, Milestone m,
                                               Instant due) const {
    try {
        SQLite::Statement s(m_impl->db,
                            "SELECT max(at) FROM event WHERE complaint = ? AND type = 'remind' "
                            "AND json_extract(details, '$.milestone') = ? "
                            "AND json_extract(details, '$.due') = ?");
        s.bind(1, static_cast<std::int64_t>(row_id));
        s.bind(2, std::string(domain::to_string(m)));
        s.bind(3, domain::format_utc(due));
        s.executeStep();
        return instant_or_null(s.getColumn(0));
    } catch (const SQLite::Exception& e) {
        fail(e, m_impl->path);
    }
}

namespace {

Event read_event(SQLite::Statement& s) {
    Event e;
    e.seq = s.getColumn(0).getInt64();
    e.type = s.getColumn(1).getString();
    e.at = instant(s.getColumn(2));
    e.recorded_at = instant(s.getColumn(3));
    e.actor = s.getColumn(4).getString();
    e.details = s.getColumn(5).getString();
    return e;
}

}  // namespace

std::vector<Event> Database::events(std::int64_t row_id) const {
    try {
        SQLite::Statement s(m_impl->db,
                            "SELECT seq, type, at, recorded_at, actor, details FROM event "
                            "WHERE complaint = ? ORDER BY seq");
        s.bind(1, static_cast<std::int64_t>(row_id));
        std::vector<Event> events;
        while (s.executeStep()) events.push_back(read_event(s));
        return events;
    } catch (const SQLite::Exception& e) {
        fail(e, m_impl->path);
    }
}

std::vector<std::vector<Event>> Database::events_of(
    const std::vector<Complaint>& complaints) const {
    constexpr std::size_t k_chunk = 500;  // well under SQLite's limit of bound parameters
    std::vector<std::vector<Event>> out(complaints.size());
    try {
        for (std::size_t first = 0; first < complaints.size(); first += k_chunk) {
            const std::size_t last = std::min(complaints.size(), first + k_chunk);
            std::unordered_map<std::int64_t, std::size_t> index;
            std::string marks;
            for (std::size_t i = first; i < last; ++i) {
                index[complaints[i].row_id] = i;
                marks += i == first ? "?" : ", ?";
            }
            SQLite::Statement s(
                m_impl->db,
                fmt::format("SELECT seq, type, at, recorded_at, actor, details, complaint "
                            "FROM event WHERE complaint IN ({}) ORDER BY seq",
                            marks));
            for (std::size_t i = first; i < last; ++i)
                s.bind(static_cast<int>(i - first + 1),
                       static_cast<std::int64_t>(complaints[i].row_id));
            while (s.executeStep())
                out[index.at(s.getColumn(6).getInt64())].push_back(read_event(s));
        }
        return out;
    } catch (const SQLite::Exception& e) {
        fail(e, m_impl->path);
    }
}

std::vector<Complaint> Database::list(const ListQuery& q) const {
    try {
        std::string where = "1";
        if (!q.statuses.empty()) {
            std::string names;
            for (const auto st : q.statuses)
                names += fmt::format("{}'{}'", names.empty() ? "" : ", ", domain::to_string(st));
            where += fmt::format(" AND status IN ({})", names);
        }
        if (q.open_only) where += " AND status <> 'closed'";
        if (q.overdue_at) where += fmt::format(" AND ({})", overdue_condition());
        if (q.category) where += " AND category = :category";
        if (q.severity) where += " AND severity = :severity";
        if (q.assignee) where += " AND assignee = :assignee";
        if (q.department) where += " AND department = :department";
        if (q.from) where += " AND received_at >= :from";
        if (q.to) where += " AND received_at < :to";
        std::string sql =
            fmt::format("SELECT {} FROM complaint WHERE {} ORDER BY received_at, row_id",
                        select_columns(), where);
        if (q.limit) sql += fmt::format(" LIMIT {}", *q.limit);
        SQLite::Statement s(m_impl->db, sql);
        if (q.overdue_at) s.bind(":now", domain::format_utc(*q.overdue_at));
        if (q.category) s.bind(":category", *q.category);
        if (q.severity) s.bind(":severity", *q.severity);
        if (q.assignee) s.bind(":assignee", *q.assignee);
        if (q.department) s.bind(":department", *q.department);
        if (q.from) s.bind(":from", domain::format_utc(*q.from));
        if (q.to) s.bind(":to", domain::format_utc(*q.to));
        std::vector<Complaint> out;
        while (s.executeStep()) out.push_back(read_complaint(s));
        return out;
    } catch (const SQLite::Exception& e) {
        fail(e, m_impl->path);
    }
}

std::vector<OverdueRow> Database::overdue(const OverdueQuery& q) const {
    try {
        // One range scan of a partial index per milestone (docs/schema.md).
        std::string sql;
        for (const Milestone m : domain::k_milestones) {
            const auto name = domain::to_string(m);
            if (!sql.empty()) sql += " UNION ALL ";
            sql += fmt::format(
                "SELECT id, '{0}' AS milestone, {0}_due AS due, assignee, department, severity, "
                "summary, category, row_id FROM complaint WHERE {0}_met_at IS NULL AND {0}_due < "
                ":before",
                name);
            if (q.assignee) sql += " AND assignee = :assignee";
            if (q.department) sql += " AND department = :department";
        }
        sql += " ORDER BY due, id, milestone";
        SQLite::Statement s(m_impl->db, sql);
        s.bind(":before", domain::format_utc(q.before));
        if (q.assignee) s.bind(":assignee", *q.assignee);
        if (q.department) s.bind(":department", *q.department);
        std::vector<OverdueRow> rows;
        while (s.executeStep()) {
            OverdueRow r;
            r.id = s.getColumn(0).getString();
            r.milestone = domain::milestone_from_string(s.getColumn(1).getString())
                              .value_or(Milestone::assign);
            r.due = instant(s.getColumn(2));
            r.assignee = text_or_null(s.getColumn(3));
            r.department = text_or_null(s.getColumn(4));
            r.severity = s.getColumn(5).getString();
            r.summary = s.getColumn(6).getString();
            r.category = s.getColumn(7).getString();
            r.row_id = s.getColumn(8).getInt64();
            rows.push_back(std::move(r));
        }
        return rows;
    } catch (const SQLite::Exception& e) {
        fail(e, m_impl->path);
    }
}

namespace {

std::string group_expression(GroupBy by) {
    switch (by) {
        case GroupBy::none:
            return "NULL";
        case GroupBy::category:
            return "category";
        case GroupBy::channel:
            return "channel";
        case GroupBy::severity:
            return "severity";
        case GroupBy::kind:
            return "kind";
        case GroupBy::department:
            return "department";
        case GroupBy::assignee:
            return "assignee";
        // `day` is the local date received (as in the number): months in the policy zone.
        case GroupBy::month:
            return "substr(day, 1, 4) || '-' || substr(day, 5, 2)";
    }
    return "NULL";
}

std::vector<SummaryRow> run_summary(SQLite::Database& db, const SummaryQuery& q, GroupBy by) {
    std::string where = "1";
    if (q.from) where += " AND received_at >= :from";
    if (q.to) where += " AND received_at < :to";
    const std::string sql = fmt::format(
        "SELECT {0} AS grp, count(*), "
        "total(status <> 'closed'), total(status = 'closed'), "
        "total(status <> 'closed' AND ({1})), "
        "total(resolve_met_at IS NOT NULL), "
        "total(resolve_met_at IS NOT NULL AND resolve_met_at <= resolve_due), "
        "avg(CASE WHEN resolve_met_at IS NOT NULL "
        "    THEN (unixepoch(resolution_at) - unixepoch(received_at)) / 3600.0 END), "
        "total(last_revisit_result IS NOT NULL), total(last_revisit_result = 'satisfied'), "
        "avg(last_revisit_score), total(reopen_count > 0) "
        "FROM complaint WHERE {2} {3}",
        group_expression(by), overdue_condition(), where,
        by == GroupBy::none ? "" : "GROUP BY grp ORDER BY grp IS NULL, grp");
    SQLite::Statement s(db, sql);
    s.bind(":now", domain::format_utc(q.now));
    if (q.from) s.bind(":from", domain::format_utc(*q.from));
    if (q.to) s.bind(":to", domain::format_utc(*q.to));
    std::vector<SummaryRow> rows;
    const auto count = [&](int i) { return static_cast<long long>(s.getColumn(i).getDouble()); };
    const auto average = [&](int i) -> std::optional<double> {
        if (s.getColumn(i).isNull()) return std::nullopt;
        return s.getColumn(i).getDouble();
    };
    while (s.executeStep()) {
        SummaryRow r;
        r.group = text_or_null(s.getColumn(0));
        r.received = s.getColumn(1).getInt64();
        r.open = count(2);
        r.closed = count(3);
        r.overdue = count(4);
        r.resolved = count(5);
        r.resolved_on_time = count(6);
        r.avg_resolve_hours = average(7);
        r.revisited = count(8);
        r.satisfied = count(9);
        r.avg_score = average(10);
        r.reopened = count(11);
        rows.push_back(std::move(r));
    }
    return rows;
}

}  // namespace

std::vector<SummaryRow> Database::summary(const SummaryQuery& q) const {
    try {
        return run_summary(m_impl->db, q, q.by);
    } catch (const SQLite::Exception& e) {
        fail(e, m_impl->path);
    }
}

std::vector<TrendRow> Database::trend(const std::vector<std::pair<Instant, Instant>>& periods,
                                      const std::vector<std::string>& categories) const {
    try {
        std::string filter;
        for (std::size_t i = 0; i < categories.size(); ++i)
            filter += fmt::format("{}:c{}{}", i ? ", " : " AND category IN (", i,
                                  i + 1 == categories.size() ? ")" : "");
        const auto count_in = [&](const char* column, const char* extra) {
            return fmt::format(
                "(SELECT count(*) FROM complaint WHERE {0} >= :start AND {0} < :end{1}{2})", column,
                extra, filter);
        };
        SQLite::Statement s(
            m_impl->db,
            fmt::format("SELECT {}, {}, {}, {}", count_in("received_at", ""),
                        count_in("resolution_at", " AND resolve_met_at IS NOT NULL"),
                        count_in("closed_at", ""),
                        count_in("resolution_at", " AND resolve_met_at <= resolve_due")));
        for (std::size_t i = 0; i < categories.size(); ++i)
            s.bind(fmt::format(":c{}", i), categories[i]);
        std::vector<TrendRow> rows;
        for (const auto& [start, end] : periods) {
            s.reset();
            s.bind(":start", domain::format_utc(start));
            s.bind(":end", domain::format_utc(end));
            s.executeStep();
            rows.push_back({s.getColumn(0).getInt64(), s.getColumn(1).getInt64(),
                            s.getColumn(2).getInt64(), s.getColumn(3).getInt64()});
        }
        return rows;
    } catch (const SQLite::Exception& e) {
        fail(e, m_impl->path);
    }
}

SummaryRow Database::summary_total(const SummaryQuery& q) const {
    try {
        auto rows = run_summary(m_impl->db, q, GroupBy::none);
        return rows.empty() ? SummaryRow{} : rows.front();
    } catch (const SQLite::Exception& e) {
        fail(e, m_impl->path);
    }
}

}  // namespace complaints::storage
