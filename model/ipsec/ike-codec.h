/**
 * \file
 * \brief ISAKMP (RFC 2408 §3) codec for IKEv1: the fixed header, the generic payload chain, and
 * the bodies IKEv1 main mode, quick mode and informational exchanges use (SA / Proposal /
 * Transform with TV and TLV attributes, KE, ID, HASH, NONCE, NOTIFY, DELETE, VENDOR ID, NAT-D and
 * NAT-OA of RFC 3947). Payload types, exchange types, notify types and attributes are tables;
 * every refusal has a reason row with its RFC citation. All reads go through ByteReader, so a
 * malformed message never reads out of bounds.
 */
#ifndef L2TPLAB_IPSEC_IKE_CODEC_H
#define L2TPLAB_IPSEC_IKE_CODEC_H

#include "model/common/byte-buffer.h"

#include <array>
#include <cstdint>
#include <string>
#include <vector>

namespace ns3
{

constexpr size_t kIsakmpHeaderLen = 28;      //!< RFC 2408 §3.1
constexpr size_t kIkeGenericHeaderLen = 4;   //!< RFC 2408 §3.2
constexpr uint8_t kIsakmpVersion = 0x10;     //!< major 1, minor 0 (RFC 2408 §3.1)
constexpr uint32_t kIpsecDoi = 1;            //!< IPsec DOI (RFC 2407 §4.2)
constexpr uint32_t kSitIdentityOnly = 1;     //!< SIT_IDENTITY_ONLY (RFC 2407 §4.2.1)
constexpr uint8_t kIsakmpFlagEncryption = 1; //!< E bit (RFC 2408 §3.1)
constexpr uint8_t kIsakmpFlagCommit = 2;     //!< C bit
constexpr uint8_t kIsakmpFlagAuthOnly = 4;   //!< A bit

/** \brief Payload types (RFC 2408 §3.1, RFC 3947 §3.2/§5.2 and the draft numbers). */
namespace IkePayload
{
constexpr uint8_t NONE = 0;           //!< end of chain
constexpr uint8_t SA = 1;             //!< Security Association
constexpr uint8_t PROPOSAL = 2;       //!< Proposal (inside SA)
constexpr uint8_t TRANSFORM = 3;      //!< Transform (inside Proposal)
constexpr uint8_t KE = 4;             //!< Key Exchange
constexpr uint8_t ID = 5;             //!< Identification
constexpr uint8_t CERT = 6;           //!< Certificate
constexpr uint8_t CR = 7;             //!< Certificate Request
constexpr uint8_t HASH = 8;           //!< Hash
constexpr uint8_t SIG = 9;            //!< Signature
constexpr uint8_t NONCE = 10;         //!< Nonce
constexpr uint8_t NOTIFY = 11;        //!< Notification
constexpr uint8_t DELETE = 12;        //!< Delete
constexpr uint8_t VENDOR_ID = 13;     //!< Vendor ID
constexpr uint8_t NAT_D = 20;         //!< NAT Discovery (RFC 3947 §3.2)
constexpr uint8_t NAT_OA = 21;        //!< NAT Original Address (RFC 3947 §5.2)
constexpr uint8_t NAT_D_DRAFT = 130;  //!< draft-ietf-ipsec-nat-t-ike-02/03 NAT-D
constexpr uint8_t NAT_OA_DRAFT = 131; //!< draft NAT-OA
} // namespace IkePayload

/** \brief Exchange types (RFC 2408 §3.1, RFC 2409 §5.5). */
namespace IkeExchange
{
constexpr uint8_t IDENTITY_PROTECTION = 2; //!< main mode
constexpr uint8_t AGGRESSIVE = 4;          //!< aggressive mode (refused)
constexpr uint8_t INFORMATIONAL = 5;       //!< informational
constexpr uint8_t QUICK_MODE = 32;         //!< quick mode (RFC 2409 §5.5)
} // namespace IkeExchange

/** \brief Notify message types used here (RFC 2408 §3.14.1, RFC 2407 §4.6.3, RFC 3706 §5). */
namespace IkeNotifyType
{
constexpr uint16_t INVALID_PAYLOAD_TYPE = 1;      //!< RFC 2408
constexpr uint16_t INVALID_EXCHANGE_TYPE = 7;     //!< RFC 2408
constexpr uint16_t INVALID_MESSAGE_ID = 9;        //!< RFC 2408
constexpr uint16_t NO_PROPOSAL_CHOSEN = 14;       //!< RFC 2408
constexpr uint16_t PAYLOAD_MALFORMED = 16;        //!< RFC 2408
constexpr uint16_t INVALID_KEY_INFORMATION = 17;  //!< RFC 2408
constexpr uint16_t INVALID_ID_INFORMATION = 18;   //!< RFC 2408
constexpr uint16_t INVALID_HASH_INFORMATION = 23; //!< RFC 2408
constexpr uint16_t AUTHENTICATION_FAILED = 24;    //!< RFC 2408
constexpr uint16_t INITIAL_CONTACT = 24578;       //!< RFC 2407 §4.6.3.3
constexpr uint16_t R_U_THERE = 36136;             //!< RFC 3706 §5
constexpr uint16_t R_U_THERE_ACK = 36137;         //!< RFC 3706 §5
} // namespace IkeNotifyType

/** \brief Protocol IDs (RFC 2407 §4.4.1). */
namespace IkeProtocol
{
constexpr uint8_t ISAKMP = 1;    //!< PROTO_ISAKMP
constexpr uint8_t IPSEC_AH = 2;  //!< PROTO_IPSEC_AH
constexpr uint8_t IPSEC_ESP = 3; //!< PROTO_IPSEC_ESP
} // namespace IkeProtocol

/** \brief ID types (RFC 2407 §4.6.2.1). */
constexpr uint8_t kIdIpv4Addr = 1;

/** \brief One row of the payload type table. */
struct IkePayloadInfo
{
    uint8_t type;     //!< payload type
    const char* name; //!< e.g. "NAT-D"
    const char* rfc;  //!< defining section
};

/** \brief One row of the notify table. */
struct IkeNotifyInfo
{
    uint16_t type;    //!< notify message type
    const char* name; //!< e.g. "NO-PROPOSAL-CHOSEN"
    const char* rfc;  //!< defining section
};

/** \brief One row of an attribute table (phase 1: RFC 2409 App. A; phase 2: RFC 2407 §4.5). */
struct IkeAttributeInfo
{
    uint16_t type;    //!< attribute type (without the AF bit)
    const char* name; //!< e.g. "Encryption Algorithm"
    bool basic;       //!< true: always TV (Basic); false: may be TLV (Variable)
    const char* rfc;  //!< defining section
};

const IkePayloadInfo* IkePayloadTable(size_t& count);           //!< every payload type row
const IkeNotifyInfo* IkeNotifyTable(size_t& count);             //!< every notify row
const IkeAttributeInfo* IkePhase1AttributeTable(size_t& count); //!< RFC 2409 App. A classes
const IkeAttributeInfo* IkePhase2AttributeTable(size_t& count); //!< RFC 2407 §4.5 attributes
/** \brief "NAT-D" etc., or "payload-<n>" if not in the table. */
std::string IkePayloadName(uint8_t type);
/** \brief "NO-PROPOSAL-CHOSEN" etc., or "notify-<n>". */
std::string IkeNotifyName(uint16_t type);
/** \brief Whether the type is one this codec knows (others: INVALID-PAYLOAD-TYPE). */
bool IkeKnownPayload(uint8_t type);

/** \brief Why a message was dropped. Rows of IkeReasonTable(). */
enum class IkeReason : uint8_t
{
    TRUNCATED,          //!< shorter than the ISAKMP header
    BAD_VERSION,        //!< major version not 1
    BAD_LENGTH,         //!< header Length differs from the datagram
    BAD_PAYLOAD_LENGTH, //!< a generic header's length below 4 or past the end
    UNKNOWN_PAYLOAD,    //!< payload type not defined
    BAD_SA,             //!< SA / Proposal / Transform malformed
    BAD_ATTRIBUTE,      //!< attribute truncated
    BAD_NOTIFY,         //!< notify payload malformed
    BAD_DELETE,         //!< delete payload malformed
    BAD_ID,             //!< identification payload malformed
    BAD_NONCE,          //!< nonce outside 8..256 octets
    BAD_KE,             //!< key exchange value not a valid public value
    BAD_NAT_OA,         //!< NAT-OA malformed
    BAD_ENCRYPTION,     //!< encrypted part not a multiple of the block size
    BAD_HASH,           //!< HASH payload does not verify
    MISSING_PAYLOAD,    //!< a payload the exchange requires is absent
    INVALID_COOKIE,     //!< no ISAKMP SA for these cookies
    BAD_EXCHANGE,       //!< exchange type not supported (aggressive...)
    BAD_MESSAGE_ID,     //!< message ID zero where non-zero is required, or unknown
    UNEXPECTED,         //!< not what the state expects
    NO_PROPOSAL,        //!< nothing acceptable was offered
    NO_PEER,            //!< no peer configured for the source address
    COUNT_              //!< number of reasons (not a reason)
};

/** \brief One reason row. */
struct IkeReasonInfo
{
    IkeReason reason; //!< the reason
    const char* name; //!< snake_case, counters and events
    const char* rfc;  //!< citation
    const char* text; //!< one sentence
};

const IkeReasonInfo* IkeReasonTable(size_t& count); //!< every reason row, in IkeReason order
const IkeReasonInfo& GetIkeReasonInfo(IkeReason r); //!< the row of one reason

/** \brief The ISAKMP header (RFC 2408 §3.1). */
struct IsakmpHeader
{
    std::array<uint8_t, 8> icookie{}; //!< Initiator Cookie
    std::array<uint8_t, 8> rcookie{}; //!< Responder Cookie
    uint8_t nextPayload{0};           //!< first payload type
    uint8_t version{kIsakmpVersion};  //!< major.minor
    uint8_t exchange{0};              //!< exchange type
    uint8_t flags{0};                 //!< E, C, A
    uint32_t messageId{0};            //!< Message ID
    uint32_t length{0};               //!< total length
};

/** \brief A payload as it sits in the chain: type and body (after the 4-octet generic header). */
struct IkeRawPayload
{
    uint8_t type{0}; //!< payload type
    Bytes body;      //!< body octets
};

/** \brief Data attribute (RFC 2408 §3.3): TV when the AF bit is set, TLV otherwise. */
struct IkeAttribute
{
    uint16_t type{0};  //!< without the AF bit
    bool tv{true};     //!< Basic (TV) format
    uint32_t value{0}; //!< TV value, or a TLV value of up to 4 octets read as a number
    Bytes data;        //!< TLV value octets
};

/** \brief Transform payload (RFC 2408 §3.6). */
struct IkeTransform
{
    uint8_t number{1};               //!< Transform #
    uint8_t id{1};                   //!< Transform-ID (KEY_IKE = 1; ESP_3DES = 3, ESP_AES = 12)
    std::vector<IkeAttribute> attrs; //!< SA attributes

    /** \brief Value of an attribute; false if absent. */
    bool Get(uint16_t type, uint32_t& value) const;
};

/** \brief Proposal payload (RFC 2408 §3.5). */
struct IkeProposal
{
    uint8_t number{1};                     //!< Proposal #
    uint8_t protocol{IkeProtocol::ISAKMP}; //!< Protocol-ID
    Bytes spi;                             //!< SPI (empty for ISAKMP in main mode)
    std::vector<IkeTransform> transforms;  //!< in preference order
};

/** \brief SA payload body (RFC 2408 §3.4, DOI and situation of RFC 2407 §4.6.1). */
struct IkeSa
{
    uint32_t doi{kIpsecDoi};              //!< DOI
    uint32_t situation{kSitIdentityOnly}; //!< situation
    std::vector<IkeProposal> proposals;   //!< proposals
};

/** \brief Notification payload body (RFC 2408 §3.14). */
struct IkeNotify
{
    uint32_t doi{kIpsecDoi};               //!< DOI
    uint8_t protocol{IkeProtocol::ISAKMP}; //!< Protocol-ID
    Bytes spi;                             //!< SPI (cookies for DPD, RFC 3706 §5)
    uint16_t type{0};                      //!< notify message type
    Bytes data;                            //!< notification data
};

/** \brief Delete payload body (RFC 2408 §3.15). */
struct IkeDelete
{
    uint32_t doi{kIpsecDoi};                  //!< DOI
    uint8_t protocol{IkeProtocol::IPSEC_ESP}; //!< Protocol-ID
    uint8_t spiSize{4};                       //!< SPI size
    std::vector<Bytes> spis;                  //!< SPIs
};

/** \brief Identification payload body, IPsec DOI (RFC 2407 §4.6.2). */
struct IkeId
{
    uint8_t type{kIdIpv4Addr}; //!< ID type
    uint8_t protocol{0};       //!< protocol ID (17 for UDP selectors)
    uint16_t port{0};          //!< port
    Bytes data;                //!< identification data
};

/** \brief Decode the header; false with a reason if malformed (length checked vs the datagram). */
bool DecodeIsakmpHeader(const Bytes& msg, IsakmpHeader& h, IkeReason& why);
/** \brief Header octets (Length as given). */
Bytes EncodeIsakmpHeader(const IsakmpHeader& h);
/**
 * \brief Walk the generic payload chain starting with type `first`. Octets left after the last
 * payload are allowed only when `allowTrailing` (padding of an encrypted message, RFC 2408
 * §3.1).
 */
bool DecodeIkePayloads(const uint8_t* data,
                       size_t size,
                       uint8_t first,
                       bool allowTrailing,
                       std::vector<IkeRawPayload>& out,
                       IkeReason& why);
/** \brief Chain the payloads (generic headers, next-payload fields). */
Bytes EncodeIkePayloads(const std::vector<IkeRawPayload>& payloads);

bool DecodeIkeSa(const Bytes& body, IkeSa& sa, IkeReason& why);        //!< SA body
Bytes EncodeIkeSa(const IkeSa& sa);                                    //!< SA body
bool DecodeIkeNotify(const Bytes& body, IkeNotify& n, IkeReason& why); //!< notify body
Bytes EncodeIkeNotify(const IkeNotify& n);                             //!< notify body
bool DecodeIkeDelete(const Bytes& body, IkeDelete& d, IkeReason& why); //!< delete body
Bytes EncodeIkeDelete(const IkeDelete& d);                             //!< delete body
bool DecodeIkeId(const Bytes& body, IkeId& id, IkeReason& why);        //!< ID body
Bytes EncodeIkeId(const IkeId& id);                                    //!< ID body
/** \brief NAT-OA body (RFC 3947 §5.2): ID type, 3 reserved, IPv4 address. */
bool DecodeIkeNatOa(const Bytes& body, Bytes& addr4, IkeReason& why);
Bytes EncodeIkeNatOa(const Bytes& addr4); //!< NAT-OA body for an IPv4 address

/** \brief A whole decoded (or to be encoded) message: header and raw payloads. */
struct IkeMessage
{
    IsakmpHeader hdr;                    //!< header (nextPayload, length set by EncodeIkeMessage)
    std::vector<IkeRawPayload> payloads; //!< payloads in order

    /** \brief First payload of a type, or nullptr. */
    const IkeRawPayload* Find(uint8_t type) const;
};

/** \brief Header + chain, Length filled in (no encryption). */
Bytes EncodeIkeMessage(const IkeMessage& m);
/** \brief Decode an unencrypted message (header, then the chain; no trailing octets). */
bool DecodeIkeMessage(const Bytes& msg, IkeMessage& m, IkeReason& why);

/** \brief "a.b.c.d" to 4 octets; false if not dotted IPv4. */
bool IkeParseIpv4(const std::string& text, Bytes& out);
/** \brief 4 octets to "a.b.c.d". */
std::string IkeFormatIpv4(const Bytes& addr4);

} // namespace ns3

#endif
