#include "../commands.hpp"

namespace complaints::cli {

namespace {

struct AssignOptions {
    std::string id, to, department, note, at;
};

}  // namespace

void add_assign(CLI::App& command, Context& ctx) {
    auto o = std::make_shared<AssignOptions>();
    auto* cmd = &command;
    cmd->add_option("ID", o->id, "The complaint number")->required();
    cmd->add_option("--to", o->to, "The person responsible")->required();
    auto* department = cmd->add_option("--department", o->department,
                                       "Their department (default: the category's)");
    auto* note = cmd->add_option("--note", o->note, "Why, or what to do first");
    auto* at = cmd->add_option("--at", o->at, "When it happened (default: now)");
    cmd->footer(
        "The first assignment meets the assign milestone and starts the investigate clock.\n\n"
        "Example:\n  complaints assign 20261123-TEL-001 --to zhang --department QC");
    cmd->callback([&ctx, o, department, note, at] {
        domain::Assignment request{o->to, opt(o->department, department), opt(o->note, note)};
        change_complaint(ctx, o->id, opt(o->at, at),
                         [&](auto& c, const auto& policy, const auto& stamp) {
                             return domain::assign(c, request, policy, stamp);
                         });
    });
}

}  // namespace complaints::cli
