#include "model/ppp/ppp-mppe.h"

#include "model/ppp/ppp-mschap.h"

namespace ns3
{

namespace
{

void
Bump(std::map<std::string, uint64_t>& counters, const std::string& name)
{
    ++counters[name];
}

} // namespace

const char*
ToString(MppeStrength s)
{
    switch (s)
    {
    case MppeStrength::BITS_40:
        return "40";
    case MppeStrength::BITS_56:
        return "56";
    case MppeStrength::BITS_128:
        return "128";
    }
    return "?";
}

size_t
MppeKeyLength(MppeStrength s)
{
    return s == MppeStrength::BITS_128 ? 16 : 8;
}

uint32_t
MppeStrengthBit(MppeStrength s)
{
    switch (s)
    {
    case MppeStrength::BITS_40:
        return kMppeBitL;
    case MppeStrength::BITS_56:
        return kMppeBitM;
    case MppeStrength::BITS_128:
        return kMppeBitS;
    }
    return 0;
}

bool
MppeStrongest(uint32_t bits, MppeStrength& out)
{
    if (bits & kMppeBitS)
    {
        out = MppeStrength::BITS_128;
    }
    else if (bits & kMppeBitM)
    {
        out = MppeStrength::BITS_56;
    }
    else if (bits & kMppeBitL)
    {
        out = MppeStrength::BITS_40;
    }
    else
    {
        return false;
    }
    return true;
}

std::string
MppeEncodingName(MppeStrength s, bool stateless)
{
    return std::string("MPPE") + ToString(s) + (stateless ? " stateless" : " stateful");
}

std::string
MppeBitsText(uint32_t bits)
{
    struct Name
    {
        uint32_t bit;
        const char* name;
    };
    static const Name kNames[] = {{kMppeBitH, "H"}, {kMppeBitM, "M"}, {kMppeBitS, "S"},
                                  {kMppeBitL, "L"}, {kMppeBitD, "D"}, {kMppeBitC, "C"}};
    std::string out;
    uint32_t rest = bits;
    for (const Name& n : kNames)
    {
        if (bits & n.bit)
        {
            out += (out.empty() ? "" : " ") + std::string(n.name);
            rest &= ~n.bit;
        }
    }
    if (rest != 0)
    {
        out += (out.empty() ? "" : " ") + std::string("other");
    }
    return out.empty() ? "none" : out;
}

// ---- RFC 3079

Bytes
MppeReduceSessionKey(const Bytes& key, MppeStrength s)
{
    Bytes k = key;
    if (k.size() < 3)
    {
        return k;
    }
    if (s == MppeStrength::BITS_40)
    {
        k[0] = 0xd1;
        k[1] = 0x26;
        k[2] = 0x9e;
    }
    else if (s == MppeStrength::BITS_56)
    {
        k[0] = 0xd1;
    }
    return k;
}

MppeStartKeys
MppeStartKeysFromMsChapV2(const Bytes& material, MppeStrength s, bool isServer)
{
    if (material.size() != 40)
    {
        return {};
    }
    Bytes master = MppeMasterKey(Bytes(material.begin(), material.begin() + 16),
                                 Bytes(material.begin() + 16, material.end()));
    const size_t len = MppeKeyLength(s);
    return MppeStartKeys{MppeAsymmetricStartKey(master, len, true, isServer),
                         MppeAsymmetricStartKey(master, len, false, isServer)};
}

MppeStartKeys
MppeStartKeysFromMsChapV1(const Bytes& material, MppeStrength s)
{
    if (material.size() != 24 || s != MppeStrength::BITS_128)
    {
        return {};
    }
    const ByteSpan hashHash(material.data(), 16);
    const ByteSpan challenge(material.data() + 16, 8);
    Sha1Digest d = Sha1({hashHash, hashHash, challenge});
    Bytes key(d.begin(), d.begin() + 16);
    return MppeStartKeys{key, key};
}

Bytes
MppeInitialSessionKey(const Bytes& startKey, MppeStrength s)
{
    return MppeReduceSessionKey(MppeNewKeyFromSha(startKey, startKey, MppeKeyLength(s)), s);
}

Bytes
MppeChangeKey(const Bytes& startKey, const Bytes& sessionKey, MppeStrength s)
{
    Bytes interim = MppeNewKeyFromSha(startKey, sessionKey, MppeKeyLength(s));
    if (interim.empty())
    {
        return {};
    }
    Rc4 rc4;
    rc4.SetKey(interim);
    return MppeReduceSessionKey(rc4.Apply(interim), s);
}

// ---- RFC 3078 §3

bool
DecodeMppeHeader(const Bytes& info, MppeHeader& out)
{
    out = MppeHeader{};
    if (info.size() < 2)
    {
        return false;
    }
    out.flushed = (info[0] & kMppeFlagA) != 0;
    out.front = (info[0] & kMppeFlagB) != 0;
    out.compressed = (info[0] & kMppeFlagC) != 0;
    out.encrypted = (info[0] & kMppeFlagD) != 0;
    out.count = static_cast<uint16_t>((info[0] & 0x0f) << 8 | info[1]);
    return true;
}

const char*
ToString(MppeDrop d)
{
    switch (d)
    {
    case MppeDrop::NONE:
        return "none";
    case MppeDrop::SHORT:
        return "short";
    case MppeDrop::NOT_ENCRYPTED:
        return "not-encrypted";
    case MppeDrop::COMPRESSED:
        return "compressed";
    case MppeDrop::NOT_FLUSHED:
        return "not-flushed";
    case MppeDrop::LATE:
        return "late";
    case MppeDrop::COHERENCY_GAP:
        return "coherency-gap";
    case MppeDrop::AWAITING_FLUSH:
        return "awaiting-flush";
    case MppeDrop::BAD_INNER_PROTOCOL:
        return "bad-inner-protocol";
    case MppeDrop::NO_KEY:
        return "no-key";
    }
    return "?";
}

Mppe::Mppe(const MppeConfig& cfg)
    : m_cfg(cfg)
{
    for (Direction* d : {&m_tx, &m_rx})
    {
        d->startKey = d == &m_tx ? cfg.sendStartKey : cfg.recvStartKey;
        d->sessionKey = MppeInitialSessionKey(d->startKey, cfg.strength);
        if (!d->sessionKey.empty())
        {
            d->rc4.SetKey(d->sessionKey);
        }
    }
}

std::string
Mppe::EncodingName() const
{
    return MppeEncodingName(m_cfg.strength, m_cfg.stateless);
}

void
Mppe::ChangeKey(Direction& d, const char* counter)
{
    Bytes next = MppeChangeKey(d.startKey, d.sessionKey, m_cfg.strength);
    if (next.empty())
    {
        return;
    }
    d.sessionKey = next;
    d.rc4.SetKey(d.sessionKey);
    Bump(m_counters, counter);
}

bool
Mppe::StepsToKeyChange(uint16_t count) const
{
    // RFC 3078 §7.1: stateless, before every packet; §7.2: stateful, before the packet whose
    // coherency count ends in 0xFF.
    return m_cfg.stateless || (count & 0xff) == 0xff;
}

void
Mppe::StepTo(Direction& d, uint16_t count)
{
    while (d.count != count)
    {
        d.count = static_cast<uint16_t>((d.count + 1) % kMppeCountSpace);
        if (StepsToKeyChange(d.count))
        {
            ChangeKey(d, "mppe/rekey/rx");
        }
    }
}

Bytes
Mppe::Encrypt(uint16_t protocol, const Bytes& payload)
{
    m_tx.count = static_cast<uint16_t>((m_tx.count + 1) % kMppeCountSpace);
    bool flushed = m_flushNext;
    if (StepsToKeyChange(m_tx.count))
    {
        ChangeKey(m_tx, "mppe/rekey/tx");
        flushed = true;
    }
    else if (flushed)
    {
        m_tx.rc4.SetKey(m_tx.sessionKey); // §8: re-initialise RC4 with the current key
    }
    m_flushNext = false;
    Bytes out;
    out.reserve(payload.size() + 4);
    out.push_back(
        static_cast<uint8_t>((flushed ? kMppeFlagA : 0) | kMppeFlagD | ((m_tx.count >> 8) & 0x0f)));
    out.push_back(static_cast<uint8_t>(m_tx.count & 0xff));
    Bytes clear;
    clear.reserve(payload.size() + 2);
    clear.push_back(static_cast<uint8_t>(protocol >> 8));
    clear.push_back(static_cast<uint8_t>(protocol & 0xff));
    clear.insert(clear.end(), payload.begin(), payload.end());
    m_tx.rc4.Apply(clear.data(), clear.size());
    out.insert(out.end(), clear.begin(), clear.end());
    Bump(m_counters, "mppe/tx");
    if (flushed)
    {
        Bump(m_counters, "mppe/tx-flushed");
    }
    return out;
}

MppeDrop
Mppe::Count(MppeDrop d)
{
    Bump(m_counters, std::string("mppe/drop/") + ToString(d));
    return d;
}

MppeDrop
Mppe::Decrypt(const Bytes& info, uint16_t& protocol, Bytes& payload)
{
    MppeHeader h;
    if (!DecodeMppeHeader(info, h))
    {
        return Count(MppeDrop::SHORT);
    }
    if (!h.encrypted)
    {
        return Count(MppeDrop::NOT_ENCRYPTED);
    }
    if (h.compressed || h.front)
    {
        return Count(MppeDrop::COMPRESSED);
    }
    if (!m_rx.rc4.Ready())
    {
        return Count(MppeDrop::NO_KEY);
    }
    const auto delta =
        static_cast<uint16_t>((h.count + kMppeCountSpace - m_rx.count) % kMppeCountSpace);
    if (m_cfg.stateless)
    {
        if (!h.flushed)
        {
            return Count(MppeDrop::NOT_FLUSHED);
        }
        if (delta == 0 || delta > kMppeCountSpace / 2)
        {
            return Count(MppeDrop::LATE);
        }
        StepTo(m_rx, h.count);
    }
    else
    {
        MppeDrop d = DecryptStateful(h, delta);
        if (d != MppeDrop::NONE)
        {
            return Count(d);
        }
    }
    MppeDrop d = Open(info, protocol, payload);
    if (d != MppeDrop::NONE)
    {
        return Count(d);
    }
    Bump(m_counters, "mppe/rx");
    return MppeDrop::NONE;
}

MppeDrop
Mppe::DecryptStateful(const MppeHeader& h, uint16_t delta)
{
    if (m_discarding && !h.flushed)
    {
        return MppeDrop::AWAITING_FLUSH;
    }
    // A flushed packet resynchronises whatever was lost before it.
    if (!h.flushed && delta != 1)
    {
        // RFC 3078 §8: a lost packet desynchronises RC4; discard until the sender flushes.
        m_discarding = true;
        m_resetDue = true;
        return MppeDrop::COHERENCY_GAP;
    }
    StepTo(m_rx, h.count);
    if (h.flushed)
    {
        m_rx.rc4.SetKey(m_rx.sessionKey);
        m_discarding = false;
    }
    return MppeDrop::NONE;
}

MppeDrop
Mppe::Open(const Bytes& info, uint16_t& protocol, Bytes& payload)
{
    Bytes clear(info.begin() + 2, info.end());
    m_rx.rc4.Apply(clear.data(), clear.size());
    // The protocol field may come compressed to one octet (odd) as in RFC 1661 §2.
    size_t skip = 0;
    if (!clear.empty() && (clear[0] & 1) != 0)
    {
        protocol = clear[0];
        skip = 1;
    }
    else if (clear.size() >= 2 && (clear[1] & 1) != 0)
    {
        protocol = static_cast<uint16_t>(clear[0] << 8 | clear[1]);
        skip = 2;
    }
    else
    {
        return MppeDrop::BAD_INNER_PROTOCOL;
    }
    payload.assign(clear.begin() + static_cast<std::ptrdiff_t>(skip), clear.end());
    return MppeDrop::NONE;
}

void
Mppe::ResetRequested()
{
    Bump(m_counters, "mppe/reset-requested");
    m_flushNext = true;
}

bool
Mppe::TakeResetRequest()
{
    const bool due = m_resetDue;
    m_resetDue = false;
    return due;
}

} // namespace ns3
