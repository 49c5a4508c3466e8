#include "model/common/compact-store.h"

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <unistd.h>

namespace ns3
{

namespace
{
constexpr size_t kArena = 64 * 1024;

/** `n` bytes at `offset` through pread or pwrite (`io`), retrying short transfers and EINTR.
 * \return false on an error or end of file. */
template <typename Io, typename Byte>
bool
WholeIo(Io io, int fd, Byte* p, size_t n, uint64_t offset)
{
    size_t done = 0;
    while (done < n)
    {
        const ssize_t k = io(fd, p + done, n - done, static_cast<off_t>(offset + done));
        if (k < 0 && errno == EINTR)
        {
            continue;
        }
        if (k <= 0)
        {
            return false;
        }
        done += static_cast<size_t>(k);
    }
    return true;
}
} // namespace

SpillFile::~SpillFile()
{
    Reset();
}

void
SpillFile::Reset()
{
    if (m_fd >= 0)
    {
        close(m_fd);
    }
    m_fd = -1;
    m_size = 0;
    m_failed = false;
}

bool
SpillFile::Append(const void* data, size_t n)
{
    if (m_failed)
    {
        return false;
    }
    if (m_fd < 0)
    {
        const char* dir = std::getenv("TMPDIR");
        m_fd = open(dir != nullptr && *dir != '\0' ? dir : "/tmp", O_TMPFILE | O_RDWR | O_CLOEXEC,
                    0600);
        if (m_fd < 0)
        {
            m_failed = true;
            return false;
        }
    }
    if (!WholeIo(pwrite, m_fd, static_cast<const char*>(data), n, m_size))
    {
        m_failed = true; // disk full or the like: the caller keeps this block in memory
        return false;
    }
    m_size += n;
    return true;
}

bool
SpillFile::Read(uint64_t offset, void* out, size_t n) const
{
    if (m_fd < 0 || offset + n > m_size)
    {
        return false;
    }
    return WholeIo(pread, m_fd, static_cast<char*>(out), n, offset);
}

uint32_t
StringPool::Hash(std::string_view s)
{
    // FNV-1a: short, repetitive keys (names, states, addresses); only equality is needed.
    uint32_t h = 2166136261u;
    for (unsigned char c : s)
    {
        h = (h ^ c) * 16777619u;
    }
    return h;
}

const char*
StringPool::Store(std::string_view s)
{
    if (s.empty())
    {
        return "";
    }
    if (s.size() > kArena / 4)
    {
        // A long text gets an arena of its own; the current one stays open for short texts.
        auto own = std::make_unique<char[]>(s.size());
        std::memcpy(own.get(), s.data(), s.size());
        const char* p = own.get();
        m_arenas.insert(m_arenas.end() - (m_arenas.empty() ? 0 : 1), std::move(own));
        return p;
    }
    if (m_arenas.empty() || m_arenaUsed + s.size() > m_arenaSize)
    {
        m_arenas.push_back(std::make_unique<char[]>(kArena));
        m_arenaSize = kArena;
        m_arenaUsed = 0;
    }
    char* p = m_arenas.back().get() + m_arenaUsed;
    std::memcpy(p, s.data(), s.size());
    m_arenaUsed += s.size();
    return p;
}

void
StringPool::Grow()
{
    std::vector<uint32_t> t(m_table.empty() ? 1024 : m_table.size() * 2, 0);
    const size_t mask = t.size() - 1;
    for (uint32_t id = 0; id < m_entries.size(); ++id)
    {
        size_t i = m_entries[id].hash & mask;
        while (t[i] != 0)
        {
            i = (i + 1) & mask;
        }
        t[i] = id + 1;
    }
    m_table.swap(t);
}

uint32_t
StringPool::Intern(std::string_view s)
{
    if ((m_entries.size() + 1) * 2 > m_table.size())
    {
        Grow(); // load factor at most 1/2
    }
    const uint32_t h = Hash(s);
    const size_t mask = m_table.size() - 1;
    size_t i = h & mask;
    while (m_table[i] != 0)
    {
        const Entry& e = m_entries[m_table[i] - 1];
        if (e.hash == h && e.length == s.size() && std::memcmp(e.text, s.data(), s.size()) == 0)
        {
            return m_table[i] - 1;
        }
        i = (i + 1) & mask;
    }
    const uint32_t id = static_cast<uint32_t>(m_entries.size());
    m_entries.push_back(Entry{Store(s), static_cast<uint32_t>(s.size()), h});
    m_table[i] = id + 1;
    return id;
}

void
StringPool::clear()
{
    m_entries.clear();
    m_table.clear();
    m_arenas.clear();
    m_arenaUsed = 0;
    m_arenaSize = 0;
}

} // namespace ns3
