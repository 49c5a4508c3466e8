/**
 * \file
 * \brief The NAT layer's installer: on every node with an `ip/firewall/nat` srcnat rule, the
 * NAT core (model/nat/nat-table.h) applied to the IPv4 packets the node forwards.
 *
 * ns-3 has no netfilter. Every IPv4 packet a NAT node receives passes L2tpLabL3Dispatch's filter
 * (runner/ns3/l3-dispatch.h) before the IPv4 layer:
 *  - arriving on an interface some rule translates to, addressed to that interface's public
 *    address: looked up in that interface's table; a match is rewritten to the inside endpoint
 *    (destination address and port) and forwarded; no match (or filtered) is delivered to the
 *    router itself unchanged, as Linux does (counted: nat/<iface>/drop/no-mapping, /filtered);
 *  - anything else not for the router: routed (the node's own routing, as forwarding would),
 *    and if it leaves by an interface and the first rule matching it is masquerade or src-nat,
 *    the source is rewritten to the public address and port (RouterOS's srcnat runs after
 *    routing; rewriting the source before forwarding is equivalent because routing looks only at
 *    the destination). `accept` exempts it.
 * UDP, TCP and ICMP checksums are recomputed (a UDP checksum of zero stays zero: RFC 768, and
 * RFC 3948's ESP-in-UDP); ICMP echo identifiers are mapped like ports. Not translated (dropped
 * and counted): IPv4 fragments (nat/<iface>/drop/fragment: Linux reassembles first; this model
 * does not) and ICMP errors from the inside (drop/icmp-error: their embedded header would need
 * rewriting too).
 */
#ifndef L2TPLAB_RUNNER_NS3_NAT_INSTALLER_H
#define L2TPLAB_RUNNER_NS3_NAT_INSTALLER_H

#include "runner/ns3/layer-installer.h"

#include <map>
#include <memory>
#include <string>
#include <vector>

namespace ns3
{

class NatNode;

class NatInstaller : public LayerInstaller
{
public:
    NatInstaller();
    ~NatInstaller() override;

    const char* Name() const override;
    void Install(const InstallContext& ctx) override;
    bool Sample(const std::string& node,
                const std::string& path,
                std::string& value) const override;
    void Summarize(std::vector<RunNodeSummary>& nodes) const override;

private:
    std::map<std::string, std::unique_ptr<NatNode>> m_nodes; //!< by node name
};

} // namespace ns3

#endif
