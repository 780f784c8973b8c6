#include "step.hpp"

#include <complaints/domain/error.hpp>
#include <complaints/domain/retention.hpp>
#include <complaints/domain/text.hpp>
#include <complaints/domain/translate.hpp>

#include <fmt/format.h>

namespace complaints::domain {

std::string mask_name(std::string_view name) {
    if (name.empty()) return {};
    const std::size_t n =
        std::min(name.size(), utf8_sequence_length(static_cast<unsigned char>(name.front())));
    return std::string(name.substr(0, n)) + "*";
}

std::string mask_contact(std::string_view contact) {
    if (const auto at = contact.rfind('@'); at != std::string_view::npos && at > 0) {
        const std::size_t n =
            std::min(at, utf8_sequence_length(static_cast<unsigned char>(contact.front())));
        return std::string(contact.substr(0, n)) + "***" + std::string(contact.substr(at));
    }
    // The last 4 digits stay; everything before the first of them is starred.
    std::size_t digits = 0;
    std::size_t keep_from = contact.size();
    for (std::size_t i = contact.size(); i-- > 0 && digits < 4;)
        if (contact[i] >= '0' && contact[i] <= '9') {
            ++digits;
            keep_from = i;
        }
    std::string out(keep_from, '*');
    for (std::size_t i = keep_from; i < contact.size(); ++i)
        if (contact[i] >= '0' && contact[i] <= '9') out += contact[i];
    return out;
}

std::optional<std::string> anonymized_value(std::string_view field, std::string_view value) {
    if (field == "customer_name") return mask_name(value);
    if (field == "customer_contact") return mask_contact(value);
    if (field == "customer_organization") return std::string(value);
    return std::nullopt;
}

std::optional<Instant> anonymize_from(const Complaint& c, const Policy& policy,
                                      std::string* keep_text) {
    if (c.is_open() || c.anonymized_at) return std::nullopt;
    const NamedEntry* severity = policy.find(Table::severity, c.severity);
    const std::optional<TimeBar>& keep =
        severity && severity->keep ? severity->keep : policy.retention.keep;
    if (!keep) return std::nullopt;
    const auto final_at = c.closed_at ? c.closed_at : c.last_event_at;
    if (!final_at) return std::nullopt;
    if (keep_text) *keep_text = keep->to_string();
    return keep->end(*final_at, policy.zone);
}

Anonymized anonymize(const Complaint& c, const AnonymizeRequest& request, const Stamp& stamp) {
    if (c.is_open())
        throw Error(ExitCode::data,
                    // TRANSLATORS: the second {} is the complaint's status.
                    trf("complaint {} is {}: only a final complaint can be anonymized", c.id,
                        shown_name(c.status)),
                    {tr("close, reject or withdraw it first")});
    if (c.anonymized_at)
        throw Error(ExitCode::data, trf("complaint {} is anonymized already", c.id));
    Anonymized out{c, {}};
    Complaint& next = out.complaint;
    AnonymizeDetails details;
    details.reason = request.reason;
    details.keep = request.keep;
    details.evidence_files = request.evidence_files;
    next.customer.name = mask_name(c.customer.name);
    details.fields.emplace_back("customer_name");
    if (c.customer.contact) {
        next.customer.contact = mask_contact(*c.customer.contact);
        details.fields.emplace_back("customer_contact");
    }
    if (c.customer.order) {
        next.customer.order.reset();
        details.fields.emplace_back("customer_order");
    }
    if (c.description) {
        next.description.reset();
        details.fields.emplace_back("description");
    }
    details.fields.emplace_back("contact_note");
    next.anonymized_at = stamp.at;
    out.event = step::make_event(std::move(details), stamp);
    return out;
}

}  // namespace complaints::domain
