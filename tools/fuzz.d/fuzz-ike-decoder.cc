// fuzz-target: ISAKMP decoding (RFC 2408 §3: header, payload chain, SA/Proposal/Transform, notify,
// delete, ID, NAT-OA) with round trips, and the IKEv1 engine fed the input in both roles
/**
 * \file
 * \brief libFuzzer target "ike-decoder". Octet 0 chooses the mode (its value modulo 4); the rest is
 * the input:
 *  - mode 0: the codec: DecodeIkeMessage, the chain with trailing octets allowed (what an
 *    encrypted message decrypts to), every payload body through its decoder; a decoded SA,
 *    notify, delete or ID must encode to octets that decode to the same encoding again;
 *  - mode 1: a responder engine (the RouterOS dynamic peer, 0.0.0.0/0) receives the input on
 *    port 500 and again on 4500, then its timers run out: no crash, no action it should not make;
 *  - mode 2: an initiator engine sends main mode message 1; the input, with the initiator cookie
 *    of that message written over its first 8 octets, is the answer (so inputs reach the
 *    initiator's state machine instead of INVALID-COOKIE);
 *  - mode 3: two engines negotiate in memory; octets 1-3 choose a datagram of the exchange, an
 *    offset and an XOR mask to corrupt it with (the rest is ignored): every corruption must end in
 *    a refusal or a retransmission, never in installed SAs whose keys differ.
 * Seeds: the .hex files in tools/fuzz.d/seeds/ike-decoder/ (strongSwan main mode and quick mode
 * datagrams of the IKE vectors) and the IKE datagrams of every reference capture under
 * pcaps/reference (tshark).
 */
#include "model/ipsec/ike-codec.h"
#include "model/ipsec/ike-engine.h"

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
        std::fprintf(stderr, "ike-decoder: %s\n", what);
        std::abort();
    }
}

struct NullSink : EventSink
{
    void
    Emit(const LabEvent&) override
    {
    }
};

void
BodyRoundTrips(const IkeRawPayload& p)
{
    IkeReason why = IkeReason::TRUNCATED;
    if (p.type == IkePayload::SA)
    {
        IkeSa sa;
        if (DecodeIkeSa(p.body, sa, why))
        {
            Bytes once = EncodeIkeSa(sa);
            IkeSa again;
            Check(DecodeIkeSa(once, again, why), "re-encoded SA refused");
            Check(EncodeIkeSa(again) == once, "SA round trip differs");
        }
    }
    else if (p.type == IkePayload::NOTIFY)
    {
        IkeNotify n;
        if (DecodeIkeNotify(p.body, n, why))
        {
            Check(EncodeIkeNotify(n) == p.body, "notify round trip differs");
        }
    }
    else if (p.type == IkePayload::DELETE)
    {
        IkeDelete d;
        if (DecodeIkeDelete(p.body, d, why))
        {
            Check(EncodeIkeDelete(d) == p.body, "delete round trip differs");
        }
    }
    else if (p.type == IkePayload::ID)
    {
        IkeId id;
        if (DecodeIkeId(p.body, id, why))
        {
            Check(EncodeIkeId(id) == p.body, "ID round trip differs");
        }
    }
    else if (p.type == IkePayload::NAT_OA || p.type == IkePayload::NAT_OA_DRAFT)
    {
        Bytes a;
        if (DecodeIkeNatOa(p.body, a, why))
        {
            Check(a.size() == 4, "NAT-OA address not 4 octets");
        }
    }
}

void
CodecMode(const Bytes& in)
{
    IkeMessage m;
    IkeReason why = IkeReason::TRUNCATED;
    if (DecodeIkeMessage(in, m, why))
    {
        Check(EncodeIkeMessage(m).size() == in.size(), "message size changed");
    }
    if (in.size() < kIsakmpHeaderLen)
    {
        return;
    }
    std::vector<IkeRawPayload> pl;
    if (DecodeIkePayloads(in.data() + kIsakmpHeaderLen, in.size() - kIsakmpHeaderLen, in[16], true,
                          pl, why))
    {
        for (const IkeRawPayload& p : pl)
        {
            BodyRoundTrips(p);
        }
    }
}

IkePeerConfig
Peer(bool server)
{
    IkePeerConfig c;
    c.name = server ? "server" : "client";
    c.address = server ? "0.0.0.0/0" : "198.51.100.2";
    c.passive = server;
    c.secret = "fuzz";
    return c;
}

void
Drain(IkeEngine& e)
{
    e.OnTimer(1000 * kSec);
    e.OnTimer(100000 * kSec);
    e.TakeActions();
}

void
ResponderMode(const Bytes& in)
{
    NullSink sink;
    Ikev1Engine e(sink, 7);
    e.AddPeer(Peer(true));
    e.Receive(IkeEndpoint{"198.51.100.2", 500}, IkeEndpoint{"192.0.2.1", 500}, in, 0);
    e.TakeActions();
    e.Receive(IkeEndpoint{"198.51.100.2", 4500}, IkeEndpoint{"192.0.2.1", 4500}, in, kSec);
    Drain(e);
}

void
InitiatorMode(Bytes in)
{
    NullSink sink;
    Ikev1Engine e(sink, 7);
    e.AddPeer(Peer(false));
    e.Acquire(IkeEndpoint{"192.0.2.1", 1701}, IkeEndpoint{"198.51.100.2", 1701}, IkeSelector{}, 0);
    auto acts = e.TakeActions();
    Check(acts.size() == 1 && acts[0].datagram.size() >= 8, "no main mode message 1");
    for (size_t i = 0; i < 8 && i < in.size(); ++i)
    {
        in[i] = acts[0].datagram[i];
    }
    e.Receive(IkeEndpoint{"192.0.2.1", 500}, IkeEndpoint{"198.51.100.2", 500}, in, kSec);
    e.TakeActions();
    Drain(e);
}

void
CorruptMode(const Bytes& in)
{
    if (in.size() < 3)
    {
        return;
    }
    NullSink cs;
    NullSink ss;
    Ikev1Engine c(cs, 1);
    Ikev1Engine s(ss, 2);
    c.AddPeer(Peer(false));
    s.AddPeer(Peer(true));
    c.Acquire(IkeEndpoint{"192.0.2.1", 1701}, IkeEndpoint{"198.51.100.2", 1701}, IkeSelector{}, 0);
    size_t n = 0;
    std::vector<IkeAction> cIn;
    std::vector<IkeAction> sIn;
    for (int round = 0; round < 50; ++round)
    {
        auto ca = c.TakeActions();
        auto sa = s.TakeActions();
        if (ca.empty() && sa.empty())
        {
            break;
        }
        for (auto* list : {&ca, &sa})
        {
            bool fromClient = list == &ca;
            for (IkeAction& a : *list)
            {
                if (a.kind == IkeAction::Kind::INSTALL_SA)
                {
                    (fromClient ? cIn : sIn).push_back(a);
                    continue;
                }
                if (a.kind != IkeAction::Kind::SEND)
                {
                    continue;
                }
                if (n++ == in[0] % 12 && !a.datagram.empty())
                {
                    a.datagram[(size_t{in[1]} * 7) % a.datagram.size()] ^= (in[2] | 1);
                }
                (fromClient ? s : c).Receive(a.remote, a.local, a.datagram, 0);
            }
        }
    }
    // Whatever was installed on both sides must agree (same SPI, same keys).
    for (const IkeAction& x : cIn)
    {
        for (const IkeAction& y : sIn)
        {
            if (x.sa.esp.spi == y.sa.esp.spi)
            {
                Check(x.sa.esp.encKey == y.sa.esp.encKey && x.sa.esp.authKey == y.sa.esp.authKey,
                      "installed SAs with different keys");
            }
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
    Bytes in(data + 1, data + size);
    switch (data[0] % 4)
    {
    case 0:
        CodecMode(in);
        break;
    case 1:
        ResponderMode(in);
        break;
    case 2:
        InitiatorMode(in);
        break;
    default:
        CorruptMode(in);
        break;
    }
    return 0;
}
