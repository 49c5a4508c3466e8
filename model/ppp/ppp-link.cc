#include "model/ppp/ppp-link.h"

#include "model/common/text.h"
#include "model/ppp/ppp-frame.h"

#include <algorithm>

namespace ns3
{

const char*
ToString(PppPhase p)
{
    switch (p)
    {
    case PppPhase::DEAD:
        return "dead";
    case PppPhase::ESTABLISH:
        return "establish";
    case PppPhase::AUTHENTICATE:
        return "authenticate";
    case PppPhase::NETWORK:
        return "network";
    case PppPhase::TERMINATE:
        return "terminate";
    }
    return "?";
}

const char*
ToString(PppHangupReason r)
{
    switch (r)
    {
    case PppHangupReason::LINK_FINISHED:
        return "link-finished";
    case PppHangupReason::AUTH_FAILED:
        return "auth-failed";
    case PppHangupReason::REFUSED:
        return "refused";
    case PppHangupReason::KEEPALIVE_TIMEOUT:
        return "keepalive-timeout";
    case PppHangupReason::NCP_FAILED:
        return "ncp-failed";
    case PppHangupReason::ENCRYPTION_REQUIRED:
        return "encryption-required";
    case PppHangupReason::MPLS_REQUIRED:
        return "mpls-required";
    case PppHangupReason::SESSION_TIMEOUT:
        return "session-timeout";
    case PppHangupReason::IDLE_TIMEOUT:
        return "idle-timeout";
    }
    return "?";
}

namespace
{

/** \brief An Interface-Identifier as the low 64 bits of an IPv6 address: "a1b2:c3d4:e5f6:789". */
std::string
InterfaceIdText(uint64_t id)
{
    static const char* const kHex = "0123456789abcdef";
    std::string out;
    for (int group = 3; group >= 0; --group)
    {
        const auto v = static_cast<uint16_t>(id >> (16 * group));
        std::string g;
        for (int nib = 3; nib >= 0; --nib)
        {
            const int d = (v >> (4 * nib)) & 0xf;
            if (!g.empty() || d != 0 || nib == 0)
            {
                g += kHex[d];
            }
        }
        out += g;
        if (group > 0)
        {
            out += ':';
        }
    }
    return out;
}

} // namespace

/** \brief Routes the callbacks of LCP, IPCP and IPV6CP into the link. */
class PppLink::CpGlue : public PppControlProtocol::Owner
{
public:
    CpGlue(PppLink& link, const char* sub)
        : m_link(link)
        , m_sub(sub)
    {
    }

    void
    CpSend(uint16_t protocol, const Bytes& info, TimeNs now) override
    {
        m_link.SendRaw(protocol, info, now);
    }

    void
    CpThisLayerUp(uint16_t protocol, TimeNs now) override
    {
        if (protocol == kPppLcp)
        {
            m_link.LcpUp(now);
        }
        else
        {
            m_link.NcpUp(protocol, now);
        }
    }

    void
    CpThisLayerDown(uint16_t protocol, TimeNs now) override
    {
        if (protocol == kPppLcp)
        {
            m_link.LcpDown(now);
        }
        else
        {
            m_link.NcpDown(protocol, now);
        }
    }

    void
    CpThisLayerStarted(uint16_t /*protocol*/, TimeNs /*now*/) override
    {
        // tls: the lower layer is already up when LCP is opened (the L2TP session exists).
    }

    void
    CpThisLayerFinished(uint16_t protocol, TimeNs now) override
    {
        if (protocol == kPppLcp)
        {
            m_link.LcpFinished(now);
        }
        else
        {
            m_link.NcpFinished(protocol, now);
        }
    }

    void
    CpProtocolRejected(uint16_t rejected, TimeNs now) override
    {
        m_link.PeerRejectedProtocol(rejected, now);
    }

    void
    CpEvent(const std::string& kind, const std::string& detail, TimeNs now) override
    {
        m_link.Emit(kind, {{"detail", detail}}, now, m_sub);
    }

private:
    PppLink& m_link;
    const char* m_sub; //!< "lcp", "ipcp", "ipv6cp": the event object's last segment
};

/** \brief Routes the callbacks of one authentication direction into the link. */
class PppLink::AuthGlue : public PppAuthOwner
{
public:
    AuthGlue(PppLink& link, bool byUs)
        : m_link(link)
        , m_byUs(byUs)
    {
    }

    void
    AuthSend(uint16_t protocol, const Bytes& info, TimeNs now) override
    {
        m_link.SendRaw(protocol, info, now);
    }

    void
    AuthDone(bool ok, PppAuthFailure why, const std::string& peerName, TimeNs now) override
    {
        m_link.AuthDone(m_byUs, ok, why, peerName, now);
    }

    void
    AuthEvent(const std::string& kind, const std::string& detail, TimeNs now) override
    {
        m_link.Emit(kind, {{"detail", detail}}, now);
    }

private:
    PppLink& m_link;
    bool m_byUs;
};

/** \brief The owners PppLink gives its protocols (one allocation per link, not seven). */
struct PppLink::Glues
{
    explicit Glues(PppLink& l)
        : lcp(l, "lcp")
        , ipcp(l, "ipcp")
        , ipv6cp(l, "ipv6cp")
        , mplscp(l, "mplscp")
        , ccp(l, "ccp")
        , bcp(l, "bcp")
        , authByUs(l, true)
        , authByPeer(l, false)
    {
    }

    CpGlue lcp;          //!< LCP's owner
    CpGlue ipcp;         //!< IPCP's
    CpGlue ipv6cp;       //!< IPV6CP's
    CpGlue mplscp;       //!< MPLSCP's
    CpGlue ccp;          //!< CCP's
    CpGlue bcp;          //!< BCP's
    AuthGlue authByUs;   //!< our authenticator's
    AuthGlue authByPeer; //!< our answers' to the peer's authenticator
};

PppLinkOwn
PppLinkOwn::Of(const PppLinkConfig& c)
{
    return PppLinkOwn{c.lcp.magicSeed, c.seed, c.ipv6cp.magicSeed, c.lookup};
}

PppLink::PppLink(const PppLinkConfig& config, Owner& owner)
    : PppLink(std::make_shared<const PppLinkConfig>(config), PppLinkOwn::Of(config), owner)
{
}

PppLink::PppLink(std::shared_ptr<const PppLinkConfig> shared, PppLinkOwn own, Owner& owner)
    : m_shared(std::move(shared))
    , m_config(*m_shared)
    , m_own(std::move(own))
    , m_encryption(m_config.encryption)
    , m_mpls(m_config.mpls)
    , m_sessionTimeout(m_config.sessionTimeout)
    , m_idleTimeout(m_config.idleTimeout)
    , m_owner(owner)
    , m_glues(std::make_unique<Glues>(*this))
    , m_lcp(std::make_unique<PppLcp>(std::shared_ptr<const PppLcpConfig>(m_shared, &m_config.lcp),
                                     m_own.lcpMagicSeed,
                                     m_glues->lcp))
{
}

PppLink::~PppLink() = default;

void
PppLink::Emit(const std::string& kind,
              std::vector<std::pair<std::string, std::string>> fields,
              TimeNs now,
              const std::string& sub)
{
    m_owner.PppEvent(sub, kind, fields, now);
}

void
PppLink::SetPhase(PppPhase p, TimeNs now)
{
    if (p == m_phase)
    {
        return;
    }
    m_phase = p;
    m_networkAt = p == PppPhase::NETWORK ? now : kNever;
    m_lastTraffic = now;
    Emit("phase", {{"phase", ToString(p)}}, now);
}

void
PppLink::SendRaw(uint16_t protocol, const Bytes& info, TimeNs now)
{
    bool acfc = false;
    bool pfc = false;
    if (protocol != kPppLcp && m_lcp->State() == PppCpState::OPENED)
    {
        acfc = m_lcp->Result().txAcfc;
        pfc = m_lcp->Result().txPfc;
    }
    ++m_counters.framesOut;
    m_owner.PppSendFrame(EncodePppFrame(protocol, info, acfc, pfc), now);
}

void
PppLink::LowerUp(TimeNs now)
{
    m_lowerUp = true;
    ++m_sessions;
    // A fresh magic number per connection (RFC 1661 §6.4: chosen to be unique), from the seed.
    m_lcp = std::make_unique<PppLcp>(std::shared_ptr<const PppLcpConfig>(m_shared, &m_config.lcp),
                                     m_own.lcpMagicSeed + 7919ULL * (m_sessions - 1), m_glues->lcp);
    m_mpTx.reset();
    m_mpRx.reset();
    m_authenticator.reset();
    m_authPeer.reset();
    m_ipcp.reset();
    m_ipv6cp.reset();
    m_mplscp.reset();
    m_ccp.reset();
    m_mppe.reset();
    m_ccpFailure.clear();
    m_bcp.reset();
    m_bridgeUp = false;
    m_authByUsDone = false;
    m_authByPeerDone = false;
    m_networkUp = false;
    m_ipv6Up = false;
    m_hangupPending = false;
    m_peerName.clear();
    m_authFailure = PppAuthFailure::NONE;
    m_lastRx = now;
    m_nextEcho = kNever;
    m_echoOutstanding = 0;
    SetPhase(PppPhase::ESTABLISH, now);
    m_lcp->Open(now);
    m_lcp->Up(now);
}

void
PppLink::LowerDown(TimeNs now)
{
    if (!m_lowerUp)
    {
        return;
    }
    m_lowerUp = false;
    m_lcp->Down(now); // tld (if Opened) stops the NCPs
    m_mpTx.reset();
    m_mpRx.reset();
    StopNetwork(now);
    m_nextEcho = kNever;
    m_echoOutstanding = 0;
    SetPhase(PppPhase::DEAD, now);
}

void
PppLink::Close(TimeNs now, const std::string& reason)
{
    Emit("close", {{"reason", reason}}, now);
    m_lcp->Close(now);
}

void
PppLink::FrameIn(const Bytes& frame, TimeNs now)
{
    ++m_counters.framesIn;
    m_lastRx = now;
    m_echoOutstanding = 0;
    m_nextEcho = kNever;
    PppFrame f;
    PppFrameError err = DecodePppFrame(frame.data(), frame.size(), f);
    if (err != PppFrameError::NONE)
    {
        ++m_counters.malformed;
        Emit("frame-malformed", {{"size", std::to_string(frame.size())}}, now);
        return;
    }
    if (m_mpRx && f.protocol < 0x4000 && f.protocol != kPppMp)
    {
        // RFC 1661 §2: 0x0*** - 0x3*** are network-layer protocols; sent without MP header on a
        // link where MP is up (a peer that Acked our MRRU without speaking MP): accepted.
        ++m_mp.plainIn;
    }
    Dispatch(f.protocol, f.info, now);
}

bool
PppLink::DispatchControl(uint16_t protocol, const Bytes& info, TimeNs now)
{
    if (protocol == kPppLcp)
    {
        m_lcp->Input(info, now);
        return true;
    }
    if (protocol == kPppPap || protocol == kPppChap)
    {
        bool taken = false;
        if (m_phase == PppPhase::AUTHENTICATE || m_phase == PppPhase::NETWORK)
        {
            if (m_authenticator)
            {
                m_authenticator->Input(protocol, info, now);
                taken = true;
            }
            if (m_authPeer)
            {
                m_authPeer->Input(protocol, info, now);
                taken = true;
            }
        }
        if (!taken)
        {
            ++m_counters.discarded;
        }
        return true;
    }
    return false;
}

void
PppLink::Dispatch(uint16_t protocol, const Bytes& info, TimeNs now)
{
    if (DispatchControl(protocol, info, now))
    {
        return;
    }
    if (m_phase != PppPhase::NETWORK)
    {
        // §3.3/§3.4: only LCP (and authentication) before the Network phase.
        ++m_counters.discarded;
        if (protocol == kPppBridged)
        {
            ++m_counters.bridgedDropped; // RFC 3518 §4: bridged frames only in the Network phase
        }
        return;
    }
    if (DispatchBridging(protocol, info, now))
    {
        return;
    }
    switch (protocol)
    {
    case kPppIpcp:
        if (m_ipcp)
        {
            m_ipcp->Input(info, now);
        }
        return;
    case kPppCcp:
        if (!m_ccp)
        {
            StartCcp(true, now); // a peer's CCP while we initiate none: answer it (Reject MPPE)
        }
        m_ccp->Input(info, now);
        return;
    case kPppMppe:
        MppeIn(info, now);
        return;
    case kPppIpv4:
        if (m_mppe)
        {
            ++m_counters.clearDropped; // RFC 3078: once MPPE is in force, data is encrypted
            Emit("mppe-drop", {{"reason", "clear-datagram"}}, now);
        }
        else if (m_networkUp)
        {
            ++m_counters.datagramsIn;
            m_lastTraffic = now;
            m_owner.PppDatagramIn(protocol, info, now);
        }
        else
        {
            ++m_counters.discarded; // §3.5: not before IPCP is Opened
        }
        return;
    case kPppIpv6cp:
        if (m_ipv6cp)
        {
            m_ipv6cp->Input(info, now);
            return;
        }
        break;
    case kPppMplscp:
        if (m_mplscp)
        {
            m_mplscp->Input(info, now);
            return;
        }
        break; // use-mpls=no: Protocol-Reject (RFC 1661 §5.7), as a peer without MPLS does
    case kPppMplsUnicast:
    case kPppMplsMulticast:
        if (m_mplscp && m_mplscp->State() == PppCpState::OPENED)
        {
            ++m_counters.mplsDropped; // labelled packets: no MPLS forwarding is simulated
            return;
        }
        if (m_mplscp)
        {
            ++m_counters.discarded; // RFC 3032 §4.3.2: not before MPLSCP is Opened
            return;
        }
        break;
    case kPppMp:
        if (m_mpRx)
        {
            MpIn(info, now);
            return;
        }
        break; // not negotiated: Protocol-Reject (RFC 1661 §5.7)
    case kPppIpv6:
        if (m_mppe && m_ipv6cp)
        {
            ++m_counters.clearDropped;
            Emit("mppe-drop", {{"reason", "clear-datagram"}}, now);
            return;
        }
        if (m_ipv6cp && m_ipv6cp->State() == PppCpState::OPENED)
        {
            ++m_counters.datagramsIn;
            m_lastTraffic = now;
            m_owner.PppDatagramIn(protocol, info, now);
            return;
        }
        if (m_ipv6cp)
        {
            ++m_counters.discarded;
            return;
        }
        break;
    default:
        break;
    }
    RejectOrDiscard(protocol, info, now);
}

bool
PppLink::DispatchBridging(uint16_t protocol, const Bytes& info, TimeNs now)
{
    if (!m_bcp || (protocol != kPppBcp && protocol != kPppBridged))
    {
        return false; // not bridged here: BCP and 0x0031 are Protocol-Rejected (RFC 1661 §5.7)
    }
    if (protocol == kPppBcp)
    {
        m_bcp->Input(info, now);
        return true;
    }
    if (!m_bridgeUp)
    {
        // RFC 1661 §3.5 / RFC 3518 §4: no bridged frame before BCP reaches Opened.
        ++m_counters.discarded;
        ++m_counters.bridgedDropped;
        m_bcp->CountFrameDrop("not-opened");
        return true;
    }
    BridgedFrameIn(info, now);
    return true;
}

void
PppLink::BridgedFrameIn(const Bytes& info, TimeNs now)
{
    BcpBridgedFrame f;
    const BcpFrameError err =
        DecodeBcpFrame(info.data(), info.size(), m_bcp->Result().weAcceptTinygrams, f);
    std::string reason;
    if (err != BcpFrameError::NONE)
    {
        reason = ToString(err);
    }
    else if (f.bridgeControl)
    {
        reason = "bridge-control"; // a BPDU: no spanning tree runs on this port
    }
    if (!reason.empty())
    {
        ++m_counters.bridgedDropped;
        m_bcp->CountFrameDrop(reason);
        Emit("bridged-frame-dropped", {{"reason", reason}, {"size", std::to_string(info.size())}},
             now);
        return;
    }
    ++m_counters.bridgedIn;
    m_lastTraffic = now;
    m_owner.PppBridgedFrameIn(f.frame, now);
}

bool
PppLink::SendBridged(const Bytes& ethernet, TimeNs now)
{
    if (!m_bridgeUp)
    {
        return false;
    }
    // Bridged frames are network-layer packets of the bundle like datagrams: encrypted when MPPE
    // is in force, fragmented by Multilink (a full Ethernet frame through a 1450 tunnel).
    if (!SendNetwork(kPppBridged, EncodeBcpFrame(ethernet, m_config.bridgeLanFcs), now))
    {
        return false;
    }
    ++m_counters.bridgedOut;
    m_lastTraffic = now;
    return true;
}

void
PppLink::RejectOrDiscard(uint16_t protocol, const Bytes& info, TimeNs now)
{
    if (m_lcp->State() != PppCpState::OPENED)
    {
        ++m_counters.discarded;
        return;
    }
    // RFC 1661 §5.7: an unsupported protocol is answered with Protocol-Reject (LCP Opened only).
    ++m_counters.protocolRejectsOut;
    m_lcp->SendProtocolReject(protocol, info, now);
    Emit("protocol-reject-sent", {{"protocol", PppProtocolName(protocol)}}, now);
}

void
PppLink::LcpUp(TimeNs now)
{
    const PppLcpResult& r = m_lcp->Result();
    Emit("lcp-up",
         {{"mru", std::to_string(r.ourMru)},
          {"peer-mru", std::to_string(r.peerMru)},
          {"auth-by-us", PppAuthMethodName(r.authByUs)},
          {"auth-by-peer", PppAuthMethodName(r.authByPeer)}},
         now);
    StartMultilink(now);
    SetPhase(PppPhase::AUTHENTICATE, now);
    StartAuthentication(now);
}

void
PppLink::StartMultilink(TimeNs now)
{
    const PppLcpResult& r = m_lcp->Result();
    m_mpTx.reset();
    m_mpRx.reset();
    // RFC 1990 §5.1.1: the MRRU announces that its sender implements MP and the largest packet
    // it reassembles. We may send MP when the peer announced one, and must accept MP once the
    // peer Acked ours. An end without multilink (mrru unset) never sends MP, even if it Acked an
    // MRRU it should have Rejected.
    if (r.peerMrru != 0 && m_config.lcp.mrru != 0)
    {
        m_mpTx = std::make_unique<PppMpSender>(r.txShortSequence ? PppMpFormat::SHORT
                                                                 : PppMpFormat::LONG);
    }
    if (r.ourMrru != 0)
    {
        PppMpReassemblerConfig c;
        c.format = r.rxShortSequence ? PppMpFormat::SHORT : PppMpFormat::LONG;
        c.mrru = r.ourMrru;
        m_mpRx = std::make_unique<PppMpReassembler>(c);
    }
    if (m_mpTx || m_mpRx)
    {
        Emit("multilink",
             {{"mrru", std::to_string(r.ourMrru)},
              {"peer-mrru", std::to_string(r.peerMrru)},
              {"send", m_mpTx ? "mp" : "plain"},
              {"receive", m_mpRx ? "mp" : "plain"},
              {"format", ToString(r.txShortSequence ? PppMpFormat::SHORT : PppMpFormat::LONG)}},
             now);
    }
}

bool
PppLink::SendMp(uint16_t protocol, const Bytes& datagram, TimeNs now)
{
    const PppLcpResult& r = m_lcp->Result();
    if (datagram.size() > r.peerMrru)
    {
        ++m_mp.overMrruOut; // §5.1.1: the peer reassembles nothing longer
        return false;
    }
    // §3: the packet's own Protocol field leads the first fragment, compressed as PFC allows.
    Bytes packet;
    packet.reserve(datagram.size() + 2);
    if (r.txPfc && protocol < 0x100)
    {
        packet.push_back(static_cast<uint8_t>(protocol));
    }
    else
    {
        packet.push_back(static_cast<uint8_t>(protocol >> 8));
        packet.push_back(static_cast<uint8_t>(protocol));
    }
    packet.insert(packet.end(), datagram.begin(), datagram.end());
    std::vector<Bytes> fragments;
    if (!m_mpTx->Fragment(packet, r.peerMru, fragments))
    {
        ++m_mp.overMrruOut;
        return false;
    }
    ++m_mp.packetsOut;
    for (const Bytes& f : fragments)
    {
        ++m_mp.fragmentsOut;
        SendRaw(kPppMp, f, now);
    }
    return true;
}

void
PppLink::MpIn(const Bytes& info, TimeNs now)
{
    PppMpFragment f;
    const PppMpFormat format =
        m_lcp->Result().rxShortSequence ? PppMpFormat::SHORT : PppMpFormat::LONG;
    if (DecodePppMpFragment(info.data(), info.size(), format, f) != PppMpDecodeError::NONE)
    {
        ++m_mp.malformed;
        ++m_counters.malformed;
        Emit("frame-malformed", {{"size", std::to_string(info.size())}}, now);
        return;
    }
    m_mp.reservedBits += f.reserved != 0 ? 1 : 0;
    std::vector<Bytes> packets;
    m_mpRx->Input(0, f, packets);
    for (const Bytes& p : packets)
    {
        uint16_t protocol = 0;
        const size_t field = DecodePppMpProtocol(p, protocol);
        if (protocol >= 0xc000 || protocol == kPppMp)
        {
            // Link-control protocols run per member link, never inside the bundle.
            ++m_mp.linkControlIn;
            continue;
        }
        Dispatch(protocol, Bytes(p.begin() + static_cast<std::ptrdiff_t>(field), p.end()), now);
    }
}

void
PppLink::StartAuthentication(TimeNs now)
{
    const PppLcpResult r = m_lcp->Result();
    m_authByUsDone = r.authByUs == PppAuthMethod::NONE;
    m_authByPeerDone = r.authByPeer == PppAuthMethod::NONE;
    if (m_config.role == PppLinkRole::SERVER && m_authByUsDone && !m_config.lcp.authRequire.empty())
    {
        // We asked for authentication and LCP opened without it: never grant a session unchecked.
        Fail(PppHangupReason::AUTH_FAILED, "peer refused every authentication method", now);
        return;
    }
    if (!m_authByUsDone)
    {
        m_authenticator = std::make_unique<PppAuthenticator>(
            r.authByUs, m_config.ourName, m_own.lookup, m_own.seed + m_sessions,
            m_config.authTimers, m_glues->authByUs);
    }
    if (!m_authByPeerDone)
    {
        m_authPeer = std::make_unique<PppAuthPeer>(r.authByPeer, m_config.user, m_config.password,
                                                   m_own.seed + 104729ULL + m_sessions,
                                                   m_config.authTimers, m_glues->authByPeer);
    }
    if (m_authenticator)
    {
        m_authenticator->Start(now);
    }
    if (m_authPeer && m_phase == PppPhase::AUTHENTICATE)
    {
        m_authPeer->Start(now);
    }
    MaybeStartNetwork(now);
}

void
PppLink::AuthDone(bool byUs, bool ok, PppAuthFailure why, const std::string& name, TimeNs now)
{
    if (m_phase != PppPhase::AUTHENTICATE)
    {
        return; // a late answer (CHAP re-challenge outcome after Network is handled by the peer)
    }
    const PppLcpResult& r = m_lcp->Result();
    const PppAuthMethod method = byUs ? r.authByUs : r.authByPeer;
    if (!ok)
    {
        m_authFailure = why;
        Emit("auth-failed",
             {{"direction", byUs ? "peer" : "us"},
              {"method", PppAuthMethodName(method)},
              {"user", byUs ? name : m_config.user},
              {"reason", PppAuthFailureName(why)}},
             now);
        Fail(PppHangupReason::AUTH_FAILED, PppAuthFailureName(why), now);
        return;
    }
    if (byUs)
    {
        m_authByUsDone = true;
        m_peerName = name;
    }
    else
    {
        m_authByPeerDone = true;
        if (m_config.role == PppLinkRole::CLIENT)
        {
            m_peerName = m_config.user;
        }
    }
    Emit("authenticated",
         {{"direction", byUs ? "peer" : "us"},
          {"method", PppAuthMethodName(method)},
          {"user", byUs ? name : m_config.user}},
         now);
    MaybeStartNetwork(now);
}

void
PppLink::MaybeStartNetwork(TimeNs now)
{
    if (m_phase != PppPhase::AUTHENTICATE || !m_authByUsDone || !m_authByPeerDone ||
        m_hangupPending)
    {
        return;
    }
    PppIpcpConfig ipcp = m_config.ipcp;
    if (m_config.role == PppLinkRole::SERVER)
    {
        std::string refusal;
        if (!m_owner.PppAuthorize(m_peerName, ipcp, refusal, now))
        {
            Emit("session-refused", {{"user", m_peerName}, {"reason", refusal}}, now);
            Fail(PppHangupReason::REFUSED, refusal, now);
            return;
        }
    }
    SetPhase(PppPhase::NETWORK, now);
    m_ipcp = std::make_unique<PppIpcp>(ipcp, m_glues->ipcp);
    m_ipcp->Open(now);
    m_ipcp->Up(now);
    if (m_config.ipv6)
    {
        PppIpv6cpConfig v6 = m_config.ipv6cp;
        v6.magicSeed = m_own.ipv6cpSeed + m_sessions;
        m_ipv6cp = std::make_unique<PppIpv6cp>(v6, m_glues->ipv6cp);
        m_ipv6cp->Open(now);
        m_ipv6cp->Up(now);
    }
    if (m_mpls != PppMplsPolicy::NO)
    {
        // RouterOS sends MPLSCP's Configure-Request right after IPCP's and IPV6CP's.
        m_mplscp = std::make_unique<PppMplscp>(m_config.ipcp.timers, m_glues->mplscp);
        m_mplscp->Open(now);
        m_mplscp->Up(now);
    }
    if (m_config.bridge || m_owner.PppBridgeRequested())
    {
        m_bcp = std::make_unique<PppBcp>(m_config.bcp, m_glues->bcp);
        m_bcp->Open(now);
        m_bcp->Up(now);
    }
    if (m_encryption != PppEncryption::NO)
    {
        StartCcp(false, now); // RFC 1962 §2: CCP in the Network phase, next to the NCPs
    }
}

void
PppLink::StartCcp(bool passive, TimeNs now)
{
    if (m_ccp || m_hangupPending)
    {
        return;
    }
    // RFC 3079: MPPE keys come from MS-CHAP (the client's authentication by the server).
    const PppLcpResult& r = m_lcp->Result();
    const bool server = m_config.role == PppLinkRole::SERVER;
    const PppAuthMethod method = server ? r.authByUs : r.authByPeer;
    const bool keys = method == PppAuthMethod::MSCHAP_V2 || method == PppAuthMethod::MSCHAP_V1;
    if (!passive && !keys)
    {
        Emit("mppe-unavailable", {{"method", PppAuthMethodName(method)}}, now);
        if (m_encryption == PppEncryption::REQUIRED)
        {
            m_ccpFailure = std::string("no MPPE keys from ") + PppAuthMethodName(method);
            Fail(PppHangupReason::ENCRYPTION_REQUIRED, m_ccpFailure, now);
            return;
        }
        passive = true;
    }
    PppCcpConfig cfg = m_config.ccp;
    cfg.mppe = !passive;
    cfg.required = !passive && m_encryption == PppEncryption::REQUIRED;
    if (method == PppAuthMethod::MSCHAP_V1)
    {
        cfg.strengths &= kMppeBitS; // RFC 3079 §2.3: only 128-bit keys are derived from MS-CHAPv1
    }
    m_ccp = std::make_unique<PppCcp>(cfg, m_glues->ccp);
    m_ccp->SetResetHandler(
        [this](TimeNs /*t*/)
        {
            if (m_mppe)
            {
                m_mppe->ResetRequested();
            }
        });
    m_ccp->Open(now);
    m_ccp->Up(now);
}

void
PppLink::CcpUp(TimeNs now)
{
    MppeStrength strength{};
    bool stateless = false;
    if (!m_ccp->MppeAgreed(strength, stateless))
    {
        m_mppe.reset();
        Emit("ccp-up", {{"encoding", ""}}, now);
        if (m_encryption == PppEncryption::REQUIRED)
        {
            m_ccpFailure =
                m_ccp->FailureReason().empty() ? "mppe-not-agreed" : m_ccp->FailureReason();
            Fail(PppHangupReason::ENCRYPTION_REQUIRED, m_ccpFailure, now);
        }
        return;
    }
    const PppLcpResult& r = m_lcp->Result();
    const bool server = m_config.role == PppLinkRole::SERVER;
    const PppAuthMethod method = server ? r.authByUs : r.authByPeer;
    const PppAuthSide* side = server ? static_cast<const PppAuthSide*>(m_authenticator.get())
                                     : static_cast<const PppAuthSide*>(m_authPeer.get());
    const Bytes material = side ? side->MasterKeyMaterial() : Bytes{};
    const MppeStartKeys keys = method == PppAuthMethod::MSCHAP_V1
                                   ? MppeStartKeysFromMsChapV1(material, strength)
                                   : MppeStartKeysFromMsChapV2(material, strength, server);
    m_mppe = std::make_unique<Mppe>(MppeConfig{strength, stateless, keys.send, keys.recv});
    Emit("ccp-up", {{"encoding", m_mppe->EncodingName()}}, now);
}

void
PppLink::CcpFinished(TimeNs now)
{
    m_mppe.reset();
    if (m_encryption != PppEncryption::REQUIRED || m_phase != PppPhase::NETWORK)
    {
        return;
    }
    if (m_ccpFailure.empty())
    {
        m_ccpFailure =
            m_ccp && !m_ccp->FailureReason().empty() ? m_ccp->FailureReason() : "ccp-not-opened";
    }
    Fail(PppHangupReason::ENCRYPTION_REQUIRED, m_ccpFailure, now);
}

void
PppLink::MppeIn(const Bytes& info, TimeNs now)
{
    if (!m_mppe)
    {
        ++m_counters.discarded; // §3.5: not before CCP agreed MPPE
        return;
    }
    uint16_t inner = 0;
    Bytes payload;
    const MppeDrop d = m_mppe->Decrypt(info, inner, payload);
    if (m_mppe->TakeResetRequest() && m_ccp)
    {
        m_ccp->SendResetRequest(now); // RFC 3078 §8 (stateful mode)
    }
    if (d != MppeDrop::NONE)
    {
        ++m_counters.mppeDropped;
        Emit("mppe-drop", {{"reason", ToString(d)}}, now);
        return;
    }
    if (inner == kPppBridged && m_bcp)
    {
        ++m_counters.encryptedIn;
        DispatchBridging(inner, payload, now); // an encrypted bridged frame (RFC 3518 + 3078)
        return;
    }
    if (!DatagramAllowed(inner))
    {
        ++m_counters.discarded;
        return;
    }
    ++m_counters.encryptedIn;
    ++m_counters.datagramsIn;
    m_lastTraffic = now;
    m_owner.PppDatagramIn(inner, payload, now);
}

bool
PppLink::DatagramAllowed(uint16_t protocol) const
{
    return (protocol == kPppIpv4 && m_networkUp) ||
           (protocol == kPppIpv6 && m_ipv6cp && m_ipv6cp->State() == PppCpState::OPENED);
}

std::string
PppLink::Encoding() const
{
    return m_mppe ? m_mppe->EncodingName() : "";
}

void
PppLink::StopNetwork(TimeNs now)
{
    if (m_ipcp)
    {
        m_ipcp->Down(now);
    }
    if (m_ipv6cp)
    {
        m_ipv6cp->Down(now);
    }
    if (m_mplscp)
    {
        m_mplscp->Down(now);
    }
    if (m_ccp)
    {
        m_ccp->Down(now);
    }
    m_mppe.reset();
    if (m_bcp)
    {
        m_bcp->Down(now);
    }
    if (m_bridgeUp)
    {
        m_bridgeUp = false;
        m_owner.PppBridgeDown(now);
    }
    if (m_ipv6Up)
    {
        m_ipv6Up = false;
        m_owner.PppIpv6Down(now);
    }
    if (m_networkUp)
    {
        m_networkUp = false;
        m_owner.PppNetworkDown(now);
    }
}

void
PppLink::LcpDown(TimeNs now)
{
    Emit("lcp-down", {}, now);
    m_mpTx.reset();
    m_mpRx.reset();
    StopNetwork(now);
    SetPhase(m_lowerUp ? PppPhase::TERMINATE : PppPhase::DEAD, now);
}

void
PppLink::LcpFinished(TimeNs now)
{
    if (!m_lowerUp)
    {
        return;
    }
    SetPhase(PppPhase::DEAD, now);
    const PppHangupReason reason =
        m_hangupPending ? m_hangupReason : PppHangupReason::LINK_FINISHED;
    m_hangupPending = true;
    m_owner.PppHangup(reason, now);
}

void
PppLink::NcpUp(uint16_t protocol, TimeNs now)
{
    if (protocol == kPppCcp && m_ccp)
    {
        CcpUp(now);
        return;
    }
    if (protocol == kPppIpcp && m_ipcp)
    {
        const PppIpcpResult& r = m_ipcp->Result();
        m_networkUp = true;
        Emit("ipcp-up",
             {{"local", Ipv4Text(r.local)},
              {"peer", Ipv4Text(r.peer)},
              {"dns1", Ipv4Text(r.dns1)},
              {"dns2", Ipv4Text(r.dns2)}},
             now);
        m_owner.PppNetworkUp(r, now);
        return;
    }
    if (protocol == kPppIpv6cp && m_ipv6cp)
    {
        const PppIpv6cpResult& r = m_ipv6cp->Result();
        m_ipv6Up = true;
        // RFC 5072 §5: the link-local addresses are fe80::<identifier>/64 on either end.
        Emit("ipv6cp-up",
             {{"local", "fe80::" + InterfaceIdText(r.local)},
              {"peer", "fe80::" + InterfaceIdText(r.peer)}},
             now);
        m_owner.PppIpv6Up(r, now);
        return;
    }
    if (protocol == kPppMplscp && m_mplscp)
    {
        Emit("mplscp-up", {}, now); // labelled packets may cross now (none are simulated)
        return;
    }
    if (protocol == kPppBcp && m_bcp)
    {
        const PppBcpResult& r = m_bcp->Result();
        std::string types;
        for (uint8_t t : r.peerMacTypes)
        {
            types += (types.empty() ? "" : ",") + std::to_string(t);
        }
        m_bridgeUp = true;
        Emit("bcp-up",
             {{"peer-mac-support", types},
              {"tinygram-rx", r.weAcceptTinygrams ? "yes" : "no"},
              {"tinygram-tx", r.peerAcceptsTinygrams ? "yes" : "no"}},
             now);
        m_owner.PppBridgeUp(r, now);
    }
}

void
PppLink::PeerRejectedProtocol(uint16_t protocol, TimeNs now)
{
    Emit("protocol-rejected", {{"protocol", PppProtocolName(protocol)}}, now);
    // RFC 1661 §5.7: stop sending the rejected protocol at the earliest opportunity. An NCP the
    // peer does not run is RXJ- on its automaton (Stopped, This-Layer-Finished); for IPV6CP the
    // link simply stays IPv4-only (a RouterOS peer with IPv6 disabled answers this way).
    if (protocol == kPppIpv6cp && m_ipv6cp)
    {
        m_ipv6cp->RejectedByPeer(now);
    }
    else if (protocol == kPppIpcp && m_ipcp)
    {
        m_ipcp->RejectedByPeer(now);
    }
    else if (protocol == kPppBcp && m_bcp)
    {
        m_bcp->RejectedByPeer(now); // a peer without bridging: the link stays routed only
    }
    else if (protocol == kPppMplscp && m_mplscp)
    {
        m_mplscp->RejectedByPeer(now); // a peer without MPLS (pppd): no labelled packets
    }
    else if (protocol == kPppCcp && m_ccp)
    {
        m_ccpFailure = "ccp-protocol-rejected"; // the peer does not run CCP at all
        m_ccp->RejectedByPeer(now);
    }
}

void
PppLink::NcpDown(uint16_t protocol, TimeNs now)
{
    if (protocol == kPppCcp && m_ccp)
    {
        m_mppe.reset();
        Emit("ccp-down", {}, now);
        return;
    }
    if (protocol == kPppIpcp && m_networkUp)
    {
        m_networkUp = false;
        Emit("ipcp-down", {}, now);
        m_owner.PppNetworkDown(now);
    }
    if (protocol == kPppIpv6cp && m_ipv6Up)
    {
        m_ipv6Up = false;
        Emit("ipv6cp-down", {}, now);
        m_owner.PppIpv6Down(now);
    }
    if (protocol == kPppBcp && m_bridgeUp)
    {
        m_bridgeUp = false;
        Emit("bcp-down", {}, now);
        m_owner.PppBridgeDown(now);
    }
    if (protocol == kPppMplscp)
    {
        Emit("mplscp-down", {}, now);
    }
}

void
PppLink::NcpFinished(uint16_t protocol, TimeNs now)
{
    if (protocol == kPppCcp)
    {
        CcpFinished(now);
        return;
    }
    if (protocol == kPppMplscp && m_mpls == PppMplsPolicy::REQUIRED && m_phase == PppPhase::NETWORK)
    {
        Fail(PppHangupReason::MPLS_REQUIRED, "MPLSCP could not be opened", now);
        return;
    }
    if (protocol != kPppIpcp || m_phase != PppPhase::NETWORK)
    {
        return;
    }
    // IPCP gave up (Max-Configure / Max-Failure) or the peer closed it: with no network protocol
    // left the link has no use (RFC 1661 §3.5 lets an implementation close it then).
    Fail(PppHangupReason::NCP_FAILED, "IPCP could not be opened", now);
}

void
PppLink::Fail(PppHangupReason reason, const std::string& text, TimeNs now)
{
    if (m_hangupPending)
    {
        return;
    }
    m_hangupPending = true;
    m_hangupReason = reason;
    Emit("link-close", {{"reason", ToString(reason)}, {"detail", text}}, now);
    if (m_lcp->State() == PppCpState::OPENED || m_phase == PppPhase::ESTABLISH)
    {
        m_lcp->Close(now); // Terminate-Request; tlf then asks the owner to hang up
        return;
    }
    m_owner.PppHangup(reason, now);
}

TimeNs
PppLink::KeepaliveDeadline() const
{
    if (!m_lowerUp || m_hangupPending || m_config.keepaliveTimeout == kNever ||
        m_lcp->State() != PppCpState::OPENED)
    {
        return kNever;
    }
    if (m_nextEcho != kNever)
    {
        return m_nextEcho;
    }
    return m_lastRx + m_config.keepaliveTimeout;
}

void
PppLink::Keepalive(TimeNs now)
{
    if (m_echoOutstanding > 0)
    {
        ++m_counters.echoesMissed;
        Emit("lcp-echo-missed",
             {{"missed", std::to_string(m_echoOutstanding)}, {"message", "LCP missed echo reply"}},
             now);
        if (m_echoOutstanding >= m_config.echoMisses)
        {
            m_nextEcho = kNever;
            m_hangupPending = true;
            m_hangupReason = PppHangupReason::KEEPALIVE_TIMEOUT;
            Emit("keepalive-timeout", {{"idle", std::to_string((now - m_lastRx) / kSec) + "s"}},
                 now);
            m_owner.PppHangup(PppHangupReason::KEEPALIVE_TIMEOUT, now);
            return;
        }
    }
    m_lcp->SendEchoRequest(now);
    ++m_counters.echoesSent;
    ++m_echoOutstanding;
    m_nextEcho = now + m_config.echoInterval;
}

TimeNs
PppLink::SessionDeadline() const
{
    if (!m_lowerUp || m_hangupPending || m_networkAt == kNever || m_sessionTimeout == kNever)
    {
        return kNever;
    }
    return m_networkAt + m_sessionTimeout;
}

TimeNs
PppLink::IdleDeadline() const
{
    if (!m_lowerUp || m_hangupPending || m_networkAt == kNever || m_idleTimeout == kNever)
    {
        return kNever;
    }
    return m_lastTraffic + m_idleTimeout;
}

void
PppLink::ProfileTimeouts(TimeNs now)
{
    if (SessionDeadline() <= now)
    {
        Emit("session-timeout", {{"uptime", std::to_string((now - m_networkAt) / kSec) + "s"}},
             now);
        Fail(PppHangupReason::SESSION_TIMEOUT, "session-timeout", now);
    }
    else if (IdleDeadline() <= now)
    {
        Emit("idle-timeout", {{"idle", std::to_string((now - m_lastTraffic) / kSec) + "s"}}, now);
        Fail(PppHangupReason::IDLE_TIMEOUT, "idle-timeout", now);
    }
}

TimeNs
PppLink::NextDeadline() const
{
    TimeNs t =
        std::min({m_lcp->NextDeadline(), KeepaliveDeadline(), SessionDeadline(), IdleDeadline()});
    if (m_ipcp)
    {
        t = std::min(t, m_ipcp->NextDeadline());
    }
    if (m_ipv6cp)
    {
        t = std::min(t, m_ipv6cp->NextDeadline());
    }
    if (m_mplscp)
    {
        t = std::min(t, m_mplscp->NextDeadline());
    }
    if (m_ccp)
    {
        t = std::min(t, m_ccp->NextDeadline());
    }
    if (m_bcp)
    {
        t = std::min(t, m_bcp->NextDeadline());
    }
    if (m_authenticator)
    {
        t = std::min(t, m_authenticator->NextDeadline());
    }
    if (m_authPeer)
    {
        t = std::min(t, m_authPeer->NextDeadline());
    }
    return t;
}

void
PppLink::OnTimer(TimeNs now)
{
    if (m_lcp->NextDeadline() <= now)
    {
        m_lcp->OnTimer(now);
    }
    if (m_authenticator && m_authenticator->NextDeadline() <= now)
    {
        m_authenticator->OnTimer(now);
    }
    if (m_authPeer && m_authPeer->NextDeadline() <= now)
    {
        m_authPeer->OnTimer(now);
    }
    if (m_ipcp && m_ipcp->NextDeadline() <= now)
    {
        m_ipcp->OnTimer(now);
    }
    if (m_ipv6cp && m_ipv6cp->NextDeadline() <= now)
    {
        m_ipv6cp->OnTimer(now);
    }
    if (m_mplscp && m_mplscp->NextDeadline() <= now)
    {
        m_mplscp->OnTimer(now);
    }
    if (m_ccp && m_ccp->NextDeadline() <= now)
    {
        m_ccp->OnTimer(now);
    }
    if (m_bcp && m_bcp->NextDeadline() <= now)
    {
        m_bcp->OnTimer(now);
    }
    if (KeepaliveDeadline() <= now)
    {
        Keepalive(now);
    }
    ProfileTimeouts(now);
}

bool
PppLink::SendDatagram(uint16_t protocol, const Bytes& datagram, TimeNs now)
{
    const bool v4 = protocol == kPppIpv4 && m_networkUp;
    const bool v6 = protocol == kPppIpv6 && m_ipv6cp && m_ipv6cp->State() == PppCpState::OPENED;
    if (!v4 && !v6)
    {
        return false;
    }
    if (!SendNetwork(protocol, datagram, now))
    {
        return false;
    }
    ++m_counters.datagramsOut;
    m_lastTraffic = now;
    return true;
}

bool
PppLink::SendNetwork(uint16_t protocol, const Bytes& packet, TimeNs now)
{
    if (m_mppe)
    {
        // RFC 1990 §1 / RFC 1962: CCP (and MPPE) run on the bundle, so a packet is encrypted
        // first and the 0x00FD packet is what Multilink fragments.
        Bytes sealed = m_mppe->Encrypt(protocol, packet);
        if (m_mpTx && !SendMp(kPppMppe, sealed, now))
        {
            return false;
        }
        if (!m_mpTx)
        {
            SendRaw(kPppMppe, sealed, now);
        }
        ++m_counters.encryptedOut;
        return true;
    }
    if (m_encryption == PppEncryption::REQUIRED)
    {
        ++m_counters.heldForEncryption; // never in clear when encryption is required
        return false;
    }
    if (m_mpTx)
    {
        return SendMp(protocol, packet, now);
    }
    SendRaw(protocol, packet, now);
    return true;
}

} // namespace ns3
