#include "../commands.hpp"
#include "../numbers.hpp"

#include <limits>

namespace complaints::cli {

namespace {

struct RevisitOptions {
    StepOptions step;
    domain::RevisitRequest request;
    std::optional<domain::RevisitResult> result;  // required
};

}  // namespace

void add_revisit(CLI::App& cmd, Context& ctx) {
    auto o = std::make_shared<RevisitOptions>();
    cmd.add_option("--result", o->result, or_list(domain::all_names<domain::RevisitResult>()))
        ->transform(enum_names<domain::RevisitResult>(N_("revisit result")))
        ->required();
    cmd.add_option("--score", o->request.score, tr("Satisfaction from 1 to 5"))
        ->transform(strict_whole_number(N_("a whole number from 1 to 5"), 0,
                                        std::numeric_limits<int>::max()));
    add_text_option(cmd, "--note", o->request.note, tr("What the customer said"));
    add_step_options(cmd, o->step);
    cmd.footer(
        tr("satisfied closes the complaint; unsatisfied reopens it (back to investigating,\n"
           "with a new resolve deadline); unreachable keeps it resolved, and closes it\n"
           "at the third unreachable call in a row. With [escalation] in the policy, the\n"
           "revisit that reopens it for the reopen_threshold-th time raises its severity.\n\n"
           "Example:\n  complaints revisit 20261123-TEL-001 --result satisfied --score 5"));
    cmd.callback([&ctx, o] {
        domain::RevisitRequest request = o->request;
        request.result = *o->result;
        change_complaint(ctx, o->step.id, o->step.at,
                         [&](auto& c, const auto& policy, const auto& stamp) {
                             return domain::revisit(c, request, policy, stamp);
                         });
    });
}

}  // namespace complaints::cli
