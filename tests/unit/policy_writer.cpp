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

// "acknowledge=1wd assign=none revisit=- ...": every limited milestone and hold,
// "none" included (test_support::limits_text shows only durations).
std::string limits_with_none(const Limits& limits) {
    std::string out;
    for (const auto m : k_milestones)
        out += std::string(to_string(m)) + "=" +
               (limits.is_none(m) ? "none"
                : limits[m]       ? limits[m]->to_string()
                                  : "-") +
               " ";
    return out;
}

void check_same_entries_v10(const std::vector<NamedEntry>& a, const std::vector<NamedEntry>& b) {
    check_same_entries(a, b);
    REQUIRE(a.size() == b.size());
    for (std::size_t i = 0; i < a.size(); ++i) {
        CAPTURE(a[i].name);
        CHECK(limits_with_none(a[i].limits) == limits_with_none(b[i].limits));
        CHECK(a[i].close_on_resolve == b[i].close_on_resolve);
        CHECK(a[i].rank == b[i].rank);
    }
}

// check_same_policy, and the fields SPEC §10 added.
void check_same_policy_v10(const Policy& a, const Policy& b, bool same_setting = true) {
    check_same_policy(a, b, same_setting);
    CHECK(limits_with_none(a.limits) == limits_with_none(b.limits));
    for (const Table table : {Table::kind, Table::severity, Table::channel, Table::category,
                              Table::site, Table::cause, Table::outcome}) {
        CAPTURE(to_string(table));
        check_same_entries_v10(a.entries(table), b.entries(table));
    }
    CHECK(a.duplicate_window == b.duplicate_window);
    CHECK(a.time_bar.to_string() == b.time_bar.to_string());
    CHECK(a.time_bar.duration == b.time_bar.duration);
    CHECK(a.escalation.reopen_threshold == b.escalation.reopen_threshold);
    CHECK(a.escalation.severity == b.escalation.severity);
}

// Every key of SPEC §10, with values unlike the built-in ones.
const char* const k_v10 = R"toml([limits]
acknowledge = "2h"
revisit = "none"

[kind.complaint]
limits = { acknowledge = "none" }

[kind.question]
label = "咨询"
close_on_resolve = true
limits = { resolve = "24h", revisit = "none" }

[severity.general]
rank = 5

[severity.critical]
label = "危急"
rank = 50
limits = { acknowledge = "30m", assign = "none" }

[severity.minor]
rank = -3

[category.food]
limits = { acknowledge = "4bh", investigate = "none" }

[site.downtown]
label = "总店 \"main\""
[site.airport]
label = "Airport"
default = true

[cause.staff]
label = "员工"
[cause.supplier]

[outcome.voucher]
label = "代金券"
[outcome.free_meal]

[hold]
review_after = "10wd"

[escalation]
reopen_threshold = 3
severity = "critical"

[duplicates]
window = "72h"

[acceptance]
time_bar = "180d"
)toml";

}  // namespace

TEST_CASE("policy::to_toml the keys of SPEC §10") {
    SUBCASE("a policy with every new key reads back") {
        const Policy p = policy::parse(k_v10, "v10.toml");
        // The text is what it seems.
        CHECK(p.limits.is_none(Milestone::revisit));
        CHECK(p.closes_on_resolve("question"));
        CHECK(p.rank("minor") == -3);
        CHECK(p.sites.size() == 2);
        CHECK(p.time_bar.to_string() == "180d");
        for (const auto comments : {policy::Comments::none, policy::Comments::explain}) {
            CAPTURE(comments == policy::Comments::explain);
            check_same_policy_v10(reparse(p, comments), p, comments == policy::Comments::explain);
        }
    }

    SUBCASE("the built-in policy reads back with its acknowledge limit, ranks and outcomes") {
        const Policy builtin = policy::builtin();
        for (const auto comments : {policy::Comments::none, policy::Comments::explain}) {
            CAPTURE(comments == policy::Comments::explain);
            check_same_policy_v10(reparse(builtin, comments), builtin,
                                  comments == policy::Comments::explain);
        }
    }

    SUBCASE("a policy made in code reads back") {
        Policy p = policy::builtin();
        p.limits.set_none(Milestone::acknowledge);
        p.limits[Milestone::hold] = Duration{36, DurationUnit::hours};
        p.categories[1].limits.set_none(Milestone::revisit);
        p.categories[1].limits[Milestone::acknowledge] = Duration{2, DurationUnit::hours};
        p.kinds[0].close_on_resolve = true;
        p.severities[0].rank = 7;  // ranks out of file order survive
        p.causes = p.categories;   // any entries will do
        for (auto& cause : p.causes) cause.limits = {};
        p.duplicate_window = Duration{45, DurationUnit::minutes};
        p.time_bar.years = 2;
        p.escalation = {1, "major"};
        for (const auto comments : {policy::Comments::none, policy::Comments::explain}) {
            CAPTURE(comments == policy::Comments::explain);
            check_same_policy_v10(reparse(p, comments), p, false);
        }
    }

    SUBCASE("\"none\" is written as \"none\", and only the five limited milestones take limits") {
        const std::string text =
            policy::to_toml(policy::parse(k_v10, "v10.toml"), policy::Comments::none);
        CHECK(text.find("[limits]\nacknowledge = \"2h\"\n") != std::string::npos);
        CHECK(text.find("revisit = \"none\"\n") != std::string::npos);
        CHECK(text.find("limits = { acknowledge = \"30m\", assign = \"none\" }") !=
              std::string::npos);
        CHECK(text.find("[hold]\nreview_after = \"10wd\"\n") != std::string::npos);
        for (const char* hold : {"\nhold =", "{ hold =", ", hold ="})
            CHECK(text.find(hold) == std::string::npos);
        CHECK(text.find("close_on_resolve = true") != std::string::npos);
        CHECK(text.find("close_on_resolve = false") == std::string::npos);
        CHECK(text.find("[escalation]\nreopen_threshold = 3\nseverity = \"critical\"\n") !=
              std::string::npos);
    }

    SUBCASE("without comments, empty optional tables are left out") {
        const std::string plain = policy::to_toml(policy::builtin(), policy::Comments::none);
        for (const char* absent : {"[site", "[cause", "[hold]", "[escalation]", "review_after"}) {
            CAPTURE(absent);
            CHECK(plain.find(absent) == std::string::npos);
        }
        CHECK(plain.find("[duplicates]\nwindow = \"30d\"\n") != std::string::npos);
        CHECK(plain.find("[acceptance]\ntime_bar = \"3y\"\n") != std::string::npos);
        CHECK(plain.find("[outcome.refund]") != std::string::npos);
    }

    SUBCASE("with comments, the empty optional tables are examples that work uncommented") {
        const Policy builtin = policy::builtin();
        const Policy own = policy::parse(
            "[severity.low]\n[severity.general]\n[severity.medium]\n[severity.high]\n", "own.toml");
        for (const auto& [policy, top] :
             {std::pair<const Policy&, std::string>{builtin, "urgent"}, {own, "high"}}) {
            CAPTURE(top);
            const std::string explained = policy::to_toml(policy, policy::Comments::explain);
            for (const char* text :
                 {"acknowledge", "\"none\"", "close_on_resolve", "rank", "# [site.", "# [cause.",
                  "# [hold]", "# [escalation]", "[duplicates]", "[acceptance]", "[outcome."}) {
                CAPTURE(text);
                CHECK(explained.find(text) != std::string::npos);
            }
            // Uncomment each example table: its header and the `key = value` lines after it.
            std::string uncommented;
            bool in_example = false;
            std::size_t start = 0;
            while (start < explained.size()) {
                const std::size_t end = explained.find('\n', start);
                std::string line =
                    explained.substr(start, end == std::string::npos ? end : end - start);
                start = end == std::string::npos ? explained.size() : end + 1;
                if (line.starts_with("# ["))
                    in_example = true;
                else if (!line.starts_with("# ") || line.find(" = ") == std::string::npos)
                    in_example = false;
                if (in_example) line = line.substr(2);
                uncommented += line + "\n";
            }
            CAPTURE(uncommented);
            const Policy p = policy::parse(uncommented, "uncommented.toml");
            CHECK(p.sites.size() == 1);
            REQUIRE(p.default_entry(Table::site) != nullptr);
            CHECK(p.causes.size() == 1);
            CHECK(p.limits[Milestone::hold].has_value());
            CHECK(p.escalation.reopen_threshold.has_value());
            // The example escalates to the most severe severity of the policy.
            CHECK(p.escalation.severity == top);
        }
    }
}

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
