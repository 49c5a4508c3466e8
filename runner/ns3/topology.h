/**
 * \file
 * \brief The topology builder: nodes with an IPv4 stack, links (p2p / csma) with addresses,
 * receive error models and one pcap per link end, static routes (`ip/route` via a next hop) and
 * the link faults of `faults:`. Layer installers (runner/ns3/layer-installer.h) run on top of it.
 */
#ifndef L2TPLAB_RUNNER_NS3_TOPOLOGY_H
#define L2TPLAB_RUNNER_NS3_TOPOLOGY_H

#include "reports/run-report.h"
#include "runner/ns3/drop-counters.h"
#include "runner/ns3/fault-error-model.h"
#include "runner/scenario.h"

#include "model/common/events.h"

#include "ns3/error-model.h"
#include "ns3/net-device-container.h"
#include "ns3/net-device.h"
#include "ns3/node.h"
#include "ns3/pcap-file-wrapper.h"
#include "ns3/ptr.h"

#include <map>
#include <string>
#include <vector>

namespace ns3
{

/** \brief The simulated network of one scenario run. */
class Topology
{
public:
    /** \brief Everything built for one link. */
    struct Link
    {
        const ScenarioLink* spec{nullptr};          //!< the scenario's link
        std::vector<Ptr<NetDevice>> devices;        //!< same order as spec->ends
        std::vector<Ptr<RateErrorModel>> rxErrors;  //!< random loss per device
        std::vector<Ptr<FaultErrorModel>> rxFaults; //!< drop faults (then rxErrors) per device
        std::vector<double> loss;                   //!< current loss per device (faults change it)
        bool down{false};                           //!< a down fault holds the link
        std::vector<Ptr<NetDevice>> ports; //!< switch ports (`switch:`), same order as ends
    };

    /**
     * \brief Build nodes, links, addresses, error models and pcaps (files under outDir/pcaps/).
     * \param stream first ns-3 random stream index for the error models (advanced)
     */
    Topology(const Scenario& sc, const std::string& outDir, int64_t& stream);

    /**
     * \brief Install `ip/route` entries (after global routing is populated); a gateway on no
     * connected subnet is skipped with a warning.
     */
    void InstallStaticRoutes(std::vector<std::string>& warnings);

    /**
     * \brief The underlay does not route private space: after global routing is populated, every
     * node forgets its global routes to RFC 1918 destinations (10/8, 172.16/12, 192.168/16) that
     * are not on one of its own links. Like the internet, which drops them; a LAN behind a router
     * is reached through a tunnel (PPP routes, `ip/route` via an l2tp interface) or a static
     * route, never by accident.
     */
    void WithdrawPrivateRoutes();

    /**
     * \brief Routes of the stub hosts, after WithdrawPrivateRoutes: a client or host whose only
     * link is a broadcast one (csma, switched or not) takes no part in ns-3's global routing
     * (GlobalRouter's broadcast-link walk is quadratic in the routers on a segment: 5,000 CPEs
     * behind one switch never finished). When exactly one other node on its segment routes, the
     * stub gets what global routing would have given it: that gateway's global routes and
     * connected networks, via the gateway, in a static table at global routing's priority (-10,
     * below `ip/route` and PPP routes), private destinations left out as WithdrawPrivateRoutes
     * does. With several routing nodes on the segment the node stays in global routing.
     */
    void InstallStubRoutes();

    /**
     * \brief Give every random variable of the nodes' stacks and CSMA devices (ARP request
     * jitter, global-routing ECMP, ICMPv6 solicitation jitter, CSMA backoff) an explicit stream
     * from \p stream on.
     *
     * ns-3 otherwise numbers streams from a process-wide counter that Simulator::Destroy does not
     * reset, so a second run in the same process (the Python API, several scenarios on one
     * command line) would draw different jitter and write different pcaps (non-negotiable 5).
     * Call after every layer has installed its objects.
     */
    void AssignStreams(int64_t& stream);

    /** \brief Schedule the `faults:` entries that act on links; each emits a `fault` event. */
    void ScheduleLinkFaults(EventSink* events);

    /**
     * \brief Add `link/<name>/dropped-by-fault` counters (and a `links` field) to the node
     * summaries of every link end that has a drop fault.
     */
    void Summarize(std::vector<RunNodeSummary>& nodes) const;

    /**
     * \brief Count every drop below L2TP (devices, ARP, IPv4) in `drops`; call after the layers
     * have installed their objects. `drops` must outlive the simulation.
     */
    void CountDrops(DropCounters& drops);

    /** \brief Node by name (null if unknown). */
    Ptr<Node> GetNode(const std::string& name) const;
    /** \brief The run directory (captures under pcaps/, key files under keys/). */
    const std::string&
    OutDir() const
    {
        return m_outDir;
    }
    /** \brief The device of `node`'s interface `iface` (e.g. "ether2"); null if none. */
    Ptr<NetDevice> GetDevice(const std::string& node, const std::string& iface) const;
    /** \brief Every node by name. */
    const std::map<std::string, Ptr<Node>>&
    Nodes() const
    {
        return m_nodes;
    }
    /** \brief Capture paths relative to the run directory, sorted. */
    const std::vector<std::string>&
    Pcaps() const
    {
        return m_pcaps;
    }
    /** \brief Flush and close every capture (before anything reads them). */
    void CloseCaptures();

    /**
     * \brief A capture created by a layer (a PPP interface's frames): `rel` is relative to the
     * run directory; the file is created with `linkType` (a PcapHelper DLT_ value). The
     * topology owns and closes it like the link captures and lists it in Pcaps() (sorted).
     */
    Ptr<PcapFileWrapper> AddCapture(const std::string& rel, uint32_t linkType);

private:
    void BuildLink(const ScenarioLink& l, const std::string& outDir, int64_t& stream);
    NetDeviceContainer BuildSwitched(const ScenarioLink& l, Link& bl);
    void AttachEnd(Link& bl, size_t i, Ptr<NetDevice> dev, const std::string& outDir);
    void ScheduleFault(Link& bl, const FaultSpec& f, EventSink* events);
    void FindStubs();

    const Scenario& m_sc;                          //!< the scenario
    std::string m_outDir;                          //!< run directory
    std::map<std::string, Ptr<Node>> m_nodes;      //!< by name
    std::vector<Link> m_links;                     //!< in scenario order
    std::vector<Ptr<PcapFileWrapper>> m_pcapFiles; //!< owned so they can be closed
    std::vector<std::string> m_pcaps;              //!< relative paths, sorted
    /** \brief A stub host's gateway (InstallStubRoutes), found once by FindStubs. */
    struct StubGateway
    {
        std::string node;    //!< the gateway node ("" = none on the segment)
        uint32_t address{0}; //!< its address on the stub's segment (host order)
    };
    std::map<std::string, StubGateway> m_stubs; //!< stub host -> its gateway
};

} // namespace ns3

#endif
