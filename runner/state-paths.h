/**
 * \file
 * \brief The catalog of state paths (`expect[].state[].path`): which layer answers each, and what
 * its value means. Declared as data: the loader warns about a path no layer answers, the
 * reference table in docs/scenario-reference.md is generated from it (and sync-tested), and a
 * scenario test proves every row is answered by its installer.
 */
#ifndef L2TPLAB_RUNNER_STATE_PATHS_H
#define L2TPLAB_RUNNER_STATE_PATHS_H

#include "runner/scenario.h"

#include <string>
#include <vector>

namespace ns3
{

/** \brief One state path (pattern) a layer installer answers. */
struct StatePathSpec
{
    const char* layer;   //!< installer that answers it ("l2tp", later "ppp", "ipsec", ...)
    const char* pattern; //!< GlobMatch pattern; `*` stands for an interface name
    const char* display; //!< as the docs write it ("<l2tp-client name>/tunnel/State")
    const char* example; //!< a concrete instance (tests sample it)
    const char* meaning; //!< what the value is
};

/** \brief Every state path, grouped by layer. */
const std::vector<StatePathSpec>& StatePathCatalog();

/** \brief The catalog row answering `path`, or nullptr. */
const StatePathSpec* FindStatePath(const std::string& path);

/**
 * \brief A warning ("file:line:col: warning: ...") for every state check whose path no layer
 * answers (such a check can only fail with `<no value>`), with a did-you-mean where one is close.
 */
void CheckStatePaths(const Scenario& sc, std::vector<std::string>& warnings);

/** \brief The markdown table of docs/scenario-reference.md (§ State paths). */
std::string StatePathsMarkdown();

} // namespace ns3

#endif
