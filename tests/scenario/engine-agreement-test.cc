/**
 * \file
 * \brief Issue 10: the fast engine and the tshark oracle give the same verdicts, rule by rule and
 * frame by frame, on every reference capture (pcaps/reference) and on captures of every flagship
 * run (each YAML file in scenarios/; at most kPerFlagship captures per run, spread over the
 * sorted list, so CI stays short: l2tp-many-clients alone writes 400 near-identical CPE
 * captures), judged three ways: --engine fast, --engine tshark and --cross-check (which must
 * find no record and no verdict that differs). A capture the fast engine hands to tshark must
 * say why (and then nothing is compared: both are tshark's).
 */
#include "conformance/engine.h"
#include "runner/ns3/scenario-runner.h"
#include "runner/run-judge.h"
#include "runner/scenario-loader.h"
#include "tests/scenario/flagships.h"
#include "tests/unit/conformance/rule-test-support.h"

#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <filesystem>
#include <string>
#include <unistd.h>
#include <vector>

using namespace ns3;
namespace fs = std::filesystem;

namespace
{

const std::string kSrc = L2TPLAB_SOURCE_DIR;

/** Captures judged per flagship run (first, last and evenly between, in sorted order). */
constexpr size_t kPerFlagship = 5;

/** Up to `k` of `all`, spread evenly (the first and the last included). */
std::vector<std::string>
Spread(std::vector<std::string> all, size_t k)
{
    std::sort(all.begin(), all.end());
    if (all.size() <= k)
    {
        return all;
    }
    std::vector<std::string> out;
    for (size_t i = 0; i < k; ++i)
    {
        out.push_back(all[i * (all.size() - 1) / (k - 1)]);
    }
    return out;
}

/** Judge one capture three ways and require identical verdicts (and a clean cross-check). */
void
RequireSameVerdicts(const std::string& pcap,
                    const ExtractOptions& opts,
                    size_t& fastJudged,
                    uint64_t& summarized)
{
    BOOST_TEST_CONTEXT("capture " << pcap)
    {
        EngineOptions fastEng;
        EngineOptions tsharkEng;
        tsharkEng.engine = CheckEngine::TSHARK;
        EngineOptions cross;
        cross.crossCheck = true;
        CheckReport f = JudgeCapture(pcap, {}, opts, fastEng);
        CheckReport t = JudgeCapture(pcap, {}, opts, tsharkEng);
        CheckReport c = JudgeCapture(pcap, {}, opts, cross);
        BOOST_REQUIRE_MESSAGE(f.ok && t.ok && c.ok, f.error + t.error + c.error);
        BOOST_CHECK_EQUAL(t.engine, "tshark");
        BOOST_CHECK(t.engineFallback.empty());
        if (f.engine == "tshark")
        {
            // Handed over: the reason is said, and the cross-check says it could not compare.
            // Only the declared hand-overs (issue 10 open): Multilink fragments, which the fast
            // engine does not reassemble (scenarios/mrru.yaml), and decryption with --keys.
            BOOST_CHECK(!f.engineFallback.empty());
            const bool declared =
                f.engineFallback.find("MP (RFC 1990) fragments") != std::string::npos ||
                f.engineFallback.find("decryption is done by tshark") != std::string::npos;
            BOOST_CHECK_MESSAGE(declared, "fell back to tshark: " << f.engineFallback);
            BOOST_CHECK(!c.crossChecked);
        }
        else
        {
            ++fastJudged;
            BOOST_CHECK_EQUAL(f.engine, "fast");
            BOOST_CHECK(f.engineFallback.empty());
            BOOST_CHECK(c.crossChecked);
            BOOST_CHECK_EQUAL(c.engine, "fast+tshark");
            for (const std::string& d : c.crossCheckDifferences)
            {
                BOOST_ERROR("cross-check: " << d);
            }
            // Judged in parts (ExtractOptions::memoryBudget; a budget of one byte puts every
            // pair of addresses in a part of its own): the same report as judged whole.
            ExtractOptions tiny = opts;
            tiny.memoryBudget = 1;
            CheckReport p = JudgeCapture(pcap, {}, tiny, fastEng);
            BOOST_REQUIRE_MESSAGE(p.ok, p.error);
            for (const std::string& d : DiffVerdicts(f, p, false))
            {
                BOOST_ERROR("whole vs in parts: " << d);
            }
            BOOST_CHECK_EQUAL(f.l2tpMessages, p.l2tpMessages);
            BOOST_CHECK_EQUAL(f.controlMessages, p.controlMessages);
            BOOST_CHECK_EQUAL(f.tunnels, p.tunnels);
            BOOST_CHECK_EQUAL(f.sessions, p.sessions);
            BOOST_CHECK_EQUAL(f.pppPackets, p.pppPackets);
            BOOST_CHECK_EQUAL(f.summarizedData, p.summarizedData);
            BOOST_CHECK_EQUAL(f.Passed(), p.Passed());
        }
        for (const std::string& d : DiffVerdicts(t, f, false))
        {
            BOOST_ERROR("fast vs tshark: " << d);
        }
        for (const std::string& d : DiffVerdicts(t, c, false))
        {
            BOOST_ERROR("cross-check report vs tshark: " << d);
        }
        // Streaming (issue 10): data messages counted in their sessions instead of kept change
        // no verdict, no count and no detail against keeping every record.
        JudgeSummarisedAndKept(pcap, opts, fastEng);
        summarized += f.summarizedData;
        BOOST_CHECK_EQUAL(f.Passed(), t.Passed());
        BOOST_CHECK_EQUAL(f.l2tpMessages, t.l2tpMessages);
        BOOST_CHECK_EQUAL(f.pppPackets, t.pppPackets);
        BOOST_CHECK_EQUAL(f.espPackets, t.espPackets);
        BOOST_CHECK_EQUAL(f.ikeMessages, t.ikeMessages);
        BOOST_CHECK_EQUAL(f.nattDatagrams, t.nattDatagrams);
    }
}

std::string
Tmp(const std::string& name)
{
    fs::path p = fs::temp_directory_path() / ("l2tplab-engine-" + std::to_string(getpid())) / name;
    fs::remove_all(p);
    return p.string();
}

} // namespace

BOOST_AUTO_TEST_SUITE(engine_agreement)

BOOST_AUTO_TEST_CASE(reference_captures_same_verdicts_three_ways)
{
    std::vector<std::string> pcaps;
    for (const auto& e : fs::recursive_directory_iterator(kSrc + "/pcaps/reference"))
    {
        if (e.path().extension() == ".pcap" || e.path().extension() == ".pcapng")
        {
            pcaps.push_back(e.path().string());
        }
    }
    std::sort(pcaps.begin(), pcaps.end());
    BOOST_REQUIRE_GE(pcaps.size(), 5u);
    size_t fastJudged = 0;
    uint64_t summarized = 0;
    for (const auto& p : pcaps)
    {
        RequireSameVerdicts(p, ExtractOptions(), fastJudged, summarized);
    }
    BOOST_CHECK_EQUAL(fastJudged, pcaps.size()); // no reference capture needs the fallback
    // With keys, ESP/IKE decryption is tshark's: the fast engine hands the capture over, says so,
    // and the verdicts are still the same three ways.
    ExtractOptions keyed;
    keyed.wiresharkConfigDir = kSrc + "/pcaps/reference/strongswan/l2tp-ipsec-natt.keys";
    size_t none = 0;
    RequireSameVerdicts(kSrc + "/pcaps/reference/strongswan/l2tp-ipsec-natt.pcap", keyed, none,
                        summarized);
    BOOST_CHECK_EQUAL(none, 0u);
}

BOOST_AUTO_TEST_CASE(flagship_captures_same_verdicts_three_ways)
{
    size_t captures = 0;
    size_t fastJudged = 0;
    uint64_t summarized = 0;
    for (const std::string& file : FlagshipFiles(kSrc))
    {
        BOOST_TEST_CONTEXT("flagship " << file)
        {
            Scenario sc;
            std::vector<ScenarioError> errors;
            BOOST_REQUIRE_MESSAGE(LoadScenario(kSrc + "/scenarios/" + file, sc, errors),
                                  FormatScenarioErrors(errors));
            RunOptions opt;
            opt.outDir = Tmp(file);
            opt.judge = false;
            RunSummary s;
            std::string err;
            BOOST_REQUIRE_MESSAGE(RunScenario(sc, opt, s, err), err);
            for (const std::string& rel : Spread(s.pcaps, kPerFlagship))
            {
                ++captures;
                RequireSameVerdicts((fs::path(s.outDir) / rel).string(), ExtractOptions(),
                                    fastJudged, summarized);
            }
            fs::remove_all(opt.outDir);
        }
    }
    BOOST_TEST_MESSAGE(captures << " flagship captures, " << fastJudged << " judged by the fast "
                                << "engine, all with tshark's verdicts");
    BOOST_CHECK_GE(captures, 20u);
    // Every hand-over was a declared one (checked per capture); most captures stay fast.
    BOOST_CHECK_GE(fastJudged * 10, captures * 9);
    // The flagships carry traffic through their sessions: summarising is exercised, not vacuous.
    BOOST_TEST_MESSAGE(summarized << " data messages summarised");
    BOOST_CHECK_GT(summarized, 100u);
}

BOOST_AUTO_TEST_SUITE_END()
