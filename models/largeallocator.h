// Copyright (c) 2026 SessionDesk authors. SPDX-License-Identifier: MIT
#pragma once

#include <cstdlib>
#include <memory>
#include <new>
#include <type_traits>
#include <utility>

#ifdef __linux__
#include <sys/mman.h>
#endif

// An allocator for the million-element buffers of sorting and filtering (keys, row indexes):
// large blocks are aligned to 2 MiB and, on Linux, advised to be backed by huge pages. Fresh
// memory is paid for in page faults, one per 4 KiB page touched: a 16 MB sort buffer costs
// 4,096 of them, tens of milliseconds on a virtual machine, more than the sort itself; with huge
// pages it costs eight. Small blocks come from the ordinary allocator. Elements are
// default-initialised: `Buffer<int> rows(n)` does not zero memory that is about to be written.
template<typename T>
struct LargeAllocator
{
    using value_type = T;
    static constexpr std::size_t HugePage = std::size_t(2) << 20;

    LargeAllocator() = default;
    template<typename U>
    LargeAllocator(const LargeAllocator<U> &) noexcept
    { }

    static bool isLarge(std::size_t n) { return n * sizeof(T) >= 2 * HugePage; }

    T *allocate(std::size_t n)
    {
        if (!isLarge(n))
            return std::allocator<T>().allocate(n);
        const std::size_t bytes = (n * sizeof(T) + HugePage - 1) / HugePage * HugePage;
        void *memory = std::aligned_alloc(HugePage, bytes);
        if (!memory)
            throw std::bad_alloc();
#if defined(__linux__) && defined(MADV_HUGEPAGE)
        madvise(memory, bytes, MADV_HUGEPAGE); // advice only: failing is harmless
#endif
        return static_cast<T *>(memory);
    }

    void deallocate(T *memory, std::size_t n) noexcept
    {
        if (isLarge(n))
            std::free(memory);
        else
            std::allocator<T>().deallocate(memory, n);
    }

    template<typename U>
    void construct(U *p) noexcept(std::is_nothrow_default_constructible_v<U>)
    {
        ::new (static_cast<void *>(p)) U;
    }
    template<typename U, typename... Args>
    void construct(U *p, Args &&...args)
    {
        ::new (static_cast<void *>(p)) U(std::forward<Args>(args)...);
    }

    template<typename U>
    bool operator==(const LargeAllocator<U> &) const noexcept
    {
        return true;
    }
};
