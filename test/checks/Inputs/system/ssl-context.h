// The part of Asio's asio::ssl::context (asio/ssl/context.hpp) the TLS set-up tests use,
// without OpenSSL's headers.
#pragma once
#include <string>

namespace asio::ssl {
class context {
public:
  enum file_format { asn1, pem };
  enum method { tls_server };
  explicit context(method);
  void set_verify_mode(int Mode);
  void use_certificate_chain_file(const std::string &Path);
  void use_certificate_file(const std::string &Path, file_format Format);
  void use_private_key_file(const std::string &Path, file_format Format);
  void load_verify_file(const std::string &Path);
  void use_tmp_dh_file(const std::string &Path);
};
} // namespace asio::ssl
