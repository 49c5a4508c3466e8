#include "model/l2tp/l2tp-codec.h"

#include "model/common/crypto.h"
#include "model/l2tp/l2tp-avp-table.h"

#include <algorithm>

namespace ns3
{

namespace
{

// RFC 2661 §3.1, Figure 3.1: |T|L|x|x|S|x|O|P|x|x|x|x|  Ver  |
constexpr uint16_t kFlagT = 0x8000;   //!< Type: 1 = control
constexpr uint16_t kFlagL = 0x4000;   //!< Length present
constexpr uint16_t kFlagS = 0x0800;   //!< Ns/Nr present
constexpr uint16_t kFlagO = 0x0200;   //!< Offset Size present
constexpr uint16_t kFlagP = 0x0100;   //!< Priority
constexpr uint16_t kVerMask = 0x000F; //!< Ver

// RFC 2661 §4.1: |M|H| rsvd  |      Length       |
constexpr uint16_t kAvpM = 0x8000;         //!< Mandatory
constexpr uint16_t kAvpH = 0x4000;         //!< Hidden
constexpr uint16_t kAvpReservedShift = 10; //!< the 4 reserved bits sit above the length
constexpr uint16_t kAvpReservedMask = 0x0F;
constexpr uint16_t kAvpLengthMask = 0x03FF; //!< 10-bit Length

constexpr size_t kMd5Size = 16; //!< §4.3 hides in 16-octet segments

void
SetDetail(std::string* detail, const std::string& text)
{
    if (detail)
    {
        *detail = text;
    }
}

/**
 * \brief The §4.3 MD5 stream: XOR `in` with b1 = MD5(type | secret | RV), b(i) = MD5(secret |
 * c(i-1)), where c is the HIDDEN text of the previous segment (`hiding` says which side is hidden).
 */
Bytes
HideStream(uint16_t attributeType,
           const Bytes& in,
           const std::string& secret,
           const Bytes& randomVector,
           bool hiding)
{
    ByteWriter typeBytes;
    typeBytes.WriteU16(attributeType);
    Md5Digest b = Md5({typeBytes.Data(), secret, randomVector});

    ByteReader r(in);
    ByteWriter out;
    while (!r.Empty())
    {
        Bytes segment;
        size_t n = std::min(kMd5Size, r.Remaining());
        if (!r.ReadBytes(n, segment))
        {
            break; // cannot happen: n <= Remaining()
        }
        Bytes result(segment.size());
        for (size_t i = 0; i < segment.size(); ++i)
        {
            result[i] = static_cast<uint8_t>(segment[i] ^ b[i]);
        }
        const Bytes& hiddenSegment = hiding ? result : segment;
        out.WriteBytes(result);
        if (!r.Empty())
        {
            b = Md5({secret, hiddenSegment});
        }
    }
    return out.Take();
}

} // namespace

// ---- header

L2tpDecodeError
DecodeL2tpHeader(const uint8_t* data, size_t len, L2tpHeader& out)
{
    out = L2tpHeader{};
    ByteReader r(data, len);
    uint16_t flags = 0;
    if (!r.ReadU16(flags))
    {
        return L2tpDecodeError::TRUNCATED_HEADER;
    }
    out.isControl = (flags & kFlagT) != 0;
    out.hasLength = (flags & kFlagL) != 0;
    out.hasSequence = (flags & kFlagS) != 0;
    out.hasOffset = (flags & kFlagO) != 0;
    out.priority = (flags & kFlagP) != 0;
    out.version = static_cast<uint8_t>(flags & kVerMask);
    // The reserved x bits are deliberately not checked. RFC 2661 §3.1: "All reserved bits MUST be
    // set to 0 on outgoing messages and ignored on incoming messages." The encoders write 0.

    // §3.1: "Packets received with an unknown Ver field MUST be discarded."
    if (out.version != kL2tpVersion)
    {
        return L2tpDecodeError::UNSUPPORTED_VERSION;
    }
    // §3.1: L "MUST be set to 1 for control messages", S "MUST be set to 1 for control messages",
    // O "MUST be set to 0 (zero) for control messages", P "MUST be set to 0 for all control
    // messages".
    if (out.isControl && (!out.hasLength || !out.hasSequence || out.hasOffset || out.priority))
    {
        return L2tpDecodeError::CONTROL_BITS;
    }
    if (out.hasLength && !r.ReadU16(out.length))
    {
        return L2tpDecodeError::TRUNCATED_HEADER;
    }
    if (!r.ReadU16(out.tunnelId) || !r.ReadU16(out.sessionId))
    {
        return L2tpDecodeError::TRUNCATED_HEADER;
    }
    if (out.hasSequence && (!r.ReadU16(out.ns) || !r.ReadU16(out.nr)))
    {
        return L2tpDecodeError::TRUNCATED_HEADER;
    }
    if (out.hasOffset && !r.ReadU16(out.offsetSize))
    {
        return L2tpDecodeError::TRUNCATED_HEADER;
    }
    size_t fixed = r.Offset();
    // The message ends at Length if present (trailing octets of the datagram are not ours).
    size_t end = len;
    if (out.hasLength)
    {
        if (out.length > len || out.length < fixed)
        {
            return L2tpDecodeError::LENGTH_MISMATCH;
        }
        end = out.length;
    }
    if (out.hasOffset && out.offsetSize > end - fixed)
    {
        return L2tpDecodeError::BAD_OFFSET;
    }
    out.headerSize = fixed + (out.hasOffset ? out.offsetSize : 0);
    if (!out.hasLength)
    {
        out.length = static_cast<uint16_t>(std::min<size_t>(len, 0xFFFF));
    }
    return L2tpDecodeError::NONE;
}

// ---- control messages

L2tpDecodeError
DecodeL2tpControl(const uint8_t* data,
                  size_t len,
                  const std::string& secret,
                  L2tpControlMessage& out,
                  std::string* detail)
{
    out = L2tpControlMessage{};
    L2tpHeader h;
    L2tpDecodeError e = DecodeL2tpHeader(data, len, h);
    if (e != L2tpDecodeError::NONE)
    {
        SetDetail(detail, "header: " + ToString(e));
        return e;
    }
    if (!h.isControl)
    {
        SetDetail(detail, "T=0: a data message, not a control message");
        return L2tpDecodeError::CONTROL_BITS;
    }
    out.tunnelId = h.tunnelId;
    out.sessionId = h.sessionId;
    out.ns = h.ns;
    out.nr = h.nr;

    ByteReader r(data, h.length);
    if (!r.Skip(h.headerSize))
    {
        return L2tpDecodeError::TRUNCATED_HEADER; // cannot happen after DecodeL2tpHeader
    }
    bool haveRandomVector = false;
    Bytes randomVector;
    size_t index = 0;
    while (!r.Empty())
    {
        const std::string where =
            "AVP #" + std::to_string(index) + " at offset " + std::to_string(r.Offset());
        uint16_t flagsLength = 0;
        if (!r.PeekU16(0, flagsLength))
        {
            SetDetail(detail, where + ": 1 octet left, AVP header needs 6");
            return L2tpDecodeError::AVP_OVERRUN;
        }
        size_t avpLength = flagsLength & kAvpLengthMask;
        if (avpLength < kL2tpAvpHeaderSize)
        {
            SetDetail(detail, where + ": Length " + std::to_string(avpLength) + " < 6");
            return L2tpDecodeError::AVP_TOO_SHORT;
        }
        if (avpLength > r.Remaining())
        {
            SetDetail(detail, where + ": Length " + std::to_string(avpLength) + " > " +
                                  std::to_string(r.Remaining()) + " octets left");
            return L2tpDecodeError::AVP_OVERRUN;
        }
        L2tpAvp avp;
        Bytes wire;
        if (!r.ReadU16(flagsLength) || !r.ReadU16(avp.vendorId) || !r.ReadU16(avp.type) ||
            !r.ReadBytes(avpLength - kL2tpAvpHeaderSize, wire))
        {
            return L2tpDecodeError::AVP_OVERRUN; // cannot happen: checked above
        }
        avp.mandatory = (flagsLength & kAvpM) != 0;
        avp.hidden = (flagsLength & kAvpH) != 0;
        avp.reservedBits =
            static_cast<uint8_t>((flagsLength >> kAvpReservedShift) & kAvpReservedMask);

        // §3.2 / §4.4.1: the Message Type AVP MUST be the first AVP of a message.
        if (index == 0 && !avp.Is(L2tpAvpType::MESSAGE_TYPE))
        {
            SetDetail(detail, where + ": vendor " + std::to_string(avp.vendorId) + " type " +
                                  std::to_string(avp.type) + " is not Message Type");
            return L2tpDecodeError::FIRST_AVP_NOT_MESSAGE_TYPE;
        }
        const L2tpAvpInfo* info = FindL2tpAvpInfo(avp);
        if (avp.hidden)
        {
            if (info && info->hide == L2tpHideRule::NEVER_HIDE)
            {
                SetDetail(detail, where + ": " + info->name + " MUST NOT be hidden");
                return L2tpDecodeError::HIDDEN_NOT_ALLOWED;
            }
            // §4.3: "a hidden AVP uses the Random Vector AVP most closely preceding it". Hiding
            // does not depend on the attribute, so unrecognized AVPs are un-hidden too.
            if (!haveRandomVector)
            {
                SetDetail(detail, where + ": hidden, no preceding Random Vector");
                return L2tpDecodeError::HIDDEN_WITHOUT_RANDOM_VECTOR;
            }
            if (secret.empty())
            {
                SetDetail(detail, where + ": hidden, no shared secret configured");
                return L2tpDecodeError::HIDDEN_WITHOUT_SECRET;
            }
            if (!UnhideAvpValue(avp.type, wire, secret, randomVector, avp.value))
            {
                SetDetail(detail, where + ": hidden Original Length exceeds the hidden data");
                return L2tpDecodeError::HIDDEN_BAD_LENGTH;
            }
        }
        else
        {
            avp.value = std::move(wire);
        }
        if (info && !info->LengthOk(avp.value.size()))
        {
            SetDetail(detail, where + ": " + info->name + " value of " +
                                  std::to_string(avp.value.size()) + " octets, RFC 2661 §" +
                                  info->section + " allows " +
                                  std::to_string(info->minValueLength) + ".." +
                                  std::to_string(info->maxValueLength));
            return L2tpDecodeError::AVP_LENGTH_RULE;
        }
        if (avp.Is(L2tpAvpType::RANDOM_VECTOR))
        {
            haveRandomVector = true;
            randomVector = avp.value;
        }
        out.avps.push_back(std::move(avp));
        ++index;
    }
    return L2tpDecodeError::NONE;
}

Bytes
EncodeL2tpControl(const L2tpControlMessage& m, const std::string& secret)
{
    ByteWriter w;
    w.WriteU16(kFlagT | kFlagL | kFlagS | kL2tpVersion);
    w.WriteU16(0); // Length, patched below
    w.WriteU16(m.tunnelId);
    w.WriteU16(m.sessionId);
    w.WriteU16(m.ns);
    w.WriteU16(m.nr);

    bool haveRandomVector = false;
    Bytes randomVector;
    for (const L2tpAvp& a : m.avps)
    {
        Bytes hiddenValue;
        const Bytes* wire = &a.value;
        if (a.hidden)
        {
            const L2tpAvpInfo* info = FindL2tpAvpInfo(a);
            if ((info && info->hide == L2tpHideRule::NEVER_HIDE) || !haveRandomVector ||
                secret.empty())
            {
                return {};
            }
            hiddenValue = HideAvpValue(a.type, a.value, secret, randomVector);
            wire = &hiddenValue;
        }
        size_t avpLength = kL2tpAvpHeaderSize + wire->size();
        if (avpLength > kL2tpAvpMaxLength)
        {
            return {};
        }
        uint16_t flagsLength = static_cast<uint16_t>(avpLength);
        flagsLength |= a.mandatory ? kAvpM : 0;
        flagsLength |= a.hidden ? kAvpH : 0;
        flagsLength |=
            static_cast<uint16_t>((a.reservedBits & kAvpReservedMask) << kAvpReservedShift);
        w.WriteU16(flagsLength);
        w.WriteU16(a.vendorId);
        w.WriteU16(a.type);
        w.WriteBytes(*wire);
        if (a.Is(L2tpAvpType::RANDOM_VECTOR))
        {
            haveRandomVector = true;
            randomVector = a.value;
        }
    }
    if (w.Size() > 0xFFFF)
    {
        return {};
    }
    w.PatchU16(2, static_cast<uint16_t>(w.Size()));
    return w.Take();
}

// ---- data messages

L2tpDecodeError
DecodeL2tpData(const uint8_t* data, size_t len, L2tpDataMessage& out)
{
    out = L2tpDataMessage{};
    L2tpHeader h;
    L2tpDecodeError e = DecodeL2tpHeader(data, len, h);
    if (e != L2tpDecodeError::NONE)
    {
        return e;
    }
    if (h.isControl)
    {
        return L2tpDecodeError::CONTROL_BITS; // T=1 handed to the data decoder
    }
    out.tunnelId = h.tunnelId;
    out.sessionId = h.sessionId;
    out.hasLength = h.hasLength;
    out.hasSequence = h.hasSequence;
    out.priority = h.priority;
    out.ns = h.ns;
    out.nr = h.nr; // §3.1: in data messages Nr is reserved and ignored on receipt; kept as seen
    out.hasOffset = h.hasOffset;
    out.offsetSize = h.offsetSize;
    ByteReader r(data, h.hasLength ? h.length : len);
    if (!r.Skip(h.headerSize) || !r.ReadBytes(r.Remaining(), out.payload))
    {
        return L2tpDecodeError::TRUNCATED_HEADER; // cannot happen after DecodeL2tpHeader
    }
    return L2tpDecodeError::NONE;
}

Bytes
EncodeL2tpData(const L2tpDataMessage& m)
{
    ByteWriter w;
    uint16_t flags = kL2tpVersion;
    flags |= m.hasLength ? kFlagL : 0;
    flags |= m.hasSequence ? kFlagS : 0;
    flags |= m.hasOffset ? kFlagO : 0;
    flags |= m.priority ? kFlagP : 0;
    w.WriteU16(flags);
    if (m.hasLength)
    {
        w.WriteU16(0); // patched below
    }
    w.WriteU16(m.tunnelId);
    w.WriteU16(m.sessionId);
    if (m.hasSequence)
    {
        w.WriteU16(m.ns);
        w.WriteU16(m.nr);
    }
    if (m.hasOffset)
    {
        w.WriteU16(m.offsetSize);
        w.WriteBytes(Bytes(m.offsetSize, 0)); // §3.1: pad contents are undefined; we send zeros
    }
    w.WriteBytes(m.payload);
    if (m.hasLength)
    {
        if (w.Size() > 0xFFFF)
        {
            return {};
        }
        w.PatchU16(2, static_cast<uint16_t>(w.Size()));
    }
    return w.Take();
}

// ---- hiding (§4.3)

Bytes
HideAvpValue(uint16_t attributeType,
             const Bytes& value,
             const std::string& secret,
             const Bytes& randomVector,
             const Bytes& padding)
{
    // Hidden AVP Subformat: Original Length (2) | Original Attribute Value | Padding
    ByteWriter plain;
    plain.WriteU16(static_cast<uint16_t>(value.size()));
    plain.WriteBytes(value);
    plain.WriteBytes(padding);
    return HideStream(attributeType, plain.Data(), secret, randomVector, true);
}

bool
UnhideAvpValue(uint16_t attributeType,
               const Bytes& hidden,
               const std::string& secret,
               const Bytes& randomVector,
               Bytes& value)
{
    Bytes plain = HideStream(attributeType, hidden, secret, randomVector, false);
    ByteReader r(plain);
    uint16_t originalLength = 0;
    if (!r.ReadU16(originalLength) || !r.ReadBytes(originalLength, value))
    {
        return false; // the rest is padding, discarded
    }
    return true;
}

// ---- tunnel authentication and §4.1 helpers

Bytes
ChallengeResponse(uint8_t messageType, const std::string& secret, const Bytes& challenge)
{
    const Bytes id{messageType};
    Md5Digest d = Md5({id, secret, challenge});
    return Bytes(d.begin(), d.end());
}

const L2tpAvp*
FirstUnknownMandatory(const L2tpControlMessage& m)
{
    for (const L2tpAvp& a : m.avps)
    {
        if (a.mandatory && !FindL2tpAvpInfo(a))
        {
            return &a;
        }
    }
    return nullptr;
}

} // namespace ns3
