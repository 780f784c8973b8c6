// Retention and anonymisation (SPEC §12): the masking rules, which keep
// period applies when, and the anonymize step.
#include <complaints/domain/error.hpp>
#include <complaints/domain/retention.hpp>
#include <complaints/policy/policy_file.hpp>

#include <doctest/doctest.h>

#include "support.hpp"

#include <optional>
#include <string>

using namespace complaints;
using namespace complaints::domain;

using test_support::at;
using test_support::cst;
using test_support::in_status;
using test_support::k_revisited_at;

TEST_CASE("mask_name: the first character and '*'") {
    struct Row {
        const char* name;
        const char* masked;
    };
    const Row rows[] = {
        {"王芳", "王*"}, {"Wang Fang", "W*"}, {"欧阳娜娜", "欧*"}, {"A", "A*"},
        {"", ""},        {"😀x", "😀*"},        {"é", "é*"},
    };
    for (const auto& row : rows) {
        CAPTURE(row.name);
        CHECK(mask_name(row.name) == row.masked);
    }
}

TEST_CASE("mask_contact: last 4 digits, or first character and domain of an e-mail") {
    struct Row {
        const char* contact;
        const char* masked;
    };
    const Row rows[] = {
        {"13800001234", "*******1234"},
        {"+86 138-0000-1234", "*************1234"},
        {"wang@example.com", "w***@example.com"},
        {"WANG.fang@mail.example.cn", "W***@mail.example.cn"},
        {"王@例子.中国", "王***@例子.中国"},
        {"123", "123"},
        {"ext. 12", "*****12"},
        {"", ""},
        {"@example.com", "************"},
    };
    for (const auto& row : rows) {
        CAPTURE(row.contact);
        CHECK(mask_contact(row.contact) == row.masked);
    }
}

TEST_CASE("anonymized_value: masked, kept or erased by field") {
    CHECK(anonymized_value("customer_name", "王芳") == "王*");
    CHECK(anonymized_value("customer_contact", "13800001234") == "*******1234");
    CHECK(anonymized_value("customer_organization", "上海远航") == "上海远航");
    CHECK_FALSE(anonymized_value("customer_order", "A-1"));
    CHECK_FALSE(anonymized_value("description", "text"));
    CHECK_FALSE(anonymized_value("contact_note", "note"));
}

TEST_CASE("anonymize_from: the severity's keep, else [retention] keep, from the final time") {
    Policy p = policy::parse(R"(
[retention]
keep = "1y"
[severity.major]
keep = "3y"
[severity.general]
label = "General"
default = true
)",
                             "test.toml");
    p.zone = test_support::spec_policy().zone;
    Complaint closed = in_status(Status::closed, p);
    REQUIRE(closed.closed_at == k_revisited_at);
    std::string keep;
    SUBCASE("the default") {
        closed.severity = "general";
        CHECK(anonymize_from(closed, p, &keep) == cst(2027, 11, 23, 12));
        CHECK(keep == "1y");
    }
    SUBCASE("a severity kept longer") {
        closed.severity = "major";
        CHECK(anonymize_from(closed, p, &keep) == cst(2029, 11, 23, 12));
        CHECK(keep == "3y");
    }
    SUBCASE("rejected and withdrawn count from their last step") {
        Complaint rejected = in_status(Status::rejected, p);
        rejected.severity = "general";
        REQUIRE(rejected.last_event_at);
        CHECK(anonymize_from(rejected, p) == *rejected.last_event_at + std::chrono::days{365});
    }
    SUBCASE("never while open, once anonymised, or without a keep period") {
        CHECK_FALSE(anonymize_from(in_status(Status::resolved, p), p));
        closed.anonymized_at = k_revisited_at;
        CHECK_FALSE(anonymize_from(closed, p));
        CHECK_FALSE(anonymize_from(in_status(Status::closed, test_support::spec_policy()),
                                   test_support::spec_policy()));
    }
}

TEST_CASE("anonymize: masks the complaint and records what it erased") {
    const Policy p = test_support::spec_policy();
    Complaint c = in_status(Status::closed, p);
    c.customer.name = "王芳";
    c.customer.contact = "wang@example.com";
    c.customer.order = "A-1";
    c.description = "漏水";
    const auto done =
        anonymize(c, {std::string("erasure request"), std::nullopt, 2}, at(cst(2026, 12, 1, 9)));
    CHECK(done.complaint.customer.name == "王*");
    CHECK(done.complaint.customer.contact == "w***@example.com");
    CHECK_FALSE(done.complaint.customer.order);
    CHECK_FALSE(done.complaint.description);
    CHECK(done.complaint.anonymized_at == cst(2026, 12, 1, 9));
    // Nothing else changes: statistics and deadlines stay.
    CHECK(done.complaint.status == c.status);
    CHECK(done.complaint.closed_at == c.closed_at);
    CHECK(done.complaint.last_event_at == c.last_event_at);
    CHECK(done.complaint.total_amount == c.total_amount);
    CHECK(done.complaint.summary == c.summary);
    CHECK(done.complaint.milestone(Milestone::resolve).due == c.milestone(Milestone::resolve).due);
    const auto* d = done.event.as<AnonymizeDetails>();
    REQUIRE(d);
    CHECK(d->reason == "erasure request");
    CHECK(d->evidence_files == 2);
    CHECK(d->fields == std::vector<std::string>{"customer_name", "customer_contact",
                                                "customer_order", "description", "contact_note"});
    // The event round-trips through its JSON shape.
    const auto back = parse_details(EventType::anonymize, details_json(done.event.details));
    CHECK(details_json(back) == details_json(done.event.details));

    SUBCASE("refused when open or done already") {
        CHECK_THROWS_AS(anonymize(in_status(Status::resolved, p), {}, at(cst(2026, 12, 1))), Error);
        CHECK_THROWS_AS(anonymize(done.complaint, {}, at(cst(2026, 12, 1))), Error);
    }
}
