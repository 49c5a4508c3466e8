/**
 * \file
 * \brief What lint says about a node's IPsec configuration (plain C++): refusals of what is not
 * modelled (tunnel mode, AH, aggressive mode, IKEv2, certificates, DH groups other than modp1024
 * and modp2048, level=use, templates), errors for what cannot work (use-ipsec without
 * ipsec-secret, a peer with no secret, an identity or profile naming nothing, a proposal with no
 * modelled transform), and warnings for settings accepted with no effect.
 */
#ifndef L2TPLAB_RUNNER_IPSEC_LINT_H
#define L2TPLAB_RUNNER_IPSEC_LINT_H

#include "runner/scenario-loader.h"
#include "runner/scenario.h"

#include <string>
#include <vector>

namespace ns3
{

/** \brief Check one node's IPsec menus; errors and "file:line:col: warning: ..." lines appended. */
void CheckIpsecConfig(const NodeConfig& cfg,
                      std::vector<ScenarioError>& errors,
                      std::vector<std::string>& warnings);

} // namespace ns3

#endif // L2TPLAB_RUNNER_IPSEC_LINT_H
