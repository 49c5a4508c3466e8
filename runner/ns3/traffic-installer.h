/**
 * \file
 * \brief The traffic layer's installer: the `traffic:` flows (ping, UDP constant bit rate, TCP
 * bulk) over whatever IPv4 routing the run has (the underlay links today, PPP interfaces once they
 * exist; nothing here knows which). `to` resolves at install time to the address written or the
 * node's first address; an unreachable destination just loses the flow's packets. Answers the
 * `traffic/<name>/...` state paths on the flow's source node and adds the report's `flows`.
 */
#ifndef L2TPLAB_RUNNER_NS3_TRAFFIC_INSTALLER_H
#define L2TPLAB_RUNNER_NS3_TRAFFIC_INSTALLER_H

#include "runner/ns3/layer-installer.h"
#include "runner/ns3/traffic-apps.h"
#include "runner/traffic-results.h"

#include "ns3/address.h"
#include "ns3/packet.h"

#include <map>
#include <memory>
#include <string>
#include <tuple>
#include <vector>

namespace ns3
{

class Node;

/** \brief Installs and observes the traffic generators. */
class TrafficInstaller : public LayerInstaller
{
public:
    const char* Name() const override;
    void Install(const InstallContext& ctx) override;
    bool Sample(const std::string& node,
                const std::string& path,
                std::string& value) const override;
    void Summarize(std::vector<RunNodeSummary>& nodes) const override;
    void Report(RunReport& report) const override;

private:
    /** \brief A flow and what its receiver needs to find it. */
    struct Flow
    {
        FlowResult result;         //!< counts and statistics
        Address tcpLocal;          //!< tcp: the sender's socket (known at its first send)
        bool tcpLocalKnown{false}; //!< tcpLocal is set
        Address tcpSeenFrom;       //!< tcp: the sender as the sink sees it (after a NAT)
        bool tcpSeenKnown{false};  //!< tcpSeenFrom is set
        uint32_t count{0};         //!< udp: datagrams to expect
        uint16_t port{0};          //!< tcp/udp: destination port
    };

    void InstallPing(const InstallContext& ctx, size_t i, uint32_t remote);
    void InstallPing6(const InstallContext& ctx, size_t i);
    TrafficPing::Hooks PingHooks(size_t i);
    void InstallUdp(const InstallContext& ctx, size_t i, uint32_t remote);
    void InstallTcp(const InstallContext& ctx, size_t i, uint32_t remote);
    void EnsureSinks(const InstallContext& ctx, TrafficKind kind, uint16_t port, uint32_t remote);
    void UdpReceived(Ptr<const Packet> p);
    void TcpReceived(uint16_t port, Ptr<const Packet> p, const Address& from);
    void Done(size_t i);
    void Emit(size_t i, const char* kind, std::vector<std::pair<std::string, std::string>> fields);

    EventSink* m_events{nullptr};                                   //!< the run's events
    std::vector<std::unique_ptr<Flow>> m_flows;                     //!< scenario order
    std::map<std::tuple<std::string, int, uint16_t>, bool> m_sinks; //!< (node, kind, port) made
};

} // namespace ns3

#endif
