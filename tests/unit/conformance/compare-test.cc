// `l2tplab compare` tests. Small captures are built from hand-made L2TP bytes (RawL2tp, not our
// codec), written with WritePcap and read back through the REAL tshark (ExtractL2tpRecords), then
// compared with the pure CompareCaptures. One test builds RecordSets directly (no tshark) to show
// the core needs none; one compares two real reference captures.

#include "conformance/compare.h"
#include "conformance/l2tp-flows.h"
#include "conformance/pcap-writer.h"
#include "conformance/records.h"

#include <boost/test/unit_test.hpp>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <string>
#include <unistd.h>
#include <vector>

using namespace ns3;

namespace
{

const std::string kLac = "10.0.0.1";
const std::string kLns = "10.0.0.2";

/** What varies between the test exchanges. */
struct Variant
{
    bool iccn{true};            //!< the LAC sends ICCN
    uint16_t lnsRws{4};         //!< Receive Window Size in SCCRP
    std::string lacHost{"lac"}; //!< Host Name in SCCRQ
    bool lacHello{false};       //!< the LAC also sends a HELLO at 120 s
    bool swapAddresses{false};  //!< the initiator is 10.0.0.2
};

struct Frame
{
    TimeNs t;
    bool fromLac;
    RawL2tp msg;
};

/** A clean LAC↔LNS exchange: tunnel, one incoming call, a HELLO from the LNS. */
std::vector<Frame>
Exchange(const Variant& v)
{
    using C = RawL2tp;
    auto pv = RawAvp::Bytes(2, {1, 0});
    auto fc = RawAvp::U32(3, 3);
    std::vector<Frame> f;
    f.push_back({0, true,
                 C::Control(1, 0, 0, 0, 0)
                     .Add(pv)
                     .Add(RawAvp::Str(7, v.lacHost))
                     .Add(fc)
                     .Add(RawAvp::U16(9, 11))
                     .Add(RawAvp::U16(10, 4))});
    f.push_back({10 * kMs, false,
                 C::Control(2, 11, 0, 0, 1)
                     .Add(pv)
                     .Add(fc)
                     .Add(RawAvp::Str(7, "lns"))
                     .Add(RawAvp::U16(9, 22))
                     .Add(RawAvp::U16(10, v.lnsRws))});
    f.push_back({20 * kMs, true, C::Control(3, 22, 0, 1, 1)});
    f.push_back({30 * kMs, false, C::Control(0, 11, 0, 1, 2)});
    f.push_back({100 * kMs, true,
                 C::Control(10, 22, 0, 2, 1).Add(RawAvp::U16(14, 101)).Add(RawAvp::U32(15, 1))});
    f.push_back({110 * kMs, false, C::Control(11, 11, 101, 1, 3).Add(RawAvp::U16(14, 202))});
    uint16_t lacNs = 3;
    if (v.iccn)
    {
        f.push_back(
            {120 * kMs, true,
             C::Control(12, 22, 202, 3, 2).Add(RawAvp::U32(24, 10000000)).Add(RawAvp::U32(19, 1))});
        lacNs = 4;
    }
    else
    {
        f.push_back({120 * kMs, true, C::Control(0, 22, 0, 3, 2)}); // ZLB acks the ICRP
    }
    uint16_t lnsNr = lacNs;
    f.push_back({130 * kMs, false, C::Control(0, 11, 0, 2, lnsNr)});
    f.push_back({60 * kSec, false, C::Control(6, 11, 0, 2, lnsNr)});
    f.push_back({60 * kSec + 10 * kMs, true, C::Control(0, 22, 0, lacNs, 3)});
    if (v.lacHello)
    {
        f.push_back({120 * kSec, true, C::Control(6, 22, 0, lacNs, 3)});
        f.push_back({120 * kSec + 10 * kMs, false, C::Control(0, 11, 0, 3, lacNs + 1)});
    }
    return f;
}

/** A per-process scratch directory for the pcaps, removed at exit. */
struct ScratchDir
{
    std::string path;

    ScratchDir()
    {
        char t[] = "/tmp/l2tplab-compare-test-XXXXXX";
        const char* d = mkdtemp(t);
        path = d ? d : "";
    }

    ~ScratchDir()
    {
        if (!path.empty())
        {
            std::error_code ec;
            std::filesystem::remove_all(path, ec);
        }
    }
};

const std::string&
TmpDir()
{
    static ScratchDir dir;
    BOOST_REQUIRE_MESSAGE(!dir.path.empty(), "cannot create a scratch directory");
    return dir.path;
}

RecordSet
Extract(const std::string& path)
{
    RecordSet rs;
    std::string err;
    BOOST_REQUIRE_MESSAGE(ExtractL2tpRecords(path, ExtractOptions(), rs, err), err);
    return rs;
}

/** Write the variant as a pcap and read it back through tshark. */
RecordSet
Capture(const Variant& v, const std::string& name)
{
    std::vector<PcapPacket> pk;
    for (const Frame& f : Exchange(v))
    {
        bool lacIsA = !v.swapAddresses;
        std::string lac = lacIsA ? kLac : kLns;
        std::string lns = lacIsA ? kLns : kLac;
        pk.push_back(PcapPacket{f.t, f.fromLac ? lac : lns, f.fromLac ? lns : lac, 1701, 1701,
                                f.msg.Bytes()});
    }
    std::string path = TmpDir() + "/" + name + ".pcap";
    std::string err;
    BOOST_REQUIRE_MESSAGE(WritePcap(path, pk, err), err);
    return Extract(path);
}

CompareResult
Compare(const RecordSet& a, const RecordSet& b, const CompareOptions& o = CompareOptions())
{
    CompareResult r = CompareCaptures(a, b, o);
    BOOST_REQUIRE_MESSAGE(r.ok, r.error);
    BOOST_TEST_MESSAGE(CompareResultToText(r, true));
    return r;
}

std::vector<const CompareFinding*>
Findings(const CompareResult& r, const std::string& section, DiffLevel level)
{
    std::vector<const CompareFinding*> out;
    for (const auto& p : r.pairs)
    {
        for (const auto& f : p.findings)
        {
            if (f.section == section && f.level == level)
            {
                out.push_back(&f);
            }
        }
    }
    return out;
}

size_t
CountOps(const std::vector<SequenceRow>& rows, SeqOp op)
{
    size_t n = 0;
    for (const auto& r : rows)
    {
        n += r.op == op ? 1 : 0;
    }
    return n;
}

std::string
Source(const std::string& rel)
{
    return std::string(L2TPLAB_SOURCE_DIR) + "/" + rel;
}

// ---- hand-made records (no tshark) ----

AvpRecord
Avp(uint16_t type, const std::string& field, const std::string& value)
{
    AvpRecord a;
    a.type = type;
    a.typeKnown = true;
    a.mandatory = true;
    a.fields = {
        {"l2tp.avp.vendor_id", "0"}, {"l2tp.avp.type", std::to_string(type)}, {field, value}};
    return a;
}

L2tpRecord
Rec(uint32_t frame, TimeNs t, bool fromLac, uint16_t mt, uint16_t tid, uint16_t ns, uint16_t nr)
{
    L2tpRecord r;
    r.frame = frame;
    r.time = t;
    r.srcIp = fromLac ? kLac : kLns;
    r.dstIp = fromLac ? kLns : kLac;
    r.srcPort = r.dstPort = 1701;
    r.flags = 0xC802;
    r.isControl = r.lengthBit = r.seqBit = r.hasSequence = true;
    r.version = 2;
    r.tunnelId = tid;
    r.ns = ns;
    r.nr = nr;
    if (mt != 0)
    {
        r.hasMessageType = true;
        r.messageType = mt;
        r.avps.push_back(Avp(0, "l2tp.avp.message_type", std::to_string(mt)));
    }
    return r;
}

} // namespace

BOOST_AUTO_TEST_SUITE(conformance_compare)

BOOST_AUTO_TEST_CASE(identical_exchanges_have_no_difference)
{
    RecordSet a = Capture(Variant(), "same-a");
    RecordSet b = Capture(Variant(), "same-b");
    CompareResult r = Compare(a, b);
    BOOST_TEST(r.interopDifferences == 0u);
    BOOST_TEST(r.informational == 0u);
    BOOST_REQUIRE_EQUAL(r.pairs.size(), 1u);
    const TunnelComparison& p = r.pairs[0];
    BOOST_TEST(p.sequence[0].size() == 4u); // SCCRQ SCCCN ICRQ ICCN
    BOOST_TEST(p.sequence[1].size() == 3u); // SCCRP ICRP HELLO
    BOOST_TEST(CountOps(p.sequence[0], SeqOp::MATCH) == 4u);
    BOOST_TEST(CountOps(p.sequence[1], SeqOp::MATCH) == 3u);
    std::string text = CompareResultToText(r, false);
    BOOST_TEST(text.find("\n0 interop-relevant differences\n") != std::string::npos);
    BOOST_TEST(text.substr(text.size() - 32) == "\n0 interop-relevant differences\n");
    BOOST_TEST(text.find("\n  ! ") == std::string::npos);
}

BOOST_AUTO_TEST_CASE(missing_iccn_is_one_sequence_deletion)
{
    Variant nb;
    nb.iccn = false;
    CompareResult r = Compare(Capture(Variant(), "iccn-a"), Capture(nb, "iccn-b"));
    const TunnelComparison& p = r.pairs[0];
    BOOST_TEST(CountOps(p.sequence[0], SeqOp::ONLY_A) == 1u);
    BOOST_TEST(CountOps(p.sequence[0], SeqOp::ONLY_B) == 0u);
    BOOST_TEST(CountOps(p.sequence[1], SeqOp::MATCH) == 3u);
    auto seq = Findings(r, "sequence", DiffLevel::INTEROP);
    BOOST_REQUIRE_EQUAL(seq.size(), 1u);
    BOOST_TEST(seq[0]->a == "ICCN");
    BOOST_TEST(seq[0]->b == "");
    BOOST_TEST(seq[0]->frameA == 7u);
    BOOST_TEST(seq[0]->direction == 0);
    BOOST_TEST(r.interopDifferences == 1u);
}

BOOST_AUTO_TEST_CASE(different_receive_window_size_is_flagged)
{
    Variant nb;
    nb.lnsRws = 16;
    CompareResult r = Compare(Capture(Variant(), "rws-a"), Capture(nb, "rws-b"));
    auto avp = Findings(r, "avps", DiffLevel::INTEROP);
    BOOST_REQUIRE_EQUAL(avp.size(), 1u);
    BOOST_TEST(avp[0]->message == "SCCRP");
    BOOST_TEST(avp[0]->item == "Receive Window Size");
    BOOST_TEST(avp[0]->a == "4");
    BOOST_TEST(avp[0]->b == "16");
    BOOST_TEST(avp[0]->direction == 1);
    BOOST_TEST(r.interopDifferences == 1u);
    BOOST_TEST(CompareResultToText(r, false).find(
                   "! SCCRP (A #2, B #2): Receive Window Size: A 4, B 16") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(different_host_name_is_informational_only)
{
    Variant nb;
    nb.lacHost = "other-lac";
    CompareResult r = Compare(Capture(Variant(), "host-a"), Capture(nb, "host-b"));
    BOOST_TEST(r.interopDifferences == 0u);
    auto info = Findings(r, "avps", DiffLevel::INFO);
    BOOST_REQUIRE_EQUAL(info.size(), 1u);
    BOOST_TEST(info[0]->item == "Host Name");
    BOOST_TEST(info[0]->a == "lac");
    BOOST_TEST(info[0]->b == "other-lac");
    // Shown only with --all.
    BOOST_TEST(CompareResultToText(r, false).find("Host Name") == std::string::npos);
    BOOST_TEST(CompareResultToText(r, true).find(
                   "~ SCCRQ (A #1, B #1): Host Name: A lac, B other-lac") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(extra_hello_is_one_insertion)
{
    Variant nb;
    nb.lacHello = true;
    CompareResult r = Compare(Capture(Variant(), "hello-a"), Capture(nb, "hello-b"));
    const TunnelComparison& p = r.pairs[0];
    BOOST_TEST(p.sequence[0].size() == 5u);
    BOOST_TEST(CountOps(p.sequence[0], SeqOp::ONLY_B) == 1u);
    BOOST_TEST(CountOps(p.sequence[0], SeqOp::ONLY_A) == 0u);
    BOOST_TEST(CountOps(p.sequence[0], SeqOp::MATCH) == 4u);
    BOOST_TEST((p.sequence[0].back().op == SeqOp::ONLY_B));
    BOOST_TEST(p.sequence[0].back().typeB == l2tpmsg::HELLO);
    // HELLO count depends on idle time and capture length: an informational insertion.
    BOOST_TEST((p.sequence[0].back().level == DiffLevel::INFO));
    BOOST_TEST(CountOps(p.sequence[1], SeqOp::MATCH) == 3u);
    BOOST_TEST(r.interopDifferences == 0u);
}

BOOST_AUTO_TEST_CASE(swapped_addresses_align_by_role)
{
    Variant nb;
    nb.swapAddresses = true;
    CompareResult r = Compare(Capture(Variant(), "swap-a"), Capture(nb, "swap-b"));
    const TunnelComparison& p = r.pairs[0];
    BOOST_TEST(p.roleA[0] == "10.0.0.1 (Tunnel ID 11)");
    BOOST_TEST(p.roleB[0] == "10.0.0.2 (Tunnel ID 11)");
    BOOST_TEST(CountOps(p.sequence[0], SeqOp::MATCH) == 4u);
    BOOST_TEST(CountOps(p.sequence[1], SeqOp::MATCH) == 3u);
    BOOST_TEST(p.sequence[0].front().typeB == l2tpmsg::SCCRQ);
    BOOST_TEST(p.sequence[1].front().typeB == l2tpmsg::SCCRP);
    BOOST_TEST(r.interopDifferences == 0u);
}

BOOST_AUTO_TEST_CASE(no_l2tp_is_an_error_and_tunnel_index_is_checked)
{
    RecordSet empty;
    empty.pcap = "empty.pcap";
    RecordSet a = Capture(Variant(), "err-a");
    CompareResult r = CompareCaptures(a, empty, CompareOptions());
    BOOST_TEST(!r.ok);
    BOOST_TEST(r.error.find("no L2TP control connection") != std::string::npos);
    CompareOptions o;
    o.tunnelB = 2;
    r = CompareCaptures(a, a, o);
    BOOST_TEST(!r.ok);
    BOOST_TEST(r.error.find("out of range") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(pure_records_retransmission_is_timing_not_sequence)
{
    // No tshark: records made by hand. B's SCCRQ is retransmitted after 1 s.
    auto sccrq = [](uint32_t frame, TimeNs t)
    {
        L2tpRecord r = Rec(frame, t, true, l2tpmsg::SCCRQ, 0, 0, 0);
        r.avps.push_back(Avp(9, "l2tp.avp.assigned_tunnel_id", "11"));
        return r;
    };
    auto sccrp = [](uint32_t frame, TimeNs t)
    {
        L2tpRecord r = Rec(frame, t, false, l2tpmsg::SCCRP, 11, 0, 1);
        r.avps.push_back(Avp(9, "l2tp.avp.assigned_tunnel_id", "22"));
        return r;
    };
    RecordSet a;
    a.pcap = "a";
    a.records = {sccrq(1, 0), sccrp(2, 10 * kMs), Rec(3, 20 * kMs, true, l2tpmsg::SCCCN, 22, 1, 1),
                 Rec(4, 30 * kMs, false, 0, 11, 1, 2)};
    RecordSet b;
    b.pcap = "b";
    b.records = {sccrq(1, 0), sccrq(2, kSec), sccrp(3, kSec + 10 * kMs),
                 Rec(4, kSec + 20 * kMs, true, l2tpmsg::SCCCN, 22, 1, 1),
                 Rec(5, kSec + 530 * kMs, false, 0, 11, 1, 2)};
    CompareResult r = CompareCaptures(a, b, CompareOptions());
    BOOST_REQUIRE_MESSAGE(r.ok, r.error);
    BOOST_TEST_MESSAGE(CompareResultToText(r, true));
    const TunnelComparison& p = r.pairs[0];
    BOOST_TEST(CountOps(p.sequence[0], SeqOp::MATCH) == 2u);
    BOOST_TEST(p.sequence[0].size() == 2u);
    BOOST_TEST(p.retransmissionsA[0] == 0u);
    BOOST_TEST(p.retransmissionsB[0] == 1u);
    bool sawRetransmissions = false;
    bool sawZlbDelay = false;
    for (const auto& f : p.findings)
    {
        if (f.section == "timers" && f.item == "retransmissions" && f.direction == 0)
        {
            sawRetransmissions = true;
            BOOST_TEST((f.level == DiffLevel::INFO));
            BOOST_TEST(f.b == "1");
        }
        if (f.section == "timers" && f.item.rfind("ack delay by ZLB", 0) == 0 && f.direction == 0)
        {
            // SCCCN acked by ZLB after 10 ms (A) and 510 ms (B): > 2x and > 50 ms apart.
            sawZlbDelay = true;
            BOOST_TEST((f.level == DiffLevel::INTEROP));
        }
    }
    BOOST_TEST(sawRetransmissions);
    BOOST_TEST(sawZlbDelay);
    BOOST_TEST(r.interopDifferences == 1u);
    auto j = nlohmann::json::parse(CompareResultToJson(r));
    BOOST_TEST(j["interop_differences"].get<int>() == 1);
    BOOST_TEST(j["pairs"][0]["retransmissions"]["initiator_to_responder"]["b"].get<int>() == 1);
    BOOST_TEST(j["pairs"][0]["sequence"]["initiator_to_responder"].size() == 2u);
}

BOOST_AUTO_TEST_CASE(real_xl2tpd_lns_vs_l2tpns_lns)
{
    // Facts checked with tshark on both captures (docs/compare.md):
    //  - both: xl2tpd LAC 192.0.2.1 initiates; SCCRQ SCCCN ICRQ ICCN CDN ... StopCCN; CDN and
    //  StopCCN
    //    with Result Code 1; SCCRQ identical but for the Assigned Tunnel ID;
    //  - only lac-lns-basic has HELLOs (60 s idle, both directions);
    //  - l2tpns's SCCRP (frame 2) carries only Message Type, Protocol Version, Framing
    //    Capabilities, Host Name "vm", Assigned Tunnel ID (no Bearer Capabilities, Firmware
    //    Revision, Vendor Name, Receive Window Size);
    //  - l2tpns sends one data message (LCP Configure-Request, frame 9): L=0, S=0, O=0.
    RecordSet a = Extract(Source("pcaps/reference/xl2tpd/lac-lns-basic.pcap"));
    RecordSet b = Extract(Source("pcaps/reference/l2tpns/xl2tpd-lac.pcap"));
    CompareResult r = Compare(a, b);
    BOOST_TEST(r.interopDifferences == 0u);
    BOOST_REQUIRE_EQUAL(r.pairs.size(), 1u);
    const TunnelComparison& p = r.pairs[0];
    BOOST_TEST(p.roleA[0] == "192.0.2.1 (Tunnel ID 11695)");
    BOOST_TEST(p.roleB[0] == "192.0.2.1 (Tunnel ID 31702)");

    std::vector<std::string> seq;
    for (const auto& row : p.sequence[0])
    {
        seq.push_back((row.op == SeqOp::MATCH    ? "="
                       : row.op == SeqOp::ONLY_A ? "-"
                                                 : "+") +
                      L2tpMessageTypeName(row.op == SeqOp::ONLY_B ? row.typeB : row.typeA));
    }
    std::vector<std::string> want = {"=SCCRQ", "=SCCCN", "=ICRQ",   "=ICCN",
                                     "=CDN",   "-HELLO", "=StopCCN"};
    BOOST_TEST(seq == want, boost::test_tools::per_element());
    BOOST_TEST(p.sequence[1].size() == 3u);
    BOOST_TEST(CountOps(p.sequence[1], SeqOp::ONLY_A) == 1u); // the LNS's HELLO

    std::vector<std::string> sccrpInfo;
    bool resultCodesSame = false;
    for (const auto& f : p.findings)
    {
        if (f.section == "avps" && f.message == "SCCRP" && f.level == DiffLevel::INFO)
        {
            sccrpInfo.push_back(f.item);
        }
        if (f.section == "avps" && f.message == "CDN" && f.item == "Result Code")
        {
            resultCodesSame = f.level == DiffLevel::SAME && f.a == "result_code=1, error_code=0";
        }
    }
    std::vector<std::string> wantInfo = {"Bearer Capabilities", "Firmware Revision",
                                         "Host Name",           "Vendor Name",
                                         "Assigned Tunnel ID",  "Receive Window Size"};
    BOOST_TEST(sccrpInfo == wantInfo, boost::test_tools::per_element());
    BOOST_TEST(resultCodesSame);

    bool dataNote = false;
    for (const auto& f : p.findings)
    {
        if (f.section == "data" && f.direction == 1)
        {
            dataNote = f.level == DiffLevel::INFO && f.a == "0" && f.b == "1" && f.frameB == 9u;
        }
    }
    BOOST_TEST(dataNote);
    // Stable: the same inputs give the same JSON.
    BOOST_TEST(CompareResultToJson(r) ==
               CompareResultToJson(CompareCaptures(a, b, CompareOptions())));
}

BOOST_AUTO_TEST_SUITE_END()
