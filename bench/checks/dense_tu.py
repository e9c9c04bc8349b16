#!/usr/bin/env python3
"""Writes a coroutine-dense, header-light translation unit for the check benchmarks.

Real coroutine code spends most of a clang-tidy run on its own functions when it includes
little: there the checks' cost shows, where a header-heavy TU (asio_heavy.cpp) hides it in
parsing. The TU includes only <coroutine>, <exception>, <utility> and <unistd.h> and holds
`coroutines` coroutines in the shapes the checks look at: awaited, stored and discarded tasks,
loops, callables handed to templates, and calls into shared helper chains `depth` hops deep,
half of which end in a blocking call. About one coroutine in five has a forgotten await and one
in ten reaches a blocking call, so a 2,000-coroutine TU has a few hundred findings.

usage: dense_tu.py [--coroutines N] [--depth D] OUTPUT
"""
import argparse

# The lazy task both generated TUs use (check_cost.py imports it).
LAZY_TASK = r"""// A cppcoro-style lazy task.
template <typename T = void> struct task {
  struct promise_type {
    task get_return_object() { return task{std::coroutine_handle<promise_type>::from_promise(*this)}; }
    std::suspend_always initial_suspend() noexcept { return {}; }
    std::suspend_always final_suspend() noexcept { return {}; }
    void return_void() {}
    void unhandled_exception() { std::terminate(); }
  };
  bool await_ready() const noexcept { return false; }
  void await_suspend(std::coroutine_handle<>) const noexcept {}
  void await_resume() const noexcept {}
  std::coroutine_handle<promise_type> handle;
};
"""

PRELUDE = r"""#include <coroutine>
#include <exception>
#include <utility>
#include <unistd.h>

""" + LAZY_TASK + r"""
// Calls what it is given and drops the result: a task-returning callable passed here is lost.
template <typename Callable> void run_now(Callable callable) { callable(); }
// Keeps what it is given: never a finding.
template <typename Callable> Callable keep(Callable callable) { return callable; }
"""

UNIT = r"""
task<> leaf_%(i)d(int n) { if (n > 0) co_await leaf_%(i)d(n - 1); co_return; }
task<> coro_%(i)d(int n) {
  co_await leaf_%(i)d(n);
  auto pending = leaf_%(i)d(n + 1);
  co_await std::move(pending);
  for (int k = 0; k < n; ++k)
    co_await leaf_%(i)d(k);
  while (n-- > 0)
    chain_%(chain)d_%(entry)d(n);
  auto keeper = keep([n] { return n * 2; });
  (void)keeper();
%(extra)s  co_return;
}
"""

# Each adds one forgotten await, of a different shape.
FORGOTTEN = [
    "  leaf_%(i)d(n);\n",
    "  auto unused_%(i)d = leaf_%(i)d(n);\n",
    "  run_now([n]() -> task<> { co_await leaf_%(i)d(n); });\n",
    "  if (n > 3) leaf_%(i)d(n);\n",
    "  do leaf_%(i)d(n); while (false);\n",
]


def generate(coroutines, depth=12):
    out = [PRELUDE]
    chains = max(1, coroutines // 8)
    for chain in range(chains):
        for hop in reversed(range(depth)):
            if hop == depth - 1:
                leaf = "::usleep(1);" if chain % 2 == 0 else "volatile int sink = n; (void)sink;"
                out.append("inline void chain_%d_%d(int n) { %s }" % (chain, hop, leaf))
            else:
                out.append("inline void chain_%d_%d(int n) { chain_%d_%d(n + 1); }" % (
                    chain, hop, chain, hop + 1))
    for i in range(coroutines):
        # Every tenth coroutine enters a blocking chain (even chains block) half-way, within
        # blocking-call's default MaxDepth; the others walk a whole harmless one.
        blocking = i % 10 == 0
        chain = (i // 10 * 2) % chains if blocking else (2 * i + 1) % chains
        entry = depth // 2 if blocking else 0
        extra = FORGOTTEN[(i // 5) % len(FORGOTTEN)] % {"i": i} if i % 5 == 0 else ""
        out.append(UNIT % {"i": i, "chain": chain, "entry": entry, "extra": extra})
    return "\n".join(out)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--coroutines", type=int, default=2000)
    parser.add_argument("--depth", type=int, default=12)
    parser.add_argument("output")
    args = parser.parse_args()
    if args.coroutines < 1 or args.depth < 1:
        parser.error("--coroutines and --depth must be at least 1")
    with open(args.output, "w") as f:
        f.write(generate(args.coroutines, args.depth))


if __name__ == "__main__":
    main()
