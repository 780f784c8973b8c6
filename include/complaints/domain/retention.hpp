#pragma once

#include <complaints/domain/complaint.hpp>
#include <complaints/domain/event.hpp>
#include <complaints/domain/lifecycle.hpp>
#include <complaints/domain/policy.hpp>

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace complaints::domain {

// Retention and anonymisation (SPEC §12): a final complaint keeps the
// customer's personal data for the policy's keep period, then `anonymize`
// masks or erases it. Statistics, deadlines and the hash chain are unchanged.

// The personal fields, by the names `edit` uses for them, plus `contact_note`
// (the note of a `contact` event).
inline constexpr std::array<std::string_view, 6> k_personal_fields{
    "customer_name",  "customer_contact", "customer_organization",
    "customer_order", "description",      "contact_note"};

// The first character of `name` and `*` (`王芳` -> `王*`); empty stays empty.
std::string mask_name(std::string_view name);
// An e-mail address keeps its first character and its domain
// (`wang@example.com` -> `w***@example.com`); anything else keeps its last 4
// digits, every character before them becoming `*` (`13800001234` ->
// `*******1234`).
std::string mask_contact(std::string_view contact);
// What the personal field `field` holds after anonymisation: the masked name
// or contact, the organisation unchanged, nothing (erased) for the order, the
// description and contact notes.
std::optional<std::string> anonymized_value(std::string_view field, std::string_view value);

// When a final complaint has been final long enough to be anonymised under
// `policy` (its severity's keep, else `[retention] keep`); nothing while it
// is open, already anonymised, or kept for ever. `keep_text` receives the
// keep period applied (`3y`).
std::optional<Instant> anonymize_from(const Complaint& c, const Policy& policy,
                                      std::string* keep_text = nullptr);

// What `anonymize` asks: the reason of an erasure request (`--reason`), or
// the keep period that expired.
struct AnonymizeRequest {
    std::optional<std::string> reason;
    std::optional<std::string> keep;
    std::int64_t evidence_files = 0;  // files whose content is deleted
};

// The anonymised complaint and its `anonymize` event. Refuses (exit 65) a
// complaint that is not final or is anonymised already.
struct Anonymized {
    Complaint complaint;
    Event event;
};
Anonymized anonymize(const Complaint& c, const AnonymizeRequest& request, const Stamp& stamp);

}  // namespace complaints::domain
