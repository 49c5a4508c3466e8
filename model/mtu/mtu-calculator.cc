#include "model/mtu/mtu-calculator.h"

#include <cstdio>

namespace ns3
{

namespace
{

/** Adds rows in order; after EnterEsp() they are inside the encrypted part. */
struct LayoutBuilder
{
    std::vector<MtuRow> rows;
    bool inEsp{false};

    void
    Add(const std::string& layer,
        const std::string& field,
        uint32_t bytes,
        const std::string& detail,
        const std::string& refs)
    {
        rows.push_back(
            {layer, field, bytes, detail, refs, inEsp ? MtuPart::ENCRYPTED : MtuPart::OUTER});
    }
};

void
AddIpHeader(LayoutBuilder& b, const std::string& layer, bool ipv6, const std::string& what)
{
    if (ipv6)
    {
        b.Add(layer, what + " IPv6 header", 40, "fixed header, no extension headers",
              "RFC 8200 §3");
    }
    else
    {
        b.Add(layer, what + " IPv4 header", 20, "no options", "RFC 791 §3.1");
    }
}

/** PPP protocol number (as text) of whatever follows `layer` in the spec. */
std::string
CarriedProtocol(const MtuStackSpec& spec, MtuLayer layer)
{
    bool after = false;
    for (MtuLayer l : spec.layers)
    {
        if (after)
        {
            switch (l)
            {
            case MtuLayer::MP:
                return "0x003d (MP)";
            case MtuLayer::MPPE:
                return "0x00fd (compressed/encrypted)";
            case MtuLayer::BCP:
                return "0x0031 (bridged LAN)";
            default:
                break;
            }
        }
        after = after || l == layer;
    }
    return "0x0021 (IPv4; IPv6 0x0057)";
}

void
AddLinkLayer(LayoutBuilder& b, const MtuStackSpec& spec, MtuLayer l)
{
    if (l == MtuLayer::PPPOE)
    {
        b.Add("pppoe", "PPPoE header + PPP protocol", 8,
              "ver/type 1, code 1, session id 2, length 2 + protocol 0x0021 2", "RFC 2516 §4, §7");
        return;
    }
    AddIpHeader(b, "gtpu", spec.gtpuIpv6, "GTP-U path");
    b.Add("gtpu", "UDP header (GTP-U, port 2152)", 8, "ports, length, checksum", "RFC 768");
    b.Add("gtpu", "GTP-U header", spec.gtpuExt ? 12 : 8,
          spec.gtpuExt ? "flags, type, length, TEID 8 + sequence/N-PDU/next-extension 4 (ext)"
                       : "flags, message type, length, TEID (no optional fields)",
          "3GPP TS 29.281 §5.1");
}

void
AddEspHead(LayoutBuilder& b, const MtuStackSpec& spec, bool natt, bool ipv6)
{
    const char* token = natt ? "ipsec-natt" : "ipsec";
    if (natt)
    {
        b.Add(token, "UDP header (NAT-T, port 4500)", 8, "UDP-encapsulated ESP, no non-ESP marker",
              "RFC 3948 §2.1");
    }
    b.Add(token, "ESP header", 8, "SPI 4 + sequence number 4", "RFC 4303 §2");
    if (spec.cipher->ivLength > 0)
    {
        b.Add(token, std::string("ESP IV (") + spec.cipher->name + ")", spec.cipher->ivLength,
              "sent in the clear in front of the ciphertext", spec.cipher->refs);
    }
    b.inEsp = true;
    // Tunnel mode wraps a whole IP packet: with L2TP inside, that packet's header is one more
    // row; with nothing inside, it is the inner packet's own header.
    if (spec.espTunnel && spec.Has(MtuLayer::L2TP))
    {
        AddIpHeader(b, token, ipv6, "tunnel-mode inner");
    }
}

void
AddL2tp(LayoutBuilder& b, const MtuStackSpec& spec)
{
    b.Add("l2tp", "UDP header (L2TP, port 1701)", 8, "ports, length, checksum",
          "RFC 768; RFC 2661 §8.1");
    uint32_t bytes = 6;
    std::string detail = "flags/version 2 + tunnel id 2 + session id 2";
    if (spec.l2tpLength)
    {
        bytes += 2;
        detail += " + length 2 (L)";
    }
    if (spec.l2tpSequence)
    {
        bytes += 4;
        detail += " + Ns 2 + Nr 2 (S)";
    }
    if (spec.l2tpOffset)
    {
        bytes += 2 + spec.l2tpOffsetPad;
        detail += " + offset size 2 + offset pad " + std::to_string(spec.l2tpOffsetPad) + " (O)";
    }
    b.Add("l2tp", "L2TP data header", bytes, detail, "RFC 2661 §3.1");
}

void
AddPpp(LayoutBuilder& b, const MtuStackSpec& spec)
{
    uint32_t proto = spec.pfc ? 1 : 2;
    uint32_t bytes = (spec.acfc ? 0 : 2) + proto;
    std::string detail =
        spec.acfc ? "address/control omitted (acfc)" : "address 0xff, control 0x03: 2";
    detail += "; protocol " + CarriedProtocol(spec, MtuLayer::PPP) + ": " + std::to_string(proto) +
              (spec.pfc ? " (pfc)" : "");
    b.Add("ppp", "PPP header", bytes, detail, "RFC 1662 §3.1; RFC 1661 §2, §6.5, §6.6");
}

void
AddMp(LayoutBuilder& b, const MtuStackSpec& spec)
{
    b.Add("mp", "MP fragment header", spec.mpShort ? 2 : 4,
          spec.mpShort ? "B/E bits + 12-bit sequence (short)" : "B/E bits + 24-bit sequence (long)",
          spec.mpShort ? "RFC 1990 §3, §5.1.2" : "RFC 1990 §3");
    b.Add("mp", "packet's own PPP protocol", spec.pfc ? 1 : 2,
          CarriedProtocol(spec, MtuLayer::MP) + (spec.pfc ? ", compressed (pfc)" : ""),
          "RFC 1990 §3");
}

void
AddTunnelLayer(LayoutBuilder& b, const MtuStackSpec& spec, MtuLayer l)
{
    switch (l)
    {
    case MtuLayer::L2TP:
        AddL2tp(b, spec);
        return;
    case MtuLayer::PPP:
        AddPpp(b, spec);
        return;
    case MtuLayer::MP:
        AddMp(b, spec);
        return;
    case MtuLayer::MPPE:
        b.Add("mppe", "MPPE header", 2, "A/B/C/D bits + 12-bit coherency count", "RFC 3078 §3");
        b.Add("mppe", "packet's own PPP protocol", 2,
              CarriedProtocol(spec, MtuLayer::MPPE) + ", encrypted with the data", "RFC 3078 §3");
        return;
    case MtuLayer::BCP:
        b.Add("bcp", "BCP header", 2, "flags (F/Z/B/P, pads) 1 + MAC type 1", "RFC 3518");
        b.Add("bcp", spec.bcpVlan ? "Ethernet header + 802.1Q tag" : "Ethernet header",
              spec.bcpVlan ? 18 : 14,
              spec.bcpVlan ? "destination 6 + source 6 + tag 4 + type 2"
                           : "destination 6 + source 6 + type 2",
              spec.bcpVlan ? "IEEE 802.3; IEEE 802.1Q" : "IEEE 802.3");
        if (spec.bcpFcs)
        {
            b.Add("bcp", "LAN FCS", 4, "kept on the bridged frame (F flag)",
                  "RFC 3518; IEEE 802.3");
        }
        return;
    default:
        return;
    }
}

std::vector<MtuRow>
BuildLayout(const MtuStackSpec& spec, bool ipv6)
{
    LayoutBuilder b;
    bool ipDone = false;
    for (MtuLayer l : spec.layers)
    {
        const MtuLayerInfo& info = MtuLayerInfoOf(l);
        if (info.rank == 0)
        {
            AddLinkLayer(b, spec, l);
            continue;
        }
        if (!ipDone)
        {
            AddIpHeader(b, "ip", ipv6, "tunnel");
            ipDone = true;
        }
        if (l == MtuLayer::IPSEC || l == MtuLayer::IPSEC_NATT)
        {
            AddEspHead(b, spec, l == MtuLayer::IPSEC_NATT, ipv6);
            continue;
        }
        AddTunnelLayer(b, spec, l);
    }
    return b.rows;
}

uint32_t
RoundUp(uint32_t v, uint32_t align)
{
    return (v + align - 1) / align * align;
}

uint32_t
SumPart(const std::vector<MtuRow>& rows, MtuPart part)
{
    uint32_t s = 0;
    for (const MtuRow& r : rows)
    {
        s += r.part == part ? r.bytes : 0;
    }
    return s;
}

/** Octets of the non-trailer rows after the last row of `layer` (that is, in front of the inner
 * packet but inside that layer's payload). -1 if the layer is absent. */
int32_t
BytesAfter(const std::vector<MtuRow>& rows, const std::string& layer, const std::string& field)
{
    int32_t found = -1;
    int32_t after = 0;
    for (const MtuRow& r : rows)
    {
        if (r.part == MtuPart::TRAILER)
        {
            continue;
        }
        if (found >= 0)
        {
            after += static_cast<int32_t>(r.bytes);
        }
        if (r.layer == layer && (field.empty() || r.field == field))
        {
            found = 0;
            after = 0;
        }
    }
    return found < 0 ? -1 : after;
}

/** Find the largest inner packet; fill the ESP fields. */
void
Solve(MtuResult& r, const MtuStackSpec& spec)
{
    uint32_t outer = SumPart(r.rows, MtuPart::OUTER);
    uint32_t inner = SumPart(r.rows, MtuPart::ENCRYPTED);
    if (!r.esp)
    {
        r.fits = r.underlay > outer;
        r.innerMtu = r.fits ? r.underlay - outer : 0;
        return;
    }
    r.espAlign = spec.cipher->align;
    r.espIcv = spec.cipher->aeadIcv != 0 ? spec.cipher->aeadIcv : spec.integ->icvLength;
    r.espOuter = outer;
    r.espInner = inner;
    if (r.underlay < outer + r.espIcv + r.espAlign)
    {
        return;
    }
    uint32_t avail = r.underlay - outer - r.espIcv;
    uint32_t encrypted = avail / r.espAlign * r.espAlign; // largest multiple that fits
    r.espUnusable = avail - encrypted;
    r.fits = encrypted >= inner + 2 + 1;
    r.innerMtu = r.fits ? encrypted - 2 - inner : 0;
    if (!r.fits)
    {
        return;
    }
    char buf[600];
    std::snprintf(
        buf, sizeof(buf),
        "ESP encrypts inner packet + %u octets of headers + padding + 2 (pad length, "
        "next header) in a multiple of %u (RFC 4303 §2.4): %u - %u in front - %u ICV = %u "
        "octets, rounded down to %u; minus 2 and %u leaves %u with no padding. One octet "
        "more needs %u octets of padding: %u on the wire.",
        inner, r.espAlign, r.underlay, outer, r.espIcv, avail, encrypted, inner, r.innerMtu,
        r.espAlign - 1, MtuWireSize(r, r.innerMtu + 1));
    r.espExplain = buf;
}

void
AddTrailer(MtuResult& r, const MtuStackSpec& spec)
{
    if (!r.esp)
    {
        return;
    }
    std::string token = spec.Has(MtuLayer::IPSEC_NATT) ? "ipsec-natt" : "ipsec";
    uint32_t pad =
        r.fits ? RoundUp(r.espInner + r.innerMtu + 2, r.espAlign) - (r.espInner + r.innerMtu + 2)
               : 0;
    r.rows.push_back({token, "ESP padding", pad,
                      "to a multiple of " + std::to_string(r.espAlign) + " (0 at the limit; 0.." +
                          std::to_string(r.espAlign - 1) +
                          " below it, depends on the inner packet)",
                      "RFC 4303 §2.4", MtuPart::TRAILER});
    r.rows.push_back({token, "ESP pad length + next header", 2, "1 + 1", "RFC 4303 §2.5, §2.6",
                      MtuPart::TRAILER});
    std::string icvName = spec.integ != nullptr ? spec.integ->name : spec.cipher->name;
    std::string icvRefs = spec.integ != nullptr ? spec.integ->refs : spec.cipher->refs;
    r.rows.push_back({token, "ESP ICV (" + icvName + ")", r.espIcv, "integrity check value",
                      icvRefs + "; RFC 4303 §2.8", MtuPart::TRAILER});
    if (r.fits && r.espUnusable > 0)
    {
        r.rows.push_back({token, "unusable (ESP alignment)", r.espUnusable,
                          "link octets no inner packet can fill: the next multiple of " +
                              std::to_string(r.espAlign) + " would not fit",
                          "RFC 4303 §2.4", MtuPart::TRAILER});
    }
}

void
AddMpFigures(MtuResult& r, const MtuStackSpec& spec)
{
    int32_t afterHeader = BytesAfter(r.rows, "mp", "MP fragment header");
    if (afterHeader < 0 || !r.fits)
    {
        return;
    }
    r.mpFragmentData = afterHeader + static_cast<int32_t>(r.innerMtu);
    if (spec.mrru == 0)
    {
        return;
    }
    // RFC 1990 §5.1.1: the MRRU bounds the Information field of the reassembled packet, i.e.
    // what follows its own protocol field.
    int32_t afterProto = BytesAfter(r.rows, "mp", "packet's own PPP protocol");
    uint32_t proto = spec.pfc ? 1 : 2;
    if (static_cast<int64_t>(spec.mrru) <= afterProto)
    {
        r.notes.push_back("mrru=" + std::to_string(spec.mrru) + " leaves no room for a packet");
        return;
    }
    r.mrruInnerMtu = spec.mrru - static_cast<uint32_t>(afterProto);
    uint32_t total = proto + spec.mrru;
    uint32_t per = static_cast<uint32_t>(r.mpFragmentData);
    r.mrruFragments = (total + per - 1) / per;
    r.notes.push_back("with mrru=" + std::to_string(spec.mrru) + " inner packets up to " +
                      std::to_string(r.mrruInnerMtu) + " octets cross in at most " +
                      std::to_string(r.mrruFragments) + " MP fragments of up to " +
                      std::to_string(per) + " octets of packet data each (RFC 1990 §3, §5.1.1)");
}

void
AddNotes(MtuResult& r)
{
    if (!r.fits)
    {
        r.notes.push_back("the headers alone do not fit in " + std::to_string(r.underlay) +
                          " octets");
        return;
    }
    if (r.innerMtu < 68)
    {
        r.notes.push_back("inner MTU below IPv4's minimum of 68 (RFC 791 §3.2)");
    }
    if (r.innerMtu < 1280)
    {
        r.notes.push_back("inner MTU below IPv6's minimum link MTU of 1280 (RFC 8200 §5): IPv6 "
                          "inside needs fragmentation below IP (e.g. MP with an MRRU)");
    }
    if (r.underlayIp == 6 && r.underlay < 1280)
    {
        r.notes.push_back("an IPv6 underlay needs a link MTU of at least 1280 (RFC 8200 §5)");
    }
}

} // namespace

bool
ComputeMtu(uint32_t underlay,
           uint8_t ipVersion,
           const MtuStackSpec& spec,
           MtuResult& out,
           std::string& error)
{
    out = MtuResult{};
    if (underlay < 1 || underlay > 65535)
    {
        error =
            "--underlay must be from 1 to 65535 octets (an IP packet's length field is 16 bits)";
        return false;
    }
    if (ipVersion != 4 && ipVersion != 6)
    {
        error = "--underlay-ip must be 4 or 6";
        return false;
    }
    if (spec.layers.empty())
    {
        error = "empty stack";
        return false;
    }
    out.underlay = underlay;
    out.underlayIp = ipVersion;
    out.stack = spec.text;
    out.rows = BuildLayout(spec, ipVersion == 6);
    out.esp = spec.Has(MtuLayer::IPSEC) || spec.Has(MtuLayer::IPSEC_NATT);
    Solve(out, spec);
    AddTrailer(out, spec);
    out.overhead = out.fits ? underlay - out.innerMtu : underlay;
    out.mssIpv4 = static_cast<int32_t>(out.innerMtu) - 40;
    out.mssIpv6 = static_cast<int32_t>(out.innerMtu) - 60;
    int32_t afterPpp = BytesAfter(out.rows, "ppp", "");
    if (afterPpp >= 0 && out.fits)
    {
        out.pppMru = afterPpp + static_cast<int32_t>(out.innerMtu);
    }
    AddMpFigures(out, spec);
    AddNotes(out);
    return true;
}

uint32_t
MtuWireSize(const MtuResult& r, uint32_t inner)
{
    uint32_t outer = SumPart(r.rows, MtuPart::OUTER);
    if (!r.esp)
    {
        return outer + inner;
    }
    return r.espOuter + RoundUp(r.espInner + inner + 2, r.espAlign) + r.espIcv;
}

std::string
FormatMtuText(const MtuResult& r)
{
    std::string o = "underlay " + std::to_string(r.underlay) + " octets, tunnel over IPv" +
                    std::to_string(r.underlayIp) + ", stack " + r.stack + "\n\n";
    char buf[1024];
    std::snprintf(buf, sizeof(buf), "  %-10s %-34s %5s  %s\n", "layer", "header", "bytes",
                  "detail [RFC]");
    o += buf;
    for (const MtuRow& row : r.rows)
    {
        std::snprintf(buf, sizeof(buf), "  %-10s %-34s %5u  %s [%s]\n", row.layer.c_str(),
                      row.field.c_str(), row.bytes, row.detail.c_str(), row.refs.c_str());
        o += buf;
    }
    std::snprintf(buf, sizeof(buf), "  %-10s %-34s %5u\n\n", "", "overhead", r.overhead);
    o += buf;
    if (!r.fits)
    {
        o += "  does not fit: no inner packet crosses " + std::to_string(r.underlay) +
             " octets unfragmented\n";
    }
    else
    {
        o += "  inner IP MTU   " + std::to_string(r.innerMtu) + "\n";
        o += "  TCP MSS        " + std::to_string(r.mssIpv4) + " (IPv4 inside: MTU - 20 - 20), " +
             std::to_string(r.mssIpv6) + " (IPv6 inside: MTU - 40 - 20)\n";
    }
    if (r.pppMru >= 0)
    {
        o += "  PPP MRU        " + std::to_string(r.pppMru) +
             " (PPP information field at the limit: what max-mtu/max-mru must allow, RFC 1661 "
             "§6.1)\n";
    }
    if (r.mpFragmentData >= 0)
    {
        o += "  MP fragment    " + std::to_string(r.mpFragmentData) +
             " octets of packet data per fragment\n";
    }
    if (!r.espExplain.empty())
    {
        o += "  ESP            " + r.espExplain + "\n";
    }
    for (const std::string& n : r.notes)
    {
        o += "  note: " + n + "\n";
    }
    o += "\n" + RouterOsDefaultsExplanation() + "\n";
    return o;
}

namespace
{

/** Inner MTU of `stack` over 1500/IPv4, or 0. */
MtuResult
Compute1500(const std::string& stack)
{
    MtuStackSpec spec;
    MtuResult r;
    std::string err;
    if (ParseMtuStack(stack, spec, err))
    {
        ComputeMtu(1500, 4, spec, r, err);
    }
    return r;
}

std::string
Num(uint32_t v)
{
    return std::to_string(v);
}

} // namespace

std::string
RouterOsDefaultsExplanation()
{
    MtuResult minimal = Compute1500("l2tp,ppp");
    MtuResult withLen = Compute1500("l2tp:len,ppp");
    MtuResult widest = Compute1500("l2tp:len,seq,ppp,mppe");
    MtuResult natt = Compute1500("ipsec-natt:aes128-sha1,l2tp,ppp");
    MtuResult esp = Compute1500("ipsec:aes128-sha1,l2tp,ppp");
    std::string o = "RouterOS defaults (max-mtu/max-mru), over a 1500-octet IPv4 underlay:\n";
    o += "  1460  l2tp-client default (v2.9, v6, v7 manuals; v2.9: \"MTU of the interface the "
         "tunnel is working over decreased by 40\") = 1500 - 20 IP - 8 UDP - 8 L2TP with the "
         "Length field - 4 PPP: `l2tp:len,ppp` gives " +
         Num(withLen.innerMtu) + "; the minimal header (`l2tp,ppp`) gives " +
         Num(minimal.innerMtu) + ".\n";
    o += "  1450  l2tp-server default (v6, v7 manuals) = " + Num(minimal.innerMtu) + " - " +
         Num(minimal.innerMtu - 1450) +
         ": room for the largest data header without Offset (Length + Ns/Nr, 12 octets) plus "
         "MPPE's 4 (`l2tp:len,seq,ppp,mppe` gives " +
         Num(widest.innerMtu) + "), " + Num(widest.innerMtu - 1450) + " to spare.\n";
    o += "  Neither leaves room for IPsec: with ESP aes128-sha1 the limit is " + Num(esp.innerMtu) +
         " (" + Num(natt.innerMtu) +
         " with NAT-T), so a 1450-octet packet in L2TP/IPsec with NAT-T is " +
         Num(MtuWireSize(natt, 1450)) + " octets on the wire and IP fragments it after ESP.";
    return o;
}

namespace
{

/** Stacks shown in docs/mtu.md (the unit tests check the same numbers by hand). */
struct DocExample
{
    const char* stack;
    uint32_t underlay;
    uint8_t ip;
};

const DocExample kDocExamples[] = {
    {"l2tp,ppp", 1500, 4},
    {"l2tp,ppp,bcp", 1500, 4},
    {"l2tp:len,ppp", 1500, 4},
    {"l2tp:len,seq,ppp", 1500, 4},
    {"l2tp,ppp:acfc,pfc", 1500, 4},
    {"l2tp,ppp", 1500, 6},
    {"l2tp,ppp,mppe", 1500, 4},
    {"l2tp,ppp,mp", 1500, 4},
    {"l2tp,ppp,mp:short", 1500, 4},
    {"l2tp,ppp,bcp:vlan", 1500, 4},
    {"ipsec:aes128-sha1,l2tp,ppp", 1500, 4},
    {"ipsec-natt:aes128-sha1,l2tp,ppp", 1500, 4},
    {"ipsec-natt:aes256-sha256,l2tp,ppp", 1500, 4},
    {"ipsec-natt:aes128gcm,l2tp,ppp", 1500, 4},
    {"ipsec:3des-sha1,l2tp,ppp", 1500, 4},
    {"ipsec:aes128-sha1:tunnel,l2tp,ppp", 1500, 4},
    {"ipsec:aes128-sha1:tunnel", 1500, 4},
    {"pppoe,l2tp,ppp", 1500, 4},
    {"gtpu,l2tp,ppp", 1500, 4},
    {"gtpu,ipsec-natt:aes128-sha1,l2tp,ppp,bcp", 1500, 4},
};

} // namespace

std::string
MtuDocTables()
{
    std::string o = "### Layers (`--stack`, outermost first)\n\n"
                    "| layer | options | bytes | RFC |\n|---|---|---|---|\n";
    o += "| *(implicit)* | `--underlay-ip 4\\|6` | the tunnel's IP header: IPv4 20, IPv6 40, in "
         "front of the first layer after pppoe/gtpu | RFC 791 §3.1; RFC 8200 §3 |\n";
    for (const MtuLayerInfo& l : MtuLayerTable())
    {
        o += "| `" + std::string(l.token) + "` | " + l.options + " | " + l.bytes + " | " + l.refs +
             " |\n";
    }
    o += "\n### ESP transforms (`ipsec:CIPHER-INTEG`)\n\n"
         "| cipher | encrypted part a multiple of | IV | ICV | RFC |\n|---|---|---|---|---|\n";
    for (const EspCipherInfo& c : EspCipherTable())
    {
        o += "| `" + std::string(c.name) + "` | " + Num(c.align) + " | " + Num(c.ivLength) + " | " +
             (c.aeadIcv != 0 ? Num(c.aeadIcv) + " (AEAD)" : std::string("integrity's")) + " | " +
             c.refs + " |\n";
    }
    o += "\n| integrity | ICV | RFC |\n|---|---|---|\n";
    for (const EspIntegInfo& i : EspIntegTable())
    {
        o += "| `" + std::string(i.name) + "` | " + Num(i.icvLength) + " | " + i.refs + " |\n";
    }
    o += "\n### Worked examples\n\n| stack | underlay | inner MTU | overhead | TCP MSS v4 / v6 "
         "|\n|---|---|---|---|---|\n";
    for (const DocExample& e : kDocExamples)
    {
        MtuStackSpec spec;
        MtuResult r;
        std::string err;
        ParseMtuStack(e.stack, spec, err);
        ComputeMtu(e.underlay, e.ip, spec, r, err);
        o += "| `" + std::string(e.stack) + "` | " + Num(e.underlay) + " IPv" + Num(e.ip) + " | " +
             Num(r.innerMtu) + " | " + Num(r.overhead) + " | " + std::to_string(r.mssIpv4) + " / " +
             std::to_string(r.mssIpv6) + " |\n";
    }
    o += "\n### RouterOS's 1460 and 1450\n\n```\n" + RouterOsDefaultsExplanation() + "\n```\n";
    return o;
}

} // namespace ns3
