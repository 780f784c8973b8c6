// Departments, people with their roles, and [authority] of a policy file.
#include "reader.hpp"

#include <complaints/domain/translate.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

namespace complaints::policy::detail {

namespace {

using domain::Money;
using domain::Role;

// The largest amount Money::parse reads: 15 integer digits.
constexpr std::int64_t k_max_whole_units = 999'999'999'999'999;

}  // namespace

Role Reader::as_role(const toml::node& node, std::string_view what) const {
    const std::string text = as_string(node, what);
    if (const auto role = domain::parse_name<Role>(text)) return *role;
    fail(node.source(), trf("unknown role '{}' for {} (allowed: {})", text, what,
                            domain::names_joined<Role>(", ")));
}

// "500.00", "500" or 500 (whole units), or "unlimited" (nullopt).
std::optional<Money> Reader::as_limit(const toml::node& node, std::string_view what) const {
    if (const auto* i = node.as_integer()) {
        if (i->get() < 0 || i->get() > k_max_whole_units)
            fail(node.source(), trf("{} must be an amount from 0 to {} or \"unlimited\", not {}",
                                    what, k_max_whole_units, i->get()));
        return Money{i->get() * 100};
    }
    if (const auto* f = node.as_floating_point())
        fail(node.source(),
             trf("{} must be an exact amount: write it as a string, e.g. \"{:.2f}\" "
                 "(not the floating-point number {})",
                 what, std::isfinite(f->get()) && f->get() >= 0 ? f->get() : 500.0, f->get()));
    if (const auto* s = node.as_string()) {
        if (s->get() == "unlimited") return std::nullopt;
        if (auto amount = Money::parse(s->get())) return amount;
        fail(node.source(),
             trf("bad amount '{}' for {}: use a non-negative amount with at most two "
                 "decimals, e.g. \"500.00\", or \"unlimited\"",
                 s->get(), what));
    }
    fail(node.source(), trf("{} must be an amount such as \"500.00\", or \"unlimited\"", what));
}

// [authority]: a limit for each role but viewer, and the roles that approve.
void Reader::read_authority(const toml::node& node, domain::Policy& p) const {
    const auto& t = as_table(node, "[authority]");
    // A viewer is a role, but one without a limit: say why rather than "unknown key".
    for (auto&& [key, value] : t)
        if (key.str() == domain::name_of(Role::viewer))
            fail(key.source(), tr("'viewer' takes no limit in [authority]: viewers settle nothing "
                                  "(and change nothing)"));
    allow_keys(t, "[authority]", {"agent", "supervisor", "manager", "approvers"});
    for (const Role role : {Role::agent, Role::supervisor, Role::manager})
        if (const auto* v = t.get(domain::name_of(role)))
            p.authority.limit(role) =
                as_limit(*v, fmt::format("authority.{}", domain::name_of(role)));
    const auto* v = t.get("approvers");
    if (!v) return;
    const auto& array = as_array(*v, "authority.approvers");
    if (array.empty())
        fail(v->source(), tr("authority.approvers must name at least one role, e.g. "
                             "[\"supervisor\", \"manager\"]"));
    p.authority.approvers.clear();
    for (const auto& item : array) {
        const Role role = as_role(item, "authority.approvers");
        if (role == Role::viewer)
            fail(item.source(),
                 tr("a viewer cannot approve: viewers change nothing (approvers may be "
                    "agent, supervisor or manager)"));
        if (p.authority.approves(role))
            fail(item.source(),
                 trf("role '{}' is listed twice in authority.approvers", domain::name_of(role)));
        p.authority.approvers.push_back(role);
    }
}

void Reader::read_people_and_departments(const toml::table& root, domain::Policy& p) const {
    if (const auto* n = root.get("department")) {
        for (const auto& [key, t] : records(*n, "department")) {
            const std::string where = fmt::format("[department.{}]", key->str());
            allow_keys(*t, where, {"label", "head"});
            domain::Department d;
            d.key = std::string(key->str());
            d.label = d.key;
            if (const auto* v = t->get("label")) d.label = as_line(*v, where + " label");
            if (const auto* v = t->get("head")) d.head = as_line(*v, where + " head");
            p.departments.push_back(std::move(d));
        }
    }
    if (const auto* n = root.get("people")) {
        for (const auto& [key, t] : records(*n, "people")) {
            const std::string where = fmt::format("[people.{}]", key->str());
            allow_keys(*t, where, {"name", "email", "department", "manager", "role"});
            domain::Person person;
            person.key = std::string(key->str());
            person.name = person.key;
            if (const auto* v = t->get("name")) person.name = as_line(*v, where + " name");
            if (const auto* v = t->get("email")) person.email = as_email(*v, where + " email");
            if (const auto* v = t->get("department")) {
                person.department = as_line(*v, where + " department");
                if (!p.find_department(person.department))
                    fail(v->source(), trf("unknown department '{}': define [department.{}]",
                                          person.department, person.department));
            }
            if (const auto* v = t->get("manager")) person.manager = as_line(*v, where + " manager");
            if (const auto* v = t->get("role")) person.role = as_role(*v, where + " role");
            p.people.push_back(std::move(person));
        }
        // Managers are keys of [people], which may come later in the file.
        for (const auto& [key, t] : records(*n, "people")) {
            const auto* manager = t->get("manager");
            if (manager && !p.find_person(as_string(*manager, "manager")))
                fail(manager->source(),
                     trf("unknown manager '{}': define [people.{}]", as_string(*manager, "manager"),
                         as_string(*manager, "manager")));
        }
    }
    if (const auto* n = root.get("department")) {
        for (const auto& [key, t] : records(*n, "department")) {
            const auto* head = t->get("head");
            if (head && !p.find_person(as_string(*head, "head")))
                fail(head->source(), trf("unknown head '{}': define [people.{}]",
                                         as_string(*head, "head"), as_string(*head, "head")));
        }
    }
}

}  // namespace complaints::policy::detail
