#include "model/l2tp/l2tp-types.h"

#include "model/l2tp/l2tp-avp-table.h"

#include <cctype>

namespace ns3
{

namespace
{

/** \brief Message type names as RFC 2661 §3.2 / §6 spell them. */
struct MessageTypeName
{
    L2tpMessageType type; //!< the type
    const char* name;     //!< its RFC spelling
};

constexpr MessageTypeName kMessageTypeNames[] = {
    {L2tpMessageType::ZLB, "ZLB"},         {L2tpMessageType::SCCRQ, "SCCRQ"},
    {L2tpMessageType::SCCRP, "SCCRP"},     {L2tpMessageType::SCCCN, "SCCCN"},
    {L2tpMessageType::STOPCCN, "StopCCN"}, {L2tpMessageType::HELLO, "HELLO"},
    {L2tpMessageType::OCRQ, "OCRQ"},       {L2tpMessageType::OCRP, "OCRP"},
    {L2tpMessageType::OCCN, "OCCN"},       {L2tpMessageType::ICRQ, "ICRQ"},
    {L2tpMessageType::ICRP, "ICRP"},       {L2tpMessageType::ICCN, "ICCN"},
    {L2tpMessageType::CDN, "CDN"},         {L2tpMessageType::WEN, "WEN"},
    {L2tpMessageType::SLI, "SLI"},
};

bool
EqualsIgnoreCase(const std::string& a, const char* b)
{
    size_t i = 0;
    for (; i < a.size() && b[i] != '\0'; ++i)
    {
        if (std::tolower(static_cast<unsigned char>(a[i])) !=
            std::tolower(static_cast<unsigned char>(b[i])))
        {
            return false;
        }
    }
    return i == a.size() && b[i] == '\0';
}

/** \brief Read an integer value of exactly `n` octets (the whole value) in network order. */
template <typename T>
bool
ReadWhole(const L2tpAvp* avp, T& v)
{
    if (!avp || avp->value.size() != sizeof(T))
    {
        return false;
    }
    ByteReader r(avp->value);
    uint64_t acc = 0;
    for (size_t i = 0; i < sizeof(T); ++i)
    {
        uint8_t b = 0;
        if (!r.ReadU8(b))
        {
            return false;
        }
        acc = (acc << 8) | b;
    }
    v = static_cast<T>(acc);
    return true;
}

} // namespace

std::string
ToString(L2tpMessageType t)
{
    for (const MessageTypeName& n : kMessageTypeNames)
    {
        if (n.type == t)
        {
            return n.name;
        }
    }
    return "Unknown(" + std::to_string(static_cast<uint16_t>(t)) + ")";
}

bool
ParseMessageType(const std::string& name, L2tpMessageType& out)
{
    for (const MessageTypeName& n : kMessageTypeNames)
    {
        if (EqualsIgnoreCase(name, n.name))
        {
            out = n.type;
            return true;
        }
    }
    return false;
}

std::string
ToString(L2tpDecodeError e)
{
    switch (e)
    {
    case L2tpDecodeError::NONE:
        return "NONE";
    case L2tpDecodeError::TRUNCATED_HEADER:
        return "TRUNCATED_HEADER";
    case L2tpDecodeError::UNSUPPORTED_VERSION:
        return "UNSUPPORTED_VERSION";
    case L2tpDecodeError::CONTROL_BITS:
        return "CONTROL_BITS";
    case L2tpDecodeError::RESERVED_BITS:
        return "RESERVED_BITS";
    case L2tpDecodeError::LENGTH_MISMATCH:
        return "LENGTH_MISMATCH";
    case L2tpDecodeError::BAD_OFFSET:
        return "BAD_OFFSET";
    case L2tpDecodeError::AVP_TOO_SHORT:
        return "AVP_TOO_SHORT";
    case L2tpDecodeError::AVP_OVERRUN:
        return "AVP_OVERRUN";
    case L2tpDecodeError::AVP_LENGTH_RULE:
        return "AVP_LENGTH_RULE";
    case L2tpDecodeError::FIRST_AVP_NOT_MESSAGE_TYPE:
        return "FIRST_AVP_NOT_MESSAGE_TYPE";
    case L2tpDecodeError::HIDDEN_WITHOUT_SECRET:
        return "HIDDEN_WITHOUT_SECRET";
    case L2tpDecodeError::HIDDEN_WITHOUT_RANDOM_VECTOR:
        return "HIDDEN_WITHOUT_RANDOM_VECTOR";
    case L2tpDecodeError::HIDDEN_BAD_LENGTH:
        return "HIDDEN_BAD_LENGTH";
    case L2tpDecodeError::HIDDEN_NOT_ALLOWED:
        return "HIDDEN_NOT_ALLOWED";
    case L2tpDecodeError::RESERVED_AVP_BITS:
        return "RESERVED_AVP_BITS";
    }
    return "UNKNOWN_ERROR";
}

// ---- L2tpControlMessage accessors

L2tpMessageType
L2tpControlMessage::Type() const
{
    if (avps.empty())
    {
        return L2tpMessageType::ZLB;
    }
    uint16_t v = 0;
    if (!avps.front().Is(L2tpAvpType::MESSAGE_TYPE) || !ReadWhole(&avps.front(), v))
    {
        // Not a well-formed message (the decoder never produces this): report the reserved
        // type 0, which is never a real message.
        return L2tpMessageType::ZLB;
    }
    return static_cast<L2tpMessageType>(v);
}

const L2tpAvp*
L2tpControlMessage::Find(L2tpAvpType t) const
{
    for (const L2tpAvp& a : avps)
    {
        if (a.Is(t))
        {
            return &a;
        }
    }
    return nullptr;
}

bool
L2tpControlMessage::GetU8(L2tpAvpType t, uint8_t& v) const
{
    return ReadWhole(Find(t), v);
}

bool
L2tpControlMessage::GetU16(L2tpAvpType t, uint16_t& v) const
{
    return ReadWhole(Find(t), v);
}

bool
L2tpControlMessage::GetU32(L2tpAvpType t, uint32_t& v) const
{
    return ReadWhole(Find(t), v);
}

bool
L2tpControlMessage::GetU64(L2tpAvpType t, uint64_t& v) const
{
    return ReadWhole(Find(t), v);
}

bool
L2tpControlMessage::GetString(L2tpAvpType t, std::string& v) const
{
    const L2tpAvp* a = Find(t);
    if (!a)
    {
        return false;
    }
    v.assign(a->value.begin(), a->value.end());
    return true;
}

bool
L2tpControlMessage::GetBytes(L2tpAvpType t, Bytes& v) const
{
    const L2tpAvp* a = Find(t);
    if (!a)
    {
        return false;
    }
    v = a->value;
    return true;
}

// ---- builders

L2tpControlMessage
L2tpControlMessage::Make(L2tpMessageType t)
{
    L2tpControlMessage m;
    m.AddU16(L2tpAvpType::MESSAGE_TYPE, static_cast<uint16_t>(t));
    return m;
}

L2tpControlMessage&
L2tpControlMessage::Add(L2tpAvpType t, Bytes value, bool hidden)
{
    L2tpAvp a;
    const L2tpAvpInfo* info = FindL2tpAvpInfo(t);
    a.mandatory = info ? info->DefaultMandatory() : false;
    a.hidden = hidden;
    a.vendorId = kL2tpIetfVendor;
    a.type = static_cast<uint16_t>(t);
    a.value = std::move(value);
    avps.push_back(std::move(a));
    return *this;
}

L2tpControlMessage&
L2tpControlMessage::AddU8(L2tpAvpType t, uint8_t v, bool hidden)
{
    return Add(t, Bytes{v}, hidden);
}

L2tpControlMessage&
L2tpControlMessage::AddU16(L2tpAvpType t, uint16_t v, bool hidden)
{
    ByteWriter w;
    w.WriteU16(v);
    return Add(t, w.Take(), hidden);
}

L2tpControlMessage&
L2tpControlMessage::AddU32(L2tpAvpType t, uint32_t v, bool hidden)
{
    ByteWriter w;
    w.WriteU32(v);
    return Add(t, w.Take(), hidden);
}

L2tpControlMessage&
L2tpControlMessage::AddU64(L2tpAvpType t, uint64_t v, bool hidden)
{
    ByteWriter w;
    w.WriteU64(v);
    return Add(t, w.Take(), hidden);
}

L2tpControlMessage&
L2tpControlMessage::AddString(L2tpAvpType t, const std::string& v, bool hidden)
{
    ByteWriter w;
    w.WriteString(v);
    return Add(t, w.Take(), hidden);
}

L2tpControlMessage&
L2tpControlMessage::AddResult(uint16_t result, uint16_t error, const std::string& msg)
{
    // §4.4.2: Length 8 = Result Code only; 10 = with Error Code; 10 + n = with Error Message.
    // The Error Code is included whenever it is non-zero or a message follows it.
    ByteWriter w;
    w.WriteU16(result);
    if (error != 0 || !msg.empty())
    {
        w.WriteU16(error);
        w.WriteString(msg);
    }
    return Add(L2tpAvpType::RESULT_CODE, w.Take(), false);
}

} // namespace ns3
