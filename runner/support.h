/**
 * \file
 * \brief What this version models, checked on a loaded Scenario (plain C++, no ns-3).
 *
 * A scenario can be valid (it loads) and still use something this version does not simulate.
 * Such uses are never silently ignored:
 * - a feature that would change what happens (traffic, NAT, IPsec, switch nodes, routes via an
 *   interface) is refused with an error at the place it is written;
 * - a property that is accepted but has no effect yet (PPP options while PPP is not modelled)
 *   gets a warning naming it;
 * - a file that is legal but almost surely wrong (a connect-to address no node owns, two links on
 *   overlapping subnets) gets a warning.
 */
#ifndef L2TPLAB_RUNNER_SUPPORT_H
#define L2TPLAB_RUNNER_SUPPORT_H

#include "runner/scenario-loader.h"
#include "runner/scenario.h"

#include <string>
#include <vector>

namespace ns3
{

/**
 * \brief Check that every feature the scenario uses is modelled by this version.
 * \param sc a loaded scenario (also safe on a partially filled one after a failed load)
 * \param errors receives one error per unmodelled feature, at the place it is written
 * \param warnings receives "file:line:col: warning: ..." lines: properties without effect and
 *        legal-but-suspicious settings
 * \return true if no error was added
 */
bool CheckSupported(const Scenario& sc,
                    std::vector<ScenarioError>& errors,
                    std::vector<std::string>& warnings);

/**
 * \brief Load a scenario file and check it is supported: schema errors and "not modelled yet"
 *        refusals are reported together, sorted by position (what `lint` and `run` print).
 * \param path scenario file
 * \param out the scenario (use only on success)
 * \param errors receives every error (appended)
 * \param warnings receives every warning (appended), also on failure
 * \return true if there is no error
 */
/**
 * \brief The properties accepted but without effect in this version (each written one gets a
 *        warning), as the Markdown table between "<!-- BEGIN GENERATED NO-EFFECT -->" and its END
 *        line in docs/scenario-reference.md.
 */
std::string RenderNoEffectMarkdown();

bool LoadSupportedScenario(const std::string& path,
                           Scenario& out,
                           std::vector<ScenarioError>& errors,
                           std::vector<std::string>& warnings);

} // namespace ns3

#endif
