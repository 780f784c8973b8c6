#include "../commands.hpp"

#include <complaints/policy/policy_file.hpp>

#include <fmt/format.h>

#include <algorithm>

namespace complaints::cli {

namespace {

// "5wd", or "min(24h, 5wd)" when several limits apply and the earliest wins.
std::string effective(std::vector<domain::Duration> limits) {
    std::sort(limits.begin(), limits.end(), [](const auto& a, const auto& b) {
        return std::pair(a.unit, a.count) < std::pair(b.unit, b.count);
    });
    limits.erase(std::unique(limits.begin(), limits.end()), limits.end());
    if (limits.size() == 1) return limits.front().to_string();
    std::string out;
    for (const auto& d : limits) out += fmt::format("{}{}", out.empty() ? "" : ", ", d.to_string());
    return "min(" + out + ")";
}

}  // namespace

void add_policy(CLI::App& command, Context& ctx) {
    auto* cmd = &command;
    cmd->require_subcommand(1);
    cmd->footer(
        "Example:\n  complaints policy check examples/policies/bank.toml\n  complaints policy "
        "show");

    auto file = std::make_shared<std::optional<std::string>>();
    auto* check =
        cmd->add_subcommand("check", "Validate a policy file and print the limits that apply");
    check->add_option("FILE", *file, "The file (default: the policy in use)");
    check->footer(
        "Exit 0 when valid, 78 with FILE:LINE:COLUMN: message when not.\n\n"
        "Example:\n  complaints policy check examples/policies/bank.toml");
    check->callback([&ctx, file] {
        if (*file) ctx.options.policy = **file;
        const domain::Policy& p = ctx.policy();
        report::Table table;
        table.columns = {{"kind"},        {"category"}, {"severity"}, {"assign"},
                         {"investigate"}, {"resolve"},  {"revisit"}};
        for (const auto& kind : p.kinds)
            for (const auto& category : p.categories)
                for (const auto& severity : p.severities) {
                    std::vector<std::optional<std::string>> row{kind.name, category.name,
                                                                severity.name};
                    for (const auto m : domain::k_milestones)
                        row.push_back(effective(
                            p.applicable_limits(m, kind.name, category.name, severity.name)));
                    table.rows.push_back(std::move(row));
                }
        Context::notice(
            fmt::format("policy '{}' is valid (time zone {})", p.source, p.zone.name()));
        print_table(ctx, table);
    });

    auto* show = cmd->add_subcommand("show", "Print the policy in use as a policy file");
    show->footer("Example:\n  complaints policy show > complaints.toml");
    show->callback([&ctx] {
        ctx.format_for({"a policy (TOML)", false, false});
        Context::out(policy::to_toml(ctx.policy(), policy::Comments::none));
    });
}

}  // namespace complaints::cli
