/**
 * \file
 * \brief Why a packet died below L2TP: the reasons the network's drop counters
 * (`net/<interface>/drop/<reason>`) and `drop` events (object `net/<interface>`) use, declared as
 * data. The ns-3 adapter (runner/ns3/drop-counters.cc) maps each trace source to one row; the
 * observable tables (runner/observables.cc) and docs/scenario-reference.md are generated from it.
 */
#ifndef L2TPLAB_RUNNER_DROP_REASONS_H
#define L2TPLAB_RUNNER_DROP_REASONS_H

#include <cstddef>
#include <cstdint>
#include <string>

namespace ns3
{

/** \brief One drop reason. */
struct DropReasonSpec
{
    const char* reason; //!< counter suffix and the event's `reason` field
    const char* source; //!< where it is observed (ns-3 trace source)
    const char* when;   //!< what happened
};

/** \brief Every reason, in documentation order. */
inline constexpr DropReasonSpec kDropReasons[] = {
    {"queue-full", "NetDevice MacTxDrop",
     "the device's transmit queue (`txqueuelen`) was full: the packet never left the node (links "
     "are built without ns-3 flow control, so these are not lost silently in the "
     "traffic-control layer)"},
    {"tx-give-up", "NetDevice PhyTxDrop",
     "the device could not transmit: on csma, the channel stayed busy through every backoff "
     "(ns-3 Backoff, 1000 tries) and the frame was abandoned"},
    {"link-loss", "NetDevice PhyRxDrop",
     "the link's random `loss` (or a `loss` fault) destroyed a frame addressed to this end"},
    {"link-down", "NetDevice PhyRxDrop",
     "a frame for this end arrived while a `down` fault held "
     "the link"},
    {"fault", "NetDevice PhyRxDrop",
     "a `drop` fault dropped the frame (also a `fault-drop` event on the link)"},
    {"arp-failed", "ArpCache Drop",
     "address resolution gave up after `arp-requests` unanswered requests; the packets waiting "
     "for it are dropped"},
    {"arp-unresolved", "ArpL3Protocol Drop",
     "a packet for an address whose resolution failed less than `arp-failed-hold` ago, or more "
     "than `arp-queue` packets already waiting for one address (interface `arp`: ns-3 does not "
     "say which)"},
    {"ttl", "Ipv4L3Protocol Drop", "the IPv4 TTL expired while forwarding"},
    {"no-route", "Ipv4L3Protocol Drop", "no route to the destination"},
    {"bad-checksum", "Ipv4L3Protocol Drop", "the IPv4 header checksum was wrong"},
    {"interface-down", "Ipv4L3Protocol Drop", "the outgoing or incoming interface was down"},
    {"route-error", "Ipv4L3Protocol Drop", "the routing protocol reported an error"},
    {"fragment-timeout", "Ipv4L3Protocol Drop", "an IPv4 datagram's fragments did not all arrive"},
    {"duplicate", "Ipv4L3Protocol Drop", "a duplicate IPv4 datagram was discarded"},
};

/** \brief Number of rows of kDropReasons. */
inline constexpr size_t kDropReasonCount = sizeof(kDropReasons) / sizeof(kDropReasons[0]);

/** \brief The row of `reason`, or nullptr. */
const DropReasonSpec* FindDropReason(const std::string& reason);

/**
 * \brief True for the n-th drop (1-based) of one node, interface and reason that is also an
 * event: the first ten, then 100, 1000, 10000, ... A storm drops millions of frames; the
 * counters are exact, the events show that and when it happened without flooding events.jsonl.
 */
bool DropIsLogged(uint64_t n);

} // namespace ns3

#endif
