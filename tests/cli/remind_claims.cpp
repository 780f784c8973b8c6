// `remind` claims each reminder in the database before handing it over (SPEC
// §12): two overlapping runs never send the same reminder, a message the mail
// command did not read whole (`true`) is not sent, its claim is released for
// the next run, a claim of a run that crashed is taken over once stale, and a
// run that cannot claim (the database locked) sends nothing and exits 75.
#include "remind_support.hpp"

using namespace remind_test;

namespace {

// A mail command that waits `seconds` before handing the message to the
// stand-in, so that runs started together overlap.
std::string slow_command(const Fixture& fx, const Mailbox& box, int seconds) {
    const std::string script = fx.write_file(
        "slow_sendmail.sh", "#!/bin/sh\nsleep " + std::to_string(seconds) + "\nexec \"$@\"\n");
    return "sh '" + script + "' " + box.command();
}

void check_sent_once(Fixture& fx, const DataSet& s, const Mailbox& box) {
    check_first_round(box.take(), s);
    auto events = remind_events(fx);
    std::vector<std::pair<std::string, std::string>> reminded;
    for (const auto& event : events) reminded.emplace_back(std::get<0>(event), std::get<1>(event));
    std::sort(reminded.begin(), reminded.end());
    CHECK(reminded ==
          std::vector<std::pair<std::string, std::string>>{
              {s.a, "assign"}, {s.a, "resolve"}, {s.b, "investigate"}, {s.g, "investigate"}});
    CHECK(cli_test::count_rows(fx.db(), "reminder_claim") == 0);
}

// Adds a claim as another run would have left it.
void add_claim(const Fixture& fx, const std::string& id, const std::string& milestone,
               const std::string& due, const std::string& claimed_at) {
    REQUIRE(cli_test::sql_execute(fx.db(),
                                  "INSERT INTO reminder_claim (complaint, milestone, due, "
                                  "approval, claimed_at, claimed_by) SELECT row_id, ?, ?, 0, ?, "
                                  "'another run' FROM complaint WHERE id = ?",
                                  {milestone, due, claimed_at, id}) == 1);
}

}  // namespace

TEST_CASE("remind: two overlapping runs send each reminder once") {
    Fixture fx;
    const DataSet s = build(fx);
    const Mailbox box = mailbox(fx);
    const std::string command = slow_command(fx, box, 1);
    // Both start before either has handed over its first message.
    const cli_test::Process first = fx.start(cli_test::binary(), {"remind", "--sendmail", command});
    const cli_test::Process second =
        fx.start(cli_test::binary(), {"remind", "--sendmail", command});
    const Result one = Fixture::wait(first);
    const Result two = Fixture::wait(second);
    INFO("first: " << one.err);
    INFO("second: " << two.err);
    CHECK(one.status == 0);
    CHECK(two.status == 0);
    check_sent_once(fx, s, box);
}

TEST_CASE("remind: a mail command that does not read the whole message has not sent it") {
    Fixture fx;
    const DataSet s = build(fx);
    const Mailbox box = mailbox(fx);
    for (const std::string command : {"true", "head -c 10 >/dev/null"}) {
        CAPTURE(command);
        const std::string before = cli_test::snapshot(fx.db());
        const Result r = fx.run({"remind", "--sendmail", command});
        INFO("stderr: " << r.err);
        CHECK(r.status == 69);
        CHECK(r.err.find("warning: the mail command failed for wang@example.com: it did not "
                         "read the whole message") != std::string::npos);
        CHECK(r.err.find("complaints: error: the mail command '" + command +
                         "' failed for 4 of 4 messages") != std::string::npos);
        // Nothing recorded as sent, and no claim left behind.
        CHECK(remind_events(fx).empty());
        CHECK(cli_test::count_rows(fx.db(), "reminder_claim") == 0);
        CHECK(cli_test::snapshot(fx.db()) == before);
    }
    // So the next run sends them all.
    const Result r = fx.run({"remind", "--sendmail", box.command()});
    INFO("stderr: " << r.err);
    CHECK(r.status == 0);
    check_sent_once(fx, s, box);
}

TEST_CASE("remind: a run that cannot claim (database locked) sends nothing and exits 75") {
    Fixture fx;
    const DataSet s = build(fx);
    const Mailbox box = mailbox(fx);
    {
        cli_test::WriteLock holder(fx.db());
        const Result r = fx.run({"remind", "--sendmail", box.command()}, "",
                                {{"COMPLAINTS_BUSY_TIMEOUT", "200"}});
        INFO("stderr: " << r.err);
        CHECK(r.status == 75);
        cli_test::check_error_shape(r);
        CHECK(box.take().empty());
        holder.release();
    }
    CHECK(remind_events(fx).empty());
    CHECK(cli_test::count_rows(fx.db(), "reminder_claim") == 0);
    // Once the lock is gone, the next run sends.
    const Result r = fx.run({"remind", "--sendmail", box.command()});
    INFO("stderr: " << r.err);
    CHECK(r.status == 0);
    check_sent_once(fx, s, box);
}

TEST_CASE("remind: a claim of another run is left alone; one older than 15 minutes is taken over") {
    Fixture fx;
    const DataSet s = build(fx);
    const Mailbox box = mailbox(fx);
    // Now is 2026-11-23 10:00 in Shanghai, 02:00 UTC. G's investigate is being sent by
    // another run (claimed 14 minutes ago); A's assign was claimed by a run that crashed
    // (16 minutes ago).
    add_claim(fx, s.g, "investigate", "2026-11-20T10:00:00Z", "2026-11-23T01:46:00Z");
    add_claim(fx, s.a, "assign", "2026-11-03T10:00:00Z", "2026-11-23T01:44:00Z");
    const Result r = fx.run({"remind", "--sendmail", box.command()});
    INFO("stderr: " << r.err);
    CHECK(r.status == 0);
    const auto sent = by_recipient(box.take(), {s.a, s.b, s.g, s.h});
    CHECK(sent.count("zhao@example.com") == 0);
    REQUIRE(sent.count("wang@example.com") == 1);
    CHECK(sent.at("wang@example.com").items == Items{{s.a, "assign"}, {s.a, "resolve"}});
    REQUIRE(sent.count("zhang@example.com") == 1);
    // Only the other run's claim is left.
    CHECK(cli_test::count_rows(fx.db(), "reminder_claim") == 1);
    for (const auto& event : remind_events(fx)) CHECK(std::get<0>(event) != s.g);
    CHECK(remind_events(fx).size() == 3);
}
