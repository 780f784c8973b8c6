#pragma once

// What the JSON and the text of one complaint share (complaint_json.cpp,
// complaint.cpp): the latest event of a type, and the proposals of SPEC §11
// with their decisions. Private to the report module.

#include <complaints/domain/event.hpp>
#include <complaints/domain/translate.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace complaints::report::detail {

// The latest event of type `T`, or nullptr.
template <typename T>
const domain::Event* latest(const std::vector<domain::Event>* events) {
    if (!events) return nullptr;
    for (auto it = events->rbegin(); it != events->rend(); ++it)
        if (it->as<T>()) return &*it;
    return nullptr;
}

// One proposed resolution (SPEC §11) and what became of it.
struct Proposal {
    const domain::Event* proposed = nullptr;  // the resolve event that waits for approval
    const domain::Event* decided = nullptr;   // its approve or decline, if any
};

// Every proposal, in order: each resolve that waited for approval, with the
// approve or decline that followed it.
inline std::vector<Proposal> proposals_of(const std::vector<domain::Event>& events) {
    std::vector<Proposal> out;
    for (const auto& e : events) {
        const auto* r = e.as<domain::ResolveDetails>();
        if (r && r->awaiting_approval) {
            out.push_back({&e, nullptr});
        } else if ((e.as<domain::ApproveDetails>() || e.as<domain::DeclineDetails>()) &&
                   !out.empty() && !out.back().decided) {
            out.back().decided = &e;
        }
    }
    return out;
}

// The name of a proposal's decision (JSON's `decision`; `show` translates it).
inline const char* decision_of(const Proposal& p) {
    // TRANSLATORS: a proposed resolution not decided yet.
    if (!p.decided) return N_("pending");
    // TRANSLATORS: what became of a proposed resolution.
    return p.decided->as<domain::ApproveDetails>() ? N_("approved") : N_("declined");
}

inline std::optional<std::string> decision_note(const Proposal& p) {
    if (!p.decided) return std::nullopt;
    if (const auto* a = p.decided->as<domain::ApproveDetails>()) return a->note;
    return p.decided->as<domain::DeclineDetails>()->note;
}

}  // namespace complaints::report::detail
