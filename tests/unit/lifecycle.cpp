#include <complaints/domain/error.hpp>
#include <complaints/domain/lifecycle.hpp>
#include <complaints/policy/policy_file.hpp>

#include <doctest/doctest.h>

#include "support.hpp"

#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include <fstream>
#include <iterator>
#include <set>
#include <string>
#include <tuple>
#include <vector>

using namespace complaints;
using namespace complaints::domain;
using namespace std::chrono_literals;
using nlohmann::json;

namespace {

using test_support::at;
using test_support::check_refused;
using test_support::cst;
using test_support::describe;
using test_support::finding;
using test_support::in_status;
using test_support::k_assigned_at;
using test_support::k_investigated_at;
using test_support::k_received;
using test_support::k_resolved_at;
using test_support::k_revisited_at;
using test_support::registered;
using test_support::registration;
using test_support::resolution;
using test_support::revisit_with;
using test_support::shanghai;
using test_support::to;

json details_of(const Event& e) {
    const json j = json::parse(details_json(e.details), nullptr, false);
    REQUIRE_FALSE(j.is_discarded());
    REQUIRE(j.is_object());
    return j;
}

std::set<std::string> keys_of(const json& j) {
    std::set<std::string> keys;
    for (const auto& [key, value] : j.items()) keys.insert(key);
    return keys;
}

}  // namespace

TEST_CASE("register_complaint") {
    const Policy p = shanghai();

    SUBCASE("stores the acknowledge, assign and resolve deadlines") {
        // SPEC §10: acknowledge (built-in 1wd) starts at received, like assign and resolve.
        const auto [c, event] = register_complaint(registration(), p, at(k_received));
        CHECK(c.status == Status::registered);
        CHECK(c.received_at == k_received);
        CHECK(c.registered_by == "li");
        CHECK(c.milestone(Milestone::acknowledge).due == cst(2026, 11, 23, 18));
        CHECK(c.milestone(Milestone::assign).due == cst(2026, 11, 23, 18));
        CHECK(c.milestone(Milestone::resolve).due == cst(2026, 11, 27, 18));
        for (const Milestone m : {Milestone::acknowledge, Milestone::assign, Milestone::resolve}) {
            CAPTURE(to_string(m));
            CHECK(c.milestone(m).started_at == k_received);
            REQUIRE(c.milestone(m).limit.has_value());
        }
        CHECK(c.milestone(Milestone::acknowledge).limit->to_string() == "1wd");
        CHECK(c.milestone(Milestone::resolve).limit->to_string() == "5wd");
        for (const Milestone m : {Milestone::investigate, Milestone::revisit, Milestone::hold}) {
            CAPTURE(to_string(m));
            CHECK_FALSE(c.milestone(m).due.has_value());
            CHECK_FALSE(c.milestone(m).started_at.has_value());
        }
        for (const Milestone m : k_milestones) CHECK_FALSE(c.milestone(m).met_at.has_value());
        CHECK(c.id.empty());
        CHECK(c.reopen_count == 0);
        CHECK(c.unreachable_count == 0);
        CHECK_FALSE(c.resolution.has_value());
        CHECK_FALSE(c.assignee.has_value());
        CHECK(c.customer.name == "王芳");
        CHECK(c.customer.contact == "13800000000");
        CHECK(c.summary == "搅拌机两分钟后停转");
    }

    SUBCASE("defaults: kind complaint, severity general") {
        const auto [c, event] = register_complaint(registration(), p, at(k_received));
        CHECK(c.kind == "complaint");
        CHECK(c.severity == "general");
    }

    SUBCASE("given kind and severity") {
        Registration r = registration();
        r.kind = "suggestion";
        r.severity = "urgent";
        const auto [c, event] = register_complaint(r, p, at(k_received));
        CHECK(c.kind == "suggestion");
        CHECK(c.severity == "urgent");
    }

    SUBCASE("a default marked in the policy wins over the name") {
        Policy q = p;
        q.kinds[0].is_default = false;
        q.kinds[2].is_default = true;  // inquiry
        const auto [c, event] = register_complaint(registration(), q, at(k_received));
        CHECK(c.kind == "inquiry");
    }

    SUBCASE("unknown names are data errors listing the allowed names") {
        // SPEC §10: each allowed name is shown with its label.
        struct Row {
            const char* what;
            void (*set)(Registration&);
            const char* allowed;
        };
        const Row rows[] = {
            {"channel", [](Registration& r) { r.channel = "fax"; },
             "phone (Phone), email (E-mail), web (Web form), letter (Letter), visit (Visit), "
             "social (Social media), regulator (Regulator)"},
            {"category", [](Registration& r) { r.category = "food"; },
             "product (Product), delivery (Delivery), service (Service), billing (Billing), "
             "other (Other)"},
            {"kind", [](Registration& r) { r.kind = "praise"; },
             "complaint (Complaint), suggestion (Suggestion), inquiry (Inquiry)"},
            {"severity", [](Registration& r) { r.severity = "critical"; },
             "general (General), major (Major), urgent (Urgent)"},
            {"channel, in upper case", [](Registration& r) { r.channel = "PHONE"; },
             "phone (Phone), email (E-mail), web (Web form)"},
        };
        for (const Row& row : rows) {
            CAPTURE(row.what);
            Registration r = registration();
            row.set(r);
            try {
                register_complaint(r, p, at(k_received));
                FAIL("expected an error");
            } catch (const Error& e) {
                CHECK(e.code() == ExitCode::data);
                REQUIRE(e.hints().size() == 1);
                CHECK(e.hints()[0].find(row.allowed) != std::string::npos);
            }
        }
    }

    SUBCASE("an empty summary or customer is refused") {
        for (const char* text : {"", "   ", "\t\n"}) {
            CAPTURE(text);
            Registration r = registration();
            r.summary = text;
            CHECK_THROWS_AS(register_complaint(r, p, at(k_received)), Error);
            r = registration();
            r.customer.name = text;
            CHECK_THROWS_AS(register_complaint(r, p, at(k_received)), Error);
        }
    }

    SUBCASE("received more than 5 minutes in the future is refused") {
        const Stamp ok{"li", k_received + 300s, k_received};
        CHECK_NOTHROW(register_complaint(registration(), p, ok));
        const Stamp late{"li", k_received + 301s, k_received};
        try {
            register_complaint(registration(), p, late);
            FAIL("expected an error");
        } catch (const Error& e) {
            CHECK(e.code() == ExitCode::data);
        }
    }

    SUBCASE("the event") {
        Registration r = registration();
        r.ref = "crm-1";
        r.demand = "退款";
        const Stamp stamp{"li", k_received, k_received + 90min};
        const auto [c, event] = register_complaint(r, p, stamp);
        CHECK(event.type() == *parse_name<EventType>("register"));
        CHECK(event.at == k_received);
        CHECK(event.recorded_at == k_received + 90min);
        CHECK(event.actor == "li");
        const json d = details_of(event);
        CHECK(keys_of(d) == std::set<std::string>{"kind", "channel", "category", "severity",
                                                  "customer", "summary", "description", "demand",
                                                  "ref", "assign_due", "resolve_due",
                                                  "acknowledge_due"});
        CHECK(keys_of(d["customer"]) ==
              std::set<std::string>{"name", "contact", "organization", "order"});
        CHECK(d["kind"] == "complaint");
        CHECK(d["channel"] == "phone");
        CHECK(d["category"] == "product");
        CHECK(d["severity"] == "general");
        CHECK(d["customer"]["name"] == "王芳");
        CHECK(d["customer"]["contact"] == "13800000000");
        CHECK(d["customer"]["organization"].is_null());
        CHECK(d["summary"] == "搅拌机两分钟后停转");
        CHECK(d["description"].is_null());
        CHECK(d["demand"] == "退款");
        CHECK(d["ref"] == "crm-1");
        CHECK(d["assign_due"] == "2026-11-23T10:00:00Z");
        CHECK(d["resolve_due"] == "2026-11-27T10:00:00Z");
        CHECK(d["acknowledge_due"] == "2026-11-23T10:00:00Z");  // SPEC §10: new key
        CHECK_FALSE(d.contains("site"));                        // no sites in the policy
        CHECK_FALSE(d.contains("possible_duplicate_of"));
    }
}

TEST_CASE("Policy::deadline") {
    // SPEC §3.2: every applicable limit of kind, category and severity counts; the
    // earliest deadline wins; [limits] only when none applies.
    Policy p = shanghai();

    SUBCASE("kind inquiry 24h against severity major 3wd: 24h") {
        Registration r = registration();
        r.kind = "inquiry";
        r.severity = "major";
        const auto [c, event] = register_complaint(r, p, at(k_received));
        CHECK(c.milestone(Milestone::resolve).due == cst(2026, 11, 21, 15));
        CHECK(c.milestone(Milestone::assign).due == cst(2026, 11, 20, 16));  // major: 1h
    }

    SUBCASE("kind inquiry 24h against severity urgent 1wd: 24h") {
        Registration r = registration();
        r.kind = "inquiry";
        r.severity = "urgent";
        const auto [c, event] = register_complaint(r, p, at(k_received));
        CHECK(c.milestone(Milestone::resolve).due == cst(2026, 11, 21, 15));
        CHECK(c.milestone(Milestone::assign).due == cst(2026, 11, 20, 15, 30));
    }

    SUBCASE("a later kind limit wins over the earlier default: only applicable ones count") {
        Registration r = registration();
        r.kind = "suggestion";  // resolve 10wd, later than the default 5wd
        const auto [c, event] = register_complaint(r, p, at(k_received));
        CHECK(c.milestone(Milestone::resolve).due == cst(2026, 12, 4, 18));
    }

    SUBCASE("severity urgent: investigate 4bh rather than the default 3wd") {
        Registration r = registration();
        r.severity = "urgent";
        Complaint c = register_complaint(r, p, at(k_received)).first;
        assign(c, to("zhang"), p, at(k_received));
        CHECK(c.milestone(Milestone::investigate).due == cst(2026, 11, 23, 10));
        Complaint general = registered(p);
        assign(general, to("zhang"), p, at(k_received));
        CHECK(general.milestone(Milestone::investigate).due == cst(2026, 11, 25, 18));
    }

    SUBCASE("a category limit") {
        NamedEntry* product = nullptr;
        for (auto& e : p.categories)
            if (e.name == "product") product = &e;
        REQUIRE(product != nullptr);
        product->limits[Milestone::investigate] = Duration{2, DurationUnit::hours};
        product->limits[Milestone::resolve] = Duration{10, DurationUnit::working_days};

        Complaint c = registered(p);
        // Category 10wd applies alone: it wins over nothing, not over [limits].
        CHECK(c.milestone(Milestone::resolve).due == cst(2026, 12, 4, 18));
        assign(c, to("zhang"), p, at(k_received));
        CHECK(c.milestone(Milestone::investigate).due == cst(2026, 11, 20, 17));

        Registration r = registration();
        r.severity = "major";  // investigate 1wd, resolve 3wd
        Complaint major = register_complaint(r, p, at(k_received)).first;
        CHECK(major.milestone(Milestone::resolve).due == cst(2026, 11, 25, 18));
        assign(major, to("zhang"), p, at(k_received));
        CHECK(major.milestone(Milestone::investigate).due == cst(2026, 11, 20, 17));

        Registration other = registration();
        other.category = "billing";  // no limits of its own
        const Complaint billing = register_complaint(other, p, at(k_received)).first;
        CHECK(billing.milestone(Milestone::resolve).due == cst(2026, 11, 27, 18));
    }
}

TEST_CASE("is_allowed") {
    // SPEC §4 and §10: the statuses each step is allowed in.
    constexpr bool T = true, F = false;
    struct Row {
        EventType step;
        // registered, assigned, investigating, awaiting_approval, resolved, closed, on_hold,
        // rejected, withdrawn
        std::array<bool, 9> allowed;
    };
    const Row rows[] = {
        {EventType::registration, {F, F, F, F, F, F, F, F, F}},  // not a step
        {EventType::assign, {T, T, T, F, F, F, F, F, F}},
        {EventType::investigate, {F, T, T, F, F, F, F, F, F}},
        {EventType::resolve, {F, T, T, F, F, F, F, F, F}},
        {EventType::revisit, {F, F, F, F, T, F, F, F, F}},
        {EventType::remind, {F, F, F, F, F, F, F, F, F}},   // changes no status
        {EventType::contact, {T, T, T, T, T, F, T, F, F}},  // every status that is not final
        {EventType::reject, {T, T, T, F, F, F, F, F, F}},
        {EventType::withdraw, {T, T, T, T, T, F, T, F, F}},  // every status that is not final
        {EventType::hold, {T, T, T, F, T, F, F, F, F}},
        {EventType::resume, {F, F, F, F, F, F, T, F, F}},
        {EventType::edit, {T, T, T, T, T, F, T, F, F}},  // not final; allowed on hold
        {EventType::approve, {F, F, F, T, F, F, F, F, F}},
        {EventType::decline, {F, F, F, T, F, F, F, F, F}},
        {EventType::attach, {F, F, F, F, F, F, F, F, F}},     // every status, outside the table
        {EventType::anonymize, {F, F, F, F, F, F, F, F, F}},  // final ones, outside the table
        {EventType::imported, {F, F, F, F, F, F, F, F, F}},   // not a step: `import` adds it
    };
    REQUIRE(std::size(rows) == k_count<EventType>);
    REQUIRE(k_statuses.size() == 9);
    for (std::size_t r = 0; r < std::size(rows); ++r) {
        const Row& row = rows[r];
        CHECK(static_cast<std::size_t>(row.step) == r);
        for (std::size_t i = 0; i < k_statuses.size(); ++i) {
            CAPTURE(to_string(row.step));
            CAPTURE(to_string(k_statuses[i]));
            CHECK(is_allowed(row.step, k_statuses[i]) == row.allowed[i]);
        }
    }
}

TEST_CASE("transitions") {
    // The table of SPEC §4 and §10, row by row: step, from, to, and what decides it.
    using E = EventType;
    using S = Status;
    using W = When;
    const std::vector<std::tuple<EventType, Status, Status, When>> expected = {
        {E::assign, S::registered, S::assigned, W::always},
        {E::assign, S::assigned, S::assigned, W::always},
        {E::assign, S::investigating, S::investigating, W::always},
        {E::investigate, S::assigned, S::investigating, W::always},
        {E::investigate, S::investigating, S::investigating, W::always},
        {E::resolve, S::assigned, S::resolved, W::always},
        {E::resolve, S::investigating, S::resolved, W::always},
        {E::revisit, S::resolved, S::closed, W::satisfied},
        {E::revisit, S::resolved, S::investigating, W::unsatisfied},
        {E::revisit, S::resolved, S::resolved, W::unreachable},
        {E::revisit, S::resolved, S::closed, W::unreachable_last},
        {E::resolve, S::assigned, S::closed, W::closes_on_resolve},
        {E::resolve, S::investigating, S::closed, W::closes_on_resolve},
        {E::contact, S::registered, S::registered, W::always},
        {E::contact, S::assigned, S::assigned, W::always},
        {E::contact, S::investigating, S::investigating, W::always},
        {E::contact, S::resolved, S::resolved, W::always},
        {E::contact, S::on_hold, S::on_hold, W::always},
        {E::reject, S::registered, S::rejected, W::always},
        {E::reject, S::assigned, S::rejected, W::always},
        {E::reject, S::investigating, S::rejected, W::always},
        {E::withdraw, S::registered, S::withdrawn, W::always},
        {E::withdraw, S::assigned, S::withdrawn, W::always},
        {E::withdraw, S::investigating, S::withdrawn, W::always},
        {E::withdraw, S::resolved, S::withdrawn, W::always},
        {E::withdraw, S::on_hold, S::withdrawn, W::always},
        {E::hold, S::registered, S::on_hold, W::always},
        {E::hold, S::assigned, S::on_hold, W::always},
        {E::hold, S::investigating, S::on_hold, W::always},
        {E::hold, S::resolved, S::on_hold, W::always},
        {E::resume, S::on_hold, S::registered, W::held_registered},
        {E::resume, S::on_hold, S::assigned, W::held_assigned},
        {E::resume, S::on_hold, S::investigating, W::held_investigating},
        {E::resume, S::on_hold, S::resolved, W::held_resolved},
        {E::edit, S::registered, S::registered, W::always},
        {E::edit, S::assigned, S::assigned, W::always},
        {E::edit, S::investigating, S::investigating, W::always},
        {E::edit, S::resolved, S::resolved, W::always},
        {E::edit, S::on_hold, S::on_hold, W::always},
        {E::resolve, S::assigned, S::awaiting_approval, W::needs_approval},
        {E::resolve, S::investigating, S::awaiting_approval, W::needs_approval},
        {E::approve, S::awaiting_approval, S::resolved, W::always},
        {E::approve, S::awaiting_approval, S::closed, W::closes_on_resolve},
        {E::decline, S::awaiting_approval, S::investigating, W::always},
        {E::contact, S::awaiting_approval, S::awaiting_approval, W::always},
        {E::withdraw, S::awaiting_approval, S::withdrawn, W::always},
        {E::edit, S::awaiting_approval, S::awaiting_approval, W::always},
    };
    std::vector<std::tuple<EventType, Status, Status, When>> table;
    for (const Transition& t : transitions()) table.emplace_back(t.step, t.from, t.to, t.when);
    CHECK(table == expected);

    SUBCASE("no final status is left by any step") {
        for (const Transition& t : transitions()) CHECK_FALSE(is_final(t.from));
    }
    SUBCASE("statuses_allowing lists the from-statuses in status order") {
        CHECK(statuses_allowing(EventType::assign) ==
              std::vector{Status::registered, Status::assigned, Status::investigating});
        CHECK(statuses_allowing(EventType::revisit) == std::vector{Status::resolved});
        CHECK(statuses_allowing(EventType::remind).empty());
        CHECK(statuses_allowing(EventType::withdraw) ==
              std::vector{Status::registered, Status::assigned, Status::investigating,
                          Status::awaiting_approval, Status::resolved, Status::on_hold});
        CHECK(statuses_allowing(EventType::approve) == std::vector{Status::awaiting_approval});
        CHECK(statuses_allowing(EventType::resume) == std::vector{Status::on_hold});
    }
    SUBCASE("a missing row is an internal error, not a guess") {
        try {
            (void)next_status(EventType::resolve, Status::closed);
            FAIL("expected an error");
        } catch (const Error& e) {
            CHECK(e.code() == ExitCode::internal);
        }
    }
    SUBCASE("the manual's table is this table") {
        // docs/manual.md holds this table exactly, row for row: the test prints
        // the table to paste when a row is added.
        const std::string manual = [] {
            std::ifstream in(std::string(COMPLAINTS_SOURCE_DIR) + "/docs/manual.md");
            return std::string(std::istreambuf_iterator<char>(in), {});
        }();
        std::string table = "| step | from | to | when |\n|---|---|---|---|\n";
        for (const Transition& t : transitions())
            table +=
                fmt::format("| `{}` | {} | {} | {} |\n", to_string(t.step), to_string(t.from),
                            to_string(t.to), t.when == When::always ? "always" : name_of(t.when));
        CAPTURE(table);
        CHECK(manual.find(table) != std::string::npos);
    }
}

TEST_CASE("assign") {
    Policy p = shanghai();

    SUBCASE("the first assignment meets assign and starts investigate") {
        Complaint c = registered(p);
        Assignment a = to("zhang");
        a.note = "先联系客户";
        const Event e = assign(c, a, p, at(k_assigned_at));
        CHECK(c.status == Status::assigned);
        CHECK(c.assignee == "zhang");
        CHECK_FALSE(c.department.has_value());
        CHECK(c.milestone(Milestone::assign).met_at == k_assigned_at);
        CHECK(c.milestone(Milestone::assign).state(k_assigned_at) == MilestoneState::met);
        CHECK(c.milestone(Milestone::investigate).due == cst(2026, 11, 25, 18));
        CHECK_FALSE(c.milestone(Milestone::investigate).met_at.has_value());
        const json d = details_of(e);
        CHECK(keys_of(d) == std::set<std::string>{"to", "department", "note", "investigate_due"});
        CHECK(d["to"] == "zhang");
        CHECK(d["department"].is_null());
        CHECK(d["note"] == "先联系客户");
        CHECK(d["investigate_due"] == "2026-11-25T10:00:00Z");
    }

    SUBCASE("met late when assigned after the deadline") {
        Complaint c = registered(p);
        const Instant late = cst(2026, 11, 24, 9);
        assign(c, to("zhang"), p, at(late));
        CHECK(c.milestone(Milestone::assign).state(late) == MilestoneState::met_late);
    }

    SUBCASE("the department comes from the category, unless given") {
        for (auto& e : p.categories)
            if (e.name == "product") e.department = "QC";
        Complaint c = registered(p);
        assign(c, to("zhang"), p, at(k_assigned_at));
        CHECK(c.department == "QC");
        Complaint d = registered(p);
        Assignment a = to("zhang");
        a.department = "LOG";
        const Event e = assign(d, a, p, at(k_assigned_at));
        CHECK(d.department == "LOG");
        CHECK(details_of(e)["department"] == "LOG");
    }

    SUBCASE("a reassignment moves no milestone") {
        for (const Status status : {Status::assigned, Status::investigating}) {
            CAPTURE(to_string(status));
            Complaint c = in_status(status, p);
            const auto before = c.milestones;
            const Instant t = cst(2026, 11, 22, 9);
            const Event e = assign(c, to("chen"), p, at(t));
            CHECK(c.status == status);
            CHECK(c.assignee == "chen");
            for (const Milestone m : k_milestones) {
                CHECK(c.milestone(m).due == before[static_cast<std::size_t>(m)].due);
                CHECK(c.milestone(m).met_at == before[static_cast<std::size_t>(m)].met_at);
            }
            const json d = details_of(e);
            CHECK(d["reassignment"] == true);
            CHECK(d["from"] == "zhang");
            CHECK(d["to"] == "chen");
            CHECK_FALSE(d.contains("investigate_due"));
        }
    }

    SUBCASE("an empty --to is refused") {
        Complaint c = registered(p);
        check_refused(
            c, [&](Complaint& x) { assign(x, to(" "), p, at(k_assigned_at)); }, ExitCode::usage);
    }
}

TEST_CASE("investigate") {
    const Policy p = shanghai();
    Complaint c = in_status(Status::assigned, p);

    SUBCASE("a finding without --complete meets nothing") {
        Finding f = finding();
        f.cause = "保险丝";
        f.substantiated = true;
        const Event e = investigate(c, f, p, at(k_investigated_at));
        CHECK(c.status == Status::investigating);
        CHECK_FALSE(c.milestone(Milestone::investigate).met_at.has_value());
        const json d = details_of(e);
        CHECK(keys_of(d) == std::set<std::string>{"text", "cause", "substantiated", "complete"});
        CHECK(d["text"] == "电机过热，保险丝熔断");
        CHECK(d["cause"] == "保险丝");
        CHECK(d["substantiated"] == true);
        CHECK(d["complete"] == false);
    }

    SUBCASE("--complete meets investigate, once") {
        const Event e = investigate(c, finding(true), p, at(k_investigated_at));
        CHECK(c.milestone(Milestone::investigate).met_at == k_investigated_at);
        const json d = details_of(e);
        CHECK(d["complete"] == true);
        CHECK(d["cause"].is_null());
        CHECK(d["substantiated"].is_null());
        investigate(c, finding(true), p, at(k_investigated_at + 1h));
        CHECK(c.milestone(Milestone::investigate).met_at == k_investigated_at);
    }

    SUBCASE("an empty finding is refused") {
        Finding f = finding();
        f.text = "";
        check_refused(
            c, [&](Complaint& x) { investigate(x, f, p, at(k_investigated_at)); }, ExitCode::usage);
    }
}

TEST_CASE("resolve") {
    const Policy p = shanghai();

    SUBCASE("meets investigate when unmet, meets resolve, starts revisit") {
        Complaint c = in_status(Status::investigating, p);
        REQUIRE_FALSE(c.milestone(Milestone::investigate).met_at.has_value());
        const Event e = resolve(c, resolution(), p, at(k_resolved_at, "wang"));
        CHECK(c.status == Status::resolved);
        CHECK(c.milestone(Milestone::investigate).met_at == k_resolved_at);
        CHECK(c.milestone(Milestone::resolve).met_at == k_resolved_at);
        CHECK(c.milestone(Milestone::resolve).state(k_resolved_at) == MilestoneState::met);
        CHECK(c.milestone(Milestone::revisit).due == cst(2026, 11, 24, 18));
        CHECK_FALSE(c.milestone(Milestone::revisit).met_at.has_value());
        REQUIRE(c.resolution.has_value());
        CHECK(c.resolution->plan == "换新");
        CHECK(c.resolution->outcome == "refund");
        CHECK(c.resolution->amount == Money{12850});
        CHECK(c.resolution->currency == "CNY");
        CHECK(c.resolution->responsible == "供应商");
        CHECK(c.resolution->at == k_resolved_at);
        CHECK(c.resolution->by == "wang");
        const json d = details_of(e);
        CHECK(keys_of(d) == std::set<std::string>{"plan", "outcome", "amount", "currency",
                                                  "responsible", "revisit_due"});
        CHECK(d["amount"] == "128.50");
        CHECK(d["outcome"] == "refund");
        CHECK(d["currency"] == "CNY");
        CHECK(d["revisit_due"] == "2026-11-24T10:00:00Z");
    }

    SUBCASE("a met investigate milestone stays as it was") {
        Complaint c = in_status(Status::assigned, p);
        investigate(c, finding(true), p, at(k_investigated_at));
        resolve(c, resolution(), p, at(k_resolved_at));
        CHECK(c.milestone(Milestone::investigate).met_at == k_investigated_at);
    }

    SUBCASE("straight from assigned, without an amount") {
        Complaint c = in_status(Status::assigned, p);
        ResolutionRequest r;
        r.plan = "道歉";
        r.outcome = "apology";
        const Event e = resolve(c, r, p, at(k_resolved_at));
        CHECK(c.status == Status::resolved);
        CHECK_FALSE(c.resolution->amount.has_value());
        CHECK(details_of(e)["amount"].is_null());
        CHECK(details_of(e)["responsible"].is_null());
    }

    SUBCASE("an empty plan is refused") {
        Complaint c = in_status(Status::investigating, p);
        ResolutionRequest r = resolution();
        r.plan = " ";
        check_refused(
            c, [&](Complaint& x) { resolve(x, r, p, at(k_resolved_at)); }, ExitCode::usage);
    }
}

TEST_CASE("revisit") {
    const Policy p = shanghai();
    Complaint c = in_status(Status::resolved, p);

    SUBCASE("satisfied closes and meets revisit") {
        const Event e =
            revisit(c, revisit_with(RevisitResult::satisfied, 5), p, at(k_revisited_at)).front();
        CHECK(c.status == Status::closed);
        CHECK(c.closed_at == k_revisited_at);
        CHECK(c.milestone(Milestone::revisit).met_at == k_revisited_at);
        CHECK(c.last_revisit_result == RevisitResult::satisfied);
        CHECK(c.last_revisit_score == 5);
        // Every limited milestone is met; the hold review never started (SPEC §10).
        for (const Milestone m : k_limited_milestones) CHECK(c.milestone(m).met_at.has_value());
        CHECK_FALSE(c.milestone(Milestone::hold).started_at.has_value());
        const json d = details_of(e);
        CHECK(keys_of(d) == std::set<std::string>{"result", "score", "note"});
        CHECK(d["result"] == "satisfied");
        CHECK(d["score"] == 5);
        CHECK(d["note"].is_null());
    }

    SUBCASE("unsatisfied reopens with a new resolve deadline") {
        const Instant t = cst(2026, 11, 24, 11);  // Tue
        RevisitRequest r = revisit_with(RevisitResult::unsatisfied, 2);
        r.note = "要退款";
        const Event e = revisit(c, r, p, at(t)).front();
        CHECK(c.status == Status::investigating);
        CHECK(c.reopen_count == 1);
        CHECK(c.milestone(Milestone::resolve).due == cst(2026, 12, 1, 18));  // 5wd from Tue
        CHECK_FALSE(c.milestone(Milestone::resolve).met_at.has_value());
        CHECK(c.milestone(Milestone::revisit).met_at == t);
        CHECK(c.last_revisit_result == RevisitResult::unsatisfied);
        CHECK(c.last_revisit_score == 2);
        CHECK_FALSE(c.closed_at.has_value());
        const json d = details_of(e);
        CHECK(keys_of(d) ==
              std::set<std::string>{"result", "score", "note", "reopened", "resolve_due"});
        CHECK(d["reopened"] == true);
        CHECK(d["resolve_due"] == "2026-12-01T10:00:00Z");
        CHECK(d["note"] == "要退款");

        SUBCASE("and resolving again starts a new revisit clock") {
            const Instant again = cst(2026, 11, 26, 10);
            resolve(c, resolution(), p, at(again));
            CHECK(c.status == Status::resolved);
            CHECK(c.milestone(Milestone::resolve).met_at == again);
            CHECK(c.milestone(Milestone::revisit).due == cst(2026, 11, 27, 18));
            CHECK_FALSE(c.milestone(Milestone::revisit).met_at.has_value());
            revisit(c, revisit_with(RevisitResult::unsatisfied), p, at(again + 1h));
            CHECK(c.reopen_count == 2);
            CHECK(c.last_revisit_score == 2);  // the last revisit that had a score
        }
    }

    SUBCASE("unreachable three times closes") {
        for (int attempt = 1; attempt <= 3; ++attempt) {
            CAPTURE(attempt);
            const Instant t = k_revisited_at + std::chrono::hours(attempt);
            const Event e = revisit(c, revisit_with(RevisitResult::unreachable), p, at(t)).front();
            const json d = details_of(e);
            CHECK(d["attempt"] == attempt);
            CHECK(d["result"] == "unreachable");
            CHECK(c.unreachable_count == attempt);
            CHECK_FALSE(c.last_revisit_result.has_value());
            if (attempt < 3) {
                CHECK(c.status == Status::resolved);
                CHECK_FALSE(c.milestone(Milestone::revisit).met_at.has_value());
                CHECK_FALSE(d.contains("closed"));
            } else {
                CHECK(c.status == Status::closed);
                CHECK(c.closed_at == t);
                CHECK(c.milestone(Milestone::revisit).met_at == t);
                CHECK(d["closed"] == true);
            }
        }
    }

    SUBCASE("the unreachable count restarts after a new resolution") {
        revisit(c, revisit_with(RevisitResult::unreachable), p, at(k_revisited_at));
        revisit(c, revisit_with(RevisitResult::unreachable), p, at(k_revisited_at + 1h));
        revisit(c, revisit_with(RevisitResult::unsatisfied), p, at(k_revisited_at + 2h));
        resolve(c, resolution(), p, at(k_revisited_at + 3h));
        CHECK(c.unreachable_count == 0);
        const Event first =
            revisit(c, revisit_with(RevisitResult::unreachable), p, at(k_revisited_at + 4h))
                .front();
        CHECK(details_of(first)["attempt"] == 1);
        revisit(c, revisit_with(RevisitResult::unreachable), p, at(k_revisited_at + 5h));
        CHECK(c.status == Status::resolved);
        revisit(c, revisit_with(RevisitResult::unreachable), p, at(k_revisited_at + 6h));
        CHECK(c.status == Status::closed);
    }

    SUBCASE("a score out of 1..5 is refused") {
        for (const int score : {0, 6, -1, 100}) {
            CAPTURE(score);
            check_refused(c, [&](Complaint& x) {
                revisit(x, revisit_with(RevisitResult::satisfied, score), p, at(k_revisited_at));
            });
        }
        for (const int score : {1, 5}) {
            Complaint copy = c;
            CHECK_NOTHROW(revisit(copy, revisit_with(RevisitResult::satisfied, score), p,
                                  at(k_revisited_at)));
        }
    }

    SUBCASE("a score with unreachable is refused") {
        check_refused(c, [&](Complaint& x) {
            revisit(x, revisit_with(RevisitResult::unreachable, 3), p, at(k_revisited_at));
        });
    }
}

TEST_CASE("lifecycle --at") {
    const Policy p = shanghai();
    using Step = void (*)(Complaint&, const Policy&, const Stamp&);
    struct Row {
        Status status;
        Step step;
    };
    const Row rows[] = {
        {Status::registered,
         [](Complaint& c, const Policy& p, const Stamp& s) { assign(c, to("chen"), p, s); }},
        {Status::assigned,
         [](Complaint& c, const Policy& p, const Stamp& s) { investigate(c, finding(), p, s); }},
        {Status::investigating,
         [](Complaint& c, const Policy& p, const Stamp& s) { resolve(c, resolution(), p, s); }},
        {Status::resolved,
         [](Complaint& c, const Policy& p, const Stamp& s) {
             revisit(c, revisit_with(RevisitResult::satisfied), p, s);
         }},
    };
    for (const Row& row : rows) {
        CAPTURE(to_string(row.status));
        // Before received is refused; at received is fine.
        Complaint c = in_status(row.status, p);
        check_refused(c, [&](Complaint& x) { row.step(x, p, at(k_received - 1s)); });
        if (row.status == Status::registered) {
            Complaint copy = c;
            CHECK_NOTHROW(row.step(copy, p, at(k_received)));
        }
        // More than 5 minutes in the future is refused; 5 minutes is clock skew.
        const Instant now = cst(2026, 11, 25, 9);
        check_refused(c, [&](Complaint& x) { row.step(x, p, Stamp{"li", now + 301s, now}); });
        CHECK_NOTHROW(row.step(c, p, Stamp{"li", now + 300s, now}));
    }
}

TEST_CASE("lifecycle step order") {
    // No step may be recorded before the complaint's latest recorded step.
    const Policy p = shanghai();
    Complaint c = in_status(Status::investigating, p);
    CHECK(c.last_event_at == k_investigated_at);
    check_refused(c,
                  [&](Complaint& x) { resolve(x, resolution(), p, at(k_investigated_at - 1s)); });
    resolve(c, resolution(), p, at(k_investigated_at));
    CHECK(c.last_event_at == k_investigated_at);
}

TEST_CASE("number_prefix") {
    const Policy p = shanghai();
    Complaint c = registered(p);
    SUBCASE("the local date in the policy zone") {
        c.received_at =
            std::chrono::sys_days{2026y / 11 / 20} + 17h;  // 01:00 on the 21st in Shanghai
        CHECK(number_prefix(c, p) == "20261121-TEL");
        c.received_at = std::chrono::sys_days{2026y / 11 / 20} + 15h + 59min + 59s;
        CHECK(number_prefix(c, p) == "20261120-TEL");
    }
    SUBCASE("the channel's code") {
        c.channel = "regulator";
        c.received_at = k_received;
        CHECK(number_prefix(c, p) == "20261120-REG");
    }
}

TEST_CASE("format_number") {
    CHECK(format_number("20261121-TEL", 1) == "20261121-TEL-001");
    CHECK(format_number("20261121-TEL", 7) == "20261121-TEL-007");
    CHECK(format_number("20261121-TEL", 42) == "20261121-TEL-042");
    CHECK(format_number("20261121-TEL", 999) == "20261121-TEL-999");
    CHECK(format_number("20261121-TEL", 1234) == "20261121-TEL-1234");
}
