#include "model/ipsec/esp.h"

#include <algorithm>
#include <cstdio>

namespace ns3
{

namespace
{

const EspReasonInfo kReasons[] = {
    {EspReason::TRUNCATED, "truncated", "RFC 4303 §2",
     "shorter than SPI, Sequence Number, IV, one cipher block and the ICV"},
    {EspReason::UNKNOWN_SPI, "unknown_spi", "RFC 4303 §3.4.2",
     "no SA for this SPI and destination: discarded and counted"},
    {EspReason::SA_EXPIRED, "sa_expired", "RFC 4301 §4.4.2.1",
     "the SA reached its hard lifetime and must not be used"},
    {EspReason::BAD_LENGTH, "bad_length", "RFC 4303 §2.4",
     "the encrypted part is not a multiple of the cipher's block size (4 at least)"},
    {EspReason::LEFT_OF_WINDOW, "left_of_window", "RFC 4303 §3.4.3",
     "sequence number to the left of the anti-replay window (or 0, never sent)"},
    {EspReason::REPLAYED, "replayed", "RFC 4303 §3.4.3",
     "sequence number already received within the window"},
    {EspReason::BAD_ICV, "bad_icv", "RFC 4303 §3.4.4", "integrity check value does not verify"},
    {EspReason::BAD_PAD_LENGTH, "bad_pad_length", "RFC 4303 §2.4",
     "Pad Length exceeds the decrypted payload"},
    {EspReason::BAD_PADDING, "bad_padding", "RFC 4303 §2.4",
     "padding octets are not the monotonically increasing 1, 2, 3, ..."},
    {EspReason::DUMMY_PACKET, "dummy_packet", "RFC 4303 §2.6",
     "Next Header 59 marks a dummy packet: discarded"},
    {EspReason::SEQ_EXHAUSTED, "seq_exhausted", "RFC 4303 §3.3.3",
     "the sender's counter would cycle past 2^32-1: a new SA is needed"},
    {EspReason::CRYPTO_FAILED, "crypto_failed", "RFC 4303 §3.3.2",
     "the cryptographic library refused the operation"},
};
static_assert(sizeof(kReasons) / sizeof(kReasons[0]) == static_cast<size_t>(EspReason::COUNT_),
              "one row per EspReason");

/// Outbound counter value after which SEQ_SOFT_LIMIT asks for a rekey (2^32 - 2^16).
constexpr uint32_t kSeqSoftLimit = 0xFFFF0000u;

size_t
Alignment(const EspCipherInfo& c)
{
    return std::max<size_t>(c.blockSize, 4);
}

size_t
IcvLen(const EspSaConfig& cfg)
{
    const EspCipherInfo& c = GetEspCipherInfo(cfg.cipher);
    return c.aeadIcvLen != 0 ? c.aeadIcvLen : GetEspIntegrityInfo(cfg.integrity).icvLen;
}

bool
IsAead(EspCipher c)
{
    return GetEspCipherInfo(c).aeadIcvLen != 0;
}

/** \brief 12-octet GCM nonce: salt (last 4 key-material octets) || explicit IV (RFC 4106 §4). */
void
GcmNonce(const EspSaConfig& cfg, const uint8_t* iv, uint8_t nonce[12])
{
    const EspCipherInfo& c = GetEspCipherInfo(cfg.cipher);
    std::copy(cfg.encKey.begin() + c.keyLen, cfg.encKey.begin() + c.keyLen + 4, nonce);
    std::copy(iv, iv + 8, nonce + 4);
}

Bytes
CipherKey(const EspSaConfig& cfg)
{
    const EspCipherInfo& c = GetEspCipherInfo(cfg.cipher);
    return Bytes(cfg.encKey.begin(), cfg.encKey.begin() + c.keyLen);
}

/** \brief Move every bit of the window up by `shift` positions (bit i becomes bit i+shift). */
void
ShiftWindow(std::vector<uint64_t>& b, uint32_t shift)
{
    size_t words = shift / 64;
    unsigned bits = shift % 64;
    for (size_t i = b.size(); i-- > 0;)
    {
        uint64_t v = 0;
        if (i >= words)
        {
            v = b[i - words] << bits;
            if (bits != 0 && i >= words + 1)
            {
                v |= b[i - words - 1] >> (64 - bits);
            }
        }
        b[i] = v;
    }
}

} // namespace

const EspReasonInfo*
EspReasonTable(size_t& count)
{
    count = sizeof(kReasons) / sizeof(kReasons[0]);
    return kReasons;
}

const EspReasonInfo&
GetEspReasonInfo(EspReason r)
{
    return kReasons[static_cast<size_t>(r)];
}

const char*
EspSaEventName(EspSaEvent e)
{
    switch (e)
    {
    case EspSaEvent::SOFT_LIFETIME_BYTES:
        return "soft_lifetime_bytes";
    case EspSaEvent::SOFT_LIFETIME_TIME:
        return "soft_lifetime_time";
    case EspSaEvent::HARD_LIFETIME_BYTES:
        return "hard_lifetime_bytes";
    case EspSaEvent::HARD_LIFETIME_TIME:
        return "hard_lifetime_time";
    case EspSaEvent::SEQ_SOFT_LIMIT:
        return "seq_soft_limit";
    }
    return "?";
}

uint64_t
EspCounters::TotalDrops() const
{
    uint64_t n = 0;
    for (uint64_t d : drops)
    {
        n += d;
    }
    return n;
}

std::string
SpiHex(uint32_t spi)
{
    char b[16];
    std::snprintf(b, sizeof(b), "%08x", spi);
    return b;
}

std::string
ValidateEspSaConfig(const EspSaConfig& c)
{
    const EspCipherInfo& ci = GetEspCipherInfo(c.cipher);
    const EspIntegrityInfo& ii = GetEspIntegrityInfo(c.integrity);
    if (c.spi < 256)
    {
        return "SPI " + std::to_string(c.spi) + " is reserved (RFC 4303 §2.1: 0 and 1-255)";
    }
    if (c.encKey.size() != EspCipherKeyMaterial(c.cipher))
    {
        return std::string(ci.name) + " needs " + std::to_string(EspCipherKeyMaterial(c.cipher)) +
               " octets of key material, got " + std::to_string(c.encKey.size());
    }
    if (IsAead(c.cipher) && c.integrity != EspIntegrity::NONE)
    {
        return std::string(ci.name) + " carries its own ICV: integrity must be NONE (RFC 4106)";
    }
    if (c.cipher == EspCipher::NULL_CIPHER && c.integrity == EspIntegrity::NONE)
    {
        return "NULL encryption with no integrity protects nothing (RFC 4303 §3.2)";
    }
    if (c.authKey.size() != ii.keyLen)
    {
        return std::string(ii.name) + " needs a " + std::to_string(ii.keyLen) + "-octet key, got " +
               std::to_string(c.authKey.size());
    }
    if (c.replayWindow > kEspMaxReplayWindow)
    {
        return "replay window " + std::to_string(c.replayWindow) + " exceeds " +
               std::to_string(kEspMaxReplayWindow);
    }
    return "";
}

// ---- lifetimes

EspLifetimeClock::EspLifetimeClock(const EspLifetime& l, TimeNs installed)
    : m_limits(l)
    , m_installed(installed)
{
}

void
EspLifetimeClock::Account(uint64_t octets, TimeNs now, std::vector<EspSaEvent>& events)
{
    m_octets += octets;
    if (!m_soft && m_limits.softBytes != 0 && m_octets >= m_limits.softBytes)
    {
        m_soft = true;
        events.push_back(EspSaEvent::SOFT_LIFETIME_BYTES);
    }
    if (!m_hard && m_limits.hardBytes != 0 && m_octets >= m_limits.hardBytes)
    {
        m_hard = true;
        events.push_back(EspSaEvent::HARD_LIFETIME_BYTES);
    }
    Poll(now, events);
}

void
EspLifetimeClock::Poll(TimeNs now, std::vector<EspSaEvent>& events)
{
    TimeNs age = now - m_installed;
    if (!m_soft && m_limits.softTime != 0 && age >= m_limits.softTime)
    {
        m_soft = true;
        events.push_back(EspSaEvent::SOFT_LIFETIME_TIME);
    }
    if (!m_hard && m_limits.hardTime != 0 && age >= m_limits.hardTime)
    {
        m_hard = true;
        events.push_back(EspSaEvent::HARD_LIFETIME_TIME);
    }
}

TimeNs
EspLifetimeClock::NextDeadline() const
{
    TimeNs next = kNever;
    if (!m_soft && m_limits.softTime != 0)
    {
        next = std::min(next, m_installed + m_limits.softTime);
    }
    if (!m_hard && m_limits.hardTime != 0)
    {
        next = std::min(next, m_installed + m_limits.hardTime);
    }
    return next;
}

// ---- outbound

EspOutboundSa::EspOutboundSa(const EspSaConfig& cfg, TimeNs now)
    : m_cfg(cfg)
    , m_ivRng(cfg.ivSeed != 0 ? cfg.ivSeed : (0x5e5a0000ULL << 32) | cfg.spi)
    , m_clock(cfg.lifetime, now)
{
}

EspTxResult
EspOutboundSa::Fail(EspReason r)
{
    m_counters.Count(r);
    EspTxResult res;
    res.ok = false;
    res.reason = r;
    return res;
}

size_t
EspOutboundSa::Overhead(size_t payloadLen) const
{
    const EspCipherInfo& c = GetEspCipherInfo(m_cfg.cipher);
    size_t align = Alignment(c);
    size_t padded = (payloadLen + 2 + align - 1) / align * align;
    return kEspHeaderLen + c.ivLen + (padded - payloadLen) + IcvLen(m_cfg);
}

EspTxResult
EspOutboundSa::Protect(const Bytes& payload, uint8_t nextHeader, TimeNs now)
{
    const EspCipherInfo& c = GetEspCipherInfo(m_cfg.cipher);
    Bytes iv;
    if (IsAead(m_cfg.cipher))
    {
        // RFC 4106 §3.1: the IV must never repeat under one key; the 64-bit packet counter does
        // that (the sequence number never cycles, §3.3.3).
        ByteWriter w;
        w.WriteU64(static_cast<uint64_t>(m_seq) + 1);
        iv = w.Take();
    }
    else if (c.ivLen != 0)
    {
        // RFC 3602 §2.1 / RFC 2451 §3: a fresh, unpredictable IV per packet. Seeded so a run is
        // reproducible: fine for a simulator, not for secrets on a real network.
        iv = m_ivRng.NextBytes(c.ivLen);
    }
    return ProtectWithIv(payload, nextHeader, now, iv);
}

EspTxResult
EspOutboundSa::ProtectWithIv(const Bytes& payload, uint8_t nextHeader, TimeNs now, const Bytes& iv)
{
    const EspCipherInfo& c = GetEspCipherInfo(m_cfg.cipher);
    std::vector<EspSaEvent> early;
    m_clock.Poll(now, early);
    if (m_clock.HardExpired())
    {
        EspTxResult r = Fail(EspReason::SA_EXPIRED);
        r.events = early;
        return r;
    }
    if (m_seq == 0xFFFFFFFFu)
    {
        return Fail(EspReason::SEQ_EXHAUSTED); // RFC 4303 §3.3.3: never cycle
    }
    if (iv.size() != c.ivLen)
    {
        return Fail(EspReason::CRYPTO_FAILED);
    }
    uint32_t seq = m_seq + 1;
    // RFC 4303 §2.4: Payload || Padding (1, 2, 3, ...) || Pad Length || Next Header, aligned.
    size_t align = Alignment(c);
    size_t padLen = (align - (payload.size() + 2) % align) % align;
    Bytes plain(payload);
    for (size_t i = 1; i <= padLen; ++i)
    {
        plain.push_back(static_cast<uint8_t>(i));
    }
    plain.push_back(static_cast<uint8_t>(padLen));
    plain.push_back(nextHeader);

    ByteWriter w;
    w.WriteU32(m_cfg.spi);
    w.WriteU32(seq);
    Bytes header = w.Data();
    w.WriteBytes(iv);
    Bytes sealed;
    bool ok = true;
    if (IsAead(m_cfg.cipher))
    {
        uint8_t nonce[12];
        GcmNonce(m_cfg, iv.data(), nonce);
        // RFC 4106 §5: AAD = SPI || Sequence Number (32-bit).
        ok = EspGcmSeal(m_cfg.cipher, CipherKey(m_cfg), nonce, header.data(), header.size(),
                        plain.data(), plain.size(), c.aeadIcvLen, sealed);
    }
    else if (m_cfg.cipher == EspCipher::NULL_CIPHER)
    {
        sealed = plain;
    }
    else
    {
        ok = EspCbcCrypt(m_cfg.cipher, true, CipherKey(m_cfg), iv.data(), plain.data(),
                         plain.size(), sealed);
    }
    if (!ok)
    {
        return Fail(EspReason::CRYPTO_FAILED);
    }
    w.WriteBytes(sealed);
    if (m_cfg.integrity != EspIntegrity::NONE)
    {
        // RFC 4303 §3.3.4: the ICV covers SPI, Sequence Number, IV and the ciphertext.
        Bytes icv = EspIcv(m_cfg.integrity, m_cfg.authKey, w.Data().data(), w.Size());
        if (icv.empty())
        {
            return Fail(EspReason::CRYPTO_FAILED);
        }
        w.WriteBytes(icv);
    }
    m_seq = seq;
    EspTxResult r;
    r.ok = true;
    r.seq = seq;
    r.packet = w.Take();
    r.events = early;
    ++m_counters.packets;
    m_counters.octets += payload.size();
    m_clock.Account(payload.size(), now, r.events);
    if (!m_seqWarned && seq >= kSeqSoftLimit)
    {
        m_seqWarned = true;
        r.events.push_back(EspSaEvent::SEQ_SOFT_LIMIT);
    }
    return r;
}

std::vector<EspSaEvent>
EspOutboundSa::Poll(TimeNs now)
{
    std::vector<EspSaEvent> ev;
    m_clock.Poll(now, ev);
    return ev;
}

// ---- inbound

EspInboundSa::EspInboundSa(const EspSaConfig& cfg, TimeNs now)
    : m_cfg(cfg)
    , m_clock(cfg.lifetime, now)
{
    // RFC 4303 §3.4.3: anti-replay relies on integrity; an encryption-only SA has none.
    bool integrity = IsAead(cfg.cipher) || cfg.integrity != EspIntegrity::NONE;
    if (integrity && cfg.replayWindow != 0)
    {
        m_window = (std::min(cfg.replayWindow, kEspMaxReplayWindow) + 63) / 64 * 64;
        m_bitmap.assign(m_window / 64, 0);
    }
}

EspRxResult
EspInboundSa::Drop(EspRxResult& r, EspReason why)
{
    m_counters.Count(why);
    r.ok = false;
    r.reason = why;
    r.payload.clear();
    return r;
}

EspReason
EspInboundSa::ReplayPrecheck(uint32_t seq) const
{
    if (seq == 0)
    {
        return EspReason::LEFT_OF_WINDOW; // §3.3.3: the first packet sent carries 1
    }
    if (seq > m_top)
    {
        return EspReason::COUNT_; // new right edge
    }
    uint32_t diff = m_top - seq;
    if (diff >= m_window)
    {
        return EspReason::LEFT_OF_WINDOW;
    }
    if ((m_bitmap[diff / 64] >> (diff % 64)) & 1u)
    {
        return EspReason::REPLAYED;
    }
    return EspReason::COUNT_;
}

void
EspInboundSa::ReplayUpdate(uint32_t seq)
{
    if (seq > m_top)
    {
        uint32_t shift = seq - m_top;
        if (shift >= m_window)
        {
            std::fill(m_bitmap.begin(), m_bitmap.end(), 0);
        }
        else
        {
            ShiftWindow(m_bitmap, shift);
        }
        m_top = seq;
        m_bitmap[0] |= 1u;
        return;
    }
    uint32_t diff = m_top - seq;
    m_bitmap[diff / 64] |= uint64_t(1) << (diff % 64);
}

bool
EspInboundSa::Decrypt(const uint8_t* data, size_t size, Bytes& plain, EspReason& why) const
{
    const EspCipherInfo& c = GetEspCipherInfo(m_cfg.cipher);
    size_t icvLen = IcvLen(m_cfg);
    const uint8_t* iv = data + kEspHeaderLen;
    const uint8_t* ct = iv + c.ivLen;
    size_t ctLen = size - kEspHeaderLen - c.ivLen - icvLen;
    if (IsAead(m_cfg.cipher))
    {
        uint8_t nonce[12];
        GcmNonce(m_cfg, iv, nonce);
        if (!EspGcmOpen(m_cfg.cipher, CipherKey(m_cfg), nonce, data, kEspHeaderLen, ct,
                        ctLen + icvLen, icvLen, plain))
        {
            why = EspReason::BAD_ICV;
            return false;
        }
        return true;
    }
    if (m_cfg.integrity != EspIntegrity::NONE)
    {
        // RFC 4303 §3.4.4: verify the ICV before decrypting.
        Bytes icv = EspIcv(m_cfg.integrity, m_cfg.authKey, data, size - icvLen);
        if (icv.size() != icvLen || !EspIcvEqual(icv.data(), data + size - icvLen, icvLen))
        {
            why = EspReason::BAD_ICV;
            return false;
        }
    }
    if (m_cfg.cipher == EspCipher::NULL_CIPHER)
    {
        plain.assign(ct, ct + ctLen);
        return true;
    }
    Bytes key = CipherKey(m_cfg);
    if (!EspCbcCrypt(m_cfg.cipher, false, key, iv, ct, ctLen, plain))
    {
        why = EspReason::CRYPTO_FAILED;
        return false;
    }
    return true;
}

EspRxResult
EspInboundSa::Unprotect(const uint8_t* data, size_t size, TimeNs now)
{
    EspRxResult r;
    ByteReader rd(data, size);
    if (!rd.ReadU32(r.spi) || !rd.ReadU32(r.seq))
    {
        return Drop(r, EspReason::TRUNCATED);
    }
    if (r.spi != m_cfg.spi)
    {
        return Drop(r, EspReason::UNKNOWN_SPI);
    }
    const EspCipherInfo& c = GetEspCipherInfo(m_cfg.cipher);
    size_t align = Alignment(c);
    size_t fixed = kEspHeaderLen + c.ivLen + IcvLen(m_cfg);
    if (size < fixed + align)
    {
        return Drop(r, EspReason::TRUNCATED);
    }
    m_clock.Poll(now, r.events);
    if (m_clock.HardExpired())
    {
        return Drop(r, EspReason::SA_EXPIRED);
    }
    if ((size - fixed) % align != 0)
    {
        return Drop(r, EspReason::BAD_LENGTH);
    }
    if (m_window != 0)
    {
        EspReason pre = ReplayPrecheck(r.seq);
        if (pre != EspReason::COUNT_)
        {
            return Drop(r, pre);
        }
    }
    Bytes plain;
    EspReason why = EspReason::CRYPTO_FAILED;
    if (!Decrypt(data, size, plain, why))
    {
        return Drop(r, why);
    }
    if (m_window != 0)
    {
        ReplayUpdate(r.seq); // only now: the ICV verified (§3.4.3)
    }
    // Trailer (RFC 4303 §2.4): Pad Length and Next Header are the last two octets.
    size_t n = plain.size();
    uint8_t padLen = plain[n - 2];
    r.nextHeader = plain[n - 1];
    if (static_cast<size_t>(padLen) + 2 > n)
    {
        return Drop(r, EspReason::BAD_PAD_LENGTH);
    }
    size_t payloadLen = n - 2 - padLen;
    for (size_t i = 0; i < padLen; ++i)
    {
        if (plain[payloadLen + i] != static_cast<uint8_t>(i + 1))
        {
            return Drop(r, EspReason::BAD_PADDING);
        }
    }
    if (r.nextHeader == kEspNextHeaderDummy)
    {
        return Drop(r, EspReason::DUMMY_PACKET);
    }
    plain.resize(payloadLen);
    r.payload = std::move(plain);
    r.ok = true;
    ++m_counters.packets;
    m_counters.octets += payloadLen;
    m_clock.Account(payloadLen, now, r.events);
    return r;
}

std::vector<EspSaEvent>
EspInboundSa::Poll(TimeNs now)
{
    std::vector<EspSaEvent> ev;
    m_clock.Poll(now, ev);
    return ev;
}

// ---- SAD

bool
EspSad::AddInbound(const EspSaConfig& cfg, TimeNs now, std::string& error)
{
    error = ValidateEspSaConfig(cfg);
    auto key = std::make_pair(cfg.spi, cfg.dst);
    if (error.empty() && m_in.count(key) != 0)
    {
        error = "an inbound SA with SPI " + std::to_string(cfg.spi) + " already exists";
    }
    if (!error.empty())
    {
        return false;
    }
    m_in[key] = std::make_unique<EspInboundSa>(cfg, now);
    return true;
}

bool
EspSad::AddOutbound(const EspSaConfig& cfg, TimeNs now, std::string& error)
{
    error = ValidateEspSaConfig(cfg);
    if (error.empty() && m_out.count(cfg.spi) != 0)
    {
        error = "an outbound SA with SPI " + std::to_string(cfg.spi) + " already exists";
    }
    if (!error.empty())
    {
        return false;
    }
    m_out[cfg.spi] = std::make_unique<EspOutboundSa>(cfg, now);
    return true;
}

EspInboundSa*
EspSad::FindInbound(uint32_t spi, const std::string& dst)
{
    auto it = m_in.find(std::make_pair(spi, dst));
    if (it == m_in.end())
    {
        it = m_in.find(std::make_pair(spi, std::string()));
    }
    return it == m_in.end() ? nullptr : it->second.get();
}

EspOutboundSa*
EspSad::FindOutbound(uint32_t spi)
{
    auto it = m_out.find(spi);
    return it == m_out.end() ? nullptr : it->second.get();
}

bool
EspSad::RemoveInbound(uint32_t spi, const std::string& dst)
{
    return m_in.erase(std::make_pair(spi, dst)) != 0;
}

bool
EspSad::RemoveOutbound(uint32_t spi)
{
    return m_out.erase(spi) != 0;
}

EspRxResult
EspSad::Input(const std::string& dst, const uint8_t* data, size_t size, TimeNs now)
{
    EspRxResult r;
    ByteReader rd(data, size);
    if (!rd.ReadU32(r.spi) || !rd.ReadU32(r.seq))
    {
        m_counters.Count(EspReason::TRUNCATED);
        r.reason = EspReason::TRUNCATED;
        return r;
    }
    EspInboundSa* sa = FindInbound(r.spi, dst);
    if (!sa)
    {
        m_counters.Count(EspReason::UNKNOWN_SPI); // RFC 4303 §3.4.2: auditable event
        r.reason = EspReason::UNKNOWN_SPI;
        return r;
    }
    return sa->Unprotect(data, size, now);
}

std::vector<std::pair<uint32_t, EspSaEvent>>
EspSad::Poll(TimeNs now)
{
    std::vector<std::pair<uint32_t, EspSaEvent>> out;
    for (auto it = m_in.begin(); it != m_in.end();)
    {
        for (EspSaEvent e : it->second->Poll(now))
        {
            out.emplace_back(it->first.first, e);
        }
        it = it->second->Lifetime().HardExpired() ? m_in.erase(it) : std::next(it);
    }
    for (auto it = m_out.begin(); it != m_out.end();)
    {
        for (EspSaEvent e : it->second->Poll(now))
        {
            out.emplace_back(it->first, e);
        }
        it = it->second->Lifetime().HardExpired() ? m_out.erase(it) : std::next(it);
    }
    return out;
}

std::vector<EspSaConfig>
EspSad::AllConfigs() const
{
    std::vector<EspSaConfig> out;
    for (const auto& kv : m_in)
    {
        out.push_back(kv.second->Config());
    }
    for (const auto& kv : m_out)
    {
        out.push_back(kv.second->Config());
    }
    return out;
}

} // namespace ns3
