/**
 * \file
 * \brief What the NAT layer makes observable: event kinds and counters (model/nat/nat-table.cc,
 * runner/ns3/nat-installer.cc). Rendered into docs/scenario-reference.md.
 */
#ifndef L2TPLAB_NAT_OBSERVABLES_H
#define L2TPLAB_NAT_OBSERVABLES_H

#include "model/common/observables.h"

namespace ns3
{

inline constexpr EventKindSpec kNatEventKinds[] = {
    {"mapping-created", "nat/<interface>/<proto>/<public port or remote address>",
     "inside, public, remote, timeout-s",
     "an outbound packet created a mapping (RFC 4787 §4.1); remote is absent for an "
     "endpoint-independent mapping; timeout-s = its idle timeout now",
     ObservableReach::REACHABLE},
    {"mapping-refreshed-out", "nat/<interface>/<proto>/<public port or remote address>",
     "inside, public, remote, timeout-s",
     "an outbound packet refreshed a mapping after at least 1 s of silence (a NAT keepalive, "
     "RFC 4787 REQ-6; every refresh is counted in mappings-refreshed)",
     ObservableReach::REACHABLE},
    {"mapping-refreshed-in", "nat/<interface>/<proto>/<public port or remote address>",
     "inside, public, remote, timeout-s",
     "an inbound packet refreshed a mapping after at least 1 s of silence (the first reply "
     "turns a UDP mapping into a stream: udp-stream-timeout)",
     ObservableReach::REACHABLE},
    {"mapping-expired", "nat/<interface>/<proto>/<public port or remote address>",
     "inside, public, remote, timeout-s",
     "a mapping's idle timeout ran out (ip/firewall/connection/tracking); later inbound packets "
     "to its port find no mapping",
     ObservableReach::REACHABLE},
};

inline constexpr CounterSpec kNatCounters[] = {
    {"<interface>/mappings-created", "mappings created on that public interface"},
    {"<interface>/mappings-refreshed", "packets that refreshed a mapping"},
    {"<interface>/mappings-expired", "mappings whose idle timeout ran out"},
    {"<interface>/translated-out", "packets whose source was rewritten"},
    {"<interface>/translated-in", "packets whose destination was rewritten back"},
    {"<interface>/drop/<reason>",
     "outbound: ports-exhausted, address-pair-in-use (ESP: one inside host per remote); "
     "inbound (then delivered to the router itself): no-mapping, filtered, not-for-us"},
    {"<interface>/drop/fragment",
     "an IPv4 fragment a rule would translate: dropped (this model does not reassemble)"},
    {"<interface>/drop/icmp-error",
     "an ICMP error from the inside a rule would translate: dropped (its embedded header is not "
     "rewritten)"},
    {"<interface>/untranslated/<why>",
     "an inbound fragment or ICMP error to the public address: delivered to the router as is"},
};

inline constexpr ObservableTable kNatObservables =
    MakeObservableTable("nat", "nat/", kNatEventKinds, kNatCounters);

} // namespace ns3

#endif
