#include "conformance/check-command.h"

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

} // namespace

int
RunCheckCommand(const std::vector<std::string>& args)
{
    std::vector<std::string> captures;
    std::vector<std::string> globs;
    std::string json;
    std::string junit;
    std::string html;
    bool quiet = false;
    ExtractOptions opts;
    for (size_t i = 0; i < args.size(); ++i)
    {
        const std::string& a = args[i];
        auto value = [&](std::string& into)
        {
            if (i + 1 >= args.size())
            {
                std::cerr << "l2tplab check: " << a << " needs a value\n";
                return false;
            }
            into = args[++i];
            return true;
        };
        std::string v;
        if (a == "--rules")
        {
            if (!value(v))
            {
                return 2;
            }
            for (const auto& g : SplitComma(v))
            {
                globs.push_back(g);
            }
        }
        else if (a == "--at")
        {
            if (!value(v))
            {
                return 2;
            }
            for (const auto& ip : SplitComma(v))
            {
                if (!NormalizeAddress(ip).empty())
                {
                    opts.capturePoint.push_back(ip);
                }
                else
                {
                    std::cerr << "l2tplab check: --at '" << ip << "' is not an IP address\n";
                    return 2;
                }
            }
        }
        else if (a == "--secret")
        {
            if (!value(opts.sharedSecret))
            {
                return 2;
            }
        }
        else if (a == "--keys")
        {
            if (!value(opts.wiresharkConfigDir))
            {
                return 2;
            }
        }
        else if (a == "--json")
        {
            if (!value(json))
            {
                return 2;
            }
        }
        else if (a == "--junit")
        {
            if (!value(junit))
            {
                return 2;
            }
        }
        else if (a == "--html")
        {
            if (!value(html))
            {
                return 2;
            }
        }
        else if (a == "--quiet" || a == "-q")
        {
            quiet = true;
        }
        else if (a == "--help" || a == "-h")
        {
            std::cout << kCheckUsage;
            return 0;
        }
        else if (a == "--list-rules")
        {
            for (const Rule& r : GetRuleCatalog())
            {
                std::printf("%-48s %s §%-6s %-8s %s\n", r.id, r.rfc, r.section,
                            ToString(r.level).c_str(), r.requirement);
            }
            return 0;
        }
        else if (!a.empty() && a[0] == '-')
        {
            std::cerr << "l2tplab check: unknown option '" << a << "'\n" << kCheckUsage;
            return 2;
        }
        else
        {
            captures.push_back(a);
        }
    }
    if (captures.empty())
    {
        std::cerr << "l2tplab check: no capture given\n" << kCheckUsage;
        return 2;
    }
    if (globs.empty())
    {
        globs.push_back("*");
    }
    std::vector<CheckReport> reports;
    std::vector<RecordSet> ladders;
    int rc = 0;
    for (const std::string& pcap : captures)
    {
        RecordSet rs;
        std::string extractError;
        CheckReport r;
        if (ExtractL2tpRecords(pcap, opts, rs, extractError))
        {
            r = CheckRecords(rs, globs, opts.capturePoint);
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
        std::printf("%s: %s  (%u L2TP messages, %u control, %u tunnels, %u sessions; %u PPP, "
                    "%u ESP, %u IKE, %u port-4500; %u rules: %u pass, %u FAIL, %u warn, %u n/a; "
                    "tshark %s)\n",
                    pcap.c_str(), r.Passed() ? "PASS" : "FAIL", r.l2tpMessages, r.controlMessages,
                    r.tunnels, r.sessions, r.pppPackets, r.espPackets, r.ikeMessages,
                    r.nattDatagrams, r.summary.rules, r.summary.passed, r.summary.failed,
                    r.summary.warnings, r.summary.notApplicable, r.tsharkVersion.c_str());
        for (const RuleResult& res : r.results)
        {
            const RuleVerdict& v = res.verdict;
            bool fail = v.verdict == Verdict::FAIL;
            bool should = res.level == RuleLevel::SHOULD;
            if (quiet && !fail)
            {
                continue;
            }
            const char* word =
                !fail ? (v.verdict == Verdict::PASS ? "pass" : "n/a") : (should ? "warn" : "FAIL");
            std::printf("  %-4s %-46s %s", word, res.id.c_str(), res.Citation().c_str());
            if (fail)
            {
                std::printf("  frames %s: %s", Frames(v.failingFrames).c_str(), v.detail.c_str());
            }
            std::printf("\n");
        }
        if (!r.Passed())
        {
            rc = std::max(rc, 1);
        }
        reports.push_back(r);
    }
    std::string err;
    if (!json.empty() && !WriteJsonReport(json, reports, err))
    {
        std::cerr << "l2tplab check: " << err << "\n";
        return 3;
    }
    if (!junit.empty() && !WriteJunitReport(junit, reports, err))
    {
        std::cerr << "l2tplab check: " << err << "\n";
        return 3;
    }
    if (!html.empty() && !WriteHtml(html, RenderCheckHtml(reports, ladders), err))
    {
        std::cerr << "l2tplab check: " << err << "\n";
        return 3;
    }
    return rc;
}

} // namespace ns3
