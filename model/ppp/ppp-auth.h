/**
 * \file
 * \brief PPP authentication phase (RFC 1661 §3.5), both ends, every method RouterOS offers:
 * PAP (RFC 1334 §2), CHAP with MD5 (RFC 1994), MS-CHAPv1 (RFC 2433) and MS-CHAPv2 (RFC 2759).
 *
 * PppAuthenticator is the side that checks the peer (RouterOS l2tp-server), PppAuthPeer the side
 * that proves itself (l2tp-client). Both are sans-IO: packets go out through Owner::AuthSend as the
 * PPP Information field of protocol c023 (PAP) or c223 (CHAP family), timers are NextDeadline() /
 * OnTimer(now), "random" challenges come from a DetRandom seeded by the caller.
 *
 * Retransmission: the PAP peer repeats its Authenticate-Request (new Identifier each time) every
 * restart interval until an Ack/Nak or maxTries requests (RFC 1334 §2.2.1); the CHAP authenticator
 * repeats its Challenge (new Identifier and value, RFC 1994 §4.1) until a Response or maxTries
 * challenges. The waiting side (PAP authenticator, CHAP peer) gives up after restart x maxTries.
 * A repeated Request/Response after the decision is answered again with the same verdict (the
 * Ack/Success may have been lost, RFC 1334 §2.2.1, RFC 1994 §4.2).
 *
 * Malformed packets, packets of the other direction and Responses/replies to an Identifier that
 * is not the outstanding one are counted (GetCounters(), rows in model/ppp/ppp-observables.h),
 * reported as an "auth-drop" event and dropped.
 */
#ifndef L2TPLAB_PPP_AUTH_H
#define L2TPLAB_PPP_AUTH_H

#include "model/common/byte-buffer.h"
#include "model/common/crypto.h"
#include "model/common/events.h"
#include "model/common/time.h"
#include "model/ppp/ppp-auth-method.h"

#include <functional>
#include <string>

namespace ns3
{

/** \brief Why an authentication failed. */
enum class PppAuthFailure
{
    NONE,                       //!< it did not fail
    UNKNOWN_USER,               //!< no secret with that name
    WRONG_PASSWORD,             //!< the response/password does not match the secret
    SECRET_DISABLED,            //!< the secret exists but is disabled
    SERVICE_NOT_ALLOWED,        //!< the secret's `service` does not allow this service
    METHOD_NOT_ALLOWED,         //!< no method both sides allow (LCP decides; kept for the link)
    TIMEOUT,                    //!< no answer after maxTries
    REJECTED_BY_PEER,           //!< peer side: the authenticator sent Nak / Failure
    BAD_AUTHENTICATOR_RESPONSE, //!< MS-CHAPv2 peer: the Success's S= value is wrong (RFC 2759 §5)
    MALFORMED,                  //!< a malformed packet ended the exchange
};

/** \brief "none", "unknown-user", "wrong-password", "secret-disabled", ... (kebab-case). */
const char* PppAuthFailureName(PppAuthFailure f);

/** \brief What the AAA (RouterOS /ppp secret) says about a user. */
struct PppSecretAnswer
{
    PppAuthFailure refusal{
        PppAuthFailure::NONE}; //!< UNKNOWN_USER / SECRET_DISABLED / SERVICE_NOT_ALLOWED, or NONE
    std::string password;      //!< valid when refusal == NONE
};

/** \brief The AAA lookup the authenticator calls with the peer's name. */
using PppSecretLookup = std::function<PppSecretAnswer(const std::string& user)>;

/** \brief Retransmission: every `restart`, at most `maxTries` transmissions. */
struct PppAuthTimers
{
    TimeNs restart{3 * kSec}; //!< restart timer
    uint32_t maxTries{10};    //!< transmissions before giving up
};

/** \brief Where either side's packets, verdict and events go. */
class PppAuthOwner
{
public:
    virtual ~PppAuthOwner() = default;
    /** \brief Send info (a PAP or CHAP packet) as a PPP frame of `protocol`. */
    virtual void AuthSend(uint16_t protocol, const Bytes& info, TimeNs now) = 0;
    /**
     * \brief The verdict, once (the authenticator: after its Ack/Nak/Success/Failure was sent);
     * peerName is the peer's PAP Peer-ID / CHAP Name, or for the peer side the authenticator's
     * CHAP Name ("" with PAP).
     */
    virtual void AuthDone(bool ok, PppAuthFailure why, const std::string& peerName, TimeNs now) = 0;
    /** \brief Observable happening: kind is a row of kPppAuthEventKinds, detail key=value. */
    virtual void
    AuthEvent(const std::string& /*kind*/, const std::string& /*detail*/, TimeNs /*now*/)
    {
    }
};

/**
 * \brief What the authenticator and the peer share: the method, the dispatch of c023/c223 frames
 * to the PAP or CHAP handler, the verdict, the retransmission deadline and the counters.
 */
class PppAuthSide
{
public:
    using Owner = PppAuthOwner;
    virtual ~PppAuthSide() = default;

    /** \brief Begin (NONE: succeeds at once; otherwise the side's first step). */
    void Start(TimeNs now);
    /** \brief A frame of protocol c023 or c223 (info = its Information field). */
    void Input(uint16_t protocol, const Bytes& info, TimeNs now);
    /** \brief When OnTimer wants to run (kNever when done). */
    TimeNs NextDeadline() const;
    /**
     * \brief Run what is due at now: the side that speaks first (CHAP authenticator, PAP peer)
     * retransmits until maxTries, then times out; the waiting side times out.
     */
    void OnTimer(TimeNs now);

    bool
    Done() const
    {
        return m_done;
    }
    bool
    Succeeded() const
    {
        return m_done && m_failure == PppAuthFailure::NONE;
    }
    PppAuthFailure
    Failure() const
    {
        return m_failure;
    }
    /** \brief MS-CHAP: what MPPE needs (ppp-mschap.h MsChapKeyMaterial); empty otherwise. */
    const Bytes&
    MasterKeyMaterial() const
    {
        return m_keyMaterial;
    }
    /** \brief Counters (names in kPppAuthCounters, without the "auth/" state path prefix). */
    const Counters&
    GetCounters() const
    {
        return m_counters;
    }

protected:
    /** \param role "authenticator" or "peer" (the auth-start event says which) */
    PppAuthSide(PppAuthMethod method,
                uint64_t seed,
                const PppAuthTimers& timers,
                Owner& owner,
                const char* role);

    /** \brief Does this side send first with m_method (CHAP: the authenticator; PAP: the peer)? */
    virtual bool SpeaksFirst() const = 0;
    /** \brief Send the first or next Challenge / Authenticate-Request. */
    virtual void Transmit(TimeNs now) = 0;
    virtual void InputPap(const Bytes& info, TimeNs now) = 0;
    virtual void InputChap(const Bytes& info, TimeNs now) = 0;
    /** \brief Decide (once) and tell the owner. */
    virtual void Finish(PppAuthFailure why, TimeNs now) = 0;

    /**
     * \brief Record the verdict: counter, auth-success / auth-failure event (failureNote
     * appended to the failure's detail), Owner::AuthDone.
     */
    void Report(PppAuthFailure why,
                const std::string& peerName,
                const std::string& failureNote,
                TimeNs now);
    /** \brief Count `counter` ("drop/...") and emit auth-drop. */
    void Drop(const std::string& counter, const std::string& detail, TimeNs now);
    void Event(const std::string& kind, const std::string& detail, TimeNs now);

    PppAuthMethod m_method;
    DetRandom m_random;
    PppAuthTimers m_timers;
    Owner& m_owner;
    const char* m_role;
    bool m_started{false};
    bool m_done{false};
    PppAuthFailure m_failure{PppAuthFailure::NONE};
    Bytes m_keyMaterial;
    uint8_t m_nextId{1};
    uint8_t m_id{0};    //!< Identifier of the outstanding Challenge / Request / Response
    uint32_t m_sent{0}; //!< Challenges (authenticator) or PAP Requests (peer) sent
    TimeNs m_deadline{kNever};
    Counters m_counters;
};

/** \brief Server side: checks the peer. */
class PppAuthenticator : public PppAuthSide
{
public:
    /**
     * \param method what LCP negotiated (NONE: Start() succeeds at once)
     * \param ourName CHAP Name of the authenticator (RouterOS identity, "MikroTik" by default)
     * \param lookup the AAA
     * \param challengeSeed seeds the DetRandom of the challenge values
     */
    PppAuthenticator(PppAuthMethod method,
                     const std::string& ourName,
                     PppSecretLookup lookup,
                     uint64_t challengeSeed,
                     const PppAuthTimers& timers,
                     Owner& owner);

    /** \brief The name the peer gave (PAP Peer-ID, CHAP Name); "" before. */
    const std::string&
    PeerName() const
    {
        return m_peerName;
    }

private:
    bool SpeaksFirst() const override;
    void Transmit(TimeNs now) override; // a Challenge
    void InputPap(const Bytes& info, TimeNs now) override;
    void InputChap(const Bytes& info, TimeNs now) override;
    void Finish(PppAuthFailure why, TimeNs now) override;
    void RepeatVerdict(uint8_t id, TimeNs now);
    PppAuthFailure CheckChapResponse(const Bytes& value,
                                     const std::string& name,
                                     uint8_t id,
                                     std::string& successMessage);
    PppAuthFailure CheckMsChapV2(const Bytes& value,
                                 const std::string& name,
                                 const std::string& secret,
                                 std::string& successMessage);
    std::string FailureMessage(PppAuthFailure why);
    void SendVerdict(uint8_t id, bool ok, const std::string& message, TimeNs now);

    std::string m_ourName;
    PppSecretLookup m_lookup;
    std::string m_peerName;
    Bytes m_challenge;            //!< value of the outstanding Challenge (CHAP)
    uint8_t m_verdictCode{0};     //!< Ack/Nak/Success/Failure code sent (for repeats)
    std::string m_verdictMessage; //!< and its message
    uint8_t m_verdictId{0};       //!< and its Identifier
};

/** \brief Client side: proves itself to the authenticator. */
class PppAuthPeer : public PppAuthSide
{
public:
    /**
     * \param seed seeds the DetRandom of the MS-CHAPv2 Peer-Challenge
     */
    PppAuthPeer(PppAuthMethod method,
                const std::string& user,
                const std::string& password,
                uint64_t seed,
                const PppAuthTimers& timers,
                Owner& owner);

    /** \brief The Failure/Nak message of the authenticator ("" if none). */
    const std::string&
    PeerMessage() const
    {
        return m_peerMessage;
    }

private:
    bool SpeaksFirst() const override;
    void Transmit(TimeNs now) override; // a PAP Authenticate-Request
    void InputPap(const Bytes& info, TimeNs now) override;
    void InputChap(const Bytes& info, TimeNs now) override;
    void Finish(PppAuthFailure why, TimeNs now) override;
    void AnswerChallenge(uint8_t id, const Bytes& challenge, const std::string& name, TimeNs now);
    void ChapSuccess(const std::string& message, TimeNs now);

    std::string m_user;
    std::string m_password;
    std::string m_authenticatorName;
    std::string m_peerMessage;
    bool m_responded{false}; //!< CHAP: a Response is outstanding
    std::string m_expectedS; //!< MS-CHAPv2: the "S=..." the authenticator must send
};

} // namespace ns3

#endif
