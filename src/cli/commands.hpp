#pragma once

#include "context.hpp"

#include <complaints/domain/error.hpp>

#include <CLI/CLI.hpp>

#include <string>

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

// Shared by the commands that change one complaint: loads it (exit 66 when
// there is none), lets `change` apply a domain step, and stores the complaint
// with the returned event, all in one transaction; then prints the result.
using Change =
    std::function<domain::Event(domain::Complaint&, const domain::Policy&, const domain::Stamp&)>;
void change_complaint(Context& ctx, const std::string& id, const std::optional<std::string>& at,
                      const Change& change);

// Loads the complaint `id` or throws `Error` (exit 66).
domain::Complaint require_complaint(Context& ctx, const std::string& id);

// Prints `table` in the global format (text, CSV or a JSON array of objects
// whose keys are the column names).
void print_table(Context& ctx, const report::Table& table);

// Helpers that make options optional values.
std::optional<std::string> opt(const std::string& value, const CLI::Option* option);

}  // namespace complaints::cli
