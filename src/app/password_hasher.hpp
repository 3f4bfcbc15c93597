#pragma once
// libsodium behind the workflow's ports: argon2id password hashes (crypto_pwhash_str with
// the "interactive" limits, 64 MiB and 2 passes) and random session tokens.
#include "workflow/session_ports.hpp"

namespace granska::app {

class SodiumPasswordHasher final : public workflow::PasswordHasher {
 public:
  SodiumPasswordHasher();  // throws when libsodium cannot be initialised
  std::string Hash(const std::string& password) const override;
  bool Verify(const std::string& hash, const std::string& password) const override;
};

class SodiumSessionTokens final : public workflow::SessionTokens {
 public:
  SodiumSessionTokens();
  std::string NewToken() const override;
  std::string Digest(const std::string& token) const override;
  bool Equal(const std::string& a, const std::string& b) const override;
};

// Reads a password from stdin: without echo when stdin is a terminal (asked twice), else
// the first line. Throws when nothing could be read.
std::string ReadPassword(const std::string& prompt);

}  // namespace granska::app
