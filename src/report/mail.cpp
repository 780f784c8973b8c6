#include <complaints/report/mail.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <array>

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

// Length of the UTF-8 sequence starting with `lead`.
std::size_t sequence_length(unsigned char lead) {
    if (lead >= 0xf0) return 4;
    if (lead >= 0xe0) return 3;
    if (lead >= 0xc0) return 2;
    return 1;
}

}  // namespace

std::string encode_header_text(std::string_view text) {
    if (is_printable_ascii(text)) return std::string(text);
    // 45 bytes of text make 60 of base64: with "=?UTF-8?B?" and "?=" a word stays
    // under RFC 2047's 75 characters. Words never split a UTF-8 sequence.
    constexpr std::size_t k_chunk = 45;
    std::string out;
    std::size_t pos = 0;
    while (pos < text.size()) {
        std::size_t end = pos;
        while (end < text.size()) {
            const std::size_t n = sequence_length(static_cast<unsigned char>(text[end]));
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
    if (r.name.empty() || r.name == r.email) return r.email;
    if (!is_printable_ascii(r.name))
        return fmt::format("{} <{}>", encode_header_text(r.name), r.email);
    std::string quoted = "\"";
    for (const char c : r.name) {
        if (c == '"' || c == '\\') quoted += '\\';
        quoted += c;
    }
    return fmt::format("{}\" <{}>", quoted, r.email);
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

std::string render_reminder(const domain::ReminderPlan::Message& message,
                            const domain::Policy& policy, domain::Instant as_of,
                            domain::Instant now) {
    const auto& zone = policy.zone;
    const std::size_t n = message.items.size();
    std::string out;
    out += fmt::format("From: {}\n",
                       policy.organization_name.empty()
                           ? policy.notify.from
                           : format_address({"", policy.organization_name, policy.notify.from}));
    out += fmt::format("To: {}\n", format_address(message.to));
    if (!message.cc.empty()) {
        std::string cc;
        for (const auto& r : message.cc)
            cc += fmt::format("{}{}", cc.empty() ? "" : ",\n ", format_address(r));
        out += fmt::format("Cc: {}\n", cc);
    }
    out += fmt::format("Subject: {}\n", encode_header_text(fmt::format(
                                            "[complaints] {} complaint milestone{} need{} you", n,
                                            n == 1 ? "" : "s", n == 1 ? "s" : "")));
    out += fmt::format("Date: {}\n", format_mail_date(now, zone));
    out += "MIME-Version: 1.0\n";
    out += "Content-Type: text/plain; charset=UTF-8\n";
    out += "Content-Transfer-Encoding: 8bit\n";
    out += "Auto-Submitted: auto-generated\n";
    out += "\n";
    out += fmt::format("Hello {},\n\n", message.to.name);
    out += fmt::format("As of {} ({}), these complaint milestones are overdue or due soon:\n\n",
                       domain::format_local(as_of, zone), zone.name());
    for (const auto& item : message.items) {
        const auto late = as_of - item.due;
        const std::string how = late.count() > 0
                                    ? fmt::format("overdue by {}", domain::format_span(late))
                                    : fmt::format("due in {}", domain::format_span(-late));
        out += fmt::format("  {}  {:<11}  due {}  {}\n      {}\n", item.complaint_id,
                           domain::to_string(item.milestone), domain::format_local(item.due, zone),
                           how, item.summary);
    }
    out += "\nSee the details with: complaints show NUMBER\n";
    out += "-- \nSent by complaints remind\n";
    return out;
}

}  // namespace complaints::report
