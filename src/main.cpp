#include <complaints/cli/run.hpp>

int main(int argc, char** argv) {
    return complaints::cli::run(argc, argv);
}
