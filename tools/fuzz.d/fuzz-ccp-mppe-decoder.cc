// fuzz-target: CCP packets (RFC 1962, MPPE option RFC 3078 §2.1, Reset-Request/Ack) and MPPE
// packets (RFC 3078 §3: header, coherency count, decryption)
/**
 * \file
 * \brief libFuzzer target "ccp-mppe-decoder". Octet 0 picks the mode (bits 6-7), the key strength
 * (bits 0-1: 40, 56, 128) and the mode of operation (bit 2: stateless); the rest is the input.
 * - mode 0: a CCP Information field into fresh PppCcp instances (one allowing every strength and
 *   required, one with MPPE refused) in Req-Sent, twice each, then a Reset-Request attempt;
 * - mode 1: the input as the Information field of a 0x00FD frame into an Mppe receiver (keys of
 *   RFC 3079's MS-CHAPv2 example), twice, then a genuine packet of the mirrored sender, which must
 *   decrypt exactly when the input was refused on its header alone;
 * - mode 2: the input split in chunks, each encrypted by the sender and decrypted by the receiver:
 *   every one must come back as it went (protocol and payload).
 * Seeds: the .hex files in tools/fuzz.d/seeds/ccp-mppe-decoder/.
 */
#include "tools/fuzz.d/fuzz-null-cp-owner.h"
#include "model/ppp/ppp-ccp.h"
#include "model/ppp/ppp-mppe.h"
#include "model/ppp/ppp-mschap.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>

namespace
{

using NullOwner = ns3::FuzzNullCpOwner; // drops everything

[[noreturn]] void
Fail(const char* what)
{
    std::fprintf(stderr, "ccp-mppe: %s\n", what);
    std::abort();
}

/** Key material of RFC 3079 §3.5 (User / clientPass), computed once. */
const ns3::Bytes&
Material()
{
    static const ns3::Bytes m = []
    {
        ns3::Bytes auth, peer;
        ns3::FromHex("5B5D7C7D7B3F2F3E3C2C602132262628", auth);
        ns3::FromHex("21402324255E262A28295F2B3A337C7E", peer);
        const ns3::Bytes nt = ns3::MsChapV2NtResponse(auth, peer, "User", "clientPass");
        return ns3::MsChapKeyMaterial(ns3::HashNtPasswordHash(ns3::NtPasswordHash("clientPass")),
                                      nt);
    }();
    return m;
}

ns3::MppeConfig
Cfg(ns3::MppeStrength s, bool stateless, bool server)
{
    ns3::MppeStartKeys k = ns3::MppeStartKeysFromMsChapV2(Material(), s, server);
    return ns3::MppeConfig{s, stateless, k.send, k.recv};
}

void
RunCcp(const ns3::Bytes& info)
{
    NullOwner owner;
    ns3::PppCcpConfig wide;
    wide.strengths = ns3::kMppeStrengthBits;
    wide.required = true;
    ns3::PppCcpConfig refuse;
    refuse.mppe = false;
    for (const ns3::PppCcpConfig& cfg : {wide, refuse})
    {
        ns3::PppCcp ccp(cfg, owner);
        ccp.Open(0);
        ccp.Up(0);
        ccp.Input(info, 0);
        ccp.Input(info, 1);
        ccp.SendResetRequest(2);
        ns3::MppeStrength s{};
        bool stateless = false;
        (void)ccp.MppeAgreed(s, stateless);
    }
}

void
RunDecrypt(const ns3::Bytes& info, ns3::MppeStrength s, bool stateless)
{
    ns3::Mppe sender(Cfg(s, stateless, false));
    ns3::Mppe receiver(Cfg(s, stateless, true));
    uint16_t proto = 0;
    ns3::Bytes out;
    ns3::MppeHeader h;
    (void)ns3::DecodeMppeHeader(info, h);
    const ns3::MppeDrop first = receiver.Decrypt(info, proto, out);
    const ns3::MppeDrop second = receiver.Decrypt(info, proto, out);
    (void)receiver.TakeResetRequest();
    // Refused on the header alone: the receiver's key schedule has not moved, so the sender's
    // first packet must decrypt exactly.
    auto headerOnly = [](ns3::MppeDrop d)
    {
        return d == ns3::MppeDrop::SHORT || d == ns3::MppeDrop::NOT_ENCRYPTED ||
               d == ns3::MppeDrop::COMPRESSED;
    };
    const ns3::Bytes payload = {0x45, 0x00, 0x00, 0x14};
    const ns3::Bytes genuine = sender.Encrypt(0x0021, payload);
    const ns3::MppeDrop d = receiver.Decrypt(genuine, proto, out);
    if (headerOnly(first) && headerOnly(second) &&
        (d != ns3::MppeDrop::NONE || proto != 0x0021 || out != payload))
    {
        Fail("a genuine packet did not decrypt after header-level refusals");
    }
}

void
RunRoundTrip(const ns3::Bytes& data, ns3::MppeStrength s, bool stateless)
{
    ns3::Mppe sender(Cfg(s, stateless, false));
    ns3::Mppe receiver(Cfg(s, stateless, true));
    size_t pos = 0;
    while (pos < data.size())
    {
        const size_t n = std::min<size_t>(1 + data[pos] % 64, data.size() - pos);
        const ns3::Bytes chunk(data.begin() + static_cast<std::ptrdiff_t>(pos),
                               data.begin() + static_cast<std::ptrdiff_t>(pos + n));
        pos += n;
        uint16_t proto = 0;
        ns3::Bytes out;
        if (receiver.Decrypt(sender.Encrypt(0x0057, chunk), proto, out) != ns3::MppeDrop::NONE ||
            proto != 0x0057 || out != chunk)
        {
            Fail("encrypt then decrypt did not return the input");
        }
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
    const uint8_t sel = data[0];
    const ns3::Bytes input(data + 1, data + size);
    const auto strength = static_cast<ns3::MppeStrength>((sel & 0x03) % 3);
    const bool stateless = (sel & 0x04) != 0;
    switch (sel >> 6)
    {
    case 0:
        RunCcp(input);
        break;
    case 1:
        RunDecrypt(input, strength, stateless);
        break;
    default:
        RunRoundTrip(input, strength, stateless);
        break;
    }
    return 0;
}
