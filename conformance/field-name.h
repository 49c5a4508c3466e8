/**
 * \file
 * \brief An interned tshark field name ("l2tp.avp.assigned_tunnel"): one copy of each distinct
 * name per process, so an AVP field costs a pointer for its name instead of a heap string.
 *
 * Records keep every leaf field of every AVP as (name, value) pairs, the way tshark dissects them
 * (records.h AvpRecord::fields). A control message carries 8-12 AVPs of 3-4 fields each, and most
 * names are longer than std::string's 15-character inline buffer: as strings, the names alone were
 * one allocation per field, the largest share of the memory and of the malloc/free time of
 * judging a capture of session setups (bench --only check, mix `setup`). The set of names is small
 * and fixed by the dissector (a few hundred), so interning them is bounded.
 *
 * Two FieldNames are equal when they are the same interned string (a pointer comparison); a
 * FieldName compares with any text by content. Interning is thread-safe (`l2tplab check` judges
 * several captures on several threads).
 */
#ifndef L2TPLAB_CONFORMANCE_FIELD_NAME_H
#define L2TPLAB_CONFORMANCE_FIELD_NAME_H

#include <ostream>
#include <string>
#include <string_view>

namespace ns3
{

/** \brief An interned field name (see file comment). */
class FieldName
{
public:
    /** \brief The empty name. */
    FieldName();
    /** \brief Intern `s` (one lookup under a lock; adds it on first use). */
    FieldName(std::string_view s); // NOLINT(google-explicit-constructor): names read as text
    /** \brief Intern a C string. */
    FieldName(const char* s) // NOLINT(google-explicit-constructor)
        : FieldName(std::string_view(s))
    {
    }

    /** \brief Intern a string. */
    FieldName(const std::string& s) // NOLINT(google-explicit-constructor)
        : FieldName(std::string_view(s))
    {
    }

    /** \brief The text (valid for the life of the process). */
    const std::string&
    str() const
    {
        return *m_s;
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

    /** \brief Same interned name. */
    bool
    operator==(const FieldName& o) const
    {
        return m_s == o.m_s;
    }

    /** \brief Not operator==. */
    bool
    operator!=(const FieldName& o) const
    {
        return m_s != o.m_s;
    }

    /** \brief Order by text (for sorted output). */
    bool
    operator<(const FieldName& o) const
    {
        return *m_s < *o.m_s;
    }

    /** \brief Same text. */
    friend bool
    operator==(const FieldName& a, std::string_view b)
    {
        return std::string_view(*a.m_s) == b;
    }

    /** \brief Same text. */
    friend bool
    operator==(const FieldName& a, const std::string& b)
    {
        return *a.m_s == b;
    }

    /** \brief Same text. */
    friend bool
    operator==(const FieldName& a, const char* b)
    {
        return *a.m_s == b;
    }

    /** \brief Different text. */
    friend bool
    operator!=(const FieldName& a, const std::string& b)
    {
        return *a.m_s != b;
    }

    /** \brief Different text. */
    friend bool
    operator!=(const FieldName& a, const char* b)
    {
        return *a.m_s != b;
    }

    /** \brief Prints the text. */
    friend std::ostream&
    operator<<(std::ostream& os, const FieldName& f)
    {
        return os << *f.m_s;
    }

private:
    const std::string* m_s; //!< the interned text
};

/** \brief Same text. */
inline bool
operator==(const std::string& a, const FieldName& b)
{
    return b == a;
}

/** \brief Same text. */
inline bool
operator==(const char* a, const FieldName& b)
{
    return b == a;
}

/** \brief Number of distinct names interned so far (tests, diagnostics). */
size_t InternedFieldNames();

} // namespace ns3

#endif
