// The policy keys of SPEC §11: `[people.X] role`, `[authority]`,
// `requires_approval` on severities and `[evidence] max_file`: read, refused
// with FILE:LINE:COLUMN, and written back by to_toml.
#include <complaints/domain/error.hpp>
#include <complaints/policy/policy_file.hpp>

#include <doctest/doctest.h>

#include <optional>
#include <string>
#include <vector>

using namespace complaints;
using namespace complaints::domain;

namespace {

// The message `policy::parse(text)` refuses `text` with (exit 78), or "" when accepted.
std::string refusal(const std::string& text) {
    try {
        (void)policy::parse(text, "p.toml");
    } catch (const Error& e) {
        CHECK(e.code() == ExitCode::config);
        return e.what();
    }
    return "";
}

std::optional<std::int64_t> limit_minor(const Policy& p, Role role) {
    const auto& limit = p.authority.limit(role);
    return limit ? std::optional(limit->minor) : std::nullopt;
}

const char* const k_policy = R"toml([severity.general]
label = "一般"

[severity.major]
label = "重大"
requires_approval = true

[severity.urgent]
label = "紧急"
requires_approval = false

[people.zhang]
role = "agent"

[people.li]
role = "supervisor"

[people.wang]
role = "manager"

[people.audit]
role = "viewer"

[people.zhou]
name = "Zhou"

[authority]
agent = "500.00"
supervisor = 5000
manager = "unlimited"
approvers = ["manager", "supervisor"]

[evidence]
max_file = "5MB"
)toml";

}  // namespace

TEST_CASE("policy::parse the keys of SPEC §11") {
    SUBCASE("roles, limits, approvers, requires_approval, max_file") {
        const Policy p = policy::parse(k_policy, "p.toml");
        REQUIRE(p.people.size() == 5);
        CHECK(p.people[0].role == Role::agent);
        CHECK(p.people[1].role == Role::supervisor);
        CHECK(p.people[2].role == Role::manager);
        CHECK(p.people[3].role == Role::viewer);
        CHECK(p.people[4].role == Role::agent);  // the default
        CHECK_FALSE(p.find(Table::severity, "general")->requires_approval);
        CHECK(p.find(Table::severity, "major")->requires_approval);
        CHECK_FALSE(p.find(Table::severity, "urgent")->requires_approval);
        CHECK(limit_minor(p, Role::agent) == 50000);
        CHECK(limit_minor(p, Role::supervisor) == 500000);  // a whole number of units
        CHECK(limit_minor(p, Role::manager) == std::nullopt);
        CHECK(limit_minor(p, Role::viewer) == std::nullopt);
        CHECK(p.authority.approvers == std::vector<Role>{Role::manager, Role::supervisor});
        CHECK(p.evidence.max_file == 5 * 1024 * 1024);
    }
    SUBCASE("the built-in values: no limits, supervisor and manager approve, 20MB") {
        const Policy p = policy::parse("[people.x]\n", "p.toml");
        for (const Role role : k_roles) CHECK(limit_minor(p, role) == std::nullopt);
        CHECK(p.authority.approvers == std::vector<Role>{Role::supervisor, Role::manager});
        CHECK(p.evidence.max_file == 20 * 1024 * 1024);
        CHECK(p.people[0].role == Role::agent);
        for (const auto& severity : p.severities) CHECK_FALSE(severity.requires_approval);
    }
    SUBCASE("a key left out of [authority] keeps the built-in value") {
        const Policy p = policy::parse("[authority]\nsupervisor = \"0.5\"\n", "p.toml");
        CHECK(limit_minor(p, Role::agent) == std::nullopt);
        CHECK(limit_minor(p, Role::supervisor) == 50);
        CHECK(p.authority.approvers == std::vector<Role>{Role::supervisor, Role::manager});
    }
    SUBCASE("amounts: decimals, whole units, zero, the largest") {
        const auto agent = [](const std::string& value) {
            return limit_minor(policy::parse("[authority]\nagent = " + value + "\n", "p.toml"),
                               Role::agent);
        };
        CHECK(agent("\"0\"") == 0);
        CHECK(agent("0") == 0);
        CHECK(agent("\"0.05\"") == 5);
        CHECK(agent("\"128.5\"") == 12850);
        CHECK(agent("\"200\"") == 20000);
        CHECK(agent("999999999999999") == 99999999999999900);
        CHECK(agent("\"999999999999999.99\"") == 99999999999999999);
    }
    SUBCASE("sizes: B, KB, MB, GB in multiples of 1024, up to 1000000000 bytes") {
        const auto size = [](const std::string& value) {
            return policy::parse("[evidence]\nmax_file = \"" + value + "\"\n", "p.toml")
                .evidence.max_file;
        };
        CHECK(size("1B") == 1);
        CHECK(size("1000000000B") == 1000000000);
        CHECK(size("2KB") == 2048);
        CHECK(size("20MB") == 20971520);
        CHECK(size("953MB") == 999292928);
        CHECK(size("976562KB") == 999999488);
    }
}

TEST_CASE("policy::parse errors in the keys of SPEC §11, with line and column") {
    struct Row {
        const char* what;
        std::string text;
        std::string message;  // the whole message
    };
    const std::vector<Row> rows = {
        // The tables.
        {"a misspelt table", "[authorty]\nagent = \"1\"\n",
         "p.toml:1:2: unknown key 'authorty' in the policy file (allowed: organization, "
         "calendar, limits, kind, severity, channel, category, site, cause, outcome, hold, "
         "escalation, duplicates, acceptance, department, people, notify, authority, evidence, "
         "retention)"},
        // Roles.
        {"an unknown role", "[people.li]\nname = \"Li\"\nrole = \"boss\"\n",
         "p.toml:3:8: unknown role 'boss' for [people.li] role (allowed: agent, supervisor, "
         "manager, viewer)"},
        {"a role in capitals", "[people.li]\nrole = \"Manager\"\n",
         "p.toml:2:8: unknown role 'Manager' for [people.li] role (allowed: agent, supervisor, "
         "manager, viewer)"},
        {"a role that is not a string", "[people.li]\n  role = 1\n",
         "p.toml:2:10: [people.li] role must be a string"},
        {"an unknown key of a person", "[people.li]\nroles = \"agent\"\n",
         "p.toml:2:1: unknown key 'roles' in [people.li] (allowed: name, email, department, "
         "manager, role)"},
        // [authority] limits.
        {"a viewer's limit", "[authority]\nagent = \"1\"\nviewer = \"0\"\n",
         "p.toml:3:1: 'viewer' takes no limit in [authority]: viewers settle nothing (and change "
         "nothing)"},
        {"an unknown key in [authority]", "[authority]\nagents = \"500\"\n",
         "p.toml:2:1: unknown key 'agents' in [authority] (allowed: agent, supervisor, manager, "
         "approvers)"},
        {"a floating-point limit", "[authority]\nagent = 500.5\n",
         "p.toml:2:9: authority.agent must be an exact amount: write it as a string, e.g. "
         "\"500.50\" (not the floating-point number 500.5)"},
        {"a negative floating-point limit", "[authority]\nagent = -1.0\n",
         "p.toml:2:9: authority.agent must be an exact amount: write it as a string, e.g. "
         "\"500.00\" (not the floating-point number -1)"},
        {"a negative whole number", "[authority]\nsupervisor = -5\n",
         "p.toml:2:14: authority.supervisor must be an amount from 0 to 999999999999999 or "
         "\"unlimited\", not -5"},
        {"a whole number too large", "[authority]\nmanager = 1000000000000000\n",
         "p.toml:2:11: authority.manager must be an amount from 0 to 999999999999999 or "
         "\"unlimited\", not 1000000000000000"},
        {"a negative amount string", "[authority]\nagent = \"-500.00\"\n",
         "p.toml:2:9: bad amount '-500.00' for authority.agent: use a non-negative amount with at "
         "most two decimals, e.g. \"500.00\", or \"unlimited\""},
        {"three decimals", "[authority]\nagent = \"500.001\"\n",
         "p.toml:2:9: bad amount '500.001' for authority.agent: use a non-negative amount with at "
         "most two decimals, e.g. \"500.00\", or \"unlimited\""},
        {"a currency in the amount", "[authority]\nagent = \"¥500\"\n",
         "p.toml:2:9: bad amount '¥500' for authority.agent: use a non-negative amount with at "
         "most two decimals, e.g. \"500.00\", or \"unlimited\""},
        {"Unlimited in capitals", "[authority]\nmanager = \"Unlimited\"\n",
         "p.toml:2:11: bad amount 'Unlimited' for authority.manager: use a non-negative amount "
         "with at most two decimals, e.g. \"500.00\", or \"unlimited\""},
        {"an empty amount", "[authority]\nagent = \"\"\n",
         "p.toml:2:9: bad amount '' for authority.agent: use a non-negative amount with at most "
         "two decimals, e.g. \"500.00\", or \"unlimited\""},
        {"an infinite limit", "[authority]\nmanager = inf\n",
         "p.toml:2:11: authority.manager must be an exact amount: write it as a string, e.g. "
         "\"500.00\" (not the floating-point number inf)"},
        {"a boolean limit", "[authority]\nagent = true\n",
         "p.toml:2:9: authority.agent must be an amount such as \"500.00\", or \"unlimited\""},
        {"[authority] not a table", "authority = \"500\"\n",
         "p.toml:1:13: [authority] must be a table"},
        // approvers.
        {"approvers empty", "[authority]\napprovers = []\n",
         "p.toml:2:13: authority.approvers must name at least one role, e.g. [\"supervisor\", "
         "\"manager\"]"},
        {"approvers not an array", "[authority]\napprovers = \"manager\"\n",
         "p.toml:2:13: authority.approvers must be an array"},
        {"a viewer approves", "[authority]\napprovers = [\"manager\", \"viewer\"]\n",
         "p.toml:2:25: a viewer cannot approve: viewers change nothing (approvers may be agent, "
         "supervisor or manager)"},
        {"a role listed twice",
         "[authority]\napprovers = [\"manager\", \"supervisor\", "
         "\"manager\"]\n",
         "p.toml:2:39: role 'manager' is listed twice in authority.approvers"},
        {"an unknown approver role", "[authority]\napprovers = [\"director\"]\n",
         "p.toml:2:14: unknown role 'director' for authority.approvers (allowed: agent, "
         "supervisor, manager, viewer)"},
        {"an approver that is not a string", "[authority]\napprovers = [2]\n",
         "p.toml:2:14: authority.approvers must be a string"},
        // requires_approval.
        {"requires_approval not a boolean", "[severity.major]\nrequires_approval = \"yes\"\n",
         "p.toml:2:21: [severity.major] requires_approval must be true or false"},
        {"requires_approval on a kind", "[kind.complaint]\nrequires_approval = true\n",
         "p.toml:2:1: unknown key 'requires_approval' in [kind.complaint] (allowed: label, "
         "default, limits, close_on_resolve)"},
        {"requires_approval on a category", "[category.food]\nrequires_approval = true\n",
         "p.toml:2:1: unknown key 'requires_approval' in [category.food] (allowed: label, "
         "department, limits)"},
        // [evidence].
        {"an unknown key in [evidence]", "[evidence]\nmax_size = \"20MB\"\n",
         "p.toml:2:1: unknown key 'max_size' in [evidence] (allowed: max_file)"},
        {"max_file a number", "[evidence]\nmax_file = 20\n",
         "p.toml:2:12: evidence.max_file must be a size in quotes, e.g. \"20MB\""},
        {"max_file in MiB", "[evidence]\nmax_file = \"20MiB\"\n",
         "p.toml:2:12: bad size '20MiB' for evidence.max_file: use N followed by B, KB, MB or GB "
         "(multiples of 1024), e.g. \"20MB\""},
        {"max_file lower-case", "[evidence]\nmax_file = \"20mb\"\n",
         "p.toml:2:12: bad size '20mb' for evidence.max_file: use N followed by B, KB, MB or GB "
         "(multiples of 1024), e.g. \"20MB\""},
        {"max_file without a unit", "[evidence]\nmax_file = \"20\"\n",
         "p.toml:2:12: bad size '20' for evidence.max_file: use N followed by B, KB, MB or GB "
         "(multiples of 1024), e.g. \"20MB\""},
        {"max_file with a space", "[evidence]\nmax_file = \"20 MB\"\n",
         "p.toml:2:12: bad size '20 MB' for evidence.max_file: use N followed by B, KB, MB or GB "
         "(multiples of 1024), e.g. \"20MB\""},
        {"max_file negative", "[evidence]\nmax_file = \"-1MB\"\n",
         "p.toml:2:12: bad size '-1MB' for evidence.max_file: use N followed by B, KB, MB or GB "
         "(multiples of 1024), e.g. \"20MB\""},
        {"max_file a fraction", "[evidence]\nmax_file = \"1.5MB\"\n",
         "p.toml:2:12: bad size '1.5MB' for evidence.max_file: use N followed by B, KB, MB or GB "
         "(multiples of 1024), e.g. \"20MB\""},
        {"max_file zero", "[evidence]\nmax_file = \"0MB\"\n",
         "p.toml:2:12: evidence.max_file must be positive, not '0MB'"},
        {"max_file 1GB, above SQLite's largest value", "[evidence]\nmax_file = \"1GB\"\n",
         "p.toml:2:12: evidence.max_file '1GB' is 1073741824 bytes, above 1000000000 bytes, "
         "SQLite's largest value (a file is stored as one value)"},
        {"max_file one byte too many", "[evidence]\nmax_file = \"1000000001B\"\n",
         "p.toml:2:12: evidence.max_file '1000000001B' is 1000000001 bytes, above 1000000000 "
         "bytes, SQLite's largest value (a file is stored as one value)"},
        {"max_file with many digits", "[evidence]\nmax_file = \"99999999999999999999KB\"\n",
         "p.toml:2:12: evidence.max_file '99999999999999999999KB' is too large: at most "
         "1000000000 bytes (SQLite's largest value)"},
        {"[evidence] not a table", "evidence = 1\n", "p.toml:1:12: [evidence] must be a table"},
    };
    for (const Row& row : rows) {
        CAPTURE(std::string(row.what));
        CAPTURE(row.text);
        CHECK(refusal(row.text) == row.message);
    }
}

TEST_CASE("policy::to_toml the keys of SPEC §11") {
    SUBCASE("every key reads back the same") {
        const Policy p = policy::parse(k_policy, "p.toml");
        const std::string text = policy::to_toml(p, policy::Comments::none);
        CAPTURE(text);
        for (const char* line :
             {"requires_approval = true\n", "role = \"viewer\"\n", "role = \"agent\"\n",
              "[authority]\nagent = \"500.00\"\nsupervisor = \"5000.00\"\nmanager = "
              "\"unlimited\"\napprovers = [\"manager\", \"supervisor\"]\n",
              "[evidence]\nmax_file = \"5MB\"\n"})
            CHECK(text.find(line) != std::string::npos);
        // requires_approval = false is the default and is not written.
        CHECK(text.find("requires_approval = false") == std::string::npos);
        const Policy q = policy::parse(text, "written.toml");
        REQUIRE(q.people.size() == p.people.size());
        for (std::size_t i = 0; i < p.people.size(); ++i) {
            CHECK(q.people[i].key == p.people[i].key);
            CHECK(q.people[i].role == p.people[i].role);
        }
        REQUIRE(q.severities.size() == p.severities.size());
        for (std::size_t i = 0; i < p.severities.size(); ++i)
            CHECK(q.severities[i].requires_approval == p.severities[i].requires_approval);
        CHECK(q.authority.limits == p.authority.limits);
        CHECK(q.authority.approvers == p.authority.approvers);
        CHECK(q.evidence.max_file == p.evidence.max_file);
        // And writing it again gives the same text (but the first line, naming the source).
        const auto body = [](const std::string& t) { return t.substr(t.find('\n')); };
        CHECK(body(policy::to_toml(q, policy::Comments::none)) == body(text));
    }
    SUBCASE("[authority] without [people], when it is not the built-in one") {
        const Policy p = policy::parse("[authority]\napprovers = [\"manager\"]\n", "p.toml");
        const std::string text = policy::to_toml(p, policy::Comments::none);
        CHECK(text.find("[authority]\nagent = \"unlimited\"\nsupervisor = \"unlimited\"\nmanager "
                        "= \"unlimited\"\napprovers = [\"manager\"]\n") != std::string::npos);
        CHECK(policy::parse(text, "w.toml").authority.approvers ==
              std::vector<Role>{Role::manager});
    }
    SUBCASE("the built-in policy: no [authority], [evidence] with its default") {
        const Policy p = policy::builtin();
        const std::string text = policy::to_toml(p, policy::Comments::none);
        CHECK(text.find("[authority]") == std::string::npos);
        CHECK(text.find("[evidence]\nmax_file = \"20MB\"\n") != std::string::npos);
        // The starter file explains [authority] in a commented-out example that works.
        const std::string starter = policy::to_toml(p, policy::Comments::explain);
        CAPTURE(starter);
        const auto at = starter.find("# [authority]\n");
        REQUIRE(at != std::string::npos);
        std::string example;
        for (std::size_t i = at; i < starter.size() && starter.compare(i, 2, "# ") == 0;) {
            const auto end = starter.find('\n', i);
            example += starter.substr(i + 2, end - i - 1);
            i = end + 1;
        }
        const Policy q = policy::parse("[people.x]\n" + example, "example.toml");
        CHECK(limit_minor(q, Role::agent) == 50000);
        CHECK(limit_minor(q, Role::supervisor) == 500000);
        CHECK(limit_minor(q, Role::manager) == std::nullopt);
        CHECK(policy::parse(starter, "starter.toml").evidence.max_file == 20 * 1024 * 1024);
    }
    SUBCASE("amounts keep their exact minor units") {
        const Policy p = policy::parse(
            "[authority]\nagent = \"0.05\"\nsupervisor = 0\nmanager = \"999999999999999.99\"\n",
            "p.toml");
        const Policy q = policy::parse(policy::to_toml(p, policy::Comments::none), "w.toml");
        CHECK(limit_minor(q, Role::agent) == 5);
        CHECK(limit_minor(q, Role::supervisor) == 0);
        CHECK(limit_minor(q, Role::manager) == 99999999999999999);
    }
}

TEST_CASE("policy::size_text") {
    CHECK(policy::size_text(20 * 1024 * 1024) == "20MB");
    CHECK(policy::size_text(1024) == "1KB");
    CHECK(policy::size_text(1536) == "1536B");
    CHECK(policy::size_text(3 * 1024 * 1024 + 1024) == "3073KB");
    CHECK(policy::size_text(1000000000) == "1000000000B");  // 2^9 * 5^9: not whole KB
    CHECK(policy::size_text(1) == "1B");
    for (const std::int64_t bytes : {1, 1000, 1024, 999999488, 1000000000, 5 << 20}) {
        CAPTURE(bytes);
        CHECK(
            policy::parse("[evidence]\nmax_file = \"" + policy::size_text(bytes) + "\"\n", "p.toml")
                .evidence.max_file == bytes);
    }
}
