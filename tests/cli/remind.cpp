// `remind` (SPEC §9): one e-mail per recipient, handed to a stand-in mail
// command (tests/cli/fake_sendmail.sh) that stores each message; the test
// parses the stored messages as RFC 5322 with RFC 2047 headers and checks
// recipients, copies, headers and bodies; repeat suppression, --force,
// --dry-run, recipients without an address, and failing mail commands.
#include "remind_support.hpp"

using namespace remind_test;

TEST_CASE("remind: one message per recipient, to the assignee or the department head") {
    Fixture fx;
    const DataSet s = build(fx);
    const Mailbox box = mailbox(fx);

    const Result r = fx.run({"remind", "--sendmail", box.command()});
    INFO("stderr: " << r.err);
    REQUIRE(r.status == 0);
    CHECK(r.out.empty());
    CHECK(r.err.find("error") == std::string::npos);
    check_first_round(box.take(), s);

    // Each reminder is recorded as an event: one per complaint and milestone.
    using Event = std::tuple<std::string, std::string, std::string, std::vector<std::string>>;
    auto events = remind_events(fx);
    std::sort(events.begin(), events.end());
    std::vector<Event> expected = {
        {s.a, "assign", "wang@example.com", {}},
        {s.a, "resolve", "wang@example.com", {}},
        {s.b, "investigate", "zhang@example.com", {"wang@example.com"}},
        {s.g, "investigate", "zhao@example.com", {}},
    };
    std::sort(expected.begin(), expected.end());
    CHECK(events == expected);
    // ... and in show.
    const json shown = fx.show(s.b);
    int reminds = 0;
    for (const auto& event : shown["events"])
        if (event["type"] == "remind") ++reminds;
    CHECK(reminds == 1);
}

TEST_CASE("remind: the same milestone is not reminded again within notify.repeat") {
    Fixture fx;
    const DataSet s = build(fx);
    const Mailbox box = mailbox(fx);
    const std::vector<std::string> ids = {s.a, s.b, s.g, s.h};
    REQUIRE(fx.run({"remind", "--sendmail", box.command()}).status == 0);
    REQUIRE(box.take().size() == 4);

    // Right away: nothing to send, nothing printed, nothing recorded.
    std::string before = cli_test::snapshot(fx.db());
    Result r = fx.run({"remind", "--sendmail", box.command()});
    INFO("stderr: " << r.err);
    CHECK(r.status == 0);
    CHECK(r.out.empty());
    CHECK(box.take().empty());
    CHECK(cli_test::snapshot(fx.db()) == before);

    // --force sends again, and records it.
    r = fx.run({"remind", "--force", "--sendmail", box.command()});
    CHECK(r.status == 0);
    check_first_round(box.take(), s);
    CHECK(remind_events(fx).size() == 8);

    // repeat = 1wd from Mon 10:00 ends Tue 11-24 18:00. At 17:59 only what was never reminded
    // goes: B's resolve, due Mon 18:00.
    r = fx.run({"remind", "--sendmail", box.command()}, "",
               {{"COMPLAINTS_NOW", "2026-11-24 17:59"}});
    CHECK(r.status == 0);
    auto sent = by_recipient(box.take(), ids);
    REQUIRE(sent.size() == 1);
    REQUIRE(sent.count("zhang@example.com"));
    CHECK(sent["zhang@example.com"].items == Items{{s.b, "resolve"}});
    CHECK(remind_events(fx).size() == 9);

    // At 18:00 the others go again (B's resolve, reminded at 17:59, does not).
    r = fx.run({"remind", "--sendmail", box.command()}, "",
               {{"COMPLAINTS_NOW", "2026-11-24 18:00"}});
    CHECK(r.status == 0);
    const auto texts = box.take();
    sent = by_recipient(texts, ids);
    REQUIRE(sent.count("wang@example.com"));
    REQUIRE(sent.count("zhang@example.com"));
    REQUIRE(sent.count("zhao@example.com"));
    CHECK(sent["wang@example.com"].items == Items{{s.a, "assign"}, {s.a, "resolve"}});
    CHECK(sent["zhang@example.com"].items == Items{{s.b, "investigate"}});
    CHECK(sent["zhao@example.com"].items.count({s.g, "investigate"}) == 1);
    // By now G is overdue by more than 1wd too: wang's copy lists B's and G's milestones.
    CHECK(sent["zhao@example.com"].cc == std::vector<std::string>{"wang@example.com"});
    CHECK(sent["zhang@example.com"].cc == std::vector<std::string>{"wang@example.com"});
    CHECK(sent["wang@example.com"].cc.empty());
    const auto copies = by_recipient(texts, ids, true);
    REQUIRE(copies.size() == 1);
    CHECK(copies.at("wang@example.com").items == Items{{s.b, "investigate"}, {s.g, "investigate"}});
}

TEST_CASE("remind: --dry-run prints the messages separated by '--' and records nothing") {
    Fixture fx;
    const DataSet s = build(fx);
    const Mailbox box = mailbox(fx);
    const std::string before = cli_test::snapshot(fx.db());
    const Result r = fx.run({"remind", "--dry-run", "--sendmail", box.command()});
    INFO("stderr: " << r.err);
    REQUIRE(r.status == 0);
    CHECK(box.take().empty());
    CHECK(cli_test::snapshot(fx.db()) == before);

    const auto messages = split_messages(r.out);
    check_first_round(messages, s);

    // A real run afterwards still sends all of them, with the same Message-IDs (the same
    // time and --as-of: COMPLAINTS_NOW is fixed).
    REQUIRE(fx.run({"remind", "--sendmail", box.command()}).status == 0);
    const auto sent = box.take();
    REQUIRE(sent.size() == 4);
    std::set<std::string> dry_ids, sent_ids;
    for (const auto& m : messages) dry_ids.insert(parse_mail(m).one("message-id"));
    for (const auto& m : sent) sent_ids.insert(parse_mail(m).one("message-id"));
    CHECK(dry_ids.size() == 4);
    CHECK(dry_ids == sent_ids);
}

TEST_CASE("remind: nothing to send is exit 0 with empty output") {
    Fixture fx;
    fx.write_file("complaints.toml", k_policy);
    fx.register_complaint({"--category", "quality", "--received-at", "2026-11-23 09:00"});
    const Mailbox box = mailbox(fx);
    const std::string before = cli_test::snapshot(fx.db());
    for (const bool dry : {false, true}) {
        CAPTURE(dry);
        std::vector<std::string> args = {"remind", "--sendmail", box.command()};
        if (dry) args.push_back("--dry-run");
        const Result r = fx.run(args);
        INFO("stderr: " << r.err);
        CHECK(r.status == 0);
        CHECK(r.out.empty());
        CHECK(r.err.empty());
        CHECK(box.take().empty());
        CHECK(cli_test::snapshot(fx.db()) == before);
    }
    // --within reaches the deadline ahead (Tue 11-24 18:00).
    const Result r = fx.run({"remind", "--within", "2wd", "--dry-run"});
    CHECK(r.status == 0);
    CHECK(r.out.find("To: ") != std::string::npos);
}

TEST_CASE("remind: a recipient without an e-mail address is a warning; the others are sent") {
    Fixture fx;
    const DataSet s = build(fx);
    const auto c = fx.register_complaint(
        {"--category", "quality", "--received-at", "2026-11-16 09:00", "--summary", "C"});
    ok(fx, {"assign", c, "--to", "li", "--at", "2026-11-16 10:00"});
    const Mailbox box = mailbox(fx);

    const Result r = fx.run({"remind", "--sendmail", box.command()});
    INFO("stderr: " << r.err);
    CHECK(r.status == 0);
    CHECK(r.out.empty());
    CHECK(r.err.find("warning") != std::string::npos);
    CHECK(r.err.find("'li'") != std::string::npos);
    CHECK(r.err.find("error") == std::string::npos);
    const auto texts = box.take();
    check_first_round(texts, s);
    for (const bool copies : {false, true})
        for (const auto& [to, message] : by_recipient(texts, {s.a, s.b, s.g, s.h, c}, copies))
            for (const auto& item : message.items) CHECK(item.first != c);
    // Nothing is recorded for li's complaint.
    for (const auto& event : remind_events(fx)) CHECK(std::get<0>(event) != c);
    CHECK(remind_events(fx).size() == 4);
}

namespace {

// A failed remind: exit 69; the error line (after any warnings about single
// messages and whatever the failing command said) names the command.
void check_mail_failure(const Result& r, const std::string& command) {
    INFO("stdout: [" << r.out << "]");
    INFO("stderr: [" << r.err << "]");
    CHECK(r.status == 69);
    CHECK(r.out.empty());
    std::istringstream lines(r.err);
    int errors = 0;
    bool after_error = false;
    for (std::string line; std::getline(lines, line);) {
        if (line.rfind("complaints: error: ", 0) == 0) {
            ++errors;
            after_error = true;
            CHECK(line.find(command) != std::string::npos);
        } else if (after_error) {
            CHECK_MESSAGE(line.rfind("hint: ", 0) == 0, "extra line after the error: " << line);
        }
    }
    CHECK(errors == 1);
}

}  // namespace

TEST_CASE("remind: a failing mail command is exit 69 after trying every message") {
    Fixture fx;
    const DataSet s = build(fx);
    const Mailbox box = mailbox(fx);

    SUBCASE("false: nothing is recorded") {
        const std::string before = cli_test::snapshot(fx.db());
        const Result r = fx.run({"remind", "--sendmail", "false"});
        check_mail_failure(r, "false");
        CHECK(r.err.find("4 of 4") != std::string::npos);
        CHECK(cli_test::snapshot(fx.db()) == before);
    }
    SUBCASE("a command that does not exist") {
        const std::string before = cli_test::snapshot(fx.db());
        const Result r = fx.run({"remind", "--sendmail", "/nonexistent/sendmail"});
        check_mail_failure(r, "/nonexistent/sendmail");
        CHECK(r.err.find("not found") != std::string::npos);
        CHECK(cli_test::snapshot(fx.db()) == before);
    }
    SUBCASE("failing for one recipient: the others are sent and recorded") {
        const std::string command = box.command("zhang@example.com");
        const Result r = fx.run({"remind", "--sendmail", command});
        check_mail_failure(r, "zhang@example.com");
        CHECK(r.err.find("1 of 4") != std::string::npos);
        const auto texts = box.take();
        const auto sent = by_recipient(texts, {s.a, s.b, s.g, s.h});
        CHECK(sent.size() == 2);
        CHECK(sent.count("wang@example.com") == 1);
        CHECK(sent.count("zhao@example.com") == 1);  // after the failed one
        // The copy of B's milestone still went to wang, but B is not recorded as reminded.
        CHECK(by_recipient(texts, {s.b}, true).count("wang@example.com") == 1);
        for (const auto& event : remind_events(fx)) CHECK(std::get<0>(event) != s.b);
        CHECK(remind_events(fx).size() == 3);

        // B was not reminded, so the next run tries it again (and only it), with its copy.
        const Result again = fx.run({"remind", "--sendmail", box.command()});
        CHECK(again.status == 0);
        const auto retried_texts = box.take();
        CHECK(retried_texts.size() == 2);
        const auto retried = by_recipient(retried_texts, {s.a, s.b, s.g, s.h});
        REQUIRE(retried.size() == 1);
        REQUIRE(retried.count("zhang@example.com"));
        CHECK(retried.at("zhang@example.com").items == Items{{s.b, "investigate"}});
        CHECK(retried.at("zhang@example.com").cc == std::vector<std::string>{"wang@example.com"});
    }
}

TEST_CASE("remind: without a department of the assignee, the copy goes to the complaint's") {
    Fixture fx;
    fx.write_file("complaints.toml",
                  k_policy + "\n[department.CS]\nlabel = \"客服部\"\nhead = \"zhao\"\n");
    // Quality (QC, head wang) but assigned within CS (head zhao); investigate due Thu 11-05
    // 18:00, long overdue.
    const auto k = fx.register_complaint(
        {"--category", "quality", "--received-at", "2026-11-02 09:00", "--summary", "K"});
    ok(fx, {"assign", k, "--to", "zhang", "--department", "CS", "--at", "2026-11-02 10:00"});
    const Mailbox box = mailbox(fx);
    const Result r = fx.run({"remind", "--sendmail", box.command()});
    INFO("stderr: " << r.err);
    REQUIRE(r.status == 0);
    const auto texts = box.take();
    const auto sent = by_recipient(texts, {k});
    REQUIRE(sent.size() == 1);
    REQUIRE(sent.count("zhang@example.com"));
    CHECK(sent.at("zhang@example.com").items == Items{{k, "investigate"}, {k, "resolve"}});
    CHECK(sent.at("zhang@example.com").cc == std::vector<std::string>{"zhao@example.com"});
    const auto copies = by_recipient(texts, {k}, true);
    REQUIRE(copies.size() == 1);
    REQUIRE(copies.count("zhao@example.com"));
    CHECK(display_name(copies.at("zhao@example.com").mail.one("to")) == "赵六");
}

TEST_CASE("remind: long non-ASCII names are encoded in folded RFC 2047 words") {
    Fixture fx;
    const DataSet s = build(fx);
    std::string long_name;
    for (int i = 0; i < 8; ++i) long_name += "王经理";  // 72 bytes of UTF-8
    std::string policy = k_policy;
    policy.replace(policy.find("王经理"), std::string("王经理").size(), long_name);
    policy += "\n[organization]\nname = \"某某贸易有限公司\"\n";
    fx.write_file("complaints.toml", policy);

    const Result r = fx.run({"remind", "--dry-run"});
    INFO("stderr: " << r.err);
    REQUIRE(r.status == 0);
    const auto messages = split_messages(r.out);
    const auto sent = by_recipient(messages, {s.a, s.b, s.g, s.h});
    REQUIRE(sent.count("wang@example.com"));
    const Mail& m = sent.at("wang@example.com").mail;
    CHECK(display_name(m.one("to")) == long_name);
    CHECK(display_name(m.one("from")) == "某某贸易有限公司");
    const auto copies = by_recipient(messages, {s.a, s.b, s.g, s.h}, true);
    REQUIRE(copies.count("wang@example.com"));
    CHECK(display_name(copies.at("wang@example.com").mail.one("to")) == long_name);
    // RFC 2047: no encoded word longer than 75 characters.
    std::istringstream headers(m.raw_headers);
    for (std::string line; std::getline(headers, line);)
        for (auto at = line.find("=?"); at != std::string::npos; at = line.find("=?", at + 2)) {
            const auto end = line.find("?=", line.find('?', line.find('?', at + 2) + 1) + 1);
            REQUIRE(end != std::string::npos);
            CHECK(end + 2 - at <= 75);
            at = end;
        }
    CHECK(m.body.find("Hello " + long_name) != std::string::npos);
}

// SPEC §10, corrections to §9: `remind --within D` takes the deadlines at or
// before --as-of plus D, like `report overdue --within D`.
TEST_CASE("remind: --within 1wd includes the next working day's deadlines") {
    Fixture fx;
    fx.write_file("complaints.toml", k_policy);
    // Received Monday 10:00 (now): assign due Tuesday 18:00, exactly 1wd ahead.
    const auto id = fx.register_complaint(
        {"--category", "quality", "--received-at", "2026-11-23 10:00", "--summary", "Soon"});
    const Result r = fx.run({"remind", "--within", "1wd", "--dry-run"});
    INFO("stderr: " << r.err);
    REQUIRE(r.status == 0);
    const auto sent = by_recipient({r.out}, {id});
    REQUIRE(sent.count("wang@example.com"));
    CHECK(sent.at("wang@example.com").items == Items{{id, "assign"}});
    // Without --within nothing is overdue yet, even at the deadline itself.
    const Result at_deadline = fx.run({"remind", "--as-of", "2026-11-24 18:00", "--dry-run"}, "",
                                      {{"COMPLAINTS_NOW", "2026-11-24 18:00"}});
    CHECK(at_deadline.status == 0);
    CHECK(at_deadline.out.empty());
}

// SPEC §10, corrections to §9: no database means nothing to remind of, so a
// cron job before the first complaint mails nothing (other reading commands
// are exit 66). Nothing is created; bad options are still refused.
TEST_CASE("remind: a missing database prints nothing, exits 0 and creates nothing") {
    Fixture fx;
    fx.write_file("complaints.toml", k_policy);
    for (const auto& extra : std::vector<std::vector<std::string>>{
             {}, {"--dry-run"}, {"--within", "1wd", "--force"}, {"--sendmail", "false"}}) {
        std::vector<std::string> args{"remind"};
        args.insert(args.end(), extra.begin(), extra.end());
        const Result r = fx.run(args);
        INFO("stderr: " << r.err);
        CHECK(r.status == 0);
        CHECK(r.out.empty());
        CHECK(r.err.empty());
        CHECK_FALSE(cli_test::database_exists(fx.db()));
    }
    const Result bad = fx.run({"remind", "--within", "3x"});
    CHECK(bad.status == 64);
    cli_test::check_error_shape(bad);
    CHECK_FALSE(cli_test::database_exists(fx.db()));
}

// SPEC §10, corrections to §9: the copy to a department head lists only the
// escalated items; the head is the head of the assignee's department, never
// the person reminded; when that is the head, the head's manager is copied.
TEST_CASE("remind: who gets the copy of escalated milestones, and what it lists") {
    Fixture fx;
    // CS (head zhao) is zhang's department; the complaints are quality, i.e. QC (head wang).
    // boss is wang's manager.
    std::string policy = k_policy;
    policy.replace(
        policy.find("[people.zhang]\nname = \"Zhang San\"\nemail = \"zhang@example.com\"\n"),
        std::string("[people.zhang]\nname = \"Zhang San\"\nemail = \"zhang@example.com\"\n").size(),
        "[people.zhang]\nname = \"Zhang San\"\nemail = \"zhang@example.com\"\n"
        "department = \"CS\"\n");
    policy.replace(policy.find("department = \"QC\"\n"),
                   std::string("department = \"QC\"\n").size(),
                   "department = \"QC\"\nmanager = \"boss\"\n");
    policy +=
        "\n[department.CS]\nlabel = \"客服部\"\nhead = \"zhao\"\n"
        "\n[people.boss]\nname = \"Boss\"\nemail = \"boss@example.com\"\n";
    fx.write_file("complaints.toml", policy);
    // B: zhang's, received Mon 11-16: investigate due Thu 11-19 18:00 (escalated), resolve due
    //    Mon 11-23 18:00 (due soon, not escalated).
    // W: wang's own, received Mon 11-16: investigate escalated -> copy to boss; resolve due
    //    soon.
    // U: unassigned, received Mon 11-02: assign and resolve escalated, reminded to wang (head
    //    of QC) -> copy to boss.
    const auto b = fx.register_complaint(
        {"--category", "quality", "--received-at", "2026-11-16 09:00", "--summary", "B"});
    const auto w = fx.register_complaint(
        {"--category", "quality", "--received-at", "2026-11-16 09:00", "--summary", "W"});
    const auto u = fx.register_complaint(
        {"--category", "quality", "--received-at", "2026-11-02 09:00", "--summary", "U"});
    ok(fx, {"assign", b, "--to", "zhang", "--at", "2026-11-16 10:00"});
    ok(fx, {"assign", w, "--to", "wang", "--at", "2026-11-16 10:00"});
    const std::vector<std::string> ids = {b, w, u};

    const Result r = fx.run({"remind", "--within", "1wd", "--dry-run"});
    INFO("stderr: " << r.err);
    REQUIRE(r.status == 0);
    const auto messages = split_messages(r.out);
    CHECK(messages.size() == 4);
    const auto sent = by_recipient(messages, ids);
    REQUIRE(sent.size() == 2);
    REQUIRE(sent.count("zhang@example.com"));
    REQUIRE(sent.count("wang@example.com"));
    CHECK(sent.at("zhang@example.com").items == Items{{b, "investigate"}, {b, "resolve"}});
    CHECK(sent.at("wang@example.com").items ==
          Items{{w, "investigate"}, {w, "resolve"}, {u, "assign"}, {u, "resolve"}});
    const auto copies = by_recipient(messages, ids, true);
    REQUIRE(copies.size() == 2);
    // zhao, head of zhang's department CS (not wang, head of the complaint's QC): only the
    // escalated milestone, not the resolve that is merely due soon.
    REQUIRE(copies.count("zhao@example.com"));
    CHECK(copies.at("zhao@example.com").items == Items{{b, "investigate"}});
    CHECK(copies.at("zhao@example.com").reminded == std::vector<std::string>{"zhang@example.com"});
    CHECK(copies.at("zhao@example.com").mail.body.find(" resolve ") == std::string::npos);
    // wang is the head reminded (his own complaint, and the unassigned one of QC): never
    // copied himself; his manager is.
    CHECK(copies.count("wang@example.com") == 0);
    REQUIRE(copies.count("boss@example.com"));
    CHECK(copies.at("boss@example.com").items ==
          Items{{w, "investigate"}, {u, "assign"}, {u, "resolve"}});
    CHECK(copies.at("boss@example.com").reminded ==
          std::vector<std::string>{"wang@example.com", "wang@example.com", "wang@example.com"});
    CHECK(copies.at("boss@example.com").mail.one("subject") ==
          "[complaints] copy: 3 complaint milestones overdue by more than 1wd");

    // Sent for real: each reminder's event names the copies of its milestone.
    const Mailbox box = mailbox(fx);
    REQUIRE(fx.run({"remind", "--within", "1wd", "--sendmail", box.command()}).status == 0);
    CHECK(box.take().size() == 4);
    using Event = std::tuple<std::string, std::string, std::string, std::vector<std::string>>;
    auto events = remind_events(fx);
    std::sort(events.begin(), events.end());
    std::vector<Event> expected = {
        {b, "investigate", "zhang@example.com", {"zhao@example.com"}},
        {b, "resolve", "zhang@example.com", {}},
        {w, "investigate", "wang@example.com", {"boss@example.com"}},
        {w, "resolve", "wang@example.com", {}},
        {u, "assign", "wang@example.com", {"boss@example.com"}},
        {u, "resolve", "wang@example.com", {"boss@example.com"}},
    };
    std::sort(expected.begin(), expected.end());
    CHECK(events == expected);
}

TEST_CASE("remind: a head without a manager is not copied on their own milestones") {
    Fixture fx;
    fx.write_file("complaints.toml", k_policy);
    const auto w = fx.register_complaint(
        {"--category", "quality", "--received-at", "2026-11-16 09:00", "--summary", "W"});
    ok(fx, {"assign", w, "--to", "wang", "--at", "2026-11-16 10:00"});
    const Result r = fx.run({"remind", "--dry-run"});
    INFO("stderr: " << r.err);
    REQUIRE(r.status == 0);
    const auto messages = split_messages(r.out);
    CHECK(messages.size() == 1);
    CHECK(by_recipient(messages, {w}).at("wang@example.com").items == Items{{w, "investigate"}});
    CHECK(by_recipient(messages, {w}, true).empty());
}

// SPEC §10: the acknowledge milestone and the review of a long hold are
// reminded like the others; the other milestones of a complaint on hold are
// not (its clocks are paused), nor any of a final complaint.
TEST_CASE("remind: acknowledge and the hold review are reminded; held and final complaints not") {
    Fixture fx;
    std::string policy = k_policy;
    policy.replace(policy.find("acknowledge = \"none\""),
                   std::string("acknowledge = \"none\"").size(), "acknowledge = \"1wd\"");
    fx.write_file("complaints.toml", policy + "\n[hold]\nreview_after = \"2wd\"\n");
    // All received Mon 11-16 09:00 (now is Mon 11-23 10:00): acknowledge and assign due Tue 11-17
    // 18:00, long past.
    const auto open = fx.register_complaint(
        {"--category", "quality", "--received-at", "2026-11-16 09:00", "--summary", "Open"});
    const auto held = fx.register_complaint(
        {"--category", "quality", "--received-at", "2026-11-16 09:00", "--summary", "Held"});
    REQUIRE(
        fx.run({"hold", held, "--reason", "waiting_customer", "--at", "2026-11-16 10:00"}).status ==
        0);
    const auto gone = fx.register_complaint(
        {"--category", "quality", "--received-at", "2026-11-16 09:00", "--summary", "Gone"});
    REQUIRE(fx.run({"withdraw", gone, "--at", "2026-11-16 10:00"}).status == 0);
    const Result r = fx.run({"remind", "--dry-run"});
    INFO("stderr: " << r.err);
    REQUIRE(r.status == 0);
    const auto sent = by_recipient({r.out}, {open, held, gone});
    REQUIRE(sent.count("wang@example.com"));
    // Held since Mon 10:00, review after 2wd: due Wed 11-18 18:00.
    CHECK(sent.at("wang@example.com").items ==
          Items{{open, "acknowledge"}, {open, "assign"}, {held, "hold"}});
}
