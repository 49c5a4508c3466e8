/**
 * \file
 * \brief Linux-like ARP learning in the direct receive path (runner/ns3/l3-dispatch.h, link key
 * `arp-learn`), on four ns-3 nodes A, B, C, D sharing one csma segment (10.0.0.1-4), each case
 * run with learning on and off: the "off" run is ns-3's own ArpL3Protocol and must show what
 * learning removes.
 *
 * RFC 826, "Packet Reception": "If the pair <protocol type, sender protocol address> is already
 * in my translation table, update the sender hardware address field of the entry with the new
 * information in the packet" (merge), and "Am I the target protocol address? ... If Merge_flag is
 * false, add the triplet <protocol type, sender protocol address, sender hardware address> to the
 * translation table". Linux net/ipv4/arp.c arp_process() does both (the new entry is STALE, i.e.
 * usable at once); ns-3 3.37 does neither (its bug 107 note).
 */
#include "runner/ns3/l3-dispatch.h"

#include "ns3/arp-cache.h"
#include "ns3/arp-l3-protocol.h"
#include "ns3/csma-helper.h"
#include "ns3/internet-stack-helper.h"
#include "ns3/ipv4-address-helper.h"
#include "ns3/ipv4-interface.h"
#include "ns3/ipv4-l3-protocol.h"
#include "ns3/mac48-address.h"
#include "ns3/simulator.h"

#include <boost/test/unit_test.hpp>

#include <map>

using namespace ns3;

namespace
{

constexpr uint16_t kArp = 0x0806;
constexpr uint16_t kIpv4 = 0x0800;

/** \brief Four nodes on one csma segment, learning on or off, frames counted per node. */
struct Segment
{
    NodeContainer nodes;
    NetDeviceContainer devs;
    std::map<std::pair<uint32_t, uint16_t>, int> received; //!< (node, protocol) -> frames
    int arpDrops{0};                                       //!< ArpL3Protocol "Drop", all nodes

    explicit Segment(bool learn)
    {
        nodes.Create(4);
        CsmaHelper csma;
        devs = csma.Install(nodes);
        InternetStackHelper().Install(nodes);
        Ipv4AddressHelper addr("10.0.0.0", "255.255.255.0");
        addr.Assign(devs);
        for (uint32_t i = 0; i < nodes.GetN(); ++i)
        {
            L2tpLabL3Dispatch::AttachAll(nodes.Get(i));
            L2tpLabL3Dispatch::SetArpLearning(devs.Get(i), learn);
            for (uint16_t proto : {kArp, kIpv4})
            {
                L2tpLabL3Dispatch::AddHandler(
                    devs.Get(i), proto,
                    MakeCallback(&Segment::Count, this).Bind(i)); // after the layer
            }
            nodes.Get(i)->GetObject<ArpL3Protocol>()->TraceConnectWithoutContext(
                "Drop", MakeCallback(&Segment::Drop, this));
        }
    }

    ~Segment() { Simulator::Destroy(); }

    void
    Count(uint32_t node,
          Ptr<NetDevice>,
          Ptr<const Packet>,
          uint16_t protocol,
          const Address&,
          const Address&,
          NetDevice::PacketType)
    {
        ++received[{node, protocol}];
    }

    void
    Drop(Ptr<const Packet>)
    {
        ++arpDrops;
    }

    static Ipv4Address
    Ip(uint32_t i)
    {
        return Ipv4Address(0x0a000001 + i); // 10.0.0.1 + i (Ipv4AddressHelper's order)
    }

    Ptr<ArpCache>
    Cache(uint32_t i) const
    {
        return nodes.Get(i)->GetObject<Ipv4L3Protocol>()->GetInterface(1)->GetArpCache();
    }

    Address
    Mac(uint32_t i) const
    {
        return devs.Get(i)->GetAddress();
    }

    /**
     * \brief An IPv4 packet from node `from` to node `to` and its header: protocol 253 (RFC 3692,
     * experimentation), which no layer of the receiver takes and nothing answers (UDP would draw an
     * ICMP port unreachable, and with it an ARP exchange of its own).
     */
    static ArpCache::Ipv4PayloadHeaderPair
    Datagram(uint32_t from, uint32_t to)
    {
        Ptr<Packet> p = Create<Packet>(20);
        Ipv4Header h;
        h.SetSource(Ip(from));
        h.SetDestination(Ip(to));
        h.SetProtocol(253);
        h.SetPayloadSize(p->GetSize());
        h.SetTtl(64);
        return {p, h};
    }

    /** \brief At `at`, node `from` sends one datagram to node `to` (ARP resolves as needed). */
    void
    SendAt(double at, uint32_t from, uint32_t to)
    {
        Ptr<Ipv4Interface> iface = nodes.Get(from)->GetObject<Ipv4L3Protocol>()->GetInterface(1);
        Simulator::Schedule(Seconds(at),
                            [iface, from, to]()
                            {
                                auto d = Datagram(from, to);
                                iface->Send(d.first, d.second, Ip(to));
                            });
    }

    int
    Frames(uint32_t node, uint16_t protocol)
    {
        return received[{node, protocol}];
    }
};

constexpr uint32_t A = 0;
constexpr uint32_t B = 1;
constexpr uint32_t C = 2;
constexpr uint32_t D = 3;

} // namespace

BOOST_AUTO_TEST_SUITE(arp_learning)

// RFC 826 "Am I the target protocol address? ... add the triplet": B learns A from A's request,
// so B's answer to A needs no broadcast of its own; C, not the target, adds nothing.
BOOST_AUTO_TEST_CASE(request_for_us_adds_the_sender)
{
    for (bool learn : {true, false})
    {
        Segment s(learn);
        s.SendAt(1.0, A, B);
        s.SendAt(2.0, B, A);
        ArpCache::Entry* atB = nullptr;
        ArpCache::Entry* atC = nullptr;
        Simulator::Schedule(Seconds(1.5),
                            [&]()
                            {
                                atB = s.Cache(B)->Lookup(Segment::Ip(A));
                                atC = s.Cache(C)->Lookup(Segment::Ip(A));
                            });
        Simulator::Stop(Seconds(3.0));
        Simulator::Run();
        if (learn)
        {
            BOOST_TEST_REQUIRE(atB != nullptr);
            BOOST_TEST(atB->IsAlive());
            BOOST_TEST(atB->GetMacAddress() == s.Mac(A));
            BOOST_TEST(s.Frames(C, kArp) == 1); // A's request only
        }
        else
        {
            BOOST_TEST(atB == nullptr);         // ns-3: nothing learnt from a request
            BOOST_TEST(s.Frames(C, kArp) == 2); // A's request, then B's own for A
        }
        BOOST_TEST(atC == nullptr); // not the target, sender unknown: never added
        BOOST_TEST(s.Frames(B, kIpv4) == 1);
        BOOST_TEST(s.Frames(A, kIpv4) == 1);
        BOOST_TEST(s.arpDrops == 0);
    }
}

// RFC 826 merge: a request for someone else still updates a sender already in the table: C's
// failed ("dead") entry for A becomes usable, D's stale address for A is replaced.
BOOST_AUTO_TEST_CASE(any_arp_packet_updates_a_known_sender)
{
    const Address stale = Mac48Address("00:00:00:00:00:99");
    for (bool learn : {true, false})
    {
        Segment s(learn);
        ArpCache::Entry* dead = s.Cache(C)->Add(Segment::Ip(A));
        dead->MarkDead();
        ArpCache::Entry* moved = s.Cache(D)->Add(Segment::Ip(A));
        moved->SetMacAddress(stale);
        moved->UpdateSeen();
        s.SendAt(1.0, A, B);
        Simulator::Stop(Seconds(1.5));
        Simulator::Run();
        ArpCache::Entry* atC = s.Cache(C)->Lookup(Segment::Ip(A));
        ArpCache::Entry* atD = s.Cache(D)->Lookup(Segment::Ip(A));
        BOOST_TEST_REQUIRE(atC != nullptr);
        BOOST_TEST_REQUIRE(atD != nullptr);
        BOOST_TEST(atC->IsAlive() == learn);
        BOOST_TEST(atC->IsDead() == !learn);
        BOOST_TEST((atD->GetMacAddress() == s.Mac(A)) == learn);
        BOOST_TEST((atD->GetMacAddress() == stale) == !learn);
        // A packet that is not ARP for us never creates an entry: B is unknown at C and D.
        BOOST_TEST(s.Cache(C)->Lookup(Segment::Ip(B)) == nullptr);
        BOOST_TEST(s.Cache(D)->Lookup(Segment::Ip(B)) == nullptr);
    }
}

// A request from the address B is resolving answers B's question: the queued packet leaves at
// once (as on the reply), not after B's next request a retry interval (1 s) later.
BOOST_AUTO_TEST_CASE(request_from_a_waited_for_address_sends_the_queue)
{
    for (bool learn : {true, false})
    {
        Segment s(learn);
        Simulator::Schedule(Seconds(1.0),
                            [&s]()
                            {
                                // B waits for A (its request lost, say) with one packet queued.
                                ArpCache::Entry* e = s.Cache(B)->Add(Segment::Ip(A));
                                e->MarkWaitReply(Segment::Datagram(B, A));
                            });
        s.SendAt(1.1, A, B);
        Simulator::Stop(Seconds(1.5));
        Simulator::Run();
        BOOST_TEST(s.Frames(A, kIpv4) == (learn ? 1 : 0));
        BOOST_TEST(s.Cache(B)->Lookup(Segment::Ip(A))->IsWaitReply() == !learn);
    }
}

// A and B resolve each other at the same moment: each learns the other from its request, so the
// reply that follows finds a reachable entry. Linux takes it; ns-3 would count it as a drop.
BOOST_AUTO_TEST_CASE(crossing_resolutions_drop_nothing)
{
    for (bool learn : {true, false})
    {
        Segment s(learn);
        s.SendAt(1.0, A, B);
        s.SendAt(1.0, B, A);
        Simulator::Stop(Seconds(1.5));
        Simulator::Run();
        BOOST_TEST(s.Frames(A, kIpv4) == 1);
        BOOST_TEST(s.Frames(B, kIpv4) == 1);
        BOOST_TEST(s.arpDrops == 0);
        BOOST_TEST(s.Cache(A)->Lookup(Segment::Ip(B))->IsAlive());
        BOOST_TEST(s.Cache(B)->Lookup(Segment::Ip(A))->IsAlive());
    }
}

BOOST_AUTO_TEST_SUITE_END()
