// Copyright (c) 2026 SessionDesk authors. SPDX-License-Identifier: MIT
#pragma once

#include <cstddef>
#include <thread>
#include <utility>

// The sort and filter code splits big loops over this machine's two cores: work(0) here, work(1)
// on a helper thread, when there are enough items to pay for the thread (~50 µs to start one).
namespace TwoThreads {

constexpr std::size_t MinItems = 1 << 16;

template<typename Work>
void run(std::size_t items, Work &&work)
{
    if (items < MinItems) {
        work(0);
        work(1);
        return;
    }
    std::thread helper([&work] { work(1); });
    work(0);
    helper.join();
}

// The half `part` (0 or 1) of [0, size).
inline std::pair<std::size_t, std::size_t> half(std::size_t size, int part)
{
    const std::size_t middle = size / 2;
    return part == 0 ? std::pair(std::size_t(0), middle) : std::pair(middle, size);
}

} // namespace TwoThreads
