// Hostile text (SPEC §12, "Bad input and hostile input"): what text a user
// may give (valid UTF-8, no control characters in one-line fields, only line
// feeds and tabs in multi-line ones, the limits), that no output sends a
// control character from stored data to the terminal or splits a mail
// header, that CSV cells cannot run as spreadsheet formulas, that errors
// never echo control characters, and that running out of memory is exit 71.
#include "harness.hpp"
#include "steps.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <string>
#include <vector>

using namespace cli_test;

namespace {

namespace fs = std::filesystem;

// What a terminal would act on: ESC, BEL, CR, and the C1 controls CSI
// (U+009B) and OSC (U+009D) as UTF-8.
void check_no_controls(const std::string& text, const std::string& what) {
    INFO(what << ":\n" << text);
    CHECK(text.find('\x1b') == std::string::npos);
    CHECK(text.find('\a') == std::string::npos);
    CHECK(text.find('\r') == std::string::npos);
    CHECK(text.find("\xc2\x9b") == std::string::npos);
    CHECK(text.find("\xc2\x9d") == std::string::npos);
}

// Sets `column` of complaint `id` to `value` behind the tool's back: what an
// old database, written before the checks of input, may hold.
void store_raw(const Fixture& f, const std::string& id, const std::string& column,
               const std::string& value) {
    REQUIRE(cli_test::sql_execute(f.db(), "UPDATE complaint SET " + column + " = ? WHERE id = ?",
                                  {value, id}) == 1);
}

const std::string k_summary =
    "\x1b[2J\x1b[31mRED\x1b]0;title\a \xc2\x9b"
    "31m";
const std::string k_customer = "Wang\r\nFang";

// A policy whose assignee has an e-mail address, for `remind`.
const std::string k_policy = R"([department.QC]
label = "QC"
head = "wang"

[people.wang]
name = "Wang"
email = "wang@example.com"
department = "QC"

[people.zhang]
name = "Zhang San"
email = "zhang@example.com"

[people.tester]
name = "Tester"

[category.quality]
label = "Quality"
department = "QC"

[notify]
from = "complaints@example.com"
)";

}  // namespace

TEST_CASE("hostile text: stored control characters never reach the terminal") {
    Fixture f;
    f.write_file("complaints.toml", k_policy);
    const std::string id = f.register_complaint(
        {"--category", "quality", "--received-at", "2026-11-02 09:00", "--summary", "placeholder"});
    run_ok(f, {"assign", id, "--to", "zhang", "--at", "2026-11-02 10:00"});
    run_ok(f, {"investigate", id, "--finding", "seal\n\tcracked", "--at", "2026-11-03 10:00"});
    store_raw(f, id, "summary", k_summary);
    store_raw(f, id, "customer_name", k_customer);
    store_raw(f, id, "description", "line 1\n\x1b[31mline 2\r");

    SUBCASE("show") {
        const Result r = run_ok(f, {"show", id});
        check_no_controls(r.out, "show");
        CHECK(r.out.find("summary:      \\x1b[2J\\x1b[31mRED\\x1b]0;title\\x07 \\x9b31m\n") !=
              std::string::npos);
        CHECK(r.out.find("customer:     Wang\\x0d\\x0aFang\n") != std::string::npos);
        // A multi-line field keeps its lines, indented under its first.
        CHECK(r.out.find("description:  line 1\n              \\x1b[31mline 2\\x0d\n") !=
              std::string::npos);
        CHECK(r.out.find("tester: seal\n    \tcracked\n") != std::string::npos);
    }
    SUBCASE("list") {
        const Result r = run_ok(f, {"list"});
        check_no_controls(r.out, "list");
        CHECK(r.out.find("\\x1b[2J") != std::string::npos);
    }
    SUBCASE("report overdue") {
        const Result r = run_ok(f, {"report", "overdue"});
        check_no_controls(r.out, "report overdue");
        CHECK(r.out.find("\\x1b[2J") != std::string::npos);
    }
    SUBCASE("query") {
        const Result r = run_ok(f, {"query", "SELECT summary, customer_name FROM complaint"});
        check_no_controls(r.out, "query");
        CHECK(r.out.find("Wang\\x0d Fang") != std::string::npos);
    }
    SUBCASE("JSON escapes them and keeps the data") {
        const Result r = run_ok(f, {"--format", "json", "show", id});
        check_no_controls(r.out, "show --format json");
        const auto j = parse_json(r.out);
        CHECK(j["summary"] == k_summary);
        CHECK(j["customer"]["name"] == k_customer);
    }
    SUBCASE("remind: the message") {
        const fs::path box = f.dir() / "outbox";
        fs::create_directories(box);
        const std::string sendmail =
            "sh '" + (source_dir() / "tests" / "cli" / "fake_sendmail.sh").string() + "' '" +
            box.string() + "' -t -oi";
        const Result r = run_ok(f, {"remind", "--sendmail", sendmail});
        std::vector<std::string> messages;
        for (const auto& entry : fs::directory_iterator(box))
            if (entry.path().filename().string().rfind("mail.", 0) == 0)
                messages.push_back(read_file(entry.path()));
        REQUIRE(!messages.empty());
        bool found = false;
        for (const auto& m : messages) {
            check_no_controls(m, "remind message");
            found = found || m.find("\\x1b[2J\\x1b[31mRED") != std::string::npos;
        }
        CHECK(found);
        const Result dry = run_ok(f, {"remind", "--dry-run", "--force"});
        check_no_controls(dry.out, "remind --dry-run");
    }
}

TEST_CASE("hostile text: CSV cells that a spreadsheet would run as formulas get a quote") {
    Fixture f;
    f.register_complaint({"--summary", "=HYPERLINK(\"http://x\")"});
    f.register_complaint({"--summary", "+1"});
    f.register_complaint({"--summary", "-2"});
    f.register_complaint({"--summary", "@SUM(A1)"});
    f.register_complaint({"--summary", "plain"});
    SUBCASE("list: text cells") {
        const auto rows = parse_csv(run_ok(f, {"--format", "csv", "list"}).out);
        REQUIRE(rows.size() == 6);
        const auto column = std::find(rows[0].begin(), rows[0].end(), "summary") - rows[0].begin();
        CHECK(rows[1][column] == "'=HYPERLINK(\"http://x\")");
        CHECK(rows[2][column] == "'+1");
        CHECK(rows[3][column] == "'-2");
        CHECK(rows[4][column] == "'@SUM(A1)");
        CHECK(rows[5][column] == "plain");
    }
    SUBCASE("numbers stay as they are") {
        const Result r =
            run_ok(f, {"--format", "csv", "query", "SELECT -5 AS n, '-5' AS t, 2.5 AS r"});
        CHECK(r.out == "n,t,r\r\n-5,'-5,2.5\r\n");
        const auto rows = parse_csv(run_ok(f, {"--format", "csv", "report", "summary"}).out);
        REQUIRE(rows.size() == 2);
        CHECK(rows[1][0] == "5");
    }
    SUBCASE("text output and JSON are unchanged") {
        CHECK(run_ok(f, {"list"}).out.find("  =HYPERLINK(\"http://x\")\n") != std::string::npos);
        CHECK(run_ok(f, {"--format", "json", "list"}).out.find("\"summary\": \"+1\"") !=
              std::string::npos);
    }
}

TEST_CASE("hostile text: input must be valid UTF-8") {
    Fixture f;
    check_refused(f,
                  {"register", "--channel", "phone", "--category", "product", "--customer", "Wang",
                   "--summary", "caf\xe9"},
                  65, {"complaints: error: --summary is not valid UTF-8\n", "hint: "});
    check_refused(f,
                  {"register", "--channel", "phone", "--category", "product", "--customer",
                   "\xc0\xaf", "--summary", "ok"},
                  65, {"complaints: error: --customer is not valid UTF-8\n"});
}

TEST_CASE("hostile text: one-line fields refuse control characters") {
    Fixture f;
    const std::vector<std::string> base = {"register", "--channel", "phone", "--category",
                                           "product"};
    const auto with = [&](std::vector<std::string> extra) {
        std::vector<std::string> args = base;
        if (std::find(extra.begin(), extra.end(), "--customer") == extra.end())
            extra.insert(extra.end(), {"--customer", "Wang"});
        if (std::find(extra.begin(), extra.end(), "--summary") == extra.end())
            extra.insert(extra.end(), {"--summary", "ok"});
        args.insert(args.end(), extra.begin(), extra.end());
        return args;
    };
    check_refused(f, with({"--customer", "Wang\r\nFang"}), 65,
                  {"complaints: error: --customer holds a control character (\\x0d, carriage "
                   "return) at character 5\n",
                   "hint: --customer is one line"});
    check_refused(f, with({"--summary", "Kettle\nleaks"}), 65,
                  {"--summary holds a control character (\\x0a, line feed) at character 7"});
    check_refused(f, with({"--summary", "a\tb"}), 65, {"--summary holds a control character"});
    check_refused(f, with({"--contact", "\x1b[2J"}), 65,
                  {"--contact holds a control character (\\x1b, escape) at character 1"});
    check_refused(f, with({"--org", "x\x7f"}), 65, {"--org holds a control character (\\x7f"});
    check_refused(f,
                  with({"--order",
                        "\xc2\x9b"
                        "2J"}),
                  65, {"--order holds a control character (\\x9b) at character 1"});
    check_refused(f, with({"--demand", "a\ab"}), 65, {"--demand holds a control character"});
    check_refused(f, with({"--ref", "r\n"}), 65, {"--ref holds a control character"});
    const Result r = f.run(with({"--customer", "王芳", "--summary", "电水壶漏水"}));
    CHECK(r.status == 0);
}

TEST_CASE("hostile text: multi-line fields allow line feeds and tabs only") {
    Fixture f;
    const std::vector<std::string> base = {"register", "--channel",    "phone", "--category",
                                           "product",  "--customer",   "Wang",  "--summary",
                                           "ok",       "--description"};
    auto args = base;
    args.push_back("line 1\n\tline 2");
    const std::string out = run_ok(f, args).out;
    const std::string id = out.substr(0, out.size() - 1);
    CHECK(f.show(id)["description"] == "line 1\n\tline 2");

    args = base;
    args.push_back("a\r\nb");
    check_refused(f, args, 65,
                  {"--description holds a control character (\\x0d, carriage return) at "
                   "character 2",
                   "hint: --description may hold line feeds and tabs, but no other control "
                   "character"});
    args = base;
    args.push_back("a\n\x1b[31mb");
    check_refused(f, args, 65, {"--description holds a control character (\\x1b, escape)"});

    SUBCASE("from standard input: CRLF line ends become LF") {
        args = base;
        args.push_back("-");
        const Result r = run_ok(f, args, {}, "line 1\r\nline 2\r\n");
        CHECK(f.show(r.out.substr(0, r.out.size() - 1))["description"] == "line 1\nline 2");
        const Result bad = f.run(args, "a\x1b[2Jb\n");
        CHECK(bad.status == 65);
        CHECK(bad.err_first_line() ==
              "complaints: error: --description holds a control character (\\x1b, escape) at "
              "character 2");
    }
    SUBCASE("the other multi-line fields") {
        const std::string other = f.register_complaint();
        run_ok(f, {"assign", other, "--to", "zhang"});
        run_ok(f, {"investigate", other, "--finding", "seal\n\tcracked"});
        check_refused(f, {"investigate", other, "--finding", "a\rb"}, 65,
                      {"--finding holds a control character (\\x0d"});
        check_refused(f, {"resolve", other, "--outcome", "refund", "--plan", "a\x1b"}, 65,
                      {"--plan holds a control character (\\x1b"});
        run_ok(f, {"resolve", other, "--outcome", "refund", "--plan", "refund\nand\tapologise"});
        CHECK(f.show(other)["resolution"]["plan"] == "refund\nand\tapologise");
    }
}

TEST_CASE("hostile text: limits") {
    Fixture f;
    const auto reg = [](const std::string& option, const std::string& value) {
        std::vector<std::string> args = {"register", "--channel", "phone", "--category", "product"};
        if (option != "--customer") args.insert(args.end(), {"--customer", "Wang"});
        if (option != "--summary") args.insert(args.end(), {"--summary", "ok"});
        args.insert(args.end(), {option, value});
        return args;
    };
    const auto times = [](const std::string& piece, std::size_t n) {
        std::string out;
        for (std::size_t i = 0; i < n; ++i) out += piece;
        return out;
    };
    run_ok(f, reg("--summary", times("王", 500)));
    check_refused(f, reg("--summary", times("x", 501)), 65,
                  {"complaints: error: --summary is too long: 501 characters, at most 500\n"});
    run_ok(f, reg("--customer", times("王", 200)));
    check_refused(f, reg("--customer", times("王", 201)), 65,
                  {"--customer is too long: 201 characters, at most 200"});
    check_refused(f, reg("--contact", times("1", 201)), 65,
                  {"--contact is too long: 201 characters, at most 200"});
    run_ok(f, reg("--description", times("x", 65536)));
    check_refused(f, reg("--description", times("x", 65537)), 65,
                  {"--description is too long: 65537 bytes, at most 65536 (64 KiB)"});
    SUBCASE("standard input is not read past the limit") {
        auto args = reg("--description", "-");
        const std::string before = snapshot(f.db());
        const Result r = f.run(args, times("x", 1024 * 1024));
        CHECK(r.status == 65);
        CHECK(r.err_first_line().find("--description is too long") != std::string::npos);
        CHECK(snapshot(f.db()) == before);
    }
}

TEST_CASE("hostile text: every command that stores text checks it") {
    Fixture f;
    const std::string id = f.register_complaint();
    const std::string bad = "x\x1b[2Jy";
    const std::vector<std::vector<std::string>> commands = {
        {"assign", id, "--to", bad},
        {"assign", id, "--to", "zhang", "--department", bad},
        {"assign", id, "--to", "zhang", "--note", bad},
        {"investigate", id, "--finding", "ok", "--cause", bad},
        {"investigate", id, "--finding", bad},
        {"resolve", id, "--outcome", "refund", "--plan", bad},
        {"resolve", id, "--outcome", bad, "--plan", "ok"},
        {"resolve", id, "--outcome", "refund", "--plan", "ok", "--responsible", bad},
        {"revisit", id, "--result", "satisfied", "--note", bad},
        {"contact", id, "--note", bad},
        {"contact", id, "--note", "ok", "--via", bad},
        {"reject", id, "--reason", "other", "--note", bad},
        {"reject", id, "--reason", "duplicate", "--of", bad},
        {"withdraw", id, "--note", bad},
        {"hold", id, "--reason", "other", "--note", bad},
        {"resume", id, "--note", bad},
        {"edit", id, "--reason", bad, "--summary", "new"},
        {"edit", id, "--reason", "typo", "--summary", bad},
        {"edit", id, "--reason", "typo", "--customer", bad},
        {"edit", id, "--reason", "typo", "--contact", bad},
        {"edit", id, "--reason", "typo", "--org", bad},
        {"edit", id, "--reason", "typo", "--order", bad},
        {"edit", id, "--reason", "typo", "--demand", bad},
        {"edit", id, "--reason", "typo", "--description", "a\rb"},
        {"approve", id, "--note", bad},
        {"decline", id, "--note", bad},
        {"attach", id, f.write_file("a.txt", "a"), "--note", bad},
        {"--as", bad, "assign", id, "--to", "zhang"},
    };
    for (const auto& args : commands) {
        // The option that holds the bad value: the argument before it.
        const auto at = std::find_if(args.begin(), args.end(),
                                     [&](const std::string& a) { return a == bad || a == "a\rb"; });
        REQUIRE(at != args.begin());
        const std::string option = *(at - 1);
        const Result r = check_refused(f, args, 65);
        CHECK(r.err_first_line().rfind(
                  "complaints: error: " + option + " holds a control character", 0) == 0);
        check_no_controls(r.err, "stderr");
    }
    SUBCASE("the actor from COMPLAINTS_USER too") {
        const Result r = check_refused(f, {"assign", id, "--to", "zhang"}, 65, {},
                                       {{"COMPLAINTS_USER", "evil\nuser"}});
        CHECK(r.err_first_line() ==
              "complaints: error: --as holds a control character (\\x0a, line feed) at "
              "character 5");
    }
    SUBCASE("edit may still clear a field with ''") {
        run_ok(f, {"edit", id, "--reason", "typo", "--contact", "13800000000"});
        run_ok(f, {"edit", id, "--reason", "typo", "--contact", ""});
        CHECK(f.show(id)["customer"]["contact"].is_null());
    }
}

TEST_CASE("hostile text: error messages never echo control characters") {
    Fixture f;
    const std::string id = f.register_complaint();
    SUBCASE("a bad time") {
        const Result r = f.run({"assign", id, "--to", "zhang", "--at", "\x1b[2J\nnext"});
        CHECK(r.status == 64);
        check_no_controls(r.err, "stderr");
        CHECK(r.err_first_line() == "complaints: error: bad time '\\x1b[2J\\x0anext' for --at");
        // One line of error, then hints only.
        const auto lines = Result{0, r.err, ""}.out_lines();
        REQUIRE(lines.size() >= 2);
        for (std::size_t i = 1; i < lines.size(); ++i) CHECK(lines[i].rfind("hint: ", 0) == 0);
    }
    SUBCASE("an unknown complaint") {
        const Result r = f.run({"show", "\x1b]0;title\a"});
        CHECK(r.status == 66);
        CHECK(r.err_first_line() == "complaints: error: no complaint '\\x1b]0;title\\x07'");
        check_no_controls(r.err, "stderr");
    }
    SUBCASE("an unknown command and a usage error") {
        Result r = f.run({"\x1b[2Jlist"});
        CHECK(r.status == 64);
        CHECK(r.err_first_line() == "complaints: error: unknown command '\\x1b[2Jlist'");
        r = f.run({"list", "--bogus\r"});
        CHECK(r.status == 64);
        check_no_controls(r.err, "stderr");
    }
}

TEST_CASE("hostile text: out of memory is exit 71") {
#if defined(__SANITIZE_ADDRESS__)
    MESSAGE("skipped: AddressSanitizer reserves address space; a memory limit cannot be set");
    return;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
    MESSAGE("skipped: AddressSanitizer reserves address space; a memory limit cannot be set");
    return;
#endif
#endif
    Fixture f;
    const std::string small = f.register_complaint();
    const std::string big = f.register_complaint();
    // 64 MiB of description, stored behind the tool's back.
    const std::string zeros = cli_test::on_server() ? "repeat('00', 32 * 1024 * 1024)"
                                                    : "hex(zeroblob(32 * 1024 * 1024))";
    REQUIRE(cli_test::sql_execute(f.db(),
                                  "UPDATE complaint SET description = " + zeros + " WHERE id = ?",
                                  {big}) == 1);
    // The address space the process may use, in KiB: enough for a complaint
    // of usual size (checked first), and too little to hold the big one,
    // either in SQLite (its allocation fails: SQLITE_NOMEM) or after it, in
    // the program's own strings (std::bad_alloc).
    for (const std::string limit : {"49152", "180000"}) {
        CAPTURE(limit);
        const auto run_limited = [&](const std::string& id) {
            return f.run_program("/bin/sh", {"-c", "ulimit -v " + limit + " && exec \"$0\" \"$@\"",
                                             binary(), "show", id});
        };
        const Result ok = run_limited(small);
        INFO("stderr: " << ok.err);
        REQUIRE(ok.status == 0);
        const Result r = run_limited(big);
        CHECK(r.status == 71);
        CHECK(r.err == "complaints: error: out of memory\n");
    }
}
