#include "../commands.hpp"

namespace complaints::cli {

void add_hold(CLI::App& cmd, Context& ctx) {
    struct Options {
        StepOptions step;
        std::optional<domain::HoldReason> reason;  // required
        std::optional<std::string> note;
    };
    auto o = std::make_shared<Options>();
    cmd.add_option("--reason", o->reason, or_list(domain::all_names<domain::HoldReason>()))
        ->transform(enum_names<domain::HoldReason>(N_("hold reason")))
        ->required();
    add_text_option(cmd, "--note", o->note, tr("What it waits for"));
    add_step_options(cmd, o->step);
    cmd.footer(tr(
        "Pauses a complaint that cannot progress (未了事宜): its clocks stop, it is in no\n"
        "overdue list or count, and only contact, resume, withdraw and edit are allowed\n"
        "until `complaints resume`. Allowed in registered, assigned, investigating and\n"
        "resolved. With [hold] review_after in the policy, a hold longer than that shows\n"
        "in report overdue and remind as milestone hold.\n\n"
        "Example:\n"
        "  complaints hold 20261123-TEL-001 --reason waiting_parts --note 'compressor ordered'"));
    cmd.callback([&ctx, o] {
        domain::HoldRequest request{*o->reason, o->note};
        change_complaint(ctx, o->step.id, o->step.at,
                         [&](auto& c, const auto& policy, const auto& stamp) {
                             return std::vector{domain::hold(c, request, policy, stamp)};
                         });
    });
}

void add_resume(CLI::App& cmd, Context& ctx) {
    add_note_step(
        cmd, ctx, tr("What came in"),
        tr("Returns a complaint on hold to the status it was held from. Every deadline\n"
           "that had started and is unmet moves later by the time held, in the unit of the\n"
           "limit that set it: working time for bh and wd limits, clock time for m, h, d.\n\n"
           "Example:\n  complaints resume 20261123-TEL-001 --note 'part arrived'"),
        domain::resume);
}

}  // namespace complaints::cli
