#include "reports/ladder.h"

#include "reports/html-writer.h"

#include "conformance/rule-catalog.h"

#include <algorithm>
#include <cstdlib>
#include <cstdio>
#include <map>
#include <set>
#include <sstream>

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

/** A failure of one rule on one frame. */
struct FrameMark
{
    std::string rule;   //!< rule id
    std::string cite;   //!< "RFC 2661 §5.8"
    bool must{true};    //!< MUST / MUST NOT (else SHOULD)
    std::string detail; //!< the detail item about this frame, if the rule gave one
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

void
ApplyMarks(LadderEvent& e,
           const std::map<uint32_t, std::vector<FrameMark>>& marks,
           uint32_t first,
           uint32_t last)
{
    auto it = marks.lower_bound(first);
    for (; it != marks.end() && it->first <= last; ++it)
    {
        for (const auto& m : it->second)
        {
            e.style |= m.must ? ladderstyle::ERROR : ladderstyle::WARNING;
            e.tooltip +=
                std::string("\n") + (m.must ? "FAIL " : "WARN ") + m.rule + " (" + m.cite + ")";
            if (first != last)
            {
                e.tooltip += " frame " + std::to_string(it->first);
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
    // Roles: ICRQ comes from the LAC, OCRQ from the LNS; else the SCCRQ sender is taken as the LAC.
    int lac = -1;
    for (size_t s : t.sessions)
    {
        const SessionFlow& ses = flows.sessions[s];
        if (ses.initiator >= 0 && ses.requestType == l2tpmsg::ICRQ)
        {
            lac = ses.initiator;
            break;
        }
        if (ses.initiator >= 0 && ses.requestType == l2tpmsg::OCRQ)
        {
            lac = 1 - ses.initiator;
            break;
        }
    }
    if (lac < 0 && t.startSeen)
    {
        lac = 0;
    }
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
    std::map<uint16_t, uint16_t> sentNs[2]; // per direction: Ns -> message type of first sending
    long openRun[2] = {-1, -1};             // per direction: index into events of an open data run
    uint32_t runCount[2] = {0, 0};

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
            if (openRun[from] >= 0)
            {
                LadderEvent& e = events[openRun[from]];
                ++runCount[from];
                e.timeEnd = r.time;
                e.frameEnd = r.frame;
                e.label = "DATA (PPP) \u00d7" + std::to_string(runCount[from]);
                continue;
            }
            LadderEvent e;
            e.time = e.timeEnd = r.time;
            e.fromLane = from;
            e.toLane = 1 - from;
            e.label = "DATA (PPP)";
            e.style = ladderstyle::DATA;
            e.frame = e.frameEnd = r.frame;
            openRun[from] = static_cast<long>(events.size());
            runCount[from] = 1;
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
        ApplyMarks(e, marks, r.frame, r.frame);
        events.push_back(e);
    }
    // Tooltips and red marks of data runs, now that the runs are complete.
    for (auto& e : events)
    {
        if (!(e.style & ladderstyle::DATA))
        {
            continue;
        }
        uint32_t n = 1;
        const std::string prefix = "DATA (PPP) \u00d7";
        if (e.label.compare(0, prefix.size(), prefix) == 0)
        {
            n = static_cast<uint32_t>(std::stoul(e.label.substr(prefix.size())));
        }
        e.tooltip =
            std::to_string(n) + (n == 1 ? " data message, frame " : " data messages, frames ") +
            std::to_string(e.frame) + (n == 1 ? "" : "\u2013" + std::to_string(e.frameEnd)) + "\n" +
            FormatLadderTime(e.time) + (n == 1 ? "" : " \u2013 " + FormatLadderTime(e.timeEnd));
        ApplyMarks(e, marks, e.frame, e.frameEnd);
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
            size_t maxChars = static_cast<size_t>(std::max(8, std::abs(x2 - x1) / 7 - 2));
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
