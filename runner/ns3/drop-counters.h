/**
 * \file
 * \brief Every drop below L2TP counted with its reason (runner/drop-reasons.h): device queues,
 * CSMA backoff, receive loss, link faults, ARP and IPv4, per node and interface. Counters go to
 * report.json (`nodes.<node>.drops`) and report.html's counters, and answer the state paths
 * `net/<interface>/drop/<reason>`; drops are `drop` events on `net/<interface>`.
 */
#ifndef L2TPLAB_RUNNER_NS3_DROP_COUNTERS_H
#define L2TPLAB_RUNNER_NS3_DROP_COUNTERS_H

#include "reports/run-report.h"

#include "model/common/events.h"

#include "ns3/net-device.h"
#include "ns3/node.h"
#include "ns3/ptr.h"

#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <vector>

namespace ns3
{

class FaultErrorModel;

/** \brief The drop counters of one run. */
class DropCounters
{
public:
    /** \brief Why a receive error model dropped a frame: "link-loss", "link-down" or "fault". */
    using RxReason = std::function<const char*()>;

    explicit DropCounters(EventSink* events);

    /**
     * \brief Count the drops of one link end's device; `rxReason` names a receive drop (the
     * device's error model decides it). `csma` frames not addressed to the device are not
     * counted (the error model sees every frame on the segment).
     */
    void AttachDevice(const std::string& node,
                      const std::string& iface,
                      Ptr<NetDevice> dev,
                      bool csma,
                      RxReason rxReason);

    /** \brief Count the node's IPv4 and ARP drops (after every interface exists). */
    void AttachNode(const std::string& node, Ptr<Node> n);

    /** \brief Count one drop (and log it as an event if DropIsLogged). */
    void Count(const std::string& node, const std::string& iface, const char* reason);

    /** \brief The counter's value, 0 if it never counted. */
    uint64_t Get(const std::string& node,
                 const std::string& iface,
                 const std::string& reason) const;

    /** \brief Answer `net/<iface>/drop/<reason>`; false for any other path. */
    bool Sample(const std::string& node, const std::string& path, std::string& value) const;

    /** \brief `drops` (iface -> reason -> n) and `net/...` counters of every node that dropped. */
    void Summarize(std::vector<RunNodeSummary>& nodes) const;

private:
    std::string InterfaceName(const std::string& node, Ptr<NetDevice> dev, uint32_t index) const;

    EventSink* m_events;
    /** node -> interface -> reason -> count (ordered: deterministic output) */
    std::map<std::string, std::map<std::string, std::map<std::string, uint64_t>>> m_counts;
    std::vector<std::string> m_order;                //!< nodes in first-drop order
    std::map<NetDevice*, std::string> m_deviceNames; //!< link devices -> interface name
};

} // namespace ns3

#endif
