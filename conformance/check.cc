#include "conformance/check.h"

#include "conformance/consequences.h"
#include "conformance/l2tp-flows.h"

#include <algorithm>
#include <atomic>
#include <thread>

namespace ns3
{

CheckReport
CheckRecords(const RecordSet& rs, const std::vector<std::string>& ruleGlobs)
{
    return CheckRecords(rs, ruleGlobs, {});
}

namespace
{

/** One rule on one context: its result, with the capture-point caveat when a failure rests on it.
 */
RuleResult
JudgeOne(const Rule& rule, const RuleContext& ctx)
{
    RuleResult res;
    res.id = rule.id;
    res.rfc = rule.rfc;
    res.section = rule.section;
    res.requirement = rule.requirement;
    res.level = rule.level;
    res.scope = rule.scope;
    ctx.capturePointRelied = false;
    res.verdict = EvaluateRule(rule, ctx);
    if (ctx.capturePointRelied && res.verdict.verdict == Verdict::FAIL)
    {
        // Issue 11: say so when a failure rests on the capture point's assumption.
        res.verdict.reliesOnCapturePoint = true;
        res.verdict.detail = ComposeJudgedDetail(res.verdict);
    }
    return res;
}

} // namespace

std::vector<RuleResult>
EvaluateRules(const std::vector<const Rule*>& rules, const RuleContext& ctx, unsigned threads)
{
    std::vector<RuleResult> results(rules.size());
    if (threads == 0)
    {
        threads = std::max(1u, std::thread::hardware_concurrency());
    }
    threads = static_cast<unsigned>(std::min<size_t>({threads, rules.size(), kMaxRuleThreads}));
    if (threads <= 1)
    {
        for (size_t i = 0; i < rules.size(); ++i)
        {
            results[i] = JudgeOne(*rules[i], ctx);
        }
        return results;
    }
    // Predicates are pure functions of the records; the context's only per-rule state is
    // capturePointRelied, so every worker judges on its own copy. The views the rules share are
    // made shareable before the workers start (PrepareSharedViews), and built once.
    PrepareSharedViews(rules, ctx);
    // The first rule that needs a shared view builds it (PrepareSharedViews): take one such rule
    // first and the others last, so that one worker builds the view while the rest judge rules
    // that do not need it, instead of all waiting for it together.
    std::vector<size_t> order;
    order.reserve(rules.size());
    std::vector<size_t> viewRules;
    for (size_t i = 0; i < rules.size(); ++i)
    {
        (UsesSharedView(*rules[i]) ? viewRules : order).push_back(i);
    }
    if (!viewRules.empty())
    {
        order.insert(order.begin(), viewRules.front());
        order.insert(order.end(), viewRules.begin() + 1, viewRules.end());
    }
    std::atomic<size_t> next{0};
    auto worker = [&]
    {
        RuleContext own = ctx;
        for (size_t k = next++; k < order.size(); k = next++)
        {
            results[order[k]] = JudgeOne(*rules[order[k]], own);
        }
    };
    std::vector<std::thread> pool;
    for (unsigned t = 1; t < threads; ++t)
    {
        pool.emplace_back(worker);
    }
    worker();
    for (std::thread& t : pool)
    {
        t.join();
    }
    return results;
}

CheckReport
CheckRecords(const RecordSet& rs,
             const std::vector<std::string>& ruleGlobs,
             const std::vector<std::string>& capturePoint,
             unsigned threads)
{
    CheckReport rep;
    rep.pcap = rs.pcap;
    for (const auto& a : capturePoint)
    {
        std::string n = NormalizeAddress(a);
        if (!n.empty() && std::find(rep.capturePoint.begin(), rep.capturePoint.end(), n) ==
                              rep.capturePoint.end())
        {
            rep.capturePoint.push_back(n);
        }
    }
    rep.tsharkVersion = rs.tsharkVersion;
    rep.forcedPorts = rs.forcedPorts;
    for (const auto& r : rs.records)
    {
        rep.controlMessages += r.isControl ? 1 : 0;
    }
    FlowIndex storage;
    const FlowIndex& flows = FlowIndexOf(rs, storage);
    // Summarised data messages (l2tp-flows.h) are counted as the records they would have been.
    rep.l2tpMessages = static_cast<uint32_t>(rs.records.size() + flows.summarizedData);
    rep.summarizedData = flows.summarizedData;
    rep.tunnels = static_cast<uint32_t>(flows.tunnels.size());
    rep.sessions = static_cast<uint32_t>(flows.sessions.size());
    rep.pppPackets = static_cast<uint32_t>(rs.ppp.size() + rs.summarizedPpp);
    rep.espPackets = static_cast<uint32_t>(rs.esp.size());
    rep.ikeMessages = static_cast<uint32_t>(rs.ike.size());
    rep.nattDatagrams = static_cast<uint32_t>(rs.natt.size());
    TimeNs end = std::max(flows.captureEnd, rs.captureEnd);
    for (const auto& r : rs.ppp)
    {
        end = std::max(end, r.time);
    }
    for (const auto& r : rs.esp)
    {
        end = std::max(end, r.time);
    }
    for (const auto& r : rs.ike)
    {
        end = std::max(end, r.time);
    }
    for (const auto& r : rs.natt)
    {
        end = std::max(end, r.time);
    }
    RuleContext ctx{rs.records, flows, rs.ppp, rs.esp, rs.ike, rs.natt, end, rep.capturePoint};
    const std::vector<const Rule*> rules = SelectRules(ruleGlobs, &rep.unmatchedGlobs);
    rep.results = EvaluateRules(rules, ctx, threads);
    // One fault, one verdict: failures an earlier fault explains are shown, not counted.
    AttributeConsequences(rep.results, rs);
    Summarize(rep);
    return rep;
}

void
Summarize(CheckReport& rep)
{
    rep.summary = CheckSummary();
    for (const RuleResult& res : rep.results)
    {
        ++rep.summary.rules;
        switch (res.verdict.verdict)
        {
        case Verdict::PASS:
            ++rep.summary.passed;
            break;
        case Verdict::NOT_APPLICABLE:
            ++rep.summary.notApplicable;
            break;
        case Verdict::CONSEQUENCE:
            ++rep.summary.consequences;
            break;
        case Verdict::FAIL:
            if (res.level == RuleLevel::SHOULD)
            {
                ++rep.summary.warnings;
            }
            else
            {
                ++rep.summary.failed;
            }
            break;
        }
    }
}

void
MergeReport(CheckReport& into, const CheckReport& part)
{
    into.l2tpMessages += part.l2tpMessages;
    into.summarizedData += part.summarizedData;
    into.controlMessages += part.controlMessages;
    into.tunnels += part.tunnels;
    into.sessions += part.sessions;
    into.pppPackets += part.pppPackets;
    into.espPackets += part.espPackets;
    into.ikeMessages += part.ikeMessages;
    into.nattDatagrams += part.nattDatagrams;
    for (size_t i = 0; i < into.results.size() && i < part.results.size(); ++i)
    {
        MergeVerdict(into.results[i].verdict, part.results[i].verdict);
    }
    Summarize(into);
}

CheckReport
InputErrorReport(const std::string& pcap,
                 const std::vector<std::string>& ruleGlobs,
                 const ExtractOptions& opts,
                 const std::string& error)
{
    CheckReport rep;
    rep.pcap = pcap;
    rep.ok = false;
    rep.error = error;
    rep.capturePoint = opts.capturePoint;
    SelectRules(ruleGlobs, &rep.unmatchedGlobs);
    return rep;
}

CheckReport
CheckCapture(const std::string& pcap,
             const std::vector<std::string>& ruleGlobs,
             const ExtractOptions& opts)
{
    RecordSet rs;
    std::string error;
    if (!ExtractL2tpRecords(pcap, opts, rs, error))
    {
        return InputErrorReport(pcap, ruleGlobs, opts, error);
    }
    return CheckRecords(rs, ruleGlobs, opts.capturePoint);
}

} // namespace ns3
