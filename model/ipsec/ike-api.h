/**
 * \file
 * \brief The contract between an IKE keying engine (IKEv1, RFC 2409/2408, with NAT-T RFC 3947) and
 * whoever carries its datagrams and applies its SAs (the ns-3 IPsec adapter, or a real-socket
 * probe used for strongSwan interop). Sans-IO: the engine is driven by datagrams, acquires and
 * timers, and answers with actions. No ns-3 type appears here.
 *
 * Datagram convention: the engine sees and produces bare ISAKMP messages. On UDP 4500 the carrier
 * adds the 4-octet non-ESP marker when sending and strips it (after ClassifyNattPayload) when
 * receiving (RFC 3948 §2.2); NAT-keepalives and ESP never reach the engine. The engine decides the
 * ports (500 until NAT-D finds a NAT, then 4500: RFC 3947 §4) and says so in each SEND action.
 *
 * Addresses are IPv4 dotted text; ports are host order. Time is TimeNs (simulation or wall clock).
 */
#ifndef L2TPLAB_IPSEC_IKE_API_H
#define L2TPLAB_IPSEC_IKE_API_H

#include "model/common/byte-buffer.h"
#include "model/common/events.h"
#include "model/common/time.h"
#include "model/ipsec/esp.h"

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace ns3
{

/** \brief An address and UDP port. */
struct IkeEndpoint
{
    std::string addr; //!< IPv4 dotted text
    uint16_t port{0}; //!< UDP port (500 or 4500 for IKE)

    bool
    operator==(const IkeEndpoint& o) const
    {
        return addr == o.addr && port == o.port;
    }
};

/** \brief Phase 2 proposal: RouterOS `/ip ipsec proposal` (defaults as the manual prints them). */
struct IkePhase2Proposal
{
    std::string name{"default"};                                //!< proposal name
    std::vector<EspIntegrity> auth{EspIntegrity::HMAC_SHA1_96}; //!< auth-algorithms
    std::vector<EspCipher> enc{EspCipher::AES_CBC_256,          //!< enc-algorithms, in
                               EspCipher::AES_CBC_192,          //!<   preference order
                               EspCipher::AES_CBC_128, EspCipher::DES3_CBC};
    TimeNs lifetime{30 * 60 * kSec};  //!< lifetime (30m)
    uint64_t lifebytes{0};            //!< byte lifetime (0: none; RFC 2407 §4.5 kilobytes)
    std::string pfsGroup{"modp1024"}; //!< pfs-group ("none" = off)
};

/**
 * \brief One IKE peer with its phase 1 profile and identity: RouterOS `/ip ipsec peer` +
 * `/ip ipsec profile` (v7) or the v6 peer's inline settings. What the manual prints for the
 * dynamic peer `use-ipsec=yes` creates is the default.
 */
struct IkePeerConfig
{
    std::string name;                      //!< peer name (events, key export)
    std::string address{"0.0.0.0/0"};      //!< remote address or prefix (server: any)
    uint16_t port{500};                    //!< remote port to initiate to
    std::string localAddress;              //!< our address ("" = the carrier's choice)
    bool passive{false};                   //!< never initiate (server side)
    std::string exchangeMode{"main"};      //!< "main" | "main-l2tp" (aggressive is refused)
    std::string secret;                    //!< pre-shared key (auth-method pre-shared-key)
    std::vector<std::string> hash{"sha1"}; //!< hash-algorithm
    std::vector<std::string> enc{"3des", "aes-128", "aes-192", "aes-256"}; //!< enc-algorithm
    std::vector<std::string> dhGroup{"modp1024"};                          //!< dh-group
    TimeNs lifetime{24 * 3600 * kSec}; //!< phase 1 lifetime (1d)
    bool natTraversal{true};           //!< nat-traversal (RFC 3947)
    TimeNs dpdInterval{120 * kSec};    //!< dpd-interval (kNever = disabled)
    uint32_t dpdMaximumFailures{5};    //!< dpd-maximum-failures
    bool sendInitialContact{true};     //!< send INITIAL-CONTACT after a fresh phase 1
    std::vector<IkePhase2Proposal> phase2{IkePhase2Proposal{}}; //!< what quick mode offers/accepts
};

/** \brief Traffic selector of one SA pair: transport mode, UDP between two ports (RFC 3193 §4). */
struct IkeSelector
{
    uint8_t protocol{17};      //!< IP protocol (17: L2TP over UDP)
    uint16_t localPort{1701};  //!< 0 = any (RouterOS generate-policy port-override)
    uint16_t remotePort{1701}; //!< 0 = any
};

/** \brief One ESP SA the carrier must install (both directions come as two actions). */
struct IkeSaInstall
{
    bool inbound{false};  //!< true: decrypt with it; false: encrypt with it
    EspSaConfig esp;      //!< SPI, transforms, keys, lifetimes (esp.src/dst filled)
    IkeEndpoint local;    //!< our address; port = our UDP 4500 when encapsulated
    IkeEndpoint remote;   //!< peer's address as seen (after NAT); port = its 4500 mapping
    bool udpEncap{false}; //!< ESP-in-UDP (RFC 3948) because NAT-D found a NAT
    std::string peerOriginalAddress; //!< NAT-OA / the peer's own idea of its address ("" = none)
    IkeSelector selector;            //!< what the SA protects
    std::string peer;                //!< IkePeerConfig::name
    uint32_t reqid{0};               //!< pairs in/out SAs of one quick mode (Linux "reqid")
};

/** \brief What the engine asks of its carrier. */
struct IkeAction
{
    enum class Kind : uint8_t
    {
        SEND,       //!< send `datagram` from `local` to `remote`
        INSTALL_SA, //!< install `sa` (an established quick mode produces two: in, out)
        DELETE_SA,  //!< remove the SA with `spi` (inbound: ours; outbound: the peer's)
    };
    Kind kind{Kind::SEND}; //!< which
    IkeEndpoint local;     //!< SEND: source
    IkeEndpoint remote;    //!< SEND: destination
    Bytes datagram;        //!< SEND: the ISAKMP message (no non-ESP marker)
    IkeSaInstall sa;       //!< INSTALL_SA
    uint32_t spi{0};       //!< DELETE_SA
    bool inbound{false};   //!< DELETE_SA: direction
};

/**
 * \brief A keying engine for one node (all its peers). Events go to the EventSink given at
 * construction (object "ipsec/peer/<name>" and "ipsec/sa/<spi-hex>"; kinds such as
 * "phase1-established", "phase1-failed" with field "reason", "phase2-established",
 * "dpd-timeout", "deleted").
 */
class IkeEngine
{
public:
    virtual ~IkeEngine() = default;

    /** \brief Add a peer (before the first Acquire/Receive that concerns it). */
    virtual void AddPeer(const IkePeerConfig& peer) = 0;

    /**
     * \brief The SPD found outbound traffic for `remote` (address; port ignored) with no SA:
     * start (or join) phase 1 + quick mode for `selector`. No-op if a negotiation is running
     * or the matching peer is passive.
     */
    virtual void Acquire(const IkeEndpoint& local,
                         const IkeEndpoint& remote,
                         const IkeSelector& selector,
                         TimeNs now) = 0;

    /** \brief A datagram arrived (bare ISAKMP; `local.port` tells 500 or 4500). */
    virtual void Receive(const IkeEndpoint& local,
                         const IkeEndpoint& remote,
                         const Bytes& message,
                         TimeNs now) = 0;

    /** \brief Traffic was seen on an inbound SA (DPD: no R-U-THERE needed while traffic flows). */
    virtual void InboundTraffic(uint32_t spi, TimeNs now) = 0;

    /**
     * \brief The ESP SAD reported a lifetime event of SA `spi` (ours inbound or the peer's
     * outbound) that only the data path sees (RFC 4301 §4.4.2.1, RFC 4303 §3.3.3): the soft byte
     * lifetime or the sequence-number soft limit (a rekeying engine starts a new quick mode now),
     * or a hard limit (the SA refuses traffic: the engine deletes the pair and tells the peer).
     * Time limits the engine tracks itself. Default: ignored.
     */
    virtual void
    SaLifetimeLimit(uint32_t spi, EspSaEvent event, TimeNs now)
    {
        (void)spi;
        (void)event;
        (void)now;
    }

    /** \brief Timers: retransmission, DPD, lifetimes, rekeying. */
    virtual void OnTimer(TimeNs now) = 0;

    /** \brief When OnTimer must next be called (kNever if nothing is pending). */
    virtual TimeNs NextDeadline() const = 0;

    /** \brief Actions produced since the last call (in order). */
    virtual std::vector<IkeAction> TakeActions() = 0;

    /**
     * \brief Wireshark `ikev1_decryption_table` lines (initiator cookie hex, encryption key hex)
     * for every phase 1 SA so far, so tshark decrypts main-mode message 5 onwards.
     */
    virtual std::string Ikev1DecryptionTable() const = 0;
};

/** \brief The IKEv1 engine (defined in ike-engine.cc). `seed` makes cookies, nonces and DH
 * private values reproducible (deterministic runs: same seed, same bytes). */
std::unique_ptr<IkeEngine> MakeIkev1Engine(EventSink& events, uint64_t seed);

} // namespace ns3

#endif // L2TPLAB_IPSEC_IKE_API_H
