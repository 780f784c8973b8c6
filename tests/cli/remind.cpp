// `remind` (SPEC §9): one e-mail per recipient, handed to a stand-in mail
// command (tests/cli/fake_sendmail.sh) that stores each message; the test
// parses the stored messages as RFC 5322 with RFC 2047 headers and checks
// recipients, copies, headers and bodies; repeat suppression, --force,
// --dry-run, recipients without an address, and failing mail commands.
#include "harness.hpp"

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>

#include <doctest/doctest.h>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <tuple>
#include <vector>

using cli_test::EnvChanges;
using cli_test::Fixture;
using cli_test::Result;
using nlohmann::json;

namespace fs = std::filesystem;

namespace {

const std::string k_policy = R"([department.QC]
label = "质量部"
head = "wang"

[people.wang]
name = "王经理"
email = "wang@example.com"
department = "QC"

[people.zhang]
name = "Zhang San"
email = "zhang@example.com"

[people.zhao]
name = "赵六"
email = "zhao@example.com"

[people.li]
name = "Li Si"

[people.tester]
name = "Tester"

[category.quality]
label = "产品质量"
department = "QC"

[category.other]
label = "其他"

[notify]
from = "complaints@example.com"
repeat = "1wd"
escalate_after = "1wd"

# These tests are about the milestones of SPEC 9: the acknowledge milestone
# of SPEC 10 is not tracked here (its reminder has a test of its own).
[limits]
acknowledge = "none"
)";

// ---- a small e-mail reader -------------------------------------------------

std::string base64_decode(const std::string& text) {
    static const std::string k_alphabet =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    std::string out;
    unsigned buffer = 0;
    int bits = 0;
    for (const char c : text) {
        if (c == '=') break;
        const auto at = k_alphabet.find(c);
        if (at == std::string::npos) {
            FAIL("bad base64 character in [" << text << "]");
            return out;
        }
        buffer = (buffer << 6) | static_cast<unsigned>(at);
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            out += static_cast<char>((buffer >> bits) & 0xFF);
        }
    }
    return out;
}

bool is_space(char c) {
    return c == ' ' || c == '\t';
}

// Decodes the RFC 2047 encoded words (=?UTF-8?B?...?= and =?UTF-8?Q?...?=) of
// an unfolded header value; white space between two encoded words is dropped.
std::string decode_words(const std::string& value) {
    std::string out, pending_space;
    bool last_was_word = false;
    std::size_t i = 0;
    while (i < value.size()) {
        if (value.compare(i, 2, "=?") == 0) {
            const auto q1 = value.find('?', i + 2);
            const auto q2 = q1 == std::string::npos ? q1 : value.find('?', q1 + 1);
            const auto end = q2 == std::string::npos ? q2 : value.find("?=", q2 + 1);
            if (end != std::string::npos) {
                std::string charset = value.substr(i + 2, q1 - i - 2);
                const char encoding =
                    static_cast<char>(std::toupper(static_cast<unsigned char>(value[q1 + 1])));
                const std::string text = value.substr(q2 + 1, end - q2 - 1);
                for (auto& c : charset) c = static_cast<char>(std::toupper(c));
                CHECK(charset == "UTF-8");
                std::string decoded;
                if (encoding == 'B') {
                    decoded = base64_decode(text);
                } else {
                    CHECK(encoding == 'Q');
                    for (std::size_t k = 0; k < text.size(); ++k) {
                        if (text[k] == '_')
                            decoded += ' ';
                        else if (text[k] == '=' && k + 2 < text.size())
                            decoded +=
                                static_cast<char>(std::stoi(text.substr(k + 1, 2), nullptr, 16)),
                                k += 2;
                        else
                            decoded += text[k];
                    }
                }
                if (!last_was_word) out += pending_space;
                pending_space.clear();
                out += decoded;
                last_was_word = true;
                i = end + 2;
                continue;
            }
        }
        if (is_space(value[i])) {
            pending_space += value[i++];
            continue;
        }
        out += pending_space;
        pending_space.clear();
        out += value[i++];
        last_was_word = false;
    }
    return out + pending_space;
}

struct Mail {
    std::string raw_headers;  // as stored, folded
    std::vector<std::pair<std::string, std::string>>
        headers;  // unfolded, decoded; names lower-case
    std::string body;

    [[nodiscard]] std::vector<std::string> all(const std::string& name) const {
        std::vector<std::string> out;
        for (const auto& [n, v] : headers)
            if (n == name) out.push_back(v);
        return out;
    }
    [[nodiscard]] std::string one(const std::string& name) const {
        const auto values = all(name);
        INFO("header " << name << " in:\n" << raw_headers);
        REQUIRE(values.size() == 1);
        return values[0];
    }
};

// Splits `text` at the first empty line, unfolds the headers and decodes them.
Mail parse_mail(const std::string& text) {
    Mail m;
    std::string normal;
    for (const char c : text)
        if (c != '\r') normal += c;
    const auto split = normal.find("\n\n");
    INFO("message:\n" << text);
    REQUIRE(split != std::string::npos);
    m.raw_headers = normal.substr(0, split + 1);
    m.body = normal.substr(split + 2);
    std::vector<std::string> lines;
    std::istringstream in(m.raw_headers);
    for (std::string line; std::getline(in, line);) {
        if (!line.empty() && is_space(line[0])) {
            REQUIRE_FALSE(lines.empty());
            lines.back() += line;  // unfold: drop the line break, keep the white space
        } else {
            lines.push_back(line);
        }
    }
    for (const auto& line : lines) {
        const auto colon = line.find(':');
        INFO("header line: " << line);
        REQUIRE(colon != std::string::npos);
        std::string name = line.substr(0, colon);
        for (auto& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        std::size_t start = colon + 1;
        while (start < line.size() && is_space(line[start])) ++start;
        m.headers.emplace_back(name, decode_words(line.substr(start)));
    }
    return m;
}

// The addresses (the part in <>, or the bare address) of an address-list header.
std::vector<std::string> addresses(const std::string& value) {
    std::vector<std::string> out;
    std::size_t i = 0;
    while (i < value.size()) {
        const auto lt = value.find('<', i);
        if (lt == std::string::npos) {
            std::string rest = value.substr(i);
            rest.erase(std::remove_if(rest.begin(), rest.end(),
                                      [](char c) { return is_space(c) || c == ','; }),
                       rest.end());
            if (!rest.empty()) out.push_back(rest);
            break;
        }
        const auto gt = value.find('>', lt);
        REQUIRE(gt != std::string::npos);
        out.push_back(value.substr(lt + 1, gt - lt - 1));
        i = gt + 1;
    }
    return out;
}

// The display name of a single-mailbox header, without quotes.
std::string display_name(const std::string& value) {
    std::string name = value.substr(0, value.find('<'));
    while (!name.empty() && is_space(name.back())) name.pop_back();
    if (name.size() >= 2 && name.front() == '"' && name.back() == '"')
        name = name.substr(1, name.size() - 2);
    return name;
}

// Checks the parts every message must have. No message has a Cc: the copy to
// a department head is a message of its own (SPEC §10, corrections to §9).
void check_common(const Mail& m) {
    INFO("headers:\n" << m.raw_headers);
    CHECK_MESSAGE(std::all_of(m.raw_headers.begin(), m.raw_headers.end(),
                              [](char c) { return static_cast<unsigned char>(c) < 0x80; }),
                  "a raw non-ASCII byte in a header");
    CHECK(addresses(m.one("from")) == std::vector<std::string>{"complaints@example.com"});
    CHECK_FALSE(m.one("subject").empty());
    CHECK(m.one("content-type") == "text/plain; charset=UTF-8");
    CHECK(m.all("to").size() == 1);
    CHECK(m.all("cc").empty());
    CHECK(m.all("date").size() == 1);
    // RFC 5322 msg-id: "<" id-left "@" id-right ">", in the domain of notify.from.
    const std::string id = m.one("message-id");
    CHECK(id.front() == '<');
    CHECK(id.back() == '>');
    CHECK(id.find('@') != std::string::npos);
    CHECK(id.find('@') == id.rfind('@'));
    CHECK(id.size() > std::string("<@example.com>").size());
    CHECK(id.substr(id.find('@')) == "@example.com>");
    CHECK(id.find_first_of(" \t\"(),:;[]\\") == std::string::npos);
}

// Whether `m` is an escalation copy rather than a reminder.
bool is_copy(const Mail& m) {
    return m.one("subject").rfind("[complaints] copy: ", 0) == 0;
}

// What a message is about: the (complaint, milestone) pairs listed in its
// body; for a reminder, `cc` are the addresses of the copies (of the same
// batch) that list any of its items; for a copy, `reminded` are the
// addresses of its "reminded:" lines.
struct Sent {
    std::vector<std::string> cc;
    std::set<std::pair<std::string, std::string>> items;
    std::vector<std::string> reminded;
    Mail mail;
};

// The reminders (or, with `copies`, the copies) of `texts` by To: address;
// fails on two of one kind to one recipient, and on two messages with one
// Message-ID.
std::map<std::string, Sent> by_recipient(const std::vector<std::string>& texts,
                                         const std::vector<std::string>& ids, bool copies = false) {
    std::map<std::string, Sent> reminders, copied;
    std::set<std::string> message_ids;
    for (const auto& text : texts) {
        Mail m = parse_mail(text);
        check_common(m);
        CHECK_MESSAGE(message_ids.insert(m.one("message-id")).second,
                      "two messages with Message-ID " << m.one("message-id"));
        const auto to = addresses(m.one("to"));
        REQUIRE(to.size() == 1);
        auto& out = is_copy(m) ? copied : reminders;
        CHECK_MESSAGE(out.count(to[0]) == 0,
                      "two " << (is_copy(m) ? "copies" : "reminders") << " to " << to[0]);
        Sent s;
        std::istringstream body(m.body);
        for (std::string line; std::getline(body, line);) {
            for (const auto& id : ids)
                for (const char* milestone :
                     {"acknowledge", "assign", "investigate", "resolve", "revisit", "hold"})
                    if (line.find(id) != std::string::npos &&
                        line.find(std::string(" ") + milestone + " ") != std::string::npos)
                        s.items.insert({id, milestone});
            if (line.rfind("      reminded: ", 0) == 0) {
                const auto found = addresses(line);
                REQUIRE(found.size() == 1);
                s.reminded.push_back(found[0]);
            }
        }
        s.mail = std::move(m);
        out[to[0]] = std::move(s);
    }
    for (auto& [to, reminder] : reminders)
        for (const auto& [head, copy] : copied)
            for (const auto& item : copy.items)
                if (reminder.items.count(item) &&
                    std::find(reminder.cc.begin(), reminder.cc.end(), head) == reminder.cc.end())
                    reminder.cc.push_back(head);
    return copies ? copied : reminders;
}

// The messages of a --dry-run output, split at the lines "--".
std::vector<std::string> split_messages(const std::string& out) {
    std::vector<std::string> messages(1);
    std::istringstream in(out);
    for (std::string line; std::getline(in, line);) {
        if (line == "--")
            messages.emplace_back();
        else
            messages.back() += line + "\n";
    }
    return messages;
}

// ---- the data set ----------------------------------------------------------

// Now is Monday 2026-11-23 10:00 (Asia/Shanghai); Mon-Fri 09:00-18:00.
//   A quality, unassigned, rec Mon 11-02 09:00: assign (due 11-03 18:00) and resolve (due
//     11-09 18:00) overdue -> to wang, the head of QC (its category's department).
//   B quality, rec Mon 11-16 09:00, assigned to zhang 10:00: investigate due Thu 11-19 18:00,
//     overdue by more than 1wd (since Fri 11-20 18:00) -> to zhang, copy to wang.
//     Its resolve falls due Mon 11-23 18:00.
//   G quality, major, rec Thu 11-19 09:00, assigned to zhao 09:30: investigate due Fri 11-20
//     18:00, overdue but not by 1wd (until Mon 11-23 18:00) -> to zhao, no copy.
//   H other, rec Mon 11-23 09:00: nothing due yet.
struct DataSet {
    std::string a, b, g, h;
};

void ok(Fixture& fx, const std::vector<std::string>& args, const EnvChanges& env = {}) {
    const Result r = fx.run(args, "", env);
    INFO(args.front() << " " << args.at(1) << ": " << r.err);
    REQUIRE(r.status == 0);
}

DataSet build(Fixture& fx) {
    fx.write_file("complaints.toml", k_policy);
    DataSet s;
    s.a = fx.register_complaint(
        {"--category", "quality", "--received-at", "2026-11-02 09:00", "--summary", "水壶漏水"});
    s.b = fx.register_complaint(
        {"--category", "quality", "--received-at", "2026-11-16 09:00", "--summary", "Lid broken"});
    s.g = fx.register_complaint({"--category", "quality", "--severity", "major", "--received-at",
                                 "2026-11-19 09:00", "--summary", "把手松了"});
    s.h = fx.register_complaint(
        {"--category", "other", "--received-at", "2026-11-23 09:00", "--summary", "H"});
    ok(fx, {"assign", s.b, "--to", "zhang", "--at", "2026-11-16 10:00"});
    ok(fx, {"assign", s.g, "--to", "zhao", "--at", "2026-11-19 09:30"});
    return s;
}

// A directory for the stand-in's messages, and the --sendmail command storing there.
struct Mailbox {
    fs::path dir;
    std::string command(const std::string& fail_address = "") const {
        std::string c = "sh '" +
                        (cli_test::source_dir() / "tests" / "cli" / "fake_sendmail.sh").string() +
                        "' '" + dir.string() + "'";
        if (!fail_address.empty()) c += " '" + fail_address + "'";
        return c + " -t -oi";
    }
    // The stored messages, and removes them.
    std::vector<std::string> take() const {
        std::vector<std::string> out;
        std::vector<fs::path> files;
        for (const auto& entry : fs::directory_iterator(dir))
            if (entry.path().filename().string().rfind("mail.", 0) == 0)
                files.push_back(entry.path());
        std::sort(files.begin(), files.end());
        for (const auto& f : files) {
            out.push_back(cli_test::read_file(f));
            fs::remove(f);
        }
        return out;
    }
};

Mailbox mailbox(const Fixture& fx) {
    Mailbox m{fx.dir() / "outbox"};
    fs::create_directories(m.dir);
    return m;
}

// (complaint, milestone, to, cc) of every remind event.
std::vector<std::tuple<std::string, std::string, std::string, std::vector<std::string>>>
remind_events(Fixture& fx) {
    const Result r = fx.run({"--format", "json", "query",
                             "SELECT id, details FROM event_log WHERE type = 'remind' "
                             "ORDER BY id, seq"});
    INFO("stderr: " << r.err);
    REQUIRE(r.status == 0);
    std::vector<std::tuple<std::string, std::string, std::string, std::vector<std::string>>> out;
    for (const auto& row : cli_test::parse_json(r.out)) {
        const json details = cli_test::parse_json(row["details"].get<std::string>());
        std::vector<std::string> cc;
        if (details.contains("cc"))
            for (const auto& c : details["cc"]) cc.push_back(c.get<std::string>());
        out.emplace_back(row["id"].get<std::string>(), details.value("milestone", ""),
                         details.value("to", ""), cc);
    }
    return out;
}

using Items = std::set<std::pair<std::string, std::string>>;

// The first run's four messages: three reminders and a copy to wang.
void check_first_round(const std::vector<std::string>& texts, const DataSet& s) {
    CHECK(texts.size() == 4);
    const auto sent = by_recipient(texts, {s.a, s.b, s.g, s.h});
    REQUIRE(sent.size() == 3);
    REQUIRE(sent.count("wang@example.com"));
    REQUIRE(sent.count("zhang@example.com"));
    REQUIRE(sent.count("zhao@example.com"));
    const Sent& wang = sent.at("wang@example.com");
    const Sent& zhang = sent.at("zhang@example.com");
    const Sent& zhao = sent.at("zhao@example.com");
    CHECK(wang.items == Items{{s.a, "assign"}, {s.a, "resolve"}});
    CHECK(wang.cc.empty());
    CHECK(zhang.items == Items{{s.b, "investigate"}});
    CHECK(zhang.cc == std::vector<std::string>{"wang@example.com"});
    CHECK(zhao.items == Items{{s.g, "investigate"}});
    CHECK(zhao.cc.empty());
    // Names: the RFC 2047 words decode to the UTF-8 names.
    CHECK(display_name(wang.mail.one("to")) == "王经理");
    CHECK(display_name(zhang.mail.one("to")) == "Zhang San");
    CHECK(display_name(zhao.mail.one("to")) == "赵六");
    // The copy to wang, head of QC (B's department: zhang has none): only B's escalated
    // milestone, not A's (wang's own: he has no manager) nor G's (not yet escalated).
    const auto copies = by_recipient(texts, {s.a, s.b, s.g, s.h}, true);
    REQUIRE(copies.size() == 1);
    REQUIRE(copies.count("wang@example.com"));
    const Sent& copy = copies.at("wang@example.com");
    CHECK(copy.items == Items{{s.b, "investigate"}});
    CHECK(copy.reminded == std::vector<std::string>{"zhang@example.com"});
    CHECK(display_name(copy.mail.one("to")) == "王经理");
    CHECK(copy.mail.one("subject") ==
          "[complaints] copy: 1 complaint milestone overdue by more than 1wd");
    CHECK(copy.mail.body.find("Lid broken") != std::string::npos);
    CHECK(copy.mail.body.find("reminded: Zhang San <zhang@example.com>") != std::string::npos);
    // Bodies: UTF-8 intact, each complaint with its summary.
    CHECK(wang.mail.body.find("水壶漏水") != std::string::npos);
    CHECK(zhang.mail.body.find("Lid broken") != std::string::npos);
    CHECK(zhao.mail.body.find("把手松了") != std::string::npos);
    CHECK(zhao.mail.body.find("水壶漏水") == std::string::npos);
    CHECK(wang.mail.body.find(s.h) == std::string::npos);
}

}  // namespace

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
        CHECK_FALSE(fs::exists(fx.db()));
    }
    const Result bad = fx.run({"remind", "--within", "3x"});
    CHECK(bad.status == 64);
    cli_test::check_error_shape(bad);
    CHECK_FALSE(fs::exists(fx.db()));
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

// ---- approvals (SPEC §11) ---------------------------------------------------

namespace {

// Puts complaint `id` in status awaiting_approval with a proposal by `by` at
// `at` (UTC), as `resolve` stores one. `resolve` cannot propose yet (another
// branch builds it), so the tests set the columns with SQL; `amount` in minor
// units, or none.
void propose_with_sql(const Fixture& fx, const std::string& id, const std::string& by,
                      const std::string& at, std::optional<long long> amount = 800000) {
    SQLite::Database db(fx.db(), SQLite::OPEN_READWRITE);
    SQLite::Statement s(
        db,
        "UPDATE complaint SET status = 'awaiting_approval', proposal_plan = 'refund', "
        "proposal_outcome = 'refund', proposal_amount = ?, "
        "proposal_currency = 'CNY', proposal_by = ?, proposal_at = ? WHERE id = ?");
    if (amount)
        s.bind(1, static_cast<std::int64_t>(*amount));
    else
        s.bind(1);
    s.bind(2, by);
    s.bind(3, at);
    s.bind(4, id);
    REQUIRE(s.exec() == 1);
}

// (complaint, due, to) of every remind event of an approval, in order.
std::vector<std::tuple<std::string, std::string, std::string>> approval_events(Fixture& fx) {
    const Result r = fx.run(
        {"--format", "json", "query",
         "SELECT id, json_extract(details, '$.milestone') AS milestone, "
         "json_extract(details, '$.due') AS due, json_extract(details, '$.to') AS recipient, "
         "json_array_length(details, '$.cc') AS cc FROM event_log "
         "WHERE type = 'remind' AND json_extract(details, '$.approval') = 1 ORDER BY seq"});
    INFO("stderr: " << r.err);
    REQUIRE(r.status == 0);
    std::vector<std::tuple<std::string, std::string, std::string>> out;
    for (const auto& row : cli_test::parse_json(r.out)) {
        CHECK(row["milestone"] == "resolve");
        CHECK(row["cc"] == 0);
        out.emplace_back(row["id"].get<std::string>(), row["due"].get<std::string>(),
                         row["recipient"].get<std::string>());
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
