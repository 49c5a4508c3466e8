/**
 * \file
 * \brief L2TP (RFC 2661) vocabulary shared by the codec, the control channel, the FSMs and the
 * conformance engine: message types, AVP types, result/error codes, decoded message structs.
 *
 * Names follow the RFC. Nothing here touches wire bytes; see l2tp-codec.h.
 */
#ifndef L2TPLAB_L2TP_TYPES_H
#define L2TPLAB_L2TP_TYPES_H

#include "model/common/byte-buffer.h"

#include <cstdint>
#include <string>
#include <vector>

namespace ns3
{

constexpr uint16_t kL2tpPort = 1701;    //!< RFC 2661 §8.1
constexpr uint8_t kL2tpVersion = 2;     //!< the Ver field for L2TP (1 = L2F, 3 = L2TPv3)
constexpr uint16_t kL2tpIetfVendor = 0; //!< Vendor ID of IETF AVPs

/** \brief Control message types, RFC 2661 §3.2. ZLB is not a type on the wire (no AVPs). */
enum class L2tpMessageType : uint16_t
{
    ZLB = 0, //!< pseudo-type: zero-length body acknowledgement (Message Type 0 is reserved)
    SCCRQ = 1,
    SCCRP = 2,
    SCCCN = 3,
    STOPCCN = 4,
    HELLO = 6,
    OCRQ = 7,
    OCRP = 8,
    OCCN = 9,
    ICRQ = 10,
    ICRP = 11,
    ICCN = 12,
    CDN = 14,
    WEN = 15,
    SLI = 16,
};

/** \brief "SCCRQ", "StopCCN", ... (RFC spelling); "Unknown(n)" otherwise. */
std::string ToString(L2tpMessageType t);
/** \brief Parse a name as ToString prints it (case-insensitive); false if unknown. */
bool ParseMessageType(const std::string& name, L2tpMessageType& out);

/** \brief IETF AVP attribute types, RFC 2661 §4.4. */
enum class L2tpAvpType : uint16_t
{
    MESSAGE_TYPE = 0,
    RESULT_CODE = 1,
    PROTOCOL_VERSION = 2,
    FRAMING_CAPABILITIES = 3,
    BEARER_CAPABILITIES = 4,
    TIE_BREAKER = 5,
    FIRMWARE_REVISION = 6,
    HOST_NAME = 7,
    VENDOR_NAME = 8,
    ASSIGNED_TUNNEL_ID = 9,
    RECEIVE_WINDOW_SIZE = 10,
    CHALLENGE = 11,
    Q931_CAUSE_CODE = 12,
    CHALLENGE_RESPONSE = 13,
    ASSIGNED_SESSION_ID = 14,
    CALL_SERIAL_NUMBER = 15,
    MINIMUM_BPS = 16,
    MAXIMUM_BPS = 17,
    BEARER_TYPE = 18,
    FRAMING_TYPE = 19,
    CALLED_NUMBER = 21,
    CALLING_NUMBER = 22,
    SUB_ADDRESS = 23,
    TX_CONNECT_SPEED = 24,
    PHYSICAL_CHANNEL_ID = 25,
    INITIAL_RECEIVED_LCP_CONFREQ = 26,
    LAST_SENT_LCP_CONFREQ = 27,
    LAST_RECEIVED_LCP_CONFREQ = 28,
    PROXY_AUTHEN_TYPE = 29,
    PROXY_AUTHEN_NAME = 30,
    PROXY_AUTHEN_CHALLENGE = 31,
    PROXY_AUTHEN_ID = 32,
    PROXY_AUTHEN_RESPONSE = 33,
    CALL_ERRORS = 34,
    ACCM = 35,
    RANDOM_VECTOR = 36,
    PRIVATE_GROUP_ID = 37,
    RX_CONNECT_SPEED = 38,
    SEQUENCING_REQUIRED = 39,
};

/** \brief StopCCN Result Codes, RFC 2661 §4.4.2. */
enum class L2tpStopCcnResult : uint16_t
{
    GENERAL_REQUEST_TO_CLEAR = 1,
    GENERAL_ERROR = 2, //!< see Error Code
    CHANNEL_ALREADY_EXISTS = 3,
    NOT_AUTHORIZED = 4,
    UNSUPPORTED_PROTOCOL_VERSION = 5,
    BEING_SHUT_DOWN = 6,
    FSM_ERROR = 7,
};

/** \brief CDN Result Codes, RFC 2661 §4.4.2. */
enum class L2tpCdnResult : uint16_t
{
    LOST_CARRIER = 1,
    GENERAL_ERROR = 2,
    ADMINISTRATIVE = 3,
    TEMPORARY_LACK_OF_RESOURCES = 4,
    PERMANENT_LACK_OF_RESOURCES = 5,
    INVALID_DESTINATION = 6,
    NO_CARRIER = 7,
    BUSY = 8,
    NO_DIAL_TONE = 9,
    TIMEOUT = 10,
    NO_FRAMING = 11,
};

/** \brief General Error Codes, RFC 2661 §4.4.2. */
enum class L2tpErrorCode : uint16_t
{
    NO_GENERAL_ERROR = 0,
    NO_CONTROL_CONNECTION = 1,
    LENGTH_WRONG = 2,
    FIELD_OUT_OF_RANGE = 3,
    INSUFFICIENT_RESOURCES = 4,
    INVALID_SESSION_ID = 5,
    VENDOR_SPECIFIC = 6,
    TRY_ANOTHER = 7,
    UNKNOWN_MANDATORY_AVP = 8,
};

/**
 * \brief One AVP as decoded: `value` is always the CLEAR-TEXT attribute value (after un-hiding);
 * `hidden` records whether it was (or is to be) sent hidden (RFC 2661 §4.3).
 */
struct L2tpAvp
{
    bool mandatory{false}; //!< M bit
    bool hidden{false};    //!< H bit
    uint16_t vendorId{0};  //!< 0 = IETF
    uint16_t type{0};      //!< attribute type
    Bytes value;           //!< clear-text value
    uint8_t reservedBits{
        0}; //!< the 4 reserved flag bits as received (§4.1: non-zero = unrecognized)

    bool
    Is(L2tpAvpType t) const
    {
        return vendorId == 0 && reservedBits == 0 && type == static_cast<uint16_t>(t);
    }
};

/**
 * \brief A decoded control message (header fields + AVPs). A message with no AVPs is a ZLB.
 */
struct L2tpControlMessage
{
    uint16_t tunnelId{0};      //!< header Tunnel ID (the RECEIVER's id)
    uint16_t sessionId{0};     //!< header Session ID (the receiver's id, 0 for tunnel messages)
    uint16_t ns{0};            //!< Ns
    uint16_t nr{0};            //!< Nr
    std::vector<L2tpAvp> avps; //!< in wire order; the first is Message Type unless ZLB

    bool
    IsZlb() const
    {
        return avps.empty();
    }
    /** \brief Type from the first AVP; ZLB when there are no AVPs. */
    L2tpMessageType Type() const;
    /** \brief First IETF AVP of that type, or nullptr. */
    const L2tpAvp* Find(L2tpAvpType t) const;
    bool GetU8(L2tpAvpType t, uint8_t& v) const;
    bool GetU16(L2tpAvpType t, uint16_t& v) const;
    bool GetU32(L2tpAvpType t, uint32_t& v) const;
    bool GetU64(L2tpAvpType t, uint64_t& v) const;
    bool GetString(L2tpAvpType t, std::string& v) const;
    bool GetBytes(L2tpAvpType t, Bytes& v) const;

    /** \brief Start a message: sets Message Type as first AVP (M=1, RFC 2661 §4.4.1). */
    static L2tpControlMessage Make(L2tpMessageType t);
    /** \brief Append an IETF AVP; its M bit comes from the AVP catalog unless forced. */
    L2tpControlMessage& Add(L2tpAvpType t, Bytes value, bool hidden = false);
    L2tpControlMessage& AddU8(L2tpAvpType t, uint8_t v, bool hidden = false);
    L2tpControlMessage& AddU16(L2tpAvpType t, uint16_t v, bool hidden = false);
    L2tpControlMessage& AddU32(L2tpAvpType t, uint32_t v, bool hidden = false);
    L2tpControlMessage& AddU64(L2tpAvpType t, uint64_t v, bool hidden = false);
    L2tpControlMessage& AddString(L2tpAvpType t, const std::string& v, bool hidden = false);
    /** \brief Result Code AVP: result, error, optional message (RFC 2661 §4.4.2). */
    L2tpControlMessage& AddResult(uint16_t result, uint16_t error = 0, const std::string& msg = "");
};

/**
 * \brief A data message (T=0): carries one PPP frame (address/control omitted or not, as the PPP
 * layer decides). Optional Length, Ns/Nr (S bit, §5.4) and Offset (O bit).
 */
struct L2tpDataMessage
{
    uint16_t tunnelId{0};
    uint16_t sessionId{0};
    bool hasLength{false};   //!< L bit
    bool hasSequence{false}; //!< S bit
    bool priority{false};    //!< P bit
    uint16_t ns{0};
    uint16_t nr{0};
    bool hasOffset{false};  //!< O bit
    uint16_t offsetSize{0}; //!< bytes of padding after the Offset Size field
    Bytes payload;          //!< the PPP frame
};

/** \brief Why decoding failed. Every drop is counted under its ToString name. */
enum class L2tpDecodeError
{
    NONE,
    TRUNCATED_HEADER,    //!< fewer bytes than the header announces
    UNSUPPORTED_VERSION, //!< Ver != 2 (§3.1: silently discarded)
    CONTROL_BITS,        //!< control message without L and S, or with O or P set (§3.1)
    RESERVED_BITS,       //!< not produced by the codec: §3.1 says reserved header bits are
                         //!< "set to 0 on outgoing messages and ignored on incoming messages"
    LENGTH_MISMATCH,     //!< Length field larger than the datagram or smaller than the header
    BAD_OFFSET,          //!< Offset Size points past the end
    AVP_TOO_SHORT,       //!< AVP Length < 6
    AVP_OVERRUN,         //!< AVP Length runs past the message
    AVP_LENGTH_RULE,     //!< a known AVP's value has a length its catalog row forbids
    FIRST_AVP_NOT_MESSAGE_TYPE,   //!< §3.2: Message Type must be first
    HIDDEN_WITHOUT_SECRET,        //!< H bit set but no shared secret configured
    HIDDEN_WITHOUT_RANDOM_VECTOR, //!< H bit set with no preceding Random Vector AVP (§4.3)
    HIDDEN_BAD_LENGTH,            //!< un-hidden Original Length exceeds the hidden data
    HIDDEN_NOT_ALLOWED, //!< §4.3: Message Type / Random Vector (and catalog "never hide") AVPs must
                        //!< not be hidden
    RESERVED_AVP_BITS, //!< not produced by the codec: §4.1 says an AVP with a reserved bit
                       //!< set "MUST be treated as an unrecognized AVP" (see reservedBits)
};

std::string ToString(L2tpDecodeError e);

} // namespace ns3

#endif
