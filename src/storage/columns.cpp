#include "columns.hpp"

#include "connection.hpp"

#include <complaints/domain/duplicates.hpp>

#include <fmt/format.h>

#include <functional>
#include <vector>

namespace complaints::storage {

namespace {

using domain::Complaint;
using domain::Instant;
using domain::Milestone;

struct Field {
    std::string column;
    std::function<void(sql::Statement&, int index, const Complaint&)> bind;
    std::function<void(const sql::Value&, Complaint&)> read;
};

std::string text(const sql::Value& column) {
    return column.text();
}

template <typename Enum>
void bind_name(sql::Statement& s, int p, const std::optional<Enum>& value) {
    if (value)
        s.bind(p, std::string(domain::name_of(*value)));
    else
        s.bind(p);
}

// `from/to from/to ...`: the finished holds, UTC.
std::vector<domain::HoldPeriod> hold_periods(const sql::Value& column) {
    std::vector<domain::HoldPeriod> out;
    if (column.is_null()) return out;
    const std::string text = column.text();
    std::size_t at = 0;
    while (at < text.size()) {
        std::size_t end = text.find(' ', at);
        if (end == std::string::npos) end = text.size();
        const std::string item = text.substr(at, end - at);
        const auto slash = item.find('/');
        const auto from =
            slash == std::string::npos ? std::nullopt : domain::parse_utc(item.substr(0, slash));
        const auto to =
            slash == std::string::npos ? std::nullopt : domain::parse_utc(item.substr(slash + 1));
        if (!from || !to) corrupt(N_("hold period"), item);
        out.push_back({*from, *to});
        at = end + 1;
    }
    return out;
}

std::vector<Field> make_fields() {
    std::vector<Field> f;
    const auto add = [&](std::string column, auto bind, auto read) {
        f.push_back({std::move(column), bind, read});
    };
    const auto text_field = [&](std::string column, std::string Complaint::*member) {
        add(
            std::move(column),
            [member](auto& s, int p, const Complaint& c) { s.bind(p, c.*member); },
            [member](const sql::Value& v, Complaint& c) { c.*member = text(v); });
    };
    const auto optional_field = [&](std::string column,
                                    std::optional<std::string> Complaint::*member) {
        add(
            std::move(column),
            [member](auto& s, int p, const Complaint& c) { bind_optional(s, p, c.*member); },
            [member](const sql::Value& v, Complaint& c) { c.*member = text_or_null(v); });
    };
    add(
        "status",
        [](auto& s, int p, const Complaint& c) {
            s.bind(p, std::string(domain::to_string(c.status)));
        },
        [](const sql::Value& v, Complaint& c) {
            c.status = stored_name<domain::Status>(v, N_("status"));
        });
    text_field("kind", &Complaint::kind);
    text_field("channel", &Complaint::channel);
    text_field("category", &Complaint::category);
    text_field("severity", &Complaint::severity);
    add(
        "customer_name", [](auto& s, int p, const Complaint& c) { s.bind(p, c.customer.name); },
        [](const sql::Value& v, Complaint& c) { c.customer.name = text(v); });
    add(
        "customer_contact",
        [](auto& s, int p, const Complaint& c) { bind_optional(s, p, c.customer.contact); },
        [](const sql::Value& v, Complaint& c) { c.customer.contact = text_or_null(v); });
    add(
        "customer_organization",
        [](auto& s, int p, const Complaint& c) { bind_optional(s, p, c.customer.organization); },
        [](const sql::Value& v, Complaint& c) { c.customer.organization = text_or_null(v); });
    add(
        "customer_order",
        [](auto& s, int p, const Complaint& c) { bind_optional(s, p, c.customer.order); },
        [](const sql::Value& v, Complaint& c) { c.customer.order = text_or_null(v); });
    text_field("summary", &Complaint::summary);
    optional_field("description", &Complaint::description);
    optional_field("demand", &Complaint::demand);
    optional_field("ref", &Complaint::ref);
    add(
        "received_at",
        [](auto& s, int p, const Complaint& c) { s.bind(p, domain::format_utc(c.received_at)); },
        [](const sql::Value& v, Complaint& c) { c.received_at = instant(v); });
    text_field("registered_by", &Complaint::registered_by);
    optional_field("assignee", &Complaint::assignee);
    optional_field("department", &Complaint::department);
    add(
        "reopen_count", [](auto& s, int p, const Complaint& c) { s.bind(p, c.reopen_count); },
        [](const sql::Value& v, Complaint& c) { c.reopen_count = v.integer(); });
    add(
        "unreachable_count",
        [](auto& s, int p, const Complaint& c) { s.bind(p, c.unreachable_count); },
        [](const sql::Value& v, Complaint& c) { c.unreachable_count = v.integer(); });
    // The resolution and the proposal waiting for approval: each present when
    // its plan is, with the same seven columns after its prefix.
    using domain::Resolution;
    const auto resolution_fields = [&](const std::string& prefix,
                                       std::optional<Resolution> Complaint::*member) {
        const auto field = [&](const char* name, auto bind, auto read) {
            add(
                prefix + "_" + name,
                [member, bind](auto& s, int p, const Complaint& c) {
                    if (c.*member)
                        bind(s, p, *(c.*member));
                    else
                        s.bind(p);
                },
                [member, read](const sql::Value& v, Complaint& c) {
                    if (c.*member) read(v, *(c.*member));
                });
        };
        add(
            prefix + "_plan",
            [member](auto& s, int p, const Complaint& c) {
                if (c.*member)
                    s.bind(p, (c.*member)->plan);
                else
                    s.bind(p);
            },
            [member](const sql::Value& v, Complaint& c) {
                if (v.is_null()) return;
                if (!(c.*member)) (c.*member).emplace();
                (c.*member)->plan = text(v);
            });
        field(
            "outcome", [](auto& s, int p, const Resolution& r) { s.bind(p, r.outcome); },
            [](const sql::Value& v, Resolution& r) { r.outcome = text(v); });
        field(
            "amount",
            [](auto& s, int p, const Resolution& r) {
                if (r.amount)
                    s.bind(p, static_cast<std::int64_t>(r.amount->minor));
                else
                    s.bind(p);
            },
            [](const sql::Value& v, Resolution& r) {
                if (!v.is_null()) r.amount = domain::Money{v.int64()};
            });
        field(
            "currency", [](auto& s, int p, const Resolution& r) { s.bind(p, r.currency); },
            [](const sql::Value& v, Resolution& r) { r.currency = text(v); });
        field(
            "responsible",
            [](auto& s, int p, const Resolution& r) { bind_optional(s, p, r.responsible); },
            [](const sql::Value& v, Resolution& r) { r.responsible = text_or_null(v); });
        field(
            "at", [](auto& s, int p, const Resolution& r) { s.bind(p, domain::format_utc(r.at)); },
            [](const sql::Value& v, Resolution& r) { r.at = instant(v); });
        field(
            "by", [](auto& s, int p, const Resolution& r) { s.bind(p, r.by); },
            [](const sql::Value& v, Resolution& r) { r.by = text(v); });
    };
    resolution_fields("resolution", &Complaint::resolution);
    add(
        "closed_at", [](auto& s, int p, const Complaint& c) { bind_instant(s, p, c.closed_at); },
        [](const sql::Value& v, Complaint& c) { c.closed_at = instant_or_null(v); });
    add(
        "last_revisit_result",
        [](auto& s, int p, const Complaint& c) {
            if (c.last_revisit_result)
                s.bind(p, std::string(domain::to_string(*c.last_revisit_result)));
            else
                s.bind(p);
        },
        [](const sql::Value& v, Complaint& c) {
            if (!v.is_null())
                c.last_revisit_result = stored_name<domain::RevisitResult>(v, N_("revisit result"));
        });
    add(
        "last_revisit_score",
        [](auto& s, int p, const Complaint& c) { bind_optional(s, p, c.last_revisit_score); },
        [](const sql::Value& v, Complaint& c) {
            if (!v.is_null()) c.last_revisit_score = v.integer();
        });
    optional_field("site", &Complaint::site);
    optional_field("cause", &Complaint::cause);
    add(
        "substantiated",
        [](auto& s, int p, const Complaint& c) {
            if (c.substantiated)
                s.bind(p, *c.substantiated ? 1 : 0);
            else
                s.bind(p);
        },
        [](const sql::Value& v, Complaint& c) {
            if (!v.is_null()) c.substantiated = v.integer() != 0;
        });
    add(
        "held_from", [](auto& s, int p, const Complaint& c) { bind_name(s, p, c.held_from); },
        [](const sql::Value& v, Complaint& c) {
            if (!v.is_null()) c.held_from = stored_name<domain::Status>(v, N_("status"));
        });
    add(
        "hold_reason", [](auto& s, int p, const Complaint& c) { bind_name(s, p, c.hold_reason); },
        [](const sql::Value& v, Complaint& c) {
            if (!v.is_null()) c.hold_reason = stored_name<domain::HoldReason>(v, N_("hold reason"));
        });
    add(
        "held_seconds",
        [](auto& s, int p, const Complaint& c) {
            s.bind(p, static_cast<std::int64_t>(c.held_seconds));
        },
        [](const sql::Value& v, Complaint& c) { c.held_seconds = v.int64(); });
    add(
        "holds",
        [](auto& s, int p, const Complaint& c) {
            if (c.holds.empty()) {
                s.bind(p);
                return;
            }
            std::string text;
            for (const auto& h : c.holds)
                text += fmt::format("{}{}/{}", text.empty() ? "" : " ", domain::format_utc(h.from),
                                    domain::format_utc(h.to));
            s.bind(p, text);
        },
        [](const sql::Value& v, Complaint& c) { c.holds = hold_periods(v); });
    add(
        "rejection_reason",
        [](auto& s, int p, const Complaint& c) { bind_name(s, p, c.rejection_reason); },
        [](const sql::Value& v, Complaint& c) {
            if (!v.is_null())
                c.rejection_reason = stored_name<domain::RejectReason>(v, N_("rejection reason"));
        });
    optional_field("rejection_of", &Complaint::rejection_of);
    optional_field("possible_duplicate_of", &Complaint::possible_duplicate_of);
    add(
        "total_amount",
        [](auto& s, int p, const Complaint& c) {
            if (c.total_amount)
                s.bind(p, static_cast<std::int64_t>(c.total_amount->minor));
            else
                s.bind(p);
        },
        [](const sql::Value& v, Complaint& c) {
            if (!v.is_null()) c.total_amount = domain::Money{v.int64()};
        });
    resolution_fields("proposal", &Complaint::proposal);
    optional_field("approved_by", &Complaint::approved_by);
    add(
        "approved_at",
        [](auto& s, int p, const Complaint& c) { bind_instant(s, p, c.approved_at); },
        [](const sql::Value& v, Complaint& c) { c.approved_at = instant_or_null(v); });
    add(
        "anonymized_at",
        [](auto& s, int p, const Complaint& c) { bind_instant(s, p, c.anonymized_at); },
        [](const sql::Value& v, Complaint& c) { c.anonymized_at = instant_or_null(v); });
    for (const Milestone m : domain::k_milestones) {
        const std::string name(domain::to_string(m));
        add(
            name + "_started_at",
            [m](auto& s, int p, const Complaint& c) {
                bind_instant(s, p, c.milestone(m).started_at);
            },
            [m](const sql::Value& v, Complaint& c) {
                c.milestone(m).started_at = instant_or_null(v);
            });
        add(
            name + "_limit",
            [m](auto& s, int p, const Complaint& c) {
                if (const auto& limit = c.milestone(m).limit)
                    s.bind(p, limit->to_string());
                else
                    s.bind(p);
            },
            [m](const sql::Value& v, Complaint& c) {
                if (v.is_null()) return;
                c.milestone(m).limit = domain::Duration::parse(v.text());
                if (!c.milestone(m).limit) corrupt(N_("time limit"), v.text());
            });
    }
    for (const Milestone m : domain::k_milestones) {
        const std::string name(domain::to_string(m));
        add(
            name + "_due",
            [m](auto& s, int p, const Complaint& c) { bind_instant(s, p, c.milestone(m).due); },
            [m](const sql::Value& v, Complaint& c) { c.milestone(m).due = instant_or_null(v); });
        add(
            name + "_met_at",
            [m](auto& s, int p, const Complaint& c) { bind_instant(s, p, c.milestone(m).met_at); },
            [m](const sql::Value& v, Complaint& c) { c.milestone(m).met_at = instant_or_null(v); });
    }
    add(
        "last_event_at",
        [](auto& s, int p, const Complaint& c) { bind_instant(s, p, c.last_event_at); },
        [](const sql::Value& v, Complaint& c) { c.last_event_at = instant_or_null(v); });
    return f;
}

const std::vector<Field>& fields() {
    static const std::vector<Field> all = make_fields();
    return all;
}

// The keys selected before the stored fields.
constexpr int k_key_columns = 2;  // row_id, id

}  // namespace

const std::string& complaint_columns() {
    static const std::string columns = [] {
        std::string out = "row_id, id";
        for (const Field& f : fields()) out += ", " + f.column;
        return out;
    }();
    return columns;
}

Complaint read_complaint(sql::Statement& s) {
    Complaint c;
    c.row_id = s.column(0).int64();
    c.id = s.column(1).text();
    int i = k_key_columns;
    for (const Field& f : fields()) f.read(s.column(i++), c);
    return c;
}

std::optional<std::string> contact_key(const Complaint& c) {
    return c.customer.contact ? domain::normalise_contact(*c.customer.contact) : std::nullopt;
}

std::optional<std::string> order_key(const Complaint& c) {
    return c.customer.order ? domain::normalise_order(*c.customer.order) : std::nullopt;
}

void bind_complaint(sql::Statement& s, const Complaint& c, int first) {
    // By position, in the order of the SQL below (a name's lookup was 2 % of
    // a `register`).
    int index = first;
    for (const Field& f : fields()) f.bind(s, index++, c);
    bind_optional(s, index++, contact_key(c));
    bind_optional(s, index, order_key(c));
}

const std::string& insert_complaint_sql() {
    static const std::string sql = [] {
        std::string names, values;
        for (const Field& f : fields()) {
            names += ", " + f.column;
            values += ", :" + f.column;
        }
        return fmt::format(
            "INSERT INTO complaint (id, day, code, serial{}, contact_key, order_key) "
            "VALUES (:id, :day, :code, :serial{}, :contact_key, :order_key) RETURNING row_id",
            names, values);
    }();
    return sql;
}

const std::string& update_complaint_sql() {
    static const std::string sql = [] {
        std::string sets;
        for (const Field& f : fields())
            sets += fmt::format("{}{} = :{}", sets.empty() ? "" : ", ", f.column, f.column);
        return fmt::format(
            "UPDATE complaint SET {}, contact_key = :contact_key, order_key = :order_key "
            "WHERE row_id = :row_id",
            sets);
    }();
    return sql;
}

}  // namespace complaints::storage
