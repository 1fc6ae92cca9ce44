/*
 * exceptions.cc - captures while a C++ exception unwinds: from destructors run by the cleanup
 * phase (the frames below them are the ones being unwound) and from the catch block.
 */
#include <stdexcept>

#include "compare.h"
#include "shapes.h"

namespace {

volatile int sink;

struct CaptureOnDestruction {
    ~CaptureOnDestruction() { compare_here(); }
};

__attribute__((noinline)) void throw_from(int depth)
{
    CaptureOnDestruction checkpoint;
    if (depth == 0)
        throw std::runtime_error("unwinding");
    throw_from(depth - 1);
    sink = sink + 1;
}

} // namespace

void run_exceptions(int rounds)
{
    for (int round = 0; round < rounds; round++) {
        try {
            throw_from(round % 8);
        } catch (const std::exception &) {
            compare_here();
        }
    }
}
