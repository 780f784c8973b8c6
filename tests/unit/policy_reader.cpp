#include <complaints/domain/error.hpp>
#include <complaints/policy/policy_file.hpp>

#include <doctest/doctest.h>

#include "support.hpp"

#include <unistd.h>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>

using namespace complaints;
using namespace complaints::domain;

namespace {

std::chrono::year_month_day ymd(int y, unsigned m, unsigned d) {
    return std::chrono::year{y} / std::chrono::month{m} / std::chrono::day{d};
}

std::optional<Duration> dur(std::string_view text) {
    const auto d = Duration::parse(text);
    REQUIRE_MESSAGE(d.has_value(), text);
    return d;
}

using test_support::check_same_entries;
using test_support::limits_text;

using test_support::check_same_policy;

const NamedEntry& entry(const Policy& p, Table table, std::string_view name) {
    const NamedEntry* e = p.find(table, name);
    REQUIRE_MESSAGE(e != nullptr, name);
    return *e;
}

// `text` is refused with exit 78 and a message `p.toml:LINE:COLUMN: ...` containing `fragment`.
void check_refused(const std::string& text, int line, std::string_view fragment) {
    CAPTURE(text);
    try {
        (void)policy::parse(text, "p.toml");
        FAIL("expected the policy to be refused");
    } catch (const Error& e) {
        const std::string message = e.what();
        CAPTURE(message);
        CHECK(e.code() == ExitCode::config);
        const std::string prefix = "p.toml:" + std::to_string(line) + ":";
        REQUIRE(message.starts_with(prefix));
        // Then a column number and ": ".
        const auto colon = message.find(": ", prefix.size());
        REQUIRE(colon != std::string::npos);
        const std::string column = message.substr(prefix.size(), colon - prefix.size());
        CHECK(!column.empty());
        CHECK(column.find_first_not_of("0123456789") == std::string::npos);
        CHECK(message.find(fragment) != std::string::npos);
    }
}

const char* const k_spec_example = R"toml([organization]
name = "Acme Trading"
timezone = "Asia/Shanghai"
currency = "CNY"

[calendar]
workdays = ["mon", "tue", "wed", "thu", "fri"]
hours = ["09:00-12:00", "13:00-18:00"]      # working hours, in order, not overlapping
holidays = [2026-10-01, 2026-10-02, 2026-10-05, 2026-10-06, 2026-10-07]
extra_workdays = [2026-10-10]                # non-workdays that are worked (make-up days)

[limits]                                     # default time limit of each milestone
assign = "1wd"
investigate = "3wd"
resolve = "5wd"
revisit = "1wd"

[kind.complaint]
label = "投诉"

[kind.inquiry]
label = "咨询"
limits = { resolve = "24h" }

[severity.general]
label = "一般"

[severity.major]
label = "重大"
limits = { assign = "1h", investigate = "1wd", resolve = "3wd" }

[channel.phone]
code = "TEL"                                 # used in complaint numbers; 2-4 letters, unique
label = "电话"

[category.quality]
label = "产品质量"
department = "QC"                            # default department when assigning
limits = { investigate = "2wd" }
)toml";

}  // namespace

TEST_CASE("policy::parse") {
    SUBCASE("an empty text is the built-in policy") {
        const Policy p = policy::parse("", "p.toml");
        CHECK(p.source == "p.toml");
        check_same_policy(p, policy::builtin());
        const Policy comments = policy::parse("# nothing here\n\n", "p.toml");
        check_same_policy(comments, policy::builtin());
    }

    SUBCASE("the example of SPEC §3") {
        const Policy p = policy::parse(k_spec_example, "p.toml");
        CHECK(p.source == "p.toml");
        CHECK(p.organization_name == "Acme Trading");
        CHECK(p.timezone_setting == "Asia/Shanghai");
        CHECK(p.zone.name() == "Asia/Shanghai");
        CHECK(p.zone.offset_at(std::chrono::sys_days{ymd(2026, 11, 20)}) == std::chrono::hours(8));
        CHECK(p.currency == "CNY");
        CHECK(p.calendar.workdays ==
              std::array<bool, 7>{false, true, true, true, true, true, false});
        CHECK(p.calendar.hours == std::vector<WorkingHours>{{9 * 60, 12 * 60}, {13 * 60, 18 * 60}});
        CHECK(p.calendar.holidays == std::vector{ymd(2026, 10, 1), ymd(2026, 10, 2),
                                                 ymd(2026, 10, 5), ymd(2026, 10, 6),
                                                 ymd(2026, 10, 7)});
        CHECK(p.calendar.extra_workdays == std::vector{ymd(2026, 10, 10)});
        CHECK(p.limits[Milestone::assign] == dur("1wd"));
        CHECK(p.limits[Milestone::investigate] == dur("3wd"));
        CHECK(p.limits[Milestone::resolve] == dur("5wd"));
        CHECK(p.limits[Milestone::revisit] == dur("1wd"));

        REQUIRE(p.kinds.size() == 2);
        CHECK(p.kinds[0].name == "complaint");
        CHECK(p.kinds[0].label == "投诉");
        CHECK(p.kinds[0].limits.empty());
        CHECK_FALSE(p.kinds[0].is_default);
        CHECK(p.kinds[1].name == "inquiry");
        CHECK(p.kinds[1].label == "咨询");
        CHECK(p.kinds[1].limits[Milestone::resolve] == dur("24h"));
        CHECK_FALSE(p.kinds[1].limits[Milestone::assign].has_value());
        CHECK_FALSE(p.kinds[1].limits[Milestone::investigate].has_value());
        CHECK_FALSE(p.kinds[1].limits[Milestone::revisit].has_value());
        REQUIRE(p.default_entry(Table::kind) != nullptr);
        CHECK(p.default_entry(Table::kind)->name == "complaint");

        REQUIRE(p.severities.size() == 2);
        CHECK(p.severities[0].name == "general");
        CHECK(p.severities[0].label == "一般");
        CHECK(p.severities[0].limits.empty());
        CHECK(p.severities[1].name == "major");
        CHECK(p.severities[1].label == "重大");
        CHECK(p.severities[1].limits[Milestone::assign] == dur("1h"));
        CHECK(p.severities[1].limits[Milestone::investigate] == dur("1wd"));
        CHECK(p.severities[1].limits[Milestone::resolve] == dur("3wd"));
        CHECK_FALSE(p.severities[1].limits[Milestone::revisit].has_value());
        REQUIRE(p.default_entry(Table::severity) != nullptr);
        CHECK(p.default_entry(Table::severity)->name == "general");

        REQUIRE(p.channels.size() == 1);
        CHECK(p.channels[0].name == "phone");
        CHECK(p.channels[0].code == "TEL");
        CHECK(p.channels[0].label == "电话");
        CHECK(p.channels[0].limits.empty());

        REQUIRE(p.categories.size() == 1);
        CHECK(p.categories[0].name == "quality");
        CHECK(p.categories[0].label == "产品质量");
        CHECK(p.categories[0].department == "QC");
        CHECK(p.categories[0].limits[Milestone::investigate] == dur("2wd"));
        CHECK_FALSE(p.categories[0].limits[Milestone::resolve].has_value());
    }

    SUBCASE("each table of entries replaces the built-in one, the others stay") {
        const Policy p = policy::parse("[channel.fax]\ncode = \"FAX\"\n", "p.toml");
        REQUIRE(p.channels.size() == 1);
        CHECK(p.channels[0].name == "fax");
        CHECK(p.find(Table::channel, "phone") == nullptr);
        const Policy builtin = policy::builtin();
        check_same_entries(p.kinds, builtin.kinds);
        check_same_entries(p.severities, builtin.severities);
        check_same_entries(p.categories, builtin.categories);

        const Policy q = policy::parse("[category.food]\n[category.drink]\n", "p.toml");
        REQUIRE(q.categories.size() == 2);
        // In the order of the file, not alphabetical.
        CHECK(q.categories[0].name == "food");
        CHECK(q.categories[1].name == "drink");
        check_same_entries(q.channels, builtin.channels);
    }

    SUBCASE("entries keep the order of the file") {
        const Policy p = policy::parse(R"toml(
[severity.zeta]
[severity.general]
[severity.alpha]
)toml",
                                       "p.toml");
        REQUIRE(p.severities.size() == 3);
        CHECK(p.severities[0].name == "zeta");
        CHECK(p.severities[1].name == "general");
        CHECK(p.severities[2].name == "alpha");
    }

    SUBCASE("a label defaults to the name") {
        const Policy p = policy::parse("[category.food]\ndepartment = \"QC\"\n", "p.toml");
        CHECK(entry(p, Table::category, "food").label == "food");
        CHECK(entry(p, Table::category, "food").department == "QC");
    }

    SUBCASE("default = true") {
        const Policy p = policy::parse(R"toml(
[kind.complaint]
[kind.question]
label = "问"
default = true
[severity.low]
default = true
[severity.high]
default = false
)toml",
                                       "p.toml");
        CHECK_FALSE(entry(p, Table::kind, "complaint").is_default);
        CHECK(entry(p, Table::kind, "question").is_default);
        REQUIRE(p.default_entry(Table::kind) != nullptr);
        CHECK(p.default_entry(Table::kind)->name == "question");
        CHECK(p.default_entry(Table::severity)->name == "low");
        CHECK_FALSE(entry(p, Table::severity, "high").is_default);
    }

    SUBCASE("[limits] sets only what it names") {
        const Policy p = policy::parse("[limits]\nresolve = \"10d\"\n", "p.toml");
        CHECK(p.limits[Milestone::resolve] == dur("10d"));
        CHECK(p.limits[Milestone::assign] == dur("1wd"));
        CHECK(p.limits[Milestone::investigate] == dur("3wd"));
        CHECK(p.limits[Milestone::revisit] == dur("1wd"));
    }

    SUBCASE("calendar details") {
        const Policy p = policy::parse(R"toml([calendar]
workdays = ["sun", "sat"]
hours = ["00:00-24:00"]
holidays = [2026-12-25, 2026-01-01, 2026-12-25]
)toml",
                                       "p.toml");
        CHECK(p.calendar.workdays ==
              std::array<bool, 7>{true, false, false, false, false, false, true});
        CHECK(p.calendar.hours == std::vector<WorkingHours>{{0, 24 * 60}});
        // Sorted, without duplicates.
        CHECK(p.calendar.holidays == std::vector{ymd(2026, 1, 1), ymd(2026, 12, 25)});
        CHECK(p.calendar.extra_workdays.empty());
    }
}

TEST_CASE("policy::parse errors") {
    struct Row {
        const char* what;
        const char* text;
        int line;
        const char* fragment;
    };
    const Row rows[] = {
        {"unknown top-level key", "[organization]\nname = \"x\"\n\n[colour]\nx = 1\n", 4, "colour"},
        {"unknown top-level bare key", "# policy\ntiemzone = \"UTC\"\n", 2, "tiemzone"},
        {"unknown key in [organization]", "[organization]\nname = \"x\"\ntz = \"UTC\"\n", 3,
         "'tz'"},
        {"unknown key in [calendar]", "[calendar]\nworkdays = [\"mon\"]\nholiday = [2026-10-01]\n",
         3, "holiday"},
        {"unknown key in [limits]", "[limits]\nassign = \"1h\"\nclose = \"1h\"\n", 3, "close"},
        {"unknown key inside [kind.x]", "[kind.complaint]\nlabel = \"c\"\nlimit = \"1h\"\n", 3,
         "limit"},
        {"unknown key inside [kind.x] limits",
         "[kind.complaint]\nlabel = \"c\"\nlimits = { resolv = \"1h\" }\n", 3, "resolv"},
        {"limits in [channel.x]",
         "[channel.phone]\ncode = \"TEL\"\nlimits = { resolve = \"1h\" }\n", 3, "limits"},
        {"department in [severity.x]", "[severity.general]\n\ndepartment = \"QC\"\n", 3,
         "department"},
        {"bad duration 3x", "[limits]\nassign = \"1wd\"\nresolve = \"3x\"\n", 3, "3x"},
        {"bad duration 0h", "[limits]\nassign = \"1wd\"\nresolve = \"0h\"\n", 3, "0h"},
        {"bad duration in an entry",
         "[severity.general]\n[severity.major]\nlimits = { assign = \"-1h\" }\n", 3, "-1h"},
        {"duration not a string", "[limits]\n\nassign = 3\n", 3, "assign"},
        {"hours ending before they begin", "[calendar]\nhours = [\"09:00-08:00\"]\n", 2,
         "09:00-08:00"},
        {"overlapping hours", "[calendar]\nhours = [\n  \"09:00-12:00\",\n  \"11:00-13:00\",\n]\n",
         4, "11:00-13:00"},
        {"hours out of order", "[calendar]\nhours = [\"13:00-18:00\", \"09:00-12:00\"]\n", 2,
         "09:00-12:00"},
        {"hours 9-12", "[calendar]\nhours = [\"9-12\"]\n", 2, "9-12"},
        {"hours 25:00", "[calendar]\nhours = [\"09:00-25:00\"]\n", 2, "09:00-25:00"},
        {"no hours", "[calendar]\nhours = []\n", 2, "at least one"},
        {"unknown weekday", "[calendar]\nworkdays = [\n  \"mon\",\n  \"funday\",\n]\n", 4,
         "funday"},
        {"weekday listed twice", "[calendar]\nworkdays = [\"mon\", \"mon\"]\n", 2, "twice"},
        {"no working days", "\n[calendar]\nworkdays = []\n", 2, "no working days"},
        {"holiday as a string", "[calendar]\nholidays = [\n  2026-10-02,\n  \"2026-10-01\",\n]\n",
         4, "2026-10-01"},
        {"holiday as a date-time", "[calendar]\n\nextra_workdays = [2026-10-10T09:00:00]\n", 3,
         "date"},
        {"unknown time zone", "[organization]\ntimezone = \"Mars/Olympus\"\n", 2, "Mars/Olympus"},
        {"time zone escaping the zone directory",
         "[organization]\ntimezone = \"../../etc/passwd\"\n", 2, "time zone"},
        {"currency yuan", "[organization]\ncurrency = \"yuan\"\n", 2, "yuan"},
        {"currency cny", "[organization]\n\ncurrency = \"cny\"\n", 3, "cny"},
        {"channel code tel", "[channel.phone]\ncode = \"tel\"\n", 2, "tel"},
        {"channel code TELEX", "[channel.phone]\nlabel = \"电话\"\ncode = \"TELEX\"\n", 3, "TELEX"},
        {"channel code T", "[channel.phone]\ncode = \"T\"\n", 2, "'T'"},
        {"duplicate channel codes",
         "[channel.phone]\ncode = \"TEL\"\n\n[channel.mobile]\ncode = \"TEL\"\n", 5, "TEL"},
        {"channel without code",
         "[channel.email]\ncode = \"EML\"\n[channel.phone]\nlabel = \"电话\"\n", 3, "code"},
        {"name Bad Name", "[category.food]\n[category.\"Bad Name\"]\nlabel = \"x\"\n", 2,
         "Bad Name"},
        {"name with a dot", "[category.\"a.b\"]\n", 1, "a.b"},
        {"label not a string", "[category.food]\nlabel = 5\n", 2, "label"},
        {"default not a boolean", "[kind.complaint]\ndefault = \"yes\"\n", 2, "default"},
        {"two defaults", "[kind.zeta]\ndefault = true\n\n[kind.alpha]\ndefault = true\n", 5,
         "default"},
        {"a [kind] table without complaint and without default",
         "[organization]\nname = \"x\"\n\n[kind.question]\nlabel = \"q\"\n", 4, "no default kind"},
        {"a [severity] table without general and without default",
         "[severity.low]\n[severity.high]\n", 1, "no default severity"},
        {"an empty [kind] table", "[organization]\nname = \"x\"\n[kind]\n", 3, "no entries"},
        {"an entry that is not a table", "[category]\nfood = \"x\"\n", 2, "table"},
        {"TOML syntax: unterminated string", "[limits]\nassign = \"1wd\nresolve = \"5wd\"\n", 2,
         ""},
        {"TOML syntax: duplicate key", "[limits]\nassign = \"1wd\"\nassign = \"2wd\"\n", 3, ""},
        {"TOML syntax: bad header", "\n\n[organization\nname = \"x\"\n", 3, ""},
    };
    SUBCASE("each refused at its line") {
        for (const Row& row : rows) {
            CAPTURE(std::string(row.what));
            check_refused(row.text, row.line, row.fragment);
        }
    }

    SUBCASE("a hint points to the reference") {
        try {
            (void)policy::parse("bogus = 1\n", "p.toml");
            FAIL("expected an error");
        } catch (const Error& e) {
            CHECK_FALSE(e.hints().empty());
        }
    }

    SUBCASE("the column of an unknown key") {
        try {
            (void)policy::parse("[calendar]\n   holiday = []\n", "p.toml");
            FAIL("expected an error");
        } catch (const Error& e) {
            CHECK(std::string(e.what()).starts_with("p.toml:2:4: "));
        }
    }
}

TEST_CASE("policy::load") {
    SUBCASE("a missing file is no_input") {
        try {
            (void)policy::load("/nonexistent/dir/complaints.toml");
            FAIL("expected an error");
        } catch (const Error& e) {
            CHECK(e.code() == ExitCode::no_input);
            CHECK(std::string(e.what()).find("/nonexistent/dir/complaints.toml") !=
                  std::string::npos);
        }
    }

    SUBCASE("a file is parsed, named by its path") {
        const std::filesystem::path path =
            std::filesystem::temp_directory_path() /
            ("complaints-policy-" + std::to_string(::getpid()) + ".toml");
        struct Remove {
            std::filesystem::path path;
            ~Remove() { std::filesystem::remove(path); }
        } remove{path};
        {
            std::ofstream out(path);
            out << "[organization]\nname = \"测试\"\n";
        }
        const Policy p = policy::load(path.string());
        CHECK(p.organization_name == "测试");
        CHECK(p.source == path.string());
        {
            std::ofstream out(path);
            out << "[organization]\nnmae = \"x\"\n";
        }
        try {
            (void)policy::load(path.string());
            FAIL("expected an error");
        } catch (const Error& e) {
            CHECK(e.code() == ExitCode::config);
            CHECK(std::string(e.what()).starts_with(path.string() + ":2:"));
        }
    }
}

// SPEC §10: acknowledge and "none" limits, close_on_resolve, rank, sites,
// causes and outcomes, [hold], [escalation], [duplicates], [acceptance].
TEST_CASE("policy::parse the keys of SPEC §10") {
    SUBCASE("the built-in values stand when the file says nothing") {
        const Policy p = policy::parse("", "p.toml");
        CHECK(p.limits[Milestone::acknowledge] == dur("1wd"));
        CHECK_FALSE(p.limits.is_set(Milestone::hold));
        CHECK(p.closes_on_resolve("inquiry"));
        CHECK_FALSE(p.closes_on_resolve("complaint"));
        CHECK(p.rank("general") == 1);
        CHECK(p.rank("major") == 2);
        CHECK(p.rank("urgent") == 3);
        CHECK(p.sites.empty());
        CHECK(p.causes.empty());
        CHECK(p.outcomes.size() == 7);
        CHECK(p.find(Table::outcome, "refund") != nullptr);
        CHECK_FALSE(p.escalation.reopen_threshold.has_value());
        CHECK(p.duplicate_window == *dur("30d"));
        CHECK(p.time_bar.to_string() == "3y");
    }

    SUBCASE("acknowledge in [limits] and in every limits table") {
        const Policy p = policy::parse(R"toml([limits]
acknowledge = "2h"

[kind.complaint]
limits = { acknowledge = "1d" }

[severity.general]
limits = { acknowledge = "30m", resolve = "2wd" }

[category.food]
limits = { acknowledge = "4bh" }
)toml",
                                       "p.toml");
        CHECK(p.limits[Milestone::acknowledge] == dur("2h"));
        CHECK(p.limits[Milestone::assign] == dur("1wd"));  // the rest of [limits] stands
        CHECK(entry(p, Table::kind, "complaint").limits[Milestone::acknowledge] == dur("1d"));
        CHECK(entry(p, Table::severity, "general").limits[Milestone::acknowledge] == dur("30m"));
        CHECK(entry(p, Table::category, "food").limits[Milestone::acknowledge] == dur("4bh"));
        CHECK(p.applicable_limits(Milestone::acknowledge, "complaint", "food", "general") ==
              std::vector{*dur("1d"), *dur("4bh"), *dur("30m")});
    }

    SUBCASE("a limit of \"none\"") {
        const Policy p = policy::parse(R"toml([limits]
revisit = "none"

[kind.complaint]
[kind.inquiry]
limits = { revisit = "none", acknowledge = "none" }

[category.food]
limits = { revisit = "2h", acknowledge = "1h" }
)toml",
                                       "p.toml");
        CHECK(p.limits.is_none(Milestone::revisit));
        CHECK_FALSE(p.limits[Milestone::revisit].has_value());
        CHECK_FALSE(p.limits.is_none(Milestone::resolve));
        const NamedEntry& inquiry = entry(p, Table::kind, "inquiry");
        CHECK(inquiry.limits.is_none(Milestone::revisit));
        CHECK(inquiry.limits.is_none(Milestone::acknowledge));
        CHECK_FALSE(inquiry.limits.is_none(Milestone::resolve));
        CHECK_FALSE(inquiry.limits.empty());
        // "none" wins over every other applicable limit...
        CHECK(p.applicable_limits(Milestone::revisit, "inquiry", "food", "general").empty());
        CHECK(p.applicable_limits(Milestone::acknowledge, "inquiry", "food", "general").empty());
        // ... and a "none" default is only the fallback: another limit still applies.
        CHECK(p.applicable_limits(Milestone::revisit, "complaint", "food", "general") ==
              std::vector{*dur("2h")});
        CHECK(p.applicable_limits(Milestone::revisit, "complaint", "other", "general").empty());
        CHECK(p.applicable_limits(Milestone::acknowledge, "complaint", "other", "general") ==
              std::vector{*dur("1wd")});
    }

    SUBCASE("a duration in [limits] replaces a none") {
        Policy base = policy::parse("[limits]\nassign = \"none\"\n", "p.toml");
        CHECK(base.limits.is_none(Milestone::assign));
        const Policy p = policy::parse("[limits]\nassign = \"2h\"\n", "p.toml");
        CHECK_FALSE(p.limits.is_none(Milestone::assign));
        CHECK(p.limits[Milestone::assign] == dur("2h"));
    }

    SUBCASE("close_on_resolve") {
        const Policy p = policy::parse(R"toml([kind.complaint]
close_on_resolve = false
[kind.question]
close_on_resolve = true
[kind.other]
)toml",
                                       "p.toml");
        CHECK_FALSE(p.closes_on_resolve("complaint"));
        CHECK(p.closes_on_resolve("question"));
        CHECK_FALSE(p.closes_on_resolve("other"));
        CHECK(p.applicable_limits(Milestone::revisit, "question", "product", "general").empty());
    }

    SUBCASE("rank: as given, or the order of the file when no severity gives one") {
        const Policy given = policy::parse(R"toml([severity.general]
rank = 10
[severity.critical]
rank = 30
[severity.major]
rank = 20
[severity.trivial]
rank = -1
)toml",
                                           "p.toml");
        CHECK(given.rank("general") == 10);
        CHECK(given.rank("critical") == 30);
        CHECK(given.rank("major") == 20);
        CHECK(given.rank("trivial") == -1);
        const Policy order =
            policy::parse("[severity.low]\n[severity.general]\n[severity.high]\n", "p.toml");
        CHECK(order.rank("low") == 1);
        CHECK(order.rank("general") == 2);
        CHECK(order.rank("high") == 3);
        // Equal ranks are allowed: equally severe.
        const Policy equal =
            policy::parse("[severity.general]\nrank = 1\n[severity.other]\nrank = 1\n", "p.toml");
        CHECK(equal.rank("other") == 1);
    }

    SUBCASE("sites, causes and outcomes, in the order of the file") {
        const Policy p = policy::parse(R"toml([site.zeta]
label = "Zeta store"
[site.alpha]
label = "总店"
default = true
[site.mid]

[cause.staff]
label = "员工"
[cause.product]

[outcome.voucher]
label = "代金券"
[outcome.free_meal]
label = "免单"
)toml",
                                       "p.toml");
        REQUIRE(p.sites.size() == 3);
        CHECK(p.sites[0].name == "zeta");
        CHECK(p.sites[0].label == "Zeta store");
        CHECK(p.sites[1].name == "alpha");
        CHECK(p.sites[1].is_default);
        CHECK(p.sites[2].label == "mid");
        REQUIRE(p.default_entry(Table::site) != nullptr);
        CHECK(p.default_entry(Table::site)->name == "alpha");
        REQUIRE(p.causes.size() == 2);
        CHECK(p.causes[0].name == "staff");
        CHECK(p.causes[1].name == "product");
        // [outcome] replaces the built-in outcomes.
        REQUIRE(p.outcomes.size() == 2);
        CHECK(p.find(Table::outcome, "refund") == nullptr);
        CHECK(p.allowed(Table::outcome) == "voucher (代金券), free_meal (免单)");
        CHECK(p.allowed(Table::site) == "zeta (Zeta store), alpha (总店), mid");
        // Sites need no default.
        const Policy none = policy::parse("[site.a]\n[site.b]\n", "p.toml");
        CHECK(none.default_entry(Table::site) == nullptr);
    }

    SUBCASE("[hold] review_after, in any duration form") {
        for (const char* text : {"30m", "48h", "14d", "16bh", "10wd"}) {
            CAPTURE(text);
            const Policy p =
                policy::parse(std::string("[hold]\nreview_after = \"") + text + "\"\n", "p.toml");
            CHECK(p.limits[Milestone::hold] == dur(text));
        }
        CHECK_FALSE(policy::parse("[hold]\n", "p.toml").limits.is_set(Milestone::hold));
    }

    SUBCASE("[escalation]") {
        const Policy p =
            policy::parse("[escalation]\nreopen_threshold = 2\nseverity = \"urgent\"\n", "p.toml");
        CHECK(p.escalation.reopen_threshold == 2);
        CHECK(p.escalation.severity == "urgent");
        // The severity may be defined after [escalation] in the file.
        const Policy later = policy::parse(R"toml([escalation]
severity = "critical"
reopen_threshold = 1

[severity.general]
[severity.critical]
)toml",
                                           "p.toml");
        CHECK(later.escalation.reopen_threshold == 1);
        CHECK(later.escalation.severity == "critical");
    }

    SUBCASE("[duplicates] window, in clock units") {
        for (const char* text : {"90m", "72h", "14d"}) {
            CAPTURE(text);
            const Policy p =
                policy::parse(std::string("[duplicates]\nwindow = \"") + text + "\"\n", "p.toml");
            CHECK(p.duplicate_window == *dur(text));
        }
    }

    SUBCASE("[acceptance] time_bar: years or a duration") {
        const auto bar = [](const std::string& text) {
            return policy::parse("[acceptance]\ntime_bar = \"" + text + "\"\n", "p.toml").time_bar;
        };
        CHECK(bar("3y").to_string() == "3y");
        CHECK_FALSE(bar("3y").duration.has_value());
        CHECK(bar("1y").years == 1);
        CHECK(bar("100y").years == 100);
        CHECK(bar("180d").duration == dur("180d"));
        CHECK(bar("180d").to_string() == "180d");
        CHECK(bar("20wd").duration == dur("20wd"));
        CHECK(bar("12h").duration == dur("12h"));
    }
}

TEST_CASE("policy::parse errors in the keys of SPEC §10") {
    struct Row {
        const char* what;
        const char* text;
        int line;
        const char* fragment;
    };
    const Row rows[] = {
        // Limits.
        {"hold in [limits]", "[limits]\nassign = \"1h\"\nhold = \"5wd\"\n", 3,
         "[hold] review_after"},
        {"hold in a kind's limits", "[kind.complaint]\nlimits = { hold = \"5wd\" }\n", 2,
         "[hold] review_after"},
        {"unknown milestone in [limits]", "[limits]\nacknowledged = \"1h\"\n", 2,
         "allowed: acknowledge, assign, investigate, resolve, revisit"},
        {"bad acknowledge limit", "[limits]\n\nacknowledge = \"1week\"\n", 3, "1week"},
        {"a bad limit names none as a choice",
         "[severity.general]\nlimits = { acknowledge = \"nope\" }\n", 2, "\"none\""},
        {"None is not none", "[limits]\nrevisit = \"None\"\n", 2, "'None'"},
        {"none unquoted is not TOML", "[limits]\nrevisit = none\n", 2, ""},
        {"a limit that is not a string", "[category.food]\nlimits = { acknowledge = 1 }\n", 2,
         "acknowledge"},
        // Kinds and severities.
        {"close_on_resolve not a boolean", "[kind.complaint]\nclose_on_resolve = \"yes\"\n", 2,
         "close_on_resolve must be true or false"},
        {"close_on_resolve on a severity", "[severity.general]\nclose_on_resolve = true\n", 2,
         "close_on_resolve"},
        {"close_on_resolve on a category", "[category.food]\n\nclose_on_resolve = true\n", 3,
         "close_on_resolve"},
        {"rank on a kind", "[kind.complaint]\nrank = 1\n", 2, "'rank'"},
        {"rank a fraction", "[severity.general]\nrank = 1.5\n", 2, "whole number"},
        {"rank in quotes", "[severity.general]\nrank = \"2\"\n", 2, "without quotes"},
        {"rank a boolean", "[severity.general]\nrank = true\n", 2, "rank must be a whole number"},
        {"rank too large", "[severity.general]\nrank = 99999999999\n", 2, "99999999999"},
        {"some severities without a rank",
         "[severity.general]\nrank = 1\n\n[severity.major]\nlabel = \"M\"\n\n[severity.urgent]\n"
         "rank = 3\n",
         4, "[severity.major] has no rank"},
        // Sites, causes, outcomes.
        {"unknown key in a site", "[site.north]\nlabel = \"N\"\ncode = \"N\"\n", 3, "'code'"},
        {"limits in a site", "[site.north]\nlimits = { resolve = \"1h\" }\n", 2, "limits"},
        {"default in a cause", "[cause.staff]\ndefault = true\n", 2, "'default'"},
        {"default in an outcome", "[outcome.voucher]\ndefault = true\n", 2, "'default'"},
        {"department in an outcome", "[outcome.voucher]\ndepartment = \"QC\"\n", 2, "department"},
        {"two default sites", "[site.a]\ndefault = true\n[site.b]\ndefault = true\n", 4,
         "more than one site"},
        {"site default not a boolean", "[site.a]\ndefault = 1\n", 2, "default"},
        {"bad site name", "[site.North]\n", 1, "bad site name 'North'"},
        {"bad cause name", "[cause.\"员工\"]\n", 1, "bad cause name"},
        {"bad outcome name", "[outcome.\"free meal\"]\n", 1, "bad outcome name 'free meal'"},
        {"an empty [site] table", "[organization]\n[site]\n", 2, "[site] defines no entries"},
        {"an empty [outcome] table", "\n[outcome]\n", 2, "[outcome] defines no entries"},
        {"an outcome that is not a table", "[outcome]\nvoucher = \"代金券\"\n", 2, "table"},
        {"a cause label not a string", "[cause.staff]\nlabel = 1\n", 2, "label"},
        // [hold].
        {"unknown key in [hold]", "[hold]\nreview = \"5wd\"\n", 2, "allowed: review_after"},
        {"bad review_after", "[hold]\nreview_after = \"5 days\"\n", 2, "5 days"},
        {"review_after not a string", "[hold]\nreview_after = 5\n", 2, "hold.review_after"},
        {"review_after none", "[hold]\nreview_after = \"none\"\n", 2, "'none'"},
        {"[hold] not a table", "hold = \"5wd\"\n", 1, "[hold] must be a table"},
        // [escalation].
        {"escalation without severity", "# e\n[escalation]\nreopen_threshold = 2\n", 2,
         "severity is missing"},
        {"escalation without threshold", "[escalation]\nseverity = \"major\"\n", 1,
         "reopen_threshold is missing"},
        {"an empty [escalation]", "\n\n[escalation]\n", 3, "both are missing"},
        {"threshold 0", "[escalation]\nreopen_threshold = 0\nseverity = \"major\"\n", 2,
         "positive whole number"},
        {"threshold negative", "[escalation]\nseverity = \"major\"\nreopen_threshold = -2\n", 3,
         "-2"},
        {"threshold a fraction", "[escalation]\nreopen_threshold = 2.5\nseverity = \"major\"\n", 2,
         "2.5"},
        {"threshold in quotes", "[escalation]\nreopen_threshold = \"2\"\nseverity = \"major\"\n", 2,
         "without quotes"},
        {"unknown escalation severity",
         "[escalation]\nreopen_threshold = 2\nseverity = \"critical\"\n", 3,
         "unknown severity 'critical' for escalation.severity (allowed: general (General), major "
         "(Major), urgent (Urgent))"},
        {"escalation severity of the built-in table, replaced by the file",
         "[escalation]\nreopen_threshold = 2\nseverity = \"urgent\"\n\n[severity.general]\nlabel "
         "= \"一般\"\n[severity.high]\nlabel = \"高\"\n",
         3, "allowed: general (一般), high (高)"},
        {"escalation severity not a string", "[escalation]\nreopen_threshold = 2\nseverity = 3\n",
         3, "escalation.severity must be a string"},
        {"unknown key in [escalation]",
         "[escalation]\nreopen_threshold = 2\nseverity = \"major\"\nto = \"urgent\"\n", 4, "'to'"},
        // [duplicates].
        {"window in working days", "[duplicates]\nwindow = \"2wd\"\n", 2, "clock time"},
        {"window in working hours", "[duplicates]\n\nwindow = \"8bh\"\n", 3,
         "not '8bh': register looks back over it by the clock"},
        {"bad window", "[duplicates]\nwindow = \"a month\"\n", 2, "a month"},
        {"unknown key in [duplicates]", "[duplicates]\nwindows = \"30d\"\n", 2, "windows"},
        // [acceptance].
        {"time bar 0y", "[acceptance]\ntime_bar = \"0y\"\n", 2, "bad time bar '0y'"},
        {"time bar 03y", "[acceptance]\ntime_bar = \"03y\"\n", 2, "03y"},
        {"time bar 101y", "[acceptance]\ntime_bar = \"101y\"\n", 2, "1 to 100"},
        {"time bar 3years", "[acceptance]\ntime_bar = \"3years\"\n", 2, "3years"},
        {"time bar y", "[acceptance]\ntime_bar = \"y\"\n", 2, "'y'"},
        {"time bar -1y", "[acceptance]\ntime_bar = \"-1y\"\n", 2, "-1y"},
        {"time bar a number", "[acceptance]\ntime_bar = 3\n", 2, "acceptance.time_bar"},
        {"unknown key in [acceptance]", "[acceptance]\ntime_limit = \"3y\"\n", 2, "time_limit"},
    };
    for (const Row& row : rows) {
        CAPTURE(std::string(row.what));
        check_refused(row.text, row.line, row.fragment);
    }
}
