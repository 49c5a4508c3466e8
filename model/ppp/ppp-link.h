/**
 * \file
 * \brief One PPP link (RFC 1661 §3 phases): LCP, then authentication (PAP, CHAP, MS-CHAP), then the
 * network control protocols (IPCP, IPV6CP, and BCP for a bridged profile), with RouterOS's
 * keepalive schedule on top.
 *
 * Sans-IO like the other cores: every input takes `now`; outputs are calls into the Owner (frames
 * to send, hang-up, the network layer going up or down, datagrams, events). The link knows nothing
 * of what carries its frames (an L2TP session today; runner/ppp-over-l2tp.h is that glue).
 *
 * Phases (RFC 1661 §3.2): Dead -> (lower layer Up) Establish -> (LCP This-Layer-Up) Authenticate
 * -> (every authentication asked for by either side succeeded, and the server granted the
 * session) Network -> (LCP This-Layer-Down) Terminate -> (LCP This-Layer-Finished) Dead, where
 * the owner is asked to hang up the lower layer.
 *
 * Receive rules: during Establish only LCP is processed (§3.3: anything else is silently
 * discarded); during Authenticate only LCP and the negotiated authentication protocol (§3.4);
 * network-layer packets only when their NCP is Opened (§3.5); a protocol this link does not
 * implement at all gets an LCP Protocol-Reject once LCP is Opened (§5.7).
 *
 * Keepalive (RouterOS `keepalive-timeout`): when nothing was received for the timeout, an LCP
 * Echo-Request is sent every `echoInterval`; each one unanswered when the next is due logs
 * `lcp-echo-missed` ("LCP missed echo reply"), and after `echoMisses` of them the link hangs up
 * with reason KEEPALIVE_TIMEOUT. Any frame received resets the schedule.
 */
#ifndef L2TPLAB_PPP_LINK_H
#define L2TPLAB_PPP_LINK_H

#include "model/common/byte-buffer.h"
#include "model/common/events.h"
#include "model/common/time.h"
#include "model/ppp/ppp-auth.h"
#include "model/ppp/ppp-ccp.h"
#include "model/ppp/ppp-bcp.h"
#include "model/ppp/ppp-ipcp.h"
#include "model/ppp/ppp-ipv6cp.h"
#include "model/ppp/ppp-lcp.h"
#include "model/ppp/ppp-mp.h"
#include "model/ppp/ppp-mplscp.h"
#include "model/ppp/ppp-mppe.h"

#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace ns3
{

/** \brief RFC 1661 §3.2 link phases. */
enum class PppPhase : uint8_t
{
    DEAD,         //!< no lower layer
    ESTABLISH,    //!< LCP negotiating
    AUTHENTICATE, //!< PAP/CHAP/MS-CHAP running
    NETWORK,      //!< NCPs negotiating or open
    TERMINATE,    //!< LCP closing
};

/** \brief "dead", "establish", "authenticate", "network", "terminate". */
const char* ToString(PppPhase p);

/** \brief Which end of the call: the server authenticates the client and assigns addresses. */
enum class PppLinkRole : uint8_t
{
    CLIENT, //!< RouterOS l2tp-client: authenticates itself, takes an address
    SERVER, //!< RouterOS l2tp-server: authenticates the peer, grants addresses
};

/** \brief Why the link asked its owner to hang up. */
enum class PppHangupReason : uint8_t
{
    LINK_FINISHED,       //!< LCP finished (Terminate exchanged, Max-Configure, peer closed)
    AUTH_FAILED,         //!< authentication failed (either direction)
    REFUSED,             //!< the server refused an authenticated user (pool exhausted, ...)
    KEEPALIVE_TIMEOUT,   //!< no answer to the keepalive echoes
    NCP_FAILED,          //!< no network protocol could be opened
    ENCRYPTION_REQUIRED, //!< use-encryption=required and MPPE was not agreed
    MPLS_REQUIRED,       //!< use-mpls=required and MPLSCP did not open
    SESSION_TIMEOUT,     //!< the profile's session-timeout ran out
    IDLE_TIMEOUT,        //!< the profile's idle-timeout passed without traffic
};

/** \brief "link-finished", "auth-failed", "refused", "keepalive-timeout", "ncp-failed",
 * "encryption-required", "mpls-required", "session-timeout", "idle-timeout". */
const char* ToString(PppHangupReason r);

/** \brief Configuration of one link. */
struct PppLinkConfig
{
    PppLinkRole role{PppLinkRole::CLIENT}; //!< which end
    PppLcpConfig lcp;                      //!< LCP options (auth lists included)
    PppIpcpConfig ipcp;              //!< client: as is; server: completed by Owner::PppAuthorize
    bool ipv6{false};                //!< run IPV6CP (else IPV6CP is Protocol-Rejected, §5.7)
    PppIpv6cpConfig ipv6cp;          //!< IPV6CP options
    bool bridge{false};              //!< run BCP next to IPCP (RouterOS profile `bridge=`)
    PppBcpConfig bcp;                //!< BCP options (RFC 3518)
    bool bridgeLanFcs{false};        //!< send bridged frames with the LAN FCS (F flag)
    std::string user;                //!< client: Peer-ID / Name
    std::string password;            //!< client: secret
    std::string ourName{"MikroTik"}; //!< server: the authenticator's Name (RouterOS identity)
    PppSecretLookup lookup;          //!< server: the secrets database
    PppAuthTimers authTimers;        //!< authentication retransmission
    uint64_t seed{1};                //!< DetRandom seed for challenges
    TimeNs keepaliveTimeout{kNever}; //!< RouterOS keepalive-timeout (kNever = disabled)
    TimeNs echoInterval{kSec};       //!< spacing of keepalive echoes once probing
    uint32_t echoMisses{5};          //!< unanswered echoes before hanging up
    PppEncryption encryption{PppEncryption::NO}; //!< MPPE policy (CCP, RFC 3078)
    /** \brief MPLSCP (RFC 3032 §4.3.1) in the Network phase: NO never sends it (a peer's is
     * Protocol-Rejected), YES runs it next to the NCPs, REQUIRED hangs up unless it opens
     * (RouterOS profile `use-mpls`). */
    PppMplsPolicy mpls{PppMplsPolicy::NO};
    PppCcpConfig ccp; //!< CCP knobs (mppe/required are set from `encryption`)
    /** \brief RouterOS profile session-timeout: hang up this long after the Network phase
     * began (kNever = no limit). */
    TimeNs sessionTimeout{kNever};
    /** \brief RouterOS profile idle-timeout: hang up when no datagram or bridged frame crossed
     * the link, either way, for this long in the Network phase (kNever = never). */
    TimeNs idleTimeout{kNever};
};

/**
 * \brief What differs between links that share one PppLinkConfig (PppLink's sharing
 * constructor): the random seeds and the secrets lookup. A server node's sessions share one
 * configuration, a client's reconnections the client's; 100,000 sessions then hold one copy, not
 * 100,000 (each ~700 bytes with its lists and strings).
 */
struct PppLinkOwn
{
    uint64_t lcpMagicSeed{1}; //!< replaces lcp.magicSeed
    uint64_t seed{1};         //!< replaces seed (authentication challenges)
    uint64_t ipv6cpSeed{1};   //!< replaces ipv6cp.magicSeed
    PppSecretLookup lookup;   //!< replaces lookup (server)

    /** \brief The per-link values a configuration holds. */
    static PppLinkOwn Of(const PppLinkConfig& c);
};

/** \brief Counters of one link (frame level; the protocols keep their own). */
struct PppLinkCounters
{
    uint64_t framesIn{0};           //!< frames received
    uint64_t framesOut{0};          //!< frames sent
    uint64_t malformed{0};          //!< frames that did not decode (dropped)
    uint64_t discarded{0};          //!< silently discarded in the wrong phase (§3.3-3.5)
    uint64_t protocolRejectsOut{0}; //!< Protocol-Rejects sent
    uint64_t datagramsIn{0};        //!< network datagrams delivered up
    uint64_t datagramsOut{0};       //!< network datagrams sent
    uint64_t echoesSent{0};         //!< keepalive Echo-Requests
    uint64_t echoesMissed{0};       //!< keepalive Echo-Requests unanswered
    uint64_t encryptedIn{0};        //!< MPPE packets decrypted (protocol 0x00FD)
    uint64_t encryptedOut{0};       //!< MPPE packets sent
    uint64_t mppeDropped{0};        //!< MPPE packets dropped (reasons: Mppe::Counters)
    uint64_t clearDropped{0};       //!< clear datagrams dropped while MPPE is in force
    uint64_t heldForEncryption{0};  //!< datagrams not sent: encryption required, MPPE not up yet
    uint64_t bridgedIn{0};          //!< bridged frames (0x0031) delivered to the bridge port
    uint64_t bridgedOut{0};         //!< bridged frames sent
    uint64_t bridgedDropped{0};     //!< bridged frames dropped (BCP not Opened, or not decoded)
    uint64_t mplsDropped{0};        //!< labelled packets received with MPLSCP Opened: dropped
};

/**
 * \brief Multilink (RFC 1990) on this link. MP is sent when the peer announced an MRRU (it can
 * reassemble) and received when the peer Acked ours; every network datagram then goes in MP
 * (a small one as a single B+E fragment), a large one in as many fragments as the peer's MRU
 * requires, up to the peer's MRRU. Plain frames still arrive and are accepted (a peer that Acked
 * our MRRU but does not speak MP: the field bug), counted as `plainIn`.
 */
struct PppMpLinkCounters
{
    uint64_t packetsOut{0};    //!< datagrams sent in MP
    uint64_t fragmentsOut{0};  //!< MP fragments sent
    uint64_t overMrruOut{0};   //!< datagrams not sent: longer than the peer's MRRU
    uint64_t plainIn{0};       //!< network-layer frames received without MP header
    uint64_t malformed{0};     //!< MP frames whose header did not decode
    uint64_t reservedBits{0};  //!< MP headers with reserved bits set (accepted)
    uint64_t linkControlIn{0}; //!< link-control protocols (LCP, PAP, CHAP) inside MP: dropped
};

/** \brief One PPP link (see the file comment). */
class PppLink
{
public:
    /** \brief Outputs of the link. */
    class Owner
    {
    public:
        virtual ~Owner() = default;
        /** \brief Send one PPP frame (address/control and protocol field included as negotiated).
         */
        virtual void PppSendFrame(const Bytes& frame, TimeNs now) = 0;
        /** \brief The link is finished: clear the lower layer (the call). */
        virtual void PppHangup(PppHangupReason reason, TimeNs now) = 0;
        /**
         * \brief Server: `user` authenticated; complete `ipcp` (addresses, DNS) or refuse with a
         * reason. \return false to refuse the session.
         */
        virtual bool
        PppAuthorize(const std::string& /*user*/,
                     PppIpcpConfig& /*ipcp*/,
                     std::string& /*refusal*/,
                     TimeNs /*now*/)
        {
            return true;
        }
        /** \brief IPCP reached Opened: the interface can carry IPv4. */
        virtual void
        PppNetworkUp(const PppIpcpResult& /*r*/, TimeNs /*now*/)
        {
        }
        /** \brief IPCP left Opened (or the link went down while it was). */
        virtual void
        PppNetworkDown(TimeNs /*now*/)
        {
        }
        /** \brief IPV6CP reached Opened: the interface can carry IPv6 (RFC 5072 §5: link-local
         * fe80::<r.local>/64). */
        virtual void
        PppIpv6Up(const PppIpv6cpResult& /*r*/, TimeNs /*now*/)
        {
        }
        /** \brief IPV6CP left Opened (or the link went down while it was). */
        virtual void
        PppIpv6Down(TimeNs /*now*/)
        {
        }
        /**
         * \brief Run BCP although the config does not say so: the server learns at
         * authorization whether the user's profile bridges (RouterOS `bridge=`).
         */
        virtual bool
        PppBridgeRequested() const
        {
            return false;
        }
        /** \brief BCP reached Opened (RFC 3518): the link carries bridged frames. */
        virtual void
        PppBridgeUp(const PppBcpResult& /*r*/, TimeNs /*now*/)
        {
        }
        /** \brief BCP left Opened (or the link went down while it was). */
        virtual void
        PppBridgeDown(TimeNs /*now*/)
        {
        }
        /** \brief A bridged LAN frame arrived (Ethernet from its destination address, no FCS). */
        virtual void
        PppBridgedFrameIn(const Bytes& /*ethernet*/, TimeNs /*now*/)
        {
        }
        /** \brief A network datagram arrived (protocol kPppIpv4 or kPppIpv6). */
        virtual void
        PppDatagramIn(uint16_t /*protocol*/, const Bytes& /*datagram*/, TimeNs /*now*/)
        {
        }
        /**
         * \brief An event of the link (`sub` empty) or of one of its control protocols (`sub`
         * "lcp", "ipcp", "ipv6cp"): kind and ordered fields.
         */
        virtual void
        PppEvent(const std::string& /*sub*/,
                 const std::string& /*kind*/,
                 const std::vector<std::pair<std::string, std::string>>& /*fields*/,
                 TimeNs /*now*/)
        {
        }
    };

    /** \brief A link with a copy of `config`. */
    PppLink(const PppLinkConfig& config, Owner& owner);
    /** \brief A link sharing `shared` with other links; `own` replaces its per-link values. */
    PppLink(std::shared_ptr<const PppLinkConfig> shared, PppLinkOwn own, Owner& owner);
    ~PppLink();
    PppLink(const PppLink&) = delete;
    PppLink& operator=(const PppLink&) = delete;

    /** \brief The lower layer is up (RFC 1661 Up event, then Open). */
    void LowerUp(TimeNs now);
    /** \brief The lower layer is gone (RFC 1661 Down event on every protocol). */
    void LowerDown(TimeNs now);
    /** \brief One frame from the lower layer. */
    void FrameIn(const Bytes& frame, TimeNs now);
    /** \brief Earliest timer, or kNever. */
    TimeNs NextDeadline() const;
    /** \brief Fire the timers due at `now`. */
    void OnTimer(TimeNs now);
    /** \brief Administrative close (RFC 1661 Close on LCP: Terminate-Request). */
    void Close(TimeNs now, const std::string& reason);

    /**
     * \brief Server: the MPPE policy of the authorized user's profile (call from
     * Owner::PppAuthorize; CCP starts right after it).
     */
    void
    SetEncryption(PppEncryption e)
    {
        m_encryption = e;
    }

    /** \brief Server: the MPLSCP policy of the authorized user's profile (PppLinkConfig::mpls;
     * call from Owner::PppAuthorize). */
    void
    SetMpls(PppMplsPolicy p)
    {
        m_mpls = p;
    }

    /** \brief Server: the authorized user's profile session-timeout and idle-timeout (kNever =
     * none; call from Owner::PppAuthorize). */
    void
    SetTimeouts(TimeNs session, TimeNs idle)
    {
        m_sessionTimeout = session;
        m_idleTimeout = idle;
    }

    /** \brief Send a network datagram. \return false if its NCP is not Opened. */
    bool SendDatagram(uint16_t protocol, const Bytes& datagram, TimeNs now);

    /**
     * \brief Send an Ethernet frame (from its destination address, without FCS) as a bridged
     * frame (RFC 3518 §4.2). \return false if BCP is not Opened.
     */
    bool SendBridged(const Bytes& ethernet, TimeNs now);

    /** \brief BCP, or nullptr (not bridged, or before the Network phase). */
    const PppBcp*
    Bcp() const
    {
        return m_bcp.get();
    }

    /** \brief True while BCP is Opened. */
    bool
    BridgeUp() const
    {
        return m_bridgeUp;
    }

    /** \brief Current phase. */
    PppPhase
    Phase() const
    {
        return m_phase;
    }

    /** \brief LCP (state and negotiated result). */
    const PppLcp&
    Lcp() const
    {
        return *m_lcp;
    }

    /** \brief IPCP, or nullptr before the Network phase. */
    const PppIpcp*
    Ipcp() const
    {
        return m_ipcp.get();
    }

    /** \brief IPV6CP, or nullptr (IPv6 disabled here, or before the Network phase). */
    const PppIpv6cp*
    Ipv6cp() const
    {
        return m_ipv6cp.get();
    }

    /** \brief MPLSCP, or nullptr (use-mpls=no, or before the Network phase). */
    const PppMplscp*
    Mplscp() const
    {
        return m_mplscp.get();
    }

    /** \brief True while IPV6CP is Opened. */
    bool
    Ipv6Up() const
    {
        return m_ipv6Up;
    }

    /** \brief Authenticated peer name (server) or our user (client); "" before. */
    const std::string&
    PeerName() const
    {
        return m_peerName;
    }

    /** \brief Why authentication failed (NONE if it did not). */
    PppAuthFailure
    AuthFailure() const
    {
        return m_authFailure;
    }

    /** \brief CCP, or nullptr (not started: Network phase not reached, or `no` and no peer CCP). */
    const PppCcp*
    Ccp() const
    {
        return m_ccp.get();
    }

    /** \brief MPPE in force, or nullptr. */
    const Mppe*
    MppeState() const
    {
        return m_mppe.get();
    }

    /** \brief RouterOS monitor `encoding`: "MPPE128 stateless" while MPPE is in force, else "". */
    std::string Encoding() const;

    /** \brief True while IPCP is Opened. */
    bool
    NetworkUp() const
    {
        return m_networkUp;
    }

    /** \brief Frame counters. */
    const PppLinkCounters&
    Counters() const
    {
        return m_counters;
    }

    /** \brief The configuration (shared: per-link values are in PppLinkOwn; the server's
     * SetEncryption and SetTimeouts are not reflected here). */
    const PppLinkConfig&
    Config() const
    {
        return m_config;
    }

    /** \brief MP is sent to the peer (it announced an MRRU, RFC 1990 §5.1.1). */
    bool
    MpSend() const
    {
        return m_mpTx != nullptr;
    }

    /** \brief MP is accepted from the peer (it Acked our MRRU). */
    bool
    MpReceive() const
    {
        return m_mpRx != nullptr;
    }

    /** \brief The interface MTU MP allows: the peer's MRRU while MP is sent, else 0. */
    uint16_t
    MpMtu() const
    {
        return m_mpTx ? m_lcp->Result().peerMrru : 0;
    }

    /** \brief MP counters of this link. */
    const PppMpLinkCounters&
    MpCounters() const
    {
        return m_mp;
    }

    /** \brief The reassembler's counters, or nullptr when MP is not received. */
    const PppMpRxCounters*
    MpRxCounters() const
    {
        return m_mpRx ? &m_mpRx->Counters() : nullptr;
    }

private:
    class CpGlue;
    class AuthGlue;
    friend class CpGlue;
    friend class AuthGlue;

    void SendRaw(uint16_t protocol, const Bytes& info, TimeNs now);
    /** \brief A network-layer packet of the bundle (datagram or bridged frame): through MPPE
     * when in force, then Multilink when negotiated; false if it was not sent. */
    bool SendNetwork(uint16_t protocol, const Bytes& packet, TimeNs now);
    void Emit(const std::string& kind,
              std::vector<std::pair<std::string, std::string>> fields,
              TimeNs now,
              const std::string& sub = "");
    void SetPhase(PppPhase p, TimeNs now);
    void Dispatch(uint16_t protocol, const Bytes& info, TimeNs now);
    void StartMultilink(TimeNs now);
    bool SendMp(uint16_t protocol, const Bytes& datagram, TimeNs now);
    void MpIn(const Bytes& info, TimeNs now);
    bool DispatchControl(uint16_t protocol, const Bytes& info, TimeNs now);
    void RejectOrDiscard(uint16_t protocol, const Bytes& info, TimeNs now);
    bool DispatchBridging(uint16_t protocol, const Bytes& info, TimeNs now);
    void BridgedFrameIn(const Bytes& info, TimeNs now);
    void LcpUp(TimeNs now);
    void LcpDown(TimeNs now);
    void LcpFinished(TimeNs now);
    void NcpUp(uint16_t protocol, TimeNs now);
    void NcpDown(uint16_t protocol, TimeNs now);
    void NcpFinished(uint16_t protocol, TimeNs now);
    void PeerRejectedProtocol(uint16_t protocol, TimeNs now);
    void StartAuthentication(TimeNs now);
    void AuthDone(bool byUs, bool ok, PppAuthFailure why, const std::string& name, TimeNs now);
    void MaybeStartNetwork(TimeNs now);
    void StopNetwork(TimeNs now);
    void StartCcp(bool passive, TimeNs now);
    void CcpUp(TimeNs now);
    void CcpFinished(TimeNs now);
    void MppeIn(const Bytes& info, TimeNs now);
    bool DatagramAllowed(uint16_t protocol) const;
    void Fail(PppHangupReason reason, const std::string& text, TimeNs now);
    void Keepalive(TimeNs now);
    TimeNs KeepaliveDeadline() const;
    TimeNs SessionDeadline() const;
    TimeNs IdleDeadline() const;
    void ProfileTimeouts(TimeNs now);

    struct Glues;

    std::shared_ptr<const PppLinkConfig> m_shared; //!< the configuration (maybe shared)
    const PppLinkConfig& m_config;                 //!< *m_shared
    PppLinkOwn m_own;                              //!< this link's seeds and lookup
    PppEncryption m_encryption;                    //!< m_config's, or SetEncryption's
    PppMplsPolicy m_mpls;                          //!< m_config's, or SetMpls'
    TimeNs m_sessionTimeout;                       //!< m_config's, or SetTimeouts'
    TimeNs m_idleTimeout;                          //!< m_config's, or SetTimeouts'
    Owner& m_owner;
    std::unique_ptr<Glues> m_glues; //!< the protocols' owners, in one allocation
    std::unique_ptr<PppLcp> m_lcp;
    std::unique_ptr<PppIpcp> m_ipcp;
    std::unique_ptr<PppIpv6cp> m_ipv6cp;
    std::unique_ptr<PppMplscp> m_mplscp;
    std::unique_ptr<PppCcp> m_ccp;
    std::unique_ptr<Mppe> m_mppe;
    std::string m_ccpFailure; //!< why MPPE was not agreed (required: the hang-up detail)
    std::unique_ptr<PppBcp> m_bcp;
    std::unique_ptr<PppAuthenticator> m_authenticator;
    std::unique_ptr<PppAuthPeer> m_authPeer;
    PppPhase m_phase{PppPhase::DEAD};
    bool m_lowerUp{false};
    bool m_authByUsDone{false};
    bool m_authByPeerDone{false};
    bool m_networkUp{false};
    bool m_ipv6Up{false};
    bool m_bridgeUp{false};
    bool m_hangupPending{false};
    PppHangupReason m_hangupReason{PppHangupReason::LINK_FINISHED};
    std::string m_peerName;
    PppAuthFailure m_authFailure{PppAuthFailure::NONE};
    TimeNs m_lastRx{0};
    TimeNs m_nextEcho{kNever};
    TimeNs m_networkAt{kNever}; //!< when the Network phase began (kNever: not in it)
    TimeNs m_lastTraffic{0};    //!< last datagram or bridged frame, either way
    uint32_t m_echoOutstanding{0};
    uint32_t m_sessions{0};
    PppLinkCounters m_counters;
    std::unique_ptr<PppMpSender> m_mpTx;      //!< while MP is sent
    std::unique_ptr<PppMpReassembler> m_mpRx; //!< while MP is received
    PppMpLinkCounters m_mp;
};

} // namespace ns3

#endif
