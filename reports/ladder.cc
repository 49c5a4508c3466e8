#include "reports/ladder.h"

#include "reports/html-writer.h"

#include "conformance/rule-catalog.h"

#include <algorithm>
#include <cstdlib>
#include <cstdio>
#include <map>
#include <set>
#include <sstream>
#include <tuple>

namespace ns3
{

namespace
{

const char* const kInk = "#1f2937";     //!< normal arrows and text
const char* const kMuted = "#8a94a3";   //!< ZLB acknowledgements
const char* const kData = "#2563eb";    //!< data runs
const char* const kError = "#dc2626";   //!< failed MUST / MUST NOT rule
const char* const kWarning = "#d97706"; //!< failed SHOULD rule
const char* const kGrid = "#cbd5e1";    //!< lifelines, gap breaks
const char* const kPpp = "#7c3aed";     //!< PPP control packets
const char* const kEsp = "#0f766e";     //!< ESP runs

/** printf into a std::string (numbers only; the C locale is never changed by l2tplab). */
template <typename... Args>
std::string
Fmt(const char* fmt, Args... args)
{
    char buf[128];
    std::snprintf(buf, sizeof(buf), fmt, args...);
    return buf;
}

/** Cut a UTF-8 string to at most n code points, with an ellipsis when cut. */
std::string
Clip(const std::string& s, size_t n)
{
    size_t points = 0;
    for (size_t i = 0; i < s.size(); ++i)
    {
        if ((static_cast<unsigned char>(s[i]) & 0xC0) != 0x80)
        {
            if (points == n)
            {
                return s.substr(0, i) + "\u2026";
            }
            ++points;
        }
    }
    return s;
}

const char*
Color(uint32_t style)
{
    if (style & ladderstyle::ERROR)
    {
        return kError;
    }
    if (style & ladderstyle::WARNING)
    {
        return kWarning;
    }
    if (style & ladderstyle::PPP)
    {
        return kPpp;
    }
    if (style & ladderstyle::ESP)
    {
        return kEsp;
    }
    if (style & ladderstyle::DATA)
    {
        return kData;
    }
    if (style & ladderstyle::MUTED)
    {
        return kMuted;
    }
    return kInk;
}

std::string
StyleClass(uint32_t style)
{
    std::string c = "ev";
    c += (style & ladderstyle::DASHED) ? " ev-dashed" : "";
    c += (style & ladderstyle::ERROR) ? " ev-error" : "";
    c += (style & ladderstyle::WARNING) ? " ev-warning" : "";
    c += (style & ladderstyle::MUTED) ? " ev-muted" : "";
    c += (style & ladderstyle::DATA) ? " ev-data" : "";
    c += (style & ladderstyle::PPP) ? " ev-ppp" : "";
    c += (style & ladderstyle::ESP) ? " ev-esp" : "";
    return c;
}

std::string
FrameText(const LadderEvent& e)
{
    if (e.frame == 0)
    {
        return "";
    }
    if (e.frameEnd > e.frame)
    {
        return "#" + std::to_string(e.frame) + "\u2013" + std::to_string(e.frameEnd);
    }
    return "#" + std::to_string(e.frame);
}

/** Rule families, as bits, for choosing which failures mark which arrows. */
constexpr uint32_t kFamL2tp = 1;
constexpr uint32_t kFamPpp = 2;
constexpr uint32_t kFamIpsec = 4;
constexpr uint32_t kFamUnknown = 8; //!< an id the catalog does not list: marks every arrow

/** Family bit of a rule id (GetRuleFamilies()). */
uint32_t
RuleFamilyOf(const std::string& id)
{
    static const std::map<std::string, uint32_t> kIds = []()
    {
        std::map<std::string, uint32_t> m;
        for (const RuleFamily& f : GetRuleFamilies())
        {
            std::string name = f.name;
            uint32_t bit = name == "PPP" ? kFamPpp : name == "IPsec" ? kFamIpsec : kFamL2tp;
            for (const Rule& r : *f.rules)
            {
                m[r.id] = bit;
            }
        }
        return m;
    }();
    auto it = kIds.find(id);
    return it == kIds.end() ? kFamUnknown : it->second;
}

/** A failure of one rule on one frame. */
struct FrameMark
{
    uint32_t family{kFamUnknown}; //!< family bit of the rule
    std::string rule;             //!< rule id
    std::string cite;             //!< "RFC 2661 §5.8"
    bool must{true};              //!< MUST / MUST NOT (else SHOULD)
    std::string detail;           //!< the detail item about this frame, if the rule gave one
};

/** The "frame N: ..." item of a rule's detail, or "". */
std::string
DetailFor(const std::string& detail, uint32_t frame)
{
    const std::string key = "frame " + std::to_string(frame) + ":";
    size_t pos = 0;
    while (pos <= detail.size())
    {
        size_t end = detail.find("; ", pos);
        std::string item =
            detail.substr(pos, end == std::string::npos ? std::string::npos : end - pos);
        if (item.compare(0, key.size(), key) == 0)
        {
            size_t b = key.size();
            while (b < item.size() && item[b] == ' ')
            {
                ++b;
            }
            return item.substr(b);
        }
        if (end == std::string::npos)
        {
            break;
        }
        pos = end + 2;
    }
    return "";
}

std::map<uint32_t, std::vector<FrameMark>>
CollectMarks(const CheckReport* report)
{
    std::map<uint32_t, std::vector<FrameMark>> marks;
    if (!report)
    {
        return marks;
    }
    for (const auto& r : report->results)
    {
        if (r.verdict.verdict != Verdict::FAIL)
        {
            continue;
        }
        for (uint32_t f : r.verdict.failingFrames)
        {
            FrameMark m;
            m.family = RuleFamilyOf(r.id);
            m.rule = r.id;
            m.cite = r.Citation();
            m.must = r.level != RuleLevel::SHOULD;
            m.detail = DetailFor(r.verdict.detail, f);
            marks[f].push_back(m);
        }
    }
    return marks;
}

std::string
AvpName(const AvpRecord& a)
{
    std::string n;
    if (!a.typeKnown)
    {
        n = "?";
    }
    else if (a.vendor != 0)
    {
        n = "vendor " + std::to_string(a.vendor) + " type " + std::to_string(a.type);
    }
    else if (const AvpSpec* s = FindAvpSpec(a.type))
    {
        n = s->name;
    }
    else
    {
        n = "type " + std::to_string(a.type);
    }
    return a.hidden ? n + " (hidden)" : n;
}

std::string
HostName(const L2tpRecord& r)
{
    const AvpRecord* a = r.Find(l2tpavp::HOST_NAME);
    if (a && !a->hidden)
    {
        return a->Get("l2tp.avp.host_name");
    }
    return "";
}

std::string
ControlLabel(const L2tpRecord& r)
{
    if (r.IsZlb())
    {
        return "ZLB Nr=" + std::to_string(r.nr);
    }
    std::string s = r.TypeName();
    if (r.hasSequence)
    {
        s += " Ns=" + std::to_string(r.ns) + " Nr=" + std::to_string(r.nr);
    }
    uint64_t rc = 0;
    if ((r.messageType == l2tpmsg::STOPCCN || r.messageType == l2tpmsg::CDN) &&
        r.GetUint(l2tpavp::RESULT_CODE, "l2tp.result_code", rc))
    {
        s += " (result " + std::to_string(rc) + ")";
    }
    return s;
}

std::string
RecordTooltip(const L2tpRecord& r)
{
    std::string t = "frame " + std::to_string(r.frame) + " at " + FormatLadderTime(r.time) + "\n" +
                    r.Src() + " \u2192 " + r.Dst() + "\nTunnel ID " + std::to_string(r.tunnelId) +
                    ", Session ID " + std::to_string(r.sessionId);
    if (r.isControl && !r.avps.empty())
    {
        t += "\nAVPs: ";
        for (size_t i = 0; i < r.avps.size(); ++i)
        {
            t += (i ? ", " : "") + AvpName(r.avps[i]);
        }
    }
    std::string host = HostName(r);
    if (!host.empty())
    {
        t += "\nHost Name: " + Clip(host, 80);
    }
    if (r.malformed)
    {
        t += "\nmalformed";
        for (const auto& e : r.expertErrors)
        {
            t += ": " + Clip(e, 120);
        }
    }
    return t;
}

/** Marks of the given families on the given frames (one frame, or every frame of a run). */
void
ApplyMarks(LadderEvent& e,
           const std::map<uint32_t, std::vector<FrameMark>>& marks,
           const std::vector<uint32_t>& frames,
           uint32_t families)
{
    for (uint32_t f : frames)
    {
        auto it = marks.find(f);
        if (it == marks.end())
        {
            continue;
        }
        for (const auto& m : it->second)
        {
            if (!(m.family & (families | kFamUnknown)))
            {
                continue;
            }
            e.style |= m.must ? ladderstyle::ERROR : ladderstyle::WARNING;
            e.tooltip +=
                std::string("\n") + (m.must ? "FAIL " : "WARN ") + m.rule + " (" + m.cite + ")";
            if (frames.size() > 1)
            {
                e.tooltip += " frame " + std::to_string(f);
            }
            if (!m.detail.empty())
            {
                e.tooltip += ": " + Clip(m.detail, 200);
            }
        }
    }
}

/** Lane of the record's sender: the FlowIndex side, else by address. */
int
SenderLane(const FlowIndex& flows, size_t tunnel, size_t i)
{
    if (flows.senderSide[i] >= 0)
    {
        return flows.senderSide[i];
    }
    const TunnelFlow& t = flows.tunnels[tunnel];
    const L2tpRecord& r = flows.Rec(i);
    if (r.srcIp == t.side[1].ip && r.srcIp != t.side[0].ip)
    {
        return 1;
    }
    return 0;
}

/** "0x1234abcd" style hex of n octets read big-endian from v (at most 4). */
uint32_t
BigEndian(const std::vector<uint8_t>& v, size_t at, size_t n)
{
    uint32_t x = 0;
    for (size_t i = 0; i < n && at + i < v.size(); ++i)
    {
        x = (x << 8) | v[at + i];
    }
    return x;
}

std::string
Ipv4Text(const std::vector<uint8_t>& v, size_t at)
{
    return Fmt("%u.%u.%u.%u", unsigned{v[at]}, unsigned{v[at + 1]}, unsigned{v[at + 2]},
               unsigned{v[at + 3]});
}

/** Short code names: "Conf-Req", "Echo-Rep", "Challenge", "Auth-Req". */
std::string
PppCodeShort(uint16_t protocol, uint8_t code)
{
    if (protocol == pppproto::CHAP)
    {
        return PppCodeName(protocol, code);
    }
    if (protocol == pppproto::PAP)
    {
        static const char* kPap[] = {"", "Auth-Req", "Auth-Ack", "Auth-Nak"};
        return code >= 1 && code <= 3 ? kPap[code] : PppCodeName(protocol, code);
    }
    static const char* kCodes[] = {"",         "Conf-Req", "Conf-Ack", "Conf-Nak",  "Conf-Rej",
                                   "Term-Req", "Term-Ack", "Code-Rej", "Proto-Rej", "Echo-Req",
                                   "Echo-Rep", "Disc-Req", "Ident",    "Time-Rem"};
    if (code >= 1 && code <= 7)
    {
        return kCodes[code];
    }
    if (protocol == pppproto::LCP && code >= 8 && code <= 13)
    {
        return kCodes[code];
    }
    if (protocol == pppproto::CCP && code == 14)
    {
        return "Reset-Req";
    }
    if (protocol == pppproto::CCP && code == 15)
    {
        return "Reset-Ack";
    }
    return PppCodeName(protocol, code);
}

/** LCP Authentication-Protocol option value: "Auth CHAP/MD5", "Auth PAP", ... */
std::string
LcpAuthText(const std::vector<uint8_t>& v, const std::string& bad)
{
    if (v.size() < 2)
    {
        return "Auth" + bad;
    }
    uint16_t proto = static_cast<uint16_t>(BigEndian(v, 0, 2));
    if (proto == pppproto::CHAP && v.size() == 3)
    {
        switch (v[2])
        {
        case 5:
            return "Auth CHAP/MD5";
        case 0x80:
            return "Auth MS-CHAP";
        case 0x81:
            return "Auth MS-CHAPv2";
        default:
            return "Auth CHAP/" + std::to_string(v[2]);
        }
    }
    if (proto == pppproto::PAP)
    {
        return "Auth PAP";
    }
    if (proto == 0xc227)
    {
        return "Auth EAP";
    }
    return Fmt("Auth 0x%04x", proto);
}

/** An LCP option, short; "" if not one we name. */
std::string
LcpOptionText(const PppOption& o, const std::string& bad)
{
    const std::vector<uint8_t>& v = o.value;
    switch (o.type)
    {
    case 1:
        return v.size() == 2 ? "MRU " + std::to_string(BigEndian(v, 0, 2)) : "MRU" + bad;
    case 2:
        return v.size() == 4 ? Fmt("ACCM 0x%08x", BigEndian(v, 0, 4)) : "ACCM" + bad;
    case 3:
        return LcpAuthText(v, bad);
    case 4:
        return "Quality";
    case 5:
        return v.size() == 4 ? Fmt("Magic 0x%08x", BigEndian(v, 0, 4)) : "Magic" + bad;
    case 7:
        return "PFC";
    case 8:
        return "ACFC";
    case 13:
        return "Callback";
    case 17:
        return v.size() == 2 ? "MRRU " + std::to_string(BigEndian(v, 0, 2)) : "MRRU" + bad;
    case 18:
        return "SSN";
    case 19:
        return "ED";
    default:
        return "";
    }
}

/** An IPCP option, short; "" if not one we name. */
std::string
IpcpOptionText(const PppOption& o, const std::string& bad)
{
    const std::vector<uint8_t>& v = o.value;
    const char* name = nullptr;
    switch (o.type)
    {
    case 1:
        return "IP-Addresses";
    case 2:
        return v.size() >= 2 && BigEndian(v, 0, 2) == 0x002d ? "VJ" : "IP-Comp";
    case 3:
        name = "IP";
        break;
    case 129:
        name = "DNS1";
        break;
    case 130:
        name = "NBNS1";
        break;
    case 131:
        name = "DNS2";
        break;
    case 132:
        name = "NBNS2";
        break;
    default:
        return "";
    }
    return v.size() == 4 ? std::string(name) + " " + Ipv4Text(v, 0) : name + bad;
}

/** An IPV6CP option, short; "" if not one we name. */
std::string
Ipv6cpOptionText(const PppOption& o, const std::string& bad)
{
    const std::vector<uint8_t>& v = o.value;
    if (o.type == 1)
    {
        return v.size() == 8 ? Fmt("IfID %04x:%04x:%04x:%04x", BigEndian(v, 0, 2),
                                   BigEndian(v, 2, 2), BigEndian(v, 4, 2), BigEndian(v, 6, 2))
                             : "IfID" + bad;
    }
    return o.type == 2 ? "IPv6-Comp" : "";
}

/** A CCP option, short; "" if not one we name. */
std::string
CcpOptionText(const PppOption& o, const std::string&)
{
    switch (o.type)
    {
    case 17:
        return "Stac";
    case 18:
        return "MPPE";
    case 21:
        return "BSD";
    case 26:
        return "Deflate";
    default:
        return "";
    }
}

/** A BCP option, short; "" if not one we name. */
std::string
BcpOptionText(const PppOption& o, const std::string&)
{
    static const char* kBcp[] = {"",         "Bridge-ID",   "Line-ID",  "MAC-Support",
                                 "Tinygram", "opt 5",       "MAC-Addr", "STP",
                                 "802.1Q",   "Mgmt-Inline", "BCP-Ind"};
    return o.type >= 1 && o.type <= 10 ? kBcp[o.type] : "";
}

/** One configuration option, short: "MRU 1460", "Auth CHAP/MD5", "IP 10.99.0.10", "opt 23". */
std::string
PppOptionText(uint16_t protocol, const PppOption& o)
{
    using Namer = std::string (*)(const PppOption&, const std::string&);
    static const std::pair<uint16_t, Namer> kNamers[] = {
        {pppproto::LCP, &LcpOptionText},       {pppproto::IPCP, &IpcpOptionText},
        {pppproto::IPV6CP, &Ipv6cpOptionText}, {pppproto::CCP, &CcpOptionText},
        {pppproto::BCP, &BcpOptionText},
    };
    const std::string bad = " len=" + std::to_string(o.length);
    for (const auto& n : kNamers)
    {
        if (n.first == protocol)
        {
            std::string text = n.second(o, bad);
            if (!text.empty())
            {
                return text;
            }
            break;
        }
    }
    return "opt " + std::to_string(o.type);
}

/** The printable part of a name (control characters become '?'; escaping happens when drawn). */
std::string
Printable(const std::string& s, size_t n)
{
    std::string o;
    for (char c : s)
    {
        o += (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) ? '?' : c;
    }
    return Clip(o, n);
}

/** PAP Authenticate-Request Peer-ID ("" if absent or malformed). The password is never read. */
std::string
PapPeerId(const PppRecord& p)
{
    std::vector<uint8_t> d = p.Data();
    if (d.empty() || 1u + d[0] > d.size())
    {
        return "";
    }
    return std::string(d.begin() + 1, d.begin() + 1 + d[0]);
}

std::string
PppTooltip(const PppRecord& p, const L2tpRecord* carrier)
{
    std::string t = "frame " + std::to_string(p.frame) + " at " + FormatLadderTime(p.time) + "\n" +
                    p.Src() + " \u2192 " + p.Dst();
    if (carrier)
    {
        t += "\nL2TP data, Tunnel ID " + std::to_string(carrier->tunnelId) + ", Session ID " +
             std::to_string(carrier->sessionId);
    }
    t += "\n" + PppProtocolLabel(p.protocol) + Fmt(" (0x%04x)", p.protocol);
    if (p.hasHeader)
    {
        t += " " + PppCodeName(p.protocol, p.code) + ", Identifier " +
             std::to_string(p.identifier) + ", Length " + std::to_string(p.length);
    }
    if (p.hasOptions)
    {
        t += "\nOptions:";
        if (p.options.empty())
        {
            t += " none";
        }
        for (size_t i = 0; i < p.options.size(); ++i)
        {
            t += (i ? ", " : " ") + PppOptionText(p.protocol, p.options[i]);
        }
        if (!p.optionsWellFormed)
        {
            t += " (option walk does not end at Length)";
        }
    }
    if (p.hasMagic)
    {
        t += Fmt("\nMagic-Number 0x%08x", p.magic);
    }
    if (p.hasRejectedProtocol)
    {
        t += "\nRejected protocol " + PppProtocolLabel(p.rejectedProtocol) +
             Fmt(" (0x%04x)", p.rejectedProtocol);
    }
    if (p.hasChapValue)
    {
        t += "\nValue-Size " + std::to_string(p.chapValueSize);
    }
    if (!p.ChapName().empty())
    {
        t += "\nName: " + Printable(p.ChapName(), 80);
    }
    if (p.malformed)
    {
        t += "\nmalformed";
        for (const auto& e : p.expertErrors)
        {
            t += ": " + Clip(e, 120);
        }
    }
    return t;
}

/** Short ISAKMP payload names; a nonce is "Ni" from the exchange's initiator, else "Nr". */
std::string
IkePayloadName(uint8_t type, bool fromInitiator)
{
    switch (type)
    {
    case 1:
        return "SA";
    case 2:
        return "P";
    case 3:
        return "T";
    case isakmp::PAYLOAD_KE:
        return "KE";
    case isakmp::PAYLOAD_ID:
        return "ID";
    case 6:
        return "CERT";
    case 7:
        return "CR";
    case isakmp::PAYLOAD_HASH:
        return "HASH";
    case isakmp::PAYLOAD_SIG:
        return "SIG";
    case isakmp::PAYLOAD_NONCE:
        return fromInitiator ? "Ni" : "Nr";
    case isakmp::PAYLOAD_NOTIFY:
        return "Notify";
    case isakmp::PAYLOAD_DELETE:
        return "Delete";
    case isakmp::PAYLOAD_VID:
        return "VID";
    case 14:
        return "Attr";
    case isakmp::PAYLOAD_NAT_D:
    case isakmp::PAYLOAD_NAT_D_DRAFT:
        return "NAT-D";
    case isakmp::PAYLOAD_NAT_OA:
    case 131:
        return "NAT-OA";
    default:
        return "P" + std::to_string(type);
    }
}

/** "KE Ni NAT-D×2": runs of the same name counted; names in `skip` left out. */
std::string
IkePayloadList(const IkeRecord& r, bool fromInitiator, const std::set<std::string>& skip)
{
    std::vector<std::pair<std::string, int>> runs;
    for (const auto& p : r.payloads)
    {
        std::string n = IkePayloadName(p.type, fromInitiator);
        if (skip.count(n))
        {
            continue;
        }
        if (!runs.empty() && runs.back().first == n)
        {
            ++runs.back().second;
        }
        else
        {
            runs.emplace_back(n, 1);
        }
    }
    std::string s;
    for (const auto& r2 : runs)
    {
        s += (s.empty() ? "" : " ") + r2.first +
             (r2.second > 1 ? "\u00d7" + std::to_string(r2.second) : "");
    }
    return s;
}

std::string
IkeTooltip(const IkeRecord& r)
{
    std::string t = "frame " + std::to_string(r.frame) + " at " + FormatLadderTime(r.time) + "\n" +
                    r.Src() + " \u2192 " + r.Dst() + (r.nonEspMarker ? " (non-ESP marker)" : "") +
                    "\n" + r.ExchangeName() + Fmt(", Message ID 0x%08x", r.messageId) +
                    ", Length " + std::to_string(r.length) + ", IKE v" +
                    std::to_string(r.majorVersion);
    std::string flags;
    flags += (r.flags & 0x01) ? " E" : "";
    flags += (r.flags & 0x02) ? " C" : "";
    flags += (r.flags & 0x04) ? " A" : "";
    if (!flags.empty())
    {
        t += ", flags" + flags;
    }
    t += "\nCKY-I " + r.initiatorCookie + "\nCKY-R " + r.responderCookie;
    if (r.payloadsVisible)
    {
        t += std::string("\nPayloads") + (r.decrypted ? " (decrypted)" : "") + ": ";
        if (r.payloads.empty())
        {
            t += "none";
        }
        t += IkePayloadList(r, true, {});
    }
    else
    {
        t += "\nEncrypted payloads (no keys to decrypt them)";
    }
    if (r.hashAlgorithm >= 0)
    {
        t += "\nSA hash algorithm " + std::to_string(r.hashAlgorithm);
    }
    if (r.malformed)
    {
        t += "\nmalformed";
    }
    return t;
}

std::string
LaneAddress(const std::string& ip)
{
    return ip.find(':') != std::string::npos ? "[" + ip + "]" : ip;
}

} // namespace

std::string
FormatLadderTime(TimeNs t)
{
    return Fmt("%.3f s", static_cast<double>(t) / static_cast<double>(kSec));
}

std::string
FormatLadderGap(TimeNs dt)
{
    double s = static_cast<double>(dt) / static_cast<double>(kSec);
    if (s < 120.0)
    {
        return Fmt("%.1f s", s);
    }
    int64_t whole = dt / kSec;
    if (whole < 3600)
    {
        return Fmt("%d min %d s", static_cast<int>(whole / 60), static_cast<int>(whole % 60));
    }
    return Fmt("%d h %d min", static_cast<int>(whole / 3600),
               static_cast<int>((whole % 3600) / 60));
}

std::vector<LadderLane>
L2tpLadderLanes(const RecordSet& records, const FlowIndex& flows, size_t tunnel)
{
    std::vector<LadderLane> lanes(2);
    if (tunnel >= flows.tunnels.size())
    {
        return lanes;
    }
    const TunnelFlow& t = flows.tunnels[tunnel];
    const int lac = LacSide(flows, tunnel);
    for (int k = 0; k < 2; ++k)
    {
        // Port: of the side's first message; else where the other side sent to.
        int port = -1;
        std::string host;
        for (size_t i = 0; i < records.records.size(); ++i)
        {
            if (flows.tunnelOf[i] != static_cast<int>(tunnel))
            {
                continue;
            }
            const L2tpRecord& r = records.records[i];
            if (flows.senderSide[i] == k)
            {
                if (port < 0)
                {
                    port = r.srcPort;
                }
                if (host.empty() && r.isControl)
                {
                    host = HostName(r);
                }
            }
        }
        if (port < 0)
        {
            for (size_t i = 0; i < records.records.size(); ++i)
            {
                if (flows.tunnelOf[i] == static_cast<int>(tunnel) && flows.senderSide[i] == 1 - k)
                {
                    port = records.records[i].dstPort;
                    break;
                }
            }
        }
        const std::string& ip = t.side[k].ip;
        std::string addr = ip.find(':') != std::string::npos ? "[" + ip + "]" : ip;
        lanes[k].label = port < 0 ? addr : addr + ":" + std::to_string(port);
        std::string role = lac < 0 ? "" : (lac == k ? "LAC" : "LNS");
        if (t.side[k].idKnown)
        {
            role +=
                std::string(role.empty() ? "" : " \u00b7 ") + "TID " + std::to_string(t.side[k].id);
        }
        if (!host.empty())
        {
            role += std::string(role.empty() ? "" : " \u00b7 ") + Clip(host, 24);
        }
        lanes[k].sublabel = role;
    }
    return lanes;
}

std::vector<LadderEvent>
L2tpLadder(const RecordSet& records,
           const FlowIndex& flows,
           size_t tunnel,
           const CheckReport* forRedMarks)
{
    std::vector<LadderEvent> events;
    if (tunnel >= flows.tunnels.size())
    {
        return events;
    }
    const auto marks = CollectMarks(forRedMarks);
    const uint32_t families = kFamL2tp | kFamPpp;
    // PPP packets per L2TP data message (by l2tpIndex; else by frame when that is unambiguous).
    std::map<size_t, std::vector<size_t>> pppOf;
    std::map<uint32_t, long> dataByFrame;
    for (size_t i = 0; i < records.records.size(); ++i)
    {
        if (!records.records[i].isControl)
        {
            auto ins = dataByFrame.emplace(records.records[i].frame, static_cast<long>(i));
            if (!ins.second)
            {
                ins.first->second = -1;
            }
        }
    }
    for (size_t k = 0; k < records.ppp.size(); ++k)
    {
        const PppRecord& p = records.ppp[k];
        if (!p.inL2tp)
        {
            continue;
        }
        long idx = p.l2tpIndex;
        if (idx < 0 || static_cast<size_t>(idx) >= records.records.size())
        {
            auto it = dataByFrame.find(p.frame);
            idx = it == dataByFrame.end() ? -1 : it->second;
        }
        if (idx >= 0)
        {
            pppOf[static_cast<size_t>(idx)].push_back(k);
        }
    }

    std::map<uint16_t, uint16_t> sentNs[2]; // per direction: Ns -> message type of first sending
    long openRun[2] = {-1, -1};             // per direction: index into events of an open data run
    std::map<size_t, std::map<std::string, uint32_t>> runProtocols; // run -> payload counts

    for (size_t i = 0; i < records.records.size() && i < flows.tunnelOf.size(); ++i)
    {
        if (flows.tunnelOf[i] != static_cast<int>(tunnel))
        {
            continue;
        }
        const L2tpRecord& r = records.records[i];
        int from = SenderLane(flows, tunnel, i);
        if (!r.isControl)
        {
            const PppRecord* ctl = nullptr;
            std::string payload = "no PPP record";
            auto pit = pppOf.find(i);
            if (pit != pppOf.end())
            {
                for (size_t k : pit->second)
                {
                    const PppRecord& p = records.ppp[k];
                    if (!p.insideMp && IsPppControlPacket(p))
                    {
                        ctl = &p;
                        break;
                    }
                }
                const PppRecord& first = records.ppp[pit->second.front()];
                payload = first.isMpHeader || first.protocol == pppproto::MP
                              ? "MP fragment"
                              : PppProtocolLabel(first.protocol);
            }
            if (ctl)
            {
                openRun[0] = openRun[1] = -1;
                LadderEvent e;
                e.time = e.timeEnd = r.time;
                e.fromLane = from;
                e.toLane = 1 - from;
                e.label = PppLadderLabel(*ctl);
                if (r.malformed && !ctl->malformed)
                {
                    e.label += " [malformed]";
                }
                e.style = ladderstyle::PPP;
                e.frame = e.frameEnd = r.frame;
                e.tooltip = PppTooltip(*ctl, &r);
                ApplyMarks(e, marks, {r.frame}, families);
                events.push_back(e);
                continue;
            }
            if (openRun[from] >= 0)
            {
                LadderEvent& e = events[openRun[from]];
                e.timeEnd = r.time;
                e.frameEnd = r.frame;
                e.frames.push_back(r.frame);
                ++runProtocols[openRun[from]][payload];
                continue;
            }
            LadderEvent e;
            e.time = e.timeEnd = r.time;
            e.fromLane = from;
            e.toLane = 1 - from;
            e.style = ladderstyle::DATA;
            e.frame = e.frameEnd = r.frame;
            e.frames.push_back(r.frame);
            openRun[from] = static_cast<long>(events.size());
            ++runProtocols[events.size()][payload];
            events.push_back(e);
            continue;
        }
        openRun[0] = openRun[1] = -1; // a control message ends data runs
        LadderEvent e;
        e.time = e.timeEnd = r.time;
        e.fromLane = from;
        e.toLane = 1 - from;
        e.label = ControlLabel(r);
        e.frame = e.frameEnd = r.frame;
        e.tooltip = RecordTooltip(r);
        if (r.IsZlb())
        {
            e.style |= ladderstyle::MUTED;
        }
        else if (r.hasSequence)
        {
            auto it = sentNs[from].find(r.ns);
            if (it != sentNs[from].end() && it->second == r.messageType)
            {
                e.style |= ladderstyle::DASHED;
                e.label += " (retransmit)";
                e.tooltip +=
                    "\nretransmission: same Ns " + std::to_string(r.ns) + " and type as before";
            }
            else if (it == sentNs[from].end())
            {
                sentNs[from][r.ns] = r.messageType;
                sentNs[from].erase(static_cast<uint16_t>(r.ns - 0x8000)); // half the space only
            }
        }
        if (r.malformed)
        {
            e.label += " [malformed]";
        }
        ApplyMarks(e, marks, {r.frame}, families);
        events.push_back(e);
    }
    // Labels, tooltips and red marks of data runs, now that the runs are complete.
    for (const auto& run : runProtocols)
    {
        LadderEvent& e = events[run.first];
        const size_t n = e.frames.size();
        e.label = n == 1 ? "PPP data" : "PPP data \u00d7" + std::to_string(n);
        e.tooltip =
            std::to_string(n) + (n == 1 ? " data message, frame " : " data messages, frames ") +
            std::to_string(e.frame) + (n == 1 ? "" : "\u2013" + std::to_string(e.frameEnd)) + "\n" +
            FormatLadderTime(e.time) + (n == 1 ? "" : " \u2013 " + FormatLadderTime(e.timeEnd)) +
            "\npayload:";
        bool firstKind = true;
        for (const auto& kv : run.second)
        {
            e.tooltip += std::string(firstKind ? " " : ", ") + kv.first + " \u00d7" +
                         std::to_string(kv.second);
            firstKind = false;
        }
        ApplyMarks(e, marks, e.frames, families);
    }
    return events;
}

std::string
PppLadderLabel(const PppRecord& p)
{
    std::string s = PppProtocolLabel(p.protocol);
    if (!p.hasHeader)
    {
        return s;
    }
    s += " " + PppCodeShort(p.protocol, p.code) + " id=" + std::to_string(p.identifier);
    if (p.protocol == pppproto::CHAP && p.code == chapcode::RESPONSE && !p.ChapName().empty())
    {
        s += " name=" + Printable(p.ChapName(), 32);
    }
    else if (p.protocol == pppproto::PAP && p.code == 1)
    {
        std::string peer = PapPeerId(p);
        if (!peer.empty())
        {
            s += " peer=" + Printable(peer, 32);
        }
    }
    else if (p.hasOptions && !p.options.empty())
    {
        s += " [";
        for (size_t i = 0; i < p.options.size(); ++i)
        {
            s += (i ? ", " : "") + PppOptionText(p.protocol, p.options[i]);
        }
        s += "]";
    }
    else if (p.protocol == pppproto::LCP && p.code == pppcode::PROTOCOL_REJECT &&
             p.hasRejectedProtocol)
    {
        s += " [" + PppProtocolLabel(p.rejectedProtocol) + "]";
    }
    if (p.malformed)
    {
        s += " [malformed]";
    }
    return s;
}

std::vector<LadderLane>
IkeLadderLanes(const RecordSet& records, const IkeSaFlow& sa)
{
    std::vector<LadderLane> lanes(2);
    for (int k = 0; k < 2; ++k)
    {
        // Ports this side used, in frame order (IKE, ESP-in-UDP, keepalives).
        std::map<uint32_t, uint16_t> byFrame;
        for (size_t i : sa.ike)
        {
            const IkeRecord& r = records.ike[i];
            if (sa.SideOf(r.srcIp) == k)
            {
                byFrame.emplace(r.frame, r.srcPort);
            }
            else
            {
                byFrame.emplace(r.frame, 0); // keep the frame so the receiver's port is known
            }
        }
        for (size_t i : sa.esp)
        {
            const EspRecord& e = records.esp[i];
            if (e.udpEncapsulated && sa.SideOf(e.srcIp) == k)
            {
                byFrame.emplace(e.frame, e.srcPort);
            }
        }
        for (size_t i : sa.natt)
        {
            const NattRecord& n = records.natt[i];
            if (sa.SideOf(n.srcIp) == k)
            {
                byFrame.emplace(n.frame, n.srcPort);
            }
        }
        std::vector<uint16_t> ports;
        for (const auto& kv : byFrame)
        {
            if (kv.second && std::find(ports.begin(), ports.end(), kv.second) == ports.end())
            {
                ports.push_back(kv.second);
            }
        }
        if (ports.empty())
        {
            // A silent side: the ports others sent to.
            for (size_t i : sa.ike)
            {
                const IkeRecord& r = records.ike[i];
                if (sa.SideOf(r.srcIp) != k &&
                    std::find(ports.begin(), ports.end(), r.dstPort) == ports.end())
                {
                    ports.push_back(r.dstPort);
                }
            }
        }
        std::string label = LaneAddress(sa.ip[k]);
        for (size_t p = 0; p < ports.size(); ++p)
        {
            label += (p ? "\u2192" : ":") + std::to_string(ports[p]);
        }
        lanes[k].label = label;
        if (sa.initiatorCookie.empty())
        {
            lanes[k].sublabel = "ESP peer";
        }
        else if (k == 0)
        {
            lanes[k].sublabel = std::string(sa.startSeen ? "initiator" : "side A") +
                                " \u00b7 CKY-I " + sa.initiatorCookie.substr(0, 8) + "\u2026";
        }
        else
        {
            lanes[k].sublabel =
                std::string(sa.startSeen ? "responder" : "side B") +
                (sa.responderCookie.empty()
                     ? std::string()
                     : " \u00b7 CKY-R " + sa.responderCookie.substr(0, 8) + "\u2026");
        }
    }
    return lanes;
}

std::vector<LadderEvent>
IkeLadder(const RecordSet& records, const IkeSaFlow& sa, const CheckReport* forRedMarks)
{
    std::vector<LadderEvent> events;
    const auto marks = CollectMarks(forRedMarks);
    // Frames that carry L2TP (decrypted ESP), for the ESP tooltips.
    std::set<uint32_t> l2tpFrames;
    for (const auto& r : records.records)
    {
        l2tpFrames.insert(r.frame);
    }
    // Everything in frame order: 0 = IKE, 1 = ESP, 2 = other port-4500 datagram.
    std::vector<std::tuple<uint32_t, int, size_t>> order;
    for (size_t i : sa.ike)
    {
        order.emplace_back(records.ike[i].frame, 0, i);
    }
    for (size_t i : sa.esp)
    {
        order.emplace_back(records.esp[i].frame, 1, i);
    }
    for (size_t i : sa.natt)
    {
        order.emplace_back(records.natt[i].frame, 2, i);
    }
    std::sort(order.begin(), order.end());

    // Exchange numbering: per (exchange type, message ID) the side that started it and the last
    // number given, so "MM3" follows "MM2" and a repeat from the same side is a retransmission.
    struct Exchange
    {
        int initiator{0};
        int last{0};
        int lastSide{-1};
    };
    std::map<std::pair<uint8_t, uint32_t>, Exchange> exchanges;
    long openRun[2] = {-1, -1};
    uint32_t runSpi[2] = {0, 0};
    std::map<size_t, std::pair<uint32_t, uint32_t>> runSeq; // run -> first, last sequence number
    std::map<size_t, uint32_t> runL2tp;                     // run -> packets carrying L2TP
    std::map<size_t, bool> runDecrypted;
    std::map<size_t, uint32_t> runSpiOf; // run -> SPI

    for (const auto& item : order)
    {
        const int kind = std::get<1>(item);
        const size_t i = std::get<2>(item);
        if (kind == 1)
        {
            const EspRecord& p = records.esp[i];
            const int from = sa.SideOf(p.srcIp);
            if (openRun[from] >= 0 && runSpi[from] == p.spi)
            {
                LadderEvent& e = events[openRun[from]];
                e.timeEnd = p.time;
                e.frameEnd = p.frame;
                e.frames.push_back(p.frame);
                runSeq[openRun[from]].second = p.sequence;
                runL2tp[openRun[from]] += l2tpFrames.count(p.frame);
                runDecrypted[openRun[from]] = runDecrypted[openRun[from]] || p.decrypted;
                continue;
            }
            LadderEvent e;
            e.time = e.timeEnd = p.time;
            e.fromLane = from;
            e.toLane = 1 - from;
            e.style = ladderstyle::ESP;
            e.frame = e.frameEnd = p.frame;
            e.frames.push_back(p.frame);
            openRun[from] = static_cast<long>(events.size());
            runSpi[from] = p.spi;
            runSeq[events.size()] = {p.sequence, p.sequence};
            runSpiOf[events.size()] = p.spi;
            runL2tp[events.size()] = l2tpFrames.count(p.frame);
            runDecrypted[events.size()] = p.decrypted;
            e.tooltip = p.Src() + " \u2192 " + p.Dst() +
                        (p.udpEncapsulated ? " (ESP in UDP, RFC 3948)" : " (IP protocol 50)");
            events.push_back(e);
            continue;
        }
        openRun[0] = openRun[1] = -1;
        LadderEvent e;
        if (kind == 2)
        {
            const NattRecord& n = records.natt[i];
            e.time = e.timeEnd = n.time;
            e.fromLane = sa.SideOf(n.srcIp);
            e.toLane = 1 - e.fromLane;
            e.frame = e.frameEnd = n.frame;
            e.style = ladderstyle::MUTED;
            if (n.kind == UdpEncapKind::NAT_KEEPALIVE)
            {
                e.label = "NAT-keepalive";
            }
            else
            {
                e.label =
                    "UDP/4500 (" + std::to_string(n.PayloadLength()) + " octets, not ESP/IKE)";
            }
            e.tooltip = "frame " + std::to_string(n.frame) + " at " + FormatLadderTime(n.time) +
                        "\n" + n.Src() + " \u2192 " + n.Dst() + "\nUDP length " +
                        std::to_string(n.udpLength) + Fmt(", checksum 0x%04x", n.udpChecksum);
            ApplyMarks(e, marks, {n.frame}, kFamIpsec);
            events.push_back(e);
            continue;
        }
        const IkeRecord& r = records.ike[i];
        const int from = sa.SideOf(r.srcIp);
        e.time = e.timeEnd = r.time;
        e.fromLane = from;
        e.toLane = 1 - from;
        e.frame = e.frameEnd = r.frame;
        e.tooltip = IkeTooltip(r);
        std::string prefix;
        bool fromInitiator = from == 0;
        bool retransmit = false;
        const bool numbered = r.exchangeType == isakmp::EXCHANGE_IDENTITY_PROTECTION ||
                              r.exchangeType == isakmp::EXCHANGE_AGGRESSIVE ||
                              r.exchangeType == isakmp::EXCHANGE_QUICK_MODE;
        if (numbered)
        {
            auto key = std::make_pair(r.exchangeType, r.messageId);
            auto it = exchanges.find(key);
            if (it == exchanges.end())
            {
                Exchange x;
                // Phase 1 starts at the SA's initiator; a capture that starts later, or a quick
                // mode started by the responder, starts where its first message comes from.
                x.initiator = r.exchangeType == isakmp::EXCHANGE_QUICK_MODE ? from : 0;
                it = exchanges.emplace(key, x).first;
            }
            Exchange& x = it->second;
            fromInitiator = from == x.initiator;
            if (x.lastSide == from)
            {
                retransmit = true;
            }
            else
            {
                // Initiator sends the odd numbers, responder the even ones.
                int next = x.last + 1;
                if ((next % 2 == 1) != fromInitiator)
                {
                    ++next;
                }
                x.last = next;
                x.lastSide = from;
            }
            const char* abbrev = r.exchangeType == isakmp::EXCHANGE_IDENTITY_PROTECTION ? "MM"
                                 : r.exchangeType == isakmp::EXCHANGE_AGGRESSIVE        ? "AM"
                                                                                        : "QM";
            prefix = abbrev + std::to_string(x.last);
        }
        else
        {
            prefix = r.ExchangeName();
        }
        e.label = prefix;
        if (r.Encrypted())
        {
            e.label += " (encrypted)";
        }
        if (r.payloadsVisible)
        {
            std::set<std::string> skip = {"VID"};
            if (r.exchangeType == isakmp::EXCHANGE_INFORMATIONAL)
            {
                skip.insert("HASH");
            }
            std::string list = IkePayloadList(r, fromInitiator, skip);
            if (!list.empty())
            {
                e.label += " " + list;
            }
        }
        if (retransmit)
        {
            e.label += " (retransmit)";
            e.style |= ladderstyle::DASHED;
            e.tooltip += "\nretransmission: second message in a row from this side";
        }
        if (r.malformed)
        {
            e.label += " [malformed]";
        }
        ApplyMarks(e, marks, {r.frame}, kFamIpsec);
        events.push_back(e);
    }
    // ESP run labels, tooltips and marks.
    for (const auto& run : runSeq)
    {
        LadderEvent& e = events[run.first];
        const size_t n = e.frames.size();
        e.label =
            Fmt("ESP SPI 0x%08x seq ", runSpiOf[run.first]) + std::to_string(run.second.first);
        if (n > 1)
        {
            e.label += "\u2013" + std::to_string(run.second.second) + " \u00d7" + std::to_string(n);
        }
        std::string where = e.tooltip;
        e.tooltip = std::to_string(n) + (n == 1 ? " ESP packet, frame " : " ESP packets, frames ") +
                    std::to_string(e.frame) +
                    (n == 1 ? "" : "\u2013" + std::to_string(e.frameEnd)) + "\n" +
                    FormatLadderTime(e.time) +
                    (n == 1 ? "" : " \u2013 " + FormatLadderTime(e.timeEnd)) + "\n" + where;
        if (runDecrypted[run.first])
        {
            uint32_t inner = runL2tp[run.first];
            e.tooltip += "\ndecrypted";
            if (inner)
            {
                e.tooltip += ": " + std::to_string(inner) + " carr" + (inner == 1 ? "ies" : "y") +
                             " L2TP (drawn in the control connection ladder)";
            }
        }
        else
        {
            e.tooltip += "\nencrypted (no keys)";
        }
        ApplyMarks(e, marks, e.frames, kFamIpsec);
    }
    return events;
}

std::string
RenderLadderSvg(const std::string& title,
                const std::vector<LadderLane>& lanes,
                const std::vector<LadderEvent>& events,
                const LadderOptions& opts)
{
    const int nLanes = std::max<int>(1, static_cast<int>(lanes.size()));
    const int width = std::max(opts.width, opts.marginLeft + 240);
    const int boxW = 250;
    const int boxH = 40;
    const int top = 8;
    const int lifeTop = top + boxH;
    auto laneX = [&](int k)
    {
        if (nLanes == 1)
        {
            return (opts.marginLeft + width) / 2;
        }
        int left = opts.marginLeft + boxW / 2 + 6; // the first lane head clears the margin
        int right = width - boxW / 2 - 4;
        return left + k * (right - left) / (nLanes - 1);
    };
    auto clampLane = [&](int k)
    {
        return std::min(std::max(k, 0), nLanes - 1);
    };

    size_t drawn = std::min(events.size(), opts.maxEvents);

    // Vertical positions and idle-gap breaks.
    std::vector<int> ys(drawn);
    struct Break
    {
        int y0;
        int y1;
        TimeNs dt;
    };
    std::vector<Break> breaks;
    int y = lifeTop + opts.rowHeight + 8;
    TimeNs prevEnd = 0;
    for (size_t i = 0; i < drawn; ++i)
    {
        const LadderEvent& e = events[i];
        if (i > 0)
        {
            TimeNs dt = e.time - prevEnd;
            if (dt > opts.gapThreshold)
            {
                int y0 = y + 8;
                y += opts.rowHeight + opts.gapHeight;
                breaks.push_back({y0, y - 18, dt});
            }
            else
            {
                double extra = dt > 0 ? static_cast<double>(dt) / kSec * opts.pxPerSecond : 0.0;
                y += opts.rowHeight + static_cast<int>(extra + 0.5);
            }
        }
        ys[i] = y;
        prevEnd = std::max(prevEnd, std::max(e.time, e.timeEnd));
    }
    const int bottom = (drawn ? y : lifeTop + 10) + 16;
    const int height = bottom + (drawn < events.size() ? 24 : 6);

    std::ostringstream o;
    // No xmlns: the SVG is inline in HTML (the parser puts it in the SVG namespace), and the
    // document must not contain any http(s) reference.
    o << "<svg class=\"ladder\" width=\"" << width << "\" height=\"" << height
      << "\" viewBox=\"0 0 " << width << " " << height << "\" role=\"img\" aria-label=\""
      << HtmlEscape(title)
      << "\" font-family=\"ui-monospace, SFMono-Regular, Menlo, Consolas, 'DejaVu Sans Mono', "
         "monospace\" font-size=\"12\">\n";
    o << "<title>" << HtmlEscape(title) << "</title>\n";

    // Column heads of the margin.
    o << "<text x=\"8\" y=\"" << lifeTop - 4 << "\" fill=\"" << kMuted
      << "\" font-size=\"11\">frame</text>\n";
    o << "<text x=\"" << opts.marginLeft - 14 << "\" y=\"" << lifeTop - 4 << "\" fill=\"" << kMuted
      << "\" font-size=\"11\" text-anchor=\"end\">time</text>\n";

    // Lifelines, interrupted by breaks.
    for (int k = 0; k < nLanes; ++k)
    {
        int x = laneX(k);
        int from = lifeTop;
        for (const auto& b : breaks)
        {
            o << "<line x1=\"" << x << "\" y1=\"" << from << "\" x2=\"" << x << "\" y2=\"" << b.y0
              << "\" stroke=\"" << kGrid << "\" stroke-width=\"2\"/>\n";
            o << "<line x1=\"" << x << "\" y1=\"" << b.y0 << "\" x2=\"" << x << "\" y2=\"" << b.y1
              << "\" stroke=\"" << kGrid << "\" stroke-width=\"2\" stroke-dasharray=\"2 4\"/>\n";
            from = b.y1;
        }
        o << "<line x1=\"" << x << "\" y1=\"" << from << "\" x2=\"" << x << "\" y2=\"" << bottom
          << "\" stroke=\"" << kGrid << "\" stroke-width=\"2\"/>\n";
    }
    // Lane heads.
    for (int k = 0; k < nLanes; ++k)
    {
        int x = laneX(k);
        const LadderLane* lane = k < static_cast<int>(lanes.size()) ? &lanes[k] : nullptr;
        o << "<g class=\"lane\"><title>"
          << HtmlEscape(lane ? lane->label + "\n" + lane->sublabel : "") << "</title><rect x=\""
          << x - boxW / 2 << "\" y=\"" << top << "\" width=\"" << boxW << "\" height=\"" << boxH
          << "\" rx=\"5\" fill=\"#f1f5f9\" stroke=\"#94a3b8\"/>";
        o << "<text x=\"" << x << "\" y=\"" << top + 17
          << "\" text-anchor=\"middle\" font-weight=\"bold\" fill=\"" << kInk << "\">"
          << HtmlEscape(lane ? Clip(lane->label, 30) : "") << "</text>";
        if (lane && !lane->sublabel.empty())
        {
            o << "<text x=\"" << x << "\" y=\"" << top + 33
              << "\" text-anchor=\"middle\" font-size=\"11\" fill=\"#475569\">"
              << HtmlEscape(Clip(lane->sublabel, 33)) << "</text>";
        }
        o << "</g>\n";
    }
    // Breaks.
    for (const auto& b : breaks)
    {
        int mid = (b.y0 + b.y1) / 2;
        int xl = laneX(0);
        int xr = laneX(nLanes - 1);
        o << "<g class=\"gap\"><line x1=\"8\" y1=\"" << b.y0 << "\" x2=\"" << width - 8
          << "\" y2=\"" << b.y0 << "\" stroke=\"" << kGrid
          << "\" stroke-dasharray=\"1 3\"/><line x1=\"8\" y1=\"" << b.y1 << "\" x2=\"" << width - 8
          << "\" y2=\"" << b.y1 << "\" stroke=\"" << kGrid
          << "\" stroke-dasharray=\"1 3\"/><text x=\"" << (nLanes > 1 ? (xl + xr) / 2 : xl)
          << "\" y=\"" << mid + 4
          << "\" text-anchor=\"middle\" font-style=\"italic\" fill=\"#64748b\">"
          << "\u2026 " << HtmlEscape(FormatLadderGap(b.dt)) << " idle \u2026</text></g>\n";
    }
    // Arrows.
    for (size_t i = 0; i < drawn; ++i)
    {
        const LadderEvent& e = events[i];
        const int yy = ys[i];
        const char* color = Color(e.style);
        const int from = clampLane(e.fromLane);
        const int to = clampLane(e.toLane);
        const int x1 = laneX(from);
        const int x2 = laneX(to);
        std::string dash = (e.style & ladderstyle::DASHED) ? " stroke-dasharray=\"7 5\"" : "";
        std::string weight =
            (e.style & (ladderstyle::ERROR | ladderstyle::WARNING)) ? "2.2" : "1.6";
        o << "<g class=\"" << StyleClass(e.style) << "\"";
        if (!opts.idPrefix.empty() && e.frame)
        {
            o << " id=\"" << HtmlEscape(opts.idPrefix) << "f" << e.frame << "\"";
        }
        o << ">";
        std::string tip = e.tooltip.empty() ? e.label : e.label + "\n" + e.tooltip;
        o << "<title>" << HtmlEscape(tip) << "</title>";
        // Hover target: the label and the arrow.
        int hx = std::min(x1, x2) - 4;
        int hw = std::abs(x2 - x1) + 8;
        if (from == to)
        {
            hw = 260;
        }
        o << "<rect x=\"" << hx << "\" y=\"" << yy - 17 << "\" width=\"" << hw
          << "\" height=\"22\" fill=\"#ffffff\" fill-opacity=\"0\"/>";
        // Margin: frame number and time.
        o << "<text x=\"8\" y=\"" << yy + 4 << "\" fill=\"#64748b\">" << HtmlEscape(FrameText(e))
          << "</text>";
        o << "<text x=\"" << opts.marginLeft - 14 << "\" y=\"" << yy + 4
          << "\" text-anchor=\"end\" fill=\"#64748b\">" << HtmlEscape(FormatLadderTime(e.time))
          << "</text>";
        if (from == to)
        {
            int xe = x1 + 28;
            o << "<path d=\"M" << x1 << " " << yy - 6 << " H" << xe << " V" << yy + 4 << " H"
              << x1 + 8 << "\" fill=\"none\" stroke=\"" << color << "\" stroke-width=\"" << weight
              << "\"" << dash << "/>";
            o << "<polygon points=\"" << x1 + 1 << "," << yy + 4 << " " << x1 + 10 << "," << yy + 0
              << " " << x1 + 10 << "," << yy + 8 << "\" fill=\"" << color << "\"/>";
            o << "<text x=\"" << xe + 6 << "\" y=\"" << yy + 3 << "\" fill=\"" << color << "\">"
              << HtmlEscape(Clip(e.label, 60)) << "</text>";
        }
        else
        {
            int dir = x2 > x1 ? 1 : -1;
            int tip2 = x2 - dir * 1;
            int base = tip2 - dir * 10;
            o << "<line x1=\"" << x1 << "\" y1=\"" << yy << "\" x2=\"" << base << "\" y2=\"" << yy
              << "\" stroke=\"" << color << "\" stroke-width=\"" << weight << "\"" << dash << "/>";
            o << "<polygon points=\"" << tip2 << "," << yy << " " << base << "," << yy - 5 << " "
              << base << "," << yy + 5 << "\" fill=\"" << color << "\"/>";
            size_t maxChars = static_cast<size_t>(std::max(8, (std::abs(x2 - x1) - 24) * 10 / 73));
            o << "<text x=\"" << (x1 + x2) / 2 << "\" y=\"" << yy - 5
              << "\" text-anchor=\"middle\" fill=\"" << color << "\""
              << ((e.style & (ladderstyle::ERROR | ladderstyle::WARNING)) ? " font-weight=\"bold\""
                                                                          : "")
              << ">" << HtmlEscape(Clip(e.label, maxChars)) << "</text>";
        }
        o << "</g>\n";
    }
    if (drawn < events.size())
    {
        o << "<text x=\"8\" y=\"" << height - 8
          << "\" fill=\"#64748b\" font-style=\"italic\">\u2026 " << (events.size() - drawn)
          << " more events not drawn</text>\n";
    }
    o << "</svg>\n";
    return o.str();
}

} // namespace ns3
