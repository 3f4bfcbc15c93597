#include "domain/digest.hpp"

#include <Poco/DigestEngine.h>
#include <Poco/SHA2Engine.h>

namespace granska::domain {

std::string Sha256Hex(const std::string& bytes) {
  Poco::SHA2Engine sha(Poco::SHA2Engine::SHA_256);
  sha.update(bytes);
  return Poco::DigestEngine::digestToHex(sha.digest());
}

}  // namespace granska::domain
