/**
 * \file
 * \brief A tiny real-socket carrier for the IKEv1 engine (ike-api.h): UDP 500 and 4500 on one
 * address (the 4-octet non-ESP marker added and stripped on 4500, RFC 3948 §2.2), wall-clock
 * timers, events printed as JSON lines. tests/live/ike-charon-live.sh runs it against strongSwan's
 * charon in a network namespace.
 *
 *   ike-charon-probe --local A --remote B --psk S [--responder] [--until KIND] [--seconds N]
 *                    [--ike-enc E] [--pfs G] [--linger N]
 *
 * It keeps answering for N seconds (default 1) after the awaited event.
 * Exit 0 when an event of kind KIND (default "phase2-established") was emitted, 1 on timeout or a
 * "phase1-failed"/"phase2-failed" event, 2 on bad usage or a socket error.
 */
#include "model/ipsec/ike-api.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstring>
#include <iostream>
#include <string>

using namespace ns3;

namespace
{

/** Prints events and remembers whether the awaited one came. */
struct PrintSink : EventSink
{
    std::string until;
    bool done{false};
    bool failed{false};
    void
    Emit(const LabEvent& e) override
    {
        std::cout << EventToJson(e) << std::endl;
        done = done || e.kind == until;
        failed = failed || e.kind == "phase1-failed" || e.kind == "phase2-failed";
    }
};

int
Bind(const std::string& addr, uint16_t port)
{
    int fd = socket(AF_INET, SOCK_DGRAM, 0);
    int one = 1;
    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
    sockaddr_in sa{};
    sa.sin_family = AF_INET;
    sa.sin_port = htons(port);
    inet_pton(AF_INET, addr.c_str(), &sa.sin_addr);
    if (fd < 0 || bind(fd, reinterpret_cast<sockaddr*>(&sa), sizeof(sa)) != 0)
    {
        std::perror("bind");
        return -1;
    }
    return fd;
}

TimeNs
Now(std::chrono::steady_clock::time_point t0)
{
    return std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now() -
                                                                t0)
        .count();
}

void
SendAction(const IkeAction& a, int fd500, int fd4500)
{
    Bytes dg = a.datagram;
    if (a.local.port == 4500)
    {
        dg.insert(dg.begin(), 4, 0); // non-ESP marker (RFC 3948 §2.2)
    }
    sockaddr_in to{};
    to.sin_family = AF_INET;
    to.sin_port = htons(a.remote.port);
    inet_pton(AF_INET, a.remote.addr.c_str(), &to.sin_addr);
    sendto(a.local.port == 4500 ? fd4500 : fd500, dg.data(), dg.size(), 0,
           reinterpret_cast<sockaddr*>(&to), sizeof(to));
}

/** Read one datagram from fd and give it to the engine (IKE only). */
void
ReadOne(int fd, const std::string& local, uint16_t port, IkeEngine& e, TimeNs now)
{
    uint8_t buf[65536];
    sockaddr_in from{};
    socklen_t fl = sizeof(from);
    ssize_t n = recvfrom(fd, buf, sizeof(buf), 0, reinterpret_cast<sockaddr*>(&from), &fl);
    if (n <= 0)
    {
        return;
    }
    Bytes dg(buf, buf + n);
    if (port == 4500)
    {
        if (dg.size() < 4 || dg[0] != 0 || dg[1] != 0 || dg[2] != 0 || dg[3] != 0)
        {
            return; // ESP or a keepalive: not for IKE
        }
        dg.erase(dg.begin(), dg.begin() + 4);
    }
    char addr[INET_ADDRSTRLEN];
    inet_ntop(AF_INET, &from.sin_addr, addr, sizeof(addr));
    e.Receive(IkeEndpoint{local, port}, IkeEndpoint{addr, ntohs(from.sin_port)}, dg, now);
}

/** Carry out the engine's actions: send datagrams, print SA installations. */
void
Flush(IkeEngine& engine, int fd500, int fd4500)
{
    for (const IkeAction& a : engine.TakeActions())
    {
        if (a.kind == IkeAction::Kind::SEND)
        {
            SendAction(a, fd500, fd4500);
        }
        else if (a.kind == IkeAction::Kind::INSTALL_SA)
        {
            std::printf("INSTALL_SA %s spi=%08x enc=%zu auth=%zu reqid=%u udp-encap=%d\n",
                        a.sa.inbound ? "in" : "out", a.sa.esp.spi, a.sa.esp.encKey.size(),
                        a.sa.esp.authKey.size(), a.sa.reqid, a.sa.udpEncap ? 1 : 0);
            std::fflush(stdout);
        }
    }
}

} // namespace

int
main(int argc, char** argv)
{
    std::string local;
    std::string remote;
    std::string psk;
    std::string ikeEnc = "3des";
    std::string pfs = "modp1024";
    bool responder = false;
    int seconds = 30;
    int linger = 1;
    PrintSink sink;
    sink.until = "phase2-established";
    for (int i = 1; i < argc; ++i)
    {
        std::string a = argv[i];
        std::string v = i + 1 < argc ? argv[i + 1] : "";
        if (a == "--responder")
        {
            responder = true;
            continue;
        }
        ++i;
        if (a == "--local")
            local = v;
        else if (a == "--remote")
            remote = v;
        else if (a == "--psk")
            psk = v;
        else if (a == "--until")
            sink.until = v;
        else if (a == "--seconds")
            seconds = std::atoi(v.c_str());
        else if (a == "--ike-enc")
            ikeEnc = v;
        else if (a == "--linger")
            linger = std::atoi(v.c_str());
        else if (a == "--pfs")
            pfs = v;
        else
        {
            std::cerr << "unknown option " << a << "\n";
            return 2;
        }
    }
    if (local.empty() || remote.empty() || psk.empty())
    {
        std::cerr << "usage: ike-charon-probe --local A --remote B --psk S [--responder]\n";
        return 2;
    }
    int fd500 = Bind(local, 500);
    int fd4500 = Bind(local, 4500);
    if (fd500 < 0 || fd4500 < 0)
    {
        return 2;
    }
    auto engine = MakeIkev1Engine(sink, 1);
    IkePeerConfig peer;
    peer.name = "charon";
    peer.address = remote;
    peer.secret = psk;
    peer.passive = responder;
    peer.enc = {ikeEnc};
    peer.phase2.front().pfsGroup = pfs;
    engine->AddPeer(peer);
    auto t0 = std::chrono::steady_clock::now();
    if (!responder)
    {
        engine->Acquire(IkeEndpoint{local, 1701}, IkeEndpoint{remote, 1701}, IkeSelector{}, 0);
    }
    TimeNs stopAt = seconds * kSec;
    bool lingering = false;
    while (!sink.failed && Now(t0) < stopAt)
    {
        if (sink.done && !lingering)
        {
            lingering = true; // keep answering the peer for --linger seconds
            stopAt = std::min(stopAt, Now(t0) + linger * kSec);
        }
        Flush(*engine, fd500, fd4500);
        TimeNs next = engine->NextDeadline();
        TimeNs now = Now(t0);
        int wait = next == kNever ? 200 : static_cast<int>(std::max<TimeNs>(0, next - now) / kMs);
        pollfd fds[2] = {{fd500, POLLIN, 0}, {fd4500, POLLIN, 0}};
        if (poll(fds, 2, std::min(wait, 200)) > 0)
        {
            if (fds[0].revents & POLLIN)
            {
                ReadOne(fd500, local, 500, *engine, Now(t0));
            }
            if (fds[1].revents & POLLIN)
            {
                ReadOne(fd4500, local, 4500, *engine, Now(t0));
            }
        }
        engine->OnTimer(Now(t0));
    }
    Flush(*engine, fd500, fd4500);
    std::cout << engine->Ikev1DecryptionTable();
    close(fd500);
    close(fd4500);
    return sink.done ? 0 : 1;
}
