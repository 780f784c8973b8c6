// send_mail (src/cli/sendmail.cpp): a message counts as handed over only when
// the command read all of it and exited 0, whatever its size against the pipe.
#include "../../src/cli/sendmail.hpp"

#include <doctest/doctest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

#include <unistd.h>

namespace fs = std::filesystem;
using complaints::cli::send_mail;

namespace {

std::string slurp(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// A directory under the temporary directory, removed at the end.
struct Scratch {
    fs::path path =
        fs::temp_directory_path() / ("complaints-sendmail-" + std::to_string(::getpid()));
    Scratch() { fs::create_directories(path); }
    ~Scratch() { fs::remove_all(path); }
};

}  // namespace

TEST_CASE("send_mail") {
    const Scratch dir;
    const std::string out = (dir.path / "out").string();
    // A message larger than a pipe holds (64 KiB on Linux) and a small one.
    std::string big_text;
    for (int i = 0; big_text.size() < 1024 * 1024; ++i)
        big_text += "line " + std::to_string(i) + "\n";
    const std::string& big = big_text;
    const std::string small = "Subject: hi\n\nbody\n";

    SUBCASE("a command that reads everything has it") {
        for (const auto* message : {&small, &big}) {
            CHECK(send_mail("cat > '" + out + "'", *message).empty());
            CHECK(slurp(out) == *message);
        }
    }
    SUBCASE("one that reads everything after a while has it too") {
        CHECK(send_mail("sleep 1; cat > '" + out + "'", big).empty());
        CHECK(slurp(out) == big);
    }
    SUBCASE("one that reads nothing, or part, and exits 0 has not") {
        for (const auto* message : {&small, &big}) {
            CHECK(send_mail("true", *message) == "it did not read the whole message");
            CHECK(send_mail("head -c 5 > /dev/null", *message) ==
                  "it did not read the whole message");
        }
        CHECK(send_mail("head -c 100000 > /dev/null", big) == "it did not read the whole message");
    }
    SUBCASE("a failing command is named by its status") {
        CHECK(send_mail("cat > /dev/null; exit 3", small) == "exit 3");
        CHECK(send_mail("exit 3", big) == "exit 3");
        CHECK(send_mail("/nonexistent/sendmail", small) == "command not found (exit 127)");
        CHECK(send_mail("kill -TERM $$", small) == "killed by signal 15");
    }
}
