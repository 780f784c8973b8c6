#include <complaints/domain/duplicates.hpp>
#include <complaints/domain/lifecycle.hpp>

#include <doctest/doctest.h>

#include "support.hpp"

#include <optional>
#include <string>
#include <vector>

using namespace complaints;
using namespace complaints::domain;
using namespace std::chrono_literals;

using test_support::at;
using test_support::cst;
using test_support::shanghai;

namespace {

std::string shown(const std::optional<std::string>& s) {
    return s ? "'" + *s + "'" : "none";
}

const Instant k_new = cst(2026, 11, 30, 10);

// An existing complaint `id` of `category` received at `received`.
Complaint existing(std::string id, Instant received, std::optional<std::string> contact,
                   std::optional<std::string> order = std::nullopt,
                   std::string category = "product", Status status = Status::registered) {
    Complaint c;
    c.id = std::move(id);
    c.received_at = received;
    c.category = std::move(category);
    c.customer.contact = std::move(contact);
    c.customer.order = std::move(order);
    c.status = status;
    return c;
}

Complaint incoming(std::optional<std::string> contact, std::optional<std::string> order = {}) {
    return existing("", k_new, std::move(contact), std::move(order));
}

std::string found(const std::optional<DuplicateMatch>& m) {
    return m ? m->id + " (" + std::string(name_of(m->basis)) + ")" : "none";
}

}  // namespace

TEST_CASE("normalise_contact") {
    const std::pair<const char*, std::optional<std::string>> rows[] = {
        {"Wang.Fang@Example.COM", "wang.fang@example.com"},
        {"  wf@example.com \t", "wf@example.com"},
        {"13800000000", "13800000000"},
        {"+86 138-0000-0000", "8613800000000"},
        {"(021) 6888 1234", "02168881234"},
        {"1234567", "1234567"},    // 7 digits: enough
        {"123456", std::nullopt},  // 6: too few
        {"ext. 12-34-56", std::nullopt},
        {"", std::nullopt},
        {"   ", std::nullopt},
        {"微信 wangfang", std::nullopt},
        {"tel: 138 0000 0000 (home)", "13800000000"},
    };
    for (const auto& [text, expected] : rows) {
        CAPTURE(std::string(text));
        CHECK(shown(normalise_contact(text)) == shown(expected));
    }
    // The same number written two ways compares equal.
    CHECK(normalise_contact("138-0000-0000") == normalise_contact(" 13800000000 "));
}

TEST_CASE("normalise_order") {
    const std::pair<const char*, std::optional<std::string>> rows[] = {
        {"SO-2026-0042", "so-2026-0042"}, {"  so-2026-0042\t", "so-2026-0042"},
        {"订单ABC", "订单abc"},           {"", std::nullopt},
        {" \t ", std::nullopt},
    };
    for (const auto& [text, expected] : rows) {
        CAPTURE(std::string(text));
        CHECK(shown(normalise_order(text)) == shown(expected));
    }
}

TEST_CASE("find_duplicate") {
    const Policy p = shanghai();  // window 30d
    const Instant window_start = k_new - 30 * 24h;
    CHECK(duplicate_window_start(incoming("x"), p) == window_start);

    SUBCASE("the same contact, normalised") {
        const std::vector<Complaint> list{existing("A", k_new - 1h, "+86 138-0000-0000")};
        CHECK(found(find_duplicate(incoming("8613800000000"), list, p)) == "A (contact)");
    }
    SUBCASE("the same order, trimmed and case-insensitive") {
        const std::vector<Complaint> list{existing("A", k_new - 1h, "other@example.com", " so-1 ")};
        CHECK(found(find_duplicate(incoming("me@example.com", "SO-1"), list, p)) == "A (order)");
    }
    SUBCASE("same category only") {
        const std::vector<Complaint> list{
            existing("A", k_new - 1h, "13800000000", std::nullopt, "billing")};
        CHECK(found(find_duplicate(incoming("13800000000"), list, p)) == "none");
    }
    SUBCASE("not final") {
        for (const Status s : k_statuses) {
            CAPTURE(to_string(s));
            const std::vector<Complaint> list{
                existing("A", k_new - 1h, "13800000000", std::nullopt, "product", s)};
            CHECK(find_duplicate(incoming("13800000000"), list, p).has_value() != is_final(s));
        }
    }
    SUBCASE("inside the window, both edges included") {
        const std::pair<Instant, bool> rows[] = {
            {window_start, true}, {window_start - 1s, false}, {k_new, true},
            {k_new + 1s, false},  {k_new - 1h, true},
        };
        for (const auto& [received, expected] : rows) {
            CAPTURE(format_utc(received));
            const std::vector<Complaint> list{existing("A", received, "13800000000")};
            CHECK(find_duplicate(incoming("13800000000"), list, p).has_value() == expected);
        }
        Policy q = p;
        q.duplicate_window = Duration{2, DurationUnit::hours};
        const std::vector<Complaint> list{existing("A", k_new - 2h - 1s, "13800000000")};
        CHECK_FALSE(find_duplicate(incoming("13800000000"), list, q).has_value());
    }
    SUBCASE("contact before order; the first candidate wins") {
        const std::vector<Complaint> list{
            existing("A", k_new - 3h, "other@example.com", "SO-1"),
            existing("B", k_new - 2h, "13800000000"),
            existing("C", k_new - 1h, "138 0000 0000"),
        };
        CHECK(found(find_duplicate(incoming("13800000000", "SO-1"), list, p)) == "B (contact)");
        CHECK(found(find_duplicate(incoming("nobody@example.com", "so-1"), list, p)) ==
              "A (order)");
    }
    SUBCASE("nothing to compare, nothing found") {
        const std::vector<Complaint> list{existing("A", k_new - 1h, "123", "")};
        CHECK(found(find_duplicate(incoming("123", ""), list, p)) == "none");
        CHECK(found(find_duplicate(incoming(std::nullopt), list, p)) == "none");
    }
    SUBCASE("not itself") {
        Complaint me = incoming("13800000000");
        me.id = "A";
        const std::vector<Complaint> list{me};
        CHECK(found(find_duplicate(me, list, p)) == "none");
    }
}

TEST_CASE("link_duplicate") {
    const Policy p = shanghai();
    auto [c, event] = register_complaint(test_support::registration(), p, at(k_new));
    link_duplicate(c, event, DuplicateMatch{"20261120-TEL-001", DuplicateBasis::contact});
    CHECK(c.possible_duplicate_of == "20261120-TEL-001");
    CHECK(std::get<RegisterDetails>(event.details).possible_duplicate_of == "20261120-TEL-001");
    CHECK(details_json(event.details).find(R"("possible_duplicate_of":"20261120-TEL-001")") !=
          std::string::npos);
}
