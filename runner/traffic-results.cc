#include "runner/traffic-results.h"

#include <cstdio>

namespace ns3
{

void
SeriesStats::Add(double v)
{
    min = n == 0 || v < min ? v : min;
    max = n == 0 || v > max ? v : max;
    sum += v;
    ++n;
}

double
SeriesStats::Avg() const
{
    return n == 0 ? 0.0 : sum / static_cast<double>(n);
}

const char*
TrafficKindName(TrafficKind k)
{
    switch (k)
    {
    case TrafficKind::ICMP_ECHO:
        return "icmp-echo";
    case TrafficKind::UDP:
        return "udp";
    case TrafficKind::TCP:
        return "tcp";
    }
    return "?";
}

std::string
StateNumber(double v)
{
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.9g", v);
    return buf;
}

double
FlowResult::LossPercent() const
{
    uint64_t base = kind == TrafficKind::TCP ? totalBytes : sent;
    if (base == 0 || (kind != TrafficKind::TCP && sent == 0))
    {
        return 0.0;
    }
    uint64_t got = received < base ? received : base;
    return 100.0 * static_cast<double>(base - got) / static_cast<double>(base);
}

double
FlowResult::ThroughputBps() const
{
    TimeNs end = completed != kNever ? completed : lastRx;
    if (end == kNever || end <= start || received == 0)
    {
        return 0.0;
    }
    return static_cast<double>(received) * 8.0 * kSec / static_cast<double>(end - start);
}

const std::vector<TrafficStateField>&
TrafficStateFields()
{
    static const std::vector<TrafficStateField> kFields = {
        {"sent", "ping1", "packets sent (icmp-echo, udp) or bytes handed to TCP (tcp)"},
        {"received", "ping1",
         "echo replies within `timeout` (icmp-echo), datagrams (udp) or bytes (tcp) received"},
        {"loss-percent", "ping1",
         "100 x (sent - received) / sent (tcp: of count x size); a packet still in flight counts "
         "as lost, so sample after the flow is done"},
        {"rtt-min", "ping1", "icmp-echo: smallest round-trip time, ms (0 without replies)"},
        {"rtt-avg", "ping1", "icmp-echo: average round-trip time, ms"},
        {"rtt-max", "ping1", "icmp-echo: largest round-trip time, ms"},
        {"timeouts", "ping1", "icmp-echo: requests without a reply within `timeout`"},
        {"delay-min", "udp1", "udp: smallest one-way delay, ms"},
        {"delay-avg", "udp1", "udp: average one-way delay, ms"},
        {"delay-max", "udp1", "udp: largest one-way delay, ms"},
        {"throughput", "tcp1",
         "tcp: bits received per second from `at` to completion (or last byte)"},
        {"completion-time", "tcp1",
         "tcp: seconds from `at` until the sink had every byte; -1 until then"},
    };
    return kFields;
}

bool
FlowResult::StateValue(const std::string& field, std::string& value) const
{
    const std::pair<const char*, double> kValues[] = {
        {"sent", static_cast<double>(sent)},
        {"received", static_cast<double>(received)},
        {"loss-percent", LossPercent()},
        {"rtt-min", rttMs.min},
        {"rtt-avg", rttMs.Avg()},
        {"rtt-max", rttMs.max},
        {"timeouts", static_cast<double>(timeouts)},
        {"delay-min", delayMs.min},
        {"delay-avg", delayMs.Avg()},
        {"delay-max", delayMs.max},
        {"throughput", ThroughputBps()},
        {"completion-time",
         completed == kNever ? -1.0 : static_cast<double>(completed - start) / kSec},
    };
    for (const auto& kv : kValues)
    {
        if (field == kv.first)
        {
            value = StateNumber(kv.second);
            return true;
        }
    }
    return false;
}

RunFlow
FlowResult::ToRunFlow() const
{
    RunFlow f;
    f.name = name;
    f.kind = TrafficKindName(kind);
    f.from = from;
    f.to = to;
    f.unit = kind == TrafficKind::TCP ? "bytes" : "packets";
    f.sent = sent;
    f.received = received;
    f.lossPercent = LossPercent();
    if (kind == TrafficKind::ICMP_ECHO)
    {
        f.metrics = {{"rtt_min_ms", rttMs.min},
                     {"rtt_avg_ms", rttMs.Avg()},
                     {"rtt_max_ms", rttMs.max},
                     {"timeouts", static_cast<double>(timeouts)},
                     {"late", static_cast<double>(late)}};
    }
    else if (kind == TrafficKind::UDP)
    {
        f.metrics = {{"delay_min_ms", delayMs.min},
                     {"delay_avg_ms", delayMs.Avg()},
                     {"delay_max_ms", delayMs.max}};
    }
    else
    {
        f.metrics = {{"throughput_bps", ThroughputBps()},
                     {"completion_s",
                      completed == kNever ? -1.0 : static_cast<double>(completed - start) / kSec}};
    }
    return f;
}

} // namespace ns3
