/**
 * \file
 * \brief Which AVPs each control message MUST and MAY carry (RFC 2661 §6.1–§6.14), as data, and the
 * check the FSM layer runs before acting on a message (§4.1, §6).
 *
 * RFC 2661 §6 has 14 message subsections: SCCRQ (§6.1) … SLI (§6.14). Random Vector (§4.4.1,
 * "applicable to all control messages") is allowed in every message on top of the §6 lists, since
 * any message may carry hidden AVPs (§4.3).
 */
#ifndef L2TPLAB_L2TP_MESSAGE_SPEC_H
#define L2TPLAB_L2TP_MESSAGE_SPEC_H

#include "model/l2tp/l2tp-types.h"

#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <string>
#include <vector>

namespace ns3
{

/** \brief Whether a message belongs to the tunnel or to one session (§4.1 M-bit consequence). */
enum class L2tpMessageScope : uint8_t
{
    TUNNEL,  //!< control connection management (§6.1–§6.5): unknown M AVP clears the tunnel
    SESSION, //!< call management / status (§6.6–§6.14): unknown M AVP clears the session
};

/** \brief Bit set over IETF attribute types 0..63 (RFC 2661 uses 0..39). */
using L2tpAvpMask = uint64_t;

/** \brief Build a mask from a list of attribute types (compile time). */
constexpr L2tpAvpMask
MakeL2tpAvpMask(std::initializer_list<L2tpAvpType> types)
{
    L2tpAvpMask m = 0;
    for (L2tpAvpType t : types)
    {
        m |= L2tpAvpMask{1} << static_cast<uint16_t>(t);
    }
    return m;
}

/** \brief One row: a message type and its AVP requirements. */
struct L2tpMessageSpec
{
    L2tpMessageType type;   //!< message type
    const char* name;       //!< RFC long name, e.g. "Start-Control-Connection-Request"
    const char* section;    //!< RFC 2661 section, e.g. "6.1"
    L2tpMessageScope scope; //!< tunnel or session message
    L2tpAvpMask required;   //!< AVPs that MUST be present (Message Type included)
    L2tpAvpMask optional;   //!< AVPs that MAY be present

    /** \brief True if the AVP type MUST be present. */
    constexpr bool
    Requires(L2tpAvpType t) const
    {
        return static_cast<uint16_t>(t) < 64 && (required >> static_cast<uint16_t>(t) & 1U) != 0;
    }
    /** \brief True if the AVP type may appear (required or optional). */
    constexpr bool
    Allows(L2tpAvpType t) const
    {
        return static_cast<uint16_t>(t) < 64 &&
               ((required | optional) >> static_cast<uint16_t>(t) & 1U) != 0;
    }
    /** \brief Required AVP types in attribute-type order (Message Type first). */
    std::vector<L2tpAvpType> RequiredAvps() const;
    /** \brief Optional AVP types in attribute-type order. */
    std::vector<L2tpAvpType> OptionalAvps() const;
};

namespace l2tpspec
{
using T = L2tpAvpType; //!< shorthand for the table below
/** \brief Random Vector may precede hidden AVPs in any message (§4.3, §4.4.1). */
constexpr L2tpAvpMask kAnyMessage = MakeL2tpAvpMask({T::RANDOM_VECTOR});
} // namespace l2tpspec

/** \brief The §6 table, one row per message type, in §6 order. */
inline constexpr L2tpMessageSpec kL2tpMessageSpecs[] = {
    // §6.1–§6.5: control connection management
    {L2tpMessageType::SCCRQ, "Start-Control-Connection-Request", "6.1", L2tpMessageScope::TUNNEL,
     MakeL2tpAvpMask({l2tpspec::T::MESSAGE_TYPE, l2tpspec::T::PROTOCOL_VERSION,
                      l2tpspec::T::HOST_NAME, l2tpspec::T::FRAMING_CAPABILITIES,
                      l2tpspec::T::ASSIGNED_TUNNEL_ID}),
     MakeL2tpAvpMask({l2tpspec::T::BEARER_CAPABILITIES, l2tpspec::T::RECEIVE_WINDOW_SIZE,
                      l2tpspec::T::CHALLENGE, l2tpspec::T::TIE_BREAKER,
                      l2tpspec::T::FIRMWARE_REVISION, l2tpspec::T::VENDOR_NAME}) |
         l2tpspec::kAnyMessage},
    {L2tpMessageType::SCCRP, "Start-Control-Connection-Reply", "6.2", L2tpMessageScope::TUNNEL,
     MakeL2tpAvpMask({l2tpspec::T::MESSAGE_TYPE, l2tpspec::T::PROTOCOL_VERSION,
                      l2tpspec::T::FRAMING_CAPABILITIES, l2tpspec::T::HOST_NAME,
                      l2tpspec::T::ASSIGNED_TUNNEL_ID}),
     MakeL2tpAvpMask({l2tpspec::T::BEARER_CAPABILITIES, l2tpspec::T::FIRMWARE_REVISION,
                      l2tpspec::T::VENDOR_NAME, l2tpspec::T::RECEIVE_WINDOW_SIZE,
                      l2tpspec::T::CHALLENGE, l2tpspec::T::CHALLENGE_RESPONSE}) |
         l2tpspec::kAnyMessage},
    {L2tpMessageType::SCCCN, "Start-Control-Connection-Connected", "6.3", L2tpMessageScope::TUNNEL,
     MakeL2tpAvpMask({l2tpspec::T::MESSAGE_TYPE}),
     MakeL2tpAvpMask({l2tpspec::T::CHALLENGE_RESPONSE}) | l2tpspec::kAnyMessage},
    {L2tpMessageType::STOPCCN, "Stop-Control-Connection-Notification", "6.4",
     L2tpMessageScope::TUNNEL,
     MakeL2tpAvpMask(
         {l2tpspec::T::MESSAGE_TYPE, l2tpspec::T::ASSIGNED_TUNNEL_ID, l2tpspec::T::RESULT_CODE}),
     l2tpspec::kAnyMessage},
    {L2tpMessageType::HELLO, "Hello", "6.5", L2tpMessageScope::TUNNEL,
     MakeL2tpAvpMask({l2tpspec::T::MESSAGE_TYPE}), l2tpspec::kAnyMessage},
    // §6.6–§6.12: call management
    {L2tpMessageType::ICRQ, "Incoming-Call-Request", "6.6", L2tpMessageScope::SESSION,
     MakeL2tpAvpMask({l2tpspec::T::MESSAGE_TYPE, l2tpspec::T::ASSIGNED_SESSION_ID,
                      l2tpspec::T::CALL_SERIAL_NUMBER}),
     MakeL2tpAvpMask({l2tpspec::T::BEARER_TYPE, l2tpspec::T::PHYSICAL_CHANNEL_ID,
                      l2tpspec::T::CALLING_NUMBER, l2tpspec::T::CALLED_NUMBER,
                      l2tpspec::T::SUB_ADDRESS}) |
         l2tpspec::kAnyMessage},
    {L2tpMessageType::ICRP, "Incoming-Call-Reply", "6.7", L2tpMessageScope::SESSION,
     MakeL2tpAvpMask({l2tpspec::T::MESSAGE_TYPE, l2tpspec::T::ASSIGNED_SESSION_ID}),
     l2tpspec::kAnyMessage},
    {L2tpMessageType::ICCN, "Incoming-Call-Connected", "6.8", L2tpMessageScope::SESSION,
     MakeL2tpAvpMask(
         {l2tpspec::T::MESSAGE_TYPE, l2tpspec::T::TX_CONNECT_SPEED, l2tpspec::T::FRAMING_TYPE}),
     MakeL2tpAvpMask({l2tpspec::T::INITIAL_RECEIVED_LCP_CONFREQ, l2tpspec::T::LAST_SENT_LCP_CONFREQ,
                      l2tpspec::T::LAST_RECEIVED_LCP_CONFREQ, l2tpspec::T::PROXY_AUTHEN_TYPE,
                      l2tpspec::T::PROXY_AUTHEN_NAME, l2tpspec::T::PROXY_AUTHEN_CHALLENGE,
                      l2tpspec::T::PROXY_AUTHEN_ID, l2tpspec::T::PROXY_AUTHEN_RESPONSE,
                      l2tpspec::T::PRIVATE_GROUP_ID, l2tpspec::T::RX_CONNECT_SPEED,
                      l2tpspec::T::SEQUENCING_REQUIRED}) |
         l2tpspec::kAnyMessage},
    {L2tpMessageType::OCRQ, "Outgoing-Call-Request", "6.9", L2tpMessageScope::SESSION,
     MakeL2tpAvpMask({l2tpspec::T::MESSAGE_TYPE, l2tpspec::T::ASSIGNED_SESSION_ID,
                      l2tpspec::T::CALL_SERIAL_NUMBER, l2tpspec::T::MINIMUM_BPS,
                      l2tpspec::T::MAXIMUM_BPS, l2tpspec::T::BEARER_TYPE, l2tpspec::T::FRAMING_TYPE,
                      l2tpspec::T::CALLED_NUMBER}),
     MakeL2tpAvpMask({l2tpspec::T::SUB_ADDRESS}) | l2tpspec::kAnyMessage},
    {L2tpMessageType::OCRP, "Outgoing-Call-Reply", "6.10", L2tpMessageScope::SESSION,
     MakeL2tpAvpMask({l2tpspec::T::MESSAGE_TYPE, l2tpspec::T::ASSIGNED_SESSION_ID}),
     MakeL2tpAvpMask({l2tpspec::T::PHYSICAL_CHANNEL_ID}) | l2tpspec::kAnyMessage},
    {L2tpMessageType::OCCN, "Outgoing-Call-Connected", "6.11", L2tpMessageScope::SESSION,
     MakeL2tpAvpMask(
         {l2tpspec::T::MESSAGE_TYPE, l2tpspec::T::TX_CONNECT_SPEED, l2tpspec::T::FRAMING_TYPE}),
     MakeL2tpAvpMask({l2tpspec::T::RX_CONNECT_SPEED, l2tpspec::T::SEQUENCING_REQUIRED}) |
         l2tpspec::kAnyMessage},
    {L2tpMessageType::CDN, "Call-Disconnect-Notify", "6.12", L2tpMessageScope::SESSION,
     MakeL2tpAvpMask(
         {l2tpspec::T::MESSAGE_TYPE, l2tpspec::T::RESULT_CODE, l2tpspec::T::ASSIGNED_SESSION_ID}),
     MakeL2tpAvpMask({l2tpspec::T::Q931_CAUSE_CODE}) | l2tpspec::kAnyMessage},
    // §6.13–§6.14: error reporting and PPP session control
    {L2tpMessageType::WEN, "WAN-Error-Notify", "6.13", L2tpMessageScope::SESSION,
     MakeL2tpAvpMask({l2tpspec::T::MESSAGE_TYPE, l2tpspec::T::CALL_ERRORS}), l2tpspec::kAnyMessage},
    {L2tpMessageType::SLI, "Set-Link-Info", "6.14", L2tpMessageScope::SESSION,
     MakeL2tpAvpMask({l2tpspec::T::MESSAGE_TYPE, l2tpspec::T::ACCM}), l2tpspec::kAnyMessage},
};

/** \brief Number of rows in kL2tpMessageSpecs. */
constexpr size_t kL2tpMessageSpecCount = sizeof(kL2tpMessageSpecs) / sizeof(kL2tpMessageSpecs[0]);

/** \brief Compile-time check: one row per message type, each requiring Message Type. */
constexpr bool
L2tpMessageSpecsWellFormed()
{
    for (size_t i = 0; i < kL2tpMessageSpecCount; ++i)
    {
        if (!kL2tpMessageSpecs[i].Requires(L2tpAvpType::MESSAGE_TYPE) ||
            (kL2tpMessageSpecs[i].required & kL2tpMessageSpecs[i].optional) != 0)
        {
            return false;
        }
        for (size_t j = i + 1; j < kL2tpMessageSpecCount; ++j)
        {
            if (kL2tpMessageSpecs[i].type == kL2tpMessageSpecs[j].type)
            {
                return false;
            }
        }
    }
    return true;
}

static_assert(L2tpMessageSpecsWellFormed(), "message spec: duplicate type or bad row");
static_assert(kL2tpMessageSpecCount == 14, "RFC 2661 §6 defines 14 control messages");

/** \brief Row for a message type, or nullptr (ZLB, unknown types). */
const L2tpMessageSpec* FindL2tpMessageSpec(L2tpMessageType t);

/**
 * \brief Check that every AVP the message's §6 row requires is present (§4.1/§6: the FSM layer
 * rejects malformed messages). ZLBs and message types without a row pass (nothing is required;
 * unknown message types are the caller's §4.1 decision).
 * \param m the decoded message
 * \param missing if non-null and a required AVP is absent, receives its RFC name
 *        (e.g. "Assigned Tunnel ID"); cleared otherwise
 * \return true if nothing required is missing
 */
bool ValidateMessage(const L2tpControlMessage& m, std::string* missing = nullptr);

/**
 * \brief The first recognized IETF AVP that the message's §6 row neither requires nor allows, or
 * nullptr. Such an AVP is not an error by itself (§4.1 governs only unrecognized AVPs); the
 * conformance engine reports it.
 */
const L2tpAvp* FirstUnexpectedAvp(const L2tpControlMessage& m);

} // namespace ns3

#endif
