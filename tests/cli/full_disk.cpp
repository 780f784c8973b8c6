// The full-disk test (SPEC §12, "How it is proven"): on a small filesystem
// (a tmpfs of a few hundred KiB, mounted by the test), commands that write
// until the disk is full. The one that finds it full fails with exit 74 (not
// 70, not a crash), and the database still verifies and still lists. And a
// `register` that would create a new database on a full filesystem fails
// without leaving a database file behind.
//
// Mounting needs root (CAP_SYS_ADMIN); where it is not allowed the tests
// are skipped with a message that says why.
#include "harness.hpp"

#include <doctest/doctest.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <optional>
#include <string>
#include <vector>

#include <fcntl.h>
#include <sys/mount.h>
#include <unistd.h>

using cli_test::EnvChanges;
using cli_test::Fixture;
using cli_test::Result;
namespace fs = std::filesystem;

namespace {

// A tmpfs of `size` mounted on a new directory, unmounted on destruction.
class SmallFilesystem {
public:
    SmallFilesystem(const fs::path& where, const std::string& size) : m_path(where) {
        fs::create_directory(m_path);
        const std::string options = "size=" + size + ",mode=0700";
        if (::mount("tmpfs", m_path.c_str(), "tmpfs", 0, options.c_str()) == 0)
            m_mounted = true;
        else
            m_why = std::strerror(errno);
    }
    ~SmallFilesystem() {
        if (m_mounted) ::umount2(m_path.c_str(), MNT_DETACH);
    }
    SmallFilesystem(const SmallFilesystem&) = delete;
    SmallFilesystem& operator=(const SmallFilesystem&) = delete;

    [[nodiscard]] bool mounted() const { return m_mounted; }
    [[nodiscard]] const std::string& why_not() const { return m_why; }
    [[nodiscard]] const fs::path& path() const { return m_path; }

private:
    fs::path m_path;
    bool m_mounted = false;
    std::string m_why;
};

// Mounts a small filesystem inside the fixture's directory, or says why not.
std::optional<std::string> cannot_mount(const SmallFilesystem& disk) {
    if (disk.mounted()) return std::nullopt;
    return "skipped: cannot mount a small tmpfs on " + disk.path().string() + " (" +
           disk.why_not() + "; mounting needs root or CAP_SYS_ADMIN)";
}

// Fills the filesystem at `dir` with one file until a write fails with ENOSPC.
void fill(const fs::path& dir) {
    const int fd = ::open((dir / "filler").c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    REQUIRE(fd >= 0);
    const std::string block(4096, 'x');
    int error = 0;
    for (;;) {
        const ssize_t n = ::write(fd, block.data(), block.size());
        if (n < 0) {
            error = errno;
            break;
        }
        if (n == 0) break;
    }
    ::close(fd);
    REQUIRE(error == ENOSPC);
}

std::vector<std::string> register_args(int n, const std::string& description) {
    return {"register",      "--channel", "phone",
            "--category",    "product",   "--customer",
            "Full Disk",     "--summary", "Complaint " + std::to_string(n),
            "--description", description};
}

}  // namespace

TEST_CASE("full disk: the write that finds the disk full exits 74 and the database still verifies" *
          doctest::test_suite("sqlite")) {
    Fixture f;
    SmallFilesystem disk(f.dir() / "small", "512k");
    if (const auto why = cannot_mount(disk)) {
        MESSAGE(*why);
        return;
    }
    const std::string db = (disk.path() / "complaints.db").string();
    const EnvChanges env{{"COMPLAINTS_DB", db}};

    // Each complaint carries 16 KiB of description: a few dozen fill the disk.
    const std::string description(16 * 1024, 'd');
    int registered = 0;
    std::optional<Result> failed;
    for (int n = 1; n <= 200 && !failed; ++n) {
        Result r = f.run(register_args(n, description), "", env);
        if (r.status == 0)
            ++registered;
        else
            failed = r;
    }
    REQUIRE_MESSAGE(failed, "200 complaints of 16 KiB did not fill a 512 KiB filesystem");
    INFO("after " << registered << " complaints: exit " << failed->status << ": " << failed->err);
    CHECK(registered > 0);
    CHECK(failed->status == 74);
    cli_test::check_error_shape(*failed);

    // Other writes while it is full fail the same way.
    const Result assign = f.run({"assign", "20261123-TEL-001", "--to", "zhang"}, "", env);
    INFO("assign: exit " << assign.status << ": " << assign.err);
    CHECK((assign.status == 0 || assign.status == 74));

    const Result verify = f.run({"verify"}, "", env);
    INFO("verify: " << verify.out << verify.err);
    CHECK(verify.status == 0);
    CHECK(verify.out.rfind("ok: ", 0) == 0);
    const Result list = f.run({"--format", "json", "list"}, "", env);
    INFO("list: " << list.err);
    REQUIRE(list.status == 0);
    CHECK(cli_test::parse_json(list.out).size() == static_cast<std::size_t>(registered));
    CHECK(cli_test::count_rows(db, "complaint") == registered);
}

TEST_CASE("full disk: register creating a new database on a full disk leaves no database file" *
          doctest::test_suite("sqlite")) {
    Fixture f;
    SmallFilesystem disk(f.dir() / "small", "256k");
    if (const auto why = cannot_mount(disk)) {
        MESSAGE(*why);
        return;
    }
    fill(disk.path());
    const fs::path db = disk.path() / "complaints.db";
    const Result r = f.run(register_args(1, "d"), "", {{"COMPLAINTS_DB", db.string()}});
    INFO("exit " << r.status << ": " << r.err);
    CHECK((r.status == 73 || r.status == 74));
    cli_test::check_error_shape(r);
    for (const char* suffix : {"", "-wal", "-shm", "-journal"}) {
        const fs::path file = db.string() + suffix;
        CHECK_MESSAGE(!fs::exists(file), file.string() << " was left behind");
    }
}
