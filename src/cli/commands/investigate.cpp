#include "../commands.hpp"

#include <fmt/format.h>

namespace complaints::cli {

namespace {

struct InvestigateOptions {
    std::string id, finding, cause, substantiated, at;
    bool complete = false;
};

}  // namespace

void add_investigate(CLI::App& command, Context& ctx) {
    auto o = std::make_shared<InvestigateOptions>();
    auto* cmd = &command;
    cmd->add_option("ID", o->id, "The complaint number")->required();
    cmd->add_option("--finding", o->finding, "What was found")->required();
    auto* cause = cmd->add_option("--cause", o->cause, "The root cause");
    auto* substantiated = cmd->add_option("--substantiated", o->substantiated,
                                          "Was the complaint justified: yes or no");
    cmd->add_flag("--complete", o->complete,
                  "The investigation is finished (meets the investigate milestone)");
    auto* at = cmd->add_option("--at", o->at, "When it happened (default: now)");
    cmd->footer(
        "Each call adds a finding.\n\nExample:\n"
        "  complaints investigate 20261123-TEL-001 --finding 'seal cracked in batch 42' \\\n"
        "      --cause 'supplier defect' --substantiated yes --complete");
    cmd->callback([&ctx, o, cause, substantiated, at] {
        domain::Finding request;
        request.text = o->finding;
        request.cause = opt(o->cause, cause);
        if (substantiated->count()) {
            if (o->substantiated == "yes")
                request.substantiated = true;
            else if (o->substantiated == "no")
                request.substantiated = false;
            else
                throw Error(ExitCode::usage,
                            fmt::format("bad value '{}' for --substantiated", o->substantiated),
                            {"use yes or no"});
        }
        request.complete = o->complete;
        change_complaint(ctx, o->id, opt(o->at, at),
                         [&](auto& c, const auto& policy, const auto& stamp) {
                             return domain::investigate(c, request, policy, stamp);
                         });
    });
}

}  // namespace complaints::cli
