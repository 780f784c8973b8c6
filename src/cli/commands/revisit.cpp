#include "../commands.hpp"

#include <fmt/format.h>

namespace complaints::cli {

namespace {

struct RevisitOptions {
    std::string id, result, note, at;
    int score = 0;
};

}  // namespace

void add_revisit(CLI::App& command, Context& ctx) {
    auto o = std::make_shared<RevisitOptions>();
    auto* cmd = &command;
    cmd->add_option("ID", o->id, "The complaint number")->required();
    cmd->add_option("--result", o->result, "satisfied, unsatisfied or unreachable")->required();
    auto* score = cmd->add_option("--score", o->score, "Satisfaction from 1 to 5");
    auto* note = cmd->add_option("--note", o->note, "What the customer said");
    auto* at = cmd->add_option("--at", o->at, "When it happened (default: now)");
    cmd->footer(
        "satisfied closes the complaint; unsatisfied reopens it (back to investigating,\n"
        "with a new resolve deadline); unreachable keeps it resolved, and closes it\n"
        "at the third unreachable call in a row.\n\n"
        "Example:\n  complaints revisit 20261123-TEL-001 --result satisfied --score 5");
    cmd->callback([&ctx, o, score, note, at] {
        domain::RevisitRequest request;
        const auto result = domain::revisit_result_from_string(o->result);
        if (!result)
            throw Error(ExitCode::data, fmt::format("unknown revisit result '{}'", o->result),
                        {"use satisfied, unsatisfied or unreachable"});
        request.result = *result;
        if (score->count()) request.score = o->score;
        request.note = opt(o->note, note);
        change_complaint(ctx, o->id, opt(o->at, at),
                         [&](auto& c, const auto& policy, const auto& stamp) {
                             return domain::revisit(c, request, policy, stamp);
                         });
    });
}

}  // namespace complaints::cli
