#include "../commands.hpp"

namespace complaints::cli {

void add_reject(CLI::App& cmd, Context& ctx) {
    struct Options {
        StepOptions step;
        std::optional<domain::RejectReason> reason;  // required
        std::optional<std::string> of, note, known_at;
    };
    auto o = std::make_shared<Options>();
    cmd.add_option("--reason", o->reason, or_list(domain::all_names<domain::RejectReason>()))
        // TRANSLATORS: "unknown reason 'x'": the reason code of reject.
        ->transform(enum_names<domain::RejectReason>(N_("reason")))
        ->required();
    add_text_option(cmd, "--of", o->of,
                    tr("duplicate: the number of the complaint already registered"));
    add_text_option(cmd, "--note", o->note, tr("Why (required with --reason other)"));
    cmd.add_option("--known-at", o->known_at,
                   tr("time_barred: when the customer knew of the harm ([acceptance] time_bar)"));
    add_step_options(cmd, o->step);
    // TRANSLATORS: keep the reason codes, options and example lines as they are.
    cmd.footer(
        tr("Does not accept a complaint that is registered, assigned or investigating; it\n"
           "becomes rejected (final). The grounds, from the 12315 rules and \"one matter,\n"
           "one record\":\n"
           "  out_of_scope       not our matter, or outside our authority\n"
           "  handled_elsewhere  a court, arbitration body, regulator, consumer association\n"
           "                     or mediator has accepted or decided the same dispute\n"
           "  not_consumer       not a consumer purchase or use, or no dispute shown\n"
           "  time_barred        received more than [acceptance] time_bar (default 3y)\n"
           "                     after the customer knew of the harm: give --known-at\n"
           "  incomplete         name and contact, the party, the claim or the facts missing\n"
           "  duplicate          the same matter is registered already: give --of NUMBER\n"
           "  other              give --note\n\n"
           "Examples:\n"
           "  complaints reject 20261124-TEL-003 --reason duplicate --of 20261123-TEL-001\n"
           "  complaints reject 20261124-WEB-002 --reason time_barred --known-at 2022-05-01"));
    cmd.callback([&ctx, o] {
        domain::RejectRequest request;
        request.reason = *o->reason;
        request.note = o->note;
        if (o->known_at) request.known_at = ctx.parse_time("--known-at", *o->known_at);
        change_complaint(
            ctx, o->step.id, o->step.at, [&](auto& c, const auto& policy, const auto& stamp) {
                if (o->of) {
                    // The complaint it duplicates must exist (66), as stored.
                    const auto original = ctx.db(storage::Access::read).complaints().find(*o->of);
                    if (!original)
                        throw Error(ExitCode::no_input, trf("no complaint '{}' (--of)", *o->of),
                                    {tr("--of names the complaint registered first "
                                        "for the same matter")});
                    request.of = original->id;
                }
                return std::vector{domain::reject(c, request, policy, stamp)};
            });
    });
}

}  // namespace complaints::cli
