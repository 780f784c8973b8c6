#pragma once

#include <complaints/domain/complaint.hpp>
#include <complaints/domain/event.hpp>
#include <complaints/domain/policy.hpp>

#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace complaints::domain {

// "One matter, one record" (SPEC §10, seed 001): how `register` finds a
// possible duplicate.

// A contact as compared: an e-mail address (it has an `@`) lower-cased and
// trimmed; otherwise its digits only, when there are at least 7; else nothing
// to compare.
std::optional<std::string> normalise_contact(std::string_view contact);
// An order number as compared: trimmed, ASCII letters lower-cased; nothing
// when empty.
std::optional<std::string> normalise_order(std::string_view order);

enum class DuplicateBasis { contact, order };
template <>
struct EnumNames<DuplicateBasis> {
    static constexpr std::array<std::string_view, 2> k_names{"contact", "order"};
};

struct DuplicateMatch {
    std::string id;
    DuplicateBasis basis = DuplicateBasis::contact;
};

// When the possible duplicates of `complaint` start: `[duplicates] window`
// before it was received.
Instant duplicate_window_start(const Complaint& complaint, const Policy& policy);

// The first of `candidates` (in their order, oldest first) that is a possible
// duplicate of the new `complaint`: not final, of the same category, received
// in the window before it (`duplicate_window_start` to its receipt), with the
// same normalised contact or the same normalised order. The contact is
// compared first.
std::optional<DuplicateMatch> find_duplicate(const Complaint& complaint,
                                             std::span<const Complaint> candidates,
                                             const Policy& policy);

// Links the new `complaint` and its `register` event to `match`.
void link_duplicate(Complaint& complaint, Event& registration, const DuplicateMatch& match);

}  // namespace complaints::domain
