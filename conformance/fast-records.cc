#include "conformance/fast-records.h"

#include "conformance/fast-layers.h"
#include "conformance/l2tp-flows.h"
#include "conformance/port-learning.h"

#include "model/common/text.h"
#include "model/l2tp/l2tp-codec.h"

#include <pcap/pcap.h>
#include <pthread.h>

#include <algorithm>
#include <condition_variable>
#include <deque>
#include <iterator>
#include <mutex>
#include <thread>
#include <arpa/inet.h>
#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <map>
#include <set>
#include <sys/stat.h>
#include <tuple>
#include <type_traits>
#include <unordered_map>
#include <unordered_set>

namespace ns3
{

namespace
{

constexpr const char* kExceptionMessage = "Malformed Packet (Exception occurred)";

constexpr uint16_t kFlagT = 0x8000;
constexpr uint16_t kFlagL = 0x4000;
constexpr uint16_t kFlagS = 0x0800;
constexpr uint16_t kFlagO = 0x0200;
constexpr uint16_t kFlagP = 0x0100;

/** Thrown when tshark's dissector would raise a bounds exception. */
struct BoundsException
{
    /** True for tshark's ReportedBoundsError (past the length the headers announce: "Malformed
     * Packet"); false for its BoundsError (past what the snap length kept: "Packet size limited
     * during capture", not malformed). */
    bool malformed{true};
};

/**
 * The bytes tshark's L2TP tvb can see: [0, end) captured of [0, reported) announced by the
 * headers. Every read past `end` throws, like tvb_get_*: malformed only when also past `reported`.
 */
class Tvb
{
public:
    Tvb(const uint8_t* data, size_t end, size_t reported)
        : m_data(data)
        , m_end(end)
        , m_reported(std::max(end, reported))
    {
    }

    void
    Need(size_t off, size_t n) const
    {
        if (off > m_end || n > m_end - off)
        {
            throw BoundsException{off > m_reported || n > m_reported - off};
        }
    }

    uint8_t
    U8(size_t off) const
    {
        Need(off, 1);
        return m_data[off];
    }

    uint16_t
    U16(size_t off) const
    {
        Need(off, 2);
        return static_cast<uint16_t>((m_data[off] << 8) | m_data[off + 1]);
    }

    uint32_t
    U32(size_t off) const
    {
        return (static_cast<uint32_t>(U16(off)) << 16) | U16(off + 2);
    }

    uint64_t
    U64(size_t off) const
    {
        return (static_cast<uint64_t>(U32(off)) << 32) | U32(off + 4);
    }

    const uint8_t*
    At(size_t off) const
    {
        return m_data + off;
    }

    size_t
    End() const
    {
        return m_end;
    }

    /** Shrink the visible length (tshark's set_actual_length: never grows). */
    void
    Shrink(size_t end)
    {
        m_end = std::min(m_end, end);
        m_reported = std::min(m_reported, end);
    }

private:
    const uint8_t* m_data;
    size_t m_end;
    size_t m_reported;
};

/** What a bounds exception leaves on the record: tshark's malformed mark for a read past the
 * announced length; nothing for one past the snap length (the frame is noted as truncated). */
void
MarkBounds(const BoundsException& e, L2tpRecord& r)
{
    if (e.malformed)
    {
        r.malformed = true;
        r.expertErrors.push_back(kExceptionMessage);
    }
}

std::string
HexBytes(const uint8_t* p, size_t n)
{
    static const char* kHex = "0123456789abcdef";
    std::string s;
    s.reserve(n * 3);
    for (size_t i = 0; i < n; ++i)
    {
        if (i)
        {
            s += ':';
        }
        s += kHex[p[i] >> 4];
        s += kHex[p[i] & 0x0F];
    }
    return s;
}

/** FT_STRING with ENC_ASCII as tshark prints it: up to the first NUL, non-ASCII octets as U+FFFD.
 */
std::string
AsciiString(const uint8_t* p, size_t n)
{
    std::string s;
    s.reserve(n);
    for (size_t i = 0; i < n && p[i] != 0; ++i)
    {
        if (p[i] < 0x80)
        {
            s += static_cast<char>(p[i]);
        }
        else
        {
            s += "\xEF\xBF\xBD";
        }
    }
    return s;
}

/**
 * The interned name of a static key (a literal or a table entry of this file; never a buffer that
 * changes): cached by address per thread, so the common case takes no lock and hashes no text.
 */
FieldName
StaticName(const char* key)
{
    thread_local std::unordered_map<const char*, FieldName> cache;
    auto it = cache.find(key);
    if (it != cache.end())
    {
        return it->second;
    }
    return cache.emplace(key, FieldName(key)).first->second;
}

/** One AVP being built, with the field helpers tshark's proto_tree_add_item amounts to. Every key
 * is a static string (StaticName). */
class AvpBuilder
{
public:
    AvpBuilder(const Tvb& tvb, AvpRecord& a)
        : m_tvb(tvb)
        , m_a(a)
    {
    }

    void
    Add(const char* key, std::string v)
    {
        m_a.fields.emplace_back(StaticName(key), std::move(v));
    }

    /**
     * The items tshark adds before the value: `l2tp.avp.vendor_id` and (withType) the Attribute
     * Type under its vendor's key (l2tp.avp.type, .ciscotype, ...). They become AvpRecord::vendor
     * and type (DeriveType), not fields: records.cc drops them from `fields` the same way.
     */
    void
    TypeItems(uint32_t vendor, bool withType, uint16_t type)
    {
        m_items = {true, vendor, withType, type};
    }

    /** What TypeItems recorded. */
    struct Items
    {
        bool hasVendor{false}; //!< a Vendor ID item was added
        uint32_t vendor{0};    //!< its value
        bool hasType{false};   //!< a type item was added
        uint16_t type{0};      //!< its value
    };

    const Items&
    TypeItemsSeen() const
    {
        return m_items;
    }

    void
    UInt8(const char* key, size_t off)
    {
        Add(key, std::to_string(m_tvb.U8(off)));
    }

    void
    UInt16(const char* key, size_t off)
    {
        Add(key, std::to_string(m_tvb.U16(off)));
    }

    void
    UInt32(const char* key, size_t off)
    {
        Add(key, std::to_string(m_tvb.U32(off)));
    }

    void
    Bit32(const char* key, size_t off, uint32_t mask)
    {
        Add(key, (m_tvb.U32(off) & mask) ? "1" : "0");
    }

    void
    Bytes(const char* key, size_t off, size_t n)
    {
        m_tvb.Need(off, n);
        Add(key, HexBytes(m_tvb.At(off), n));
    }

    void
    String(const char* key, size_t off, size_t n)
    {
        m_tvb.Need(off, n);
        Add(key, AsciiString(m_tvb.At(off), n));
    }

private:
    const Tvb& m_tvb;
    AvpRecord& m_a;
    Items m_items; //!< the type items (TypeItems)
};

/** How a single-field (or two-flag) IETF AVP value is read (v = value offset, n = its length). */
enum class IetfField : uint8_t
{
    U16,             //!< UInt16 at v
    U32,             //!< UInt32 at v
    BYTE_AT_1,       //!< UInt8 at v + 1 (Proxy Authen ID: the byte after the reserved one)
    STRING,          //!< n octets of text
    STRING_NONEMPTY, //!< n octets of text, no field when n == 0
    BYTES,           //!< n octets
    BYTES_16,        //!< 16 octets whatever n says (Challenge Response)
    FLAGS,           //!< key: bit 0x2 of the 32-bit value, key2: bit 0x1
    NOTHING,         //!< no value (Sequencing Required)
};

/** One IETF AVP whose value is one field (or two flags), as tshark's switch adds it. */
struct IetfFieldRow
{
    uint16_t type;    //!< Attribute Type
    IetfField how;    //!< how the value is read
    const char* key;  //!< tshark field
    const char* key2; //!< second field (FLAGS), else nullptr
};

// clang-format off
const IetfFieldRow kIetfFields[] = {
    {3, IetfField::FLAGS, "l2tp.avp.async_framing_supported", "l2tp.avp.sync_framing_supported"},
    {4, IetfField::FLAGS, "l2tp.avp.analog_access_supported", "l2tp.avp.digital_access_supported"},
    {6, IetfField::U16, "l2tp.avp.firmware_revision", nullptr},
    {7, IetfField::STRING, "l2tp.avp.host_name", nullptr},
    {8, IetfField::STRING, "l2tp.avp.vendor_name", nullptr},
    {9, IetfField::U16, "l2tp.avp.assigned_tunnel_id", nullptr},
    {10, IetfField::U16, "l2tp.avp.receive_window_size", nullptr},
    {11, IetfField::BYTES, "l2tp.avp.chap_challenge", nullptr},
    {13, IetfField::BYTES_16, "l2tp.avp.chap_challenge_response", nullptr},
    {14, IetfField::U16, "l2tp.avp.assigned_session_id", nullptr},
    {15, IetfField::U32, "l2tp.avp.call_serial_number", nullptr},
    {16, IetfField::U32, "l2tp.avp.minimum_bps", nullptr},
    {17, IetfField::U32, "l2tp.avp.maximum_bps", nullptr},
    {18, IetfField::FLAGS, "l2tp.avp.analog_bearer_type", "l2tp.avp.digital_bearer_type"},
    {19, IetfField::FLAGS, "l2tp.avp.async_framing_type", "l2tp.avp.sync_framing_type"},
    {21, IetfField::STRING_NONEMPTY, "l2tp.avp.called_number", nullptr},
    {22, IetfField::STRING_NONEMPTY, "l2tp.avp.calling_number", nullptr},
    {23, IetfField::STRING_NONEMPTY, "l2tp.avp.sub_address", nullptr},
    {24, IetfField::U32, "l2tp.avp.connect_speed", nullptr},
    {25, IetfField::U32, "l2tp.avp.physical_channel", nullptr},
    {26, IetfField::BYTES, "l2tp.avp.initial_received_lcp_confreq", nullptr},
    {27, IetfField::BYTES, "l2tp.avp.last_sent_lcp_confreq", nullptr},
    {28, IetfField::BYTES, "l2tp.avp.last_received_lcp_confreq", nullptr},
    {29, IetfField::U16, "l2tp.avp.proxy_authen_type", nullptr},
    {30, IetfField::STRING_NONEMPTY, "l2tp.avp.proxy_authen_name", nullptr},
    {31, IetfField::BYTES, "l2tp.avp.proxy_authen_challenge", nullptr},
    {32, IetfField::BYTE_AT_1, "l2tp.avp.proxy_authen_id", nullptr},
    {33, IetfField::BYTES, "l2tp.avp.proxy_authen_response", nullptr},
    {36, IetfField::BYTES, "l2tp.avp.random_vector", nullptr},
    {37, IetfField::BYTES, "l2tp.avp.private_group_id", nullptr},
    {38, IetfField::U32, "l2tp.avp.rx_connect_speed", nullptr},
    {39, IetfField::NOTHING, "", nullptr},
};
// clang-format on

/** Add the field(s) of a kIetfFields row. */
void
AddIetfField(const IetfFieldRow& row, AvpBuilder& b, size_t v, int n)
{
    size_t len = static_cast<size_t>(n);
    switch (row.how)
    {
    case IetfField::U16:
        b.UInt16(row.key, v);
        break;
    case IetfField::U32:
        b.UInt32(row.key, v);
        break;
    case IetfField::BYTE_AT_1:
        b.UInt8(row.key, v + 1);
        break;
    case IetfField::STRING_NONEMPTY:
        if (n == 0)
        {
            break;
        }
        b.String(row.key, v, len);
        break;
    case IetfField::STRING:
        b.String(row.key, v, len);
        break;
    case IetfField::BYTES:
        b.Bytes(row.key, v, len);
        break;
    case IetfField::BYTES_16:
        b.Bytes(row.key, v, 16);
        break;
    case IetfField::FLAGS:
        b.Bit32(row.key, v, 0x2);
        b.Bit32(row.key2, v, 0x1);
        break;
    case IetfField::NOTHING:
        break;
    }
}

/** Result Code (1): result [error [message]]. */
void
ResultCodeValue(const Tvb&, AvpBuilder& b, size_t v, int n)
{
    if (n < 2)
    {
        return;
    }
    b.UInt16("l2tp.result_code", v); // StopCCN and other result codes share the key in 4.0
    if (n - 2 < 2)
    {
        return;
    }
    b.UInt16("l2tp.avp.error_code", v + 2);
    if (n - 4 == 0)
    {
        return;
    }
    b.String("l2tp.avp.error_message", v + 4, static_cast<size_t>(n - 4));
}

/** Protocol Version (2): version, revision. */
void
ProtocolVersionValue(const Tvb&, AvpBuilder& b, size_t v, int n)
{
    if (n < 1)
    {
        return;
    }
    b.UInt8("l2tp.avp.protocol_version", v);
    b.UInt8("l2tp.avp.protocol_revision", v + 1);
}

/** Tie Breaker (5): the 64-bit value in hex. */
void
TieBreakerValue(const Tvb& tvb, AvpBuilder& b, size_t v, int)
{
    char buf[32];
    std::snprintf(buf, sizeof(buf), "0x%016llx", static_cast<unsigned long long>(tvb.U64(v)));
    b.Add("l2tp.tie_breaker", buf);
}

/** Q.931 Cause Code (12): cause code [cause msg [advisory]]. */
void
Q931CauseValue(const Tvb&, AvpBuilder& b, size_t v, int n)
{
    if (n < 2)
    {
        return;
    }
    b.UInt16("l2tp.avp.cause_code", v);
    if (n - 2 < 1)
    {
        return;
    }
    b.UInt8("l2tp.avp.cause_msg", v + 2);
    if (n - 3 == 0)
    {
        return;
    }
    b.String("l2tp.avp.advisory_msg", v + 3, static_cast<size_t>(n - 3));
}

/** Call Errors (34): reserved, then the counters that fit. */
void
CallErrorsValue(const Tvb&, AvpBuilder& b, size_t v, int n)
{
    static const char* kKeys[] = {"l2tp.avp.crc_errors",        "l2tp.avp.framing_errors",
                                  "l2tp.avp.hardware_overruns", "l2tp.avp.buffer_overruns",
                                  "l2tp.avp.time_out_errors",   "l2tp.avp.alignment_errors"};
    if (n < 2)
    {
        return;
    }
    size_t off = v + 2;
    int left = n - 2;
    for (const char* k : kKeys)
    {
        if (left < 4)
        {
            break;
        }
        b.UInt32(k, off);
        off += 4;
        left -= 4;
    }
}

/** ACCM (35): reserved, send ACCM, receive ACCM. */
void
AccmValue(const Tvb&, AvpBuilder& b, size_t v, int n)
{
    if (n < 2 || n - 2 < 4)
    {
        return;
    }
    b.UInt32("l2tp.avp.send_accm", v + 2);
    if (n - 6 < 4)
    {
        return;
    }
    b.UInt32("l2tp.avp.receive_accm", v + 6);
}

/** PPP Disconnect Cause Code (46, RFC 3145): code, protocol, direction [message]. */
void
PppDisconnectCauseValue(const Tvb&, AvpBuilder& b, size_t v, int n)
{
    if (n < 2)
    {
        return;
    }
    b.UInt16("l2tp.avp.disconnect_code", v);
    if (n - 2 < 2)
    {
        return;
    }
    b.UInt16("l2tp.avp.control_protocol_number", v + 2);
    if (n - 4 < 1)
    {
        return;
    }
    b.UInt8("l2tp.avp.cause_code_direction", v + 4);
    if (n - 5 == 0)
    {
        return;
    }
    b.String("l2tp.avp.cause_code_message", v + 5, static_cast<size_t>(n - 5));
}

/** The value of an IETF AVP (tshark's process_control_avps switch). v = value offset, n = its
 * length. */
void
IetfValue(const Tvb& tvb, AvpBuilder& b, uint16_t type, size_t v, int n, uint16_t& msgType)
{
    using Reader = void (*)(const Tvb&, AvpBuilder&, size_t, int);
    static const std::pair<uint16_t, Reader> kCompound[] = {
        {1, &ResultCodeValue},          {2, &ProtocolVersionValue}, {5, &TieBreakerValue},
        {12, &Q931CauseValue},          {34, &CallErrorsValue},     {35, &AccmValue},
        {46, &PppDisconnectCauseValue},
    };
    if (type == 0)
    {
        msgType = tvb.U16(v);
        b.UInt16("l2tp.avp.message_type", v);
        return;
    }
    for (const auto& c : kCompound)
    {
        if (c.first == type)
        {
            c.second(tvb, b, v, n);
            return;
        }
    }
    for (const IetfFieldRow& row : kIetfFields)
    {
        if (row.type == type)
        {
            AddIetfField(row, b, v, n);
            return;
        }
    }
    // Otherwise tshark adds a "Vendor-Specific AVP data" expert item (a warning): no field.
    // L2TPv3 AVPs (47..) are decoded by tshark with fields the fast path does not produce;
    // none of the rules reads them (exception list in the agreement test).
}

/** Fill the AVP's vendor/type the way records.cc derives them (the dissector's Vendor ID and type
 * items, else the raw header). */
void
DeriveType(AvpRecord& a, const Tvb& tvb, size_t start, const AvpBuilder& b)
{
    const AvpBuilder::Items& t = b.TypeItemsSeen();
    if (t.hasVendor)
    {
        a.vendor = static_cast<uint16_t>(t.vendor);
    }
    if (t.hasType)
    {
        a.type = t.type;
        a.typeKnown = true;
    }
    uint16_t word = tvb.U16(start);
    if ((word & 0x03FF) == a.length)
    {
        a.rawHeaderKnown = true;
        a.rawFlagsWord = word;
        if (!a.typeKnown && a.length >= 6 && start + 6 <= tvb.End())
        {
            a.vendor = tvb.U16(start + 2);
            a.type = tvb.U16(start + 4);
            a.typeKnown = true;
        }
    }
}

/** How many AVPs the walk from idx will visit at most (a capacity hint: one allocation). */
size_t
CountAvps(const Tvb& tvb, size_t idx, size_t length)
{
    size_t n = 0;
    const size_t end = std::min(length, tvb.End());
    while (idx + 2 <= end)
    {
        const size_t avpLen = tvb.U16(idx) & 0x03FF;
        ++n;
        if (avpLen < 6)
        {
            break;
        }
        idx += avpLen;
    }
    return n;
}

/** tshark's process_control_avps: AVPs from idx while idx < length. Throws BoundsException. */
void
ControlAvps(const Tvb& tvb, size_t idx, size_t length, L2tpRecord& r)
{
    uint16_t msgType = 0;
    r.avps.reserve(r.avps.size() + CountAvps(tvb, idx, length));
    while (idx < length)
    {
        const uint16_t word = tvb.U16(idx);
        const uint16_t avpLen = word & 0x03FF;
        const uint16_t vendor = tvb.U16(idx + 2);
        const uint16_t type = tvb.U16(idx + 4);
        if (avpLen < 6)
        {
            r.malformed = true;
            r.expertErrors.push_back("AVP length must be >= 6, got " + std::to_string(avpLen));
            return;
        }
        tvb.Need(idx, avpLen); // the AVP subtree itself: an overrun throws before it is added
        const size_t start = idx;
        size_t next = idx + avpLen;
        // Pushed first: fields added before an exception stay visible, as in tshark's tree.
        r.avps.emplace_back();
        AvpRecord& a = r.avps.back();
        a.mandatory = (word & 0x8000) != 0;
        a.hidden = (word & 0x4000) != 0;
        a.length = avpLen;
        AvpBuilder b(tvb, a);
        try
        {
            if (a.hidden)
            {
                // tshark shows M, H and Length only ("don't try to display hidden").
            }
            else if (vendor != 0)
            {
                b.TypeItems(vendor, true, type);
            }
            else if (type == 58)
            {
                // Extended Vendor ID: tshark reads a 32-bit Vendor ID 4 octets in and resumes the
                // walk 8 octets after the AVP start, whatever the AVP Length says.
                b.TypeItems(tvb.U32(start + 4), false, 0);
                next = start + 8;
            }
            else
            {
                b.TypeItems(0, true, type);
                IetfValue(tvb, b, type, start + 6, avpLen - 6, msgType);
            }
        }
        catch (const BoundsException&)
        {
            DeriveType(a, tvb, start, b);
            throw;
        }
        DeriveType(a, tvb, start, b);
        idx = next;
    }
}

/** Message type as records.cc derives it: the first IETF Message Type AVP with a value. */
void
FinishRecord(L2tpRecord& r)
{
    for (const auto& a : r.avps)
    {
        if (a.IsIetf(0) && a.Has("l2tp.avp.message_type"))
        {
            r.hasMessageType = true;
            r.messageType = static_cast<uint16_t>(UnsignedOrZero(a.Get("l2tp.avp.message_type")));
            break;
        }
    }
    r.IndexAvps();
}

/** Parse the header leniently when our codec refuses it; mirrors dissect_l2tp_udp. For an
 * L2TPv2 data message whose payload tshark hands to PPP, payloadOff and payloadEnd are set (else
 * both are 0). */
bool
Dissect(const uint8_t* data,
        size_t len,
        size_t reported,
        L2tpRecord& r,
        size_t* payloadOff,
        size_t* payloadEnd)
{
    *payloadOff = 0;
    *payloadEnd = 0;
    if (len < 2)
    {
        return false;
    }
    Tvb tvb(data, len, reported);
    const uint16_t control = tvb.U16(0);
    const uint8_t ver = control & 0x000F;
    if (ver != 2 && ver != 3)
    {
        return false;
    }
    const bool isControl = (control & kFlagT) != 0;
    const bool hasL = (control & kFlagL) != 0;
    const bool hasS = (control & kFlagS) != 0;
    r.flags = control;
    r.isControl = isControl;
    r.lengthBit = hasL;
    r.seqBit = hasS;
    r.version = ver;

    if (ver == 3)
    {
        // L2TPv3 over UDP: the flags tree has no O/P items.
        try
        {
            if (!isControl)
            {
                tvb.Need(0, 8); // flags, reserved, session id
                return true;
            }
            size_t idx = 2;
            uint16_t length = 0;
            if (hasL)
            {
                length = tvb.U16(idx);
                idx += 2;
            }
            tvb.U32(idx); // ccid
            idx += 4;
            if (!(hasL && length == 12))
            {
                size_t t = idx + (hasS ? 4 : 0) + 2;
                tvb.U16(t);
                uint16_t avpType = tvb.U16(t + 2);
                if (avpType == 0)
                {
                    tvb.U16(t + 4);
                }
            }
        }
        catch (const BoundsException&)
        {
            return false;
        }
        size_t idx = 2;
        uint16_t length = 0;
        if (hasL)
        {
            length = tvb.U16(2);
            tvb.Shrink(length);
            r.hasLength = true;
            r.length = length;
            idx += 2;
        }
        try
        {
            tvb.U32(idx);
            idx += 4;
            if (hasS)
            {
                r.ns = tvb.U16(idx);
                r.hasSequence = true;
                r.nr = tvb.U16(idx + 2);
                idx += 4;
            }
            if (hasL)
            {
                ControlAvps(tvb, idx, length, r);
            }
        }
        catch (const BoundsException& e)
        {
            MarkBounds(e, r);
        }
        return true;
    }

    r.offsetBit = (control & kFlagO) != 0;
    r.priorityBit = (control & kFlagP) != 0;

    // Reads tshark makes before it adds the L2TP item: if one fails, no L2TP layer at all.
    uint16_t length = 0;
    try
    {
        size_t idx = 0;
        if (hasL)
        {
            idx += 2;
            length = tvb.U16(idx);
        }
        idx += 2;
        tvb.U16(idx);
        idx += 2;
        tvb.U16(idx);
        if (isControl && !(hasL && length == 12))
        {
            size_t t = idx + (hasS ? 4 : 0) + 4;
            t += 2;
            uint16_t avpType = tvb.U16(t);
            if (avpType == 0)
            {
                tvb.U16(t + 2);
            }
        }
    }
    catch (const BoundsException&)
    {
        return false;
    }
    if (hasL)
    {
        tvb.Shrink(length);
    }

    // Our codec decodes every header it accepts; tshark's items are then exactly its fields.
    L2tpHeader h;
    if (DecodeL2tpHeader(data, tvb.End(), h) == L2tpDecodeError::NONE)
    {
        r.hasLength = h.hasLength;
        r.length = h.hasLength ? h.length : 0;
        r.tunnelId = h.tunnelId;
        r.sessionId = h.sessionId;
        r.hasSequence = h.hasSequence;
        r.ns = h.ns;
        r.nr = h.nr;
        if (!isControl && h.headerSize < tvb.End())
        {
            *payloadOff = h.headerSize;
            *payloadEnd = tvb.End();
        }
        if (isControl && hasL)
        {
            try
            {
                ControlAvps(tvb, h.headerSize, h.length, r);
            }
            catch (const BoundsException& e)
            {
                MarkBounds(e, r);
            }
        }
        return true;
    }

    // Lenient path: item by item, stopping where tshark's tree stops.
    try
    {
        size_t idx = 2;
        if (hasL)
        {
            r.length = tvb.U16(idx);
            r.hasLength = true;
            idx += 2;
        }
        r.tunnelId = tvb.U16(idx);
        idx += 2;
        r.sessionId = tvb.U16(idx);
        idx += 2;
        if (hasS)
        {
            r.ns = tvb.U16(idx);
            r.hasSequence = true;
            r.nr = tvb.U16(idx + 2);
            idx += 4;
        }
        if (r.offsetBit)
        {
            // The Offset Pad item never throws, even past the end (checked against tshark 4.0).
            idx += 2 + tvb.U16(idx);
        }
        if (!isControl && idx < tvb.End())
        {
            *payloadOff = idx;
            *payloadEnd = tvb.End();
        }
        if (isControl && hasL)
        {
            ControlAvps(tvb, idx, length, r);
        }
    }
    catch (const BoundsException& e)
    {
        MarkBounds(e, r);
    }
    return true;
}

// ------------------------------------------------------------------------------------------------
// Link and network layers.

/** Dotted quad, as inet_ntop writes it (once per datagram: formatted here, not by printf). */
std::string
Ipv4Text(const uint8_t* p)
{
    char buf[16];
    size_t n = 0;
    for (int i = 0; i < 4; ++i)
    {
        const unsigned v = p[i];
        if (v >= 100)
        {
            buf[n++] = static_cast<char>('0' + v / 100);
        }
        if (v >= 10)
        {
            buf[n++] = static_cast<char>('0' + v / 10 % 10);
        }
        buf[n++] = static_cast<char>('0' + v % 10);
        if (i < 3)
        {
            buf[n++] = '.';
        }
    }
    return std::string(buf, n);
}

std::string
Ipv6Text(const uint8_t* p)
{
    char buf[INET6_ADDRSTRLEN];
    inet_ntop(AF_INET6, p, buf, sizeof(buf));
    return buf;
}

/** The interned dotted quad of an IPv4 address: cached per thread by the address's value, so a
 * datagram's addresses cost two hash lookups, no formatting and no lock. */
InternedText
InternedIpv4(const uint8_t* p)
{
    thread_local std::unordered_map<uint32_t, InternedText> cache;
    uint32_t key;
    std::memcpy(&key, p, 4);
    auto it = cache.find(key);
    if (it != cache.end())
    {
        return it->second;
    }
    return cache.emplace(key, InternedText(Ipv4Text(p))).first->second;
}

/** A UDP datagram found in a frame. */
struct Datagram
{
    InternedText src; //!< source address text
    InternedText dst; //!< destination address text
    uint16_t sport{0};
    uint16_t dport{0};
    uint16_t udpLength{0};   //!< the UDP Length field
    size_t reported{0};      //!< payload octets the headers announce (the capture may hold fewer)
    uint16_t udpChecksum{0}; //!< the UDP Checksum field
    uint8_t ipProto{17};     //!< 17: UDP datagram, 50: ESP packet (payload = the ESP header on)
    bool ipv6{false};        //!< carried in IPv6
    /** The payload: a view into the frame (or into `owned` for a reassembled datagram). */
    struct View
    {
        const uint8_t* p{nullptr}; //!< first octet
        size_t n{0};               //!< octets

        void
        assign(const uint8_t* b, const uint8_t* e)
        {
            p = b;
            n = static_cast<size_t>(e - b);
        }

        const uint8_t*
        data() const
        {
            return p;
        }

        size_t
        size() const
        {
            return n;
        }

        const uint8_t*
        begin() const
        {
            return p;
        }
    } payload;
    std::vector<uint8_t> owned; //!< a reassembled datagram's octets
    bool reassembled{false};
    std::vector<std::string> expertErrors; //!< errors tshark's IP/UDP layers report (in order)
};

struct FragKey
{
    uint32_t src;
    uint32_t dst;
    uint16_t id;
    uint8_t proto;

    bool
    operator<(const FragKey& o) const
    {
        return std::tie(src, dst, id, proto) < std::tie(o.src, o.dst, o.id, o.proto);
    }
};

/** A PPPoE session-stage frame (RFC 2516 §4, §5.4) behind an Ethernet header and its VLAN tags. */
struct PppoeSession
{
    const uint8_t* macs{nullptr}; //!< destination then source Ethernet address
    uint16_t session{0};          //!< SESSION_ID
    const uint8_t* ppp{nullptr};  //!< the PPP packet (Protocol field first, no address/control)
    size_t pppLen{0};             //!< its octets: LENGTH, bounded by the frame (Ethernet padding)
};

/** The ethertype of an Ethernet frame of at least 14 octets after its VLAN tags (802.1Q, 802.1ad,
 * QinQ), and the offset of what it types. */
size_t
EtherTypeAfterTags(const uint8_t* p, size_t n, uint16_t& et)
{
    size_t off = 12;
    et = static_cast<uint16_t>((p[off] << 8) | p[off + 1]);
    off += 2;
    while ((et == 0x8100 || et == 0x88A8 || et == 0x9100) && off + 4 <= n)
    {
        et = static_cast<uint16_t>((p[off + 2] << 8) | p[off + 3]);
        off += 4;
    }
    return off;
}

/** True and `s` filled when the Ethernet frame [p, p+n) types what starts at `off` as a PPPoE
 * session frame (ethertype `et` 0x8864) and holds its whole header. */
bool
ParsePppoeSession(const uint8_t* p, size_t n, size_t off, uint16_t et, PppoeSession& s)
{
    if (et != 0x8864 || off + 6 > n)
    {
        return false;
    }
    s.macs = p;
    s.session = static_cast<uint16_t>((p[off + 2] << 8) | p[off + 3]);
    const size_t length = static_cast<size_t>((p[off + 4] << 8) | p[off + 5]);
    s.ppp = p + off + 6;
    s.pppLen = std::min(length, n - off - 6);
    return true;
}

/** "cc:05:0e:88:00:00", as tshark prints eth.src. */
std::string
MacText(const uint8_t* p)
{
    static const char* kHex = "0123456789abcdef";
    std::string s(17, ':');
    for (size_t i = 0; i < 6; ++i)
    {
        s[i * 3] = kHex[p[i] >> 4];
        s[i * 3 + 1] = kHex[p[i] & 0x0F];
    }
    return s;
}

struct FragBuffer
{
    std::map<size_t, std::vector<uint8_t>> pieces; //!< offset -> bytes
    bool haveLast{false};
    size_t total{0};
    uint64_t count{0};
};

class Decoder
{
public:
    explicit Decoder(FastExtractStats& stats)
        : m_stats(stats)
    {
    }

    /** Network-layer bytes of one frame; ethertype-like `proto` selects IPv4/IPv6 (0 = by version).
     */
    bool
    Network(const uint8_t* p, size_t n, uint16_t proto, uint32_t frame, Datagram& d)
    {
        if (proto == 0)
        {
            if (n < 1)
            {
                ++m_stats.nonIpFrames;
                return false;
            }
            proto = (p[0] >> 4) == 4 ? 0x0800 : (p[0] >> 4) == 6 ? 0x86DD : 0;
        }
        if (proto == 0x0800)
        {
            return Ipv4(p, n, frame, d);
        }
        if (proto == 0x86DD)
        {
            return Ipv6(p, n, d);
        }
        ++m_stats.nonIpFrames;
        return false;
    }

    /** Ethernet (VLAN tags skipped): IP, or IP carried in a PPPoE session. */
    bool
    Ethernet(const uint8_t* p, size_t n, uint32_t frame, Datagram& d)
    {
        if (n < 14)
        {
            ++m_stats.nonIpFrames;
            return false;
        }
        uint16_t et = 0;
        const size_t off = EtherTypeAfterTags(p, n, et);
        PppoeSession ps;
        if (ParsePppoeSession(p, n, off, et, ps) && ps.pppLen >= 2)
        {
            // PPP in a PPPoE session has no Address/Control field (RFC 2516 §4); its Protocol
            // field is one octet when compressed (RFC 1661 §6.5: an odd first octet).
            const size_t plen = (ps.ppp[0] & 0x01) ? 1 : 2;
            const uint16_t proto =
                plen == 1 ? ps.ppp[0] : static_cast<uint16_t>((ps.ppp[0] << 8) | ps.ppp[1]);
            if (proto == 0x0021 || proto == 0x0057)
            {
                return Network(ps.ppp + plen, ps.pppLen - plen, proto == 0x0021 ? 0x0800 : 0x86DD,
                               frame, d);
            }
        }
        if (et != 0x0800 && et != 0x86DD)
        {
            ++m_stats.nonIpFrames;
            return false;
        }
        return Network(p + off, n - off, et, frame, d);
    }

    /** Frame → datagram according to the link type. */
    bool
    Frame(int linkType, const uint8_t* p, size_t n, uint32_t frame, Datagram& d)
    {
        switch (linkType)
        {
        case DLT_EN10MB:
            return Ethernet(p, n, frame, d);
        case DLT_PPP:
        case DLT_PPP_SERIAL:
        {
            size_t off = 0;
            if (n >= 2 && p[0] == 0xFF && p[1] == 0x03)
            {
                off = 2;
            }
            if (n < off + 2)
            {
                ++m_stats.nonIpFrames;
                return false;
            }
            uint16_t proto = static_cast<uint16_t>((p[off] << 8) | p[off + 1]);
            off += 2;
            if (proto == 0x0021)
            {
                return Network(p + off, n - off, 0x0800, frame, d);
            }
            if (proto == 0x0057)
            {
                return Network(p + off, n - off, 0x86DD, frame, d);
            }
            ++m_stats.nonIpFrames;
            return false;
        }
        case DLT_RAW:
            return Network(p, n, 0, frame, d);
        case 228: // LINKTYPE_IPV4
            return Network(p, n, 0x0800, frame, d);
        case 229: // LINKTYPE_IPV6
            return Network(p, n, 0x86DD, frame, d);
        case DLT_LINUX_SLL:
        {
            if (n < 16)
            {
                ++m_stats.nonIpFrames;
                return false;
            }
            uint16_t proto = static_cast<uint16_t>((p[14] << 8) | p[15]);
            m_stats.pppoeFrames += (proto == 0x8863 || proto == 0x8864) ? 1 : 0;
            return Network(p + 16, n - 16, proto, frame, d);
        }
#ifdef DLT_LINUX_SLL2
        case DLT_LINUX_SLL2:
#else
        case 276:
#endif
        {
            if (n < 20)
            {
                ++m_stats.nonIpFrames;
                return false;
            }
            uint16_t proto = static_cast<uint16_t>((p[0] << 8) | p[1]);
            m_stats.pppoeFrames += (proto == 0x8863 || proto == 0x8864) ? 1 : 0;
            return Network(p + 20, n - 20, proto, frame, d);
        }
        case DLT_NULL:
        case DLT_LOOP:
        {
            if (n < 4)
            {
                ++m_stats.nonIpFrames;
                return false;
            }
            uint32_t be = (static_cast<uint32_t>(p[0]) << 24) | (p[1] << 16) | (p[2] << 8) | p[3];
            uint32_t le = (static_cast<uint32_t>(p[3]) << 24) | (p[2] << 16) | (p[1] << 8) | p[0];
            uint32_t af = linkType == DLT_LOOP ? be : (be < le ? be : le);
            uint16_t proto = af == 2                                          ? 0x0800
                             : (af == 10 || af == 24 || af == 28 || af == 30) ? 0x86DD
                                                                              : 1;
            return Network(p + 4, n - 4, proto, frame, d);
        }
        default:
            ++m_stats.unsupportedLinkFrames;
            return false;
        }
    }

    void
    CountIncomplete()
    {
        for (const auto& f : m_frags)
        {
            m_stats.fragmentsIncomplete += f.second.count;
        }
    }

private:
    /**
     * \param n octets captured from the UDP header on
     * \param ipPayload the IP payload length the IP header announces (what tshark compares the
     * UDP Length with: a snap length that cut the frame is not a bad length)
     */
    bool
    Udp(const uint8_t* p, size_t n, size_t ipPayload, bool ipv6, Datagram& d)
    {
        ++m_stats.udpDatagrams;
        if (n < 8)
        {
            return false;
        }
        d.sport = static_cast<uint16_t>((p[0] << 8) | p[1]);
        d.dport = static_cast<uint16_t>((p[2] << 8) | p[3]);
        size_t ulen = static_cast<size_t>((p[4] << 8) | p[5]);
        d.udpLength = static_cast<uint16_t>(ulen);
        if (ulen < 8)
        {
            return false; // tshark: "Bad length value N < 8", payload not dissected
        }
        if (ulen > ipPayload)
        {
            // tshark flags it and still dissects the whole IP payload.
            d.expertErrors.push_back("Bad length value " + std::to_string(ulen) +
                                     " > IP payload length");
            ulen = ipPayload;
        }
        d.reported = ulen >= 8 ? ulen - 8 : 0;
        ulen = std::min(ulen, n); // what the capture holds
        d.udpChecksum = static_cast<uint16_t>((p[6] << 8) | p[7]);
        d.ipv6 = ipv6;
        if (ipv6 && p[6] == 0 && p[7] == 0)
        {
            d.expertErrors.push_back("Illegal checksum value (0)"); // mandatory over IPv6
        }
        d.payload.assign(p + 8, p + ulen);
        return true;
    }

    bool
    Ipv4(const uint8_t* p, size_t n, uint32_t frame, Datagram& d)
    {
        if (n < 20 || (p[0] >> 4) != 4)
        {
            ++m_stats.badIpFrames;
            return false;
        }
        size_t ihl = static_cast<size_t>(p[0] & 0x0F) * 4;
        size_t total = static_cast<size_t>((p[2] << 8) | p[3]);
        if (ihl < 20 || total < ihl || n < ihl)
        {
            ++m_stats.badIpFrames;
            return false;
        }
        size_t end = std::min(total, n);
        uint8_t proto = p[9];
        d.src = InternedIpv4(p + 12);
        d.dst = InternedIpv4(p + 16);
        uint16_t fragWord = static_cast<uint16_t>((p[6] << 8) | p[7]);
        bool more = (fragWord & 0x2000) != 0;
        size_t fragOff = static_cast<size_t>(fragWord & 0x1FFF) * 8;
        if (proto == 50 && !more && fragOff == 0)
        {
            d.ipProto = 50;
            d.payload.assign(p + ihl, p + end);
            return true;
        }
        if (proto != 17)
        {
            m_stats.espFragments += (proto == 50) ? 1 : 0;
            CountUndecoded(proto);
            ++m_stats.nonUdpDatagrams;
            return false;
        }
        if (!more && fragOff == 0)
        {
            return Udp(p + ihl, end - ihl, total - ihl, false, d);
        }
        // Reassembly (tshark's ip.defragment default).
        ++m_stats.fragmentsHeld;
        FragKey k;
        std::memcpy(&k.src, p + 12, 4);
        std::memcpy(&k.dst, p + 16, 4);
        k.id = static_cast<uint16_t>((p[4] << 8) | p[5]);
        k.proto = proto;
        FragBuffer& fb = m_frags[k];
        ++fb.count;
        fb.pieces[fragOff].assign(p + ihl, p + end);
        if (!more)
        {
            fb.haveLast = true;
            fb.total = fragOff + (end - ihl);
        }
        if (!fb.haveLast)
        {
            return false;
        }
        std::vector<uint8_t> whole(fb.total);
        size_t covered = 0;
        for (const auto& piece : fb.pieces)
        {
            if (piece.first > covered)
            {
                return false; // a hole
            }
            size_t stop = std::min(fb.total, piece.first + piece.second.size());
            if (stop > covered)
            {
                std::copy(piece.second.begin() + static_cast<long>(covered - piece.first),
                          piece.second.begin() + static_cast<long>(stop - piece.first),
                          whole.begin() + static_cast<long>(covered));
                covered = stop;
            }
        }
        if (covered < fb.total)
        {
            return false;
        }
        m_frags.erase(k);
        d.reassembled = true;
        m_stats.reassembledFrames.push_back(frame);
        d.owned = std::move(whole);
        return Udp(d.owned.data(), d.owned.size(), d.owned.size(), false, d);
    }

    bool
    Ipv6(const uint8_t* p, size_t n, Datagram& d)
    {
        if (n < 40 || (p[0] >> 4) != 6)
        {
            ++m_stats.badIpFrames;
            return false;
        }
        size_t plen = static_cast<size_t>((p[4] << 8) | p[5]);
        size_t end = std::min(n, 40 + plen);
        d.src = Ipv6Text(p + 8);
        d.dst = Ipv6Text(p + 24);
        uint8_t next = p[6];
        size_t off = 40;
        while (next == 0 || next == 43 || next == 60 || next == 44)
        {
            if (next == 44)
            {
                ++m_stats.ipv6FragmentsSkipped;
                return false;
            }
            if (off + 8 > end)
            {
                ++m_stats.badIpFrames;
                return false;
            }
            next = p[off];
            off += (static_cast<size_t>(p[off + 1]) + 1) * 8;
        }
        if (next == 50 && off <= end)
        {
            d.ipProto = 50;
            d.ipv6 = true;
            d.payload.assign(p + off, p + end);
            return true;
        }
        if (next != 17 || off > end)
        {
            CountUndecoded(next);
            ++m_stats.nonUdpDatagrams;
            return false;
        }
        return Udp(p + off, end - off, 40 + plen >= off ? 40 + plen - off : 0, true, d);
    }

    /** GRE and AH carry what tshark makes records of (PPTP's PPP; ESP after AH). */
    void
    CountUndecoded(uint8_t proto)
    {
        m_stats.greDatagrams += proto == 47 ? 1 : 0;
        m_stats.ahDatagrams += proto == 51 ? 1 : 0;
        m_stats.ipInIpDatagrams += (proto == 4 || proto == 41) ? 1 : 0;
        m_stats.l2tpv3IpDatagrams += proto == 115 ? 1 : 0;
    }

    FastExtractStats& m_stats;
    std::map<FragKey, FragBuffer> m_frags;
};

/** Endpoints of a datagram, for the records. */
template <typename R>
void
SetEndpoints(R& r, uint32_t frame, TimeNs t, const Datagram& d)
{
    r.frame = frame;
    r.time = t;
    r.srcIp = d.src;
    r.dstIp = d.dst;
}

/**
 * What decoding a run of frames produced, in frame order, before it is added to the RecordSet
 * (Collector). Decoding (FrameDecoder) needs only the frames and the pass's port set, so it can
 * run on another thread than the bookkeeping that follows it (port-learning rows, the streaming
 * flow index, the kept records), which needs every earlier frame's outcome.
 */
struct DecodedBatch
{
    /** An L2TP message, or the PPP packet of a PPP link-type frame (hasL2tp false). */
    struct Item
    {
        L2tpRecord l2tp;     //!< the message (hasL2tp)
        PppRecord ppp;       //!< its PPP payload or the link's PPP packet (hasPpp)
        bool hasL2tp{false}; //!< an L2TP message
        bool hasPpp{false};  //!< a PPP packet
        bool kept{false};    //!< the port learner keeps the message (L2tpPortLearner::Keep)
        bool teaches{false}; //!< its endpoints are a port-learning row
    };

    std::vector<Item> items;      //!< L2TP messages and PPP packets, in frame order
    std::vector<NattRecord> natt; //!< port-4500 datagrams, in frame order
    std::vector<EspRecord> esp;   //!< ESP packets, in frame order
    std::vector<IkeRecord> ike;   //!< ISAKMP messages, in frame order
    uint64_t frames{0};           //!< frames read so far in the pass (progress)
    uint64_t bytes{0};            //!< octets read so far in the pass (progress)

    void
    Clear()
    {
        items.clear();
        natt.clear();
        esp.clear();
        ike.clear();
    }
};

/**
 * Decodes frames into a DecodedBatch: every frame's records in dissection order (tshark's layers),
 * with the L2TP port set of this pass. Owns the statistics and the IPv4 reassembly state, so one
 * FrameDecoder sees every frame of a pass, in order.
 */
class FrameDecoder
{
public:
    FrameDecoder(const ExtractOptions& opts,
                 const L2tpPortLearner& learner,
                 FastExtractStats& stats,
                 bool wantRows)
        : m_opts(opts)
        , m_learner(learner)
        , m_stats(stats)
        , m_wantRows(wantRows)
        , m_dec(stats)
    {
    }

    void
    OnFrame(int linkType,
            const uint8_t* bytes,
            size_t caplen,
            size_t wireLen,
            TimeNs t,
            DecodedBatch& out)
    {
        m_out = &out;
        ++m_frame;
        ++m_stats.frames;
        m_truncated = caplen < wireLen;
        if (m_truncated)
        {
            ++m_stats.truncatedFrames;
            if (m_stats.truncatedSample.size() < 100)
            {
                m_stats.truncatedSample.push_back(m_frame);
            }
        }
        m_time = t;
        if (linkType == DLT_PPP || linkType == DLT_PPP_SERIAL)
        {
            Datagram none;
            AddPpp(bytes, caplen, none);
        }
        if (linkType == DLT_EN10MB && caplen >= 14)
        {
            uint16_t et = 0;
            const size_t off = EtherTypeAfterTags(bytes, caplen, et);
            PppoeSession ps;
            if (ParsePppoeSession(bytes, caplen, off, et, ps))
            {
                AddPppoe(ps);
            }
        }
        Datagram d;
        if (!m_dec.Frame(linkType, bytes, caplen, m_frame, d))
        {
            return;
        }
        if (d.ipProto == 50)
        {
            AddEsp(d.payload.data(), d.payload.size(), d, false);
            return;
        }
        Udp(d);
    }

    void
    Finish()
    {
        m_dec.CountIncomplete();
        if (m_stats.unsupportedLinkFrames > 0)
        {
            Fallback("a link type the fast engine does not decode");
        }
        else if (m_stats.pppoeFrames > 0)
        {
            Fallback("PPPoE in a Linux cooked capture (the fast engine decodes PPPoE behind "
                     "Ethernet only)");
        }
        else if (m_stats.espFragments > 0 || m_stats.ipv6FragmentsSkipped > 0)
        {
            Fallback("fragments the fast engine does not reassemble (ESP or IPv6)");
        }
        else if (m_stats.greDatagrams > 0)
        {
            Fallback("GRE (e.g. PPTP's PPP; the fast engine does not decode GRE)");
        }
        else if (m_stats.ahDatagrams > 0)
        {
            Fallback("AH (the fast engine does not decode what follows an AH header, e.g. ESP)");
        }
        else if (m_stats.ipInIpDatagrams > 0)
        {
            Fallback("IP in IP (4in6, 6in4, ...: the fast engine decodes the outer IP layer only)");
        }
    }

    bool
    Stopped() const
    {
        return !m_stats.fallback.empty();
    }

private:
    void
    Fallback(const std::string& why)
    {
        if (m_stats.fallback.empty())
        {
            m_stats.fallback = why;
        }
    }

    /** UDP: a port-4500 record, then the dissector of the lower port first (tshark's UDP). */
    void
    Udp(const Datagram& d)
    {
        if (d.sport == 4500 || d.dport == 4500)
        {
            NattRecord n;
            SetEndpoints(n, m_frame, m_time, d);
            n.srcPort = d.sport;
            n.dstPort = d.dport;
            n.isIpv6 = d.ipv6;
            n.udpLength = d.udpLength;
            n.udpChecksum = d.udpChecksum;
            size_t want = std::min<size_t>({16, n.PayloadLength(), d.payload.size()});
            n.head.assign(d.payload.begin(), d.payload.begin() + want);
            m_out->natt.push_back(std::move(n));
            m_natt = m_out->natt.size() - 1;
        }
        else
        {
            m_natt = SIZE_MAX;
        }
        const uint16_t lo = std::min(d.sport, d.dport);
        const uint16_t hi = std::max(d.sport, d.dport);
        for (uint16_t port : {lo, hi})
        {
            if (port == 0)
            {
                continue;
            }
            if (port == 500 && AddIke(d.payload.data(), d.payload.size(), d, false))
            {
                return;
            }
            if (port == 4500)
            {
                UdpEncap(d);
                return;
            }
            if ((port == 1701 || m_learner.Ports().count(port)) && L2tp(d))
            {
                return;
            }
        }
    }

    void
    UdpEncap(const Datagram& d)
    {
        const uint8_t* p = d.payload.data();
        const size_t n = d.payload.size();
        UdpEncapKind k = ClassifyUdpEncap(p, n);
        if (k == UdpEncapKind::NAT_KEEPALIVE || k == UdpEncapKind::NON_ESP_MARKER)
        {
            if (m_natt != SIZE_MAX)
            {
                m_out->natt[m_natt].kind = k;
            }
            if (k == UdpEncapKind::NON_ESP_MARKER)
            {
                AddIke(p + 4, n - 4, d, true);
            }
        }
        else if (k == UdpEncapKind::ESP)
        {
            if (m_natt != SIZE_MAX)
            {
                m_out->natt[m_natt].kind = k;
            }
            AddEsp(p, n, d, true);
        }
    }

    void
    AddEsp(const uint8_t* p, size_t n, const Datagram& d, bool encap)
    {
        EspRecord e;
        SetEndpoints(e, m_frame, m_time, d);
        e.udpEncapsulated = encap;
        if (encap)
        {
            e.srcPort = d.sport;
            e.dstPort = d.dport;
        }
        e.malformed = !d.expertErrors.empty();
        if (!DecodeEspLikeTshark(p, n, e))
        {
            return;
        }
        if (!m_opts.wiresharkConfigDir.empty())
        {
            Fallback("ESP with --keys: decryption is done by tshark, not the fast engine");
        }
        m_out->esp.push_back(std::move(e));
    }

    bool
    AddIke(const uint8_t* p, size_t n, const Datagram& d, bool marker)
    {
        IkeRecord r;
        SetEndpoints(r, m_frame, m_time, d);
        r.srcPort = d.sport;
        r.dstPort = d.dport;
        r.nonEspMarker = marker;
        r.malformed = !d.expertErrors.empty();
        if (!DecodeIkeLikeTshark(p, n, r))
        {
            return false;
        }
        if (r.Encrypted() && !m_opts.wiresharkConfigDir.empty())
        {
            Fallback("encrypted ISAKMP with --keys: decryption is done by tshark, not the fast "
                     "engine");
        }
        if (r.majorVersion == 1 && std::any_of(r.payloads.begin(), r.payloads.end(),
                                               [](const IkePayload& pl)
                                               {
                                                   return pl.type >= 15 && pl.type <= 19;
                                               }))
        {
            // tshark dissects these as GDOI (RFC 3547: SA KEK, SA TEK, Key Download, Sequence
            // Number, Proof of Possession) and may stop the payload chain inside one.
            Fallback("ISAKMP payload types 15-19 (GDOI, RFC 3547), which the fast engine does not "
                     "decode");
        }
        m_out->ike.push_back(std::move(r));
        return true;
    }

    bool
    L2tp(const Datagram& d)
    {
        m_out->items.emplace_back();
        DecodedBatch::Item& it = m_out->items.back();
        L2tpRecord& r = it.l2tp;
        r.expertErrors = d.expertErrors;
        r.malformed = !d.expertErrors.empty();
        size_t off = 0;
        size_t end = 0;
        if (!Dissect(d.payload.data(), d.payload.size(), d.reported, r, &off, &end))
        {
            m_out->items.pop_back();
            return false;
        }
        FinishRecord(r);
        SetEndpoints(r, m_frame, m_time, d);
        r.srcPort = d.sport;
        r.dstPort = d.dport;
        r.udpLength = d.udpLength;
        it.hasL2tp = true;
        it.teaches = m_wantRows && Teaches(r);
        if (d.reassembled)
        {
            m_stats.reassembledFrames.push_back(m_frame);
        }
        it.kept = m_learner.Keep(r);
        if (!m_opts.sharedSecret.empty() && it.kept &&
            std::any_of(r.avps.begin(), r.avps.end(),
                        [](const AvpRecord& a)
                        {
                            return a.hidden;
                        }))
        {
            Fallback("hidden AVPs with a shared secret: tshark un-hides them, the fast engine "
                     "does not");
        }
        it.hasPpp = end > off && MakePpp(d.payload.data() + off, end - off, d, it.kept, it.ppp);
        return true;
    }

    /** Can this row change port learning? Not if both ports are 1701 or explicit: such a row
     * adds no port, and its endpoints can never make a forced record (whose ports are neither)
     * or another row (trusted anyway by its 1701/explicit port) trusted. */
    bool
    Teaches(const L2tpRecord& r) const
    {
        auto fixed = [this](uint16_t p)
        {
            return p == 1701 || std::find(m_opts.extraPorts.begin(), m_opts.extraPorts.end(), p) !=
                                    m_opts.extraPorts.end();
        };
        return !fixed(r.srcPort) || !fixed(r.dstPort);
    }

    /** Decode one PPP packet into r (a fresh record); false if tshark would show no PPP layer. */
    bool
    MakePpp(const uint8_t* p, size_t n, const Datagram& d, bool inL2tp, PppRecord& r)
    {
        SetEndpoints(r, m_frame, m_time, d);
        r.srcPort = d.sport;
        r.dstPort = d.dport;
        r.inL2tp = inL2tp;
        r.l2tpIndex = -1;
        r.frameTruncated = m_truncated;
        std::string why;
        if (!DecodePppLikeTshark(p, n, r, why))
        {
            return false;
        }
        if (!why.empty())
        {
            Fallback(why);
        }
        r.malformed = !d.expertErrors.empty() || (r.hasHeader && r.bytes.size() < r.length);
        r.expertErrors = d.expertErrors;
        return true;
    }

    /** The PPP layer of a PPPoE session frame: its link is named by the Ethernet addresses and
     * the SESSION_ID (records.cc does the same from tshark's eth and pppoes layers). */
    void
    AddPppoe(const PppoeSession& ps)
    {
        m_out->items.emplace_back();
        DecodedBatch::Item& it = m_out->items.back();
        Datagram none;
        it.hasPpp = MakePpp(ps.ppp, ps.pppLen, none, false, it.ppp);
        if (!it.hasPpp)
        {
            m_out->items.pop_back();
            return;
        }
        it.ppp.srcLink = MacText(ps.macs + 6);
        it.ppp.dstLink = MacText(ps.macs);
        it.ppp.inPppoe = true;
        it.ppp.pppoeSession = ps.session;
    }

    void
    AddPpp(const uint8_t* p, size_t n, const Datagram& d)
    {
        m_out->items.emplace_back();
        DecodedBatch::Item& it = m_out->items.back();
        it.hasPpp = MakePpp(p, n, d, false, it.ppp);
        if (!it.hasPpp)
        {
            m_out->items.pop_back();
        }
    }

    const ExtractOptions& m_opts;
    const L2tpPortLearner& m_learner;
    FastExtractStats& m_stats;
    bool m_wantRows;
    Decoder m_dec;
    DecodedBatch* m_out{nullptr}; //!< the batch being filled
    uint32_t m_frame{0};
    TimeNs m_time{0};
    bool m_truncated{false};
    size_t m_natt{SIZE_MAX}; //!< index of this frame's port-4500 record, SIZE_MAX if none
};

/**
 * The two ends of a record's flow in a canonical order: its IP addresses, or for a PPP packet with
 * no IP before it, its link-layer addresses (a PPPoE link; none on a PPP link-type capture). Keys
 * that a rule or a consequence relates are joined into one part (PartPlan::Join): the records of
 * one frame (a consequence may explain a failure by another on the same frame), and the ISAKMP
 * messages of one IKE SA (grouped by cookies, whatever their addresses). What is left unrelated
 * lets a capture be judged in parts (ExtractOptions::memoryBudget).
 */
struct PartKey
{
    const void* a{nullptr}; //!< interned text of the lower end
    const void* b{nullptr}; //!< interned text of the higher end

    bool
    operator==(const PartKey& o) const
    {
        return a == o.a && b == o.b;
    }
};

/** Hash of a PartKey. */
struct PartKeyHash
{
    size_t
    operator()(const PartKey& k) const
    {
        const size_t h = std::hash<const void*>()(k.a);
        return h ^ (std::hash<const void*>()(k.b) + 0x9e3779b97f4a7c15ull + (h << 6) + (h >> 2));
    }
};

using PartKeys = std::unordered_set<PartKey, PartKeyHash>;

PartKey
KeyOf(const InternedText& x, const InternedText& y)
{
    const void* p = x.Key();
    const void* q = y.Key();
    return std::less<const void*>()(q, p) ? PartKey{q, p} : PartKey{p, q};
}

/** The key of an ESP, ISAKMP or port-4500 record (its addresses are plain text). */
template <typename R>
PartKey
IpsecKeyOf(const R& r)
{
    return KeyOf(InternedText(r.srcIp), InternedText(r.dstIp));
}

PartKey
KeyOf(const DecodedBatch::Item& it)
{
    if (it.hasL2tp)
    {
        return KeyOf(it.l2tp.srcIp, it.l2tp.dstIp);
    }
    if (!it.ppp.srcIp.empty())
    {
        return KeyOf(it.ppp.srcIp, it.ppp.dstIp);
    }
    return KeyOf(it.ppp.srcLink, it.ppp.dstLink);
}

/**
 * What a kept record costs in memory, estimated: the record, its AVPs or options and octets, times
 * 7/4 for what the estimate does not see (allocator headers, AVP values on the heap, the rules'
 * views of the records). Calibrated on the bench's `setup` capture (bench/README.md): peak RSS of
 * `l2tplab check --memory M` is then about M plus 30 MB.
 */
uint64_t
RecordBytes(const L2tpRecord& r)
{
    return (sizeof(L2tpRecord) + r.avps.size() * (sizeof(AvpRecord) + 16)) * 7 / 4;
}

uint64_t
RecordBytes(const PppRecord& p)
{
    return (sizeof(PppRecord) + p.bytes.size() + p.options.size() * sizeof(PppOption)) * 7 / 4;
}

/**
 * How a pass keeps records (ExtractOptions::memoryBudget): all of them until the budget is passed
 * (then none, the pass only learns ports), none but counting what each key would keep, or only the
 * records of the keys of one part.
 */
struct PartPlan
{
    enum Mode
    {
        WHOLE, //!< keep every record, up to the budget
        COUNT, //!< keep none; count each key's estimated bytes and the capture's end
        PART,  //!< keep the records of `keep` only
    };

    Mode mode{WHOLE};
    uint64_t budget{0};            //!< WHOLE: estimated bytes at most (0 = no limit)
    uint64_t used{0};              //!< WHOLE: estimated bytes kept so far
    bool over{false};              //!< WHOLE: the budget was passed; nothing is kept from there on
    TimeNs end{0};                 //!< COUNT: time of the last record
    const PartKeys* keep{nullptr}; //!< PART: the keys kept
    std::unordered_map<PartKey, uint64_t, PartKeyHash> bytes; //!< COUNT: estimated bytes per key
    std::unordered_map<PartKey, PartKey, PartKeyHash> parent; //!< COUNT: keys joined (union-find)

    /** The key that stands for every key joined with k. */
    PartKey
    Root(PartKey k)
    {
        PartKey r = k;
        for (auto it = parent.find(r); it != parent.end(); it = parent.find(r))
        {
            r = it->second;
        }
        // Path compression: every key on the way now points at the root.
        for (auto it = parent.find(k); it != parent.end() && !(it->second == r);
             it = parent.find(k))
        {
            k = it->second;
            it->second = r;
        }
        return r;
    }

    /** Judge a and b in the same part. */
    void
    Join(const PartKey& a, const PartKey& b)
    {
        const PartKey ra = Root(a);
        const PartKey rb = Root(b);
        if (!(ra == rb))
        {
            parent[ra] = rb;
        }
    }
};

/** The key of an IKE SA's cookie: joins the address pairs its messages travel between. */
PartKey
CookieKey(const IkeRecord& r)
{
    static const InternedText kIke("ike-sa");
    return KeyOf(kIke, InternedText(r.initiatorCookie));
}

/**
 * Adds decoded batches to the RecordSet, in frame order: the port-learning rows, the streaming
 * flow index that counts data messages in their sessions (l2tp-flows.h), the kept records (all,
 * or those of one part: PartPlan).
 */
class Collector
{
public:
    Collector(const ExtractOptions& opts,
              RecordSet& out,
              std::set<L2tpEndpointRow>* rows,
              PartPlan& plan)
        : m_out(out)
        , m_rows(rows)
        , m_plan(plan)
    {
        if (opts.summarizeData)
        {
            m_flows = std::make_unique<FlowIndexBuilder>(out.records);
        }
    }

    void
    Add(DecodedBatch& b)
    {
        if (m_plan.mode == PartPlan::COUNT || m_plan.over)
        {
            Count(b);
            b.Clear();
            return;
        }
        if (m_plan.mode == PartPlan::PART)
        {
            Select(b);
        }
        const size_t records = m_out.records.size();
        const size_t ppp = m_out.ppp.size();
        const size_t ipsec = m_out.natt.size() + m_out.esp.size() + m_out.ike.size();
        std::move(b.natt.begin(), b.natt.end(), std::back_inserter(m_out.natt));
        std::move(b.esp.begin(), b.esp.end(), std::back_inserter(m_out.esp));
        std::move(b.ike.begin(), b.ike.end(), std::back_inserter(m_out.ike));
        for (DecodedBatch::Item& it : b.items)
        {
            if (it.hasL2tp)
            {
                L2tp(it);
            }
            else
            {
                m_out.ppp.push_back(std::move(it.ppp)); // a PPP link-type frame's packet
            }
        }
        b.Clear();
        if (m_plan.budget > 0 && m_plan.mode == PartPlan::WHOLE)
        {
            Account(records, ppp, ipsec);
        }
    }

    /** The pass's tunnels and sessions (nullptr when data messages are not summarised). */
    std::shared_ptr<const FlowIndex>
    TakeFlows()
    {
        if (!m_flows)
        {
            return nullptr;
        }
        auto fi = std::make_shared<FlowIndex>(m_flows->Finish());
        fi->records = &m_out.records; // the judge uses it in place (FlowIndexOf)
        m_flows.reset();
        return fi;
    }

private:
    void
    L2tp(DecodedBatch::Item& it)
    {
        L2tpRecord& r = it.l2tp;
        if (m_rows && it.teaches)
        {
            m_rows->insert(L2tpEndpointRow(L2tpEndpoint{r.srcIp, r.srcPort},
                                           L2tpEndpoint{r.dstIp, r.dstPort}));
        }
        if (it.kept && !m_sieve.Keep(r))
        {
            it.kept = false; // L2TPv3 (RFC 3931): counted, not judged by RFC 2661
            m_out.l2tpv3Udp = m_sieve.Dropped();
        }
        const bool l2tpMalformed = r.malformed;
        const uint16_t tid = r.tunnelId;
        const uint16_t sid = r.sessionId;
        if (it.kept && m_flows && m_flows->Absorb(r, it.hasPpp ? &it.ppp : nullptr))
        {
            // Counted in its session, not kept (l2tp-flows.h); a PPP control packet stays a
            // record for the PPP rules (Absorb set its session and sender).
            if (!IsKeptPppRider(it.ppp))
            {
                ++m_out.summarizedPpp;
                return;
            }
            it.ppp.l2tpTunnelId = tid;
            it.ppp.l2tpSessionId = sid;
            it.ppp.malformed = it.ppp.malformed || l2tpMalformed;
            m_out.ppp.push_back(std::move(it.ppp));
            return;
        }
        int index = -1;
        if (it.kept)
        {
            m_out.records.push_back(std::move(r));
            index = static_cast<int>(m_out.records.size() - 1);
            if (m_flows)
            {
                m_flows->Added(static_cast<size_t>(index));
            }
        }
        if (it.hasPpp)
        {
            it.ppp.l2tpIndex = index;
            it.ppp.l2tpTunnelId = it.kept ? tid : 0;
            it.ppp.l2tpSessionId = it.kept ? sid : 0;
            it.ppp.malformed = it.ppp.malformed || l2tpMalformed;
            m_out.ppp.push_back(std::move(it.ppp));
        }
    }

    /** Records and sizes added since the counts given: their estimated bytes, against the budget.
     */
    void
    Account(size_t records, size_t ppp, size_t ipsec)
    {
        for (size_t i = records; i < m_out.records.size(); ++i)
        {
            m_plan.used += RecordBytes(m_out.records[i]);
        }
        for (size_t i = ppp; i < m_out.ppp.size(); ++i)
        {
            m_plan.used += RecordBytes(m_out.ppp[i]);
        }
        m_plan.used += (m_out.natt.size() + m_out.esp.size() + m_out.ike.size() - ipsec) * 256;
        if (m_plan.used <= m_plan.budget)
        {
            return;
        }
        // Over the budget: this pass keeps nothing more (it still learns ports) and counts what
        // each key holds, the kept records first; the engine then judges the capture in parts.
        m_plan.over = true;
        m_plan.mode = PartPlan::COUNT;
        m_plan.end = m_flows ? m_flows->Finish().captureEnd : 0;
        m_flows.reset();
        // Both vectors are in frame order: walk them together to join the keys of one frame.
        size_t j = 0;
        for (const L2tpRecord& r : m_out.records)
        {
            const PartKey k = KeyOf(r.srcIp, r.dstIp);
            for (; j < m_out.ppp.size() && m_out.ppp[j].frame <= r.frame; ++j)
            {
                CountKeptPpp(m_out.ppp[j]);
            }
            m_plan.bytes[k] += RecordBytes(r);
            m_plan.end = std::max(m_plan.end, r.time);
            SameFrame(r.frame, k);
        }
        for (; j < m_out.ppp.size(); ++j)
        {
            CountKeptPpp(m_out.ppp[j]);
        }
        CountIpsec(m_out.natt);
        CountIpsec(m_out.esp);
        CountIpsec(m_out.ike);
        RecordSet none;
        none.pcap = m_out.pcap;
        none.tsharkVersion = m_out.tsharkVersion;
        m_out = std::move(none);
    }

    /** A PPP record kept before the budget was passed: its bytes, the end, its frame's keys. */
    void
    CountKeptPpp(const PppRecord& p)
    {
        const PartKey k = p.srcIp.empty() ? KeyOf(p.srcLink, p.dstLink) : KeyOf(p.srcIp, p.dstIp);
        m_plan.bytes[k] += RecordBytes(p);
        m_plan.end = std::max(m_plan.end, p.time);
        SameFrame(p.frame, k);
    }

    /** PART: drop the records of the keys not in this part. */
    void
    Select(DecodedBatch& b)
    {
        const PartKeys& keep = *m_plan.keep;
        auto outside = [&keep](const auto& r)
        {
            return keep.count(IpsecKeyOf(r)) == 0;
        };
        b.natt.erase(std::remove_if(b.natt.begin(), b.natt.end(), outside), b.natt.end());
        b.esp.erase(std::remove_if(b.esp.begin(), b.esp.end(), outside), b.esp.end());
        b.ike.erase(std::remove_if(b.ike.begin(), b.ike.end(), outside), b.ike.end());
        b.items.erase(std::remove_if(b.items.begin(), b.items.end(),
                                     [&keep](const DecodedBatch::Item& it)
                                     {
                                         return keep.count(KeyOf(it)) == 0;
                                     }),
                      b.items.end());
    }

    /** COUNT (or past the budget): the port-learning rows; in COUNT, each key's estimated bytes
     * and the capture's end. A data message carrying a network-layer packet is taken to be
     * counted in its session (l2tp-flows.h), as nearly all are. */
    void
    Count(DecodedBatch& b)
    {
        const bool count = m_plan.mode == PartPlan::COUNT;
        for (const DecodedBatch::Item& it : b.items)
        {
            if (it.hasL2tp && m_rows && it.teaches)
            {
                m_rows->insert(L2tpEndpointRow(L2tpEndpoint{it.l2tp.srcIp, it.l2tp.srcPort},
                                               L2tpEndpoint{it.l2tp.dstIp, it.l2tp.dstPort}));
            }
            if (count)
            {
                CountItem(it);
                SameFrame(it.hasL2tp ? it.l2tp.frame : it.ppp.frame, KeyOf(it));
            }
        }
        if (count)
        {
            CountIpsec(b.natt);
            CountIpsec(b.esp);
            CountIpsec(b.ike);
        }
    }

    void
    CountItem(const DecodedBatch::Item& it)
    {
        uint64_t n = 0;
        const bool data = it.hasL2tp && !it.l2tp.isControl;
        // As L2tp() would keep it: the port learner's and the version sieve's verdicts.
        const bool kept = it.hasL2tp && it.kept && m_sieve.Keep(it.l2tp);
        if (kept && !(data && it.hasPpp))
        {
            n += RecordBytes(it.l2tp);
        }
        if (it.hasPpp && (!data || IsKeptPppRider(it.ppp)))
        {
            n += RecordBytes(it.ppp);
        }
        if (kept || it.hasPpp)
        {
            // The end the whole capture's rules would see (check.cc): every kept L2TP message
            // (summarised ones included) and every PPP packet.
            m_plan.end = std::max(m_plan.end, it.hasL2tp ? it.l2tp.time : it.ppp.time);
        }
        m_plan.bytes[KeyOf(it)] += n;
    }

    template <typename R>
    void
    CountIpsec(const std::vector<R>& v)
    {
        for (const R& r : v)
        {
            const PartKey k = IpsecKeyOf(r);
            m_plan.bytes[k] += 256;
            m_plan.end = std::max(m_plan.end, r.time);
            if constexpr (std::is_same_v<R, IkeRecord>)
            {
                m_plan.Join(k, CookieKey(r));
            }
        }
    }

    /** Records of one frame go to one part; frames come in order (items, then kept records). */
    void
    SameFrame(uint32_t frame, const PartKey& k)
    {
        if (frame == m_lastFrame && !(k == m_lastKey))
        {
            m_plan.Join(k, m_lastKey);
        }
        m_lastFrame = frame;
        m_lastKey = k;
    }

    RecordSet& m_out;
    std::set<L2tpEndpointRow>* m_rows;
    PartPlan& m_plan;
    uint32_t m_lastFrame{0};                   //!< COUNT: frame of the last item counted
    PartKey m_lastKey;                         //!< COUNT: its key
    L2tpVersionSieve m_sieve;                  //!< which Ver 3 messages are L2TPv3, not judged
    std::unique_ptr<FlowIndexBuilder> m_flows; //!< streaming index: absorbs data messages
};

/** Open a capture with nanosecond timestamps. */
pcap_t*
OpenCapture(const std::string& pcap, std::string& error)
{
    char errbuf[PCAP_ERRBUF_SIZE] = {0};
    pcap_t* pc =
        pcap_open_offline_with_tstamp_precision(pcap.c_str(), PCAP_TSTAMP_PRECISION_NANO, errbuf);
    if (!pc)
    {
        error = "cannot read capture '" + pcap + "': " + errbuf;
    }
    return pc;
}

/** Progress reporting of a pass (FastProgress every 8192 frames). */
struct ProgressSink
{
    FastProgress fn{nullptr};
    void* ctx{nullptr};
    uint64_t fileBytes{0};
};

/** Frames decoded per batch: big enough that handing a batch over costs nothing per frame, small
 * enough that the batches in flight hold a few MB at most. */
constexpr size_t kBatchFrames = 2048;
/** Batches in flight between two stages of the pipeline at most (read → decode, decode → file). */
constexpr size_t kBatchesAhead = 4;

/** Reads frames straight from libpcap (one thread). */
class PcapSource
{
public:
    explicit PcapSource(pcap_t* pc)
        : m_pc(pc)
    {
    }

    /** The next frame: 1, or pcap_next_ex's -2 (end) / -1 (error: Error() says why). */
    int
    Next(const struct pcap_pkthdr*& hdr, const u_char*& bytes)
    {
        struct pcap_pkthdr* h = nullptr;
        int rc = pcap_next_ex(m_pc, &h, &bytes);
        hdr = h;
        return rc;
    }

    std::string
    Error() const
    {
        return pcap_geterr(m_pc);
    }

private:
    pcap_t* m_pc;
};

/** Frames read ahead by another thread, kBatchFrames at a time (copied out of libpcap's buffer). */
struct RawBatch
{
    std::vector<uint8_t> octets;             //!< the frames' captured octets, one after the other
    std::vector<struct pcap_pkthdr> headers; //!< their record headers
    int rc{1};         //!< 1: more follow; else pcap_next_ex's -2 / -1 after the last frame here
    std::string error; //!< rc -1: why

    void
    Clear()
    {
        octets.clear();
        headers.clear();
        rc = 1;
        error.clear();
    }
};

/**
 * Items handed from one thread to the next, in order, at most `ahead` of them in flight (a fixed
 * set circulates: memory does not grow with the capture). Cancel() releases both sides.
 */
template <typename T>
class HandOver
{
public:
    explicit HandOver(size_t ahead)
        : m_pool(ahead + 1)
    {
        for (T& b : m_pool)
        {
            m_free.push_back(&b);
        }
    }

    /** An item to fill (waits until one is free), or nullptr once cancelled. */
    T*
    Free()
    {
        std::unique_lock<std::mutex> lock(m_mu);
        m_cv.wait(lock,
                  [this]
                  {
                      return !m_free.empty() || m_cancelled;
                  });
        if (m_cancelled)
        {
            return nullptr;
        }
        T* b = m_free.back();
        m_free.pop_back();
        return b;
    }

    /** Hand a filled item over; `last`: none follows. */
    void
    Filled(T* b, bool last)
    {
        std::lock_guard<std::mutex> lock(m_mu);
        m_filled.push_back(b);
        m_done = m_done || last;
        m_cv.notify_all();
    }

    /** The next filled item in order, or nullptr when the last one was taken (or cancelled). */
    T*
    Next()
    {
        std::unique_lock<std::mutex> lock(m_mu);
        m_cv.wait(lock,
                  [this]
                  {
                      return !m_filled.empty() || m_done || m_cancelled;
                  });
        if (m_filled.empty() || m_cancelled)
        {
            return nullptr;
        }
        T* b = m_filled.front();
        m_filled.pop_front();
        return b;
    }

    /** Return a consumed item for refilling. */
    void
    Recycle(T* b)
    {
        std::lock_guard<std::mutex> lock(m_mu);
        m_free.push_back(b);
        m_cv.notify_all();
    }

    /** The consumer stops early: the producer's Free() returns nullptr from now on. */
    void
    Cancel()
    {
        std::lock_guard<std::mutex> lock(m_mu);
        m_cancelled = true;
        m_cv.notify_all();
    }

private:
    std::vector<T> m_pool;
    std::vector<T*> m_free;
    std::deque<T*> m_filled;
    bool m_done{false};
    bool m_cancelled{false};
    std::mutex m_mu;
    std::condition_variable m_cv;
};

/** Reads frames on a thread of its own, into RawBatches; the decoding thread takes them in order.
 */
class ReadAheadSource
{
public:
    explicit ReadAheadSource(pcap_t* pc)
        : m_queue(kBatchesAhead)
    {
        m_reader = std::thread(
            [this, pc]
            {
                pthread_setname_np(pthread_self(), "l2tplab-read"); // for top, perf and gdb
                Read(pc);
            });
    }

    ~ReadAheadSource()
    {
        m_queue.Cancel(); // the decoder may have stopped early (FrameDecoder::Stopped)
        m_reader.join();
    }

    ReadAheadSource(const ReadAheadSource&) = delete;
    ReadAheadSource& operator=(const ReadAheadSource&) = delete;

    /** As PcapSource::Next. */
    int
    Next(const struct pcap_pkthdr*& hdr, const u_char*& bytes)
    {
        while (!m_cur || m_pos == m_cur->headers.size())
        {
            if (m_cur && m_cur->rc != 1)
            {
                m_error = m_cur->error;
                return m_cur->rc;
            }
            if (m_cur)
            {
                m_queue.Recycle(m_cur);
            }
            m_cur = m_queue.Next();
            m_pos = 0;
            m_offset = 0;
            if (!m_cur)
            {
                return -2;
            }
        }
        hdr = &m_cur->headers[m_pos];
        bytes = m_cur->octets.data() + m_offset;
        m_offset += hdr->caplen;
        ++m_pos;
        return 1;
    }

    std::string
    Error() const
    {
        return m_error;
    }

private:
    void
    Read(pcap_t* pc)
    {
        for (;;)
        {
            RawBatch* b = m_queue.Free();
            if (!b)
            {
                return; // cancelled
            }
            b->Clear();
            struct pcap_pkthdr* h = nullptr;
            const u_char* bytes = nullptr;
            while (b->headers.size() < kBatchFrames && (b->rc = pcap_next_ex(pc, &h, &bytes)) == 1)
            {
                b->headers.push_back(*h);
                b->octets.insert(b->octets.end(), bytes, bytes + h->caplen);
            }
            if (b->rc == -1)
            {
                b->error = pcap_geterr(pc);
            }
            const bool last = b->rc != 1;
            m_queue.Filled(b, last);
            if (last)
            {
                return;
            }
        }
    }

    HandOver<RawBatch> m_queue;
    RawBatch* m_cur{nullptr};
    size_t m_pos{0};
    size_t m_offset{0};
    std::string m_error;
    std::thread m_reader;
};

/**
 * Read every frame of `source` and decode it into batches of kBatchFrames frames, handing each
 * full batch to `emit(batch, false)`, which returns the batch to fill next, and the last one to
 * `emit(batch, true)`. Stops early when the decoder hands the capture to tshark
 * (FrameDecoder::Stopped).
 */
template <typename Source, typename Emit>
void
DecodeFrames(Source& source,
             int linkType,
             FrameDecoder& decoder,
             FastExtractStats& stats,
             DecodedBatch* batch,
             Emit emit)
{
    const struct pcap_pkthdr* hdr = nullptr;
    const u_char* bytes = nullptr;
    bool haveFirst = false;
    TimeNs first = 0;
    size_t inBatch = 0;
    int rc = 0;
    while (!decoder.Stopped() && (rc = source.Next(hdr, bytes)) == 1)
    {
        TimeNs t =
            static_cast<TimeNs>(hdr->ts.tv_sec) * kSec + static_cast<TimeNs>(hdr->ts.tv_usec);
        if (!haveFirst)
        {
            first = t;
            haveFirst = true;
        }
        stats.bytesRead += hdr->caplen + 16;
        decoder.OnFrame(linkType, bytes, hdr->caplen, hdr->len, t - first, *batch);
        if (++inBatch == kBatchFrames)
        {
            batch->frames = stats.frames;
            batch->bytes = stats.bytesRead;
            batch = emit(batch, false);
            inBatch = 0;
        }
    }
    if (!decoder.Stopped() && rc == -1 && stats.frames > 0)
    {
        // A capture cut in the middle of a record (a capture still being written, a copy cut
        // short): the frames before it are judged, and the report says where it stopped.
        stats.readError = "frame " + std::to_string(stats.frames + 1) + ": " + source.Error();
    }
    else if (!decoder.Stopped() && rc == -1)
    {
        stats.readError = source.Error(); // nothing read: the caller reports the file unreadable
    }
    decoder.Finish();
    batch->frames = stats.frames;
    batch->bytes = stats.bytesRead;
    emit(batch, true);
}

/**
 * One pass: records into out (cleared), rows into *rows if given. `pipelined`: frames are read and
 * decoded on a second thread while this one collects them (two cores; the records are the same).
 */
bool
RunPass(const std::string& pcap,
        const ExtractOptions& opts,
        const L2tpPortLearner& learner,
        RecordSet& out,
        FastExtractStats& stats,
        std::set<L2tpEndpointRow>* rows,
        PartPlan& plan,
        const ProgressSink& progress,
        bool pipelined,
        std::string& error)
{
    const unsigned passes = stats.passes;
    stats = FastExtractStats();
    stats.passes = passes + 1;
    out.records.clear();
    out.ppp.clear();
    out.esp.clear();
    out.ike.clear();
    out.natt.clear();
    out.flows.reset();
    out.summarizedPpp = 0;
    out.l2tpv3Udp = 0;
    pcap_t* pc = OpenCapture(pcap, error);
    if (!pc)
    {
        return false;
    }
    // Grow once, not by doubling: moving records is most of the cost of a big capture otherwise
    // (capacity not touched is not resident).
    // One L2TP message takes at least ~64 captured octets (record header, link, IP, UDP, L2TP);
    // capped so that a huge file does not ask for more address space than it may get.
    const size_t guess = static_cast<size_t>(std::min<uint64_t>(progress.fileBytes / 96, 1u << 22));
    out.records.reserve(guess);
    out.ppp.reserve(guess);
    FrameDecoder decoder(opts, learner, stats, rows != nullptr);
    Collector collector(opts, out, rows, plan);
    uint64_t reported = 0;
    auto report = [&progress, &reported](const DecodedBatch& b)
    {
        if (progress.fn && b.frames >= reported + 8192)
        {
            progress.fn(progress.ctx, b.frames, b.bytes, progress.fileBytes);
            reported = b.frames;
        }
    };
    const int linkType = pcap_datalink(pc);
    if (!pipelined)
    {
        PcapSource source(pc);
        DecodedBatch batch;
        DecodeFrames(source, linkType, decoder, stats, &batch,
                     [&](DecodedBatch* b, bool)
                     {
                         collector.Add(*b);
                         report(*b);
                         return b;
                     });
    }
    else
    {
        // Three stages, each on a thread of its own, meeting only in the queues: one reads the
        // capture (ReadAheadSource); this one decodes: it owns the decoder and `stats`, and the
        // records are allocated on its heap (for `l2tplab check` the main one, which grows by
        // large steps; a second thread's heap grows a page per system call); the third files the
        // records: it owns `out`, `rows` and the flow index. `out` is read here after the join.
        HandOver<DecodedBatch> queue(kBatchesAhead);
        std::thread filer(
            [&]
            {
                pthread_setname_np(pthread_self(), "l2tplab-file"); // for top, perf and gdb
                while (DecodedBatch* b = queue.Next())
                {
                    collector.Add(*b);
                    report(*b);
                    queue.Recycle(b);
                }
            });
        {
            ReadAheadSource source(pc);
            DecodeFrames(source, linkType, decoder, stats, queue.Free(),
                         [&](DecodedBatch* b, bool last)
                         {
                             queue.Filled(b, last);
                             return last ? nullptr : queue.Free();
                         });
        } // the reader is joined here, before the capture is closed
        filer.join();
    }
    pcap_close(pc);
    if (stats.frames == 0 && !stats.readError.empty())
    {
        error = "cannot read capture '" + pcap + "': " + stats.readError;
        return false;
    }
    out.flows = collector.TakeFlows();
    stats.l2tpMessages = out.records.size() + (out.flows ? out.flows->summarizedData : 0);
    return true;
}

} // namespace

std::string
MemoryBudgetText(uint64_t bytes)
{
    return bytes >= (uint64_t{1} << 20) ? std::to_string(bytes >> 20) + " MiB"
                                        : std::to_string(bytes) + " bytes";
}

bool
DissectL2tpLikeTshark(const uint8_t* data, size_t len, L2tpRecord& rec)
{
    size_t off = 0;
    size_t end = 0;
    if (!Dissect(data, len, len, rec, &off, &end))
    {
        return false;
    }
    FinishRecord(rec);
    return true;
}

namespace
{

/** Keys in parts of at most `budget` estimated bytes (joined keys together; a group over the
 * budget alone), largest groups first. */
std::vector<PartKeys>
SplitIntoParts(PartPlan& plan, uint64_t budget, uint64_t& largest)
{
    std::unordered_map<PartKey, std::pair<uint64_t, std::vector<PartKey>>, PartKeyHash> groups;
    for (const auto& [key, n] : plan.bytes)
    {
        auto& g = groups[plan.Root(key)];
        g.first += n;
        g.second.push_back(key);
    }
    std::vector<std::pair<PartKey, uint64_t>> keys;
    keys.reserve(groups.size());
    for (const auto& [root, g] : groups)
    {
        keys.emplace_back(root, g.first);
    }
    std::sort(keys.begin(), keys.end(),
              [](const auto& x, const auto& y)
              {
                  return x.second != y.second
                             ? x.second > y.second
                             : std::less<const void*>()(x.first.a, y.first.a) ||
                                   (x.first.a == y.first.a &&
                                    std::less<const void*>()(x.first.b, y.first.b));
              });
    std::vector<PartKeys> parts;
    std::vector<uint64_t> sizes;
    for (const auto& [key, n] : keys)
    {
        // First fit, largest first: few parts, each under the budget unless one key is over it.
        size_t i = 0;
        while (i < parts.size() && sizes[i] + n > budget)
        {
            ++i;
        }
        if (i == parts.size())
        {
            parts.emplace_back();
            sizes.push_back(0);
        }
        const std::vector<PartKey>& members = groups[key].second;
        parts[i].insert(members.begin(), members.end());
        sizes[i] += n;
    }
    largest = sizes.empty() ? 0 : *std::max_element(sizes.begin(), sizes.end());
    return parts;
}

/**
 * The capture's records need more than ExtractOptions::memoryBudget: count each key's estimated
 * bytes (unless the last pass did), split the keys into parts and hand each part's records to
 * onPart, one pass over the file per part. `out` ends empty; `stats` are the whole file's.
 */
bool
JudgeInParts(const std::string& pcap,
             const ExtractOptions& opts,
             const L2tpPortLearner& learner,
             PartPlan& plan,
             RecordSet& out,
             FastExtractStats& stats,
             const ProgressSink& sink,
             std::string& error)
{
    const std::vector<uint16_t> forced = out.forcedPorts;
    if (plan.mode != PartPlan::COUNT)
    {
        // Every pass past the budget counts the keys; should the last one not have, count now.
        plan = PartPlan();
        plan.mode = PartPlan::COUNT;
        if (!RunPass(pcap, opts, learner, out, stats, nullptr, plan, sink, opts.threads != 1,
                     error))
        {
            return false;
        }
    }
    const TimeNs end = plan.end;
    uint64_t largest = 0;
    const std::vector<PartKeys> parts = SplitIntoParts(plan, opts.memoryBudget, largest);
    plan.bytes.clear();
    plan.parent.clear();
    const FastExtractStats counted = stats;
    for (const PartKeys& keys : parts)
    {
        PartPlan part;
        part.mode = PartPlan::PART;
        part.keep = &keys;
        if (!RunPass(pcap, opts, learner, out, stats, nullptr, part, sink, opts.threads != 1,
                     error))
        {
            return false;
        }
        out.pcap = pcap;
        out.tsharkVersion = "libpcap fast path";
        out.forcedPorts = forced;
        out.captureEnd = end;
        opts.onPart(out);
    }
    const unsigned passes = stats.passes;
    stats = counted; // the whole file's counts (every part's pass reads the whole file)
    stats.passes = passes;
    stats.parts = static_cast<unsigned>(parts.size());
    stats.largestPartBytes = largest;
    out = RecordSet();
    out.pcap = pcap;
    out.tsharkVersion = "libpcap fast path";
    out.forcedPorts = forced;
    return true;
}

} // namespace

bool
ExtractL2tpRecordsFast(const std::string& pcap,
                       const ExtractOptions& opts,
                       RecordSet& out,
                       std::string& error,
                       FastExtractStats* statsOut,
                       FastProgress progress,
                       void* progressCtx)
{
    out = RecordSet();
    out.pcap = pcap;
    out.tsharkVersion = "libpcap fast path";
    FastExtractStats localStats;
    FastExtractStats& stats = statsOut ? *statsOut : localStats;
    stats = FastExtractStats();
    if (!CaptureIsReadableFile(pcap, error))
    {
        return false;
    }
    ProgressSink sink{progress, progressCtx, 0};
    struct stat st;
    if (stat(pcap.c_str(), &st) == 0)
    {
        sink.fileBytes = static_cast<uint64_t>(st.st_size);
    }
    // Port learning (port-learning.h) as the tshark path does it: each pass decodes with the
    // ports learned so far and yields the rows of the next round. A capture on 1701 only (no
    // explicit port, nothing learned) needs one pass; records of a pass are final once the ports
    // and trusted endpoints stop changing.
    L2tpPortLearner learner(opts.extraPorts);
    const size_t explicitPorts =
        std::set<uint16_t>(opts.extraPorts.begin(), opts.extraPorts.end()).size();
    std::set<L2tpEndpointRow> rows;
    unsigned learningPasses = 0;
    bool finalOnly = false;
    bool over = false; // a pass passed the memory budget: the capture is judged in parts
    PartPlan plan;
    for (;;)
    {
        const bool learn =
            opts.learnPorts && !finalOnly && learningPasses < std::max(1u, opts.maxLearningPasses);
        rows.clear();
        plan = PartPlan();
        plan.mode = over ? PartPlan::COUNT : PartPlan::WHOLE;
        plan.budget = opts.memoryBudget;
        if (!RunPass(pcap, opts, learner, out, stats, learn ? &rows : nullptr, plan, sink,
                     opts.threads != 1, error))
        {
            return false;
        }
        over = over || plan.over;
        if (!learn || !stats.fallback.empty())
        {
            break;
        }
        ++learningPasses;
        const bool grew = learner.Learn(std::vector<L2tpEndpointRow>(rows.begin(), rows.end()));
        if (!grew && learner.Ports().size() == explicitPorts)
        {
            break; // no forced port: every kept record is on 1701 or an explicit port, exact
        }
        // A new port (decode again), or forced ports whose records must be kept with the final
        // trusted endpoints: one more pass.
        finalOnly = !grew;
    }
    out.forcedPorts.assign(learner.Ports().begin(), learner.Ports().end());
    if (!over || !stats.fallback.empty())
    {
        return true;
    }
    if (!opts.onPart)
    {
        error = "the records of '" + pcap + "' need more than the memory budget of " +
                MemoryBudgetText(opts.memoryBudget) + " (l2tplab check --memory)";
        return false;
    }
    return JudgeInParts(pcap, opts, learner, plan, out, stats, sink, error);
}

} // namespace ns3
