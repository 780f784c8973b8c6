#include <complaints/domain/error.hpp>
#include <complaints/storage/database.hpp>

#include <doctest/doctest.h>

#include "support.hpp"

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>
#include <stdexcept>
#include <string>
#include <vector>

using namespace complaints;
using namespace complaints::domain;
using namespace complaints::storage;
using namespace std::chrono_literals;
namespace fs = std::filesystem;

using test_support::TempDir;

using test_support::code_of;

using test_support::utc;

namespace {

// An event of `type` with small details of that type.
Event event(EventType type, Instant at) {
    Event e;
    e.at = at;
    e.recorded_at = at + 1min;
    e.actor = "li";
    switch (type) {
        case EventType::registration: {
            RegisterDetails d;
            d.kind = "complaint";
            d.channel = "phone";
            d.category = "product";
            d.severity = "general";
            d.customer.name = "王芳";
            d.summary = "搅拌机";
            d.assign_due = at + 24h;
            d.resolve_due = at + 120h;
            e.details = d;
            break;
        }
        case EventType::assign: {
            AssignDetails d;
            d.to = "zhang";
            d.department = "QC";
            d.investigate_due = at + 48h;
            e.details = d;
            break;
        }
        default:
            FAIL("no sample details for this type");
    }
    return e;
}

// A complaint with every field set, Chinese text included.
Complaint full() {
    Complaint c;
    c.status = Status::closed;
    c.kind = "inquiry";
    c.channel = "phone";
    c.category = "product";
    c.severity = "major";
    c.customer = {"王芳", "138-0000-0000", "某某贸易有限公司", "SO-2026-0042"};
    c.summary = "搅拌机两分钟后停转";
    c.description = "第一行\n第二行, \"引号\" and 'quotes'";
    c.demand = "退款";
    c.ref = "crm-5531";
    c.received_at = utc(2026, 11, 20, 7);
    c.registered_by = "li";
    c.assignee = "张三";
    c.department = "质检";
    c.reopen_count = 2;
    c.unreachable_count = 1;
    c.resolution = Resolution{"换新并退差价", "compensation",       Money{12850}, "CNY",
                              "供应商",       utc(2026, 11, 24, 3), "wang"};
    c.closed_at = utc(2026, 11, 25, 8);
    c.last_revisit_result = RevisitResult::satisfied;
    c.last_revisit_score = 4;
    c.milestone(Milestone::assign) = {utc(2026, 11, 20, 8), utc(2026, 11, 20, 7, 30), std::nullopt,
                                      std::nullopt};
    c.milestone(Milestone::investigate) = {utc(2026, 11, 23, 10), utc(2026, 11, 23, 11),
                                           std::nullopt, std::nullopt};
    c.milestone(Milestone::resolve) = {utc(2026, 11, 23, 10), utc(2026, 11, 24, 3), std::nullopt,
                                       std::nullopt};
    c.milestone(Milestone::revisit) = {utc(2026, 11, 25, 10), utc(2026, 11, 25, 8), std::nullopt,
                                       std::nullopt};
    c.last_event_at = utc(2026, 11, 25, 8);
    return c;
}

void check_same(const Complaint& a, const Complaint& b) {
    CHECK(a.row_id == b.row_id);
    CHECK(a.id == b.id);
    CHECK(a.status == b.status);
    CHECK(a.kind == b.kind);
    CHECK(a.channel == b.channel);
    CHECK(a.category == b.category);
    CHECK(a.severity == b.severity);
    CHECK(a.customer.name == b.customer.name);
    CHECK(a.customer.contact == b.customer.contact);
    CHECK(a.customer.organization == b.customer.organization);
    CHECK(a.customer.order == b.customer.order);
    CHECK(a.summary == b.summary);
    CHECK(a.description == b.description);
    CHECK(a.demand == b.demand);
    CHECK(a.ref == b.ref);
    CHECK(a.received_at == b.received_at);
    CHECK(a.registered_by == b.registered_by);
    CHECK(a.assignee == b.assignee);
    CHECK(a.department == b.department);
    CHECK(a.reopen_count == b.reopen_count);
    CHECK(a.unreachable_count == b.unreachable_count);
    REQUIRE(a.resolution.has_value() == b.resolution.has_value());
    if (a.resolution) {
        CHECK(a.resolution->plan == b.resolution->plan);
        CHECK(a.resolution->outcome == b.resolution->outcome);
        CHECK(a.resolution->amount == b.resolution->amount);
        CHECK(a.resolution->currency == b.resolution->currency);
        CHECK(a.resolution->responsible == b.resolution->responsible);
        CHECK(a.resolution->at == b.resolution->at);
        CHECK(a.resolution->by == b.resolution->by);
    }
    CHECK(a.closed_at == b.closed_at);
    CHECK(a.last_revisit_result == b.last_revisit_result);
    CHECK(a.last_revisit_score == b.last_revisit_score);
    for (const Milestone m : k_milestones) {
        CAPTURE(to_string(m));
        CHECK(a.milestone(m).due == b.milestone(m).due);
        CHECK(a.milestone(m).met_at == b.milestone(m).met_at);
    }
    CHECK(a.last_event_at == b.last_event_at);
}

// The least a stored complaint needs.
Complaint bare(Instant received, std::string channel = "phone") {
    Complaint c;
    c.kind = "complaint";
    c.channel = std::move(channel);
    c.category = "product";
    c.severity = "general";
    c.customer.name = "x";
    c.summary = "s";
    c.received_at = received;
    c.registered_by = "li";
    return c;
}

std::string store(Database& db, Complaint& c, const std::string& prefix) {
    db.write(
        [&] { db.complaints().insert(c, prefix, event(EventType::registration, c.received_at)); });
    return c.id;
}

std::vector<std::string> ids(const std::vector<Complaint>& list) {
    std::vector<std::string> out;
    for (const auto& c : list) out.push_back(c.id);
    return out;
}

// The data set of the list, overdue and summary tests; `k_now` is when they look.
const Instant k_now = utc(2026, 12, 1);

struct DataSet {
    std::string a, b, c, d, e, f;
};

DataSet populate(Database& db) {
    DataSet ids;
    // A: closed, resolved exactly at its deadline (on time) 96 h after received, satisfied (5).
    Complaint a = bare(utc(2026, 11, 2, 1));
    a.status = Status::closed;
    a.assignee = "zhang";
    a.department = "QC";
    a.milestone(Milestone::assign) = {utc(2026, 11, 3), utc(2026, 11, 2, 2), std::nullopt,
                                      std::nullopt};
    a.milestone(Milestone::investigate) = {utc(2026, 11, 6), utc(2026, 11, 5), std::nullopt,
                                           std::nullopt};
    a.milestone(Milestone::resolve) = {utc(2026, 11, 6, 1),
                                       utc(2026, 11, 6, 1)};  // at the deadline
    a.milestone(Milestone::revisit) = {utc(2026, 11, 7), utc(2026, 11, 6, 5), std::nullopt,
                                       std::nullopt};
    a.resolution = Resolution{"p", "refund", Money{100}, "CNY", {}, utc(2026, 11, 6, 1), "li"};
    a.closed_at = utc(2026, 11, 6, 5);
    a.last_revisit_result = RevisitResult::satisfied;
    a.last_revisit_score = 5;
    ids.a = store(db, a, "20261102-TEL");
    // B: closed, resolved late 48 h after received, reopened once, last revisit unsatisfied (2).
    Complaint b = bare(utc(2026, 11, 3));
    b.status = Status::closed;
    b.severity = "major";
    b.assignee = "li";
    b.department = "QC";
    b.milestone(Milestone::assign) = {utc(2026, 11, 3, 1), utc(2026, 11, 3, 0, 30), std::nullopt,
                                      std::nullopt};
    b.milestone(Milestone::investigate) = {utc(2026, 11, 4), utc(2026, 11, 4), std::nullopt,
                                           std::nullopt};
    b.milestone(Milestone::resolve) = {utc(2026, 11, 4), utc(2026, 11, 5), std::nullopt,
                                       std::nullopt};
    b.milestone(Milestone::revisit) = {utc(2026, 11, 6), utc(2026, 11, 6), std::nullopt,
                                       std::nullopt};
    b.resolution = Resolution{"p", "apology", {}, "CNY", {}, utc(2026, 11, 5), "li"};
    b.closed_at = utc(2026, 11, 6);
    b.reopen_count = 1;
    b.last_revisit_result = RevisitResult::unsatisfied;
    b.last_revisit_score = 2;
    ids.b = store(db, b, "20261103-TEL");
    // C: investigating, investigate and resolve overdue.
    Complaint c = bare(utc(2026, 11, 10), "web");
    c.status = Status::investigating;
    c.category = "delivery";
    c.assignee = "zhang";
    c.department = "LOG";
    c.milestone(Milestone::assign) = {utc(2026, 11, 11), utc(2026, 11, 10, 1), std::nullopt,
                                      std::nullopt};
    c.milestone(Milestone::investigate) = {utc(2026, 11, 13, 10), {}};
    c.milestone(Milestone::resolve) = {utc(2026, 11, 22), {}};
    ids.c = store(db, c, "20261110-WEB");
    // D: registered, nothing due yet.
    Complaint d = bare(utc(2026, 11, 30, 12));
    d.category = "delivery";
    d.severity = "urgent";
    d.milestone(Milestone::assign) = {utc(2026, 12, 1, 6), {}};
    d.milestone(Milestone::resolve) = {utc(2026, 12, 7), {}};
    ids.d = store(db, d, "20261130-TEL");
    // E: resolved on time 24 h after received, revisit overdue (due with C's resolve).
    Complaint e = bare(utc(2026, 11, 20), "letter");
    e.status = Status::resolved;
    e.category = "billing";
    e.assignee = "wang";
    e.department = "FIN";
    e.milestone(Milestone::assign) = {utc(2026, 11, 21), utc(2026, 11, 20, 1), std::nullopt,
                                      std::nullopt};
    e.milestone(Milestone::investigate) = {utc(2026, 11, 25), utc(2026, 11, 21), std::nullopt,
                                           std::nullopt};
    e.milestone(Milestone::resolve) = {utc(2026, 11, 27), utc(2026, 11, 21), std::nullopt,
                                       std::nullopt};
    e.milestone(Milestone::revisit) = {utc(2026, 11, 22), {}};
    e.resolution = Resolution{"p", "none", {}, "CNY", {}, utc(2026, 11, 21), "li"};
    ids.e = store(db, e, "20261120-LTR");
    // F: registered on 1 November local time (31 October UTC), assign and resolve overdue;
    // its resolve deadline is the same as C's investigate deadline.
    Complaint f = bare(utc(2026, 10, 31, 20), "email");
    f.category = "other";
    f.milestone(Milestone::assign) = {utc(2026, 11, 2, 10), {}};
    f.milestone(Milestone::resolve) = {utc(2026, 11, 13, 10), {}};
    ids.f = store(db, f, "20261101-EML");
    return ids;
}

struct Counts {
    long long received, open, closed, overdue, resolved, resolved_on_time, revisited, satisfied,
        reopened;
    std::optional<double> avg_resolve_hours, avg_score;
};

void check_counts(const SummaryRow& r, const Counts& x) {
    CHECK(r.received == x.received);
    CHECK(r.open == x.open);
    CHECK(r.closed == x.closed);
    CHECK(r.overdue == x.overdue);
    CHECK(r.resolved == x.resolved);
    CHECK(r.resolved_on_time == x.resolved_on_time);
    CHECK(r.revisited == x.revisited);
    CHECK(r.satisfied == x.satisfied);
    CHECK(r.reopened == x.reopened);
    REQUIRE(r.avg_resolve_hours.has_value() == x.avg_resolve_hours.has_value());
    if (x.avg_resolve_hours) CHECK(*r.avg_resolve_hours == doctest::Approx(*x.avg_resolve_hours));
    REQUIRE(r.avg_score.has_value() == x.avg_score.has_value());
    if (x.avg_score) CHECK(*r.avg_score == doctest::Approx(*x.avg_score));
}

OverdueQuery overdue_before(Instant before) {
    OverdueQuery q;
    q.before = before;
    return q;
}

SummaryQuery summary_at(Instant now, GroupBy by = GroupBy::none,
                        std::optional<Instant> from = std::nullopt,
                        std::optional<Instant> to = std::nullopt) {
    SummaryQuery q;
    q.now = now;
    q.by = by;
    q.from = from;
    q.to = to;
    return q;
}

std::vector<std::string> plan_details(SQLite::Database& db, const std::string& sql) {
    SQLite::Statement s(db, "EXPLAIN QUERY PLAN " + sql);
    std::vector<std::string> details;
    while (s.executeStep()) details.push_back(s.getColumn(3).getString());
    return details;
}

}  // namespace

TEST_CASE("Database::Database") {
    const TempDir dir;
    const std::string path = dir.file("c.db");

    SUBCASE("Access::write creates; the second open does not") {
        {
            const Database db(path, Access::write);
            CHECK(db.created());
        }
        CHECK(fs::exists(path));
        const Database again(path, Access::write);
        CHECK_FALSE(again.created());
        const Database reading(path, Access::read);
        CHECK_FALSE(reading.created());
        SQLite::Database raw(path, SQLite::OPEN_READONLY);
        CHECK(raw.execAndGet("PRAGMA user_version").getInt() == k_schema_version);
        CHECK(raw.execAndGet("PRAGMA journal_mode").getString() == "wal");
    }

    SUBCASE("Access::read on a missing file is no_input, and creates nothing") {
        CHECK(code_of([&] { Database db(path, Access::read); }) == ExitCode::no_input);
        CHECK_FALSE(fs::exists(path));
    }

    SUBCASE("a directory that does not exist is cannot_create") {
        CHECK(code_of([&] { Database db(dir.file("no/such/dir/c.db"), Access::write); }) ==
              ExitCode::cannot_create);
    }

    SUBCASE("a file of garbage is io") {
        {
            std::ofstream out(path, std::ios::binary);
            for (int i = 0; i < 100; ++i) out << "this is not a database at all; ";
        }
        CHECK(code_of([&] { Database db(path, Access::read); }) == ExitCode::io);
        CHECK(code_of([&] { Database db(path, Access::write); }) == ExitCode::io);
    }

    SUBCASE("a database of a newer version is io, and is left alone") {
        {
            SQLite::Database raw(path, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
            raw.exec("PRAGMA user_version = 99");
        }
        for (const Access access : {Access::read, Access::write}) {
            try {
                Database db(path, access);
                FAIL("expected an error");
            } catch (const Error& e) {
                CHECK(e.code() == ExitCode::io);
                CHECK(std::string(e.what()).find("newer") != std::string::npos);
            }
        }
        SQLite::Database raw(path, SQLite::OPEN_READONLY);
        CHECK(raw.execAndGet("PRAGMA user_version").getInt() == 99);
        CHECK_FALSE(raw.tableExists("complaint"));
    }

    SUBCASE("every connection is durable and checks foreign keys") {
        const Database db(path, Access::write);
        CHECK(db.pragma("synchronous") == "2");  // FULL
        CHECK(db.pragma("foreign_keys") == "1");
        CHECK(db.pragma("journal_mode") == "wal");
        const Database again(path, Access::read);
        CHECK(again.pragma("synchronous") == "2");
        CHECK(again.pragma("foreign_keys") == "1");
        // An event of a complaint that does not exist is refused.
        SQLite::Database raw(path, SQLite::OPEN_READWRITE);
        raw.exec("PRAGMA foreign_keys = ON");
        CHECK_THROWS_AS(raw.exec("INSERT INTO event (complaint, type, at, recorded_at, actor, "
                                 "details) VALUES (42, 'register', 'x', 'x', 'li', '{}')"),
                        SQLite::Exception);
    }

    SUBCASE("the status is not a CHECK constraint: the program checks it on reading") {
        const Database db(path, Access::write);
        SQLite::Database raw(path, SQLite::OPEN_READONLY);
        const std::string table =
            raw.execAndGet("SELECT sql FROM sqlite_schema WHERE name = 'complaint'").getString();
        CHECK(table.find("CHECK") == std::string::npos);
    }
}

TEST_CASE("Database::insert") {
    const TempDir dir;
    Database db(dir.file("c.db"), Access::write);

    SUBCASE("a full complaint reads back field by field") {
        Complaint c = full();
        const Event e = event(EventType::registration, c.received_at);
        db.write([&] { db.complaints().insert(c, "20261120-TEL", e); });
        CHECK(c.id == "20261120-TEL-001");
        CHECK(c.row_id > 0);
        const auto back = db.complaints().find(c.id);
        REQUIRE(back.has_value());
        check_same(*back, c);

        const auto events = db.events().of(c.row_id);
        REQUIRE(events.size() == 1);
        CHECK(events[0].seq > 0);
        CHECK(events[0].type() == EventType::registration);
        CHECK(events[0].at == e.at);
        CHECK(events[0].recorded_at == e.recorded_at);
        CHECK(events[0].actor == "li");
        REQUIRE(events[0].as<RegisterDetails>() != nullptr);
        CHECK(events[0].as<RegisterDetails>()->summary == "搅拌机");
        CHECK(events[0].as<RegisterDetails>()->resolve_due == c.received_at + 120h);
        // Stored as the domain's JSON shape, keys in byte order.
        SQLite::Database raw(dir.file("c.db"), SQLite::OPEN_READONLY);
        CHECK(raw.execAndGet("SELECT details FROM event").getString() == details_json(e.details));
    }

    SUBCASE("a bare complaint reads back with its nulls") {
        Complaint c = bare(utc(2026, 11, 20, 7));
        store(db, c, "20261120-TEL");
        const auto back = db.complaints().find(c.id);
        REQUIRE(back.has_value());
        check_same(*back, c);
        CHECK_FALSE(back->resolution.has_value());
        CHECK_FALSE(back->customer.contact.has_value());
    }

    SUBCASE("find is case-insensitive") {
        Complaint c = full();
        store(db, c, "20261120-TEL");
        for (const char* id : {"20261120-TEL-001", "20261120-tel-001", "20261120-Tel-001"}) {
            CAPTURE(std::string(id));
            const auto found = db.complaints().find(id);
            REQUIRE(found.has_value());
            CHECK(found->id == "20261120-TEL-001");
        }
        CHECK_FALSE(db.complaints().find("20261120-TEL-002").has_value());
        CHECK_FALSE(db.complaints().find("").has_value());
    }

    SUBCASE("serials count per day and code") {
        struct Row {
            const char* prefix;
            const char* id;
        };
        const Row rows[] = {
            {"20261120-TEL", "20261120-TEL-001"}, {"20261120-TEL", "20261120-TEL-002"},
            {"20261121-TEL", "20261121-TEL-001"}, {"20261120-EML", "20261120-EML-001"},
            {"20261120-TEL", "20261120-TEL-003"}, {"20261121-TEL", "20261121-TEL-002"},
        };
        for (const Row& row : rows) {
            CAPTURE(std::string(row.prefix));
            Complaint c = bare(utc(2026, 11, 20));
            CHECK(store(db, c, row.prefix) == row.id);
            CHECK(db.complaints().find(row.id).has_value());
        }
    }

    SUBCASE("serials past 999 keep counting") {
        db.write([&] {
            for (int i = 0; i < 1000; ++i) {
                Complaint c = bare(utc(2026, 11, 20));
                db.complaints().insert(c, "20261120-WEB",
                                       event(EventType::registration, c.received_at));
            }
        });
        Complaint c = bare(utc(2026, 11, 20));
        CHECK(store(db, c, "20261120-WEB") == "20261120-WEB-1001");
    }

    SUBCASE("find_ref") {
        Complaint c = full();
        store(db, c, "20261120-TEL");
        CHECK(db.complaints().find_ref("crm-5531") == "20261120-TEL-001");
        CHECK_FALSE(db.complaints().find_ref("crm-0000").has_value());
        Complaint twin = full();
        CHECK_THROWS_AS(store(db, twin, "20261120-TEL"), Error);
    }
}

TEST_CASE("Database::update") {
    const TempDir dir;
    Database db(dir.file("c.db"), Access::write);
    Complaint c = bare(utc(2026, 11, 20));
    store(db, c, "20261120-TEL");
    Complaint changed = full();
    changed.row_id = c.row_id;
    changed.id = c.id;
    db.write([&] { db.complaints().update(changed, event(EventType::assign, utc(2026, 11, 21))); });
    const auto back = db.complaints().find(c.id);
    REQUIRE(back.has_value());
    check_same(*back, changed);
    const auto events = db.events().of(c.row_id);
    REQUIRE(events.size() == 2);
    CHECK(events[0].type() == EventType::registration);
    CHECK(events[1].type() == EventType::assign);
    CHECK(events[0].seq < events[1].seq);

    SUBCASE("of_each: in order, per complaint") {
        Complaint other = bare(utc(2026, 11, 20));
        store(db, other, "20261120-TEL");
        const auto all = db.events().of_each({other, c});
        REQUIRE(all.size() == 2);
        CHECK(all[0].size() == 1);
        CHECK(all[1].size() == 2);
        CHECK(all[1][1].type() == EventType::assign);
    }
}

TEST_CASE("Database::write") {
    const TempDir dir;
    const std::string path = dir.file("c.db");
    Database db(path, Access::write);

    SUBCASE("the work throws: nothing is stored") {
        Complaint c = full();
        CHECK_THROWS_AS(db.write([&] {
            db.complaints().insert(c, "20261120-TEL",
                                   event(EventType::registration, c.received_at));
            Complaint second = bare(utc(2026, 11, 21));
            db.complaints().insert(second, "20261121-TEL",
                                   event(EventType::registration, second.received_at));
            throw std::runtime_error("boom");
        }),
                        std::runtime_error);
        CHECK_FALSE(db.complaints().find("20261120-TEL-001").has_value());
        CHECK_FALSE(db.complaints().find("20261121-TEL-001").has_value());
        CHECK_FALSE(db.complaints().find_ref("crm-5531").has_value());
        CHECK(db.complaints().list({}).empty());
        SQLite::Database raw(path, SQLite::OPEN_READONLY);
        CHECK(raw.execAndGet("SELECT count(*) FROM event").getInt() == 0);
        // And the next complaint gets the first serial.
        Complaint next = bare(utc(2026, 11, 20));
        CHECK(store(db, next, "20261120-TEL") == "20261120-TEL-001");
    }

    SUBCASE("an Error from the work keeps its exit code") {
        Complaint c = bare(utc(2026, 11, 20));
        CHECK(code_of([&] {
                  db.write([&] {
                      db.complaints().insert(c, "20261120-TEL",
                                             event(EventType::registration, c.received_at));
                      throw Error(ExitCode::data, "refused");
                  });
              }) == ExitCode::data);
        CHECK(db.complaints().list({}).empty());
    }

    SUBCASE("events are append-only") {
        Complaint c = full();
        store(db, c, "20261120-TEL");
        SQLite::Database raw(path, SQLite::OPEN_READWRITE);
        CHECK_THROWS_AS(raw.exec("UPDATE event SET actor = 'mallory'"), SQLite::Exception);
        CHECK_THROWS_AS(raw.exec("DELETE FROM event"), SQLite::Exception);
        const auto events = db.events().of(c.row_id);
        REQUIRE(events.size() == 1);
        CHECK(events[0].actor == "li");
    }

    SUBCASE("a stored value this build does not know is exit 74, never a default") {
        Complaint c = bare(utc(2026, 11, 20));
        store(db, c, "20261120-TEL");
        SQLite::Database raw(path, SQLite::OPEN_READWRITE);
        SUBCASE("status") {
            raw.exec("UPDATE complaint SET status = 'paused'");
            CHECK(code_of([&] { (void)db.complaints().find(c.id); }) == ExitCode::io);
            CHECK(code_of([&] { (void)db.complaints().list({}); }) == ExitCode::io);
        }
        SUBCASE("an outcome is any name of the policy's outcome table (SPEC §10)") {
            raw.exec(
                "UPDATE complaint SET resolution_plan = 'p', resolution_outcome = 'free_meal', "
                "resolution_currency = 'CNY', resolution_at = received_at, resolution_by = 'li'");
            const auto found = db.complaints().find(c.id);
            REQUIRE(found.has_value());
            REQUIRE(found->resolution.has_value());
            CHECK(found->resolution->outcome == "free_meal");
        }
        SUBCASE("revisit result") {
            raw.exec("UPDATE complaint SET last_revisit_result = 'delighted'");
            CHECK(code_of([&] { (void)db.complaints().find(c.id); }) == ExitCode::io);
        }
        SUBCASE("event type") {
            raw.exec(
                "INSERT INTO event (complaint, type, at, recorded_at, actor, details) "
                "SELECT row_id, 'teleport', received_at, received_at, 'li', '{}' FROM complaint");
            CHECK(code_of([&] { (void)db.events().of(c.row_id); }) == ExitCode::io);
        }
        SUBCASE("event details of another shape") {
            raw.exec(
                "INSERT INTO event (complaint, type, at, recorded_at, actor, details) "
                "SELECT row_id, 'assign', received_at, received_at, 'li', '{\"to\": 7}' "
                "FROM complaint");
            CHECK(code_of([&] { (void)db.events().of(c.row_id); }) == ExitCode::io);
        }
    }

    SUBCASE("locked by another writer past the busy timeout: temp_fail") {
        SQLite::Database other(path, SQLite::OPEN_READWRITE);
        other.exec("BEGIN IMMEDIATE");
        Database waiting(path, Access::write, std::chrono::milliseconds(100));
        bool ran = false;
        CHECK(code_of([&] { waiting.write([&] { ran = true; }); }) == ExitCode::temp_fail);
        CHECK_FALSE(ran);
        other.exec("ROLLBACK");
        waiting.write([&] { ran = true; });
        CHECK(ran);
    }
}

TEST_CASE("Database::list") {
    const TempDir dir;
    Database db(dir.file("c.db"), Access::write);
    const DataSet x = populate(db);

    struct Row {
        const char* what;
        ListQuery query;
        std::vector<std::string> expected;
    };
    const auto q = [](auto&& set) {
        ListQuery query;
        set(query);
        return query;
    };
    const Row rows[] = {
        {"all, by received", {}, {x.f, x.a, x.b, x.c, x.e, x.d}},
        {"status closed", q([](ListQuery& l) { l.statuses = {Status::closed}; }), {x.a, x.b}},
        {"status registered or resolved",
         q([](ListQuery& l) {
             l.statuses = {Status::registered, Status::resolved};
         }),
         {x.f, x.e, x.d}},
        {"open", q([](ListQuery& l) { l.open_only = true; }), {x.f, x.c, x.e, x.d}},
        {"overdue now", q([](ListQuery& l) { l.overdue_at = k_now; }), {x.f, x.c, x.e}},
        {"overdue later",
         q([](ListQuery& l) { l.overdue_at = utc(2026, 12, 1, 7); }),
         {x.f, x.c, x.e, x.d}},
        {"category", q([](ListQuery& l) { l.category = "delivery"; }), {x.c, x.d}},
        {"severity", q([](ListQuery& l) { l.severity = "major"; }), {x.b}},
        {"assignee", q([](ListQuery& l) { l.assignee = "zhang"; }), {x.a, x.c}},
        {"department", q([](ListQuery& l) { l.department = "QC"; }), {x.a, x.b}},
        {"received in [from, to)",
         q([](ListQuery& l) {
             l.from = utc(2026, 11, 3);
             l.to = utc(2026, 11, 20);
         }),
         {x.b, x.c}},
        {"limit", q([](ListQuery& l) { l.limit = 2; }), {x.f, x.a}},
        {"open in a category",
         q([](ListQuery& l) {
             l.open_only = true;
             l.category = "delivery";
         }),
         {x.c, x.d}},
        {"nothing matches", q([](ListQuery& l) { l.assignee = "nobody"; }), {}},
    };
    for (const Row& row : rows) {
        CAPTURE(std::string(row.what));
        CHECK(ids(db.complaints().list(row.query)) == row.expected);
    }
}

TEST_CASE("Database::overdue") {
    const TempDir dir;
    Database db(dir.file("c.db"), Access::write);
    const DataSet x = populate(db);

    SUBCASE("rows, most overdue first; equal deadlines by number") {
        const auto rows = db.reports().overdue(overdue_before(k_now));
        REQUIRE(rows.size() == 5);
        const std::pair<std::string, Milestone> expected[] = {{x.f, Milestone::assign},
                                                              {x.f, Milestone::resolve},
                                                              {x.c, Milestone::investigate},
                                                              {x.c, Milestone::resolve},
                                                              {x.e, Milestone::revisit}};
        for (std::size_t i = 0; i < rows.size(); ++i) {
            CAPTURE(i);
            CHECK(rows[i].id == expected[i].first);
            CHECK(rows[i].milestone == expected[i].second);
        }
        CHECK(rows[0].due == utc(2026, 11, 2, 10));
        CHECK_FALSE(rows[0].assignee.has_value());
        CHECK_FALSE(rows[0].department.has_value());
        CHECK(rows[0].category == "other");
        CHECK(rows[0].severity == "general");
        CHECK(rows[0].summary == "s");
        CHECK(rows[2].assignee == "zhang");
        CHECK(rows[2].department == "LOG");
        CHECK(rows[2].category == "delivery");
        CHECK(rows[1].due == rows[2].due);  // by number, though "investigate" < "resolve"
        CHECK(rows[3].due == rows[4].due);
    }

    SUBCASE("a deadline at the limit is not before it") {
        CHECK(db.reports().overdue(overdue_before(utc(2026, 12, 1, 6))).size() == 5);
        const auto rows = db.reports().overdue(overdue_before(utc(2026, 12, 1, 6, 0) + 1s));
        REQUIRE(rows.size() == 6);
        CHECK(rows.back().id == x.d);
        CHECK(rows.back().milestone == Milestone::assign);
    }

    SUBCASE("filters") {
        OverdueQuery by_assignee = overdue_before(k_now);
        by_assignee.assignee = "zhang";
        const auto rows = db.reports().overdue(by_assignee);
        REQUIRE(rows.size() == 2);
        CHECK(rows[0].id == x.c);
        CHECK(rows[1].id == x.c);
        OverdueQuery by_department = overdue_before(k_now);
        by_department.department = "FIN";
        const auto fin = db.reports().overdue(by_department);
        REQUIRE(fin.size() == 1);
        CHECK(fin[0].id == x.e);
        by_department.assignee = "zhang";
        CHECK(db.reports().overdue(by_department).empty());
    }

    SUBCASE("nothing before the first deadline") {
        CHECK(db.reports().overdue(overdue_before(utc(2026, 11, 1))).empty());
    }
}

TEST_CASE("Database::overdue index use") {
    // docs/schema.md: the report is one range scan of a partial index per milestone.
    const TempDir dir;
    const std::string path = dir.file("c.db");
    {
        Database db(path, Access::write);
        populate(db);
    }
    SQLite::Database raw(path, SQLite::OPEN_READONLY);
    // The very SQL that Reports::overdue runs.
    const auto overdue_sql = [](bool assignee, bool department) {
        OverdueQuery q;
        if (assignee) q.assignee = "zhang";
        if (department) q.department = "QC";
        return Reports::overdue_sql(q);
    };
    for (const bool assignee : {false, true}) {
        for (const bool department : {false, true}) {
            CAPTURE(assignee);
            CAPTURE(department);
            std::string plan;
            for (const auto& d : plan_details(raw, overdue_sql(assignee, department)))
                plan += d + "\n";
            CAPTURE(plan);
            for (const std::string name : {"assign", "investigate", "resolve", "revisit"}) {
                CAPTURE(name);
                CHECK(plan.find("SEARCH complaint USING INDEX complaint_" + name + "_open") !=
                      std::string::npos);
            }
            CHECK(plan.find("SCAN complaint") == std::string::npos);
        }
    }
}

TEST_CASE("ComplaintStore::list --overdue reads the partial indexes, never every complaint") {
    // SPEC 13: "list --overdue reads the open complaints, not all of them".
    // An OR of the milestones' conditions, ordered by the time received, made
    // SQLite scan complaint_received.
    const TempDir dir;
    const std::string path = dir.file("c.db");
    {
        Database db(path, Access::write);
        populate(db);
    }
    SQLite::Database raw(path, SQLite::OPEN_READONLY);
    for (const bool open_only : {false, true}) {
        for (const bool category : {false, true}) {
            ListQuery q;
            q.overdue_at = k_now;
            q.open_only = open_only;
            if (category) q.category = "product";
            std::string plan;
            for (const auto& d : plan_details(raw, ComplaintStore::list_sql(q))) plan += d + "\n";
            CAPTURE(plan);
            for (const Milestone m : domain::k_milestones) {
                CAPTURE(m);
                CHECK(plan.find(fmt::format("SEARCH complaint USING INDEX complaint_{}_open",
                                            domain::to_string(m))) != std::string::npos);
            }
            CHECK(plan.find("SCAN complaint") == std::string::npos);
        }
    }
}

TEST_CASE("ComplaintStore::duplicate_candidates searches the duplicate keys") {
    // Schema version 8: the search of `register` and of a CSV import reads the
    // complaints of the same contact or order, not every open complaint of the
    // category in the window (which grew with the database).
    const TempDir dir;
    const std::string path = dir.file("c.db");
    { Database db(path, Access::write); }
    SQLite::Database raw(path, SQLite::OPEN_READONLY);
    std::string plan;
    for (const auto& d : plan_details(raw, ComplaintStore::duplicate_candidates_sql()))
        plan += d + "\n";
    CAPTURE(plan);
    CHECK(plan.find("SEARCH complaint USING INDEX complaint_contact_key (contact_key=? AND "
                    "category=? AND received_at>? AND received_at<?)") != std::string::npos);
    CHECK(plan.find("SEARCH complaint USING INDEX complaint_order_key (order_key=? AND "
                    "category=? AND received_at>? AND received_at<?)") != std::string::npos);
    CHECK(plan.find("SCAN complaint") == std::string::npos);
}

namespace {

// The query plan of `sql` on `db`, one detail a line.
std::string plan_of(SQLite::Database& db, const std::string& sql) {
    std::string plan;
    for (const auto& d : plan_details(db, sql)) plan += d + "\n";
    return plan;
}

// Whether every table access of `plan` is a search of one of `indexes`
// that covers what it reads: no SCAN of a table and no lookup in it.
bool covered_by(const std::string& plan, const std::vector<std::string>& indexes) {
    for (const auto& index : indexes)
        if (plan.find("SEARCH complaint USING COVERING INDEX " + index + " (") == std::string::npos)
            return false;
    std::size_t searches = 0;
    for (auto at = plan.find("SEARCH complaint"); at != std::string::npos;
         at = plan.find("SEARCH complaint", at + 1))
        ++searches;
    std::size_t covering = 0;
    for (auto at = plan.find("USING COVERING INDEX"); at != std::string::npos;
         at = plan.find("USING COVERING INDEX", at + 1))
        ++covering;
    return plan.find("SCAN complaint") == std::string::npos && searches == covering;
}

}  // namespace

TEST_CASE("Reports::trend_sql index use") {
    // Version 7 (docs/schema.md): each count of a period is one range search
    // of an index that covers it; the complaint table itself is never read.
    const TempDir dir;
    const std::string path = dir.file("c.db");
    {
        Database db(path, Access::write);
        populate(db);
    }
    SQLite::Database raw(path, SQLite::OPEN_READWRITE);
    const std::string all = plan_of(raw, Reports::trend_sql(0));
    const std::string two = plan_of(raw, Reports::trend_sql(2));
    CAPTURE(all);
    CAPTURE(two);
    CHECK(covered_by(all, {"complaint_received", "complaint_resolved", "complaint_closed"}));
    // With --category: (category, received_at) for the received count.
    CHECK(covered_by(two,
                     {"complaint_duplicate_candidates", "complaint_resolved", "complaint_closed"}));

    SUBCASE("the check fails with complaint_resolved of version 6") {
        raw.exec(
            "DROP INDEX complaint_resolved; CREATE INDEX complaint_resolved ON complaint "
            "(resolution_at) WHERE resolution_at IS NOT NULL");
        CHECK_FALSE(covered_by(plan_of(raw, Reports::trend_sql(0)),
                               {"complaint_received", "complaint_resolved", "complaint_closed"}));
    }
    SUBCASE("the check fails with complaint_closed of version 6 and a category") {
        raw.exec(
            "DROP INDEX complaint_closed; CREATE INDEX complaint_closed ON complaint "
            "(closed_at) WHERE closed_at IS NOT NULL");
        // Without a category it still covers the count of closed complaints.
        CHECK(covered_by(plan_of(raw, Reports::trend_sql(0)),
                         {"complaint_received", "complaint_resolved", "complaint_closed"}));
        CHECK_FALSE(covered_by(
            plan_of(raw, Reports::trend_sql(1)),
            {"complaint_duplicate_candidates", "complaint_resolved", "complaint_closed"}));
    }
}

TEST_CASE("Reports::summary_sql index use") {
    // A month's summary reads the complaints received in it through
    // complaint_received, whatever the grouping: never the whole table.
    const TempDir dir;
    const std::string path = dir.file("c.db");
    {
        Database db(path, Access::write);
        populate(db);
    }
    SQLite::Database raw(path, SQLite::OPEN_READWRITE);
    const auto month = [](GroupBy by) {
        return Reports::summary_sql(summary_at(k_now, by, utc(2026, 11, 1), utc(2026, 12, 1)), by);
    };
    for (const GroupBy by :
         {GroupBy::none, GroupBy::category, GroupBy::site, GroupBy::month, GroupBy::department}) {
        CAPTURE(std::string(domain::name_of(by)));
        const std::string plan = plan_of(raw, month(by));
        CAPTURE(plan);
        CHECK(plan.find("SEARCH complaint USING INDEX complaint_received (received_at>? AND "
                        "received_at<?)") != std::string::npos);
        CHECK(plan.find("SCAN complaint") == std::string::npos);
    }
    SUBCASE("the check fails without the index") {
        raw.exec("DROP INDEX complaint_received");
        const std::string plan = plan_of(raw, month(GroupBy::category));
        CAPTURE(plan);
        CHECK(plan.find("SCAN complaint") != std::string::npos);
    }
}

TEST_CASE("Database::summary") {
    const TempDir dir;
    Database db(dir.file("c.db"), Access::write);
    const DataSet x = populate(db);
    (void)x;

    SUBCASE("the total") {
        const SummaryRow total = db.reports().summary_total(summary_at(k_now));
        CHECK_FALSE(total.group.has_value());
        check_counts(total, {.received = 6,
                             .open = 4,
                             .closed = 2,
                             .overdue = 3,
                             .resolved = 3,
                             .resolved_on_time = 2,
                             .revisited = 2,
                             .satisfied = 1,
                             .reopened = 1,
                             .avg_resolve_hours = 56.0,
                             .avg_score = 3.5});
        const auto rows = db.reports().summary(summary_at(k_now));
        REQUIRE(rows.size() == 1);
        check_counts(rows[0], {6, 4, 2, 3, 3, 2, 2, 1, 1, 56.0, 3.5});
    }

    SUBCASE("overdue is judged at `now`") {
        const SummaryRow later = db.reports().summary_total(summary_at(utc(2026, 12, 1, 7)));
        CHECK(later.overdue == 4);
        const SummaryRow early = db.reports().summary_total(summary_at(utc(2026, 11, 1)));
        CHECK(early.overdue == 0);
    }

    SUBCASE("by category, in order of the group") {
        const SummaryQuery query = summary_at(k_now, GroupBy::category);
        const auto rows = db.reports().summary(query);
        REQUIRE(rows.size() == 4);
        CHECK(rows[0].group == "billing");
        check_counts(rows[0], {1, 1, 0, 1, 1, 1, 0, 0, 0, 24.0, std::nullopt});
        CHECK(rows[1].group == "delivery");
        check_counts(rows[1], {2, 2, 0, 1, 0, 0, 0, 0, 0, std::nullopt, std::nullopt});
        CHECK(rows[2].group == "other");
        check_counts(rows[2], {1, 1, 0, 1, 0, 0, 0, 0, 0, std::nullopt, std::nullopt});
        CHECK(rows[3].group == "product");
        check_counts(rows[3], {2, 0, 2, 0, 2, 1, 2, 1, 1, 72.0, 3.5});
        // The total does not depend on grouping.
        check_counts(db.reports().summary_total(query), {6, 4, 2, 3, 3, 2, 2, 1, 1, 56.0, 3.5});
    }

    SUBCASE("by assignee: no assignee comes last") {
        const auto rows = db.reports().summary(summary_at(k_now, GroupBy::assignee));
        REQUIRE(rows.size() == 4);
        CHECK(rows[0].group == "li");
        CHECK(rows[1].group == "wang");
        CHECK(rows[2].group == "zhang");
        CHECK(rows[2].received == 2);
        CHECK_FALSE(rows[3].group.has_value());
        CHECK(rows[3].received == 2);  // D and F
    }

    SUBCASE("by month: the local date received") {
        const auto rows = db.reports().summary(summary_at(k_now, GroupBy::month));
        REQUIRE(rows.size() == 1);
        CHECK(rows[0].group == "2026-11");  // F: 31 October UTC, 1 November local
        CHECK(rows[0].received == 6);
    }

    SUBCASE("received in [from, to)") {
        const SummaryQuery query =
            summary_at(k_now, GroupBy::none, utc(2026, 11, 3), utc(2026, 11, 20));
        // B and C.
        check_counts(db.reports().summary_total(query), {2, 1, 1, 1, 1, 0, 1, 0, 1, 48.0, 2.0});
    }

    SUBCASE("nothing received: zeros and no averages") {
        const SummaryQuery query = summary_at(k_now, GroupBy::none, utc(2027, 1, 1));
        check_counts(db.reports().summary_total(query),
                     {0, 0, 0, 0, 0, 0, 0, 0, 0, std::nullopt, std::nullopt});
        CHECK(db.reports().summary(summary_at(k_now, GroupBy::category, utc(2027, 1, 1))).empty());
    }
}

TEST_CASE(
    "ComplaintStore::each_row reads what each reads, next deadline as the domain computes it") {
    // `list` in text and CSV reads only its columns; SQLite computes the next
    // deadline (next_deadline_sql). Every status with random clocks: set or
    // not, met or not, the due times in any order.
    const TempDir dir;
    Database db(dir.file("c.db"), Access::write);
    std::mt19937 random(20261203);
    const auto coin = [&] { return std::uniform_int_distribution<int>(0, 1)(random) == 1; };
    const auto when = [&] {
        return utc(2026, 11, 1) +
               std::chrono::hours(std::uniform_int_distribution<int>(0, 900)(random));
    };
    int stored = 0;
    for (const Status status : domain::k_statuses) {
        for (int i = 0; i < 40; ++i) {
            Complaint c = bare(utc(2026, 10, 1) + std::chrono::minutes(stored));
            c.status = status;
            c.summary = fmt::format("complaint {}", stored);
            if (coin()) c.assignee = "zhang";
            for (const Milestone m : domain::k_milestones) {
                if (!coin()) continue;
                c.milestone(m).due = when();
                if (coin()) c.milestone(m).met_at = when();
            }
            store(db, c, "20261001-TEL");
            ++stored;
        }
    }
    std::vector<Complaint> full;
    db.complaints().each({}, [&](const Complaint& c) { full.push_back(c); });
    std::vector<ListRow> rows;
    db.complaints().each_row({}, [&](const ListRow& r) { rows.push_back(r); });
    REQUIRE(full.size() == static_cast<std::size_t>(stored));
    REQUIRE(rows.size() == full.size());
    int with_deadline = 0;
    for (std::size_t i = 0; i < rows.size(); ++i) {
        const Complaint& c = full[i];
        const ListRow& r = rows[i];
        CAPTURE(c.id);
        CAPTURE(domain::to_string(c.status));
        CHECK(r.id == c.id);
        CHECK(r.received_at == c.received_at);
        CHECK(r.status == c.status);
        CHECK(r.category == c.category);
        CHECK(r.severity == c.severity);
        CHECK(r.assignee == c.assignee);
        CHECK(r.summary == c.summary);
        CHECK(r.next_deadline == c.next_deadline());
        if (c.next_deadline()) ++with_deadline;
    }
    CHECK(with_deadline > 100);
}
