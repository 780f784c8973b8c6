// report::render_reminder and report::message_id: the headers and body of
// reminder and copy messages (the end-to-end tests parse them as a mail
// reader would: tests/cli/remind.cpp).
#include "support.hpp"

#include <complaints/report/mail.hpp>

#include <doctest/doctest.h>

#include <set>
#include <string>
#include <vector>

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

namespace {

// Two complaints awaiting approval (SPEC §11): one with an amount, proposed by
// a person of [people]; one without, proposed by someone who is not.
std::vector<domain::ApprovalItem> approvals() {
    domain::ApprovalItem a;
    a.row_id = 7;
    a.complaint_id = "20261123-TEL-001";
    a.summary = "Refund above the limit";
    a.category = "product";
    a.department = "QC";
    a.amount = domain::Money{800000};
    a.currency = "CNY";
    a.proposed_by = "zhang";
    a.proposed_at = utc(2026, 11, 23, 1);
    domain::ApprovalItem b = a;
    b.row_id = 8;
    b.complaint_id = "20261123-TEL-002";
    b.summary = "电水壶漏水";
    b.amount.reset();
    b.proposed_by = "li";
    b.proposed_at = utc(2026, 11, 22, 0, 30);
    return {a, b};
}

// The body: what follows the first empty line.
std::string body(const std::string& text) {
    return text.substr(text.find("\n\n") + 2);
}

}  // namespace

TEST_CASE("report::render_reminder: the section of approvals") {
    domain::Policy p = test_support::shanghai();
    p.notify.from = "complaints@example.com";
    domain::Person zhang;
    zhang.key = "zhang";
    zhang.name = "Zhang San";
    p.people.push_back(zhang);
    const auto now = utc(2026, 11, 23, 2);

    SUBCASE("a head with nothing else due: only the approvals") {
        auto m = message(MessageKind::reminder);
        m.items.clear();
        m.approvals = approvals();
        const std::string text = report::render_reminder(m, p, now, now, 1);
        CHECK(header(text, "Subject") == "[complaints] 2 complaints await your approval");
        CHECK(header(text, "Message-ID") ==
              report::message_id(p, m.to, MessageKind::reminder, now, now, 1));
        CHECK(body(text) ==
              "Hello Wang,\n"
              "\n"
              "As of 2026-11-23 10:00 (Asia/Shanghai), complaints of your department wait for "
              "approval.\n"
              "\n"
              "Awaiting your approval:\n"
              "\n"
              "  20261123-TEL-001  proposed by Zhang San (zhang)  since 2026-11-23 09:00 (waiting "
              "1h)\n"
              "      amount 8000.00 CNY\n"
              "      Refund above the limit\n"
              "  20261123-TEL-002  proposed by li  since 2026-11-22 08:30 (waiting 1d 1h)\n"
              "      电水壶漏水\n"
              "\n"
              "Approve with: complaints approve NUMBER\n"
              "Decline with: complaints decline NUMBER --note TEXT\n"
              "\n"
              "See the details with: complaints show NUMBER\n"
              "-- \n"
              "Sent by complaints remind\n");
    }
    SUBCASE("after the milestones, in a section of its own") {
        auto m = message(MessageKind::reminder);
        m.approvals = {approvals().front()};
        const std::string text = report::render_reminder(m, p, now, now, 1);
        CHECK(header(text, "Subject") ==
              "[complaints] 1 complaint milestone needs you, 1 complaint awaits your approval");
        CHECK(body(text) ==
              "Hello Wang,\n"
              "\n"
              "As of 2026-11-23 10:00 (Asia/Shanghai), these complaint milestones are overdue or "
              "due soon:\n"
              "\n"
              "  20261116-TEL-001  investigate  due 2026-11-19 18:00  overdue by 3d 16h\n"
              "      Lid broken\n"
              "\n"
              "Awaiting your approval:\n"
              "\n"
              "  20261123-TEL-001  proposed by Zhang San (zhang)  since 2026-11-23 09:00 (waiting "
              "1h)\n"
              "      amount 8000.00 CNY\n"
              "      Refund above the limit\n"
              "\n"
              "Approve with: complaints approve NUMBER\n"
              "Decline with: complaints decline NUMBER --note TEXT\n"
              "\n"
              "See the details with: complaints show NUMBER\n"
              "-- \n"
              "Sent by complaints remind\n");
    }
    SUBCASE("without approvals the reminder is as before") {
        const std::string text =
            report::render_reminder(message(MessageKind::reminder), p, now, now, 1);
        CHECK(text.find("approv") == std::string::npos);
        CHECK(body(text) ==
              "Hello Wang,\n"
              "\n"
              "As of 2026-11-23 10:00 (Asia/Shanghai), these complaint milestones are overdue or "
              "due soon:\n"
              "\n"
              "  20261116-TEL-001  investigate  due 2026-11-19 18:00  overdue by 3d 16h\n"
              "      Lid broken\n"
              "\n"
              "See the details with: complaints show NUMBER\n"
              "-- \n"
              "Sent by complaints remind\n");
    }
}

TEST_CASE("report::render_reminder: stored text never splits a header or reaches a terminal") {
    domain::Policy p = test_support::shanghai();
    p.notify.from = "complaints@example.com\nBcc: evil@example.com";
    auto m = message(MessageKind::copy);
    m.items[0].summary = "\x1b[2J\x1b]0;title\a\r\nBcc: x@example.com";
    m.to = {"wang", "Wang\r\nBcc: evil@example.com", "wang@example.com\nCc: evil@example.com"};
    m.reminded = {{"zhang", "Zhang\x1b[31m", "zhang@example.com\r"}};
    const auto now = utc(2026, 11, 23, 2);
    const std::string text = report::render_reminder(m, p, now, now, 1);
    CAPTURE(text);
    CHECK(text.find('\x1b') == std::string::npos);
    CHECK(text.find('\a') == std::string::npos);
    CHECK(text.find('\r') == std::string::npos);
    CHECK(text.find("\nBcc:") == std::string::npos);
    CHECK(text.find("\nCc:") == std::string::npos);
    CHECK(
        header(text, "To") ==
        "\"Wang\\\\x0d\\\\x0aBcc: evil@example.com\" <wang@example.com\\x0aCc: evil@example.com>");
    CHECK(header(text, "From") == "complaints@example.com\\x0aBcc: evil@example.com");
    CHECK(text.find("      \\x1b[2J\\x1b]0;title\\x07\\x0d\\x0aBcc: x@example.com\n") !=
          std::string::npos);
    CHECK(text.find("Hello Wang\\x0d\\x0aBcc: evil@example.com,") != std::string::npos);
    CHECK(text.find("reminded: Zhang\\x1b[31m <zhang@example.com\\x0d>") != std::string::npos);
}

TEST_CASE("report::encode_header_text: line breaks are escaped, never encoded") {
    CHECK(report::encode_header_text("a\nb") == "a\\x0ab");
    CHECK(report::encode_header_text("王\n").find('\n') == std::string::npos);
}
