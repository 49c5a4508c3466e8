#include "reports/html-writer.h"

#include "reports/ladder.h"

#include "conformance/l2tp-flows.h"
#include "conformance/rule-catalog.h"

#include "model/common/file-io.h"

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <set>
#include <sstream>

namespace ns3
{

namespace
{

/** Tunnels drawn per capture at most (a scale scenario may have hundreds). */
constexpr size_t kMaxLadders = 12;
/** Failing frame numbers listed per rule at most. */
constexpr size_t kMaxFrames = 30;

const char* const kCss = R"css(
:root { --ink:#1f2937; --muted:#64748b; --line:#e2e8f0; --pass:#15803d; --fail:#b91c1c;
        --warn:#b45309; --na:#64748b; --bg-soft:#f8fafc; }
* { box-sizing: border-box; }
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", Arial, sans-serif;
       color: var(--ink); margin: 0 auto; padding: 16px 24px 40px; max-width: 1180px;
       font-size: 14px; line-height: 1.45; }
h1 { font-size: 22px; margin: 0 0 4px; }
h2 { font-size: 18px; margin: 28px 0 8px; padding-bottom: 4px;
     border-bottom: 2px solid var(--line); }
h3 { font-size: 15px; margin: 0; display: inline; }
code, .mono { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, "DejaVu Sans Mono",
              monospace;
              font-size: 12.5px; }
a { color: #1d4ed8; }
.banner { display: flex; gap: 20px; align-items: stretch; border: 1px solid var(--line);
          border-radius: 8px; padding: 14px; background: var(--bg-soft); }
.verdict { min-width: 150px; display: flex; align-items: center; justify-content: center;
           border-radius: 6px; color: #fff; font-size: 40px; font-weight: 800; letter-spacing: 2px;
           -webkit-print-color-adjust: exact; print-color-adjust: exact; }
.verdict.pass { background: var(--pass); }
.verdict.fail { background: var(--fail); }
.banner .info { flex: 1; min-width: 0; }
.banner .desc { margin: 2px 0 6px; }
.meta { color: var(--muted); font-size: 13px; }
.meta span + span::before { content: "\00a0\00b7\00a0"; }
.counts { display: flex; flex-wrap: wrap; gap: 8px; margin-top: 8px; }
.count { border: 1px solid var(--line); border-radius: 6px; padding: 4px 10px; background: #fff; }
.count b { font-size: 16px; }
.failed-list { margin-top: 8px; font-size: 13px; }
table { border-collapse: collapse; width: 100%; margin: 6px 0 10px; }
th, td { border: 1px solid var(--line); padding: 4px 7px; text-align: left; vertical-align: top; }
th { background: #f1f5f9; font-weight: 600; font-size: 13px; }
tbody tr:nth-child(even) td { background: #fbfdff; }
tr.row-fail td:first-child { box-shadow: inset 4px 0 0 var(--fail); }
tr.row-warn td:first-child { box-shadow: inset 4px 0 0 var(--warn); }
.badge { display: inline-block; padding: 0 7px; border-radius: 4px; font-size: 12px;
         font-weight: 700; color: #fff; white-space: nowrap;
         -webkit-print-color-adjust: exact; print-color-adjust: exact; }
.badge.pass { background: var(--pass); }
.badge.fail { background: var(--fail); }
.badge.warn { background: var(--warn); }
.badge.na { background: var(--na); }
.req { color: var(--muted); font-size: 12.5px; }
.detail { font-size: 12.5px; overflow-wrap: anywhere; }
.nowrap { white-space: nowrap; }
details { margin: 8px 0; }
details > summary { cursor: pointer; font-weight: 600; }
details.capture { border: 1px solid var(--line); border-radius: 8px; padding: 8px 12px; }
details.capture > summary { font-size: 15px; }
details.sub > summary { font-weight: 500; color: var(--muted); }
.error { border: 1px solid var(--fail); color: var(--fail); border-radius: 6px; padding: 6px 10px; }
.ok-note { color: var(--pass); }
figure { margin: 10px 0 18px; }
figcaption { font-size: 13px; margin-bottom: 4px; }
.ladder-wrap { overflow-x: auto; }
svg.ladder { max-width: 100%; height: auto; display: block; }
svg.ladder g.ev:target rect { fill: #fde68a; fill-opacity: 0.6; }
.legend { font-size: 12.5px; color: var(--muted); display: flex; flex-wrap: wrap; gap: 14px;
          align-items: center; }
.legend svg { vertical-align: middle; }
.cards { display: grid; grid-template-columns: repeat(auto-fill, minmax(260px, 1fr)); gap: 10px; }
.card { border: 1px solid var(--line); border-radius: 6px; padding: 6px 10px; }
.card table { margin: 4px 0 0; }
.card td { border: none; border-top: 1px solid var(--line); padding: 2px 4px; font-size: 12.5px; }
.card td.v { text-align: right; font-variant-numeric: tabular-nums; }
.zero { color: #94a3b8; }
ul.warnings li { font-family: ui-monospace, Menlo, Consolas, monospace; font-size: 12.5px; }
footer { margin-top: 30px; color: var(--muted); font-size: 12px; border-top: 1px solid var(--line);
         padding-top: 6px; }
@media print {
  body { max-width: none; padding: 0; font-size: 11px; }
  a { color: inherit; text-decoration: none; }
  h2, h3, h4, figcaption, summary, .legend { break-after: avoid; page-break-after: avoid; }
  figure, tr, .banner, .legend { break-inside: avoid; page-break-inside: avoid; }
  .ladder-wrap { overflow: visible; }
  details > summary { list-style: none; }
}
)css";

/** Opens collapsed sections before printing and around a #fragment target (frame links). */
const char* const kScript = R"js(
(function () {
  function openAll() {
    document.querySelectorAll('details').forEach(function (d) { d.open = true; });
  }
  function openTo() {
    var id = location.hash ? decodeURIComponent(location.hash.slice(1)) : '';
    var e = id ? document.getElementById(id) : null;
    for (; e; e = e.parentElement) { if (e.tagName === 'DETAILS') { e.open = true; } }
  }
  window.addEventListener('beforeprint', openAll);
  window.addEventListener('hashchange', openTo);
  document.addEventListener('DOMContentLoaded', openTo);
})();
)js";

std::string
BaseName(const std::string& path)
{
    size_t slash = path.find_last_of('/');
    return slash == std::string::npos ? path : path.substr(slash + 1);
}

std::string
Fixed(double v, int decimals)
{
    char buf[64];
    std::snprintf(buf, sizeof(buf), "%.*f", decimals, v);
    return buf;
}

std::string
Badge(const std::string& cls, const std::string& text)
{
    return "<span class=\"badge " + cls + "\">" + text + "</span>";
}

/** A relative link target that cannot be a scheme ("javascript:", "http:"); else "". */
std::string
SafeHref(const std::string& path)
{
    if (path.empty() || path.find(':') != std::string::npos || path[0] == '/' ||
        path.compare(0, 2, "//") == 0)
    {
        return "";
    }
    return path;
}

/** Counts over all captures. */
struct Totals
{
    uint64_t rules{0};
    uint64_t passed{0};
    uint64_t failed{0};
    uint64_t warnings{0};
    uint64_t na{0};
    uint64_t inputErrors{0};
    bool allPassed{true};
};

Totals
Sum(const std::vector<CheckReport>& checks)
{
    Totals t;
    for (const auto& c : checks)
    {
        t.rules += c.summary.rules;
        t.passed += c.summary.passed;
        t.failed += c.summary.failed;
        t.warnings += c.summary.warnings;
        t.na += c.summary.notApplicable;
        t.inputErrors += c.ok ? 0 : 1;
        t.allPassed = t.allPassed && c.Passed();
    }
    return t;
}

/** Arrow ids by frame: L2TP/PPP ladders and IKE/ESP ladders apart (a decrypted ESP frame is both).
 */
struct Anchors
{
    std::map<uint32_t, std::string> l2tp;  //!< frame -> element id in an L2TP ladder
    std::map<uint32_t, std::string> ipsec; //!< frame -> element id in an IKE SA ladder
};

/** Ladders drawn for one capture: the SVG section and the frames that have an anchor. */
struct LadderSection
{
    std::string html;
    Anchors anchors;
};

/** True for a rule of the IPsec family (its failing frames link to IKE/ESP arrows first). */
bool
IsIpsecRule(const std::string& id)
{
    static const std::set<std::string> kIds = []()
    {
        std::set<std::string> ids;
        for (const Rule& r : GetIpsecRules())
        {
            ids.insert(r.id);
        }
        return ids;
    }();
    return kIds.count(id) > 0;
}

std::string
LadderLegend(bool l2tp, bool ppp, bool ipsec)
{
    auto sample = [](const char* color, const char* dash, const char* text)
    {
        std::string s = "<span><svg width=\"34\" height=\"10\"><line x1=\"1\" y1=\"5\" x2=\"24\" "
                        "y2=\"5\" stroke=\"";
        s += color;
        s += "\" stroke-width=\"2\"";
        if (*dash)
        {
            s += std::string(" stroke-dasharray=\"") + dash + "\"";
        }
        s += "/><polygon points=\"33,5 24,1 24,9\" fill=\"";
        s += color;
        s += "\"/></svg> ";
        s += text;
        s += "</span>";
        return s;
    };
    std::string s = "<div class=\"legend\">";
    s += sample("#1f2937", "",
                l2tp && ipsec ? "L2TP control / ISAKMP message"
                : ipsec       ? "ISAKMP message"
                              : "control message");
    if (l2tp)
    {
        s += sample("#8a94a3", "",
                    ipsec ? "ZLB acknowledgement / NAT-keepalive" : "ZLB acknowledgement");
    }
    else
    {
        s += sample("#8a94a3", "", "NAT-keepalive");
    }
    if (ppp)
    {
        s += sample("#7c3aed", "", "PPP control (LCP, auth, NCP)");
    }
    if (l2tp)
    {
        s += sample("#2563eb", "", "PPP data (collapsed run)");
    }
    if (ipsec)
    {
        s += sample("#0f766e", "", "ESP (collapsed run)");
    }
    s += sample("#1f2937", "7 5", "retransmission") + sample("#dc2626", "", "fails a MUST rule") +
         sample("#d97706", "", "fails a SHOULD rule") +
         "<span>Hover an arrow for details; frame numbers are Wireshark&#39;s.</span></div>\n";
    return s;
}

/** Register every frame of the drawn events (first registration of a frame wins). */
void
AddAnchors(std::map<uint32_t, std::string>& to,
           const std::vector<LadderEvent>& events,
           const LadderOptions& opts)
{
    for (size_t i = 0; i < events.size() && i < opts.maxEvents; ++i)
    {
        const LadderEvent& e = events[i];
        if (!e.frame)
        {
            continue;
        }
        const std::string id = opts.idPrefix + "f" + std::to_string(e.frame);
        to.emplace(e.frame, id);
        for (uint32_t f : e.frames)
        {
            to.emplace(f, id);
        }
    }
}

/** Smallest frame number of a diagram (UINT32_MAX if none). */
uint32_t
FirstFrame(const std::vector<LadderEvent>& events)
{
    uint32_t first = UINT32_MAX;
    for (const auto& e : events)
    {
        first = e.frame ? std::min(first, e.frame) : first;
    }
    return first;
}

std::string
Plural(size_t n, const std::string& one, const std::string& many)
{
    return std::to_string(n) + " " + (n == 1 ? one : many);
}

/** One drawn diagram: its first frame (diagrams are ordered by it) and its <figure>. */
using Figure = std::pair<uint32_t, std::string>;

/** What the caption of a control connection counts. */
struct TunnelCounts
{
    size_t messages{0};         //!< L2TP messages attributed to it
    size_t pppPackets{0};       //!< PPP control packets those messages carry
    std::vector<uint32_t> spis; //!< SPIs of the ESP packets carrying them, in order of appearance
};

/** The caption counts of control connection t. */
TunnelCounts
CountTunnel(const RecordSet& rs,
            const FlowIndex& flows,
            size_t t,
            const std::map<long, size_t>& pppControl,
            const std::map<uint32_t, const EspRecord*>& espByFrame)
{
    TunnelCounts n;
    for (size_t i = 0; i < flows.tunnelOf.size(); ++i)
    {
        if (flows.tunnelOf[i] != static_cast<int>(t))
        {
            continue;
        }
        ++n.messages;
        auto pc = pppControl.find(static_cast<long>(i));
        n.pppPackets += pc == pppControl.end() ? 0 : pc->second;
        auto esp = espByFrame.find(rs.records[i].frame);
        if (esp != espByFrame.end() &&
            std::find(n.spis.begin(), n.spis.end(), esp->second->spi) == n.spis.end())
        {
            n.spis.push_back(esp->second->spi);
        }
    }
    return n;
}

/** The <figure> of control connection t (its frames get anchors). */
Figure
L2tpFigure(const RecordSet& rs,
           const FlowIndex& flows,
           size_t t,
           const TunnelCounts& n,
           const CheckReport* check,
           const std::string& prefix,
           Anchors& anchors)
{
    const TunnelFlow& tun = flows.tunnels[t];
    std::vector<LadderLane> lanes = L2tpLadderLanes(rs, flows, t);
    std::vector<LadderEvent> events = L2tpLadder(rs, flows, t, check);
    LadderOptions opts;
    opts.idPrefix = prefix;
    AddAnchors(anchors.l2tp, events, opts);
    std::string title = "Control connection " + std::to_string(t + 1) + ": " + lanes[0].label +
                        " \u2194 " + lanes[1].label;
    std::ostringstream f;
    f << "<figure><figcaption><b>" << HtmlEscape(title) << "</b> <span class=\"meta\">"
      << Plural(n.messages, "L2TP message", "L2TP messages") << ", "
      << Plural(tun.sessions.size(), "session", "sessions");
    if (n.pppPackets)
    {
        f << ", " << Plural(n.pppPackets, "PPP control packet", "PPP control packets");
    }
    if (!n.spis.empty())
    {
        f << ", inside ESP (SPI";
        for (size_t k = 0; k < n.spis.size(); ++k)
        {
            char buf[16];
            std::snprintf(buf, sizeof(buf), "0x%08x", n.spis[k]);
            f << (k ? ", " : " ") << buf;
        }
        f << ", decrypted)";
    }
    f << (tun.startSeen ? "" : ", capture starts mid-connection") << "</span></figcaption>\n";
    f << "<div class=\"ladder-wrap\">" << RenderLadderSvg(title, lanes, events, opts)
      << "</div></figure>\n";
    return {FirstFrame(events), f.str()};
}

/** The <figure> of IKE SA s (its frames get anchors). */
Figure
IkeFigure(const RecordSet& rs,
          const IkeSaFlow& sa,
          size_t s,
          const CheckReport* check,
          const std::string& prefix,
          Anchors& anchors)
{
    std::vector<LadderLane> lanes = IkeLadderLanes(rs, sa);
    std::vector<LadderEvent> events = IkeLadder(rs, sa, check);
    LadderOptions opts;
    opts.idPrefix = prefix + "ike" + std::to_string(s + 1) + "-";
    AddAnchors(anchors.ipsec, events, opts);
    size_t keepalives = 0;
    for (size_t i : sa.natt)
    {
        keepalives += rs.natt[i].kind == UdpEncapKind::NAT_KEEPALIVE ? 1 : 0;
    }
    std::ostringstream f;
    std::string title =
        (sa.initiatorCookie.empty() ? "ESP without IKE exchange " + std::to_string(s + 1)
                                    : "IKE SA " + std::to_string(s + 1)) +
        ": " + lanes[0].label + " \u2194 " + lanes[1].label;
    f << "<figure><figcaption><b>" << HtmlEscape(title) << "</b> <span class=\"meta\">";
    if (!sa.initiatorCookie.empty())
    {
        f << "CKY-I <code>" << HtmlEscape(sa.initiatorCookie) << "</code>";
        if (!sa.responderCookie.empty())
        {
            f << ", CKY-R <code>" << HtmlEscape(sa.responderCookie) << "</code>";
        }
        f << ", " << Plural(sa.ike.size(), "ISAKMP message", "ISAKMP messages") << ", ";
    }
    f << Plural(sa.esp.size(), "ESP packet", "ESP packets");
    if (keepalives)
    {
        f << ", " << Plural(keepalives, "NAT-keepalive", "NAT-keepalives");
    }
    if (!sa.initiatorCookie.empty() && !sa.startSeen)
    {
        f << ", capture starts mid-exchange";
    }
    f << "</span></figcaption>\n";
    f << "<div class=\"ladder-wrap\">" << RenderLadderSvg(title, lanes, events, opts)
      << "</div></figure>\n";
    return {FirstFrame(events), f.str()};
}

/** " (N L2TP messages could not be attributed to one)" when there are any, else "". */
std::string
UnattributedSuffix(const RecordSet& rs)
{
    if (rs.records.empty())
    {
        return "";
    }
    return " (" + std::to_string(rs.records.size()) +
           " L2TP messages could not be attributed to one)";
}

/** The note shown above IKE SA ladders when the capture has no L2TP control connection. */
std::string
NoTunnelNote(const RecordSet& rs)
{
    std::string s = "<p class=\"meta\">No L2TP control connection in this capture";
    if (!rs.records.empty())
    {
        s += UnattributedSuffix(rs);
    }
    else if (!rs.esp.empty())
    {
        bool decrypted = false;
        for (const auto& e : rs.esp)
        {
            decrypted = decrypted || e.decrypted;
        }
        s += decrypted ? "" : "; ESP was not decrypted (l2tplab check --keys DIR)";
    }
    return s + ".</p>\n";
}

/** PPP control packets (outside MP) per L2TP message index. */
std::map<long, size_t>
PppControlPerMessage(const RecordSet& rs)
{
    std::map<long, size_t> pppControl;
    for (const auto& p : rs.ppp)
    {
        if (p.inL2tp && !p.insideMp && IsPppControlPacket(p))
        {
            ++pppControl[p.l2tpIndex];
        }
    }
    return pppControl;
}

/** "judged by ..." in a capture's header line: which engine (issue 10). */
std::string
EngineSpan(const CheckReport& check)
{
    if (check.engine == "fast")
    {
        return "<span>judged by the fast engine (libpcap, tshark-faithful decoders)</span>";
    }
    if (check.tsharkVersion.empty())
    {
        return "";
    }
    return "<span>judged by " + HtmlEscape(check.tsharkVersion) +
           (check.crossChecked ? ", cross-checked by the fast engine" : "") + "</span>";
}

/** Why tshark judged instead of the fast engine, the notes, and cross-check differences. */
std::string
EngineNotes(const CheckReport& check)
{
    std::string o;
    if (!check.engineFallback.empty())
    {
        o += "<p class=\"note\">Judged by tshark, not the fast engine: " +
             HtmlEscape(check.engineFallback) + ".</p>\n";
    }
    for (const std::string& n : check.notes)
    {
        o += "<p class=\"note\">" + HtmlEscape(n) + "</p>\n";
    }
    if (check.crossChecked && !check.crossCheckDifferences.empty())
    {
        o += "<p class=\"error\">Cross-check: the engines differ:</p>\n<ul>";
        for (const std::string& d : check.crossCheckDifferences)
        {
            o += "<li>" + HtmlEscape(d) + "</li>";
        }
        o += "</ul>\n";
    }
    return o;
}

/** The notes under the diagrams: what was not drawn. */
std::string
NotDrawnNotes(const FlowIndex& flows, size_t sas)
{
    std::ostringstream notes;
    size_t unattributed = 0;
    for (int t : flows.tunnelOf)
    {
        unattributed += t < 0 ? 1 : 0;
    }
    if (flows.tunnels.size() > kMaxLadders)
    {
        notes << "<p class=\"meta\">" << flows.tunnels.size() - kMaxLadders
              << " more control connections not drawn.</p>\n";
    }
    if (unattributed)
    {
        notes << "<p class=\"meta\">" << unattributed
              << " L2TP messages could not be attributed to a control connection and are not "
                 "drawn.</p>\n";
    }
    if (sas > kMaxLadders)
    {
        notes << "<p class=\"meta\">" << sas - kMaxLadders << " more IKE SAs not drawn.</p>\n";
    }
    return notes.str();
}

LadderSection
RenderLadders(const RecordSet& rs, const CheckReport* check, const std::string& prefix)
{
    LadderSection out;
    FlowIndex flows = BuildFlowIndex(rs.records);
    std::vector<IkeSaFlow> sas = BuildIkeSaFlows(rs);
    if (flows.tunnels.empty() && sas.empty())
    {
        out.html = "<p class=\"meta\">No L2TP control connection and no IKE/ESP exchange in this "
                   "capture" +
                   UnattributedSuffix(rs) + ".</p>\n";
        return out;
    }
    std::map<long, size_t> pppControl = PppControlPerMessage(rs);
    std::ostringstream o;
    o << LadderLegend(!flows.tunnels.empty(), !pppControl.empty(), !sas.empty());
    if (flows.tunnels.empty())
    {
        o << NoTunnelNote(rs);
    }
    // ESP packets by frame, to say which control connections ran inside ESP.
    std::map<uint32_t, const EspRecord*> espByFrame;
    for (const auto& e : rs.esp)
    {
        espByFrame.emplace(e.frame, &e);
    }
    std::vector<Figure> figures;
    for (size_t t = 0; t < flows.tunnels.size() && t < kMaxLadders; ++t)
    {
        TunnelCounts n = CountTunnel(rs, flows, t, pppControl, espByFrame);
        figures.push_back(L2tpFigure(rs, flows, t, n, check, prefix, out.anchors));
    }
    for (size_t s = 0; s < sas.size() && s < kMaxLadders; ++s)
    {
        figures.push_back(IkeFigure(rs, sas[s], s, check, prefix, out.anchors));
    }
    // Diagrams in order of their first frame: an IKE SA before the L2TP it carries.
    std::stable_sort(figures.begin(), figures.end(),
                     [](const Figure& x, const Figure& y)
                     {
                         return x.first < y.first;
                     });
    for (const Figure& fig : figures)
    {
        o << fig.second;
    }
    o << NotDrawnNotes(flows, sas.size());
    out.html = o.str();
    return out;
}

std::string
FrameLinks(const RuleResult& r, const Anchors& anchors)
{
    const std::vector<uint32_t>& frames = r.verdict.failingFrames;
    const bool ipsec = IsIpsecRule(r.id);
    const auto& first = ipsec ? anchors.ipsec : anchors.l2tp;
    const auto& second = ipsec ? anchors.l2tp : anchors.ipsec;
    std::string s;
    for (size_t i = 0; i < frames.size() && i < kMaxFrames; ++i)
    {
        s += i ? ", " : "";
        std::string n = std::to_string(frames[i]);
        const std::string* id = nullptr;
        auto it = first.find(frames[i]);
        if (it != first.end())
        {
            id = &it->second;
        }
        else if ((it = second.find(frames[i])) != second.end())
        {
            id = &it->second;
        }
        if (id)
        {
            s += "<a href=\"#" + HtmlEscape(*id) + "\">" + n + "</a>";
        }
        else
        {
            s += n;
        }
    }
    if (frames.size() > kMaxFrames)
    {
        s += " \u2026 (+" + std::to_string(frames.size() - kMaxFrames) + ")";
    }
    return s;
}

void
RuleRows(std::ostringstream& o, const std::vector<const RuleResult*>& rows, const Anchors& anchors)
{
    o << "<table><thead><tr><th>Rule</th><th>RFC</th><th>Level</th><th>Verdict</th>"
         "<th>Failing frames</th><th>Detail</th></tr></thead><tbody>\n";
    for (const RuleResult* r : rows)
    {
        const Verdict v = r->verdict.verdict;
        bool should = r->level == RuleLevel::SHOULD;
        std::string cls;
        std::string badge;
        if (v == Verdict::FAIL)
        {
            cls = should ? "row-warn" : "row-fail";
            badge = should ? Badge("warn", "WARN") : Badge("fail", "FAIL");
        }
        else if (v == Verdict::PASS)
        {
            badge = Badge("pass", "PASS");
        }
        else if (v == Verdict::CONSEQUENCE)
        {
            badge = Badge("na", "CONSEQUENCE");
        }
        else
        {
            badge = Badge("na", "N/A");
        }
        o << "<tr" << (cls.empty() ? "" : " class=\"" + cls + "\"") << "><td><code>"
          << HtmlEscape(r->id) << "</code><div class=\"req\">" << HtmlEscape(r->requirement)
          << "</div></td><td class=\"nowrap\">" << HtmlEscape(r->Citation())
          << "</td><td class=\"nowrap\">" << HtmlEscape(ToString(r->level)) << "</td><td>" << badge
          << "</td><td class=\"mono\">" << FrameLinks(*r, anchors) << "</td><td class=\"detail\">";
        if (!r->verdict.detail.empty())
        {
            o << HtmlEscape(r->verdict.detail);
        }
        else if (r->verdict.checked)
        {
            o << "<span class=\"req\">" << r->verdict.checked << " item"
              << (r->verdict.checked == 1 ? "" : "s") << " judged</span>";
        }
        o << "</td></tr>\n";
    }
    o << "</tbody></table>\n";
}

std::string
CaptureSection(const CheckReport* check, const RecordSet* rs, size_t index)
{
    const std::string prefix = "c" + std::to_string(index) + "-";
    LadderSection ladders;
    if (rs)
    {
        ladders = RenderLadders(*rs, check, prefix);
    }
    const std::string path = check ? check->pcap : rs->pcap;
    std::ostringstream o;
    o << "<details class=\"capture\" open id=\"capture-" << index << "\"><summary><h3>"
      << HtmlEscape(BaseName(path)) << "</h3> ";
    if (!check)
    {
        o << Badge("na", "NOT CHECKED");
    }
    else if (!check->ok)
    {
        o << Badge("fail", "INPUT ERROR");
    }
    else if (check->Passed())
    {
        o << Badge("pass", "PASS");
    }
    else
    {
        o << Badge("fail", "FAIL");
    }
    if (check && check->ok)
    {
        o << " <span class=\"meta\">" << check->summary.failed << " failed, "
          << check->summary.warnings << " warnings, " << check->summary.passed << " passed, "
          << check->summary.notApplicable << " not applicable</span>";
    }
    o << "</summary>\n";
    o << "<p class=\"meta\"><span><code>" << HtmlEscape(path) << "</code></span>";
    if (check && check->ok)
    {
        o << "<span>" << check->l2tpMessages << " L2TP messages (" << check->controlMessages
          << " control)</span><span>" << check->tunnels << " tunnel"
          << (check->tunnels == 1 ? "" : "s") << "</span><span>" << check->sessions << " session"
          << (check->sessions == 1 ? "" : "s") << "</span>";
        if (rs && (!rs->ppp.empty() || !rs->esp.empty() || !rs->ike.empty()))
        {
            std::string parts;
            const std::pair<size_t, const char*> counts[] = {
                {rs->ppp.size(), " PPP"}, {rs->ike.size(), " ISAKMP"}, {rs->esp.size(), " ESP"}};
            for (const auto& c : counts)
            {
                if (c.first)
                {
                    parts += (parts.empty() ? "" : ", ") + std::to_string(c.first) + c.second;
                }
            }
            o << "<span>" << parts << " packets</span>";
        }
        if (!check->forcedPorts.empty())
        {
            o << "<span>decoded as L2TP on port";
            for (size_t i = 0; i < check->forcedPorts.size(); ++i)
            {
                o << (i ? ", " : " ") << check->forcedPorts[i];
            }
            o << "</span>";
        }
        o << EngineSpan(*check);
    }
    o << "</p>\n";
    if (check)
    {
        o << EngineNotes(*check);
    }
    if (check && !check->ok)
    {
        o << "<p class=\"error\">" << HtmlEscape(check->error) << "</p>\n";
    }
    if (check && !check->unmatchedGlobs.empty())
    {
        o << "<p class=\"error\">Rule globs that selected no rule:";
        for (const auto& g : check->unmatchedGlobs)
        {
            o << " <code>" << HtmlEscape(g) << "</code>";
        }
        o << "</p>\n";
    }
    if (check && check->ok)
    {
        std::vector<const RuleResult*> fails;
        std::vector<const RuleResult*> warns;
        std::vector<const RuleResult*> passes;
        std::vector<const RuleResult*> nas;
        for (const auto& r : check->results)
        {
            if (r.verdict.verdict == Verdict::FAIL)
            {
                (r.level == RuleLevel::SHOULD ? warns : fails).push_back(&r);
            }
            else if (r.verdict.verdict == Verdict::PASS)
            {
                passes.push_back(&r);
            }
            else
            {
                nas.push_back(&r);
            }
        }
        fails.insert(fails.end(), warns.begin(), warns.end());
        if (fails.empty())
        {
            o << "<p class=\"ok-note\">No rule failed.</p>\n";
        }
        else
        {
            RuleRows(o, fails, ladders.anchors);
        }
        if (!passes.empty())
        {
            o << "<details class=\"sub\"><summary>Passed rules (" << passes.size()
              << ")</summary>\n";
            RuleRows(o, passes, ladders.anchors);
            o << "</details>\n";
        }
        if (!nas.empty())
        {
            o << "<details class=\"sub\"><summary>Not applicable (" << nas.size()
              << ")</summary>\n";
            RuleRows(o, nas, ladders.anchors);
            o << "</details>\n";
        }
    }
    if (rs)
    {
        o << "<h4>Ladder diagrams</h4>\n" << ladders.html;
    }
    o << "</details>\n";
    return o.str();
}

/** Pairs each check with its RecordSet (by pcap, else by index) and renders every capture. */
std::string
ConformanceSections(const std::vector<CheckReport>& checks, const std::vector<RecordSet>& ladders)
{
    std::vector<const RecordSet*> pair(checks.size(), nullptr);
    std::vector<bool> used(ladders.size(), false);
    for (size_t c = 0; c < checks.size(); ++c)
    {
        for (size_t l = 0; l < ladders.size(); ++l)
        {
            if (!used[l] && ladders[l].pcap == checks[c].pcap)
            {
                pair[c] = &ladders[l];
                used[l] = true;
                break;
            }
        }
    }
    if (checks.size() == ladders.size())
    {
        for (size_t c = 0; c < checks.size(); ++c)
        {
            if (!pair[c] && !used[c])
            {
                pair[c] = &ladders[c];
                used[c] = true;
            }
        }
    }
    std::ostringstream o;
    size_t index = 0;
    for (size_t c = 0; c < checks.size(); ++c)
    {
        o << CaptureSection(&checks[c], pair[c], index++);
    }
    for (size_t l = 0; l < ladders.size(); ++l)
    {
        if (!used[l])
        {
            o << CaptureSection(nullptr, &ladders[l], index++);
        }
    }
    if (checks.empty() && ladders.empty())
    {
        o << "<p class=\"meta\">No capture was checked.</p>\n";
    }
    return o.str();
}

std::string
Head(const std::string& title)
{
    std::string s = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
                    "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
                    "<meta name=\"generator\" content=\"l2tplab\">\n<title>";
    s += HtmlEscape(title);
    s += "</title>\n<style>";
    s += kCss;
    s += "</style>\n<script>";
    s += kScript;
    s += "</script>\n</head>\n<body>\n";
    return s;
}

std::string
Tail(const std::vector<CheckReport>& checks)
{
    std::set<std::string> versions;
    for (const auto& c : checks)
    {
        if (!c.tsharkVersion.empty())
        {
            versions.insert(c.tsharkVersion);
        }
    }
    std::string s = "<footer>Generated by l2tplab. Conformance records come from the fast "
                    "engine (libpcap and decoders proven against tshark) or from tshark (an "
                    "independent dissector), as each capture says";
    for (const auto& v : versions)
    {
        s += "; " + HtmlEscape(v);
    }
    if (s.back() != '.')
    {
        s += ".";
    }
    s += "</footer>\n</body>\n</html>\n";
    return s;
}

void
ConformanceCounts(std::ostringstream& o, const std::vector<CheckReport>& checks, const Totals& t)
{
    o << "<span class=\"count\"><b>" << checks.size() << "</b> capture"
      << (checks.size() == 1 ? "" : "s") << "</span>";
    o << "<span class=\"count\">rules: <b>" << t.failed << "</b> failed, <b>" << t.warnings
      << "</b> warnings, <b>" << t.passed << "</b> passed, <b>" << t.na
      << "</b> not applicable</span>";
    if (t.inputErrors)
    {
        o << "<span class=\"count\"><b>" << t.inputErrors << "</b> unreadable capture"
          << (t.inputErrors == 1 ? "" : "s") << "</span>";
    }
}

void
FailedCaptureList(std::ostringstream& o, const std::vector<CheckReport>& checks)
{
    bool any = false;
    for (size_t i = 0; i < checks.size(); ++i)
    {
        if (!checks[i].Passed())
        {
            o << (any ? ", " : "<div class=\"failed-list\">Failing captures: ")
              << "<a href=\"#capture-" << i << "\">" << HtmlEscape(BaseName(checks[i].pcap))
              << "</a>";
            any = true;
        }
    }
    if (any)
    {
        o << "</div>";
    }
}

} // namespace

std::string
HtmlEscape(const std::string& s)
{
    std::string o;
    o.reserve(s.size() + s.size() / 8);
    const std::string bad = "\xEF\xBF\xBD"; // U+FFFD
    size_t i = 0;
    while (i < s.size())
    {
        unsigned char c = static_cast<unsigned char>(s[i]);
        if (c < 0x80)
        {
            switch (c)
            {
            case '&':
                o += "&amp;";
                break;
            case '<':
                o += "&lt;";
                break;
            case '>':
                o += "&gt;";
                break;
            case '"':
                o += "&quot;";
                break;
            case '\'':
                o += "&#39;";
                break;
            default:
                if ((c < 0x20 && c != '\n' && c != '\t') || c == 0x7F)
                {
                    o += bad;
                }
                else
                {
                    o += static_cast<char>(c);
                }
            }
            ++i;
            continue;
        }
        // Validate one UTF-8 sequence (no overlongs, no surrogates, <= U+10FFFF).
        size_t n = 0;
        uint32_t cp = 0;
        uint32_t min = 0;
        if ((c & 0xE0) == 0xC0)
        {
            n = 1;
            cp = c & 0x1F;
            min = 0x80;
        }
        else if ((c & 0xF0) == 0xE0)
        {
            n = 2;
            cp = c & 0x0F;
            min = 0x800;
        }
        else if ((c & 0xF8) == 0xF0)
        {
            n = 3;
            cp = c & 0x07;
            min = 0x10000;
        }
        bool ok = n > 0 && i + n < s.size(); // the n continuation bytes are there
        for (size_t k = 1; ok && k <= n; ++k)
        {
            unsigned char cc = static_cast<unsigned char>(s[i + k]);
            if ((cc & 0xC0) != 0x80)
            {
                ok = false;
                break;
            }
            cp = (cp << 6) | (cc & 0x3F);
        }
        if (ok && (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF) ||
                   (cp >= 0x80 && cp < 0xA0)))
        {
            ok = false;
        }
        if (!ok)
        {
            o += bad;
            ++i;
            continue;
        }
        o.append(s, i, n + 1);
        i += n + 1;
    }
    return o;
}

namespace
{

/** \brief A coordinate or label, at most 6 significant digits. */
std::string
SvgNumber(double v)
{
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.6g", v);
    return buf;
}

/** \brief SVG polyline points of `v` against `t` in the plot box. */
std::string
Polyline(const std::vector<double>& t,
         const std::vector<uint64_t>& v,
         double tMax,
         double vMax,
         const char* colour)
{
    constexpr double kX0 = 50, kY0 = 190, kW = 560, kH = 170;
    std::ostringstream o;
    o << "<polyline fill=\"none\" stroke=\"" << colour << "\" stroke-width=\"1.5\" points=\"";
    for (size_t i = 0; i < t.size() && i < v.size(); ++i)
    {
        double x = kX0 + kW * (tMax > 0 ? t[i] / tMax : 0);
        double y = kY0 - kH * (vMax > 0 ? static_cast<double>(v[i]) / vMax : 0);
        o << (i ? " " : "") << SvgNumber(x) << "," << SvgNumber(y);
    }
    o << "\"/>";
    return o.str();
}

} // namespace

std::string
SetupSvg(const SetupSeries& s, double durationS)
{
    uint64_t vMax = 1;
    for (size_t i = 0; i < s.tunnels.size(); ++i)
    {
        vMax = std::max({vMax, s.tunnels[i], i < s.sessions.size() ? s.sessions[i] : 0});
    }
    const double tMax = durationS > 0 ? durationS : (s.t.empty() ? 1 : s.t.back());
    std::ostringstream o;
    o << "<svg class=\"setup\" xmlns=\"http://www.w3.org/2000/svg\" width=\"640\" height=\"230\" "
         "viewBox=\"0 0 640 230\" role=\"img\" aria-label=\"tunnels and sessions up on "
      << HtmlEscape(s.node) << " versus time\">";
    o << "<rect x=\"50\" y=\"20\" width=\"560\" height=\"170\" fill=\"none\" stroke=\"#999\"/>";
    for (int k = 0; k <= 4; ++k) // value grid and labels
    {
        double y = 190 - 170.0 * k / 4;
        o << "<line x1=\"50\" x2=\"610\" y1=\"" << SvgNumber(y) << "\" y2=\"" << SvgNumber(y)
          << "\" stroke=\"#eee\"/><text x=\"45\" y=\"" << SvgNumber(y + 4)
          << "\" font-size=\"10\" text-anchor=\"end\">"
          << static_cast<uint64_t>(static_cast<double>(vMax) * k / 4 + 0.5) << "</text>";
    }
    for (int k = 0; k <= 4; ++k) // time labels
    {
        double x = 50 + 560.0 * k / 4;
        o << "<text x=\"" << SvgNumber(x) << "\" y=\"205\" font-size=\"10\" text-anchor=\"middle\">"
          << SvgNumber(tMax * k / 4) << " s</text>";
    }
    o << Polyline(s.t, s.sessions, tMax, static_cast<double>(vMax), "#d9822b");
    o << Polyline(s.t, s.tunnels, tMax, static_cast<double>(vMax), "#2b6cd9");
    o << "<text x=\"60\" y=\"222\" font-size=\"11\" fill=\"#2b6cd9\">tunnels up</text>"
         "<text x=\"150\" y=\"222\" font-size=\"11\" fill=\"#d9822b\">sessions up</text>"
         "<text x=\"610\" y=\"222\" font-size=\"11\" text-anchor=\"end\">simulated time</text>";
    o << "</svg>";
    return o.str();
}

namespace
{

/** \brief *Setup over time*: one plot per server (section omitted without servers). */
void
SetupSection(std::ostringstream& o, const HtmlRunInfo& run)
{
    if (run.setup.empty())
    {
        return;
    }
    o << "<h2>Setup over time</h2>\n<p class=\"meta\">Tunnels and sessions established on each "
         "L2TP server, sampled through the run (data: report.json <code>setup</code>).</p>\n";
    for (const SetupSeries& s : run.setup)
    {
        o << "<h3>" << HtmlEscape(s.node) << "</h3>\n" << SetupSvg(s, run.durationS) << "\n";
    }
}

/** \brief The traffic table (section omitted when the scenario has no flows). */
void
FlowsSection(std::ostringstream& o, const HtmlRunInfo& run)
{
    if (run.flowRows.empty())
    {
        return;
    }
    o << "<h2>Traffic</h2>\n<table><thead><tr>";
    for (const std::string& h : run.flowHeader)
    {
        o << "<th>" << HtmlEscape(h) << "</th>";
    }
    o << "</tr></thead><tbody>\n";
    for (const auto& row : run.flowRows)
    {
        o << "<tr>";
        for (size_t i = 0; i < row.size(); ++i)
        {
            o << (i == 0 ? "<td><code>" : "<td class=\"mono\">") << HtmlEscape(row[i])
              << (i == 0 ? "</code></td>" : "</td>");
        }
        o << "</tr>\n";
    }
    o << "</tbody></table>\n";
}

} // namespace

std::string
RenderRunHtml(const HtmlRunInfo& run,
              const std::vector<CheckReport>& checks,
              const std::vector<RecordSet>& ladders)
{
    size_t expPassed = 0;
    for (const auto& e : run.expectations)
    {
        expPassed += e.pass ? 1 : 0;
    }
    const size_t expFailed = run.expectations.size() - expPassed;
    const Totals t = Sum(checks);
    const bool pass = expFailed == 0 && t.allPassed;

    std::ostringstream o;
    o << Head("l2tplab \u2014 " + run.title + " \u2014 " + (pass ? "PASS" : "FAIL"));
    o << "<header class=\"banner\"><div class=\"verdict " << (pass ? "pass\">PASS" : "fail\">FAIL")
      << "</div><div class=\"info\"><h1>" << HtmlEscape(run.title) << "</h1>";
    if (!run.description.empty())
    {
        o << "<div class=\"desc\">" << HtmlEscape(run.description) << "</div>";
    }
    o << "<div class=\"meta\">";
    if (!run.file.empty())
    {
        o << "<span>scenario <code>" << HtmlEscape(run.file) << "</code></span>";
    }
    o << "<span>seed " << run.seed << "</span><span>simulated " << Fixed(run.durationS, 3)
      << " s</span></div>";
    o << "<div class=\"counts\"><span class=\"count\">expectations: <b>" << expPassed << "/"
      << run.expectations.size() << "</b> passed";
    if (expFailed)
    {
        o << ", <b>" << expFailed << "</b> failed";
    }
    o << "</span>";
    ConformanceCounts(o, checks, t);
    if (!run.warnings.empty())
    {
        o << "<span class=\"count\"><a href=\"#warnings\"><b>" << run.warnings.size()
          << "</b> warning" << (run.warnings.size() == 1 ? "" : "s") << "</a></span>";
    }
    o << "</div>";
    if (expFailed)
    {
        o << "<div class=\"failed-list\">Failed expectations: ";
        bool first = true;
        for (size_t i = 0; i < run.expectations.size(); ++i)
        {
            if (!run.expectations[i].pass)
            {
                o << (first ? "" : ", ") << "<a href=\"#exp-" << i << "\"><code>"
                  << HtmlEscape(run.expectations[i].id) << "</code></a>";
                first = false;
            }
        }
        o << "</div>";
    }
    FailedCaptureList(o, checks);
    o << "</div></header>\n";

    o << "<h2>Expectations</h2>\n";
    if (run.expectations.empty())
    {
        o << "<p class=\"meta\">The scenario declares no expectation.</p>\n";
    }
    else
    {
        o << "<table><thead><tr><th>Expectation</th><th>Verdict</th><th>Expected</th>"
             "<th>Actual</th><th>RFC refs</th><th>Where</th></tr></thead><tbody>\n";
        for (size_t i = 0; i < run.expectations.size(); ++i)
        {
            const auto& e = run.expectations[i];
            o << "<tr id=\"exp-" << i << "\"" << (e.pass ? "" : " class=\"row-fail\"")
              << "><td><code>" << HtmlEscape(e.id) << "</code></td><td>"
              << (e.pass ? Badge("pass", "PASS") : Badge("fail", "FAIL"))
              << "</td><td class=\"detail\">" << HtmlEscape(e.expected)
              << "</td><td class=\"detail\">" << HtmlEscape(e.actual) << "</td><td>";
            for (size_t k = 0; k < e.refs.size(); ++k)
            {
                o << (k ? "<br>" : "") << "<code>" << HtmlEscape(e.refs[k]) << "</code>";
            }
            o << "</td><td class=\"mono\">" << HtmlEscape(e.where) << "</td></tr>\n";
        }
        o << "</tbody></table>\n";
    }

    o << "<h2>Conformance</h2>\n" << ConformanceSections(checks, ladders);

    FlowsSection(o, run);
    SetupSection(o, run);
    o << "<h2>Counters</h2>\n";
    if (run.nodeCounters.empty())
    {
        o << "<p class=\"meta\">No counters.</p>\n";
    }
    else
    {
        const bool collapse = run.nodeCounters.size() > 12;
        o << "<div class=\"cards\">\n";
        for (const auto& node : run.nodeCounters)
        {
            uint64_t nonzero = 0;
            for (const auto& kv : node.second)
            {
                nonzero += kv.second ? 1 : 0;
            }
            o << "<details class=\"card\"" << (collapse ? "" : " open") << "><summary>"
              << HtmlEscape(node.first) << " <span class=\"meta\">(" << nonzero
              << " non-zero)</span>"
              << "</summary><table><tbody>";
            for (const auto& kv : node.second)
            {
                o << "<tr" << (kv.second ? "" : " class=\"zero\"") << "><td><code>"
                  << HtmlEscape(kv.first) << "</code></td><td class=\"v\">" << kv.second
                  << "</td></tr>";
            }
            o << "</tbody></table></details>\n";
        }
        o << "</div>\n";
    }

    o << "<h2 id=\"warnings\">Warnings</h2>\n";
    if (run.warnings.empty())
    {
        o << "<p class=\"meta\">None.</p>\n";
    }
    else
    {
        o << "<ul class=\"warnings\">\n";
        for (const auto& w : run.warnings)
        {
            o << "<li>" << HtmlEscape(w) << "</li>\n";
        }
        o << "</ul>\n";
    }

    if (!run.pcaps.empty())
    {
        o << "<h2>Captures</h2>\n<ul>\n";
        for (const auto& p : run.pcaps)
        {
            std::string href = SafeHref(p);
            if (href.empty())
            {
                o << "<li><code>" << HtmlEscape(p) << "</code></li>\n";
            }
            else
            {
                o << "<li><a href=\"" << HtmlEscape(href) << "\"><code>" << HtmlEscape(p)
                  << "</code></a></li>\n";
            }
        }
        o << "</ul>\n";
    }
    o << Tail(checks);
    return o.str();
}

std::string
RenderCheckHtml(const std::vector<CheckReport>& checks, const std::vector<RecordSet>& ladders)
{
    const Totals t = Sum(checks);
    const bool pass = t.allPassed;
    std::ostringstream o;
    o << Head(std::string("l2tplab check \u2014 ") + (pass ? "PASS" : "FAIL"));
    o << "<header class=\"banner\"><div class=\"verdict " << (pass ? "pass\">PASS" : "fail\">FAIL")
      << "</div><div class=\"info\"><h1>RFC conformance check</h1><div class=\"meta\">";
    for (const auto& c : checks)
    {
        o << "<span><code>" << HtmlEscape(BaseName(c.pcap)) << "</code></span>";
    }
    o << "</div><div class=\"counts\">";
    ConformanceCounts(o, checks, t);
    o << "</div>";
    FailedCaptureList(o, checks);
    o << "</div></header>\n";
    o << "<h2>Conformance</h2>\n" << ConformanceSections(checks, ladders);
    o << Tail(checks);
    return o.str();
}

bool
WriteHtml(const std::string& path, const std::string& html, std::string& error)
{
    return WriteFile(path, html, error);
}

} // namespace ns3
