/**
 * \file
 * \brief l2tplab benchmarks. Every figure is printed beside bare ns-3 measured in the same run, so
 * results are ratios that survive a slower or busier machine.
 *
 *   l2tplab-bench [--tunnels 1000,10000] [--udp-packets 200000] [--json FILE]
 *
 * Each measurement runs in a forked child (a fresh ns-3 simulator singleton and a clean peak-RSS
 * counter, VmHWM) and reports back over a pipe.
 */
#include "model/l2tp/ns3/l2tp-node-application.h"

#include "ns3/core-module.h"
#include "ns3/internet-module.h"
#include "ns3/applications-module.h"
#include "ns3/network-module.h"
#include "ns3/point-to-point-module.h"

#include <chrono>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <sys/wait.h>
#include <unistd.h>
#include <vector>

using namespace ns3;

namespace
{

/** \brief Peak and current resident set size of this process, KiB (from /proc/self/status). */
long
ProcStatusKb(const char* key)
{
    std::ifstream f("/proc/self/status");
    std::string line;
    size_t n = std::strlen(key);
    while (std::getline(f, line))
    {
        if (line.compare(0, n, key) == 0)
        {
            return std::atol(line.c_str() + n + 1);
        }
    }
    return -1;
}

double
WallSeconds()
{
    using namespace std::chrono;
    return duration<double>(steady_clock::now().time_since_epoch()).count();
}

/** \brief Run fn in a forked child; it writes "key value" lines to the pipe. */
std::vector<std::pair<std::string, double>>
InChild(void (*fn)(FILE*, long), long arg)
{
    int fds[2];
    if (pipe(fds) != 0)
    {
        return {};
    }
    pid_t pid = fork();
    if (pid == 0)
    {
        close(fds[0]);
        FILE* out = fdopen(fds[1], "w");
        fn(out, arg);
        fclose(out);
        _exit(0);
    }
    close(fds[1]);
    FILE* in = fdopen(fds[0], "r");
    std::vector<std::pair<std::string, double>> kv;
    char key[128];
    double v;
    while (fscanf(in, "%127s %lf", key, &v) == 2)
    {
        kv.emplace_back(key, v);
    }
    fclose(in);
    int status = 0;
    waitpid(pid, &status, 0);
    return kv;
}

double
Get(const std::vector<std::pair<std::string, double>>& kv, const std::string& k)
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

/** \brief Bare ns-3: UdpClient → UdpServer over one point-to-point link, as fast as it goes. */
void
BareUdp(FILE* out, long packets)
{
    NodeContainer nodes;
    nodes.Create(2);
    PointToPointHelper p2p;
    p2p.SetDeviceAttribute("DataRate", StringValue("100Gbps"));
    p2p.SetChannelAttribute("Delay", StringValue("1ms"));
    NetDeviceContainer devs = p2p.Install(nodes);
    InternetStackHelper stack;
    stack.Install(nodes);
    Ipv4AddressHelper addr("10.0.0.0", "255.255.255.252");
    Ipv4InterfaceContainer ifs = addr.Assign(devs);
    UdpServerHelper server(1701);
    ApplicationContainer s = server.Install(nodes.Get(1));
    UdpClientHelper client(ifs.GetAddress(1), 1701);
    client.SetAttribute("MaxPackets", UintegerValue(packets));
    client.SetAttribute("Interval", TimeValue(MicroSeconds(1)));
    client.SetAttribute("PacketSize", UintegerValue(100));
    client.Install(nodes.Get(0));
    Simulator::Stop(Seconds(packets * 1e-6 + 1));
    double t0 = WallSeconds();
    Simulator::Run();
    double wall = WallSeconds() - t0;
    uint64_t rx = DynamicCast<UdpServer>(s.Get(0))->GetReceived();
    Simulator::Destroy();
    fprintf(out, "udp_packets %llu\nudp_wall %f\n", static_cast<unsigned long long>(rx), wall);
}

/**
 * \brief N tunnels, each with one session, from 100 LAC nodes (N/100 l2tp-clients each) to one LNS
 * over point-to-point links; stops as soon as the LNS has N established sessions.
 */
void
Tunnels(FILE* out, long n)
{
    long rss0 = ProcStatusKb("VmRSS:");
    const long lacNodes = n < 100 ? n : 100;
    NodeContainer lns;
    lns.Create(1);
    NodeContainer lacs;
    lacs.Create(lacNodes);
    InternetStackHelper stack;
    stack.Install(lns);
    stack.Install(lacs);
    PointToPointHelper p2p;
    p2p.SetDeviceAttribute("DataRate", StringValue("1Gbps"));
    p2p.SetChannelAttribute("Delay", StringValue("2ms"));
    std::vector<Ipv4Address> lnsAddr;
    for (long i = 0; i < lacNodes; ++i)
    {
        NetDeviceContainer d = p2p.Install(lacs.Get(i), lns.Get(0));
        std::ostringstream net;
        net << "10." << (i / 64) << "." << ((i % 64) * 4) << ".0";
        Ipv4AddressHelper a(net.str().c_str(), "255.255.255.252");
        Ipv4InterfaceContainer ic = a.Assign(d);
        lnsAddr.push_back(ic.GetAddress(1));
    }
    EventLog sink; // events are collected as in a real run (the cost is part of the measurement)
    L2tpEndpointConfig srv;
    srv.acceptTunnels = true;
    srv.hostName = "lns";
    srv.channel.helloInterval = 0;
    std::vector<Ptr<L2tpNodeApplication>> all;
    Ptr<L2tpNodeApplication> server = CreateObject<L2tpNodeApplication>();
    all.push_back(server);
    server->Configure(srv, "lns", &sink);
    lns.Get(0)->AddApplication(server);
    for (long i = 0; i < lacNodes; ++i)
    {
        L2tpEndpointConfig cli;
        cli.hostName = "lac" + std::to_string(i);
        cli.seed = 1000 + i;
        cli.channel.helloInterval = 0;
        Ptr<L2tpNodeApplication> app = CreateObject<L2tpNodeApplication>();
        app->Configure(cli, cli.hostName, &sink);
        long mine = n / lacNodes + (i < n % lacNodes ? 1 : 0);
        for (long k = 0; k < mine; ++k)
        {
            L2tpNodeApplication::Client c;
            c.name = "l2tp-out" + std::to_string(k + 1);
            c.connectTo = lnsAddr[i];
            c.startAt = (k * 1000 * kMs) / (mine ? mine : 1); // spread each node's dials over 1 s
            app->AddClient(c);
        }
        lacs.Get(i)->AddApplication(app);
        all.push_back(app);
    }
    std::function<void()> poll;
    double simDone = 0;
    poll = [&]()
    {
        if (static_cast<long>(server->GetEndpoint().SessionCount(true)) >= n)
        {
            simDone = Simulator::Now().GetSeconds();
            Simulator::Stop();
            return;
        }
        Simulator::Schedule(MilliSeconds(10), poll);
    };
    Simulator::Schedule(MilliSeconds(10), poll);
    Simulator::Stop(Seconds(120));
    double t0 = WallSeconds();
    Simulator::Run();
    double wall = WallSeconds() - t0;
    long established = static_cast<long>(server->GetEndpoint().SessionCount(true));
    long hwm = ProcStatusKb("VmHWM:");
    // Every L2TP datagram put on the wire: new control messages, retransmissions, explicit ZLBs.
    uint64_t datagrams = 0;
    for (const auto& a : all)
    {
        const Counters& c = a->GetEndpoint().GetCounters();
        datagrams += c.Get("channel/tx") + c.Get("channel/retransmit") + c.Get("channel/zlb-tx");
    }
    Simulator::Destroy();
    fprintf(out,
            "established %ld\nwall %f\nsim %f\nrss0 %ld\nhwm %ld\nevents %zu\ndatagrams %llu\n",
            established, wall, simDone, rss0, hwm, sink.Events().size(),
            static_cast<unsigned long long>(datagrams));
}

} // namespace

int
main(int argc, char** argv)
{
    std::vector<long> sizes{1000, 10000};
    long udpPackets = 200000;
    std::string json;
    for (int i = 1; i < argc; ++i)
    {
        std::string a = argv[i];
        if (a == "--tunnels" && i + 1 < argc)
        {
            sizes.clear();
            std::stringstream ss(argv[++i]);
            std::string tok;
            while (std::getline(ss, tok, ','))
            {
                sizes.push_back(std::atol(tok.c_str()));
            }
        }
        else if (a == "--udp-packets" && i + 1 < argc)
        {
            udpPackets = std::atol(argv[++i]);
        }
        else if (a == "--json" && i + 1 < argc)
        {
            json = argv[++i];
        }
        else
        {
            std::cerr
                << "usage: l2tplab-bench [--tunnels 1000,10000] [--udp-packets N] [--json FILE]\n";
            return 2;
        }
    }
    auto udp = InChild(BareUdp, udpPackets);
    double pps = Get(udp, "udp_packets") / Get(udp, "udp_wall");
    std::printf("%-44s %14.0f packets/wall-s  (%0.f packets in %.2f s)\n", "bare ns-3 UDP (floor)",
                pps, Get(udp, "udp_packets"), Get(udp, "udp_wall"));
    std::ostringstream js;
    js << "{\"bare_udp_pps\":" << pps << ",\"tunnels\":[";
    bool first = true;
    for (long n : sizes)
    {
        auto r = InChild(Tunnels, n);
        double est = Get(r, "established");
        double wall = Get(r, "wall");
        double rate = wall > 0 ? est / wall : 0;
        double perTunnelKb = est > 0 ? (Get(r, "hwm") - Get(r, "rss0")) / est : 0;
        // L2TP datagrams per wall-second during set-up, against bare ns-3 UDP packets per second:
        // both pay for a UDP send and a UDP receive through ns-3's stack; the difference is ours.
        double dgRate = wall > 0 ? Get(r, "datagrams") / wall : 0;
        double ratio = pps > 0 ? dgRate / pps : 0;
        std::printf(
            "%-44s %14.0f per wall-s      (%0.f/%ld established in %.2f s wall, %.2f s sim)\n",
            ("tunnels+sessions established @" + std::to_string(n)).c_str(), rate, est, n, wall,
            Get(r, "sim"));
        std::printf("%-44s %14.3f x bare UDP pps  (%.0f L2TP datagrams, %.1f per tunnel+session)\n",
                    ("  L2TP datagram rate / bare UDP @" + std::to_string(n)).c_str(), ratio,
                    Get(r, "datagrams"), est > 0 ? Get(r, "datagrams") / est : 0);
        std::printf("%-44s %14.1f KiB\n", ("  peak RSS per tunnel @" + std::to_string(n)).c_str(),
                    perTunnelKb);
        js << (first ? "" : ",") << "{\"n\":" << n << ",\"established\":" << est
           << ",\"wall_s\":" << wall << ",\"per_wall_s\":" << rate << ",\"ratio_vs_udp\":" << ratio
           << ",\"rss_per_tunnel_kib\":" << perTunnelKb << "}";
        first = false;
    }
    js << "]}\n";
    if (!json.empty())
    {
        std::ofstream(json) << js.str();
    }
    return 0;
}
