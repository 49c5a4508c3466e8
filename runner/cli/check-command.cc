#include "runner/cli/check-command.h"

#include "conformance/check.h"
#include "conformance/engine.h"
#include "reports/html-writer.h"
#include "reports/json-writer.h"
#include "reports/junit-writer.h"

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <mutex>
#include <sstream>
#include <thread>
#include <unistd.h>

namespace ns3
{

const char* kCheckUsage =
    "  l2tplab check CAPTURE... [--rules GLOB[,GLOB...]] [--at IP[,IP...]] [--secret S] [--keys "
    "DIR]\n"
    "                [--engine fast|tshark] [--cross-check] [--json F] [--junit F] [--html F]\n"
    "                [--quiet] [-j N] [--memory SIZE] [--list-rules]\n"
    "        Judge captures (pcap or pcapng; Ethernet incl. VLAN tags and PPPoE, Linux cooked\n"
    "        SLL/SLL2, raw IP, PPP, loopback) against the RFC rule catalog\n"
    "        (docs/conformance.md). One line per rule: pass / FAIL (with frame numbers) / warn\n"
    "        (a SHOULD) / n/a.\n"
    "        --engine fast (default) decodes with libpcap and l2tplab's own tshark-faithful\n"
    "        decoders; --engine tshark takes every record from tshark's dissectors (the\n"
    "        oracle). A capture the fast engine cannot decode alone (MP fragments, GRE, AH, ESP\n"
    "        or IKE to decrypt with --keys, hidden AVPs with --secret, ...) is judged by tshark\n"
    "        and the report says why. --cross-check runs both engines and fails (exit 1) on any\n"
    "        record or verdict that differs, listing each difference (a capture handed to\n"
    "        tshark cannot be cross-checked: a note says so).\n"
    "        --rules selects rules by id glob (default: all; e.g. 'RFC2661-5.8-*'). --at names\n"
    "        the capture point: the capture was taken on the host owning these addresses, so a\n"
    "        message addressed to them provably arrived (the acknowledgement/answer rules then\n"
    "        judge it; without --at they judge only what the receiver's own traffic proves it\n"
    "        got). --secret un-hides AVPs. --keys DIR decrypts ESP/IKEv1 with Wireshark key\n"
    "        files (esp_sa, ikev1_decryption_table; ESP decryption is switched on by the\n"
    "        checker, and it says so when keys were given but no ESP packet decrypted).\n"
    "        --json/--junit/--html write reports (the HTML one with ladder diagrams of every\n"
    "        L2TP control connection, its PPP negotiation and every IKE SA). A progress line\n"
    "        goes to stderr when it is a terminal (not with --quiet; one capture at a time).\n"
    "        -j N judges N captures at once on separate threads (default: the number of\n"
    "        cores); one capture alone is read by a pipeline of threads (read, decode, file)\n"
    "        and has its rules judged N at a time. -j 1 does everything on one thread. The\n"
    "        output is the same, in the same order, as with -j 1.\n"
    "        --memory SIZE (default 2G; K, M, G) bounds the records one capture holds: a\n"
    "        capture whose records need more is judged in parts, each holding some pairs of\n"
    "        addresses, one pass over the file per part; the verdicts are the same, and a\n"
    "        note says so (not with --cross-check, which keeps every record; --html then\n"
    "        draws no ladders).\n";

namespace
{

/** `--memory` when not given: records of one capture held at most (estimated bytes). */
constexpr uint64_t kDefaultCheckMemory = uint64_t{2} << 30;

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
    ExtractOptions opts;               //!< --at, --secret, --keys, --memory
    EngineOptions engine;              //!< --engine, --cross-check
    unsigned jobs{0};                  //!< -j: captures judged at once (0 = cores)
};

/** The progress line on stderr (a terminal only): packets/s and % of the file. */
struct Progress
{
    std::string name; //!< capture being read
    std::chrono::steady_clock::time_point start{std::chrono::steady_clock::now()}; //!< first call
    bool shown{false}; //!< a line is on the terminal

    static void
    Report(void* ctx, uint64_t frames, uint64_t bytes, uint64_t fileBytes)
    {
        auto* p = static_cast<Progress*>(ctx);
        double s =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - p->start).count();
        double pct = fileBytes ? 100.0 * static_cast<double>(bytes) / fileBytes : 0.0;
        std::fprintf(stderr, "\r%s: %llu packets, %.0f packets/s, %.0f%% of the file   ",
                     p->name.c_str(), static_cast<unsigned long long>(frames),
                     s > 0 ? static_cast<double>(frames) / s : 0.0, std::min(pct, 100.0));
        p->shown = true;
    }

    void
    Clear()
    {
        if (shown)
        {
            std::fprintf(stderr, "\r\033[K");
        }
    }
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

/** "512M", "4G", "65536": a size in bytes (K, M, G: powers of 1024), above zero. */
bool
ParseMemory(const std::string& v, uint64_t& bytes)
{
    char* end = nullptr;
    const unsigned long long n = std::strtoull(v.c_str(), &end, 10);
    if (v.empty() || !std::isdigit(static_cast<unsigned char>(v[0])) || n == 0)
    {
        return false;
    }
    const std::string unit = end;
    const std::vector<std::pair<std::string, unsigned>> units = {
        {"", 0}, {"K", 10}, {"M", 20}, {"G", 30}, {"k", 10}, {"m", 20}, {"g", 30}};
    for (const auto& [name, shift] : units)
    {
        if (unit == name && n <= (~0ull >> shift))
        {
            bytes = static_cast<uint64_t>(n) << shift;
            return true;
        }
    }
    return false;
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
        if (a == "--rules" || a == "--at" || a == "--engine" || a == "-j" || a == "--jobs" ||
            a == "--memory")
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
        else if (a == "--engine")
        {
            if (!ParseCheckEngine(v, out.engine.engine))
            {
                std::cerr << "l2tplab check: --engine must be fast or tshark, not '" << v << "'\n";
                return 2;
            }
        }
        else if (a == "--memory")
        {
            if (!ParseMemory(v, out.opts.memoryBudget))
            {
                std::cerr << "l2tplab check: --memory must be a size such as 512M or 4G (K, M, G: "
                             "powers of 1024), not '"
                          << v << "'\n";
                return 2;
            }
        }
        else if (a == "-j" || a == "--jobs")
        {
            char* end = nullptr;
            unsigned long n = std::strtoul(v.c_str(), &end, 10);
            if (v.empty() || *end != '\0' || n == 0 || n > 1024)
            {
                std::cerr << "l2tplab check: " << a << " must be a number of jobs (1..1024), not '"
                          << v << "'\n";
                return 2;
            }
            out.jobs = static_cast<unsigned>(n);
        }
        else if (into)
        {
            continue;
        }
        else if (a == "--cross-check")
        {
            out.engine.crossCheck = true;
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
                "engine %s%s)\n",
                pcap.c_str(), r.Passed() ? "PASS" : "FAIL", r.l2tpMessages, r.controlMessages,
                r.tunnels, r.sessions, r.pppPackets, r.espPackets, r.ikeMessages, r.nattDatagrams,
                r.summary.rules, r.summary.passed, r.summary.failed, r.summary.warnings,
                r.summary.notApplicable,
                r.summary.consequences
                    ? (", " + std::to_string(r.summary.consequences) + " consequence only").c_str()
                    : "",
                r.engine.c_str(), r.engine == "fast" ? "" : (", " + r.tsharkVersion).c_str());
    if (!r.engineFallback.empty())
    {
        std::printf("  note: judged by tshark, not the fast engine: %s\n",
                    r.engineFallback.c_str());
    }
    for (const std::string& n : r.notes)
    {
        std::printf("  note: %s\n", n.c_str());
    }
    if (r.crossChecked)
    {
        std::printf("  cross-check: %s\n", r.crossCheckDifferences.empty()
                                               ? "both engines agree on every record and verdict"
                                               : "the engines DIFFER:");
        for (const std::string& d : r.crossCheckDifferences)
        {
            std::printf("    %s\n", d.c_str());
        }
    }
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

/** One capture judged: its report and (for --html) its records. */
struct Judged
{
    CheckReport report;
    RecordSet records;
    bool done{false};
};

/**
 * Keep the last capture's records until the process ends instead of freeing them: `check` exits
 * right after its report, and the system takes the whole heap back at once, while freeing a
 * capture's records one block at a time (a million-packet capture of session setups holds millions
 * of them) takes a tenth of the judging time. Compilers do the same with their syntax trees
 * (clang's -disable-free). The records stay reachable (no leak report under a sanitizer).
 */
void
LeaveToExit(RecordSet&& rs)
{
    static RecordSet* kept = nullptr;
    if (kept == nullptr)
    {
        kept = new RecordSet(std::move(rs));
    }
    else
    {
        *kept = std::move(rs); // the previous one is freed (check runs once per process)
    }
}

/**
 * Judge every capture, `jobs` at a time on worker threads, and hand each result to `emit` in
 * capture order as soon as it and every capture before it are done (the output of -j N is the
 * output of -j 1). A judged capture's records are released once emitted.
 */
template <typename Emit>
void
JudgeAll(const CheckArgs& a, unsigned jobs, bool keepRecords, Emit emit)
{
    const size_t n = a.captures.size();
    const bool serial = jobs <= 1 || n <= 1; // one capture at a time: the progress line may show
    std::vector<Judged> slots(n);
    std::mutex mu;
    std::condition_variable cv;
    std::atomic<size_t> next{0};
    auto judgeOne = [&](size_t i)
    {
        Progress progress;
        progress.name = a.captures[i];
        EngineOptions eng = a.engine;
        // Captures judged side by side take one core each; one capture at a time is read in a
        // pipeline (read, decode, file) and has its rules judged on `jobs` cores (-j 1:
        // everything on one thread).
        eng.threads = serial ? jobs : 1;
        if (serial && !a.quiet && isatty(STDERR_FILENO))
        {
            eng.progress = &Progress::Report;
            eng.progressCtx = &progress;
        }
        RecordSet rs;
        // --html draws every data message in its ladders (runs per direction): kept as records
        // then; without it they are counted in their sessions (docs/conformance.md, Streaming).
        ExtractOptions opts = a.opts;
        opts.summarizeData = opts.summarizeData && !keepRecords;
        // The last capture's records are handed out too: they are left to the process exit.
        const bool last = i + 1 == n;
        CheckReport r =
            JudgeCapture(a.captures[i], a.globs, opts, eng, keepRecords || last ? &rs : nullptr);
        progress.Clear();
        std::lock_guard<std::mutex> lock(mu);
        slots[i].report = std::move(r);
        slots[i].records = std::move(rs);
        slots[i].done = true;
        cv.notify_all();
    };
    auto worker = [&]
    {
        for (size_t i = next++; i < n; i = next++)
        {
            judgeOne(i);
        }
    };
    std::vector<std::thread> threads;
    for (unsigned t = 0; !serial && t < jobs && t < n; ++t)
    {
        threads.emplace_back(worker); // the calling thread only prints, in capture order
    }
    for (size_t i = 0; i < n; ++i)
    {
        if (serial)
        {
            judgeOne(i); // serial: judge and emit one capture after the other
        }
        {
            std::unique_lock<std::mutex> lock(mu);
            cv.wait(lock,
                    [&]
                    {
                        return slots[i].done;
                    });
        }
        Judged j = std::move(slots[i]);
        emit(j.report, j.records);
        if (i + 1 == n)
        {
            LeaveToExit(std::move(j.records));
        }
    }
    for (auto& t : threads)
    {
        t.join();
    }
}

} // namespace

int
RunCheckCommand(const std::vector<std::string>& args)
{
    CheckArgs a;
    a.opts.memoryBudget = kDefaultCheckMemory;
    const int parsed = ParseCheckArgs(args, a);
    if (parsed >= 0)
    {
        return parsed;
    }
    const unsigned jobs = a.jobs ? a.jobs : std::max(1u, std::thread::hardware_concurrency());
    std::vector<CheckReport> reports;
    std::vector<RecordSet> ladders;
    int rc = 0;
    bool badGlob = false;
    // Only --html draws ladders from the records; without it they are dropped with the capture.
    JudgeAll(a, jobs, !a.html.empty(),
             [&](CheckReport& r, RecordSet& rs)
             {
                 if (badGlob)
                 {
                     return;
                 }
                 const std::string& pcap = r.pcap;
                 if (!r.ok)
                 {
                     std::cerr << pcap << ": error: " << r.error << "\n";
                     bool env = r.error.find("tshark") != std::string::npos &&
                                r.error.find("not found") != std::string::npos;
                     rc = std::max(rc, env ? 3 : 2);
                     reports.push_back(std::move(r));
                     return;
                 }
                 if (!r.unmatchedGlobs.empty())
                 {
                     for (const auto& g : r.unmatchedGlobs)
                     {
                         std::cerr << "l2tplab check: --rules '" << g << "' selects no rule "
                                   << "(see l2tplab check --list-rules)\n";
                     }
                     badGlob = true;
                     return;
                 }
                 PrintCheckReport(pcap, r, a.quiet);
                 std::fflush(stdout);
                 if (!r.Passed())
                 {
                     rc = std::max(rc, 1);
                 }
                 if (!a.html.empty())
                 {
                     ladders.push_back(std::move(rs));
                 }
                 reports.push_back(std::move(r));
             });
    if (badGlob)
    {
        return 2;
    }
    const int written = WriteCheckReports(a, reports, ladders);
    return written ? written : rc;
}

} // namespace ns3
