#include "bench/bench-storm.h"
#include "bench/bench-lab.h"

#include "runner/ns3/l2tp-installer.h"
#include "runner/ns3/ppp-installer.h"
#include "runner/ns3/topology.h"
#include "runner/scenario-loader.h"

#include "ns3/core-module.h"
#include "ns3/internet-module.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <functional>
#include <iostream>
#include <memory>
#include <string>
#include <sys/wait.h>
#include <unistd.h>
#include <utility>

using namespace ns3;

namespace
{

double
WallNow()
{
    using namespace std::chrono;
    return duration<double>(steady_clock::now().time_since_epoch()).count();
}

/** \brief `key` of /proc/self/status in KiB (VmRSS, VmHWM), -1 if absent. */
long
StatusKb(const char* key)
{
    std::ifstream f("/proc/self/status");
    std::string line;
    const size_t n = std::strlen(key);
    while (std::getline(f, line))
    {
        if (line.compare(0, n, key) == 0)
        {
            return std::atol(line.c_str() + n + 1);
        }
    }
    return -1;
}

/** \brief `a.b.c.d` of a host-order address. */
std::string
Dotted(uint32_t a)
{
    return std::to_string(a >> 24) + "." + std::to_string((a >> 16) & 255) + "." +
           std::to_string((a >> 8) & 255) + "." + std::to_string(a & 255);
}

/** \brief Group g (0-based) of the CPEs: nodes `g<g+1>-c1..`, behind switch `sw<g+1>`. */
std::string
Group(long g)
{
    return "g" + std::to_string(g + 1) + "-c";
}

/**
 * \brief The scenario: switch g carries 100.(64+g).0.0/16, the LNS is .0.1 on it (`ether<g+1>`);
 * its CPEs get .0.2 upwards and dial it; PPP addresses from a pool at 10.1.0.1 upwards.
 */
std::string
StormYaml(const StormBenchArgs& a, long n)
{
    const long k = std::max(1L, std::min(a.switches, n));
    std::ostringstream y;
    y << "name: bench-storm\nrun: {seed: 1, duration: 3600s}\ntopology:\n  nodes:\n    lns: "
         "server\n";
    for (long g = 0; g < k; ++g)
    {
        const long mine = n / k + (g < n % k ? 1 : 0);
        y << "    sw" << g + 1 << ": switch\n    " << Group(g)
          << ": {role: client, count: " << mine;
        if (a.spread > 0)
        {
            y << ", start: 0s~" << a.spread << "s";
        }
        y << "}\n";
    }
    y << "  links:\n";
    for (long g = 0; g < k; ++g)
    {
        y << "    - {name: acc" << g + 1 << ", ends: [lns:ether" << g + 1 << ", \"" << Group(g)
          << "[*]:ether1\"], type: csma, switch: sw" << g + 1
          << ", rate: 1Gbps, delay: 50us, net: 100." << 64 + g
          << ".0.0/16, arp-learn: " << (a.arpLearn ? "yes" : "no") << "}\n";
    }
    y << "config:\n  lns:\n    ipv6/settings: {disable-ipv6: yes}\n"
      << "    interface/l2tp-server/server: {enabled: yes}\n"
      << "    ppp/profile: [{name: p, local-address: 10.0.0.1, remote-address: pool}]\n"
      << "    ip/pool: [{name: pool, ranges: 10.1.0.1-" << Dotted(0x0a010001u + n + 16) << "}]\n"
      << "    ppp/secret: [{name: user, password: secret, service: l2tp, profile: p}]\n";
    for (long g = 0; g < k; ++g)
    {
        y << "  " << Group(g) << ":\n    ipv6/settings: {disable-ipv6: yes}\n"
          << "    interface/l2tp-client: [{name: l2tp-out1, connect-to: 100." << 64 + g
          << ".0.1, user: user, password: secret, disabled: no}]\n";
    }
    return y.str();
}

using StormLab = BenchLab;

/** \brief CPEs whose session is up (every CPE node visited: only once the LNS has them all). */
long
CpesUp(const StormLab& lab)
{
    long up = 0;
    for (const ScenarioNode& node : lab.sc.nodes)
    {
        if (node.name != "lns" && node.name.compare(0, 2, "sw") != 0)
        {
            up += SessionsUp(lab, node.name);
        }
    }
    return up;
}

/** \brief One size, in the child: "key value" lines to `out`. */
void
StormChild(const StormBenchArgs& a, long n, FILE* out)
{
    const long rss0 = StatusKb("VmRSS:");
    const double b0 = WallNow();
    StormLab lab;
    if (!BuildBenchLab(StormYaml(a, n), "bench-storm.yaml", lab))
    {
        return;
    }
    const double build = WallNow() - b0;
    const long rssBuilt = StatusKb("VmRSS:");
    bool done = false;
    std::function<void()> poll = [&]()
    {
        if (SessionsUp(lab, "lns") >= n && CpesUp(lab) >= n)
        {
            done = true;
            Simulator::Stop();
            return;
        }
        Simulator::Schedule(MilliSeconds(100), poll);
    };
    Simulator::Schedule(MilliSeconds(100), poll);
    Simulator::Stop(Seconds(600));
    const double t0 = WallNow();
    Simulator::Run();
    const double wall = WallNow() - t0;
    std::fprintf(out,
                 "lns_up %ld\ncpe_up %ld\nall_up %d\nbuild %f\nwall %f\nsim %f\nrss0 %ld\n"
                 "rss_built %ld\nhwm %ld\nevents %zu\nsim_events %llu\n",
                 SessionsUp(lab, "lns"), CpesUp(lab), done ? 1 : 0, build, wall,
                 Simulator::Now().GetSeconds(), rss0, rssBuilt, StatusKb("VmHWM:"),
                 lab.events.Size(), static_cast<unsigned long long>(Simulator::GetEventCount()));
}

using Values = std::vector<std::pair<std::string, double>>;

/** \brief StormChild in a forked child (fresh simulator, own VmHWM); L2TPLAB_BENCH_NO_FORK=1 runs
 * it here, printing to stdout (for perf and heaptrack). */
Values
RunChild(const StormBenchArgs& a, long n)
{
    if (std::getenv("L2TPLAB_BENCH_NO_FORK") != nullptr)
    {
        StormChild(a, n, stdout);
        return {};
    }
    int fds[2];
    if (pipe(fds) != 0)
    {
        return {};
    }
    std::fflush(stdout);
    const pid_t pid = fork();
    if (pid == 0)
    {
        close(fds[0]);
        FILE* out = fdopen(fds[1], "w");
        StormChild(a, n, out);
        std::fclose(out);
        _exit(0);
    }
    close(fds[1]);
    FILE* in = fdopen(fds[0], "r");
    Values kv;
    char key[128];
    double v = 0;
    while (std::fscanf(in, "%127s %lf", key, &v) == 2)
    {
        kv.emplace_back(key, v);
    }
    std::fclose(in);
    int status = 0;
    waitpid(pid, &status, 0);
    return kv;
}

double
Value(const Values& kv, const std::string& k)
{
    for (const auto& p : kv)
    {
        if (p.first == k)
        {
            return p.second;
        }
    }
    return 0;
}

} // namespace

bool
ParseStormArg(const std::string& key, const char* value, StormBenchArgs& a)
{
    if (key == "--storm-clients")
    {
        a.clients.clear();
        std::stringstream ss(value);
        std::string tok;
        while (std::getline(ss, tok, ','))
        {
            a.clients.push_back(std::atol(tok.c_str()));
        }
        return true;
    }
    if (key == "--storm-switches")
    {
        a.switches = std::atol(value);
        return true;
    }
    if (key == "--storm-spread")
    {
        a.spread = std::atof(value);
        return true;
    }
    if (key == "--storm-arp-learn")
    {
        a.arpLearn = std::string(value) != "no";
        return true;
    }
    return false;
}

bool
ReportStormBench(const StormBenchArgs& a, double bareUdpPps, std::ostringstream& js)
{
    bool all = true;
    js << ",\"storm\":[";
    bool first = true;
    for (long n : a.clients)
    {
        const Values r = RunChild(a, n);
        const double lns = Value(r, "lns_up");
        const double wall = Value(r, "wall");
        const double rate = wall > 0 ? lns / wall : 0;
        const double perKb = lns > 0 ? (Value(r, "hwm") - Value(r, "rss0")) / lns : 0;
        const double simEvents = Value(r, "sim_events");
        const std::string at = " @" + std::to_string(n) + "/" + std::to_string(a.switches) + "sw";
        std::printf("%-44s %14.0f per wall-s      (LNS %0.f, CPEs %0.f of %ld up in %.2f s wall, "
                    "%.2f s sim; built in %.2f s)\n",
                    ("storm: PPP sessions behind switches" + at).c_str(), rate, lns,
                    Value(r, "cpe_up"), n, wall, Value(r, "sim"), Value(r, "build"));
        // Wall per session in bare ns-3 UDP packets (sent and received) of the same run.
        const double udpPackets = lns > 0 ? wall / lns * bareUdpPps : 0;
        std::printf("%-44s %14.0f bare UDP packets (%.0f ns-3 events per session, %.0f in all)\n",
                    ("  wall per session" + at).c_str(), udpPackets, lns > 0 ? simEvents / lns : 0,
                    simEvents);
        std::printf("%-44s %14.1f KiB  (peak %.0f MiB; %.1f KiB per CPE before the run)\n",
                    ("  peak RSS per CPE" + at).c_str(), perKb, Value(r, "hwm") / 1024.0,
                    lns > 0 ? (Value(r, "rss_built") - Value(r, "rss0")) / lns : 0);
        js << (first ? "" : ",") << "{\"n\":" << n << ",\"switches\":" << a.switches
           << ",\"arp_learn\":" << (a.arpLearn ? "true" : "false") << ",\"lns_up\":" << lns
           << ",\"cpe_up\":" << Value(r, "cpe_up") << ",\"build_s\":" << Value(r, "build")
           << ",\"wall_s\":" << wall << ",\"sim_s\":" << Value(r, "sim")
           << ",\"per_wall_s\":" << rate << ",\"udp_packets_per_session\":" << udpPackets
           << ",\"sim_events\":" << simEvents << ",\"rss_per_cpe_kib\":" << perKb << "}";
        first = false;
        all = all && Value(r, "all_up") > 0;
    }
    js << "]";
    return all;
}
