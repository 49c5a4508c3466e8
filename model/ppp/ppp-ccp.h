/**
 * \file
 * \brief The Compression Control Protocol (RFC 1962) on the shared automaton (ppp-cp.h), carrying
 * the one option l2tplab negotiates: MPPE (RFC 3078 §2.1, option 18; MPPC compression, the C bit,
 * is never offered and never accepted). Every other compression option of RFC 1962 §4 is declared
 * and always Configure-Rejected. Reset-Request and Reset-Ack (codes 14, 15, RFC 1962 §5.1-5.2)
 * serve MPPE's stateful mode.
 *
 * CCP runs only in the Network phase (RFC 1962 §2; PppLink starts it with IPCP, after
 * authentication) as protocol 0x80FD. Negotiation of option 18 (RFC 3078 §2.1):
 * - our Configure-Request carries the strengths we allow (S, M, L) and H when we want stateless;
 * - a peer's request is Acked when it names exactly one strength (the strongest we share) and our
 *   H choice; otherwise Nak'd with that single strength (or our strongest, when nothing is
 *   shared) and H; C is never Acked;
 * - a Nak to our request is followed when it names a strength we allow (the strongest of those),
 *   taking its H bit; a Nak naming none of ours, or a Configure-Reject, drops MPPE from our
 *   request (negotiation failure when encryption is required).
 * MPPE is in force when both directions agreed the same bits (Result(), MppeAgreed()).
 */
#ifndef L2TPLAB_PPP_CCP_H
#define L2TPLAB_PPP_CCP_H

#include "model/ppp/ppp-cp.h"
#include "model/ppp/ppp-mppe.h"

#include <functional>

namespace ns3
{

constexpr uint8_t kCcpResetRequest = 14; //!< RFC 1962 §5.1
constexpr uint8_t kCcpResetAck = 15;     //!< RFC 1962 §5.2
constexpr uint8_t kCcpOui = 0;           //!< RFC 1962 §4.1
constexpr uint8_t kCcpMppe = 18;         //!< Microsoft PPE/PPC (RFC 3078 §2.1, RFC 2118)

/** \brief RouterOS `use-encryption` once `default` is resolved (runner/ppp-mapping.cc). */
enum class PppEncryption : uint8_t
{
    NO,       //!< never initiates CCP; a peer's CCP gets MPPE Configure-Rejected
    YES,      //!< offers MPPE; the link stays up unencrypted if the peer refuses
    REQUIRED, //!< offers MPPE; the link is terminated if it is not agreed
};

/** \brief "no", "yes", "required". */
const char* ToString(PppEncryption e);

/** \brief The CCP option table. */
PppOptionTable CcpOptionTable();

/** \brief CCP knobs (RouterOS use-encryption, mapped by runner/ppp-mapping.cc). */
struct PppCcpConfig
{
    bool mppe{true};               //!< offer and accept MPPE (false: Configure-Reject it)
    uint32_t strengths{kMppeBitS}; //!< the strength bits we allow (L, M, S)
    bool stateless{true};          //!< ask for (and prefer) the H bit
    bool required{false};          //!< not agreeing MPPE is a negotiation failure
    PppCpTimers timers;            //!< RFC 1661 §4.6
};

/** \brief What CCP agreed (valid while Opened). */
struct PppCcpResult
{
    uint32_t rxBits{0}; //!< option 18 of our Acked request: how the peer encrypts to us (0: none)
    uint32_t txBits{0}; //!< option 18 of the peer's request we Acked: how we encrypt (0: none)
};

/** \brief CCP on one link. */
class PppCcp : private PppCpNegotiator, public PppControlProtocol
{
public:
    PppCcp(const PppCcpConfig& cfg, PppControlProtocol::Owner& owner);

    /** \brief The agreed values. */
    const PppCcpResult& Result() const;

    /**
     * \brief Opened, and both directions agreed MPPE with the same strength and mode.
     * \param strength set to the agreed strength
     * \param stateless set to the agreed mode
     */
    bool MppeAgreed(MppeStrength& strength, bool& stateless) const;

    /** \brief Send a Reset-Request (Opened only; RFC 1962 §5.1). \return false if not sent. */
    bool SendResetRequest(TimeNs now);

    /** \brief Called when a Reset-Request is received in Opened (before the Reset-Ack goes out). */
    void SetResetHandler(std::function<void(TimeNs)> handler);

    /** \brief Why the peer's part failed ("" if not): mppe-rejected-by-peer,
     * mppe-no-common-strength. */
    std::string FailureReason() const;

private:
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
    bool ReceiveExtraCode(const PppCpPacket& p, TimeNs now) override;
    const char* ExtraCodeName(uint8_t code) const override;

    PppCcpConfig m_cfg;                         //!< knobs
    PppCcpResult m_result;                      //!< agreed values
    bool m_sendMppe{true};                      //!< option 18 in our request
    uint32_t m_bits{0};                         //!< its value
    bool m_rejectedByPeer{false};               //!< the peer Configure-Rejected option 18
    bool m_noCommon{false};                     //!< the peer Nak'd only strengths we refuse
    uint8_t m_resetId{0};                       //!< Identifier of our last Reset-Request
    std::function<void(TimeNs)> m_resetHandler; //!< Reset-Request received
};

} // namespace ns3

#endif
