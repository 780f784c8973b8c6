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

// An instant given as wall-clock time in Asia/Shanghai (UTC+8, no DST since 1991).
Instant cst(int y, unsigned m, unsigned d, int hh = 0, int mm = 0, int ss = 0) {
    using namespace std::chrono;
    return sys_days{year{y} / month{m} / day{d}} + hours{hh - 8} + minutes{mm} + seconds{ss};
}

using test_support::at;
using test_support::shanghai;

const Instant k_received = cst(2026, 11, 20, 15);  // a Friday

Registration registration() {
    Registration r;
    r.channel = "phone";
    r.category = "product";
    r.customer.name = "王芳";
    r.customer.contact = "13800000000";
    r.summary = "搅拌机两分钟后停转";
    return r;
}

Complaint registered(const Policy& p, Registration r = registration()) {
    auto [c, event] = register_complaint(r, p, at(k_received));
    c.id = "20261120-TEL-001";
    return c;
}

std::string opt(const std::optional<std::string>& s) {
    return s ? "'" + *s + "'" : "null";
}
std::string opt(const std::optional<Instant>& t) {
    return t ? format_utc(*t) : "null";
}

// Every field of `c`, to tell that a refused step changed nothing.
std::string describe(const Complaint& c) {
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
    for (const Milestone m : k_milestones)
        out += fmt::format(" {}[{} {}]", to_string(m), opt(c.milestone(m).due),
                           opt(c.milestone(m).met_at));
    out += " last_event_at=" + opt(c.last_event_at);
    return out;
}

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

// Steps with valid requests, each at a time after the previous one.
const Instant k_assigned_at = cst(2026, 11, 20, 16);
const Instant k_investigated_at = cst(2026, 11, 21, 10);
const Instant k_resolved_at = cst(2026, 11, 23, 10);
const Instant k_revisited_at = cst(2026, 11, 23, 12);

Assignment to(std::string person) {
    Assignment a;
    a.to = std::move(person);
    return a;
}

Finding finding(bool complete = false) {
    Finding f;
    f.text = "电机过热，保险丝熔断";
    f.complete = complete;
    return f;
}

ResolutionRequest resolution() {
    ResolutionRequest r;
    r.plan = "换新";
    r.outcome = "refund";
    r.amount = Money{12850};
    r.responsible = "供应商";
    return r;
}

RevisitRequest revisit_with(RevisitResult result, std::optional<int> score = std::nullopt) {
    RevisitRequest r;
    r.result = result;
    r.score = score;
    return r;
}

// A complaint brought to `status` by the lifecycle functions themselves.
Complaint in_status(Status status, const Policy& p) {
    Complaint c = registered(p);
    if (status == Status::registered) return c;
    assign(c, to("zhang"), p, at(k_assigned_at));
    if (status == Status::assigned) return c;
    investigate(c, finding(), p, at(k_investigated_at));
    if (status == Status::investigating) return c;
    resolve(c, resolution(), p, at(k_resolved_at));
    if (status == Status::resolved) return c;
    revisit(c, revisit_with(RevisitResult::satisfied, 5), p, at(k_revisited_at));
    REQUIRE(c.status == Status::closed);
    return c;
}

template <typename F>
void check_refused(Complaint& c, F&& step, ExitCode code = ExitCode::data) {
    const std::string before = describe(c);
    try {
        step(c);
        FAIL("expected the step to be refused");
    } catch (const Error& e) {
        CHECK(e.code() == code);
    }
    CHECK(describe(c) == before);
}

}  // namespace

TEST_CASE("register_complaint") {
    const Policy p = shanghai();

    SUBCASE("stores the assign and resolve deadlines") {
        const auto [c, event] = register_complaint(registration(), p, at(k_received));
        CHECK(c.status == Status::registered);
        CHECK(c.received_at == k_received);
        CHECK(c.registered_by == "li");
        CHECK(c.milestone(Milestone::assign).due == cst(2026, 11, 23, 18));
        CHECK(c.milestone(Milestone::resolve).due == cst(2026, 11, 27, 18));
        CHECK_FALSE(c.milestone(Milestone::investigate).due.has_value());
        CHECK_FALSE(c.milestone(Milestone::revisit).due.has_value());
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
        struct Row {
            const char* what;
            void (*set)(Registration&);
            const char* allowed;
        };
        const Row rows[] = {
            {"channel", [](Registration& r) { r.channel = "fax"; },
             "phone, email, web, letter, visit, social, regulator"},
            {"category", [](Registration& r) { r.category = "food"; },
             "product, delivery, service, billing, other"},
            {"kind", [](Registration& r) { r.kind = "praise"; }, "complaint, suggestion, inquiry"},
            {"severity", [](Registration& r) { r.severity = "critical"; },
             "general, major, urgent"},
            {"channel, in upper case", [](Registration& r) { r.channel = "PHONE"; },
             "phone, email, web"},
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
                                                  "ref", "assign_due", "resolve_due"});
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
    // SPEC §4: the status each step is allowed in.
    struct Row {
        EventType step;
        std::array<bool, 5> allowed;  // registered, assigned, investigating, resolved, closed
    };
    const Row rows[] = {
        {EventType::assign, {true, true, true, false, false}},
        {EventType::investigate, {false, true, true, false, false}},
        {EventType::resolve, {false, true, true, false, false}},
        {EventType::revisit, {false, false, false, true, false}},
        {EventType::registration, {false, false, false, false, false}},  // not a step
        {EventType::remind, {false, false, false, false, false}},        // changes no status
    };
    CHECK(std::size(rows) == k_count<EventType>);
    for (const Row& row : rows) {
        for (std::size_t i = 0; i < k_statuses.size(); ++i) {
            CAPTURE(to_string(row.step));
            CAPTURE(to_string(k_statuses[i]));
            CHECK(is_allowed(row.step, k_statuses[i]) == row.allowed[i]);
        }
    }
}

TEST_CASE("transitions") {
    // The table of SPEC §4, row by row: step, from, to, and what decides it.
    const std::vector<std::tuple<EventType, Status, Status, When>> expected = {
        {EventType::assign, Status::registered, Status::assigned, When::always},
        {EventType::assign, Status::assigned, Status::assigned, When::always},
        {EventType::assign, Status::investigating, Status::investigating, When::always},
        {EventType::investigate, Status::assigned, Status::investigating, When::always},
        {EventType::investigate, Status::investigating, Status::investigating, When::always},
        {EventType::resolve, Status::assigned, Status::resolved, When::always},
        {EventType::resolve, Status::investigating, Status::resolved, When::always},
        {EventType::revisit, Status::resolved, Status::closed, When::satisfied},
        {EventType::revisit, Status::resolved, Status::investigating, When::unsatisfied},
        {EventType::revisit, Status::resolved, Status::resolved, When::unreachable},
        {EventType::revisit, Status::resolved, Status::closed, When::unreachable_last},
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

TEST_CASE("lifecycle transitions") {
    // Each command in each status: it goes to the status of SPEC §4, or it is
    // refused with exit 65, a message naming the complaint, its status and what
    // the command needs, and the complaint unchanged.
    const Policy p = shanghai();
    const Instant later = cst(2026, 11, 24, 10);
    using Step = Event (*)(Complaint&, const Policy&, Instant);
    struct Command {
        const char* name;
        Step step;
        std::array<std::optional<Status>, 5> goes_to;  // by current status; nullopt: refused
        const char* needs;
    };
    const auto S = [](Status s) { return std::optional<Status>(s); };
    const std::optional<Status> no;
    const Command commands[] = {
        {"assign",
         [](Complaint& c, const Policy& p, Instant t) { return assign(c, to("chen"), p, at(t)); },
         {S(Status::assigned), S(Status::assigned), S(Status::investigating), no, no},
         "registered, assigned or investigating"},
        {"investigate",
         [](Complaint& c, const Policy& p, Instant t) {
             return investigate(c, finding(), p, at(t));
         },
         {no, S(Status::investigating), S(Status::investigating), no, no},
         "assigned or investigating"},
        {"resolve",
         [](Complaint& c, const Policy& p, Instant t) {
             return resolve(c, resolution(), p, at(t));
         },
         {no, S(Status::resolved), S(Status::resolved), no, no},
         "assigned or investigating"},
        {"revisit",
         [](Complaint& c, const Policy& p, Instant t) {
             return revisit(c, revisit_with(RevisitResult::satisfied), p, at(t)).front();
         },
         {no, no, no, S(Status::closed), no},
         "resolved"},
    };
    for (const Command& command : commands) {
        for (std::size_t i = 0; i < k_statuses.size(); ++i) {
            const Status status = k_statuses[i];
            CAPTURE(command.name);
            CAPTURE(to_string(status));
            Complaint c = in_status(status, p);
            REQUIRE(c.status == status);
            CHECK(is_allowed(*parse_name<EventType>(command.name), status) ==
                  command.goes_to[i].has_value());
            if (command.goes_to[i]) {
                const Event e = command.step(c, p, later);
                CHECK(c.status == *command.goes_to[i]);
                CHECK(to_string(e.type()) == command.name);
                CHECK(e.at == later);
                continue;
            }
            const std::string before = describe(c);
            try {
                command.step(c, p, later);
                FAIL("expected the command to be refused");
            } catch (const Error& e) {
                CHECK(e.code() == ExitCode::data);
                const std::string message = e.what();
                CHECK(message.find("20261120-TEL-001") != std::string::npos);
                CHECK(message.find(std::string(to_string(status))) != std::string::npos);
                CHECK(message.find(command.needs) != std::string::npos);
            }
            CHECK(describe(c) == before);
        }
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
        for (const Milestone m : k_milestones) CHECK(c.milestone(m).met_at.has_value());
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
            revisit(c, revisit_with(RevisitResult::unreachable), p, at(k_revisited_at + 4h)).front();
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
