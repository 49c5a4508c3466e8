/**
 * \file
 * \brief Internal state of Ikev1Engine, shared by ike-engine.cc, ike-main-mode.cc and
 * ike-quick-mode.cc (not part of the carrier contract).
 */
#ifndef L2TPLAB_IPSEC_IKE_ENGINE_STATE_H
#define L2TPLAB_IPSEC_IKE_ENGINE_STATE_H

#include "model/ipsec/ike-engine.h"

namespace ns3
{

/** \brief A message waiting for its answer (or the last answer, for duplicates). */
struct IkeRtx
{
    Bytes dg;            //!< the datagram
    IkeEndpoint local;   //!< from
    IkeEndpoint remote;  //!< to
    int sent{0};         //!< retransmissions so far
    TimeNs next{kNever}; //!< next retransmission (kNever: not armed)
    TimeNs wait{0};      //!< current interval
};

/** \brief Main mode states (RFC 2409 §5: six messages, I = initiator, R = responder). */
enum class IkeP1State : uint8_t
{
    I_MM1_SENT,  //!< initiator sent SA
    I_MM3_SENT,  //!< initiator sent KE, Ni
    I_MM5_SENT,  //!< initiator sent IDii, HASH_I
    R_MM2_SENT,  //!< responder sent SA
    R_MM4_SENT,  //!< responder sent KE, Nr
    ESTABLISHED, //!< ISAKMP SA up
};

/** \brief Quick mode states (RFC 2409 §5.5: three messages). */
enum class IkeP2State : uint8_t
{
    I_QM1_SENT, //!< initiator sent HASH(1), SA, Ni
    R_QM2_SENT, //!< responder sent HASH(2), SA, Nr
    DONE,       //!< SAs installed (kept to answer duplicates)
};

struct Ikev1Engine::Phase2
{
    bool initiator{true};                           //!< we sent QM1
    uint32_t mid{0};                                //!< Message ID
    IkeP2State state{IkeP2State::I_QM1_SENT};       //!< where
    Bytes iv;                                       //!< CBC chain of this exchange
    uint32_t ourSpi{0};                             //!< inbound SPI (ours)
    uint32_t peerSpi{0};                            //!< outbound SPI (the peer's)
    Bytes ni;                                       //!< Ni_b
    Bytes nr;                                       //!< Nr_b
    std::unique_ptr<IkeDh> dh;                      //!< PFS exchange, if any
    Bytes gqmxy;                                    //!< PFS shared secret
    uint16_t pfsGroup{0};                           //!< 0: no PFS
    const IkeCipherInfo* cipher{nullptr};           //!< chosen cipher
    EspIntegrity integ{EspIntegrity::HMAC_SHA1_96}; //!< chosen integrity
    TimeNs lifetime{0};                             //!< chosen lifetime
    uint64_t lifebytes{0};                          //!< chosen byte lifetime (0: none)
    uint16_t encap{2};                              //!< encapsulation mode
    IkeSelector sel;                                //!< what it protects
    IkeRtx rtx;                                     //!< retransmission
    Bytes lastRx;                                   //!< last message received (duplicates)
    uint32_t reqid{0};                              //!< pairs in/out
    std::string peerOa;                             //!< NAT-OA of the peer (its own address)
    Bytes idci;                                     //!< IDci body ("" if none)
    Bytes idcr;                                     //!< IDcr body
    TimeNs created{0};                              //!< start
};

struct Ikev1Engine::Phase1
{
    int peer{-1};                             //!< index in m_peers
    bool initiator{true};                     //!< we sent MM1
    IkeP1State state{IkeP1State::I_MM1_SENT}; //!< where
    std::array<uint8_t, 8> ckyI{};            //!< initiator cookie
    std::array<uint8_t, 8> ckyR{};            //!< responder cookie
    IkeEndpoint local;                        //!< our endpoint (500, or 4500 after the float)
    IkeEndpoint remote;                       //!< peer's endpoint as seen
    std::string localId;                      //!< our address in our ID payload
    std::string peerId;                       //!< the peer's address in its ID payload
    const IkeHashInfo* hash{nullptr};         //!< chosen hash
    const IkeCipherInfo* cipher{nullptr};     //!< chosen cipher
    const IkeGroupInfo* group{nullptr};       //!< chosen group
    TimeNs lifetime{0};                       //!< chosen lifetime
    Bytes saiB;                               //!< the initiator's SA body (HASH_I/HASH_R)
    std::unique_ptr<IkeDh> dh;                //!< our DH
    Bytes gxi;                                //!< initiator public value
    Bytes gxr;                                //!< responder public value
    Bytes ni;                                 //!< Ni_b
    Bytes nr;                                 //!< Nr_b
    IkePhase1Keys keys;                       //!< SKEYID family
    Bytes iv;                                 //!< phase 1 CBC chain
    Bytes lastBlock;                          //!< last CBC block of phase 1 (phase 2 IVs)
    bool peerRfcNatt{false};                  //!< peer sent the RFC 3947 vendor ID
    bool peerDraftNatt{false};                //!< peer sent a draft NAT-T vendor ID only
    bool peerDpd{false};                      //!< peer sent the DPD vendor ID
    bool natLocal{false};                     //!< we are behind a NAT
    bool natRemote{false};                    //!< the peer is behind a NAT
    IkeRtx rtx;                               //!< retransmission / last reply
    Bytes lastRx;                             //!< last message received (duplicates)
    std::vector<IkeSelector> pending;         //!< quick modes to start once established
    std::vector<std::unique_ptr<Phase2>> qm;  //!< quick modes
    TimeNs expires{kNever};                   //!< hard lifetime
    TimeNs lastSeen{0};                       //!< last sign of life from the peer
    uint32_t dpdSeq{0};                       //!< last R-U-THERE sequence number
    uint32_t dpdFailures{0};                  //!< unanswered R-U-THEREs
    bool dpdOutstanding{false};               //!< an R-U-THERE awaits its ACK
    TimeNs dpdNext{kNever};                   //!< next DPD check
    bool dead{false};                         //!< to be removed
    TimeNs rekeyAt{kNever};                   //!< when to start a new main mode (phase 1 rekey)
    bool replaced{false};                     //!< a newer ISAKMP SA took over its IPsec SAs
    bool rekey{false};                        //!< this main mode replaces an ISAKMP SA (no
                                              //!< INITIAL-CONTACT: RFC 2407 §4.6.3.3)

    bool
    Natt() const
    {
        return peerRfcNatt || peerDraftNatt;
    }
    bool
    Natted() const
    {
        return natLocal || natRemote;
    }
    uint8_t
    NatDType() const
    {
        return peerRfcNatt ? IkePayload::NAT_D : IkePayload::NAT_D_DRAFT;
    }
    uint8_t
    NatOaType() const
    {
        return peerRfcNatt ? IkePayload::NAT_OA : IkePayload::NAT_OA_DRAFT;
    }
    /** \brief CKY-I | CKY-R (16 octets: DPD and phase 1 DELETE SPIs). */
    Bytes
    Cookies() const
    {
        Bytes b(ckyI.begin(), ckyI.end());
        b.insert(b.end(), ckyR.begin(), ckyR.end());
        return b;
    }
};

struct Ikev1Engine::InstalledSa
{
    std::array<uint8_t, 8> ckyI{}; //!< phase 1 that made it
    std::string peer;              //!< peer name
    std::string remoteAddr;        //!< peer address as seen
    uint16_t remotePort{0};        //!< peer port as seen (its NAT-T mapping behind a NAT)
    std::string localAddr;         //!< our address
    std::string peerId;            //!< peer's ID address
    IkeSelector sel;               //!< what the pair protects
    bool initiator{false};         //!< we sent its quick mode message 1
    uint32_t inSpi{0};             //!< ours
    uint32_t outSpi{0};            //!< the peer's
    TimeNs expires{kNever};        //!< hard lifetime
    TimeNs softAt{kNever};         //!< start the rekey (kNever: passive peer, or started)
    uint32_t replacedBy{0};        //!< inbound SPI of the pair that replaced it (0: none)
    TimeNs deleteAt{kNever};       //!< rekey initiator: DELETE the replaced pair then
    bool dead{false};              //!< removed
};

/** \brief How long a replaced SA pair stays installed after its rekey before the side that
 * rekeyed DELETEs it: packets the peer protected with it before it switched are still in flight.
 * strongSwan's delete_rekeyed_delay (5 s). */
constexpr TimeNs kRekeyDeleteDelay = 5 * kSec;

/** \brief Encapsulation modes (RFC 2407 §4.5, RFC 3947 §5, draft-02 values). */
namespace IkeEncap
{
constexpr uint16_t TUNNEL = 1;                  //!< Tunnel
constexpr uint16_t TRANSPORT = 2;               //!< Transport
constexpr uint16_t UDP_TUNNEL = 3;              //!< UDP-Encapsulated-Tunnel (RFC 3947)
constexpr uint16_t UDP_TRANSPORT = 4;           //!< UDP-Encapsulated-Transport (RFC 3947)
constexpr uint16_t UDP_TUNNEL_DRAFT = 61443;    //!< draft-ietf-ipsec-nat-t-ike
constexpr uint16_t UDP_TRANSPORT_DRAFT = 61444; //!< draft-ietf-ipsec-nat-t-ike
} // namespace IkeEncap

/** \brief Phase 1 attribute types (RFC 2409 App. A). */
namespace IkeP1Attr
{
constexpr uint16_t ENC = 1;        //!< Encryption Algorithm
constexpr uint16_t HASH = 2;       //!< Hash Algorithm
constexpr uint16_t AUTH = 3;       //!< Authentication Method (1 = pre-shared key)
constexpr uint16_t GROUP = 4;      //!< Group Description
constexpr uint16_t LIFE_TYPE = 11; //!< Life Type (1 = seconds)
constexpr uint16_t LIFE = 12;      //!< Life Duration
constexpr uint16_t KEY_LEN = 14;   //!< Key Length
} // namespace IkeP1Attr

/** \brief Phase 2 attribute types (RFC 2407 §4.5). */
namespace IkeP2Attr
{
constexpr uint16_t LIFE_TYPE = 1; //!< SA Life Type (1 = seconds)
constexpr uint16_t LIFE = 2;      //!< SA Life Duration
constexpr uint16_t GROUP = 3;     //!< Group Description (PFS)
constexpr uint16_t ENCAP = 4;     //!< Encapsulation Mode
constexpr uint16_t AUTH = 5;      //!< Authentication Algorithm
constexpr uint16_t KEY_LEN = 6;   //!< Key Length
} // namespace IkeP2Attr

/** \brief A TV attribute, or TLV when the value does not fit 16 bits (Life Duration). */
IkeAttribute IkeAttr(uint16_t type, uint32_t value);
/** \brief A big-endian 32-bit value. */
Bytes IkeU32(uint32_t v);
/** \brief The 8 octets of a cookie as hex. */
std::string IkeCookieHex(const std::array<uint8_t, 8>& c);
/** \brief Lower-case snake of a notify name ("NO-PROPOSAL-CHOSEN" -> "no-proposal-chosen"). */
std::string IkeNotifyReason(uint16_t type);

} // namespace ns3

#endif
