// The one port-learning algorithm shared by the tshark path and the libpcap fast path
// (conformance/port-learning.h). RFC 2661 §8.1: L2TP uses UDP port 1701, but the answer may come
// from another port of the LNS; that port is learned from the capture, never from a number alone.

#include "conformance/port-learning.h"

#include <boost/test/unit_test.hpp>

#include <string>
#include <vector>

using namespace ns3;

namespace
{

L2tpEndpointRow
Row(const std::string& src, uint16_t sport, const std::string& dst, uint16_t dport)
{
    return {L2tpEndpoint{src, sport}, L2tpEndpoint{dst, dport}};
}

L2tpRecord
Rec(const std::string& src, uint16_t sport, const std::string& dst, uint16_t dport)
{
    L2tpRecord r;
    r.srcIp = src;
    r.srcPort = sport;
    r.dstIp = dst;
    r.dstPort = dport;
    return r;
}

} // namespace

BOOST_AUTO_TEST_SUITE(conformance_port_learning)

// §8.1: SCCRQ to 1701, SCCRP from the LNS's own port 40000: that endpoint is learned, a later
// datagram between the same endpoints on 40000 is L2TP (forced, kept).
BOOST_AUTO_TEST_CASE(port_of_a_1701_peer_is_learned)
{
    L2tpPortLearner l({});
    BOOST_CHECK(l.Ports().empty());
    BOOST_CHECK(l.Learn(
        {Row("10.0.0.1", 1701, "10.0.0.2", 1701), Row("10.0.0.2", 40000, "10.0.0.1", 1701)}));
    BOOST_CHECK(l.Ports().count(40000));
    L2tpRecord r = Rec("10.0.0.1", 1701, "10.0.0.2", 40000);
    BOOST_CHECK(l.Decodes(r));
    BOOST_CHECK(l.Keep(r));
    BOOST_CHECK(!r.forcedPort); // touches 1701
    L2tpRecord f = Rec("10.0.0.2", 40000, "10.0.0.9", 5555);
    BOOST_CHECK(l.Keep(f)); // forced, but 10.0.0.2:40000 is a learned endpoint
    BOOST_CHECK(f.forcedPort);
}

// A shared port number alone never makes unrelated traffic L2TP.
BOOST_AUTO_TEST_CASE(shared_port_number_alone_is_not_l2tp)
{
    L2tpPortLearner l({});
    l.Learn({Row("10.0.0.2", 40000, "10.0.0.1", 1701)});
    L2tpRecord other = Rec("192.0.2.7", 40000, "192.0.2.8", 53);
    BOOST_CHECK(l.Decodes(other)); // a decoder with port 40000 would try it
    BOOST_CHECK(!l.Keep(other));   // but neither endpoint is trusted
    BOOST_CHECK(other.forcedPort);
    // An untrusted row teaches nothing.
    BOOST_CHECK(!l.Learn({Row("192.0.2.7", 40000, "192.0.2.8", 41000)}));
    BOOST_CHECK(!l.Ports().count(41000));
}

// IKE 500, NAT-T 4500 and 0 are never decoded as L2TP by learning; explicit ports are trusted.
BOOST_AUTO_TEST_CASE(forbidden_and_explicit_ports)
{
    L2tpPortLearner l({6000});
    BOOST_CHECK(l.Ports().count(6000));
    BOOST_CHECK(
        !l.Learn({Row("10.0.0.1", 500, "10.0.0.2", 1701), Row("10.0.0.1", 4500, "10.0.0.2", 1701),
                  Row("10.0.0.1", 0, "10.0.0.2", 1701)}));
    BOOST_CHECK(!l.Ports().count(500) && !l.Ports().count(4500) && !l.Ports().count(0));
    L2tpRecord e = Rec("198.51.100.1", 6000, "198.51.100.2", 7000);
    BOOST_CHECK(l.Keep(e));
    BOOST_CHECK(!e.forcedPort); // explicit port: not forced
    BOOST_CHECK(l.Learn({Row("198.51.100.1", 6000, "198.51.100.2", 7000)}));
    BOOST_CHECK(l.Ports().count(7000));
}

// Run() repeats passes with the grown port set, at most maxLearningPasses, and not at all when
// learning is off; a failing row source stops it with false.
BOOST_AUTO_TEST_CASE(passes_are_bounded)
{
    ExtractOptions opts;
    opts.maxLearningPasses = 2;
    L2tpPortLearner l({});
    unsigned calls = 0;
    // Each pass reveals a chain link only visible once the previous port is decoded.
    BOOST_CHECK(l.Run(opts,
                      [&](const std::set<uint16_t>& ports, std::vector<L2tpEndpointRow>& rows)
                      {
                          ++calls;
                          rows.push_back(Row("10.0.0.2", 40000, "10.0.0.1", 1701));
                          if (ports.count(40000))
                          {
                              rows.push_back(Row("10.0.0.2", 40000, "10.0.0.3", 41000));
                          }
                          if (ports.count(41000))
                          {
                              rows.push_back(Row("10.0.0.3", 41000, "10.0.0.4", 42000));
                          }
                          return true;
                      }));
    BOOST_CHECK_EQUAL(calls, 2u);
    BOOST_CHECK(l.Ports().count(41000));
    BOOST_CHECK(!l.Ports().count(42000)); // a third pass would have learned it

    opts.learnPorts = false;
    L2tpPortLearner off({});
    BOOST_CHECK(off.Run(opts,
                        [&](const std::set<uint16_t>&, std::vector<L2tpEndpointRow>&)
                        {
                            BOOST_ERROR("no pass when learning is off");
                            return true;
                        }));
    opts.learnPorts = true;
    L2tpPortLearner failing({});
    BOOST_CHECK(!failing.Run(opts,
                             [&](const std::set<uint16_t>&, std::vector<L2tpEndpointRow>&)
                             {
                                 return false;
                             }));
}

BOOST_AUTO_TEST_SUITE_END()
