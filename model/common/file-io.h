/**
 * \file
 * \brief Whole-file output: the one place reports, JSON and other text files are written.
 */
#ifndef L2TPLAB_COMMON_FILE_IO_H
#define L2TPLAB_COMMON_FILE_IO_H

#include <string>

namespace ns3
{

/**
 * \brief Create or truncate `path` and write `content` to it, byte for byte (binary mode).
 * \param error set to "cannot write '<path>'" when the file cannot be opened or written
 * \return false on any I/O failure (error set), true otherwise
 */
bool WriteFile(const std::string& path, const std::string& content, std::string& error);

} // namespace ns3

#endif
