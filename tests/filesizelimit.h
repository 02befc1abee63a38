#pragma once
// A real write failure that works as root (CI runs as root, so read-only files and directories
// stop nothing): while a FileSizeLimit lives, this process cannot make a file longer than `bytes`;
// a write past it fails with EFBIG (SIGXFSZ is ignored meanwhile). Files already longer stay as
// they are. Restores the limit and the signal on destruction.
#include <csignal>

#include <sys/resource.h>

class FileSizeLimit {
public:
    explicit FileSizeLimit(rlim_t bytes)
    {
        getrlimit(RLIMIT_FSIZE, &mOld);
        mOldHandler = std::signal(SIGXFSZ, SIG_IGN);
        rlimit limit = mOld;
        limit.rlim_cur = bytes;
        mOk = setrlimit(RLIMIT_FSIZE, &limit) == 0;
    }
    ~FileSizeLimit()
    {
        setrlimit(RLIMIT_FSIZE, &mOld);
        std::signal(SIGXFSZ, mOldHandler);
    }
    FileSizeLimit(const FileSizeLimit &) = delete;
    FileSizeLimit &operator=(const FileSizeLimit &) = delete;
    bool ok() const { return mOk; }

private:
    rlimit mOld {};
    void (*mOldHandler)(int) = nullptr;
    bool mOk = false;
};
