/**
 * \file
 * \brief RouterOS `/ip dhcp-server` (+ `network`) and `/ip dhcp-client` on ns-3's DhcpServer and
 * DhcpClient (RFC 2131): enough for a PC to take its address from a DHCP server, also across a
 * BCP-bridged L2TP tunnel (scenarios/bcp-bridging.yaml).
 *
 * State paths: `dhcp-client/<interface>/address` (the leased address, "" before) and
 * `dhcp-client/<interface>/leases` (leases received so far). Events: `dhcp-lease`.
 */
#ifndef L2TPLAB_RUNNER_NS3_DHCP_INSTALLER_H
#define L2TPLAB_RUNNER_NS3_DHCP_INSTALLER_H

#include "runner/ns3/layer-installer.h"

#include <map>
#include <string>

namespace ns3
{

class DhcpInstaller : public LayerInstaller
{
public:
    const char* Name() const override;
    void Install(const InstallContext& ctx) override;
    bool Sample(const std::string& node,
                const std::string& path,
                std::string& value) const override;
    void Summarize(std::vector<RunNodeSummary>& nodes) const override;

    /** \brief One DHCP client interface. */
    struct Client
    {
        std::string address; //!< leased address ("" before)
        uint64_t leases{0};  //!< leases received
    };

private:
    void InstallServer(const InstallContext& ctx, const std::string& node, const ConfigObject& s);
    void InstallClient(const InstallContext& ctx, const std::string& node, const ConfigObject& c);

    /** \brief First ns-3 random stream of the DHCP clients: far above Topology::AssignStreams'
     * (which counts up from 0), one stream each in install order. */
    static constexpr int64_t kDhcpStreamBase = int64_t{1} << 40;
    int64_t m_streams{0}; //!< DHCP clients given a stream so far

    std::map<std::string, std::map<std::string, Client>> m_clients; //!< node -> interface
};

} // namespace ns3

#endif
