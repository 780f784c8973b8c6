#include "../commands.hpp"

namespace complaints::cli {

void add_withdraw(CLI::App& cmd, Context& ctx) {
    add_note_step(cmd, ctx, tr("What the customer said"),
                  tr("The customer withdrew the complaint: it becomes withdrawn (final), from any\n"
                     "status that is not final, also on hold.\n\n"
                     "Example:\n  complaints withdraw 20261123-TEL-001 --note 'found the receipt'"),
                  domain::withdraw);
}

}  // namespace complaints::cli
