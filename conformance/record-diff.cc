#include "conformance/record-diff.h"

#include "conformance/l2tp-flows.h"

#include <algorithm>
#include <sstream>

namespace ns3
{

namespace
{

bool
IsSubdissectedVendor(uint16_t v)
{
    return v == 9 || v == 193 || v == 3561 || v == 4491;
}

std::string
Text(const std::string& v)
{
    return v;
}

std::string
Text(bool v)
{
    return v ? "1" : "0";
}

template <typename T>
std::string
Text(const T& v)
{
    std::ostringstream o;
    o << +v;
    return o.str();
}

std::string
Text(const std::vector<uint8_t>& v)
{
    static const char* kHex = "0123456789abcdef";
    std::string s;
    for (uint8_t b : v)
    {
        s += kHex[b >> 4];
        s += kHex[b & 0x0F];
    }
    return s;
}

std::string
Text(const std::vector<std::string>& v)
{
    std::string s;
    for (const auto& x : v)
    {
        s += x + "|";
    }
    return s;
}

std::string
Text(const std::vector<PppOption>& v)
{
    std::string s;
    for (const auto& o : v)
    {
        s += std::to_string(o.type) + "/" + std::to_string(o.length) + "/" +
             Text(o.value.ToVector()) + " ";
    }
    return s;
}

/** Collects differences, stopping at a maximum. */
class Differ
{
public:
    Differ(size_t max, std::set<KnownDifference>* hit)
        : m_max(max)
        , m_hit(hit)
    {
    }

    template <typename T>
    void
    Cmp(uint32_t frame, const std::string& where, const char* field, const T& a, const T& b)
    {
        if (!(a == b))
        {
            Add(frame, where + "." + field, Text(a), Text(b));
        }
    }

    void
    Add(uint32_t frame, const std::string& what, const std::string& a, const std::string& b)
    {
        if (m_out.size() < m_max)
        {
            // Frame 0: a difference of the whole capture (learned ports, counts), not a frame's.
            m_out.push_back((frame ? "frame " + std::to_string(frame) : std::string("capture")) +
                            ": " + what + ": tshark '" + a + "' vs fast '" + b + "'");
        }
    }

    void
    Hit(KnownDifference k)
    {
        if (m_hit)
        {
            m_hit->insert(k);
        }
    }

    bool
    Full() const
    {
        return m_out.size() >= m_max;
    }

    std::vector<std::string>
    Take()
    {
        return std::move(m_out);
    }

private:
    size_t m_max;
    std::set<KnownDifference>* m_hit;
    std::vector<std::string> m_out;
};

/** AVP fields as the comparison sees them (known differences removed). */
std::string
ComparableFields(const AvpRecord& a, bool fromTshark, Differ& d)
{
    std::string s;
    const bool vendorSub = a.typeKnown && IsSubdissectedVendor(a.vendor);
    for (const auto& kv : a.fields)
    {
        const std::string& k = kv.first;
        if (k.rfind("l2tp.", 0) != 0)
        {
            if (fromTshark)
            {
                d.Hit(KnownDifference::NON_L2TP_FIELDS);
            }
            continue;
        }
        const bool typeKey = k.size() > 13 && k.compare(k.size() - 4, 4, "type") == 0;
        if (vendorSub && k != "l2tp.avp.vendor_id" && !typeKey)
        {
            if (fromTshark)
            {
                d.Hit(KnownDifference::VENDOR_SUBDISSECTOR);
            }
            continue;
        }
        s += k + "=" + kv.second + " ";
    }
    return s;
}

void
DiffAvps(
    const L2tpRecord& a, const L2tpRecord& b, bool reassembled, const std::string& w, Differ& d)
{
    for (size_t k = 0; k < std::min(a.avps.size(), b.avps.size()); ++k)
    {
        const AvpRecord& x = a.avps[k];
        const AvpRecord& y = b.avps[k];
        const std::string p = w + ".avps[" + std::to_string(k) + "]";
        d.Cmp(a.frame, p, "mandatory", x.mandatory, y.mandatory);
        d.Cmp(a.frame, p, "hidden", x.hidden, y.hidden);
        d.Cmp(a.frame, p, "length", x.length, y.length);
        const bool rawDiffers =
            x.rawHeaderKnown != y.rawHeaderKnown || x.rawFlagsWord != y.rawFlagsWord ||
            (x.hidden && (x.typeKnown != y.typeKnown || x.type != y.type || x.vendor != y.vendor));
        if (reassembled && rawDiffers)
        {
            d.Hit(KnownDifference::REASSEMBLED_RAW);
        }
        else
        {
            d.Cmp(a.frame, p, "rawHeaderKnown", x.rawHeaderKnown, y.rawHeaderKnown);
            d.Cmp(a.frame, p, "rawFlagsWord", x.rawFlagsWord, y.rawFlagsWord);
            d.Cmp(a.frame, p, "typeKnown", x.typeKnown, y.typeKnown);
            d.Cmp(a.frame, p, "vendor", x.vendor, y.vendor);
            d.Cmp(a.frame, p, "type", x.type, y.type);
        }
        d.Cmp(a.frame, p, "fields", ComparableFields(x, true, d), ComparableFields(y, false, d));
    }
}

void
DiffL2tp(const L2tpRecord& a,
         const L2tpRecord& b,
         const std::set<uint32_t>& reassembled,
         const std::string& w,
         Differ& d)
{
    const uint32_t f = a.frame;
    d.Cmp(f, w, "frame", a.frame, b.frame);
    d.Cmp(f, w, "time", a.time, b.time);
    d.Cmp(f, w, "src", a.Src(), b.Src());
    d.Cmp(f, w, "dst", a.Dst(), b.Dst());
    d.Cmp(f, w, "forcedPort", a.forcedPort, b.forcedPort);
    d.Cmp(f, w, "flags", a.flags, b.flags);
    d.Cmp(f, w, "version", a.version, b.version);
    d.Cmp(f, w, "hasLength", a.hasLength, b.hasLength);
    d.Cmp(f, w, "length", a.length, b.length);
    d.Cmp(f, w, "udpLength", a.udpLength, b.udpLength);
    d.Cmp(f, w, "tunnelId", a.tunnelId, b.tunnelId);
    d.Cmp(f, w, "sessionId", a.sessionId, b.sessionId);
    d.Cmp(f, w, "hasSequence", a.hasSequence, b.hasSequence);
    d.Cmp(f, w, "ns", a.ns, b.ns);
    d.Cmp(f, w, "nr", a.nr, b.nr);
    d.Cmp(f, w, "hasMessageType", a.hasMessageType, b.hasMessageType);
    d.Cmp(f, w, "messageType", a.messageType, b.messageType);
    const bool vendorSub = std::any_of(a.avps.begin(), a.avps.end(),
                                       [](const AvpRecord& x)
                                       {
                                           return x.typeKnown && IsSubdissectedVendor(x.vendor);
                                       });
    const bool flagDiffers = a.malformed != b.malformed || a.expertErrors != b.expertErrors;
    if (a.isControl && vendorSub && flagDiffers)
    {
        // A vendor sub-dissector threw on the AVP value: tshark stops the AVP walk there.
        d.Hit(KnownDifference::VENDOR_SUBDISSECTOR);
        if (a.avps.size() > b.avps.size())
        {
            d.Cmp(f, w, "avps.size()", a.avps.size(), b.avps.size());
        }
    }
    else
    {
        if (a.isControl)
        {
            d.Cmp(f, w, "malformed", a.malformed, b.malformed);
            d.Cmp(f, w, "expertErrors", a.expertErrors, b.expertErrors);
        }
        else if (flagDiffers)
        {
            d.Hit(KnownDifference::DATA_MALFORMED);
        }
        d.Cmp(f, w, "avps.size()", a.avps.size(), b.avps.size());
    }
    DiffAvps(a, b, reassembled.count(f) != 0, w, d);
}

void
DiffPpp(const PppRecord& a, const PppRecord& b, const std::string& w, Differ& d)
{
    const uint32_t f = a.frame;
    d.Cmp(f, w, "frame", a.frame, b.frame);
    d.Cmp(f, w, "time", a.time, b.time);
    d.Cmp(f, w, "src", a.Src(), b.Src());
    d.Cmp(f, w, "dst", a.Dst(), b.Dst());
    d.Cmp(f, w, "inL2tp", a.inL2tp, b.inL2tp);
    d.Cmp(f, w, "inPppoe", a.inPppoe, b.inPppoe);
    d.Cmp(f, w, "pppoeSession", a.pppoeSession, b.pppoeSession);
    d.Cmp(f, w, "l2tpIndex", a.l2tpIndex, b.l2tpIndex);
    d.Cmp(f, w, "l2tpSession", a.l2tpSession, b.l2tpSession);
    d.Cmp(f, w, "l2tpSender", a.l2tpSender, b.l2tpSender);
    d.Cmp(f, w, "l2tpTunnelId", a.l2tpTunnelId, b.l2tpTunnelId);
    d.Cmp(f, w, "l2tpSessionId", a.l2tpSessionId, b.l2tpSessionId);
    d.Cmp(f, w, "insideMp", a.insideMp, b.insideMp);
    d.Cmp(f, w, "pppDirection", a.pppDirection, b.pppDirection);
    d.Cmp(f, w, "protocol", a.protocol, b.protocol);
    d.Cmp(f, w, "hasHeader", a.hasHeader, b.hasHeader);
    d.Cmp(f, w, "code", a.code, b.code);
    d.Cmp(f, w, "identifier", a.identifier, b.identifier);
    d.Cmp(f, w, "length", a.length, b.length);
    d.Cmp(f, w, "bytes", a.bytes, b.bytes);
    d.Cmp(f, w, "frameTruncated", a.frameTruncated, b.frameTruncated);
    d.Cmp(f, w, "hasOptions", a.hasOptions, b.hasOptions);
    d.Cmp(f, w, "options", a.options, b.options);
    d.Cmp(f, w, "optionsWellFormed", a.optionsWellFormed, b.optionsWellFormed);
    d.Cmp(f, w, "hasMagic", a.hasMagic, b.hasMagic);
    d.Cmp(f, w, "magic", a.magic, b.magic);
    d.Cmp(f, w, "hasRejectedProtocol", a.hasRejectedProtocol, b.hasRejectedProtocol);
    d.Cmp(f, w, "rejectedProtocol", a.rejectedProtocol, b.rejectedProtocol);
    d.Cmp(f, w, "hasChapValue", a.hasChapValue, b.hasChapValue);
    d.Cmp(f, w, "chapValueSize", a.chapValueSize, b.chapValueSize);
    d.Cmp(f, w, "chapValue", a.ChapValue(), b.ChapValue());
    d.Cmp(f, w, "chapName", a.ChapName(), b.ChapName());
    d.Cmp(f, w, "isMpHeader", a.isMpHeader, b.isMpHeader);
    d.Cmp(f, w, "mpSequence", a.mpSequence, b.mpSequence);
    if (a.malformed != b.malformed)
    {
        d.Hit(KnownDifference::FRAME_MALFORMED);
    }
}

void
DiffEsp(const EspRecord& a, const EspRecord& b, const std::string& w, Differ& d)
{
    const uint32_t f = a.frame;
    d.Cmp(f, w, "frame", a.frame, b.frame);
    d.Cmp(f, w, "time", a.time, b.time);
    d.Cmp(f, w, "src", a.Src(), b.Src());
    d.Cmp(f, w, "dst", a.Dst(), b.Dst());
    d.Cmp(f, w, "udpEncapsulated", a.udpEncapsulated, b.udpEncapsulated);
    d.Cmp(f, w, "spi", a.spi, b.spi);
    d.Cmp(f, w, "sequence", a.sequence, b.sequence);
    d.Cmp(f, w, "decrypted", a.decrypted, b.decrypted);
    if (a.malformed != b.malformed)
    {
        d.Hit(KnownDifference::FRAME_MALFORMED);
    }
}

void
DiffIke(const IkeRecord& a, const IkeRecord& b, const std::string& w, Differ& d)
{
    const uint32_t f = a.frame;
    d.Cmp(f, w, "frame", a.frame, b.frame);
    d.Cmp(f, w, "time", a.time, b.time);
    d.Cmp(f, w, "src", a.Src(), b.Src());
    d.Cmp(f, w, "dst", a.Dst(), b.Dst());
    d.Cmp(f, w, "nonEspMarker", a.nonEspMarker, b.nonEspMarker);
    d.Cmp(f, w, "initiatorCookie", a.initiatorCookie, b.initiatorCookie);
    d.Cmp(f, w, "responderCookie", a.responderCookie, b.responderCookie);
    d.Cmp(f, w, "majorVersion", a.majorVersion, b.majorVersion);
    d.Cmp(f, w, "exchangeType", a.exchangeType, b.exchangeType);
    d.Cmp(f, w, "flags", a.flags, b.flags);
    d.Cmp(f, w, "messageId", a.messageId, b.messageId);
    d.Cmp(f, w, "length", a.length, b.length);
    d.Cmp(f, w, "payloadsVisible", a.payloadsVisible, b.payloadsVisible);
    d.Cmp(f, w, "decrypted", a.decrypted, b.decrypted);
    d.Cmp(f, w, "hashAlgorithm", a.hashAlgorithm, b.hashAlgorithm);
    d.Cmp(f, w, "payloads.size()", a.payloads.size(), b.payloads.size());
    for (size_t k = 0; k < std::min(a.payloads.size(), b.payloads.size()); ++k)
    {
        const std::string p = w + ".payloads[" + std::to_string(k) + "]";
        d.Cmp(f, p, "type", a.payloads[k].type, b.payloads[k].type);
        d.Cmp(f, p, "length", a.payloads[k].length, b.payloads[k].length);
        d.Cmp(f, p, "vid", a.payloads[k].vid, b.payloads[k].vid);
        d.Cmp(f, p, "hash", a.payloads[k].hash, b.payloads[k].hash);
    }
    if (a.malformed != b.malformed)
    {
        d.Hit(KnownDifference::FRAME_MALFORMED);
    }
}

void
DiffNatt(const NattRecord& a, const NattRecord& b, const std::string& w, Differ& d)
{
    const uint32_t f = a.frame;
    d.Cmp(f, w, "frame", a.frame, b.frame);
    d.Cmp(f, w, "time", a.time, b.time);
    d.Cmp(f, w, "src", a.Src(), b.Src());
    d.Cmp(f, w, "dst", a.Dst(), b.Dst());
    d.Cmp(f, w, "kind", static_cast<int>(a.kind), static_cast<int>(b.kind));
    d.Cmp(f, w, "udpLength", a.udpLength, b.udpLength);
    d.Cmp(f, w, "udpChecksum", a.udpChecksum, b.udpChecksum);
    d.Cmp(f, w, "isIpv6", a.isIpv6, b.isIpv6);
    d.Cmp(f, w, "head", a.head, b.head);
}

/** Walk two record vectors in step; a missing record is one difference. */
template <typename R, typename Fn>
void
DiffVectors(
    const char* kind, const std::vector<R>& a, const std::vector<R>& b, Differ& d, Fn diffOne)
{
    const size_t n = std::max(a.size(), b.size());
    for (size_t i = 0; i < n && !d.Full(); ++i)
    {
        const std::string w = std::string(kind) + "[" + std::to_string(i) + "]";
        if (i >= a.size() || i >= b.size())
        {
            const uint32_t f = i < a.size() ? a[i].frame : b[i].frame;
            d.Add(f, w, i < a.size() ? "present" : "absent", i < b.size() ? "present" : "absent");
            return; // the rest is shifted: one difference says it
        }
        if (a[i].frame != b[i].frame)
        {
            d.Add(a[i].frame, w + ".frame", std::to_string(a[i].frame), std::to_string(b[i].frame));
            return;
        }
        diffOne(a[i], b[i], w);
    }
}

} // namespace

std::vector<std::string>
DiffRecordSets(const RecordSet& ts,
               const RecordSet& fast,
               const std::set<uint32_t>& reassembled,
               size_t maxDifferences,
               std::set<KnownDifference>* hit)
{
    Differ d(maxDifferences, hit);
    if (ts.forcedPorts != fast.forcedPorts)
    {
        std::string a;
        std::string b;
        for (auto p : ts.forcedPorts)
        {
            a += std::to_string(p) + ",";
        }
        for (auto p : fast.forcedPorts)
        {
            b += std::to_string(p) + ",";
        }
        d.Add(0, "forcedPorts", a, b);
    }
    // Data messages counted instead of kept (l2tp-flows.h): the two engines must have counted the
    // same ones (a message kept by one and summarised by the other also shows in the vectors).
    const uint64_t sumTs = ts.flows ? ts.flows->summarizedData : 0;
    const uint64_t sumFast = fast.flows ? fast.flows->summarizedData : 0;
    if (sumTs != sumFast || ts.summarizedPpp != fast.summarizedPpp)
    {
        d.Add(0, "summarised data messages / PPP packets",
              std::to_string(sumTs) + " / " + std::to_string(ts.summarizedPpp),
              std::to_string(sumFast) + " / " + std::to_string(fast.summarizedPpp));
    }
    if (ts.l2tpv3Udp != fast.l2tpv3Udp)
    {
        d.Add(0, "L2TPv3 messages over UDP not judged", std::to_string(ts.l2tpv3Udp),
              std::to_string(fast.l2tpv3Udp));
    }
    DiffVectors("l2tp", ts.records, fast.records, d,
                [&](const L2tpRecord& a, const L2tpRecord& b, const std::string& w)
                {
                    DiffL2tp(a, b, reassembled, w, d);
                });
    DiffVectors("ppp", ts.ppp, fast.ppp, d,
                [&](const PppRecord& a, const PppRecord& b, const std::string& w)
                {
                    DiffPpp(a, b, w, d);
                });
    DiffVectors("esp", ts.esp, fast.esp, d,
                [&](const EspRecord& a, const EspRecord& b, const std::string& w)
                {
                    DiffEsp(a, b, w, d);
                });
    DiffVectors("ike", ts.ike, fast.ike, d,
                [&](const IkeRecord& a, const IkeRecord& b, const std::string& w)
                {
                    DiffIke(a, b, w, d);
                });
    DiffVectors("natt", ts.natt, fast.natt, d,
                [&](const NattRecord& a, const NattRecord& b, const std::string& w)
                {
                    DiffNatt(a, b, w, d);
                });
    return d.Take();
}

} // namespace ns3
