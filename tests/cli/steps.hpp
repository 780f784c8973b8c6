// Helpers shared by the end-to-end tests of SPEC §10 (workflow.cpp, edit.cpp,
// duplicates.cpp, hold.cpp, escalation.cpp): running a step that must
// succeed, one that must be refused without changing anything, and bringing a
// new complaint to a given status through the tool's own commands.
#pragma once

#include "harness.hpp"

#include <doctest/doctest.h>

#include <string>
#include <vector>

namespace cli_test {

// Runs `args`, which must succeed (exit 0), and returns what it gave.
inline Result run_ok(Fixture& f, const std::vector<std::string>& args, const EnvChanges& env = {},
                     const std::string& stdin_text = "") {
    const Result r = f.run(args, stdin_text, env);
    INFO("command: " << (args.empty() ? std::string() : args.front()) << "\nstderr: " << r.err);
    REQUIRE(r.status == 0);
    return r;
}

// Runs `args` with `--format json` in front, which must succeed, and parses
// standard output.
inline nlohmann::json run_json(Fixture& f, std::vector<std::string> args,
                               const EnvChanges& env = {}) {
    args.insert(args.begin(), {"--format", "json"});
    return parse_json(run_ok(f, args, env).out);
}

// Runs `args`, which must be refused with exit `status`, an error of the
// shape of SPEC §6 whose text holds each of `in_stderr`, and leave the
// database exactly as it was.
//
// "Exactly as it was" is `snapshot`: user_version, the whole schema and every
// row of every table (sqlite_sequence included), read through SQLite. Bytes of
// the file would not do: a refused command may still open the database, which
// can checkpoint the WAL into the main file or create -shm without changing
// any content; what must not change is the content.
inline Result check_refused(Fixture& f, const std::vector<std::string>& args, int status,
                            const std::vector<std::string>& in_stderr = {},
                            const EnvChanges& env = {}) {
    const std::string before = snapshot(f.db());
    const Result r = f.run(args, "", env);
    std::string shown;
    for (const auto& a : args) shown += a + " ";
    INFO("command: " << shown << "\nstderr: " << r.err);
    CHECK(r.status == status);
    check_error_shape(r);
    for (const auto& text : in_stderr) CHECK_MESSAGE(r.err.find(text) != std::string::npos, text);
    CHECK(snapshot(f.db()) == before);
    return r;
}

// The steps that bring a new, registered complaint to `status` (one of the
// eight of SPEC §10), at the fixed now: on_hold is held from registered.
inline std::vector<std::vector<std::string>> steps_to(const std::string& status) {
    const std::vector<std::string> assign{"assign", "--to", "zhang"};
    const std::vector<std::string> investigate{"investigate", "--finding", "found"};
    const std::vector<std::string> resolve{"resolve", "--plan", "p", "--outcome", "apology"};
    const std::vector<std::string> revisit{"revisit", "--result", "satisfied"};
    if (status == "registered") return {};
    if (status == "assigned") return {assign};
    if (status == "investigating") return {assign, investigate};
    if (status == "resolved") return {assign, resolve};
    if (status == "closed") return {assign, resolve, revisit};
    if (status == "on_hold") return {{"hold", "--reason", "waiting_customer"}};
    if (status == "rejected") return {{"reject", "--reason", "out_of_scope"}};
    if (status == "withdrawn") return {{"withdraw"}};
    FAIL("no steps to status " << status);
    return {};
}

// Brings complaint `id` to `status` with `steps_to`.
inline void bring_to(Fixture& f, const std::string& id, const std::string& status) {
    for (const auto& step : steps_to(status)) {
        std::vector<std::string> args{step.front(), id};
        args.insert(args.end(), step.begin() + 1, step.end());
        run_ok(f, args);
    }
    REQUIRE(f.show(id)["status"] == status);
}

// Every status of SPEC §10.
inline const std::vector<std::string>& all_statuses() {
    static const std::vector<std::string> statuses = {"registered", "assigned", "investigating",
                                                      "resolved",   "closed",   "on_hold",
                                                      "rejected",   "withdrawn"};
    return statuses;
}

// The types of the events of `complaint` (show --format json), in order.
inline std::vector<std::string> event_types(const nlohmann::json& complaint) {
    std::vector<std::string> types;
    for (const auto& e : complaint.at("events")) types.push_back(e.at("type").get<std::string>());
    return types;
}

}  // namespace cli_test
