/**
 * \file
 * \brief The MTU calculator against hand-computed tables: every layer row, the issue's two
 * examples (1462, 1446), ESP padding at block boundaries, stack spec errors, and the generated
 * part of docs/mtu.md.
 */

#include "model/mtu/mtu-calculator.h"

#include <boost/test/unit_test.hpp>
#include <cstdlib>
#include <fstream>
#include <set>
#include <sstream>
#include <string>

using namespace ns3;

namespace
{

MtuResult
Calc(const std::string& stack, uint32_t underlay = 1500, uint8_t ip = 4)
{
    MtuStackSpec spec;
    std::string err;
    BOOST_TEST_REQUIRE(ParseMtuStack(stack, spec, err), stack << ": " << err);
    MtuResult r;
    BOOST_TEST_REQUIRE(ComputeMtu(underlay, ip, spec, r, err), stack << ": " << err);
    return r;
}

std::string
ParseError(const std::string& stack)
{
    MtuStackSpec spec;
    std::string err;
    BOOST_TEST(!ParseMtuStack(stack, spec, err), "'" << stack << "' must be refused");
    return err;
}

uint32_t
RowBytes(const MtuResult& r, const std::string& field)
{
    for (const MtuRow& row : r.rows)
    {
        if (row.field == field)
        {
            return row.bytes;
        }
    }
    BOOST_ERROR("no row '" << field << "' in " << r.stack);
    return 0;
}

/** Hand-computed: stack, underlay, IP version, inner MTU (arithmetic in the comment). */
struct Expected
{
    const char* stack;
    uint32_t underlay;
    uint8_t ip;
    uint32_t inner;
};

const Expected kTable[] = {
    // The seed blog / issue 9: 1500 - (20 IP + 8 UDP + 6 L2TP + 4 PPP).
    {"l2tp,ppp", 1500, 4, 1462},
    // + 2 BCP + 14 Ethernet.
    {"l2tp,ppp,bcp", 1500, 4, 1446},
    // RFC 2661 §3.1: L +2, S +4, O +2 + pad.
    {"l2tp:len,ppp", 1500, 4, 1460},
    {"l2tp:len,seq,ppp", 1500, 4, 1456},
    {"l2tp:offset=4,ppp", 1500, 4, 1456},
    {"l2tp:offset,ppp", 1500, 4, 1460},
    // RFC 1661 §6.5/§6.6: no FF 03, 1-octet protocol: 20 + 8 + 6 + 1.
    {"l2tp,ppp:acfc,pfc", 1500, 4, 1465},
    {"l2tp,ppp:acfc", 1500, 4, 1464},
    // IPv6 tunnel header 40: 1500 - 58.
    {"l2tp,ppp", 1500, 6, 1442},
    // MPPE 2 + protocol 2.
    {"l2tp,ppp,mppe", 1500, 4, 1458},
    // MP long 4 + protocol 2; short 2 + 2; with pfc the PPP header is 3 and the inner protocol 1.
    {"l2tp,ppp,mp", 1500, 4, 1456},
    {"l2tp,ppp,mp:short", 1500, 4, 1458},
    {"l2tp,ppp:pfc,mp", 1500, 4, 1458},
    {"l2tp,ppp,mp,mppe", 1500, 4, 1452},
    // BCP with an 802.1Q tag (+4) or the LAN FCS (+4).
    {"l2tp,ppp,bcp:vlan", 1500, 4, 1442},
    {"l2tp,ppp,bcp:fcs", 1500, 4, 1442},
    // ESP transport, AES-CBC (IV 16, block 16), HMAC-SHA1-96 (12):
    // 1500 - 20 - 8 - 16 - 12 = 1444 -> 1440; - 2 - (8 + 6 + 4) = 1420.
    {"ipsec:aes128-sha1,l2tp,ppp", 1500, 4, 1420},
    // + NAT-T UDP 8: 1436 -> 1424; - 2 - 18 = 1404.
    {"ipsec-natt:aes128-sha1,l2tp,ppp", 1500, 4, 1404},
    // SHA-256-128 ICV 16: 1432 -> 1424 -> 1404.
    {"ipsec-natt:aes256-sha256,l2tp,ppp", 1500, 4, 1404},
    // AES-GCM: IV 8, ICV 16, 4-octet alignment: 1500 - 20 - 8 - 8 - 8 - 16 = 1440; - 2 - 18.
    {"ipsec-natt:aes128gcm,l2tp,ppp", 1500, 4, 1420},
    // 3DES: IV 8, block 8: 1500 - 20 - 8 - 8 - 12 = 1452 -> 1448; - 2 - 18.
    {"ipsec:3des-sha1,l2tp,ppp", 1500, 4, 1428},
    // NULL encryption: no IV, 4-alignment: 1500 - 28 - 12 = 1460; - 2 - 18.
    {"ipsec:null-sha1,l2tp,ppp", 1500, 4, 1440},
    // Tunnel mode: inner IP 20 inside ESP: 1440 - 2 - (20 + 18).
    {"ipsec:aes128-sha1:tunnel,l2tp,ppp", 1500, 4, 1400},
    // Tunnel mode alone: ESP carries the inner IP packet itself: 1440 - 2 = 1438.
    {"ipsec:aes128-sha1:tunnel", 1500, 4, 1438},
    {"ipsec-natt:aes128-sha1:tunnel", 1500, 4, 1422},
    // IPv6 underlay with ESP: 1500 - 40 - 8 - 16 - 12 = 1424 -> 1424; - 2 - 18.
    {"ipsec:aes128-sha1,l2tp,ppp", 1500, 6, 1404},
    // PPPoE 8 under the tunnel: 1492 - 38.
    {"pppoe,l2tp,ppp", 1500, 4, 1454},
    // GTP-U (the seed blog's LTE remark): +20 +8 +8.
    {"gtpu,l2tp,ppp", 1500, 4, 1426},
    {"gtpu:ext,l2tp,ppp", 1500, 4, 1422},
    {"gtpu:ip6,l2tp,ppp", 1500, 4, 1406},
    // Everything: 36 GTP-U + 20 IP + 8 NAT-T + 8 ESP + 16 IV = 88; 1500 - 88 - 12 = 1400 -> 1392;
    // - 2 - (8 + 6 + 4 + 2 + 14) = 1356.
    {"gtpu,ipsec-natt:aes128-sha1,l2tp,ppp,bcp", 1500, 4, 1356},
    // PPPoE or GTP-U alone: the inner packet rides straight in them.
    {"pppoe", 1500, 4, 1492},
    {"gtpu", 1500, 4, 1464},
    // A 1492 underlay is the same as pppoe.
    {"l2tp,ppp", 1492, 4, 1454},
};

const char* const kDocPath = L2TPLAB_SOURCE_DIR "/docs/mtu.md";

} // namespace

BOOST_AUTO_TEST_SUITE(MtuCalculatorTests)

BOOST_AUTO_TEST_CASE(issue_examples_1462_and_1446)
{
    MtuResult r = Calc("l2tp,ppp");
    BOOST_TEST(r.fits);
    BOOST_TEST(r.innerMtu == 1462u);
    BOOST_TEST(r.overhead == 38u);
    BOOST_TEST(RowBytes(r, "tunnel IPv4 header") == 20u);
    BOOST_TEST(RowBytes(r, "UDP header (L2TP, port 1701)") == 8u);
    BOOST_TEST(RowBytes(r, "L2TP data header") == 6u);
    BOOST_TEST(RowBytes(r, "PPP header") == 4u);
    BOOST_TEST(r.mssIpv4 == 1422);
    BOOST_TEST(r.mssIpv6 == 1402);
    BOOST_TEST(r.pppMru == 1462);
    MtuResult b = Calc("l2tp,ppp,bcp");
    BOOST_TEST(b.innerMtu == 1446u);
    BOOST_TEST(RowBytes(b, "BCP header") == 2u);
    BOOST_TEST(RowBytes(b, "Ethernet header") == 14u);
    BOOST_TEST(b.pppMru == 1462); // the PPP link still carries 1462: 16 of it is BCP + Ethernet
}

BOOST_AUTO_TEST_CASE(hand_computed_table)
{
    for (const Expected& e : kTable)
    {
        MtuResult r = Calc(e.stack, e.underlay, e.ip);
        BOOST_TEST(r.fits, e.stack);
        BOOST_TEST(r.innerMtu == e.inner, e.stack << " over " << e.underlay << "/IPv" << int(e.ip)
                                                  << ": " << r.innerMtu << " != " << e.inner);
        BOOST_TEST(r.overhead == e.underlay - e.inner, e.stack);
        BOOST_TEST(r.mssIpv4 == static_cast<int32_t>(e.inner) - 40, e.stack);
        BOOST_TEST(r.mssIpv6 == static_cast<int32_t>(e.inner) - 60, e.stack);
    }
    BOOST_TEST(sizeof(kTable) / sizeof(kTable[0]) >= 12u); // issue 9: at least 12 stacks
}

// Whatever the stack and underlay: the limit crosses, one octet more does not.
BOOST_AUTO_TEST_CASE(limit_fits_and_one_more_does_not)
{
    for (const Expected& e : kTable)
    {
        for (uint32_t u = 1280; u <= 1540; u += 7)
        {
            MtuResult r = Calc(e.stack, u, e.ip);
            BOOST_TEST_REQUIRE(r.fits);
            BOOST_TEST(MtuWireSize(r, r.innerMtu) <= u, e.stack << " @" << u);
            BOOST_TEST(MtuWireSize(r, r.innerMtu + 1) > u, e.stack << " @" << u);
            uint32_t rows = 0;
            for (const MtuRow& row : r.rows)
            {
                rows += row.bytes;
            }
            BOOST_TEST(rows + r.innerMtu == u, e.stack << " @" << u); // the table adds up
            BOOST_TEST(r.overhead == rows, e.stack << " @" << u);
        }
    }
}

// RFC 4303 §2.4: payload + padding + 2 is a multiple of the block size. 1500 - 20 - 8 - 16 - 12 =
// 1444: 4 octets of the link cannot be used; the underlay must grow to 1512 before the limit
// moves, and then by a whole block.
BOOST_AUTO_TEST_CASE(esp_padding_block_boundaries)
{
    MtuResult r = Calc("ipsec:aes128-sha1,l2tp,ppp");
    BOOST_TEST(r.espAlign == 16u);
    BOOST_TEST(r.espIcv == 12u);
    BOOST_TEST(r.espUnusable == 4u);
    BOOST_TEST(RowBytes(r, "ESP padding") == 0u);
    BOOST_TEST(RowBytes(r, "ESP pad length + next header") == 2u);
    BOOST_TEST(RowBytes(r, "ESP ICV (sha1)") == 12u);
    BOOST_TEST(RowBytes(r, "ESP IV (aes128)") == 16u);
    BOOST_TEST(RowBytes(r, "ESP header") == 8u);
    BOOST_TEST(RowBytes(r, "unusable (ESP alignment)") == 4u);
    // 1420: 8 + 6 + 4 + 1420 + 2 = 1440 = 90 blocks, no padding: 20 + 8 + 16 + 1440 + 12 = 1496.
    BOOST_TEST(MtuWireSize(r, 1420) == 1496u);
    // 1421 crosses into block 91: 15 octets of padding, 1512 on the wire.
    BOOST_TEST(MtuWireSize(r, 1421) == 1512u);
    // 1419 needs 1 octet of padding and is the same size as 1420.
    BOOST_TEST(MtuWireSize(r, 1419) == 1496u);
    BOOST_TEST(MtuWireSize(r, 1405) == 1496u);
    BOOST_TEST(MtuWireSize(r, 1404) == 1480u);
    BOOST_TEST(Calc("ipsec:aes128-sha1,l2tp,ppp", 1496).innerMtu == 1420u);
    BOOST_TEST(Calc("ipsec:aes128-sha1,l2tp,ppp", 1496).espUnusable == 0u);
    BOOST_TEST(Calc("ipsec:aes128-sha1,l2tp,ppp", 1511).innerMtu == 1420u);
    BOOST_TEST(Calc("ipsec:aes128-sha1,l2tp,ppp", 1511).espUnusable == 15u);
    BOOST_TEST(Calc("ipsec:aes128-sha1,l2tp,ppp", 1512).innerMtu == 1436u);
    // The explanation names the numbers it used.
    BOOST_TEST(r.espExplain.find("1444") != std::string::npos, r.espExplain);
    BOOST_TEST(r.espExplain.find("1512 on the wire") != std::string::npos, r.espExplain);
    // 3DES pads to 8, GCM only to 4.
    BOOST_TEST(Calc("ipsec:3des-sha1,l2tp,ppp").espAlign == 8u);
    BOOST_TEST(Calc("ipsec-natt:aes128gcm,l2tp,ppp").espAlign == 4u);
    BOOST_TEST(Calc("ipsec-natt:aes128gcm,l2tp,ppp").espIcv == 16u);
}

BOOST_AUTO_TEST_CASE(every_layer_row_adds_what_the_table_says)
{
    MtuResult base = Calc("l2tp,ppp");
    // Each layer's own bytes, measured against the base stack.
    struct Delta
    {
        const char* stack;
        uint32_t extra;
    };
    const Delta kDeltas[] = {
        {"pppoe,l2tp,ppp", 8},         {"gtpu,l2tp,ppp", 36},      {"l2tp:len,ppp", 2},
        {"l2tp:seq,ppp", 4},           {"l2tp:offset=10,ppp", 12}, {"l2tp,ppp,mp", 6},
        {"l2tp,ppp,mppe", 4},          {"l2tp,ppp,bcp", 16},       {"l2tp,ppp,bcp:vlan,fcs", 24},
        {"l2tp,ppp,mp:short,mppe", 8},
    };
    for (const Delta& d : kDeltas)
    {
        BOOST_TEST(base.innerMtu - Calc(d.stack).innerMtu == d.extra, d.stack);
    }
    BOOST_TEST(Calc("l2tp,ppp:pfc").innerMtu == base.innerMtu + 1);
    BOOST_TEST(Calc("l2tp,ppp:acfc").innerMtu == base.innerMtu + 2);
    BOOST_TEST(Calc("l2tp,ppp", 1500, 6).innerMtu == base.innerMtu - 20);
    // Every layer of the table appears in some stack above with its rows.
    std::set<std::string> seen;
    for (const Expected& e : kTable)
    {
        for (const MtuRow& row : Calc(e.stack, e.underlay, e.ip).rows)
        {
            seen.insert(row.layer);
        }
    }
    for (const MtuLayerInfo& l : MtuLayerTable())
    {
        BOOST_TEST(seen.count(l.token) == 1u, l.token);
    }
    // NAT-T is UDP 8 between IP and ESP (RFC 3948 §2.1).
    BOOST_TEST(RowBytes(Calc("ipsec-natt:aes128-sha1,l2tp,ppp"), "UDP header (NAT-T, port 4500)") ==
               8u);
    BOOST_TEST(RowBytes(Calc("gtpu:ext,l2tp,ppp"), "GTP-U header") == 12u);
    BOOST_TEST(RowBytes(Calc("l2tp,ppp,mp:short"), "MP fragment header") == 2u);
    BOOST_TEST(RowBytes(Calc("l2tp,ppp:pfc,mp"), "packet's own PPP protocol") == 1u);
    BOOST_TEST(RowBytes(Calc("l2tp,ppp:pfc,mppe"), "packet's own PPP protocol") == 2u);
}

BOOST_AUTO_TEST_CASE(layer_table_invariants)
{
    std::set<std::string> tokens;
    uint8_t rank = 0;
    for (const MtuLayerInfo& l : MtuLayerTable())
    {
        BOOST_TEST(tokens.insert(l.token).second, "duplicate " << l.token);
        BOOST_TEST(l.rank >= rank, l.token);
        rank = l.rank;
        BOOST_TEST(std::string(l.refs).find("RFC") != std::string::npos, l.token);
        BOOST_TEST(&MtuLayerInfoOf(l.layer) == &l);
        BOOST_TEST(FindMtuLayer(l.token) == &l);
    }
    BOOST_TEST(tokens.size() == 9u);
    for (const EspCipherInfo& c : EspCipherTable())
    {
        BOOST_TEST(c.align >= 4u, c.name); // RFC 4303 §2.4: 4-octet alignment at least
        BOOST_TEST(c.align % 4 == 0u, c.name);
    }
}

BOOST_AUTO_TEST_CASE(mp_fragments_and_mrru)
{
    MtuResult r = Calc("l2tp,ppp,mp:mrru=1600");
    BOOST_TEST(r.innerMtu == 1456u);
    BOOST_TEST(r.mpFragmentData == 1458); // protocol 2 + 1456
    BOOST_TEST(r.mrruInnerMtu == 1600u);
    BOOST_TEST(r.mrruFragments == 2u); // 2 + 1600 = 1602 octets in fragments of 1458
    // A 1500-octet packet over a tunnel whose single-fragment limit is 1450 needs the MRRU.
    MtuResult small = Calc("l2tp,ppp,mp:mrru=1600", 1450 + 44);
    BOOST_TEST(small.innerMtu == 1450u);
    BOOST_TEST(small.mrruInnerMtu >= 1500u);
    // With MPPE inside MP the reassembled packet carries 4 more octets.
    BOOST_TEST(Calc("l2tp,ppp,mp:mrru=1600,mppe").mrruInnerMtu == 1596u);
    BOOST_TEST(Calc("l2tp,ppp,mp").mrruFragments == 0u);
}

BOOST_AUTO_TEST_CASE(does_not_fit_and_notes)
{
    MtuResult r = Calc("gtpu,ipsec-natt:aes128-sha1,l2tp,ppp", 100);
    BOOST_TEST(!r.fits);
    BOOST_TEST(r.innerMtu == 0u);
    BOOST_TEST(FormatMtuText(r).find("does not fit") != std::string::npos);
    MtuResult tiny = Calc("l2tp,ppp", 100);
    BOOST_TEST(tiny.fits);
    BOOST_TEST(tiny.innerMtu == 62u);
    BOOST_TEST(tiny.notes.size() >= 2u); // below IPv4's 68 and IPv6's 1280
    BOOST_TEST(Calc("l2tp,ppp").notes.empty());
    MtuResult v6 = Calc("l2tp,ppp", 1500, 6);
    BOOST_TEST(v6.notes.empty());
}

BOOST_AUTO_TEST_CASE(options_in_both_spellings)
{
    BOOST_TEST(Calc("l2tp,ppp:acfc,pfc").innerMtu == Calc("l2tp,ppp:acfc:pfc").innerMtu);
    BOOST_TEST(Calc("l2tp:len,seq,ppp").innerMtu == Calc("l2tp:len:seq,ppp").innerMtu);
    MtuStackSpec s;
    std::string err;
    BOOST_TEST(ParseMtuStack("ipsec-natt, l2tp, ppp", s, err), err);
    BOOST_TEST(std::string(s.cipher->name) == "aes128"); // the default suite
    BOOST_TEST(std::string(s.integ->name) == "sha1");
}

BOOST_AUTO_TEST_CASE(bad_specs_are_refused_with_a_reason)
{
    struct Bad
    {
        const char* stack;
        const char* says;
    };
    const Bad kBad[] = {
        {"", "empty stack"},
        {"  ", "empty stack"},
        {"l2tp,,ppp", "empty item 2"},
        {"l2tp", "put ppp right after l2tp"},
        {"ppp", "put l2tp before it"},
        {"ppp,l2tp", "'l2tp' cannot come after 'ppp'"},
        {"l2tp,ppp,l2tp", "'l2tp' appears twice"},
        {"l2tp,ppp,bpc", "'bpc' is neither a layer nor an option of ppp"},
        {"foo,l2tp,ppp", "unknown layer 'foo'"},
        {"l2tp,ppp:acfc,foo", "'foo' is neither a layer nor an option of ppp"},
        {"l2tp:bogus,ppp", "'bogus' is not an option of l2tp"},
        {"l2tp:offset=x,ppp", "offset needs a number"},
        {"l2tp:offset=70000,ppp", "offset needs a number"},
        {"l2tp,ppp,mp:mrru=0", "mrru needs a number from 1 to 65535"},
        {"ipsec:aes128,l2tp,ppp", "needs an integrity transform"},
        {"ipsec:aes128gcm-sha1,l2tp,ppp", "AEAD"},
        {"ipsec:blowfish-sha1,l2tp,ppp", "'blowfish-sha1' is not an option of ipsec"},
        {"ipsec:aes128-sha3,l2tp,ppp", "unknown ESP integrity transform 'sha3'"},
        {"ipsec:aes128-sha1:3des-md5,l2tp,ppp", "given twice"},
        {"ipsec:aes128-sha1", "transport mode"},
        {"ipsec,ipsec-natt,l2tp,ppp", "cannot come after"},
        {"l2tp,ppp,bcp,mp", "'mp' cannot come after 'bcp'"},
        {"bcp", "ride on PPP"},
        {"pppoe:x", "not an option of pppoe"},
        {"l2tp,ppp,mppe:x", "not an option of mppe"},
        {"l2tp:,ppp", "'' is not an option of l2tp"},
    };
    for (const Bad& b : kBad)
    {
        std::string err = ParseError(b.stack);
        BOOST_TEST(err.find(b.says) != std::string::npos,
                   "'" << b.stack << "' -> '" << err << "', expected it to say '" << b.says << "'");
    }
    // Unknown words list what is accepted.
    BOOST_TEST(ParseError("foo").find("layers: pppoe, gtpu") != std::string::npos);
    // Arguments out of range.
    MtuStackSpec spec;
    std::string err;
    BOOST_TEST_REQUIRE(ParseMtuStack("l2tp,ppp", spec, err));
    MtuResult r;
    BOOST_TEST(!ComputeMtu(0, 4, spec, r, err));
    BOOST_TEST(!ComputeMtu(65536, 4, spec, r, err));
    BOOST_TEST(!ComputeMtu(1500, 5, spec, r, err));
    BOOST_TEST(err.find("4 or 6") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(routeros_defaults_explained)
{
    std::string t = RouterOsDefaultsExplanation();
    BOOST_TEST(t.find("1460") != std::string::npos);
    BOOST_TEST(t.find("`l2tp:len,ppp` gives 1460") != std::string::npos, t);
    BOOST_TEST(t.find("`l2tp,ppp`) gives 1462") != std::string::npos, t);
    BOOST_TEST(t.find("`l2tp:len,seq,ppp,mppe` gives 1452") != std::string::npos, t);
    // 1450 through L2TP/IPsec with NAT-T: 8+6+4+1450+2 = 1470 -> 1472; 20+8+8+16+1472+12 = 1536.
    BOOST_TEST(t.find("1536 octets on the wire") != std::string::npos, t);
    BOOST_TEST(FormatMtuText(Calc("l2tp,ppp")).find(t) != std::string::npos);
}

BOOST_AUTO_TEST_CASE(text_output_lists_every_row)
{
    MtuResult r = Calc("ipsec-natt:aes128-sha1,l2tp,ppp,bcp");
    std::string t = FormatMtuText(r);
    for (const MtuRow& row : r.rows)
    {
        BOOST_TEST(t.find(row.field) != std::string::npos, row.field);
    }
    BOOST_TEST(t.find("inner IP MTU   1388") != std::string::npos, t);
}

// docs/mtu.md carries MtuDocTables() between the GENERATED MTU markers; L2TPLAB_UPDATE_DOCS=1
// rewrites it.
BOOST_AUTO_TEST_CASE(docs_tables_in_sync)
{
    std::ifstream in(kDocPath, std::ios::binary);
    std::ostringstream ss;
    ss << in.rdbuf();
    std::string doc = ss.str();
    BOOST_TEST_REQUIRE(!doc.empty(), "cannot read " << kDocPath);
    const std::string begin = "<!-- BEGIN GENERATED MTU -->\n";
    const std::string end = "<!-- END GENERATED MTU -->";
    size_t b = doc.find(begin);
    size_t e = doc.find(end);
    BOOST_TEST_REQUIRE((b != std::string::npos && e != std::string::npos && b < e),
                       "GENERATED MTU markers missing in " << kDocPath);
    b += begin.size();
    const std::string generated = MtuDocTables();
    const char* update = std::getenv("L2TPLAB_UPDATE_DOCS");
    if (update != nullptr && std::string(update) == "1")
    {
        std::ofstream out(kDocPath, std::ios::binary);
        out << doc.substr(0, b) + generated + doc.substr(e);
        BOOST_TEST_REQUIRE(out.good(), "cannot write " << kDocPath);
        return;
    }
    BOOST_TEST(doc.substr(b, e - b) == generated,
               "docs/mtu.md is stale; regenerate with L2TPLAB_UPDATE_DOCS=1 "
               "build/tests/test-unit-mtu --run_test=MtuCalculatorTests/docs_tables_in_sync");
}

BOOST_AUTO_TEST_SUITE_END()
