/**
 * \file
 * \brief The `l2tplab` command line. Exit codes: 0 everything passed, 1 an expectation or check
 * failed, 2 bad input (scenario or capture), 3 environment error (cannot write, tool missing).
 */
#include "runner/cli/check-command.h"
#include "runner/cli/compare-command.h"
#include "runner/cli/mtu-command.h"
#include "runner/ns3/scenario-runner.h"
#include "runner/scenario-loader.h"
#include "runner/schema.h"
#include "runner/support.h"
#include "runner/units.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <string>
#include <sys/wait.h>
#include <unistd.h>
#include <vector>

using namespace ns3;

namespace
{

constexpr int kExitPass = 0;
constexpr int kExitFail = 1;
constexpr int kExitBadInput = 2;
constexpr int kExitEnv = 3;

const char* kUsage = R"(l2tplab — L2TP/PPP/IPsec network simulator and RFC conformance harness

usage:
  l2tplab run FILE|DIR [--out DIR] [--seed N] [--quiet]
        Simulate one scenario, or every *.yaml directly inside DIR (sorted). Writes
        <out>/<scenario>/{pcaps/<node>-<iface>.pcap, events.jsonl, report.json,
        junit.xml, report.html} (default <out> = out). Prints each expectation's verdict
        and, if the scenario lists conformance: rules, each judged capture's verdict.
  l2tplab lint FILE...
        Validate scenario files; every problem as file:line:col: error: ...
%CHECK%%COMPARE%%MTU%  l2tplab help | --help | -h
  l2tplab --version

options:
  --out DIR   root of the run directories (each scenario writes <out>/<name>/)
  --seed N    override the scenario's run.seed (1..4294967295)
  --quiet     only the summary line(s)

exit codes:
  0  every expectation and rule passed     2  bad input (scenario file, capture, arguments)
  1  an expectation or MUST rule failed   3  environment error (cannot write, tshark missing)

Scenario keys: docs/scenario-reference.md. Examples: scenarios/.
)";

void
PrintUsage(std::ostream& o)
{
    std::string u = kUsage;
    u.replace(u.find("%CHECK%"), 7, kCheckUsage);
    u.replace(u.find("%COMPARE%"), 9, kCompareUsage);
    u.replace(u.find("%MTU%"), 5, kMtuUsage);
    o << u;
}

struct Args
{
    std::string cmd;
    std::vector<std::string> positional;
    std::string out{"out"};
    bool haveSeed{false};
    uint64_t seed{1};
    bool quiet{false};
};

/** \brief --seed N: the same range as run.seed (KeyRanges), never wrapped. */
bool
ParseSeed(const std::string& text, uint64_t& out)
{
    const KeyRange* r = FindRange("run", "seed");
    uint64_t v = 0;
    if (r == nullptr || !ParseUint(text, v) || v < static_cast<uint64_t>(r->min) ||
        v > static_cast<uint64_t>(r->max))
    {
        return false;
    }
    out = v;
    return true;
}

int
BadArgs(const std::string& msg)
{
    std::cerr << "l2tplab: " << msg << "\n(see l2tplab --help)\n";
    return kExitBadInput;
}

/** \brief Scenario files named by a FILE or DIR argument (DIR: *.yaml directly inside, sorted). */
bool
ExpandScenarioArgs(const std::vector<std::string>& in,
                   std::vector<std::string>& files,
                   std::string& error)
{
    namespace fs = std::filesystem;
    for (const std::string& a : in)
    {
        std::error_code ec;
        if (fs::is_directory(a, ec))
        {
            std::vector<std::string> found;
            for (const auto& e : fs::directory_iterator(a, ec))
            {
                std::string ext = e.path().extension().string();
                if (e.is_regular_file() && (ext == ".yaml" || ext == ".yml"))
                {
                    found.push_back(e.path().string());
                }
            }
            std::sort(found.begin(), found.end());
            if (found.empty())
            {
                error = a + ": no *.yaml scenario files in this directory";
                return false;
            }
            files.insert(files.end(), found.begin(), found.end());
        }
        else if (fs::exists(a, ec))
        {
            files.push_back(a);
        }
        else
        {
            error = a + ": no such file or directory";
            return false;
        }
    }
    return true;
}

/** \brief Load + feature check; prints errors. */
bool
LoadChecked(const std::string& file, Scenario& sc, std::vector<std::string>& warnings)
{
    std::vector<ScenarioError> errors;
    // Schema errors and "not modelled yet" refusals together, sorted by position.
    if (!LoadSupportedScenario(file, sc, errors, warnings))
    {
        std::cerr << FormatScenarioErrors(errors);
        return false;
    }
    return true;
}

int
CmdLint(const Args& a)
{
    if (a.positional.empty())
    {
        return BadArgs("lint needs at least one scenario file");
    }
    std::vector<std::string> files;
    std::string err;
    if (!ExpandScenarioArgs(a.positional, files, err))
    {
        return BadArgs(err);
    }
    int rc = kExitPass;
    for (const std::string& f : files)
    {
        Scenario sc;
        std::vector<std::string> warnings;
        if (!LoadChecked(f, sc, warnings))
        {
            rc = kExitBadInput;
            continue;
        }
        for (const std::string& w : warnings)
        {
            std::cerr << w << "\n";
        }
        std::cout << f << ": ok (" << sc.nodes.size() << " nodes, " << sc.links.size() << " links, "
                  << sc.expect.size() << " expectations)\n";
    }
    return rc;
}

void
PrintSummary(const RunSummary& s, bool quiet)
{
    size_t passed = 0;
    for (const auto& r : s.results)
    {
        passed += r.pass ? 1 : 0;
    }
    std::printf("%s  %s  %zu/%zu expectations  (%.0f s simulated in %.2f s wall)  -> %s/\n",
                s.passed ? "PASS" : "FAIL", s.name.c_str(), passed, s.results.size(), s.simSeconds,
                s.wallSeconds, s.outDir.c_str());
    if (quiet)
    {
        return;
    }
    for (const std::string& w : s.warnings)
    {
        std::printf("  %s\n", w.c_str());
    }
    for (const auto& c : s.conformance)
    {
        if (!c.ok)
        {
            std::printf("  FAIL  conformance %s: %s\n", c.pcap.c_str(), c.error.c_str());
            continue;
        }
        std::printf("  %s  conformance %-24s %u rules: %u pass, %u FAIL, %u warn, %u n/a\n",
                    c.Passed() ? "pass" : "FAIL", c.pcap.c_str(), c.summary.rules, c.summary.passed,
                    c.summary.failed, c.summary.warnings, c.summary.notApplicable);
        for (const auto& rr : c.results)
        {
            if (rr.verdict.verdict == Verdict::FAIL)
            {
                std::printf("        %s %s (%s): %s\n",
                            rr.level == RuleLevel::SHOULD ? "warn" : "FAIL", rr.id.c_str(),
                            rr.Citation().c_str(), rr.verdict.detail.c_str());
            }
        }
    }
    for (const auto& r : s.results)
    {
        std::string refs;
        for (const auto& ref : r.refs)
        {
            refs += (refs.empty() ? "" : ", ") + ref;
        }
        std::printf("  %s  %-28s expected %s; actual %s%s\n", r.pass ? "pass" : "FAIL",
                    r.id.c_str(), r.expected.c_str(), r.actual.c_str(),
                    refs.empty() ? "" : ("  [" + refs + "]").c_str());
    }
}

int
RunOne(const std::string& file, const Args& a, const std::string& outDir)
{
    Scenario sc;
    std::vector<std::string> warnings;
    if (!LoadChecked(file, sc, warnings))
    {
        return kExitBadInput;
    }
    RunOptions opt;
    opt.outDir = outDir.empty() ? a.out + "/" + sc.name : outDir;
    opt.overrideSeed = a.haveSeed;
    opt.seed = a.seed;
    opt.progress = !a.quiet;
    RunSummary s;
    std::string err;
    if (!RunScenario(sc, opt, s, err))
    {
        std::cerr << "l2tplab: " << err << "\n";
        return kExitEnv;
    }
    PrintSummary(s, a.quiet);
    std::fflush(stdout);
    return s.passed ? kExitPass : kExitFail;
}

int
CmdRun(const Args& a)
{
    if (a.positional.empty())
    {
        return BadArgs("run needs a scenario file or directory");
    }
    std::vector<std::string> files;
    std::string err;
    if (!ExpandScenarioArgs(a.positional, files, err))
    {
        return BadArgs(err);
    }
    // Refuse bad input up front, before spending time simulating anything.
    bool bad = false;
    for (const std::string& f : files)
    {
        Scenario sc;
        std::vector<std::string> w;
        bad = !LoadChecked(f, sc, w) || bad;
    }
    if (bad)
    {
        return kExitBadInput;
    }
    if (files.size() == 1)
    {
        return RunOne(files[0], a, "");
    }
    // Several scenarios: each in its own process (ns-3's simulator is a process-wide singleton),
    // so a scenario's output is identical whether it runs alone or in a batch.
    int worst = kExitPass;
    std::vector<std::pair<std::string, int>> results;
    for (const std::string& f : files)
    {
        std::fflush(stdout);
        pid_t pid = fork();
        if (pid == 0)
        {
            _exit(RunOne(f, a, ""));
        }
        int status = 0;
        waitpid(pid, &status, 0);
        int rc = WIFEXITED(status) ? WEXITSTATUS(status) : kExitEnv;
        results.emplace_back(f, rc);
        worst = std::max(worst, rc);
    }
    std::printf("\n%-48s %s\n", "scenario", "result");
    for (const auto& r : results)
    {
        const char* word = r.second == kExitPass       ? "pass"
                           : r.second == kExitFail     ? "FAIL"
                           : r.second == kExitBadInput ? "bad input"
                                                       : "error";
        std::printf("%-48s %s\n", r.first.c_str(), word);
    }
    return worst;
}

} // namespace

int
main(int argc, char** argv)
{
    Args a;
    std::vector<std::string> argvs(argv + 1, argv + argc);
    if (argvs.empty())
    {
        PrintUsage(std::cerr);
        return kExitBadInput;
    }
    if (argvs[0] == "check")
    {
        return RunCheckCommand(std::vector<std::string>(argvs.begin() + 1, argvs.end()));
    }
    if (argvs[0] == "compare")
    {
        return RunCompareCommand(std::vector<std::string>(argvs.begin() + 1, argvs.end()));
    }
    if (argvs[0] == "mtu")
    {
        return RunMtuCommand(std::vector<std::string>(argvs.begin() + 1, argvs.end()));
    }
    for (size_t i = 0; i < argvs.size(); ++i)
    {
        const std::string& s = argvs[i];
        auto value = [&](std::string& into)
        {
            if (i + 1 >= argvs.size())
            {
                return false;
            }
            into = argvs[++i];
            return true;
        };
        if (s == "-h" || s == "--help" || s == "help")
        {
            PrintUsage(std::cout);
            return kExitPass;
        }
        if (s == "--version")
        {
            std::cout << "l2tplab 0.1.0\n";
            return kExitPass;
        }
        if (s == "--out")
        {
            if (!value(a.out))
            {
                return BadArgs("--out needs a directory");
            }
        }
        else if (s == "--seed")
        {
            std::string v;
            if (!value(v) || !ParseSeed(v, a.seed))
            {
                return BadArgs("--seed needs an integer between 1 and 4294967295 (ns-3's "
                               "RngSeedManager takes a nonzero 32-bit seed); got '" +
                               v + "'");
            }
            a.haveSeed = true;
        }
        else if (s == "--quiet" || s == "-q")
        {
            a.quiet = true;
        }
        else if (!s.empty() && s[0] == '-')
        {
            return BadArgs("unknown option '" + s + "'");
        }
        else if (a.cmd.empty())
        {
            a.cmd = s;
        }
        else
        {
            a.positional.push_back(s);
        }
    }
    if (a.cmd == "run")
    {
        return CmdRun(a);
    }
    if (a.cmd == "lint")
    {
        return CmdLint(a);
    }
    return BadArgs("unknown command '" + a.cmd + "'");
}
