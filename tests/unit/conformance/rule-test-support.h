/**
 * \file
 * \brief What the rule-family test files (conformance-rules-test.cc, rules-ppp-test.cc,
 * rules-ipsec-test.cc) share: the registry of rules with a negative test, and the assertion that a
 * rule FAILs on a given frame; summarize-test.cc and the engine agreement test share the proof
 * that summarising data messages changes no verdict. Each file builds its captures its own way and
 * calls these.
 */
#ifndef L2TPLAB_TESTS_RULE_TEST_SUPPORT_H
#define L2TPLAB_TESTS_RULE_TEST_SUPPORT_H

#include "conformance/check.h"
#include "conformance/engine.h"

#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <set>
#include <string>
#include <vector>

/**
 * Rule ids with a negative test, filled by the NEGATIVE registrations of every test file of this
 * binary; defined in conformance-rules-test.cc, whose every_rule_has_a_negative_test reads it.
 */
std::set<std::string>& ConformanceNegativeRules();

/** Registers a rule id as having a negative test (one static instance per NEGATIVE test). */
struct RegisterNegative
{
    explicit RegisterNegative(const char* id) { ConformanceNegativeRules().insert(id); }
};

/** The result of rule `id` in a report, or nullptr. */
inline const ns3::RuleResult*
Result(const ns3::CheckReport& rep, const std::string& id)
{
    for (const auto& r : rep.results)
    {
        if (r.id == id)
        {
            return &r;
        }
    }
    return nullptr;
}

/** Assert that `rule` FAILed in `rep` with `frame` among its failing frames. */
inline void
ExpectRuleFailsAt(const ns3::CheckReport& rep, const std::string& rule, uint32_t frame)
{
    BOOST_REQUIRE_MESSAGE(rep.ok, rep.error);
    const ns3::RuleResult* r = Result(rep, rule);
    BOOST_REQUIRE_MESSAGE(r, "rule " << rule << " not in the report");
    BOOST_CHECK_MESSAGE(r->verdict.verdict == ns3::Verdict::FAIL,
                        rule << ": expected FAIL, got " << ns3::ToString(r->verdict.verdict) << " "
                             << r->verdict.detail);
    const auto& ff = r->verdict.failingFrames;
    BOOST_CHECK_MESSAGE(std::find(ff.begin(), ff.end(), frame) != ff.end(),
                        rule << ": frame " << frame
                             << " not among failing frames; detail: " << r->verdict.detail);
}

/** Ids of the rules that FAILed (MUST or SHOULD) in `rep`, in catalog order. */
inline std::vector<std::string>
FailedRules(const ns3::CheckReport& rep)
{
    std::vector<std::string> ids;
    for (const auto& r : rep.results)
    {
        if (r.verdict.verdict == ns3::Verdict::FAIL)
        {
            ids.push_back(r.id);
        }
    }
    return ids;
}

/**
 * One fault, one verdict (conformance/consequences.h): `rule` is the only rule that FAILs, on
 * `frame`, and every failure of another rule is shown as a consequence pointing to it.
 * \return the number of consequences reported (the cascade that was folded)
 */
inline size_t
ExpectOneVerdict(const ns3::CheckReport& rep, const std::string& rule, uint32_t frame)
{
    BOOST_REQUIRE_MESSAGE(rep.ok, rep.error);
    std::vector<std::string> failed = FailedRules(rep);
    std::string all;
    for (const auto& r : rep.results)
    {
        if (r.verdict.verdict == ns3::Verdict::FAIL ||
            r.verdict.verdict == ns3::Verdict::CONSEQUENCE)
        {
            all += "\n  " + r.id + " " + ns3::ToString(r.verdict.verdict) + ": " + r.verdict.detail;
        }
    }
    BOOST_CHECK_MESSAGE(failed == std::vector<std::string>{rule},
                        "expected exactly " << rule << " to fail; got:" << all);
    const ns3::RuleResult* r = Result(rep, rule);
    BOOST_REQUIRE(r);
    const auto& ff = r->verdict.failingFrames;
    BOOST_CHECK_MESSAGE(std::find(ff.begin(), ff.end(), frame) != ff.end(),
                        rule << ": frame " << frame << " not among failing frames:" << all);
    BOOST_CHECK_EQUAL(rep.summary.failed + rep.summary.warnings, 1u);
    size_t n = 0;
    for (const auto& x : rep.results)
    {
        for (const auto& c : x.verdict.consequences)
        {
            BOOST_CHECK_MESSAGE(c.causeRule == rule && c.causeFrame == frame,
                                x.id << " frame " << c.frame << " blamed on " << c.causeRule
                                     << " at frame " << c.causeFrame);
            ++n;
        }
    }
    return n;
}

/**
 * Issue 10, streaming: judge a capture with data messages summarised (the default) and with every
 * record kept; require the same verdicts, checked counts, failing frames, details and message
 * counts. Returns the summarised report.
 */
inline ns3::CheckReport
JudgeSummarisedAndKept(const std::string& pcap,
                       const ns3::ExtractOptions& opts,
                       const ns3::EngineOptions& eng = ns3::EngineOptions())
{
    ns3::ExtractOptions all = opts;
    all.summarizeData = false;
    ns3::EngineOptions serial = eng;
    serial.threads = 1;
    ns3::EngineOptions parallel = eng;
    parallel.threads = 4;
    ns3::CheckReport a = ns3::JudgeCapture(pcap, {}, opts, serial);
    ns3::CheckReport k = ns3::JudgeCapture(pcap, {}, all, serial);
    // Rules judged four at a time (check.h EvaluateRules) give the same report.
    ns3::CheckReport p = ns3::JudgeCapture(pcap, {}, opts, parallel);
    BOOST_REQUIRE_MESSAGE(a.ok && k.ok && p.ok, a.error + k.error + p.error);
    BOOST_CHECK_EQUAL(k.summarizedData, 0u);
    for (const std::string& d : ns3::DiffVerdicts(k, a, false))
    {
        BOOST_ERROR("every record kept vs data summarised: " << d);
    }
    for (const std::string& d : ns3::DiffVerdicts(a, p, false))
    {
        BOOST_ERROR("rules on one thread vs four: " << d);
    }
    BOOST_CHECK_EQUAL(a.results.size(), p.results.size());
    for (size_t i = 0; i < a.results.size() && i < p.results.size(); ++i)
    {
        BOOST_CHECK_EQUAL(a.results[i].id, p.results[i].id); // catalog order either way
    }
    BOOST_CHECK_EQUAL(a.l2tpMessages, k.l2tpMessages);
    BOOST_CHECK_EQUAL(a.pppPackets, k.pppPackets);
    BOOST_CHECK_EQUAL(a.controlMessages, k.controlMessages);
    BOOST_CHECK_EQUAL(a.tunnels, k.tunnels);
    BOOST_CHECK_EQUAL(a.sessions, k.sessions);
    return a;
}

#endif
