#include <complaints/domain/money.hpp>

#include <doctest/doctest.h>

#include <optional>
#include <string>

using namespace complaints::domain;

TEST_CASE("Money::parse") {
    struct Row {
        const char* text;
        std::optional<std::int64_t> minor;  // nullopt: refused
    };
    const Row rows[] = {
        {"128", 12800},
        {"128.5", 12850},
        {"128.50", 12850},
        {"0.05", 5},
        {"0", 0},
        {"0.5", 50},
        {"007.10", 710},
        {"123456789012345", 12345678901234500},  // 15 integer digits: the most
        {"123456789012345.99", 12345678901234599},
        {".5", std::nullopt},
        {"1.234", std::nullopt},
        {"-1", std::nullopt},
        {"+1", std::nullopt},
        {"1e3", std::nullopt},
        {"1,000", std::nullopt},
        {"", std::nullopt},
        {"1234567890123456", std::nullopt},  // 16 digits
        {"128.", std::nullopt},
        {"1.5a", std::nullopt},
        {"1.-5", std::nullopt},
        {" 1", std::nullopt},
        {"1 ", std::nullopt},
        {"12a", std::nullopt},
        {"1..5", std::nullopt},
    };
    for (const Row& row : rows) {
        CAPTURE(row.text);
        const auto money = Money::parse(row.text);
        REQUIRE(money.has_value() == row.minor.has_value());
        if (row.minor) CHECK(money->minor == *row.minor);
    }
}

TEST_CASE("Money::to_string") {
    struct Row {
        std::int64_t minor;
        const char* text;
    };
    const Row rows[] = {
        {12850, "128.50"},
        {5, "0.05"},
        {0, "0.00"},
        {12800, "128.00"},
        {100, "1.00"},
        {99, "0.99"},
        {12345678901234599, "123456789012345.99"},
    };
    for (const Row& row : rows) {
        CAPTURE(row.minor);
        CHECK(Money{row.minor}.to_string() == row.text);
    }

    SUBCASE("reads back to the same amount") {
        for (const Row& row : rows) {
            CAPTURE(row.text);
            const auto back = Money::parse(Money{row.minor}.to_string());
            REQUIRE(back.has_value());
            CHECK(*back == Money{row.minor});
        }
    }
}
