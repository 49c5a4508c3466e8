#include "conformance/engine.h"

#include "conformance/l2tp-flows.h"
#include "conformance/record-diff.h"

#include <algorithm>
#include <thread>

namespace ns3
{

namespace
{

/** What the notes say about a capture's records: counts that add up over its parts. */
struct NoteCounts
{
    size_t esp{0};          //!< ESP packets
    size_t espDecrypted{0}; //!< of which decrypted
    size_t ikev2{0};        //!< IKEv2 messages
    uint64_t l2tpv3Udp{0};  //!< L2TPv3 messages over UDP, not judged
    std::string cutShort;   //!< the tshark engine's words for a file cut short

    /** \brief Add the counts of (a part of) the capture. */
    void
    Add(const RecordSet& rs)
    {
        esp += rs.esp.size();
        espDecrypted += static_cast<size_t>(std::count_if(rs.esp.begin(), rs.esp.end(),
                                                          [](const EspRecord& e)
                                                          {
                                                              return e.decrypted;
                                                          }));
        ikev2 += static_cast<size_t>(std::count_if(rs.ike.begin(), rs.ike.end(),
                                                   [](const IkeRecord& r)
                                                   {
                                                       return r.majorVersion == 2;
                                                   }));
        l2tpv3Udp += rs.l2tpv3Udp;
        cutShort = rs.cutShort.empty() ? cutShort : rs.cutShort;
    }
};

/** What the user should know about the records (keys that decrypted nothing, snaplen). */
void
AddNotes(const NoteCounts& rs,
         const ExtractOptions& opts,
         const FastExtractStats* st,
         CheckReport& rep)
{
    if (!opts.wiresharkConfigDir.empty() && rs.esp > 0 && rs.espDecrypted == 0)
    {
        rep.notes.push_back("keys were given (" + opts.wiresharkConfigDir + ") but none of the " +
                            std::to_string(rs.esp) +
                            " ESP packets was decrypted: check its esp_sa (SPIs, algorithms, "
                            "keys); L2TP/PPP inside ESP is not judged");
    }
    const size_t ikev2 = rs.ikev2;
    if (ikev2 > 0)
    {
        rep.notes.push_back(std::to_string(ikev2) +
                            " IKEv2 message(s): the exchange rules (RFC 2409, RFC 3947) judge "
                            "IKEv1 only; the ESP and UDP-encapsulation rules (RFC 4303, RFC 3948) "
                            "judge both");
    }
    if (st && st->parts > 0)
    {
        rep.notes.push_back("judged in " + std::to_string(st->parts) +
                            (st->parts == 1 ? " part" : " parts") +
                            ", one pass over the file each: its records need more than the "
                            "memory budget (" +
                            MemoryBudgetText(opts.memoryBudget) +
                            ", --memory); a part holds whole pairs of addresses, and what a "
                            "rule relates (one IKE SA, one frame) stays in one part");
    }
    if (st && st->l2tpv3IpDatagrams > 0)
    {
        rep.notes.push_back(std::to_string(st->l2tpv3IpDatagrams) +
                            " L2TPv3 datagram(s) over IP (protocol 115, RFC 3931) not judged: the "
                            "L2TP rules are RFC 2661's (L2TPv2 over UDP)");
    }
    if (rs.l2tpv3Udp > 0)
    {
        rep.notes.push_back(std::to_string(rs.l2tpv3Udp) +
                            " L2TPv3 message(s) over UDP (Ver 3, RFC 3931) not judged: the L2TP "
                            "rules are RFC 2661's; a Ver 3 message in a UDP flow that carried "
                            "L2TPv2 control messages before is judged (RFC2661-3.1-version)");
    }
    if (rep.summary.rules > 0 && rep.summary.notApplicable == rep.summary.rules)
    {
        rep.notes.push_back("nothing was judged: no rule found a packet it applies to (L2TPv2, "
                            "PPP, ESP, IKEv1, NAT-T), so this PASS says nothing about the capture");
    }
    if (st && !st->readError.empty())
    {
        rep.notes.push_back("the capture is cut short (" + st->readError +
                            "): judged up to the frame before");
    }
    else if (!st && !rs.cutShort.empty())
    {
        rep.notes.push_back("the capture is cut short (" + rs.cutShort +
                            "): judged up to the frame before");
    }
    if (st && st->truncatedFrames > 0)
    {
        std::string frames;
        for (uint32_t f : st->truncatedSample)
        {
            frames += (frames.empty() ? "" : ", ") + std::to_string(f);
        }
        rep.notes.push_back(std::to_string(st->truncatedFrames) +
                            " frame(s) captured shorter than on the wire (snaplen), judged on the "
                            "captured bytes only: frames " +
                            frames +
                            (st->truncatedFrames > st->truncatedSample.size() ? ", ..." : ""));
    }
}

} // namespace

const char*
ToString(CheckEngine e)
{
    return e == CheckEngine::FAST ? "fast" : "tshark";
}

bool
ParseCheckEngine(const std::string& s, CheckEngine& e)
{
    if (s == "fast" || s == "tshark")
    {
        e = s == "fast" ? CheckEngine::FAST : CheckEngine::TSHARK;
        return true;
    }
    return false;
}

std::vector<std::string>
DiffVerdicts(const CheckReport& a, const CheckReport& b, bool onlyOutcome)
{
    std::vector<std::string> out;
    if (a.tunnels != b.tunnels || a.sessions != b.sessions)
    {
        out.push_back("tunnels/sessions: tshark " + std::to_string(a.tunnels) + "/" +
                      std::to_string(a.sessions) + " vs fast " + std::to_string(b.tunnels) + "/" +
                      std::to_string(b.sessions));
    }
    if (a.results.size() != b.results.size())
    {
        out.push_back("rule count differs");
        return out;
    }
    for (size_t i = 0; i < a.results.size(); ++i)
    {
        const RuleVerdict& x = a.results[i].verdict;
        const RuleVerdict& y = b.results[i].verdict;
        if (x.verdict != y.verdict || x.failingFrames != y.failingFrames ||
            (!onlyOutcome && (x.detail != y.detail || x.checked != y.checked)))
        {
            out.push_back(a.results[i].id + ": tshark '" + ToString(x.verdict) + " " + x.detail +
                          " (checked " + std::to_string(x.checked) + ")' vs fast '" +
                          ToString(y.verdict) + " " + y.detail + " (checked " +
                          std::to_string(y.checked) + ")'");
        }
    }
    return out;
}

CheckReport
JudgeCapture(const std::string& pcap,
             const std::vector<std::string>& ruleGlobs,
             const ExtractOptions& opts,
             const EngineOptions& eng,
             RecordSet* records)
{
    std::string error;
    FastExtractStats st;
    RecordSet fast;
    bool fastUsable = false;
    // The cross-check compares every record, data messages included: both engines keep them all,
    // and both sets are summarised the same way afterwards (SummarizeDataMessages) to be judged.
    ExtractOptions xo = opts;
    xo.summarizeData = opts.summarizeData && !eng.crossCheck;
    xo.threads = eng.threads ? eng.threads : std::max(1u, std::thread::hardware_concurrency());
    // Past the memory budget the fast engine hands the capture over in parts, judged here one
    // by one and merged (not under --cross-check, which compares whole record sets).
    CheckReport merged;
    NoteCounts partCounts;
    bool anyPart = false;
    if (eng.engine == CheckEngine::FAST && !eng.crossCheck && opts.memoryBudget > 0)
    {
        xo.onPart = [&](RecordSet& part)
        {
            CheckReport r = CheckRecords(part, ruleGlobs, opts.capturePoint, eng.threads);
            partCounts.Add(part);
            if (anyPart)
            {
                MergeReport(merged, r);
            }
            else
            {
                merged = std::move(r);
                anyPart = true;
            }
        };
    }
    if (eng.engine == CheckEngine::FAST || eng.crossCheck)
    {
        if (!ExtractL2tpRecordsFast(pcap, xo, fast, error, &st, eng.progress, eng.progressCtx))
        {
            return InputErrorReport(pcap, ruleGlobs, opts, error);
        }
        fastUsable = st.fallback.empty();
    }
    if (fastUsable && st.parts > 0)
    {
        merged.pcap = pcap;
        merged.forcedPorts = fast.forcedPorts;
        merged.engine = "fast";
        merged.frames = st.frames;
        merged.truncatedFrames = st.truncatedFrames;
        AddNotes(partCounts, opts, &st, merged);
        if (records)
        {
            *records = std::move(fast); // no records: they were judged part by part
        }
        return merged;
    }
    const bool needTshark = eng.engine == CheckEngine::TSHARK || eng.crossCheck || !fastUsable;
    RecordSet ts;
    if (needTshark && !ExtractL2tpRecords(pcap, xo, ts, error))
    {
        if (!st.fallback.empty())
        {
            error +=
                " (needed because the fast engine cannot judge this capture alone: " + st.fallback +
                ")";
        }
        return InputErrorReport(pcap, ruleGlobs, opts, error);
    }
    std::vector<std::string> recordDifferences;
    if (eng.crossCheck && fastUsable)
    {
        std::set<uint32_t> re(st.reassembledFrames.begin(), st.reassembledFrames.end());
        recordDifferences = DiffRecordSets(ts, fast, re);
    }
    if (opts.summarizeData)
    {
        if (needTshark)
        {
            SummarizeDataMessages(ts); // the same records and counts the fast engine keeps
        }
        if (eng.crossCheck && fastUsable)
        {
            SummarizeDataMessages(fast);
        }
    }
    const bool judgedByFast = fastUsable && !needTshark;
    RecordSet& judged = judgedByFast ? fast : ts;
    CheckReport rep = CheckRecords(judged, ruleGlobs, opts.capturePoint, eng.threads);
    rep.pcap = pcap;
    rep.engine = judgedByFast ? "fast" : "tshark";
    rep.frames = st.frames;
    rep.truncatedFrames = st.truncatedFrames;
    if (eng.engine == CheckEngine::FAST && !fastUsable)
    {
        rep.engineFallback = st.fallback;
    }
    if (eng.crossCheck)
    {
        if (!fastUsable)
        {
            rep.notes.push_back("cross-check not possible: the fast engine hands this capture to "
                                "tshark (" +
                                st.fallback + ")");
        }
        else
        {
            rep.crossChecked = true;
            rep.engine = "fast+tshark";
            rep.crossCheckDifferences = std::move(recordDifferences);
            CheckReport other = CheckRecords(fast, ruleGlobs, opts.capturePoint, eng.threads);
            for (auto& v : DiffVerdicts(rep, other, !st.reassembledFrames.empty()))
            {
                rep.crossCheckDifferences.push_back("verdict " + v);
            }
        }
    }
    NoteCounts counts;
    counts.Add(judged);
    AddNotes(counts, opts, (eng.engine == CheckEngine::FAST || eng.crossCheck) ? &st : nullptr,
             rep);
    if (records)
    {
        *records = std::move(judged);
        records->pcap = pcap;
    }
    return rep;
}

} // namespace ns3
