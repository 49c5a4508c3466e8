/**
 * \file
 * \brief `l2tplab mtu --underlay N --stack LAYERS`: the overhead calculator (model/mtu) on the
 * command line, as a table or JSON.
 */
#ifndef L2TPLAB_RUNNER_CLI_MTU_COMMAND_H
#define L2TPLAB_RUNNER_CLI_MTU_COMMAND_H

#include "model/mtu/mtu-calculator.h"

#include <string>
#include <vector>

namespace ns3
{

/** \brief Usage text of the mtu command (part of `l2tplab --help`). */
extern const char* kMtuUsage;

/** \brief The result as JSON text (the CLI's --json output; keys as in docs/mtu.md). */
std::string MtuResultJson(const MtuResult& r);

/**
 * \brief Run `l2tplab mtu ARGS...`.
 * \return 0 computed, 1 the headers do not fit in the underlay, 2 bad input (bad stack spec or
 *         arguments)
 */
int RunMtuCommand(const std::vector<std::string>& args);

} // namespace ns3

#endif
