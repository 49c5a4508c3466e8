#include "runner/cli/check-command.h"

#include "conformance/check.h"
#include "reports/html-writer.h"
#include "reports/json-writer.h"
#include "reports/junit-writer.h"

#include <cstdio>
#include <iostream>
#include <sstream>

namespace ns3
{

const char* kCheckUsage =
    "  l2tplab check CAPTURE... [--rules GLOB[,GLOB...]] [--at IP[,IP...]] [--secret S] [--keys "
    "DIR]\n"
    "                [--json F] [--junit F] [--html F] [--quiet] [--list-rules]\n"
    "        Judge captures against the RFC rule catalog (docs/conformance.md). Records come from\n"
    "        tshark's dissectors. One line per rule: pass / FAIL (with frame numbers) / warn\n"
    "        (a SHOULD) / n/a. --rules selects rules by id glob (default: all; e.g.\n"
    "        'RFC2661-5.8-*'). --at names the capture point: the capture was taken on the host\n"
    "        owning these addresses, so a message addressed to them provably arrived (the\n"
    "        acknowledgement/answer rules then judge it; without --at they judge only what the\n"
    "        receiver's own traffic proves it got). --secret un-hides AVPs. --keys DIR decrypts\n"
    "        ESP/IKE with Wireshark key files. --json/--junit/--html write reports (the HTML one\n"
    "        with ladder diagrams of every L2TP control connection, its PPP negotiation and\n"
    "        every IKE SA).\n";

namespace
{

std::vector<std::string>
SplitComma(const std::string& s)
{
    std::vector<std::string> out;
    std::stringstream ss(s);
    for (std::string t; std::getline(ss, t, ',');)
    {
        if (!t.empty())
        {
            out.push_back(t);
        }
    }
    return out;
}

std::string
Frames(const std::vector<uint32_t>& frames)
{
    std::string s;
    size_t shown = 0;
    for (uint32_t f : frames)
    {
        if (shown++ == 12)
        {
            s += ", ... (" + std::to_string(frames.size()) + " in all)";
            break;
        }
        s += (s.empty() ? "" : ", ") + std::to_string(f);
    }
    return s;
}

/** What the command line asks for. */
struct CheckArgs
{
    std::vector<std::string> captures; //!< captures to judge, in order
    std::vector<std::string> globs;    //!< --rules (default "*")
    std::string json;                  //!< --json file
    std::string junit;                 //!< --junit file
    std::string html;                  //!< --html file
    bool quiet{false};                 //!< --quiet: failing rules only
    ExtractOptions opts;               //!< --at, --secret, --keys
};

/** The rule catalog, one line per rule (--list-rules). */
void
ListRules()
{
    for (const Rule& r : GetRuleCatalog())
    {
        std::printf("%-48s %s §%-6s %-8s %s\n", r.id, r.rfc, r.section, ToString(r.level).c_str(),
                    r.requirement);
    }
}

/** --at IP[,IP...]: false (message printed) if one is not an address. */
bool
AddCapturePoint(const std::string& list, ExtractOptions& opts)
{
    for (const auto& ip : SplitComma(list))
    {
        if (NormalizeAddress(ip).empty())
        {
            std::cerr << "l2tplab check: --at '" << ip << "' is not an IP address\n";
            return false;
        }
        opts.capturePoint.push_back(ip);
    }
    return true;
}

/**
 * Parse the arguments. \return -1 to go on and check, else the exit code (--help and --list-rules
 * print and exit 0, bad arguments 2).
 */
int
ParseCheckArgs(const std::vector<std::string>& args, CheckArgs& out)
{
    // Options that take a value, and where it goes.
    const std::vector<std::pair<const char*, std::string*>> valued = {
        {"--secret", &out.opts.sharedSecret},
        {"--keys", &out.opts.wiresharkConfigDir},
        {"--json", &out.json},
        {"--junit", &out.junit},
        {"--html", &out.html},
    };
    for (size_t i = 0; i < args.size(); ++i)
    {
        const std::string& a = args[i];
        std::string* into = nullptr;
        std::string v;
        for (const auto& o : valued)
        {
            into = a == o.first ? o.second : into;
        }
        if (a == "--rules" || a == "--at")
        {
            into = &v;
        }
        if (into)
        {
            if (i + 1 >= args.size())
            {
                std::cerr << "l2tplab check: " << a << " needs a value\n";
                return 2;
            }
            *into = args[++i];
        }
        if (a == "--rules")
        {
            for (const auto& g : SplitComma(v))
            {
                out.globs.push_back(g);
            }
        }
        else if (a == "--at")
        {
            if (!AddCapturePoint(v, out.opts))
            {
                return 2;
            }
        }
        else if (into)
        {
            continue;
        }
        else if (a == "--quiet" || a == "-q")
        {
            out.quiet = true;
        }
        else if (a == "--help" || a == "-h")
        {
            std::cout << kCheckUsage;
            return 0;
        }
        else if (a == "--list-rules")
        {
            ListRules();
            return 0;
        }
        else if (!a.empty() && a[0] == '-')
        {
            std::cerr << "l2tplab check: unknown option '" << a << "'\n" << kCheckUsage;
            return 2;
        }
        else
        {
            out.captures.push_back(a);
        }
    }
    if (out.captures.empty())
    {
        std::cerr << "l2tplab check: no capture given\n" << kCheckUsage;
        return 2;
    }
    if (out.globs.empty())
    {
        out.globs.push_back("*");
    }
    return -1;
}

/** The text report of one checked capture: a summary line, then one line per rule. */
void
PrintCheckReport(const std::string& pcap, const CheckReport& r, bool quiet)
{
    std::printf("%s: %s  (%u L2TP messages, %u control, %u tunnels, %u sessions; %u PPP, "
                "%u ESP, %u IKE, %u port-4500; %u rules: %u pass, %u FAIL, %u warn, %u n/a%s; "
                "tshark %s)\n",
                pcap.c_str(), r.Passed() ? "PASS" : "FAIL", r.l2tpMessages, r.controlMessages,
                r.tunnels, r.sessions, r.pppPackets, r.espPackets, r.ikeMessages, r.nattDatagrams,
                r.summary.rules, r.summary.passed, r.summary.failed, r.summary.warnings,
                r.summary.notApplicable,
                r.summary.consequences
                    ? (", " + std::to_string(r.summary.consequences) + " consequence only").c_str()
                    : "",
                r.tsharkVersion.c_str());
    for (const RuleResult& res : r.results)
    {
        const RuleVerdict& v = res.verdict;
        bool fail = v.verdict == Verdict::FAIL;
        bool conseq = v.verdict == Verdict::CONSEQUENCE;
        bool should = res.level == RuleLevel::SHOULD;
        if (quiet && !fail && !conseq)
        {
            continue;
        }
        const char* word = conseq  ? "csq"
                           : !fail ? (v.verdict == Verdict::PASS ? "pass" : "n/a")
                                   : (should ? "warn" : "FAIL");
        std::printf("  %-4s %-46s %s", word, res.id.c_str(), res.Citation().c_str());
        if (fail)
        {
            std::printf("  frames %s: %s", Frames(v.failingFrames).c_str(), v.detail.c_str());
        }
        else if (conseq)
        {
            std::printf("  %s", v.detail.c_str());
        }
        std::printf("\n");
    }
}

/** --json, --junit, --html. \return 0, or 3 (message printed) when a file cannot be written. */
int
WriteCheckReports(const CheckArgs& a,
                  const std::vector<CheckReport>& reports,
                  const std::vector<RecordSet>& ladders)
{
    std::string err;
    if (!a.json.empty() && !WriteJsonReport(a.json, reports, err))
    {
        std::cerr << "l2tplab check: " << err << "\n";
        return 3;
    }
    if (!a.junit.empty() && !WriteJunitReport(a.junit, reports, err))
    {
        std::cerr << "l2tplab check: " << err << "\n";
        return 3;
    }
    if (!a.html.empty() && !WriteHtml(a.html, RenderCheckHtml(reports, ladders), err))
    {
        std::cerr << "l2tplab check: " << err << "\n";
        return 3;
    }
    return 0;
}

} // namespace

int
RunCheckCommand(const std::vector<std::string>& args)
{
    CheckArgs a;
    const int parsed = ParseCheckArgs(args, a);
    if (parsed >= 0)
    {
        return parsed;
    }
    std::vector<CheckReport> reports;
    std::vector<RecordSet> ladders;
    int rc = 0;
    for (const std::string& pcap : a.captures)
    {
        RecordSet rs;
        std::string extractError;
        CheckReport r;
        if (ExtractL2tpRecords(pcap, a.opts, rs, extractError))
        {
            r = CheckRecords(rs, a.globs, a.opts.capturePoint);
            ladders.push_back(std::move(rs));
        }
        else
        {
            r.pcap = pcap;
            r.ok = false;
            r.error = extractError;
        }
        if (!r.ok)
        {
            std::cerr << pcap << ": error: " << r.error << "\n";
            bool env = r.error.find("tshark") != std::string::npos &&
                       r.error.find("not found") != std::string::npos;
            rc = std::max(rc, env ? 3 : 2);
            reports.push_back(r);
            continue;
        }
        if (!r.unmatchedGlobs.empty())
        {
            for (const auto& g : r.unmatchedGlobs)
            {
                std::cerr << "l2tplab check: --rules '" << g << "' selects no rule "
                          << "(see l2tplab check --list-rules)\n";
            }
            return 2;
        }
        PrintCheckReport(pcap, r, a.quiet);
        if (!r.Passed())
        {
            rc = std::max(rc, 1);
        }
        reports.push_back(r);
    }
    const int written = WriteCheckReports(a, reports, ladders);
    return written ? written : rc;
}

} // namespace ns3
