// The NAT translation table (model/nat/nat-table.h): RFC 4787 mapping (§4.1) and filtering (§5)
// behaviours, port preservation (§4.2.1), mapping refresh (REQ-6) and timeouts, the Linux /
// RouterOS defaults (address-and-port-dependent both ways), protocols without ports (ESP), and
// the case the RouterOS manual warns about: two L2TP/IPsec clients behind one NAT to one server.

#include "model/nat/nat-table.h"

#include <boost/test/unit_test.hpp>

#include <string>
#include <vector>

using namespace ns3;

BOOST_AUTO_TEST_SUITE(nat_table)

namespace
{

constexpr uint32_t kPublic = 0xcb007105;  // 203.0.113.5, the NAT's outside address
constexpr uint32_t kHostA = 0x0a050878;   // 10.5.8.120
constexpr uint32_t kHostB = 0x0a050879;   // 10.5.8.121
constexpr uint32_t kServer = 0xc6336401;  // 198.51.100.1
constexpr uint32_t kServer2 = 0xc6336402; // 198.51.100.2

NatPacket
Udp(uint32_t src, uint16_t sport, uint32_t dst, uint16_t dport)
{
    return NatPacket{kNatProtoUdp, src, sport, dst, dport};
}

NatConfig
Config(NatBehaviour mapping, NatBehaviour filtering)
{
    NatConfig c;
    c.publicAddress = kPublic;
    c.mapping = mapping;
    c.filtering = filtering;
    return c;
}

struct Collect : EventSink
{
    std::vector<LabEvent> events;

    void
    Emit(const LabEvent& e) override
    {
        events.push_back(e);
    }
};

} // namespace

BOOST_AUTO_TEST_CASE(defaults_are_linux_like_and_valid)
{
    NatConfig c;
    BOOST_CHECK(c.mapping == NatBehaviour::ADDRESS_AND_PORT_DEPENDENT);
    BOOST_CHECK(c.filtering == NatBehaviour::ADDRESS_AND_PORT_DEPENDENT);
    BOOST_CHECK(c.portPreservation);
    BOOST_CHECK_EQUAL(ValidateNatConfig(c), "");
}

BOOST_AUTO_TEST_CASE(filtering_looser_than_mapping_is_refused)
{
    // RFC 4787 §5: with per-destination mappings an unsolicited packet has no single mapping.
    std::string why = ValidateNatConfig(
        Config(NatBehaviour::ADDRESS_AND_PORT_DEPENDENT, NatBehaviour::ENDPOINT_INDEPENDENT));
    BOOST_CHECK_NE(why, "");
    BOOST_CHECK_NE(why.find("looser"), std::string::npos);
    NatConfig bad;
    bad.portMin = 2000;
    bad.portMax = 1000;
    BOOST_CHECK_NE(ValidateNatConfig(bad), "");
}

BOOST_AUTO_TEST_CASE(behaviour_names_parse_both_ways)
{
    for (NatBehaviour b : {NatBehaviour::ENDPOINT_INDEPENDENT, NatBehaviour::ADDRESS_DEPENDENT,
                           NatBehaviour::ADDRESS_AND_PORT_DEPENDENT})
    {
        NatBehaviour parsed{};
        BOOST_CHECK(ParseNatBehaviour(NatBehaviourName(b), parsed));
        BOOST_CHECK(parsed == b);
    }
    NatBehaviour x{};
    BOOST_CHECK(ParseNatBehaviour("eim", x) && x == NatBehaviour::ENDPOINT_INDEPENDENT);
    BOOST_CHECK(ParseNatBehaviour("apdf", x) && x == NatBehaviour::ADDRESS_AND_PORT_DEPENDENT);
    BOOST_CHECK(!ParseNatBehaviour("full-cone", x));
}

BOOST_AUTO_TEST_CASE(outbound_is_translated_and_the_reply_comes_back_in)
{
    NatTable nat(NatConfig{kPublic}, nullptr);
    NatVerdict out = nat.Outbound(Udp(kHostA, 500, kServer, 500), 0);
    BOOST_REQUIRE(out.pass);
    BOOST_CHECK(out.created);
    BOOST_CHECK_EQUAL(out.out.src, kPublic);
    BOOST_CHECK_EQUAL(out.out.srcPort, 500); // §4.2.1 port preservation: 500 was free
    BOOST_CHECK_EQUAL(out.out.dst, kServer);
    NatVerdict in = nat.Inbound(Udp(kServer, 500, kPublic, 500), kSec);
    BOOST_REQUIRE(in.pass);
    BOOST_CHECK_EQUAL(in.out.dst, kHostA);
    BOOST_CHECK_EQUAL(in.out.dstPort, 500);
    BOOST_CHECK_EQUAL(nat.GetCounters().Get("translated-in"), 1u);
}

BOOST_AUTO_TEST_CASE(unsolicited_inbound_is_dropped_and_counted)
{
    NatTable nat(NatConfig{kPublic}, nullptr);
    NatVerdict in = nat.Inbound(Udp(kServer, 1701, kPublic, 1701), 0);
    BOOST_CHECK(!in.pass);
    BOOST_CHECK_EQUAL(in.reason, "no-mapping");
    BOOST_CHECK_EQUAL(nat.GetCounters().Get("drop/no-mapping"), 1u);
    NatVerdict other = nat.Inbound(Udp(kServer, 1701, kServer2, 1701), 0);
    BOOST_CHECK_EQUAL(other.reason, "not-for-us");
}

BOOST_AUTO_TEST_CASE(endpoint_independent_mapping_reuses_the_port_for_every_destination)
{
    // RFC 4787 §4.1: EIM reuses the mapping for any destination (REQ-1 recommends it).
    NatTable nat(Config(NatBehaviour::ENDPOINT_INDEPENDENT, NatBehaviour::ENDPOINT_INDEPENDENT),
                 nullptr);
    NatVerdict a = nat.Outbound(Udp(kHostA, 40000, kServer, 4500), 0);
    NatVerdict b = nat.Outbound(Udp(kHostA, 40000, kServer2, 4500), 0);
    BOOST_CHECK(!b.created);
    BOOST_CHECK_EQUAL(a.out.srcPort, b.out.srcPort);
    BOOST_CHECK_EQUAL(nat.Size(), 1u);
    // EIF: a third party reaches the mapping (§5 endpoint-independent filtering).
    BOOST_CHECK(nat.Inbound(Udp(0x01020304, 9, kPublic, a.out.srcPort), 0).pass);
}

BOOST_AUTO_TEST_CASE(address_and_port_dependent_mapping_makes_one_per_destination)
{
    NatTable nat(NatConfig{kPublic}, nullptr);
    NatVerdict a = nat.Outbound(Udp(kHostA, 40000, kServer, 4500), 0);
    NatVerdict b = nat.Outbound(Udp(kHostA, 40000, kServer, 4501), 0);
    BOOST_CHECK(a.created);
    BOOST_CHECK(b.created);
    BOOST_CHECK_EQUAL(nat.Size(), 2u);
    // Both keep 40000: the public port may repeat for different destinations (Linux does).
    BOOST_CHECK_EQUAL(a.out.srcPort, 40000);
    BOOST_CHECK_EQUAL(b.out.srcPort, 40000);
}

BOOST_AUTO_TEST_CASE(address_dependent_filtering_lets_in_any_port_of_a_contacted_address_only)
{
    NatTable nat(Config(NatBehaviour::ENDPOINT_INDEPENDENT, NatBehaviour::ADDRESS_DEPENDENT),
                 nullptr);
    NatVerdict a = nat.Outbound(Udp(kHostA, 40000, kServer, 4500), 0);
    BOOST_CHECK(nat.Inbound(Udp(kServer, 9999, kPublic, a.out.srcPort), 0).pass);
    NatVerdict refused = nat.Inbound(Udp(kServer2, 4500, kPublic, a.out.srcPort), 0);
    BOOST_CHECK(!refused.pass);
    BOOST_CHECK_EQUAL(refused.reason, "filtered");
}

BOOST_AUTO_TEST_CASE(address_and_port_dependent_filtering_refuses_another_port)
{
    NatTable nat(
        Config(NatBehaviour::ENDPOINT_INDEPENDENT, NatBehaviour::ADDRESS_AND_PORT_DEPENDENT),
        nullptr);
    NatVerdict a = nat.Outbound(Udp(kHostA, 40000, kServer, 4500), 0);
    BOOST_CHECK(nat.Inbound(Udp(kServer, 4500, kPublic, a.out.srcPort), 0).pass);
    NatVerdict refused = nat.Inbound(Udp(kServer, 4501, kPublic, a.out.srcPort), 0);
    BOOST_CHECK(!refused.pass);
    BOOST_CHECK_EQUAL(nat.GetCounters().Get("drop/filtered"), 1u);
}

BOOST_AUTO_TEST_CASE(two_clients_behind_one_nat_to_one_server_get_distinct_public_ports)
{
    // The RouterOS manual's road warriors: both send IKE from 500 (NAT-T moves them to 4500) to
    // the same server. The second cannot keep its port, and replies reach the right host.
    NatTable nat(NatConfig{kPublic}, nullptr);
    NatVerdict a = nat.Outbound(Udp(kHostA, 4500, kServer, 4500), 0);
    NatVerdict b = nat.Outbound(Udp(kHostB, 4500, kServer, 4500), 0);
    BOOST_CHECK_EQUAL(a.out.srcPort, 4500);
    BOOST_CHECK_NE(b.out.srcPort, 4500);
    BOOST_CHECK_GE(b.out.srcPort, 1024);
    NatVerdict toA = nat.Inbound(Udp(kServer, 4500, kPublic, a.out.srcPort), 0);
    NatVerdict toB = nat.Inbound(Udp(kServer, 4500, kPublic, b.out.srcPort), 0);
    BOOST_CHECK_EQUAL(toA.out.dst, kHostA);
    BOOST_CHECK_EQUAL(toB.out.dst, kHostB);
    BOOST_CHECK_EQUAL(toB.out.dstPort, 4500);
}

BOOST_AUTO_TEST_CASE(without_port_preservation_ports_come_from_the_range)
{
    NatConfig c = Config(NatBehaviour::ENDPOINT_INDEPENDENT, NatBehaviour::ENDPOINT_INDEPENDENT);
    c.portPreservation = false;
    c.portMin = 20000;
    c.portMax = 20001;
    NatTable nat(c, nullptr);
    BOOST_CHECK_EQUAL(nat.Outbound(Udp(kHostA, 1701, kServer, 1701), 0).out.srcPort, 20000);
    BOOST_CHECK_EQUAL(nat.Outbound(Udp(kHostB, 1701, kServer, 1701), 0).out.srcPort, 20001);
    // The range is used up: the third inside endpoint is refused, counted.
    NatVerdict full = nat.Outbound(Udp(kHostB, 1702, kServer, 1701), 0);
    BOOST_CHECK(!full.pass);
    BOOST_CHECK_EQUAL(full.reason, "ports-exhausted");
}

BOOST_AUTO_TEST_CASE(udp_mapping_expires_after_the_unreplied_timeout_and_lives_longer_once_replied)
{
    Collect sink;
    NatConfig c{kPublic};
    c.udpTimeout = 10 * kSec;
    c.udpStreamTimeout = 180 * kSec;
    NatTable nat(c, &sink);
    nat.Outbound(Udp(kHostA, 1701, kServer, 1701), 0);
    BOOST_CHECK_EQUAL(nat.NextExpiry(), 10 * kSec);
    nat.Expire(10 * kSec);
    BOOST_CHECK_EQUAL(nat.Size(), 0u);
    BOOST_CHECK_EQUAL(nat.GetCounters().Get("mappings-expired"), 1u);
    BOOST_CHECK(!nat.Inbound(Udp(kServer, 1701, kPublic, 1701), 11 * kSec).pass);

    nat.Outbound(Udp(kHostA, 1701, kServer, 1701), 20 * kSec);
    BOOST_REQUIRE(nat.Inbound(Udp(kServer, 1701, kPublic, 1701), 21 * kSec).pass);
    BOOST_CHECK_EQUAL(nat.NextExpiry(), 201 * kSec); // a stream now: udp-stream-timeout
    nat.Expire(200 * kSec);
    BOOST_CHECK_EQUAL(nat.Size(), 1u);
    // Outbound packets refresh the mapping (RFC 4787 REQ-6): a NAT keepalive keeps it alive.
    nat.Outbound(Udp(kHostA, 1701, kServer, 1701), 200 * kSec);
    BOOST_CHECK_EQUAL(nat.NextExpiry(), 380 * kSec);
    std::vector<std::string> kinds;
    for (const LabEvent& e : sink.events)
    {
        kinds.push_back(e.kind);
    }
    const std::vector<std::string> want = {"mapping-created", "mapping-expired", "mapping-created",
                                           "mapping-refreshed-in", "mapping-refreshed-out"};
    BOOST_CHECK_EQUAL_COLLECTIONS(kinds.begin(), kinds.end(), want.begin(), want.end());
    BOOST_CHECK_EQUAL(sink.events[0].object, "nat/udp/1701");
    BOOST_CHECK_EQUAL(sink.events[0].Get("inside"), "10.5.8.120:1701");
    BOOST_CHECK_EQUAL(sink.events[0].Get("public"), "203.0.113.5:1701");
}

BOOST_AUTO_TEST_CASE(a_packet_train_is_counted_not_logged_per_packet)
{
    Collect sink;
    NatTable nat(NatConfig{kPublic}, &sink);
    for (int i = 0; i < 100; ++i)
    {
        nat.Outbound(Udp(kHostA, 1701, kServer, 1701), i * kMs);
    }
    BOOST_CHECK_EQUAL(sink.events.size(), 1u); // created; 99 refreshes within a second
    BOOST_CHECK_EQUAL(nat.GetCounters().Get("mappings-refreshed"), 99u);
}

BOOST_AUTO_TEST_CASE(esp_without_nat_t_maps_one_inside_host_per_remote_address)
{
    // ESP has no ports: the second inside host talking ESP to the same server cannot be told
    // apart on the way back, so the NAT refuses it (why RFC 3948 UDP encapsulation exists).
    NatTable nat(NatConfig{kPublic}, nullptr);
    NatPacket espA{kNatProtoEsp, kHostA, 0, kServer, 0};
    NatPacket espB{kNatProtoEsp, kHostB, 0, kServer, 0};
    BOOST_CHECK(nat.Outbound(espA, 0).pass);
    NatVerdict b = nat.Outbound(espB, 0);
    BOOST_CHECK(!b.pass);
    BOOST_CHECK_EQUAL(b.reason, "address-pair-in-use");
    NatVerdict back = nat.Inbound(NatPacket{kNatProtoEsp, kServer, 0, kPublic, 0}, kSec);
    BOOST_REQUIRE(back.pass);
    BOOST_CHECK_EQUAL(back.out.dst, kHostA);
    // Another server is another pair: host B may talk ESP to it.
    BOOST_CHECK(nat.Outbound(NatPacket{kNatProtoEsp, kHostB, 0, kServer2, 0}, 0).pass);
}

BOOST_AUTO_TEST_CASE(icmp_echo_maps_by_identifier)
{
    NatTable nat(NatConfig{kPublic}, nullptr);
    NatVerdict out = nat.Outbound(NatPacket{kNatProtoIcmp, kHostA, 77, kServer, 77}, 0);
    BOOST_REQUIRE(out.pass);
    NatVerdict back = nat.Inbound(
        NatPacket{kNatProtoIcmp, kServer, out.out.srcPort, kPublic, out.out.srcPort}, kMs);
    BOOST_REQUIRE(back.pass);
    BOOST_CHECK_EQUAL(back.out.dst, kHostA);
    BOOST_CHECK_EQUAL(back.out.dstPort, 77);
}

BOOST_AUTO_TEST_SUITE_END()
