/**
 * \file
 * \brief What the rule-family test files (conformance-rules-test.cc, rules-ppp-test.cc,
 * rules-ipsec-test.cc) share: the registry of rules with a negative test, and the assertion that a
 * rule FAILs on a given frame. Each file builds its captures its own way and calls these.
 */
#ifndef L2TPLAB_TESTS_RULE_TEST_SUPPORT_H
#define L2TPLAB_TESTS_RULE_TEST_SUPPORT_H

#include "conformance/check.h"

#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <set>
#include <string>

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

#endif
