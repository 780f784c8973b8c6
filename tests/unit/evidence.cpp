// domain::attach and its checks of names and sizes (SPEC §11, evidence);
// format_size.
#include <complaints/domain/error.hpp>
#include <complaints/domain/evidence.hpp>
#include <complaints/domain/lifecycle.hpp>
#include <complaints/files/file.hpp>
#include <complaints/storage/database.hpp>

#include <doctest/doctest.h>

#include "support.hpp"

#include <algorithm>
#include <array>
#include <filesystem>
#include <fstream>
#include <functional>
#include <string>
#include <vector>

using namespace complaints;
using namespace complaints::domain;

using test_support::at;
using test_support::check_refused;
using test_support::cst;
using test_support::in_status;
using test_support::k_number;
using test_support::shanghai;

namespace {

EvidenceItem file(std::string name, std::int64_t size = 10) {
    return {std::move(name), size, "text/plain",
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"};
}

AttachRequest request(std::vector<EvidenceItem> files,
                      std::optional<std::string> note = std::nullopt) {
    return {std::move(files), std::move(note)};
}

const Instant k_later = cst(2026, 11, 24, 9);

std::string refused_message(const std::function<void()>& step, ExitCode code) {
    try {
        step();
    } catch (const Error& e) {
        CHECK(e.code() == code);
        return e.what();
    }
    FAIL("expected a refusal");
    return "";
}

}  // namespace

TEST_CASE("attach: in every status, final ones too") {
    const Policy p = shanghai();
    for (const Status status : all_values<Status>()) {
        if (status == Status::awaiting_approval) continue;  // reached only with approval
        CAPTURE(to_string(status));
        Complaint c = in_status(status, p);
        const Complaint before = c;
        const Event e =
            attach(c, request({file("订单.pdf", 1234), file("chat.txt")}, "from the shop"), {}, p,
                   at(k_later, "wang"));
        CHECK(c.status == status);
        CHECK(c.last_event_at == k_later);
        CHECK(c.closed_at == before.closed_at);
        CHECK(e.type() == EventType::attach);
        CHECK(e.actor == "wang");
        CHECK(e.at == k_later);
        const auto* d = e.as<AttachDetails>();
        REQUIRE(d != nullptr);
        REQUIRE(d->files.size() == 2);
        CHECK(d->files[0].name == "订单.pdf");
        CHECK(d->files[0].size == 1234);
        CHECK(d->files[1].name == "chat.txt");
        CHECK(d->note == "from the shop");
        // The milestones stay as they were.
        for (const Milestone m : k_milestones) {
            CHECK(c.milestone(m).due == before.milestone(m).due);
            CHECK(c.milestone(m).met_at == before.milestone(m).met_at);
        }
    }
}

TEST_CASE("attach: the size limit of [evidence] max_file") {
    Policy p = shanghai();
    p.evidence.max_file = 20 * 1024 * 1024;
    Complaint c = in_status(Status::investigating, p);
    SUBCASE("equal to the limit is allowed") {
        attach(c, request({file("a.bin", p.evidence.max_file)}), {}, p, at(k_later));
        CHECK(c.last_event_at == k_later);
    }
    SUBCASE("a byte above is refused naming the file and the limit") {
        const auto message = check_refused(c, [&](Complaint& x) {
            attach(x, request({file("small.txt"), file("big.bin", p.evidence.max_file + 1)}), {}, p,
                   at(k_later));
        });
        CHECK(message ==
              "cannot attach 'big.bin': it is 20.0 MB (20971521 bytes), above [evidence] "
              "max_file 20.0 MB (20971520 bytes)");
    }
    SUBCASE("check_attach_files alone, before any content is read") {
        p.evidence.max_file = 100;
        CHECK_NOTHROW(check_attach_files(std::vector{file("a", 100)}, p));
        CHECK(refused_message([&] { check_attach_files(std::vector{file("a", 101)}, p); },
                              ExitCode::data) ==
              "cannot attach 'a': it is 101 bytes, above [evidence] max_file 100 bytes");
    }
}

TEST_CASE("attach: names") {
    const Policy p = shanghai();
    Complaint c = in_status(Status::assigned, p);
    SUBCASE("a name the complaint already has") {
        const std::vector<std::string> existing{"other.txt", "photo.jpg"};
        const auto message = check_refused(c, [&](Complaint& x) {
            attach(x, request({file("new.txt"), file("photo.jpg")}), existing, p, at(k_later));
        });
        CHECK(message ==
              "complaint " + k_number + " already has evidence named 'photo.jpg'; rename the file");
    }
    SUBCASE("a name twice in one call") {
        const auto message = check_refused(c, [&](Complaint& x) {
            attach(x, request({file("a.txt"), file("b.txt"), file("a.txt")}), {}, p, at(k_later));
        });
        CHECK(message == "two files named 'a.txt' in one attach");
    }
    SUBCASE("not a file name") {
        for (const std::string name : {"", ".", "..", "a/b", "line\nbreak"}) {
            CAPTURE(name);
            check_refused(
                c, [&](Complaint& x) { attach(x, request({file(name)}), {}, p, at(k_later)); });
        }
    }
    SUBCASE("no file at all") {
        check_refused(
            c, [&](Complaint& x) { attach(x, request({}), {}, p, at(k_later)); }, ExitCode::usage);
    }
}

TEST_CASE("attach: time and actor") {
    Policy p = shanghai();
    Complaint c = in_status(Status::investigating, p);
    SUBCASE("before the latest step") {
        const auto message = check_refused(c, [&](Complaint& x) {
            attach(x, request({file("a.txt")}), {}, p,
                   at(*c.last_event_at - std::chrono::minutes(1)));
        });
        CHECK(message.find("is before the latest recorded step of complaint " + k_number) !=
              std::string::npos);
    }
    SUBCASE("in the future") {
        Stamp stamp = at(k_later);
        stamp.at = k_later + std::chrono::hours(1);
        check_refused(c, [&](Complaint& x) { attach(x, request({file("a.txt")}), {}, p, stamp); });
    }
    SUBCASE("a blank note") {
        check_refused(
            c, [&](Complaint& x) { attach(x, request({file("a.txt")}, "  "), {}, p, at(k_later)); },
            ExitCode::usage);
    }
    SUBCASE("with [people]: someone not in it, and a viewer (77)") {
        Person li;
        li.key = "li";
        li.name = "Li";
        Person zhao;
        zhao.key = "zhao";
        zhao.name = "Zhao";
        zhao.role = Role::viewer;
        p.people = {li, zhao};
        check_refused(
            c, [&](Complaint& x) { attach(x, request({file("a.txt")}), {}, p, at(k_later, "wu")); },
            ExitCode::no_permission);
        check_refused(
            c,
            [&](Complaint& x) { attach(x, request({file("a.txt")}), {}, p, at(k_later, "zhao")); },
            ExitCode::no_permission);
        CHECK_NOTHROW(attach(c, request({file("a.txt")}), {}, p, at(k_later, "li")));
    }
}

TEST_CASE("format_size") {
    CHECK(format_size(0) == "0 bytes");
    CHECK(format_size(1) == "1 byte");
    CHECK(format_size(1023) == "1023 bytes");
    CHECK(format_size(1024) == "1.0 KB");
    CHECK(format_size(5 * 1024 * 1024 + 200 * 1024) == "5.2 MB");
    CHECK(format_size(std::int64_t{3} * 1024 * 1024 * 1024 / 2) == "1.5 GB");
}

TEST_CASE("EvidenceStore: content streamed in and out in chunks, once per hash") {
    using complaints::storage::Access;
    using complaints::storage::Database;
    const test_support::TempDir dir;
    Database db(dir.file("c.db"), Access::write);
    const auto store = db.evidence();
    // 200 000 bytes, not a multiple of the chunk size.
    std::vector<std::byte> content(200000);
    for (std::size_t i = 0; i < content.size(); ++i)
        content[i] = static_cast<std::byte>((i * 7919) % 251);
    const std::string hash = "00ff";  // storage keeps what it is given
    CHECK_FALSE(store.has_content(hash));

    std::size_t offset = 0;
    std::size_t largest_ask = 0;
    db.write([&] {
        store.add_content(
            hash, static_cast<std::int64_t>(content.size()),
            [&](std::span<std::byte> buffer) {
                largest_ask = std::max(largest_ask, buffer.size());
                const std::size_t n = std::min(buffer.size(), content.size() - offset);
                std::copy_n(content.begin() + static_cast<std::ptrdiff_t>(offset), n,
                            buffer.begin());
                offset += n;
                return n;
            },
            65536);
    });
    CHECK(offset == content.size());
    CHECK(largest_ask == 65536);
    CHECK(store.has_content(hash));

    std::vector<std::byte> out;
    std::size_t chunks = 0;
    store.read_content(
        hash,
        [&](std::span<const std::byte> bytes) {
            CHECK(bytes.size() <= 1000);
            ++chunks;
            out.insert(out.end(), bytes.begin(), bytes.end());
        },
        1000);
    CHECK(out == content);
    CHECK(chunks == 200);

    SUBCASE("a hash not stored gives nothing") {
        bool called = false;
        store.read_content(
            "abcd", [&](std::span<const std::byte>) { called = true; }, 1000);
        CHECK_FALSE(called);
    }
    SUBCASE("the same hash twice is refused by the database (the caller asks has_content)") {
        CHECK_THROWS_AS(db.write([&] {
            store.add_content(
                hash, 0, [](std::span<std::byte>) { return std::size_t{0}; }, 10);
        }),
                        Error);
    }
    SUBCASE("an exception from the source rolls everything back") {
        CHECK_THROWS_AS(db.write([&] {
            store.add_content(
                "beef", 10,
                [](std::span<std::byte>) -> std::size_t {
                    throw Error(ExitCode::io, "the file changed");
                },
                10);
        }),
                        Error);
        CHECK_FALSE(store.has_content("beef"));
    }
}

TEST_CASE("files::NewFile and InputFile") {
    namespace fs = std::filesystem;
    using complaints::files::InputFile;
    using complaints::files::NewFile;
    const test_support::TempDir dir;
    const fs::path target = dir.file("out.txt");
    const std::string text = "order 4411\n";
    const auto bytes = std::as_bytes(std::span(text.data(), text.size()));
    const auto entries = [&] {
        std::vector<std::string> names;
        for (const auto& e : fs::directory_iterator(target.parent_path()))
            names.push_back(e.path().filename().string());
        std::sort(names.begin(), names.end());
        return names;
    };
    SUBCASE("committed: the file appears under its name, readable back") {
        {
            NewFile file(target);
            file.write(bytes);
            CHECK(entries().size() == 1);  // the temporary file
            CHECK_FALSE(fs::exists(target));
            file.commit();
        }
        CHECK(entries() == std::vector<std::string>{"out.txt"});
        InputFile in(target.string());
        CHECK(in.size() == static_cast<std::int64_t>(text.size()));
        std::array<std::byte, 4> buffer{};
        std::string back;
        for (std::size_t n; (n = in.read(buffer)) > 0;)
            back.append(reinterpret_cast<const char*>(buffer.data()), n);
        CHECK(back == text);
        in.rewind();
        CHECK(in.read(buffer) == 4);
    }
    SUBCASE("dropped without commit: nothing is left") {
        {
            NewFile file(target);
            file.write(bytes);
        }
        CHECK(entries().empty());
    }
    SUBCASE("an existing file is kept: exit 73, and the temporary file removed") {
        std::ofstream(target) << "mine\n";
        try {
            NewFile file(target);
            file.write(bytes);
            file.commit();
            FAIL("expected a refusal");
        } catch (const Error& e) {
            CHECK(e.code() == ExitCode::cannot_create);
        }
        CHECK(entries() == std::vector<std::string>{"out.txt"});
        std::ifstream in(target);
        std::string kept;
        std::getline(in, kept);
        CHECK(kept == "mine");
    }
    SUBCASE("InputFile: missing or a directory is exit 66") {
        for (const auto& path : {dir.file("missing"), target.parent_path().string()}) {
            CAPTURE(path);
            try {
                InputFile in(path);
                FAIL("expected a refusal");
            } catch (const Error& e) {
                CHECK(e.code() == ExitCode::no_input);
            }
        }
    }
}
