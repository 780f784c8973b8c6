// The one file that uses toml++: reads a policy file into a domain::Policy,
// rejecting every unknown key and bad value with FILE:LINE:COLUMN.
#include <complaints/domain/error.hpp>
#include <complaints/policy/policy_file.hpp>

#include <fmt/format.h>

#include <toml++/toml.h>

#include <algorithm>
#include <fstream>
#include <initializer_list>
#include <limits>
#include <set>
#include <sstream>

namespace complaints::policy {

namespace {

using domain::Duration;
using domain::Milestone;
using domain::NamedEntry;
using domain::Table;
using namespace std::string_view_literals;

class Reader {
public:
    explicit Reader(std::string source) : m_source(std::move(source)) {}

    [[noreturn]] void fail(const toml::source_region& where, const std::string& message) const {
        throw Error(
            ExitCode::config,
            fmt::format("{}:{}:{}: {}", m_source, where.begin.line, where.begin.column, message),
            {"see docs/policy.md, or check it with: complaints policy check FILE"});
    }

    void allow_keys(const toml::table& table, std::string_view where,
                    std::initializer_list<std::string_view> allowed) const {
        for (auto&& [key, node] : table) {
            if (std::find(allowed.begin(), allowed.end(), key.str()) != allowed.end()) continue;
            std::string names;
            for (const auto name : allowed)
                names += fmt::format("{}{}", names.empty() ? "" : ", ", name);
            fail(key.source(),
                 fmt::format("unknown key '{}' in {} (allowed: {})", key.str(), where, names));
        }
    }

    const toml::table& as_table(const toml::node& node, std::string_view what) const {
        if (const auto* t = node.as_table()) return *t;
        fail(node.source(), fmt::format("{} must be a table", what));
    }

    std::string as_string(const toml::node& node, std::string_view what) const {
        if (const auto* s = node.as_string()) return s->get();
        fail(node.source(), fmt::format("{} must be a string", what));
    }

    bool as_bool(const toml::node& node, std::string_view what) const {
        if (const auto* b = node.as_boolean()) return b->get();
        fail(node.source(), fmt::format("{} must be true or false", what));
    }

    const toml::array& as_array(const toml::node& node, std::string_view what) const {
        if (const auto* a = node.as_array()) return *a;
        fail(node.source(), fmt::format("{} must be an array", what));
    }

    Duration as_duration(const toml::node& node, std::string_view what) const {
        const std::string text = as_string(node, what);
        if (auto d = Duration::parse(text)) return *d;
        fail(node.source(), fmt::format("bad duration '{}' for {}: use Nm, Nh, Nd, Nbh or Nwd "
                                        "with N a positive whole number, e.g. \"3wd\"",
                                        text, what));
    }

    // A limit of a milestone: a duration, or "none" (the milestone is not tracked).
    void read_limit(const toml::node& node, std::string_view what, domain::Limits& limits,
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
        fail(node.source(), fmt::format("bad limit '{}' for {}: use Nm, Nh, Nd, Nbh or Nwd with N "
                                        "a positive whole number, e.g. \"3wd\", or \"none\"",
                                        text, what));
    }

    // A TOML integer from `min` to `max`; `kind` says which in messages ("a
    // positive whole number").
    int as_integer(const toml::node& node, std::string_view what, std::string_view kind,
                   std::int64_t min = std::numeric_limits<int>::min(),
                   std::int64_t max = std::numeric_limits<int>::max()) const {
        if (const auto* i = node.as_integer()) {
            if (i->get() < min || i->get() > max)
                fail(node.source(), fmt::format("{} must be {}, not {}", what, kind, i->get()));
            return static_cast<int>(i->get());
        }
        if (const auto* f = node.as_floating_point())
            fail(node.source(), fmt::format("{} must be {}, not {}", what, kind, f->get()));
        if (const auto* s = node.as_string())
            fail(node.source(),
                 fmt::format("{} must be {}, written without quotes (not the string \"{}\")", what,
                             kind, s->get()));
        fail(node.source(), fmt::format("{} must be {}", what, kind));
    }

    std::chrono::year_month_day as_date(const toml::node& node, std::string_view what) const {
        const auto* d = node.as_date();
        if (!d)
            fail(node.source(), fmt::format("{} must be a date like 2026-10-01 (no quotes)", what));
        const toml::date v = d->get();
        const std::chrono::year_month_day ymd{std::chrono::year{v.year},
                                              std::chrono::month{v.month}, std::chrono::day{v.day}};
        if (!ymd.ok()) fail(node.source(), fmt::format("{} is not a real date", what));
        return ymd;
    }

    domain::Limits read_limits(const toml::node& node, std::string_view where) const {
        const auto& table = as_table(node, where);
        // `hold` is a milestone, but its one limit lives elsewhere: say where.
        for (auto&& [key, value] : table)
            if (key.str() == domain::to_string(Milestone::hold))
                fail(key.source(), fmt::format("'hold' takes no limit in {}: the review of long "
                                               "holds is set by [hold] review_after",
                                               where));
        allow_keys(table, where, {"acknowledge", "assign", "investigate", "resolve", "revisit"});
        domain::Limits limits;
        for (const Milestone m : domain::k_limited_milestones)
            if (const toml::node* value = table.get(domain::to_string(m)))
                read_limit(*value, fmt::format("{}.{}", where, domain::to_string(m)), limits, m);
        return limits;
    }

    static bool is_name(std::string_view name) {
        return !name.empty() && std::all_of(name.begin(), name.end(), [](char c) {
            return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
        });
    }

    static int minutes_of(std::string_view hhmm) {
        if (hhmm.size() != 5 || hhmm[2] != ':') return -1;
        for (const std::size_t i : {0u, 1u, 3u, 4u})
            if (hhmm[i] < '0' || hhmm[i] > '9') return -1;
        const int h = (hhmm[0] - '0') * 10 + (hhmm[1] - '0');
        const int m = (hhmm[3] - '0') * 10 + (hhmm[4] - '0');
        if (m > 59 || h > 24 || (h == 24 && m != 0)) return -1;
        return h * 60 + m;
    }

    void read_organization(const toml::node& node, domain::Policy& p) const {
        const auto& t = as_table(node, "[organization]");
        allow_keys(t, "[organization]", {"name", "timezone", "currency"});
        if (const auto* n = t.get("name")) p.organization_name = as_string(*n, "organization.name");
        if (const auto* n = t.get("currency")) {
            const std::string currency = as_string(*n, "organization.currency");
            const bool ok =
                currency.size() == 3 && std::all_of(currency.begin(), currency.end(),
                                                    [](char c) { return c >= 'A' && c <= 'Z'; });
            if (!ok)
                fail(n->source(),
                     fmt::format(
                         "bad currency '{}': use a three-letter ISO 4217 code such as \"CNY\"",
                         currency));
            p.currency = currency;
        }
        if (const auto* n = t.get("timezone")) {
            const std::string name = as_string(*n, "organization.timezone");
            auto zone = load_zone(name);
            if (!zone)
                fail(n->source(), fmt::format("unknown time zone '{}': use an IANA name such as "
                                              "\"Asia/Shanghai\" (see /usr/share/zoneinfo)",
                                              name));
            p.zone = *zone;
            p.timezone_setting = name;
        }
    }

    void read_calendar(const toml::node& node, domain::Policy& p) const {
        const auto& t = as_table(node, "[calendar]");
        allow_keys(t, "[calendar]", {"workdays", "hours", "holidays", "extra_workdays"});
        domain::Calendar& cal = p.calendar;
        if (const auto* n = t.get("workdays")) {
            constexpr std::array<std::string_view, 7> k_days{"sun", "mon", "tue", "wed",
                                                             "thu", "fri", "sat"};
            cal.workdays.fill(false);
            for (const auto& item : as_array(*n, "calendar.workdays")) {
                const std::string day = as_string(item, "a workday");
                const auto at = std::find(k_days.begin(), k_days.end(), day);
                if (at == k_days.end())
                    fail(item.source(), fmt::format("unknown weekday '{}': use mon, tue, wed, thu, "
                                                    "fri, sat or sun",
                                                    day));
                const auto index = static_cast<std::size_t>(at - k_days.begin());
                if (cal.workdays[index])
                    fail(item.source(), fmt::format("'{}' is listed twice", day));
                cal.workdays[index] = true;
            }
        }
        if (const auto* n = t.get("hours")) {
            cal.hours.clear();
            const auto& array = as_array(*n, "calendar.hours");
            if (array.empty()) fail(n->source(), "calendar.hours must list at least one interval");
            for (const auto& item : array) {
                const std::string text = as_string(item, "an interval of working hours");
                const auto dash = text.find('-');
                const int begin = dash == std::string::npos
                                      ? -1
                                      : minutes_of(std::string_view(text).substr(0, dash));
                const int end = dash == std::string::npos
                                    ? -1
                                    : minutes_of(std::string_view(text).substr(dash + 1));
                if (begin < 0 || end < 0)
                    fail(item.source(), fmt::format("bad working hours '{}': use \"HH:MM-HH:MM\", "
                                                    "e.g. \"09:00-12:00\"",
                                                    text));
                if (begin >= end)
                    fail(item.source(),
                         fmt::format("working hours '{}' end before they begin", text));
                if (!cal.hours.empty() && begin < cal.hours.back().end)
                    fail(item.source(), fmt::format("working hours '{}' overlap or come before the "
                                                    "previous interval: list them in order",
                                                    text));
                cal.hours.push_back({begin, end});
            }
        }
        const auto read_dates = [&](const char* key,
                                    std::vector<std::chrono::year_month_day>& out) {
            const auto* n = t.get(key);
            if (!n) return;
            out.clear();
            for (const auto& item : as_array(*n, fmt::format("calendar.{}", key)))
                out.push_back(as_date(item, fmt::format("each of calendar.{}", key)));
            std::sort(out.begin(), out.end());
            out.erase(std::unique(out.begin(), out.end()), out.end());
        };
        read_dates("holidays", cal.holidays);
        read_dates("extra_workdays", cal.extra_workdays);
        if (!cal.can_work())
            fail(node.source(),
                 "the calendar has no working days: list workdays or extra_workdays");
    }

    void read_limits_table(const toml::node& node, domain::Policy& p) const {
        const domain::Limits given = read_limits(node, "[limits]");
        for (const Milestone m : domain::k_limited_milestones) {
            if (!given.is_set(m)) continue;
            p.limits.none[static_cast<std::size_t>(m)] = given.is_none(m);
            p.limits[m] = given[m];
        }
    }

    std::vector<NamedEntry> read_entries(const toml::node& node, Table table) const {
        const std::string kind(domain::to_string(table));
        const auto& t = as_table(node, fmt::format("[{}]", kind));
        if (t.empty()) fail(node.source(), fmt::format("[{}] defines no entries", kind));
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
                fail(key->source(), fmt::format("bad {} name '{}': use lower-case letters, digits, "
                                                "'_' and '-'",
                                                kind, name));
            const auto& e = as_table(*value, where);
            switch (table) {
                case Table::kind:
                    allow_keys(e, where, {"label", "default", "limits", "close_on_resolve"});
                    break;
                case Table::severity:
                    allow_keys(e, where, {"label", "default", "limits", "rank"});
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
                    fail(n->source(),
                         fmt::format("more than one {} is marked default = true", kind));
                if (entry.is_default) default_node = n;
            }
            if (const auto* n = e.get("limits")) entry.limits = read_limits(*n, where + " limits");
            if (const auto* n = e.get("close_on_resolve"))
                entry.close_on_resolve = as_bool(*n, where + " close_on_resolve");
            if (const auto* n = e.get("rank")) {
                entry.rank =
                    as_integer(*n, where + " rank", "a whole number from -1000000 to 1000000",
                               -1000000, 1000000);
                ranked = true;
            } else if (table == Table::severity && !unranked) {
                unranked = value;
                unranked_name = name;
            }
            if (const auto* n = e.get("department")) {
                entry.department = as_string(*n, where + " department");
                if (!m_departments->empty() &&
                    std::none_of(
                        m_departments->begin(), m_departments->end(),
                        [&](const domain::Department& d) { return d.key == entry.department; }))
                    fail(n->source(), fmt::format("unknown department '{}': define [department.{}]",
                                                  entry.department, entry.department));
            }
            if (table == Table::channel) {
                const auto* n = e.get("code");
                if (!n)
                    fail(value->source(),
                         fmt::format("{} needs a code, e.g. code = \"TEL\"", where));
                entry.code = as_string(*n, where + " code");
                const bool ok = entry.code.size() >= 2 && entry.code.size() <= 4 &&
                                std::all_of(entry.code.begin(), entry.code.end(),
                                            [](char c) { return c >= 'A' && c <= 'Z'; });
                if (!ok)
                    fail(n->source(), fmt::format("bad channel code '{}': use 2 to 4 upper-case "
                                                  "letters, e.g. \"TEL\"",
                                                  entry.code));
                if (!codes.insert(entry.code).second)
                    fail(n->source(), fmt::format("channel code '{}' is used twice", entry.code));
            }
            entries.push_back(std::move(entry));
        }
        // Without any rank, severities rank in the order of the file (1, 2, 3, ...), so a
        // policy written before ranks existed escalates as it reads. A partial ranking
        // would be a guess either way: refused.
        if (table == Table::severity && ranked && unranked)
            fail(unranked->source(),
                 fmt::format("[severity.{}] has no rank: once one severity sets rank, every one "
                             "must (without any rank, severities rank in the order of the file)",
                             unranked_name));
        if (table == Table::severity && !ranked)
            for (std::size_t i = 0; i < entries.size(); ++i)
                entries[i].rank = static_cast<int>(i) + 1;
        return entries;
    }

    static bool is_key(std::string_view key) {
        return !key.empty() && std::all_of(key.begin(), key.end(), [](char c) {
            return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                   c == '_' || c == '-' || c == '.';
        });
    }

    // One line of text without control characters: it may end up in an e-mail header.
    std::string as_line(const toml::node& node, std::string_view what) const {
        std::string text = as_string(node, what);
        if (std::any_of(text.begin(), text.end(),
                        [](char c) { return static_cast<unsigned char>(c) < 0x20; }))
            fail(node.source(), fmt::format("{} must be one line of text", what));
        return text;
    }

    std::string as_email(const toml::node& node, std::string_view what) const {
        std::string text = as_line(node, what);
        const auto at = text.find('@');
        if (at == std::string::npos || at == 0 || at + 1 == text.size() ||
            text.find_first_of(" <>,;\"\\") != std::string::npos)
            fail(node.source(), fmt::format("bad e-mail address '{}' for {}", text, what));
        return text;
    }

    // Keys of a table of records, in file order, with their tables.
    std::vector<std::pair<const toml::key*, const toml::table*>> records(
        const toml::node& node, std::string_view kind) const {
        const auto& t = as_table(node, fmt::format("[{}]", kind));
        std::vector<std::pair<const toml::key*, const toml::table*>> out;
        for (auto&& [key, value] : t) {
            if (!is_key(key.str()))
                fail(key.source(),
                     fmt::format("bad {} key '{}': use letters, digits, '_', '-' and '.'", kind,
                                 key.str()));
            out.emplace_back(&key, &as_table(value, fmt::format("[{}.{}]", kind, key.str())));
        }
        std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) {
            const auto& x = a.first->source().begin;
            const auto& y = b.first->source().begin;
            return std::tie(x.line, x.column) < std::tie(y.line, y.column);
        });
        return out;
    }

    void read_people_and_departments(const toml::table& root, domain::Policy& p) const {
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
                allow_keys(*t, where, {"name", "email", "department", "manager"});
                domain::Person person;
                person.key = std::string(key->str());
                person.name = person.key;
                if (const auto* v = t->get("name")) person.name = as_line(*v, where + " name");
                if (const auto* v = t->get("email")) person.email = as_email(*v, where + " email");
                if (const auto* v = t->get("department")) {
                    person.department = as_line(*v, where + " department");
                    if (!p.find_department(person.department))
                        fail(v->source(),
                             fmt::format("unknown department '{}': define [department.{}]",
                                         person.department, person.department));
                }
                if (const auto* v = t->get("manager"))
                    person.manager = as_line(*v, where + " manager");
                p.people.push_back(std::move(person));
            }
            // Managers are keys of [people], which may come later in the file.
            for (const auto& [key, t] : records(*n, "people")) {
                const auto* manager = t->get("manager");
                if (manager && !p.find_person(as_string(*manager, "manager")))
                    fail(manager->source(), fmt::format("unknown manager '{}': define [people.{}]",
                                                        as_string(*manager, "manager"),
                                                        as_string(*manager, "manager")));
            }
        }
        if (const auto* n = root.get("department")) {
            for (const auto& [key, t] : records(*n, "department")) {
                const auto* head = t->get("head");
                if (head && !p.find_person(as_string(*head, "head")))
                    fail(head->source(),
                         fmt::format("unknown head '{}': define [people.{}]",
                                     as_string(*head, "head"), as_string(*head, "head")));
            }
        }
    }

    void read_notify(const toml::node& node, domain::Policy& p) const {
        const auto& t = as_table(node, "[notify]");
        allow_keys(t, "[notify]", {"from", "repeat", "escalate_after"});
        if (const auto* v = t.get("from")) p.notify.from = as_email(*v, "notify.from");
        if (const auto* v = t.get("repeat")) p.notify.repeat = as_duration(*v, "notify.repeat");
        if (const auto* v = t.get("escalate_after"))
            p.notify.escalate_after = as_duration(*v, "notify.escalate_after");
    }

    void read_hold(const toml::node& node, domain::Policy& p) const {
        const auto& t = as_table(node, "[hold]");
        allow_keys(t, "[hold]", {"review_after"});
        if (const auto* v = t.get("review_after"))
            p.limits[Milestone::hold] = as_duration(*v, "hold.review_after");
    }

    void read_duplicates(const toml::node& node, domain::Policy& p) const {
        const auto& t = as_table(node, "[duplicates]");
        allow_keys(t, "[duplicates]", {"window"});
        const auto* v = t.get("window");
        if (!v) return;
        const Duration window = as_duration(*v, "duplicates.window");
        if (window.unit != domain::DurationUnit::minutes &&
            window.unit != domain::DurationUnit::hours && window.unit != domain::DurationUnit::days)
            fail(v->source(),
                 fmt::format("duplicates.window must be clock time (Nm, Nh or Nd), not '{}': "
                             "register looks back over it by the clock, not by working time",
                             window.to_string()));
        p.duplicate_window = window;
    }

    // `Ny` (N whole years, 1 to 100, no leading zero), or a duration.
    void read_acceptance(const toml::node& node, domain::Policy& p) const {
        const auto& t = as_table(node, "[acceptance]");
        allow_keys(t, "[acceptance]", {"time_bar"});
        const auto* v = t.get("time_bar");
        if (!v) return;
        const std::string text = as_string(*v, "acceptance.time_bar");
        if (auto d = Duration::parse(text)) {
            p.time_bar.duration = *d;
            return;
        }
        const std::string_view digits = std::string_view(text).substr(0, text.size() - 1);
        const bool years = text.size() >= 2 && text.size() <= 4 && text.back() == 'y' &&
                           digits.front() != '0' &&
                           std::all_of(digits.begin(), digits.end(),
                                       [](char c) { return c >= '0' && c <= '9'; }) &&
                           std::stoi(std::string(digits)) <= 100;
        if (!years)
            fail(v->source(), fmt::format("bad time bar '{}' for acceptance.time_bar: use Ny for N "
                                          "years (1 to 100), e.g. \"3y\", or a duration such as "
                                          "\"180d\"",
                                          text));
        p.time_bar.years = std::stoi(std::string(digits));
        p.time_bar.duration.reset();
    }

    // After the severities are read: `severity` must be one of them.
    void read_escalation(const toml::node& node, domain::Policy& p) const {
        const auto& t = as_table(node, "[escalation]");
        allow_keys(t, "[escalation]", {"reopen_threshold", "severity"});
        const auto* threshold = t.get("reopen_threshold");
        const auto* severity = t.get("severity");
        if (!threshold || !severity)
            fail(node.source(),
                 fmt::format("[escalation] needs both reopen_threshold and severity ({} missing), "
                             "e.g. reopen_threshold = 2 and severity = \"major\"",
                             !threshold && !severity ? "both are"
                             : !threshold            ? "reopen_threshold is"
                                                     : "severity is"));
        p.escalation.reopen_threshold =
            as_integer(*threshold, "escalation.reopen_threshold", "a positive whole number", 1);
        p.escalation.severity = as_string(*severity, "escalation.severity");
        if (!p.find(Table::severity, p.escalation.severity))
            fail(severity->source(),
                 fmt::format("unknown severity '{}' for escalation.severity (allowed: {})",
                             p.escalation.severity, p.allowed(Table::severity)));
    }

    domain::Policy read(std::string_view text) const {
        toml::table root;
        try {
            root = toml::parse(text, std::string_view(m_source));
        } catch (const toml::parse_error& e) {
            fail(e.source(), std::string(e.description()));
        }
        domain::Policy p = builtin();
        p.source = m_source;
        allow_keys(root, "the policy file",
                   {"organization", "calendar", "limits", "kind", "severity", "channel", "category",
                    "site", "cause", "outcome", "hold", "escalation", "duplicates", "acceptance",
                    "department", "people", "notify"});
        if (const auto* n = root.get("organization")) read_organization(*n, p);
        if (const auto* n = root.get("calendar")) read_calendar(*n, p);
        if (const auto* n = root.get("limits")) read_limits_table(*n, p);
        read_people_and_departments(root, p);
        if (const auto* n = root.get("notify")) read_notify(*n, p);
        if (const auto* n = root.get("hold")) read_hold(*n, p);
        if (const auto* n = root.get("duplicates")) read_duplicates(*n, p);
        if (const auto* n = root.get("acceptance")) read_acceptance(*n, p);
        const std::pair<const char*, Table> tables[] = {
            {"kind", Table::kind},       {"severity", Table::severity},
            {"channel", Table::channel}, {"category", Table::category},
            {"site", Table::site},       {"cause", Table::cause},
            {"outcome", Table::outcome}};
        for (const auto& [key, table] : tables) {
            const auto* n = root.get(key);
            if (!n) continue;
            m_departments = &p.departments;
            auto entries = read_entries(*n, table);
            switch (table) {
                case Table::kind:
                    p.kinds = std::move(entries);
                    break;
                case Table::severity:
                    p.severities = std::move(entries);
                    break;
                case Table::channel:
                    p.channels = std::move(entries);
                    break;
                case Table::category:
                    p.categories = std::move(entries);
                    break;
                case Table::site:
                    p.sites = std::move(entries);
                    break;
                case Table::cause:
                    p.causes = std::move(entries);
                    break;
                case Table::outcome:
                    p.outcomes = std::move(entries);
                    break;
            }
            if ((table == Table::kind || table == Table::severity) && !p.default_entry(table))
                fail(n->source(),
                     fmt::format("no default {0}: mark one with default = true, or name one '{1}'",
                                 key, table == Table::kind ? "complaint" : "general"));
        }
        if (const auto* n = root.get("escalation")) read_escalation(*n, p);
        return p;
    }

private:
    std::string m_source;
    mutable const std::vector<domain::Department>* m_departments = nullptr;
};

}  // namespace

domain::Policy parse(std::string_view text, const std::string& source) {
    return Reader(source).read(text);
}

domain::Policy load(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in)
        throw Error(ExitCode::no_input, fmt::format("cannot read policy file '{}'", path),
                    {"give an existing file with --policy or COMPLAINTS_POLICY, or run "
                     "'complaints init' to write a starter policy"});
    std::ostringstream text;
    text << in.rdbuf();
    return parse(text.str(), path);
}

}  // namespace complaints::policy
