// fuzz-target: a whole pcap/pcapng through the libpcap fast path, then every rule on its records;
// the pipelined read must agree
/**
 * \file
 * \brief libFuzzer target "pcap-fast-path": the input is a whole capture file (pcap or pcapng).
 * Seeds: every capture under pcaps/reference. The capture is handed to ExtractL2tpRecordsFast
 * through an in-memory file (memfd_create, opened by its /proc/self/fd path): no disk I/O, and the
 * fast path keeps its one file-name API. The records it produces are judged by every rule
 * (CheckRecords), so the rules see whatever odd records a capture can yield.
 */
#include "conformance/check.h"
#include "conformance/fast-records.h"
#include "conformance/record-diff.h"

#include <cstdio>
#include <cstdlib>
#include <string>
#include <sys/mman.h>
#include <unistd.h>

namespace
{

/** The in-memory file, created once per process. */
int
MemFd()
{
    static const int fd = memfd_create("l2tplab-fuzz-pcap", 0);
    if (fd < 0)
    {
        std::perror("memfd_create");
        std::abort();
    }
    return fd;
}

} // namespace

extern "C" int
LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    const int fd = MemFd();
    if (ftruncate(fd, 0) != 0 ||
        (size > 0 && pwrite(fd, data, size, 0) != static_cast<ssize_t>(size)))
    {
        std::perror("memfd write");
        std::abort();
    }
    const std::string path = "/proc/self/fd/" + std::to_string(fd);

    ns3::ExtractOptions opts;
    ns3::RecordSet records;
    std::string error;
    ns3::FastExtractStats stats;
    const bool read = ns3::ExtractL2tpRecordsFast(path, opts, records, error, &stats);
    if (read)
    {
        (void)ns3::CheckRecords(records, {"*"});
    }
    // The same capture read by the three-thread pipeline (ExtractOptions::threads) must give the
    // same outcome, records and counters: any difference is a finding.
    ns3::ExtractOptions piped = opts;
    piped.threads = 2;
    ns3::RecordSet other;
    std::string otherError;
    ns3::FastExtractStats otherStats;
    const bool otherRead = ns3::ExtractL2tpRecordsFast(path, piped, other, otherError, &otherStats);
    const bool same =
        read == otherRead && error == otherError && stats.frames == otherStats.frames &&
        stats.readError == otherStats.readError && stats.fallback == otherStats.fallback &&
        stats.truncatedFrames == otherStats.truncatedFrames &&
        records.records.size() == other.records.size() && records.ppp.size() == other.ppp.size() &&
        records.esp.size() == other.esp.size() && records.ike.size() == other.ike.size() &&
        records.natt.size() == other.natt.size() && ns3::DiffRecordSets(records, other, {}).empty();
    if (!same)
    {
        std::fprintf(stderr, "pipelined read differs from the one-thread read\n");
        std::abort();
    }
    return 0;
}
