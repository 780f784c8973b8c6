#pragma once

#include "context.hpp"

#include <complaints/domain/duplicates.hpp>
#include <complaints/domain/error.hpp>
#include <complaints/domain/text.hpp>
#include <complaints/domain/translate.hpp>

#include <CLI/CLI.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <initializer_list>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace complaints::cli {

// Thrown by a command that wants a non-zero exit status without an error
// message (`report overdue --exit-code`); output is flushed first.
struct ExitWith {
    ExitCode code;
};

// Each fills in the subcommand `cmd` (already named and described in run.cpp):
// options, help with an example, and the callback that runs it with `ctx`.
// One file per command in commands/.
void add_init(CLI::App& cmd, Context& ctx);
void add_register(CLI::App& cmd, Context& ctx);
void add_assign(CLI::App& cmd, Context& ctx);
void add_investigate(CLI::App& cmd, Context& ctx);
void add_resolve(CLI::App& cmd, Context& ctx);
void add_revisit(CLI::App& cmd, Context& ctx);
void add_show(CLI::App& cmd, Context& ctx);
void add_list(CLI::App& cmd, Context& ctx);
void add_report(CLI::App& cmd, Context& ctx);
void add_policy(CLI::App& cmd, Context& ctx);
void add_query(CLI::App& cmd, Context& ctx);
void add_remind(CLI::App& cmd, Context& ctx);
void add_contact(CLI::App& cmd, Context& ctx);
void add_reject(CLI::App& cmd, Context& ctx);
void add_withdraw(CLI::App& cmd, Context& ctx);
void add_hold(CLI::App& cmd, Context& ctx);
void add_resume(CLI::App& cmd, Context& ctx);
void add_edit(CLI::App& cmd, Context& ctx);
void add_approve(CLI::App& cmd, Context& ctx);
void add_decline(CLI::App& cmd, Context& ctx);
void add_attach(CLI::App& cmd, Context& ctx);
void add_evidence(CLI::App& cmd, Context& ctx);
void add_verify(CLI::App& cmd, Context& ctx);
void add_backup(CLI::App& cmd, Context& ctx);
void add_anonymize(CLI::App& cmd, Context& ctx);
void add_export(CLI::App& cmd, Context& ctx);
void add_import(CLI::App& cmd, Context& ctx);

// A command as run.cpp's table lists it: its name, its line of `complaints
// --help`, and the function that adds its options.
struct CommandEntry {
    std::string_view name;
    const char* description;  // N_(): translated where shown
    void (*add)(CLI::App&, Context&);
};

// `complaints __complete WORD...`, hidden, for the shell completion scripts
// (completion/): prints the candidates for the last of `words` (the word
// under the cursor, possibly empty) that start with it, one per line, or
// only `:files` (`:dirs`) when a file (directory) name goes there. Reads the
// policy and the database in use, never creates or changes a file, prints no
// error, and returns 0.
int complete(std::span<const CommandEntry> commands, const std::vector<std::string>& words);

// Shared by the commands that change one complaint: loads it (exit 66 when
// there is none), lets `change` apply a domain step, and stores the complaint
// with the returned event, all in one transaction; then prints the result:
// in text, `NUMBER  STATUS  ASSIGNEE  next deadline TIME`, or, when the step
// made a proposal that waits for approval, `NUMBER  awaiting approval by …`.
// `change` returns the step's event, and any event the step triggered after it
// (the automatic escalation after a reopening revisit).
using Change = std::function<std::vector<domain::Event>(domain::Complaint&, const domain::Policy&,
                                                        const domain::Stamp&)>;
void change_complaint(Context& ctx, const std::string& id, const std::optional<std::string>& at,
                      const Change& change);

// A step whose only option is an optional --note (`withdraw`, `resume`):
// `step` is the domain function.
using NoteStep = domain::Event (*)(domain::Complaint&, const std::optional<std::string>&,
                                   const domain::Policy&, const domain::Stamp&);
void add_note_step(CLI::App& cmd, Context& ctx, const std::string& note_help,
                   const std::string& footer, NoteStep step);

// The options every command that changes a complaint has: its number and --at.
struct StepOptions {
    std::string id;
    std::optional<std::string> at;
};
// Adds ID and --at to `cmd`, bound to `options`.
void add_step_options(CLI::App& cmd, StepOptions& options);

// All of standard input, without trailing line breaks (`policy check -`).
std::string read_stdin();

// Standard input as the multi-line text of `option` (`--description -`):
// CRLF line ends become LF and trailing line breaks are dropped; then it is
// checked as `stored_text` checks a multi-line option (exit 65). Reads no
// more than the limit allows: a longer input is refused, not held.
std::string read_text_stdin(const std::string& option);

// Stores a new complaint as `register` does, inside the caller's write
// transaction: linked to the open complaint it may duplicate (the match is
// returned, for the caller's warning), or, with `refuse_duplicate`, refused
// then (exit 65); numbered after `prefix`. `register` and `import` (CSV).
std::optional<domain::DuplicateMatch> store_registration(
    const storage::ComplaintStore& complaints, domain::Complaint& complaint, domain::Event& event,
    const std::string& prefix, const domain::Policy& policy, bool refuse_duplicate);

// Loads the complaint `id` or throws `Error` (exit 66).
domain::Complaint require_complaint(Context& ctx, const std::string& id);

// A value of a query's result as text: nullopt for NULL.
std::optional<std::string> as_text(const storage::Value& value);

// A query's result as CSV (`query`, `export --format csv`), each record
// handed to `write` as it comes: a header row, then a row per result row;
// numbers stay as they are, text is guarded against spreadsheets.
storage::QuerySink csv_sink(std::function<void(std::string_view)> write);

// -o FILE of a command that prints a table (`ctx.output_path`): its output,
// in any format, to that file, written whole or not at all.
void add_output_option(CLI::App& cmd, Context& ctx);
// Prints `table` in the global format (text, CSV, a JSON array of objects
// whose keys are the column names, or a workbook whose one sheet is named
// `sheet`).
void print_table(Context& ctx, const report::Table& table, const std::string& sheet = "report");

// A CLI11 check for an option whose text is stored (SPEC §12): valid UTF-8,
// no control characters but those `rule` allows, within its limit; else exit
// 65 naming `option` (domain::check_text). It checks values from the
// environment too (`--as` from COMPLAINTS_USER).
inline CLI::Validator stored_text(std::string option,
                                  domain::TextRule rule = domain::TextRule::line) {
    return CLI::Validator(
        [option, rule](std::string& text) {
            domain::check_text(option, text, rule);
            return std::string();
        },
        "");
}

// Adds the option `name` of `cmd`, bound to `target`, whose text is stored:
// with the check of `stored_text`. Every option of a changing command that
// takes free text is added this way.
template <typename T>
CLI::Option* add_text_option(CLI::App& cmd, const std::string& name, T& target,
                             const std::string& help,
                             domain::TextRule rule = domain::TextRule::line) {
    return cmd.add_option(name, target, help)->check(stored_text(name, rule));
}

// A CLI11 transformer that accepts exactly the names of `Enum` (its one name
// list, domain/names.hpp) and refuses any other as "unknown WHAT 'x'" with
// the names in a hint (exit 65, an unknown name: SPEC §6). `what` is marked
// N_() by the caller and shown through tr().
template <typename Enum>
CLI::Validator enum_names(std::string what) {
    return CLI::Validator(
        [what](std::string& text) {
            const auto value = domain::parse_name<Enum>(text);
            if (!value)
                throw Error(ExitCode::data, trf("unknown {} '{}'", tr(what), text),
                            {trf("use {}", or_list(domain::all_names<Enum>()))});
            text = std::to_string(static_cast<int>(*value));
            return std::string();
        },
        domain::names_joined<Enum>("|"));
}

// What a validator returns for a value its option refuses: "wants WHAT, got
// 'TEXT'". CLI11 puts the option's name in front and `run` makes the whole
// "--opt wants WHAT, got 'TEXT'" (exit 64). `what` is in the user's
// language already (tr() by the caller).
inline std::string wants(std::string_view what, std::string_view text) {
    // TRANSLATORS: after an option's name: "--by: wants one of day, week or
    // month, got 'x'".
    return trf("wants {}, got '{}'", what, text);
}

// "one of a, b or c" (one name: "a").
inline std::string one_of(const std::vector<std::string>& names) {
    if (names.size() < 2) return or_list(names);
    // TRANSLATORS: the choices of an option, as in "one of a, b or c".
    return trf("one of {}", or_list(names));
}

// A CLI11 check that accepts only `names`, refusing others as "--opt wants
// one of a, b or c, got 'x'" (exit 64).
inline CLI::Validator choice(std::vector<std::string> names) {
    return CLI::Validator(
        [names](std::string& text) {
            return std::find(names.begin(), names.end(), text) != names.end()
                       ? std::string()
                       : wants(one_of(names), text);
        },
        "");
}

// A CLI11 transformer that accepts the names of `Enum` but those of `except`,
// and refuses others as a usage error (exit 64) naming the choices.
template <typename Enum>
CLI::Validator enum_choice(std::initializer_list<Enum> except = {}) {
    std::vector<std::string> names;
    for (const Enum value : domain::all_values<Enum>())
        if (std::find(except.begin(), except.end(), value) == except.end())
            names.emplace_back(domain::name_of(value));
    std::string joined;
    for (const auto& n : names) joined += (joined.empty() ? "" : "|") + n;
    return CLI::Validator(
        [names](std::string& text) {
            const auto value = domain::parse_name<Enum>(text);
            if (!value || std::find(names.begin(), names.end(), text) == names.end())
                return wants(one_of(names), text);
            text = std::to_string(static_cast<int>(*value));
            return std::string();
        },
        joined);
}

}  // namespace complaints::cli
