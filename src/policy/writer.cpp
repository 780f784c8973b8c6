#include <complaints/policy/policy_file.hpp>

#include <fmt/format.h>

#include <algorithm>

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

std::string inline_limits(const domain::Limits& limits) {
    std::string out;
    for (const Milestone m : domain::k_milestones) {
        if (!limits[m]) continue;
        out += fmt::format("{}{} = {}", out.empty() ? "" : ", ", domain::to_string(m),
                           quote(limits[m]->to_string()));
    }
    return "{ " + out + " }";
}

}  // namespace

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
    out += "[limits]\n";
    for (const Milestone m : domain::k_milestones)
        if (p.limits[m])
            out += fmt::format("{} = {}\n", domain::to_string(m), quote(p.limits[m]->to_string()));
    out += "\n";

    const std::pair<Table, std::string_view> tables[] = {
        {Table::kind,
         "Kinds of matter. A kind's, category's and severity's limits all apply;\n"
         "# the earliest deadline wins. default = true marks what register uses."},
        {Table::severity, "Severities."},
        {Table::channel, "Channels; code (2-4 capital letters) goes into complaint numbers."},
        {Table::category, "Categories; department is the default when assigning."},
    };
    for (const auto& [table, text] : tables) {
        say(text);
        for (const auto& e : p.entries(table)) {
            out += fmt::format("[{}.{}]\n", domain::to_string(table), key(e.name));
            out += fmt::format("label = {}\n", quote(e.label));
            if (e.is_default) out += "default = true\n";
            if (!e.code.empty()) out += fmt::format("code = {}\n", quote(e.code));
            if (!e.department.empty()) out += fmt::format("department = {}\n", quote(e.department));
            if (!e.limits.empty()) out += fmt::format("limits = {}\n", inline_limits(e.limits));
            out += "\n";
        }
    }
    if (!p.departments.empty())
        say("Departments; head (a key of [people]) is copied on escalated reminders.");
    for (const auto& d : p.departments) {
        out += fmt::format("[department.{}]\nlabel = {}\n", key(d.key), quote(d.label));
        if (!d.head.empty()) out += fmt::format("head = {}\n", quote(d.head));
        out += "\n";
    }
    if (!p.people.empty()) say("People: once listed, only they may act and be assigned.");
    for (const auto& person : p.people) {
        out += fmt::format("[people.{}]\nname = {}\n", key(person.key), quote(person.name));
        if (!person.email.empty()) out += fmt::format("email = {}\n", quote(person.email));
        if (!person.department.empty())
            out += fmt::format("department = {}\n", quote(person.department));
        if (!person.manager.empty()) out += fmt::format("manager = {}\n", quote(person.manager));
        out += "\n";
    }
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
