// IKEv1 key derivation against strongSwan (there is no RFC test vector for IKEv1): the datagrams
// and the keys two charons logged (tests/unit/ipsec/data/README.md says how) are read back with
// our codec, and our RFC 2409 formulas must give strongSwan's values: SKEYID, SKEYID_d/a/e (§5,
// §5.4), the encryption key (App. B, expanded for AES-256 with SHA-1), the first IV and the CBC
// chain across messages (App. B), HASH_I/HASH_R (§5), the phase 2 IVs, HASH(1)/HASH(2) and KEYMAT
// (§5.5, with and without PFS), and the NAT-D hash (RFC 3947 §3.2).

#include "model/ipsec/ike-codec.h"
#include "model/ipsec/ike-crypto.h"
#include "model/ipsec/ike-engine.h"

#include <boost/test/unit_test.hpp>

#include <fstream>
#include <map>
#include <string>

using namespace ns3;

namespace
{

std::map<std::string, Bytes>
LoadVector(const std::string& name)
{
    std::ifstream in("tests/unit/ipsec/data/" + name);
    BOOST_REQUIRE_MESSAGE(in.good(), "missing vector " + name);
    std::map<std::string, Bytes> v;
    std::string line;
    while (std::getline(in, line))
    {
        size_t eq = line.find(" = ");
        if (line.empty() || line[0] == '#' || eq == std::string::npos)
        {
            continue;
        }
        Bytes b;
        BOOST_REQUIRE(FromHex(line.substr(eq + 3), b));
        v[line.substr(0, eq)] = b;
    }
    return v;
}

Bytes
U32(uint32_t x)
{
    return {static_cast<uint8_t>(x >> 24), static_cast<uint8_t>(x >> 16),
            static_cast<uint8_t>(x >> 8), static_cast<uint8_t>(x)};
}

const IkeRawPayload&
Need(const std::vector<IkeRawPayload>& pl, uint8_t type, size_t nth = 0)
{
    for (const IkeRawPayload& p : pl)
    {
        if (p.type == type && nth-- == 0)
        {
            return p;
        }
    }
    BOOST_FAIL("payload " + IkePayloadName(type) + " missing");
    static IkeRawPayload none;
    return none;
}

/** Decrypt one message; the chain continues from its last ciphertext block. */
std::vector<IkeRawPayload>
Open(const IkeCipherInfo& c, const Bytes& key, Bytes& iv, const Bytes& msg, Bytes& plain)
{
    IsakmpHeader h;
    IkeReason why = IkeReason::TRUNCATED;
    BOOST_REQUIRE(DecodeIsakmpHeader(msg, h, why));
    BOOST_REQUIRE(h.flags & kIsakmpFlagEncryption);
    BOOST_REQUIRE(IkeCbc(c, false, key, iv, msg.data() + kIsakmpHeaderLen,
                         msg.size() - kIsakmpHeaderLen, plain));
    iv.assign(msg.end() - c.blockSize, msg.end());
    std::vector<IkeRawPayload> pl;
    BOOST_REQUIRE(DecodeIkePayloads(plain.data(), plain.size(), h.nextPayload, true, pl, why));
    return pl;
}

/** Octets after the first payload (HASH) up to the end of the chain (padding excluded). */
Bytes
AfterHash(const Bytes& plain, const std::vector<IkeRawPayload>& pl)
{
    size_t end = 0;
    for (const IkeRawPayload& p : pl)
    {
        end += kIkeGenericHeaderLen + p.body.size();
    }
    return Bytes(plain.begin() + kIkeGenericHeaderLen + pl[0].body.size(), plain.begin() + end);
}

void
CheckVector(const std::string& file)
{
    auto v = LoadVector(file);
    IkeMessage m1;
    IkeMessage m2;
    IkeMessage m3;
    IkeMessage m4;
    IkeReason why = IkeReason::TRUNCATED;
    BOOST_REQUIRE(DecodeIkeMessage(v["mm1"], m1, why));
    BOOST_REQUIRE(DecodeIkeMessage(v["mm2"], m2, why));
    BOOST_REQUIRE(DecodeIkeMessage(v["mm3"], m3, why));
    BOOST_REQUIRE(DecodeIkeMessage(v["mm4"], m4, why));
    // The chosen transform (MM2) names the algorithms.
    IkeSa chosen;
    BOOST_REQUIRE(DecodeIkeSa(Need(m2.payloads, IkePayload::SA).body, chosen, why));
    BOOST_REQUIRE_EQUAL(chosen.proposals.size(), 1u);
    const IkeTransform& t = chosen.proposals[0].transforms.at(0);
    uint32_t enc = 0;
    uint32_t keyBits = 0;
    uint32_t hashId = 0;
    BOOST_REQUIRE(t.Get(1, enc) && t.Get(2, hashId));
    t.Get(14, keyBits);
    const IkeCipherInfo* c = FindIkeCipherByAttr(enc, keyBits);
    const IkeHashInfo* h = FindIkeHashById(hashId);
    BOOST_REQUIRE(c && h);

    IkePhase1Inputs in;
    in.hash = h->id;
    in.keyLen = c->keyLen;
    in.blockSize = c->blockSize;
    in.psk = v["psk"];
    in.ni = Need(m3.payloads, IkePayload::NONCE).body;
    in.nr = Need(m4.payloads, IkePayload::NONCE).body;
    in.gxi = Need(m3.payloads, IkePayload::KE).body;
    in.gxr = Need(m4.payloads, IkePayload::KE).body;
    in.gxy = v["dh_shared"];
    in.ckyI.assign(m1.hdr.icookie.begin(), m1.hdr.icookie.end());
    in.ckyR.assign(m2.hdr.rcookie.begin(), m2.hdr.rcookie.end());
    IkePhase1Keys k = DeriveIkePhase1Keys(in);
    BOOST_CHECK_EQUAL(ToHex(k.skeyid), ToHex(v["skeyid"]));
    BOOST_CHECK_EQUAL(ToHex(k.skeyidD), ToHex(v["skeyid_d"]));
    BOOST_CHECK_EQUAL(ToHex(k.skeyidA), ToHex(v["skeyid_a"]));
    BOOST_CHECK_EQUAL(ToHex(k.skeyidE), ToHex(v["skeyid_e"]));
    BOOST_CHECK_EQUAL(ToHex(k.encKey), ToHex(v["ka"]));
    BOOST_CHECK_EQUAL(ToHex(k.iv), ToHex(v["initial_iv"]));

    // RFC 3947 §3.2: the initiator's first NAT-D is the responder (192.0.2.2:500).
    Bytes natd = IkeNatDHash(h->id, m1.hdr.icookie, m2.hdr.rcookie, IkeEndpoint{"192.0.2.2", 500});
    BOOST_CHECK_EQUAL(ToHex(natd), ToHex(v["natd_hash"]));
    BOOST_CHECK_EQUAL(ToHex(Need(m3.payloads, IkePayload::NAT_D).body), ToHex(natd));

    // MM5 / MM6: CBC chained from the initial IV; HASH_I and HASH_R verify.
    const Bytes saiB = Need(m1.payloads, IkePayload::SA).body;
    Bytes iv = k.iv;
    Bytes plain;
    auto p5 = Open(*c, k.encKey, iv, v["mm5"], plain);
    const Bytes& id5 = Need(p5, IkePayload::ID).body;
    IkeId idi;
    BOOST_REQUIRE(DecodeIkeId(id5, idi, why));
    BOOST_CHECK_EQUAL(IkeFormatIpv4(idi.data), "192.0.2.1");
    Bytes hashI = IkePrf(h->id, k.skeyid, {in.gxi, in.gxr, in.ckyI, in.ckyR, saiB, id5});
    BOOST_CHECK_EQUAL(ToHex(Need(p5, IkePayload::HASH).body), ToHex(hashI));
    auto p6 = Open(*c, k.encKey, iv, v["mm6"], plain);
    const Bytes& id6 = Need(p6, IkePayload::ID).body;
    Bytes hashR = IkePrf(h->id, k.skeyid, {in.gxr, in.gxi, in.ckyR, in.ckyI, saiB, id6});
    BOOST_CHECK_EQUAL(ToHex(Need(p6, IkePayload::HASH).body), ToHex(hashR));

    // Quick mode: IV = hash(last phase 1 block | M-ID); HASH(1), HASH(2).
    IsakmpHeader qh;
    BOOST_REQUIRE(DecodeIsakmpHeader(v["qm1"], qh, why));
    Bytes qiv = IkePhase2Iv(h->id, iv, qh.messageId, c->blockSize);
    Bytes q1plain;
    auto q1 = Open(*c, k.encKey, qiv, v["qm1"], q1plain);
    BOOST_REQUIRE(!q1.empty() && q1[0].type == IkePayload::HASH);
    Bytes h1 = IkePrf(h->id, k.skeyidA, {U32(qh.messageId), AfterHash(q1plain, q1)});
    BOOST_CHECK_EQUAL(ToHex(q1[0].body), ToHex(h1));
    Bytes q2plain;
    auto q2 = Open(*c, k.encKey, qiv, v["qm2"], q2plain);
    const Bytes& ni = Need(q1, IkePayload::NONCE).body;
    const Bytes& nr = Need(q2, IkePayload::NONCE).body;
    Bytes h2 = IkePrf(h->id, k.skeyidA, {U32(qh.messageId), ni, AfterHash(q2plain, q2)});
    BOOST_CHECK_EQUAL(ToHex(q2[0].body), ToHex(h2));

    // KEYMAT: the initiator->responder SA uses the responder's SPI (from QM2's SA).
    IkeSa sa2;
    BOOST_REQUIRE(DecodeIkeSa(Need(q2, IkePayload::SA).body, sa2, why));
    const Bytes& spiR = sa2.proposals.at(0).spi;
    BOOST_REQUIRE_EQUAL(spiR.size(), 4u);
    uint32_t spi =
        (uint32_t{spiR[0]} << 24) | (uint32_t{spiR[1]} << 16) | (uint32_t{spiR[2]} << 8) | spiR[3];
    const Bytes& seed = v["child_seed_i"];
    size_t tail = 1 + 4 + ni.size() + nr.size();
    BOOST_REQUIRE_GE(seed.size(), tail);
    Bytes gqmxy(seed.begin(), seed.end() - tail); // PFS: g(qm)^xy leads the seed
    Bytes expectTail{IkeProtocol::IPSEC_ESP};
    expectTail.insert(expectTail.end(), spiR.begin(), spiR.end());
    expectTail.insert(expectTail.end(), ni.begin(), ni.end());
    expectTail.insert(expectTail.end(), nr.begin(), nr.end());
    BOOST_CHECK_EQUAL(ToHex(Bytes(seed.end() - tail, seed.end())), ToHex(expectTail));
    Bytes encI = v["child_enc_i"];
    Bytes intI = v["child_int_i"];
    Bytes km = IkeQuickModeKeymat(h->id, k.skeyidD, gqmxy, IkeProtocol::IPSEC_ESP, spi, ni, nr,
                                  encI.size() + intI.size());
    Bytes want = encI;
    want.insert(want.end(), intI.begin(), intI.end());
    BOOST_CHECK_EQUAL(ToHex(km), ToHex(want));
}

} // namespace

BOOST_AUTO_TEST_SUITE(ike_vector)

// 3DES-CBC, SHA-1, modp1024 (RouterOS's dynamic peer defaults); ESP AES-128 + HMAC-SHA1, no PFS.
BOOST_AUTO_TEST_CASE(strongswan_3des_sha1_modp1024)
{
    CheckVector("ike-strongswan-3des-sha1.txt");
}

// AES-256 with SHA-1: SKEYID_e (20 octets) is expanded to 32 (RFC 2409 App. B); modp2048; quick
// mode with PFS (modp2048, g(qm)^xy in KEYMAT) and HMAC-SHA2-256.
BOOST_AUTO_TEST_CASE(strongswan_aes256_sha1_modp2048_pfs)
{
    CheckVector("ike-strongswan-aes256-sha1-modp2048.txt");
}

BOOST_AUTO_TEST_SUITE_END()
