// report::render_reminder and report::message_id: the headers and body of
// reminder and copy messages (the end-to-end tests parse them as a mail
// reader would: tests/cli/remind.cpp).
#include "support.hpp"

#include <complaints/report/mail.hpp>

#include <doctest/doctest.h>

#include <set>
#include <string>

using namespace complaints;
using domain::MessageKind;
using test_support::utc;

namespace {

// The value of header `name` in `text` (the first), or "".
std::string header(const std::string& text, const std::string& name) {
    const std::string field = name + ": ";
    std::size_t start = 0;
    if (text.rfind(field, 0) != 0) {
        const auto at = text.find("\n" + field);
        if (at == std::string::npos) return "";
        start = at + 1;
    }
    start += field.size();
    return text.substr(start, text.find('\n', start) - start);
}

domain::ReminderPlan::Message message(MessageKind kind) {
    domain::ReminderItem item;
    item.row_id = 1;
    item.complaint_id = "20261116-TEL-001";
    item.milestone = domain::Milestone::investigate;
    item.due = utc(2026, 11, 19, 10);
    item.summary = "Lid broken";
    item.category = "product";
    domain::ReminderPlan::Message m;
    m.kind = kind;
    m.to = {"wang", "Wang", "wang@example.com"};
    m.items = {item};
    if (kind == MessageKind::copy) m.reminded = {{"zhang", "Zhang San", "zhang@example.com"}};
    return m;
}

}  // namespace

TEST_CASE("report::message_id") {
    domain::Policy p = test_support::shanghai();
    p.notify.from = "complaints@example.com";
    const domain::Recipient wang{"wang", "Wang", "wang@example.com"};
    const domain::Recipient zhang{"zhang", "Zhang", "zhang@example.com"};
    const auto now = utc(2026, 11, 23, 2);
    const std::string id = report::message_id(p, wang, MessageKind::reminder, now, now, 1);
    CAPTURE(id);

    SUBCASE("RFC 5322 shape, in the domain of notify.from") {
        CHECK(id.rfind("<complaints.remind.20261123T020000Z.1.", 0) == 0);
        CHECK(id.size() > 40);
        CHECK(id.substr(id.size() - 13) == "@example.com>");
        // id-left is a dot-atom: atext and single dots only.
        const std::string left = id.substr(1, id.find('@') - 1);
        CHECK(left.find("..") == std::string::npos);
        for (const char c : left) CHECK((std::isalnum(static_cast<unsigned char>(c)) || c == '.'));
    }
    SUBCASE("deterministic, and different for every message of a run") {
        CHECK(report::message_id(p, wang, MessageKind::reminder, now, now, 1) == id);
        std::set<std::string> ids;
        for (std::size_t n = 1; n <= 3; ++n)
            for (const auto& r : {wang, zhang})
                for (const auto kind : {MessageKind::reminder, MessageKind::copy})
                    ids.insert(report::message_id(p, r, kind, now, now, n));
        CHECK(ids.size() == 12);
        // Another run a second later, or about another --as-of.
        CHECK(report::message_id(p, wang, MessageKind::reminder, now, now + std::chrono::seconds{1},
                                 1) != id);
        CHECK(report::message_id(p, wang, MessageKind::reminder, now + std::chrono::hours{1}, now,
                                 1) != id);
    }
    SUBCASE("notify.from without a domain part: localhost") {
        p.notify.from = "complaints";
        const std::string bare = report::message_id(p, wang, MessageKind::reminder, now, now, 1);
        CHECK(bare.substr(bare.size() - 11) == "@localhost>");
    }
}

TEST_CASE("report::render_reminder") {
    domain::Policy p = test_support::shanghai();
    p.notify.from = "complaints@example.com";
    const auto now = utc(2026, 11, 23, 2);

    SUBCASE("a reminder: a Message-ID, no Cc") {
        const std::string text =
            report::render_reminder(message(MessageKind::reminder), p, now, now, 2);
        CHECK(header(text, "Message-ID") == report::message_id(p,
                                                               {"wang", "Wang", "wang@example.com"},
                                                               MessageKind::reminder, now, now, 2));
        CHECK(text.find("\nCc: ") == std::string::npos);
        CHECK(header(text, "Subject") == "[complaints] 1 complaint milestone needs you");
        CHECK(text.find("reminded:") == std::string::npos);
        CHECK(header(text, "From") == "complaints@example.com");
    }
    SUBCASE("a copy: says so, and names whom each milestone was reminded to") {
        const std::string text =
            report::render_reminder(message(MessageKind::copy), p, now, now, 3);
        CHECK(header(text, "To") == "\"Wang\" <wang@example.com>");
        CHECK(header(text, "Subject") ==
              "[complaints] copy: 1 complaint milestone overdue by more than 1wd");
        CHECK(header(text, "Message-ID") == report::message_id(p,
                                                               {"wang", "Wang", "wang@example.com"},
                                                               MessageKind::copy, now, now, 3));
        CHECK(text.find("\nCc: ") == std::string::npos);
        CHECK(text.find("  20261116-TEL-001  investigate  due 2026-11-19 18:00  overdue by 3d 16h\n"
                        "      Lid broken\n"
                        "      reminded: Zhang San <zhang@example.com>\n") != std::string::npos);
        CHECK(text.find("This is a copy") != std::string::npos);
    }
}
