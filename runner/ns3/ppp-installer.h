/**
 * \file
 * \brief The PPP layer's installer: a PppLink on every L2TP interface (l2tp-client entries and
 * the server's dynamic `<l2tp-USER>` interfaces), an ns-3 PPP device with the node's IPv4 stack on
 * top once IPCP is Opened, the secret's routes while the session is up, one capture per interface
 * (`pcaps/<node>-<iface>.pcap`, DLT_PPP, every frame of the link), PPP events and state paths.
 *
 * RouterOS mapping (runner/ppp-mapping.h): the client's allow/max-mtu/max-mru/keepalive-timeout/
 * add-default-route; the server's authentication list, max-mtu/max-mru, keepalive-timeout and its
 * /ppp secret + /ppp profile + /ip pool database (PppAaa).
 */
#ifndef L2TPLAB_RUNNER_NS3_PPP_INSTALLER_H
#define L2TPLAB_RUNNER_NS3_PPP_INSTALLER_H

#include "runner/ns3/l2tp-installer.h"
#include "runner/ns3/layer-installer.h"

#include <map>
#include <memory>
#include <string>
#include <vector>

namespace ns3
{

struct PppNodeState;

class PppInstaller : public LayerInstaller
{
public:
    /** \param l2tp the L2TP installer (installed before this one): its interfaces get the links */
    explicit PppInstaller(const L2tpInstaller& l2tp);
    ~PppInstaller() override;

    const char* Name() const override;
    void Install(const InstallContext& ctx) override;
    bool Sample(const std::string& node,
                const std::string& path,
                std::string& value) const override;
    void Summarize(std::vector<RunNodeSummary>& nodes) const override;

private:
    const L2tpInstaller& m_l2tp;
    std::map<std::string, std::unique_ptr<PppNodeState>> m_nodes; //!< by node name
};

} // namespace ns3

#endif
