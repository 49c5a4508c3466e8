/**
 * \file
 * \brief Storage for very many small records: a vector that grows in fixed blocks (no copy of
 * everything on growth, so no peak of twice the data and no unused half) and a pool of interned
 * strings (each distinct text stored once, ~len + 20 bytes, ids dense from 0).
 *
 * Used where a run of 100,000 sessions keeps millions of entries (the event log).
 */
#ifndef L2TPLAB_COMMON_COMPACT_STORE_H
#define L2TPLAB_COMMON_COMPACT_STORE_H

#include <cstddef>
#include <cstdint>
#include <memory>
#include <mutex>
#include <stdexcept>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

namespace ns3
{

/**
 * \brief Append-only sequence in blocks of 2^BlockBits elements. Elements never move, growth
 * allocates one block, and the memory held is the data plus at most one partly used block.
 */
template <typename T, unsigned BlockBits = 12>
class ChunkedVector
{
public:
    static constexpr size_t kBlock = size_t{1} << BlockBits;

    void
    push_back(const T& v)
    {
        if ((m_size & (kBlock - 1)) == 0 && (m_size >> BlockBits) == m_blocks.size())
        {
            m_blocks.push_back(std::make_unique<T[]>(kBlock));
        }
        m_blocks[m_size >> BlockBits][m_size & (kBlock - 1)] = v;
        ++m_size;
    }

    const T&
    operator[](size_t i) const
    {
        return m_blocks[i >> BlockBits][i & (kBlock - 1)];
    }

    T&
    operator[](size_t i)
    {
        return m_blocks[i >> BlockBits][i & (kBlock - 1)];
    }

    size_t
    size() const
    {
        return m_size;
    }

    void
    clear()
    {
        m_blocks.clear();
        m_size = 0;
    }

private:
    std::vector<std::unique_ptr<T[]>> m_blocks;
    size_t m_size{0};
};

/**
 * \brief An unnamed temporary file (O_TMPFILE in $TMPDIR, else /tmp: gone when closed, never
 * seen by another process) that blocks are appended to and read back from. Opened at the first
 * Append; if it cannot be opened or written, Append says so and the caller keeps its data.
 */
class SpillFile
{
public:
    SpillFile() = default;
    ~SpillFile();
    SpillFile(const SpillFile&) = delete;
    SpillFile& operator=(const SpillFile&) = delete;

    /** \brief Append `n` bytes at the end. \return false if nothing could be written. */
    bool Append(const void* data, size_t n);
    /** \brief Read `n` bytes at `offset` (appended before). \return false on a short read. */
    bool Read(uint64_t offset, void* out, size_t n) const;
    /** \brief Bytes appended. */
    uint64_t
    Size() const
    {
        return m_size;
    }
    /** \brief Close (and so delete) the file; the next Append opens a new one. */
    void Reset();

private:
    int m_fd{-1};
    uint64_t m_size{0};
    bool m_failed{false}; //!< could not open or write: stop trying
};

/**
 * \brief Append-only sequence of trivially copyable records that holds at most
 * `ResidentBlocks` blocks of 2^BlockBits records in memory: older full blocks go to a
 * SpillFile and are read back a block at a time (sequential reads cost one read per block).
 * A log of millions of events then costs a few megabytes of RSS, not ~40 bytes an event. When
 * the file cannot be used, blocks simply stay in memory.
 */
template <typename T, unsigned BlockBits = 12, size_t ResidentBlocks = 16>
class SpillVector
{
    static_assert(std::is_trivially_copyable<T>::value, "records are written as bytes");

public:
    static constexpr size_t kBlock = size_t{1} << BlockBits;

    void
    push_back(const T& v)
    {
        const size_t b = m_size >> BlockBits;
        if (b == m_blocks.size())
        {
            m_blocks.push_back(SpillOldest());
        }
        m_blocks[b][m_size & (kBlock - 1)] = v;
        ++m_size;
    }

    /** \brief The i-th record (a copy: spilled blocks are read into a one-block cache). */
    T
    Get(size_t i) const
    {
        const size_t b = i >> BlockBits;
        if (b >= m_spilled)
        {
            return m_blocks[b][i & (kBlock - 1)];
        }
        std::lock_guard<std::mutex> lock(m_cacheMutex);
        if (m_cacheBlock != b)
        {
            if (!m_cache)
            {
                m_cache = std::make_unique<T[]>(kBlock);
            }
            m_cacheBlock =
                m_file.Read(uint64_t{b} * kBlock * sizeof(T), m_cache.get(), kBlock * sizeof(T))
                    ? b
                    : SIZE_MAX;
            if (m_cacheBlock == SIZE_MAX)
            {
                // The file took the block but will not give it back (an I/O error): say so, do
                // not hand out zeros as if they were the record.
                throw std::runtime_error("SpillVector: reading back a spilled block failed");
            }
        }
        return m_cache[i & (kBlock - 1)];
    }

    size_t
    size() const
    {
        return m_size;
    }

    /** \brief Blocks held in memory (the rest are in the file). */
    size_t
    ResidentBlockCount() const
    {
        return m_blocks.size() - m_spilled;
    }

    void
    clear()
    {
        m_blocks.clear();
        m_size = 0;
        m_spilled = 0;
        m_file.Reset();
        m_cacheBlock = SIZE_MAX;
    }

private:
    /** \brief A buffer for the next block: the oldest resident block's, once it is on file. */
    std::unique_ptr<T[]>
    SpillOldest()
    {
        if (m_blocks.size() - m_spilled < ResidentBlocks ||
            !m_file.Append(m_blocks[m_spilled].get(), kBlock * sizeof(T)))
        {
            return std::make_unique<T[]>(kBlock);
        }
        return std::move(m_blocks[m_spilled++]);
    }

    std::vector<std::unique_ptr<T[]>> m_blocks; //!< block b; null for b < m_spilled (on file)
    size_t m_size{0};
    size_t m_spilled{0}; //!< leading blocks written to m_file
    SpillFile m_file;
    mutable std::mutex m_cacheMutex;
    mutable std::unique_ptr<T[]> m_cache;
    mutable size_t m_cacheBlock{SIZE_MAX};
};

/**
 * \brief Interned strings: Intern(text) gives the same dense id for the same text; Get(id) the
 * text. Texts live in 64 KiB arenas (never moved, so views stay valid); the index is an
 * open-addressing table of ids.
 */
class StringPool
{
public:
    /** \brief The id of `s`, adding it if new. */
    uint32_t Intern(std::string_view s);

    /** \brief The text of `id` (valid while the pool lives and is not cleared). */
    std::string_view
    Get(uint32_t id) const
    {
        const Entry& e = m_entries[id];
        return std::string_view(e.text, e.length);
    }

    /** \brief Number of distinct strings. */
    size_t
    size() const
    {
        return m_entries.size();
    }

    void clear();

private:
    struct Entry
    {
        const char* text;
        uint32_t length;
        uint32_t hash;
    };

    static uint32_t Hash(std::string_view s);
    const char* Store(std::string_view s);
    void Grow();

    ChunkedVector<Entry> m_entries;
    std::vector<uint32_t> m_table; //!< id + 1 per slot, 0 = empty; size a power of two
    std::vector<std::unique_ptr<char[]>> m_arenas;
    size_t m_arenaUsed{0}; //!< bytes used in the last arena
    size_t m_arenaSize{0}; //!< size of the last arena
};

} // namespace ns3

#endif // L2TPLAB_COMMON_COMPACT_STORE_H
