#include "bench/bench-check.h"

#include "conformance/engine.h"
#include "conformance/fast-records.h"
#include "conformance/records.h"
#include "runner/ns3/scenario-runner.h"
#include "runner/scenario-loader.h"

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <string>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>
#include <vector>

using namespace ns3;
namespace fs = std::filesystem;

namespace
{

double
Now()
{
    using namespace std::chrono;
    return duration<double>(steady_clock::now().time_since_epoch()).count();
}

/** One measurement: wall seconds and peak RSS (KiB) of what ran in a forked child. */
struct Sample
{
    double wall{0};
    long peakKb{0};
    double value{0}; //!< what the child reported (packets, records, ...)
    bool ok{false};
};

/** Run fn in a child; it returns a value; wall time and the child's (and its children's) peak
 * RSS come back. */
template <typename Fn>
Sample
Measure(Fn fn)
{
    int fds[2];
    Sample s;
    if (pipe(fds) != 0)
    {
        return s;
    }
    double t0 = Now();
    pid_t pid = fork();
    if (pid == 0)
    {
        close(fds[0]);
        double v = fn();
        struct rusage self;
        struct rusage kids;
        getrusage(RUSAGE_SELF, &self);
        getrusage(RUSAGE_CHILDREN, &kids);
        FILE* out = fdopen(fds[1], "w");
        std::fprintf(out, "%f %ld\n", v, std::max(self.ru_maxrss, kids.ru_maxrss));
        std::fclose(out);
        _exit(0);
    }
    close(fds[1]);
    FILE* in = fdopen(fds[0], "r");
    s.ok = std::fscanf(in, "%lf %ld", &s.value, &s.peakKb) == 2;
    std::fclose(in);
    int status = 0;
    waitpid(pid, &status, 0);
    s.wall = Now() - t0;
    s.ok = s.ok && WIFEXITED(status) && WEXITSTATUS(status) == 0;
    return s;
}

/** Frames in a capture (the fast engine's count). */
uint64_t
Frames(const std::string& pcap)
{
    RecordSet rs;
    std::string err;
    FastExtractStats st;
    ExtractOptions o;
    o.learnPorts = false;
    return ExtractL2tpRecordsFast(pcap, o, rs, err, &st) ? st.frames : 0;
}

/** The seed: the given capture, or the LNS capture of a l2tp-many-clients run. */
std::string
Seed(const CheckBenchArgs& a, const std::string& dir)
{
    if (!a.seed.empty())
    {
        return a.seed;
    }
    Scenario sc;
    std::vector<ScenarioError> errors;
    if (!LoadScenario(std::string(L2TPLAB_SOURCE_DIR) + "/scenarios/l2tp-many-clients.yaml", sc,
                      errors))
    {
        return "";
    }
    RunOptions opt;
    opt.outDir = dir + "/seed";
    opt.judge = false;
    RunSummary s;
    std::string err;
    if (!RunScenario(sc, opt, s, err))
    {
        std::fprintf(stderr, "check bench: seed run failed: %s\n", err.c_str());
        return "";
    }
    std::string best;
    uintmax_t size = 0;
    for (const auto& rel : s.pcaps)
    {
        fs::path p = fs::path(s.outDir) / rel;
        if (fs::file_size(p) > size)
        {
            size = fs::file_size(p);
            best = p.string();
        }
    }
    return best;
}

/** Double the capture (editcap -t then mergecap -a) until it holds `packets` frames. */
std::string
Grow(const std::string& seed, long packets, const std::string& dir)
{
    std::string cur = dir + "/grow-0.pcap";
    fs::copy_file(seed, cur, fs::copy_options::overwrite_existing);
    uint64_t n = Frames(cur);
    for (int round = 1; n > 0 && n < static_cast<uint64_t>(packets); ++round)
    {
        // Each copy starts after the previous one ends: a later busy period of the same LNS.
        RecordSet rs;
        std::string err;
        ExtractL2tpRecordsFast(cur, ExtractOptions(), rs, err);
        TimeNs span = rs.records.empty() ? kSec : rs.records.back().time + kSec;
        std::string shifted = dir + "/shift.pcap";
        std::string next = dir + "/grow-" + std::to_string(round) + ".pcap";
        ProcessResult e = RunProcess(
            {"editcap", "-t", std::to_string(static_cast<double>(span) / kSec), cur, shifted});
        ProcessResult m = RunProcess({"mergecap", "-a", "-w", next, cur, shifted});
        if (e.exitCode != 0 || m.exitCode != 0)
        {
            std::fprintf(stderr, "check bench: editcap/mergecap failed: %s%s\n", e.err.c_str(),
                         m.err.c_str());
            return "";
        }
        fs::remove(cur);
        fs::remove(shifted);
        cur = next;
        n *= 2;
    }
    return cur;
}

} // namespace

bool
ReportCheckBench(const CheckBenchArgs& a, std::ostringstream& js)
{
    std::string dir =
        (fs::temp_directory_path() / ("l2tplab-bench-check-" + std::to_string(getpid()))).string();
    fs::create_directories(dir);
    std::string pcap = a.capture;
    if (pcap.empty())
    {
        std::string seed = Seed(a, dir);
        pcap = seed.empty() ? "" : Grow(seed, a.packets, dir);
    }
    const double frames = pcap.empty() ? 0 : static_cast<double>(Frames(pcap));
    if (frames <= 0)
    {
        std::fprintf(stderr, "check bench: no capture\n");
        fs::remove_all(dir);
        return false;
    }
    std::printf("check benchmark on %s: %.0f packets, %.1f MB\n", pcap.c_str(), frames,
                static_cast<double>(fs::file_size(pcap)) / 1e6);
    const std::vector<std::string> none;
    Sample extract = Measure(
        [&]
        {
            RecordSet rs;
            std::string err;
            return ExtractL2tpRecordsFast(pcap, ExtractOptions(), rs, err)
                       ? static_cast<double>(rs.records.size())
                       : -1.0;
        });
    Sample fast = Measure(
        [&]
        {
            CheckReport r = JudgeCapture(pcap, none, ExtractOptions(), EngineOptions());
            return r.ok && r.engine == "fast" ? static_cast<double>(r.summary.rules) : -1.0;
        });
    Sample ts;
    if (a.tsharkEngine)
    {
        ts = Measure(
            [&]
            {
                EngineOptions e;
                e.engine = CheckEngine::TSHARK;
                CheckReport r = JudgeCapture(pcap, none, ExtractOptions(), e);
                return r.ok ? static_cast<double>(r.summary.rules) : -1.0;
            });
    }
    // The L2TP header fields an operator would extract with tshark, on the same file.
    Sample fields = Measure(
        [&]
        {
            std::vector<std::string> argv = {"tshark", "-n", "-r", pcap, "-T", "fields"};
            for (const char* f : {"frame.number", "ip.src", "ip.dst", "udp.srcport", "udp.dstport",
                                  "l2tp.type", "l2tp.tunnel", "l2tp.session", "l2tp.Ns", "l2tp.Nr",
                                  "l2tp.avp.type", "l2tp.avp.message_type"})
            {
                argv.push_back("-e");
                argv.push_back(f);
            }
            ProcessResult r = RunProcess(argv);
            return r.exitCode == 0 ? static_cast<double>(r.out.size()) : -1.0;
        });
    auto line = [frames](const char* what, const Sample& s)
    {
        std::printf("%-44s %12.0f packets/s  (%.2f s, peak RSS %.0f MB)%s\n", what,
                    s.wall > 0 ? frames / s.wall : 0, s.wall, s.peakKb / 1024.0,
                    s.ok && s.value >= 0 ? "" : "  FAILED");
    };
    line("fast engine: records only", extract);
    line("l2tplab check --engine fast", fast);
    if (a.tsharkEngine)
    {
        line("l2tplab check --engine tshark", ts);
    }
    line("tshark -T fields (L2TP header fields)", fields);
    const double ratio = fast.wall > 0 ? fields.wall / fast.wall : 0;
    std::printf("%-44s %12.1fx  (target >= 20x)\n", "check --engine fast vs tshark -T fields",
                ratio);
    if (a.tsharkEngine && fast.wall > 0)
    {
        std::printf("%-44s %12.1fx\n", "check --engine fast vs --engine tshark",
                    ts.wall / fast.wall);
    }
    js << ",\"check_packets\":" << frames << ",\"check_fast_pps\":" << frames / fast.wall
       << ",\"check_fast_records_pps\":" << frames / extract.wall
       << ",\"check_fast_peak_kb\":" << fast.peakKb
       << ",\"tshark_fields_pps\":" << frames / fields.wall
       << ",\"tshark_fields_peak_kb\":" << fields.peakKb << ",\"check_fast_vs_fields\":" << ratio;
    if (a.tsharkEngine)
    {
        js << ",\"check_tshark_pps\":" << frames / ts.wall
           << ",\"check_tshark_peak_kb\":" << ts.peakKb;
    }
    fs::remove_all(dir);
    return extract.ok && fast.ok && fields.ok && (!a.tsharkEngine || ts.ok);
}
