/**
 * \file
 * \brief The IKEv1 engine behind IkeEngine (ike-api.h): main mode with a pre-shared key
 * (RFC 2409 §5, §5.4), quick mode (§5.5) for transport-mode ESP protecting L2TP (RFC 3193),
 * NAT traversal (RFC 3947), informational exchanges (DELETE, INITIAL-CONTACT RFC 2407 §4.6.3.3,
 * DPD RFC 3706) and retransmission.
 *
 * Choices where the RFCs leave them to implementations (documented in docs/ipsec.md):
 * - retransmission as strongSwan: 4 s, then x1.8 each time, 5 retransmissions, give up one
 *   interval after the last (4 + 7.2 + 13 + 23.3 + 42 + 75.6 = 165 s);
 * - the initiator offers one proposal whose transforms are the product of the peer's enc x hash
 *   x dh lists (RouterOS order); the responder takes the first offered transform its own lists
 *   allow (RFC 2408 §4.2: the responder chooses);
 * - wrong PSK: the responder decrypts message 5 with a key the initiator did not use; garbage
 *   that does not parse gets PAYLOAD-MALFORMED, a parse that survives but whose HASH_I does not
 *   verify gets INVALID-HASH-INFORMATION (racoon and strongSwan 5 answer the same way: an
 *   unencrypted informational, as no shared key can be trusted); the event is "phase1-failed"
 *   with reason "auth-failed";
 * - DPD: after dpd-interval without traffic from the peer an R-U-THERE goes out; each further
 *   interval without its ACK is a failure; dpd-maximum-failures of them end the peer
 *   ("dpd-timeout", DELETE_SA for its SAs);
 * - determinism: cookies, nonces, DH exponents, SPIs and CBC IV seeds come from a SplitMix64
 *   generator seeded by `seed`: reproducible simulations, not secrets.
 */
#ifndef L2TPLAB_IPSEC_IKE_ENGINE_H
#define L2TPLAB_IPSEC_IKE_ENGINE_H

#include "model/common/crypto.h"
#include "model/common/events.h"
#include "model/ipsec/ike-api.h"
#include "model/ipsec/ike-codec.h"
#include "model/ipsec/ike-crypto.h"

#include <array>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace ns3
{

/** \brief Retransmission policy (strongSwan's charon defaults). */
struct IkeRetransmitPolicy
{
    TimeNs first{4 * kSec}; //!< first wait
    double factor{1.8};     //!< growth per retransmission
    int tries{5};           //!< retransmissions before giving up
};

/** \brief Vendor IDs the engine sends and recognises (MD5 of the strings the drafts name). */
struct IkeVendorIdInfo
{
    const char* name; //!< what it stands for
    const char* hex;  //!< the 16 octets
    const char* rfc;  //!< where it is defined
};

/** \brief Every vendor ID row (RFC 3947 §3.1, the NAT-T drafts, RFC 3706 §3). */
const IkeVendorIdInfo* IkeVendorIdTable(size_t& count);

/** \brief NAT-D hash: HASH(CKY-I | CKY-R | IP | Port) (RFC 3947 §3.2). */
Bytes IkeNatDHash(IkeHash h,
                  const std::array<uint8_t, 8>& ckyI,
                  const std::array<uint8_t, 8>& ckyR,
                  const IkeEndpoint& ep);

/** \brief The concrete engine (MakeIkev1Engine returns one); extra read access for tests. */
class Ikev1Engine : public IkeEngine
{
public:
    Ikev1Engine(EventSink& events, uint64_t seed);
    ~Ikev1Engine() override;

    void AddPeer(const IkePeerConfig& peer) override;
    void Acquire(const IkeEndpoint& local,
                 const IkeEndpoint& remote,
                 const IkeSelector& selector,
                 TimeNs now) override;
    void Receive(const IkeEndpoint& local,
                 const IkeEndpoint& remote,
                 const Bytes& message,
                 TimeNs now) override;
    void InboundTraffic(uint32_t spi, TimeNs now) override;
    void SaLifetimeLimit(uint32_t spi, EspSaEvent event, TimeNs now) override;
    void OnTimer(TimeNs now) override;
    TimeNs NextDeadline() const override;
    std::vector<IkeAction> TakeActions() override;
    std::string Ikev1DecryptionTable() const override;

    /** \brief Drops by reason ("ike/drop/<reason>") and other counters. */
    const Counters&
    GetCounters() const
    {
        return m_counters;
    }
    /** \brief Change the retransmission policy (tests). */
    void
    SetRetransmitPolicy(const IkeRetransmitPolicy& p)
    {
        m_rtxPolicy = p;
    }

    struct Phase1;      //!< one ISAKMP SA (main mode)
    struct Phase2;      //!< one quick mode
    struct InstalledSa; //!< an SA pair handed to the carrier

private:
    // --- dispatch (ike-engine.cc)
    void Drop(IkeReason r, const std::string& peer, TimeNs now);
    void Event(const std::string& object,
               const std::string& kind,
               std::vector<std::pair<std::string, std::string>> fields,
               TimeNs now);
    void Send(Phase1& p1, const Bytes& dg, TimeNs now, bool arm);
    void SendRaw(const IkeEndpoint& local, const IkeEndpoint& remote, const Bytes& dg);
    Phase1* FindPhase1(const IsakmpHeader& h);
    int FindPeer(const std::string& addr, bool forInitiating) const;
    /** \brief phase1-failed with `reason` (and `cause` when one is known, e.g. psk-mismatch). */
    void Fail1(Phase1& p1, const std::string& reason, TimeNs now, const std::string& cause = "");
    void RemovePhase1(Phase1* p1);
    Bytes Random(size_t n);
    uint32_t NewSpi();
    bool Encrypt(
        Phase1& p1, IsakmpHeader h, const std::vector<IkeRawPayload>& pl, Bytes& iv, Bytes& out);
    bool Decrypt(Phase1& p1, const Bytes& msg, const IsakmpHeader& h, Bytes& iv, Bytes& plain);
    void OnInformational(Phase1& p1, const Bytes& msg, const IsakmpHeader& h, TimeNs now);
    void OnPlainInformational(const Bytes& msg, TimeNs now);
    void HandleNotify(Phase1& p1, const IkeNotify& n, TimeNs now);
    void HandleDelete(Phase1& p1, const IkeDelete& d, TimeNs now);
    void SendInformational(Phase1& p1, const std::vector<IkeRawPayload>& pl, TimeNs now);
    void SendPlainNotify(const IsakmpHeader& h,
                         const IkeEndpoint& local,
                         const IkeEndpoint& remote,
                         uint16_t type);
    void RemoveSa(InstalledSa& sa, bool notifyPeer, const std::string& why, TimeNs now);
    void TimerPhase1(Phase1& p1, TimeNs now);
    void TimerDpd(Phase1& p1, TimeNs now);
    bool TimerRetransmit(Phase1& p1, Phase2* p2, TimeNs now);
    void TimerSas(TimeNs now);

    // --- rekeying (ike-rekey.cc)
    static TimeNs RekeyTime(TimeNs start, TimeNs lifetime, bool initiator, bool passive);
    Phase1* LivePhase1For(const InstalledSa& sa);
    void RekeySa(InstalledSa& sa, const std::string& trigger, TimeNs now);
    void Supersede(const InstalledSa& fresh, TimeNs now);
    void RekeyPhase1(Phase1& p1, TimeNs now);
    void AdoptSas(Phase1& p1, TimeNs now);

    // --- main mode (ike-main-mode.cc)
    void StartPhase1(int peer, const IkeEndpoint& local, const IkeEndpoint& remote, TimeNs now);
    IkeSa BuildPhase1Offer(const IkePeerConfig& cfg) const;
    bool ChoosePhase1(const IkePeerConfig& cfg,
                      const IkeSa& offer,
                      IkeSa& chosen,
                      Phase1& p1) const;
    std::vector<IkeRawPayload> VendorIds(const Phase1& p1, bool responder) const;
    void ReadVendorIds(Phase1& p1, const std::vector<IkeRawPayload>& pl);
    void OnMainMode(const IkeEndpoint& local,
                    const IkeEndpoint& remote,
                    const Bytes& msg,
                    const IsakmpHeader& h,
                    TimeNs now);
    void OnMm1(const IkeEndpoint& local,
               const IkeEndpoint& remote,
               const Bytes& msg,
               const IsakmpHeader& h,
               TimeNs now);
    void OnMm2(Phase1& p1, const IkeMessage& m, TimeNs now);
    void OnMm3(Phase1& p1, const IkeMessage& m, TimeNs now);
    void OnMm4(Phase1& p1, const IkeMessage& m, TimeNs now);
    void OnMm5(Phase1& p1, const Bytes& msg, const IsakmpHeader& h, TimeNs now);
    void OnMm6(Phase1& p1, const Bytes& msg, const IsakmpHeader& h, TimeNs now);
    std::vector<IkeRawPayload> KeNonceNatd(Phase1& p1);
    bool TakeKeNonce(Phase1& p1, const IkeMessage& m, TimeNs now);
    void DetectNat(Phase1& p1, const IkeMessage& m);
    bool DeriveKeys(Phase1& p1, TimeNs now);
    Bytes Phase1Hash(const Phase1& p1, bool initiator, const Bytes& idBody) const;
    bool ParseMm56(Phase1& p1,
                   const Bytes& msg,
                   const IsakmpHeader& h,
                   IkeId& id,
                   std::vector<IkeRawPayload>& pl,
                   TimeNs now);
    void Established1(Phase1& p1, TimeNs now);
    void InitialContact(Phase1& p1, TimeNs now);

    // --- quick mode (ike-quick-mode.cc)
    void StartQuickMode(Phase1& p1, const IkeSelector& sel, TimeNs now);
    IkeSa BuildPhase2Offer(const Phase1& p1, uint32_t spi) const;
    bool ChoosePhase2(const Phase1& p1, const IkeSa& offer, Phase2& p2, IkeSa& chosen) const;
    bool ReadChosenPhase2(const Phase1& p1, const IkeSa& sa, Phase2& p2) const;
    void OnQuickMode(Phase1& p1, const Bytes& msg, const IsakmpHeader& h, TimeNs now);
    void OnQm1(Phase1& p1, const Bytes& msg, const IsakmpHeader& h, TimeNs now);
    void OnQm2(Phase1& p1, Phase2& p2, const Bytes& msg, const IsakmpHeader& h, TimeNs now);
    void OnQm3(Phase1& p1, Phase2& p2, const Bytes& msg, const IsakmpHeader& h, TimeNs now);
    bool DecryptHashed(Phase1& p1,
                       const Bytes& msg,
                       const IsakmpHeader& h,
                       Bytes& iv,
                       std::vector<IkeRawPayload>& pl,
                       Bytes& hash,
                       Bytes& rest,
                       TimeNs now);
    std::vector<IkeRawPayload> Phase2Tail(Phase1& p1, Phase2& p2, const IkeSa& sa);
    bool ReadPhase2Tail(Phase1& p1, Phase2& p2, const std::vector<IkeRawPayload>& pl, TimeNs now);
    void InstallPair(Phase1& p1, Phase2& p2, TimeNs now);
    Bytes Phase2Hash(const Phase1& p1, uint32_t mid, const Bytes& a, const Bytes& b) const;

    EventSink& m_events;                             //!< where events go
    DetRandom m_rng;                                 //!< cookies, nonces, DH, SPIs
    std::vector<IkePeerConfig> m_peers;              //!< configured peers
    std::vector<std::unique_ptr<Phase1>> m_p1;       //!< ISAKMP SAs (any state)
    std::vector<std::unique_ptr<InstalledSa>> m_sas; //!< installed pairs
    std::vector<IkeAction> m_actions;                //!< pending actions
    std::vector<std::string> m_keyLines;             //!< decryption table, one line per phase 1
    Counters m_counters;                             //!< drops and the like
    IkeRetransmitPolicy m_rtxPolicy;                 //!< retransmission
    uint32_t m_nextReqid{1};                         //!< reqid of the next SA pair
};

} // namespace ns3

#endif
