// Issue 10: the check engines (conformance/engine.h). The fast engine's PPP / ESP / ISAKMP /
// port-4500 decoders agree with tshark record by record on hand-made edge cases (cross-check
// finds no difference), a difference is reported per record, the fast engine hands a capture it
// cannot decode to tshark and says why, keys that decrypt nothing are reported, and pcapng,
// raw-IP, snaplen-truncated and cut-short captures (made with editcap from a reference capture)
// are read and reported per frame.

#include "conformance/engine.h"
#include "conformance/fast-records.h"
#include "conformance/l2tp-flows.h"
#include "conformance/pcap-writer.h"
#include "conformance/record-diff.h"

#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <unistd.h>
#include <vector>

using namespace ns3;
namespace fs = std::filesystem;

namespace
{

using Bytes = std::vector<uint8_t>;

const std::string kSrc = L2TPLAB_SOURCE_DIR;
const std::string kRef = kSrc + "/pcaps/reference/xl2tpd/lac-lns-basic.pcap";

/** A scratch directory for this binary, removed at exit. */
struct Scratch
{
    std::string path;

    Scratch()
    {
        char tmpl[] = "/tmp/l2tplab-engine-XXXXXX";
        const char* d = mkdtemp(tmpl);
        path = d ? d : "/tmp";
    }

    ~Scratch()
    {
        std::error_code ec;
        if (path != "/tmp")
        {
            fs::remove_all(path, ec);
        }
    }
};

const std::string&
Tmp()
{
    static Scratch s;
    return s.path;
}

std::string
Write(const std::vector<PcapPacket>& pk, const std::string& name)
{
    std::string path = Tmp() + "/" + name + ".pcap";
    std::string err;
    BOOST_REQUIRE_MESSAGE(WritePcap(path, pk, err), err);
    return path;
}

/** L2TP data messages (tunnel 1, session 2) carrying these PPP frames, alternating direction. */
std::vector<PcapPacket>
InL2tp(const std::vector<Bytes>& ppp)
{
    std::vector<PcapPacket> v;
    for (size_t i = 0; i < ppp.size(); ++i)
    {
        PcapPacket p;
        p.time = static_cast<TimeNs>(i) * 1000000;
        p.srcIp = i % 2 ? "10.0.0.2" : "10.0.0.1";
        p.dstIp = i % 2 ? "10.0.0.1" : "10.0.0.2";
        p.udpPayload = RawL2tp::Data(1, 2, ppp[i]).Bytes();
        v.push_back(p);
    }
    return v;
}

/** PPP control packet: FF 03, protocol, code, id, Length (computed unless given), body. */
Bytes
Cp(uint16_t proto, uint8_t code, uint8_t id, Bytes body, int len = -1)
{
    size_t l = len >= 0 ? static_cast<size_t>(len) : 4 + body.size();
    Bytes b = {0xff, 0x03, static_cast<uint8_t>(proto >> 8), static_cast<uint8_t>(proto),
               code, id,   static_cast<uint8_t>(l >> 8),     static_cast<uint8_t>(l)};
    b.insert(b.end(), body.begin(), body.end());
    return b;
}

/** Judge with cross-check; require that both engines ran and agree. */
CheckReport
CrossCheck(const std::string& pcap, const ExtractOptions& o = ExtractOptions())
{
    EngineOptions e;
    e.crossCheck = true;
    CheckReport r = JudgeCapture(pcap, {}, o, e);
    BOOST_REQUIRE_MESSAGE(r.ok, r.error);
    BOOST_CHECK_MESSAGE(r.crossChecked, pcap << ": not cross-checked: " << r.engineFallback);
    for (const auto& d : r.crossCheckDifferences)
    {
        BOOST_ERROR(pcap << ": " << d);
    }
    return r;
}

/** ISAKMP header + payload chain (RFC 2408 §3.1). */
Bytes
Isakmp(uint8_t firstPayload, uint8_t exch, uint8_t flags, const Bytes& payloads, int len = -1)
{
    Bytes b = {1,    2,    3,     4, 5, 6, 7, 8, 0, 0, 0, 0, 0, 0, 0, 0, firstPayload,
               0x10, exch, flags, 0, 0, 0, 0};
    uint32_t l =
        len >= 0 ? static_cast<uint32_t>(len) : static_cast<uint32_t>(28 + payloads.size());
    for (int s = 24; s >= 0; s -= 8)
    {
        b.push_back(static_cast<uint8_t>(l >> s));
    }
    b.insert(b.end(), payloads.begin(), payloads.end());
    return b;
}

/** Generic payload: next, reserved, length, body. */
Bytes
Payload(uint8_t next, const Bytes& body)
{
    size_t l = 4 + body.size();
    Bytes b = {next, 0, static_cast<uint8_t>(l >> 8), static_cast<uint8_t>(l)};
    b.insert(b.end(), body.begin(), body.end());
    return b;
}

/** SA payload body: IPsec DOI, identity situation, one ISAKMP proposal with one KEY_IKE
 * transform carrying Encryption (TV 1 = 7), Hash (TV 2 = hash). */
Bytes
SaBody(uint16_t hash)
{
    Bytes attrs = {
        0x80, 1, 0, 7, 0x80, 2, static_cast<uint8_t>(hash >> 8), static_cast<uint8_t>(hash)};
    Bytes transform = {1, 1, 0, 0}; // transform #1, KEY_IKE, reserved
    transform.insert(transform.end(), attrs.begin(), attrs.end());
    Bytes proposal = {1, 1, 0, 1}; // proposal #1, PROTO_ISAKMP, SPI size 0, 1 transform
    Bytes t = Payload(0, transform);
    proposal.insert(proposal.end(), t.begin(), t.end());
    Bytes sa = {0, 0, 0, 1, 0, 0, 0, 1};
    Bytes p = Payload(0, proposal);
    sa.insert(sa.end(), p.begin(), p.end());
    return sa;
}

bool
Shell(const std::string& cmd)
{
    return std::system(cmd.c_str()) == 0;
}

} // namespace

BOOST_AUTO_TEST_SUITE(check_engine)

BOOST_AUTO_TEST_CASE(ppp_edge_cases_agree_with_tshark)
{
    // RFC 1661 §5 packet format, §6 options; RFC 1994 §4.1 CHAP; RFC 1334 §2.2 PAP.
    const Bytes mru = {1, 4, 0x05, 0xdc};
    const Bytes magic = {5, 6, 1, 2, 3, 4};
    std::vector<Bytes> ppp = {
        Cp(0xc021, 1, 1, {1, 4, 0x05, 0xdc, 5, 6, 1, 2, 3, 4}),     // Configure-Request
        Cp(0xc021, 2, 1, {1, 4, 0x05, 0xdc, 5, 6, 1, 2, 3, 4}),     // Configure-Ack
        Cp(0xc021, 3, 2, {1, 3, 0x05}),                             // option Length 3 (bad MRU)
        Cp(0xc021, 4, 3, {1, 1}),                                   // option Length 1
        Cp(0xc021, 1, 4, {1, 4, 0x05, 0xdc}, 40),                   // Length beyond the frame
        Cp(0xc021, 1, 5, {1, 4, 0x05, 0xdc, 0, 0, 0}, 8),           // padding after Length
        Cp(0xc021, 1, 6, {}, 2),                                    // Length < 4
        Cp(0xc021, 9, 7, {0xde, 0xad, 0xbe, 0xef, 1, 2}),           // Echo-Request with data
        Cp(0xc021, 10, 7, {0xde, 0xad}),                            // Echo-Reply, magic cut
        Cp(0xc021, 11, 8, {0, 0, 0, 1}),                            // Discard-Request
        Cp(0xc021, 8, 9, {0x80, 0x21, 1, 1, 0, 4}),                 // Protocol-Reject
        Cp(0xc021, 7, 10, {1, 2, 3, 4}),                            // Code-Reject
        Cp(0xc021, 5, 11, {}),                                      // Terminate-Request
        Cp(0xc021, 12, 12, {0, 0, 0, 1, 'h', 'i'}),                 // Identification
        Cp(0xc223, 1, 1, {4, 1, 2, 3, 4, 'l', 'n', 's'}),           // CHAP Challenge
        Cp(0xc223, 2, 1, {4, 1, 2, 3, 4, 'a', 'l', 'i', 'c', 'e'}), // CHAP Response
        Cp(0xc223, 2, 2, {40, 1, 2}),                               // Value-Size too big
        Cp(0xc223, 1, 3, {}),                                       // no Value-Size
        Cp(0xc223, 3, 1, {'o', 'k'}),                               // Success
        Cp(0xc223, 1, 4, {}, 2),                                    // CHAP Length < 4
        Cp(0xc023, 1, 1, {5, 'a', 'l', 'i', 'c', 'e', 1, 'x'}),     // PAP Authenticate-Request
        Cp(0xc023, 2, 1, {0}),                                      // PAP Ack
        Cp(0x8021, 1, 1, {3, 6, 10, 0, 0, 1}),                      // IPCP
        Cp(0x8057, 1, 1, {1, 10, 1, 2, 3, 4, 5, 6, 7, 8}),          // IPV6CP
        Cp(0x80fd, 14, 1, {}),                                      // CCP Reset-Request
        Cp(0x8031, 1, 1, {}),                                       // BCP
        {0xff, 0x03, 0x00, 0x21, 0x45, 0, 0, 20},                   // IPv4 payload
        {0xc0, 0x21, 1, 1, 0, 4},                                   // no address/control
        {0x21, 0x45, 0, 0},                                         // PFC: 1-octet protocol
        {0xff, 0x03, 0xc0},                                         // protocol cut short
        {0xff},                                                     // address only
        {0x0f, 0x00, 0x08, 0x00},                                   // Cisco HDLC address
        {0xff, 0x03, 0xc0, 0x21, 1},                                // LCP header cut short
        {0xff, 0x03, 0xc0, 0x25, 1, 2, 3},                          // LQR: protocol only
    };
    (void)mru;
    (void)magic;
    CheckReport r = CrossCheck(Write(InL2tp(ppp), "ppp-edges"));
    BOOST_CHECK_GE(r.pppPackets, 30u);
}

BOOST_AUTO_TEST_CASE(ike_esp_natt_edge_cases_agree_with_tshark)
{
    // RFC 2408 §3.1/§3.4-3.6, RFC 3947 §3 (NAT-D, VID), RFC 3948 §2 (keepalive, marker, ESP).
    Bytes vid(16, 0xab);
    Bytes natd(20, 0x11);
    Bytes chain;
    for (const Bytes& p :
         {Payload(13, SaBody(2)), Payload(20, vid), Payload(20, natd), Payload(0, natd)})
    {
        chain.insert(chain.end(), p.begin(), p.end());
    }
    auto udp = [](uint16_t sp, uint16_t dp, Bytes payload)
    {
        PcapPacket p;
        p.srcIp = "203.0.113.1";
        p.dstIp = "203.0.113.2";
        p.srcPort = sp;
        p.dstPort = dp;
        p.udpPayload = std::move(payload);
        return p;
    };
    Bytes marker = {0, 0, 0, 0};
    Bytes mm3 = Isakmp(1, 2, 0, chain);
    marker.insert(marker.end(), mm3.begin(), mm3.end());
    std::vector<PcapPacket> pk = {
        udp(500, 500, Isakmp(1, 2, 0, chain)),                    // MM with SA, VID, NAT-D
        udp(500, 500, Isakmp(5, 2, 1, Bytes(32, 0x5a))),          // encrypted (E flag)
        udp(500, 500, Isakmp(1, 2, 0, chain, 400)),               // Length beyond the datagram
        udp(500, 500, Isakmp(1, 2, 0, Payload(0, {}), 29)),       // payload cut by Length
        udp(500, 500, Bytes(12, 1)),                              // shorter than a header
        udp(500, 500, Isakmp(13, 2, 0, {0, 0, 0, 2})),            // payload Length < 4
        udp(4500, 4500, {0xff}),                                  // NAT-keepalive
        udp(4500, 4500, marker),                                  // non-ESP marker + ISAKMP
        udp(4500, 4500, {0, 0, 1, 0, 0, 0, 0, 7, 1, 2, 3, 4}),    // ESP
        udp(4500, 4500, {0, 0, 1, 0, 0, 0}),                      // ESP, sequence cut
        udp(4500, 4500, {1, 2}),                                  // too short for anything
        udp(4500, 4500, {}),                                      // empty
        udp(1701, 4500, RawL2tp::Control(1, 0, 0, 0, 0).Bytes()), // lower port wins: L2TP
        udp(500, 4500, Isakmp(13, 2, 0, Payload(0, vid))),        // lower port wins: ISAKMP
    };
    for (size_t i = 0; i < pk.size(); ++i)
    {
        pk[i].time = static_cast<TimeNs>(i) * 1000000;
    }
    CheckReport r = CrossCheck(Write(pk, "ike-edges"));
    BOOST_CHECK_GE(r.ikeMessages, 6u);
    BOOST_CHECK_GE(r.espPackets, 2u);
    BOOST_CHECK_GE(r.nattDatagrams, 8u);
}

BOOST_AUTO_TEST_CASE(a_difference_is_reported_per_record)
{
    RecordSet a;
    std::string err;
    ExtractOptions o;
    BOOST_REQUIRE_MESSAGE(ExtractL2tpRecordsFast(kRef, o, a, err), err);
    RecordSet b = a;
    BOOST_CHECK(DiffRecordSets(a, b, {}).empty());
    b.records[3].nr = static_cast<uint16_t>(b.records[3].nr + 1);
    std::vector<std::string> d = DiffRecordSets(a, b, {});
    BOOST_REQUIRE_EQUAL(d.size(), 1u);
    BOOST_CHECK_EQUAL(d[0], "frame " + std::to_string(a.records[3].frame) +
                                ": l2tp[3].nr: tshark '" + std::to_string(a.records[3].nr) +
                                "' vs fast '" + std::to_string(b.records[3].nr) + "'");
    b = a;
    b.records.pop_back();
    BOOST_CHECK_EQUAL(DiffRecordSets(a, b, {}).size(), 1u);
    CheckReport ra = CheckRecords(a, {});
    CheckReport rb = ra;
    rb.results[0].verdict.failingFrames.push_back(99);
    BOOST_CHECK_EQUAL(DiffVerdicts(ra, rb, false).size(), 1u);
    BOOST_CHECK(DiffVerdicts(ra, ra, false).empty());
}

BOOST_AUTO_TEST_CASE(mp_falls_back_to_tshark_and_says_why)
{
    // RFC 1990 §3: an MP fragment (B and E set, long sequence number) carrying LCP.
    Bytes mp = {0xff, 0x03, 0x00, 0x3d, 0xc0, 0, 0, 1, 0xc0, 0x21, 9, 1, 0, 8, 0, 0, 0, 1};
    std::string pcap = Write(InL2tp({mp}), "mp");
    CheckReport fast = JudgeCapture(pcap, {}, ExtractOptions(), EngineOptions());
    BOOST_REQUIRE(fast.ok);
    BOOST_CHECK_EQUAL(fast.engine, "tshark");
    BOOST_CHECK_NE(fast.engineFallback.find("MP (RFC 1990)"), std::string::npos);
    EngineOptions cross;
    cross.crossCheck = true;
    CheckReport c = JudgeCapture(pcap, {}, ExtractOptions(), cross);
    BOOST_CHECK(!c.crossChecked);
    BOOST_CHECK(c.Passed() == fast.Passed());
    BOOST_REQUIRE(!c.notes.empty());
    BOOST_CHECK_NE(c.notes[0].find("cross-check not possible"), std::string::npos);
}

BOOST_AUTO_TEST_CASE(keys_that_decrypt_nothing_are_reported)
{
    // Keys alone (no `preferences` file): decryption is switched on by the checker. A wrong
    // esp_sa decrypts nothing, and the report says so.
    const std::string pcap = kSrc + "/pcaps/reference/strongswan/l2tp-ipsec-natt.pcap";
    const std::string keys = kSrc + "/pcaps/reference/strongswan/l2tp-ipsec-natt.keys";
    std::string good = Tmp() + "/keys-good";
    std::string bad = Tmp() + "/keys-bad";
    fs::create_directories(good);
    fs::create_directories(bad);
    fs::copy_file(keys + "/esp_sa", good + "/esp_sa", fs::copy_options::overwrite_existing);
    fs::copy_file(keys + "/ikev1_decryption_table", good + "/ikev1_decryption_table",
                  fs::copy_options::overwrite_existing);
    std::ofstream(bad + "/esp_sa")
        << "\"IPv4\",\"*\",\"*\",\"0x00000001\",\"AES-CBC [RFC3602]\","
           "\"0x00000000000000000000000000000000\",\"HMAC-SHA-1-96 "
           "[RFC2404]\",\"0x0000000000000000000000000000000000000000\"\n";
    ExtractOptions o;
    o.wiresharkConfigDir = good;
    CheckReport r = JudgeCapture(pcap, {}, o, EngineOptions());
    BOOST_REQUIRE_MESSAGE(r.ok, r.error);
    BOOST_CHECK_EQUAL(r.engine, "tshark"); // decryption is tshark's
    BOOST_CHECK_NE(r.engineFallback.find("--keys"), std::string::npos);
    BOOST_CHECK_GT(r.l2tpMessages, 0u); // L2TP inside ESP decrypted with key files only
    BOOST_CHECK(r.notes.empty());
    o.wiresharkConfigDir = bad;
    r = JudgeCapture(pcap, {}, o, EngineOptions());
    BOOST_REQUIRE_MESSAGE(r.ok, r.error);
    BOOST_CHECK_EQUAL(r.l2tpMessages, 0u);
    BOOST_REQUIRE(!r.notes.empty());
    BOOST_CHECK_NE(r.notes[0].find("was decrypted"), std::string::npos);
}

BOOST_AUTO_TEST_CASE(pcapng_rawip_and_snaplen_agree)
{
    // Made with editcap from a reference capture (not hand-written bytes).
    const std::string ng = Tmp() + "/basic.pcapng";
    const std::string raw = Tmp() + "/basic-rawip.pcap";
    const std::string snap = Tmp() + "/basic-snap.pcap";
    BOOST_REQUIRE(Shell("editcap -F pcapng '" + kRef + "' '" + ng + "'"));
    BOOST_REQUIRE(Shell("editcap -C 14 -T rawip '" + kRef + "' '" + raw + "'"));
    BOOST_REQUIRE(Shell("editcap -s 60 '" + kRef + "' '" + snap + "'"));
    CheckReport base = CrossCheck(kRef);
    BOOST_CHECK_EQUAL(CrossCheck(ng).truncatedFrames, 0u);
    for (const std::string& p : {ng, raw})
    {
        CheckReport r = CrossCheck(p);
        BOOST_CHECK_EQUAL(r.l2tpMessages, base.l2tpMessages);
        BOOST_CHECK(DiffVerdicts(base, r, false).empty());
    }
    CheckReport s = CrossCheck(snap);
    BOOST_CHECK_GT(s.truncatedFrames, 0u);
    bool named = false;
    for (const auto& n : s.notes)
    {
        named = named || n.find("captured shorter than on the wire") != std::string::npos;
    }
    BOOST_CHECK(named);
}

// What the pcap-fast-path fuzz target found judging captures in parts (mutated reference
// captures, cut short): an SCCRP from a third address, and an IKE SA whose Main Mode messages
// come from two addresses. Judged in parts (every group of pairs alone) they give the whole
// capture's verdicts; the IKE SA's two pairs are joined into one part by its cookies.
BOOST_AUTO_TEST_CASE(fuzz_findings_judged_in_parts_as_whole)
{
    const std::string data = kSrc + "/tests/unit/conformance/data/";
    for (const auto& [file, parts] : std::vector<std::pair<std::string, std::string>>{
             {"fuzz-sccrp-from-a-third-address.pcap", "judged in 3 parts"},
             {"fuzz-ike-sa-from-two-addresses.pcap", "judged in 1 part,"}})
    {
        BOOST_TEST_CONTEXT(file)
        {
            EngineOptions eng;
            eng.threads = 1;
            ExtractOptions tiny;
            tiny.memoryBudget = 1;
            const CheckReport whole = JudgeCapture(data + file, {}, ExtractOptions(), eng);
            const CheckReport inParts = JudgeCapture(data + file, {}, tiny, eng);
            BOOST_REQUIRE(whole.ok && inParts.ok);
            BOOST_TEST(whole.engine == "fast");
            for (const std::string& d : DiffVerdicts(whole, inParts, false))
            {
                BOOST_ERROR("whole vs in parts: " << d);
            }
            std::string notes;
            for (const auto& n : inParts.notes)
            {
                notes += n + "\n";
            }
            BOOST_CHECK_MESSAGE(notes.find(parts) != std::string::npos, notes);
        }
    }
}

BOOST_AUTO_TEST_CASE(cooked_captures_from_dumpcap_agree)
{
    // Linux cooked SLL and SLL2 captures written by dumpcap -i any (tools/capture-cooked: the
    // L2TP datagrams of kRef sent again over the loopback), not hand-made bytes: judged by the
    // fast engine alone, and record for record what tshark says.
    const std::string data = kSrc + "/tests/unit/conformance/data/";
    CheckReport base = CrossCheck(kRef);
    for (const auto& [file, linkType] : std::vector<std::pair<std::string, uint32_t>>{
             {"cooked-sll-lac-lns-basic.pcap", 113}, {"cooked-sll2-lac-lns-basic.pcap", 276}})
    {
        BOOST_TEST_CONTEXT(file)
        {
            std::ifstream in(data + file, std::ios::binary);
            uint8_t hdr[24] = {0};
            BOOST_REQUIRE(static_cast<bool>(in.read(reinterpret_cast<char*>(hdr), sizeof(hdr))));
            uint32_t lt = 0;
            for (int k = 23; k >= 20; --k)
            {
                lt = (lt << 8) | hdr[k];
            }
            BOOST_CHECK_EQUAL(lt, linkType); // what the file claims to be (little-endian pcap)
            CheckReport r = CrossCheck(data + file);
            BOOST_CHECK(r.engineFallback.empty());
            BOOST_CHECK_EQUAL(r.l2tpMessages, base.l2tpMessages);
            BOOST_CHECK_EQUAL(r.tunnels, base.tunnels);
            BOOST_CHECK_EQUAL(r.sessions, base.sessions);
            BOOST_CHECK_EQUAL(
                JudgeCapture(data + file, {}, ExtractOptions(), EngineOptions()).engine, "fast");
        }
    }
}

BOOST_AUTO_TEST_CASE(a_pipelined_read_gives_what_one_thread_gives)
{
    // ExtractOptions::threads > 1: frames are read, decoded and filed on three threads. The
    // records, the counters, the flow index and the verdicts must be those of one thread, over
    // many batches (thousands of frames), a capture cut in its last record, a snaplen-truncated
    // one and one the fast engine hands to tshark (an MP fragment, RFC 1990).
    const std::string big = Tmp() + "/basic-x512.pcap";
    BOOST_REQUIRE(Shell("cp '" + kRef + "' '" + big +
                        "' && for i in 1 2 3 4 5 6 7 8 9; do "
                        "mergecap -a -w '" +
                        big + ".2' '" + big + "' '" + big + "' && mv '" + big + ".2' '" + big +
                        "'; done"));
    const std::string cut = Tmp() + "/basic-x512-cut.pcap";
    fs::copy_file(big, cut, fs::copy_options::overwrite_existing);
    fs::resize_file(cut, fs::file_size(big) - 7);
    const std::string snap = Tmp() + "/basic-x512-snap.pcap";
    BOOST_REQUIRE(Shell("editcap -s 60 '" + big + "' '" + snap + "'"));
    Bytes mp = {0xff, 0x03, 0x00, 0x3d, 0xc0, 0, 0, 1, 0xc0, 0x21, 9, 1, 0, 8, 0, 0, 0, 1};
    const std::string mpPcap = Write(InL2tp({mp, mp}), "mp-pipelined");
    for (const std::string& p : {big, cut, snap, mpPcap})
    {
        for (bool summarize : {true, false})
        {
            BOOST_TEST_CONTEXT(p << (summarize ? "" : ", every data message kept"))
            {
                ExtractOptions one;
                one.summarizeData = summarize;
                ExtractOptions three = one;
                three.threads = 2;
                RecordSet a;
                RecordSet b;
                FastExtractStats sa;
                FastExtractStats sb;
                std::string err;
                BOOST_REQUIRE(ExtractL2tpRecordsFast(p, one, a, err, &sa));
                BOOST_REQUIRE(ExtractL2tpRecordsFast(p, three, b, err, &sb));
                BOOST_CHECK_GT(sa.frames, p == mpPcap ? 0u : 8000u);
                BOOST_CHECK_EQUAL(sa.frames, sb.frames);
                BOOST_CHECK_EQUAL(sa.bytesRead, sb.bytesRead);
                BOOST_CHECK_EQUAL(sa.truncatedFrames, sb.truncatedFrames);
                BOOST_CHECK(sa.truncatedSample == sb.truncatedSample);
                BOOST_CHECK_EQUAL(sa.readError, sb.readError);
                BOOST_CHECK_EQUAL(sa.fallback, sb.fallback);
                BOOST_CHECK(sa.reassembledFrames == sb.reassembledFrames);
                BOOST_CHECK_EQUAL(a.records.size(), b.records.size());
                BOOST_CHECK_EQUAL(a.ppp.size(), b.ppp.size());
                BOOST_CHECK_EQUAL(a.summarizedPpp, b.summarizedPpp);
                BOOST_CHECK(DiffRecordSets(a, b, {}).empty());
                BOOST_CHECK_EQUAL(a.flows ? a.flows->summarizedData : 0,
                                  b.flows ? b.flows->summarizedData : 0);
                const CheckReport ra = CheckRecords(a, {});
                BOOST_CHECK(DiffVerdicts(ra, CheckRecords(b, {}), false).empty());
                // The flow index is used in place while it points at the set's own records
                // (FlowIndexOf); a moved set's index points at the old place and is copied.
                RecordSet moved = std::move(b);
                BOOST_CHECK(DiffVerdicts(ra, CheckRecords(moved, {}), false).empty());
            }
        }
    }
    // What the cases above cover: a cut (read error after thousands of frames), truncated
    // frames, a fallback.
    RecordSet r;
    FastExtractStats st;
    std::string err;
    ExtractOptions three;
    three.threads = 2;
    BOOST_REQUIRE(ExtractL2tpRecordsFast(cut, three, r, err, &st));
    BOOST_CHECK_NE(st.readError.find("frame "), std::string::npos);
    BOOST_REQUIRE(ExtractL2tpRecordsFast(snap, three, r, err, &st));
    BOOST_CHECK_GT(st.truncatedFrames, 0u);
    BOOST_REQUIRE(ExtractL2tpRecordsFast(mpPcap, three, r, err, &st));
    BOOST_CHECK_NE(st.fallback.find("MP (RFC 1990)"), std::string::npos);
}

BOOST_AUTO_TEST_CASE(a_capture_cut_short_is_judged_up_to_the_cut)
{
    const std::string cut = Tmp() + "/basic-cut.pcap";
    fs::copy_file(kRef, cut, fs::copy_options::overwrite_existing);
    fs::resize_file(cut, fs::file_size(kRef) - 7); // the last record loses 7 octets
    CheckReport r = JudgeCapture(cut, {}, ExtractOptions(), EngineOptions());
    BOOST_REQUIRE_MESSAGE(r.ok, r.error);
    BOOST_CHECK_EQUAL(r.engine, "fast");
    CheckReport whole = JudgeCapture(kRef, {}, ExtractOptions(), EngineOptions());
    BOOST_CHECK_EQUAL(r.l2tpMessages + 1, whole.l2tpMessages);
    bool named = false;
    for (const auto& n : r.notes)
    {
        named = named || n.find("cut short (frame " + std::to_string(whole.l2tpMessages)) !=
                             std::string::npos;
    }
    BOOST_CHECK_MESSAGE(named, "no note names the cut frame");
    // tshark exits with an error on such a file after printing every whole frame: the tshark
    // engine and the cross-check judge those frames too, and agree with the fast engine.
    for (bool cross : {false, true})
    {
        EngineOptions eo;
        eo.engine = CheckEngine::TSHARK;
        eo.crossCheck = cross;
        CheckReport t = JudgeCapture(cut, {}, ExtractOptions(), eo);
        BOOST_REQUIRE_MESSAGE(t.ok, t.error);
        BOOST_CHECK_EQUAL(t.l2tpMessages, r.l2tpMessages);
        BOOST_CHECK_MESSAGE(t.crossCheckDifferences.empty(),
                            (t.crossCheckDifferences.empty() ? "" : t.crossCheckDifferences[0]));
        bool noted = false;
        for (const auto& n : t.notes)
        {
            noted = noted || n.find("cut short") != std::string::npos;
        }
        BOOST_CHECK_MESSAGE(noted, "no note says the capture is cut short");
    }
    std::ofstream(Tmp() + "/junk.pcap") << "not a capture";
    CheckReport junk = JudgeCapture(Tmp() + "/junk.pcap", {}, ExtractOptions(), EngineOptions());
    BOOST_CHECK(!junk.ok);
}

// What is in a capture but outside the rules is said, never passed over silently: L2TPv3 over IP
// (RFC 3931) and a capture where no rule found anything to judge.
BOOST_AUTO_TEST_CASE(what_no_rule_judges_is_noted)
{
    const std::string pcap = Tmp() + "/l2tpv3-ip.pcap";
    {
        // One Ethernet frame: IPv4 protocol 115 (L2TPv3 over IP) 192.0.2.1 -> 192.0.2.2 carrying
        // Session ID 0 and a ZLB control header (RFC 3931 §4.1.1.1, §3.2.1).
        std::vector<uint8_t> f{2,    0,    0,  0, 0,   2, 2, 0, 0, 0,  0,   1, 0x08,
                               0x00, 0x45, 0,  0, 36,  0, 1, 0, 0, 64, 115, 0, 0,
                               192,  0,    2,  1, 192, 0, 2, 2, 0, 0,  0,   0, 0xc8,
                               0x03, 0,    12, 0, 0,   0, 0, 0, 0, 0,  0};
        std::vector<uint8_t> file{0xd4,
                                  0xc3,
                                  0xb2,
                                  0xa1,
                                  2,
                                  0,
                                  4,
                                  0,
                                  0,
                                  0,
                                  0,
                                  0,
                                  0,
                                  0,
                                  0,
                                  0,
                                  0xff,
                                  0xff,
                                  0,
                                  0,
                                  1,
                                  0,
                                  0,
                                  0,
                                  0,
                                  0,
                                  0,
                                  0x65,
                                  0,
                                  0,
                                  0,
                                  0,
                                  static_cast<uint8_t>(f.size()),
                                  0,
                                  0,
                                  0,
                                  static_cast<uint8_t>(f.size()),
                                  0,
                                  0,
                                  0};
        file.insert(file.end(), f.begin(), f.end());
        std::ofstream(pcap, std::ios::binary)
            .write(reinterpret_cast<const char*>(file.data()), static_cast<long>(file.size()));
    }
    CheckReport r = JudgeCapture(pcap, {}, ExtractOptions(), EngineOptions());
    BOOST_REQUIRE_MESSAGE(r.ok, r.error);
    std::string notes;
    for (const auto& n : r.notes)
    {
        notes += n + "\n";
    }
    BOOST_CHECK_MESSAGE(notes.find("1 L2TPv3 datagram(s) over IP") != std::string::npos, notes);
    BOOST_CHECK_MESSAGE(notes.find("nothing was judged") != std::string::npos, notes);
    // A capture where rules judged something carries neither note.
    CheckReport ref = JudgeCapture(kRef, {}, ExtractOptions(), EngineOptions());
    for (const auto& n : ref.notes)
    {
        BOOST_CHECK_EQUAL(n.find("nothing was judged"), std::string::npos);
        BOOST_CHECK_EQUAL(n.find("L2TPv3"), std::string::npos);
    }
}

/** Contents of a file ("" if it cannot be read). */
std::string
Slurp(const std::string& path)
{
    std::ifstream in(path);
    return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

BOOST_AUTO_TEST_CASE(parallel_files_same_output)
{
    // Issue 10: `check -j N` judges captures on N threads; its stdout, JSON and exit code are
    // those of -j 1, in the order given (a missing file in the middle included).
    const std::string bin = std::string(L2TPLAB_BINARY_DIR) + "/bin/l2tplab";
    BOOST_REQUIRE_MESSAGE(fs::exists(bin), bin << " not built");
    std::vector<std::string> caps;
    for (const auto& e : fs::recursive_directory_iterator(kSrc + "/pcaps/reference"))
    {
        if (e.path().extension() == ".pcap")
        {
            caps.push_back(e.path().string());
        }
    }
    std::sort(caps.begin(), caps.end());
    BOOST_REQUIRE_GE(caps.size(), 5u);
    caps.insert(caps.begin() + 2, Tmp() + "/no-such.pcap");
    caps.push_back(kRef); // the same capture twice: judged twice, printed twice
    std::vector<ProcessResult> runs;
    for (const char* jobs : {"1", "3"})
    {
        std::vector<std::string> argv = {bin,  "check",  "-j",
                                         jobs, "--json", Tmp() + "/parallel-" + jobs + ".json"};
        argv.insert(argv.end(), caps.begin(), caps.end());
        runs.push_back(RunProcess(argv));
        BOOST_REQUIRE(runs.back().started);
    }
    BOOST_CHECK_EQUAL(runs[0].exitCode, 2); // the missing capture is an input error
    BOOST_CHECK_EQUAL(runs[0].exitCode, runs[1].exitCode);
    BOOST_CHECK(runs[0].out == runs[1].out);
    BOOST_CHECK(runs[0].err == runs[1].err);
    const std::string j1 = Slurp(Tmp() + "/parallel-1.json");
    BOOST_CHECK(!j1.empty() && j1 == Slurp(Tmp() + "/parallel-3.json"));
    // Captures appear in the order given.
    size_t at = 0;
    for (const auto& c : caps)
    {
        if (c.find("no-such") != std::string::npos)
        {
            continue;
        }
        size_t next = runs[1].out.find(c + ": ", at);
        BOOST_CHECK_MESSAGE(next != std::string::npos, c << " missing or out of order");
        at = next == std::string::npos ? at : next + 1;
    }
    ProcessResult bad = RunProcess({bin, "check", "-j", "0", kRef});
    BOOST_CHECK_EQUAL(bad.exitCode, 2);
}

BOOST_AUTO_TEST_CASE(engine_names_parse)
{
    CheckEngine e = CheckEngine::TSHARK;
    BOOST_CHECK(ParseCheckEngine("fast", e) && e == CheckEngine::FAST);
    BOOST_CHECK(ParseCheckEngine("tshark", e) && e == CheckEngine::TSHARK);
    BOOST_CHECK(!ParseCheckEngine("wireshark", e));
    BOOST_CHECK_EQUAL(ToString(CheckEngine::FAST), std::string("fast"));
}

BOOST_AUTO_TEST_SUITE_END()
