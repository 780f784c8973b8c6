// The calendar, the limits and the tables of names of a policy file.
#include "reader.hpp"

#include <complaints/domain/translate.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <set>
#include <tuple>

namespace complaints::policy::detail {

namespace {

using domain::Duration;
using domain::Milestone;
using domain::NamedEntry;
using domain::Table;

bool is_name(std::string_view name) {
    return !name.empty() && std::all_of(name.begin(), name.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
    });
}

int minutes_of(std::string_view hhmm) {
    if (hhmm.size() != 5 || hhmm[2] != ':') return -1;
    for (const std::size_t i : {0u, 1u, 3u, 4u})
        if (hhmm[i] < '0' || hhmm[i] > '9') return -1;
    const int h = (hhmm[0] - '0') * 10 + (hhmm[1] - '0');
    const int m = (hhmm[3] - '0') * 10 + (hhmm[4] - '0');
    if (m > 59 || h > 24 || (h == 24 && m != 0)) return -1;
    return h * 60 + m;
}

}  // namespace

Duration Reader::as_duration(const toml::node& node, std::string_view what) const {
    const std::string text = as_string(node, what);
    if (auto d = Duration::parse(text)) return *d;
    fail(node.source(), trf("bad duration '{}' for {}: use Nm, Nh, Nd, Nbh or Nwd "
                            "with N a positive whole number, e.g. \"3wd\"",
                            text, what));
}

// A limit of a milestone: a duration, or "none" (the milestone is not tracked).
void Reader::read_limit(const toml::node& node, std::string_view what, domain::Limits& limits,
                        Milestone m) const {
    const std::string text = as_string(node, what);
    if (text == "none") {
        limits.set_none(m);
        return;
    }
    if (auto d = Duration::parse(text)) {
        limits[m] = *d;
        return;
    }
    fail(node.source(), trf("bad limit '{}' for {}: use Nm, Nh, Nd, Nbh or Nwd with N "
                            "a positive whole number, e.g. \"3wd\", or \"none\"",
                            text, what));
}

domain::Limits Reader::read_limits(const toml::node& node, std::string_view where) const {
    const auto& table = as_table(node, where);
    // `hold` is a milestone, but its one limit lives elsewhere: say where.
    for (auto&& [key, value] : table)
        if (key.str() == domain::to_string(Milestone::hold))
            fail(key.source(), trf("'hold' takes no limit in {}: the review of long "
                                   "holds is set by [hold] review_after",
                                   where));
    allow_keys(table, where, {"acknowledge", "assign", "investigate", "resolve", "revisit"});
    domain::Limits limits;
    for (const Milestone m : domain::k_limited_milestones)
        if (const toml::node* value = table.get(domain::to_string(m)))
            read_limit(*value, fmt::format("{}.{}", where, domain::to_string(m)), limits, m);
    return limits;
}

void Reader::read_calendar(const toml::node& node, domain::Policy& p) const {
    const auto& t = as_table(node, "[calendar]");
    allow_keys(t, "[calendar]", {"workdays", "hours", "holidays", "extra_workdays"});
    domain::Calendar& cal = p.calendar;
    if (const auto* n = t.get("workdays")) {
        constexpr std::array<std::string_view, 7> k_days{"sun", "mon", "tue", "wed",
                                                         "thu", "fri", "sat"};
        cal.workdays.fill(false);
        for (const auto& item : as_array(*n, "calendar.workdays")) {
            // TRANSLATORS: inserted as the 1st {} of "{} must be a string": an entry of
            // calendar.workdays.
            const std::string day = as_string(item, tr("a workday"));
            const auto at = std::find(k_days.begin(), k_days.end(), day);
            if (at == k_days.end())
                fail(item.source(), trf("unknown weekday '{}': use mon, tue, wed, thu, "
                                        "fri, sat or sun",
                                        day));
            const auto index = static_cast<std::size_t>(at - k_days.begin());
            // TRANSLATORS: {} is a weekday (mon, tue, ...) as written in the policy file.
            if (cal.workdays[index]) fail(item.source(), trf("'{}' is listed twice", day));
            cal.workdays[index] = true;
        }
    }
    if (const auto* n = t.get("hours")) {
        cal.hours.clear();
        const auto& array = as_array(*n, "calendar.hours");
        if (array.empty()) fail(n->source(), tr("calendar.hours must list at least one interval"));
        for (const auto& item : array) {
            // TRANSLATORS: inserted as the 1st {} of "{} must be a string".
            const std::string text = as_string(item, tr("an interval of working hours"));
            const auto dash = text.find('-');
            const int begin =
                dash == std::string::npos ? -1 : minutes_of(std::string_view(text).substr(0, dash));
            const int end = dash == std::string::npos
                                ? -1
                                : minutes_of(std::string_view(text).substr(dash + 1));
            if (begin < 0 || end < 0)
                fail(item.source(), trf("bad working hours '{}': use \"HH:MM-HH:MM\", "
                                        "e.g. \"09:00-12:00\"",
                                        text));
            if (begin >= end)
                fail(item.source(), trf("working hours '{}' end before they begin", text));
            if (!cal.hours.empty() && begin < cal.hours.back().end)
                fail(item.source(), trf("working hours '{}' overlap or come before the "
                                        "previous interval: list them in order",
                                        text));
            cal.hours.push_back({begin, end});
        }
    }
    const auto read_dates = [&](const char* key, std::vector<std::chrono::year_month_day>& out) {
        const auto* n = t.get(key);
        if (!n) return;
        out.clear();
        for (const auto& item : as_array(*n, fmt::format("calendar.{}", key)))
            // TRANSLATORS: {} is a policy key (holidays, extra_workdays), inserted as the 1st {} of
            // "{} must be a date like ...".
            out.push_back(as_date(item, trf("each of calendar.{}", key)));
        std::sort(out.begin(), out.end());
        out.erase(std::unique(out.begin(), out.end()), out.end());
    };
    read_dates("holidays", cal.holidays);
    read_dates("extra_workdays", cal.extra_workdays);
    if (!cal.can_work())
        fail(node.source(),
             tr("the calendar has no working days: list workdays or extra_workdays"));
}

void Reader::read_limits_table(const toml::node& node, domain::Policy& p) const {
    const domain::Limits given = read_limits(node, "[limits]");
    for (const Milestone m : domain::k_limited_milestones) {
        if (!given.is_set(m)) continue;
        p.limits.none[static_cast<std::size_t>(m)] = given.is_none(m);
        p.limits[m] = given[m];
    }
}

std::vector<NamedEntry> Reader::read_entries(
    const toml::node& node, Table table, const std::vector<domain::Department>& departments) const {
    const std::string kind(domain::to_string(table));
    const auto& t = as_table(node, fmt::format("[{}]", kind));
    // TRANSLATORS: {} is a policy table key (severity, channel, ...), not translated.
    if (t.empty()) fail(node.source(), trf("[{}] defines no entries", kind));
    // toml++ keeps keys sorted; order the entries as they stand in the file.
    std::vector<std::pair<const toml::key*, const toml::node*>> items;
    for (auto&& [key, value] : t) items.emplace_back(&key, &value);
    std::sort(items.begin(), items.end(), [](const auto& a, const auto& b) {
        const auto& x = a.first->source().begin;
        const auto& y = b.first->source().begin;
        return std::tie(x.line, x.column) < std::tie(y.line, y.column);
    });
    std::vector<NamedEntry> entries;
    std::set<std::string> codes;
    const toml::node* default_node = nullptr;
    bool ranked = false;                   // some severity gives a rank
    const toml::node* unranked = nullptr;  // the first severity that gives none
    std::string unranked_name;
    for (const auto& [key, value] : items) {
        const std::string name(key->str());
        const std::string where = fmt::format("[{}.{}]", kind, name);
        if (!is_name(name))
            // TRANSLATORS: the 1st {} is a policy table key (severity, channel, ...), not
            // translated.
            fail(key->source(), trf("bad {} name '{}': use lower-case letters, digits, "
                                    "'_' and '-'",
                                    kind, name));
        const auto& e = as_table(*value, where);
        switch (table) {
            case Table::kind:
                allow_keys(e, where, {"label", "default", "limits", "close_on_resolve"});
                break;
            case Table::severity:
                allow_keys(e, where,
                           {"label", "default", "limits", "rank", "requires_approval", "keep"});
                break;
            case Table::channel:
                allow_keys(e, where, {"label", "code"});
                break;
            case Table::category:
                allow_keys(e, where, {"label", "department", "limits"});
                break;
            case Table::site:
                allow_keys(e, where, {"label", "default"});
                break;
            case Table::cause:
            case Table::outcome:
                allow_keys(e, where, {"label"});
                break;
        }
        NamedEntry entry;
        entry.name = name;
        entry.label = name;
        if (const auto* n = e.get("label")) entry.label = as_string(*n, where + " label");
        if (const auto* n = e.get("default")) {
            entry.is_default = as_bool(*n, where + " default");
            if (entry.is_default && default_node)
                // TRANSLATORS: {} is a policy table key (kind, severity, site), not translated.
                fail(n->source(), trf("more than one {} is marked default = true", kind));
            if (entry.is_default) default_node = n;
        }
        if (const auto* n = e.get("limits")) entry.limits = read_limits(*n, where + " limits");
        if (const auto* n = e.get("close_on_resolve"))
            entry.close_on_resolve = as_bool(*n, where + " close_on_resolve");
        if (const auto* n = e.get("requires_approval"))
            entry.requires_approval = as_bool(*n, where + " requires_approval");
        if (const auto* n = e.get("keep"))
            // TRANSLATORS: inserted as the 1st {} of "bad {} '{}' for {}: ...": how long personal
            // data is kept (retention).
            entry.keep = read_span(*n, tr("keep period"), where + " keep");
        if (const auto* n = e.get("rank")) {
            entry.rank =
                // TRANSLATORS: inserted as the 2nd {} of "{} must be {}, not {}".
                as_integer(*n, where + " rank", tr("a whole number from -1000000 to 1000000"),
                           -1000000, 1000000);
            ranked = true;
        } else if (table == Table::severity && !unranked) {
            unranked = value;
            unranked_name = name;
        }
        if (const auto* n = e.get("department")) {
            entry.department = as_string(*n, where + " department");
            if (!departments.empty() && std::none_of(departments.begin(), departments.end(),
                                                     [&](const domain::Department& d) {
                                                         return d.key == entry.department;
                                                     }))
                fail(n->source(), trf("unknown department '{}': define [department.{}]",
                                      entry.department, entry.department));
        }
        if (table == Table::channel) {
            const auto* n = e.get("code");
            if (!n) fail(value->source(), trf("{} needs a code, e.g. code = \"TEL\"", where));
            entry.code = as_string(*n, where + " code");
            const bool ok = entry.code.size() >= 2 && entry.code.size() <= 4 &&
                            std::all_of(entry.code.begin(), entry.code.end(),
                                        [](char c) { return c >= 'A' && c <= 'Z'; });
            if (!ok)
                fail(n->source(), trf("bad channel code '{}': use 2 to 4 upper-case "
                                      "letters, e.g. \"TEL\"",
                                      entry.code));
            if (!codes.insert(entry.code).second)
                fail(n->source(), trf("channel code '{}' is used twice", entry.code));
        }
        entries.push_back(std::move(entry));
    }
    // Without any rank, severities rank in the order of the file (1, 2, 3, ...), so a
    // policy written before ranks existed escalates as it reads. A partial ranking
    // would be a guess either way: refused.
    if (table == Table::severity && ranked && unranked)
        fail(unranked->source(),
             trf("[severity.{}] has no rank: once one severity sets rank, every one "
                 "must (without any rank, severities rank in the order of the file)",
                 unranked_name));
    if (table == Table::severity && !ranked)
        for (std::size_t i = 0; i < entries.size(); ++i) entries[i].rank = static_cast<int>(i) + 1;
    return entries;
}

}  // namespace complaints::policy::detail
