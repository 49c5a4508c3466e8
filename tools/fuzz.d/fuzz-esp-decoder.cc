// fuzz-target: UDP 4500 classification (RFC 3948), ESP decoding (RFC 4303: ICV, anti-replay,
// padding) for every transform, the ESP round trip, and the Wireshark esp_sa reader
/**
 * \file
 * \brief libFuzzer target "esp-decoder". Octet 0 chooses the mode and the transform; the rest is
 * the input:
 *  - mode 0: a UDP payload received on port 4500: ClassifyNattPayload, then (ESP) an inbound SA of
 *    the chosen transform whose SPI is the packet's own, so every input reaches the length,
 *    replay and ICV checks; each input is offered twice (the second meets the window the first
 *    left);
 *  - mode 1: the input is a decrypted payload-with-trailer: it is encrypted and given a valid ICV
 *    (what only a key holder can do), so arbitrary Pad Length / padding / Next Header octets
 *    reach the trailer checks after the ICV;
 *  - mode 2: round trip: Protect(input) then Unprotect must give the input back;
 *  - mode 3: the input as esp_sa text: ParseWiresharkEspSa, then Format/Parse again must give
 *    the same rows.
 * Seeds: tools/fuzz.d/seeds/esp-decoder/ (hex) (strongSwan datagrams, an AES-GCM ESP packet of
 * draft-mcgrew-gcm-test-01, a keepalive, a marked IKE header).
 */
#include "model/ipsec/esp-key-export.h"
#include "model/ipsec/esp.h"
#include "model/ipsec/udp-encap.h"

#include <cstdio>
#include <cstdlib>
#include <string>

namespace
{

using namespace ns3;

void
Check(bool ok, const char* what)
{
    if (!ok)
    {
        std::fprintf(stderr, "esp-decoder: %s\n", what);
        std::abort();
    }
}

struct Transform
{
    EspCipher c;
    EspIntegrity i;
};

const Transform kTransforms[] = {
    {EspCipher::AES_CBC_128, EspIntegrity::HMAC_SHA1_96},
    {EspCipher::AES_CBC_256, EspIntegrity::HMAC_SHA256_128},
    {EspCipher::DES3_CBC, EspIntegrity::HMAC_SHA1_96},
    {EspCipher::AES_GCM_128, EspIntegrity::NONE},
    {EspCipher::AES_GCM_256, EspIntegrity::NONE},
    {EspCipher::NULL_CIPHER, EspIntegrity::HMAC_SHA256_128},
    {EspCipher::AES_CBC_128, EspIntegrity::NONE}, // encryption only: no ICV, no anti-replay
};

EspSaConfig
Config(uint8_t selector, uint32_t spi)
{
    const Transform& t = kTransforms[selector % (sizeof(kTransforms) / sizeof(kTransforms[0]))];
    EspSaConfig cfg;
    cfg.spi = spi < 256 ? 0x1000 : spi;
    cfg.cipher = t.c;
    cfg.integrity = t.i;
    cfg.encKey.assign(EspCipherKeyMaterial(t.c), 0x3c);
    cfg.authKey.assign(GetEspIntegrityInfo(t.i).keyLen, 0x5a);
    cfg.replayWindow = 64 * (1 + selector % 3);
    cfg.dst = "203.0.113.2";
    return cfg;
}

void
CheckResult(const EspRxResult& r, size_t inputSize)
{
    Check(!r.ok || r.payload.size() < inputSize, "payload longer than the packet");
    Check(r.ok || r.payload.empty(), "a refused packet returned a payload");
}

void
DecodeMode(uint8_t selector, const uint8_t* data, size_t size)
{
    NattClass c = ClassifyNattPayload(data, size);
    Check(c.offset + c.length <= size, "classification outside the datagram");
    if (c.kind != NattKind::ESP)
    {
        return;
    }
    ByteReader r(data, size);
    uint32_t spi = 0;
    Check(r.ReadU32(spi), "ESP without an SPI");
    EspSad sad;
    std::string err;
    Check(sad.AddInbound(Config(selector, spi), 0, err), "SA refused");
    for (int pass = 0; pass < 2; ++pass)
    {
        EspRxResult res = sad.Input("203.0.113.2", data + c.offset, c.length, pass * kSec);
        CheckResult(res, c.length);
    }
}

void
ForgedMode(uint8_t selector, const uint8_t* data, size_t size)
{
    EspSaConfig cfg = Config(selector, 0x2000);
    if (GetEspCipherInfo(cfg.cipher).aeadIcvLen != 0 || cfg.cipher == EspCipher::NULL_CIPHER)
    {
        cfg.cipher = EspCipher::AES_CBC_128;
        cfg.integrity = EspIntegrity::HMAC_SHA1_96;
        cfg.encKey.assign(16, 0x3c);
        cfg.authKey.assign(20, 0x5a);
    }
    const EspCipherInfo& ci = GetEspCipherInfo(cfg.cipher);
    size_t n = size / ci.blockSize * ci.blockSize;
    if (n == 0)
    {
        return;
    }
    Bytes iv(ci.ivLen, 0x77);
    Bytes ct;
    Check(EspCbcCrypt(cfg.cipher, true, cfg.encKey, iv.data(), data, n, ct), "CBC refused");
    ByteWriter w;
    w.WriteU32(cfg.spi);
    w.WriteU32(1);
    w.WriteBytes(iv);
    w.WriteBytes(ct);
    w.WriteBytes(EspIcv(cfg.integrity, cfg.authKey, w.Data().data(), w.Size()));
    EspInboundSa in(cfg, 0);
    EspRxResult res = in.Unprotect(w.Data(), 0);
    CheckResult(res, w.Size());
    Check(res.reason != EspReason::BAD_ICV, "a valid ICV was refused");
    if (res.ok)
    {
        Check(res.payload == Bytes(data, data + res.payload.size()), "payload is not the prefix");
    }
}

void
RoundTripMode(uint8_t selector, const uint8_t* data, size_t size)
{
    EspSaConfig cfg = Config(selector, 0x3000);
    EspOutboundSa out(cfg, 0);
    EspInboundSa in(cfg, 0);
    Bytes payload(data, data + size);
    uint8_t nh = size > 0 ? (data[0] == kEspNextHeaderDummy ? 17 : data[0]) : 17;
    EspTxResult tx = out.Protect(payload, nh, 0);
    Check(tx.ok, "Protect refused a payload");
    Check(tx.packet.size() == payload.size() + out.Overhead(payload.size()), "size != overhead");
    EspRxResult rx = in.Unprotect(tx.packet, 0);
    Check(rx.ok, "our own packet was refused");
    Check(rx.payload == payload && rx.nextHeader == nh, "round trip changed the payload");
    Check(in.Unprotect(tx.packet, 0).reason == EspReason::REPLAYED || !in.ReplayCheckEnabled(),
          "a replay was accepted");
}

void
KeyFileMode(const uint8_t* data, size_t size)
{
    std::vector<std::string> errors;
    std::vector<EspSaKeyRow> rows =
        ParseWiresharkEspSa(std::string(reinterpret_cast<const char*>(data), size), errors);
    std::vector<std::string> errors2;
    std::vector<EspSaKeyRow> again = ParseWiresharkEspSa(FormatWiresharkEspSa(rows), errors2);
    Check(again.size() == rows.size(), "esp_sa rows lost in a write/read cycle");
    for (size_t i = 0; i < rows.size(); ++i)
    {
        Check(again[i].spi == rows[i].spi && again[i].encKey == rows[i].encKey &&
                  again[i].cipher == rows[i].cipher && again[i].integrity == rows[i].integrity,
              "esp_sa row changed in a write/read cycle");
    }
}

} // namespace

extern "C" int
LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    if (size == 0)
    {
        return 0;
    }
    uint8_t sel = data[0];
    switch (sel >> 6)
    {
    case 0:
        DecodeMode(sel, data + 1, size - 1);
        break;
    case 1:
        ForgedMode(sel, data + 1, size - 1);
        break;
    case 2:
        RoundTripMode(sel, data + 1, size - 1);
        break;
    default:
        KeyFileMode(data + 1, size - 1);
        break;
    }
    return 0;
}
