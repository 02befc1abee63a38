// frontier-forecast-schema: writes the field tables of data/README.md from the loader's declarative
// tables (model/data/schemas.cpp), so the documentation cannot drift from what the loader reads.
//   frontier-forecast-schema --check data/README.md   exit 1 and say which table differs
//   frontier-forecast-schema --write data/README.md   rewrite the generated blocks in place
// Pure C++: the model core only.
#include <cstdio>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>

#include "files/schemadocs.h"

int main(int argc, char **argv)
{
    if (argc != 3 || (std::string(argv[1]) != "--check" && std::string(argv[1]) != "--write")) {
        std::cerr << "usage: frontier-forecast-schema --check|--write data/README.md\n";
        return 2;
    }
    const std::string path = argv[2];
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        std::cerr << path << ": cannot read\n";
        return 2;
    }
    std::stringstream ss;
    ss << in.rdbuf();
    const std::string readme = ss.str();
    std::vector<std::string> missing;
    const std::string updated = ff::withSchemaTables(readme, missing);
    for (const auto &m : missing)
        std::cerr << path << ": no generated block for " << m << " (add \"<!-- schema " << m << " -->\" and \"<!-- /schema -->\")\n";
    if (std::string(argv[1]) == "--check") {
        if (updated != readme)
            std::cerr << path << ": a field table differs from the loader's schema; run frontier-forecast-schema --write " << path << "\n";
        return updated != readme || !missing.empty() ? 1 : 0;
    }
    const std::string tmp = path + ".tmp";
    {
        std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
        out << updated;
        if (!out.flush()) {
            std::cerr << tmp << ": cannot write\n";
            return 2;
        }
    }
    if (std::rename(tmp.c_str(), path.c_str()) != 0) {
        std::cerr << path << ": cannot replace\n";
        return 2;
    }
    return missing.empty() ? 0 : 1;
}
