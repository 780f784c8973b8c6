#include <complaints/domain/error.hpp>
#include <complaints/domain/event.hpp>

#include <doctest/doctest.h>

#include "support.hpp"

#include <nlohmann/json.hpp>

#include <chrono>
#include <string>
#include <vector>

using namespace complaints;
using namespace complaints::domain;
using nlohmann::json;

using test_support::code_of;

using test_support::utc;

namespace {

// Every key of every type, Chinese text and characters JSON escapes included.
RegisterDetails full_register() {
    RegisterDetails d;
    d.kind = "complaint";
    d.channel = "phone";
    d.category = "product";
    d.severity = "major";
    d.customer = {"王芳", "138-0000-0000", "某某贸易有限公司", "SO-2026-0042"};
    d.summary = "搅拌机两分钟后停转";
    d.description = "line 1\nsaid \"no\" \\ 第二行";
    d.demand = "退款";
    d.ref = "crm-5531";
    d.assign_due = utc(2026, 11, 23, 10);
    d.resolve_due = utc(2026, 11, 27, 10, 30, 15);
    return d;
}

RegisterDetails minimal_register() {
    RegisterDetails d;
    d.kind = "complaint";
    d.channel = "phone";
    d.category = "product";
    d.severity = "general";
    d.customer.name = "Zhao Lei";
    d.summary = "s";
    d.assign_due = utc(2026, 11, 23, 10);
    d.resolve_due = utc(2026, 11, 27, 10);
    return d;
}

// Both conditional groups at once (no real step writes that, but each key
// must be written and read on its own terms).
AssignDetails full_assign() {
    return AssignDetails{"zhang", "QC", "call the customer first", utc(2026, 11, 26, 10),
                         true,    "liu"};
}

AssignDetails minimal_assign() {
    AssignDetails d;
    d.to = "zhang";
    return d;
}

InvestigateDetails full_investigate() {
    return InvestigateDetails{"motor overheats", "thermal fuse", true, true};
}

InvestigateDetails minimal_investigate() {
    InvestigateDetails d;
    d.text = "motor overheats";
    return d;
}

ResolveDetails full_resolve() {
    return ResolveDetails{"replace the blender", "compensation", Money{12850}, "CNY", "supplier",
                          utc(2026, 11, 24, 10)};
}

ResolveDetails minimal_resolve() {
    ResolveDetails d;
    d.plan = "p";
    d.currency = "CNY";
    d.revisit_due = utc(2026, 11, 24, 10);
    return d;
}

RevisitDetails full_revisit() {
    return RevisitDetails{RevisitResult::unreachable, 4, "no answer", true,
                          utc(2026, 11, 30, 10),      3, true};
}

RevisitDetails minimal_revisit() {
    return RevisitDetails{};  // satisfied, no score, no note
}

RemindDetails full_remind() {
    return RemindDetails{Milestone::revisit,
                         utc(2026, 11, 22, 2),
                         "zhou.min@acme.example",
                         {"li.na@acme.example", "wang@acme.example"}};
}

RemindDetails minimal_remind() {
    RemindDetails d;
    d.due = utc(2026, 11, 22, 2);
    d.to = "zhou.min@acme.example";
    return d;
}

// SPEC §10: the new keys of register and resolve, and the new types.
RegisterDetails v4_register() {
    RegisterDetails d = minimal_register();
    d.acknowledge_due = utc(2026, 11, 23, 10);
    d.site = "pudong";
    d.possible_duplicate_of = "20261120-TEL-001";
    return d;
}

// A kind that closes at resolve: no revisit deadline.
ResolveDetails closing_resolve() {
    ResolveDetails d = minimal_resolve();
    d.revisit_due.reset();
    d.closed = true;
    return d;
}

ContactDetails full_contact() {
    return ContactDetails{"email", Direction::in, "客户来电询问进度", true};
}

ContactDetails minimal_contact() {
    ContactDetails d;
    d.via = "phone";
    d.note = "n";
    return d;
}

RejectDetails full_reject() {
    // No real step writes `of` and `known_at` together; each is read on its own terms.
    return RejectDetails{RejectReason::time_barred, "20261120-TEL-001", "超过三年",
                         utc(2020, 1, 1, 4)};
}

RejectDetails minimal_reject() {
    RejectDetails d;
    d.reason = RejectReason::out_of_scope;
    return d;
}

WithdrawDetails full_withdraw() {
    return WithdrawDetails{"已自行解决"};
}

HoldDetails full_hold() {
    return HoldDetails{HoldReason::waiting_parts, "等配件", Status::investigating,
                       utc(2026, 12, 1, 10)};
}

HoldDetails minimal_hold() {
    return HoldDetails{};  // other, from registered, no review
}

ResumeDetails full_resume() {
    return ResumeDetails{"配件已到",
                         Status::resolved,
                         172800,
                         {{Milestone::acknowledge, utc(2026, 11, 24, 10), utc(2026, 11, 26, 10)},
                          {Milestone::resolve, utc(2026, 11, 30, 10), utc(2026, 12, 2, 10)}}};
}

ResumeDetails minimal_resume() {
    return ResumeDetails{};
}

EditDetails full_edit() {
    return EditDetails{"reopened 2 times",
                       {{"severity", "general", "urgent"},
                        {"customer_contact", "13800000000", std::nullopt},
                        {"customer_order", std::nullopt, "SO-1"}},
                       {{Milestone::resolve, utc(2026, 12, 1, 10), utc(2026, 11, 25, 10)},
                        {Milestone::investigate, utc(2026, 11, 27, 10), std::nullopt}}};
}

EditDetails minimal_edit() {
    EditDetails d;
    d.reason = "r";
    d.changes = {{"summary", "a", "b"}};
    return d;
}

struct Golden {
    const char* what;
    EventType type;
    EventDetails details;
    std::string json;
};

// The compatibility contract with existing databases: exactly these bytes.
std::vector<Golden> goldens() {
    return {
        {"register, full", EventType::registration, full_register(),
         R"json({"assign_due":"2026-11-23T10:00:00Z","category":"product","channel":"phone","customer":{"contact":"138-0000-0000","name":"王芳","order":"SO-2026-0042","organization":"某某贸易有限公司"},"demand":"退款","description":"line 1\nsaid \"no\" \\ 第二行","kind":"complaint","ref":"crm-5531","resolve_due":"2026-11-27T10:30:15Z","severity":"major","summary":"搅拌机两分钟后停转"})json"},
        {"register, minimal", EventType::registration, minimal_register(),
         R"json({"assign_due":"2026-11-23T10:00:00Z","category":"product","channel":"phone","customer":{"contact":null,"name":"Zhao Lei","order":null,"organization":null},"demand":null,"description":null,"kind":"complaint","ref":null,"resolve_due":"2026-11-27T10:00:00Z","severity":"general","summary":"s"})json"},
        {"assign, full", EventType::assign, full_assign(),
         R"json({"department":"QC","from":"liu","investigate_due":"2026-11-26T10:00:00Z","note":"call the customer first","reassignment":true,"to":"zhang"})json"},
        {"assign, minimal", EventType::assign, minimal_assign(),
         R"json({"department":null,"note":null,"to":"zhang"})json"},
        {"investigate, full", EventType::investigate, full_investigate(),
         R"json({"cause":"thermal fuse","complete":true,"substantiated":true,"text":"motor overheats"})json"},
        {"investigate, not substantiated", EventType::investigate,
         InvestigateDetails{"no fault found", std::nullopt, false, false},
         R"json({"cause":null,"complete":false,"substantiated":false,"text":"no fault found"})json"},
        {"investigate, minimal", EventType::investigate, minimal_investigate(),
         R"json({"cause":null,"complete":false,"substantiated":null,"text":"motor overheats"})json"},
        {"resolve, full", EventType::resolve, full_resolve(),
         R"json({"amount":"128.50","currency":"CNY","outcome":"compensation","plan":"replace the blender","responsible":"supplier","revisit_due":"2026-11-24T10:00:00Z"})json"},
        {"resolve, minimal", EventType::resolve, minimal_resolve(),
         R"json({"amount":null,"currency":"CNY","outcome":"none","plan":"p","responsible":null,"revisit_due":"2026-11-24T10:00:00Z"})json"},
        {"revisit, full", EventType::revisit, full_revisit(),
         R"json({"attempt":3,"closed":true,"note":"no answer","reopened":true,"resolve_due":"2026-11-30T10:00:00Z","result":"unreachable","score":4})json"},
        {"revisit, minimal", EventType::revisit, minimal_revisit(),
         R"json({"note":null,"result":"satisfied","score":null})json"},
        {"remind, full", EventType::remind, full_remind(),
         R"json({"cc":["li.na@acme.example","wang@acme.example"],"due":"2026-11-22T02:00:00Z","milestone":"revisit","to":"zhou.min@acme.example"})json"},
        {"remind, minimal", EventType::remind, minimal_remind(),
         R"json({"cc":[],"due":"2026-11-22T02:00:00Z","milestone":"assign","to":"zhou.min@acme.example"})json"},
        // SPEC §10. New keys are written only when they have a value, so that
        // the events above (and every stored one) keep their exact bytes.
        {"register, with the keys of version 4", EventType::registration, v4_register(),
         R"json({"acknowledge_due":"2026-11-23T10:00:00Z","assign_due":"2026-11-23T10:00:00Z","category":"product","channel":"phone","customer":{"contact":null,"name":"Zhao Lei","order":null,"organization":null},"demand":null,"description":null,"kind":"complaint","possible_duplicate_of":"20261120-TEL-001","ref":null,"resolve_due":"2026-11-27T10:00:00Z","severity":"general","site":"pudong","summary":"s"})json"},
        // SPEC §10: a deadline of a milestone not tracked ("none") is null.
        {"register, no assign or resolve deadline", EventType::registration,
         [] {
             RegisterDetails d = minimal_register();
             d.assign_due.reset();
             d.resolve_due.reset();
             return d;
         }(),
         R"json({"assign_due":null,"category":"product","channel":"phone","customer":{"contact":null,"name":"Zhao Lei","order":null,"organization":null},"demand":null,"description":null,"kind":"complaint","ref":null,"resolve_due":null,"severity":"general","summary":"s"})json"},
        {"resolve, closing at resolve", EventType::resolve, closing_resolve(),
         R"json({"amount":null,"closed":true,"currency":"CNY","outcome":"none","plan":"p","responsible":null,"revisit_due":null})json"},
        {"contact, full", EventType::contact, full_contact(),
         R"json({"acknowledged":true,"direction":"in","note":"客户来电询问进度","via":"email"})json"},
        {"contact, minimal", EventType::contact, minimal_contact(),
         R"json({"direction":"out","note":"n","via":"phone"})json"},
        {"reject, full", EventType::reject, full_reject(),
         R"json({"known_at":"2020-01-01T04:00:00Z","note":"超过三年","of":"20261120-TEL-001","reason":"time_barred"})json"},
        {"reject, minimal", EventType::reject, minimal_reject(),
         R"json({"note":null,"of":null,"reason":"out_of_scope"})json"},
        {"withdraw, full", EventType::withdraw, full_withdraw(),
         R"json({"note":"已自行解决"})json"},
        {"withdraw, minimal", EventType::withdraw, WithdrawDetails{}, R"json({"note":null})json"},
        {"hold, full", EventType::hold, full_hold(),
         R"json({"from":"investigating","note":"等配件","reason":"waiting_parts","review_due":"2026-12-01T10:00:00Z"})json"},
        {"hold, minimal", EventType::hold, minimal_hold(),
         R"json({"from":"registered","note":null,"reason":"other"})json"},
        {"resume, full", EventType::resume, full_resume(),
         R"json({"deadlines":[{"from":"2026-11-24T10:00:00Z","milestone":"acknowledge","to":"2026-11-26T10:00:00Z"},{"from":"2026-11-30T10:00:00Z","milestone":"resolve","to":"2026-12-02T10:00:00Z"}],"held_seconds":172800,"note":"配件已到","to":"resolved"})json"},
        {"resume, minimal", EventType::resume, minimal_resume(),
         R"json({"deadlines":[],"held_seconds":0,"note":null,"to":"registered"})json"},
        {"edit, full", EventType::edit, full_edit(),
         R"json({"changes":[{"field":"severity","from":"general","to":"urgent"},{"field":"customer_contact","from":"13800000000","to":null},{"field":"customer_order","from":null,"to":"SO-1"}],"deadlines":[{"from":"2026-12-01T10:00:00Z","milestone":"resolve","to":"2026-11-25T10:00:00Z"},{"from":"2026-11-27T10:00:00Z","milestone":"investigate","to":null}],"reason":"reopened 2 times"})json"},
        {"edit, minimal", EventType::edit, minimal_edit(),
         R"json({"changes":[{"field":"summary","from":"a","to":"b"}],"deadlines":[],"reason":"r"})json"},
        // SPEC §11. A resolve that waits for approval says what it waits for.
        {"resolve, awaiting approval", EventType::resolve,
         [] {
             ResolveDetails d = closing_resolve();
             d.closed = false;
             d.amount = Money{800000};
             d.awaiting_approval = "supervisor or manager (8000.00 above agent limit 500.00)";
             return d;
         }(),
         R"json({"amount":"8000.00","awaiting_approval":"supervisor or manager (8000.00 above agent limit 500.00)","currency":"CNY","outcome":"none","plan":"p","responsible":null,"revisit_due":null})json"},
        {"approve, full", EventType::approve,
         ApproveDetails{"核对无误", "zhang", Money{800000}, utc(2026, 12, 3, 10), false},
         R"json({"amount":"8000.00","note":"核对无误","proposed_by":"zhang","revisit_due":"2026-12-03T10:00:00Z"})json"},
        {"approve, minimal (closing)", EventType::approve,
         ApproveDetails{std::nullopt, "zhang", std::nullopt, std::nullopt, true},
         R"json({"amount":null,"closed":true,"note":null,"proposed_by":"zhang","revisit_due":null})json"},
        {"decline, full", EventType::decline, DeclineDetails{"金额过高，请重新核算", "zhang"},
         R"json({"note":"金额过高，请重新核算","proposed_by":"zhang"})json"},
        {"decline, minimal", EventType::decline, DeclineDetails{"n", "z"},
         R"json({"note":"n","proposed_by":"z"})json"},
        {"attach, full", EventType::attach,
         AttachDetails{{{"订单记录.pdf", 1234, "application/pdf",
                         "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"},
                        {"photo.png", 0, "application/x-empty",
                         "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"}},
                       "客户提供"},
         R"json({"files":[{"media_type":"application/pdf","name":"订单记录.pdf","sha256":"e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855","size":1234},{"media_type":"application/x-empty","name":"photo.png","sha256":"e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855","size":0}],"note":"客户提供"})json"},
        {"attach, minimal", EventType::attach, AttachDetails{},
         R"json({"files":[],"note":null})json"},
        {"anonymize, full (erasure request)", EventType::anonymize,
         AnonymizeDetails{
             "客户要求删除",
             std::nullopt,
             {"customer_name", "customer_contact", "customer_order", "description", "contact_note"},
             2},
         R"json({"evidence_files":2,"fields":["customer_name","customer_contact","customer_order","description","contact_note"],"keep":null,"reason":"客户要求删除"})json"},
        {"anonymize, minimal (keep expired)", EventType::anonymize,
         AnonymizeDetails{std::nullopt, "3y", {}, 0},
         R"json({"evidence_files":0,"fields":[],"keep":"3y","reason":null})json"},
        {"import, from a file", EventType::imported, ImportDetails{"site-a/2026.jsonl"},
         R"json({"source":"site-a/2026.jsonl"})json"},
        {"import, from standard input", EventType::imported, ImportDetails{"-"},
         R"json({"source":"-"})json"},
    };
}

// The examples of docs/schema.md ("Event details"), without the spaces the
// page adds for reading: what the manual's database holds.
struct Documented {
    EventType type;
    std::string json;
};

std::vector<Documented> documented() {
    return {
        {EventType::registration,
         R"json({"assign_due":"2026-11-23T10:00:00Z","category":"product","channel":"phone","customer":{"contact":null,"name":"Zhao Lei","order":null,"organization":null},"demand":null,"description":null,"kind":"complaint","ref":"crm-5531","resolve_due":"2026-11-27T10:00:00Z","severity":"general","summary":"Blender motor stops after 2 minutes"})json"},
        {EventType::assign,
         R"json({"department":"QC","investigate_due":"2026-11-26T10:00:00Z","note":"call the customer first","to":"wang"})json"},
        {EventType::assign,
         R"json({"department":"LOG","from":"liu","note":"liu is on leave","reassignment":true,"to":"chen"})json"},
        {EventType::investigate,
         R"json({"cause":null,"complete":false,"substantiated":null,"text":"motor overheats; thermal fuse trips"})json"},
        {EventType::resolve,
         R"json({"amount":null,"currency":"CNY","outcome":"exchange","plan":"replace the blender","responsible":null,"revisit_due":"2026-11-24T10:00:00Z"})json"},
        {EventType::revisit,
         R"json({"note":"wants a refund instead","reopened":true,"resolve_due":"2026-11-30T10:00:00Z","result":"unsatisfied","score":2})json"},
        {EventType::revisit,
         R"json({"attempt":3,"closed":true,"note":"no answer","result":"unreachable","score":null})json"},
        {EventType::remind,
         R"json({"cc":["li.na@acme.example"],"due":"2026-11-22T02:00:00Z","milestone":"resolve","to":"zhou.min@acme.example"})json"},
    };
}

// Field by field, so that a value lost on the way back names the field.
void check_same(const EventDetails& a, const EventDetails& b) {
    REQUIRE(a.index() == b.index());
    if (const auto* x = std::get_if<RegisterDetails>(&a)) {
        const auto& y = std::get<RegisterDetails>(b);
        CHECK(x->kind == y.kind);
        CHECK(x->channel == y.channel);
        CHECK(x->category == y.category);
        CHECK(x->severity == y.severity);
        CHECK(x->customer.name == y.customer.name);
        CHECK(x->customer.contact == y.customer.contact);
        CHECK(x->customer.organization == y.customer.organization);
        CHECK(x->customer.order == y.customer.order);
        CHECK(x->summary == y.summary);
        CHECK(x->description == y.description);
        CHECK(x->demand == y.demand);
        CHECK(x->ref == y.ref);
        CHECK(x->assign_due == y.assign_due);
        CHECK(x->resolve_due == y.resolve_due);
        CHECK(x->acknowledge_due == y.acknowledge_due);
        CHECK(x->site == y.site);
        CHECK(x->possible_duplicate_of == y.possible_duplicate_of);
    } else if (const auto* x = std::get_if<AssignDetails>(&a)) {
        const auto& y = std::get<AssignDetails>(b);
        CHECK(x->to == y.to);
        CHECK(x->department == y.department);
        CHECK(x->note == y.note);
        CHECK(x->investigate_due == y.investigate_due);
        CHECK(x->reassignment == y.reassignment);
        CHECK(x->from == y.from);
    } else if (const auto* x = std::get_if<InvestigateDetails>(&a)) {
        const auto& y = std::get<InvestigateDetails>(b);
        CHECK(x->text == y.text);
        CHECK(x->cause == y.cause);
        CHECK(x->substantiated == y.substantiated);
        CHECK(x->complete == y.complete);
    } else if (const auto* x = std::get_if<ResolveDetails>(&a)) {
        const auto& y = std::get<ResolveDetails>(b);
        CHECK(x->plan == y.plan);
        CHECK(x->outcome == y.outcome);
        CHECK(x->amount == y.amount);
        CHECK(x->currency == y.currency);
        CHECK(x->responsible == y.responsible);
        CHECK(x->revisit_due == y.revisit_due);
        CHECK(x->closed == y.closed);
        CHECK(x->awaiting_approval == y.awaiting_approval);
    } else if (const auto* x = std::get_if<RevisitDetails>(&a)) {
        const auto& y = std::get<RevisitDetails>(b);
        CHECK(x->result == y.result);
        CHECK(x->score == y.score);
        CHECK(x->note == y.note);
        CHECK(x->reopened == y.reopened);
        CHECK(x->resolve_due == y.resolve_due);
        CHECK(x->attempt == y.attempt);
        CHECK(x->closed == y.closed);
    } else if (const auto* x = std::get_if<RemindDetails>(&a)) {
        const auto& y = std::get<RemindDetails>(b);
        CHECK(x->milestone == y.milestone);
        CHECK(x->due == y.due);
        CHECK(x->to == y.to);
        CHECK(x->cc == y.cc);
        CHECK(x->approval == y.approval);
    } else if (const auto* x = std::get_if<ContactDetails>(&a)) {
        const auto& y = std::get<ContactDetails>(b);
        CHECK(x->via == y.via);
        CHECK(x->direction == y.direction);
        CHECK(x->note == y.note);
        CHECK(x->acknowledged == y.acknowledged);
    } else if (const auto* x = std::get_if<RejectDetails>(&a)) {
        const auto& y = std::get<RejectDetails>(b);
        CHECK(x->reason == y.reason);
        CHECK(x->of == y.of);
        CHECK(x->note == y.note);
        CHECK(x->known_at == y.known_at);
    } else if (const auto* x = std::get_if<WithdrawDetails>(&a)) {
        CHECK(x->note == std::get<WithdrawDetails>(b).note);
    } else if (const auto* x = std::get_if<HoldDetails>(&a)) {
        const auto& y = std::get<HoldDetails>(b);
        CHECK(x->reason == y.reason);
        CHECK(x->note == y.note);
        CHECK(x->from == y.from);
        CHECK(x->review_due == y.review_due);
    } else if (const auto* x = std::get_if<ResumeDetails>(&a)) {
        const auto& y = std::get<ResumeDetails>(b);
        CHECK(x->note == y.note);
        CHECK(x->to == y.to);
        CHECK(x->held_seconds == y.held_seconds);
        REQUIRE(x->deadlines.size() == y.deadlines.size());
        for (std::size_t i = 0; i < x->deadlines.size(); ++i) {
            CHECK(x->deadlines[i].milestone == y.deadlines[i].milestone);
            CHECK(x->deadlines[i].from == y.deadlines[i].from);
            CHECK(x->deadlines[i].to == y.deadlines[i].to);
        }
    } else if (const auto* x = std::get_if<EditDetails>(&a)) {
        const auto& y = std::get<EditDetails>(b);
        CHECK(x->reason == y.reason);
        REQUIRE(x->changes.size() == y.changes.size());
        for (std::size_t i = 0; i < x->changes.size(); ++i) {
            CHECK(x->changes[i].field == y.changes[i].field);
            CHECK(x->changes[i].from == y.changes[i].from);
            CHECK(x->changes[i].to == y.changes[i].to);
        }
        REQUIRE(x->deadlines.size() == y.deadlines.size());
        for (std::size_t i = 0; i < x->deadlines.size(); ++i) {
            CHECK(x->deadlines[i].milestone == y.deadlines[i].milestone);
            CHECK(x->deadlines[i].from == y.deadlines[i].from);
            CHECK(x->deadlines[i].to == y.deadlines[i].to);
        }
    } else if (const auto* x = std::get_if<ApproveDetails>(&a)) {
        const auto& y = std::get<ApproveDetails>(b);
        CHECK(x->note == y.note);
        CHECK(x->proposed_by == y.proposed_by);
        CHECK(x->amount == y.amount);
        CHECK(x->revisit_due == y.revisit_due);
        CHECK(x->closed == y.closed);
    } else if (const auto* x = std::get_if<DeclineDetails>(&a)) {
        const auto& y = std::get<DeclineDetails>(b);
        CHECK(x->note == y.note);
        CHECK(x->proposed_by == y.proposed_by);
    } else if (const auto* x = std::get_if<AttachDetails>(&a)) {
        const auto& y = std::get<AttachDetails>(b);
        CHECK(x->note == y.note);
        REQUIRE(x->files.size() == y.files.size());
        for (std::size_t i = 0; i < x->files.size(); ++i) {
            CHECK(x->files[i].name == y.files[i].name);
            CHECK(x->files[i].size == y.files[i].size);
            CHECK(x->files[i].media_type == y.files[i].media_type);
            CHECK(x->files[i].sha256 == y.files[i].sha256);
        }
    } else if (const auto* x = std::get_if<AnonymizeDetails>(&a)) {
        const auto& y = std::get<AnonymizeDetails>(b);
        CHECK(x->reason == y.reason);
        CHECK(x->keep == y.keep);
        CHECK(x->fields == y.fields);
        CHECK(x->evidence_files == y.evidence_files);
    } else if (const auto* x = std::get_if<ImportDetails>(&a)) {
        CHECK(x->source == std::get<ImportDetails>(b).source);
    } else {
        FAIL("a type without a comparison");
    }
}

// The keys written whatever the values (null when absent), and those written
// only in some cases, per type (docs/schema.md).
struct Keys {
    EventType type;
    std::vector<const char*> always, conditional;
};

const Keys k_keys[] = {
    {EventType::registration,
     {"kind", "channel", "category", "severity", "customer", "summary", "description", "demand",
      "ref", "assign_due", "resolve_due"},
     {"acknowledge_due", "site", "possible_duplicate_of"}},
    {EventType::assign, {"to", "department", "note"}, {"investigate_due", "reassignment", "from"}},
    {EventType::investigate, {"text", "cause", "substantiated", "complete"}, {}},
    {EventType::resolve,
     {"plan", "outcome", "amount", "currency", "responsible", "revisit_due"},
     {"closed"}},
    {EventType::revisit,
     {"result", "score", "note"},
     {"reopened", "resolve_due", "attempt", "closed"}},
    {EventType::remind, {"milestone", "due", "to", "cc"}, {}},
    {EventType::contact, {"via", "direction", "note"}, {"acknowledged"}},
    {EventType::reject, {"reason", "of", "note"}, {"known_at"}},
    {EventType::withdraw, {"note"}, {}},
    {EventType::hold, {"reason", "note", "from"}, {"review_due"}},
    {EventType::resume, {"note", "to", "held_seconds", "deadlines"}, {}},
    {EventType::edit, {"reason", "changes", "deadlines"}, {}},
    {EventType::approve, {"note", "proposed_by", "amount", "revisit_due"}, {"closed"}},
    {EventType::decline, {"note", "proposed_by"}, {}},
    {EventType::attach, {"files", "note"}, {}},
    {EventType::anonymize, {"reason", "keep", "fields", "evidence_files"}, {}},
    {EventType::imported, {"source"}, {}},
};

EventDetails full_of(EventType type) {
    switch (type) {
        case EventType::registration:
            return v4_register();
        case EventType::assign:
            return full_assign();
        case EventType::investigate:
            return full_investigate();
        case EventType::resolve:
            return closing_resolve();
        case EventType::revisit:
            return full_revisit();
        case EventType::remind:
            return full_remind();
        case EventType::contact:
            return full_contact();
        case EventType::reject:
            return full_reject();
        case EventType::withdraw:
            return full_withdraw();
        case EventType::hold:
            return full_hold();
        case EventType::resume:
            return full_resume();
        case EventType::edit:
            return full_edit();
        case EventType::approve:
            return ApproveDetails{"ok", "zhang", Money{100}, utc(2026, 12, 3, 10), true};
        case EventType::decline:
            return DeclineDetails{"too much", "zhang"};
        case EventType::attach:
            return AttachDetails{{{"a.txt", 3, "text/plain", "ab"}}, "n"};
        case EventType::anonymize:
            return AnonymizeDetails{"r", "1y", {"customer_name"}, 1};
        case EventType::imported:
            return ImportDetails{"a.jsonl"};
    }
    FAIL("unknown type");
    return {};
}

ExitCode parse_code(EventType type, const std::string& text) {
    return code_of([&] { (void)parse_details(type, text); });
}

}  // namespace

TEST_CASE("details_json") {
    SUBCASE("each type, full and minimal: exactly the stored text") {
        for (const Golden& g : goldens()) {
            CAPTURE(std::string(g.what));
            REQUIRE(static_cast<EventType>(g.details.index()) == g.type);
            CHECK(details_json(g.details) == g.json);
        }
    }
    SUBCASE("the examples of docs/schema.md are written back byte for byte") {
        for (const Documented& d : documented()) {
            CAPTURE(d.json);
            CHECK(details_json(parse_details(d.type, d.json)) == d.json);
        }
    }
    SUBCASE("every type has a full and a minimal golden") {
        std::vector<int> seen(k_count<EventType>, 0);
        for (const Golden& g : goldens()) ++seen[static_cast<std::size_t>(g.type)];
        for (const int n : seen) CHECK(n >= 2);
    }
    SUBCASE("each conditional key is written on its own") {
        AssignDetails first = minimal_assign();
        first.investigate_due = utc(2026, 11, 26, 10);
        CHECK(
            details_json(first) ==
            R"({"department":null,"investigate_due":"2026-11-26T10:00:00Z","note":null,"to":"zhang"})");
        AssignDetails again = minimal_assign();
        again.reassignment = true;
        CHECK(details_json(again) ==
              R"({"department":null,"note":null,"reassignment":true,"to":"zhang"})");
        AssignDetails from = minimal_assign();
        from.from = "liu";
        CHECK(details_json(from) == R"({"department":null,"from":"liu","note":null,"to":"zhang"})");

        RevisitDetails reopened;
        reopened.result = RevisitResult::unsatisfied;
        reopened.reopened = true;
        CHECK(details_json(reopened) ==
              R"({"note":null,"reopened":true,"result":"unsatisfied","score":null})");
        RevisitDetails due;
        due.resolve_due = utc(2026, 11, 30, 10);
        CHECK(
            details_json(due) ==
            R"({"note":null,"resolve_due":"2026-11-30T10:00:00Z","result":"satisfied","score":null})");
        RevisitDetails attempt;
        attempt.result = RevisitResult::unreachable;
        attempt.attempt = 1;
        CHECK(details_json(attempt) ==
              R"({"attempt":1,"note":null,"result":"unreachable","score":null})");
        RevisitDetails closed;
        closed.closed = true;
        CHECK(details_json(closed) ==
              R"({"closed":true,"note":null,"result":"satisfied","score":null})");
    }
}

TEST_CASE("parse_details") {
    SUBCASE("round trip: what details_json writes reads back the same") {
        for (const Golden& g : goldens()) {
            CAPTURE(std::string(g.what));
            const EventDetails back = parse_details(g.type, details_json(g.details));
            check_same(back, g.details);
            CHECK(details_json(back) == g.json);
        }
    }

    SUBCASE("not JSON") {
        for (const char* text : {"", "{", "not json", R"({"to":"x",})", R"({'to':'x'})"}) {
            CAPTURE(std::string(text));
            CHECK(parse_code(EventType::assign, text) == ExitCode::io);
        }
    }

    SUBCASE("a whole number out of the range of int is refused, not wrapped") {
        for (const char* text :
             {R"({"note":null,"result":"satisfied","score":4294967300})",
              R"({"note":null,"result":"satisfied","score":18446744073709551615})",
              R"({"note":null,"result":"satisfied","score":-4294967296})",
              R"({"attempt":4294967297,"note":null,"result":"unreachable","score":null})"}) {
            CAPTURE(std::string(text));
            CHECK(parse_code(EventType::revisit, text) == ExitCode::io);
        }
        CHECK_NOTHROW((void)parse_details(
            EventType::revisit, R"({"note":null,"result":"satisfied","score":2147483647})"));
    }

    SUBCASE("not an object") {
        for (const char* text : {"[]", R"(["to","x"])", R"("to")", "null", "42", "true"}) {
            CAPTURE(std::string(text));
            CHECK(parse_code(EventType::assign, text) == ExitCode::io);
        }
        // Nor the customer of a register event.
        json j = json::parse(details_json(minimal_register()));
        j["customer"] = "Zhao Lei";
        CHECK(parse_code(EventType::registration, j.dump()) == ExitCode::io);
    }

    SUBCASE("a key always written is missing: refused; a conditional one: read as absent") {
        for (const Keys& keys : k_keys) {
            const json full = json::parse(details_json(full_of(keys.type)));
            for (const char* key : keys.always) {
                CAPTURE(std::string(to_string(keys.type)));
                CAPTURE(std::string(key));
                json j = full;
                REQUIRE(j.erase(key) == 1);
                CHECK(parse_code(keys.type, j.dump()) == ExitCode::io);
            }
            for (const char* key : keys.conditional) {
                CAPTURE(std::string(to_string(keys.type)));
                CAPTURE(std::string(key));
                json j = full;
                REQUIRE(j.erase(key) == 1);
                CHECK_NOTHROW((void)parse_details(keys.type, j.dump()));
            }
        }
        // The customer's own keys.
        const json full = json::parse(details_json(full_register()));
        for (const char* key : {"name", "contact", "organization", "order"}) {
            CAPTURE(std::string(key));
            json j = full;
            REQUIRE(j["customer"].erase(key) == 1);
            CHECK(parse_code(EventType::registration, j.dump()) == ExitCode::io);
        }
        // The two named in the brief, literally.
        CHECK(
            parse_code(
                EventType::registration,
                R"({"assign_due":"2026-11-23T10:00:00Z","category":"product","channel":"phone","customer":{"contact":null,"name":"Zhao Lei","order":null,"organization":null},"demand":null,"description":null,"kind":"complaint","resolve_due":"2026-11-27T10:00:00Z","severity":"general","summary":"s"})") ==
            ExitCode::io);
        CHECK(parse_code(EventType::revisit, R"({"note":null,"result":"satisfied"})") ==
              ExitCode::io);
    }

    SUBCASE("a key of the wrong type") {
        struct Case {
            EventType type;
            const char* key;
            json value;
        };
        const Case cases[] = {
            {EventType::assign, "to", 7},
            {EventType::assign, "to", nullptr},
            {EventType::assign, "department", false},
            {EventType::assign, "from", 1},
            {EventType::assign, "reassignment", "true"},
            {EventType::assign, "investigate_due", 1764151200},
            {EventType::investigate, "complete", "yes"},
            {EventType::investigate, "complete", nullptr},
            {EventType::investigate, "substantiated", 1},
            {EventType::investigate, "text", json::array({"a"})},
            {EventType::registration, "ref", 5531},
            {EventType::registration, "summary", json::object()},
            {EventType::resolve, "plan", nullptr},
            {EventType::resolve, "currency", 156},
            {EventType::resolve, "outcome", 0},
            {EventType::revisit, "score", "4"},
            {EventType::revisit, "score", 4.5},
            {EventType::revisit, "attempt", "3"},
            {EventType::revisit, "closed", 1},
            {EventType::revisit, "reopened", "yes"},
            {EventType::remind, "cc", "li.na@acme.example"},
            {EventType::remind, "cc", json::array({"a@b", 7})},
            {EventType::remind, "to", json::array({"a@b"})},
        };
        for (const Case& c : cases) {
            CAPTURE(std::string(to_string(c.type)));
            CAPTURE(std::string(c.key));
            CAPTURE(c.value.dump());
            json j = json::parse(details_json(full_of(c.type)));
            j[c.key] = c.value;
            CHECK(parse_code(c.type, j.dump()) == ExitCode::io);
        }
        json j = json::parse(details_json(full_register()));
        j["customer"]["name"] = 1;
        CHECK(parse_code(EventType::registration, j.dump()) == ExitCode::io);
        // Literally, as named in the brief.
        CHECK(parse_code(EventType::assign, R"({"department":null,"note":null,"to":7})") ==
              ExitCode::io);
        CHECK(parse_code(EventType::investigate,
                         R"({"cause":null,"complete":"yes","substantiated":null,"text":"t"})") ==
              ExitCode::io);
    }

    SUBCASE("an unknown name") {
        // SPEC §10: an outcome is a name of the policy's outcome table, so any
        // text is read (the policy, not the event log, says what is allowed).
        CHECK(parse_code(EventType::revisit, R"({"note":null,"result":"maybe","score":null})") ==
              ExitCode::io);
        CHECK(parse_code(EventType::revisit, R"({"note":null,"result":"","score":null})") ==
              ExitCode::io);
        CHECK(parse_code(
                  EventType::remind,
                  R"({"cc":[],"due":"2026-11-22T02:00:00Z","milestone":"close","to":"a@b"})") ==
              ExitCode::io);
        // Every name this build knows is read.
        for (const Outcome outcome : k_outcomes) {
            const std::string o(name_of(outcome));
            ResolveDetails d = minimal_resolve();
            d.outcome = o;
            CHECK(std::get<ResolveDetails>(parse_details(EventType::resolve, details_json(d)))
                      .outcome == o);
        }
        for (const Milestone m : k_milestones) {
            RemindDetails d = minimal_remind();
            d.milestone = m;
            CHECK(std::get<RemindDetails>(parse_details(EventType::remind, details_json(d)))
                      .milestone == m);
        }
        for (const RevisitResult r : all_values<RevisitResult>()) {
            RevisitDetails d;
            d.result = r;
            CHECK(std::get<RevisitDetails>(parse_details(EventType::revisit, details_json(d)))
                      .result == r);
        }
    }

    SUBCASE("a malformed time") {
        struct Case {
            EventType type;
            const char* key;
            const char* value;
        };
        const Case cases[] = {
            {EventType::registration, "assign_due", "2026-11-23 10:00:00Z"},
            {EventType::registration, "resolve_due", "2026-11-27T10:00:00"},
            {EventType::registration, "resolve_due", "2026-11-27T10:00:00+08:00"},
            {EventType::assign, "investigate_due", "tomorrow"},
            {EventType::assign, "investigate_due", ""},
            {EventType::resolve, "revisit_due", "2026-13-24T10:00:00Z"},
            {EventType::revisit, "resolve_due", "2026-11-30T25:00:00Z"},
            {EventType::remind, "due", "2026-11-22"},
        };
        for (const Case& c : cases) {
            CAPTURE(std::string(c.key));
            CAPTURE(std::string(c.value));
            json j = json::parse(details_json(full_of(c.type)));
            j[c.key] = c.value;
            CHECK(parse_code(c.type, j.dump()) == ExitCode::io);
        }
    }

    SUBCASE("an amount that is not an amount") {
        for (const json& amount : {json("12.345"), json("-1.00"), json("1e3"), json("128,50"),
                                   json(""), json("abc"), json(128.5), json(12850)}) {
            CAPTURE(amount.dump());
            json j = json::parse(details_json(full_resolve()));
            j["amount"] = amount;
            CHECK(parse_code(EventType::resolve, j.dump()) == ExitCode::io);
        }
    }

    SUBCASE("the error says what and where") {
        try {
            (void)parse_details(EventType::revisit, R"({"note":null,"result":"satisfied"})");
            FAIL("expected an Error");
        } catch (const Error& e) {
            CHECK(e.code() == ExitCode::io);
            const std::string message = e.what();
            CHECK(message.find("revisit") != std::string::npos);
            CHECK(message.find("score") != std::string::npos);
        }
    }

    SUBCASE("unknown extra keys are ignored") {
        // A choice: events are append-only and never written back, so a key
        // this build does not know (say, one a newer version adds next to the
        // known ones) loses nothing by being skipped, and the event can still
        // be shown. What this build does need is checked strictly above.
        const std::string text =
            R"({"department":"QC","note":null,"priority":"high","to":"zhang","zz":{"nested":[1,2]}})";
        const EventDetails d = parse_details(EventType::assign, text);
        const auto& assign = std::get<AssignDetails>(d);
        CHECK(assign.to == "zhang");
        CHECK(assign.department == "QC");
        CHECK(details_json(d) == R"({"department":"QC","note":null,"to":"zhang"})");
        json customer = json::parse(details_json(minimal_register()));
        customer["customer"]["email"] = "zhao@example.com";
        CHECK(details_json(parse_details(EventType::registration, customer.dump())) ==
              details_json(minimal_register()));
    }

    SUBCASE("optional values may be null, conditional keys null or absent") {
        // What the writer leaves out may also be read back as null.
        const EventDetails d = parse_details(
            EventType::revisit,
            R"({"attempt":null,"closed":null,"note":null,"reopened":null,"resolve_due":null,"result":"satisfied","score":null})");
        CHECK(details_json(d) == details_json(minimal_revisit()));
    }
}

TEST_CASE("parse_details: events stored before SPEC §10") {
    // What version 3 wrote: no acknowledge_due, site or possible_duplicate_of
    // in register, no closed in resolve. They still read, with the new values
    // absent, and are written back byte for byte.
    const std::string old_register =
        R"json({"assign_due":"2026-11-23T10:00:00Z","category":"product","channel":"phone","customer":{"contact":null,"name":"Zhao Lei","order":null,"organization":null},"demand":null,"description":null,"kind":"complaint","ref":"crm-5531","resolve_due":"2026-11-27T10:00:00Z","severity":"general","summary":"Blender motor stops after 2 minutes"})json";
    const auto r = std::get<RegisterDetails>(parse_details(EventType::registration, old_register));
    CHECK_FALSE(r.acknowledge_due.has_value());
    CHECK_FALSE(r.site.has_value());
    CHECK_FALSE(r.possible_duplicate_of.has_value());
    CHECK(r.assign_due == utc(2026, 11, 23, 10));
    CHECK(details_json(r) == old_register);

    const std::string old_resolve =
        R"json({"amount":"128.50","currency":"CNY","outcome":"exchange","plan":"replace the blender","responsible":null,"revisit_due":"2026-11-24T10:00:00Z"})json";
    const auto s = std::get<ResolveDetails>(parse_details(EventType::resolve, old_resolve));
    CHECK_FALSE(s.closed);
    CHECK(s.revisit_due == utc(2026, 11, 24, 10));
    CHECK(s.outcome == "exchange");
    CHECK(details_json(s) == old_resolve);

    // An outcome is now a name of the policy's table: any text reads back.
    ResolveDetails voucher = minimal_resolve();
    voucher.outcome = "free_meal";
    CHECK(std::get<ResolveDetails>(parse_details(EventType::resolve, details_json(voucher)))
              .outcome == "free_meal");
}

TEST_CASE("parse_details: the new types refuse bad shapes") {
    struct Case {
        EventType type;
        const char* what;
        const char* json;
    };
    const Case cases[] = {
        {EventType::contact, "unknown direction",
         R"({"direction":"sideways","note":"n","via":"phone"})"},
        {EventType::contact, "no via", R"({"direction":"out","note":"n"})"},
        // A contact's note is null once `anonymize` erased it (SPEC §12).
        {EventType::contact, "note a number", R"({"direction":"out","note":1,"via":"phone"})"},
        {EventType::contact, "acknowledged not a boolean",
         R"({"acknowledged":"yes","direction":"out","note":"n","via":"phone"})"},
        {EventType::reject, "unknown reason", R"({"note":null,"of":null,"reason":"rude"})"},
        {EventType::reject, "no of", R"({"note":null,"reason":"out_of_scope"})"},
        {EventType::reject, "known_at not a time",
         R"({"known_at":"last year","note":null,"of":null,"reason":"time_barred"})"},
        {EventType::withdraw, "no note", R"({})"},
        {EventType::withdraw, "note a number", R"({"note":1})"},
        {EventType::hold, "unknown reason",
         R"({"from":"registered","note":null,"reason":"lunch"})"},
        {EventType::hold, "unknown from", R"({"from":"open","note":null,"reason":"other"})"},
        {EventType::hold, "no from", R"({"note":null,"reason":"other"})"},
        {EventType::resume, "no deadlines", R"({"held_seconds":0,"note":null,"to":"registered"})"},
        {EventType::resume, "deadlines not a list",
         R"({"deadlines":{},"held_seconds":0,"note":null,"to":"registered"})"},
        {EventType::resume, "held_seconds not whole",
         R"({"deadlines":[],"held_seconds":1.5,"note":null,"to":"registered"})"},
        {EventType::resume, "held_seconds text",
         R"({"deadlines":[],"held_seconds":"60","note":null,"to":"registered"})"},
        {EventType::resume, "unknown milestone",
         R"({"deadlines":[{"from":null,"milestone":"lunch","to":null}],"held_seconds":0,"note":null,"to":"registered"})"},
        {EventType::resume, "a deadline without from",
         R"({"deadlines":[{"milestone":"resolve","to":null}],"held_seconds":0,"note":null,"to":"registered"})"},
        {EventType::resume, "a deadline that is not an object",
         R"({"deadlines":["resolve"],"held_seconds":0,"note":null,"to":"registered"})"},
        {EventType::edit, "no reason", R"({"changes":[],"deadlines":[]})"},
        {EventType::edit, "changes not a list", R"({"changes":"x","deadlines":[],"reason":"r"})"},
        {EventType::edit, "a change without field",
         R"({"changes":[{"from":"a","to":"b"}],"deadlines":[],"reason":"r"})"},
        {EventType::edit, "a change value not text",
         R"({"changes":[{"field":"summary","from":1,"to":"b"}],"deadlines":[],"reason":"r"})"},
        {EventType::resolve, "awaiting_approval not text",
         R"({"amount":null,"awaiting_approval":true,"currency":"CNY","outcome":"none","plan":"p","responsible":null,"revisit_due":null})"},
        {EventType::approve, "no proposed_by", R"({"amount":null,"note":null,"revisit_due":null})"},
        {EventType::approve, "amount not an amount",
         R"({"amount":"12.345","note":null,"proposed_by":"z","revisit_due":null})"},
        {EventType::approve, "no revisit_due", R"({"amount":null,"note":null,"proposed_by":"z"})"},
        {EventType::decline, "note null", R"({"note":null,"proposed_by":"z"})"},
        {EventType::decline, "no proposed_by", R"({"note":"n"})"},
        {EventType::attach, "no files", R"({"note":null})"},
        {EventType::attach, "files not a list", R"({"files":{},"note":null})"},
        {EventType::attach, "a file without sha256",
         R"({"files":[{"media_type":"text/plain","name":"a","size":1}],"note":null})"},
        {EventType::attach, "a negative size",
         R"({"files":[{"media_type":"text/plain","name":"a","sha256":"x","size":-1}],"note":null})"},
        {EventType::attach, "a size that is text",
         R"({"files":[{"media_type":"text/plain","name":"a","sha256":"x","size":"1"}],"note":null})"},
        {EventType::anonymize, "no fields", R"({"evidence_files":0,"keep":null,"reason":"r"})"},
        {EventType::anonymize, "a field that is not text",
         R"({"evidence_files":0,"fields":[1],"keep":null,"reason":"r"})"},
        {EventType::anonymize, "evidence_files text",
         R"({"evidence_files":"1","fields":[],"keep":null,"reason":"r"})"},
        {EventType::anonymize, "no reason", R"({"evidence_files":0,"fields":[],"keep":null})"},
        {EventType::imported, "no source", R"({})"},
        {EventType::imported, "a source that is not text", R"({"source":1})"},
    };
    for (const Case& c : cases) {
        CAPTURE(std::string(to_string(c.type)));
        CAPTURE(std::string(c.what));
        CHECK(parse_code(c.type, c.json) == ExitCode::io);
    }
    // The same shapes, corrected, read.
    CHECK_NOTHROW(
        (void)parse_details(EventType::contact, R"({"direction":"in","note":"n","via":"phone"})"));
    CHECK_NOTHROW((void)parse_details(EventType::withdraw, R"({"note":null})"));
    CHECK_NOTHROW((void)parse_details(
        EventType::resume,
        R"({"deadlines":[{"from":null,"milestone":"hold","to":null}],"held_seconds":0,"note":null,"to":"on_hold"})"));
}
