// fuzz-target: scenario text (YAML/JSON) through LoadScenarioFromString and error formatting
/**
 * \file
 * \brief libFuzzer target "scenario-loader": the input is the text of a scenario file, loaded with
 * LoadScenarioFromString exactly as `l2tplab run/lint` loads a file. Seeds: the .yaml files of
 * scenarios/ and tests/scenario/data/. Asserts the loader's contract: it never throws, and a
 * refusal always comes with at least one reported error.
 */
#include "runner/scenario-loader.h"

#include <cstdio>
#include <cstdlib>
#include <string>

extern "C" int
LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    const std::string text(reinterpret_cast<const char*>(data), size);
    ns3::Scenario scenario;
    std::vector<ns3::ScenarioError> errors;
    const bool ok = ns3::LoadScenarioFromString(text, "fuzz.yaml", scenario, errors);
    if (!ok && errors.empty())
    {
        std::fprintf(stderr, "loader refused the file without reporting an error\n");
        std::abort();
    }
    (void)ns3::FormatScenarioErrors(errors);
    return 0;
}
