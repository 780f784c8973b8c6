#include <complaints/domain/error.hpp>
#include <complaints/policy/policy_file.hpp>

#include <doctest/doctest.h>

#include "support.hpp"

#include <string>

using namespace complaints;
using namespace complaints::domain;

namespace {

using test_support::check_same_entries;
using test_support::limits_text;

using test_support::check_same_policy;

Policy reparse(const Policy& p, policy::Comments comments) {
    const std::string text = policy::to_toml(p, comments);
    CAPTURE(text);
    try {
        return policy::parse(text, "written.toml");
    } catch (const Error& e) {
        FAIL("the written policy does not parse: " << std::string(e.what()));
        throw;
    }
}

const char* const k_rich = R"toml([organization]
name = "Acme \"Trading\" \\ Co. 贸易"
timezone = "Asia/Shanghai"
currency = "EUR"

[calendar]
workdays = ["sat", "mon", "tue", "wed", "thu", "fri"]
hours = ["08:30-12:00", "13:30-17:45", "19:00-24:00"]
holidays = [2026-10-07, 2026-10-01, 2026-10-02]
extra_workdays = [2026-09-27, 2026-10-11]

[limits]
assign = "2h"
investigate = "16bh"
resolve = "7d"
revisit = "90m"

[kind.complaint]
label = "投诉"

[kind.question]
label = "咨询 \"quoted\" back\\slash"
default = true
limits = { resolve = "24h", revisit = "2wd" }

[severity.general]
label = "一般"

[severity.major]
label = "重大"
limits = { assign = "1h", investigate = "1wd", resolve = "3wd", revisit = "1d" }

[channel.wechat]
code = "WX"
label = "微信\t公众号"

[channel.phone]
code = "TELE"
label = "电话"

[category.quality]
label = "产品质量"
department = "QC"
limits = { investigate = "2wd" }

[category.z-other_2]
)toml";

}  // namespace

TEST_CASE("policy::to_toml") {
    SUBCASE("the built-in policy reads back, without comments") {
        const Policy builtin = policy::builtin();
        const Policy back = reparse(builtin, policy::Comments::none);
        check_same_policy(back, builtin, false);
    }

    SUBCASE("the built-in policy reads back, with comments") {
        const Policy builtin = policy::builtin();
        const Policy back = reparse(builtin, policy::Comments::explain);
        check_same_policy(back, builtin);
    }

    SUBCASE("the built-in policy in a named zone keeps its zone") {
        Policy p = policy::builtin();
        const auto zone = policy::load_zone("Asia/Shanghai");
        REQUIRE(zone.has_value());
        p.zone = *zone;
        p.timezone_setting = "Asia/Shanghai";
        check_same_policy(reparse(p, policy::Comments::none), p);
        check_same_policy(reparse(p, policy::Comments::explain), p);
    }

    SUBCASE("a rich policy reads back") {
        const Policy rich = policy::parse(k_rich, "rich.toml");
        // The text is what it seems.
        CHECK(rich.organization_name == "Acme \"Trading\" \\ Co. 贸易");
        CHECK(rich.kinds[1].label == "咨询 \"quoted\" back\\slash");
        CHECK(rich.channels[0].label == "微信\t公众号");
        CHECK(rich.calendar.hours.size() == 3);
        CHECK(rich.calendar.holidays.size() == 3);
        for (const auto comments : {policy::Comments::none, policy::Comments::explain}) {
            CAPTURE(comments == policy::Comments::explain);
            check_same_policy(reparse(rich, comments), rich);
        }
    }

    SUBCASE("people, departments and notify read back") {
        const std::string text = std::string(k_rich) + R"toml(
[department.QC]
label = "质量部"
head = "wang"

[department.LOG]

[people.wang]
name = "王经理"
email = "wang@example.com"
department = "QC"
manager = "zhou"

[people.li]

[people.zhou]

[notify]
from = "complaints@example.com"
repeat = "2wd"
escalate_after = "3bh"
)toml";
        const Policy p = policy::parse(text, "rich.toml");
        REQUIRE(p.people.size() == 3);
        REQUIRE(p.departments.size() == 2);
        CHECK(p.people[0].manager == "zhou");
        for (const auto comments : {policy::Comments::none, policy::Comments::explain}) {
            CAPTURE(comments == policy::Comments::explain);
            check_same_policy(reparse(p, comments), p);
        }
    }

    SUBCASE("a person key with a dot reads back") {
        // The reader accepts '.' in keys of [people]; the writer must quote them.
        const Policy p = policy::parse("[people.\"li.wei\"]\nname = \"李伟\"\n", "p.toml");
        REQUIRE(p.people.size() == 1);
        CHECK(p.people[0].key == "li.wei");
        check_same_policy(reparse(p, policy::Comments::none), p, false);
    }

    SUBCASE("a label with control characters reads back") {
        Policy p = policy::builtin();
        p.categories[0].label = std::string(
            "a\x01"
            "b\rc\nd\x7f"
            "e");
        p.organization_name = "line\nbreak";
        check_same_policy(reparse(p, policy::Comments::none), p, false);
    }

    SUBCASE("with comments, it explains; without, it names its source") {
        const Policy builtin = policy::builtin();
        const std::string explained = policy::to_toml(builtin, policy::Comments::explain);
        const std::string plain = policy::to_toml(builtin, policy::Comments::none);
        CHECK(explained.starts_with("#"));
        CHECK(explained.find("earliest deadline wins") != std::string::npos);
        CHECK(plain.find("built-in") != std::string::npos);
        CHECK(plain.find("earliest deadline wins") == std::string::npos);
        CHECK(plain.ends_with("\n"));
        CHECK_FALSE(plain.ends_with("\n\n"));
    }
}
