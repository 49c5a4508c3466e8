/**
 * \file
 * \brief `l2tplab compare A B`: flow-level diff of the L2TP control exchanges of two captures.
 */
#ifndef L2TPLAB_RUNNER_CLI_COMPARE_COMMAND_H
#define L2TPLAB_RUNNER_CLI_COMPARE_COMMAND_H

#include <string>
#include <vector>

namespace ns3
{

/** \brief Usage text of the compare command (part of `l2tplab --help`). */
extern const char* kCompareUsage;

/**
 * \brief Run `l2tplab compare ARGS...`.
 * \return 0 no interop-relevant difference, 1 some, 2 bad input (bad arguments, unreadable
 *         capture, no L2TP control connection in a capture, tunnel index out of range),
 *         3 environment (tshark missing, cannot write the JSON file)
 */
int RunCompareCommand(const std::vector<std::string>& args);

} // namespace ns3

#endif
