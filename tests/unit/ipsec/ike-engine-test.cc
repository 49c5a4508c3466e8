// IKEv1 engine against itself in memory (RFC 2409 §5 main mode with a pre-shared key, §5.5 quick
// mode, RFC 3947 NAT traversal): both roles reach INSTALL_SA pairs whose keys carry an ESP packet
// through EspOutboundSa / EspInboundSa both ways; with a NAT between them (addresses and ports
// rewritten) IKE floats to 4500 and the SAs are UDP-encapsulated; a wrong PSK fails in main mode
// (RFC 2408 §5: PAYLOAD-MALFORMED or INVALID-HASH-INFORMATION), no common proposal fails with
// NO-PROPOSAL-CHOSEN (§5.4), retransmission gives up, DPD (RFC 3706) times out, DELETE removes
// SAs (RFC 2408 §3.15).

#include "model/ipsec/esp.h"
#include "tests/unit/ipsec/ike-test-sink.h"
#include "model/ipsec/ike-engine.h"

#include <boost/test/unit_test.hpp>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <string>
#include <unistd.h>

using namespace ns3;

namespace
{

const char* kClientAddr = "192.0.2.10";   // client (private side when NATed)
const char* kServerAddr = "198.51.100.2"; // server
const char* kNatAddr = "192.0.2.254";     // NAT's outside address (when NATed)

using Sink = IkeTestSink;

IkePeerConfig
ClientPeer(const std::string& secret = "l2tplab-psk")
{
    IkePeerConfig c;
    c.name = "to-server";
    c.address = kServerAddr;
    c.secret = secret;
    return c;
}

IkePeerConfig
ServerPeer(const std::string& secret = "l2tplab-psk")
{
    IkePeerConfig c; // the RouterOS dynamic peer: 0.0.0.0/0, passive, main-l2tp
    c.name = "l2tp-in";
    c.passive = true;
    c.exchangeMode = "main-l2tp";
    c.secret = secret;
    return c;
}

/** Two engines and the wire between them, optionally through a NAT in front of the client. */
struct Pair
{
    Sink clientEvents;
    Sink serverEvents;
    std::unique_ptr<Ikev1Engine> client;
    std::unique_ptr<Ikev1Engine> server;
    bool nat{false};
    bool dropAll{false};                   // lose every datagram
    int dropClientToServer{0};             // lose the next N client datagrams
    std::vector<IkeAction> clientInstalls; // INSTALL_SA actions
    std::vector<IkeAction> serverInstalls;
    std::vector<IkeAction> clientDeletes; // DELETE_SA actions
    std::vector<IkeAction> serverDeletes;
    size_t datagrams{0};
    std::vector<uint16_t> serverSawPorts; // destination ports at the server
    std::vector<IkeAction> wire;          // every datagram, as sent (pcap)
    TimeNs now{0};

    Pair(const IkePeerConfig& c, const IkePeerConfig& s, bool withNat)
        : client(std::make_unique<Ikev1Engine>(clientEvents, 11))
        , server(std::make_unique<Ikev1Engine>(serverEvents, 22))
        , nat(withNat)
    {
        client->AddPeer(c);
        server->AddPeer(s);
    }

    /** Client side source (private) -> what the server sees. */
    IkeEndpoint
    Outside(const IkeEndpoint& e) const
    {
        if (!nat)
        {
            return e;
        }
        return IkeEndpoint{kNatAddr, static_cast<uint16_t>(e.port == 500 ? 30500 : 34500)};
    }

    IkeEndpoint
    Inside(const IkeEndpoint& e) const
    {
        if (!nat)
        {
            return e;
        }
        return IkeEndpoint{kClientAddr, static_cast<uint16_t>(e.port == 30500 ? 500 : 4500)};
    }

    /** Deliver every pending action until both are quiet. */
    void
    Pump()
    {
        for (int round = 0; round < 100; ++round)
        {
            auto ca = client->TakeActions();
            auto sa = server->TakeActions();
            if (ca.empty() && sa.empty())
            {
                return;
            }
            for (auto& a : ca)
            {
                Route(a, true);
            }
            for (auto& a : sa)
            {
                Route(a, false);
            }
        }
        BOOST_FAIL("the engines never go quiet");
    }

    void
    Route(IkeAction& a, bool fromClient)
    {
        if (a.kind == IkeAction::Kind::INSTALL_SA)
        {
            (fromClient ? clientInstalls : serverInstalls).push_back(a);
            return;
        }
        if (a.kind == IkeAction::Kind::DELETE_SA)
        {
            (fromClient ? clientDeletes : serverDeletes).push_back(a);
            return;
        }
        ++datagrams;
        wire.push_back(a);
        if (dropAll)
        {
            return;
        }
        if (fromClient)
        {
            if (dropClientToServer > 0)
            {
                --dropClientToServer;
                return;
            }
            serverSawPorts.push_back(a.remote.port);
            server->Receive(a.remote, Outside(a.local), a.datagram, now);
        }
        else
        {
            client->Receive(Inside(a.remote), a.local, a.datagram, now);
        }
    }

    void
    Start()
    {
        IkeSelector sel;
        client->Acquire(IkeEndpoint{kClientAddr, 1701}, IkeEndpoint{kServerAddr, 1701}, sel, now);
        Pump();
    }

    /** Run timers until `until`, pumping after each. */
    void
    RunUntil(TimeNs until)
    {
        for (int i = 0; i < 10000; ++i)
        {
            TimeNs t = std::min(client->NextDeadline(), server->NextDeadline());
            if (t == kNever || t > until)
            {
                now = until;
                return;
            }
            now = std::max(now, t);
            client->OnTimer(now);
            server->OnTimer(now);
            Pump();
        }
    }
};

const IkeSaInstall*
FindSa(const std::vector<IkeAction>& v, bool inbound)
{
    for (const auto& a : v)
    {
        if (a.sa.inbound == inbound)
        {
            return &a.sa;
        }
    }
    return nullptr;
}

/** One payload from `from`'s outbound SA must come out of `to`'s inbound SA unchanged. */
void
RoundTrip(const IkeSaInstall& out, const IkeSaInstall& in)
{
    BOOST_REQUIRE_EQUAL(out.esp.spi, in.esp.spi);
    BOOST_REQUIRE_EQUAL(ValidateEspSaConfig(out.esp), "");
    BOOST_REQUIRE_EQUAL(ValidateEspSaConfig(in.esp), "");
    EspOutboundSa tx(out.esp, 0);
    EspInboundSa rx(in.esp, 0);
    Bytes payload = {0xc8, 0x02, 0x00, 0x14, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01}; // an L2TP header
    EspTxResult t = tx.Protect(payload, kEspNextHeaderUdp, 1);
    BOOST_REQUIRE(t.ok);
    EspRxResult r = rx.Unprotect(t.packet, 1);
    BOOST_REQUIRE(r.ok);
    BOOST_CHECK(r.payload == payload);
    BOOST_CHECK_EQUAL(r.nextHeader, kEspNextHeaderUdp);
}

/** IPv4 + UDP around one datagram (header checksum computed, UDP checksum 0). */
Bytes
Ipv4Udp(const IkeAction& a)
{
    Bytes src;
    Bytes dst;
    BOOST_REQUIRE(IkeParseIpv4(a.local.addr, src) && IkeParseIpv4(a.remote.addr, dst));
    Bytes payload = a.datagram;
    if (a.local.port == 4500)
    {
        payload.insert(payload.begin(), 4, 0); // non-ESP marker
    }
    ByteWriter w;
    w.WriteU8(0x45);
    w.WriteU8(0);
    w.WriteU16(static_cast<uint16_t>(28 + payload.size()));
    w.WriteU32(0);
    w.WriteU8(64);
    w.WriteU8(17);
    w.WriteU16(0);
    w.WriteBytes(src);
    w.WriteBytes(dst);
    w.WriteU16(a.local.port);
    w.WriteU16(a.remote.port);
    w.WriteU16(static_cast<uint16_t>(8 + payload.size()));
    w.WriteU16(0);
    w.WriteBytes(payload);
    Bytes p = w.Take();
    uint32_t sum = 0;
    for (size_t i = 0; i < 20; i += 2)
    {
        sum += (uint32_t{p[i]} << 8) | p[i + 1];
    }
    sum = (sum & 0xffff) + (sum >> 16);
    sum = (sum & 0xffff) + (sum >> 16);
    p[10] = static_cast<uint8_t>(~sum >> 8);
    p[11] = static_cast<uint8_t>(~sum);
    return p;
}

/** A classic pcap (LINKTYPE_RAW) of the exchange. */
void
WritePcap(const std::string& path, const std::vector<IkeAction>& wire)
{
    std::ofstream f(path, std::ios::binary);
    const uint8_t header[24] = {0xd4, 0xc3, 0xb2, 0xa1, 2,    0,    4, 0, 0,   0, 0, 0,
                                0,    0,    0,    0,    0xff, 0xff, 0, 0, 101, 0, 0, 0};
    f.write(reinterpret_cast<const char*>(header), sizeof(header));
    uint32_t t = 1;
    for (const IkeAction& a : wire)
    {
        Bytes p = Ipv4Udp(a);
        uint32_t rec[4] = {t++, 0, static_cast<uint32_t>(p.size()),
                           static_cast<uint32_t>(p.size())};
        for (uint32_t v : rec)
        {
            for (int i = 0; i < 4; ++i)
            {
                f.put(static_cast<char>(v >> (8 * i)));
            }
        }
        f.write(reinterpret_cast<const char*>(p.data()), static_cast<std::streamsize>(p.size()));
    }
}

std::string
Run(const std::string& cmd)
{
    std::string out;
    FILE* p = popen(cmd.c_str(), "r");
    BOOST_REQUIRE(p);
    char buf[4096];
    size_t n = 0;
    while ((n = fread(buf, 1, sizeof(buf), p)) > 0)
    {
        out.append(buf, n);
    }
    pclose(p);
    return out;
}

size_t
CountOf(const std::string& hay, const std::string& needle)
{
    size_t n = 0;
    for (size_t at = hay.find(needle); at != std::string::npos; at = hay.find(needle, at + 1))
    {
        ++n;
    }
    return n;
}

} // namespace

BOOST_AUTO_TEST_SUITE(ike_engine)

// Key export: with our ikev1_decryption_table tshark decrypts main mode messages 5 and 6 and quick
// mode (their Identification and NAT-OA payloads appear, nothing is malformed) for a phase 1
// lifetime of 8 h (a TV Life Duration) and of RouterOS's 1 d (TLV); with a wrong key it cannot.
// Skipped when tshark is absent.
BOOST_AUTO_TEST_CASE(tshark_decrypts_the_exchange_with_our_key_table)
{
    if (std::system("command -v tshark >/dev/null 2>&1") != 0)
    {
        BOOST_TEST_MESSAGE("tshark not installed: key table check skipped");
        return;
    }
    IkePeerConfig c = ClientPeer();
    c.lifetime = 8 * 3600 * kSec;
    Pair p(c, ServerPeer(), true);
    p.Start();
    BOOST_REQUIRE_EQUAL(p.clientInstalls.size(), 2u);
    std::string table = p.client->Ikev1DecryptionTable();
    BOOST_CHECK_EQUAL(table, p.server->Ikev1DecryptionTable());
    BOOST_CHECK_EQUAL(CountOf(table, "\n"), 1u);
    namespace fs = std::filesystem;
    fs::path dir = fs::temp_directory_path() / ("l2tplab-ike-tshark-" + std::to_string(getpid()));
    fs::create_directories(dir);
    WritePcap((dir / "ike.pcap").string(), p.wire);
    {
        std::ofstream f((dir / "ikev1_decryption_table").string());
        f << table;
    }
    const std::string cmd = "WIRESHARK_CONFIG_DIR=" + dir.string() + " tshark -n -V -r " +
                            (dir / "ike.pcap").string() + " 2>/dev/null";
    std::string out = Run(cmd);
    BOOST_CHECK_EQUAL(CountOf(out, "Internet Security Association and Key Management Protocol"),
                      p.wire.size());
    std::string summary = Run("tshark -n -r " + (dir / "ike.pcap").string() + " 2>/dev/null");
    BOOST_CHECK_EQUAL(CountOf(summary, "Identity Protection (Main Mode)"), 6u);
    BOOST_CHECK_EQUAL(CountOf(summary, "Quick Mode"), 3u);
    BOOST_CHECK_LE(CountOf(summary, "Malformed"), 5u); // at most the encrypted ones
    BOOST_CHECK(
        table.rfind(ToHex(Bytes(p.wire[0].datagram.begin(), p.wire[0].datagram.begin() + 8)) + ",",
                    0) == 0);
    // MM5, MM6: one ID each; QM1, QM2: IDci and IDcr each; NAT-OAi and NAT-OAr in QM1 and QM2.
    BOOST_CHECK_EQUAL(CountOf(summary, "Malformed"), 0u);
    BOOST_CHECK_EQUAL(CountOf(out, "Payload: Identification (5)"), 6u);
    BOOST_CHECK_EQUAL(CountOf(out, "Payload: NAT-OA (RFC 3947) (21)"), 4u);
    std::string wrongKey = table;
    size_t k = wrongKey.find(',') + 1; // first key digit (not a DES parity bit)
    wrongKey[k] = wrongKey[k] == '0' ? '8' : '0';
    {
        std::ofstream f((dir / "ikev1_decryption_table").string());
        f << wrongKey;
    }
    std::string bad = Run("WIRESHARK_CONFIG_DIR=" + dir.string() + " tshark -n -r " +
                          (dir / "ike.pcap").string() + " 2>/dev/null");
    BOOST_CHECK_EQUAL(CountOf(bad, "Malformed"), 5u);
    // The 1-day default: Life Duration 86400 is a TLV attribute.
    Pair q(ClientPeer(), ServerPeer(), true);
    q.Start();
    WritePcap((dir / "ike.pcap").string(), q.wire);
    {
        std::ofstream f((dir / "ikev1_decryption_table").string());
        f << q.client->Ikev1DecryptionTable();
    }
    std::string oneDay = Run("WIRESHARK_CONFIG_DIR=" + dir.string() + " tshark -n -r " +
                             (dir / "ike.pcap").string() + " 2>/dev/null");
    BOOST_CHECK_EQUAL(CountOf(oneDay, "Malformed"), 0u);
    BOOST_CHECK_EQUAL(CountOf(oneDay, "Quick Mode"), 3u);
    if (std::getenv("KEEP_IKE_TSHARK") == nullptr)
    {
        fs::remove_all(dir);
    }
}

// RFC 2409 §5 + §5.5: six main mode messages, three quick mode messages, then an SA pair on each
// side; the client's outbound keys are the server's inbound keys and vice versa.
BOOST_AUTO_TEST_CASE(main_and_quick_mode_install_sa_pairs_that_carry_esp)
{
    Pair p(ClientPeer(), ServerPeer(), false);
    p.Start();
    BOOST_CHECK_EQUAL(p.datagrams, 9u);
    BOOST_CHECK_EQUAL(p.clientEvents.Count("phase1-established"), 1u);
    BOOST_CHECK_EQUAL(p.serverEvents.Count("phase1-established"), 1u);
    BOOST_CHECK_EQUAL(p.clientEvents.Count("phase2-established"), 1u);
    BOOST_CHECK_EQUAL(p.serverEvents.Count("phase2-established"), 1u);
    BOOST_REQUIRE_EQUAL(p.clientInstalls.size(), 2u);
    BOOST_REQUIRE_EQUAL(p.serverInstalls.size(), 2u);
    const IkeSaInstall* cOut = FindSa(p.clientInstalls, false);
    const IkeSaInstall* cIn = FindSa(p.clientInstalls, true);
    const IkeSaInstall* sOut = FindSa(p.serverInstalls, false);
    const IkeSaInstall* sIn = FindSa(p.serverInstalls, true);
    BOOST_REQUIRE(cOut && cIn && sOut && sIn);
    RoundTrip(*cOut, *sIn);
    RoundTrip(*sOut, *cIn);
    // One quick mode: in and out share a reqid; no NAT: plain ESP, port 500 throughout.
    BOOST_CHECK_EQUAL(cOut->reqid, cIn->reqid);
    BOOST_CHECK_EQUAL(sOut->reqid, sIn->reqid);
    BOOST_CHECK(!cOut->udpEncap && !sIn->udpEncap);
    for (uint16_t port : p.serverSawPorts)
    {
        BOOST_CHECK_EQUAL(port, 500);
    }
    // RFC 3193 §4: the selectors are UDP 1701 both ends; the server learned them from IDci/IDcr.
    BOOST_CHECK_EQUAL(sIn->selector.protocol, 17);
    BOOST_CHECK_EQUAL(sIn->selector.localPort, 1701);
    BOOST_CHECK_EQUAL(sIn->selector.remotePort, 1701);
    // Defaults: the first enc of the client's list that the server allows (3des), sha1, modp1024.
    const LabEvent* e = p.serverEvents.Find("phase1-established");
    BOOST_REQUIRE(e);
    BOOST_CHECK_EQUAL(e->Get("enc"), "3des");
    BOOST_CHECK_EQUAL(e->Get("hash"), "sha1");
    BOOST_CHECK_EQUAL(e->Get("dh-group"), "modp1024");
    BOOST_CHECK_EQUAL(e->Get("nat-local"), "no");
    BOOST_CHECK_EQUAL(e->Get("peer-id"), kClientAddr);
    // Phase 2: the first enc-algorithms entry of the default proposal (aes-256-cbc), PFS modp1024.
    BOOST_CHECK(cOut->esp.cipher == EspCipher::AES_CBC_256);
    BOOST_CHECK_EQUAL(p.serverEvents.Find("phase2-established")->Get("pfs"), "2");
    // Deterministic: a second run with the same seeds gives the same keys.
    Pair q(ClientPeer(), ServerPeer(), false);
    q.Start();
    BOOST_REQUIRE_EQUAL(q.clientInstalls.size(), 2u);
    BOOST_CHECK(FindSa(q.clientInstalls, false)->esp.encKey == cOut->esp.encKey);
}

// RFC 3947: vendor IDs, NAT-D in MM3/MM4 detects the NAT in front of the client; from MM5 on
// both use 4500 (§4); quick mode negotiates UDP-Encapsulated-Transport with NAT-OA (§5).
BOOST_AUTO_TEST_CASE(nat_between_them_floats_to_4500_and_encapsulates)
{
    Pair p(ClientPeer(), ServerPeer(), true);
    p.Start();
    BOOST_REQUIRE_EQUAL(p.clientInstalls.size(), 2u);
    BOOST_REQUIRE_EQUAL(p.serverInstalls.size(), 2u);
    const LabEvent* se = p.serverEvents.Find("phase1-established");
    const LabEvent* ce = p.clientEvents.Find("phase1-established");
    BOOST_REQUIRE(se && ce);
    BOOST_CHECK_EQUAL(se->Get("nat-t"), "rfc3947");
    BOOST_CHECK_EQUAL(se->Get("nat-remote"), "yes"); // the client is behind the NAT
    BOOST_CHECK_EQUAL(se->Get("nat-local"), "no");
    BOOST_CHECK_EQUAL(ce->Get("nat-local"), "yes");
    BOOST_CHECK_EQUAL(ce->Get("nat-remote"), "no");
    BOOST_CHECK_EQUAL(se->Get("remote"), std::string(kNatAddr) + ":34500");
    // MM1..MM4 on 500, MM5 and quick mode on 4500.
    BOOST_REQUIRE_GE(p.serverSawPorts.size(), 5u);
    BOOST_CHECK_EQUAL(p.serverSawPorts[0], 500);
    BOOST_CHECK_EQUAL(p.serverSawPorts[1], 500);
    BOOST_CHECK_EQUAL(p.serverSawPorts[2], 4500);
    BOOST_CHECK_EQUAL(p.serverSawPorts[3], 4500);
    const IkeSaInstall* sIn = FindSa(p.serverInstalls, true);
    const IkeSaInstall* sOut = FindSa(p.serverInstalls, false);
    const IkeSaInstall* cIn = FindSa(p.clientInstalls, true);
    const IkeSaInstall* cOut = FindSa(p.clientInstalls, false);
    BOOST_REQUIRE(sIn && sOut && cIn && cOut);
    BOOST_CHECK(sIn->udpEncap && sIn->esp.udpEncap && cOut->udpEncap);
    BOOST_CHECK_EQUAL(sOut->remote.addr, kNatAddr);
    BOOST_CHECK_EQUAL(sOut->remote.port, 34500);
    BOOST_CHECK_EQUAL(sOut->local.port, 4500);
    // NAT-OA: the server learns the client's own (private) address.
    BOOST_CHECK_EQUAL(sIn->peerOriginalAddress, kClientAddr);
    BOOST_CHECK_EQUAL(cIn->peerOriginalAddress, kServerAddr);
    RoundTrip(*cOut, *sIn);
    RoundTrip(*sOut, *cIn);
}

// RFC 2409 §5.4: with different keys the responder's SKEYID differs, message 5 decrypts to
// garbage (PAYLOAD-MALFORMED) or its HASH_I fails (INVALID-HASH-INFORMATION): no SA, a clear event
// on both sides.
BOOST_AUTO_TEST_CASE(wrong_psk_fails_in_main_mode)
{
    Pair p(ClientPeer("right"), ServerPeer("wrong"), false);
    p.Start();
    BOOST_CHECK(p.clientInstalls.empty());
    BOOST_CHECK(p.serverInstalls.empty());
    const LabEvent* s = p.serverEvents.Find("phase1-failed");
    BOOST_REQUIRE(s);
    BOOST_CHECK_EQUAL(s->Get("reason"), "auth-failed");
    const LabEvent* c = p.clientEvents.Find("phase1-failed");
    BOOST_REQUIRE(c);
    BOOST_CHECK(c->Get("reason") == "payload-malformed" ||
                c->Get("reason") == "invalid-hash-information");
    BOOST_CHECK_EQUAL(p.clientEvents.Count("phase1-established"), 0u);
    BOOST_CHECK_EQUAL(p.serverEvents.Count("phase1-established"), 0u);
    BOOST_CHECK_EQUAL(p.client->NextDeadline(), kNever); // nothing left to retransmit
}

// RFC 2408 §5.4: nothing acceptable in the SA offer -> NO-PROPOSAL-CHOSEN.
BOOST_AUTO_TEST_CASE(no_common_proposal_fails_with_no_proposal_chosen)
{
    IkePeerConfig c = ClientPeer();
    c.enc = {"aes-256"};
    IkePeerConfig s = ServerPeer();
    s.enc = {"3des"};
    Pair p(c, s, false);
    p.Start();
    BOOST_CHECK_EQUAL(p.datagrams, 2u);
    const LabEvent* ce = p.clientEvents.Find("phase1-failed");
    BOOST_REQUIRE(ce);
    BOOST_CHECK_EQUAL(ce->Get("reason"), "no-proposal-chosen");
    BOOST_REQUIRE(p.serverEvents.Find("phase1-failed"));
    BOOST_CHECK_EQUAL(p.server->GetCounters().Get("ike/drop/no_proposal"), 1u);
    // The same for modp2048 against modp1024 only.
    IkePeerConfig c2 = ClientPeer();
    c2.dhGroup = {"modp2048"};
    Pair q(c2, ServerPeer(), false);
    q.Start();
    BOOST_REQUIRE(q.clientEvents.Find("phase1-failed"));
    BOOST_CHECK_EQUAL(q.clientEvents.Find("phase1-failed")->Get("reason"), "no-proposal-chosen");
}

// RouterOS names across the lists: the responder picks the first of the initiator's transforms
// its own lists allow (aes-256 + sha256 + modp2048 here).
BOOST_AUTO_TEST_CASE(proposal_selection_across_lists)
{
    IkePeerConfig c = ClientPeer();
    c.enc = {"aes-128", "aes-256", "3des"};
    c.hash = {"md5", "sha256"};
    c.dhGroup = {"modp1024", "modp2048"};
    IkePeerConfig s = ServerPeer();
    s.enc = {"aes-256", "aes-192"};
    s.hash = {"sha256"};
    s.dhGroup = {"modp2048"};
    Pair p(c, s, false);
    p.Start();
    const LabEvent* e = p.clientEvents.Find("phase1-established");
    BOOST_REQUIRE(e);
    BOOST_CHECK_EQUAL(e->Get("enc"), "aes-256");
    BOOST_CHECK_EQUAL(e->Get("hash"), "sha256");
    BOOST_CHECK_EQUAL(e->Get("dh-group"), "modp2048");
    BOOST_REQUIRE_EQUAL(p.clientInstalls.size(), 2u);
    RoundTrip(*FindSa(p.clientInstalls, false), *FindSa(p.serverInstalls, true));
}

// Retransmission (strongSwan-like: 4 s x 1.8, 5 tries): a lost MM1 is sent again and the
// exchange completes; with every datagram lost the initiator gives up after 165 s.
BOOST_AUTO_TEST_CASE(retransmission_then_give_up)
{
    Pair p(ClientPeer(), ServerPeer(), false);
    p.dropClientToServer = 1;
    p.Start();
    BOOST_CHECK(p.clientInstalls.empty());
    BOOST_CHECK_EQUAL(p.client->NextDeadline(), 4 * kSec);
    p.RunUntil(5 * kSec);
    BOOST_CHECK_EQUAL(p.clientEvents.Count("retransmit"), 1u);
    BOOST_CHECK_EQUAL(p.clientInstalls.size(), 2u);

    Pair q(ClientPeer(), ServerPeer(), false);
    q.dropAll = true;
    q.Start();
    q.RunUntil(164 * kSec);
    BOOST_CHECK_EQUAL(q.clientEvents.Count("retransmit"), 5u);
    BOOST_CHECK_EQUAL(q.clientEvents.Count("phase1-failed"), 0u);
    q.RunUntil(200 * kSec);
    const LabEvent* f = q.clientEvents.Find("phase1-failed");
    BOOST_REQUIRE(f);
    BOOST_CHECK_EQUAL(f->Get("reason"), "timeout");
    BOOST_CHECK_EQUAL(q.datagrams, 6u);
    BOOST_CHECK_EQUAL(q.client->NextDeadline(), kNever);
}

// RFC 3706: R-U-THERE after dpd-interval of silence, answered with R-U-THERE-ACK while the peer
// lives; once it is gone, dpd-maximum-failures unanswered ones end the SAs (DELETE_SA both ways).
BOOST_AUTO_TEST_CASE(dpd_keeps_a_live_peer_and_times_out_a_dead_one)
{
    IkePeerConfig c = ClientPeer();
    c.dpdInterval = 10 * kSec;
    c.dpdMaximumFailures = 3;
    Pair p(c, ServerPeer(), false);
    p.Start();
    BOOST_REQUIRE_EQUAL(p.clientInstalls.size(), 2u);
    p.RunUntil(35 * kSec);
    BOOST_CHECK_GE(p.client->GetCounters().Get("ike/dpd-r-u-there"), 2u);
    BOOST_CHECK_GE(p.server->GetCounters().Get("ike/dpd-ack-sent"), 2u);
    BOOST_CHECK_EQUAL(p.clientEvents.Count("dpd-timeout"), 0u);
    p.dropAll = true;
    p.RunUntil(200 * kSec);
    const LabEvent* t = p.clientEvents.Find("dpd-timeout");
    BOOST_REQUIRE(t);
    BOOST_CHECK_EQUAL(t->Get("failures"), "3");
    BOOST_REQUIRE_EQUAL(p.clientDeletes.size(), 2u);
    uint32_t inSpi = FindSa(p.clientInstalls, true)->esp.spi;
    BOOST_CHECK(p.clientDeletes[0].spi == inSpi || p.clientDeletes[1].spi == inSpi);
}

// RFC 2408 §3.15: when an SA's lifetime ends, the owner deletes it and tells the peer, which
// removes its outbound half. (The wire is cut after the first quick mode, so the rekey at the soft
// lifetime cannot replace the pair: ike-rekey-test.cc has the rekeys.)
BOOST_AUTO_TEST_CASE(lifetime_end_sends_delete)
{
    IkePeerConfig c = ClientPeer();
    c.phase2.front().lifetime = 60 * kSec;
    c.dpdInterval = kNever;
    IkePeerConfig s = ServerPeer();
    s.phase2.front().lifetime = 60 * kSec;
    s.dpdInterval = kNever;
    Pair p(c, s, false);
    p.Start();
    BOOST_REQUIRE_EQUAL(p.clientInstalls.size(), 2u);
    p.dropAll = true;
    p.RunUntil(61 * kSec);
    BOOST_CHECK_EQUAL(p.clientEvents.Count("phase2-rekey"), 1u);
    BOOST_CHECK_EQUAL(p.clientDeletes.size(), 2u);
    BOOST_CHECK_GE(p.serverDeletes.size(), 2u);
    BOOST_CHECK_GE(p.clientEvents.Count("deleted"), 2u);
}

BOOST_AUTO_TEST_SUITE_END()
