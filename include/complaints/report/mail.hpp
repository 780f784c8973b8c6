#pragma once

#include <complaints/domain/policy.hpp>
#include <complaints/domain/reminder.hpp>

#include <cstddef>
#include <string>
#include <string_view>

namespace complaints::report {

// `text` as a header value: itself when printable ASCII, else RFC 2047
// encoded words (`=?UTF-8?B?...?=`), split so no encoded word passes 75 characters.
std::string encode_header_text(std::string_view text);
// `Name <address>` with the name quoted or encoded as RFC 5322 and 2047 ask.
std::string format_address(const domain::Recipient& recipient);
// An RFC 5322 date-time in `zone`: `Mon, 23 Nov 2026 10:00:00 +0800`.
std::string format_mail_date(domain::Instant t, const domain::TimeZone& zone);

// A Message-ID (`<…@domain>`, RFC 5322) for the message number `sequence` of
// a `remind` run at `now` about `as_of`, to `recipient`, in the domain of
// `notify.from`: the same inputs give the same id, and two messages of one
// run (different `sequence`) never share one.
std::string message_id(const domain::Policy& policy, const domain::Recipient& recipient,
                       domain::MessageKind kind, domain::Instant as_of, domain::Instant now,
                       std::size_t sequence);

// The reminder or copy `message` as an RFC 5322 message with a UTF-8
// plain-text body and LF line ends (what sendmail reads), sent at `now` about
// `as_of`; `sequence` is its place among the messages of the run (for its
// Message-ID).
std::string render_reminder(const domain::ReminderPlan::Message& message,
                            const domain::Policy& policy, domain::Instant as_of,
                            domain::Instant now, std::size_t sequence);

}  // namespace complaints::report
