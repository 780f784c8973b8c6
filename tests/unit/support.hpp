#pragma once

// Helpers shared by the unit tests.

#include <complaints/domain/error.hpp>
#include <complaints/domain/lifecycle.hpp>
#include <complaints/domain/policy.hpp>
#include <complaints/policy/policy_file.hpp>

#include <doctest/doctest.h>

#include <fmt/format.h>

#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

namespace test_support {

// "assign=1wd investigate=- ...": limits compared as one string, so a failure shows them all.
inline std::string limits_text(const complaints::domain::Limits& limits) {
    std::string out;
    for (const auto m : complaints::domain::k_milestones)
        out += std::string(to_string(m)) + "=" + (limits[m] ? limits[m]->to_string() : "-") + " ";
    return out;
}

// Every field of two tables of names, entry by entry.
inline void check_same_entries(const std::vector<complaints::domain::NamedEntry>& a,
                               const std::vector<complaints::domain::NamedEntry>& b) {
    REQUIRE(a.size() == b.size());
    for (std::size_t i = 0; i < a.size(); ++i) {
        CAPTURE(a[i].name);
        CHECK(a[i].name == b[i].name);
        CHECK(a[i].label == b[i].label);
        CHECK(limits_text(a[i].limits) == limits_text(b[i].limits));
        CHECK(a[i].is_default == b[i].is_default);
        CHECK(a[i].code == b[i].code);
        CHECK(a[i].department == b[i].department);
    }
}

// Every field but `source`; `timezone_setting` only when `same_setting` (the effective
// policy names the zone in use even when the original left it to the system).
inline void check_same_policy(const complaints::domain::Policy& a,
                              const complaints::domain::Policy& b, bool same_setting = true) {
    CHECK(a.organization_name == b.organization_name);
    CHECK(a.currency == b.currency);
    if (same_setting) CHECK(a.timezone_setting == b.timezone_setting);
    CHECK(a.zone.name() == b.zone.name());
    CHECK(a.calendar.workdays == b.calendar.workdays);
    CHECK(a.calendar.hours == b.calendar.hours);
    CHECK(a.calendar.holidays == b.calendar.holidays);
    CHECK(a.calendar.extra_workdays == b.calendar.extra_workdays);
    CHECK(limits_text(a.limits) == limits_text(b.limits));
    check_same_entries(a.kinds, b.kinds);
    check_same_entries(a.severities, b.severities);
    check_same_entries(a.channels, b.channels);
    check_same_entries(a.categories, b.categories);
    REQUIRE(a.departments.size() == b.departments.size());
    for (std::size_t i = 0; i < a.departments.size(); ++i) {
        CHECK(a.departments[i].key == b.departments[i].key);
        CHECK(a.departments[i].label == b.departments[i].label);
        CHECK(a.departments[i].head == b.departments[i].head);
    }
    REQUIRE(a.people.size() == b.people.size());
    for (std::size_t i = 0; i < a.people.size(); ++i) {
        CHECK(a.people[i].key == b.people[i].key);
        CHECK(a.people[i].name == b.people[i].name);
        CHECK(a.people[i].email == b.people[i].email);
        CHECK(a.people[i].department == b.people[i].department);
        CHECK(a.people[i].manager == b.people[i].manager);
    }
    CHECK(a.notify.from == b.notify.from);
    CHECK(a.notify.repeat == b.notify.repeat);
    CHECK(a.notify.escalate_after == b.notify.escalate_after);
}

// The built-in policy, in Asia/Shanghai so that deadlines do not depend on the machine.
inline complaints::domain::Policy shanghai() {
    complaints::domain::Policy p = complaints::policy::builtin();
    const auto zone = complaints::policy::load_zone("Asia/Shanghai");
    REQUIRE(zone.has_value());
    p.zone = *zone;
    return p;
}

// `actor` acting at `t`, recorded at the same instant.
inline complaints::domain::Stamp at(complaints::domain::Instant t, std::string actor = "li") {
    return complaints::domain::Stamp{std::move(actor), t, t};
}

// The instant y-m-d hh:mm:ss in UTC.
inline complaints::domain::Instant utc(int y, unsigned m, unsigned d, int hh = 0, int mm = 0,
                                       int ss = 0) {
    using namespace std::chrono;
    return sys_days{year{y} / month{m} / day{d}} + hours{hh} + minutes{mm} + seconds{ss};
}

// An instant given as wall-clock time in Asia/Shanghai (UTC+8, no DST since 1991).
inline complaints::domain::Instant cst(int y, unsigned m, unsigned d, int hh = 0, int mm = 0,
                                       int ss = 0) {
    return utc(y, m, d, hh, mm, ss) - std::chrono::hours{8};
}

// The calendar of the worked examples of SPEC §3.1 and §10: Mon-Fri,
// 09:00-12:00 and 13:00-18:00, holidays 2026-10-01, 02, 05, 06, 07, the
// make-up Saturday 2026-10-10.
inline complaints::domain::Calendar spec_calendar() {
    using std::chrono::day, std::chrono::month, std::chrono::year;
    complaints::domain::Calendar calendar;
    calendar.hours = {{9 * 60, 12 * 60}, {13 * 60, 18 * 60}};
    for (const unsigned d : {1U, 2U, 5U, 6U, 7U})
        calendar.holidays.push_back(year{2026} / month{10} / day{d});
    calendar.extra_workdays = {year{2026} / month{10} / day{10}};
    return calendar;
}

// The built-in policy on the calendar of SPEC §3.1, in Asia/Shanghai.
inline complaints::domain::Policy spec_policy() {
    complaints::domain::Policy p = shanghai();
    p.calendar = spec_calendar();
    return p;
}

// The entry `name` of `table` in `p`, to change it in a test.
inline complaints::domain::NamedEntry& entry(complaints::domain::Policy& p,
                                             complaints::domain::Table table,
                                             std::string_view name) {
    auto& list = const_cast<std::vector<complaints::domain::NamedEntry>&>(p.entries(table));
    for (auto& e : list)
        if (e.name == name) return e;
    FAIL("no such entry");
    return list.front();
}

namespace detail {
inline std::string opt(const std::optional<std::string>& s) {
    return s ? "'" + *s + "'" : "null";
}
inline std::string opt(const std::optional<complaints::domain::Instant>& t) {
    return t ? complaints::domain::format_utc(*t) : "null";
}
}  // namespace detail

// Every field of `c`, to tell that a refused step changed nothing.
inline std::string describe(const complaints::domain::Complaint& c) {
    using namespace complaints::domain;
    using detail::opt;
    std::string out = fmt::format(
        "{} {} {} {} {} {} {} {} {} {} {} {} {} {} {} {} {} {} {} {} {} {}", c.row_id, c.id,
        to_string(c.status), c.kind, c.channel, c.category, c.severity, c.customer.name,
        opt(c.customer.contact), opt(c.customer.organization), opt(c.customer.order), c.summary,
        opt(c.description), opt(c.demand), opt(c.ref), format_utc(c.received_at), c.registered_by,
        opt(c.assignee), opt(c.department), c.reopen_count, c.unreachable_count, opt(c.closed_at));
    out += fmt::format(" last={} score={}",
                       c.last_revisit_result ? to_string(*c.last_revisit_result) : "null",
                       c.last_revisit_score ? std::to_string(*c.last_revisit_score) : "null");
    if (c.resolution) {
        const auto& r = *c.resolution;
        out += fmt::format(" resolution[{} {} {} {} {} {} {}]", r.plan, r.outcome,
                           r.amount ? r.amount->to_string() : "null", r.currency,
                           opt(r.responsible), format_utc(r.at), r.by);
    }
    out += fmt::format(
        " site={} cause={} substantiated={} held_from={} hold_reason={} held_seconds={}",
        opt(c.site), opt(c.cause), c.substantiated ? (*c.substantiated ? "yes" : "no") : "null",
        c.held_from ? to_string(*c.held_from) : "null",
        c.hold_reason ? name_of(*c.hold_reason) : "null", c.held_seconds);
    for (const HoldPeriod& h : c.holds)
        out += fmt::format(" hold[{} {}]", format_utc(h.from), format_utc(h.to));
    out += fmt::format(" rejection={} of={} duplicate_of={} total={}",
                       c.rejection_reason ? name_of(*c.rejection_reason) : "null",
                       opt(c.rejection_of), opt(c.possible_duplicate_of),
                       c.total_amount ? c.total_amount->to_string() : "null");
    for (const Milestone m : k_milestones) {
        const MilestoneClock& k = c.milestone(m);
        out += fmt::format(" {}[{} {} {} {}]", to_string(m), opt(k.due), opt(k.met_at),
                           opt(k.started_at), k.limit ? k.limit->to_string() : "null");
    }
    out += " last_event_at=" + opt(c.last_event_at);
    out += fmt::format(" approved_by={} approved_at={} anonymized_at={}", opt(c.approved_by),
                       opt(c.approved_at), opt(c.anonymized_at));
    return out;
}

// A complaint walked through the lifecycle by the steps themselves, at these
// times (Shanghai): received on a Friday afternoon, then one step after another.
inline const complaints::domain::Instant k_received = cst(2026, 11, 20, 15);  // Fri
inline const complaints::domain::Instant k_assigned_at = cst(2026, 11, 20, 16);
inline const complaints::domain::Instant k_investigated_at = cst(2026, 11, 21, 10);
inline const complaints::domain::Instant k_resolved_at = cst(2026, 11, 23, 10);  // Mon
inline const complaints::domain::Instant k_revisited_at = cst(2026, 11, 23, 12);
inline const complaints::domain::Instant k_held_at = cst(2026, 11, 23, 11);
inline const std::string k_number = "20261120-TEL-001";

inline complaints::domain::Registration registration() {
    complaints::domain::Registration r;
    r.channel = "phone";
    r.category = "product";
    r.customer.name = "王芳";
    r.customer.contact = "13800000000";
    r.summary = "搅拌机两分钟后停转";
    return r;
}

inline complaints::domain::Complaint registered(const complaints::domain::Policy& p,
                                                complaints::domain::Registration r = registration(),
                                                complaints::domain::Instant when = k_received) {
    auto [c, event] = register_complaint(r, p, at(when));
    c.id = k_number;
    return c;
}

inline complaints::domain::Assignment to(std::string person) {
    complaints::domain::Assignment a;
    a.to = std::move(person);
    return a;
}

inline complaints::domain::Finding finding(bool complete = false) {
    complaints::domain::Finding f;
    f.text = "电机过热，保险丝熔断";
    f.complete = complete;
    return f;
}

inline complaints::domain::ResolutionRequest resolution() {
    complaints::domain::ResolutionRequest r;
    r.plan = "换新";
    r.outcome = "refund";
    r.amount = complaints::domain::Money{12850};
    r.responsible = "供应商";
    return r;
}

inline complaints::domain::RevisitRequest revisit_with(complaints::domain::RevisitResult result,
                                                       std::optional<int> score = std::nullopt) {
    complaints::domain::RevisitRequest r;
    r.result = result;
    r.score = score;
    return r;
}

inline complaints::domain::HoldRequest hold_for(
    complaints::domain::HoldReason reason = complaints::domain::HoldReason::waiting_customer) {
    complaints::domain::HoldRequest r;
    r.reason = reason;
    return r;
}

// A complaint brought to `status` by the lifecycle functions themselves:
// on_hold is held from `held_from`; rejected (out_of_scope) and withdrawn end
// a registered complaint; awaiting_approval is li's proposal of an
// investigated complaint.
inline complaints::domain::Complaint in_status(
    complaints::domain::Status status, const complaints::domain::Policy& p,
    complaints::domain::Status held_from = complaints::domain::Status::investigating) {
    using namespace complaints::domain;
    if (status == Status::on_hold) {
        Complaint c = in_status(held_from, p);
        hold(c, hold_for(), p, at(k_held_at));
        REQUIRE(c.status == Status::on_hold);
        return c;
    }
    Complaint c = registered(p);
    if (status == Status::registered) return c;
    if (status == Status::rejected) {
        RejectRequest r;
        r.reason = RejectReason::out_of_scope;
        reject(c, r, p, at(k_assigned_at));
        REQUIRE(c.status == Status::rejected);
        return c;
    }
    if (status == Status::withdrawn) {
        withdraw(c, std::string("不需要了"), p, at(k_assigned_at));
        REQUIRE(c.status == Status::withdrawn);
        return c;
    }
    assign(c, to("zhang"), p, at(k_assigned_at));
    if (status == Status::assigned) return c;
    investigate(c, finding(), p, at(k_investigated_at));
    if (status == Status::investigating) return c;
    if (status == Status::awaiting_approval) {
        // Proposed by li under a policy whose severities all require approval.
        Policy strict = p;
        for (auto& severity : strict.severities) severity.requires_approval = true;
        resolve(c, resolution(), strict, at(k_resolved_at));
        REQUIRE(c.status == Status::awaiting_approval);
        return c;
    }
    resolve(c, resolution(), p, at(k_resolved_at));
    if (status == Status::resolved) return c;
    revisit(c, revisit_with(RevisitResult::satisfied, 5), p, at(k_revisited_at));
    REQUIRE(c.status == Status::closed);
    return c;
}

// Runs `step` on `c`, which must refuse it with `code`; `c` must be
// unchanged. Returns the error's message.
template <typename F>
std::string check_refused(complaints::domain::Complaint& c, F&& step,
                          complaints::ExitCode code = complaints::ExitCode::data) {
    const std::string before = describe(c);
    std::string message;
    try {
        step(c);
        FAIL("expected the step to be refused");
    } catch (const complaints::Error& e) {
        CHECK(e.code() == code);
        message = e.what();
    }
    CHECK(describe(c) == before);
    return message;
}

// A fresh directory under the system's temporary directory, removed with
// everything in it.
class TempDir {
public:
    TempDir() {
        std::string pattern =
            (std::filesystem::temp_directory_path() / "complaints-test-XXXXXX").string();
        REQUIRE(::mkdtemp(pattern.data()) != nullptr);
        m_path = pattern;
    }
    ~TempDir() {
        std::error_code ignored;
        std::filesystem::remove_all(m_path, ignored);
    }
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    [[nodiscard]] std::string file(const std::string& name) const {
        return (m_path / name).string();
    }

private:
    std::filesystem::path m_path;
};

// The exit code of the `Error` that `f` throws; fails the test when it
// throws none.
template <typename F>
complaints::ExitCode code_of(F&& f) {
    try {
        f();
    } catch (const complaints::Error& e) {
        return e.code();
    }
    FAIL("expected an Error");
    return complaints::ExitCode::ok;
}

}  // namespace test_support
