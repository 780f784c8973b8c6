#pragma once

// Four eyes (SPEC §11): when a resolution needs approval, who may approve it,
// and the steps `approve` and `decline` of a proposed resolution.

#include <complaints/domain/lifecycle.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace complaints::domain {

// Why a resolution waits for approval, and who may give it.
struct ApprovalNeed {
    // The roles of `[authority] approvers` whose limit covers the amount, in
    // the order of that list; empty without `[people]` (then any other person
    // approves).
    std::vector<Role> approvers;
    // "8000.00 above agent limit 500.00", "major complaints need approval",
    // or both joined by "; ".
    std::string reason;

    // "supervisor or manager (8000.00 above agent limit 500.00)", or "another
    // person (major complaints need approval)" without `[people]`: what the
    // resolve event stores and `resolve` prints after "awaiting approval by".
    [[nodiscard]] std::string waits_for() const;
};

// Does a resolution of `amount` (none: 0) of a complaint of `severity`,
// proposed by `actor`, need approval? With `[people]`: when the amount is
// strictly above the limit of the actor's role, or the severity has
// `requires_approval`; without: only the latter. Throws `Error`
// (no_permission, 77) when it would need approval that no approver role's
// limit covers ("no approver may approve 90000.00: …"): such a proposal could
// never be decided.
std::optional<ApprovalNeed> approval_needed(const Policy& policy, std::string_view actor,
                                            std::string_view severity,
                                            const std::optional<Money>& amount);

// The three authority checks of `approve` and `decline`, in the order they
// are made.
enum class ApprovalCheck { role, limit, proposer };

// The first check `actor` fails to approve or decline a proposal of `amount`
// by `proposer`, and why ("li is an agent; approvers are supervisor,
// manager"); nullopt when every check passes. Without `[people]` only the
// proposer check is made. `verb` is "approve" or "decline".
struct ApprovalRefusal {
    ApprovalCheck check = ApprovalCheck::role;
    std::string reason;
    std::string hint;
};
std::optional<ApprovalRefusal> check_approver(const Policy& policy, std::string_view actor,
                                              const std::optional<Money>& amount,
                                              std::string_view proposer,
                                              std::string_view verb = "approve");

// `approve`: the proposal becomes the resolution (its time and author kept);
// the resolve milestone is met and the revisit clock starts at the approval
// (or the complaint closes when the revisit is not tracked). `decline`: the
// proposal is dropped and the complaint goes back to investigating. Both
// need a complaint awaiting approval (65) and an actor who passes
// `check_approver` (77, naming the failed check).
Event approve(Complaint& complaint, const std::optional<std::string>& note, const Policy& policy,
              const Stamp& stamp);
Event decline(Complaint& complaint, const std::string& note, const Policy& policy,
              const Stamp& stamp);

}  // namespace complaints::domain
