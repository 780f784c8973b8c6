#include <complaints/domain/percentile.hpp>

#include <doctest/doctest.h>

#include <optional>
#include <vector>

using complaints::domain::nearest_rank;

TEST_CASE("nearest_rank") {
    SUBCASE("nothing to rank") {
        CHECK(nearest_rank({}, 50) == std::nullopt);
        const std::vector<double> one{7.0};
        CHECK(nearest_rank(one, 0) == std::nullopt);
        CHECK(nearest_rank(one, 101) == std::nullopt);
    }
    SUBCASE("one value is every percentile") {
        const std::vector<double> one{7.5};
        CHECK(nearest_rank(one, 1) == 7.5);
        CHECK(nearest_rank(one, 50) == 7.5);
        CHECK(nearest_rank(one, 90) == 7.5);
        CHECK(nearest_rank(one, 100) == 7.5);
    }
    SUBCASE("table: rank ceil(p n / 100)") {
        struct Row {
            int n, percent;
            double expected;  // values are 1, 2, ..., n: the rank itself
        };
        const Row rows[] = {
            {2, 50, 1},  // even count: the lower middle, never the mean 1.5
            {3, 50, 2},    {4, 50, 2},   {5, 50, 3},    {4, 90, 4},
            {9, 90, 9},    {10, 90, 9},  // exactly 9: no rounding error in 0.9 * 10
            {11, 90, 10},  {20, 90, 18}, {100, 90, 90}, {101, 90, 91},
            {10, 100, 10}, {10, 1, 1},   {10, 10, 1},   {10, 11, 2},
        };
        for (const Row& r : rows) {
            CAPTURE(r.n);
            CAPTURE(r.percent);
            std::vector<double> values;
            for (int i = 1; i <= r.n; ++i) values.push_back(i);
            CHECK(nearest_rank(values, r.percent) == r.expected);
        }
    }
    SUBCASE("takes a value as it is, unsorted input is the caller's error") {
        const std::vector<double> hours{0.5, 2.25, 2.25, 40.0};
        CHECK(nearest_rank(hours, 50) == 2.25);
        CHECK(nearest_rank(hours, 90) == 40.0);
    }
}
