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
#include <string>
#include <string_view>
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
