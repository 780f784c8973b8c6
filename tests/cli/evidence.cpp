// Evidence (SPEC §11): `attach` stores files in the database, `evidence`
// lists them and writes them back with their SHA-256 checked. Round trips of
// an empty, a binary, a CJK-named, a PNG and a 5 MB file, hashes checked
// against sha256sum; content stored once per hash; all files or none; the
// exit codes 65, 66, 73 and 74, the last on a database changed behind the
// tool's back.
#include "harness.hpp"
#include "steps.hpp"

#include <doctest/doctest.h>

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

using cli_test::check_refused;
using cli_test::count_rows;
using cli_test::Fixture;
using cli_test::read_file;
using cli_test::Result;
using cli_test::run_json;
using cli_test::run_ok;
using nlohmann::json;

namespace fs = std::filesystem;

namespace {

// A 1×1 PNG.
const std::string k_png(
    "\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\0\0\0\0\x3a\x7e\x9b\x55\0\0\0\nIDAT"
    "\x08\xd7\x63\x60\0\0\0\x02\0\x01\xe2\x21\xbc\x33\0\0\0\0IEND\xae\x42\x60\x82",
    67);

std::string all_bytes() {
    std::string s;
    for (int i = 0; i < 256; ++i) s += static_cast<char>(i);
    return s;
}

// 5 MB that no compressor or media type guesser makes anything of.
std::string noise(std::size_t size) {
    std::string s(size, '\0');
    std::uint32_t x = 2463534242U;
    for (auto& ch : s) {
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
        ch = static_cast<char>(x & 0xff);
    }
    return s;
}

std::string sha256sum(Fixture& f, const std::string& path) {
    const Result r = f.run_program("/usr/bin/sha256sum", {path});
    REQUIRE(r.status == 0);
    return r.out.substr(0, 64);
}

// Changes the stored content of the evidence named `name` behind the tool's
// back: to the bytes of `text`, or to none (NULL).
void change_content(Fixture& f, const std::string& name, const std::optional<std::string>& text) {
    const std::string value = !text                   ? "NULL"
                              : cli_test::on_server() ? "convert_to(?, 'UTF8')"
                                                      : "CAST(? AS BLOB)";
    cli_test::SqlParams params;
    if (text) params.emplace_back(*text);
    params.emplace_back(name);
    REQUIRE(
        cli_test::sql_execute(f.db(),
                              "UPDATE evidence_content SET content = " + value +
                                  " WHERE sha256 = (SELECT sha256 FROM evidence WHERE name = ?)",
                              params) == 1);
}

std::vector<std::string> files_in(const fs::path& dir) {
    std::vector<std::string> names;
    if (!fs::exists(dir)) return names;
    for (const auto& entry : fs::directory_iterator(dir))
        names.push_back(entry.path().filename().string());
    std::sort(names.begin(), names.end());
    return names;
}

struct Sample {
    std::string name, content, media_type, size_text;
};

std::vector<Sample> samples() {
    return {{"empty.bin", "", "application/x-empty", "0 bytes"},
            // Whatever libmagic makes of it (its version says "image/x-tga").
            {"all-bytes.bin", all_bytes(), "", "256 bytes"},
            {"投诉记录.txt", "2026-11-20 客户来电：水壶漏水。\n", "text/plain", "42 bytes"},
            {"pixel.png", k_png, "image/png", "67 bytes"},
            {"large.dat", noise(5 * 1024 * 1024 + 17), "application/octet-stream", "5.0 MB"}};
}

}  // namespace

TEST_CASE("attach and evidence: round trips of empty, binary, CJK-named, PNG and 5 MB files") {
    Fixture f;
    const std::string id = f.register_complaint();
    std::vector<std::string> args{"attach", id};
    const auto files = samples();
    for (const auto& s : files) args.push_back(f.write_file(s.name, s.content));
    args.insert(args.end(), {"--note", "from the shop"});
    const Result attached = run_ok(f, args);

    CHECK(count_rows(f.db(), "evidence") == 5);
    CHECK(count_rows(f.db(), "evidence_content") == 5);

    // The list: full hashes in JSON, equal to sha256sum's.
    const json list = run_json(f, {"evidence", id});
    REQUIRE(list.size() == files.size());
    std::vector<std::string> expected;
    for (std::size_t i = 0; i < files.size(); ++i) {
        const auto& s = files[i];
        CAPTURE(s.name);
        const std::string hash = sha256sum(f, (f.dir() / s.name).string());
        CHECK(list[i]["name"] == s.name);
        CHECK(list[i]["size"] == s.content.size());
        if (!s.media_type.empty()) CHECK(list[i]["media_type"] == s.media_type);
        CHECK(list[i]["sha256"] == hash);
        CHECK(list[i]["added_by"] == "tester");
        CHECK(list[i]["added_at"] == "2026-11-23T10:00:00+08:00");
        CHECK(list[i]["note"] == "from the shop");
        expected.push_back(id + "  " + s.name + "  " + s.size_text + "  " +
                           list[i]["media_type"].get<std::string>() + "  " + hash.substr(0, 12));
    }
    CHECK(attached.out_lines() == expected);

    // --extract writes each file byte for byte.
    const Result extracted = run_ok(f, {"evidence", id, "--extract", "out"});
    CHECK(extracted.out_lines().size() == files.size());
    CHECK(extracted.out_lines()[2] == "out/投诉记录.txt  42 bytes  sha256 " +
                                          list[2]["sha256"].get<std::string>().substr(0, 12) +
                                          " checked");
    for (const auto& s : files) {
        CAPTURE(s.name);
        CHECK(read_file(f.dir() / "out" / s.name) == s.content);
    }
    CHECK(files_in(f.dir() / "out").size() == files.size());  // no temporary file left

    // -o - writes one to standard output, byte for byte.
    for (const auto& s : files) {
        CAPTURE(s.name);
        const Result r = run_ok(f, {"evidence", id, "--name", s.name, "-o", "-"});
        CHECK(r.out == s.content);
    }
    // --extract --name: only that one, into a new nested directory.
    run_ok(f, {"evidence", id, "--extract", "one/two", "--name", "pixel.png"});
    CHECK(files_in(f.dir() / "one" / "two") == std::vector<std::string>{"pixel.png"});
}

TEST_CASE("evidence: the text table, CSV, show and evidence_facts") {
    Fixture f;
    const std::string id = f.register_complaint();
    const std::string path = f.write_file("photo.png", k_png);
    run_ok(f, {"attach", id, path, "--note", "the kettle"});
    const std::string hash = sha256sum(f, path);

    const Result text = run_ok(f, {"evidence", id});
    REQUIRE(text.out_lines().size() == 2);
    CHECK(text.out_lines()[0] ==
          "name           size  media_type  sha256        added_by  added_at          note");
    CHECK(text.out_lines()[1] == "photo.png  67 bytes  image/png   " + hash.substr(0, 12) +
                                     "  tester    2026-11-23 10:00  the kettle");

    const Result csv = run_ok(f, {"--format", "csv", "evidence", id});
    CHECK(csv.out ==
          "name,size,media_type,sha256,added_by,added_at,note\r\nphoto.png,67,image/png," + hash +
              ",tester,2026-11-23 10:00,the kettle\r\n");

    const json shown = f.show(id);
    REQUIRE(shown["evidence"].size() == 1);
    CHECK(shown["evidence"][0] == json{{"name", "photo.png"},
                                       {"size", 67},
                                       {"media_type", "image/png"},
                                       {"sha256", hash},
                                       {"added_by", "tester"},
                                       {"added_at", "2026-11-23T10:00:00+08:00"},
                                       {"note", "the kettle"}});
    CHECK(cli_test::event_types(shown).back() == "attach");

    const std::string show_text = run_ok(f, {"show", id}).out;
    CHECK(show_text.find("\nevidence\n  2026-11-23 10:00 tester: photo.png (67 bytes, image/png, "
                         "sha256 " +
                         hash.substr(0, 12) + "); the kettle\n") != std::string::npos);

    const json facts =
        run_json(f, {"query",
                     "SELECT id, name, size, media_type, sha256, added_by, added_at FROM "
                     "evidence_facts"});
    REQUIRE(facts.size() == 1);
    CHECK(facts[0]["id"] == id);
    CHECK(facts[0]["name"] == "photo.png");
    CHECK(facts[0]["size"] == 67);
    CHECK(facts[0]["media_type"] == "image/png");
    CHECK(facts[0]["sha256"] == hash);
    CHECK(facts[0]["added_by"] == "tester");
    CHECK(facts[0]["added_at"] == "2026-11-23T02:00:00Z");

    // attach --format json prints the complaint, its evidence included.
    const json changed = run_json(f, {"attach", id, f.write_file("b.txt", "b\n")});
    CHECK(changed["id"] == id);
    REQUIRE(changed["evidence"].size() == 2);
    CHECK(changed["evidence"][1]["name"] == "b.txt");
    CHECK(changed["evidence"][1]["note"] == nullptr);
}

TEST_CASE("attach: identical content is stored once") {
    Fixture f;
    const std::string id = f.register_complaint();
    const std::string other = f.register_complaint();
    const std::string a = f.write_file("a.txt", "same bytes\n");
    const std::string b = f.write_file("b.txt", "same bytes\n");
    const Result first = run_ok(f, {"attach", id, a, b});
    CHECK(first.out_lines().at(1).ends_with("  (same content as stored before)"));
    CHECK_FALSE(first.out_lines().at(0).ends_with("(same content as stored before)"));
    run_ok(f, {"attach", other, a});
    CHECK(count_rows(f.db(), "evidence") == 3);
    CHECK(count_rows(f.db(), "evidence_content") == 1);
    const Result again = run_ok(f, {"evidence", other, "--name", "a.txt", "-o", "-"});
    CHECK(again.out == "same bytes\n");
}

TEST_CASE("attach: a missing or unreadable file is exit 66 and nothing is stored") {
    Fixture f;
    const std::string id = f.register_complaint();
    const std::string a = f.write_file("a.txt", "a\n");
    fs::create_directory(f.dir() / "folder");
    SUBCASE("the first file") {
        check_refused(f, {"attach", id, "missing.pdf", a}, 66,
                      {"cannot read 'missing.pdf': No such file or directory"});
    }
    SUBCASE("the second file of the call") {
        check_refused(f, {"attach", id, a, "gone/missing.pdf"}, 66, {"'gone/missing.pdf'"});
    }
    SUBCASE("a directory") {
        check_refused(f, {"attach", id, a, "folder"}, 66,
                      {"cannot read 'folder': it is a directory"});
    }
    CHECK(count_rows(f.db(), "evidence") == 0);
    CHECK(count_rows(f.db(), "evidence_content") == 0);
}

TEST_CASE("attach: names the complaint has, or that repeat in the call, are exit 65") {
    Fixture f;
    const std::string id = f.register_complaint();
    const std::string a = f.write_file("a.txt", "a\n");
    fs::create_directory(f.dir() / "sub");
    const std::string a2 = f.write_file("sub/a.txt", "another a\n");
    run_ok(f, {"attach", id, a});
    check_refused(f, {"attach", id, f.write_file("b.txt", "b"), a2}, 65,
                  {"complaint " + id + " already has evidence named 'a.txt'; rename the file"});
    const std::string other = f.register_complaint();
    check_refused(f, {"attach", other, a, a2}, 65, {"two files named 'a.txt' in one attach"});
    check_refused(f, {"attach", "20261123-TEL-099", a}, 66, {"no complaint '20261123-TEL-099'"});
}

TEST_CASE("attach: allowed in every status, closed and withdrawn too") {
    for (const std::string status : {"closed", "withdrawn", "rejected", "on_hold"}) {
        CAPTURE(status);
        Fixture f;
        const std::string id = f.register_complaint();
        cli_test::bring_to(f, id, status);
        run_ok(f, {"attach", id, f.write_file("audit.txt", "checked\n")});
        const json shown = f.show(id);
        CHECK(shown["status"] == status);
        CHECK(shown["evidence"].size() == 1);
    }
}

TEST_CASE("evidence --extract: an existing file is exit 73 and nothing is written") {
    Fixture f;
    const std::string id = f.register_complaint();
    run_ok(f, {"attach", id, f.write_file("a.txt", "a\n"), f.write_file("b.txt", "b\n")});
    fs::create_directory(f.dir() / "out");
    f.write_file("out/b.txt", "mine\n");
    check_refused(f, {"evidence", id, "--extract", "out"}, 73,
                  {"'out/b.txt' exists; an existing file is never overwritten"});
    CHECK(files_in(f.dir() / "out") == std::vector<std::string>{"b.txt"});
    CHECK(read_file(f.dir() / "out" / "b.txt") == "mine\n");
    // --name picks the one that does not exist.
    run_ok(f, {"evidence", id, "--extract", "out", "--name", "a.txt"});
    CHECK(read_file(f.dir() / "out" / "a.txt") == "a\n");
}

TEST_CASE("evidence: content changed in the database behind the tool's back is exit 74") {
    Fixture f;
    const std::string id = f.register_complaint();
    run_ok(f, {"attach", id, f.write_file("order.txt", "order 4411, 2 kettles\n"),
               f.write_file("chat.txt", "customer: it leaks\n")});
    change_content(f, "order.txt", "order 4411, 9 kettles\n");
    SUBCASE("--extract: the file is not written, nor any temporary file") {
        check_refused(f, {"evidence", id, "--extract", "out", "--name", "order.txt"}, 74,
                      {"the stored content of 'order.txt' (complaint " + id +
                       ") does not match its SHA-256"});
        CHECK(files_in(f.dir() / "out").empty());
    }
    SUBCASE("-o -: nothing is written") {
        const Result r = check_refused(f, {"evidence", id, "--name", "order.txt", "-o", "-"}, 74,
                                       {"'order.txt'"});
        CHECK(r.out.empty());
    }
    SUBCASE("content removed") {
        change_content(f, "chat.txt", std::nullopt);
        check_refused(f, {"evidence", id, "--extract", "out2", "--name", "chat.txt"}, 74,
                      {"'chat.txt'"});
        CHECK(files_in(f.dir() / "out2").empty());
    }
    SUBCASE("the untouched file still extracts") {
        run_ok(f, {"evidence", id, "--extract", "out", "--name", "chat.txt"});
        CHECK(read_file(f.dir() / "out" / "chat.txt") == "customer: it leaks\n");
    }
}

TEST_CASE("evidence: choosing a file") {
    Fixture f;
    const std::string id = f.register_complaint();
    check_refused(f, {"evidence", id, "-o", "-"}, 66, {"complaint " + id + " has no evidence"});
    CHECK(run_ok(f, {"evidence", id}).out_lines() ==
          std::vector<std::string>{"name  size  media_type  sha256  added_by  added_at  note"});
    run_ok(f, {"attach", id, f.write_file("a.txt", "a\n"), f.write_file("b.txt", "b\n")});
    check_refused(f, {"evidence", id, "-o", "-"}, 64,
                  {"complaint " + id + " has 2 files; -o - writes one",
                   "hint: choose one with --name: a.txt, b.txt"});
    check_refused(
        f, {"evidence", id, "--name", "c.txt"}, 66,
        {"complaint " + id + " has no evidence named 'c.txt'", "hint: its files: a.txt, b.txt"});
    check_refused(f, {"evidence", id, "-o", "file.out", "--name", "a.txt"}, 64,
                  {"-o takes only '-'"});
    check_refused(f, {"--format", "json", "evidence", id, "-o", "-", "--name", "a.txt"}, 64);
    check_refused(f, {"evidence", "20261123-TEL-099"}, 66, {"no complaint '20261123-TEL-099'"});
}

TEST_CASE("attach and evidence: help with examples") {
    Fixture f;
    const Result attach = run_ok(f, {"attach", "--help"});
    CHECK(attach.out.find("Examples:\n  complaints attach 20261123-TEL-001") != std::string::npos);
    const Result evidence = run_ok(f, {"evidence", "--help"});
    CHECK(evidence.out.find("complaints evidence 20261123-TEL-001 --extract ./case-001") !=
          std::string::npos);
}

TEST_CASE("attach: a file above [evidence] max_file is exit 65 and nothing is stored") {
    Fixture f;
    f.write_file("complaints.toml", "[evidence]\nmax_file = \"1KB\"\n");
    const std::string id = f.register_complaint();
    const std::string small = f.write_file("small.txt", std::string(1024, 'x'));
    const std::string big = f.write_file("big.txt", std::string(1025, 'x'));
    check_refused(f, {"attach", id, small, big}, 65,
                  {"cannot attach 'big.txt': it is 1.0 KB (1025 bytes), above [evidence] max_file "
                   "1.0 KB (1024 bytes)"});
    run_ok(f, {"attach", id, small});
    CHECK(count_rows(f.db(), "evidence_content") == 1);
}

TEST_CASE("attach: a viewer is exit 77 and nothing is stored") {
    Fixture f;
    f.write_file("complaints.toml",
                 "[people.tester]\nname = \"Tester\"\n\n[people.zhao]\nname = \"Zhao\"\nrole = "
                 "\"viewer\"\n");
    const std::string id = f.register_complaint();
    check_refused(f, {"--as", "zhao", "attach", id, f.write_file("a.txt", "a")}, 77, {"zhao"});
    check_refused(f, {"--as", "nobody", "attach", id, f.write_file("b.txt", "b")}, 77);
    CHECK(count_rows(f.db(), "evidence_content") == 0);
}
