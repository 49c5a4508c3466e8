/**
 * \file
 * \brief Received frames go straight from a device to the node's IPv4, ARP or IPv6 layer.
 *
 * ns-3 delivers a received frame through two handler lists: Node::ReceiveFromDevice walks every
 * protocol handler registered with the node, and TrafficControlLayer::Receive walks every handler
 * registered with the traffic-control layer. Ipv4L3Protocol::AddInterface adds two entries to
 * each list and Ipv6L3Protocol::AddInterface one more, and neither list can shrink (entries are
 * equal callbacks, and Node::UnregisterProtocolHandler removes the first equal one). With one ns-3
 * interface per PPP session, every frame any device of an LNS received walked 4-6 entries per
 * session up so far: 100,000 sessions made session setup quadratic.
 *
 * L2tpLabL3Dispatch replaces a device's receive callback (Node::AddDevice set it to
 * Node::NonPromiscReceiveFromDevice) by a direct call of the layer the two lists would have
 * reached: for an IPv4 interface Ipv4L3Protocol::Receive (0x0800) and ArpL3Protocol::Receive
 * (0x0806), for an IPv6 interface Ipv6L3Protocol::Receive (0x86DD), with the arguments the node
 * passes (destination = the device's own address, PACKET_HOST). A frame of any other protocol, or
 * for a layer the device is no interface of, is dropped as the node drops a frame no handler
 * claims. Further non-promiscuous handlers of an attached device (proxy ARP) are registered with
 * AddHandler, not Node::RegisterProtocolHandler (which an attached device no longer consults), and
 * run after the layer, in the order the node would have run them. Promiscuous receive (bridges,
 * sniffers) keeps its own callback and is untouched.
 *
 * ARP learning (link key `arp-learn`, docs/scenario-reference.md *Link-layer defaults*): ns-3's
 * ArpL3Protocol fills its cache only from a reply to its own request, so a router that answers
 * 5,000 clients' requests must then broadcast a request for each of them. Linux (and RouterOS)
 * learns: net/ipv4/arp.c arp_process() creates an entry for the sender of a request for one of
 * its addresses, and updates an entry it already has for the sender of any ARP packet (RFC 826,
 * "Packet Reception": the merge step, then "add the triplet" if we are the target). On a device
 * with learning on, the dispatcher does both after ArpL3Protocol has seen the packet: a new or
 * failed ("dead") entry becomes reachable with the sender's hardware address, an entry waiting for
 * a reply becomes reachable and sends its queued packets, a reachable one takes the (possibly new)
 * address and is fresh again. A reply for us to an entry already reachable (learned meanwhile) is
 * taken as Linux takes it, not handed to ns-3, which would count it as a drop. Sender 0.0.0.0
 * (RFC 5227 probe), a multicast or broadcast sender and one of our own addresses are never
 * learned; static entries are never touched.
 */
#ifndef L2TPLAB_RUNNER_NS3_L3_DISPATCH_H
#define L2TPLAB_RUNNER_NS3_L3_DISPATCH_H

#include "ns3/ipv4-address.h"
#include "ns3/net-device.h"
#include "ns3/node.h"
#include "ns3/object.h"
#include "ns3/packet.h"

#include <vector>

namespace ns3
{

class Ipv4L3Protocol;
class ArpL3Protocol;
class ArpCache;
class Ipv6L3Protocol;

/** \brief One per node (aggregated): the direct receive path (see the file comment). */
class L2tpLabL3Dispatch : public Object
{
public:
    static TypeId GetTypeId();

    /** \brief Point `device` (already added to its node) at the direct path. */
    static void Attach(Ptr<NetDevice> device);

    /** \brief Every device of `node`. */
    static void AttachAll(Ptr<Node> node);

    /** \brief One more handler of `protocol` frames received by `device` (attached here). */
    static void AddHandler(Ptr<NetDevice> device, uint16_t protocol, Node::ProtocolHandler handler);

    /**
     * \brief Every IPv4 packet any device of `node` receives goes through `filter` before the
     * IPv4 layer sees it (the NAT's PREROUTING): it returns the packet to deliver (the same, or
     * rewritten), or null to drop it. One filter per node.
     */
    using Ipv4Filter = Callback<Ptr<const Packet>, Ptr<NetDevice>, Ptr<const Packet>>;
    static void SetIpv4Filter(Ptr<Node> node, Ipv4Filter filter);

    /** \brief Learn ARP senders on `device` like Linux (see the file comment); default off. */
    static void SetArpLearning(Ptr<NetDevice> device, bool learn);

    /** \brief True if `device` learns ARP senders (SetArpLearning). */
    static bool ArpLearning(Ptr<NetDevice> device);

    /**
     * \brief Add or refresh `ip` at `mac` in `cache` as reachable (the learning step; also for a
     * proxy-ARP answer). A waiting entry sends its queued packets; a static one is kept; a sender
     * never learned (see the file comment) changes nothing.
     */
    static void LearnNeighbour(Ptr<ArpCache> cache, Ipv4Address ip, const Address& mac);

private:
    bool Receive(Ptr<NetDevice> device,
                 Ptr<const Packet> packet,
                 uint16_t protocol,
                 const Address& from);
    void Bind(Ptr<Node> node);
    void ReceiveArp(Ptr<NetDevice> device, Ptr<const Packet> packet, const Address& from);

    Ptr<Ipv4L3Protocol> m_ipv4;
    Ptr<ArpL3Protocol> m_arp;
    Ptr<Ipv6L3Protocol> m_ipv6;

    /** \brief A handler added with AddHandler. */
    struct Extra
    {
        Ptr<NetDevice> device;
        uint16_t protocol;
        Node::ProtocolHandler handler;
    };

    std::vector<Extra> m_extra;
    std::vector<bool> m_arpLearn; //!< by device index: learn ARP senders
    Ipv4Filter m_filter;          //!< null: none
};

} // namespace ns3

#endif
