// fuzz-target: a whole pcap/pcapng through the libpcap fast path, then every rule on its records
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
    if (ns3::ExtractL2tpRecordsFast(path, opts, records, error, &stats))
    {
        (void)ns3::CheckRecords(records, {"*"});
    }
    return 0;
}
