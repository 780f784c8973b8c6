#include <complaints/policy/policy_file.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <cstdint>
#include <optional>
#include <utility>

namespace complaints::policy {

namespace {

using domain::Milestone;
using domain::Table;

// A TOML basic string: quotes, backslashes and control characters escaped.
std::string quote(std::string_view text) {
    std::string out = "\"";
    for (const char c : text) {
        switch (c) {
            case '"':
                out += "\\\"";
                break;
            case '\\':
                out += "\\\\";
                break;
            case '\n':
                out += "\\n";
                break;
            case '\t':
                out += "\\t";
                break;
            case '\r':
                out += "\\r";
                break;
            default:
                if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f)
                    out += fmt::format("\\u{:04X}", static_cast<unsigned>(c));
                else
                    out += c;
        }
    }
    return out + "\"";
}

// A table key: bare when TOML allows it, else quoted (`[people."li.wei"]`).
std::string key(std::string_view text) {
    const bool bare = !text.empty() && std::all_of(text.begin(), text.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
               c == '_' || c == '-';
    });
    return bare ? std::string(text) : quote(text);
}

std::string clock(int minutes) {
    return fmt::format("{:02}:{:02}", minutes / 60, minutes % 60);
}

std::string date(const std::chrono::year_month_day& d) {
    return fmt::format("{:04}-{:02}-{:02}", static_cast<int>(d.year()),
                       static_cast<unsigned>(d.month()), static_cast<unsigned>(d.day()));
}

// `"3wd"`, or `"none"`; empty when `m` is not set in `limits`.
std::string limit_value(const domain::Limits& limits, Milestone m) {
    if (limits.is_none(m)) return quote("none");
    return limits[m] ? quote(limits[m]->to_string()) : std::string();
}

std::string inline_limits(const domain::Limits& limits) {
    std::string out;
    for (const Milestone m : domain::k_limited_milestones) {
        if (!limits.is_set(m)) continue;
        out += fmt::format("{}{} = {}", out.empty() ? "" : ", ", domain::to_string(m),
                           limit_value(limits, m));
    }
    return "{ " + out + " }";
}

// "500.00", or "unlimited".
std::string limit_text(const std::optional<domain::Money>& limit) {
    return quote(limit ? limit->to_string() : "unlimited");
}

bool default_authority(const domain::Authority& authority) {
    return authority.limits == domain::Authority{}.limits &&
           authority.approvers == domain::Authority{}.approvers;
}

}  // namespace

std::string size_text(std::int64_t bytes) {
    constexpr std::pair<std::string_view, std::int64_t> k_units[] = {
        {"GB", 1024 * 1024 * 1024}, {"MB", 1024 * 1024}, {"KB", 1024}};
    for (const auto& [unit, size] : k_units)
        if (bytes % size == 0) return fmt::format("{}{}", bytes / size, unit);
    return fmt::format("{}B", bytes);
}

std::string to_toml(const domain::Policy& p, Comments comments) {
    const bool explain = comments == Comments::explain;
    std::string out;
    const auto say = [&](std::string_view text) {
        if (explain) out += fmt::format("# {}\n", text);
    };
    if (explain) {
        out +=
            "# complaints policy file. Every table and key is optional: what is left out\n"
            "# comes from the built-in policy. Check it with: complaints policy check\n"
            "# Reference: docs/policy.md\n\n";
    } else {
        out += fmt::format("# effective policy (from {})\n\n", p.source);
    }

    out += "[organization]\n";
    out += fmt::format("name = {}\n", quote(p.organization_name));
    const std::string& zone = p.timezone_setting.empty() ? p.zone.name() : p.timezone_setting;
    if (!p.timezone_setting.empty() || (!explain && load_zone(zone))) {
        out += fmt::format("timezone = {}\n", quote(zone));
    } else {
        say("The IANA time zone of your organisation; default: this system's zone.");
        out += fmt::format("# timezone = {}\n", quote(load_zone(zone) ? zone : "Asia/Shanghai"));
    }
    out += fmt::format("currency = {}\n\n", quote(p.currency));

    say("Working days and hours: Nbh and Nwd limits count only these.");
    say("holidays: days off; extra_workdays: non-workdays that are worked (make-up days).");
    out += "[calendar]\n";
    constexpr std::array<std::string_view, 7> k_days{"mon", "tue", "wed", "thu",
                                                     "fri", "sat", "sun"};
    std::string days;
    for (std::size_t i = 0; i < k_days.size(); ++i)
        if (p.calendar.workdays[(i + 1) % 7])
            days += fmt::format("{}{}", days.empty() ? "" : ", ", quote(k_days[i]));
    out += fmt::format("workdays = [{}]\n", days);
    std::string hours;
    for (const auto& span : p.calendar.hours)
        hours += fmt::format("{}\"{}-{}\"", hours.empty() ? "" : ", ", clock(span.begin),
                             clock(span.end));
    out += fmt::format("hours = [{}]\n", hours);
    const auto dates = [](const std::vector<std::chrono::year_month_day>& list) {
        std::string text;
        for (const auto& d : list) text += fmt::format("{}{}", text.empty() ? "" : ", ", date(d));
        return "[" + text + "]";
    };
    out += fmt::format("holidays = {}\n", dates(p.calendar.holidays));
    out += fmt::format("extra_workdays = {}\n\n", dates(p.calendar.extra_workdays));

    say("Default time limit of each milestone: Nm, Nh (clock), Nd (24 h days),");
    say("Nbh (working hours), Nwd (end of the N-th working day after the start).");
    say("acknowledge: telling the customer the complaint was received (met by the first");
    say("contact). \"none\": the milestone is not tracked; in a kind's, category's or");
    say("severity's limits, \"none\" wins over every other limit that applies.");
    out += "[limits]\n";
    for (const Milestone m : domain::k_limited_milestones)
        if (p.limits.is_set(m))
            out += fmt::format("{} = {}\n", domain::to_string(m), limit_value(p.limits, m));
    out += "\n";

    const std::pair<Table, std::string_view> tables[] = {
        {Table::kind,
         "Kinds of matter. A kind's, category's and severity's limits all apply;\n"
         "# the earliest deadline wins. default = true marks what register uses.\n"
         "# close_on_resolve = true: resolve closes the complaint; no revisit is tracked."},
        {Table::severity,
         "Severities. rank: higher is more severe (automatic escalation raises to a\n"
         "# higher rank); without any rank, severities rank in the order of the file.\n"
         "# requires_approval = true: every resolution is approved by a second person."},
        {Table::channel, "Channels; code (2-4 capital letters) goes into complaint numbers."},
        {Table::category, "Categories; department is the default when assigning."},
        {Table::site,
         "Sites (branches, stores, offices): once listed, register needs --site,\n"
         "# or uses the one marked default = true."},
        {Table::cause, "Root causes: once listed, investigate --cause must be one of them."},
        {Table::outcome,
         "Outcomes that resolve --outcome accepts; an [outcome] table replaces the\n"
         "# built-in list."},
    };
    // Commented-out examples of the optional tables that are empty.
    const auto example = [](Table table) -> std::string_view {
        switch (table) {
            case Table::site:
                return "# [site.downtown]\n# label = \"Downtown store\"\n# default = true\n";
            case Table::cause:
                return "# [cause.staff]\n# label = \"Staff conduct\"\n";
            default:
                return {};
        }
    };
    for (const auto& [table, text] : tables) {
        if (p.entries(table).empty()) {
            if (explain && !example(table).empty())
                out += fmt::format("# {}\n{}\n", text, example(table));
            continue;
        }
        say(text);
        for (const auto& e : p.entries(table)) {
            out += fmt::format("[{}.{}]\n", domain::to_string(table), key(e.name));
            out += fmt::format("label = {}\n", quote(e.label));
            if (e.is_default) out += "default = true\n";
            if (e.close_on_resolve) out += "close_on_resolve = true\n";
            if (table == Table::severity) out += fmt::format("rank = {}\n", e.rank);
            if (e.requires_approval) out += "requires_approval = true\n";
            if (e.keep) out += fmt::format("keep = {}\n", quote(e.keep->to_string()));
            if (!e.code.empty()) out += fmt::format("code = {}\n", quote(e.code));
            if (!e.department.empty()) out += fmt::format("department = {}\n", quote(e.department));
            if (!e.limits.empty()) out += fmt::format("limits = {}\n", inline_limits(e.limits));
            out += "\n";
        }
    }

    if (const auto& review = p.limits[Milestone::hold]) {
        say("A complaint on hold longer than review_after is overdue (milestone hold).");
        out += fmt::format("[hold]\nreview_after = {}\n\n", quote(review->to_string()));
    } else if (explain) {
        out +=
            "# A complaint on hold longer than review_after is overdue (milestone hold);\n"
            "# without it, long holds are not reviewed.\n"
            "# [hold]\n# review_after = \"10wd\"\n\n";
    }
    if (p.escalation.reopen_threshold) {
        say("The revisit that reopens a complaint for the reopen_threshold-th time raises");
        say("its severity to this one, when it ranks higher.");
        out += fmt::format("[escalation]\nreopen_threshold = {}\nseverity = {}\n\n",
                           *p.escalation.reopen_threshold, quote(p.escalation.severity));
    } else if (explain && !p.severities.empty()) {
        // The example escalates to the most severe severity, so it works uncommented.
        const auto top =
            std::max_element(p.severities.begin(), p.severities.end(),
                             [](const auto& a, const auto& b) { return a.rank < b.rank; });
        out += fmt::format(
            "# Automatic escalation: the revisit that reopens a complaint for the\n"
            "# reopen_threshold-th time raises its severity to this one, when it ranks higher.\n"
            "# [escalation]\n# reopen_threshold = 2\n# severity = {}\n\n",
            quote(top->name));
    }
    say("register warns of a possible duplicate received within this window before");
    say("(clock time: Nm, Nh or Nd).");
    out += fmt::format("[duplicates]\nwindow = {}\n\n", quote(p.duplicate_window.to_string()));
    say("reject --reason time_barred: how long after the customer knew of the harm a");
    say("complaint may still be accepted: Ny (years) or a duration.");
    out += fmt::format("[acceptance]\ntime_bar = {}\n\n", quote(p.time_bar.to_string()));
    if (p.retention.keep) {
        say("anonymize erases the personal data of complaints final for longer than");
        say("keep (Ny or a duration); [severity.X] keep overrides it per severity.");
        out += fmt::format("[retention]\nkeep = {}\n\n", quote(p.retention.keep->to_string()));
    } else if (explain) {
        out +=
            "# Retention: anonymize erases the personal data (names, contacts, orders,\n"
            "# descriptions, contact notes, evidence content) of complaints final for\n"
            "# longer than keep; [severity.X] keep = \"3y\" keeps important ones longer.\n"
            "# Unset: kept for ever.\n# [retention]\n# keep = \"1y\"\n\n";
    }
    if (!p.departments.empty())
        say("Departments; head (a key of [people]) is copied on escalated reminders.");
    for (const auto& d : p.departments) {
        out += fmt::format("[department.{}]\nlabel = {}\n", key(d.key), quote(d.label));
        if (!d.head.empty()) out += fmt::format("head = {}\n", quote(d.head));
        out += "\n";
    }
    if (!p.people.empty()) {
        say("People: once listed, only they may act and be assigned. role: agent,");
        say("supervisor, manager or viewer (changes nothing); see [authority].");
    }
    for (const auto& person : p.people) {
        out += fmt::format("[people.{}]\nname = {}\n", key(person.key), quote(person.name));
        if (!person.email.empty()) out += fmt::format("email = {}\n", quote(person.email));
        if (!person.department.empty())
            out += fmt::format("department = {}\n", quote(person.department));
        if (!person.manager.empty()) out += fmt::format("manager = {}\n", quote(person.manager));
        out += fmt::format("role = {}\n", quote(domain::name_of(person.role)));
        out += "\n";
    }
    if (!p.people.empty() || !default_authority(p.authority)) {
        say("Authority (with [people]): the largest amount each role settles without");
        say("approval (\"unlimited\": any amount), and the roles that approve the rest.");
        out += "[authority]\n";
        for (const auto role :
             {domain::Role::agent, domain::Role::supervisor, domain::Role::manager})
            out += fmt::format("{} = {}\n", domain::name_of(role),
                               limit_text(p.authority.limit(role)));
        std::string approvers;
        for (const auto role : p.authority.approvers)
            approvers +=
                fmt::format("{}{}", approvers.empty() ? "" : ", ", quote(domain::name_of(role)));
        out += fmt::format("approvers = [{}]\n\n", approvers);
    } else if (explain) {
        out +=
            "# Authority, once [people] gives each person a role (agent, supervisor,\n"
            "# manager or viewer): the largest amount each role settles without approval,\n"
            "# and the roles that approve the rest (a viewer changes nothing).\n"
            "# [authority]\n# agent = \"500.00\"\n# supervisor = \"5000.00\"\n"
            "# manager = \"unlimited\"\n# approvers = [\"supervisor\", \"manager\"]\n\n";
    }
    say("attach refuses a file larger than max_file (N followed by B, KB, MB or GB).");
    out += fmt::format("[evidence]\nmax_file = {}\n\n", quote(size_text(p.evidence.max_file)));
    say("Reminders (complaints remind): sender, no repeat within `repeat`, and the");
    say("head of the assignee's department gets a copy of the milestones overdue by more than");
    say("`escalate_after` (the head's manager, when the head is the one reminded).");
    out +=
        fmt::format("[notify]\nfrom = {}\nrepeat = {}\nescalate_after = {}\n", quote(p.notify.from),
                    quote(p.notify.repeat.to_string()), quote(p.notify.escalate_after.to_string()));
    while (out.size() >= 2 && out.ends_with("\n\n")) out.pop_back();
    return out;
}

}  // namespace complaints::policy
