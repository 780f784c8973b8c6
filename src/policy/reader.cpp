// The policy file as a whole, the values of its keys, and its small tables;
// reader_tables.cpp and reader_people.cpp read the others.
#include "reader.hpp"

#include <complaints/domain/translate.hpp>
#include <complaints/policy/policy_file.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace complaints::policy {

namespace detail {

namespace {

using domain::Duration;
using domain::Milestone;
using domain::Table;

// SQLite's largest string or BLOB (SQLITE_MAX_LENGTH): the largest evidence file.
constexpr std::int64_t k_max_file = 1'000'000'000;

bool is_key(std::string_view key) {
    return !key.empty() && std::all_of(key.begin(), key.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
               c == '_' || c == '-' || c == '.';
    });
}

}  // namespace

void Reader::fail(const toml::source_region& where, const std::string& message) const {
    throw Error(
        ExitCode::config,
        fmt::format("{}:{}:{}: {}", m_source, where.begin.line, where.begin.column, message),
        {tr("see docs/policy.md, or check it with: complaints policy check FILE")});
}

void Reader::allow_keys(const toml::table& table, std::string_view where,
                        std::initializer_list<std::string_view> allowed) const {
    for (auto&& [key, node] : table) {
        if (std::find(allowed.begin(), allowed.end(), key.str()) != allowed.end()) continue;
        std::string names;
        for (const auto name : allowed)
            names += fmt::format("{}{}", names.empty() ? "" : ", ", name);
        // TRANSLATORS: the 1st {} is a policy key, the 2nd where it is ("[organization]" or "the
        // policy file"), the 3rd the allowed keys; keep them as they are.
        fail(key.source(), trf("unknown key '{}' in {} (allowed: {})", key.str(), where, names));
    }
}

const toml::table& Reader::as_table(const toml::node& node, std::string_view what) const {
    if (const auto* t = node.as_table()) return *t;
    fail(node.source(), trf("{} must be a table", what));
}

std::string Reader::as_string(const toml::node& node, std::string_view what) const {
    if (const auto* s = node.as_string()) return s->get();
    fail(node.source(), trf("{} must be a string", what));
}

bool Reader::as_bool(const toml::node& node, std::string_view what) const {
    if (const auto* b = node.as_boolean()) return b->get();
    fail(node.source(), trf("{} must be true or false", what));
}

const toml::array& Reader::as_array(const toml::node& node, std::string_view what) const {
    if (const auto* a = node.as_array()) return *a;
    fail(node.source(), trf("{} must be an array", what));
}

int Reader::as_integer(const toml::node& node, std::string_view what, std::string_view kind,
                       std::int64_t min, std::int64_t max) const {
    if (const auto* i = node.as_integer()) {
        if (i->get() < min || i->get() > max)
            // TRANSLATORS: the 1st {} is a policy key (e.g. escalation.reopen_threshold), the 2nd a
            // kind of number ("a positive whole number"), the 3rd the value in the file.
            fail(node.source(), trf("{} must be {}, not {}", what, kind, i->get()));
        return static_cast<int>(i->get());
    }
    if (const auto* f = node.as_floating_point())
        fail(node.source(), trf("{} must be {}, not {}", what, kind, f->get()));
    if (const auto* s = node.as_string())
        fail(node.source(), trf("{} must be {}, written without quotes (not the string \"{}\")",
                                what, kind, s->get()));
    fail(node.source(), trf("{} must be {}", what, kind));
}

std::chrono::year_month_day Reader::as_date(const toml::node& node, std::string_view what) const {
    const auto* d = node.as_date();
    if (!d) fail(node.source(), trf("{} must be a date like 2026-10-01 (no quotes)", what));
    const toml::date v = d->get();
    const std::chrono::year_month_day ymd{std::chrono::year{v.year}, std::chrono::month{v.month},
                                          std::chrono::day{v.day}};
    if (!ymd.ok()) fail(node.source(), trf("{} is not a real date", what));
    return ymd;
}

// One line of text without control characters: it may end up in an e-mail header.
std::string Reader::as_line(const toml::node& node, std::string_view what) const {
    std::string text = as_string(node, what);
    if (std::any_of(text.begin(), text.end(),
                    [](char c) { return static_cast<unsigned char>(c) < 0x20; }))
        fail(node.source(), trf("{} must be one line of text", what));
    return text;
}

std::string Reader::as_email(const toml::node& node, std::string_view what) const {
    std::string text = as_line(node, what);
    const auto at = text.find('@');
    if (at == std::string::npos || at == 0 || at + 1 == text.size() ||
        text.find_first_of(" <>,;\"\\") != std::string::npos)
        fail(node.source(), trf("bad e-mail address '{}' for {}", text, what));
    return text;
}

// Keys of a table of records, in file order, with their tables.
std::vector<std::pair<const toml::key*, const toml::table*>> Reader::records(
    const toml::node& node, std::string_view kind) const {
    const auto& t = as_table(node, fmt::format("[{}]", kind));
    std::vector<std::pair<const toml::key*, const toml::table*>> out;
    for (auto&& [key, value] : t) {
        if (!is_key(key.str()))
            fail(key.source(),
                 // TRANSLATORS: the 1st {} is a policy table key (department, people), not
                 // translated.
                 trf("bad {} key '{}': use letters, digits, '_', '-' and '.'", kind, key.str()));
        out.emplace_back(&key, &as_table(value, fmt::format("[{}.{}]", kind, key.str())));
    }
    std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) {
        const auto& x = a.first->source().begin;
        const auto& y = b.first->source().begin;
        return std::tie(x.line, x.column) < std::tie(y.line, y.column);
    });
    return out;
}

void Reader::read_organization(const toml::node& node, domain::Policy& p) const {
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
                 trf("bad currency '{}': use a three-letter ISO 4217 code such as \"CNY\"",
                     currency));
        p.currency = currency;
    }
    if (const auto* n = t.get("timezone")) {
        const std::string name = as_string(*n, "organization.timezone");
        auto zone = load_zone(name);
        if (!zone)
            fail(n->source(), trf("unknown time zone '{}': use an IANA name such as "
                                  "\"Asia/Shanghai\" (see /usr/share/zoneinfo)",
                                  name));
        p.zone = *zone;
        p.timezone_setting = name;
    }
}

void Reader::read_notify(const toml::node& node, domain::Policy& p) const {
    const auto& t = as_table(node, "[notify]");
    allow_keys(t, "[notify]", {"from", "repeat", "escalate_after"});
    if (const auto* v = t.get("from")) p.notify.from = as_email(*v, "notify.from");
    if (const auto* v = t.get("repeat")) p.notify.repeat = as_duration(*v, "notify.repeat");
    if (const auto* v = t.get("escalate_after"))
        p.notify.escalate_after = as_duration(*v, "notify.escalate_after");
}

void Reader::read_hold(const toml::node& node, domain::Policy& p) const {
    const auto& t = as_table(node, "[hold]");
    allow_keys(t, "[hold]", {"review_after"});
    if (const auto* v = t.get("review_after"))
        p.limits[Milestone::hold] = as_duration(*v, "hold.review_after");
}

void Reader::read_duplicates(const toml::node& node, domain::Policy& p) const {
    const auto& t = as_table(node, "[duplicates]");
    allow_keys(t, "[duplicates]", {"window"});
    const auto* v = t.get("window");
    if (!v) return;
    const Duration window = as_duration(*v, "duplicates.window");
    if (window.unit != domain::DurationUnit::minutes &&
        window.unit != domain::DurationUnit::hours && window.unit != domain::DurationUnit::days)
        fail(v->source(), trf("duplicates.window must be clock time (Nm, Nh or Nd), not '{}': "
                              "register looks back over it by the clock, not by working time",
                              window.to_string()));
    p.duplicate_window = window;
}

// `Ny` (N whole years, 1 to 100, no leading zero), or a duration.
domain::TimeBar Reader::read_span(const toml::node& node, std::string_view what,
                                  const std::string& where) const {
    const std::string text = as_string(node, where);
    domain::TimeBar span;
    if (auto d = Duration::parse(text)) {
        span.duration = *d;
        return span;
    }
    const std::string_view digits = std::string_view(text).substr(0, text.size() - 1);
    const bool years =
        text.size() >= 2 && text.size() <= 4 && text.back() == 'y' && digits.front() != '0' &&
        std::all_of(digits.begin(), digits.end(), [](char c) { return c >= '0' && c <= '9'; }) &&
        std::stoi(std::string(digits)) <= 100;
    if (!years)
        fail(node.source(), trf("bad {} '{}' for {}: use Ny for N years (1 to 100), "
                                "e.g. \"3y\", or a duration such as \"180d\"",
                                what, text, where));
    span.years = std::stoi(std::string(digits));
    return span;
}

void Reader::read_acceptance(const toml::node& node, domain::Policy& p) const {
    const auto& t = as_table(node, "[acceptance]");
    allow_keys(t, "[acceptance]", {"time_bar"});
    if (const auto* v = t.get("time_bar"))
        // TRANSLATORS: inserted as the 1st {} of "bad {} '{}' for {}: ...": the time bar of
        // acceptance (how old a complaint may be to be accepted).
        p.time_bar = read_span(*v, tr("time bar"), "acceptance.time_bar");
}

// `[retention] keep` (SPEC §12): how long final complaints keep personal data.
void Reader::read_retention(const toml::node& node, domain::Policy& p) const {
    const auto& t = as_table(node, "[retention]");
    allow_keys(t, "[retention]", {"keep"});
    if (const auto* v = t.get("keep"))
        // TRANSLATORS: inserted as the 1st {} of "bad {} '{}' for {}: ...": how long personal data
        // is kept (retention).
        p.retention.keep = read_span(*v, tr("keep period"), "retention.keep");
}

// After the severities are read: `severity` must be one of them.
void Reader::read_escalation(const toml::node& node, domain::Policy& p) const {
    const auto& t = as_table(node, "[escalation]");
    allow_keys(t, "[escalation]", {"reopen_threshold", "severity"});
    const auto* threshold = t.get("reopen_threshold");
    const auto* severity = t.get("severity");
    if (!threshold || !severity)
        fail(node.source(),
             !threshold && !severity
                 ? tr("[escalation] needs both reopen_threshold and severity (both are missing), "
                      "e.g. reopen_threshold = 2 and severity = \"major\"")
             : !threshold
                 ? tr("[escalation] needs both reopen_threshold and severity (reopen_threshold is "
                      "missing), e.g. reopen_threshold = 2 and severity = \"major\"")
                 : tr("[escalation] needs both reopen_threshold and severity (severity is "
                      "missing), e.g. reopen_threshold = 2 and severity = \"major\""));
    p.escalation.reopen_threshold =
        // TRANSLATORS: inserted as the 2nd {} of "{} must be {}, not {}".
        as_integer(*threshold, "escalation.reopen_threshold", tr("a positive whole number"), 1);
    p.escalation.severity = as_string(*severity, "escalation.severity");
    if (!p.find(Table::severity, p.escalation.severity))
        fail(severity->source(), trf("unknown severity '{}' for escalation.severity (allowed: {})",
                                     p.escalation.severity, p.allowed(Table::severity)));
}

// `N` followed by B, KB, MB or GB (binary multiples), positive, at most SQLite's
// largest value (a file is stored as one value).
void Reader::read_evidence(const toml::node& node, domain::Policy& p) const {
    const auto& t = as_table(node, "[evidence]");
    allow_keys(t, "[evidence]", {"max_file"});
    const auto* v = t.get("max_file");
    if (!v) return;
    if (!v->is_string())
        fail(v->source(), tr("evidence.max_file must be a size in quotes, e.g. \"20MB\""));
    const std::string text = as_string(*v, "evidence.max_file");
    std::size_t digits = 0;
    while (digits < text.size() && text[digits] >= '0' && text[digits] <= '9') ++digits;
    constexpr std::pair<std::string_view, std::int64_t> k_units[] = {
        {"B", 1}, {"KB", 1024}, {"MB", 1024 * 1024}, {"GB", 1024 * 1024 * 1024}};
    const auto unit = std::find_if(std::begin(k_units), std::end(k_units), [&](const auto& u) {
        return u.first == std::string_view(text).substr(digits);
    });
    if (digits == 0 || unit == std::end(k_units))
        fail(v->source(), trf("bad size '{}' for evidence.max_file: use N followed by B, "
                              "KB, MB or GB (multiples of 1024), e.g. \"20MB\"",
                              text));
    // More than 10 digits is above the largest size whatever the unit.
    if (digits > 10)
        fail(v->source(), trf("evidence.max_file '{}' is too large: at most {} bytes "
                              "(SQLite's largest value)",
                              text, k_max_file));
    const std::int64_t bytes = std::stoll(text.substr(0, digits)) * unit->second;
    if (bytes == 0) fail(v->source(), trf("evidence.max_file must be positive, not '{}'", text));
    if (bytes > k_max_file)
        fail(v->source(), trf("evidence.max_file '{}' is {} bytes, above {} bytes, "
                              "SQLite's largest value (a file is stored as one value)",
                              text, bytes, k_max_file));
    p.evidence.max_file = bytes;
}

domain::Policy Reader::read(std::string_view text) const {
    check_text(text);
    toml::table root;
    try {
        root = toml::parse(text, std::string_view(m_source));
    } catch (const toml::parse_error& e) {
        fail(e.source(), std::string(e.description()));
    }
    domain::Policy p = builtin();
    p.source = m_source;
    // TRANSLATORS: inserted as the 2nd {} of "unknown key '{}' in {} (allowed: {})".
    allow_keys(root, tr("the policy file"),
               {"organization", "calendar",   "limits",     "kind",       "severity",
                "channel",      "category",   "site",       "cause",      "outcome",
                "hold",         "escalation", "duplicates", "acceptance", "department",
                "people",       "notify",     "authority",  "evidence",   "retention"});
    if (const auto* n = root.get("organization")) read_organization(*n, p);
    if (const auto* n = root.get("calendar")) read_calendar(*n, p);
    if (const auto* n = root.get("limits")) read_limits_table(*n, p);
    read_people_and_departments(root, p);
    if (const auto* n = root.get("notify")) read_notify(*n, p);
    if (const auto* n = root.get("hold")) read_hold(*n, p);
    if (const auto* n = root.get("duplicates")) read_duplicates(*n, p);
    if (const auto* n = root.get("acceptance")) read_acceptance(*n, p);
    if (const auto* n = root.get("retention")) read_retention(*n, p);
    if (const auto* n = root.get("authority")) read_authority(*n, p);
    if (const auto* n = root.get("evidence")) read_evidence(*n, p);
    const std::pair<const char*, Table> tables[] = {
        {"kind", Table::kind},         {"severity", Table::severity}, {"channel", Table::channel},
        {"category", Table::category}, {"site", Table::site},         {"cause", Table::cause},
        {"outcome", Table::outcome}};
    for (const auto& [key, table] : tables) {
        const auto* n = root.get(key);
        if (!n) continue;
        auto entries = read_entries(*n, table, p.departments);
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
            // TRANSLATORS: {0} is a policy table key (kind, severity), {1} an entry name
            // (complaint, general): not translated.
            fail(n->source(), trf("no default {0}: mark one with default = true, or name one '{1}'",
                                  key, table == Table::kind ? "complaint" : "general"));
    }
    if (const auto* n = root.get("escalation")) read_escalation(*n, p);
    return p;
}

}  // namespace detail

domain::Policy parse(std::string_view text, const std::string& source) {
    return detail::Reader(source).read(text);
}

domain::Policy load(const std::string& path) {
    const std::vector<std::string> hints{
        tr("give an existing file with --policy or COMPLAINTS_POLICY, or run 'complaints init' to "
           "write a starter policy")};
    // A directory or a device opens and reads as empty, which would be the built-in
    // policy in silence: only a regular file (through symbolic links) is a policy.
    std::error_code error;
    const auto status = std::filesystem::status(path, error);
    if (status.type() == std::filesystem::file_type::not_found)
        throw Error(ExitCode::no_input, trf("cannot read policy file '{}': no such file", path),
                    hints);
    if (!error && status.type() != std::filesystem::file_type::regular)
        throw Error(ExitCode::no_input,
                    trf("cannot read policy file '{}': not a regular file ({})", path,
                        status.type() == std::filesystem::file_type::directory
                            // TRANSLATORS: inserted in "cannot read policy file '{}': not a regular
                            // file ({})".
                            ? tr("a directory")
                            : tr("a device, pipe or socket")),
                    hints);
    std::ifstream in(path, std::ios::binary);
    if (error || !in)
        throw Error(ExitCode::no_input, trf("cannot read policy file '{}'", path), hints);
    std::ostringstream text;
    text << in.rdbuf();
    if (in.bad()) throw Error(ExitCode::no_input, trf("cannot read policy file '{}'", path), hints);
    return parse(text.str(), path);
}

}  // namespace complaints::policy
