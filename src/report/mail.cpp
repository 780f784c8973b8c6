#include <complaints/domain/text.hpp>
#include <complaints/domain/translate.hpp>
#include <complaints/report/mail.hpp>
#include <complaints/report/table.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cstdint>

namespace complaints::report {

namespace {

std::string base64(std::string_view bytes) {
    constexpr std::string_view k_alphabet =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    std::string out;
    std::size_t i = 0;
    for (; i + 2 < bytes.size(); i += 3) {
        const unsigned v = (static_cast<unsigned char>(bytes[i]) << 16) |
                           (static_cast<unsigned char>(bytes[i + 1]) << 8) |
                           static_cast<unsigned char>(bytes[i + 2]);
        out += k_alphabet[(v >> 18) & 63];
        out += k_alphabet[(v >> 12) & 63];
        out += k_alphabet[(v >> 6) & 63];
        out += k_alphabet[v & 63];
    }
    if (i + 1 == bytes.size()) {
        const unsigned v = static_cast<unsigned char>(bytes[i]) << 16;
        out += k_alphabet[(v >> 18) & 63];
        out += k_alphabet[(v >> 12) & 63];
        out += "==";
    } else if (i + 2 == bytes.size()) {
        const unsigned v = (static_cast<unsigned char>(bytes[i]) << 16) |
                           (static_cast<unsigned char>(bytes[i + 1]) << 8);
        out += k_alphabet[(v >> 18) & 63];
        out += k_alphabet[(v >> 12) & 63];
        out += k_alphabet[(v >> 6) & 63];
        out += '=';
    }
    return out;
}

bool is_printable_ascii(std::string_view text) {
    return std::all_of(text.begin(), text.end(), [](char c) { return c >= 0x20 && c < 0x7f; });
}

}  // namespace

std::string encode_header_text(std::string_view text) {
    if (is_printable_ascii(text)) return std::string(text);
    if (text.find_first_of("\r\n") != std::string_view::npos)
        return encode_header_text(domain::printable(text));
    // 45 bytes of text make 60 of base64: with "=?UTF-8?B?" and "?=" a word stays
    // under RFC 2047's 75 characters. Words never split a UTF-8 sequence.
    constexpr std::size_t k_chunk = 45;
    std::string out;
    std::size_t pos = 0;
    while (pos < text.size()) {
        std::size_t end = pos;
        while (end < text.size()) {
            const std::size_t n =
                domain::utf8_sequence_length(static_cast<unsigned char>(text[end]));
            if (end + n - pos > k_chunk) break;
            end += std::min(n, text.size() - end);
        }
        if (end == pos) end = std::min(text.size(), pos + 1);
        if (!out.empty()) out += "\n ";
        out += fmt::format("=?UTF-8?B?{}?=", base64(text.substr(pos, end - pos)));
        pos = end;
    }
    return out;
}

std::string format_address(const domain::Recipient& r) {
    // Neither may split the header (SPEC §12): a line break in either is
    // shown escaped (`\x0a`), never written.
    const std::string email = domain::printable(r.email);
    const std::string name = domain::printable(r.name);
    if (name.empty() || r.name == r.email) return email;
    if (!is_printable_ascii(name)) return fmt::format("{} <{}>", encode_header_text(name), email);
    std::string quoted = "\"";
    for (const char c : name) {
        if (c == '"' || c == '\\') quoted += '\\';
        quoted += c;
    }
    return fmt::format("{}\" <{}>", quoted, email);
}

std::string format_mail_date(domain::Instant t, const domain::TimeZone& zone) {
    constexpr std::array<std::string_view, 7> k_days{"Sun", "Mon", "Tue", "Wed",
                                                     "Thu", "Fri", "Sat"};
    constexpr std::array<std::string_view, 12> k_months{"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                        "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    const auto local = zone.to_local(t);
    const auto day = std::chrono::floor<std::chrono::days>(local);
    const std::chrono::year_month_day ymd{day};
    const std::chrono::hh_mm_ss time{local - day};
    const std::chrono::weekday weekday{day};
    const auto offset = std::chrono::duration_cast<std::chrono::minutes>(zone.offset_at(t)).count();
    const long magnitude = offset < 0 ? -offset : offset;
    return fmt::format(
        "{}, {:02} {} {:04} {:02}:{:02}:{:02} {}{:02}{:02}", k_days[weekday.c_encoding()],
        static_cast<unsigned>(ymd.day()), k_months[static_cast<unsigned>(ymd.month()) - 1],
        static_cast<int>(ymd.year()), time.hours().count(), time.minutes().count(),
        time.seconds().count(), offset < 0 ? '-' : '+', magnitude / 60, magnitude % 60);
}

namespace {

// FNV-1a, 64 bits: a short, stable digest of the recipient for the Message-ID.
std::uint64_t digest(std::string_view text) {
    std::uint64_t h = 0xcbf29ce484222325ULL;
    for (const char c : text) {
        h ^= static_cast<unsigned char>(c);
        h *= 0x100000001b3ULL;
    }
    return h;
}

// 20261123T020000Z: an instant as Message-ID characters (dot-atom text).
std::string compact_utc(domain::Instant t) {
    std::string text = domain::format_utc(t);
    text.erase(
        std::remove_if(text.begin(), text.end(), [](char c) { return c == '-' || c == ':'; }),
        text.end());
    return text;
}

}  // namespace

std::string message_id(const domain::Policy& policy, const domain::Recipient& recipient,
                       domain::MessageKind kind, domain::Instant as_of, domain::Instant now,
                       std::size_t sequence) {
    const std::string& from = policy.notify.from;
    const auto at = from.rfind('@');
    std::string domain_part = at == std::string::npos ? std::string() : from.substr(at + 1);
    if (domain_part.empty()) domain_part = "localhost";
    domain_part = domain::printable(domain_part);  // never a line break in a header
    const std::string who = fmt::format("{}|{}|{}", recipient.email, compact_utc(as_of),
                                        kind == domain::MessageKind::copy ? "copy" : "reminder");
    return fmt::format("<complaints.remind.{}.{}.{:016x}@{}>", compact_utc(now), sequence,
                       digest(who), domain_part);
}

namespace {

// The subject of a reminder: its milestones, its approvals, or both. The tag
// "[complaints]" stays as it is (mail filters look for it).
std::string reminder_subject(std::size_t milestones, std::size_t approvals) {
    std::string subject = "[complaints] ";
    if (milestones)
        // TRANSLATORS: the subject of a reminder e-mail.
        subject += trn("{} complaint milestone needs you", "{} complaint milestones need you",
                       milestones, milestones);
    if (milestones && approvals) subject += ", ";
    if (approvals)
        // TRANSLATORS: the subject of a reminder e-mail (after the milestones, if any).
        subject += trn("{} complaint awaits your approval", "{} complaints await your approval",
                       approvals, approvals);
    return subject;
}

// `wang`, or `王经理 (wang)` when [people] gives a name.
std::string person_text(const domain::Policy& policy, const std::string& key) {
    const domain::Person* person = policy.find_person(key);
    if (!person || person->name.empty() || person->name == key) return domain::printable(key);
    return domain::printable(fmt::format("{} ({})", person->name, key));
}

// The section "Awaiting your approval" (SPEC §11): per complaint, who proposed
// it and since when, the amount proposed if any, and its summary.
std::string approvals_section(const std::vector<domain::ApprovalItem>& approvals,
                              const domain::Policy& policy, domain::Instant as_of) {
    std::string out = std::string(tr("Awaiting your approval:")) + "\n\n";
    for (const auto& a : approvals) {
        out += fmt::format(
            "  {}  {}\n", domain::printable(a.complaint_id),
            trf("proposed by {}  since {} (waiting {})", person_text(policy, a.proposed_by),
                domain::format_local(a.proposed_at, policy.zone),
                domain::format_span(as_of - a.proposed_at)));
        if (a.amount)
            // TRANSLATORS: the amount of money a proposed resolution pays, and its currency.
            out += fmt::format(
                "      {}\n",
                trf("amount {}", fmt::format("{}{}{}", a.amount->to_string(),
                                             a.currency.empty() ? "" : " ", a.currency)));
        out += fmt::format("      {}\n", domain::printable(a.summary));
    }
    return out;
}

}  // namespace

std::string render_reminder(const domain::ReminderPlan::Message& message,
                            const domain::Policy& policy, domain::Instant as_of,
                            domain::Instant now, std::size_t sequence) {
    const auto& zone = policy.zone;
    const std::size_t n = message.items.size();
    const bool copy = message.kind == domain::MessageKind::copy;
    const bool approvals = !copy && !message.approvals.empty();
    std::string out;
    out += fmt::format("From: {}\n",
                       policy.organization_name.empty()
                           ? domain::printable(policy.notify.from)
                           : format_address({"", policy.organization_name, policy.notify.from}));
    out += fmt::format("To: {}\n", format_address(message.to));
    const std::string subject =
        copy ? "[complaints] " +
                   // TRANSLATORS: the subject of the copy of reminders sent to a manager.
                   trn("copy: {} complaint milestone overdue by more than {}",
                       "copy: {} complaint milestones overdue by more than {}", n, n,
                       policy.notify.escalate_after.to_string())
             : reminder_subject(n, approvals ? message.approvals.size() : 0);
    out += fmt::format("Subject: {}\n", encode_header_text(subject));
    out += fmt::format("Date: {}\n", format_mail_date(now, zone));
    out += fmt::format("Message-ID: {}\n",
                       message_id(policy, message.to, message.kind, as_of, now, sequence));
    out += "MIME-Version: 1.0\n";
    out += "Content-Type: text/plain; charset=UTF-8\n";
    out += "Content-Transfer-Encoding: 8bit\n";
    out += "Auto-Submitted: auto-generated\n";
    out += "\n";
    // TRANSLATORS: the greeting of a reminder e-mail; {} is the person's name.
    out += trf("Hello {},", domain::printable(message.to.name)) + "\n\n";
    if (copy)
        // TRANSLATORS: {} (2nd) is the time zone; notify.escalate_after is a policy key.
        out += trf("As of {} ({}), these complaint milestones are overdue by more than {} "
                   "(notify.escalate_after):",
                   domain::format_local(as_of, zone), zone.name(),
                   policy.notify.escalate_after.to_string()) +
               "\n\n";
    else if (n)
        out += trf("As of {} ({}), these complaint milestones are overdue or due soon:",
                   domain::format_local(as_of, zone), zone.name()) +
               "\n\n";
    else
        out += trf("As of {} ({}), complaints of your department wait for approval.",
                   domain::format_local(as_of, zone), zone.name()) +
               "\n\n";
    for (std::size_t i = 0; i < n; ++i) {
        const auto& item = message.items[i];
        const auto late = as_of - item.due;
        const std::string how = late.count() > 0 ? trf("overdue by {}", domain::format_span(late))
                                                 : trf("due in {}", domain::format_span(-late));
        // The milestone's name padded to 11 columns (display width: it may be Chinese).
        const std::string milestone = pad(domain::shown_name(item.milestone), 11, Align::left);
        // Stored text (the summary) and the policy's names: no control characters.
        out += fmt::format("  {}  {}  {}  {}\n      {}\n", domain::printable(item.complaint_id),
                           milestone, trf("due {}", domain::format_local(item.due, zone)), how,
                           domain::printable(item.summary));
        if (copy && i < message.reminded.size())
            // TRANSLATORS: in the copy of reminders: the person (name <e-mail>) reminded.
            out += fmt::format("      {}\n",
                               trf("reminded: {} <{}>", domain::printable(message.reminded[i].name),
                                   domain::printable(message.reminded[i].email)));
    }
    if (copy)
        out += "\n" +
               std::string(tr("This is a copy: each was reminded to the person named under it.")) +
               "\n";
    if (approvals) {
        if (n) out += "\n";
        out += approvals_section(message.approvals, policy, as_of);
        // TRANSLATORS: keep the command line (complaints approve NUMBER) as it is.
        out += "\n" + std::string(tr("Approve with: complaints approve NUMBER")) + "\n";
        // TRANSLATORS: keep the command line as it is.
        out += std::string(tr("Decline with: complaints decline NUMBER --note TEXT")) + "\n";
    }
    // TRANSLATORS: keep the command line (complaints show NUMBER) as it is.
    out += "\n" + std::string(tr("See the details with: complaints show NUMBER")) + "\n";
    // The signature: "-- " then who sent it.
    out += "-- \n" + std::string(tr("Sent by complaints remind")) + "\n";
    return out;
}

}  // namespace complaints::report
