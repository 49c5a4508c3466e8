/**
 * \file
 * \brief The RFC 2661 §4.4 AVP catalog as data: one constexpr row per IETF attribute type.
 *
 * Each row records what §4.4.x says about the AVP: its RFC name, the M-bit sentence ("The M-bit for
 * this AVP MUST be set to 1/0"), the H-bit sentence ("This AVP may be hidden" / "MUST NOT be
 * hidden"), the value's data type and the allowed value length (Attribute Value only, i.e. the AVP
 * Length minus the 6-octet AVP header, before hiding), the RFC section and the Wireshark/tshark
 * field that shows the value. The codec enforces the length rule (AVP_LENGTH_RULE) and the hiding
 * rule (HIDDEN_NOT_ALLOWED); the conformance engine and reports read the same rows.
 *
 * Attribute type 20 is reserved (§4.4) and has no row: it decodes as an unrecognized AVP.
 */
#ifndef L2TPLAB_L2TP_AVP_TABLE_H
#define L2TPLAB_L2TP_AVP_TABLE_H

#include "model/l2tp/l2tp-types.h"

#include <cstddef>
#include <cstdint>
#include <string>

namespace ns3
{

/** \brief Largest AVP Length: the field is 10 bits wide (RFC 2661 §4.1). */
constexpr uint16_t kL2tpAvpMaxLength = 1023;
/** \brief Size of the AVP header (flags/length, Vendor ID, Attribute Type). */
constexpr uint16_t kL2tpAvpHeaderSize = 6;
/** \brief Largest Attribute Value that fits in one AVP. */
constexpr uint16_t kL2tpAvpMaxValue = kL2tpAvpMaxLength - kL2tpAvpHeaderSize;

/** \brief What §4.4.x says about the M bit of an AVP. */
enum class L2tpMBitRule : uint8_t
{
    MUST_SET,     //!< "The M-bit for this AVP MUST be set to 1"
    MUST_NOT_SET, //!< "The M-bit for this AVP MUST be set to 0"
    MAY,          //!< either value allowed (no RFC 2661 AVP; kept for extension catalogs)
};

/** \brief What §4.4.x says about the H bit of an AVP. */
enum class L2tpHideRule : uint8_t
{
    MAY_HIDE,  //!< "This AVP may be hidden (the H-bit may be 0 or 1)"
    NEVER_HIDE //!< "This AVP MUST NOT be hidden (the H-bit MUST be 0)"
};

/** \brief How the Attribute Value is laid out. */
enum class L2tpAvpDataType : uint8_t
{
    NONE,             //!< no value at all (Sequencing Required)
    U16,              //!< 16-bit unsigned integer
    U32,              //!< 32-bit unsigned integer (also bit masks: Framing/Bearer Capabilities)
    U64,              //!< 64-bit value (Tie Breaker)
    STRING,           //!< octets meant as text (Host Name, Called Number, ...)
    BYTES,            //!< opaque octets (Challenge, Random Vector, LCP CONFREQs, ...)
    RESULT_CODE,      //!< Result Code (2) [Error Code (2) [Error Message]] (§4.4.2)
    Q931_CAUSE,       //!< Cause Code (2), Cause Msg (1), Advisory Msg (§4.4.4)
    CALL_ERRORS,      //!< Reserved (2) + six 32-bit error counters (§4.4.6)
    ACCM,             //!< Reserved (2), Send ACCM (4), Receive ACCM (4) (§4.4.6)
    PROTOCOL_VERSION, //!< Ver (1), Rev (1) (§4.4.3)
    PROXY_AUTHEN_ID,  //!< Reserved (1), ID (1) (§4.4.5)
};

/** \brief One row of the AVP catalog. */
struct L2tpAvpInfo
{
    L2tpAvpType type;         //!< attribute type (vendor 0)
    const char* name;         //!< RFC name, e.g. "Assigned Tunnel ID"
    L2tpMBitRule mBit;        //!< M-bit rule
    L2tpHideRule hide;        //!< H-bit rule
    L2tpAvpDataType dataType; //!< value layout
    uint16_t minValueLength;  //!< smallest Attribute Value (octets, clear text)
    uint16_t maxValueLength;  //!< largest Attribute Value (octets, clear text)
    const char* section;      //!< RFC 2661 section, e.g. "4.4.3"
    const char* tsharkField;  //!< Wireshark field showing the value ("" if none)

    /** \brief True if a clear-text value of `n` octets satisfies the length rule. */
    constexpr bool
    LengthOk(size_t n) const
    {
        return n >= minValueLength && n <= maxValueLength;
    }
    /** \brief The M bit a conforming sender sets (MAY: false). */
    constexpr bool
    DefaultMandatory() const
    {
        return mBit == L2tpMBitRule::MUST_SET;
    }
};

/**
 * \brief The catalog, RFC 2661 §4.4.1–§4.4.6, in attribute-type order. Lengths are of the
 * Attribute Value (AVP Length − 6); "arbitrary length" values run to kL2tpAvpMaxValue.
 */
inline constexpr L2tpAvpInfo kL2tpAvpTable[] = {
    // §4.4.1 AVPs Applicable To All Control Messages
    {L2tpAvpType::MESSAGE_TYPE, "Message Type", L2tpMBitRule::MUST_SET, L2tpHideRule::NEVER_HIDE,
     L2tpAvpDataType::U16, 2, 2, "4.4.1", "l2tp.avp.message_type"},
    // §4.4.2 Result and Error Codes
    {L2tpAvpType::RESULT_CODE, "Result Code", L2tpMBitRule::MUST_SET, L2tpHideRule::NEVER_HIDE,
     L2tpAvpDataType::RESULT_CODE, 2, kL2tpAvpMaxValue, "4.4.2", "l2tp.result_code"},
    // §4.4.3 Control Connection Management AVPs
    {L2tpAvpType::PROTOCOL_VERSION, "Protocol Version", L2tpMBitRule::MUST_SET,
     L2tpHideRule::NEVER_HIDE, L2tpAvpDataType::PROTOCOL_VERSION, 2, 2, "4.4.3",
     "l2tp.avp.protocol_version"},
    {L2tpAvpType::FRAMING_CAPABILITIES, "Framing Capabilities", L2tpMBitRule::MUST_SET,
     L2tpHideRule::MAY_HIDE, L2tpAvpDataType::U32, 4, 4, "4.4.3",
     "l2tp.avp.sync_framing_supported"},
    {L2tpAvpType::BEARER_CAPABILITIES, "Bearer Capabilities", L2tpMBitRule::MUST_SET,
     L2tpHideRule::MAY_HIDE, L2tpAvpDataType::U32, 4, 4, "4.4.3",
     "l2tp.avp.digital_access_supported"},
    {L2tpAvpType::TIE_BREAKER, "Tie Breaker", L2tpMBitRule::MUST_NOT_SET, L2tpHideRule::NEVER_HIDE,
     L2tpAvpDataType::U64, 8, 8, "4.4.3", "l2tp.tie_breaker"},
    {L2tpAvpType::FIRMWARE_REVISION, "Firmware Revision", L2tpMBitRule::MUST_NOT_SET,
     L2tpHideRule::MAY_HIDE, L2tpAvpDataType::U16, 2, 2, "4.4.3", "l2tp.avp.firmware_revision"},
    {L2tpAvpType::HOST_NAME, "Host Name", L2tpMBitRule::MUST_SET, L2tpHideRule::NEVER_HIDE,
     L2tpAvpDataType::STRING, 1, kL2tpAvpMaxValue, "4.4.3", "l2tp.avp.host_name"},
    {L2tpAvpType::VENDOR_NAME, "Vendor Name", L2tpMBitRule::MUST_NOT_SET, L2tpHideRule::MAY_HIDE,
     L2tpAvpDataType::STRING, 0, kL2tpAvpMaxValue, "4.4.3", "l2tp.avp.vendor_name"},
    {L2tpAvpType::ASSIGNED_TUNNEL_ID, "Assigned Tunnel ID", L2tpMBitRule::MUST_SET,
     L2tpHideRule::MAY_HIDE, L2tpAvpDataType::U16, 2, 2, "4.4.3", "l2tp.avp.assigned_tunnel_id"},
    {L2tpAvpType::RECEIVE_WINDOW_SIZE, "Receive Window Size", L2tpMBitRule::MUST_SET,
     L2tpHideRule::NEVER_HIDE, L2tpAvpDataType::U16, 2, 2, "4.4.3", "l2tp.avp.receive_window_size"},
    {L2tpAvpType::CHALLENGE, "Challenge", L2tpMBitRule::MUST_SET, L2tpHideRule::MAY_HIDE,
     L2tpAvpDataType::BYTES, 1, kL2tpAvpMaxValue, "4.4.3", "l2tp.avp.chap_challenge"},
    // §4.4.4 Call Management AVPs (Q.931 Cause Code sits here in type order)
    {L2tpAvpType::Q931_CAUSE_CODE, "Q.931 Cause Code", L2tpMBitRule::MUST_SET,
     L2tpHideRule::NEVER_HIDE, L2tpAvpDataType::Q931_CAUSE, 3, kL2tpAvpMaxValue, "4.4.4",
     "l2tp.avp.cause_code"},
    // §4.4.3 again: the Challenge Response ("Response") AVP carries a 16-octet MD5 digest
    {L2tpAvpType::CHALLENGE_RESPONSE, "Challenge Response", L2tpMBitRule::MUST_SET,
     L2tpHideRule::MAY_HIDE, L2tpAvpDataType::BYTES, 16, 16, "4.4.3",
     "l2tp.avp.chap_challenge_response"},
    {L2tpAvpType::ASSIGNED_SESSION_ID, "Assigned Session ID", L2tpMBitRule::MUST_SET,
     L2tpHideRule::MAY_HIDE, L2tpAvpDataType::U16, 2, 2, "4.4.4", "l2tp.avp.assigned_session_id"},
    {L2tpAvpType::CALL_SERIAL_NUMBER, "Call Serial Number", L2tpMBitRule::MUST_SET,
     L2tpHideRule::MAY_HIDE, L2tpAvpDataType::U32, 4, 4, "4.4.4", "l2tp.avp.call_serial_number"},
    {L2tpAvpType::MINIMUM_BPS, "Minimum BPS", L2tpMBitRule::MUST_SET, L2tpHideRule::MAY_HIDE,
     L2tpAvpDataType::U32, 4, 4, "4.4.4", "l2tp.avp.minimum_bps"},
    {L2tpAvpType::MAXIMUM_BPS, "Maximum BPS", L2tpMBitRule::MUST_SET, L2tpHideRule::MAY_HIDE,
     L2tpAvpDataType::U32, 4, 4, "4.4.4", "l2tp.avp.maximum_bps"},
    {L2tpAvpType::BEARER_TYPE, "Bearer Type", L2tpMBitRule::MUST_SET, L2tpHideRule::MAY_HIDE,
     L2tpAvpDataType::U32, 4, 4, "4.4.4", "l2tp.avp.digital_bearer_type"},
    {L2tpAvpType::FRAMING_TYPE, "Framing Type", L2tpMBitRule::MUST_SET, L2tpHideRule::MAY_HIDE,
     L2tpAvpDataType::U32, 4, 4, "4.4.4", "l2tp.avp.sync_framing_type"},
    // type 20 is reserved
    {L2tpAvpType::CALLED_NUMBER, "Called Number", L2tpMBitRule::MUST_SET, L2tpHideRule::MAY_HIDE,
     L2tpAvpDataType::STRING, 0, kL2tpAvpMaxValue, "4.4.4", "l2tp.avp.called_number"},
    {L2tpAvpType::CALLING_NUMBER, "Calling Number", L2tpMBitRule::MUST_SET, L2tpHideRule::MAY_HIDE,
     L2tpAvpDataType::STRING, 0, kL2tpAvpMaxValue, "4.4.4", "l2tp.avp.calling_number"},
    {L2tpAvpType::SUB_ADDRESS, "Sub-Address", L2tpMBitRule::MUST_SET, L2tpHideRule::MAY_HIDE,
     L2tpAvpDataType::STRING, 0, kL2tpAvpMaxValue, "4.4.4", "l2tp.avp.sub_address"},
    {L2tpAvpType::TX_CONNECT_SPEED, "(Tx) Connect Speed", L2tpMBitRule::MUST_SET,
     L2tpHideRule::MAY_HIDE, L2tpAvpDataType::U32, 4, 4, "4.4.4", "l2tp.avp.connect_speed"},
    {L2tpAvpType::PHYSICAL_CHANNEL_ID, "Physical Channel ID", L2tpMBitRule::MUST_NOT_SET,
     L2tpHideRule::MAY_HIDE, L2tpAvpDataType::U32, 4, 4, "4.4.4", "l2tp.avp.physical_channel"},
    // §4.4.5 Proxy LCP and Authentication AVPs
    {L2tpAvpType::INITIAL_RECEIVED_LCP_CONFREQ, "Initial Received LCP CONFREQ",
     L2tpMBitRule::MUST_NOT_SET, L2tpHideRule::MAY_HIDE, L2tpAvpDataType::BYTES, 0,
     kL2tpAvpMaxValue, "4.4.5", "l2tp.avp.initial_received_lcp_confreq"},
    {L2tpAvpType::LAST_SENT_LCP_CONFREQ, "Last Sent LCP CONFREQ", L2tpMBitRule::MUST_NOT_SET,
     L2tpHideRule::MAY_HIDE, L2tpAvpDataType::BYTES, 0, kL2tpAvpMaxValue, "4.4.5",
     "l2tp.avp.last_sent_lcp_confreq"},
    {L2tpAvpType::LAST_RECEIVED_LCP_CONFREQ, "Last Received LCP CONFREQ",
     L2tpMBitRule::MUST_NOT_SET, L2tpHideRule::MAY_HIDE, L2tpAvpDataType::BYTES, 0,
     kL2tpAvpMaxValue, "4.4.5", "l2tp.avp.last_received_lcp_confreq"},
    {L2tpAvpType::PROXY_AUTHEN_TYPE, "Proxy Authen Type", L2tpMBitRule::MUST_NOT_SET,
     L2tpHideRule::MAY_HIDE, L2tpAvpDataType::U16, 2, 2, "4.4.5", "l2tp.avp.proxy_authen_type"},
    {L2tpAvpType::PROXY_AUTHEN_NAME, "Proxy Authen Name", L2tpMBitRule::MUST_NOT_SET,
     L2tpHideRule::MAY_HIDE, L2tpAvpDataType::STRING, 0, kL2tpAvpMaxValue, "4.4.5",
     "l2tp.avp.proxy_authen_name"},
    {L2tpAvpType::PROXY_AUTHEN_CHALLENGE, "Proxy Authen Challenge", L2tpMBitRule::MUST_NOT_SET,
     L2tpHideRule::MAY_HIDE, L2tpAvpDataType::BYTES, 1, kL2tpAvpMaxValue, "4.4.5",
     "l2tp.avp.proxy_authen_challenge"},
    {L2tpAvpType::PROXY_AUTHEN_ID, "Proxy Authen ID", L2tpMBitRule::MUST_NOT_SET,
     L2tpHideRule::MAY_HIDE, L2tpAvpDataType::PROXY_AUTHEN_ID, 2, 2, "4.4.5",
     "l2tp.avp.proxy_authen_id"},
    {L2tpAvpType::PROXY_AUTHEN_RESPONSE, "Proxy Authen Response", L2tpMBitRule::MUST_NOT_SET,
     L2tpHideRule::MAY_HIDE, L2tpAvpDataType::BYTES, 0, kL2tpAvpMaxValue, "4.4.5",
     "l2tp.avp.proxy_authen_response"},
    // §4.4.6 Call Status AVPs
    {L2tpAvpType::CALL_ERRORS, "Call Errors", L2tpMBitRule::MUST_SET, L2tpHideRule::MAY_HIDE,
     L2tpAvpDataType::CALL_ERRORS, 26, 26, "4.4.6", "l2tp.avp.crc_errors"},
    {L2tpAvpType::ACCM, "ACCM", L2tpMBitRule::MUST_SET, L2tpHideRule::MAY_HIDE,
     L2tpAvpDataType::ACCM, 10, 10, "4.4.6", "l2tp.avp.send_accm"},
    // §4.4.1 again
    {L2tpAvpType::RANDOM_VECTOR, "Random Vector", L2tpMBitRule::MUST_SET, L2tpHideRule::NEVER_HIDE,
     L2tpAvpDataType::BYTES, 0, kL2tpAvpMaxValue, "4.4.1", "l2tp.avp.random_vector"},
    // §4.4.4 again (types added late in the draft process)
    {L2tpAvpType::PRIVATE_GROUP_ID, "Private Group ID", L2tpMBitRule::MUST_NOT_SET,
     L2tpHideRule::MAY_HIDE, L2tpAvpDataType::BYTES, 0, kL2tpAvpMaxValue, "4.4.4",
     "l2tp.avp.private_group_id"},
    {L2tpAvpType::RX_CONNECT_SPEED, "Rx Connect Speed", L2tpMBitRule::MUST_NOT_SET,
     L2tpHideRule::MAY_HIDE, L2tpAvpDataType::U32, 4, 4, "4.4.4", "l2tp.avp.rx_connect_speed"},
    {L2tpAvpType::SEQUENCING_REQUIRED, "Sequencing Required", L2tpMBitRule::MUST_SET,
     L2tpHideRule::NEVER_HIDE, L2tpAvpDataType::NONE, 0, 0, "4.4.4", ""},
};

/** \brief Number of rows in the catalog. */
constexpr size_t kL2tpAvpTableSize = sizeof(kL2tpAvpTable) / sizeof(kL2tpAvpTable[0]);

/** \brief Compile-time check: no attribute type appears twice. */
constexpr bool
L2tpAvpTableTypesUnique()
{
    for (size_t i = 0; i < kL2tpAvpTableSize; ++i)
    {
        for (size_t j = i + 1; j < kL2tpAvpTableSize; ++j)
        {
            if (kL2tpAvpTable[i].type == kL2tpAvpTable[j].type)
            {
                return false;
            }
        }
    }
    return true;
}

/** \brief Compile-time check: the rows are sorted by attribute type (binary search is possible). */
constexpr bool
L2tpAvpTableSorted()
{
    for (size_t i = 1; i < kL2tpAvpTableSize; ++i)
    {
        if (static_cast<uint16_t>(kL2tpAvpTable[i - 1].type) >=
            static_cast<uint16_t>(kL2tpAvpTable[i].type))
        {
            return false;
        }
    }
    return true;
}

static_assert(L2tpAvpTableTypesUnique(), "AVP catalog: duplicate attribute type");
static_assert(L2tpAvpTableSorted(), "AVP catalog: rows must be in attribute-type order");
static_assert(kL2tpAvpTableSize == 39, "AVP catalog: RFC 2661 defines types 0..39 except 20");

/** \brief Catalog row of an IETF (vendor 0) attribute type, or nullptr if unknown/reserved. */
const L2tpAvpInfo* FindL2tpAvpInfo(uint16_t type);
/** \brief Catalog row of an IETF attribute type, or nullptr. */
const L2tpAvpInfo* FindL2tpAvpInfo(L2tpAvpType type);
/**
 * \brief Catalog row that governs a decoded AVP, or nullptr if the AVP is unrecognized: non-zero
 * Vendor ID, unknown/reserved type, or reserved flag bits set (§4.1: "MUST be treated as an
 * unrecognized AVP").
 */
const L2tpAvpInfo* FindL2tpAvpInfo(const L2tpAvp& avp);

/** \brief RFC name of an IETF attribute type ("Host Name"), or "Unknown(n)". */
std::string ToString(L2tpAvpType type);
/** \brief "MUST_SET", "MUST_NOT_SET", "MAY". */
const char* ToString(L2tpMBitRule r);
/** \brief "MAY_HIDE", "NEVER_HIDE". */
const char* ToString(L2tpHideRule r);
/** \brief "U16", "STRING", "RESULT_CODE", ... */
const char* ToString(L2tpAvpDataType t);

} // namespace ns3

#endif
