// fuzz-target: a whole pcap/pcapng through the libpcap fast path, then every rule on its records;
// the pipelined read must agree, and so must the capture judged in parts
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

/**
 * Judged in parts (ExtractOptions::memoryBudget of one byte: every pair of addresses in a part of
 * its own), the capture must give the whole capture's report, rule by rule: a difference means a
 * rule or a consequence relates records of two pairs, or a merge loses something.
 */
void
JudgedInPartsAsWhole(const std::string& path, const ns3::RecordSet& records)
{
    const ns3::CheckReport whole = ns3::CheckRecords(records, {"*"});
    ns3::ExtractOptions tiny;
    tiny.memoryBudget = 1;
    ns3::CheckReport merged;
    bool any = false;
    tiny.onPart = [&](ns3::RecordSet& part)
    {
        ns3::CheckReport r = ns3::CheckRecords(part, {"*"});
        if (any)
        {
            ns3::MergeReport(merged, r);
        }
        else
        {
            merged = std::move(r);
            any = true;
        }
    };
    ns3::RecordSet none;
    std::string error;
    ns3::FastExtractStats stats;
    if (!ns3::ExtractL2tpRecordsFast(path, tiny, none, error, &stats) || !stats.fallback.empty())
    {
        std::fprintf(stderr, "judging in parts failed: %s\n", error.c_str());
        std::abort();
    }
    if (stats.parts == 0)
    {
        return; // nothing kept at all: nothing to split
    }
    for (size_t i = 0; i < whole.results.size(); ++i)
    {
        const ns3::RuleVerdict& a = whole.results[i].verdict;
        const ns3::RuleVerdict& b = merged.results.at(i).verdict;
        if (a.verdict != b.verdict || a.failingFrames != b.failingFrames ||
            a.checked != b.checked || a.detail != b.detail)
        {
            std::fprintf(stderr, "%s judged in parts differs:\n  whole: %s\n  parts: %s\n",
                         whole.results[i].id.c_str(), a.detail.c_str(), b.detail.c_str());
            std::abort();
        }
    }
}

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
    if (read && stats.fallback.empty())
    {
        JudgedInPartsAsWhole(path, records);
    }
    return 0;
}
