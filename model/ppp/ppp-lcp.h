/**
 * \file
 * \brief The Link Control Protocol (RFC 1661 §5, §6; RFC 1990 §5.1 multilink options) on the
 * shared automaton (ppp-cp.h): its option table and policy, Magic-Number loop detection (§6.4),
 * Authentication-Protocol negotiation on both sides, Echo (§5.8), Discard (§5.9) and
 * Protocol-Reject (§5.7).
 */
#ifndef L2TPLAB_PPP_LCP_H
#define L2TPLAB_PPP_LCP_H

#include "model/common/crypto.h"
#include "model/ppp/ppp-auth-method.h"
#include "model/ppp/ppp-cp.h"

#include <memory>
#include <vector>

namespace ns3
{

constexpr uint8_t kLcpMru = 1;                    //!< RFC 1661 §6.1
constexpr uint8_t kLcpAccm = 2;                   //!< RFC 1662 §7.1
constexpr uint8_t kLcpAuthProtocol = 3;           //!< RFC 1661 §6.2
constexpr uint8_t kLcpQualityProtocol = 4;        //!< RFC 1661 §6.3
constexpr uint8_t kLcpMagicNumber = 5;            //!< RFC 1661 §6.4
constexpr uint8_t kLcpPfc = 7;                    //!< RFC 1661 §6.5
constexpr uint8_t kLcpAcfc = 8;                   //!< RFC 1661 §6.6
constexpr uint8_t kLcpCallback = 13;              //!< RFC 1570 §2.3
constexpr uint8_t kLcpMrru = 17;                  //!< RFC 1990 §5.1.1
constexpr uint8_t kLcpShortSequence = 18;         //!< RFC 1990 §5.1.2
constexpr uint8_t kLcpEndpointDiscriminator = 19; //!< RFC 1990 §5.1.3

/** \brief The LCP option table (declared: what we negotiate and what we always Reject). */
PppOptionTable LcpOptionTable();

/**
 * \brief RFC 1990 §5.1.3: is `data` (class octet + address) a valid Endpoint Discriminator?
 * Class 0 (null) has no address, 1 (locally assigned) and 4 (PPP magic-number block) up to 20
 * octets, 2 (IPv4) 4, 3 (IEEE 802.1 MAC) 6, 5 (PSTN directory number) up to 15; other classes
 * are not defined.
 */
bool ValidEndpointDiscriminator(const Bytes& data);

/** \brief LCP knobs (RouterOS names in the comments). */
struct PppLcpConfig
{
    uint16_t mru{1500};                     //!< we advertise (max-mru); 1500 is not sent
    uint16_t maxPeerMru{1500};              //!< we accept up to this from the peer (max-mtu)
    std::vector<PppAuthMethod> authRequire; //!< authenticator: methods we ask for, preferred first
    std::vector<PppAuthMethod> authAccept;  //!< peer: methods we agree to do (empty: refuse all)
    bool pfc{false};                        //!< request PFC (§6.5)
    bool acfc{false};                       //!< request ACFC (§6.6)
    uint32_t accm{0};                       //!< async only; 0 = not sent
    /**
     * Configure-Reject the peer's ACCM (RFC 1662 §7.1: it maps control characters of async HDLC
     * framing; L2TP carries PPP synchronously), as a real RouterOS LNS does. Off: Ack it.
     */
    bool rejectAccm{false};
    uint16_t mrru{0};            //!< 0 = not sent, and the peer's MRRU is Rejected
    bool shortSequence{false};   //!< with mrru: ask for 12-bit MP sequence numbers
    Bytes endpointDiscriminator; //!< class octet + address; empty = not sent
    /**
     * A broken peer as found in the field (tests only): Ack the peer's MRRU although multilink is
     * off here (mrru 0), then never speak MP.
     */
    bool ackMrruWithoutMp{false};
    PppCpTimers timers;    //!< §4.6
    uint64_t magicSeed{1}; //!< DetRandom seed for Magic-Numbers (§6.4)
};

/** \brief What LCP agreed (valid while Opened). */
struct PppLcpResult
{
    uint16_t peerMru{1500};                        //!< the peer receives up to this (we send)
    uint16_t ourMru{1500};                         //!< we receive up to this
    PppAuthMethod authByUs{PppAuthMethod::NONE};   //!< we authenticate the peer with this
    PppAuthMethod authByPeer{PppAuthMethod::NONE}; //!< the peer authenticates us with this
    bool txPfc{false};               //!< we may send compressed protocol fields (the peer asked)
    bool txAcfc{false};              //!< we may omit FF 03 (the peer asked)
    bool rxPfc{false};               //!< the peer may send compressed protocol fields (we asked)
    bool rxAcfc{false};              //!< the peer may omit FF 03 (we asked)
    uint32_t ourMagic{0};            //!< our Magic-Number (0: not negotiated)
    uint32_t peerMagic{0};           //!< the peer's Magic-Number (0: not negotiated)
    uint16_t peerMrru{0};            //!< the peer's MRRU (0: none): MP may be sent to it
    uint16_t ourMrru{0};             //!< our MRRU as the peer Acked it (0: none): MP may come in
    bool txShortSequence{false};     //!< the peer asked for 12-bit sequence numbers (§5.1.2)
    bool rxShortSequence{false};     //!< we asked for them and the peer Acked
    Bytes peerEndpointDiscriminator; //!< the peer's Endpoint Discriminator (empty: none)
};

/**
 * \brief LCP on one link.
 */
class PppLcp : private PppCpNegotiator, public PppControlProtocol
{
public:
    /** \brief With a copy of `cfg`. */
    PppLcp(const PppLcpConfig& cfg, PppControlProtocol::Owner& owner);
    /** \brief With `cfg` shared (a link's configuration); `magicSeed` replaces cfg.magicSeed. */
    PppLcp(std::shared_ptr<const PppLcpConfig> cfg,
           uint64_t magicSeed,
           PppControlProtocol::Owner& owner);

    /** \brief What was agreed (valid while Opened). */
    const PppLcpResult& Result() const;
    /** \brief Send an Echo-Request carrying our Magic-Number (§5.8); only in Opened. */
    void SendEchoRequest(TimeNs now);
    /** \brief Protocol-Reject `protocol` with the rejected information (§5.7); only in Opened. */
    void SendProtocolReject(uint16_t protocol, const Bytes& info, TimeNs now);
    /** \brief The Magic-Number our next Configure-Request carries. */
    uint32_t CurrentMagic() const;

private:
    // PppCpNegotiator
    PppOptionTable OptionTable() const override;
    void NegotiationReset() override;
    std::vector<PppCpOption> BuildRequest() override;
    PppOptionVerdict CheckPeerOption(const PppCpOption& option,
                                     Bytes& nakData,
                                     TimeNs now) override;
    void PeerRequestAcked(const std::vector<PppCpOption>& request) override;
    void OurRequestAcked(const std::vector<PppCpOption>& request) override;
    void OurOptionNaked(const PppCpOption& suggestion, TimeNs now) override;
    void OurOptionRejected(const PppCpOption& option, TimeNs now) override;
    std::string NegotiationFailure() const override;

    void OnReceiveEchoOrDiscard(const PppCpPacket& p, TimeNs now) override;

    PppOptionVerdict CheckPeerMagic(uint32_t magic, Bytes& nakData);
    PppOptionVerdict CheckPeerAuth(const Bytes& data, Bytes& nakData) const;
    void AuthNaked(const Bytes& data);
    uint32_t NewMagic(uint32_t avoid);

    std::shared_ptr<const PppLcpConfig> m_shared; //!< the knobs (maybe shared)
    const PppLcpConfig& m_cfg;                    //!< *m_shared
    DetRandom m_random;                           //!< Magic-Numbers
    PppLcpResult m_result;                        //!< agreed values
    // what our next Configure-Request carries
    bool m_sendMru{false};        //!< MRU option
    uint16_t m_mru{1500};         //!< its value
    bool m_sendAccm{false};       //!< ACCM option
    uint32_t m_accm{0};           //!< its value
    size_t m_authIndex{0};        //!< index in authRequire of the method we ask for
    bool m_authFailed{false};     //!< authRequire exhausted or Auth-Protocol Rejected
    bool m_sendMagic{true};       //!< Magic-Number option
    uint32_t m_magic{0};          //!< its value
    bool m_sendPfc{false};        //!< PFC
    bool m_sendAcfc{false};       //!< ACFC
    bool m_sendMrru{false};       //!< MRRU
    uint16_t m_mrru{0};           //!< its value
    bool m_sendShortSeq{false};   //!< Short-Sequence-Number-Header-Format
    bool m_sendEd{false};         //!< Endpoint Discriminator
    uint32_t m_lastNakMagic{0};   //!< the Magic-Number we suggested in our last Nak (§6.4)
    uint32_t m_loopSuspicions{0}; //!< consecutive requests carrying our own Magic-Number
    bool m_looped{false};         //!< looped-back link detected (§6.4): LCP closes
};

} // namespace ns3

#endif
