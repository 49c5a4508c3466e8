#include "runner/cli/compare-command.h"

#include "conformance/compare.h"
#include "conformance/records.h"

#include "model/common/file-io.h"
#include "model/common/text.h"

#include <cstdio>
#include <iostream>

namespace ns3
{

const char* kCompareUsage =
    "  l2tplab compare A B [--tunnel-a N] [--tunnel-b M] [--all] [--secret S] [--json F]\n"
    "        Flow-level diff of two captures' L2TP control exchanges (docs/compare.md), per\n"
    "        tunnel and per role (initiator = who sent SCCRQ): message sequence (LCS-aligned),\n"
    "        AVP differences, timers, data-channel bits. '=' same, '!' interop-relevant, '~'\n"
    "        informational (AVP details only with --all). Tunnels pair by order of SCCRQ unless\n"
    "        --tunnel-a/--tunnel-b (1-based) pick one. Exit 0 no interop-relevant difference,\n"
    "        1 some, 2 bad input, 3 tshark missing.\n";

namespace
{

bool
ParseIndex(const std::string& s, unsigned& v)
{
    uint64_t x = 0;
    if (s.size() > 6 || s.find_first_not_of("0123456789") != std::string::npos ||
        !ParseUnsigned(s, x, 10))
    {
        return false;
    }
    v = static_cast<unsigned>(x);
    return v >= 1;
}

bool
IsToolMissing(const std::string& error)
{
    return error.find("tshark") != std::string::npos &&
           error.find("not found") != std::string::npos;
}

} // namespace

int
RunCompareCommand(const std::vector<std::string>& args)
{
    std::vector<std::string> captures;
    std::string json;
    bool all = false;
    CompareOptions copts;
    ExtractOptions eopts;
    for (size_t i = 0; i < args.size(); ++i)
    {
        const std::string& a = args[i];
        auto value = [&](std::string& into)
        {
            if (i + 1 >= args.size())
            {
                std::cerr << "l2tplab compare: " << a << " needs a value\n";
                return false;
            }
            into = args[++i];
            return true;
        };
        std::string v;
        if (a == "--tunnel-a" || a == "--tunnel-b")
        {
            unsigned& into = a == "--tunnel-a" ? copts.tunnelA : copts.tunnelB;
            if (!value(v))
            {
                return 2;
            }
            if (!ParseIndex(v, into))
            {
                std::cerr << "l2tplab compare: " << a << " needs a tunnel number >= 1 (order of "
                          << "SCCRQ in the capture)\n";
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
        else if (a == "--secret")
        {
            if (!value(eopts.sharedSecret))
            {
                return 2;
            }
        }
        else if (a == "--all")
        {
            all = true;
        }
        else if (a == "-h" || a == "--help")
        {
            std::cout << kCompareUsage;
            return 0;
        }
        else if (!a.empty() && a[0] == '-')
        {
            std::cerr << "l2tplab compare: unknown option '" << a << "'\n" << kCompareUsage;
            return 2;
        }
        else
        {
            captures.push_back(a);
        }
    }
    if (captures.size() != 2)
    {
        std::cerr << "l2tplab compare: needs exactly two captures (got " << captures.size() << ")\n"
                  << kCompareUsage;
        return 2;
    }
    RecordSet sets[2];
    for (int k = 0; k < 2; ++k)
    {
        std::string err;
        if (!ExtractL2tpRecords(captures[k], eopts, sets[k], err))
        {
            std::cerr << captures[k] << ": error: " << err << "\n";
            return IsToolMissing(err) ? 3 : 2;
        }
    }
    CompareResult r = CompareCaptures(sets[0], sets[1], copts);
    if (!r.ok)
    {
        std::cerr << "l2tplab compare: " << r.error << "\n";
        return 2;
    }
    std::fputs(CompareResultToText(r, all).c_str(), stdout);
    std::fflush(stdout);
    if (!json.empty())
    {
        std::string err;
        if (!WriteFile(json, CompareResultToJson(r), err))
        {
            std::cerr << "l2tplab compare: " << err << "\n";
            return 3;
        }
    }
    return r.interopDifferences == 0 ? 0 : 1;
}

} // namespace ns3
