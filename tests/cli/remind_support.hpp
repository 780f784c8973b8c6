// What the end-to-end tests of `remind` share (remind.cpp, remind_approval.cpp):
// the policy they run under, a small reader of the RFC 5322 messages the
// stand-in mail command (tests/cli/fake_sendmail.sh) stores, and builders of
// the data set.
#pragma once

#include "harness.hpp"

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

namespace remind_test {

using cli_test::EnvChanges;
using cli_test::Fixture;
using cli_test::Result;
using nlohmann::json;

namespace fs = std::filesystem;

inline const std::string k_policy = R"([department.QC]
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

inline std::string base64_decode(const std::string& text) {
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

inline bool is_space(char c) {
    return c == ' ' || c == '\t';
}

// Decodes the RFC 2047 encoded words (=?UTF-8?B?...?= and =?UTF-8?Q?...?=) of
// an unfolded header value; white space between two encoded words is dropped.
inline std::string decode_words(const std::string& value) {
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
inline Mail parse_mail(const std::string& text) {
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
inline std::vector<std::string> addresses(const std::string& value) {
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
inline std::string display_name(const std::string& value) {
    std::string name = value.substr(0, value.find('<'));
    while (!name.empty() && is_space(name.back())) name.pop_back();
    if (name.size() >= 2 && name.front() == '"' && name.back() == '"')
        name = name.substr(1, name.size() - 2);
    return name;
}

// Checks the parts every message must have. No message has a Cc: the copy to
// a department head is a message of its own (SPEC §10, corrections to §9).
inline void check_common(const Mail& m) {
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
inline bool is_copy(const Mail& m) {
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
inline std::map<std::string, Sent> by_recipient(const std::vector<std::string>& texts,
                                                const std::vector<std::string>& ids,
                                                bool copies = false) {
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
inline std::vector<std::string> split_messages(const std::string& out) {
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

inline void ok(Fixture& fx, const std::vector<std::string>& args, const EnvChanges& env = {}) {
    const Result r = fx.run(args, "", env);
    INFO(args.front() << " " << args.at(1) << ": " << r.err);
    REQUIRE(r.status == 0);
}

inline DataSet build(Fixture& fx) {
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

inline Mailbox mailbox(const Fixture& fx) {
    Mailbox m{fx.dir() / "outbox"};
    fs::create_directories(m.dir);
    return m;
}

// (complaint, milestone, to, cc) of every remind event.
inline std::vector<std::tuple<std::string, std::string, std::string, std::vector<std::string>>>
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
inline void check_first_round(const std::vector<std::string>& texts, const DataSet& s) {
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

}  // namespace remind_test
