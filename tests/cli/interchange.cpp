// `export` and `import` (SPEC §13): JSON Lines that round-trip a database
// with every status, evidence and edits; idempotent imports; differing
// duplicates refused; CSV from a spreadsheet registered as `register` would,
// with FILE:LINE errors that count quoted line breaks; all or nothing;
// --dry-run.
#include "harness.hpp"
#include "steps.hpp"

#include <doctest/doctest.h>

#include <sys/stat.h>

#include <fstream>
#include <string>
#include <vector>

using cli_test::check_refused;
using cli_test::Fixture;
using cli_test::Result;
using cli_test::run_ok;

namespace {

// One complaint in each status of SPEC §10, one with evidence, one edited,
// one with a contact; returns their numbers.
std::vector<std::string> populate(Fixture& f) {
    std::vector<std::string> ids;
    for (const auto& status : cli_test::all_statuses()) {
        const std::string id = f.register_complaint(
            {"--contact", "1380000" + std::to_string(1000 + ids.size()), "--order",
             "O-" + std::to_string(ids.size()), "--description", "第一行\n第二行, \"quoted\""});
        cli_test::bring_to(f, id, status);
        ids.push_back(id);
    }
    const std::string e = f.register_complaint({"--customer", "王芳", "--severity", "major"});
    const std::string file = f.write_file("order.txt", "order 7781\n");
    run_ok(f, {"attach", e, file, "--note", "sent by the customer"});
    run_ok(f, {"edit", e, "--severity", "general", "--reason", "not urgent after all"});
    run_ok(f, {"contact", e, "--via", "phone", "--note", "called back"});
    ids.push_back(e);
    return ids;
}

// The lines of a JSON Lines export, each parsed, with `import` events dropped
// (what an import adds).
std::vector<nlohmann::json> without_imports(const std::string& jsonl) {
    std::vector<nlohmann::json> out;
    std::size_t start = 0;
    while (start < jsonl.size()) {
        const auto end = jsonl.find('\n', start);
        REQUIRE(end != std::string::npos);  // every line ends in a line feed
        nlohmann::json line = cli_test::parse_json(jsonl.substr(start, end - start));
        nlohmann::json events = nlohmann::json::array();
        for (const auto& e : line["events"])
            if (e["type"] != "import") events.push_back(e);
        line["events"] = events;
        out.push_back(line);
        start = end + 1;
    }
    return out;
}

// A second database of the test's engine: other.db beside the first, or a
// second database on the server.
std::string second_db(Fixture& f) {
    return f.another_db("other.db");
}

}  // namespace

TEST_CASE("export | import | export round-trips every status, evidence and edits; verify passes") {
    Fixture f;
    const auto ids = populate(f);
    const Result exported = run_ok(f, {"export"});
    CHECK(exported.out_lines().size() == ids.size());
    // No sequence numbers: they belong to one database.
    CHECK(exported.out.find("\"seq\"") == std::string::npos);
    const std::string file = f.write_file("all.jsonl", exported.out);

    const Result imported = run_ok(f, {"--db", second_db(f), "import", file});
    CHECK(imported.out == "imported " + std::to_string(ids.size()) + " complaints\n");
    const Result again = run_ok(f, {"--db", second_db(f), "export"});
    CHECK(without_imports(again.out) == without_imports(exported.out));
    // Each imported complaint has its history and then one import event.
    const nlohmann::json first = cli_test::parse_json(again.out.substr(0, again.out.find('\n')));
    CHECK(first["events"].back()["type"] == "import");
    CHECK(first["events"].back()["actor"] == "tester");
    CHECK(first["events"].back()["details"]["source"] == file);
    CHECK(run_ok(f, {"--db", second_db(f), "verify"}).out.rfind("ok: ", 0) == 0);
    // Reports agree.
    CHECK(run_ok(f, {"--db", second_db(f), "report", "summary"}).out ==
          run_ok(f, {"report", "summary"}).out);
    // Evidence metadata came along, its content did not.
    const Result evidence = run_ok(f, {"--db", second_db(f), "evidence", ids.back()});
    CHECK(evidence.out.find("order.txt") != std::string::npos);
}

TEST_CASE("import of the same export twice changes nothing; a differing history is refused") {
    Fixture f;
    populate(f);
    const std::string exported = run_ok(f, {"export"}).out;
    const std::string file = f.write_file("all.jsonl", exported);
    run_ok(f, {"--db", second_db(f), "import", file});
    const std::string before = cli_test::snapshot(second_db(f));
    const Result again = run_ok(f, {"--db", second_db(f), "import", file});
    const auto count = std::to_string(cli_test::complaint_ids(f.db()).size());
    CHECK(again.out == "imported 0 complaints (" + count + " here already, skipped)\n");
    CHECK(cli_test::snapshot(second_db(f)) == before);
    // Importing into the database it came from changes nothing either.
    const std::string own = cli_test::snapshot(f.db());
    run_ok(f, {"import", file});
    CHECK(cli_test::snapshot(f.db()) == own);

    // The third line's complaint, with another actor in its history.
    std::vector<std::string> lines = Result{0, exported, ""}.out_lines();
    const auto at = lines[2].find("\"actor\":\"tester\"");
    REQUIRE(at != std::string::npos);
    lines[2].replace(at, 16, "\"actor\":\"mallory\"");
    std::string changed;
    for (const auto& line : lines) changed += line + "\n";
    const std::string other = f.write_file("changed.jsonl", changed);
    const Result r = check_refused(f, {"import", other}, 65,
                                   {other + ":3: complaint ", "here already with another history",
                                    "event 1 (register): the actors differ"});
}

TEST_CASE("import refuses a bad line with FILE:LINE and imports nothing") {
    Fixture f;
    populate(f);
    const std::vector<std::string> lines = run_ok(f, {"export"}).out_lines();
    const auto file_with = [&](std::size_t index, const std::string& replacement) {
        std::string text;
        for (std::size_t i = 0; i < lines.size(); ++i)
            text += (i == index ? replacement : lines[i]) + "\n";
        return f.write_file("bad.jsonl", text);
    };
    struct Case {
        std::string line;
        std::string message;
    };
    const std::vector<Case> cases{
        {"{\"id\": ", "not a JSON object"},
        {"[1, 2]", "not a JSON object"},
        {"{\"id\": \"20261123-TEL-999\"}", "has no 'events'"},
        {"{\"id\": \"not-a-number\", \"events\": []}", "is not a complaint number"},
        {"{\"id\": \"20261123-TEL-999\", \"events\": []}", "'events' is not a list of events"},
        {"{\"id\": \"20261123-TEL-999\", \"events\": [{\"type\": \"assign\", \"at\": "
         "\"2026-11-23T10:00:00+08:00\", \"recorded_at\": \"2026-11-23T10:00:00+08:00\", "
         "\"actor\": \"a\", \"details\": {\"to\": \"b\", \"department\": null, \"note\": null, "
         "\"investigate_due\": null}}]}",
         "the first event is 'assign', not 'register'"},
        {"{\"id\": \"20261123-TEL-999\", \"events\": [{\"type\": \"register\", \"at\": "
         "\"yesterday\", \"recorded_at\": \"2026-11-23T10:00:00+08:00\", \"actor\": \"a\", "
         "\"details\": {}}]}",
         "'at' of event 1 is not a time"},
        {"{\"id\": \"20261123-TEL-999\", \"events\": [{\"type\": \"register\", \"at\": "
         "\"2026-11-23T10:00:00+08:00\", \"recorded_at\": \"2026-11-23T10:00:00+08:00\", "
         "\"actor\": \"a\", \"details\": {\"summary\": 1}}]}",
         "the details of event 1 are not those of a 'register' event"},
        {"{\"id\": \"20261123-TEL-999\", \"events\": [{\"type\": \"teleport\"}]}",
         "unknown type 'teleport'"},
        {"{\"id\": \"20261123-TEL-999\", \"note\": \"bell\\u0007\", \"events\": []}",
         "control character"},
        // Found by the jsonl fuzz target: 10 000 levels overflowed the stack.
        {"{\"a\":" + std::string(10000, '[') + std::string(10000, ']') + "}",
         "nested deeper than 16 levels"},
    };
    for (const auto& c : cases) {
        CAPTURE(c.line);
        const std::string file = file_with(4, c.line);
        // Nothing is imported into a new database, and none is left behind.
        const Result r = check_refused(f, {"--db", second_db(f), "import", file}, 65,
                                       {file + ":5: ", c.message});
        CHECK_FALSE(cli_test::database_exists(second_db(f)));
    }
    // A status that its events do not give.
    std::string wrong = lines[0];
    const auto at = wrong.find("\"status\":\"");
    REQUIRE(at != std::string::npos);
    wrong.replace(at, wrong.find('"', at + 10) - at + 1, "\"status\":\"closed\"");
    if (lines[0].find("\"status\":\"closed\"") == std::string::npos)
        check_refused(f, {"import", file_with(0, wrong)}, 65,
                      {":1: complaint ", "says it is 'closed', but its events make it"});
}

TEST_CASE("import --dry-run checks everything and writes nothing") {
    Fixture f;
    populate(f);
    const std::string file = f.write_file("all.jsonl", run_ok(f, {"export"}).out);
    const Result r = run_ok(f, {"--db", second_db(f), "import", "--dry-run", file});
    CHECK(r.out == "would import " + std::to_string(cli_test::complaint_ids(f.db()).size()) +
                       " complaints; nothing written (--dry-run)\n");
    CHECK_FALSE(cli_test::database_exists(second_db(f)));
    run_ok(f, {"--db", second_db(f), "init"});
    const std::string before = cli_test::snapshot(second_db(f));
    run_ok(f, {"--db", second_db(f), "import", "--dry-run", file});
    CHECK(cli_test::snapshot(second_db(f)) == before);
    // Standard error is not a terminal: no progress bar, no output at all.
    CHECK(r.err.empty());
}

TEST_CASE("import of CSV registers each row as register would, idempotent by ref") {
    Fixture f;
    const std::string csv = f.write_file(
        "old.csv",
        "\xEF\xBB\xBFreceived_at,channel,category,customer_name,summary,severity,customer_contact,"
        "description,ref\r\n"
        "2026-11-02 09:00,phone,product,王芳,电水壶漏水,major,13800001234,\"第一行\r\n第二行\","
        "OLD-1\r\n"
        "2026-11-03 10:30,email,billing,\"Acme, Ltd.\",\"Charged \"\"twice\"\"\",,,,OLD-2\r\n"
        "2026-11-04 11:00,phone,product,Wang Fang,Still leaking,,13800001234,,OLD-3\r\n");
    const Result r = run_ok(f, {"import", csv});
    CHECK(r.out == "imported 3 complaints\n");
    // The third is a possible duplicate of the first (same contact): a warning
    // with its line, as register warns.
    CHECK(r.err.find(csv + ":5: warning: ") != std::string::npos);
    const auto ids = cli_test::complaint_ids(f.db());
    REQUIRE(ids.size() == 3);
    CHECK(ids[0] == "20261102-TEL-001");
    const auto a = f.show(ids[0]);
    CHECK(a["customer"]["name"] == "王芳");
    CHECK(a["severity"] == "major");
    CHECK(a["description"] == "第一行\n第二行");
    CHECK(a["ref"] == "OLD-1");
    CHECK(a["received_at"] == "2026-11-02T09:00:00+08:00");
    CHECK(!a["milestones"]["resolve"]["due"].is_null());
    CHECK(a["events"][0]["actor"] == "tester");
    const auto b = f.show(ids[1]);
    CHECK(b["customer"]["name"] == "Acme, Ltd.");
    CHECK(b["summary"] == "Charged \"twice\"");
    CHECK(b["customer"]["contact"].is_null());
    CHECK(f.show(ids[2])["possible_duplicate_of"] == ids[0]);
    // Again: every ref is here already.
    const std::string before = cli_test::snapshot(f.db());
    CHECK(run_ok(f, {"import", csv}).out == "imported 0 complaints (3 here already, skipped)\n");
    CHECK(cli_test::snapshot(f.db()) == before);
    CHECK(run_ok(f, {"verify"}).out.rfind("ok: 3 complaints", 0) == 0);
}

TEST_CASE("import of CSV: errors name the file and the line, counting quoted line breaks") {
    Fixture f;
    f.register_complaint();
    struct Case {
        std::string text;
        int line;
        std::string message;
    };
    const std::string header = "received_at,channel,category,customer_name,summary\n";
    const std::string described =
        "received_at,channel,category,customer_name,summary,description\n";
    const std::vector<Case> cases{
        {"received_at,channel,category,customer_name\n", 1, "the header has no column 'summary'"},
        {"received_at,channel,category,customer_name,summary,custmer\n", 1,
         "unknown column 'custmer'"},
        {"received_at,channel,channel,customer_name,summary\n", 1, "'channel' appears twice"},
        {described + "2026-11-02 09:00,phone,product,A,S,\"two\nlines\"\n"
                     "2026-11-02,fax,product,B,S,\n",
         4, "unknown channel 'fax'"},
        {described + "2026-11-02 09:00,phone,product,A,S,\"A\r\n\r\n\"\r\n"
                     "2026-13-02,phone,product,B,S,\r\n",
         5, "received_at '2026-13-02' is not a time"},
        {header + "2026-11-02 09:00,phone,product,A,S\n2026-11-02,phone,product,,S\n", 3,
         "the column 'customer_name' is empty"},
        {header + "2026-11-02 09:00,phone,product,A\n", 2, "4 fields where the header has 5"},
        {header + "2026-11-02 09:00,phone,product,A,say \"hi\"\n", 2, "a \" inside a field"},
        {header + "2026-11-02 09:00,phone,product,A,\"open\nnever closed\n", 2,
         "a quoted field is never closed"},
        {header + "2026-11-02 09:00,phone,product,A,\"bell\x07\"\n", 2, "summary"},
        {"", 1, "no header row"},
        // Lone CRs end lines (Excel for Mac), inside quotes too (found by the
        // csv fuzz target).
        {"received_at,channel,category,customer_name,summary,description\r"
         "2026-11-02 09:00,phone,product,A,S,\"x\ry\"\r2026-11-02,fax,product,B,S,\r",
         4, "unknown channel 'fax'"},
    };
    for (const auto& c : cases) {
        CAPTURE(c.text);
        const std::string file = f.write_file("bad.csv", c.text);
        check_refused(f, {"import", file}, 65,
                      {file + ":" + std::to_string(c.line) + ": ", c.message});
    }
}

TEST_CASE("export: selection, CSV of complaint_facts, -o FILE whole with mode 0600") {
    Fixture f;
    const auto ids = populate(f);
    const Result closed = run_ok(f, {"export", "--status", "closed", "--status", "rejected"});
    CHECK(closed.out_lines().size() == 2);
    CHECK(run_ok(f, {"export", "--from", "2030-01-01"}).out.empty());
    CHECK(run_ok(f, {"export", "--to", "2026-11-23 10:00"}).out.empty());

    const Result csv = run_ok(f, {"--format", "csv", "export"});
    const auto rows = cli_test::parse_csv(csv.out);
    REQUIRE(rows.size() == ids.size() + 1);
    const Result facts =
        run_ok(f, {"--format", "csv", "query", "SELECT * FROM complaint_facts LIMIT 0"});
    CHECK(rows[0] == cli_test::parse_csv(facts.out)[0]);

    // -o: the file whole, readable by its owner only; nothing on stdout.
    const std::string out = (f.dir() / "out.jsonl").string();
    const Result to_file = run_ok(f, {"export", "-o", out});
    CHECK(to_file.out.empty());
    CHECK(cli_test::read_file(out) == run_ok(f, {"export"}).out);
    struct stat st {};
    REQUIRE(::stat(out.c_str(), &st) == 0);
    CHECK((st.st_mode & 0777) == 0600);
    // A directory that does not exist: 73, nothing left behind.
    const Result r = f.run({"export", "-o", (f.dir() / "no" / "such.jsonl").string()});
    CHECK(r.status == 73);
    cli_test::check_error_shape(r);

    // The CSV of an export imports as CSV (its other columns ignored, with a notice).
    const std::string file = f.write_file("facts.csv", csv.out);
    const Result imported = run_ok(f, {"--db", second_db(f), "import", file});
    CHECK(imported.out == "imported " + std::to_string(ids.size()) + " complaints\n");
    CHECK(imported.err.find("ignored columns (not read by import): id, status") !=
          std::string::npos);
}
