// `remind` and approvals (SPEC §11): a department head is sent the complaints
// of the department awaiting approval, in a section of their reminder.
#include "remind_support.hpp"

using namespace remind_test;

// ---- approvals (SPEC §11) ---------------------------------------------------

namespace {

// Puts complaint `id` in status awaiting_approval with a proposal by `by` at
// `at` (UTC), as `resolve` stores one: a shortcut that places complaints in
// exact states (a head proposing, no department) under the policy of these
// tests, which has no [authority]; `amount` in minor units, or none. The last
// test of this file proposes and approves through the commands themselves.
void propose_with_sql(const Fixture& fx, const std::string& id, const std::string& by,
                      const std::string& at, std::optional<long long> amount = 800000) {
    REQUIRE(cli_test::sql_execute(
                fx.db(),
                "UPDATE complaint SET status = 'awaiting_approval', proposal_plan = 'refund', "
                "proposal_outcome = 'refund', proposal_amount = ?, "
                "proposal_currency = 'CNY', proposal_by = ?, proposal_at = ? WHERE id = ?",
                {amount ? std::optional<std::string>(std::to_string(*amount)) : std::nullopt, by,
                 at, id}) == 1);
}

// (complaint, due, to) of every remind event of an approval, in order. The
// details are read as JSON here rather than with the SQL engine's own JSON
// functions, which differ between SQLite and PostgreSQL.
std::vector<std::tuple<std::string, std::string, std::string>> approval_events(Fixture& fx) {
    const Result r = fx.run({"--format", "json", "query",
                             "SELECT id, details FROM event_log WHERE type = 'remind' "
                             "ORDER BY seq"});
    INFO("stderr: " << r.err);
    REQUIRE(r.status == 0);
    std::vector<std::tuple<std::string, std::string, std::string>> out;
    for (const auto& row : cli_test::parse_json(r.out)) {
        const json details = cli_test::parse_json(row["details"].get<std::string>());
        const json approval = details.value("approval", json());
        if (approval != true && approval != 1) continue;
        CHECK(details["milestone"] == "resolve");
        CHECK(details["cc"].size() == 0);
        out.emplace_back(row["id"].get<std::string>(), details["due"].get<std::string>(),
                         details["to"].get<std::string>());
    }
    return out;
}

// The lines of the section "Awaiting your approval" of a message body, up to
// the first empty line after it.
std::vector<std::string> approval_section(const std::string& body) {
    std::vector<std::string> out;
    std::istringstream in(body);
    bool inside = false;
    for (std::string line; std::getline(in, line);) {
        if (line == "Awaiting your approval:") {
            inside = true;
            std::getline(in, line);  // the empty line after the heading
            continue;
        }
        if (!inside) continue;
        if (line.empty()) break;
        out.push_back(line);
    }
    return out;
}

}  // namespace

TEST_CASE("remind: a department head gets the complaints awaiting approval") {
    Fixture fx;
    fx.write_file("complaints.toml", k_policy);
    // P (quality, QC) proposed by zhang: to wang, head of QC, who has nothing else due.
    // Q (other: no department) and R (proposed by wang, who has no manager): warnings.
    const auto p = fx.register_complaint(
        {"--category", "quality", "--received-at", "2026-11-23 09:00", "--summary", "退款超限"});
    const auto q = fx.register_complaint(
        {"--category", "other", "--received-at", "2026-11-23 09:00", "--summary", "Q"});
    const auto r_id = fx.register_complaint(
        {"--category", "quality", "--received-at", "2026-11-23 09:00", "--summary", "R"});
    ok(fx, {"assign", p, "--to", "zhang", "--at", "2026-11-23 09:10"});
    ok(fx, {"assign", q, "--to", "zhao", "--at", "2026-11-23 09:10"});
    ok(fx, {"assign", r_id, "--to", "wang", "--at", "2026-11-23 09:10"});
    propose_with_sql(fx, p, "zhang", "2026-11-23T01:30:00Z");
    propose_with_sql(fx, q, "zhao", "2026-11-23T01:30:00Z");
    propose_with_sql(fx, r_id, "wang", "2026-11-23T01:30:00Z", std::nullopt);
    const Mailbox box = mailbox(fx);

    SUBCASE("one message, only the approvals; warnings for the others; recorded") {
        const Result r = fx.run({"remind", "--sendmail", box.command()});
        INFO("stderr: " << r.err);
        REQUIRE(r.status == 0);
        CHECK(r.out.empty());
        CHECK(r.err ==
              "complaints: warning: " + q +
                  " awaits approval but has no department: skipped its approval reminder\n"
                  "complaints: warning: " +
                  r_id +
                  " was proposed by 'wang', the head of its department, who has no manager: "
                  "skipped its approval reminder\n");
        const auto texts = box.take();
        REQUIRE(texts.size() == 1);
        const Mail m = parse_mail(texts[0]);
        check_common(m);
        CHECK(addresses(m.one("to")) == std::vector<std::string>{"wang@example.com"});
        CHECK(display_name(m.one("to")) == "王经理");
        CHECK(m.one("subject") == "[complaints] 1 complaint awaits your approval");
        CHECK(approval_section(m.body) ==
              std::vector<std::string>{"  " + p +
                                           "  proposed by Zhang San (zhang)  since 2026-11-23 "
                                           "09:30 (waiting 30m)",
                                       "      amount 8000.00 CNY", "      退款超限"});
        CHECK(m.body.find("Approve with: complaints approve NUMBER\n") != std::string::npos);
        CHECK(approval_events(fx) == std::vector<std::tuple<std::string, std::string, std::string>>{
                                         {p, "2026-11-23T01:30:00Z", "wang@example.com"}});
        CHECK(remind_events(fx).size() == 1);

        // notify.repeat: not again right away (the warnings are), with --force yes.
        const std::string before = cli_test::snapshot(fx.db());
        Result again = fx.run({"remind", "--sendmail", box.command()});
        CHECK(again.status == 0);
        CHECK(again.out.empty());
        CHECK(box.take().empty());
        CHECK(cli_test::snapshot(fx.db()) == before);
        again = fx.run({"remind", "--force", "--sendmail", box.command()});
        CHECK(again.status == 0);
        CHECK(box.take().size() == 1);
        CHECK(approval_events(fx).size() == 2);
        // 1wd after Monday 10:00 is Tuesday 18:00.
        again = fx.run({"remind", "--sendmail", box.command()}, "",
                       {{"COMPLAINTS_NOW", "2026-11-24 17:59"}});
        CHECK(again.status == 0);
        CHECK(box.take().empty());
        again = fx.run({"remind", "--sendmail", box.command()}, "",
                       {{"COMPLAINTS_NOW", "2026-11-24 18:00"}});
        CHECK(again.status == 0);
        const auto later = box.take();
        REQUIRE(later.size() == 1);
        CHECK(approval_section(parse_mail(later[0]).body).at(0) ==
              "  " + p + "  proposed by Zhang San (zhang)  since 2026-11-23 09:30 (waiting 1d 8h)");
        CHECK(approval_events(fx).size() == 3);
    }
    SUBCASE("a new proposal (after a decline) is reminded at once") {
        REQUIRE(fx.run({"remind", "--sendmail", box.command()}).status == 0);
        REQUIRE(box.take().size() == 1);
        propose_with_sql(fx, p, "zhang", "2026-11-23T01:50:00Z", 500000);
        const Result r = fx.run({"remind", "--sendmail", box.command()});
        CHECK(r.status == 0);
        const auto texts = box.take();
        REQUIRE(texts.size() == 1);
        CHECK(approval_section(parse_mail(texts[0]).body) ==
              std::vector<std::string>{"  " + p +
                                           "  proposed by Zhang San (zhang)  since 2026-11-23 "
                                           "09:50 (waiting 10m)",
                                       "      amount 5000.00 CNY", "      退款超限"});
        CHECK(approval_events(fx).size() == 2);
    }
    SUBCASE("--dry-run prints it and records nothing; --as-of before the proposal: nothing") {
        const std::string before = cli_test::snapshot(fx.db());
        Result r = fx.run({"remind", "--dry-run"});
        CHECK(r.status == 0);
        CHECK(split_messages(r.out).size() == 1);
        CHECK(r.out.find("Awaiting your approval:\n") != std::string::npos);
        r = fx.run({"remind", "--dry-run", "--as-of", "2026-11-23 09:29", "--within", "1h"});
        CHECK(r.status == 0);
        CHECK(r.out.empty());
        CHECK(r.err.empty());
        CHECK(cli_test::snapshot(fx.db()) == before);
    }
    SUBCASE("proposed by the head: to the head's manager") {
        // wang now has a manager: R, proposed by wang, goes to boss.
        std::string policy = k_policy;
        policy.replace(policy.find("department = \"QC\"\n"),
                       std::string("department = \"QC\"\n").size(),
                       "department = \"QC\"\nmanager = \"boss\"\n");
        fx.write_file("complaints.toml",
                      policy + "\n[people.boss]\nname = \"Boss\"\nemail = \"boss@example.com\"\n");
        const Result r = fx.run({"remind", "--dry-run"});
        CHECK(r.status == 0);
        const auto messages = split_messages(r.out);
        REQUIRE(messages.size() == 2);
        const Mail boss = parse_mail(messages[1]);
        CHECK(addresses(boss.one("to")) == std::vector<std::string>{"boss@example.com"});
        CHECK(approval_section(boss.body) ==
              std::vector<std::string>{"  " + r_id +
                                           "  proposed by 王经理 (wang)  since 2026-11-23 09:30 "
                                           "(waiting 30m)",
                                       "      R"});
    }
}

TEST_CASE("remind: the approvals are a section of the head's reminder of milestones") {
    Fixture fx;
    const DataSet s = build(fx);
    const auto p = fx.register_complaint(
        {"--category", "quality", "--received-at", "2026-11-23 09:00", "--summary", "P"});
    ok(fx, {"assign", p, "--to", "zhang", "--at", "2026-11-23 09:10"});
    propose_with_sql(fx, p, "zhang", "2026-11-23T01:30:00Z", std::nullopt);
    const Mailbox box = mailbox(fx);
    const Result r = fx.run({"remind", "--sendmail", box.command()});
    INFO("stderr: " << r.err);
    REQUIRE(r.status == 0);
    const auto texts = box.take();
    // The four messages of the first round, nothing more: wang's reminder lists A's
    // milestones, then P in its own section.
    check_first_round(texts, s);
    const auto sent = by_recipient(texts, {s.a, s.b, s.g, s.h, p});
    const Mail& wang = sent.at("wang@example.com").mail;
    CHECK(sent.at("wang@example.com").items == Items{{s.a, "assign"}, {s.a, "resolve"}});
    CHECK(wang.one("subject") ==
          "[complaints] 2 complaint milestones need you, 1 complaint awaits your approval");
    CHECK(approval_section(wang.body) ==
          std::vector<std::string>{
              "  " + p + "  proposed by Zhang San (zhang)  since 2026-11-23 09:30 (waiting 30m)",
              "      P"});
    CHECK(wang.body.find("水壶漏水") < wang.body.find("Awaiting your approval:"));
    for (const auto& [to, message] : sent)
        if (to != "wang@example.com") CHECK(message.mail.body.find("approv") == std::string::npos);
    CHECK(approval_events(fx) == std::vector<std::tuple<std::string, std::string, std::string>>{
                                     {p, "2026-11-23T01:30:00Z", "wang@example.com"}});
    // The four milestones of the first round, and the approval.
    CHECK(remind_events(fx).size() == 5);
}

TEST_CASE("remind: a proposal made by resolve is reminded to the head until it is approved") {
    Fixture fx;
    fx.write_file("complaints.toml", R"([department.QC]
label = "质量部"
head = "wang"

[people.wang]
name = "王经理"
email = "wang@example.com"
department = "QC"
role = "supervisor"

[people.zhang]
name = "Zhang San"
email = "zhang@example.com"
department = "QC"

[people.tester]
name = "Tester"

[category.quality]
label = "产品质量"
department = "QC"

[authority]
agent = "500.00"

[notify]
from = "complaints@example.com"

[limits]
acknowledge = "none"
)");
    const auto id = fx.register_complaint(
        {"--category", "quality", "--received-at", "2026-11-23 09:00", "--summary", "退款超限"});
    ok(fx, {"assign", id, "--to", "zhang", "--at", "2026-11-23 09:10"});
    const Result proposed = fx.run({"--as", "zhang", "resolve", id, "--plan", "退款", "--outcome",
                                    "refund", "--amount", "800.00", "--at", "2026-11-23 09:30"});
    INFO("stderr: " << proposed.err);
    REQUIRE(proposed.status == 0);
    CHECK(proposed.out ==
          id + "  awaiting approval by supervisor or manager (800.00 above agent limit 500.00)\n");
    const Mailbox box = mailbox(fx);

    const Result r = fx.run({"remind", "--sendmail", box.command()});
    INFO("stderr: " << r.err);
    REQUIRE(r.status == 0);
    const auto texts = box.take();
    REQUIRE(texts.size() == 1);
    const Mail m = parse_mail(texts[0]);
    CHECK(addresses(m.one("to")) == std::vector<std::string>{"wang@example.com"});
    CHECK(m.one("subject") == "[complaints] 1 complaint awaits your approval");
    CHECK(approval_section(m.body) ==
          std::vector<std::string>{
              "  " + id + "  proposed by Zhang San (zhang)  since 2026-11-23 09:30 (waiting 30m)",
              "      amount 800.00 CNY", "      退款超限"});

    // Approved: nothing awaits any more, so nothing is sent, even with --force.
    ok(fx, {"--as", "wang", "approve", id, "--at", "2026-11-23 09:50"});
    const Result after = fx.run({"remind", "--force", "--sendmail", box.command()});
    INFO("stderr: " << after.err);
    REQUIRE(after.status == 0);
    CHECK(box.take().empty());
}
