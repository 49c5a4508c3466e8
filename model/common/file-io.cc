#include "model/common/file-io.h"

#include <fstream>

namespace ns3
{

bool
WriteFile(const std::string& path, const std::string& content, std::string& error)
{
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    if (out)
    {
        out << content;
        out.close();
    }
    if (!out)
    {
        error = "cannot write '" + path + "'";
        return false;
    }
    return true;
}

} // namespace ns3
