#pragma once

#include <complaints/domain/complaint.hpp>
#include <complaints/domain/milestone.hpp>
#include <complaints/domain/names.hpp>
#include <complaints/domain/time.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace complaints::domain {

// What an event records. Each type has one struct of details below, in the
// same order as this list (the index of `EventDetails`), and one JSON shape
// (docs/schema.md), written and read only by `details_json` and
// `parse_details` (event.cpp).
enum class EventType { registration, assign, investigate, resolve, revisit, remind };
template <>
struct EnumNames<EventType> {
    static constexpr std::array<std::string_view, 6> k_names{"register", "assign",  "investigate",
                                                             "resolve",  "revisit", "remind"};
};
constexpr std::string_view to_string(EventType type) {
    return name_of(type);
}

// `register`: everything the complaint was registered with, and the
// deadlines started.
struct RegisterDetails {
    std::string kind, channel, category, severity;
    Customer customer;
    std::string summary;
    std::optional<std::string> description, demand, ref;
    Instant assign_due{}, resolve_due{};
};

// `assign`: the first assignment starts the investigate clock; a later one is
// a reassignment (from the previous assignee).
struct AssignDetails {
    std::string to;
    std::optional<std::string> department, note;
    std::optional<Instant> investigate_due;  // first assignment only
    bool reassignment = false;
    std::optional<std::string> from;  // reassignment only
};

// `investigate`: one finding.
struct InvestigateDetails {
    std::string text;
    std::optional<std::string> cause;
    std::optional<bool> substantiated;
    bool complete = false;
};

// `resolve`: the handling plan, and the revisit deadline it started.
struct ResolveDetails {
    std::string plan;
    Outcome outcome = Outcome::none;
    std::optional<Money> amount;
    std::string currency;
    std::optional<std::string> responsible;
    Instant revisit_due{};
};

// `revisit`: one call back. Unsatisfied reopens (a new resolve deadline);
// unreachable counts attempts and closes at the last.
struct RevisitDetails {
    RevisitResult result = RevisitResult::satisfied;
    std::optional<int> score;
    std::optional<std::string> note;
    bool reopened = false;
    std::optional<Instant> resolve_due;  // reopened only
    std::optional<int> attempt;          // unreachable only
    bool closed = false;                 // the unreachable call that closed it
};

// `remind`: a reminder of one milestone handed to the mail command.
struct RemindDetails {
    Milestone milestone = Milestone::assign;
    Instant due{};
    std::string to;
    std::vector<std::string> cc;
};

using EventDetails = std::variant<RegisterDetails, AssignDetails, InvestigateDetails,
                                  ResolveDetails, RevisitDetails, RemindDetails>;
static_assert(std::variant_size_v<EventDetails> == k_count<EventType>);

// One change to a complaint, as recorded (append-only).
struct Event {
    std::int64_t seq = 0;   // 0 until stored
    Instant at{};           // when it happened (`--at`)
    Instant recorded_at{};  // when it was recorded
    std::string actor;
    EventDetails details;

    [[nodiscard]] EventType type() const { return static_cast<EventType>(details.index()); }
    // The details as `T`, or nullptr for an event of another type.
    template <typename T>
    [[nodiscard]] const T* as() const {
        return std::get_if<T>(&details);
    }
};

// The details as the compact JSON object stored in the event log (keys in
// byte order, absent conditional keys left out, optional values null).
std::string details_json(const EventDetails& details);
// Reads details of `type` back from `json`; throws `Error` (ExitCode::io,
// "corrupt or newer database") when the text is not that shape.
EventDetails parse_details(EventType type, std::string_view json);

}  // namespace complaints::domain
