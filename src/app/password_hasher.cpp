#include "app/password_hasher.hpp"

#include <sodium.h>
#include <termios.h>
#include <unistd.h>

#include <iostream>
#include <stdexcept>
#include <string>

namespace granska::app {
namespace {

void Init() {
  if (sodium_init() < 0) throw std::runtime_error("libsodium could not be initialised");
}

std::string Hex(const unsigned char* bytes, std::size_t n) {
  std::string out(n * 2 + 1, '\0');
  sodium_bin2hex(out.data(), out.size(), bytes, n);
  out.pop_back();
  return out;
}

// One line from stdin with terminal echo switched off (restored even on error).
std::string ReadHiddenLine() {
  termios old_mode{};
  tcgetattr(STDIN_FILENO, &old_mode);
  termios quiet = old_mode;
  quiet.c_lflag &= static_cast<tcflag_t>(~ECHO);
  tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet);
  std::string line;
  const bool ok = static_cast<bool>(std::getline(std::cin, line));
  tcsetattr(STDIN_FILENO, TCSAFLUSH, &old_mode);
  std::cerr << "\n";
  if (!ok) throw std::runtime_error("no password was given on stdin");
  return line;
}

}  // namespace

SodiumPasswordHasher::SodiumPasswordHasher() { Init(); }

std::string SodiumPasswordHasher::Hash(const std::string& password) const {
  char out[crypto_pwhash_STRBYTES];
  if (crypto_pwhash_str_alg(out, password.data(), password.size(), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                            crypto_pwhash_MEMLIMIT_INTERACTIVE, crypto_pwhash_ALG_ARGON2ID13) != 0)
    throw std::runtime_error("argon2id hashing ran out of memory");
  return out;
}

bool SodiumPasswordHasher::Verify(const std::string& hash, const std::string& password) const {
  if (hash.size() >= crypto_pwhash_STRBYTES || hash.rfind("$argon2id$", 0) != 0) return false;
  return crypto_pwhash_str_verify(hash.c_str(), password.data(), password.size()) == 0;
}

SodiumSessionTokens::SodiumSessionTokens() { Init(); }

std::string SodiumSessionTokens::NewToken() const {
  unsigned char bytes[32];
  randombytes_buf(bytes, sizeof bytes);
  char b64[sodium_base64_ENCODED_LEN(sizeof bytes, sodium_base64_VARIANT_URLSAFE_NO_PADDING)];
  sodium_bin2base64(b64, sizeof b64, bytes, sizeof bytes, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  return b64;
}

std::string SodiumSessionTokens::Digest(const std::string& token) const {
  unsigned char digest[crypto_hash_sha256_BYTES];
  crypto_hash_sha256(digest, reinterpret_cast<const unsigned char*>(token.data()), token.size());
  return Hex(digest, sizeof digest);
}

bool SodiumSessionTokens::Equal(const std::string& a, const std::string& b) const {
  if (a.size() != b.size() || a.empty()) return false;
  return sodium_memcmp(a.data(), b.data(), a.size()) == 0;
}

std::string ReadPassword(const std::string& prompt) {
  if (!isatty(STDIN_FILENO)) {
    std::string line;
    if (!std::getline(std::cin, line)) throw std::runtime_error("no password was given on stdin");
    if (!line.empty() && line.back() == '\r') line.pop_back();
    return line;
  }
  std::cerr << prompt << ": " << std::flush;
  const std::string first = ReadHiddenLine();
  std::cerr << "Repeat it: " << std::flush;
  const std::string second = ReadHiddenLine();
  if (first != second) throw std::runtime_error("the two passwords differ");
  return first;
}

}  // namespace granska::app
