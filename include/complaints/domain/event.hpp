#pragma once

#include <complaints/domain/complaint.hpp>
#include <complaints/domain/milestone.hpp>
#include <complaints/domain/names.hpp>
#include <complaints/domain/time.hpp>
#include <complaints/domain/translate.hpp>

#include <nlohmann/json_fwd.hpp>

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
enum class EventType {
    registration,
    assign,
    investigate,
    resolve,
    revisit,
    remind,
    contact,
    reject,
    withdraw,
    hold,
    resume,
    edit,
    approve,
    decline,
    attach,
    anonymize,
    imported
};
template <>
struct EnumNames<EventType> {
    static constexpr std::array<std::string_view, 17> k_names{
        // TRANSLATORS: the steps of a complaint's history (verbs), shown in `show` and
        // in messages such as "cannot assign complaint X"; they are also the command
        // names, which are typed in English.
        N_("register"),  N_("assign"),  N_("investigate"), N_("resolve"),  N_("revisit"),
        N_("remind"),    N_("contact"), N_("reject"),      N_("withdraw"), N_("hold"),
        N_("resume"),    N_("edit"),    N_("approve"),     N_("decline"),  N_("attach"),
        N_("anonymize"), N_("import")};
};
constexpr std::string_view to_string(EventType type) {
    return name_of(type);
}

// Events that record something about a complaint without being a step of
// its handling (a reminder, an anonymisation, an import): they do not move
// the time of its latest step, so a step may still be backdated before them.
constexpr bool is_bookkeeping(EventType type) {
    return type == EventType::remind || type == EventType::anonymize || type == EventType::imported;
}

// `register`: everything the complaint was registered with, and the
// deadlines started (absent when the milestone is not tracked; no
// acknowledge deadline before version 4).
struct RegisterDetails {
    std::string kind, channel, category, severity;
    Customer customer;
    std::string summary;
    std::optional<std::string> description, demand, ref;
    std::optional<Instant> assign_due, resolve_due, acknowledge_due;
    std::optional<std::string> site;
    std::optional<std::string> possible_duplicate_of;
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

// `resolve`: the handling plan, and the revisit deadline it started. A plan
// that needs approval (SPEC §11) is a proposal: `awaiting_approval` says what
// it waits for (`supervisor or manager (8000.00 above agent limit 500.00)`),
// no revisit clock starts and nothing is closed until `approve`.
struct ResolveDetails {
    std::string plan;
    std::string outcome = "none";
    std::optional<Money> amount;
    std::string currency;
    std::optional<std::string> responsible;
    std::optional<Instant> revisit_due;  // absent when revisit is not tracked
    bool closed = false;                 // a kind that closes at resolve
    std::optional<std::string> awaiting_approval;
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

// `remind`: a reminder of one milestone handed to the mail command. With
// `approval` (SPEC §11), a reminder to a department head of a proposal
// awaiting approval: `milestone` is resolve and `due` the time proposed.
struct RemindDetails {
    Milestone milestone = Milestone::assign;
    Instant due{};
    std::string to;
    std::vector<std::string> cc;
    bool approval = false;
};

// `contact`: one contact with the customer; the first meets acknowledge.
struct ContactDetails {
    std::string via;  // a channel name
    Direction direction = Direction::out;
    std::string note;
    bool acknowledged = false;  // this contact met the acknowledge milestone
};

// `reject`: not accepted, on these grounds.
struct RejectDetails {
    RejectReason reason = RejectReason::other;
    std::optional<std::string> of;  // duplicate: the complaint it duplicates
    std::optional<std::string> note;
    std::optional<Instant> known_at;  // time_barred: when the customer knew of the harm
};

// `withdraw`: the customer withdrew the complaint.
struct WithdrawDetails {
    std::optional<std::string> note;
};

// `hold`: paused, from `from` (the status `resume` returns to).
struct HoldDetails {
    HoldReason reason = HoldReason::other;
    std::optional<std::string> note;
    Status from = Status::registered;
    std::optional<Instant> review_due;  // `[hold] review_after` after the hold
};

// One milestone's deadline moved by `resume` or recomputed by `edit`.
struct DeadlineChange {
    Milestone milestone = Milestone::assign;
    std::optional<Instant> from, to;
};

// `resume`: back to `to` after a hold of `held_seconds` clock time; the
// deadlines moved by it.
struct ResumeDetails {
    std::optional<std::string> note;
    Status to = Status::registered;
    std::int64_t held_seconds = 0;
    std::vector<DeadlineChange> deadlines;
};

// One field changed by `edit`: its name (`category`, `customer_contact`, …)
// with the old and the new value (null: absent).
struct FieldChange {
    std::string field;
    std::optional<std::string> from, to;
};

// `edit`: a correction or change (`--reason`), or an automatic escalation.
struct EditDetails {
    std::string reason;
    std::vector<FieldChange> changes;
    std::vector<DeadlineChange> deadlines;  // recomputed after a kind, category or severity change
};

// `approve`: the proposal of `proposed_by` becomes the resolution; the
// resolve milestone is met here and the revisit clock starts here.
struct ApproveDetails {
    std::optional<std::string> note;
    std::string proposed_by;
    std::optional<Money> amount;
    std::optional<Instant> revisit_due;  // absent when revisit is not tracked
    bool closed = false;                 // a kind that closes at resolve
};

// `decline`: the proposal of `proposed_by` is refused; back to investigating.
struct DeclineDetails {
    std::string note;
    std::string proposed_by;
};

// One file stored by `attach`: its base name, size in bytes, media type
// (`image/png`) and SHA-256 (64 lowercase hex digits).
struct EvidenceItem {
    std::string name;
    std::int64_t size = 0;
    std::string media_type;
    std::string sha256;
};

// `attach`: the files of one call, in the order given.
struct AttachDetails {
    std::vector<EvidenceItem> files;
    std::optional<std::string> note;
};

// `anonymize` (SPEC §12): the customer's personal data was erased, by the
// policy's keep period (`keep`, e.g. "3y") or at once for an erasure request
// (`reason`). `fields` names the fields erased or masked; `evidence_files`
// counts the files whose content was deleted (names, sizes and hashes stay).
struct AnonymizeDetails {
    std::optional<std::string> reason;
    std::optional<std::string> keep;
    std::vector<std::string> fields;
    std::int64_t evidence_files = 0;
};

// `import` (SPEC §13): the complaint was recreated here, with its whole
// history, from an export of another database (`source`: the file imported,
// or "-" for standard input). Changes nothing of the complaint.
struct ImportDetails {
    std::string source;
};

using EventDetails =
    std::variant<RegisterDetails, AssignDetails, InvestigateDetails, ResolveDetails, RevisitDetails,
                 RemindDetails, ContactDetails, RejectDetails, WithdrawDetails, HoldDetails,
                 ResumeDetails, EditDetails, ApproveDetails, DeclineDetails, AttachDetails,
                 AnonymizeDetails, ImportDetails>;
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
// The same as a JSON value (what `details_json` writes), for output that
// embeds it without writing and reading it again.
nlohmann::json details_value(const EventDetails& details);
// Reads details of `type` back from `json`; throws `Error` (ExitCode::io,
// "corrupt or newer database") when the text is not that shape.
EventDetails parse_details(EventType type, std::string_view json);
// The same for details that come from outside (`import`): nullopt, with the
// reason in `problem`, when `json` is not that shape.
std::optional<EventDetails> parse_details(EventType type, std::string_view json,
                                          std::string& problem);

}  // namespace complaints::domain
