#include "machinedetect.h"

#include <cstdio>
#include <string>
#include <vector>

#include <dirent.h>

#include "data/dataset.h"

namespace ff {

namespace {

std::string readText(const std::string &path)
{
    try {
        return readFileCapped(path, 1u << 20);
    } catch (const DataError &) {
        return {};
    }
}

std::string runCommand(const char *cmd)
{
    std::string out;
    FILE *f = ::popen(cmd, "r");
    if (!f)
        return out;
    char buf[4096];
    std::size_t n;
    while ((n = std::fread(buf, 1, sizeof buf, f)) > 0 && out.size() < (1u << 20))
        out.append(buf, n);
    ::pclose(f);
    return out;
}

} // namespace

DetectedMachine probeMachine()
{
    std::vector<DetectedGpu> gpus = parseNvidiaSmiCsv(runCommand("nvidia-smi --query-gpu=name,memory.total --format=csv,noheader,nounits 2>/dev/null"));
    if (gpus.empty())
        gpus = parseLspci(runCommand("lspci 2>/dev/null"));
    if (gpus.empty()) {
        DIR *dir = ::opendir("/sys/class/drm");
        if (dir) {
            while (const dirent *e = ::readdir(dir)) {
                const std::string n = e->d_name;
                if (n.rfind("card", 0) != 0 || n.find('-') != std::string::npos)
                    continue;
                const std::string base = "/sys/class/drm/" + n + "/device/";
                if (auto g = parseDrmDevice(readText(base + "vendor"), readText(base + "mem_info_vram_total")))
                    gpus.push_back(*g);
            }
            ::closedir(dir);
        }
    }
    return {gpus, parseMeminfoGb(readText("/proc/meminfo"))};
}

MachineSpec detectMachine(const DataSet &d)
{
    const DetectedMachine m = probeMachine();
    return machineFromDetected(d, m.gpus, m.ramGb);
}

} // namespace ff
