/**
 * \file
 * \brief Interned text: one copy of each distinct string per process, so a record field that
 * repeats across records costs a pointer instead of a std::string (32 bytes, plus a heap block
 * past 15 characters). Used for tshark field names (InternedText, "l2tp.avp.assigned_tunnel_id")
 * and for the IP addresses of records (L2tpRecord / PppRecord srcIp, dstIp).
 *
 * Records keep every leaf field of every AVP as (name, value) pairs, the way tshark dissects them
 * (records.h AvpRecord::fields). A control message carries 8-12 AVPs of 3-4 fields each, and most
 * names are longer than std::string's 15-character inline buffer: as strings, the names alone were
 * one allocation per field, the largest share of the memory and of the malloc/free time of
 * judging a capture of session setups (bench --only check, mix `setup`). The set of names is small
 * and fixed by the dissector (a few hundred), so interning them is bounded. Addresses repeat in
 * every record of a flow; what is interned is bounded by the distinct hosts of the captures a
 * process reads (never freed: a few dozen bytes a host).
 *
 * Two InternedTexts are equal when they are the same interned string (a pointer comparison); an
 * InternedText compares with any text by content and converts to `const std::string&`. Interning
 * is thread-safe (`l2tplab check` judges several captures, and rules, on several threads).
 */
#ifndef L2TPLAB_CONFORMANCE_INTERNED_TEXT_H
#define L2TPLAB_CONFORMANCE_INTERNED_TEXT_H

#include <ostream>
#include <string>
#include <string_view>
#include <functional>
#include <utility>

namespace ns3
{

/** \brief Interned text (see file comment). */
class InternedText
{
public:
    /** \brief The empty name. */
    InternedText();
    /** \brief Intern `s` (one lookup under a lock; adds it on first use). */
    InternedText(std::string_view s); // NOLINT(google-explicit-constructor): names read as text
    /** \brief Intern a C string. */
    InternedText(const char* s) // NOLINT(google-explicit-constructor)
        : InternedText(std::string_view(s))
    {
    }

    /** \brief Intern a string. */
    InternedText(const std::string& s) // NOLINT(google-explicit-constructor)
        : InternedText(std::string_view(s))
    {
    }

    /** \brief The text (valid for the life of the process). */
    const std::string&
    str() const
    {
        return *m_s;
    }

    /** \brief True for the empty text. */
    bool
    empty() const
    {
        return m_s->empty();
    }

    /** \brief Length of the text. */
    size_t
    size() const
    {
        return m_s->size();
    }

    /** \brief The text as a C string. */
    const char*
    c_str() const
    {
        return m_s->c_str();
    }

    /** \brief The text. */
    operator const std::string&() const // NOLINT(google-explicit-constructor)
    {
        return *m_s;
    }

    /** \brief Identity of the text: two InternedTexts have the same key exactly when their
     * texts are equal (hash tables keyed by addresses or names hash this, not the text). */
    const void*
    Key() const
    {
        return m_s;
    }

    /** \brief Same interned name. */
    bool
    operator==(const InternedText& o) const
    {
        return m_s == o.m_s;
    }

    /** \brief Not operator==. */
    bool
    operator!=(const InternedText& o) const
    {
        return m_s != o.m_s;
    }

    /** \brief Order by text (for sorted output). */
    bool
    operator<(const InternedText& o) const
    {
        return *m_s < *o.m_s;
    }

    /** \brief Same text. */
    friend bool
    operator==(const InternedText& a, std::string_view b)
    {
        return std::string_view(*a.m_s) == b;
    }

    /** \brief Same text. */
    friend bool
    operator==(const InternedText& a, const std::string& b)
    {
        return *a.m_s == b;
    }

    /** \brief Same text. */
    friend bool
    operator==(const InternedText& a, const char* b)
    {
        return *a.m_s == b;
    }

    /** \brief Different text. */
    friend bool
    operator!=(const InternedText& a, const std::string& b)
    {
        return *a.m_s != b;
    }

    /** \brief Different text. */
    friend bool
    operator!=(const InternedText& a, const char* b)
    {
        return *a.m_s != b;
    }

    /** \brief Prints the text. */
    friend std::ostream&
    operator<<(std::ostream& os, const InternedText& f)
    {
        return os << *f.m_s;
    }

private:
    const std::string* m_s; //!< the interned text
};

/** \brief Same text. */
inline bool
operator==(const std::string& a, const InternedText& b)
{
    return b == a;
}

/** \brief Same text. */
inline bool
operator==(const char* a, const InternedText& b)
{
    return b == a;
}

/** \brief Concatenation, as with std::string. */
inline std::string
operator+(const std::string& a, const InternedText& b)
{
    return a + b.str();
}

/** \brief Concatenation, as with std::string. */
inline std::string
operator+(const InternedText& a, const std::string& b)
{
    return a.str() + b;
}

/** \brief Concatenation, as with std::string. */
inline std::string
operator+(const char* a, const InternedText& b)
{
    return a + b.str();
}

/** \brief Concatenation, as with std::string. */
inline std::string
operator+(const InternedText& a, const char* b)
{
    return a.str() + b;
}

/** \brief Concatenation, as with std::string. */
inline std::string
operator+(const InternedText& a, char b)
{
    return a.str() + b;
}

/** \brief Hash of an InternedText by identity (InternedText::Key). */
struct InternedTextHash
{
    size_t
    operator()(const InternedText& t) const
    {
        return std::hash<const void*>()(t.Key());
    }
};

/** \brief Hash of an ordered pair of InternedTexts (a (from, to) address pair). */
struct InternedPairHash
{
    size_t
    operator()(const std::pair<InternedText, InternedText>& p) const
    {
        const size_t a = std::hash<const void*>()(p.first.Key());
        return a ^ (std::hash<const void*>()(p.second.Key()) + 0x9e3779b97f4a7c15ull + (a << 6) +
                    (a >> 2));
    }
};

/** \brief An AVP field name as tshark spells it. */
using FieldName = InternedText;

/** \brief Number of distinct texts interned so far (tests, diagnostics). */
size_t InternedTextCount();

} // namespace ns3

#endif
