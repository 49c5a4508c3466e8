/**
 * \file
 * \brief `l2tplab check`: RFC conformance of any capture (ours or a real implementation's).
 */
#ifndef L2TPLAB_RUNNER_CLI_CHECK_COMMAND_H
#define L2TPLAB_RUNNER_CLI_CHECK_COMMAND_H

#include <string>
#include <vector>

namespace ns3
{

/** \brief Usage text of the check command (part of `l2tplab --help`). */
extern const char* kCheckUsage;

/**
 * \brief Run `l2tplab check ARGS...`.
 * \return 0 every MUST rule passed on every capture, 1 some failed, 2 bad input (unreadable
 *         capture, bad arguments, a rule glob that selects nothing), 3 environment (no tshark,
 *         cannot write a report)
 */
int RunCheckCommand(const std::vector<std::string>& args);

} // namespace ns3

#endif
