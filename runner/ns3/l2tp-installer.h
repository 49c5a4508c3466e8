/**
 * \file
 * \brief The L2TP layer's installer: one L2tpNodeApplication per node that serves
 * (`interface/l2tp-server/server enabled`) or dials (`interface/l2tp-client`), configured from
 * the plain-C++ RouterOS mapping (runner/l2tp-mapping.h). Answers the `l2tp/...` and
 * `<l2tp-client>/...` state paths and reports tunnels, sessions, counters and client states.
 */
#ifndef L2TPLAB_RUNNER_NS3_L2TP_INSTALLER_H
#define L2TPLAB_RUNNER_NS3_L2TP_INSTALLER_H

#include "runner/ns3/layer-installer.h"

#include "model/l2tp/ns3/l2tp-node-application.h"

#include <map>
#include <string>

namespace ns3
{

/** \brief Installs and observes L2TP endpoints. */
class L2tpInstaller : public LayerInstaller
{
public:
    const char* Name() const override;
    void Install(const InstallContext& ctx) override;
    bool Sample(const std::string& node,
                const std::string& path,
                std::string& value) const override;
    void Summarize(std::vector<RunNodeSummary>& nodes) const override;

    /** \brief The node's application (null if the node runs no L2TP). */
    Ptr<L2tpNodeApplication> GetApplication(const std::string& node) const;

private:
    std::vector<std::string> m_order;                       //!< nodes in scenario order
    std::map<std::string, Ptr<L2tpNodeApplication>> m_apps; //!< by node name
};

} // namespace ns3

#endif
