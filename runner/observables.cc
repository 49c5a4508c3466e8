#include "runner/observables.h"

#include "model/ipsec/ipsec-observables.h"
#include "model/l2tp/l2tp-observables.h"
#include "model/nat/nat-observables.h"
#include "model/ppp/ppp-link-observables.h"
#include "model/ppp/ppp-observables.h"

namespace ns3
{

namespace
{

/** Events the runner itself emits (scenario-runner: the `faults:` schedule). */
constexpr EventKindSpec kRunnerEventKinds[] = {
    {"fault", "link/<name>", "name, action", "a `faults:` entry fired", ObservableReach::REACHABLE},
    {"fault-end", "link/<name>", "name, action",
     "a fault's `until` came: the link is up again, has its previous loss or delay back, or "
     "stops dropping",
     ObservableReach::REACHABLE},
    {"fault-drop", "link/<name>", "name, match, node, interface",
     "a `drop` fault dropped a frame of its `match` kind arriving at that link end",
     ObservableReach::REACHABLE},
};

/** Drops below L2TP (runner/ns3/drop-counters.cc; reasons in runner/drop-reasons.h). */
constexpr EventKindSpec kNetEventKinds[] = {
    {"drop", "net/<interface>", "reason, count",
     "a packet died below L2TP at that interface (`arp`: in ARP, `ip`: interface unknown) for "
     "`reason` (table *Drops below L2TP*); count = drops of that reason there so far. Logged for "
     "the first 10 drops, then the 100th, 1000th, ...; the counter has them all",
     ObservableReach::REACHABLE},
};

constexpr CounterSpec kNetCounters[] = {
    {"net/<interface>/drop/<reason>",
     "packets dropped at that interface of the node, by reason (table *Drops below L2TP*); "
     "only reasons that happened are listed"},
};

constexpr ObservableTable kNetObservables =
    MakeObservableTable("net", "", kNetEventKinds, kNetCounters);

/** Events of the traffic generators (runner/ns3/traffic-installer.cc). */
constexpr EventKindSpec kTrafficEventKinds[] = {
    {"flow-start", "traffic/<name>", "kind, from, to", "a `traffic:` flow started at its `at`",
     ObservableReach::REACHABLE},
    {"flow-done", "traffic/<name>", "sent, received, loss-percent",
     "icmp-echo: every request answered or timed out; udp: every datagram received, or 1 s "
     "after the last was sent; tcp: the sink has every byte",
     ObservableReach::REACHABLE},
    {"ping-timeout", "traffic/<name>", "seq",
     "an ICMP Echo got no reply within the flow's `timeout`", ObservableReach::REACHABLE},
    {"ping-not-sent", "traffic/<name>", "seq, reason",
     "an ICMP Echo could not leave the host: no-route, or frag-needed (DF set and larger than "
     "the outgoing MTU, RFC 791, RFC 1191); it counts as sent and times out",
     ObservableReach::REACHABLE},
};

constexpr ObservableTable kTrafficObservables = MakeObservableTable("traffic", kTrafficEventKinds);

/** Events of the DHCP servers and clients (runner/ns3/dhcp-installer.cc). */
constexpr EventKindSpec kDhcpEventKinds[] = {
    {"dhcp-lease", "dhcp-client/<interface>", "address",
     "the interface's DHCP client got a lease (RFC 2131 DHCPACK): its address",
     ObservableReach::REACHABLE},
    {"dhcp-expiry", "dhcp-client/<interface>", "address", "a lease of the client expired",
     ObservableReach::NOT_YET_REACHABLE},
};

constexpr ObservableTable kDhcpObservables = MakeObservableTable("dhcp", kDhcpEventKinds);

/** The runner keeps no counters of its own. */
constexpr ObservableTable kRunnerObservables = MakeObservableTable("runner", kRunnerEventKinds);

} // namespace

const std::vector<ObservableTable>&
DeclaredObservables()
{
    static const std::vector<ObservableTable> kTables = {
        kL2tpObservables,    kPppCpObservables, kPppAuthObservables, kPppLinkObservables,
        kNatObservables,     kIpsecObservables, kRunnerObservables,  kNetObservables,
        kTrafficObservables, kDhcpObservables};
    return kTables;
}

std::string
RenderObservableEventsMarkdown()
{
    return RenderEventTableMarkdown(DeclaredObservables());
}

std::string
RenderObservableCountersMarkdown()
{
    return RenderCounterTableMarkdown(DeclaredObservables());
}

} // namespace ns3
