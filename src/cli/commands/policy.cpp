#include "../commands.hpp"

#include <complaints/policy/policy_file.hpp>

#include <fmt/format.h>

#include <algorithm>

namespace complaints::cli {

namespace {

// "5wd", "min(24h, 5wd)" when several limits apply and the earliest wins, or
// "none" when the milestone is not tracked.
std::string effective(std::vector<domain::Duration> limits) {
    if (limits.empty()) return "none";
    std::sort(limits.begin(), limits.end(), [](const auto& a, const auto& b) {
        return std::pair(a.unit, a.count) < std::pair(b.unit, b.count);
    });
    limits.erase(std::unique(limits.begin(), limits.end()), limits.end());
    if (limits.size() == 1) return limits.front().to_string();
    std::string out;
    for (const auto& d : limits) out += fmt::format("{}{}", out.empty() ? "" : ", ", d.to_string());
    return "min(" + out + ")";
}

// The rest of the policy that decides how complaints are handled, one
// `what: value` line each, for the text output of `policy check`.
std::string summary(const domain::Policy& p) {
    using domain::Table;
    // `what:` (in the user's language) and its value.
    std::vector<std::pair<std::string, std::string>> lines;
    std::string closing;
    for (const auto& kind : p.kinds)
        if (kind.close_on_resolve)
            closing += fmt::format("{}{}", closing.empty() ? "" : ", ", kind.name);
    lines.emplace_back(tr("close at resolve:"), closing.empty()
                                                    // TRANSLATORS: no value (policy check).
                                                    ? std::string(tr("none"))
                                                    : trf("{} (no revisit)", closing));
    std::string ranks;
    for (const auto& severity : p.severities)
        ranks += fmt::format("{}{} {}", ranks.empty() ? "" : ", ", severity.name, severity.rank);
    lines.emplace_back(tr("severity ranks:"), ranks);
    const domain::NamedEntry* site = p.default_entry(Table::site);
    lines.emplace_back(
        tr("sites:"), p.sites.empty()
                          ? std::string(tr("none (register takes no --site)"))
                          : p.allowed(Table::site) + (site ? trf("; default {}", site->name) : ""));
    lines.emplace_back(tr("causes:"), p.causes.empty() ? std::string(tr("any (no [cause] table)"))
                                                       : p.allowed(Table::cause));
    lines.emplace_back(tr("outcomes:"), p.allowed(Table::outcome));
    const auto& review = p.limits[domain::Milestone::hold];
    lines.emplace_back(tr("hold review:"),
                       review ? trf("after {} on hold", review->to_string())
                              : std::string(tr("none (long holds are not reviewed)")));
    std::string escalation = tr("none");
    if (p.escalation.reopen_threshold) {
        const std::string& to = p.escalation.severity;
        const std::string label = p.label(Table::severity, to);
        escalation =
            trf("to {}{} when reopened {} times or more", to,
                label == to ? "" : fmt::format(" ({})", label), *p.escalation.reopen_threshold);
    }
    lines.emplace_back(tr("escalation:"), escalation);
    lines.emplace_back(tr("duplicate window:"), p.duplicate_window.to_string());
    lines.emplace_back(tr("time bar:"), p.time_bar.to_string());
    lines.emplace_back(tr("evidence files:"),
                       trf("up to {} each", policy::size_text(p.evidence.max_file)));
    // Padded by display width: a Chinese character takes two columns.
    int width = 0;
    for (const auto& line : lines) width = std::max(width, report::display_width(line.first));
    std::string out;
    for (const auto& [what, value] : lines)
        out += fmt::format("{}  {}\n", report::pad(what, width, report::Align::left), value);
    return out;
}

// "major (重大)": a severity with its label, when it has a different one.
std::string severity_name(const domain::Policy& p, const std::string& name) {
    const std::string label = p.label(domain::Table::severity, name);
    return label == name ? name : fmt::format("{} ({})", name, label);
}

// Who may settle and approve what (SPEC §11), for people: one line per role,
// then the severities that need approval and the people with their roles;
// warnings where a proposal could not be approved.
std::string authority(const domain::Policy& p) {
    using domain::Role;
    const domain::Authority& a = p.authority;
    std::string severities;
    for (const auto& severity : p.severities)
        if (severity.requires_approval)
            severities += fmt::format("{}{}", severities.empty() ? "" : ", ",
                                      severity_name(p, severity.name));
    std::string out = std::string(tr("authority:")) + "\n";
    if (p.people.empty()) {
        out += "  " +
               (severities.empty()
                    ? std::string(tr("no [people]: anyone may act; amounts need no approval, and "
                                     "no severity requires it"))
                    : trf("no [people]: anyone may act; amounts need no approval, but a "
                          "resolution of severity {} needs approval by a second, different "
                          "person",
                          severities)) +
               "\n";
        return out;
    }
    const auto amount = [](const std::optional<domain::Money>& limit) {
        return limit ? trf("up to {}", limit->to_string()) : std::string(tr("any amount"));
    };
    for (const Role role : domain::k_roles) {
        std::string what = tr("changes nothing");
        if (role != Role::viewer) {
            const auto& limit = a.limit(role);
            what = limit ? trf("settles up to {}", limit->to_string())
                         : std::string(tr("settles any amount"));
            what += a.approves(role) ? trf("; approves {}", amount(limit))
                                     : std::string(tr(" without approval"));
        }
        out += fmt::format("  {:<10}  {}\n", domain::name_of(role), what);
    }
    out += "  " +
           trf("approval needed for severity: {}",
               severities.empty() ? std::string(tr("none")) : severities) +
           "\n";
    std::string people;
    for (const auto& person : p.people)
        people += fmt::format("{}{} ({})", people.empty() ? "" : ", ", person.key,
                              domain::name_of(person.role));
    out += "  " + trf("people: {}", people) + "\n";
    // Warnings: proposals that nobody could approve.
    std::string approvers;
    for (const Role role : a.approvers)
        approvers += fmt::format("{}{}", approvers.empty() ? "" : ", ", domain::name_of(role));
    const bool anyone = std::any_of(p.people.begin(), p.people.end(),
                                    [&](const auto& person) { return a.approves(person.role); });
    if (!anyone)
        out += "  " +
               trf("warning: no person has an approving role ({}): nothing that needs "
                   "approval can be approved",
                   approvers) +
               "\n";
    const Role* largest = nullptr;  // the approver with the largest limit, when all have one
    for (const Role& role : a.approvers) {
        if (!a.limit(role)) {
            largest = nullptr;
            break;
        }
        if (!largest || a.limit(role)->minor > a.limit(*largest)->minor) largest = &role;
    }
    if (largest)
        out += "  " +
               trf("warning: no approver's limit is unlimited: amounts above {} "
                   "({} limit) cannot be approved",
                   a.limit(*largest)->to_string(), domain::name_of(*largest)) +
               "\n";
    return out;
}

}  // namespace

void add_policy(CLI::App& command, Context& ctx) {
    auto* cmd = &command;
    cmd->require_subcommand(1);
    cmd->footer(
        tr("Example:\n  complaints policy check examples/policies/bank.toml\n  complaints policy "
           "show"));

    auto file = std::make_shared<std::optional<std::string>>();
    auto* check =
        cmd->add_subcommand("check", tr("Validate a policy file and print the limits that apply"));
    check->add_option("FILE", *file,
                      tr("The file, or - for standard input (default: the policy in use)"));
    check->footer(
        tr("Exit 0 when valid, 78 with FILE:LINE:COLUMN: message when not.\n\n"
           "Example:\n  complaints policy check examples/policies/bank.toml"));
    check->callback([&ctx, file] {
        // `policy show | policy check -`: the policy from standard input.
        std::optional<domain::Policy> piped;
        if (*file == "-") {
            piped = policy::parse(read_stdin(), "stdin");
        } else if (*file && (*file)->empty()) {
            // An empty --policy means "beside the database, else built-in": not for a
            // file named to be checked.
            throw Error(ExitCode::no_input, tr("cannot read policy file '': no file named"),
                        {tr("give the policy file to check, or - for standard input")});
        } else if (*file) {
            ctx.options.policy = **file;
        }
        const domain::Policy& p = piped ? *piped : ctx.policy();
        report::Table table;
        table.columns = {{N_("kind")}, {N_("category")}, {N_("severity")}};
        for (const auto m : domain::k_limited_milestones)
            table.columns.emplace_back(std::string(domain::to_string(m)));
        for (const auto& kind : p.kinds)
            for (const auto& category : p.categories)
                for (const auto& severity : p.severities) {
                    std::vector<std::optional<std::string>> row{kind.name, category.name,
                                                                severity.name};
                    // By entry, not by name: a lookup by name is a linear search, which
                    // made this quadratic (17 s for 10,000 kinds).
                    for (const auto m : domain::k_limited_milestones)
                        row.push_back(
                            effective(p.applicable_limits(m, &kind, &category, &severity)));
                    table.rows.push_back(std::move(row));
                }
        Context::notice(trf("policy '{}' is valid (time zone {})", p.source, p.zone.name()));
        print_table(ctx, table);
        // The table is the machine-readable part; the rest is for people (and `policy show`).
        if (ctx.format() == Format::text) Context::out("\n" + summary(p) + "\n" + authority(p));
    });

    auto* show = cmd->add_subcommand("show", tr("Print the policy in use as a policy file"));
    show->footer(tr("Example:\n  complaints policy show > complaints.toml"));
    show->callback([&ctx] {
        ctx.format_for({N_("a policy (TOML)"), false, false});
        Context::out(policy::to_toml(ctx.policy(), policy::Comments::none));
    });
}

}  // namespace complaints::cli
