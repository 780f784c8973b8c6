#include <complaints/domain/duplicates.hpp>

#include <algorithm>

namespace complaints::domain {

namespace {

std::string_view trim(std::string_view text) {
    const auto first = text.find_first_not_of(" \t\r\n");
    if (first == std::string_view::npos) return {};
    const auto last = text.find_last_not_of(" \t\r\n");
    return text.substr(first, last - first + 1);
}

std::string lower_ascii(std::string_view text) {
    std::string out(text);
    std::transform(out.begin(), out.end(), out.begin(), [](char c) {
        return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
    });
    return out;
}

constexpr std::size_t k_min_digits = 7;

}  // namespace

std::optional<std::string> normalise_contact(std::string_view contact) {
    const std::string_view text = trim(contact);
    if (text.find('@') != std::string_view::npos) return lower_ascii(text);
    std::string digits;
    for (const char c : text)
        if (c >= '0' && c <= '9') digits += c;
    if (digits.size() < k_min_digits) return std::nullopt;
    return digits;
}

std::optional<std::string> normalise_order(std::string_view order) {
    const std::string_view text = trim(order);
    if (text.empty()) return std::nullopt;
    return lower_ascii(text);
}

Instant duplicate_window_start(const Complaint& complaint, const Policy& policy) {
    const Duration& window = policy.duplicate_window;
    std::chrono::seconds span{0};
    switch (window.unit) {
        case DurationUnit::minutes:
            span = std::chrono::minutes{window.count};
            break;
        case DurationUnit::hours:
            span = std::chrono::hours{window.count};
            break;
        case DurationUnit::days:
        case DurationUnit::working_days:  // the policy reader allows clock units only
        case DurationUnit::business_hours:
            span = std::chrono::hours{24 * window.count};
            break;
    }
    return complaint.received_at - span;
}

std::optional<DuplicateMatch> find_duplicate(const Complaint& c,
                                             std::span<const Complaint> candidates,
                                             const Policy& policy) {
    const Instant from = duplicate_window_start(c, policy);
    const auto contact = c.customer.contact ? normalise_contact(*c.customer.contact) : std::nullopt;
    const auto order = c.customer.order ? normalise_order(*c.customer.order) : std::nullopt;
    if (!contact && !order) return std::nullopt;
    const auto eligible = [&](const Complaint& other) {
        return other.id != c.id && !is_final(other.status) && other.category == c.category &&
               other.received_at >= from && other.received_at <= c.received_at;
    };
    for (const DuplicateBasis basis : {DuplicateBasis::contact, DuplicateBasis::order}) {
        const auto& mine = basis == DuplicateBasis::contact ? contact : order;
        if (!mine) continue;
        for (const Complaint& other : candidates) {
            if (!eligible(other)) continue;
            const auto& field =
                basis == DuplicateBasis::contact ? other.customer.contact : other.customer.order;
            if (!field) continue;
            const auto theirs = basis == DuplicateBasis::contact ? normalise_contact(*field)
                                                                 : normalise_order(*field);
            if (theirs == mine) return DuplicateMatch{other.id, basis};
        }
    }
    return std::nullopt;
}

void link_duplicate(Complaint& complaint, Event& registration, const DuplicateMatch& match) {
    complaint.possible_duplicate_of = match.id;
    if (auto* details = std::get_if<RegisterDetails>(&registration.details))
        details->possible_duplicate_of = match.id;
}

}  // namespace complaints::domain
