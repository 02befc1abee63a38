#pragma once
// This machine's detection: the operating system probed (nvidia-smi, lspci, /sys/class/drm,
// /proc/meminfo) and its text handed to the model's pure parsers and catalog matcher (model/files/machine.h).
#include "files/machine.h"

namespace ff {

// Runs nvidia-smi, else lspci, else reads /sys/class/drm, and reads /proc/meminfo, where present.
// Never throws: what is absent is left empty.
DetectedMachine probeMachine();
// probeMachine() matched to the catalog (machineFromDetected). Throws std::invalid_argument when no
// GPU is found or it matches no catalog part.
MachineSpec detectMachine(const DataSet &d);

} // namespace ff
