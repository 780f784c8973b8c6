// The Chinese interface (SPEC §15): the same commands run in English and in
// Chinese (LANG=zh_CN.UTF-8, under the locale the build made with localedef:
// LOCPATH). In Chinese, messages, help, table headers and status names are
// Chinese; JSON, CSV and the views' column names are byte-for-byte the
// English run's; exit statuses are the same. English is the default, and a
// Chinese environment without the locale, or LANGUAGE under the C locale,
// stays English.
#include "harness.hpp"
#include "remind_support.hpp"
#include "steps.hpp"

#include <doctest/doctest.h>

#include <map>
#include <regex>
#include <string>
#include <vector>

using cli_test::EnvChanges;
using cli_test::Fixture;
using cli_test::Result;

namespace {

const EnvChanges k_chinese{{"LANG", "zh_CN.UTF-8"}, {"LOCPATH", COMPLAINTS_TEST_LOCPATH}};
const EnvChanges k_english{{"LANG", "C"}};

bool has_cjk(const std::string& text) {
    // U+4E00..U+9FFF in UTF-8: E4 B8 80 .. E9 BF BF.
    for (std::size_t i = 0; i + 2 < text.size(); ++i) {
        const auto c = static_cast<unsigned char>(text[i]);
        if (c >= 0xE4 && c <= 0xE9) return true;
    }
    return false;
}

// English prose: three words of letters in a row ("Record a new"), not in
// quotes, options, example command lines or file names.
std::vector<std::string> english_lines(const std::string& text) {
    static const std::regex prose(R"((^|[^-\w'./=])[A-Za-z]{2,} [a-z]{2,} [a-z]{2,}( |$|[,.;:]))");
    std::vector<std::string> found;
    std::size_t start = 0;
    while (start < text.size()) {
        std::size_t end = text.find('\n', start);
        if (end == std::string::npos) end = text.size();
        const std::string line = text.substr(start, end - start);
        start = end + 1;
        // Example lines of the footers are commands, as typed.
        if (line.find("complaints ") != std::string::npos || line.find("$(") != std::string::npos ||
            line.find("| ") != std::string::npos || line.find("  --") == 0)
            continue;
        if (std::regex_search(line, prose)) found.push_back(line);
    }
    return found;
}

struct Both {
    Result english, chinese;
};

Both run_both(Fixture& fx, const std::vector<std::string>& args,
              const std::string& stdin_text = "") {
    return {fx.run(args, stdin_text, k_english), fx.run(args, stdin_text, k_chinese)};
}

std::string joined(const std::vector<std::string>& args) {
    std::string text;
    for (const auto& a : args) text += (text.empty() ? "" : " ") + a;
    return text;
}

}  // namespace

TEST_CASE("i18n: English is the default, and unchanged by a LANG in English") {
    Fixture fx;
    const Result plain = fx.run({"--help"});
    const Result english = fx.run({"--help"}, "", {{"LANG", "en_US.UTF-8"}});
    const Result c = fx.run({"--help"}, "", k_english);
    CHECK(plain.status == 0);
    CHECK(plain.out.find("Record a new complaint and print its number") != std::string::npos);
    CHECK(english.out == plain.out);
    CHECK(c.out == plain.out);
    CHECK_FALSE(has_cjk(plain.out));
}

TEST_CASE("i18n: the top-level help and every command's help are in Chinese") {
    Fixture fx;
    const Result top = fx.run({"--help"}, "", k_chinese);
    REQUIRE(top.status == 0);
    CHECK(top.out.find("用法：complaints") != std::string::npos);  // a full-width colon
    CHECK(top.out.find("选项：\n") != std::string::npos);
    CHECK(top.out.find("Record a new complaint") == std::string::npos);
    CHECK(english_lines(top.out).empty());
    for (const std::string command :
         {"init",   "register", "assign", "investigate", "resolve", "revisit", "contact",
          "reject", "withdraw", "hold",   "resume",      "edit",    "approve", "decline",
          "attach", "evidence", "show",   "list",        "report",  "query",   "remind",
          "policy", "verify",   "backup", "anonymize",   "export",  "import"}) {
        CAPTURE(command);
        const Both help = run_both(fx, {command, "--help"});
        CHECK(help.english.status == 0);
        CHECK(help.chinese.status == 0);
        CHECK(has_cjk(help.chinese.out));
        // (English footers may show Chinese data in their examples.)
        CHECK(help.english.out.find("Usage:") != std::string::npos);
        CHECK(help.chinese.out.find("Usage:") == std::string::npos);
        CHECK(help.chinese.out.find("Options:") == std::string::npos);
        const auto left = english_lines(help.chinese.out);
        CHECK_MESSAGE(left.empty(), "English left in '" << command << " --help': " << left.front());
    }
    for (const std::string sub : {"summary", "overdue", "trend", "milestones", "monthly"}) {
        CAPTURE(sub);
        const Result help = fx.run({"report", sub, "--help"}, "", k_chinese);
        CHECK(help.status == 0);
        const auto left = english_lines(help.out);
        CHECK_MESSAGE(left.empty(),
                      "English left in 'report " << sub << " --help': " << left.front());
    }
}

TEST_CASE("i18n: errors are in Chinese, with the same exit status, and change nothing") {
    Fixture fx;
    const std::string id = fx.register_complaint();
    fx.write_file("bad.toml", "[organization]\ntimezone = \"Mars/Olympus\"\n");
    struct Case {
        std::vector<std::string> args;
        int status;
    };
    const std::vector<Case> cases = {
        {{"frobnicate"}, 64},                            // unknown command (cli)
        {{"assign", id}, 64},                            // a required option (CLI11)
        {{"list", "--limit", "ten"}, 64},                // a conversion (cli)
        {{"show", "20990101-TEL-001"}, 66},              // no such complaint (storage)
        {{"revisit", id, "--result", "satisfied"}, 65},  // not resolved yet (domain)
        {{"register", "--channel", "pigeon", "--category", "product", "--customer", "x",
          "--summary", "y"},
         65},                                             // not in the policy (domain/cli)
        {{"--policy", "bad.toml", "list"}, 78},           // invalid policy (policy)
        {{"--db", "/nonexistent/dir/x.db", "list"}, 66},  // no database (storage)
        {{"assign", id, "--to", "zhang", "--at", "yesterday-ish"}, 64},  // a time (cli, domain)
    };
    for (const Case& c : cases) {
        CAPTURE(joined(c.args));
        const std::string before = cli_test::snapshot(fx.db());
        const Both r = run_both(fx, c.args);
        CHECK(r.english.status == c.status);
        CHECK(r.chinese.status == c.status);
        CHECK(r.chinese.out.empty());
        CHECK(r.english.err.rfind("complaints: error: ", 0) == 0);
        CHECK(r.chinese.err.rfind("complaints: 错误：", 0) == 0);
        CHECK_MESSAGE(
            has_cjk(r.chinese.err_first_line().substr(std::string("complaints: 错误：").size())),
            r.chinese.err);
        CHECK(cli_test::snapshot(fx.db()) == before);
    }
}

TEST_CASE("i18n: tables have Chinese headers and statuses; JSON and CSV are unchanged") {
    Fixture fx;
    const std::string id = fx.register_complaint();
    const std::string other = fx.register_complaint({"--summary", "Late delivery"});
    REQUIRE(fx.run({"assign", other, "--to", "zhang"}).status == 0);

    const Both list = run_both(fx, {"list"});
    REQUIRE(list.english.status == 0);
    REQUIRE(list.chinese.status == 0);
    CHECK(list.english.out.find("registered") != std::string::npos);
    CHECK(list.chinese.out.find("已登记") != std::string::npos);
    CHECK(list.chinese.out.find("已分派") != std::string::npos);
    CHECK(list.chinese.out.find("registered") == std::string::npos);
    // The header line is Chinese; the complaint numbers are as they are.
    CHECK(has_cjk(list.chinese.out_lines().at(0)));
    CHECK(list.chinese.out.find(id) != std::string::npos);

    for (const std::vector<std::string>& args : std::vector<std::vector<std::string>>{
             {"--format", "json", "list"},
             {"--format", "csv", "list"},
             {"--format", "json", "show", id},
             {"--format", "csv", "report", "summary"},
             {"--format", "json", "report", "overdue"},
             {"--format", "csv", "query", "SELECT * FROM complaint_facts"},
             {"export"}}) {
        CAPTURE(joined(args));
        const Both r = run_both(fx, args);
        CHECK(r.english.status == 0);
        CHECK(r.chinese.out == r.english.out);
    }
    // query's text table: the views' column names stay as they are.
    const Both query =
        run_both(fx, {"query", "SELECT id, status FROM complaint_facts ORDER BY id"});
    CHECK(query.chinese.out == query.english.out);

    // Milestone names and the "due in" cells of report overdue, in text only.
    const Both overdue = run_both(fx, {"report", "overdue", "--within", "5wd"});
    REQUIRE(overdue.chinese.status == 0);
    CHECK(overdue.english.out.find("acknowledge") != std::string::npos);
    CHECK(overdue.chinese.out.find("确认受理") != std::string::npos);
    CHECK(overdue.chinese.out.find("acknowledge") == std::string::npos);
    CHECK(english_lines(overdue.chinese.out).empty());

    // A spreadsheet has the same column names and cells in both languages
    // (read back with openpyxl, as tests/cli/xlsx.cpp does).
    const auto workbook = [&](const EnvChanges& env, const std::string& name) {
        const Result r = fx.run(
            {"--format", "xlsx", "report", "overdue", "--within", "5wd", "-o", name}, "", env);
        REQUIRE(r.status == 0);
        const Result dump = fx.run_program(
            "/usr/bin/python3",
            {(cli_test::source_dir() / "tests/xlsx/dump.py").string(), (fx.dir() / name).string()});
        REQUIRE(dump.status == 0);
        return cli_test::parse_json(dump.out);
    };
    // Only the policy's labels differ, as in text: the built-in policy's are
    // in the catalogue ("General" is 一般); a policy file's are as written.
    const auto english_book = workbook(k_english, "en.xlsx");
    auto chinese_book = workbook(k_chinese, "zh.xlsx");
    CHECK(english_book["rows"][0][1]["value"] == "milestone");
    CHECK(english_book["rows"][0][6]["value"] == "severity");
    REQUIRE(chinese_book["rows"].size() == english_book["rows"].size());
    for (std::size_t i = 1; i < chinese_book["rows"].size(); ++i) {
        CHECK(english_book["rows"][i][6]["value"] == "General");
        CHECK(chinese_book["rows"][i][6]["value"] == "一般");
        chinese_book["rows"][i][6]["value"] = "General";
    }
    CHECK(chinese_book == english_book);

    const Both report = run_both(fx, {"report", "summary"});
    CHECK(report.chinese.status == 0);
    CHECK(has_cjk(report.chinese.out_lines().at(0)));
}

TEST_CASE("i18n: show is in Chinese") {
    Fixture fx;
    const std::string id = fx.register_complaint();
    const Both show = run_both(fx, {"show", id});
    REQUIRE(show.chinese.status == 0);
    CHECK(show.chinese.out.find("已登记") != std::string::npos);
    CHECK(show.chinese.out.find("Wang Fang") != std::string::npos);  // data stays data
    CHECK(show.chinese.out.find(id) != std::string::npos);
    CHECK(english_lines(show.chinese.out).empty());
}

TEST_CASE("i18n: the monthly page is in Chinese") {
    Fixture fx;
    fx.register_complaint();
    const Both page = run_both(fx, {"report", "monthly", "--month", "2026-11"});
    REQUIRE(page.english.status == 0);
    REQUIRE(page.chinese.status == 0);
    CHECK(page.english.out.find("<html lang=\"en\"") != std::string::npos);
    CHECK(page.chinese.out.find("<html lang=\"zh-CN\"") != std::string::npos);
    CHECK(page.chinese.out.find("Received") == std::string::npos);
}

TEST_CASE("i18n: without the locale, or with LANGUAGE under C, the interface stays English") {
    Fixture fx;
    const Result english = fx.run({"--help"}, "", k_english);
    const Result no_locale =
        fx.run({"--help"}, "", {{"LANG", "zh_CN.UTF-8"}, {"LOCPATH", fx.dir().string()}});
    CHECK(no_locale.status == 0);
    CHECK(no_locale.out == english.out);
    const Result language =
        fx.run({"--help"}, "",
               {{"LANG", "C"}, {"LANGUAGE", "zh_CN"}, {"LOCPATH", COMPLAINTS_TEST_LOCPATH}});
    CHECK(language.out == english.out);
    // LC_ALL wins over LANG, as everywhere.
    const Result lc_all =
        fx.run({"--help"}, "",
               {{"LANG", "zh_CN.UTF-8"}, {"LC_ALL", "C"}, {"LOCPATH", COMPLAINTS_TEST_LOCPATH}});
    CHECK(lc_all.out == english.out);
    const Result messages = fx.run(
        {"--help"}, "",
        {{"LANG", "C"}, {"LC_MESSAGES", "zh_CN.UTF-8"}, {"LOCPATH", COMPLAINTS_TEST_LOCPATH}});
    CHECK(has_cjk(messages.out));
}

TEST_CASE("i18n: what a Chinese run stores is what an English run stores") {
    // The same steps, to every status, in two databases: one in each language.
    // Their exports (every field and event, the chain's hashes) are the same:
    // nothing translated is ever stored.
    Fixture english_fx, chinese_fx;
    for (auto* run : {&english_fx, &chinese_fx}) {
        const EnvChanges& env = run == &english_fx ? k_english : k_chinese;
        for (const std::string status : {"registered", "assigned", "investigating", "resolved",
                                         "closed", "on_hold", "rejected", "withdrawn"}) {
            const std::string id = run->register_complaint({}, env);
            for (const auto& step : cli_test::steps_to(status)) {
                std::vector<std::string> args{step.front(), id};
                args.insert(args.end(), step.begin() + 1, step.end());
                cli_test::run_ok(*run, args, env);
            }
        }
        cli_test::run_ok(*run, {"resume", "20261123-TEL-006"}, env);
        cli_test::run_ok(*run, {"contact", "20261123-TEL-001", "--note", "called"}, env);
    }
    const Result english = english_fx.run({"export"}, "", k_english);
    const Result chinese = chinese_fx.run({"export"}, "", k_english);
    REQUIRE(english.status == 0);
    CHECK(chinese.out == english.out);
    CHECK(english.out.find("20261123-TEL-008") != std::string::npos);
}

TEST_CASE("i18n: reminder e-mails in Chinese; what remind records is the same") {
    Fixture english_fx, chinese_fx;
    remind_test::build(english_fx);
    remind_test::build(chinese_fx);
    const remind_test::Mailbox english_box = remind_test::mailbox(english_fx);
    const remind_test::Mailbox chinese_box = remind_test::mailbox(chinese_fx);
    REQUIRE(english_fx.run({"remind", "--sendmail", english_box.command()}, "", k_english).status ==
            0);
    REQUIRE(chinese_fx.run({"remind", "--sendmail", chinese_box.command()}, "", k_chinese).status ==
            0);
    const auto english = english_box.take();
    const auto chinese = chinese_box.take();
    REQUIRE_FALSE(chinese.empty());
    REQUIRE(chinese.size() == english.size());
    // The mailbox's files are named at random: compare the messages by
    // recipient and the complaint numbers they name.
    const auto recipients = [](const remind_test::Mail& m) {
        static const std::regex number(R"(\d{8}-[A-Z]+-\d{3})");
        std::string key = m.one("to");
        for (std::sregex_iterator i(m.body.begin(), m.body.end(), number), end; i != end; ++i)
            key += " " + i->str();
        return key;
    };
    std::map<std::string, remind_test::Mail> english_by_to, chinese_by_to;
    for (const auto& text : english) {
        const remind_test::Mail m = remind_test::parse_mail(text);
        english_by_to.emplace(recipients(m), m);
    }
    for (const auto& text : chinese) {
        const remind_test::Mail m = remind_test::parse_mail(text);
        chinese_by_to.emplace(recipients(m), m);
    }
    REQUIRE(chinese_by_to.size() == chinese.size());
    for (const auto& [to, zh] : chinese_by_to) {
        CAPTURE(to);
        CAPTURE(zh.body);
        REQUIRE(english_by_to.count(to) == 1);
        CHECK(has_cjk(zh.one("subject")));
        CHECK_FALSE(has_cjk(english_by_to.at(to).one("subject")));
        CHECK(zh.one("subject").find("[complaints]") != std::string::npos);
        CHECK(has_cjk(zh.body));
        const auto left = english_lines(zh.body);
        CHECK_MESSAGE(left.empty(), "English left in a Chinese reminder: " << left.front());
    }
    CHECK(remind_test::remind_events(chinese_fx) == remind_test::remind_events(english_fx));
}
