#include "model/ppp/ppp-ccp.h"

#include "model/ppp/ppp-frame.h"

namespace ns3
{

namespace
{

using N = PppOptionSupport;

// clang-format off
constexpr PppOptionSpec kCcpOptions[] = {
    {kCcpOui, "OUI", 6, 255, N::REJECTED, "RFC 1962 §4.1",
     "vendor-specific compression is not modelled; Rejected"},
    {1, "Predictor type 1", 2, 255, N::REJECTED, "RFC 1962 §4 (RFC 1978)", "not modelled; Rejected"},
    {2, "Predictor type 2", 2, 255, N::REJECTED, "RFC 1962 §4 (RFC 1978)", "not modelled; Rejected"},
    {3, "Puddle Jumper", 2, 255, N::REJECTED, "RFC 1962 §4", "not modelled; Rejected"},
    {16, "Hewlett-Packard PPC", 2, 255, N::REJECTED, "RFC 1962 §4", "not modelled; Rejected"},
    {17, "Stac Electronics LZS", 2, 255, N::REJECTED, "RFC 1962 §4 (RFC 1974)",
     "not modelled; Rejected"},
    {kCcpMppe, "Microsoft PPE/PPC", 6, 6, N::NEGOTIATED, "RFC 3078 §2.1",
     "MPPE: one strength (S, M, L) and H agreed per direction; the C bit (MPPC) is never Acked"},
    {19, "Gandalf FZA", 2, 255, N::REJECTED, "RFC 1962 §4 (RFC 1993)", "not modelled; Rejected"},
    {20, "V.42bis compression", 2, 255, N::REJECTED, "RFC 1962 §4", "not modelled; Rejected"},
    {21, "BSD LZW Compress", 2, 255, N::REJECTED, "RFC 1962 §4 (RFC 1977)",
     "not modelled; Rejected"},
    {23, "LZS-DCP", 2, 255, N::REJECTED, "RFC 1962 §4 (RFC 1967)", "not modelled; Rejected"},
    {24, "Magnalink Variable Resource Compression", 2, 255, N::REJECTED, "RFC 1962 §4 (RFC 1975)",
     "not modelled; Rejected"},
    {26, "Deflate", 2, 255, N::REJECTED, "RFC 1962 §4 (RFC 1979)", "not modelled; Rejected"},
};
// clang-format on

uint32_t
Be32(const Bytes& b)
{
    return b.size() < 4 ? 0
                        : static_cast<uint32_t>(b[0]) << 24 | static_cast<uint32_t>(b[1]) << 16 |
                              static_cast<uint32_t>(b[2]) << 8 | b[3];
}

Bytes
Be32Bytes(uint32_t v)
{
    return {static_cast<uint8_t>(v >> 24), static_cast<uint8_t>(v >> 16),
            static_cast<uint8_t>(v >> 8), static_cast<uint8_t>(v)};
}

uint32_t
MppeBitsOf(const std::vector<PppCpOption>& options)
{
    for (const PppCpOption& o : options)
    {
        if (o.type == kCcpMppe)
        {
            return Be32(o.data);
        }
    }
    return 0;
}

} // namespace

const char*
ToString(PppEncryption e)
{
    switch (e)
    {
    case PppEncryption::NO:
        return "no";
    case PppEncryption::YES:
        return "yes";
    case PppEncryption::REQUIRED:
        return "required";
    }
    return "?";
}

PppOptionTable
CcpOptionTable()
{
    return MakePppOptionTable(kCcpOptions);
}

PppCcp::PppCcp(const PppCcpConfig& cfg, PppControlProtocol::Owner& owner)
    : PppControlProtocol(kPppCcp, cfg.timers, owner, *this, false)
    , m_cfg(cfg)
{
    NegotiationReset();
}

const PppCcpResult&
PppCcp::Result() const
{
    return m_result;
}

bool
PppCcp::MppeAgreed(MppeStrength& strength, bool& stateless) const
{
    if (State() != PppCpState::OPENED || m_result.rxBits == 0 || m_result.rxBits != m_result.txBits)
    {
        return false;
    }
    stateless = (m_result.rxBits & kMppeBitH) != 0;
    return MppeStrongest(m_result.rxBits, strength);
}

void
PppCcp::SetResetHandler(std::function<void(TimeNs)> handler)
{
    m_resetHandler = std::move(handler);
}

std::string
PppCcp::FailureReason() const
{
    if (m_rejectedByPeer)
    {
        return "mppe-rejected-by-peer";
    }
    if (m_noCommon)
    {
        return "mppe-no-common-strength";
    }
    return "";
}

PppOptionTable
PppCcp::OptionTable() const
{
    return CcpOptionTable();
}

void
PppCcp::NegotiationReset()
{
    m_sendMppe = m_cfg.mppe && (m_cfg.strengths & kMppeStrengthBits) != 0;
    m_bits = (m_cfg.strengths & kMppeStrengthBits) | (m_cfg.stateless ? kMppeBitH : 0);
    m_rejectedByPeer = false;
    m_noCommon = false;
    m_result = PppCcpResult{};
}

std::vector<PppCpOption>
PppCcp::BuildRequest()
{
    std::vector<PppCpOption> o;
    if (m_sendMppe)
    {
        o.push_back({kCcpMppe, Be32Bytes(m_bits)});
    }
    return o;
}

PppOptionVerdict
PppCcp::CheckPeerOption(const PppCpOption& o, Bytes& nakData, TimeNs /*now*/)
{
    const uint32_t allowed = m_cfg.strengths & kMppeStrengthBits;
    if (o.type != kCcpMppe || !m_cfg.mppe || allowed == 0)
    {
        return PppOptionVerdict::REJECT;
    }
    const uint32_t bits = Be32(o.data);
    MppeStrength s{};
    if (!MppeStrongest(bits & allowed, s) && !MppeStrongest(allowed, s))
    {
        return PppOptionVerdict::REJECT;
    }
    // RFC 3078 §2.1: exactly one strength, the H bit as we want it, never C (MPPC).
    const uint32_t want =
        MppeStrengthBit(s) | ((m_cfg.stateless || (bits & kMppeBitH)) ? kMppeBitH : 0);
    if (bits == want)
    {
        return PppOptionVerdict::ACK;
    }
    nakData = Be32Bytes(want);
    return PppOptionVerdict::NAK;
}

void
PppCcp::PeerRequestAcked(const std::vector<PppCpOption>& request)
{
    m_result.txBits = MppeBitsOf(request);
}

void
PppCcp::OurRequestAcked(const std::vector<PppCpOption>& request)
{
    m_result.rxBits = MppeBitsOf(request);
}

void
PppCcp::OurOptionNaked(const PppCpOption& o, TimeNs /*now*/)
{
    if (o.type != kCcpMppe || !m_sendMppe)
    {
        return;
    }
    const uint32_t bits = Be32(o.data);
    MppeStrength s{};
    if (!MppeStrongest(bits & m_cfg.strengths & kMppeStrengthBits, s))
    {
        m_noCommon = true; // nothing we allow: stop asking (RFC 1661 §5.3)
        m_sendMppe = false;
        return;
    }
    m_bits = MppeStrengthBit(s) | (bits & kMppeBitH);
}

void
PppCcp::OurOptionRejected(const PppCpOption& o, TimeNs /*now*/)
{
    if (o.type == kCcpMppe)
    {
        m_sendMppe = false;
        m_rejectedByPeer = true;
    }
}

std::string
PppCcp::NegotiationFailure() const
{
    return m_cfg.required ? FailureReason() : "";
}

const char*
PppCcp::ExtraCodeName(uint8_t code) const
{
    if (code == kCcpResetRequest)
    {
        return "reset-request";
    }
    if (code == kCcpResetAck)
    {
        return "reset-ack";
    }
    return nullptr;
}

bool
PppCcp::ReceiveExtraCode(const PppCpPacket& p, TimeNs now)
{
    if (p.code != kCcpResetRequest && p.code != kCcpResetAck)
    {
        return false;
    }
    if (State() != PppCpState::OPENED)
    {
        // RFC 1962 §5: Reset-Request/Ack are meaningful only while CCP is Opened.
        Count(std::string("drop/") + ExtraCodeName(p.code) + "-not-opened");
        Emit("drop", std::string(ExtraCodeName(p.code)) + "-not-opened", now);
        return true;
    }
    if (p.code == kCcpResetRequest)
    {
        // §5.1: reset the compressor (MPPE: flush the next packet), answer with the same Id.
        if (m_resetHandler)
        {
            m_resetHandler(now);
        }
        SendPacket(kCcpResetAck, p.id, p.data, now);
        return true;
    }
    if (p.id != m_resetId)
    {
        Count("drop/reset-ack-bad-id"); // §5.2: the Identifier must match our Reset-Request
        Emit("drop", "reset-ack-bad-id", now);
    }
    return true;
}

bool
PppCcp::SendResetRequest(TimeNs now)
{
    if (State() != PppCpState::OPENED)
    {
        return false;
    }
    m_resetId = NextId();
    SendPacket(kCcpResetRequest, m_resetId, Bytes{}, now);
    return true;
}

} // namespace ns3
