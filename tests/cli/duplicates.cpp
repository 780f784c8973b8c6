// "One matter, one record" (SPEC §10 "Duplicates") through the real binary:
// `register` warns of a possible duplicate (an open complaint of the same
// category received within the window before, with the same normalised
// contact or order), stores the link, and with --refuse-duplicate registers
// nothing; --ref is checked first; `list --duplicates`.
#include "steps.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <string>
#include <vector>

using cli_test::check_refused;
using cli_test::Fixture;
using cli_test::Result;
using cli_test::run_json;
using cli_test::run_ok;
using nlohmann::json;

namespace {

// `register` with the fixture's defaults (phone, product, "Wang Fang") and
// `extra`; must succeed.
Result register_ok(Fixture& f, std::vector<std::string> extra) {
    std::vector<std::string> args{"register",   "--channel", "phone",     "--category",  "product",
                                  "--customer", "Wang Fang", "--summary", "Kettle leaks"};
    for (std::size_t i = 0; i + 1 < extra.size(); i += 2) {
        const auto at = std::find(args.begin(), args.end(), extra[i]);
        if (at != args.end())
            *(at + 1) = extra[i + 1];
        else
            args.insert(args.end(), {extra[i], extra[i + 1]});
    }
    for (std::size_t i = extra.size() % 2 ? extra.size() - 1 : extra.size(); i < extra.size(); ++i)
        args.push_back(extra[i]);  // a trailing flag
    return run_ok(f, args);
}

std::string warning(const std::string& id, const std::string& basis) {
    return "complaints: warning: possible duplicate of " + id + " (same " + basis + ")\n";
}

}  // namespace

TEST_CASE("duplicates: the same contact or order in another form is a possible duplicate") {
    struct Case {
        std::string name;
        std::vector<std::string> first, second;
        std::string basis;
    };
    const std::vector<Case> cases = {
        {"phone digits",
         {"--contact", "138 0000 0000"},
         {"--contact", "(138)0000-0000"},
         "contact"},
        {"e-mail in another case",
         {"--contact", "Wang.Fang@Example.COM"},
         {"--contact", " wang.fang@example.com "},
         "contact"},
        {"order trimmed, in another case",
         {"--order", "ORD-7781"},
         {"--order", "  ord-7781 "},
         "order"},
        {"contact differs, order the same",
         {"--contact", "13800000000", "--order", "A1"},
         {"--contact", "13900000000", "--order", "a1"},
         "order"},
    };
    for (const auto& c : cases) {
        CAPTURE(c.name);
        Fixture f;
        auto first_args = c.first;
        first_args.insert(first_args.end(), {"--received-at", "2026-11-20 09:00"});
        const std::string first = f.register_complaint(first_args);
        auto second_args = c.second;
        second_args.insert(second_args.end(), {"--received-at", "2026-11-23 09:00"});
        const Result r = register_ok(f, second_args);
        const std::string second = r.out_lines().at(0);
        CHECK(r.out == second + "\n");  // stdout is only the new number
        CHECK(r.err == warning(first, c.basis));
        const json j = f.show(second);
        CHECK(j["possible_duplicate_of"] == first);
        CHECK(j["events"][0]["details"]["possible_duplicate_of"] == first);
        CHECK(f.show(first)["possible_duplicate_of"].is_null());
        // Both are registered: the warning stops nothing.
        CHECK(cli_test::complaint_ids(f.db()).size() == 2);
    }
}

TEST_CASE("duplicates: the link in register --format json, show, the view and list --duplicates") {
    Fixture f;
    const auto first = f.register_complaint({"--contact", "13800000000"});
    const auto unrelated = f.register_complaint({"--contact", "13700000000"});
    const Result r = run_ok(f, {"--format", "json", "register", "--channel", "email", "--category",
                                "product", "--customer", "Wang Fang", "--summary",
                                "Kettle still leaks", "--contact", "138-0000-0000"});
    CHECK(r.err == warning(first, "contact"));
    const json j = cli_test::parse_json(r.out);
    const std::string second = j["id"];
    CHECK(second == "20261123-EML-001");
    CHECK(j["possible_duplicate_of"] == first);

    const Result text = run_ok(f, {"show", second});
    CHECK(text.out.find("possibly of " + first) != std::string::npos);

    CHECK(run_json(
              f, {"query", "SELECT id, possible_duplicate_of FROM complaint_facts ORDER BY id"}) ==
          json::array({{{"id", "20261123-EML-001"}, {"possible_duplicate_of", first}},
                       {{"id", first}, {"possible_duplicate_of", nullptr}},
                       {{"id", unrelated}, {"possible_duplicate_of", nullptr}}}));

    const json listed = run_json(f, {"list", "--duplicates"});
    REQUIRE(listed.size() == 1);
    CHECK(listed[0]["id"] == second);
    const Result list_text = run_ok(f, {"list", "--duplicates"});
    CHECK(list_text.out.find(second) != std::string::npos);
    CHECK(list_text.out.find(first) == std::string::npos);
    CHECK(run_json(f, {"list", "--duplicates", "--category", "billing"}) == json::array());
}

TEST_CASE("duplicates: --refuse-duplicate is 65, names the number, and creates nothing") {
    Fixture f;
    const auto first = f.register_complaint({"--contact", "wang@example.com"});
    const Result r = check_refused(
        f,
        {"register", "--channel", "phone", "--category", "product", "--customer", "Wang",
         "--summary", "again", "--contact", "WANG@example.com", "--refuse-duplicate"},
        65, {first});
    CHECK(r.err_first_line() == "complaints: error: possible duplicate of " + first +
                                    " (same contact); nothing registered");
    CHECK(cli_test::complaint_ids(f.db()) == std::vector<std::string>{first});
    // Without a duplicate, --refuse-duplicate registers as usual.
    const Result other = register_ok(f, {"--contact", "13800000000", "--refuse-duplicate"});
    CHECK(other.err.empty());
    CHECK(other.out == "20261123-TEL-002\n");
}

TEST_CASE("duplicates: --ref is checked first") {
    Fixture f;
    const auto first = f.register_complaint({"--contact", "13800000000", "--ref", "crm-1"});

    SUBCASE("an existing ref wins: its number, no duplicate warning, nothing created") {
        const std::string before = cli_test::snapshot(f.db());
        for (const bool refuse : {false, true}) {
            CAPTURE(refuse);
            std::vector<std::string> extra{"--contact", "13800000000", "--ref", "crm-1"};
            if (refuse) extra.push_back("--refuse-duplicate");
            const Result r = register_ok(f, extra);
            CHECK(r.out == first + "\n");
            CHECK(r.err.find("warning") == std::string::npos);
            CHECK(r.err.find("crm-1") != std::string::npos);
            CHECK(cli_test::snapshot(f.db()) == before);
        }
    }
    SUBCASE("a new ref does not hide a duplicate") {
        const Result r = register_ok(f, {"--contact", "13800000000", "--ref", "crm-2"});
        CHECK(r.err == warning(first, "contact"));
        CHECK(f.show(r.out_lines().at(0))["possible_duplicate_of"] == first);
    }
}

TEST_CASE("duplicates: what is not a possible duplicate") {
    Fixture f;
    SUBCASE("another category") {
        f.register_complaint({"--contact", "13800000000"});
        const Result r = register_ok(f, {"--contact", "13800000000", "--category", "billing"});
        CHECK(r.err.empty());
        CHECK(f.show(r.out_lines().at(0))["possible_duplicate_of"].is_null());
    }
    SUBCASE("a final complaint: closed, rejected or withdrawn") {
        for (const std::string status : {"closed", "rejected", "withdrawn"}) {
            CAPTURE(status);
            Fixture g;
            const auto id = g.register_complaint({"--contact", "13800000000"});
            cli_test::bring_to(g, id, status);
            // Not refused, and no warning.
            const Result r = register_ok(g, {"--contact", "13800000000", "--refuse-duplicate"});
            CHECK(r.err.empty());
            CHECK(g.show(r.out_lines().at(0))["possible_duplicate_of"].is_null());
        }
    }
    SUBCASE("an open complaint on hold or resolved is one") {
        const auto held = f.register_complaint({"--contact", "13800000000"});
        cli_test::bring_to(f, held, "on_hold");
        CHECK(register_ok(f, {"--contact", "13800000000"}).err == warning(held, "contact"));
    }
    SUBCASE("received more than 30 days before") {
        f.register_complaint({"--contact", "13800000000", "--received-at", "2026-10-23 08:00"});
        const Result r = register_ok(f, {"--contact", "13800000000"});
        CHECK(r.err.empty());
    }
    SUBCASE("received within 30 days before is one") {
        const auto id =
            f.register_complaint({"--contact", "13800000000", "--received-at", "2026-10-25 08:00"});
        CHECK(register_ok(f, {"--contact", "13800000000"}).err == warning(id, "contact"));
    }
    SUBCASE("received after the new one") {
        f.register_complaint({"--contact", "13800000000", "--received-at", "2026-11-23 09:00"});
        const Result r =
            register_ok(f, {"--contact", "13800000000", "--received-at", "2026-11-20 09:00"});
        CHECK(r.err.empty());
    }
    SUBCASE("fewer than 7 digits, or nothing to compare") {
        f.register_complaint({"--contact", "ext 12345"});
        CHECK(register_ok(f, {"--contact", "ext. 12-345"}).err.empty());
        CHECK(register_ok(f, {}).err.empty());
    }
    SUBCASE("another contact and order") {
        f.register_complaint({"--contact", "13800000000", "--order", "A1"});
        CHECK(register_ok(f, {"--contact", "13800000001", "--order", "A2"}).err.empty());
    }
}
