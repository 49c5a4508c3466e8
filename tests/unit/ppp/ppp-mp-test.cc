/**
 * \file
 * \brief The Multilink Protocol core (RFC 1990): header codec in both sequence formats (§3),
 * fragmentation (§3: B on the first fragment, E on the last, consecutive sequence numbers) and
 * reassembly (§4.1: M, lost fragments discard exactly their packet, MRRU §5.1.1, bounded
 * buffering).
 */

#include "model/ppp/ppp-frame.h"
#include "model/ppp/ppp-mp.h"

#include <boost/test/unit_test.hpp>

#include <numeric>

using namespace ns3;

namespace
{

/** \brief A packet: Protocol field 00 21 (IPv4) + `info` octets counting up from `seed`. */
Bytes
Packet(size_t info, uint8_t seed = 0)
{
    Bytes p{0x00, 0x21};
    for (size_t i = 0; i < info; ++i)
    {
        p.push_back(static_cast<uint8_t>(seed + i));
    }
    return p;
}

PppMpFragment
Decode(const Bytes& b, PppMpFormat f = PppMpFormat::LONG)
{
    PppMpFragment frag;
    BOOST_REQUIRE(DecodePppMpFragment(b.data(), b.size(), f, frag) == PppMpDecodeError::NONE);
    return frag;
}

/** \brief Fragment `p` and return the decoded fragments. */
std::vector<PppMpFragment>
Split(PppMpSender& tx, const Bytes& p, size_t maxInfo)
{
    std::vector<Bytes> wire;
    BOOST_REQUIRE(tx.Fragment(p, maxInfo, wire));
    std::vector<PppMpFragment> out;
    for (const Bytes& w : wire)
    {
        BOOST_TEST(w.size() <= maxInfo);
        out.push_back(Decode(w, tx.Format()));
    }
    return out;
}

PppMpReassemblerConfig
Rx(uint32_t mrru = 1600, uint32_t window = 0, size_t maxFragments = 64)
{
    PppMpReassemblerConfig c;
    c.mrru = mrru;
    c.reorderWindow = window;
    c.maxFragments = maxFragments;
    return c;
}

} // namespace

BOOST_AUTO_TEST_SUITE(PppMpTests)

// §3 long format: B E 0 0 0 0 0 0 then 24 bits of sequence number.
BOOST_AUTO_TEST_CASE(long_header_golden_bytes)
{
    PppMpFragment f;
    f.begin = true;
    f.sequence = 0x123456;
    f.data = {0xaa};
    BOOST_TEST(EncodePppMpFragment(f, PppMpFormat::LONG) == (Bytes{0x80, 0x12, 0x34, 0x56, 0xaa}),
               boost::test_tools::per_element());
    f.begin = false;
    f.end = true;
    f.sequence = 0x1000001; // taken modulo 2^24
    BOOST_TEST(EncodePppMpFragment(f, PppMpFormat::LONG) == (Bytes{0x40, 0x00, 0x00, 0x01, 0xaa}),
               boost::test_tools::per_element());
    PppMpFragment d = Decode({0xc0, 0xff, 0xff, 0xff, 1, 2});
    BOOST_TEST(d.begin);
    BOOST_TEST(d.end);
    BOOST_TEST(d.sequence == 0xffffffu);
    BOOST_TEST(d.reserved == 0);
    BOOST_TEST(d.data == (Bytes{1, 2}), boost::test_tools::per_element());
}

// §3 short format (§5.1.2): B E 0 0 then 12 bits of sequence number.
BOOST_AUTO_TEST_CASE(short_header_golden_bytes)
{
    PppMpFragment f;
    f.end = true;
    f.sequence = 0xabc;
    f.data = {7};
    BOOST_TEST(EncodePppMpFragment(f, PppMpFormat::SHORT) == (Bytes{0x4a, 0xbc, 7}),
               boost::test_tools::per_element());
    PppMpFragment d = Decode({0x8f, 0xff, 9}, PppMpFormat::SHORT);
    BOOST_TEST(d.begin);
    BOOST_TEST(!d.end);
    BOOST_TEST(d.sequence == 0xfffu);
    BOOST_TEST(PppMpHeaderSize(PppMpFormat::SHORT) == 2u);
    BOOST_TEST(PppMpSequenceModulus(PppMpFormat::SHORT) == 4096u);
    BOOST_TEST(PppMpSequenceModulus(PppMpFormat::LONG) == 16777216u);
}

// The reserved bits are reported (a conforming sender sets them to zero) but do not refuse.
BOOST_AUTO_TEST_CASE(reserved_bits_are_reported)
{
    BOOST_TEST(Decode({0x81, 0, 0, 1, 5}).reserved == 0x01);
    BOOST_TEST(Decode({0xb0, 0x01, 5}, PppMpFormat::SHORT).reserved == 0x03);
}

// A header cut short never reads past the end.
BOOST_AUTO_TEST_CASE(truncated_headers_are_refused)
{
    PppMpFragment f;
    const Bytes b{0x80, 0, 0};
    BOOST_TEST(
        (DecodePppMpFragment(b.data(), 3, PppMpFormat::LONG, f) == PppMpDecodeError::TRUNCATED));
    BOOST_TEST(
        (DecodePppMpFragment(b.data(), 1, PppMpFormat::SHORT, f) == PppMpDecodeError::TRUNCATED));
    BOOST_TEST(
        (DecodePppMpFragment(nullptr, 0, PppMpFormat::LONG, f) == PppMpDecodeError::TRUNCATED));
    BOOST_TEST(std::string(ToString(PppMpDecodeError::TRUNCATED)) == "truncated");
}

// §3: the reassembled packet starts with its Protocol field, 1 octet when compressed.
BOOST_AUTO_TEST_CASE(protocol_field_of_a_reassembled_packet)
{
    uint16_t p = 0;
    BOOST_TEST(DecodePppMpProtocol({0x00, 0x21, 0x45}, p) == 2u);
    BOOST_TEST(p == kPppIpv4);
    BOOST_TEST(DecodePppMpProtocol({0x21, 0x45}, p) == 1u);
    BOOST_TEST(p == kPppIpv4);
    BOOST_TEST(DecodePppMpProtocol({0x00, 0x20}, p) == 0u); // RFC 1661 §2: low octet is odd
    BOOST_TEST(DecodePppMpProtocol({0x00}, p) == 0u);
    BOOST_TEST(DecodePppMpProtocol({}, p) == 0u);
}

// §3: B on the first fragment, E on the last, one sequence number per fragment; every fragment
// fits the peer's MRU.
BOOST_AUTO_TEST_CASE(fragmenter_sets_b_e_and_sequence)
{
    PppMpSender tx(PppMpFormat::LONG, 10);
    // A 1500-octet IPv4 packet (+2 Protocol octets) into a 1450-octet MRU: two fragments.
    std::vector<PppMpFragment> f = Split(tx, Packet(1500), 1450);
    BOOST_REQUIRE(f.size() == 2u);
    BOOST_TEST(f[0].begin);
    BOOST_TEST(!f[0].end);
    BOOST_TEST(!f[1].begin);
    BOOST_TEST(f[1].end);
    BOOST_TEST(f[0].sequence == 10u);
    BOOST_TEST(f[1].sequence == 11u);
    BOOST_TEST(f[0].data.size() + f[1].data.size() == 1502u);
    BOOST_TEST(f[0].data.size() == 751u); // balanced sizes
    // A small packet goes whole: one fragment with B and E.
    std::vector<PppMpFragment> g = Split(tx, Packet(100), 1450);
    BOOST_REQUIRE(g.size() == 1u);
    BOOST_TEST((g[0].begin && g[0].end));
    BOOST_TEST(g[0].sequence == 12u);
    BOOST_TEST(tx.NextSequence() == 13u);
}

BOOST_AUTO_TEST_CASE(fragmenter_refuses_what_cannot_fit)
{
    PppMpSender tx(PppMpFormat::LONG);
    std::vector<Bytes> out;
    BOOST_TEST(!tx.Fragment(Packet(10), 4, out)); // the header alone fills the MRU
    BOOST_TEST(!tx.Fragment({}, 1500, out));
    BOOST_TEST(out.empty());
    BOOST_TEST(tx.NextSequence() == 0u);
}

// §3: sequence numbers wrap modulo 2^12 in the short format, and the receiver follows.
BOOST_AUTO_TEST_CASE(short_sequence_wraps_and_reassembles)
{
    PppMpSender tx(PppMpFormat::SHORT, 4094);
    PppMpReassemblerConfig c = Rx();
    c.format = PppMpFormat::SHORT;
    PppMpReassembler rx(c);
    std::vector<Bytes> got;
    for (int i = 0; i < 3; ++i)
    {
        for (const PppMpFragment& f : Split(tx, Packet(1000, static_cast<uint8_t>(i)), 400))
        {
            rx.Input(0, f, got);
        }
    }
    BOOST_TEST(tx.NextSequence() == (4094u + 9u) % 4096u);
    BOOST_REQUIRE(got.size() == 3u);
    for (int i = 0; i < 3; ++i)
    {
        BOOST_TEST(got[i] == Packet(1000, static_cast<uint8_t>(i)),
                   boost::test_tools::per_element());
    }
    BOOST_TEST(rx.Counters().packetsOut == 3u);
    BOOST_TEST(rx.Buffered() == 0u);
}

// §4.1: a lost fragment discards exactly its packet; the packets around it are delivered.
BOOST_AUTO_TEST_CASE(lost_fragment_discards_exactly_its_packet)
{
    PppMpSender tx(PppMpFormat::LONG);
    PppMpReassembler rx(Rx());
    std::vector<Bytes> got;
    for (int i = 0; i < 3; ++i)
    {
        std::vector<PppMpFragment> f = Split(tx, Packet(1500, static_cast<uint8_t>(i)), 600);
        BOOST_REQUIRE(f.size() == 3u);
        for (size_t k = 0; k < f.size(); ++k)
        {
            if (i == 1 && k == 1)
            {
                continue; // the middle fragment of the middle packet is lost
            }
            rx.Input(0, f[k], got);
        }
    }
    BOOST_REQUIRE(got.size() == 2u);
    BOOST_TEST(got[0] == Packet(1500, 0), boost::test_tools::per_element());
    BOOST_TEST(got[1] == Packet(1500, 2), boost::test_tools::per_element());
    BOOST_TEST(rx.Counters().lostFragment == 1u);
    BOOST_TEST(rx.Counters().missing == 1u);
    BOOST_TEST(rx.Counters().noBegin == 0u); // its last fragment is part of the one discard
    BOOST_TEST(rx.Buffered() == 0u);
}

// §4.1: losing the B fragment makes the rest of that packet orphans (discarded, counted).
BOOST_AUTO_TEST_CASE(lost_beginning_discards_the_tail)
{
    PppMpSender tx(PppMpFormat::LONG);
    PppMpReassembler rx(Rx());
    std::vector<Bytes> got;
    std::vector<PppMpFragment> a = Split(tx, Packet(1500, 1), 600);
    std::vector<PppMpFragment> b = Split(tx, Packet(1500, 2), 600);
    std::vector<PppMpFragment> c = Split(tx, Packet(50, 3), 600);
    rx.Input(0, a[0], got);
    rx.Input(0, a[1], got);
    rx.Input(0, a[2], got);
    rx.Input(0, b[1], got); // b[0] lost
    rx.Input(0, b[2], got);
    rx.Input(0, c[0], got);
    BOOST_REQUIRE(got.size() == 2u);
    BOOST_TEST(got[1] == Packet(50, 3), boost::test_tools::per_element());
    BOOST_TEST(rx.Counters().noBegin == 2u);
    BOOST_TEST(rx.Counters().lostFragment == 0u);
}

// §4.1: a lost E fragment: the next B shows the packet cannot complete.
BOOST_AUTO_TEST_CASE(lost_end_is_detected_by_the_next_begin)
{
    PppMpSender tx(PppMpFormat::LONG);
    PppMpReassembler rx(Rx());
    std::vector<Bytes> got;
    std::vector<PppMpFragment> a = Split(tx, Packet(1500, 1), 800);
    std::vector<PppMpFragment> b = Split(tx, Packet(20, 2), 800);
    rx.Input(0, a[0], got); // a[1] (E) lost
    rx.Input(0, b[0], got);
    BOOST_REQUIRE(got.size() == 1u);
    BOOST_TEST(got[0] == Packet(20, 2), boost::test_tools::per_element());
    BOOST_TEST(rx.Counters().lostFragment == 1u);
}

// Out of order within the reorder window: reassembled; the same swap with no window loses.
BOOST_AUTO_TEST_CASE(reordering_within_the_window_is_absorbed)
{
    for (uint32_t window : {2u, 0u})
    {
        PppMpSender tx(PppMpFormat::LONG);
        PppMpReassembler rx(Rx(1600, window));
        std::vector<Bytes> got;
        std::vector<PppMpFragment> f = Split(tx, Packet(1500, 4), 600);
        rx.Input(0, f[0], got);
        rx.Input(0, f[2], got); // f[1] overtaken
        rx.Input(0, f[1], got);
        if (window > 0)
        {
            BOOST_REQUIRE(got.size() == 1u);
            BOOST_TEST(got[0] == Packet(1500, 4), boost::test_tools::per_element());
            BOOST_TEST(rx.Counters().late == 0u);
        }
        else
        {
            // M passed the gap at once: the packet is lost, the late fragment refused.
            BOOST_TEST(got.empty());
            BOOST_TEST(rx.Counters().lostFragment == 1u);
            BOOST_TEST(rx.Counters().late == 1u);
        }
    }
}

// §5.1.1: nothing longer than the MRRU is reassembled; a packet at the MRRU is.
BOOST_AUTO_TEST_CASE(mrru_is_enforced_on_reassembly)
{
    PppMpSender tx(PppMpFormat::LONG);
    PppMpReassembler rx(Rx(1600));
    std::vector<Bytes> got;
    for (const PppMpFragment& f : Split(tx, Packet(1600, 1), 700))
    {
        rx.Input(0, f, got);
    }
    BOOST_TEST(got.size() == 1u);
    for (const PppMpFragment& f : Split(tx, Packet(1601, 2), 700))
    {
        rx.Input(0, f, got);
    }
    for (const PppMpFragment& f : Split(tx, Packet(3000, 3), 700)) // refused before its end
    {
        rx.Input(0, f, got);
    }
    for (const PppMpFragment& f : Split(tx, Packet(10, 4), 700))
    {
        rx.Input(0, f, got);
    }
    BOOST_REQUIRE(got.size() == 2u);
    BOOST_TEST(got[1] == Packet(10, 4), boost::test_tools::per_element());
    BOOST_TEST(rx.Counters().overMrru == 2u);
    BOOST_TEST(rx.Counters().noBegin == 0u); // the refused packet's tail is not counted twice
    BOOST_TEST(rx.Buffered() == 0u);
}

// Bounded buffering: a packet whose end never comes is pushed out by the bound.
BOOST_AUTO_TEST_CASE(buffering_is_bounded)
{
    PppMpSender tx(PppMpFormat::LONG);
    PppMpReassembler rx(Rx(100000, 1000, 8)); // a wide window: only the bound resolves
    std::vector<Bytes> got;
    std::vector<PppMpFragment> big = Split(tx, Packet(5000, 1), 500);
    BOOST_REQUIRE(big.size() == 11u);
    for (size_t k = 0; k + 1 < big.size(); ++k)
    {
        rx.Input(0, big[k], got); // the E fragment never arrives
    }
    BOOST_TEST(rx.Buffered() <= 8u);
    BOOST_TEST(rx.Counters().bufferFull == 1u);
    BOOST_TEST(got.empty());
}

// Duplicates and a B+E fragment without data (it only moves M) are dropped quietly.
BOOST_AUTO_TEST_CASE(duplicates_and_null_fragments)
{
    PppMpReassembler rx(Rx());
    std::vector<Bytes> got;
    PppMpFragment f;
    f.begin = f.end = true;
    f.sequence = 5;
    f.data = Packet(10);
    rx.Input(0, f, got);
    rx.Input(0, f, got);
    PppMpFragment null;
    null.begin = null.end = true;
    null.sequence = 6;
    rx.Input(0, null, got);
    BOOST_TEST(got.size() == 1u);
    BOOST_TEST(rx.Counters().late == 1u); // already delivered: behind the reassembly point
    BOOST_TEST(rx.Counters().nullFragments == 1u);
    BOOST_TEST(PppMpDiscards(rx.Counters()).size() == 7u);
}

// §4.1 with two member links: M is the minimum; a gap is lost only once both links passed it.
BOOST_AUTO_TEST_CASE(m_is_the_minimum_over_member_links)
{
    PppMpReassemblerConfig c = Rx();
    c.links = 2;
    PppMpReassembler rx(c);
    PppMpSender tx(PppMpFormat::LONG);
    std::vector<PppMpFragment> f = Split(tx, Packet(1500, 9), 400); // 4 fragments
    BOOST_REQUIRE(f.size() == 4u);
    std::vector<Bytes> got;
    rx.Input(0, f[0], got);
    rx.Input(0, f[2], got); // f[1] is still on its way on link 1
    rx.Input(1, f[1], got);
    rx.Input(1, f[3], got);
    BOOST_REQUIRE(got.size() == 1u);
    BOOST_TEST(got[0] == Packet(1500, 9), boost::test_tools::per_element());
    BOOST_TEST(rx.Counters().lostFragment == 0u);
}

BOOST_AUTO_TEST_SUITE_END()
