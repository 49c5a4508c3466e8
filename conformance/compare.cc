#include "conformance/compare.h"

#include "conformance/l2tp-flows.h"
#include "conformance/rule-catalog.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdio>
#include <map>
#include <set>
#include <type_traits>
#include <utility>

namespace ns3
{

namespace
{

/** Sequencing Required AVP (RFC 2661 §4.4.6): no value, presence is the information. */
constexpr uint16_t kSequencingRequired = 39;
/** Bearer Capabilities AVP (§4.4.3). */
constexpr uint16_t kBearerCapabilities = 4;
/** Framing Type AVP (§4.4.5). */
constexpr uint16_t kFramingType = 19;
/** Receive Window Size when the AVP is absent (§4.4.3, §5.8). */
constexpr uint64_t kDefaultRws = 4;
/** Above this many LCS cells the middle of two sequences is aligned position by position. */
constexpr size_t kMaxLcsCells = 16u * 1000u * 1000u;

/** A tunnel of FlowIndex (its type taken from the index, so a rename there does not matter here).
 */
using Tunnel = std::decay_t<decltype(std::declval<FlowIndex>().tunnels.front())>;

const char* kRoleName[2] = {"initiator", "responder"};
const char* kDirName[2] = {"initiator -> responder", "responder -> initiator"};

std::string
Secs(TimeNs t)
{
    char b[32];
    std::snprintf(b, sizeof(b), "%.3f s", static_cast<double>(t) / kSec);
    return b;
}

std::string
AvpName(const AvpRecord& a)
{
    if (a.vendor == 0)
    {
        if (const AvpSpec* s = FindAvpSpec(a.type))
        {
            return s->name;
        }
        return "AVP " + std::to_string(a.type);
    }
    return "vendor " + std::to_string(a.vendor) + " AVP " + std::to_string(a.type);
}

/** Short field name: "l2tp.avp.receive_window_size" -> "receive_window_size". */
std::string
ShortField(const std::string& f)
{
    for (const char* p : {"l2tp.avp.", "l2tp."})
    {
        std::string pre = p;
        if (f.rfind(pre, 0) == 0)
        {
            return f.substr(pre.size());
        }
    }
    return f;
}

/**
 * Value of an AVP as text. part: 0 = every value field, 1 = the fields that must match for
 * interop (for Result Code: result and error code, not the error message), 2 = the others.
 */
std::string
AvpValue(const AvpRecord& a, int part)
{
    std::vector<std::pair<std::string, std::string>> vals;
    for (const auto& f : a.fields)
    {
        if (IsAvpTypeItem(f.first.str())) // records made by hand may still carry them
        {
            continue;
        }
        bool informational = a.IsIetf(l2tpavp::RESULT_CODE) && f.first == "l2tp.avp.error_message";
        if ((part == 1 && informational) || (part == 2 && !informational))
        {
            continue;
        }
        vals.push_back(f);
    }
    if (vals.size() == 1)
    {
        return vals[0].second;
    }
    std::string s;
    for (const auto& v : vals)
    {
        s += (s.empty() ? "" : ", ") + ShortField(v.first) + "=" + v.second;
    }
    return s;
}

/** AVPs whose VALUE must agree for interop (docs/compare.md). */
bool
ValueMustMatch(uint16_t vendor, uint16_t type)
{
    if (vendor != 0)
    {
        return false;
    }
    switch (type)
    {
    case l2tpavp::RESULT_CODE:
    case l2tpavp::PROTOCOL_VERSION:
    case l2tpavp::FRAMING_CAPABILITIES:
    case kBearerCapabilities:
    case l2tpavp::RECEIVE_WINDOW_SIZE:
    case kFramingType:
    case kSequencingRequired:
        return true;
    default:
        return false;
    }
}

/** AVPs whose PRESENCE alone changes the peer's behaviour (docs/compare.md). */
bool
PresenceMatters(uint16_t msgType, const AvpRecord& a)
{
    if (a.vendor != 0 || !FindAvpSpec(a.type))
    {
        return a.mandatory; // a peer that does not know it must tear down (§4.1)
    }
    switch (a.type)
    {
    case l2tpavp::RESULT_CODE:
    case l2tpavp::PROTOCOL_VERSION:
    case l2tpavp::FRAMING_CAPABILITIES:
    case l2tpavp::CHALLENGE:
    case l2tpavp::CHALLENGE_RESPONSE:
    case kFramingType:
    case kSequencingRequired:
        return true;
    default:
        break;
    }
    if (const MessageSpec* m = FindMessageSpec(msgType))
    {
        return std::find(m->required.begin(), m->required.end(), a.type) != m->required.end();
    }
    return false;
}

/** New (not retransmitted) non-ZLB control messages of one direction, and its retransmissions. */
struct DirView
{
    std::vector<size_t> msgs;            //!< record indices of new messages
    uint32_t retransmissions{0};         //!< re-sent messages
    std::vector<TimeNs> firstRetransmit; //!< per retransmitted message: original → 1st resend
    std::vector<TimeNs> laterRetransmit; //!< resend → next resend
};

DirView
BuildDirView(const FlowIndex& fi, const TunnelFlow& t, int side)
{
    struct Sent
    {
        uint16_t type;
        TimeNs last;
        uint32_t resends;
    };
    DirView v;
    std::map<uint16_t, Sent> seen;
    bool have = false;
    uint16_t nextNs = 0;
    for (size_t idx : t.control[side])
    {
        const L2tpRecord& r = fi.Rec(idx);
        if (r.IsZlb())
        {
            continue;
        }
        if (r.hasSequence && have && r.ns != nextNs)
        {
            auto it = seen.find(r.ns);
            if (it != seen.end() && it->second.type == r.messageType)
            {
                ++v.retransmissions;
                TimeNs dt = r.time - it->second.last;
                (it->second.resends == 0 ? v.firstRetransmit : v.laterRetransmit).push_back(dt);
                it->second.last = r.time;
                ++it->second.resends;
                continue;
            }
        }
        v.msgs.push_back(idx);
        if (r.hasSequence)
        {
            seen[r.ns] = Sent{r.messageType, r.time, 0};
            nextNs = static_cast<uint16_t>(r.ns + 1);
            have = true;
        }
    }
    return v;
}

/** LCS alignment of two type sequences (common prefix/suffix trimmed first). */
std::vector<std::pair<int, int>>
Align(const std::vector<uint16_t>& a, const std::vector<uint16_t>& b)
{
    std::vector<std::pair<int, int>> out; // (ia or -1, ib or -1)
    size_t pre = 0;
    while (pre < a.size() && pre < b.size() && a[pre] == b[pre])
    {
        ++pre;
    }
    size_t suf = 0;
    while (suf < a.size() - pre && suf < b.size() - pre &&
           a[a.size() - 1 - suf] == b[b.size() - 1 - suf])
    {
        ++suf;
    }
    for (size_t i = 0; i < pre; ++i)
    {
        out.emplace_back(static_cast<int>(i), static_cast<int>(i));
    }
    size_t n = a.size() - pre - suf;
    size_t m = b.size() - pre - suf;
    if (n * m > kMaxLcsCells)
    {
        for (size_t k = 0; k < std::max(n, m); ++k)
        {
            int ia = k < n ? static_cast<int>(pre + k) : -1;
            int ib = k < m ? static_cast<int>(pre + k) : -1;
            if (ia >= 0 && ib >= 0 && a[ia] != b[ib])
            {
                out.emplace_back(ia, -1);
                out.emplace_back(-1, ib);
            }
            else
            {
                out.emplace_back(ia, ib);
            }
        }
    }
    else
    {
        // L[i][j] = LCS length of a[pre+i..pre+n) and b[pre+j..pre+m).
        std::vector<uint32_t> L((n + 1) * (m + 1), 0);
        auto at = [&](size_t i, size_t j) -> uint32_t&
        {
            return L[i * (m + 1) + j];
        };
        for (size_t i = n; i-- > 0;)
        {
            for (size_t j = m; j-- > 0;)
            {
                at(i, j) = a[pre + i] == b[pre + j] ? at(i + 1, j + 1) + 1
                                                    : std::max(at(i + 1, j), at(i, j + 1));
            }
        }
        size_t i = 0;
        size_t j = 0;
        while (i < n || j < m)
        {
            if (i < n && j < m && a[pre + i] == b[pre + j])
            {
                out.emplace_back(static_cast<int>(pre + i), static_cast<int>(pre + j));
                ++i;
                ++j;
            }
            else if (j >= m || (i < n && at(i + 1, j) >= at(i, j + 1)))
            {
                out.emplace_back(static_cast<int>(pre + i), -1);
                ++i;
            }
            else
            {
                out.emplace_back(-1, static_cast<int>(pre + j));
                ++j;
            }
        }
    }
    for (size_t k = 0; k < suf; ++k)
    {
        out.emplace_back(static_cast<int>(a.size() - suf + k),
                         static_cast<int>(b.size() - suf + k));
    }
    return out;
}

TimeNs
Median(std::vector<TimeNs> v)
{
    std::sort(v.begin(), v.end());
    return v.empty() ? 0 : v[v.size() / 2];
}

std::string
Stat(const std::vector<TimeNs>& v)
{
    if (v.empty())
    {
        return "";
    }
    std::string s = Secs(Median(v));
    if (v.size() > 1)
    {
        s += " (median of " + std::to_string(v.size()) + ", max " +
             Secs(*std::max_element(v.begin(), v.end())) + ")";
    }
    return s;
}

/** One capture's side of the comparison. */
struct Capture
{
    const RecordSet* set{nullptr};
    FlowIndex fi;
    std::vector<size_t> order; //!< tunnel indices: SCCRQ seen first (in order), then the others
};

Capture
Index(const RecordSet& rs)
{
    Capture c;
    c.set = &rs;
    FlowIndex storage;
    c.fi = FlowIndexOf(rs, storage); // a copy: Capture is returned by value
    for (int pass = 0; pass < 2; ++pass)
    {
        for (size_t t = 0; t < c.fi.tunnels.size(); ++t)
        {
            const TunnelFlow& tu = c.fi.tunnels[t];
            if (tu.control[0].empty() && tu.control[1].empty())
            {
                continue;
            }
            if (tu.startSeen == (pass == 0))
            {
                c.order.push_back(t);
            }
        }
    }
    return c;
}

std::string
RoleText(const TunnelFlow& t, int side)
{
    std::string s = t.side[side].ip;
    if (t.side[side].idKnown)
    {
        s += " (Tunnel ID " + std::to_string(t.side[side].id) + ")";
    }
    return s;
}

/** Builds the findings of one tunnel pair. */
class PairComparer
{
public:
    PairComparer(const Capture& a,
                 size_t ta,
                 const Capture& b,
                 size_t tb,
                 const CompareOptions& o,
                 TunnelComparison& out)
        : m_a(a)
        , m_b(b)
        , m_ta(a.fi.tunnels[ta])
        , m_tb(b.fi.tunnels[tb])
        , m_opts(o)
        , m_out(out)
    {
    }

    void
    Run()
    {
        DirView va[2] = {BuildDirView(m_a.fi, m_ta, 0), BuildDirView(m_a.fi, m_ta, 1)};
        DirView vb[2] = {BuildDirView(m_b.fi, m_tb, 0), BuildDirView(m_b.fi, m_tb, 1)};
        for (int d = 0; d < 2; ++d)
        {
            m_out.retransmissionsA[d] = va[d].retransmissions;
            m_out.retransmissionsB[d] = vb[d].retransmissions;
        }
        std::vector<std::pair<size_t, size_t>> matched[2];
        for (int d = 0; d < 2; ++d)
        {
            Sequence(d, va[d], vb[d], matched[d]);
        }
        for (int d = 0; d < 2; ++d)
        {
            for (const auto& p : matched[d])
            {
                Avps(d, m_a.fi.Rec(p.first), m_b.fi.Rec(p.second));
            }
        }
        for (int d = 0; d < 2; ++d)
        {
            Timers(d, va, vb);
        }
        for (int d = 0; d < 2; ++d)
        {
            Data(d);
        }
        for (const auto& f : m_out.findings)
        {
            m_out.interop += f.level == DiffLevel::INTEROP ? 1 : 0;
        }
    }

private:
    CompareFinding&
    Add(const std::string& section, DiffLevel level, int dir)
    {
        m_out.findings.emplace_back();
        CompareFinding& f = m_out.findings.back();
        f.section = section;
        f.level = level;
        f.direction = dir;
        return f;
    }

    void
    Sequence(int d,
             const DirView& va,
             const DirView& vb,
             std::vector<std::pair<size_t, size_t>>& matched)
    {
        std::vector<uint16_t> ta;
        std::vector<uint16_t> tb;
        for (size_t i : va.msgs)
        {
            ta.push_back(m_a.fi.Rec(i).messageType);
        }
        for (size_t i : vb.msgs)
        {
            tb.push_back(m_b.fi.Rec(i).messageType);
        }
        for (const auto& p : Align(ta, tb))
        {
            SequenceRow row;
            if (p.first >= 0)
            {
                row.typeA = ta[p.first];
                row.frameA = m_a.fi.Rec(va.msgs[p.first]).frame;
            }
            if (p.second >= 0)
            {
                row.typeB = tb[p.second];
                row.frameB = m_b.fi.Rec(vb.msgs[p.second]).frame;
            }
            row.op = p.first < 0 ? SeqOp::ONLY_B : p.second < 0 ? SeqOp::ONLY_A : SeqOp::MATCH;
            uint16_t only = row.op == SeqOp::ONLY_A ? row.typeA : row.typeB;
            row.level = row.op == SeqOp::MATCH   ? DiffLevel::SAME
                        : only == l2tpmsg::HELLO ? DiffLevel::INFO
                                                 : DiffLevel::INTEROP;
            if (row.op == SeqOp::MATCH)
            {
                matched.emplace_back(va.msgs[p.first], vb.msgs[p.second]);
            }
            m_out.sequence[d].push_back(row);

            CompareFinding& f = Add("sequence", row.level, d);
            f.message = L2tpMessageTypeName(row.op == SeqOp::ONLY_B ? row.typeB : row.typeA);
            f.item = "message";
            f.a = row.op == SeqOp::ONLY_B ? "" : L2tpMessageTypeName(row.typeA);
            f.b = row.op == SeqOp::ONLY_A ? "" : L2tpMessageTypeName(row.typeB);
            f.frameA = row.frameA;
            f.frameB = row.frameB;
            char buf[128];
            std::snprintf(buf, sizeof(buf), "%-10s %-7s %-10s %-7s%s",
                          f.a.empty() ? "-" : f.a.c_str(),
                          row.frameA ? ("#" + std::to_string(row.frameA)).c_str() : "",
                          f.b.empty() ? "-" : f.b.c_str(),
                          row.frameB ? ("#" + std::to_string(row.frameB)).c_str() : "",
                          row.op == SeqOp::ONLY_A   ? "  only in A"
                          : row.op == SeqOp::ONLY_B ? "  only in B"
                                                    : "");
            f.text = buf;
            f.text.erase(f.text.find_last_not_of(' ') + 1);
        }
    }

    void
    Avps(int d, const L2tpRecord& ra, const L2tpRecord& rb)
    {
        AvpDiff(*this, d, ra, rb).Run();
    }

    using AvpKey = std::pair<uint16_t, uint16_t>; //!< (Vendor ID, Attribute Type)
    using AvpsByKey = std::map<AvpKey, std::vector<const AvpRecord*>>;

    /** Known AVPs of a message by (vendor, type), in message order; Message Type aside. */
    static AvpsByKey
    CollectAvps(const L2tpRecord& r)
    {
        AvpsByKey m;
        for (const AvpRecord& x : r.avps)
        {
            if (x.typeKnown && !x.IsIetf(l2tpavp::MESSAGE_TYPE))
            {
                m[AvpKey(x.vendor, x.type)].push_back(&x);
            }
        }
        return m;
    }

    /** The "avps" findings of one matched message pair of direction d. */
    class AvpDiff
    {
    public:
        AvpDiff(PairComparer& pc, int d, const L2tpRecord& ra, const L2tpRecord& rb)
            : m_pc(pc)
            , m_d(d)
            , m_ra(ra)
            , m_rb(rb)
            , m_msg(ra.TypeName())
            , m_where(m_msg + " (A #" + std::to_string(ra.frame) + ", B #" +
                      std::to_string(rb.frame) + ")")
        {
        }

        void
        Run()
        {
            size_t before = m_pc.m_out.findings.size();
            AvpsByKey ma = CollectAvps(m_ra);
            AvpsByKey mb = CollectAvps(m_rb);
            std::set<AvpKey> keys;
            for (const auto& e : ma)
            {
                keys.insert(e.first);
            }
            for (const auto& e : mb)
            {
                keys.insert(e.first);
            }
            for (const AvpKey& k : keys)
            {
                auto ia = ma.find(k);
                auto ib = mb.find(k);
                if (ia == ma.end() || ib == mb.end())
                {
                    bool inA = ia != ma.end();
                    OnlyInOne(*(inA ? ia : ib)->second.front(), inA);
                }
                else
                {
                    Both(k, ia->second, ib->second);
                }
            }
            Summary(before);
        }

    private:
        void
        Add(DiffLevel level,
            const std::string& item,
            const std::string& a,
            const std::string& b,
            const std::string& text)
        {
            CompareFinding& f = m_pc.Add("avps", level, m_d);
            f.message = m_msg;
            f.item = item;
            f.a = a;
            f.b = b;
            f.frameA = m_ra.frame;
            f.frameB = m_rb.frame;
            f.text = m_where + ": " + text;
        }

        /** An AVP present in one message of the pair only. */
        void
        OnlyInOne(const AvpRecord& any, bool inA)
        {
            std::string name = AvpName(any);
            std::string val = any.hidden ? "(hidden)" : AvpValue(any, 0);
            std::string shown = val.empty() ? "present" : val;
            if (any.IsIetf(l2tpavp::RECEIVE_WINDOW_SIZE))
            {
                // Absent means 4 (§5.8): only a different EFFECTIVE window matters.
                uint64_t v = 0;
                const L2tpRecord& r = inA ? m_ra : m_rb;
                bool known =
                    r.GetUint(l2tpavp::RECEIVE_WINDOW_SIZE, "l2tp.avp.receive_window_size", v);
                DiffLevel l = known && v == kDefaultRws ? DiffLevel::INFO : DiffLevel::INTEROP;
                Add(l, name, inA ? shown : "", inA ? "" : shown,
                    name + " " + shown + " in " + (inA ? "A" : "B") + ", absent in " +
                        (inA ? "B" : "A") + " (default 4)");
                return;
            }
            DiffLevel l =
                PresenceMatters(m_ra.messageType, any) ? DiffLevel::INTEROP : DiffLevel::INFO;
            Add(l, name, inA ? shown : "", inA ? "" : shown,
                name + (any.mandatory ? " (M=1)" : " (M=0)") + " only in " + (inA ? "A" : "B") +
                    (val.empty() ? "" : ": " + val));
        }

        /** An AVP present in both messages (xa, xb: its occurrences in A and in B). */
        void
        Both(const AvpKey& k,
             const std::vector<const AvpRecord*>& xa,
             const std::vector<const AvpRecord*>& xb)
        {
            const AvpRecord& x = *xa.front();
            const AvpRecord& y = *xb.front();
            std::string name = AvpName(x);
            bool differs = HeaderDiffs(name, xa.size(), xb.size(), x, y);
            if (x.hidden || y.hidden)
            {
                Add(DiffLevel::INFO, name, x.hidden ? "(hidden)" : AvpValue(x, 0),
                    y.hidden ? "(hidden)" : AvpValue(y, 0), name + " hidden, value not compared");
                return;
            }
            bool must = ValueMustMatch(k.first, k.second);
            bool valuesDiffer = ValueDiffs(name, x, y, must);
            if (!differs && !valuesDiffer && !must)
            {
                std::string v = AvpValue(x, 0);
                Add(DiffLevel::SAME, name, v, v,
                    name + (v.empty() ? " present" : " " + v) + " in both");
            }
        }

        /** Occurrence count, M and H bits. \return true if one differs. */
        bool
        HeaderDiffs(const std::string& name,
                    size_t countA,
                    size_t countB,
                    const AvpRecord& x,
                    const AvpRecord& y)
        {
            bool differs = false;
            if (countA != countB)
            {
                differs = true;
                Add(DiffLevel::INFO, name + " count", std::to_string(countA),
                    std::to_string(countB),
                    name + " appears " + std::to_string(countA) + " times in A, " +
                        std::to_string(countB) + " in B");
            }
            differs = FlagDiff(name, "M", x.mandatory, y.mandatory) || differs;
            differs = FlagDiff(name, "H", x.hidden, y.hidden) || differs;
            return differs;
        }

        /** One header bit ("M" or "H"). \return true if it differs. */
        bool
        FlagDiff(const std::string& name, const char* bit, bool a, bool b)
        {
            if (a == b)
            {
                return false;
            }
            std::string item = name + " " + bit + " bit";
            Add(DiffLevel::INTEROP, item, a ? "1" : "0", b ? "1" : "0",
                item + " " + (a ? "1" : "0") + " in A, " + (b ? "1" : "0") + " in B");
            return true;
        }

        /** The value, part by part (AvpValue parts 1 and 2). \return true if one differs. */
        bool
        ValueDiffs(const std::string& name, const AvpRecord& x, const AvpRecord& y, bool must)
        {
            bool differs = false;
            for (int part = 1; part <= 2; ++part)
            {
                std::string va = AvpValue(x, part);
                std::string vb = AvpValue(y, part);
                bool interopPart = must && part == 1;
                if (va == vb)
                {
                    if (interopPart && !va.empty())
                    {
                        Add(DiffLevel::SAME, name, va, vb, name + " " + va + " in both");
                    }
                    continue;
                }
                differs = true;
                Add(interopPart ? DiffLevel::INTEROP : DiffLevel::INFO, name, va, vb,
                    name + ": A " + (va.empty() ? "(none)" : va) + ", B " +
                        (vb.empty() ? "(none)" : vb));
            }
            return differs;
        }

        /** Without an interop-relevant finding, a per-message summary goes first (item ""). */
        void
        Summary(size_t before)
        {
            std::vector<CompareFinding>& findings = m_pc.m_out.findings;
            for (size_t i = before; i < findings.size(); ++i)
            {
                if (findings[i].level == DiffLevel::INTEROP)
                {
                    return;
                }
            }
            CompareFinding f;
            f.section = "avps";
            f.level = DiffLevel::SAME;
            f.direction = m_d;
            f.message = m_msg;
            f.frameA = m_ra.frame;
            f.frameB = m_rb.frame;
            f.text = m_where + ": no interop-relevant AVP difference (AVPs: A " +
                     std::to_string(m_ra.avps.size()) + ", B " + std::to_string(m_rb.avps.size()) +
                     ")";
            findings.insert(findings.begin() + static_cast<long>(before), f);
        }

        PairComparer& m_pc;
        int m_d;
        const L2tpRecord& m_ra;
        const L2tpRecord& m_rb;
        std::string m_msg;
        std::string m_where;
    };

    /** Delays from each new message of direction d to the first peer message acknowledging it. */
    static void
    AckDelays(const Capture& c,
              const Tunnel& t,
              const DirView& v,
              int d,
              std::vector<TimeNs>& byZlb,
              std::vector<TimeNs>& byPiggyBack)
    {
        for (size_t idx : v.msgs)
        {
            const L2tpRecord& m = c.fi.Rec(idx);
            if (!m.hasSequence)
            {
                continue;
            }
            for (size_t k : t.control[1 - d])
            {
                const L2tpRecord& r = c.fi.Rec(k);
                if (k <= idx || !r.hasSequence)
                {
                    continue;
                }
                if (static_cast<uint16_t>(r.nr - m.ns - 1) < 0x8000)
                {
                    // From the LAST transmission before the ack: retransmissions are counted
                    // separately and must not inflate the ack delay.
                    TimeNs sent = m.time;
                    for (size_t j : t.control[d])
                    {
                        const L2tpRecord& x = c.fi.Rec(j);
                        if (j > idx && j < k && !x.IsZlb() && x.hasSequence && x.ns == m.ns &&
                            x.messageType == m.messageType)
                        {
                            sent = x.time;
                        }
                    }
                    (r.IsZlb() ? byZlb : byPiggyBack).push_back(r.time - sent);
                    break;
                }
            }
        }
    }

    /** Idle time before each HELLO of side d (docs/compare.md: definition). */
    static std::vector<TimeNs>
    HelloIdle(const Capture& c, const TunnelFlow& t, const DirView& own)
    {
        std::vector<TimeNs> out;
        // Every non-ZLB, non-HELLO control message of the tunnel (both directions), in time order.
        std::vector<TimeNs> activity;
        for (int s = 0; s < 2; ++s)
        {
            for (size_t k : t.control[s])
            {
                const L2tpRecord& r = c.fi.Rec(k);
                if (!r.IsZlb() && r.messageType != l2tpmsg::HELLO)
                {
                    activity.push_back(r.time);
                }
            }
        }
        std::sort(activity.begin(), activity.end());
        bool havePrev = false;
        TimeNs prevHello = 0;
        for (size_t idx : own.msgs)
        {
            const L2tpRecord& h = c.fi.Rec(idx);
            if (h.messageType != l2tpmsg::HELLO)
            {
                continue;
            }
            auto it = std::upper_bound(activity.begin(), activity.end(), h.time);
            bool haveAct = it != activity.begin();
            TimeNs ref = haveAct ? *(it - 1) : 0;
            if (havePrev)
            {
                ref = haveAct ? std::max(ref, prevHello) : prevHello;
            }
            if (haveAct || havePrev)
            {
                out.push_back(h.time - ref);
            }
            havePrev = true;
            prevHello = h.time;
        }
        return out;
    }

    DiffLevel
    TimerLevel(TimeNs a, TimeNs b) const
    {
        TimeNs hi = std::max(a, b);
        TimeNs lo = std::min(a, b);
        if (hi - lo > m_opts.timerFloor && static_cast<double>(hi) > m_opts.timerFactor * lo)
        {
            return DiffLevel::INTEROP;
        }
        return hi - lo <= kMs ? DiffLevel::SAME : DiffLevel::INFO;
    }

    void
    Timer(int d,
          const std::string& item,
          const std::vector<TimeNs>& a,
          const std::vector<TimeNs>& b)
    {
        if (a.empty() && b.empty())
        {
            return;
        }
        DiffLevel l = a.empty() || b.empty() ? DiffLevel::INFO : TimerLevel(Median(a), Median(b));
        CompareFinding& f = Add("timers", l, d);
        f.item = item;
        f.a = Stat(a);
        f.b = Stat(b);
        std::string note;
        if (l == DiffLevel::INTEROP)
        {
            char b[64];
            std::snprintf(b, sizeof(b), "  (differ by more than %gx)", m_opts.timerFactor);
            note = b;
        }
        f.text = item + ": A " + (f.a.empty() ? "none" : f.a) + " | B " +
                 (f.b.empty() ? "none" : f.b) + note;
    }

    void
    Timers(int d, const DirView* va, const DirView* vb)
    {
        std::string acker = kRoleName[1 - d];
        std::vector<TimeNs> zlbA;
        std::vector<TimeNs> pigA;
        std::vector<TimeNs> zlbB;
        std::vector<TimeNs> pigB;
        AckDelays(m_a, m_ta, va[d], d, zlbA, pigA);
        AckDelays(m_b, m_tb, vb[d], d, zlbB, pigB);
        Timer(d, "ack delay by ZLB (" + acker + " acknowledging)", zlbA, zlbB);
        Timer(d, "ack delay by piggy-back (" + acker + " acknowledging)", pigA, pigB);

        uint32_t ra = va[d].retransmissions;
        uint32_t rb = vb[d].retransmissions;
        CompareFinding& f = Add("timers", ra == rb ? DiffLevel::SAME : DiffLevel::INFO, d);
        f.item = "retransmissions";
        f.a = std::to_string(ra);
        f.b = std::to_string(rb);
        f.text = "retransmissions: A " + f.a + " | B " + f.b;

        Timer(d, "first retransmission interval", va[d].firstRetransmit, vb[d].firstRetransmit);
        Timer(d, "later retransmission intervals", va[d].laterRetransmit, vb[d].laterRetransmit);
        Timer(d, "HELLO idle interval (" + std::string(kRoleName[d]) + " sending)",
              HelloIdle(m_a, m_ta, va[d]), HelloIdle(m_b, m_tb, vb[d]));
    }

    struct DataUse
    {
        size_t n{0};
        size_t l{0};
        size_t s{0};
        size_t o{0};
        uint32_t first{0};
    };

    static DataUse
    Use(const Capture& c, const TunnelFlow& t, int d)
    {
        DataUse u;
        for (size_t k : t.data[d])
        {
            const L2tpRecord& r = c.fi.Rec(k);
            u.first = u.n == 0 ? r.frame : u.first;
            ++u.n;
            u.l += r.lengthBit ? 1 : 0;
            u.s += r.seqBit ? 1 : 0;
            u.o += r.offsetBit ? 1 : 0;
        }
        // Data messages counted instead of kept (l2tp-flows.h): per session, and of calls the
        // capture did not see set up.
        std::vector<const DataSummary*> sums = {&t.loose[d]};
        for (size_t x : t.sessions)
        {
            sums.push_back(&c.fi.sessions[x].summary[d]);
        }
        for (const DataSummary* one : sums)
        {
            const DataSummary& sum = *one;
            if (sum.n == 0)
            {
                continue;
            }
            u.first = u.n == 0 ? sum.firstFrame : std::min(u.first, sum.firstFrame);
            u.n += sum.n;
            u.l += sum.lengthBit;
            u.s += sum.seqBit;
            u.o += sum.offsetBit;
        }
        return u;
    }

    static std::string
    Usage(size_t k, size_t n)
    {
        return k == 0 ? "no" : k == n ? "yes" : std::to_string(k) + "/" + std::to_string(n);
    }

    void
    Data(int d)
    {
        DataUse a = Use(m_a, m_ta, d);
        DataUse b = Use(m_b, m_tb, d);
        if (a.n == 0 && b.n == 0)
        {
            CompareFinding& f = Add("data", DiffLevel::SAME, d);
            f.item = "data messages";
            f.a = f.b = "0";
            f.text = "no data messages in either capture";
            return;
        }
        if (a.n == 0 || b.n == 0)
        {
            CompareFinding& f = Add("data", DiffLevel::INFO, d);
            f.item = "data messages";
            f.a = std::to_string(a.n);
            f.b = std::to_string(b.n);
            f.frameA = a.first;
            f.frameB = b.first;
            f.text = "data messages: A " + f.a + " | B " + f.b +
                     " (bits not compared: none on one side)";
            return;
        }
        struct Bit
        {
            const char* name;
            size_t DataUse::*field;
            bool interop;
        };
        const Bit bits[] = {{"L bit (Length present)", &DataUse::l, false},
                            {"S bit (Ns/Nr sequencing)", &DataUse::s, true},
                            {"O bit (Offset Size present)", &DataUse::o, false}};
        for (const Bit& bit : bits)
        {
            std::string ua = Usage(a.*bit.field, a.n);
            std::string ub = Usage(b.*bit.field, b.n);
            DiffLevel l = ua == ub      ? DiffLevel::SAME
                          : bit.interop ? DiffLevel::INTEROP
                                        : DiffLevel::INFO;
            CompareFinding& f = Add("data", l, d);
            f.item = bit.name;
            f.a = ua;
            f.b = ub;
            f.frameA = a.first;
            f.frameB = b.first;
            f.text = std::string(bit.name) + ": A " + ua + " | B " + ub + "  (" +
                     std::to_string(a.n) + " / " + std::to_string(b.n) + " data messages)";
        }
    }

    const Capture& m_a;
    const Capture& m_b;
    const TunnelFlow& m_ta;
    const TunnelFlow& m_tb;
    const CompareOptions& m_opts;
    TunnelComparison& m_out;
};

nlohmann::json
FindingJson(const CompareFinding& f)
{
    nlohmann::json j;
    j["section"] = f.section;
    j["level"] = ToString(f.level);
    j["mark"] = std::string(1, DiffMark(f.level));
    j["direction"] = f.direction < 0 ? "" : kDirName[f.direction];
    j["message"] = f.message;
    j["item"] = f.item;
    j["a"] = f.a;
    j["b"] = f.b;
    j["frame_a"] = f.frameA;
    j["frame_b"] = f.frameB;
    j["text"] = f.text;
    return j;
}

} // namespace

char
DiffMark(DiffLevel l)
{
    return l == DiffLevel::SAME ? '=' : l == DiffLevel::INTEROP ? '!' : '~';
}

std::string
ToString(DiffLevel l)
{
    return l == DiffLevel::SAME ? "same" : l == DiffLevel::INTEROP ? "interop" : "info";
}

CompareResult
CompareCaptures(const RecordSet& a, const RecordSet& b, const CompareOptions& opts)
{
    CompareResult res;
    res.captureA = a.pcap;
    res.captureB = b.pcap;
    Capture ca = Index(a);
    Capture cb = Index(b);
    res.tunnelsA = static_cast<unsigned>(ca.order.size());
    res.tunnelsB = static_cast<unsigned>(cb.order.size());
    for (const auto* c : {&ca, &cb})
    {
        if (c->order.empty())
        {
            res.ok = false;
            res.error = (c == &ca ? "A" : "B") + std::string(" (") + c->set->pcap +
                        "): no L2TP control connection in the capture";
            return res;
        }
    }
    std::vector<std::pair<unsigned, unsigned>> pairs; // 1-based
    if (opts.tunnelA || opts.tunnelB)
    {
        unsigned ia = opts.tunnelA ? opts.tunnelA : 1;
        unsigned ib = opts.tunnelB ? opts.tunnelB : 1;
        if (ia > res.tunnelsA || ib > res.tunnelsB)
        {
            res.ok = false;
            res.error = "tunnel index out of range: A has " + std::to_string(res.tunnelsA) +
                        " tunnel(s), B has " + std::to_string(res.tunnelsB);
            return res;
        }
        pairs.emplace_back(ia, ib);
    }
    else
    {
        unsigned n = std::min(res.tunnelsA, res.tunnelsB);
        for (unsigned i = 1; i <= n; ++i)
        {
            pairs.emplace_back(i, i);
        }
        for (unsigned i = n + 1; i <= std::max(res.tunnelsA, res.tunnelsB); ++i)
        {
            bool inA = res.tunnelsA > res.tunnelsB;
            const Capture& c = inA ? ca : cb;
            CompareFinding f;
            f.section = "tunnels";
            f.level = DiffLevel::INFO;
            f.item = "unpaired tunnel";
            (inA ? f.a : f.b) = "tunnel " + std::to_string(i);
            f.text = "tunnel " + std::to_string(i) + " of " + (inA ? "A" : "B") + " (" +
                     RoleText(c.fi.tunnels[c.order[i - 1]], 0) +
                     ") has no counterpart; not compared";
            res.notes.push_back(f);
        }
    }
    for (const auto& p : pairs)
    {
        TunnelComparison tc;
        tc.tunnelA = p.first;
        tc.tunnelB = p.second;
        size_t ta = ca.order[p.first - 1];
        size_t tb = cb.order[p.second - 1];
        for (int s = 0; s < 2; ++s)
        {
            tc.roleA[s] = RoleText(ca.fi.tunnels[ta], s);
            tc.roleB[s] = RoleText(cb.fi.tunnels[tb], s);
        }
        tc.initiatorKnownA = ca.fi.tunnels[ta].startSeen;
        tc.initiatorKnownB = cb.fi.tunnels[tb].startSeen;
        for (int k = 0; k < 2; ++k)
        {
            if (!(k == 0 ? tc.initiatorKnownA : tc.initiatorKnownB))
            {
                CompareFinding f;
                f.section = "tunnels";
                f.level = DiffLevel::INFO;
                f.item = "initiator assumed";
                f.text = std::string(k == 0 ? "A" : "B") +
                         ": the SCCRQ was not captured; the first sender is taken as initiator";
                tc.findings.push_back(f);
            }
        }
        PairComparer(ca, ta, cb, tb, opts, tc).Run();
        res.interopDifferences += tc.interop;
        res.pairs.push_back(std::move(tc));
    }
    for (const auto& tc : res.pairs)
    {
        for (const auto& f : tc.findings)
        {
            res.informational += f.level == DiffLevel::INFO ? 1 : 0;
        }
    }
    for (const auto& f : res.notes)
    {
        res.interopDifferences += f.level == DiffLevel::INTEROP ? 1 : 0;
        res.informational += f.level == DiffLevel::INFO ? 1 : 0;
    }
    return res;
}

std::string
CompareResultToText(const CompareResult& r, bool all)
{
    std::string o;
    auto line = [&o](const std::string& s)
    {
        o += s + "\n";
    };
    if (!r.ok)
    {
        line("error: " + r.error);
        return o;
    }
    line("compare A: " + r.captureA + "  (" + std::to_string(r.tunnelsA) + " tunnel(s))");
    line("        B: " + r.captureB + "  (" + std::to_string(r.tunnelsB) + " tunnel(s))");
    for (const auto& f : r.notes)
    {
        line(std::string(1, DiffMark(f.level)) + " " + f.text);
    }
    static const char* kSections[] = {"tunnels", "sequence", "avps", "timers", "data"};
    static const char* kTitles[] = {
        "", "sequence (message types sent; ZLBs and retransmissions left out)",
        "AVPs (per aligned message pair)", "timers (at the capture point)", "data channel"};
    for (const auto& tc : r.pairs)
    {
        line("");
        line("tunnel A" + std::to_string(tc.tunnelA) + " vs B" + std::to_string(tc.tunnelB) + ":");
        line("  A initiator " + tc.roleA[0] + ", responder " + tc.roleA[1]);
        line("  B initiator " + tc.roleB[0] + ", responder " + tc.roleB[1]);
        for (size_t s = 0; s < 5; ++s)
        {
            bool titled = false;
            int lastDir = -2;
            for (const auto& f : tc.findings)
            {
                if (f.section != kSections[s])
                {
                    continue;
                }
                bool detail = f.section == "avps" && !f.item.empty();
                if (detail && f.level != DiffLevel::INTEROP && !all)
                {
                    continue;
                }
                if (!titled && kTitles[s][0])
                {
                    line("");
                    line(kTitles[s]);
                    titled = true;
                }
                if (f.direction != lastDir && f.direction >= 0)
                {
                    std::string h = std::string("  ") + kDirName[f.direction];
                    h += ":";
                    if (f.section == "sequence")
                    {
                        h += "\n    A" + std::string(18, ' ') + "B";
                    }
                    line(h);
                    lastDir = f.direction;
                }
                line(std::string("  ") + DiffMark(f.level) + " " + f.text);
            }
        }
    }
    line("");
    line(std::to_string(r.interopDifferences) + " interop-relevant differences");
    return o;
}

std::string
CompareResultToJson(const CompareResult& r)
{
    nlohmann::json j;
    j["ok"] = r.ok;
    j["error"] = r.error;
    j["capture_a"] = r.captureA;
    j["capture_b"] = r.captureB;
    j["tunnels_a"] = r.tunnelsA;
    j["tunnels_b"] = r.tunnelsB;
    j["interop_differences"] = r.interopDifferences;
    j["informational"] = r.informational;
    nlohmann::json notes = nlohmann::json::array();
    for (const auto& f : r.notes)
    {
        notes.push_back(FindingJson(f));
    }
    j["notes"] = notes;
    nlohmann::json pairs = nlohmann::json::array();
    for (const auto& tc : r.pairs)
    {
        nlohmann::json p;
        p["tunnel_a"] = tc.tunnelA;
        p["tunnel_b"] = tc.tunnelB;
        p["a"] = {{"initiator", tc.roleA[0]},
                  {"responder", tc.roleA[1]},
                  {"initiator_known", tc.initiatorKnownA}};
        p["b"] = {{"initiator", tc.roleB[0]},
                  {"responder", tc.roleB[1]},
                  {"initiator_known", tc.initiatorKnownB}};
        p["interop_differences"] = tc.interop;
        nlohmann::json seq;
        for (int d = 0; d < 2; ++d)
        {
            nlohmann::json rows = nlohmann::json::array();
            for (const auto& row : tc.sequence[d])
            {
                nlohmann::json x;
                x["op"] = row.op == SeqOp::MATCH    ? "match"
                          : row.op == SeqOp::ONLY_A ? "only_a"
                                                    : "only_b";
                x["type_a"] = row.op == SeqOp::ONLY_B ? "" : L2tpMessageTypeName(row.typeA);
                x["type_b"] = row.op == SeqOp::ONLY_A ? "" : L2tpMessageTypeName(row.typeB);
                x["frame_a"] = row.frameA;
                x["frame_b"] = row.frameB;
                x["level"] = ToString(row.level);
                rows.push_back(x);
            }
            seq[d == 0 ? "initiator_to_responder" : "responder_to_initiator"] = rows;
        }
        p["sequence"] = seq;
        p["retransmissions"] = {{"initiator_to_responder",
                                 {{"a", tc.retransmissionsA[0]}, {"b", tc.retransmissionsB[0]}}},
                                {"responder_to_initiator",
                                 {{"a", tc.retransmissionsA[1]}, {"b", tc.retransmissionsB[1]}}}};
        nlohmann::json fs = nlohmann::json::array();
        for (const auto& f : tc.findings)
        {
            fs.push_back(FindingJson(f));
        }
        p["findings"] = fs;
        pairs.push_back(p);
    }
    j["pairs"] = pairs;
    return j.dump(2) + "\n";
}

} // namespace ns3
