// fuzz-target: PPP authentication (PAP/CHAP/MS-CHAP codecs, authenticator and peer of each method)
/**
 * \file
 * \brief libFuzzer target "ppp-auth": arbitrary PAP (RFC 1334) and CHAP (RFC 1994, RFC 2433,
 * RFC 2759) packets fed to a PppAuthenticator and a PppAuthPeer of one method, interleaved with
 * the real exchange between the two (each delivery optionally corrupted) and timer firings.
 *
 * Input: octet 0 picks the method (low 2 bits: pap, chap, mschap1, mschap2) and maxTries (next 2
 * bits, 1..4); then operations, each an opcode octet:
 *   op & 3 == 0: a packet for the authenticator, 1: for the peer (next octet = length, then the
 *                packet; bit 2 of op picks protocol c023 instead of c223)
 *   op & 3 == 2: deliver what both ends sent to each other; bit 2: XOR the next octet into the
 *                octet at the position given by the one after it (corruption on the wire)
 *   op & 3 == 3: advance time to the next deadline and fire both timers
 * Besides "no crash, no sanitizer report" it asserts: the codecs' round trip (a packet that
 * decodes re-encodes to one that decodes to the same fields), a finished object has no deadline,
 * Succeeded() implies Failure() == NONE, and AuthDone is called at most once per object.
 */
#include "model/ppp/ppp-auth.h"
#include "model/ppp/ppp-chap.h"
#include "model/ppp/ppp-pap.h"

#include <cstdio>
#include <cstdlib>
#include <utility>
#include <vector>

namespace
{

using ns3::Bytes;

struct Sink : public ns3::PppAuthOwner
{
    std::vector<std::pair<uint16_t, Bytes>> out;
    int done{0};

    void
    AuthSend(uint16_t protocol, const Bytes& info, ns3::TimeNs) override
    {
        out.emplace_back(protocol, info);
    }
    void
    AuthDone(bool, ns3::PppAuthFailure, const std::string&, ns3::TimeNs) override
    {
        ++done;
    }
};

void
Check(bool ok, const char* what)
{
    if (!ok)
    {
        std::fprintf(stderr, "ppp-auth invariant violated: %s\n", what);
        std::abort();
    }
}

void
RoundTrip(const Bytes& info)
{
    std::string why;
    ns3::PppChapPacket c;
    if (ns3::DecodePppChapPacket(info, c, why))
    {
        ns3::PppChapPacket again;
        Check(ns3::DecodePppChapPacket(ns3::EncodePppChapPacket(c), again, why), "chap re-decode");
        Check(again.code == c.code && again.id == c.id && again.value == c.value &&
                  again.name == c.name && again.message == c.message,
              "chap round trip");
    }
    ns3::PppPapPacket p;
    if (ns3::DecodePppPapPacket(info, p, why))
    {
        ns3::PppPapPacket again;
        Check(ns3::DecodePppPapPacket(ns3::EncodePppPapPacket(p), again, why), "pap re-decode");
        Check(again.code == p.code && again.id == p.id && again.peerId == p.peerId &&
                  again.password == p.password && again.message == p.message,
              "pap round trip");
    }
}

ns3::PppSecretAnswer
Lookup(const std::string& user)
{
    ns3::PppSecretAnswer a;
    if (user == "alice")
    {
        a.password = "Secret-1";
    }
    else
    {
        a.refusal = user == "bob" ? ns3::PppAuthFailure::SECRET_DISABLED
                                  : ns3::PppAuthFailure::UNKNOWN_USER;
    }
    return a;
}

template <typename T>
void
CheckState(const T& x, const Sink& s)
{
    Check(!x.Done() || x.NextDeadline() == ns3::kNever, "finished object keeps a deadline");
    Check(!x.Succeeded() || x.Failure() == ns3::PppAuthFailure::NONE, "success with a failure");
    Check(s.done <= 1, "AuthDone called twice");
    Check(x.Done() == (s.done == 1), "Done() disagrees with AuthDone");
}

/** Hand over what `from` sent to `deliver`, optionally corrupting one octet of the first one. */
template <typename T>
void
Deliver(Sink& from, T& to, ns3::TimeNs now, int flipAt, uint8_t flip)
{
    auto frames = std::move(from.out);
    from.out.clear();
    for (auto& f : frames)
    {
        if (flipAt >= 0 && !f.second.empty())
        {
            f.second[static_cast<size_t>(flipAt) % f.second.size()] ^= flip;
            flipAt = -1;
        }
        to.Input(f.first, f.second, now);
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
    static const ns3::PppAuthMethod kMethods[] = {
        ns3::PppAuthMethod::PAP, ns3::PppAuthMethod::CHAP_MD5, ns3::PppAuthMethod::MSCHAP_V1,
        ns3::PppAuthMethod::MSCHAP_V2};
    ns3::PppAuthMethod method = kMethods[data[0] & 3];
    ns3::PppAuthTimers timers{3 * ns3::kSec, 1u + ((data[0] >> 2) & 3)};
    Sink as;
    Sink ps;
    ns3::PppAuthenticator auth(method, "MikroTik", Lookup, 1, timers, as);
    ns3::PppAuthPeer peer(method, "alice", "Secret-1", 2, timers, ps);
    ns3::TimeNs now = 0;
    auth.Start(now);
    peer.Start(now);
    size_t i = 1;
    while (i < size)
    {
        uint8_t op = data[i++];
        uint16_t protocol = (op & 4) ? 0xc023 : 0xc223;
        switch (op & 3)
        {
        case 0:
        case 1:
        {
            size_t n = i < size ? data[i++] : 0;
            n = std::min(n, size - i);
            Bytes packet(data + i, data + i + n);
            i += n;
            RoundTrip(packet);
            if ((op & 3) == 0)
            {
                auth.Input(protocol, packet, now);
            }
            else
            {
                peer.Input(protocol, packet, now);
            }
            break;
        }
        case 2:
        {
            int flipAt = -1;
            uint8_t flip = 0;
            if ((op & 4) && i + 1 < size)
            {
                flip = data[i++];
                flipAt = data[i++];
            }
            Deliver(as, peer, now, flipAt, flip);
            Deliver(ps, auth, now, flipAt, flip);
            break;
        }
        default:
        {
            ns3::TimeNs next = std::min(auth.NextDeadline(), peer.NextDeadline());
            if (next != ns3::kNever)
            {
                now = std::max(now, next);
            }
            auth.OnTimer(now);
            peer.OnTimer(now);
            break;
        }
        }
        CheckState(auth, as);
        CheckState(peer, ps);
    }
    return 0;
}
