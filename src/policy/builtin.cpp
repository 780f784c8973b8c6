#include <complaints/domain/translate.hpp>
#include <complaints/policy/policy_file.hpp>

namespace complaints::policy {

namespace {

using domain::Duration;
using domain::DurationUnit;
using domain::Limits;
using domain::Milestone;
using domain::NamedEntry;

Duration wd(int n) {
    return Duration{n, DurationUnit::working_days};
}
Duration bh(int n) {
    return Duration{n, DurationUnit::business_hours};
}
Duration h(int n) {
    return Duration{n, DurationUnit::hours};
}
Duration m(int n) {
    return Duration{n, DurationUnit::minutes};
}

Limits limits(std::optional<Duration> assign, std::optional<Duration> investigate,
              std::optional<Duration> resolve, std::optional<Duration> revisit,
              std::optional<Duration> acknowledge = {}) {
    Limits l;
    l[Milestone::acknowledge] = acknowledge;
    l[Milestone::assign] = assign;
    l[Milestone::investigate] = investigate;
    l[Milestone::resolve] = resolve;
    l[Milestone::revisit] = revisit;
    return l;
}

NamedEntry entry(std::string name, std::string label, Limits l = {}, bool is_default = false) {
    NamedEntry e;
    e.name = std::move(name);
    e.label = std::move(label);
    e.limits = l;
    e.is_default = is_default;
    return e;
}

NamedEntry severity(std::string name, std::string label, int rank, Limits l = {},
                    bool is_default = false) {
    NamedEntry e = entry(std::move(name), std::move(label), l, is_default);
    e.rank = rank;
    return e;
}

NamedEntry channel(std::string name, std::string label, std::string code) {
    NamedEntry e = entry(std::move(name), std::move(label));
    e.code = std::move(code);
    return e;
}

}  // namespace

domain::Policy builtin() {
    domain::Policy p;
    p.source = "built-in";
    p.currency = "CNY";
    p.zone = system_zone();
    // Mon-Fri 09:00-18:00 and four default limits are the Calendar defaults.
    p.limits = limits(wd(1), wd(3), wd(5), wd(1), wd(1));
    NamedEntry inquiry = entry("inquiry", N_("Inquiry"), limits({}, {}, h(24), {}));
    inquiry.close_on_resolve = true;
    p.kinds = {
        entry("complaint", N_("Complaint"), {}, true),
        entry("suggestion", N_("Suggestion"), limits({}, {}, wd(10), {})),
        inquiry,
    };
    p.severities = {
        severity("general", N_("General"), 1, {}, true),
        severity("major", N_("Major"), 2, limits(h(1), wd(1), wd(3), {})),
        severity("urgent", N_("Urgent"), 3, limits(m(30), bh(4), wd(1), {})),
    };
    p.channels = {
        channel("phone", N_("Phone"), "TEL"),         channel("email", N_("E-mail"), "EML"),
        channel("web", N_("Web form"), "WEB"),        channel("letter", N_("Letter"), "LTR"),
        channel("visit", N_("Visit"), "VIS"),         channel("social", N_("Social media"), "SOC"),
        channel("regulator", N_("Regulator"), "REG"),
    };
    p.categories = {
        entry("product", N_("Product")), entry("delivery", N_("Delivery")),
        entry("service", N_("Service")), entry("billing", N_("Billing")),
        entry("other", N_("Other")),
    };
    p.outcomes = {
        entry("refund", N_("Refund")),   entry("exchange", N_("Exchange")),
        entry("repair", N_("Repair")),   entry("compensation", N_("Compensation")),
        entry("apology", N_("Apology")), entry("explanation", N_("Explanation")),
        entry("none", N_("None")),
    };
    return p;
}

}  // namespace complaints::policy
