// Unit tests: runner/units (durations, rates, loss, booleans, addresses, subnets).
#include "runner/units.h"

#include <boost/test/unit_test.hpp>

#include <string>
#include <vector>

using namespace ns3;

BOOST_AUTO_TEST_SUITE(runner_units)

BOOST_AUTO_TEST_CASE(durations_good)
{
    struct Row
    {
        const char* text;
        TimeNs ns;
    };
    const std::vector<Row> rows = {
        {"0", 0},
        {"5", 5 * kSec},
        {"5s", 5 * kSec},
        {"250ms", 250 * kMs},
        {"100us", 100 * kUs},
        {"7ns", 7},
        {"1m", 60 * kSec},
        {"2h", 7200 * kSec},
        {"1.5s", 1500 * kMs},
        {"0.25", 250 * kMs},
        {"1m30s", 90 * kSec},
        {"1h2m3s4ms", 3723 * kSec + 4 * kMs},
    };
    for (const auto& r : rows)
    {
        TimeNs t = -1;
        BOOST_TEST_CONTEXT(r.text)
        {
            BOOST_TEST(ParseDuration(r.text, t));
            BOOST_TEST(t == r.ns);
        }
    }
}

BOOST_AUTO_TEST_CASE(durations_bad)
{
    for (const char* s :
         {"", "fast", "5 s", "-1s", "s", "1.5ns", "1m30", "5sec", "1..2s", ".s", "5S", "1e3s"})
    {
        TimeNs t = 0;
        BOOST_TEST_CONTEXT(s)
        {
            BOOST_TEST(!ParseDuration(s, t));
        }
    }
}

BOOST_AUTO_TEST_CASE(rates)
{
    struct Row
    {
        const char* text;
        uint64_t bps;
    };
    for (const auto& r : std::vector<Row>{{"100Mbps", 100000000ull},
                                          {"1Gbps", 1000000000ull},
                                          {"64kbps", 64000ull},
                                          {"9600bps", 9600ull},
                                          {"1.5Mbps", 1500000ull}})
    {
        uint64_t v = 0;
        BOOST_TEST_CONTEXT(r.text)
        {
            BOOST_TEST(ParseRate(r.text, v));
            BOOST_TEST(v == r.bps);
            BOOST_TEST(FormatRate(v) == (std::string(r.text) == "1.5Mbps" ? "1500kbps" : r.text));
        }
    }
    for (const char* s : {"", "100", "100mbps", "0Mbps", "fast", "Mbps", "1.5bps"})
    {
        uint64_t v = 0;
        BOOST_TEST_CONTEXT(s)
        {
            BOOST_TEST(!ParseRate(s, v));
        }
    }
}

BOOST_AUTO_TEST_CASE(loss)
{
    double f = -1;
    BOOST_TEST(ParseLoss("20%", f));
    BOOST_TEST(f == 0.2, boost::test_tools::tolerance(1e-12));
    BOOST_TEST(ParseLoss("0.2", f));
    BOOST_TEST(f == 0.2, boost::test_tools::tolerance(1e-12));
    BOOST_TEST(ParseLoss("0", f));
    BOOST_TEST(f == 0.0);
    BOOST_TEST(ParseLoss("100%", f));
    BOOST_TEST(f == 1.0);
    BOOST_TEST(ParseLoss("0.5%", f));
    BOOST_TEST(f == 0.005, boost::test_tools::tolerance(1e-12));
    for (const char* s : {"", "20", "1.5", "101%", "-1%", "%", "abc", "20 %"})
    {
        BOOST_TEST_CONTEXT(s)
        {
            BOOST_TEST(!ParseLoss(s, f));
        }
    }
}

BOOST_AUTO_TEST_CASE(booleans_and_integers)
{
    bool b = false;
    BOOST_TEST((ParseBool("yes", b) && b));
    BOOST_TEST((ParseBool("true", b) && b));
    BOOST_TEST((ParseBool("no", b) && !b));
    BOOST_TEST((ParseBool("false", b) && !b));
    BOOST_TEST(!ParseBool("Yes", b));
    BOOST_TEST(!ParseBool("1", b));
    uint64_t v = 0;
    BOOST_TEST((ParseUint("1450", v) && v == 1450));
    BOOST_TEST(!ParseUint("-1", v));
    BOOST_TEST(!ParseUint("1e3", v));
    BOOST_TEST(!ParseUint("", v));
}

BOOST_AUTO_TEST_CASE(ipv4)
{
    uint32_t a = 0;
    BOOST_TEST(ParseIpv4("192.0.2.1", a));
    BOOST_TEST(a == 0xc0000201u);
    BOOST_TEST(FormatIpv4(a) == "192.0.2.1");
    for (const char* s : {"", "300.1.1.1", "1.2.3", "1.2.3.4.5", "a.b.c.d", "1.2.3.4/24",
                          " 1.2.3.4", "1..2.3", "1234.1.1.1"})
    {
        BOOST_TEST_CONTEXT(s)
        {
            BOOST_TEST(!ParseIpv4(s, a));
        }
    }
    uint32_t lo = 0;
    uint32_t hi = 0;
    BOOST_TEST(ParseIpv4Range("10.99.0.10-10.99.0.20", lo, hi));
    BOOST_TEST(FormatIpv4(lo) == "10.99.0.10");
    BOOST_TEST(FormatIpv4(hi) == "10.99.0.20");
    BOOST_TEST(!ParseIpv4Range("10.99.0.20-10.99.0.10", lo, hi));
    BOOST_TEST(ParseIpv4Range("10.0.0.1", lo, hi));
    BOOST_TEST(lo == hi);
}

BOOST_AUTO_TEST_CASE(subnets)
{
    Ipv4Subnet s;
    bool hb = true;
    BOOST_TEST(ParseSubnet("192.0.2.0/30", s, hb));
    BOOST_TEST(!hb);
    BOOST_TEST(s.ToString() == "192.0.2.0/30");
    BOOST_TEST(s.HostCount() == 2u);
    BOOST_TEST(FormatIpv4(s.Host(0)) == "192.0.2.1");
    BOOST_TEST(FormatIpv4(s.Host(1)) == "192.0.2.2");
    BOOST_TEST(s.IsHost(0xc0000201u));
    BOOST_TEST(!s.IsHost(0xc0000203u)); // broadcast
    BOOST_TEST(!s.IsHost(0xc0000200u)); // network

    BOOST_TEST(ParseSubnet("192.0.2.1/30", s, hb));
    BOOST_TEST(hb);
    BOOST_TEST(s.ToString() == "192.0.2.0/30");

    BOOST_TEST(ParseSubnet("10.0.0.0/31", s, hb));
    BOOST_TEST(s.HostCount() == 2u);
    BOOST_TEST(FormatIpv4(s.Host(0)) == "10.0.0.0");
    BOOST_TEST(ParseSubnet("10.0.0.7/32", s, hb));
    BOOST_TEST(s.HostCount() == 1u);
    BOOST_TEST(ParseSubnet("0.0.0.0/0", s, hb));
    BOOST_TEST(s.Mask() == 0u);
    BOOST_TEST(ParseSubnet("10.0.0.0/16", s, hb));
    BOOST_TEST(s.HostCount() == 65534u);

    for (const char* t : {"10.0.0.0", "10.0.0.0/33", "10.0.0.0/", "/24", "10.0.0/24", "10.0.0.0/a"})
    {
        BOOST_TEST_CONTEXT(t)
        {
            BOOST_TEST(!ParseSubnet(t, s, hb));
        }
    }
}

BOOST_AUTO_TEST_CASE(format_duration)
{
    BOOST_TEST(FormatDuration(0) == "0s");
    BOOST_TEST(FormatDuration(30 * kSec) == "30s");
    BOOST_TEST(FormatDuration(1500 * kMs) == "1500ms");
    BOOST_TEST(FormatDuration(120 * kSec) == "2m");
    BOOST_TEST(FormatDuration(7) == "7ns");
}

BOOST_AUTO_TEST_SUITE_END()
