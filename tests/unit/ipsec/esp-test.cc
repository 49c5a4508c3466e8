// RFC 4303 ESP both ways: the packets of RFC 3602 §4 Case #5 and of draft-mcgrew-gcm-test-01 §4
// are produced byte for byte and accepted; every transform round-trips; and each forbidden packet
// is refused with its own counted reason (§2.4 padding, §2.6 dummy, §3.3.3 counter, §3.4.3
// anti-replay, §3.4.4 ICV), lifetimes fire soft then hard (RFC 4301 §4.4.2.1), the SAD finds SAs
// by SPI and destination.

#include "model/ipsec/esp.h"

#include <boost/test/unit_test.hpp>

#include <set>
#include <string>

using namespace ns3;

namespace
{

Bytes
H(const std::string& hex)
{
    Bytes b;
    BOOST_REQUIRE(FromHex(hex, b));
    return b;
}

Bytes
Pattern(size_t n, uint8_t seed)
{
    Bytes b(n);
    for (size_t i = 0; i < n; ++i)
    {
        b[i] = static_cast<uint8_t>(seed + 7 * i);
    }
    return b;
}

/** An SA config with deterministic keys of the right sizes. */
EspSaConfig
Sa(EspCipher c, EspIntegrity i, uint32_t spi = 0x1000, uint32_t window = 64)
{
    EspSaConfig cfg;
    cfg.spi = spi;
    cfg.cipher = c;
    cfg.integrity = i;
    cfg.encKey = Pattern(EspCipherKeyMaterial(c), 0x21);
    cfg.authKey = Pattern(GetEspIntegrityInfo(i).keyLen, 0x42);
    cfg.replayWindow = window;
    cfg.dst = "203.0.113.2";
    BOOST_REQUIRE_EQUAL(ValidateEspSaConfig(cfg), "");
    return cfg;
}

/**
 * An ESP packet built by hand from a plaintext that already holds padding and trailer (so the
 * tests can forge bad padding with a valid ICV): AES-CBC + HMAC only.
 */
Bytes
Forge(const EspSaConfig& cfg, uint32_t seq, const Bytes& plainWithTrailer)
{
    const EspCipherInfo& c = GetEspCipherInfo(cfg.cipher);
    Bytes iv(c.ivLen, 0x99);
    Bytes ct;
    BOOST_REQUIRE(EspCbcCrypt(cfg.cipher, true, cfg.encKey, iv.data(), plainWithTrailer.data(),
                              plainWithTrailer.size(), ct));
    ByteWriter w;
    w.WriteU32(cfg.spi);
    w.WriteU32(seq);
    w.WriteBytes(iv);
    w.WriteBytes(ct);
    w.WriteBytes(EspIcv(cfg.integrity, cfg.authKey, w.Data().data(), w.Size()));
    return w.Take();
}

const TimeNs kT0 = 5 * kSec;

} // namespace

BOOST_AUTO_TEST_SUITE(ipsec_esp)

BOOST_AUTO_TEST_CASE(reason_rows_are_complete_and_cite_rfcs)
{
    size_t n = 0;
    const EspReasonInfo* rows = EspReasonTable(n);
    BOOST_REQUIRE_EQUAL(n, static_cast<size_t>(EspReason::COUNT_));
    std::set<std::string> names;
    for (size_t i = 0; i < n; ++i)
    {
        BOOST_CHECK_EQUAL(static_cast<size_t>(rows[i].reason), i);
        BOOST_CHECK(names.insert(rows[i].name).second);
        BOOST_CHECK_EQUAL(std::string(rows[i].rfc).substr(0, 4), "RFC ");
    }
}

BOOST_AUTO_TEST_CASE(rfc3602_case5_transport_esp_packet)
{
    // RFC 3602 §4 Case #5: ping 192.168.123.3 -> .100, SPI 0x4321, seq 1, AES-128-CBC, no ICV.
    EspSaConfig cfg;
    cfg.spi = 0x4321;
    cfg.cipher = EspCipher::AES_CBC_128;
    cfg.integrity = EspIntegrity::NONE;
    cfg.encKey = H("90d382b410eeba7ad938c46cec1a82bf");
    BOOST_REQUIRE_EQUAL(ValidateEspSaConfig(cfg), "");
    Bytes icmp = H("08000ebda70a00008e9c083db95b070008090a0b0c0d0e0f1011121314151617"
                   "18191a1b1c1d1e1f202122232425262728292a2b2c2d2e2f3031323334353637");
    Bytes iv = H("e96e8c08ab465763fd098d45dd3ff893");
    Bytes expected = H("0000432100000001"
                       "e96e8c08ab465763fd098d45dd3ff893"
                       "f663c25d325c18c6a9453e194e120849a4870b66cc6b9965330013b4898dc856"
                       "a4699e523a55db080b59ec3a8e4b7e52775b07d1db34ed9c538ab50c551b874a"
                       "a269add047ad2d5913ac19b7cfbad4a6");
    EspOutboundSa out(cfg, 0);
    EspTxResult tx = out.ProtectWithIv(icmp, 1 /* ICMP */, 0, iv);
    BOOST_REQUIRE(tx.ok);
    BOOST_CHECK_EQUAL(tx.seq, 1u); // §3.3.3: the first packet carries 1
    BOOST_CHECK_EQUAL(ToHex(tx.packet), ToHex(expected));
    // 64 octets + 14 padding (01..0e) + Pad Length + Next Header = 80 = 5 AES blocks.
    BOOST_CHECK_EQUAL(out.Overhead(icmp.size()), 8u + 16u + 16u);

    EspInboundSa in(cfg, 0);
    BOOST_CHECK(!in.ReplayCheckEnabled()); // §3.4.3: no integrity, no anti-replay
    EspRxResult rx = in.Unprotect(expected, 0);
    BOOST_REQUIRE(rx.ok);
    BOOST_CHECK_EQUAL(rx.nextHeader, 1);
    BOOST_CHECK(rx.payload == icmp);
}

BOOST_AUTO_TEST_CASE(aes_gcm_esp_packets_of_draft_mcgrew_gcm_test)
{
    // draft-mcgrew-gcm-test-01 §4 (RFC 4106 has no vectors): the ESP packet is
    // SPI || Sequence Number || IV || ciphertext || ICV, AAD = SPI || Sequence Number,
    // nonce = salt || IV. The 192-bit case: SPI 0xa5f8, seq 10, no padding, Next Header 1.
    EspSaConfig c192;
    c192.spi = 0xa5f8;
    c192.cipher = EspCipher::AES_GCM_192;
    c192.integrity = EspIntegrity::NONE;
    c192.encKey = H("feffe9928665731c6d6a8f9467308308feffe9928665731c"
                    "cafebabe");
    Bytes wire192 = H("0000a5f80000000a"
                      "facedbaddecaf888"
                      "a5b1f8066029aea40e598b8122de02420938b3ab33f828e687b8858b5bfbdbd0"
                      "315b27452144cc77"
                      "95457b9652037f5318027b5b4cd7a636");
    // The 256-bit case: SPI 0x4a2cbfe3, seq 2, padding 01 02, Pad Length 2, Next Header 1.
    EspSaConfig c256;
    c256.spi = 0x4a2cbfe3;
    c256.cipher = EspCipher::AES_GCM_256;
    c256.integrity = EspIntegrity::NONE;
    c256.encKey = H("abbccddef00112233445566778899aababbccddef00112233445566778899aab"
                    "11223344");
    Bytes wire256 = H("4a2cbfe300000002"
                      "0102030405060708"
                      "ff425c9b724599df7a3bcd510194e00d6a78107f1b0b1cbf06efae9d65a5d763"
                      "748a637985771d347f0545659f14e99def842d8eb335f4eecfdbf831824b4c49"
                      "15956c96");
    struct Case
    {
        EspSaConfig cfg;
        Bytes wire;
        uint32_t seq;
        const char* iv;
        size_t payloadLen;
    };
    for (const Case& k : {Case{c192, wire192, 10, "facedbaddecaf888", 38},
                          Case{c256, wire256, 2, "0102030405060708", 48}})
    {
        BOOST_REQUIRE_EQUAL(ValidateEspSaConfig(k.cfg), "");
        EspInboundSa in(k.cfg, 0);
        EspRxResult rx = in.Unprotect(k.wire, 0);
        BOOST_REQUIRE(rx.ok);
        BOOST_CHECK_EQUAL(rx.seq, k.seq);
        BOOST_CHECK_EQUAL(rx.nextHeader, 1);
        BOOST_CHECK_EQUAL(rx.payload.size(), k.payloadLen);
        // And our encoder produces the same octets from the payload.
        EspOutboundSa out(k.cfg, 0);
        out.SetLastSequence(k.seq - 1);
        EspTxResult tx = out.ProtectWithIv(rx.payload, 1, 0, H(k.iv));
        BOOST_REQUIRE(tx.ok);
        BOOST_CHECK_EQUAL(ToHex(tx.packet), ToHex(k.wire));
    }
}

BOOST_AUTO_TEST_CASE(every_transform_round_trips)
{
    struct Combo
    {
        EspCipher c;
        EspIntegrity i;
    };
    const Combo combos[] = {
        {EspCipher::AES_CBC_128, EspIntegrity::HMAC_SHA1_96},
        {EspCipher::AES_CBC_192, EspIntegrity::HMAC_SHA1_96},
        {EspCipher::AES_CBC_256, EspIntegrity::HMAC_SHA256_128},
        {EspCipher::DES3_CBC, EspIntegrity::HMAC_SHA1_96},
        {EspCipher::DES3_CBC, EspIntegrity::HMAC_SHA256_128},
        {EspCipher::AES_GCM_128, EspIntegrity::NONE},
        {EspCipher::AES_GCM_192, EspIntegrity::NONE},
        {EspCipher::AES_GCM_256, EspIntegrity::NONE},
        {EspCipher::NULL_CIPHER, EspIntegrity::HMAC_SHA1_96},
    };
    for (const Combo& k : combos)
    {
        EspSaConfig cfg = Sa(k.c, k.i);
        EspOutboundSa out(cfg, 0);
        EspInboundSa in(cfg, 0);
        const EspCipherInfo& ci = GetEspCipherInfo(k.c);
        for (size_t len = 0; len <= 40; ++len)
        {
            Bytes payload = Pattern(len, static_cast<uint8_t>(len));
            EspTxResult tx = out.Protect(payload, kEspNextHeaderUdp, 0);
            BOOST_REQUIRE(tx.ok);
            BOOST_CHECK_EQUAL(tx.packet.size(), len + out.Overhead(len));
            size_t body = tx.packet.size() - kEspHeaderLen - ci.ivLen -
                          (ci.aeadIcvLen ? ci.aeadIcvLen : GetEspIntegrityInfo(k.i).icvLen);
            BOOST_CHECK_EQUAL(body % std::max<size_t>(ci.blockSize, 4), 0u); // §2.4 alignment
            EspRxResult rx = in.Unprotect(tx.packet, 0);
            BOOST_REQUIRE_MESSAGE(rx.ok, ci.name << " len " << len << ": "
                                                 << GetEspReasonInfo(rx.reason).name);
            BOOST_CHECK(rx.payload == payload);
            BOOST_CHECK_EQUAL(rx.nextHeader, kEspNextHeaderUdp);
            BOOST_CHECK_EQUAL(rx.seq, tx.seq);
        }
        BOOST_CHECK_EQUAL(in.Counters().packets, 41u);
        BOOST_CHECK_EQUAL(in.Counters().TotalDrops(), 0u);
        BOOST_CHECK_EQUAL(out.LastSequence(), 41u);
    }
}

BOOST_AUTO_TEST_CASE(cbc_ivs_differ_and_gcm_ivs_count)
{
    EspOutboundSa cbc(Sa(EspCipher::AES_CBC_128, EspIntegrity::HMAC_SHA1_96), 0);
    Bytes a = cbc.Protect(Bytes(10, 1), 17, 0).packet;
    Bytes b = cbc.Protect(Bytes(10, 1), 17, 0).packet;
    BOOST_CHECK(Bytes(a.begin() + 8, a.begin() + 24) != Bytes(b.begin() + 8, b.begin() + 24));
    EspOutboundSa gcm(Sa(EspCipher::AES_GCM_128, EspIntegrity::NONE), 0);
    Bytes g1 = gcm.Protect(Bytes(10, 1), 17, 0).packet;
    Bytes g2 = gcm.Protect(Bytes(10, 1), 17, 0).packet;
    BOOST_CHECK_EQUAL(ToHex(Bytes(g1.begin() + 8, g1.begin() + 16)), "0000000000000001");
    BOOST_CHECK_EQUAL(ToHex(Bytes(g2.begin() + 8, g2.begin() + 16)), "0000000000000002");
}

BOOST_AUTO_TEST_CASE(flipped_icv_bit_is_refused_and_does_not_move_the_window)
{
    // RFC 4303 §3.4.4 (ICV first), §3.4.3 (the window is updated only after it verified).
    for (EspCipher c : {EspCipher::AES_CBC_128, EspCipher::AES_GCM_128})
    {
        EspIntegrity i =
            c == EspCipher::AES_GCM_128 ? EspIntegrity::NONE : EspIntegrity::HMAC_SHA1_96;
        EspSaConfig cfg = Sa(c, i);
        EspOutboundSa out(cfg, 0);
        EspInboundSa in(cfg, 0);
        Bytes good = out.Protect(Bytes(33, 7), 17, 0).packet;
        Bytes bad = good;
        bad.back() ^= 0x01;
        EspRxResult r = in.Unprotect(bad, 0);
        BOOST_CHECK(!r.ok);
        BOOST_CHECK(r.reason == EspReason::BAD_ICV);
        BOOST_CHECK(r.payload.empty());
        BOOST_CHECK_EQUAL(in.Counters().Drops(EspReason::BAD_ICV), 1u);
        BOOST_CHECK_EQUAL(in.WindowTop(), 0u); // not moved by a forged packet
        // A flipped ciphertext bit is an ICV failure too (never decrypted).
        Bytes badCt = good;
        badCt[20] ^= 0x80;
        BOOST_CHECK(in.Unprotect(badCt, 0).reason == EspReason::BAD_ICV);
        // The genuine packet with the same sequence number is still accepted.
        BOOST_CHECK(in.Unprotect(good, 0).ok);
        BOOST_CHECK_EQUAL(in.WindowTop(), 1u);
    }
}

BOOST_AUTO_TEST_CASE(replayed_and_left_of_window_are_refused)
{
    // RFC 4303 §3.4.3, window 64.
    EspSaConfig cfg = Sa(EspCipher::AES_CBC_128, EspIntegrity::HMAC_SHA256_128);
    EspOutboundSa out(cfg, 0);
    EspInboundSa in(cfg, 0);
    std::vector<Bytes> pkts(1); // pkts[s] carries sequence number s
    for (int s = 1; s <= 100; ++s)
    {
        pkts.push_back(out.Protect(Bytes(5, static_cast<uint8_t>(s)), 17, 0).packet);
    }
    BOOST_REQUIRE(in.Unprotect(pkts[1], 0).ok);
    EspRxResult again = in.Unprotect(pkts[1], 0);
    BOOST_CHECK(again.reason == EspReason::REPLAYED);
    BOOST_REQUIRE(in.Unprotect(pkts[100], 0).ok);
    BOOST_CHECK_EQUAL(in.WindowTop(), 100u);
    BOOST_CHECK(in.Unprotect(pkts[36], 0).reason == EspReason::LEFT_OF_WINDOW); // 100-36 = 64
    BOOST_CHECK(in.Unprotect(pkts[37], 0).ok); // left edge: 100-37 = 63, inside
    BOOST_CHECK(in.Unprotect(pkts[37], 0).reason == EspReason::REPLAYED);
    BOOST_CHECK(in.Unprotect(pkts[99], 0).ok); // out of order inside the window
    BOOST_CHECK_EQUAL(in.Counters().Drops(EspReason::REPLAYED), 2u);
    BOOST_CHECK_EQUAL(in.Counters().Drops(EspReason::LEFT_OF_WINDOW), 1u);
    BOOST_CHECK_EQUAL(in.Counters().packets, 4u);
}

BOOST_AUTO_TEST_CASE(sequence_number_zero_is_never_accepted)
{
    // §3.3.3: the counter starts at 0 and is incremented before the first packet, which carries 1.
    EspSaConfig cfg = Sa(EspCipher::AES_CBC_128, EspIntegrity::HMAC_SHA1_96);
    Bytes plain = Bytes(14, 3);
    plain.push_back(0);
    plain.push_back(17);
    Bytes zero = Forge(cfg, 0, plain);
    EspInboundSa in(cfg, 0);
    BOOST_CHECK(in.Unprotect(zero, 0).reason == EspReason::LEFT_OF_WINDOW);
    BOOST_CHECK(in.Unprotect(Forge(cfg, 1, plain), 0).ok); // the same bytes with seq 1 pass
}

BOOST_AUTO_TEST_CASE(anti_replay_matches_a_reference_model_for_large_windows)
{
    // A window of 1024 bits across 16 words, driven by a pseudo-random walk, against a set-based
    // model of §3.4.3: accept iff seq > top - W, seq != 0 and not seen.
    for (uint32_t window : {64u, 128u, 1024u})
    {
        EspSaConfig cfg = Sa(EspCipher::AES_GCM_128, EspIntegrity::NONE, 0x2000, window);
        EspOutboundSa out(cfg, 0);
        std::vector<Bytes> pkts(1);
        for (int s = 1; s <= 30000; ++s)
        {
            pkts.push_back(out.Protect(Bytes(1, 0), 17, 0).packet);
        }
        EspInboundSa in(cfg, 0);
        std::set<uint32_t> seen;
        uint32_t top = 0;
        DetRandom rng(window);
        uint32_t front = 0;
        int accepted = 0;
        for (int step = 0; step < 6000; ++step)
        {
            // A third of the steps advance the front (new packets); the others probe behind it, up
            // to 1.5 windows back: inside (new or replayed) or left of the window.
            uint32_t r = rng.NextU32();
            uint32_t seq = 0;
            if (r % 3 == 0)
            {
                front += 1 + (r >> 8) % 8;
                seq = front;
            }
            else
            {
                uint32_t back = (r >> 8) % (window + window / 2 + 1);
                seq = front > back ? front - back : 1;
            }
            bool expect = seq + window > top && seen.count(seq) == 0;
            EspRxResult rx = in.Unprotect(pkts[seq], 0);
            BOOST_REQUIRE_MESSAGE(rx.ok == expect,
                                  "window " << window << " seq " << seq << " top " << top);
            if (expect)
            {
                seen.insert(seq);
                top = std::max(top, seq);
                ++accepted;
            }
            else
            {
                BOOST_CHECK(rx.reason ==
                            (seq + window > top ? EspReason::REPLAYED : EspReason::LEFT_OF_WINDOW));
            }
        }
        BOOST_CHECK_GT(accepted, 400); // the walk exercises all three outcomes
        BOOST_CHECK_GT(in.Counters().Drops(EspReason::REPLAYED), 100u);
        BOOST_CHECK_GT(in.Counters().Drops(EspReason::LEFT_OF_WINDOW), 100u);
        BOOST_CHECK_EQUAL(in.WindowTop(), top);
    }
}

BOOST_AUTO_TEST_CASE(bad_padding_and_bad_pad_length_are_refused)
{
    // RFC 4303 §2.4: the default padding is 1, 2, 3, ...; the receiver checks it.
    EspSaConfig cfg = Sa(EspCipher::AES_CBC_128, EspIntegrity::HMAC_SHA1_96);
    EspInboundSa in(cfg, 0);
    Bytes good = Pattern(10, 1);
    for (uint8_t p = 1; p <= 4; ++p)
    {
        good.push_back(p);
    }
    good.push_back(4);  // Pad Length
    good.push_back(17); // Next Header
    BOOST_CHECK(in.Unprotect(Forge(cfg, 1, good), 0).ok);

    Bytes badPad = good;
    badPad[12] = 0x00; // 1, 2, 0, 4
    EspRxResult r = in.Unprotect(Forge(cfg, 2, badPad), 0);
    BOOST_CHECK(r.reason == EspReason::BAD_PADDING);
    BOOST_CHECK(r.payload.empty());

    Bytes badLen = good;
    badLen[14] = 200; // more padding than the 16 octets hold
    BOOST_CHECK(in.Unprotect(Forge(cfg, 3, badLen), 0).reason == EspReason::BAD_PAD_LENGTH);
    Bytes exact = good;
    exact[14] = 15; // 15 + 2 > 16
    BOOST_CHECK(in.Unprotect(Forge(cfg, 4, exact), 0).reason == EspReason::BAD_PAD_LENGTH);
    BOOST_CHECK_EQUAL(in.Counters().Drops(EspReason::BAD_PADDING), 1u);
    BOOST_CHECK_EQUAL(in.Counters().Drops(EspReason::BAD_PAD_LENGTH), 2u);
    BOOST_CHECK_EQUAL(in.Counters().packets, 1u);
}

BOOST_AUTO_TEST_CASE(truncated_and_misaligned_packets_are_refused)
{
    EspSaConfig cfg = Sa(EspCipher::AES_CBC_256, EspIntegrity::HMAC_SHA256_128);
    EspOutboundSa out(cfg, 0);
    EspInboundSa in(cfg, 0);
    Bytes pkt = out.Protect(Bytes(20, 9), 17, 0).packet;
    // Every prefix is refused without reading past its end (ASan/the fuzz target watch this).
    for (size_t n = 0; n < pkt.size(); ++n)
    {
        EspRxResult r = in.Unprotect(pkt.data(), n, 0);
        BOOST_CHECK(!r.ok);
        bool expected = r.reason == EspReason::TRUNCATED || r.reason == EspReason::BAD_LENGTH ||
                        r.reason == EspReason::BAD_ICV;
        BOOST_CHECK_MESSAGE(expected, "prefix " << n << ": " << GetEspReasonInfo(r.reason).name);
    }
    BOOST_CHECK(in.Unprotect(pkt.data(), 7, 0).reason == EspReason::TRUNCATED);
    BOOST_CHECK(in.Unprotect(pkt.data(), 8 + 16 + 16, 0).reason == EspReason::TRUNCATED);
    BOOST_CHECK(in.Unprotect(pkt.data(), pkt.size() - 1, 0).reason == EspReason::BAD_LENGTH);
    BOOST_CHECK_GE(in.Counters().Drops(EspReason::TRUNCATED), 2u);
    BOOST_CHECK(in.Unprotect(pkt, 0).ok); // the whole packet is fine
}

BOOST_AUTO_TEST_CASE(dummy_packets_are_discarded)
{
    // RFC 4303 §2.6: Next Header 59 marks a dummy packet; the receiver discards it.
    EspSaConfig cfg = Sa(EspCipher::AES_GCM_256, EspIntegrity::NONE);
    EspOutboundSa out(cfg, 0);
    EspInboundSa in(cfg, 0);
    EspRxResult r = in.Unprotect(out.Protect(Bytes(8, 0), kEspNextHeaderDummy, 0).packet, 0);
    BOOST_CHECK(!r.ok);
    BOOST_CHECK(r.reason == EspReason::DUMMY_PACKET);
    BOOST_CHECK_EQUAL(in.Counters().Drops(EspReason::DUMMY_PACKET), 1u);
}

BOOST_AUTO_TEST_CASE(sender_counter_never_cycles)
{
    // RFC 4303 §3.3.3: the sender's counter MUST NOT cycle; a new SA is needed before 2^32.
    EspOutboundSa out(Sa(EspCipher::AES_GCM_128, EspIntegrity::NONE), 0);
    out.SetLastSequence(0xFFFFFFFEu);
    EspTxResult last = out.Protect(Bytes(4, 0), 17, 0);
    BOOST_REQUIRE(last.ok);
    BOOST_CHECK_EQUAL(last.seq, 0xFFFFFFFFu);
    bool warned = false;
    for (EspSaEvent e : last.events)
    {
        warned = warned || e == EspSaEvent::SEQ_SOFT_LIMIT;
    }
    BOOST_CHECK(warned); // a rekey was asked for before the end
    EspTxResult none = out.Protect(Bytes(4, 0), 17, 0);
    BOOST_CHECK(!none.ok);
    BOOST_CHECK(none.reason == EspReason::SEQ_EXHAUSTED);
    BOOST_CHECK_EQUAL(out.Counters().Drops(EspReason::SEQ_EXHAUSTED), 1u);
    BOOST_CHECK_EQUAL(out.LastSequence(), 0xFFFFFFFFu);
}

BOOST_AUTO_TEST_CASE(byte_lifetimes_fire_soft_then_hard)
{
    EspSaConfig cfg = Sa(EspCipher::AES_CBC_128, EspIntegrity::HMAC_SHA1_96);
    cfg.lifetime.softBytes = 100;
    cfg.lifetime.hardBytes = 150;
    EspOutboundSa out(cfg, kT0);
    EspInboundSa in(cfg, kT0);
    std::vector<EspSaEvent> txEvents;
    std::vector<EspSaEvent> rxEvents;
    int sent = 0;
    for (int i = 0; i < 10; ++i)
    {
        EspTxResult tx = out.Protect(Bytes(40, 1), 17, kT0);
        if (!tx.ok)
        {
            BOOST_CHECK(tx.reason == EspReason::SA_EXPIRED);
            break;
        }
        ++sent;
        txEvents.insert(txEvents.end(), tx.events.begin(), tx.events.end());
        EspRxResult rx = in.Unprotect(tx.packet, kT0);
        BOOST_CHECK(rx.ok);
        rxEvents.insert(rxEvents.end(), rx.events.begin(), rx.events.end());
    }
    BOOST_CHECK_EQUAL(sent, 4); // 40, 80, 120 (soft), 160 (hard): then refused
    BOOST_REQUIRE_EQUAL(txEvents.size(), 2u);
    BOOST_CHECK(txEvents[0] == EspSaEvent::SOFT_LIFETIME_BYTES);
    BOOST_CHECK(txEvents[1] == EspSaEvent::HARD_LIFETIME_BYTES);
    BOOST_CHECK(rxEvents == txEvents);
    BOOST_CHECK(out.Lifetime().HardExpired());
    BOOST_CHECK_EQUAL(out.Counters().Drops(EspReason::SA_EXPIRED), 1u);
}

BOOST_AUTO_TEST_CASE(time_lifetimes_fire_on_poll_and_refuse_traffic)
{
    EspSaConfig cfg = Sa(EspCipher::AES_GCM_128, EspIntegrity::NONE);
    cfg.lifetime.softTime = 30 * kSec;
    cfg.lifetime.hardTime = 60 * kSec;
    EspOutboundSa out(cfg, kT0);
    EspInboundSa in(cfg, kT0);
    BOOST_CHECK_EQUAL(out.NextDeadline(), kT0 + 30 * kSec);
    BOOST_CHECK(out.Poll(kT0 + 29 * kSec).empty());
    std::vector<EspSaEvent> soft = out.Poll(kT0 + 30 * kSec);
    BOOST_REQUIRE_EQUAL(soft.size(), 1u);
    BOOST_CHECK(soft[0] == EspSaEvent::SOFT_LIFETIME_TIME);
    BOOST_CHECK(out.Poll(kT0 + 31 * kSec).empty()); // once
    BOOST_CHECK_EQUAL(out.NextDeadline(), kT0 + 60 * kSec);
    Bytes pkt = out.Protect(Bytes(4, 0), 17, kT0 + 40 * kSec).packet; // soft: still usable
    BOOST_CHECK(!pkt.empty());
    EspTxResult late = out.Protect(Bytes(4, 0), 17, kT0 + 60 * kSec);
    BOOST_CHECK(!late.ok);
    BOOST_CHECK(late.reason == EspReason::SA_EXPIRED);
    BOOST_CHECK_EQUAL(out.NextDeadline(), kNever);
    // The inbound SA refuses after its hard time too, reporting the event with the drop.
    EspRxResult rx = in.Unprotect(pkt, kT0 + 61 * kSec);
    BOOST_CHECK(rx.reason == EspReason::SA_EXPIRED);
    BOOST_CHECK_EQUAL(rx.events.size(), 2u); // soft and hard, both first seen now
}

BOOST_AUTO_TEST_CASE(configs_that_protect_nothing_or_mismatch_are_refused)
{
    EspSaConfig ok = Sa(EspCipher::AES_CBC_128, EspIntegrity::HMAC_SHA1_96);
    EspSaConfig c = ok;
    c.spi = 255; // RFC 4303 §2.1: 1-255 reserved
    BOOST_CHECK_NE(ValidateEspSaConfig(c), "");
    c = ok;
    c.encKey.pop_back();
    BOOST_CHECK_NE(ValidateEspSaConfig(c), "");
    c = ok;
    c.authKey.push_back(0);
    BOOST_CHECK_NE(ValidateEspSaConfig(c), "");
    c = Sa(EspCipher::AES_GCM_128, EspIntegrity::NONE);
    c.integrity = EspIntegrity::HMAC_SHA1_96;
    c.authKey = Bytes(20, 1);
    BOOST_CHECK_NE(ValidateEspSaConfig(c), ""); // GCM carries its own ICV
    c = ok;
    c.cipher = EspCipher::NULL_CIPHER;
    c.encKey.clear();
    c.integrity = EspIntegrity::NONE;
    c.authKey.clear();
    BOOST_CHECK_NE(ValidateEspSaConfig(c), ""); // neither confidentiality nor integrity
    c = ok;
    c.replayWindow = kEspMaxReplayWindow + 1;
    BOOST_CHECK_NE(ValidateEspSaConfig(c), "");
}

BOOST_AUTO_TEST_CASE(sad_finds_by_spi_and_destination_and_counts_unknown_spis)
{
    EspSad sad;
    std::string err;
    EspSaConfig a = Sa(EspCipher::AES_CBC_128, EspIntegrity::HMAC_SHA1_96, 0x1111);
    a.dst = "10.0.0.1";
    EspSaConfig b = Sa(EspCipher::AES_GCM_128, EspIntegrity::NONE, 0x1111);
    b.dst = "10.0.0.2"; // same SPI, other destination: a different SA
    EspSaConfig any = Sa(EspCipher::AES_GCM_256, EspIntegrity::NONE, 0x2222);
    any.dst = "";
    BOOST_REQUIRE(sad.AddInbound(a, 0, err));
    BOOST_REQUIRE(sad.AddInbound(b, 0, err));
    BOOST_REQUIRE(sad.AddInbound(any, 0, err));
    BOOST_CHECK(!sad.AddInbound(a, 0, err)); // duplicate key
    BOOST_CHECK_NE(err, "");
    EspSaConfig broken = a;
    broken.spi = 7;
    BOOST_CHECK(!sad.AddInbound(broken, 0, err));
    BOOST_CHECK(sad.FindInbound(0x1111, "10.0.0.1")->Config().cipher == EspCipher::AES_CBC_128);
    BOOST_CHECK(sad.FindInbound(0x1111, "10.0.0.2")->Config().cipher == EspCipher::AES_GCM_128);
    BOOST_CHECK(sad.FindInbound(0x1111, "10.0.0.3") == nullptr);
    BOOST_CHECK(sad.FindInbound(0x2222, "192.0.2.9") != nullptr); // wildcard destination

    BOOST_REQUIRE(sad.AddOutbound(b, 0, err));
    EspTxResult tx = sad.FindOutbound(0x1111)->Protect(Bytes(18, 5), 17, 0);
    BOOST_REQUIRE(tx.ok);
    BOOST_CHECK(sad.Input("10.0.0.2", tx.packet, 0).ok);
    BOOST_CHECK(sad.Input("10.0.0.1", tx.packet, 0).reason == EspReason::BAD_ICV); // wrong SA
    Bytes unknown = tx.packet;
    unknown[3] = 0x99;
    BOOST_CHECK(sad.Input("10.0.0.2", unknown, 0).reason == EspReason::UNKNOWN_SPI);
    BOOST_CHECK(sad.Input("10.0.0.2", Bytes(3, 0), 0).reason == EspReason::TRUNCATED);
    BOOST_CHECK_EQUAL(sad.Counters().Drops(EspReason::UNKNOWN_SPI), 1u);
    BOOST_CHECK_EQUAL(sad.Counters().Drops(EspReason::TRUNCATED), 1u);
    BOOST_CHECK_EQUAL(sad.AllConfigs().size(), 4u);
    BOOST_CHECK(sad.RemoveInbound(0x1111, "10.0.0.1"));
    BOOST_CHECK(!sad.RemoveInbound(0x1111, "10.0.0.1"));
}

BOOST_AUTO_TEST_CASE(sad_poll_reports_lifetimes_and_removes_dead_sas)
{
    EspSad sad;
    std::string err;
    EspSaConfig cfg = Sa(EspCipher::AES_GCM_128, EspIntegrity::NONE, 0x3333);
    cfg.lifetime.softTime = 10 * kSec;
    cfg.lifetime.hardTime = 20 * kSec;
    BOOST_REQUIRE(sad.AddInbound(cfg, 0, err));
    BOOST_REQUIRE(sad.AddOutbound(cfg, 0, err));
    auto soft = sad.Poll(10 * kSec);
    BOOST_CHECK_EQUAL(soft.size(), 2u);
    BOOST_CHECK_EQUAL(sad.Size(), 2u);
    auto hard = sad.Poll(20 * kSec);
    BOOST_REQUIRE_EQUAL(hard.size(), 2u);
    BOOST_CHECK(hard[0].second == EspSaEvent::HARD_LIFETIME_TIME);
    BOOST_CHECK_EQUAL(hard[0].first, 0x3333u);
    BOOST_CHECK_EQUAL(sad.Size(), 0u);
    BOOST_CHECK_EQUAL(std::string(EspSaEventName(EspSaEvent::HARD_LIFETIME_TIME)),
                      "hard_lifetime_time");
}

BOOST_AUTO_TEST_SUITE_END()
