/**
 * \file
 * \brief Helpers shared by the runner loader tests: a small valid scenario to append to, and
 *        error lookup by position.
 */
#ifndef L2TPLAB_TESTS_UNIT_RUNNER_LOADER_TEST_SUPPORT_H
#define L2TPLAB_TESTS_UNIT_RUNNER_LOADER_TEST_SUPPORT_H

#include "runner/scenario-loader.h"

#include <boost/test/unit_test.hpp>

#include <string>
#include <vector>

namespace ns3
{
namespace loadertest
{

/** \brief A small valid scenario; tests append to it. Lines 1-6. */
const std::string kBase =
    "name: t\n"                                                               // 1
    "run: {duration: 30s}\n"                                                  // 2
    "topology:\n"                                                             // 3
    "  nodes: {lac: client, lns: server}\n"                                   // 4
    "  links:\n"                                                              // 5
    "    - {name: wan, ends: [lac:ether1, lns:ether1], net: 192.0.2.0/30}\n"; // 6

/** \brief Load text as "x.yaml", return the errors (and the scenario in `out`). */
inline std::vector<ScenarioError>
Errors(const std::string& text, Scenario* out = nullptr)
{
    Scenario s;
    std::vector<ScenarioError> errors;
    bool ok = LoadScenarioFromString(text, "x.yaml", s, errors);
    BOOST_TEST(ok == errors.empty());
    if (out != nullptr)
    {
        *out = s;
    }
    return errors;
}

/** \brief All errors, one per line (for failure messages). */
inline std::string
Dump(const std::vector<ScenarioError>& e)
{
    return FormatScenarioErrors(e);
}

/** \brief Is there an error at line:col whose message contains `part`? */
inline bool
Has(const std::vector<ScenarioError>& errors, int line, int col, const std::string& part)
{
    for (const auto& e : errors)
    {
        if (e.line == line && e.col == col && e.message.find(part) != std::string::npos)
        {
            return true;
        }
    }
    return false;
}

} // namespace loadertest
} // namespace ns3

#define CHECK_ERROR(errs, line, col, part)                                                    \
    BOOST_TEST(ns3::loadertest::Has(errs, line, col, part),                                   \
               "no error at " << line << ":" << col << " containing '" << part << "'; got:\n" \
                              << ns3::loadertest::Dump(errs))

#endif
