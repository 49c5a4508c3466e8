#include "bench/bench-check.h"

#include "conformance/engine.h"
#include "conformance/fast-records.h"
#include "conformance/records.h"
#include "runner/ns3/scenario-runner.h"
#include "runner/scenario-loader.h"

#include <pcap/pcap.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <string>
#include <sstream>
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

/** A field of /proc/self/status in KiB ("VmRSS", "VmHWM"), 0 if absent. */
long
StatusKb(const char* key)
{
    FILE* f = std::fopen("/proc/self/status", "r");
    if (!f)
    {
        return 0;
    }
    char line[256];
    long v = 0;
    const size_t n = std::strlen(key);
    while (std::fgets(line, sizeof(line), f))
    {
        if (std::strncmp(line, key, n) == 0 && line[n] == ':')
        {
            v = std::atol(line + n + 1);
            break;
        }
    }
    std::fclose(f);
    return v;
}

/**
 * Run fn in a child; it returns a value; wall time and peak RSS come back. The peak is what the
 * measurement itself added: the child's high-water mark minus what it inherited from this process
 * at fork (the seed simulations ran here, hundreds of MB), or its children's peak (tshark), which
 * is larger.
 */
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
        const long inherited = StatusKb("VmRSS");
        double v = fn();
        const long grown = StatusKb("VmHWM") - inherited;
        struct rusage kids;
        getrusage(RUSAGE_CHILDREN, &kids);
        FILE* out = fdopen(fds[1], "w");
        std::fprintf(out, "%f %ld\n", v, std::max(grown, kids.ru_maxrss));
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

/** Frames in a capture and the time from its first to its last frame, read with libpcap alone:
 * building records here would leave this process's heap large and resident, and every forked
 * measurement would then reuse it instead of growing (its peak RSS would read too low). */
uint64_t
Frames(const std::string& pcap, TimeNs* span = nullptr)
{
    char errbuf[PCAP_ERRBUF_SIZE] = {0};
    pcap_t* pc =
        pcap_open_offline_with_tstamp_precision(pcap.c_str(), PCAP_TSTAMP_PRECISION_NANO, errbuf);
    if (!pc)
    {
        return 0;
    }
    struct pcap_pkthdr* hdr = nullptr;
    const u_char* bytes = nullptr;
    uint64_t n = 0;
    TimeNs first = 0;
    TimeNs last = 0;
    while (pcap_next_ex(pc, &hdr, &bytes) == 1)
    {
        last = static_cast<TimeNs>(hdr->ts.tv_sec) * kSec + static_cast<TimeNs>(hdr->ts.tv_usec);
        first = n == 0 ? last : first;
        ++n;
    }
    pcap_close(pc);
    if (span)
    {
        *span = last - first;
    }
    return n;
}

/** The seed scenario of a mix (bench-check.h), relative to the source tree, or "". */
std::string
MixScenario(const std::string& mix)
{
    if (mix == "setup")
    {
        return "scenarios/l2tp-many-clients.yaml";
    }
    if (mix == "traffic")
    {
        return "bench/scenarios/check-traffic.yaml";
    }
    return "";
}

/** The seed: the given capture, or the largest capture of a run of the mix's scenario. */
std::string
Seed(const CheckBenchArgs& a, const std::string& mix, const std::string& dir)
{
    if (!a.seed.empty())
    {
        return a.seed;
    }
    Scenario sc;
    std::vector<ScenarioError> errors;
    if (!LoadScenario(std::string(L2TPLAB_SOURCE_DIR) + "/" + MixScenario(mix), sc, errors))
    {
        std::fprintf(stderr, "check bench: %s\n", FormatScenarioErrors(errors).c_str());
        return "";
    }
    // The simulation runs in a child, so that this process stays small (see Frames).
    int fds[2];
    if (pipe(fds) != 0)
    {
        return "";
    }
    pid_t pid = fork();
    if (pid == 0)
    {
        close(fds[0]);
        RunOptions opt;
        opt.outDir = dir + "/seed-" + mix;
        opt.judge = false;
        RunSummary s;
        std::string err;
        if (!RunScenario(sc, opt, s, err))
        {
            std::fprintf(stderr, "check bench: seed run failed: %s\n", err.c_str());
            _exit(1);
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
        ssize_t w = write(fds[1], best.data(), best.size());
        _exit(w == static_cast<ssize_t>(best.size()) ? 0 : 1);
    }
    close(fds[1]);
    std::string best;
    char buf[4096];
    ssize_t n;
    while ((n = read(fds[0], buf, sizeof(buf))) > 0)
    {
        best.append(buf, static_cast<size_t>(n));
    }
    close(fds[0]);
    int status = 0;
    waitpid(pid, &status, 0);
    return WIFEXITED(status) && WEXITSTATUS(status) == 0 ? best : "";
}

/** Double the capture (editcap -t then mergecap -a) until it holds `packets` frames. */
std::string
Grow(const std::string& seed, long packets, const std::string& dir)
{
    fs::create_directories(dir);
    std::string cur = dir + "/grow-0.pcap";
    fs::copy_file(seed, cur, fs::copy_options::overwrite_existing);
    uint64_t n = Frames(cur);
    for (int round = 1; n > 0 && n < static_cast<uint64_t>(packets); ++round)
    {
        // Each copy starts after the previous one ends: a later busy period of the same LNS.
        TimeNs span = 0;
        Frames(cur, &span);
        span += kSec;
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

/**
 * Measure fn `runs` times: the median wall time (the machine is shared: one run can be a third
 * slower than the next), the largest peak RSS, every run ok; `range` gets "min-max s".
 */
template <typename Fn>
Sample
MedianOf(int runs, Fn fn, std::string& range)
{
    std::vector<Sample> all;
    for (int i = 0; i < runs; ++i)
    {
        all.push_back(Measure(fn));
    }
    std::sort(all.begin(), all.end(),
              [](const Sample& a, const Sample& b)
              {
                  return a.wall < b.wall;
              });
    Sample m = all[all.size() / 2];
    for (const Sample& s : all)
    {
        m.ok = m.ok && s.ok && s.value >= 0;
        m.peakKb = std::max(m.peakKb, s.peakKb);
    }
    char buf[64];
    std::snprintf(buf, sizeof(buf), "%.2f-%.2f s", all.front().wall, all.back().wall);
    range = runs > 1 ? buf : "";
    return m;
}

/** The `l2tplab` command next to this benchmark's binary, or "" if there is none. */
std::string
CheckCommand()
{
    std::error_code ec;
    const fs::path self = fs::read_symlink("/proc/self/exe", ec);
    if (ec)
    {
        return "";
    }
    const fs::path cli = self.parent_path() / "l2tplab";
    return fs::exists(cli, ec) ? cli.string() : "";
}

/**
 * A command timed `runs` times (MedianOf). l2tplab check judged the capture when it exits 0 or 1
 * (a rule failed); tshark (`outputSize`) when it exits 0, the value then being its output's size.
 */
Sample
MedianOfCommand(int runs,
                const std::vector<std::string>& argv,
                std::string& range,
                bool outputSize = false)
{
    return MedianOf(
        runs,
        [&]
        {
            ProcessResult r = RunProcess(argv);
            if (outputSize)
            {
                return r.exitCode == 0 ? static_cast<double>(r.out.size()) : -1.0;
            }
            return r.exitCode == 0 || r.exitCode == 1 ? static_cast<double>(r.exitCode) : -1.0;
        },
        range);
}

/** What one measurement block timed (MeasureCapture). */
struct CheckSamples
{
    Sample extract; //!< fast engine, records only
    Sample fast;    //!< check --engine fast in this process
    Sample command; //!< the l2tplab check command
    Sample parted;  //!< the same with --memory (judged in parts)
    Sample kept;    //!< every data message kept
    Sample ts;      //!< check --engine tshark
    Sample fields;  //!< tshark -T fields
};

/** The block's JSON keys, each with the prefix. */
void
AppendCheckJson(std::ostringstream& js,
                const std::string& prefix,
                double frames,
                double ratio,
                const CheckSamples& m,
                bool tshark,
                bool parts)
{
    const std::string k = ",\"" + prefix;
    js << k << "check_packets\":" << frames << k << "check_fast_pps\":" << frames / m.fast.wall << k
       << "check_fast_records_pps\":" << frames / m.extract.wall << k
       << "check_fast_peak_kb\":" << m.fast.peakKb << k
       << "check_command_pps\":" << (m.command.wall > 0 ? frames / m.command.wall : 0) << k
       << "check_command_peak_kb\":" << m.command.peakKb << k
       << "check_fast_summarized\":" << m.fast.value << k
       << "check_fast_all_records_pps\":" << frames / m.kept.wall << k
       << "check_fast_all_records_peak_kb\":" << m.kept.peakKb << k
       << "tshark_fields_pps\":" << frames / m.fields.wall << k
       << "tshark_fields_peak_kb\":" << m.fields.peakKb << k << "check_fast_vs_fields\":" << ratio;
    if (tshark)
    {
        js << k << "check_tshark_pps\":" << frames / m.ts.wall << k
           << "check_tshark_peak_kb\":" << m.ts.peakKb;
    }
    if (parts)
    {
        js << k << "check_memory_pps\":" << (m.parted.wall > 0 ? frames / m.parted.wall : 0) << k
           << "check_memory_peak_kb\":" << m.parted.peakKb;
    }
}

/**
 * `l2tplab check --memory SIZE` on the capture, timed `repeat` times (median, range); `note` gets
 * "judged in N parts" (or "judged whole").
 */
Sample
MeasureInParts(const CheckBenchArgs& a,
               const std::string& cli,
               const std::string& pcap,
               std::string& range,
               std::string& note)
{
    const std::vector<std::string> argv = {cli,       "check",    "--engine", "fast",
                                           "--quiet", "--memory", a.memory,   pcap};
    const Sample s = MedianOfCommand(a.repeat, argv, range);
    // The runs above are forked children: once more here for the note (how many parts).
    const std::string out = RunProcess(argv).out;
    const size_t at = out.find("judged in ");
    note = at == std::string::npos ? "judged whole" : out.substr(at, out.find(',', at) - at);
    return s;
}

/** One measurement block on one capture; JSON keys get the prefix (e.g. "traffic_"). */
bool
MeasureCapture(const CheckBenchArgs& a,
               const std::string& pcap,
               const std::string& prefix,
               std::ostringstream& js)
{
    const double frames = pcap.empty() ? 0 : static_cast<double>(Frames(pcap));
    if (frames <= 0)
    {
        std::fprintf(stderr, "check bench: no capture\n");
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
            return r.ok && r.engine == "fast" ? static_cast<double>(r.summarizedData) : -1.0;
        });
    // What a user runs: the `l2tplab check` command as a process, like tshark below (start-up,
    // reading, judging, the report on stdout and the exit included). Exit 0 or 1 (a rule failed)
    // are both a judged capture.
    const std::string cli = CheckCommand();
    std::string commandRange;
    const Sample command =
        cli.empty() ? Sample()
                    : MedianOfCommand(a.repeat, {cli, "check", "--engine", "fast", "--quiet", pcap},
                                      commandRange);
    // Judged in parts (ExtractOptions::memoryBudget): the same command with a budget.
    std::string partedRange;
    std::string partsNote;
    const Sample parted = (!cli.empty() && !a.memory.empty())
                              ? MeasureInParts(a, cli, pcap, partedRange, partsNote)
                              : Sample();
    // The same with every data message kept as a record (what summarising saves).
    Sample kept = Measure(
        [&]
        {
            ExtractOptions o;
            o.summarizeData = false;
            CheckReport r = JudgeCapture(pcap, none, o, EngineOptions());
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
    std::string fieldsRange;
    std::vector<std::string> argv = {"tshark", "-n", "-r", pcap, "-T", "fields"};
    for (const char* f : {"frame.number", "ip.src", "ip.dst", "udp.srcport", "udp.dstport",
                          "l2tp.type", "l2tp.tunnel", "l2tp.session", "l2tp.Ns", "l2tp.Nr",
                          "l2tp.avp.type", "l2tp.avp.message_type"})
    {
        argv.push_back("-e");
        argv.push_back(f);
    }
    const Sample fields = MedianOfCommand(a.repeat, argv, fieldsRange, true);
    auto line = [frames](const char* what, const Sample& s, const std::string& range = "")
    {
        std::printf("%-44s %12.0f packets/s  (%.2f s%s, peak RSS %.0f MB)%s\n", what,
                    s.wall > 0 ? frames / s.wall : 0, s.wall,
                    range.empty() ? "" : (", median of " + range).c_str(), s.peakKb / 1024.0,
                    s.ok && s.value >= 0 ? "" : "  FAILED");
    };
    line("fast engine: records only", extract);
    line("check --engine fast, in this process", fast);
    if (!cli.empty())
    {
        line("l2tplab check --engine fast (the command)", command, commandRange);
    }
    if (!cli.empty() && !a.memory.empty())
    {
        const std::string what = "  the same, --memory " + a.memory + " (" + partsNote + ")";
        line(what.c_str(), parted, partedRange);
    }
    line("  the same, every data message kept", kept);
    std::printf("%-44s %12.0f of %.0f packets\n", "  data messages counted in sessions, not kept",
                fast.value, frames);
    if (a.tsharkEngine)
    {
        line("l2tplab check --engine tshark", ts);
    }
    line("tshark -T fields (L2TP header fields)", fields, fieldsRange);
    // The headline compares two commands, each a process of its own on the same file.
    const Sample& judged = cli.empty() ? fast : command;
    const double ratio = judged.wall > 0 ? fields.wall / judged.wall : 0;
    std::printf("%-44s %12.1fx  (target >= 20x)\n",
                cli.empty() ? "check (in process) vs tshark -T fields"
                            : "l2tplab check vs tshark -T fields",
                ratio);
    if (a.tsharkEngine && fast.wall > 0)
    {
        std::printf("%-44s %12.1fx\n", "check --engine fast vs --engine tshark",
                    ts.wall / fast.wall);
    }
    const CheckSamples all{extract, fast, command, parted, kept, ts, fields};
    AppendCheckJson(js, prefix, frames, ratio, all, a.tsharkEngine,
                    !cli.empty() && !a.memory.empty());
    return extract.ok && fast.ok && kept.ok && fields.ok && (!a.tsharkEngine || ts.ok) &&
           (cli.empty() || (command.ok && command.value >= 0)) &&
           (cli.empty() || a.memory.empty() || (parted.ok && parted.value >= 0));
}

} // namespace

bool
ReportCheckBench(const CheckBenchArgs& a, std::ostringstream& js)
{
    std::string dir =
        (fs::temp_directory_path() / ("l2tplab-bench-check-" + std::to_string(getpid()))).string();
    fs::create_directories(dir);
    bool ok = true;
    if (!a.capture.empty())
    {
        ok = MeasureCapture(a, a.capture, "", js);
    }
    else if (!a.seed.empty())
    {
        std::string grown = Grow(a.seed, a.packets, dir);
        ok = MeasureCapture(a, grown, "", js);
    }
    else
    {
        std::stringstream list(a.mix);
        std::string mix;
        while (std::getline(list, mix, ','))
        {
            if (MixScenario(mix).empty())
            {
                std::fprintf(stderr, "check bench: unknown --check-mix '%s' (setup, traffic)\n",
                             mix.c_str());
                ok = false;
                continue;
            }
            std::printf("-- mix '%s' (seed: %s)\n", mix.c_str(), MixScenario(mix).c_str());
            std::string seed = Seed(a, mix, dir);
            std::string grown = seed.empty() ? "" : Grow(seed, a.packets, dir + "/" + mix);
            ok = MeasureCapture(a, grown, mix + "_", js) && ok;
        }
    }
    fs::remove_all(dir);
    return ok;
}
