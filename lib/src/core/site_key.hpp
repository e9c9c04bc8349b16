#pragma once

#include <cstdint>
#include <string_view>

namespace coroguard::detail {

// Keys the rate limiter tells sites apart by: hashes of names and return addresses.

constexpr std::uint64_t mix_site_key(std::uint64_t key, std::uint64_t value) noexcept {
  // splitmix64's finalizer over the combination: nearby addresses land far apart.
  std::uint64_t z = key ^ (value + 0x9e3779b97f4a7c15U + (key << 6U) + (key >> 2U));
  z = (z ^ (z >> 30U)) * 0xbf58476d1ce4e5b9U;
  z = (z ^ (z >> 27U)) * 0x94d049bb133111ebU;
  return z ^ (z >> 31U);
}

constexpr std::uint64_t site_key_of(std::string_view name) noexcept {
  std::uint64_t hash = 0xcbf29ce484222325U;  // FNV-1a
  for (const char c : name) {
    hash = (hash ^ static_cast<unsigned char>(c)) * 0x100000001b3U;
  }
  return hash;
}

}  // namespace coroguard::detail
