// libFuzzer target: the policy reader (`policy::parse`) on arbitrary bytes.
// A bad policy is an `Error` (exit 78), which is the expected answer; any
// other exception, a crash or undefined behaviour is a finding. A policy that
// reads must also write back (`to_toml`) to text that reads again.
#include <complaints/domain/error.hpp>
#include <complaints/policy/policy_file.hpp>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text{reinterpret_cast<const char*>(data), size};
    namespace policy = complaints::policy;
    std::string written;
    try {
        const auto read = policy::parse(text, "fuzz.toml");
        written = policy::to_toml(read, policy::Comments::none);
    } catch (const complaints::Error&) {
        return 0;
    }
    try {
        (void)policy::parse(written, "written.toml");
    } catch (const complaints::Error& e) {
        std::fprintf(stderr, "a policy that reads wrote text that does not: %s\n--- written:\n%s\n",
                     e.what(), written.c_str());
        std::abort();
    }
    return 0;
}
