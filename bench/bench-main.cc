/**
 * \file
 * \brief l2tplab benchmarks. Every figure is printed beside bare ns-3 measured in the same run, so
 * results are ratios that survive a slower or busier machine.
 *
 *   l2tplab-bench [--only udp,tunnels,ppp-udp,esp,sessions] [--tunnels 1000,10000]
 *                 [--udp-packets 200000] [--sessions 10000] [--lacs 100]
 *                 [--sessions-per-tunnel 10] [--auth mschap2] [--ipv6 no] [--mpls no]
 *                 [--require-all]
 *                 [--json FILE]
 *
 * Each measurement runs in a forked child (a fresh ns-3 simulator singleton and a clean peak-RSS
 * counter, VmHWM) and reports back over a pipe.
 */
#include "bench/bench-check.h"
#include "bench/bench-lab.h"
#include "bench/bench-storm.h"
#include "runner/ns3/ipsec-carrier.h"
#include "runner/ns3/l2tp-installer.h"
#include "runner/ns3/ppp-installer.h"
#include "runner/ns3/topology.h"
#include "runner/scenario-loader.h"

#include "model/l2tp/ns3/l2tp-node-application.h"

#include "ns3/core-module.h"
#include "ns3/internet-module.h"
#include "ns3/applications-module.h"
#include "ns3/network-module.h"
#include "ns3/point-to-point-module.h"

#include <algorithm>
#include <chrono>
#include <ctime>
#include <functional>
#include <memory>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iostream>
#include <map>
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

/** \brief Run fn in a forked child; it writes "key value" lines to the pipe.
 * L2TPLAB_BENCH_NO_FORK=1 runs it in this process, printing to stdout (for heaptrack, perf). */
std::vector<std::pair<std::string, double>>
InChild(void (*fn)(FILE*, long), long arg)
{
    if (std::getenv("L2TPLAB_BENCH_NO_FORK") != nullptr)
    {
        fn(stdout, arg);
        return {};
    }
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
            established, wall, simDone, rss0, hwm, sink.Size(),
            static_cast<unsigned long long>(datagrams));
}

// ---- PPP benchmarks: the scenario path (Topology + L2tpInstaller + PppInstaller), no captures --

/** \brief Layout and options of the PPP benchmarks (set by main before the children fork). */
struct PppBenchOptions
{
    long lacs{100};             //!< LAC nodes, each on its own link to the LNS
    long sessionsPerTunnel{10}; //!< calls a LAC packs into one tunnel
    std::string auth{"mschap2"};
    bool ipv6{false}; //!< IPV6CP too (RouterOS v7's default); off: the issue's L2TP+LCP+auth+IPCP
    bool mpls{false}; //!< MPLSCP too (RouterOS's use-mpls default); off, as ipv6
};

PppBenchOptions g_ppp;

using Lab = BenchLab;

/** \brief BuildBenchLab, then every node packs `--sessions-per-tunnel` calls per tunnel. */
bool
BuildLab(const std::string& yaml, Lab& lab)
{
    if (!BuildBenchLab(yaml, "bench.yaml", lab))
    {
        return false;
    }
    for (const ScenarioNode& n : lab.sc.nodes)
    {
        Ptr<L2tpNodeApplication> app = lab.l2tp->GetApplication(n.name);
        if (app)
        {
            app->GetInterfaceSet().SetCallsPerTunnel(
                static_cast<uint32_t>(std::max(1L, g_ppp.sessionsPerTunnel)));
        }
    }
    return true;
}

/** \brief Every datagram the L2TP layer put on the wire: control (new, retransmitted, ZLB) and
 * data (PPP frames). */
uint64_t
L2tpDatagrams(const Lab& lab)
{
    uint64_t n = 0;
    const TimeNs now = Simulator::Now().GetNanoSeconds();
    for (const ScenarioNode& node : lab.sc.nodes)
    {
        Ptr<L2tpNodeApplication> app = lab.l2tp->GetApplication(node.name);
        if (!app)
        {
            continue;
        }
        const Counters& c = app->GetEndpoint().GetCounters();
        n += c.Get("channel/tx") + c.Get("channel/retransmit") + c.Get("channel/zlb-tx");
        for (const L2tpInterface* i : app->GetInterfaces())
        {
            n += i->Monitor(now).framesOut;
        }
    }
    return n;
}

/** \brief The server config shared by both PPP benchmarks. */
std::string
Ipv6Setting()
{
    return g_ppp.ipv6 ? "" : "    ipv6/settings: {disable-ipv6: yes}\n";
}

/** \brief A LAC node's settings: IPv6 as the LNS's; without --mpls yes its client's built-in
 * profile runs no MPLSCP either (RouterOS `/ppp profile set default-encryption use-mpls=no`). */
std::string
LacSettings()
{
    return Ipv6Setting() +
           (g_ppp.mpls ? "" : "    ppp/profile: [{name: default-encryption, use-mpls: no}]\n");
}

std::string
LnsConfig(const std::string& poolRanges)
{
    return "  lns:\n" + Ipv6Setting() +
           "    interface/l2tp-server/server: {enabled: yes, authentication: " + g_ppp.auth +
           "}\n"
           "    ppp/profile: [{name: bench, local-address: 10.0.0.1, remote-address: pool, "
           "use-mpls: " +
           (g_ppp.mpls ? "yes" : "no") +
           "}]\n"
           "    ip/pool: [{name: pool, ranges: " +
           poolRanges +
           "}]\n"
           "    ppp/secret: [{name: user, password: secret, service: l2tp, profile: bench}]\n";
}

/**
 * \brief Run (simulated time) until `done` holds, checked every 50 ms of simulated time (the
 * installer's sessions-up probe visits every interface: a finer poll would cost wall time at
 * 100,000 sessions); false at `limit`.
 */
bool
RunUntil(const std::function<bool()>& done, double limitSeconds)
{
    bool reached = false;
    std::function<void()> poll;
    poll = [&]()
    {
        if (done())
        {
            reached = true;
            Simulator::Stop();
            return;
        }
        Simulator::Schedule(MilliSeconds(50), poll);
    };
    Simulator::Schedule(MilliSeconds(50), poll);
    Simulator::Stop(Seconds(limitSeconds) - Simulator::Now());
    Simulator::Run();
    return reached;
}

/** \brief (c) ESP transforms measured (`--only esp`); index = the child's argument. */
struct EspBenchTransform
{
    const char* name;   //!< printed
    EspCipher cipher;   //!< ESP cipher
    EspIntegrity integ; //!< ESP integrity
};

const EspBenchTransform kEspBench[] = {
    {"AES-GCM-128", EspCipher::AES_GCM_128, EspIntegrity::NONE},
    {"AES-CBC-128 + HMAC-SHA1-96", EspCipher::AES_CBC_128, EspIntegrity::HMAC_SHA1_96},
};

/** \brief One direction of the bench's manually keyed ESP (no IKE: only the data path costs). */
IkeSaInstall
BenchSa(const EspBenchTransform& t, bool inbound, uint32_t spi, const char* self, const char* peer)
{
    IkeSaInstall s;
    s.inbound = inbound;
    s.esp.spi = spi;
    s.esp.cipher = t.cipher;
    s.esp.integrity = t.integ;
    const EspCipherInfo& ci = GetEspCipherInfo(t.cipher);
    s.esp.encKey = Bytes(ci.keyLen + ci.saltLen, static_cast<uint8_t>(spi));
    s.esp.authKey = Bytes(GetEspIntegrityInfo(t.integ).keyLen, static_cast<uint8_t>(spi >> 4));
    s.esp.src = inbound ? peer : self;
    s.esp.dst = inbound ? self : peer;
    s.local = {self, 0};
    s.remote = {peer, 0};
    s.peer = "bench";
    s.reqid = 1;
    return s;
}

/**
 * \brief (c) Transport-mode ESP (RFC 4303, RFC 3193) on both ends of the (a) link, protecting every
 * UDP datagram between them (so L2TP's control and data messages), keyed manually before the
 * session starts. The carriers are returned; they must outlive the run.
 */
std::vector<std::unique_ptr<IpsecCarrier>>
ProtectWithEsp(Lab& lab, const EspBenchTransform& t)
{
    std::vector<std::unique_ptr<IpsecCarrier>> out;
    const char* addr[2] = {"198.51.100.1", "198.51.100.2"}; // lns, lac (ends in order)
    const char* names[2] = {"lns", "lac"};
    for (int i = 0; i < 2; ++i)
    {
        IpsecPlan plan;
        SpdPolicy pol;
        SpdParseIpv4(addr[1 - i], pol.dstAddr);
        pol.dstLen = 32;
        pol.protocol = 17;
        plan.policies.push_back(pol);
        plan.natKeepalive = 0;
        auto c = std::make_unique<IpsecCarrier>(
            names[i], lab.topology->GetNode(names[i]), plan, &lab.counting,
            [](EventSink&, uint64_t)
            {
                return std::unique_ptr<IkeEngine>();
            },
            1);
        std::string err;
        if (!c->Attach(err))
        {
            std::cerr << "esp bench: " << err << "\n";
            return {};
        }
        c->InstallSa(BenchSa(t, false, i == 0 ? 0x1000u : 0x2000u, addr[i], addr[1 - i]));
        c->InstallSa(BenchSa(t, true, i == 0 ? 0x2000u : 0x1000u, addr[i], addr[1 - i]));
        out.push_back(std::move(c));
    }
    return out;
}

/**
 * \brief (a) One L2TP session with PPP up between two nodes (the same link as BareUdp), then the
 * same UdpClient → UdpServer flow through the PPP interface: inner UDP → PPP → L2TP → UDP → link
 * and back up on the LNS. (c) with `espTransform` >= 0: the same, every L2TP datagram protected by
 * ESP with kEspBench[espTransform].
 */
void
PppUdpWith(FILE* out, long packets, int espTransform)
{
    std::string yaml =
        "name: bench-ppp-udp\n"
        "run: {seed: 1, duration: 3600s}\n"
        "topology:\n"
        "  nodes: {lns: server, lac: client}\n"
        "  links:\n"
        "    - {name: wan, ends: [lns:ether1, lac:ether1], type: p2p, rate: 100Gbps, "
        "delay: 1ms, net: 198.51.100.0/30}\n"
        "config:\n" +
        LnsConfig("10.1.0.1-10.1.0.254") + "  lac:\n" + LacSettings() +
        "    interface/l2tp-client: [{name: l2tp-out1, connect-to: 198.51.100.1, "
        "user: user, password: secret, disabled: no}]\n";
    Lab lab;
    if (!BuildLab(yaml, lab))
    {
        return;
    }
    std::vector<std::unique_ptr<IpsecCarrier>> esp;
    if (espTransform >= 0)
    {
        esp = ProtectWithEsp(lab, kEspBench[espTransform]);
    }
    bool up = RunUntil(
        [&]()
        {
            return SessionsUp(lab, "lns") >= 1 && SessionsUp(lab, "lac") >= 1;
        },
        60);
    // The interfaces come up in a zero-delay event after IPCP opens: let it run.
    Simulator::Stop(MilliSeconds(10));
    Simulator::Run();
    Ptr<Node> lns = lab.topology->GetNode("lns");
    Ptr<Node> lac = lab.topology->GetNode("lac");
    UdpServerHelper server(5001);
    ApplicationContainer s = server.Install(lns);
    UdpClientHelper client(Ipv4Address("10.0.0.1"), 5001); // the LNS end of the PPP link
    client.SetAttribute("MaxPackets", UintegerValue(packets));
    client.SetAttribute("Interval", TimeValue(MicroSeconds(1)));
    client.SetAttribute("PacketSize", UintegerValue(100));
    ApplicationContainer c = client.Install(lac);
    s.Start(Simulator::Now());
    c.Start(Simulator::Now() + MilliSeconds(1));
    uint64_t dg0 = L2tpDatagrams(lab);
    Simulator::Stop(Seconds(packets * 1e-6 + 1));
    double t0 = WallSeconds();
    Simulator::Run();
    double wall = WallSeconds() - t0;
    uint64_t rx = DynamicCast<UdpServer>(s.Get(0))->GetReceived();
    fprintf(out, "ppp_up %d\nppp_udp_packets %llu\nppp_udp_wall %f\nppp_udp_datagrams %llu\n",
            up ? 1 : 0, static_cast<unsigned long long>(rx), wall,
            static_cast<unsigned long long>(L2tpDatagrams(lab) - dg0));
    uint64_t espOut = 0;
    uint64_t espIn = 0;
    for (const auto& c : esp)
    {
        espOut += c->GetCounters().Get("esp-out");
        espIn += c->GetCounters().Get("esp-in");
    }
    fprintf(out, "esp_out %llu\nesp_in %llu\n", static_cast<unsigned long long>(espOut),
            static_cast<unsigned long long>(espIn));
}

void
PppUdp(FILE* out, long packets)
{
    PppUdpWith(out, packets, -1);
}

void
EspGcm(FILE* out, long packets)
{
    PppUdpWith(out, packets, 0);
}

void
EspCbcSha1(FILE* out, long packets)
{
    PppUdpWith(out, packets, 1);
}

/**
 * \brief (b) N full sessions (L2TP ICRQ/ICRP/ICCN + LCP + authentication + IPCP with a pool
 * address) on one LNS from g_ppp.lacs LAC nodes, each on its own link, packing
 * g_ppp.sessionsPerTunnel calls per tunnel. The clock stops when the LNS and the LACs together
 * have N sessions with IPCP Opened on each end.
 */
void
PppSessions(FILE* out, long n)
{
    long rss0 = ProcStatusKb("VmRSS:");
    const long lacs = std::max(1L, std::min(g_ppp.lacs, n));
    std::ostringstream y;
    y << "name: bench-ppp-sessions\nrun: {seed: 1, duration: 3600s}\ntopology:\n"
      << "  nodes:\n    lns: server\n    lac: {role: client, count: " << lacs << "}\n  links:\n";
    auto net = [](long i)
    {
        // 100.64.0.0/10 (shared address space: routed by the underlay, unlike RFC 1918)
        const long base = i * 4;
        return "100." + std::to_string(64 + base / 65536) + "." + std::to_string(base / 256 % 256) +
               "." + std::to_string(base % 256);
    };
    for (long i = 0; i < lacs; ++i)
    {
        y << "    - {name: a" << i + 1 << ", ends: [lns:ether" << i + 1 << ", lac" << i + 1
          << ":ether1], type: p2p, rate: 1Gbps, delay: 2ms, net: " << net(i) << "/30}\n";
    }
    // Pool: 10.1.0.1 upwards, one address per session (plus slack).
    const long last = 0x0a010001L + n + 16;
    y << "config:\n"
      << LnsConfig("10.1.0.1-10." + std::to_string((last >> 16) & 255) + "." +
                   std::to_string((last >> 8) & 255) + "." + std::to_string(last & 255));
    for (long i = 0; i < lacs; ++i)
    {
        const long mine = n / lacs + (i < n % lacs ? 1 : 0);
        std::string lnsAddr = net(i);
        lnsAddr = lnsAddr.substr(0, lnsAddr.rfind('.') + 1) +
                  std::to_string(std::atol(lnsAddr.c_str() + lnsAddr.rfind('.') + 1) + 1);
        y << "  lac" << i + 1 << ":\n"
          << LacSettings() << "    interface/l2tp-client: [{name: l2tp-out, count: " << mine
          << ", connect-to: " << lnsAddr << ", user: user, password: secret, disabled: no}]\n";
    }
    Lab lab;
    if (!BuildLab(y.str(), lab))
    {
        return;
    }
    long rssBuilt = ProcStatusKb("VmRSS:");
    auto lacsUp = [&]()
    {
        long up = 0;
        for (long i = 0; i < lacs; ++i)
        {
            up += SessionsUp(lab, "lac" + std::to_string(i + 1));
        }
        return up;
    };
    double t0 = WallSeconds();
    RunUntil(
        [&]()
        {
            return SessionsUp(lab, "lns") >= n && lacsUp() >= n;
        },
        600);
    double wall = WallSeconds() - t0;
    long hwm = ProcStatusKb("VmHWM:");
    if (std::getenv("L2TPLAB_BENCH_EVENTS") != nullptr)
    {
        std::map<std::string, size_t> kinds; // which events a session costs (stderr)
        for (const LabEvent& e : lab.events.Events())
        {
            ++kinds[e.object.substr(0, e.object.find('/')) + " " + e.kind];
        }
        for (const auto& kv : kinds)
        {
            std::fprintf(stderr, "%10zu %s\n", kv.second, kv.first.c_str());
        }
    }
    size_t tunnels = lab.l2tp->GetApplication("lns")->GetEndpoint().TunnelCount(true);
    fprintf(out,
            "lns_up %ld\nlac_up %ld\nwall %f\nsim %f\nrss0 %ld\nrss_built %ld\nhwm %ld\n"
            "events %zu\ndatagrams %llu\ntunnels %zu\n",
            SessionsUp(lab, "lns"), lacsUp(), wall, Simulator::Now().GetSeconds(), rss0, rssBuilt,
            hwm, lab.events.Size() + lab.counting.n,
            static_cast<unsigned long long>(L2tpDatagrams(lab)), tunnels);
}

/** \brief Parse "a,b,c" as numbers. */
std::vector<long>
ParseList(const char* text)
{
    std::vector<long> out;
    std::stringstream ss(text);
    std::string tok;
    while (std::getline(ss, tok, ','))
    {
        out.push_back(std::atol(tok.c_str()));
    }
    return out;
}

const char* kUsage =
    "usage: l2tplab-bench [--only udp,tunnels,ppp-udp,esp,sessions] [--tunnels 1000,10000]\n"
    "                     [--udp-packets N] [--sessions 10000,100000] [--lacs 100]\n"
    "                     [--sessions-per-tunnel 10] [--auth mschap2|mschap1|chap|pap]\n"
    "                     [--ipv6 no|yes] [--mpls no|yes] [--require-all] [--json FILE]\n"
    "                     [--only check [--check-packets N] [--check-mix setup,traffic]\n"
    "                      [--check-seed PCAP]\n"
    "                      [--check-capture PCAP] [--check-no-tshark-engine]\n"
    "                      [--check-repeat 3] [--check-memory SIZE]]\n"
    "                     [--only storm [--storm-clients 10000] [--storm-switches 10]\n"
    "                      [--storm-spread SECONDS] [--storm-arp-learn yes|no]]\n";

/** \brief Command line. */
struct BenchArgs
{
    std::vector<long> tunnels{1000, 10000};
    std::vector<long> sessions{10000};
    long udpPackets{200000};
    std::string only{"udp,tunnels,ppp-udp,sessions"};
    bool requireAll{false};
    std::string json;
    CheckBenchArgs check; //!< --only check (bench/bench-check.h)
    StormBenchArgs storm; //!< --only storm (bench/bench-storm.h)

    bool
    Runs(const std::string& what) const
    {
        return ("," + only + ",").find("," + what + ",") != std::string::npos;
    }
};

bool
ParseArgs(int argc, char** argv, BenchArgs& a)
{
    for (int i = 1; i < argc; ++i)
    {
        std::string k = argv[i];
        const char* v = i + 1 < argc ? argv[i + 1] : nullptr;
        if (k == "--require-all" || k == "--check-no-tshark-engine")
        {
            a.requireAll = a.requireAll || k == "--require-all";
            a.check.tsharkEngine = a.check.tsharkEngine && k != "--check-no-tshark-engine";
            continue;
        }
        if (v == nullptr)
        {
            return false;
        }
        ++i;
        if (k == "--tunnels")
        {
            a.tunnels = ParseList(v);
        }
        else if (k == "--sessions")
        {
            a.sessions = ParseList(v);
        }
        else if (k == "--udp-packets")
        {
            a.udpPackets = std::atol(v);
        }
        else if (k == "--only")
        {
            a.only = v;
        }
        else if (k == "--lacs")
        {
            g_ppp.lacs = std::atol(v);
        }
        else if (k == "--sessions-per-tunnel")
        {
            g_ppp.sessionsPerTunnel = std::atol(v);
        }
        else if (k == "--ipv6")
        {
            g_ppp.ipv6 = std::string(v) == "yes";
        }
        else if (k == "--mpls")
        {
            g_ppp.mpls = std::string(v) == "yes";
        }
        else if (k == "--auth")
        {
            g_ppp.auth = v;
        }
        else if (k == "--json")
        {
            a.json = v;
        }
        else if (k == "--check-packets")
        {
            a.check.packets = std::atol(v);
        }
        else if (k == "--check-mix")
        {
            a.check.mix = v;
        }
        else if (k == "--check-seed")
        {
            a.check.seed = v;
        }
        else if (k == "--check-capture")
        {
            a.check.capture = v;
        }
        else if (k == "--check-repeat")
        {
            a.check.repeat = std::max(1, std::atoi(v));
        }
        else if (k == "--check-memory")
        {
            a.check.memory = v;
        }
        else if (!ParseStormArg(k, v, a.storm))
        {
            return false;
        }
    }
    return true;
}

/** \brief L2TP tunnels+sessions at each size (no PPP). */
void
ReportTunnels(const BenchArgs& a, double pps, std::ostringstream& js)
{
    js << ",\"tunnels\":[";
    bool first = true;
    for (long n : a.tunnels)
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
    js << "]";
}

/** \brief (a) tunnelled UDP ÷ bare UDP. \return false if not every packet arrived. */
bool
ReportPppUdp(const BenchArgs& a, double bareCost, std::ostringstream& js)
{
    auto r = InChild(PppUdp, a.udpPackets);
    double rx = Get(r, "ppp_udp_packets");
    double wall = Get(r, "ppp_udp_wall");
    double pps = wall > 0 ? rx / wall : 0;
    double ratio = rx > 0 && bareCost > 0 ? (wall / rx) / bareCost : 0;
    std::printf("%-44s %14.0f packets/wall-s  (%0.f/%ld packets in %.2f s, PPP up: %s)\n",
                "UDP through PPP/L2TP (tunnelled)", pps, rx, a.udpPackets, wall,
                Get(r, "ppp_up") > 0 ? "yes" : "NO");
    std::printf("%-44s %14.2f x bare UDP cost  (%.0f L2TP datagrams)\n",
                "  cost per tunnelled packet / bare UDP", ratio, Get(r, "ppp_udp_datagrams"));
    js << ",\"ppp_udp\":{\"packets\":" << rx << ",\"wall_s\":" << wall << ",\"pps\":" << pps
       << ",\"cost_vs_udp\":" << ratio << "}";
    return rx >= a.udpPackets;
}

/**
 * \brief (c) ESP-protected tunnelled UDP ÷ bare UDP, per transform. \return false if a packet was
 * lost or the datagrams did not go out as ESP.
 */
bool
ReportEsp(const BenchArgs& a, double bareCost, std::ostringstream& js)
{
    bool all = true;
    js << ",\"esp\":[";
    void (*runs[])(FILE*, long) = {EspGcm, EspCbcSha1};
    for (size_t i = 0; i < 2; ++i)
    {
        auto r = InChild(runs[i], a.udpPackets);
        double rx = Get(r, "ppp_udp_packets");
        double wall = Get(r, "ppp_udp_wall");
        double ratio = rx > 0 && bareCost > 0 ? (wall / rx) / bareCost : 0;
        const std::string label = std::string("ESP ") + kEspBench[i].name + " tunnelled packet";
        std::printf("%-44s %14.0f packets/wall-s  (%0.f/%ld packets in %.2f s, PPP up: %s)\n",
                    label.c_str(), wall > 0 ? rx / wall : 0, rx, a.udpPackets, wall,
                    Get(r, "ppp_up") > 0 ? "yes" : "NO");
        std::printf("%-44s %14.2f x bare UDP cost  (%.0f ESP out, %.0f ESP in)\n",
                    "  cost per ESP tunnelled packet / bare UDP", ratio, Get(r, "esp_out"),
                    Get(r, "esp_in"));
        js << (i == 0 ? "" : ",") << "{\"transform\":\"" << kEspBench[i].name
           << "\",\"packets\":" << rx << ",\"wall_s\":" << wall << ",\"cost_vs_udp\":" << ratio
           << ",\"esp_out\":" << Get(r, "esp_out") << "}";
        all = all && rx >= a.udpPackets && Get(r, "esp_in") >= a.udpPackets;
    }
    js << "]";
    return all;
}

/** \brief (b) full PPP sessions per wall-second. \return false if some size fell short. */
bool
ReportSessions(const BenchArgs& a, double bareCost, std::ostringstream& js)
{
    bool all = true;
    js << ",\"sessions\":[";
    bool first = true;
    for (long n : a.sessions)
    {
        auto r = InChild(PppSessions, n);
        double lns = Get(r, "lns_up");
        double lac = Get(r, "lac_up");
        double wall = Get(r, "wall");
        double rate = wall > 0 ? lns / wall : 0;
        double perKb = lns > 0 ? (Get(r, "hwm") - Get(r, "rss0")) / lns : 0;
        double builtKb = lns > 0 ? (Get(r, "rss_built") - Get(r, "rss0")) / lns : 0;
        const std::string at = " @" + std::to_string(n);
        std::printf("%-44s %14.0f per wall-s      (LNS %0.f, LACs %0.f of %ld up in %.2f s wall, "
                    "%.2f s sim, %0.f tunnels)\n",
                    ("full PPP sessions" + at).c_str(), rate, lns, lac, n, wall, Get(r, "sim"),
                    Get(r, "tunnels"));
        std::printf("%-44s %14.1f (%.0f events, %.1f per session)\n",
                    ("  L2TP datagrams per session" + at).c_str(),
                    lns > 0 ? Get(r, "datagrams") / lns : 0, Get(r, "events"),
                    lns > 0 ? Get(r, "events") / lns : 0);
        // The floor: what ns-3 alone takes to carry the same number of datagrams (bare UDP, same
        // run). Every session needs its L2TP and PPP exchanges, so no model can go below it.
        const double floor = bareCost * Get(r, "datagrams");
        std::printf("%-44s %14.2f x the ns-3 floor  (%.2f s: bare ns-3 UDP carrying the same "
                    "%.0f datagrams)\n",
                    ("  wall / floor" + at).c_str(), floor > 0 ? wall / floor : 0, floor,
                    Get(r, "datagrams"));
        std::printf("%-44s %14.1f KiB  (%.1f KiB of it before the run: nodes, config, links)\n",
                    ("  peak RSS per session" + at).c_str(), perKb, builtKb);
        js << (first ? "" : ",") << "{\"n\":" << n << ",\"lns_up\":" << lns << ",\"lac_up\":" << lac
           << ",\"wall_s\":" << wall << ",\"per_wall_s\":" << rate << ",\"floor_s\":" << floor
           << ",\"rss_per_session_kib\":" << perKb << "}";
        first = false;
        all = all && lns >= n && lac >= n;
    }
    js << "]";
    return all;
}

} // namespace

int
main(int argc, char** argv)
{
    BenchArgs a;
    if (!ParseArgs(argc, argv, a))
    {
        std::cerr << kUsage;
        return 2;
    }
    std::ostringstream js;
    js << "{\"date\":" << static_cast<long>(std::time(nullptr));
    double pps = 0;
    double bareCost = 0;
    if (a.Runs("udp") || a.Runs("ppp-udp") || a.Runs("tunnels") || a.Runs("esp") ||
        a.Runs("storm") || a.Runs("sessions"))
    {
        auto udp = InChild(BareUdp, a.udpPackets);
        pps = Get(udp, "udp_packets") / Get(udp, "udp_wall");
        bareCost = Get(udp, "udp_packets") > 0 ? Get(udp, "udp_wall") / Get(udp, "udp_packets") : 0;
        std::printf("%-44s %14.0f packets/wall-s  (%0.f packets in %.2f s)\n",
                    "bare ns-3 UDP (floor)", pps, Get(udp, "udp_packets"), Get(udp, "udp_wall"));
        js << ",\"bare_udp_pps\":" << pps;
    }
    bool ok = true;
    if (a.Runs("tunnels"))
    {
        ReportTunnels(a, pps, js);
    }
    if (a.Runs("ppp-udp"))
    {
        ok = ReportPppUdp(a, bareCost, js) && ok;
    }
    if (a.Runs("esp"))
    {
        ok = ReportEsp(a, bareCost, js) && ok;
    }
    if (a.Runs("sessions"))
    {
        ok = ReportSessions(a, bareCost, js) && ok;
    }
    if (a.Runs("storm"))
    {
        ok = ReportStormBench(a.storm, pps, js) && ok;
    }
    if (a.Runs("check"))
    {
        ok = ReportCheckBench(a.check, js) && ok;
    }
    js << "}\n";
    if (!a.json.empty())
    {
        std::ofstream(a.json) << js.str();
    }
    return a.requireAll && !ok ? 1 : 0;
}
