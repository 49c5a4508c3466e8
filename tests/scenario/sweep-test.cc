/**
 * \file
 * \brief Flagship regressions that need many runs: golden digests (pcaps and events.jsonl of
 * every flagship are byte-identical to tests/scenario/golden.sha256, so a refactoring that changes
 * behaviour cannot pass unnoticed) and a seed sweep (every flagship's expectations hold for seeds
 * 1..20, not only for the file's own seed). Runs skip the tshark judge (RunOptions::judge): the
 * judge's verdicts on the flagships are covered by scenario-test.cc.
 *
 * After a deliberate behaviour change, regenerate the digests and review the diff:
 *   L2TPLAB_UPDATE_GOLDEN=1 build/tests/test-scenario --run_test=scenario_golden
 */
#include "runner/ns3/scenario-runner.h"
#include "runner/scenario-loader.h"
#include "runner/state-paths.h"
#include "tests/scenario/flagships.h"

#include <openssl/evp.h>

#include <boost/test/unit_test.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

using namespace ns3;
namespace fs = std::filesystem;

namespace
{

const std::string kSrc = L2TPLAB_SOURCE_DIR;
const std::string kGolden = kSrc + "/tests/scenario/golden.sha256";

std::string
ReadFile(const fs::path& p)
{
    std::ifstream f(p, std::ios::binary);
    std::stringstream ss;
    ss << f.rdbuf();
    return ss.str();
}

std::string
Sha256Hex(const std::string& data)
{
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned int n = 0;
    EVP_Digest(data.data(), data.size(), md, &n, EVP_sha256(), nullptr);
    static const char* hex = "0123456789abcdef";
    std::string out;
    for (unsigned int i = 0; i < n; ++i)
    {
        out += hex[md[i] >> 4];
        out += hex[md[i] & 15];
    }
    return out;
}

std::vector<std::string>
Flagships()
{
    return FlagshipFiles(kSrc);
}

/** \brief Run without the judge; false (and a test failure) if the run could not happen. */
bool
Run(const std::string& file,
    const std::string& outDir,
    bool overrideSeed,
    uint64_t seed,
    RunSummary& s)
{
    Scenario sc;
    std::vector<ScenarioError> errors;
    if (!LoadScenario(kSrc + "/scenarios/" + file, sc, errors))
    {
        BOOST_ERROR(FormatScenarioErrors(errors));
        return false;
    }
    RunOptions opt;
    opt.outDir = outDir;
    opt.overrideSeed = overrideSeed;
    opt.seed = seed;
    opt.judge = false;
    std::string err;
    if (!RunScenario(sc, opt, s, err))
    {
        BOOST_ERROR(file + ": " + err);
        return false;
    }
    return true;
}

std::string
Tmp(const std::string& name)
{
    fs::path p = fs::temp_directory_path() / ("l2tplab-sweep-" + std::to_string(getpid())) / name;
    fs::remove_all(p);
    return p.string();
}

} // namespace

BOOST_AUTO_TEST_SUITE(scenario_golden)

BOOST_AUTO_TEST_CASE(flagship_pcaps_and_events_match_golden_digests)
{
    // "<sha256>  <scenario>/<file>" lines, sorted: the shape of sha256sum's output.
    std::map<std::string, std::string> now;
    for (const std::string& f : Flagships())
    {
        RunSummary s;
        std::string out = Tmp(f);
        BOOST_REQUIRE(Run(f, out, false, 0, s));
        std::vector<std::string> files = s.pcaps;
        files.push_back("events.jsonl");
        for (const std::string& rel : files)
        {
            now[s.name + "/" + rel] = Sha256Hex(ReadFile(fs::path(out) / rel));
        }
    }
    std::string text;
    for (const auto& kv : now)
    {
        text += kv.second + "  " + kv.first + "\n";
    }
    if (std::getenv("L2TPLAB_UPDATE_GOLDEN"))
    {
        std::ofstream(kGolden, std::ios::binary) << text;
        return;
    }
    std::string golden = ReadFile(kGolden);
    BOOST_TEST(!golden.empty(), "missing " << kGolden);
    std::istringstream want(golden);
    std::string line;
    std::map<std::string, std::string> expected;
    while (std::getline(want, line))
    {
        if (line.size() > 66)
        {
            expected[line.substr(66)] = line.substr(0, 64);
        }
    }
    for (const auto& kv : expected)
    {
        BOOST_TEST_CONTEXT(kv.first)
        {
            BOOST_TEST(now.count(kv.first) == 1u);
            BOOST_TEST(now[kv.first] == kv.second,
                       kv.first << " changed: behaviour differs from the golden run (if "
                                   "deliberate: L2TPLAB_UPDATE_GOLDEN=1, then review the diff)");
        }
    }
    BOOST_TEST(now.size() == expected.size(), "a flagship's set of captures changed");
    fs::remove_all(fs::path(Tmp("")));
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(scenario_seeds)

BOOST_AUTO_TEST_CASE(flagship_expectations_hold_for_seeds_1_to_20)
{
    for (const std::string& f : Flagships())
    {
        for (uint64_t seed = 1; seed <= 20; ++seed)
        {
            RunSummary s;
            std::string out = Tmp(f + "-" + std::to_string(seed));
            if (!Run(f, out, true, seed, s))
            {
                continue;
            }
            for (const ExpectationResult& r : s.results)
            {
                BOOST_TEST(r.pass, f << " --seed " << seed << ": " << r.id << ": expected "
                                     << r.expected << "; actual " << r.actual);
            }
            fs::remove_all(out);
        }
    }
    fs::remove_all(fs::path(Tmp("")));
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(scenario_state_paths)

BOOST_AUTO_TEST_CASE(every_catalog_row_is_answered_by_its_installer)
{
    Scenario sc;
    std::vector<ScenarioError> errors;
    BOOST_REQUIRE(LoadScenario(kSrc + "/tests/scenario/data/state-paths.yaml", sc, errors));
    // The data file samples every catalog row's example, and nothing else.
    std::set<std::string> sampled;
    for (const StateCheck& c : sc.expect.at(0).state)
    {
        sampled.insert(c.path);
    }
    for (const StatePathSpec& s : StatePathCatalog())
    {
        BOOST_TEST(sampled.count(s.example) == 1u, "state-paths.yaml lacks " << s.example);
    }
    BOOST_TEST(sampled.size() == StatePathCatalog().size());
    RunOptions opt;
    opt.outDir = Tmp("state-paths");
    opt.judge = false;
    RunSummary s;
    std::string err;
    BOOST_REQUIRE_MESSAGE(RunScenario(sc, opt, s, err), err);
    BOOST_REQUIRE(s.results.size() == 1u);
    BOOST_TEST(s.results[0].pass, s.results[0].actual);
    for (const std::string& d : s.results[0].details)
    {
        BOOST_TEST_MESSAGE(d);
    }
    fs::remove_all(fs::path(Tmp("")));
}

BOOST_AUTO_TEST_SUITE_END()
